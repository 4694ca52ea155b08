//! The employee master record.

pub mod routes;
pub mod service;
pub mod store;
