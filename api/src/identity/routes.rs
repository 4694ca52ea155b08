use actix_web::{HttpRequest, HttpResponse};
use satu_shared::dto::{IdentityCheck, IdentityCheckRequest, Problem};
use utoipa::OpenApi;

use crate::error::{request_lang, ApiError};

#[derive(OpenApi)]
#[openapi(paths(check))]
pub struct IdentityApi;

/// Checks a NIP / NI PPPK (and optionally a NIK): the facts the numbers encode and whether the
/// two agree on birth date and sex. Nothing is looked up or stored; HR systems use it to check a
/// record before sending it, the SPA runs the same rules in the browser.
#[utoipa::path(post, path = "/api/v1/identity/check", tag = "identity",
    request_body = IdentityCheckRequest,
    responses(
        (status = 200, description = "Both numbers are well-formed; `mismatches` lists disagreements", body = IdentityCheck),
        (status = 422, description = "A number is malformed; `errors` names the field", body = Problem, content_type = "application/problem+json")))]
pub async fn check(
    req: HttpRequest,
    body: crate::body::Json<IdentityCheckRequest>,
) -> Result<HttpResponse, ApiError> {
    let result = body
        .check(request_lang(&req))
        .map_err(ApiError::Validation)?;
    Ok(HttpResponse::Ok().json(result))
}
