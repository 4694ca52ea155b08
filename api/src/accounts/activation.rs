//! Pure rules of a first login's second fact: family-card numbers and one-time activation codes
//! (their alphabet, normal form and stored hash). The units of work are in
//! `accounts::service::activation`.

use rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};

/// Crockford's base 32: no I, L, O or U, so a code read aloud or from paper is typed right.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Characters of a code (40 bits; five tries a login and the account lock-out bound guessing).
pub const CODE_LENGTH: usize = 8;

/// A new code, `XXXX-XXXX`.
pub fn new_code() -> String {
    let mut bytes = [0u8; CODE_LENGTH];
    OsRng.fill_bytes(&mut bytes);
    format_code(&bytes)
}

/// The demo's code of an account (public, like every demo credential): the same on every load.
pub fn demo_code(nip: &str) -> String {
    let digest = Sha256::digest(format!("satu-asn demo activation {nip}").as_bytes());
    format_code(&digest[..CODE_LENGTH])
}

fn format_code(bytes: &[u8]) -> String {
    let chars: String = bytes
        .iter()
        .map(|b| ALPHABET[usize::from(*b) % 32] as char)
        .collect();
    format!("{}-{}", &chars[..4], &chars[4..])
}

/// What a typed code means: case, spaces and dashes do not matter; O reads as 0, I and L as 1.
pub fn normalize_code(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            other => other,
        })
        .collect()
}

/// The stored form of a code: bound to its account, so equal codes of two accounts differ.
pub fn code_hash(account_id: &str, typed: &str) -> String {
    let mut h = Sha256::new();
    h.update(b"satu-asn activation code\0");
    h.update(account_id.as_bytes());
    h.update([0u8]);
    h.update(normalize_code(typed).as_bytes());
    hex::encode(h.finalize())
}

/// A family-card number as typed: its 16 digits, or `None` when it is not one.
pub fn normalize_kk(typed: &str) -> Option<String> {
    let digits: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    (digits.len() == 16 && digits.bytes().all(|b| b.is_ascii_digit())).then_some(digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_back_however_they_are_typed() {
        let code = new_code();
        assert_eq!(code.len(), CODE_LENGTH + 1);
        assert!(code
            .chars()
            .all(|c| c == '-' || ALPHABET.contains(&(c as u8))));
        assert_ne!(code, new_code());
        let typed = code.to_lowercase().replace('-', " ");
        assert_eq!(code_hash("a", &typed), code_hash("a", &code));
        assert_ne!(code_hash("a", &code), code_hash("b", &code));
        assert_eq!(normalize_code("k7mx-4pqo"), "K7MX4PQ0");
        assert_eq!(normalize_code("IL"), "11");
        assert_eq!(
            demo_code("199001012015011001"),
            demo_code("199001012015011001")
        );
    }

    #[test]
    fn family_card_numbers_are_sixteen_digits() {
        assert_eq!(
            normalize_kk("3577 0101 0112 0001").as_deref(),
            Some("3577010101120001")
        );
        assert_eq!(normalize_kk("357701010112000"), None);
        assert_eq!(normalize_kk("35770101011200x1"), None);
    }
}
