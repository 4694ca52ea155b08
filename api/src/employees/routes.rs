//! `/api/v1/employees`: the scoped master records.

use actix_web::{web, HttpResponse};
use satu_shared::dto::Problem;
use satu_shared::employee::{EmployeeRecord, Page};
use satu_shared::{EmployeeKind, EmployeeStatus, FieldErrors, Localized, Nip};
use serde::Deserialize;
use utoipa::{IntoParams, OpenApi};

use crate::auth::Caller;
use crate::employees::{service, store};
use crate::error::ApiError;
use crate::policy;
use crate::state::AppState;
use satu_shared::clients::ClientScope;

pub const MAX_PER_PAGE: u32 = 200;
pub const DEFAULT_PER_PAGE: u32 = 50;

#[derive(OpenApi)]
#[openapi(paths(list, get_one, change_status))]
pub struct EmployeesApi;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/employees").get(list))
        .service(web::resource("/employees/{nip}").get(get_one))
        .service(web::resource("/employees/{nip}/status").patch(change_status));
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Unit id.
    pub unit: Option<String>,
    /// `PNS`, `CPNS` or `PPPK`.
    pub kind: Option<String>,
    /// `aktif`, `diberhentikan`, `pensiun`, `meninggal`, `kontrak_berakhir`.
    pub status: Option<String>,
    /// Part of the name, or the start of the NIP.
    pub q: Option<String>,
    /// From 1.
    pub page: Option<u32>,
    /// 1 to 200, default 50.
    pub per_page: Option<u32>,
}

impl ListQuery {
    fn validate(self) -> Result<(store::EmployeeFilter, u32, u32), FieldErrors> {
        let mut errors = FieldErrors::default();
        let page = self.page.unwrap_or(1);
        if page == 0 {
            errors.add(
                "page",
                Localized::new("Halaman dimulai dari 1.", "Pages start at 1."),
            );
        }
        let per_page = self.per_page.unwrap_or(DEFAULT_PER_PAGE);
        if per_page == 0 || per_page > MAX_PER_PAGE {
            errors.add(
                "per_page",
                Localized::owned(
                    format!("Jumlah per halaman harus 1 sampai {MAX_PER_PAGE}."),
                    format!("Items per page must be 1 to {MAX_PER_PAGE}."),
                ),
            );
        }
        let kind = match self.kind.as_deref() {
            None | Some("") => None,
            Some(k) => match EmployeeKind::parse(k) {
                Some(k) => Some(k.as_str().to_owned()),
                None => {
                    errors.add(
                        "kind",
                        Localized::new(
                            "Jenis pegawai harus PNS, CPNS, atau PPPK.",
                            "Kind must be PNS, CPNS or PPPK.",
                        ),
                    );
                    None
                }
            },
        };
        let status = match self.status.as_deref() {
            None | Some("") => None,
            Some(s) => match EmployeeStatus::parse(s) {
                Some(s) => Some(s.as_str().to_owned()),
                None => {
                    errors.add(
                        "status",
                        Localized::new(
                            "Status harus aktif, diberhentikan, pensiun, meninggal, atau kontrak_berakhir.",
                            "Status must be aktif, diberhentikan, pensiun, meninggal or kontrak_berakhir.",
                        ),
                    );
                    None
                }
            },
        };
        if self.q.as_ref().is_some_and(|q| q.chars().count() > 100) {
            errors.add(
                "q",
                Localized::new(
                    "Kata pencarian paling banyak 100 karakter.",
                    "The search text is at most 100 characters.",
                ),
            );
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok((
            store::EmployeeFilter {
                unit_id: self.unit.filter(|u| !u.is_empty()),
                kind,
                status,
                q: self.q,
            },
            page,
            per_page,
        ))
    }
}

/// People see what their roles allow; an HR client with `employees:read` its agency.
fn visibility(c: &mut crate::db::DbConn, who: &Caller) -> Result<policy::Visibility, ApiError> {
    match who {
        Caller::Person(p) => Ok(policy::employee_visibility(c, p)?),
        Caller::Client(client) => {
            client.require(ClientScope::EmployeesRead)?;
            Ok(policy::Visibility {
                agencies: [client.agency_id.clone()].into(),
                ..Default::default()
            })
        }
    }
}

/// Employees the caller may see: the units, agency, Kanreg or central agencies of their roles (an
/// employee sees only their own record).
#[utoipa::path(get, path = "/api/v1/employees", tag = "employees",
    params(ListQuery),
    responses(
        (status = 200, description = "A page of employees", body = Page<EmployeeRecord>),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`password_change_required`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad filter or page", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn list(
    state: web::Data<AppState>,
    who: Caller,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let (filter, page, per_page) = query
        .into_inner()
        .validate()
        .map_err(ApiError::Validation)?;
    let page_body = state
        .db
        .run(move |c| {
            let v = visibility(c, &who)?;
            let (rows, total) = store::list(c, &v, &filter, page, per_page)?;
            let items = rows
                .into_iter()
                .map(|(e, u, a)| service::to_record(e, u, a))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Page {
                items,
                page,
                per_page,
                total: total.max(0) as u64,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(page_body))
}

/// One employee's master record; 404 when it does not exist or is outside the caller's scope.
#[utoipa::path(get, path = "/api/v1/employees/{nip}", tag = "employees",
    params(("nip" = String, Path, description = "NIP or NI PPPK, 18 digits")),
    responses(
        (status = 200, description = "The record", body = EmployeeRecord),
        (status = 404, description = "No such employee in the caller's scope", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn get_one(
    state: web::Data<AppState>,
    who: Caller,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let nip =
        Nip::parse(&path.into_inner()).map_err(|e| ApiError::validation("nip", e.localized()))?;
    let record = state
        .db
        .run(move |c| {
            let v = visibility(c, &who)?;
            store::find_visible(c, &v, &nip.to_string())?
                .map(|(e, u, a)| service::to_record(e, u, a))
                .transpose()
        })
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(HttpResponse::Ok().json(record))
}

/// Sets an employee's kedudukan hukum (admins of the employee's agency), with its date and SK
/// number. The card, the verification answer and the status list follow at once: they are all
/// drawn from this record. Audited.
#[utoipa::path(patch, path = "/api/v1/employees/{nip}/status", tag = "employees",
    params(("nip" = String, Path, description = "NIP / NI PPPK")),
    request_body = satu_shared::card::StatusChange,
    responses(
        (status = 200, description = "The record after the change", body = EmployeeRecord),
        (status = 403, description = "Not an agency admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such employee in the caller's agency", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown kedudukan hukum, a future date, or a missing SK number", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn change_status(
    req: actix_web::HttpRequest,
    state: web::Data<AppState>,
    who: crate::auth::Principal,
    path: web::Path<String>,
    body: web::Json<satu_shared::card::StatusChange>,
) -> Result<HttpResponse, ApiError> {
    let agencies = policy::administered_agencies(&who.roles);
    if agencies.is_empty() {
        return Err(ApiError::Forbidden);
    }
    let nip = Nip::parse(&path.into_inner()).map_err(|_| ApiError::NotFound)?;
    let body = body.into_inner();
    let origin = crate::accounts::session::RequestOrigin::of(&req);
    let record = state
        .db
        .run(move |c| {
            let v = policy::Visibility {
                agencies: agencies.into_iter().collect(),
                ..Default::default()
            };
            let (e, _, _) =
                store::find_visible(c, &v, &nip.to_string())?.ok_or(ApiError::NotFound)?;
            let kind = EmployeeKind::parse(&e.kind).unwrap_or(EmployeeKind::Pns);
            let mut errors = FieldErrors::default();
            let resolved = satu_shared::card::resolve_status(&body.kedudukan_hukum, kind)
                .map_err(|m| errors.add("kedudukan_hukum", m))
                .ok();
            if body.date > crate::cards::service::today_wib() {
                errors.add(
                    "date",
                    Localized::new(
                        "Tanggal tidak boleh di masa depan.",
                        "The date cannot be in the future.",
                    ),
                );
            }
            let sk = body.sk_number.trim().to_owned();
            let to_active = matches!(resolved, Some((EmployeeStatus::Aktif, _)));
            if sk.chars().count() > 100 {
                errors.add(
                    "sk_number",
                    Localized::new(
                        "Nomor SK paling banyak 100 karakter.",
                        "The SK number has at most 100 characters.",
                    ),
                );
            } else if sk.is_empty() && !to_active {
                errors.add(
                    "sk_number",
                    Localized::new("Nomor SK wajib diisi.", "The SK number is required."),
                );
            }
            let Some((status, code)) = resolved.filter(|_| errors.is_empty()) else {
                return Err(ApiError::Validation(errors));
            };
            let code = code.unwrap_or(e.kedudukan_hukum.as_str()).to_owned();
            // The change and its audit event stand or fall together.
            diesel::Connection::transaction(c, |c| -> Result<(), ApiError> {
                store::set_status(
                    c,
                    &e.id,
                    status.as_str(),
                    &code,
                    body.date,
                    (!sk.is_empty()).then_some(sk.as_str()),
                )?;
                crate::audit::store::record(
                    c,
                    crate::audit::store::Actor::Account {
                        id: &who.account.id,
                        label: &who.account.login,
                    },
                    "employee.status_changed",
                    Some(("employee", &e.id)),
                    origin.audit(),
                    serde_json::json!({
                        "from": {"status": e.status, "kedudukan_hukum": e.kedudukan_hukum},
                        "to": {"status": status.as_str(), "kedudukan_hukum": code},
                        "date": body.date,
                        "sk_number": sk,
                    }),
                )?;
                Ok(())
            })?;
            let (e, u, a) = store::find_with_org(c, &e.id)?.ok_or(ApiError::NotFound)?;
            crate::cards::service::issue_if_entitled(c, &e)?;
            service::to_record(e, u, a)
        })
        .await?;
    Ok(HttpResponse::Ok().json(record))
}
