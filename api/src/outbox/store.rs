use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::outbox;
use crate::db::{new_id, now, DbConn};

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = outbox)]
struct NewMessage<'a> {
    id: String,
    created_at: NaiveDateTime,
    channel: &'a str,
    recipient: &'a str,
    subject: &'a str,
    body: &'a str,
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize, utoipa::ToSchema)]
#[diesel(table_name = outbox)]
pub struct Message {
    pub id: String,
    pub created_at: NaiveDateTime,
    pub channel: String,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub sent_at: Option<NaiveDateTime>,
    pub attempts: i32,
    pub last_error: Option<String>,
}

/// What a sent message's stored body becomes: its links (reset tokens) must not outlive delivery.
pub const SENT_BODY: &str = "(isi dihapus setelah terkirim / content deleted once sent)";

/// Queues an email. With no SMTP server configured nothing is sent: the log says where the
/// message waits (never its body, which may hold a reset link).
pub fn queue_email(
    conn: &mut DbConn,
    recipient: &str,
    subject: &str,
    body: &str,
    smtp: bool,
) -> QueryResult<()> {
    let id = new_id();
    diesel::insert_into(outbox::table)
        .values(NewMessage {
            id: id.clone(),
            created_at: now(),
            channel: "email",
            recipient,
            subject,
            body,
        })
        .execute(conn)?;
    if !smtp {
        tracing::info!(
            id,
            to = recipient,
            subject,
            "email queued; SATU_SMTP_URL is unset, so it is not sent: read it in the outbox table"
        );
    }
    Ok(())
}

/// The newest messages first.
pub fn latest(conn: &mut DbConn, limit: i64) -> QueryResult<Vec<Message>> {
    outbox::table
        .order(outbox::created_at.desc())
        .limit(limit)
        .select(Message::as_select())
        .load(conn)
}

/// Messages to try now: unsent, attempts left, and due (never tried or the back-off passed).
pub fn due(
    conn: &mut DbConn,
    at: NaiveDateTime,
    max_attempts: i32,
    limit: i64,
) -> QueryResult<Vec<Message>> {
    outbox::table
        .filter(outbox::sent_at.is_null())
        .filter(outbox::attempts.lt(max_attempts))
        .filter(
            outbox::next_attempt_at
                .is_null()
                .or(outbox::next_attempt_at.le(at)),
        )
        .order(outbox::created_at.asc())
        .limit(limit)
        .select(Message::as_select())
        .load(conn)
}

/// Marks a message sent and drops its body (see [`SENT_BODY`]).
pub fn mark_sent(conn: &mut DbConn, id: &str, at: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(outbox::table.find(id))
        .set((
            outbox::sent_at.eq(Some(at)),
            outbox::body.eq(SENT_BODY),
            outbox::attempts.eq(outbox::attempts + 1),
            outbox::last_error.eq(None::<String>),
        ))
        .execute(conn)
}

/// Records a failed attempt: `next` is when to try again (`None`: never, the message is bad).
pub fn mark_failed(
    conn: &mut DbConn,
    id: &str,
    attempts: i32,
    next: Option<NaiveDateTime>,
    error: &str,
) -> QueryResult<usize> {
    diesel::update(outbox::table.find(id))
        .set((
            outbox::attempts.eq(attempts),
            outbox::next_attempt_at.eq(next),
            outbox::last_error.eq(Some(error.chars().take(500).collect::<String>())),
        ))
        .execute(conn)
}
