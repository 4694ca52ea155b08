//! Imports of a SIASN "Export Data ASN" (`satu-api import FILE` and `POST /api/v1/imports/employees`):
//! the file is written to `SATU_DATA_DIR/imports/<id>.csv` as it arrives (checked for UTF-8 and
//! hashed on the way, never held in memory), its header checked before the upload is accepted,
//! and the rows read by a worker of the server that received it, a batch per transaction.

pub mod parse;
pub mod routes;
pub mod service;
pub mod store;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Weak;
use std::time::Duration;

use satu_shared::imports::{ImportInfo, ImportStatus, ERRORS_LISTED};
use sha2::Digest;

use crate::db::{now, Db, DbConn};
use crate::upload::{Sink, UploadError};

/// Where uploaded files wait for their import.
pub fn dir(data_dir: &Path) -> PathBuf {
    data_dir.join("imports")
}

/// The waiting file of an import.
pub fn file_of(data_dir: &Path, id: &str) -> PathBuf {
    dir(data_dir).join(format!("{id}.csv"))
}

/// An upload on its way to disk: its SHA-256, its size and its encoding checked as it passes.
pub struct Incoming {
    out: std::io::BufWriter<std::fs::File>,
    sha: sha2::Sha256,
    pub size: u64,
    pub utf8: parse::Utf8Check,
    first: bool,
}

impl Incoming {
    pub fn create(path: &Path) -> std::io::Result<Incoming> {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        Ok(Incoming {
            out: std::io::BufWriter::with_capacity(256 * 1024, std::fs::File::create(path)?),
            sha: sha2::Sha256::new(),
            size: 0,
            utf8: parse::Utf8Check::default(),
            first: true,
        })
    }

    /// Flushes the file; its SHA-256.
    pub fn finish(mut self) -> std::io::Result<String> {
        self.out.flush()?;
        self.out.get_ref().sync_data()?;
        Ok(hex::encode(self.sha.finalize()))
    }
}

impl Sink for Incoming {
    fn put(&mut self, chunk: &[u8]) -> Result<(), UploadError> {
        // The byte-order mark is part of the file's hash but not of its text.
        let text = if std::mem::take(&mut self.first) {
            chunk.strip_prefix(parse::BOM).unwrap_or(chunk)
        } else {
            chunk
        };
        self.utf8.feed(text);
        self.sha.update(chunk);
        self.size += chunk.len() as u64;
        self.out.write_all(chunk).map_err(|e| {
            tracing::error!(error = %e, "writing an import file failed");
            UploadError::Broken(satu_shared::Localized::new(
                "Berkas tidak dapat disimpan di server. Coba lagi nanti.",
                "The file could not be stored on the server. Try again later.",
            ))
        })
    }
}

/// An import as the API answers it, with its first refused rows.
pub fn info(c: &mut DbConn, row: &store::ImportRow) -> anyhow::Result<ImportInfo> {
    describe(c, row, ERRORS_LISTED as i64)
}

/// An import with its counts only (in a list).
pub fn summary(c: &mut DbConn, row: &store::ImportRow) -> anyhow::Result<ImportInfo> {
    describe(c, row, 0)
}

fn describe(c: &mut DbConn, row: &store::ImportRow, listed: i64) -> anyhow::Result<ImportInfo> {
    let errors = if listed > 0 {
        store::errors(c, &row.id, 0, listed)?
    } else {
        Vec::new()
    };
    let same_file_as = if row.status == ImportStatus::Done {
        store::same_file(c, row)?
    } else {
        None
    };
    Ok(ImportInfo {
        id: row.id.clone(),
        status: row.status,
        agency_id: row.agency_id.clone(),
        file_name: row.file_name.clone(),
        file_size: row.file_size,
        file_sha256: row.file_sha256.clone(),
        create_units: row.create_units,
        created_at: row.created_at.and_utc(),
        finished_at: row.finished_at.map(|t| t.and_utc()),
        counts: row.counts(),
        error_count: u64::try_from(row.errors).unwrap_or(0),
        errors,
        extra_columns: serde_json::from_str(&row.extra_columns).unwrap_or_default(),
        failure: row.failure.clone(),
        same_file_as,
    })
}

/// An import that made no progress for this long was left by a server that stopped.
const STALE: chrono::TimeDelta = chrono::TimeDelta::minutes(5);

/// A waiting import whose file no server has run for this long is ended as failed.
const ORPHAN: chrono::TimeDelta = chrono::TimeDelta::hours(1);

/// Runs every waiting import whose file this server holds, one after another; the number run.
pub fn run_waiting(db: &Db, data_dir: &Path) -> anyhow::Result<usize> {
    let mut n = 0;
    loop {
        let mut conn = db.get()?;
        let at = now();
        let claimed = crate::db::transaction::<_, diesel::result::Error, _>(&mut conn, |c| {
            store::claim(c, at, at - STALE, at - ORPHAN, |id| {
                file_of(data_dir, id).exists()
            })
        })?;
        let Some(import) = claimed else {
            return Ok(n);
        };
        let path = file_of(data_dir, &import.id);
        if import.rows_read > 0 {
            // Begun by a server that stopped: from the top again (what it did is unchanged now).
            store::restart(&mut conn, &import.id)?;
        }
        tracing::info!(import = %import.id, file = %import.file_name, "import started");
        let outcome = service::run(&mut conn, &import, &path);
        service::finish(&mut conn, &import, &outcome)?;
        if let Ok(counts) = &outcome {
            tracing::info!(import = %import.id, imported = counts.imported, updated = counts.updated,
                unchanged = counts.unchanged, "import finished");
        }
        if let Err(e) = std::fs::remove_file(&path) {
            tracing::warn!(error = %e, file = %path.display(), "could not remove an import's file");
        }
        n += 1;
    }
}

/// Removes the files in `imports/` older than a day that no waiting or running import names (an
/// upload broken off before it was queued, a server stopped mid-upload); the number removed.
pub fn sweep(db: &Db, data_dir: &Path) -> anyhow::Result<usize> {
    let Ok(entries) = std::fs::read_dir(dir(data_dir)) else {
        return Ok(0);
    };
    let day_ago = std::time::SystemTime::now() - Duration::from_secs(24 * 3600);
    let mut n = 0;
    let mut conn = db.get()?;
    for entry in entries.flatten() {
        let path = entry.path();
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|t| t < day_ago);
        let Some(id) = path.file_stem().and_then(|s| s.to_str()).map(str::to_owned) else {
            continue;
        };
        if !old {
            continue;
        }
        let waiting = store::find(&mut conn, &id)?.is_some_and(|r| !r.status.finished());
        if !waiting && std::fs::remove_file(&path).is_ok() {
            n += 1;
        }
    }
    Ok(n)
}

/// The worker that runs uploaded imports, checking every second while the server lives (and
/// sweeping leftover files once an hour).
pub fn spawn(db: Db, data_dir: PathBuf, alive: Weak<()>) -> std::io::Result<()> {
    let mut swept: Option<std::time::Instant> = None;
    crate::background::spawn_every(
        "satu-imports",
        alive,
        Duration::from_secs(1),
        crate::background::AtStop::Nothing,
        move || {
            if let Err(e) = run_waiting(&db, &data_dir) {
                tracing::warn!(error = %format!("{e:#}"), "running imports failed; tried again next round");
            }
            if swept.is_none_or(|t| t.elapsed() > Duration::from_secs(3600)) {
                swept = Some(std::time::Instant::now());
                match sweep(&db, &data_dir) {
                    Ok(0) => {}
                    Ok(n) => tracing::info!(files = n, "leftover import files removed"),
                    Err(e) => {
                        tracing::warn!(error = %format!("{e:#}"), "sweeping import files failed")
                    }
                }
            }
        },
    )
}
