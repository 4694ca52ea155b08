//! Every authorization decision in one place. A role's scope (its own record, units and the units
//! below them, an agency, the agencies of a Kanreg, all central agencies) becomes a [`Visibility`]
//! that the stores turn into a filter, so that what a caller cannot see is never loaded: objects
//! outside the scope answer 404, exactly like objects that do not exist.

use std::collections::{BTreeSet, HashMap};

use diesel::prelude::*;

use crate::accounts::store::RoleAssignment;
use crate::auth::AnyPrincipal;
use crate::db::schema::{agencies, units};
use crate::db::DbConn;

/// The records a caller may read, as sets of ids.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Visibility {
    /// Employee ids (the caller's own record).
    pub employees: BTreeSet<String>,
    /// Unit ids, descendants included.
    pub units: BTreeSet<String>,
    /// Agency ids (agency scopes, and the agencies of Kanreg and pusat scopes).
    pub agencies: BTreeSet<String>,
}

/// Which roles may read employee master records, and under which scope. Every role may; the
/// employee role only its own record.
pub fn employee_visibility(conn: &mut DbConn, who: &AnyPrincipal) -> QueryResult<Visibility> {
    visibility_for(conn, who.account.employee_id.as_deref(), &who.roles)
}

pub fn visibility_for(
    conn: &mut DbConn,
    own_employee: Option<&str>,
    roles: &[RoleAssignment],
) -> QueryResult<Visibility> {
    let mut v = Visibility::default();
    let mut unit_roots = Vec::new();
    for r in roles {
        match r.scope_kind.as_str() {
            "self" => {
                if let Some(id) = own_employee {
                    v.employees.insert(id.to_owned());
                }
            }
            "unit" => unit_roots.push(r.scope_id.clone()),
            "agency" => {
                v.agencies.insert(r.scope_id.clone());
            }
            "kanreg" => {
                let ids: Vec<String> = agencies::table
                    .filter(agencies::kind.eq("daerah"))
                    .filter(agencies::kanreg_code.eq(&r.scope_id))
                    .select(agencies::id)
                    .load(conn)?;
                v.agencies.extend(ids);
            }
            "pusat" => {
                let ids: Vec<String> = agencies::table
                    .filter(agencies::kind.eq("pusat"))
                    .select(agencies::id)
                    .load(conn)?;
                v.agencies.extend(ids);
            }
            other => tracing::warn!(scope = other, "unknown scope kind ignored"),
        }
    }
    if !unit_roots.is_empty() {
        v.units = with_descendants(conn, &unit_roots)?;
    }
    Ok(v)
}

/// The given units and every unit below them.
fn with_descendants(conn: &mut DbConn, roots: &[String]) -> QueryResult<BTreeSet<String>> {
    let agency_ids: Vec<String> = units::table
        .filter(units::id.eq_any(roots))
        .select(units::agency_id)
        .distinct()
        .load(conn)?;
    let tree: Vec<(String, Option<String>)> = units::table
        .filter(units::agency_id.eq_any(&agency_ids))
        .select((units::id, units::parent_id))
        .load(conn)?;
    let mut children: HashMap<&str, Vec<&str>> = HashMap::new();
    for (id, parent) in &tree {
        if let Some(p) = parent {
            children.entry(p.as_str()).or_default().push(id.as_str());
        }
    }
    let mut out = BTreeSet::new();
    let mut stack: Vec<&str> = roots
        .iter()
        .map(String::as_str)
        .filter(|r| tree.iter().any(|(id, _)| id == r))
        .collect();
    while let Some(u) = stack.pop() {
        if out.insert(u.to_owned()) {
            stack.extend(children.get(u).into_iter().flatten().copied());
        }
    }
    Ok(out)
}

/// The agencies whose accounts, roles and HR clients the caller administers (`admin` role).
pub fn administered_agencies(roles: &[RoleAssignment]) -> Vec<String> {
    agencies_of(roles, &["admin"])
}

/// The agencies whose locked accounts the caller may unlock (`helpdesk` and `admin`).
pub fn helped_agencies(roles: &[RoleAssignment]) -> Vec<String> {
    agencies_of(roles, &["helpdesk", "admin"])
}

fn agencies_of(roles: &[RoleAssignment], wanted: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = roles
        .iter()
        .filter(|r| wanted.contains(&r.role.as_str()) && r.scope_kind == "agency")
        .map(|r| r.scope_id.clone())
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Whether an agency admin may grant this role. The BKN validators' roles are BKN's to give
/// (`satu-api` commands at BKN), never an agency's.
pub fn agency_may_grant(role: satu_shared::Role) -> bool {
    !matches!(
        role,
        satu_shared::Role::ValidatorKanreg | satu_shared::Role::ValidatorPusat
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(role: &str, kind: &str, id: &str) -> RoleAssignment {
        RoleAssignment {
            role: role.into(),
            scope_kind: kind.into(),
            scope_id: id.into(),
        }
    }

    #[test]
    fn admin_and_helpdesk_scopes_come_from_agency_roles_only() {
        let roles = [
            r("admin", "agency", "a1"),
            r("helpdesk", "agency", "a2"),
            r("monitor", "unit", "u1"),
            r("admin", "agency", "a1"),
        ];
        assert_eq!(administered_agencies(&roles), vec!["a1".to_owned()]);
        assert_eq!(
            helped_agencies(&roles),
            vec!["a1".to_owned(), "a2".to_owned()]
        );
        assert!(administered_agencies(&[r("monitor", "unit", "u1")]).is_empty());
        assert!(agency_may_grant(satu_shared::Role::Verifikator));
        assert!(!agency_may_grant(satu_shared::Role::ValidatorPusat));
    }
}
