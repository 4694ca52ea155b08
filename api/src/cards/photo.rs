//! The photo assistant: takes a PNG or JPEG of at most 2 MB, reads its header before decoding
//! anything (so a decompression bomb or a 20000 × 20000 header is refused at once, in bounded
//! memory), decodes with allocation limits, turns it upright (EXIF), centre-crops and resizes a
//! near-ratio portrait to 450 × 575, and tells whether the background is transparent. Every
//! refusal says what is wrong and what to do, in Indonesian (and English).

use bytes::Bytes;
use std::io::Cursor;

use image::codecs::jpeg::{JpegDecoder, JpegEncoder};
use image::codecs::png::{CompressionType, FilterType as PngFilter, PngDecoder, PngEncoder};
use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageEncoder, Limits, RgbaImage};
use satu_shared::card::{
    check_photo_bytes, photo_format, plan_photo, PhotoFormat, PHOTO_HEIGHT, PHOTO_MAX_PIXELS,
    PHOTO_MAX_SIDE, PHOTO_WIDTH,
};
use satu_shared::Localized;
use sha2::{Digest, Sha256};

use crate::storage::Storage;

/// Thumbnail for the public verification page.
const THUMB_WIDTH: u32 = 96;
const THUMB_HEIGHT: u32 = 123;

pub use satu_shared::card::PhotoFormat as Format;

/// An accepted photo: the stored PNG, its thumbnail, and what was done.
#[derive(Debug, Clone)]
pub struct Processed {
    pub png: Vec<u8>,
    pub thumbnail_jpeg: Vec<u8>,
    pub format: Format,
    pub original: (u32, u32),
    pub adjusted: bool,
    pub transparent_background: bool,
    pub notes: Vec<Localized>,
}

fn refuse(id: &str, en: &str) -> Localized {
    Localized::new(id, en)
}

/// What the header says, read without decoding any pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Header {
    format: Format,
    width: u32,
    height: u32,
}

fn be32(b: &[u8]) -> u32 {
    u32::from_be_bytes([b[0], b[1], b[2], b[3]])
}

/// PNG: the IHDR (size, bit depth) and whether an `acTL` chunk makes it animated.
fn png_header(b: &[u8]) -> Result<Header, Localized> {
    let broken = || {
        refuse(
            "Berkas PNG rusak atau terpotong. Simpan ulang foto sebagai PNG (atau JPEG) lalu unggah lagi.",
            "The PNG file is damaged or truncated. Save the photo again as PNG (or JPEG) and upload it again.",
        )
    };
    if b.len() < 33 || &b[12..16] != b"IHDR" {
        return Err(broken());
    }
    let (width, height, depth) = (be32(&b[16..20]), be32(&b[20..24]), b[24]);
    if depth == 16 {
        return Err(refuse(
            "Foto PNG 16-bit per warna tidak didukung. Simpan ulang sebagai PNG 8-bit (standar) atau JPEG lalu unggah lagi.",
            "16-bit PNG photos are not supported. Save it again as a standard 8-bit PNG or a JPEG and upload it again.",
        ));
    }
    // Walk the chunks up to the image data, looking for an animation.
    let mut at = 8;
    while at + 8 <= b.len() {
        let len = be32(&b[at..at + 4]) as usize;
        let kind = &b[at + 4..at + 8];
        if kind == b"acTL" {
            return Err(refuse(
                "Foto PNG bergerak (animasi/APNG) tidak dapat dipakai. Gunakan foto diam berformat PNG atau JPEG.",
                "Animated PNGs (APNG) cannot be used. Use a still PNG or JPEG photo.",
            ));
        }
        if kind == b"IDAT" || kind == b"IEND" {
            break;
        }
        at = at.saturating_add(12).saturating_add(len);
    }
    Ok(Header {
        format: Format::Png,
        width,
        height,
    })
}

/// JPEG: the frame header (size, components: four means CMYK).
fn jpeg_header(b: &[u8]) -> Result<Header, Localized> {
    let broken = || {
        refuse(
            "Berkas JPEG rusak atau terpotong. Simpan ulang foto sebagai JPEG (atau PNG) lalu unggah lagi.",
            "The JPEG file is damaged or truncated. Save the photo again as JPEG (or PNG) and upload it again.",
        )
    };
    let mut at = 2;
    while at + 4 <= b.len() {
        if b[at] != 0xFF {
            return Err(broken());
        }
        let marker = b[at + 1];
        // Fill bytes and markers without a length.
        if marker == 0xFF {
            at += 1;
            continue;
        }
        if marker == 0x01 || (0xD0..=0xD7).contains(&marker) {
            at += 2;
            continue;
        }
        let len = usize::from(u16::from_be_bytes([b[at + 2], b[at + 3]]));
        let is_frame = (0xC0..=0xCF).contains(&marker) && ![0xC4, 0xC8, 0xCC].contains(&marker);
        if is_frame {
            if at + 10 > b.len() {
                return Err(broken());
            }
            let height = u32::from(u16::from_be_bytes([b[at + 5], b[at + 6]]));
            let width = u32::from(u16::from_be_bytes([b[at + 7], b[at + 8]]));
            let components = b[at + 9];
            if components == 4 {
                return Err(refuse(
                    "Foto JPEG berwarna CMYK (format cetak) tidak didukung. Simpan ulang foto dalam warna RGB (JPEG atau PNG biasa) lalu unggah lagi.",
                    "CMYK JPEGs (a print format) are not supported. Save the photo in RGB colour (a normal JPEG or PNG) and upload it again.",
                ));
            }
            return Ok(Header {
                format: Format::Jpeg,
                width,
                height,
            });
        }
        if marker == 0xDA || marker == 0xD9 {
            break;
        }
        at += 2 + len;
    }
    Err(broken())
}

fn sniff(b: &[u8]) -> Result<Header, Localized> {
    match photo_format(b)? {
        PhotoFormat::Png => png_header(b),
        PhotoFormat::Jpeg => jpeg_header(b),
    }
}

fn limits() -> Limits {
    let mut l = Limits::default();
    l.max_image_width = Some(PHOTO_MAX_SIDE);
    l.max_image_height = Some(PHOTO_MAX_SIDE);
    // The decoded picture as RGBA, plus the decoder's own buffers.
    l.max_alloc = Some(PHOTO_MAX_PIXELS * 4 * 2);
    l
}

fn decode_failed(format: Format) -> Localized {
    match format {
        Format::Png => refuse(
            "Berkas PNG rusak atau terpotong sehingga tidak dapat dibaca. Simpan ulang foto sebagai PNG (atau JPEG) lalu unggah lagi.",
            "The PNG file is damaged or truncated and cannot be read. Save the photo again as PNG (or JPEG) and upload it again.",
        ),
        Format::Jpeg => refuse(
            "Berkas JPEG rusak atau terpotong sehingga tidak dapat dibaca. Simpan ulang foto sebagai JPEG (atau PNG) lalu unggah lagi.",
            "The JPEG file is damaged or truncated and cannot be read. Save the photo again as JPEG (or PNG) and upload it again.",
        ),
    }
}

/// Decodes within the limits and turns the picture upright.
fn decode(bytes: &[u8], header: Header) -> Result<DynamicImage, Localized> {
    let failed = |e: image::ImageError| {
        tracing::debug!(error = %e, "photo decode failed");
        match e {
            image::ImageError::Limits(_) => refuse(
                "Foto terlalu besar untuk diproses. Perkecil foto, idealnya menjadi 450×575 piksel, lalu unggah lagi.",
                "The photo is too large to process. Scale it down, ideally to 450×575 pixels, and upload it again.",
            ),
            _ => decode_failed(header.format),
        }
    };
    let (mut img, orientation) = match header.format {
        Format::Png => {
            let mut d = PngDecoder::with_limits(Cursor::new(bytes), limits()).map_err(failed)?;
            let o = d
                .orientation()
                .unwrap_or(image::metadata::Orientation::NoTransforms);
            (DynamicImage::from_decoder(d).map_err(failed)?, o)
        }
        Format::Jpeg => {
            let mut d = JpegDecoder::new(Cursor::new(bytes)).map_err(failed)?;
            d.set_limits(limits()).map_err(failed)?;
            let o = d
                .orientation()
                .unwrap_or(image::metadata::Orientation::NoTransforms);
            (DynamicImage::from_decoder(d).map_err(failed)?, o)
        }
    };
    img.apply_orientation(orientation);
    Ok(img)
}

/// Whether the background is see-through: most pixels along the top edge and the upper parts of
/// both sides (where a head-and-shoulders photo shows background) are transparent.
pub fn transparent_background(img: &RgbaImage) -> bool {
    let (w, h) = img.dimensions();
    if w < 4 || h < 4 {
        return false;
    }
    let band_x = (w / 12).max(1);
    let band_y = (h / 14).max(1);
    let mut total = 0u32;
    let mut clear = 0u32;
    let mut look = |x: u32, y: u32| {
        total += 1;
        if img.get_pixel(x, y)[3] < 64 {
            clear += 1;
        }
    };
    for y in (0..band_y).step_by(2) {
        for x in (0..w).step_by(3) {
            look(x, y);
        }
    }
    for y in (band_y..h * 3 / 5).step_by(3) {
        for x in (0..band_x).step_by(2) {
            look(x, y);
            look(w - 1 - x, y);
        }
    }
    total > 0 && clear * 10 >= total * 7
}

fn encode_png(img: &RgbaImage, compression: CompressionType) -> anyhow::Result<Vec<u8>> {
    let mut out = Vec::new();
    PngEncoder::new_with_quality(&mut out, compression, PngFilter::Adaptive).write_image(
        img.as_raw(),
        img.width(),
        img.height(),
        image::ExtendedColorType::Rgba8,
    )?;
    Ok(out)
}

/// A small JPEG on white for the verification page.
fn thumbnail(img: &RgbaImage) -> anyhow::Result<Vec<u8>> {
    let small = image::imageops::resize(img, THUMB_WIDTH, THUMB_HEIGHT, FilterType::Triangle);
    let mut rgb = image::RgbImage::new(THUMB_WIDTH, THUMB_HEIGHT);
    for (x, y, p) in small.enumerate_pixels() {
        let a = u16::from(p[3]);
        let blend = |c: u8| ((u16::from(c) * a + 255 * (255 - a)) / 255) as u8;
        rgb.put_pixel(x, y, image::Rgb([blend(p[0]), blend(p[1]), blend(p[2])]));
    }
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, 82).encode_image(&rgb)?;
    Ok(out)
}

/// The whole assistant: the accepted photo, or why not.
pub fn process(bytes: &[u8], require_transparent: bool) -> Result<Processed, PhotoError> {
    if let Err(m) = check_photo_bytes(bytes.len()) {
        return Err(if bytes.is_empty() {
            PhotoError::Rejected(m)
        } else {
            PhotoError::TooLarge(m)
        });
    }
    let header = sniff(bytes).map_err(PhotoError::Rejected)?;
    // Plan on the stored size first: a huge or wrongly shaped picture is refused before a single
    // pixel is decoded. EXIF may turn a JPEG upright, so its shape is checked again after.
    if let Err(m) = plan_photo(header.width, header.height) {
        let may_turn =
            header.format == Format::Jpeg && plan_photo(header.height, header.width).is_ok();
        if !may_turn {
            return Err(PhotoError::Rejected(m));
        }
    }
    let img = decode(bytes, header).map_err(PhotoError::Rejected)?;
    let (w, h) = (img.width(), img.height());
    let crop = plan_photo(w, h).map_err(PhotoError::Rejected)?;
    let mut notes = Vec::new();
    let rgba = img.to_rgba8();
    let adjusted = !crop.is_identity(w, h);
    let fitted = if adjusted {
        let cut =
            image::imageops::crop_imm(&rgba, crop.x, crop.y, crop.width, crop.height).to_image();
        notes.push(Localized::owned(
            format!(
                "Foto {w}×{h} piksel dipotong di tengah dan diubah ukurannya menjadi {PHOTO_WIDTH}×{PHOTO_HEIGHT} piksel."
            ),
            format!(
                "The {w}×{h} photo was cropped at its centre and resized to {PHOTO_WIDTH}×{PHOTO_HEIGHT} pixels."
            ),
        ));
        image::imageops::resize(&cut, PHOTO_WIDTH, PHOTO_HEIGHT, FilterType::CatmullRom)
    } else {
        rgba
    };
    let transparent = transparent_background(&fitted);
    if !transparent {
        if require_transparent {
            return Err(PhotoError::Rejected(refuse(
                "Latar belakang foto harus transparan. Hapus latar belakang foto (misalnya dengan aplikasi penghapus latar), simpan sebagai PNG, lalu unggah lagi.",
                "The photo's background must be transparent. Remove the background (e.g. with a background-removal app), save it as PNG, and upload it again.",
            )));
        }
        notes.push(refuse(
            "Latar belakang foto tidak transparan. Foto tetap dipakai, tetapi panduan BKN meminta PNG dengan latar transparan.",
            "The background is not transparent. The photo is used, but BKN's guidance asks for a PNG with a transparent background.",
        ));
    }
    if header.format == Format::Jpeg {
        notes.push(refuse(
            "Foto JPEG disimpan sebagai PNG.",
            "The JPEG photo was stored as PNG.",
        ));
    }
    let png = encode_png(&fitted, CompressionType::Default).map_err(PhotoError::Internal)?;
    let thumbnail_jpeg = thumbnail(&fitted).map_err(PhotoError::Internal)?;
    Ok(Processed {
        png,
        thumbnail_jpeg,
        format: header.format,
        original: (w, h),
        adjusted,
        transparent_background: transparent,
        notes,
    })
}

#[derive(Debug)]
pub enum PhotoError {
    /// Over 2 MB (or empty).
    TooLarge(Localized),
    /// Not usable: the message says why and what to do.
    Rejected(Localized),
    Internal(anyhow::Error),
}

impl From<PhotoError> for crate::error::ApiError {
    fn from(e: PhotoError) -> Self {
        match e {
            PhotoError::TooLarge(m) => crate::error::ApiError::PhotoTooLarge(m),
            PhotoError::Rejected(m) => crate::error::ApiError::PhotoRejected(m),
            PhotoError::Internal(e) => crate::error::ApiError::Internal(e),
        }
    }
}

/// Where photos live: `photos/<sha256>.png` in the file storage (`SATU_DATA_DIR` or the
/// bucket), its thumbnail beside it. The name is the content hash, so a new photo is a new name
/// and every cached card render keyed on it changes by itself.
#[derive(Clone, Debug)]
pub struct PhotoStore {
    files: Storage,
}

impl PhotoStore {
    pub fn new(files: Storage) -> PhotoStore {
        PhotoStore { files }
    }

    /// The storage key of a photo's file; `None` for a key that is not a content hash.
    fn file(key: &str, ext: &str) -> Option<String> {
        let valid = key.len() == 64 && key.bytes().all(|b| b.is_ascii_hexdigit());
        valid.then(|| format!("photos/{key}.{ext}"))
    }

    /// Writes both files (each whole or not at all) and returns the key. The name is the content
    /// hash, so writing a photo that is there already writes the same bytes: no check first (one
    /// round trip a file, not two, on a bucket).
    pub async fn save(&self, p: &Processed) -> anyhow::Result<String> {
        let key = hex::encode(Sha256::digest(&p.png));
        for (ext, bytes) in [("png", &p.png), ("thumb.jpg", &p.thumbnail_jpeg)] {
            let file = Self::file(&key, ext).ok_or_else(|| anyhow::anyhow!("bad photo key"))?;
            self.files.put(&file, Bytes::from(bytes.clone())).await?;
        }
        Ok(key)
    }

    pub async fn png(&self, key: &str) -> anyhow::Result<Option<Bytes>> {
        self.read(key, "png").await
    }

    pub async fn thumbnail(&self, key: &str) -> anyhow::Result<Option<Bytes>> {
        self.read(key, "thumb.jpg").await
    }

    async fn read(&self, key: &str, ext: &str) -> anyhow::Result<Option<Bytes>> {
        match Self::file(key, ext) {
            Some(file) => self.files.get(&file).await,
            None => Ok(None),
        }
    }

    /// Removes a photo no record points at any more.
    pub async fn remove(&self, key: &str) {
        for ext in ["png", "thumb.jpg"] {
            if let Some(file) = Self::file(key, ext) {
                if let Err(e) = self.files.delete(&file).await {
                    tracing::warn!(error = %e, "could not remove an unused photo file");
                }
            }
        }
    }
}

#[cfg(test)]
pub mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// A test portrait: a dark figure on a transparent (or white) background.
    pub fn portrait_png(w: u32, h: u32, transparent: bool) -> Vec<u8> {
        let mut img = RgbaImage::new(w, h);
        for (x, y, p) in img.enumerate_pixels_mut() {
            let (fx, fy) = (x as f32 / w as f32 - 0.5, y as f32 / h as f32);
            let head = fx * fx + (fy - 0.35) * (fy - 0.35) < 0.03;
            let body = fy > 0.62 && fx.abs() < 0.38;
            *p = if head || body {
                image::Rgba([60, 40, 30, 255])
            } else if transparent {
                image::Rgba([0, 0, 0, 0])
            } else {
                image::Rgba([240, 240, 240, 255])
            };
        }
        encode_png(&img, CompressionType::Fast).unwrap()
    }

    pub fn portrait_jpeg(w: u32, h: u32) -> Vec<u8> {
        let img = image::load_from_memory(&portrait_png(w, h, false))
            .unwrap()
            .to_rgb8();
        let mut out = Vec::new();
        JpegEncoder::new_with_quality(&mut out, 85)
            .encode_image(&img)
            .unwrap();
        out
    }

    fn message(r: Result<Processed, PhotoError>) -> String {
        match r {
            Err(PhotoError::Rejected(m)) | Err(PhotoError::TooLarge(m)) => m.id,
            Err(PhotoError::Internal(e)) => panic!("internal: {e}"),
            Ok(_) => panic!("accepted"),
        }
    }

    #[test]
    fn an_exact_transparent_png_is_kept_as_it_is() {
        let p = process(&portrait_png(450, 575, true), true).unwrap();
        assert!(!p.adjusted && p.transparent_background);
        let img = image::load_from_memory(&p.png).unwrap();
        assert_eq!((img.width(), img.height()), (450, 575));
        let t = image::load_from_memory(&p.thumbnail_jpeg).unwrap();
        assert_eq!((t.width(), t.height()), (THUMB_WIDTH, THUMB_HEIGHT));
    }

    #[test]
    fn a_near_ratio_jpeg_is_cropped_resized_and_reported_opaque() {
        let p = process(&portrait_jpeg(900, 1200), false).unwrap();
        assert!(p.adjusted && !p.transparent_background);
        assert_eq!(p.format, Format::Jpeg);
        assert_eq!(p.original, (900, 1200));
        let img = image::load_from_memory(&p.png).unwrap();
        assert_eq!((img.width(), img.height()), (450, 575));
        assert!(p.notes.iter().any(|n| n.id.contains("dipotong")));
        // With transparency required, the same photo is refused, saying why.
        assert!(message(process(&portrait_jpeg(900, 1200), true)).contains("transparan"));
    }

    #[test]
    fn bad_files_are_refused_with_what_to_do() {
        assert!(message(process(b"hello, this is text", false)).contains("bukan gambar"));
        assert!(message(process(b"GIF89a......", false)).contains("GIF"));
        let png = portrait_png(450, 575, true);
        assert!(message(process(&png[..png.len() / 2], false)).contains("rusak"));
        assert!(message(process(&png[..20], false)).contains("rusak"));
        // A 20000 × 20000 header is refused from the header alone.
        let mut bomb = png.clone();
        bomb[16..20].copy_from_slice(&20000u32.to_be_bytes());
        bomb[20..24].copy_from_slice(&20000u32.to_be_bytes());
        assert!(message(process(&bomb, false)).contains("terlalu besar"));
        // 16-bit.
        let mut deep = png.clone();
        deep[24] = 16;
        assert!(message(process(&deep, false)).contains("16-bit"));
        // Animated: an acTL chunk before the image data.
        let mut apng = png[..33].to_vec();
        apng.extend_from_slice(&8u32.to_be_bytes());
        apng.extend_from_slice(b"acTL");
        apng.extend_from_slice(&[0, 0, 0, 2, 0, 0, 0, 0]);
        apng.extend_from_slice(&crc32fast::hash(b"acTL\0\0\0\x02\0\0\0\0").to_be_bytes());
        apng.extend_from_slice(&png[33..]);
        assert!(message(process(&apng, false)).contains("animasi"));
        // CMYK JPEG: four components in the frame header.
        let mut cmyk = portrait_jpeg(450, 575);
        let sof = cmyk
            .windows(2)
            .position(|w| w[0] == 0xFF && w[1] == 0xC0)
            .unwrap();
        cmyk[sof + 9] = 4;
        assert!(message(process(&cmyk, false)).contains("CMYK"));
        // Shape.
        assert!(message(process(&portrait_png(800, 600, true), false)).contains("tegak"));
        assert!(message(process(&portrait_png(540, 960, true), false)).contains("Potong"));
        assert!(message(process(&portrait_png(200, 256, true), false)).contains("kecil"));
        // Size.
        let big = vec![0u8; 2 * 1024 * 1024 + 1];
        assert!(matches!(process(&big, false), Err(PhotoError::TooLarge(_))));
    }

    #[actix_web::test]
    async fn the_store_names_photos_by_content() {
        let dir = tempfile::tempdir().unwrap();
        let store = PhotoStore::new(Storage::local(dir.path()).unwrap());
        let p = process(&portrait_png(450, 575, true), false).unwrap();
        let key = store.save(&p).await.unwrap();
        assert_eq!(key, store.save(&p).await.unwrap());
        assert!(dir.path().join(format!("photos/{key}.png")).exists());
        assert_eq!(store.png(&key).await.unwrap().unwrap(), p.png);
        assert!(store.thumbnail(&key).await.unwrap().is_some());
        assert!(store.png("../../etc/passwd").await.unwrap().is_none());
        store.remove(&key).await;
        assert!(store.png(&key).await.unwrap().is_none());
    }
}
