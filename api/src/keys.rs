//! Ed25519 signing keys, by purpose, so that a key of one purpose can never make a token of
//! another:
//! - **card keys** (`SATU_DATA_DIR/keys/*.pem`): sign card QR tokens and the status list; created
//!   on first start, rotated by `satu-api keys rotate` (a new key signs; old keys stay forever,
//!   so every card ever printed still verifies);
//! - **session keys** (`SATU_DATA_DIR/keys/session/*.pem`, [`SessionKeys`]): sign access and
//!   client tokens; a new one every day, each deleted once every token it signed has expired;
//! - **the captcha secret** (`SATU_DATA_DIR/keys/captcha.secret`, [`captcha_secret`]).
//!
//! Instances that share `SATU_DATA_DIR` share all three.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use ed25519_dalek::pkcs8::spki::der::pem::LineEnding;
use ed25519_dalek::pkcs8::{DecodePrivateKey, EncodePrivateKey, EncodePublicKey};
use ed25519_dalek::SigningKey;
use jsonwebtoken::{DecodingKey, EncodingKey};
use rand_core::OsRng;

pub struct Key {
    pub kid: String,
    pub encoding: EncodingKey,
    pub decoding: DecodingKey,
    /// The raw 32-byte public key (for JWKS).
    pub public: [u8; 32],
    /// The private key itself: card tokens are checked by signing again (Ed25519 signatures are
    /// deterministic, and signing costs a third of verifying).
    pub signing: SigningKey,
}

pub struct KeyStore {
    /// Sorted by kid; the last one signs.
    keys: Vec<Key>,
}

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("signing keys in {dir}: {reason}")]
    Io { dir: String, reason: String },
    #[error("signing key {path} is unreadable: {reason}")]
    Invalid { path: String, reason: String },
}

fn dir_of(data_dir: &Path) -> PathBuf {
    data_dir.join("keys")
}

fn session_dir_of(data_dir: &Path) -> PathBuf {
    data_dir.join("keys").join("session")
}

/// When a key was made, from its id (`YYYYmmddHHMMSSffffff-…`).
fn created_at(kid: &str) -> Option<chrono::NaiveDateTime> {
    chrono::NaiveDateTime::parse_from_str(kid.get(..20)?, "%Y%m%d%H%M%S%6f").ok()
}

fn load_key(path: &Path) -> Result<Key, KeyError> {
    let invalid = |reason: String| KeyError::Invalid {
        path: path.display().to_string(),
        reason,
    };
    let pem = std::fs::read_to_string(path).map_err(|e| invalid(e.to_string()))?;
    let signing = SigningKey::from_pkcs8_pem(&pem).map_err(|e| invalid(e.to_string()))?;
    let public_pem = signing
        .verifying_key()
        .to_public_key_pem(LineEnding::LF)
        .map_err(|e| invalid(e.to_string()))?;
    let kid = path
        .file_stem()
        .and_then(|s| s.to_str())
        .ok_or_else(|| invalid("file name is not a key id".into()))?
        .to_owned();
    Ok(Key {
        kid,
        encoding: EncodingKey::from_ed_pem(pem.as_bytes()).map_err(|e| invalid(e.to_string()))?,
        decoding: DecodingKey::from_ed_pem(public_pem.as_bytes())
            .map_err(|e| invalid(e.to_string()))?,
        public: signing.verifying_key().to_bytes(),
        signing: signing.clone(),
    })
}

/// Writes a new card key and returns its id.
pub fn create_key(data_dir: &Path) -> Result<String, KeyError> {
    create_key_in(&dir_of(data_dir), chrono::Utc::now().naive_utc())
}

/// Writes a new key made at `at` into `dir` and returns its id.
fn create_key_in(dir: &Path, at: chrono::NaiveDateTime) -> Result<String, KeyError> {
    let dir = dir.to_path_buf();
    let io = |e: std::io::Error| KeyError::Io {
        dir: dir.display().to_string(),
        reason: e.to_string(),
    };
    std::fs::create_dir_all(&dir).map_err(io)?;
    let signing = SigningKey::generate(&mut OsRng);
    let pem = signing
        .to_pkcs8_pem(LineEnding::LF)
        .map_err(|e| KeyError::Io {
            dir: dir.display().to_string(),
            reason: e.to_string(),
        })?;
    let kid = format!(
        "{}-{}",
        at.format("%Y%m%d%H%M%S%6f"),
        &hex::encode(signing.verifying_key().to_bytes())[..8]
    );
    let path = dir.join(format!("{kid}.pem"));
    write_private(&path, pem.as_bytes()).map_err(io)?;
    tracing::info!(kid = %kid, "created a signing key");
    Ok(kid)
}

#[cfg(unix)]
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    f.write_all(bytes)
}

#[cfg(not(unix))]
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::write(path, bytes)
}

impl KeyStore {
    /// Loads every key, creating the first one when there is none.
    pub fn load_or_create(data_dir: &Path) -> Result<KeyStore, KeyError> {
        KeyStore::load_dir(&dir_of(data_dir), true)
    }

    fn load_dir(dir: &Path, create: bool) -> Result<KeyStore, KeyError> {
        let dir = dir.to_path_buf();
        let list = |dir: &Path| -> Result<Vec<PathBuf>, KeyError> {
            let mut v: Vec<PathBuf> = match std::fs::read_dir(dir) {
                Ok(rd) => rd
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.extension().is_some_and(|x| x == "pem"))
                    .collect(),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
                Err(e) => {
                    return Err(KeyError::Io {
                        dir: dir.display().to_string(),
                        reason: e.to_string(),
                    })
                }
            };
            v.sort();
            Ok(v)
        };
        let mut paths = list(&dir)?;
        if paths.is_empty() && create {
            create_key_in(&dir, chrono::Utc::now().naive_utc())?;
            paths = list(&dir)?;
        }
        let keys = paths
            .iter()
            .map(|p| load_key(p))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(KeyStore { keys })
    }

    /// The key that signs now.
    pub fn active(&self) -> &Key {
        // load_or_create guarantees at least one key.
        &self.keys[self.keys.len() - 1]
    }

    pub fn find(&self, kid: &str) -> Option<&Key> {
        self.keys.iter().find(|k| k.kid == kid)
    }

    pub fn all(&self) -> &[Key] {
        &self.keys
    }
}

/// How long a session key signs before the next one takes over.
pub const SESSION_KEY_DAYS: i64 = 1;
/// How long a key is kept after it stopped signing: the longest lifetime of what it signed
/// (access and client tokens, 15 minutes) and a margin for clocks.
pub const SESSION_KEY_GRACE_MINUTES: i64 = 15 + 5;

/// The session keys: reloaded from their folder when due to rotate and when a token names a key
/// this instance has not loaded yet (another instance rotated first), at most every few seconds.
pub struct SessionKeys {
    dir: PathBuf,
    current: RwLock<Arc<KeyStore>>,
    last_reload: Mutex<Instant>,
}

impl SessionKeys {
    /// Opens the folder, making or retiring keys as due now.
    pub fn open(data_dir: &Path) -> Result<SessionKeys, KeyError> {
        let dir = session_dir_of(data_dir);
        let keys = SessionKeys {
            current: RwLock::new(Arc::new(KeyStore { keys: Vec::new() })),
            last_reload: Mutex::new(Instant::now()),
            dir,
        };
        keys.rotate_if_due(chrono::Utc::now().naive_utc())?;
        Ok(keys)
    }

    /// The keys as loaded: the last one signs.
    pub fn current(&self) -> Arc<KeyStore> {
        match self.current.read() {
            Ok(k) => k.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// The loaded keys, reloaded first when `kid` is not among them (at most every 5 seconds, so
    /// made-up key ids cannot make every request read the folder).
    pub fn with_kid(&self, kid: &str) -> Arc<KeyStore> {
        let keys = self.current();
        if keys.find(kid).is_some() {
            return keys;
        }
        let due = match self.last_reload.lock() {
            Ok(mut last) if last.elapsed() > Duration::from_secs(5) => {
                *last = Instant::now();
                true
            }
            _ => false,
        };
        if due {
            if let Err(e) = self.reload() {
                tracing::warn!(error = %e, "reloading session keys failed");
            }
        }
        self.current()
    }

    fn reload(&self) -> Result<(), KeyError> {
        let loaded = Arc::new(KeyStore::load_dir(&self.dir, false)?);
        if loaded.keys.is_empty() {
            return Ok(());
        }
        match self.current.write() {
            Ok(mut k) => *k = loaded,
            Err(poisoned) => *poisoned.into_inner() = loaded,
        }
        Ok(())
    }

    /// Makes a new key when the newest is [`SESSION_KEY_DAYS`] old (or there is none), deletes
    /// the keys whose successor took over more than [`SESSION_KEY_GRACE_MINUTES`] ago, and
    /// reloads. Run at start and hourly.
    pub fn rotate_if_due(&self, now: chrono::NaiveDateTime) -> Result<(), KeyError> {
        let mut kids: Vec<String> = KeyStore::load_dir(&self.dir, false)?
            .keys
            .into_iter()
            .map(|k| k.kid)
            .collect();
        let newest = kids.last().and_then(|k| created_at(k));
        if newest.is_none_or(|t| now - t >= chrono::Duration::days(SESSION_KEY_DAYS)) {
            kids.push(create_key_in(&self.dir, now)?);
        }
        for pair in kids.windows(2) {
            let Some(took_over) = created_at(&pair[1]) else {
                continue;
            };
            if now - took_over > chrono::Duration::minutes(SESSION_KEY_GRACE_MINUTES) {
                let path = self.dir.join(format!("{}.pem", pair[0]));
                match std::fs::remove_file(&path) {
                    Ok(()) => tracing::info!(kid = %pair[0], "retired a session key"),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => {
                        tracing::warn!(kid = %pair[0], error = %e, "could not retire a session key")
                    }
                }
            }
        }
        self.reload()
    }
}

/// The secret that seals captcha answers into their ids: 32 random bytes of its own, made on
/// first start.
pub fn captcha_secret(data_dir: &Path) -> Result<[u8; 32], KeyError> {
    secret_file(data_dir, "captcha.secret")
}

/// 32 random bytes in `keys/<name>` (hex), made on first start; the same for every instance that
/// shares the folder.
fn secret_file(data_dir: &Path, name: &str) -> Result<[u8; 32], KeyError> {
    let dir = dir_of(data_dir);
    let path = dir.join(name);
    let io = |e: std::io::Error| KeyError::Io {
        dir: dir.display().to_string(),
        reason: e.to_string(),
    };
    let parse = |text: &str| -> Option<[u8; 32]> { hex::decode(text.trim()).ok()?.try_into().ok() };
    match std::fs::read_to_string(&path) {
        Ok(text) => parse(&text).ok_or_else(|| KeyError::Invalid {
            path: path.display().to_string(),
            reason: "not 32 bytes in hex".into(),
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            std::fs::create_dir_all(&dir).map_err(io)?;
            let mut secret = [0u8; 32];
            rand_core::RngCore::fill_bytes(&mut OsRng, &mut secret);
            match write_private(&path, hex::encode(secret).as_bytes()) {
                Ok(()) => Ok(secret),
                // Another instance made it first: use theirs.
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => captcha_secret(data_dir),
                Err(e) => Err(io(e)),
            }
        }
        Err(e) => Err(io(e)),
    }
}

/// Encrypts secrets kept in the database (TOTP secrets) with a key under `SATU_DATA_DIR`
/// (`keys/totp.key`), so a copy of the database alone does not give anyone's second factor.
/// ChaCha20-Poly1305 with a random nonce, bound to its row by associated data (the account id):
/// stored as `v1:` + base64(nonce ‖ ciphertext). A value without the prefix is an old plain one.
pub struct SecretBox {
    cipher: chacha20poly1305::ChaCha20Poly1305,
}

impl SecretBox {
    pub fn load_or_create(data_dir: &Path) -> Result<SecretBox, KeyError> {
        use chacha20poly1305::KeyInit;
        let key = secret_file(data_dir, "totp.key")?;
        Ok(SecretBox {
            cipher: chacha20poly1305::ChaCha20Poly1305::new(&key.into()),
        })
    }

    pub fn seal(&self, bound_to: &str, secret: &str) -> anyhow::Result<String> {
        use base64::Engine;
        use chacha20poly1305::aead::{Aead, AeadCore, Payload};
        let nonce = chacha20poly1305::ChaCha20Poly1305::generate_nonce(&mut OsRng);
        let sealed = self
            .cipher
            .encrypt(
                &nonce,
                Payload {
                    msg: secret.as_bytes(),
                    aad: bound_to.as_bytes(),
                },
            )
            .map_err(|_| anyhow::anyhow!("sealing a secret failed"))?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        Ok(format!(
            "v1:{}",
            base64::engine::general_purpose::STANDARD_NO_PAD.encode(out)
        ))
    }

    /// The secret, or `None` when the stored value is not ours (another key, another row,
    /// tampered).
    pub fn open(&self, bound_to: &str, stored: &str) -> Option<String> {
        use base64::Engine;
        use chacha20poly1305::aead::{Aead, Payload};
        let Some(b64) = stored.strip_prefix("v1:") else {
            return Some(stored.to_owned());
        };
        let raw = base64::engine::general_purpose::STANDARD_NO_PAD
            .decode(b64)
            .ok()?;
        if raw.len() < 12 {
            return None;
        }
        let (nonce, sealed) = raw.split_at(12);
        let plain = self
            .cipher
            .decrypt(
                nonce.into(),
                Payload {
                    msg: sealed,
                    aad: bound_to.as_bytes(),
                },
            )
            .ok()?;
        String::from_utf8(plain).ok()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn first_start_creates_a_key_and_rotation_keeps_the_old_one() {
        let dir = tempfile::tempdir().unwrap();
        let a = KeyStore::load_or_create(dir.path()).unwrap();
        assert_eq!(a.all().len(), 1);
        let first = a.active().kid.clone();
        // A second start loads the same key.
        assert_eq!(
            KeyStore::load_or_create(dir.path()).unwrap().active().kid,
            first
        );
        let second = create_key(dir.path()).unwrap();
        let b = KeyStore::load_or_create(dir.path()).unwrap();
        assert_eq!(b.all().len(), 2);
        assert_eq!(b.active().kid, second);
        assert!(b.find(&first).is_some());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let meta =
                std::fs::metadata(dir.path().join("keys").join(format!("{second}.pem"))).unwrap();
            assert_eq!(meta.permissions().mode() & 0o777, 0o600);
        }
    }

    #[test]
    fn session_keys_rotate_daily_and_retire_once_their_tokens_expired() {
        let dir = tempfile::tempdir().unwrap();
        let keys = SessionKeys::open(dir.path()).unwrap();
        // Apart from the card keys.
        assert!(dir.path().join("keys/session").is_dir());
        assert_eq!(KeyStore::load_or_create(dir.path()).unwrap().all().len(), 1);
        let first = keys.current().active().kid.clone();
        assert!(KeyStore::load_or_create(dir.path())
            .unwrap()
            .find(&first)
            .is_none());

        let base = created_at(&first).unwrap();
        keys.rotate_if_due(base + chrono::Duration::hours(23))
            .unwrap();
        assert_eq!(keys.current().active().kid, first, "not due yet");
        let later = base + chrono::Duration::hours(24);
        keys.rotate_if_due(later).unwrap();
        let second = keys.current().active().kid.clone();
        assert_ne!(second, first);
        assert!(
            keys.current().find(&first).is_some(),
            "still verifies what it signed"
        );
        keys.rotate_if_due(later + chrono::Duration::minutes(21))
            .unwrap();
        assert!(keys.current().find(&first).is_none(), "retired");
        assert_eq!(keys.current().active().kid, second);
    }

    #[test]
    fn a_key_another_instance_made_is_found_on_first_use() {
        let dir = tempfile::tempdir().unwrap();
        let a = SessionKeys::open(dir.path()).unwrap();
        let b = SessionKeys::open(dir.path()).unwrap();
        *b.last_reload.lock().unwrap() = Instant::now() - Duration::from_secs(10);
        let made =
            create_key_in(&session_dir_of(dir.path()), chrono::Utc::now().naive_utc()).unwrap();
        assert!(a.current().find(&made).is_none());
        assert!(b.with_kid(&made).find(&made).is_some());
        // Right after a reload, an unknown id does not read the folder again.
        assert!(b
            .with_kid("20990101000000000000-ffffffff")
            .find("x")
            .is_none());
    }

    #[test]
    fn the_captcha_secret_is_its_own_and_stays() {
        let dir = tempfile::tempdir().unwrap();
        let s1 = captcha_secret(dir.path()).unwrap();
        create_key(dir.path()).unwrap();
        assert_eq!(captcha_secret(dir.path()).unwrap(), s1);
        let other = tempfile::tempdir().unwrap();
        assert_ne!(captcha_secret(other.path()).unwrap(), s1);
    }

    #[test]
    fn sealed_secrets_open_only_for_their_row_and_key() {
        let dir = tempfile::tempdir().unwrap();
        let vault = SecretBox::load_or_create(dir.path()).unwrap();
        let sealed = vault.seal("acc-1", "JBSWY3DPEHPK3PXP").unwrap();
        assert!(sealed.starts_with("v1:") && !sealed.contains("JBSWY3DPEHPK3PXP"));
        assert_ne!(sealed, vault.seal("acc-1", "JBSWY3DPEHPK3PXP").unwrap());
        assert_eq!(
            vault.open("acc-1", &sealed).as_deref(),
            Some("JBSWY3DPEHPK3PXP")
        );
        assert_eq!(vault.open("acc-2", &sealed), None, "another row");
        let other = SecretBox::load_or_create(tempfile::tempdir().unwrap().path()).unwrap();
        assert_eq!(other.open("acc-1", &sealed), None, "another key");
        assert_eq!(vault.open("acc-1", "PLAINOLD").as_deref(), Some("PLAINOLD"));
        assert_eq!(vault.open("acc-1", "v1:!!"), None);
    }
}
