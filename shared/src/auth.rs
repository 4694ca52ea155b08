//! DTOs of the accounts endpoints (API.md "Accounts").

use serde::{Deserialize, Serialize};

use crate::i18n::Localized;
use crate::nip::Nip;
use crate::validation::FieldErrors;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    /// NIP, spaces allowed.
    #[cfg_attr(feature = "openapi", schema(example = "19670416 199303 1 015"))]
    pub nip: String,
    pub password: String,
}

impl LoginRequest {
    /// Checks the form (not the credentials) and returns the NIP.
    pub fn validate(&self) -> Result<Nip, FieldErrors> {
        let mut errors = FieldErrors::default();
        let nip = Nip::parse(&self.nip)
            .map_err(|e| errors.add("nip", e.localized()))
            .ok();
        if self.password.is_empty() {
            errors.add(
                "password",
                Localized::new("Kata sandi wajib diisi.", "The password is required."),
            );
        } else if self.password.chars().count() > crate::password::MAX_LENGTH {
            errors.add(
                "password",
                crate::password::PasswordRule::TooLong.violation(),
            );
        }
        match nip {
            Some(n) if errors.is_empty() => Ok(n),
            _ => Err(errors),
        }
    }
}

/// Tokens of a successful login or refresh.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenResponse {
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: i64,
    /// Opaque, single use: every refresh returns a new one.
    pub refresh_token: String,
    /// The account still has its initial password: change it before anything else.
    pub must_change_password: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RefreshRequest {
    /// The refresh token. The web app leaves it empty: its token travels in an HttpOnly cookie.
    #[serde(default)]
    pub refresh_token: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangePasswordRequest {
    pub current_password: String,
    pub new_password: String,
}

/// A role with the scope it applies to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoleGrant {
    pub role: crate::Role,
    /// `self`, `unit`, `agency`, `kanreg` or `pusat`.
    pub scope: String,
    /// Unit or agency id, Kanreg code; empty for `self` and `pusat`.
    pub scope_id: String,
    /// A readable name of the scope (unit or agency name, Kanreg name).
    pub scope_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountInfo {
    pub id: String,
    /// The login NIP, digits only.
    pub nip: String,
    pub display_name: String,
    pub must_change_password: bool,
}

/// `GET /api/v1/me`: the account, its employee record and its roles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    pub account: AccountInfo,
    /// The caller's own NIK (shown only here, to its owner; the password rules use it).
    pub nik: Option<String>,
    pub employee: Option<crate::employee::EmployeeRecord>,
    pub roles: Vec<RoleGrant>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordResetRequest {
    /// NIP, spaces allowed.
    pub nip: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordResetConfirm {
    /// The token from the reset link.
    pub token: String,
    pub new_password: String,
}
