//! The accounts' units of work (each runs inside the one transaction its handler opens) and the
//! lock-out rule they share. No HTTP here, no SQL: the queries are in `accounts::store`.

pub mod activation;
pub mod admin;
pub mod login;
pub mod mfa;
pub mod password;
pub mod qr_login;

use chrono::{Duration, NaiveDateTime};

use crate::accounts::{store, tokens};
use crate::db::{new_id, DbConn};
use crate::error::ApiError;

/// Opens a second-step challenge (`purpose`: `mfa` or `activation`) for the account, valid for
/// `ttl_seconds` from `at`: the token to hand out once (only its hash is kept).
pub fn open_challenge(
    c: &mut DbConn,
    account_id: &str,
    purpose: &str,
    at: NaiveDateTime,
    ttl_seconds: i64,
) -> Result<String, ApiError> {
    let token = tokens::new_opaque();
    store::insert_challenge(
        c,
        &store::NewChallenge {
            id: new_id(),
            account_id,
            token_hash: tokens::hash_opaque(&token),
            created_at: at,
            expires_at: at + Duration::seconds(ttl_seconds),
            purpose,
        },
    )?;
    Ok(token)
}

/// Failed logins within [`WINDOW_MINUTES`] that lock an account.
pub const MAX_FAILURES: i32 = 5;
pub const WINDOW_MINUTES: i64 = 15;
pub const LOCK_MINUTES: i64 = 15;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoginState {
    pub failed: i32,
    pub window_start: Option<NaiveDateTime>,
    pub locked_until: Option<NaiveDateTime>,
}

impl LoginState {
    pub const CLEAR: LoginState = LoginState {
        failed: 0,
        window_start: None,
        locked_until: None,
    };

    /// When the account is locked now, until when.
    pub fn locked_at(&self, now: NaiveDateTime) -> Option<NaiveDateTime> {
        self.locked_until.filter(|until| *until > now)
    }

    /// The state after one more failed password: the fifth failure within the window locks the
    /// account and starts a fresh count for after the lock.
    pub fn after_failure(&self, now: NaiveDateTime) -> LoginState {
        let (count, start) = match self.window_start {
            Some(s) if now - s < Duration::minutes(WINDOW_MINUTES) => (self.failed + 1, s),
            _ => (1, now),
        };
        if count >= MAX_FAILURES {
            LoginState {
                failed: 0,
                window_start: None,
                locked_until: Some(now + Duration::minutes(LOCK_MINUTES)),
            }
        } else {
            LoginState {
                failed: count,
                window_start: Some(start),
                locked_until: None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(min: i64) -> NaiveDateTime {
        chrono::DateTime::from_timestamp(1_800_000_000, 0)
            .unwrap_or_default()
            .naive_utc()
            + Duration::minutes(min)
    }

    #[test]
    fn five_failures_within_fifteen_minutes_lock_for_fifteen_minutes() {
        let mut s = LoginState::CLEAR;
        for i in 0..4 {
            s = s.after_failure(t(i * 3));
            assert_eq!(s.locked_at(t(i * 3)), None);
        }
        s = s.after_failure(t(12));
        assert_eq!(s.locked_at(t(12)), Some(t(27)));
        assert_eq!(s.locked_at(t(26)), Some(t(27)));
        assert_eq!(s.locked_at(t(27)), None);
    }

    #[test]
    fn failures_spread_beyond_the_window_do_not_lock() {
        let mut s = LoginState::CLEAR;
        for i in 0..10 {
            s = s.after_failure(t(i * 4));
            assert_eq!(s.locked_at(t(i * 4)), None, "failure {i}");
        }
    }
}
