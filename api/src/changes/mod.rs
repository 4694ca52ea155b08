//! The change feed (`GET /api/v1/changes`): every change to an employee record, a card's status
//! and every approved proposal, written in the transaction of its cause and numbered in commit
//! order (see the migration: the one counter row is taken last and held to the commit), so an HR
//! system that stores the last cursor it read never misses a change, even one committed while it
//! was reading.

pub mod routes;

use base64::Engine;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use satu_shared::changes::{Change, ChangePage, ChangeType};
use serde_json::{json, Value};

use crate::db::schema::{cards, change_counter, changes, employees, feed_days, units};
use crate::db::{now, DbConn, Stored};
use crate::employees::store::Employee;
use crate::error::ApiError;

/// A change to record.
#[derive(Debug, Clone)]
pub struct Pending {
    pub agency_id: String,
    pub kind: ChangeType,
    pub nip: String,
    pub data: Value,
}

#[derive(Debug, Clone, Insertable, Queryable, Selectable)]
#[diesel(table_name = changes)]
struct Row {
    seq: i64,
    agency_id: String,
    at: NaiveDateTime,
    #[diesel(serialize_as = Stored<ChangeType>, deserialize_as = Stored<ChangeType>)]
    kind: ChangeType,
    nip: String,
    data: String,
}

/// Takes `k` numbers; the first. The counter row stays locked until the caller's transaction
/// ends: call this last in a transaction.
fn take(c: &mut DbConn, k: i64) -> QueryResult<i64> {
    diesel::update(change_counter::table.find(1))
        .set(change_counter::n.eq(change_counter::n + k))
        .execute(c)?;
    let n: i64 = change_counter::table
        .find(1)
        .select(change_counter::n)
        .get_result(c)?;
    Ok(n - k + 1)
}

/// Records changes in the caller's transaction (as its last step: see [`take`]).
pub fn record(c: &mut DbConn, items: Vec<Pending>) -> QueryResult<()> {
    if items.is_empty() {
        return Ok(());
    }
    let first = take(c, items.len() as i64)?;
    let at = now();
    let rows: Vec<Row> = items
        .into_iter()
        .zip(first..)
        .map(|(p, seq)| Row {
            seq,
            agency_id: p.agency_id,
            at,
            kind: p.kind,
            nip: p.nip,
            data: p.data.to_string(),
        })
        .collect();
    for chunk in rows.chunks(200) {
        crate::on_backend!(c, |c| diesel::insert_into(changes::table)
            .values(chunk.to_vec())
            .execute(c))?;
    }
    Ok(())
}

/// An employee's record as the feed tells it: the main facts, the unit by id and name, and what
/// made the change (`import`, `status`, `proposal`, `photo`).
pub fn employee(e: &Employee, unit_name: &str, source: &str) -> Pending {
    Pending {
        agency_id: e.agency_id.clone(),
        kind: ChangeType::EmployeeUpdated,
        nip: e.nip.clone(),
        data: json!({
            "nip": e.nip,
            "name": e.name,
            "gelar_depan": e.gelar_depan,
            "gelar_belakang": e.gelar_belakang,
            "kind": e.kind,
            "status": e.status,
            "kedudukan_hukum": e.kedudukan_hukum,
            "golongan": e.golongan,
            "jenis_jabatan": e.jenis_jabatan,
            "jabatan": e.jabatan,
            "unit": {"id": e.unit_id, "name": unit_name},
            "agency_id": e.agency_id,
            "updated_at": e.updated_at.and_utc(),
            "source": source,
        }),
    }
}

/// The card's status change between two states of a record, when the employee holds a card and
/// its validity differs.
pub fn card_status(
    c: &mut DbConn,
    before: &Employee,
    after: &Employee,
) -> QueryResult<Option<Pending>> {
    let (was, is) = (
        crate::cards::service::validity(before),
        crate::cards::service::validity(after),
    );
    if was == is {
        return Ok(None);
    }
    let serial: Option<String> = cards::table
        .filter(cards::employee_id.eq(&after.id))
        .select(cards::serial)
        .get_result(c)
        .optional()?;
    Ok(serial.map(|serial| Pending {
        agency_id: after.agency_id.clone(),
        kind: ChangeType::CardStatusChanged,
        nip: after.nip.clone(),
        data: json!({
            "serial": serial,
            "status": if is.is_ok() { "valid" } else { "invalid" },
            "reason": is.err(),
        }),
    }))
}

/// After a record changed in this transaction: its `employee.updated` (and the card's status
/// change, if any) recorded, read from the record as it now is.
pub fn after_employee_change(
    c: &mut DbConn,
    before: &Employee,
    source: &str,
    more: Vec<Pending>,
) -> Result<(), ApiError> {
    let Some((after, unit, _)) = crate::employees::store::find_with_org(c, &before.id)? else {
        return Ok(());
    };
    let mut items = more;
    let now_told = employee(&after, &unit.name, source);
    if before.agency_id != after.agency_id {
        // A transfer: the agency the employee left learns it too.
        items.push(Pending {
            agency_id: before.agency_id.clone(),
            ..now_told.clone()
        });
    }
    items.push(now_told);
    items.extend(card_status(c, before, &after)?);
    record(c, items)?;
    Ok(())
}

/// How far back a day missed (every server stopped) is made up.
const MAKE_UP_DAYS: i64 = 7;

/// Changes of time alone, once a day: a PPPK agreement that ended the day before makes its card
/// invalid today with no write to the record, so its `card.status_changed` is written here (for
/// each day since the last one done, at most a week back). Answers the changes written; 0 when
/// today was done already (by this or another server).
pub fn daily(c: &mut DbConn, today: chrono::NaiveDate) -> Result<usize, ApiError> {
    let outcome = crate::db::transaction::<_, diesel::result::Error, _>(c, |c| {
        let last: Option<chrono::NaiveDate> = feed_days::table
            .select(diesel::dsl::max(feed_days::day))
            .get_result(c)?;
        if last.is_some_and(|d| d >= today) {
            return Ok(0);
        }
        diesel::insert_into(feed_days::table)
            .values((feed_days::day.eq(today), feed_days::done_at.eq(now())))
            .execute(c)?;
        let first = last
            .map_or(today, |d| d + chrono::Duration::days(1))
            .max(today - chrono::Duration::days(MAKE_UP_DAYS));
        // Agreements that ended the day before each day: their cards are invalid from that day.
        let ended: Vec<(Employee, String)> = employees::table
            .inner_join(cards::table)
            .filter(employees::kind.eq(Stored(satu_shared::EmployeeKind::Pppk)))
            .filter(employees::pppk_end.ge(first - chrono::Duration::days(1)))
            .filter(employees::pppk_end.lt(today))
            .select((Employee::as_select(), cards::serial))
            .load(c)?;
        let items: Vec<Pending> = ended
            .into_iter()
            .map(|(e, serial)| Pending {
                agency_id: e.agency_id.clone(),
                kind: ChangeType::CardStatusChanged,
                nip: e.nip.clone(),
                data: json!({
                    "serial": serial,
                    "status": "invalid",
                    "reason": satu_shared::card::InvalidReason::ContractEnded,
                    "since": e.pppk_end.map(|d| d + chrono::Duration::days(1)),
                }),
            })
            .collect();
        let n = items.len();
        record(c, items)?;
        Ok(n)
    });
    match outcome {
        Ok(n) => Ok(n),
        // Another server wrote today's first.
        Err(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        )) => Ok(0),
        Err(e) => Err(e.into()),
    }
}

const CURSOR_PREFIX: &str = "chg1:";

/// The cursor of a change number (opaque to readers).
pub fn cursor(seq: i64) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("{CURSOR_PREFIX}{seq}"))
}

/// A cursor's change number; `None` for anything not made by [`cursor`].
pub fn seq_of(cursor: &str) -> Option<i64> {
    let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(cursor.trim())
        .ok()?;
    let text = String::from_utf8(raw).ok()?;
    text.strip_prefix(CURSOR_PREFIX)?
        .parse::<i64>()
        .ok()
        .filter(|n| *n >= 0)
}

/// The changes of `agencies` after number `after`, at most `limit`.
pub fn page(
    c: &mut DbConn,
    agencies: &[String],
    after: i64,
    limit: i64,
) -> Result<ChangePage, ApiError> {
    // One agency (a client's, most admins'): equality, so the (agency_id, seq) index is walked in
    // order and a page reads only its rows however long the feed.
    let q = changes::table.filter(changes::seq.gt(after)).into_boxed();
    let q = match agencies {
        [one] => q.filter(changes::agency_id.eq(one.clone())),
        _ => q.filter(changes::agency_id.eq_any(agencies.to_vec())),
    };
    let rows: Vec<Row> = q
        .order(changes::seq)
        .limit(limit)
        .select(Row::as_select())
        .load(c)?;
    let next = cursor(rows.last().map_or(after, |r| r.seq));
    let items = rows
        .into_iter()
        .map(|r| Change {
            cursor: cursor(r.seq),
            at: r.at.and_utc(),
            kind: r.kind,
            nip: r.nip,
            data: serde_json::from_str(&r.data).unwrap_or(Value::Null),
        })
        .collect();
    Ok(ChangePage { items, next })
}

/// The names of units by id (for the changes of an import's batch).
pub fn unit_names(
    c: &mut DbConn,
    ids: &[String],
) -> QueryResult<std::collections::HashMap<String, String>> {
    Ok(units::table
        .filter(units::id.eq_any(ids))
        .select((units::id, units::name))
        .load::<(String, String)>(c)?
        .into_iter()
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_nothing_else_is_one() {
        for n in [0, 1, 999, i64::MAX] {
            assert_eq!(seq_of(&cursor(n)), Some(n));
        }
        assert_eq!(seq_of("12"), None);
        assert_eq!(seq_of(""), None);
        assert_eq!(seq_of("Y2hnMTotMQ"), None); // "chg1:-1"
        assert_ne!(cursor(1), "1");
    }
}
