//! The identity check: a NIP (and optionally a NIK) parsed and compared, as the API's
//! `POST /api/v1/identity/check` answers it and as the SPA shows it while the user types.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::i18n::{Lang, Localized};
use crate::nik::Nik;
use crate::nip::{Nip, NipLayout};
use crate::validation::FieldErrors;
use crate::{EmployeeKind, Sex};

/// A disagreement between NIP and NIK: a data-quality error (a warning on import, an error on
/// self-update).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum IdentityMismatch {
    BirthDate,
    Sex,
}

impl IdentityMismatch {
    pub fn localized(self) -> Localized {
        match self {
            IdentityMismatch::BirthDate => Localized::new(
                "Tanggal lahir pada NIK berbeda dengan tanggal lahir pada NIP.",
                "The birth date in the NIK differs from the birth date in the NIP.",
            ),
            IdentityMismatch::Sex => Localized::new(
                "Jenis kelamin pada NIK berbeda dengan jenis kelamin pada NIP.",
                "The sex in the NIK differs from the sex in the NIP.",
            ),
        }
    }
}

/// Compares the birth date and sex encoded in a NIP and a NIK.
pub fn compare(nip: &Nip, nik: &Nik) -> Vec<IdentityMismatch> {
    let mut out = Vec::new();
    match nip.birth_date() {
        Some(b)
            if b.day() == nik.birth_day()
                && b.month() == nik.birth_month()
                && b.year().rem_euclid(100) as u32 == nik.birth_yy() => {}
        _ => out.push(IdentityMismatch::BirthDate),
    }
    if nip.sex() != nik.sex() {
        out.push(IdentityMismatch::Sex);
    }
    out
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IdentityCheckRequest {
    /// NIP or NI PPPK, 18 digits, spaces allowed.
    #[cfg_attr(
        feature = "openapi",
        schema(example = "19670416 199303 1 015", pattern = "^[0-9 ]{18,24}$")
    )]
    pub nip: String,
    /// NIK from the KTP, 16 digits, spaces allowed; empty or absent when not checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(example = "3313011604670003", pattern = "^([0-9 ]{16,22})?$")
    )]
    pub nik: Option<String>,
    /// When known, the NIP is checked against this kind's layout.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<EmployeeKind>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IdentityCheck {
    /// The NIP without spaces.
    pub nip: String,
    /// The NIP grouped for reading.
    pub nip_grouped: String,
    pub layout: NipLayout,
    pub birth_date: NaiveDate,
    pub sex: Sex,
    pub appointment_year: i32,
    /// The appointment month when digits 13–14 are a month.
    pub appointment_month: Option<u32>,
    pub nik: Option<NikFacts>,
    pub mismatches: Vec<Mismatch>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NikFacts {
    /// Province, regency/city and district code (6 digits).
    pub region: String,
    pub birth_date: Option<NaiveDate>,
    pub sex: Sex,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Mismatch {
    pub code: IdentityMismatch,
    pub message: String,
}

impl IdentityCheckRequest {
    /// Parses both numbers; every field that is wrong is named with its message.
    pub fn check(&self, lang: Lang) -> Result<IdentityCheck, FieldErrors> {
        let mut errors = FieldErrors::default();
        let nip = match self.kind {
            Some(kind) => Nip::parse_for(&self.nip, kind),
            None => Nip::parse(&self.nip),
        }
        .map_err(|e| errors.add("nip", e.localized()))
        .ok();
        let nik = match self.nik.as_deref() {
            Some(s) if !s.trim().is_empty() => Nik::parse(s)
                .map_err(|e| errors.add("nik", e.localized()))
                .ok(),
            _ => None,
        };
        let (Some(nip), true) = (nip, errors.is_empty()) else {
            return Err(errors);
        };
        let Some(birth) = nip.birth_date() else {
            // Nip::parse guarantees a birth date; keep the type honest anyway.
            errors.add("nip", crate::nip::NipError::BirthDate.localized());
            return Err(errors);
        };
        let mismatches = nik
            .map(|k| compare(&nip, &k))
            .unwrap_or_default()
            .into_iter()
            .map(|code| Mismatch {
                code,
                message: code.localized().get(lang).to_owned(),
            })
            .collect();
        Ok(IdentityCheck {
            nip: nip.to_string(),
            nip_grouped: nip.grouped(),
            layout: nip.layout(),
            birth_date: birth,
            sex: nip.sex(),
            appointment_year: nip.appointment_year(),
            appointment_month: nip.appointment_month(),
            nik: nik.map(|k| NikFacts {
                region: format!("{:06}", k.region()),
                birth_date: k.birth_date(birth.year() + 50),
                sex: k.sex(),
            }),
            mismatches,
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn matching_numbers_have_no_mismatch() {
        let nip = Nip::parse("19670416 199303 1 015").unwrap();
        let nik = Nik::parse("3313011604670003").unwrap();
        assert!(compare(&nip, &nik).is_empty());
    }

    #[test]
    fn a_woman_s_nik_against_a_man_s_nip_is_flagged() {
        let nip = Nip::parse("196704161993031015").unwrap();
        let nik = Nik::parse("3313015604670003").unwrap(); // day 56 = 16 + 40: female
        assert_eq!(compare(&nip, &nik), vec![IdentityMismatch::Sex]);
        let other_day = Nik::parse("3313011704670003").unwrap();
        assert_eq!(compare(&nip, &other_day), vec![IdentityMismatch::BirthDate]);
    }

    #[test]
    fn check_names_every_wrong_field() {
        let req = IdentityCheckRequest {
            nip: "123".into(),
            nik: Some("abc".into()),
            kind: None,
        };
        let errs = req.check(Lang::Id).unwrap_err();
        assert_eq!(errs.fields(), vec!["nik", "nip"]);
        let ok = IdentityCheckRequest {
            nip: "19670416 199303 1 015".into(),
            nik: Some("3313015604670003".into()),
            kind: Some(EmployeeKind::Pns),
        }
        .check(Lang::En)
        .unwrap();
        assert_eq!(ok.nip, "196704161993031015");
        assert_eq!(ok.mismatches.len(), 1);
        assert!(ok.mismatches[0].message.contains("sex"));
        assert_eq!(
            ok.nik.unwrap().birth_date,
            NaiveDate::from_ymd_opt(1967, 4, 16)
        );
    }
}
