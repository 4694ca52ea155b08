//! Housekeeping: sign-in records are deleted a day after they expire; live ones stay and work.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use diesel::prelude::*;
use satu_api::db::schema::{qr_sessions, refresh_tokens};

use crate::both;
use crate::common::{demo_account, TestApp};

fn rows(app: &TestApp) -> (i64, i64) {
    let mut conn = app.db.get().unwrap();
    (
        qr_sessions::table.count().get_result(&mut *conn).unwrap(),
        refresh_tokens::table
            .count()
            .get_result(&mut *conn)
            .unwrap(),
    )
}

async fn records_are_deleted_a_day_after_they_expire(app: TestApp) {
    app.load_demo();
    let a = demo_account("employee");
    app.mark_activated(&a.nip);
    let old = app.tokens(&a.nip, &a.password).await;
    let live = app.tokens(&a.nip, &a.password).await;
    for _ in 0..2 {
        crate::qr_login::ask(&app).await;
    }
    let (qr_before, rt_before) = rows(&app);
    assert!(qr_before >= 2 && rt_before >= 2);

    let now = satu_api::db::now();
    {
        // One QR session and the first login's refresh token expired two days ago; the other QR
        // session expired an hour ago (within the grace day: kept).
        let mut conn = app.db.get().unwrap();
        let qr: Vec<String> = qr_sessions::table
            .select(qr_sessions::id)
            .order(qr_sessions::created_at.asc())
            .load(&mut *conn)
            .unwrap();
        for (id, ago) in [
            (&qr[0], chrono::TimeDelta::days(2)),
            (&qr[1], chrono::TimeDelta::hours(1)),
        ] {
            diesel::update(qr_sessions::table.find(id))
                .set(qr_sessions::expires_at.eq(now - ago))
                .execute(&mut *conn)
                .unwrap();
        }
        let tokens: Vec<String> = refresh_tokens::table
            .select(refresh_tokens::id)
            .order(refresh_tokens::created_at.asc())
            .load(&mut *conn)
            .unwrap();
        diesel::update(refresh_tokens::table.find(&tokens[0]))
            .set(refresh_tokens::expires_at.eq(now - chrono::TimeDelta::days(2)))
            .execute(&mut *conn)
            .unwrap();
    }

    let purged = satu_api::system::housekeeping::run_once(&app.db, now).unwrap();
    assert_eq!(purged.qr_sessions, 1);
    assert_eq!(purged.refresh_tokens, 1);
    assert_eq!(rows(&app), (qr_before - 1, rt_before - 1));
    // Nothing more to do on a second round.
    assert_eq!(
        satu_api::system::housekeeping::run_once(&app.db, now)
            .unwrap()
            .total(),
        0
    );

    // The purged token is unknown now; the live one still refreshes.
    assert_eq!(app.refresh(&old["refresh_token"]).await.status(), 401);
    assert_eq!(app.refresh(&live["refresh_token"]).await.status(), 200);
}

/// Document files no document names (a PDF stored for an upload whose transaction failed, a
/// removed document's file) are removed once old enough; a named one, and a recent one that may
/// belong to an upload still under way, stay.
async fn document_files_no_document_names_are_swept(app: TestApp) {
    use crate::proposals::{madiun_employee, ok_json, pdf};
    use satu_api::documents::sweep;
    app.load_demo();
    let (_, t) = madiun_employee(&app).await;
    let p = ok_json(
        app.post_as(
            "/api/v1/proposals",
            &t,
            &serde_json::json!({"category": "penghargaan", "action": "add", "data": {
                "jenis_penghargaan": "Satyalancana Karya Satya X Tahun", "tahun": 2025,
                "nomor_sk": "5/TK/2025", "tanggal_sk": "2025-08-10"
            }}),
        )
        .await,
        201,
    )
    .await;
    let id = p["id"].as_str().unwrap();
    let named = ok_json(
        app.upload_document(id, &t, pdf("Piagam"), "piagam.pdf", None)
            .await,
        201,
    )
    .await;
    let named = format!("documents/{}", named["sha256"].as_str().unwrap());
    let files = &app.state.files;
    let orphan = format!("documents/{}", "ab".repeat(32));
    files
        .put(&orphan, bytes::Bytes::from(pdf("Tidak bertuan")))
        .await
        .unwrap();
    // Too recent: it may be an upload whose transaction has not committed yet.
    assert_eq!(
        sweep(&app.db, files, chrono::TimeDelta::hours(1))
            .await
            .unwrap(),
        0
    );
    assert!(files.exists(&orphan).await.unwrap());
    // Old enough: the unnamed file goes, the named one stays.
    assert_eq!(
        sweep(&app.db, files, chrono::TimeDelta::zero())
            .await
            .unwrap(),
        1
    );
    assert!(!files.exists(&orphan).await.unwrap());
    assert!(files.exists(&named).await.unwrap());
    assert_eq!(
        sweep(&app.db, files, chrono::TimeDelta::zero())
            .await
            .unwrap(),
        0
    );
}

both!(
    records_are_deleted_a_day_after_they_expire,
    document_files_no_document_names_are_swept
);
