//! Pemutakhiran Data Mandiri (the data update): the history categories, each defined once here —
//! its fields (type, required, limits), its supporting documents, whether BKN validates it and
//! whether older rows may be changed — and the validation of a proposal's `data` that the API and
//! the SPA both run. Adding a category is one entry of [`CATEGORIES`].

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::i18n::Localized;
use crate::reference::RefList;

/// Largest supporting document (a scanned PDF): the API refuses more while the upload streams,
/// the SPA before sending.
pub const DOCUMENT_MAX_BYTES: usize = 1024 * 1024;

/// What a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FieldKind {
    /// Free text of at most `max` characters.
    Text { max: usize },
    /// A date, `YYYY-MM-DD` (shown DD/MM/YYYY).
    Date,
    /// A year from 1945 to next year.
    Year,
    /// A whole number within bounds.
    Number { min: i64, max: i64 },
    /// A code of a reference list (`GET /api/v1/reference/{list}`).
    Code {
        #[serde(serialize_with = "list_name")]
        #[cfg_attr(feature = "openapi", schema(value_type = String))]
        list: RefList,
    },
    /// A PNS golongan (`III/b`) or a PPPK one (`IX`), as the employee's kind has it.
    Golongan,
    /// One of a few fixed words.
    Choice {
        #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
        options: &'static [&'static str],
    },
    /// A 16-digit NIK.
    Nik,
    /// An email address.
    Email,
    /// A phone number: 8 to 15 digits, optionally after `+`.
    Phone,
}

fn list_name<S: serde::Serializer>(l: &RefList, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(l.name())
}

/// One field of a category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldDef {
    pub name: &'static str,
    /// The form's label (Indonesian).
    pub label: &'static str,
    #[serde(flatten)]
    pub kind: FieldKind,
    pub required: bool,
    /// For a date: the field it may not come before (an end after its start).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub not_before: Option<&'static str>,
}

/// A supporting document a category asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DocumentRule {
    /// A code of the `document-kinds` list.
    pub kind: &'static str,
    pub required: bool,
}

/// A history category of the data update.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CategoryDef {
    pub code: &'static str,
    pub label: &'static str,
    /// Validated by BKN (the Kanreg for an instansi daerah, BKN Pusat for an instansi pusat)
    /// between verification and approval.
    pub needs_validation: bool,
    /// Any row may be changed or removed, not only the newest (skp, keluarga, cltn).
    pub any_row_changeable: bool,
    /// A category of one row (the personal data): proposals change it, never add or remove.
    pub single_row: bool,
    /// The date or year field that orders the rows, newest first (the newest row is the one
    /// that may be changed where only the newest may).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub newest_by: Option<&'static str>,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<FieldDef>))]
    pub fields: &'static [FieldDef],
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<DocumentRule>))]
    pub documents: &'static [DocumentRule],
}

const fn f(name: &'static str, label: &'static str, kind: FieldKind, required: bool) -> FieldDef {
    FieldDef {
        name,
        label,
        kind,
        required,
        not_before: None,
    }
}

const fn after(mut d: FieldDef, field: &'static str) -> FieldDef {
    d.not_before = Some(field);
    d
}

const fn doc(kind: &'static str, required: bool) -> DocumentRule {
    DocumentRule { kind, required }
}

const TEXT: FieldKind = FieldKind::Text { max: 200 };
const SHORT: FieldKind = FieldKind::Text { max: 100 };
const DATE: FieldKind = FieldKind::Date;
const MK_TAHUN: FieldKind = FieldKind::Number { min: 0, max: 50 };
const MK_BULAN: FieldKind = FieldKind::Number { min: 0, max: 11 };

/// Every category, in the order of the Karanganyar instruction, then `pindah_instansi`.
pub const CATEGORIES: [CategoryDef; 13] = [
    CategoryDef {
        code: "data_pribadi",
        label: "Data pribadi",
        needs_validation: false,
        any_row_changeable: false,
        single_row: true,
        newest_by: None,
        fields: &[
            f("nama", "Nama (tanpa gelar)", SHORT, true),
            f(
                "gelar_depan",
                "Gelar depan",
                FieldKind::Text { max: 30 },
                false,
            ),
            f(
                "gelar_belakang",
                "Gelar belakang",
                FieldKind::Text { max: 60 },
                false,
            ),
            f("tempat_lahir", "Tempat lahir", SHORT, true),
            f("tanggal_lahir", "Tanggal lahir", DATE, true),
            f(
                "agama",
                "Agama",
                FieldKind::Code {
                    list: RefList::Agama,
                },
                true,
            ),
            f(
                "status_kawin",
                "Status perkawinan",
                FieldKind::Code {
                    list: RefList::StatusKawin,
                },
                true,
            ),
            f("alamat", "Alamat", FieldKind::Text { max: 300 }, false),
            f("email", "Email", FieldKind::Email, false),
            f("nomor_hp", "Nomor HP", FieldKind::Phone, false),
        ],
        documents: &[doc("ktp", true), doc("kk", false), doc("akta_nikah", false)],
    },
    CategoryDef {
        code: "jabatan",
        label: "Riwayat jabatan",
        needs_validation: false,
        any_row_changeable: false,
        single_row: false,
        newest_by: Some("tmt_jabatan"),
        fields: &[
            f(
                "jenis_jabatan",
                "Jenis jabatan",
                FieldKind::Code {
                    list: RefList::JenisJabatan,
                },
                true,
            ),
            f("nama_jabatan", "Nama jabatan", TEXT, true),
            f("tmt_jabatan", "TMT jabatan", DATE, true),
            f("nomor_sk", "Nomor SK", SHORT, true),
            f("tanggal_sk", "Tanggal SK", DATE, true),
        ],
        documents: &[doc("sk_jabatan", true), doc("spmt", false)],
    },
    CategoryDef {
        code: "pendidikan",
        label: "Riwayat pendidikan",
        needs_validation: true,
        any_row_changeable: false,
        single_row: false,
        newest_by: Some("tahun_lulus"),
        fields: &[
            f(
                "tingkat_pendidikan",
                "Tingkat pendidikan",
                FieldKind::Code {
                    list: RefList::Pendidikan,
                },
                true,
            ),
            f("nama_sekolah", "Nama sekolah/perguruan tinggi", TEXT, true),
            f("jurusan", "Jurusan/program studi", SHORT, false),
            f("tahun_lulus", "Tahun lulus", FieldKind::Year, true),
            f("nomor_ijazah", "Nomor ijazah", SHORT, true),
            f("tanggal_ijazah", "Tanggal ijazah", DATE, false),
        ],
        documents: &[doc("ijazah", true), doc("transkrip", true)],
    },
    CategoryDef {
        code: "diklat",
        label: "Riwayat diklat/kursus",
        needs_validation: false,
        any_row_changeable: false,
        single_row: false,
        newest_by: Some("tanggal_selesai"),
        fields: &[
            f("nama_diklat", "Nama diklat/kursus", TEXT, true),
            f("penyelenggara", "Penyelenggara", TEXT, true),
            f("tanggal_mulai", "Tanggal mulai", DATE, true),
            after(
                f("tanggal_selesai", "Tanggal selesai", DATE, true),
                "tanggal_mulai",
            ),
            f(
                "jumlah_jam",
                "Jumlah jam pelajaran",
                FieldKind::Number { min: 1, max: 5000 },
                false,
            ),
            f("nomor_sertifikat", "Nomor sertifikat", SHORT, false),
        ],
        documents: &[doc("sertifikat_diklat", true)],
    },
    CategoryDef {
        code: "skp",
        label: "Sasaran Kinerja Pegawai (SKP)",
        needs_validation: false,
        any_row_changeable: true,
        single_row: false,
        newest_by: Some("tahun"),
        fields: &[
            f("tahun", "Tahun penilaian", FieldKind::Year, true),
            f(
                "predikat",
                "Predikat kinerja",
                FieldKind::Choice {
                    options: &[
                        "Sangat Baik",
                        "Baik",
                        "Butuh Perbaikan",
                        "Kurang",
                        "Sangat Kurang",
                    ],
                },
                true,
            ),
            f(
                "nilai",
                "Nilai (penilaian sebelum 2022)",
                FieldKind::Number { min: 0, max: 120 },
                false,
            ),
            f("pejabat_penilai", "Pejabat penilai", SHORT, false),
        ],
        documents: &[doc("dokumen_skp", true)],
    },
    CategoryDef {
        code: "pmk",
        label: "Peninjauan masa kerja (PMK)",
        needs_validation: true,
        any_row_changeable: false,
        single_row: false,
        newest_by: Some("tanggal_akhir"),
        fields: &[
            f(
                "jenis_pmk",
                "Jenis masa kerja",
                FieldKind::Choice {
                    options: &["negeri", "swasta"],
                },
                true,
            ),
            f("instansi", "Instansi/perusahaan", TEXT, true),
            f("tanggal_awal", "Tanggal awal", DATE, true),
            after(
                f("tanggal_akhir", "Tanggal akhir", DATE, true),
                "tanggal_awal",
            ),
            f("mk_tahun", "Masa kerja (tahun)", MK_TAHUN, true),
            f("mk_bulan", "Masa kerja (bulan)", MK_BULAN, true),
            f("nomor_sk", "Nomor SK", SHORT, true),
            f("tanggal_sk", "Tanggal SK", DATE, true),
        ],
        documents: &[doc("sk_pmk", true)],
    },
    CategoryDef {
        code: "cpns_pns",
        label: "SK CPNS dan SK PNS",
        needs_validation: false,
        any_row_changeable: false,
        single_row: false,
        newest_by: Some("tmt_cpns"),
        fields: &[
            f("nomor_sk_cpns", "Nomor SK CPNS", SHORT, true),
            f("tanggal_sk_cpns", "Tanggal SK CPNS", DATE, true),
            f("tmt_cpns", "TMT CPNS", DATE, true),
            f("nomor_sk_pns", "Nomor SK PNS", SHORT, false),
            after(
                f("tanggal_sk_pns", "Tanggal SK PNS", DATE, false),
                "tanggal_sk_cpns",
            ),
            after(f("tmt_pns", "TMT PNS", DATE, false), "tmt_cpns"),
        ],
        documents: &[doc("sk_cpns", true), doc("sk_pns", false)],
    },
    CategoryDef {
        code: "golongan",
        label: "Riwayat pangkat/golongan",
        needs_validation: true,
        any_row_changeable: false,
        single_row: false,
        newest_by: Some("tmt_golongan"),
        fields: &[
            f("golongan", "Golongan", FieldKind::Golongan, true),
            f("tmt_golongan", "TMT golongan", DATE, true),
            f("nomor_sk", "Nomor SK", SHORT, true),
            f("tanggal_sk", "Tanggal SK", DATE, true),
            f("mk_tahun", "Masa kerja golongan (tahun)", MK_TAHUN, true),
            f("mk_bulan", "Masa kerja golongan (bulan)", MK_BULAN, true),
        ],
        documents: &[doc("sk_kp", true)],
    },
    CategoryDef {
        code: "keluarga",
        label: "Data keluarga",
        needs_validation: false,
        any_row_changeable: true,
        single_row: false,
        newest_by: Some("tanggal_lahir"),
        fields: &[
            f(
                "hubungan",
                "Hubungan",
                FieldKind::Choice {
                    options: &["suami", "istri", "anak"],
                },
                true,
            ),
            f("nama", "Nama", SHORT, true),
            f("nik", "NIK", FieldKind::Nik, false),
            f("tempat_lahir", "Tempat lahir", SHORT, false),
            f("tanggal_lahir", "Tanggal lahir", DATE, true),
            f("pekerjaan", "Pekerjaan", SHORT, false),
            f("tanggal_nikah", "Tanggal nikah (suami/istri)", DATE, false),
        ],
        documents: &[
            doc("kk", true),
            doc("akta_nikah", false),
            doc("akta_kelahiran", false),
        ],
    },
    CategoryDef {
        code: "penghargaan",
        label: "Riwayat penghargaan",
        needs_validation: false,
        any_row_changeable: false,
        single_row: false,
        newest_by: Some("tanggal_sk"),
        fields: &[
            f("jenis_penghargaan", "Jenis penghargaan", TEXT, true),
            f("tahun", "Tahun", FieldKind::Year, true),
            f("nomor_sk", "Nomor SK/piagam", SHORT, true),
            f("tanggal_sk", "Tanggal SK/piagam", DATE, true),
        ],
        documents: &[doc("sk_penghargaan", true)],
    },
    CategoryDef {
        code: "organisasi",
        label: "Riwayat organisasi",
        needs_validation: false,
        any_row_changeable: false,
        single_row: false,
        newest_by: Some("tanggal_mulai"),
        fields: &[
            f("nama_organisasi", "Nama organisasi", TEXT, true),
            f(
                "jabatan_organisasi",
                "Jabatan dalam organisasi",
                SHORT,
                false,
            ),
            f("tanggal_mulai", "Tanggal mulai", DATE, true),
            after(
                f("tanggal_selesai", "Tanggal selesai", DATE, false),
                "tanggal_mulai",
            ),
        ],
        documents: &[doc("sk_organisasi", true)],
    },
    CategoryDef {
        code: "cltn",
        label: "Cuti di luar tanggungan negara (CLTN)",
        needs_validation: true,
        any_row_changeable: true,
        single_row: false,
        newest_by: Some("tanggal_mulai"),
        fields: &[
            f("nomor_sk", "Nomor SK CLTN", SHORT, true),
            f("tanggal_sk", "Tanggal SK CLTN", DATE, true),
            f("tanggal_mulai", "Tanggal mulai", DATE, true),
            after(
                f("tanggal_selesai", "Tanggal selesai", DATE, true),
                "tanggal_mulai",
            ),
            after(
                f(
                    "tanggal_aktif_kembali",
                    "Tanggal aktif kembali",
                    DATE,
                    false,
                ),
                "tanggal_selesai",
            ),
        ],
        documents: &[doc("sk_cltn", true), doc("sk_aktif_kembali", false)],
    },
    CategoryDef {
        code: "pindah_instansi",
        label: "Pindah instansi",
        needs_validation: true,
        any_row_changeable: false,
        single_row: false,
        newest_by: Some("tmt_pindah"),
        fields: &[
            f(
                "instansi_tujuan",
                "Kode instansi tujuan",
                FieldKind::Text { max: 40 },
                true,
            ),
            f(
                "unit_tujuan",
                "Kode unit kerja tujuan",
                FieldKind::Text { max: 40 },
                true,
            ),
            f("nomor_sk", "Nomor SK pindah", SHORT, true),
            f("tanggal_sk", "Tanggal SK pindah", DATE, true),
            f("tmt_pindah", "TMT pindah", DATE, true),
        ],
        documents: &[doc("sk_pindah", true)],
    },
];

/// A category by its code.
pub fn category(code: &str) -> Option<&'static CategoryDef> {
    CATEGORIES.iter().find(|c| c.code == code)
}

/// Every category code, for messages and the OpenAPI document.
pub fn category_codes() -> Vec<&'static str> {
    CATEGORIES.iter().map(|c| c.code).collect()
}

/// The date that orders a row of `c` (a year counts as its last day); `None` without one.
pub fn sort_date(
    c: &CategoryDef,
    data: &serde_json::Map<String, serde_json::Value>,
) -> Option<NaiveDate> {
    let field = c.newest_by?;
    let def = c.fields.iter().find(|f| f.name == field)?;
    let v = data.get(field)?;
    match def.kind {
        FieldKind::Year => v
            .as_i64()
            .and_then(|y| i32::try_from(y).ok())
            .and_then(|y| NaiveDate::from_ymd_opt(y, 12, 31)),
        _ => v.as_str().and_then(parse_date),
    }
}

/// A field's value as a person reads it: dates DD/MM/YYYY, codes by their names, a PNS golongan
/// with its pangkat; an empty string for a missing value.
pub fn display_value(d: &FieldDef, v: Option<&serde_json::Value>) -> String {
    let Some(v) = v.filter(|v| !is_blank(v)) else {
        return String::new();
    };
    let text = v
        .as_str()
        .map(str::to_owned)
        .unwrap_or_else(|| v.to_string());
    match d.kind {
        FieldKind::Date => parse_date(&text)
            .map(|date| date.format("%d/%m/%Y").to_string())
            .unwrap_or(text),
        FieldKind::Code { list } => list.name_of(&text).unwrap_or(text),
        FieldKind::Golongan => match crate::card::pangkat_of(&text) {
            Some(pangkat) => format!("{pangkat} ({text})"),
            None => text,
        },
        _ => text,
    }
}

/// One approved row of an employee's history (`GET …/history/{category}`), newest first.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HistoryRow {
    pub id: String,
    pub category: String,
    /// The row's fields, in the shape of its category (`PdmData_<category>`).
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub data: serde_json::Map<String, serde_json::Value>,
    /// Where it came from: `record` (the master record itself), `demo`, `import` or `proposal`.
    pub source: String,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

/// Field errors of a proposal's data: field name → messages.
pub type DataErrors = BTreeMap<String, Vec<Localized>>;

fn push(errors: &mut DataErrors, field: &str, m: Localized) {
    errors.entry(field.to_owned()).or_default().push(m);
}

/// A date as the API carries it (`YYYY-MM-DD`).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

fn check_field(d: &FieldDef, v: &serde_json::Value, today: NaiveDate) -> Result<(), Localized> {
    let label = d.label;
    let text = || -> Result<&str, Localized> {
        v.as_str().ok_or_else(|| {
            Localized::owned(
                format!("{label} harus berupa teks."),
                format!("{label} must be text."),
            )
        })
    };
    match d.kind {
        FieldKind::Text { max } => {
            let t = text()?;
            if t.chars().count() > max {
                return Err(Localized::owned(
                    format!("{label} paling panjang {max} karakter."),
                    format!("{label} may have at most {max} characters."),
                ));
            }
            if t.chars().any(|c| c.is_control() && c != '\n') {
                return Err(Localized::owned(
                    format!("{label} berisi karakter kendali yang tidak diperbolehkan."),
                    format!("{label} contains control characters."),
                ));
            }
        }
        FieldKind::Date => {
            let date = parse_date(text()?).ok_or_else(|| {
                Localized::owned(
                    format!("{label} bukan tanggal yang benar (format TTTT-BB-HH)."),
                    format!("{label} is not a valid date (YYYY-MM-DD)."),
                )
            })?;
            let earliest = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or(NaiveDate::MIN);
            let latest = today + chrono::Duration::days(366);
            if date < earliest || date > latest {
                return Err(Localized::owned(
                    format!(
                        "{label} di luar rentang yang masuk akal (1900 sampai setahun ke depan)."
                    ),
                    format!("{label} is outside the plausible range (1900 to a year ahead)."),
                ));
            }
        }
        FieldKind::Year | FieldKind::Number { .. } => {
            let (min, max) = match d.kind {
                FieldKind::Number { min, max } => (min, max),
                _ => (1945, i64::from(chrono::Datelike::year(&today)) + 1),
            };
            let n = v.as_i64().ok_or_else(|| {
                Localized::owned(
                    format!("{label} harus berupa bilangan bulat."),
                    format!("{label} must be a whole number."),
                )
            })?;
            if n < min || n > max {
                return Err(Localized::owned(
                    format!("{label} harus antara {min} dan {max}."),
                    format!("{label} must be from {min} to {max}."),
                ));
            }
        }
        FieldKind::Code { list } => {
            if !list.contains(text()?) {
                return Err(Localized::owned(
                    format!("{label} tidak ada dalam daftar rujukan {}.", list.name()),
                    format!("{label} is not in the {} reference list.", list.name()),
                ));
            }
        }
        FieldKind::Golongan => {
            let t = text()?;
            if !(RefList::Golongan.contains(t) || RefList::GolonganPppk.contains(t)) {
                return Err(Localized::owned(
                    format!("{label} tidak dikenal: tulis seperti III/b (PNS) atau IX (PPPK)."),
                    format!("{label} is unknown: write it like III/b (PNS) or IX (PPPK)."),
                ));
            }
        }
        FieldKind::Choice { options } => {
            if !options.contains(&text()?) {
                return Err(Localized::owned(
                    format!("{label} harus salah satu dari: {}.", options.join(", ")),
                    format!("{label} must be one of: {}.", options.join(", ")),
                ));
            }
        }
        FieldKind::Nik => {
            let t = text()?;
            if t.len() != 16 || !t.bytes().all(|b| b.is_ascii_digit()) {
                return Err(Localized::owned(
                    format!("{label} harus 16 angka."),
                    format!("{label} must be 16 digits."),
                ));
            }
        }
        FieldKind::Email => {
            let t = text()?;
            let ok = t.len() <= 254
                && t.split_once('@').is_some_and(|(local, domain)| {
                    !local.is_empty()
                        && domain.contains('.')
                        && !domain.starts_with('.')
                        && !domain.ends_with('.')
                        && !t.chars().any(char::is_whitespace)
                });
            if !ok {
                return Err(Localized::owned(
                    format!("{label} bukan alamat email yang benar."),
                    format!("{label} is not a valid email address."),
                ));
            }
        }
        FieldKind::Phone => {
            let t = text()?;
            let digits = t.strip_prefix('+').unwrap_or(t);
            if !(8..=15).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(Localized::owned(
                    format!("{label} harus 8 sampai 15 angka (boleh diawali +)."),
                    format!("{label} must be 8 to 15 digits (a leading + is allowed)."),
                ));
            }
        }
    }
    Ok(())
}

fn is_blank(v: &serde_json::Value) -> bool {
    v.is_null() || v.as_str().is_some_and(|s| s.trim().is_empty())
}

/// Checks a proposal's `data` against its category: every required field present, every field
/// of its type and within its limits, no field the category does not have, dates in order.
/// `today` is the date in WIB.
pub fn validate_data(
    c: &CategoryDef,
    data: &serde_json::Map<String, serde_json::Value>,
    today: NaiveDate,
) -> Result<(), DataErrors> {
    let mut errors = DataErrors::new();
    for name in data.keys() {
        if !c.fields.iter().any(|d| d.name == name) {
            push(
                &mut errors,
                name,
                Localized::owned(
                    format!("Isian {name} tidak ada pada kategori {}.", c.label),
                    format!("There is no field {name} in the category {}.", c.code),
                ),
            );
        }
    }
    for d in c.fields {
        match data.get(d.name).filter(|v| !is_blank(v)) {
            None if d.required => push(
                &mut errors,
                d.name,
                Localized::owned(
                    format!("{} wajib diisi.", d.label),
                    format!("{} is required.", d.label),
                ),
            ),
            None => {}
            Some(v) => {
                if let Err(m) = check_field(d, v, today) {
                    push(&mut errors, d.name, m);
                }
            }
        }
    }
    // Dates in order, once both are valid.
    for d in c.fields {
        let Some(first) = d.not_before else { continue };
        let date_of = |name: &str| {
            data.get(name)
                .and_then(serde_json::Value::as_str)
                .and_then(parse_date)
        };
        if errors.contains_key(d.name) || errors.contains_key(first) {
            continue;
        }
        if let (Some(later), Some(earlier)) = (date_of(d.name), date_of(first)) {
            if later < earlier {
                let first_label = c
                    .fields
                    .iter()
                    .find(|x| x.name == first)
                    .map_or(first, |x| x.label);
                push(
                    &mut errors,
                    d.name,
                    Localized::owned(
                        format!(
                            "{} tidak boleh sebelum {}.",
                            d.label,
                            first_label.to_lowercase()
                        ),
                        format!(
                            "{} may not be before {}.",
                            d.label,
                            first_label.to_lowercase()
                        ),
                    ),
                );
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 3).unwrap()
    }

    fn data(v: serde_json::Value) -> serde_json::Map<String, serde_json::Value> {
        v.as_object().unwrap().clone()
    }

    fn check(code: &str, v: serde_json::Value) -> Result<(), DataErrors> {
        validate_data(category(code).unwrap(), &data(v), today())
    }

    #[test]
    fn the_categories_are_the_twelve_plus_pindah_instansi_with_their_rules() {
        assert_eq!(
            category_codes(),
            [
                "data_pribadi",
                "jabatan",
                "pendidikan",
                "diklat",
                "skp",
                "pmk",
                "cpns_pns",
                "golongan",
                "keluarga",
                "penghargaan",
                "organisasi",
                "cltn",
                "pindah_instansi"
            ]
        );
        let validated: Vec<&str> = CATEGORIES
            .iter()
            .filter(|c| c.needs_validation)
            .map(|c| c.code)
            .collect();
        assert_eq!(
            validated,
            ["pendidikan", "pmk", "golongan", "cltn", "pindah_instansi"]
        );
        let any_row: Vec<&str> = CATEGORIES
            .iter()
            .filter(|c| c.any_row_changeable)
            .map(|c| c.code)
            .collect();
        assert_eq!(any_row, ["skp", "keluarga", "cltn"]);
        // Every category asks for at least one required document of a known kind, and every
        // `not_before` names a date field of its own category.
        for c in CATEGORIES {
            assert!(c.documents.iter().any(|d| d.required), "{}", c.code);
            for d in c.documents {
                assert!(
                    RefList::DocumentKinds.contains(d.kind),
                    "{} {}",
                    c.code,
                    d.kind
                );
            }
            let mut names: Vec<&str> = c.fields.iter().map(|f| f.name).collect();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), c.fields.len(), "{} repeats a field", c.code);
            for f in c.fields {
                if let Some(first) = f.not_before {
                    assert!(
                        c.fields
                            .iter()
                            .any(|x| x.name == first && x.kind == FieldKind::Date),
                        "{} {}",
                        c.code,
                        f.name
                    );
                }
            }
        }
        for c in CATEGORIES {
            match c.newest_by {
                None => assert!(c.single_row, "{}", c.code),
                Some(field) => assert!(
                    c.fields.iter().any(|f| f.name == field
                        && f.required
                        && matches!(f.kind, FieldKind::Date | FieldKind::Year)),
                    "{} orders by {field}",
                    c.code
                ),
            }
        }
        let skp = category("skp").unwrap();
        assert_eq!(
            sort_date(skp, &data(json!({"tahun": 2024}))),
            NaiveDate::from_ymd_opt(2024, 12, 31)
        );
        let gol = category("golongan").unwrap();
        assert_eq!(
            sort_date(gol, &data(json!({"tmt_golongan": "2022-10-01"}))),
            NaiveDate::from_ymd_opt(2022, 10, 1)
        );
        let pendidikan = category("pendidikan").unwrap();
        assert!(pendidikan.documents.iter().all(|d| d.required));
        assert_eq!(category("golongan").unwrap().documents[0].kind, "sk_kp");
        assert!(category("unknown").is_none());
    }

    #[test]
    fn golongan_and_jabatan_take_the_shapes_the_contract_fixes() {
        assert!(check(
            "golongan",
            json!({"golongan": "III/b", "tmt_golongan": "2024-04-01", "nomor_sk": "800/123/2024",
                   "tanggal_sk": "2024-03-20", "mk_tahun": 10, "mk_bulan": 2})
        )
        .is_ok());
        assert!(check(
            "golongan",
            json!({"golongan": "IX", "tmt_golongan": "2024-04-01", "nomor_sk": "1",
                   "tanggal_sk": "2024-03-20", "mk_tahun": 0, "mk_bulan": 0})
        )
        .is_ok());
        assert!(check(
            "jabatan",
            json!({"jenis_jabatan": "fungsional", "nama_jabatan": "Analis SDM Aparatur Ahli Muda",
                   "tmt_jabatan": "2025-01-02", "nomor_sk": "821/45/2024", "tanggal_sk": "2024-12-20"})
        )
        .is_ok());
    }

    #[test]
    fn every_bad_field_is_named_with_its_reason() {
        let e = check(
            "golongan",
            json!({"golongan": "III/z", "tmt_golongan": "01/04/2024", "nomor_sk": "",
                   "mk_tahun": 60, "mk_bulan": "dua", "catatan": "x"}),
        )
        .unwrap_err();
        let first = |k: &str| e[k][0].id.clone();
        assert!(first("golongan").contains("III/b"));
        assert!(first("tmt_golongan").contains("TTTT-BB-HH"));
        assert!(first("nomor_sk").contains("wajib"));
        assert!(first("tanggal_sk").contains("wajib"));
        assert!(first("mk_tahun").contains("antara 0 dan 50"));
        assert!(first("mk_bulan").contains("bilangan bulat"));
        assert!(first("catatan").contains("tidak ada pada kategori"));

        let e = check(
            "diklat",
            json!({"nama_diklat": "Latsar CPNS", "penyelenggara": "BPSDM Jatim",
                   "tanggal_mulai": "2024-05-10", "tanggal_selesai": "2024-05-01"}),
        )
        .unwrap_err();
        assert!(e["tanggal_selesai"][0]
            .id
            .contains("tidak boleh sebelum tanggal mulai"));

        let e = check(
            "data_pribadi",
            json!({"nama": "Siti", "tempat_lahir": "Madiun", "tanggal_lahir": "2031-01-01",
                   "agama": "9", "status_kawin": "2", "email": "siti@", "nomor_hp": "08-12"}),
        )
        .unwrap_err();
        assert!(e["tanggal_lahir"][0].id.contains("rentang"));
        assert!(e["agama"][0].id.contains("daftar rujukan agama"));
        assert!(e["email"][0].id.contains("email"));
        assert!(e["nomor_hp"][0].id.contains("8 sampai 15"));
        assert!(!e.contains_key("status_kawin"));

        let e = check(
            "keluarga",
            json!({"hubungan": "sepupu", "nama": "A".repeat(101), "nik": "123",
                   "tanggal_lahir": "2010-02-30"}),
        )
        .unwrap_err();
        assert!(e["hubungan"][0].id.contains("suami, istri, anak"));
        assert!(e["nama"][0].id.contains("100 karakter"));
        assert!(e["nik"][0].id.contains("16 angka"));
        assert!(e["tanggal_lahir"][0].id.contains("bukan tanggal"));
        // English too.
        assert!(e["nik"][0].en.contains("16 digits"));
    }

    #[test]
    fn values_are_shown_as_people_read_them() {
        let jabatan = category("jabatan").unwrap();
        let field = |c: &CategoryDef, n: &str| *c.fields.iter().find(|f| f.name == n).unwrap();
        assert_eq!(
            display_value(&field(jabatan, "tmt_jabatan"), Some(&json!("2025-01-02"))),
            "02/01/2025"
        );
        assert_eq!(
            display_value(&field(jabatan, "jenis_jabatan"), Some(&json!("fungsional"))),
            "Jabatan Fungsional"
        );
        let gol = category("golongan").unwrap();
        assert_eq!(
            display_value(&field(gol, "golongan"), Some(&json!("III/c"))),
            "Penata (III/c)"
        );
        assert_eq!(
            display_value(&field(gol, "golongan"), Some(&json!("IX"))),
            "IX"
        );
        assert_eq!(
            display_value(&field(gol, "mk_tahun"), Some(&json!(12))),
            "12"
        );
        assert_eq!(display_value(&field(gol, "nomor_sk"), None), "");
        assert_eq!(
            display_value(&field(gol, "nomor_sk"), Some(&json!(" "))),
            ""
        );
    }

    #[test]
    fn blank_optional_fields_are_fine_and_years_follow_today() {
        assert!(check(
            "skp",
            json!({"tahun": 2025, "predikat": "Baik", "nilai": null, "pejabat_penilai": " "})
        )
        .is_ok());
        let e = check("skp", json!({"tahun": 2028, "predikat": "Baik"})).unwrap_err();
        assert!(e["tahun"][0].id.contains("antara 1945 dan 2027"));
    }
}
