//! The one API client of the SPA, shared through the context (`use_api()`): every request carries
//! the chosen language, a signed-in one the access token; an access token that has expired is
//! renewed from the session cookie once (one renewal at a time for the whole page, since the
//! server treats a refresh token used twice as stolen) and the request is sent again. The refresh
//! token lives in an HttpOnly cookie the browser sends to `/api/v1/auth/*`; the access token only
//! in memory. The typed calls below are one line each over the shared DTOs.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;

use gloo_net::http::{Method, RequestBuilder, Response};
use leptos::prelude::*;
use satu_shared::auth::{
    AccountState, ActivateRequest, ActivationCode, AssignedRole, ChangePasswordRequest,
    GrantRoleRequest, LoginRequest, LoginResponse, Me, MfaLoginRequest, PasswordResetConfirm,
    PasswordResetRequest, QrApproveRequest, QrSessionCreated, QrSessionDevice, QrSessionPoll,
    RecoveryCodes, TokenResponse, TotpConfirm, TotpDisable, TotpSetup, TotpSetupRequest,
};
use satu_shared::card::{
    AgencyLogo, Captcha, CardInfo, Orientation, OrientationRequest, PhotoFacts, PhotoPreview,
    StatusChange, VerificationRequest, VerificationResult,
};
use satu_shared::clients::{ClientCreated, ClientInfo, NewClientRequest};
use satu_shared::dto::{Problem, ServerInfo};
use satu_shared::employee::{EmployeeRecord, Page, UnitInfo};
use satu_shared::imports::{ImportInfo, ImportList};
use satu_shared::notification::{MarkRead, MarkedRead, NotificationPage};
use satu_shared::pdm::HistoryRow;
use satu_shared::proposal::{
    DecisionRequest, EditProposal, NewProposal, Proposal, ProposalDocument, ProposalPage,
};
use satu_shared::schedule::{PdmSchedule, ScheduleWindows};
use satu_shared::{ErrorCode, Lang};
use serde::de::DeserializeOwned;
use serde::Serialize;

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

/// The problem's own text (already in the caller's language); an `ErrorBoundary` shows it.
impl std::fmt::Display for ApiFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::Id))
    }
}

impl std::error::Error for ApiFailure {}

pub type ApiResult<T> = Result<T, ApiFailure>;

/// A request body, kept so the request can be sent again after a token renewal.
enum Payload {
    Empty,
    Json(String),
    /// A file's bytes with their content type.
    Bytes(&'static str, Rc<[u8]>),
}

struct Call {
    method: Method,
    path: String,
    payload: Payload,
    /// Sends the access token, and renews it once on 401.
    signed: bool,
}

impl Call {
    fn new(method: Method, path: impl Into<String>) -> Self {
        Call {
            method,
            path: path.into(),
            payload: Payload::Empty,
            signed: true,
        }
    }

    fn json(mut self, body: &impl Serialize) -> ApiResult<Self> {
        self.payload = Payload::Json(serde_json::to_string(body).map_err(|_| ApiFailure::Network)?);
        Ok(self)
    }

    fn png(self, bytes: &[u8]) -> Self {
        self.bytes("image/png", bytes)
    }

    fn bytes(mut self, content_type: &'static str, bytes: &[u8]) -> Self {
        self.payload = Payload::Bytes(content_type, Rc::from(bytes));
        self
    }

    /// No access token: a public or cookie-only call.
    fn public(mut self) -> Self {
        self.signed = false;
        self
    }
}

thread_local! {
    /// A token renewal is under way; requests that meet a 401 meanwhile wait for its outcome.
    static RENEWING: Cell<bool> = const { Cell::new(false) };
    /// The outcome of the last renewal.
    static RENEWED: RefCell<Option<ApiResult<String>>> = const { RefCell::new(None) };
}

/// The client: the language and the access token, both signals, so the pages follow them.
#[derive(Clone, Copy)]
pub struct Api {
    lang: RwSignal<Lang>,
    access: RwSignal<Option<String>>,
}

pub fn use_api() -> Api {
    expect_context::<Api>()
}

impl Api {
    pub fn provide(lang: RwSignal<Lang>) -> Api {
        let api = Api {
            lang,
            access: RwSignal::new(None),
        };
        provide_context(api);
        api
    }

    /// Whether the page holds an access token (tracked).
    pub fn signed_in(self) -> bool {
        self.access.with(Option::is_some)
    }

    pub fn set_access(self, token: Option<String>) {
        self.access.set(token);
    }

    async fn send(self, call: &Call) -> ApiResult<Response> {
        let first = self.send_once(call, self.access.get_untracked()).await?;
        if !(call.signed && first.status() == 401) {
            return Ok(first);
        }
        let token = self.renew().await?;
        self.send_once(call, Some(token)).await
    }

    async fn send_once(self, call: &Call, token: Option<String>) -> ApiResult<Response> {
        let mut r = RequestBuilder::new(&call.path)
            .method(call.method.clone())
            .header("Accept-Language", self.lang.get_untracked().code());
        if call.signed {
            if let Some(t) = token {
                r = r.header("Authorization", &format!("Bearer {t}"));
            }
        }
        let request = match &call.payload {
            Payload::Empty => r.build(),
            Payload::Json(s) => r
                .header("Content-Type", "application/json")
                .body(s.as_str()),
            Payload::Bytes(content_type, b) => r
                .header("Content-Type", content_type)
                .body(js_sys::Uint8Array::from(&b[..])),
        };
        request
            .map_err(|_| ApiFailure::Network)?
            .send()
            .await
            .map_err(|_| ApiFailure::Network)
    }

    /// A new access token from the session cookie; calls that meet a 401 together share one
    /// renewal. A failed renewal ends the session in this page.
    async fn renew(self) -> ApiResult<String> {
        if RENEWING.with(Cell::get) {
            while RENEWING.with(Cell::get) {
                gloo_timers::future::TimeoutFuture::new(20).await;
            }
            return RENEWED
                .with(|r| r.borrow().clone())
                .unwrap_or(Err(ApiFailure::Network));
        }
        // Cleared however this ends, also when the page that asked is gone mid-way.
        struct Renewing;
        impl Drop for Renewing {
            fn drop(&mut self) {
                RENEWING.with(|r| r.set(false));
            }
        }
        RENEWING.with(|r| r.set(true));
        let renewing = Renewing;
        let result = self.refresh().await.map(|t| t.access_token);
        RENEWED.with(|r| *r.borrow_mut() = Some(result.clone()));
        drop(renewing);
        self.access.set(result.as_ref().ok().cloned());
        result
    }

    async fn json<T: DeserializeOwned>(self, call: Call) -> ApiResult<T> {
        decode(self.send(&call).await?).await
    }

    async fn empty(self, call: Call) -> ApiResult<()> {
        let res = self.send(&call).await?;
        if res.ok() {
            Ok(())
        } else {
            Err(problem_of(res).await)
        }
    }

    // ---- accounts ---------------------------------------------------------------------------

    pub async fn server_info(self) -> ApiResult<ServerInfo> {
        self.json(Call::new(Method::GET, "/api/v1/info").public())
            .await
    }

    /// The tokens, the 2FA challenge or the activation step.
    pub async fn login(self, body: &LoginRequest) -> ApiResult<LoginResponse> {
        let call = Call::new(Method::POST, "/api/v1/auth/login?session=cookie");
        self.json(call.public().json(body)?).await
    }

    pub async fn login_mfa(self, body: &MfaLoginRequest) -> ApiResult<TokenResponse> {
        let call = Call::new(Method::POST, "/api/v1/auth/login/mfa?session=cookie");
        self.json(call.public().json(body)?).await
    }

    pub async fn activate(self, body: &ActivateRequest) -> ApiResult<TokenResponse> {
        let call = Call::new(Method::POST, "/api/v1/auth/activate?session=cookie");
        self.json(call.public().json(body)?).await
    }

    /// A new access token from the session cookie (sent once: a 401 here is the answer).
    pub async fn refresh(self) -> ApiResult<TokenResponse> {
        let call = Call::new(Method::POST, "/api/v1/auth/refresh");
        let call = call.public().json(&serde_json::json!({}))?;
        decode(self.send_once(&call, None).await?).await
    }

    pub async fn logout(self) -> ApiResult<()> {
        let call = Call::new(Method::POST, "/api/v1/auth/logout");
        self.empty(call.public().json(&serde_json::json!({}))?)
            .await
    }

    pub async fn me(self) -> ApiResult<Me> {
        self.json(Call::new(Method::GET, "/api/v1/me")).await
    }

    pub async fn change_password(self, body: &ChangePasswordRequest) -> ApiResult<()> {
        self.empty(Call::new(Method::PUT, "/api/v1/me/password").json(body)?)
            .await
    }

    pub async fn request_reset(self, body: &PasswordResetRequest) -> ApiResult<()> {
        let call = Call::new(Method::POST, "/api/v1/auth/password-reset");
        self.empty(call.public().json(body)?).await
    }

    pub async fn confirm_reset(self, body: &PasswordResetConfirm) -> ApiResult<()> {
        let call = Call::new(Method::POST, "/api/v1/auth/password-reset/confirm");
        self.empty(call.public().json(body)?).await
    }

    pub async fn totp_setup(self, body: &TotpSetupRequest) -> ApiResult<TotpSetup> {
        self.json(Call::new(Method::POST, "/api/v1/me/totp").json(body)?)
            .await
    }

    pub async fn totp_confirm(self, body: &TotpConfirm) -> ApiResult<RecoveryCodes> {
        self.json(Call::new(Method::POST, "/api/v1/me/totp/confirm").json(body)?)
            .await
    }

    pub async fn totp_disable(self, body: &TotpDisable) -> ApiResult<()> {
        self.empty(Call::new(Method::DELETE, "/api/v1/me/totp").json(body)?)
            .await
    }

    /// Asks for a QR login; the answer's cookie binds the poll to this browser.
    pub async fn qr_create(self) -> ApiResult<QrSessionCreated> {
        let call = Call::new(Method::POST, "/api/v1/auth/qr-sessions");
        self.json(call.public().json(&serde_json::json!({}))?).await
    }

    pub async fn qr_poll(self, id: &str) -> ApiResult<QrSessionPoll> {
        let path = format!("/api/v1/auth/qr-sessions/{id}?session=cookie");
        self.json(Call::new(Method::GET, path).public()).await
    }

    pub async fn qr_device(self, id: &str) -> ApiResult<QrSessionDevice> {
        let path = format!("/api/v1/auth/qr-sessions/{id}/device");
        self.json(Call::new(Method::GET, path)).await
    }

    pub async fn qr_approve(self, id: &str, body: &QrApproveRequest) -> ApiResult<()> {
        let path = format!("/api/v1/auth/qr-sessions/{id}/approve");
        self.empty(Call::new(Method::POST, path).json(body)?).await
    }

    // ---- employees --------------------------------------------------------------------------

    pub async fn employee(self, nip: &str) -> ApiResult<EmployeeRecord> {
        let nip: String = nip.chars().filter(char::is_ascii_digit).collect();
        self.json(Call::new(Method::GET, format!("/api/v1/employees/{nip}")))
            .await
    }

    /// `query` is the list's query string (filters and page), as the list page keeps it in its
    /// address.
    pub async fn employees(self, query: &str) -> ApiResult<Page<EmployeeRecord>> {
        self.json(Call::new(Method::GET, format!("/api/v1/employees?{query}")))
            .await
    }

    pub async fn units(self) -> ApiResult<Vec<UnitInfo>> {
        self.json(Call::new(Method::GET, "/api/v1/units")).await
    }

    pub async fn change_status(self, nip: &str, body: &StatusChange) -> ApiResult<EmployeeRecord> {
        let path = format!("/api/v1/employees/{nip}/status");
        self.json(Call::new(Method::PATCH, path).json(body)?).await
    }

    // ---- accounts of others (admins, helpdesk) ----------------------------------------------

    pub async fn roles(self, nip: &str) -> ApiResult<Vec<AssignedRole>> {
        let path = format!("/api/v1/accounts/{nip}/roles");
        self.json(Call::new(Method::GET, path)).await
    }

    pub async fn grant_role(
        self,
        nip: &str,
        body: &GrantRoleRequest,
    ) -> ApiResult<Vec<AssignedRole>> {
        let path = format!("/api/v1/accounts/{nip}/roles");
        self.json(Call::new(Method::POST, path).json(body)?).await
    }

    pub async fn revoke_role(self, nip: &str, id: &str) -> ApiResult<()> {
        let path = format!("/api/v1/accounts/{nip}/roles/{id}");
        self.empty(Call::new(Method::DELETE, path)).await
    }

    /// An account's state for the helpdesk: activated, locked, 2FA.
    pub async fn account_state(self, nip: &str) -> ApiResult<AccountState> {
        let nip: String = nip.chars().filter(char::is_ascii_digit).collect();
        self.json(Call::new(Method::GET, format!("/api/v1/accounts/{nip}")))
            .await
    }

    pub async fn unlock(self, nip: &str) -> ApiResult<()> {
        let path = format!("/api/v1/accounts/{nip}/unlock");
        self.empty(Call::new(Method::POST, path)).await
    }

    pub async fn activation_code(self, nip: &str) -> ApiResult<ActivationCode> {
        let path = format!("/api/v1/accounts/{nip}/activation-code");
        self.json(Call::new(Method::POST, path)).await
    }

    // ---- HR-system clients ------------------------------------------------------------------

    pub async fn clients(self) -> ApiResult<Vec<ClientInfo>> {
        self.json(Call::new(Method::GET, "/api/v1/clients")).await
    }

    pub async fn create_client(self, body: &NewClientRequest) -> ApiResult<ClientCreated> {
        self.json(Call::new(Method::POST, "/api/v1/clients").json(body)?)
            .await
    }

    pub async fn revoke_client(self, id: &str) -> ApiResult<()> {
        self.empty(Call::new(Method::DELETE, format!("/api/v1/clients/{id}")))
            .await
    }

    // ---- imports ----------------------------------------------------------------------------

    /// The latest imports of the agencies the caller administers.
    pub async fn imports(self) -> ApiResult<ImportList> {
        self.json(Call::new(Method::GET, "/api/v1/imports")).await
    }

    pub async fn import(self, id: &str) -> ApiResult<ImportInfo> {
        self.json(Call::new(Method::GET, format!("/api/v1/imports/{id}")))
            .await
    }

    /// Uploads a SIASN export (the chosen file itself: the browser streams it) with progress.
    pub async fn start_import(
        self,
        agency_id: &str,
        file: &web_sys::File,
        create_units: bool,
        progress: impl Fn(f64) + Clone + 'static,
    ) -> ApiResult<ImportInfo> {
        let form = web_sys::FormData::new().map_err(|_| ApiFailure::Network)?;
        form.append_with_str("file_name", &file.name())
            .and_then(|()| form.append_with_str("create_units", &create_units.to_string()))
            .and_then(|()| form.append_with_blob_and_filename("file", file, &file.name()))
            .map_err(|_| ApiFailure::Network)?;
        let path = format!(
            "/api/v1/imports/employees?agency={}",
            js_sys::encode_uri_component(agency_id)
        );
        self.upload(&path, crate::upload::Body::Form(&form), progress)
            .await
    }

    // ---- data update ------------------------------------------------------------------------

    /// The caller's approved rows of a history category, newest first.
    pub async fn my_history(self, category: &str) -> ApiResult<Vec<HistoryRow>> {
        let path = format!(
            "/api/v1/me/history/{}",
            String::from(js_sys::encode_uri_component(category))
        );
        self.json(Call::new(Method::GET, path)).await
    }

    /// A new draft proposal.
    pub async fn create_proposal(self, body: &NewProposal) -> ApiResult<Proposal> {
        self.json(Call::new(Method::POST, "/api/v1/proposals").json(body)?)
            .await
    }

    pub async fn edit_proposal(self, id: &str, body: &EditProposal) -> ApiResult<Proposal> {
        self.json(Call::new(Method::PUT, proposal_path(id, "")).json(body)?)
            .await
    }

    pub async fn proposal(self, id: &str) -> ApiResult<Proposal> {
        self.json(Call::new(Method::GET, proposal_path(id, "")))
            .await
    }

    /// A list: `query` is the query string (`mine=true`, `inbox=verify&status=…`).
    pub async fn proposals(self, query: &str) -> ApiResult<ProposalPage> {
        self.json(Call::new(Method::GET, format!("/api/v1/proposals?{query}")))
            .await
    }

    pub async fn submit_proposal(self, id: &str) -> ApiResult<Proposal> {
        self.json(
            Call::new(Method::POST, proposal_path(id, "/submit")).json(&serde_json::json!({}))?,
        )
        .await
    }

    pub async fn decide(self, id: &str, body: &DecisionRequest) -> ApiResult<Proposal> {
        self.json(Call::new(Method::POST, proposal_path(id, "/decisions")).json(body)?)
            .await
    }

    pub async fn delete_document(self, id: &str, doc_id: &str) -> ApiResult<()> {
        let path = proposal_path(id, &format!("/documents/{}", encode(doc_id)));
        self.empty(Call::new(Method::DELETE, path)).await
    }

    /// Uploads a PDF as the raw body, telling `progress` the share sent (0.0 to 1.0) as it goes
    /// (an XMLHttpRequest: fetch cannot report an upload's progress).
    pub async fn upload_document(
        self,
        id: &str,
        kind: &str,
        bytes: &[u8],
        progress: impl Fn(f64) + Clone + 'static,
    ) -> ApiResult<ProposalDocument> {
        let path = proposal_path(id, &format!("/documents?kind={}", encode(kind)));
        self.upload(&path, crate::upload::Body::Pdf(bytes), progress)
            .await
    }

    /// A new draft proposal sent with its first document in one request (one wait on a phone,
    /// and no draft left without its document when the network drops halfway).
    pub async fn create_proposal_with_document(
        self,
        body: &NewProposal,
        kind: &str,
        file_name: &str,
        bytes: &[u8],
        progress: impl Fn(f64) + Clone + 'static,
    ) -> ApiResult<Proposal> {
        let form = web_sys::FormData::new().map_err(|_| ApiFailure::Network)?;
        let json = serde_json::to_string(body).map_err(|_| ApiFailure::Network)?;
        let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
        let options = web_sys::BlobPropertyBag::new();
        options.set_type("application/pdf");
        let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)
            .map_err(|_| ApiFailure::Network)?;
        form.append_with_str("proposal", &json)
            .and_then(|()| form.append_with_str("kind", kind))
            .and_then(|()| form.append_with_blob_and_filename("file", &blob, file_name))
            .map_err(|_| ApiFailure::Network)?;
        self.upload(
            "/api/v1/proposals",
            crate::upload::Body::Form(&form),
            progress,
        )
        .await
    }

    /// POSTs an upload with progress; renews the access token once on 401, as every other call
    /// does.
    async fn upload<T: serde::de::DeserializeOwned>(
        self,
        path: &str,
        body: crate::upload::Body<'_>,
        progress: impl Fn(f64) + Clone + 'static,
    ) -> ApiResult<T> {
        let lang = self.lang.get_untracked().code();
        let first = crate::upload::post(
            path,
            lang,
            self.access.get_untracked(),
            body,
            progress.clone(),
        )
        .await?;
        let (status, text) = if first.0 == 401 {
            let token = self.renew().await?;
            crate::upload::post(path, lang, Some(token), body, progress).await?
        } else {
            first
        };
        if (200..300).contains(&status) {
            serde_json::from_str(&text).map_err(|_| ApiFailure::Network)
        } else {
            Err(serde_json::from_str::<Problem>(&text)
                .map(ApiFailure::Problem)
                .unwrap_or(ApiFailure::Network))
        }
    }

    pub async fn schedule(self, agency_id: &str) -> ApiResult<PdmSchedule> {
        self.json(Call::new(Method::GET, schedule_path(agency_id)))
            .await
    }

    pub async fn put_schedule(
        self,
        agency_id: &str,
        body: &ScheduleWindows,
    ) -> ApiResult<PdmSchedule> {
        self.json(Call::new(Method::PUT, schedule_path(agency_id)).json(body)?)
            .await
    }

    pub async fn notifications(self, query: &str) -> ApiResult<NotificationPage> {
        self.json(Call::new(
            Method::GET,
            format!("/api/v1/me/notifications?{query}"),
        ))
        .await
    }

    pub async fn mark_read(self, body: &MarkRead) -> ApiResult<MarkedRead> {
        self.json(Call::new(Method::POST, "/api/v1/me/notifications/read").json(body)?)
            .await
    }

    // ---- Kartu ASN Virtual ------------------------------------------------------------------

    pub async fn my_card(self) -> ApiResult<CardInfo> {
        self.json(Call::new(Method::GET, "/api/v1/me/card")).await
    }

    pub async fn set_orientation(self, orientation: Orientation) -> ApiResult<CardInfo> {
        let body = OrientationRequest {
            orientation: orientation.as_str().to_owned(),
        };
        self.json(Call::new(Method::PUT, "/api/v1/me/card/orientation").json(&body)?)
            .await
    }

    /// A render of the caller's card (`front.png`, `back.png`, `card.pdf`, …) as a `blob:` URL the
    /// page can show or offer for download (the request carries the access token, which an
    /// `<img src>` could not).
    pub async fn card_render(
        self,
        file: &str,
        orientation: Orientation,
        download: bool,
    ) -> ApiResult<Rendered> {
        let path = format!(
            "/api/v1/me/card/{file}?orientation={}{}",
            orientation.as_str(),
            if download { "&download=true" } else { "" }
        );
        self.blob(path).await
    }

    /// A file the server answers to a signed GET, as a `blob:` URL with the file name it gives.
    pub async fn blob(self, path: String) -> ApiResult<Rendered> {
        let res = self.send(&Call::new(Method::GET, path)).await?;
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
        let url =
            web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| ApiFailure::Network)?;
        Ok(Rendered { url, file_name })
    }

    /// The photo assistant's verdict on a photo, with the card drawn with it (nothing is kept).
    pub async fn photo_preview(
        self,
        png: &[u8],
        orientation: Orientation,
    ) -> ApiResult<PhotoPreview> {
        let path = format!(
            "/api/v1/me/card/photo/preview?orientation={}",
            orientation.as_str()
        );
        self.json(Call::new(Method::POST, path).png(png)).await
    }

    pub async fn put_photo(self, png: &[u8]) -> ApiResult<PhotoFacts> {
        self.json(Call::new(Method::PUT, "/api/v1/me/card/photo").png(png))
            .await
    }

    /// The agency's logo: the `ETag` (its hash) when it has one, `None` when it has none.
    pub async fn agency_logo_version(self, agency_id: &str) -> ApiResult<Option<String>> {
        let call = Call::new(Method::GET, logo_path(agency_id)).public();
        let res = self.send(&call).await?;
        match res.status() {
            200 => Ok(Some(
                res.headers()
                    .get("etag")
                    .unwrap_or_default()
                    .trim_matches('"')
                    .to_owned(),
            )),
            404 => Ok(None),
            _ => Err(problem_of(res).await),
        }
    }

    /// Sets the agency's logo (PNG or SVG; the server reads what the bytes are).
    pub async fn put_agency_logo(self, agency_id: &str, bytes: &[u8]) -> ApiResult<AgencyLogo> {
        let call = Call::new(Method::PUT, logo_path(agency_id));
        self.json(call.bytes("application/octet-stream", bytes))
            .await
    }

    pub async fn delete_agency_logo(self, agency_id: &str) -> ApiResult<()> {
        self.empty(Call::new(Method::DELETE, logo_path(agency_id)))
            .await
    }

    pub async fn captcha(self) -> ApiResult<Captcha> {
        self.json(Call::new(Method::GET, "/api/v1/captcha").public())
            .await
    }

    pub async fn verify_card(self, body: &VerificationRequest) -> ApiResult<VerificationResult> {
        let call = Call::new(Method::POST, "/api/v1/card-verifications");
        self.json(call.public().json(body)?).await
    }
}

/// Where an agency's logo is served.
pub fn logo_path(agency_id: &str) -> String {
    format!(
        "/api/v1/agencies/{}/logo",
        String::from(js_sys::encode_uri_component(agency_id))
    )
}

/// A value for a path segment or a query string.
pub fn encode(s: &str) -> String {
    String::from(js_sys::encode_uri_component(s))
}

/// `/api/v1/proposals/<id><rest>`.
pub fn proposal_path(id: &str, rest: &str) -> String {
    format!("/api/v1/proposals/{}{rest}", encode(id))
}

fn schedule_path(agency_id: &str) -> String {
    format!("/api/v1/agencies/{}/pdm-schedule", encode(agency_id))
}

/// A render held by the page: its `blob:` URL and the file name the server gives it.
pub struct Rendered {
    pub url: String,
    pub file_name: Option<String>,
}

/// The JSON of a successful answer, or its problem.
async fn decode<T: DeserializeOwned>(res: Response) -> ApiResult<T> {
    if res.ok() {
        res.json::<T>().await.map_err(|_| ApiFailure::Network)
    } else {
        Err(problem_of(res).await)
    }
}

async fn problem_of(res: Response) -> ApiFailure {
    res.json::<Problem>()
        .await
        .map(ApiFailure::Problem)
        .unwrap_or(ApiFailure::Network)
}

/// Saves a `blob:` URL as a file, as a click on a download link would.
pub fn save_as(url: &str, name: &str) {
    use wasm_bindgen::JsCast;
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Some(a) = doc
        .create_element("a")
        .ok()
        .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    {
        a.set_href(url);
        a.set_download(name);
        if let Some(body) = doc.body() {
            let _ = body.append_child(&a);
            a.click();
            let _ = body.remove_child(&a);
        }
    }
}

/// The bytes behind a `blob:` or `data:` URL (a file the employee chose, a canvas).
pub async fn bytes_of(url: &str) -> ApiResult<Vec<u8>> {
    let res = RequestBuilder::new(url)
        .send()
        .await
        .map_err(|_| ApiFailure::Network)?;
    res.binary().await.map_err(|_| ApiFailure::Network)
}
