pub mod about;
pub mod catalog;
pub mod home;
pub mod kabupaten;
pub mod not_found;
pub mod outlets;
pub mod product;
pub mod village;
