//! `GET /api/v1/changes`: the change feed of the caller's agency, for HR systems (scope
//! `employees:read`) and agency admins.

use actix_web::http::header;
use actix_web::{web, HttpResponse};
use satu_shared::changes::{ChangePage, MAX_LIMIT};
use satu_shared::dto::Problem;
use satu_shared::validation::FieldErrors;
use satu_shared::Localized;
use serde::Deserialize;
use utoipa::{IntoParams, OpenApi};

use crate::auth::Caller;
use crate::error::ApiError;
use crate::policy::{self, Action};
use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(paths(list))]
pub struct ChangesApi;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/changes").get(list));
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ChangesQuery {
    /// The `next` (or an item's `cursor`) of an earlier read; absent: from the first change.
    #[param(max_length = 100)]
    pub after: Option<String>,
    /// Changes per page, 1 to 1,000 (default 1,000).
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<i64>,
}

/// The changes of the caller's agency after a cursor, oldest first, in the order they were
/// committed: every change to an employee record (`employee.updated`), a card's validity
/// (`card.status_changed`) and every approved proposal (`proposal.approved`). Store `next` and
/// ask with it next time: no change is missed, even one committed while a page was read.
#[utoipa::path(get, path = "/api/v1/changes", tag = "clients", operation_id = "list_changes",
    params(ChangesQuery),
    responses(
        (status = 200, description = "A page of changes (empty when nothing changed since the cursor)", body = ChangePage),
        (status = 403, description = "A client without `employees:read`, or a person who is not an agency admin", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`after` is not a cursor of this feed, or `limit` is out of range", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn list(
    state: web::Data<AppState>,
    who: Caller,
    query: web::Query<ChangesQuery>,
) -> Result<HttpResponse, ApiError> {
    let agencies = policy::reach(who.party(), Action::ReadChanges)?.agencies();
    let q = query.into_inner();
    let mut errors = FieldErrors::default();
    let after = match q.after.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
        None => 0,
        Some(text) => crate::changes::seq_of(text).unwrap_or_else(|| {
            errors.add(
                "after",
                Localized::new(
                    "Kursor tidak dikenal: gunakan nilai next atau cursor dari bacaan sebelumnya.",
                    "Unknown cursor: use the next or cursor value of an earlier read.",
                ),
            );
            0
        }),
    };
    let limit = q.limit.unwrap_or(MAX_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        errors.add(
            "limit",
            Localized::new(
                "limit harus 1 sampai 1000.",
                "limit must be from 1 to 1000.",
            ),
        );
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let page = state
        .db
        .read(move |c| crate::changes::page(c, &agencies, after, limit))
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(page))
}
