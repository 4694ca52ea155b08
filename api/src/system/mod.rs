//! Operational endpoints: liveness, readiness, metrics, server information, the OpenAPI document.

pub mod housekeeping;
pub mod routes;
