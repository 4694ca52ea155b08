use diesel::prelude::*;

use crate::db::schema::{accounts, role_assignments};
use crate::db::DbConn;

#[derive(Debug, Clone, Insertable)]
#[diesel(treat_none_as_default_value = false)]
#[diesel(table_name = accounts)]
pub struct NewAccount {
    pub id: String,
    pub login: String,
    pub employee_id: Option<String>,
    pub display_name: String,
    pub password_hash: String,
    pub must_change_password: bool,
    pub password_changed_at: Option<chrono::NaiveDateTime>,
    pub failed_logins: i32,
    pub locked_until: Option<chrono::NaiveDateTime>,
    pub disabled: bool,
    pub created_at: chrono::NaiveDateTime,
    pub updated_at: chrono::NaiveDateTime,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(treat_none_as_default_value = false)]
#[diesel(table_name = role_assignments)]
pub struct NewRoleAssignment {
    pub id: String,
    pub account_id: String,
    pub role: String,
    pub scope_kind: String,
    pub scope_id: String,
    pub created_at: chrono::NaiveDateTime,
}

pub fn insert_accounts(conn: &mut DbConn, rows: &[NewAccount]) -> QueryResult<usize> {
    crate::on_backend!(conn, |c| diesel::insert_into(accounts::table)
        .values(rows)
        .execute(c))
}

pub fn insert_roles(conn: &mut DbConn, rows: &[NewRoleAssignment]) -> QueryResult<usize> {
    crate::on_backend!(conn, |c| diesel::insert_into(role_assignments::table)
        .values(rows)
        .execute(c))
}

pub fn count(conn: &mut DbConn) -> QueryResult<i64> {
    accounts::table.count().get_result(conn)
}
