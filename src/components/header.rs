use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn Header() -> impl IntoView {
    view! {
        <header class="site-header">
            <A href="/" attr:class="site-header__brand">
                <img src="/brand/wordmark.svg" alt="NTT Mart — Produk Desa NTT" width="180" height="48"/>
            </A>
            <nav aria-label="Utama">
                <A href="/produk">"Produk"</A>
            </nav>
        </header>
    }
}
