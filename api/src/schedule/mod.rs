//! The data-update schedule of each agency (API.md "PDM details"), and what it means for an
//! employee: `pdm_status` and `pdm_overdue` on the employee record.

pub mod routes;
pub mod service;
pub mod store;
