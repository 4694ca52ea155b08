//! Logging in and staying logged in: the outcome of a password check, the one tail every way of
//! logging in ends with (a new session, its tokens, the audit event), refresh and logout, and the
//! caller's own account.

use satu_shared::auth::{AccountInfo, LoginResponse, Me, RoleGrant, TokenResponse};
use satu_shared::Nip;

use crate::accounts::service::LoginState;
use crate::accounts::store::{self, Account, NewRefreshToken, RoleAssignment};
use crate::accounts::tokens;
use crate::audit::{Actor, Ctx};
use crate::db::{new_id, now, DbConn};
use crate::employees;
use crate::error::ApiError;
use crate::keys::KeyStore;

pub fn actor(account: &Account) -> Actor<'_> {
    Actor::Account {
        id: &account.id,
        label: &account.login,
    }
}

/// Records what an account did (or what happened to it).
pub fn audit_account(
    c: &mut DbConn,
    ctx: &Ctx,
    account: &Account,
    action: &str,
    detail: serde_json::Value,
) -> Result<(), ApiError> {
    ctx.record(
        c,
        actor(account),
        action,
        Some(("account", &account.id)),
        detail,
    )?;
    Ok(())
}

/// The lock-out state of an account as loaded.
pub fn login_state(account: &Account) -> LoginState {
    LoginState {
        failed: account.failed_logins,
        window_start: account.failed_window_start,
        locked_until: account.locked_until,
    }
}

/// Counts a failed login step (a wrong password or a wrong 2FA code) against the account and
/// audits it; returns the refusal to answer once this is committed: `account_locked` when this
/// failure locked it, else `otherwise`.
pub fn record_failure(
    c: &mut DbConn,
    ctx: &Ctx,
    account: &Account,
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
        ctx,
        account,
        "login.failure",
        serde_json::json!({ "reason": reason }),
    )?;
    if let Some(until) = next.locked_until {
        audit_account(
            c,
            ctx,
            account,
            "account.locked",
            serde_json::json!({"until": until.and_utc()}),
        )?;
        return Ok(ApiError::AccountLocked { until });
    }
    Ok(otherwise)
}

/// Continues a session (a refresh-token family), returning the token pair.
pub fn issue_tokens(
    c: &mut DbConn,
    ctx: &Ctx,
    keys: &KeyStore,
    account: &Account,
    family_id: &str,
) -> Result<TokenResponse, ApiError> {
    let refresh_token = tokens::new_opaque();
    let at = now();
    store::insert_refresh(
        c,
        &NewRefreshToken {
            id: new_id(),
            account_id: &account.id,
            family_id,
            token_hash: tokens::hash_opaque(&refresh_token),
            created_at: at,
            expires_at: at + chrono::Duration::days(tokens::REFRESH_TTL_DAYS),
            ip: ctx.ip.as_deref(),
            user_agent: ctx.user_agent.as_deref(),
        },
    )?;
    Ok(TokenResponse {
        access_token: tokens::issue_access(keys, &account.id, family_id)?,
        token_type: "Bearer".into(),
        expires_in: tokens::ACCESS_TTL_SECONDS,
        refresh_token,
        must_change_password: account.must_change_password,
    })
}

/// How a login was completed, for its audit event.
#[derive(Debug, Clone, Copy)]
pub enum Method {
    Password,
    Totp,
    RecoveryCode { left: i64 },
    Qr,
}

/// The tail every way of logging in ends with: the failure count cleared (after a password or a
/// second step: wrong codes and wrong passwords share one count until then), a new session, its
/// tokens, and the `login.success` event.
pub fn start_session(
    c: &mut DbConn,
    ctx: &Ctx,
    keys: &KeyStore,
    account: &Account,
    method: Method,
) -> Result<TokenResponse, ApiError> {
    if !matches!(method, Method::Qr) {
        store::clear_login_state(c, &account.id)?;
    }
    let family = new_id();
    let tokens = issue_tokens(c, ctx, keys, account, &family)?;
    let detail = match method {
        Method::Password => serde_json::json!({"session": family}),
        Method::Totp => {
            serde_json::json!({"session": family, "mfa": "totp", "recovery_codes_left": null})
        }
        Method::RecoveryCode { left } => {
            serde_json::json!({"session": family, "mfa": "recovery_code", "recovery_codes_left": left})
        }
        Method::Qr => serde_json::json!({"session": family, "method": "qr"}),
    };
    audit_account(c, ctx, account, "login.success", detail)?;
    Ok(tokens)
}

/// A login with a NIP that has no account: audited (the answer is that of a wrong password).
pub fn unknown_login(c: &mut DbConn, ctx: &Ctx, nip: &Nip) -> Result<(), ApiError> {
    ctx.record(
        c,
        Actor::System("anonymous"),
        "login.failure",
        Some(("account", &nip.to_string())),
        serde_json::json!({"reason": "unknown_nip"}),
    )?;
    Ok(())
}

/// What follows the password check of a login: a wrong password counted (committed, then
/// refused), the second step when 2FA is on, or the session.
pub fn after_password(
    c: &mut DbConn,
    ctx: &Ctx,
    keys: &KeyStore,
    account: &Account,
    password_ok: bool,
) -> Result<Result<LoginResponse, ApiError>, ApiError> {
    if !password_ok {
        let refusal = record_failure(
            c,
            ctx,
            account,
            "wrong_password",
            ApiError::InvalidCredentials,
        )?;
        return Ok(Err(refusal));
    }
    if account.disabled {
        return Ok(Err(ApiError::Forbidden));
    }
    if account.totp_enabled() {
        // The failure count is cleared only once the second step succeeds.
        let challenge = crate::accounts::service::mfa::start_challenge(c, account)?;
        audit_account(
            c,
            ctx,
            account,
            "login.password_ok",
            serde_json::json!({"mfa": "totp"}),
        )?;
        return Ok(Ok(LoginResponse::Mfa(challenge)));
    }
    let tokens = start_session(c, ctx, keys, account, Method::Password)?;
    Ok(Ok(LoginResponse::Tokens(tokens)))
}

/// Exchanges a refresh token (by its hash) for a new pair. A used one revokes its whole session
/// (committed, then refused).
pub fn refresh(
    c: &mut DbConn,
    ctx: &Ctx,
    keys: &KeyStore,
    token_hash: &str,
) -> Result<Result<TokenResponse, ApiError>, ApiError> {
    let at = now();
    let Some(token) = store::find_refresh(c, token_hash)? else {
        return Ok(Err(ApiError::InvalidRefreshToken));
    };
    if token.revoked_at.is_some() || token.expires_at <= at {
        return Ok(Err(ApiError::InvalidRefreshToken));
    }
    let Some(account) = store::find(c, &token.account_id)? else {
        return Ok(Err(ApiError::InvalidRefreshToken));
    };
    if token.used_at.is_some() || !store::claim_refresh(c, &token.id, at)? {
        store::revoke_family(c, &token.family_id, at)?;
        audit_account(
            c,
            ctx,
            &account,
            "session.refresh_reused",
            serde_json::json!({"session": token.family_id}),
        )?;
        return Ok(Err(ApiError::RefreshTokenReused));
    }
    if account.disabled {
        return Err(ApiError::InvalidRefreshToken);
    }
    Ok(Ok(issue_tokens(c, ctx, keys, &account, &token.family_id)?))
}

/// Ends the session a refresh token (by its hash) belongs to; an unknown token changes nothing.
pub fn logout(c: &mut DbConn, ctx: &Ctx, token_hash: &str) -> Result<(), ApiError> {
    if let Some(token) = store::find_refresh(c, token_hash)? {
        store::revoke_family(c, &token.family_id, now())?;
        ctx.record(
            c,
            Actor::System("logout"),
            "logout",
            Some(("account", &token.account_id)),
            serde_json::json!({"session": token.family_id}),
        )?;
    }
    Ok(())
}

/// Roles as the API shows them, each with the name of its scope.
pub fn grants(c: &mut DbConn, roles: &[RoleAssignment]) -> Result<Vec<RoleGrant>, ApiError> {
    roles
        .iter()
        .map(|r| {
            Ok(RoleGrant {
                role: r.role,
                scope: r.scope_kind,
                scope_id: r.scope_id.clone(),
                scope_name: crate::org::store::scope_name(c, r.scope_kind, &r.scope_id)?,
            })
        })
        .collect()
}

/// The caller's account, employee record and roles.
pub fn me(c: &mut DbConn, account: &Account, roles: &[RoleAssignment]) -> Result<Me, ApiError> {
    let found = match &account.employee_id {
        Some(id) => employees::store::find_with_org(c, id)?,
        None => None,
    };
    let nik = found.as_ref().map(|(e, _, _)| e.nik.clone());
    let employee = found.map(|(e, u, a)| employees::service::to_record(e, u, a));
    Ok(Me {
        account: AccountInfo {
            id: account.id.clone(),
            nip: account.login.clone(),
            display_name: account.display_name.clone(),
            must_change_password: account.must_change_password,
            totp_enabled: account.totp_enabled(),
        },
        nik,
        employee,
        roles: grants(c, roles)?,
    })
}
