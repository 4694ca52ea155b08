//! Identity numbers: checking a NIP / NI PPPK and a NIK, and whether they agree.
//! The rules live in `satu-shared`, which the SPA runs too.

pub mod routes;
