//! The kiosk's product grid: a search box and category chips over
//! `nttmart_domain::browse`, with large cards that open the kiosk's own
//! product view (never a link out of the kiosk).
//!
//! Like the other kiosk views it is re-rendered when the language changes
//! rather than making every text reactive: simpler, and much smaller in wasm.

use super::{use_session, Screen, GRID_STEP};
use crate::app::{use_browser, use_catalog, use_search};
use crate::components::badges::CertBadges;
use crate::components::picture::{picture, Shown};
use leptos::prelude::*;
use nttmart_domain::browse::{Filters, Query};
use nttmart_domain::catalog::Image;
use nttmart_domain::{Catalog, Lang};
use std::sync::Arc;

#[component]
pub fn KioskBrowse() -> impl IntoView {
    let session = use_session();
    let catalog = use_catalog();
    let browser = use_search();

    let query = Memo::new(move |_| Query {
        text: session.text.get(),
        filters: Filters { categories: session.category.get().into_iter().collect(), ..Filters::default() },
        ..Query::default()
    });
    let results = Memo::new(move |_| query.with(|q| browser.run(q)));
    let total = move || results.with(|r| r.hits.len());

    // Chips for every category that has products, in feed order.
    let all = use_browser().run(&Query::default());
    let categories: Arc<Vec<_>> = Arc::new(
        catalog
            .categories
            .iter()
            .zip(all.category_counts.iter().copied())
            .filter(|(_, n)| *n > 0)
            .map(|(c, _)| (c.id.clone(), c.name.clone()))
            .collect(),
    );
    let set_category = move |c: Option<String>| {
        session.category.set(c);
        session.shown.set(GRID_STEP);
    };
    let set_text = move |t: String| {
        session.text.set(t);
        session.shown.set(GRID_STEP);
    };

    move || {
        let l = session.lang.get();
        let chips = categories
            .iter()
            .map(|(id, name)| {
                let (pressed, toggle) = (id.clone(), id.clone());
                let active = move || session.category.with(|c| c.as_deref() == Some(pressed.as_str()));
                view! {
                    <li>
                        <button type="button" class="kiosk-chip" aria-pressed=move || active().to_string() data-category=id.clone()
                            on:click=move |_| {
                                let again = session.category.with_untracked(|c| c.as_deref() == Some(toggle.as_str()));
                                set_category((!again).then(|| toggle.clone()));
                            }>
                            {l.pick(name.id.clone(), name.en.clone())}
                        </button>
                    </li>
                }
            })
            .collect_view();
        let grid_catalog = catalog.clone();
        let cards = move || {
            let n = session.shown.get();
            results.with(|r| {
                r.hits
                    .iter()
                    .take(n)
                    .map(|&i| view! { <KioskCard catalog=grid_catalog.clone() index=i l=l/> })
                    .collect_view()
            })
        };
        view! {
            <section class="kiosk-browse" aria-labelledby="kiosk-browse-title">
                <h1 id="kiosk-browse-title" class="kiosk-title">{l.pick("Produk desa NTT", "Village products of NTT")}</h1>
                <form class="kiosk-search" role="search" on:submit=move |ev| {
                    ev.prevent_default();
                    // Enter closes the on-screen keyboard so the results show.
                    super::blur_active();
                }>
                    <label class="visually-hidden" for="kiosk-search-input">{l.pick("Cari produk desa", "Search village products")}</label>
                    <input id="kiosk-search-input" class="kiosk-search__input" type="search" autocomplete="off" enterkeyhint="search"
                        placeholder=l.pick("Cari kopi, tenun, madu…", "Search coffee, ikat, honey…")
                        prop:value=move || session.text.get()
                        on:input=move |ev| set_text(event_target_value(&ev))/>
                    <Show when=move || session.text.with(|t| !t.is_empty())>
                        <button type="button" class="kiosk-search__clear" on:click=move |_| set_text(String::new())
                            aria-label=l.pick("Hapus pencarian", "Clear search")>"×"</button>
                    </Show>
                </form>
                <ul class="kiosk-chips">
                    <li>
                        <button type="button" class="kiosk-chip" aria-pressed=move || session.category.with(Option::is_none).to_string()
                            on:click=move |_| set_category(None)>
                            {l.pick("Semua", "All")}
                        </button>
                    </li>
                    {chips}
                </ul>
                <p class="kiosk-count" role="status" aria-live="polite">
                    {move || l.pick(format!("{} produk", total()), format!("{} products", total()))}
                </p>
                <Show
                    when=move || { total() > 0 }
                    fallback=move || view! {
                        <div class="kiosk-empty">
                            <p>{l.pick("Tidak ada produk yang cocok.", "No matching products.")}</p>
                            <button type="button" class="kiosk-button" on:click=move |_| { set_text(String::new()); set_category(None); }>
                                {l.pick("Lihat semua produk", "See all products")}
                            </button>
                        </div>
                    }
                >
                    <div class="kiosk-grid">{cards.clone()}</div>
                </Show>
                <Show when=move || { total() > session.shown.get() }>
                    <button type="button" class="kiosk-button kiosk-more" on:click=move |_| session.shown.update(|n| *n += GRID_STEP)>
                        {l.pick("Tampilkan lebih banyak", "Show more")}
                    </button>
                </Show>
            </section>
        }
    }
}

/// One product in the kiosk grid: the whole card opens it; a second, separate
/// button adds it to the cart.
#[component]
fn KioskCard(catalog: Arc<Catalog>, index: u32, l: Lang) -> impl IntoView {
    let session = use_session();
    let product = catalog.products[index as usize].clone();
    let origin = super::origin(&catalog, &product);
    // The card's button names the product, so its picture is decorative.
    let image = product.images.first().map(|img| Image { alt: String::new(), alt_en: None, ..img.clone() });
    let sold_out = !product.is_orderable();
    // With options, "add" opens the product to choose one.
    let choose = !product.options.is_empty();
    let open_label = l.pick(format!("Lihat {}", product.name), format!("View {}", product.name));
    let add_label = l.pick(format!("Tambah {} ke keranjang", product.name), format!("Add {} to cart", product.name));
    let for_add = product.clone();
    view! {
        <article class="kiosk-card" data-product-id=product.id.clone()>
            <button type="button" class="kiosk-card__open" on:click=move |_| session.go(Screen::Product(index)) aria-label=open_label>
                <span class="kiosk-card__media">
                    {image.map(|img| picture(&img, l, Shown { sizes: nttmart_domain::photo::KIOSK_CARD_SIZES, eager: false, priority: false }))}
                    <span class="kiosk-card__mark">"Produk Desa"</span>
                </span>
                <span class="kiosk-card__body">
                    <span class="kiosk-card__name">{product.name.clone()}</span>
                    <span class="kiosk-card__origin">{origin}</span>
                    <span class="kiosk-card__price">{product.price_text(l)}<span class="kiosk-card__unit">" / "{product.unit.clone()}</span></span>
                </span>
            </button>
            <div class="kiosk-card__foot">
                <CertBadges certs=product.certifications.clone()/>
                <button type="button" class="kiosk-button kiosk-button--primary kiosk-card__add" disabled=sold_out aria-label=add_label
                    on:click=move |_| if choose { session.go(Screen::Product(index)) } else { session.add(&for_add, for_add.first_variant()) }>
                    {if sold_out { l.pick("Stok habis", "Sold out") } else if choose { l.pick("Pilih varian", "Choose") } else { l.pick("+ Keranjang", "+ Cart") }}
                </button>
            </div>
        </article>
    }
}
