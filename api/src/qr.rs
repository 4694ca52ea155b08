//! QR codes (error correction M, the 4-module quiet zone kept) as SVG and PNG: for the 2FA setup
//! and the QR login now, for the card's signed QR later.

use image::codecs::png::{CompressionType, FilterType, PngEncoder};
use image::{ExtendedColorType, ImageEncoder};
use qrcode::{Color, EcLevel, QrCode};

pub const QUIET_ZONE: usize = 4;

/// The modules of a QR code, quiet zone included: `dark(x, y)`.
pub struct Matrix {
    size: usize,
    dark: Vec<bool>,
}

impl Matrix {
    pub fn encode(data: &str) -> anyhow::Result<Matrix> {
        let code = QrCode::with_error_correction_level(data.as_bytes(), EcLevel::M)?;
        let inner = code.width();
        let size = inner + 2 * QUIET_ZONE;
        let mut dark = vec![false; size * size];
        for (i, c) in code.to_colors().into_iter().enumerate() {
            if c == Color::Dark {
                let (x, y) = (i % inner + QUIET_ZONE, i / inner + QUIET_ZONE);
                dark[y * size + x] = true;
            }
        }
        Ok(Matrix { size, dark })
    }

    /// Modules per side, quiet zone included.
    pub fn size(&self) -> usize {
        self.size
    }

    pub fn dark(&self, x: usize, y: usize) -> bool {
        x < self.size && y < self.size && self.dark[y * self.size + x]
    }

    /// One path of unit squares, in a `0 0 size size` coordinate space (scale it where used).
    pub fn svg_path(&self) -> String {
        let mut d = String::new();
        for y in 0..self.size {
            let mut x = 0;
            while x < self.size {
                if self.dark(x, y) {
                    let start = x;
                    while x < self.size && self.dark(x, y) {
                        x += 1;
                    }
                    d.push_str(&format!("M{start} {y}h{}v1h-{}z", x - start, x - start));
                } else {
                    x += 1;
                }
            }
        }
        d
    }

    /// A standalone SVG document, `px` wide, white background.
    pub fn svg(&self, px: u32) -> String {
        let n = self.size;
        format!(
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="{px}" height="{px}" viewBox="0 0 {n} {n}" shape-rendering="crispEdges"><rect width="{n}" height="{n}" fill="#fff"/><path fill="#000" d="{}"/></svg>"##,
            self.svg_path()
        )
    }

    /// A grayscale PNG with `scale` pixels per module.
    pub fn png(&self, scale: u32) -> anyhow::Result<Vec<u8>> {
        let scale = scale.max(1) as usize;
        let side = self.size * scale;
        let mut pixels = vec![255u8; side * side];
        for y in 0..side {
            for x in 0..side {
                if self.dark(x / scale, y / scale) {
                    pixels[y * side + x] = 0;
                }
            }
        }
        let mut out = Vec::new();
        PngEncoder::new_with_quality(&mut out, CompressionType::Fast, FilterType::Adaptive)
            .write_image(&pixels, side as u32, side as u32, ExtendedColorType::L8)?;
        Ok(out)
    }

    /// The PNG as a `data:` URL.
    pub fn png_data_url(&self, scale: u32) -> anyhow::Result<String> {
        Ok(crate::data_uri::data_uri("image/png", &self.png(scale)?))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn quiet_zone_is_light_and_finder_pattern_is_dark() {
        let m = Matrix::encode("otpauth://totp/Satu%20ASN:1?secret=JBSWY3DPEHPK3PXP").unwrap();
        let n = m.size();
        for i in 0..n {
            for q in 0..QUIET_ZONE {
                assert!(!m.dark(i, q) && !m.dark(q, i) && !m.dark(i, n - 1 - q));
            }
        }
        // The top-left finder pattern's outer ring starts right after the quiet zone.
        assert!(m.dark(QUIET_ZONE, QUIET_ZONE));
        assert!(m.dark(QUIET_ZONE + 6, QUIET_ZONE));
        assert!(!m.dark(QUIET_ZONE + 1, QUIET_ZONE + 1));
    }

    #[test]
    fn png_decodes_to_the_same_modules() {
        let m = Matrix::encode("https://satu.example/qr/abc").unwrap();
        let png = m.png(3).unwrap();
        let img = image::load_from_memory(&png).unwrap().to_luma8();
        assert_eq!(img.width() as usize, m.size() * 3);
        for y in 0..m.size() {
            for x in 0..m.size() {
                let p = img.get_pixel((x * 3 + 1) as u32, (y * 3 + 1) as u32)[0];
                assert_eq!(p == 0, m.dark(x, y));
            }
        }
        assert!(m.svg(200).starts_with("<svg"));
        assert!(m
            .png_data_url(2)
            .unwrap()
            .starts_with("data:image/png;base64,"));
    }
}
