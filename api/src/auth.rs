//! Who is calling: the bearer access token, checked on every request against the account and its
//! session (a logout or a revoked session ends access at once, not at token expiry).

use std::future::Future;
use std::pin::Pin;

use actix_web::http::header;
use actix_web::{web, FromRequest, HttpRequest};

use crate::accounts::store::{self, Account, RoleAssignment};
use crate::accounts::tokens;
use crate::error::ApiError;
use crate::policy::Party;
use crate::state::AppState;
use satu_shared::clients::ClientScope;

/// An authenticated account that may still have to change its initial password: only for
/// `GET /me`, `PUT /me/password` and logout.
#[derive(Debug, Clone)]
pub struct AnyPrincipal {
    pub account: Account,
    pub roles: Vec<RoleAssignment>,
    pub session_id: String,
    /// When the access token was issued (Unix seconds): actions that need a fresh sign-in
    /// refuse an old one.
    pub issued_at: i64,
}

/// An authenticated account whose password is its own (everything else requires this).
#[derive(Debug, Clone)]
pub struct Principal(pub AnyPrincipal);

impl AnyPrincipal {
    /// The caller as the policy module sees it.
    pub fn party(&self) -> Party<'_> {
        Party::Person {
            employee_id: self.account.employee_id.as_deref(),
            roles: &self.roles,
        }
    }
}

impl std::ops::Deref for Principal {
    type Target = AnyPrincipal;
    fn deref(&self) -> &AnyPrincipal {
        &self.0
    }
}

pub fn bearer(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_owned())
}

/// An HR-system client, by its client-credentials token.
#[derive(Debug, Clone)]
pub struct ClientPrincipal {
    pub id: String,
    pub client_id: String,
    pub agency_id: String,
    pub scopes: Vec<ClientScope>,
}

/// Whoever calls an endpoint that people and HR systems both use.
// A person's principal is larger than a client's; a Caller lives for one request on the stack,
// so boxing it would only add an allocation per request.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum Caller {
    Person(Principal),
    Client(ClientPrincipal),
}

impl Caller {
    /// The caller as the policy module sees it.
    pub fn party(&self) -> Party<'_> {
        match self {
            Caller::Person(p) => p.party(),
            Caller::Client(c) => Party::Client {
                agency_id: &c.agency_id,
                scopes: &c.scopes,
            },
        }
    }
}

fn state_of(req: &HttpRequest) -> Result<web::Data<AppState>, ApiError> {
    req.app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("application state missing")))
}

async fn authenticate(req: HttpRequest) -> Result<AnyPrincipal, ApiError> {
    let state = state_of(&req)?;
    let token = bearer(&req).ok_or(ApiError::Unauthenticated)?;
    let claims =
        tokens::verify_access(&state.session_keys, &token).ok_or(ApiError::Unauthenticated)?;
    account_of(&state, claims).await
}

async fn account_of(
    state: &AppState,
    claims: tokens::AccessClaims,
) -> Result<AnyPrincipal, ApiError> {
    let tokens::AccessClaims { sub, sid, iat, .. } = claims;
    let session_id = sid.clone();
    // The account and its roles only while the token's session is alive: one read.
    let found = state
        .db
        .read(move |c| Ok(store::find_in_session(c, &sub, &sid, crate::db::now())?))
        .await?;
    match found {
        Some((account, roles)) if !account.disabled => Ok(AnyPrincipal {
            account,
            roles,
            session_id,
            issued_at: iat,
        }),
        _ => Err(ApiError::Unauthenticated),
    }
}

async fn client_of(
    state: &AppState,
    claims: tokens::AccessClaims,
) -> Result<ClientPrincipal, ApiError> {
    let granted =
        ClientScope::parse_list(claims.scope.as_deref().unwrap_or("")).unwrap_or_default();
    let client = state
        .db
        .read(move |c| Ok(crate::clients::store::find(c, &claims.sub)?))
        .await?
        .filter(|c| c.revoked_at.is_none())
        .ok_or(ApiError::Unauthenticated)?;
    // A scope removed from the client since the token was issued no longer counts.
    let current = ClientScope::parse_list(&client.scopes).unwrap_or_default();
    Ok(ClientPrincipal {
        id: client.id,
        client_id: client.client_id,
        agency_id: client.agency_id,
        scopes: granted
            .into_iter()
            .filter(|s| current.contains(s))
            .collect(),
    })
}

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let state = state_of(&req)?;
            let token = bearer(&req).ok_or(ApiError::Unauthenticated)?;
            let claims =
                tokens::verify(&state.session_keys, &token).ok_or(ApiError::Unauthenticated)?;
            if claims.typ == "client" {
                return Ok(Caller::Client(client_of(&state, claims).await?));
            }
            let p = account_of(&state, claims).await?;
            if p.account.must_change_password {
                return Err(ApiError::PasswordChangeRequired);
            }
            Ok(Caller::Person(Principal(p)))
        })
    }
}

impl FromRequest for AnyPrincipal {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        Box::pin(authenticate(req.clone()))
    }
}

impl FromRequest for Principal {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let p = authenticate(req).await?;
            if p.account.must_change_password {
                return Err(ApiError::PasswordChangeRequired);
            }
            Ok(Principal(p))
        })
    }
}
