//! What every handler can reach.

use std::sync::Arc;

use crate::config::Config;
use crate::db::Db;
use crate::keys::KeyStore;
use crate::ratelimit::RateLimiter;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<Config>,
    /// Card keys: card QR tokens and the status list (never access tokens).
    pub keys: Arc<KeyStore>,
    /// Encrypts the TOTP secrets kept in the database.
    pub totp_box: Arc<crate::keys::SecretBox>,
    /// Session keys: access and client tokens (never cards).
    pub session_keys: Arc<crate::keys::SessionKeys>,
    /// Login and password-reset attempts per client address.
    pub login_limiter: Arc<RateLimiter>,
    /// Captchas and card verifications per client address.
    pub verify_limiter: Arc<RateLimiter>,
    /// Card rendering, render cache, photo files, status list.
    pub cards: Arc<crate::cards::CardKit>,
    /// Files: card photos and the data update's documents (a local directory or a bucket).
    pub files: crate::storage::Storage,
    /// Password hashing and checks (argon2, 19 MiB each), one per core at a time.
    pub hashing: Arc<crate::gate::Gate>,
    /// Photo decoding and card previews, one per core at a time.
    pub photos: Arc<crate::gate::Gate>,
    /// Documents read into memory and checked at once (up to 1 MB each): 16 per core, so a
    /// deadline burst of hundreds of uploads waits in TCP's flow control, not in memory.
    pub uploads: Arc<crate::gate::Gate>,
    /// Background workers (the SMTP sender) run while this lives: the server owns it.
    pub alive: Arc<()>,
}
