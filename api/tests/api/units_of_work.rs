//! A unit of work stands or falls as one: `Db::write` commits what its service wrote only when it
//! succeeds, and commits a refusal it answers as `Ok(Err(…))`; on both databases.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use satu_api::audit::{Actor, Ctx};
use satu_api::error::ApiError;

use crate::both;
use crate::common::TestApp;

fn record(c: &mut satu_api::db::DbConn, action: &str) -> Result<(), ApiError> {
    Ctx::system().record(
        c,
        Actor::System("test"),
        action,
        None,
        serde_json::json!({}),
    )?;
    Ok(())
}

async fn a_failed_unit_of_work_leaves_nothing_and_a_recorded_refusal_stays(app: TestApp) {
    // Two writes, then a failure: neither write is kept.
    let failed = app
        .db
        .write(|c| {
            record(c, "test.first")?;
            record(c, "test.second")?;
            Err::<(), _>(ApiError::NotFound)
        })
        .await;
    assert!(matches!(failed, Err(ApiError::NotFound)));
    assert_eq!(app.audit_count("test.first"), 0);
    assert_eq!(app.audit_count("test.second"), 0);

    // A refusal that is recorded: committed, then answered.
    let refused = app
        .db
        .write(|c| {
            record(c, "test.refusal_recorded")?;
            Ok(Err::<(), _>(ApiError::Forbidden))
        })
        .await;
    assert!(matches!(refused, Ok(Err(ApiError::Forbidden))));
    assert_eq!(app.audit_count("test.refusal_recorded"), 1);

    // A nested diesel transaction inside the unit is a savepoint: its failure alone rolls back.
    app.db
        .write(|c| {
            record(c, "test.outer")?;
            let inner: Result<(), diesel::result::Error> =
                diesel::Connection::transaction(c, |c| {
                    record(c, "test.inner")
                        .map_err(|_| diesel::result::Error::RollbackTransaction)?;
                    Err(diesel::result::Error::RollbackTransaction)
                });
            assert!(inner.is_err());
            Ok(())
        })
        .await
        .unwrap();
    assert_eq!(app.audit_count("test.outer"), 1);
    assert_eq!(app.audit_count("test.inner"), 0);

    // The synchronous form (commands, background work) behaves alike.
    let mut conn = app.db.get().unwrap();
    let r: Result<(), ApiError> = satu_api::db::transaction(&mut conn, |c| {
        record(c, "test.sync")?;
        Err(ApiError::NotFound)
    });
    assert!(r.is_err());
    satu_api::db::transaction::<_, ApiError, _>(&mut conn, |c| record(c, "test.sync_ok")).unwrap();
    drop(conn);
    assert_eq!(app.audit_count("test.sync"), 0);
    assert_eq!(app.audit_count("test.sync_ok"), 1);
}

both!(a_failed_unit_of_work_leaves_nothing_and_a_recorded_refusal_stays);
