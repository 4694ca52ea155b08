//! Reference lists (SIASN's codes where SIASN has them), one table each, used by the forms of the
//! data update in the SPA, by the API's validation and by `GET /api/v1/reference/{name}`.

use serde::{Deserialize, Serialize};

use crate::card::{pangkat_of, KEDUDUKAN_HUKUM};

/// One entry of a reference list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReferenceItem {
    /// What a record or a proposal stores.
    pub code: String,
    /// What a person reads (Indonesian).
    pub name: String,
    /// A code SIASN uses for the same entry, where it differs from `code` (golongan: `31` for
    /// `III/a`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub siasn_code: Option<String>,
}

/// PNS golongan with SIASN's codes 11–45: (golongan, SIASN code).
pub const GOLONGAN_PNS: [(&str, &str); 17] = [
    ("I/a", "11"),
    ("I/b", "12"),
    ("I/c", "13"),
    ("I/d", "14"),
    ("II/a", "21"),
    ("II/b", "22"),
    ("II/c", "23"),
    ("II/d", "24"),
    ("III/a", "31"),
    ("III/b", "32"),
    ("III/c", "33"),
    ("III/d", "34"),
    ("IV/a", "41"),
    ("IV/b", "42"),
    ("IV/c", "43"),
    ("IV/d", "44"),
    ("IV/e", "45"),
];

/// PPPK golongan I–XVII.
pub const GOLONGAN_PPPK: [&str; 17] = [
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV",
    "XVI", "XVII",
];

/// Education levels (SIASN tingkat pendidikan codes).
pub const PENDIDIKAN: [(&str, &str); 13] = [
    ("05", "SD"),
    ("10", "SLTP"),
    ("12", "SLTP Kejuruan"),
    ("15", "SLTA"),
    ("17", "SLTA Kejuruan"),
    ("18", "SLTA Keguruan"),
    ("20", "Diploma I"),
    ("25", "Diploma II"),
    ("30", "Diploma III/Sarjana Muda"),
    ("35", "Diploma IV"),
    ("40", "S-1/Sarjana"),
    ("45", "S-2"),
    ("50", "S-3/Doktor"),
];

/// Religions.
pub const AGAMA: [(&str, &str); 7] = [
    ("1", "Islam"),
    ("2", "Kristen"),
    ("3", "Katolik"),
    ("4", "Hindu"),
    ("5", "Buddha"),
    ("6", "Konghucu"),
    ("7", "Kepercayaan terhadap Tuhan Yang Maha Esa"),
];

/// Marital statuses.
pub const STATUS_KAWIN: [(&str, &str); 4] = [
    ("1", "Belum Kawin"),
    ("2", "Kawin"),
    ("3", "Janda"),
    ("4", "Duda"),
];

/// Kinds of position (the `jabatan` data shape fixed by the API contract).
pub const JENIS_JABATAN: [(&str, &str); 3] = [
    ("struktural", "Jabatan Struktural"),
    ("fungsional", "Jabatan Fungsional"),
    ("pelaksana", "Jabatan Pelaksana"),
];

/// Coded reasons for returning or rejecting a proposal (SIASN carries a code plus free text).
/// `lainnya` needs a note.
pub const REASONS: [(&str, &str); 7] = [
    ("dokumen_tidak_terbaca", "Dokumen tidak terbaca"),
    (
        "dokumen_tidak_sesuai",
        "Dokumen tidak sesuai dengan data yang diusulkan",
    ),
    ("data_tidak_sesuai", "Data yang diusulkan tidak sesuai"),
    ("dokumen_kurang", "Dokumen pendukung belum lengkap"),
    ("bukan_dokumen_asli", "Dokumen bukan pindaian dokumen asli"),
    ("sudah_ada", "Data sudah tercatat"),
    ("lainnya", "Lainnya (jelaskan pada catatan)"),
];

/// The reason code that needs a note.
pub const REASON_NEEDS_NOTE: &str = "lainnya";

/// Kinds of supporting document.
pub const DOCUMENT_KINDS: [(&str, &str); 19] = [
    ("ktp", "KTP"),
    ("kk", "Kartu Keluarga"),
    ("akta_nikah", "Buku/Akta Nikah"),
    ("akta_kelahiran", "Akta Kelahiran"),
    ("sk_jabatan", "SK Pengangkatan dalam Jabatan"),
    ("spmt", "Surat Pernyataan Melaksanakan Tugas"),
    ("ijazah", "Ijazah"),
    ("transkrip", "Transkrip Nilai"),
    ("sertifikat_diklat", "Sertifikat Diklat/Kursus"),
    ("dokumen_skp", "Dokumen SKP"),
    ("sk_pmk", "SK Peninjauan Masa Kerja"),
    ("sk_cpns", "SK CPNS"),
    ("sk_pns", "SK PNS"),
    ("sk_kp", "SK Kenaikan Pangkat"),
    ("sk_penghargaan", "SK/Piagam Penghargaan"),
    ("sk_organisasi", "SK/Surat Keterangan Organisasi"),
    ("sk_cltn", "SK Cuti di Luar Tanggungan Negara"),
    ("sk_pindah", "SK Pindah Instansi"),
    ("sk_aktif_kembali", "SK Pengaktifan Kembali"),
];

/// The reference lists, by the name `GET /api/v1/reference/{name}` takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RefList {
    Golongan,
    GolonganPppk,
    Pendidikan,
    Agama,
    StatusKawin,
    KedudukanHukum,
    JenisJabatan,
    Reasons,
    DocumentKinds,
}

impl RefList {
    pub const ALL: [RefList; 9] = [
        RefList::Golongan,
        RefList::GolonganPppk,
        RefList::Pendidikan,
        RefList::Agama,
        RefList::StatusKawin,
        RefList::KedudukanHukum,
        RefList::JenisJabatan,
        RefList::Reasons,
        RefList::DocumentKinds,
    ];

    pub fn name(self) -> &'static str {
        match self {
            RefList::Golongan => "golongan",
            RefList::GolonganPppk => "golongan-pppk",
            RefList::Pendidikan => "pendidikan",
            RefList::Agama => "agama",
            RefList::StatusKawin => "status-kawin",
            RefList::KedudukanHukum => "kedudukan-hukum",
            RefList::JenisJabatan => "jenis-jabatan",
            RefList::Reasons => "reasons",
            RefList::DocumentKinds => "document-kinds",
        }
    }

    pub fn parse(name: &str) -> Option<RefList> {
        RefList::ALL.into_iter().find(|l| l.name() == name)
    }

    fn pairs(self) -> &'static [(&'static str, &'static str)] {
        match self {
            RefList::Golongan | RefList::GolonganPppk => &[],
            RefList::Pendidikan => &PENDIDIKAN,
            RefList::Agama => &AGAMA,
            RefList::StatusKawin => &STATUS_KAWIN,
            RefList::KedudukanHukum => &KEDUDUKAN_HUKUM,
            RefList::JenisJabatan => &JENIS_JABATAN,
            RefList::Reasons => &REASONS,
            RefList::DocumentKinds => &DOCUMENT_KINDS,
        }
    }

    /// The list's entries, in their order.
    pub fn items(self) -> Vec<ReferenceItem> {
        match self {
            RefList::Golongan => GOLONGAN_PNS
                .iter()
                .map(|(g, siasn)| ReferenceItem {
                    code: (*g).to_owned(),
                    name: format!("{} ({g})", pangkat_of(g).unwrap_or_default()),
                    siasn_code: Some((*siasn).to_owned()),
                })
                .collect(),
            RefList::GolonganPppk => GOLONGAN_PPPK
                .iter()
                .map(|g| ReferenceItem {
                    code: (*g).to_owned(),
                    name: format!("Golongan {g}"),
                    siasn_code: None,
                })
                .collect(),
            other => other
                .pairs()
                .iter()
                .map(|(code, name)| ReferenceItem {
                    code: (*code).to_owned(),
                    name: (*name).to_owned(),
                    siasn_code: None,
                })
                .collect(),
        }
    }

    /// Whether `code` is in the list (golongan also by its SIASN code).
    pub fn contains(self, code: &str) -> bool {
        match self {
            RefList::Golongan => GOLONGAN_PNS.iter().any(|(g, _)| *g == code),
            RefList::GolonganPppk => GOLONGAN_PPPK.contains(&code),
            other => other.pairs().iter().any(|(c, _)| *c == code),
        }
    }

    /// The name of an entry.
    pub fn name_of(self, code: &str) -> Option<String> {
        self.items()
            .into_iter()
            .find(|i| i.code == code)
            .map(|i| i.name)
    }
}

/// A PNS golongan from its SIASN code (`32` → `III/b`).
pub fn golongan_of_siasn_code(code: &str) -> Option<&'static str> {
    GOLONGAN_PNS
        .iter()
        .find(|(_, c)| *c == code.trim())
        .map(|(g, _)| *g)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn golongan_carry_pangkat_and_siasn_codes() {
        let list = RefList::Golongan.items();
        assert_eq!(list.len(), 17);
        assert_eq!(list[0].code, "I/a");
        assert_eq!(list[0].siasn_code.as_deref(), Some("11"));
        assert_eq!(list[9].name, "Penata Muda Tingkat I (III/b)");
        assert_eq!(list[16].siasn_code.as_deref(), Some("45"));
        assert_eq!(golongan_of_siasn_code("32"), Some("III/b"));
        assert_eq!(golongan_of_siasn_code("46"), None);
        // Every PNS golongan has its pangkat.
        assert!(GOLONGAN_PNS.iter().all(|(g, _)| pangkat_of(g).is_some()));
        assert_eq!(RefList::GolonganPppk.items().len(), 17);
        assert!(RefList::GolonganPppk.contains("XVII"));
        assert!(!RefList::GolonganPppk.contains("XVIII"));
        assert!(RefList::Golongan.contains("IV/e") && !RefList::Golongan.contains("IV/f"));
    }

    #[test]
    fn every_list_has_unique_codes_and_a_name_for_its_url() {
        for l in RefList::ALL {
            let items = l.items();
            assert!(!items.is_empty(), "{l:?}");
            let mut codes: Vec<&str> = items.iter().map(|i| i.code.as_str()).collect();
            codes.sort_unstable();
            codes.dedup();
            assert_eq!(codes.len(), items.len(), "{l:?} has a duplicate code");
            assert_eq!(RefList::parse(l.name()), Some(l));
            assert!(items
                .iter()
                .all(|i| l.contains(&i.code) && !i.name.is_empty()));
        }
        assert_eq!(RefList::parse("golongan_pppk"), None);
        assert!(RefList::Reasons.contains(REASON_NEEDS_NOTE));
        for code in [
            "dokumen_tidak_terbaca",
            "dokumen_tidak_sesuai",
            "data_tidak_sesuai",
            "dokumen_kurang",
            "lainnya",
        ] {
            assert!(RefList::Reasons.contains(code), "{code}");
        }
    }
}
