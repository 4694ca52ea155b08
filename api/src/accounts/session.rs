//! What every way of logging in shares: issuing the token pair (in the body or with the refresh
//! token in an HttpOnly cookie), the per-address throttle, password checks off the actix workers,
//! and the request's origin for the audit log.

use actix_web::cookie::time::Duration as CookieDuration;
use actix_web::cookie::{Cookie, SameSite};
use actix_web::{web, HttpRequest, HttpResponse};
use satu_shared::auth::{RefreshRequest, TokenResponse};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::accounts::store::{self, Account, NewRefreshToken};
use crate::accounts::{password as hashing, tokens};
use crate::audit::store::{self as audit, Actor, Origin};
use crate::auth::{client_ip, request_id};
use crate::db::{new_id, now, DbConn};
use crate::error::ApiError;
use crate::state::AppState;

/// The web app's refresh token: an HttpOnly cookie, so page scripts cannot read it.
pub const REFRESH_COOKIE: &str = "satu_rt";
const COOKIE_PATH: &str = "/api/v1/auth";

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SessionMode {
    /// `cookie`: the refresh token is set as an HttpOnly cookie (path `/api/v1/auth`) and the
    /// body's `refresh_token` is empty. The web app logs in this way.
    pub session: Option<String>,
}

pub fn refresh_cookie(state: &AppState, token: &str) -> Cookie<'static> {
    Cookie::build(REFRESH_COOKIE, token.to_owned())
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(state.config.public_url.starts_with("https://"))
        .path(COOKIE_PATH)
        .max_age(CookieDuration::days(tokens::REFRESH_TTL_DAYS))
        .finish()
}

pub fn clear_cookie() -> Cookie<'static> {
    let mut c = Cookie::build(REFRESH_COOKIE, "")
        .path(COOKIE_PATH)
        .http_only(true)
        .finish();
    c.make_removal();
    c
}

/// Answers with the tokens: in the body, or with the refresh token moved into the cookie.
pub fn token_response(state: &AppState, mut tokens: TokenResponse, cookie: bool) -> HttpResponse {
    if cookie {
        let c = refresh_cookie(state, &tokens.refresh_token);
        tokens.refresh_token = String::new();
        HttpResponse::Ok().cookie(c).json(tokens)
    } else {
        HttpResponse::Ok().json(tokens)
    }
}

/// The refresh token of a request: the body's, else the cookie's (then the answer uses the cookie).
pub fn presented_token(req: &HttpRequest, body: &RefreshRequest) -> (String, bool) {
    let from_body = body.refresh_token.trim();
    if !from_body.is_empty() {
        return (from_body.to_owned(), false);
    }
    match req.cookie(REFRESH_COOKIE) {
        Some(c) if !c.value().is_empty() => (c.value().to_owned(), true),
        _ => (String::new(), false),
    }
}

/// A hash to verify against when the NIP is unknown, so that both cases cost the same time.
pub fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| hashing::hash("satu-asn-timing-equaliser").unwrap_or_default())
}

/// The per-address limit on login and reset attempts.
pub fn throttle(req: &HttpRequest, state: &AppState) -> Result<(), ApiError> {
    state.login_limiter.check_request(req)
}

/// Runs argon2 verification on the blocking pool, never on an actix worker.
pub async fn verify_off_thread(password: String, hash: String) -> Result<bool, ApiError> {
    web::block(move || hashing::verify(&password, &hash))
        .await
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("password check failed: {e}")))
}

pub struct RequestOrigin {
    pub ip: Option<String>,
    pub request_id: Option<String>,
    pub user_agent: Option<String>,
}

impl RequestOrigin {
    pub fn of(req: &HttpRequest) -> RequestOrigin {
        RequestOrigin {
            ip: client_ip(req),
            request_id: request_id(req),
            user_agent: req
                .headers()
                .get(actix_web::http::header::USER_AGENT)
                .and_then(|v| v.to_str().ok())
                .map(|s| s.chars().take(200).collect()),
        }
    }

    pub fn audit(&self) -> Origin<'_> {
        Origin {
            ip: self.ip.as_deref(),
            request_id: self.request_id.as_deref(),
        }
    }
}

/// Starts a session (a new refresh-token family) or continues one, returning the token pair.
pub fn issue_tokens(
    conn: &mut DbConn,
    state: &AppState,
    account: &Account,
    family_id: &str,
    origin: &RequestOrigin,
) -> Result<TokenResponse, ApiError> {
    let refresh_token = tokens::new_opaque();
    let at = now();
    store::insert_refresh(
        conn,
        &NewRefreshToken {
            id: new_id(),
            account_id: &account.id,
            family_id,
            token_hash: tokens::hash_opaque(&refresh_token),
            created_at: at,
            expires_at: at + chrono::Duration::days(tokens::REFRESH_TTL_DAYS),
            ip: origin.ip.as_deref(),
            user_agent: origin.user_agent.as_deref(),
        },
    )?;
    Ok(TokenResponse {
        access_token: tokens::issue_access(&state.keys, &account.id, family_id)?,
        token_type: "Bearer".into(),
        expires_in: tokens::ACCESS_TTL_SECONDS,
        refresh_token,
        must_change_password: account.must_change_password,
    })
}

pub fn actor(account: &Account) -> Actor<'_> {
    Actor::Account {
        id: &account.id,
        label: &account.login,
    }
}

/// Records what an account did (or what happened to it).
pub fn audit_account(
    c: &mut DbConn,
    account: &Account,
    action: &str,
    origin: &RequestOrigin,
    detail: serde_json::Value,
) -> Result<(), ApiError> {
    audit::record(
        c,
        actor(account),
        action,
        Some(("account", &account.id)),
        origin.audit(),
        detail,
    )?;
    Ok(())
}

/// The lock-out state of an account as loaded.
pub fn login_state(account: &Account) -> crate::accounts::service::LoginState {
    crate::accounts::service::LoginState {
        failed: account.failed_logins,
        window_start: account.failed_window_start,
        locked_until: account.locked_until,
    }
}

/// Counts a failed login step (a wrong password or a wrong 2FA code) against the account and
/// audits it; returns the error to answer: `account_locked` when this failure locked it, else
/// `otherwise`.
pub fn record_failure(
    c: &mut DbConn,
    account: &Account,
    origin: &RequestOrigin,
    reason: &str,
    otherwise: ApiError,
) -> Result<ApiError, ApiError> {
    let next = login_state(account).after_failure(now());
    store::set_login_state(
        c,
        &account.id,
        next.failed,
        next.window_start,
        next.locked_until,
    )?;
    audit_account(
        c,
        account,
        "login.failure",
        origin,
        serde_json::json!({ "reason": reason }),
    )?;
    if let Some(until) = next.locked_until {
        audit_account(
            c,
            account,
            "account.locked",
            origin,
            serde_json::json!({"until": until.and_utc()}),
        )?;
        return Ok(ApiError::AccountLocked { until });
    }
    Ok(otherwise)
}
