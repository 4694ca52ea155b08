//! One error type for every handler, rendered as RFC 9457 `application/problem+json`.
//!
//! Handlers return [`ApiError`]; actix's own failures (unknown route, wrong method, malformed
//! JSON, wrong content type, oversized body, bad path or query) are mapped to it by the handlers
//! registered in [`configure_extractors`], and any other error status that reaches the
//! [`problem_layer`] middleware without a problem body gets one. That middleware also renders the
//! text in the request's language and adds the request id.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::error::{
    JsonPayloadError, PathError, PayloadError, QueryPayloadError, UrlencodedError,
};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use actix_web::{web, HttpMessage, HttpRequest, HttpResponse, ResponseError};
use satu_shared::dto::Problem;
use satu_shared::{ErrorCode, FieldErrors, Lang, Localized};
use tracing_actix_web::RequestId;

pub const PROBLEM_JSON: &str = "application/problem+json";

/// Largest JSON body accepted by default (uploads have their own limits).
pub const JSON_LIMIT: usize = 64 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("not found")]
    NotFound,
    #[error("validation failed: {0:?}")]
    Validation(FieldErrors),
    #[error("invalid JSON: {0}")]
    InvalidJson(String),
    #[error("payload larger than {limit} bytes")]
    PayloadTooLarge { limit: usize },
    #[error("unsupported media type")]
    UnsupportedMediaType,
    #[error("unsupported media type: {0:?}")]
    UnsupportedMediaTypeFor(Localized),
    #[error("bad request: {0:?}")]
    BadRequest(Localized),
    #[error("not authenticated")]
    Unauthenticated,
    #[error("invalid credentials")]
    InvalidCredentials,
    #[error("invalid refresh token")]
    InvalidRefreshToken,
    #[error("refresh token reused")]
    RefreshTokenReused,
    #[error("forbidden")]
    Forbidden,
    #[error("forbidden: {0:?}")]
    ForbiddenBecause(Localized),
    #[error("invalid client")]
    InvalidClient,
    #[error("unsupported grant type")]
    UnsupportedGrantType,
    #[error("invalid scope: {0}")]
    InvalidScope(String),
    #[error("insufficient scope")]
    InsufficientScope,
    #[error("password change required")]
    PasswordChangeRequired,
    #[error("account locked until {until}")]
    AccountLocked { until: chrono::NaiveDateTime },
    #[error("no card")]
    NoCard,
    #[error("photo rejected: {0:?}")]
    PhotoRejected(Localized),
    #[error("photo too large: {0:?}")]
    PhotoTooLarge(Localized),
    #[error("invalid mfa token")]
    InvalidMfaToken,
    #[error("invalid activation token")]
    InvalidActivationToken,
    #[error("conflict: {0:?}")]
    Conflict(Localized),
    #[error("gone: {0:?}")]
    Gone(Localized),
    #[error("too many requests; retry in {retry_after} s")]
    TooManyRequests { retry_after: u64 },
    #[error("service unavailable: {0}")]
    Unavailable(String),
    /// A refusal with its own code, its message, and the field it is about (if any).
    #[error("{code:?}: {detail:?}")]
    Coded {
        code: ErrorCode,
        detail: Localized,
        field: Option<&'static str>,
    },
    /// Outside the agency's window for this phase of the data update.
    #[error("window closed: {phase:?} {window:?}")]
    WindowClosed {
        phase: satu_shared::schedule::Phase,
        window: satu_shared::schedule::DateWindow,
    },
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl ApiError {
    pub fn code(&self) -> ErrorCode {
        match self {
            ApiError::NotFound => ErrorCode::NotFound,
            ApiError::Validation(_) => ErrorCode::ValidationFailed,
            ApiError::InvalidJson(_) => ErrorCode::InvalidJson,
            ApiError::PayloadTooLarge { .. } => ErrorCode::PayloadTooLarge,
            ApiError::UnsupportedMediaType | ApiError::UnsupportedMediaTypeFor(_) => {
                ErrorCode::UnsupportedMediaType
            }
            ApiError::BadRequest(_) => ErrorCode::BadRequest,
            ApiError::Unauthenticated => ErrorCode::Unauthorized,
            ApiError::InvalidCredentials => ErrorCode::InvalidCredentials,
            ApiError::InvalidRefreshToken => ErrorCode::InvalidRefreshToken,
            ApiError::RefreshTokenReused => ErrorCode::RefreshTokenReused,
            ApiError::Forbidden | ApiError::ForbiddenBecause(_) => ErrorCode::Forbidden,
            ApiError::InvalidClient => ErrorCode::InvalidClient,
            ApiError::UnsupportedGrantType => ErrorCode::UnsupportedGrantType,
            ApiError::InvalidScope(_) => ErrorCode::InvalidScope,
            ApiError::InsufficientScope => ErrorCode::InsufficientScope,
            ApiError::PasswordChangeRequired => ErrorCode::PasswordChangeRequired,
            ApiError::AccountLocked { .. } => ErrorCode::AccountLocked,
            ApiError::InvalidMfaToken => ErrorCode::InvalidMfaToken,
            ApiError::InvalidActivationToken => ErrorCode::InvalidActivationToken,
            ApiError::NoCard => ErrorCode::NoCard,
            ApiError::PhotoRejected(_) => ErrorCode::PhotoRejected,
            ApiError::PhotoTooLarge(_) => ErrorCode::PhotoTooLarge,
            ApiError::Conflict(_) => ErrorCode::Conflict,
            ApiError::Gone(_) => ErrorCode::Gone,
            ApiError::TooManyRequests { .. } => ErrorCode::TooManyRequests,
            ApiError::Unavailable(_) => ErrorCode::ServiceUnavailable,
            ApiError::Internal(_) => ErrorCode::InternalError,
            ApiError::Coded { code, .. } => *code,
            ApiError::WindowClosed { .. } => ErrorCode::WindowClosed,
        }
    }

    /// What the client is told (never the internal cause).
    fn spec(&self) -> ProblemSpec {
        let code = self.code();
        let (detail, errors) = match self {
            ApiError::Validation(e) => (code.default_detail(), Some(e.clone())),
            ApiError::PayloadTooLarge { limit } => (
                Localized::owned(
                    format!("Data yang dikirim melebihi batas {} KB.", limit / 1024),
                    format!("The data sent exceeds the limit of {} KB.", limit / 1024),
                ),
                None,
            ),
            ApiError::BadRequest(m)
            | ApiError::ForbiddenBecause(m)
            | ApiError::Conflict(m)
            | ApiError::Gone(m)
            | ApiError::UnsupportedMediaTypeFor(m) => (m.clone(), None),
            // The photo's problem is both the detail and the message of its field.
            ApiError::PhotoRejected(m) | ApiError::PhotoTooLarge(m) => {
                (m.clone(), Some(FieldErrors::single("photo", m.clone())))
            }
            ApiError::Coded { detail, field, .. } => (
                detail.clone(),
                field.map(|f| FieldErrors::single(f, detail.clone())),
            ),
            ApiError::WindowClosed { phase, window } => (
                Localized::owned(
                    format!(
                        "Jadwal {} instansi Anda: {} (WIB). Di luar jadwal itu langkah ini tidak dapat dilakukan; hubungi admin instansi bila jadwal perlu diperpanjang.",
                        phase.label().to_lowercase(),
                        window.label()
                    ),
                    format!(
                        "Your agency's {} window is {} (WIB); this step cannot be taken outside it. Ask the agency admin if it needs extending.",
                        phase.label_en().to_lowercase(),
                        window.label()
                    ),
                ),
                None,
            ),
            ApiError::InvalidScope(scope) => (
                Localized::owned(
                    format!("Cakupan '{scope}' tidak dikenal atau tidak diberikan kepada klien ini."),
                    format!("Scope '{scope}' is unknown or not granted to this client."),
                ),
                None,
            ),
            ApiError::AccountLocked { until } => {
                let wib = (*until + chrono::Duration::hours(7)).format("%H:%M");
                (
                    Localized::owned(
                        format!(
                            "Akun dikunci sementara karena 5 kali salah kata sandi. Coba lagi setelah pukul {wib} WIB, atau hubungi helpdesk."
                        ),
                        format!(
                            "The account is locked after 5 wrong passwords. Try again after {wib} WIB (UTC+7), or contact the helpdesk."
                        ),
                    ),
                    None,
                )
            }
            ApiError::TooManyRequests { retry_after } => (
                Localized::owned(
                    format!("Terlalu banyak permintaan dari alamat Anda. Coba lagi dalam {retry_after} detik."),
                    format!("Too many requests from your address. Try again in {retry_after} seconds."),
                ),
                None,
            ),
            _ => (code.default_detail(), None),
        };
        let locked_until = match self {
            ApiError::AccountLocked { until } => Some(until.and_utc()),
            _ => None,
        };
        let retry_after = match self {
            ApiError::TooManyRequests { retry_after } => Some(*retry_after),
            _ => None,
        };
        let window = match self {
            ApiError::WindowClosed { window, .. } => Some(*window),
            _ => None,
        };
        ProblemSpec {
            code,
            detail,
            errors,
            locked_until,
            retry_after,
            window,
        }
    }

    pub fn validation(field: &str, message: Localized) -> ApiError {
        ApiError::Validation(FieldErrors::single(field, message))
    }
}

impl From<diesel::result::Error> for ApiError {
    fn from(e: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind as Kind, Error};
        // The connection went away under the query (the server restarted, the session was
        // ended): the pool drops it, and the client may try again.
        if let Error::DatabaseError(Kind::ClosedConnection | Kind::UnableToSendCommand, info) = &e {
            return ApiError::Unavailable(format!("database connection lost: {}", info.message()));
        }
        ApiError::Internal(anyhow::Error::new(e).context("database query failed"))
    }
}

/// What a problem body says, kept on the response so the middleware can render it in the
/// request's language.
#[derive(Debug, Clone)]
pub struct ProblemSpec {
    pub code: ErrorCode,
    pub detail: Localized,
    pub errors: Option<FieldErrors>,
    pub locked_until: Option<chrono::DateTime<chrono::Utc>>,
    pub retry_after: Option<u64>,
    pub window: Option<satu_shared::schedule::DateWindow>,
}

impl ProblemSpec {
    pub fn from_code(code: ErrorCode) -> ProblemSpec {
        ProblemSpec {
            code,
            detail: code.default_detail(),
            errors: None,
            locked_until: None,
            retry_after: None,
            window: None,
        }
    }

    pub fn render(&self, lang: Lang, request_id: Option<String>) -> Problem {
        Problem {
            type_: format!("urn:satu-asn:problem:{}", self.code.as_str()),
            title: self.code.title().get(lang).to_owned(),
            status: self.code.status(),
            detail: self.detail.get(lang).to_owned(),
            code: self.code.as_str().to_owned(),
            errors: self.errors.as_ref().map(|e| e.render(lang)),
            locked_until: self.locked_until,
            window: self.window,
            request_id,
        }
    }

    pub fn response(&self, lang: Lang, request_id: Option<String>) -> HttpResponse {
        let status =
            StatusCode::from_u16(self.code.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_string(&self.render(lang, request_id)).unwrap_or_default();
        let mut builder = HttpResponse::build(status);
        builder.insert_header((header::CONTENT_TYPE, PROBLEM_JSON));
        if let Some(secs) = self.retry_after {
            builder.insert_header((header::RETRY_AFTER, secs.to_string()));
        }
        if status == StatusCode::UNAUTHORIZED {
            builder.insert_header((header::WWW_AUTHENTICATE, "Bearer realm=\"satu-asn\""));
        }
        let mut res = builder.body(body);
        res.extensions_mut().insert(self.clone());
        res
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.code().status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            ApiError::Internal(e) => tracing::error!(error = ?e, "internal error"),
            ApiError::Unavailable(e) => tracing::warn!(error = %e, "dependency unavailable"),
            _ => tracing::debug!(error = %self, "request refused"),
        }
        self.spec().response(Lang::Id, None)
    }
}

/// The language of a request: `Accept-Language`, Indonesian by default.
pub fn request_lang(req: &HttpRequest) -> Lang {
    req.headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(Lang::from_accept_language)
        .unwrap_or_default()
}

/// Marks an error response whose body is its own (the SIASN-compatible envelope): the problem
/// layer leaves it as it is.
#[derive(Debug, Clone, Copy)]
pub struct KeepBody;

/// Middleware: every error response leaves as problem+json in the request's language, with the
/// request id in the body and in `x-request-id`; a few protective headers are set on every answer.
pub async fn problem_layer(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let lang = request_lang(req.request());
    let request_id = req.extensions().get::<RequestId>().map(|r| r.to_string());
    // Handlers' and extractors' errors arrive here as responses; an `Err` (from an inner
    // middleware) is left to actix, which renders it through `ApiError` where it is one.
    let res = next.call(req).await?.map_into_boxed_body();
    let status = res.status();
    let own_body = res.response().extensions().get::<KeepBody>().is_some();
    let mut res = if (status.is_client_error() || status.is_server_error()) && !own_body {
        let spec = res
            .response()
            .extensions()
            .get::<ProblemSpec>()
            .cloned()
            .unwrap_or_else(|| ProblemSpec::from_code(ErrorCode::for_status(status.as_u16())));
        let (req, old) = res.into_parts();
        let mut fresh = spec.response(lang, request_id.clone());
        // Keep headers such as Allow or Retry-After, but not the old body's description.
        for (name, value) in old.headers() {
            if name != header::CONTENT_TYPE
                && name != header::CONTENT_LENGTH
                && name != header::CONTENT_ENCODING
            {
                fresh.headers_mut().insert(name.clone(), value.clone());
            }
        }
        if spec.code.status() != status.as_u16() {
            *fresh.status_mut() = status;
        }
        ServiceResponse::new(req, fresh)
    } else {
        res
    };
    let headers = res.headers_mut();
    if let Some(id) = request_id.and_then(|id| HeaderValue::from_str(&id).ok()) {
        headers.insert(header::HeaderName::from_static("x-request-id"), id);
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    Ok(res)
}

/// Maps a serde_json data error to the field it names, when it names one.
fn json_field_error(e: &serde_json::Error) -> FieldErrors {
    let msg = e.to_string();
    let quoted = |prefix: &str| {
        msg.strip_prefix(prefix)
            .and_then(|rest| rest.split('`').next())
            .map(str::to_owned)
    };
    if let Some(field) = quoted("missing field `") {
        return FieldErrors::single(
            &field,
            Localized::new("Wajib diisi.", "This field is required."),
        );
    }
    if let Some(field) = quoted("unknown field `") {
        return FieldErrors::single(
            &field,
            Localized::new("Isian ini tidak dikenal.", "This field is not recognised."),
        );
    }
    let clean = msg.split(" at line ").next().unwrap_or(&msg).to_owned();
    if clean.ends_with(crate::body::EXPECTED_OBJECT) {
        return FieldErrors::single(
            "body",
            Localized::new(
                "Isi permintaan harus berupa objek JSON ({ … }).",
                "The request body must be a JSON object ({ … }).",
            ),
        );
    }
    FieldErrors::single(
        "body",
        Localized::owned(
            format!("Jenis atau nilai isian tidak sesuai ({clean})."),
            format!("A field has the wrong type or value ({clean})."),
        ),
    )
}

pub fn json_error(err: JsonPayloadError) -> ApiError {
    match err {
        JsonPayloadError::OverflowKnownLength { limit, .. }
        | JsonPayloadError::Overflow { limit } => ApiError::PayloadTooLarge { limit },
        JsonPayloadError::Payload(PayloadError::Overflow) => {
            ApiError::PayloadTooLarge { limit: JSON_LIMIT }
        }
        JsonPayloadError::ContentType => ApiError::UnsupportedMediaType,
        JsonPayloadError::Deserialize(e) if e.is_data() => {
            ApiError::Validation(json_field_error(&e))
        }
        JsonPayloadError::Deserialize(e) => ApiError::InvalidJson(e.to_string()),
        other => ApiError::BadRequest(Localized::owned(
            format!("Isi permintaan tidak dapat dibaca: {other}."),
            format!("The request body cannot be read: {other}."),
        )),
    }
}

fn form_error(err: UrlencodedError) -> ApiError {
    match err {
        UrlencodedError::ContentType => ApiError::BadRequest(Localized::new(
            "Kirim data sebagai application/x-www-form-urlencoded.",
            "Send the data as application/x-www-form-urlencoded.",
        )),
        UrlencodedError::Overflow { limit, .. } => ApiError::PayloadTooLarge { limit },
        other => ApiError::validation(
            "body",
            Localized::owned(
                format!("Isian formulir tidak lengkap atau tidak valid: {other}."),
                format!("The form is incomplete or invalid: {other}."),
            ),
        ),
    }
}

fn query_error(err: QueryPayloadError) -> ApiError {
    ApiError::validation(
        "query",
        Localized::owned(
            format!("Parameter alamat tidak valid: {err}."),
            format!("Invalid query parameter: {err}."),
        ),
    )
}

fn path_error(err: PathError) -> ApiError {
    ApiError::validation(
        "path",
        Localized::owned(
            format!("Bagian alamat tidak valid: {err}."),
            format!("Invalid path segment: {err}."),
        ),
    )
}

/// The extractor configuration every scope uses, so actix's own errors become problems. (JSON
/// bodies are read by `body::Json`, which answers with `json_error` itself.)
pub fn configure_extractors(cfg: &mut web::ServiceConfig) {
    cfg.app_data(web::QueryConfig::default().error_handler(|err, _req| query_error(err).into()))
        .app_data(
            web::FormConfig::default()
                .limit(JSON_LIMIT)
                .error_handler(|err, _req| form_error(err).into()),
        )
        .app_data(web::PathConfig::default().error_handler(|err, _req| path_error(err).into()))
        .app_data(web::PayloadConfig::default().limit(JSON_LIMIT));
}

/// Any `/api/...` path that no route serves.
pub async fn api_not_found() -> Result<HttpResponse, ApiError> {
    Err(ApiError::NotFound)
}
