//! Housekeeping while the server runs: sign-in challenges, QR sign-in sessions, password reset
//! links and refresh tokens are deleted a day after they expire, once an hour, so those tables
//! hold what is live (at a deadline, hundreds of thousands of sign-ins a day would otherwise stay
//! forever); document files no document names are removed a day after they were written; and
//! the day's changes of time alone (PPPK agreements ended) are written to the change feed.

use std::sync::Weak;
use std::time::Duration;

use crate::accounts::store::{purge_expired, Purged};
use crate::db::Db;

/// How long an expired row is kept (to read in an investigation of the day's events).
pub const GRACE: chrono::TimeDelta = chrono::TimeDelta::days(1);

/// One round: what expired more than [`GRACE`] before `now` is deleted.
pub fn run_once(db: &Db, now: chrono::NaiveDateTime) -> anyhow::Result<Purged> {
    let mut conn = db.get()?;
    Ok(purge_expired(&mut conn, now - GRACE)?)
}

/// Runs a round at start and then every `every` while the server lives; each round also makes or
/// retires session keys as due.
pub fn spawn(
    db: Db,
    files: crate::storage::Storage,
    session_keys: std::sync::Arc<crate::keys::SessionKeys>,
    alive: Weak<()>,
    every: Duration,
) -> std::io::Result<()> {
    crate::background::spawn_every(
        "satu-housekeeping",
        alive,
        every,
        crate::background::AtStop::Nothing,
        move || {
            if let Err(e) = session_keys.rotate_if_due(crate::db::now()) {
                tracing::warn!(error = %e, "rotating session keys failed; tried again next round");
            }
            match db
                .get()
                .map_err(anyhow::Error::from)
                .and_then(|mut c| Ok(crate::changes::daily(&mut c, crate::db::today_wib())?))
            {
                Ok(0) => {}
                Ok(n) => tracing::info!(
                    changes = n,
                    "the day's card status changes written to the feed"
                ),
                Err(e) => {
                    tracing::warn!(error = %e, "writing the day's changes failed; tried again next round")
                }
            }
            match run_once(&db, crate::db::now()) {
                Ok(p) if p.total() > 0 => tracing::info!(
                    login_challenges = p.login_challenges,
                    qr_sessions = p.qr_sessions,
                    password_resets = p.password_resets,
                    refresh_tokens = p.refresh_tokens,
                    sessions = p.sessions,
                    "expired sign-in records deleted"
                ),
                Ok(_) => {}
                Err(e) => {
                    tracing::warn!(error = %e, "deleting expired sign-in records failed; tried again next round")
                }
            }
            let swept =
                actix_web::rt::System::new().block_on(crate::documents::sweep(&db, &files, GRACE));
            match swept {
                Ok(0) => {}
                Ok(n) => tracing::info!(files = n, "document files no document names removed"),
                Err(e) => {
                    tracing::warn!(error = %e, "removing unnamed document files failed; tried again next round")
                }
            }
        },
    )
}
