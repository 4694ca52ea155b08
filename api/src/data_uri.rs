//! `data:` URIs: small images inlined into JSON answers (QR codes, captchas, thumbnails, card
//! previews) and into SVG.

use base64::Engine;

pub fn data_uri(mime: &str, bytes: &[u8]) -> String {
    let b64 = base64::engine::general_purpose::STANDARD;
    let mut out = String::with_capacity(mime.len() + 13 + bytes.len().div_ceil(3) * 4);
    out.push_str("data:");
    out.push_str(mime);
    out.push_str(";base64,");
    b64.encode_string(bytes, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_become_base64_uris() {
        assert_eq!(data_uri("image/png", b"abc"), "data:image/png;base64,YWJj");
        assert_eq!(data_uri("image/jpeg", b""), "data:image/jpeg;base64,");
    }
}
