//! Realistic history for the demo people, drawn from their records: SK CPNS/PNS, the golongan
//! ladder up to the current one (a step every four years), the current jabatan, the schooling the
//! golongan implies, the last two SKP years and a spouse for the married. Every row passes the
//! category's validation as a proposal would.

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use satu_shared::pdm;
use satu_shared::reference::GOLONGAN_PNS;
use satu_shared::{EmployeeKind, EmployeeStatus, Sex};
use serde_json::{json, Map, Value};

use crate::demo::data::DemoPerson;
use crate::pdm::service::new_row;
use crate::pdm::store::StoredRow;

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

fn object(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

const CAMPUSES: [&str; 5] = [
    "Universitas Airlangga",
    "Universitas Negeri Malang",
    "Universitas Brawijaya",
    "Universitas Sebelas Maret",
    "Universitas Negeri Surabaya",
];

const SPOUSE_NAMES: [(&str, &str); 4] = [
    ("Rina Wulandari", "Agus Prasetyo"),
    ("Dewi Lestari", "Budi Santoso"),
    ("Sri Handayani", "Eko Saputro"),
    ("Nur Aini", "Hendra Wijaya"),
];

/// The demo rows of one person (none for a CPNS or a person without dates to draw from).
pub fn rows_for(
    p: &DemoPerson,
    employee_id: &str,
    today: NaiveDate,
    at: NaiveDateTime,
) -> anyhow::Result<Vec<StoredRow>> {
    let seq = p.nip.sequence();
    let mut out: Vec<(&str, Value)> = Vec::new();
    let start = p.tmt_cpns.or(p.pppk_start);
    let Some(start) = start else {
        return Ok(Vec::new());
    };
    if let Some(tmt_cpns) = p.tmt_cpns {
        let mut row = json!({
            "nomor_sk_cpns": format!("813.3/{seq}/401.102/{}", tmt_cpns.year()),
            "tanggal_sk_cpns": (tmt_cpns - chrono::Duration::days(30)).to_string(),
            "tmt_cpns": tmt_cpns.to_string(),
        });
        if let Some(tmt_pns) = p.tmt_pns {
            row["nomor_sk_pns"] = json!(format!("821.13/{seq}/401.102/{}", tmt_pns.year()));
            row["tanggal_sk_pns"] = json!((tmt_pns - chrono::Duration::days(20)).to_string());
            row["tmt_pns"] = json!(tmt_pns.to_string());
        }
        out.push(("cpns_pns", row));
    }
    // The golongan ladder: the current one, and a step below every four years back to the start.
    if let Some(current) = p.golongan {
        match p.kind {
            EmployeeKind::Pppk => out.push((
                "golongan",
                json!({
                    "golongan": current,
                    "tmt_golongan": start.to_string(),
                    "nomor_sk": format!("800.1.13.2/{seq}/PPPK/{}", start.year()),
                    "tanggal_sk": (start - chrono::Duration::days(14)).to_string(),
                    "mk_tahun": 0,
                    "mk_bulan": 0,
                }),
            )),
            _ => {
                if let Some(at_index) = GOLONGAN_PNS.iter().position(|(g, _)| *g == current) {
                    let mut tmt = ymd(today.year() - 1 - (seq as i32 % 3), 4, 1);
                    let mut index = at_index;
                    loop {
                        if tmt < start {
                            break;
                        }
                        let years = tmt.year() - start.year();
                        out.push((
                            "golongan",
                            json!({
                                "golongan": GOLONGAN_PNS[index].0,
                                "tmt_golongan": tmt.to_string(),
                                "nomor_sk": format!("823.3/{seq}/KP/{}", tmt.year()),
                                "tanggal_sk": (tmt - chrono::Duration::days(45)).to_string(),
                                "mk_tahun": years.clamp(0, 50),
                                "mk_bulan": 0,
                            }),
                        ));
                        // Entry golongan (II/a, III/a) is where a ladder starts.
                        if index == 0 || matches!(GOLONGAN_PNS[index].0, "II/a" | "III/a") {
                            break;
                        }
                        index -= 1;
                        tmt = ymd(tmt.year() - 4, 4, 1);
                    }
                }
            }
        }
    }
    let tmt_jabatan = p.tmt_pns.or(p.pppk_start).unwrap_or(start);
    out.push((
        "jabatan",
        json!({
            "jenis_jabatan": p.jenis_jabatan,
            "nama_jabatan": p.jabatan,
            "tmt_jabatan": tmt_jabatan.max(ymd(today.year() - 3, 1, 2)).min(today).to_string(),
            "nomor_sk": format!("821.2/{seq}/401.102/{}", today.year() - 3),
            "tanggal_sk": ymd(today.year() - 3, 1, 2).to_string(),
        }),
    ));
    // Schooling as the golongan implies it.
    let golongan = p.golongan.unwrap_or("III/a");
    let (level, age, school) = if golongan.starts_with("IV") {
        ("45", 27, CAMPUSES[seq as usize % CAMPUSES.len()])
    } else if golongan.starts_with("II/") {
        ("15", 18, "SMA Negeri 2 Madiun")
    } else {
        ("40", 22, CAMPUSES[(seq as usize + 2) % CAMPUSES.len()])
    };
    let graduated = p.birth_date.year() + age;
    out.push((
        "pendidikan",
        json!({
            "tingkat_pendidikan": level,
            "nama_sekolah": school,
            "tahun_lulus": graduated.min(today.year()),
            "nomor_ijazah": format!("{}/{}/{seq:04}", level, graduated),
        }),
    ));
    if p.status == EmployeeStatus::Aktif {
        for year in [today.year() - 2, today.year() - 1] {
            if year >= start.year() {
                out.push((
                    "skp",
                    json!({
                        "tahun": year,
                        "predikat": if (seq as i32 + year) % 3 == 0 { "Sangat Baik" } else { "Baik" },
                    }),
                ));
            }
        }
    }
    if p.marital_status == "Kawin" {
        let (wife, husband) = SPOUSE_NAMES[seq as usize % SPOUSE_NAMES.len()];
        let (hubungan, nama) = match p.sex {
            Sex::LakiLaki => ("istri", wife),
            Sex::Perempuan => ("suami", husband),
        };
        let married = ymd((p.birth_date.year() + 27).min(today.year()), 6, 14);
        out.push((
            "keluarga",
            json!({
                "hubungan": hubungan,
                "nama": nama,
                "tanggal_lahir": ymd(p.birth_date.year() + 1, 3, 9).to_string(),
                "tanggal_nikah": married.to_string(),
            }),
        ));
    }
    out.into_iter()
        .map(|(code, v)| {
            let def = pdm::category(code).ok_or_else(|| anyhow::anyhow!("no category {code}"))?;
            new_row(employee_id, def, object(v), "demo", at).map_err(|e| {
                anyhow::anyhow!("demo history of {} ({code}) is invalid: {e:?}", p.nip)
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn every_demo_person_with_dates_gets_valid_history() {
        let set = crate::demo::data::build();
        let today = crate::db::today_wib();
        let at = crate::db::now();
        let mut by_category = std::collections::BTreeMap::<String, usize>::new();
        for p in &set.people {
            let rows = rows_for(p, "e", today, at).unwrap();
            if p.kind == EmployeeKind::Cpns {
                assert!(rows
                    .iter()
                    .all(|r| r.category != "golongan" || p.golongan.is_some()));
            }
            for r in rows {
                *by_category.entry(r.category).or_default() += 1;
            }
        }
        for code in [
            "cpns_pns",
            "golongan",
            "jabatan",
            "pendidikan",
            "skp",
            "keluarga",
        ] {
            assert!(
                by_category.get(code).copied().unwrap_or(0) > 0,
                "{code}: {by_category:?}"
            );
        }
        // A PNS in golongan III/c or above has a ladder: more golongan rows than PNS.
        assert!(
            by_category["golongan"] > set.people.len() / 2,
            "{by_category:?}"
        );
    }
}
