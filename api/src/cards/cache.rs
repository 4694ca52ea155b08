//! Rendered cards kept in memory, keyed by the hash of their inputs ([`CardFace::cache_key`]) and
//! bounded by total bytes, least recently used first out. A changed record is a new key, so
//! nothing is ever invalidated by hand.
//!
//! [`CardFace::cache_key`]: crate::cards::render::CardFace::cache_key

use std::num::NonZeroUsize;
use std::sync::Mutex;

use actix_web::web::Bytes;
use lru::LruCache;

pub struct RenderCache {
    inner: Mutex<Inner>,
    limit_bytes: usize,
}

struct Inner {
    entries: LruCache<String, Bytes>,
    bytes: usize,
}

impl RenderCache {
    pub fn new(limit_bytes: usize) -> RenderCache {
        RenderCache {
            inner: Mutex::new(Inner {
                // Entries are bounded by bytes; this only caps the bookkeeping.
                entries: LruCache::new(NonZeroUsize::new(100_000).unwrap_or(NonZeroUsize::MIN)),
                bytes: 0,
            }),
            limit_bytes,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        match self.inner.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    pub fn get(&self, key: &str) -> Option<Bytes> {
        self.lock().entries.get(key).cloned()
    }

    pub fn put(&self, key: String, value: Bytes) {
        if value.len() > self.limit_bytes / 4 {
            return;
        }
        let mut g = self.lock();
        g.bytes += value.len();
        if let Some(old) = g.entries.put(key, value) {
            g.bytes -= old.len();
        }
        while g.bytes > self.limit_bytes {
            match g.entries.pop_lru() {
                Some((_, v)) => g.bytes -= v.len(),
                None => break,
            }
        }
    }

    /// (entries, bytes)
    pub fn usage(&self) -> (usize, usize) {
        let g = self.lock();
        (g.entries.len(), g.bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_least_recently_used_leave_first_within_the_byte_limit() {
        let c = RenderCache::new(1000);
        c.put("a".into(), Bytes::from(vec![0u8; 200]));
        c.put("b".into(), Bytes::from(vec![0u8; 200]));
        assert!(c.get("a").is_some());
        for i in 0..4 {
            c.put(format!("x{i}"), Bytes::from(vec![0u8; 200]));
        }
        // "b" was the least recently used.
        assert!(c.get("b").is_none());
        assert!(c.get("a").is_some());
        assert!(c.usage().1 <= 1000);
        // Too large for the cache at all.
        c.put("huge".into(), Bytes::from(vec![0u8; 600]));
        assert!(c.get("huge").is_none());
        // Replacing a key does not count it twice.
        c.put("a".into(), Bytes::from(vec![0u8; 100]));
        let (_, bytes) = c.usage();
        assert!(bytes <= 1000, "{bytes}");
    }
}
