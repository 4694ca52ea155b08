//! An employee's approved history (riwayat): the demo's rows through `/me/history/{category}`
//! and `/employees/{nip}/history/{category}`, newest first, the personal data drawn from the
//! master record, scoped like the records themselves.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::Value;

use crate::both;
use crate::common::{demo_account, employee_access, problem, TestApp};

async fn history_is_served_newest_first_within_scope(app: TestApp) {
    app.load_demo();
    let (e, t) = employee_access(&app, |a| {
        a.kind == "PNS" && a.status == "aktif" && a.agency == "Pemerintah Kota Madiun"
    })
    .await;
    let me: Value = app.get_json_as("/api/v1/me", &t).await;
    let record = &me["employee"];

    // The golongan ladder, newest first; the newest is the record's golongan.
    let res = app.get_as("/api/v1/me/history/golongan", &t).await;
    assert_eq!(res.status(), 200);
    let rows: Vec<Value> = res.json().await.unwrap();
    assert!(!rows.is_empty());
    assert_eq!(rows[0]["data"]["golongan"], record["golongan"]);
    assert_eq!(rows[0]["category"], "golongan");
    assert_eq!(rows[0]["source"], "demo");
    let dates: Vec<&str> = rows
        .iter()
        .map(|r| r["data"]["tmt_golongan"].as_str().unwrap())
        .collect();
    let mut sorted = dates.clone();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted);

    // The current jabatan, and the personal data from the master record (codes, not names).
    let rows: Vec<Value> = app.get_json_as("/api/v1/me/history/jabatan", &t).await;
    assert_eq!(rows[0]["data"]["nama_jabatan"], record["jabatan"]);
    let rows: Vec<Value> = app.get_json_as("/api/v1/me/history/data_pribadi", &t).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["source"], "record");
    assert_eq!(rows[0]["data"]["nama"], record["name"]);
    let agama = rows[0]["data"]["agama"].as_str().unwrap();
    assert!(
        satu_shared::reference::RefList::Agama.contains(agama),
        "{agama}"
    );
    // A category with nothing yet is an empty list.
    let rows: Vec<Value> = app.get_json_as("/api/v1/me/history/penghargaan", &t).await;
    assert!(rows.is_empty());

    // An unknown category is named.
    let body = problem(
        app.get_as("/api/v1/me/history/hobi", &t).await,
        422,
        "validation_failed",
    )
    .await;
    assert!(body["errors"]["category"][0]
        .as_str()
        .unwrap()
        .contains("golongan"));

    // The agency's admin reads the same rows; a monitor of another unit finds no such employee.
    let admin = app.access_of_role("admin").await;
    let path = format!("/api/v1/employees/{}/history/golongan", e.nip);
    let as_admin: Vec<Value> = app.get_json_as(&path, &admin).await;
    let own: Vec<Value> = app.get_json_as("/api/v1/me/history/golongan", &t).await;
    assert_eq!(as_admin, own);
    let monitor = demo_account("monitor");
    assert_ne!(monitor.unit, e.unit);
    let m = app.access_of(&monitor).await;
    problem(app.get_as(&path, &m).await, 404, "not_found").await;
    let body = problem(
        app.get_as("/api/v1/employees/12345/history/golongan", &admin)
            .await,
        422,
        "validation_failed",
    )
    .await;
    assert!(body["errors"]["nip"].is_array());
}

both!(history_is_served_newest_first_within_scope);
