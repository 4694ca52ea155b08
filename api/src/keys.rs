//! Ed25519 signing keys under `SATU_DATA_DIR/keys/`: created on first start, rotated by
//! `satu-api keys rotate` (a new key signs; old keys stay to verify what they signed).
//! They sign access tokens now and card QR tokens later.

use std::path::{Path, PathBuf};

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
    /// A digest of the private key, from which secrets of other purposes are derived.
    seed: [u8; 32],
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
        seed: <sha2::Sha256 as sha2::Digest>::digest(signing.to_bytes()).into(),
    })
}

/// Writes a new key and returns its id.
pub fn create_key(data_dir: &Path) -> Result<String, KeyError> {
    let dir = dir_of(data_dir);
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
        chrono::Utc::now().format("%Y%m%d%H%M%S%6f"),
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
        let dir = dir_of(data_dir);
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
        if paths.is_empty() {
            create_key(data_dir)?;
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

    /// A 32-byte secret for one purpose, the same on every instance that shares the keys and
    /// across rotations (it comes from the oldest key, which rotation keeps).
    pub fn derived_secret(&self, purpose: &str) -> [u8; 32] {
        use sha2::Digest;
        let mut h = sha2::Sha256::new();
        h.update(b"satu-asn derived secret\0");
        h.update(purpose.as_bytes());
        h.update([0u8]);
        h.update(self.keys[0].seed);
        h.finalize().into()
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
        // Rotation keeps derived secrets; purposes differ.
        assert_eq!(a.derived_secret("captcha"), b.derived_secret("captcha"));
        assert_ne!(b.derived_secret("captcha"), b.derived_secret("other"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let meta =
                std::fs::metadata(dir.path().join("keys").join(format!("{second}.pem"))).unwrap();
            assert_eq!(meta.permissions().mode() & 0o777, 0o600);
        }
    }
}
