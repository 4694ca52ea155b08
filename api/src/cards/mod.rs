//! Kartu ASN Virtual: automatic issuance, validity evaluated now, the signed QR token, public
//! verification behind a captcha, and adoption events.

pub mod captcha;
pub mod routes;
pub mod service;
pub mod store;
pub mod token;
