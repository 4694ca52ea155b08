//! `/api/v1/reference/{name}` and `/api/v1/pdm/categories` (public, unchanging for a given
//! server version, cacheable); an employee's approved history, `/api/v1/employees/{nip}/history/
//! {category}` (within the caller's scope) and `/api/v1/me/history/{category}`.

use actix_web::http::header;
use actix_web::{web, HttpResponse};
use satu_shared::dto::Problem;
use satu_shared::pdm::{CategoryDef, HistoryRow, CATEGORIES};
use satu_shared::reference::{RefList, ReferenceItem};
use satu_shared::Nip;
use utoipa::OpenApi;

use crate::auth::{Caller, Principal};
use crate::error::ApiError;
use crate::pdm::service;
use crate::policy::{self, Action};
use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(paths(reference, categories, employee_history, my_history))]
pub struct PdmApi;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/reference/{name}").get(reference))
        .service(web::resource("/pdm/categories").get(categories))
        .service(web::resource("/employees/{nip}/history/{category}").get(employee_history))
        .service(web::resource("/me/history/{category}").get(my_history));
}

/// An employee's approved rows of one history category, newest first (`data_pribadi`: the one
/// row of the master record's personal data); 404 when the employee is not in the caller's scope.
#[utoipa::path(get, path = "/api/v1/employees/{nip}/history/{category}", tag = "employees", operation_id = "employee_history",
    params(
        ("nip" = String, Path, description = "NIP or NI PPPK, 18 digits", pattern = "^[0-9]{18}$"),
        ("category" = String, Path, description = "A history category", pattern = "^(data_pribadi|jabatan|pendidikan|diklat|skp|pmk|cpns_pns|golongan|keluarga|penghargaan|organisasi|cltn|pindah_instansi)$")),
    responses(
        (status = 200, description = "The rows, newest first", body = Vec<HistoryRow>),
        (status = 404, description = "No such employee in the caller's scope", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: a malformed NIP (`nip`) or an unknown category (`category`)", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn employee_history(
    state: web::Data<AppState>,
    who: Caller,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (nip, category) = path.into_inner();
    let nip = Nip::parse(&nip).map_err(|e| ApiError::validation("nip", e.localized()))?;
    let def: &'static CategoryDef = service::category_of(&category)?;
    let reach = policy::reach(who.party(), Action::ReadEmployee)?;
    let rows = state
        .db
        .read(move |c| service::history(c, &reach, &nip, def))
        .await?;
    Ok(HttpResponse::Ok().json(rows))
}

/// The caller's own approved rows of one history category, newest first; 404 for an account
/// without an employee record.
#[utoipa::path(get, path = "/api/v1/me/history/{category}", tag = "employees", operation_id = "my_history",
    params(("category" = String, Path, description = "A history category", pattern = "^(data_pribadi|jabatan|pendidikan|diklat|skp|pmk|cpns_pns|golongan|keluarga|penghargaan|organisasi|cltn|pindah_instansi)$")),
    responses(
        (status = 200, description = "The rows, newest first", body = Vec<HistoryRow>),
        (status = 404, description = "The account has no employee record", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: an unknown category (`category`)", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn my_history(
    state: web::Data<AppState>,
    who: Principal,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let def: &'static CategoryDef = service::category_of(&path.into_inner())?;
    let employee_id = who.account.employee_id.clone().ok_or(ApiError::NotFound)?;
    let rows = state
        .db
        .read(move |c| service::my_history(c, &employee_id, def))
        .await?;
    Ok(HttpResponse::Ok().json(rows))
}

/// A reference list: `golongan` (PNS, with pangkat and SIASN codes 11–45), `golongan-pppk`
/// (I–XVII), `pendidikan`, `agama`, `status-kawin`, `kedudukan-hukum`, `jenis-jabatan`,
/// `reasons` (for returning or rejecting a proposal; `lainnya` needs a note), `document-kinds`.
#[utoipa::path(get, path = "/api/v1/reference/{name}", tag = "employees", operation_id = "reference_list",
    params(("name" = String, Path, description = "The list",
        pattern = "^(golongan|golongan-pppk|pendidikan|agama|status-kawin|kedudukan-hukum|jenis-jabatan|reasons|document-kinds)$")),
    responses(
        (status = 200, description = "The list's entries, in order", body = Vec<ReferenceItem>),
        (status = 404, description = "No such list", body = Problem, content_type = "application/problem+json")))]
pub async fn reference(path: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let list = RefList::parse(&path).ok_or(ApiError::NotFound)?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .json(list.items()))
}

/// The history categories of the data update, each with its fields (type, required, limits),
/// its supporting documents, whether BKN validates it and which rows may be changed: what a
/// client needs to build a proposal form.
#[utoipa::path(get, path = "/api/v1/pdm/categories", tag = "employees", operation_id = "pdm_categories",
    responses((status = 200, description = "Every category, in order", body = Vec<CategoryDef>)))]
pub async fn categories() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .json(&CATEGORIES[..])
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use actix_web::test as web_test;

    #[test]
    fn the_documented_category_pattern_is_the_category_list() {
        let doc = crate::openapi::document_json();
        let codes = satu_shared::pdm::category_codes().join("|");
        // Required where a category must be named, optional (empty allowed) in a list filter.
        let required = doc.matches(&format!("^({codes})$")).count();
        let optional = doc.matches(&format!("^({codes})?$")).count();
        assert_eq!(
            (required, optional),
            (3, 1),
            "update the category pattern of the history paths, the proposal list's filter and NewProposal"
        );
    }

    #[actix_web::test]
    async fn lists_and_categories_are_served_and_an_unknown_list_is_a_404() {
        let app = web_test::init_service(
            actix_web::App::new().service(web::scope("/api/v1").configure(configure)),
        )
        .await;
        let req = web_test::TestRequest::get()
            .uri("/api/v1/reference/golongan")
            .to_request();
        let body: Vec<ReferenceItem> = web_test::call_and_read_body_json(&app, req).await;
        assert_eq!(body.len(), 17);
        assert_eq!(body[8].code, "III/a");
        assert_eq!(body[8].siasn_code.as_deref(), Some("31"));
        for l in RefList::ALL {
            let req = web_test::TestRequest::get()
                .uri(&format!("/api/v1/reference/{}", l.name()))
                .to_request();
            let res = web_test::call_service(&app, req).await;
            assert_eq!(res.status(), 200, "{}", l.name());
        }
        let req = web_test::TestRequest::get()
            .uri("/api/v1/reference/planets")
            .to_request();
        assert_eq!(web_test::call_service(&app, req).await.status(), 404);
        let req = web_test::TestRequest::get()
            .uri("/api/v1/pdm/categories")
            .to_request();
        let body: serde_json::Value = web_test::call_and_read_body_json(&app, req).await;
        let golongan = &body[7];
        assert_eq!(golongan["code"], "golongan");
        assert_eq!(golongan["needs_validation"], true);
        assert_eq!(golongan["fields"][0]["name"], "golongan");
        assert_eq!(golongan["fields"][0]["type"], "golongan");
        assert_eq!(golongan["documents"][0]["kind"], "sk_kp");
        let jabatan = &body[1];
        assert_eq!(jabatan["fields"][0]["type"], "code");
        assert_eq!(jabatan["fields"][0]["list"], "jenis-jabatan");
        assert_eq!(body[3]["fields"][3]["not_before"], "tanggal_mulai");
    }
}
