//! `/api/v1/employees`: the scoped master records.

use actix_web::{web, HttpResponse};
use satu_shared::card::StatusChange;
use satu_shared::dto::Problem;
use satu_shared::employee::{EmployeeRecord, Page};
use satu_shared::{EmployeeKind, EmployeeStatus, FieldErrors, Localized, Nip};
use serde::Deserialize;
use utoipa::{IntoParams, OpenApi};

use crate::audit::Ctx;
use crate::auth::{Caller, Principal};
use crate::employees::{service, store};
use crate::error::ApiError;
use crate::paging::{PageQuery, Paging};
use crate::policy::{self, Action};
use crate::state::AppState;

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
    #[param(max_length = 64)]
    pub unit: Option<String>,
    /// `PNS`, `CPNS` or `PPPK` (any case); empty: every kind.
    #[param(pattern = "^(\\s*([Pp][Nn][Ss]|[Cc][Pp][Nn][Ss]|[Pp][Pp][Pp][Kk])\\s*)?$")]
    pub kind: Option<String>,
    /// `aktif`, `diberhentikan`, `pensiun`, `meninggal`, `kontrak_berakhir`; empty: every status.
    #[param(pattern = "^(aktif|diberhentikan|pensiun|meninggal|kontrak_berakhir)?$")]
    pub status: Option<String>,
    /// Part of the name, or the start of the NIP.
    #[param(max_length = 100)]
    pub q: Option<String>,
    /// `true`: those who missed their agency's submission window (it has ended and they
    /// submitted nothing in the campaign); `false`: everyone else.
    pub pdm_overdue: Option<bool>,
}

impl ListQuery {
    fn check(self, paging: PageQuery) -> Result<(store::EmployeeFilter, Paging), FieldErrors> {
        let mut errors = FieldErrors::default();
        let paging = paging.check(&mut errors);
        let kind = match self.kind.as_deref() {
            None | Some("") => None,
            Some(k) => EmployeeKind::parse(k).or_else(|| {
                errors.add(
                    "kind",
                    Localized::new(
                        "Jenis pegawai harus PNS, CPNS, atau PPPK.",
                        "Kind must be PNS, CPNS or PPPK.",
                    ),
                );
                None
            }),
        };
        let status = match self.status.as_deref() {
            None | Some("") => None,
            Some(s) => EmployeeStatus::parse(s).or_else(|| {
                errors.add(
                    "status",
                    Localized::new(
                        "Status harus aktif, diberhentikan, pensiun, meninggal, atau kontrak_berakhir.",
                        "Status must be aktif, diberhentikan, pensiun, meninggal or kontrak_berakhir.",
                    ),
                );
                None
            }),
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
        crate::paging::check_length(&mut errors, "unit", self.unit.as_deref(), 64);
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok((
            store::EmployeeFilter {
                unit_id: self.unit.filter(|u| !u.is_empty()),
                kind,
                status,
                q: self.q,
                pdm_overdue: self.pdm_overdue,
                closed_campaigns: Vec::new(),
            },
            paging,
        ))
    }
}

/// Employees the caller may see: the units, agency, Kanreg or central agencies of their roles (an
/// employee sees only their own record; an HR client with `employees:read` its agency).
#[utoipa::path(get, path = "/api/v1/employees", tag = "employees", operation_id = "list_employees",
    params(ListQuery, PageQuery),
    responses(
        (status = 200, description = "A page of employees", body = Page<EmployeeRecord>),
        (status = 403, description = "`password_change_required`, or a client without `employees:read`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad filter or page", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn list(
    state: web::Data<AppState>,
    who: Caller,
    query: web::Query<ListQuery>,
    paging: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let (filter, paging) = query
        .into_inner()
        .check(paging.into_inner())
        .map_err(ApiError::Validation)?;
    let reach = policy::reach(who.party(), Action::ReadEmployee)?;
    let page = state
        .db
        .read(move |c| service::list(c, &reach, &filter, paging))
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// One employee's master record; 404 when it does not exist or is outside the caller's scope.
#[utoipa::path(get, path = "/api/v1/employees/{nip}", tag = "employees",
    params(("nip" = String, Path, description = "NIP or NI PPPK, 18 digits", pattern = "^[0-9]{18}$")),
    responses(
        (status = 200, description = "The record", body = EmployeeRecord),
        (status = 404, description = "No such employee in the caller's scope", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: the NIP is malformed (`nip`)", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn get_one(
    state: web::Data<AppState>,
    who: Caller,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let nip =
        Nip::parse(&path.into_inner()).map_err(|e| ApiError::validation("nip", e.localized()))?;
    let reach = policy::reach(who.party(), Action::ReadEmployee)?;
    let record = state
        .db
        .read(move |c| service::get(c, &reach, &nip))
        .await?;
    Ok(HttpResponse::Ok().json(record))
}

/// Sets an employee's kedudukan hukum (admins of the employee's agency), with its date and SK
/// number. The card, the verification answer and the status list follow at once: they are all
/// drawn from this record. Audited.
#[utoipa::path(patch, path = "/api/v1/employees/{nip}/status", tag = "employees",
    params(("nip" = String, Path, description = "NIP / NI PPPK", pattern = "^[0-9]{18}$")),
    request_body = StatusChange,
    responses(
        (status = 200, description = "The record after the change", body = EmployeeRecord),
        (status = 403, response = crate::openapi::NotAdmin),
        (status = 404, description = "No such employee in the caller's agency", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown kedudukan hukum, a future date, or a missing SK number", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn change_status(
    ctx: Ctx,
    state: web::Data<AppState>,
    who: Principal,
    path: web::Path<String>,
    body: Result<crate::body::Json<StatusChange>, ApiError>,
) -> Result<HttpResponse, ApiError> {
    let reach = policy::reach(who.party(), Action::ChangeStatus)?;
    let nip = Nip::parse(&path.into_inner()).map_err(|_| ApiError::NotFound)?;
    let body = body?.into_inner();
    let record = state
        .db
        .write(move |c| service::change_status(c, &ctx, &who.account, &reach, &nip, &body))
        .await?;
    Ok(HttpResponse::Ok().json(record))
}
