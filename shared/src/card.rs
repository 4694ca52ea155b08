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
    pub orientation: Orientation,
    pub issued_at: chrono::DateTime<chrono::Utc>,
    /// The address in the QR code: `<public URL>/v/<signed token>`.
    pub verify_url: String,
    pub photo_set: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrientationRequest {
    /// `portrait` or `landscape` (any case).
    #[cfg_attr(
        feature = "openapi",
        schema(
            pattern = "^\\s*([Pp][Oo][Rr][Tt][Rr][Aa][Ii][Tt]|[Ll][Aa][Nn][Dd][Ss][Cc][Aa][Pp][Ee])\\s*$"
        )
    )]
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
    /// The answer, only when the server runs with `SATU_TEST_MODE=true` (automated tests).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test_answer: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VerificationRequest {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 4096))]
    pub token: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 100))]
    pub captcha_id: String,
    /// The five digits of the captcha image.
    #[cfg_attr(feature = "openapi", schema(pattern = "^ *[0-9]{5} *$"))]
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

/// The pangkat (rank) of a PNS golongan (`III/b` → `Penata Muda Tingkat I`).
pub fn pangkat_of(golongan: &str) -> Option<&'static str> {
    const PANGKAT: [(&str, &str); 17] = [
        ("I/a", "Juru Muda"),
        ("I/b", "Juru Muda Tingkat I"),
        ("I/c", "Juru"),
        ("I/d", "Juru Tingkat I"),
        ("II/a", "Pengatur Muda"),
        ("II/b", "Pengatur Muda Tingkat I"),
        ("II/c", "Pengatur"),
        ("II/d", "Pengatur Tingkat I"),
        ("III/a", "Penata Muda"),
        ("III/b", "Penata Muda Tingkat I"),
        ("III/c", "Penata"),
        ("III/d", "Penata Tingkat I"),
        ("IV/a", "Pembina"),
        ("IV/b", "Pembina Tingkat I"),
        ("IV/c", "Pembina Utama Muda"),
        ("IV/d", "Pembina Utama Madya"),
        ("IV/e", "Pembina Utama"),
    ];
    let g = golongan.trim();
    PANGKAT
        .iter()
        .find(|(code, _)| code.eq_ignore_ascii_case(g))
        .map(|(_, name)| *name)
}

/// Card orientation: the employee's choice, portrait by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Orientation {
    #[default]
    Portrait,
    Landscape,
}

impl Orientation {
    pub const ALL: [Orientation; 2] = [Orientation::Portrait, Orientation::Landscape];

    pub fn as_str(self) -> &'static str {
        match self {
            Orientation::Portrait => "portrait",
            Orientation::Landscape => "landscape",
        }
    }

    pub fn parse(s: &str) -> Option<Orientation> {
        match s.trim().to_ascii_lowercase().as_str() {
            "portrait" => Some(Orientation::Portrait),
            "landscape" => Some(Orientation::Landscape),
            _ => None,
        }
    }

    /// Pixels of the PNG at 300 dpi (ID-1: 85.60 × 53.98 mm).
    pub fn pixels(self) -> (u32, u32) {
        match self {
            Orientation::Landscape => (CARD_LONG_PX, CARD_SHORT_PX),
            Orientation::Portrait => (CARD_SHORT_PX, CARD_LONG_PX),
        }
    }

    pub fn invalid_message() -> Localized {
        Localized::new(
            "Pilih portrait (tegak) atau landscape (mendatar).",
            "Choose portrait or landscape.",
        )
    }
}

/// ID-1 card size (ISO/IEC 7810), in millimetres.
pub const CARD_LONG_MM: f64 = 85.60;
pub const CARD_SHORT_MM: f64 = 53.98;
/// The same at 300 dpi, in pixels.
pub const CARD_LONG_PX: u32 = 1011;
pub const CARD_SHORT_PX: u32 = 638;

/// The card photo (BKN's guidance): PNG, 450 × 575 pixels, at most 2 MB, portrait.
pub const PHOTO_WIDTH: u32 = 450;
pub const PHOTO_HEIGHT: u32 = 575;
pub const PHOTO_MAX_BYTES: usize = 2 * 1024 * 1024;
/// Below this a photo would be blown up and blurred on the card.
pub const PHOTO_MIN_WIDTH: u32 = 300;
pub const PHOTO_MIN_HEIGHT: u32 = 383;
/// Larger pictures are refused before they are decoded (a decompression bomb stops here).
pub const PHOTO_MAX_SIDE: u32 = 8000;
pub const PHOTO_MAX_PIXELS: u64 = 16_000_000;
/// How far a photo's width/height ratio may be from 450/575 and still be cropped automatically
/// (a 3:4 phone photo is 4 % off, a 2:3 one 15 %).
pub const PHOTO_ASPECT_TOLERANCE: f64 = 0.15;

/// How a photo of a given size becomes 450 × 575: the centred crop (x, y, width, height) to take
/// before resizing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PhotoCrop {
    pub x: u32,
    pub y: u32,
    pub width: u32,
    pub height: u32,
}

impl PhotoCrop {
    /// Whether the photo is taken as it is (already 450 × 575).
    pub fn is_identity(&self, width: u32, height: u32) -> bool {
        self.x == 0
            && self.y == 0
            && self.width == width
            && self.height == height
            && (width, height) == (PHOTO_WIDTH, PHOTO_HEIGHT)
    }
}

fn mb(bytes: usize) -> String {
    format!("{:.1}", bytes as f64 / (1024.0 * 1024.0)).replace('.', ",")
}

/// The size rule of an uploaded photo file.
pub fn check_photo_bytes(len: usize) -> Result<(), Localized> {
    if len == 0 {
        return Err(Localized::new(
            "Berkas foto kosong. Pilih berkas foto PNG atau JPEG lalu unggah lagi.",
            "The photo file is empty. Choose a PNG or JPEG photo and upload it again.",
        ));
    }
    if len > PHOTO_MAX_BYTES {
        return Err(Localized::owned(
            format!(
                "Ukuran berkas foto {} MB melebihi batas 2 MB. Perkecil atau kompres foto lalu unggah lagi.",
                mb(len)
            ),
            format!(
                "The photo file is {} MB, over the 2 MB limit. Make it smaller or compress it, then upload it again.",
                mb(len).replace(',', ".")
            ),
        ));
    }
    Ok(())
}

/// The shape rules of a photo of `width` × `height` pixels: too large to decode, landscape or
/// square, too small, or too far from 450 × 575 → what to do; otherwise the centred crop that
/// gives the card's ratio. The API and the browser's crop tool run the same rules.
pub fn plan_photo(width: u32, height: u32) -> Result<PhotoCrop, Localized> {
    if width > PHOTO_MAX_SIDE
        || height > PHOTO_MAX_SIDE
        || u64::from(width) * u64::from(height) > PHOTO_MAX_PIXELS
    {
        return Err(Localized::owned(
            format!(
                "Resolusi foto {width}×{height} piksel terlalu besar (paling besar 16 megapiksel, sisi terpanjang {PHOTO_MAX_SIDE} piksel). Perkecil foto, idealnya menjadi {PHOTO_WIDTH}×{PHOTO_HEIGHT} piksel, lalu unggah lagi."
            ),
            format!(
                "The photo's resolution {width}×{height} is too large (at most 16 megapixels, longest side {PHOTO_MAX_SIDE} pixels). Scale it down, ideally to {PHOTO_WIDTH}×{PHOTO_HEIGHT} pixels, and upload it again."
            ),
        ));
    }
    if width >= height {
        return Err(Localized::owned(
            format!(
                "Foto berukuran {width}×{height} piksel berbentuk mendatar atau persegi. Gunakan foto tegak (portrait) setengah badan, dengan perbandingan {PHOTO_WIDTH}×{PHOTO_HEIGHT} piksel."
            ),
            format!(
                "The photo is {width}×{height} pixels: landscape or square. Use an upright (portrait) head-and-shoulders photo with the ratio {PHOTO_WIDTH}×{PHOTO_HEIGHT}."
            ),
        ));
    }
    if width < PHOTO_MIN_WIDTH || height < PHOTO_MIN_HEIGHT {
        return Err(Localized::owned(
            format!(
                "Resolusi foto {width}×{height} piksel terlalu kecil sehingga akan buram di kartu. Gunakan foto paling kecil {PHOTO_MIN_WIDTH}×{PHOTO_MIN_HEIGHT} piksel, idealnya {PHOTO_WIDTH}×{PHOTO_HEIGHT} piksel."
            ),
            format!(
                "The photo's resolution {width}×{height} is too small and would be blurred on the card. Use at least {PHOTO_MIN_WIDTH}×{PHOTO_MIN_HEIGHT} pixels, ideally {PHOTO_WIDTH}×{PHOTO_HEIGHT}."
            ),
        ));
    }
    let target = f64::from(PHOTO_WIDTH) / f64::from(PHOTO_HEIGHT);
    let ratio = f64::from(width) / f64::from(height);
    if (ratio / target - 1.0).abs() > PHOTO_ASPECT_TOLERANCE {
        return Err(Localized::owned(
            format!(
                "Perbandingan foto {width}×{height} piksel terlalu jauh dari {PHOTO_WIDTH}×{PHOTO_HEIGHT} (kira-kira 3:4), sehingga tidak dapat dipotong otomatis tanpa memotong kepala atau badan. Potong (crop) foto menjadi tegak {PHOTO_WIDTH}×{PHOTO_HEIGHT} dengan alat potong di halaman foto, lalu unggah lagi."
            ),
            format!(
                "The photo's ratio ({width}×{height}) is too far from {PHOTO_WIDTH}×{PHOTO_HEIGHT} (about 3:4) to crop it automatically without cutting the head or body. Crop it to an upright {PHOTO_WIDTH}×{PHOTO_HEIGHT} with the crop tool on the photo page, then upload it again."
            ),
        ));
    }
    // The largest centred rectangle of the card's ratio.
    let (cw, ch) = if ratio > target {
        let cw = (f64::from(height) * target).round() as u32;
        (cw.min(width), height)
    } else {
        let ch = (f64::from(width) / target).round() as u32;
        (width, ch.min(height))
    };
    Ok(PhotoCrop {
        x: (width - cw) / 2,
        y: (height - ch) / 2,
        width: cw,
        height: ch,
    })
}

/// The two formats a card photo may come in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoFormat {
    Png,
    Jpeg,
}

impl PhotoFormat {
    pub fn content_type(self) -> &'static str {
        match self {
            PhotoFormat::Png => "image/png",
            PhotoFormat::Jpeg => "image/jpeg",
        }
    }
}

/// Which format a file is, from its first bytes (not its name or declared type); other formats
/// are named in the refusal so the employee knows what to convert.
pub fn photo_format(b: &[u8]) -> Result<PhotoFormat, Localized> {
    if b.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Ok(PhotoFormat::Png);
    }
    if b.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Ok(PhotoFormat::Jpeg);
    }
    let named = if b.starts_with(b"GIF8") {
        Some("GIF")
    } else if b.len() >= 12 && &b[..4] == b"RIFF" && &b[8..12] == b"WEBP" {
        Some("WebP")
    } else if b.len() >= 12 && &b[4..8] == b"ftyp" {
        Some("HEIC/HEIF (foto iPhone)")
    } else if b.starts_with(b"%PDF") {
        Some("PDF")
    } else if b.starts_with(b"BM") {
        Some("BMP")
    } else {
        None
    };
    Err(match named {
        Some(format) => Localized::owned(
            format!("Berkas berformat {format} tidak dapat dipakai. Ubah foto ke PNG (disarankan, dengan latar transparan) atau JPEG lalu unggah lagi."),
            format!("{format} files cannot be used. Convert the photo to PNG (preferred, with a transparent background) or JPEG and upload it again."),
        ),
        None => Localized::new(
            "Berkas ini bukan gambar PNG atau JPEG. Pilih berkas foto PNG (disarankan) atau JPEG.",
            "This file is not a PNG or JPEG image. Choose a PNG (preferred) or JPEG photo.",
        ),
    })
}

/// Largest agency logo upload (PNG or SVG).
pub const LOGO_MAX_BYTES: usize = 256 * 1024;

/// The agency's logo on its cards (`PUT /api/v1/agencies/{id}/logo`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgencyLogo {
    pub agency_id: String,
    /// `image/png` or `image/svg+xml`: as stored, cleaned.
    pub media_type: String,
    /// Pixels for a PNG, the drawing's own units for an SVG.
    pub width: u32,
    pub height: u32,
    /// SHA-256 of the stored file, hex.
    pub sha256: String,
    pub updated_at: chrono::DateTime<chrono::Utc>,
    /// Where the logo is served (public, like the card it is printed on).
    pub url: String,
}

/// What was stored of an accepted photo (`PUT /api/v1/me/card/photo`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PhotoFacts {
    /// Always 450.
    pub width: u32,
    /// Always 575.
    pub height: u32,
    /// Always `image/png`.
    pub content_type: String,
    /// Size of the stored PNG.
    pub bytes: u64,
    /// `image/png` or `image/jpeg`.
    pub original_content_type: String,
    pub original_width: u32,
    pub original_height: u32,
    /// Centre-cropped and/or resized to 450 × 575.
    pub adjusted: bool,
    /// The background (top edge and upper sides) is transparent.
    pub transparent_background: bool,
    /// What was done, and advice (in the request's language).
    pub notes: Vec<String>,
}

/// `POST /api/v1/me/card/photo/preview`: the facts of a photo, and the card drawn with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PhotoPreview {
    pub photo: PhotoFacts,
    /// The front of the card with this photo, a PNG as a `data:` URI.
    pub preview: String,
}

#[cfg(test)]
mod photo_tests {
    use super::*;

    #[test]
    fn the_card_ratio_is_kept_and_near_ratios_are_cropped_centrally() {
        assert_eq!(
            plan_photo(450, 575),
            Ok(PhotoCrop {
                x: 0,
                y: 0,
                width: 450,
                height: 575
            })
        );
        assert!(plan_photo(450, 575).is_ok_and(|c| c.is_identity(450, 575)));
        // A 3:4 phone photo loses a little of its height, evenly.
        let c = plan_photo(900, 1200).unwrap_or(PhotoCrop {
            x: 9,
            y: 9,
            width: 9,
            height: 9,
        });
        assert_eq!((c.x, c.width), (0, 900));
        assert_eq!(c.height, 1150);
        assert_eq!(c.y, 25);
        // A 2:3 photo is at the edge of what is cropped.
        assert!(plan_photo(600, 900).is_ok());
    }

    #[test]
    fn refusals_say_what_to_do() {
        for (w, h, word) in [
            (20000, 20000, "terlalu besar"),
            (800, 600, "tegak"),
            (500, 500, "tegak"),
            (200, 256, "terlalu kecil"),
            (540, 960, "Potong"),
        ] {
            let m = plan_photo(w, h).err().map(|m| m.id).unwrap_or_default();
            assert!(m.contains(word), "{w}x{h}: {m}");
        }
        assert!(check_photo_bytes(PHOTO_MAX_BYTES).is_ok());
        let m = check_photo_bytes(PHOTO_MAX_BYTES + 400_000)
            .err()
            .map(|m| m.id)
            .unwrap_or_default();
        assert!(m.contains("2,4 MB") && m.contains("2 MB"), "{m}");
        assert!(check_photo_bytes(0).is_err());
    }

    #[test]
    fn formats_are_read_from_the_bytes() {
        assert_eq!(photo_format(b"\x89PNG\r\n\x1a\n...."), Ok(PhotoFormat::Png));
        assert_eq!(
            photo_format(&[0xFF, 0xD8, 0xFF, 0xE0]),
            Ok(PhotoFormat::Jpeg)
        );
        let m = |b: &[u8]| photo_format(b).err().map(|m| m.id).unwrap_or_default();
        assert!(m(b"GIF89a").contains("GIF"));
        assert!(m(b"\0\0\0\x18ftypheic....").contains("HEIC"));
        assert!(m(b"hello").contains("bukan gambar"));
    }

    #[test]
    fn pangkat_and_orientation() {
        assert_eq!(pangkat_of("III/b"), Some("Penata Muda Tingkat I"));
        assert_eq!(pangkat_of("iv/e"), Some("Pembina Utama"));
        assert_eq!(pangkat_of("IX"), None);
        assert_eq!(
            Orientation::parse(" Landscape"),
            Some(Orientation::Landscape)
        );
        assert_eq!(Orientation::parse("miring"), None);
        assert_eq!(Orientation::Portrait.pixels(), (638, 1011));
    }
}
