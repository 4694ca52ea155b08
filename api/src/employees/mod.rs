//! The employee master record.

pub mod service;
pub mod store;
