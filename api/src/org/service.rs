//! Reading the organisation within the caller's reach.

use std::collections::{BTreeMap, HashSet};

use satu_shared::employee::{OrgRef, UnitInfo};

use crate::db::DbConn;
use crate::error::ApiError;
use crate::org::store::{self, Agency, Unit};
use crate::policy::Reach;

/// The units `reach` covers, in tree order: each unit right after its parent, siblings by name;
/// a unit whose parent is outside the reach starts a tree of its own (depth 0).
pub fn units(c: &mut DbConn, reach: &Reach) -> Result<Vec<UnitInfo>, ApiError> {
    let v = store::resolve(c, reach)?;
    let rows = store::units_of(c, &v.agencies, &v.units)?;
    Ok(tree_order(rows))
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
            },
        )
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
