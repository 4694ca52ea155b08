//! The typed API client: every call the SPA makes, over the shared DTOs. The refresh token lives
//! in an HttpOnly cookie the browser sends to `/api/v1/auth/*`; the access token only in memory.

use std::collections::BTreeMap;

use gloo_net::http::{Request, RequestBuilder, Response};
use satu_shared::auth::{
    ChangePasswordRequest, LoginRequest, LoginResponse, Me, MfaLoginRequest, QrSessionCreated,
    QrSessionDevice, QrSessionPoll, RecoveryCodes, TokenResponse, TotpConfirm, TotpDisable,
    TotpSetup,
};
use satu_shared::dto::{Problem, ServerInfo};
use satu_shared::{ErrorCode, Lang};

/// What went wrong with a call, for display.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiFailure {
    /// The server answered with a problem.
    Problem(Problem),
    /// The server could not be reached or answered something unreadable.
    Network,
}

impl ApiFailure {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            ApiFailure::Problem(p) => p.detail.clone(),
            ApiFailure::Network => match lang {
                Lang::Id => {
                    "Server tidak dapat dihubungi. Periksa koneksi Anda lalu coba lagi.".into()
                }
                Lang::En => {
                    "The server cannot be reached. Check your connection and try again.".into()
                }
            },
        }
    }

    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            ApiFailure::Problem(p) => ErrorCode::parse(&p.code),
            ApiFailure::Network => None,
        }
    }

    /// Messages per field (422).
    pub fn field_errors(&self) -> BTreeMap<String, Vec<String>> {
        match self {
            ApiFailure::Problem(p) => p.errors.clone().unwrap_or_default(),
            ApiFailure::Network => BTreeMap::new(),
        }
    }
}

fn with_lang(r: RequestBuilder, lang: Lang, access: Option<&str>) -> RequestBuilder {
    let r = r.header("Accept-Language", lang.code());
    match access {
        Some(t) => r.header("Authorization", &format!("Bearer {t}")),
        None => r,
    }
}

async fn problem_of(res: Response) -> ApiFailure {
    res.json::<Problem>()
        .await
        .map(ApiFailure::Problem)
        .unwrap_or(ApiFailure::Network)
}

async fn json_or_problem<T: serde::de::DeserializeOwned>(
    res: Result<Response, gloo_net::Error>,
) -> Result<T, ApiFailure> {
    let res = res.map_err(|_| ApiFailure::Network)?;
    if res.ok() {
        res.json::<T>().await.map_err(|_| ApiFailure::Network)
    } else {
        Err(problem_of(res).await)
    }
}

async fn empty_or_problem(res: Result<Response, gloo_net::Error>) -> Result<(), ApiFailure> {
    let res = res.map_err(|_| ApiFailure::Network)?;
    if res.ok() {
        Ok(())
    } else {
        Err(problem_of(res).await)
    }
}

pub async fn server_info(lang: Lang) -> Result<ServerInfo, ApiFailure> {
    json_or_problem(
        with_lang(Request::get("/api/v1/info"), lang, None)
            .send()
            .await,
    )
    .await
}

/// A request with a JSON body.
fn with_json(
    r: RequestBuilder,
    lang: Lang,
    access: Option<&str>,
    body: &impl serde::Serialize,
) -> Result<Request, ApiFailure> {
    with_lang(r, lang, access)
        .json(body)
        .map_err(|_| ApiFailure::Network)
}

/// The tokens, or the 2FA challenge.
pub async fn login(nip: &str, password: &str, lang: Lang) -> Result<LoginResponse, ApiFailure> {
    let body = LoginRequest {
        nip: nip.to_owned(),
        password: password.to_owned(),
    };
    let req = with_json(
        Request::post("/api/v1/auth/login?session=cookie"),
        lang,
        None,
        &body,
    )?;
    json_or_problem(req.send().await).await
}

/// The second step of a login with 2FA.
pub async fn login_mfa(
    mfa_token: &str,
    code: &str,
    lang: Lang,
) -> Result<TokenResponse, ApiFailure> {
    let body = MfaLoginRequest {
        mfa_token: mfa_token.to_owned(),
        code: code.to_owned(),
    };
    let req = with_json(
        Request::post("/api/v1/auth/login/mfa?session=cookie"),
        lang,
        None,
        &body,
    )?;
    json_or_problem(req.send().await).await
}

/// The first login's second step: the fact asked for and the first own password.
pub async fn activate(
    body: &satu_shared::auth::ActivateRequest,
    lang: Lang,
) -> Result<TokenResponse, ApiFailure> {
    let req = with_json(
        Request::post("/api/v1/auth/activate?session=cookie"),
        lang,
        None,
        body,
    )?;
    json_or_problem(req.send().await).await
}

pub async fn totp_setup(access: &str, password: &str, lang: Lang) -> Result<TotpSetup, ApiFailure> {
    let req = with_json(
        Request::post("/api/v1/me/totp"),
        lang,
        Some(access),
        &satu_shared::auth::TotpSetupRequest {
            password: password.to_owned(),
        },
    )?;
    json_or_problem(req.send().await).await
}

pub async fn totp_confirm(
    access: &str,
    code: &str,
    lang: Lang,
) -> Result<RecoveryCodes, ApiFailure> {
    let req = with_json(
        Request::post("/api/v1/me/totp/confirm"),
        lang,
        Some(access),
        &TotpConfirm {
            code: code.to_owned(),
        },
    )?;
    json_or_problem(req.send().await).await
}

pub async fn totp_disable(access: &str, password: &str, lang: Lang) -> Result<(), ApiFailure> {
    let req = with_json(
        Request::delete("/api/v1/me/totp"),
        lang,
        Some(access),
        &TotpDisable {
            password: password.to_owned(),
        },
    )?;
    empty_or_problem(req.send().await).await
}

/// Asks for a QR login; the answer's cookie binds the poll to this browser.
pub async fn qr_create(lang: Lang) -> Result<QrSessionCreated, ApiFailure> {
    let req = with_json(
        Request::post("/api/v1/auth/qr-sessions"),
        lang,
        None,
        &serde_json::json!({}),
    )?;
    json_or_problem(req.send().await).await
}

pub async fn qr_poll(id: &str, lang: Lang) -> Result<QrSessionPoll, ApiFailure> {
    json_or_problem(
        with_lang(
            Request::get(&format!("/api/v1/auth/qr-sessions/{id}?session=cookie")),
            lang,
            None,
        )
        .send()
        .await,
    )
    .await
}

pub async fn qr_device(access: &str, id: &str, lang: Lang) -> Result<QrSessionDevice, ApiFailure> {
    json_or_problem(
        with_lang(
            Request::get(&format!("/api/v1/auth/qr-sessions/{id}/device")),
            lang,
            Some(access),
        )
        .send()
        .await,
    )
    .await
}

pub async fn qr_approve(
    access: &str,
    id: &str,
    body: &satu_shared::auth::QrApproveRequest,
    lang: Lang,
) -> Result<(), ApiFailure> {
    let req = with_json(
        Request::post(&format!("/api/v1/auth/qr-sessions/{id}/approve")),
        lang,
        Some(access),
        body,
    )?;
    empty_or_problem(req.send().await).await
}

/// A new access token from the session cookie.
pub async fn refresh(lang: Lang) -> Result<TokenResponse, ApiFailure> {
    let req = with_lang(Request::post("/api/v1/auth/refresh"), lang, None)
        .json(&serde_json::json!({}))
        .map_err(|_| ApiFailure::Network)?;
    json_or_problem(req.send().await).await
}

pub async fn logout(lang: Lang) -> Result<(), ApiFailure> {
    let req = with_lang(Request::post("/api/v1/auth/logout"), lang, None)
        .json(&serde_json::json!({}))
        .map_err(|_| ApiFailure::Network)?;
    empty_or_problem(req.send().await).await
}

pub async fn me(access: &str, lang: Lang) -> Result<Me, ApiFailure> {
    json_or_problem(
        with_lang(Request::get("/api/v1/me"), lang, Some(access))
            .send()
            .await,
    )
    .await
}

pub async fn change_password(
    access: &str,
    body: &ChangePasswordRequest,
    lang: Lang,
) -> Result<(), ApiFailure> {
    let req = with_lang(Request::put("/api/v1/me/password"), lang, Some(access))
        .json(body)
        .map_err(|_| ApiFailure::Network)?;
    empty_or_problem(req.send().await).await
}

pub async fn employee(
    access: &str,
    nip: &str,
    lang: Lang,
) -> Result<satu_shared::employee::EmployeeRecord, ApiFailure> {
    let nip: String = nip.chars().filter(char::is_ascii_digit).collect();
    json_or_problem(
        with_lang(
            Request::get(&format!("/api/v1/employees/{nip}")),
            lang,
            Some(access),
        )
        .send()
        .await,
    )
    .await
}

pub async fn request_reset(nip: &str, lang: Lang) -> Result<(), ApiFailure> {
    let req = with_lang(Request::post("/api/v1/auth/password-reset"), lang, None)
        .json(&satu_shared::auth::PasswordResetRequest {
            nip: nip.to_owned(),
        })
        .map_err(|_| ApiFailure::Network)?;
    empty_or_problem(req.send().await).await
}

pub async fn confirm_reset(token: &str, new_password: &str, lang: Lang) -> Result<(), ApiFailure> {
    let req = with_lang(
        Request::post("/api/v1/auth/password-reset/confirm"),
        lang,
        None,
    )
    .json(&satu_shared::auth::PasswordResetConfirm {
        token: token.to_owned(),
        new_password: new_password.to_owned(),
    })
    .map_err(|_| ApiFailure::Network)?;
    empty_or_problem(req.send().await).await
}

// ---- Kartu ASN Virtual ----------------------------------------------------------------------

use satu_shared::card::{
    Captcha, CardInfo, Orientation, OrientationRequest, PhotoFacts, PhotoPreview,
    VerificationRequest, VerificationResult,
};

pub async fn my_card(access: &str, lang: Lang) -> Result<CardInfo, ApiFailure> {
    json_or_problem(
        with_lang(Request::get("/api/v1/me/card"), lang, Some(access))
            .send()
            .await,
    )
    .await
}

pub async fn set_orientation(
    access: &str,
    orientation: Orientation,
    lang: Lang,
) -> Result<CardInfo, ApiFailure> {
    let req = with_json(
        Request::put("/api/v1/me/card/orientation"),
        lang,
        Some(access),
        &OrientationRequest {
            orientation: orientation.as_str().to_owned(),
        },
    )?;
    json_or_problem(req.send().await).await
}

/// A render held by the page: its `blob:` URL and the file name the server gives it.
pub struct Rendered {
    pub url: String,
    pub file_name: Option<String>,
}

/// A render of the caller's card (`front.png`, `back.png`, `card.pdf`, …) as a `blob:` URL the
/// page can show or offer for download (the request carries the access token, which an
/// `<img src>` could not).
pub async fn card_render(
    access: &str,
    file: &str,
    orientation: Orientation,
    download: bool,
    lang: Lang,
) -> Result<Rendered, ApiFailure> {
    let url = format!(
        "/api/v1/me/card/{file}?orientation={}{}",
        orientation.as_str(),
        if download { "&download=true" } else { "" }
    );
    let res = with_lang(Request::get(&url), lang, Some(access))
        .send()
        .await
        .map_err(|_| ApiFailure::Network)?;
    if !res.ok() {
        return Err(problem_of(res).await);
    }
    // `attachment; filename="kartu-asn-….png"`
    let file_name = res.headers().get("content-disposition").and_then(|v| {
        v.split("filename=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .map(str::to_owned)
    });
    let raw: web_sys::Response = res.into();
    let promise = raw.blob().map_err(|_| ApiFailure::Network)?;
    let blob: web_sys::Blob = wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map_err(|_| ApiFailure::Network)?
        .into();
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| ApiFailure::Network)?;
    Ok(Rendered { url, file_name })
}

fn png_request(
    r: RequestBuilder,
    access: &str,
    png: &[u8],
    lang: Lang,
) -> Result<Request, ApiFailure> {
    with_lang(r, lang, Some(access))
        .header("Content-Type", "image/png")
        .body(js_sys::Uint8Array::from(png))
        .map_err(|_| ApiFailure::Network)
}

/// The photo assistant's verdict on a photo, with the card drawn with it (nothing is kept).
pub async fn photo_preview(
    access: &str,
    png: &[u8],
    orientation: Orientation,
    lang: Lang,
) -> Result<PhotoPreview, ApiFailure> {
    let url = format!(
        "/api/v1/me/card/photo/preview?orientation={}",
        orientation.as_str()
    );
    let req = png_request(Request::post(&url), access, png, lang)?;
    json_or_problem(req.send().await).await
}

pub async fn put_photo(access: &str, png: &[u8], lang: Lang) -> Result<PhotoFacts, ApiFailure> {
    let req = png_request(Request::put("/api/v1/me/card/photo"), access, png, lang)?;
    json_or_problem(req.send().await).await
}

/// The bytes behind a `blob:` or `data:` URL (a file the employee chose, a canvas).
pub async fn bytes_of(url: &str) -> Result<Vec<u8>, ApiFailure> {
    let res = Request::get(url)
        .send()
        .await
        .map_err(|_| ApiFailure::Network)?;
    res.binary().await.map_err(|_| ApiFailure::Network)
}

pub async fn captcha(lang: Lang) -> Result<Captcha, ApiFailure> {
    json_or_problem(
        with_lang(Request::get("/api/v1/captcha"), lang, None)
            .send()
            .await,
    )
    .await
}

pub async fn verify_card(
    body: &VerificationRequest,
    lang: Lang,
) -> Result<VerificationResult, ApiFailure> {
    let req = with_json(
        Request::post("/api/v1/card-verifications"),
        lang,
        None,
        body,
    )?;
    json_or_problem(req.send().await).await
}
