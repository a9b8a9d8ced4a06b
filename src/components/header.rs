use crate::i18n::{tr, LangSwitch};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn Header() -> impl IntoView {
    let products = tr("Produk", "Products");
    let about = tr("Tentang", "About");
    let outlets = tr("Outlet", "Outlets");
    let nav_label = tr("Utama", "Main");
    let cart = crate::cart_state::use_cart();
    let lang = crate::i18n::use_lang();
    let count = move || cart.cart.with(|c| c.count());
    let cart_label =
        move || lang.get().pick(format!("Keranjang, {} barang", count()), format!("Cart, {} items", count()));
    view! {
        <header class="site-header">
            <A href="/" attr:class="site-header__brand">
                <img src="/brand/wordmark.svg" alt="NTT Mart — Produk Desa NTT" width="180" height="48"/>
            </A>
            <nav aria-label=nav_label>
                <A href="/produk">{products}</A>
                <A href="/tentang">{about}</A>
                <A href="/outlet">{outlets}</A>
                <A href="/keranjang" attr:class="cart-link" attr:aria-label=cart_label>
                    <svg aria-hidden="true" width="24" height="24" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">
                        <path d="M3 4h2l2.4 11.2a1 1 0 0 0 1 .8h8.9a1 1 0 0 0 1-.8L20 8H6.2"/><circle cx="9" cy="20" r="1.5"/><circle cx="17" cy="20" r="1.5"/>
                    </svg>
                    <span class="cart-link__count" class:cart-link__count--empty=move || count() == 0>{count}</span>
                </A>
                <LangSwitch/>
            </nav>
        </header>
    }
}
