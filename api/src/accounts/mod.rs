//! Login accounts and their roles.

pub mod password;
pub mod routes;
pub mod service;
pub mod store;
pub mod tokens;
