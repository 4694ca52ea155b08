//! Pemutakhiran Data Mandiri (the data update): what the API and the SPA both check.

/// Largest supporting document (a scanned PDF): the API refuses more while the upload streams,
/// the SPA before sending.
pub const DOCUMENT_MAX_BYTES: usize = 1024 * 1024;
