//! Reading a SIASN "Export Data ASN": the file's encoding, its header (columns matched case- and
//! space-insensitively, in any order) and each row into the values of a master record, or the
//! reason it cannot be one. Pure: no database here.

use std::collections::HashMap;

use chrono::NaiveDate;
use satu_shared::card::KEDUDUKAN_HUKUM;
use satu_shared::imports::{RowCode, RowError};
use satu_shared::reference::{GOLONGAN_PNS, GOLONGAN_PPPK};
use satu_shared::{EmployeeKind, EmployeeStatus, Nik, Nip, Sex};

/// The columns an import reads. The names are SIASN's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Col {
    NipBaru,
    Nama,
    GelarDepan,
    GelarBelakang,
    TempatLahir,
    TanggalLahir,
    JenisKelamin,
    Agama,
    JenisKawin,
    Nik,
    NomorHp,
    Email,
    Alamat,
    JenisPegawai,
    KedudukanHukum,
    KartuAsnVirtual,
    TmtCpns,
    TmtPns,
    GolAkhir,
    TmtGolongan,
    JenisJabatan,
    Jabatan,
    TmtJabatan,
    Unor,
    InstansiKerja,
}

/// Every column read: its name in the export, and whether a file without it is refused.
const READ: [(Col, &str, bool); 25] = [
    (Col::NipBaru, "nip_baru", true),
    (Col::Nama, "nama", true),
    (Col::GelarDepan, "gelar_depan", false),
    (Col::GelarBelakang, "gelar_belakang", false),
    (Col::TempatLahir, "tempat_lahir", false),
    (Col::TanggalLahir, "tanggal_lahir", true),
    (Col::JenisKelamin, "jenis_kelamin", false),
    (Col::Agama, "agama", false),
    (Col::JenisKawin, "jenis_kawin", false),
    (Col::Nik, "nik", true),
    (Col::NomorHp, "nomor_hp", false),
    (Col::Email, "email", false),
    (Col::Alamat, "alamat", false),
    (Col::JenisPegawai, "jenis_pegawai", true),
    (Col::KedudukanHukum, "kedudukan_hukum", false),
    (Col::KartuAsnVirtual, "kartu_asn_virtual", false),
    (Col::TmtCpns, "tmt_cpns", false),
    (Col::TmtPns, "tmt_pns", false),
    (Col::GolAkhir, "gol_akhir", false),
    (Col::TmtGolongan, "tmt_golongan", false),
    (Col::JenisJabatan, "jenis_jabatan", false),
    (Col::Jabatan, "jabatan", false),
    (Col::TmtJabatan, "tmt_jabatan", false),
    (Col::Unor, "unor", true),
    (Col::InstansiKerja, "instansi_kerja", false),
];

/// Columns of the export the import knows and leaves alone (not listed as extra).
const KNOWN_UNREAD: [&str; 10] = [
    "pns_id",
    "nip_lama",
    "status_cpns_pns",
    "gol_awal",
    "mk_tahun",
    "mk_bulan",
    "tingkat_pendidikan",
    "pendidikan",
    "tahun_lulus",
    "instansi_induk",
];

/// The longest value a field may hold.
pub const FIELD_MAX: usize = 500;

/// The most columns a header may have (SIASN's export has about 40).
pub const MAX_COLUMNS: usize = 300;

/// The most bytes the header row may take: a quote never closed in it ends the read there.
pub const HEADER_MAX_BYTES: u64 = 64 * 1024;

/// A column name as compared: lower case, without spaces, underscores, dashes or dots
/// (`NIP BARU`, `nip_baru` and `Nip-Baru` are one column).
fn key(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '_' | '-' | '.'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Why a file cannot be imported at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileProblem {
    Empty,
    /// Not UTF-8: the encoding it most likely is.
    Encoding(&'static str),
    /// Required columns the header lacks, by their SIASN names.
    MissingColumns(Vec<&'static str>),
    /// A column named twice.
    DuplicateColumn(String),
    /// More columns than an export has.
    TooManyColumns(usize),
    /// The CSV could not be read on (the line it stopped at).
    Unreadable(u64),
}

impl FileProblem {
    pub fn code(&self) -> &'static str {
        match self {
            FileProblem::Empty => "import_empty",
            FileProblem::Encoding(_) => "import_encoding",
            FileProblem::MissingColumns(_) => "import_columns_missing",
            FileProblem::DuplicateColumn(_) => "import_column_duplicate",
            FileProblem::TooManyColumns(_) => "import_columns_too_many",
            FileProblem::Unreadable(_) => "import_unreadable",
        }
    }

    pub fn localized(&self) -> satu_shared::Localized {
        use satu_shared::Localized;
        match self {
            FileProblem::Empty => Localized::new(
                "Berkas kosong: tidak ada baris judul kolom.",
                "The file is empty: it has no header row.",
            ),
            FileProblem::Encoding(e) => Localized::owned(
                format!("Berkas bukan UTF-8 (tampaknya {e}). Simpan ulang sebagai \"CSV UTF-8\" lalu unggah lagi."),
                format!("The file is not UTF-8 (it looks like {e}). Save it again as \"CSV UTF-8\" and upload it again."),
            ),
            FileProblem::MissingColumns(cols) => Localized::owned(
                format!("Kolom wajib tidak ada: {}.", cols.join(", ")),
                format!("Required columns are missing: {}.", cols.join(", ")),
            ),
            FileProblem::DuplicateColumn(c) => Localized::owned(
                format!("Kolom '{c}' muncul lebih dari sekali."),
                format!("The column '{c}' appears more than once."),
            ),
            FileProblem::TooManyColumns(n) => Localized::owned(
                format!("Baris judul berisi {n} kolom; ekspor SIASN berisi paling banyak {MAX_COLUMNS}."),
                format!("The header has {n} columns; a SIASN export has at most {MAX_COLUMNS}."),
            ),
            FileProblem::Unreadable(line) => Localized::owned(
                format!("Berkas CSV tidak dapat dibaca lagi mulai baris {line}."),
                format!("The CSV file cannot be read on from line {line}."),
            ),
        }
    }
}

/// The header of a file: where each column read is, and the columns it has that nobody reads.
#[derive(Debug, Clone)]
pub struct Header {
    at: HashMap<Col, usize>,
    pub width: usize,
    pub extra: Vec<String>,
}

impl Header {
    pub fn read(names: &csv::StringRecord) -> Result<Header, FileProblem> {
        if names.iter().all(|n| n.trim().is_empty()) {
            return Err(FileProblem::Empty);
        }
        if names.len() > MAX_COLUMNS {
            return Err(FileProblem::TooManyColumns(names.len()));
        }
        let wanted: HashMap<String, Col> = READ.iter().map(|(c, n, _)| (key(n), *c)).collect();
        let known: Vec<String> = KNOWN_UNREAD.iter().map(|n| key(n)).collect();
        let mut at = HashMap::new();
        let mut seen = std::collections::HashSet::new();
        let mut extra = Vec::new();
        for (i, name) in names.iter().enumerate() {
            let k = key(name);
            if k.is_empty() {
                continue;
            }
            if !seen.insert(k.clone()) {
                return Err(FileProblem::DuplicateColumn(name.trim().to_owned()));
            }
            match wanted.get(&k) {
                Some(col) => {
                    at.insert(*col, i);
                }
                None if k == "nip" => {
                    at.entry(Col::NipBaru).or_insert(i);
                }
                None if known.contains(&k) => {}
                None => extra.push(name.trim().to_owned()),
            }
        }
        let missing: Vec<&'static str> = READ
            .iter()
            .filter(|(c, _, required)| *required && !at.contains_key(c))
            .map(|(_, n, _)| *n)
            .collect();
        if !missing.is_empty() {
            return Err(FileProblem::MissingColumns(missing));
        }
        Ok(Header {
            at,
            width: names.len(),
            extra,
        })
    }

    /// Whether the file has this column.
    pub fn has(&self, col: Col) -> bool {
        self.at.contains_key(&col)
    }

    fn get<'r>(&self, rec: &'r csv::StringRecord, col: Col) -> &'r str {
        self.at
            .get(&col)
            .and_then(|i| rec.get(*i))
            .map(str::trim)
            .unwrap_or("")
    }
}

/// The name of a column as the export writes it.
fn name_of(col: Col) -> &'static str {
    READ.iter()
        .find(|(c, _, _)| *c == col)
        .map(|(_, n, _)| *n)
        .unwrap_or("?")
}

/// A row read into the values of a master record.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub line: u64,
    pub nip: Nip,
    pub nik: Nik,
    pub name: String,
    pub gelar_depan: Option<String>,
    pub gelar_belakang: Option<String>,
    pub birth_place: String,
    pub birth_date: NaiveDate,
    pub sex: Sex,
    pub religion: Option<String>,
    pub marital_status: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub kind: EmployeeKind,
    pub kedudukan_hukum: &'static str,
    pub status: EmployeeStatus,
    pub tmt_cpns: Option<NaiveDate>,
    pub tmt_pns: Option<NaiveDate>,
    pub golongan: Option<String>,
    pub tmt_golongan: Option<NaiveDate>,
    pub jenis_jabatan: Option<String>,
    pub jabatan: Option<String>,
    pub tmt_jabatan: Option<NaiveDate>,
    /// The unit as the export names it (a name or a SIASN id).
    pub unor: String,
    pub instansi_kerja: Option<String>,
    /// The card serial SIASN issued, when the row carries a valid one of the row's kind.
    pub serial: Option<(char, i32, i64)>,
}

impl Parsed {
    /// When the employee's PPPK agreement started: SIASN writes it as TMT CPNS or TMT golongan.
    pub fn pppk_start(&self) -> Option<NaiveDate> {
        (self.kind == EmployeeKind::Pppk)
            .then(|| self.tmt_cpns.or(self.tmt_golongan).or(self.tmt_jabatan))
            .flatten()
    }
}

/// A row's refusal.
pub fn refuse(line: u64, nip: &str, code: RowCode, message: String) -> RowError {
    RowError {
        line,
        nip: nip.to_owned(),
        code,
        message,
    }
}

/// A date as SIASN writes it (`DD-MM-YYYY`) or as a spreadsheet keeps it (`DD/MM/YYYY`,
/// `YYYY-MM-DD`).
pub fn date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    ["%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(s, f).ok())
        .filter(|d| (1900..=2100).contains(&chrono::Datelike::year(d)))
}

/// `jenis_kelamin`: M/F, L/P, 1/2, or the words.
pub fn sex(s: &str) -> Option<Sex> {
    match s.trim().to_ascii_uppercase().as_str() {
        "M" | "L" | "1" | "LAKI-LAKI" | "LAKI LAKI" | "PRIA" => Some(Sex::LakiLaki),
        "F" | "P" | "2" | "PEREMPUAN" | "WANITA" => Some(Sex::Perempuan),
        _ => None,
    }
}

/// `jenis_pegawai` as SIASN writes it (`PNS DAERAH`, `CPNS PUSAT`, `PPPK`, …).
pub fn kind(s: &str) -> Option<EmployeeKind> {
    let s = s.to_ascii_uppercase();
    if s.contains("PPPK") {
        Some(EmployeeKind::Pppk)
    } else if s.contains("CPNS") {
        Some(EmployeeKind::Cpns)
    } else if s.contains("PNS") {
        Some(EmployeeKind::Pns)
    } else {
        None
    }
}

/// `kedudukan_hukum` by SIASN code or name; empty means Aktif.
pub fn kedudukan(s: &str) -> Option<&'static str> {
    let s = s.trim();
    if s.is_empty() {
        return Some("01");
    }
    let padded = if s.len() == 1 {
        format!("0{s}")
    } else {
        s.to_owned()
    };
    KEDUDUKAN_HUKUM
        .iter()
        .find(|(code, name)| *code == padded || name.eq_ignore_ascii_case(s))
        .map(|(code, _)| *code)
}

/// What a kedudukan hukum code means for the record's status.
pub fn status_of(code: &str, kind: EmployeeKind) -> EmployeeStatus {
    match code {
        "66" | "70" | "77" => EmployeeStatus::Diberhentikan,
        "88" | "98" | "99" => EmployeeStatus::Pensiun,
        "52" if kind == EmployeeKind::Pppk => EmployeeStatus::KontrakBerakhir,
        _ => EmployeeStatus::Aktif,
    }
}

/// `gol_akhir` of the row's kind: `III/b` or its SIASN code `32` (PNS, CPNS); `IX` or `9` (PPPK).
pub fn golongan(s: &str, kind: EmployeeKind) -> Option<&'static str> {
    let s = s.trim();
    match kind {
        EmployeeKind::Pppk => {
            let n: Option<usize> = s.parse().ok();
            match n {
                Some(n) => GOLONGAN_PPPK.get(n.checked_sub(1)?).copied(),
                None => GOLONGAN_PPPK
                    .iter()
                    .find(|g| g.eq_ignore_ascii_case(s))
                    .copied(),
            }
        }
        _ => GOLONGAN_PNS
            .iter()
            .find(|(g, code)| g.eq_ignore_ascii_case(s) || *code == s)
            .map(|(g, _)| *g),
    }
}

/// The religion by its reference name (any case), else as written.
fn religion(s: &str) -> Option<String> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    Some(
        satu_shared::reference::AGAMA
            .iter()
            .find(|(code, name)| name.eq_ignore_ascii_case(s) || *code == s)
            .map(|(_, name)| (*name).to_owned())
            .unwrap_or_else(|| s.to_owned()),
    )
}

/// `jenis_kawin` in the record's words (SIASN writes `Menikah`, `Belum Menikah`, `Cerai …`).
fn marital(s: &str, sex: Sex) -> Option<String> {
    let lower = s.trim().to_lowercase();
    let word = match lower.as_str() {
        "" => return None,
        "menikah" | "kawin" | "2" => "Kawin",
        "belum menikah" | "belum kawin" | "1" => "Belum Kawin",
        "janda" => "Janda",
        "duda" => "Duda",
        l if l.starts_with("cerai") => match sex {
            Sex::Perempuan => "Janda",
            Sex::LakiLaki => "Duda",
        },
        _ => return Some(s.trim().to_owned()),
    };
    Some(word.to_owned())
}

/// `jenis_jabatan` as the record keeps it (`struktural`, `fungsional`, `pelaksana`).
fn jenis_jabatan(s: &str) -> Option<String> {
    let lower = s.to_lowercase();
    ["struktural", "fungsional", "pelaksana"]
        .into_iter()
        .find(|k| lower.contains(k))
        .map(str::to_owned)
}

fn text(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_owned())
}

/// The row's NIP when it is one (checked before the rest of the row: a NIP seen earlier in the
/// file is the row's problem, whatever else it carries).
pub fn nip_of(h: &Header, rec: &csv::StringRecord) -> Option<String> {
    Nip::parse(h.get(rec, Col::NipBaru))
        .ok()
        .map(|n| n.to_string())
}

/// Reads one record of the file (its first line `line`).
pub fn row(h: &Header, rec: &csv::StringRecord, line: u64) -> Result<Parsed, RowError> {
    let raw_nip = h.get(rec, Col::NipBaru);
    let nip_shown: String = raw_nip.chars().filter(|c| !c.is_whitespace()).collect();
    let no = |code: RowCode, message: String| Err(refuse(line, &nip_shown, code, message));
    if rec.len() != h.width {
        if rec.iter().any(|f| f.contains(['\n', '\r'])) {
            return no(
                RowCode::QuoteBroken,
                "Tanda kutip (\") dibuka tetapi tidak ditutup: sisa berkas terbaca sebagai satu isian."
                    .into(),
            );
        }
        return if rec.len() > h.width {
            no(
                RowCode::FieldsTooMany,
                format!(
                    "Baris berisi {} isian, padahal judul kolom {}.",
                    rec.len(),
                    h.width
                ),
            )
        } else {
            no(
                RowCode::FieldsTooFew,
                format!(
                    "Baris berisi {} isian, padahal judul kolom {}.",
                    rec.len(),
                    h.width
                ),
            )
        };
    }
    // Line breaks and tabs are text (an address may span lines); other control characters are
    // not, and PostgreSQL refuses a NUL in text outright.
    if let Some(i) = rec.iter().position(|f| {
        f.chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    }) {
        return no(
            RowCode::ValueInvalid,
            format!(
                "Isian ke-{} berisi karakter kendali (misalnya NUL) yang bukan teks.",
                i + 1
            ),
        );
    }
    for (col, name, _) in READ {
        if h.get(rec, col).chars().count() > FIELD_MAX {
            return no(
                RowCode::ValueTooLong,
                format!("Kolom {name} lebih dari {FIELD_MAX} karakter."),
            );
        }
    }
    let Some(kind) = kind(h.get(rec, Col::JenisPegawai)) else {
        return no(
            RowCode::KindUnknown,
            format!(
                "Kolom jenis_pegawai '{}' bukan PNS, CPNS, atau PPPK.",
                h.get(rec, Col::JenisPegawai)
            ),
        );
    };
    let nip = match Nip::parse_for(raw_nip, kind) {
        Ok(n) => n,
        Err(e) => {
            return no(
                RowCode::NipInvalid,
                format!("Kolom nip_baru: {}", e.localized().id),
            )
        }
    };
    let name = h.get(rec, Col::Nama);
    if name.is_empty() {
        return no(RowCode::NameMissing, "Kolom nama kosong.".into());
    }
    let nik = match Nik::parse(h.get(rec, Col::Nik)) {
        Ok(n) => n,
        Err(e) => {
            return no(
                RowCode::NikInvalid,
                format!("Kolom nik: {}", e.localized().id),
            )
        }
    };
    if let Some(m) = satu_shared::identity::compare(&nip, &nik).first() {
        return no(
            RowCode::NikMismatch,
            format!("Kolom nik: {}", m.localized().id),
        );
    }
    let dated = |col: Col| -> Result<Option<NaiveDate>, RowError> {
        let s = h.get(rec, col);
        if s.is_empty() {
            return Ok(None);
        }
        date(s).map(Some).ok_or_else(|| {
            refuse(
                line,
                &nip_shown,
                RowCode::DateInvalid,
                format!(
                    "Kolom {}: '{s}' bukan tanggal (HH-BB-TTTT, HH/BB/TTTT, atau TTTT-BB-HH).",
                    name_of(col)
                ),
            )
        })
    };
    let Some(birth_date) = dated(Col::TanggalLahir)? else {
        return no(RowCode::DateInvalid, "Kolom tanggal_lahir kosong.".into());
    };
    if nip.birth_date() != Some(birth_date) {
        return no(
            RowCode::DateInvalid,
            "Kolom tanggal_lahir berbeda dengan tanggal lahir pada NIP.".into(),
        );
    }
    let sex = match h.get(rec, Col::JenisKelamin) {
        "" => nip.sex(),
        s => match sex(s) {
            Some(x) if x == nip.sex() => x,
            Some(_) => {
                return no(
                    RowCode::SexInvalid,
                    "Kolom jenis_kelamin berbeda dengan jenis kelamin pada NIP.".into(),
                )
            }
            None => {
                return no(
                    RowCode::SexInvalid,
                    format!("Kolom jenis_kelamin '{s}' bukan M/F, L/P, atau 1/2."),
                )
            }
        },
    };
    let Some(kedudukan_hukum) = kedudukan(h.get(rec, Col::KedudukanHukum)) else {
        return no(
            RowCode::KedudukanUnknown,
            format!(
                "Kolom kedudukan_hukum '{}' bukan kode atau nama kedudukan hukum SIASN.",
                h.get(rec, Col::KedudukanHukum)
            ),
        );
    };
    let golongan = match h.get(rec, Col::GolAkhir) {
        "" => None,
        s => match golongan(s, kind) {
            Some(g) => Some(g.to_owned()),
            None => {
                return no(
                    RowCode::GolonganUnknown,
                    format!(
                        "Kolom gol_akhir '{s}' bukan golongan {} (contoh: {}).",
                        kind.as_str(),
                        if kind == EmployeeKind::Pppk {
                            "IX"
                        } else {
                            "III/b atau 32"
                        }
                    ),
                )
            }
        },
    };
    let unor = h.get(rec, Col::Unor);
    if unor.is_empty() {
        return no(RowCode::UnitUnknown, "Kolom unor kosong.".into());
    }
    let serial = satu_shared::card::parse_serial(h.get(rec, Col::KartuAsnVirtual))
        .filter(|(prefix, _, _)| satu_shared::card::serial_prefix(kind) == Some(*prefix));
    Ok(Parsed {
        line,
        nip,
        nik,
        name: name.to_owned(),
        gelar_depan: text(h.get(rec, Col::GelarDepan)),
        gelar_belakang: text(h.get(rec, Col::GelarBelakang)),
        birth_place: h.get(rec, Col::TempatLahir).to_owned(),
        birth_date,
        sex,
        religion: religion(h.get(rec, Col::Agama)),
        marital_status: marital(h.get(rec, Col::JenisKawin), sex),
        phone: text(h.get(rec, Col::NomorHp)),
        email: text(h.get(rec, Col::Email)),
        address: text(h.get(rec, Col::Alamat)),
        kind,
        kedudukan_hukum,
        status: status_of(kedudukan_hukum, kind),
        tmt_cpns: dated(Col::TmtCpns)?,
        tmt_pns: dated(Col::TmtPns)?,
        golongan,
        tmt_golongan: dated(Col::TmtGolongan)?,
        jenis_jabatan: jenis_jabatan(h.get(rec, Col::JenisJabatan)),
        jabatan: text(h.get(rec, Col::Jabatan)),
        tmt_jabatan: dated(Col::TmtJabatan)?,
        unor: unor.to_owned(),
        instansi_kerja: text(h.get(rec, Col::InstansiKerja)),
        serial,
    })
}

/// A name as units and agencies are matched: lower case, single spaces.
pub fn match_key(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Checks that bytes are UTF-8 as they stream past (a character may be cut between chunks); on
/// the first bad byte it names the encoding the file most likely has.
#[derive(Debug, Default)]
pub struct Utf8Check {
    tail: Vec<u8>,
    seen_any: bool,
    bad: Option<&'static str>,
}

impl Utf8Check {
    pub fn feed(&mut self, chunk: &[u8]) {
        if self.bad.is_some() || chunk.is_empty() {
            return;
        }
        if !self.seen_any {
            self.seen_any = true;
            if chunk.starts_with(&[0xFF, 0xFE]) || chunk.starts_with(&[0xFE, 0xFF]) {
                self.bad = Some("UTF-16");
                return;
            }
        }
        let mut joined;
        let bytes = if self.tail.is_empty() {
            chunk
        } else {
            joined = std::mem::take(&mut self.tail);
            joined.extend_from_slice(chunk);
            &joined[..]
        };
        match std::str::from_utf8(bytes) {
            Ok(_) => {}
            Err(e) if e.error_len().is_none() => {
                self.tail = bytes[e.valid_up_to()..].to_vec();
            }
            Err(_) => self.bad = Some(guess(bytes)),
        }
    }

    /// The end of the stream: the encoding problem, if any.
    pub fn finish(&mut self) -> Result<(), FileProblem> {
        if self.bad.is_none() && !self.tail.is_empty() {
            self.bad = Some(guess(&self.tail));
        }
        match self.bad {
            Some(e) => Err(FileProblem::Encoding(e)),
            None => Ok(()),
        }
    }
}

/// The likeliest encoding of bytes that are not UTF-8.
fn guess(bytes: &[u8]) -> &'static str {
    let zeros = bytes.iter().filter(|b| **b == 0).count();
    if zeros * 4 > bytes.len() {
        "UTF-16"
    } else if bytes.iter().any(|b| (0x80..=0x9F).contains(b)) {
        "Windows-1252"
    } else {
        "ISO-8859-1 (Latin-1)"
    }
}

/// The byte-order mark a UTF-8 file may start with.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn header(names: &[&str]) -> Result<Header, FileProblem> {
        Header::read(&csv::StringRecord::from(names.to_vec()))
    }

    #[test]
    fn columns_match_whatever_their_case_spaces_and_order() {
        let h = header(&[
            "UNOR",
            " Nip Baru ",
            "nama",
            "NIK",
            "tanggal-lahir",
            "JENIS_PEGAWAI",
            "kolom_baru",
            "pns_id",
        ])
        .unwrap();
        assert_eq!(h.extra, vec!["kolom_baru".to_owned()]);
        assert_eq!(h.width, 8);
        assert_eq!(
            header(&["nip_baru", "nama"]).unwrap_err(),
            FileProblem::MissingColumns(vec!["tanggal_lahir", "nik", "jenis_pegawai", "unor"])
        );
        assert_eq!(
            header(&["nama", "NAMA"]).unwrap_err(),
            FileProblem::DuplicateColumn("NAMA".into())
        );
        assert_eq!(header(&[""]).unwrap_err(), FileProblem::Empty);
    }

    #[test]
    fn values_as_siasn_and_spreadsheets_write_them() {
        let d = NaiveDate::from_ymd_opt(1985, 4, 16).unwrap();
        assert_eq!(date("16-04-1985"), Some(d));
        assert_eq!(date("16/04/1985"), Some(d));
        assert_eq!(date("1985-04-16"), Some(d));
        assert_eq!(date("31-02-1985"), None);
        assert_eq!(date("04/16/1985"), None);
        assert_eq!(sex("m"), Some(Sex::LakiLaki));
        assert_eq!(sex("P"), Some(Sex::Perempuan));
        assert_eq!(sex("2"), Some(Sex::Perempuan));
        assert_eq!(sex("X"), None);
        assert_eq!(kind("PNS DAERAH"), Some(EmployeeKind::Pns));
        assert_eq!(kind("cpns pusat"), Some(EmployeeKind::Cpns));
        assert_eq!(kind("PPPK"), Some(EmployeeKind::Pppk));
        assert_eq!(kind("HONORER"), None);
        assert_eq!(kedudukan("Aktif"), Some("01"));
        assert_eq!(kedudukan("99"), Some("99"));
        assert_eq!(kedudukan("2"), Some("02"));
        assert_eq!(kedudukan("masa persiapan pensiun"), Some("20"));
        assert_eq!(kedudukan("Cuti"), None);
        assert_eq!(golongan("iii/B", EmployeeKind::Pns), Some("III/b"));
        assert_eq!(golongan("32", EmployeeKind::Pns), Some("III/b"));
        assert_eq!(golongan("V/a", EmployeeKind::Pns), None);
        assert_eq!(golongan("IX", EmployeeKind::Pppk), Some("IX"));
        assert_eq!(golongan("9", EmployeeKind::Pppk), Some("IX"));
        assert_eq!(golongan("18", EmployeeKind::Pppk), None);
        assert_eq!(golongan("III/b", EmployeeKind::Pppk), None);
        assert_eq!(status_of("99", EmployeeKind::Pns), EmployeeStatus::Pensiun);
        assert_eq!(
            status_of("66", EmployeeKind::Pns),
            EmployeeStatus::Diberhentikan
        );
        assert_eq!(marital("Cerai Hidup", Sex::Perempuan).unwrap(), "Janda");
        assert_eq!(marital("Menikah", Sex::LakiLaki).unwrap(), "Kawin");
    }

    #[test]
    fn encodings_other_than_utf8_are_named() {
        let mut ok = Utf8Check::default();
        // "é" cut between two chunks is still UTF-8.
        ok.feed(b"nama,kota\nRen\xC3");
        ok.feed(b"\xA9,Madiun\n");
        assert_eq!(ok.finish(), Ok(()));
        let mut latin = Utf8Check::default();
        latin.feed(b"nama\nRen\xE9 Sutrisno\n");
        assert_eq!(
            latin.finish(),
            Err(FileProblem::Encoding("ISO-8859-1 (Latin-1)"))
        );
        let mut cp1252 = Utf8Check::default();
        cp1252.feed(b"nama\n\x93Budi\x94\n");
        assert_eq!(cp1252.finish(), Err(FileProblem::Encoding("Windows-1252")));
        let mut utf16 = Utf8Check::default();
        utf16.feed(b"\xFF\xFEn\x00a\x00");
        assert_eq!(utf16.finish(), Err(FileProblem::Encoding("UTF-16")));
        let mut cut = Utf8Check::default();
        cut.feed(b"nama\nRen\xC3");
        assert!(cut.finish().is_err());
    }
}
