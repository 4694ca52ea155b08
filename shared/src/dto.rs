//! DTOs of the REST contract that are not tied to one rule module.

use serde::{Deserialize, Serialize};

pub use crate::identity::{IdentityCheck, IdentityCheckRequest, Mismatch, NikFacts};

/// `GET /healthz`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    #[cfg_attr(feature = "openapi", schema(example = "ok"))]
    pub status: String,
}

/// `GET /api/v1/info`: what this server is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServerInfo {
    #[cfg_attr(feature = "openapi", schema(example = "Satu ASN"))]
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(example = "0.1.0"))]
    pub version: String,
    /// `sqlite` or `postgres`.
    pub database: String,
    /// The base URL written into QR codes and emails.
    pub public_url: String,
}

/// An RFC 9457 problem as every error of the API is answered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    #[serde(rename = "type")]
    pub type_: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// Stable snake_case code, e.g. `not_found`, `validation_failed`.
    pub code: String,
    /// On 422: messages per field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub errors: Option<std::collections::BTreeMap<String, Vec<String>>>,
    /// With `account_locked`: when the lock ends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locked_until: Option<chrono::DateTime<chrono::Utc>>,
    /// With `window_closed`: the window of the step (dates in WIB, inclusive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub window: Option<crate::schedule::DateWindow>,
    /// The request id (also in the `x-request-id` header), to quote to the helpdesk.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}
