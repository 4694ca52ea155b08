//! Text that fits: measuring with the card's own fonts (the same files resvg and svg2pdf draw
//! with), shrinking and wrapping so that a long name, title or unit never leaves its box.

use std::sync::OnceLock;

use ttf_parser::Face;

pub const REGULAR_TTF: &[u8] = include_bytes!("../../assets/fonts/DejaVuSansCondensed.ttf");
pub const BOLD_TTF: &[u8] = include_bytes!("../../assets/fonts/DejaVuSansCondensed-Bold.ttf");
/// The family name both files carry (a condensed face of it).
pub const FAMILY: &str = "DejaVu Sans";

/// Advance widths of the two faces, in font units, parsed once.
struct Metrics {
    regular: Face<'static>,
    bold: Face<'static>,
}

fn metrics() -> Option<&'static Metrics> {
    static METRICS: OnceLock<Option<Metrics>> = OnceLock::new();
    METRICS
        .get_or_init(|| {
            Some(Metrics {
                regular: Face::parse(REGULAR_TTF, 0).ok()?,
                bold: Face::parse(BOLD_TTF, 0).ok()?,
            })
        })
        .as_ref()
}

/// The width of `text` at `size` (user units), without kerning (which only narrows it).
pub fn width(text: &str, size: f32, bold: bool) -> f32 {
    let Some(m) = metrics() else {
        // The fonts are compiled in; should they ever fail to parse, assume a wide font.
        return text.chars().count() as f32 * size * 0.6;
    };
    let face = if bold { &m.bold } else { &m.regular };
    let fallback = face
        .glyph_hor_advance(ttf_parser::GlyphId(0))
        .unwrap_or(face.units_per_em());
    let units: u32 = text
        .chars()
        .map(|c| {
            face.glyph_index(c)
                .and_then(|g| face.glyph_hor_advance(g))
                .unwrap_or(fallback) as u32
        })
        .sum();
    units as f32 * size / f32::from(face.units_per_em())
}

/// A run of text laid out in a box: its size and lines.
#[derive(Debug, Clone, PartialEq)]
pub struct Fitted {
    pub size: f32,
    pub lines: Vec<String>,
}

/// Greedy word wrap at `size`; a word longer than the box is broken between characters.
fn wrap(text: &str, max_width: f32, size: f32, bold: bool) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_owned()
        } else {
            format!("{line} {word}")
        };
        if width(&candidate, size, bold) <= max_width {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        if width(word, size, bold) <= max_width {
            line = word.to_owned();
            continue;
        }
        // Break an overlong word.
        for ch in word.chars() {
            let mut next = line.clone();
            next.push(ch);
            if !line.is_empty() && width(&next, size, bold) > max_width {
                lines.push(std::mem::take(&mut line));
                line.push(ch);
            } else {
                line = next;
            }
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Shortens a line with an ellipsis until it fits.
fn ellipsize(line: &str, max_width: f32, size: f32, bold: bool) -> String {
    let mut chars: Vec<char> = line.chars().collect();
    loop {
        let candidate: String = chars.iter().collect::<String>().trim_end().to_owned() + "…";
        if chars.is_empty() || width(&candidate, size, bold) <= max_width {
            return candidate;
        }
        chars.pop();
    }
}

/// Fits `text` into `max_width` and at most `max_lines` lines: one line shrunk by up to a fifth
/// first, then more lines down to `min_size`; at the smallest size the last line is cut with an
/// ellipsis. Never wider than the box.
pub fn fit(
    text: &str,
    max_width: f32,
    size: f32,
    min_size: f32,
    max_lines: usize,
    bold: bool,
) -> Fitted {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        return Fitted {
            size,
            lines: Vec::new(),
        };
    }
    let max_lines = max_lines.max(1);
    let one_line_floor = (size * 0.8).max(min_size);
    let mut s = size;
    while s >= one_line_floor {
        if width(&text, s, bold) <= max_width {
            return Fitted {
                size: s,
                lines: vec![text],
            };
        }
        s -= 0.5;
    }
    if max_lines > 1 {
        let mut s = size;
        while s >= min_size {
            let lines = wrap(&text, max_width, s, bold);
            if lines.len() <= max_lines {
                return Fitted { size: s, lines };
            }
            s -= 0.5;
        }
    }
    let mut lines = wrap(&text, max_width, min_size, bold);
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        let last = lines.pop().unwrap_or_default();
        lines.push(ellipsize(&last, max_width, min_size, bold));
    }
    if let Some(last) = lines.last_mut() {
        if width(last, min_size, bold) > max_width {
            *last = ellipsize(last, max_width, min_size, bold);
        }
    }
    Fitted {
        size: min_size,
        lines,
    }
}

/// Escapes text for SVG content and attribute values.
pub fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters are not allowed in XML.
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn widths_grow_with_text_and_weight() {
        let a = width("SITI", 20.0, false);
        assert!(a > 20.0 && a < 80.0, "{a}");
        assert!(width("SITI RAHAYU", 20.0, false) > a);
        assert!(width("SITI", 20.0, true) > a);
        assert_eq!(width("", 20.0, false), 0.0);
    }

    #[test]
    fn long_text_shrinks_wraps_and_never_overflows() {
        let short = fit("Dr. SITI RAHAYU", 400.0, 30.0, 18.0, 2, true);
        assert_eq!(short.size, 30.0);
        assert_eq!(short.lines.len(), 1);

        let long = "Prof. Dr. Ir. RADEN MAS KANJENG PANGERAN HARYO SURYONEGORO WIRYOKUSUMO, S.H., M.Hum., M.Sc., Ph.D.";
        let f = fit(long, 400.0, 30.0, 18.0, 2, true);
        assert!(f.lines.len() <= 2, "{f:?}");
        assert!(f.size <= 30.0 && f.size >= 18.0);
        for l in &f.lines {
            assert!(width(l, f.size, true) <= 400.0, "{l}");
        }
        let very_long = long.repeat(4);
        let f = fit(&very_long, 300.0, 24.0, 16.0, 2, false);
        assert_eq!(f.lines.len(), 2);
        assert!(f.lines[1].ends_with('…'), "{f:?}");
        assert_eq!(f.lines[1].matches('…').count(), 1, "{f:?}");
        for l in &f.lines {
            assert!(width(l, f.size, false) <= 300.0, "{l}");
        }
        // One unbreakable word.
        let f = fit(&"W".repeat(200), 200.0, 20.0, 14.0, 2, true);
        for l in &f.lines {
            assert!(width(l, f.size, true) <= 200.0, "{l}");
        }
    }

    #[test]
    fn xml_is_escaped() {
        assert_eq!(
            xml("A&B <C> \"D\" 'E'\u{1}"),
            "A&amp;B &lt;C&gt; &quot;D&quot; &apos;E&apos; "
        );
    }
}
