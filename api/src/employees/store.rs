use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::schema::{agencies, employees, units};
use crate::db::DbConn;
use crate::org::store::{Agency, Unit};

#[derive(Debug, Clone, Insertable, Queryable, Selectable)]
#[diesel(treat_none_as_default_value = false)]
#[diesel(table_name = employees)]
pub struct Employee {
    pub id: String,
    pub nip: String,
    pub nik: String,
    pub name: String,
    pub gelar_depan: Option<String>,
    pub gelar_belakang: Option<String>,
    pub birth_place: String,
    pub birth_date: NaiveDate,
    pub sex: String,
    pub religion: Option<String>,
    pub marital_status: Option<String>,
    pub address: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub kind: String,
    pub status: String,
    pub kedudukan_hukum: String,
    pub status_date: Option<NaiveDate>,
    pub status_sk: Option<String>,
    pub golongan: Option<String>,
    pub jenis_jabatan: Option<String>,
    pub jabatan: Option<String>,
    pub agency_id: String,
    pub unit_id: String,
    pub tmt_cpns: Option<NaiveDate>,
    pub tmt_pns: Option<NaiveDate>,
    pub pppk_start: Option<NaiveDate>,
    pub pppk_end: Option<NaiveDate>,
    pub photo_path: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConn, rows: &[Employee]) -> QueryResult<usize> {
    // SQLite limits bound parameters per statement; 31 columns x 30 rows stays well under it.
    let mut n = 0;
    for chunk in rows.chunks(30) {
        n += crate::on_backend!(conn, |c| diesel::insert_into(employees::table)
            .values(chunk)
            .execute(c))?;
    }
    Ok(n)
}

pub fn count(conn: &mut DbConn) -> QueryResult<i64> {
    employees::table.count().get_result(conn)
}

/// An employee with their unit and agency.
pub fn find_with_org(
    conn: &mut DbConn,
    employee_id: &str,
) -> QueryResult<Option<(Employee, Unit, Agency)>> {
    employees::table
        .inner_join(units::table)
        .inner_join(agencies::table)
        .filter(employees::id.eq(employee_id))
        .select((
            Employee::as_select(),
            Unit::as_select(),
            Agency::as_select(),
        ))
        .first(conn)
        .optional()
}
