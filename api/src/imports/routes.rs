//! `/api/v1/imports`: an agency admin uploads a SIASN "Export Data ASN" (202 and the import's id;
//! the rows are read in the background) and follows its progress and refused rows.

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use satu_shared::dto::Problem;
use satu_shared::imports::{ImportInfo, ImportList, ImportStatus, MAX_IMPORT_BYTES};
use satu_shared::Localized;
use serde::Deserialize;
use utoipa::{IntoParams, OpenApi};

use crate::audit::Ctx;
use crate::auth::Principal;
use crate::db::new_id;
use crate::error::ApiError;
use crate::imports::store::{ImportRow, NewImport};
use crate::imports::{self, service, Incoming};
use crate::policy::{self, Action};
use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(paths(upload, list, get, errors_csv))]
pub struct ImportsApi;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/imports/employees").post(upload))
        .service(web::resource("/imports").get(list))
        .service(web::resource("/imports/{id}").get(get))
        .service(web::resource("/imports/{id}/errors.csv").get(errors_csv));
}

/// The agencies whose employees the caller imports.
fn admin_agencies(who: &Principal) -> Result<Vec<String>, ApiError> {
    Ok(policy::reach(who.party(), Action::ImportEmployees)?.agencies())
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UploadQuery {
    /// The agency imported into; needed only by an admin of several.
    #[param(max_length = 64)]
    pub agency: Option<String>,
    /// `true`: a `unor` that names no unit of the agency becomes a new unit (else its rows are
    /// refused with `unit_unknown`). A form may send it as a field too.
    pub create_units: Option<bool>,
    /// The file's name as the admin will recognise it in the list (a form's file name is used
    /// otherwise).
    #[param(max_length = 200)]
    pub file_name: Option<String>,
}

fn file_problem(p: &imports::parse::FileProblem) -> ApiError {
    ApiError::validation("file", p.localized())
}

/// Uploads a SIASN "Export Data ASN" CSV (UTF-8, with or without a byte-order mark; up to
/// 128 MB) as the body (`text/csv`) or as the `file` field of a form. It is stored as it
/// arrives; its encoding and its header are checked before the answer, so a file of another
/// encoding or without a required column is refused at once, naming what is wrong. The rows are
/// then read in the background: follow `GET /api/v1/imports/{id}`.
#[utoipa::path(post, path = "/api/v1/imports/employees", tag = "imports", operation_id = "import_employees",
    params(UploadQuery),
    request_body(content = Vec<u8>, content_type = "text/csv", description = "The export (also multipart/form-data with a `file` field, and optional `create_units` and `file_name` fields)"),
    responses(
        (status = 202, description = "Accepted: the import is queued; `Location` is where to follow it", body = ImportInfo,
            headers(("Location" = String, description = "The import's URL"))),
        (status = 400, description = "The upload broke off or the form is malformed", body = Problem, content_type = "application/problem+json"),
        (status = 403, response = crate::openapi::NotAdmin),
        (status = 404, description = "Not an agency the caller administers", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Over 128 MB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Neither a file nor a form", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`errors.file`: empty, not UTF-8 (the encoding it looks like is named), a required column missing (named) or a column twice; `errors.agency`: an admin of several agencies must choose one", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn upload(
    req: HttpRequest,
    ctx: Ctx,
    state: web::Data<AppState>,
    who: Principal,
    query: web::Query<UploadQuery>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let mine = admin_agencies(&who)?;
    let query = query.into_inner();
    let agency_id = match (&query.agency, mine.as_slice()) {
        (Some(a), _) => a.clone(),
        (None, [only]) => only.clone(),
        (None, _) => return Err(ApiError::validation(
            "agency",
            Localized::new(
                "Anda admin lebih dari satu instansi: pilih instansi tujuan impor (agency).",
                "You administer more than one agency: choose the agency to import into (agency).",
            ),
        )),
    };
    if !mine.contains(&agency_id) {
        return Err(ApiError::NotFound);
    }
    let id = new_id();
    let path = imports::file_of(&state.config.data_dir, &id);
    let mut incoming = Incoming::create(&path).map_err(|e| ApiError::Internal(e.into()))?;
    let read = crate::upload::read_upload_into(
        &req,
        payload,
        MAX_IMPORT_BYTES as usize,
        "file",
        &["text/csv", "text/plain", "application/vnd.ms-excel"],
        &["create_units", "file_name"],
        &mut incoming,
    )
    .await;
    let checked = read.map_err(ApiError::from).and_then(|fields| {
        incoming.utf8.finish().map_err(|p| file_problem(&p))?;
        if incoming.size == 0 {
            return Err(file_problem(&imports::parse::FileProblem::Empty));
        }
        Ok(fields)
    });
    let size = incoming.size;
    // Flushing and syncing up to 128 MB is blocking work: off the request's thread.
    let sha = web::block(move || incoming.finish())
        .await
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("{e}")))
        .and_then(|r| r.map_err(|e| ApiError::Internal(e.into())));
    let fields = match checked.and_then(|f| sha.map(|s| (f, s))) {
        Ok(v) => v,
        Err(e) => {
            let _ = std::fs::remove_file(&path);
            return Err(e);
        }
    };
    let (fields, sha) = fields;
    let at_path = path.clone();
    let header = match web::block(move || service::header_of(&at_path)).await {
        Ok(Ok(h)) => h,
        Ok(Err(p)) => {
            let _ = std::fs::remove_file(&path);
            return Err(file_problem(&p));
        }
        Err(e) => {
            let _ = std::fs::remove_file(&path);
            return Err(ApiError::Internal(anyhow::anyhow!("{e}")));
        }
    };
    let create_units = query.create_units.unwrap_or(false)
        || fields
            .get("create_units")
            .is_some_and(|v| matches!(v.as_str(), "true" | "1" | "on"));
    let file_name: String = query
        .file_name
        .or_else(|| fields.get("file_name").cloned())
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| "export.csv".into())
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect();
    let mut row = ImportRow::new(
        NewImport {
            agency_id,
            created_by: Some(who.account.id.clone()),
            file_name,
            file_sha256: sha,
            file_size: size,
            create_units,
            extra_columns: header.extra,
        },
        ImportStatus::Queued,
    );
    // The file is already stored under the id the upload began with.
    row.id = id.clone();
    let account = who.account.clone();
    let queued = state
        .db
        .write(move |c| service::queue(c, &ctx, &account, &row))
        .await;
    let info = match queued {
        Ok(i) => i,
        Err(e) => {
            let _ = std::fs::remove_file(&path);
            return Err(e);
        }
    };
    tracing::info!(import = %info.id, bytes = size, "import queued");
    Ok(HttpResponse::Accepted()
        .insert_header((header::LOCATION, format!("/api/v1/imports/{id}")))
        .json(info))
}

/// The latest imports (50) of the agencies the caller administers, newest first.
#[utoipa::path(get, path = "/api/v1/imports", tag = "imports", operation_id = "list_imports",
    responses(
        (status = 200, description = "The imports", body = ImportList),
        (status = 403, response = crate::openapi::NotAdmin)),
    security(("bearer" = [])))]
pub async fn list(state: web::Data<AppState>, who: Principal) -> Result<HttpResponse, ApiError> {
    let mine = admin_agencies(&who)?;
    let list = state.db.read(move |c| service::list(c, &mine)).await?;
    Ok(HttpResponse::Ok().json(list))
}

/// An import: where it is, its counts so far, the columns it ignored, and its first 1,000
/// refused rows by line (each with the NIP, a stable `code` and a message naming the column).
#[utoipa::path(get, path = "/api/v1/imports/{id}", tag = "imports", operation_id = "get_import",
    params(("id" = String, Path, description = "The import's id", max_length = 64)),
    responses(
        (status = 200, description = "The import", body = ImportInfo),
        (status = 403, response = crate::openapi::NotAdmin),
        (status = 404, description = "No such import of an agency the caller administers", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn get(
    state: web::Data<AppState>,
    who: Principal,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let mine = admin_agencies(&who)?;
    let id = path.into_inner();
    let info = state.db.read(move |c| service::get(c, &mine, &id)).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(info))
}

/// Every refused row of an import as CSV (columns baris, nip, kode, keterangan; UTF-8 with a
/// byte-order mark for Excel).
#[utoipa::path(get, path = "/api/v1/imports/{id}/errors.csv", tag = "imports", operation_id = "import_errors_csv",
    params(("id" = String, Path, description = "The import's id", max_length = 64)),
    responses(
        (status = 200, description = "The refused rows", content_type = "text/csv"),
        (status = 403, response = crate::openapi::NotAdmin),
        (status = 404, description = "No such import of an agency the caller administers", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn errors_csv(
    state: web::Data<AppState>,
    who: Principal,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let mine = admin_agencies(&who)?;
    let id = path.into_inner();
    let name = format!(
        "impor-{}-galat.csv",
        id.chars().take(13).collect::<String>()
    );
    // Not found before the answer starts; then page by page, never the whole list in memory.
    let asked = id.clone();
    state
        .db
        .read(move |c| service::visible(c, &mine, &asked).map(|_| ()))
        .await?;
    let db = state.db.clone();
    let body = futures_util::stream::unfold(Some(0u64), move |after| {
        let (db, id) = (db.clone(), id.clone());
        async move {
            let after = after?;
            match db
                .read(move |c| service::errors_csv_page(c, &id, after))
                .await
            {
                Ok((bytes, next)) => Some((Ok(web::Bytes::from(bytes)), next)),
                Err(e) => {
                    tracing::error!(error = %e, "the errors CSV broke off");
                    Some((Err(actix_web::error::ErrorInternalServerError("")), None))
                }
            }
        }
    });
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}\""),
        ))
        .streaming(body))
}
