//! The card's QR token: a compact JWS (EdDSA, `kid` header) whose claims are exactly the seven
//! SE 16/2022 fields, with short names. No expiry: a card is checked against the current record
//! when verified; the token only proves which card it is and what it said when drawn.

use jsonwebtoken::{Algorithm, Header};
use serde::{Deserialize, Serialize};

use crate::keys::KeyStore;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CardClaims {
    /// Name with titles.
    pub nm: String,
    /// NIP / NI PPPK.
    pub nip: String,
    /// TMT PNS or PPPK contract start (YYYY-MM-DD).
    pub tmt: String,
    /// Employing agency.
    pub ins: String,
    /// Employment status: PNS or PPPK.
    pub sts: String,
    /// Card serial.
    pub ser: String,
    /// Issue date (YYYY-MM-DD).
    pub tgl: String,
}

/// Why a token is not a genuine card token; the code is what the verification answer says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenProblem {
    Malformed,
    UnsupportedAlgorithm,
    UnknownKey,
    BadSignature,
    BadClaims,
}

impl TokenProblem {
    pub fn code(self) -> &'static str {
        match self {
            TokenProblem::Malformed => "malformed_token",
            TokenProblem::UnsupportedAlgorithm => "unsupported_algorithm",
            TokenProblem::UnknownKey => "unknown_key",
            TokenProblem::BadSignature => "bad_signature",
            TokenProblem::BadClaims => "bad_claims",
        }
    }
}

/// The JOSE header parameter naming the card's bit in `/.well-known/card-status` (a header
/// parameter, not a claim: the claims stay exactly the seven SE 16/2022 fields).
pub const STATUS_INDEX_HEADER: &str = "sli";

pub fn sign(keys: &KeyStore, claims: &CardClaims, status_index: i32) -> anyhow::Result<String> {
    let key = keys.active();
    let mut header = Header::new(Algorithm::EdDSA);
    header.kid = Some(key.kid.clone());
    header.typ = None;
    header
        .extras
        .insert(STATUS_INDEX_HEADER.to_owned(), status_index.to_string());
    Ok(jsonwebtoken::encode(&header, claims, &key.encoding)?)
}

/// The status-list index a token's header names.
pub fn status_index(token: &str) -> Option<usize> {
    jsonwebtoken::decode_header(token.trim())
        .ok()?
        .extras
        .get(STATUS_INDEX_HEADER)?
        .parse()
        .ok()
}

/// The protected header of a card token, as far as verification reads it.
#[derive(Deserialize)]
struct TokenHeader {
    alg: String,
    kid: Option<String>,
    /// Card tokens carry none (it would only lengthen the QR code); a typed token (an access
    /// token, `at+jwt`) is never a card.
    typ: Option<String>,
}

/// Verifies a token: EdDSA only, a known `kid`, a good signature, exactly the seven claims.
///
/// This is the public verification's hot path. Every genuine card token was signed here, and
/// Ed25519 signing is deterministic (RFC 8032 5.1.6): the key of `kid` signing the same header and
/// payload again gives exactly the token's signature, and nobody without that key can make a
/// signature that matches it (nor any other valid one). So the signature is checked by signing
/// again and comparing in constant time — a third of the cost of a verification, with no
/// malleable or non-canonical variant accepted.
pub fn verify(keys: &KeyStore, token: &str) -> Result<CardClaims, TokenProblem> {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let token = token.trim();
    if token.len() > 4096 {
        return Err(TokenProblem::Malformed);
    }
    let mut parts = token.split('.');
    let (Some(h), Some(p), Some(sig), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(TokenProblem::Malformed);
    };
    let header: TokenHeader = b64
        .decode(h)
        .ok()
        .and_then(|raw| serde_json::from_slice(&raw).ok())
        .ok_or(TokenProblem::Malformed)?;
    if header.alg != "EdDSA" {
        // `none`, HMAC with the public key as secret, RSA…: never.
        return Err(if header.alg.eq_ignore_ascii_case("none") {
            TokenProblem::Malformed
        } else {
            TokenProblem::UnsupportedAlgorithm
        });
    }
    if header.typ.is_some() {
        return Err(TokenProblem::Malformed);
    }
    let kid = header.kid.ok_or(TokenProblem::UnknownKey)?;
    let key = keys.find(&kid).ok_or(TokenProblem::UnknownKey)?;
    let presented = b64.decode(sig).map_err(|_| TokenProblem::BadSignature)?;
    let signed = &token[..h.len() + 1 + p.len()];
    let expected = ed25519_dalek::Signer::sign(&key.signing, signed.as_bytes()).to_bytes();
    let differs = presented.len() != expected.len()
        || presented
            .iter()
            .zip(expected.iter())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            != 0;
    if differs {
        return Err(TokenProblem::BadSignature);
    }
    let payload = b64.decode(p).map_err(|_| TokenProblem::Malformed)?;
    serde_json::from_slice::<CardClaims>(&payload).map_err(|_| TokenProblem::BadClaims)
}

/// Tokens that verified, with their claims, so that a card scanned again (at a gate every
/// morning, by several verifiers, by one verifier twice) is not signed again.
///
/// Nothing here can go stale: a token is immutable, its signature under a key never changes, and
/// keys are never withdrawn while the server runs (rotation adds one; the key set is read at
/// start). Only genuine tokens enter, so forged ones cannot push them out; the least recently
/// scanned leave first. What the card says *now* is still read from the record every time.
pub struct VerifiedTokens {
    inner: std::sync::Mutex<lru::LruCache<String, CardClaims>>,
}

impl VerifiedTokens {
    /// About 3 MB at most (a token and its claims take some 700 bytes).
    pub const CAPACITY: usize = 4096;

    pub fn new(capacity: usize) -> VerifiedTokens {
        let capacity = std::num::NonZeroUsize::new(capacity).unwrap_or(std::num::NonZeroUsize::MIN);
        VerifiedTokens {
            inner: std::sync::Mutex::new(lru::LruCache::new(capacity)),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, lru::LruCache<String, CardClaims>> {
        match self.inner.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    /// As [`verify`], answered from memory for a token that verified before.
    pub fn verify(&self, keys: &KeyStore, token: &str) -> Result<CardClaims, TokenProblem> {
        let token = token.trim();
        if let Some(claims) = self.lock().get(token) {
            return Ok(claims.clone());
        }
        let claims = verify(keys, token)?;
        self.lock().put(token.to_owned(), claims.clone());
        Ok(claims)
    }

    pub fn len(&self) -> usize {
        self.lock().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Default for VerifiedTokens {
    fn default() -> VerifiedTokens {
        VerifiedTokens::new(VerifiedTokens::CAPACITY)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use base64::Engine;

    use super::*;

    fn claims() -> CardClaims {
        CardClaims {
            nm: "Dr. SITI RAHAYU, S.E., M.M.".into(),
            nip: "197106152000032003".into(),
            tmt: "2001-03-01".into(),
            ins: "Pemerintah Kota Madiun".into(),
            sts: "PNS".into(),
            ser: "A20010000004".into(),
            tgl: "2026-11-22".into(),
        }
    }

    fn keys() -> (tempfile::TempDir, KeyStore) {
        let dir = tempfile::tempdir().unwrap();
        let ks = KeyStore::load_or_create(dir.path()).unwrap();
        (dir, ks)
    }

    fn b64(v: &serde_json::Value) -> String {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string())
    }

    #[test]
    fn a_signed_token_verifies_and_is_stable() {
        let (_d, ks) = keys();
        let t = sign(&ks, &claims(), 41).unwrap();
        assert_eq!(verify(&ks, &t).unwrap(), claims());
        assert_eq!(status_index(&t), Some(41));
        // Ed25519 is deterministic: the same card gives the same QR.
        assert_eq!(sign(&ks, &claims(), 41).unwrap(), t);
    }

    #[test]
    fn a_token_signed_before_a_key_rotation_still_verifies() {
        let dir = tempfile::tempdir().unwrap();
        let before = KeyStore::load_or_create(dir.path()).unwrap();
        let old = sign(&before, &claims(), 7).unwrap();
        crate::keys::create_key(dir.path()).unwrap();
        let after = KeyStore::load_or_create(dir.path()).unwrap();
        assert_eq!(verify(&after, &old).unwrap(), claims());
        let new = sign(&after, &claims(), 7).unwrap();
        assert_ne!(
            jsonwebtoken::decode_header(&new).unwrap().kid,
            jsonwebtoken::decode_header(&old).unwrap().kid
        );
        assert_eq!(verify(&after, &new).unwrap(), claims());
    }

    #[test]
    fn remembered_tokens_answer_alike_and_forgeries_are_never_remembered() {
        let (_d, ks) = keys();
        let cache = VerifiedTokens::new(2);
        let t = sign(&ks, &claims(), 3).unwrap();
        assert_eq!(cache.verify(&ks, &t).unwrap(), claims());
        assert_eq!(cache.len(), 1);
        // Answered from memory, also with the whitespace a scanner may add.
        assert_eq!(cache.verify(&ks, &format!(" {t}\n")).unwrap(), claims());
        assert_eq!(cache.len(), 1);

        // A forgery of a remembered token is still refused, and not remembered.
        let parts: Vec<&str> = t.split('.').collect();
        let mut forged = claims();
        forged.nm = "ORANG LAIN".into();
        let payload = b64(&serde_json::to_value(&forged).unwrap());
        let tampered = format!("{}.{}.{}", parts[0], payload, parts[2]);
        assert_eq!(
            cache.verify(&ks, &tampered),
            Err(TokenProblem::BadSignature)
        );
        assert_eq!(
            cache.verify(&ks, &t[..t.len() - 1]),
            Err(TokenProblem::BadSignature)
        );
        assert_eq!(cache.len(), 1);

        // Bounded: the least recently scanned leaves first.
        let mut other = claims();
        for n in 0..3 {
            other.ser = format!("A2001000000{n}");
            let token = sign(&ks, &other, n).unwrap();
            assert_eq!(cache.verify(&ks, &token).unwrap(), other);
        }
        assert_eq!(cache.len(), 2);
        assert_eq!(cache.verify(&ks, &t).unwrap(), claims());
    }

    #[test]
    fn tampering_truncation_other_keys_and_algorithms_are_named() {
        let (_d, ks) = keys();
        let (_d2, other) = keys();
        let t = sign(&ks, &claims(), 0).unwrap();
        let parts: Vec<&str> = t.split('.').collect();

        let mut forged = claims();
        forged.nm = "ORANG LAIN".into();
        let payload = b64(&serde_json::to_value(&forged).unwrap());
        let tampered = format!("{}.{}.{}", parts[0], payload, parts[2]);
        assert_eq!(verify(&ks, &tampered), Err(TokenProblem::BadSignature));
        // A signature with S + L (same point, non-canonical scalar) is not accepted either.
        let mut sig = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(parts[2])
            .unwrap();
        sig[63] ^= 0x10;
        let altered = format!(
            "{}.{}.{}",
            parts[0],
            parts[1],
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&sig)
        );
        assert_eq!(verify(&ks, &altered), Err(TokenProblem::BadSignature));
        // And a signature the public key accepts is exactly the one signing gives.
        let sig = ed25519_dalek::Signature::from_slice(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(parts[2])
                .unwrap(),
        )
        .unwrap();
        let key = ks.active();
        assert!(key
            .signing
            .verifying_key()
            .verify_strict(format!("{}.{}", parts[0], parts[1]).as_bytes(), &sig)
            .is_ok());

        assert_eq!(
            verify(&ks, &t[..t.len() - 10]),
            Err(TokenProblem::BadSignature)
        );
        assert_eq!(verify(&ks, &t[..20]), Err(TokenProblem::Malformed));
        assert_eq!(verify(&ks, ""), Err(TokenProblem::Malformed));

        // Re-signed with another server's key: its kid is unknown here.
        let resigned = sign(&other, &claims(), 0).unwrap();
        assert_eq!(verify(&ks, &resigned), Err(TokenProblem::UnknownKey));

        let kid = ks.active().kid.clone();
        let none = format!(
            "{}.{}.",
            b64(&serde_json::json!({"alg": "none", "kid": kid})),
            b64(&serde_json::to_value(claims()).unwrap())
        );
        assert_eq!(verify(&ks, &none), Err(TokenProblem::Malformed));
        let mut hs = Header::new(Algorithm::HS256);
        hs.kid = Some(kid.clone());
        let hmac = jsonwebtoken::encode(
            &hs,
            &claims(),
            &jsonwebtoken::EncodingKey::from_secret(&ks.active().public),
        )
        .unwrap();
        assert_eq!(verify(&ks, &hmac), Err(TokenProblem::UnsupportedAlgorithm));

        // An extra claim, even correctly signed, is not a card token.
        let mut extra = serde_json::to_value(claims()).unwrap();
        extra["nik"] = "3577011506710003".into();
        let mut h = Header::new(Algorithm::EdDSA);
        h.kid = Some(kid);
        h.typ = None;
        let signed = jsonwebtoken::encode(&h, &extra, &ks.active().encoding).unwrap();
        assert_eq!(verify(&ks, &signed), Err(TokenProblem::BadClaims));
        // A typed token (an access token is `at+jwt`) is never a card, whatever signed it.
        h.typ = Some("at+jwt".into());
        let typed = jsonwebtoken::encode(&h, &claims(), &ks.active().encoding).unwrap();
        assert_eq!(verify(&ks, &typed), Err(TokenProblem::Malformed));
    }
}
