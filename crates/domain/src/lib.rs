//! The NTT Mart storefront domain, free of any browser dependency so that it
//! is tested natively and shared by the Leptos app (`nttmart-web`) and the
//! native feed tool (`nttmart`).

pub mod browse;
pub mod cart;
pub mod catalog;
pub mod date;
pub mod delivery;
pub mod detail;
pub mod digest;
pub mod feed;
pub mod history;
pub mod kabupaten;
pub mod kiosk;
pub mod lang;
pub mod money;
pub mod order;
pub mod payment;
pub mod phone;
pub mod photo;
pub mod qris;
pub mod quick_order;
pub mod search;
pub mod slip;
pub mod sort;
pub mod text;

pub use catalog::Catalog;
pub use lang::Lang;
pub use money::Rupiah;
