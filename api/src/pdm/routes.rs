//! `/api/v1/reference/{name}` and `/api/v1/pdm/categories`: public, unchanging for a given server
//! version, cacheable.

use actix_web::http::header;
use actix_web::{web, HttpResponse};
use satu_shared::dto::Problem;
use satu_shared::pdm::{CategoryDef, CATEGORIES};
use satu_shared::reference::{RefList, ReferenceItem};
use utoipa::OpenApi;

use crate::error::ApiError;

#[derive(OpenApi)]
#[openapi(paths(reference, categories))]
pub struct PdmApi;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/reference/{name}").get(reference))
        .service(web::resource("/pdm/categories").get(categories));
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
    use actix_web::test;

    #[actix_web::test]
    async fn lists_and_categories_are_served_and_an_unknown_list_is_a_404() {
        let app = test::init_service(
            actix_web::App::new().service(web::scope("/api/v1").configure(configure)),
        )
        .await;
        let req = test::TestRequest::get()
            .uri("/api/v1/reference/golongan")
            .to_request();
        let body: Vec<ReferenceItem> = test::call_and_read_body_json(&app, req).await;
        assert_eq!(body.len(), 17);
        assert_eq!(body[8].code, "III/a");
        assert_eq!(body[8].siasn_code.as_deref(), Some("31"));
        for l in RefList::ALL {
            let req = test::TestRequest::get()
                .uri(&format!("/api/v1/reference/{}", l.name()))
                .to_request();
            let res = test::call_service(&app, req).await;
            assert_eq!(res.status(), 200, "{}", l.name());
        }
        let req = test::TestRequest::get()
            .uri("/api/v1/reference/planets")
            .to_request();
        assert_eq!(test::call_service(&app, req).await.status(), 404);
        let req = test::TestRequest::get()
            .uri("/api/v1/pdm/categories")
            .to_request();
        let body: serde_json::Value = test::call_and_read_body_json(&app, req).await;
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
