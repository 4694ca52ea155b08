//! Account administration within an agency: roles granted and revoked by its admins, accounts
//! unlocked by its helpdesk. `agencies` is the caller's reach for the action (from `policy`);
//! accounts outside it answer 404.

use satu_shared::auth::{AccountState, AssignedRole, GrantRoleRequest, RoleGrant};
use satu_shared::{Localized, Nip, Role, ScopeKind};

use crate::accounts::service::login::actor;
use crate::accounts::store::{self, Account, NewRoleAssignment};
use crate::audit::Ctx;
use crate::db::{new_id, now, DbConn};
use crate::error::ApiError;
use crate::policy;

/// The target account, when it belongs to one of `agencies`; else 404.
pub fn managed(
    c: &mut DbConn,
    nip: &Nip,
    agencies: &[String],
) -> Result<(Account, String), ApiError> {
    store::find_in_agencies(c, &nip.to_string(), agencies)?.ok_or(ApiError::NotFound)
}

fn assigned(c: &mut DbConn, account_id: &str) -> Result<Vec<AssignedRole>, ApiError> {
    store::role_rows(c, account_id)?
        .into_iter()
        .map(|(id, r)| {
            Ok(AssignedRole {
                id,
                grant: RoleGrant {
                    role: r.role,
                    scope: r.scope_kind,
                    scope_name: crate::org::store::scope_name(c, r.scope_kind, &r.scope_id)?,
                    scope_id: r.scope_id,
                },
            })
        })
        .collect()
}

fn audit_admin(
    c: &mut DbConn,
    ctx: &Ctx,
    who: &Account,
    action: &str,
    target: &Account,
    detail: serde_json::Value,
) -> Result<(), ApiError> {
    ctx.record(c, actor(who), action, Some(("account", &target.id)), detail)?;
    Ok(())
}

/// The roles of an account.
pub fn roles(
    c: &mut DbConn,
    agencies: &[String],
    nip: &Nip,
) -> Result<Vec<AssignedRole>, ApiError> {
    let (target, _) = managed(c, nip, agencies)?;
    assigned(c, &target.id)
}

fn role_error(message: Localized) -> ApiError {
    ApiError::validation("role", message)
}

/// Grants a role: unit roles name a unit of the target's agency, agency roles apply to it.
pub fn grant(
    c: &mut DbConn,
    ctx: &Ctx,
    who: &Account,
    agencies: &[String],
    nip: &Nip,
    body: &GrantRoleRequest,
) -> Result<Vec<AssignedRole>, ApiError> {
    let (target, agency_id) = managed(c, nip, agencies)?;
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
        ScopeKind::Own => String::new(),
        ScopeKind::Agency => {
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
        ScopeKind::Unit | ScopeKind::Kanreg | ScopeKind::Pusat => {
            let unit = body.scope_id.trim().to_owned();
            if !crate::org::store::unit_in_agency(c, &unit, &agency_id)? {
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
    let exists = store::roles_of(c, &target.id)?
        .iter()
        .any(|r| r.role == role && r.scope_kind == scope_kind && r.scope_id == scope_id);
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
            role,
            scope_kind,
            scope_id: scope_id.clone(),
            created_at: now(),
        }],
    )?;
    audit_admin(
        c,
        ctx,
        who,
        "role.granted",
        &target,
        serde_json::json!({"role": role.as_str(), "scope": scope_kind.as_str(), "scope_id": scope_id}),
    )?;
    assigned(c, &target.id)
}

/// Revokes one role. An admin cannot revoke their own admin role (another admin must), so an
/// agency is never left without one by accident.
pub fn revoke(
    c: &mut DbConn,
    ctx: &Ctx,
    who: &Account,
    agencies: &[String],
    nip: &Nip,
    role_id: &str,
) -> Result<(), ApiError> {
    let (target, _) = managed(c, nip, agencies)?;
    let (_, role) = store::role_rows(c, &target.id)?
        .into_iter()
        .find(|(rid, _)| rid == role_id)
        .ok_or(ApiError::NotFound)?;
    if !policy::agency_may_grant(role.role) {
        return Err(ApiError::ForbiddenBecause(Localized::new(
            "Peran validator diberikan dan dicabut oleh BKN, bukan oleh instansi.",
            "Validator roles are granted and revoked by BKN, not by an agency.",
        )));
    }
    if target.id == who.id && role.role == Role::Admin {
        return Err(ApiError::Conflict(Localized::new(
            "Anda tidak dapat mencabut peran admin Anda sendiri; minta admin lain.",
            "You cannot revoke your own admin role; ask another admin.",
        )));
    }
    store::delete_role(c, &target.id, role_id)?;
    audit_admin(
        c,
        ctx,
        who,
        "role.revoked",
        &target,
        serde_json::json!({"role": role.role.as_str(), "scope": role.scope_kind.as_str(), "scope_id": role.scope_id}),
    )
}

/// Unlocks an account that failed logins locked (also when it was not locked).
/// The state of an account of the caller's agencies: activated, locked, 2FA (helpdesk, admin).
pub fn account_state(
    c: &mut DbConn,
    agencies: &[String],
    nip: &Nip,
) -> Result<AccountState, ApiError> {
    let (a, _) = managed(c, nip, agencies)?;
    let at = now();
    Ok(AccountState {
        nip: nip.to_string(),
        activated: a.activated_at.is_some(),
        must_change_password: a.must_change_password,
        locked_until: a.locked_until.filter(|u| *u > at).map(|u| u.and_utc()),
        failed_logins: u32::try_from(a.failed_logins).unwrap_or(0),
        two_factor: a.totp_enabled(),
        disabled: a.disabled,
    })
}

pub fn unlock(
    c: &mut DbConn,
    ctx: &Ctx,
    who: &Account,
    agencies: &[String],
    nip: &Nip,
) -> Result<(), ApiError> {
    let (target, _) = managed(c, nip, agencies)?;
    let was_locked = target.locked_until.is_some_and(|u| u > now());
    store::clear_login_state(c, &target.id)?;
    audit_admin(
        c,
        ctx,
        who,
        "account.unlocked",
        &target,
        serde_json::json!({"was_locked": was_locked}),
    )
}
