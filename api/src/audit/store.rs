use diesel::prelude::*;

use crate::db::schema::audit_events;
use crate::db::{new_id, now, DbConn};

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = audit_events, treat_none_as_default_value = false)]
struct NewAuditEvent<'a> {
    id: String,
    at: chrono::NaiveDateTime,
    actor_account_id: Option<&'a str>,
    actor_label: &'a str,
    action: &'a str,
    subject_type: Option<&'a str>,
    subject_id: Option<&'a str>,
    ip: Option<&'a str>,
    request_id: Option<&'a str>,
    detail: String,
}

/// Who acted: an account, or the system itself (a command, a scheduled job).
#[derive(Debug, Clone, Copy)]
pub enum Actor<'a> {
    Account { id: &'a str, label: &'a str },
    System(&'a str),
}

/// Where the action came from, for requests.
#[derive(Debug, Clone, Copy, Default)]
pub struct Origin<'a> {
    pub ip: Option<&'a str>,
    pub request_id: Option<&'a str>,
}

pub fn record(
    conn: &mut DbConn,
    actor: Actor<'_>,
    action: &str,
    subject: Option<(&str, &str)>,
    origin: Origin<'_>,
    detail: serde_json::Value,
) -> QueryResult<()> {
    let (actor_account_id, actor_label) = match actor {
        Actor::Account { id, label } => (Some(id), label),
        Actor::System(label) => (None, label),
    };
    diesel::insert_into(audit_events::table)
        .values(NewAuditEvent {
            id: new_id(),
            at: now(),
            actor_account_id,
            actor_label,
            action,
            subject_type: subject.map(|s| s.0),
            subject_id: subject.map(|s| s.1),
            ip: origin.ip,
            request_id: origin.request_id,
            detail: detail.to_string(),
        })
        .execute(conn)?;
    Ok(())
}

pub fn count_action(conn: &mut DbConn, action: &str) -> QueryResult<i64> {
    audit_events::table
        .filter(audit_events::action.eq(action))
        .count()
        .get_result(conn)
}
