//! The NTT Mart storefront: a thin Leptos layer over `nttmart-domain`.
//! See ARCHITECTURE.md for the map.

pub mod app;
pub mod cart_state;
pub mod catalog_source;
pub mod components;
pub mod feed_cache;
pub mod i18n;
pub mod kiosk;
pub mod pages;
pub mod storage;

/// Boots the app: replaces the static loading screen from index.html with the
/// live app. The loader stays until the wasm is running so a slow network
/// never shows a blank page.
pub fn start() {
    console_error_panic_hook::set_once();
    let document = leptos::prelude::document();
    if let Some(boot) = document.get_element_by_id("boot") {
        boot.remove();
    }
    leptos::mount::mount_to_body(app::App);
}

#[cfg(all(test, target_arch = "wasm32"))]
mod component_tests;
