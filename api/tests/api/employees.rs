//! Scoped employee records: every demo role account against every demo employee, on both
//! databases. Anything visible outside its scope fails the test. (Who may call which operation at
//! all is `doors.rs`.)
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;

use satu_api::demo::data::{self, DemoPerson, DemoScope, DemoSet};
use satu_shared::AgencyKind;

use crate::both;
use crate::common::{demo_account, demo_accounts, TestApp};

/// What the demo data says a viewer may see, computed from the data set, not from the server.
fn may_see(set: &DemoSet, viewer: &DemoPerson, target: &DemoPerson) -> bool {
    if viewer.nip == target.nip {
        return true;
    }
    let agency = |code: &str| set.agencies.iter().find(|a| a.code == code).unwrap();
    let ancestors = |agency_code: &str, unit: &str| {
        let a = agency(agency_code);
        let mut chain = vec![unit.to_owned()];
        let mut current = unit.to_owned();
        while let Some(parent) = a.units.iter().find(|u| u.0 == current).and_then(|u| u.2) {
            chain.push(parent.to_owned());
            current = parent.to_owned();
        }
        chain
    };
    viewer.scopes.iter().any(|s| match s {
        DemoScope::Own => false,
        DemoScope::Unit(u) => {
            viewer.agency == target.agency
                && ancestors(target.agency, target.unit).iter().any(|x| x == u)
        }
        DemoScope::Agency => viewer.agency == target.agency,
        DemoScope::Kanreg(k) => {
            let a = agency(target.agency);
            a.kind == AgencyKind::Daerah && a.kanreg.is_some_and(|(code, _)| code == *k)
        }
        DemoScope::Pusat => agency(target.agency).kind == AgencyKind::Pusat,
    })
}

async fn every_role_sees_exactly_its_scope(app: TestApp) {
    app.load_demo();
    let set = data::build();
    let viewers: Vec<&DemoPerson> = set
        .people
        .iter()
        .filter(|p| !p.must_change_password())
        .collect();
    assert!(viewers.len() >= 8);
    for viewer in viewers {
        let t = app
            .tokens(&viewer.nip.to_string(), &viewer.password())
            .await;
        let access = t["access_token"].as_str().unwrap();
        let mut expected = BTreeSet::new();
        for target in &set.people {
            let res = app
                .get_as(&format!("/api/v1/employees/{}", target.nip), access)
                .await;
            let visible = may_see(&set, viewer, target);
            let want = if visible { 200 } else { 404 };
            assert_eq!(
                res.status().as_u16(),
                want,
                "{:?} {} ({}/{}) looking at {} ({}/{})",
                viewer.role,
                viewer.nip,
                viewer.agency,
                viewer.unit,
                target.nip,
                target.agency,
                target.unit
            );
            if visible {
                expected.insert(target.nip.to_string());
                let body: serde_json::Value = res.json().await.unwrap();
                assert_eq!(body["nip"], target.nip.to_string());
            } else {
                let body: serde_json::Value = res.json().await.unwrap();
                assert_eq!(body["code"], "not_found");
            }
        }
        let page: serde_json::Value = app
            .get_json_as("/api/v1/employees?per_page=200", access)
            .await;
        let listed: BTreeSet<String> = page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["nip"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(listed, expected, "list of {:?} {}", viewer.role, viewer.nip);
        assert_eq!(page["total"], expected.len());
    }
}

async fn the_initial_password_blocks_everything_but_me(app: TestApp) {
    app.load_demo();
    let e = demo_account("employee");
    app.mark_activated(&e.nip);
    let t = app.tokens(&e.nip, &e.password).await;
    let access = t["access_token"].as_str().unwrap();
    for path in [
        "/api/v1/employees".to_owned(),
        format!("/api/v1/employees/{}", e.nip),
    ] {
        let res = app.get_as(&path, access).await;
        crate::common::problem(res, 403, "password_change_required").await;
    }
    assert_eq!(app.get_as("/api/v1/me", access).await.status(), 200);
    // After the change, the employee sees their own record only.
    let res = app
        .put_json_as("/api/v1/me/password", access, &serde_json::json!({"current_password": e.password, "new_password": "Sendang-Kamulyan-9"}))
        .await;
    assert_eq!(res.status(), 204);
    let page: serde_json::Value = app.get_json_as("/api/v1/employees", access).await;
    assert_eq!(page["total"], 1);
    assert_eq!(page["items"][0]["nip"], e.nip.as_str());
}

async fn the_list_filters_pages_and_refuses_bad_parameters(app: TestApp) {
    app.load_demo();
    let admin = demo_account("admin");
    let t = app.tokens(&admin.nip, &admin.password).await;
    let access = t["access_token"].as_str().unwrap();
    let all: serde_json::Value = app
        .get_json_as("/api/v1/employees?per_page=200", access)
        .await;
    let total = all["total"].as_u64().unwrap();
    assert!(total >= 30);
    let first: serde_json::Value = app
        .get_json_as("/api/v1/employees?per_page=10&page=1", access)
        .await;
    let second: serde_json::Value = app
        .get_json_as("/api/v1/employees?per_page=10&page=2", access)
        .await;
    assert_eq!(first["items"].as_array().unwrap().len(), 10);
    assert_eq!(first["total"], total);
    assert_ne!(first["items"][0]["nip"], second["items"][0]["nip"]);

    let pppk: serde_json::Value = app
        .get_json_as("/api/v1/employees?kind=PPPK&per_page=200", access)
        .await;
    assert!(pppk["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["kind"] == "PPPK"));
    assert!(pppk["total"].as_u64().unwrap() > 0);
    let dismissed: serde_json::Value = app
        .get_json_as("/api/v1/employees?status=diberhentikan", access)
        .await;
    assert_eq!(dismissed["total"], 1);
    // Search by part of a name, any case, and by the start of a NIP.
    let someone = &all["items"][3];
    let family = someone["name"]
        .as_str()
        .unwrap()
        .split(' ')
        .next_back()
        .unwrap()
        .to_uppercase();
    let nip_start = &someone["nip"].as_str().unwrap()[..12];
    for query in [format!("q={family}&per_page=200"), format!("q={nip_start}")] {
        let found: serde_json::Value = app
            .get_json_as(&format!("/api/v1/employees?{query}"), access)
            .await;
        assert!(
            found["items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["nip"] == someone["nip"]),
            "{query}"
        );
    }
    // LIKE wildcards are text, not patterns.
    let none: serde_json::Value = app.get_json_as("/api/v1/employees?q=%25", access).await;
    assert_eq!(none["total"], 0);

    for (query, field) in [
        ("per_page=500", "per_page"),
        ("page=0", "page"),
        ("page=1000001", "page"),
        ("kind=honorer", "kind"),
        ("status=cuti", "status"),
    ] {
        let res = app
            .get_as(&format!("/api/v1/employees?{query}"), access)
            .await;
        assert_eq!(res.status(), 422, "{query}");
        let body: serde_json::Value = res.json().await.unwrap();
        assert!(body["errors"][field].is_array(), "{query}: {body}");
    }
    let res = app.get_as("/api/v1/employees?page=abc", access).await;
    assert_eq!(res.status(), 422);
    let res = app.get_as("/api/v1/employees/12345", access).await;
    assert_eq!(res.status(), 422);
}

/// `GET /units`: the units whose employees the caller may see, each right after its parent.
async fn every_role_sees_the_units_of_its_scope(app: TestApp) {
    app.load_demo();
    let set = data::build();
    for viewer in set.people.iter().filter(|p| !p.must_change_password()) {
        let t = app
            .tokens(&viewer.nip.to_string(), &viewer.password())
            .await;
        let access = t["access_token"].as_str().unwrap();
        let mut expected = BTreeSet::new();
        for a in &set.agencies {
            for (code, _, _) in &a.units {
                let under = |root: &str| {
                    let mut at = Some(*code);
                    while let Some(c) = at {
                        if c == root {
                            return true;
                        }
                        at = a.units.iter().find(|u| u.0 == c).and_then(|u| u.2);
                    }
                    false
                };
                let seen = viewer.scopes.iter().any(|s| match s {
                    DemoScope::Own => false,
                    DemoScope::Unit(root) => viewer.agency == a.code && under(root),
                    DemoScope::Agency => viewer.agency == a.code,
                    DemoScope::Kanreg(k) => {
                        a.kind == AgencyKind::Daerah && a.kanreg.is_some_and(|(c, _)| c == *k)
                    }
                    DemoScope::Pusat => a.kind == AgencyKind::Pusat,
                });
                if seen {
                    expected.insert(format!("{}/{code}", a.code));
                }
            }
        }
        let units: serde_json::Value = app.get_json_as("/api/v1/units", access).await;
        let units = units.as_array().unwrap();
        let got: BTreeSet<String> = units
            .iter()
            .map(|u| {
                format!(
                    "{}/{}",
                    u["agency"]["code"].as_str().unwrap(),
                    u["code"].as_str().unwrap()
                )
            })
            .collect();
        assert_eq!(got, expected, "units of {:?} {}", viewer.role, viewer.nip);
        // Tree order: a unit's parent, when listed, comes before it, one level up.
        for (i, u) in units.iter().enumerate() {
            if let Some(p) = units.iter().position(|x| x["id"] == u["parent_id"]) {
                assert!(p < i, "parent after child in {units:?}");
                assert_eq!(
                    units[p]["depth"].as_u64().unwrap() + 1,
                    u["depth"].as_u64().unwrap()
                );
            }
        }
    }
}

/// The verifier routing the admin sees: a unit with its own verifier is verified by itself, a
/// new unit below it by the nearest unit above that has one, and a unit with none up its tree by
/// nobody (`verified_by: null`), so the admin knows to assign one.
async fn units_say_who_verifies_them(app: TestApp) {
    app.load_demo();
    let set = data::build();
    let admin = demo_account("admin");
    let t = app.access_of(&admin).await;
    let units: serde_json::Value = app.get_json_as("/api/v1/units", &t).await;
    let units = units.as_array().unwrap().clone();
    let find = |code: &str| units.iter().find(|u| u["code"] == code).unwrap().clone();
    // The demo gives every unit with employees a verifier, its own or one above it: the
    // Puskesmas falls to its Dinas Kesehatan.
    let madiun = set
        .agencies
        .iter()
        .find(|a| a.name == admin.agency)
        .unwrap();
    for p in set.people.iter().filter(|p| p.agency == madiun.code) {
        let u = find(p.unit);
        assert!(!u["verified_by"].is_null(), "{u}");
    }
    let disdik = find("disdik");
    assert!(disdik["verifiers"].as_u64().unwrap() >= 1, "{disdik}");
    assert_eq!(disdik["verified_by"]["id"], disdik["id"]);
    let puskesmas = find("pkm-oro");
    assert_eq!(puskesmas["verifiers"], 0);
    assert_eq!(puskesmas["verified_by"]["id"], find("dinkes")["id"]);
    // A new section below Dinas Pendidikan, and a new office of its own at the top.
    let agency_id = disdik["agency"]["id"].as_str().unwrap().to_owned();
    {
        use satu_api::org::store::{insert_units, Unit};
        let mut conn = app.db.get().unwrap();
        let at = chrono::Utc::now().naive_utc();
        let unit = |id: &str, parent: Option<&str>, code: &str, name: &str| Unit {
            id: id.into(),
            agency_id: agency_id.clone(),
            parent_id: parent.map(Into::into),
            code: code.into(),
            name: name.into(),
            created_at: at,
        };
        insert_units(
            &mut conn,
            &[
                unit(
                    "u-seksi-baru",
                    disdik["id"].as_str(),
                    "seksi-baru",
                    "Seksi Kurikulum",
                ),
                unit(
                    "u-kantor-baru",
                    None,
                    "kantor-baru",
                    "Kantor Penghubung Jakarta",
                ),
            ],
        )
        .unwrap();
    }
    let units: serde_json::Value = app.get_json_as("/api/v1/units", &t).await;
    let units = units.as_array().unwrap();
    let seksi = units.iter().find(|u| u["code"] == "seksi-baru").unwrap();
    assert_eq!(seksi["verifiers"], 0);
    assert_eq!(seksi["verified_by"]["id"], disdik["id"]);
    assert_eq!(seksi["verified_by"]["name"], "Dinas Pendidikan");
    let kantor = units.iter().find(|u| u["code"] == "kantor-baru").unwrap();
    assert!(kantor["verified_by"].is_null(), "{kantor}");
    assert_eq!(
        kantor["agency_verifiers"], 0,
        "Madiun has unit verifiers only"
    );

    // Kemendagri's verifier is agency-wide: no unit has one of its own, and every unit is
    // verified by the agency's.
    let admin = demo_accounts()
        .into_iter()
        .find(|a| a.role == "admin" && a.agency == "Kementerian Dalam Negeri")
        .unwrap();
    let t = app.access_of(&admin).await;
    let units: serde_json::Value = app.get_json_as("/api/v1/units", &t).await;
    for u in units.as_array().unwrap() {
        assert!(u["verified_by"].is_null(), "{u}");
        assert_eq!(u["agency_verifiers"], 1, "{u}");
    }
}

both!(
    units_say_who_verifies_them,
    every_role_sees_the_units_of_its_scope,
    every_role_sees_exactly_its_scope,
    the_initial_password_blocks_everything_but_me,
    the_list_filters_pages_and_refuses_bad_parameters,
);
