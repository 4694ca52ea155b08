//! Two-step verification: the challenge after a right password, the second step of a login, and
//! turning TOTP on and off.

use satu_shared::auth::{MfaChallenge, TokenResponse};
use satu_shared::Localized;

use crate::accounts::service::login::{
    attempt_failed, audit_account, settle_attempt, start_session, take_attempt, Attempt, Method,
};
use crate::accounts::store::{self, Account};
use crate::accounts::{tokens, totp};
use crate::audit::Ctx;
use crate::db::{now, DbConn};
use crate::error::ApiError;
use crate::keys::{KeyStore, SecretBox};

/// How long the second step may take, and how many codes it may try.
pub const CHALLENGE_TTL_SECONDS: i64 = 300;
pub const CHALLENGE_ATTEMPTS: i32 = 5;

/// After a right password on an account with 2FA: the token for the second step.
pub fn start_challenge(c: &mut DbConn, account: &Account) -> Result<MfaChallenge, ApiError> {
    let token = super::open_challenge(c, &account.id, "mfa", now(), CHALLENGE_TTL_SECONDS)?;
    Ok(MfaChallenge {
        mfa_required: true,
        mfa_token: token,
        expires_in: CHALLENGE_TTL_SECONDS,
    })
}

pub fn code_required() -> ApiError {
    ApiError::validation(
        "code",
        Localized::new(
            "Kode wajib diisi: 6 angka dari aplikasi autentikator, atau satu kode pemulihan.",
            "The code is required: 6 digits from the authenticator app, or one recovery code.",
        ),
    )
}

pub fn wrong_code() -> ApiError {
    ApiError::validation(
        "code",
        Localized::new(
            "Kode salah atau sudah dipakai. Masukkan kode yang sedang tampil di aplikasi autentikator (berganti tiap 30 detik).",
            "Wrong or already used code. Enter the code the authenticator app shows now (it changes every 30 seconds).",
        ),
    )
}

/// What a presented second factor turned out to be.
pub enum Factor {
    Totp,
    RecoveryCode,
}

/// Checks a TOTP code (used at most once) or a recovery code (each once) of the account.
pub fn check_factor(
    c: &mut DbConn,
    vault: &SecretBox,
    account: &Account,
    code: &str,
) -> Result<Option<Factor>, ApiError> {
    let Some(secret) = account
        .totp_secret
        .as_deref()
        .and_then(|s| vault.open(&account.id, s))
    else {
        return Ok(None);
    };
    let secret = secret.as_str();
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
    let salted = totp::recovery_hash(&account.id, &normalized);
    // Codes made before they were salted are stored as the plain SHA-256; they go when the
    // codes are next replaced.
    let legacy = tokens::hash_opaque(&normalized);
    let at = now();
    let used = store::claim_recovery_code(c, &account.id, &salted, at)?
        || store::claim_recovery_code(c, &account.id, &legacy, at)?;
    Ok(used.then_some(Factor::RecoveryCode))
}

/// The second step of a login: the challenge (by its token's hash) and a code. The challenge's
/// attempt and the account's are both taken before the code is checked (conditional updates
/// whose row counts decide), so parallel codes on one challenge are five at most; a wrong code
/// is counted against the account's lock-out too (committed, then refused).
pub fn second_step(
    c: &mut DbConn,
    ctx: &Ctx,
    keys: &KeyStore,
    vault: &SecretBox,
    challenge_hash: &str,
    code: &str,
) -> Result<Result<TokenResponse, ApiError>, ApiError> {
    let at = now();
    let Some((challenge_id, account_id)) =
        store::take_challenge_attempt(c, challenge_hash, "mfa", at, CHALLENGE_ATTEMPTS)?
    else {
        return Err(ApiError::InvalidMfaToken);
    };
    let account = store::find(c, &account_id)?.ok_or(ApiError::InvalidMfaToken)?;
    if account.disabled || !account.totp_enabled() {
        return Err(ApiError::InvalidMfaToken);
    }
    let attempt = match take_attempt(c, &account.id)? {
        Ok(attempt) => attempt,
        Err(locked) => return Ok(Err(locked)),
    };
    let Some(factor) = check_factor(c, vault, &account, code)? else {
        return Ok(Err(attempt_failed(
            c,
            ctx,
            &account,
            attempt,
            "wrong_mfa_code",
            wrong_code(),
        )?));
    };
    if !store::claim_challenge(c, &challenge_id, at)? {
        // Another request used this challenge first: nothing of this one is kept.
        return Err(ApiError::InvalidMfaToken);
    }
    let method = match factor {
        Factor::Totp => Method::Totp,
        Factor::RecoveryCode => Method::RecoveryCode {
            left: store::recovery_codes_left(c, &account.id)?,
        },
    };
    Ok(Ok(start_session(c, ctx, keys, &account, method)?))
}

/// Keeps a new, unconfirmed TOTP secret (replacing an unconfirmed one), sealed by `vault`, after
/// the right password (`attempt`, whose count is cleared).
pub fn begin_setup(
    c: &mut DbConn,
    ctx: &Ctx,
    vault: &SecretBox,
    account: &Account,
    secret: &str,
    attempt: Attempt,
) -> Result<(), ApiError> {
    settle_attempt(c, &account.id, attempt, true)?;
    let sealed = vault.seal(&account.id, secret)?;
    store::set_totp_secret(c, &account.id, Some(&sealed))?;
    audit_account(c, ctx, account, "totp.setup_started", serde_json::json!({}))
}

/// Turns 2FA on at the confirmed step, with the hashes of new recovery codes.
pub fn enable(
    c: &mut DbConn,
    ctx: &Ctx,
    account: &Account,
    step: i32,
    recovery_hashes: Vec<String>,
) -> Result<(), ApiError> {
    let at = now();
    store::enable_totp(c, &account.id, at, step)?;
    store::replace_recovery_codes(c, &account.id, recovery_hashes, at)?;
    audit_account(c, ctx, account, "totp.enabled", serde_json::json!({}))
}

/// Turns 2FA off (or abandons a setup) after the right password (`attempt`, whose count is
/// cleared); its recovery codes stop working.
pub fn disable(
    c: &mut DbConn,
    ctx: &Ctx,
    account: &Account,
    attempt: Attempt,
) -> Result<(), ApiError> {
    settle_attempt(c, &account.id, attempt, true)?;
    let was_on = account.totp_enabled();
    store::set_totp_secret(c, &account.id, None)?;
    store::delete_recovery_codes(c, &account.id)?;
    audit_account(
        c,
        ctx,
        account,
        "totp.disabled",
        serde_json::json!({"was_on": was_on}),
    )
}

/// The helpdesk (or an admin) turns 2FA off for an employee of its agency who lost the phone:
/// the secret and recovery codes go, and every session of the account ends (whoever holds the
/// phone is signed out).
pub fn remove_for(
    c: &mut DbConn,
    ctx: &Ctx,
    who: &Account,
    agencies: &[String],
    nip: &satu_shared::Nip,
) -> Result<(), ApiError> {
    let (target, _) = crate::accounts::service::admin::managed(c, nip, agencies)?;
    if target.totp_secret.is_none() {
        return Err(ApiError::Conflict(Localized::new(
            "Verifikasi dua langkah akun ini tidak aktif.",
            "Two-step verification is not on for this account.",
        )));
    }
    let at = now();
    store::set_totp_secret(c, &target.id, None)?;
    store::delete_recovery_codes(c, &target.id)?;
    let ended = store::revoke_sessions_except(c, &target.id, None, at)?;
    ctx.record(
        c,
        crate::accounts::service::login::actor(who),
        "totp.removed_by_helpdesk",
        Some(("account", &target.id)),
        serde_json::json!({"sessions_ended": ended}),
    )?;
    Ok(())
}
