//! HR-system clients: created by an agency admin, OAuth2 client credentials, agency and scope
//! limits, revocation.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::json;

use crate::both;
use crate::common::{client_token, create_client, demo_account, demo_accounts, TestApp};

async fn an_hr_client_reads_its_agency_only(app: TestApp) {
    app.load_demo();
    let admin = app.access_of_role("admin").await;
    let created = create_client(&app, &admin, json!(["employees:read"])).await;
    let id = created["client_id"].as_str().unwrap();
    let secret = created["client_secret"].as_str().unwrap();
    assert_eq!(secret.len(), 43);

    let listed: Vec<serde_json::Value> = app.get_json_as("/api/v1/clients", &admin).await;
    assert_eq!(listed.len(), 1);
    assert!(listed[0].get("client_secret").is_none());

    let res = client_token(&app, id, secret, None).await;
    assert_eq!(res.status(), 200);
    let t: serde_json::Value = res.json().await.unwrap();
    assert_eq!(t["scope"], "employees:read");
    assert_eq!(t["token_type"], "Bearer");
    let token = t["access_token"].as_str().unwrap();

    let page: serde_json::Value = app
        .get_json_as("/api/v1/employees?per_page=200", token)
        .await;
    let madiun = demo_accounts()
        .iter()
        .filter(|a| a.agency == "Pemerintah Kota Madiun")
        .count();
    assert_eq!(page["total"], madiun);
    assert!(page["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["agency"]["name"] == "Pemerintah Kota Madiun"));
    let outside = demo_accounts()
        .into_iter()
        .find(|a| a.agency == "Kementerian Dalam Negeri")
        .unwrap();
    assert_eq!(
        app.get_as(&format!("/api/v1/employees/{}", outside.nip), token)
            .await
            .status(),
        404
    );
    // People-only endpoints do not take client tokens.
    assert_eq!(app.get_as("/api/v1/me", token).await.status(), 401);
    assert_eq!(app.get_as("/api/v1/clients", token).await.status(), 401);
}

async fn bad_credentials_and_scopes_are_refused(app: TestApp) {
    app.load_demo();
    let admin = app.access_of_role("admin").await;
    let created = create_client(&app, &admin, json!(["cards:read"])).await;
    let id = created["client_id"].as_str().unwrap();
    let secret = created["client_secret"].as_str().unwrap();

    let res = client_token(&app, id, "wrong-secret", None).await;
    assert_eq!(res.status(), 401);
    assert_eq!(
        res.json::<serde_json::Value>().await.unwrap()["code"],
        "invalid_client"
    );
    let res = client_token(&app, "sik-unknown", secret, None).await;
    assert_eq!(res.status(), 401);
    let res = client_token(&app, id, secret, Some("employees:read")).await;
    assert_eq!(res.status(), 400);
    assert_eq!(
        res.json::<serde_json::Value>().await.unwrap()["code"],
        "invalid_scope"
    );
    let res = client_token(&app, id, secret, Some("everything")).await;
    assert_eq!(res.status(), 400);
    let res = app
        .client
        .post(app.url("/api/v1/auth/token"))
        .form(&[
            ("grant_type", "password"),
            ("client_id", id),
            ("client_secret", secret),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.json::<serde_json::Value>().await.unwrap()["code"],
        "unsupported_grant_type"
    );
    let res = app
        .client
        .post(app.url("/api/v1/auth/token"))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);

    // A token without employees:read cannot list employees.
    let t: serde_json::Value = client_token(&app, id, secret, None)
        .await
        .json()
        .await
        .unwrap();
    let res = app
        .get_as("/api/v1/employees", t["access_token"].as_str().unwrap())
        .await;
    assert_eq!(res.status(), 403);
    assert_eq!(
        res.json::<serde_json::Value>().await.unwrap()["code"],
        "insufficient_scope"
    );
}

async fn a_revoked_client_stops_at_once(app: TestApp) {
    app.load_demo();
    let admin = app.access_of_role("admin").await;
    let created = create_client(&app, &admin, json!(["employees:read", "cards:read"])).await;
    let id = created["client_id"].as_str().unwrap();
    let secret = created["client_secret"].as_str().unwrap();
    let t: serde_json::Value = client_token(&app, id, secret, Some("employees:read"))
        .await
        .json()
        .await
        .unwrap();
    let token = t["access_token"].as_str().unwrap();
    assert_eq!(app.get_as("/api/v1/employees", token).await.status(), 200);

    let res = app
        .client
        .delete(app.url(&format!("/api/v1/clients/{id}")))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    assert_eq!(app.get_as("/api/v1/employees", token).await.status(), 401);
    assert_eq!(client_token(&app, id, secret, None).await.status(), 401);
    assert_eq!(app.audit_count("client.created"), 1);
    assert_eq!(app.audit_count("client.revoked"), 1);
}

async fn only_agency_admins_manage_clients(app: TestApp) {
    app.load_demo();
    let v = demo_account("verifikator");
    let vt = app.tokens(&v.nip, &v.password).await;
    let vt = vt["access_token"].as_str().unwrap();
    let res = app
        .client
        .post(app.url("/api/v1/clients"))
        .bearer_auth(vt)
        .json(&json!({"name": "SIK", "scopes": ["employees:read"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    assert_eq!(app.get_as("/api/v1/clients", vt).await.status(), 403);

    // Another agency's admin cannot see or revoke Madiun's client.
    let admin = app.access_of_role("admin").await;
    let created = create_client(&app, &admin, json!(["employees:read"])).await;
    let other = demo_accounts()
        .into_iter()
        .find(|a| a.role == "admin" && a.agency == "Kementerian Dalam Negeri")
        .unwrap();
    let ot = app.tokens(&other.nip, &other.password).await;
    let ot = ot["access_token"].as_str().unwrap();
    let listed: Vec<serde_json::Value> = app.get_json_as("/api/v1/clients", ot).await;
    assert!(listed.is_empty());
    let res = app
        .client
        .delete(app.url(&format!(
            "/api/v1/clients/{}",
            created["client_id"].as_str().unwrap()
        )))
        .bearer_auth(ot)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);

    // Bad fields.
    for (body, field) in [
        (json!({"name": "x", "scopes": ["employees:read"]}), "name"),
        (json!({"name": "SIK Madiun", "scopes": []}), "scopes"),
        // A name is one line of text: no control characters (a newline would break every list
        // and log line it is shown in).
        (
            json!({"name": "SIK\nMadiun", "scopes": ["employees:read"]}),
            "name",
        ),
        (
            json!({"name": "SIK\u{1a}Madiun", "scopes": ["employees:read"]}),
            "name",
        ),
    ] {
        let res = app
            .client
            .post(app.url("/api/v1/clients"))
            .bearer_auth(&admin)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422);
        let p: serde_json::Value = res.json().await.unwrap();
        assert!(p["errors"][field].is_array(), "{p}");
    }
    let res = app
        .client
        .post(app.url("/api/v1/clients"))
        .bearer_auth(&admin)
        .json(&json!({"name": "SIK Madiun", "scopes": ["root"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
}

both!(
    an_hr_client_reads_its_agency_only,
    bad_credentials_and_scopes_are_refused,
    a_revoked_client_stops_at_once,
    only_agency_admins_manage_clients,
);
