use chrono::NaiveDateTime;
use diesel::prelude::*;
use satu_shared::{Role, ScopeKind};

use crate::db::schema::{
    accounts, login_challenges, password_resets, qr_sessions, recovery_codes, refresh_tokens,
    role_assignments, sessions,
};
use crate::db::{DbConn, Stored};

#[derive(Debug, Clone, Insertable)]
#[diesel(treat_none_as_default_value = false)]
#[diesel(table_name = accounts)]
pub struct NewAccount {
    pub id: String,
    pub login: String,
    pub employee_id: Option<String>,
    pub display_name: String,
    pub password_hash: String,
    pub must_change_password: bool,
    pub password_changed_at: Option<chrono::NaiveDateTime>,
    pub failed_logins: i32,
    pub locked_until: Option<chrono::NaiveDateTime>,
    pub disabled: bool,
    pub created_at: chrono::NaiveDateTime,
    pub updated_at: chrono::NaiveDateTime,
    /// `None` until the first login completes its activation (an account on its initial
    /// credential); staff accounts made with a chosen password are activated at once.
    pub activated_at: Option<chrono::NaiveDateTime>,
    /// When the initial credential was issued (or re-issued by the helpdesk).
    pub initial_credential_at: Option<chrono::NaiveDateTime>,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(treat_none_as_default_value = false)]
#[diesel(table_name = role_assignments)]
pub struct NewRoleAssignment {
    pub id: String,
    pub account_id: String,
    #[diesel(serialize_as = Stored<Role>)]
    pub role: Role,
    #[diesel(serialize_as = Stored<ScopeKind>)]
    pub scope_kind: ScopeKind,
    pub scope_id: String,
    pub created_at: chrono::NaiveDateTime,
}

pub fn insert_accounts(conn: &mut DbConn, rows: &[NewAccount]) -> QueryResult<usize> {
    crate::on_backend!(conn, |c| diesel::insert_into(accounts::table)
        .values(rows.to_vec())
        .execute(c))
}

/// Which of these logins have an account.
pub fn existing_logins(conn: &mut DbConn, logins: &[String]) -> QueryResult<Vec<String>> {
    accounts::table
        .filter(accounts::login.eq_any(logins))
        .select(accounts::login)
        .load(conn)
}

pub fn insert_roles(conn: &mut DbConn, rows: &[NewRoleAssignment]) -> QueryResult<usize> {
    crate::on_backend!(conn, |c| diesel::insert_into(role_assignments::table)
        .values(rows.to_vec())
        .execute(c))
}

pub fn count(conn: &mut DbConn) -> QueryResult<i64> {
    accounts::table.count().get_result(conn)
}

/// The fields of an account that login and the auth extractor need.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = accounts)]
pub struct Account {
    pub id: String,
    pub login: String,
    pub employee_id: Option<String>,
    pub display_name: String,
    pub password_hash: String,
    pub must_change_password: bool,
    pub failed_logins: i32,
    pub failed_window_start: Option<NaiveDateTime>,
    pub locked_until: Option<NaiveDateTime>,
    pub disabled: bool,
    pub totp_secret: Option<String>,
    pub totp_enabled_at: Option<NaiveDateTime>,
    pub totp_last_step: Option<i32>,
    pub activated_at: Option<NaiveDateTime>,
    pub initial_credential_at: Option<NaiveDateTime>,
    pub activation_code_hash: Option<String>,
    pub activation_code_expires_at: Option<NaiveDateTime>,
}

impl Account {
    /// 2FA is on: a login needs the second step.
    pub fn totp_enabled(&self) -> bool {
        self.totp_enabled_at.is_some() && self.totp_secret.is_some()
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = role_assignments)]
pub struct RoleAssignment {
    #[diesel(deserialize_as = Stored<Role>)]
    pub role: Role,
    #[diesel(deserialize_as = Stored<ScopeKind>)]
    pub scope_kind: ScopeKind,
    pub scope_id: String,
}

pub fn find_by_login(conn: &mut DbConn, login: &str) -> QueryResult<Option<Account>> {
    accounts::table
        .filter(accounts::login.eq(login))
        .select(Account::as_select())
        .get_result(conn)
        .optional()
}

/// Read on every authenticated request: run on the concrete connection (see `on_backend!`).
pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<Account>> {
    // Built in each arm: `as_select` takes the backend of the connection it runs on.
    crate::on_backend!(conn, |c| accounts::table
        .find(id)
        .select(Account::as_select())
        .get_result(c)
        .optional())
}

/// The account whose session `session_id` is alive at `at` (not revoked, not expired), with its
/// roles; `None` when either is not. Read on every authenticated request: one query, on the
/// concrete connection (see `on_backend!`).
pub fn find_in_session(
    conn: &mut DbConn,
    id: &str,
    session_id: &str,
    at: NaiveDateTime,
) -> QueryResult<Option<(Account, Vec<RoleAssignment>)>> {
    type Row = (
        Account,
        Option<Stored<Role>>,
        Option<Stored<ScopeKind>>,
        Option<String>,
    );
    let rows: Vec<Row> = crate::on_backend!(conn, |c| {
        accounts::table
            .inner_join(sessions::table.on(sessions::account_id.eq(accounts::id)))
            .left_join(role_assignments::table.on(role_assignments::account_id.eq(accounts::id)))
            .filter(accounts::id.eq(id))
            .filter(sessions::id.eq(session_id))
            .filter(sessions::revoked_at.is_null())
            .filter(sessions::expires_at.gt(at))
            .order((
                role_assignments::role,
                role_assignments::scope_kind,
                role_assignments::scope_id,
            ))
            .select((
                Account::as_select(),
                role_assignments::role.nullable(),
                role_assignments::scope_kind.nullable(),
                role_assignments::scope_id.nullable(),
            ))
            .load(c)
    })?;
    let mut account = None;
    let mut roles = Vec::new();
    for (a, role, scope_kind, scope_id) in rows {
        if let (Some(role), Some(scope_kind), Some(scope_id)) = (role, scope_kind, scope_id) {
            roles.push(RoleAssignment {
                role: role.0,
                scope_kind: scope_kind.0,
                scope_id,
            });
        }
        account.get_or_insert(a);
    }
    Ok(account.map(|a| (a, roles)))
}

/// Read on every authenticated request: run on the concrete connection (see `on_backend!`).
pub fn roles_of(conn: &mut DbConn, account_id: &str) -> QueryResult<Vec<RoleAssignment>> {
    // Built in each arm: `as_select` takes the backend of the connection it runs on.
    crate::on_backend!(conn, |c| role_assignments::table
        .filter(role_assignments::account_id.eq(account_id))
        .order((
            role_assignments::role,
            role_assignments::scope_kind,
            role_assignments::scope_id,
        ))
        .select(RoleAssignment::as_select())
        .load(c))
}

/// Records the outcome of a password check: the failure counter, its window and the lock.
pub fn set_login_state(
    conn: &mut DbConn,
    id: &str,
    failed_logins: i32,
    window_start: Option<NaiveDateTime>,
    locked_until: Option<NaiveDateTime>,
) -> QueryResult<usize> {
    diesel::update(accounts::table.find(id))
        .set((
            accounts::failed_logins.eq(failed_logins),
            accounts::failed_window_start.eq(window_start),
            accounts::locked_until.eq(locked_until),
        ))
        .execute(conn)
}

/// Takes one attempt at the account's secret before it is checked: counts it, only if the
/// account is not locked at `at`. The row count decides (false: locked), so parallel attempts
/// cannot all read the same count; on PostgreSQL the update also holds the row until commit.
pub fn take_attempt(conn: &mut DbConn, id: &str, at: NaiveDateTime) -> QueryResult<bool> {
    let n = diesel::update(
        accounts::table.find(id).filter(
            accounts::locked_until
                .is_null()
                .or(accounts::locked_until.le(at)),
        ),
    )
    .set(accounts::failed_logins.eq(accounts::failed_logins + 1))
    .execute(conn)?;
    Ok(n == 1)
}

/// Completes the first login: the account's own password, activated, its code spent.
pub fn activate(conn: &mut DbConn, id: &str, hash: &str, at: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(accounts::table.find(id))
        .set((
            accounts::password_hash.eq(hash),
            accounts::must_change_password.eq(false),
            accounts::password_changed_at.eq(Some(at)),
            accounts::activated_at.eq(Some(at)),
            accounts::activation_code_hash.eq(None::<String>),
            accounts::activation_code_expires_at.eq(None::<NaiveDateTime>),
            accounts::updated_at.eq(at),
        ))
        .execute(conn)
}

/// Marks an account activated if it was not (a reset through the registered email proves as
/// much as the second fact).
pub fn mark_activated(conn: &mut DbConn, id: &str, at: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        accounts::table
            .find(id)
            .filter(accounts::activated_at.is_null()),
    )
    .set((
        accounts::activated_at.eq(Some(at)),
        accounts::activation_code_hash.eq(None::<String>),
        accounts::activation_code_expires_at.eq(None::<NaiveDateTime>),
    ))
    .execute(conn)
}

/// Keeps a new activation code (its hash) and starts the initial credential's time again.
pub fn set_activation_code(
    conn: &mut DbConn,
    id: &str,
    hash: &str,
    expires_at: NaiveDateTime,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(accounts::table.find(id))
        .set((
            accounts::activation_code_hash.eq(Some(hash)),
            accounts::activation_code_expires_at.eq(Some(expires_at)),
            accounts::initial_credential_at.eq(Some(at)),
            accounts::updated_at.eq(at),
        ))
        .execute(conn)
}

/// Takes back an attempt counted by [`take_attempt`] (its secret was right).
pub fn give_back_attempt(conn: &mut DbConn, id: &str) -> QueryResult<usize> {
    diesel::update(
        accounts::table
            .find(id)
            .filter(accounts::failed_logins.gt(0)),
    )
    .set(accounts::failed_logins.eq(accounts::failed_logins - 1))
    .execute(conn)
}

pub fn clear_login_state(conn: &mut DbConn, id: &str) -> QueryResult<usize> {
    set_login_state(conn, id, 0, None, None)
}

pub fn set_password(
    conn: &mut DbConn,
    id: &str,
    hash: &str,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(accounts::table.find(id))
        .set((
            accounts::password_hash.eq(hash),
            accounts::must_change_password.eq(false),
            accounts::password_changed_at.eq(Some(at)),
            accounts::updated_at.eq(at),
        ))
        .execute(conn)
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = refresh_tokens)]
pub struct NewRefreshToken<'a> {
    pub id: String,
    pub account_id: &'a str,
    pub family_id: &'a str,
    pub token_hash: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub ip: Option<&'a str>,
    pub user_agent: Option<&'a str>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = refresh_tokens)]
pub struct RefreshToken {
    pub id: String,
    pub account_id: String,
    pub family_id: String,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
}

pub fn insert_refresh(conn: &mut DbConn, row: &NewRefreshToken<'_>) -> QueryResult<usize> {
    diesel::insert_into(refresh_tokens::table)
        .values(row)
        .execute(conn)
}

pub fn find_refresh(conn: &mut DbConn, token_hash: &str) -> QueryResult<Option<RefreshToken>> {
    refresh_tokens::table
        .filter(refresh_tokens::token_hash.eq(token_hash))
        .select(RefreshToken::as_select())
        .get_result(conn)
        .optional()
}

/// Marks a token used, only if nobody used it first; returns whether this call did.
pub fn claim_refresh(conn: &mut DbConn, id: &str, at: NaiveDateTime) -> QueryResult<bool> {
    let n = diesel::update(
        refresh_tokens::table
            .find(id)
            .filter(refresh_tokens::used_at.is_null()),
    )
    .set(refresh_tokens::used_at.eq(Some(at)))
    .execute(conn)?;
    Ok(n == 1)
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = sessions)]
pub struct NewSession<'a> {
    pub id: &'a str,
    pub account_id: &'a str,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub last_used_at: NaiveDateTime,
    pub ip: Option<&'a str>,
    pub user_agent: Option<&'a str>,
}

pub fn insert_session(conn: &mut DbConn, row: &NewSession<'_>) -> QueryResult<usize> {
    diesel::insert_into(sessions::table)
        .values(row)
        .execute(conn)
}

/// Marks a live session used at `at` and answers its end, or `None` when it is revoked, past its
/// lifetime or gone. The update takes the session's row, so a revocation committed meanwhile is
/// seen (PostgreSQL re-checks the condition on the row it waited for) and one that comes after
/// waits for this transaction: a new token is never added to a session revoked before it.
pub fn touch_session(
    conn: &mut DbConn,
    id: &str,
    at: NaiveDateTime,
) -> QueryResult<Option<NaiveDateTime>> {
    let n = diesel::update(
        sessions::table
            .find(id)
            .filter(sessions::revoked_at.is_null())
            .filter(sessions::expires_at.gt(at)),
    )
    .set(sessions::last_used_at.eq(at))
    .execute(conn)?;
    if n == 0 {
        return Ok(None);
    }
    sessions::table
        .find(id)
        .select(sessions::expires_at)
        .get_result(conn)
        .optional()
}

/// Revokes a session (all its tokens and access tokens with it).
pub fn revoke_session(conn: &mut DbConn, id: &str, at: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        sessions::table
            .find(id)
            .filter(sessions::revoked_at.is_null()),
    )
    .set(sessions::revoked_at.eq(Some(at)))
    .execute(conn)
}

/// Revokes every session of an account but `keep` (the caller's, if any).
pub fn revoke_sessions_except(
    conn: &mut DbConn,
    account_id: &str,
    keep: Option<&str>,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        sessions::table
            .filter(sessions::account_id.eq(account_id))
            .filter(sessions::id.ne(keep.unwrap_or("")))
            .filter(sessions::revoked_at.is_null()),
    )
    .set(sessions::revoked_at.eq(Some(at)))
    .execute(conn)
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = password_resets)]
pub struct NewPasswordReset<'a> {
    pub id: String,
    pub account_id: &'a str,
    pub token_hash: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
}

pub fn insert_reset(conn: &mut DbConn, row: &NewPasswordReset<'_>) -> QueryResult<usize> {
    diesel::insert_into(password_resets::table)
        .values(row)
        .execute(conn)
}

/// How many reset links the account was sent since `since`.
pub fn resets_since(conn: &mut DbConn, account_id: &str, since: NaiveDateTime) -> QueryResult<i64> {
    password_resets::table
        .filter(password_resets::account_id.eq(account_id))
        .filter(password_resets::created_at.gt(since))
        .count()
        .get_result(conn)
}

/// The account of a reset token that is unused and not expired.
pub fn find_live_reset(
    conn: &mut DbConn,
    token_hash: &str,
    at: NaiveDateTime,
) -> QueryResult<Option<(String, String)>> {
    password_resets::table
        .filter(password_resets::token_hash.eq(token_hash))
        .filter(password_resets::used_at.is_null())
        .filter(password_resets::expires_at.gt(at))
        .select((password_resets::id, password_resets::account_id))
        .get_result(conn)
        .optional()
}

/// Marks a reset token used, only if nobody did first.
pub fn claim_reset(conn: &mut DbConn, id: &str, at: NaiveDateTime) -> QueryResult<bool> {
    let n = diesel::update(
        password_resets::table
            .find(id)
            .filter(password_resets::used_at.is_null()),
    )
    .set(password_resets::used_at.eq(Some(at)))
    .execute(conn)?;
    Ok(n == 1)
}

/// Ends every open reset of an account (after a successful reset or password change).
pub fn void_resets(conn: &mut DbConn, account_id: &str, at: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        password_resets::table
            .filter(password_resets::account_id.eq(account_id))
            .filter(password_resets::used_at.is_null()),
    )
    .set(password_resets::used_at.eq(Some(at)))
    .execute(conn)
}

/// Starts (a secret) or ends (`None`) 2FA setup; either way 2FA is off until confirmed.
pub fn set_totp_secret(conn: &mut DbConn, id: &str, secret: Option<&str>) -> QueryResult<usize> {
    diesel::update(accounts::table.find(id))
        .set((
            accounts::totp_secret.eq(secret),
            accounts::totp_enabled_at.eq(None::<NaiveDateTime>),
            accounts::totp_last_step.eq(None::<i32>),
        ))
        .execute(conn)
}

pub fn enable_totp(
    conn: &mut DbConn,
    id: &str,
    at: NaiveDateTime,
    step: i32,
) -> QueryResult<usize> {
    diesel::update(accounts::table.find(id))
        .set((
            accounts::totp_enabled_at.eq(Some(at)),
            accounts::totp_last_step.eq(Some(step)),
        ))
        .execute(conn)
}

/// Records the step of a used code, only if it is newer than the last one (so a code replayed
/// concurrently works once); returns whether this call did.
pub fn claim_totp_step(conn: &mut DbConn, id: &str, step: i32) -> QueryResult<bool> {
    let n = diesel::update(
        accounts::table.find(id).filter(
            accounts::totp_last_step
                .is_null()
                .or(accounts::totp_last_step.lt(step)),
        ),
    )
    .set(accounts::totp_last_step.eq(Some(step)))
    .execute(conn)?;
    Ok(n == 1)
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = recovery_codes)]
struct NewRecoveryCode<'a> {
    id: String,
    account_id: &'a str,
    code_hash: String,
    created_at: NaiveDateTime,
}

/// Replaces the account's recovery codes with new ones (given as hashes).
pub fn replace_recovery_codes(
    conn: &mut DbConn,
    account_id: &str,
    hashes: Vec<String>,
    at: NaiveDateTime,
) -> QueryResult<()> {
    delete_recovery_codes(conn, account_id)?;
    let rows: Vec<NewRecoveryCode<'_>> = hashes
        .into_iter()
        .map(|code_hash| NewRecoveryCode {
            id: crate::db::new_id(),
            account_id,
            code_hash,
            created_at: at,
        })
        .collect();
    crate::on_backend!(conn, |c| diesel::insert_into(recovery_codes::table)
        .values(&rows)
        .execute(c))?;
    Ok(())
}

pub fn delete_recovery_codes(conn: &mut DbConn, account_id: &str) -> QueryResult<usize> {
    diesel::delete(recovery_codes::table.filter(recovery_codes::account_id.eq(account_id)))
        .execute(conn)
}

/// Uses an unused recovery code of the account; returns whether one matched.
pub fn claim_recovery_code(
    conn: &mut DbConn,
    account_id: &str,
    code_hash: &str,
    at: NaiveDateTime,
) -> QueryResult<bool> {
    let n = diesel::update(
        recovery_codes::table
            .filter(recovery_codes::account_id.eq(account_id))
            .filter(recovery_codes::code_hash.eq(code_hash))
            .filter(recovery_codes::used_at.is_null()),
    )
    .set(recovery_codes::used_at.eq(Some(at)))
    .execute(conn)?;
    Ok(n >= 1)
}

pub fn recovery_codes_left(conn: &mut DbConn, account_id: &str) -> QueryResult<i64> {
    recovery_codes::table
        .filter(recovery_codes::account_id.eq(account_id))
        .filter(recovery_codes::used_at.is_null())
        .count()
        .get_result(conn)
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = login_challenges)]
pub struct NewChallenge<'a> {
    pub id: String,
    pub account_id: &'a str,
    pub token_hash: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    /// `mfa` (a login's second step) or `activation` (a first login's second fact).
    pub purpose: &'a str,
}

pub fn insert_challenge(conn: &mut DbConn, row: &NewChallenge<'_>) -> QueryResult<usize> {
    diesel::insert_into(login_challenges::table)
        .values(row)
        .execute(conn)
}

/// Takes one attempt of a second-step challenge that is unused, not expired and has attempts
/// left, before its code is checked; the row count decides, so parallel codes cannot all read the
/// same count. `(id, account_id)` of the challenge, or `None`.
pub fn take_challenge_attempt(
    conn: &mut DbConn,
    token_hash: &str,
    purpose: &str,
    at: NaiveDateTime,
    max_attempts: i32,
) -> QueryResult<Option<(String, String)>> {
    let n = diesel::update(
        login_challenges::table
            .filter(login_challenges::token_hash.eq(token_hash))
            .filter(login_challenges::purpose.eq(purpose))
            .filter(login_challenges::used_at.is_null())
            .filter(login_challenges::expires_at.gt(at))
            .filter(login_challenges::attempts.lt(max_attempts)),
    )
    .set(login_challenges::attempts.eq(login_challenges::attempts + 1))
    .execute(conn)?;
    if n == 0 {
        return Ok(None);
    }
    login_challenges::table
        .filter(login_challenges::token_hash.eq(token_hash))
        .select((login_challenges::id, login_challenges::account_id))
        .get_result(conn)
        .optional()
}

/// The account of a live challenge (unused, unexpired, tries left), without taking a try.
pub fn live_challenge_account(
    conn: &mut DbConn,
    token_hash: &str,
    purpose: &str,
    at: NaiveDateTime,
    max_attempts: i32,
) -> QueryResult<Option<String>> {
    login_challenges::table
        .filter(login_challenges::token_hash.eq(token_hash))
        .filter(login_challenges::purpose.eq(purpose))
        .filter(login_challenges::used_at.is_null())
        .filter(login_challenges::expires_at.gt(at))
        .filter(login_challenges::attempts.lt(max_attempts))
        .select(login_challenges::account_id)
        .get_result(conn)
        .optional()
}

pub fn claim_challenge(conn: &mut DbConn, id: &str, at: NaiveDateTime) -> QueryResult<bool> {
    let n = diesel::update(
        login_challenges::table
            .find(id)
            .filter(login_challenges::used_at.is_null()),
    )
    .set(login_challenges::used_at.eq(Some(at)))
    .execute(conn)?;
    Ok(n == 1)
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = qr_sessions)]
pub struct NewQrSession<'a> {
    pub id: String,
    pub poll_secret_hash: String,
    pub match_code: &'a str,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub ip: Option<&'a str>,
    pub user_agent: Option<&'a str>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = qr_sessions)]
pub struct QrSession {
    pub id: String,
    pub poll_secret_hash: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub approved_by: Option<String>,
    pub approved_at: Option<NaiveDateTime>,
    pub delivered_at: Option<NaiveDateTime>,
    pub match_code: Option<String>,
    pub match_attempts: i32,
}

pub fn insert_qr_session(conn: &mut DbConn, row: &NewQrSession<'_>) -> QueryResult<usize> {
    diesel::insert_into(qr_sessions::table)
        .values(row)
        .execute(conn)
}

pub fn find_qr_session(conn: &mut DbConn, id: &str) -> QueryResult<Option<QrSession>> {
    qr_sessions::table
        .find(id)
        .select(QrSession::as_select())
        .get_result(conn)
        .optional()
}

/// Takes one try at a pending, unexpired QR session's number (at most `max` in all); the row count
/// decides, so parallel guesses cannot share one try.
pub fn take_match_attempt(
    conn: &mut DbConn,
    id: &str,
    at: NaiveDateTime,
    max: i32,
) -> QueryResult<bool> {
    let n = diesel::update(
        qr_sessions::table
            .find(id)
            .filter(qr_sessions::approved_at.is_null())
            .filter(qr_sessions::expires_at.gt(at))
            .filter(qr_sessions::match_attempts.lt(max)),
    )
    .set(qr_sessions::match_attempts.eq(qr_sessions::match_attempts + 1))
    .execute(conn)?;
    Ok(n == 1)
}

/// Ends a QR session now (too many wrong numbers).
pub fn expire_qr_session(conn: &mut DbConn, id: &str, at: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(qr_sessions::table.find(id))
        .set(qr_sessions::expires_at.eq(at))
        .execute(conn)
}

/// Approves a pending, unexpired QR session for an account; returns whether this call did.
pub fn approve_qr_session(
    conn: &mut DbConn,
    id: &str,
    account_id: &str,
    at: NaiveDateTime,
) -> QueryResult<bool> {
    let n = diesel::update(
        qr_sessions::table
            .find(id)
            .filter(qr_sessions::approved_at.is_null())
            .filter(qr_sessions::expires_at.gt(at)),
    )
    .set((
        qr_sessions::approved_by.eq(Some(account_id)),
        qr_sessions::approved_at.eq(Some(at)),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Marks an approved session's tokens delivered, only once; returns whether this call did.
pub fn deliver_qr_session(conn: &mut DbConn, id: &str, at: NaiveDateTime) -> QueryResult<bool> {
    let n = diesel::update(
        qr_sessions::table
            .find(id)
            .filter(qr_sessions::approved_at.is_not_null())
            .filter(qr_sessions::delivered_at.is_null()),
    )
    .set(qr_sessions::delivered_at.eq(Some(at)))
    .execute(conn)?;
    Ok(n == 1)
}

/// The account's roles with their row ids (for revoking one).
pub fn role_rows(
    conn: &mut DbConn,
    account_id: &str,
) -> QueryResult<Vec<(String, RoleAssignment)>> {
    role_assignments::table
        .filter(role_assignments::account_id.eq(account_id))
        .order((role_assignments::role, role_assignments::scope_id))
        .select((role_assignments::id, RoleAssignment::as_select()))
        .load(conn)
}

pub fn delete_role(conn: &mut DbConn, account_id: &str, id: &str) -> QueryResult<usize> {
    diesel::delete(
        role_assignments::table
            .filter(role_assignments::account_id.eq(account_id))
            .filter(role_assignments::id.eq(id)),
    )
    .execute(conn)
}

/// The account of a NIP whose employee record belongs to one of the agencies.
pub fn find_in_agencies(
    conn: &mut DbConn,
    login: &str,
    agency_ids: &[String],
) -> QueryResult<Option<(Account, String)>> {
    use crate::db::schema::employees;
    accounts::table
        .inner_join(employees::table)
        .filter(accounts::login.eq(login))
        .filter(employees::agency_id.eq_any(agency_ids))
        .select((Account::as_select(), employees::agency_id))
        .get_result(conn)
        .optional()
}

/// What [`purge_expired`] deleted, table by table.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Purged {
    pub login_challenges: usize,
    pub qr_sessions: usize,
    pub password_resets: usize,
    pub refresh_tokens: usize,
    pub sessions: usize,
}

impl Purged {
    pub fn total(&self) -> usize {
        self.login_challenges
            + self.qr_sessions
            + self.password_resets
            + self.refresh_tokens
            + self.sessions
    }
}

/// Deletes the sign-in challenges, QR sign-in sessions, password reset links, refresh tokens and
/// sessions that expired before `before`: none can be used any more, and nothing reads them
/// afterwards (a used refresh token is kept until then, so replaying it still revokes its
/// session). A session goes with its last token: no token outlives its session, and a token
/// without its session row is refused, so no deletion can revive a revoked session.
pub fn purge_expired(conn: &mut DbConn, before: NaiveDateTime) -> QueryResult<Purged> {
    macro_rules! purge {
        ($c:expr, $table:ident) => {
            diesel::delete($table::table.filter($table::expires_at.lt(before))).execute($c)?
        };
    }
    crate::db::transaction(conn, |c| {
        Ok(Purged {
            login_challenges: purge!(c, login_challenges),
            qr_sessions: purge!(c, qr_sessions),
            password_resets: purge!(c, password_resets),
            refresh_tokens: purge!(c, refresh_tokens),
            sessions: purge!(c, sessions),
        })
    })
}
