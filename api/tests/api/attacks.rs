//! Accounts under attack: parallel guesses cannot outrun the lock-out or a challenge's attempt
//! limit, password checks behind a session count too, and a session (refresh-token family) that
//! is revoked or past its absolute lifetime stays dead whatever tokens it still has.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use diesel::prelude::*;
use futures_util::future::join_all;
use satu_api::accounts::{store, tokens};
use satu_api::db::schema::{refresh_tokens, sessions};
use serde_json::{json, Value};

use crate::common::{demo_account, TestApp};
use crate::{both, both_with};

/// The per-address limit out of the way, so only the per-account rules answer.
fn many_per_address(env: &mut BTreeMap<String, String>) {
    env.insert("SATU_LOGIN_RATE_PER_MINUTE".into(), "10000".into());
}

async fn statuses(answers: Vec<reqwest::Response>) -> Vec<u16> {
    answers.iter().map(|r| r.status().as_u16()).collect()
}

async fn parallel_wrong_passwords_all_count(app: TestApp) {
    app.load_demo();
    let e = demo_account("verifikator");
    let tries = (0..20).map(|_| app.login(&e.nip, "bukan-kata-sandinya"));
    let got = statuses(join_all(tries).await).await;
    assert!(got.iter().all(|s| *s == 401 || *s == 423), "{got:?}");
    assert!(
        got.iter().filter(|s| **s == 401).count() <= 4,
        "at most four wrong passwords are answered before the lock: {got:?}"
    );
    // Twenty wrong passwords at once locked the account like five in a row would.
    let res = app.login(&e.nip, &e.password).await;
    crate::common::problem(res, 423, "account_locked").await;
    assert!(app.audit_count("login.failure") <= 5);
}

async fn parallel_codes_on_one_challenge_are_at_most_five(app: TestApp) {
    app.load_demo();
    let m = demo_account("monitor");
    let access = app.access_of(&m).await;
    let (secret, _) = crate::mfa::enable(&app, &access, &m.password).await;
    let token = crate::mfa::challenge(&app, &m.nip, &m.password).await;
    let code = crate::mfa::wrong_code(&secret);
    let body = json!({"mfa_token": token, "code": code});
    let tries = (0..20).map(|_| app.post_json("/api/v1/auth/login/mfa", &body));
    let got = statuses(join_all(tries).await).await;
    assert!(got.iter().all(|s| [401, 422, 423].contains(s)), "{got:?}");
    // Each code that was evaluated is one audited failure: five at most per challenge.
    let evaluated = app.audit_count("login.failure");
    assert!(evaluated <= 5, "{evaluated} codes evaluated: {got:?}");
    assert!(got.iter().filter(|s| **s == 422).count() <= 4, "{got:?}");
}

async fn wrong_passwords_behind_a_session_count_toward_the_lock(app: TestApp) {
    app.load_demo();
    let a = demo_account("approver");
    let access = app.access_of(&a).await;
    // With 2FA on, turning it off asks for the password too.
    crate::mfa::enable(&app, &access, &a.password).await;
    for i in 0..3 {
        let res = app
            .put_json_as(
                "/api/v1/me/password",
                &access,
                &json!({"current_password": "tebakan-salah-1", "new_password": "Baru#SatuASN-2027"}),
            )
            .await;
        assert_eq!(res.status(), 422, "attempt {i}");
    }
    for (i, expected) in [(3, 422), (4, 423)] {
        let res = app
            .delete_as(
                "/api/v1/me/totp",
                &access,
                &json!({"password": "tebakan-salah-2"}),
            )
            .await;
        assert_eq!(res.status(), expected, "attempt {i}");
    }
    let res = app.login(&a.nip, &a.password).await;
    assert_eq!(
        res.status(),
        423,
        "five wrong passwords behind a session lock the account"
    );
    let res = app
        .put_json_as(
            "/api/v1/me/password",
            &access,
            &json!({"current_password": a.password, "new_password": "Baru#SatuASN-2027"}),
        )
        .await;
    assert_eq!(res.status(), 423, "the change waits for the lock to end");
}

fn family_of(app: &TestApp, refresh_token: &str) -> (String, String) {
    let mut conn = app.db.get().unwrap();
    let t = store::find_refresh(&mut conn, &tokens::hash_opaque(refresh_token))
        .unwrap()
        .unwrap();
    (t.family_id, t.account_id)
}

async fn a_token_added_to_a_revoked_session_is_dead(app: TestApp) {
    app.load_demo();
    let a = demo_account("helpdesk");
    let t = app.tokens(&a.nip, &a.password).await;
    let r1 = t["refresh_token"].as_str().unwrap();
    let (family, account) = family_of(&app, r1);
    // A refresh claims r1 and is about to insert its successor when a logout revokes the
    // session: the successor lands in a revoked session.
    let res = app
        .post_json("/api/v1/auth/logout", &json!({"refresh_token": r1}))
        .await;
    assert_eq!(res.status(), 204);
    let late = tokens::new_opaque();
    {
        let mut conn = app.db.get().unwrap();
        let at = satu_api::db::now();
        store::insert_refresh(
            &mut conn,
            &store::NewRefreshToken {
                id: satu_api::db::new_id(),
                account_id: &account,
                family_id: &family,
                token_hash: tokens::hash_opaque(&late),
                created_at: at,
                expires_at: at + chrono::TimeDelta::days(1),
                ip: None,
                user_agent: None,
            },
        )
        .unwrap();
    }
    let res = app.refresh(&late).await;
    assert_eq!(res.status(), 401, "a revoked session stays revoked");
    // Deleting the session's older tokens does not bring it back either.
    {
        let mut conn = app.db.get().unwrap();
        diesel::delete(
            refresh_tokens::table
                .filter(refresh_tokens::family_id.eq(&family))
                .filter(refresh_tokens::token_hash.ne(tokens::hash_opaque(&late))),
        )
        .execute(&mut *conn)
        .unwrap();
    }
    let res = app.refresh(&late).await;
    assert_eq!(res.status(), 401);
}

fn lifetime_hours(app: &TestApp, refresh_token: &str) -> i64 {
    let (family, _) = family_of(app, refresh_token);
    let mut conn = app.db.get().unwrap();
    let (created, expires): (chrono::NaiveDateTime, chrono::NaiveDateTime) = sessions::table
        .find(&family)
        .select((sessions::created_at, sessions::expires_at))
        .get_result(&mut *conn)
        .unwrap();
    (expires - created).num_hours()
}

async fn a_session_ends_at_its_absolute_lifetime(app: TestApp) {
    app.load_demo();
    // Thirty days for an employee; twelve hours for the roles that decide or administer.
    let e = demo_account("monitor");
    let t = app.tokens(&e.nip, &e.password).await;
    assert_eq!(
        lifetime_hours(&app, t["refresh_token"].as_str().unwrap()),
        30 * 24
    );
    for role in ["admin", "approver", "validator_kanreg", "validator_pusat"] {
        let a = demo_account(role);
        let t = app.tokens(&a.nip, &a.password).await;
        assert_eq!(
            lifetime_hours(&app, t["refresh_token"].as_str().unwrap()),
            12,
            "{role}"
        );
    }

    // Rotation does not extend it: once past, refresh and the access token answer 401.
    let res = app.refresh(&t["refresh_token"]).await;
    assert_eq!(res.status(), 200);
    let next: Value = res.json().await.unwrap();
    let r2 = next["refresh_token"].as_str().unwrap();
    let access = next["access_token"].as_str().unwrap();
    assert_eq!(lifetime_hours(&app, r2), 30 * 24);
    let (family, _) = family_of(&app, r2);
    {
        let mut conn = app.db.get().unwrap();
        let past = satu_api::db::now() - chrono::TimeDelta::minutes(1);
        diesel::update(sessions::table.find(&family))
            .set(sessions::expires_at.eq(past))
            .execute(&mut *conn)
            .unwrap();
    }
    let res = app.refresh(r2).await;
    assert_eq!(res.status(), 401);
    assert_eq!(app.get_as("/api/v1/me", access).await.status(), 401);
}

async fn a_card_key_never_makes_an_access_token(app: TestApp) {
    use base64::Engine;
    app.load_demo();
    let a = demo_account("monitor");
    let t = app.tokens(&a.nip, &a.password).await;
    let access = t["access_token"].as_str().unwrap();
    assert_eq!(app.get_as("/api/v1/me", access).await.status(), 200);
    // The same claims, signed by the server's own card key (the one whose public half is in
    // /.well-known/jwks.json and that signs every QR code).
    let claims: Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(access.split('.').nth(1).unwrap())
            .unwrap(),
    )
    .unwrap();
    let card_key = app.state.keys.active();
    let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::EdDSA);
    header.kid = Some(card_key.kid.clone());
    header.typ = Some("at+jwt".into());
    let forged = jsonwebtoken::encode(&header, &claims, &card_key.encoding).unwrap();
    assert_eq!(app.get_as("/api/v1/me", &forged).await.status(), 401);
    // And the card keys are not the ones that sign sessions.
    let jwks: Value = app.get_json("/.well-known/jwks.json").await;
    let access_kid = jsonwebtoken::decode_header(access).unwrap().kid.unwrap();
    assert!(jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .all(|k| k["kid"] != access_kid.as_str()));
}

/// Behind a reverse proxy on this machine, three logins a minute per client.
fn behind_a_proxy(env: &mut BTreeMap<String, String>) {
    env.insert(
        "SATU_TRUSTED_PROXIES".into(),
        "127.0.0.1/32, 10.0.0.0/8".into(),
    );
    env.insert("SATU_LOGIN_RATE_PER_MINUTE".into(), "3".into());
}

fn three_per_minute(env: &mut BTreeMap<String, String>) {
    env.insert("SATU_LOGIN_RATE_PER_MINUTE".into(), "3".into());
}

async fn login_from(app: &TestApp, forwarded_for: &str) -> u16 {
    app.client
        .post(app.url("/api/v1/auth/login"))
        .header("x-forwarded-for", forwarded_for)
        .json(&json!({"nip": "19900101 201501 1 999", "password": "apa-saja-12345"}))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

fn audited_ips(app: &TestApp) -> Vec<Option<String>> {
    use satu_api::db::schema::audit_events;
    let mut conn = app.db.get().unwrap();
    audit_events::table
        .filter(audit_events::action.eq("login.failure"))
        .order(audit_events::at.asc())
        .select(audit_events::ip)
        .load(&mut *conn)
        .unwrap()
}

async fn clients_behind_a_trusted_proxy_are_limited_one_by_one(app: TestApp) {
    for _ in 0..3 {
        assert_eq!(login_from(&app, "198.51.100.1").await, 401);
    }
    assert_eq!(login_from(&app, "198.51.100.1").await, 429);
    // Another client behind the same proxy has its own window.
    assert_eq!(login_from(&app, "198.51.100.2, 10.1.2.3").await, 401);
    // What a client writes on the left of the header is its own claim: the hop our proxy
    // added (the rightmost untrusted one) decides.
    assert_eq!(login_from(&app, "198.51.100.2, 198.51.100.1").await, 429);
    // IPv6 clients are keyed by their /64.
    for i in 1..=3 {
        assert_eq!(login_from(&app, &format!("2001:db8:7:7::{i}")).await, 401);
    }
    assert_eq!(login_from(&app, "2001:db8:7:7:ffff::1").await, 429);
    // The audit trail names the client, not the proxy.
    let ips = audited_ips(&app);
    assert_eq!(ips[0].as_deref(), Some("198.51.100.1"), "{ips:?}");
    assert_eq!(ips[3].as_deref(), Some("198.51.100.2"), "{ips:?}");
}

async fn without_trusted_proxies_the_forwarded_header_is_ignored(app: TestApp) {
    for i in 1..=3 {
        assert_eq!(login_from(&app, &format!("198.51.100.{i}")).await, 401);
    }
    assert_eq!(login_from(&app, "198.51.100.9").await, 429);
    assert!(audited_ips(&app)
        .iter()
        .all(|ip| ip.as_deref() == Some("127.0.0.1")));
}

both_with!(behind_a_proxy; clients_behind_a_trusted_proxy_are_limited_one_by_one);
both_with!(three_per_minute; without_trusted_proxies_the_forwarded_header_is_ignored);

both_with!(many_per_address;
    parallel_wrong_passwords_all_count,
    parallel_codes_on_one_challenge_are_at_most_five,
);

both!(
    a_card_key_never_makes_an_access_token,
    wrong_passwords_behind_a_session_count_toward_the_lock,
    a_token_added_to_a_revoked_session_is_dead,
    a_session_ends_at_its_absolute_lifetime,
);
