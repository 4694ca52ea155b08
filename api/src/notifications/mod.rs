//! In-app notifications, each also sent as an email through the outbox when the employee has an
//! address on record.

pub mod routes;
pub mod service;
pub mod store;
