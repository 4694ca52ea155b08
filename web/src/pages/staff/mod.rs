//! The staff pages: what each role does and sees, over the API's staff operations.

pub mod account;
pub mod clients;
pub mod employees;
pub mod home;
pub mod imports;
pub mod logo;

use satu_shared::auth::RoleGrant;
use satu_shared::Role;

/// The roles a caller holds other than `employee`.
pub fn staff_roles(roles: &[RoleGrant]) -> Vec<RoleGrant> {
    roles
        .iter()
        .filter(|r| r.role != Role::Employee)
        .cloned()
        .collect()
}

/// Whether the caller holds any of `wanted`.
pub fn holds(roles: &[RoleGrant], wanted: &[Role]) -> bool {
    roles.iter().any(|r| wanted.contains(&r.role))
}
