//! The database layer: one code base over SQLite (embedded default) and PostgreSQL (for scale).
//!
//! The backend is chosen from `SATU_DATABASE_URL` by [`crate::config::DatabaseUrl`]; connections
//! are pooled with r2d2 and every query runs on actix's blocking thread pool: a unit of work that
//! writes through [`Db::write`] (one transaction), reads through [`Db::read`].
//!
//! Fetch one row with `get_result`, never `first` (clippy refuses it, see `clippy.toml`): `first`
//! binds its LIMIT as a parameter, which makes SQLite re-prepare the statement on every run.

pub mod schema;
pub mod stored;

pub use stored::Stored;

use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sqlite::SqliteConnection;
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};
use tracing::Instrument;

use crate::config::DatabaseUrl;
use crate::error::ApiError;

#[derive(diesel::MultiConnection)]
pub enum DbConn {
    Sqlite(SqliteConnection),
    Pg(PgConnection),
}

/// Runs the same diesel expression on the concrete connection, for the few statements the
/// multi-backend connection cannot express (batch inserts, `RETURNING`, upserts), and for the
/// hottest reads: through the multi-backend connection diesel writes a query's SQL text again on
/// every execution to find its prepared statement (its wrapper has no static query id), which
/// costs more than SQLite's execution of a short indexed read.
#[macro_export]
macro_rules! on_backend {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            $crate::db::DbConn::Sqlite($c) => $body,
            $crate::db::DbConn::Pg($c) => $body,
        }
    };
}

/// One set of migrations for both backends: they are written in the SQL both understand (the
/// schema guard test checks that both end with the same schema).
pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations");

/// Settings every SQLite connection gets: concurrent readers beside one writer, a wait instead of
/// an immediate "database is locked", and enforced foreign keys.
const SQLITE_PRAGMAS: &str = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
     PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON;";

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("cannot create the directory {dir} for the SQLite database: {source}")]
    CreateDir { dir: String, source: std::io::Error },
    #[error("cannot connect to the database given by SATU_DATABASE_URL ({url}): {source}")]
    Connect {
        url: String,
        source: diesel::ConnectionError,
    },
    #[error("cannot prepare the database ({url}): {source}")]
    Setup {
        url: String,
        source: diesel::result::Error,
    },
    #[error("database pool ({url}): {source}")]
    Pool { url: String, source: r2d2::Error },
    #[error("migrations failed: {0}")]
    Migration(String),
}

/// Opens one connection and applies the per-connection settings. With `create`, a missing SQLite
/// directory or PostgreSQL database is created (at start-up only: a database that disappears
/// while the server runs must not silently come back empty).
pub fn establish(url: &DatabaseUrl, create: bool) -> Result<DbConn, DbError> {
    match url {
        DatabaseUrl::Sqlite(path) => {
            if let Some(dir) = path
                .parent()
                .filter(|d| create && !d.as_os_str().is_empty())
            {
                std::fs::create_dir_all(dir).map_err(|source| DbError::CreateDir {
                    dir: dir.display().to_string(),
                    source,
                })?;
            }
            if !create && !path.exists() {
                return Err(DbError::Connect {
                    url: url.redacted(),
                    source: diesel::ConnectionError::BadConnection(
                        "the SQLite file is missing".into(),
                    ),
                });
            }
            let mut c = SqliteConnection::establish(&path.to_string_lossy()).map_err(|source| {
                DbError::Connect {
                    url: url.redacted(),
                    source,
                }
            })?;
            c.batch_execute(SQLITE_PRAGMAS)
                .map_err(|source| DbError::Setup {
                    url: url.redacted(),
                    source,
                })?;
            Ok(DbConn::Sqlite(c))
        }
        DatabaseUrl::Postgres(raw) => {
            Ok(DbConn::Pg(establish_pg(raw, create).map_err(|source| {
                DbError::Connect {
                    url: url.redacted(),
                    source,
                }
            })?))
        }
    }
}

/// Connects; when the database itself does not exist yet, creates it through the `postgres`
/// maintenance database on the same server, then connects again.
fn establish_pg(raw: &str, create: bool) -> Result<PgConnection, diesel::ConnectionError> {
    match PgConnection::establish(raw) {
        Ok(c) => Ok(c),
        Err(diesel::ConnectionError::BadConnection(msg))
            if create && msg.contains("does not exist") =>
        {
            let Ok(mut admin_url) = url::Url::parse(raw) else {
                return Err(diesel::ConnectionError::BadConnection(msg));
            };
            let name = admin_url.path().trim_start_matches('/').to_owned();
            if name.is_empty() || name.contains('"') {
                return Err(diesel::ConnectionError::BadConnection(msg));
            }
            admin_url.set_path("/postgres");
            let mut admin = PgConnection::establish(admin_url.as_str())?;
            tracing::info!(database = %name, "creating the PostgreSQL database");
            // An identifier cannot be a bind parameter; the name has no double quote (checked above).
            let created =
                diesel::sql_query(format!("CREATE DATABASE \"{name}\"")).execute(&mut admin);
            if let Err(e) = created {
                // Another process may have created it at the same moment: connecting tells.
                tracing::warn!(error = %e, "CREATE DATABASE failed");
            }
            PgConnection::establish(raw)
        }
        Err(e) => Err(e),
    }
}

pub fn run_migrations(conn: &mut DbConn) -> Result<Vec<String>, DbError> {
    let applied = match conn {
        DbConn::Sqlite(c) => c.run_pending_migrations(MIGRATIONS),
        DbConn::Pg(c) => c.run_pending_migrations(MIGRATIONS),
    }
    .map_err(|e| DbError::Migration(e.to_string()))?;
    Ok(applied.into_iter().map(|v| v.to_string()).collect())
}

/// r2d2 manager that opens connections of the configured backend (and never guesses one from the
/// URL, which diesel's generic manager would do for a multi-backend connection).
#[derive(Debug)]
pub struct Manager {
    url: DatabaseUrl,
    /// When this pool last found a connection dead (ms after `epoch`, plus one; 0: never). The
    /// server may have restarted: every connection that answered before then is tested before it
    /// is handed out again, so one failed request discovers a restart, not one per connection.
    lost: std::sync::atomic::AtomicU64,
    epoch: std::time::Instant,
}

impl Manager {
    fn new(url: DatabaseUrl) -> Manager {
        Manager {
            url,
            lost: std::sync::atomic::AtomicU64::new(0),
            epoch: std::time::Instant::now(),
        }
    }

    fn ms(&self, at: std::time::Instant) -> u64 {
        u64::try_from(at.saturating_duration_since(self.epoch).as_millis()).unwrap_or(u64::MAX)
    }

    /// Whether the connection answered after the last connection found dead.
    fn answered_since_loss(&self, p: &Pooled) -> bool {
        let lost = self.lost.load(std::sync::atomic::Ordering::Relaxed);
        lost == 0 || self.ms(p.answered) >= lost
    }
}

/// A PostgreSQL connection used this recently is handed out without a test query (as HikariCP's
/// 500 ms "alive bypass" window): under load every checkout would otherwise cost a round trip to
/// the server and a statement's CPU there, for nothing. One idle longer is tested first.
const ALIVE_WITHOUT_TEST: Duration = Duration::from_millis(500);

/// A pooled connection with what the pool knows of it: when it last answered, and whether the
/// work that last held it failed in a way that may have been the connection's (then it is tested
/// when it comes back, and dropped if it no longer answers).
pub struct Pooled {
    conn: DbConn,
    answered: std::time::Instant,
    suspect: bool,
}

impl Pooled {
    fn test(&mut self) -> Result<(), diesel::result::Error> {
        self.conn.batch_execute("SELECT 1")?;
        self.answered = std::time::Instant::now();
        self.suspect = false;
        Ok(())
    }
}

impl r2d2::ManageConnection for Manager {
    type Connection = Pooled;
    type Error = DbError;

    fn connect(&self) -> Result<Pooled, DbError> {
        Ok(Pooled {
            conn: establish(&self.url, false)?,
            answered: std::time::Instant::now(),
            suspect: false,
        })
    }

    fn is_valid(&self, p: &mut Pooled) -> Result<(), DbError> {
        // A SQLite connection is a file handle in this process: nothing between can break it.
        if matches!(p.conn, DbConn::Sqlite(_))
            || (p.answered.elapsed() < ALIVE_WITHOUT_TEST && self.answered_since_loss(p))
        {
            return Ok(());
        }
        p.test().map_err(|source| {
            self.found_dead();
            DbError::Setup {
                url: self.url.redacted(),
                source,
            }
        })
    }

    /// Called as a connection comes back: one left inside a transaction (work that panicked, a
    /// rollback that failed) is dropped; one whose work failed is tested, and dropped when it does
    /// not answer (the server restarted, the session was ended), so the next request does not
    /// meet it. When it last answered is recorded by the work that used it ([`Conn::run`]).
    fn has_broken(&self, p: &mut Pooled) -> bool {
        if matches!(p.conn, DbConn::Pg(_)) && p.suspect && p.test().is_err() {
            self.found_dead();
            return true;
        }
        std::thread::panicking() || in_transaction(&mut p.conn)
    }
}

impl Manager {
    /// A connection no longer answers: the server may have restarted under all of them.
    fn found_dead(&self) {
        let now = self.ms(std::time::Instant::now()).saturating_add(1);
        self.lost
            .fetch_max(now, std::sync::atomic::Ordering::Relaxed);
    }
}

/// Whether diesel's transaction manager holds an open transaction (or is in an error state).
fn in_transaction(conn: &mut DbConn) -> bool {
    use diesel::connection::{AnsiTransactionManager, TransactionManager};
    match conn {
        DbConn::Sqlite(c) => AnsiTransactionManager::is_broken_transaction_manager(c),
        DbConn::Pg(c) => AnsiTransactionManager::is_broken_transaction_manager(c),
    }
}

/// A connection checked out of the pool; it is the [`DbConn`] it holds.
pub struct Conn(r2d2::PooledConnection<Manager>);

impl Conn {
    /// Runs `f` on the connection; a failure that may be the connection's (an internal error or
    /// an unavailable dependency, never a refusal of the request) has it tested on its return,
    /// anything else is the connection answering now. (A connection used through [`Db::get`]
    /// records neither: it is tested when next handed out after the window.)
    fn run<T>(
        &mut self,
        f: impl FnOnce(&mut DbConn) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let out = f(&mut self.0.conn);
        if matches!(out, Err(ApiError::Internal(_) | ApiError::Unavailable(_))) {
            self.0.suspect = true;
        } else {
            self.0.answered = std::time::Instant::now();
        }
        out
    }
}

impl std::ops::Deref for Conn {
    type Target = DbConn;
    fn deref(&self) -> &DbConn {
        &self.0.conn
    }
}

impl std::ops::DerefMut for Conn {
    fn deref_mut(&mut self) -> &mut DbConn {
        &mut self.0.conn
    }
}

pub type Pool = r2d2::Pool<Manager>;

/// Pooled database access for handlers and commands.
#[derive(Clone)]
pub struct Db {
    pool: Pool,
    url: DatabaseUrl,
    /// SQLite takes one writer at a time: this process's writes queue here, in order and without
    /// holding a thread or a connection, instead of each polling SQLite's lock from its busy
    /// handler (which sleeps up to 100 ms between tries, with cores idle). None on PostgreSQL.
    writer: Option<std::sync::Arc<crate::gate::Gate>>,
}

impl Db {
    /// Connects (failing fast with a clear error when the server cannot be reached), applies
    /// pending migrations, and builds the pool.
    pub fn open(url: &DatabaseUrl, pool_size: u32) -> Result<Db, DbError> {
        let mut first = establish(url, true)?;
        let applied = run_migrations(&mut first)?;
        if !applied.is_empty() {
            tracing::info!(count = applied.len(), migrations = ?applied, "applied database migrations");
        }
        crate::proposals::store::ensure_tallies(&mut first).map_err(|source| DbError::Setup {
            url: url.redacted(),
            source,
        })?;
        drop(first);
        let pool = r2d2::Pool::builder()
            .max_size(pool_size)
            .min_idle(Some(1))
            .test_on_check_out(true)
            .connection_timeout(Duration::from_secs(5))
            .build(Manager::new(url.clone()))
            .map_err(|source| DbError::Pool {
                url: url.redacted(),
                source,
            })?;
        Ok(Db {
            pool,
            url: url.clone(),
            writer: matches!(url, DatabaseUrl::Sqlite(_))
                .then(|| std::sync::Arc::new(crate::gate::Gate::new(1))),
        })
    }

    pub fn backend(&self) -> &'static str {
        self.url.backend()
    }

    pub fn pool_state(&self) -> r2d2::State {
        self.pool.state()
    }

    /// A connection for synchronous work (commands, tests); handlers use [`Db::write`] and
    /// [`Db::read`].
    pub fn get(&self) -> Result<Conn, ApiError> {
        self.pool
            .get()
            .map(Conn)
            .map_err(|e| ApiError::Unavailable(e.to_string()))
    }

    /// Runs one unit of work that writes, in one transaction, on the blocking thread pool (inside
    /// the caller's tracing span): `BEGIN IMMEDIATE` on SQLite, so a read-then-write takes the
    /// write lock first and never meets `SQLITE_BUSY` halfway; a plain transaction on PostgreSQL.
    /// An `Err` rolls everything back. A refusal that must still be recorded (a failed login
    /// counted against the account) is answered as `Ok(Err(refusal))`: committed, then refused.
    pub async fn write<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConn) -> Result<T, ApiError> + Send + 'static,
    {
        let _turn = match &self.writer {
            Some(gate) => Some(gate.enter().await?),
            None => None,
        };
        self.blocking(move |conn| transaction(conn, f)).await
    }

    /// Runs reads on the blocking thread pool (inside the caller's tracing span), each statement
    /// on its own: a read that must see one consistent state of several tables uses one query.
    pub async fn read<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConn) -> Result<T, ApiError> + Send + 'static,
    {
        self.blocking(f).await
    }

    async fn blocking<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConn) -> Result<T, ApiError> + Send + 'static,
    {
        let pool = self.pool.clone();
        let span = tracing::Span::current();
        actix_web::web::block(move || {
            let _guard = span.enter();
            let mut conn = pool
                .get()
                .map(Conn)
                .map_err(|e| ApiError::Unavailable(e.to_string()))?;
            conn.run(f)
        })
        .instrument(tracing::Span::current())
        .await
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("blocking task failed: {e}")))?
    }

    /// Runs a short read on the calling thread when the database is SQLite (a local file read of
    /// some microseconds costs less than handing it to another thread) and a connection is free
    /// at once; otherwise as [`Db::read`]. For the hottest public read paths only.
    pub async fn read_quick<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConn) -> Result<T, ApiError> + Send + 'static,
    {
        if matches!(self.url, DatabaseUrl::Sqlite(_)) {
            if let Some(conn) = self.pool.try_get() {
                return Conn(conn).run(f);
            }
        }
        self.read(f).await
    }

    /// Whether the database answers now (for `/readyz`), waiting at most `timeout`.
    pub async fn ping(&self, timeout: Duration) -> bool {
        let pool = self.pool.clone();
        actix_web::web::block(move || {
            pool.get_timeout(timeout)
                .ok()
                .map(Conn)
                .map(|mut c| c.run(|c| Ok(c.batch_execute("SELECT 1")?)).is_ok())
                .unwrap_or(false)
        })
        .await
        .unwrap_or(false)
    }
}

/// Runs `f` in one transaction on `conn` (for commands and background work; handlers use
/// [`Db::write`]): `BEGIN IMMEDIATE` on SQLite, a plain `BEGIN` on PostgreSQL. Inside it, diesel's
/// own `transaction` nests as a savepoint.
pub fn transaction<T, E, F>(conn: &mut DbConn, f: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConn) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    use diesel::connection::{AnsiTransactionManager, TransactionManager};
    match conn {
        DbConn::Sqlite(c) => AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")?,
        DbConn::Pg(c) => AnsiTransactionManager::begin_transaction(c)?,
    }
    let outcome = f(conn);
    let end = match (&outcome, &mut *conn) {
        (Ok(_), DbConn::Sqlite(c)) => AnsiTransactionManager::commit_transaction(c),
        (Ok(_), DbConn::Pg(c)) => AnsiTransactionManager::commit_transaction(c),
        (Err(_), DbConn::Sqlite(c)) => AnsiTransactionManager::rollback_transaction(c),
        (Err(_), DbConn::Pg(c)) => AnsiTransactionManager::rollback_transaction(c),
    };
    match (outcome, end) {
        (Ok(v), Ok(())) => Ok(v),
        (Ok(_), Err(e)) => Err(e.into()),
        // The work's own error says more than a failed rollback.
        (Err(e), _) => Err(e),
    }
}

/// Current UTC time as stored in `Timestamp` columns: to the microsecond, what PostgreSQL keeps,
/// so that an answer made from the row in hand says what a later read of it says, on either
/// backend.
pub fn now() -> chrono::NaiveDateTime {
    use chrono::SubsecRound;
    chrono::Utc::now().naive_utc().trunc_subsecs(6)
}

/// Today in Western Indonesia Time (UTC+7), where dates such as a contract's end are counted.
pub fn today_wib() -> chrono::NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(7)).date_naive()
}

/// A new row id: a UUIDv7 (time-ordered) as text.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}
