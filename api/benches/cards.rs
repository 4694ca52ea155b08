//! `make bench`, Kartu ASN Virtual: one run measures
//! 1. a card render (front, landscape, with photo and QR: SVG template filled, resvg, PNG)
//!    against bare resvg + the same PNG encoder on the same SVG (goal: at most 1.2×), and
//!    against a cached re-download of the same card over HTTP;
//! 2. the verification endpoint's throughput against a plain JSON endpoint of the same server
//!    (`/healthz`) under wrk (goal: at least 0.4), with both p99 latencies, the server's CPU time
//!    per request, and — to show what bounds the ratio — the same POST answered before any read
//!    (a malformed token after the captcha check).
//!
//! The card photo is a real photograph (`portrait.md`), so the thumbnail in every verification
//! answer weighs what a real one does.
//!
//! Prints ratios against the goals; never fails a build.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::collections::BTreeMap;
use std::io::Write;
use std::net::TcpListener;
use std::process::Command;
use std::time::{Duration, Instant};
use support::{cores, login};

use satu_api::cards::render::{self, Side};
use satu_api::cards::render::{render_bytes, Render};
use satu_api::cards::{captcha, service, CardKit};
use satu_api::config::Config;
use satu_api::db::Db;
use satu_api::startup::Application;
use satu_shared::card::Orientation;

const RENDER_RATIO_GOAL: f64 = 1.2;
const VERIFY_RATIO_GOAL: f64 = 0.4;
const WRK_SECONDS: u32 = 6;
const CONNECTIONS: u32 = 32;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// A real portrait photograph (public domain, see `portrait.md`): its thumbnail weighs what a
/// real one does in every verification answer.
const PORTRAIT: &[u8] = include_bytes!("portrait.jpg");

/// CPU time this process (the servers under test) has used so far, in seconds: `utime` and
/// `stime` of `/proc/self/stat`, in clock ticks of 1/100 s (Linux's fixed `USER_HZ`).
fn process_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which may hold spaces) in parentheses.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split(' ').collect();
    let ticks = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

fn config(dir: &std::path::Path, extra: &[(&str, &str)]) -> Config {
    let mut env: BTreeMap<String, String> = [
        (
            "SATU_DATABASE_URL",
            format!("sqlite://{}", dir.join("bench.db").display()),
        ),
        ("SATU_DATA_DIR", dir.join("data").display().to_string()),
        ("SATU_WEB_DIR", dir.join("web").display().to_string()),
        ("SATU_LOGIN_RATE_PER_MINUTE", "100000000".to_string()),
        ("SATU_VERIFY_RATE_PER_MINUTE", "100000000".to_string()),
        ("SATU_DB_POOL_SIZE", "16".to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    for (k, v) in extra {
        env.insert((*k).to_string(), (*v).to_string());
    }
    Config::from_sources(&env).unwrap()
}

/// Starts the server in its own thread; returns its base URL.
fn serve(config: Config, db: Db) -> String {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            let listener = TcpListener::bind("127.0.0.1:0").unwrap();
            let app = Application::build(config, db, listener, Some(cores())).unwrap();
            tx.send(app.port()).unwrap();
            app.run().await.unwrap();
        });
    });
    format!("http://127.0.0.1:{}", rx.recv().unwrap())
}

struct Wrk {
    rps: f64,
    p99_ms: f64,
    non_2xx: u64,
    /// CPU time of the server (this process) per request, in microseconds.
    server_us: f64,
}

fn parse_ms(s: &str) -> f64 {
    let s = s.trim();
    let (num, unit) = s.split_at(s.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(s.len()));
    let v: f64 = num.parse().unwrap_or(f64::NAN);
    match unit {
        "us" => v / 1000.0,
        "ms" => v,
        "s" => v * 1000.0,
        "m" => v * 60_000.0,
        _ => f64::NAN,
    }
}

fn wrk(args: &[&str]) -> Option<Wrk> {
    let cpu_before = process_cpu_seconds();
    let out = Command::new("wrk")
        .args([
            "-t",
            &cores().to_string(),
            "-c",
            &CONNECTIONS.to_string(),
            "-d",
            &format!("{WRK_SECONDS}s"),
            "--latency",
        ])
        .args(args)
        .output()
        .ok()?;
    let cpu = process_cpu_seconds().zip(cpu_before).map(|(a, b)| a - b);
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    let rps = text
        .lines()
        .find_map(|l| l.strip_prefix("Requests/sec:"))
        .and_then(|v| v.trim().parse().ok())?;
    let p99_ms = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("99%"))
        .map(parse_ms)
        .unwrap_or(f64::NAN);
    let non_2xx = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("Non-2xx or 3xx responses:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    let requests: f64 = text
        .lines()
        .find_map(|l| l.trim().split_once(" requests in "))
        .and_then(|(n, _)| n.parse().ok())
        .unwrap_or(f64::NAN);
    Some(Wrk {
        rps,
        p99_ms,
        non_2xx,
        server_us: cpu.map_or(f64::NAN, |s| s * 1e6 / requests),
    })
}

/// Both runs make their requests in Lua, so the client's own cost is alike.
const PLAIN_LUA: &str = r#"
function request()
  return wrk.format("GET")
end
"#;

const VERIFY_LUA: &str = r#"
local counter = 1
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end
function init(args)
  local threads = tonumber(args[2])
  bodies = {}
  local k = 0
  for line in io.lines(args[1]) do
    if k % threads == id - 1 then bodies[#bodies + 1] = line end
    k = k + 1
  end
  i = 0
end
function request()
  i = i + 1
  if i > #bodies then i = 1 end
  return wrk.format("POST", nil, { ["Content-Type"] = "application/json" }, bodies[i])
end
"#;

fn main() {
    println!("cores: {}", cores());
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path(), &[]);
    let db = Db::open(&cfg.database_url, cfg.db_pool_size).unwrap();
    let set = satu_api::demo::data::build();
    satu_api::demo::load(&mut db.get().unwrap(), &set).unwrap();
    let keys = satu_api::keys::KeyStore::load_or_create(&cfg.data_dir).unwrap();

    // A PNS of the demo with a photo stored as the assistant stores it.
    let captcha_secret = satu_api::keys::captcha_secret(&cfg.data_dir).unwrap();
    let files = satu_api::storage::Storage::local(&cfg.data_dir).unwrap();
    let kit = CardKit::new(files, 64, captcha_secret).unwrap();
    let processed = satu_api::cards::photo::process(PORTRAIT, false).unwrap();
    let photo_key = actix_web::rt::System::new()
        .block_on(kit.photos.save(&processed))
        .unwrap();
    let employee = set
        .people
        .iter()
        .find(|p| p.role.as_str() == "employee" && p.kind == satu_shared::EmployeeKind::Pns)
        .unwrap();
    let loaded = {
        use diesel::prelude::*;
        use satu_api::db::schema::employees;
        let mut conn = db.get().unwrap();
        let id: String = employees::table
            .filter(employees::nip.eq(employee.nip.to_string()))
            .select(employees::id)
            .get_result(&mut *conn)
            .unwrap();
        satu_api::employees::store::set_photo(&mut conn, &id, Some(&photo_key)).unwrap();
        service::load(&mut conn, &id).unwrap()
    };
    let face = service::face(&keys, &cfg.public_url, &loaded).unwrap();
    let o = Orientation::Landscape;

    // 1. The render against bare resvg + the same encoder on the same SVG, interleaved.
    let svg = kit
        .renderer
        .svg(&face, Side::Front, o, Some(processed.png.as_slice()), None)
        .unwrap();
    // What the server draws on a cache miss: the photo is read from storage before, not timed.
    let draw = || {
        render_bytes(
            &kit.renderer,
            &face,
            Some(processed.png.as_slice()),
            None,
            Render::FrontPng,
            o,
        )
        .unwrap()
    };
    for _ in 0..3 {
        draw();
        render::rasterise(&kit.renderer.tree(&svg).unwrap(), o, 1.0).unwrap();
    }
    let (mut full, mut bare) = (Vec::new(), Vec::new());
    let started = Instant::now();
    while full.len() < 20 || started.elapsed() < Duration::from_secs(4) {
        let t = Instant::now();
        let png = draw();
        full.push(t.elapsed().as_secs_f64() * 1000.0);
        assert!(png.len() > 10_000);
        let t = Instant::now();
        let tree = kit.renderer.tree(&svg).unwrap();
        render::rasterise(&tree, o, 1.0).unwrap();
        bare.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    let (full_ms, bare_ms) = (median(full), median(bare));
    let ratio = full_ms / bare_ms;
    println!(
        "card render (front, landscape, photo, QR): {full_ms:.2} ms; bare resvg + same PNG encoder on the same SVG: {bare_ms:.2} ms"
    );
    println!(
        "render / bare = {ratio:.2} (goal <= {RENDER_RATIO_GOAL}: {})",
        if ratio <= RENDER_RATIO_GOAL {
            "met"
        } else {
            "NOT met"
        }
    );

    // The same card over HTTP: drawn every time (cache off) and re-downloaded from the cache.
    let base = serve(cfg.clone(), db.clone());
    let uncached_cfg = config(
        dir.path(),
        &[
            ("SATU_CARD_CACHE_MB", "0"),
            ("SATU_DATA_DIR", &cfg.data_dir.display().to_string()),
        ],
    );
    let uncached = serve(uncached_cfg, db.clone());
    let admin = satu_api::demo::accounts(&set)
        .into_iter()
        .find(|a| a.role == "admin")
        .unwrap();
    let path = format!(
        "/api/v1/employees/{}/card/front.png?orientation=landscape",
        employee.nip
    );
    let rt = actix_web::rt::System::new();
    let (cached_ms, drawn_ms) = rt.block_on(async {
        let client = reqwest::Client::new();
        let token = login(&client, &base, &admin.nip, &admin.password).await;
        let time = |url: String| {
            let (client, token) = (client.clone(), token.clone());
            async move {
                let mut v = Vec::new();
                for i in 0..23 {
                    let t = Instant::now();
                    let res = client.get(&url).bearer_auth(&token).send().await.unwrap();
                    assert_eq!(res.status(), 200);
                    res.bytes().await.unwrap();
                    if i >= 3 {
                        v.push(t.elapsed().as_secs_f64() * 1000.0);
                    }
                }
                median(v)
            }
        };
        (
            time(format!("{base}{path}")).await,
            time(format!("{uncached}{path}")).await,
        )
    });
    println!(
        "over HTTP: drawn every time {drawn_ms:.2} ms; cached re-download {cached_ms:.2} ms; drawn / cached = {:.1}×",
        drawn_ms / cached_ms
    );

    // 2. Verification throughput against /healthz under wrk.
    if Command::new("wrk").arg("--version").output().is_err() {
        println!(
            "wrk is not installed: the verification throughput is SKIPPED (make bench installs it)"
        );
        return;
    }
    let token = service::verify_url(&keys, &cfg.public_url, &loaded)
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_owned();
    // One single-use captcha per request, solved in advance: ids sealed with the server's
    // captcha secret (in the data folder this process shares with it).
    let captchas = 200_000;
    let sealer = captcha::Captchas::new(captcha_secret);
    let prepare = |name: &str, token: &str| {
        let path = dir.path().join(name);
        let now = chrono::Utc::now().timestamp();
        let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        for n in 0..captchas {
            let answer = format!("{:05}", n % 100_000);
            let id = sealer.issue(&answer, now);
            writeln!(
                file,
                "{}",
                serde_json::json!({"token": token, "captcha_id": id, "captcha_answer": answer})
            )
            .unwrap();
        }
        file.flush().unwrap();
        path
    };
    let bodies = prepare("bodies.txt", &token);
    let refused_bodies = prepare("refused.txt", "not.a.token");
    let script = dir.path().join("verify.lua");
    std::fs::write(&script, VERIFY_LUA).unwrap();
    let plain_script = dir.path().join("plain.lua");
    std::fs::write(&plain_script, PLAIN_LUA).unwrap();
    let post = |bodies: &std::path::Path| {
        wrk(&[
            "-s",
            &script.display().to_string(),
            &format!("{base}/api/v1/card-verifications"),
            "--",
            &bodies.display().to_string(),
            &cores().to_string(),
        ])
        .expect("wrk on /card-verifications")
    };
    let plain = wrk(&[
        "-s",
        &plain_script.display().to_string(),
        &format!("{base}/healthz"),
    ])
    .expect("wrk on /healthz");
    let verify = post(&bodies);
    let refused = post(&refused_bodies);
    println!(
        "/healthz (plain JSON): {:.0} req/s, p99 {:.2} ms, server CPU {:.0} µs a request",
        plain.rps, plain.p99_ms, plain.server_us
    );
    println!(
        "/api/v1/card-verifications: {:.0} req/s, p99 {:.2} ms, server CPU {:.0} µs a request ({} non-2xx of about {:.0}; {captchas} captchas prepared)",
        verify.rps,
        verify.p99_ms,
        verify.server_us,
        verify.non_2xx,
        verify.rps * f64::from(WRK_SECONDS)
    );
    println!(
        "  for comparison, the same POST answered before any read (malformed token, captcha checked): {:.0} req/s = {:.2} of /healthz, server CPU {:.0} µs a request",
        refused.rps,
        refused.rps / plain.rps,
        refused.server_us
    );
    println!(
        "  the answer carries the photo thumbnail as a data URI of {} bytes",
        actix_web::rt::System::new()
            .block_on(kit.thumbnail_uri(&photo_key))
            .unwrap()
            .map_or(0, |uri| uri.len())
    );
    let ratio = verify.rps / plain.rps;
    println!(
        "verification / plain JSON = {ratio:.2} (goal >= {VERIFY_RATIO_GOAL}: {})",
        if ratio >= VERIFY_RATIO_GOAL && verify.non_2xx == 0 {
            "met"
        } else {
            "NOT met"
        }
    );
}
