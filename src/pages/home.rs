//! `/`: the brand first, then ways in: search, featured produk desa,
//! categories and the kabupaten they come from.

use crate::app::{use_browser, use_catalog};
use crate::components::product_card::ProductCard;
use crate::components::search_box::SearchBox;
use crate::i18n::{tr, use_lang};
use crate::pages::catalog::catalog_href;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use nttmart_domain::browse::{Filters, Query};
use nttmart_domain::Catalog;
use nttmart_domain::{kabupaten, sort};

const FEATURED_ON_HOME: usize = 8;
/// Featured cards on a phone's first screen.
const FIRST_ROW: usize = 2;

#[component]
pub fn HomePage() -> impl IntoView {
    let catalog = use_catalog();
    let browser = use_browser();
    let lang = use_lang();
    // Counts per category and kabupaten come from the same code as the
    // catalog filters, so the numbers on home match what the link shows.
    let all = browser.run(&Query::default());
    let featured: Vec<u32> =
        all.hits.iter().copied().filter(|&i| catalog.products[i as usize].featured).take(FEATURED_ON_HOME).collect();

    let navigate = use_navigate();
    let on_submit = Box::new(move |text: String| {
        navigate(&catalog_href(&Query { text, ..Query::default() }), Default::default());
    }) as Box<dyn Fn(String)>;

    // The hero renders with the route; the parts below it a task each, from
    // the frame after (src/tasks.rs): a phone's first row of featured cards,
    // the other cards, the categories, the kabupaten. That render on a slow
    // phone is then not blocked for them too (issue 9's total blocking
    // time), and none of them is a long task: Lighthouse's time to
    // interactive ends with the last one (issue 20). One closure type for
    // both groups of cards: each new one costs the first load bytes.
    let [first_shown, more_shown, categories_shown, kabupaten_shown] = crate::tasks::parts::<4>();
    let (category_counts, kabupaten_counts) = (all.category_counts, all.kabupaten_counts);
    let categories = {
        let catalog = catalog.clone();
        move || categories_shown.get().then(|| category_section(&catalog, &category_counts))
    };
    let kabupaten = move || kabupaten_shown.get().then(|| kabupaten_section(&kabupaten_counts));

    let tagline = catalog.store.tagline.clone();
    let (products, villages) = (catalog.products.len(), catalog.villages.len());
    let (first, rest) = featured.split_at(featured.len().min(FIRST_ROW));
    let cards = |shown: RwSignal<bool>, ids: Vec<u32>, eager: bool| {
        let catalog = catalog.clone();
        move || {
            shown.get().then(|| {
                ids.iter().map(|&i| view! { <ProductCard catalog=catalog.clone() index=i eager=eager/> }).collect_view()
            })
        }
    };
    let first_row = cards(first_shown, first.to_vec(), true);
    let more_cards = cards(more_shown, rest.to_vec(), false);
    view! {
        <section class="hero">
            <p class="hero__eyebrow">{tr("Produk Desa · Nusa Tenggara Timur", "Produk Desa · East Nusa Tenggara")}</p>
            <h1 class="hero__title">{tr("Dari desa-desa NTT, langsung ke tangan Anda", "From the villages of NTT, straight to you")}</h1>
            <p class="hero__tagline">{move || lang.get().pick(tagline.clone(), "Genuine village products from all 22 regencies of East Nusa Tenggara, sold by village cooperatives.".to_string())}</p>
            <SearchBox value=Signal::derive(String::new) on_input=|_| {} on_submit=on_submit/>
            <p class="hero__stats">
                {move || lang.get().pick(
                    format!("{products} produk · {villages} desa · 22 kabupaten/kota"),
                    format!("{products} products · {villages} villages · 22 regencies and cities"),
                )}
            </p>
        </section>
        <section class="home-section" aria-labelledby="featured-title">
            <div class="home-section__head">
                <h2 id="featured-title">{tr("Pilihan produk desa", "Featured village products")}</h2>
                <A href="/produk">{tr("Lihat semua", "See all")}</A>
            </div>
            <div class="product-grid">{first_row}{more_cards}</div>
        </section>
        {categories}
        {kabupaten}
    }
}

/// The categories, with their product counts.
fn category_section(catalog: &Catalog, category_counts: &[usize]) -> impl IntoView {
    let lang = use_lang();
    let categories = catalog
        .categories
        .iter()
        .zip(category_counts.iter().copied())
        .filter(|(_, n)| *n > 0)
        .map(|(c, n)| (c.id.clone(), c.name.clone(), n))
        .collect::<Vec<_>>()
        .into_iter()
        .map(|(id, name, n)| {
            let href = catalog_href(&Query {
                filters: Filters { categories: vec![id.clone()], ..Filters::default() },
                ..Query::default()
            });
            // Its illustration from the one file that holds them all
            // (`nttmart pages`, crates/tool/src/sprite.rs): one request for
            // the whole list.
            view! {
                <li>
                    <A href=href attr:class="tile">
                        <img src=format!("/img/category.svg#{id}") alt="" width="400" height="300" loading="lazy"/>
                        <span class="tile__name">{move || lang.get().pick(&name.id, &name.en).clone()}</span>
                        <span class="tile__count">{n}{tr(" produk", " products")}</span>
                    </A>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="home-section home-section--below" aria-labelledby="category-title">
            <h2 id="category-title">{tr("Kategori", "Categories")}</h2>
            <ul class="tiles">{categories}</ul>
        </section>
    }
}

/// The kabupaten, with their product counts.
fn kabupaten_section(kabupaten_counts: &[usize]) -> impl IntoView {
    let mut kab = sort::ids(kabupaten::ALL.len());
    sort::ids_by(&mut kab, &mut |a, b| kabupaten::ALL[a as usize].name.cmp(kabupaten::ALL[b as usize].name));
    let kabupaten_links = kab
        .into_iter()
        .map(|i| (i as usize, &kabupaten::ALL[i as usize]))
        .map(|(i, k)| {
            let href = catalog_href(&Query {
                filters: Filters { kabupaten: vec![k.slug.to_string()], ..Filters::default() },
                ..Query::default()
            });
            let n = kabupaten_counts[i];
            view! { <li><A href=href attr:class="chip">{k.name}" "<span class="chip__count">{n}</span></A></li> }
        })
        .collect_view();
    view! {
        <section class="home-section home-section--below" aria-labelledby="kabupaten-title">
            <h2 id="kabupaten-title">{tr("Asal kabupaten/kota", "Where they come from")}</h2>
            <ul class="chips chips--wrap">{kabupaten_links}</ul>
        </section>
    }
}
