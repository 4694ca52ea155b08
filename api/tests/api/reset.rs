#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::json;

use crate::both;
use crate::common::{demo_account, field_error, TestApp};

fn link_token(body: &str) -> String {
    let start =
        body.find("/reset-sandi#token=").expect("link in the email") + "/reset-sandi#token=".len();
    body[start..].split_whitespace().next().unwrap().to_owned()
}

async fn a_reset_link_sets_a_new_password_and_ends_every_session(app: TestApp) {
    app.load_demo();
    let e = demo_account("employee");
    app.mark_activated(&e.nip);
    let before = app.tokens(&e.nip, &e.password).await;

    let res = app
        .post_json("/api/v1/auth/password-reset", &json!({"nip": e.nip}))
        .await;
    assert_eq!(res.status(), 202);
    let mail = app.outbox().await;
    assert_eq!(mail.len(), 1);
    assert!(mail[0]["recipient"]
        .as_str()
        .unwrap()
        .ends_with("@example.go.id"));
    let body = mail[0]["body"].as_str().unwrap();
    assert!(
        body.starts_with("http://satu.test/reset-sandi#token=")
            || body.contains("http://satu.test/reset-sandi#token="),
        "{body}"
    );
    let token = link_token(body);

    // Weak passwords are refused and the link still works afterwards.
    let res = app
        .post_json(
            "/api/v1/auth/password-reset/confirm",
            &json!({"token": token, "new_password": e.password}),
        )
        .await;
    assert_eq!(res.status(), 422);
    let problem: serde_json::Value = res.json().await.unwrap();
    assert_eq!(
        problem["errors"]["new_password"][0],
        "Kata sandi tidak boleh sama dengan NIK."
    );

    let res = app
        .post_json(
            "/api/v1/auth/password-reset/confirm",
            &json!({"token": token, "new_password": "Pecel-Madiun-2026"}),
        )
        .await;
    assert_eq!(res.status(), 204);
    assert_eq!(
        app.get_as("/api/v1/me", before["access_token"].as_str().unwrap())
            .await
            .status(),
        401
    );
    let after = app.tokens(&e.nip, "Pecel-Madiun-2026").await;
    assert_eq!(after["must_change_password"], false);

    // Single use.
    let res = app
        .post_json(
            "/api/v1/auth/password-reset/confirm",
            &json!({"token": token, "new_password": "Pecel-Madiun-2027"}),
        )
        .await;
    field_error(res, "token", "tidak berlaku").await;
    assert_eq!(app.audit_count("password_reset.completed"), 1);
}

async fn an_unknown_nip_gets_the_same_answer_and_no_mail(app: TestApp) {
    app.load_demo();
    let res = app
        .post_json(
            "/api/v1/auth/password-reset",
            &json!({"nip": "19900101 201501 1 999"}),
        )
        .await;
    assert_eq!(res.status(), 202);
    assert!(app.outbox().await.is_empty());
    let res = app
        .post_json("/api/v1/auth/password-reset", &json!({"nip": "abc"}))
        .await;
    assert_eq!(res.status(), 422);
    let res = app
        .post_json(
            "/api/v1/auth/password-reset/confirm",
            &json!({"token": "made-up", "new_password": "Pecel-Madiun-2026"}),
        )
        .await;
    assert_eq!(res.status(), 422);
}

async fn a_reset_also_lifts_a_lock(app: TestApp) {
    app.load_demo();
    let v = demo_account("verifikator");
    for _ in 0..5 {
        app.login(&v.nip, "salah-terus-menerus").await;
    }
    assert_eq!(app.login(&v.nip, &v.password).await.status(), 423);
    app.post_json("/api/v1/auth/password-reset", &json!({"nip": v.nip}))
        .await;
    let token = link_token(app.outbox().await[0]["body"].as_str().unwrap());
    let res = app
        .post_json(
            "/api/v1/auth/password-reset/confirm",
            &json!({"token": token, "new_password": "Brem-Caruban-1945x"}),
        )
        .await;
    assert_eq!(res.status(), 204);
    assert_eq!(app.login(&v.nip, "Brem-Caruban-1945x").await.status(), 200);
}

both!(
    a_reset_link_sets_a_new_password_and_ends_every_session,
    an_unknown_nip_gets_the_same_answer_and_no_mail,
    a_reset_also_lifts_a_lock,
);

#[actix_web::test]
async fn the_test_outbox_exists_only_in_test_mode() {
    let app = crate::common::spawn_app_with(crate::common::Backend::Sqlite, |env| {
        env.insert("SATU_TEST_MODE".into(), "false".into());
    })
    .await
    .unwrap();
    assert_eq!(app.get("/api/v1/test/outbox").await.status(), 404);
}
