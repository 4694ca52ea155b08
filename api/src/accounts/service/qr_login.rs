//! QR login: a browser's session, its poll, the phone's look at the asking browser and its
//! approval.

use chrono::NaiveDateTime;
use satu_shared::auth::{QrSessionDevice, QrStatus, TokenResponse};
use satu_shared::Localized;

use crate::accounts::service::login::{
    attempt_failed, audit_account, settle_attempt, start_session, take_attempt, Attempt, Method,
};
use crate::accounts::service::mfa::{check_factor, wrong_code};
use crate::accounts::store::{self, Account, QrSession};
use crate::audit::Ctx;
use crate::db::{now, DbConn};
use crate::error::ApiError;
use crate::keys::KeyStore;

/// How long a QR code can be approved.
pub const QR_TTL_SECONDS: i64 = 120;
/// How long after approval the browser may collect the tokens.
pub const DELIVERY_WINDOW_SECONDS: i64 = 120;
/// Wrong numbers a QR session survives: the third ends it.
pub const MATCH_ATTEMPTS: i32 = 3;
/// How fresh the phone's access token must be to approve.
pub const FRESH_SECONDS: i64 = 300;

/// The two digits the computer shows and the phone types.
pub fn new_match_code() -> String {
    let mut b = [0u8; 1];
    rand_core::RngCore::fill_bytes(&mut rand_core::OsRng, &mut b);
    format!("{}", 10 + u32::from(b[0]) % 90)
}

/// How the phone's user proves, at the moment of approving, that the account is theirs.
pub enum StepUp {
    /// The password was right (checked and counted by `session::check_password_counted`).
    Password(Attempt),
    /// A 2FA code (or recovery code), checked in the approval's unit of work.
    Code(String),
}

fn status_of(s: &QrSession, at: NaiveDateTime) -> QrStatus {
    if s.approved_at.is_some() {
        QrStatus::Approved
    } else if s.expires_at <= at {
        QrStatus::Expired
    } else {
        QrStatus::Pending
    }
}

pub fn expired() -> ApiError {
    ApiError::Gone(Localized::new(
        "Kode QR ini sudah kedaluwarsa (2 menit). Muat ulang kode QR di komputer, lalu pindai lagi.",
        "This QR code has expired (2 minutes). Reload the QR code on the computer and scan again.",
    ))
}

fn used() -> ApiError {
    ApiError::Gone(Localized::new(
        "Login QR ini sudah dipakai. Minta kode QR baru bila perlu masuk lagi.",
        "This QR login was already used. Ask for a new QR code to log in again.",
    ))
}

/// A new QR session for the asking browser, bound to the hash of its poll secret.
pub fn create(
    c: &mut DbConn,
    ctx: &Ctx,
    id: String,
    poll_secret_hash: String,
    match_code: &str,
) -> Result<(), ApiError> {
    let at = now();
    store::insert_qr_session(
        c,
        &store::NewQrSession {
            id,
            poll_secret_hash,
            match_code,
            created_at: at,
            expires_at: at + chrono::Duration::seconds(QR_TTL_SECONDS),
            ip: ctx.ip.as_deref(),
            user_agent: ctx.user_agent.as_deref(),
        },
    )?;
    Ok(())
}

/// The asking browser's poll (it presents the hash of its poll secret): the status, and once
/// approved the tokens, exactly once.
pub fn poll(
    c: &mut DbConn,
    ctx: &Ctx,
    keys: &KeyStore,
    id: &str,
    presented_hash: Option<&str>,
) -> Result<(QrStatus, Option<TokenResponse>), ApiError> {
    let at = now();
    let session = store::find_qr_session(c, id)?
        .filter(|s| presented_hash == Some(s.poll_secret_hash.as_str()))
        .ok_or(ApiError::NotFound)?;
    let status = status_of(&session, at);
    let (Some(account_id), Some(approved_at)) = (&session.approved_by, session.approved_at) else {
        return Ok((status, None));
    };
    if session.delivered_at.is_some()
        || approved_at + chrono::Duration::seconds(DELIVERY_WINDOW_SECONDS) <= at
    {
        return Err(used());
    }
    let account = store::find(c, account_id)?.ok_or(ApiError::NotFound)?;
    if account.disabled {
        return Err(ApiError::Forbidden);
    }
    if !store::deliver_qr_session(c, &session.id, at)? {
        return Err(used());
    }
    let tokens = start_session(c, ctx, keys, &account, Method::Qr)?;
    Ok((status, Some(tokens)))
}

/// Which browser asks, for the phone before it approves.
pub fn device(c: &mut DbConn, id: &str) -> Result<QrSessionDevice, ApiError> {
    let at = now();
    let s = store::find_qr_session(c, id)?.ok_or(ApiError::NotFound)?;
    Ok(QrSessionDevice {
        status: status_of(&s, at),
        ip: s.ip,
        user_agent: s.user_agent,
        created_at: s.created_at.and_utc(),
        expires_in: (s.expires_at - at).num_seconds().max(0),
    })
}

fn already_approved() -> ApiError {
    ApiError::Conflict(Localized::new(
        "Kode QR ini sudah disetujui. Setiap kode hanya berlaku sekali.",
        "This QR code was already approved. Each code works once.",
    ))
}

/// A pending, unexpired session, or why not.
fn pending(c: &mut DbConn, id: &str, at: NaiveDateTime) -> Result<QrSession, ApiError> {
    let s = store::find_qr_session(c, id)?.ok_or(ApiError::NotFound)?;
    if s.approved_at.is_some() {
        return Err(already_approved());
    }
    if s.expires_at <= at {
        return Err(expired());
    }
    Ok(s)
}

/// The phone types the number the computer shows: one try taken first (three in all; the third
/// wrong one ends the session), committed whatever the answer.
pub fn check_match(
    c: &mut DbConn,
    id: &str,
    typed: &str,
) -> Result<Result<(), ApiError>, ApiError> {
    let at = now();
    let s = pending(c, id, at)?;
    if !store::take_match_attempt(c, id, at, MATCH_ATTEMPTS)? {
        return Err(expired());
    }
    let right = s.match_code.as_deref().is_some_and(|m| {
        crate::accounts::tokens::constant_time_eq(m.as_bytes(), typed.trim().as_bytes())
    });
    if right {
        return Ok(Ok(()));
    }
    if s.match_attempts + 1 >= MATCH_ATTEMPTS {
        store::expire_qr_session(c, id, at)?;
        return Ok(Err(expired()));
    }
    Ok(Err(ApiError::validation(
        "match_code",
        Localized::new(
            "Angka tidak sama dengan yang tampil di komputer. Bila Anda tidak sedang masuk di komputer, jangan setujui: seseorang mungkin mencoba masuk sebagai Anda.",
            "The number differs from the one on the computer. If you are not logging in on a computer, do not approve: someone may be trying to log in as you.",
        ),
    )))
}

/// The phone's approval, after the right number: the step-up is settled (a 2FA code is checked
/// here, counted toward the lock-out), and the asking browser's next poll logs it in as
/// `account`.
pub fn approve(
    c: &mut DbConn,
    ctx: &Ctx,
    vault: &crate::keys::SecretBox,
    account: &Account,
    id: &str,
    step_up: StepUp,
) -> Result<Result<(), ApiError>, ApiError> {
    let at = now();
    let s = pending(c, id, at)?;
    match step_up {
        StepUp::Password(attempt) => settle_attempt(c, &account.id, attempt, true)?,
        StepUp::Code(code) => {
            let attempt = match take_attempt(c, &account.id)? {
                Ok(attempt) => attempt,
                Err(locked) => return Ok(Err(locked)),
            };
            if check_factor(c, vault, account, &code)?.is_none() {
                let refusal =
                    attempt_failed(c, ctx, account, attempt, "wrong_mfa_code", wrong_code())?;
                return Ok(Err(refusal));
            }
            settle_attempt(c, &account.id, attempt, true)?;
        }
    }
    if !store::approve_qr_session(c, &s.id, &account.id, at)? {
        return Err(expired());
    }
    audit_account(
        c,
        ctx,
        account,
        "qr_login.approved",
        serde_json::json!({"qr_session": s.id, "browser_ip": s.ip}),
    )?;
    Ok(Ok(()))
}
