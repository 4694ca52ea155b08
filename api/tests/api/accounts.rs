#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::json;

use crate::both;
use crate::common::{demo_account, TestApp};

async fn first_login_with_the_nik_must_change_the_password(app: TestApp) {
    app.load_demo();
    let e = demo_account("employee");
    assert!(e.must_change_password);
    // An account from before activation (its first login asks for no second fact).
    app.mark_activated(&e.nip);
    // Spaces in the NIP are fine.
    let spaced = format!(
        "{} {} {} {}",
        &e.nip[0..8],
        &e.nip[8..14],
        &e.nip[14..15],
        &e.nip[15..]
    );
    let t = app.tokens(&spaced, &e.password).await;
    assert_eq!(t["must_change_password"], true);
    assert_eq!(t["token_type"], "Bearer");
    assert_eq!(t["expires_in"], 900);
    let access = t["access_token"].as_str().unwrap();

    let me: serde_json::Value = app.get_json_as("/api/v1/me", access).await;
    assert_eq!(me["account"]["nip"], e.nip.as_str());
    assert_eq!(me["account"]["must_change_password"], true);
    assert_eq!(me["employee"]["nip"], e.nip.as_str());
    assert_eq!(me["employee"]["kind"], e.kind.as_str());
    assert_eq!(me["employee"]["unit"]["name"], e.unit.as_str());
    assert_eq!(me["employee"]["pdm_status"], "belum_mulai");
    assert_eq!(me["roles"][0]["role"], "employee");

    // Weak choices are refused with every broken rule named.
    let res = app
        .put_json_as(
            "/api/v1/me/password",
            access,
            &json!({"current_password": e.password, "new_password": e.password}),
        )
        .await;
    assert_eq!(res.status(), 422);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(
        body["errors"]["new_password"][0],
        "Kata sandi tidak boleh sama dengan NIK."
    );
    let res = app
        .put_json_as(
            "/api/v1/me/password",
            access,
            &json!({"current_password": e.password, "new_password": "rahasia"}),
        )
        .await;
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(
        body["errors"]["new_password"].as_array().unwrap().len(),
        2,
        "{body}"
    );
    let res = app
        .put_json_as(
            "/api/v1/me/password",
            access,
            &json!({"current_password": "salah-sekali", "new_password": "Gunung-Lawu-2026!"}),
        )
        .await;
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(
        body["errors"]["current_password"][0],
        "Kata sandi saat ini salah."
    );

    let res = app
        .put_json_as(
            "/api/v1/me/password",
            access,
            &json!({"current_password": e.password, "new_password": "Gunung-Lawu-2026!"}),
        )
        .await;
    assert_eq!(res.status(), 204);
    // The session goes on; the account is no longer flagged.
    let me: serde_json::Value = app.get_json_as("/api/v1/me", access).await;
    assert_eq!(me["account"]["must_change_password"], false);
    assert_eq!(app.login(&e.nip, &e.password).await.status(), 401);
    let t = app.tokens(&e.nip, "Gunung-Lawu-2026!").await;
    assert_eq!(t["must_change_password"], false);
    assert_eq!(app.audit_count("password.changed"), 1);
}

async fn five_wrong_passwords_lock_the_account(app: TestApp) {
    app.load_demo();
    let e = demo_account("verifikator");
    for _ in 1..=4 {
        let res = app.login(&e.nip, "bukan-kata-sandinya").await;
        crate::common::problem(res, 401, "invalid_credentials").await;
    }
    let res = app.login(&e.nip, "bukan-kata-sandinya").await;
    let body = crate::common::problem(res, 423, "account_locked").await;
    assert!(body["locked_until"].as_str().is_some(), "{body}");
    assert!(body["detail"].as_str().unwrap().contains("WIB"), "{body}");
    // The right password does not open a locked account.
    let res = app.login(&e.nip, &e.password).await;
    assert_eq!(res.status(), 423);
    assert_eq!(app.audit_count("account.locked"), 1);
    assert_eq!(app.audit_count("login.failure"), 5);
}

async fn an_unknown_nip_looks_like_a_wrong_password(app: TestApp) {
    app.load_demo();
    let e = demo_account("admin");
    let unknown = app.login("19900101 201501 1 999", "apa-saja-12345").await;
    let wrong = app.login(&e.nip, "apa-saja-12345").await;
    assert_eq!(unknown.status(), 401);
    assert_eq!(wrong.status(), 401);
    let a: serde_json::Value = unknown.json().await.unwrap();
    let b: serde_json::Value = wrong.json().await.unwrap();
    assert_eq!(a["code"], b["code"]);
    assert_eq!(a["detail"], b["detail"]);
    assert_eq!(a["title"], b["title"]);
}

async fn malformed_logins_name_the_field(app: TestApp) {
    let res = app.login("1967abcd", "x").await;
    assert_eq!(res.status(), 422);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(
        body["errors"]["nip"][0],
        "NIP hanya boleh berisi angka (spasi boleh)."
    );
    let res = app.login("196704161993031015", "").await;
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["errors"]["password"][0], "Kata sandi wajib diisi.");
    let res = app.login("196704161993031015", &"x".repeat(500)).await;
    assert_eq!(res.status(), 422);
    let res = app
        .post_json("/api/v1/auth/login", &json!({"nip": "196704161993031015"}))
        .await;
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["errors"]["password"][0], "Wajib diisi.");
}

async fn refresh_tokens_rotate_and_a_reused_one_ends_the_session(app: TestApp) {
    app.load_demo();
    let e = demo_account("approver");
    let first = app.tokens(&e.nip, &e.password).await;
    let r1 = first["refresh_token"].as_str().unwrap();
    let res = app.refresh(r1).await;
    assert_eq!(res.status(), 200);
    let second: serde_json::Value = res.json().await.unwrap();
    let r2 = second["refresh_token"].as_str().unwrap();
    assert_ne!(r1, r2);
    let a2 = second["access_token"].as_str().unwrap();
    assert_eq!(app.get_as("/api/v1/me", a2).await.status(), 200);

    // The first token again: the whole family is revoked, the new pair with it.
    let res = app.refresh(r1).await;
    crate::common::problem(res, 401, "refresh_token_reused").await;
    let res = app.refresh(r2).await;
    assert_eq!(
        res.json::<serde_json::Value>().await.unwrap()["code"],
        "invalid_refresh_token"
    );
    assert_eq!(app.get_as("/api/v1/me", a2).await.status(), 401);
    // Another session of the same account is untouched.
    let other = app.tokens(&e.nip, &e.password).await;
    assert_eq!(
        app.get_as("/api/v1/me", other["access_token"].as_str().unwrap())
            .await
            .status(),
        200
    );
    let res = app.refresh("made-up").await;
    assert_eq!(res.status(), 401);
}

async fn logout_ends_the_session_at_once(app: TestApp) {
    app.load_demo();
    let e = demo_account("helpdesk");
    let t = app.tokens(&e.nip, &e.password).await;
    let access = t["access_token"].as_str().unwrap();
    let res = app
        .post_json(
            "/api/v1/auth/logout",
            &json!({"refresh_token": t["refresh_token"]}),
        )
        .await;
    assert_eq!(res.status(), 204);
    assert_eq!(app.get_as("/api/v1/me", access).await.status(), 401);
    let res = app.refresh(&t["refresh_token"]).await;
    assert_eq!(res.status(), 401);
    // Logging out twice is harmless.
    let res = app
        .post_json(
            "/api/v1/auth/logout",
            &json!({"refresh_token": t["refresh_token"]}),
        )
        .await;
    assert_eq!(res.status(), 204);
}

async fn bad_access_tokens_are_401(app: TestApp) {
    use base64::Engine;
    app.load_demo();
    let res = app.get("/api/v1/me").await;
    assert_eq!(res.status(), 401);
    assert!(res.headers()["www-authenticate"]
        .to_str()
        .unwrap()
        .starts_with("Bearer"));
    assert_eq!(
        res.json::<serde_json::Value>().await.unwrap()["code"],
        "unauthorized"
    );
    assert_eq!(app.get_as("/api/v1/me", "garbage").await.status(), 401);

    let e = demo_account("monitor");
    let t = app.tokens(&e.nip, &e.password).await;
    let access = t["access_token"].as_str().unwrap();
    let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let parts: Vec<&str> = access.split('.').collect();
    let header: serde_json::Value =
        serde_json::from_slice(&engine.decode(parts[0]).unwrap()).unwrap();
    // alg: none with the same claims.
    let none = format!(
        "{}.{}.",
        engine.encode(json!({"alg": "none", "typ": "JWT", "kid": header["kid"]}).to_string()),
        parts[1]
    );
    assert_eq!(app.get_as("/api/v1/me", &none).await.status(), 401);
    // HS256 "signed" with the public key.
    let keys = satu_api::keys::KeyStore::load_or_create(&app.config.data_dir).unwrap();
    let claims: serde_json::Value =
        serde_json::from_slice(&engine.decode(parts[1]).unwrap()).unwrap();
    let mut hs = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256);
    hs.kid = header["kid"].as_str().map(str::to_owned);
    let forged = jsonwebtoken::encode(
        &hs,
        &claims,
        &jsonwebtoken::EncodingKey::from_secret(&keys.active().public),
    )
    .unwrap();
    assert_eq!(app.get_as("/api/v1/me", &forged).await.status(), 401);
    // Expired, though properly signed.
    let mut old = claims.clone();
    old["exp"] = json!(chrono::Utc::now().timestamp() - 120);
    let mut ed = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::EdDSA);
    ed.kid = Some(keys.active().kid.clone());
    let expired = jsonwebtoken::encode(&ed, &old, &keys.active().encoding).unwrap();
    assert_eq!(app.get_as("/api/v1/me", &expired).await.status(), 401);
    // The genuine token still works.
    assert_eq!(app.get_as("/api/v1/me", access).await.status(), 200);
}

async fn the_web_app_keeps_its_refresh_token_in_an_httponly_cookie(app: TestApp) {
    app.load_demo();
    let e = demo_account("admin");
    let res = app
        .client
        .post(app.url("/api/v1/auth/login?session=cookie"))
        .json(&json!({"nip": e.nip, "password": e.password}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let set_cookie = res.headers()["set-cookie"].to_str().unwrap().to_owned();
    for part in [
        "satu_rt=",
        "HttpOnly",
        "SameSite=Strict",
        "Path=/api/v1/auth",
    ] {
        assert!(set_cookie.contains(part), "{part} missing in {set_cookie}");
    }
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(
        body["refresh_token"], "",
        "the body must not carry the cookie's token"
    );
    let cookie = set_cookie.split(';').next().unwrap().to_owned();

    let refresh = |cookie: String| {
        app.client
            .post(app.url("/api/v1/auth/refresh"))
            .header("cookie", cookie)
            .json(&json!({}))
            .send()
    };
    let res = refresh(cookie.clone()).await.unwrap();
    assert_eq!(res.status(), 200);
    let next = res.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    assert_ne!(next, cookie);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["refresh_token"], "");
    assert_eq!(
        app.get_as("/api/v1/me", body["access_token"].as_str().unwrap())
            .await
            .status(),
        200
    );
    // The old cookie again: reuse, the session ends.
    let res = refresh(cookie).await.unwrap();
    assert_eq!(
        res.json::<serde_json::Value>().await.unwrap()["code"],
        "refresh_token_reused"
    );
    // Nothing presented at all.
    let res = app.post_json("/api/v1/auth/refresh", &json!({})).await;
    assert_eq!(res.status(), 401);
    // Logout clears the cookie.
    let res = app
        .client
        .post(app.url("/api/v1/auth/logout"))
        .header("cookie", next)
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    assert!(res.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .contains("satu_rt=;"));
}

both!(
    the_web_app_keeps_its_refresh_token_in_an_httponly_cookie,
    first_login_with_the_nik_must_change_the_password,
    five_wrong_passwords_lock_the_account,
    an_unknown_nip_looks_like_a_wrong_password,
    malformed_logins_name_the_field,
    refresh_tokens_rotate_and_a_reused_one_ends_the_session,
    logout_ends_the_session_at_once,
    bad_access_tokens_are_401,
);
