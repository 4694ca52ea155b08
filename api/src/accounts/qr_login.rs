//! QR login (seed 001): a computer's browser asks for a QR session and shows its QR code; the
//! employee's phone, already logged in, opens the code's address and approves; the browser's next
//! poll receives the tokens, exactly once.
//!
//! Whoever sees the QR code learns the session id, so the poll is bound to the asking browser by a
//! secret it alone holds (an HttpOnly cookie, or the `x-qr-poll-secret` header for other clients).

use actix_web::cookie::time::Duration as CookieDuration;
use actix_web::cookie::{Cookie, SameSite};
use actix_web::{web, HttpRequest, HttpResponse};
use satu_shared::auth::{QrApproveRequest, QrSessionCreated, QrSessionDevice, QrSessionPoll};
use satu_shared::dto::Problem;
use satu_shared::{FieldErrors, Localized};
use utoipa::OpenApi;

use crate::accounts::service::qr_login::{
    self as service, DELIVERY_WINDOW_SECONDS, QR_TTL_SECONDS,
};
use crate::accounts::session::{confirm_password, throttle, SessionMode};
use crate::accounts::tokens;
use crate::audit::Ctx;
use crate::auth::Principal;
use crate::error::ApiError;
use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(paths(create, poll, device, approve))]
pub struct QrLoginApi;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/auth/qr-sessions").post(create))
        .service(web::resource("/auth/qr-sessions/{id}").get(poll))
        .service(web::resource("/auth/qr-sessions/{id}/device").get(device))
        .service(web::resource("/auth/qr-sessions/{id}/approve").post(approve));
}

pub const POLL_COOKIE: &str = "satu_qr";
pub const POLL_HEADER: &str = "x-qr-poll-secret";
const COOKIE_PATH: &str = "/api/v1/auth/qr-sessions";

/// Asks for a QR login. Show `qr_payload` as a QR code and poll `GET /auth/qr-sessions/{id}`
/// with the cookie this answer sets (or the `x-qr-poll-secret` header).
#[utoipa::path(post, path = "/api/v1/auth/qr-sessions", tag = "accounts", operation_id = "create_qr_session",
    responses(
        (status = 201, description = "The session; valid `expires_in` seconds", body = QrSessionCreated),
        (status = 429, response = crate::openapi::TooManyRequests)))]
pub async fn create(
    req: HttpRequest,
    ctx: Ctx,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    throttle(&req, &state)?;
    let id = tokens::new_opaque();
    let secret = tokens::new_opaque();
    let hash = tokens::hash_opaque(&secret);
    let row_id = id.clone();
    let match_code = service::new_match_code();
    let stored = match_code.clone();
    state
        .db
        .write(move |c| service::create(c, &ctx, row_id, hash, &stored))
        .await?;
    let cookie = Cookie::build(POLL_COOKIE, secret.clone())
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(state.config.public_url.starts_with("https://"))
        .path(COOKIE_PATH)
        .max_age(CookieDuration::seconds(
            QR_TTL_SECONDS + DELIVERY_WINDOW_SECONDS,
        ))
        .finish();
    let payload = format!("{}/qr/{id}", state.config.public_url);
    Ok(HttpResponse::Created()
        .cookie(cookie)
        .json(QrSessionCreated {
            qr_svg: crate::qr::Matrix::encode(&payload)?.svg(256),
            qr_payload: payload,
            id,
            match_code,
            expires_in: QR_TTL_SECONDS,
            poll_secret: secret,
        }))
}

fn poll_secret(req: &HttpRequest) -> Option<String> {
    req.headers()
        .get(POLL_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .or_else(|| req.cookie(POLL_COOKIE).map(|c| c.value().to_owned()))
}

/// The browser's poll: `pending`, `expired`, or `approved` with the tokens, once. Another
/// browser (without the poll secret) gets 404; a poll after the tokens were collected gets 410.
#[utoipa::path(get, path = "/api/v1/auth/qr-sessions/{id}", tag = "accounts",
    params(("id" = String, Path, description = "The session id"), SessionMode),
    responses(
        (status = 200, description = "The status (and the tokens, once)", body = QrSessionPoll),
        (status = 404, description = "Unknown session, or not the asking browser", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "The tokens were already collected", body = Problem, content_type = "application/problem+json")))]
pub async fn poll(
    req: HttpRequest,
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    mode: web::Query<SessionMode>,
) -> Result<HttpResponse, ApiError> {
    let cookie = mode.cookie();
    let id = path.into_inner();
    let presented = poll_secret(&req).map(|s| tokens::hash_opaque(&s));
    let keys = state.session_keys.current();
    let answer = state
        .db
        .write(move |c| service::poll(c, &ctx, &keys, &id, presented.as_deref()))
        .await?;
    let mut res = HttpResponse::Ok();
    let body = match answer {
        (status, Some(mut t)) => {
            let mut gone = Cookie::build(POLL_COOKIE, "").path(COOKIE_PATH).finish();
            gone.make_removal();
            res.cookie(gone);
            if cookie {
                res.cookie(crate::accounts::session::refresh_cookie(
                    &state,
                    &t.refresh_token,
                ));
                t.refresh_token = String::new();
            }
            QrSessionPoll::with_tokens(status, t)
        }
        (status, None) => QrSessionPoll::status(status),
    };
    Ok(res.json(body))
}

/// For the phone, before approving: which browser asks (address, browser, time).
#[utoipa::path(get, path = "/api/v1/auth/qr-sessions/{id}/device", tag = "accounts",
    params(("id" = String, Path, description = "The session id from the QR code")),
    responses(
        (status = 200, description = "The asking browser", body = QrSessionDevice),
        (status = 404, description = "Unknown session", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn device(
    state: web::Data<AppState>,
    _who: Principal,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let info = state.db.read(move |c| service::device(c, &id)).await?;
    Ok(HttpResponse::Ok().json(info))
}

/// The logged-in phone approves: the asking browser's next poll logs it in as this account. The
/// phone types the number the computer shows (`match_code`; the third wrong one ends the QR
/// session) and proves it is the owner now: the password, or with 2FA on a code (`code`), both
/// counted toward the lock-out. An access token older than 5 minutes is refused (401: refresh
/// and try again).
#[utoipa::path(post, path = "/api/v1/auth/qr-sessions/{id}/approve", tag = "accounts",
    params(("id" = String, Path, description = "The session id from the QR code")),
    request_body = QrApproveRequest,
    responses(
        (status = 204, description = "Approved"),
        (status = 401, description = "Not logged in, or the access token is older than 5 minutes", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown session", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already approved", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "Expired, or ended by three wrong numbers", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Wrong or missing number (`match_code`), password (`password`) or code (`code`)", body = Problem, content_type = "application/problem+json"),
        (status = 423, response = crate::openapi::AccountLocked)),
    security(("bearer" = [])))]
pub async fn approve(
    ctx: Ctx,
    state: web::Data<AppState>,
    who: Principal,
    path: web::Path<String>,
    body: crate::body::Json<QrApproveRequest>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let body = body.into_inner();
    if chrono::Utc::now().timestamp() - who.issued_at > service::FRESH_SECONDS {
        return Err(ApiError::Unauthenticated);
    }
    let given = |v: &Option<String>| {
        v.as_deref()
            .filter(|s| !s.trim().is_empty())
            .map(str::to_owned)
    };
    let totp = who.account.totp_enabled();
    let mut errors = FieldErrors::default();
    if body.match_code.trim().is_empty() {
        errors.add(
            "match_code",
            Localized::new(
                "Ketik angka yang tampil di layar komputer.",
                "Type the number the computer shows.",
            ),
        );
    }
    let (password, code) = (given(&body.password), given(&body.code));
    if totp && code.is_none() {
        errors.add(
            "code",
            Localized::new(
                "Kode dari aplikasi autentikator wajib diisi untuk menyetujui.",
                "A code from the authenticator app is required to approve.",
            ),
        );
    }
    if !totp && password.is_none() {
        errors.add(
            "password",
            Localized::new(
                "Kata sandi wajib diisi untuk menyetujui.",
                "Your password is required to approve.",
            ),
        );
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let (match_id, typed) = (id.clone(), body.match_code.clone());
    state
        .db
        .write(move |c| service::check_match(c, &match_id, &typed))
        .await??;
    let step_up = match (code, password) {
        (Some(code), _) if totp => service::StepUp::Code(code),
        (_, Some(password)) => service::StepUp::Password(
            confirm_password(&state, &ctx, &who.account, &password).await?,
        ),
        _ => return Err(ApiError::Validation(errors)),
    };
    let vault = state.totp_box.clone();
    state
        .db
        .write(move |c| service::approve(c, &ctx, &vault, &who.account, &id, step_up))
        .await??;
    Ok(HttpResponse::NoContent().finish())
}
