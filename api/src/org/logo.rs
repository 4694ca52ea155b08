//! The agency's own logo on its cards: PNG or SVG, recognised by content (never by name or
//! declared type), checked, and stored in a form that cannot carry anything but a picture — a PNG
//! decoded and encoded again (no metadata, at most 512 px a side), an SVG parsed by usvg and
//! written out again by it (no script, no links, no external files, text turned into paths).

use std::io::Cursor;

use image::{ImageDecoder, ImageEncoder, Limits};
use resvg::usvg;
use satu_shared::Localized;
use sha2::{Digest, Sha256};

pub use satu_shared::card::LOGO_MAX_BYTES;
/// A PNG's shorter side must have at least this many pixels to print sharply at 8 mm.
pub const LOGO_MIN_SIDE: u32 = 64;
/// A PNG larger than this is scaled down before it is stored.
pub const LOGO_STORED_SIDE: u32 = 512;
/// Decoding stops for a PNG claiming more than this a side.
const LOGO_MAX_SIDE: u32 = 4096;
/// Logos are roughly square (an emblem, a seal): at most this much wider than tall or taller
/// than wide.
const LOGO_MAX_RATIO: f32 = 3.0;

/// A checked logo, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prepared {
    pub media_type: &'static str,
    pub bytes: Vec<u8>,
    pub sha256: String,
    pub width: u32,
    pub height: u32,
}

fn refuse(id: &'static str, en: &'static str) -> Localized {
    Localized::new(id, en)
}

/// Checks and cleans an uploaded logo; the refusal says what to do.
pub fn prepare(bytes: &[u8], svg_options: &usvg::Options<'_>) -> Result<Prepared, Localized> {
    if bytes.is_empty() {
        return Err(refuse(
            "Berkas logo kosong. Pilih berkas PNG atau SVG.",
            "The logo file is empty. Choose a PNG or SVG file.",
        ));
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return prepare_png(bytes);
    }
    if looks_like_svg(bytes) {
        return prepare_svg(bytes, svg_options);
    }
    Err(refuse(
        "Logo harus berupa berkas PNG atau SVG. Berkas ini bukan keduanya (isi berkas yang diperiksa, bukan namanya).",
        "The logo must be a PNG or SVG file. This file is neither (its content is checked, not its name).",
    ))
}

/// Text whose first element is `<svg` (after an optional BOM, XML declaration, comments and
/// doctype).
fn looks_like_svg(bytes: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return false;
    };
    let mut rest = text.trim_start_matches('\u{feff}').trim_start();
    loop {
        if rest.starts_with("<svg") {
            return true;
        }
        let skip = if rest.starts_with("<?") {
            rest.find("?>").map(|i| i + 2)
        } else if rest.starts_with("<!--") {
            rest.find("-->").map(|i| i + 3)
        } else if rest.starts_with("<!") {
            rest.find('>').map(|i| i + 1)
        } else {
            None
        };
        match skip {
            Some(i) => rest = rest[i..].trim_start(),
            None => return false,
        }
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

fn ratio_ok(w: f32, h: f32) -> bool {
    w > 0.0 && h > 0.0 && w / h <= LOGO_MAX_RATIO && h / w <= LOGO_MAX_RATIO
}

fn bad_ratio(w: u32, h: u32) -> Localized {
    Localized::owned(
        format!("Logo berukuran {w}×{h} terlalu lebar atau terlalu tinggi. Gunakan logo yang kurang lebih persegi (sisi panjang paling banyak 3 kali sisi pendek)."),
        format!("The {w}×{h} logo is too wide or too tall. Use a roughly square logo (the long side at most 3 times the short side)."),
    )
}

fn prepare_png(bytes: &[u8]) -> Result<Prepared, Localized> {
    let broken = || {
        refuse(
            "Berkas PNG logo rusak atau terpotong sehingga tidak dapat dibaca. Simpan ulang sebagai PNG lalu unggah lagi.",
            "The logo PNG is damaged or truncated and cannot be read. Save it again as PNG and upload it again.",
        )
    };
    let mut decoder =
        image::codecs::png::PngDecoder::new(Cursor::new(bytes)).map_err(|_| broken())?;
    let (w, h) = decoder.dimensions();
    if w > LOGO_MAX_SIDE || h > LOGO_MAX_SIDE {
        return Err(Localized::owned(
            format!("Logo berukuran {w}×{h} piksel terlalu besar. Perkecil menjadi paling besar {LOGO_STORED_SIDE}×{LOGO_STORED_SIDE} piksel lalu unggah lagi."),
            format!("The {w}×{h} pixel logo is too large. Scale it down to at most {LOGO_STORED_SIDE}×{LOGO_STORED_SIDE} pixels and upload it again."),
        ));
    }
    if w.min(h) < LOGO_MIN_SIDE {
        return Err(Localized::owned(
            format!("Logo berukuran {w}×{h} piksel terlalu kecil untuk dicetak dengan tajam. Gunakan logo dengan sisi pendek paling sedikit {LOGO_MIN_SIDE} piksel, atau berkas SVG."),
            format!("The {w}×{h} pixel logo is too small to print sharply. Use a logo whose short side has at least {LOGO_MIN_SIDE} pixels, or an SVG file."),
        ));
    }
    if !ratio_ok(w as f32, h as f32) {
        return Err(bad_ratio(w, h));
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(LOGO_MAX_SIDE);
    limits.max_image_height = Some(LOGO_MAX_SIDE);
    limits.max_alloc = Some(u64::from(LOGO_MAX_SIDE) * u64::from(LOGO_MAX_SIDE) * 8);
    decoder.set_limits(limits).map_err(|_| broken())?;
    let img = image::DynamicImage::from_decoder(decoder).map_err(|_| broken())?;
    let mut rgba = img.to_rgba8();
    if w.max(h) > LOGO_STORED_SIDE {
        let k = LOGO_STORED_SIDE as f32 / w.max(h) as f32;
        let (nw, nh) = (
            ((w as f32 * k).round() as u32).max(1),
            ((h as f32 * k).round() as u32).max(1),
        );
        rgba = image::imageops::resize(&rgba, nw, nh, image::imageops::FilterType::Lanczos3);
    }
    if rgba.pixels().all(|p| p.0[3] == 0) {
        return Err(refuse(
            "Logo ini seluruhnya transparan sehingga tidak akan terlihat pada kartu.",
            "This logo is entirely transparent and would not show on the card.",
        ));
    }
    let (sw, sh) = rgba.dimensions();
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new_with_quality(
        &mut out,
        image::codecs::png::CompressionType::Best,
        image::codecs::png::FilterType::Adaptive,
    )
    .write_image(&rgba, sw, sh, image::ExtendedColorType::Rgba8)
    .map_err(|_| broken())?;
    Ok(Prepared {
        media_type: "image/png",
        sha256: sha256_hex(&out),
        bytes: out,
        width: sw,
        height: sh,
    })
}

fn prepare_svg(bytes: &[u8], options: &usvg::Options<'_>) -> Result<Prepared, Localized> {
    let tree = usvg::Tree::from_data(bytes, options).map_err(|e| {
        tracing::debug!(error = %e, "logo SVG does not parse");
        refuse(
            "Berkas SVG logo tidak dapat dibaca (bukan SVG yang sah). Ekspor ulang logo sebagai SVG atau PNG lalu unggah lagi.",
            "The logo SVG cannot be read (it is not valid SVG). Export the logo again as SVG or PNG and upload it again.",
        )
    })?;
    let size = tree.size();
    let (w, h) = (size.width(), size.height());
    if !ratio_ok(w, h) {
        return Err(bad_ratio(w.round() as u32, h.round() as u32));
    }
    if !tree.root().has_children() {
        return Err(refuse(
            "Berkas SVG logo tidak berisi gambar apa pun (gambar yang merujuk ke berkas atau alamat lain tidak dibaca).",
            "The logo SVG draws nothing (pictures that point at other files or addresses are not read).",
        ));
    }
    let clean = tree.to_string(&usvg::WriteOptions::default()).into_bytes();
    if clean.len() > LOGO_MAX_BYTES * 4 {
        return Err(refuse(
            "Logo SVG ini terlalu rumit untuk kartu. Sederhanakan gambarnya atau unggah sebagai PNG.",
            "This SVG logo is too complex for the card. Simplify it or upload it as PNG.",
        ));
    }
    Ok(Prepared {
        media_type: "image/svg+xml",
        sha256: sha256_hex(&clean),
        bytes: clean,
        width: w.round().max(1.0) as u32,
        height: h.round().max(1.0) as u32,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::cards::render::Renderer;

    fn renderer() -> Renderer {
        Renderer::new().expect("renderer")
    }

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbaImage::from_fn(w, h, |x, y| {
            image::Rgba([(x % 256) as u8, (y % 256) as u8, 120, 255])
        });
        let mut out = Vec::new();
        image::codecs::png::PngEncoder::new(&mut out)
            .write_image(&img, w, h, image::ExtendedColorType::Rgba8)
            .unwrap();
        out
    }

    #[test]
    fn a_png_is_encoded_again_and_scaled_to_512() {
        let r = renderer();
        let p = prepare(&png(1024, 800), r.options()).unwrap();
        assert_eq!(p.media_type, "image/png");
        assert_eq!((p.width, p.height), (512, 400));
        assert!(p.bytes.starts_with(b"\x89PNG"));
        assert_eq!(p.sha256, sha256_hex(&p.bytes));
        let small = prepare(&png(64, 64), r.options()).unwrap();
        assert_eq!((small.width, small.height), (64, 64));
    }

    #[test]
    fn pngs_too_small_too_thin_broken_or_invisible_are_refused() {
        let r = renderer();
        let msg = |b: &[u8]| prepare(b, r.options()).unwrap_err().id;
        assert!(msg(&png(40, 40)).contains("terlalu kecil"));
        assert!(msg(&png(400, 100)).contains("terlalu lebar"));
        let mut cut = png(100, 100);
        cut.truncate(cut.len() / 2);
        assert!(msg(&cut).contains("rusak"));
        let clear = {
            let img = image::RgbaImage::new(80, 80);
            let mut out = Vec::new();
            image::codecs::png::PngEncoder::new(&mut out)
                .write_image(&img, 80, 80, image::ExtendedColorType::Rgba8)
                .unwrap();
            out
        };
        assert!(msg(&clear).contains("transparan"));
        assert!(msg(b"").contains("kosong"));
        assert!(msg(b"\xff\xd8\xff\xe0 a jpeg").contains("PNG atau SVG"));
        assert!(msg(b"<html><svg></svg></html>").contains("PNG atau SVG"));
    }

    #[test]
    fn an_svg_is_written_again_without_script_links_or_outside_files() {
        let evil = br##"<?xml version="1.0"?>
<!-- a comment -->
<!DOCTYPE svg>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="100" height="120" onload="alert(1)">
  <script>alert(2)</script>
  <a xlink:href="javascript:alert(3)"><circle cx="50" cy="60" r="40" fill="#c00"/></a>
  <image href="file:///etc/passwd" width="10" height="10"/>
  <image href="https://example.org/x.png" width="10" height="10"/>
  <text x="10" y="110" font-size="12">PEMKOT</text>
  <foreignObject width="10" height="10"><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>
</svg>"##;
        let r = renderer();
        let p = prepare(evil, r.options()).unwrap();
        assert_eq!(p.media_type, "image/svg+xml");
        assert_eq!((p.width, p.height), (100, 120));
        let text = String::from_utf8(p.bytes.clone()).unwrap();
        for gone in [
            "script",
            "alert",
            "onload",
            "javascript",
            "passwd",
            "example.org",
            "foreignObject",
            "<text",
        ] {
            assert!(!text.contains(gone), "{gone} survived: {text}");
        }
        assert!(text.contains("<path"), "{text}");
        // The cleaned SVG is stable: cleaning it again gives the same bytes.
        assert_eq!(prepare(&p.bytes, r.options()).unwrap().bytes, p.bytes);
    }

    #[test]
    fn svgs_that_are_broken_empty_or_thin_are_refused() {
        let r = renderer();
        let msg = |b: &[u8]| prepare(b, r.options()).unwrap_err().id;
        assert!(
            msg(b"<svg xmlns=\"http://www.w3.org/2000/svg\"><rect").contains("tidak dapat dibaca")
        );
        assert!(msg(
            b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><image href=\"https://example.org/a.png\" width=\"10\" height=\"10\"/></svg>"
        )
        .contains("tidak berisi gambar"));
        assert!(msg(
            b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"400\" height=\"20\"><rect width=\"400\" height=\"20\"/></svg>"
        )
        .contains("terlalu lebar"));
    }
}
