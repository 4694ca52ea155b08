use std::collections::{BTreeSet, HashMap};

use diesel::prelude::*;
use satu_shared::{AgencyKind, ScopeKind};

use crate::db::schema::{accounts, agencies, agency_logos, role_assignments, units};
use crate::db::{DbConn, Stored};
use crate::policy::{Reach, Visibility};

#[derive(Debug, Clone, Insertable, Queryable, Selectable)]
#[diesel(treat_none_as_default_value = false)]
#[diesel(table_name = agencies)]
pub struct Agency {
    pub id: String,
    pub code: String,
    pub name: String,
    #[diesel(serialize_as = Stored<AgencyKind>, deserialize_as = Stored<AgencyKind>)]
    pub kind: AgencyKind,
    pub kanreg_code: Option<String>,
    pub kanreg_name: Option<String>,
    pub created_at: chrono::NaiveDateTime,
    /// Days an initial credential (NIP + NIK) that was never used stays valid.
    pub initial_credential_days: i32,
    /// The SHA-256 of the agency's logo (`agency_logos`), when it has one.
    pub logo_sha256: Option<String>,
}

#[derive(Debug, Clone, Insertable, Queryable, Selectable)]
#[diesel(treat_none_as_default_value = false)]
#[diesel(table_name = units)]
pub struct Unit {
    pub id: String,
    pub agency_id: String,
    pub parent_id: Option<String>,
    pub code: String,
    pub name: String,
    pub created_at: chrono::NaiveDateTime,
}

pub fn find_agency_by_code(conn: &mut DbConn, code: &str) -> QueryResult<Option<Agency>> {
    agencies::table
        .filter(agencies::code.eq(code))
        .select(Agency::as_select())
        .get_result(conn)
        .optional()
}

/// Every agency, by code.
pub fn all_agencies(conn: &mut DbConn) -> QueryResult<Vec<Agency>> {
    agencies::table
        .order(agencies::code)
        .select(Agency::as_select())
        .load(conn)
}

/// The names of the agencies whose codes are not among `codes`.
pub fn agencies_other_than(conn: &mut DbConn, codes: &[&str]) -> QueryResult<Vec<String>> {
    agencies::table
        .filter(agencies::code.ne_all(codes))
        .select(agencies::name)
        .order(agencies::name)
        .load(conn)
}

pub fn insert_agencies(conn: &mut DbConn, rows: &[Agency]) -> QueryResult<usize> {
    crate::on_backend!(conn, |c| diesel::insert_into(agencies::table)
        .values(rows.to_vec())
        .execute(c))
}

/// Inserts units; parents must come before their children.
pub fn insert_units(conn: &mut DbConn, rows: &[Unit]) -> QueryResult<usize> {
    crate::on_backend!(conn, |c| diesel::insert_into(units::table)
        .values(rows)
        .execute(c))
}

/// The ids a reach covers: units with every unit below them, the agencies of Kanreg and pusat
/// scopes.
pub fn resolve(conn: &mut DbConn, reach: &Reach) -> QueryResult<Visibility> {
    let mut v = Visibility {
        employees: reach.employees.clone(),
        agencies: reach.agencies.clone(),
        ..Visibility::default()
    };
    if !reach.kanregs.is_empty() {
        let ids: Vec<String> = agencies::table
            .filter(agencies::kind.eq(Stored(AgencyKind::Daerah)))
            .filter(agencies::kanreg_code.eq_any(&reach.kanregs))
            .select(agencies::id)
            .load(conn)?;
        v.agencies.extend(ids);
    }
    if reach.pusat {
        let ids: Vec<String> = agencies::table
            .filter(agencies::kind.eq(Stored(AgencyKind::Pusat)))
            .select(agencies::id)
            .load(conn)?;
        v.agencies.extend(ids);
    }
    if !reach.unit_roots.is_empty() {
        v.units = with_descendants(conn, &reach.unit_roots)?;
    }
    Ok(v)
}

/// The given units and every unit below them.
fn with_descendants(conn: &mut DbConn, roots: &BTreeSet<String>) -> QueryResult<BTreeSet<String>> {
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

/// A readable name of a role's scope: the unit's or agency's name, the Kanreg's name.
pub fn scope_name(conn: &mut DbConn, kind: ScopeKind, id: &str) -> QueryResult<String> {
    Ok(match kind {
        ScopeKind::Unit => units::table
            .find(id)
            .select(units::name)
            .get_result::<String>(conn)
            .optional()?
            .unwrap_or_default(),
        ScopeKind::Agency => agencies::table
            .find(id)
            .select(agencies::name)
            .get_result::<String>(conn)
            .optional()?
            .unwrap_or_default(),
        ScopeKind::Kanreg => agencies::table
            .filter(agencies::kanreg_code.eq(id))
            .select(agencies::kanreg_name)
            .get_result::<Option<String>>(conn)
            .optional()?
            .flatten()
            .unwrap_or_else(|| format!("Kanreg {id}")),
        ScopeKind::Pusat => "Instansi pusat".to_owned(),
        ScopeKind::Own => String::new(),
    })
}

/// The agencies of these units.
pub fn agencies_of_units(
    conn: &mut DbConn,
    unit_ids: &BTreeSet<String>,
) -> QueryResult<Vec<String>> {
    if unit_ids.is_empty() {
        return Ok(Vec::new());
    }
    units::table
        .filter(units::id.eq_any(unit_ids))
        .select(units::agency_id)
        .distinct()
        .load(conn)
}

/// An agency's unit by its code.
pub fn find_unit_by_code(
    conn: &mut DbConn,
    agency_id: &str,
    code: &str,
) -> QueryResult<Option<Unit>> {
    units::table
        .filter(units::agency_id.eq(agency_id))
        .filter(units::code.eq(code))
        .select(Unit::as_select())
        .get_result(conn)
        .optional()
}

/// Whether the unit belongs to the agency.
pub fn unit_in_agency(conn: &mut DbConn, unit_id: &str, agency_id: &str) -> QueryResult<bool> {
    let n: i64 = units::table
        .filter(units::id.eq(unit_id))
        .filter(units::agency_id.eq(agency_id))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// The units of the given agencies and the given units, with their agencies.
pub fn units_of(
    conn: &mut DbConn,
    agency_ids: &BTreeSet<String>,
    unit_ids: &BTreeSet<String>,
) -> QueryResult<Vec<(Unit, Agency)>> {
    units::table
        .inner_join(agencies::table)
        .filter(
            units::agency_id
                .eq_any(agency_ids)
                .or(units::id.eq_any(unit_ids)),
        )
        .select((Unit::as_select(), Agency::as_select()))
        .load(conn)
}

/// An agency's logo as stored: PNG or sanitised SVG, base64.
#[derive(Debug, Clone, Insertable, Queryable, Selectable)]
#[diesel(treat_none_as_default_value = false)]
#[diesel(table_name = agency_logos)]
pub struct LogoRow {
    pub agency_id: String,
    pub media_type: String,
    pub content_base64: String,
    pub sha256: String,
    pub width: i32,
    pub height: i32,
    pub updated_at: chrono::NaiveDateTime,
}

pub fn find_agency(conn: &mut DbConn, id: &str) -> QueryResult<Option<Agency>> {
    agencies::table
        .find(id)
        .select(Agency::as_select())
        .get_result(conn)
        .optional()
}

pub fn logo(conn: &mut DbConn, agency_id: &str) -> QueryResult<Option<LogoRow>> {
    agency_logos::table
        .find(agency_id)
        .select(LogoRow::as_select())
        .get_result(conn)
        .optional()
}

/// Replaces the agency's logo and points the agency at it.
pub fn put_logo(conn: &mut DbConn, row: &LogoRow) -> QueryResult<()> {
    diesel::delete(agency_logos::table.find(&row.agency_id)).execute(conn)?;
    diesel::insert_into(agency_logos::table)
        .values(row.clone())
        .execute(conn)?;
    diesel::update(agencies::table.find(&row.agency_id))
        .set(agencies::logo_sha256.eq(Some(&row.sha256)))
        .execute(conn)?;
    Ok(())
}

/// Removes the agency's logo; whether there was one.
pub fn delete_logo(conn: &mut DbConn, agency_id: &str) -> QueryResult<bool> {
    let n = diesel::delete(agency_logos::table.find(agency_id)).execute(conn)?;
    diesel::update(agencies::table.find(agency_id))
        .set(agencies::logo_sha256.eq(None::<String>))
        .execute(conn)?;
    Ok(n > 0)
}

/// Every unit of these agencies.
pub fn units_of_agencies(
    conn: &mut DbConn,
    agency_ids: &BTreeSet<String>,
) -> QueryResult<Vec<Unit>> {
    units::table
        .filter(units::agency_id.eq_any(agency_ids))
        .select(Unit::as_select())
        .load(conn)
}

/// How many active verifier accounts each of these units has (units without one are absent).
/// Verifier accounts (enabled) of each of these agencies as a whole.
pub fn agency_verifier_counts(
    conn: &mut DbConn,
    agency_ids: &[String],
) -> QueryResult<HashMap<String, i64>> {
    let rows: Vec<(String, i64)> = role_assignments::table
        .inner_join(accounts::table)
        .filter(role_assignments::role.eq(satu_shared::Role::Verifikator.as_str()))
        .filter(role_assignments::scope_kind.eq(ScopeKind::Agency.as_str()))
        .filter(role_assignments::scope_id.eq_any(agency_ids))
        .filter(accounts::disabled.eq(false))
        .group_by(role_assignments::scope_id)
        .select((role_assignments::scope_id, diesel::dsl::count_star()))
        .load(conn)?;
    Ok(rows.into_iter().collect())
}

pub fn verifier_counts(
    conn: &mut DbConn,
    unit_ids: &[String],
) -> QueryResult<HashMap<String, i64>> {
    let rows: Vec<(String, i64)> = role_assignments::table
        .inner_join(accounts::table)
        .filter(role_assignments::role.eq(satu_shared::Role::Verifikator.as_str()))
        .filter(role_assignments::scope_kind.eq(ScopeKind::Unit.as_str()))
        .filter(role_assignments::scope_id.eq_any(unit_ids))
        .filter(accounts::disabled.eq(false))
        .group_by(role_assignments::scope_id)
        .select((role_assignments::scope_id, diesel::dsl::count_star()))
        .load(conn)?;
    Ok(rows.into_iter().collect())
}
