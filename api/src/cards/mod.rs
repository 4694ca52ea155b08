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
pub mod token;

use std::path::Path;

/// What the card endpoints share, built once at start: the renderer (fonts loaded once), the
/// render cache, the photo files, and the last status list.
pub struct CardKit {
    pub renderer: render::Renderer,
    pub cache: cache::RenderCache,
    pub photos: photo::PhotoStore,
    pub status_list: status_list::StatusListCache,
}

impl CardKit {
    pub fn new(data_dir: &Path, cache_mb: u32) -> anyhow::Result<CardKit> {
        Ok(CardKit {
            renderer: render::Renderer::new()?,
            cache: cache::RenderCache::new(cache_mb as usize * 1024 * 1024),
            photos: photo::PhotoStore::new(data_dir),
            status_list: status_list::StatusListCache::default(),
        })
    }
}
