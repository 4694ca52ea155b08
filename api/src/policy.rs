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
