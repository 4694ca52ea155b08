use std::time::Duration;

use actix_web::{web, HttpRequest, HttpResponse};
use satu_shared::dto::{Health, Problem, ServerInfo};
use utoipa::OpenApi;

use crate::error::ApiError;
use crate::metrics::Metrics;
use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(paths(healthz, readyz, metrics, info))]
pub struct SystemApi;

/// Liveness: 200 while the process runs.
#[utoipa::path(get, path = "/healthz", tag = "system",
    responses((status = 200, description = "The process runs", body = Health)))]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(Health {
        status: "ok".into(),
    })
}

/// Readiness: 200 when the database answers, 503 otherwise.
#[utoipa::path(get, path = "/readyz", tag = "system",
    responses(
        (status = 200, description = "The database answers", body = Health),
        (status = 503, description = "The database does not answer", body = Problem, content_type = "application/problem+json")))]
pub async fn readyz(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    if state.db.ping(Duration::from_secs(2)).await {
        Ok(HttpResponse::Ok().json(Health {
            status: "ok".into(),
        }))
    } else {
        Err(ApiError::Unavailable("database does not answer".into()))
    }
}

/// Prometheus metrics in the text exposition format: for a scraper on this host, or anywhere
/// with `Authorization: Bearer <SATU_METRICS_TOKEN>`.
#[utoipa::path(get, path = "/metrics", tag = "system",
    responses(
        (status = 200, description = "Prometheus text format", body = String, content_type = "text/plain"),
        (status = 403, description = "Not from this host and without the metrics token", body = Problem, content_type = "application/problem+json")),
    security((), ("bearer" = [])))]
pub async fn metrics(
    req: HttpRequest,
    state: web::Data<AppState>,
    metrics: web::Data<Metrics>,
) -> Result<HttpResponse, ApiError> {
    let local = crate::proxy::client_ip(&req).is_some_and(|ip| ip.is_loopback());
    let token = state.config.metrics_token.as_ref().is_some_and(|t| {
        crate::auth::bearer(&req).is_some_and(|b| {
            crate::accounts::tokens::constant_time_eq(b.as_bytes(), t.0.as_bytes())
        })
    });
    if !local && !token {
        return Err(ApiError::Forbidden);
    }
    Ok(HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(metrics.render(state.db.pool_state())))
}

/// Name and version of this server, for the SPA's footer and for integrators.
#[utoipa::path(get, path = "/api/v1/info", tag = "system",
    responses((status = 200, description = "Server information", body = ServerInfo)))]
pub async fn info(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok().json(ServerInfo {
        name: "Satu ASN".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        database: state.db.backend().into(),
        public_url: state.config.public_url.clone(),
    })
}

/// The OpenAPI document (the same as `openapi/openapi.json`).
pub async fn openapi_json() -> HttpResponse {
    HttpResponse::Ok().json(crate::openapi::document())
}
