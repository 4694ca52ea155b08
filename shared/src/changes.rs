//! The change feed HR systems follow (`GET /api/v1/changes`): what changed, in commit order, with
//! a cursor to read on from.

use serde::{Deserialize, Serialize};

/// What a change is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ChangeType {
    /// An employee's master record changed (or was made, by an import); `data` is the record's
    /// main facts as they now are.
    #[serde(rename = "employee.updated")]
    EmployeeUpdated,
    /// A card went from valid to invalid or back; `data` says which and why.
    #[serde(rename = "card.status_changed")]
    CardStatusChanged,
    /// A proposal was approved and is now the master record; `data` is the proposal.
    #[serde(rename = "proposal.approved")]
    ProposalApproved,
    /// An employee's data update became overdue.
    #[serde(rename = "pdm.overdue")]
    PdmOverdue,
}

impl ChangeType {
    pub const ALL: [ChangeType; 4] = [
        ChangeType::EmployeeUpdated,
        ChangeType::CardStatusChanged,
        ChangeType::ProposalApproved,
        ChangeType::PdmOverdue,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ChangeType::EmployeeUpdated => "employee.updated",
            ChangeType::CardStatusChanged => "card.status_changed",
            ChangeType::ProposalApproved => "proposal.approved",
            ChangeType::PdmOverdue => "pdm.overdue",
        }
    }

    pub fn parse(s: &str) -> Option<ChangeType> {
        ChangeType::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

/// One change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Change {
    /// Where a reader that has this change reads on from (`?after=`).
    pub cursor: String,
    pub at: chrono::DateTime<chrono::Utc>,
    #[serde(rename = "type")]
    pub kind: ChangeType,
    pub nip: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub data: serde_json::Value,
}

/// A page of changes. `next` is the cursor to ask with next time: the last item's, or the one
/// asked with when nothing new has happened, so a reader stores it and never misses a change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangePage {
    pub items: Vec<Change>,
    pub next: String,
}

/// The most changes one page holds.
pub const MAX_LIMIT: i64 = 1000;
