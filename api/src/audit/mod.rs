//! The audit trail: who did what, when, to which record; and the request context every unit of
//! work records it with.

pub mod store;

use std::future::{ready, Ready};

use actix_web::{FromRequest, HttpMessage, HttpRequest};
use chrono::NaiveDate;
use diesel::QueryResult;
use satu_shared::Lang;

use crate::db::DbConn;
pub use store::{Actor, Origin};

/// What a unit of work knows of the request that asked for it: where it came from (address,
/// request id, browser), the language of the answer, and today's date in WIB (the date rules are
/// stated in). Extracted once per request; handlers pass it to the service.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub ip: Option<String>,
    pub request_id: Option<String>,
    pub user_agent: Option<String>,
    pub lang: Lang,
    pub today: NaiveDate,
}

impl Ctx {
    pub fn of(req: &HttpRequest) -> Ctx {
        Ctx {
            ip: crate::proxy::client_ip(req).map(|ip| ip.to_string()),
            request_id: req
                .extensions()
                .get::<tracing_actix_web::RequestId>()
                .map(|r| r.to_string()),
            user_agent: req
                .headers()
                .get(actix_web::http::header::USER_AGENT)
                .and_then(|v| v.to_str().ok())
                .map(|s| s.chars().take(200).collect()),
            lang: crate::error::request_lang(req),
            today: crate::db::today_wib(),
        }
    }

    /// A context for work no request asked for (commands, scheduled jobs).
    pub fn system() -> Ctx {
        Ctx {
            ip: None,
            request_id: None,
            user_agent: None,
            lang: Lang::Id,
            today: crate::db::today_wib(),
        }
    }

    pub fn origin(&self) -> Origin<'_> {
        Origin {
            ip: self.ip.as_deref(),
            request_id: self.request_id.as_deref(),
        }
    }

    /// Records an audit event from this request, in the caller's transaction.
    pub fn record(
        &self,
        conn: &mut DbConn,
        actor: Actor<'_>,
        action: &str,
        subject: Option<(&str, &str)>,
        detail: serde_json::Value,
    ) -> QueryResult<()> {
        store::record(conn, actor, action, subject, self.origin(), detail)
    }
}

impl FromRequest for Ctx {
    type Error = actix_web::Error;
    type Future = Ready<Result<Ctx, actix_web::Error>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        ready(Ok(Ctx::of(req)))
    }
}
