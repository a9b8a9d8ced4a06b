//! The attract loop: while nobody uses the kiosk, the screen keeps selling,
//! rotating featured produk desa and village stories under the brand, until
//! someone touches it. Which slides, in which order, is
//! `nttmart_domain::kiosk::attract_slides`.

use super::{use_session, Attract};
use crate::app::use_catalog;
use crate::components::product_card::image_url;
use leptos::prelude::*;
use nttmart_domain::kiosk::{self, Slide, SLIDE_SECS};
use std::time::Duration;

#[component]
pub fn AttractLoop() -> impl IntoView {
    let session = use_session();
    let catalog = use_catalog();
    let slides = kiosk::attract_slides(&catalog, session.params.outlet);
    let count = slides.len();
    let tick = RwSignal::new(0u64);
    // Mounted only while on screen, so every showing starts at the first
    // slide; it stops moving once a touch starts the fade-out.
    if let Ok(handle) = set_interval_with_handle(
        move || {
            if session.attract.get_untracked() == Attract::Showing {
                tick.update(|t| *t += 1);
            }
        },
        Duration::from_secs(u64::from(SLIDE_SECS)),
    ) {
        on_cleanup(move || handle.clear());
    }

    let slide = move || {
        let t = tick.get();
        let i = kiosk::slide_at(count, t)?;
        // Re-created on every change; each slide after the first enters with
        // a CSS animation (none when reduced motion is asked for).
        let enter = t > 0;
        Some(match slides[i] {
            Slide::Product(p) => {
                let product = &catalog.products[p as usize];
                let image = product.images.first().map(|img| image_url(&nttmart_domain::photo::single(img, 1280)));
                let origin = super::origin(&catalog, product);
                view! {
                    <figure class="kiosk-slide kiosk-slide--product" class:kiosk-slide--enter=enter data-slide=i>
                        <div class="kiosk-slide__media">
                            {image.map(|src| view! { <img src=src alt="" width="400" height="300"/> })}
                            <span class="kiosk-slide__mark">"Produk Desa"</span>
                        </div>
                        <figcaption class="kiosk-slide__text">
                            <p class="kiosk-slide__name">{product.name.clone()}</p>
                            <p class="kiosk-slide__price">{product.price_text(nttmart_domain::Lang::Id)}<span>" / "{product.unit.clone()}</span></p>
                            <p class="kiosk-slide__origin">{origin}</p>
                        </figcaption>
                    </figure>
                }
                .into_any()
            }
            Slide::Village(v) => {
                let village = &catalog.villages[v as usize];
                let kab =
                    nttmart_domain::kabupaten::by_slug(&village.kabupaten).map(|k| k.full_name()).unwrap_or_default();
                // A picture of what the village makes (it has something in
                // stock, or it would not be in the loop).
                let image = catalog
                    .products
                    .iter()
                    .filter(|p| p.village == village.id && !p.images.is_empty())
                    .max_by_key(|p| (p.is_orderable(), p.flagship))
                    .and_then(|p| p.images.first())
                    .map(|img| image_url(&nttmart_domain::photo::single(img, 640)));
                view! {
                    <figure class="kiosk-slide kiosk-slide--village" class:kiosk-slide--enter=enter data-slide=i>
                        {image.map(|src| view! { <img class="kiosk-slide__badge" src=src alt="" width="400" height="300"/> })}
                        <p class="kiosk-slide__eyebrow">"Cerita desa · Village story"</p>
                        <p class="kiosk-slide__name">{village.name.clone()}</p>
                        <p class="kiosk-slide__origin">{kab}</p>
                        <blockquote class="kiosk-slide__story">{village.story.clone()}</blockquote>
                        <p class="kiosk-slide__flagship">"Unggulan desa: "{village.flagship.clone()}</p>
                        <p class="kiosk-slide__origin">{village.cooperative.clone()}</p>
                    </figure>
                }
                .into_any()
            }
        })
    };

    let title = session.params.title();
    view! {
        <div
            class="kiosk-attract"
            class:kiosk-attract--leaving=move || session.attract.get() == Attract::Leaving
            role="button"
            tabindex="0"
            aria-label="Sentuh untuk mulai berbelanja / Touch to start shopping"
        >
            <div class="kiosk-attract__brand">
                <img src="/brand/wordmark-light.svg" alt="NTT Mart — Produk Desa" width="360" height="96"/>
                <p class="kiosk-attract__outlet">{title}</p>
            </div>
            <div class="kiosk-attract__stage" aria-hidden="true">{slide}</div>
            <p class="kiosk-attract__prompt">
                <span class="kiosk-attract__prompt-id">"Sentuh untuk mulai"</span>
                <span class="kiosk-attract__prompt-en" lang="en">"Touch to start"</span>
            </p>
        </div>
    }
}
