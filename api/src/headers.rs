//! Security headers on every answer (the SPA, Swagger UI, the API and its error pages): what the
//! browser may load and run, no framing, no MIME sniffing, no referrer, and HSTS once the server
//! is reached over https.

use actix_web::middleware::DefaultHeaders;

/// What a page of ours may load: only its own files (the SPA's WebAssembly needs
/// `'wasm-unsafe-eval'`; its loader is a file, not an inline script), images also as `data:` and
/// `blob:` URLs (QR codes, photo previews; the photo assistant also reads the chosen file's
/// `blob:` and its canvas's `data:` URL back with `fetch`), styles also inline (Swagger UI and Leptos set style
/// attributes); never framed, no plugins, no `<base>`, forms only to us.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; \
    script-src 'self' 'wasm-unsafe-eval'; \
    style-src 'self' 'unsafe-inline'; \
    img-src 'self' data: blob:; \
    connect-src 'self' blob: data:; \
    object-src 'none'; \
    base-uri 'none'; \
    form-action 'self'; \
    frame-ancestors 'none'";

/// The camera only for our own pages (the card scanner); nothing else of the device.
pub const PERMISSIONS_POLICY: &str =
    "camera=(self), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()";

/// The headers added to every answer that does not set its own; HSTS (a year, subdomains) when
/// the public URL is https.
pub fn defaults(public_url: &str) -> DefaultHeaders {
    let headers = DefaultHeaders::new()
        .add(("Content-Security-Policy", CONTENT_SECURITY_POLICY))
        .add(("X-Frame-Options", "DENY"))
        .add(("X-Content-Type-Options", "nosniff"))
        .add(("Referrer-Policy", "no-referrer"))
        .add(("Permissions-Policy", PERMISSIONS_POLICY))
        .add(("Cross-Origin-Opener-Policy", "same-origin"));
    if public_url.starts_with("https://") {
        headers.add((
            "Strict-Transport-Security",
            "max-age=31536000; includeSubDomains",
        ))
    } else {
        headers
    }
}
