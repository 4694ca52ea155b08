//! The employee master record.

pub mod store;
