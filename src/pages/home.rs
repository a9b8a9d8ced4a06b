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
use std::sync::{Arc, OnceLock};

const FEATURED_ON_HOME: usize = 8;
/// Featured cards rendered per task: two make a phone's first row.
const CARDS_PER_TASK: usize = 2;
/// The parts rendered after the hero, a task each: the featured cards, the
/// categories in two halves, the kabupaten.
const PARTS: usize = FEATURED_ON_HOME / CARDS_PER_TASK + 3;

/// What the parts below the hero show, worked out by the first of them.
struct Counted {
    featured: Vec<u32>,
    /// The categories with products, and how many each.
    categories: Vec<(usize, usize)>,
    kabupaten_counts: Vec<usize>,
}

#[component]
pub fn HomePage() -> impl IntoView {
    let catalog = use_catalog();
    let browser = use_browser();
    let lang = use_lang();
    // Counts per category and kabupaten come from the same code as the
    // catalog filters, so the numbers on home match what the link shows.
    let counted = {
        let (catalog, cell) = (catalog.clone(), Arc::new(OnceLock::new()));
        move || -> Arc<Counted> {
            cell.get_or_init(|| {
                let all = browser.run(&Query::default());
                Arc::new(Counted {
                    featured: all
                        .hits
                        .iter()
                        .copied()
                        .filter(|&i| catalog.products[i as usize].featured)
                        .take(FEATURED_ON_HOME)
                        .collect(),
                    categories: all.category_counts.iter().copied().enumerate().filter(|(_, n)| *n > 0).collect(),
                    kabupaten_counts: all.kabupaten_counts,
                })
            })
            .clone()
        }
    };

    let navigate = use_navigate();
    let on_submit = Box::new(move |text: String| {
        navigate(&catalog_href(&Query { text, ..Query::default() }), Default::default());
    }) as Box<dyn Fn(String)>;

    // The hero renders with the route; the parts below it a task each,
    // from the frame after (src/tasks.rs): a phone's first row of featured
    // cards, the other cards, the categories and the kabupaten. Each is
    // work for well under 50 ms of a slow phone's time, so taps are never
    // held up for long (issue 9's total blocking time), and Lighthouse's
    // time to interactive, which ends with the last long task, ends before
    // the app does (issue 20).
    let parts = crate::tasks::parts::<PARTS>();
    let cards = |n: usize| {
        let (catalog, counted) = (catalog.clone(), counted.clone());
        move || {
            parts[n].get().then(|| {
                let counted = counted();
                let ids = counted.featured.iter().skip(n * CARDS_PER_TASK).take(CARDS_PER_TASK);
                let eager = n == 0;
                ids.map(|&i| view! { <ProductCard catalog=catalog.clone() index=i eager=eager/> }).collect_view()
            })
        }
    };
    let featured_cards = (0..FEATURED_ON_HOME / CARDS_PER_TASK).map(cards).collect_view();
    let (first_half, second_half, kabupaten_part) = (PARTS - 3, PARTS - 2, PARTS - 1);
    let tiles = |part: usize| {
        let (catalog, counted) = (catalog.clone(), counted.clone());
        move || {
            parts[part].get().then(|| {
                let counted = counted();
                let half = counted.categories.len().div_ceil(2);
                let range = if part == first_half { 0..half } else { half..counted.categories.len() };
                category_tiles(&catalog, &counted.categories[range])
            })
        }
    };
    let categories = {
        let (first, second) = (tiles(first_half), tiles(second_half));
        move || {
            parts[first_half].get().then(|| {
                view! {
                    <section class="home-section home-section--below" aria-labelledby="category-title">
                        <h2 id="category-title">{tr("Kategori", "Categories")}</h2>
                        <ul class="tiles">{first.clone()}{second.clone()}</ul>
                    </section>
                }
            })
        }
    };
    let kabupaten = {
        let counted = counted.clone();
        move || parts[kabupaten_part].get().then(|| kabupaten_section(&counted().kabupaten_counts))
    };

    let tagline = catalog.store.tagline.clone();
    let (products, villages) = (catalog.products.len(), catalog.villages.len());

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
            <div class="product-grid">{featured_cards}</div>
        </section>
        {categories}
        {kabupaten}
    }
}

/// Category tiles, with their product counts: `categories` are indexes
/// into the catalogue's categories, each with its count.
fn category_tiles(catalog: &Catalog, categories: &[(usize, usize)]) -> impl IntoView {
    let lang = use_lang();
    categories
        .iter()
        .map(|&(c, n)| {
            let category = &catalog.categories[c];
            let (id, name) = (category.id.clone(), category.name.clone());
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
        .collect_view()
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
