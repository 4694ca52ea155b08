//! Running an import: the file is read row by row (never whole), [`BATCH`] rows at a time go in
//! one transaction (their employees upserted by NIP, accounts and cards for the new, the refused
//! rows and the import's progress), so a batch is in whole or not at all and the server serves
//! throughout. Rows are refused one by one (their line and reason recorded); a file that cannot be
//! read at all (encoding, columns) is refused before any row.
//!
//! New employees get an account whose initial credential is their record's NIK, checked at first
//! login and never hashed here (`accounts::password::FROM_RECORD`): hashing 100k NIKs with argon2
//! would take half an hour of CPU. Their cards are issued as `cards::service` issues them (serial
//! by appointment order), keeping the serial SIASN issued when the row carries one that is free.

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use chrono::{Datelike, NaiveDateTime};
use satu_shared::card::{format_serial, Orientation};
use satu_shared::imports::{ImportCounts, ImportStatus, RowCode, RowError};
use satu_shared::{Role, ScopeKind};
use sha2::Digest;

use crate::accounts::store::{self as accounts, NewAccount, NewRoleAssignment};
use crate::audit::{Actor, Origin};
use crate::cards::store::Card;
use crate::db::{new_id, now, DbConn};
use crate::employees::store::Employee;
use crate::imports::parse::{self, match_key, refuse, Col, FileProblem, Header, Parsed};
use crate::imports::store::{self, ImportRow};
use crate::org::store::{Agency, Unit};

/// Rows per transaction: a few tens of milliseconds of SQLite's write lock at a time.
pub const BATCH: usize = 500;

/// How often a batch is tried when concurrent writes refuse it.
const BATCH_TRIES: usize = 5;

/// Whether a batch failed for a concurrent write (and may succeed when tried again).
fn concurrent(e: &anyhow::Error) -> bool {
    use diesel::result::{DatabaseErrorKind as K, Error};
    match e.downcast_ref::<Error>() {
        Some(Error::DatabaseError(K::UniqueViolation | K::SerializationFailure, _)) => true,
        Some(Error::DatabaseError(_, info)) => info.message().contains("deadlock"),
        _ => false,
    }
}

/// Why an import stopped before its last row.
#[derive(Debug)]
pub enum Stop {
    File(FileProblem),
    Failed(anyhow::Error),
}

impl From<diesel::result::Error> for Stop {
    fn from(e: diesel::result::Error) -> Self {
        Stop::Failed(e.into())
    }
}

impl From<anyhow::Error> for Stop {
    fn from(e: anyhow::Error) -> Self {
        Stop::Failed(e)
    }
}

/// Opens a file past its byte-order mark.
pub fn open(path: &Path) -> std::io::Result<BufReader<std::fs::File>> {
    let mut r = BufReader::with_capacity(256 * 1024, std::fs::File::open(path)?);
    if r.fill_buf()?.starts_with(parse::BOM) {
        r.consume(parse::BOM.len());
    }
    Ok(r)
}

fn csv_reader<R: Read>(r: R) -> csv::Reader<R> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(r)
}

/// Reads a stored file's header: what an upload is checked with before it is accepted.
pub fn header_of(path: &Path) -> Result<Header, FileProblem> {
    let file = open(path).map_err(|_| FileProblem::Empty)?;
    // A header is a few hundred bytes; a quote never closed in it would read the whole file.
    let mut reader = csv_reader(file.take(parse::HEADER_MAX_BYTES));
    let mut rec = csv::StringRecord::new();
    match reader.read_record(&mut rec) {
        Ok(true) if rec.iter().any(|n| n.contains(['\n', '\r'])) => Err(FileProblem::Unreadable(1)),
        Ok(true) => Header::read(&rec),
        Ok(false) => Err(FileProblem::Empty),
        Err(_) => Err(FileProblem::Unreadable(1)),
    }
}

/// Checks a whole file's encoding (the command line's file was not checked while it arrived) and
/// gives its SHA-256 and size.
pub fn scan(path: &Path) -> anyhow::Result<Result<(String, u64), FileProblem>> {
    let mut f = std::fs::File::open(path)?;
    let mut check = parse::Utf8Check::default();
    let mut sha = sha2::Sha256::new();
    let mut size = 0u64;
    let mut buf = vec![0u8; 256 * 1024];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        check.feed(&buf[..n]);
        sha.update(&buf[..n]);
        size += n as u64;
    }
    if size == 0 {
        return Ok(Err(FileProblem::Empty));
    }
    Ok(check.finish().map(|()| (hex::encode(sha.finalize()), size)))
}

/// The import's state between batches.
struct Run<'a> {
    import: &'a ImportRow,
    agency: Agency,
    header: Header,
    /// Units by [`match_key`] of their name and of their code.
    units: HashMap<String, String>,
    /// Names two units share ("Subbagian Umum" under two bureaus): a row must give the code.
    ambiguous: HashSet<String>,
    nips: HashSet<String>,
    niks: HashSet<String>,
    counts: ImportCounts,
    errors: u64,
}

/// Runs a claimed import over its file to the end, recording progress after every batch; the
/// import is then `done` (or `failed`, with the reason).
pub fn run(conn: &mut DbConn, import: &ImportRow, path: &Path) -> Result<ImportCounts, Stop> {
    let agency = crate::org::store::find_agency(conn, &import.agency_id)?
        .ok_or_else(|| anyhow::anyhow!("import {}: the agency is gone", import.id))?;
    let mut units: HashMap<String, String> = HashMap::new();
    let mut ambiguous = HashSet::new();
    let all = crate::org::store::units_of_agencies(conn, &[agency.id.clone()].into())?;
    for u in &all {
        let name = match_key(&u.name);
        match units.get(&name) {
            Some(other) if *other != u.id => {
                ambiguous.insert(name);
            }
            _ => {
                units.insert(name, u.id.clone());
            }
        }
    }
    for name in &ambiguous {
        units.remove(name);
    }
    // Codes last: a code is never ambiguous within an agency.
    for u in all {
        units.insert(match_key(&u.code), u.id);
    }
    let mut reader = csv_reader(open(path).map_err(|e| Stop::Failed(e.into()))?);
    let mut rec = csv::StringRecord::new();
    let header = match reader.read_record(&mut rec) {
        Ok(true) => Header::read(&rec).map_err(Stop::File)?,
        Ok(false) => return Err(Stop::File(FileProblem::Empty)),
        Err(_) => return Err(Stop::File(FileProblem::Unreadable(1))),
    };
    let mut run = Run {
        import,
        agency,
        ambiguous,
        header,
        units,
        nips: HashSet::new(),
        niks: HashSet::new(),
        counts: ImportCounts::default(),
        errors: 0,
    };
    let mut done = false;
    while !done {
        let mut rows = Vec::with_capacity(BATCH);
        let mut refused = Vec::new();
        while rows.len() + refused.len() < BATCH {
            match reader.read_record(&mut rec) {
                Ok(false) => {
                    done = true;
                    break;
                }
                Ok(true) => {
                    let line = rec.position().map_or(0, |p| p.line());
                    match run.read(&rec, line) {
                        Ok(p) => rows.push(p),
                        Err(e) => refused.push(e),
                    }
                }
                Err(e) => {
                    let line = e.position().map_or(0, |p| p.line());
                    return Err(Stop::File(FileProblem::Unreadable(line)));
                }
            }
        }
        run.apply(conn, rows, refused)?;
    }
    Ok(run.counts)
}

impl Run<'_> {
    /// A row read, and checked against the rows before it in the file.
    fn read(&mut self, rec: &csv::StringRecord, line: u64) -> Result<Parsed, RowError> {
        if let Some(nip) = parse::nip_of(&self.header, rec) {
            if self.nips.contains(&nip) {
                return Err(refuse(
                    line,
                    &nip,
                    RowCode::NipDuplicate,
                    "NIP ini sudah ada pada baris sebelumnya dalam berkas.".into(),
                ));
            }
        }
        let p = parse::row(&self.header, rec, line)?;
        let nip = p.nip.to_string();
        self.nips.insert(nip.clone());
        if !self.niks.insert(p.nik.to_string()) {
            return Err(refuse(
                line,
                &nip,
                RowCode::NikDuplicate,
                "NIK ini sudah ada pada baris sebelumnya dalam berkas.".into(),
            ));
        }
        if let Some(inst) = &p.instansi_kerja {
            let k = match_key(inst);
            if k != match_key(&self.agency.name) && k != match_key(&self.agency.code) {
                return Err(refuse(
                    line,
                    &nip,
                    RowCode::AgencyMismatch,
                    format!(
                        "Kolom instansi_kerja '{inst}' bukan {}, instansi tujuan impor ini.",
                        self.agency.name
                    ),
                ));
            }
        }
        Ok(p)
    }

    /// One batch in one transaction; tried again (up to [`BATCH_TRIES`] times) when a concurrent
    /// write took a number it chose (a card's serial or status index) or the database chose it
    /// as a deadlock's or serialization's victim.
    fn apply(
        &mut self,
        conn: &mut DbConn,
        rows: Vec<Parsed>,
        refused: Vec<RowError>,
    ) -> Result<(), Stop> {
        let mut tries = 0;
        loop {
            tries += 1;
            let outcome = crate::db::transaction(conn, |c| self.batch(c, &rows, &refused));
            match outcome {
                Ok(b) => {
                    self.counts = b.counts;
                    self.errors = b.errors;
                    self.units.extend(b.new_units);
                    return Ok(());
                }
                Err(Stop::Failed(e)) if tries < BATCH_TRIES && concurrent(&e) => {
                    tracing::info!(import = %self.import.id, tries, "a batch met a concurrent write; tried again");
                }
                Err(e) => return Err(e),
            }
        }
    }

    fn batch(&self, c: &mut DbConn, rows: &[Parsed], refused: &[RowError]) -> Result<Batch, Stop> {
        let at = now();
        let mut out = Batch {
            counts: self.counts.clone(),
            errors: self.errors,
            new_units: Vec::new(),
        };
        let mut refused = refused.to_vec();
        out.counts.rows += (rows.len() + refused.len()) as u64;
        let nips: Vec<String> = rows.iter().map(|p| p.nip.to_string()).collect();
        let existing: HashMap<String, Employee> = store::employees_by_nip(c, &nips)?
            .into_iter()
            .map(|e| (e.nip.clone(), e))
            .collect();
        let niks: Vec<String> = rows.iter().map(|p| p.nik.to_string()).collect();
        let nik_holders: HashMap<String, String> =
            store::holders_of_niks(c, &niks)?.into_iter().collect();
        let logins: HashSet<String> = accounts::existing_logins(c, &nips)?.into_iter().collect();
        let mut units_made: HashMap<String, String> = HashMap::new();
        let mut new_employees = Vec::new();
        let mut new_accounts = Vec::new();
        let mut new_roles = Vec::new();
        // Employees who may need a card, with the serial SIASN gave them.
        let mut card_candidates: Vec<(Employee, Option<Serial>)> = Vec::new();
        // For the change feed: the records made or changed, and the cards whose status changed.
        let mut changed: Vec<Employee> = Vec::new();
        let mut told: Vec<crate::changes::Pending> = Vec::new();
        for p in rows {
            let nip = p.nip.to_string();
            let no = |code: RowCode, message: String| refuse(p.line, &nip, code, message);
            let old = existing.get(&nip);
            if let Some(e) = old {
                if e.agency_id != self.import.agency_id {
                    refused.push(no(
                        RowCode::NipOtherAgency,
                        "NIP ini milik pegawai instansi lain; perpindahan melalui usulan pindah instansi.".into(),
                    ));
                    continue;
                }
            }
            if nik_holders
                .get(&p.nik.to_string())
                .is_some_and(|holder| *holder != nip)
            {
                refused.push(no(
                    RowCode::NikDuplicate,
                    "NIK ini sudah tercatat pada pegawai lain.".into(),
                ));
                continue;
            }
            let key = match_key(&p.unor);
            if self.ambiguous.contains(&key) {
                refused.push(no(
                    RowCode::UnitUnknown,
                    format!(
                        "Kolom unor '{}' adalah nama lebih dari satu unit kerja {}; tulis kode unitnya.",
                        p.unor, self.agency.name
                    ),
                ));
                continue;
            }
            // A unit an earlier import made from this name keeps its code when renamed.
            let found = self
                .units
                .get(&key)
                .or_else(|| units_made.get(&key))
                .or_else(|| self.units.get(&match_key(&unit_code(&key))));
            let unit_id = match found {
                Some(id) => id.clone(),
                None if self.import.create_units => {
                    let unit = Unit {
                        id: new_id(),
                        agency_id: self.agency.id.clone(),
                        parent_id: None,
                        code: unit_code(&key),
                        name: p.unor.split_whitespace().collect::<Vec<_>>().join(" "),
                        created_at: at,
                    };
                    crate::org::store::insert_units(c, std::slice::from_ref(&unit))?;
                    out.counts.units_created += 1;
                    units_made.insert(key.clone(), unit.id.clone());
                    units_made.insert(match_key(&unit.code), unit.id.clone());
                    unit.id
                }
                None => {
                    refused.push(no(
                        RowCode::UnitUnknown,
                        format!(
                            "Kolom unor '{}' bukan unit kerja {}.",
                            p.unor, self.agency.name
                        ),
                    ));
                    continue;
                }
            };
            match old {
                Some(e) => {
                    let mut next = e.clone();
                    self.apply_row(&mut next, p, &unit_id);
                    if next == *e {
                        out.counts.unchanged += 1;
                    } else {
                        next.updated_at = at;
                        store::update_employee(c, &next)?;
                        out.counts.updated += 1;
                        told.extend(crate::changes::card_status(c, e, &next)?);
                        changed.push(next.clone());
                    }
                    card_candidates.push((next, p.serial));
                }
                None => {
                    let e = self.new_employee(p, &unit_id, at);
                    if !logins.contains(&nip) {
                        let account_id = new_id();
                        new_accounts.push(NewAccount {
                            id: account_id.clone(),
                            login: nip.clone(),
                            employee_id: Some(e.id.clone()),
                            display_name: crate::employees::service::full_name(
                                e.gelar_depan.as_deref(),
                                &e.name,
                                e.gelar_belakang.as_deref(),
                            ),
                            password_hash: crate::accounts::password::FROM_RECORD.to_owned(),
                            must_change_password: true,
                            password_changed_at: None,
                            failed_logins: 0,
                            locked_until: None,
                            disabled: false,
                            created_at: at,
                            updated_at: at,
                            activated_at: None,
                            initial_credential_at: Some(at),
                        });
                        new_roles.push(NewRoleAssignment {
                            id: new_id(),
                            account_id,
                            role: Role::Employee,
                            scope_kind: ScopeKind::Own,
                            scope_id: String::new(),
                            created_at: at,
                        });
                    }
                    out.counts.imported += 1;
                    card_candidates.push((e.clone(), p.serial));
                    changed.push(e.clone());
                    new_employees.push(e);
                }
            }
        }
        crate::employees::store::insert(c, &new_employees)?;
        accounts::insert_accounts(c, &new_accounts)?;
        accounts::insert_roles(c, &new_roles)?;
        out.counts.cards_issued += issue_cards(c, card_candidates, at)? as u64;
        refused.sort_by_key(|e| e.line);
        store::insert_errors(c, &self.import.id, &refused)?;
        out.errors += refused.len() as u64;
        store::progress(c, &self.import.id, &out.counts, out.errors, at)?;
        // Last: the feed's numbers are held until the commit.
        let unit_ids: Vec<String> = changed.iter().map(|e| e.unit_id.clone()).collect();
        let names = crate::changes::unit_names(c, &unit_ids)?;
        let mut feed: Vec<crate::changes::Pending> = changed
            .iter()
            .map(|e| {
                let unit = names.get(&e.unit_id).map_or("", String::as_str);
                crate::changes::employee(e, unit, "import")
            })
            .collect();
        feed.extend(told);
        crate::changes::record(c, feed)?;
        out.new_units = units_made.into_iter().collect();
        Ok(out)
    }

    /// Writes a row over a record: every column the file has, and only those (a file without
    /// `jabatan` leaves the jabatan as they are); email and phone only where the record has none.
    fn apply_row(&self, e: &mut Employee, p: &Parsed, unit_id: &str) {
        let has = |c: Col| self.header.has(c);
        e.nik = p.nik.to_string();
        e.name = p.name.clone();
        e.birth_date = p.birth_date;
        e.sex = p.sex;
        e.kind = p.kind;
        e.unit_id = unit_id.to_owned();
        if has(Col::GelarDepan) {
            e.gelar_depan = p.gelar_depan.clone();
        }
        if has(Col::GelarBelakang) {
            e.gelar_belakang = p.gelar_belakang.clone();
        }
        if has(Col::TempatLahir) {
            e.birth_place = p.birth_place.clone();
        }
        if has(Col::Agama) {
            e.religion = p.religion.clone();
        }
        if has(Col::JenisKawin) {
            e.marital_status = p.marital_status.clone();
        }
        // The contacts a password reset goes to are the employee's own: an import fills them
        // where the record has none and never rewrites them (the data update does, verified).
        if has(Col::NomorHp) && e.phone.is_none() {
            e.phone = p.phone.clone();
        }
        if has(Col::Email) && e.email.is_none() {
            e.email = p.email.clone();
        }
        if has(Col::Alamat) {
            e.address = p.address.clone();
        }
        if has(Col::KedudukanHukum) {
            e.kedudukan_hukum = p.kedudukan_hukum.to_owned();
            e.status = p.status;
        }
        if has(Col::TmtCpns) {
            e.tmt_cpns = p.tmt_cpns;
        }
        if has(Col::TmtPns) {
            e.tmt_pns = p.tmt_pns;
        }
        if has(Col::GolAkhir) {
            e.golongan = p.golongan.clone();
        }
        if has(Col::JenisJabatan) {
            e.jenis_jabatan = p.jenis_jabatan.clone();
        }
        if has(Col::Jabatan) {
            e.jabatan = p.jabatan.clone();
        }
        if p.kind == satu_shared::EmployeeKind::Pppk {
            if let Some(start) = p.pppk_start() {
                e.pppk_start = Some(start);
            }
        }
    }

    fn new_employee(&self, p: &Parsed, unit_id: &str, at: NaiveDateTime) -> Employee {
        let mut e = Employee {
            id: new_id(),
            nip: p.nip.to_string(),
            nik: p.nik.to_string(),
            name: p.name.clone(),
            gelar_depan: None,
            gelar_belakang: None,
            birth_place: String::new(),
            birth_date: p.birth_date,
            sex: p.sex,
            religion: None,
            marital_status: None,
            address: None,
            email: None,
            phone: None,
            kind: p.kind,
            status: p.status,
            kedudukan_hukum: p.kedudukan_hukum.to_owned(),
            status_date: None,
            status_sk: None,
            golongan: None,
            jenis_jabatan: None,
            jabatan: None,
            agency_id: self.agency.id.clone(),
            unit_id: unit_id.to_owned(),
            tmt_cpns: None,
            tmt_pns: None,
            pppk_start: None,
            pppk_end: None,
            photo_path: None,
            created_at: at,
            updated_at: at,
            nomor_kk: None,
        };
        self.apply_row(&mut e, p, unit_id);
        e
    }
}

/// A SIASN card serial: prefix, year, sequence.
type Serial = (char, i32, i64);

/// What a batch changed, kept once its transaction committed.
struct Batch {
    counts: ImportCounts,
    errors: u64,
    new_units: Vec<(String, String)>,
}

/// The code of a unit made from an `unor` name: stable for the name, unique in the agency.
fn unit_code(key: &str) -> String {
    let digest = hex::encode(sha2::Sha256::digest(key.as_bytes()));
    format!("SIASN-{}", &digest[..10].to_uppercase())
}

/// Issues the cards of the batch's employees who have none and a right to one: the SIASN serial
/// when it is free, else the next number of its prefix and year, in order of appointment.
fn issue_cards(
    c: &mut DbConn,
    candidates: Vec<(Employee, Option<Serial>)>,
    at: NaiveDateTime,
) -> Result<usize, Stop> {
    let ids: Vec<String> = candidates.iter().map(|(e, _)| e.id.clone()).collect();
    let holding: HashSet<String> = store::with_card(c, &ids)?.into_iter().collect();
    // (appointment date, card prefix, employee, SIASN's serial), in order of appointment.
    let mut entitled: Vec<(chrono::NaiveDate, char, Employee, Option<Serial>)> = candidates
        .into_iter()
        .filter(|(e, _)| !holding.contains(&e.id))
        .filter_map(|(e, serial)| {
            crate::cards::service::appointment(&e).map(|(prefix, date)| (date, prefix, e, serial))
        })
        .collect();
    if entitled.is_empty() {
        return Ok(0);
    }
    entitled.sort_by(|a, b| (a.0, &a.2.nip).cmp(&(b.0, &b.2.nip)));
    let wanted: Vec<String> = entitled
        .iter()
        .filter_map(|(_, _, _, s)| s.map(|(p, y, n)| format_serial(p, y, n)))
        .collect();
    let mut taken: HashSet<String> = store::taken_serials(c, &wanted)?.into_iter().collect();
    let mut index = crate::cards::store::next_status_index(c)?;
    let mut cards = Vec::with_capacity(entitled.len());
    let mut rest = Vec::new();
    for (date, own_prefix, e, serial) in entitled {
        // SIASN's serial is kept when it is the card's own kind and appointment year, and free.
        let fits = |(p, y, _): &Serial| (*p, *y) == (own_prefix, date.year());
        match serial
            .filter(fits)
            .filter(|(p, y, n)| taken.insert(format_serial(*p, *y, *n)))
        {
            Some((prefix, year, seq)) if i32::try_from(seq).is_ok() => {
                cards.push(card(&e, prefix, year, seq as i32, index, at));
                index += 1;
            }
            _ => rest.push((date, own_prefix, e)),
        }
    }
    crate::cards::store::insert_many(c, &cards)?;
    let mut next: HashMap<(char, i32), i32> = HashMap::new();
    let mut more = Vec::with_capacity(rest.len());
    for (date, prefix, e) in rest {
        let year = date.year();
        let seq = match next.get_mut(&(prefix, year)) {
            Some(s) => s,
            None => {
                let (first, _) = crate::cards::store::next_numbers(c, &prefix.to_string(), year)?;
                next.entry((prefix, year)).or_insert(first)
            }
        };
        more.push(card(&e, prefix, year, *seq, index, at));
        *seq += 1;
        index += 1;
    }
    crate::cards::store::insert_many(c, &more)?;
    Ok(cards.len() + more.len())
}

fn card(e: &Employee, prefix: char, year: i32, seq: i32, index: i32, at: NaiveDateTime) -> Card {
    Card {
        id: new_id(),
        employee_id: e.id.clone(),
        serial: format_serial(prefix, year, seq.into()),
        prefix: prefix.to_string(),
        year,
        seq,
        status_index: index,
        orientation: Orientation::Portrait,
        issued_at: at,
    }
}

/// Ends an import as its run ended, with its audit event; answers the import as it now stands.
pub fn finish(
    c: &mut DbConn,
    import: &ImportRow,
    outcome: &Result<ImportCounts, Stop>,
) -> anyhow::Result<()> {
    let at = now();
    let (status, failure) = match outcome {
        Ok(_) => (ImportStatus::Done, None),
        Err(Stop::File(p)) => (ImportStatus::Failed, Some(p.localized().id)),
        Err(Stop::Failed(e)) => {
            tracing::error!(import = %import.id, error = %format!("{e:#}"), "import failed");
            (
                ImportStatus::Failed,
                Some("Impor terhenti karena gangguan server; baris yang sudah masuk tetap tersimpan. Unggah berkas yang sama lagi untuk melanjutkan.".to_owned()),
            )
        }
    };
    crate::db::transaction::<_, anyhow::Error, _>(c, |c| {
        store::finish(c, &import.id, status, failure.as_deref(), at)?;
        let row = store::find(c, &import.id)?;
        crate::audit::store::record(
            c,
            Actor::System("satu-api import"),
            "import.finished",
            Some(("import", &import.id)),
            Origin::default(),
            serde_json::json!({
                "agency": import.agency_id,
                "status": status,
                "counts": row.as_ref().map(ImportRow::counts),
                "errors": row.as_ref().map(|r| r.errors),
                "failure": failure,
            }),
        )?;
        Ok(())
    })
}

/// Queues an uploaded file (already stored and its header read) for the worker; audited.
pub fn queue(
    c: &mut DbConn,
    ctx: &crate::audit::Ctx,
    account: &crate::accounts::store::Account,
    row: &ImportRow,
) -> Result<satu_shared::imports::ImportInfo, crate::error::ApiError> {
    store::insert(c, row)?;
    ctx.record(
        c,
        crate::accounts::service::login::actor(account),
        "import.queued",
        Some(("import", &row.id)),
        serde_json::json!({
            "agency": row.agency_id,
            "file_name": row.file_name,
            "file_sha256": row.file_sha256,
            "file_size": row.file_size,
            "create_units": row.create_units,
        }),
    )?;
    // Just queued: nothing refused yet, no earlier run to compare.
    Ok(super::summary(c, row)?)
}

/// An import of one of `agencies`; 404 for any other.
pub fn visible(
    c: &mut DbConn,
    agencies: &[String],
    id: &str,
) -> Result<ImportRow, crate::error::ApiError> {
    store::find(c, id)?
        .filter(|r| agencies.contains(&r.agency_id))
        .ok_or(crate::error::ApiError::NotFound)
}

/// An import as the API answers it; 404 outside `agencies`.
pub fn get(
    c: &mut DbConn,
    agencies: &[String],
    id: &str,
) -> Result<satu_shared::imports::ImportInfo, crate::error::ApiError> {
    let row = visible(c, agencies, id)?;
    Ok(super::info(c, &row)?)
}

/// The latest imports of `agencies`, newest first.
pub fn list(
    c: &mut DbConn,
    agencies: &[String],
) -> Result<satu_shared::imports::ImportList, crate::error::ApiError> {
    let rows = store::of_agencies(c, agencies, 50)?;
    let mut items = Vec::with_capacity(rows.len());
    for r in &rows {
        // The list carries counts; an import's refused rows are read with the import.
        items.push(super::summary(c, r)?);
    }
    Ok(satu_shared::imports::ImportList { items })
}

/// Refused rows per page of the errors CSV.
pub const CSV_PAGE: i64 = 5000;

/// A page of the refused rows of an import as CSV (UTF-8; the first page starts with a
/// byte-order mark and the header, for Excel), cells a spreadsheet would run as a formula written
/// as text; and the line to read on from, when there may be more.
pub fn errors_csv_page(
    c: &mut DbConn,
    id: &str,
    after: u64,
) -> Result<(Vec<u8>, Option<u64>), crate::error::ApiError> {
    let first = after == 0;
    let mut w = csv::Writer::from_writer(if first {
        parse::BOM.to_vec()
    } else {
        Vec::new()
    });
    let fail = |e: csv::Error| crate::error::ApiError::Internal(e.into());
    if first {
        w.write_record(["baris", "nip", "kode", "keterangan"])
            .map_err(fail)?;
    }
    let page = store::errors(c, id, after, CSV_PAGE)?;
    for e in &page {
        w.write_record([
            e.line.to_string(),
            as_text(&e.nip),
            e.code.as_str().to_owned(),
            as_text(&e.message),
        ])
        .map_err(fail)?;
    }
    let next = (page.len() as i64 == CSV_PAGE)
        .then(|| page.last().map(|e| e.line))
        .flatten();
    let bytes = w
        .into_inner()
        .map_err(|e| crate::error::ApiError::Internal(anyhow::anyhow!("{}", e.error())))?;
    Ok((bytes, next))
}

/// A cell a spreadsheet would take for a formula (`=`, `+`, `-`, `@`, tab, carriage return at
/// its start) gets a leading apostrophe, so it is shown as the text it is.
pub fn as_text(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}
