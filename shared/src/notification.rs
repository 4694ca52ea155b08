//! In-app notifications (`GET /api/v1/me/notifications`): what changed, for whom, read or not.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One notification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notification {
    pub id: String,
    /// What happened: `proposal.submitted`, `proposal.accept`, `proposal.return`,
    /// `proposal.reject`, `proposal.corrected`, `proposal.approved`.
    pub kind: String,
    /// The proposal it is about, if any.
    pub proposal_id: Option<String>,
    /// One line, in Indonesian.
    pub title: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
    /// `null` while unread.
    pub read_at: Option<DateTime<Utc>>,
}

/// A page of notifications, newest first, with how many are unread in all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationPage {
    pub items: Vec<Notification>,
    pub page: u32,
    pub per_page: u32,
    pub total: u64,
    pub unread: u64,
}

/// `POST /api/v1/me/notifications/read`: which to mark read (at most 200); an empty list marks
/// every notification read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MarkRead {
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 200))]
    pub ids: Vec<String>,
}

/// The answer of a mark-read: how many changed, and how many stay unread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MarkedRead {
    pub marked: u64,
    pub unread: u64,
}
