//! `/kiosk?outlet=<kabupaten>&idle=<seconds>`: the storefront for an
//! unattended promotional touch screen (1080×1920 portrait or 1920×1080
//! landscape). See `crate::kiosk` for the pieces and
//! `nttmart_domain::kiosk` for the rules.

use crate::app::{when_ready, ServedElsewhere, Shell};
use crate::kiosk::attract::AttractLoop;
use crate::kiosk::browse::KioskBrowse;
use crate::kiosk::cart::KioskCart;
use crate::kiosk::idle::{watch_idle, IdleDialog};
use crate::kiosk::product::KioskProduct;
use crate::kiosk::{Attract, Screen, Session};
use leptos::prelude::*;
use leptos_router::components::{Route, Routes};
use leptos_router::hooks::use_query_map;
use leptos_router::path;
use nttmart_domain::kiosk::Params;

thread_local! {
    /// True until the kiosk has been shown once in this page load.
    static FIRST_MOUNT: std::cell::Cell<bool> = const { std::cell::Cell::new(true) };
}

/// While the attract loop runs nobody is using the kiosk: a new release is
/// applied at once, and the feed is looked at every `FEED_CHECK` (an idle
/// kiosk gets no resets, and may stand there for days).
const FEED_CHECK: std::time::Duration = std::time::Duration::from_secs(10 * 60);

fn watch_between_visitors(session: Session) {
    Effect::new(move |_| {
        let waiting = session.update.is_some_and(|u| u.ready.get());
        if waiting && session.attract.get() == Attract::Showing {
            if let Some(update) = session.update {
                update.apply();
            }
        }
    });
    if let Ok(timer) = set_interval_with_handle(
        move || {
            if session.attract.get_untracked() == Attract::Showing {
                if let Some(catalog) = session.catalog {
                    catalog.refresh();
                }
            }
        },
        FEED_CHECK,
    ) {
        on_cleanup(move || timer.clear());
    }
}

/// The kiosk's entry point (kiosk.html, binary `nttmart-kiosk`): the shared
/// shell with the kiosk as its only page.
#[component]
pub fn KioskApp() -> impl IntoView {
    view! { <Shell routes=kiosk_routes feed=crate::catalog_source::Feed::Whole/> }
}

fn kiosk_routes() -> AnyView {
    // `/kiosk/` and any deeper path are the kiosk too; whatever else this
    // bundle is asked to show comes from the storefront's.
    view! {
        <Routes fallback=|| view! { <ServedElsewhere kiosk=true>{kiosk_page()}</ServedElsewhere> }>
            <Route path=path!("/kiosk") view=kiosk_page/>
        </Routes>
    }
    .into_any()
}

/// The kiosk once the feed is ready (`app::when_ready`), at its own path or
/// any other this bundle is asked for.
fn kiosk_page() -> impl IntoView {
    when_ready(|| KioskPage().into_any())
}

#[component]
pub fn KioskPage() -> impl IntoView {
    // Read once: a kiosk's link is set up by staff and does not change.
    let params = use_query_map().with_untracked(|m| Params::from_pairs(m.into_iter().map(|(k, v)| (k.as_ref(), v))));
    let session = Session::new(params);
    provide_context(session);
    // A kiosk that restarts (power cut, browser crash) must not show the
    // previous visitor's cart: every load starts a fresh session. The page is
    // also re-created when a newer feed arrives mid-session (the app builds
    // its pages afresh, `app::when_ready`); then the visitor keeps their cart.
    if FIRST_MOUNT.replace(false) {
        session.reset();
    } else if session.cart.cart.with_untracked(|c| !c.is_empty()) {
        session.attract.set(Attract::Hidden);
    }
    watch_idle();
    watch_between_visitors(session);

    let lang = session.lang;
    let count = Memo::new(move |_| session.cart.cart.with(|c| c.count()));
    let screen = move || match session.screen.get() {
        Screen::Browse => view! { <KioskBrowse/> }.into_any(),
        Screen::Product(i) => view! { <KioskProduct index=i/> }.into_any(),
        Screen::Cart => view! { <KioskCart/> }.into_any(),
    };
    let on_browse = move || matches!(session.screen.get(), Screen::Browse | Screen::Product(_));
    let on_cart = move || session.screen.get() == Screen::Cart;

    view! {
        <div
            class="kiosk"
            lang=move || lang.get().code()
            // No long-press menu on a public screen.
            on:contextmenu=|ev| ev.prevent_default()
        >
            <header class="kiosk-header">
                <div class="kiosk-header__brand">
                    <img src="/brand/wordmark-light.svg" alt="NTT Mart — Produk Desa" width="240" height="64"/>
                    <p class="kiosk-header__outlet">{params.title()}</p>
                </div>
                {move || {
                    let l = lang.get();
                    view! {
                        <nav class="kiosk-nav" aria-label=l.pick("Kios", "Kiosk")>
                            <button type="button" class="kiosk-nav__item kiosk-nav__products" aria-current=move || on_browse().then_some("page")
                                on:click=move |_| session.go(Screen::Browse)>
                                {l.pick("Produk", "Products")}
                            </button>
                            <button type="button" class="kiosk-nav__item kiosk-nav__cart" aria-current=move || on_cart().then_some("page")
                                on:click=move |_| session.go(Screen::Cart)
                                aria-label=move || l.pick(format!("Keranjang, {} barang", count.get()), format!("Cart, {} items", count.get()))>
                                {l.pick("Keranjang", "Cart")}
                                <span class="kiosk-nav__count" class:kiosk-nav__count--empty=move || count.get() == 0>{count}</span>
                            </button>
                            <button type="button" class="kiosk-nav__item kiosk-lang" lang=l.other().code()
                                on:click=move |_| lang.set(l.other())>
                                {l.pick("English", "Bahasa Indonesia")}
                            </button>
                        </nav>
                    }
                }}
            </header>
            <div class="kiosk-body" node_ref=session.scroller on:scroll=move |_| session.touch()>
                {screen}
            </div>
            <p class="kiosk-status" role="status" aria-live="polite">
                {move || session.status.get().map(|(_, m)| view! { <span class="kiosk-status__text">{m}</span> })}
            </p>
            <Show when=move || session.attract.get() != Attract::Hidden>
                <AttractLoop/>
            </Show>
            <IdleDialog/>
        </div>
    }
}
