//! Two-factor authentication: setting up TOTP (`/me/totp*`), the recovery codes, and the second
//! step of a login (`/auth/login/mfa`).

use actix_web::{web, HttpRequest, HttpResponse};
use satu_shared::auth::{
    MfaLoginRequest, RecoveryCodes, TokenResponse, TotpConfirm, TotpDisable, TotpSetup,
    TotpSetupRequest,
};
use satu_shared::dto::Problem;
use satu_shared::Localized;
use utoipa::OpenApi;

use crate::accounts::service::mfa::{self as service, code_required, wrong_code};
use crate::accounts::session::{confirm_password, throttle, token_response, SessionMode};
use crate::accounts::{tokens, totp};
use crate::audit::Ctx;
use crate::auth::Principal;
use crate::db::now;
use crate::error::ApiError;
use crate::qr::Matrix;
use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(paths(login_mfa, totp_setup, totp_confirm, totp_disable))]
pub struct MfaApi;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/auth/login/mfa").post(login_mfa))
        .service(
            web::resource("/me/totp")
                .post(totp_setup)
                .delete(totp_disable),
        )
        .service(web::resource("/me/totp/confirm").post(totp_confirm));
}

const ISSUER: &str = "Satu ASN";

/// The second step of a login with 2FA: the `mfa_token` from `/auth/login` and a code from the
/// authenticator app (or a recovery code). Wrong codes count toward the account's lock-out like
/// wrong passwords; a token allows 5 codes within 5 minutes.
#[utoipa::path(post, path = "/api/v1/auth/login/mfa", tag = "accounts",
    params(SessionMode),
    request_body = MfaLoginRequest,
    responses(
        (status = 200, description = "Logged in", body = TokenResponse),
        (status = 401, description = "`invalid_mfa_token`: unknown, used, expired or out of attempts", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Wrong, used or missing code (`code`)", body = Problem, content_type = "application/problem+json"),
        (status = 423, response = crate::openapi::AccountLocked),
        (status = 429, response = crate::openapi::TooManyRequests)))]
pub async fn login_mfa(
    req: HttpRequest,
    ctx: Ctx,
    state: web::Data<AppState>,
    mode: web::Query<SessionMode>,
    body: crate::body::Json<MfaLoginRequest>,
) -> Result<HttpResponse, ApiError> {
    let cookie = mode.cookie();
    let body = body.into_inner();
    if body.mfa_token.trim().is_empty() {
        return Err(ApiError::InvalidMfaToken);
    }
    if body.code.trim().is_empty() {
        return Err(code_required());
    }
    throttle(&req, &state)?;
    let hash = tokens::hash_opaque(body.mfa_token.trim());
    let keys = state.session_keys.current();
    let vault = state.totp_box.clone();
    let tokens = state
        .db
        .write(move |c| service::second_step(c, &ctx, &keys, &vault, &hash, &body.code))
        .await??;
    Ok(token_response(&state, tokens, cookie))
}

fn already_on() -> ApiError {
    ApiError::Conflict(Localized::new(
        "Verifikasi dua langkah sudah aktif. Untuk mengganti perangkat, nonaktifkan dulu dengan kata sandi, lalu siapkan lagi.",
        "Two-step verification is already on. To change devices, turn it off with your password first, then set it up again.",
    ))
}

/// Starts 2FA setup, with the account's password (so a session left open cannot bind someone
/// else's phone): a new secret, as an otpauth URI and its QR code (SVG and PNG). 2FA is on only
/// after `/me/totp/confirm` with a code from the app; starting again replaces an unconfirmed
/// secret. A wrong password counts toward the lock-out.
#[utoipa::path(post, path = "/api/v1/me/totp", tag = "accounts",
    request_body = TotpSetupRequest,
    responses(
        (status = 200, description = "The secret to add to an authenticator app", body = TotpSetup),
        (status = 409, description = "2FA is already on", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Missing or wrong password (`password`)", body = Problem, content_type = "application/problem+json"),
        (status = 423, response = crate::openapi::AccountLocked)),
    security(("bearer" = [])))]
pub async fn totp_setup(
    ctx: Ctx,
    state: web::Data<AppState>,
    who: Principal,
    body: crate::body::Json<TotpSetupRequest>,
) -> Result<HttpResponse, ApiError> {
    if who.account.totp_enabled() {
        return Err(already_on());
    }
    let attempt = confirm_password(&state, &ctx, &who.account, &body.password).await?;
    let secret = totp::new_secret();
    let vault = state.totp_box.clone();
    let uri = totp::otpauth_uri(ISSUER, &who.account.login, &secret);
    let matrix = Matrix::encode(&uri)?;
    let setup = TotpSetup {
        qr_svg: matrix.svg(240),
        qr_png: matrix.png_data_url(6)?,
        secret: secret.clone(),
        otpauth_uri: uri,
    };
    state
        .db
        .write(move |c| service::begin_setup(c, &ctx, &vault, &who.account, &secret, attempt))
        .await?;
    Ok(HttpResponse::Ok().json(setup))
}

/// Turns 2FA on with a code from the app, and answers the recovery codes: shown only this once.
#[utoipa::path(post, path = "/api/v1/me/totp/confirm", tag = "accounts",
    request_body = TotpConfirm,
    responses(
        (status = 200, description = "2FA is on; keep these codes somewhere safe", body = RecoveryCodes),
        (status = 409, description = "No setup started, or 2FA already on", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Wrong code (`code`)", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn totp_confirm(
    ctx: Ctx,
    state: web::Data<AppState>,
    who: Principal,
    body: crate::body::Json<TotpConfirm>,
) -> Result<HttpResponse, ApiError> {
    if who.account.totp_enabled() {
        return Err(already_on());
    }
    let Some(secret) = who
        .account
        .totp_secret
        .as_deref()
        .and_then(|s| state.totp_box.open(&who.account.id, s))
    else {
        return Err(ApiError::Conflict(Localized::new(
            "Penyiapan verifikasi dua langkah belum dimulai. Mulai dari langkah pertama.",
            "Two-step verification setup has not started. Begin with the first step.",
        )));
    };
    if body.code.trim().is_empty() {
        return Err(code_required());
    }
    let Some(step) = totp::verify(&secret, &body.code, now().and_utc().timestamp(), None) else {
        return Err(wrong_code());
    };
    let step = i32::try_from(step).map_err(|e| ApiError::Internal(e.into()))?;
    let codes = totp::new_recovery_codes();
    let hashes = codes
        .iter()
        .map(|c| totp::recovery_hash(&who.account.id, c))
        .collect();
    state
        .db
        .write(move |c| service::enable(c, &ctx, &who.account, step, hashes))
        .await?;
    Ok(HttpResponse::Ok().json(RecoveryCodes {
        recovery_codes: codes,
    }))
}

/// Turns 2FA off (or abandons a setup); needs the account's password.
#[utoipa::path(delete, path = "/api/v1/me/totp", tag = "accounts",
    request_body = TotpDisable,
    responses(
        (status = 204, description = "2FA is off; its recovery codes no longer work"),
        (status = 409, description = "2FA is not on", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Wrong password (`password`)", body = Problem, content_type = "application/problem+json"),
        (status = 423, description = "`account_locked`: wrong passwords here count toward the same lock-out as at login", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn totp_disable(
    ctx: Ctx,
    state: web::Data<AppState>,
    who: Principal,
    body: crate::body::Json<TotpDisable>,
) -> Result<HttpResponse, ApiError> {
    if who.account.totp_secret.is_none() {
        return Err(ApiError::Conflict(Localized::new(
            "Verifikasi dua langkah tidak aktif.",
            "Two-step verification is not on.",
        )));
    }
    let attempt = confirm_password(&state, &ctx, &who.account, &body.password).await?;
    state
        .db
        .write(move |c| service::disable(c, &ctx, &who.account, attempt))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
