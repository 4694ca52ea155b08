//! Pure helpers of the web app's pages, kept here so they run and are tested natively: the NIP as
//! it is typed, the reset link's token, and the photo crop's geometry.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Timelike, Utc};

use crate::card::{PHOTO_HEIGHT, PHOTO_MIN_HEIGHT, PHOTO_MIN_WIDTH, PHOTO_WIDTH};
use crate::Localized;

/// A date as Indonesian forms write it: `16/04/1967`. (By hand: chrono's format strings would
/// add their whole formatting machinery to the web app.)
pub fn date_dmy(d: NaiveDate) -> String {
    format!("{:02}/{:02}/{:04}", d.day(), d.month(), d.year())
}

/// A moment in Western Indonesian Time (UTC+7): `16/04/2026 13:05 WIB`, or only the time of day
/// with seconds (`13:05:09 WIB`).
pub fn wib(at: DateTime<Utc>, time_only: bool) -> String {
    let t = (at + Duration::hours(7)).naive_utc();
    if time_only {
        format!("{:02}:{:02}:{:02} WIB", t.hour(), t.minute(), t.second())
    } else {
        format!(
            "{} {:02}:{:02} WIB",
            date_dmy(t.date()),
            t.hour(),
            t.minute()
        )
    }
}

/// Groups the digits of a NIP being typed as NIPs are printed (`XXXXXXXX XXXXXX X XXX`): anything
/// but digits is dropped, and at most 18 digits are kept.
pub fn group_nip_input(input: &str) -> String {
    let mut out = String::new();
    for (i, c) in input
        .chars()
        .filter(char::is_ascii_digit)
        .take(18)
        .enumerate()
    {
        if i == 8 || i == 14 || i == 15 {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// The `token` of a URL fragment such as `#token=abc` (or `#a=b&token=abc`); none when empty.
pub fn fragment_token(hash: &str) -> Option<String> {
    hash.trim_start_matches('#')
        .split('&')
        .find_map(|pair| pair.strip_prefix("token="))
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
}

/// The browser and system a User-Agent names, as a person says it ("Chrome di Windows"); the raw
/// string means nothing to the one approving a QR login.
pub fn device_name(user_agent: &str) -> Localized {
    let ua = user_agent;
    let browser = [
        ("Edg/", "Edge"),
        ("OPR/", "Opera"),
        ("SamsungBrowser/", "Samsung Internet"),
        ("Firefox/", "Firefox"),
        ("CriOS/", "Chrome"),
        ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
    ]
    .into_iter()
    .find(|(mark, _)| ua.contains(mark))
    .map(|(_, name)| name);
    let system = [
        ("iPhone", "iPhone"),
        ("iPad", "iPad"),
        ("Android", "Android"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("CrOS", "ChromeOS"),
        ("Linux", "Linux"),
    ]
    .into_iter()
    .find(|(mark, _)| ua.contains(mark))
    .map(|(_, name)| name);
    match (browser, system) {
        (Some(b), Some(s)) => Localized::owned(format!("{b} di {s}"), format!("{b} on {s}")),
        (Some(b), None) => Localized::owned(b.to_owned(), b.to_owned()),
        (None, Some(s)) => {
            Localized::owned(format!("Peramban di {s}"), format!("A browser on {s}"))
        }
        (None, None) => Localized::new("Peramban tidak dikenal", "Unknown browser"),
    }
}

/// The card photo's width : height.
pub const PHOTO_RATIO: f64 = PHOTO_WIDTH as f64 / PHOTO_HEIGHT as f64;

/// Where the photo crop sits: zoom 1 is the largest 450:575 rectangle of the picture; the position
/// runs from 0 (left/top) to 1 (right/bottom).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Crop {
    pub zoom: f64,
    pub x: f64,
    pub y: f64,
}

impl Crop {
    pub const MIN_ZOOM: f64 = 1.0;
    pub const MAX_ZOOM: f64 = 4.0;

    /// The whole largest rectangle, centred.
    pub const CENTRED: Crop = Crop {
        zoom: 1.0,
        x: 0.5,
        y: 0.5,
    };

    /// The source rectangle (x, y, w, h) of a picture `w` × `h` for this crop.
    pub fn source_rect(self, w: f64, h: f64) -> (f64, f64, f64, f64) {
        let base_w = w.min(h * PHOTO_RATIO);
        let base_h = base_w / PHOTO_RATIO;
        let zoom = self.zoom.clamp(Self::MIN_ZOOM, Self::MAX_ZOOM);
        let (rw, rh) = (base_w / zoom, base_h / zoom);
        let (x, y) = (self.x.clamp(0.0, 1.0), self.y.clamp(0.0, 1.0));
        ((w - rw) * x, (h - rh) * y, rw, rh)
    }

    /// The crop after a drag of (`dx`, `dy`) screen pixels, started at this crop, on a picture
    /// `w` × `h` shown `shown_width` pixels wide: the picture follows the finger.
    pub fn dragged(self, w: f64, h: f64, shown_width: f64, dx: f64, dy: f64) -> Crop {
        let (_, _, rw, rh) = self.source_rect(w, h);
        let scale = rw / shown_width.max(1.0);
        let (dx, dy) = (dx * scale, dy * scale);
        let x = if w > rw { self.x - dx / (w - rw) } else { 0.5 };
        let y = if h > rh { self.y - dy / (h - rh) } else { 0.5 };
        Crop {
            zoom: self.zoom,
            x: x.clamp(0.0, 1.0),
            y: y.clamp(0.0, 1.0),
        }
    }
}

/// The largest file the photo assistant reads in the browser. A phone camera's JPEG (3–12 MB) is
/// fine: the page crops and re-encodes it to a 450 × 575 PNG, and only that is uploaded (the
/// server's 2 MB limit is for what arrives).
pub const PICKED_PHOTO_MAX_BYTES: usize = 25 * 1024 * 1024;

/// The size rule of a file picked in the photo assistant (before it is decoded).
pub fn check_picked_photo_bytes(len: usize) -> Result<(), Localized> {
    if len == 0 {
        return crate::card::check_photo_bytes(0);
    }
    if len > PICKED_PHOTO_MAX_BYTES {
        let mb = format!("{:.0}", len as f64 / (1024.0 * 1024.0));
        return Err(Localized::owned(
            format!("Berkas foto {mb} MB terlalu besar untuk diolah (paling besar 25 MB). Pilih foto lain, misalnya foto dari kamera ponsel."),
            format!("The photo file is {mb} MB, too large to process (at most 25 MB). Choose another photo, e.g. one from a phone camera."),
        ));
    }
    Ok(())
}

/// The largest 450:575 rectangle a `w` × `h` picture holds, in whole pixels.
pub fn usable_crop(w: u32, h: u32) -> (u32, u32) {
    let (w64, h64) = (u64::from(w), u64::from(h));
    let (pw, ph) = (u64::from(PHOTO_WIDTH), u64::from(PHOTO_HEIGHT));
    if w64 * ph <= h64 * pw {
        (w, (w64 * ph / pw) as u32)
    } else {
        ((h64 * pw / ph) as u32, h)
    }
}

/// Whether a picked picture is large enough for the card once cropped to its shape. The message
/// names both the picture and the part of it the card can use, so the numbers never seem to
/// contradict the rule.
pub fn check_picked_resolution(w: u32, h: u32) -> Result<(), Localized> {
    let (cw, ch) = usable_crop(w, h);
    if cw >= PHOTO_MIN_WIDTH && ch >= PHOTO_MIN_HEIGHT {
        return Ok(());
    }
    Err(Localized::owned(
        format!("Foto {w}×{h} piksel terlalu kecil: bagian berbentuk kartu (450:575) yang dapat diambil darinya hanya {cw}×{ch} piksel, sedangkan kartu memerlukan paling kecil {PHOTO_MIN_WIDTH}×{PHOTO_MIN_HEIGHT} piksel (idealnya {PHOTO_WIDTH}×{PHOTO_HEIGHT}). Gunakan foto yang lebih besar."),
        format!("The {w}×{h} photo is too small: the card-shaped part (450:575) it holds is only {cw}×{ch} pixels, and the card needs at least {PHOTO_MIN_WIDTH}×{PHOTO_MIN_HEIGHT} (ideally {PHOTO_WIDTH}×{PHOTO_HEIGHT}). Use a larger photo."),
    ))
}

/// A simple background removal for a portrait on a plain background: from the top edge and the
/// upper two thirds of both sides (the shoulders reach the lower sides), every pixel connected to
/// them whose colour is within `tolerance` (0–100) of the background's colour becomes transparent.
/// The background's colour is the median of those edge pixels. `rgba` is `width` × `height` RGBA;
/// pixels already transparent count as background. Answers how many pixels became transparent.
pub fn clear_background(rgba: &mut [u8], width: usize, height: usize, tolerance: u8) -> usize {
    if width == 0 || height == 0 || rgba.len() < width * height * 4 {
        return 0;
    }
    let side_rows = height * 2 / 3;
    let mut seeds = Vec::with_capacity(width + 2 * side_rows);
    seeds.extend(0..width);
    for y in 1..side_rows {
        seeds.push(y * width);
        seeds.push(y * width + width - 1);
    }
    let channel = |c: usize| {
        let mut v: Vec<u8> = seeds.iter().map(|&i| rgba[i * 4 + c]).collect();
        v.sort_unstable();
        i32::from(v[v.len() / 2])
    };
    let reference = [channel(0), channel(1), channel(2)];
    // 100 is the largest distance between two colours (black to white, about 441).
    let limit = {
        let t = i32::from(tolerance.min(100));
        let d = 442 * t / 100;
        d * d
    };
    let near = |rgba: &[u8], i: usize| {
        let p = &rgba[i * 4..i * 4 + 4];
        if p[3] == 0 {
            return true;
        }
        let d: i32 = (0..3)
            .map(|c| {
                let x = i32::from(p[c]) - reference[c];
                x * x
            })
            .sum();
        d <= limit
    };
    let mut seen = vec![false; width * height];
    let mut stack: Vec<usize> = seeds.into_iter().filter(|&i| near(rgba, i)).collect();
    let mut cleared = 0;
    while let Some(i) = stack.pop() {
        if seen[i] {
            continue;
        }
        seen[i] = true;
        if rgba[i * 4 + 3] != 0 {
            rgba[i * 4 + 3] = 0;
            cleared += 1;
        }
        let (x, y) = (i % width, i / width);
        let neighbours = [
            (x > 0).then(|| i - 1),
            (x + 1 < width).then(|| i + 1),
            (y > 0).then(|| i - width),
            (y + 1 < height).then(|| i + width),
        ];
        for j in neighbours.into_iter().flatten() {
            if !seen[j] && near(rgba, j) {
                stack.push(j);
            }
        }
    }
    cleared
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lang;

    #[test]
    fn a_user_agent_becomes_words() {
        let name = |ua: &str| device_name(ua).get(Lang::Id).to_owned();
        assert_eq!(
            name("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"),
            "Chrome di Windows"
        );
        assert_eq!(
            name("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"),
            "Safari di iPhone"
        );
        assert_eq!(
            name("Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36"),
            "Samsung Internet di Android"
        );
        assert_eq!(
            name("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0"),
            "Edge di Windows"
        );
        assert_eq!(
            name("Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"),
            "Firefox di Linux"
        );
        assert_eq!(name("curl/8.5.0"), "Peramban tidak dikenal");
        assert_eq!(device_name("").get(Lang::En), "Unknown browser");
    }

    #[test]
    fn dates_and_times_are_written_as_in_indonesia() {
        let d = NaiveDate::from_ymd_opt(1967, 4, 6).unwrap();
        assert_eq!(date_dmy(d), "06/04/1967");
        let at = d.and_hms_opt(20, 5, 9).unwrap().and_utc();
        // 20:05 UTC is 03:05 the next day in WIB.
        assert_eq!(wib(at, false), "07/04/1967 03:05 WIB");
        assert_eq!(wib(at, true), "03:05:09 WIB");
    }

    #[test]
    fn a_nip_being_typed_is_grouped_as_printed() {
        assert_eq!(group_nip_input(""), "");
        assert_eq!(group_nip_input("1990"), "1990");
        assert_eq!(group_nip_input("199001012"), "19900101 2");
        assert_eq!(
            group_nip_input("199001012015031001"),
            "19900101 201503 1 001"
        );
        // Spaces, dashes and letters go; a nineteenth digit is not kept.
        assert_eq!(
            group_nip_input("19900101-201503 1 001 9x"),
            "19900101 201503 1 001"
        );
    }

    #[test]
    fn the_reset_token_comes_from_the_fragment() {
        assert_eq!(fragment_token("#token=abc").as_deref(), Some("abc"));
        assert_eq!(fragment_token("#a=b&token=xyz").as_deref(), Some("xyz"));
        assert_eq!(fragment_token("#token="), None);
        assert_eq!(fragment_token(""), None);
        assert_eq!(fragment_token("#mytoken=abc"), None);
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn the_centred_crop_is_the_largest_card_shaped_rectangle() {
        // A landscape picture: full height, centred horizontally.
        let (x, y, w, h) = Crop::CENTRED.source_rect(4000.0, 3000.0);
        assert!(
            close(h, 3000.0) && close(w, 3000.0 * PHOTO_RATIO),
            "{w}×{h}"
        );
        assert!(close(x, (4000.0 - w) / 2.0) && close(y, 0.0));
        // A tall picture: full width, centred vertically.
        let (x, y, w, h) = Crop::CENTRED.source_rect(900.0, 2000.0);
        assert!(close(w, 900.0) && close(h, 900.0 / PHOTO_RATIO));
        assert!(close(x, 0.0) && close(y, (2000.0 - h) / 2.0));
    }

    #[test]
    fn zoom_and_position_stay_inside_the_picture() {
        let c = Crop {
            zoom: 9.0,
            x: 2.0,
            y: -1.0,
        };
        let (x, y, w, h) = c.source_rect(1000.0, 1000.0);
        assert!(close(w, 1000.0 * PHOTO_RATIO / Crop::MAX_ZOOM));
        assert!(close(x + w, 1000.0) && close(y, 0.0) && h > 0.0);
    }

    #[test]
    fn a_drag_moves_the_picture_with_the_finger() {
        let start = Crop {
            zoom: 2.0,
            x: 0.5,
            y: 0.5,
        };
        // Dragging right shows more of the left: x goes down; dragging up shows more below.
        let moved = start.dragged(2000.0, 2000.0, 300.0, 30.0, -30.0);
        assert!(moved.x < 0.5 && moved.y > 0.5, "{moved:?}");
        // Far past the edge, it stops there.
        let far = start.dragged(2000.0, 2000.0, 300.0, 1e6, 1e6);
        assert!(close(far.x, 0.0) && close(far.y, 0.0));
        // A picture exactly the crop cannot move sideways.
        let exact = Crop::CENTRED.dragged(450.0, 575.0, 300.0, 50.0, 50.0);
        assert!(close(exact.x, 0.5) && close(exact.y, 0.5));
    }

    #[test]
    fn a_picked_photo_is_judged_by_the_part_the_card_can_use() {
        // A phone camera's file is taken; only absurd sizes are refused.
        assert!(check_picked_photo_bytes(3_600_000).is_ok());
        assert!(check_picked_photo_bytes(0).is_err());
        assert!(check_picked_photo_bytes(PICKED_PHOTO_MAX_BYTES + 1).is_err());
        // 300 × 400 holds a 300 × 383 card-shaped part: just enough.
        assert_eq!(usable_crop(300, 400), (300, 383));
        assert!(check_picked_resolution(300, 400).is_ok());
        assert_eq!(usable_crop(4000, 3000), (2347, 3000));
        assert!(check_picked_resolution(4000, 3000).is_ok());
        // One pixel short: the message names the usable part, below the minimum it states.
        let m = check_picked_resolution(299, 400).unwrap_err();
        assert!(m.id.contains("299×400"), "{}", m.id);
        assert!(m.id.contains("hanya 299×382"), "{}", m.id);
        assert!(m.id.contains("paling kecil 300×383"), "{}", m.id);
        // A wide picture is limited by its height.
        let m = check_picked_resolution(1000, 380).unwrap_err();
        assert!(m.id.contains("297×380"), "{}", m.id);
    }

    /// A figure (dark) on a plain light background with a little noise, the shoulders reaching
    /// the lower sides.
    fn portrait(w: usize, h: usize) -> Vec<u8> {
        let mut px = vec![0u8; w * h * 4];
        for y in 0..h {
            for x in 0..w {
                let fx = x as f64 / w as f64 - 0.5;
                let fy = y as f64 / h as f64;
                let head = fx * fx + (fy - 0.35) * (fy - 0.35) < 0.03;
                let body = fy > 0.7;
                let i = (y * w + x) * 4;
                let noise = ((x * 7 + y * 13) % 5) as u8;
                let c = if head || body {
                    [60, 40, 30]
                } else {
                    [225 + noise, 230, 235 - noise]
                };
                px[i..i + 3].copy_from_slice(&c);
                px[i + 3] = 255;
            }
        }
        px
    }

    #[test]
    fn the_background_is_cleared_from_the_edges_and_the_figure_kept() {
        let (w, h) = (90, 115);
        let mut px = portrait(w, h);
        let cleared = clear_background(&mut px, w, h, 10);
        let alpha = |x: usize, y: usize| px[(y * w + x) * 4 + 3];
        assert!(cleared > w * h / 3, "{cleared}");
        assert_eq!(alpha(0, 0), 0);
        assert_eq!(alpha(w - 1, 10), 0);
        // The head and the shoulders stay, also where they touch the lower edges.
        assert_eq!(alpha(w / 2, h * 35 / 100), 255);
        assert_eq!(alpha(0, h - 1), 255);
        assert_eq!(alpha(w - 1, h - 1), 255);
        // Tolerance 0 takes only the exact median colour: far less.
        let mut exact = portrait(w, h);
        assert!(clear_background(&mut exact, w, h, 0) < cleared / 2);
        // Nothing to do on an empty picture.
        assert_eq!(clear_background(&mut [], 0, 0, 50), 0);
    }
}
