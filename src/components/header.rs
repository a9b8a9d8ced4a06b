use crate::i18n::{tr, LangSwitch};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn Header() -> impl IntoView {
    let products = tr("Produk", "Products");
    let about = tr("Tentang", "About");
    let outlets = tr("Outlet", "Outlets");
    let nav_label = tr("Utama", "Main");
    view! {
        <header class="site-header">
            <A href="/" attr:class="site-header__brand">
                <img src="/brand/wordmark.svg" alt="NTT Mart — Produk Desa NTT" width="180" height="48"/>
            </A>
            <nav aria-label=nav_label>
                <A href="/produk">{products}</A>
                <A href="/tentang">{about}</A>
                <A href="/outlet">{outlets}</A>
                <LangSwitch/>
            </nav>
        </header>
    }
}
