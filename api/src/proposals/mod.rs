//! Proposals of the data update (usulan PDM): an employee proposes adding, changing or removing a
//! history row with supporting PDFs; the verifier of their unit, BKN (for the categories it
//! validates) and the agency's approver decide in turn; an approval makes it the master record.

pub mod apply;
pub mod receipt;
pub mod routes;
pub mod service;
pub mod store;
