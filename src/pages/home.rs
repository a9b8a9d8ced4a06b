//! `/`: the brand first, then ways in: search, featured produk desa,
//! categories and the kabupaten they come from.

use crate::app::{use_browser, use_catalog};
use crate::components::product_card::ProductCard;
use crate::components::search_box::SearchBox;
use crate::pages::catalog::catalog_href;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use nttmart_domain::browse::{Filters, Query};
use nttmart_domain::kabupaten;

const FEATURED_ON_HOME: usize = 8;

#[component]
pub fn HomePage() -> impl IntoView {
    let catalog = use_catalog();
    let browser = use_browser();
    // Counts per category and kabupaten come from the same code as the
    // catalog filters, so the numbers on home match what the link shows.
    let all = browser.run(&Query::default());
    let featured: Vec<u32> = all.hits.iter().copied().filter(|&i| catalog.products[i as usize].featured).take(FEATURED_ON_HOME).collect();

    let navigate = use_navigate();
    let on_submit = Box::new(move |text: String| {
        navigate(&catalog_href(&Query { text, ..Query::default() }), Default::default());
    }) as Box<dyn Fn(String)>;

    let categories = catalog
        .categories
        .iter()
        .zip(all.category_counts.iter().copied())
        .filter(|(_, n)| *n > 0)
        .map(|(c, n)| (c.id.clone(), c.name.id.clone(), n))
        .collect::<Vec<_>>()
        .into_iter()
        .map(|(id, name, n)| {
            let href = catalog_href(&Query { filters: Filters { categories: vec![id.clone()], ..Filters::default() }, ..Query::default() });
            view! {
                <li>
                    <A href=href attr:class="tile">
                        <img src=format!("/img/category/{id}.svg") alt="" width="400" height="300" loading="lazy"/>
                        <span class="tile__name">{name}</span>
                        <span class="tile__count">{n}" produk"</span>
                    </A>
                </li>
            }
        })
        .collect_view();

    let mut kab: Vec<(usize, &kabupaten::Kabupaten)> = kabupaten::ALL.iter().enumerate().collect();
    kab.sort_by_key(|(_, k)| k.name);
    let kabupaten_links = kab
        .into_iter()
        .map(|(i, k)| {
            let href = catalog_href(&Query { filters: Filters { kabupaten: vec![k.slug.to_string()], ..Filters::default() }, ..Query::default() });
            let n = all.kabupaten_counts[i];
            view! { <li><A href=href attr:class="chip">{k.name}" "<span class="chip__count">{n}</span></A></li> }
        })
        .collect_view();

    let featured_cards = featured.into_iter().map(|i| view! { <ProductCard catalog=catalog.clone() index=i/> }).collect_view();

    view! {
        <section class="hero">
            <p class="hero__eyebrow">"Produk Desa · Nusa Tenggara Timur"</p>
            <h1 class="hero__title">"Dari desa-desa NTT, langsung ke tangan Anda"</h1>
            <p class="hero__tagline">{catalog.store.tagline.clone()}</p>
            <SearchBox value=Signal::derive(String::new) on_input=|_| {} on_submit=on_submit/>
            <p class="hero__stats">
                {catalog.products.len()}" produk · "{catalog.villages.len()}" desa · 22 kabupaten/kota"
            </p>
        </section>
        <section class="home-section" aria-labelledby="featured-title">
            <div class="home-section__head">
                <h2 id="featured-title">"Pilihan produk desa"</h2>
                <A href="/produk">"Lihat semua"</A>
            </div>
            <div class="product-grid">{featured_cards}</div>
        </section>
        <section class="home-section" aria-labelledby="category-title">
            <h2 id="category-title">"Kategori"</h2>
            <ul class="tiles">{categories}</ul>
        </section>
        <section class="home-section" aria-labelledby="kabupaten-title">
            <h2 id="kabupaten-title">"Asal kabupaten/kota"</h2>
            <ul class="chips chips--wrap">{kabupaten_links}</ul>
        </section>
    }
}
