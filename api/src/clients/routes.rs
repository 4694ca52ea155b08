//! `/api/v1/clients` (an agency admin manages its HR-system clients) and `/api/v1/auth/token`
//! (OAuth2 client credentials).

use actix_web::{web, HttpResponse};
use satu_shared::clients::{
    ClientCreated, ClientInfo, ClientScope, ClientTokenResponse, NewClientRequest,
};
use satu_shared::dto::Problem;
use serde::Deserialize;
use utoipa::{OpenApi, ToSchema};

use crate::audit::Ctx;
use crate::auth::Principal;
use crate::clients::service;
use crate::error::ApiError;
use crate::policy::{self, Action};
use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(paths(token, create, list, revoke))]
pub struct ClientsApi;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/auth/token").post(token))
        .service(web::resource("/clients").post(create).get(list))
        .service(web::resource("/clients/{client_id}").delete(revoke));
}

/// The agencies whose clients the caller manages.
fn admin_agencies(who: &Principal) -> Result<Vec<String>, ApiError> {
    Ok(policy::reach(who.party(), Action::ManageClients)?.agencies())
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct TokenForm {
    /// Always `client_credentials`.
    #[schema(pattern = "^client_credentials$")]
    pub grant_type: String,
    #[schema(min_length = 1, max_length = 200)]
    pub client_id: String,
    #[schema(min_length = 1, max_length = 200)]
    pub client_secret: String,
    /// Space-separated; default: every scope granted to the client.
    #[serde(default)]
    pub scope: Option<String>,
}

/// OAuth2 client credentials: an HR system exchanges its id and secret for a bearer token limited
/// to its agency and scopes.
#[utoipa::path(post, path = "/api/v1/auth/token", tag = "clients",
    request_body(content = TokenForm, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 200, description = "A client token", body = ClientTokenResponse),
        (status = 400, description = "`unsupported_grant_type`, `invalid_scope`, or a body that is not a form", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "`invalid_client`", body = Problem, content_type = "application/problem+json"),
        (status = 413, response = crate::openapi::PayloadTooLarge),
        (status = 422, response = crate::openapi::BadInput)))]
pub async fn token(
    state: web::Data<AppState>,
    form: web::Form<TokenForm>,
) -> Result<HttpResponse, ApiError> {
    let form = form.into_inner();
    if form.grant_type != "client_credentials" {
        return Err(ApiError::UnsupportedGrantType);
    }
    let requested = match form.scope.as_deref() {
        Some(s) if !s.trim().is_empty() => {
            Some(ClientScope::parse_list(s).map_err(ApiError::InvalidScope)?)
        }
        _ => None,
    };
    let keys = state.session_keys.current();
    let answer = state
        .db
        .read(move |c| service::token(c, &keys, &form.client_id, &form.client_secret, requested))
        .await?;
    Ok(HttpResponse::Ok().json(answer))
}

/// An agency admin creates a client; the secret is in this answer only.
#[utoipa::path(post, path = "/api/v1/clients", tag = "clients", operation_id = "create_client",
    request_body = NewClientRequest,
    responses(
        (status = 201, description = "Created; keep the secret now, it is not shown again", body = ClientCreated),
        (status = 403, response = crate::openapi::NotAdmin),
        (status = 422, description = "A bad field", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn create(
    ctx: Ctx,
    state: web::Data<AppState>,
    who: Principal,
    body: Result<crate::body::Json<NewClientRequest>, ApiError>,
) -> Result<HttpResponse, ApiError> {
    let mine = admin_agencies(&who)?;
    let body = body?.into_inner();
    body.validate().map_err(ApiError::Validation)?;
    let created = state
        .db
        .write(move |c| service::create(c, &ctx, &who.account, &mine, &body))
        .await?;
    Ok(HttpResponse::Created().json(created))
}

/// The clients of the agencies the caller administers.
#[utoipa::path(get, path = "/api/v1/clients", tag = "clients", operation_id = "list_clients",
    responses(
        (status = 200, description = "Clients, newest first", body = Vec<ClientInfo>),
        (status = 403, response = crate::openapi::NotAdmin)),
    security(("bearer" = [])))]
pub async fn list(state: web::Data<AppState>, who: Principal) -> Result<HttpResponse, ApiError> {
    let mine = admin_agencies(&who)?;
    let clients = state.db.read(move |c| service::list(c, &mine)).await?;
    Ok(HttpResponse::Ok().json(clients))
}

/// Revokes a client: its tokens stop working at once.
#[utoipa::path(delete, path = "/api/v1/clients/{client_id}", tag = "clients", operation_id = "revoke_client",
    params(("client_id" = String, Path, description = "The client's id")),
    responses(
        (status = 204, description = "Revoked"),
        (status = 404, description = "No such client in the caller's agencies", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn revoke(
    ctx: Ctx,
    state: web::Data<AppState>,
    who: Principal,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let mine = admin_agencies(&who)?;
    let client_id = path.into_inner();
    state
        .db
        .write(move |c| service::revoke(c, &ctx, &who.account, &mine, &client_id))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
