//! Account administration: an agency admin grants and revokes roles within the agency, the
//! helpdesk unlocks a locked account; each change is audited, other agencies' accounts are 404.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use diesel::prelude::*;
use serde_json::{json, Value};

use crate::both;
use crate::common::{demo_account, demo_accounts, TestApp};

/// The id of a unit by name, and of another agency's unit.
fn unit_id(app: &TestApp, name: &str) -> String {
    use satu_api::db::schema::units;
    let mut c = app.db.get().unwrap();
    units::table
        .filter(units::name.eq(name))
        .select(units::id)
        .get_result(&mut *c)
        .unwrap()
}

fn other_agency_unit(app: &TestApp) -> String {
    use satu_api::db::schema::{agencies, units};
    let mut c = app.db.get().unwrap();
    units::table
        .inner_join(agencies::table)
        .filter(agencies::code.ne(satu_api::demo::data::MADIUN))
        .select(units::id)
        .get_result(&mut *c)
        .unwrap()
}

async fn an_admin_grants_and_revokes_roles_in_the_agency(app: TestApp) {
    app.load_demo();
    let admin = app.access_of_role("admin").await;
    let target = demo_accounts()
        .into_iter()
        .find(|a| a.role == "employee" && a.unit == "Dinas Pendidikan" && a.status == "aktif")
        .unwrap();
    let path = format!("/api/v1/accounts/{}/roles", target.nip);
    let roles: Value = app.get_json_as(&path, &admin).await;
    assert_eq!(roles.as_array().unwrap().len(), 1);
    assert_eq!(roles[0]["role"], "employee");

    let unit = unit_id(&app, "Dinas Pendidikan");
    let res = app
        .post_as(&path, &admin, &json!({"role": "monitor", "scope_id": unit}))
        .await;
    assert_eq!(res.status(), 201);
    let roles: Value = res.json().await.unwrap();
    let granted = roles
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["role"] == "monitor")
        .unwrap()
        .clone();
    assert_eq!(granted["scope"], "unit");
    assert_eq!(granted["scope_name"], "Dinas Pendidikan");
    assert_eq!(app.audit_count("role.granted"), 1);

    // Bad grants name what is wrong.
    for (body, field) in [
        (json!({"role": "monitor", "scope_id": unit}), None),
        (json!({"role": "raja"}), Some("role")),
        (json!({"role": "validator_pusat"}), Some("role")),
        (
            json!({"role": "verifikator", "scope_id": other_agency_unit(&app)}),
            Some("scope_id"),
        ),
        (
            json!({"role": "approver", "scope_id": "agency-lain"}),
            Some("scope_id"),
        ),
    ] {
        let res = app.post_as(&path, &admin, &body).await;
        let status = res.status().as_u16();
        let p: Value = res.json().await.unwrap();
        match field {
            None => assert_eq!(status, 409, "{body}"),
            Some(f) => {
                assert_eq!(status, 422, "{body}");
                assert!(p["errors"][f][0].is_string(), "{p}");
            }
        }
    }
    assert_eq!(app.audit_count("role.granted"), 1);

    // The new role counts at the next request: the employee now sees the unit.
    app.activate(&target, "Sekolah-Madiun-2026").await;
    let t = app.tokens(&target.nip, "Sekolah-Madiun-2026").await;
    let list: Value = app
        .get_as(
            "/api/v1/employees?per_page=100",
            t["access_token"].as_str().unwrap(),
        )
        .await
        .json()
        .await
        .unwrap();
    assert!(list["total"].as_i64().unwrap() > 1, "{list}");

    let id = granted["id"].as_str().unwrap();
    let res = app
        .delete_as(&format!("{path}/{id}"), &admin, &serde_json::json!({}))
        .await;
    assert_eq!(res.status(), 204);
    assert_eq!(app.audit_count("role.revoked"), 1);
    let res = app
        .delete_as(&format!("{path}/{id}"), &admin, &serde_json::json!({}))
        .await;
    assert_eq!(res.status(), 404);

    // An admin cannot revoke their own admin role.
    let me = demo_account("admin");
    let own: Value = app
        .get_json_as(&format!("/api/v1/accounts/{}/roles", me.nip), &admin)
        .await;
    let admin_role = own
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["role"] == "admin")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let res = app
        .delete_as(
            &format!("/api/v1/accounts/{}/roles/{admin_role}", me.nip),
            &admin,
            &serde_json::json!({}),
        )
        .await;
    assert_eq!(res.status(), 409);
}

async fn outside_the_agency_or_without_the_role_is_refused(app: TestApp) {
    app.load_demo();
    let admin = app.access_of_role("admin").await;
    let elsewhere = demo_accounts()
        .into_iter()
        .find(|a| a.agency != "Pemerintah Kota Madiun")
        .unwrap();
    let res = app
        .get_as(&format!("/api/v1/accounts/{}/roles", elsewhere.nip), &admin)
        .await;
    assert_eq!(res.status(), 404);
    let res = app.get_as("/api/v1/accounts/12345/roles", &admin).await;
    assert_eq!(res.status(), 404);
    let res = app
        .get_as(&format!("/api/v1/accounts/{}", elsewhere.nip), &admin)
        .await;
    assert_eq!(res.status(), 404);
    let monitor = app.access_of_role("monitor").await;
    let someone = demo_account("employee");
    let res = app
        .get_as(&format!("/api/v1/accounts/{}/roles", someone.nip), &monitor)
        .await;
    assert_eq!(res.status(), 403);
    let res = app
        .post_as(
            &format!("/api/v1/accounts/{}/unlock", someone.nip),
            &monitor,
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), 403);
}

async fn the_helpdesk_unlocks_a_locked_account(app: TestApp) {
    app.load_demo();
    let v = demo_account("verifikator");
    for _ in 0..5 {
        app.login(&v.nip, "bukan-sandinya").await;
    }
    assert_eq!(app.login(&v.nip, &v.password).await.status(), 423);
    let helpdesk = app.access_of_role("helpdesk").await;
    // The helpdesk sees that it is locked, and until when; nothing secret.
    let state_path = format!("/api/v1/accounts/{}", v.nip);
    let res = app.get_as(&state_path, &helpdesk).await;
    assert_eq!(res.status(), 200);
    let state: serde_json::Value = res.json().await.unwrap();
    assert!(state["locked_until"].as_str().is_some(), "{state}");
    assert_eq!(state["activated"], true);
    assert_eq!(state["two_factor"], false);
    let text = state.to_string();
    for secret in ["hash", "\"password\"", "totp_secret", "activation_code"] {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
    let monitor = app.access_of_role("monitor").await;
    assert_eq!(app.get_as(&state_path, &monitor).await.status(), 403);
    let res = app
        .post_as(
            &format!("/api/v1/accounts/{}/unlock", v.nip),
            &helpdesk,
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), 204);
    assert_eq!(app.login(&v.nip, &v.password).await.status(), 200);
    assert_eq!(app.audit_count("account.unlocked"), 1);
    let state: serde_json::Value = app.get_json_as(&state_path, &helpdesk).await;
    assert!(state.get("locked_until").is_none(), "{state}");
    assert_eq!(state["failed_logins"], 0);
}

both!(
    an_admin_grants_and_revokes_roles_in_the_agency,
    outside_the_agency_or_without_the_role_is_refused,
    the_helpdesk_unlocks_a_locked_account
);
