//! What the HTTP side of every way of logging in shares: answering the token pair (in the body,
//! or with the refresh token in an HttpOnly cookie), the per-address throttle, and password
//! hashing and checks off the actix workers.

use actix_web::cookie::time::Duration as CookieDuration;
use actix_web::cookie::{Cookie, SameSite};
use actix_web::{HttpRequest, HttpResponse};
use satu_shared::auth::{RefreshRequest, TokenResponse};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::accounts::service::login::{self as logins, Attempt};
use crate::accounts::store::Account;
use crate::accounts::{password as hashing, tokens};
use crate::audit::Ctx;
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

impl SessionMode {
    /// The refresh token goes in the HttpOnly cookie (`?session=cookie`).
    pub fn cookie(&self) -> bool {
        self.session.as_deref() == Some("cookie")
    }
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

/// Runs argon2 verification on the blocking pool (never on an actix worker), one per core at a
/// time (`AppState::hashing`).
pub async fn verify_off_thread(
    state: &AppState,
    password: String,
    hash: String,
) -> Result<bool, ApiError> {
    state
        .hashing
        .run(move || hashing::verify(&password, &hash))
        .await
}

/// Checks a password against an account's secret off the request's thread: its hash, or for an
/// account an import made, its record's NIK ([`hashing::verify_secret`]).
async fn verify_account(
    state: &AppState,
    account: &Account,
    password: String,
) -> Result<bool, ApiError> {
    let hash = account.password_hash.clone();
    // Read for every employee's account, whatever its secret, so the time a login takes does not
    // tell an imported account from another.
    let nik = match &account.employee_id {
        Some(id) => {
            let id = id.clone();
            state
                .db
                .read(move |c| Ok(crate::employees::store::nik_of(c, &id)?))
                .await?
        }
        None => None,
    };
    let nik = nik.filter(|_| hash == hashing::FROM_RECORD);
    let dummy = dummy_hash();
    state
        .hashing
        .run(move || hashing::verify_secret(&password, &hash, nik.as_deref(), dummy))
        .await
}

/// Hashes a new password on the blocking pool, as [`verify_off_thread`].
pub async fn hash_off_thread(state: &AppState, password: String) -> Result<String, ApiError> {
    Ok(state
        .hashing
        .run(move || hashing::hash(&password))
        .await??)
}

/// Checks a password of an account as a counted attempt of its lock-out: the attempt is taken
/// (one committed unit of work) *before* argon2 runs, so parallel guesses each count and a locked
/// account is refused without a check; a wrong password is then audited and answered with
/// `otherwise`, or `account_locked` when it was the attempt that locked the account. A right one
/// answers the attempt, for the caller's own unit of work to settle
/// ([`logins::settle_attempt`]). argon2 runs between the two units, never inside a transaction
/// (it would hold SQLite's write lock for its whole time). A disabled account's password is
/// never right, so its answers are a wrong password's.
pub async fn check_password_counted(
    state: &AppState,
    ctx: &Ctx,
    account: &Account,
    password: String,
    reason: &'static str,
    otherwise: ApiError,
) -> Result<Attempt, ApiError> {
    let id = account.id.clone();
    let attempt = state
        .db
        .write(move |c| logins::take_attempt(c, &id))
        .await??;
    let right = verify_account(state, account, password).await?;
    if right && !account.disabled {
        return Ok(attempt);
    }
    let (ctx, account) = (ctx.clone(), account.clone());
    let refusal = state
        .db
        .write(move |c| logins::attempt_failed(c, &ctx, &account, attempt, reason, otherwise))
        .await?;
    Err(refusal)
}

/// A step-up: the caller's own password again (field `password`), before 2FA setup or removal or
/// a QR approval; counted like a login ([`check_password_counted`]). Empty: 422 at once.
pub async fn confirm_password(
    state: &AppState,
    ctx: &Ctx,
    account: &Account,
    password: &str,
) -> Result<Attempt, ApiError> {
    if password.is_empty() {
        return Err(ApiError::validation(
            "password",
            satu_shared::Localized::new("Kata sandi wajib diisi.", "The password is required."),
        ));
    }
    check_password_counted(
        state,
        ctx,
        account,
        password.to_owned(),
        "wrong_password",
        ApiError::validation(
            "password",
            satu_shared::Localized::new("Kata sandi salah.", "Wrong password."),
        ),
    )
    .await
}
