pub mod change_password;
pub mod employee;
pub mod home;
pub mod login;
pub mod not_found;
pub mod profile;
pub mod reset;
