//! HR-system clients (OAuth2 client credentials) and their scopes.

use serde::{Deserialize, Serialize};

use crate::i18n::Localized;
use crate::validation::FieldErrors;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ClientScope {
    #[serde(rename = "employees:read")]
    EmployeesRead,
    #[serde(rename = "cards:read")]
    CardsRead,
    #[serde(rename = "cards:write")]
    CardsWrite,
    #[serde(rename = "proposals:read")]
    ProposalsRead,
}

impl ClientScope {
    pub const ALL: [ClientScope; 4] = [
        ClientScope::EmployeesRead,
        ClientScope::CardsRead,
        ClientScope::CardsWrite,
        ClientScope::ProposalsRead,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ClientScope::EmployeesRead => "employees:read",
            ClientScope::CardsRead => "cards:read",
            ClientScope::CardsWrite => "cards:write",
            ClientScope::ProposalsRead => "proposals:read",
        }
    }

    pub fn parse(s: &str) -> Option<ClientScope> {
        ClientScope::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// Parses a space-separated list (OAuth2 `scope`); `Err` names the first unknown one.
    pub fn parse_list(s: &str) -> Result<Vec<ClientScope>, String> {
        let mut out = Vec::new();
        for part in s.split_whitespace() {
            let scope = ClientScope::parse(part).ok_or_else(|| part.to_owned())?;
            if !out.contains(&scope) {
                out.push(scope);
            }
        }
        out.sort();
        Ok(out)
    }

    pub fn join(scopes: &[ClientScope]) -> String {
        scopes
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewClientRequest {
    /// What the client is, e.g. "SIK BKPSDM Kota Madiun": one line, 3 to 100 characters once
    /// the spaces around it are trimmed, no control characters.
    #[cfg_attr(
        feature = "openapi",
        schema(
            pattern = "^[^\\S\\x00-\\x1f\\x7f-\\x9f]*[^\\s\\x00-\\x1f\\x7f-\\x9f][^\\x00-\\x1f\\x7f-\\x9f]{1,98}[^\\s\\x00-\\x1f\\x7f-\\x9f][^\\S\\x00-\\x1f\\x7f-\\x9f]*$"
        )
    )]
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(min_items = 1))]
    pub scopes: Vec<ClientScope>,
    /// The agency the client serves; may be left out by an admin of exactly one agency.
    #[serde(default)]
    pub agency_id: Option<String>,
}

impl NewClientRequest {
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        if self.name.chars().any(char::is_control) {
            errors.add(
                "name",
                Localized::new(
                    "Nama klien satu baris, tanpa karakter kendali (baris baru, tab, dan sejenisnya).",
                    "The client name is one line, without control characters (newlines, tabs and the like).",
                ),
            );
        }
        let len = self.name.trim().chars().count();
        if !(3..=100).contains(&len) {
            errors.add(
                "name",
                Localized::new(
                    "Nama klien 3 sampai 100 karakter.",
                    "The client name has 3 to 100 characters.",
                ),
            );
        }
        if self.scopes.is_empty() {
            errors.add(
                "scopes",
                Localized::new(
                    "Pilih paling sedikit satu cakupan.",
                    "Choose at least one scope.",
                ),
            );
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// A client as listed (never with its secret).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClientInfo {
    pub client_id: String,
    pub name: String,
    pub scopes: Vec<ClientScope>,
    pub agency_id: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub revoked_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// The answer to creating a client: the secret is shown this once and stored only as a hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClientCreated {
    #[serde(flatten)]
    pub client: ClientInfo,
    pub client_secret: String,
}

/// `POST /api/v1/auth/token` (OAuth2 client credentials).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClientTokenResponse {
    pub access_token: String,
    pub token_type: String,
    pub expires_in: i64,
    /// The granted scopes, space-separated.
    pub scope: String,
}
