//! Activation beyond the NIK: the NIK is largely derivable from the NIP and the agency, so the
//! first login of an account (NIP + NIK, the regulation's initial credential) also asks for a
//! second fact the agency holds: the family-card number in the employee's record, or else a
//! one-time code the helpdesk or admin issued. The account's first own password is set in the
//! same step. An initial credential never used expires after the agency's setting (90 days
//! unless it says otherwise); issuing a code starts it again.

use chrono::Duration;
use satu_shared::auth::{ActivationChallenge, ActivationCode, ActivationNeeds, TokenResponse};
use satu_shared::{Localized, Nip};

use crate::accounts::activation::{code_hash, new_code, normalize_kk};
use crate::accounts::service::admin::managed;
use crate::accounts::service::login::{
    attempt_failed, audit_account, settle_attempt, start_session, take_attempt, Attempt, Method,
};
use crate::accounts::service::password::{identity_of, Identity};
use crate::accounts::store::{self, Account};
use crate::accounts::tokens;
use crate::audit::Ctx;
use crate::db::{now, DbConn};
use crate::employees;
use crate::error::ApiError;
use crate::keys::KeyStore;

const PURPOSE: &str = "activation";
/// How long the activation step may take, and how many second facts it may try.
pub const CHALLENGE_TTL_SECONDS: i64 = 600;
pub const CHALLENGE_ATTEMPTS: i32 = 5;
/// How long an issued activation code works.
pub const CODE_DAYS: i64 = 14;

/// The second fact a first login brings.
#[derive(Debug, Clone)]
pub enum Fact {
    NomorKk(String),
    Code(String),
}

fn expired() -> ApiError {
    ApiError::Gone(Localized::new(
        "Kredensial awal (NIP dan NIK) akun ini sudah kedaluwarsa karena tidak dipakai. Minta helpdesk instansi Anda menerbitkan kode aktivasi.",
        "This account's initial credential (NIP and NIK) expired unused. Ask your agency's helpdesk for an activation code.",
    ))
}

/// After a right initial credential of an account never activated: this attempt is given back
/// (the second fact counts next), and the activation step starts, unless the credential expired.
pub fn start(
    c: &mut DbConn,
    ctx: &Ctx,
    account: &Account,
    attempt: Attempt,
) -> Result<Result<ActivationChallenge, ApiError>, ApiError> {
    settle_attempt(c, &account.id, attempt, false)?;
    let found = match &account.employee_id {
        Some(id) => employees::store::find_with_org(c, id)?,
        None => None,
    };
    let Some((employee, _, agency)) = found else {
        return Ok(Err(ApiError::InvalidCredentials));
    };
    let at = now();
    let issued = account.initial_credential_at.unwrap_or(at);
    if at - issued > Duration::days(i64::from(agency.initial_credential_days)) {
        audit_account(c, ctx, account, "activation.expired", serde_json::json!({}))?;
        return Ok(Err(expired()));
    }
    let needs = if employee.nomor_kk.is_some() {
        ActivationNeeds::NomorKk
    } else {
        ActivationNeeds::ActivationCode
    };
    let token = super::open_challenge(c, &account.id, PURPOSE, at, CHALLENGE_TTL_SECONDS)?;
    audit_account(
        c,
        ctx,
        account,
        "activation.started",
        serde_json::json!({ "needs": needs }),
    )?;
    Ok(Ok(ActivationChallenge {
        activation_required: true,
        activation_token: token,
        expires_in: CHALLENGE_TTL_SECONDS,
        needs,
    }))
}

/// The account of a live activation step, what it needs, and what its password must not be.
pub fn find(
    c: &mut DbConn,
    token_hash: &str,
) -> Result<Option<(Account, ActivationNeeds, Identity)>, ApiError> {
    let Some(account_id) =
        store::live_challenge_account(c, token_hash, PURPOSE, now(), CHALLENGE_ATTEMPTS)?
    else {
        return Ok(None);
    };
    let Some(account) = store::find(c, &account_id)? else {
        return Ok(None);
    };
    let kk = match &account.employee_id {
        Some(id) => employees::store::find_with_org(c, id)?.and_then(|(e, _, _)| e.nomor_kk),
        None => None,
    };
    let needs = if kk.is_some() {
        ActivationNeeds::NomorKk
    } else {
        ActivationNeeds::ActivationCode
    };
    let identity = identity_of(c, account.employee_id.as_deref())?;
    Ok(Some((account, needs, identity)))
}

fn wrong_fact(fact: &Fact) -> ApiError {
    match fact {
        Fact::NomorKk(_) => ApiError::validation(
            "nomor_kk",
            Localized::new(
                "Nomor KK tidak cocok dengan data kepegawaian Anda. Periksa kembali Kartu Keluarga Anda, atau hubungi helpdesk.",
                "The family-card number does not match your personnel record. Check your family card, or contact the helpdesk.",
            ),
        ),
        Fact::Code(_) => ApiError::validation(
            "activation_code",
            Localized::new(
                "Kode aktivasi salah atau sudah kedaluwarsa. Periksa kode dari helpdesk, atau minta kode baru.",
                "The activation code is wrong or expired. Check the code from the helpdesk, or ask for a new one.",
            ),
        ),
    }
}

/// The activation step: one try of the challenge and one of the account's lock-out are taken
/// before the fact is checked; a right fact sets the first own password (already hashed),
/// activates the account and starts its session.
pub fn activate(
    c: &mut DbConn,
    ctx: &Ctx,
    keys: &KeyStore,
    token_hash: &str,
    fact: Fact,
    new_hash: &str,
) -> Result<Result<TokenResponse, ApiError>, ApiError> {
    let at = now();
    let Some((challenge_id, account_id)) =
        store::take_challenge_attempt(c, token_hash, PURPOSE, at, CHALLENGE_ATTEMPTS)?
    else {
        return Err(ApiError::InvalidActivationToken);
    };
    let account = store::find(c, &account_id)?.ok_or(ApiError::InvalidActivationToken)?;
    if account.activated_at.is_some() || account.disabled {
        return Err(ApiError::InvalidActivationToken);
    }
    let attempt = match take_attempt(c, &account.id)? {
        Ok(attempt) => attempt,
        Err(locked) => return Ok(Err(locked)),
    };
    let right = match &fact {
        Fact::NomorKk(typed) => {
            let kk = match &account.employee_id {
                Some(id) => {
                    employees::store::find_with_org(c, id)?.and_then(|(e, _, _)| e.nomor_kk)
                }
                None => None,
            };
            match (kk.as_deref().and_then(normalize_kk), normalize_kk(typed)) {
                (Some(kk), Some(typed)) => {
                    tokens::constant_time_eq(kk.as_bytes(), typed.as_bytes())
                }
                _ => false,
            }
        }
        Fact::Code(typed) => {
            let live = account.activation_code_expires_at.is_some_and(|e| e > at);
            let stored = account.activation_code_hash.as_deref().unwrap_or("");
            live && tokens::constant_time_eq(
                stored.as_bytes(),
                code_hash(&account.id, typed).as_bytes(),
            )
        }
    };
    if !right {
        let refusal = attempt_failed(
            c,
            ctx,
            &account,
            attempt,
            "wrong_activation_fact",
            wrong_fact(&fact),
        )?;
        return Ok(Err(refusal));
    }
    if !store::claim_challenge(c, &challenge_id, at)? {
        return Err(ApiError::InvalidActivationToken);
    }
    store::activate(c, &account.id, new_hash, at)?;
    audit_account(
        c,
        ctx,
        &account,
        "account.activated",
        serde_json::json!({"by": match fact { Fact::NomorKk(_) => "nomor_kk", Fact::Code(_) => "activation_code" }}),
    )?;
    let account = store::find(c, &account.id)?.ok_or(ApiError::InvalidActivationToken)?;
    Ok(Ok(start_session(
        c,
        ctx,
        keys,
        &account,
        Method::Activation,
    )?))
}

/// Issues a one-time activation code for an account of the caller's agency never activated (the
/// helpdesk or an admin gives it to the employee); the initial credential's time starts again.
pub fn issue_code(
    c: &mut DbConn,
    ctx: &Ctx,
    who: &Account,
    agencies: &[String],
    nip: &Nip,
) -> Result<ActivationCode, ApiError> {
    let (target, _) = managed(c, nip, agencies)?;
    if target.activated_at.is_some() {
        return Err(ApiError::Conflict(Localized::new(
            "Akun ini sudah aktif. Bila pemiliknya lupa kata sandi, gunakan atur ulang kata sandi.",
            "This account is already active. If its owner forgot the password, use the password reset.",
        )));
    }
    let code = new_code();
    let at = now();
    let expires = at + Duration::days(CODE_DAYS);
    store::set_activation_code(c, &target.id, &code_hash(&target.id, &code), expires, at)?;
    ctx.record(
        c,
        crate::accounts::service::login::actor(who),
        "activation.code_issued",
        Some(("account", &target.id)),
        serde_json::json!({"expires_at": expires.and_utc()}),
    )?;
    Ok(ActivationCode {
        activation_code: code,
        expires_at: expires.and_utc(),
    })
}
