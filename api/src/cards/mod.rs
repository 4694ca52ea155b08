//! Kartu ASN Virtual: automatic issuance, validity evaluated now, the photo assistant, rendering
//! (PNG, SVG, PDF), the signed QR token, the status list, public verification behind a captcha,
//! and adoption events.

pub mod cache;
pub mod captcha;
pub mod layout;
pub mod photo;
pub mod public;
pub mod render;
pub mod routes;
pub mod service;
pub mod status_list;
pub mod store;
pub mod tally;
pub mod token;

/// What the card endpoints share, built once at start: the renderer (fonts loaded once), the
/// render cache (also of verification thumbnails), the photo files, the last status list, the
/// captchas, the tokens that verified and the verification counts.
pub struct CardKit {
    pub renderer: render::Renderer,
    pub cache: cache::RenderCache,
    pub photos: photo::PhotoStore,
    pub status_list: status_list::StatusListCache,
    pub captchas: captcha::Captchas,
    pub verified: token::VerifiedTokens,
    pub tally: std::sync::Arc<tally::VerificationTally>,
}

impl CardKit {
    pub fn new(
        files: crate::storage::Storage,
        cache_mb: u32,
        captcha_secret: [u8; 32],
    ) -> anyhow::Result<CardKit> {
        Ok(CardKit {
            renderer: render::Renderer::new()?,
            cache: cache::RenderCache::new(cache_mb as usize * 1024 * 1024),
            photos: photo::PhotoStore::new(files),
            status_list: status_list::StatusListCache::default(),
            captchas: captcha::Captchas::new(captcha_secret),
            verified: token::VerifiedTokens::default(),
            tally: Default::default(),
        })
    }

    /// The small JPEG of a photo for the verification page, as a `data:` URI (kept in the
    /// render cache: a card scanned often is read from storage once).
    pub async fn thumbnail_uri(&self, photo_key: &str) -> anyhow::Result<Option<String>> {
        let cache_key = format!("thumb:{photo_key}");
        if let Some(b) = self.cache.get(&cache_key) {
            // Written below from a `String`: ASCII, checked at memory speed.
            return Ok(String::from_utf8(b.to_vec()).ok());
        }
        let Some(jpeg) = self.photos.thumbnail(photo_key).await? else {
            return Ok(None);
        };
        let uri = crate::data_uri::data_uri("image/jpeg", &jpeg);
        self.cache.put(
            cache_key,
            actix_web::web::Bytes::from(uri.clone().into_bytes()),
        );
        Ok(Some(uri))
    }
}
