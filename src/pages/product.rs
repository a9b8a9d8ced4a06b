//! `/produk/<slug>`: one product with its origin and certifications.

use crate::app::use_catalog;
use crate::components::badges::CertBadges;
use crate::components::product_card::image_url;
use crate::pages::not_found::NotFoundPage;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use nttmart_domain::catalog::Halal;

#[component]
pub fn ProductPage() -> impl IntoView {
    let catalog = use_catalog();
    let params = use_params_map();
    move || {
        let slug = params.with(|p| p.get("slug").unwrap_or_default());
        let Some(product) = catalog.product_by_slug(&slug).cloned() else {
            return view! { <NotFoundPage/> }.into_any();
        };
        let village = catalog.village(&product.village).cloned();
        let kab = catalog.kabupaten_of(&product);
        let category = catalog.category(&product.category).map(|c| c.name.id.clone()).unwrap_or_default();
        let halal_text = match &product.certifications.halal {
            Halal::Certified { certificate } => format!("Bersertifikat halal BPJPH, nomor {certificate}"),
            Halal::NotHalal => "TIDAK HALAL — mengandung bahan non-halal".to_string(),
            Halal::NotApplicable => "Bukan produk pangan; sertifikat halal tidak berlaku".to_string(),
        };
        let image = product.images.first().cloned();
        view! {
            <article class="product-page">
                <nav class="breadcrumb" aria-label="Jejak">
                    <A href="/">"Beranda"</A>" › "<A href="/produk">"Produk"</A>" › "<span>{category}</span>
                </nav>
                <div class="product-page__media">
                    {image.map(|img| view! { <img src=image_url(&img.src) alt=img.alt width="400" height="300"/> })}
                    <span class="product-card__mark">"Produk Desa"</span>
                </div>
                <h1>{product.name.clone()}</h1>
                <p class="product-page__price">{product.price.to_string()}<span class="product-card__unit">" / "{product.unit.clone()}</span></p>
                <p class="product-page__stock">
                    {if product.stock == 0 { "Stok habis".to_string() } else { format!("Stok: {}", product.stock) }}
                </p>
                <CertBadges certs=product.certifications.clone()/>
                <p class="product-page__description">{product.description.clone()}</p>
                <section class="product-page__origin">
                    <h2>"Asal produk"</h2>
                    <dl>
                        {village.map(|v| view! {
                            <dt>"Desa"</dt><dd>{v.name.clone()}</dd>
                            <dt>"Koperasi"</dt><dd>{v.cooperative.clone()}</dd>
                            <dt>"Unggulan OVOP desa"</dt><dd>{v.flagship.clone()}</dd>
                        })}
                        {kab.map(|k| view! { <dt>"Kabupaten/Kota"</dt><dd>{k.full_name()}</dd> })}
                        <dt>"Produsen"</dt><dd>{product.producer.name.clone()}</dd>
                        <dt>"Program"</dt><dd>{product.stream.code()}</dd>
                    </dl>
                </section>
                <section class="product-page__certs">
                    <h2>"Sertifikasi"</h2>
                    <ul>
                        <li>{halal_text}</li>
                        {product.certifications.bpom.clone().map(|n| view! { <li>"Izin edar BPOM "{n}</li> })}
                        {product.certifications.pirt.clone().map(|n| view! { <li>"P-IRT "{n}" (pangan industri rumah tangga)"</li> })}
                    </ul>
                </section>
            </article>
        }
        .into_any()
    }
}
