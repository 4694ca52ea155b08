//! Kartu ASN Virtual rules shared by the API and the SPA: the serial (SE Kepala BKN 16/2022), the
//! SIASN kedudukan hukum codes, and when a card is valid — evaluated now from the master record,
//! never stored.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::i18n::Localized;
use crate::{EmployeeKind, EmployeeStatus};

/// SIASN kedudukan hukum (legal status) codes and their names.
pub const KEDUDUKAN_HUKUM: [(&str, &str); 15] = [
    ("01", "Aktif"),
    ("02", "CLTN"),
    ("03", "Tugas Belajar"),
    ("04", "Pemberhentian Sementara"),
    ("05", "Penerima Uang Tunggu"),
    ("20", "Masa Persiapan Pensiun"),
    ("51", "CPNS belum terima SK"),
    ("52", "Tidak Aktif"),
    ("66", "Diberhentikan"),
    ("70", "Pembatalan NIP"),
    ("77", "Pemberhentian tanpa hak pensiun"),
    ("88", "Pemberhentian dengan hak pensiun"),
    ("92", "Pemblokiran Data"),
    ("98", "Mencapai BUP"),
    ("99", "Pensiun"),
];

/// The codes that end a card's validity.
pub const INVALIDATING_CODES: [&str; 7] = ["66", "70", "77", "88", "92", "98", "99"];

pub fn kedudukan_name(code: &str) -> Option<&'static str> {
    KEDUDUKAN_HUKUM
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, n)| *n)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CardStatus {
    Valid,
    Invalid,
}

/// Why a card is not valid now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum InvalidReason {
    Dismissed,
    NipCancelled,
    Retired,
    Deceased,
    DataBlocked,
    ContractEnded,
}

impl InvalidReason {
    pub fn localized(self) -> Localized {
        let (id, en) = match self {
            InvalidReason::Dismissed => (
                "Pegawai telah diberhentikan.",
                "The employee was dismissed.",
            ),
            InvalidReason::NipCancelled => ("NIP telah dibatalkan.", "The NIP was cancelled."),
            InvalidReason::Retired => ("Pegawai telah pensiun.", "The employee has retired."),
            InvalidReason::Deceased => ("Pegawai telah meninggal dunia.", "The employee has died."),
            InvalidReason::DataBlocked => {
                ("Data pegawai diblokir.", "The employee's data is blocked.")
            }
            InvalidReason::ContractEnded => (
                "Masa perjanjian kerja PPPK telah berakhir.",
                "The PPPK contract has ended.",
            ),
        };
        Localized::new(id, en)
    }
}

/// What decides a card's validity.
#[derive(Debug, Clone, Copy)]
pub struct CardFacts<'a> {
    pub kind: EmployeeKind,
    pub status: EmployeeStatus,
    pub kedudukan_hukum: &'a str,
    pub pppk_end: Option<NaiveDate>,
}

/// Whether the card is valid on `today`, and if not, why.
pub fn card_validity(f: &CardFacts<'_>, today: NaiveDate) -> Result<(), InvalidReason> {
    match f.status {
        EmployeeStatus::Meninggal => return Err(InvalidReason::Deceased),
        EmployeeStatus::Diberhentikan => return Err(InvalidReason::Dismissed),
        EmployeeStatus::Pensiun => return Err(InvalidReason::Retired),
        EmployeeStatus::KontrakBerakhir => return Err(InvalidReason::ContractEnded),
        EmployeeStatus::Aktif => {}
    }
    match f.kedudukan_hukum {
        "66" | "77" => return Err(InvalidReason::Dismissed),
        "70" => return Err(InvalidReason::NipCancelled),
        "88" | "98" | "99" => return Err(InvalidReason::Retired),
        "92" => return Err(InvalidReason::DataBlocked),
        _ => {}
    }
    if f.kind == EmployeeKind::Pppk && f.pppk_end.is_some_and(|end| end < today) {
        return Err(InvalidReason::ContractEnded);
    }
    Ok(())
}

/// The serial letter: `A` for PNS, `B` for PPPK; CPNS get no card.
pub fn serial_prefix(kind: EmployeeKind) -> Option<char> {
    match kind {
        EmployeeKind::Pns => Some('A'),
        EmployeeKind::Pppk => Some('B'),
        EmployeeKind::Cpns => None,
    }
}

/// `A` + 4-digit year of appointment + 7-digit sequence within that year.
pub fn format_serial(prefix: char, year: i32, seq: i64) -> String {
    format!("{prefix}{year:04}{seq:07}")
}

/// The parts of a serial, if it is one.
pub fn parse_serial(s: &str) -> Option<(char, i32, i64)> {
    let mut chars = s.chars();
    let prefix = chars.next().filter(|c| *c == 'A' || *c == 'B')?;
    let rest = chars.as_str();
    if rest.len() != 11 || !rest.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((prefix, rest[..4].parse().ok()?, rest[4..].parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    fn facts(kind: EmployeeKind, status: EmployeeStatus, code: &str) -> CardFacts<'_> {
        CardFacts {
            kind,
            status,
            kedudukan_hukum: code,
            pppk_end: None,
        }
    }

    #[test]
    fn every_invalidating_code_invalidates_and_the_others_do_not() {
        let today = d(2026, 11, 22);
        for (code, _) in KEDUDUKAN_HUKUM {
            let r = card_validity(
                &facts(EmployeeKind::Pns, EmployeeStatus::Aktif, code),
                today,
            );
            assert_eq!(r.is_err(), INVALIDATING_CODES.contains(&code), "{code}");
        }
        assert_eq!(
            card_validity(
                &facts(EmployeeKind::Pns, EmployeeStatus::Meninggal, "01"),
                today
            ),
            Err(InvalidReason::Deceased)
        );
        assert_eq!(
            card_validity(
                &facts(EmployeeKind::Pns, EmployeeStatus::Diberhentikan, "01"),
                today
            ),
            Err(InvalidReason::Dismissed)
        );
    }

    #[test]
    fn a_pppk_contract_ends_after_its_last_day() {
        let mut f = facts(EmployeeKind::Pppk, EmployeeStatus::Aktif, "01");
        f.pppk_end = Some(d(2026, 11, 22));
        assert_eq!(card_validity(&f, d(2026, 11, 22)), Ok(()));
        assert_eq!(
            card_validity(&f, d(2026, 11, 23)),
            Err(InvalidReason::ContractEnded)
        );
    }

    #[test]
    fn serials_round_trip() {
        let s = format_serial('A', 1993, 15);
        assert_eq!(s, "A19930000015");
        assert_eq!(parse_serial(&s), Some(('A', 1993, 15)));
        assert_eq!(serial_prefix(EmployeeKind::Cpns), None);
        for bad in ["", "A1993", "C19930000015", "A1993000001x", "A199300000155"] {
            assert_eq!(parse_serial(bad), None, "{bad}");
        }
    }
}

/// Reads the `kedudukan_hukum` of a status change: a SIASN code (`66`) or a word
/// (`diberhentikan`); returns the employee status it means and the code to store (`None`: keep
/// the stored code, for a death).
pub fn resolve_status(
    input: &str,
    kind: EmployeeKind,
) -> Result<(EmployeeStatus, Option<&'static str>), Localized> {
    let input = input.trim().to_ascii_lowercase();
    let code: &'static str = match input.as_str() {
        "meninggal" => return Ok((EmployeeStatus::Meninggal, None)),
        "aktif" => "01",
        "diberhentikan" => "66",
        "pembatalan_nip" => "70",
        "pensiun" => "99",
        "pemblokiran_data" => "92",
        "kontrak_berakhir" => "52",
        other => KEDUDUKAN_HUKUM
            .iter()
            .find(|(c, _)| *c == other)
            .map(|(c, _)| *c)
            .ok_or_else(|| {
                Localized::new(
                    "Kedudukan hukum tidak dikenal. Isi kode SIASN (mis. 66) atau: aktif, diberhentikan, pembatalan_nip, pensiun, pemblokiran_data, kontrak_berakhir, meninggal.",
                    "Unknown kedudukan hukum. Give a SIASN code (e.g. 66) or: aktif, diberhentikan, pembatalan_nip, pensiun, pemblokiran_data, kontrak_berakhir, meninggal.",
                )
            })?,
    };
    let status = match code {
        "66" | "70" | "77" => EmployeeStatus::Diberhentikan,
        "88" | "98" | "99" => EmployeeStatus::Pensiun,
        "52" if kind == EmployeeKind::Pppk => EmployeeStatus::KontrakBerakhir,
        "52" if input == "kontrak_berakhir" => {
            return Err(Localized::new(
                "Kontrak berakhir hanya berlaku bagi PPPK.",
                "A contract end applies to PPPK only.",
            ))
        }
        _ => EmployeeStatus::Aktif,
    };
    Ok((status, Some(code)))
}

/// `GET /api/v1/me/card`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CardInfo {
    pub serial: String,
    pub status: CardStatus,
    /// Why the card is not valid (Indonesian), when it is not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invalid_reason: Option<String>,
    pub kind: EmployeeKind,
    /// `portrait` or `landscape`.
    pub orientation: String,
    pub issued_at: chrono::DateTime<chrono::Utc>,
    /// The address in the QR code: `<public URL>/v/<signed token>`.
    pub verify_url: String,
    pub photo_set: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrientationRequest {
    /// `portrait` or `landscape`.
    pub orientation: String,
}

/// `PATCH /api/v1/employees/{nip}/status`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusChange {
    /// A SIASN code (`66`) or a word: aktif, diberhentikan, pembatalan_nip, pensiun,
    /// pemblokiran_data, kontrak_berakhir, meninggal.
    pub kedudukan_hukum: String,
    /// The date it takes effect (YYYY-MM-DD).
    pub date: NaiveDate,
    /// The decree (SK) number; required unless returning to `aktif`.
    #[serde(default)]
    pub sk_number: String,
}

/// `GET /api/v1/captcha`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Captcha {
    pub id: String,
    /// A PNG as a `data:` URI.
    pub image: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VerificationRequest {
    pub token: String,
    pub captcha_id: String,
    pub captcha_answer: String,
}

/// The answer of a verification: what a verifier needs, nothing more (no NIK, address or birth
/// date). With `valid: false` the token is not a genuine card token and `code` says why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VerificationResult {
    pub valid: bool,
    /// Why `valid` is false: malformed_token, unsupported_algorithm, unknown_key, bad_signature,
    /// bad_claims, unknown_card.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    pub status: Option<CardStatus>,
    pub name: Option<String>,
    pub nip: Option<String>,
    pub kind: Option<EmployeeKind>,
    pub tmt: Option<NaiveDate>,
    pub agency: Option<String>,
    pub serial: Option<String>,
    pub issued_at: Option<chrono::DateTime<chrono::Utc>>,
    pub checked_at: chrono::DateTime<chrono::Utc>,
    /// A small thumbnail as a `data:` URI, or null.
    pub photo: Option<String>,
}
