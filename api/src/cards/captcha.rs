//! A self-hosted image captcha for the public verification page: five digits drawn with jitter,
//! shear and noise into a PNG; the answer is kept only as a hash, works once, for 5 minutes.

use diesel::prelude::*;
use image::codecs::png::{CompressionType, FilterType, PngEncoder};
use image::{ExtendedColorType, ImageEncoder};
use rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};

use crate::db::schema::captchas;
use crate::db::{now, DbConn};

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

fn answer_hash(id: &str, answer: &str) -> String {
    hex::encode(Sha256::digest(format!("{id}:{answer}").as_bytes()))
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = captchas)]
struct NewCaptcha {
    id: String,
    answer_hash: String,
    created_at: chrono::NaiveDateTime,
    expires_at: chrono::NaiveDateTime,
}

/// Stores a new captcha, first removing the ones that can no longer be used.
pub fn store(conn: &mut DbConn, id: &str, answer: &str) -> QueryResult<usize> {
    purge(conn)?;
    let at = now();
    diesel::insert_into(captchas::table)
        .values(NewCaptcha {
            id: id.to_owned(),
            answer_hash: answer_hash(id, answer),
            created_at: at,
            expires_at: at + chrono::Duration::seconds(TTL_SECONDS),
        })
        .execute(conn)
}

/// Uses the captcha: true only for the right answer of an unused, unexpired captcha. Any attempt,
/// right or wrong, spends it (a wrong guess cannot be followed by another).
pub fn solve(conn: &mut DbConn, id: &str, answer: &str) -> QueryResult<bool> {
    let at = now();
    let hash = answer_hash(id, answer.trim());
    let row: Option<(String, chrono::NaiveDateTime)> = captchas::table
        .find(id)
        .filter(captchas::used_at.is_null())
        .select((captchas::answer_hash, captchas::expires_at))
        .first(conn)
        .optional()?;
    let Some((stored, expires_at)) = row else {
        return Ok(false);
    };
    let claimed = diesel::update(captchas::table.find(id).filter(captchas::used_at.is_null()))
        .set(captchas::used_at.eq(Some(at)))
        .execute(conn)?;
    Ok(claimed == 1 && expires_at > at && stored == hash)
}

/// Removes captchas that can no longer be used.
fn purge(conn: &mut DbConn) -> QueryResult<usize> {
    let cutoff = now() - chrono::Duration::seconds(TTL_SECONDS);
    diesel::delete(captchas::table.filter(captchas::created_at.lt(cutoff))).execute(conn)
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
}
