//! The employee master record as the API serves it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{EmployeeKind, EmployeeStatus, Sex};

/// A unit or agency, by id and name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrgRef {
    pub id: String,
    pub code: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EmployeeRecord {
    pub nip: String,
    /// Name without titles.
    pub name: String,
    pub gelar_depan: Option<String>,
    pub gelar_belakang: Option<String>,
    /// Name with titles, as printed.
    pub full_name: String,
    pub kind: EmployeeKind,
    pub status: EmployeeStatus,
    /// SIASN kedudukan hukum code (01 Aktif, 66 Diberhentikan, 99 Pensiun, ...).
    pub kedudukan_hukum: String,
    /// PNS `I/a` … `IV/e`; PPPK `I` … `XVII`.
    pub golongan: Option<String>,
    pub jabatan: Option<String>,
    pub jenis_jabatan: Option<String>,
    pub unit: OrgRef,
    pub agency: OrgRef,
    pub birth_place: String,
    pub birth_date: NaiveDate,
    pub sex: Sex,
    pub tmt_cpns: Option<NaiveDate>,
    pub tmt_pns: Option<NaiveDate>,
    pub pppk_start: Option<NaiveDate>,
    pub pppk_end: Option<NaiveDate>,
    /// Progress in the agency's current data-update campaign (from the first day of its
    /// submission window; all time without a schedule): `belum_mulai` until something is
    /// submitted, `proses` while a submitted proposal is undecided or returned to be fixed,
    /// `selesai` once all are approved or rejected.
    pub pdm_status: crate::schedule::PdmStatus,
    /// The agency's submission window has ended and nothing was submitted in the campaign.
    pub pdm_overdue: bool,
}

/// A page of a list (API.md "Lists").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    pub items: Vec<T>,
    pub page: u32,
    pub per_page: u32,
    pub total: u64,
}

/// `GET /api/v1/units`: a unit the caller may see. The list comes in tree order (each unit right
/// after its parent, siblings by name), so `depth` is enough to draw it as a tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitInfo {
    pub id: String,
    pub code: String,
    pub name: String,
    pub parent_id: Option<String>,
    pub agency: OrgRef,
    /// 0 for a unit at the top of the part the caller sees, 1 below it, …
    pub depth: u32,
    /// Verifier accounts assigned to this unit itself.
    pub verifiers: u32,
    /// The unit whose verifiers verify this unit's data-update proposals: the unit itself, else
    /// the nearest unit above it that has a verifier; `null` when no unit up the tree has one
    /// (then the agency's own verifiers verify it, if it has any: `agency_verifiers`).
    pub verified_by: Option<OrgRef>,
    /// Verifier accounts of the whole agency: they verify the units where no unit up the tree
    /// has a verifier of its own. A unit with `verified_by: null` and no agency verifier is
    /// verified by nobody: the agency admin must assign one.
    pub agency_verifiers: u32,
}

impl UnitInfo {
    /// The name indented by its depth (two no-break spaces a level, which a `<select>`'s options
    /// keep), so a list of options reads as the tree.
    pub fn tree_label(&self) -> String {
        format!(
            "{}{}",
            "\u{a0}\u{a0}".repeat(self.depth as usize),
            self.name
        )
    }
}
