//! Operational endpoints: liveness, readiness, metrics, server information, the OpenAPI document.

pub mod routes;
