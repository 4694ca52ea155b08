//! `/api/v1/units`: the units the caller may see, for the filters of staff pages;
//! `/api/v1/agencies/{id}/logo`: the agency's own logo on its cards.

use actix_web::http::header::{self, ContentEncoding};
use actix_web::{web, HttpRequest, HttpResponse};
use satu_shared::card::AgencyLogo;
use satu_shared::dto::Problem;
use satu_shared::employee::UnitInfo;
use utoipa::OpenApi;

use crate::audit::Ctx;
use crate::auth::{Caller, Principal};
use crate::error::ApiError;
use crate::org::logo::{self, LOGO_MAX_BYTES};
use crate::org::service;
use crate::policy::{self, Action};
use crate::state::AppState;
use crate::upload;

#[derive(OpenApi)]
#[openapi(paths(list_units, get_logo, put_logo, delete_logo))]
pub struct OrgApi;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/units").get(list_units))
        .service(
            web::resource("/agencies/{id}/logo")
                .get(get_logo)
                .put(put_logo)
                .delete(delete_logo),
        );
}

/// The agencies whose settings the caller administers.
fn admin_agencies(who: &Principal) -> Result<Vec<String>, ApiError> {
    Ok(policy::reach(who.party(), Action::ManageAgency)?.agencies())
}

/// The agency's logo as printed on its cards: public, like the card. An SVG is served as the
/// cleaned drawing it was stored as, under a policy that lets it run nothing.
#[utoipa::path(get, path = "/api/v1/agencies/{id}/logo", tag = "cards", operation_id = "agency_logo",
    params(("id" = String, Path, description = "The agency's id")),
    responses(
        (status = 200, description = "The logo", content(("image/png"), ("image/svg+xml"))),
        (status = 304, description = "Unchanged since the `ETag` the client sent"),
        (status = 404, description = "No such agency, or it has no logo", body = Problem, content_type = "application/problem+json")))]
pub async fn get_logo(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let (info, bytes) = state.db.read(move |c| service::logo(c, &id)).await?;
    let etag = format!("\"{}\"", info.sha256);
    if crate::etag::matches_etag(&req, &etag) {
        return Ok(HttpResponse::NotModified()
            .insert_header((header::ETAG, etag))
            .finish());
    }
    let name = if info.media_type == "image/svg+xml" {
        "logo.svg"
    } else {
        "logo.png"
    };
    let mut res = HttpResponse::Ok();
    res.content_type(info.media_type.as_str())
        .insert_header((header::ETAG, etag))
        .insert_header((header::CACHE_CONTROL, "public, max-age=300"))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("inline; filename=\"{name}\""),
        ))
        .insert_header((
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; img-src data:; style-src 'unsafe-inline'; sandbox",
        ));
    if info.media_type == "image/png" {
        res.insert_header(ContentEncoding::Identity);
    }
    Ok(res.body(bytes))
}

/// An agency admin sets the agency's logo, printed on every card of the agency from its next
/// render: PNG or SVG up to 256 KB, recognised by its content, as the body or as the `logo`
/// field of a multipart form. A PNG needs 64 px on its short side and is stored at most 512 px;
/// an SVG is read and written again without anything but the drawing (no script, link or outside
/// file). Roughly square: the long side at most three times the short one.
#[utoipa::path(put, path = "/api/v1/agencies/{id}/logo", tag = "cards", operation_id = "put_agency_logo",
    params(("id" = String, Path, description = "The agency's id")),
    request_body(content = Vec<u8>, content_type = "image/png", description = "The logo (also image/svg+xml, or multipart/form-data with a `logo` field)"),
    responses(
        (status = 200, description = "The stored logo", body = AgencyLogo),
        (status = 400, description = "The upload broke off or the form is malformed", body = Problem, content_type = "application/problem+json"),
        (status = 403, response = crate::openapi::NotAdmin),
        (status = 404, description = "Not an agency the caller administers", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Over 256 KB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Neither a file nor a form", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a usable PNG or SVG: `errors.logo` says why and what to do", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn put_logo(
    req: HttpRequest,
    ctx: Ctx,
    state: web::Data<AppState>,
    who: Principal,
    path: web::Path<String>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let mine = admin_agencies(&who)?;
    let agency_id = path.into_inner();
    // Before reading up to 256 KB for nothing (the service checks again, with the agency's row).
    if !mine.contains(&agency_id) {
        return Err(ApiError::NotFound);
    }
    let bytes = upload::read_file(
        &req,
        payload,
        LOGO_MAX_BYTES,
        "logo",
        &["image/png", "image/svg+xml"],
    )
    .await
    .map_err(ApiError::from)?;
    let kit = state.cards.clone();
    let prepared = state
        .photos
        .run(move || logo::prepare(&bytes, kit.renderer.options()))
        .await?
        .map_err(|m| ApiError::validation("logo", m))?;
    let info = state
        .db
        .write(move |c| service::set_logo(c, &ctx, &who.account, &mine, &agency_id, &prepared))
        .await?;
    tracing::info!(agency = %info.agency_id, "agency logo set");
    Ok(HttpResponse::Ok().json(info))
}

/// An agency admin removes the logo: the cards go back to having none.
#[utoipa::path(delete, path = "/api/v1/agencies/{id}/logo", tag = "cards", operation_id = "delete_agency_logo",
    params(("id" = String, Path, description = "The agency's id")),
    responses(
        (status = 204, description = "Removed"),
        (status = 403, response = crate::openapi::NotAdmin),
        (status = 404, description = "Not an agency the caller administers, or it has no logo", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn delete_logo(
    ctx: Ctx,
    state: web::Data<AppState>,
    who: Principal,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let mine = admin_agencies(&who)?;
    let agency_id = path.into_inner();
    state
        .db
        .write(move |c| service::remove_logo(c, &ctx, &who.account, &mine, &agency_id))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The units whose employees the caller may see (the same reach as `GET /employees`), in tree
/// order with their depth; empty for a caller who sees only their own record.
#[utoipa::path(get, path = "/api/v1/units", tag = "employees", operation_id = "list_units",
    responses(
        (status = 200, description = "The units, each right after its parent", body = Vec<UnitInfo>),
        (status = 403, description = "`password_change_required`, or a client without `employees:read`", body = satu_shared::dto::Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn list_units(state: web::Data<AppState>, who: Caller) -> Result<HttpResponse, ApiError> {
    let reach = policy::reach(who.party(), Action::ReadEmployee)?;
    let units = state.db.read(move |c| service::units(c, &reach)).await?;
    Ok(HttpResponse::Ok().json(units))
}
