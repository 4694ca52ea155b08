//! The command line: `satu-api serve | migrate | demo [--print-accounts] | import FILE | openapi |
//! keys rotate`.

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
  import FILE [--agency CODE] [--create-units]
                            import a SIASN \"Export Data ASN\" CSV into the agency (the only one,
                            or the one CODE names); --create-units makes a unit of every unor
                            the agency lacks. Prints {imported, updated, unchanged, errors} as
                            JSON; exits 1 when the file cannot be read at all
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
        "import" => match import(rest) {
            Ok(code) => code,
            Err(e) => {
                eprintln!("satu-api import: {e:#}");
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

/// `import FILE [--agency CODE] [--create-units]`: the same import as the API's, run here to its
/// end; the summary goes to stdout as JSON.
fn import(rest: &[String]) -> anyhow::Result<ExitCode> {
    use satu_shared::imports::ImportStatus;
    let mut file = None;
    let mut agency_code = None;
    let mut create_units = false;
    let mut args = rest.iter();
    while let Some(a) = args.next() {
        match a.as_str() {
            "--agency" => {
                agency_code = Some(
                    args.next()
                        .ok_or_else(|| anyhow::anyhow!("--agency needs an agency code"))?
                        .clone(),
                )
            }
            "--create-units" => create_units = true,
            other if file.is_none() && !other.starts_with("--") => file = Some(other.to_owned()),
            other => anyhow::bail!("unexpected argument: {other}"),
        }
    }
    let file = file
        .ok_or_else(|| anyhow::anyhow!("expected: import FILE [--agency CODE] [--create-units]"))?;
    let path = std::path::PathBuf::from(&file);
    let config = Config::from_env()?;
    crate::telemetry::init(config.log_format);
    let refuse = |p: crate::imports::parse::FileProblem| {
        eprintln!("satu-api import: {file}: {}", p.localized().id);
        println!(
            "{}",
            serde_json::json!({"error": p.code(), "message": p.localized().id})
        );
        Ok(ExitCode::FAILURE)
    };
    let (sha, size) = match crate::imports::service::scan(&path)? {
        Ok(v) => v,
        Err(p) => return refuse(p),
    };
    let header = match crate::imports::service::header_of(&path) {
        Ok(h) => h,
        Err(p) => return refuse(p),
    };
    let db = Db::open(&config.database_url, 2)?;
    let mut conn = db.get().map_err(|e| anyhow::anyhow!("{e}"))?;
    let agency = match &agency_code {
        Some(code) => crate::org::store::find_agency_by_code(&mut conn, code)?
            .ok_or_else(|| anyhow::anyhow!("no agency has the code {code}"))?,
        None => {
            let all = crate::org::store::all_agencies(&mut conn)?;
            match all.as_slice() {
                [one] => one.clone(),
                [] => anyhow::bail!("the database has no agency yet"),
                many => anyhow::bail!(
                    "the database has {} agencies: choose one with --agency CODE ({})",
                    many.len(),
                    many.iter()
                        .map(|a| a.code.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            }
        }
    };
    let row = crate::imports::store::ImportRow::new(
        crate::imports::store::NewImport {
            agency_id: agency.id.clone(),
            created_by: None,
            file_name: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| file.clone()),
            file_sha256: sha,
            file_size: size,
            create_units,
            extra_columns: header.extra.clone(),
        },
        ImportStatus::Running,
    );
    crate::imports::store::insert(&mut conn, &row)?;
    let outcome = crate::imports::service::run(&mut conn, &row, &path);
    crate::imports::service::finish(&mut conn, &row, &outcome)?;
    let done = crate::imports::store::find(&mut conn, &row.id)?
        .ok_or_else(|| anyhow::anyhow!("the import's row is gone"))?;
    let counts = done.counts();
    let mut errors = Vec::new();
    let mut after = 0;
    loop {
        let page = crate::imports::store::errors(&mut conn, &row.id, after, 5000)?;
        let Some(last) = page.last() else { break };
        after = last.line;
        errors.extend(page);
    }
    let same = crate::imports::store::same_file(&mut conn, &done)?;
    let summary = serde_json::json!({
        "import": done.id,
        "agency": agency.code,
        "status": done.status,
        "rows": counts.rows,
        "imported": counts.imported,
        "updated": counts.updated,
        "unchanged": counts.unchanged,
        "units_created": counts.units_created,
        "cards_issued": counts.cards_issued,
        "extra_columns": header.extra,
        "same_file_as": same,
        "failure": done.failure,
        "errors": errors,
    });
    println!("{}", serde_json::to_string_pretty(&summary)?);
    if let Some(earlier) = same {
        eprintln!("satu-api import: the same file as import {earlier}: every row found as it was");
    }
    Ok(if done.status == ImportStatus::Done {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
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
