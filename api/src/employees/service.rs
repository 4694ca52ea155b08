//! The master records: reading them within the caller's reach, the kedudukan hukum change, and
//! the record as the API serves it.

use satu_shared::card::StatusChange;
use satu_shared::employee::{EmployeeRecord, OrgRef, Page};
use satu_shared::{EmployeeStatus, FieldErrors, Localized, Nip};

use crate::accounts::service::login::actor;
use crate::accounts::store::Account;
use crate::audit::Ctx;
use crate::db::DbConn;
use crate::employees::store::{self, Employee, EmployeeFilter};
use crate::error::ApiError;
use crate::org::store::{Agency, Unit};
use crate::paging::Paging;
use crate::policy::Reach;
use crate::schedule::service::Progress;

pub fn full_name(gelar_depan: Option<&str>, name: &str, gelar_belakang: Option<&str>) -> String {
    let mut s = String::new();
    if let Some(g) = gelar_depan.filter(|g| !g.is_empty()) {
        s.push_str(g);
        s.push(' ');
    }
    s.push_str(name);
    if let Some(g) = gelar_belakang.filter(|g| !g.is_empty()) {
        s.push_str(", ");
        s.push_str(g);
    }
    s
}

pub fn to_record(e: Employee, unit: Unit, agency: Agency, pdm: Progress) -> EmployeeRecord {
    EmployeeRecord {
        full_name: full_name(
            e.gelar_depan.as_deref(),
            &e.name,
            e.gelar_belakang.as_deref(),
        ),
        nip: e.nip,
        name: e.name,
        gelar_depan: e.gelar_depan,
        gelar_belakang: e.gelar_belakang,
        kind: e.kind,
        status: e.status,
        kedudukan_hukum: e.kedudukan_hukum,
        golongan: e.golongan,
        jabatan: e.jabatan,
        jenis_jabatan: e.jenis_jabatan,
        unit: OrgRef {
            id: unit.id,
            code: unit.code,
            name: unit.name,
        },
        agency: OrgRef {
            id: agency.id,
            code: agency.code,
            name: agency.name,
        },
        birth_place: e.birth_place,
        birth_date: e.birth_date,
        sex: e.sex,
        tmt_cpns: e.tmt_cpns,
        tmt_pns: e.tmt_pns,
        pppk_start: e.pppk_start,
        pppk_end: e.pppk_end,
        pdm_status: pdm.status,
        pdm_overdue: pdm.overdue,
    }
}

/// Records of these rows, each with its data-update progress (one query for all).
pub fn records(
    c: &mut DbConn,
    rows: Vec<(Employee, Unit, Agency)>,
) -> Result<Vec<EmployeeRecord>, ApiError> {
    let keys: Vec<(String, String)> = rows
        .iter()
        .map(|(e, _, _)| (e.id.clone(), e.agency_id.clone()))
        .collect();
    let progress = crate::schedule::service::progress(c, &keys, crate::db::today_wib())?;
    Ok(rows
        .into_iter()
        .map(|(e, u, a)| {
            let p = progress.get(&e.id).copied().unwrap_or_default();
            to_record(e, u, a, p)
        })
        .collect())
}

/// One record with its progress.
pub fn record(c: &mut DbConn, row: (Employee, Unit, Agency)) -> Result<EmployeeRecord, ApiError> {
    records(c, vec![row])?
        .pop()
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("a record went missing")))
}

/// A page of the employees within `reach` that match `filter`.
pub fn list(
    c: &mut DbConn,
    reach: &Reach,
    filter: &EmployeeFilter,
    paging: Paging,
) -> Result<Page<EmployeeRecord>, ApiError> {
    let v = crate::org::store::resolve(c, reach)?;
    let mut filter = filter.clone();
    if filter.pdm_overdue.is_some() {
        filter.closed_campaigns =
            crate::schedule::service::closed_campaigns(c, crate::db::today_wib())?;
    }
    let (rows, total) = store::list(c, &v, &filter, paging)?;
    Ok(Page {
        items: records(c, rows)?,
        page: paging.page,
        per_page: paging.per_page,
        total: total.max(0) as u64,
    })
}

/// One employee within `reach`; 404 outside it.
pub fn get(c: &mut DbConn, reach: &Reach, nip: &Nip) -> Result<EmployeeRecord, ApiError> {
    let v = crate::org::store::resolve(c, reach)?;
    let row = store::find_visible(c, &v, &nip.to_string())?.ok_or(ApiError::NotFound)?;
    record(c, row)
}

/// Sets an employee's kedudukan hukum with its date and SK number, audited; the card follows
/// (issued when the record now gives the right to one).
pub fn change_status(
    c: &mut DbConn,
    ctx: &Ctx,
    who: &Account,
    reach: &Reach,
    nip: &Nip,
    body: &StatusChange,
) -> Result<EmployeeRecord, ApiError> {
    let v = crate::org::store::resolve(c, reach)?;
    let (e, _, _) = store::find_visible(c, &v, &nip.to_string())?.ok_or(ApiError::NotFound)?;
    let mut errors = FieldErrors::default();
    let resolved = satu_shared::card::resolve_status(&body.kedudukan_hukum, e.kind)
        .map_err(|m| errors.add("kedudukan_hukum", m))
        .ok();
    if body.date > ctx.today {
        errors.add(
            "date",
            Localized::new(
                "Tanggal tidak boleh di masa depan.",
                "The date cannot be in the future.",
            ),
        );
    }
    let sk = body.sk_number.trim().to_owned();
    let to_active = matches!(resolved, Some((EmployeeStatus::Aktif, _)));
    if sk.chars().count() > 100 {
        errors.add(
            "sk_number",
            Localized::new(
                "Nomor SK paling banyak 100 karakter.",
                "The SK number has at most 100 characters.",
            ),
        );
    } else if sk.is_empty() && !to_active {
        errors.add(
            "sk_number",
            Localized::new("Nomor SK wajib diisi.", "The SK number is required."),
        );
    }
    let Some((status, code)) = resolved.filter(|_| errors.is_empty()) else {
        return Err(ApiError::Validation(errors));
    };
    let code = code.unwrap_or(e.kedudukan_hukum.as_str()).to_owned();
    store::set_status(
        c,
        &e.id,
        status,
        &code,
        body.date,
        (!sk.is_empty()).then_some(sk.as_str()),
    )?;
    ctx.record(
        c,
        actor(who),
        "employee.status_changed",
        Some(("employee", &e.id)),
        serde_json::json!({
            "from": {"status": e.status.as_str(), "kedudukan_hukum": e.kedudukan_hukum},
            "to": {"status": status.as_str(), "kedudukan_hukum": code},
            "date": body.date,
            "sk_number": sk,
        }),
    )?;
    let before = e;
    let (e, u, a) = store::find_with_org(c, &before.id)?.ok_or(ApiError::NotFound)?;
    crate::cards::service::issue_if_entitled(c, &e)?;
    crate::changes::after_employee_change(c, &before, "status", Vec::new())?;
    record(c, (e, u, a))
}
