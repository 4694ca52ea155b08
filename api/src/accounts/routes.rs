//! `/api/v1/auth/*` and `/api/v1/me*`: login, token refresh and logout, the caller's account,
//! password change.

use actix_web::{web, HttpRequest, HttpResponse};
use diesel::Connection;
use satu_shared::auth::{
    AccountInfo, ChangePasswordRequest, LoginRequest, LoginResponse, Me, PasswordResetConfirm,
    PasswordResetRequest, RefreshRequest, RoleGrant, TokenResponse,
};
use satu_shared::dto::Problem;
use satu_shared::password::{self, PasswordContext, PasswordRule};
use satu_shared::{FieldErrors, Localized, Role};
use utoipa::OpenApi;

use crate::accounts::session::{
    audit_account, clear_cookie, dummy_hash, issue_tokens, login_state, presented_token,
    record_failure, throttle, token_response, verify_off_thread, RequestOrigin, SessionMode,
};
use crate::accounts::store;
use crate::accounts::{password as hashing, tokens};
use crate::audit::store::{self as audit, Actor};
use crate::auth::AnyPrincipal;
use crate::db::{new_id, now, DbConn};
use crate::employees;
use crate::error::ApiError;
use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(paths(
    login,
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
        (status = 200, description = "Logged in (the tokens), or, with 2FA on, `{mfa_required: true, mfa_token}` for `/auth/login/mfa`", body = LoginResponse),
        (status = 401, description = "`invalid_credentials`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Malformed NIP or empty password", body = Problem, content_type = "application/problem+json"),
        (status = 423, description = "`account_locked`, with `locked_until`", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts from this address", body = Problem, content_type = "application/problem+json")))]
pub async fn login(
    req: HttpRequest,
    state: web::Data<AppState>,
    mode: web::Query<SessionMode>,
    body: web::Json<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    let cookie = mode.session.as_deref() == Some("cookie");
    let body = body.into_inner();
    let nip = body.validate().map_err(ApiError::Validation)?;
    throttle(&req, &state)?;
    let origin = RequestOrigin::of(&req);
    let login = nip.to_string();
    let account = state
        .db
        .run(move |c| Ok(store::find_by_login(c, &login)?))
        .await?;
    let at = now();
    let Some(account) = account else {
        verify_off_thread(body.password, dummy_hash().to_owned()).await?;
        let nip = nip.to_string();
        state
            .db
            .run(move |c| {
                audit::record(
                    c,
                    Actor::System("anonymous"),
                    "login.failure",
                    Some(("account", &nip)),
                    origin.audit(),
                    serde_json::json!({"reason": "unknown_nip"}),
                )?;
                Ok(())
            })
            .await?;
        return Err(ApiError::InvalidCredentials);
    };
    if let Some(until) = login_state(&account).locked_at(at) {
        return Err(ApiError::AccountLocked { until });
    }
    let ok = verify_off_thread(body.password, account.password_hash.clone()).await?;
    let state2 = state.clone();
    let answer = state
        .db
        .run(move |c| {
            if !ok {
                return Err(record_failure(
                    c,
                    &account,
                    &origin,
                    "wrong_password",
                    ApiError::InvalidCredentials,
                )?);
            }
            if account.disabled {
                return Err(ApiError::Forbidden);
            }
            if account.totp_enabled() {
                // The failure count is cleared only once the second step succeeds, so wrong
                // codes and wrong passwords share the same five tries.
                let challenge = crate::accounts::mfa::start_challenge(c, &account)?;
                audit_account(
                    c,
                    &account,
                    "login.password_ok",
                    &origin,
                    serde_json::json!({"mfa": "totp"}),
                )?;
                return Ok(LoginResponse::Mfa(challenge));
            }
            store::clear_login_state(c, &account.id)?;
            let family = new_id();
            let tokens = issue_tokens(c, &state2, &account, &family, &origin)?;
            audit_account(
                c,
                &account,
                "login.success",
                &origin,
                serde_json::json!({"session": family}),
            )?;
            Ok(LoginResponse::Tokens(tokens))
        })
        .await?;
    Ok(match answer {
        LoginResponse::Tokens(tokens) => token_response(&state, tokens, cookie),
        LoginResponse::Mfa(challenge) => HttpResponse::Ok().json(challenge),
    })
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
    state: web::Data<AppState>,
    body: web::Json<RefreshRequest>,
) -> Result<HttpResponse, ApiError> {
    let origin = RequestOrigin::of(&req);
    let (presented, cookie) = presented_token(&req, &body);
    if presented.is_empty() {
        return Err(ApiError::InvalidRefreshToken);
    }
    let hash = tokens::hash_opaque(&presented);
    let state2 = state.clone();
    let tokens = state
        .db
        .run(move |c| {
            let at = now();
            let Some(token) = store::find_refresh(c, &hash)? else {
                return Err(ApiError::InvalidRefreshToken);
            };
            if token.revoked_at.is_some() || token.expires_at <= at {
                return Err(ApiError::InvalidRefreshToken);
            }
            let account =
                store::find(c, &token.account_id)?.ok_or(ApiError::InvalidRefreshToken)?;
            if token.used_at.is_some() || !store::claim_refresh(c, &token.id, at)? {
                store::revoke_family(c, &token.family_id, at)?;
                audit_account(
                    c,
                    &account,
                    "session.refresh_reused",
                    &origin,
                    serde_json::json!({"session": token.family_id}),
                )?;
                return Err(ApiError::RefreshTokenReused);
            }
            if account.disabled {
                return Err(ApiError::InvalidRefreshToken);
            }
            issue_tokens(c, &state2, &account, &token.family_id, &origin)
        })
        .await?;
    Ok(token_response(&state, tokens, cookie))
}

/// Ends the session the refresh token belongs to (its access tokens stop working at once).
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "accounts",
    request_body = RefreshRequest,
    responses((status = 204, description = "Logged out (also when the token was already unknown)")))]
pub async fn logout(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Json<RefreshRequest>,
) -> Result<HttpResponse, ApiError> {
    let origin = RequestOrigin::of(&req);
    let (presented, _) = presented_token(&req, &body);
    let hash = tokens::hash_opaque(&presented);
    state
        .db
        .run(move |c| {
            if let Some(token) = store::find_refresh(c, &hash)? {
                store::revoke_family(c, &token.family_id, now())?;
                audit::record(
                    c,
                    Actor::System("logout"),
                    "logout",
                    Some(("account", &token.account_id)),
                    origin.audit(),
                    serde_json::json!({"session": token.family_id}),
                )?;
            }
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().cookie(clear_cookie()).finish())
}

/// The holder's NIK and birth date, which a password must not be.
fn identity_of(
    c: &mut DbConn,
    employee_id: Option<&str>,
) -> Result<Option<(String, chrono::NaiveDate)>, ApiError> {
    Ok(match employee_id {
        Some(id) => employees::store::find_with_org(c, id)?.map(|(e, _, _)| (e.nik, e.birth_date)),
        None => None,
    })
}

/// Every password rule the new password breaks, as `new_password` field errors.
fn rule_errors(
    new_password: &str,
    nip: &str,
    identity: &Option<(String, chrono::NaiveDate)>,
) -> FieldErrors {
    let ctx = PasswordContext {
        nip: Some(nip),
        nik: identity.as_ref().map(|(nik, _)| nik.as_str()),
        birth_date: identity.as_ref().map(|(_, b)| *b),
    };
    let mut errors = FieldErrors::default();
    for rule in password::check(new_password, &ctx) {
        errors.add("new_password", rule.violation());
    }
    errors
}

pub(crate) fn scope_name(c: &mut DbConn, kind: &str, id: &str) -> Result<String, ApiError> {
    use crate::db::schema::{agencies, units};
    use diesel::prelude::*;
    Ok(match kind {
        "unit" => units::table
            .find(id)
            .select(units::name)
            .get_result::<String>(c)
            .optional()?
            .unwrap_or_default(),
        "agency" => agencies::table
            .find(id)
            .select(agencies::name)
            .get_result::<String>(c)
            .optional()?
            .unwrap_or_default(),
        "kanreg" => agencies::table
            .filter(agencies::kanreg_code.eq(id))
            .select(agencies::kanreg_name)
            .get_result::<Option<String>>(c)
            .optional()?
            .flatten()
            .unwrap_or_else(|| format!("Kanreg {id}")),
        "pusat" => "Instansi pusat".to_owned(),
        _ => String::new(),
    })
}

/// The caller's account, employee record and roles. Works while the initial password must still
/// be changed.
#[utoipa::path(get, path = "/api/v1/me", tag = "accounts",
    responses(
        (status = 200, description = "The caller", body = Me),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn me(state: web::Data<AppState>, who: AnyPrincipal) -> Result<HttpResponse, ApiError> {
    let me = state
        .db
        .run(move |c| {
            let found = match &who.account.employee_id {
                Some(id) => employees::store::find_with_org(c, id)?,
                None => None,
            };
            let nik = found.as_ref().map(|(e, _, _)| e.nik.clone());
            let employee = found
                .map(|(e, u, a)| employees::service::to_record(e, u, a))
                .transpose()?;
            let mut roles = Vec::new();
            for r in &who.roles {
                let Some(role) = Role::parse(&r.role) else {
                    continue;
                };
                roles.push(RoleGrant {
                    role,
                    scope: r.scope_kind.clone(),
                    scope_id: r.scope_id.clone(),
                    scope_name: scope_name(c, &r.scope_kind, &r.scope_id)?,
                });
            }
            Ok(Me {
                account: AccountInfo {
                    id: who.account.id.clone(),
                    nip: who.account.login.clone(),
                    display_name: who.account.display_name.clone(),
                    must_change_password: who.account.must_change_password,
                    totp_enabled: who.account.totp_enabled(),
                },
                nik,
                employee,
                roles,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(me))
}

/// Changes the caller's password. The new one must follow the password rules (every broken rule
/// is named) and differ from the current one; other sessions of the account are ended.
#[utoipa::path(put, path = "/api/v1/me/password", tag = "accounts",
    request_body = ChangePasswordRequest,
    responses(
        (status = 204, description = "Changed"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Wrong current password, or the new one breaks a rule", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn change_password(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: AnyPrincipal,
    body: web::Json<ChangePasswordRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let origin = RequestOrigin::of(&req);
    let employee_id = who.account.employee_id.clone();
    let identity = state
        .db
        .run(move |c| identity_of(c, employee_id.as_deref()))
        .await?;
    let mut errors = rule_errors(&body.new_password, &who.account.login, &identity);
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
    let hash = who.account.password_hash.clone();
    if !verify_off_thread(body.current_password.clone(), hash.clone()).await? {
        return Err(ApiError::validation(
            "current_password",
            Localized::new(
                "Kata sandi saat ini salah.",
                "The current password is wrong.",
            ),
        ));
    }
    if body.new_password == body.current_password
        || verify_off_thread(body.new_password.clone(), hash).await?
    {
        return Err(ApiError::validation(
            "new_password",
            PasswordRule::SameAsCurrent.violation(),
        ));
    }
    let new_hash = web::block(move || hashing::hash(&body.new_password))
        .await
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("hashing failed: {e}")))??;
    state
        .db
        .run(move |c| {
            let at = now();
            store::set_password(c, &who.account.id, &new_hash, at)?;
            store::void_resets(c, &who.account.id, at)?;
            let ended = store::revoke_sessions_except(c, &who.account.id, Some(&who.session_id), at)?;
            audit_account(c, &who.account, "password.changed", &origin, serde_json::json!({"first_change": who.account.must_change_password, "sessions_ended": ended}))?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// How long a reset link works.
pub const RESET_TTL_MINUTES: i64 = 30;

/// Asks for a password reset link. The answer is the same whether or not the NIP exists; the link
/// goes to the email address in the employee's record.
#[utoipa::path(post, path = "/api/v1/auth/password-reset", tag = "accounts",
    request_body = PasswordResetRequest,
    responses(
        (status = 202, description = "If the NIP has an account with an email address, a link is on its way"),
        (status = 422, description = "Malformed NIP", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests from this address", body = Problem, content_type = "application/problem+json")))]
pub async fn request_reset(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Json<PasswordResetRequest>,
) -> Result<HttpResponse, ApiError> {
    let nip = satu_shared::Nip::parse(&body.nip)
        .map_err(|e| ApiError::validation("nip", e.localized()))?;
    throttle(&req, &state)?;
    let origin = RequestOrigin::of(&req);
    let public_url = state.config.public_url.clone();
    let smtp = state.config.smtp_url.is_some();
    state
        .db
        .run(move |c| {
            let Some(account) = store::find_by_login(c, &nip.to_string())? else {
                audit::record(c, Actor::System("anonymous"), "password_reset.unknown_nip", Some(("account", &nip.to_string())), origin.audit(), serde_json::json!({}))?;
                return Ok(());
            };
            let email = match account.employee_id.as_deref() {
                Some(id) => employees::store::find_with_org(c, id)?.and_then(|(e, _, _)| e.email),
                None => None,
            };
            let Some(email) = email.filter(|e| e.contains('@')) else {
                audit_account(c, &account, "password_reset.no_email", &origin, serde_json::json!({}))?;
                return Ok(());
            };
            let token = tokens::new_opaque();
            let at = now();
            let link = format!("{public_url}/reset-sandi?token={token}");
            let body = format!(
                "Yth. {name},\n\nKami menerima permintaan untuk mengatur ulang kata sandi Satu ASN Anda (NIP {nip}).\n\
                 Buka tautan ini dalam {RESET_TTL_MINUTES} menit untuk membuat kata sandi baru:\n{link}\n\n\
                 Bila Anda tidak memintanya, abaikan email ini; kata sandi Anda tidak berubah.\n\
                 Jangan berikan tautan ini kepada siapa pun.\n\n\
                 (English) Open the link above within {RESET_TTL_MINUTES} minutes to choose a new password. \
                 If you did not ask for it, ignore this email.\n",
                name = account.display_name,
                nip = nip.grouped(),
            );
            c.transaction::<_, ApiError, _>(|c| {
                store::insert_reset(
                    c,
                    &store::NewPasswordReset {
                        id: new_id(),
                        account_id: &account.id,
                        token_hash: tokens::hash_opaque(&token),
                        created_at: at,
                        expires_at: at + chrono::Duration::minutes(RESET_TTL_MINUTES),
                    },
                )?;
                crate::outbox::store::queue_email(c, &email, "Atur ulang kata sandi Satu ASN", &body, smtp)?;
                audit_account(c, &account, "password_reset.requested", &origin, serde_json::json!({}))?;
                Ok(())
            })
        })
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
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Json<PasswordResetConfirm>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let origin = RequestOrigin::of(&req);
    let hash = tokens::hash_opaque(body.token.trim());
    let invalid = || {
        ApiError::validation(
            "token",
            Localized::new(
                "Tautan atur ulang kata sandi tidak berlaku, sudah dipakai, atau kedaluwarsa (30 menit). Minta tautan baru.",
                "The reset link is invalid, used or expired (30 minutes). Ask for a new one.",
            ),
        )
    };
    let found = state
        .db
        .run(move |c| {
            let Some((reset_id, account_id)) = store::find_live_reset(c, &hash, now())? else {
                return Ok(None);
            };
            let Some(account) = store::find(c, &account_id)? else {
                return Ok(None);
            };
            let identity = identity_of(c, account.employee_id.as_deref())?;
            Ok(Some((reset_id, account, identity)))
        })
        .await?;
    let Some((reset_id, account, identity)) = found else {
        return Err(invalid());
    };
    let errors = rule_errors(&body.new_password, &account.login, &identity);
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let new_password = body.new_password;
    let new_hash = web::block(move || hashing::hash(&new_password))
        .await
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("hashing failed: {e}")))??;
    let claimed = state
        .db
        .run(move |c| {
            c.transaction::<_, ApiError, _>(|c| {
                let at = now();
                if !store::claim_reset(c, &reset_id, at)? {
                    return Ok(false);
                }
                store::set_password(c, &account.id, &new_hash, at)?;
                store::void_resets(c, &account.id, at)?;
                store::clear_login_state(c, &account.id)?;
                let ended = store::revoke_sessions_except(c, &account.id, None, at)?;
                audit_account(
                    c,
                    &account,
                    "password_reset.completed",
                    &origin,
                    serde_json::json!({"sessions_ended": ended}),
                )?;
                Ok(true)
            })
        })
        .await?;
    if !claimed {
        return Err(invalid());
    }
    Ok(HttpResponse::NoContent().finish())
}
