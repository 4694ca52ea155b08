//! Black-box API tests: the real application over HTTP, on SQLite and on PostgreSQL.

mod common;

mod accounts;
mod activation;
mod admin;
mod agency_logo;
mod attacks;
mod card_renders;
mod cards;
mod changes;
mod cli;
mod clients;
mod demo;
mod doors;
mod employees;
mod errors;
mod hardening;
mod history;
mod housekeeping;
mod identity;
mod imports;
mod mail;
mod mfa;
mod proposals;
mod qr_login;
mod reset;
mod schedule;
mod schema;
mod siasn;
mod spa;
mod storage_s3;
mod system;
mod units_of_work;
