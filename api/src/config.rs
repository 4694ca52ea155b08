//! Configuration: defaults in code, then an optional TOML file named by `SATU_CONFIG`, then
//! `SATU_*` environment variables. The effective configuration is printed at start with secrets
//! redacted.

use std::collections::BTreeMap;
use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;

use serde::Deserialize;

use crate::proxy::TrustedProxies;

/// Where the data lives, parsed from `SATU_DATABASE_URL`.
#[derive(Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// A file path (`sqlite://PATH`, or a bare path).
    Sqlite(PathBuf),
    /// A libpq URL (`postgres://…` or `postgresql://…`).
    Postgres(String),
}

impl DatabaseUrl {
    pub fn parse(raw: &str) -> Result<DatabaseUrl, ConfigError> {
        let raw = raw.trim();
        if let Some(path) = raw.strip_prefix("sqlite://") {
            if path.is_empty() {
                return Err(ConfigError::invalid(
                    "SATU_DATABASE_URL",
                    "sqlite:// needs a file path, e.g. sqlite://./data/satu.db",
                ));
            }
            return Ok(DatabaseUrl::Sqlite(PathBuf::from(path)));
        }
        if raw.starts_with("postgres://") || raw.starts_with("postgresql://") {
            url::Url::parse(raw).map_err(|e| {
                ConfigError::invalid(
                    "SATU_DATABASE_URL",
                    &format!("not a valid PostgreSQL URL: {e}"),
                )
            })?;
            return Ok(DatabaseUrl::Postgres(raw.to_owned()));
        }
        if let Some((scheme, _)) = raw.split_once("://") {
            return Err(ConfigError::invalid(
                "SATU_DATABASE_URL",
                &format!("unknown scheme '{scheme}://': use sqlite://PATH or postgres://USER@HOST:PORT/DB"),
            ));
        }
        if raw.is_empty() {
            return Err(ConfigError::invalid("SATU_DATABASE_URL", "is empty"));
        }
        Ok(DatabaseUrl::Sqlite(PathBuf::from(raw)))
    }

    pub fn backend(&self) -> &'static str {
        match self {
            DatabaseUrl::Sqlite(_) => "sqlite",
            DatabaseUrl::Postgres(_) => "postgres",
        }
    }

    /// The URL with any password replaced, safe for logs.
    pub fn redacted(&self) -> String {
        match self {
            DatabaseUrl::Sqlite(p) => format!("sqlite://{}", p.display()),
            DatabaseUrl::Postgres(u) => redact_url(u),
        }
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

/// Replaces the password of a URL (and a `password=` query parameter) with `***`.
pub fn redact_url(raw: &str) -> String {
    match url::Url::parse(raw) {
        Ok(mut u) => {
            if u.password().is_some() {
                let _ = u.set_password(Some("***"));
            }
            let pairs: Vec<(String, String)> = u
                .query_pairs()
                .map(|(k, v)| {
                    let v = if k.eq_ignore_ascii_case("password") {
                        "***".into()
                    } else {
                        v.into_owned()
                    };
                    (k.into_owned(), v)
                })
                .collect();
            if !pairs.is_empty() {
                u.query_pairs_mut().clear().extend_pairs(pairs);
            }
            u.to_string()
        }
        Err(_) => "<unparseable URL>".to_owned(),
    }
}

/// A URL that may carry a password: its `Debug` output is redacted.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretUrl(pub String);

impl fmt::Debug for SecretUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&redact_url(&self.0))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub bind: SocketAddr,
    pub public_url: String,
    pub database_url: DatabaseUrl,
    pub data_dir: PathBuf,
    pub log_format: LogFormat,
    pub smtp_url: Option<SecretUrl>,
    pub test_mode: bool,
    /// A folder to serve the web app from instead of the one built into the binary; extension:
    /// `SATU_WEB_DIR`.
    pub web_dir: Option<PathBuf>,
    /// Connections in the database pool; extension: `SATU_DB_POOL_SIZE`.
    pub db_pool_size: u32,
    /// Login and reset attempts one client address may make per minute; extension:
    /// `SATU_LOGIN_RATE_PER_MINUTE` (raise it behind a proxy that hides client addresses).
    pub login_rate_per_minute: u32,
    /// Refuse card photos whose background is not transparent (`SATU_PHOTO_REQUIRE_TRANSPARENT`).
    pub photo_require_transparent: bool,
    /// Captchas and card verifications one client address may ask for per minute; extension:
    /// `SATU_VERIFY_RATE_PER_MINUTE`.
    pub verify_rate_per_minute: u32,
    /// Memory for rendered cards, in MB; extension: `SATU_CARD_CACHE_MB`.
    pub card_cache_mb: u32,
    /// Reverse proxies whose `X-Forwarded-For` names the client (`SATU_TRUSTED_PROXIES`).
    pub trusted_proxies: TrustedProxies,
    /// A bearer token that opens `/metrics` to other hosts than this one; extension:
    /// `SATU_METRICS_TOKEN` (unset: loopback only).
    pub metrics_token: Option<SecretString>,
    /// `s3://bucket[/prefix]`: files (card photos, documents) in an S3-compatible bucket shared
    /// by every instance; unset: under `data_dir`. Extension: `SATU_STORAGE_URL`.
    pub storage_url: Option<String>,
    /// The bucket's settings as `key=value` pairs separated by commas (`endpoint`, `region`,
    /// `access_key_id`, `secret_access_key`, `allow_http`, …), over the standard `AWS_*`
    /// variables. Extension: `SATU_STORAGE_OPTIONS` (secret: it may hold the key).
    pub storage_options: Option<SecretString>,
}

/// A secret setting: its `Debug` output is redacted.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretString(pub String);

impl fmt::Debug for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("(set)")
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{var}: {reason}")]
    Invalid { var: String, reason: String },
    #[error("SATU_CONFIG: cannot read {path}: {reason}")]
    File { path: String, reason: String },
}

impl ConfigError {
    fn invalid(var: &str, reason: &str) -> ConfigError {
        ConfigError::Invalid {
            var: var.to_owned(),
            reason: reason.to_owned(),
        }
    }
}

/// The keys a TOML file may set: the variable names without `SATU_`, in lower case.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    bind: Option<String>,
    public_url: Option<String>,
    database_url: Option<String>,
    data_dir: Option<String>,
    log_format: Option<String>,
    smtp_url: Option<String>,
    test_mode: Option<bool>,
    web_dir: Option<String>,
    db_pool_size: Option<u32>,
    login_rate_per_minute: Option<u32>,
    photo_require_transparent: Option<bool>,
    verify_rate_per_minute: Option<u32>,
    card_cache_mb: Option<u32>,
    trusted_proxies: Option<String>,
    metrics_token: Option<String>,
    storage_url: Option<String>,
    storage_options: Option<String>,
}

const KEYS: [&str; 17] = [
    "BIND",
    "PUBLIC_URL",
    "DATABASE_URL",
    "DATA_DIR",
    "LOG_FORMAT",
    "SMTP_URL",
    "TEST_MODE",
    "WEB_DIR",
    "DB_POOL_SIZE",
    "LOGIN_RATE_PER_MINUTE",
    "PHOTO_REQUIRE_TRANSPARENT",
    "VERIFY_RATE_PER_MINUTE",
    "CARD_CACHE_MB",
    "TRUSTED_PROXIES",
    "METRICS_TOKEN",
    "STORAGE_URL",
    "STORAGE_OPTIONS",
];

impl Config {
    /// Reads the process environment (and the file it names).
    pub fn from_env() -> Result<Config, ConfigError> {
        let env: BTreeMap<String, String> = std::env::vars()
            .filter(|(k, _)| k.starts_with("SATU_"))
            .collect();
        Config::from_sources(&env)
    }

    /// Resolves the configuration from `SATU_*` variables (given as a map, for tests).
    pub fn from_sources(env: &BTreeMap<String, String>) -> Result<Config, ConfigError> {
        let file = match env.get("SATU_CONFIG") {
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|e| ConfigError::File {
                    path: path.clone(),
                    reason: e.to_string(),
                })?;
                toml::from_str::<FileConfig>(&text).map_err(|e| ConfigError::File {
                    path: path.clone(),
                    reason: e.to_string(),
                })?
            }
            None => FileConfig::default(),
        };
        // Merge: environment over file over defaults, as strings first.
        let mut v: BTreeMap<&str, String> = BTreeMap::new();
        let file_values: [(&str, Option<String>); 17] = [
            ("BIND", file.bind),
            ("PUBLIC_URL", file.public_url),
            ("DATABASE_URL", file.database_url),
            ("DATA_DIR", file.data_dir),
            ("LOG_FORMAT", file.log_format),
            ("SMTP_URL", file.smtp_url),
            ("TEST_MODE", file.test_mode.map(|b| b.to_string())),
            ("WEB_DIR", file.web_dir),
            ("DB_POOL_SIZE", file.db_pool_size.map(|n| n.to_string())),
            (
                "LOGIN_RATE_PER_MINUTE",
                file.login_rate_per_minute.map(|n| n.to_string()),
            ),
            (
                "PHOTO_REQUIRE_TRANSPARENT",
                file.photo_require_transparent.map(|b| b.to_string()),
            ),
            (
                "VERIFY_RATE_PER_MINUTE",
                file.verify_rate_per_minute.map(|n| n.to_string()),
            ),
            ("CARD_CACHE_MB", file.card_cache_mb.map(|n| n.to_string())),
            ("TRUSTED_PROXIES", file.trusted_proxies),
            ("METRICS_TOKEN", file.metrics_token),
            ("STORAGE_URL", file.storage_url),
            ("STORAGE_OPTIONS", file.storage_options),
        ];
        for (k, val) in file_values {
            if let Some(val) = val {
                v.insert(k, val);
            }
        }
        for k in KEYS {
            if let Some(val) = env.get(&format!("SATU_{k}")) {
                v.insert(k, val.clone());
            }
        }
        let get = |k: &str| v.get(k).map(String::as_str);

        let bind_raw = get("BIND").unwrap_or("127.0.0.1:8080");
        let bind: SocketAddr = bind_raw.parse().map_err(|_| {
            ConfigError::invalid(
                "SATU_BIND",
                &format!("'{bind_raw}' is not HOST:PORT, e.g. 127.0.0.1:8080"),
            )
        })?;
        let public_url = match get("PUBLIC_URL") {
            Some(u) => {
                let parsed = url::Url::parse(u).map_err(|e| {
                    ConfigError::invalid("SATU_PUBLIC_URL", &format!("not a URL: {e}"))
                })?;
                if !matches!(parsed.scheme(), "http" | "https") {
                    return Err(ConfigError::invalid(
                        "SATU_PUBLIC_URL",
                        "must start with http:// or https://",
                    ));
                }
                u.trim_end_matches('/').to_owned()
            }
            None => format!("http://{bind}"),
        };
        let database_url =
            DatabaseUrl::parse(get("DATABASE_URL").unwrap_or("sqlite://./data/satu.db"))?;
        let data_dir = PathBuf::from(get("DATA_DIR").unwrap_or("./data"));
        let log_format = match get("LOG_FORMAT").unwrap_or("text") {
            "text" => LogFormat::Text,
            "json" => LogFormat::Json,
            other => {
                return Err(ConfigError::invalid(
                    "SATU_LOG_FORMAT",
                    &format!("'{other}' is neither text nor json"),
                ))
            }
        };
        let smtp_url = match get("SMTP_URL") {
            Some(u) if !u.trim().is_empty() => {
                let parsed = url::Url::parse(u).map_err(|e| {
                    ConfigError::invalid("SATU_SMTP_URL", &format!("not a URL: {e}"))
                })?;
                if !matches!(parsed.scheme(), "smtp" | "smtps") {
                    return Err(ConfigError::invalid(
                        "SATU_SMTP_URL",
                        "must start with smtp:// or smtps://",
                    ));
                }
                Some(SecretUrl(u.to_owned()))
            }
            _ => None,
        };
        let flag = |key: &str| -> Result<bool, ConfigError> {
            match get(key).unwrap_or("false") {
                "true" | "1" => Ok(true),
                "false" | "0" | "" => Ok(false),
                other => Err(ConfigError::invalid(
                    &format!("SATU_{key}"),
                    &format!("'{other}' is neither true nor false"),
                )),
            }
        };
        let test_mode = flag("TEST_MODE")?;
        if test_mode && (!bind.ip().is_loopback() || public_url.starts_with("https://")) {
            // Test mode hands out captcha answers and every queued email: never where others reach.
            return Err(ConfigError::invalid(
                "SATU_TEST_MODE",
                "is for automated tests only: refused unless SATU_BIND is a loopback address \
                 (127.0.0.1, ::1) and SATU_PUBLIC_URL is not https",
            ));
        }
        let photo_require_transparent = flag("PHOTO_REQUIRE_TRANSPARENT")?;
        let web_dir = get("WEB_DIR").filter(|d| !d.is_empty()).map(PathBuf::from);
        let db_pool_size = match get("DB_POOL_SIZE") {
            Some(n) => n
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=512).contains(n))
                .ok_or_else(|| {
                    ConfigError::invalid("SATU_DB_POOL_SIZE", "must be a number from 1 to 512")
                })?,
            None => 10,
        };
        let login_rate_per_minute = match get("LOGIN_RATE_PER_MINUTE") {
            Some(n) => n.parse::<u32>().ok().filter(|n| *n >= 1).ok_or_else(|| {
                ConfigError::invalid(
                    "SATU_LOGIN_RATE_PER_MINUTE",
                    "must be a whole number of at least 1",
                )
            })?,
            None => 30,
        };
        let verify_rate_per_minute = match get("VERIFY_RATE_PER_MINUTE") {
            Some(n) => n.parse::<u32>().ok().filter(|n| *n >= 1).ok_or_else(|| {
                ConfigError::invalid(
                    "SATU_VERIFY_RATE_PER_MINUTE",
                    "must be a whole number of at least 1",
                )
            })?,
            None => 60,
        };
        let card_cache_mb = match get("CARD_CACHE_MB") {
            Some(n) => n
                .parse::<u32>()
                .ok()
                .filter(|n| *n <= 65_536)
                .ok_or_else(|| {
                    ConfigError::invalid("SATU_CARD_CACHE_MB", "must be a number from 0 to 65536")
                })?,
            None => 64,
        };
        let trusted_proxies = TrustedProxies::parse(get("TRUSTED_PROXIES").unwrap_or(""))
            .map_err(|e| ConfigError::invalid("SATU_TRUSTED_PROXIES", &e))?;
        let metrics_token = match get("METRICS_TOKEN").map(str::trim) {
            Some(t) if t.len() >= 16 => Some(SecretString(t.to_owned())),
            Some("") | None => None,
            Some(_) => {
                return Err(ConfigError::invalid(
                    "SATU_METRICS_TOKEN",
                    "must be at least 16 characters",
                ))
            }
        };
        let storage_url = match get("STORAGE_URL").map(str::trim) {
            Some("") | None => None,
            Some(u) => {
                let parsed = url::Url::parse(u).map_err(|e| {
                    ConfigError::invalid("SATU_STORAGE_URL", &format!("not a URL: {e}"))
                })?;
                if parsed.scheme() != "s3" || parsed.host_str().is_none_or(str::is_empty) {
                    return Err(ConfigError::invalid(
                        "SATU_STORAGE_URL",
                        "must be s3://BUCKET or s3://BUCKET/PREFIX (unset: files under SATU_DATA_DIR)",
                    ));
                }
                Some(u.to_owned())
            }
        };
        let storage_options = match get("STORAGE_OPTIONS").map(str::trim) {
            Some("") | None => None,
            Some(o) => {
                if let Some(bad) = o.split(',').find(|pair| {
                    pair.split_once('=')
                        .is_none_or(|(k, _)| k.trim().is_empty())
                }) {
                    return Err(ConfigError::invalid(
                        "SATU_STORAGE_OPTIONS",
                        &format!(
                            "'{}' is not KEY=VALUE (pairs separated by commas)",
                            bad.split('=').next().unwrap_or("")
                        ),
                    ));
                }
                Some(SecretString(o.to_owned()))
            }
        };
        Ok(Config {
            bind,
            public_url,
            database_url,
            data_dir,
            log_format,
            smtp_url,
            test_mode,
            web_dir,
            db_pool_size,
            login_rate_per_minute,
            photo_require_transparent,
            verify_rate_per_minute,
            card_cache_mb,
            trusted_proxies,
            metrics_token,
            storage_url,
            storage_options,
        })
    }

    /// `SATU_STORAGE_OPTIONS` as pairs.
    pub fn storage_options(&self) -> Vec<(String, String)> {
        self.storage_options
            .as_ref()
            .map(|o| {
                o.0.split(',')
                    .filter_map(|pair| pair.split_once('='))
                    .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The effective configuration, secrets redacted, one `KEY=value` a line.
    pub fn describe(&self) -> Vec<(String, String)> {
        vec![
            ("SATU_BIND".into(), self.bind.to_string()),
            ("SATU_PUBLIC_URL".into(), self.public_url.clone()),
            ("SATU_DATABASE_URL".into(), self.database_url.redacted()),
            ("SATU_DATA_DIR".into(), self.data_dir.display().to_string()),
            (
                "SATU_LOG_FORMAT".into(),
                match self.log_format {
                    LogFormat::Text => "text".into(),
                    LogFormat::Json => "json".into(),
                },
            ),
            (
                "SATU_SMTP_URL".into(),
                self.smtp_url
                    .as_ref()
                    .map(|u| redact_url(&u.0))
                    .unwrap_or_else(|| "(unset: outbox only)".into()),
            ),
            ("SATU_TEST_MODE".into(), self.test_mode.to_string()),
            (
                "SATU_WEB_DIR".into(),
                match &self.web_dir {
                    Some(d) => d.display().to_string(),
                    None => "(unset: the web app built into this binary)".into(),
                },
            ),
            ("SATU_DB_POOL_SIZE".into(), self.db_pool_size.to_string()),
            (
                "SATU_LOGIN_RATE_PER_MINUTE".into(),
                self.login_rate_per_minute.to_string(),
            ),
            (
                "SATU_PHOTO_REQUIRE_TRANSPARENT".into(),
                self.photo_require_transparent.to_string(),
            ),
            (
                "SATU_VERIFY_RATE_PER_MINUTE".into(),
                self.verify_rate_per_minute.to_string(),
            ),
            ("SATU_CARD_CACHE_MB".into(), self.card_cache_mb.to_string()),
            (
                "SATU_TRUSTED_PROXIES".into(),
                if self.trusted_proxies.0.is_empty() {
                    "(unset: the TCP peer is the client)".into()
                } else {
                    format!("{:?}", self.trusted_proxies.0)
                },
            ),
            (
                "SATU_METRICS_TOKEN".into(),
                if self.metrics_token.is_some() {
                    "(set)"
                } else {
                    "(unset: /metrics from loopback only)"
                }
                .into(),
            ),
            (
                "SATU_STORAGE_URL".into(),
                self.storage_url
                    .clone()
                    .unwrap_or_else(|| "(unset: files under SATU_DATA_DIR)".into()),
            ),
            (
                "SATU_STORAGE_OPTIONS".into(),
                if self.storage_options.is_some() {
                    "(set)"
                } else {
                    "(unset)"
                }
                .into(),
            ),
        ]
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn defaults_follow_the_contract() {
        let c = Config::from_sources(&env(&[])).unwrap();
        assert_eq!(c.bind.to_string(), "127.0.0.1:8080");
        assert_eq!(c.public_url, "http://127.0.0.1:8080");
        assert_eq!(c.database_url, DatabaseUrl::Sqlite("./data/satu.db".into()));
        assert_eq!(c.data_dir, PathBuf::from("./data"));
        assert_eq!(c.log_format, LogFormat::Text);
        assert!(c.smtp_url.is_none());
        assert!(!c.test_mode);
        assert!(!c.photo_require_transparent);
        assert_eq!(c.verify_rate_per_minute, 60);
    }

    #[test]
    fn test_mode_is_refused_off_loopback_and_behind_https() {
        for (bind, public) in [
            ("0.0.0.0:8080", "http://127.0.0.1:8080"),
            ("10.1.2.3:8080", "http://10.1.2.3:8080"),
            ("[::]:8080", "http://[::1]:8080"),
            ("127.0.0.1:8080", "https://asn.example.go.id"),
        ] {
            let e = Config::from_sources(&env(&[
                ("SATU_TEST_MODE", "true"),
                ("SATU_BIND", bind),
                ("SATU_PUBLIC_URL", public),
            ]))
            .unwrap_err();
            assert!(
                e.to_string().starts_with("SATU_TEST_MODE"),
                "{bind} {public}: {e}"
            );
        }
        for bind in ["127.0.0.1:0", "[::1]:8080"] {
            let c = Config::from_sources(&env(&[("SATU_TEST_MODE", "1"), ("SATU_BIND", bind)]))
                .unwrap();
            assert!(c.test_mode, "{bind}");
        }
    }

    #[test]
    fn unknown_database_scheme_names_the_variable() {
        let e = Config::from_sources(&env(&[("SATU_DATABASE_URL", "mysql://x@y/z")])).unwrap_err();
        let msg = e.to_string();
        assert!(
            msg.contains("SATU_DATABASE_URL") && msg.contains("mysql"),
            "{msg}"
        );
    }

    #[test]
    fn bad_values_name_their_variable() {
        for (k, v) in [
            ("SATU_BIND", "nope"),
            ("SATU_LOG_FORMAT", "xml"),
            ("SATU_TEST_MODE", "yes please"),
            ("SATU_PUBLIC_URL", "ftp://x"),
            ("SATU_SMTP_URL", "http://mail"),
            ("SATU_DB_POOL_SIZE", "0"),
            ("SATU_LOGIN_RATE_PER_MINUTE", "-3"),
            ("SATU_PHOTO_REQUIRE_TRANSPARENT", "ya"),
            ("SATU_VERIFY_RATE_PER_MINUTE", "0"),
            ("SATU_CARD_CACHE_MB", "lots"),
            ("SATU_TRUSTED_PROXIES", "10.0.0.0/40"),
            ("SATU_TRUSTED_PROXIES", "proxy.local"),
            ("SATU_METRICS_TOKEN", "short"),
            ("SATU_STORAGE_URL", "https://bucket.example/x"),
            ("SATU_STORAGE_URL", "s3:///no-bucket"),
            ("SATU_STORAGE_OPTIONS", "endpoint=http://x,region"),
        ] {
            let e = Config::from_sources(&env(&[(k, v)])).unwrap_err();
            assert!(e.to_string().starts_with(k), "{k}: {e}");
        }
    }

    #[test]
    fn storage_is_local_unless_a_bucket_is_named() {
        let c = Config::from_sources(&env(&[])).unwrap();
        assert!(c.storage_url.is_none() && c.storage_options().is_empty());
        let c = Config::from_sources(&env(&[
            ("SATU_STORAGE_URL", "s3://satu/asn"),
            (
                "SATU_STORAGE_OPTIONS",
                "endpoint=http://127.0.0.1:9000, allow_http=true,secret_access_key=abc=",
            ),
        ]))
        .unwrap();
        assert_eq!(c.storage_url.as_deref(), Some("s3://satu/asn"));
        assert_eq!(
            c.storage_options(),
            vec![
                ("endpoint".to_owned(), "http://127.0.0.1:9000".to_owned()),
                ("allow_http".to_owned(), "true".to_owned()),
                ("secret_access_key".to_owned(), "abc=".to_owned()),
            ]
        );
        // The options may hold the secret key: never printed.
        let described = format!("{:?}", c.describe());
        assert!(!described.contains("abc="), "{described}");
    }

    #[test]
    fn file_then_environment_override() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("satu.toml");
        std::fs::write(
            &path,
            "bind = \"0.0.0.0:9000\"\nlog_format = \"json\"\npublic_url = \"https://asn.madiunkota.go.id/\"\n",
        )
        .unwrap();
        let p = path.to_str().unwrap();
        let c =
            Config::from_sources(&env(&[("SATU_CONFIG", p), ("SATU_LOG_FORMAT", "text")])).unwrap();
        assert_eq!(c.bind.to_string(), "0.0.0.0:9000");
        assert_eq!(c.log_format, LogFormat::Text);
        assert_eq!(c.public_url, "https://asn.madiunkota.go.id");

        std::fs::write(&path, "bnid = \"typo\"\n").unwrap();
        let e = Config::from_sources(&env(&[("SATU_CONFIG", p)])).unwrap_err();
        assert!(e.to_string().contains("bnid"), "{e}");
    }

    #[test]
    fn secrets_are_redacted() {
        let c = Config::from_sources(&env(&[
            ("SATU_DATABASE_URL", "postgres://satu:s3cret@db:5432/satu"),
            ("SATU_SMTP_URL", "smtp://mailer:hunter2@mail:587"),
        ]))
        .unwrap();
        let all = format!("{:?}", c.describe());
        assert!(!all.contains("s3cret") && !all.contains("hunter2"), "{all}");
        assert!(all.contains("postgres://satu:***@db:5432/satu"), "{all}");
        let debug = format!("{c:?}");
        assert!(
            !debug.contains("s3cret") && !debug.contains("hunter2"),
            "{debug}"
        );
    }
}
