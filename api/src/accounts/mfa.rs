//! Two-factor authentication: setting up TOTP (`/me/totp*`), the recovery codes, and the second
//! step of a login (`/auth/login/mfa`).

use actix_web::{web, HttpRequest, HttpResponse};
use diesel::Connection;
use satu_shared::auth::{
    MfaChallenge, MfaLoginRequest, RecoveryCodes, TokenResponse, TotpConfirm, TotpDisable,
    TotpSetup,
};
use satu_shared::dto::Problem;
use satu_shared::{FieldErrors, Localized};
use utoipa::OpenApi;

use crate::accounts::session::{
    audit_account, issue_tokens, login_state, record_failure, throttle, token_response,
    verify_off_thread, RequestOrigin, SessionMode,
};
use crate::accounts::store::{self, Account};
use crate::accounts::{tokens, totp};
use crate::auth::Principal;
use crate::db::{new_id, now, DbConn};
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

/// How long the second step may take, and how many codes it may try.
pub const CHALLENGE_TTL_SECONDS: i64 = 300;
pub const CHALLENGE_ATTEMPTS: i32 = 5;
const ISSUER: &str = "Satu ASN";

/// After a right password on an account with 2FA: the token for the second step.
pub fn start_challenge(c: &mut DbConn, account: &Account) -> Result<MfaChallenge, ApiError> {
    let token = tokens::new_opaque();
    let at = now();
    store::insert_challenge(
        c,
        &store::NewChallenge {
            id: new_id(),
            account_id: &account.id,
            token_hash: tokens::hash_opaque(&token),
            created_at: at,
            expires_at: at + chrono::Duration::seconds(CHALLENGE_TTL_SECONDS),
        },
    )?;
    Ok(MfaChallenge {
        mfa_required: true,
        mfa_token: token,
        expires_in: CHALLENGE_TTL_SECONDS,
    })
}

fn code_required() -> ApiError {
    ApiError::validation(
        "code",
        Localized::new(
            "Kode wajib diisi: 6 angka dari aplikasi autentikator, atau satu kode pemulihan.",
            "The code is required: 6 digits from the authenticator app, or one recovery code.",
        ),
    )
}

fn wrong_code() -> ApiError {
    ApiError::validation(
        "code",
        Localized::new(
            "Kode salah atau sudah dipakai. Masukkan kode yang sedang tampil di aplikasi autentikator (berganti tiap 30 detik).",
            "Wrong or already used code. Enter the code the authenticator app shows now (it changes every 30 seconds).",
        ),
    )
}

/// What a presented second factor turned out to be.
enum Factor {
    Totp,
    RecoveryCode,
}

/// Checks a TOTP code (used at most once) or a recovery code (each once) of the account.
fn check_factor(c: &mut DbConn, account: &Account, code: &str) -> Result<Option<Factor>, ApiError> {
    let Some(secret) = account.totp_secret.as_deref() else {
        return Ok(None);
    };
    let digits: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.len() == totp::DIGITS as usize && digits.bytes().all(|b| b.is_ascii_digit()) {
        let last = account.totp_last_step.map(i64::from);
        let Some(step) = totp::verify(secret, &digits, now().and_utc().timestamp(), last) else {
            return Ok(None);
        };
        let step = i32::try_from(step).map_err(|e| ApiError::Internal(e.into()))?;
        return Ok(store::claim_totp_step(c, &account.id, step)?.then_some(Factor::Totp));
    }
    let normalized = totp::normalize_recovery_code(code);
    if normalized.is_empty() || normalized.len() > 32 {
        return Ok(None);
    }
    let hash = tokens::hash_opaque(&normalized);
    Ok(store::claim_recovery_code(c, &account.id, &hash, now())?.then_some(Factor::RecoveryCode))
}

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
        (status = 423, description = "`account_locked`", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts from this address", body = Problem, content_type = "application/problem+json")))]
pub async fn login_mfa(
    req: HttpRequest,
    state: web::Data<AppState>,
    mode: web::Query<SessionMode>,
    body: web::Json<MfaLoginRequest>,
) -> Result<HttpResponse, ApiError> {
    let cookie = mode.session.as_deref() == Some("cookie");
    let body = body.into_inner();
    if body.mfa_token.trim().is_empty() {
        return Err(ApiError::InvalidMfaToken);
    }
    if body.code.trim().is_empty() {
        return Err(code_required());
    }
    throttle(&req, &state)?;
    let origin = RequestOrigin::of(&req);
    let hash = tokens::hash_opaque(body.mfa_token.trim());
    let state2 = state.clone();
    let tokens = state
        .db
        .run(move |c| {
            let at = now();
            let Some((challenge_id, account_id, _)) =
                store::find_live_challenge(c, &hash, at, CHALLENGE_ATTEMPTS)?
            else {
                return Err(ApiError::InvalidMfaToken);
            };
            let account = store::find(c, &account_id)?.ok_or(ApiError::InvalidMfaToken)?;
            if let Some(until) = login_state(&account).locked_at(at) {
                return Err(ApiError::AccountLocked { until });
            }
            if account.disabled || !account.totp_enabled() {
                return Err(ApiError::InvalidMfaToken);
            }
            let outcome = c.transaction::<_, ApiError, _>(|c| {
                let factor = check_factor(c, &account, &body.code)?;
                if factor.is_some() && !store::claim_challenge(c, &challenge_id, at)? {
                    return Err(ApiError::InvalidMfaToken);
                }
                Ok(factor)
            })?;
            let Some(factor) = outcome else {
                store::count_challenge_attempt(c, &challenge_id)?;
                return Err(record_failure(
                    c,
                    &account,
                    &origin,
                    "wrong_mfa_code",
                    wrong_code(),
                )?);
            };
            store::clear_login_state(c, &account.id)?;
            let family = new_id();
            let tokens = issue_tokens(c, &state2, &account, &family, &origin)?;
            let (method, left) = match factor {
                Factor::Totp => ("totp", None),
                Factor::RecoveryCode => (
                    "recovery_code",
                    Some(store::recovery_codes_left(c, &account.id)?),
                ),
            };
            audit_account(
                c,
                &account,
                "login.success",
                &origin,
                serde_json::json!({"session": family, "mfa": method, "recovery_codes_left": left}),
            )?;
            Ok(tokens)
        })
        .await?;
    Ok(token_response(&state, tokens, cookie))
}

fn already_on() -> ApiError {
    ApiError::Conflict(Localized::new(
        "Verifikasi dua langkah sudah aktif. Untuk mengganti perangkat, nonaktifkan dulu dengan kata sandi, lalu siapkan lagi.",
        "Two-step verification is already on. To change devices, turn it off with your password first, then set it up again.",
    ))
}

/// Starts 2FA setup: a new secret, as an otpauth URI and its QR code (SVG and PNG). 2FA is on only
/// after `/me/totp/confirm` with a code from the app; starting again replaces an unconfirmed secret.
#[utoipa::path(post, path = "/api/v1/me/totp", tag = "accounts",
    responses(
        (status = 200, description = "The secret to add to an authenticator app", body = TotpSetup),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "2FA is already on", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn totp_setup(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: Principal,
) -> Result<HttpResponse, ApiError> {
    if who.account.totp_enabled() {
        return Err(already_on());
    }
    let origin = RequestOrigin::of(&req);
    let secret = totp::new_secret();
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
        .run(move |c| {
            store::set_totp_secret(c, &who.account.id, Some(&secret))?;
            audit_account(
                c,
                &who.account,
                "totp.setup_started",
                &origin,
                serde_json::json!({}),
            )?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::Ok().json(setup))
}

/// Turns 2FA on with a code from the app, and answers the recovery codes: shown only this once.
#[utoipa::path(post, path = "/api/v1/me/totp/confirm", tag = "accounts",
    request_body = TotpConfirm,
    responses(
        (status = 200, description = "2FA is on; keep these codes somewhere safe", body = RecoveryCodes),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "No setup started, or 2FA already on", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Wrong code (`code`)", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn totp_confirm(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: Principal,
    body: web::Json<TotpConfirm>,
) -> Result<HttpResponse, ApiError> {
    if who.account.totp_enabled() {
        return Err(already_on());
    }
    let Some(secret) = who.account.totp_secret.clone() else {
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
    let origin = RequestOrigin::of(&req);
    let codes = totp::new_recovery_codes();
    let hashes = codes
        .iter()
        .map(|c| tokens::hash_opaque(&totp::normalize_recovery_code(c)))
        .collect();
    state
        .db
        .run(move |c| {
            c.transaction::<_, ApiError, _>(|c| {
                let at = now();
                store::enable_totp(c, &who.account.id, at, step)?;
                store::replace_recovery_codes(c, &who.account.id, hashes, at)?;
                audit_account(
                    c,
                    &who.account,
                    "totp.enabled",
                    &origin,
                    serde_json::json!({}),
                )?;
                Ok(())
            })
        })
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
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "2FA is not on", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Wrong password (`password`)", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn totp_disable(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: Principal,
    body: web::Json<TotpDisable>,
) -> Result<HttpResponse, ApiError> {
    if body.password.is_empty() {
        return Err(ApiError::Validation(FieldErrors::single(
            "password",
            Localized::new("Kata sandi wajib diisi.", "The password is required."),
        )));
    }
    if who.account.totp_secret.is_none() {
        return Err(ApiError::Conflict(Localized::new(
            "Verifikasi dua langkah tidak aktif.",
            "Two-step verification is not on.",
        )));
    }
    if !verify_off_thread(body.password.clone(), who.account.password_hash.clone()).await? {
        return Err(ApiError::validation(
            "password",
            Localized::new("Kata sandi salah.", "Wrong password."),
        ));
    }
    let origin = RequestOrigin::of(&req);
    state
        .db
        .run(move |c| {
            c.transaction::<_, ApiError, _>(|c| {
                let was_on = who.account.totp_enabled();
                store::set_totp_secret(c, &who.account.id, None)?;
                store::delete_recovery_codes(c, &who.account.id)?;
                audit_account(
                    c,
                    &who.account,
                    "totp.disabled",
                    &origin,
                    serde_json::json!({"was_on": was_on}),
                )?;
                Ok(())
            })
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
