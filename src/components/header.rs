use crate::i18n::{tr, LangSwitch};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn Header() -> impl IntoView {
    let products = tr("Produk", "Products");
    let nav_label = tr("Utama", "Main");
    view! {
        <header class="site-header">
            <A href="/" attr:class="site-header__brand">
                <img src="/brand/wordmark.svg" alt="NTT Mart — Produk Desa NTT" width="180" height="48"/>
            </A>
            <nav aria-label=nav_label>
                <A href="/produk">{products}</A>
                <LangSwitch/>
            </nav>
        </header>
    }
}
