//! `/api/v1/me/notifications`: what happened to the caller's proposals.

use actix_web::{web, HttpResponse};
use satu_shared::notification::{MarkRead, MarkedRead, NotificationPage};
use satu_shared::FieldErrors;
use serde::Deserialize;
use utoipa::{IntoParams, OpenApi};

use crate::auth::Principal;
use crate::body::Json;
use crate::error::ApiError;
use crate::notifications::service;
use crate::paging::PageQuery;
use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(paths(list_notifications, mark_notifications_read))]
pub struct NotificationsApi;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/me/notifications").get(list_notifications))
        .service(web::resource("/me/notifications/read").post(mark_notifications_read));
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NotificationQuery {
    /// `true`: unread ones only.
    pub unread: Option<bool>,
}

/// The caller's notifications, newest first, with the number unread (the badge).
#[utoipa::path(get, path = "/api/v1/me/notifications", tag = "proposals", operation_id = "list_notifications",
    params(NotificationQuery, PageQuery),
    responses(
        (status = 200, description = "A page of notifications", body = NotificationPage),
        (status = 403, response = crate::openapi::Forbidden),
        (status = 422, description = "`validation_failed`: `page` or `per_page` out of range", body = satu_shared::dto::Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn list_notifications(
    state: web::Data<AppState>,
    who: Principal,
    query: web::Query<NotificationQuery>,
    paging: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let mut errors = FieldErrors::default();
    let paging = paging.into_inner().check(&mut errors);
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let unread = query.unread.unwrap_or(false);
    let id = who.account.id.clone();
    let page: NotificationPage = state
        .db
        .read(move |c| service::list(c, &id, unread, paging))
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Marks the caller's notifications read: those named in `ids`, or all with an empty list. Ids
/// that are not the caller's, or already read, change nothing.
#[utoipa::path(post, path = "/api/v1/me/notifications/read", tag = "proposals", operation_id = "mark_notifications_read",
    request_body = MarkRead,
    responses(
        (status = 200, description = "How many were marked, and how many stay unread", body = MarkedRead),
        (status = 403, response = crate::openapi::Forbidden),
        (status = 422, description = "`validation_failed`: more than 200 ids", body = satu_shared::dto::Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn mark_notifications_read(
    state: web::Data<AppState>,
    who: Principal,
    body: Json<MarkRead>,
) -> Result<HttpResponse, ApiError> {
    let req = body.into_inner();
    let id = who.account.id.clone();
    let out = state
        .db
        .write(move |c| service::mark_read(c, &id, &req))
        .await?;
    Ok(HttpResponse::Ok().json(out))
}
