//! `satu-api demo --synthetic N --csv FILE`: a SIASN "Export Data ASN" of `N` made-up employees of
//! the demo agency (Pemerintah Kota Madiun), as SIASN writes it, for imports and benchmarks of any
//! size; and beside it a small export holding every kind of bad row an import must report.
//!
//! Rows are written one at a time (any `N` in the same memory), deterministically (the same `N`
//! gives the same file on every machine). Every NIP and NIK is valid and the two agree (birth date
//! and sex); NIPs are unique by construction: the `k`th of every 999 rows has sequence number `k`,
//! and rows with the same sequence number are born on different days. Kinds and ages follow a
//! regional government's shape: about a quarter PPPK, a few CPNS, golongan rising with years of
//! service from an education's entry golongan, some retired and a few dismissed.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use satu_shared::imports::RowCode;
use satu_shared::{Nik, Nip, Sex};
use serde::Serialize;

use super::data::{Rng, GOLONGAN_PNS, MADIUN, PLACES};

/// The export's columns, in SIASN's order and spelling.
pub const COLUMNS: [&str; 35] = [
    "pns_id",
    "nip_baru",
    "nip_lama",
    "nama",
    "gelar_depan",
    "gelar_belakang",
    "tempat_lahir",
    "tanggal_lahir",
    "jenis_kelamin",
    "agama",
    "jenis_kawin",
    "nik",
    "nomor_hp",
    "email",
    "alamat",
    "jenis_pegawai",
    "kedudukan_hukum",
    "status_cpns_pns",
    "kartu_asn_virtual",
    "tmt_cpns",
    "tmt_pns",
    "gol_awal",
    "gol_akhir",
    "tmt_golongan",
    "mk_tahun",
    "mk_bulan",
    "jenis_jabatan",
    "jabatan",
    "tmt_jabatan",
    "tingkat_pendidikan",
    "pendidikan",
    "tahun_lulus",
    "unor",
    "instansi_induk",
    "instansi_kerja",
];

const AGENCY_NAME: &str = "Pemerintah Kota Madiun";

/// The units of the demo agency an export's `unor` names (an import into the demo finds them).
fn units() -> Vec<&'static str> {
    super::data::agency(MADIUN)
        .map(|a| a.units.iter().map(|u| u.1).collect())
        .unwrap_or_default()
}

/// A bad row of the bad file: its line (the header is line 1), the NIP it carries and its flaw.
#[derive(Debug, Clone, Serialize)]
pub struct BadRow {
    pub line: usize,
    pub nip: String,
    pub problem: RowCode,
}

/// What [`write`] wrote.
#[derive(Debug, Serialize)]
pub struct Written {
    pub file: PathBuf,
    pub rows: usize,
    pub pppk: usize,
    pub cpns: usize,
    pub retired: usize,
    pub dismissed: usize,
    pub bad_file: PathBuf,
    /// The bad file's good rows (which an import takes), then its bad rows.
    pub bad_file_good_rows: usize,
    pub bad_rows: Vec<BadRow>,
}

/// The bad file's name beside `file`: `export.csv` → `export-bad.csv`.
pub fn bad_file_of(file: &Path) -> PathBuf {
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "export".into());
    file.with_file_name(format!("{stem}-bad.csv"))
}

/// The most rows a file holds: card serials have seven digits.
pub const MAX_ROWS: usize = 9_999_999;

/// Writes `n` rows to `file` and the bad file beside it.
pub fn write(n: usize, file: &Path) -> anyhow::Result<Written> {
    anyhow::ensure!(
        (1..=MAX_ROWS).contains(&n),
        "the number of rows must be from 1 to {MAX_ROWS}, not {n}"
    );
    let units = units();
    anyhow::ensure!(!units.is_empty(), "the demo agency has no units");
    let mut out = csv::Writer::from_writer(std::io::BufWriter::new(std::fs::File::create(file)?));
    out.write_record(COLUMNS)?;
    let mut rng = Rng(0x5A7A_0E5B_0A75_2026);
    let (mut pppk, mut cpns, mut retired, mut dismissed) = (0, 0, 0, 0);
    for i in 0..n {
        let row = person(i, &mut rng, &units)?;
        match row.kind {
            "PPPK" => pppk += 1,
            "CPNS DAERAH" => cpns += 1,
            _ => {}
        }
        match row.kedudukan {
            "Pensiun" => retired += 1,
            "Diberhentikan" => dismissed += 1,
            _ => {}
        }
        out.write_record(row.fields())?;
    }
    out.into_inner()
        .map_err(|e| anyhow::anyhow!("{}", e.error()))?
        .flush()?;
    let bad_file = bad_file_of(file);
    let (bad_file_good_rows, bad_rows) = write_bad(&bad_file, &units)?;
    Ok(Written {
        file: file.to_owned(),
        rows: n,
        pppk,
        cpns,
        retired,
        dismissed,
        bad_file,
        bad_file_good_rows,
        bad_rows,
    })
}

/// One employee as the export writes them.
struct Row {
    pns_id: String,
    nip: String,
    name: String,
    gelar_depan: &'static str,
    gelar_belakang: &'static str,
    birth_place: &'static str,
    birth: NaiveDate,
    sex: Sex,
    religion: &'static str,
    marital: &'static str,
    nik: String,
    phone: String,
    email: String,
    address: String,
    kind: &'static str,
    kedudukan: &'static str,
    serial: String,
    tmt_cpns: Option<NaiveDate>,
    tmt_pns: Option<NaiveDate>,
    gol_awal: &'static str,
    gol_akhir: &'static str,
    tmt_golongan: NaiveDate,
    mk_years: i32,
    mk_months: u32,
    jenis_jabatan: &'static str,
    jabatan: &'static str,
    tmt_jabatan: NaiveDate,
    level: &'static str,
    education: &'static str,
    graduated: i32,
    unit: &'static str,
}

/// A date as SIASN writes it.
fn dmy(d: NaiveDate) -> String {
    d.format("%d-%m-%Y").to_string()
}

impl Row {
    fn fields(&self) -> Vec<String> {
        let opt = |d: Option<NaiveDate>| d.map(dmy).unwrap_or_default();
        vec![
            self.pns_id.clone(),
            self.nip.clone(),
            String::new(),
            self.name.clone(),
            self.gelar_depan.into(),
            self.gelar_belakang.into(),
            self.birth_place.into(),
            dmy(self.birth),
            match self.sex {
                Sex::LakiLaki => "M".into(),
                Sex::Perempuan => "F".into(),
            },
            self.religion.into(),
            self.marital.into(),
            self.nik.clone(),
            self.phone.clone(),
            self.email.clone(),
            self.address.clone(),
            self.kind.into(),
            self.kedudukan.into(),
            match self.kind {
                "PNS DAERAH" => "P".into(),
                "CPNS DAERAH" => "C".into(),
                _ => String::new(),
            },
            self.serial.clone(),
            opt(self.tmt_cpns),
            opt(self.tmt_pns),
            self.gol_awal.into(),
            self.gol_akhir.into(),
            dmy(self.tmt_golongan),
            self.mk_years.to_string(),
            self.mk_months.to_string(),
            self.jenis_jabatan.into(),
            self.jabatan.into(),
            dmy(self.tmt_jabatan),
            self.level.into(),
            self.education.into(),
            self.graduated.to_string(),
            self.unit.into(),
            AGENCY_NAME.into(),
            AGENCY_NAME.into(),
        ]
    }
}

/// Where an employee works decides what they studied and what they do.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Sector {
    School,
    Health,
    Office,
}

fn sector(unit: &str) -> Sector {
    if unit.contains("Pendidikan") || unit.starts_with("SMP") {
        Sector::School
    } else if unit.contains("Kesehatan") || unit.contains("Puskesmas") {
        Sector::Health
    } else {
        Sector::Office
    }
}

/// Education levels: the level, the golongan PNS enter with (index into I/a … IV/e), PPPK's
/// golongan, and the age at graduation.
const LEVELS: [(&str, usize, &str, i32); 4] = [
    ("SLTA", 4, "V", 18),
    ("D-III", 6, "VII", 21),
    ("S-1", 8, "IX", 22),
    ("S-2", 9, "X", 26),
];

/// What was studied, with the degree it gives, by sector and level.
fn studies(sector: Sector, level: &str) -> &'static [(&'static str, &'static str)] {
    match (sector, level) {
        (_, "SLTA") => &[
            ("SMA IPA", ""),
            ("SMA IPS", ""),
            ("SMK Administrasi Perkantoran", ""),
        ],
        (Sector::Health, "D-III") => &[
            ("D-III Keperawatan", "A.Md.Kep."),
            ("D-III Kebidanan", "A.Md.Keb."),
        ],
        (_, "D-III") => &[
            ("D-III Akuntansi", "A.Md.Ak."),
            ("D-III Manajemen Informatika", "A.Md.Kom."),
        ],
        (Sector::School, "S-1") => &[
            ("S-1 Pendidikan Matematika", "S.Pd."),
            ("S-1 Pendidikan Bahasa Indonesia", "S.Pd."),
            ("S-1 Pendidikan Guru Sekolah Dasar", "S.Pd."),
        ],
        (Sector::Health, "S-1") => &[
            ("S-1 Keperawatan", "S.Kep., Ns."),
            ("S-1 Kesehatan Masyarakat", "S.KM."),
        ],
        (_, "S-1") => &[
            ("S-1 Ilmu Hukum", "S.H."),
            ("S-1 Ilmu Administrasi Negara", "S.AP."),
            ("S-1 Teknik Informatika", "S.Kom."),
            ("S-1 Akuntansi", "S.Ak."),
        ],
        (Sector::School, _) => &[("S-2 Manajemen Pendidikan", "S.Pd., M.Pd.")],
        (Sector::Health, _) => &[("S-2 Kesehatan Masyarakat", "S.KM., M.Kes.")],
        _ => &[
            ("S-2 Administrasi Publik", "S.AP., M.AP."),
            ("S-2 Ilmu Hukum", "S.H., M.H."),
        ],
    }
}

/// Jabatan by sector, level and study (teachers at schools, nurses and midwives in health).
fn jabatan(
    sector: Sector,
    level: &str,
    study: &str,
    rng: &mut Rng,
) -> (&'static str, &'static str) {
    if rng.range(0, 99) < 4 && level != "SLTA" {
        return (
            "Struktural",
            rng.pick(&["Kepala Sub Bagian Umum", "Kepala Seksi"]),
        );
    }
    match (sector, level) {
        (_, "SLTA") => (
            "Pelaksana",
            rng.pick(&[
                "Pengadministrasi Perkantoran",
                "Operator Layanan Operasional",
            ]),
        ),
        (Sector::School, "S-1" | "S-2") => (
            "Fungsional",
            rng.pick(&["Guru Ahli Pertama", "Guru Ahli Muda", "Guru Ahli Madya"]),
        ),
        (Sector::Health, "D-III") if study.contains("Kebidanan") => {
            ("Fungsional", "Bidan Terampil")
        }
        (Sector::Health, "D-III") => ("Fungsional", "Perawat Terampil"),
        (Sector::Health, _) if study.contains("Keperawatan") => {
            ("Fungsional", "Perawat Ahli Pertama")
        }
        (Sector::Health, _) => ("Fungsional", "Administrator Kesehatan Ahli Muda"),
        (_, "D-III") => (
            "Pelaksana",
            rng.pick(&["Pengelola Keuangan", "Pengelola Data dan Informasi"]),
        ),
        _ => (
            rng.pick(&["Fungsional", "Pelaksana"]),
            rng.pick(&[
                "Analis Sumber Daya Manusia Aparatur",
                "Pranata Komputer Ahli Pertama",
                "Penelaah Teknis Kebijakan",
                "Perencana Ahli Pertama",
            ]),
        ),
    }
}

/// The `i`th employee.
fn person(i: usize, rng: &mut Rng, units: &[&'static str]) -> anyhow::Result<Row> {
    // Unique NIPs (see the module's note): sequence 1–999 within a block, and for one sequence a
    // different birth day in every block (a stride coprime with the span of birth days).
    let (block, seq) = ((i / 999) as i64, (i % 999) as u32 + 1);
    let first_birth = NaiveDate::from_ymd_opt(1964, 1, 1).unwrap_or_default();
    const SPAN: i64 = 38 * 365; // born 1964 … 2001
    anyhow::ensure!(block < SPAN, "at most {} rows", SPAN * 999);
    let day = (block * 7_919 + i64::from(seq) * 8_581) % SPAN;
    let birth = first_birth + chrono::Duration::days(day);
    let age = 2026 - birth.year();
    let sex = if rng.range(0, 99) < 52 {
        Sex::Perempuan
    } else {
        Sex::LakiLaki
    };
    let roll = rng.range(0, 99);
    let kind = match age {
        _ if age <= 31 && roll < 30 => "CPNS DAERAH",
        _ if (29..=45).contains(&age) && roll < 45 => "PPPK",
        _ if age <= 44 && roll < 12 => "PPPK",
        _ => "PNS DAERAH",
    };
    let kedudukan = match (kind, age, rng.range(0, 199)) {
        ("PNS DAERAH", 60.., r) if r < 100 => "Pensiun",
        ("PNS DAERAH", 58.., r) if r < 40 => "Pensiun",
        ("PNS DAERAH", 57.., r) if r < 80 => "Masa Persiapan Pensiun",
        ("PNS DAERAH", _, r) if r < 2 => "Diberhentikan",
        ("PNS DAERAH", _, r) if r < 3 => "CLTN",
        _ => "Aktif",
    };
    let unit = units[rng.range(0, units.len() as u32 - 1) as usize];
    let sector = sector(unit);
    let level = match rng.range(0, 99) {
        0..=11 => 0,
        12..=26 => 1,
        27..=86 => 2,
        _ => 3,
    };
    // Nobody graduates in the future: the youngest master's graduates hold a bachelor's.
    let level = if birth.year() + LEVELS[level].3 >= 2025 {
        level.min(2)
    } else {
        level
    };
    let (level, entry, pppk_gol, graduation_age) = LEVELS[level];
    let (study, gelar_belakang) = rng.pick(studies(sector, level));
    let graduated = birth.year() + graduation_age;
    let month = rng.pick(&[1, 3, 4, 12]);
    let (appointed, nip) = match kind {
        "PPPK" => {
            // Appointed after graduating, in the PPPK intakes of 2019–2024.
            let first = (graduated + 1).clamp(2019, 2024);
            let year = rng.range(first as u32, 2024) as i32;
            let code = rng.pick(&[1, 2, 21]);
            (year, Nip::from_parts(birth, year, code, sex, seq))
        }
        "CPNS DAERAH" => (2025, Nip::from_parts(birth, 2025, month, sex, seq)),
        _ => {
            let earliest = (graduated + 1).max(1985);
            let latest = (earliest + 12).min(2022);
            let year = rng.range(earliest as u32, latest.max(earliest) as u32) as i32;
            (year, Nip::from_parts(birth, year, month, sex, seq))
        }
    };
    let nip = nip.map_err(|e| anyhow::anyhow!("row {i}: {e:?}"))?;
    let region = rng.pick(&[357701, 357702, 357703, 351901, 352001]);
    let nik =
        Nik::from_parts(region, birth, sex, seq).map_err(|e| anyhow::anyhow!("row {i}: {e:?}"))?;
    let start = NaiveDate::from_ymd_opt(appointed, if kind == "PPPK" { 1 } else { month }, 1)
        .unwrap_or_default();
    let (tmt_cpns, tmt_pns) = match kind {
        "PPPK" => (None, None),
        "CPNS DAERAH" => (Some(start), None),
        _ => (Some(start), Some(start + chrono::Months::new(12))),
    };
    let service = (2026 - appointed).max(0);
    let (gol_awal, gol_akhir, tmt_golongan) = match kind {
        "PPPK" => (pppk_gol, pppk_gol, start),
        _ => {
            let steps = (service / 4) as usize;
            // Where careers stall: teachers reach IV/b, a master's degree IV/a, a bachelor's
            // III/d, a diploma III/c, a school leaver III/b.
            let cap = match (sector, level) {
                (Sector::School, "S-1" | "S-2") => 13,
                (_, "S-2") => 12,
                (_, "S-1") => 11,
                (_, "D-III") => 10,
                _ => 9,
            };
            let last = (entry + steps).min(cap.max(entry));
            let tmt = if steps == 0 {
                start
            } else {
                NaiveDate::from_ymd_opt(appointed + 4 * (last - entry) as i32, 4, 1)
                    .unwrap_or(start)
            };
            (GOLONGAN_PNS[entry], GOLONGAN_PNS[last], tmt)
        }
    };
    let (jenis_jabatan, jabatan) = jabatan(sector, level, study, rng);
    let (first, middle, family) = super::data::person_name(sex, rng);
    let lower = |s: &str| s.to_lowercase();
    Ok(Row {
        pns_id: format!("{:016X}{:016X}", rng.next(), rng.next()),
        nip: nip.to_string(),
        name: format!("{first} {middle} {family}").to_uppercase(),
        gelar_depan: if rng.range(0, 99) < 3 { "Dr." } else { "" },
        gelar_belakang,
        birth_place: rng.pick(&PLACES),
        birth,
        sex,
        religion: match rng.range(0, 99) {
            0..=87 => "Islam",
            88..=93 => "Kristen",
            94..=97 => "Katolik",
            98 => "Hindu",
            _ => "Buddha",
        },
        marital: match (age, rng.range(0, 99)) {
            (..=30, 0..=54) | (_, 0..=9) => "Belum Menikah",
            (_, 95..) => "Cerai Hidup",
            _ => "Menikah",
        },
        nik: nik.to_string(),
        phone: format!(
            "08{}{:09}",
            rng.pick(&[1, 5, 7, 8]),
            rng.next() % 1_000_000_000
        ),
        email: format!(
            "{}.{}{}@gmail.com",
            lower(first),
            lower(family),
            rng.range(1, 999)
        ),
        address: format!(
            "Jl. {} No. {}, Kel. {}, Kota Madiun",
            rng.pick(&[
                "Pahlawan",
                "Diponegoro",
                "Serayu",
                "Cokroaminoto",
                "Kalimantan",
                "Salak"
            ]),
            rng.range(1, 120),
            rng.pick(&[
                "Oro-Oro Ombo",
                "Kartoharjo",
                "Manguharjo",
                "Taman",
                "Nambangan Lor"
            ])
        ),
        kind,
        kedudukan,
        // The card serial SIASN issued to most: prefix and year of the appointment that gives
        // the right to a card (TMT PNS, or the PPPK agreement's start), as SE 16/2022 numbers it.
        serial: match (kind, tmt_pns) {
            ("PPPK", _) | ("PNS DAERAH", Some(_)) if rng.range(0, 99) < 60 => {
                satu_shared::card::format_serial(
                    if kind == "PPPK" { 'B' } else { 'A' },
                    tmt_pns.unwrap_or(start).year(),
                    i as i64 + 1,
                )
            }
            _ => String::new(),
        },
        tmt_cpns,
        tmt_pns,
        gol_awal,
        gol_akhir,
        tmt_golongan,
        mk_years: service,
        mk_months: rng.range(0, 11),
        jenis_jabatan,
        jabatan,
        tmt_jabatan: start.max(tmt_golongan),
        level,
        education: study,
        graduated,
        unit,
    })
}

/// The bad file's rows are numbered from here, apart from a big file's (whose NIKs they could
/// otherwise share: the number decides the birth day and sequence).
const BAD_FILE_FIRST: usize = MAX_ROWS - 20;

/// The bad file: two good rows, then one row for each of ten problems an import reports, the
/// broken quote last.
fn write_bad(file: &Path, units: &[&'static str]) -> anyhow::Result<(usize, Vec<BadRow>)> {
    let mut rng = Rng(0xBAD0_5A7A_2026_0001);
    // Every row a number of its own, so no two NIPs agree but the one duplicate meant.
    let mut good: Vec<Row> = (0..2)
        .map(|k| person(BAD_FILE_FIRST + k, &mut rng, units))
        .collect::<anyhow::Result<_>>()?;
    let mut k = BAD_FILE_FIRST + good.len();
    let mut next = || {
        k += 1;
        person(k, &mut rng, units)
    };
    let mut bad: Vec<(RowCode, Vec<String>)> = Vec::new();
    let mut flawed = |problem: RowCode, edit: &dyn Fn(&mut Vec<String>)| -> anyhow::Result<()> {
        let mut f = next()?.fields();
        edit(&mut f);
        bad.push((problem, f));
        Ok(())
    };
    let col = |name: &str| COLUMNS.iter().position(|c| *c == name).unwrap_or(0);
    let (nip, nik, nama, lahir, unor, gol, jenis) = (
        col("nip_baru"),
        col("nik"),
        col("nama"),
        col("tanggal_lahir"),
        col("unor"),
        col("gol_akhir"),
        col("jenis_pegawai"),
    );
    flawed(RowCode::NipInvalid, &|f| f[nip].truncate(17))?;
    flawed(RowCode::NikMismatch, &|f| {
        // Another birth day in the NIK than in the NIP (day 28 or 27, never the NIP's own).
        let day = if &f[nik][6..8] == "28" { "27" } else { "28" };
        f[nik].replace_range(6..8, day);
    })?;
    flawed(RowCode::UnitUnknown, &|f| {
        f[unor] = "Dinas Pariwisata Antah Berantah".into()
    })?;
    flawed(RowCode::GolonganUnknown, &|f| f[gol] = "V/a".into())?;
    let first_nip = good[0].nip.clone();
    flawed(RowCode::NipDuplicate, &|f| f[nip] = first_nip.clone())?;
    flawed(RowCode::DateInvalid, &|f| f[lahir] = "31-02-1985".into())?;
    flawed(RowCode::KindUnknown, &|f| f[jenis] = "HONORER".into())?;
    flawed(RowCode::NameMissing, &|f| f[nama] = String::new())?;
    flawed(RowCode::FieldsTooMany, &|f| f.push("kolom lebih".into()))?;
    // Written by hand below: a quote opened in the name and never closed.
    flawed(RowCode::QuoteBroken, &|_| {})?;
    let mut w = std::io::BufWriter::new(std::fs::File::create(file)?);
    let mut csv = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    csv.write_record(COLUMNS)?;
    let good_rows = good.len();
    for g in good.drain(..) {
        csv.write_record(g.fields())?;
    }
    let mut out = Vec::new();
    let mut line = 1 + good_rows;
    let quote_broken = bad.pop();
    for (problem, fields) in bad {
        line += 1;
        out.push(BadRow {
            line,
            nip: fields[nip].clone(),
            problem,
        });
        csv.write_record(&fields)?;
    }
    w.write_all(
        &csv.into_inner()
            .map_err(|e| anyhow::anyhow!("{}", e.error()))?,
    )?;
    if let Some((problem, fields)) = quote_broken {
        line += 1;
        out.push(BadRow {
            line,
            nip: fields[nip].clone(),
            problem,
        });
        let mut text = fields
            .iter()
            .map(|f| f.replace([',', '"', '\n'], " "))
            .collect::<Vec<_>>();
        text[nama] = format!("\"{}", text[nama]);
        writeln!(w, "{}", text.join(","))?;
    }
    w.flush()?;
    Ok((good_rows, out))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use std::collections::{HashMap, HashSet};

    fn read(file: &Path) -> (Vec<String>, Vec<HashMap<String, String>>) {
        let mut r = csv::Reader::from_path(file).unwrap();
        let header: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
        let rows = r
            .records()
            .map(|rec| {
                let rec = rec.unwrap();
                header
                    .iter()
                    .cloned()
                    .zip(rec.iter().map(str::to_owned))
                    .collect()
            })
            .collect();
        (header, rows)
    }

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%d-%m-%Y").unwrap()
    }

    /// Past the first block of 999 rows, so that uniqueness across blocks is what is checked.
    const N: usize = 5_000;

    #[test]
    fn the_export_has_valid_agreeing_unique_identity_numbers_and_a_plausible_shape() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("export.csv");
        let written = write(N, &file).unwrap();
        let (header, rows) = read(&file);
        assert_eq!(header, COLUMNS);
        assert_eq!(rows.len(), N);
        assert_eq!(written.rows, N);
        let units: HashSet<&str> = units().into_iter().collect();
        let (mut nips, mut niks) = (HashSet::new(), HashSet::new());
        let mut kinds: HashMap<String, usize> = HashMap::new();
        let mut kedudukan: HashMap<String, usize> = HashMap::new();
        for r in &rows {
            let nip = Nip::parse(&r["nip_baru"]).unwrap();
            let nik = Nik::parse(&r["nik"]).unwrap();
            assert!(
                nips.insert(r["nip_baru"].clone()),
                "NIP twice: {}",
                r["nip_baru"]
            );
            assert!(niks.insert(r["nik"].clone()), "NIK twice: {}", r["nik"]);
            let born = date(&r["tanggal_lahir"]);
            assert_eq!(nip.birth_date(), Some(born));
            assert_eq!(nik.birth_date(2026), Some(born), "{}", r["nik"]);
            let sex = if r["jenis_kelamin"] == "M" {
                Sex::LakiLaki
            } else {
                Sex::Perempuan
            };
            assert_eq!(nip.sex(), sex);
            assert_eq!(nik.sex(), sex);
            assert!(units.contains(r["unor"].as_str()), "{}", r["unor"]);
            let gol = r["gol_akhir"].as_str();
            if r["jenis_pegawai"] == "PPPK" {
                assert!(
                    satu_shared::reference::RefList::GolonganPppk.contains(gol),
                    "{gol}"
                );
                assert!(r["tmt_cpns"].is_empty());
            } else {
                assert!(
                    satu_shared::reference::RefList::Golongan.contains(gol),
                    "{gol}"
                );
                let cpns = date(&r["tmt_cpns"]);
                assert!(
                    cpns > born + chrono::Months::new(17 * 12),
                    "{cpns} for {born}"
                );
                assert_eq!(nip.appointment_year(), cpns.year());
            }
            // Nothing in the future: appointed by 2025, after graduating.
            let appointed = nip.appointment_year();
            let graduated: i32 = r["tahun_lulus"].parse().unwrap();
            assert!(appointed <= 2025, "{}", r["nip_baru"]);
            assert!(
                graduated < appointed,
                "graduated {graduated}, appointed {appointed}"
            );
            if !r["kartu_asn_virtual"].is_empty() {
                assert!(satu_shared::card::parse_serial(&r["kartu_asn_virtual"]).is_some());
            }
            *kinds.entry(r["jenis_pegawai"].clone()).or_default() += 1;
            *kedudukan.entry(r["kedudukan_hukum"].clone()).or_default() += 1;
        }
        let share = |n: usize| n as f64 / N as f64;
        assert!((0.15..0.35).contains(&share(kinds["PPPK"])), "{kinds:?}");
        assert!(
            (0.02..0.15).contains(&share(kinds["CPNS DAERAH"])),
            "{kinds:?}"
        );
        assert!(share(kedudukan["Pensiun"]) > 0.01, "{kedudukan:?}");
        assert!(kedudukan["Diberhentikan"] > 0, "{kedudukan:?}");
        assert_eq!(written.pppk, kinds["PPPK"]);
        assert_eq!(written.retired, kedudukan["Pensiun"]);
        // Too many rows for seven-digit card serials: refused before anything is written.
        let big = dir.path().join("big.csv");
        assert!(write(MAX_ROWS + 1, &big).is_err());
        assert!(!big.exists());
        // The same rows every time.
        let again = dir.path().join("again.csv");
        write(N, &again).unwrap();
        assert_eq!(
            std::fs::read(&file).unwrap(),
            std::fs::read(&again).unwrap()
        );
    }

    #[test]
    fn the_bad_file_holds_each_problem_once_on_the_line_it_names() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("x.csv");
        let written = write(10, &file).unwrap();
        assert_eq!(written.bad_file, dir.path().join("x-bad.csv"));
        let problems: Vec<RowCode> = written.bad_rows.iter().map(|b| b.problem).collect();
        let distinct: HashSet<_> = problems.iter().collect();
        assert_eq!(distinct.len(), problems.len());
        assert_eq!(problems.len(), 10);
        assert_eq!(problems.last(), Some(&RowCode::QuoteBroken));
        let text = std::fs::read_to_string(&written.bad_file).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 1 + written.bad_file_good_rows + problems.len());
        for b in &written.bad_rows {
            let line = lines[b.line - 1];
            assert!(
                line.contains(&b.nip),
                "line {} lacks {}: {line}",
                b.line,
                b.nip
            );
        }
        // Read as a lenient reader would, up to the broken quote: the flaws are there.
        let mut r = csv::ReaderBuilder::new()
            .flexible(true)
            .from_path(&written.bad_file)
            .unwrap();
        let recs: Vec<csv::StringRecord> = r.records().filter_map(Result::ok).collect();
        let col = |n: &str| COLUMNS.iter().position(|c| *c == n).unwrap();
        let at = |p: RowCode| {
            let b = written.bad_rows.iter().find(|b| b.problem == p).unwrap();
            &recs[b.line - 2]
        };
        assert!(Nip::parse(&at(RowCode::NipInvalid)[col("nip_baru")]).is_err());
        let m = at(RowCode::NikMismatch);
        let nik = Nik::parse(&m[col("nik")]).unwrap();
        let nip = Nip::parse(&m[col("nip_baru")]).unwrap();
        assert_ne!(nik.birth_date(2026), nip.birth_date());
        assert_eq!(at(RowCode::FieldsTooMany).len(), COLUMNS.len() + 1);
        assert_eq!(
            &at(RowCode::NipDuplicate)[col("nip_baru")],
            &recs[0][col("nip_baru")]
        );
        assert!(at(RowCode::NameMissing)[col("nama")].is_empty());
        // The good rows are whole and valid.
        for g in &recs[..written.bad_file_good_rows] {
            assert_eq!(g.len(), COLUMNS.len());
            Nip::parse(&g[col("nip_baru")]).unwrap();
        }
    }
}
