//! Password hashing: argon2id with OWASP's parameters (19 MiB, 2 passes, 1 lane), PHC strings.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

fn hasher() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

pub fn hash(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    hasher()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("password hashing failed: {e}"))
}

/// The stored secret of an account an import made: its initial credential is the NIK in its
/// employee record, compared at the first login (which sets the first own password, hashed
/// then). Never a PHC string, so [`verify`] never takes it for a hash.
pub const FROM_RECORD: &str = "initial-credential:record-nik";

/// Checks a password against an account's stored secret: an argon2 hash, or (for
/// [`FROM_RECORD`]) the record's NIK, typed with or without spaces. argon2 runs in both cases,
/// against `dummy` for the NIK, so the time taken does not tell which kind of account answered.
pub fn verify_secret(password: &str, phc: &str, nik: Option<&str>, dummy: &str) -> bool {
    if phc != FROM_RECORD {
        return verify(password, phc);
    }
    let _ = verify(password, dummy);
    let typed: String = password.chars().filter(|c| !c.is_whitespace()).collect();
    match nik {
        Some(nik) if !nik.is_empty() => {
            crate::accounts::tokens::constant_time_eq(typed.as_bytes(), nik.as_bytes())
        }
        _ => false,
    }
}

pub fn verify(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc)
        .map(|h| hasher().verify_password(password.as_bytes(), &h).is_ok())
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn hashes_verify_and_differ_by_salt() {
        let a = hash("Rahasia-Madiun-2026").unwrap();
        let b = hash("Rahasia-Madiun-2026").unwrap();
        assert_ne!(a, b);
        assert!(a.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{a}");
        assert!(verify("Rahasia-Madiun-2026", &a));
        assert!(!verify("rahasia-madiun-2026", &a));
        assert!(!verify("x", "not a hash"));
    }

    #[test]
    fn an_imported_account_answers_to_its_records_nik_only() {
        let dummy = hash("dummy").unwrap();
        let nik = Some("3577014604850001");
        assert!(verify_secret("3577014604850001", FROM_RECORD, nik, &dummy));
        assert!(verify_secret(
            "3577 0146 0485 0001",
            FROM_RECORD,
            nik,
            &dummy
        ));
        assert!(!verify_secret("3577014604850002", FROM_RECORD, nik, &dummy));
        assert!(!verify_secret("", FROM_RECORD, Some(""), &dummy));
        assert!(!verify_secret(
            "3577014604850001",
            FROM_RECORD,
            None,
            &dummy
        ));
        // The marker is never a password.
        assert!(!verify_secret(FROM_RECORD, FROM_RECORD, nik, &dummy));
        assert!(!verify(FROM_RECORD, FROM_RECORD));
    }
}
