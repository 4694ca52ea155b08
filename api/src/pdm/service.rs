//! The rules of the data update that are in place so far: reading an employee's history.

use satu_shared::pdm::{self, CategoryDef, DataErrors, HistoryRow};
use satu_shared::reference::RefList;
use satu_shared::{Localized, Nip};
use serde_json::{Map, Value};

use crate::db::{new_id, DbConn};
use crate::employees::store::Employee;
use crate::error::ApiError;
use crate::pdm::store::{self, StoredRow};
use crate::policy::Reach;

/// A category code from a path: 422 naming `category` for one that does not exist.
pub fn category_of(code: &str) -> Result<&'static CategoryDef, ApiError> {
    pdm::category(code).ok_or_else(|| {
        ApiError::validation(
            "category",
            Localized::owned(
                format!(
                    "Kategori riwayat {code:?} tidak dikenal. Kategori yang ada: {}.",
                    pdm::category_codes().join(", ")
                ),
                format!(
                    "There is no history category {code:?}. The categories: {}.",
                    pdm::category_codes().join(", ")
                ),
            ),
        )
    })
}

/// The code of a reference entry from its name as the record keeps it ("Islam" → "1").
fn code_by_name(list: RefList, name: &str) -> Option<String> {
    list.items()
        .into_iter()
        .find(|i| i.name.eq_ignore_ascii_case(name.trim()) || i.code == name.trim())
        .map(|i| i.code)
}

/// The personal data as a row: the master record's own fields.
fn personal_row(e: &Employee) -> HistoryRow {
    let mut data = Map::new();
    let mut put = |k: &str, v: Option<String>| {
        if let Some(v) = v.filter(|v| !v.trim().is_empty()) {
            data.insert(k.to_owned(), Value::String(v));
        }
    };
    put("nama", Some(e.name.clone()));
    put("gelar_depan", e.gelar_depan.clone());
    put("gelar_belakang", e.gelar_belakang.clone());
    put("tempat_lahir", Some(e.birth_place.clone()));
    put("tanggal_lahir", Some(e.birth_date.to_string()));
    put(
        "agama",
        e.religion
            .as_deref()
            .and_then(|r| code_by_name(RefList::Agama, r)),
    );
    put(
        "status_kawin",
        e.marital_status
            .as_deref()
            .and_then(|m| code_by_name(RefList::StatusKawin, m)),
    );
    put("alamat", e.address.clone());
    put("email", e.email.clone());
    put("nomor_hp", e.phone.clone());
    HistoryRow {
        id: e.id.clone(),
        category: "data_pribadi".into(),
        data,
        source: "record".into(),
        updated_at: e.updated_at.and_utc(),
    }
}

/// The personal data of the record, as the fields of `data_pribadi`.
pub fn personal_data(e: &Employee) -> Map<String, Value> {
    personal_row(e).data
}

/// A stored row's fields.
pub fn row_data(r: &StoredRow) -> Result<Map<String, Value>, ApiError> {
    serde_json::from_str(&r.data).map_err(|e| {
        ApiError::Internal(anyhow::anyhow!(
            "history row {} is not a JSON object: {e}",
            r.id
        ))
    })
}

fn to_row(r: StoredRow) -> Result<HistoryRow, ApiError> {
    let data = row_data(&r)?;
    Ok(HistoryRow {
        id: r.id,
        category: r.category,
        data,
        source: r.source,
        updated_at: r.updated_at.and_utc(),
    })
}

fn rows(c: &mut DbConn, e: &Employee, def: &CategoryDef) -> Result<Vec<HistoryRow>, ApiError> {
    if def.single_row {
        return Ok(vec![personal_row(e)]);
    }
    store::rows_of(c, &e.id, def.code)?
        .into_iter()
        .map(to_row)
        .collect()
}

/// An employee's approved rows of a category, newest first; 404 outside `reach`.
pub fn history(
    c: &mut DbConn,
    reach: &Reach,
    nip: &Nip,
    def: &CategoryDef,
) -> Result<Vec<HistoryRow>, ApiError> {
    let v = crate::org::store::resolve(c, reach)?;
    let (e, _, _) = crate::employees::store::find_visible(c, &v, &nip.to_string())?
        .ok_or(ApiError::NotFound)?;
    rows(c, &e, def)
}

/// The caller's own rows of a category.
pub fn my_history(
    c: &mut DbConn,
    employee_id: &str,
    def: &CategoryDef,
) -> Result<Vec<HistoryRow>, ApiError> {
    let (e, _, _) =
        crate::employees::store::find_with_org(c, employee_id)?.ok_or(ApiError::NotFound)?;
    rows(c, &e, def)
}

/// A new row of `def` for an employee, its data checked against the category (the same check a
/// proposal gets); `source` is `demo`, `import` or `proposal`.
pub fn new_row(
    employee_id: &str,
    def: &CategoryDef,
    data: Map<String, Value>,
    source: &str,
    at: chrono::NaiveDateTime,
) -> Result<StoredRow, DataErrors> {
    pdm::validate_data(def, &data, crate::db::today_wib())?;
    Ok(StoredRow {
        id: new_id(),
        employee_id: employee_id.to_owned(),
        category: def.code.to_owned(),
        sort_date: pdm::sort_date(def, &data),
        data: Value::Object(data).to_string(),
        source: source.to_owned(),
        created_at: at,
        updated_at: at,
    })
}
