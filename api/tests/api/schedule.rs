//! The data-update schedule: the agency admin sets the windows (audited); outside a window
//! submitting or deciding answers 403 `window_closed` naming its dates; an employee who let the
//! submission window pass without submitting is `pdm_overdue`, and the list filters by it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{Duration, NaiveDate};
use serde_json::{json, Value};

use crate::both;
use crate::common::{admin_and_agency, field_error, problem, TestApp};
use crate::proposals::{madiun_employee, ok_json, pdf};

fn today_wib() -> NaiveDate {
    (chrono::Utc::now() + Duration::hours(7)).date_naive()
}

fn day(offset: i64) -> String {
    (today_wib() + Duration::days(offset)).to_string()
}

async fn windows_close_and_open_the_steps_and_mark_the_overdue(app: TestApp) {
    app.load_demo();
    let (admin, agency) = admin_and_agency(&app).await;
    let (e, t) = madiun_employee(&app).await;
    let path = format!("/api/v1/agencies/{agency}/pdm-schedule");

    // No schedule: everything open, for anyone signed in to read.
    let s: Value = app.get_json_as(&path, &t).await;
    assert_eq!(
        s["open"],
        json!({"submission": true, "verification": true, "approval": true})
    );
    assert_eq!(s["updated_at"], Value::Null);
    problem(
        app.get_as(
            "/api/v1/agencies/00000000-0000-0000-0000-000000000000/pdm-schedule",
            &t,
        )
        .await,
        404,
        "not_found",
    )
    .await;

    // Only the agency's admin sets it; each bad end is named.
    let past = json!({"submission": {"from": day(-10), "to": day(-1)}});
    problem(app.put_json_as(&path, &t, &past).await, 403, "forbidden").await;
    field_error(
        app.put_json_as(
            &path,
            &admin,
            &json!({"verification": {"from": day(5), "to": day(1)}}),
        )
        .await,
        "verification.to",
        "sebelum",
    )
    .await;
    let s = ok_json(app.put_json_as(&path, &admin, &past).await, 200).await;
    assert_eq!(s["open"]["submission"], false);
    assert_eq!(s["submission"]["to"], day(-1));
    assert_eq!(s["verification"], Value::Null);
    assert_eq!(app.audit_count("agency.pdm_schedule_set"), 1);

    // The window passed with nothing submitted: overdue, and the list finds them.
    let me: Value = app.get_json_as("/api/v1/me", &t).await;
    assert_eq!(me["employee"]["pdm_status"], "belum_mulai");
    assert_eq!(me["employee"]["pdm_overdue"], true);
    let overdue: Value = app
        .get_json_as("/api/v1/employees?pdm_overdue=true&per_page=200", &admin)
        .await;
    let nips = |page: &Value| -> Vec<String> {
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["nip"].as_str().unwrap().to_owned())
            .collect()
    };
    assert!(nips(&overdue).contains(&e.nip), "{overdue}");
    assert!(overdue["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|i| i["pdm_overdue"] == true));
    let not_overdue: Value = app
        .get_json_as("/api/v1/employees?pdm_overdue=false&per_page=200", &admin)
        .await;
    assert!(!nips(&not_overdue).contains(&e.nip));

    // A draft may be written, but not submitted outside the window; the problem names it.
    let p = ok_json(
        app.post_as(
            "/api/v1/proposals",
            &t,
            &json!({"category": "jabatan", "action": "add", "data": {
                "jenis_jabatan": "pelaksana", "nama_jabatan": "Pengelola Data Kepegawaian",
                "tmt_jabatan": "2026-11-01", "nomor_sk": "821.2/77/2026", "tanggal_sk": "2026-10-25"
            }}),
        )
        .await,
        201,
    )
    .await;
    let id = p["id"].as_str().unwrap().to_owned();
    ok_json(
        app.upload_document(&id, &t, pdf("SK Jabatan"), "sk.pdf", Some("sk_jabatan"))
            .await,
        201,
    )
    .await;
    let submit = format!("/api/v1/proposals/{id}/submit");
    let body = problem(
        app.post_as(&submit, &t, &json!({})).await,
        403,
        "window_closed",
    )
    .await;
    assert_eq!(body["window"], json!({"from": day(-10), "to": day(-1)}));
    let shown = (today_wib() - Duration::days(1))
        .format("%d/%m/%Y")
        .to_string();
    assert!(body["detail"].as_str().unwrap().contains(&shown), "{body}");

    // Extended to today; verification opens tomorrow.
    ok_json(
        app.put_json_as(
            &path,
            &admin,
            &json!({"submission": {"from": day(-10), "to": day(0)},
                    "verification": {"from": day(1), "to": day(10)}}),
        )
        .await,
        200,
    )
    .await;
    let p = ok_json(app.post_as(&submit, &t, &json!({})).await, 200).await;
    assert_eq!(p["status"], "submitted");
    let me: Value = app.get_json_as("/api/v1/me", &t).await;
    assert_eq!(
        (
            me["employee"]["pdm_status"].as_str(),
            me["employee"]["pdm_overdue"].as_bool()
        ),
        (Some("proses"), Some(false))
    );

    // The verifier waits for the verification window.
    let verifier = app.access_of_role("verifikator").await;
    let body = problem(
        app.decide(&id, &verifier, json!({"decision": "accept"}))
            .await,
        403,
        "window_closed",
    )
    .await;
    assert_eq!(body["window"]["from"], day(1));
    ok_json(
        app.put_json_as(
            &path,
            &admin,
            &json!({"submission": {"from": day(-10), "to": day(0)}, "verification": null}),
        )
        .await,
        200,
    )
    .await;
    let p = ok_json(
        app.decide(&id, &verifier, json!({"decision": "accept"}))
            .await,
        200,
    )
    .await;
    assert_eq!(p["status"], "verified");
    assert_eq!(app.audit_count("agency.pdm_schedule_set"), 3);
}

both!(windows_close_and_open_the_steps_and_mark_the_overdue);
