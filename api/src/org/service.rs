//! Reading the organisation within the caller's reach.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use satu_shared::employee::{OrgRef, UnitInfo};

use base64::Engine;
use satu_shared::card::AgencyLogo;

use crate::accounts::service::login::actor;
use crate::accounts::store::Account;
use crate::audit::Ctx;
use crate::db::{now, DbConn};
use crate::error::ApiError;
use crate::org::logo::Prepared;
use crate::org::store::{self, Agency, LogoRow, Unit};
use crate::policy::Reach;

/// The units `reach` covers, in tree order: each unit right after its parent, siblings by name;
/// a unit whose parent is outside the reach starts a tree of its own (depth 0).
pub fn units(c: &mut DbConn, reach: &Reach) -> Result<Vec<UnitInfo>, ApiError> {
    let v = store::resolve(c, reach)?;
    let rows = store::units_of(c, &v.agencies, &v.units)?;
    let mut out = tree_order(rows);
    // Who verifies each: the whole tree of each agency counts, also the part the caller does not
    // see (a unit's verifier may sit in a unit above the caller's scope).
    let agencies: BTreeSet<String> = out.iter().map(|u| u.agency.id.clone()).collect();
    let all = store::units_of_agencies(c, &agencies)?;
    let ids: Vec<String> = all.iter().map(|u| u.id.clone()).collect();
    let counts = store::verifier_counts(c, &ids)?;
    let agency_ids: Vec<String> = agencies.iter().cloned().collect();
    let agency_counts = store::agency_verifier_counts(c, &agency_ids)?;
    let parents: HashMap<String, Option<String>> = all
        .iter()
        .map(|u| (u.id.clone(), u.parent_id.clone()))
        .collect();
    let by_id: HashMap<&str, &Unit> = all.iter().map(|u| (u.id.as_str(), u)).collect();
    let with_verifier: HashSet<String> = counts.keys().cloned().collect();
    for u in &mut out {
        u.verifiers = counts
            .get(&u.id)
            .map_or(0, |n| u32::try_from(*n).unwrap_or(u32::MAX));
        u.agency_verifiers = agency_counts
            .get(&u.agency.id)
            .map_or(0, |n| u32::try_from(*n).unwrap_or(u32::MAX));
        u.verified_by = nearest_verified(&parents, &with_verifier, &u.id)
            .and_then(|id| by_id.get(id.as_str()).copied())
            .map(|unit| OrgRef {
                id: unit.id.clone(),
                code: unit.code.clone(),
                name: unit.name.clone(),
            });
    }
    Ok(out)
}

/// The unit whose verifiers verify `unit`: itself when it has a verifier, else the nearest unit
/// above it that has one; `None` when none up the tree has (a loop in the tree ends the walk).
pub fn nearest_verified(
    parents: &HashMap<String, Option<String>>,
    with_verifier: &HashSet<String>,
    unit: &str,
) -> Option<String> {
    let mut at = Some(unit.to_owned());
    for _ in 0..=parents.len() {
        let id = at?;
        if with_verifier.contains(&id) {
            return Some(id);
        }
        at = parents.get(&id).cloned().flatten();
    }
    None
}

/// Where an agency's logo is served.
pub fn logo_url(agency_id: &str) -> String {
    format!("/api/v1/agencies/{agency_id}/logo")
}

fn logo_info(row: &LogoRow) -> AgencyLogo {
    AgencyLogo {
        agency_id: row.agency_id.clone(),
        media_type: row.media_type.clone(),
        width: row.width.max(0) as u32,
        height: row.height.max(0) as u32,
        sha256: row.sha256.clone(),
        updated_at: row.updated_at.and_utc(),
        url: logo_url(&row.agency_id),
    }
}

/// The agency an admin acts on: 404 for one outside `mine` (whether it exists is not told).
fn administered(c: &mut DbConn, mine: &[String], agency_id: &str) -> Result<Agency, ApiError> {
    if !mine.iter().any(|a| a == agency_id) {
        return Err(ApiError::NotFound);
    }
    store::find_agency(c, agency_id)?.ok_or(ApiError::NotFound)
}

/// Sets the agency's logo (already checked and cleaned); every card of the agency shows it from
/// its next render. Audited.
pub fn set_logo(
    c: &mut DbConn,
    ctx: &Ctx,
    who: &Account,
    mine: &[String],
    agency_id: &str,
    logo: &Prepared,
) -> Result<AgencyLogo, ApiError> {
    let agency = administered(c, mine, agency_id)?;
    let row = LogoRow {
        agency_id: agency.id.clone(),
        media_type: logo.media_type.to_owned(),
        content_base64: base64::engine::general_purpose::STANDARD.encode(&logo.bytes),
        sha256: logo.sha256.clone(),
        width: i32::try_from(logo.width).unwrap_or(i32::MAX),
        height: i32::try_from(logo.height).unwrap_or(i32::MAX),
        updated_at: now(),
    };
    store::put_logo(c, &row)?;
    ctx.record(
        c,
        actor(who),
        "agency.logo_changed",
        Some(("agency", &agency.id)),
        serde_json::json!({
            "media_type": row.media_type,
            "sha256": row.sha256,
            "previous": agency.logo_sha256,
        }),
    )?;
    Ok(logo_info(&row))
}

/// Removes the agency's logo (404 when it has none). Audited.
pub fn remove_logo(
    c: &mut DbConn,
    ctx: &Ctx,
    who: &Account,
    mine: &[String],
    agency_id: &str,
) -> Result<(), ApiError> {
    let agency = administered(c, mine, agency_id)?;
    if !store::delete_logo(c, &agency.id)? {
        return Err(ApiError::NotFound);
    }
    ctx.record(
        c,
        actor(who),
        "agency.logo_removed",
        Some(("agency", &agency.id)),
        serde_json::json!({ "previous": agency.logo_sha256 }),
    )?;
    Ok(())
}

/// The stored logo: its facts and bytes.
pub fn logo(c: &mut DbConn, agency_id: &str) -> Result<(AgencyLogo, Vec<u8>), ApiError> {
    let row = store::logo(c, agency_id)?.ok_or(ApiError::NotFound)?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(&row.content_base64)
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("stored logo is not base64: {e}")))?;
    Ok((logo_info(&row), bytes))
}

fn tree_order(rows: Vec<(Unit, Agency)>) -> Vec<UnitInfo> {
    let present: HashSet<String> = rows.iter().map(|(u, _)| u.id.clone()).collect();
    // Children by parent (None: the roots of what is visible), each list sorted by name.
    let mut children: BTreeMap<Option<String>, Vec<(Unit, Agency)>> = BTreeMap::new();
    for (u, a) in rows {
        let parent = u.parent_id.clone().filter(|p| present.contains(p));
        children.entry(parent).or_default().push((u, a));
    }
    for list in children.values_mut() {
        list.sort_by(|(x, xa), (y, ya)| {
            (&xa.name, &x.name, &x.id).cmp(&(&ya.name, &y.name, &y.id))
        });
    }
    let mut out = Vec::new();
    let mut stack: Vec<((Unit, Agency), u32)> = children
        .remove(&None)
        .unwrap_or_default()
        .into_iter()
        .rev()
        .map(|row| (row, 0))
        .collect();
    while let Some(((u, a), depth)) = stack.pop() {
        if let Some(kids) = children.remove(&Some(u.id.clone())) {
            stack.extend(kids.into_iter().rev().map(|row| (row, depth + 1)));
        }
        out.push(UnitInfo {
            id: u.id,
            code: u.code,
            name: u.name,
            parent_id: u.parent_id,
            agency: OrgRef {
                id: a.id,
                code: a.code,
                name: a.name,
            },
            depth,
            verifiers: 0,
            verified_by: None,
            agency_verifiers: 0,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: &str, parent: Option<&str>, name: &str) -> (Unit, Agency) {
        let at = chrono::NaiveDateTime::default();
        (
            Unit {
                id: id.into(),
                agency_id: "a".into(),
                parent_id: parent.map(Into::into),
                code: id.into(),
                name: name.into(),
                created_at: at,
            },
            Agency {
                id: "a".into(),
                code: "A".into(),
                name: "Agency".into(),
                kind: satu_shared::AgencyKind::Daerah,
                kanreg_code: None,
                kanreg_name: None,
                created_at: at,
                initial_credential_days: 30,
                logo_sha256: None,
            },
        )
    }

    #[test]
    fn a_unit_without_a_verifier_falls_to_the_nearest_above_that_has_one() {
        let parents: HashMap<String, Option<String>> = [
            ("dinas", None),
            ("bidang", Some("dinas")),
            ("seksi", Some("bidang")),
            ("lain", None),
            ("loop-a", Some("loop-b")),
            ("loop-b", Some("loop-a")),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.map(str::to_owned)))
        .collect();
        let with: HashSet<String> = ["dinas".to_owned(), "bidang".to_owned()].into();
        let near = |u: &str| nearest_verified(&parents, &with, u);
        assert_eq!(near("seksi").as_deref(), Some("bidang"));
        assert_eq!(near("bidang").as_deref(), Some("bidang"));
        assert_eq!(near("dinas").as_deref(), Some("dinas"));
        assert_eq!(near("lain"), None);
        assert_eq!(near("loop-a"), None);
        assert_eq!(near("unknown"), None);
        let only_top: HashSet<String> = ["dinas".to_owned()].into();
        assert_eq!(
            nearest_verified(&parents, &only_top, "seksi").as_deref(),
            Some("dinas")
        );
    }

    #[test]
    fn units_come_in_tree_order_with_depths() {
        let rows = vec![
            row("c", Some("r"), "Bidang B"),
            row("r", None, "Dinas"),
            row("b", Some("r"), "Bidang A"),
            row("d", Some("b"), "Seksi"),
            // Its parent is not visible: a root of its own.
            row("x", Some("hidden"), "Anak tanpa induk"),
        ];
        let got: Vec<(String, u32)> = tree_order(rows)
            .into_iter()
            .map(|u| (u.id, u.depth))
            .collect();
        let want = [("x", 0), ("r", 0), ("b", 1), ("d", 2), ("c", 1)];
        assert_eq!(
            got,
            want.iter()
                .map(|(i, d)| (i.to_string(), *d))
                .collect::<Vec<_>>()
        );
    }
}
