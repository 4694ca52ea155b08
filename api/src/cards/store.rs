use chrono::NaiveDateTime;
use diesel::prelude::*;
use satu_shared::card::Orientation;

use crate::db::schema::{card_events, cards};
use crate::db::{new_id, DbConn, Stored};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = cards)]
pub struct Card {
    pub id: String,
    pub employee_id: String,
    pub serial: String,
    pub prefix: String,
    pub year: i32,
    pub seq: i32,
    pub status_index: i32,
    #[diesel(serialize_as = Stored<Orientation>, deserialize_as = Stored<Orientation>)]
    pub orientation: Orientation,
    pub issued_at: NaiveDateTime,
}

pub fn of_employee(conn: &mut DbConn, employee_id: &str) -> QueryResult<Option<Card>> {
    cards::table
        .filter(cards::employee_id.eq(employee_id))
        .select(Card::as_select())
        .get_result(conn)
        .optional()
}

/// The next free sequence number of a prefix and year, and the next status-list index.
pub fn next_numbers(conn: &mut DbConn, prefix: &str, year: i32) -> QueryResult<(i32, i32)> {
    let seq: Option<i32> = cards::table
        .filter(cards::prefix.eq(prefix))
        .filter(cards::year.eq(year))
        .select(diesel::dsl::max(cards::seq))
        .get_result(conn)?;
    Ok((seq.unwrap_or(0) + 1, next_status_index(conn)?))
}

/// The next free status-list index.
pub fn next_status_index(conn: &mut DbConn) -> QueryResult<i32> {
    let index: Option<i32> = cards::table
        .select(diesel::dsl::max(cards::status_index))
        .get_result(conn)?;
    Ok(index.map_or(0, |i| i + 1))
}

/// Several cards (an import's batch).
pub fn insert_many(conn: &mut DbConn, rows: &[Card]) -> QueryResult<usize> {
    let mut n = 0;
    for chunk in rows.chunks(100) {
        n += crate::on_backend!(conn, |c| diesel::insert_into(cards::table)
            .values(chunk.to_vec())
            .execute(c))?;
    }
    Ok(n)
}

pub fn insert(conn: &mut DbConn, card: &Card) -> QueryResult<usize> {
    diesel::insert_into(cards::table)
        .values(card.clone())
        .execute(conn)
}

pub fn set_orientation(
    conn: &mut DbConn,
    id: &str,
    orientation: Orientation,
) -> QueryResult<usize> {
    diesel::update(cards::table.find(id))
        .set(cards::orientation.eq(Stored(orientation)))
        .execute(conn)
}

pub fn count(conn: &mut DbConn) -> QueryResult<i64> {
    cards::table.count().get_result(conn)
}

/// Every employee record that has no card yet.
pub fn employees_without_card(
    conn: &mut DbConn,
) -> QueryResult<Vec<crate::employees::store::Employee>> {
    use crate::db::schema::employees;
    use crate::employees::store::Employee;
    let with_card = cards::table.select(cards::employee_id);
    employees::table
        .filter(employees::id.ne_all(with_card))
        .select(Employee::as_select())
        .load(conn)
}

/// What happened to a card, for the adoption report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardEvent {
    /// The owner downloaded a render.
    Download,
    /// The agency's HR system recorded the card uploaded to its SIK.
    SikUpload,
}

impl CardEvent {
    pub const ALL: [CardEvent; 2] = [CardEvent::Download, CardEvent::SikUpload];

    pub fn as_str(self) -> &'static str {
        match self {
            CardEvent::Download => "download",
            CardEvent::SikUpload => "sik_upload",
        }
    }
}

crate::stored_enums!(CardEvent => "card event");

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = card_events)]
struct NewEvent<'a> {
    id: String,
    card_id: &'a str,
    #[diesel(serialize_as = Stored<CardEvent>)]
    kind: CardEvent,
    detail: Option<&'a str>,
    at: NaiveDateTime,
}

/// Records a download or an upload to the SIK.
pub fn record_event(
    conn: &mut DbConn,
    card_id: &str,
    kind: CardEvent,
    detail: Option<&str>,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::insert_into(card_events::table)
        .values(NewEvent {
            id: new_id(),
            card_id,
            kind,
            detail,
            at,
        })
        .execute(conn)
}

pub fn count_events(conn: &mut DbConn, card_id: &str, kind: CardEvent) -> QueryResult<i64> {
    card_events::table
        .filter(card_events::card_id.eq(card_id))
        .filter(card_events::kind.eq(Stored(kind)))
        .count()
        .get_result(conn)
}

/// What a verification reads of a card and its record: only the columns it answers with.
#[derive(Debug, Clone, Queryable)]
pub struct VerifiedRow {
    pub card_id: String,
    pub serial: String,
    pub issued_at: NaiveDateTime,
    pub nip: String,
    pub name: String,
    pub gelar_depan: Option<String>,
    pub gelar_belakang: Option<String>,
    pub kind: String,
    pub status: String,
    pub kedudukan_hukum: String,
    pub tmt_pns: Option<chrono::NaiveDate>,
    pub pppk_start: Option<chrono::NaiveDate>,
    pub pppk_end: Option<chrono::NaiveDate>,
    pub photo_path: Option<String>,
    pub agency: String,
}

/// A card by serial with what a verification answers, in one query (the public hot path).
///
/// Run on the concrete connection: through the multi-backend connection diesel builds the SQL
/// text again on every execution to find its prepared statement (the wrapper has no static
/// query id), which cost more than SQLite's execution of this query.
pub fn for_verification(conn: &mut DbConn, serial: &str) -> QueryResult<Option<VerifiedRow>> {
    use crate::db::schema::{agencies, employees};
    let query = cards::table
        .inner_join(employees::table.inner_join(agencies::table))
        .filter(cards::serial.eq(serial))
        .select((
            cards::id,
            cards::serial,
            cards::issued_at,
            employees::nip,
            employees::name,
            employees::gelar_depan,
            employees::gelar_belakang,
            employees::kind,
            employees::status,
            employees::kedudukan_hukum,
            employees::tmt_pns,
            employees::pppk_start,
            employees::pppk_end,
            employees::photo_path,
            agencies::name,
        ));
    crate::on_backend!(conn, |c| query.get_result(c).optional())
}
