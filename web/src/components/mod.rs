pub mod confirm;
pub mod copy;
pub mod footer;
pub mod form;
pub mod header;
pub mod nip_check;
pub mod pdf;
