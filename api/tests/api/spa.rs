#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::both;
use crate::common::{TestApp, SPA_MARKER};

async fn the_spa_is_served_at_the_root(app: TestApp) {
    let res = app.get("/").await;
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    assert!(res.text().await.unwrap().contains(SPA_MARKER));
}

async fn client_routes_fall_back_to_index_html(app: TestApp) {
    for path in [
        "/v/anything",
        "/v/eyJhbGciOiJFZERTQSJ9.e30.sig",
        "/masuk",
        "/deep/link/here",
    ] {
        let res = app.get(path).await;
        assert_eq!(res.status(), 200, "{path}");
        assert_eq!(res.headers()["cache-control"], "no-cache", "{path}");
        assert!(res.text().await.unwrap().contains(SPA_MARKER), "{path}");
    }
}

async fn static_assets_are_served_as_files(app: TestApp) {
    let res = app.get("/assets/app.css").await;
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/css"));
    assert_eq!(res.text().await.unwrap(), "body{margin:0}");
}

async fn posting_to_a_page_is_a_problem_not_the_page(app: TestApp) {
    let res = app
        .client
        .post(app.url("/v/anything"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 405);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
}

both!(
    the_spa_is_served_at_the_root,
    client_routes_fall_back_to_index_html,
    static_assets_are_served_as_files,
    posting_to_a_page_is_a_problem_not_the_page,
);

#[actix_web::test]
async fn a_missing_spa_build_is_a_clear_503() {
    let app = crate::common::spawn_app_with(crate::common::Backend::Sqlite, |env| {
        env.insert("SATU_WEB_DIR".into(), "/nonexistent/satu-web-dist".into());
    })
    .await
    .unwrap();
    let res = app.get("/v/anything").await;
    let body = crate::common::problem(res, 503, "service_unavailable").await;
    assert!(
        body["detail"].as_str().unwrap().contains("Aplikasi web"),
        "{body}"
    );
    // The API itself still works.
    assert_eq!(app.get("/healthz").await.status(), 200);
}

#[actix_web::test]
async fn every_answer_carries_the_security_headers_and_https_adds_hsts() {
    let app = crate::common::spawn_app_with(crate::common::Backend::Sqlite, |_| {})
        .await
        .unwrap();
    for path in ["/", "/masuk", "/docs/", "/api/v1/nothing-here", "/healthz"] {
        let res = app.get(path).await;
        let h = res.headers();
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("default-src 'self'"), "{path}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(
            !csp.contains("script-src 'self' 'unsafe-inline'"),
            "{path}: {csp}"
        );
        assert_eq!(h["x-frame-options"], "DENY", "{path}");
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert!(h.get("strict-transport-security").is_none(), "{path}");
    }
    let app = crate::common::spawn_app_with(crate::common::Backend::Sqlite, |env| {
        env.remove("SATU_TEST_MODE");
        env.insert("SATU_PUBLIC_URL".into(), "https://asn.example.go.id".into());
    })
    .await
    .unwrap();
    let res = app.get("/").await;
    assert_eq!(
        res.headers()["strict-transport-security"],
        "max-age=31536000; includeSubDomains"
    );
}

#[actix_web::test]
async fn hashed_assets_are_immutable_and_served_precompressed() {
    let app = crate::common::spawn_app(crate::common::Backend::Sqlite)
        .await
        .unwrap();
    let dir = app
        .config
        .web_dir
        .clone()
        .expect("the tests name a web folder");
    let name = "satu-web-0123456789abcdef.js";
    std::fs::write(dir.join(name), "console.log(1)").unwrap();
    std::fs::write(dir.join(format!("{name}.br")), b"BROTLI-BYTES").unwrap();
    std::fs::write(dir.join(format!("{name}.gz")), b"GZIP-BYTES").unwrap();
    let get = |encoding: &'static str| {
        app.client
            .get(app.url(&format!("/{name}")))
            .header("accept-encoding", encoding)
            .send()
    };
    for (asked, encoding, body) in [
        ("br, gzip", Some("br"), &b"BROTLI-BYTES"[..]),
        ("gzip", Some("gzip"), &b"GZIP-BYTES"[..]),
        ("identity", None, &b"console.log(1)"[..]),
    ] {
        let res = get(asked).await.unwrap();
        assert_eq!(res.status(), 200, "{asked}");
        let h = res.headers().clone();
        assert_eq!(
            h["cache-control"], "public, max-age=31536000, immutable",
            "{asked}"
        );
        assert!(h["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/javascript"));
        assert_eq!(
            h.get("content-encoding").map(|v| v.to_str().unwrap()),
            encoding,
            "{asked}"
        );
        assert!(
            h["vary"].to_str().unwrap().contains("Accept-Encoding"),
            "{asked}"
        );
        assert_eq!(&res.bytes().await.unwrap()[..], body, "{asked}");
    }
    // Files without a content hash in the name may change: revalidated, never immutable.
    let res = app.get("/assets/app.css").await;
    assert_ne!(
        res.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    // Nothing outside the folder.
    for path in [
        "/../satu.db",
        "/%2e%2e/satu.db",
        "/assets/..%2f..%2fsatu.db",
    ] {
        let res = app.get(path).await;
        let text = res.text().await.unwrap();
        assert!(!text.contains("SQLite format"), "{path}");
    }
}

#[actix_web::test]
async fn without_satu_web_dir_the_app_built_into_the_binary_is_served() {
    let app = crate::common::spawn_app_with(crate::common::Backend::Sqlite, |env| {
        env.remove("SATU_WEB_DIR");
    })
    .await
    .unwrap();
    if !satu_api::spa::built_in() {
        // `make test` builds the web app before the API tests; a bare `cargo test` may not have.
        eprintln!("web/dist was not built when this binary was compiled: skipped");
        return;
    }
    let res = app.get("/masuk").await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["cache-control"], "no-cache");
    let html = res.text().await.unwrap();
    assert!(
        html.contains("<script type=\"module\" src=\"/boot-"),
        "{html}"
    );
    let boot = html
        .split("src=\"/")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_owned();
    let res = app.get(&format!("/{boot}")).await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
}
