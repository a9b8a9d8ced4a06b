//! The storefront's pages that are not needed on the first screen, each
//! split into a wasm chunk of its own and fetched the first time it is
//! shown (the information pages share one chunk). The home page stays in
//! the main module, so a first visit downloads only the shell and the home
//! page (issue 9's budget).
//!
//! The linker wrapper `scripts/wasm-ld` cuts the linked wasm at the
//! `#[wasm_split]` functions below before wasm-bindgen runs (crates/split);
//! the chunks land in `dist/` and the service worker precaches them, so
//! after the first visit every page opens offline. In unit tests the
//! functions are plain calls.
//!
//! Leptos's own `#[lazy_route]` would panic (and so stop the whole app) when
//! a chunk cannot be fetched, which on a patchy rural connection is an
//! ordinary event. These routes are `fallible` instead: a failed fetch shows
//! a retry in place of the page, and the next attempt starts afresh.

use leptos::prelude::*;
use leptos_router::LazyRoute;
use nttmart_web::i18n::tr;
use std::future::Future;
use std::pin::Pin;
use wasm_split_helpers::{wasm_split, SplitLoaderError};

/// A chunk could not be fetched (no signal, server gone).
pub struct ChunkMissing;

impl From<SplitLoaderError> for ChunkMissing {
    fn from(_: SplitLoaderError) -> Self {
        ChunkMissing
    }
}

type Load = fn() -> Pin<Box<dyn Future<Output = Result<AnyView, ChunkMissing>>>>;

/// Awaits a page's chunk; when it cannot be fetched, a message and a retry
/// button take the page's place.
async fn show(load: Load) -> AnyView {
    match load().await {
        Ok(page) => page,
        Err(ChunkMissing) => view! { <ChunkRetry load/> }.into_any(),
    }
}

#[component]
fn ChunkRetry(load: Load) -> impl IntoView {
    // It stands in for the page: index.html's first screen can go.
    nttmart_web::app::page_built();
    // A view is not `Sync`: it waits in a local store, and `arrived` tells
    // the closure below to take it.
    let page = StoredValue::new_local(None::<AnyView>);
    let arrived = RwSignal::new(false);
    let busy = RwSignal::new(false);
    // Event handlers run outside the reactive tree; the page built on a
    // retry needs the shell's contexts, so it is built under this owner.
    let owner = Owner::current();
    let retry = move || {
        if busy.get_untracked() || arrived.get_untracked() {
            return;
        }
        busy.set(true);
        let task = async move {
            if let Ok(loaded) = load().await {
                page.set_value(Some(loaded));
                arrived.set(true);
            }
            busy.set(false);
        };
        match &owner {
            Some(owner) => owner.with(|| leptos::task::spawn_local_scoped(task)),
            None => leptos::task::spawn_local(task),
        }
    };
    // As with the feed: when the signal returns, try again unasked.
    let on_online = window_event_listener(leptos::ev::online, {
        let retry = retry.clone();
        move |_| retry()
    });
    on_cleanup(move || on_online.remove());
    // Like a page, shown once the feed is ready (`app::when_ready`).
    move || {
        nttmart_web::app::feed_ready().then(|| {
            match arrived.get().then(|| page.try_update_value(Option::take).flatten()).flatten() {
                Some(loaded) => loaded,
                None => view! {
                    <section class="page feed-error" role="alert">
                        <h1>{tr("Halaman ini belum termuat", "This page has not loaded yet")}</h1>
                        <p>
                            {tr(
                                "Periksa sinyal atau koneksi internet Anda, lalu coba lagi. Keranjang Anda tetap tersimpan.",
                                "Check your signal or internet connection, then try again. Your cart is still saved.",
                            )}
                        </p>
                        <button type="button" class="button button--primary" on:click={
                            let retry = retry.clone();
                            move |_| retry()
                        } disabled=busy>
                            {tr("Coba lagi", "Try again")}
                        </button>
                    </section>
                }
                .into_any(),
            }
        })
    }
}

macro_rules! lazy_page {
    ($route:ident, $chunk:ident, $split:ident, $page:path) => {
        // Unit tests link no splitter: there the page is a plain call.
        #[cfg_attr(not(test), wasm_split($chunk, fallible))]
        fn $split() -> Result<AnyView, ChunkMissing> {
            Ok(nttmart_web::app::when_ready(|| view! { <$page/> }.into_any()).into_any())
        }

        pub struct $route;

        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            async fn view(_: Self) -> AnyView {
                #[cfg(not(test))]
                let load: Load = || Box::pin($split());
                #[cfg(test)]
                let load: Load = || Box::pin(async { $split() });
                show(load).await
            }
        }
    };
}

lazy_page!(CatalogRoute, catalog, catalog_page, nttmart_web::pages::catalog::CatalogPage);
lazy_page!(ProductRoute, product, product_page, nttmart_web::pages::product::ProductPage);
lazy_page!(CartRoute, cart, cart_page, nttmart_web::pages::cart::CartPage);
lazy_page!(AboutRoute, info, about_page, nttmart_web::pages::about::AboutPage);
lazy_page!(VillageRoute, info, village_page, nttmart_web::pages::village::VillagePage);
lazy_page!(KabupatenRoute, info, kabupaten_page, nttmart_web::pages::kabupaten::KabupatenPage);
lazy_page!(OutletsRoute, info, outlets_page, nttmart_web::pages::outlets::OutletsPage);
lazy_page!(SlipRoute, orders, slip_page, nttmart_web::pages::slip::SlipPage);
lazy_page!(OrdersRoute, orders, orders_page, nttmart_web::pages::orders::OrdersPage);
lazy_page!(NotFoundRoute, info, not_found_page, nttmart_web::pages::not_found::NotFoundPage);

/// The page for an unknown address, fetched like the information pages:
/// a first visit seldom needs it.
pub fn not_found() -> impl IntoView {
    // As in `ChunkRetry`: a view is not `Sync`, so it waits in a local store.
    let page = StoredValue::new_local(None::<AnyView>);
    let arrived = RwSignal::new(false);
    leptos::task::spawn_local_scoped(async move {
        page.set_value(Some(<NotFoundRoute as LazyRoute>::view(NotFoundRoute).await));
        arrived.set(true);
    });
    move || arrived.get().then(|| page.try_update_value(Option::take).flatten()).flatten()
}
