//! Imports of a SIASN "Export Data ASN" through the API: the generator's files uploaded by the
//! demo admin, followed to their end, and what they did counted again from the database.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;

use diesel::prelude::*;
use satu_api::db::schema::{cards, employees};
use serde_json::Value;

use crate::both;
use crate::common::{admin_and_agency, demo_account, field_error, problem, TestApp};

async fn upload(app: &TestApp, token: &str, body: Vec<u8>, query: &str) -> reqwest::Response {
    app.client
        .post(app.url(&format!("/api/v1/imports/employees{query}")))
        .bearer_auth(token)
        .header("content-type", "text/csv")
        .body(body)
        .send()
        .await
        .unwrap()
}

/// Uploads a file (202) and waits for its import to end; the import as answered then.
pub async fn import(app: &TestApp, token: &str, body: Vec<u8>, query: &str) -> Value {
    let res = upload(app, token, body, query).await;
    assert_eq!(res.status(), 202, "{:?}", res.text().await);
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    let queued: Value = res.json().await.unwrap();
    assert_eq!(
        location,
        format!("/api/v1/imports/{}", queued["id"].as_str().unwrap())
    );
    for _ in 0..1200 {
        let now: Value = app.get_json_as(&location, token).await;
        if now["status"] == "done" || now["status"] == "failed" {
            return now;
        }
        actix_web::rt::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the import did not end in two minutes");
}

/// The rows of a CSV file by column name.
fn rows_of(file: &std::path::Path) -> Vec<HashMap<String, String>> {
    let mut r = csv::Reader::from_path(file).unwrap();
    let head = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            head.iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_owned(), v.to_owned()))
                .collect()
        })
        .collect()
}

fn count_employees(app: &TestApp, agency: &str) -> i64 {
    let mut c = app.db.get().unwrap();
    employees::table
        .filter(employees::agency_id.eq(agency))
        .count()
        .get_result(&mut *c)
        .unwrap()
}

async fn an_export_imports_and_the_same_file_again_changes_nothing(app: TestApp) {
    app.load_demo();
    let (token, agency) = admin_and_agency(&app).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("export.csv");
    // More rows than one batch holds.
    let written = satu_api::demo::synthetic::write(620, &file).unwrap();
    let before = count_employees(&app, &agency);
    let first = import(&app, &token, std::fs::read(&file).unwrap(), "").await;
    assert_eq!(first["status"], "done", "{first}");
    assert_eq!(first["errors"], serde_json::json!([]), "{first}");
    assert_eq!(first["rows"], 620);
    assert_eq!(first["imported"], 620);
    assert_eq!(first["updated"], 0);
    assert_eq!(first["unchanged"], 0);
    assert_eq!(first["extra_columns"], serde_json::json!([]));
    assert_eq!(count_employees(&app, &agency), before + 620);

    // Counted again from the file: every PNS with a TMT PNS and every PPPK has a right to a card;
    // the SIASN serial a row carries is the one its card got.
    let rows = rows_of(&file);
    let entitled = rows
        .iter()
        .filter(|r| {
            r["jenis_pegawai"] == "PPPK"
                || (r["jenis_pegawai"] == "PNS DAERAH" && !r["tmt_pns"].is_empty())
        })
        .count();
    assert!(entitled > 300, "{entitled}");
    assert_eq!(first["cards_issued"], entitled as u64, "{first}");
    let mut c = app.db.get().unwrap();
    // (The demo's own cards hold the first numbers of each year: a row whose serial is taken
    // gets the next free number instead, so only numbers above the demo's are compared.)
    let kept: Vec<&HashMap<String, String>> = rows
        .iter()
        .filter(|r| {
            r["kartu_asn_virtual"]
                .get(5..)
                .and_then(|n| n.parse::<u32>().ok())
                .is_some_and(|n| n > 100)
        })
        .collect();
    assert!(kept.len() > 100, "{}", kept.len());
    for r in kept.iter().take(20) {
        let serial: String = cards::table
            .inner_join(employees::table)
            .filter(employees::nip.eq(&r["nip_baru"]))
            .select(cards::serial)
            .get_result(&mut *c)
            .unwrap();
        assert_eq!(serial, r["kartu_asn_virtual"]);
    }
    // A record as the row wrote it.
    let r = &rows[7];
    let (name, kind, birth): (String, String, chrono::NaiveDate) = employees::table
        .filter(employees::nip.eq(&r["nip_baru"]))
        .select((employees::name, employees::kind, employees::birth_date))
        .get_result(&mut *c)
        .unwrap();
    drop(c);
    assert_eq!(name, r["nama"]);
    assert_eq!(
        kind,
        if r["jenis_pegawai"] == "PPPK" {
            "PPPK"
        } else if r["jenis_pegawai"].starts_with('C') {
            "CPNS"
        } else {
            "PNS"
        }
    );
    assert_eq!(birth.format("%d-%m-%Y").to_string(), r["tanggal_lahir"]);

    // The same file again: nothing changes, and the import says which earlier one it repeats.
    let again = import(&app, &token, std::fs::read(&file).unwrap(), "").await;
    assert_eq!(again["status"], "done");
    assert_eq!(again["imported"], 0);
    assert_eq!(again["updated"], 0);
    assert_eq!(again["unchanged"], 620);
    assert_eq!(again["cards_issued"], 0);
    assert_eq!(again["same_file_as"], first["id"]);
    assert_eq!(count_employees(&app, &agency), before + 620);

    // One row edited: that employee is updated, the rest unchanged.
    let text = std::fs::read_to_string(&file).unwrap();
    let old_name = &rows[3]["nama"];
    let edited = text.replacen(old_name.as_str(), "NAMA YANG DIPERBAIKI", 1);
    let third = import(&app, &token, edited.into_bytes(), "").await;
    assert_eq!(third["updated"], 1, "{third}");
    assert_eq!(third["unchanged"], 619);
    assert!(third.get("same_file_as").is_none());

    // An imported employee's first login is NIP + NIK (never hashed at import), then activation.
    let someone = &rows[11];
    let res = app.login(&someone["nip_baru"], &someone["nik"]).await;
    assert_eq!(res.status(), 200);
    let step: Value = res.json().await.unwrap();
    assert_eq!(step["activation_required"], true, "{step}");
    let res = app.login(&someone["nip_baru"], &rows[12]["nik"]).await;
    problem(res, 401, "invalid_credentials").await;

    // The list shows the three imports, newest first.
    let list: Value = app.get_json_as("/api/v1/imports", &token).await;
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    assert_eq!(items[2]["id"], first["id"]);
    assert_eq!(written.rows, 620);
}

async fn the_bad_file_reports_every_bad_row_and_keeps_the_good(app: TestApp) {
    app.load_demo();
    let (token, _) = admin_and_agency(&app).await;
    let dir = tempfile::tempdir().unwrap();
    let written = satu_api::demo::synthetic::write(1, &dir.path().join("x.csv")).unwrap();
    let done = import(&app, &token, std::fs::read(&written.bad_file).unwrap(), "").await;
    assert_eq!(done["status"], "done", "{done}");
    assert_eq!(
        done["imported"], written.bad_file_good_rows as u64,
        "{done}"
    );
    let got: Vec<(u64, String)> = done["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["line"].as_u64().unwrap(),
                e["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let want: Vec<(u64, String)> = written
        .bad_rows
        .iter()
        .map(|b| {
            (
                b.line as u64,
                serde_json::to_value(b.problem)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_owned(),
            )
        })
        .collect();
    assert_eq!(got, want, "{done}");
    assert_eq!(done["error_count"], want.len() as u64);
    for e in done["errors"].as_array().unwrap() {
        assert!(e["message"].as_str().unwrap().len() > 10, "{e}");
    }
    let unknown_unit = done["errors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["code"] == "unit_unknown")
        .unwrap();
    assert!(unknown_unit["message"]
        .as_str()
        .unwrap()
        .contains("Antah Berantah"));

    // The refused rows as a spreadsheet reads them.
    let res = app
        .get_as(
            &format!(
                "/api/v1/imports/{}/errors.csv",
                done["id"].as_str().unwrap()
            ),
            &token,
        )
        .await;
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let bytes = res.bytes().await.unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let mut r = csv::Reader::from_reader(&bytes[3..]);
    assert_eq!(
        r.headers().unwrap().iter().collect::<Vec<_>>(),
        ["baris", "nip", "kode", "keterangan"]
    );
    let lines: Vec<(u64, String)> = r
        .records()
        .map(|x| {
            let x = x.unwrap();
            (x[0].parse().unwrap(), x[2].to_owned())
        })
        .collect();
    assert_eq!(lines, want);

    // Asked to, the import makes the unit the file names, and that row goes in.
    let again = import(
        &app,
        &token,
        std::fs::read(&written.bad_file).unwrap(),
        "?create_units=true",
    )
    .await;
    assert_eq!(again["units_created"], 1, "{again}");
    assert_eq!(again["imported"], 1, "{again}");
    assert!(again["errors"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["code"] != "unit_unknown"));
    let units: Value = app.get_json_as("/api/v1/units", &token).await;
    assert!(units
        .as_array()
        .unwrap()
        .iter()
        .any(|u| u["name"] == "Dinas Pariwisata Antah Berantah"));
}

async fn files_that_cannot_be_read_are_refused_before_any_row(app: TestApp) {
    app.load_demo();
    let (token, agency) = admin_and_agency(&app).await;
    let before = count_employees(&app, &agency);
    let imports_before = app.audit_count("import.queued");
    let head = "nip_baru,nama,nik,tanggal_lahir,jenis_pegawai,unor\n";
    // Latin-1, as a spreadsheet saves "CSV" on many machines.
    let mut latin = head.as_bytes().to_vec();
    latin.extend_from_slice(
        b"198504162010011001,REN\xC9 SUTRISNO,3577015604850001,16-04-1985,PNS,Setda\n",
    );
    let p = field_error(upload(&app, &token, latin, "").await, "file", "ISO-8859-1").await;
    assert_eq!(p["status"], 422);
    let p = field_error(
        upload(&app, &token, b"\xFF\xFEn\x00i\x00p\x00".to_vec(), "").await,
        "file",
        "UTF-16",
    )
    .await;
    assert_eq!(p["status"], 422);
    // A required column missing, named.
    let res = upload(
        &app,
        &token,
        b"nip_baru,nama,tanggal_lahir\n1,2,3\n".to_vec(),
        "",
    )
    .await;
    let p = field_error(res, "file", "nik").await;
    let message = p["errors"]["file"][0].as_str().unwrap();
    assert!(
        message.contains("jenis_pegawai") && message.contains("unor"),
        "{message}"
    );
    field_error(upload(&app, &token, Vec::new(), "").await, "file", "kosong").await;
    field_error(
        upload(&app, &token, b"\xEF\xBB\xBF".to_vec(), "").await,
        "file",
        "kosong",
    )
    .await;
    field_error(
        upload(&app, &token, b"nama,NAMA,nip_baru\n".to_vec(), "").await,
        "file",
        "lebih dari sekali",
    )
    .await;
    // Another agency's id is not found; other roles may not import.
    problem(
        upload(
            &app,
            &token,
            head.as_bytes().to_vec(),
            "?agency=01900000-0000-7000-8000-000000000000",
        )
        .await,
        404,
        "not_found",
    )
    .await;
    let monitor = app.access_of(&demo_account("monitor")).await;
    let res = upload(&app, &monitor, head.as_bytes().to_vec(), "").await;
    assert_eq!(res.status(), 403);
    let res = app.get_as("/api/v1/imports", &monitor).await;
    assert_eq!(res.status(), 403);
    problem(
        app.get_as(
            "/api/v1/imports/01900000-0000-7000-8000-000000000000",
            &token,
        )
        .await,
        404,
        "not_found",
    )
    .await;
    problem(
        app.get_as(
            "/api/v1/imports/01900000-0000-7000-8000-000000000000/errors.csv",
            &token,
        )
        .await,
        404,
        "not_found",
    )
    .await;
    assert_eq!(
        app.get_as(
            "/api/v1/imports/01900000-0000-7000-8000-000000000000/errors.csv",
            &monitor
        )
        .await
        .status(),
        403
    );
    // Nothing was queued, nothing written, no file left behind.
    assert_eq!(app.audit_count("import.queued"), imports_before);
    assert_eq!(count_employees(&app, &agency), before);
    let left = std::fs::read_dir(app.config.data_dir.join("imports"))
        .map(|d| d.count())
        .unwrap_or(0);
    assert_eq!(left, 0);

    // A header in another case, with a byte-order mark, spaces and a column nobody reads; the
    // form's file field, as the web app sends it.
    let mut body = b"\xEF\xBB\xBF".to_vec();
    body.extend_from_slice(b"NIP BARU,Nama,NIK,Tanggal Lahir,Jenis Pegawai,UNOR,Kolom Tambahan\n");
    let form = reqwest::multipart::Form::new()
        .text("file_name", "ekspor siasn.csv")
        .part(
            "file",
            reqwest::multipart::Part::bytes(body)
                .file_name("x.csv")
                .mime_str("text/csv")
                .unwrap(),
        );
    let res = app
        .client
        .post(app.url("/api/v1/imports/employees"))
        .bearer_auth(&token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 202);
    let queued: Value = res.json().await.unwrap();
    assert_eq!(queued["file_name"], "ekspor siasn.csv");
    assert_eq!(
        queued["extra_columns"],
        serde_json::json!(["Kolom Tambahan"])
    );
}

both!(
    an_export_imports_and_the_same_file_again_changes_nothing,
    the_bad_file_reports_every_bad_row_and_keeps_the_good,
    files_that_cannot_be_read_are_refused_before_any_row,
);

/// Review finding: an import wrote the file's `email` over an existing employee's record, and a
/// password reset goes to the record's email, so an admin (or a stale export) could take over an
/// account. An existing record's email and phone stay; only a record without one gets the file's.
async fn an_import_never_rewrites_the_email_an_account_is_reset_through(app: TestApp) {
    app.load_demo();
    let (token, _) = admin_and_agency(&app).await;
    let someone = crate::common::demo_accounts()
        .into_iter()
        .find(|a| {
            a.role == "employee" && a.agency == "Pemerintah Kota Madiun" && a.activation.is_some()
        })
        .unwrap();
    let record: Value = app
        .get_json_as(&format!("/api/v1/employees/{}", someone.nip), &token)
        .await;
    let email_of = |app: &TestApp| -> Option<String> {
        let mut c = app.db.get().unwrap();
        employees::table
            .filter(employees::nip.eq(&someone.nip))
            .select(employees::email)
            .get_result(&mut *c)
            .unwrap()
    };
    let before = email_of(&app);
    assert!(before.is_some());
    let birth =
        chrono::NaiveDate::parse_from_str(record["birth_date"].as_str().unwrap(), "%Y-%m-%d")
            .unwrap()
            .format("%d-%m-%Y");
    let csv = format!(
        "nip_baru,nama,nik,tanggal_lahir,jenis_pegawai,unor,email,nomor_hp\n{},{},{},{birth},{},{},penyerang@example.com,081299990000\n",
        someone.nip,
        record["name"].as_str().unwrap(),
        someone.password,
        record["kind"].as_str().unwrap(),
        record["unit"]["name"].as_str().unwrap(),
    );
    let done = import(&app, &token, csv.into_bytes(), "").await;
    assert_eq!(done["status"], "done", "{done}");
    assert_eq!(done["errors"], serde_json::json!([]), "{done}");
    assert_eq!(
        email_of(&app),
        before,
        "the import rewrote the email resets go to"
    );
}

both!(an_import_never_rewrites_the_email_an_account_is_reset_through);

/// Review finding: a NUL byte is UTF-8, but PostgreSQL refuses it in text, so one such field
/// failed every batch it was in (the whole import ended "failed"). It is now that row's error.
async fn a_control_character_is_the_rows_error_not_the_imports(app: TestApp) {
    app.load_demo();
    let (token, _) = admin_and_agency(&app).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("x.csv");
    satu_api::demo::synthetic::write(3, &file).unwrap();
    let text = std::fs::read_to_string(&file).unwrap();
    let rows = rows_of(&file);
    let poisoned = text.replacen(
        rows[1]["nama"].as_str(),
        &format!("{}\0X", rows[1]["nama"]),
        1,
    );
    let done = import(&app, &token, poisoned.into_bytes(), "").await;
    assert_eq!(done["status"], "done", "{done}");
    assert_eq!(done["imported"], 2, "{done}");
    assert_eq!(done["errors"][0]["code"], "value_invalid", "{done}");
    assert_eq!(done["errors"][0]["line"], 3);
    // A header whose quote never closes is refused at the upload, not read to the end.
    let res = upload(
        &app,
        &token,
        b"nip_baru,\"nama\nnik,unor\n1,2\n".to_vec(),
        "",
    )
    .await;
    field_error(res, "file", "tidak dapat dibaca").await;
}

both!(a_control_character_is_the_rows_error_not_the_imports);

/// A 200 MB upload is refused from its declared length, before a byte of it is read or stored.
async fn a_file_over_the_limit_is_refused_before_it_is_read(app: TestApp) {
    use std::io::{Read, Write};
    app.load_demo();
    let (token, _) = admin_and_agency(&app).await;
    let addr = app.address.trim_start_matches("http://").to_owned();
    let status = actix_web::rt::task::spawn_blocking(move || {
        let mut s = std::net::TcpStream::connect(addr).unwrap();
        write!(
            s,
            "POST /api/v1/imports/employees HTTP/1.1\r\nHost: satu.test\r\nAuthorization: Bearer {token}\r\nContent-Type: text/csv\r\nContent-Length: {}\r\n\r\nnip_baru,nama\n",
            200 * 1024 * 1024
        )
        .unwrap();
        let mut head = [0u8; 12];
        s.read_exact(&mut head).unwrap();
        String::from_utf8_lossy(&head).into_owned()
    })
    .await
    .unwrap();
    assert_eq!(status, "HTTP/1.1 413", "{status}");
    let left = std::fs::read_dir(app.config.data_dir.join("imports"))
        .map(|d| d.count())
        .unwrap_or(0);
    assert_eq!(left, 0, "nothing is left on disk");
}

both!(a_file_over_the_limit_is_refused_before_it_is_read);
