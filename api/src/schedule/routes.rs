//! `/api/v1/agencies/{id}/pdm-schedule`: the windows of the agency's data-update campaign.

use actix_web::{web, HttpResponse};
use satu_shared::dto::Problem;
use satu_shared::schedule::{PdmSchedule, ScheduleWindows};
use utoipa::OpenApi;

use crate::audit::Ctx;
use crate::auth::Principal;
use crate::body::Json;
use crate::error::ApiError;
use crate::policy::{self, Action};
use crate::schedule::service;
use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(paths(get_schedule, put_schedule))]
pub struct ScheduleApi;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/agencies/{id}/pdm-schedule")
            .get(get_schedule)
            .put(put_schedule),
    );
}

/// The agency's data-update windows (dates in WIB, both ends inclusive) and which steps are
/// open today. No schedule, or a `null` window, means always open. Any signed-in account may
/// read it: employees see their submission deadline.
#[utoipa::path(get, path = "/api/v1/agencies/{id}/pdm-schedule", tag = "proposals", operation_id = "get_pdm_schedule",
    params(("id" = String, Path, description = "The agency's id")),
    responses(
        (status = 200, description = "The schedule", body = PdmSchedule),
        (status = 404, description = "No such agency", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn get_schedule(
    state: web::Data<AppState>,
    _who: Principal,
    ctx: Ctx,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let today = ctx.today;
    let s = state.db.read(move |c| service::get(c, &id, today)).await?;
    Ok(HttpResponse::Ok().json(s))
}

/// The agency admin sets, edits or extends the windows; `null` (or left out) keeps a step always
/// open. Submitting follows the submission window (a returned proposal, resubmitted, follows the
/// verification window), the verifier's decisions the verification window, the approver's the
/// approval window; BKN's validation follows no agency's schedule. Audited with the windows
/// before and after.
#[utoipa::path(put, path = "/api/v1/agencies/{id}/pdm-schedule", tag = "proposals", operation_id = "put_pdm_schedule",
    params(("id" = String, Path, description = "The agency's id")),
    request_body = ScheduleWindows,
    responses(
        (status = 200, description = "The schedule as stored", body = PdmSchedule),
        (status = 403, response = crate::openapi::NotAdmin),
        (status = 404, description = "Not an agency the caller administers", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: a window ending before it starts, or a date outside 2000–2100 (named `submission.to`, …)", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn put_schedule(
    state: web::Data<AppState>,
    who: Principal,
    ctx: Ctx,
    path: web::Path<String>,
    body: Json<ScheduleWindows>,
) -> Result<HttpResponse, ApiError> {
    let mine = policy::reach(who.party(), Action::ManageAgency)?.agencies();
    let id = path.into_inner();
    let windows = body.into_inner();
    let s = state
        .db
        .write(move |c| service::put(c, &ctx, &who.account, &mine, &id, windows))
        .await?;
    Ok(HttpResponse::Ok().json(s))
}
