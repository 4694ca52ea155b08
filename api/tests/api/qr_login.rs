//! QR login: a browser asks, a logged-in phone approves, the browser's poll gets the tokens once;
//! nobody else can collect them, and expired or replayed sessions are refused.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::{json, Value};

use crate::both;
use crate::common::{demo_account, field_error, TestApp};

/// A browser asks for a QR sign-in: the session and its poll cookie.
pub(crate) async fn ask(app: &TestApp) -> (Value, String) {
    let res = app
        .client
        .post(app.url("/api/v1/auth/qr-sessions"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let cookie = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("satu_qr="))
        .expect("poll cookie");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("Path=/api/v1/auth/qr-sessions"), "{cookie}");
    (res.json().await.unwrap(), cookie)
}

async fn poll(app: &TestApp, id: &str, secret: Option<&str>) -> reqwest::Response {
    let mut req = app
        .client
        .get(app.url(&format!("/api/v1/auth/qr-sessions/{id}")));
    if let Some(s) = secret {
        req = req.header("x-qr-poll-secret", s);
    }
    req.send().await.unwrap()
}

/// The number the session's computer shows.
fn match_code(app: &TestApp, id: &str) -> String {
    use diesel::prelude::*;
    use satu_api::db::schema::qr_sessions;
    let mut conn = app.db.get().unwrap();
    qr_sessions::table
        .find(id)
        .select(qr_sessions::match_code)
        .get_result::<Option<String>>(&mut *conn)
        .optional()
        .unwrap()
        .flatten()
        .unwrap_or_else(|| "00".into())
}

async fn approve_with(app: &TestApp, id: &str, access: &str, body: &Value) -> reqwest::Response {
    app.client
        .post(app.url(&format!("/api/v1/auth/qr-sessions/{id}/approve")))
        .bearer_auth(access)
        .json(body)
        .send()
        .await
        .unwrap()
}

/// The phone (the demo approver) approves with the right number and its password.
async fn approve(app: &TestApp, id: &str, access: &str) -> reqwest::Response {
    let body =
        json!({"match_code": match_code(app, id), "password": demo_account("approver").password});
    approve_with(app, id, access, &body).await
}

async fn the_phone_approves_and_the_browser_gets_tokens_once(app: TestApp) {
    app.load_demo();
    let (created, _) = ask(&app).await;
    let id = created["id"].as_str().unwrap();
    let secret = created["poll_secret"].as_str().unwrap();
    assert_eq!(created["expires_in"], 120);
    assert_eq!(created["qr_payload"], format!("http://satu.test/qr/{id}"));

    let res = poll(&app, id, Some(secret)).await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body, json!({"status": "pending"}));

    // The phone sees which browser asks, then approves.
    let access = app.access_of_role("approver").await;
    let device: Value = app
        .get_json_as(&format!("/api/v1/auth/qr-sessions/{id}/device"), &access)
        .await;
    assert_eq!(device["status"], "pending");
    assert_eq!(device["ip"], "127.0.0.1");
    assert!(device["expires_in"].as_i64().unwrap() > 100);
    assert_eq!(approve(&app, id, &access).await.status(), 204);

    // Someone who only saw the QR code (no poll secret) cannot collect the tokens.
    assert_eq!(poll(&app, id, None).await.status(), 404);
    assert_eq!(poll(&app, id, Some("guess")).await.status(), 404);

    let res = poll(&app, id, Some(secret)).await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["status"], "approved");
    let browser = body["access_token"].as_str().unwrap();
    let me: Value = app.get_json_as("/api/v1/me", browser).await;
    assert_eq!(me["account"]["nip"], demo_account("approver").nip.as_str());
    assert!(body["refresh_token"].as_str().unwrap().len() > 20);

    // Exactly once: the next poll and a second approval are refused.
    let res = poll(&app, id, Some(secret)).await;
    crate::common::problem(res, 410, "gone").await;
    let res = approve(&app, id, &access).await;
    assert_eq!(res.status(), 409);
    assert_eq!(app.audit_count("qr_login.approved"), 1);
}

async fn expired_unknown_and_anonymous_approvals_are_refused(app: TestApp) {
    app.load_demo();
    let (created, _) = ask(&app).await;
    let id = created["id"].as_str().unwrap().to_owned();
    let secret = created["poll_secret"].as_str().unwrap().to_owned();
    let access = app.access_of_role("approver").await;

    // Without a session: 401; an unknown id: 404.
    let res = app
        .client
        .post(app.url(&format!("/api/v1/auth/qr-sessions/{id}/approve")))
        .json(&json!({"match_code": "10", "password": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    assert_eq!(approve(&app, "tidak-ada", &access).await.status(), 404);
    assert_eq!(poll(&app, "tidak-ada", Some(&secret)).await.status(), 404);

    // An employee still on the initial password cannot approve.
    let e = demo_account("employee");
    app.mark_activated(&e.nip);
    let first = app.tokens(&e.nip, &e.password).await;
    let body = json!({"match_code": match_code(&app, &id), "password": e.password});
    let res = approve_with(&app, &id, first["access_token"].as_str().unwrap(), &body).await;
    assert_eq!(res.status(), 403);

    // Two minutes later the code is expired: the poll says so and approval is 410.
    {
        use diesel::prelude::*;
        use satu_api::db::schema::qr_sessions;
        let mut conn = app.db.get().unwrap();
        diesel::update(qr_sessions::table.find(&id))
            .set(qr_sessions::expires_at.eq(satu_api::db::now() - chrono::Duration::seconds(1)))
            .execute(&mut *conn)
            .unwrap();
    }
    let body: Value = poll(&app, &id, Some(&secret)).await.json().await.unwrap();
    assert_eq!(body, json!({"status": "expired"}));
    let res = approve(&app, &id, &access).await;
    assert_eq!(res.status(), 410);
    let p: Value = res.json().await.unwrap();
    assert!(p["detail"].as_str().unwrap().contains("kedaluwarsa"));
}

async fn approving_needs_the_computer_s_number_and_a_fresh_proof(app: TestApp) {
    app.load_demo();
    let (created, _) = ask(&app).await;
    let id = created["id"].as_str().unwrap().to_owned();
    let shown = created["match_code"].as_str().unwrap().to_owned();
    assert_eq!(shown.len(), 2);
    assert_eq!(shown, match_code(&app, &id));
    let a = demo_account("approver");
    let access = app.access_of_role("approver").await;
    let wrong = if shown == "42" { "43" } else { "42" };

    // Nothing given: each missing field named.
    let res = approve_with(&app, &id, &access, &json!({"match_code": ""})).await;
    assert_eq!(res.status(), 422);
    let p: Value = res.json().await.unwrap();
    assert!(
        p["errors"]["match_code"].is_array() && p["errors"]["password"].is_array(),
        "{p}"
    );
    // A wrong number is refused before the password is even looked at.
    let res = approve_with(
        &app,
        &id,
        &access,
        &json!({"match_code": wrong, "password": a.password}),
    )
    .await;
    field_error(res, "match_code", "komputer").await;
    // The right number with a wrong password: counted like a wrong login.
    let body = json!({"match_code": shown, "password": "bukan-sandinya"});
    assert_eq!(approve_with(&app, &id, &access, &body).await.status(), 422);
    assert_eq!(app.audit_count("login.failure"), 1);
    // An access token older than five minutes cannot approve, even with everything right.
    let claims = {
        use base64::Engine;
        let mut c: Value = serde_json::from_slice(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(access.split('.').nth(1).unwrap())
                .unwrap(),
        )
        .unwrap();
        c["iat"] = (chrono::Utc::now().timestamp() - 600).into();
        c
    };
    let keys = app.state.session_keys.current();
    let key = keys.active();
    let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::EdDSA);
    header.kid = Some(key.kid.clone());
    header.typ = Some("at+jwt".into());
    let old = jsonwebtoken::encode(&header, &claims, &key.encoding).unwrap();
    assert_eq!(app.get_as("/api/v1/me", &old).await.status(), 200);
    let body = json!({"match_code": shown, "password": a.password});
    assert_eq!(approve_with(&app, &id, &old, &body).await.status(), 401);
    // A fresh token, the number and the password: approved.
    let body = json!({"match_code": shown, "password": a.password});
    assert_eq!(approve_with(&app, &id, &access, &body).await.status(), 204);

    // Three wrong numbers end a session: the computer's code is dead.
    let (created, _) = ask(&app).await;
    let id = created["id"].as_str().unwrap().to_owned();
    let shown = created["match_code"].as_str().unwrap().to_owned();
    let wrong = if shown == "42" { "43" } else { "42" };
    for expected in [422, 422, 410] {
        let res = approve_with(
            &app,
            &id,
            &access,
            &json!({"match_code": wrong, "password": a.password}),
        )
        .await;
        assert_eq!(res.status(), expected);
    }
    let body = json!({"match_code": shown, "password": a.password});
    assert_eq!(approve_with(&app, &id, &access, &body).await.status(), 410);
}

async fn with_2fa_on_the_phone_approves_with_a_code(app: TestApp) {
    app.load_demo();
    let a = demo_account("approver");
    let access = app.access_of_role("approver").await;
    let (secret, recovery) = crate::mfa::enable(&app, &access, &a.password).await;
    // A new login (2FA is on now), through the second step.
    let token = crate::mfa::challenge(&app, &a.nip, &a.password).await;
    let next =
        satu_api::accounts::totp::code_at(&secret, chrono::Utc::now().timestamp() + 30).unwrap();
    let res = app
        .post_json(
            "/api/v1/auth/login/mfa",
            &json!({"mfa_token": token, "code": next}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let access = res.json::<Value>().await.unwrap()["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let (created, _) = ask(&app).await;
    let id = created["id"].as_str().unwrap().to_owned();
    let shown = created["match_code"].as_str().unwrap().to_owned();
    // The password is not enough: the code is asked for.
    let res = approve_with(
        &app,
        &id,
        &access,
        &json!({"match_code": shown, "password": a.password}),
    )
    .await;
    assert_eq!(res.status(), 422);
    let p: Value = res.json().await.unwrap();
    assert!(p["errors"]["code"].is_array(), "{p}");
    let body = json!({"match_code": shown, "code": crate::mfa::wrong_code(&secret)});
    assert_eq!(approve_with(&app, &id, &access, &body).await.status(), 422);
    // The login used this 30-second step's successor already: a recovery code serves.
    let body = json!({"match_code": shown, "code": recovery[0]});
    let res = approve_with(&app, &id, &access, &body).await;
    assert_eq!(res.status(), 204);
}

async fn the_web_app_polls_with_its_cookie(app: TestApp) {
    app.load_demo();
    let (created, cookie) = ask(&app).await;
    let id = created["id"].as_str().unwrap();
    let access = app.access_of_role("approver").await;
    assert_eq!(approve(&app, id, &access).await.status(), 204);
    let pair = cookie.split(';').next().unwrap().to_owned();
    let res = app
        .client
        .get(app.url(&format!("/api/v1/auth/qr-sessions/{id}?session=cookie")))
        .header("cookie", pair)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let cookies: Vec<String> = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect();
    assert!(
        cookies
            .iter()
            .any(|c| c.starts_with("satu_rt=") && c.contains("HttpOnly")),
        "{cookies:?}"
    );
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["refresh_token"], "");
    assert!(body["access_token"].is_string());
}

both!(
    approving_needs_the_computer_s_number_and_a_fresh_proof,
    with_2fa_on_the_phone_approves_with_a_code,
    the_phone_approves_and_the_browser_gets_tokens_once,
    expired_unknown_and_anonymous_approvals_are_refused,
    the_web_app_polls_with_its_cookie
);
