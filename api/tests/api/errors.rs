#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::both;
use crate::common::{assert_message, problem, TestApp};

async fn unknown_api_routes_are_problem_404s_whatever_the_method(app: TestApp) {
    let body = problem(
        app.client
            .post(app.url("/api/v1/nope"))
            .send()
            .await
            .unwrap(),
        404,
        "not_found",
    )
    .await;
    assert_eq!(body["title"], "Tidak ditemukan");
    assert!(
        body["detail"].as_str().unwrap().contains("tidak ditemukan"),
        "{body}"
    );
    problem(app.get("/api/v1/nope").await, 404, "not_found").await;
    problem(
        app.client
            .delete(app.url("/api/v2/anything"))
            .send()
            .await
            .unwrap(),
        404,
        "not_found",
    )
    .await;
    problem(app.get("/api").await, 404, "not_found").await;
}

async fn english_is_given_when_asked_for(app: TestApp) {
    let res = app
        .client
        .post(app.url("/api/v1/nope"))
        .header("accept-language", "en-US,en;q=0.9")
        .send()
        .await
        .unwrap();
    let body = problem(res, 404, "not_found").await;
    assert_eq!(body["title"], "Not found");
    assert!(
        body["detail"].as_str().unwrap().contains("not found"),
        "{body}"
    );
}

async fn a_wrong_method_is_a_problem_405(app: TestApp) {
    problem(
        app.get("/api/v1/identity/check").await,
        405,
        "method_not_allowed",
    )
    .await;
    problem(
        app.client.delete(app.url("/healthz")).send().await.unwrap(),
        405,
        "method_not_allowed",
    )
    .await;
}

async fn malformed_json_is_a_problem_400(app: TestApp) {
    let res = app
        .client
        .post(app.url("/api/v1/identity/check"))
        .header("content-type", "application/json")
        .body("{\"nip\": ")
        .send()
        .await
        .unwrap();
    let body = problem(res, 400, "invalid_json").await;
    assert!(body["detail"].as_str().unwrap().contains("JSON"), "{body}");
}

async fn a_wrong_content_type_is_a_problem_415(app: TestApp) {
    let res = app
        .client
        .post(app.url("/api/v1/identity/check"))
        .header("content-type", "text/plain")
        .body("nip=196704161993031015")
        .send()
        .await
        .unwrap();
    let body = problem(res, 415, "unsupported_media_type").await;
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains("application/json"),
        "{body}"
    );
}

async fn an_oversized_body_is_a_problem_413(app: TestApp) {
    let big = format!("{{\"nip\": \"{}\"}}", "1".repeat(200 * 1024));
    let res = app
        .client
        .post(app.url("/api/v1/identity/check"))
        .header("content-type", "application/json")
        .body(big)
        .send()
        .await
        .unwrap();
    let body = problem(res, 413, "payload_too_large").await;
    assert!(body["detail"].as_str().unwrap().contains("64 KB"), "{body}");
}

async fn a_missing_or_mistyped_field_is_named_in_a_422(app: TestApp) {
    let body = problem(
        app.post_json("/api/v1/identity/check", &serde_json::json!({}))
            .await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(body["errors"]["nip"][0], "Wajib diisi.");
    let body = problem(
        app.post_json(
            "/api/v1/identity/check",
            &serde_json::json!({"nip": 196704161993031015u64}),
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
    assert_message(&body, "body", "tidak sesuai");
}

/// serde reads a struct from an array by position; a body must be a JSON object, so an array (or
/// any other JSON value) is refused, and logging in or out with one does nothing.
async fn a_body_that_is_not_an_object_is_a_422(app: TestApp) {
    app.load_demo();
    let admin = crate::common::demo_account("admin");
    for (path, body) in [
        (
            "/api/v1/auth/login",
            serde_json::json!([admin.nip, admin.password]),
        ),
        ("/api/v1/auth/logout", serde_json::json!([])),
        (
            "/api/v1/identity/check",
            serde_json::json!("19670416 199303 1 015"),
        ),
        ("/api/v1/auth/logout", serde_json::json!(null)),
    ] {
        let body = problem(app.post_json(path, &body).await, 422, "validation_failed").await;
        assert_message(&body, "body", "harus berupa objek JSON");
    }
}

both!(
    a_body_that_is_not_an_object_is_a_422,
    unknown_api_routes_are_problem_404s_whatever_the_method,
    english_is_given_when_asked_for,
    a_wrong_method_is_a_problem_405,
    malformed_json_is_a_problem_400,
    a_wrong_content_type_is_a_problem_415,
    an_oversized_body_is_a_problem_413,
    a_missing_or_mistyped_field_is_named_in_a_422,
);
