//! Verifications counted per card and day, never who verified. The public verification path only
//! adds to a counter in memory; a background thread writes the counts every few seconds (and once
//! more as the server stops), so scans of many cards at once cost the database no writes.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

use chrono::NaiveDate;
use diesel::prelude::*;

use crate::db::schema::card_verifications;
use crate::db::{Db, DbConn};

#[derive(Default)]
pub struct VerificationTally {
    pending: Mutex<HashMap<(String, NaiveDate), i64>>,
}

impl VerificationTally {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<(String, NaiveDate), i64>> {
        match self.pending.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    pub fn record(&self, card_id: &str, day: NaiveDate) {
        *self.lock().entry((card_id.to_owned(), day)).or_insert(0) += 1;
    }

    /// Adds the pending counts to the database in one transaction; on failure they stay pending.
    pub fn flush(&self, conn: &mut DbConn) -> QueryResult<usize> {
        let taken = std::mem::take(&mut *self.lock());
        if taken.is_empty() {
            return Ok(0);
        }
        let written = crate::db::transaction(conn, |c| {
            for ((card_id, day), n) in &taken {
                crate::on_backend!(c, |c| diesel::insert_into(card_verifications::table)
                    .values((
                        card_verifications::card_id.eq(card_id),
                        card_verifications::day.eq(day),
                        card_verifications::count.eq(n),
                    ))
                    .on_conflict((card_verifications::card_id, card_verifications::day))
                    .do_update()
                    .set(card_verifications::count.eq(card_verifications::count + n))
                    .execute(c))?;
            }
            Ok::<_, diesel::result::Error>(taken.len())
        });
        if written.is_err() {
            let mut pending = self.lock();
            for (k, n) in taken {
                *pending.entry(k).or_insert(0) += n;
            }
        }
        written
    }
}

/// All verifications of a card so far (for reports and tests; call after a flush).
pub fn count(conn: &mut DbConn, card_id: &str) -> QueryResult<i64> {
    // One row a day: added up here (SUM of a BIGINT is NUMERIC on PostgreSQL).
    let days: Vec<i64> = card_verifications::table
        .filter(card_verifications::card_id.eq(card_id))
        .select(card_verifications::count)
        .load(conn)?;
    Ok(days.iter().sum())
}

/// Writes the counts every `every` while the server lives, and once more after it stops.
pub fn spawn_flusher(
    db: Db,
    tally: Arc<VerificationTally>,
    alive: Weak<()>,
    every: Duration,
) -> std::io::Result<()> {
    let flush = move |tally: &VerificationTally| match db.get() {
        Ok(mut conn) => {
            if let Err(e) = tally.flush(&mut conn) {
                tracing::warn!(error = %e, "writing verification counts failed; kept for the next round");
            }
        }
        Err(e) => tracing::warn!(error = %e, "no database connection for verification counts"),
    };
    crate::background::spawn_every(
        "satu-tally",
        alive,
        every,
        crate::background::AtStop::OneMoreRound,
        move || flush(&tally),
    )
}
