//! Drawn portraits for the demo data, so that a new installation shows real-looking cards: a
//! head-and-shoulders figure in official dress on a transparent background, 450 × 575, varied by
//! a seed (skin, hair or hijab, uniform). Stored through the photo assistant like any upload.

use resvg::{tiny_skia, usvg};
use satu_shared::Sex;

const SKIN: [(&str, &str); 4] = [
    ("#e7bf98", "#cfa27c"),
    ("#d4a57c", "#b98b63"),
    ("#b47f57", "#996842"),
    ("#8f5f3e", "#774c30"),
];
const HIJAB: [&str; 6] = [
    "#2f4858", "#7a2e4a", "#1f6f78", "#6b4f9a", "#8c3b2f", "#3b5b3a",
];
const HAIR: [&str; 3] = ["#1d1a18", "#2b211c", "#3a2a20"];

/// The SVG of a portrait.
pub fn svg(seed: u32, sex: Sex) -> String {
    let pick = |n: usize, salt: u32| ((seed.wrapping_mul(2_654_435_761) ^ salt) >> 7) as usize % n;
    let (skin, shade) = SKIN[pick(SKIN.len(), 0x11)];
    let hair = HAIR[pick(HAIR.len(), 0x22)];
    // Khaki PDH (daily official dress) or a white shirt under a dark jacket.
    let khaki = pick(2, 0x33) == 0;
    let (dress, dress_shade) = if khaki {
        ("#b59a68", "#9c8353")
    } else {
        ("#24303f", "#1a2330")
    };
    let mut out = String::from(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="450" height="575" viewBox="0 0 450 575">"#,
    );
    let hijab = sex == Sex::Perempuan && pick(5, 0x44) < 3;
    if sex == Sex::Perempuan && !hijab {
        out.push_str(&format!(
            r#"<path d="M128 200 C 120 90 330 90 322 200 L 340 430 L 110 430 Z" fill="{hair}"/>"#
        ));
    }
    // Shoulders and dress, turned slightly to the right as the guidance asks.
    out.push_str(&format!(
        r#"<path d="M30 575 C 40 450 110 398 215 392 C 330 392 412 446 424 575 Z" fill="{dress}"/><path d="M215 392 C 330 392 412 446 424 575 L 330 575 C 320 480 290 430 215 420 Z" fill="{dress_shade}" opacity="0.5"/>"#
    ));
    if khaki {
        out.push_str(&format!(
            r##"<path d="M170 398 L 215 470 L 262 398 L 240 392 L 215 430 L 192 392 Z" fill="{dress_shade}"/><rect x="118" y="470" width="62" height="8" rx="3" fill="#6b5a36"/>"##
        ));
    } else {
        out.push_str(r##"<path d="M182 394 L 215 500 L 250 394 Z" fill="#f4f4f2"/><path d="M208 410 L 222 410 L 226 480 L 215 496 L 204 480 Z" fill="#7a1f2b"/>"##);
    }
    // Neck and head.
    out.push_str(&format!(
        r#"<path d="M186 330 L 186 400 Q 215 420 246 400 L 246 330 Z" fill="{shade}"/><ellipse cx="219" cy="245" rx="88" ry="108" fill="{skin}"/><ellipse cx="133" cy="250" rx="12" ry="22" fill="{shade}"/><ellipse cx="305" cy="250" rx="12" ry="22" fill="{shade}"/>"#
    ));
    if hijab {
        let cloth = HIJAB[pick(HIJAB.len(), 0x55)];
        out.push_str(&format!(
            r#"<path d="M219 118 C 100 118 96 250 112 330 C 120 380 150 420 215 428 C 290 420 318 380 326 330 C 342 250 338 118 219 118 Z M219 150 C 160 150 142 200 146 250 C 150 310 180 345 219 348 C 258 345 288 310 292 250 C 296 200 278 150 219 150 Z" fill="{cloth}" fill-rule="evenodd"/><path d="M112 330 C 100 420 80 470 90 575 L 350 575 C 360 470 338 420 326 330 C 318 380 290 420 215 428 C 150 420 120 380 112 330 Z" fill="{cloth}"/>"#
        ));
    } else if sex == Sex::LakiLaki {
        out.push_str(&format!(
            r#"<path d="M132 230 C 124 130 190 112 226 114 C 290 114 318 160 308 232 C 296 180 262 166 222 168 C 180 168 148 184 132 230 Z" fill="{hair}"/>"#
        ));
    } else {
        out.push_str(&format!(
            r#"<path d="M134 240 C 124 128 200 110 228 114 C 300 118 320 170 306 242 C 290 180 250 160 214 168 C 178 176 150 200 134 240 Z" fill="{hair}"/>"#
        ));
    }
    // A friendly face, looking a little to the right.
    out.push_str(&format!(
        r##"<path d="M176 220 q 18 -10 36 0 M238 220 q 18 -10 36 0" stroke="{hair}" stroke-width="6" fill="none" stroke-linecap="round"/><ellipse cx="196" cy="244" rx="9" ry="7" fill="#2a1d16"/><ellipse cx="258" cy="244" rx="9" ry="7" fill="#2a1d16"/><path d="M226 256 q 8 28 -4 34" stroke="{shade}" stroke-width="5" fill="none" stroke-linecap="round"/><path d="M196 308 q 30 22 60 0" stroke="#8b4b3b" stroke-width="6" fill="none" stroke-linecap="round"/>"##
    ));
    if pick(4, 0x66) == 0 {
        out.push_str(r##"<g fill="none" stroke="#222" stroke-width="4"><rect x="170" y="226" width="52" height="36" rx="12"/><rect x="232" y="226" width="52" height="36" rx="12"/><path d="M222 242 L 232 242"/></g>"##);
    }
    out.push_str("</svg>");
    out
}

/// The portrait as a PNG.
pub fn png(seed: u32, sex: Sex) -> anyhow::Result<Vec<u8>> {
    let tree = usvg::Tree::from_str(&svg(seed, sex), &usvg::Options::default())?;
    let mut pixmap =
        tiny_skia::Pixmap::new(450, 575).ok_or_else(|| anyhow::anyhow!("avatar pixmap"))?;
    resvg::render(
        &tree,
        tiny_skia::Transform::identity(),
        &mut pixmap.as_mut(),
    );
    crate::cards::render::encode_png(pixmap, 96)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn portraits_pass_the_photo_assistant_with_a_transparent_background() {
        for (seed, sex) in [(1, Sex::LakiLaki), (2, Sex::Perempuan), (7, Sex::Perempuan)] {
            let p = crate::cards::photo::process(&png(seed, sex).unwrap(), true).unwrap();
            assert!(p.transparent_background && !p.adjusted, "{seed}");
        }
        assert_ne!(svg(1, Sex::Perempuan), svg(2, Sex::Perempuan));
    }
}
