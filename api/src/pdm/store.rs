//! SQL of the data update: the history rows.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::schema::history_rows;
use crate::db::DbConn;

/// A history row as stored (`data` is JSON text).
#[derive(Debug, Clone, Insertable, Queryable, Selectable)]
#[diesel(treat_none_as_default_value = false)]
#[diesel(table_name = history_rows)]
pub struct StoredRow {
    pub id: String,
    pub employee_id: String,
    pub category: String,
    pub data: String,
    pub sort_date: Option<NaiveDate>,
    pub source: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// An employee's rows of one category, newest first.
pub fn rows_of(
    conn: &mut DbConn,
    employee_id: &str,
    category: &str,
) -> QueryResult<Vec<StoredRow>> {
    history_rows::table
        .filter(history_rows::employee_id.eq(employee_id))
        .filter(history_rows::category.eq(category))
        .order((
            history_rows::sort_date.desc(),
            history_rows::created_at.desc(),
            history_rows::id.desc(),
        ))
        .select(StoredRow::as_select())
        .load(conn)
}

pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<StoredRow>> {
    history_rows::table
        .find(id)
        .select(StoredRow::as_select())
        .get_result(conn)
        .optional()
}

/// A row's new fields (an approved change).
pub fn update_data(
    conn: &mut DbConn,
    id: &str,
    data: &str,
    sort_date: Option<NaiveDate>,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(history_rows::table.find(id))
        .set((
            history_rows::data.eq(data),
            history_rows::sort_date.eq(sort_date),
            history_rows::source.eq("proposal"),
            history_rows::updated_at.eq(at),
        ))
        .execute(conn)
}

/// Removes a row (an approved removal).
pub fn delete(conn: &mut DbConn, id: &str) -> QueryResult<usize> {
    diesel::delete(history_rows::table.find(id)).execute(conn)
}

pub fn insert(conn: &mut DbConn, rows: &[StoredRow]) -> QueryResult<usize> {
    let mut n = 0;
    // SQLite takes at most 32766 bound values a statement: 8 columns, 1000 rows a batch.
    for chunk in rows.chunks(1000) {
        n += crate::on_backend!(conn, |c| diesel::insert_into(history_rows::table)
            .values(chunk.to_vec())
            .execute(c))?;
    }
    Ok(n)
}

pub fn count(conn: &mut DbConn) -> QueryResult<i64> {
    history_rows::table.count().get_result(conn)
}
