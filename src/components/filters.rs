//! The filter panel: every option shows how many results choosing it would
//! give (computed by the domain's `Browser::run`), and options that would
//! give none are disabled unless already chosen.

use crate::i18n::{tr, use_lang};
use leptos::prelude::*;
use nttmart_domain::browse::{Cert, Query, Results, Sort};
use nttmart_domain::{kabupaten, Catalog, Lang};
use std::sync::Arc;

pub fn cert_label(cert: Cert) -> &'static str {
    match cert {
        Cert::Halal => "Halal",
        Cert::Bpom => "BPOM",
        Cert::Pirt => "P-IRT",
    }
}

pub fn sort_label(sort: Sort, lang: Lang) -> &'static str {
    match sort {
        Sort::Relevance => lang.pick("Paling sesuai", "Best match"),
        Sort::PriceAsc => lang.pick("Harga terendah", "Lowest price"),
        Sort::PriceDesc => lang.pick("Harga tertinggi", "Highest price"),
        Sort::Newest => lang.pick("Terbaru", "Newest"),
        Sort::Name => lang.pick("Nama A–Z", "Name A–Z"),
    }
}

fn toggle(list: &mut Vec<String>, value: &str) {
    match list.iter().position(|v| v == value) {
        Some(i) => {
            list.remove(i);
        }
        None => list.push(value.to_string()),
    }
}

/// One checkbox option with its count.
#[component]
fn Choice(
    #[prop(into)] label: Signal<String>,
    #[prop(into)] checked: Signal<bool>,
    #[prop(into)] count: Signal<usize>,
    on_toggle: impl Fn() + 'static,
) -> impl IntoView {
    view! {
        <label class="choice" class:choice--empty=move || count.get() == 0 && !checked.get()>
            <input
                type="checkbox"
                prop:checked=move || checked.get()
                disabled=move || count.get() == 0 && !checked.get()
                on:change=move |_| on_toggle()
            />
            <span class="choice__label">{move || label.get()}</span>
            <span class="choice__count">{move || count.get()}</span>
        </label>
    }
}

#[component]
pub fn FilterPanel(
    catalog: Arc<Catalog>,
    query: Memo<Query>,
    results: Memo<Results>,
    on_change: Callback<Query>,
) -> impl IntoView {
    let lang = use_lang();
    let change = move |edit: &dyn Fn(&mut Query)| {
        let mut q = query.get_untracked();
        edit(&mut q);
        q.page = 0;
        on_change.run(q);
    };

    // Kabupaten in alphabetical order; the domain counts them in code order.
    let mut kab_order: Vec<usize> = (0..kabupaten::ALL.len()).collect();
    kab_order.sort_unstable_by_key(|&i| kabupaten::ALL[i].name);
    let kab_choices = kab_order
        .into_iter()
        .map(|i| {
            let k = &kabupaten::ALL[i];
            let slug = k.slug;
            view! {
                <Choice
                    label=k.name.to_string()
                    checked=Signal::derive(move || query.with(|q| q.filters.kabupaten.iter().any(|s| s == slug)))
                    count=Signal::derive(move || results.with(|r| r.kabupaten_counts[i]))
                    on_toggle=move || change(&|q| toggle(&mut q.filters.kabupaten, slug))
                />
            }
        })
        .collect_view();

    let cat_choices = catalog
        .categories
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let id = c.id.clone();
            let id2 = id.clone();
            let names = c.name.clone();
            view! {
                <Choice
                    label=Signal::derive(move || lang.get().pick(&names.id, &names.en).clone())
                    checked=Signal::derive(move || query.with(|q| q.filters.categories.contains(&id)))
                    count=Signal::derive(move || results.with(|r| r.category_counts.get(i).copied().unwrap_or(0)))
                    on_toggle=move || change(&|q| toggle(&mut q.filters.categories, &id2))
                />
            }
        })
        .collect_view();

    let cert_choices = Cert::ALL
        .into_iter()
        .enumerate()
        .map(|(i, cert)| {
            view! {
                <Choice
                    label=cert_label(cert).to_string()
                    checked=Signal::derive(move || query.with(|q| q.filters.certs.contains(&cert)))
                    count=Signal::derive(move || results.with(|r| r.cert_counts[i]))
                    on_toggle=move || change(&|q| {
                        match q.filters.certs.iter().position(|c| *c == cert) {
                            Some(p) => { q.filters.certs.remove(p); }
                            None => { q.filters.certs.push(cert); q.filters.certs.sort_unstable(); }
                        }
                    })
                />
            }
        })
        .collect_view();

    let price_input = move |is_min: bool| {
        let value = move || {
            query
                .with(|q| if is_min { q.filters.price_min } else { q.filters.price_max })
                .map(|v| v.to_string())
                .unwrap_or_default()
        };
        let placeholder = move || {
            results.with(|r| {
                r.price_range.map(|(lo, hi)| if is_min { lo } else { hi }).map(|v| v.to_string()).unwrap_or_default()
            })
        };
        view! {
            <label class="price-field">
                <span>{move || if is_min { lang.get().pick("Minimum (Rp)", "Minimum (Rp)") } else { lang.get().pick("Maksimum (Rp)", "Maximum (Rp)") }}</span>
                <input
                    type="number"
                    inputmode="numeric"
                    min="0"
                    step="1000"
                    prop:value=value
                    placeholder=placeholder
                    on:change=move |ev| {
                        // Accept what people type: "50.000", "Rp 50000", "".
                        let raw = event_target_value(&ev);
                        let parsed = nttmart_domain::Rupiah::parse(&raw).ok().map(|r| r.0);
                        change(&|q| if is_min { q.filters.price_min = parsed } else { q.filters.price_max = parsed });
                    }
                />
            </label>
        }
    };

    view! {
        <div class="filter-panel" id="filter-panel">
            <fieldset>
                <legend>{tr("Sertifikasi", "Certification")}</legend>
                {cert_choices}
            </fieldset>
            <fieldset>
                <legend>{tr("Ketersediaan", "Availability")}</legend>
                <Choice
                    label=Signal::derive(move || lang.get().pick("Siap kirim (ada stok)", "Ready stock").to_string())
                    checked=Signal::derive(move || query.with(|q| q.filters.in_stock))
                    count=Signal::derive(move || results.with(|r| r.in_stock_count))
                    on_toggle=move || change(&|q| q.filters.in_stock = !q.filters.in_stock)
                />
                <Choice
                    label=Signal::derive(move || {
                        lang.get().pick("Dibuat sesuai pesanan / pre-order", "Made to order / pre-order").to_string()
                    })
                    checked=Signal::derive(move || query.with(|q| q.filters.to_order))
                    count=Signal::derive(move || results.with(|r| r.to_order_count))
                    on_toggle=move || change(&|q| q.filters.to_order = !q.filters.to_order)
                />
                <Choice
                    label=Signal::derive(move || lang.get().pick("Produk unggulan OVOP", "OVOP flagship products").to_string())
                    checked=Signal::derive(move || query.with(|q| q.filters.flagship))
                    count=Signal::derive(move || results.with(|r| r.flagship_count))
                    on_toggle=move || change(&|q| q.filters.flagship = !q.filters.flagship)
                />
            </fieldset>
            <fieldset class="price-range">
                <legend>{tr("Harga", "Price")}</legend>
                {price_input(true)}
                {price_input(false)}
            </fieldset>
            <fieldset>
                <legend>{tr("Kategori", "Category")}</legend>
                {cat_choices}
            </fieldset>
            <fieldset>
                <legend>{tr("Kabupaten/Kota", "Regency/City")}</legend>
                {kab_choices}
            </fieldset>
        </div>
    }
}
