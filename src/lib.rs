//! The NTT Mart storefront: a thin Leptos layer over `nttmart-domain`.
//! See ARCHITECTURE.md for the map.

pub mod app;
pub mod cart_state;
pub mod catalog_source;
pub mod components;
pub mod feed_cache;
pub mod i18n;
pub mod kiosk;
pub mod order_history;
pub mod outlet_rules;
pub mod pages;
pub mod staf;
pub mod storage;
pub mod tasks;

/// Boots the storefront: the shell with the shop's `routes` (src/main.rs).
/// index.html's static first screen (`#boot`) stays on
/// screen until the catalog is ready; the app then swaps it for the live
/// page, so a slow network never shows a blank page or a flash of spinner.
pub fn start(routes: fn() -> leptos::prelude::AnyView) {
    console_error_panic_hook::set_once();
    app::arrived(false);
    // Not in the task that instantiated the module: on a slow phone each is
    // work enough for one task (issue 20: no long task once the app is in).
    leptos::prelude::set_timeout(
        move || {
            leptos::mount::mount_to_body(
                move || leptos::view! { <app::Shell routes feed=catalog_source::Feed::Index/> },
            )
        },
        std::time::Duration::ZERO,
    );
}

/// Boots the kiosk (`/kiosk`, kiosk.html): the same shell and feed handling
/// with the kiosk as its only page, in a bundle of its own.
pub fn start_kiosk() {
    console_error_panic_hook::set_once();
    app::arrived(true);
    leptos::mount::mount_to_body(pages::kiosk::KioskApp);
}

#[cfg(all(test, target_arch = "wasm32"))]
mod component_tests;
