//! Smaller holes closed: a disabled account's right password, reset mail per account, roles BKN
//! granted, and who may read /metrics.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use diesel::prelude::*;
use satu_api::db::schema::{accounts, outbox};
use serde_json::{json, Value};

use crate::common::{demo_account, demo_accounts, TestApp};
use crate::{both, both_with};

async fn a_disabled_account_answers_like_a_wrong_password(app: TestApp) {
    app.load_demo();
    let a = demo_account("monitor");
    {
        let mut conn = app.db.get().unwrap();
        diesel::update(accounts::table.filter(accounts::login.eq(&a.nip)))
            .set(accounts::disabled.eq(true))
            .execute(&mut *conn)
            .unwrap();
    }
    let right = app.login(&a.nip, &a.password).await;
    let wrong = app.login(&a.nip, "bukan-kata-sandinya").await;
    assert_eq!(right.status(), 401);
    assert_eq!(wrong.status(), 401);
    let (r, w): (Value, Value) = (right.json().await.unwrap(), wrong.json().await.unwrap());
    assert_eq!((&r["code"], &r["detail"]), (&w["code"], &w["detail"]));
}

fn reset_mails(app: &TestApp) -> i64 {
    let mut conn = app.db.get().unwrap();
    outbox::table.count().get_result(&mut *conn).unwrap()
}

async fn reset_mail_is_limited_per_account(app: TestApp) {
    app.load_demo();
    let e = demo_account("employee");
    for _ in 0..6 {
        let res = app
            .post_json("/api/v1/auth/password-reset", &json!({"nip": e.nip}))
            .await;
        // The answer never tells whether a mail went out.
        assert_eq!(res.status(), 202);
    }
    assert_eq!(
        reset_mails(&app),
        3,
        "three links an hour per account at most"
    );
    assert_eq!(app.audit_count("password_reset.throttled"), 3);
}

async fn an_agency_admin_cannot_revoke_what_bkn_granted(app: TestApp) {
    app.load_demo();
    let admin = demo_account("admin");
    let admin = app.access_of(&admin).await;
    // A Madiun employee who also validates for the Kanreg, a role only BKN grants.
    let target = demo_accounts()
        .into_iter()
        .find(|a| a.role == "employee" && a.agency.contains("Madiun") && a.status == "aktif")
        .unwrap();
    {
        let mut conn = app.db.get().unwrap();
        let account_id: String = accounts::table
            .filter(accounts::login.eq(&target.nip))
            .select(accounts::id)
            .get_result(&mut *conn)
            .unwrap();
        satu_api::accounts::store::insert_roles(
            &mut conn,
            &[satu_api::accounts::store::NewRoleAssignment {
                id: satu_api::db::new_id(),
                account_id,
                role: satu_shared::Role::ValidatorKanreg,
                scope_kind: satu_shared::ScopeKind::Kanreg,
                scope_id: "II".into(),
                created_at: satu_api::db::now(),
            }],
        )
        .unwrap();
    }
    let path = format!("/api/v1/accounts/{}/roles", target.nip);
    let roles: Value = app.get_json_as(&path, &admin).await;
    let bkn = roles
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["role"] == "validator_kanreg")
        .unwrap()
        .clone();
    let res = app
        .delete_as(
            &format!("{path}/{}", bkn["id"].as_str().unwrap()),
            &admin,
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), 403);
    let body: Value = res.json().await.unwrap();
    assert!(body["detail"].as_str().unwrap().contains("BKN"), "{body}");
    let roles: Value = app.get_json_as(&path, &admin).await;
    assert!(roles
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["role"] == "validator_kanreg"));
}

const METRICS_TOKEN: &str = "metrik-rahasia-untuk-prometheus";

fn behind_a_proxy_with_a_metrics_token(env: &mut BTreeMap<String, String>) {
    env.insert("SATU_TRUSTED_PROXIES".into(), "127.0.0.1".into());
    env.insert("SATU_METRICS_TOKEN".into(), METRICS_TOKEN.into());
}

async fn metrics_are_for_this_host_or_the_token_holder(app: TestApp) {
    let get = |forwarded: Option<&str>, token: Option<&str>| {
        let mut req = app.client.get(app.url("/metrics"));
        if let Some(f) = forwarded {
            req = req.header("x-forwarded-for", f);
        }
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        req.send()
    };
    // From this host itself.
    assert_eq!(get(None, None).await.unwrap().status(), 200);
    // From elsewhere, through the proxy: only with the token.
    assert_eq!(get(Some("203.0.113.9"), None).await.unwrap().status(), 403);
    assert_eq!(
        get(Some("203.0.113.9"), Some("salah-salah-salah-salah"))
            .await
            .unwrap()
            .status(),
        403
    );
    let res = get(Some("203.0.113.9"), Some(METRICS_TOKEN)).await.unwrap();
    assert_eq!(res.status(), 200);
    // Made-up methods do not grow the series.
    let odd = reqwest::Method::from_bytes(b"BREW").unwrap();
    app.client
        .request(odd, app.url("/api/v1/info"))
        .send()
        .await
        .unwrap();
    let text = get(None, None).await.unwrap().text().await.unwrap();
    assert!(!text.contains("BREW"), "a method label per made-up method");
    assert!(text.contains("method=\"OTHER\""), "{text}");
}

both!(
    a_disabled_account_answers_like_a_wrong_password,
    reset_mail_is_limited_per_account,
    an_agency_admin_cannot_revoke_what_bkn_granted,
);
both_with!(behind_a_proxy_with_a_metrics_token; metrics_are_for_this_host_or_the_token_holder);
