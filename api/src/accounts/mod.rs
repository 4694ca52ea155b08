//! Login accounts and their roles.

pub mod activation;
pub mod admin;
pub mod mfa;
pub mod password;
pub mod qr_login;
pub mod routes;
pub mod service;
pub mod session;
pub mod store;
pub mod tokens;
pub mod totp;
