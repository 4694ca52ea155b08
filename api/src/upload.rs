//! Reading an uploaded file with a hard size limit: either the raw request body (with the file's
//! own content type) or the first file part of a `multipart/form-data` body. Reading stops at the
//! limit, so an oversized upload costs at most the limit in memory.

use actix_web::http::header;
use actix_web::{web, HttpRequest};
use futures_util::StreamExt;
use satu_shared::Localized;

use crate::error::ApiError;

/// Why an upload could not be read.
#[derive(Debug)]
pub enum UploadError {
    /// More than `limit` bytes.
    TooLarge { limit: usize },
    /// No file in the form, or a content type that carries no file.
    Unsupported(Localized),
    /// The body broke off or the form is malformed.
    Broken(Localized),
}

impl From<UploadError> for ApiError {
    fn from(e: UploadError) -> Self {
        match e {
            UploadError::TooLarge { limit } => ApiError::PayloadTooLarge { limit },
            UploadError::Unsupported(m) => ApiError::UnsupportedMediaTypeFor(m),
            UploadError::Broken(m) => ApiError::BadRequest(m),
        }
    }
}

fn broken(e: impl std::fmt::Display) -> UploadError {
    tracing::debug!(error = %e, "upload broke off");
    UploadError::Broken(Localized::new(
        "Unggahan terputus atau formulirnya rusak. Coba unggah lagi.",
        "The upload broke off or the form is malformed. Try uploading again.",
    ))
}

/// Where an upload's bytes go as they arrive: memory (`Vec<u8>`) or a file on its way to disk.
pub trait Sink {
    fn put(&mut self, chunk: &[u8]) -> Result<(), UploadError>;
    /// The declared length, so a buffer can be sized once.
    fn expect(&mut self, _bytes: usize) {}
}

impl Sink for Vec<u8> {
    fn put(&mut self, chunk: &[u8]) -> Result<(), UploadError> {
        self.extend_from_slice(chunk);
        Ok(())
    }

    fn expect(&mut self, bytes: usize) {
        self.reserve(bytes);
    }
}

/// Passes a body of at most `limit` bytes to `sink`; `expected` (a declared length, itself within
/// the limit) is announced at once, so a megabyte is not copied again and again as a buffer grows.
async fn collect<S, E>(
    mut stream: S,
    limit: usize,
    expected: Option<usize>,
    sink: &mut dyn Sink,
) -> Result<(), UploadError>
where
    S: futures_util::Stream<Item = Result<web::Bytes, E>> + Unpin,
    E: std::fmt::Display,
{
    sink.expect(expected.unwrap_or(0).min(limit));
    let mut seen = 0usize;
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(broken)?;
        if seen + chunk.len() > limit {
            return Err(UploadError::TooLarge { limit });
        }
        seen += chunk.len();
        sink.put(&chunk)?;
    }
    Ok(())
}

/// A small body read whole.
async fn collect_vec<S, E>(stream: S, limit: usize) -> Result<Vec<u8>, UploadError>
where
    S: futures_util::Stream<Item = Result<web::Bytes, E>> + Unpin,
    E: std::fmt::Display,
{
    let mut out = Vec::new();
    collect(stream, limit, None, &mut out).await?;
    Ok(out)
}

/// An uploaded file and the small text fields of its form.
#[derive(Debug, Default)]
pub struct Upload {
    pub bytes: Vec<u8>,
    /// The form's text fields asked for (all its text fields together at most 16 KB); empty for
    /// a raw body.
    pub fields: std::collections::HashMap<String, String>,
}

/// The uploaded file's bytes (at most `limit`), from a raw body whose content type is one of
/// `raw_types` (or `application/octet-stream`), or from the first file of a multipart form
/// (the field named `field`, or any field with a file name).
pub async fn read_file(
    req: &HttpRequest,
    payload: web::Payload,
    limit: usize,
    field: &str,
    raw_types: &[&str],
) -> Result<Vec<u8>, UploadError> {
    Ok(read_upload(req, payload, limit, field, raw_types, &[])
        .await?
        .bytes)
}

/// The text fields of a form together (a proposal's JSON beside its PDF fits many times).
const FORM_TEXT_MAX: usize = 16 * 1024;

/// As [`read_file`], and the text fields named `text_fields` of a form; a form with two files
/// is refused (which one was meant?).
pub async fn read_upload(
    req: &HttpRequest,
    payload: web::Payload,
    limit: usize,
    field: &str,
    raw_types: &[&str],
    text_fields: &[&str],
) -> Result<Upload, UploadError> {
    let mut bytes = Vec::new();
    let fields = read_upload_into(
        req,
        payload,
        limit,
        field,
        raw_types,
        text_fields,
        &mut bytes,
    )
    .await?;
    Ok(Upload { bytes, fields })
}

/// As [`read_upload`], the file's bytes passed to `sink` as they arrive (never held whole);
/// answers the form's text fields asked for.
pub async fn read_upload_into(
    req: &HttpRequest,
    payload: web::Payload,
    limit: usize,
    field: &str,
    raw_types: &[&str],
    text_fields: &[&str],
    sink: &mut dyn Sink,
) -> Result<std::collections::HashMap<String, String>, UploadError> {
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .unwrap_or_default();
    // A declared length over the limit is refused before reading anything (a form adds a little).
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    let slack = if content_type == "multipart/form-data" {
        FORM_TEXT_MAX + 4 * 1024
    } else {
        0
    };
    if declared.is_some_and(|n| n > limit + slack) {
        return Err(UploadError::TooLarge { limit });
    }
    if content_type == "multipart/form-data" {
        let mut form = actix_multipart::Multipart::new(req.headers(), payload);
        let mut fields = std::collections::HashMap::new();
        let mut have_file = false;
        let mut other_bytes = 0usize;
        while let Some(part) = form.next().await {
            let part = part.map_err(broken)?;
            let name = part.name().unwrap_or("").to_owned();
            let is_file = name == field
                || part
                    .content_disposition()
                    .and_then(|d| d.get_filename())
                    .is_some();
            if is_file {
                if have_file {
                    return Err(UploadError::Broken(Localized::new(
                        "Formulir berisi lebih dari satu berkas. Kirim satu berkas saja.",
                        "The form carries more than one file. Send one file only.",
                    )));
                }
                have_file = true;
                collect(part, limit, declared, sink).await?;
            } else {
                // Other fields are read (the form goes on after them) but only the asked ones
                // kept, and all of them together stay within FORM_TEXT_MAX.
                let value = collect_vec(part, FORM_TEXT_MAX - other_bytes)
                    .await
                    .map_err(|e| match e {
                        UploadError::TooLarge { .. } => UploadError::Broken(Localized::owned(
                            format!("Isian formulir '{name}' terlalu panjang."),
                            format!("The form field '{name}' is too long."),
                        )),
                        other => other,
                    })?;
                other_bytes += value.len();
                if text_fields.contains(&name.as_str()) {
                    fields.insert(name, String::from_utf8_lossy(&value).trim().to_owned());
                }
            }
        }
        if !have_file {
            return Err(UploadError::Unsupported(Localized::owned(
                format!("Formulir tidak berisi berkas. Kirim berkas pada isian '{field}'."),
                format!("The form carries no file. Send the file in the '{field}' field."),
            )));
        }
        return Ok(fields);
    }
    if content_type.is_empty()
        || content_type == "application/octet-stream"
        || raw_types.contains(&content_type.as_str())
    {
        collect(payload, limit, declared, sink).await?;
        return Ok(Default::default());
    }
    Err(UploadError::Unsupported(Localized::owned(
        format!(
            "Jenis konten '{content_type}' tidak didukung. Kirim berkas sebagai {} atau multipart/form-data (isian '{field}').",
            raw_types.join(", ")
        ),
        format!(
            "Content type '{content_type}' is not supported. Send the file as {} or multipart/form-data (field '{field}').",
            raw_types.join(", ")
        ),
    )))
}
