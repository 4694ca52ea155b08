//! Passwords: the rules a new one must follow, changing one's own, and the reset by email link.

use satu_shared::password::{self, PasswordContext};
use satu_shared::{FieldErrors, Localized, Nip};

use crate::accounts::service::login::{audit_account, settle_attempt, Attempt};
use crate::accounts::store::{self, Account};
use crate::accounts::tokens;
use crate::audit::{Actor, Ctx};
use crate::config::Config;
use crate::db::{new_id, now, DbConn};
use crate::employees;
use crate::error::ApiError;

/// How long a reset link works.
pub const RESET_TTL_MINUTES: i64 = 30;
/// Reset links one account is sent per hour at most, whoever asks (the per-address limit alone
/// would let many addresses flood one mailbox).
pub const RESETS_PER_HOUR: i64 = 3;

/// What a password must not be besides the NIP: the holder's NIK and birth date.
pub type Identity = Option<(String, chrono::NaiveDate)>;

/// The holder's NIK and birth date.
pub fn identity_of(c: &mut DbConn, employee_id: Option<&str>) -> Result<Identity, ApiError> {
    Ok(match employee_id {
        Some(id) => employees::store::find_with_org(c, id)?.map(|(e, _, _)| (e.nik, e.birth_date)),
        None => None,
    })
}

/// Every password rule the new password breaks, as `new_password` field errors.
pub fn rule_errors(new_password: &str, nip: &str, identity: &Identity) -> FieldErrors {
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

/// Sets the caller's new password (already hashed) after the right current one (`attempt`, whose
/// count is cleared): reset links are voided and every other session of the account ends, with
/// the audit event, in one transaction.
pub fn change_own(
    c: &mut DbConn,
    ctx: &Ctx,
    account: &Account,
    session_id: &str,
    attempt: Attempt,
    new_hash: &str,
) -> Result<(), ApiError> {
    let at = now();
    settle_attempt(c, &account.id, attempt, true)?;
    store::set_password(c, &account.id, new_hash, at)?;
    store::void_resets(c, &account.id, at)?;
    let ended = store::revoke_sessions_except(c, &account.id, Some(session_id), at)?;
    audit_account(
        c,
        ctx,
        account,
        "password.changed",
        serde_json::json!({"first_change": account.must_change_password, "sessions_ended": ended}),
    )
}

/// Sends a reset link to the email address of the NIP's employee record, when there is one; the
/// caller learns nothing either way.
pub fn request_reset(
    c: &mut DbConn,
    ctx: &Ctx,
    config: &Config,
    nip: &Nip,
) -> Result<(), ApiError> {
    let Some(account) = store::find_by_login(c, &nip.to_string())? else {
        ctx.record(
            c,
            Actor::System("anonymous"),
            "password_reset.unknown_nip",
            Some(("account", &nip.to_string())),
            serde_json::json!({}),
        )?;
        return Ok(());
    };
    let email = match account.employee_id.as_deref() {
        Some(id) => employees::store::find_with_org(c, id)?.and_then(|(e, _, _)| e.email),
        None => None,
    };
    let Some(email) = email.filter(|e| e.contains('@')) else {
        return audit_account(
            c,
            ctx,
            &account,
            "password_reset.no_email",
            serde_json::json!({}),
        );
    };
    let at = now();
    if store::resets_since(c, &account.id, at - chrono::Duration::hours(1))? >= RESETS_PER_HOUR {
        return audit_account(
            c,
            ctx,
            &account,
            "password_reset.throttled",
            serde_json::json!({"per_hour": RESETS_PER_HOUR}),
        );
    }
    let token = tokens::new_opaque();
    // In the fragment: browsers never send it, so it stays out of access logs and proxies.
    let link = format!("{}/reset-sandi#token={token}", config.public_url);
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
    crate::outbox::store::queue_email(
        c,
        &email,
        "Atur ulang kata sandi Satu ASN",
        &body,
        config.smtp_url.is_some(),
    )?;
    audit_account(
        c,
        ctx,
        &account,
        "password_reset.requested",
        serde_json::json!({}),
    )
}

pub fn invalid_reset_link() -> ApiError {
    ApiError::validation(
        "token",
        Localized::new(
            "Tautan atur ulang kata sandi tidak berlaku, sudah dipakai, atau kedaluwarsa (30 menit). Minta tautan baru.",
            "The reset link is invalid, used or expired (30 minutes). Ask for a new one.",
        ),
    )
}

/// The live reset link of a token (by its hash): its id, the account and what the new password
/// must not be.
pub fn find_reset(
    c: &mut DbConn,
    token_hash: &str,
) -> Result<Option<(String, Account, Identity)>, ApiError> {
    let Some((reset_id, account_id)) = store::find_live_reset(c, token_hash, now())? else {
        return Ok(None);
    };
    let Some(account) = store::find(c, &account_id)? else {
        return Ok(None);
    };
    let identity = identity_of(c, account.employee_id.as_deref())?;
    Ok(Some((reset_id, account, identity)))
}

/// Uses the reset link (once) to set the new password (already hashed): every session of the
/// account ends and the lock-out is cleared.
pub fn complete_reset(
    c: &mut DbConn,
    ctx: &Ctx,
    reset_id: &str,
    account: &Account,
    new_hash: &str,
) -> Result<(), ApiError> {
    let at = now();
    if !store::claim_reset(c, reset_id, at)? {
        return Err(invalid_reset_link());
    }
    store::set_password(c, &account.id, new_hash, at)?;
    store::mark_activated(c, &account.id, at)?;
    store::void_resets(c, &account.id, at)?;
    store::clear_login_state(c, &account.id)?;
    let ended = store::revoke_sessions_except(c, &account.id, None, at)?;
    audit_account(
        c,
        ctx,
        account,
        "password_reset.completed",
        serde_json::json!({"sessions_ended": ended}),
    )
}
