//! The demo data set: Pemerintah Kota Madiun (instansi daerah, Kanreg II Surabaya) with its units,
//! a central agency (Kementerian Dalam Negeri) and BKN, employees of every kind and status, and an
//! account for every role. Generated deterministically, so every run and every test sees the same
//! people, with NIP and NIK that agree.

use chrono::{Datelike, Months, NaiveDate};
use satu_shared::{AgencyKind, EmployeeKind, EmployeeStatus, Nik, Nip, Role, Sex};

/// Password of the demo accounts that hold a role other than `employee` (they have changed their
/// initial password already). Employee accounts start with their NIK, as real ones do.
pub const ROLE_PASSWORD: &str = "Demo#SatuASN2026";

pub struct DemoAgency {
    pub code: &'static str,
    pub name: &'static str,
    pub kind: AgencyKind,
    pub kanreg: Option<(&'static str, &'static str)>,
    /// (code, name, parent code)
    pub units: Vec<(&'static str, &'static str, Option<&'static str>)>,
}

/// How a role's scope is given in the data set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DemoScope {
    /// The employee's own record.
    Own,
    /// A unit (and the units below it), by code, in the person's agency.
    Unit(&'static str),
    /// The person's whole agency.
    Agency,
    /// The agencies of a Kanreg, by its code.
    Kanreg(&'static str),
    /// All central agencies.
    Pusat,
}

#[derive(Debug, Clone)]
pub struct DemoPerson {
    pub nip: Nip,
    pub nik: Nik,
    pub name: String,
    pub gelar_depan: Option<&'static str>,
    pub gelar_belakang: Option<&'static str>,
    pub birth_place: &'static str,
    pub birth_date: NaiveDate,
    pub sex: Sex,
    pub religion: &'static str,
    pub marital_status: &'static str,
    pub kind: EmployeeKind,
    pub status: EmployeeStatus,
    pub kedudukan_hukum: &'static str,
    pub status_date: Option<NaiveDate>,
    pub status_sk: Option<String>,
    pub golongan: Option<&'static str>,
    pub jenis_jabatan: &'static str,
    pub jabatan: String,
    pub agency: &'static str,
    pub unit: &'static str,
    pub tmt_cpns: Option<NaiveDate>,
    pub tmt_pns: Option<NaiveDate>,
    pub pppk_start: Option<NaiveDate>,
    pub pppk_end: Option<NaiveDate>,
    pub role: Role,
    pub scopes: Vec<DemoScope>,
}

impl DemoPerson {
    pub fn password(&self) -> String {
        if self.role == Role::Employee {
            self.nik.to_string()
        } else {
            ROLE_PASSWORD.to_owned()
        }
    }

    pub fn must_change_password(&self) -> bool {
        self.role == Role::Employee
    }

    /// The family-card number in the record: every other person has one (region of the NIK,
    /// issue date, serial), so the demo shows both ways of activating.
    pub fn nomor_kk(&self) -> Option<String> {
        let seq = self.nip.sequence();
        seq.is_multiple_of(2).then(|| {
            format!(
                "{}0101{:02}{:04}",
                &self.nik.to_string()[..6],
                10 + seq % 15,
                seq
            )
        })
    }

    /// The one-time code an account never activated needs when its record has no family-card
    /// number (the demo's are fixed, like every demo credential).
    pub fn activation_code(&self) -> Option<String> {
        (self.must_change_password() && self.nomor_kk().is_none())
            .then(|| crate::accounts::activation::demo_code(&self.nip.to_string()))
    }

    pub fn full_name(&self) -> String {
        crate::employees::service::full_name(self.gelar_depan, &self.name, self.gelar_belakang)
    }
}

pub struct DemoSet {
    pub agencies: Vec<DemoAgency>,
    pub people: Vec<DemoPerson>,
}

pub const MADIUN: &str = "kota-madiun";
pub const KEMENDAGRI: &str = "kemendagri";
pub const BKN: &str = "bkn";

/// The demo agency with this code.
pub(crate) fn agency(code: &str) -> Option<DemoAgency> {
    agencies().into_iter().find(|a| a.code == code)
}

fn agencies() -> Vec<DemoAgency> {
    vec![
        DemoAgency {
            code: MADIUN,
            name: "Pemerintah Kota Madiun",
            kind: AgencyKind::Daerah,
            kanreg: Some(("II", "Kantor Regional II BKN Surabaya")),
            units: vec![
                ("setda", "Sekretariat Daerah", None),
                (
                    "bkpsdm",
                    "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
                    None,
                ),
                ("disdik", "Dinas Pendidikan", None),
                ("smpn1", "SMP Negeri 1 Madiun", Some("disdik")),
                (
                    "dinkes",
                    "Dinas Kesehatan, Pengendalian Penduduk dan Keluarga Berencana",
                    None,
                ),
                ("pkm-oro", "Puskesmas Oro-Oro Ombo", Some("dinkes")),
                ("dukcapil", "Dinas Kependudukan dan Pencatatan Sipil", None),
                ("kec-kartoharjo", "Kecamatan Kartoharjo", None),
                ("kec-manguharjo", "Kecamatan Manguharjo", None),
                ("kec-taman", "Kecamatan Taman", None),
            ],
        },
        DemoAgency {
            code: KEMENDAGRI,
            name: "Kementerian Dalam Negeri",
            kind: AgencyKind::Pusat,
            kanreg: None,
            units: vec![
                ("setjen", "Sekretariat Jenderal", None),
                ("biro-kepeg", "Biro Kepegawaian", Some("setjen")),
                (
                    "ditjen-dukcapil",
                    "Direktorat Jenderal Kependudukan dan Pencatatan Sipil",
                    None,
                ),
            ],
        },
        DemoAgency {
            code: BKN,
            name: "Badan Kepegawaian Negara",
            kind: AgencyKind::Pusat,
            kanreg: None,
            units: vec![
                ("kanreg2", "Kantor Regional II BKN Surabaya", None),
                (
                    "dit-pengadaan",
                    "Direktorat Pengadaan dan Kepangkatan",
                    None,
                ),
            ],
        },
    ]
}

/// A small deterministic generator (xorshift), so the data set is the same on every machine.
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    pub(crate) fn range(&mut self, lo: u32, hi: u32) -> u32 {
        lo + (self.next() % u64::from(hi - lo + 1)) as u32
    }

    pub(crate) fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[(self.next() % items.len() as u64) as usize]
    }
}

const MEN: [&str; 14] = [
    "Agus", "Budi", "Eko", "Hadi", "Joko", "Rudi", "Slamet", "Wahyu", "Teguh", "Bambang", "Arif",
    "Yusuf", "Dimas", "Fajar",
];
const WOMEN: [&str; 12] = [
    "Sri", "Siti", "Dewi", "Endang", "Rina", "Wulan", "Yuni", "Ani", "Nur", "Ratna", "Indah",
    "Fitri",
];
const FAMILY: [&str; 14] = [
    "Santoso",
    "Wibowo",
    "Susanto",
    "Prasetyo",
    "Rahayu",
    "Handayani",
    "Setiawan",
    "Kurniawan",
    "Purnomo",
    "Hartono",
    "Lestari",
    "Saputra",
    "Wijayanti",
    "Nugroho",
];
const MIDDLE_MEN: [&str; 6] = ["Dwi", "Tri", "Eka", "Adi", "Puji", "Budi"];
const MIDDLE_WOMEN: [&str; 6] = ["Dwi", "Tri", "Eka", "Ayu", "Sri", "Puji"];
/// Family names that read as women's names; men get the others.
const WOMEN_ONLY: [&str; 4] = ["Rahayu", "Handayani", "Lestari", "Wijayanti"];
pub(crate) const PLACES: [&str; 6] = [
    "Madiun", "Ngawi", "Magetan", "Ponorogo", "Surabaya", "Caruban",
];
const RELIGIONS: [&str; 4] = ["Islam", "Islam", "Kristen", "Katolik"];

/// Golongan PNS, I/a … IV/e (SIASN codes 11–45).
pub(crate) const GOLONGAN_PNS: [&str; 17] = [
    "I/a", "I/b", "I/c", "I/d", "II/a", "II/b", "II/c", "II/d", "III/a", "III/b", "III/c", "III/d",
    "IV/a", "IV/b", "IV/c", "IV/d", "IV/e",
];

/// A plausible Javanese name for someone of this sex: first, middle and family name.
pub(crate) fn person_name(sex: Sex, rng: &mut Rng) -> (&'static str, &'static str, &'static str) {
    let (first, middle) = match sex {
        Sex::LakiLaki => (rng.pick(&MEN), rng.pick(&MIDDLE_MEN)),
        Sex::Perempuan => (rng.pick(&WOMEN), rng.pick(&MIDDLE_WOMEN)),
    };
    let family = loop {
        let f = rng.pick(&FAMILY);
        if sex == Sex::Perempuan || !WOMEN_ONLY.contains(&f) {
            break f;
        }
    };
    (first, middle, family)
}

/// Region codes for NIKs: Kota Madiun districts, and Jakarta Pusat for central staff.
fn region_for(agency: &str, rng: &mut Rng) -> u32 {
    match agency {
        MADIUN => rng.pick(&[357701, 357702, 357703]),
        _ => rng.pick(&[317101, 317102, 317103]),
    }
}

struct Spec {
    agency: &'static str,
    unit: &'static str,
    kind: EmployeeKind,
    status: EmployeeStatus,
    jabatan: &'static str,
    jenis: &'static str,
    role: Role,
    scopes: Vec<DemoScope>,
    gelar: (Option<&'static str>, Option<&'static str>),
}

fn spec(
    agency: &'static str,
    unit: &'static str,
    kind: EmployeeKind,
    jabatan: &'static str,
    jenis: &'static str,
) -> Spec {
    Spec {
        agency,
        unit,
        kind,
        status: EmployeeStatus::Aktif,
        jabatan,
        jenis,
        role: Role::Employee,
        scopes: vec![DemoScope::Own],
        gelar: (None, None),
    }
}

fn with_role(mut s: Spec, role: Role, scopes: Vec<DemoScope>) -> Spec {
    s.role = role;
    s.scopes = scopes;
    s
}

fn with_status(mut s: Spec, status: EmployeeStatus) -> Spec {
    s.status = status;
    s
}

fn with_gelar(mut s: Spec, depan: Option<&'static str>, belakang: Option<&'static str>) -> Spec {
    s.gelar = (depan, belakang);
    s
}

fn specs() -> Vec<Spec> {
    use EmployeeKind::{Cpns, Pns, Pppk};
    use EmployeeStatus::{Diberhentikan, KontrakBerakhir, Pensiun};
    let m = MADIUN;
    let k = KEMENDAGRI;
    let mut v = vec![
        // People with a role (each also an employee with their own record).
        with_gelar(
            with_role(
                spec(
                    m,
                    "bkpsdm",
                    Pns,
                    "Kepala Bidang Pengadaan, Pemberhentian dan Informasi",
                    "struktural",
                ),
                Role::Admin,
                vec![DemoScope::Agency],
            ),
            None,
            Some("S.Sos., M.Si."),
        ),
        with_gelar(
            with_role(
                spec(
                    m,
                    "disdik",
                    Pns,
                    "Kepala Subbagian Umum dan Kepegawaian",
                    "struktural",
                ),
                Role::Verifikator,
                vec![DemoScope::Unit("disdik")],
            ),
            None,
            Some("S.Pd."),
        ),
        with_gelar(
            with_role(
                spec(
                    m,
                    "bkpsdm",
                    Pns,
                    "Analis Sumber Daya Manusia Aparatur Ahli Muda",
                    "fungsional",
                ),
                Role::Verifikator,
                vec![
                    DemoScope::Unit("setda"),
                    DemoScope::Unit("bkpsdm"),
                    DemoScope::Unit("dinkes"),
                    DemoScope::Unit("dukcapil"),
                    DemoScope::Unit("kec-kartoharjo"),
                    DemoScope::Unit("kec-manguharjo"),
                    DemoScope::Unit("kec-taman"),
                ],
            ),
            None,
            Some("S.E."),
        ),
        with_gelar(
            with_role(
                spec(
                    m,
                    "bkpsdm",
                    Pns,
                    "Kepala Bidang Mutasi dan Promosi",
                    "struktural",
                ),
                Role::Approver,
                vec![DemoScope::Agency],
            ),
            None,
            Some("S.H., M.H."),
        ),
        with_role(
            spec(m, "bkpsdm", Pns, "Pengelola Data Kepegawaian", "pelaksana"),
            Role::Helpdesk,
            vec![DemoScope::Agency],
        ),
        with_gelar(
            with_role(
                spec(m, "kec-kartoharjo", Pns, "Camat Kartoharjo", "struktural"),
                Role::Monitor,
                vec![DemoScope::Unit("kec-kartoharjo")],
            ),
            None,
            Some("S.STP., M.Si."),
        ),
        with_gelar(
            with_role(
                spec(m, "setda", Pns, "Sekretaris Daerah", "struktural"),
                Role::Monitor,
                vec![DemoScope::Agency],
            ),
            Some("Drs."),
            Some("M.M."),
        ),
        with_role(
            spec(
                k,
                "biro-kepeg",
                Pns,
                "Analis Kepegawaian Ahli Madya",
                "fungsional",
            ),
            Role::Verifikator,
            vec![DemoScope::Agency],
        ),
        with_role(
            spec(
                k,
                "biro-kepeg",
                Pns,
                "Kepala Biro Kepegawaian",
                "struktural",
            ),
            Role::Approver,
            vec![DemoScope::Agency],
        ),
        with_role(
            spec(k, "setjen", Pns, "Sekretaris Jenderal", "struktural"),
            Role::Monitor,
            vec![DemoScope::Agency],
        ),
        with_role(
            spec(
                k,
                "biro-kepeg",
                Pns,
                "Pranata Komputer Ahli Pertama",
                "fungsional",
            ),
            Role::Admin,
            vec![DemoScope::Agency],
        ),
        with_role(
            spec(
                BKN,
                "kanreg2",
                Pns,
                "Analis Kepegawaian Ahli Muda",
                "fungsional",
            ),
            Role::ValidatorKanreg,
            vec![DemoScope::Kanreg("II")],
        ),
        with_role(
            spec(
                BKN,
                "dit-pengadaan",
                Pns,
                "Analis Kepegawaian Ahli Madya",
                "fungsional",
            ),
            Role::ValidatorPusat,
            vec![DemoScope::Pusat],
        ),
        with_role(
            spec(BKN, "kanreg2", Pns, "Kepala Bagian Umum", "struktural"),
            Role::Verifikator,
            vec![DemoScope::Agency],
        ),
        with_role(
            spec(
                BKN,
                "dit-pengadaan",
                Pns,
                "Direktur Pengadaan dan Kepangkatan",
                "struktural",
            ),
            Role::Approver,
            vec![DemoScope::Agency],
        ),
        with_role(
            spec(
                BKN,
                "kanreg2",
                Pns,
                "Kepala Kantor Regional II",
                "struktural",
            ),
            Role::Monitor,
            vec![DemoScope::Agency],
        ),
        // Employees whose status makes their card invalid.
        with_status(
            spec(
                m,
                "dukcapil",
                Pns,
                "Pengadministrasi Kependudukan",
                "pelaksana",
            ),
            Diberhentikan,
        ),
        with_status(
            spec(
                m,
                "kec-manguharjo",
                Pns,
                "Sekretaris Kecamatan",
                "struktural",
            ),
            Pensiun,
        ),
        with_status(
            spec(m, "pkm-oro", Pppk, "Perawat Ahli Pertama", "fungsional"),
            KontrakBerakhir,
        ),
    ];
    // Everyone else, spread over the units.
    let madiun_units = [
        ("disdik", "Guru Ahli Muda", "fungsional"),
        ("smpn1", "Guru Ahli Pertama", "fungsional"),
        ("dinkes", "Epidemiolog Kesehatan Ahli Muda", "fungsional"),
        ("pkm-oro", "Perawat Terampil", "fungsional"),
        ("dukcapil", "Analis Kependudukan", "pelaksana"),
        (
            "kec-kartoharjo",
            "Pengelola Layanan Kemasyarakatan",
            "pelaksana",
        ),
        ("kec-manguharjo", "Pengadministrasi Umum", "pelaksana"),
        ("kec-taman", "Lurah Kejuron", "struktural"),
        ("setda", "Analis Kebijakan Ahli Muda", "fungsional"),
        ("bkpsdm", "Analis SDM Aparatur Ahli Pertama", "fungsional"),
    ];
    for i in 0..28 {
        let (unit, jabatan, jenis) = madiun_units[i % madiun_units.len()];
        let kind = match i % 5 {
            0..=2 => Pns,
            3 => Pppk,
            _ => Cpns,
        };
        let (jabatan, jenis) = match kind {
            Pppk if unit == "smpn1" || unit == "disdik" => ("Guru Ahli Pertama", "fungsional"),
            Pppk => ("Pengelola Umum Operasional", "pelaksana"),
            Cpns => ("Calon Analis", "pelaksana"),
            Pns => (jabatan, jenis),
        };
        let gelar = match (unit, i % 3) {
            ("disdik" | "smpn1", _) => Some("S.Pd."),
            ("dinkes", 0) => Some("S.K.M."),
            ("pkm-oro", _) => Some("A.Md.Kep."),
            (_, 1) => Some("S.Kom."),
            (_, 2) => None,
            _ => Some("S.E."),
        };
        v.push(with_gelar(spec(m, unit, kind, jabatan, jenis), None, gelar));
    }
    for (unit, kind, jabatan, jenis) in [
        (
            "ditjen-dukcapil",
            Pns,
            "Analis Kebijakan Ahli Muda",
            "fungsional",
        ),
        (
            "ditjen-dukcapil",
            Pppk,
            "Pranata Komputer Ahli Pertama",
            "fungsional",
        ),
        ("biro-kepeg", Cpns, "Calon Analis SDM Aparatur", "pelaksana"),
        ("setjen", Pns, "Perencana Ahli Muda", "fungsional"),
    ] {
        v.push(spec(k, unit, kind, jabatan, jenis));
    }
    v
}

/// Builds the data set.
pub fn build() -> DemoSet {
    let mut rng = Rng(0x5A7A_2026_0416_1993);
    let mut people = Vec::new();
    for (i, s) in specs().into_iter().enumerate() {
        let seq = i as u32 + 1;
        let sex = if rng.range(0, 1) == 0 {
            Sex::LakiLaki
        } else {
            Sex::Perempuan
        };
        // Age: retirees old, CPNS young, the others in between.
        let birth_year = match (s.status, s.kind) {
            (EmployeeStatus::Pensiun, _) => 1963,
            (_, EmployeeKind::Cpns) => rng.range(1995, 2001) as i32,
            (_, EmployeeKind::Pppk) => rng.range(1985, 1996) as i32,
            _ if s.role != Role::Employee => rng.range(1968, 1982) as i32,
            _ => rng.range(1970, 1994) as i32,
        };
        let birth = NaiveDate::from_ymd_opt(birth_year, rng.range(1, 12), rng.range(1, 28))
            .unwrap_or_default();
        let (tmt_cpns, tmt_pns, pppk_start, pppk_end, nip) = match s.kind {
            EmployeeKind::Pppk => {
                let year = rng.range(2019, 2023) as i32;
                let start =
                    NaiveDate::from_ymd_opt(year, rng.pick(&[1, 3, 4]), 1).unwrap_or_default();
                let end = if s.status == EmployeeStatus::KontrakBerakhir {
                    NaiveDate::from_ymd_opt(2025, 12, 31)
                } else {
                    start
                        .checked_add_months(Months::new(60))
                        .and_then(|d| d.pred_opt())
                };
                let code = rng.pick(&[1, 2, 21]);
                let nip = Nip::from_parts(birth, year, code, sex, seq);
                (None, None, Some(start), end, nip)
            }
            kind => {
                let earliest = (birth.year() + 22).max(1985);
                let year = match kind {
                    EmployeeKind::Cpns => 2025,
                    _ => rng.range(earliest as u32, (earliest + 12).min(2021) as u32) as i32,
                };
                let month = rng.pick(&[1, 3, 4, 12]);
                let cpns = NaiveDate::from_ymd_opt(year, month, 1).unwrap_or_default();
                let pns = (kind == EmployeeKind::Pns)
                    .then(|| cpns.checked_add_months(Months::new(12)))
                    .flatten();
                let nip = Nip::from_parts(birth, year, month, sex, seq);
                (Some(cpns), pns, None, None, nip)
            }
        };
        let Ok(nip) = nip else { continue };
        let Ok(nik) = Nik::from_parts(region_for(s.agency, &mut rng), birth, sex, seq) else {
            continue;
        };
        let (first, middle, family) = person_name(sex, &mut rng);
        let name = format!("{first} {middle} {family}");
        let golongan = match s.kind {
            EmployeeKind::Pppk => Some(rng.pick(&["VII", "IX", "X"])),
            EmployeeKind::Cpns => Some(rng.pick(&["II/a", "III/a"])),
            EmployeeKind::Pns => {
                let years = 2026 - tmt_cpns.map(|d| d.year()).unwrap_or(2020);
                let base = if s.gelar.1.is_some_and(|g| g.contains("M.")) {
                    10
                } else {
                    8
                };
                Some(GOLONGAN_PNS[(base + years as usize / 4).min(GOLONGAN_PNS.len() - 1)])
            }
        };
        let (status_date, status_sk, kedudukan) = match s.status {
            EmployeeStatus::Diberhentikan => (
                NaiveDate::from_ymd_opt(2025, 6, 30),
                Some("800.1.6.4/112/401.103/2025".to_owned()),
                "66",
            ),
            EmployeeStatus::Pensiun => (
                NaiveDate::from_ymd_opt(2023, 5, 1),
                Some("800.1.6.3/045/401.103/2023".to_owned()),
                "99",
            ),
            EmployeeStatus::KontrakBerakhir => (NaiveDate::from_ymd_opt(2025, 12, 31), None, "52"),
            _ => (None, None, "01"),
        };
        people.push(DemoPerson {
            nip,
            nik,
            name,
            gelar_depan: s.gelar.0,
            gelar_belakang: s.gelar.1,
            birth_place: rng.pick(&PLACES),
            birth_date: birth,
            sex,
            religion: rng.pick(&RELIGIONS),
            marital_status: if birth_year > 1997 {
                "Belum Kawin"
            } else {
                "Kawin"
            },
            kind: s.kind,
            status: s.status,
            kedudukan_hukum: kedudukan,
            status_date,
            status_sk,
            golongan,
            jenis_jabatan: s.jenis,
            jabatan: s.jabatan.to_owned(),
            agency: s.agency,
            unit: s.unit,
            tmt_cpns,
            tmt_pns,
            pppk_start,
            pppk_end,
            role: s.role,
            scopes: s.scopes,
        });
    }
    DemoSet {
        agencies: agencies(),
        people,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn the_data_set_meets_the_contract() {
        let set = build();
        let people = &set.people;
        assert!(people.len() >= 40, "{} people", people.len());
        for kind in EmployeeKind::ALL {
            assert!(people.iter().any(|p| p.kind == kind), "no {kind:?}");
        }
        for role in Role::ALL {
            assert!(people.iter().any(|p| p.role == role), "no {role:?}");
        }
        assert!(people
            .iter()
            .any(|p| p.kind == EmployeeKind::Pns && p.status == EmployeeStatus::Diberhentikan));
        assert!(people
            .iter()
            .any(|p| p.kind == EmployeeKind::Pns && p.status == EmployeeStatus::Pensiun));
        assert!(people
            .iter()
            .any(|p| p.kind == EmployeeKind::Pppk && p.status == EmployeeStatus::KontrakBerakhir));
        let madiun = set.agencies.iter().find(|a| a.code == MADIUN);
        assert!(madiun.is_some_and(|a| a.units.len() >= 5 && a.kanreg.is_some()));
        assert!(set.agencies.iter().any(|a| a.kind == AgencyKind::Pusat));
    }

    #[test]
    fn identity_numbers_are_unique_and_agree() {
        let set = build();
        let nips: HashSet<_> = set.people.iter().map(|p| p.nip).collect();
        let niks: HashSet<_> = set.people.iter().map(|p| p.nik).collect();
        assert_eq!(nips.len(), set.people.len());
        assert_eq!(niks.len(), set.people.len());
        for p in &set.people {
            assert!(
                satu_shared::identity::compare(&p.nip, &p.nik).is_empty(),
                "{}",
                p.nip
            );
            assert_eq!(Nip::parse_for(&p.nip.to_string(), p.kind), Ok(p.nip));
            assert_eq!(p.nip.birth_date(), Some(p.birth_date));
            match p.kind {
                EmployeeKind::Pns => assert!(p.tmt_pns.is_some() && p.tmt_cpns.is_some()),
                EmployeeKind::Cpns => assert!(p.tmt_pns.is_none() && p.tmt_cpns.is_some()),
                EmployeeKind::Pppk => assert!(p.pppk_start.is_some() && p.pppk_end.is_some()),
            }
        }
    }

    #[test]
    fn every_unit_with_employees_has_a_verifier_approver_and_monitor() {
        let set = build();
        let covers = |role: Role, agency: &str, unit: &str| {
            let parent = set
                .agencies
                .iter()
                .find(|a| a.code == agency)
                .and_then(|a| a.units.iter().find(|u| u.0 == unit))
                .and_then(|u| u.2);
            set.people
                .iter()
                .filter(|p| p.role == role && p.agency == agency)
                .any(|p| {
                    p.scopes.iter().any(|s| match s {
                        DemoScope::Agency => true,
                        DemoScope::Unit(u) => *u == unit || Some(*u) == parent,
                        _ => false,
                    })
                })
        };
        for p in &set.people {
            for role in [Role::Verifikator, Role::Approver, Role::Monitor] {
                assert!(
                    covers(role, p.agency, p.unit),
                    "{role:?} for {}/{}",
                    p.agency,
                    p.unit
                );
            }
        }
    }
}
