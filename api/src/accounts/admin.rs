//! Account administration within an agency: an admin grants and revokes roles; the helpdesk (and
//! the admin) unlocks an account locked by failed logins. Every change is an audit event; accounts
//! outside the caller's agency answer 404.

use actix_web::{web, HttpRequest, HttpResponse};
use satu_shared::auth::{AssignedRole, GrantRoleRequest, RoleGrant};
use satu_shared::dto::Problem;
use satu_shared::{Localized, Nip, Role};
use utoipa::OpenApi;

use crate::accounts::routes::scope_name;
use crate::accounts::session::RequestOrigin;
use crate::accounts::store::{self, Account, NewRoleAssignment};
use crate::audit::store::{self as audit, Actor};
use crate::auth::Principal;
use crate::db::schema::units;
use crate::db::{new_id, now, DbConn};
use crate::error::ApiError;
use crate::policy;
use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(paths(list_roles, grant_role, revoke_role, unlock))]
pub struct AccountAdminApi;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/accounts/{nip}/roles")
            .get(list_roles)
            .post(grant_role),
    )
    .service(web::resource("/accounts/{nip}/roles/{id}").delete(revoke_role))
    .service(web::resource("/accounts/{nip}/unlock").post(unlock));
}

fn parse_nip(raw: &str) -> Result<String, ApiError> {
    Nip::parse(raw)
        .map(|n| n.to_string())
        .map_err(|_| ApiError::NotFound)
}

/// The target account, when it belongs to one of `agencies`; else 404.
fn managed(c: &mut DbConn, nip: &str, agencies: &[String]) -> Result<(Account, String), ApiError> {
    if agencies.is_empty() {
        return Err(ApiError::Forbidden);
    }
    store::find_in_agencies(c, nip, agencies)?.ok_or(ApiError::NotFound)
}

fn assigned(c: &mut DbConn, account_id: &str) -> Result<Vec<AssignedRole>, ApiError> {
    let mut out = Vec::new();
    for (id, r) in store::role_rows(c, account_id)? {
        let Some(role) = Role::parse(&r.role) else {
            continue;
        };
        out.push(AssignedRole {
            id,
            grant: RoleGrant {
                role,
                scope_name: scope_name(c, &r.scope_kind, &r.scope_id)?,
                scope: r.scope_kind,
                scope_id: r.scope_id,
            },
        });
    }
    Ok(out)
}

fn audit_admin(
    c: &mut DbConn,
    who: &Principal,
    action: &str,
    target: &Account,
    origin: &RequestOrigin,
    detail: serde_json::Value,
) -> Result<(), ApiError> {
    audit::record(
        c,
        Actor::Account {
            id: &who.account.id,
            label: &who.account.login,
        },
        action,
        Some(("account", &target.id)),
        origin.audit(),
        detail,
    )?;
    Ok(())
}

/// The roles of an account of the caller's agency (admins).
#[utoipa::path(get, path = "/api/v1/accounts/{nip}/roles", tag = "accounts",
    params(("nip" = String, Path, description = "NIP of the account")),
    responses(
        (status = 200, description = "The roles", body = [AssignedRole]),
        (status = 403, description = "Not an agency admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such account in the caller's agency", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn list_roles(
    state: web::Data<AppState>,
    who: Principal,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let nip = parse_nip(&path)?;
    let agencies = policy::administered_agencies(&who.roles);
    let roles = state
        .db
        .run(move |c| {
            let (target, _) = managed(c, &nip, &agencies)?;
            assigned(c, &target.id)
        })
        .await?;
    Ok(HttpResponse::Ok().json(roles))
}

fn role_error(message: Localized) -> ApiError {
    ApiError::validation("role", message)
}

/// Grants a role to an account of the caller's agency (admins). Unit roles (`verifikator`,
/// `monitor`) name a unit of the agency; agency roles apply to the admin's agency. BKN's validator
/// roles cannot be granted by an agency.
#[utoipa::path(post, path = "/api/v1/accounts/{nip}/roles", tag = "accounts",
    params(("nip" = String, Path, description = "NIP of the account")),
    request_body = GrantRoleRequest,
    responses(
        (status = 201, description = "Granted; the account's roles now", body = [AssignedRole]),
        (status = 403, description = "Not an agency admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such account in the caller's agency", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The account already has this role with this scope", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown role, a role the agency cannot grant, or a unit outside the agency", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn grant_role(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: Principal,
    path: web::Path<String>,
    body: web::Json<GrantRoleRequest>,
) -> Result<HttpResponse, ApiError> {
    let nip = parse_nip(&path)?;
    let agencies = policy::administered_agencies(&who.roles);
    let body = body.into_inner();
    let origin = RequestOrigin::of(&req);
    let roles = state
        .db
        .run(move |c| {
            let (target, agency_id) = managed(c, &nip, &agencies)?;
            let Some(role) = Role::parse(body.role.trim()) else {
                return Err(role_error(Localized::new(
                    "Peran tidak dikenal. Pilih: employee, verifikator, approver, helpdesk, monitor, atau admin.",
                    "Unknown role. Choose employee, verifikator, approver, helpdesk, monitor or admin.",
                )));
            };
            if !policy::agency_may_grant(role) {
                return Err(role_error(Localized::new(
                    "Peran validator hanya dapat diberikan oleh BKN, bukan oleh instansi.",
                    "Validator roles are granted by BKN, not by an agency.",
                )));
            }
            let scope_kind = role.scope_kind();
            let scope_id = match scope_kind {
                "self" => String::new(),
                "agency" => {
                    let wanted = body.scope_id.trim();
                    if !wanted.is_empty() && wanted != agency_id {
                        return Err(ApiError::validation(
                            "scope_id",
                            Localized::new(
                                "Peran instansi hanya dapat diberikan untuk instansi Anda sendiri.",
                                "Agency roles can only be granted for your own agency.",
                            ),
                        ));
                    }
                    agency_id.clone()
                }
                _ => {
                    use diesel::prelude::*;
                    let unit = body.scope_id.trim().to_owned();
                    let in_agency: i64 = units::table
                        .filter(units::id.eq(&unit))
                        .filter(units::agency_id.eq(&agency_id))
                        .count()
                        .get_result(c)?;
                    if in_agency == 0 {
                        return Err(ApiError::validation(
                            "scope_id",
                            Localized::new(
                                "Pilih unit kerja instansi yang sama dengan pegawai tersebut.",
                                "Choose a unit of the employee's own agency.",
                            ),
                        ));
                    }
                    unit
                }
            };
            let exists = store::roles_of(c, &target.id)?.iter().any(|r| {
                r.role == role.as_str() && r.scope_kind == scope_kind && r.scope_id == scope_id
            });
            if exists {
                return Err(ApiError::Conflict(Localized::new(
                    "Akun ini sudah memiliki peran tersebut dengan cakupan yang sama.",
                    "This account already has that role with the same scope.",
                )));
            }
            store::insert_roles(
                c,
                &[NewRoleAssignment {
                    id: new_id(),
                    account_id: target.id.clone(),
                    role: role.as_str().to_owned(),
                    scope_kind: scope_kind.to_owned(),
                    scope_id: scope_id.clone(),
                    created_at: now(),
                }],
            )?;
            audit_admin(
                c,
                &who,
                "role.granted",
                &target,
                &origin,
                serde_json::json!({"role": role.as_str(), "scope": scope_kind, "scope_id": scope_id}),
            )?;
            assigned(c, &target.id)
        })
        .await?;
    Ok(HttpResponse::Created().json(roles))
}

/// Revokes one role of an account of the caller's agency (admins). An admin cannot revoke their
/// own admin role (another admin must), so an agency is never left without one by accident.
#[utoipa::path(delete, path = "/api/v1/accounts/{nip}/roles/{id}", tag = "accounts",
    params(("nip" = String, Path, description = "NIP of the account"), ("id" = String, Path, description = "The role's id")),
    responses(
        (status = 204, description = "Revoked"),
        (status = 403, description = "Not an agency admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such account or role in the caller's agency", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "An admin's own admin role", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn revoke_role(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: Principal,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (nip, id) = path.into_inner();
    let nip = parse_nip(&nip)?;
    let agencies = policy::administered_agencies(&who.roles);
    let origin = RequestOrigin::of(&req);
    state
        .db
        .run(move |c| {
            let (target, _) = managed(c, &nip, &agencies)?;
            let rows = store::role_rows(c, &target.id)?;
            let (_, role) = rows
                .into_iter()
                .find(|(rid, _)| *rid == id)
                .ok_or(ApiError::NotFound)?;
            if target.id == who.account.id && role.role == "admin" {
                return Err(ApiError::Conflict(Localized::new(
                    "Anda tidak dapat mencabut peran admin Anda sendiri; minta admin lain.",
                    "You cannot revoke your own admin role; ask another admin.",
                )));
            }
            store::delete_role(c, &target.id, &id)?;
            audit_admin(
                c,
                &who,
                "role.revoked",
                &target,
                &origin,
                serde_json::json!({"role": role.role, "scope": role.scope_kind, "scope_id": role.scope_id}),
            )?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Unlocks an account of the caller's agency that failed logins locked (helpdesk, admin).
#[utoipa::path(post, path = "/api/v1/accounts/{nip}/unlock", tag = "accounts",
    params(("nip" = String, Path, description = "NIP of the account")),
    responses(
        (status = 204, description = "Unlocked (also when it was not locked)"),
        (status = 403, description = "Neither helpdesk nor admin of an agency", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such account in the caller's agency", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn unlock(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: Principal,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let nip = parse_nip(&path)?;
    let agencies = policy::helped_agencies(&who.roles);
    let origin = RequestOrigin::of(&req);
    state
        .db
        .run(move |c| {
            let (target, _) = managed(c, &nip, &agencies)?;
            let was_locked = target.locked_until.is_some_and(|u| u > now());
            store::clear_login_state(c, &target.id)?;
            audit_admin(
                c,
                &who,
                "account.unlocked",
                &target,
                &origin,
                serde_json::json!({"was_locked": was_locked}),
            )?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
