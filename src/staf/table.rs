//! The products as a table, one line per variant: find them, change price,
//! stock and availability, undo and redo. Only one page of lines is in the
//! document at a time, so a 10,000-row sheet stays quick to scroll and type in.

use super::{edit, Work};
use leptos::prelude::*;
use nttmart_domain::catalog::Availability;
use nttmart_domain::Lang;
use nttmart_sheet::edit::{self as rules, Value};

const PAGE: usize = 50;

#[component]
pub(super) fn ProductTable(
    work: RwSignal<Option<Work>>,
    selected: RwSignal<Option<usize>>,
    download: RwSignal<Option<String>>,
    lang: RwSignal<Lang>,
) -> impl IntoView {
    let query = RwSignal::new(String::new());
    let page = RwSignal::new(0usize);
    // (product, variant) of every line the search keeps.
    let lines = Memo::new(move |_| {
        let q = query.get().trim().to_lowercase();
        work.with(|w| {
            let Some(w) = w else { return Vec::new() };
            let mut out = Vec::new();
            for (p, product) in w.catalog.products.iter().enumerate() {
                let hit = q.is_empty()
                    || product.name.to_lowercase().contains(&q)
                    || product.id.to_lowercase().contains(&q)
                    || product.variants.iter().any(|v| v.id.to_lowercase().contains(&q));
                if hit {
                    out.extend((0..product.variants.len()).map(|v| (p, v)));
                }
            }
            out
        })
    });
    let pages = move || lines.with(|l| l.len().div_ceil(PAGE).max(1));
    let l = move || lang.get();
    let undo = move |_| edit(work, download, |w| w.history.undo(&mut w.catalog).is_some());
    let redo = move |_| edit(work, download, |w| w.history.redo(&mut w.catalog).is_some());
    let can =
        move |f: fn(&nttmart_sheet::edit::History) -> bool| work.with(|w| w.as_ref().is_some_and(|w| f(&w.history)));

    view! {
        <section class="staf-products" aria-labelledby="staf-products-title">
            <h2 id="staf-products-title">{move || l().pick("3. Produk", "3. Products")}</h2>
            <div class="staf-toolbar">
                <label class="staf-search">
                    <span>{move || l().pick("Cari produk (nama atau kode)", "Find products (name or code)")}</span>
                    <input id="staf-search" type="search" prop:value=move || query.get()
                        on:input=move |ev| {
                            query.set(event_target_value(&ev));
                            page.set(0);
                        }/>
                </label>
                <button id="staf-undo" type="button" class="button" disabled=move || !can(|h| h.can_undo()) on:click=undo
                    aria-keyshortcuts="Control+Z">{move || l().pick("Urungkan", "Undo")}</button>
                <button id="staf-redo" type="button" class="button" disabled=move || !can(|h| h.can_redo()) on:click=redo
                    aria-keyshortcuts="Control+Y">{move || l().pick("Ulangi", "Redo")}</button>
                <span class="staf-count" aria-live="polite">{move || {
                    let n = lines.with(Vec::len);
                    l().pick(format!("{n} baris"), format!("{n} lines"))
                }}</span>
            </div>
            <div class="staf-scroll" tabindex="0" role="region" aria-labelledby="staf-products-title">
                <table class="staf-table staf-table--products">
                    <thead><tr>
                        <th scope="col">{move || l().pick("Baris", "Row")}</th>
                        <th scope="col">{move || l().pick("Kode", "Code")}</th>
                        <th scope="col">{move || l().pick("Produk", "Product")}</th>
                        <th scope="col">{move || l().pick("Harga (Rp)", "Price (Rp)")}</th>
                        <th scope="col">{move || l().pick("Stok", "Stock")}</th>
                        <th scope="col">{move || l().pick("Ketersediaan", "Availability")}</th>
                        <th scope="col"><span class="visually-hidden">{move || l().pick("Pratinjau", "Preview")}</span></th>
                    </tr></thead>
                    <tbody>
                        {move || {
                            let start = page.get().min(pages() - 1) * PAGE;
                            let shown: Vec<(usize, usize)> = lines.with(|l| l.iter().skip(start).take(PAGE).copied().collect());
                            shown.into_iter().map(|(p, v)| view! { <Line work selected download lang product=p variant=v/> }).collect_view()
                        }}
                    </tbody>
                </table>
            </div>
            <nav class="staf-pager" aria-label=move || l().pick("Halaman tabel", "Table pages")>
                <button type="button" class="button" disabled=move || page.get() == 0 on:click=move |_| page.update(|p| *p = p.saturating_sub(1))>
                    {move || l().pick("‹ Sebelumnya", "‹ Previous")}
                </button>
                <span>{move || l().pick(format!("Halaman {} dari {}", page.get().min(pages() - 1) + 1, pages()), format!("Page {} of {}", page.get().min(pages() - 1) + 1, pages()))}</span>
                <button type="button" class="button" disabled=move || page.get() + 1 >= pages() on:click=move |_| page.update(|p| *p += 1)>
                    {move || l().pick("Berikutnya ›", "Next ›")}
                </button>
            </nav>
        </section>
    }
}

/// One variant's line. Values are read from the catalog on every change,
/// so undo and redo show at once.
#[component]
fn Line(
    work: RwSignal<Option<Work>>,
    selected: RwSignal<Option<usize>>,
    download: RwSignal<Option<String>>,
    lang: RwSignal<Lang>,
    product: usize,
    variant: usize,
) -> impl IntoView {
    let read = move || {
        work.with(|w| {
            let w = w.as_ref()?;
            let p = w.catalog.products.get(product)?;
            let v = p.variants.get(variant)?;
            let name =
                if v.values.is_empty() { p.name.clone() } else { format!("{} — {}", p.name, v.values.join(", ")) };
            Some((
                w.rows.get(product).copied().flatten(),
                v.id.clone(),
                name,
                v.price,
                v.stock,
                v.availability,
                v.compare_at,
            ))
        })
    };
    let Some((row, code, name, ..)) = read() else { return ().into_any() };
    let price_error = RwSignal::new(None::<String>);
    let stock_error = RwSignal::new(None::<String>);
    let price_id = format!("staf-price-{product}-{variant}");
    let stock_id = format!("staf-stock-{product}-{variant}");
    let on_price = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        let compare_at = read().and_then(|r| r.6);
        match rules::price(&text, compare_at, lang.get_untracked()) {
            Ok(p) => {
                price_error.set(None);
                edit(work, download, |w| w.history.apply(&mut w.catalog, product, variant, Value::Price(p)).is_some());
            }
            Err(e) => price_error.set(Some(e.0)),
        }
    };
    let on_stock = move |ev: leptos::ev::Event| match rules::stock(&event_target_value(&ev), lang.get_untracked()) {
        Ok(n) => {
            stock_error.set(None);
            edit(work, download, |w| w.history.apply(&mut w.catalog, product, variant, Value::Stock(n)).is_some());
        }
        Err(e) => stock_error.set(Some(e.0)),
    };
    let on_availability = move |ev: leptos::ev::Event| {
        let chosen = match event_target_value(&ev).as_str() {
            "ready" => Availability::Ready,
            "sold_out" => Availability::SoldOut,
            // Made to order and pre-order need their days: the sheet says.
            _ => return,
        };
        edit(work, download, |w| {
            w.history.apply(&mut w.catalog, product, variant, Value::Availability(chosen)).is_some()
        });
    };
    let availability = move || read().map(|r| r.5).unwrap_or(Availability::Ready);
    let label_price = format!("{} {code}", lang.get_untracked().pick("Harga", "Price"));
    let label_stock = format!("{} {code}", lang.get_untracked().pick("Stok", "Stock"));
    let label_availability = format!("{} {code}", lang.get_untracked().pick("Ketersediaan", "Availability"));
    view! {
        <tr class:staf-line--selected=move || selected.get() == Some(product) data-product=product data-variant=variant>
            <td>{row.map(|r| r.to_string()).unwrap_or_default()}</td>
            <td><code>{code.clone()}</code></td>
            <td>{name}</td>
            <td>
                <input id=price_id.clone() class="staf-cell" inputmode="numeric" aria-label=label_price
                    aria-invalid=move || price_error.with(|e| e.is_some()).to_string()
                    prop:value=move || read().map(|r| r.3 .0.to_string()).unwrap_or_default()
                    on:change=on_price/>
                {move || price_error.get().map(|e| view! { <p class="staf-cell__error" role="alert">{e}</p> })}
            </td>
            <td>
                <input id=stock_id.clone() class="staf-cell staf-cell--short" inputmode="numeric" aria-label=label_stock
                    aria-invalid=move || stock_error.with(|e| e.is_some()).to_string()
                    prop:value=move || read().map(|r| r.4.to_string()).unwrap_or_default()
                    on:change=on_stock/>
                {move || stock_error.get().map(|e| view! { <p class="staf-cell__error" role="alert">{e}</p> })}
            </td>
            <td>
                <select class="staf-cell" aria-label=label_availability on:change=on_availability
                    prop:value=move || availability().code()>
                    <option value="ready">{move || lang.get().pick("Siap kirim", "Ready")}</option>
                    <option value="sold_out">{move || lang.get().pick("Habis", "Sold out")}</option>
                    {move || match availability() {
                        Availability::MadeToOrder { min_days, max_days } => Some(view! {
                            <option value="made_to_order">{lang.get().pick(format!("Dibuat sesuai pesanan ({min_days}–{max_days} hari)"), format!("Made to order ({min_days}–{max_days} days)"))}</option>
                        }.into_any()),
                        Availability::PreOrder { min_days, max_days } => Some(view! {
                            <option value="pre_order">{lang.get().pick(format!("Pre-order ({min_days}–{max_days} hari)"), format!("Pre-order ({min_days}–{max_days} days)"))}</option>
                        }.into_any()),
                        _ => None,
                    }}
                </select>
            </td>
            <td>
                <button type="button" class="button button--small" on:click=move |_| {
                    selected.set(Some(product));
                    // The preview is below the table: bring it into view.
                    request_animation_frame(|| {
                        if let Some(p) = document().get_element_by_id("staf-preview-title") {
                            p.scroll_into_view();
                        }
                    });
                }
                    aria-label=format!("{} {code}", lang.get_untracked().pick("Pratinjau", "Preview"))>
                    {move || lang.get().pick("Pratinjau", "Preview")}
                </button>
            </td>
        </tr>
    }
    .into_any()
}
