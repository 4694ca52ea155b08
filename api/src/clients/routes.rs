//! `/api/v1/clients` (an agency admin manages its HR-system clients) and `/api/v1/auth/token`
//! (OAuth2 client credentials).

use actix_web::{web, HttpRequest, HttpResponse};
use satu_shared::clients::{
    ClientCreated, ClientInfo, ClientScope, ClientTokenResponse, NewClientRequest,
};
use satu_shared::dto::Problem;
use satu_shared::Localized;
use serde::Deserialize;
use utoipa::{OpenApi, ToSchema};

use crate::accounts::tokens;
use crate::audit::store::{self as audit, Actor, Origin};
use crate::auth::{client_ip, request_id, Principal};
use crate::clients::store::{self, ApiClient};
use crate::db::{new_id, now};
use crate::error::ApiError;
use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(paths(token, create, list, revoke))]
pub struct ClientsApi;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/auth/token").post(token))
        .service(web::resource("/clients").post(create).get(list))
        .service(web::resource("/clients/{client_id}").delete(revoke));
}

/// The agencies the caller administers.
fn admin_agencies(who: &Principal) -> Vec<String> {
    crate::policy::administered_agencies(&who.roles)
}

fn info(c: &ApiClient) -> ClientInfo {
    ClientInfo {
        client_id: c.client_id.clone(),
        name: c.name.clone(),
        scopes: ClientScope::parse_list(&c.scopes).unwrap_or_default(),
        agency_id: c.agency_id.clone(),
        created_at: c.created_at.and_utc(),
        revoked_at: c.revoked_at.map(|t| t.and_utc()),
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct TokenForm {
    /// Always `client_credentials`.
    pub grant_type: String,
    pub client_id: String,
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
        (status = 400, description = "`unsupported_grant_type` or `invalid_scope`", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "`invalid_client`", body = Problem, content_type = "application/problem+json")))]
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
    let client_id = form.client_id.trim().to_owned();
    let client = state
        .db
        .run(move |c| Ok(store::find_by_client_id(c, &client_id)?))
        .await?;
    // Compare hashes even for an unknown client, so both cases take the same time.
    let presented = tokens::hash_opaque(&form.client_secret);
    let stored = client
        .as_ref()
        .map(|c| c.secret_hash.clone())
        .unwrap_or_default();
    let secret_ok = constant_time_eq(presented.as_bytes(), stored.as_bytes());
    let client = match client {
        Some(c) if secret_ok && c.revoked_at.is_none() => c,
        _ => return Err(ApiError::InvalidClient),
    };
    let granted = ClientScope::parse_list(&client.scopes).unwrap_or_default();
    let scopes = match requested {
        Some(req) => {
            if let Some(extra) = req.iter().find(|s| !granted.contains(s)) {
                return Err(ApiError::InvalidScope(extra.as_str().to_owned()));
            }
            req
        }
        None => granted,
    };
    let scope = ClientScope::join(&scopes);
    Ok(HttpResponse::Ok().json(ClientTokenResponse {
        access_token: tokens::issue_client(&state.keys, &client.id, &scope)?,
        token_type: "Bearer".into(),
        expires_in: tokens::ACCESS_TTL_SECONDS,
        scope,
    }))
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// An agency admin creates a client; the secret is in this answer only.
#[utoipa::path(post, path = "/api/v1/clients", tag = "clients",
    request_body = NewClientRequest,
    responses(
        (status = 201, description = "Created; keep the secret now, it is not shown again", body = ClientCreated),
        (status = 403, description = "Not an agency admin", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad field", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: Principal,
    body: web::Json<NewClientRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let mine = admin_agencies(&who);
    if mine.is_empty() {
        return Err(ApiError::Forbidden);
    }
    body.validate().map_err(ApiError::Validation)?;
    let agency_id = match (&body.agency_id, mine.as_slice()) {
        (Some(a), _) if mine.contains(a) => a.clone(),
        (None, [only]) => only.clone(),
        _ => {
            return Err(ApiError::validation(
                "agency_id",
                Localized::new(
                    "Pilih instansi yang Anda kelola untuk klien ini.",
                    "Choose an agency you administer for this client.",
                ),
            ))
        }
    };
    let secret = tokens::new_opaque();
    let mut scopes = body.scopes.clone();
    scopes.sort();
    scopes.dedup();
    let row = ApiClient {
        id: new_id(),
        client_id: format!("sik-{}", &uuid::Uuid::new_v4().simple().to_string()[..16]),
        secret_hash: tokens::hash_opaque(&secret),
        agency_id,
        name: body.name.trim().to_owned(),
        scopes: ClientScope::join(&scopes),
        created_by: who.account.id.clone(),
        created_at: now(),
        revoked_at: None,
    };
    let ip = client_ip(&req);
    let rid = request_id(&req);
    let saved = row.clone();
    state
        .db
        .run(move |c| {
            store::insert(c, &saved)?;
            audit::record(
                c,
                Actor::Account { id: &who.account.id, label: &who.account.login },
                "client.created",
                Some(("api_client", &saved.client_id)),
                Origin { ip: ip.as_deref(), request_id: rid.as_deref() },
                serde_json::json!({"name": saved.name, "scopes": saved.scopes, "agency": saved.agency_id}),
            )?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::Created().json(ClientCreated {
        client: info(&row),
        client_secret: secret,
    }))
}

/// The clients of the agencies the caller administers.
#[utoipa::path(get, path = "/api/v1/clients", tag = "clients",
    responses(
        (status = 200, description = "Clients, newest first", body = Vec<ClientInfo>),
        (status = 403, description = "Not an agency admin", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn list(state: web::Data<AppState>, who: Principal) -> Result<HttpResponse, ApiError> {
    let mine = admin_agencies(&who);
    if mine.is_empty() {
        return Err(ApiError::Forbidden);
    }
    let rows = state
        .db
        .run(move |c| Ok(store::list_for_agencies(c, &mine)?))
        .await?;
    Ok(HttpResponse::Ok().json(rows.iter().map(info).collect::<Vec<_>>()))
}

/// Revokes a client: its tokens stop working at once.
#[utoipa::path(delete, path = "/api/v1/clients/{client_id}", tag = "clients",
    params(("client_id" = String, Path, description = "The client's id")),
    responses(
        (status = 204, description = "Revoked"),
        (status = 404, description = "No such client in the caller's agencies", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn revoke(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: Principal,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let mine = admin_agencies(&who);
    if mine.is_empty() {
        return Err(ApiError::Forbidden);
    }
    let client_id = path.into_inner();
    let ip = client_ip(&req);
    let rid = request_id(&req);
    state
        .db
        .run(move |c| {
            let Some(client) =
                store::find_by_client_id(c, &client_id)?.filter(|cl| mine.contains(&cl.agency_id))
            else {
                return Err(ApiError::NotFound);
            };
            store::revoke(c, &client.id, now())?;
            audit::record(
                c,
                Actor::Account {
                    id: &who.account.id,
                    label: &who.account.login,
                },
                "client.revoked",
                Some(("api_client", &client.client_id)),
                Origin {
                    ip: ip.as_deref(),
                    request_id: rid.as_deref(),
                },
                serde_json::json!({}),
            )?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
