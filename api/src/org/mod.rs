//! Organisation: instansi (agencies) and unit kerja (units, a tree per agency).

pub mod routes;
pub mod service;
pub mod store;
