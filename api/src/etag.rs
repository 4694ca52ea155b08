//! Conditional requests: whether the client already has the version an `ETag` names.

use actix_web::http::header;
use actix_web::HttpRequest;

/// Whether the client already has this version (`If-None-Match`).
pub fn matches_etag(req: &HttpRequest, etag: &str) -> bool {
    req.headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"))
}
