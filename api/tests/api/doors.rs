//! The role × operation matrix, generated from the OpenAPI document: every operation that takes a
//! bearer token is called by every demo role (and without a token), and the answer must be the
//! door this table names for it: open (anything but 401 and 403; which records each one sees is
//! `employees.rs`'s business) or closed (403). An operation of the document this table does not
//! name fails the test, so no endpoint ships without saying who may call it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use satu_api::demo::data::{self, DemoPerson};
use satu_shared::Role;

use crate::both;
use crate::common::TestApp;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Door {
    /// Anything but 401 and 403.
    Open,
    /// 403.
    Closed,
}

/// Who may call each operation (by `operationId`); `None` for an operation nobody listed.
fn door(operation: &str, viewer: &DemoPerson) -> Option<Door> {
    let admin = viewer.role == Role::Admin;
    let helpdesk = admin || viewer.role == Role::Helpdesk;
    let open_if = |yes: bool| if yes { Door::Open } else { Door::Closed };
    Some(match operation {
        // The caller's own account, card and photo: every signed-in person.
        "me" | "change_password" | "totp_setup" | "totp_confirm" | "totp_disable" | "approve"
        | "device" | "my_card" | "me_front_png" | "me_back_png" | "me_front_svg"
        | "me_back_svg" | "me_card_pdf" | "set_orientation" | "my_photo" | "put_photo"
        | "preview_photo" => Door::Open,
        // Employee records: everyone, each within the scope of their roles.
        "list_employees" | "get_one" | "list_units" | "employee_history" | "my_history" => {
            Door::Open
        }
        // Proposals: every person writes their own; the deciders of each step decide within
        // their scope (what each one sees and may decide is `proposals.rs`'s business).
        "create_proposal"
        | "list_proposals"
        | "get_proposal"
        | "edit_proposal"
        | "submit_proposal"
        | "decide_proposal"
        | "upload_proposal_document"
        | "get_proposal_document"
        | "delete_proposal_document"
        | "proposal_receipt"
        | "list_notifications"
        | "mark_notifications_read"
        | "get_pdm_schedule" => Door::Open,
        // The data-update schedule: agency admins set it.
        "put_pdm_schedule" => open_if(admin),
        // Another employee's card, and the kedudukan hukum: agency admins.
        "employee_card" | "emp_front_png" | "emp_back_png" | "emp_front_svg" | "emp_back_svg"
        | "emp_card_pdf" | "change_status" => open_if(admin),
        // Recording an upload to the SIK is an HR client's act, never a person's.
        "sik_upload" => Door::Closed,
        // HR clients and roles: agency admins.
        "list_clients" | "create_client" | "revoke_client" | "list_roles" | "grant_role"
        | "revoke_role" | "put_agency_logo" | "delete_agency_logo" => open_if(admin),
        // Imports and the change feed: agency admins (and HR clients, for the feed).
        "import_employees" | "list_imports" | "get_import" | "import_errors_csv"
        | "list_changes" => open_if(admin),
        // SIASN-compatible reads: like the employee records, each within their scope.
        "siasn_data_utama" | "siasn_rw_golongan" | "siasn_rw_jabatan" | "siasn_rw_pendidikan" => {
            Door::Open
        }
        // Helpdesk acts on someone else's account: helpdesk and admins.
        "unlock" | "remove_two_factor" | "issue_activation_code" | "account_state" => {
            open_if(helpdesk)
        }
        // From this host, the metrics need no token at all.
        "metrics" => Door::Open,
        _ => return None,
    })
}

struct Operation {
    method: String,
    path: String,
    id: String,
    /// Also answers without a token (the metrics, from this host).
    anonymous_too: bool,
}

/// Every operation of the committed document that accepts a bearer token.
fn bearer_operations() -> Vec<Operation> {
    let doc: serde_json::Value =
        serde_json::from_str(include_str!("../../../openapi/openapi.json")).unwrap();
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let Some(security) = op["security"].as_array() else {
                continue;
            };
            if !security.iter().any(|s| s.get("bearer").is_some()) {
                continue;
            }
            out.push(Operation {
                method: method.to_uppercase(),
                path: path.clone(),
                id: op["operationId"].as_str().unwrap().to_owned(),
                anonymous_too: security
                    .iter()
                    .any(|s| s.as_object().is_some_and(|o| o.is_empty())),
            });
        }
    }
    out
}

async fn call(app: &TestApp, op: &Operation, target: &str, token: Option<&str>) -> u16 {
    let path = op
        .path
        .replace("{nip}", target)
        .replace("{client_id}", "sik-none")
        .replace("{id}", "none");
    let method = reqwest::Method::from_bytes(op.method.as_bytes()).unwrap();
    let mut req = app.client.request(method.clone(), app.url(&path));
    if method != reqwest::Method::GET {
        req = req.json(&serde_json::json!({
            "name": "", "scopes": [], "code": "123456", "password": "x", "match_code": "00",
            "role": "monitor", "orientation": "portrait"
        }));
    }
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    req.send().await.unwrap().status().as_u16()
}

async fn every_role_against_every_operation(app: TestApp) {
    app.load_demo();
    let set = data::build();
    let operations = bearer_operations();
    assert!(operations.len() > 30, "{} operations", operations.len());
    let unlisted: Vec<&str> = operations
        .iter()
        .filter(|op| door(&op.id, &set.people[0]).is_none())
        .map(|op| op.id.as_str())
        .collect();
    assert!(
        unlisted.is_empty(),
        "operations with no row in the role matrix: {unlisted:?}"
    );
    // Someone's record to act on: an employee of the first agency.
    let target = set
        .people
        .iter()
        .find(|p| p.role == Role::Employee)
        .unwrap()
        .nip
        .to_string();

    // Without a token, every door is shut (401).
    for op in &operations {
        let status = call(&app, op, &target, None).await;
        if op.anonymous_too {
            assert_ne!(status, 401, "{} {} without a token", op.method, op.path);
        } else {
            assert_eq!(status, 401, "{} {} without a token", op.method, op.path);
        }
    }
    // Each role, signed in, meets the door of the table.
    for viewer in set.people.iter().filter(|p| !p.must_change_password()) {
        let access = app.access_of_person(viewer).await;
        for op in &operations {
            let want = door(&op.id, viewer).unwrap();
            let status = call(&app, op, &target, Some(&access)).await;
            let got = if status == 403 {
                Door::Closed
            } else {
                Door::Open
            };
            assert!(
                status != 401 && got == want,
                "{:?} {} {} ({}): {status}, wanted {want:?}",
                viewer.role,
                op.method,
                op.path,
                op.id
            );
        }
    }
}

both!(every_role_against_every_operation);
