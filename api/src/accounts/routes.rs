//! `/api/v1/auth/*` and `/api/v1/me*`: login, token refresh and logout, the caller's account,
//! password change. Handlers parse, call the unit of work in `accounts::service`, and answer.

use actix_web::{web, HttpRequest, HttpResponse};
use satu_shared::auth::{
    ActivateRequest, ActivationNeeds, ChangePasswordRequest, LoginRequest, LoginResponse, Me,
    PasswordResetConfirm, PasswordResetRequest, RefreshRequest, TokenResponse,
};
use satu_shared::dto::Problem;
use satu_shared::password::PasswordRule;
use satu_shared::Localized;
use utoipa::OpenApi;

use crate::accounts::service::{activation, login as logins, password as passwords};
use crate::accounts::session::{
    check_password_counted, clear_cookie, dummy_hash, hash_off_thread, presented_token, throttle,
    token_response, verify_off_thread, SessionMode,
};
use crate::accounts::{store, tokens};
use crate::audit::Ctx;
use crate::auth::AnyPrincipal;
use crate::error::ApiError;
use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(paths(
    login,
    activate,
    refresh,
    logout,
    me,
    change_password,
    request_reset,
    confirm_reset
))]
pub struct AccountsApi;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/auth/login").post(login))
        .service(web::resource("/auth/activate").post(activate))
        .service(web::resource("/auth/refresh").post(refresh))
        .service(web::resource("/auth/logout").post(logout))
        .service(web::resource("/me").get(me))
        .service(web::resource("/me/password").put(change_password))
        .service(web::resource("/auth/password-reset").post(request_reset))
        .service(web::resource("/auth/password-reset/confirm").post(confirm_reset))
        .service(web::resource("/test/outbox").get(crate::outbox::routes::test_outbox));
}

/// Logs in with NIP and password.
///
/// Five wrong passwords within 15 minutes lock the account for 15 minutes. An unknown NIP and a
/// wrong password get the same answer in the same time.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "accounts",
    params(SessionMode),
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Logged in (the tokens); with 2FA on, `{mfa_required: true, mfa_token}` for `/auth/login/mfa`; on the first login of an account (NIP + NIK), `{activation_required: true, activation_token, needs}` for `/auth/activate`", body = LoginResponse),
        (status = 401, description = "`invalid_credentials`", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "`gone`: the initial credential expired unused (the helpdesk issues an activation code)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Malformed NIP or empty password", body = Problem, content_type = "application/problem+json"),
        (status = 423, response = crate::openapi::AccountLocked),
        (status = 429, response = crate::openapi::TooManyRequests)))]
pub async fn login(
    req: HttpRequest,
    ctx: Ctx,
    state: web::Data<AppState>,
    mode: web::Query<SessionMode>,
    body: crate::body::Json<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    let cookie = mode.cookie();
    let body = body.into_inner();
    let nip = body.validate().map_err(ApiError::Validation)?;
    throttle(&req, &state)?;
    let login = nip.to_string();
    let account = state
        .db
        .read(move |c| Ok(store::find_by_login(c, &login)?))
        .await?;
    let Some(account) = account else {
        verify_off_thread(&state, body.password, dummy_hash().to_owned()).await?;
        state
            .db
            .write(move |c| logins::unknown_login(c, &ctx, &nip))
            .await?;
        return Err(ApiError::InvalidCredentials);
    };
    let attempt = check_password_counted(
        &state,
        &ctx,
        &account,
        body.password,
        "wrong_password",
        ApiError::InvalidCredentials,
    )
    .await?;
    let keys = state.session_keys.current();
    let answer = state
        .db
        .write(move |c| logins::password_accepted(c, &ctx, &keys, &account, attempt))
        .await??;
    Ok(match answer {
        LoginResponse::Tokens(tokens) => token_response(&state, tokens, cookie),
        LoginResponse::Mfa(challenge) => HttpResponse::Ok().json(challenge),
        LoginResponse::Activation(step) => HttpResponse::Ok().json(step),
    })
}

/// Completes the first login of an account: the second fact the login asked for (`nomor_kk`, the
/// family-card number in the employee's record, or `activation_code`, issued by the agency's
/// helpdesk) and the account's first own password. A wrong fact counts toward the account's
/// lock-out like a wrong password; an `activation_token` allows 5 tries within 10 minutes.
#[utoipa::path(post, path = "/api/v1/auth/activate", tag = "accounts",
    params(SessionMode),
    request_body = ActivateRequest,
    responses(
        (status = 200, description = "Activated and logged in", body = TokenResponse),
        (status = 401, description = "`invalid_activation_token`: unknown, used, expired or out of tries", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The fact asked for is missing or wrong (`nomor_kk`, `activation_code`), or the new password breaks a rule (`new_password`)", body = Problem, content_type = "application/problem+json"),
        (status = 423, response = crate::openapi::AccountLocked),
        (status = 429, response = crate::openapi::TooManyRequests)))]
pub async fn activate(
    req: HttpRequest,
    ctx: Ctx,
    state: web::Data<AppState>,
    mode: web::Query<SessionMode>,
    body: crate::body::Json<ActivateRequest>,
) -> Result<HttpResponse, ApiError> {
    let cookie = mode.cookie();
    let body = body.into_inner();
    if body.activation_token.trim().is_empty() {
        return Err(ApiError::InvalidActivationToken);
    }
    throttle(&req, &state)?;
    let hash = tokens::hash_opaque(body.activation_token.trim());
    let lookup = hash.clone();
    let (account, needs, identity) = state
        .db
        .read(move |c| activation::find(c, &lookup))
        .await?
        .ok_or(ApiError::InvalidActivationToken)?;
    let mut errors = passwords::rule_errors(&body.new_password, &account.login, &identity);
    let given = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let fact = match needs {
        ActivationNeeds::NomorKk => given(&body.nomor_kk).map(activation::Fact::NomorKk),
        ActivationNeeds::ActivationCode => given(&body.activation_code).map(activation::Fact::Code),
    };
    if fact.is_none() {
        let (field, message) = match needs {
            ActivationNeeds::NomorKk => (
                "nomor_kk",
                Localized::new(
                    "Nomor KK (16 angka, dari Kartu Keluarga Anda) wajib diisi.",
                    "The family-card number (16 digits, from your family card) is required.",
                ),
            ),
            ActivationNeeds::ActivationCode => (
                "activation_code",
                Localized::new(
                    "Kode aktivasi dari helpdesk instansi Anda wajib diisi.",
                    "The activation code from your agency's helpdesk is required.",
                ),
            ),
        };
        errors.add(field, message);
    }
    let (Some(fact), true) = (fact, errors.is_empty()) else {
        return Err(ApiError::Validation(errors));
    };
    let new_hash = hash_off_thread(&state, body.new_password).await?;
    let keys = state.session_keys.current();
    let tokens = state
        .db
        .write(move |c| activation::activate(c, &ctx, &keys, &hash, fact, &new_hash))
        .await??;
    Ok(token_response(&state, tokens, cookie))
}

/// Exchanges a refresh token for a new pair. Each refresh token works once; presenting a used one
/// revokes its whole session.
#[utoipa::path(post, path = "/api/v1/auth/refresh", tag = "accounts",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "A new token pair", body = TokenResponse),
        (status = 401, description = "`invalid_refresh_token` or `refresh_token_reused`", body = Problem, content_type = "application/problem+json")))]
pub async fn refresh(
    req: HttpRequest,
    ctx: Ctx,
    state: web::Data<AppState>,
    body: crate::body::Json<RefreshRequest>,
) -> Result<HttpResponse, ApiError> {
    let (presented, cookie) = presented_token(&req, &body);
    if presented.is_empty() {
        return Err(ApiError::InvalidRefreshToken);
    }
    let hash = tokens::hash_opaque(&presented);
    let keys = state.session_keys.current();
    let tokens = state
        .db
        .write(move |c| logins::refresh(c, &ctx, &keys, &hash))
        .await??;
    Ok(token_response(&state, tokens, cookie))
}

/// Ends the session the refresh token belongs to (its access tokens stop working at once).
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "accounts",
    request_body = RefreshRequest,
    responses((status = 204, description = "Logged out (also when the token was already unknown)")))]
pub async fn logout(
    req: HttpRequest,
    ctx: Ctx,
    state: web::Data<AppState>,
    body: crate::body::Json<RefreshRequest>,
) -> Result<HttpResponse, ApiError> {
    let (presented, _) = presented_token(&req, &body);
    let hash = tokens::hash_opaque(&presented);
    state
        .db
        .write(move |c| logins::logout(c, &ctx, &hash))
        .await?;
    Ok(HttpResponse::NoContent().cookie(clear_cookie()).finish())
}

/// The caller's account, employee record and roles. Works while the initial password must still
/// be changed.
#[utoipa::path(get, path = "/api/v1/me", tag = "accounts",
    responses(
        (status = 200, description = "The caller", body = Me)),
    security(("bearer" = [])))]
pub async fn me(state: web::Data<AppState>, who: AnyPrincipal) -> Result<HttpResponse, ApiError> {
    let me = state
        .db
        .read(move |c| logins::me(c, &who.account, &who.roles))
        .await?;
    Ok(HttpResponse::Ok().json(me))
}

/// Changes the caller's password. The new one must follow the password rules (every broken rule
/// is named) and differ from the current one; other sessions of the account are ended.
#[utoipa::path(put, path = "/api/v1/me/password", tag = "accounts",
    request_body = ChangePasswordRequest,
    responses(
        (status = 204, description = "Changed"),
        (status = 422, description = "Wrong current password, or the new one breaks a rule", body = Problem, content_type = "application/problem+json"),
        (status = 423, description = "`account_locked`: wrong passwords here count toward the same lock-out as at login", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn change_password(
    ctx: Ctx,
    state: web::Data<AppState>,
    who: AnyPrincipal,
    body: crate::body::Json<ChangePasswordRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let employee_id = who.account.employee_id.clone();
    let identity = state
        .db
        .read(move |c| passwords::identity_of(c, employee_id.as_deref()))
        .await?;
    let mut errors = passwords::rule_errors(&body.new_password, &who.account.login, &identity);
    if body.current_password.is_empty() {
        errors.add(
            "current_password",
            Localized::new(
                "Kata sandi saat ini wajib diisi.",
                "The current password is required.",
            ),
        );
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    // Checked before the current password: a right current password and a different new
    // one cannot match the same hash.
    if body.new_password == body.current_password {
        return Err(ApiError::validation(
            "new_password",
            PasswordRule::SameAsCurrent.violation(),
        ));
    }
    let attempt = check_password_counted(
        &state,
        &ctx,
        &who.account,
        body.current_password.clone(),
        "wrong_current_password",
        ApiError::validation(
            "current_password",
            Localized::new(
                "Kata sandi saat ini salah.",
                "The current password is wrong.",
            ),
        ),
    )
    .await?;
    let new_hash = hash_off_thread(&state, body.new_password).await?;
    state
        .db
        .write(move |c| {
            passwords::change_own(c, &ctx, &who.account, &who.session_id, attempt, &new_hash)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Asks for a password reset link. The answer is the same whether or not the NIP exists; the link
/// goes to the email address in the employee's record.
#[utoipa::path(post, path = "/api/v1/auth/password-reset", tag = "accounts",
    request_body = PasswordResetRequest,
    responses(
        (status = 202, description = "If the NIP has an account with an email address, a link is on its way"),
        (status = 422, description = "Malformed NIP", body = Problem, content_type = "application/problem+json"),
        (status = 429, response = crate::openapi::TooManyRequests)))]
pub async fn request_reset(
    req: HttpRequest,
    ctx: Ctx,
    state: web::Data<AppState>,
    body: crate::body::Json<PasswordResetRequest>,
) -> Result<HttpResponse, ApiError> {
    let nip = satu_shared::Nip::parse(&body.nip)
        .map_err(|e| ApiError::validation("nip", e.localized()))?;
    throttle(&req, &state)?;
    let config = state.config.clone();
    state
        .db
        .write(move |c| passwords::request_reset(c, &ctx, &config, &nip))
        .await?;
    Ok(HttpResponse::Accepted().finish())
}

/// Sets a new password with the token from a reset link; every session of the account ends.
#[utoipa::path(post, path = "/api/v1/auth/password-reset/confirm", tag = "accounts",
    request_body = PasswordResetConfirm,
    responses(
        (status = 204, description = "The password is set; log in with it"),
        (status = 422, description = "The link is invalid, used or expired (`token`), or the password breaks a rule (`new_password`)", body = Problem, content_type = "application/problem+json")))]
pub async fn confirm_reset(
    ctx: Ctx,
    state: web::Data<AppState>,
    body: crate::body::Json<PasswordResetConfirm>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let hash = tokens::hash_opaque(body.token.trim());
    let (reset_id, account, identity) = state
        .db
        .read(move |c| passwords::find_reset(c, &hash))
        .await?
        .ok_or_else(passwords::invalid_reset_link)?;
    let errors = passwords::rule_errors(&body.new_password, &account.login, &identity);
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let new_hash = hash_off_thread(&state, body.new_password).await?;
    state
        .db
        .write(move |c| passwords::complete_reset(c, &ctx, &reset_id, &account, &new_hash))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
