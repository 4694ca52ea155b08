//! `make bench`, imports of SIASN's "Export Data ASN", ratios from one run, SQLite and (when it
//! answers) PostgreSQL:
//! - the import of 100,000 generated rows (`satu-api demo --synthetic`), as `satu-api import`
//!   runs it (every row checked, upserted by NIP, an account and a card for each new employee,
//!   the progress recorded after every batch), against a raw batched insert of the same rows
//!   (read from the same file, the record made from each row, inserted 500 to a transaction,
//!   nothing else) into a database of the same state (goal: at most 2×);
//! - the importing process's peak RSS (goal: at most 150 MB: the file is never held whole);
//! - the change feed read after the import (100,000 `employee.updated`) in pages of 1,000, as an
//!   HR system's nightly sync reads it: rows per second.
//!
//! Each side runs in a process of its own (this bench started again in a child mode), so each
//! peak RSS is its own. `SATU_BENCH_ONLY=sqlite|postgres` runs one backend; `SATU_BENCH_ROWS`
//! changes the number of rows.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::collections::HashMap;
use std::path::Path;
use std::time::Instant;

use diesel::prelude::*;
use satu_api::config::DatabaseUrl;
use satu_api::db::{new_id, now, Db, DbConn};
use satu_api::employees::store::Employee;
use satu_api::imports::parse::{match_key, Header};
use satu_shared::imports::{ImportCounts, ImportStatus};

const ROWS: usize = 100_000;
const RATIO_GOAL: f64 = 2.0;
const RSS_GOAL_MB: f64 = 150.0;
const CHILD: &str = "SATU_BENCH_IMPORT_CHILD";

/// This process's peak resident memory, in MB.
fn peak_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn open(url: &str) -> Db {
    Db::open(&DatabaseUrl::parse(url).unwrap(), 2).unwrap()
}

/// A database with the demo agency and its units, as the import finds it.
fn prepare(url: &str) {
    let db = open(url);
    let mut c = db.get().unwrap();
    satu_api::demo::load(&mut c, &satu_api::demo::data::build()).unwrap();
}

fn agency(c: &mut DbConn) -> satu_api::org::store::Agency {
    satu_api::org::store::find_agency_by_code(c, satu_api::demo::data::MADIUN)
        .unwrap()
        .unwrap()
}

/// The child's side: the import, as `satu-api import` runs it.
fn import(url: &str, file: &Path) -> serde_json::Value {
    let db = open(url);
    let mut c = db.get().unwrap();
    let agency = agency(&mut c);
    let started = Instant::now();
    let (sha, size) = satu_api::imports::service::scan(file).unwrap().unwrap();
    let header = satu_api::imports::service::header_of(file).unwrap();
    let row = satu_api::imports::store::ImportRow::new(
        satu_api::imports::store::NewImport {
            agency_id: agency.id,
            created_by: None,
            file_name: "bench.csv".into(),
            file_sha256: sha,
            file_size: size,
            create_units: false,
            extra_columns: header.extra,
        },
        ImportStatus::Running,
    );
    satu_api::imports::store::insert(&mut c, &row).unwrap();
    let outcome = satu_api::imports::service::run(&mut c, &row, file);
    satu_api::imports::service::finish(&mut c, &row, &outcome).unwrap();
    let counts: ImportCounts = match outcome {
        Ok(c) => c,
        Err(e) => panic!("the import stopped: {e:?}"),
    };
    let secs = started.elapsed().as_secs_f64();
    let peak = peak_mb();
    // The feed, page by page from the start, as a nightly sync reads it.
    let agencies = vec![row.agency_id.clone()];
    let started = Instant::now();
    let (mut after, mut read, mut pages) = (0, 0usize, 0usize);
    loop {
        let page = satu_api::changes::page(&mut c, &agencies, after, 1000).unwrap();
        if page.items.is_empty() {
            break;
        }
        read += page.items.len();
        pages += 1;
        after = satu_api::changes::seq_of(&page.next).unwrap();
    }
    serde_json::json!({
        "secs": secs,
        "imported": counts.imported,
        "cards": counts.cards_issued,
        "peak_mb": peak,
        "feed_rows": read,
        "feed_pages": pages,
        "feed_secs": started.elapsed().as_secs_f64(),
    })
}

/// The child's side: the same rows read from the same file and inserted, nothing else.
fn raw(url: &str, file: &Path) -> serde_json::Value {
    let db = open(url);
    let mut c = db.get().unwrap();
    let agency = agency(&mut c);
    let units: HashMap<String, String> =
        satu_api::org::store::units_of_agencies(&mut c, &[agency.id.clone()].into())
            .unwrap()
            .into_iter()
            .map(|u| (match_key(&u.name), u.id))
            .collect();
    let started = Instant::now();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(satu_api::imports::service::open(file).unwrap());
    let mut rec = csv::StringRecord::new();
    reader.read_record(&mut rec).unwrap();
    let header = Header::read(&rec).unwrap();
    let mut n = 0;
    loop {
        let mut batch = Vec::with_capacity(500);
        while batch.len() < 500 && reader.read_record(&mut rec).unwrap() {
            let p = satu_api::imports::parse::row(&header, &rec, 0).unwrap();
            let at = now();
            batch.push(Employee {
                id: new_id(),
                nip: p.nip.to_string(),
                nik: p.nik.to_string(),
                name: p.name.clone(),
                gelar_depan: p.gelar_depan.clone(),
                gelar_belakang: p.gelar_belakang.clone(),
                birth_place: p.birth_place.clone(),
                birth_date: p.birth_date,
                sex: p.sex,
                religion: p.religion.clone(),
                marital_status: p.marital_status.clone(),
                address: p.address.clone(),
                email: p.email.clone(),
                phone: p.phone.clone(),
                kind: p.kind,
                status: p.status,
                kedudukan_hukum: p.kedudukan_hukum.to_owned(),
                status_date: None,
                status_sk: None,
                golongan: p.golongan.clone(),
                jenis_jabatan: p.jenis_jabatan.clone(),
                jabatan: p.jabatan.clone(),
                agency_id: agency.id.clone(),
                unit_id: units[&match_key(&p.unor)].clone(),
                tmt_cpns: p.tmt_cpns,
                tmt_pns: p.tmt_pns,
                pppk_start: p.pppk_start(),
                pppk_end: None,
                photo_path: None,
                created_at: at,
                updated_at: at,
                nomor_kk: None,
            });
        }
        if batch.is_empty() {
            break;
        }
        n += batch.len();
        satu_api::db::transaction::<_, diesel::result::Error, _>(&mut c, |c| {
            satu_api::employees::store::insert(c, &batch)
        })
        .unwrap();
    }
    serde_json::json!({
        "secs": started.elapsed().as_secs_f64(),
        "imported": n,
        "peak_mb": peak_mb(),
    })
}

/// Runs one side in a child process of its own; what it printed.
fn child(mode: &str, url: &str, file: &Path) -> serde_json::Value {
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .env(CHILD, mode)
        .env("SATU_BENCH_URL", url)
        .env("SATU_BENCH_FILE", file)
        .arg("--bench")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{mode}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(
        out.stdout
            .split(|b| *b == b'\n')
            .find(|l| l.starts_with(b"{"))
            .unwrap(),
    )
    .unwrap()
}

/// One backend: a database per side, each prepared alike, then the two sides.
fn run(name: &str, urls: [String; 2], file: &Path, rows: usize) {
    for u in &urls {
        prepare(u);
    }
    let raw = child("raw", &urls[0], file);
    let import = child("import", &urls[1], file);
    assert_eq!(import["imported"], rows as u64, "{import}");
    let (ri, rr) = (
        import["secs"].as_f64().unwrap(),
        raw["secs"].as_f64().unwrap(),
    );
    let ratio = ri / rr;
    println!(
        "{name}: import of {rows} rows {ri:.1} s ({:.0} rows/s, {} cards issued) vs raw batched insert {rr:.1} s ({:.0} rows/s); ratio {ratio:.2} (goal <= {RATIO_GOAL:.1}): {}",
        rows as f64 / ri,
        import["cards"],
        rows as f64 / rr,
        support::met(ratio <= RATIO_GOAL)
    );
    let (fr, fs) = (
        import["feed_rows"].as_u64().unwrap(),
        import["feed_secs"].as_f64().unwrap(),
    );
    println!(
        "{name}: change feed read from the start, {fr} changes in {} pages of 1000: {fs:.2} s, {:.0} changes/s",
        import["feed_pages"],
        fr as f64 / fs
    );
    let peak = import["peak_mb"].as_f64().unwrap();
    println!(
        "{name}: peak RSS of the importing process {peak:.0} MB (raw insert {:.0} MB); ratio {:.2} to the limit of {RSS_GOAL_MB:.0} MB: {}",
        raw["peak_mb"].as_f64().unwrap(),
        peak / RSS_GOAL_MB,
        support::met(peak <= RSS_GOAL_MB)
    );
}

fn main() {
    if let Ok(mode) = std::env::var(CHILD) {
        let url = std::env::var("SATU_BENCH_URL").unwrap();
        let file = std::path::PathBuf::from(std::env::var("SATU_BENCH_FILE").unwrap());
        let said = match mode.as_str() {
            "raw" => raw(&url, &file),
            _ => import(&url, &file),
        };
        println!("{said}");
        return;
    }
    let rows: usize = std::env::var("SATU_BENCH_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(ROWS);
    let only = std::env::var("SATU_BENCH_ONLY").unwrap_or_default();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("export.csv");
    satu_api::demo::synthetic::write(rows, &file).unwrap();
    println!(
        "import bench: {rows} rows, {:.1} MB",
        std::fs::metadata(&file).unwrap().len() as f64 / 1e6
    );
    if only != "postgres" {
        let urls = ["raw", "import"]
            .map(|s| format!("sqlite://{}", dir.path().join(format!("{s}.db")).display()));
        run("SQLite", urls, &file, rows);
    }
    if only == "sqlite" {
        return;
    }
    let Some((admin, mut pg)) = support::pg_admin() else {
        return;
    };
    let names = ["raw", "import"].map(|s| format!("satu_bench_{s}_{}", std::process::id()));
    let urls = names.clone().map(|n| {
        diesel::sql_query(format!("CREATE DATABASE \"{n}\""))
            .execute(&mut pg)
            .unwrap();
        let mut url = url::Url::parse(&admin).unwrap();
        url.set_path(&format!("/{n}"));
        url.to_string()
    });
    run("PostgreSQL", urls, &file, rows);
    for n in names {
        let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS \"{n}\" WITH (FORCE)"))
            .execute(&mut pg);
    }
}
