//! `/.well-known/card-status`: the validity of every card as one signed, compressed bitstring,
//! after the W3C Bitstring Status List: bit `i` (most significant bit of byte 0 first) belongs to
//! the card whose status-list index is `i` (the `sli` header of its QR token); a set bit means the
//! card is not valid now. The list is GZIP-compressed, base64url-encoded with the multibase `u`
//! prefix, at least 131072 bits long (so that a list does not reveal how few cards there are),
//! and signed as a JWT with the same keys as the QR tokens. An offline verifier caches it and
//! checks a scanned card without asking the server.

use std::io::Write;
use std::sync::Mutex;

use base64::Engine;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use flate2::write::GzEncoder;
use jsonwebtoken::{Algorithm, Header};
use serde::Serialize;

use crate::db::schema::{cards, employees};
use crate::db::DbConn;
use crate::keys::KeyStore;

/// The shortest list published (W3C's herd-privacy minimum: 16 KB of bits).
pub const MIN_BITS: usize = 131_072;
/// How long a verifier may rely on a downloaded list without fetching it again.
pub const TTL_SECONDS: i64 = 300;

/// Packs the set indices into a bitstring of at least `MIN_BITS` bits, GZIP-compresses it and
/// encodes it as multibase base64url (`u…`).
pub fn encode(set: &[usize], highest_index: usize) -> anyhow::Result<(String, usize)> {
    let bits = (highest_index + 1).max(MIN_BITS).div_ceil(8) * 8;
    let mut bytes = vec![0u8; bits / 8];
    for &i in set {
        if i < bits {
            bytes[i / 8] |= 0x80 >> (i % 8);
        }
    }
    let mut gz = GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&bytes)?;
    let packed = gz.finish()?;
    Ok((
        format!(
            "u{}",
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(packed)
        ),
        bits,
    ))
}

#[derive(Debug, Serialize)]
struct StatusListClaims {
    iss: String,
    sub: String,
    iat: i64,
    exp: i64,
    ttl: i64,
    status_list: StatusList,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct StatusList {
    status_purpose: &'static str,
    encoded_list: String,
    /// Bits in the list.
    size: usize,
    /// Bits per card.
    bits: u8,
}

/// What the list depends on: when it changes, the list is built again.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Fingerprint {
    cards: i64,
    last_change: Option<NaiveDateTime>,
    today: NaiveDate,
    kid: String,
}

/// The last list built, reused while nothing it depends on has changed.
#[derive(Default)]
pub struct StatusListCache {
    last: Mutex<Option<(Fingerprint, String)>>,
}

type Row = (i32, String, String, String, Option<NaiveDate>);

impl StatusListCache {
    /// The signed list, from the current records.
    pub fn current(
        &self,
        conn: &mut DbConn,
        keys: &KeyStore,
        public_url: &str,
        today: NaiveDate,
    ) -> anyhow::Result<String> {
        let count: i64 = cards::table.count().get_result(conn)?;
        let last_change: Option<NaiveDateTime> = employees::table
            .select(diesel::dsl::max(employees::updated_at))
            .get_result(conn)?;
        let fp = Fingerprint {
            cards: count,
            last_change,
            today,
            kid: keys.active().kid.clone(),
        };
        {
            let last = self.last.lock().map_err(|_| anyhow::anyhow!("poisoned"))?;
            if let Some((f, jwt)) = last.as_ref() {
                if *f == fp {
                    return Ok(jwt.clone());
                }
            }
        }
        let rows: Vec<Row> = cards::table
            .inner_join(employees::table)
            .select((
                cards::status_index,
                employees::kind,
                employees::status,
                employees::kedudukan_hukum,
                employees::pppk_end,
            ))
            .load(conn)?;
        let highest = rows.iter().map(|r| r.0.max(0) as usize).max().unwrap_or(0);
        let invalid: Vec<usize> = rows
            .iter()
            .filter(|(_, kind, status, kh, end)| {
                crate::cards::service::validity_of(kind, status, kh, *end, today).is_err()
            })
            .map(|r| r.0.max(0) as usize)
            .collect();
        let (encoded_list, size) = encode(&invalid, highest)?;
        let iat = chrono::Utc::now().timestamp();
        let claims = StatusListClaims {
            iss: public_url.to_owned(),
            sub: format!("{public_url}/.well-known/card-status"),
            iat,
            exp: iat + 2 * 86_400,
            ttl: TTL_SECONDS,
            status_list: StatusList {
                status_purpose: "revocation",
                encoded_list,
                size,
                bits: 1,
            },
        };
        let key = keys.active();
        let mut header = Header::new(Algorithm::EdDSA);
        header.kid = Some(key.kid.clone());
        header.typ = Some("statuslist+jwt".into());
        let jwt = jsonwebtoken::encode(&header, &claims, &key.encoding)?;
        if let Ok(mut last) = self.last.lock() {
            *last = Some((fp, jwt.clone()));
        }
        Ok(jwt)
    }
}

/// Reads bit `i` of an encoded list (for tests and verifiers written in Rust).
pub fn bit(encoded: &str, i: usize) -> anyhow::Result<bool> {
    use std::io::Read;
    let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(encoded.strip_prefix('u').unwrap_or(encoded))?;
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(raw.as_slice()).read_to_end(&mut bytes)?;
    Ok(bytes.get(i / 8).is_some_and(|b| b & (0x80 >> (i % 8)) != 0))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn set_bits_round_trip_most_significant_first() {
        let (list, size) = encode(&[0, 9, 130_000], 20).unwrap();
        assert_eq!(size, MIN_BITS);
        assert!(list.starts_with('u'));
        for i in [0, 9, 130_000] {
            assert!(bit(&list, i).unwrap(), "{i}");
        }
        for i in [1, 8, 10, 129_999] {
            assert!(!bit(&list, i).unwrap(), "{i}");
        }
        // Compressed: 16 KB of mostly zeros is small.
        assert!(list.len() < 400, "{}", list.len());
        let (_, size) = encode(&[], 200_000).unwrap();
        assert_eq!(size, 200_008);
    }
}
