use crate::app::use_catalog;
use crate::components::product_card::ProductCard;
use leptos::prelude::*;

#[component]
pub fn HomePage() -> impl IntoView {
    let catalog = use_catalog();
    let count = catalog.products.len();
    let cards = catalog
        .products
        .iter()
        .map(|p| view! { <ProductCard product=p.clone() catalog=catalog.clone()/> })
        .collect_view();
    view! {
        <section class="hero">
            <h1>{catalog.store.name.clone()}</h1>
            <p class="hero__tagline">{catalog.store.tagline.clone()}</p>
        </section>
        <section aria-labelledby="all-products">
            <h2 id="all-products">"Semua produk desa " <span class="count">"("{count}")"</span></h2>
            <div class="product-grid">{cards}</div>
        </section>
    }
}
