//! Kartu ASN Virtual: issuance on demo load, the caller's card, the signed QR token, captcha-gated
//! verification, and a dismissal flipping the card at once.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use base64::Engine;
use serde_json::{json, Value};

use crate::both;
use crate::common::{
    access, captcha, demo_account, demo_accounts, employee_access, hr_client_token, jws_part,
    token_of, verify, TestApp,
};

async fn cards_are_issued_to_pns_and_pppk_with_dates(app: TestApp) {
    app.load_demo();
    let set = satu_api::demo::data::build();
    let entitled = set
        .people
        .iter()
        .filter(|p| match p.kind {
            satu_shared::EmployeeKind::Pns => p.tmt_pns.is_some(),
            satu_shared::EmployeeKind::Pppk => p.pppk_start.is_some(),
            satu_shared::EmployeeKind::Cpns => false,
        })
        .count();
    let mut conn = app.db.get().unwrap();
    assert_eq!(
        satu_api::cards::store::count(&mut conn).unwrap() as usize,
        entitled
    );
    // Loading again issues nothing new.
    drop(conn);
    app.load_demo();
    let mut conn = app.db.get().unwrap();
    assert_eq!(
        satu_api::cards::store::count(&mut conn).unwrap() as usize,
        entitled
    );
    drop(conn);

    let (_, t) = employee_access(&app, |a| a.kind == "PNS" && a.status == "aktif").await;
    let card: Value = app.get_json_as("/api/v1/me/card", &t).await;
    let serial = card["serial"].as_str().unwrap();
    assert!(serial.starts_with('A') && serial.len() == 12, "{card}");
    assert_eq!(card["status"], "valid");
    assert_eq!(card["kind"], "PNS");
    assert_eq!(card["orientation"], "portrait");
    assert_eq!(card["photo_set"], false);

    let res = app
        .put_json_as(
            "/api/v1/me/card/orientation",
            &t,
            &json!({"orientation": "landscape"}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let card: Value = res.json().await.unwrap();
    assert_eq!(card["orientation"], "landscape");
    let res = app
        .put_json_as(
            "/api/v1/me/card/orientation",
            &t,
            &json!({"orientation": "miring"}),
        )
        .await;
    assert_eq!(res.status(), 422);

    let (_, t) = employee_access(&app, |a| a.kind == "PPPK" && a.status == "aktif").await;
    let card: Value = app.get_json_as("/api/v1/me/card", &t).await;
    assert!(card["serial"].as_str().unwrap().starts_with('B'), "{card}");

    let (_, t) = employee_access(&app, |a| a.kind == "CPNS").await;
    let res = app.get_as("/api/v1/me/card", &t).await;
    crate::common::problem(res, 404, "no_card").await;
}

async fn a_scanned_card_verifies_and_a_dismissal_flips_it(app: TestApp) {
    app.load_demo();
    let (e, t) = employee_access(&app, |a| {
        a.kind == "PNS" && a.status == "aktif" && a.agency == "Pemerintah Kota Madiun"
    })
    .await;
    let card: Value = app.get_json_as("/api/v1/me/card", &t).await;
    let token = token_of(&card);

    // The token names its key, which the JWK set publishes.
    let header: Value = jws_part(&token, 0);
    assert_eq!(header["alg"], "EdDSA");
    let jwks: Value = app.get_json("/.well-known/jwks.json").await;
    assert!(jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .any(|k| k["kid"] == header["kid"] && k["crv"] == "Ed25519"));
    // Its claims are the seven SE 16/2022 fields and nothing more.
    let claims: Value = jws_part(&token, 1);
    let mut keys: Vec<&str> = claims
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort();
    assert_eq!(keys, ["ins", "nip", "nm", "ser", "sts", "tgl", "tmt"]);

    let res = verify(&app, &token).await;
    assert_eq!(res.status(), 200);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["valid"], true);
    assert_eq!(v["status"], "valid");
    assert_eq!(v["nip"], e.nip.as_str());
    assert_eq!(v["agency"], "Pemerintah Kota Madiun");
    assert_eq!(v["serial"], card["serial"]);
    let mut fields: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    fields.sort();
    assert_eq!(
        fields,
        [
            "agency",
            "checked_at",
            "issued_at",
            "kind",
            "name",
            "nip",
            "photo",
            "serial",
            "status",
            "tmt",
            "valid"
        ]
    );

    // A tampered token is not genuine.
    let parts: Vec<&str> = token.split('.').collect();
    let mut forged = claims.clone();
    forged["nm"] = "ORANG LAIN".into();
    let fake = format!(
        "{}.{}.{}",
        parts[0],
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(forged.to_string()),
        parts[2]
    );
    let v: Value = verify(&app, &fake).await.json().await.unwrap();
    assert_eq!(
        (v["valid"].clone(), v["code"].clone()),
        (json!(false), json!("bad_signature"))
    );
    let v: Value = verify(&app, &token[..token.len() / 2])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["valid"], false);

    // Re-signed by another server's key, `alg: none`, or with an extra claim: not genuine.
    let stranger = tempfile::tempdir().unwrap();
    let other = satu_api::keys::KeyStore::load_or_create(stranger.path()).unwrap();
    let claims_value: satu_api::cards::token::CardClaims =
        serde_json::from_value(claims.clone()).unwrap();
    let resigned = satu_api::cards::token::sign(&other, &claims_value, 0).unwrap();
    let b64 = |v: &Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string());
    let none = format!(
        "{}.{}.",
        b64(&json!({"alg": "none", "kid": header["kid"]})),
        b64(&claims)
    );
    let mut extra = claims.clone();
    extra["nik"] = "3577011506710003".into();
    let with_extra = format!("{}.{}.{}", parts[0], b64(&extra), parts[2]);
    for (t, code) in [
        (resigned, "unknown_key"),
        (none, "malformed_token"),
        (with_extra, "bad_signature"),
    ] {
        let v: Value = verify(&app, &t).await.json().await.unwrap();
        assert_eq!(
            (v["valid"].clone(), v["code"].clone()),
            (json!(false), json!(code))
        );
        assert!(v["name"].is_null() && v["nip"].is_null());
    }

    // The admin dismisses the employee: the same card now answers "invalid".
    let admin = demo_account("admin");
    let admin_t = access(&app, &admin.nip, &admin.password).await;
    let res = app.patch_json_as(&format!("/api/v1/employees/{}/status", e.nip), &admin_t, &json!({"kedudukan_hukum": "diberhentikan", "date": "2026-11-01", "sk_number": "800.1.6.4/201/401.103/2026"})).await;
    assert_eq!(res.status(), 200);
    let record: Value = res.json().await.unwrap();
    assert_eq!(record["status"], "diberhentikan");
    assert_eq!(record["kedudukan_hukum"], "66");
    assert_eq!(app.audit_count("employee.status_changed"), 1);
    let v: Value = verify(&app, &token).await.json().await.unwrap();
    assert_eq!(
        (v["valid"].clone(), v["status"].clone()),
        (json!(true), json!("invalid"))
    );
    let card: Value = app.get_json_as("/api/v1/me/card", &t).await;
    assert_eq!(card["status"], "invalid");
    assert_eq!(card["invalid_reason"], "Pegawai telah diberhentikan.");
    // The reason follows the caller's language.
    let card: Value = app
        .client
        .get(app.url("/api/v1/me/card"))
        .bearer_auth(&t)
        .header("accept-language", "en")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(card["invalid_reason"], "The employee was dismissed.");
}

async fn captchas_and_status_changes_refuse_bad_input(app: TestApp) {
    app.load_demo();
    let (id, answer) = captcha(&app).await;
    let body = json!({"token": "x.y.z", "captcha_id": id, "captcha_answer": answer});
    assert_eq!(
        app.post_json("/api/v1/card-verifications", &body)
            .await
            .status(),
        200
    );
    // Used once: the same answer again is refused, as is a wrong one.
    let res = app.post_json("/api/v1/card-verifications", &body).await;
    assert_eq!(res.status(), 422);
    let p: Value = res.json().await.unwrap();
    assert!(p["errors"]["captcha_answer"][0]
        .as_str()
        .unwrap()
        .contains("captcha"));
    let (id, answer) = captcha(&app).await;
    let wrong = if answer == "00000" { "11111" } else { "00000" };
    let res = app
        .post_json(
            "/api/v1/card-verifications",
            &json!({"token": "x.y.z", "captcha_id": id, "captcha_answer": wrong}),
        )
        .await;
    assert_eq!(res.status(), 422);

    let admin = demo_account("admin");
    let t = access(&app, &admin.nip, &admin.password).await;
    let e = demo_accounts()
        .into_iter()
        .find(|a| a.role == "employee" && a.agency == "Pemerintah Kota Madiun" && a.kind == "PNS")
        .unwrap();
    let patch = |body: Value, nip: String| {
        let app = &app;
        let t = t.clone();
        async move {
            app.patch_json_as(&format!("/api/v1/employees/{nip}/status"), &t, &body)
                .await
        }
    };
    for (body, field) in [
        (
            json!({"kedudukan_hukum": "dipecat", "date": "2026-11-01", "sk_number": "1"}),
            "kedudukan_hukum",
        ),
        (
            json!({"kedudukan_hukum": "66", "date": "2999-01-01", "sk_number": "1"}),
            "date",
        ),
        (
            json!({"kedudukan_hukum": "66", "date": "2026-11-01"}),
            "sk_number",
        ),
        (
            json!({"kedudukan_hukum": "kontrak_berakhir", "date": "2026-11-01", "sk_number": "1"}),
            "kedudukan_hukum",
        ),
    ] {
        let res = patch(body.clone(), e.nip.clone()).await;
        assert_eq!(res.status(), 422, "{body}");
        let p: Value = res.json().await.unwrap();
        assert!(p["errors"][field][0].is_string(), "{p}");
    }
    assert_eq!(app.audit_count("employee.status_changed"), 0);
    let elsewhere = demo_accounts()
        .into_iter()
        .find(|a| a.agency != "Pemerintah Kota Madiun")
        .unwrap();
    let ok = json!({"kedudukan_hukum": "66", "date": "2026-11-01", "sk_number": "1"});
    assert_eq!(patch(ok.clone(), elsewhere.nip).await.status(), 404);
    let m = demo_account("monitor");
    let mt = access(&app, &m.nip, &m.password).await;
    let res = app
        .patch_json_as(&format!("/api/v1/employees/{}/status", e.nip), &mt, &ok)
        .await;
    assert_eq!(res.status(), 403);

    // Past the per-address limit, captchas are refused with 429.
    let mut limited = false;
    for _ in 0..70 {
        if app.get("/api/v1/captcha").await.status() == 429 {
            limited = true;
            break;
        }
    }
    assert!(limited);
}

both!(
    cards_are_issued_to_pns_and_pppk_with_dates,
    a_scanned_card_verifies_and_a_dismissal_flips_it,
    captchas_and_status_changes_refuse_bad_input
);

async fn an_hr_client_records_the_sik_upload(app: TestApp) {
    app.load_demo();
    let madiun = |a: &satu_api::demo::DemoAccount, kind: &str| {
        a.role == "employee" && a.agency == "Pemerintah Kota Madiun" && a.kind == kind
    };
    let pns = demo_accounts()
        .into_iter()
        .find(|a| madiun(a, "PNS"))
        .unwrap();
    let cpns = demo_accounts()
        .into_iter()
        .find(|a| madiun(a, "CPNS"))
        .unwrap();
    let elsewhere = demo_accounts()
        .into_iter()
        .find(|a| a.agency != "Pemerintah Kota Madiun")
        .unwrap();
    let post = |nip: String, token: String| {
        let app = &app;
        async move {
            app.client
                .post(app.url(&format!("/api/v1/employees/{nip}/card/sik-upload")))
                .bearer_auth(token)
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    let writer = hr_client_token(&app, json!(["cards:write"])).await;
    assert_eq!(post(pns.nip.clone(), writer.clone()).await, 204);
    assert_eq!(post(cpns.nip.clone(), writer.clone()).await, 404);
    assert_eq!(post(elsewhere.nip.clone(), writer.clone()).await, 404);
    assert_eq!(post("12345".into(), writer).await, 404);
    let reader = hr_client_token(&app, json!(["cards:read"])).await;
    assert_eq!(post(pns.nip.clone(), reader).await, 403);
    let admin = demo_account("admin");
    let person = access(&app, &admin.nip, &admin.password).await;
    assert_eq!(post(pns.nip.clone(), person).await, 403);
    assert_eq!(
        app.post_json(
            &format!("/api/v1/employees/{}/card/sik-upload", pns.nip),
            &json!({})
        )
        .await
        .status(),
        401
    );

    use diesel::prelude::*;
    use satu_api::db::schema::employees;
    let mut conn = app.db.get().unwrap();
    let id: String = employees::table
        .filter(employees::nip.eq(&pns.nip))
        .select(employees::id)
        .get_result(&mut *conn)
        .unwrap();
    let card = satu_api::cards::store::of_employee(&mut conn, &id)
        .unwrap()
        .unwrap();
    assert_eq!(
        satu_api::cards::store::count_events(
            &mut conn,
            &card.id,
            satu_api::cards::store::CardEvent::SikUpload
        )
        .unwrap(),
        1
    );
}

both!(an_hr_client_records_the_sik_upload);
