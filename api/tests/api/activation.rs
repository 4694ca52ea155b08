//! Activation beyond the NIK: the first login (NIP + NIK) asks for the family-card number or an
//! activation code the helpdesk issued, and the first own password; wrong facts count toward the
//! lock-out; an initial credential never used expires; the helpdesk re-issues it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use diesel::prelude::*;
use satu_api::db::schema::{accounts, agencies};
use satu_api::demo::{DemoAccount, DemoActivation};
use serde_json::{json, Value};

use crate::both;
use crate::common::{demo_account, demo_accounts, field_error, TestApp};

fn first_with(pred: impl Fn(&DemoActivation) -> bool) -> DemoAccount {
    demo_accounts()
        .into_iter()
        .find(|a| a.role == "employee" && a.activation.as_ref().is_some_and(&pred))
        .unwrap()
}

async fn step(app: &TestApp, a: &DemoAccount) -> Value {
    let res = app.login(&a.nip, &a.password).await;
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

async fn activate(app: &TestApp, body: Value) -> reqwest::Response {
    app.post_json("/api/v1/auth/activate", &body).await
}

async fn the_nik_alone_no_longer_opens_an_account(app: TestApp) {
    app.load_demo();
    let a = first_with(|f| matches!(f, DemoActivation::NomorKk(_)));
    let DemoActivation::NomorKk(kk) = a.activation.clone().unwrap() else {
        unreachable!()
    };
    let s = step(&app, &a).await;
    assert_eq!(s["activation_required"], true);
    assert_eq!(s["needs"], "nomor_kk");
    assert_eq!(s["expires_in"], 600);
    assert!(
        s.get("access_token").is_none(),
        "no tokens for NIP + NIK: {s}"
    );
    let token = s["activation_token"].as_str().unwrap();

    // The fact is required, and the new password follows the rules (the NIK is refused).
    let res = activate(
        &app,
        json!({"activation_token": token, "new_password": a.password}),
    )
    .await;
    let p = field_error(res, "nomor_kk", "wajib").await;
    assert_eq!(
        p["errors"]["new_password"][0],
        "Kata sandi tidak boleh sama dengan NIK."
    );

    // A wrong family-card number is named and counted.
    let res = activate(
        &app,
        json!({"activation_token": token, "nomor_kk": "3577 0101 0199 9999", "new_password": "Sego-Pecel-Madiun-1"}),
    )
    .await;
    field_error(res, "nomor_kk", "tidak cocok").await;
    assert_eq!(app.audit_count("login.failure"), 1);

    // The right one (spaces allowed) activates and logs in with the new password.
    let spaced = format!("{} {} {} {}", &kk[..4], &kk[4..8], &kk[8..12], &kk[12..]);
    let res = activate(
        &app,
        json!({"activation_token": token, "nomor_kk": spaced, "new_password": "Sego-Pecel-Madiun-1"}),
    )
    .await;
    assert_eq!(res.status(), 200);
    let t: Value = res.json().await.unwrap();
    assert_eq!(t["must_change_password"], false);
    let me: Value = app
        .get_as("/api/v1/me", t["access_token"].as_str().unwrap())
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["account"]["nip"], a.nip.as_str());
    assert_eq!(app.audit_count("account.activated"), 1);
    // The token is spent; the NIK no longer works; the new password does.
    let res = activate(
        &app,
        json!({"activation_token": token, "nomor_kk": kk, "new_password": "Sego-Pecel-Madiun-2"}),
    )
    .await;
    assert_eq!(res.status(), 401);
    assert_eq!(
        res.json::<Value>().await.unwrap()["code"],
        "invalid_activation_token"
    );
    assert_eq!(app.login(&a.nip, &a.password).await.status(), 401);
    assert!(app.tokens(&a.nip, "Sego-Pecel-Madiun-1").await["access_token"].is_string());
}

async fn without_a_family_card_number_the_helpdesk_code_activates(app: TestApp) {
    app.load_demo();
    let a = first_with(|f| matches!(f, DemoActivation::ActivationCode(_)));
    let s = step(&app, &a).await;
    assert_eq!(s["needs"], "activation_code");
    // The helpdesk issues a new code (the demo's printed one stops working).
    let h = demo_account("helpdesk");
    let help = app.access_of(&h).await;
    let path = format!("/api/v1/accounts/{}/activation-code", a.nip);
    let res = app.post_as(&path, &help, &json!({})).await;
    assert_eq!(res.status(), 201);
    let issued: Value = res.json().await.unwrap();
    let code = issued["activation_code"].as_str().unwrap().to_owned();
    assert_eq!(code.len(), 9);
    assert!(issued["expires_at"].is_string());
    assert_eq!(app.audit_count("activation.code_issued"), 1);
    let Some(DemoActivation::ActivationCode(old)) = a.activation.clone() else {
        unreachable!()
    };
    let token = s["activation_token"].as_str().unwrap();
    let res = activate(
        &app,
        json!({"activation_token": token, "activation_code": old, "new_password": "Brem-Caruban-1945x"}),
    )
    .await;
    assert_eq!(res.status(), 422);
    // Typed in lower case with spaces: the same code.
    let typed = code.to_lowercase().replace('-', " ");
    let res = activate(
        &app,
        json!({"activation_token": token, "activation_code": typed, "new_password": "Brem-Caruban-1945x"}),
    )
    .await;
    assert_eq!(res.status(), 200);
    // An active account gets no code.
    let res = app.post_as(&path, &help, &json!({})).await;
    assert_eq!(res.status(), 409);
    // Outside the helpdesk's agency, or without the role: refused.
    let outside = demo_accounts()
        .into_iter()
        .find(|x| x.role == "employee" && !x.agency.contains("Madiun") && x.activation.is_some())
        .unwrap();
    let res = app
        .post_as(
            &format!("/api/v1/accounts/{}/activation-code", outside.nip),
            &help,
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), 404);
    let m = demo_account("monitor");
    let mt = app.access_of(&m).await;
    let someone = first_with(|f| matches!(f, DemoActivation::NomorKk(_)));
    let res = app
        .post_as(
            &format!("/api/v1/accounts/{}/activation-code", someone.nip),
            &mt,
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), 403);
}

async fn wrong_facts_lock_the_account_and_a_step_allows_five(app: TestApp) {
    app.load_demo();
    let a = first_with(|f| matches!(f, DemoActivation::NomorKk(_)));
    let token = step(&app, &a).await["activation_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut statuses = Vec::new();
    for _ in 0..6 {
        let res = activate(
            &app,
            json!({"activation_token": token, "nomor_kk": "3577010101999999", "new_password": "Sego-Pecel-Madiun-1"}),
        )
        .await;
        statuses.push(res.status().as_u16());
    }
    assert_eq!(statuses, [422, 422, 422, 422, 423, 401], "{statuses:?}");
    // Locked: the NIK does not even start a new step.
    assert_eq!(app.login(&a.nip, &a.password).await.status(), 423);
}

async fn an_initial_credential_never_used_expires_and_a_code_renews_it(app: TestApp) {
    app.load_demo();
    let a = first_with(|f| matches!(f, DemoActivation::NomorKk(_)));
    {
        let mut conn = app.db.get().unwrap();
        diesel::update(agencies::table)
            .set(agencies::initial_credential_days.eq(30))
            .execute(&mut *conn)
            .unwrap();
        diesel::update(accounts::table.filter(accounts::login.eq(&a.nip)))
            .set(
                accounts::initial_credential_at
                    .eq(Some(satu_api::db::now() - chrono::TimeDelta::days(31))),
            )
            .execute(&mut *conn)
            .unwrap();
    }
    let res = app.login(&a.nip, &a.password).await;
    assert_eq!(res.status(), 410);
    let p: Value = res.json().await.unwrap();
    assert!(p["detail"].as_str().unwrap().contains("helpdesk"), "{p}");
    // The helpdesk's code starts the credential's time again (the family-card number still
    // being the fact asked for, as the record has one).
    let admin = demo_account("admin");
    let at = app.access_of(&admin).await;
    let res = app
        .post_as(
            &format!("/api/v1/accounts/{}/activation-code", a.nip),
            &at,
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), 201);
    assert_eq!(step(&app, &a).await["activation_required"], true);
}

async fn malformed_activations_are_named(app: TestApp) {
    app.load_demo();
    for body in [
        json!({"activation_token": "", "new_password": "x"}),
        json!({"activation_token": "made-up", "nomor_kk": "1", "new_password": "Sego-Pecel-Madiun-1"}),
    ] {
        let res = activate(&app, body).await;
        assert_eq!(res.status(), 401);
        assert_eq!(
            res.json::<Value>().await.unwrap()["code"],
            "invalid_activation_token"
        );
    }
    let res = activate(&app, json!({"activation_token": 5})).await;
    assert_eq!(res.status(), 422);
}

both!(
    the_nik_alone_no_longer_opens_an_account,
    without_a_family_card_number_the_helpdesk_code_activates,
    wrong_facts_lock_the_account_and_a_step_allows_five,
    an_initial_credential_never_used_expires_and_a_code_renews_it,
    malformed_activations_are_named,
);
