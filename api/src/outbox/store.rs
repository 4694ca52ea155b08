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
}

/// Queues an email; with no SMTP server configured it is also written to the log.
pub fn queue_email(
    conn: &mut DbConn,
    recipient: &str,
    subject: &str,
    body: &str,
    smtp: bool,
) -> QueryResult<()> {
    diesel::insert_into(outbox::table)
        .values(NewMessage {
            id: new_id(),
            created_at: now(),
            channel: "email",
            recipient,
            subject,
            body,
        })
        .execute(conn)?;
    if !smtp {
        tracing::info!(
            to = recipient,
            subject,
            body,
            "email queued (SATU_SMTP_URL unset: outbox and log only)"
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
