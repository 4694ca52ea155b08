//! The audit trail: who did what, when, to which record.

pub mod store;
