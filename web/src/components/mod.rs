pub mod footer;
pub mod header;
pub mod nip_check;
