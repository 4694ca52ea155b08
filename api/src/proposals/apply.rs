//! An approved proposal becomes the master record, in the approval's transaction: the history row
//! added, changed or removed; the record's current golongan and jabatan taken from the newest
//! approved rows; the personal data written to the record; a transfer moving the employee to the
//! new agency and unit. The card is drawn from the record, so it follows at its next render.

use satu_shared::pdm::{self, CategoryDef};
use satu_shared::proposal::ProposalAction;
use satu_shared::reference::RefList;
use serde_json::{Map, Value};

use crate::accounts::service::login::actor;
use crate::audit::Ctx;
use crate::auth::AnyPrincipal;
use crate::db::{now, DbConn};
use crate::employees::store::{self as employees, Employee};
use crate::error::ApiError;
use crate::org::store::{Agency, Unit};
use crate::pdm::store as history;
use crate::proposals::store::ProposalRow;

/// The agency (by code) and its unit (by code) a transfer goes to.
pub fn destination(
    c: &mut DbConn,
    agency_code: &str,
    unit_code: &str,
) -> Result<Option<(Agency, Unit)>, ApiError> {
    let Some(agency) = crate::org::store::find_agency_by_code(c, agency_code)? else {
        return Ok(None);
    };
    let unit = crate::org::store::find_unit_by_code(c, &agency.id, unit_code)?;
    Ok(unit.map(|u| (agency, u)))
}

fn text(data: &Map<String, Value>, k: &str) -> Option<String> {
    data.get(k)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// Applies an approved proposal.
pub fn apply(
    c: &mut DbConn,
    ctx: &Ctx,
    who: &AnyPrincipal,
    p: &ProposalRow,
    def: &CategoryDef,
    e: &Employee,
) -> Result<(), ApiError> {
    let data: Map<String, Value> = serde_json::from_str(&p.data)
        .map_err(|err| ApiError::Internal(anyhow::anyhow!("proposal {} data: {err}", p.id)))?;
    let at = now();
    let mut row_id = p.target_id.clone();
    if def.single_row {
        personal(c, e, &data)?;
    } else {
        match p.action {
            ProposalAction::Add => {
                let row = crate::pdm::service::new_row(&e.id, def, data.clone(), "proposal", at)
                    .map_err(|errs| {
                        ApiError::Internal(anyhow::anyhow!(
                            "approved proposal {} no longer valid: {errs:?}",
                            p.id
                        ))
                    })?;
                row_id = Some(row.id.clone());
                history::insert(c, &[row])?;
            }
            ProposalAction::Change => {
                let target = p.target_id.as_deref().unwrap_or_default();
                let n = history::update_data(
                    c,
                    target,
                    &Value::Object(data.clone()).to_string(),
                    pdm::sort_date(def, &data),
                    at,
                )?;
                if n == 0 {
                    return Err(gone_row());
                }
            }
            ProposalAction::Remove => {
                let target = p.target_id.as_deref().unwrap_or_default();
                if history::delete(c, target)? == 0 {
                    return Err(gone_row());
                }
            }
        }
        follow(c, e, def, &data, p.action)?;
    }
    ctx.record(
        c,
        actor(&who.account),
        "proposal.applied",
        Some(("employee", &e.id)),
        serde_json::json!({
            "proposal": p.id,
            "category": p.category,
            "action": p.action,
            "row": row_id,
        }),
    )?;
    // For HR systems: the approval and the record as it now is, in commit order.
    let approved = crate::changes::Pending {
        agency_id: p.agency_id.clone(),
        kind: satu_shared::changes::ChangeType::ProposalApproved,
        nip: e.nip.clone(),
        data: serde_json::json!({
            "proposal": p.id,
            "category": p.category,
            "action": p.action,
            "row": row_id,
            "data": data,
            "approved_at": at.and_utc(),
        }),
    };
    crate::changes::after_employee_change(c, e, "proposal", vec![approved])?;
    Ok(())
}

fn gone_row() -> ApiError {
    ApiError::Conflict(satu_shared::Localized::new(
        "Riwayat yang diusulkan untuk diubah atau dihapus sudah tidak ada. Tolak usulan ini dengan alasan \"sudah_ada\" atau \"lainnya\".",
        "The history row this proposal changes or removes no longer exists. Reject the proposal.",
    ))
}

/// The record's fields that follow the newest approved row of a category.
fn follow(
    c: &mut DbConn,
    e: &Employee,
    def: &CategoryDef,
    data: &Map<String, Value>,
    action: ProposalAction,
) -> Result<(), ApiError> {
    let at = now();
    match def.code {
        "golongan" => {
            let newest = history::rows_of(c, &e.id, "golongan")?
                .into_iter()
                .next()
                .map(|r| crate::pdm::service::row_data(&r))
                .transpose()?;
            let golongan = newest.as_ref().and_then(|d| text(d, "golongan"));
            employees::set_golongan(c, &e.id, golongan.as_deref(), at)?;
        }
        "jabatan" => {
            let newest = history::rows_of(c, &e.id, "jabatan")?
                .into_iter()
                .next()
                .map(|r| crate::pdm::service::row_data(&r))
                .transpose()?;
            let jenis = newest.as_ref().and_then(|d| text(d, "jenis_jabatan"));
            let nama = newest.as_ref().and_then(|d| text(d, "nama_jabatan"));
            employees::set_jabatan(c, &e.id, jenis.as_deref(), nama.as_deref(), at)?;
        }
        "pindah_instansi" if action != ProposalAction::Remove => {
            let (agency, unit) = (
                text(data, "instansi_tujuan").unwrap_or_default(),
                text(data, "unit_tujuan").unwrap_or_default(),
            );
            let (a, u) = destination(c, &agency, &unit)?.ok_or_else(|| {
                ApiError::Conflict(satu_shared::Localized::new(
                    "Instansi atau unit kerja tujuan sudah tidak ada. Kembalikan usulan agar kodenya diperbaiki.",
                    "The destination agency or unit no longer exists. Return the proposal so its codes are corrected.",
                ))
            })?;
            employees::move_to(c, &e.id, &a.id, &u.id, at)?;
        }
        _ => {}
    }
    Ok(())
}

/// The personal data written to the record (codes of the reference lists kept as their names,
/// as the record holds them).
fn personal(c: &mut DbConn, e: &Employee, data: &Map<String, Value>) -> Result<(), ApiError> {
    let named =
        |list: RefList, k: &str| text(data, k).map(|code| list.name_of(&code).unwrap_or(code));
    let birth_date = text(data, "tanggal_lahir")
        .and_then(|d| pdm::parse_date(&d))
        .unwrap_or(e.birth_date);
    let p = employees::Personal {
        name: text(data, "nama").unwrap_or_else(|| e.name.clone()),
        gelar_depan: text(data, "gelar_depan"),
        gelar_belakang: text(data, "gelar_belakang"),
        birth_place: text(data, "tempat_lahir").unwrap_or_else(|| e.birth_place.clone()),
        birth_date,
        religion: named(RefList::Agama, "agama"),
        marital_status: named(RefList::StatusKawin, "status_kawin"),
        address: text(data, "alamat"),
        email: text(data, "email"),
        phone: text(data, "nomor_hp"),
    };
    employees::set_personal(c, &e.id, &p, now())?;
    Ok(())
}
