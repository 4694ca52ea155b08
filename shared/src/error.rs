//! Stable error codes of the API (the `code` of every problem+json body), with their HTTP status
//! and default texts. The SPA matches on these codes, never on message strings.

use serde::{Deserialize, Serialize};

use crate::i18n::Localized;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The request is malformed in a way not covered by a more specific code.
    BadRequest,
    /// The body is not well-formed JSON.
    InvalidJson,
    /// One or more fields break a rule; `errors` names them.
    ValidationFailed,
    Unauthorized,
    /// NIP or password wrong (never says which, nor whether the NIP exists).
    InvalidCredentials,
    /// The refresh token is unknown, expired or revoked.
    InvalidRefreshToken,
    /// A refresh token was used twice: its whole session family is revoked.
    RefreshTokenReused,
    /// Unknown or revoked client, or a wrong client secret (OAuth2 client credentials).
    InvalidClient,
    /// `grant_type` is not `client_credentials`.
    UnsupportedGrantType,
    /// A requested scope is unknown or not granted to the client.
    InvalidScope,
    /// The client's token lacks the scope this endpoint needs.
    InsufficientScope,
    Forbidden,
    /// The account still has its initial password: only `/me`, `PUT /me/password` and logout work.
    PasswordChangeRequired,
    /// Too many failed logins: the account is locked until `locked_until`.
    AccountLocked,
    /// The `mfa_token` of a login's second step is unknown, used, expired or out of attempts.
    InvalidMfaToken,
    /// The `activation_token` of a first login is unknown, used, expired or out of tries.
    InvalidActivationToken,
    /// The caller has no Kartu ASN Virtual (a CPNS, or no appointment date yet).
    NoCard,
    /// The card photo cannot be used; `detail` and `errors.photo` say exactly why and what to do.
    PhotoRejected,
    /// The card photo file is over 2 MB.
    PhotoTooLarge,
    /// The request conflicts with the current state (e.g. 2FA already on, a QR login already
    /// approved); `detail` says which.
    Conflict,
    /// The object existed but is over (an expired QR login); `detail` says what to do.
    Gone,
    /// No such route, or an object outside the caller's scope.
    NotFound,
    MethodNotAllowed,
    /// The `Accept` header asks for a representation the endpoint cannot give.
    NotAcceptable,
    PayloadTooLarge,
    UnsupportedMediaType,
    TooManyRequests,
    InternalError,
    /// The database (or another dependency) does not answer right now.
    ServiceUnavailable,
    /// The proposal changed since the version sent (`If-Match` or `version`), or another decider came first: reload and decide again.
    StaleProposal,
    /// The history row already has an open proposal.
    ProposalOpen,
    /// The proposal is submitted or over: only drafts and returned proposals change.
    NotEditable,
    /// The proposal does not wait for a step the caller decides.
    NotYourStep,
    /// Nobody decides on their own proposal.
    OwnProposal,
    /// The caller decided another step of this proposal: nobody decides two steps of one proposal.
    SecondStep,
    /// The document is not a usable PDF (not a PDF, damaged, encrypted, no pages, empty); `detail` and `errors.file` say why.
    PdfRejected,
    /// The document is over 1 MB (refused while it was read).
    PdfTooLarge,
    /// Outside the agency's schedule for this step; `window` in the problem names its dates.
    WindowClosed,
}

impl ErrorCode {
    pub const ALL: [ErrorCode; 38] = [
        ErrorCode::InvalidClient,
        ErrorCode::UnsupportedGrantType,
        ErrorCode::InvalidScope,
        ErrorCode::InsufficientScope,
        ErrorCode::BadRequest,
        ErrorCode::InvalidJson,
        ErrorCode::ValidationFailed,
        ErrorCode::Unauthorized,
        ErrorCode::InvalidCredentials,
        ErrorCode::InvalidRefreshToken,
        ErrorCode::RefreshTokenReused,
        ErrorCode::Forbidden,
        ErrorCode::PasswordChangeRequired,
        ErrorCode::AccountLocked,
        ErrorCode::NotFound,
        ErrorCode::MethodNotAllowed,
        ErrorCode::NotAcceptable,
        ErrorCode::PayloadTooLarge,
        ErrorCode::UnsupportedMediaType,
        ErrorCode::TooManyRequests,
        ErrorCode::InternalError,
        ErrorCode::ServiceUnavailable,
        ErrorCode::InvalidMfaToken,
        ErrorCode::InvalidActivationToken,
        ErrorCode::Conflict,
        ErrorCode::Gone,
        ErrorCode::NoCard,
        ErrorCode::PhotoRejected,
        ErrorCode::PhotoTooLarge,
        ErrorCode::StaleProposal,
        ErrorCode::ProposalOpen,
        ErrorCode::NotEditable,
        ErrorCode::NotYourStep,
        ErrorCode::OwnProposal,
        ErrorCode::SecondStep,
        ErrorCode::PdfRejected,
        ErrorCode::PdfTooLarge,
        ErrorCode::WindowClosed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::BadRequest => "bad_request",
            ErrorCode::InvalidJson => "invalid_json",
            ErrorCode::ValidationFailed => "validation_failed",
            ErrorCode::Unauthorized => "unauthorized",
            ErrorCode::InvalidCredentials => "invalid_credentials",
            ErrorCode::InvalidRefreshToken => "invalid_refresh_token",
            ErrorCode::RefreshTokenReused => "refresh_token_reused",
            ErrorCode::InvalidClient => "invalid_client",
            ErrorCode::UnsupportedGrantType => "unsupported_grant_type",
            ErrorCode::InvalidScope => "invalid_scope",
            ErrorCode::InsufficientScope => "insufficient_scope",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::PasswordChangeRequired => "password_change_required",
            ErrorCode::AccountLocked => "account_locked",
            ErrorCode::InvalidMfaToken => "invalid_mfa_token",
            ErrorCode::InvalidActivationToken => "invalid_activation_token",
            ErrorCode::Conflict => "conflict",
            ErrorCode::NoCard => "no_card",
            ErrorCode::PhotoRejected => "photo_rejected",
            ErrorCode::PhotoTooLarge => "photo_too_large",
            ErrorCode::Gone => "gone",
            ErrorCode::NotFound => "not_found",
            ErrorCode::MethodNotAllowed => "method_not_allowed",
            ErrorCode::NotAcceptable => "not_acceptable",
            ErrorCode::PayloadTooLarge => "payload_too_large",
            ErrorCode::UnsupportedMediaType => "unsupported_media_type",
            ErrorCode::TooManyRequests => "too_many_requests",
            ErrorCode::InternalError => "internal_error",
            ErrorCode::ServiceUnavailable => "service_unavailable",
            ErrorCode::StaleProposal => "stale_proposal",
            ErrorCode::ProposalOpen => "proposal_open",
            ErrorCode::NotEditable => "not_editable",
            ErrorCode::NotYourStep => "not_your_step",
            ErrorCode::OwnProposal => "own_proposal",
            ErrorCode::SecondStep => "second_step",
            ErrorCode::PdfRejected => "pdf_rejected",
            ErrorCode::PdfTooLarge => "pdf_too_large",
            ErrorCode::WindowClosed => "window_closed",
        }
    }

    pub fn parse(code: &str) -> Option<ErrorCode> {
        ErrorCode::ALL.into_iter().find(|c| c.as_str() == code)
    }

    pub fn status(self) -> u16 {
        match self {
            ErrorCode::BadRequest
            | ErrorCode::InvalidJson
            | ErrorCode::UnsupportedGrantType
            | ErrorCode::InvalidScope => 400,
            ErrorCode::InvalidClient => 401,
            ErrorCode::InsufficientScope => 403,
            ErrorCode::Unauthorized
            | ErrorCode::InvalidCredentials
            | ErrorCode::InvalidRefreshToken
            | ErrorCode::RefreshTokenReused
            | ErrorCode::InvalidMfaToken
            | ErrorCode::InvalidActivationToken => 401,
            ErrorCode::Conflict => 409,
            ErrorCode::Gone => 410,
            ErrorCode::Forbidden | ErrorCode::PasswordChangeRequired => 403,
            ErrorCode::AccountLocked => 423,
            ErrorCode::NotFound | ErrorCode::NoCard => 404,
            ErrorCode::MethodNotAllowed => 405,
            ErrorCode::NotAcceptable => 406,
            ErrorCode::PayloadTooLarge | ErrorCode::PhotoTooLarge => 413,
            ErrorCode::UnsupportedMediaType => 415,
            ErrorCode::ValidationFailed | ErrorCode::PhotoRejected => 422,
            ErrorCode::TooManyRequests => 429,
            ErrorCode::InternalError => 500,
            ErrorCode::ServiceUnavailable => 503,
            ErrorCode::StaleProposal | ErrorCode::ProposalOpen | ErrorCode::NotEditable => 409,
            ErrorCode::NotYourStep | ErrorCode::OwnProposal | ErrorCode::SecondStep => 403,
            ErrorCode::PdfRejected => 422,
            ErrorCode::PdfTooLarge => 413,
            ErrorCode::WindowClosed => 403,
        }
    }

    /// The code that stands for a bare HTTP status (for errors raised outside our handlers).
    pub fn for_status(status: u16) -> ErrorCode {
        // The generic code of a status, not a specific one that happens to share it.
        let generic = match status {
            400 => Some(ErrorCode::BadRequest),
            401 => Some(ErrorCode::Unauthorized),
            403 => Some(ErrorCode::Forbidden),
            404 => Some(ErrorCode::NotFound),
            409 => Some(ErrorCode::Conflict),
            410 => Some(ErrorCode::Gone),
            _ => None,
        };
        generic
            .or_else(|| ErrorCode::ALL.into_iter().find(|c| c.status() == status))
            .unwrap_or(if status >= 500 {
                ErrorCode::InternalError
            } else {
                ErrorCode::BadRequest
            })
    }

    /// Short, fixed summary of the problem type (`title`).
    pub fn title(self) -> Localized {
        let (id, en) = match self {
            ErrorCode::BadRequest => ("Permintaan tidak valid", "Bad request"),
            ErrorCode::InvalidJson => ("JSON tidak valid", "Invalid JSON"),
            ErrorCode::ValidationFailed => ("Data tidak valid", "Validation failed"),
            ErrorCode::Unauthorized => ("Belum masuk", "Not authenticated"),
            ErrorCode::InvalidCredentials => ("NIP atau kata sandi salah", "Wrong NIP or password"),
            ErrorCode::InvalidRefreshToken => ("Sesi berakhir", "Session ended"),
            ErrorCode::RefreshTokenReused => ("Sesi dicabut", "Session revoked"),
            ErrorCode::InvalidClient => ("Klien tidak dikenal", "Invalid client"),
            ErrorCode::UnsupportedGrantType => {
                ("Jenis grant tidak didukung", "Unsupported grant type")
            }
            ErrorCode::InvalidScope => ("Cakupan tidak valid", "Invalid scope"),
            ErrorCode::InsufficientScope => ("Cakupan tidak cukup", "Insufficient scope"),
            ErrorCode::Forbidden => ("Tidak diizinkan", "Forbidden"),
            ErrorCode::PasswordChangeRequired => {
                ("Kata sandi harus diganti", "Password change required")
            }
            ErrorCode::AccountLocked => ("Akun terkunci sementara", "Account temporarily locked"),
            ErrorCode::InvalidMfaToken => (
                "Verifikasi dua langkah berakhir",
                "Two-step verification expired",
            ),
            ErrorCode::InvalidActivationToken => ("Aktivasi akun berakhir", "Activation expired"),
            ErrorCode::Conflict => ("Bertentangan dengan keadaan data", "Conflict"),
            ErrorCode::NoCard => ("Belum ada Kartu ASN Virtual", "No virtual ASN card"),
            ErrorCode::PhotoRejected => ("Foto tidak dapat dipakai", "Photo cannot be used"),
            ErrorCode::PhotoTooLarge => ("Berkas foto terlalu besar", "Photo file too large"),
            ErrorCode::Gone => ("Sudah tidak berlaku", "Gone"),
            ErrorCode::NotFound => ("Tidak ditemukan", "Not found"),
            ErrorCode::MethodNotAllowed => ("Metode tidak diizinkan", "Method not allowed"),
            ErrorCode::NotAcceptable => ("Format tidak tersedia", "Not acceptable"),
            ErrorCode::PayloadTooLarge => ("Data terlalu besar", "Payload too large"),
            ErrorCode::UnsupportedMediaType => {
                ("Jenis konten tidak didukung", "Unsupported media type")
            }
            ErrorCode::TooManyRequests => ("Terlalu banyak permintaan", "Too many requests"),
            ErrorCode::InternalError => ("Kesalahan server", "Internal server error"),
            ErrorCode::ServiceUnavailable => ("Layanan tidak tersedia", "Service unavailable"),
            ErrorCode::StaleProposal => ("Usulan sudah berubah", "Proposal changed"),
            ErrorCode::ProposalOpen => ("Sudah ada usulan terbuka", "Open proposal exists"),
            ErrorCode::NotEditable => ("Usulan tidak dapat diubah", "Proposal not editable"),
            ErrorCode::NotYourStep => ("Bukan giliran Anda", "Not your step"),
            ErrorCode::OwnProposal => ("Usulan sendiri", "Own proposal"),
            ErrorCode::SecondStep => ("Sudah memutuskan langkah lain", "Decided another step"),
            ErrorCode::PdfRejected => ("Dokumen tidak dapat dipakai", "Document cannot be used"),
            ErrorCode::PdfTooLarge => ("Berkas dokumen terlalu besar", "Document too large"),
            ErrorCode::WindowClosed => ("Di luar jadwal", "Outside the schedule"),
        };
        Localized::new(id, en)
    }

    /// The default `detail`, used when the error carries no more specific one.
    pub fn default_detail(self) -> Localized {
        let (id, en) = match self {
            ErrorCode::BadRequest => (
                "Permintaan tidak dapat diproses. Periksa kembali data yang dikirim.",
                "The request cannot be processed. Check the data you sent.",
            ),
            ErrorCode::InvalidJson => (
                "Isi permintaan bukan JSON yang benar.",
                "The request body is not well-formed JSON.",
            ),
            ErrorCode::ValidationFailed => (
                "Ada isian yang belum benar. Perbaiki isian yang ditandai.",
                "Some fields are not valid. Correct the marked fields.",
            ),
            ErrorCode::Unauthorized => (
                "Silakan masuk terlebih dahulu.",
                "Please log in first.",
            ),
            ErrorCode::InvalidCredentials => (
                "NIP atau kata sandi salah. Periksa kembali; setelah 5 kali gagal, akun dikunci 15 menit.",
                "Wrong NIP or password. Check again; after 5 failures the account is locked for 15 minutes.",
            ),
            ErrorCode::InvalidRefreshToken => (
                "Sesi Anda telah berakhir. Silakan masuk kembali.",
                "Your session has ended. Please log in again.",
            ),
            ErrorCode::RefreshTokenReused => (
                "Sesi ini dicabut karena tokennya dipakai dua kali. Silakan masuk kembali; bila bukan Anda, segera ganti kata sandi.",
                "This session was revoked because its token was used twice. Log in again; if it was not you, change your password now.",
            ),
            ErrorCode::InvalidClient => (
                "client_id atau client_secret salah, atau klien sudah dicabut.",
                "Wrong client_id or client_secret, or the client was revoked.",
            ),
            ErrorCode::UnsupportedGrantType => (
                "Hanya grant_type=client_credentials yang didukung.",
                "Only grant_type=client_credentials is supported.",
            ),
            ErrorCode::InvalidScope => (
                "Cakupan yang diminta tidak dikenal atau tidak diberikan kepada klien ini.",
                "A requested scope is unknown or not granted to this client.",
            ),
            ErrorCode::InsufficientScope => (
                "Token klien ini tidak memiliki cakupan yang diperlukan untuk alamat ini.",
                "This client token lacks the scope this address needs.",
            ),
            ErrorCode::PasswordChangeRequired => (
                "Anda masih memakai kata sandi awal (NIK). Ganti kata sandi terlebih dahulu.",
                "You still use the initial password (your NIK). Change your password first.",
            ),
            ErrorCode::AccountLocked => (
                "Akun dikunci sementara karena terlalu banyak percobaan masuk yang gagal.",
                "The account is locked for a while after too many failed logins.",
            ),
            ErrorCode::InvalidActivationToken => (
                "Langkah aktivasi akun sudah berakhir, sudah dipakai, atau terlalu banyak isian salah. Masuk kembali dengan NIP dan NIK.",
                "The activation step has ended, was used, or had too many wrong entries. Log in again with NIP and NIK.",
            ),
            ErrorCode::InvalidMfaToken => (
                "Langkah kedua masuk sudah berakhir, sudah dipakai, atau terlalu banyak kode salah. Silakan masuk kembali dengan NIP dan kata sandi.",
                "The second login step has ended, was used, or had too many wrong codes. Log in again with NIP and password.",
            ),
            ErrorCode::NoCard => (
                "Kartu ASN Virtual diterbitkan untuk PNS yang memiliki TMT PNS dan PPPK yang memiliki tanggal mulai perjanjian kerja. CPNS belum mendapatkannya.",
                "The virtual ASN card is issued to PNS with a TMT PNS and PPPK with a contract start date. CPNS do not get one yet.",
            ),
            ErrorCode::PhotoRejected => (
                "Foto tidak dapat dipakai untuk Kartu ASN Virtual. Gunakan foto PNG atau JPEG tegak, 450×575 piksel, paling besar 2 MB.",
                "The photo cannot be used on the virtual ASN card. Use an upright PNG or JPEG photo, 450×575 pixels, at most 2 MB.",
            ),
            ErrorCode::PhotoTooLarge => (
                "Berkas foto melebihi batas 2 MB. Perkecil atau kompres foto lalu unggah lagi.",
                "The photo file exceeds 2 MB. Make it smaller or compress it, then upload it again.",
            ),
            ErrorCode::Conflict => (
                "Permintaan bertentangan dengan keadaan data saat ini.",
                "The request conflicts with the current state.",
            ),
            ErrorCode::Gone => (
                "Data yang diminta sudah tidak berlaku.",
                "The requested object is no longer valid.",
            ),
            ErrorCode::Forbidden => (
                "Anda tidak memiliki hak untuk tindakan ini.",
                "You are not allowed to do this.",
            ),
            ErrorCode::NotFound => (
                "Alamat atau data yang diminta tidak ditemukan.",
                "The requested address or record was not found.",
            ),
            ErrorCode::MethodNotAllowed => (
                "Metode HTTP ini tidak didukung pada alamat tersebut.",
                "This HTTP method is not supported at that address.",
            ),
            ErrorCode::NotAcceptable => (
                "Format yang diminta tidak tersedia untuk alamat ini.",
                "The requested format is not available for this address.",
            ),
            ErrorCode::PayloadTooLarge => (
                "Data yang dikirim melebihi batas ukuran.",
                "The data sent exceeds the size limit.",
            ),
            ErrorCode::UnsupportedMediaType => (
                "Jenis konten tidak didukung. Kirim data sebagai application/json.",
                "Unsupported content type. Send the data as application/json.",
            ),
            ErrorCode::TooManyRequests => (
                "Terlalu banyak permintaan. Silakan coba lagi beberapa saat lagi.",
                "Too many requests. Please try again shortly.",
            ),
            ErrorCode::InternalError => (
                "Terjadi kesalahan pada server. Silakan coba lagi; bila berulang, hubungi helpdesk dengan menyebut nomor permintaan.",
                "Something went wrong on the server. Please try again; if it persists, contact the helpdesk quoting the request id.",
            ),
            ErrorCode::ServiceUnavailable => (
                "Layanan sedang tidak tersedia. Silakan coba lagi beberapa saat lagi.",
                "The service is unavailable. Please try again shortly.",
            ),
            ErrorCode::StaleProposal => (
                "Usulan ini sudah berubah sejak Anda membukanya. Muat ulang lalu coba lagi.",
                "This proposal changed since you opened it. Reload it and try again.",
            ),
            ErrorCode::ProposalOpen => (
                "Riwayat ini sudah punya usulan yang belum selesai.",
                "This row already has an open proposal.",
            ),
            ErrorCode::NotEditable => (
                "Usulan ini tidak dapat diubah lagi.",
                "This proposal can no longer be changed.",
            ),
            ErrorCode::NotYourStep => (
                "Usulan ini tidak menunggu keputusan Anda.",
                "This proposal does not wait for your decision.",
            ),
            ErrorCode::OwnProposal => (
                "Anda tidak dapat memutuskan usulan Anda sendiri.",
                "You cannot decide on your own proposal.",
            ),
            ErrorCode::SecondStep => (
                "Anda sudah memutuskan usulan ini pada langkah lain.",
                "You decided this proposal at another step.",
            ),
            ErrorCode::PdfRejected => (
                "Dokumen harus PDF yang dapat dibuka, tidak terkunci, dan berisi halaman.",
                "The document must be a PDF that opens, is not locked and has pages.",
            ),
            ErrorCode::PdfTooLarge => (
                "Ukuran dokumen melebihi batas 1 MB.",
                "The document exceeds the 1 MB limit.",
            ),
            ErrorCode::WindowClosed => (
                "Langkah ini di luar jadwal pemutakhiran data instansi Anda.",
                "This step is outside your agency's data-update schedule.",
            ),
        };
        Localized::new(id, en)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_snake_case_and_round_trip() {
        for c in ErrorCode::ALL {
            assert_eq!(ErrorCode::parse(c.as_str()), Some(c));
            assert!(c
                .as_str()
                .chars()
                .all(|x| x.is_ascii_lowercase() || x == '_'));
            let json = serde_json::to_string(&c).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", c.as_str()));
            assert!((400..600).contains(&c.status()));
            assert_ne!(c.title().id, c.title().en);
        }
        assert_eq!(ErrorCode::for_status(404), ErrorCode::NotFound);
        assert_eq!(ErrorCode::for_status(401), ErrorCode::Unauthorized);
        assert_eq!(ErrorCode::for_status(403), ErrorCode::Forbidden);
        assert_eq!(ErrorCode::for_status(423), ErrorCode::AccountLocked);
        assert_eq!(ErrorCode::for_status(418), ErrorCode::BadRequest);
        assert_eq!(ErrorCode::for_status(502), ErrorCode::InternalError);
    }
}
