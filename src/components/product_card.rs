use crate::components::badges::CertBadges;
use leptos::prelude::*;
use nttmart_domain::catalog::Product;
use nttmart_domain::Catalog;

#[component]
pub fn ProductCard(product: Product, catalog: std::sync::Arc<Catalog>) -> impl IntoView {
    let village = catalog.village(&product.village);
    let origin = match (village, catalog.kabupaten_of(&product)) {
        (Some(v), Some(k)) => format!("Desa {} · {}", v.name, k.name),
        _ => String::new(),
    };
    let image = product.images.first().cloned();
    let sold_out = product.stock == 0;
    view! {
        <article class="product-card" data-product-id=product.id.clone()>
            <div class="product-card__media">
                {image.map(|img| view! {
                    <img src=format!("/{}", img.src.trim_start_matches('/')) alt=img.alt loading="lazy" decoding="async" width="400" height="300"/>
                })}
                <span class="product-card__mark">"Produk Desa"</span>
            </div>
            <div class="product-card__body">
                <h3 class="product-card__name">{product.name.clone()}</h3>
                <p class="product-card__origin">{origin}</p>
                <p class="product-card__price">
                    <data value=product.price.0.to_string()>{product.price.to_string()}</data>
                    <span class="product-card__unit">" / "{product.unit.clone()}</span>
                </p>
                {sold_out.then(|| view! { <p class="product-card__stock">"Stok habis"</p> })}
                <CertBadges certs=product.certifications.clone()/>
            </div>
        </article>
    }
}
