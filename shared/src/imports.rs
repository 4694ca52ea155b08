//! Imports of a SIASN "Export Data ASN": what an import reports (its progress, counts and the
//! problems of single rows), shared by the API, the command line and the SPA's admin page.

use serde::{Deserialize, Serialize};

use crate::i18n::Localized;

/// Where an import is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ImportStatus {
    /// Stored, waiting for the worker.
    Queued,
    Running,
    /// Every row was read; good rows are in, bad rows are in `errors`.
    Done,
    /// The file as a whole could not be read on (see `failure`); the batches before stay in.
    Failed,
}

impl ImportStatus {
    pub const ALL: [ImportStatus; 4] = [
        ImportStatus::Queued,
        ImportStatus::Running,
        ImportStatus::Done,
        ImportStatus::Failed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ImportStatus::Queued => "queued",
            ImportStatus::Running => "running",
            ImportStatus::Done => "done",
            ImportStatus::Failed => "failed",
        }
    }

    /// Whether the import has stopped (done or failed).
    pub fn finished(self) -> bool {
        matches!(self, ImportStatus::Done | ImportStatus::Failed)
    }
}

/// Why a row was not imported (the other rows are).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RowCode {
    /// The NIP (`nip_baru`) is not a valid NIP or NI PPPK for the row's kind.
    NipInvalid,
    /// The same NIP on an earlier line of the file (that line is imported).
    NipDuplicate,
    /// The NIP belongs to an employee of another agency (a move is `pindah_instansi`).
    NipOtherAgency,
    /// The NIK is not a valid NIK.
    NikInvalid,
    /// The NIK's birth date or sex differs from the NIP's.
    NikMismatch,
    /// The NIK belongs to another employee, in the database or on an earlier line.
    NikDuplicate,
    /// `unor` names no unit of the agency (and the import does not create units).
    UnitUnknown,
    /// `instansi_kerja` names another agency than the one imported into.
    AgencyMismatch,
    /// `gol_akhir` is no golongan of the row's kind.
    GolonganUnknown,
    /// A date that is no date in the formats SIASN writes, or `tanggal_lahir` that differs from
    /// the NIP's birth date.
    DateInvalid,
    /// `jenis_pegawai` names neither PNS, CPNS nor PPPK.
    KindUnknown,
    /// `jenis_kelamin` is none of M/F, L/P, 1/2, or differs from the NIP.
    SexInvalid,
    /// `kedudukan_hukum` is no SIASN code or name.
    KedudukanUnknown,
    /// `nama` is empty.
    NameMissing,
    /// A value longer than a record holds.
    ValueTooLong,
    /// A value with a control character (a NUL byte, …) no record holds.
    ValueInvalid,
    /// More fields than the header has.
    FieldsTooMany,
    /// Fewer fields than the header has.
    FieldsTooFew,
    /// A quote opened and never closed: the rest of the file ran into one field.
    QuoteBroken,
}

impl RowCode {
    pub const ALL: [RowCode; 19] = [
        RowCode::NipInvalid,
        RowCode::NipDuplicate,
        RowCode::NipOtherAgency,
        RowCode::NikInvalid,
        RowCode::NikMismatch,
        RowCode::NikDuplicate,
        RowCode::UnitUnknown,
        RowCode::AgencyMismatch,
        RowCode::GolonganUnknown,
        RowCode::DateInvalid,
        RowCode::KindUnknown,
        RowCode::SexInvalid,
        RowCode::KedudukanUnknown,
        RowCode::NameMissing,
        RowCode::ValueTooLong,
        RowCode::ValueInvalid,
        RowCode::FieldsTooMany,
        RowCode::FieldsTooFew,
        RowCode::QuoteBroken,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RowCode::NipInvalid => "nip_invalid",
            RowCode::NipDuplicate => "nip_duplicate",
            RowCode::NipOtherAgency => "nip_other_agency",
            RowCode::NikInvalid => "nik_invalid",
            RowCode::NikMismatch => "nik_mismatch",
            RowCode::NikDuplicate => "nik_duplicate",
            RowCode::UnitUnknown => "unit_unknown",
            RowCode::AgencyMismatch => "agency_mismatch",
            RowCode::GolonganUnknown => "golongan_unknown",
            RowCode::DateInvalid => "date_invalid",
            RowCode::KindUnknown => "kind_unknown",
            RowCode::SexInvalid => "sex_invalid",
            RowCode::KedudukanUnknown => "kedudukan_unknown",
            RowCode::NameMissing => "name_missing",
            RowCode::ValueTooLong => "value_too_long",
            RowCode::ValueInvalid => "value_invalid",
            RowCode::FieldsTooMany => "fields_too_many",
            RowCode::FieldsTooFew => "fields_too_few",
            RowCode::QuoteBroken => "quote_broken",
        }
    }

    pub fn parse(s: &str) -> Option<RowCode> {
        RowCode::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// One row that was not imported. `line` counts the header as line 1 (a row whose quoted field
/// spans lines is numbered by its first line).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RowError {
    pub line: u64,
    /// The row's `nip_baru` as written (digits only when it had them), empty when it had none.
    pub nip: String,
    pub code: RowCode,
    /// What is wrong, in Indonesian, naming the column.
    pub message: String,
}

/// What an import did, as `satu-api import` prints it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportCounts {
    /// Data rows read (the header not counted).
    pub rows: u64,
    /// New employees.
    pub imported: u64,
    /// Employees whose record changed.
    pub updated: u64,
    /// Employees whose record already said what the row says.
    pub unchanged: u64,
    /// Units created from `unor` (only when the import was asked to).
    pub units_created: u64,
    /// Cards issued to employees who had none (a SIASN serial in `kartu_asn_virtual` kept).
    pub cards_issued: u64,
}

/// An import: where it is, what it did so far, and the rows it refused.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportInfo {
    pub id: String,
    pub status: ImportStatus,
    pub agency_id: String,
    pub file_name: String,
    /// Bytes.
    pub file_size: i64,
    pub file_sha256: String,
    pub create_units: bool,
    pub created_at: chrono::DateTime<chrono::Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finished_at: Option<chrono::DateTime<chrono::Utc>>,
    #[serde(flatten)]
    pub counts: ImportCounts,
    /// Rows refused so far.
    pub error_count: u64,
    /// The first refused rows by line (at most 1,000; all of them: `…/errors.csv`).
    pub errors: Vec<RowError>,
    /// Columns the import does not know, ignored.
    pub extra_columns: Vec<String>,
    /// Why the import stopped, when it failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure: Option<String>,
    /// An earlier finished import of the same agency read the same file (same SHA-256): this one
    /// changes nothing that the employees' records did not change since.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub same_file_as: Option<String>,
}

/// A page of an agency's imports, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportList {
    pub items: Vec<ImportInfo>,
}

/// The most rows an import's answer lists; the CSV of errors has them all.
pub const ERRORS_LISTED: usize = 1000;

/// The largest file an import takes (a 100k-row export is about 35 MB).
pub const MAX_IMPORT_BYTES: u64 = 128 * 1024 * 1024;

/// The refusal of a file over [`MAX_IMPORT_BYTES`], as the SPA shows it before sending.
pub fn too_large() -> Localized {
    Localized::new(
        "Berkas lebih dari 128 MB. Bagi ekspor SIASN per unit kerja.",
        "The file is over 128 MB. Split the SIASN export by unit.",
    )
}
