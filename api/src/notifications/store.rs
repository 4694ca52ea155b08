//! SQL of the notifications.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{accounts, notifications};
use crate::db::DbConn;

#[derive(Debug, Clone, Insertable, Queryable, Selectable)]
#[diesel(treat_none_as_default_value = false)]
#[diesel(table_name = notifications)]
pub struct NotificationRow {
    pub id: String,
    pub account_id: String,
    pub kind: String,
    pub proposal_id: Option<String>,
    pub title: String,
    pub body: String,
    pub created_at: NaiveDateTime,
    pub read_at: Option<NaiveDateTime>,
}

pub fn insert(conn: &mut DbConn, row: &NotificationRow) -> QueryResult<usize> {
    diesel::insert_into(notifications::table)
        .values(row.clone())
        .execute(conn)
}

/// The accounts of an employee (one, in practice).
pub fn accounts_of_employee(conn: &mut DbConn, employee_id: &str) -> QueryResult<Vec<String>> {
    accounts::table
        .filter(accounts::employee_id.eq(employee_id))
        .select(accounts::id)
        .load(conn)
}

/// A page of an account's notifications, newest first, and their total.
pub fn page(
    conn: &mut DbConn,
    account_id: &str,
    unread_only: bool,
    paging: crate::paging::Paging,
) -> QueryResult<(Vec<NotificationRow>, i64)> {
    let mine = || {
        let q = notifications::table
            .filter(notifications::account_id.eq(account_id.to_owned()))
            .into_boxed();
        if unread_only {
            q.filter(notifications::read_at.is_null())
        } else {
            q
        }
    };
    let total: i64 = mine().count().get_result(conn)?;
    let rows = mine()
        .order((notifications::created_at.desc(), notifications::id.desc()))
        .limit(paging.limit())
        .offset(paging.offset())
        .select(NotificationRow::as_select())
        .load(conn)?;
    Ok((rows, total))
}

pub fn unread(conn: &mut DbConn, account_id: &str) -> QueryResult<i64> {
    notifications::table
        .filter(notifications::account_id.eq(account_id))
        .filter(notifications::read_at.is_null())
        .count()
        .get_result(conn)
}

/// Marks the account's unread notifications among `ids` (all of them when `ids` is `None`) read.
pub fn mark_read(
    conn: &mut DbConn,
    account_id: &str,
    ids: Option<&[String]>,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    let target = notifications::table
        .filter(notifications::account_id.eq(account_id))
        .filter(notifications::read_at.is_null());
    match ids {
        Some(ids) => diesel::update(target.filter(notifications::id.eq_any(ids)))
            .set(notifications::read_at.eq(Some(at)))
            .execute(conn),
        None => diesel::update(target)
            .set(notifications::read_at.eq(Some(at)))
            .execute(conn),
    }
}
