//! `/siasn/pns/…`: SIASN's read endpoints over Satu ASN's records, for HR clients
//! (`employees:read`) and staff (their own reach).

use actix_web::{web, HttpResponse};
use satu_shared::Nip;
use utoipa::OpenApi;

use crate::auth::Caller;
use crate::error::ApiError;
use crate::policy::{self, Action};
use crate::siasn::{read, Envelope, Resource};
use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(paths(data_utama, rw_golongan, rw_jabatan, rw_pendidikan))]
pub struct SiasnApi;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/siasn/pns")
            .service(web::resource("/data-utama/{nip}").get(data_utama))
            .service(web::resource("/rw-golongan/{nip}").get(rw_golongan))
            .service(web::resource("/rw-jabatan/{nip}").get(rw_jabatan))
            .service(web::resource("/rw-pendidikan/{nip}").get(rw_pendidikan))
            .default_service(web::to(crate::error::api_not_found)),
    );
}

async fn answer(
    state: web::Data<AppState>,
    who: Caller,
    nip: String,
    what: Resource,
) -> Result<HttpResponse, ApiError> {
    let reach = policy::reach(who.party(), Action::ReadEmployee)?;
    // A number that is no NIP belongs to nobody: not found, as SIASN answers it.
    let Ok(nip) = Nip::parse(&nip) else {
        return Ok(own(
            HttpResponse::NotFound().json(Envelope::none("Data tidak ditemukan: NIP tidak valid"))
        ));
    };
    let found = state.db.read(move |c| read(c, &reach, &nip, what)).await?;
    Ok(match found {
        Some(data) => HttpResponse::Ok()
            .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
            .json(Envelope::found(data)),
        None => own(HttpResponse::NotFound().json(Envelope::none("Data tidak ditemukan"))),
    })
}

/// A refusal in SIASN's envelope, kept as it is (not made a problem document).
fn own(mut res: HttpResponse) -> HttpResponse {
    res.extensions_mut().insert(crate::error::KeepBody);
    res
}

/// SIASN's "data utama": the employee's main record in SIASN's field names (`nipBaru`,
/// `gelarDepan`, `golRuangAkhir`, `tmtGolAkhir`, `jabatanNama`, `unorNama`, `kartuAsn`, …),
/// dates `DD-MM-YYYY`.
#[utoipa::path(get, path = "/siasn/pns/data-utama/{nip}", tag = "siasn", operation_id = "siasn_data_utama",
    params(("nip" = String, Path, description = "NIP, 18 digits", pattern = "^[0-9]{18}$")),
    responses(
        (status = 200, description = "`code` 1, `data` the record", body = Envelope),
        (status = 403, description = "A client without `employees:read`", body = satu_shared::dto::Problem, content_type = "application/problem+json"),
        (status = 404, description = "`code` 0: no such employee within the caller's reach (or not a valid NIP)", body = Envelope)),
    security(("bearer" = [])))]
pub async fn data_utama(
    state: web::Data<AppState>,
    who: Caller,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    answer(state, who, path.into_inner(), Resource::DataUtama).await
}

/// SIASN's "riwayat golongan": the approved golongan rows, newest first (`golonganId` is SIASN's
/// code, `tmtGolongan`, `skNomor`, `masaKerjaGolonganTahun`, …).
#[utoipa::path(get, path = "/siasn/pns/rw-golongan/{nip}", tag = "siasn", operation_id = "siasn_rw_golongan",
    params(("nip" = String, Path, description = "NIP, 18 digits", pattern = "^[0-9]{18}$")),
    responses(
        (status = 200, description = "`code` 1, `data` the rows", body = Envelope),
        (status = 403, description = "A client without `employees:read`", body = satu_shared::dto::Problem, content_type = "application/problem+json"),
        (status = 404, description = "`code` 0: no such employee within the caller's reach (or not a valid NIP)", body = Envelope)),
    security(("bearer" = [])))]
pub async fn rw_golongan(
    state: web::Data<AppState>,
    who: Caller,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    answer(state, who, path.into_inner(), Resource::RwGolongan).await
}

/// SIASN's "riwayat jabatan": the approved jabatan rows, newest first.
#[utoipa::path(get, path = "/siasn/pns/rw-jabatan/{nip}", tag = "siasn", operation_id = "siasn_rw_jabatan",
    params(("nip" = String, Path, description = "NIP, 18 digits", pattern = "^[0-9]{18}$")),
    responses(
        (status = 200, description = "`code` 1, `data` the rows", body = Envelope),
        (status = 403, description = "A client without `employees:read`", body = satu_shared::dto::Problem, content_type = "application/problem+json"),
        (status = 404, description = "`code` 0: no such employee within the caller's reach (or not a valid NIP)", body = Envelope)),
    security(("bearer" = [])))]
pub async fn rw_jabatan(
    state: web::Data<AppState>,
    who: Caller,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    answer(state, who, path.into_inner(), Resource::RwJabatan).await
}

/// SIASN's "riwayat pendidikan": the approved education rows, newest first.
#[utoipa::path(get, path = "/siasn/pns/rw-pendidikan/{nip}", tag = "siasn", operation_id = "siasn_rw_pendidikan",
    params(("nip" = String, Path, description = "NIP, 18 digits", pattern = "^[0-9]{18}$")),
    responses(
        (status = 200, description = "`code` 1, `data` the rows", body = Envelope),
        (status = 403, description = "A client without `employees:read`", body = satu_shared::dto::Problem, content_type = "application/problem+json"),
        (status = 404, description = "`code` 0: no such employee within the caller's reach (or not a valid NIP)", body = Envelope)),
    security(("bearer" = [])))]
pub async fn rw_pendidikan(
    state: web::Data<AppState>,
    who: Caller,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    answer(state, who, path.into_inner(), Resource::RwPendidikan).await
}
