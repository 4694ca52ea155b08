//! Supporting documents of the data update: PDF only, checked by what the bytes are — never by
//! the file's name or declared type. A document must start with `%PDF-`, parse, not be
//! encrypted (a verifier must be able to open it) and have at least one page.

use satu_shared::Localized;
use sha2::{Digest, Sha256};

pub use satu_shared::pdm::DOCUMENT_MAX_BYTES;

/// What was learnt of an accepted PDF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedPdf {
    pub pages: usize,
    /// SHA-256 of the bytes, hex: the document's name in storage and in the timeline.
    pub sha256: String,
    pub bytes: usize,
}

fn refuse(id: &str, en: &str) -> Localized {
    Localized::new(id, en)
}

/// Checks an uploaded document; the refusal says what is wrong and what to do.
pub fn check_pdf(bytes: &[u8]) -> Result<CheckedPdf, Localized> {
    if bytes.is_empty() {
        return Err(refuse(
            "Berkas kosong. Pilih berkas PDF hasil pindai dokumen.",
            "The file is empty. Choose the PDF scan of the document.",
        ));
    }
    if bytes.len() > DOCUMENT_MAX_BYTES {
        return Err(refuse(
            "Ukuran berkas melebihi batas 1 MB. Pindai ulang dengan resolusi lebih rendah (150 dpi cukup) atau kompres PDF-nya.",
            "The file is over the 1 MB limit. Scan again at a lower resolution (150 dpi is enough) or compress the PDF.",
        ));
    }
    // Some writers put a few bytes before the header; readers accept it within the first 1 KB.
    let head = &bytes[..bytes.len().min(1024)];
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return Err(refuse(
            "Berkas ini bukan PDF (isinya yang diperiksa, bukan nama berkasnya). Simpan atau pindai dokumen sebagai PDF lalu unggah lagi.",
            "This file is not a PDF (its content is checked, not its name). Save or scan the document as PDF and upload it again.",
        ));
    }
    let encrypted = || {
        refuse(
            "PDF ini dilindungi kata sandi atau dienkripsi sehingga tidak dapat dibuka verifikator. Simpan ulang tanpa kata sandi lalu unggah lagi.",
            "This PDF is password-protected or encrypted, so a verifier cannot open it. Save it again without a password and upload it again.",
        )
    };
    let doc = match lopdf::Document::load_mem(bytes) {
        Ok(doc) => doc,
        Err(e) => {
            tracing::debug!(error = %e, "document does not parse as PDF");
            if bytes.windows(8).any(|w| w == b"/Encrypt") {
                return Err(encrypted());
            }
            return Err(refuse(
                "PDF ini rusak atau terpotong sehingga tidak dapat dibaca. Simpan ulang atau pindai ulang dokumen lalu unggah lagi.",
                "This PDF is damaged or truncated and cannot be read. Save or scan the document again and upload it again.",
            ));
        }
    };
    if doc.trailer.get(b"Encrypt").is_ok() || doc.is_encrypted() {
        return Err(encrypted());
    }
    let pages = doc.get_pages().len();
    if pages == 0 {
        return Err(refuse(
            "PDF ini tidak memiliki halaman. Unggah PDF yang berisi pindaian dokumennya.",
            "This PDF has no pages. Upload a PDF that holds the scanned document.",
        ));
    }
    Ok(CheckedPdf {
        pages,
        sha256: hex::encode(Sha256::digest(bytes)),
        bytes: bytes.len(),
    })
}

/// A plain PDF with one page per line of text (Helvetica, A4): the demo's scanned documents and
/// the tests' uploads.
/// Removes the document files no document names that were last written more than `older_than`
/// ago: a PDF stored for an upload or a form whose transaction then failed, and the file of a
/// removed document that no other document shares (files are content-addressed). A file written
/// since it was listed (the same bytes uploaded again) is kept: its time is read again just
/// before it is removed. Answers how many were removed.
pub async fn sweep(
    db: &crate::db::Db,
    files: &crate::storage::Storage,
    older_than: chrono::TimeDelta,
) -> anyhow::Result<usize> {
    use futures_util::StreamExt;
    const BATCH: usize = 500;
    let cutoff = chrono::Utc::now() - older_than;
    let mut listing = files.list("documents")?;
    let mut removed = 0;
    let mut batch: Vec<String> = Vec::new();
    loop {
        let next = listing.next().await.transpose()?;
        if let Some((key, at)) = &next {
            if let Some(sha) = key.strip_prefix("documents/").filter(|_| *at < cutoff) {
                batch.push(sha.to_owned());
            }
        }
        if batch.len() >= BATCH || (next.is_none() && !batch.is_empty()) {
            let hashes = std::mem::take(&mut batch);
            let known: std::collections::HashSet<String> = {
                let mut conn = db.get().map_err(|e| anyhow::anyhow!("{e}"))?;
                crate::proposals::store::known_documents(&mut conn, &hashes)?
                    .into_iter()
                    .collect()
            };
            for sha in hashes.iter().filter(|h| !known.contains(*h)) {
                let key = format!("documents/{sha}");
                if files.modified(&key).await?.is_some_and(|at| at < cutoff) {
                    files.delete(&key).await?;
                    removed += 1;
                }
            }
        }
        if next.is_none() {
            return Ok(removed);
        }
    }
}

pub fn sample_pdf(pages: &[String]) -> anyhow::Result<Vec<u8>> {
    use lopdf::{dictionary, Document, Object, Stream};
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let mut kids = Vec::new();
    for line in pages {
        // A PDF string literal: backslashes and parentheses escaped, ASCII only.
        let text: String = line
            .chars()
            .map(|c| {
                if c.is_ascii() && !c.is_ascii_control() {
                    c
                } else {
                    '?'
                }
            })
            .collect::<String>()
            .replace('\\', "\\\\")
            .replace('(', "\\(")
            .replace(')', "\\)");
        let content = format!("BT /F1 18 Tf 72 760 Td ({text}) Tj ET");
        let content_id = doc.add_object(Stream::new(dictionary! {}, content.into_bytes()));
        let page = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "Contents" => content_id,
            "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        });
        kids.push(Object::from(page));
    }
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => kids,
            "Count" => i64::try_from(pages.len()).unwrap_or(0),
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use lopdf::{dictionary, Document, Object};

    fn pdf(pages: usize) -> Vec<u8> {
        let lines: Vec<String> = (1..=pages).map(|i| format!("SK halaman {i}")).collect();
        sample_pdf(&lines).unwrap()
    }

    #[test]
    fn a_real_pdf_is_accepted_with_its_pages_and_hash() {
        let bytes = pdf(3);
        let ok = check_pdf(&bytes).unwrap();
        assert_eq!(ok.pages, 3);
        assert_eq!(ok.bytes, bytes.len());
        assert_eq!(ok.sha256, hex::encode(Sha256::digest(&bytes)));
    }

    #[test]
    fn what_is_not_a_usable_pdf_is_refused_with_its_reason() {
        let msg = |b: &[u8]| check_pdf(b).unwrap_err().id;
        assert!(msg(b"").contains("kosong"));
        assert!(msg(b"Surat keputusan ini hanya teks, namanya sk.pdf").contains("bukan PDF"));
        assert!(msg(b"\x89PNG\r\n\x1a\n....").contains("bukan PDF"));
        let whole = pdf(2);
        assert!(msg(&whole[..whole.len() / 2]).contains("rusak"));
        assert!(msg(b"%PDF-1.7\n%%EOF").contains("rusak"));
        assert!(msg(&pdf(0)).contains("tidak memiliki halaman"));
        let mut big = pdf(1);
        big.resize(DOCUMENT_MAX_BYTES + 1, b' ');
        assert!(msg(&big).contains("1 MB"));
    }

    #[test]
    fn an_encrypted_pdf_is_refused() {
        let mut doc = Document::load_mem(&pdf(1)).unwrap();
        let enc = doc.add_object(dictionary! {
            "Filter" => "Standard", "V" => 2, "R" => 3, "Length" => 128,
            "O" => Object::string_literal(vec![1u8; 32]),
            "U" => Object::string_literal(vec![2u8; 32]),
            "P" => -44,
        });
        doc.trailer.set("Encrypt", enc);
        doc.trailer.set(
            "ID",
            vec![
                Object::string_literal(vec![3u8; 16]),
                Object::string_literal(vec![3u8; 16]),
            ],
        );
        let mut out = Vec::new();
        doc.save_to(&mut out).unwrap();
        assert!(check_pdf(&out).unwrap_err().id.contains("dienkripsi"));
    }
}
