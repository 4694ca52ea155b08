//! The PDM receipt ("bukti PDM"): one A4 page drawn as SVG with the card's fonts, turned into a
//! PDF by the card's SVG → PDF pipeline. It says whose proposal it is, what it proposes, where it
//! stands and every step of its timeline, with a QR back to the proposal's page.

use chrono::{DateTime, Utc};
use satu_shared::proposal::Proposal;
use satu_shared::reference::RefList;
use satu_shared::Lang;
use serde_json::Value;

use crate::cards::layout::{fit, xml, Fitted};

/// A4 in millimetres: the SVG's user unit.
pub const PAGE_W: f32 = 210.0;
pub const PAGE_H: f32 = 297.0;

const LEFT: f32 = 18.0;
const VALUE_X: f32 = 66.0;
const RIGHT: f32 = PAGE_W - 18.0;
const TEXT: f32 = 3.4;
const SMALL: f32 = 2.8;
const LINE: f32 = 1.45;
/// Room kept at the foot of the page for the QR and the printing note.
const FOOT: f32 = 62.0;

fn wib(t: DateTime<Utc>) -> String {
    (t + chrono::Duration::hours(7))
        .format("%d/%m/%Y %H:%M WIB")
        .to_string()
}

fn value_text(v: &Value) -> String {
    match v {
        Value::Null => "–".to_owned(),
        Value::String(s) => {
            // Dates as the pages write them.
            match chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d") {
                Ok(d) => d.format("%d/%m/%Y").to_string(),
                Err(_) => s.clone(),
            }
        }
        Value::Bool(b) => if *b { "Ya" } else { "Tidak" }.to_owned(),
        other => other.to_string(),
    }
}

/// Lines of text, top down, until the page's foot; what does not fit is cut with a note.
struct Page {
    y: f32,
    out: String,
    full: bool,
}

impl Page {
    fn room(&mut self, need: f32) -> bool {
        if self.full {
            return false;
        }
        if self.y + need > PAGE_H - FOOT {
            self.full = true;
            self.out.push_str(&format!(
                r##"<text x="{LEFT}" y="{:.2}" font-size="{SMALL}" font-style="italic" fill="#555">… selengkapnya di halaman usulan (pindai kode QR).</text>"##,
                self.y + SMALL
            ));
            return false;
        }
        true
    }

    fn heading(&mut self, text: &str) {
        if !self.room(TEXT * 3.0) {
            return;
        }
        self.y += TEXT * 1.2;
        self.out.push_str(&format!(
            r##"<text x="{LEFT}" y="{:.2}" font-size="{:.2}" font-weight="bold" fill="#1d3557">{}</text><rect x="{LEFT}" y="{:.2}" width="{:.2}" height="0.3" fill="#1d3557"/>"##,
            self.y + TEXT,
            TEXT * 1.1,
            xml(text),
            self.y + TEXT + 1.4,
            RIGHT - LEFT
        ));
        self.y += TEXT + 3.4;
    }

    /// A label and its value, the value wrapped in its column.
    fn row(&mut self, label: &str, value: &str) {
        let f = fit(value, RIGHT - VALUE_X, TEXT, TEXT * 0.85, 4, false);
        let lines = f.lines.len().max(1) as f32;
        if !self.room(lines * f.size * LINE) {
            return;
        }
        self.out.push_str(&format!(
            r##"<text x="{LEFT}" y="{:.2}" font-size="{TEXT}" fill="#444">{}</text>"##,
            self.y + TEXT,
            xml(label)
        ));
        self.lines(VALUE_X, &f);
        self.y += lines * f.size * LINE + 0.8;
    }

    /// A paragraph across the page.
    fn para(&mut self, text: &str, size: f32) {
        let f = fit(text, RIGHT - LEFT, size, size * 0.85, 4, false);
        let lines = f.lines.len().max(1) as f32;
        if !self.room(lines * f.size * LINE) {
            return;
        }
        self.lines(LEFT, &f);
        self.y += lines * f.size * LINE + 0.6;
    }

    /// Fitted lines from `x`, the first on the current line.
    fn lines(&mut self, x: f32, f: &Fitted) {
        for (i, l) in f.lines.iter().enumerate() {
            self.out.push_str(&format!(
                r#"<text x="{x}" y="{:.2}" font-size="{:.2}">{}</text>"#,
                self.y + f.size + i as f32 * f.size * LINE,
                f.size,
                xml(l)
            ));
        }
    }
}

/// The receipt's facts besides the proposal.
pub struct ReceiptContext<'a> {
    pub agency: &'a str,
    /// Where the QR leads: the proposal's page.
    pub url: &'a str,
    pub printed_at: DateTime<Utc>,
}

/// The receipt as an A4 SVG document (millimetre user units).
pub fn svg(p: &Proposal, ctx: &ReceiptContext<'_>, qr_path: &str, qr_size: usize) -> String {
    let def = satu_shared::pdm::category(&p.category);
    let category = def.map(|d| d.label).unwrap_or(p.category.as_str());
    let mut page = Page {
        y: 40.0,
        out: String::new(),
        full: false,
    };
    page.heading("Usulan");
    page.row("Nomor usulan", &p.id);
    page.row("Kategori", category);
    page.row("Jenis usulan", p.action.label());
    page.row("Status", p.status.label());
    page.row("Dibuat", &wib(p.created_at));
    page.row(
        "Diajukan",
        &p.submitted_at
            .map(wib)
            .unwrap_or_else(|| "Belum diajukan".to_owned()),
    );
    page.row("Terakhir berubah", &wib(p.updated_at));

    page.heading("Pegawai");
    page.row("Nama", &p.employee.name);
    page.row(
        "NIP",
        &satu_shared::Nip::parse(&p.employee.nip)
            .map(|n| n.grouped())
            .unwrap_or_else(|_| p.employee.nip.clone()),
    );
    page.row("Unit kerja", &p.employee.unit.name);
    page.row("Instansi", ctx.agency);

    page.heading(
        if p.action == satu_shared::proposal::ProposalAction::Remove {
            "Data yang diusulkan dihapus"
        } else {
            "Data yang diusulkan"
        },
    );
    let fields: Vec<(String, String)> = match def {
        Some(d) => d
            .fields
            .iter()
            .filter_map(|f| {
                p.data
                    .get(f.name)
                    .filter(|v| !v.is_null())
                    .map(|v| (f.label.to_owned(), value_text(v)))
            })
            .collect(),
        None => p
            .data
            .iter()
            .map(|(k, v)| (k.clone(), value_text(v)))
            .collect(),
    };
    for (label, value) in &fields {
        page.row(label, value);
    }

    page.heading("Dokumen pendukung");
    if p.documents.is_empty() {
        page.para("Tidak ada dokumen.", TEXT);
    }
    for d in &p.documents {
        let kind = RefList::DocumentKinds
            .name_of(&d.kind)
            .unwrap_or_else(|| d.kind.clone());
        page.row(
            &kind,
            &format!("{} KB · SHA-256 {}", d.size.div_ceil(1024), d.sha256),
        );
    }

    page.heading("Riwayat");
    for t in &p.timeline {
        let role = satu_shared::Role::parse(&t.role)
            .map(|r| r.label().get(Lang::Id).to_owned())
            .unwrap_or_else(|| t.role.clone());
        let mut what = format!("{} — {} ({role})", t.decision.label(), t.actor_name);
        if let Some(r) = &t.reason_code {
            let reason = RefList::Reasons.name_of(r).unwrap_or_else(|| r.clone());
            what.push_str(&format!("; alasan: {reason}"));
        }
        if let Some(n) = t.note.as_deref().filter(|n| !n.trim().is_empty()) {
            what.push_str(&format!("; catatan: {n}"));
        }
        page.row(&wib(t.at), &what);
    }

    let qr_mm = 34.0;
    let qr_y = PAGE_H - FOOT + 8.0;
    let scale = qr_mm / qr_size.max(1) as f32;
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{PAGE_W}mm" height="{PAGE_H}mm" viewBox="0 0 {PAGE_W} {PAGE_H}" font-family="{family}" fill="#111"><rect width="{PAGE_W}" height="{PAGE_H}" fill="#fff"/><rect width="{PAGE_W}" height="8" fill="#1d3557"/><text x="{LEFT}" y="20" font-size="5.2" font-weight="bold" fill="#1d3557">BUKTI PEMUTAKHIRAN DATA MANDIRI</text><text x="{LEFT}" y="27" font-size="3.4" fill="#444">Satu ASN · {agency}</text><rect x="{LEFT}" y="31" width="{w}" height="0.5" fill="#e63946"/>{body}<rect x="{LEFT}" y="{line_y:.2}" width="{w}" height="0.3" fill="#999"/><g transform="translate({LEFT} {qr_y:.2}) scale({scale:.5})"><rect width="{qr_size}" height="{qr_size}" fill="#fff"/><path fill="#000" d="{qr_path}"/></g><text x="{note_x:.2}" y="{t1:.2}" font-size="{TEXT}" font-weight="bold">Pindai untuk melihat usulan ini</text><text x="{note_x:.2}" y="{t2:.2}" font-size="{SMALL}" fill="#444">{url}</text><text x="{note_x:.2}" y="{t3:.2}" font-size="{SMALL}" fill="#444">Halaman usulan hanya terbuka bagi pegawai ybs. dan pejabat yang memprosesnya.</text><text x="{note_x:.2}" y="{t4:.2}" font-size="{SMALL}" fill="#444">Dicetak {printed}. Dokumen ini dibuat otomatis oleh Satu ASN.</text></svg>"##,
        family = crate::cards::layout::FAMILY,
        agency = xml(ctx.agency),
        w = RIGHT - LEFT,
        body = page.out,
        line_y = PAGE_H - FOOT + 3.0,
        note_x = LEFT + qr_mm + 6.0,
        t1 = qr_y + 8.0,
        t2 = qr_y + 14.0,
        t3 = qr_y + 19.0,
        t4 = qr_y + 24.0,
        url = xml(ctx.url),
        printed = wib(ctx.printed_at),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use satu_shared::employee::OrgRef;
    use satu_shared::proposal::{
        Event, ProposalAction, ProposalEmployee, ProposalStatus, Step, TimelineEntry,
    };

    fn proposal() -> Proposal {
        let at = chrono::DateTime::parse_from_rfc3339("2026-12-03T02:30:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let entry = |decision, role: &str, reason: Option<&str>| TimelineEntry {
            at,
            actor_nip: "198001012006041001".into(),
            actor_name: "Siti <Verifikator>".into(),
            role: role.into(),
            step: Some(Step::Verify),
            decision,
            reason_code: reason.map(str::to_owned),
            note: None,
            status: ProposalStatus::Returned,
            documents: vec![],
            changes: vec![],
        };
        Proposal {
            id: "0b8f3c1e-1111-4222-8333-944455556666".into(),
            category: "golongan".into(),
            action: ProposalAction::Add,
            target_id: None,
            data: serde_json::json!({"golongan": "III/c", "tmt_golongan": "2026-10-01", "nomor_sk": "823/145"})
                .as_object()
                .unwrap()
                .clone(),
            current: None,
            status: ProposalStatus::Returned,
            step: None,
            version: 4,
            employee: ProposalEmployee {
                nip: "199001012015031002".into(),
                name: "Budi & Sons".into(),
                kind: satu_shared::EmployeeKind::Pns,
                unit: OrgRef {
                    id: "u".into(),
                    code: "U1".into(),
                    name: "Dinas Kesehatan".into(),
                },
            },
            documents: vec![],
            timeline: vec![
                entry(Event::Submit, "employee", None),
                entry(Event::Return, "verifikator", Some("dokumen_tidak_terbaca")),
            ],
            created_at: at,
            submitted_at: Some(at),
            updated_at: at,
            can: vec![],
        }
    }

    #[test]
    fn the_receipt_says_whose_what_and_where_it_stands_in_escaped_text() {
        let qr = crate::qr::Matrix::encode("https://asn.example.go.id/usulan/x").unwrap();
        let svg = svg(
            &proposal(),
            &ReceiptContext {
                agency: "Pemerintah Kota Madiun",
                url: "https://asn.example.go.id/usulan/x",
                printed_at: Utc::now(),
            },
            &qr.svg_path(),
            qr.size(),
        );
        for words in [
            "BUKTI PEMUTAKHIRAN DATA MANDIRI",
            "Budi &amp; Sons",
            "19900101 201503 1 002",
            "Dinas Kesehatan",
            "Riwayat pangkat/golongan",
            "III/c",
            "01/10/2026",
            "Dikembalikan untuk diperbaiki",
            "03/12/2026 09:30 WIB",
            "Siti &lt;Verifikator&gt;",
            "Dokumen tidak terbaca",
            "https://asn.example.go.id/usulan/x",
        ] {
            assert!(svg.contains(words), "{words} missing");
        }
        assert!(!svg.contains("<Verifikator>"));
        // It parses and turns into a one-page A4 PDF with the card's pipeline.
        let r = crate::cards::render::Renderer::new().unwrap();
        let pdf = r
            .pdf_pages(&[(svg.as_str(), PAGE_W, PAGE_H)], "Bukti")
            .unwrap();
        let doc = lopdf::Document::load_mem(&pdf).unwrap();
        assert_eq!(doc.get_pages().len(), 1);
    }

    #[test]
    fn a_long_timeline_is_cut_above_the_qr_with_a_note() {
        let mut p = proposal();
        let first = p.timeline[1].clone();
        p.timeline = vec![first; 80];
        let svg = svg(
            &p,
            &ReceiptContext {
                agency: "A",
                url: "u",
                printed_at: Utc::now(),
            },
            "",
            21,
        );
        assert!(svg.contains("selengkapnya di halaman usulan"));
        // Nothing of the body is drawn below the page's foot.
        let foot = PAGE_H - FOOT;
        for part in svg.split("<text x=\"18\" y=\"").skip(1) {
            let y: f32 = part.split('"').next().unwrap().parse().unwrap();
            assert!(y <= foot + SMALL + 0.01, "a line at {y} mm");
        }
    }
}
