//! SQL of imports: the import rows, their refused rows, and what a batch reads of the employees
//! it upserts.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use satu_shared::imports::{ImportCounts, ImportStatus, RowCode, RowError};

use crate::db::schema::{cards, employees, import_errors, imports};
use crate::db::{DbConn, Stored};
use crate::employees::store::Employee;

#[derive(Debug, Clone, Insertable, Queryable, Selectable)]
#[diesel(treat_none_as_default_value = false)]
#[diesel(table_name = imports)]
pub struct ImportRow {
    pub id: String,
    pub agency_id: String,
    pub created_by: Option<String>,
    pub created_at: NaiveDateTime,
    pub file_name: String,
    pub file_sha256: String,
    pub file_size: i64,
    pub create_units: bool,
    #[diesel(serialize_as = Stored<ImportStatus>, deserialize_as = Stored<ImportStatus>)]
    pub status: ImportStatus,
    pub rows_read: i32,
    pub imported: i32,
    pub updated: i32,
    pub unchanged: i32,
    pub errors: i32,
    pub units_created: i32,
    pub cards_issued: i32,
    /// JSON array of column names.
    pub extra_columns: String,
    pub failure: Option<String>,
    pub started_at: Option<NaiveDateTime>,
    pub updated_at: NaiveDateTime,
    pub finished_at: Option<NaiveDateTime>,
}

/// What an import starts from: the file and where it goes.
#[derive(Debug, Clone)]
pub struct NewImport {
    pub agency_id: String,
    pub created_by: Option<String>,
    pub file_name: String,
    pub file_sha256: String,
    pub file_size: u64,
    pub create_units: bool,
    pub extra_columns: Vec<String>,
}

impl ImportRow {
    /// A new import, `Queued` for the worker or `Running` for the command line that runs it now.
    pub fn new(n: NewImport, status: ImportStatus) -> ImportRow {
        let at = crate::db::now();
        ImportRow {
            id: crate::db::new_id(),
            agency_id: n.agency_id,
            created_by: n.created_by,
            created_at: at,
            file_name: n.file_name,
            file_sha256: n.file_sha256,
            file_size: i64::try_from(n.file_size).unwrap_or(i64::MAX),
            create_units: n.create_units,
            status,
            rows_read: 0,
            imported: 0,
            updated: 0,
            unchanged: 0,
            errors: 0,
            units_created: 0,
            cards_issued: 0,
            extra_columns: serde_json::to_string(&n.extra_columns).unwrap_or_else(|_| "[]".into()),
            failure: None,
            started_at: (status == ImportStatus::Running).then_some(at),
            updated_at: at,
            finished_at: None,
        }
    }

    pub fn counts(&self) -> ImportCounts {
        let n = |v: i32| u64::try_from(v).unwrap_or(0);
        ImportCounts {
            rows: n(self.rows_read),
            imported: n(self.imported),
            updated: n(self.updated),
            unchanged: n(self.unchanged),
            units_created: n(self.units_created),
            cards_issued: n(self.cards_issued),
        }
    }
}

pub fn insert(conn: &mut DbConn, row: &ImportRow) -> QueryResult<usize> {
    diesel::insert_into(imports::table)
        .values(row.clone())
        .execute(conn)
}

pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<ImportRow>> {
    imports::table
        .find(id)
        .select(ImportRow::as_select())
        .get_result(conn)
        .optional()
}

/// An agency's imports, newest first.
pub fn of_agencies(
    conn: &mut DbConn,
    agency_ids: &[String],
    limit: i64,
) -> QueryResult<Vec<ImportRow>> {
    imports::table
        .filter(imports::agency_id.eq_any(agency_ids))
        .order((imports::created_at.desc(), imports::id.desc()))
        .limit(limit)
        .select(ImportRow::as_select())
        .load(conn)
}

/// The newest earlier finished import of the agency that read a file with this SHA-256.
pub fn same_file(conn: &mut DbConn, row: &ImportRow) -> QueryResult<Option<String>> {
    imports::table
        .filter(imports::agency_id.eq(&row.agency_id))
        .filter(imports::file_sha256.eq(&row.file_sha256))
        .filter(imports::status.eq(Stored(ImportStatus::Done)))
        .filter(imports::created_at.lt(row.created_at))
        .order(imports::created_at.desc())
        .select(imports::id)
        .limit(1)
        .get_result(conn)
        .optional()
}

/// Claims the oldest queued import whose file `here` holds, or one left running by a server that
/// stopped (no progress since `stale_before`): at most one claimer wins it. A waiting import whose
/// file no server has picked up since `orphan_before` (its server is gone with its disk, or a
/// command-line import was killed) is ended as failed, so it never stands in the queue's way.
pub fn claim(
    conn: &mut DbConn,
    at: NaiveDateTime,
    stale_before: NaiveDateTime,
    orphan_before: NaiveDateTime,
    here: impl Fn(&str) -> bool,
) -> QueryResult<Option<ImportRow>> {
    let orphans: Vec<String> = imports::table
        .filter(
            imports::status
                .eq(Stored(ImportStatus::Queued))
                .or(imports::status.eq(Stored(ImportStatus::Running))),
        )
        .filter(imports::updated_at.lt(orphan_before))
        .select(imports::id)
        .limit(100)
        .load(conn)?;
    for id in orphans.iter().filter(|id| !here(id)) {
        finish(
            conn,
            id,
            ImportStatus::Failed,
            Some("Impor terhenti: server yang menerima berkasnya berhenti sebelum selesai. Unggah berkas yang sama lagi; baris yang sudah masuk tidak berubah."),
            at,
        )?;
    }
    let candidates: Vec<String> = imports::table
        .filter(
            imports::status
                .eq(Stored(ImportStatus::Queued))
                .or(imports::status
                    .eq(Stored(ImportStatus::Running))
                    .and(imports::updated_at.lt(stale_before))),
        )
        .order(imports::created_at)
        .select(imports::id)
        .limit(20)
        .load(conn)?;
    for id in candidates.into_iter().filter(|id| here(id)) {
        let n = diesel::update(
            imports::table.find(&id).filter(
                imports::status
                    .eq(Stored(ImportStatus::Queued))
                    .or(imports::status
                        .eq(Stored(ImportStatus::Running))
                        .and(imports::updated_at.lt(stale_before))),
            ),
        )
        .set((
            imports::status.eq(Stored(ImportStatus::Running)),
            imports::started_at.eq(Some(at)),
            imports::updated_at.eq(at),
        ))
        .execute(conn)?;
        if n == 1 {
            return find(conn, &id);
        }
    }
    Ok(None)
}

fn int(v: u64) -> i32 {
    i32::try_from(v).unwrap_or(i32::MAX)
}

/// Records the progress after a batch (in the batch's transaction).
pub fn progress(
    conn: &mut DbConn,
    id: &str,
    counts: &ImportCounts,
    errors: u64,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(imports::table.find(id))
        .set((
            imports::rows_read.eq(int(counts.rows)),
            imports::imported.eq(int(counts.imported)),
            imports::updated.eq(int(counts.updated)),
            imports::unchanged.eq(int(counts.unchanged)),
            imports::units_created.eq(int(counts.units_created)),
            imports::cards_issued.eq(int(counts.cards_issued)),
            imports::errors.eq(int(errors)),
            imports::updated_at.eq(at),
        ))
        .execute(conn)
}

/// Ends an import.
pub fn finish(
    conn: &mut DbConn,
    id: &str,
    status: ImportStatus,
    failure: Option<&str>,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(imports::table.find(id))
        .set((
            imports::status.eq(Stored(status)),
            imports::failure.eq(failure),
            imports::updated_at.eq(at),
            imports::finished_at.eq(Some(at)),
        ))
        .execute(conn)
}

/// Starts an import again from its first row (a claimed import whose server stopped: the rows it
/// had done are found unchanged).
pub fn restart(conn: &mut DbConn, id: &str) -> QueryResult<usize> {
    diesel::delete(import_errors::table.filter(import_errors::import_id.eq(id))).execute(conn)?;
    progress(conn, id, &ImportCounts::default(), 0, crate::db::now())
}

#[derive(Debug, Clone, Insertable, Queryable, Selectable)]
#[diesel(table_name = import_errors)]
struct ErrorRow {
    import_id: String,
    line: i32,
    nip: String,
    #[diesel(serialize_as = Stored<RowCode>, deserialize_as = Stored<RowCode>)]
    code: RowCode,
    message: String,
}

pub fn insert_errors(conn: &mut DbConn, id: &str, errors: &[RowError]) -> QueryResult<usize> {
    let rows: Vec<ErrorRow> = errors
        .iter()
        .map(|e| ErrorRow {
            import_id: id.to_owned(),
            line: int(e.line),
            nip: e.nip.chars().take(40).collect(),
            code: e.code,
            message: e.message.clone(),
        })
        .collect();
    let mut n = 0;
    for chunk in rows.chunks(200) {
        n += crate::on_backend!(conn, |c| diesel::insert_into(import_errors::table)
            .values(chunk.to_vec())
            .execute(c))?;
    }
    Ok(n)
}

/// Refused rows by line, from line `after` on.
pub fn errors(conn: &mut DbConn, id: &str, after: u64, limit: i64) -> QueryResult<Vec<RowError>> {
    let rows: Vec<ErrorRow> = import_errors::table
        .filter(import_errors::import_id.eq(id))
        .filter(import_errors::line.gt(int(after)))
        .order(import_errors::line)
        .limit(limit)
        .select(ErrorRow::as_select())
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|r| RowError {
            line: u64::try_from(r.line).unwrap_or(0),
            nip: r.nip,
            code: r.code,
            message: r.message,
        })
        .collect())
}

/// The employees of these NIPs.
pub fn employees_by_nip(conn: &mut DbConn, nips: &[String]) -> QueryResult<Vec<Employee>> {
    employees::table
        .filter(employees::nip.eq_any(nips))
        .select(Employee::as_select())
        .load(conn)
}

/// (NIK, NIP) of the employees holding these NIKs.
pub fn holders_of_niks(conn: &mut DbConn, niks: &[String]) -> QueryResult<Vec<(String, String)>> {
    employees::table
        .filter(employees::nik.eq_any(niks))
        .select((employees::nik, employees::nip))
        .load(conn)
}

/// Which of these employees hold a card.
pub fn with_card(conn: &mut DbConn, employee_ids: &[String]) -> QueryResult<Vec<String>> {
    cards::table
        .filter(cards::employee_id.eq_any(employee_ids))
        .select(cards::employee_id)
        .load(conn)
}

/// Which of these serials are taken.
pub fn taken_serials(conn: &mut DbConn, serials: &[String]) -> QueryResult<Vec<String>> {
    cards::table
        .filter(cards::serial.eq_any(serials))
        .select(cards::serial)
        .load(conn)
}

/// Writes what an import row says over an employee's record (the rest of the record stays).
pub fn update_employee(conn: &mut DbConn, e: &Employee) -> QueryResult<usize> {
    diesel::update(employees::table.find(&e.id))
        .set((
            (
                employees::nik.eq(&e.nik),
                employees::name.eq(&e.name),
                employees::gelar_depan.eq(&e.gelar_depan),
                employees::gelar_belakang.eq(&e.gelar_belakang),
                employees::birth_place.eq(&e.birth_place),
                employees::birth_date.eq(e.birth_date),
                employees::sex.eq(Stored(e.sex)),
                employees::religion.eq(&e.religion),
                employees::marital_status.eq(&e.marital_status),
                employees::address.eq(&e.address),
                employees::email.eq(&e.email),
                employees::phone.eq(&e.phone),
            ),
            (
                employees::kind.eq(Stored(e.kind)),
                employees::status.eq(Stored(e.status)),
                employees::kedudukan_hukum.eq(&e.kedudukan_hukum),
                employees::golongan.eq(&e.golongan),
                employees::jenis_jabatan.eq(&e.jenis_jabatan),
                employees::jabatan.eq(&e.jabatan),
                employees::unit_id.eq(&e.unit_id),
                employees::tmt_cpns.eq(e.tmt_cpns),
                employees::tmt_pns.eq(e.tmt_pns),
                employees::pppk_start.eq(e.pppk_start),
                employees::updated_at.eq(e.updated_at),
            ),
        ))
        .execute(conn)
}
