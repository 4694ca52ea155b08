//! Outgoing messages. Everything to send is first written to the `outbox` table in the same
//! transaction as what caused it; without `SATU_SMTP_URL` the message also goes to the log, so an
//! operator can pass a reset link on by hand.

pub mod routes;
pub mod smtp;
pub mod store;
