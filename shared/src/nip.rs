//! NIP (Nomor Induk Pegawai) and NI PPPK: the 18-digit employee numbers.
//!
//! Both layouts share the outer structure:
//!
//! ```text
//! PNS / CPNS : YYYYMMDD  YYYYMM  S  NNN   birth date · year+month of first appointment · sex · sequence
//! PPPK       : YYYYMMDD  YYYY CC S  NNN   birth date · year of first appointment · agreement code · sex · sequence
//! ```
//!
//! The two differ only in digits 13–14 (a month 01–12 for PNS, a two-digit agreement count for PPPK),
//! so a number alone cannot always tell its layout: [`Nip::parse`] checks what is common and
//! [`Nip::parse_for`] adds the rule of the employee kind when the caller knows it.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::i18n::{Lang, Localized};
use crate::{EmployeeKind, Sex};

/// Earliest plausible year in a NIP (birth or appointment).
const MIN_YEAR: i32 = 1900;
/// Latest plausible year in a NIP; a number claiming later dates is a typo.
const MAX_YEAR: i32 = 2100;

/// A syntactically and semantically checked NIP / NI PPPK, stored without spaces.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Nip([u8; 18]);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NipError {
    #[error("NIP is empty")]
    Empty,
    #[error("NIP contains a character that is not a digit or a space")]
    NotDigits,
    #[error("NIP must have 18 digits, found {0}")]
    WrongLength(usize),
    #[error("the birth date in the NIP (digits 1-8) is not a real date")]
    BirthDate,
    #[error("the appointment year in the NIP (digits 9-12) is not plausible")]
    AppointmentYear,
    #[error("the appointment month in a PNS NIP (digits 13-14) must be 01-12")]
    AppointmentMonth,
    #[error("the appointment is dated before the holder turned 15")]
    AppointedTooYoung,
    #[error("the sex digit of the NIP (digit 15) must be 1 or 2")]
    Sex,
    #[error("the sequence of the NIP (digits 16-18) must be 001-999")]
    Sequence,
}

impl NipError {
    /// A stable snake_case code for the error.
    pub fn code(&self) -> &'static str {
        match self {
            NipError::Empty => "nip_required",
            NipError::NotDigits => "nip_not_digits",
            NipError::WrongLength(_) => "nip_length",
            NipError::BirthDate => "nip_birth_date",
            NipError::AppointmentYear => "nip_appointment_year",
            NipError::AppointmentMonth => "nip_appointment_month",
            NipError::AppointedTooYoung => "nip_appointed_too_young",
            NipError::Sex => "nip_sex",
            NipError::Sequence => "nip_sequence",
        }
    }

    /// The message a user reads, in both languages.
    pub fn localized(&self) -> Localized {
        match self {
            NipError::Empty => Localized::new("NIP wajib diisi.", "NIP is required."),
            NipError::NotDigits => Localized::new(
                "NIP hanya boleh berisi angka (spasi boleh).",
                "NIP may contain only digits (spaces are allowed).",
            ),
            NipError::WrongLength(n) => Localized::owned(
                format!("NIP harus 18 angka, yang diisi {n} angka."),
                format!("NIP must have 18 digits, {n} were entered."),
            ),
            NipError::BirthDate => Localized::new(
                "Tanggal lahir pada NIP (angka ke-1 s.d. 8, TTTTBBHH) bukan tanggal yang benar.",
                "The birth date in the NIP (digits 1-8, YYYYMMDD) is not a real date.",
            ),
            NipError::AppointmentYear => Localized::new(
                "Tahun pengangkatan pada NIP (angka ke-9 s.d. 12) tidak wajar.",
                "The appointment year in the NIP (digits 9-12) is not plausible.",
            ),
            NipError::AppointmentMonth => Localized::new(
                "Bulan pengangkatan pada NIP PNS (angka ke-13 dan 14) harus 01 s.d. 12.",
                "The appointment month in a PNS NIP (digits 13 and 14) must be 01 to 12.",
            ),
            NipError::AppointedTooYoung => Localized::new(
                "Tanggal pengangkatan pada NIP lebih awal dari usia 15 tahun pemiliknya.",
                "The appointment in the NIP is dated before its holder turned 15.",
            ),
            NipError::Sex => Localized::new(
                "Angka jenis kelamin pada NIP (angka ke-15) harus 1 (pria) atau 2 (wanita).",
                "The sex digit of the NIP (digit 15) must be 1 (male) or 2 (female).",
            ),
            NipError::Sequence => Localized::new(
                "Nomor urut pada NIP (angka ke-16 s.d. 18) harus 001 s.d. 999.",
                "The sequence in the NIP (digits 16-18) must be 001 to 999.",
            ),
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        self.localized().get(lang).to_owned()
    }
}

/// Digits of `input` with spaces (and the dots or dashes some people type) removed.
pub(crate) fn digits<const N: usize>(input: &str) -> Result<[u8; N], DigitsError> {
    let mut out = [0u8; N];
    let mut n = 0usize;
    let mut any = false;
    for c in input.chars() {
        match c {
            ' ' | '\t' | '\u{a0}' | '.' | '-' => continue,
            '0'..='9' => {
                any = true;
                if n < N {
                    out[n] = c as u8 - b'0';
                }
                n += 1;
            }
            _ => return Err(DigitsError::NotDigits),
        }
    }
    if !any {
        return Err(DigitsError::Empty);
    }
    if n != N {
        return Err(DigitsError::WrongLength(n));
    }
    Ok(out)
}

pub(crate) enum DigitsError {
    Empty,
    NotDigits,
    WrongLength(usize),
}

pub(crate) fn number(d: &[u8]) -> u32 {
    d.iter().fold(0u32, |acc, &x| acc * 10 + u32::from(x))
}

impl Nip {
    /// Parses a NIP typed with or without spaces, checking what both layouts share.
    pub fn parse(input: &str) -> Result<Nip, NipError> {
        let d = digits::<18>(input).map_err(|e| match e {
            DigitsError::Empty => NipError::Empty,
            DigitsError::NotDigits => NipError::NotDigits,
            DigitsError::WrongLength(n) => NipError::WrongLength(n),
        })?;
        let nip = Nip(d);
        let birth = nip.birth_date().ok_or(NipError::BirthDate)?;
        let year = nip.appointment_year();
        if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
            return Err(NipError::AppointmentYear);
        }
        if year < birth.year() + 15 {
            return Err(NipError::AppointedTooYoung);
        }
        if !matches!(d[14], 1 | 2) {
            return Err(NipError::Sex);
        }
        if nip.sequence() == 0 {
            return Err(NipError::Sequence);
        }
        Ok(nip)
    }

    /// Parses a NIP and checks the layout of the given employee kind (the appointment month of a
    /// PNS/CPNS NIP must be a month; a PPPK number has an agreement code there instead).
    pub fn parse_for(input: &str, kind: EmployeeKind) -> Result<Nip, NipError> {
        let nip = Nip::parse(input)?;
        if kind.has_pns_nip() && nip.appointment_month().is_none() {
            return Err(NipError::AppointmentMonth);
        }
        Ok(nip)
    }

    pub fn birth_date(&self) -> Option<NaiveDate> {
        let y = number(&self.0[0..4]) as i32;
        if !(MIN_YEAR..=MAX_YEAR).contains(&y) {
            return None;
        }
        NaiveDate::from_ymd_opt(y, number(&self.0[4..6]), number(&self.0[6..8]))
    }

    /// Year of first appointment (CPNS for a PNS, first contract for a PPPK): digits 9–12.
    pub fn appointment_year(&self) -> i32 {
        number(&self.0[8..12]) as i32
    }

    /// Digits 13–14 read as a month, when they are one (PNS layout).
    pub fn appointment_month(&self) -> Option<u32> {
        let m = number(&self.0[12..14]);
        (1..=12).contains(&m).then_some(m)
    }

    /// Digits 13–14 as written: the month (PNS) or the agreement code (PPPK).
    pub fn digits_13_14(&self) -> u32 {
        number(&self.0[12..14])
    }

    pub fn sex(&self) -> Sex {
        if self.0[14] == 2 {
            Sex::Perempuan
        } else {
            Sex::LakiLaki
        }
    }

    pub fn sequence(&self) -> u32 {
        number(&self.0[15..18])
    }

    /// Which layouts the number fits.
    pub fn layout(&self) -> NipLayout {
        if self.appointment_month().is_some() {
            NipLayout::PnsOrPppk
        } else {
            NipLayout::Pppk
        }
    }

    /// Grouped for reading: `19670416 199303 1 015`.
    pub fn grouped(&self) -> String {
        let s = self.to_string();
        format!("{} {} {} {}", &s[0..8], &s[8..14], &s[14..15], &s[15..18])
    }

    /// Builds a NIP from its parts (used by demo data and tests); the result is checked.
    pub fn from_parts(
        birth: NaiveDate,
        appointment_year: i32,
        digits_13_14: u32,
        sex: Sex,
        sequence: u32,
    ) -> Result<Nip, NipError> {
        let sex_digit = match sex {
            Sex::LakiLaki => 1,
            Sex::Perempuan => 2,
        };
        Nip::parse(&format!(
            "{:04}{:02}{:02}{:04}{:02}{}{:03}",
            birth.year(),
            birth.month(),
            birth.day(),
            appointment_year,
            digits_13_14,
            sex_digit,
            sequence
        ))
    }
}

/// What digits 13–14 allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NipLayout {
    /// A month 01–12: a PNS/CPNS NIP, or a PPPK number whose agreement code happens to be ≤ 12.
    PnsOrPppk,
    /// Not a month: only a PPPK number.
    Pppk,
}

impl fmt::Display for Nip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in self.0 {
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Nip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Nip({self})")
    }
}

impl FromStr for Nip {
    type Err = NipError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Nip::parse(s)
    }
}

impl Serialize for Nip {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Nip {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Nip::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_the_nips_in_the_seed_letters() {
        // Seed 002 (Karanganyar) and seed 004 (Madiun): signatories' NIPs, written with spaces.
        let a = Nip::parse_for("19670416 199303 1 015", EmployeeKind::Pns).unwrap();
        assert_eq!(a.to_string(), "196704161993031015");
        assert_eq!(a.grouped(), "19670416 199303 1 015");
        assert_eq!(a.birth_date(), NaiveDate::from_ymd_opt(1967, 4, 16));
        assert_eq!(a.appointment_year(), 1993);
        assert_eq!(a.appointment_month(), Some(3));
        assert_eq!(a.sex(), Sex::LakiLaki);
        assert_eq!(a.sequence(), 15);

        let b = Nip::parse("19750311 199903 1 009").unwrap();
        assert_eq!(b.birth_date(), NaiveDate::from_ymd_opt(1975, 3, 11));
        assert_eq!(b.appointment_year(), 1999);
        assert_eq!(b.sequence(), 9);
    }

    #[test]
    fn accepts_spaces_anywhere_and_compares_without_them() {
        let a = Nip::parse(" 196704161993031015 ").unwrap();
        let b = Nip::parse("1967 0416 1993 0310 15").unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn refuses_each_broken_part_with_its_own_error() {
        assert_eq!(Nip::parse(""), Err(NipError::Empty));
        assert_eq!(Nip::parse("   "), Err(NipError::Empty));
        assert_eq!(Nip::parse("19670416x993031015"), Err(NipError::NotDigits));
        assert_eq!(
            Nip::parse("1967041619930310"),
            Err(NipError::WrongLength(16))
        );
        assert_eq!(Nip::parse("196702301993031015"), Err(NipError::BirthDate));
        assert_eq!(
            Nip::parse("196704161973031015"),
            Err(NipError::AppointedTooYoung)
        );
        assert_eq!(
            Nip::parse("196704162993031015"),
            Err(NipError::AppointmentYear)
        );
        assert_eq!(Nip::parse("196704161993033015"), Err(NipError::Sex));
        assert_eq!(Nip::parse("196704161993031000"), Err(NipError::Sequence));
    }

    #[test]
    fn pppk_layout_allows_an_agreement_code_that_is_not_a_month() {
        // Born 1990-05-12, first contract 2021, agreement code 21, female, sequence 7.
        let pppk = "199005122021212007";
        let n = Nip::parse_for(pppk, EmployeeKind::Pppk).unwrap();
        assert_eq!(n.layout(), NipLayout::Pppk);
        assert_eq!(n.digits_13_14(), 21);
        assert_eq!(n.sex(), Sex::Perempuan);
        assert_eq!(
            Nip::parse_for(pppk, EmployeeKind::Pns),
            Err(NipError::AppointmentMonth)
        );
        assert_eq!(
            Nip::parse_for(pppk, EmployeeKind::Cpns),
            Err(NipError::AppointmentMonth)
        );
    }

    #[test]
    fn every_error_has_an_indonesian_and_english_message() {
        for e in [
            NipError::Empty,
            NipError::NotDigits,
            NipError::WrongLength(3),
            NipError::BirthDate,
            NipError::AppointmentYear,
            NipError::AppointmentMonth,
            NipError::AppointedTooYoung,
            NipError::Sex,
            NipError::Sequence,
        ] {
            let m = e.localized();
            assert!(m.id.contains("NIP"), "{}", m.id);
            assert!(m.en.contains("NIP"), "{}", m.en);
            assert_ne!(m.id, m.en);
            assert!(e.code().starts_with("nip_"));
        }
    }

    #[test]
    fn serde_round_trips_as_a_digit_string() {
        let n = Nip::parse("19670416 199303 1 015").unwrap();
        let j = serde_json::to_string(&n).unwrap();
        assert_eq!(j, "\"196704161993031015\"");
        let back: Nip = serde_json::from_str("\"19670416 199303 1 015\"").unwrap();
        assert_eq!(back, n);
        assert!(serde_json::from_str::<Nip>("\"123\"").is_err());
    }

    fn arb_date() -> impl Strategy<Value = NaiveDate> {
        (1940i32..2008, 1u32..=12, 1u32..=28)
            .prop_map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap())
    }

    proptest! {
        #[test]
        fn format_then_parse_is_identity(
            birth in arb_date(), after in 18i32..40, month in 1u32..=12,
            female in any::<bool>(), seq in 1u32..=999, spaced in any::<bool>()
        ) {
            let sex = if female { Sex::Perempuan } else { Sex::LakiLaki };
            let year = (birth.year() + after).min(MAX_YEAR);
            let nip = Nip::from_parts(birth, year, month, sex, seq).unwrap();
            let text = if spaced { nip.grouped() } else { nip.to_string() };
            let back = Nip::parse_for(&text, EmployeeKind::Pns).unwrap();
            prop_assert_eq!(back, nip);
            prop_assert_eq!(back.birth_date(), Some(birth));
            prop_assert_eq!(back.sex(), sex);
            prop_assert_eq!(back.sequence(), seq);
            prop_assert_eq!(back.appointment_month(), Some(month));
        }

        #[test]
        fn parse_never_panics(s in "\\PC{0,40}") {
            let _ = Nip::parse(&s);
            let _ = Nip::parse_for(&s, EmployeeKind::Pppk);
        }

        #[test]
        fn parse_never_panics_on_digit_soup(s in "[0-9 ]{0,30}") {
            if let Ok(n) = Nip::parse(&s) {
                prop_assert_eq!(Nip::parse(&n.grouped()), Ok(n));
            }
        }
    }
}
