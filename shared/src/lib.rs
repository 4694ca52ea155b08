//! Satu ASN shared crate: what the API and the SPA must agree on — identity numbers (NIP, NIK),
//! error codes, messages in Indonesian and English, and the DTOs of the REST contract.
//!
//! No actix, no diesel: this crate builds for `wasm32-unknown-unknown`.

pub mod auth;
pub mod card;
pub mod changes;
pub mod clients;
pub mod dto;
pub mod employee;
pub mod error;
pub mod i18n;
pub mod identity;
pub mod imports;
pub mod nik;
pub mod nip;
pub mod notification;
pub mod password;
pub mod pdm;
pub mod proposal;
pub mod reference;
pub mod schedule;
pub mod ui;
pub mod validation;

pub use error::ErrorCode;
pub use i18n::{Lang, Localized};
pub use nik::{Nik, NikError};
pub use nip::{Nip, NipError, NipLayout};
pub use validation::FieldErrors;

use serde::{Deserialize, Serialize};

/// Employee kind: PNS (civil servant), CPNS (candidate) or PPPK (contract employee).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum EmployeeKind {
    #[serde(rename = "PNS")]
    Pns,
    #[serde(rename = "CPNS")]
    Cpns,
    #[serde(rename = "PPPK")]
    Pppk,
}

impl EmployeeKind {
    pub const ALL: [EmployeeKind; 3] = [EmployeeKind::Pns, EmployeeKind::Cpns, EmployeeKind::Pppk];

    /// What the 18-digit number is called: NI PPPK for PPPK, NIP for the others.
    pub fn nip_label(self) -> &'static str {
        match self {
            EmployeeKind::Pppk => "NI PPPK",
            EmployeeKind::Pns | EmployeeKind::Cpns => "NIP",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            EmployeeKind::Pns => "PNS",
            EmployeeKind::Cpns => "CPNS",
            EmployeeKind::Pppk => "PPPK",
        }
    }

    pub fn parse(s: &str) -> Option<EmployeeKind> {
        EmployeeKind::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(s.trim()))
    }

    /// PNS and CPNS carry a NIP with an appointment month; PPPK an NI PPPK.
    pub fn has_pns_nip(self) -> bool {
        matches!(self, EmployeeKind::Pns | EmployeeKind::Cpns)
    }
}

/// Sex as the identity numbers encode it: `L` (laki-laki) or `P` (perempuan).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Sex {
    #[serde(rename = "L")]
    LakiLaki,
    #[serde(rename = "P")]
    Perempuan,
}

impl Sex {
    pub const ALL: [Sex; 2] = [Sex::LakiLaki, Sex::Perempuan];

    pub fn as_str(self) -> &'static str {
        match self {
            Sex::LakiLaki => "L",
            Sex::Perempuan => "P",
        }
    }

    pub fn parse(s: &str) -> Option<Sex> {
        match s {
            "L" => Some(Sex::LakiLaki),
            "P" => Some(Sex::Perempuan),
            _ => None,
        }
    }

    pub fn label(self) -> Localized {
        match self {
            Sex::LakiLaki => Localized::new("Laki-laki", "Male"),
            Sex::Perempuan => Localized::new("Perempuan", "Female"),
        }
    }
}

/// Employment status of the master record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EmployeeStatus {
    Aktif,
    Diberhentikan,
    Pensiun,
    Meninggal,
    KontrakBerakhir,
}

impl EmployeeStatus {
    pub const ALL: [EmployeeStatus; 5] = [
        EmployeeStatus::Aktif,
        EmployeeStatus::Diberhentikan,
        EmployeeStatus::Pensiun,
        EmployeeStatus::Meninggal,
        EmployeeStatus::KontrakBerakhir,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EmployeeStatus::Aktif => "aktif",
            EmployeeStatus::Diberhentikan => "diberhentikan",
            EmployeeStatus::Pensiun => "pensiun",
            EmployeeStatus::Meninggal => "meninggal",
            EmployeeStatus::KontrakBerakhir => "kontrak_berakhir",
        }
    }

    pub fn parse(s: &str) -> Option<EmployeeStatus> {
        EmployeeStatus::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// As people read it.
    pub fn label(self) -> Localized {
        match self {
            EmployeeStatus::Aktif => Localized::new("Aktif", "Active"),
            EmployeeStatus::Diberhentikan => Localized::new("Diberhentikan", "Dismissed"),
            EmployeeStatus::Pensiun => Localized::new("Pensiun", "Retired"),
            EmployeeStatus::Meninggal => Localized::new("Meninggal dunia", "Deceased"),
            EmployeeStatus::KontrakBerakhir => {
                Localized::new("Perjanjian kerja berakhir", "Contract ended")
            }
        }
    }
}

/// Instansi pusat (a ministry or central body) or daerah (province, regency, city).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AgencyKind {
    Pusat,
    Daerah,
}

impl AgencyKind {
    pub const ALL: [AgencyKind; 2] = [AgencyKind::Pusat, AgencyKind::Daerah];

    pub fn as_str(self) -> &'static str {
        match self {
            AgencyKind::Pusat => "pusat",
            AgencyKind::Daerah => "daerah",
        }
    }

    pub fn parse(s: &str) -> Option<AgencyKind> {
        match s {
            "pusat" => Some(AgencyKind::Pusat),
            "daerah" => Some(AgencyKind::Daerah),
            _ => None,
        }
    }
}

/// Who uses Satu ASN: employees, and the staff roles (verifiers, BKN's regional and central
/// validators, approvers, helpdesk, monitors, admins); every role but `employee` is scoped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Employee,
    Verifikator,
    ValidatorKanreg,
    ValidatorPusat,
    Approver,
    Helpdesk,
    Monitor,
    Admin,
}

impl Role {
    pub const ALL: [Role; 8] = [
        Role::Employee,
        Role::Verifikator,
        Role::ValidatorKanreg,
        Role::ValidatorPusat,
        Role::Approver,
        Role::Helpdesk,
        Role::Monitor,
        Role::Admin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Employee => "employee",
            Role::Verifikator => "verifikator",
            Role::ValidatorKanreg => "validator_kanreg",
            Role::ValidatorPusat => "validator_pusat",
            Role::Approver => "approver",
            Role::Helpdesk => "helpdesk",
            Role::Monitor => "monitor",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// As people read it.
    pub fn label(self) -> Localized {
        match self {
            Role::Employee => Localized::new("Pegawai", "Employee"),
            Role::Verifikator => Localized::new("Verifikator", "Verifier"),
            Role::ValidatorKanreg => {
                Localized::new("Validator Kanreg BKN", "BKN regional validator")
            }
            Role::ValidatorPusat => Localized::new("Validator BKN Pusat", "BKN central validator"),
            Role::Approver => Localized::new("Pejabat penyetuju", "Approver"),
            Role::Helpdesk => Localized::new("Helpdesk", "Helpdesk"),
            Role::Monitor => Localized::new("Pemantau", "Monitor"),
            Role::Admin => Localized::new("Admin instansi", "Agency admin"),
        }
    }

    /// What the role's scope is: the employee's own record; a unit (with the units below it)
    /// for verifiers and monitors; the agency for approvers, helpdesk and admins; the regional
    /// agencies of a BKN regional office (Kanreg) for its validators; every central agency for
    /// BKN's central validators.
    pub fn scope_kind(self) -> ScopeKind {
        match self {
            Role::Employee => ScopeKind::Own,
            Role::Verifikator | Role::Monitor => ScopeKind::Unit,
            Role::Approver | Role::Helpdesk | Role::Admin => ScopeKind::Agency,
            Role::ValidatorKanreg => ScopeKind::Kanreg,
            Role::ValidatorPusat => ScopeKind::Pusat,
        }
    }
}

/// What a role applies to: `self` (the holder's own record), `unit` (a unit and the units below
/// it), `agency`, `kanreg` (the instansi daerah of one BKN regional office) or `pusat` (every
/// instansi pusat).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ScopeKind {
    #[serde(rename = "self")]
    Own,
    Unit,
    Agency,
    Kanreg,
    Pusat,
}

impl ScopeKind {
    pub const ALL: [ScopeKind; 5] = [
        ScopeKind::Own,
        ScopeKind::Unit,
        ScopeKind::Agency,
        ScopeKind::Kanreg,
        ScopeKind::Pusat,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ScopeKind::Own => "self",
            ScopeKind::Unit => "unit",
            ScopeKind::Agency => "agency",
            ScopeKind::Kanreg => "kanreg",
            ScopeKind::Pusat => "pusat",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enums_round_trip_through_their_text() {
        for k in EmployeeKind::ALL {
            assert_eq!(EmployeeKind::parse(k.as_str()), Some(k));
            assert_eq!(
                serde_json::to_string(&k).ok(),
                Some(format!("\"{}\"", k.as_str()))
            );
        }
        for s in EmployeeStatus::ALL {
            assert_eq!(EmployeeStatus::parse(s.as_str()), Some(s));
            assert_eq!(
                serde_json::to_string(&s).ok(),
                Some(format!("\"{}\"", s.as_str()))
            );
        }
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
            assert_eq!(
                serde_json::to_string(&r).ok(),
                Some(format!("\"{}\"", r.as_str()))
            );
        }
        for a in AgencyKind::ALL {
            assert_eq!(AgencyKind::parse(a.as_str()), Some(a));
        }
        for k in ScopeKind::ALL {
            assert_eq!(
                serde_json::to_string(&k).ok(),
                Some(format!("\"{}\"", k.as_str()))
            );
        }
        assert_eq!(Sex::parse("P"), Some(Sex::Perempuan));
        assert_eq!(Sex::parse("X"), None);
    }
}
