#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::both;
use crate::common::{Backend, TestApp};

async fn healthz_answers_ok_with_a_request_id(app: TestApp) {
    let res = app.get("/healthz").await;
    assert_eq!(res.status(), 200);
    let id = res
        .headers()
        .get("x-request-id")
        .expect("x-request-id")
        .to_str()
        .unwrap()
        .to_owned();
    assert!(!id.is_empty());
    assert_eq!(
        res.headers().get("x-content-type-options").unwrap(),
        "nosniff"
    );
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body, serde_json::json!({"status": "ok"}));
    // Each request gets its own id.
    let other = app.get("/healthz").await;
    assert_ne!(
        other
            .headers()
            .get("x-request-id")
            .unwrap()
            .to_str()
            .unwrap(),
        id
    );
}

async fn readyz_answers_while_the_database_does(app: TestApp) {
    let res = app.get("/readyz").await;
    assert_eq!(res.status(), 200);
}

async fn metrics_count_requests_by_route_pattern(app: TestApp) {
    app.get("/healthz").await;
    app.get("/api/v1/nope").await;
    let res = app.get("/metrics").await;
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/plain"));
    let text = res.text().await.unwrap();
    assert!(
        text.contains(r#"satu_http_requests_total{method="GET",route="/healthz",status="200"} 1"#),
        "{text}"
    );
    assert!(
        text.contains("satu_http_request_duration_seconds_bucket"),
        "{text}"
    );
    assert!(text.contains("satu_build_info{"), "{text}");
    assert!(
        text.contains(r#"satu_db_pool_connections{state="open"}"#),
        "{text}"
    );
}

async fn info_tells_version_and_backend(app: TestApp) {
    let body: serde_json::Value = app.get_json("/api/v1/info").await;
    assert_eq!(body["name"], "Satu ASN");
    assert_eq!(body["version"], env!("CARGO_PKG_VERSION"));
    let expected = match app.backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    };
    assert_eq!(body["database"], expected);
    assert_eq!(body["public_url"], "http://satu.test");
}

async fn openapi_is_served_and_matches_the_committed_file(app: TestApp) {
    let res = app.get("/openapi.json").await;
    assert_eq!(res.status(), 200);
    let served: serde_json::Value = res.json().await.unwrap();
    assert_eq!(served["openapi"], "3.1.0");
    let committed: serde_json::Value =
        serde_json::from_str(include_str!("../../../openapi/openapi.json"))
            .expect("openapi/openapi.json");
    assert_eq!(
        served, committed,
        "openapi/openapi.json is stale: run `make openapi`"
    );
    for path in [
        "/healthz",
        "/readyz",
        "/metrics",
        "/api/v1/info",
        "/api/v1/identity/check",
    ] {
        assert!(
            served["paths"].get(path).is_some(),
            "{path} missing from the document"
        );
    }
}

async fn swagger_ui_is_served_under_docs(app: TestApp) {
    let res = app.get("/docs").await;
    assert!(res.status().is_redirection(), "{}", res.status());
    assert_eq!(res.headers()["location"], "/docs/");
    let res = app.get("/docs/").await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(html.contains("swagger-ui"), "{html}");
    let init = app
        .get("/docs/swagger-initializer.js")
        .await
        .text()
        .await
        .unwrap();
    assert!(init.contains("/openapi.json"), "{init}");
}

both!(
    healthz_answers_ok_with_a_request_id,
    readyz_answers_while_the_database_does,
    metrics_count_requests_by_route_pattern,
    info_tells_version_and_backend,
    openapi_is_served_and_matches_the_committed_file,
    swagger_ui_is_served_under_docs,
);

/// The committed document is exactly what `satu-api openapi` prints (`make openapi` rewrites it).
#[test]
fn committed_openapi_document_is_current() {
    let committed = include_str!("../../../openapi/openapi.json");
    assert!(
        committed == satu_api::openapi::document_json(),
        "openapi/openapi.json is stale: run `make openapi`"
    );
}

/// The name of a PostgreSQL test app's own database.
fn pg_database(app: &TestApp) -> String {
    let satu_api::config::DatabaseUrl::Postgres(u) = &app.config.database_url else {
        panic!("not a PostgreSQL app");
    };
    url::Url::parse(u)
        .unwrap()
        .path()
        .trim_start_matches('/')
        .to_owned()
}

/// PostgreSQL goes away while the server runs: `/readyz` says 503, and 200 again once it is back.
#[actix_web::test]
async fn readyz_follows_postgres_going_away_and_coming_back() {
    use diesel::{Connection, RunQueryDsl};
    let Some(app) = crate::common::spawn_app(Backend::Postgres).await else {
        eprintln!("SATU_TEST_PG_URL is not set: skipped");
        return;
    };
    let admin_url = crate::common::pg_admin_url().unwrap();
    let name = pg_database(&app);
    let hidden = format!("{name}_away");
    let mut admin = diesel::PgConnection::establish(&admin_url).unwrap();
    assert_eq!(app.get("/readyz").await.status(), 200);

    // Take the database away: end its sessions and rename it (retrying while the pool reconnects).
    let mut renamed = false;
    for _ in 0..50 {
        let _ = diesel::sql_query(format!(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}' AND pid <> pg_backend_pid()"
        ))
        .execute(&mut admin);
        if diesel::sql_query(format!("ALTER DATABASE \"{name}\" RENAME TO \"{hidden}\""))
            .execute(&mut admin)
            .is_ok()
        {
            renamed = true;
            break;
        }
    }
    assert!(renamed, "could not take the database away");
    let res = app.get("/readyz").await;
    let status = res.status();
    let body: serde_json::Value = res.json().await.unwrap();
    // Back before asserting, so the test database is dropped whatever happens.
    diesel::sql_query(format!("ALTER DATABASE \"{hidden}\" RENAME TO \"{name}\""))
        .execute(&mut admin)
        .unwrap();
    assert_eq!(status, 503);
    assert_eq!(body["code"], "service_unavailable");
    assert_eq!(app.get("/readyz").await.status(), 200);
}

/// PostgreSQL ends every session of the pool (a restart, a failover) while its connections are
/// fresh enough to be handed out untested: the one request that meets a dead connection first is
/// answered 503 (to be tried again), never 500; the pool then tests every connection older than
/// that discovery before handing it out, and answers from new ones.
#[actix_web::test]
async fn connections_postgres_ended_leave_the_pool() {
    use diesel::{Connection, RunQueryDsl};
    let Some(app) = crate::common::spawn_app(Backend::Postgres).await else {
        eprintln!("SATU_TEST_PG_URL is not set: skipped");
        return;
    };
    let name = pg_database(&app);
    app.load_demo();
    let admin = app.access_of_role("admin").await;
    // Several connections in the pool, all of them just used.
    let warm: Vec<_> = (0..8).map(|_| app.get_as("/api/v1/me", &admin)).collect();
    for res in futures_util::future::join_all(warm).await {
        assert_eq!(res.status(), 200);
    }
    let mut pg = diesel::PgConnection::establish(&crate::common::pg_admin_url().unwrap()).unwrap();
    diesel::sql_query(format!(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}' AND pid <> pg_backend_pid()"
    ))
    .execute(&mut pg)
    .unwrap();
    let mut statuses = Vec::new();
    for _ in 0..40 {
        statuses.push(app.get_as("/api/v1/me", &admin).await.status().as_u16());
    }
    assert!(
        statuses.iter().all(|s| *s == 200 || *s == 503),
        "{statuses:?}"
    );
    assert!(
        statuses.iter().filter(|s| **s == 503).count() <= 1,
        "one request discovers the restart, the others are served: {statuses:?}"
    );
    assert!(statuses[1..].iter().all(|s| *s == 200), "{statuses:?}");
}
