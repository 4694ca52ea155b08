//! Satu ASN API server. One folder per capability, each with its routes (HTTP and OpenAPI only),
//! its rules and its queries; `db` is the two-backend database layer, `error` the one error type.

pub mod accounts;
pub mod audit;
pub mod auth;
pub mod background;
pub mod body;
pub mod cards;
pub mod cli;
pub mod clients;
pub mod config;
pub mod data_uri;
pub mod db;
pub mod demo;
pub mod employees;
pub mod error;
pub mod etag;
pub mod gate;
pub mod headers;
pub mod identity;
pub mod keys;
pub mod metrics;
pub mod openapi;
pub mod org;
pub mod outbox;
pub mod paging;
pub mod policy;
pub mod proxy;
pub mod qr;
pub mod ratelimit;
pub mod spa;
pub mod startup;
pub mod state;
pub mod system;
pub mod telemetry;
pub mod upload;
