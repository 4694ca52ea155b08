//! Pure helpers of the web app's pages, kept here so they run and are tested natively: the NIP as
//! it is typed, the reset link's token, and the photo crop's geometry.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Timelike, Utc};

use crate::card::{PHOTO_HEIGHT, PHOTO_WIDTH};
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
}
