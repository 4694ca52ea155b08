//! The `satu-api` binary as an operator runs it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;

fn satu(dir: &std::path::Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_satu-api"));
    c.current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("SATU_LOG_FORMAT", "json");
    c
}

#[test]
fn openapi_command_prints_the_committed_document() {
    let dir = tempfile::tempdir().unwrap();
    let out = satu(dir.path()).arg("openapi").output().unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        include_str!("../../../openapi/openapi.json")
    );
}

#[test]
fn demo_prints_every_account_as_json_and_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let run = || {
        satu(dir.path())
            .args(["demo", "--print-accounts"])
            .output()
            .unwrap()
    };
    let first = run();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(
        dir.path().join("data/satu.db").is_file(),
        "default database path"
    );
    let accounts: Vec<serde_json::Value> =
        serde_json::from_slice(&first.stdout).expect("stdout is JSON only");
    assert!(accounts.len() >= 40);
    for role in [
        "employee",
        "verifikator",
        "validator_kanreg",
        "validator_pusat",
        "approver",
        "helpdesk",
        "monitor",
        "admin",
    ] {
        assert!(accounts.iter().any(|a| a["role"] == role), "no {role}");
    }
    for a in &accounts {
        for key in [
            "role",
            "nip",
            "password",
            "must_change_password",
            "name",
            "kind",
            "status",
            "unit",
            "agency",
            "activation",
        ] {
            assert!(a.get(key).is_some(), "{key} missing in {a}");
        }
        // An account never activated says what its first login needs besides the NIK.
        if a["must_change_password"] == true {
            let act = &a["activation"];
            assert!(
                act["nomor_kk"].as_str().is_some_and(|k| k.len() == 16)
                    || act["activation_code"]
                        .as_str()
                        .is_some_and(|c| c.len() == 9),
                "{a}"
            );
        } else {
            assert!(a["activation"].is_null(), "{a}");
        }
        assert!(a["nip"]
            .as_str()
            .unwrap()
            .chars()
            .all(|c| c.is_ascii_digit()));
    }
    let employee = accounts.iter().find(|a| a["role"] == "employee").unwrap();
    assert_eq!(employee["must_change_password"], true);
    assert_eq!(
        employee["password"].as_str().unwrap().len(),
        16,
        "initial password is the NIK"
    );
    for status in ["diberhentikan", "pensiun", "kontrak_berakhir"] {
        assert!(
            accounts.iter().any(|a| a["status"] == status),
            "no {status}"
        );
    }

    let second = run();
    assert!(second.status.success());
    let again: Vec<serde_json::Value> = serde_json::from_slice(&second.stdout).unwrap();
    assert_eq!(again, accounts);
    assert!(String::from_utf8_lossy(&second.stderr).contains("already present"));
}

#[test]
fn an_unknown_database_scheme_stops_start_up_naming_the_variable() {
    let dir = tempfile::tempdir().unwrap();
    let out = satu(dir.path())
        .arg("serve")
        .env("SATU_DATABASE_URL", "mysql://root@localhost/satu")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("SATU_DATABASE_URL") && err.contains("mysql"),
        "{err}"
    );
}

#[test]
fn an_unreachable_postgres_stops_start_up_with_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = satu(dir.path())
        .arg("serve")
        .env(
            "SATU_DATABASE_URL",
            "postgres://satu:secret@127.0.0.1:1/satu",
        )
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("cannot connect to the database given by SATU_DATABASE_URL"),
        "{err}"
    );
    assert!(!err.contains("secret"), "the password leaked: {err}");
}

#[test]
fn an_unknown_command_prints_usage() {
    let dir = tempfile::tempdir().unwrap();
    let out = satu(dir.path()).arg("frobnicate").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Usage: satu-api"));
}

#[test]
fn keys_rotate_adds_a_signing_key_and_keeps_the_old_ones() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let rotate = || {
        satu(dir.path())
            .env("SATU_DATA_DIR", &data)
            .args(["keys", "rotate"])
            .output()
            .unwrap()
    };
    let out = rotate();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let kid = String::from_utf8(out.stdout).unwrap().trim().to_owned();
    let keys = satu_api::keys::KeyStore::load_or_create(&data).unwrap();
    // The first key (made on the way) and the new one, which signs.
    assert_eq!(keys.all().len(), 2);
    assert_eq!(keys.active().kid, kid);
    assert!(String::from_utf8_lossy(&out.stderr).contains("Restart"));
    assert!(rotate().status.success());
    let keys = satu_api::keys::KeyStore::load_or_create(&data).unwrap();
    assert_eq!(keys.all().len(), 3);
    assert!(keys.find(&kid).is_some());

    let out = satu(dir.path()).args(["keys", "remove"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn demo_refuses_a_database_that_holds_real_agencies() {
    use diesel::{Connection, RunQueryDsl};
    let dir = tempfile::tempdir().unwrap();
    let migrate = satu(dir.path()).arg("migrate").output().unwrap();
    assert!(migrate.status.success());
    {
        let path = dir.path().join("data/satu.db");
        let mut c = diesel::SqliteConnection::establish(path.to_str().unwrap()).unwrap();
        diesel::sql_query(
            "INSERT INTO agencies (id, code, name, kind, kanreg_code, kanreg_name, created_at) \
             VALUES ('a1', '9999', 'Pemerintah Kabupaten Contoh', 'daerah', 'II', 'Surabaya', \
             '2026-01-01 00:00:00')",
        )
        .execute(&mut c)
        .unwrap();
    }
    let out = satu(dir.path()).arg("demo").output().unwrap();
    assert!(!out.status.success(), "demo data must not join real data");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("Pemerintah Kabupaten Contoh"), "{err}");
    let n: i64 = {
        #[derive(diesel::QueryableByName)]
        struct N {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        let path = dir.path().join("data/satu.db");
        let mut c = diesel::SqliteConnection::establish(path.to_str().unwrap()).unwrap();
        diesel::sql_query("SELECT COUNT(*) AS n FROM accounts")
            .get_result::<N>(&mut c)
            .unwrap()
            .n
    };
    assert_eq!(n, 0, "nothing of the demo was written");
}

#[test]
fn test_mode_is_refused_on_a_public_address() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = satu(dir.path())
        .arg("serve")
        .env("SATU_TEST_MODE", "true")
        .env("SATU_BIND", "0.0.0.0:0")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // A refusal is immediate; a server that started is stopped and the test fails.
    let mut stopped = None;
    for _ in 0..100 {
        if let Some(status) = child.try_wait().unwrap() {
            stopped = Some(status);
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    if stopped.is_none() {
        child.kill().unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert!(stopped.is_some(), "test mode started on 0.0.0.0");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("SATU_TEST_MODE"), "{err}");
}

/// `demo --synthetic N --csv FILE` writes the export and its bad twin with no database or
/// configuration at all, says what it wrote, and refuses a count that is not one.
#[test]
fn demo_synthetic_writes_an_export_and_its_bad_rows() {
    let dir = tempfile::tempdir().unwrap();
    let out = satu(dir.path())
        .args(["demo", "--synthetic", "1500", "--csv", "siasn.csv"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(said["rows"], 1500);
    assert!(said["bad_rows"].as_array().unwrap().len() >= 10);
    let text = std::fs::read_to_string(dir.path().join("siasn.csv")).unwrap();
    assert_eq!(text.lines().count(), 1501);
    assert!(text.starts_with("pns_id,nip_baru,nip_lama,nama,"));
    assert!(dir.path().join("siasn-bad.csv").exists());
    // Nothing else was made: no database, no data directory.
    let mut made: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    made.sort();
    assert_eq!(made, ["siasn-bad.csv", "siasn.csv"]);

    for bad in [
        &["demo", "--synthetic", "0", "--csv", "x.csv"][..],
        &["demo", "--synthetic", "many", "--csv", "x.csv"],
        &["demo", "--synthetic", "5"],
    ] {
        let out = satu(dir.path()).args(bad).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{bad:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("--synthetic"),
            "{bad:?}"
        );
    }
}

#[test]
fn import_reads_an_export_into_the_agency_and_prints_what_it_did() {
    let dir = tempfile::tempdir().unwrap();
    let ok = |c: &mut Command| {
        let out = c.output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    };
    ok(satu(dir.path()).arg("demo"));
    ok(satu(dir.path()).args(["demo", "--synthetic", "40", "--csv", "siasn.csv"]));
    let import = |file: &str| {
        satu(dir.path())
            .args(["import", file, "--agency", "kota-madiun"])
            .output()
            .unwrap()
    };
    let out = import("siasn.csv");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    assert_eq!(said["imported"], 40, "{said}");
    assert_eq!(said["updated"], 0);
    assert_eq!(said["unchanged"], 0);
    assert_eq!(said["errors"], serde_json::json!([]));
    let again: serde_json::Value = serde_json::from_slice(&import("siasn.csv").stdout).unwrap();
    assert_eq!(again["unchanged"], 40, "{again}");
    assert_eq!(again["imported"], 0);
    assert_eq!(again["same_file_as"], said["import"]);
    // The bad file: the good rows in, each bad row with its line and code; still a success.
    let out = import("siasn-bad.csv");
    assert!(out.status.success());
    let bad: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(bad["imported"], 2, "{bad}");
    let errors = bad["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 10);
    assert!(errors.iter().all(|e| e["line"].as_u64().unwrap() > 1
        && e["code"].is_string()
        && e["message"].is_string()));
    // A file that cannot be read at all: exit 1, the reason on stderr and as JSON.
    std::fs::write(dir.path().join("latin1.csv"), b"nip_baru,nama\n1,REN\xC9\n").unwrap();
    let out = import("latin1.csv");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("ISO-8859-1"));
    let said: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(said["error"], "import_encoding");
    // Asked for an agency that does not exist, or without a file.
    let out = satu(dir.path())
        .args(["import", "siasn.csv", "--agency", "tidak-ada"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("tidak-ada"));
    let out = satu(dir.path()).args(["import"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
}
