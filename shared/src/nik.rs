//! NIK (Nomor Induk Kependudukan): the 16-digit national identity number on the KTP.
//!
//! ```text
//! PP KK CC DDMMYY NNNN   province · regency/city · district · birth date (day + 40 for women) · sequence
//! ```

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::i18n::{Lang, Localized};
use crate::nip::{digits, number, DigitsError};
use crate::Sex;

/// Province codes in use by Dukcapil (including the Papua provinces formed in 2022).
const PROVINCES: [u32; 39] = [
    11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53, 61, 62, 63, 64, 65,
    71, 72, 73, 74, 75, 76, 81, 82, 91, 92, 93, 94, 95, 96, 97,
];

#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Nik([u8; 16]);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NikError {
    #[error("NIK is empty")]
    Empty,
    #[error("NIK contains a character that is not a digit or a space")]
    NotDigits,
    #[error("NIK must have 16 digits, found {0}")]
    WrongLength(usize),
    #[error("the province code of the NIK (digits 1-2) does not exist")]
    Province,
    #[error("the regency or district code of the NIK (digits 3-6) cannot be 00")]
    Region,
    #[error("the birth date of the NIK (digits 7-12) is not a real date")]
    BirthDate,
    #[error("the sequence of the NIK (digits 13-16) cannot be 0000")]
    Sequence,
}

impl NikError {
    pub fn code(&self) -> &'static str {
        match self {
            NikError::Empty => "nik_required",
            NikError::NotDigits => "nik_not_digits",
            NikError::WrongLength(_) => "nik_length",
            NikError::Province => "nik_province",
            NikError::Region => "nik_region",
            NikError::BirthDate => "nik_birth_date",
            NikError::Sequence => "nik_sequence",
        }
    }

    pub fn localized(&self) -> Localized {
        match self {
            NikError::Empty => Localized::new("NIK wajib diisi.", "NIK is required."),
            NikError::NotDigits => Localized::new(
                "NIK hanya boleh berisi angka (spasi boleh).",
                "NIK may contain only digits (spaces are allowed).",
            ),
            NikError::WrongLength(n) => Localized::owned(
                format!("NIK harus 16 angka sesuai KTP, yang diisi {n} angka."),
                format!("NIK must have 16 digits as on the KTP, {n} were entered."),
            ),
            NikError::Province => Localized::new(
                "Kode provinsi pada NIK (angka ke-1 dan 2) tidak dikenal. Periksa kembali KTP Anda.",
                "The province code of the NIK (digits 1 and 2) is unknown. Check your KTP again.",
            ),
            NikError::Region => Localized::new(
                "Kode kabupaten/kota atau kecamatan pada NIK (angka ke-3 s.d. 6) tidak boleh 00.",
                "The regency/city or district code of the NIK (digits 3 to 6) cannot be 00.",
            ),
            NikError::BirthDate => Localized::new(
                "Tanggal lahir pada NIK (angka ke-7 s.d. 12, HHBBTT; wanita: tanggal + 40) bukan tanggal yang benar.",
                "The birth date in the NIK (digits 7-12, DDMMYY; women: day + 40) is not a real date.",
            ),
            NikError::Sequence => Localized::new(
                "Nomor urut pada NIK (angka ke-13 s.d. 16) tidak boleh 0000.",
                "The sequence in the NIK (digits 13-16) cannot be 0000.",
            ),
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        self.localized().get(lang).to_owned()
    }
}

impl Nik {
    pub fn parse(input: &str) -> Result<Nik, NikError> {
        let d = digits::<16>(input).map_err(|e| match e {
            DigitsError::Empty => NikError::Empty,
            DigitsError::NotDigits => NikError::NotDigits,
            DigitsError::WrongLength(n) => NikError::WrongLength(n),
        })?;
        let nik = Nik(d);
        if !PROVINCES.contains(&nik.province()) {
            return Err(NikError::Province);
        }
        if number(&d[2..4]) == 0 || number(&d[4..6]) == 0 {
            return Err(NikError::Region);
        }
        // Day and month must form a date in some year; 29 February needs a leap year, 2000 is one.
        if NaiveDate::from_ymd_opt(2000, nik.birth_month(), nik.birth_day()).is_none() {
            return Err(NikError::BirthDate);
        }
        if number(&d[12..16]) == 0 {
            return Err(NikError::Sequence);
        }
        Ok(nik)
    }

    pub fn province(&self) -> u32 {
        number(&self.0[0..2])
    }

    /// Province + regency/city + district: the 6-digit region code.
    pub fn region(&self) -> u32 {
        number(&self.0[0..6])
    }

    fn raw_day(&self) -> u32 {
        number(&self.0[6..8])
    }

    pub fn sex(&self) -> Sex {
        if self.raw_day() > 40 {
            Sex::Perempuan
        } else {
            Sex::LakiLaki
        }
    }

    /// Day of birth with the +40 for women removed.
    pub fn birth_day(&self) -> u32 {
        let d = self.raw_day();
        if d > 40 {
            d - 40
        } else {
            d
        }
    }

    pub fn birth_month(&self) -> u32 {
        number(&self.0[8..10])
    }

    /// The two-digit year of birth.
    pub fn birth_yy(&self) -> u32 {
        number(&self.0[10..12])
    }

    pub fn sequence(&self) -> u32 {
        number(&self.0[12..16])
    }

    /// The birth date, resolving the century with a full year known to be close (e.g. from the NIP)
    /// or, failing that, the latest year not after `not_after_year`.
    pub fn birth_date(&self, not_after_year: i32) -> Option<NaiveDate> {
        let yy = self.birth_yy() as i32;
        let century = not_after_year - not_after_year.rem_euclid(100);
        let mut year = century + yy;
        if year > not_after_year {
            year -= 100;
        }
        NaiveDate::from_ymd_opt(year, self.birth_month(), self.birth_day())
    }

    pub fn grouped(&self) -> String {
        let s = self.to_string();
        format!("{} {} {}", &s[0..6], &s[6..12], &s[12..16])
    }

    /// Builds a NIK from its parts (demo data and tests); the result is checked.
    pub fn from_parts(
        region: u32,
        birth: NaiveDate,
        sex: Sex,
        sequence: u32,
    ) -> Result<Nik, NikError> {
        let day = birth.day() + if sex == Sex::Perempuan { 40 } else { 0 };
        Nik::parse(&format!(
            "{:06}{:02}{:02}{:02}{:04}",
            region,
            day,
            birth.month(),
            birth.year().rem_euclid(100),
            sequence
        ))
    }
}

impl fmt::Display for Nik {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in self.0 {
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Nik {
    // A NIK is personal data: never print it whole in debug output or logs.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Nik({:06}**********)", self.region())
    }
}

impl FromStr for Nik {
    type Err = NikError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Nik::parse(s)
    }
}

impl Serialize for Nik {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Nik {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Nik::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reads_a_womans_nik_with_forty_added_to_the_day() {
        // Kota Madiun (35 77), district 01, born 23 August 1985, female.
        let n = Nik::parse("3577 0163 0885 0002").unwrap();
        assert_eq!(n.sex(), Sex::Perempuan);
        assert_eq!(n.birth_day(), 23);
        assert_eq!(n.birth_month(), 8);
        assert_eq!(n.birth_date(2026), NaiveDate::from_ymd_opt(1985, 8, 23));
        assert_eq!(n.region(), 357701);
        assert_eq!(n.grouped(), "357701 630885 0002");
    }

    #[test]
    fn reads_a_mans_nik() {
        let n = Nik::parse("3313011604670003").unwrap();
        assert_eq!(n.sex(), Sex::LakiLaki);
        assert_eq!(n.birth_date(2026), NaiveDate::from_ymd_opt(1967, 4, 16));
        // The century follows the hint: a child born 2005 in a 2026 reading.
        let c = Nik::parse("3313011604050003").unwrap();
        assert_eq!(c.birth_date(2026), NaiveDate::from_ymd_opt(2005, 4, 16));
    }

    #[test]
    fn refuses_each_broken_part() {
        assert_eq!(Nik::parse(""), Err(NikError::Empty));
        assert_eq!(Nik::parse("35770163088500O2"), Err(NikError::NotDigits));
        assert_eq!(Nik::parse("357701630885"), Err(NikError::WrongLength(12)));
        assert_eq!(Nik::parse("9977016308850002"), Err(NikError::Province));
        assert_eq!(Nik::parse("3500016308850002"), Err(NikError::Region));
        assert_eq!(Nik::parse("3577007308850002"), Err(NikError::Region));
        assert_eq!(Nik::parse("3577017308850002"), Err(NikError::BirthDate)); // day 73-40 = 33
        assert_eq!(Nik::parse("3577013513850002"), Err(NikError::BirthDate)); // day 35, month 13
        assert_eq!(Nik::parse("3577016308850000"), Err(NikError::Sequence));
    }

    #[test]
    fn debug_output_hides_the_personal_part() {
        let n = Nik::parse("3577016308850002").unwrap();
        let d = format!("{n:?}");
        assert!(!d.contains("630885"), "{d}");
    }

    proptest! {
        #[test]
        fn format_then_parse_is_identity(
            p in proptest::sample::select(PROVINCES.to_vec()), k in 1u32..=99, c in 1u32..=99,
            y in 1940i32..2020, m in 1u32..=12, d in 1u32..=28, female in any::<bool>(),
            seq in 1u32..=9999
        ) {
            let sex = if female { Sex::Perempuan } else { Sex::LakiLaki };
            let birth = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            let region = p * 10_000 + k * 100 + c;
            let nik = Nik::from_parts(region, birth, sex, seq).unwrap();
            let back = Nik::parse(&nik.grouped()).unwrap();
            prop_assert_eq!(back, nik);
            prop_assert_eq!(back.sex(), sex);
            prop_assert_eq!(back.birth_date(2025), Some(birth));
            prop_assert_eq!(back.sequence(), seq);
        }

        #[test]
        fn parse_never_panics(s in "\\PC{0,40}") {
            let _ = Nik::parse(&s);
        }
    }
}
