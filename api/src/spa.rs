//! The single-page app: its files at `/`, and `index.html` for every other non-API path so that
//! client-side routes (`/v/{token}`, `/masuk`, …) load on a fresh visit. The files are those of
//! `web/dist` built into the binary (so `satu-api serve` works from any directory), or those of
//! `SATU_WEB_DIR` when it is set. Files with a content hash in their name (`name-<16 hex>.ext`)
//! never change: cached for a year, `immutable`; `index.html` is revalidated on every visit, so a
//! deployment is picked up at once. The brotli and gzip copies made at build time are sent to
//! browsers that accept them; nothing is compressed per request.

use std::borrow::Cow;
use std::path::PathBuf;

use actix_web::http::header::{self, HeaderValue};
use actix_web::http::Method;
use actix_web::web::Bytes;
use actix_web::{web, HttpRequest, HttpResponse};
use satu_shared::{ErrorCode, Lang, Localized};

use crate::error::ProblemSpec;

/// `web/dist` as it was when this binary was compiled (empty if it was not built then).
#[derive(rust_embed::Embed)]
#[folder = "../web/dist/"]
#[allow_missing = true]
struct BuiltIn;

/// Whether this binary carries a built web app.
pub fn built_in() -> bool {
    BuiltIn::get("index.html").is_some()
}

/// Where the web app's files come from.
#[derive(Debug, Clone)]
pub enum Source {
    BuiltIn,
    Dir(PathBuf),
}

impl Source {
    /// A file's bytes; the built-in ones are answered from the binary itself, never copied.
    fn file(&self, rel: &str) -> Option<Bytes> {
        match self {
            Source::BuiltIn => BuiltIn::get(rel).map(|f| match f.data {
                Cow::Borrowed(b) => Bytes::from_static(b),
                Cow::Owned(v) => Bytes::from(v),
            }),
            Source::Dir(dir) => std::fs::read(dir.join(rel)).ok().map(Bytes::from),
        }
    }

    pub fn has_index(&self) -> bool {
        self.file("index.html").is_some()
    }
}

/// A relative path that stays inside the folder: no `..`, no absolute or Windows parts.
fn safe(rel: &str) -> bool {
    !rel.is_empty()
        && rel.split('/').all(|part| {
            !part.is_empty() && part != "." && part != ".." && !part.contains(['\\', ':', '\0'])
        })
}

/// `name-<16 hex>.ext`, or any file in a folder `name-<16 hex>/` (the web app's code: its main
/// module and the parts loaded later, whose names point at each other): the content's hash is in
/// the name, so the file never changes.
fn hashed(rel: &str) -> bool {
    let tagged = |name: &str| {
        let stem = name.split('.').next().unwrap_or(name);
        stem.rsplit_once('-')
            .is_some_and(|(_, h)| h.len() == 16 && h.bytes().all(|b| b.is_ascii_hexdigit()))
    };
    let mut parts = rel.split('/');
    let first = parts.next().unwrap_or(rel);
    match parts.next() {
        None => tagged(first),
        // A folder's name has no extension; only a folder at the top counts.
        Some(_) => !first.contains('.') && tagged(first),
    }
}

fn content_type(rel: &str) -> &'static str {
    match rel.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// The encodings the client takes, best first, among those built (brotli, gzip).
fn accepted(req: &HttpRequest) -> Vec<(&'static str, &'static str)> {
    let asked = req
        .headers()
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let takes = |name: &str| {
        asked.split(',').any(|part| {
            let mut it = part.trim().split(';');
            it.next()
                .is_some_and(|n| n.trim().eq_ignore_ascii_case(name))
                && !it.any(|p| matches!(p.trim(), "q=0" | "q=0.0" | "q=0.00" | "q=0.000"))
        })
    };
    [("br", "br"), ("gzip", "gz")]
        .into_iter()
        .filter(|(name, _)| takes(name))
        .collect()
}

fn unavailable() -> HttpResponse {
    let spec = ProblemSpec {
        code: ErrorCode::ServiceUnavailable,
        detail: Localized::new(
            "Aplikasi web belum tersedia di server ini. Hubungi pengelola (jalankan `make build`).",
            "The web app is not available on this server. Contact the operator (run `make build`).",
        ),
        ..ProblemSpec::from_code(ErrorCode::ServiceUnavailable)
    };
    spec.response(Lang::Id, None)
}

/// Every path no route above took.
pub async fn serve(req: HttpRequest, source: web::Data<Source>) -> HttpResponse {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return HttpResponse::from_error(actix_web::error::ErrorMethodNotAllowed(""));
    }
    let rel = req.path().trim_start_matches('/');
    if safe(rel) && rel != "index.html" {
        if let Some(plain) = source.file(rel) {
            let mut res = HttpResponse::Ok();
            res.insert_header((header::CONTENT_TYPE, content_type(rel)))
                .insert_header((header::VARY, "Accept-Encoding"))
                .insert_header((
                    header::CACHE_CONTROL,
                    if hashed(rel) {
                        "public, max-age=31536000, immutable"
                    } else {
                        "no-cache"
                    },
                ));
            for (encoding, ext) in accepted(&req) {
                if let Some(packed) = source.file(&format!("{rel}.{ext}")) {
                    res.insert_header((
                        header::CONTENT_ENCODING,
                        HeaderValue::from_static(encoding),
                    ));
                    return res.body(packed);
                }
            }
            return res.body(plain);
        }
    }
    // A client-side route: the shell, revalidated on every visit.
    match source.file("index.html") {
        Some(index) => HttpResponse::Ok()
            .insert_header((header::CONTENT_TYPE, "text/html; charset=utf-8"))
            .insert_header((header::CACHE_CONTROL, "no-cache"))
            .body(index),
        None => {
            tracing::error!(source = ?source.get_ref(), "the SPA is not built");
            unavailable()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_and_hashes_are_recognised() {
        for bad in ["", "..", "../x", "a/../b", "a//b", "a\\b", "c:x", "./a"] {
            assert!(!safe(bad), "{bad}");
        }
        assert!(safe("assets/app.css") && safe("satu-web-0123456789abcdef.wasm"));
        assert!(hashed("satu-web-0123456789abcdef.wasm"));
        assert!(hashed("boot-e332386cb1e89c7c.js"));
        assert!(!hashed("index.html") && !hashed("assets/app.css") && !hashed("a-123.js"));
        assert!(hashed("app-0123456789abcdef/satu-web.js"));
        assert!(hashed("app-0123456789abcdef/snippets/x/inline0.js"));
        assert!(!hashed("app.0123456789abcdef/x.js") && !hashed("app/x-0123456789abcdef.js"));
    }
}
