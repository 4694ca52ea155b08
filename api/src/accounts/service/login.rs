//! Logging in and staying logged in: the outcome of a password check, the one tail every way of
//! logging in ends with (a new session, its tokens, the audit event), refresh and logout, and the
//! caller's own account.

use chrono::NaiveDateTime;
use satu_shared::auth::{AccountInfo, LoginResponse, Me, RoleGrant, TokenResponse};
use satu_shared::{Nip, Role};

use crate::accounts::service::{activation, LoginState};
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

/// One attempt at an account's secret, counted before the secret is checked.
#[derive(Debug, Clone, Copy)]
pub struct Attempt {
    /// The account's state before this attempt counted.
    pub before: LoginState,
    /// The lock this attempt set (it was the last one the window allows): kept when the secret
    /// is wrong, lifted when it is right.
    pub locks_until: Option<NaiveDateTime>,
}

/// Counts an attempt at the account's password or second factor *before* it is checked, so
/// that parallel guesses each count: the conditional update refuses a locked account, and
/// within this transaction the row is ours (SQLite: `BEGIN IMMEDIATE`; PostgreSQL: the
/// update's row lock), so the count and window are read and written without a race. The attempt
/// that reaches the limit locks the account at once; a right secret lifts it again
/// ([`attempt_succeeded`]). A locked account answers `account_locked` (committed: nothing to
/// keep, nothing lost).
pub fn take_attempt(
    c: &mut DbConn,
    account_id: &str,
) -> Result<Result<Attempt, ApiError>, ApiError> {
    let at = now();
    let counted = store::take_attempt(c, account_id, at)?;
    let account = store::find(c, account_id)?.ok_or(ApiError::InvalidCredentials)?;
    if !counted {
        let until = login_state(&account).locked_at(at).unwrap_or(at);
        return Ok(Err(ApiError::AccountLocked { until }));
    }
    let before = LoginState {
        failed: account.failed_logins - 1,
        ..login_state(&account)
    };
    let next = before.after_failure(at);
    store::set_login_state(
        c,
        account_id,
        next.failed,
        next.window_start,
        next.locked_until,
    )?;
    Ok(Ok(Attempt {
        before,
        locks_until: next.locked_until,
    }))
}

/// A right secret after [`take_attempt`]. `complete`: the caller is through (a login without
/// 2FA, a password change), so the count is cleared; otherwise only this attempt is taken back
/// (a right password before the second step: wrong passwords and wrong codes share one count
/// until the second step succeeds).
pub fn settle_attempt(
    c: &mut DbConn,
    account_id: &str,
    attempt: Attempt,
    complete: bool,
) -> Result<(), ApiError> {
    if complete {
        store::clear_login_state(c, account_id)?;
    } else if attempt.locks_until.is_some() {
        // While this attempt held the lock every other one was refused: nothing else changed.
        let b = attempt.before;
        store::set_login_state(c, account_id, b.failed, b.window_start, b.locked_until)?;
    } else {
        store::give_back_attempt(c, account_id)?;
    }
    Ok(())
}

/// A wrong secret after [`take_attempt`] (already counted): audited; the refusal to answer is
/// `account_locked` when this attempt locked the account, else `otherwise`.
pub fn attempt_failed(
    c: &mut DbConn,
    ctx: &Ctx,
    account: &Account,
    attempt: Attempt,
    reason: &str,
    otherwise: ApiError,
) -> Result<ApiError, ApiError> {
    audit_account(
        c,
        ctx,
        account,
        "login.failure",
        serde_json::json!({ "reason": reason }),
    )?;
    if let Some(until) = attempt.locks_until {
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

/// Adds a token pair to a live session: the refresh token expires with the session at the latest.
pub fn issue_tokens(
    c: &mut DbConn,
    ctx: &Ctx,
    keys: &KeyStore,
    account: &Account,
    session_id: &str,
    session_ends: NaiveDateTime,
) -> Result<TokenResponse, ApiError> {
    let refresh_token = tokens::new_opaque();
    let at = now();
    store::insert_refresh(
        c,
        &NewRefreshToken {
            id: new_id(),
            account_id: &account.id,
            family_id: session_id,
            token_hash: tokens::hash_opaque(&refresh_token),
            created_at: at,
            expires_at: (at + chrono::Duration::days(tokens::REFRESH_TTL_DAYS)).min(session_ends),
            ip: ctx.ip.as_deref(),
            user_agent: ctx.user_agent.as_deref(),
        },
    )?;
    Ok(TokenResponse {
        access_token: tokens::issue_access(keys, &account.id, session_id)?,
        token_type: "Bearer".into(),
        expires_in: tokens::ACCESS_TTL_SECONDS,
        refresh_token,
        must_change_password: account.must_change_password,
    })
}

/// How long a session lasts from its login, however often it is refreshed: shorter for the roles
/// that decide on records or administer an agency.
pub fn session_lifetime(roles: &[RoleAssignment]) -> chrono::Duration {
    let privileged = roles.iter().any(|r| {
        matches!(
            r.role,
            Role::Admin | Role::Approver | Role::ValidatorKanreg | Role::ValidatorPusat
        )
    });
    if privileged {
        chrono::Duration::hours(tokens::PRIVILEGED_SESSION_HOURS)
    } else {
        chrono::Duration::days(tokens::SESSION_DAYS)
    }
}

/// How a login was completed, for its audit event.
#[derive(Debug, Clone, Copy)]
pub enum Method {
    Password,
    Totp,
    RecoveryCode { left: i64 },
    Qr,
    Activation,
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
    let at = now();
    let ends = at + session_lifetime(&store::roles_of(c, &account.id)?);
    store::insert_session(
        c,
        &store::NewSession {
            id: &family,
            account_id: &account.id,
            created_at: at,
            expires_at: ends,
            last_used_at: at,
            ip: ctx.ip.as_deref(),
            user_agent: ctx.user_agent.as_deref(),
        },
    )?;
    let tokens = issue_tokens(c, ctx, keys, account, &family, ends)?;
    let detail = match method {
        Method::Password => serde_json::json!({"session": family}),
        Method::Totp => {
            serde_json::json!({"session": family, "mfa": "totp", "recovery_codes_left": null})
        }
        Method::RecoveryCode { left } => {
            serde_json::json!({"session": family, "mfa": "recovery_code", "recovery_codes_left": left})
        }
        Method::Qr => serde_json::json!({"session": family, "method": "qr"}),
        Method::Activation => serde_json::json!({"session": family, "method": "activation"}),
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

/// What follows a right password (counted by [`take_attempt`]): the activation step when the
/// account was never activated (the password was its initial credential), the second step when
/// 2FA is on, or the session (which clears the count).
pub fn password_accepted(
    c: &mut DbConn,
    ctx: &Ctx,
    keys: &KeyStore,
    account: &Account,
    attempt: Attempt,
) -> Result<Result<LoginResponse, ApiError>, ApiError> {
    if account.activated_at.is_none() {
        return Ok(activation::start(c, ctx, account, attempt)?.map(LoginResponse::Activation));
    }
    if account.totp_enabled() {
        settle_attempt(c, &account.id, attempt, false)?;
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

/// Exchanges a refresh token (by its hash) for a new pair within its session. A used one revokes
/// the session (committed, then refused). The session's row is updated before the new token is
/// added, in this transaction: a revocation either came first (refused) or waits and then ends
/// the new token with the rest.
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
    if token.expires_at <= at {
        return Ok(Err(ApiError::InvalidRefreshToken));
    }
    let Some(session_ends) = store::touch_session(c, &token.family_id, at)? else {
        return Ok(Err(ApiError::InvalidRefreshToken));
    };
    let Some(account) = store::find(c, &token.account_id)? else {
        return Ok(Err(ApiError::InvalidRefreshToken));
    };
    if token.used_at.is_some() || !store::claim_refresh(c, &token.id, at)? {
        store::revoke_session(c, &token.family_id, at)?;
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
    Ok(Ok(issue_tokens(
        c,
        ctx,
        keys,
        &account,
        &token.family_id,
        session_ends,
    )?))
}

/// Ends the session a refresh token (by its hash) belongs to; an unknown token changes nothing.
pub fn logout(c: &mut DbConn, ctx: &Ctx, token_hash: &str) -> Result<(), ApiError> {
    if let Some(token) = store::find_refresh(c, token_hash)? {
        store::revoke_session(c, &token.family_id, now())?;
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
    let employee = match found {
        Some(row) => Some(employees::service::record(c, row)?),
        None => None,
    };
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
