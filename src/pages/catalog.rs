//! `/produk`: search, filter, sort and page through the catalog. The URL's
//! query string is the single source of truth for the view, so a filtered
//! view can be shared, reloaded, and stepped back through.

use crate::app::{use_catalog, use_search, PerCatalog};
use crate::components::filters::{cert_label, sort_label, FilterPanel};
use crate::components::product_card::ProductCard;
use crate::components::search_box::SearchBox;
use crate::i18n::{tr, use_lang};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use nttmart_domain::browse::{Browser, Query, Sort};
use nttmart_domain::kabupaten;
use nttmart_domain::{detail, Catalog};
use std::sync::Arc;

/// Suggestions for an empty result: the catalog's most common searches.
const POPULAR: [&str; 5] = ["kopi", "tenun", "madu", "kelor", "gula lontar"];

pub fn catalog_href(query: &Query) -> String {
    format!("/produk{}", query.to_query_string())
}

thread_local! {
    /// The search with description words, once built for a catalogue:
    /// leaving the page and coming back does not fetch and build it again.
    static WORDED: PerCatalog<Arc<Browser>> = const { PerCatalog::new() };
}

/// The catalogue's search, and once `katalog/kata.json` has come, the same
/// with the tags and the words of the descriptions that the index feed
/// leaves out (`detail::with_keywords`); the results update when it does.
/// The file is kept on the device for the next visit, online or not. A
/// catalogue read from the whole feed has them already; without the file
/// (a first visit offline, an older site) search goes on without them.
fn with_description_words(catalog: Arc<Catalog>, browser: Arc<Browser>) -> (RwSignal<Arc<Browser>>, RwSignal<bool>) {
    if let Some(done) = WORDED.with(|w| w.get(&catalog)) {
        return (RwSignal::new(done), RwSignal::new(true));
    }
    let signal = RwSignal::new(browser);
    if catalog.products.iter().any(|p| !p.description.is_empty()) {
        return (signal, RwSignal::new(true));
    }
    // Whether the search has all it will get (the words, or none to be
    // had): the page says so (`data-words`), so the count a customer or a
    // test reads does not change under them.
    let settled = RwSignal::new(false);
    leptos::task::spawn_local(async move {
        let url = format!("/{}", detail::KEYWORDS_PATH);
        let apply = |bytes: &[u8]| -> bool {
            let Ok(words) = detail::parse_keywords(bytes) else { return false };
            let worded = Arc::new(Browser::build(&detail::with_keywords(&catalog, &words)));
            WORDED.with(|w| w.set(&catalog, worded.clone()));
            // The page may have gone meanwhile; the next one finds it built.
            let _ = signal.try_set(worded);
            true
        };
        // The copy saved on the device first (offline, the tags and words
        // of the last visit), then the network's.
        let saved = crate::feed_cache::load(&url).await.map(|(bytes, _)| bytes);
        if let Some(bytes) = &saved {
            if apply(bytes) {
                let _ = settled.try_set(true);
            }
        }
        let response = gloo_net::http::Request::get(&url).send().await.ok().filter(|r| r.ok());
        let bytes = match response {
            Some(response) => response.binary().await.ok(),
            None => None,
        };
        if let Some(bytes) = bytes {
            if saved.as_ref() != Some(&bytes) && apply(&bytes) {
                crate::feed_cache::store(&url, &bytes).await;
            }
        }
        let _ = settled.try_set(true);
    });
    (signal, settled)
}

#[component]
pub fn CatalogPage() -> impl IntoView {
    let catalog = use_catalog();
    let browser = use_search();
    let lang = use_lang();
    let params = use_query_map();
    let query = Memo::new(move |_| params.with(|m| Query::from_pairs(m.into_iter().map(|(k, v)| (k.as_ref(), v)))));
    let (browser, words_settled) = with_description_words(catalog.clone(), browser);
    let results = Memo::new(move |_| query.with(|q| browser.with(|b| b.run(q))));

    // While typing, one history entry per search rather than per keystroke;
    // every filter change gets its own entry so Back undoes it.
    let typing = StoredValue::new(false);
    let navigate = use_navigate();
    let go = move |q: Query, replace: bool| {
        navigate(&catalog_href(&q), NavigateOptions { replace, scroll: false, ..Default::default() });
    };
    let go_typing = go.clone();
    let on_input = move |text: String| {
        let mut q = query.get_untracked();
        q.text = text;
        q.page = 0;
        let replace = typing.get_value();
        typing.set_value(true);
        go_typing(q, replace);
    };
    let go_filter = go.clone();
    let on_change = Callback::new(move |q: Query| {
        typing.set_value(false);
        go_filter(q, false);
    });

    let total = move || results.with(|r| r.hits.len());
    let page = move || query.with(|q| q.page);
    let page_hits = move || results.with(|r| r.page(query.with(|q| q.page)).to_vec());
    let active_filters = move || query.with(count_active);

    // On phones the panel folds away behind a button; wide screens show it.
    let filters_open = RwSignal::new(false);
    let grid_catalog = catalog.clone();
    let chips_catalog = catalog.clone();

    view! {
        <div class="catalog">
            <h1 class="visually-hidden">{tr("Katalog produk desa", "Village product catalog")}</h1>
            <SearchBox value=Signal::derive(move || query.with(|q| q.text.clone())) on_input=on_input/>
            <div class="catalog__bar">
                <p class="catalog__count" role="status" aria-live="polite">
                    <strong>{total}</strong>
                    {tr(" produk", " products")}
                    {move || {
                        let text = query.with(|q| q.text.trim().to_string());
                        (!text.is_empty()).then(|| view! { {tr(" untuk “", " for “")} {text} "”" })
                    }}
                </p>
                <label class="sort">
                    <span>{tr("Urutkan", "Sort")}</span>
                    <select on:change=move |ev| {
                        let mut q = query.get_untracked();
                        q.sort = Sort::from_param(&event_target_value(&ev)).unwrap_or_default();
                        q.page = 0;
                        on_change.run(q);
                    }>
                        {Sort::ALL.into_iter().map(|s| view! {
                            <option value=s.param() selected=move || query.with(|q| q.sort == s)>{move || sort_label(s, lang.get())}</option>
                        }).collect_view()}
                    </select>
                </label>
            </div>
            <ActiveChips catalog=chips_catalog query=query on_change=on_change/>
            <div class="catalog__layout">
                <div class="catalog__filters" class:is-open=move || filters_open.get()>
                    <button
                        type="button"
                        class="button catalog__filters-toggle"
                        aria-expanded=move || filters_open.get().to_string()
                        aria-controls="filter-panel"
                        on:click=move |_| filters_open.update(|o| *o = !*o)
                    >
                        {tr("Filter", "Filters")}
                        {move || { let n = active_filters(); (n > 0).then(|| view! { <span class="pill">{n}</span> }) }}
                    </button>
                    <FilterPanel catalog=catalog.clone() query=query results=results on_change=on_change/>
                </div>
                <section class="catalog__results" aria-label=tr("Hasil", "Results") data-words=move || words_settled.get().then_some("settled")>
                    <Show
                        when=move || { total() > 0 }
                        fallback=move || view! { <EmptyState query=query on_change=on_change/> }
                    >
                        <div class="product-grid">
                            <For
                                each=page_hits
                                key=|i| *i
                                children={
                                    let c = grid_catalog.clone();
                                    move |i| view! { <ProductCard catalog=c.clone() index=i picture=crate::components::picture::card_picture/> }
                                }
                            />
                        </div>
                        <Pager query=query pages=Signal::derive(move || results.with(|r| r.page_count())) page=Signal::derive(page)/>
                    </Show>
                </section>
            </div>
        </div>
    }
}

fn count_active(q: &Query) -> usize {
    let f = &q.filters;
    f.kabupaten.len()
        + f.categories.len()
        + f.certs.len()
        + usize::from(f.price_min.is_some() || f.price_max.is_some())
        + usize::from(f.in_stock)
        + usize::from(f.to_order)
        + usize::from(f.flagship)
}

/// The active filters as removable chips, plus "clear all".
#[component]
fn ActiveChips(
    catalog: std::sync::Arc<nttmart_domain::Catalog>,
    query: Memo<Query>,
    on_change: Callback<Query>,
) -> impl IntoView {
    let lang = use_lang();
    let chips = move || {
        let q = query.get();
        let l = lang.get();
        let mut chips: Vec<(String, Query)> = Vec::new();
        let without = |edit: &dyn Fn(&mut Query)| {
            let mut next = q.clone();
            edit(&mut next);
            next.page = 0;
            next
        };
        for slug in &q.filters.kabupaten {
            let name = kabupaten::by_slug(slug).map_or(slug.clone(), |k| k.name.to_string());
            chips.push((name, without(&|n| n.filters.kabupaten.retain(|s| s != slug))));
        }
        for id in &q.filters.categories {
            let name = catalog.category(id).map_or(id.clone(), |c| l.pick(&c.name.id, &c.name.en).clone());
            chips.push((name, without(&|n| n.filters.categories.retain(|s| s != id))));
        }
        for cert in &q.filters.certs {
            chips.push((cert_label(*cert).to_string(), without(&|n| n.filters.certs.retain(|c| c != cert))));
        }
        if q.filters.price_min.is_some() || q.filters.price_max.is_some() {
            let label = match (q.filters.price_min, q.filters.price_max) {
                (Some(a), Some(b)) => format!("{} – {}", nttmart_domain::Rupiah(a), nttmart_domain::Rupiah(b)),
                (Some(a), None) => format!("≥ {}", nttmart_domain::Rupiah(a)),
                (None, Some(b)) => format!("≤ {}", nttmart_domain::Rupiah(b)),
                (None, None) => unreachable!(),
            };
            chips.push((
                label,
                without(&|n| {
                    n.filters.price_min = None;
                    n.filters.price_max = None;
                }),
            ));
        }
        if q.filters.in_stock {
            chips.push((l.pick("Ada stok", "In stock").into(), without(&|n| n.filters.in_stock = false)));
        }
        if q.filters.to_order {
            chips.push((l.pick("Sesuai pesanan", "Made to order").into(), without(&|n| n.filters.to_order = false)));
        }
        if q.filters.flagship {
            chips.push((l.pick("Unggulan OVOP", "OVOP flagship").into(), without(&|n| n.filters.flagship = false)));
        }
        let clear_all = (chips.len() > 1).then(|| {
            let cleared = Query { text: q.text.clone(), sort: q.sort, ..Query::default() };
            view! { <li><button type="button" class="chip chip--clear" on:click=move |_| on_change.run(cleared.clone())>{l.pick("Hapus semua", "Clear all")}</button></li> }
        });
        (!chips.is_empty()).then(|| view! {
            <ul class="chips" aria-label=l.pick("Filter aktif", "Active filters")>
                {chips.into_iter().map(|(label, next)| view! {
                    <li>
                        <button type="button" class="chip" aria-label=format!("{} {label}", l.pick("Hapus filter", "Remove filter")) on:click=move |_| on_change.run(next.clone())>
                            {label.clone()}<span aria-hidden="true">" ×"</span>
                        </button>
                    </li>
                }).collect_view()}
                {clear_all}
            </ul>
        })
    };
    view! { {chips} }
}

#[component]
fn EmptyState(query: Memo<Query>, on_change: Callback<Query>) -> impl IntoView {
    let has_filters = move || query.with(|q| !q.filters.is_empty());
    view! {
        <div class="empty-state">
            <h2>{tr("Belum ada produk yang cocok", "No matching products yet")}</h2>
            <p>{tr("Coba kata lain, periksa ejaan, atau kurangi filter.", "Try other words, check the spelling, or remove some filters.")}</p>
            <Show when=has_filters>
                <button type="button" class="button button--primary" on:click=move |_| {
                    let q = query.get_untracked();
                    on_change.run(Query { text: q.text, ..Query::default() });
                }>{tr("Hapus semua filter", "Clear all filters")}</button>
            </Show>
            <p class="empty-state__suggest">{tr("Pencarian populer:", "Popular searches:")}</p>
            <ul class="suggestions">
                {POPULAR.into_iter().map(|word| {
                    let href = catalog_href(&Query { text: word.into(), ..Query::default() });
                    view! { <li><A href=href attr:class="chip">{word}</A></li> }
                }).collect_view()}
            </ul>
        </div>
    }
}

#[component]
fn Pager(query: Memo<Query>, pages: Signal<usize>, page: Signal<usize>) -> impl IntoView {
    let lang = use_lang();
    let href = move |p: usize| query.with(|q| catalog_href(&Query { page: p, ..q.clone() }));
    view! {
        <Show when=move || { pages.get() > 1 }>
            <nav class="pager" aria-label=tr("Halaman", "Pages")>
                <Show when=move || { page.get() > 0 }>
                    <A href=move || href(page.get() - 1) attr:class="button" attr:rel="prev">{tr("‹ Sebelumnya", "‹ Previous")}</A>
                </Show>
                <span class="pager__status">{move || lang.get().pick(format!("Halaman {} dari {}", page.get() + 1, pages.get()), format!("Page {} of {}", page.get() + 1, pages.get()))}</span>
                <Show when=move || { page.get() + 1 < pages.get() }>
                    <A href=move || href(page.get() + 1) attr:class="button" attr:rel="next">{tr("Berikutnya ›", "Next ›")}</A>
                </Show>
            </nav>
        </Show>
    }
}
