use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use satu_shared::{EmployeeKind, EmployeeStatus, Sex};

use diesel::sql_types::Bool;

use crate::db::schema::{agencies, employees, proposals, units};
use crate::db::{DbConn, Stored};
use crate::org::store::{Agency, Unit};
use crate::policy::Visibility;

#[derive(Debug, Clone, PartialEq, Insertable, Queryable, Selectable)]
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
    #[diesel(serialize_as = Stored<Sex>, deserialize_as = Stored<Sex>)]
    pub sex: Sex,
    pub religion: Option<String>,
    pub marital_status: Option<String>,
    pub address: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    #[diesel(serialize_as = Stored<EmployeeKind>, deserialize_as = Stored<EmployeeKind>)]
    pub kind: EmployeeKind,
    #[diesel(serialize_as = Stored<EmployeeStatus>, deserialize_as = Stored<EmployeeStatus>)]
    pub status: EmployeeStatus,
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
    /// The family-card number (nomor Kartu Keluarga): the second fact of a first login.
    pub nomor_kk: Option<String>,
}

pub fn insert(conn: &mut DbConn, rows: &[Employee]) -> QueryResult<usize> {
    // SQLite limits bound parameters per statement; 31 columns x 30 rows stays well under it.
    let mut n = 0;
    for chunk in rows.chunks(30) {
        n += crate::on_backend!(conn, |c| diesel::insert_into(employees::table)
            .values(chunk.to_vec())
            .execute(c))?;
    }
    Ok(n)
}

/// The NIK in an employee's record.
pub fn nik_of(conn: &mut DbConn, id: &str) -> QueryResult<Option<String>> {
    employees::table
        .find(id)
        .select(employees::nik)
        .get_result(conn)
        .optional()
}

pub fn count(conn: &mut DbConn) -> QueryResult<i64> {
    employees::table.count().get_result(conn)
}

/// An employee with their unit and agency.
pub type EmployeeRow = (Employee, Unit, Agency);

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
        .get_result(conn)
        .optional()
}

diesel::define_sql_function!(fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text);

/// Filters of the employee list.
#[derive(Debug, Clone, Default)]
pub struct EmployeeFilter {
    pub unit_id: Option<String>,
    pub kind: Option<EmployeeKind>,
    pub status: Option<EmployeeStatus>,
    /// Part of the name or NIP.
    pub q: Option<String>,
    /// Missed the submission window (`true`) or not (`false`).
    pub pdm_overdue: Option<bool>,
    /// For `pdm_overdue`: each agency whose submission window has ended, with the instant its
    /// campaign began (filled by the service).
    pub closed_campaigns: Vec<(String, NaiveDateTime)>,
}

type EmployeeQuery<'a> = crate::db::schema::employees::BoxedQuery<'a, crate::db::MultiBackend>;

/// The employees visible under `v` that match `f`, as a boxed query.
fn visible<'a>(v: &'a Visibility, f: &'a EmployeeFilter) -> EmployeeQuery<'a> {
    let mut q = employees::table
        .filter(
            employees::id
                .eq_any(v.employees.iter().cloned().collect::<Vec<_>>())
                .or(employees::unit_id.eq_any(v.units.iter().cloned().collect::<Vec<_>>()))
                .or(employees::agency_id.eq_any(v.agencies.iter().cloned().collect::<Vec<_>>())),
        )
        .into_boxed();
    if let Some(u) = &f.unit_id {
        q = q.filter(employees::unit_id.eq(u));
    }
    if let Some(k) = f.kind {
        q = q.filter(employees::kind.eq(Stored(k)));
    }
    if let Some(s) = f.status {
        q = q.filter(employees::status.eq(Stored(s)));
    }
    if let Some(text) = f.q.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        let escaped = text
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        let pattern = format!("%{}%", escaped.to_lowercase());
        let digits: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        // A NIP prefix is digits only; anything else searches names alone.
        let nip_prefix = if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
            format!("{digits}%")
        } else {
            String::new()
        };
        q = q.filter(
            lower(employees::name)
                .like(pattern)
                .escape('\\')
                .or(employees::nip.like(nip_prefix)),
        );
    }
    if let Some(wanted) = f.pdm_overdue {
        let overdue = overdue_condition(&f.closed_campaigns);
        q = if wanted {
            q.filter(overdue)
        } else {
            q.filter(diesel::dsl::not(overdue))
        };
    }
    q
}

type EmployeeCondition<'a> =
    Box<dyn BoxableExpression<employees::table, crate::db::MultiBackend, SqlType = Bool> + 'a>;

/// Employee of an agency whose submission window has ended, with nothing submitted since its
/// campaign began.
fn overdue_condition(closed: &[(String, NaiveDateTime)]) -> EmployeeCondition<'_> {
    let mut cond: EmployeeCondition<'_> = Box::new(false.into_sql::<Bool>());
    for (agency, start) in closed {
        let submitted = proposals::table
            .filter(proposals::submitted_at.ge(*start))
            .select(proposals::employee_id);
        cond = Box::new(
            cond.or(employees::agency_id
                .eq(agency)
                .and(diesel::dsl::not(employees::id.eq_any(submitted)))),
        );
    }
    cond
}

pub fn list(
    conn: &mut DbConn,
    v: &Visibility,
    f: &EmployeeFilter,
    paging: crate::paging::Paging,
) -> QueryResult<(Vec<EmployeeRow>, i64)> {
    let total: i64 = visible(v, f).count().get_result(conn)?;
    let ids: Vec<String> = visible(v, f)
        .order((employees::name, employees::nip))
        .limit(paging.limit())
        .offset(paging.offset())
        .select(employees::id)
        .load(conn)?;
    let mut rows: Vec<EmployeeRow> = employees::table
        .inner_join(units::table)
        .inner_join(agencies::table)
        .filter(employees::id.eq_any(&ids))
        .select((
            Employee::as_select(),
            Unit::as_select(),
            Agency::as_select(),
        ))
        .load(conn)?;
    rows.sort_by_key(|(e, _, _)| ids.iter().position(|id| *id == e.id));
    Ok((rows, total))
}

/// One employee by NIP, if visible under `v`.
pub fn find_visible(
    conn: &mut DbConn,
    v: &Visibility,
    nip: &str,
) -> QueryResult<Option<(Employee, Unit, Agency)>> {
    let filter = EmployeeFilter::default();
    let id: Option<String> = visible(v, &filter)
        .filter(employees::nip.eq(nip))
        .select(employees::id)
        .get_result(conn)
        .optional()?;
    match id {
        Some(id) => find_with_org(conn, &id),
        None => Ok(None),
    }
}

/// A change of kedudukan hukum: the status, the SIASN code, its date and SK number.
pub fn set_status(
    conn: &mut DbConn,
    id: &str,
    status: EmployeeStatus,
    kedudukan_hukum: &str,
    date: NaiveDate,
    sk: Option<&str>,
) -> QueryResult<usize> {
    diesel::update(employees::table.find(id))
        .set((
            employees::status.eq(Stored(status)),
            employees::kedudukan_hukum.eq(kedudukan_hukum),
            employees::status_date.eq(Some(date)),
            employees::status_sk.eq(sk),
            employees::updated_at.eq(crate::db::now()),
        ))
        .execute(conn)
}

/// The record's current golongan (the newest approved one).
pub fn set_golongan(
    conn: &mut DbConn,
    id: &str,
    golongan: Option<&str>,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(employees::table.find(id))
        .set((
            employees::golongan.eq(golongan),
            employees::updated_at.eq(at),
        ))
        .execute(conn)
}

/// The record's current jabatan (the newest approved one).
pub fn set_jabatan(
    conn: &mut DbConn,
    id: &str,
    jenis: Option<&str>,
    nama: Option<&str>,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(employees::table.find(id))
        .set((
            employees::jenis_jabatan.eq(jenis),
            employees::jabatan.eq(nama),
            employees::updated_at.eq(at),
        ))
        .execute(conn)
}

/// A transfer: the employee's new agency and unit.
pub fn move_to(
    conn: &mut DbConn,
    id: &str,
    agency_id: &str,
    unit_id: &str,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(employees::table.find(id))
        .set((
            employees::agency_id.eq(agency_id),
            employees::unit_id.eq(unit_id),
            employees::updated_at.eq(at),
        ))
        .execute(conn)
}

/// The personal data of a record (data_pribadi).
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = employees, treat_none_as_null = true)]
pub struct Personal {
    pub name: String,
    pub gelar_depan: Option<String>,
    pub gelar_belakang: Option<String>,
    pub birth_place: String,
    pub birth_date: NaiveDate,
    pub religion: Option<String>,
    pub marital_status: Option<String>,
    pub address: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
}

pub fn set_personal(
    conn: &mut DbConn,
    id: &str,
    p: &Personal,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(employees::table.find(id))
        .set((p, employees::updated_at.eq(at)))
        .execute(conn)
}

/// Sets (or clears) the card photo: the stored file's key.
pub fn set_photo(conn: &mut DbConn, id: &str, key: Option<&str>) -> QueryResult<usize> {
    diesel::update(employees::table.find(id))
        .set((
            employees::photo_path.eq(key),
            employees::updated_at.eq(crate::db::now()),
        ))
        .execute(conn)
}

/// How many records use a photo file.
pub fn count_with_photo(conn: &mut DbConn, key: &str) -> QueryResult<i64> {
    employees::table
        .filter(employees::photo_path.eq(key))
        .count()
        .get_result(conn)
}
