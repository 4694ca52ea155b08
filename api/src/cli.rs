//! The command line: `satu-api serve | migrate | demo [--print-accounts] | openapi | keys rotate`.

use std::net::TcpListener;
use std::process::ExitCode;

use crate::config::Config;
use crate::db::{self, Db};
use crate::demo;
use crate::startup::Application;

const USAGE: &str = "\
Satu ASN server

Usage: satu-api <command>

Commands:
  serve                     run the server (applies pending migrations first)
  migrate                   apply pending database migrations and exit
  demo [--print-accounts]   load the demo data set (idempotent); print its accounts as JSON
  demo --accounts-table     the same, printing the role accounts and sample employees as a table
  demo --synthetic N --csv FILE
                            write a SIASN \"Export Data ASN\" of N made-up employees of the demo
                            agency to FILE, and FILE-bad.csv with every kind of bad row; prints
                            what it wrote (the bad rows' lines and problems) as JSON
  openapi                   print the OpenAPI document
  keys rotate               add a new signing key to SATU_DATA_DIR/keys (it signs from the next
                            start); old keys stay, so cards and tokens they signed still verify
  help                      show this text

Configuration comes from SATU_* environment variables (see README.md), or a TOML file named by
SATU_CONFIG.";

pub fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let command = args.first().map(String::as_str).unwrap_or("serve");
    let rest = &args[args.len().min(1)..];
    match command {
        "openapi" if rest.is_empty() => {
            print!("{}", crate::openapi::document_json());
            ExitCode::SUCCESS
        }
        "help" | "--help" | "-h" => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        "--version" | "version" => {
            println!("satu-api {}", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
        }
        "keys" => match rest {
            [sub] if sub == "rotate" => match rotate_keys() {
                Ok(kid) => {
                    println!("{kid}");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("satu-api keys rotate: {e:#}");
                    ExitCode::FAILURE
                }
            },
            _ => {
                eprintln!("satu-api keys: expected 'rotate'\n\n{USAGE}");
                ExitCode::from(2)
            }
        },
        "demo" if rest.first().is_some_and(|a| a == "--synthetic") => match synthetic(rest) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("satu-api demo --synthetic: {e:#}");
                ExitCode::FAILURE
            }
        },
        "serve" | "migrate" | "demo" => match run(command, rest) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                tracing::error!("{e:#}");
                eprintln!("satu-api {command}: {e:#}");
                ExitCode::FAILURE
            }
        },
        _ => {
            eprintln!(
                "satu-api: unknown command or argument: {}\n\n{USAGE}",
                args.join(" ")
            );
            ExitCode::from(2)
        }
    }
}

/// Adds a signing key; the keys already there stay, so what they signed still verifies.
fn rotate_keys() -> anyhow::Result<String> {
    let config = Config::from_env()?;
    let store = crate::keys::KeyStore::load_or_create(&config.data_dir)?;
    let kid = crate::keys::create_key(&config.data_dir)?;
    eprintln!(
        "new signing key {kid} in {}; {} older key(s) kept for verification. Restart the server to sign with it.",
        config.data_dir.join("keys").display(),
        store.all().len()
    );
    Ok(kid)
}

/// `demo --synthetic N --csv FILE`: needs no database or configuration.
fn synthetic(rest: &[String]) -> anyhow::Result<()> {
    let [_, n, flag, file] = rest else {
        anyhow::bail!("expected: demo --synthetic N --csv FILE");
    };
    anyhow::ensure!(
        flag == "--csv",
        "expected --csv FILE after the number of rows"
    );
    let n: usize = n
        .parse()
        .ok()
        .filter(|n| *n >= 1)
        .ok_or_else(|| anyhow::anyhow!("N must be a whole number of at least 1, not {n:?}"))?;
    let written = demo::synthetic::write(n, std::path::Path::new(file))?;
    println!("{}", serde_json::to_string_pretty(&written)?);
    Ok(())
}

fn run(command: &str, rest: &[String]) -> anyhow::Result<()> {
    let print = match (command, rest) {
        (_, []) => None,
        ("demo", [flag]) if flag == "--print-accounts" || flag == "--accounts-table" => {
            Some(flag.as_str())
        }
        _ => anyhow::bail!("unexpected argument: {}", rest.join(" ")),
    };
    let config = Config::from_env()?;
    crate::telemetry::init(config.log_format);
    for (k, v) in config.describe() {
        tracing::info!("config {k}={v}");
    }
    if config.test_mode {
        tracing::warn!("!!! SATU_TEST_MODE=true: test helpers are enabled. Never run production like this. !!!");
    }
    match command {
        "migrate" => {
            let mut conn = db::establish(&config.database_url, true)?;
            let applied = db::run_migrations(&mut conn)?;
            tracing::info!(count = applied.len(), "migrations applied");
            Ok(())
        }
        "demo" => {
            let db = Db::open(&config.database_url, 2)?;
            let set = demo::data::build();
            let mut conn = db.get().map_err(|e| anyhow::anyhow!("{e}"))?;
            match demo::load(&mut conn, &set)? {
                demo::LoadOutcome::Loaded {
                    employees,
                    accounts,
                } => {
                    tracing::info!(employees, accounts, "demo data loaded")
                }
                demo::LoadOutcome::AlreadyLoaded => {
                    tracing::info!("demo data already present; nothing changed")
                }
            }
            let photos = crate::cards::photo::PhotoStore::new(
                crate::storage::Storage::from_config(&config)?,
            );
            let n = actix_web::rt::System::new()
                .block_on(demo::load_photos(&mut conn, &photos, &set))?;
            if n > 0 {
                tracing::info!(photos = n, "demo card photos stored");
            }
            match print {
                Some("--print-accounts") => {
                    println!("{}", serde_json::to_string_pretty(&demo::accounts(&set))?)
                }
                Some(_) => print!("{}", demo::accounts_table(&demo::accounts(&set))),
                None => {}
            }
            Ok(())
        }
        _ => serve(config),
    }
}

fn serve(config: Config) -> anyhow::Result<()> {
    let db = Db::open(&config.database_url, config.db_pool_size)?;
    let listener = TcpListener::bind(config.bind)
        .map_err(|e| anyhow::anyhow!("SATU_BIND={}: cannot listen: {e}", config.bind))?;
    let public_url = config.public_url.clone();
    actix_web::rt::System::new().block_on(async move {
        let app = Application::build(config, db, listener, None)?;
        tracing::info!(url = %public_url, "Satu ASN is listening");
        app.run().await?;
        Ok(())
    })
}
