//! Pemutakhiran Data Mandiri (the data update). So far: the reference lists and the category
//! definitions its forms and validation are built from (`satu_shared::pdm`,
//! `satu_shared::reference`).

pub mod routes;
pub mod schema;
pub mod service;
pub mod store;
