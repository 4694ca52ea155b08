//! Login accounts and their roles.

pub mod password;
pub mod store;
