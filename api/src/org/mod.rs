//! Organisation: instansi (agencies) and unit kerja (units, a tree per agency).

pub mod logo;
pub mod routes;
pub mod service;
pub mod store;
