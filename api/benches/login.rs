//! `make bench`: login throughput against raw argon2id verification with the same parameters on
//! the same cores, in one run; and `/healthz` latency while logins saturate the CPU (hashing
//! must not block the actix workers). Prints ratios against the limits; never fails a build.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::collections::BTreeMap;
use std::net::TcpListener;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use support::{cores, percentile};

use satu_api::config::Config;
use satu_api::db::Db;
use satu_api::startup::Application;

const SECONDS: u64 = 6;
/// Goal: the endpoint keeps at least this share of raw hashing throughput.
const LOGIN_RATIO_GOAL: f64 = 0.85;
/// Goal: `/healthz` p99 under a login flood.
const HEALTHZ_P99_LIMIT_MS: f64 = 50.0;

/// Verifications per second with every core busy.
fn raw_verify_rate(password: &str, hash: &str) -> f64 {
    let stop = Arc::new(AtomicBool::new(false));
    let count = Arc::new(AtomicU64::new(0));
    let start = Instant::now();
    let workers: Vec<_> = (0..cores())
        .map(|_| {
            let (stop, count, p, h) = (
                stop.clone(),
                count.clone(),
                password.to_owned(),
                hash.to_owned(),
            );
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    assert!(satu_api::accounts::password::verify(&p, &h));
                    count.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    std::thread::sleep(Duration::from_secs(SECONDS));
    stop.store(true, Ordering::Relaxed);
    for w in workers {
        w.join().unwrap();
    }
    count.load(Ordering::Relaxed) as f64 / start.elapsed().as_secs_f64()
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let env: BTreeMap<String, String> = [
        (
            "SATU_DATABASE_URL",
            format!("sqlite://{}", dir.path().join("bench.db").display()),
        ),
        (
            "SATU_DATA_DIR",
            dir.path().join("data").display().to_string(),
        ),
        ("SATU_WEB_DIR", dir.path().join("web").display().to_string()),
        ("SATU_LOGIN_RATE_PER_MINUTE", "100000000".to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    let config = Config::from_sources(&env).unwrap();
    let db = Db::open(&config.database_url, config.db_pool_size).unwrap();
    let set = satu_api::demo::data::build();
    satu_api::demo::load(&mut db.get().unwrap(), &set).unwrap();
    let account = satu_api::demo::accounts(&set)
        .into_iter()
        .find(|a| a.role == "admin")
        .unwrap();
    let hash = satu_api::accounts::password::hash(&account.password).unwrap();

    println!("cores: {}", cores());
    let raw = raw_verify_rate(&account.password, &hash);
    println!("raw argon2id verify: {raw:.1}/s");

    let system = actix_web::rt::System::new();
    system.block_on(async move {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let app = Application::build(config, db, listener, Some(cores())).unwrap();
        let base = format!("http://127.0.0.1:{}", app.port());
        let handle = app.handle();
        actix_web::rt::spawn(app.run());
        let client = reqwest::Client::new();

        // Idle /healthz latency first.
        let mut idle = Vec::new();
        for _ in 0..200 {
            let t = Instant::now();
            client.get(format!("{base}/healthz")).send().await.unwrap();
            idle.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        idle.sort_by(f64::total_cmp);

        let stop = Arc::new(AtomicBool::new(false));
        let logins = Arc::new(AtomicU64::new(0));
        let failures = Arc::new(AtomicU64::new(0));
        let body = serde_json::json!({"nip": account.nip, "password": account.password});
        let start = Instant::now();
        let mut tasks = Vec::new();
        for _ in 0..cores() * 2 {
            let (client, base, body, stop, logins, failures) =
                (client.clone(), base.clone(), body.clone(), stop.clone(), logins.clone(), failures.clone());
            tasks.push(actix_web::rt::spawn(async move {
                while !stop.load(Ordering::Relaxed) {
                    match client.post(format!("{base}/api/v1/auth/login")).json(&body).send().await {
                        Ok(r) if r.status() == 200 => logins.fetch_add(1, Ordering::Relaxed),
                        _ => failures.fetch_add(1, Ordering::Relaxed),
                    };
                }
            }));
        }
        // /healthz while the logins run.
        let mut busy = Vec::new();
        while start.elapsed() < Duration::from_secs(SECONDS) {
            let t = Instant::now();
            client.get(format!("{base}/healthz")).send().await.unwrap();
            busy.push(t.elapsed().as_secs_f64() * 1000.0);
            actix_web::rt::time::sleep(Duration::from_millis(10)).await;
        }
        stop.store(true, Ordering::Relaxed);
        for t in tasks {
            let _ = t.await;
        }
        let elapsed = start.elapsed().as_secs_f64();
        busy.sort_by(f64::total_cmp);
        let rate = logins.load(Ordering::Relaxed) as f64 / elapsed;
        let ratio = rate / raw;
        println!("login endpoint: {rate:.1}/s ({} failures)", failures.load(Ordering::Relaxed));
        println!(
            "login / raw argon2id = {ratio:.2} (goal >= {LOGIN_RATIO_GOAL}: {})",
            if ratio >= LOGIN_RATIO_GOAL { "met" } else { "NOT met" }
        );
        let p99 = percentile(&busy, 0.99);
        println!(
            "/healthz idle p50 {:.2} ms p99 {:.2} ms; under login load p50 {:.2} ms p99 {:.2} ms ({} samples)",
            percentile(&idle, 0.5),
            percentile(&idle, 0.99),
            percentile(&busy, 0.5),
            p99,
            busy.len()
        );
        println!(
            "/healthz p99 under load / limit {HEALTHZ_P99_LIMIT_MS} ms = {:.2} ({})",
            p99 / HEALTHZ_P99_LIMIT_MS,
            if p99 <= HEALTHZ_P99_LIMIT_MS { "met" } else { "NOT met" }
        );
        handle.stop(false).await;
    });
}
