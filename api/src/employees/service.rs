//! The master record as the API serves it.

use satu_shared::employee::{EmployeeRecord, OrgRef};
use satu_shared::{EmployeeKind, EmployeeStatus, Sex};

use crate::employees::store::Employee;
use crate::error::ApiError;
use crate::org::store::{Agency, Unit};

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

pub fn to_record(e: Employee, unit: Unit, agency: Agency) -> Result<EmployeeRecord, ApiError> {
    let bad = |what: &str, v: &str| {
        ApiError::Internal(anyhow::anyhow!(
            "employee {}: stored {what} '{v}' is unknown",
            e.id
        ))
    };
    let kind = EmployeeKind::parse(&e.kind).ok_or_else(|| bad("kind", &e.kind))?;
    let status = EmployeeStatus::parse(&e.status).ok_or_else(|| bad("status", &e.status))?;
    let sex = Sex::parse(&e.sex).ok_or_else(|| bad("sex", &e.sex))?;
    Ok(EmployeeRecord {
        full_name: full_name(
            e.gelar_depan.as_deref(),
            &e.name,
            e.gelar_belakang.as_deref(),
        ),
        nip: e.nip,
        name: e.name,
        gelar_depan: e.gelar_depan,
        gelar_belakang: e.gelar_belakang,
        kind,
        status,
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
        sex,
        tmt_cpns: e.tmt_cpns,
        tmt_pns: e.tmt_pns,
        pppk_start: e.pppk_start,
        pppk_end: e.pppk_end,
        // No proposal can exist before the data-update capability lands: nothing started yet,
        // and no campaign window has been missed.
        pdm_status: "belum_mulai".to_owned(),
        pdm_overdue: false,
    })
}
