//! A self-hosted image captcha for the public verification page: five digits drawn with jitter,
//! shear and noise into a PNG; the answer is sealed into the captcha's id (never stored in
//! clear), works once, for 5 minutes.

use std::collections::HashMap;
use std::sync::Mutex;

use hmac::{Hmac, Mac};
use image::codecs::png::{CompressionType, FilterType, PngEncoder};
use image::{ExtendedColorType, ImageEncoder};
use rand_core::{OsRng, RngCore};
use sha2::Sha256;

pub const TTL_SECONDS: i64 = 300;
pub const LENGTH: usize = 5;
const WIDTH: usize = 200;
const HEIGHT: usize = 70;

/// 5 × 7 glyphs of the digits, one row per byte (the low 5 bits).
const GLYPHS: [[u8; 7]; 10] = [
    [0x0e, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0e],
    [0x04, 0x0c, 0x04, 0x04, 0x04, 0x04, 0x0e],
    [0x0e, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1f],
    [0x1f, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0e],
    [0x02, 0x06, 0x0a, 0x12, 0x1f, 0x02, 0x02],
    [0x1f, 0x10, 0x1e, 0x01, 0x01, 0x11, 0x0e],
    [0x06, 0x08, 0x10, 0x1e, 0x11, 0x11, 0x0e],
    [0x1f, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08],
    [0x0e, 0x11, 0x11, 0x0e, 0x11, 0x11, 0x0e],
    [0x0e, 0x11, 0x11, 0x0f, 0x01, 0x02, 0x0c],
];

fn rand_below(n: u32) -> u32 {
    OsRng.next_u32() % n.max(1)
}

pub fn new_answer() -> String {
    (0..LENGTH)
        .map(|_| char::from(b'0' + rand_below(10) as u8))
        .collect()
}

/// Draws the digits into a PNG.
pub fn render(answer: &str) -> anyhow::Result<Vec<u8>> {
    let mut px = vec![[246u8, 243, 250]; WIDTH * HEIGHT];
    let mut put = |x: i64, y: i64, c: [u8; 3]| {
        if (0..WIDTH as i64).contains(&x) && (0..HEIGHT as i64).contains(&y) {
            px[y as usize * WIDTH + x as usize] = c;
        }
    };
    // Noise lines behind the digits.
    for _ in 0..6 {
        let (x0, y0) = (
            rand_below(WIDTH as u32) as f64,
            rand_below(HEIGHT as u32) as f64,
        );
        let (x1, y1) = (
            rand_below(WIDTH as u32) as f64,
            rand_below(HEIGHT as u32) as f64,
        );
        let c = [
            150 + rand_below(80) as u8,
            130 + rand_below(80) as u8,
            170 + rand_below(60) as u8,
        ];
        for i in 0..=300 {
            let t = f64::from(i) / 300.0;
            put((x0 + (x1 - x0) * t) as i64, (y0 + (y1 - y0) * t) as i64, c);
        }
    }
    let cell = WIDTH / (LENGTH + 1);
    for (i, ch) in answer.chars().enumerate() {
        let Some(d) = ch.to_digit(10) else { continue };
        let scale = 5 + rand_below(2) as i64;
        let shear = (rand_below(7) as f64 - 3.0) / 10.0;
        let ox = (cell / 2 + i * cell) as i64 + rand_below(8) as i64;
        let oy = 10 + rand_below(14) as i64;
        let c = [
            40 + rand_below(60) as u8,
            20 + rand_below(40) as u8,
            80 + rand_below(60) as u8,
        ];
        for (row, bits) in GLYPHS[d as usize].iter().enumerate() {
            for col in 0..5 {
                if bits & (0x10 >> col) == 0 {
                    continue;
                }
                for dy in 0..scale {
                    for dx in 0..scale {
                        let y = oy + row as i64 * scale + dy;
                        let x = ox + col * scale + dx + (shear * (y - oy) as f64) as i64;
                        put(x, y, c);
                    }
                }
            }
        }
    }
    // Speckles over everything.
    for _ in 0..500 {
        let g = rand_below(200) as u8;
        put(
            rand_below(WIDTH as u32).into(),
            rand_below(HEIGHT as u32).into(),
            [g, g, g],
        );
    }
    let raw: Vec<u8> = px.into_iter().flatten().collect();
    let mut out = Vec::new();
    PngEncoder::new_with_quality(&mut out, CompressionType::Fast, FilterType::Adaptive)
        .write_image(&raw, WIDTH as u32, HEIGHT as u32, ExtendedColorType::Rgb8)?;
    Ok(out)
}

/// Issues and checks captchas without a database round trip: a captcha's id carries its expiry,
/// a nonce, a tag proving this server issued it, and a seal over the answer (HMACs), so only the
/// right answer matches it. The nonces of genuine ids already tried are remembered (in memory,
/// until they expire) so each captcha is tried once; ids this server did not issue are refused
/// before they are remembered, so made-up ids cannot fill that memory. With several server
/// instances behind one address, an id is accepted by any of them (they share the signing keys
/// the secret comes from), and at most once by each.
pub struct Captchas {
    secret: [u8; 32],
    spent: Mutex<Spent>,
}

#[derive(Default)]
struct Spent {
    /// Nonce → expiry.
    nonces: HashMap<String, i64>,
    /// When expired nonces are next swept out (at most once a second, whatever the traffic).
    next_sweep: i64,
}

type HmacSha256 = Hmac<Sha256>;

/// Genuine captchas tried within five minutes that are remembered at most (some 100 MB); beyond
/// this, answers are refused until the oldest expire.
const MAX_SPENT: usize = 1_000_000;

impl Captchas {
    pub fn new(secret: [u8; 32]) -> Captchas {
        Captchas {
            secret,
            spent: Mutex::new(Spent::default()),
        }
    }

    fn mac(&self, message: &str) -> HmacSha256 {
        let mut mac = <HmacSha256 as Mac>::new_from_slice(&self.secret)
            .unwrap_or_else(|_| unreachable_hmac());
        mac.update(message.as_bytes());
        mac
    }

    fn id_message(expires: i64, nonce: &str) -> String {
        format!("satu-captcha-id|{expires}|{nonce}")
    }

    fn answer_message(expires: i64, nonce: &str, answer: &str) -> String {
        format!("satu-captcha|{expires}|{nonce}|{answer}")
    }

    /// The id of a new captcha with this answer, valid for [`TTL_SECONDS`].
    pub fn issue(&self, answer: &str, now: i64) -> String {
        let mut nonce = [0u8; 12];
        OsRng.fill_bytes(&mut nonce);
        let nonce = hex::encode(nonce);
        let expires = now + TTL_SECONDS;
        let tag = self
            .mac(&Self::id_message(expires, &nonce))
            .finalize()
            .into_bytes();
        let seal = self
            .mac(&Self::answer_message(expires, &nonce, answer))
            .finalize()
            .into_bytes();
        format!(
            "{expires}.{nonce}.{}.{}",
            hex::encode(&tag[..8]),
            hex::encode(&seal[..16])
        )
    }

    /// True only for the right answer of an unexpired captcha issued here and not tried before.
    /// Any attempt, right or wrong, spends it (a wrong guess cannot be followed by another).
    pub fn solve(&self, id: &str, answer: &str, now: i64) -> bool {
        let mut parts = id.trim().split('.');
        let (Some(expires), Some(nonce), Some(tag), Some(seal), None) = (
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
        ) else {
            return false;
        };
        let (Ok(expires), Ok(tag), Ok(seal)) =
            (expires.parse::<i64>(), hex::decode(tag), hex::decode(seal))
        else {
            return false;
        };
        if expires <= now || expires > now + TTL_SECONDS || nonce.len() != 24 {
            return false;
        }
        // Constant time, as HMAC verification compares.
        if tag.len() != 8
            || self
                .mac(&Self::id_message(expires, nonce))
                .verify_truncated_left(&tag)
                .is_err()
        {
            return false;
        }
        {
            let mut spent = match self.spent.lock() {
                Ok(g) => g,
                Err(poisoned) => poisoned.into_inner(),
            };
            if now >= spent.next_sweep {
                spent.nonces.retain(|_, until| *until > now);
                spent.next_sweep = now + 1;
            }
            if spent.nonces.len() >= MAX_SPENT
                || spent.nonces.insert(nonce.to_owned(), expires).is_some()
            {
                return false;
            }
        }
        seal.len() == 16
            && self
                .mac(&Self::answer_message(expires, nonce, answer.trim()))
                .verify_truncated_left(&seal)
                .is_ok()
    }

    /// Genuine captchas remembered as tried (for tests).
    pub fn spent(&self) -> usize {
        match self.spent.lock() {
            Ok(g) => g.nonces.len(),
            Err(poisoned) => poisoned.into_inner().nonces.len(),
        }
    }
}

/// HMAC takes keys of any length; this cannot happen.
fn unreachable_hmac() -> HmacSha256 {
    #[allow(clippy::expect_used)]
    <HmacSha256 as Mac>::new_from_slice(&[0u8; 32]).expect("HMAC accepts any key length")
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn answers_are_five_digits_and_render_to_a_png() {
        let a = new_answer();
        assert_eq!(a.len(), LENGTH);
        assert!(a.bytes().all(|b| b.is_ascii_digit()));
        let png = render(&a).unwrap();
        let img = image::load_from_memory(&png).unwrap().to_rgb8();
        assert_eq!((img.width(), img.height()), (WIDTH as u32, HEIGHT as u32));
        // The digits are drawn: plenty of dark pixels.
        let dark = img.pixels().filter(|p| p[0] < 110 && p[1] < 90).count();
        assert!(dark > 400, "{dark}");
    }

    #[test]
    fn a_captcha_works_once_with_the_right_answer_for_five_minutes() {
        let c = Captchas::new([7; 32]);
        let now = 1_800_000_000;
        let id = c.issue("12345", now);
        assert!(c.solve(&id, " 12345 ", now + 10));
        assert!(!c.solve(&id, "12345", now + 11), "used");
        let id = c.issue("12345", now);
        assert!(!c.solve(&id, "54321", now), "wrong");
        assert!(!c.solve(&id, "12345", now), "a wrong guess spends it");
        let id = c.issue("12345", now);
        assert!(!c.solve(&id, "12345", now + TTL_SECONDS + 1), "expired");
        // Forged or foreign ids.
        let other = Captchas::new([8; 32]).issue("12345", now);
        assert!(!c.solve(&other, "12345", now));
        let id = c.issue("12345", now);
        let later = id.replacen(&now.to_string()[..3], "190", 1);
        assert!(!c.solve(&later, "12345", now));
        for bad in ["", "x.y.z", "1.2", "9999999999.abc.00", "1.2.3.4.5"] {
            assert!(!c.solve(bad, "12345", now), "{bad}");
        }
    }

    #[test]
    fn made_up_ids_are_refused_without_being_remembered() {
        let c = Captchas::new([7; 32]);
        let now = 1_800_000_000;
        let spent = c.spent();
        // Well formed, unexpired, but not issued here: a flood of these fills nothing.
        for n in 0..1000 {
            let fake = format!(
                "{}.{n:024}.{}.{}",
                now + 60,
                "ab".repeat(8),
                "cd".repeat(16)
            );
            assert!(!c.solve(&fake, "12345", now));
        }
        let foreign = Captchas::new([8; 32]).issue("12345", now);
        assert!(!c.solve(&foreign, "12345", now));
        assert_eq!(c.spent(), spent);

        // A genuine one tried is remembered until it expires, then swept out.
        let id = c.issue("12345", now);
        assert!(!c.solve(&id, "00000", now));
        assert_eq!(c.spent(), spent + 1);
        let fresh = c.issue("54321", now + TTL_SECONDS);
        assert!(c.solve(&fresh, "54321", now + TTL_SECONDS + 1));
        assert_eq!(
            c.spent(),
            1,
            "the expired nonce was swept, the new one kept"
        );
    }
}
