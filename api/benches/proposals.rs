//! `make bench`, Pemutakhiran Data Mandiri, ratios from one run:
//! 1. Deadline burst: 200 concurrent employees each create a proposal and upload a 1 MB PDF,
//!    against the same server taking the same bytes from the same clients into a handler that
//!    only stores them (goal: at least 0.5 of its throughput, no errors); p99 and the process's
//!    peak RSS printed (goal: at most 300 MB). Every upload is a document of its own (the
//!    content-addressed storage keeps the same bytes once, which a burst of real scans never
//!    meets), and the page cache is warmed first (see [`warm_page_cache`]).
//! 2. Inboxes over 100,000 proposals: a verifier's inbox page of 50 rows (first page, filters,
//!    a name search, deep pages by offset and by cursor) against a primary-key read of one
//!    proposal through the same API (goal: p95 at most 5×), on SQLite and, when it answers,
//!    PostgreSQL (`SATU_BENCH_PG_URL`, else `SATU_TEST_PG_URL`).
//!
//! Prints ratios against the goals; never fails a build. `SATU_BENCH_ONLY=sqlite|postgres` runs
//! one backend.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::collections::BTreeMap;
use std::net::TcpListener;
use std::sync::Arc;
use std::time::{Duration, Instant};
use support::{cores, login, met, percentile};

use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{Datelike, NaiveDate};
use diesel::prelude::*;
use satu_api::accounts::store::{NewAccount, NewRoleAssignment};
use satu_api::auth::Principal;
use satu_api::config::Config;
use satu_api::db::schema::{employees, proposal_events, proposals, units};
use satu_api::db::{new_id, now, Db, DbConn, Stored};
use satu_api::demo::data::DemoScope;
use satu_api::employees::store::Employee;
use satu_api::error::ApiError;
use satu_api::proposals::store::{EventRow, ProposalRow};
use satu_api::startup::Application;
use satu_api::state::AppState;
use satu_shared::proposal::{Event, ProposalAction, ProposalStatus, Step};
use satu_shared::{Nik, Nip, Role, ScopeKind, Sex};

const CLIENTS: usize = 200;
/// Each client repeats its operation this many times, so that one slow start does not decide.
const ROUNDS: usize = 8;
/// The two phases of the burst take turns this many times ([`ROUNDS`] / `SLICES` rounds each
/// turn), so that what drifts while the bench runs (the page cache, the database's files, the
/// machine's other load) falls on both alike instead of on whichever ran second.
const SLICES: usize = 4;
const BURST_RATIO_GOAL: f64 = 0.5;
const RSS_GOAL_MB: f64 = 300.0;
const PROPOSALS: usize = 100_000;
/// Employees the proposals belong to.
const EMPLOYEES: usize = 2_000;
const INBOX_RATIO_GOAL: f64 = 5.0;
const SAMPLES: usize = 200;
/// Just under the 1 MB limit, as a scan at 150 dpi weighs.
const PDF_BYTES: usize = 1_000_000;
const PASSWORD: &str = "Bench#SatuASN2026";

/// A process's resident memory now and at its peak, in MB (`/proc/<pid>/status`).
fn rss_mb(pid: u32) -> (f64, f64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
            .map_or(f64::NAN, |kb| kb / 1024.0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// The bare handler of the burst's baseline: the same authentication, the same bounded upload
/// reader and the same storage as a document upload, and nothing else.
fn store_only(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/bench/store").post(store_handler));
}

async fn store_handler(
    state: web::Data<AppState>,
    _who: Principal,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let upload = satu_api::upload::read_upload(
        &req,
        payload,
        satu_api::documents::DOCUMENT_MAX_BYTES,
        "file",
        &["application/pdf"],
        &[],
    )
    .await?;
    state
        .files
        .put(&format!("bench/{}", new_id()), upload.bytes.into())
        .await
        .map_err(ApiError::Internal)?;
    Ok(HttpResponse::Created().finish())
}

/// A one-page PDF of about [`PDF_BYTES`] carrying a scanned page's worth of image data, and
/// where in it the image data starts (see [`Scan::nth`]).
fn scan_pdf(seed: u64) -> Scan {
    use lopdf::{dictionary, Document, Object, Stream};
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let noise: Vec<u8> = (0..PDF_BYTES - 1_000)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect();
    let probe = noise[..64].to_vec();
    let image = doc.add_object(Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Image", "Width" => 1240, "Height" => 1754,
            "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8, "Filter" => "DCTDecode",
        },
        noise,
    ));
    let content = doc.add_object(Stream::new(
        dictionary! {},
        b"q 595 0 0 842 0 0 cm /Im0 Do Q".to_vec(),
    ));
    let page = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        "Contents" => content,
        "Resources" => dictionary! { "XObject" => dictionary! { "Im0" => image } },
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1,
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    assert!(satu_api::documents::check_pdf(&out).is_ok());
    let image_at = out.windows(probe.len()).position(|w| w == probe).unwrap();
    Scan { pdf: out, image_at }
}

/// A scan whose copies can be told apart.
struct Scan {
    pdf: Vec<u8>,
    image_at: usize,
}

impl Scan {
    /// The `n`th upload's bytes: the scan with `n` written into its image data. Every upload of
    /// a burst is a document of its own, as on a deadline day (the same bytes twice would be one
    /// file in the content-addressed storage, and cost less than a real upload); both phases pay
    /// the same copy.
    fn nth(&self, n: usize) -> bytes::Bytes {
        let mut v = self.pdf.clone();
        v[self.image_at..self.image_at + 8].copy_from_slice(&(n as u64).to_le_bytes());
        v.into()
    }
}

fn settings(dir: &std::path::Path, database_url: &str) -> BTreeMap<String, String> {
    [
        ("SATU_DATABASE_URL", database_url.to_owned()),
        ("SATU_DATA_DIR", dir.join("data").display().to_string()),
        ("SATU_WEB_DIR", dir.join("web").display().to_string()),
        ("SATU_LOGIN_RATE_PER_MINUTE", "100000000".to_string()),
        ("SATU_DB_POOL_SIZE", "16".to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

/// Set in the server process this bench starts of itself.
const SERVER_MODE: &str = "SATU_BENCH_SERVER";

/// The server process: the application with the bare handler, on the settings of its
/// environment; prints its port, then serves until killed.
fn server_process() {
    let config = Config::from_env().unwrap();
    let db = Db::open(&config.database_url, config.db_pool_size).unwrap();
    actix_web::rt::System::new().block_on(async move {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let app = Application::build_with(config, db, listener, Some(cores()), store_only).unwrap();
        println!("{}", app.port());
        app.run().await.unwrap();
    });
}

/// The server under test, in a process of its own so that its memory is its own.
struct Server {
    child: std::process::Child,
    base: String,
}

impl Server {
    fn start(settings: &BTreeMap<String, String>) -> Server {
        use std::io::BufRead;
        let mut child = std::process::Command::new(std::env::current_exe().unwrap())
            .envs(settings)
            .env(SERVER_MODE, "1")
            .env("RUST_LOG", "warn")
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let base = format!("http://127.0.0.1:{}", line.trim());
        Server { child, base }
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The demo's Madiun verifier and the units they verify (their unit and those below it).
struct Scope {
    verifier_nip: String,
    verifier_password: String,
    units: Vec<String>,
    other_units: Vec<String>,
}

fn scope_of(conn: &mut DbConn, set: &satu_api::demo::data::DemoSet) -> Scope {
    let verifier = set
        .people
        .iter()
        .find(|p| {
            p.role == Role::Verifikator
                && p.agency == satu_api::demo::data::MADIUN
                && p.scopes.iter().any(|s| matches!(s, DemoScope::Unit(_)))
        })
        .unwrap();
    let code = verifier
        .scopes
        .iter()
        .find_map(|s| match s {
            DemoScope::Unit(u) => Some(*u),
            _ => None,
        })
        .unwrap();
    let all: Vec<(String, Option<String>, String)> = units::table
        .inner_join(
            satu_api::db::schema::agencies::table
                .on(satu_api::db::schema::agencies::id.eq(units::agency_id)),
        )
        .filter(satu_api::db::schema::agencies::code.eq(satu_api::demo::data::MADIUN))
        .select((units::id, units::parent_id, units::code))
        .load(conn)
        .unwrap();
    let root = all.iter().find(|u| u.2 == code).unwrap().0.clone();
    let mut inside = vec![root];
    loop {
        let more: Vec<String> = all
            .iter()
            .filter(|u| u.1.as_ref().is_some_and(|p| inside.contains(p)) && !inside.contains(&u.0))
            .map(|u| u.0.clone())
            .collect();
        if more.is_empty() {
            break;
        }
        inside.extend(more);
    }
    let other_units = all
        .iter()
        .filter(|u| !inside.contains(&u.0))
        .map(|u| u.0.clone())
        .collect();
    Scope {
        verifier_nip: verifier.nip.to_string(),
        verifier_password: verifier.password(),
        units: inside,
        other_units,
    }
}

/// One of the added employees.
#[derive(Clone)]
struct Person {
    id: String,
    nip: String,
    unit: String,
    account: String,
}

/// `n` employees with active accounts (one password), 7 in 10 in the verifier's units.
fn add_employees(conn: &mut DbConn, scope: &Scope, n: usize) -> Vec<Person> {
    let template: Employee = employees::table
        .filter(employees::unit_id.eq(&scope.units[0]))
        .select(Employee::as_select())
        .limit(1)
        .get_result(conn)
        .unwrap();
    let hash = satu_api::accounts::password::hash(PASSWORD).unwrap();
    let at = now();
    let first = [
        "Agus", "Sri", "Budi", "Dewi", "Eko", "Rina", "Joko", "Wahyu", "Siti", "Hadi",
    ];
    let last = [
        "Santoso",
        "Wulandari",
        "Prasetyo",
        "Rahayu",
        "Setiawan",
        "Lestari",
        "Nugroho",
        "Hidayat",
        "Kurniawan",
        "Puspitasari",
        "Saputra",
        "Handayani",
    ];
    let mut people = Vec::new();
    let mut accounts = Vec::new();
    let mut roles = Vec::new();
    let mut made = Vec::new();
    let base = NaiveDate::from_ymd_opt(1972, 1, 1).unwrap();
    for k in 0..n {
        let birth = base + chrono::Duration::days((k * 3) as i64);
        let sex = if k % 2 == 0 {
            Sex::LakiLaki
        } else {
            Sex::Perempuan
        };
        let seq = 500 + (k % 400) as u32;
        let nip = Nip::from_parts(birth, birth.year() + 25, 3, sex, seq)
            .unwrap()
            .to_string();
        let nik = Nik::from_parts(357701, birth, sex, 5000 + (k % 4000) as u32)
            .unwrap()
            .to_string();
        let unit = if k % 10 < 7 {
            scope.units[k % scope.units.len()].clone()
        } else {
            scope.other_units[k % scope.other_units.len()].clone()
        };
        let id = new_id();
        let name = format!(
            "{} {} {}",
            first[k % 10],
            first[(k / 10) % 10],
            last[k % 12]
        );
        let mut e = template.clone();
        e.id = id.clone();
        e.nip = nip.clone();
        e.nik = nik;
        e.name = name.clone();
        e.sex = sex;
        e.birth_date = birth;
        e.unit_id = unit.clone();
        e.email = Some(format!("pegawai{k}@example.go.id"));
        people.push(e);
        let account_id = new_id();
        accounts.push(NewAccount {
            id: account_id.clone(),
            login: nip.clone(),
            employee_id: Some(id.clone()),
            display_name: name,
            password_hash: hash.clone(),
            must_change_password: false,
            password_changed_at: Some(at),
            failed_logins: 0,
            locked_until: None,
            disabled: false,
            created_at: at,
            updated_at: at,
            activated_at: Some(at),
            initial_credential_at: None,
        });
        roles.push(NewRoleAssignment {
            id: new_id(),
            account_id: account_id.clone(),
            role: Role::Employee,
            scope_kind: ScopeKind::Own,
            scope_id: String::new(),
            created_at: at,
        });
        made.push(Person {
            id,
            nip,
            unit,
            account: account_id,
        });
    }
    satu_api::db::transaction::<_, diesel::result::Error, _>(conn, |c| {
        satu_api::employees::store::insert(c, &people)?;
        for chunk in accounts.chunks(500) {
            satu_api::accounts::store::insert_accounts(c, chunk)?;
        }
        for chunk in roles.chunks(500) {
            satu_api::accounts::store::insert_roles(c, chunk)?;
        }
        Ok(())
    })
    .unwrap();
    made
}

/// What one phase of the burst measured.
#[derive(Default)]
struct Burst {
    seconds: f64,
    ops: usize,
    errors: usize,
    latencies: Vec<f64>,
    peak_rss: f64,
}

impl Burst {
    fn add(mut self, other: Burst) -> Burst {
        self.seconds += other.seconds;
        self.ops += other.ops;
        self.errors += other.errors;
        self.latencies.extend(other.latencies);
        self.latencies.sort_by(f64::total_cmp);
        self.peak_rss = self.peak_rss.max(other.peak_rss);
        self
    }

    fn rate(&self) -> f64 {
        self.ops as f64 / self.seconds
    }

    fn print(&self, what: &str) {
        println!(
            "  {what}: {:.1}/s, p50 {:.0} ms, p99 {:.0} ms, {} errors",
            self.rate(),
            percentile(&self.latencies, 0.5),
            percentile(&self.latencies, 0.99),
            self.errors
        );
    }
}

/// Every client runs `op` `rounds` times at once with the others (the `n` it is given counts on
/// from `first`, one apart for each operation); the server's RSS is sampled meanwhile.
async fn burst<F, Fut>(server: u32, tokens: &[String], first: usize, rounds: usize, op: &F) -> Burst
where
    F: Fn(usize, String) -> Fut,
    Fut: std::future::Future<Output = bool> + 'static,
{
    let sampling = Arc::new(std::sync::atomic::AtomicBool::new(true));
    let sampler = {
        let sampling = sampling.clone();
        std::thread::spawn(move || {
            let mut peak: f64 = 0.0;
            while sampling.load(std::sync::atomic::Ordering::Relaxed) {
                peak = peak.max(rss_mb(server).0);
                std::thread::sleep(Duration::from_millis(20));
            }
            peak
        })
    };
    let start = Instant::now();
    let mut tasks = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        let fut_of = |r: usize| op(first + i * rounds + r, token.clone());
        let futs: Vec<Fut> = (0..rounds).map(fut_of).collect();
        tasks.push(actix_web::rt::spawn(async move {
            let mut out = Vec::new();
            for f in futs {
                let t = Instant::now();
                let ok = f.await;
                out.push((ok, t.elapsed().as_secs_f64() * 1000.0));
            }
            out
        }));
    }
    let mut latencies = Vec::new();
    let mut errors = 0;
    for t in tasks {
        for (ok, ms) in t.await.unwrap() {
            latencies.push(ms);
            if !ok {
                errors += 1;
            }
        }
    }
    let seconds = start.elapsed().as_secs_f64();
    sampling.store(false, std::sync::atomic::Ordering::Relaxed);
    let peak_rss = sampler.join().unwrap();
    latencies.sort_by(f64::total_cmp);
    Burst {
        seconds,
        ops: latencies.len(),
        errors,
        latencies,
        peak_rss,
    }
}

/// Posts a PDF body; whether it was taken (201).
async fn post_pdf(client: &reqwest::Client, url: String, token: &str, body: bytes::Bytes) -> bool {
    client
        .post(url)
        .bearer_auth(token)
        .header("content-type", "application/pdf")
        .body(body)
        .send()
        .await
        .is_ok_and(|r| r.status() == 201)
}

/// Writes and removes as many bytes as both phases of a burst will store, so that neither phase
/// meets memory the machine has never touched: in a virtual machine the first write to a page of
/// guest memory costs several times a later one (here a first 1.5 GB written to the page cache
/// took 3.2 s of system time, the next 0.3 s), which would charge whichever phase came first to
/// that memory, and which a server that has been running does not pay.
fn warm_page_cache(dir: &std::path::Path, bytes: usize) {
    use std::io::Write;
    let t = Instant::now();
    let path = dir.join("warm-up");
    let chunk = vec![0x5a_u8; 1 << 20];
    let mut f = std::fs::File::create(&path).unwrap();
    for _ in 0..bytes.div_ceil(chunk.len()) {
        f.write_all(&chunk).unwrap();
    }
    drop(f);
    std::fs::remove_file(&path).unwrap();
    println!(
        "  page cache warmed: {:.1} GB written and removed in {:.1} s",
        bytes as f64 / 1e9,
        t.elapsed().as_secs_f64()
    );
}

/// Removes the files a turn stored (between turns, not timed; nothing reads them again), so that
/// every turn writes into memory the page cache has used before, as on a server that has been
/// running, instead of into memory the virtual machine has never touched (see
/// [`warm_page_cache`]): that cost, several times the write itself, would fall on whichever kind
/// happened to need fresh memory.
fn forget_files(data_dir: &std::path::Path) {
    for sub in ["bench", "documents"] {
        let Ok(entries) = std::fs::read_dir(data_dir.join(sub)) else {
            continue;
        };
        for e in entries.flatten() {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

fn deadline_burst(label: &str, settings: &BTreeMap<String, String>, people: &[Person]) {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(CLIENTS)
        .build()
        .unwrap();
    let scan = Arc::new(scan_pdf(1));
    let rt = actix_web::rt::System::new();
    rt.block_on(async {
        // Logged in on a server of their own before: the burst is about proposals, not argon2,
        // and the servers that are measured start fresh.
        let mut tokens = Vec::new();
        {
            let setup = Server::start(settings);
            for chunk in people[..CLIENTS].chunks(cores() * 2) {
                let logins: Vec<_> = chunk
                    .iter()
                    .map(|p| login(&client, &setup.base, &p.nip, PASSWORD))
                    .collect();
                for l in logins {
                    tokens.push(l.await);
                }
            }
        }
        warm_page_cache(
            std::path::Path::new(&settings["SATU_DATA_DIR"]),
            2 * CLIENTS * ROUNDS * scan.pdf.len(),
        );
        // Every server fresh, so that each one's memory is its own kind's.
        let (bare, full, one) = (
            Server::start(settings),
            Server::start(settings),
            Server::start(settings),
        );
        let rss_idle = rss_mb(bare.pid()).0;
        let store = {
            let (client, scan, base) = (client.clone(), scan.clone(), bare.base.clone());
            move |n: usize, token: String| {
                let (client, body, url) = (client.clone(), scan.nth(n), format!("{base}/bench/store"));
                async move { post_pdf(&client, url, &token, body).await }
            }
        };
        let propose = {
            let (client, scan, base) = (client.clone(), scan.clone(), full.base.clone());
            move |n: usize, token: String| {
                let (client, body, base) = (client.clone(), scan.nth(n), base.clone());
                async move {
                    let created = client
                        .post(format!("{base}/api/v1/proposals"))
                        .bearer_auth(&token)
                        .json(&serde_json::json!({"category": "penghargaan", "action": "add", "data": {
                            "jenis_penghargaan": "Satyalancana Karya Satya X Tahun", "tahun": 2025,
                            "nomor_sk": format!("{n}/TK/2025"), "tanggal_sk": "2025-08-10"
                        }}))
                        .send()
                        .await;
                    let Ok(created) = created else { return false };
                    if created.status() != 201 {
                        return false;
                    }
                    let Ok(p) = created.json::<serde_json::Value>().await else {
                        return false;
                    };
                    let id = p["id"].as_str().unwrap_or_default().to_owned();
                    let url = format!("{base}/api/v1/proposals/{id}/documents?kind=sk_penghargaan");
                    post_pdf(&client, url, &token, body).await
                }
            }
        };
        // The web app's form: the proposal and its PDF in one request.
        let propose_one = {
            let (client, scan, base) = (client.clone(), scan.clone(), one.base.clone());
            move |n: usize, token: String| {
                let (client, body, url) = (
                    client.clone(),
                    // Documents of their own, not those of the two-request kind.
                    scan.nth(n + 1_000_000),
                    format!("{}/api/v1/proposals", base),
                );
                async move {
                    let proposal = serde_json::json!({"category": "penghargaan", "action": "add", "data": {
                        "jenis_penghargaan": "Satyalancana Karya Satya X Tahun", "tahun": 2025,
                        "nomor_sk": format!("{n}/TK/2025"), "tanggal_sk": "2025-08-10"
                    }});
                    let form = reqwest::multipart::Form::new()
                        .text("proposal", proposal.to_string())
                        .text("kind", "sk_penghargaan")
                        .part(
                            "file",
                            reqwest::multipart::Part::stream_with_length(
                                reqwest::Body::from(body.clone()),
                                body.len() as u64,
                            )
                                .file_name("piagam.pdf")
                                .mime_str("application/pdf")
                                .unwrap(),
                        );
                    client
                        .post(url)
                        .bearer_auth(&token)
                        .multipart(form)
                        .send()
                        .await
                        .is_ok_and(|r| r.status() == 201)
                }
            }
        };
        let rounds = ROUNDS / SLICES;
        let (mut stored, mut two, mut single) =
            (Burst::default(), Burst::default(), Burst::default());
        let data_dir = std::path::Path::new(&settings["SATU_DATA_DIR"]);
        for slice in 0..SLICES {
            let first = slice * CLIENTS * rounds;
            stored = stored.add(burst(bare.pid(), &tokens, first, rounds, &store).await);
            forget_files(data_dir);
            two = two.add(burst(full.pid(), &tokens, first, rounds, &propose).await);
            forget_files(data_dir);
            single = single.add(burst(one.pid(), &tokens, first, rounds, &propose_one).await);
            forget_files(data_dir);
        }
        println!(
            "[{label}] deadline burst, {CLIENTS} clients x {ROUNDS}, {:.2} MB PDFs, the three kinds taking {SLICES} turns:",
            scan.pdf.len() as f64 / 1e6
        );
        stored.print("store-only handler");
        two.print("create proposal, then upload its PDF (two requests)");
        single.print("create proposal with its PDF (one request, the web app's form)");
        let (ratio_two, ratio) = (two.rate() / stored.rate(), single.rate() / stored.rate());
        println!(
            "  proposals / store-only = {ratio:.2} in one request (goal >= {BURST_RATIO_GOAL} with 0 errors: {}); {ratio_two:.2} in two",
            met(ratio >= BURST_RATIO_GOAL && single.errors == 0 && stored.errors == 0)
        );
        let peak = two.peak_rss.max(single.peak_rss);
        println!(
            "  server RSS (a fresh process for each kind): {rss_idle:.0} MB idle; peak {:.0} MB under the store-only burst, {:.0} and {:.0} MB under the proposals = {:.2} of {RSS_GOAL_MB} MB ({})",
            stored.peak_rss,
            two.peak_rss,
            single.peak_rss,
            peak / RSS_GOAL_MB,
            met(peak <= RSS_GOAL_MB)
        );
        drop((bare, full, one));
    });
}

/// 100,000 proposals of the employees in every status, submitted over 90 days, each with its
/// submission in the timeline; written in batches straight to the tables.
fn add_proposals(conn: &mut DbConn, people: &[Person], scope: &Scope, agency: &str) -> String {
    let categories = [
        "skp",
        "diklat",
        "penghargaan",
        "keluarga",
        "jabatan",
        "pendidikan",
        "golongan",
        "organisasi",
    ];
    let start = now() - chrono::Duration::days(90);
    let mut in_scope_waiting = String::new();
    let mut rows = Vec::with_capacity(5_000);
    let mut events = Vec::with_capacity(5_000);
    let flush = |c: &mut DbConn, rows: &mut Vec<ProposalRow>, events: &mut Vec<EventRow>| {
        satu_api::db::transaction::<_, diesel::result::Error, _>(c, |c| {
            for chunk in rows.chunks(60) {
                satu_api::on_backend!(c, |c| diesel::insert_into(proposals::table)
                    .values(chunk.to_vec())
                    .execute(c))?;
            }
            for chunk in events.chunks(60) {
                satu_api::on_backend!(c, |c| diesel::insert_into(proposal_events::table)
                    .values(chunk.to_vec())
                    .execute(c))?;
            }
            Ok(())
        })
        .unwrap();
        rows.clear();
        events.clear();
    };
    for k in 0..PROPOSALS {
        let person = &people[(k * 7919) % people.len()];
        let category = categories[k % categories.len()];
        let needs_validation = satu_shared::pdm::category(category)
            .unwrap()
            .needs_validation;
        let status = match k % 20 {
            0..=5 => ProposalStatus::Submitted,
            6..=7 => ProposalStatus::Verified,
            8 if needs_validation => ProposalStatus::Validated,
            8..=15 => ProposalStatus::Approved,
            16..=18 => ProposalStatus::Returned,
            _ => ProposalStatus::Rejected,
        };
        let step = satu_shared::proposal::step_of(status, needs_validation);
        let submitted =
            start + chrono::Duration::seconds((k as i64 * 90 * 86_400) / PROPOSALS as i64);
        let id = new_id();
        if step == Some(Step::Verify)
            && in_scope_waiting.is_empty()
            && k > PROPOSALS / 2
            && scope.units.contains(&person.unit)
        {
            in_scope_waiting = id.clone();
        }
        rows.push(ProposalRow {
            id: id.clone(),
            employee_id: person.id.clone(),
            agency_id: agency.to_owned(),
            unit_id: person.unit.clone(),
            category: category.to_owned(),
            action: ProposalAction::Add,
            target_id: None,
            open_key: None,
            data: serde_json::json!({"nomor_sk": format!("{k}/2026")}).to_string(),
            status,
            step_stored: step.map(Stored),
            version: 2,
            created_at: submitted - chrono::Duration::hours(1),
            submitted_at: Some(submitted),
            updated_at: submitted,
        });
        events.push(EventRow {
            id: new_id(),
            proposal_id: id,
            at: submitted,
            account_id: person.account.clone(),
            role: "employee".to_owned(),
            step_stored: None,
            event: Event::Submit,
            reason_code: None,
            note: None,
            status: ProposalStatus::Submitted,
            documents: "[]".to_owned(),
            changes: None,
        });
        if rows.len() == 5_000 {
            flush(conn, &mut rows, &mut events);
        }
    }
    flush(conn, &mut rows, &mut events);
    // Written past the store: its tallies counted once, as the migration does.
    satu_api::proposals::store::rebuild_tallies(conn).unwrap();
    in_scope_waiting
}

fn inbox(label: &str, base: &str, scope: &Scope, one: &str, name: &str) {
    let client = reqwest::Client::new();
    let rt = actix_web::rt::System::new();
    rt.block_on(async {
        let token = login(&client, base, &scope.verifier_nip, &scope.verifier_password).await;
        let time = |path: String| {
            let (client, token, base) = (client.clone(), token.clone(), base.to_owned());
            async move {
                let mut v = Vec::new();
                let mut body = serde_json::Value::Null;
                for i in 0..SAMPLES + 10 {
                    let t = Instant::now();
                    let res = client
                        .get(format!("{base}{path}"))
                        .bearer_auth(&token)
                        .send()
                        .await
                        .unwrap();
                    assert_eq!(res.status(), 200, "{path}");
                    body = res.json().await.unwrap();
                    if i >= 10 {
                        v.push(t.elapsed().as_secs_f64() * 1000.0);
                    }
                }
                v.sort_by(f64::total_cmp);
                (percentile(&v, 0.95), body)
            }
        };
        let (pk, _) = time(format!("/api/v1/proposals/{one}")).await;
        let (first, page) = time("/api/v1/proposals?inbox=verify&per_page=50".to_owned()).await;
        let waiting = page["total"].as_u64().unwrap_or(0);
        let in_scope: u64 = page["counts"]
            .as_object()
            .map(|m| m.values().filter_map(serde_json::Value::as_u64).sum())
            .unwrap_or(0);
        let from = (chrono::Utc::now() - chrono::Duration::days(60)).date_naive();
        let to = (chrono::Utc::now() - chrono::Duration::days(30)).date_naive();
        let (filtered, _) = time(format!(
            "/api/v1/proposals?inbox=verify&status=approved&category=skp&submitted_from={from}&submitted_to={to}&per_page=50"
        ))
        .await;
        let (search, _) = time(format!(
            "/api/v1/proposals?inbox=verify&status=approved&q={}&per_page=50",
            name.replace(' ', "%20")
        ))
        .await;
        // Three quarters deep into the approved ones, by page number and by the cursor the
        // page before answered.
        let approved = page["counts"]["approved"].as_u64().unwrap_or(0);
        let deep = (approved / 50 * 3 / 4).max(2);
        let list = "/api/v1/proposals?inbox=verify&status=approved&per_page=50";
        let (offset, _) = time(format!("{list}&page={deep}")).await;
        let before: serde_json::Value = client
            .get(format!("{base}{list}&page={}", deep - 1))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let next = before["next"].as_str().unwrap().to_owned();
        let (cursor, _) = time(format!("{list}&after={next}")).await;
        println!(
            "[{label}] inboxes over {PROPOSALS} proposals ({in_scope} in the verifier's units, {waiting} waiting for them); p95 of {SAMPLES}:"
        );
        println!("  one proposal by its id (GET /proposals/{{id}}): {pk:.2} ms");
        for (what, ms) in [
            ("inbox, first page of 50", first),
            ("inbox, status + category + submitted from/to", filtered),
            ("inbox, name search", search),
            ("inbox, approved, page {deep} by number", offset),
            ("inbox, approved, the same page by cursor", cursor),
        ] {
            let what = what.replace("{deep}", &deep.to_string());
            println!(
                "  {what}: {ms:.2} ms = {:.2}x the read by id (goal <= {INBOX_RATIO_GOAL}: {})",
                ms / pk,
                met(ms / pk <= INBOX_RATIO_GOAL)
            );
        }
    });
}

/// A database of its own on the PostgreSQL server of `admin`, dropped afterwards.
struct PgBench {
    admin: String,
    name: String,
}

impl Drop for PgBench {
    fn drop(&mut self) {
        if let Ok(mut c) = diesel::PgConnection::establish(&self.admin) {
            let _ = diesel::sql_query(format!(
                "DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)",
                self.name
            ))
            .execute(&mut c);
        }
    }
}

fn run(label: &str, database_url: &str) {
    let dir = tempfile::tempdir().unwrap();
    let env = settings(dir.path(), database_url);
    let cfg = Config::from_sources(&env).unwrap();
    let db = Db::open(&cfg.database_url, cfg.db_pool_size).unwrap();
    let set = satu_api::demo::data::build();
    let mut conn = db.get().unwrap();
    satu_api::demo::load(&mut conn, &set).unwrap();
    let scope = scope_of(&mut conn, &set);
    let t = Instant::now();
    let people = add_employees(&mut conn, &scope, EMPLOYEES);
    let agency: String = units::table
        .filter(units::id.eq(&scope.units[0]))
        .select(units::agency_id)
        .limit(1)
        .get_result(&mut *conn)
        .unwrap();
    println!(
        "[{label}] {EMPLOYEES} employees with accounts added in {:.1} s",
        t.elapsed().as_secs_f64()
    );

    // The burst's clients are employees of the verifier's units.
    let burst_people: Vec<_> = people
        .iter()
        .filter(|p| scope.units.contains(&p.unit))
        .cloned()
        .collect();
    deadline_burst(label, &env, &burst_people);
    let t = Instant::now();
    let one = add_proposals(&mut conn, &people, &scope, &agency);
    // As the database's own maintenance would after a bulk load: statistics, and on PostgreSQL
    // the visibility map autovacuum sets after so many inserts (an index-only scan, such as a
    // deep page's walk through the covering index, reads the table for every row without it).
    let maintenance = match &*conn {
        DbConn::Pg(_) => "VACUUM ANALYZE",
        DbConn::Sqlite(_) => "ANALYZE",
    };
    diesel::sql_query(maintenance).execute(&mut *conn).unwrap();
    println!(
        "[{label}] {PROPOSALS} proposals written in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    let name: String = employees::table
        .filter(employees::id.eq(&people[0].id))
        .select(employees::name)
        .limit(1)
        .get_result(&mut *conn)
        .unwrap();
    drop(conn);
    let server = Server::start(&env);
    inbox(label, &server.base, &scope, &one, &name);
}

fn main() {
    if std::env::var(SERVER_MODE).is_ok() {
        return server_process();
    }
    println!("cores: {}", cores());
    // SATU_BENCH_ONLY=sqlite or =postgres runs one backend (while working on one).
    let only = std::env::var("SATU_BENCH_ONLY").unwrap_or_default();
    let dir = tempfile::tempdir().unwrap();
    if only != "postgres" {
        run(
            "SQLite",
            &format!("sqlite://{}", dir.path().join("bench.db").display()),
        );
    }
    if only == "sqlite" {
        return;
    }
    let Some((admin, _)) = support::pg_admin() else {
        return;
    };
    let pg = PgBench {
        admin: admin.clone(),
        name: format!("satu_bench_{}", std::process::id()),
    };
    let mut url = url::Url::parse(&admin).unwrap();
    url.set_path(&format!("/{}", pg.name));
    run("PostgreSQL", url.as_str());
    drop(pg);
}
