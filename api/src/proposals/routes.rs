//! `/api/v1/proposals…`: an employee writes a proposal, adds its PDFs and submits it; the deciders
//! of each step find it in their inbox and decide.

use actix_web::http::header;
use actix_web::{web, FromRequest, HttpRequest, HttpResponse};
use satu_shared::dto::Problem;
use satu_shared::proposal::{
    DecisionRequest, EditProposal, NewProposal, Proposal, ProposalDocument, ProposalPage,
    ProposalStatus, Step,
};
use satu_shared::{ErrorCode, FieldErrors, Localized};
use serde::Deserialize;
use utoipa::{IntoParams, OpenApi};

use crate::audit::Ctx;
use crate::auth::Principal;
use crate::body::Json;
use crate::documents::{check_pdf, DOCUMENT_MAX_BYTES};
use crate::error::ApiError;
use crate::notifications::service::Mailer;
use crate::paging::{Cursor, PageQuery};
use crate::proposals::service::{self, Inbox};
use crate::proposals::store::{ListFilter, PageAt};
use crate::state::AppState;
use crate::upload;

#[derive(OpenApi)]
#[openapi(paths(
    create,
    list,
    get_one,
    edit,
    submit,
    decide,
    upload_document,
    get_document,
    delete_document,
    receipt
))]
pub struct ProposalsApi;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/proposals").post(create).get(list))
        .service(web::resource("/proposals/{id}").get(get_one).put(edit))
        .service(web::resource("/proposals/{id}/submit").post(submit))
        .service(web::resource("/proposals/{id}/decisions").post(decide))
        .service(web::resource("/proposals/{id}/receipt.pdf").get(receipt))
        .service(web::resource("/proposals/{id}/documents").post(upload_document))
        .service(
            web::resource("/proposals/{id}/documents/{doc_id}")
                .get(get_document)
                .delete(delete_document),
        );
}

/// An id from a path: UUID text, else 404 (nothing else can exist).
fn path_id(id: &str) -> Result<String, ApiError> {
    if id.len() == 36 && id.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-') {
        Ok(id.to_ascii_lowercase())
    } else {
        Err(ApiError::NotFound)
    }
}

/// The employee writes a draft proposal: add a history row, change one (only the newest, except
/// skp, keluarga and cltn) or remove one. Nobody else sees it until it is submitted. As JSON, or
/// as a multipart form with the proposal's JSON in field `proposal` and its first supporting PDF
/// in field `file` (optional field `kind`), so that a phone sends both in one request; the PDF
/// is checked as an upload's is, and nothing is written when either is refused.
#[utoipa::path(post, path = "/api/v1/proposals", tag = "proposals", operation_id = "create_proposal",
    request_body(content(
        (NewProposal = "application/json"),
        (NewProposalForm = "multipart/form-data"))),
    responses(
        (status = 201, description = "The draft", body = Proposal),
        (status = 400, description = "`invalid_json`: the JSON body is not JSON, or not the documented shape; `bad_request`: the form is malformed or carries two files", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The account has no employee record of its own", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`proposal_open`: the row already has an open proposal", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "`payload_too_large`: the JSON body is larger than the operation accepts; `pdf_too_large`: the form's PDF is over 1 MB (refused while reading)", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "`unsupported_media_type`: the body is neither `application/json` nor a multipart form, or the form carries no file", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: an unknown `category`, an `action` the category does not allow, a `target_id` that is not the employee's (newest) row, fields of `data` (named `data.<field>`), a form's `proposal` that is not a proposal's JSON, or a `kind` the category does not use; `pdf_rejected`: the form's `file` is not a PDF, damaged, encrypted, without pages or empty", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn create(
    state: web::Data<AppState>,
    who: Principal,
    ctx: Ctx,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let multipart = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.trim_start()
                .to_ascii_lowercase()
                .starts_with("multipart/form-data")
        });
    let p = if multipart {
        // The proposal's JSON is read, and checked as far as it can be without the database,
        // before the PDF is checked and stored.
        let ((body, kind), pdf) = read_pdf(&state, &req, payload, &["proposal", "kind"], |f| {
            let text = f.get("proposal").map(String::as_str).unwrap_or("");
            let body: NewProposal = crate::body::object_from_str(text).map_err(|e| {
                ApiError::validation(
                    "proposal",
                    Localized::owned(
                        format!("Isian 'proposal' harus berisi usulan sebagai objek JSON ({e})."),
                        format!(
                            "The 'proposal' field must hold the proposal as a JSON object ({e})."
                        ),
                    ),
                )
            })?;
            let kind = f.get("kind").cloned();
            service::precheck(&who, &body, kind.as_deref(), ctx.today)?;
            Ok((body, kind))
        })
        .await?;
        state
            .db
            .write(move |c| service::create(c, &ctx, &who, body, Some((kind, &pdf))))
            .await?
    } else {
        let body = Json::<NewProposal>::from_request(&req, &mut payload.into_inner())
            .await?
            .into_inner();
        state
            .db
            .write(move |c| service::create(c, &ctx, &who, body, None))
            .await?
    };
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/api/v1/proposals/{}", p.id)))
        .json(p))
}

/// The multipart form of a proposal sent with its first document.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct NewProposalForm {
    /// The proposal, as the JSON body of the plain request.
    proposal: NewProposal,
    /// The PDF (≤ 1 MB).
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
    /// The document kind (a code of the category's kinds); the first it asks for when absent.
    #[schema(pattern = "^[a-z_]{1,40}$")]
    kind: Option<String>,
}

/// Reads a PDF upload (raw or the form's `file`, and the form's `text_fields`, which `fields`
/// reads before anything is stored), checks it and stores it (content-addressed: the same bytes
/// are one file, whoever uploads them).
async fn read_pdf<T>(
    state: &AppState,
    req: &HttpRequest,
    payload: web::Payload,
    text_fields: &[&str],
    fields: impl FnOnce(&std::collections::HashMap<String, String>) -> Result<T, ApiError>,
) -> Result<(T, crate::documents::CheckedPdf), ApiError> {
    // Only so many bodies in memory at once; the others wait unread.
    let slot = state.uploads.enter().await?;
    let upload = upload::read_upload(
        req,
        payload,
        DOCUMENT_MAX_BYTES,
        "file",
        &["application/pdf"],
        text_fields,
    )
    .await
    .map_err(|e| match e {
        upload::UploadError::TooLarge { .. } => pdf_too_large(),
        other => ApiError::from(other),
    })?;
    let fields = fields(&upload.fields)?;
    let bytes = upload.bytes;
    let (pdf, bytes) = state.photos.run(move || (check_pdf(&bytes), bytes)).await?;
    let pdf = pdf.map_err(|m| {
        if bytes.len() > DOCUMENT_MAX_BYTES {
            pdf_too_large()
        } else {
            ApiError::Coded {
                code: ErrorCode::PdfRejected,
                detail: m,
                field: Some("file"),
            }
        }
    })?;
    state
        .files
        .put(&format!("documents/{}", pdf.sha256), bytes.into())
        .await
        .map_err(ApiError::Internal)?;
    drop(slot);
    Ok((fields, pdf))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// `true`: the caller's own proposals (the default without `inbox`).
    pub mine: Option<bool>,
    /// A decider's inbox: `verify`, `validate` or `approve`. Without `status` it holds what
    /// waits for that step, oldest submitted first; with `status`, the proposals in the
    /// decider's scope in that status.
    #[param(pattern = "^(verify|validate|approve)?$")]
    pub inbox: Option<String>,
    /// `draft`, `submitted`, `verified`, `validated`, `approved`, `returned`, `rejected`; empty:
    /// every status.
    #[param(pattern = "^(draft|submitted|verified|validated|approved|returned|rejected)?$")]
    pub status: Option<String>,
    /// A category code; empty: every category.
    #[param(
        pattern = "^(data_pribadi|jabatan|pendidikan|diklat|skp|pmk|cpns_pns|golongan|keluarga|penghargaan|organisasi|cltn|pindah_instansi)?$"
    )]
    pub category: Option<String>,
    /// A unit id.
    #[param(max_length = 64)]
    pub unit: Option<String>,
    /// Submitted on or after this date (WIB).
    pub submitted_from: Option<chrono::NaiveDate>,
    /// Submitted on or before this date (WIB).
    pub submitted_to: Option<chrono::NaiveDate>,
    /// Part of the employee's name, or the start of the NIP.
    #[param(max_length = 100)]
    pub q: Option<String>,
    /// The `next` cursor of the page before: the page after it (then `page` is not given).
    #[param(max_length = 200)]
    pub after: Option<String>,
}

impl ListQuery {
    fn check(self, paging: PageQuery) -> Result<(Inbox, ListFilter, PageAt), FieldErrors> {
        let mut errors = FieldErrors::default();
        let page_given = paging.page.is_some();
        let paging = paging.check(&mut errors);
        let at = match self.after.as_deref().filter(|a| !a.is_empty()) {
            None => PageAt::Number(paging),
            Some(text) => match Cursor::decode(text) {
                Some(_) if page_given => {
                    errors.add(
                        "after",
                        Localized::new(
                            "Pilih salah satu: nomor halaman (page) atau kursor (after).",
                            "Choose one: a page number (page) or a cursor (after).",
                        ),
                    );
                    PageAt::Number(paging)
                }
                Some(cursor) => PageAt::After {
                    cursor,
                    per_page: paging.per_page,
                },
                None => {
                    errors.add(
                        "after",
                        Localized::new(
                            "Kursor halaman tidak dikenal: gunakan nilai next dari halaman sebelumnya.",
                            "Unknown page cursor: use the next value of the page before.",
                        ),
                    );
                    PageAt::Number(paging)
                }
            },
        };
        let inbox = match self.inbox.as_deref() {
            None | Some("") => Inbox::Mine,
            Some(s) => match Step::parse(s) {
                Some(step) => Inbox::Step(step),
                None => {
                    errors.add(
                        "inbox",
                        Localized::new(
                            "Kotak masuk harus verify, validate atau approve.",
                            "The inbox must be verify, validate or approve.",
                        ),
                    );
                    Inbox::Mine
                }
            },
        };
        if self.mine == Some(true) && inbox != Inbox::Mine {
            errors.add(
                "mine",
                Localized::new(
                    "Pilih salah satu: usulan saya (mine) atau kotak masuk (inbox).",
                    "Choose one: your own proposals (mine) or an inbox.",
                ),
            );
        }
        let status = match self.status.as_deref() {
            None | Some("") => None,
            Some(s) => ProposalStatus::parse(s).or_else(|| {
                errors.add(
                    "status",
                    Localized::owned(
                        format!("Status {s:?} tidak dikenal."),
                        format!("Unknown status {s:?}."),
                    ),
                );
                None
            }),
        };
        let category = match self.category.as_deref() {
            None | Some("") => None,
            Some(code) => match satu_shared::pdm::category(code) {
                Some(def) => Some(def.code.to_owned()),
                None => {
                    errors.add(
                        "category",
                        Localized::owned(
                            format!("Kategori {code:?} tidak dikenal."),
                            format!("Unknown category {code:?}."),
                        ),
                    );
                    None
                }
            },
        };
        if let (Some(from), Some(to)) = (self.submitted_from, self.submitted_to) {
            if to < from {
                errors.add(
                    "submitted_to",
                    Localized::new(
                        "Tanggal akhir tidak boleh sebelum tanggal awal.",
                        "The end date may not be before the start date.",
                    ),
                );
            }
        }
        if self.q.as_ref().is_some_and(|q| q.chars().count() > 100) {
            errors.add(
                "q",
                Localized::new(
                    "Kata kunci paling panjang 100 karakter.",
                    "The search text may have at most 100 characters.",
                ),
            );
        }
        crate::paging::check_length(&mut errors, "unit", self.unit.as_deref(), 64);
        if !errors.is_empty() {
            return Err(errors);
        }
        let filter = ListFilter {
            status,
            category,
            unit_id: self.unit.filter(|u| !u.is_empty()),
            submitted_from: self.submitted_from,
            submitted_to: self.submitted_to,
            q: self.q,
        };
        Ok((inbox, filter, at))
    }
}

/// The caller's own proposals (newest first), or a decider's inbox (oldest submitted first), a
/// page at a time, with the count of each status.
#[utoipa::path(get, path = "/api/v1/proposals", tag = "proposals", operation_id = "list_proposals",
    params(ListQuery, PageQuery),
    responses(
        (status = 200, description = "A page of proposals", body = ProposalPage),
        (status = 403, description = "An inbox of a step the caller does not decide, or `mine` for an account without an employee record", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: a filter is malformed (named)", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn list(
    state: web::Data<AppState>,
    who: Principal,
    query: web::Query<ListQuery>,
    paging: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let (inbox, filter, at) = query
        .into_inner()
        .check(paging.into_inner())
        .map_err(ApiError::Validation)?;
    let page = state
        .db
        .read(move |c| service::list(c, &who, inbox, filter, at))
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// A proposal with its documents and timeline: to its employee, and once submitted to the
/// deciders of its steps; 404 to anyone else.
#[utoipa::path(get, path = "/api/v1/proposals/{id}", tag = "proposals", operation_id = "get_proposal",
    params(("id" = String, Path, description = "The proposal's id")),
    responses(
        (status = 200, description = "The proposal", body = Proposal,
            headers(("ETag" = String, description = "The proposal's version, for `If-Match`"))),
        (status = 404, description = "No such proposal in the caller's reach", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn get_one(
    state: web::Data<AppState>,
    who: Principal,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&path)?;
    let p = state.db.read(move |c| service::get(c, &who, &id)).await?;
    Ok(answer(p))
}

fn answer(p: Proposal) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::ETAG, format!("\"{}\"", p.version)))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .json(p)
}

/// The employee changes the data of a draft or a returned proposal.
#[utoipa::path(put, path = "/api/v1/proposals/{id}", tag = "proposals", operation_id = "edit_proposal",
    params(("id" = String, Path, description = "The proposal's id")),
    request_body = EditProposal,
    responses(
        (status = 200, description = "The proposal", body = Proposal),
        (status = 404, description = "No such proposal of the caller's", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`not_editable`: submitted, approved or rejected; `stale_proposal`: changed since the version sent", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: fields of `data` (named `data.<field>`)", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn edit(
    state: web::Data<AppState>,
    who: Principal,
    ctx: Ctx,
    path: web::Path<String>,
    body: Json<EditProposal>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&path)?;
    let req = body.into_inner();
    let p = state
        .db
        .write(move |c| service::edit(c, &ctx, &who, &id, req))
        .await?;
    Ok(answer(p))
}

/// The employee submits a draft, or a returned proposal after fixing it: it goes to the verifier
/// of their unit.
#[utoipa::path(post, path = "/api/v1/proposals/{id}/submit", tag = "proposals", operation_id = "submit_proposal",
    params(("id" = String, Path, description = "The proposal's id")),
    responses(
        (status = 200, description = "The proposal, submitted", body = Proposal),
        (status = 403, description = "`window_closed`: outside the agency's submission window (for a returned proposal, its verification window); `window` names the dates", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such proposal of the caller's", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`not_editable`: already submitted or over", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: required `documents` missing, the data no longer valid, or the row no longer the newest (`target_id`)", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn submit(
    state: web::Data<AppState>,
    who: Principal,
    ctx: Ctx,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&path)?;
    let mailer = Mailer::of(&state.config);
    let p = state
        .db
        .write(move |c| service::submit(c, &ctx, &mailer, &who, &id))
        .await?;
    Ok(answer(p))
}

/// `If-Match: "<version>"` (a weak tag is read the same).
fn if_match(req: &HttpRequest) -> Result<Option<i64>, ApiError> {
    let Some(v) = req.headers().get(header::IF_MATCH) else {
        return Ok(None);
    };
    let text = v.to_str().unwrap_or("").trim();
    let text = text.strip_prefix("W/").unwrap_or(text).trim_matches('"');
    text.parse::<i64>().map(Some).map_err(|_| {
        ApiError::BadRequest(Localized::new(
            "If-Match harus berisi versi usulan, misalnya \"3\".",
            "If-Match must hold the proposal's version, e.g. \"3\".",
        ))
    })
}

/// A decider's decision at the step the proposal waits for: `accept`, `return` (to the employee,
/// with a reason code) or `reject` (final, with a reason code). An approval makes the data the
/// master record in the same transaction.
#[utoipa::path(post, path = "/api/v1/proposals/{id}/decisions", tag = "proposals", operation_id = "decide_proposal",
    params(
        ("id" = String, Path, description = "The proposal's id"),
        ("If-Match" = Option<String>, Header, description = "The version decided on, e.g. `\"3\"` (or `version` in the body)")),
    request_body = DecisionRequest,
    responses(
        (status = 200, description = "The proposal after the decision", body = Proposal),
        (status = 400, description = "`bad_request`: an `If-Match` that is not a version", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`not_your_step`: the proposal does not wait for a step the caller decides; `own_proposal`; `second_step`: the caller decided another step of it; `window_closed`: outside the agency's verification or approval window (`window` names the dates)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such proposal in the caller's reach", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`stale_proposal`: it changed since the version sent, or another decider came first; `conflict`: the row it changes is gone", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: `reason_code` missing or unknown, `note` missing for `lainnya` or too long, `corrections` not allowed or failing the category's rules (`data.<field>`)", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn decide(
    state: web::Data<AppState>,
    who: Principal,
    ctx: Ctx,
    req: HttpRequest,
    path: web::Path<String>,
    body: Json<DecisionRequest>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&path)?;
    let version = if_match(&req)?;
    let decision = body.into_inner();
    let mailer = Mailer::of(&state.config);
    let p = state
        .db
        .write(move |c| service::decide(c, &ctx, &mailer, &who, &id, decision, version))
        .await?;
    Ok(answer(p))
}

/// A supporting PDF (≤ 1 MB, checked by its content: `%PDF-`, parses, not encrypted, at least one
/// page), as multipart field `file` (with an optional field `kind`, a document-kind code of the
/// category) or as a raw `application/pdf` body (`?kind=`). Only to a draft or returned proposal
/// of the caller's.
#[utoipa::path(post, path = "/api/v1/proposals/{id}/documents", tag = "proposals", operation_id = "upload_proposal_document",
    params(
        ("id" = String, Path, description = "The proposal's id"),
        ("kind" = Option<String>, Query, description = "The document kind, for a raw body", pattern = "^[a-z_]{1,40}$")),
    request_body(content(
        (Vec<u8> = "application/pdf"),
        (Vec<u8> = "multipart/form-data")),
        description = "The PDF, raw or as multipart field `file` (and optional field `kind`)"),
    responses(
        (status = 201, description = "The document", body = ProposalDocument),
        (status = 400, description = "`bad_request`: the form is malformed or carries two files", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such proposal of the caller's", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`not_editable`: submitted or over; `conflict`: already 10 documents", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "`pdf_too_large`: over 1 MB (refused while reading)", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "`unsupported_media_type`: no file in the form, or another content type", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`pdf_rejected`: not a PDF, damaged, encrypted, no pages or empty (`file`); `validation_failed`: a `kind` the category does not use", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn upload_document(
    state: web::Data<AppState>,
    who: Principal,
    ctx: Ctx,
    req: HttpRequest,
    path: web::Path<String>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&path)?;
    // Before reading up to 1 MB for nothing.
    {
        let (who, id) = (who.clone(), id.clone());
        state
            .db
            .read(move |c| service::may_upload(c, &who, &id))
            .await?;
    }
    let (kind, pdf) = read_pdf(&state, &req, payload, &["kind"], |f| {
        Ok(f.get("kind").cloned().or_else(|| {
            web::Query::<KindQuery>::from_query(req.query_string())
                .ok()
                .and_then(|q| q.into_inner().kind)
        }))
    })
    .await?;
    let doc = state
        .db
        .write(move |c| service::add_document(c, &ctx, &who, &id, kind, &pdf))
        .await?;
    Ok(HttpResponse::Created().json(doc))
}

#[derive(Debug, Deserialize)]
struct KindQuery {
    kind: Option<String>,
}

fn pdf_too_large() -> ApiError {
    ApiError::Coded {
        code: ErrorCode::PdfTooLarge,
        detail: Localized::new(
            "Ukuran berkas melebihi batas 1 MB. Pindai ulang dengan resolusi lebih rendah (150 dpi cukup) atau kompres PDF-nya.",
            "The file is over the 1 MB limit. Scan again at a lower resolution (150 dpi is enough) or compress the PDF.",
        ),
        field: Some("file"),
    }
}

/// A document of a proposal: to its employee and to the deciders of its steps (their reads are
/// audited). Served as an attachment-safe PDF: `Content-Disposition`, `nosniff`, a sandboxing CSP.
#[utoipa::path(get, path = "/api/v1/proposals/{id}/documents/{doc_id}", tag = "proposals", operation_id = "get_proposal_document",
    params(
        ("id" = String, Path, description = "The proposal's id"),
        ("doc_id" = String, Path, description = "The document's id")),
    responses(
        (status = 200, description = "The PDF", content_type = "application/pdf", body = Vec<u8>),
        (status = 404, description = "No such document in the caller's reach", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn get_document(
    state: web::Data<AppState>,
    who: Principal,
    ctx: Ctx,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (id, doc_id) = path.into_inner();
    let (id, doc_id) = (path_id(&id)?, path_id(&doc_id)?);
    let (p, doc) = state
        .db
        .write(move |c| service::document_for(c, &ctx, &who, &id, &doc_id))
        .await?;
    let bytes = state
        .files
        .get(&format!("documents/{}", doc.sha256))
        .await
        .map_err(ApiError::Internal)?
        .ok_or_else(|| {
            ApiError::Internal(anyhow::anyhow!(
                "document {} ({}) is missing from storage",
                doc.id,
                doc.sha256
            ))
        })?;
    let name = format!("{}-{}-{}.pdf", p.category, doc.kind, &doc.sha256[..8]);
    Ok(HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("inline; filename=\"{name}\""),
        ))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::CONTENT_SECURITY_POLICY, "sandbox"))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(bytes))
}

/// The employee removes a document from a draft or returned proposal.
#[utoipa::path(delete, path = "/api/v1/proposals/{id}/documents/{doc_id}", tag = "proposals", operation_id = "delete_proposal_document",
    params(
        ("id" = String, Path, description = "The proposal's id"),
        ("doc_id" = String, Path, description = "The document's id")),
    responses(
        (status = 204, description = "Removed"),
        (status = 404, description = "No such document of the caller's", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`not_editable`: submitted or over", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn delete_document(
    state: web::Data<AppState>,
    who: Principal,
    ctx: Ctx,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (id, doc_id) = path.into_inner();
    let (id, doc_id) = (path_id(&id)?, path_id(&doc_id)?);
    state
        .db
        .write(move |c| service::remove_document(c, &ctx, &who, &id, &doc_id))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The PDM receipt ("bukti PDM"), one A4 page: the employee, the proposal and its data, its
/// status, every step of its timeline, the documents' SHA-256, and a QR back to the proposal's
/// page. For the employee and whoever may act on the proposal.
#[utoipa::path(get, path = "/api/v1/proposals/{id}/receipt.pdf", tag = "proposals", operation_id = "proposal_receipt",
    params(("id" = String, Path, description = "The proposal's id")),
    responses(
        (status = 200, description = "The receipt", content_type = "application/pdf"),
        (status = 404, description = "No such proposal in the caller's reach", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn receipt(
    state: web::Data<AppState>,
    who: Principal,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&path)?;
    let (p, agency) = state
        .db
        .read(move |c| service::receipt_facts(c, &who, &id))
        .await?;
    let url = format!(
        "{}{}",
        state.config.public_url.trim_end_matches('/'),
        service::page_path(&p.id)
    );
    let kit = state.cards.clone();
    let name = format!("bukti-pdm-{}.pdf", &p.id[..8.min(p.id.len())]);
    let pdf = state
        .photos
        .run(move || -> anyhow::Result<Vec<u8>> {
            let qr = crate::qr::Matrix::encode(&url)?;
            let svg = crate::proposals::receipt::svg(
                &p,
                &crate::proposals::receipt::ReceiptContext {
                    agency: &agency,
                    url: &url,
                    printed_at: chrono::Utc::now(),
                },
                &qr.svg_path(),
                qr.size(),
            );
            kit.renderer.pdf_pages(
                &[(
                    svg.as_str(),
                    crate::proposals::receipt::PAGE_W,
                    crate::proposals::receipt::PAGE_H,
                )],
                "Bukti Pemutakhiran Data Mandiri",
            )
        })
        .await?
        .map_err(ApiError::Internal)?;
    Ok(HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("inline; filename=\"{name}\""),
        ))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(pdf))
}
