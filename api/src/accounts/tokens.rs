//! Access tokens (short-lived EdDSA JWTs, algorithm pinned, `kid` for rotation) and refresh
//! tokens (opaque random strings, stored only as SHA-256 hashes).

use base64::Engine;
use jsonwebtoken::{Algorithm, Header, Validation};
use rand_core::{OsRng, RngCore};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::keys::{KeyStore, SessionKeys};

/// The JOSE `typ` of access and client tokens (RFC 9068); card tokens carry none.
pub const ACCESS_TYP: &str = "at+jwt";

pub const ISSUER: &str = "satu-asn";
pub const ACCESS_TTL_SECONDS: i64 = 15 * 60;
pub const REFRESH_TTL_DAYS: i64 = 14;
/// A session's absolute lifetime from its login, however often it is refreshed …
pub const SESSION_DAYS: i64 = 30;
/// … and for admins, approvers and validators.
pub const PRIVILEGED_SESSION_HOURS: i64 = 12;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AccessClaims {
    pub iss: String,
    /// Account id.
    pub sub: String,
    /// Session (refresh-token family) id.
    pub sid: String,
    pub iat: i64,
    pub exp: i64,
    pub jti: String,
    /// Token type: `access` (a person's session) or `client` (an HR system).
    pub typ: String,
    /// Client tokens: the granted scopes, space-separated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
}

/// Compares two secrets in time that depends on their length only.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn header(key: &crate::keys::Key) -> Header {
    let mut header = Header::new(Algorithm::EdDSA);
    header.kid = Some(key.kid.clone());
    header.typ = Some(ACCESS_TYP.into());
    header
}

/// A person's access token, signed by the session key that signs now (`keys`: the session keys'
/// current set, never the card keys).
pub fn issue_access(keys: &KeyStore, account_id: &str, session_id: &str) -> anyhow::Result<String> {
    let key = keys.active();
    let now = chrono::Utc::now().timestamp();
    let header = header(key);
    let claims = AccessClaims {
        iss: ISSUER.into(),
        sub: account_id.into(),
        sid: session_id.into(),
        iat: now,
        exp: now + ACCESS_TTL_SECONDS,
        jti: uuid::Uuid::new_v4().to_string(),
        typ: "access".into(),
        scope: None,
    };
    Ok(jsonwebtoken::encode(&header, &claims, &key.encoding)?)
}

/// A token for an HR-system client (`sub` = the client's row id), valid as long as an access token.
pub fn issue_client(keys: &KeyStore, client_row_id: &str, scope: &str) -> anyhow::Result<String> {
    let key = keys.active();
    let now = chrono::Utc::now().timestamp();
    let header = header(key);
    let claims = AccessClaims {
        iss: ISSUER.into(),
        sub: client_row_id.into(),
        sid: String::new(),
        iat: now,
        exp: now + ACCESS_TTL_SECONDS,
        jti: uuid::Uuid::new_v4().to_string(),
        typ: "client".into(),
        scope: Some(scope.into()),
    };
    Ok(jsonwebtoken::encode(&header, &claims, &key.encoding)?)
}

/// A person's access token (type `access`), verified.
pub fn verify_access(keys: &SessionKeys, token: &str) -> Option<AccessClaims> {
    verify(keys, token).filter(|c| c.typ == "access")
}

/// Verifies signature (a session key only), algorithm (EdDSA only: `none` and HMAC are refused),
/// `typ` (`at+jwt`), key id, issuer, expiry and the claim type (`access` or `client`).
pub fn verify(keys: &SessionKeys, token: &str) -> Option<AccessClaims> {
    let header = jsonwebtoken::decode_header(token).ok()?;
    if header.alg != Algorithm::EdDSA || header.typ.as_deref() != Some(ACCESS_TYP) {
        return None;
    }
    let kid = header.kid.as_deref()?;
    let keys = keys.with_kid(kid);
    let key = keys.find(kid)?;
    let mut validation = Validation::new(Algorithm::EdDSA);
    validation.set_issuer(&[ISSUER]);
    validation.set_required_spec_claims(&["exp", "iss", "sub"]);
    validation.leeway = 5;
    let data = jsonwebtoken::decode::<AccessClaims>(token, &key.decoding, &validation).ok()?;
    matches!(data.claims.typ.as_str(), "access" | "client").then_some(data.claims)
}

/// A new opaque token: 32 random bytes, base64url.
pub fn new_opaque() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

pub fn hash_opaque(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn keys() -> (tempfile::TempDir, SessionKeys) {
        let dir = tempfile::tempdir().unwrap();
        let ks = SessionKeys::open(dir.path()).unwrap();
        (dir, ks)
    }

    #[test]
    fn an_issued_token_verifies_and_a_tampered_one_does_not() {
        let (_d, ks) = keys();
        let t = issue_access(&ks.current(), "acc-1", "fam-1").unwrap();
        let c = verify_access(&ks, &t).unwrap();
        assert_eq!(c.sub, "acc-1");
        assert_eq!(c.sid, "fam-1");
        let mut parts: Vec<String> = t.split('.').map(str::to_owned).collect();
        let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let mut payload: serde_json::Value =
            serde_json::from_slice(&engine.decode(&parts[1]).unwrap()).unwrap();
        payload["sub"] = "acc-2".into();
        parts[1] = engine.encode(payload.to_string());
        assert!(verify_access(&ks, &parts.join(".")).is_none());
    }

    #[test]
    fn alg_none_and_hmac_with_the_public_key_are_refused() {
        let (_d, ks) = keys();
        let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let now = chrono::Utc::now().timestamp();
        let claims = serde_json::json!({"iss": ISSUER, "sub": "acc-1", "sid": "f", "iat": now, "exp": now + 60, "jti": "x", "typ": "access"});
        let kid = ks.current().active().kid.clone();
        let none = format!(
            "{}.{}.",
            engine.encode(serde_json::json!({"alg": "none", "kid": kid}).to_string()),
            engine.encode(claims.to_string())
        );
        assert!(verify_access(&ks, &none).is_none());
        let mut header = Header::new(Algorithm::HS256);
        header.kid = Some(kid);
        let hs = jsonwebtoken::encode(
            &header,
            &claims,
            &jsonwebtoken::EncodingKey::from_secret(&ks.current().active().public),
        )
        .unwrap();
        assert!(verify_access(&ks, &hs).is_none());
    }

    #[test]
    fn another_servers_key_and_unknown_kid_are_refused() {
        let (_d, ks) = keys();
        let (_d2, other) = keys();
        let t = issue_access(&other.current(), "acc-1", "f").unwrap();
        assert!(verify_access(&ks, &t).is_none());
        assert!(verify_access(&ks, "not.a.jwt").is_none());
        assert!(verify_access(&ks, "").is_none());
    }

    #[test]
    fn a_card_key_never_makes_an_access_token_and_typ_is_checked() {
        let (dir, ks) = keys();
        // The card keys of the same server, in the same data folder.
        let cards = KeyStore::load_or_create(dir.path()).unwrap();
        let forged = issue_access(&cards, "acc-1", "f").unwrap();
        assert!(
            verify_access(&ks, &forged).is_none(),
            "signed by a card key"
        );
        // A session-signed token without the access `typ` (as a card token would be) is refused.
        let now = chrono::Utc::now().timestamp();
        let claims = serde_json::json!({"iss": ISSUER, "sub": "acc-1", "sid": "f", "iat": now, "exp": now + 60, "jti": "x", "typ": "access"});
        let current = ks.current();
        let key = current.active();
        let mut header = Header::new(Algorithm::EdDSA);
        header.kid = Some(key.kid.clone());
        let untyped = jsonwebtoken::encode(&header, &claims, &key.encoding).unwrap();
        assert!(verify_access(&ks, &untyped).is_none());
        let good = issue_access(&current, "acc-1", "f").unwrap();
        assert!(verify_access(&ks, &good).is_some());
    }

    #[test]
    fn opaque_tokens_are_random_and_hash_stably() {
        let a = new_opaque();
        assert_ne!(a, new_opaque());
        assert_eq!(a.len(), 43);
        assert_eq!(hash_opaque(&a), hash_opaque(&a));
        assert_eq!(hash_opaque(&a).len(), 64);
    }
}
