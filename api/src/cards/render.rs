//! Drawing the card: SVG templates (one per side and orientation) filled with the current data,
//! rasterised by resvg to a 300 dpi PNG, or turned into a two-page vector PDF at ID-1 size by
//! svg2pdf. The fonts ship in the binary and are loaded once.

use std::sync::Arc;

use chrono::NaiveDate;
use image::codecs::png::{CompressionType, FilterType, PngEncoder};
use image::{ExtendedColorType, ImageEncoder};
use resvg::{tiny_skia, usvg};
use satu_shared::card::{Orientation, CARD_LONG_MM, CARD_SHORT_MM};
use satu_shared::EmployeeKind;
use sha2::{Digest, Sha256};

use crate::cards::layout::{self, fit, xml, Fitted};
use crate::qr::Matrix;

/// Bumped whenever a template or the layout changes, so cached renders are not served stale.
const TEMPLATE_VERSION: &str = "2026-12-03.1";

const FRONT_LANDSCAPE: &str = include_str!("templates/front-landscape.svg");
const FRONT_PORTRAIT: &str = include_str!("templates/front-portrait.svg");
const BACK_LANDSCAPE: &str = include_str!("templates/back-landscape.svg");
const BACK_PORTRAIT: &str = include_str!("templates/back-portrait.svg");

/// The purple both gradients end in.
const PURPLE: &str = "#5B2A91";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    Front,
    Back,
}

impl Side {
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Front => "front",
            Side::Back => "back",
        }
    }
}

/// Everything the card shows, drawn from the current record: the render's inputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardFace {
    pub kind: EmployeeKind,
    /// Name with titles.
    pub name: String,
    /// 18 digits.
    pub nip: String,
    pub golongan: Option<String>,
    pub jabatan: Option<String>,
    pub unit: String,
    pub agency: String,
    pub serial: String,
    pub issued: NaiveDate,
    /// What the QR code carries.
    pub verify_url: String,
    /// The server's public address (printed on the back).
    pub public_url: String,
    /// Valid now; an invalid card is drawn with "TIDAK BERLAKU" across it.
    pub valid: bool,
    /// The stored photo's name (its content hash), if there is one.
    pub photo_key: Option<String>,
    /// A PPPK's contract end, printed on the front.
    pub contract_end: Option<NaiveDate>,
    /// The SHA-256 of the agency's logo, if the agency has one.
    pub logo_key: Option<String>,
}

/// The agency's logo as the card embeds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardLogo {
    /// `image/png` or `image/svg+xml` (cleaned when it was uploaded).
    pub media_type: String,
    pub base64: String,
    /// Of the stored file: a render is cached only when it matches the face's `logo_key` (the
    /// logo may change between reading the face and reading the logo).
    pub sha256: String,
}

impl CardFace {
    /// A hash of every input of one render: the same inputs give the same bytes.
    pub fn cache_key(&self, what: &str, orientation: Orientation, scale: f32) -> String {
        let mut h = Sha256::new();
        for part in [
            TEMPLATE_VERSION,
            what,
            orientation.as_str(),
            &scale.to_string(),
            self.kind.as_str(),
            &self.name,
            &self.nip,
            self.golongan.as_deref().unwrap_or("-"),
            self.jabatan.as_deref().unwrap_or("-"),
            &self.unit,
            &self.agency,
            &self.serial,
            &self.issued.to_string(),
            &self.verify_url,
            &self.public_url,
            if self.valid { "valid" } else { "invalid" },
            self.photo_key.as_deref().unwrap_or("-"),
            &self
                .contract_end
                .map(|d| d.to_string())
                .unwrap_or_else(|| "-".into()),
            self.logo_key.as_deref().unwrap_or("-"),
        ] {
            h.update(part.as_bytes());
            h.update([0u8]);
        }
        hex::encode(&h.finalize()[..16])
    }
}

/// A template split once into text and `{{name}}` slots.
struct Template {
    parts: Vec<(String, Option<String>)>,
}

impl Template {
    fn parse(src: &str) -> Template {
        let mut parts = Vec::new();
        let mut rest = src;
        while let Some(start) = rest.find("{{") {
            let Some(len) = rest[start..].find("}}") else {
                break;
            };
            parts.push((
                rest[..start].to_owned(),
                Some(rest[start + 2..start + len].trim().to_owned()),
            ));
            rest = &rest[start + len + 2..];
        }
        parts.push((rest.to_owned(), None));
        Template { parts }
    }

    fn fill(&self, values: &[(&str, &str)]) -> anyhow::Result<String> {
        let mut out = String::with_capacity(16 * 1024);
        for (text, slot) in &self.parts {
            out.push_str(text);
            if let Some(name) = slot {
                let value = values
                    .iter()
                    .find(|(k, _)| k == name)
                    .map(|(_, v)| *v)
                    .ok_or_else(|| anyhow::anyhow!("template slot {{{{{name}}}}} has no value"))?;
                out.push_str(value);
            }
        }
        Ok(out)
    }
}

#[derive(Clone, Copy)]
struct Rect {
    x: f32,
    y: f32,
    w: f32,
    h: f32,
}

/// Where things go on the front of one orientation.
struct FrontGeometry {
    photo: Rect,
    serial_x: f32,
    serial_y: f32,
    qr: Rect,
    qr_caption_y: f32,
    fields: Rect,
}

fn front_geometry(o: Orientation) -> FrontGeometry {
    match o {
        Orientation::Landscape => FrontGeometry {
            photo: Rect {
                x: 48.0,
                y: 148.0,
                w: 200.0,
                h: 256.0,
            },
            serial_x: 148.0,
            serial_y: 436.0,
            qr: Rect {
                x: 732.0,
                y: 148.0,
                w: 231.0,
                h: 231.0,
            },
            qr_caption_y: 404.0,
            fields: Rect {
                x: 280.0,
                y: 148.0,
                w: 430.0,
                h: 372.0,
            },
        },
        Orientation::Portrait => FrontGeometry {
            photo: Rect {
                x: 48.0,
                y: 146.0,
                w: 220.0,
                h: 281.0,
            },
            serial_x: 158.0,
            serial_y: 456.0,
            qr: Rect {
                x: 322.0,
                y: 146.0,
                w: 268.0,
                h: 268.0,
            },
            qr_caption_y: 440.0,
            fields: Rect {
                x: 48.0,
                y: 516.0,
                w: 542.0,
                h: 380.0,
            },
        },
    }
}

/// One labelled value on the card.
struct Field {
    label: &'static str,
    value: String,
    size: f32,
    min_size: f32,
    max_lines: usize,
    bold: bool,
}

/// NIP in its readable groups (`19710615 200003 2 003`).
fn grouped_nip(nip: &str) -> String {
    satu_shared::Nip::parse(nip)
        .map(|n| n.grouped())
        .unwrap_or_else(|_| nip.to_owned())
}

fn kind_long(kind: EmployeeKind) -> &'static str {
    match kind {
        EmployeeKind::Pppk => "PEGAWAI PEMERINTAH DENGAN PERJANJIAN KERJA",
        _ => "PEGAWAI NEGERI SIPIL",
    }
}

/// The hue (0–360°) of a pixel: how the colours of a drawn card are checked.
pub fn hue(rgba: &[u8]) -> f32 {
    let (r, g, b) = (f32::from(rgba[0]), f32::from(rgba[1]), f32::from(rgba[2]));
    let (max, min) = (r.max(g).max(b), r.min(g).min(b));
    if max == min {
        return 0.0;
    }
    let h = if max == r {
        60.0 * ((g - b) / (max - min))
    } else if max == g {
        60.0 * ((b - r) / (max - min) + 2.0)
    } else {
        60.0 * ((r - g) / (max - min) + 4.0)
    };
    (h + 360.0) % 360.0
}

/// Start colour of the gradient: PNS red, PPPK teal (toska); both end in purple.
pub fn start_colour(kind: EmployeeKind) -> &'static str {
    match kind {
        EmployeeKind::Pppk => "#00A19A",
        _ => "#C62833",
    }
}

const LINE_HEIGHT: f32 = 1.17;

/// Lays out labelled fields top-down in `area`, shrinking everything evenly until they fit.
fn fields_svg(fields: &[Field], area: Rect, label_fill: &str, value_fill: &str) -> String {
    let label_size = 14.0;
    let gap = 12.0;
    let mut k = 1.0f32;
    let laid = loop {
        let laid: Vec<Fitted> = fields
            .iter()
            .map(|f| {
                fit(
                    &f.value,
                    area.w,
                    f.size * k,
                    f.min_size * k.max(0.85),
                    f.max_lines,
                    f.bold,
                )
            })
            .collect();
        let height: f32 = laid
            .iter()
            .map(|l| label_size * k + 5.0 * k + l.lines.len() as f32 * l.size * LINE_HEIGHT)
            .sum::<f32>()
            + gap * k * (fields.len().saturating_sub(1)) as f32;
        if height <= area.h || k <= 0.62 {
            break laid;
        }
        k -= 0.04;
    };
    let mut out = String::new();
    let mut y = area.y;
    for (f, l) in fields.iter().zip(&laid) {
        y += label_size * k;
        out.push_str(&format!(
            r#"<text x="{:.1}" y="{:.1}" font-size="{:.1}" fill="{label_fill}" fill-opacity="0.82" letter-spacing="1.5">{}</text>"#,
            area.x,
            y,
            label_size * k,
            xml(f.label)
        ));
        y += 5.0 * k;
        for line in &l.lines {
            y += l.size * LINE_HEIGHT * 0.86;
            out.push_str(&format!(
                r#"<text x="{:.1}" y="{:.1}" font-size="{:.1}" fill="{value_fill}"{}>{}</text>"#,
                area.x,
                y,
                l.size,
                if f.bold { r#" font-weight="bold""# } else { "" },
                xml(line)
            ));
            y += l.size * LINE_HEIGHT * 0.14;
        }
        y += gap * k;
    }
    out
}

/// Centred text lines.
fn centred_svg(fitted: &Fitted, cx: f32, mut y: f32, fill: &str, bold: bool) -> String {
    let mut out = String::new();
    for line in &fitted.lines {
        out.push_str(&format!(
            r#"<text x="{cx:.1}" y="{y:.1}" font-size="{:.1}" fill="{fill}" text-anchor="middle"{}>{}</text>"#,
            fitted.size,
            if bold { r#" font-weight="bold""# } else { "" },
            xml(line)
        ));
        y += fitted.size * LINE_HEIGHT;
    }
    out
}

fn photo_svg(r: Rect, photo_png: Option<&[u8]>) -> String {
    let Rect { x, y, w, h } = r;
    let mut out = format!(
        r##"<clipPath id="photo"><rect x="{x}" y="{y}" width="{w}" height="{h}" rx="14"/></clipPath><rect x="{x}" y="{y}" width="{w}" height="{h}" rx="14" fill="#fff" fill-opacity="0.16"/>"##
    );
    match photo_png {
        Some(png) => out.push_str(&format!(
            r#"<image x="{x}" y="{y}" width="{w}" height="{h}" preserveAspectRatio="xMidYMid slice" clip-path="url(#photo)" href="{}"/>"#,
            crate::data_uri::data_uri("image/png", png)
        )),
        None => {
            // A silhouette and a word, until the employee sets a photo.
            let cx = x + w / 2.0;
            out.push_str(&format!(
                r##"<g clip-path="url(#photo)" fill="#fff" fill-opacity="0.45"><circle cx="{cx}" cy="{:.1}" r="{:.1}"/><ellipse cx="{cx}" cy="{:.1}" rx="{:.1}" ry="{:.1}"/></g><text x="{cx}" y="{:.1}" font-size="15" fill="#fff" text-anchor="middle" letter-spacing="1">FOTO BELUM ADA</text>"##,
                y + h * 0.36,
                w * 0.2,
                y + h * 0.92,
                w * 0.42,
                h * 0.3,
                y + h - 14.0,
            ));
        }
    }
    out.push_str(&format!(
        r##"<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="14" fill="none" stroke="#fff" stroke-width="4"/>"##
    ));
    out
}

fn qr_svg(r: Rect, url: &str) -> anyhow::Result<String> {
    let m = Matrix::encode(url)?;
    // The white square is the quiet zone; modules sit on whole-number steps where possible.
    let module = r.w / m.size() as f32;
    Ok(format!(
        r##"<rect x="{}" y="{}" width="{}" height="{}" rx="14" fill="#fff"/><path transform="translate({} {}) scale({module:.4})" shape-rendering="crispEdges" fill="#111" d="{}"/>"##,
        r.x,
        r.y,
        r.w,
        r.h,
        r.x,
        r.y,
        m.svg_path()
    ))
}

/// "TIDAK BERLAKU" across the card, clear of the QR code (a verifier must still be able to scan
/// it and see why).
fn watermark_svg(o: Orientation) -> String {
    let (w, _) = o.pixels();
    let cy = match o {
        Orientation::Landscape => 488.0,
        Orientation::Portrait => 706.0,
    };
    format!(
        r##"<g transform="rotate(-4 {cx} {cy})"><rect x="-40" y="{:.1}" width="{:.1}" height="92" fill="#B00020" fill-opacity="0.9"/><text x="{cx}" y="{:.1}" font-size="58" font-weight="bold" fill="#fff" text-anchor="middle" letter-spacing="4">TIDAK BERLAKU</text></g>"##,
        cy - 46.0,
        w as f32 + 80.0,
        cy + 21.0,
        cx = w as f32 / 2.0,
    )
}

/// The card rules on the back (SE Kepala BKN 16/2022).
fn rules(f: &CardFace) -> [String; 4] {
    [
        "Kartu ASN Virtual adalah identitas Aparatur Sipil Negara yang berlaku selama pemegangnya berstatus ASN (Surat Edaran Kepala BKN Nomor 16 Tahun 2022).".to_owned(),
        "Data pada kartu diambil dari data kepegawaian terkini; perubahan data tidak memerlukan cetak ulang kartu.".to_owned(),
        "Kartu tidak berlaku bagi PNS yang diberhentikan, PPPK yang diberhentikan atau berakhir masa perjanjian kerjanya, serta ASN yang pensiun atau meninggal dunia.".to_owned(),
        format!(
            "Kartu tidak dapat dipindahtangankan. Bila menemukan kartu ini, mohon serahkan kepada {}.",
            f.agency
        ),
    ]
}

fn back_body(f: &CardFace, o: Orientation) -> String {
    let colour = start_colour(f.kind);
    let (x, w, top, bottom, base) = match o {
        Orientation::Landscape => (64.0f32, 883.0f32, 122.0f32, 580.0f32, 19.0f32),
        Orientation::Portrait => (64.0, 510.0, 130.0, 948.0, 23.0),
    };
    let host = f
        .public_url
        .split("://")
        .nth(1)
        .unwrap_or(&f.public_url)
        .trim_end_matches('/')
        .to_owned();
    let verify_lead = "Periksa keabsahan kartu dengan memindai kode QR di bagian depan, atau buka:";
    let address = format!("{host}/v");
    let serial_line = format!(
        "Nomor kartu {} · {} {}",
        f.serial,
        f.kind.nip_label(),
        grouped_nip(&f.nip)
    );
    let rules = rules(f);
    let indent = 30.0;
    let mut k = 1.0f32;
    loop {
        let size = base * k;
        let fitted: Vec<Fitted> = rules
            .iter()
            .map(|r| fit(r, w - indent, size, size, 6, false))
            .collect();
        let lead = fit(verify_lead, w - 20.0, 17.0 * k, 17.0 * k, 3, false);
        let addr = fit(&address, w - 20.0, 26.0 * k, 16.0, 1, true);
        let serial = fit(&serial_line, w - 20.0, 16.0 * k, 12.0, 1, false);
        let rules_h: f32 = fitted
            .iter()
            .map(|l| l.lines.len() as f32 * l.size * LINE_HEIGHT + 10.0 * k)
            .sum();
        let verify_h = lead.lines.len() as f32 * lead.size * LINE_HEIGHT
            + addr.size * LINE_HEIGHT
            + serial.size * LINE_HEIGHT
            + 28.0 * k;
        if rules_h + verify_h + 24.0 <= bottom - top || k <= 0.6 {
            let mut out = String::new();
            let mut y = top + 14.0;
            for (i, l) in fitted.iter().enumerate() {
                y += l.size;
                out.push_str(&format!(
                    r##"<text x="{x}" y="{y:.1}" font-size="{:.1}" font-weight="bold" fill="{colour}">{}.</text>"##,
                    l.size,
                    i + 1
                ));
                for (j, line) in l.lines.iter().enumerate() {
                    if j > 0 {
                        y += l.size * LINE_HEIGHT;
                    }
                    out.push_str(&format!(
                        r##"<text x="{:.1}" y="{y:.1}" font-size="{:.1}" fill="#222">{}</text>"##,
                        x + indent,
                        l.size,
                        xml(line)
                    ));
                }
                y += l.size * (LINE_HEIGHT - 1.0) + 10.0 * k;
            }
            // The verification box sits at the bottom of the panel.
            let box_top = bottom - verify_h;
            out.push_str(&format!(
                r##"<rect x="{x}" y="{box_top:.1}" width="{w}" height="{verify_h:.1}" rx="12" fill="{colour}" fill-opacity="0.08"/><rect x="{x}" y="{box_top:.1}" width="6" height="{verify_h:.1}" fill="{colour}"/>"##
            ));
            let mut y = box_top + 10.0 * k;
            for line in &lead.lines {
                y += lead.size;
                out.push_str(&format!(
                    r##"<text x="{:.1}" y="{y:.1}" font-size="{:.1}" fill="#333">{}</text>"##,
                    x + 20.0,
                    lead.size,
                    xml(line)
                ));
                y += lead.size * (LINE_HEIGHT - 1.0);
            }
            y += addr.size * LINE_HEIGHT;
            out.push_str(&format!(
                r##"<text x="{:.1}" y="{y:.1}" font-size="{:.1}" font-weight="bold" fill="{PURPLE}">{}</text>"##,
                x + 20.0,
                addr.size,
                xml(addr.lines.first().map(String::as_str).unwrap_or(""))
            ));
            y += serial.size * LINE_HEIGHT + 2.0;
            out.push_str(&format!(
                r##"<text x="{:.1}" y="{y:.1}" font-size="{:.1}" fill="#555">{}</text>"##,
                x + 20.0,
                serial.size,
                xml(serial.lines.first().map(String::as_str).unwrap_or(""))
            ));
            return out;
        }
        k -= 0.04;
    }
}

const TITLE: &str = "KARTU APARATUR SIPIL NEGARA";

/// Where the logo goes on the front: the top right corner of a landscape card, the top left of
/// a portrait one (whose title then moves right of it).
fn logo_rect(o: Orientation) -> Rect {
    match o {
        Orientation::Landscape => Rect {
            x: 867.0,
            y: 18.0,
            w: 96.0,
            h: 96.0,
        },
        Orientation::Portrait => Rect {
            x: 34.0,
            y: 20.0,
            w: 88.0,
            h: 88.0,
        },
    }
}

/// The logo on a white badge, so that any logo reads on the red or teal gradient.
fn logo_svg(r: Rect, logo: Option<&CardLogo>) -> String {
    let Some(logo) = logo else {
        return String::new();
    };
    let pad = 8.0;
    format!(
        r##"<rect x="{}" y="{}" width="{}" height="{}" rx="16" fill="#fff" fill-opacity="0.96"/><image x="{}" y="{}" width="{}" height="{}" preserveAspectRatio="xMidYMid meet" href="data:{};base64,{}"/>"##,
        r.x,
        r.y,
        r.w,
        r.h,
        r.x + pad,
        r.y + pad,
        r.w - 2.0 * pad,
        r.h - 2.0 * pad,
        xml(&logo.media_type),
        logo.base64
    )
}

/// The two title lines of the front: as the template had them, or beside the logo.
fn header_svg(f: &CardFace, o: Orientation, with_logo: bool) -> String {
    let kind = kind_long(f.kind);
    match (o, with_logo) {
        (Orientation::Landscape, _) => format!(
            r##"<text x="48" y="68" font-size="34" font-weight="bold" fill="#fff" letter-spacing="1">{TITLE}</text><text x="48" y="102" font-size="19" fill="#fff" fill-opacity="0.92" letter-spacing="1.5">{kind}</text>"##
        ),
        (Orientation::Portrait, false) => format!(
            r##"<text x="319" y="66" font-size="28" font-weight="bold" fill="#fff" text-anchor="middle" letter-spacing="1">{TITLE}</text><text x="319" y="100" font-size="17" fill="#fff" fill-opacity="0.92" text-anchor="middle" letter-spacing="1">{kind}</text>"##
        ),
        (Orientation::Portrait, true) => {
            let r = logo_rect(o);
            let left = r.x + r.w + 14.0;
            let width = 604.0 - left;
            let cx = left + width / 2.0;
            let title = fit(TITLE, width - 30.0, 28.0, 16.0, 1, true);
            let sub = fit(kind, width - 40.0, 17.0, 10.0, 1, false);
            format!(
                r##"<text x="{cx:.1}" y="66" font-size="{:.1}" font-weight="bold" fill="#fff" text-anchor="middle" letter-spacing="1">{TITLE}</text><text x="{cx:.1}" y="100" font-size="{:.1}" fill="#fff" fill-opacity="0.92" text-anchor="middle" letter-spacing="1">{kind}</text>"##,
                title.size, sub.size
            )
        }
    }
}

/// The line at the foot of the front: how long the card holds and when it was issued; a PPPK's
/// card names the end of the contract.
fn foot_svg(f: &CardFace, o: Orientation) -> String {
    let issued = f.issued.format("%d/%m/%Y");
    let text = match (f.kind, f.contract_end) {
        (EmployeeKind::Pppk, Some(end)) => format!(
            "Berlaku s.d. akhir perjanjian kerja {} · Diterbitkan {issued}",
            end.format("%d/%m/%Y")
        ),
        _ => format!("Berlaku selama pemegang berstatus ASN · Diterbitkan {issued}"),
    };
    match o {
        Orientation::Landscape => {
            let line = fit(&text, 690.0, 17.0, 12.0, 1, false);
            format!(
                r##"<text x="48" y="604" font-size="{:.1}" fill="#fff" fill-opacity="0.9">{}</text>"##,
                line.size,
                xml(&text)
            )
        }
        Orientation::Portrait => {
            let line = fit(&text, 560.0, 16.0, 11.0, 1, false);
            format!(
                r##"<text x="319" y="966" font-size="{:.1}" fill="#fff" fill-opacity="0.9" text-anchor="middle">{}</text>"##,
                line.size,
                xml(&text)
            )
        }
    }
}

fn front_body(f: &CardFace, o: Orientation, photo_png: Option<&[u8]>) -> anyhow::Result<String> {
    let g = front_geometry(o);
    let mut fields = vec![
        Field {
            label: "NAMA",
            value: f.name.clone(),
            size: 30.0,
            min_size: 19.0,
            max_lines: 2,
            bold: true,
        },
        Field {
            label: f.kind.nip_label(),
            value: grouped_nip(&f.nip),
            size: 25.0,
            min_size: 19.0,
            max_lines: 1,
            bold: true,
        },
    ];
    if let Some(gol) = f.golongan.as_deref().filter(|g| !g.trim().is_empty()) {
        let (label, value) = match (f.kind, satu_shared::card::pangkat_of(gol)) {
            (EmployeeKind::Pns, Some(pangkat)) => {
                ("PANGKAT / GOLONGAN", format!("{pangkat} ({gol})"))
            }
            _ => ("GOLONGAN", gol.to_owned()),
        };
        fields.push(Field {
            label,
            value,
            size: 22.0,
            min_size: 16.0,
            max_lines: 1,
            bold: false,
        });
    }
    for (label, value) in [
        ("JABATAN", f.jabatan.clone().unwrap_or_else(|| "-".into())),
        ("UNIT KERJA", f.unit.clone()),
        ("INSTANSI", f.agency.clone()),
    ] {
        fields.push(Field {
            label,
            value,
            size: 22.0,
            min_size: 16.0,
            max_lines: 2,
            bold: false,
        });
    }
    let mut out = photo_svg(g.photo, photo_png);
    out.push_str(&format!(
        r##"<text x="{}" y="{}" font-size="14" fill="#fff" fill-opacity="0.82" text-anchor="middle" letter-spacing="1.5">NOMOR KARTU</text><text x="{}" y="{}" font-size="25" font-weight="bold" fill="#fff" text-anchor="middle" letter-spacing="1">{}</text>"##,
        g.serial_x,
        g.serial_y - 30.0 + 14.0 + 4.0,
        g.serial_x,
        g.serial_y + 24.0,
        xml(&f.serial)
    ));
    out.push_str(&fields_svg(&fields, g.fields, "#fff", "#fff"));
    out.push_str(&qr_svg(g.qr, &f.verify_url)?);
    let caption = fit(
        "Pindai untuk memeriksa keabsahan kartu",
        g.qr.w,
        15.0,
        12.0,
        2,
        false,
    );
    out.push_str(&centred_svg(
        &caption,
        g.qr.x + g.qr.w / 2.0,
        g.qr_caption_y,
        "#fff",
        false,
    ));
    Ok(out)
}

/// Renders cards. Built once at start: it holds the fonts.
pub struct Renderer {
    options: usvg::Options<'static>,
    front: [Template; 2],
    back: [Template; 2],
}

fn idx(o: Orientation) -> usize {
    match o {
        Orientation::Landscape => 0,
        Orientation::Portrait => 1,
    }
}

impl Renderer {
    pub fn new() -> anyhow::Result<Renderer> {
        let mut db = usvg::fontdb::Database::new();
        db.load_font_data(layout::REGULAR_TTF.to_vec());
        db.load_font_data(layout::BOLD_TTF.to_vec());
        anyhow::ensure!(db.len() == 2, "the card fonts did not load");
        let mut options = usvg::Options {
            font_family: layout::FAMILY.to_owned(),
            languages: vec!["id".into(), "en".into()],
            fontdb: Arc::new(db),
            ..usvg::Options::default()
        };
        // Only the photo's data URI is ever an image: never read a file a string points at.
        options.image_href_resolver = usvg::ImageHrefResolver {
            resolve_data: usvg::ImageHrefResolver::default_data_resolver(),
            resolve_string: Box::new(|_, _| None),
        };
        Ok(Renderer {
            options,
            front: [
                Template::parse(FRONT_LANDSCAPE),
                Template::parse(FRONT_PORTRAIT),
            ],
            back: [
                Template::parse(BACK_LANDSCAPE),
                Template::parse(BACK_PORTRAIT),
            ],
        })
    }

    /// The options cards are parsed with (the card fonts; only `data:` images): uploaded logos
    /// are read with them too.
    pub fn options(&self) -> &usvg::Options<'static> {
        &self.options
    }

    /// The SVG of one side.
    pub fn svg(
        &self,
        f: &CardFace,
        side: Side,
        o: Orientation,
        photo_png: Option<&[u8]>,
        logo: Option<&CardLogo>,
    ) -> anyhow::Result<String> {
        let serial = xml(&f.serial);
        let (c1, template, body) = match side {
            Side::Front => (
                start_colour(f.kind),
                &self.front[idx(o)],
                front_body(f, o, photo_png)?,
            ),
            Side::Back => (start_colour(f.kind), &self.back[idx(o)], back_body(f, o)),
        };
        let watermark = if f.valid || side == Side::Back {
            String::new()
        } else {
            watermark_svg(o)
        };
        let (header, logo, foot) = match side {
            Side::Front => (
                header_svg(f, o, logo.is_some()),
                logo_svg(logo_rect(o), logo),
                foot_svg(f, o),
            ),
            Side::Back => (String::new(), String::new(), String::new()),
        };
        template.fill(&[
            ("header", &header),
            ("logo", &logo),
            ("foot", &foot),
            ("serial", &serial),
            ("c1", c1),
            ("c2", PURPLE),
            ("body", &body),
            ("watermark", &watermark),
        ])
    }

    pub fn tree(&self, svg: &str) -> anyhow::Result<usvg::Tree> {
        Ok(usvg::Tree::from_str(svg, &self.options)?)
    }

    /// A PNG at 300 dpi times `scale` (1.0: 1011 × 638 or 638 × 1011).
    pub fn png(&self, svg: &str, o: Orientation, scale: f32) -> anyhow::Result<Vec<u8>> {
        let tree = self.tree(svg)?;
        rasterise(&tree, o, scale)
    }

    /// A two-page vector PDF (front, back), each page exactly the ID-1 card size.
    pub fn pdf(&self, front: &str, back: &str, o: Orientation) -> anyhow::Result<Vec<u8>> {
        let (w, h) = match o {
            Orientation::Landscape => (CARD_LONG_MM as f32, CARD_SHORT_MM as f32),
            Orientation::Portrait => (CARD_SHORT_MM as f32, CARD_LONG_MM as f32),
        };
        self.pdf_pages(&[(front, w, h), (back, w, h)], "Kartu ASN Virtual")
    }

    /// A vector PDF of SVG pages, each `(svg, width mm, height mm)`, text kept as text in the
    /// card's fonts (the PDM receipt is drawn this way too).
    pub fn pdf_pages(&self, sheets: &[(&str, f32, f32)], title: &str) -> anyhow::Result<Vec<u8>> {
        use pdf_writer::{Content, Finish, Name, Pdf, Rect as PdfRect, Ref, TextStr};
        let mm = |v: f32| v / 25.4 * 72.0;
        let mut alloc = Ref::new(1);
        let catalog = alloc.bump();
        let pages = alloc.bump();
        let info = alloc.bump();
        let mut pdf = Pdf::new();
        let mut page_ids = Vec::new();
        let mut bodies = Vec::new();
        for (svg, w, h) in sheets {
            let tree = self.tree(svg)?;
            let (chunk, root) = svg2pdf::to_chunk(&tree, svg2pdf::ConversionOptions::default())
                .map_err(|e| anyhow::anyhow!("svg2pdf: {e}"))?;
            let mut map = std::collections::HashMap::new();
            let chunk = chunk.renumber(|old| *map.entry(old).or_insert_with(|| alloc.bump()));
            let root = *map
                .get(&root)
                .ok_or_else(|| anyhow::anyhow!("svg2pdf: the root object was not renumbered"))?;
            let page = alloc.bump();
            let content = alloc.bump();
            page_ids.push(page);
            bodies.push((page, content, root, chunk, mm(*w), mm(*h)));
        }
        pdf.catalog(catalog).pages(pages);
        pdf.pages(pages)
            .kids(page_ids.iter().copied())
            .count(i32::try_from(page_ids.len()).unwrap_or(i32::MAX));
        for (page, content_id, root, chunk, w, h) in &bodies {
            let (w, h) = (*w, *h);
            let mut p = pdf.page(*page);
            p.media_box(PdfRect::new(0.0, 0.0, w, h));
            p.trim_box(PdfRect::new(0.0, 0.0, w, h));
            p.parent(pages);
            p.contents(*content_id);
            p.resources().x_objects().pair(Name(b"Sheet"), *root);
            p.finish();
            let mut c = Content::new();
            c.transform([w, 0.0, 0.0, h, 0.0, 0.0]);
            c.x_object(Name(b"Sheet"));
            pdf.stream(*content_id, &c.finish());
            pdf.extend(chunk);
        }
        pdf.document_info(info)
            .title(TextStr(title))
            .producer(TextStr("Satu ASN"));
        Ok(pdf.finish())
    }
}

/// resvg at 300 dpi × `scale`, encoded with the fast PNG settings and a 300 dpi pHYs chunk.
pub fn rasterise(tree: &usvg::Tree, o: Orientation, scale: f32) -> anyhow::Result<Vec<u8>> {
    let (w, h) = o.pixels();
    let (pw, ph) = (
        ((w as f32) * scale).round().max(1.0) as u32,
        ((h as f32) * scale).round().max(1.0) as u32,
    );
    let mut pixmap =
        tiny_skia::Pixmap::new(pw, ph).ok_or_else(|| anyhow::anyhow!("pixmap {pw}×{ph}"))?;
    let size = tree.size();
    let t = tiny_skia::Transform::from_scale(pw as f32 / size.width(), ph as f32 / size.height());
    resvg::render(tree, t, &mut pixmap.as_mut());
    encode_png(pixmap, (300.0 * scale) as u32)
}

/// tiny-skia keeps premultiplied RGBA; PNG wants it straight.
pub fn encode_png(pixmap: tiny_skia::Pixmap, dpi: u32) -> anyhow::Result<Vec<u8>> {
    let (w, h) = (pixmap.width(), pixmap.height());
    let mut data = pixmap.take();
    for px in data.chunks_exact_mut(4) {
        let a = px[3];
        if a != 0 && a != 255 {
            for c in &mut px[..3] {
                *c = ((u16::from(*c) * 255 + u16::from(a) / 2) / u16::from(a)).min(255) as u8;
            }
        }
    }
    let mut out = Vec::with_capacity(data.len() / 3);
    PngEncoder::new_with_quality(&mut out, CompressionType::Fast, FilterType::Adaptive)
        .write_image(&data, w, h, ExtendedColorType::Rgba8)?;
    Ok(with_dpi(out, dpi))
}

/// Inserts a pHYs chunk (pixels per metre) after IHDR, so viewers and printers know the size.
fn with_dpi(png: Vec<u8>, dpi: u32) -> Vec<u8> {
    const IHDR_END: usize = 8 + 4 + 4 + 13 + 4;
    if png.len() < IHDR_END || &png[12..16] != b"IHDR" {
        return png;
    }
    let ppm = ((f64::from(dpi) / 0.0254).round() as u32).to_be_bytes();
    let mut chunk = Vec::with_capacity(21);
    chunk.extend_from_slice(&9u32.to_be_bytes());
    chunk.extend_from_slice(b"pHYs");
    chunk.extend_from_slice(&ppm);
    chunk.extend_from_slice(&ppm);
    chunk.push(1);
    let crc = crc32fast::hash(&chunk[4..]);
    chunk.extend_from_slice(&crc.to_be_bytes());
    let mut out = Vec::with_capacity(png.len() + chunk.len());
    out.extend_from_slice(&png[..IHDR_END]);
    out.extend_from_slice(&chunk);
    out.extend_from_slice(&png[IHDR_END..]);
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    pub fn face(kind: EmployeeKind) -> CardFace {
        CardFace {
            kind,
            name: "Dr. SITI RAHAYU, S.E., M.M.".into(),
            nip: "197106152000032003".into(),
            golongan: Some("IV/a".into()),
            jabatan: Some("Kepala Bidang Pembinaan dan Pengembangan Aparatur".into()),
            unit: "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia".into(),
            agency: "Pemerintah Kota Madiun".into(),
            serial: "A20010000004".into(),
            issued: NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
            verify_url: "https://asn.madiunkota.go.id/v/eyJhbGciOiJFZERTQSJ9.eyJubSI6IlNJVEkifQ.c2lnbmF0dXJl".into(),
            public_url: "https://asn.madiunkota.go.id".into(),
            valid: true,
            photo_key: None,
            contract_end: None,
            logo_key: None,
        }
    }

    #[test]
    fn the_agency_logo_sits_on_a_white_badge_and_the_portrait_title_moves_beside_it() {
        let r = Renderer::new().unwrap();
        let f = face(EmployeeKind::Pns);
        // A blue square logo, cleaned as an upload would be.
        let svg_logo = crate::org::logo::prepare(
            br##"<svg xmlns="http://www.w3.org/2000/svg" width="50" height="50"><rect width="50" height="50" fill="#0000ff"/></svg>"##,
            r.options(),
        )
        .unwrap();
        let b64 = base64::engine::general_purpose::STANDARD;
        let logo = CardLogo {
            media_type: svg_logo.media_type.into(),
            base64: base64::Engine::encode(&b64, &svg_logo.bytes),
            sha256: svg_logo.sha256.clone(),
        };
        for o in [Orientation::Landscape, Orientation::Portrait] {
            let rect = logo_rect(o);
            let plain = r.svg(&f, Side::Front, o, None, None).unwrap();
            let with = r.svg(&f, Side::Front, o, None, Some(&logo)).unwrap();
            assert!(!plain.contains("data:image/svg+xml"));
            assert!(with.contains("data:image/svg+xml;base64,"));
            let img = |svg: &str| {
                image::load_from_memory(&r.png(svg, o, 1.0).unwrap())
                    .unwrap()
                    .to_rgba8()
            };
            let (plain, with) = (img(&plain), img(&with));
            let (cx, cy) = (
                (rect.x + rect.w / 2.0) as u32,
                (rect.y + rect.h / 2.0) as u32,
            );
            // The logo's blue in the middle of the badge, white at its edge; nothing there
            // without a logo.
            let mid = with.get_pixel(cx, cy).0;
            assert!(mid[2] > 200 && mid[0] < 60, "{o:?}: {mid:?}");
            let edge = with.get_pixel(rect.x as u32 + 3, cy).0;
            assert!(edge[0] > 230 && edge[1] > 230, "{o:?}: {edge:?}");
            assert!(plain.get_pixel(cx, cy).0[2] < 200);
        }
        // Without a logo the portrait title is centred; with one it starts right of the badge.
        let plain = header_svg(&f, Orientation::Portrait, false);
        let with = header_svg(&f, Orientation::Portrait, true);
        assert!(plain.contains(r#"x="319""#));
        assert!(!with.contains(r#"x="319""#));
    }

    #[test]
    fn a_pppk_card_names_the_end_of_the_contract() {
        let r = Renderer::new().unwrap();
        let mut f = face(EmployeeKind::Pppk);
        f.contract_end = NaiveDate::from_ymd_opt(2029, 12, 31);
        for o in [Orientation::Landscape, Orientation::Portrait] {
            let svg = r.svg(&f, Side::Front, o, None, None).unwrap();
            assert!(
                svg.contains(
                    "Berlaku s.d. akhir perjanjian kerja 31/12/2029 · Diterbitkan 22/11/2026"
                ),
                "{o:?}"
            );
            assert!(svg.contains("NI PPPK"));
            r.tree(&svg).unwrap();
        }
        let pns = r
            .svg(
                &face(EmployeeKind::Pns),
                Side::Front,
                Orientation::Portrait,
                None,
                None,
            )
            .unwrap();
        assert!(pns.contains("Berlaku selama pemegang berstatus ASN · Diterbitkan 22/11/2026"));
    }

    #[test]
    fn pns_is_red_to_purple_and_pppk_teal_to_purple_at_300_dpi() {
        let r = Renderer::new().unwrap();
        for (kind, lo, hi) in [
            (EmployeeKind::Pns, 340.0, 375.0),
            (EmployeeKind::Pppk, 165.0, 190.0),
        ] {
            for o in [Orientation::Landscape, Orientation::Portrait] {
                let svg = r.svg(&face(kind), Side::Front, o, None, None).unwrap();
                let png = r.png(&svg, o, 1.0).unwrap();
                let img = image::load_from_memory(&png).unwrap().to_rgba8();
                assert_eq!((img.width(), img.height()), o.pixels());
                let corner = hue(&img.get_pixel(30, 30).0);
                let corner = if corner < 20.0 {
                    corner + 360.0
                } else {
                    corner
                };
                assert!(corner >= lo && corner <= hi, "{kind:?} {o:?}: {corner}");
                let (w, h) = o.pixels();
                // The far corner is (almost) the purple both gradients end in.
                let end = hue(&img.get_pixel(w - 50, h - 50).0);
                assert!((240.0..300.0).contains(&end), "{kind:?} {o:?} end: {end}");
                // Rounded corners are transparent.
                assert_eq!(img.get_pixel(1, 1)[3], 0);
                // 300 dpi is written into the PNG.
                assert!(png.windows(4).any(|w| w == b"pHYs"));
            }
        }
    }

    #[test]
    fn the_svg_carries_the_data_escaped_and_the_back_the_rules() {
        let r = Renderer::new().unwrap();
        let mut f = face(EmployeeKind::Pns);
        f.name = "A & B <script>".into();
        let svg = r
            .svg(&f, Side::Front, Orientation::Landscape, None, None)
            .unwrap();
        assert!(svg.contains("A &amp; B &lt;script&gt;"));
        assert!(svg.contains("19710615 200003 2 003"));
        assert!(svg.contains("Pembina (IV/a)"));
        assert!(svg.contains("A20010000004"));
        assert!(!svg.contains("{{"));
        assert!(!svg.contains("TIDAK BERLAKU"));
        f.valid = false;
        let svg = r
            .svg(&f, Side::Front, Orientation::Portrait, None, None)
            .unwrap();
        assert!(svg.contains("TIDAK BERLAKU"));
        let back = r
            .svg(&f, Side::Back, Orientation::Portrait, None, None)
            .unwrap();
        assert!(back.contains("KETENTUAN"));
        assert!(back.contains("asn.madiunkota.go.id/v"));
        r.tree(&back).unwrap();
    }

    #[test]
    fn the_pdf_has_two_pages_of_id1_size() {
        let r = Renderer::new().unwrap();
        let f = face(EmployeeKind::Pppk);
        for o in [Orientation::Landscape, Orientation::Portrait] {
            let front = r.svg(&f, Side::Front, o, None, None).unwrap();
            let back = r.svg(&f, Side::Back, o, None, None).unwrap();
            let pdf = r.pdf(&front, &back, o).unwrap();
            let text = String::from_utf8_lossy(&pdf);
            assert!(text.starts_with("%PDF-"));
            assert!(text.contains("/Count 2"));
            let boxes: Vec<(f64, f64)> = text
                .split("/MediaBox [0 0 ")
                .skip(1)
                .map(|rest| {
                    let nums: Vec<f64> = rest
                        .split(']')
                        .next()
                        .unwrap()
                        .split_whitespace()
                        .map(|n| n.parse::<f64>().unwrap() / 72.0 * 25.4)
                        .collect();
                    (nums[0], nums[1])
                })
                .collect();
            assert_eq!(boxes.len(), 2, "{o:?}");
            let (w, h) = match o {
                Orientation::Landscape => (CARD_LONG_MM, CARD_SHORT_MM),
                Orientation::Portrait => (CARD_SHORT_MM, CARD_LONG_MM),
            };
            for (bw, bh) in boxes {
                assert!(
                    (bw - w).abs() < 0.005 && (bh - h).abs() < 0.005,
                    "{bw} × {bh} mm"
                );
            }
        }
    }

    #[test]
    fn the_cache_key_follows_every_input() {
        let a = face(EmployeeKind::Pns);
        let k = a.cache_key("front.png", Orientation::Portrait, 1.0);
        assert_eq!(k, a.cache_key("front.png", Orientation::Portrait, 1.0));
        assert_ne!(k, a.cache_key("front.png", Orientation::Landscape, 1.0));
        assert_ne!(k, a.cache_key("back.png", Orientation::Portrait, 1.0));
        let mut b = a.clone();
        b.jabatan = Some("Sekretaris Daerah".into());
        assert_ne!(k, b.cache_key("front.png", Orientation::Portrait, 1.0));
        let mut c = a.clone();
        c.photo_key = Some("abc".into());
        assert_ne!(k, c.cache_key("front.png", Orientation::Portrait, 1.0));
        let mut d = a.clone();
        d.logo_key = Some("abc".into());
        assert_ne!(k, d.cache_key("front.png", Orientation::Portrait, 1.0));
        let mut e = a.clone();
        e.contract_end = NaiveDate::from_ymd_opt(2030, 1, 1);
        assert_ne!(k, e.cache_key("front.png", Orientation::Portrait, 1.0));
    }
}

/// One of the card's renders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Render {
    FrontPng,
    BackPng,
    FrontSvg,
    BackSvg,
    Pdf,
}

impl Render {
    pub fn file(self) -> &'static str {
        match self {
            Render::FrontPng => "front.png",
            Render::BackPng => "back.png",
            Render::FrontSvg => "front.svg",
            Render::BackSvg => "back.svg",
            Render::Pdf => "card.pdf",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Render::FrontPng | Render::BackPng => "image/png",
            Render::FrontSvg | Render::BackSvg => "image/svg+xml",
            Render::Pdf => "application/pdf",
        }
    }

    pub fn download_name(self, nip: &str, o: Orientation) -> String {
        let (side, ext) = match self {
            Render::FrontPng => ("depan", "png"),
            Render::BackPng => ("belakang", "png"),
            Render::FrontSvg => ("depan", "svg"),
            Render::BackSvg => ("belakang", "svg"),
            Render::Pdf => ("cetak", "pdf"),
        };
        format!("kartu-asn-{nip}-{side}-{}.{ext}", o.as_str())
    }
}

/// Draws one render, with the photo and the agency's logo as given.
pub fn render_bytes(
    r: &Renderer,
    face: &CardFace,
    photo: Option<&[u8]>,
    logo: Option<&CardLogo>,
    what: Render,
    o: Orientation,
) -> anyhow::Result<Vec<u8>> {
    Ok(match what {
        Render::FrontPng => r.png(&r.svg(face, Side::Front, o, photo, logo)?, o, 1.0)?,
        Render::BackPng => r.png(&r.svg(face, Side::Back, o, photo, logo)?, o, 1.0)?,
        Render::FrontSvg => r.svg(face, Side::Front, o, photo, logo)?.into_bytes(),
        Render::BackSvg => r.svg(face, Side::Back, o, photo, logo)?.into_bytes(),
        Render::Pdf => r.pdf(
            &r.svg(face, Side::Front, o, photo, logo)?,
            &r.svg(face, Side::Back, o, photo, logo)?,
            o,
        )?,
    })
}
