//! Delivery of queued email through SMTP (`SATU_SMTP_URL`): one background thread takes due
//! messages from the outbox, sends them, and retries failures with a growing delay.
//!
//! `smtp://host:587` uses STARTTLS when the server offers it (`?tls=required` insists, `?tls=none`
//! never tries); with credentials (`smtp://user:pass@host`) STARTTLS is required unless
//! `?tls=none` is given explicitly; `smtps://` is TLS from the first byte (port 465). `?from=` sets the
//! sender (default `Satu ASN <noreply@host of SATU_PUBLIC_URL>`).

use std::sync::Weak;
use std::time::Duration;

use chrono::NaiveDateTime;
use lettre::message::header::ContentType;
use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{Message, SmtpTransport, Transport};

use crate::db::{now, Db};
use crate::outbox::store;

/// Attempts before a message is left as failed (its last error stays in the table).
pub const MAX_ATTEMPTS: i32 = 8;
const BATCH: i64 = 20;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TlsMode {
    None,
    Opportunistic,
    Required,
    Implicit,
}

#[derive(Clone)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub credentials: Option<(String, String)>,
    pub tls: TlsMode,
    pub from: String,
}

impl std::fmt::Debug for SmtpSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpSettings")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("user", &self.credentials.as_ref().map(|(u, _)| u))
            .field("tls", &self.tls)
            .field("from", &self.from)
            .finish()
    }
}

impl SmtpSettings {
    pub fn parse(raw: &str, public_url: &str) -> anyhow::Result<SmtpSettings> {
        let url = url::Url::parse(raw)?;
        let host = url
            .host_str()
            .ok_or_else(|| anyhow::anyhow!("SATU_SMTP_URL has no host"))?
            .to_owned();
        let query: std::collections::HashMap<String, String> =
            url.query_pairs().into_owned().collect();
        let tls = match (url.scheme(), query.get("tls").map(String::as_str)) {
            ("smtps", _) => TlsMode::Implicit,
            (_, Some("none")) => TlsMode::None,
            (_, Some("required")) => TlsMode::Required,
            (_, None | Some("opportunistic")) => TlsMode::Opportunistic,
            (_, Some(other)) => anyhow::bail!(
                "SATU_SMTP_URL: tls={other} is not one of none, opportunistic, required"
            ),
        };
        // Credentials never travel in clear unless `tls=none` says so: "STARTTLS when offered"
        // would send them to a server (or a man in the middle) that does not offer it.
        let tls = if tls == TlsMode::Opportunistic && !url.username().is_empty() {
            TlsMode::Required
        } else {
            tls
        };
        let port = url
            .port()
            .unwrap_or(if tls == TlsMode::Implicit { 465 } else { 587 });
        let decode = |s: &str| percent_decode(s);
        let credentials = (!url.username().is_empty()).then(|| {
            (
                decode(url.username()),
                decode(url.password().unwrap_or_default()),
            )
        });
        let from = match query.get("from") {
            Some(f) => f.clone(),
            None => {
                let domain = url::Url::parse(public_url)
                    .ok()
                    .and_then(|u| u.host_str().map(str::to_owned))
                    .filter(|h| h.contains('.'))
                    .unwrap_or_else(|| "localhost.localdomain".into());
                format!("Satu ASN <noreply@{domain}>")
            }
        };
        from.parse::<Mailbox>()
            .map_err(|e| anyhow::anyhow!("SATU_SMTP_URL: from={from} is not an address: {e}"))?;
        Ok(SmtpSettings {
            host,
            port,
            credentials,
            tls,
            from,
        })
    }

    fn transport(&self) -> anyhow::Result<SmtpTransport> {
        let params = || TlsParameters::new(self.host.clone());
        let tls = match self.tls {
            TlsMode::None => Tls::None,
            TlsMode::Opportunistic => Tls::Opportunistic(params()?),
            TlsMode::Required => Tls::Required(params()?),
            TlsMode::Implicit => Tls::Wrapper(params()?),
        };
        let mut builder = SmtpTransport::builder_dangerous(&self.host)
            .port(self.port)
            .tls(tls)
            .timeout(Some(Duration::from_secs(20)));
        if let Some((user, pass)) = &self.credentials {
            builder = builder.credentials(Credentials::new(user.clone(), pass.clone()));
        }
        Ok(builder.build())
    }
}

fn percent_decode(s: &str) -> String {
    url::form_urlencoded::parse(format!("x={s}").as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

/// The delay before attempt `n + 1` after `n` failures: 30 s, 1, 2, 4 … minutes, at most an hour.
pub fn backoff(failures: i32) -> chrono::Duration {
    let secs = 30i64.saturating_mul(1i64 << failures.clamp(0, 7));
    chrono::Duration::seconds(secs.min(3600))
}

enum Outcome {
    Sent,
    Retry(String),
    Permanent(String),
}

fn send_one(transport: &SmtpTransport, from: &str, m: &store::Message) -> Outcome {
    let to = match m.recipient.parse::<Mailbox>() {
        Ok(to) => to,
        Err(e) => return Outcome::Permanent(format!("bad recipient: {e}")),
    };
    let from = match from.parse::<Mailbox>() {
        Ok(f) => f,
        Err(e) => return Outcome::Permanent(format!("bad sender: {e}")),
    };
    let email = match Message::builder()
        .from(from)
        .to(to)
        .subject(m.subject.clone())
        .header(ContentType::TEXT_PLAIN)
        .body(m.body.clone())
    {
        Ok(e) => e,
        Err(e) => return Outcome::Permanent(format!("cannot build the message: {e}")),
    };
    match transport.send(&email) {
        Ok(_) => Outcome::Sent,
        Err(e) if e.is_permanent() => Outcome::Permanent(e.to_string()),
        Err(e) => Outcome::Retry(e.to_string()),
    }
}

/// Sends what is due now; returns how many were sent.
pub fn deliver_due(db: &Db, settings: &SmtpSettings, at: NaiveDateTime) -> anyhow::Result<usize> {
    let mut conn = db.get().map_err(|e| anyhow::anyhow!("{e}"))?;
    let due = store::due(&mut conn, at, MAX_ATTEMPTS, BATCH)?;
    if due.is_empty() {
        return Ok(0);
    }
    let transport = settings.transport()?;
    let mut sent = 0;
    for m in &due {
        match send_one(&transport, &settings.from, m) {
            Outcome::Sent => {
                store::mark_sent(&mut conn, &m.id, now())?;
                sent += 1;
                tracing::info!(id = %m.id, to = %m.recipient, "email sent");
            }
            Outcome::Retry(error) => {
                let attempts = m.attempts + 1;
                let next = (attempts < MAX_ATTEMPTS).then(|| now() + backoff(m.attempts));
                store::mark_failed(&mut conn, &m.id, attempts, next, &error)?;
                tracing::warn!(id = %m.id, attempts, %error, "email not sent; will retry");
            }
            Outcome::Permanent(error) => {
                store::mark_failed(&mut conn, &m.id, MAX_ATTEMPTS, None, &error)?;
                tracing::error!(id = %m.id, %error, "email refused; not retrying");
            }
        }
    }
    Ok(sent)
}

/// Starts the sender thread; it stops when `alive` can no longer be upgraded (the server that
/// owns it has stopped).
pub fn spawn(
    db: Db,
    settings: SmtpSettings,
    alive: Weak<()>,
    every: Duration,
) -> std::io::Result<()> {
    tracing::info!(?settings, "email delivery through SMTP started");
    crate::background::spawn_every(
        "satu-smtp",
        alive,
        every,
        crate::background::AtStop::Nothing,
        move || {
            if let Err(e) = deliver_due(&db, &settings, now()) {
                tracing::warn!(error = %e, "email delivery round failed");
            }
        },
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn settings_from_urls() {
        let s = SmtpSettings::parse(
            "smtp://mailer:p%40ss@mail.bkd.go.id:2525?from=SIMPEG%20%3Cno-reply%40bkd.go.id%3E",
            "https://asn.madiunkota.go.id",
        )
        .unwrap();
        assert_eq!(s.host, "mail.bkd.go.id");
        assert_eq!(s.port, 2525);
        assert_eq!(s.credentials, Some(("mailer".into(), "p@ss".into())));
        assert_eq!(s.tls, TlsMode::Required);
        assert_eq!(s.from, "SIMPEG <no-reply@bkd.go.id>");
        assert!(!format!("{s:?}").contains("p@ss"));

        let s = SmtpSettings::parse("smtps://mail.example.org", "https://asn.madiunkota.go.id")
            .unwrap();
        assert_eq!((s.port, s.tls.clone()), (465, TlsMode::Implicit));
        assert_eq!(s.from, "Satu ASN <noreply@asn.madiunkota.go.id>");
        assert_eq!(s.credentials, None);

        let s =
            SmtpSettings::parse("smtp://127.0.0.1:2525?tls=none", "http://127.0.0.1:8080").unwrap();
        assert_eq!(s.tls, TlsMode::None);
        assert!(SmtpSettings::parse("smtp://h?tls=maybe", "http://x").is_err());
    }

    #[test]
    fn credentials_never_travel_without_tls_unless_asked() {
        // STARTTLS "when offered" would send the password in clear to a server (or a man in
        // the middle) that does not offer it: with credentials, TLS is required.
        for url in [
            "smtp://u:p@mail.example.go.id",
            "smtp://u:p@mail.example.go.id?tls=opportunistic",
        ] {
            let s = SmtpSettings::parse(url, "http://x").unwrap();
            assert_eq!(s.tls, TlsMode::Required, "{url}");
        }
        let s = SmtpSettings::parse("smtp://u:p@127.0.0.1:2525?tls=none", "http://x").unwrap();
        assert_eq!(s.tls, TlsMode::None);
        let s = SmtpSettings::parse("smtp://relay.local", "http://x").unwrap();
        assert_eq!(s.tls, TlsMode::Opportunistic);
        assert!(SmtpSettings::parse("smtp://h?from=not%20an%20address", "http://x").is_err());
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        assert_eq!(backoff(0).num_seconds(), 30);
        assert_eq!(backoff(1).num_seconds(), 60);
        assert_eq!(backoff(3).num_seconds(), 240);
        assert_eq!(backoff(20).num_seconds(), 3600);
    }
}
