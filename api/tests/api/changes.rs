//! The change feed an HR system follows: what an import, a status change and a card's validity
//! change tell it, in commit order, read page by page with the cursor it stores; changes made
//! while it reads are neither missed nor read twice.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::{json, Value};

use crate::both;
use crate::common::{
    admin_and_agency, demo_account, demo_accounts, field_error, hr_client_token, TestApp,
};
use crate::imports::import;

/// Every change after `after`, read `limit` at a time; the changes and the last `next`.
async fn read_all(app: &TestApp, token: &str, after: &str, limit: usize) -> (Vec<Value>, String) {
    let mut items = Vec::new();
    let mut next = after.to_owned();
    loop {
        let page: Value = app
            .get_json_as(
                &format!("/api/v1/changes?after={next}&limit={limit}"),
                token,
            )
            .await;
        let got = page["items"].as_array().unwrap().clone();
        next = page["next"].as_str().unwrap().to_owned();
        if got.is_empty() {
            return (items, next);
        }
        assert!(got.len() <= limit);
        assert_eq!(got.last().unwrap()["cursor"], page["next"]);
        items.extend(got);
    }
}

async fn dismiss(app: &TestApp, admin: &str, nip: &str) {
    let res = app
        .patch_json_as(
            &format!("/api/v1/employees/{nip}/status"),
            admin,
            &json!({"kedudukan_hukum": "66", "date": "2026-11-01", "sk_number": "800.1.6.4/1/2026"}),
        )
        .await;
    assert_eq!(res.status(), 200, "{:?}", res.text().await);
}

async fn the_feed_tells_each_change_once_in_commit_order(app: TestApp) {
    app.load_demo();
    let (admin, _) = admin_and_agency(&app).await;
    let hr = hr_client_token(&app, json!(["employees:read"])).await;
    // Nothing yet: an empty page whose `next` is where to start again.
    let first: Value = app.get_json_as("/api/v1/changes", &hr).await;
    assert_eq!(first["items"], json!([]));
    let start = first["next"].as_str().unwrap().to_owned();

    // A dismissal: the record, and the card that stops being valid.
    let holder = demo_accounts()
        .into_iter()
        .find(|a| {
            a.role == "employee"
                && a.agency == "Pemerintah Kota Madiun"
                && a.kind == "PNS"
                && a.status == "aktif"
        })
        .unwrap();
    dismiss(&app, &admin, &holder.nip).await;
    let (items, after_dismissal) = read_all(&app, &hr, &start, 1).await;
    assert_eq!(items.len(), 2, "{items:?}");
    assert_eq!(items[0]["type"], "employee.updated");
    assert_eq!(items[0]["nip"], holder.nip.as_str());
    assert_eq!(items[0]["data"]["status"], "diberhentikan");
    assert_eq!(items[0]["data"]["kedudukan_hukum"], "66");
    assert_eq!(items[0]["data"]["source"], "status");
    assert_eq!(items[1]["type"], "card.status_changed");
    assert_eq!(items[1]["data"]["status"], "invalid");
    assert_eq!(items[1]["data"]["reason"], "dismissed");

    // An import of 25 rows: 25 records made, after the dismissal.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("x.csv");
    satu_api::demo::synthetic::write(25, &file).unwrap();
    import(&app, &admin, std::fs::read(&file).unwrap(), "").await;
    let (imported, end) = read_all(&app, &hr, &after_dismissal, 7).await;
    assert_eq!(imported.len(), 25);
    assert!(imported
        .iter()
        .all(|c| c["type"] == "employee.updated" && c["data"]["source"] == "import"));
    assert!(imported[0]["data"]["unit"]["name"].as_str().unwrap().len() > 3);
    // The same file again changes nothing, so it tells nothing.
    import(&app, &admin, std::fs::read(&file).unwrap(), "").await;
    let (none, same) = read_all(&app, &hr, &end, 1000).await;
    assert!(none.is_empty());
    assert_eq!(same, end);
    // Read from the start in one page: the same 27 changes, in the same order.
    let (all, _) = read_all(&app, &hr, "", 1000).await;
    let cursors = |v: &[Value]| v.iter().map(|c| c["cursor"].clone()).collect::<Vec<_>>();
    assert_eq!(
        cursors(&all),
        [cursors(&items), cursors(&imported)].concat()
    );
    // The agency admin reads the same feed.
    let (as_admin, _) = read_all(&app, &admin, "", 1000).await;
    assert_eq!(as_admin.len(), 27);

    // Bad input: a cursor of nothing, a limit out of range.
    field_error(
        app.get_as("/api/v1/changes?after=12", &hr).await,
        "after",
        "Kursor",
    )
    .await;
    for limit in ["0", "1001"] {
        field_error(
            app.get_as(&format!("/api/v1/changes?limit={limit}"), &hr)
                .await,
            "limit",
            "1000",
        )
        .await;
    }
    // A client without employees:read, and staff who are not admins, may not read it.
    let cards_only = hr_client_token(&app, json!(["cards:read"])).await;
    assert_eq!(
        app.get_as("/api/v1/changes", &cards_only).await.status(),
        403
    );
    let monitor = app.access_of(&demo_account("monitor")).await;
    assert_eq!(app.get_as("/api/v1/changes", &monitor).await.status(), 403);
}

/// Changes committed while a reader pages through the feed: the reader, storing only `next`,
/// ends with every change exactly once and their numbers without a gap.
async fn changes_made_while_reading_are_neither_missed_nor_repeated(app: TestApp) {
    app.load_demo();
    let (admin, _) = admin_and_agency(&app).await;
    let hr = hr_client_token(&app, json!(["employees:read"])).await;
    let targets: Vec<String> = demo_accounts()
        .into_iter()
        .filter(|a| a.role == "employee" && a.agency == "Pemerintah Kota Madiun")
        .map(|a| a.nip)
        .take(12)
        .collect();
    assert!(targets.len() >= 8);
    let writers = async {
        let (a, b): (Vec<_>, Vec<_>) = targets.iter().enumerate().partition(|(i, _)| i % 2 == 0);
        let one = async {
            for (_, nip) in a {
                dismiss(&app, &admin, nip).await;
            }
        };
        let two = async {
            for (_, nip) in b {
                dismiss(&app, &admin, nip).await;
            }
        };
        futures_util::join!(one, two);
    };
    let reader = async {
        let mut seen = Vec::new();
        let mut next = String::new();
        for _ in 0..40 {
            let page: Value = app
                .get_json_as(&format!("/api/v1/changes?after={next}&limit=2"), &hr)
                .await;
            seen.extend(page["items"].as_array().unwrap().clone());
            next = page["next"].as_str().unwrap().to_owned();
        }
        (seen, next)
    };
    let ((), (mut seen, next)) = futures_util::join!(writers, reader);
    let (rest, _) = read_all(&app, &hr, &next, 2).await;
    seen.extend(rest);
    let (all, _) = read_all(&app, &hr, "", 1000).await;
    assert_eq!(
        seen, all,
        "what was read while writing differs from the feed"
    );
    let updates = all
        .iter()
        .filter(|c| c["type"] == "employee.updated")
        .count();
    assert_eq!(updates, targets.len());
    // Numbered without a gap: the decoded numbers run 1, 2, 3, …
    let numbers: Vec<i64> = all
        .iter()
        .map(|c| satu_api::changes::seq_of(c["cursor"].as_str().unwrap()).unwrap())
        .collect();
    assert_eq!(numbers, (1..=all.len() as i64).collect::<Vec<_>>());
}

both!(
    the_feed_tells_each_change_once_in_commit_order,
    changes_made_while_reading_are_neither_missed_nor_repeated,
);

/// A PPPK agreement ends with no write to the record: the next day's housekeeping tells the feed
/// that the card is no longer valid, once.
async fn a_pppk_agreement_that_ended_is_told_the_next_day(app: TestApp) {
    use diesel::prelude::*;
    use satu_api::db::schema::{cards, employees};
    app.load_demo();
    let hr = hr_client_token(&app, json!(["employees:read"])).await;
    // The server's housekeeping has done today already; the test looks at tomorrow.
    let tomorrow = satu_api::db::today_wib() + chrono::Duration::days(1);
    let mut c = app.db.get().unwrap();
    let holders: Vec<String> = employees::table
        .inner_join(cards::table)
        .filter(employees::kind.eq("PPPK"))
        .filter(employees::status.eq("aktif"))
        .select(employees::nip)
        .load(&mut *c)
        .unwrap();
    assert!(holders.len() >= 2, "{holders:?}");
    let (ended, still) = (&holders[0], &holders[1]);
    for (nip, end) in [
        (ended, tomorrow - chrono::Duration::days(1)),
        (still, tomorrow),
    ] {
        diesel::update(employees::table.filter(employees::nip.eq(nip)))
            .set(employees::pppk_end.eq(Some(end)))
            .execute(&mut *c)
            .unwrap();
    }
    let (before, _) = read_all(&app, &hr, "", 1000).await;
    assert_eq!(satu_api::changes::daily(&mut c, tomorrow).unwrap(), 1);
    assert_eq!(
        satu_api::changes::daily(&mut c, tomorrow).unwrap(),
        0,
        "once a day"
    );
    drop(c);
    let (all, _) = read_all(&app, &hr, "", 1000).await;
    let told: Vec<&Value> = all[before.len()..].iter().collect();
    assert_eq!(told.len(), 1, "{told:?}");
    assert_eq!(told[0]["type"], "card.status_changed");
    assert_eq!(told[0]["nip"], ended.as_str());
    assert_eq!(told[0]["data"]["status"], "invalid");
    assert_eq!(told[0]["data"]["reason"], "contract_ended");
    assert_eq!(told[0]["data"]["since"], tomorrow.to_string());
}

both!(a_pppk_agreement_that_ended_is_told_the_next_day);
