//! One product on the kiosk: large picture, price, origin, certifications,
//! "add to cart", and a QR code that opens the product on the visitor's
//! phone. Re-rendered on a language switch, like the public product page.

use super::qr::QrImage;
use super::{use_session, Screen};
use crate::app::use_catalog;
use crate::components::badges::CertBadges;
use crate::components::picture::{picture, Shown};
use crate::components::variant_picker::{lead_time, VariantPicker};
use leptos::prelude::*;
use nttmart_domain::catalog::Halal;
use nttmart_domain::kiosk;

#[component]
pub fn KioskProduct(index: u32) -> impl IntoView {
    let session = use_session();
    let catalog = use_catalog();
    let Some(product) = catalog.products.get(index as usize).cloned() else {
        // Cannot happen (indexes come from this catalog); fall back to the grid.
        session.screen.set(Screen::Browse);
        return ().into_any();
    };
    let url = kiosk::product_url(&catalog.store.base_url, &product.slug);
    // The kiosk's own choice (no URL to keep it in): the default variant
    // until the visitor picks another.
    let variant = RwSignal::new(product.default_variant().clone());
    let in_cart =
        Memo::new(move |_| variant.with(|v| session.cart.cart.with(|c| c.line(&v.id).map_or(0, |l| l.quantity))));

    (move || {
        let l = session.lang.get();
        let village = catalog.village(&product.village).cloned();
        let category = catalog.category(&product.category).map(|c| l.pick(&c.name.id, &c.name.en).clone());
        let halal = match &product.certifications.halal {
            Halal::Certified { .. } => Some(l.pick("Bersertifikat halal BPJPH", "Halal certified (BPJPH)")),
            Halal::NotHalal => Some(l.pick("TIDAK HALAL — mengandung bahan non-halal", "NOT HALAL — contains non-halal ingredients")),
            Halal::NotApplicable => None,
        };
        let stock_text = move || {
            variant.with(|v| match lead_time(v, l) {
                Some(text) => text,
                None if !v.is_orderable() => l.pick("Stok habis".to_string(), "Sold out".to_string()),
                None => l.pick(format!("Stok: {}", v.stock), format!("In stock: {}", v.stock)),
            })
        };
        let sold_out = move || variant.with(|v| !v.is_orderable());
        let picker = (!product.options.is_empty()).then(|| {
            view! { <VariantPicker product=product.clone() variant=variant on_select=Callback::new(move |v| variant.set(v)) large=true/> }
        });
        let image_product = product.clone();
        let qr_label = l.pick(format!("Kode QR halaman {}", product.name), format!("QR code of the {} page", product.name));
        let for_add = product.clone();
        let url = url.clone();
        view! {
            <article class="kiosk-product" data-product-id=product.id.clone()>
                <button type="button" class="kiosk-button kiosk-back" on:click=move |_| session.go(Screen::Browse)>
                    {l.pick("‹ Kembali ke produk", "‹ Back to products")}
                </button>
                <div class="kiosk-product__layout">
                    <div class="kiosk-product__media">
                        {move || variant.with(|v| image_product.images_for(v).first().map(|img| picture(img, l, Shown { sizes: nttmart_domain::photo::KIOSK_SIZES, eager: true, priority: true })))}
                        <span class="kiosk-card__mark">"Produk Desa"</span>
                    </div>
                    <div class="kiosk-product__info">
                        {category.map(|c| view! { <p class="kiosk-product__category">{c}</p> })}
                        <h1 class="kiosk-product__name">{product.name.clone()}</h1>
                        <p class="kiosk-product__origin">{super::origin(&catalog, &product)}</p>
                        {picker}
                        <p class="kiosk-product__price">{move || variant.with(|v| v.price.to_string())}<span>" / "{product.unit.clone()}</span></p>
                        <p class="kiosk-product__stock">
                            {stock_text}
                            {move || {
                                let n = in_cart.get();
                                (n > 0).then(|| l.pick(format!(" · {n} di keranjang"), format!(" · {n} in the cart")))
                            }}
                        </p>
                        <CertBadges certs=product.certifications.clone()/>
                        {halal.map(|t| view! { <p class="kiosk-product__halal">{t}</p> })}
                        <div class="kiosk-product__actions">
                            <button type="button" class="kiosk-button kiosk-button--primary kiosk-button--big kiosk-product__add" disabled=sold_out
                                on:click=move |_| variant.with_untracked(|v| session.add(&for_add, v))>
                                {move || if sold_out() { l.pick("Stok habis", "Sold out") } else { l.pick("+ Tambah ke keranjang", "+ Add to cart") }}
                            </button>
                            <button type="button" class="kiosk-button kiosk-product__to-cart" on:click=move |_| session.go(Screen::Cart)>
                                {l.pick("Lihat keranjang", "View cart")}
                            </button>
                        </div>
                        <p class="kiosk-product__description">{product.description.clone()}</p>
                        {village.map(|v| view! {
                            <section class="kiosk-product__village">
                                <h2>{l.pick("Dari desanya", "From its village")}</h2>
                                <p><strong>{v.name}</strong>" · "{v.cooperative}</p>
                                <p class="kiosk-product__story">{v.story}</p>
                            </section>
                        })}
                    </div>
                    <aside class="kiosk-qr kiosk-product__qr">
                        <QrImage url=url label=qr_label/>
                        <p class="kiosk-qr__caption">{l.pick("Pindai untuk membuka produk ini di HP Anda", "Scan to open this product on your phone")}</p>
                    </aside>
                </div>
            </article>
        }
    })
    .into_any()
}
