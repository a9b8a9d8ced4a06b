//! The storefront's entry point (index.html): the shell with the shop's
//! routes. The routes and the lazily loaded pages live in this binary, not
//! in the library, so the kiosk's binary (src/bin/nttmart-kiosk.rs) carries
//! none of the shop's pages: a `#[wasm_split]` page is an exported function,
//! and the linker keeps every export of every binary that links it.

mod lazy_pages;

use lazy_pages::{
    AboutRoute, CartRoute, CatalogRoute, KabupatenRoute, OrdersRoute, OutletsRoute, ProductRoute, SlipRoute,
    VillageRoute,
};
use leptos::prelude::*;
use leptos_router::components::{Route, Routes};
use leptos_router::{path, Lazy};
use nttmart_web::app::{when_ready, ServedElsewhere};
use nttmart_web::pages::home::HomePage;

fn main() {
    nttmart_web::start(store_routes);
}

/// The storefront: every route except the kiosk's. The home page is in the
/// main module; the others are chunks fetched when first shown.
fn store_routes() -> AnyView {
    view! {
        <Routes fallback=|| view! { <ServedElsewhere kiosk=false>{lazy_pages::not_found()}</ServedElsewhere> }>
            <Route path=path!("/") view=|| when_ready(|| HomePage().into_any())/>
            <Route path=path!("/produk") view={Lazy::<CatalogRoute>::new()}/>
            <Route path=path!("/produk/:slug") view={Lazy::<ProductRoute>::new()}/>
            <Route path=path!("/tentang") view={Lazy::<AboutRoute>::new()}/>
            <Route path=path!("/keranjang") view={Lazy::<CartRoute>::new()}/>
            <Route path=path!("/desa/:slug") view={Lazy::<VillageRoute>::new()}/>
            <Route path=path!("/kabupaten/:slug") view={Lazy::<KabupatenRoute>::new()}/>
            <Route path=path!("/outlet") view={Lazy::<OutletsRoute>::new()}/>
            <Route path=path!("/pesanan") view={Lazy::<SlipRoute>::new()}/>
            <Route path=path!("/pesanan-saya") view={Lazy::<OrdersRoute>::new()}/>
        </Routes>
    }
    .into_any()
}
