//! DTOs of the accounts endpoints (API.md "Accounts").

use serde::{Deserialize, Serialize};

use crate::i18n::Localized;
use crate::nip::Nip;
use crate::validation::FieldErrors;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    /// NIP, spaces allowed.
    #[cfg_attr(
        feature = "openapi",
        schema(
            example = "19670416 199303 1 015",
            pattern = "^[0-9]{8} ?[0-9]{6} ?[0-9] ?[0-9]{3}$"
        )
    )]
    pub nip: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 1024))]
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
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 1024))]
    pub current_password: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 8, max_length = 128))]
    pub new_password: String,
}

/// A role with the scope it applies to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoleGrant {
    pub role: crate::Role,
    pub scope: crate::ScopeKind,
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
    /// Two-step verification (TOTP) is on.
    #[serde(default)]
    pub totp_enabled: bool,
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
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = "^[0-9]{8} ?[0-9]{6} ?[0-9] ?[0-9]{3}$")
    )]
    pub nip: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordResetConfirm {
    /// The token from the reset link.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub token: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 8, max_length = 128))]
    pub new_password: String,
}

/// The first step of a login when the account has 2FA on: send a code to `/auth/login/mfa`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MfaChallenge {
    /// Always `true`.
    pub mfa_required: bool,
    /// Single use, valid `expires_in` seconds and for 5 codes.
    pub mfa_token: String,
    pub expires_in: i64,
}

/// The second fact a first login asks for, besides the NIK.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ActivationNeeds {
    /// The family-card number (nomor Kartu Keluarga) in the employee's record.
    NomorKk,
    /// A one-time code the agency's helpdesk or admin issued.
    ActivationCode,
}

/// The first login of an account never activated (NIP + NIK were right): send the second fact
/// and a new password to `/auth/activate`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActivationChallenge {
    /// Always `true`.
    pub activation_required: bool,
    /// Single use, valid `expires_in` seconds and for 5 tries.
    pub activation_token: String,
    pub expires_in: i64,
    pub needs: ActivationNeeds,
}

/// What `POST /auth/login` answers: the tokens, the 2FA challenge, or the activation step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(untagged)]
pub enum LoginResponse {
    Mfa(MfaChallenge),
    Activation(ActivationChallenge),
    Tokens(TokenResponse),
}

/// `POST /auth/activate`: the second fact (`nomor_kk` or `activation_code`, as the login said)
/// and the account's first own password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActivateRequest {
    pub activation_token: String,
    /// 16 digits, spaces allowed.
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(example = "3577010101120001", max_length = 40)
    )]
    pub nomor_kk: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = "K7MX-4PQ9", max_length = 40))]
    pub activation_code: Option<String>,
    #[cfg_attr(feature = "openapi", schema(min_length = 8, max_length = 128))]
    pub new_password: String,
}

/// What the helpdesk sees of an account (`GET /api/v1/accounts/{nip}`): never a password, a
/// secret or a code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountState {
    pub nip: String,
    /// The first login (NIP + NIK + second fact + new password) is done.
    pub activated: bool,
    /// Still on the initial credential.
    pub must_change_password: bool,
    /// Locked by wrong passwords until then (absent when not locked now).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locked_until: Option<chrono::DateTime<chrono::Utc>>,
    /// Wrong passwords counted toward the next lock (the count starts again when a lock begins).
    pub failed_logins: u32,
    pub two_factor: bool,
    pub disabled: bool,
}

/// A one-time activation code issued for an employee who cannot use the family-card number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActivationCode {
    /// Shown once: give it to the employee (printed, or through the contact in the record).
    #[cfg_attr(feature = "openapi", schema(example = "K7MX-4PQ9"))]
    pub activation_code: String,
    pub expires_at: chrono::DateTime<chrono::Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MfaLoginRequest {
    pub mfa_token: String,
    /// The 6 digits of the authenticator app, or one recovery code.
    #[cfg_attr(
        feature = "openapi",
        schema(example = "492039", min_length = 1, max_length = 20)
    )]
    pub code: String,
}

/// A new (not yet active) 2FA secret: add it to an authenticator app, then confirm with a code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TotpSetup {
    /// Base32, for typing into the app by hand.
    pub secret: String,
    /// `otpauth://totp/...` (SHA1, 6 digits, 30 s).
    pub otpauth_uri: String,
    /// The URI as a QR code, SVG.
    pub qr_svg: String,
    /// The URI as a QR code, PNG as a `data:` URL.
    pub qr_png: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TotpConfirm {
    #[cfg_attr(
        feature = "openapi",
        schema(example = "492039", min_length = 1, max_length = 20)
    )]
    pub code: String,
}

/// Shown once, when 2FA is confirmed: each code logs in once instead of an app code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecoveryCodes {
    pub recovery_codes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TotpDisable {
    /// The account's password.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 1024))]
    pub password: String,
}

/// Starting 2FA setup needs the account's password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TotpSetupRequest {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 1024))]
    pub password: String,
}

/// The phone's approval of a QR login: the number the computer shows, and a fresh proof that the
/// phone's user is the account's owner (the password, or a 2FA code when 2FA is on).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QrApproveRequest {
    #[cfg_attr(feature = "openapi", schema(example = "47", pattern = "^[0-9]{2}$"))]
    pub match_code: String,
    #[serde(default)]
    pub password: Option<String>,
    /// With 2FA on: 6 digits from the authenticator app (or a recovery code).
    #[serde(default)]
    pub code: Option<String>,
}

/// A browser's QR login request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QrSessionCreated {
    pub id: String,
    /// Two digits to show beside the QR code: the phone must type them to approve (so a QR code
    /// relayed by someone else cannot be approved without looking at this screen).
    #[cfg_attr(feature = "openapi", schema(example = "47"))]
    pub match_code: String,
    /// The URL to show as a QR code; the phone opens it to approve.
    pub qr_payload: String,
    /// `qr_payload` as a QR code, SVG.
    pub qr_svg: String,
    pub expires_in: i64,
    /// Binds the poll to this browser: also set as an HttpOnly cookie; clients without cookies
    /// send it in the `x-qr-poll-secret` header.
    pub poll_secret: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum QrStatus {
    Pending,
    Approved,
    Expired,
}

/// A poll's answer; the token fields come once, on the first poll after approval (as in
/// [`TokenResponse`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QrSessionPoll {
    pub status: QrStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_in: Option<i64>,
    /// Empty when polled with `?session=cookie` (then it is in the HttpOnly cookie).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub must_change_password: Option<bool>,
}

impl QrSessionPoll {
    pub fn status(status: QrStatus) -> QrSessionPoll {
        QrSessionPoll {
            status,
            access_token: None,
            token_type: None,
            expires_in: None,
            refresh_token: None,
            must_change_password: None,
        }
    }

    pub fn with_tokens(status: QrStatus, t: TokenResponse) -> QrSessionPoll {
        QrSessionPoll {
            status,
            access_token: Some(t.access_token),
            token_type: Some(t.token_type),
            expires_in: Some(t.expires_in),
            refresh_token: Some(t.refresh_token),
            must_change_password: Some(t.must_change_password),
        }
    }

    /// The tokens, when this answer carries them.
    pub fn tokens(&self) -> Option<TokenResponse> {
        Some(TokenResponse {
            access_token: self.access_token.clone()?,
            token_type: self.token_type.clone()?,
            expires_in: self.expires_in?,
            refresh_token: self.refresh_token.clone().unwrap_or_default(),
            must_change_password: self.must_change_password.unwrap_or(false),
        })
    }
}

/// What the phone sees before approving: which browser asks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QrSessionDevice {
    pub status: QrStatus,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub expires_in: i64,
}

/// An agency admin grants a role: the scope follows from the role (`unit` roles name a unit of
/// the agency in `scope_id`; `agency` roles are for the admin's own agency).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GrantRoleRequest {
    #[cfg_attr(feature = "openapi", schema(value_type = crate::Role))]
    pub role: String,
    /// The unit id for `verifikator` and `monitor`; the agency id (or empty: the admin's own)
    /// for `approver`, `helpdesk` and `admin`.
    #[serde(default)]
    pub scope_id: String,
}

/// A role held by an account, with the id to revoke it by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssignedRole {
    pub id: String,
    #[serde(flatten)]
    pub grant: RoleGrant,
}

/// Where to go after logging in: the `lanjut` (next) parameter when it is a path of this site,
/// else the profile. Refused: other sites (`//host`, `https://…`), backslashes (browsers read
/// them as slashes) and any whitespace or control character (browsers drop tabs and newlines from
/// URLs, so `/\t/host` would become `//host`).
pub fn safe_next(raw: Option<&str>) -> String {
    raw.filter(|p| {
        p.starts_with('/')
            && !p.starts_with("//")
            && !p.contains('\\')
            && !p.chars().any(|c| c.is_whitespace() || c.is_control())
    })
    .map(str::to_owned)
    .unwrap_or_else(|| "/profil".to_owned())
}

#[cfg(test)]
mod next_tests {
    use super::safe_next;

    #[test]
    fn only_paths_of_this_site_are_followed() {
        assert_eq!(safe_next(None), "/profil");
        assert_eq!(safe_next(Some("/kartu")), "/kartu");
        assert_eq!(safe_next(Some("/qr/abc?x=1#y")), "/qr/abc?x=1#y");
        for evil in [
            "//evil.example",
            "https://evil.example",
            "evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/ /evil.example",
            "",
            "javascript:alert(1)",
        ] {
            assert_eq!(safe_next(Some(evil)), "/profil", "{evil:?}");
        }
    }
}
