//! Two-step verification (TOTP): setup with QR, confirmation, recovery codes, the login's second
//! step, replay and brute force, and turning it off.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use satu_api::accounts::totp;
use serde_json::{json, Value};

use crate::both;
use crate::common::{demo_account, TestApp};

fn unix_now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// A 6-digit code the window around now does not accept.
pub(crate) fn wrong_code(secret: &str) -> String {
    let t = unix_now();
    let window: Vec<String> = [-60, -30, 0, 30, 60]
        .iter()
        .map(|d| totp::code_at(secret, t + d).unwrap())
        .collect();
    (0..1_000_000)
        .map(|n| format!("{n:06}"))
        .find(|c| !window.contains(c))
        .unwrap()
}

/// Turns 2FA on for the account; returns its secret and recovery codes.
pub(crate) async fn enable(app: &TestApp, access: &str, password: &str) -> (String, Vec<String>) {
    let res = app
        .post_as("/api/v1/me/totp", access, &json!({"password": password}))
        .await;
    assert_eq!(res.status(), 200);
    let setup: Value = res.json().await.unwrap();
    let secret = setup["secret"].as_str().unwrap().to_owned();
    let code = totp::code_at(&secret, unix_now()).unwrap();
    let res = app
        .post_as("/api/v1/me/totp/confirm", access, &json!({"code": code}))
        .await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    let codes = body["recovery_codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect();
    (secret, codes)
}

async fn mfa(app: &TestApp, token: &str, code: &str) -> reqwest::Response {
    app.post_json(
        "/api/v1/auth/login/mfa",
        &json!({"mfa_token": token, "code": code}),
    )
    .await
}

pub(crate) async fn challenge(app: &TestApp, nip: &str, password: &str) -> String {
    let first = app.tokens(nip, password).await;
    assert_eq!(first["mfa_required"], true, "{first}");
    assert!(first.get("access_token").is_none());
    assert_eq!(first["expires_in"], 300);
    first["mfa_token"].as_str().unwrap().to_owned()
}

async fn problem_code(res: reqwest::Response) -> (u16, Value) {
    let status = res.status().as_u16();
    assert_eq!(
        res.headers()["content-type"].to_str().unwrap(),
        "application/problem+json"
    );
    (status, res.json().await.unwrap())
}

async fn setup_confirm_and_log_in_with_a_code_or_a_recovery_code(app: TestApp) {
    app.load_demo();
    let m = demo_account("monitor");
    let access = app.access_of(&m).await;

    // The password is asked for first (a session left open cannot bind someone else's phone).
    let (status, p) = problem_code(app.post_as("/api/v1/me/totp", &access, &json!({})).await).await;
    assert_eq!(status, 422, "{p}");
    let (status, p) = problem_code(
        app.post_as("/api/v1/me/totp", &access, &json!({"password": "salah"}))
            .await,
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(p["errors"]["password"][0], "Kata sandi salah.");
    let res = app
        .post_as("/api/v1/me/totp", &access, &json!({"password": m.password}))
        .await;
    assert_eq!(res.status(), 200);
    let setup: Value = res.json().await.unwrap();
    let secret = setup["secret"].as_str().unwrap().to_owned();
    assert_eq!(totp::base32_decode(&secret).unwrap().len(), 20);
    assert_eq!(
        setup["otpauth_uri"],
        format!(
            "otpauth://totp/Satu%20ASN%3A{}?secret={secret}&issuer=Satu%20ASN&algorithm=SHA1&digits=6&period=30",
            m.nip
        )
    );
    assert!(setup["qr_svg"].as_str().unwrap().starts_with("<svg"));
    let png = setup["qr_png"].as_str().unwrap();
    assert!(png.starts_with("data:image/png;base64,"));
    let me: Value = app.get_json_as("/api/v1/me", &access).await;
    assert_eq!(me["account"]["totp_enabled"], false);

    // Not on until confirmed: a login still gives tokens directly.
    assert!(app.tokens(&m.nip, &m.password).await["access_token"].is_string());

    let (status, p) = problem_code(
        app.post_as(
            "/api/v1/me/totp/confirm",
            &access,
            &json!({"code": wrong_code(&secret)}),
        )
        .await,
    )
    .await;
    assert_eq!(status, 422);
    assert!(p["errors"]["code"][0]
        .as_str()
        .unwrap()
        .starts_with("Kode salah"));

    let confirm_code = totp::code_at(&secret, unix_now()).unwrap();
    let res = app
        .post_as(
            "/api/v1/me/totp/confirm",
            &access,
            &json!({"code": confirm_code}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let codes: Value = res.json().await.unwrap();
    let codes: Vec<String> = codes["recovery_codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(codes.len(), 10);
    let me: Value = app.get_json_as("/api/v1/me", &access).await;
    assert_eq!(me["account"]["totp_enabled"], true);
    assert_eq!(app.audit_count("totp.enabled"), 1);
    // Set up again while on: 409, the secret unchanged.
    let (status, p) = problem_code(
        app.post_as("/api/v1/me/totp", &access, &json!({"password": m.password}))
            .await,
    )
    .await;
    assert_eq!((status, p["code"].as_str().unwrap()), (409, "conflict"));

    // The password alone no longer logs in.
    let token = challenge(&app, &m.nip, &m.password).await;
    // The confirmation code cannot be replayed.
    let (status, p) = problem_code(mfa(&app, &token, &confirm_code).await).await;
    assert_eq!(status, 422, "{p}");
    // The next step's code (one step of drift allowed) logs in.
    let next = totp::code_at(&secret, unix_now() + 30).unwrap();
    let res = mfa(&app, &token, &format!("{} {}", &next[..3], &next[3..])).await;
    assert_eq!(res.status(), 200);
    let t: Value = res.json().await.unwrap();
    let access2 = t["access_token"].as_str().unwrap();
    assert_eq!(app.get_as("/api/v1/me", access2).await.status(), 200);
    // The mfa token works once.
    let (status, p) = problem_code(mfa(&app, &token, &next).await).await;
    assert_eq!(
        (status, p["code"].as_str().unwrap()),
        (401, "invalid_mfa_token")
    );

    // A recovery code (any case, without dashes) logs in once.
    let token = challenge(&app, &m.nip, &m.password).await;
    let typed = codes[3].to_lowercase().replace('-', "");
    assert_eq!(mfa(&app, &token, &typed).await.status(), 200);
    let token = challenge(&app, &m.nip, &m.password).await;
    let (status, _) = problem_code(mfa(&app, &token, &codes[3]).await).await;
    assert_eq!(status, 422);
    assert_eq!(mfa(&app, &token, &codes[4]).await.status(), 200);

    // Turning it off needs the password.
    let (status, p) = problem_code(
        app.delete_as("/api/v1/me/totp", &access, &json!({"password": "salah"}))
            .await,
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(p["errors"]["password"][0], "Kata sandi salah.");
    let res = app
        .delete_as("/api/v1/me/totp", &access, &json!({"password": m.password}))
        .await;
    assert_eq!(res.status(), 204);
    assert!(app.tokens(&m.nip, &m.password).await["access_token"].is_string());
    let (status, _) = problem_code(
        app.delete_as("/api/v1/me/totp", &access, &json!({"password": m.password}))
            .await,
    )
    .await;
    assert_eq!(status, 409);
    assert_eq!(app.audit_count("totp.disabled"), 1);
}

async fn wrong_codes_count_toward_the_lock(app: TestApp) {
    app.load_demo();
    let v = demo_account("verifikator");
    let access = app.access_of(&v).await;
    let (secret, _) = enable(&app, &access, &v.password).await;
    let token = challenge(&app, &v.nip, &v.password).await;
    let bad = wrong_code(&secret);
    for _ in 0..4 {
        let (status, p) = problem_code(mfa(&app, &token, &bad).await).await;
        assert_eq!(status, 422, "{p}");
    }
    let (status, p) = problem_code(mfa(&app, &token, &bad).await).await;
    assert_eq!(
        (status, p["code"].as_str().unwrap()),
        (423, "account_locked")
    );
    assert!(p["locked_until"].is_string());
    // The challenge is spent, and the password alone is locked out too.
    let right = totp::code_at(&secret, unix_now() + 30).unwrap();
    let (status, p) = problem_code(mfa(&app, &token, &right).await).await;
    assert_eq!(
        (status, p["code"].as_str().unwrap()),
        (401, "invalid_mfa_token")
    );
    assert_eq!(app.login(&v.nip, &v.password).await.status(), 423);
    assert_eq!(app.audit_count("account.locked"), 1);
}

async fn malformed_second_steps_are_named(app: TestApp) {
    app.load_demo();
    let (status, p) = problem_code(mfa(&app, "", "123456").await).await;
    assert_eq!(
        (status, p["code"].as_str().unwrap()),
        (401, "invalid_mfa_token")
    );
    let (status, p) = problem_code(mfa(&app, "forged-token", "123456").await).await;
    assert_eq!(
        (status, p["code"].as_str().unwrap()),
        (401, "invalid_mfa_token")
    );
    let (status, p) = problem_code(mfa(&app, "forged-token", "  ").await).await;
    assert_eq!(status, 422);
    assert!(p["errors"]["code"][0].as_str().unwrap().contains("wajib"));
    let res = app
        .post_json("/api/v1/auth/login/mfa", &json!({"mfa_token": "x"}))
        .await;
    assert_eq!(res.status(), 422);
    // Without a session, the setup endpoints are 401.
    for path in ["/api/v1/me/totp", "/api/v1/me/totp/confirm"] {
        let res = app.post_json(path, &json!({"code": "123456"})).await;
        assert_eq!(res.status(), 401, "{path}");
    }
    // Confirming before any setup is a 409 that says what to do.
    let m = demo_account("helpdesk");
    let access = app.access_of(&m).await;
    let (status, p) = problem_code(
        app.post_as(
            "/api/v1/me/totp/confirm",
            &access,
            &json!({"code": "123456"}),
        )
        .await,
    )
    .await;
    assert_eq!(status, 409);
    assert!(p["detail"].as_str().unwrap().contains("belum dimulai"));
}

async fn the_helpdesk_turns_2fa_off_for_a_lost_phone(app: TestApp) {
    app.load_demo();
    let v = demo_account("verifikator");
    let access = app.access_of(&v).await;
    enable(&app, &access, &v.password).await;
    let h = demo_account("helpdesk");
    let help = app.access_of(&h).await;
    let path = format!("/api/v1/accounts/{}/totp", v.nip);
    // Not the monitor's to do.
    let m = demo_account("monitor");
    let mt = app.access_of(&m).await;
    assert_eq!(app.delete_as(&path, &mt, &json!({})).await.status(), 403);
    let res = app.delete_as(&path, &help, &json!({})).await;
    assert_eq!(res.status(), 204);
    assert_eq!(app.audit_count("totp.removed_by_helpdesk"), 1);
    // Whoever holds the phone is signed out; the password alone logs in again.
    assert_eq!(app.get_as("/api/v1/me", &access).await.status(), 401);
    assert!(app.tokens(&v.nip, &v.password).await["access_token"].is_string());
    assert_eq!(app.delete_as(&path, &help, &json!({})).await.status(), 409);
}

async fn secrets_at_rest_are_sealed_and_salted(app: TestApp) {
    use diesel::prelude::*;
    use satu_api::db::schema::{accounts, recovery_codes};
    app.load_demo();
    let v = demo_account("verifikator");
    let access = app.access_of(&v).await;
    let (secret, codes) = enable(&app, &access, &v.password).await;
    let mut conn = app.db.get().unwrap();
    let (id, stored): (String, Option<String>) = accounts::table
        .filter(accounts::login.eq(&v.nip))
        .select((accounts::id, accounts::totp_secret))
        .get_result(&mut *conn)
        .unwrap();
    let stored = stored.unwrap();
    // A copy of the database alone does not give the second factor.
    assert!(stored.starts_with("v1:"), "{stored}");
    assert!(!stored.contains(&secret));
    let hashes: Vec<String> = recovery_codes::table
        .filter(recovery_codes::account_id.eq(&id))
        .select(recovery_codes::code_hash)
        .load(&mut *conn)
        .unwrap();
    assert_eq!(hashes.len(), codes.len());
    for code in &codes {
        let plain = satu_api::accounts::tokens::hash_opaque(&totp::normalize_recovery_code(code));
        assert!(!hashes.contains(&plain), "an unsalted hash is stored");
    }
    drop(conn);
    // And both still work: a code from the app, and a recovery code.
    let token = challenge(&app, &v.nip, &v.password).await;
    let next = totp::code_at(&secret, unix_now() + 30).unwrap();
    assert_eq!(mfa(&app, &token, &next).await.status(), 200);
    let token = challenge(&app, &v.nip, &v.password).await;
    assert_eq!(mfa(&app, &token, &codes[0]).await.status(), 200);
}

both!(
    secrets_at_rest_are_sealed_and_salted,
    the_helpdesk_turns_2fa_off_for_a_lost_phone,
    setup_confirm_and_log_in_with_a_code_or_a_recovery_code,
    wrong_codes_count_toward_the_lock,
    malformed_second_steps_are_named
);
