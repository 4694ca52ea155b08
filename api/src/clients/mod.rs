//! HR-system clients of an agency: created by its admin, authenticated with OAuth2 client
//! credentials, limited to their agency and scopes.

pub mod routes;
pub mod service;
pub mod store;
