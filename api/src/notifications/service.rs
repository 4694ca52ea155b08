//! Telling an employee what happened to their proposal: in the app, and by email when their record
//! has an address (queued in the outbox in the same transaction as the change).

use satu_shared::notification::{MarkRead, MarkedRead, Notification, NotificationPage};
use satu_shared::{FieldErrors, Localized};

use crate::config::Config;
use crate::db::{new_id, now, DbConn};
use crate::error::ApiError;
use crate::notifications::store::{self, NotificationRow};
use crate::paging::Paging;

/// Where emails link to, and whether they are sent at all.
#[derive(Debug, Clone)]
pub struct Mailer {
    pub public_url: String,
    pub smtp: bool,
}

impl Mailer {
    pub fn of(config: &Config) -> Mailer {
        Mailer {
            public_url: config.public_url.trim_end_matches('/').to_owned(),
            smtp: config.smtp_url.is_some(),
        }
    }
}

/// What to tell.
pub struct Message<'a> {
    pub kind: &'a str,
    pub proposal_id: Option<&'a str>,
    pub title: String,
    pub body: String,
    /// The page it is about, below the public URL (`/usulan/<id>`).
    pub link: Option<String>,
}

/// Notifies every account of the employee, and emails `email` if there is one.
pub fn tell_employee(
    c: &mut DbConn,
    mailer: &Mailer,
    employee_id: &str,
    email: Option<&str>,
    name: &str,
    m: &Message<'_>,
) -> Result<(), ApiError> {
    let at = now();
    for account_id in store::accounts_of_employee(c, employee_id)? {
        store::insert(
            c,
            &NotificationRow {
                id: new_id(),
                account_id,
                kind: m.kind.to_owned(),
                proposal_id: m.proposal_id.map(str::to_owned),
                title: m.title.clone(),
                body: m.body.clone(),
                created_at: at,
                read_at: None,
            },
        )?;
    }
    if let Some(to) = email.map(str::trim).filter(|e| e.contains('@')) {
        let link = m
            .link
            .as_deref()
            .map(|l| format!("\n\nLihat rinciannya: {}{l}", mailer.public_url))
            .unwrap_or_default();
        let body = format!(
            "Yth. {name},\n\n{}{link}\n\nEmail ini dikirim otomatis oleh Satu ASN; jangan dibalas.\n",
            m.body
        );
        crate::outbox::store::queue_email(
            c,
            to,
            &format!("Satu ASN: {}", m.title),
            &body,
            mailer.smtp,
        )?;
    }
    Ok(())
}

fn answer(r: NotificationRow) -> Notification {
    Notification {
        id: r.id,
        kind: r.kind,
        proposal_id: r.proposal_id,
        title: r.title,
        body: r.body,
        created_at: r.created_at.and_utc(),
        read_at: r.read_at.map(|t| t.and_utc()),
    }
}

/// `GET /api/v1/me/notifications`.
pub fn list(
    c: &mut DbConn,
    account_id: &str,
    unread_only: bool,
    paging: Paging,
) -> Result<NotificationPage, ApiError> {
    let (rows, total) = store::page(c, account_id, unread_only, paging)?;
    Ok(NotificationPage {
        items: rows.into_iter().map(answer).collect(),
        page: paging.page,
        per_page: paging.per_page,
        total: total.max(0) as u64,
        unread: store::unread(c, account_id)?.max(0) as u64,
    })
}

pub const MAX_MARK: usize = 200;

/// `POST /api/v1/me/notifications/read`: the caller's own only (others' ids change nothing).
pub fn mark_read(c: &mut DbConn, account_id: &str, req: &MarkRead) -> Result<MarkedRead, ApiError> {
    if req.ids.len() > MAX_MARK {
        return Err(ApiError::Validation(FieldErrors::single(
            "ids",
            Localized::owned(
                format!("Paling banyak {MAX_MARK} notifikasi sekaligus."),
                format!("At most {MAX_MARK} notifications at once."),
            ),
        )));
    }
    let ids = (!req.ids.is_empty()).then_some(req.ids.as_slice());
    let marked = store::mark_read(c, account_id, ids, now())?;
    Ok(MarkedRead {
        marked: marked as u64,
        unread: store::unread(c, account_id)?.max(0) as u64,
    })
}
