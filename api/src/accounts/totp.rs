//! Time-based one-time passwords (RFC 6238 over RFC 4226): HMAC-SHA1, 6 digits, 30-second steps,
//! as every authenticator app expects; and the recovery codes that stand in for the app.

use hmac::{Hmac, Mac};
use rand_core::{OsRng, RngCore};
use sha1::Sha1;

pub const STEP_SECONDS: i64 = 30;
pub const DIGITS: u32 = 6;
/// Codes of one step before and after now are accepted (clock drift of the phone).
pub const WINDOW: i64 = 1;
pub const RECOVERY_CODE_COUNT: usize = 10;
const BASE32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// RFC 4648 base32 without padding.
pub fn base32_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    let mut buffer: u32 = 0;
    let mut bits = 0;
    for &b in bytes {
        buffer = (buffer << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(BASE32[((buffer >> bits) & 31) as usize] as char);
        }
    }
    if bits > 0 {
        out.push(BASE32[((buffer << (5 - bits)) & 31) as usize] as char);
    }
    out
}

/// Decodes base32 (case and spaces ignored); `None` for any other character.
pub fn base32_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 5 / 8);
    let mut buffer: u32 = 0;
    let mut bits = 0;
    for c in text.chars().filter(|c| !c.is_whitespace() && *c != '=') {
        let c = c.to_ascii_uppercase() as u8;
        let v = BASE32.iter().position(|&x| x == c)? as u32;
        buffer = (buffer << 5) | v;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push(((buffer >> bits) & 0xff) as u8);
        }
    }
    Some(out)
}

/// A new 160-bit secret (the size RFC 4226 recommends), base32.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 20];
    OsRng.fill_bytes(&mut bytes);
    base32_encode(&bytes)
}

/// The HOTP value of a counter (RFC 4226 section 5.3).
pub fn hotp(key: &[u8], counter: u64) -> u32 {
    let Ok(mut mac) = Hmac::<Sha1>::new_from_slice(key) else {
        return u32::MAX;
    };
    mac.update(&counter.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = (digest[19] & 0x0f) as usize;
    let binary = (u32::from(digest[offset] & 0x7f) << 24)
        | (u32::from(digest[offset + 1]) << 16)
        | (u32::from(digest[offset + 2]) << 8)
        | u32::from(digest[offset + 3]);
    binary % 10u32.pow(DIGITS)
}

pub fn step_at(unix_seconds: i64) -> i64 {
    unix_seconds.div_euclid(STEP_SECONDS)
}

/// The code an app shows at a time, zero-padded.
pub fn code_at(secret: &str, unix_seconds: i64) -> Option<String> {
    let key = base32_decode(secret)?;
    Some(format!(
        "{:0width$}",
        hotp(&key, step_at(unix_seconds) as u64),
        width = DIGITS as usize
    ))
}

/// Whether `code` (spaces allowed) is the code of a step within the window around `unix_seconds`
/// and after `last_step` (a code works once); returns the step it matched.
pub fn verify(secret: &str, code: &str, unix_seconds: i64, last_step: Option<i64>) -> Option<i64> {
    let digits: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.len() != DIGITS as usize || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let presented: u32 = digits.parse().ok()?;
    let key = base32_decode(secret)?;
    let now = step_at(unix_seconds);
    let mut matched = None;
    // Check every step of the window, so the time taken does not depend on which one matched.
    for step in (now - WINDOW)..=(now + WINDOW) {
        let ok = step >= 0 && hotp(&key, step as u64) == presented;
        if ok && last_step.is_none_or(|last| step > last) {
            matched = Some(step);
        }
    }
    matched
}

/// `otpauth://totp/Satu%20ASN:<nip>?secret=...&issuer=Satu%20ASN&algorithm=SHA1&digits=6&period=30`
pub fn otpauth_uri(issuer: &str, account: &str, secret: &str) -> String {
    let label = format!("{issuer}:{account}");
    let enc = |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    format!(
        "otpauth://totp/{}?secret={secret}&issuer={}&algorithm=SHA1&digits={DIGITS}&period={STEP_SECONDS}",
        enc(&label).replace('+', "%20"),
        enc(issuer).replace('+', "%20"),
    )
}

/// Ten recovery codes like `K7QF-M2XD-9RTB` (60 random bits each).
pub fn new_recovery_codes() -> Vec<String> {
    // No 0/O or 1/I: the codes are copied by hand.
    const ALPHABET: &[u8; 32] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    (0..RECOVERY_CODE_COUNT)
        .map(|_| {
            let mut bytes = [0u8; 12];
            OsRng.fill_bytes(&mut bytes);
            let chars: Vec<char> = bytes
                .iter()
                .map(|b| ALPHABET[(b & 31) as usize] as char)
                .collect();
            chars
                .chunks(4)
                .map(|c| c.iter().collect::<String>())
                .collect::<Vec<_>>()
                .join("-")
        })
        .collect()
}

/// The stored form of a recovery code: case, spaces and dashes do not matter.
/// The stored form of a recovery code: salted with its account, so equal codes of two accounts
/// differ and no table of hashes serves every account at once.
pub fn recovery_hash(account_id: &str, code: &str) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(b"satu-asn recovery code\0");
    h.update(account_id.as_bytes());
    h.update([0u8]);
    h.update(normalize_recovery_code(code).as_bytes());
    hex::encode(h.finalize())
}

pub fn normalize_recovery_code(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// RFC 6238 appendix B, SHA1 rows (the key is "12345678901234567890"; 8 digits there, the
    /// last 6 of them here).
    #[test]
    fn rfc_6238_test_vectors() {
        let secret = base32_encode(b"12345678901234567890");
        for (t, eight) in [
            (59, "94287082"),
            (1111111109, "07081804"),
            (1111111111, "14050471"),
            (1234567890, "89005924"),
            (2000000000, "69279037"),
            (20000000000, "65353130"),
        ] {
            assert_eq!(code_at(&secret, t).unwrap(), eight[2..], "t={t}");
        }
    }

    /// RFC 4226 appendix D.
    #[test]
    fn rfc_4226_hotp_values() {
        let expected = [
            755224, 287082, 359152, 969429, 338314, 254676, 287922, 162583, 399871, 520489,
        ];
        for (i, e) in expected.iter().enumerate() {
            assert_eq!(hotp(b"12345678901234567890", i as u64), *e);
        }
    }

    #[test]
    fn base32_round_trips_and_refuses_other_characters() {
        for len in 0..25 {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 37 + 11) as u8).collect();
            assert_eq!(base32_decode(&base32_encode(&bytes)).unwrap(), bytes);
        }
        assert_eq!(base32_encode(b"foobar"), "MZXW6YTBOI");
        assert_eq!(base32_decode("mzxw 6ytb oi").unwrap(), b"foobar");
        assert!(base32_decode("MZX1").is_none());
        assert_eq!(new_secret().len(), 32);
    }

    #[test]
    fn verify_accepts_the_window_once_and_refuses_the_rest() {
        let secret = new_secret();
        let t = 1_800_000_000;
        let now = code_at(&secret, t).unwrap();
        assert_eq!(verify(&secret, &now, t, None), Some(step_at(t)));
        let spaced = format!("{} {}", &now[..3], &now[3..]);
        assert_eq!(verify(&secret, &spaced, t, None), Some(step_at(t)));
        // The same code again (last_step recorded) is refused.
        assert_eq!(verify(&secret, &now, t, Some(step_at(t))), None);
        // One step of drift either way works, two do not.
        let before = code_at(&secret, t - 30).unwrap();
        assert_eq!(verify(&secret, &before, t, None), Some(step_at(t) - 1));
        let old = code_at(&secret, t - 90).unwrap();
        if old != now && old != before && old != code_at(&secret, t + 30).unwrap() {
            assert_eq!(verify(&secret, &old, t, None), None);
        }
        for bad in ["", "12345", "1234567", "12a456", "１２３４５６"] {
            assert_eq!(verify(&secret, bad, t, None), None, "{bad}");
        }
    }

    #[test]
    fn otpauth_uri_has_the_parameters_apps_read() {
        let uri = otpauth_uri("Satu ASN", "196704161993031015", "JBSWY3DPEHPK3PXP");
        assert_eq!(
            uri,
            "otpauth://totp/Satu%20ASN%3A196704161993031015?secret=JBSWY3DPEHPK3PXP&issuer=Satu%20ASN&algorithm=SHA1&digits=6&period=30"
        );
    }

    #[test]
    fn recovery_codes_are_distinct_and_normalize() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), RECOVERY_CODE_COUNT);
        let set: std::collections::HashSet<_> = codes.iter().collect();
        assert_eq!(set.len(), codes.len());
        for c in &codes {
            assert_eq!(c.len(), 14);
            assert_eq!(
                normalize_recovery_code(&c.to_lowercase().replace('-', " ")).len(),
                12
            );
        }
    }
}
