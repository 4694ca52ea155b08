//! A SIASN-compatible read API (`/siasn/pns/…`): an HR system (SIK) written against SIASN's web
//! service switches to Satu ASN by changing its base URL and token. The same envelope
//! (`{code, count, data, message}`), SIASN's camelCase field names, dates as SIASN writes them
//! (`DD-MM-YYYY`), golongan with SIASN's codes. Read from the master record and its approved
//! history; the reach is the caller's (an HR client: its agency). The NIK is left out: no staff or
//! client read shows another person's NIK (it is also an imported account's first login secret).

pub mod routes;

use chrono::NaiveDate;
use satu_shared::card::{pangkat_of, KEDUDUKAN_HUKUM};
use satu_shared::reference::{GOLONGAN_PNS, PENDIDIKAN};
use satu_shared::{EmployeeKind, Nip, Sex};
use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::db::DbConn;
use crate::employees::store::Employee;
use crate::error::ApiError;
use crate::org::store::{Agency, Unit};
use crate::pdm::store::{rows_of, StoredRow};
use crate::policy::Reach;

/// SIASN's answer: `code` 1 with the data, 0 without.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Envelope {
    /// 1: found; 0: not found or not readable.
    pub code: i32,
    /// Rows in `data` (1 for an object, 0 when there is none).
    pub count: usize,
    /// The record (an object), the rows of a history (an array), or `null`.
    #[schema(value_type = Value)]
    pub data: Value,
    pub message: String,
}

impl Envelope {
    pub fn found(data: Value) -> Envelope {
        let count = match &data {
            Value::Array(a) => a.len(),
            Value::Null => 0,
            _ => 1,
        };
        Envelope {
            code: 1,
            count,
            data,
            message: "success".into(),
        }
    }

    pub fn none(message: &str) -> Envelope {
        Envelope {
            code: 0,
            count: 0,
            data: Value::Null,
            message: message.into(),
        }
    }
}

/// What is read: the record or one of its histories.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resource {
    DataUtama,
    RwGolongan,
    RwJabatan,
    RwPendidikan,
}

/// A date as SIASN writes it.
fn dmy(d: Option<NaiveDate>) -> Value {
    d.map_or(Value::Null, |d| {
        Value::String(d.format("%d-%m-%Y").to_string())
    })
}

/// A stored `YYYY-MM-DD` as SIASN writes it.
fn dmy_text(v: Option<&Value>) -> Value {
    dmy(v
        .and_then(Value::as_str)
        .and_then(satu_shared::pdm::parse_date))
}

fn golongan_code(g: &str) -> Value {
    GOLONGAN_PNS
        .iter()
        .find(|(name, _)| *name == g)
        .map_or(Value::Null, |(_, code)| Value::String((*code).to_owned()))
}

fn newest(rows: &[StoredRow]) -> Option<Map<String, Value>> {
    rows.first()
        .and_then(|r| serde_json::from_str::<Map<String, Value>>(&r.data).ok())
}

/// SIASN's "data utama" of an employee.
fn data_utama(
    c: &mut DbConn,
    e: &Employee,
    unit: &Unit,
    agency: &Agency,
) -> Result<Value, ApiError> {
    let golongan_rows = rows_of(c, &e.id, "golongan")?;
    let jabatan_rows = rows_of(c, &e.id, "jabatan")?;
    let gol = newest(&golongan_rows);
    let jab = newest(&jabatan_rows);
    let card = crate::cards::store::of_employee(c, &e.id)?;
    let kind = match e.kind {
        EmployeeKind::Pns => "PNS",
        EmployeeKind::Cpns => "CPNS",
        EmployeeKind::Pppk => "PPPK",
    };
    Ok(json!({
        "id": e.id,
        "nipBaru": e.nip,
        "nipLama": null,
        "nama": e.name,
        "gelarDepan": e.gelar_depan,
        "gelarBelakang": e.gelar_belakang,
        "tempatLahir": e.birth_place,
        "tglLahir": dmy(Some(e.birth_date)),
        "jenisKelamin": match e.sex { Sex::LakiLaki => "M", Sex::Perempuan => "F" },
        "agama": e.religion,
        "statusPerkawinan": e.marital_status,
        "email": e.email,
        "noHp": e.phone,
        "alamat": e.address,
        "jenisPegawaiNama": kind,
        "statusPegawai": kind,
        "kedudukanPnsId": e.kedudukan_hukum,
        "kedudukanPnsNama": KEDUDUKAN_HUKUM
            .iter()
            .find(|(code, _)| *code == e.kedudukan_hukum)
            .map(|(_, name)| *name),
        "golRuangAkhirId": e.golongan.as_deref().map_or(Value::Null, golongan_code),
        "golRuangAkhir": e.golongan,
        "pangkatAkhir": e.golongan.as_deref().and_then(pangkat_of),
        "tmtGolAkhir": dmy_text(gol.as_ref().and_then(|g| g.get("tmt_golongan"))),
        "mkTahun": gol.as_ref().and_then(|g| g.get("mk_tahun")).cloned(),
        "mkBulan": gol.as_ref().and_then(|g| g.get("mk_bulan")).cloned(),
        "jenisJabatan": e.jenis_jabatan,
        "jabatanNama": e.jabatan,
        "tmtJabatan": dmy_text(jab.as_ref().and_then(|j| j.get("tmt_jabatan"))),
        "tmtCpns": dmy(e.tmt_cpns),
        "tmtPns": dmy(e.tmt_pns),
        "tmtPppk": dmy(e.pppk_start),
        "unorId": unit.id,
        "unorNama": unit.name,
        "instansiKerjaId": agency.id,
        "instansiKerjaKode": agency.code,
        "instansiKerjaNama": agency.name,
        "kartuAsn": card.map(|c| c.serial),
    }))
}

fn history(
    rows: Vec<StoredRow>,
    e: &Employee,
    map: impl Fn(&Map<String, Value>) -> Value,
) -> Value {
    Value::Array(
        rows.iter()
            .filter_map(|r| {
                let data: Map<String, Value> = serde_json::from_str(&r.data).ok()?;
                let mut v = map(&data);
                if let Value::Object(o) = &mut v {
                    o.insert("id".into(), Value::String(r.id.clone()));
                    o.insert("idPns".into(), Value::String(e.id.clone()));
                    o.insert("nipBaru".into(), Value::String(e.nip.clone()));
                }
                Some(v)
            })
            .collect(),
    )
}

fn s(d: &Map<String, Value>, k: &str) -> Value {
    d.get(k).cloned().unwrap_or(Value::Null)
}

/// One resource of an employee in `reach`, as SIASN answers it; `None` when there is no such
/// employee in the reach.
pub fn read(
    c: &mut DbConn,
    reach: &Reach,
    nip: &Nip,
    what: Resource,
) -> Result<Option<Value>, ApiError> {
    let v = crate::org::store::resolve(c, reach)?;
    let Some((e, unit, agency)) = crate::employees::store::find_visible(c, &v, &nip.to_string())?
    else {
        return Ok(None);
    };
    let data = match what {
        Resource::DataUtama => data_utama(c, &e, &unit, &agency)?,
        Resource::RwGolongan => history(rows_of(c, &e.id, "golongan")?, &e, |d| {
            let g = d.get("golongan").and_then(Value::as_str).unwrap_or("");
            json!({
                "golonganId": golongan_code(g),
                "golongan": g,
                "pangkat": pangkat_of(g),
                "tmtGolongan": dmy_text(d.get("tmt_golongan")),
                "skNomor": s(d, "nomor_sk"),
                "skTanggal": dmy_text(d.get("tanggal_sk")),
                "masaKerjaGolonganTahun": s(d, "mk_tahun"),
                "masaKerjaGolonganBulan": s(d, "mk_bulan"),
            })
        }),
        Resource::RwJabatan => history(rows_of(c, &e.id, "jabatan")?, &e, |d| {
            json!({
                "jenisJabatan": s(d, "jenis_jabatan"),
                "namaJabatan": s(d, "nama_jabatan"),
                "tmtJabatan": dmy_text(d.get("tmt_jabatan")),
                "nomorSk": s(d, "nomor_sk"),
                "tanggalSk": dmy_text(d.get("tanggal_sk")),
                "unorId": unit.id,
                "unorNama": unit.name,
            })
        }),
        Resource::RwPendidikan => history(rows_of(c, &e.id, "pendidikan")?, &e, |d| {
            let level = d
                .get("tingkat_pendidikan")
                .and_then(Value::as_str)
                .unwrap_or("");
            json!({
                "tkPendidikanId": level,
                "tkPendidikanNama": PENDIDIKAN.iter().find(|(code, _)| *code == level).map(|(_, n)| *n),
                "namaSekolah": s(d, "nama_sekolah"),
                "pendidikanNama": s(d, "jurusan"),
                "tahunLulus": s(d, "tahun_lulus"),
                "nomorIjasah": s(d, "nomor_ijazah"),
                "tglLulus": dmy_text(d.get("tanggal_ijazah")),
            })
        }),
    };
    Ok(Some(data))
}
