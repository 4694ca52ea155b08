use diesel::prelude::*;

use crate::db::schema::{agencies, units};
use crate::db::DbConn;

#[derive(Debug, Clone, Insertable, Queryable, Selectable)]
#[diesel(treat_none_as_default_value = false)]
#[diesel(table_name = agencies)]
pub struct Agency {
    pub id: String,
    pub code: String,
    pub name: String,
    pub kind: String,
    pub kanreg_code: Option<String>,
    pub kanreg_name: Option<String>,
    pub created_at: chrono::NaiveDateTime,
}

#[derive(Debug, Clone, Insertable, Queryable, Selectable)]
#[diesel(treat_none_as_default_value = false)]
#[diesel(table_name = units)]
pub struct Unit {
    pub id: String,
    pub agency_id: String,
    pub parent_id: Option<String>,
    pub code: String,
    pub name: String,
    pub created_at: chrono::NaiveDateTime,
}

pub fn find_agency_by_code(conn: &mut DbConn, code: &str) -> QueryResult<Option<Agency>> {
    agencies::table
        .filter(agencies::code.eq(code))
        .select(Agency::as_select())
        .get_result(conn)
        .optional()
}

pub fn insert_agencies(conn: &mut DbConn, rows: &[Agency]) -> QueryResult<usize> {
    crate::on_backend!(conn, |c| diesel::insert_into(agencies::table)
        .values(rows)
        .execute(c))
}

/// Inserts units; parents must come before their children.
pub fn insert_units(conn: &mut DbConn, rows: &[Unit]) -> QueryResult<usize> {
    crate::on_backend!(conn, |c| diesel::insert_into(units::table)
        .values(rows)
        .execute(c))
}
