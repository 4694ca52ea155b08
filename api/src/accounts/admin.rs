//! Account administration within an agency: an admin grants and revokes roles; the helpdesk (and
//! the admin) unlocks an account locked by failed logins. Every change is an audit event; accounts
//! outside the caller's agency answer 404.

use actix_web::{web, HttpResponse};
use satu_shared::auth::{AccountState, ActivationCode, AssignedRole, GrantRoleRequest};
use satu_shared::dto::Problem;
use satu_shared::Nip;
use utoipa::OpenApi;

use crate::accounts::service::{activation, admin as service};
use crate::audit::Ctx;
use crate::auth::Principal;
use crate::error::ApiError;
use crate::policy::{self, Action};
use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(paths(
    list_roles,
    grant_role,
    revoke_role,
    account_state,
    unlock,
    issue_activation_code,
    remove_two_factor
))]
pub struct AccountAdminApi;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/accounts/{nip}/roles")
            .get(list_roles)
            .post(grant_role),
    )
    .service(web::resource("/accounts/{nip}/roles/{id}").delete(revoke_role))
    .service(web::resource("/accounts/{nip}").get(account_state))
    .service(web::resource("/accounts/{nip}/unlock").post(unlock))
    .service(web::resource("/accounts/{nip}/activation-code").post(issue_activation_code))
    .service(web::resource("/accounts/{nip}/totp").delete(remove_two_factor));
}

/// A NIP in the path; one that cannot be a NIP names no account (404).
fn parse_nip(raw: &str) -> Result<Nip, ApiError> {
    Nip::parse(raw).map_err(|_| ApiError::NotFound)
}

/// The agencies whose accounts the caller may touch with `action`.
fn agencies_for(who: &Principal, action: Action) -> Result<Vec<String>, ApiError> {
    Ok(policy::reach(who.party(), action)?.agencies())
}

/// The roles of an account of the caller's agency (admins).
#[utoipa::path(get, path = "/api/v1/accounts/{nip}/roles", tag = "accounts",
    params(("nip" = String, Path, description = "NIP of the account", pattern = "^[0-9]{18}$")),
    responses(
        (status = 200, description = "The roles", body = [AssignedRole]),
        (status = 403, response = crate::openapi::NotAdmin),
        (status = 404, response = crate::openapi::NoSuchAccount)),
    security(("bearer" = [])))]
pub async fn list_roles(
    state: web::Data<AppState>,
    who: Principal,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let agencies = agencies_for(&who, Action::ManageRoles)?;
    let nip = parse_nip(&path)?;
    let roles = state
        .db
        .read(move |c| service::roles(c, &agencies, &nip))
        .await?;
    Ok(HttpResponse::Ok().json(roles))
}

/// Grants a role to an account of the caller's agency (admins). Unit roles (`verifikator`,
/// `monitor`) name a unit of the agency; agency roles apply to the admin's agency. BKN's validator
/// roles cannot be granted by an agency.
#[utoipa::path(post, path = "/api/v1/accounts/{nip}/roles", tag = "accounts",
    params(("nip" = String, Path, description = "NIP of the account", pattern = "^[0-9]{18}$")),
    request_body = GrantRoleRequest,
    responses(
        (status = 201, description = "Granted; the account's roles now", body = [AssignedRole]),
        (status = 403, response = crate::openapi::NotAdmin),
        (status = 404, response = crate::openapi::NoSuchAccount),
        (status = 409, description = "The account already has this role with this scope", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown role, a role the agency cannot grant, or a unit outside the agency", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn grant_role(
    ctx: Ctx,
    state: web::Data<AppState>,
    who: Principal,
    path: web::Path<String>,
    body: Result<crate::body::Json<GrantRoleRequest>, ApiError>,
) -> Result<HttpResponse, ApiError> {
    let agencies = agencies_for(&who, Action::ManageRoles)?;
    let nip = parse_nip(&path)?;
    let body = body?.into_inner();
    let roles = state
        .db
        .write(move |c| service::grant(c, &ctx, &who.account, &agencies, &nip, &body))
        .await?;
    Ok(HttpResponse::Created().json(roles))
}

/// Revokes one role of an account of the caller's agency (admins). An admin cannot revoke their
/// own admin role (another admin must), so an agency is never left without one by accident.
#[utoipa::path(delete, path = "/api/v1/accounts/{nip}/roles/{id}", tag = "accounts",
    params(("nip" = String, Path, description = "NIP of the account", pattern = "^[0-9]{18}$"), ("id" = String, Path, description = "The role's id")),
    responses(
        (status = 204, description = "Revoked"),
        (status = 403, description = "Not an agency admin, or a validator role (BKN grants and revokes those)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such account or role in the caller's agency", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "An admin's own admin role", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn revoke_role(
    ctx: Ctx,
    state: web::Data<AppState>,
    who: Principal,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (nip, id) = path.into_inner();
    let nip = parse_nip(&nip)?;
    let agencies = agencies_for(&who, Action::ManageRoles)?;
    state
        .db
        .write(move |c| service::revoke(c, &ctx, &who.account, &agencies, &nip, &id))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The state of an account of the caller's agency (helpdesk, admin): activated, locked and
/// until when, wrong passwords counted, 2FA on. Nothing secret.
#[utoipa::path(get, path = "/api/v1/accounts/{nip}", tag = "accounts",
    params(("nip" = String, Path, description = "NIP of the account", pattern = "^[0-9]{18}$")),
    responses(
        (status = 200, description = "The account's state", body = AccountState),
        (status = 403, response = crate::openapi::NotHelpdesk),
        (status = 404, response = crate::openapi::NoSuchAccount)),
    security(("bearer" = [])))]
pub async fn account_state(
    state: web::Data<AppState>,
    who: Principal,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let agencies = agencies_for(&who, Action::UnlockAccount)?;
    let nip = parse_nip(&path)?;
    let answer = state
        .db
        .read(move |c| service::account_state(c, &agencies, &nip))
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .json(answer))
}

/// Unlocks an account of the caller's agency that failed logins locked (helpdesk, admin).
#[utoipa::path(post, path = "/api/v1/accounts/{nip}/unlock", tag = "accounts",
    params(("nip" = String, Path, description = "NIP of the account", pattern = "^[0-9]{18}$")),
    responses(
        (status = 204, description = "Unlocked (also when it was not locked)"),
        (status = 403, response = crate::openapi::NotHelpdesk),
        (status = 404, response = crate::openapi::NoSuchAccount)),
    security(("bearer" = [])))]
pub async fn unlock(
    ctx: Ctx,
    state: web::Data<AppState>,
    who: Principal,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let agencies = agencies_for(&who, Action::UnlockAccount)?;
    let nip = parse_nip(&path)?;
    state
        .db
        .write(move |c| service::unlock(c, &ctx, &who.account, &agencies, &nip))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Issues a one-time activation code for an account of the caller's agency that was never
/// activated (helpdesk, admin): for an employee whose record has no family-card number, or whose
/// initial credential expired unused (the credential's time starts again). The code is shown this
/// once; it works for 14 days.
#[utoipa::path(post, path = "/api/v1/accounts/{nip}/activation-code", tag = "accounts",
    params(("nip" = String, Path, description = "NIP of the account", pattern = "^[0-9]{18}$")),
    responses(
        (status = 201, description = "The code, to give to the employee", body = ActivationCode),
        (status = 403, response = crate::openapi::NotHelpdesk),
        (status = 404, response = crate::openapi::NoSuchAccount),
        (status = 409, description = "The account is already active", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn issue_activation_code(
    ctx: Ctx,
    state: web::Data<AppState>,
    who: Principal,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let agencies = agencies_for(&who, Action::IssueActivationCode)?;
    let nip = parse_nip(&path)?;
    let code = state
        .db
        .write(move |c| activation::issue_code(c, &ctx, &who.account, &agencies, &nip))
        .await?;
    Ok(HttpResponse::Created().json(code))
}

/// Turns 2FA off for an account of the caller's agency whose owner lost the phone (helpdesk,
/// admin; audited): its secret and recovery codes go and every session of the account ends. The
/// owner logs in with the password and may set 2FA up again.
#[utoipa::path(delete, path = "/api/v1/accounts/{nip}/totp", tag = "accounts",
    params(("nip" = String, Path, description = "NIP of the account", pattern = "^[0-9]{18}$")),
    responses(
        (status = 204, description = "2FA is off; the account's sessions ended"),
        (status = 403, response = crate::openapi::NotHelpdesk),
        (status = 404, response = crate::openapi::NoSuchAccount),
        (status = 409, description = "2FA is not on", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn remove_two_factor(
    ctx: Ctx,
    state: web::Data<AppState>,
    who: Principal,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let agencies = agencies_for(&who, Action::RemoveTwoFactor)?;
    let nip = parse_nip(&path)?;
    state
        .db
        .write(move |c| {
            crate::accounts::service::mfa::remove_for(c, &ctx, &who.account, &agencies, &nip)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
