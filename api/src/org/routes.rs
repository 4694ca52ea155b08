//! `/api/v1/units`: the units the caller may see, for the filters of staff pages.

use actix_web::{web, HttpResponse};
use satu_shared::employee::UnitInfo;
use utoipa::OpenApi;

use crate::auth::Caller;
use crate::error::ApiError;
use crate::org::service;
use crate::policy::{self, Action};
use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(paths(list_units))]
pub struct OrgApi;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/units").get(list_units));
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
