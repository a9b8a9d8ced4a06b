//! `/kabupaten/<slug>`: one kabupaten/kota: where it is, its NTT Mart
//! outlet, its villages and the first page of its products.

use crate::app::{use_browser, use_catalog};
use crate::components::long_text::FromDetail;
use crate::components::product_card::ProductCard;
use crate::i18n::use_lang;
use crate::pages::catalog::catalog_href;
use crate::pages::not_found::NotFoundPage;
use crate::pages::outlets::OutletDetails;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use nttmart_domain::browse::{Filters, Query, PAGE_SIZE};
use nttmart_domain::detail::Details;
use nttmart_domain::kabupaten::{self, Kind};

#[component]
pub fn KabupatenPage() -> impl IntoView {
    let catalog = use_catalog();
    let browser = use_browser();
    let params = use_params_map();
    let lang = use_lang();
    move || {
        let l = lang.get();
        let slug = params.with(|p| p.get("slug").unwrap_or_default());
        let Some(kab) = kabupaten::by_slug(&slug) else {
            return view! { <NotFoundPage/> }.into_any();
        };
        let outlet = catalog.outlet(kab.slug).cloned();
        // The same query as the catalog link, so "first 24" here are the
        // first 24 there.
        let query = Query {
            filters: Filters { kabupaten: vec![kab.slug.to_string()], ..Filters::default() },
            ..Query::default()
        };
        let hits = browser.run(&query).hits;
        let total = hits.len();
        let all_href = catalog_href(&query);
        let cards = hits
            .into_iter()
            .take(PAGE_SIZE)
            .map(|i| view! { <ProductCard catalog=catalog.clone() index=i picture=crate::components::picture::card_picture/> })
            .collect_view();
        let villages = catalog
            .villages
            .iter()
            .filter(|v| v.kabupaten == kab.slug)
            .map(|v| {
                let href = format!("/desa/{}", v.id);
                let (name, flagship, id) = (v.name.clone(), v.flagship.clone(), v.id.clone());
                view! {
                    <li>
                        <A href=href attr:class="village-link">
                            <span class="village-link__name">{name}</span>
                            <span class="village-link__flagship">
                                <FromDetail text=flagship kabupaten=Some(kab.slug.to_string()) id pick=Details::flagship/>
                            </span>
                        </A>
                    </li>
                }
            })
            .collect_view();
        let kind = match kab.kind {
            Kind::Kabupaten => l.pick("Kabupaten", "Regency"),
            Kind::Kota => l.pick("Kota", "City"),
        };
        let outlet_view = match outlet {
            Some(o) => view! {
                <h3 class="outlet-card__name">{o.name.clone()}</h3>
                <p class="outlet-card__town">{o.town.clone()}</p>
                <OutletDetails outlet=o/>
            }
            .into_any(),
            None => view! { <p>{l.pick("Data outlet untuk daerah ini belum tersedia.", "No outlet details for this area yet.")}</p> }.into_any(),
        };
        view! {
            <article class="info-page kabupaten-page">
                <nav class="breadcrumb" aria-label=l.pick("Jejak", "Breadcrumb")>
                    <A href="/">{l.pick("Beranda", "Home")}</A>" › "<A href="/outlet">{l.pick("Outlet", "Outlets")}</A>" › "<span>{kab.name}</span>
                </nav>
                <header class="page-intro">
                    <p class="page-intro__eyebrow">{format!("NTT Mart — {} · {kind}", "Produk Desa")}</p>
                    <h1>{kab.full_name()}</h1>
                    <dl class="facts">
                        <dt>{l.pick("Ibu kota", "Capital")}</dt><dd>{kab.capital}</dd>
                        <dt>{l.pick("Pulau", "Island")}</dt><dd>{kab.island}</dd>
                        <dt>{l.pick("Desa di NTT Mart", "Villages at NTT Mart")}</dt><dd class="kabupaten-page__village-count">{catalog.villages.iter().filter(|v| v.kabupaten == kab.slug).count()}</dd>
                        <dt>{l.pick("Produk", "Products")}</dt><dd class="kabupaten-page__product-count">{total}</dd>
                    </dl>
                </header>
                <section class="kabupaten-page__outlet outlet-card" aria-labelledby="outlet-title">
                    <h2 id="outlet-title">{l.pick("Outlet NTT Mart", "NTT Mart outlet")}</h2>
                    {outlet_view}
                </section>
                <section class="kabupaten-page__villages" aria-labelledby="villages-title">
                    <h2 id="villages-title">{l.pick("Desa asal produk", "Villages")}</h2>
                    <ul class="village-list">{villages}</ul>
                </section>
                <section class="kabupaten-page__products" aria-labelledby="products-title">
                    <div class="home-section__head">
                        <h2 id="products-title">{l.pick("Produk desa", "Village products")}" "<span class="count">{format!("({total})")}</span></h2>
                    </div>
                    <div class="product-grid">{cards}</div>
                    <p class="kabupaten-page__all">
                        <A href=all_href attr:class="button">
                            {format!("{} {total} {}", l.pick("Lihat semua", "See all"), l.pick("produk", "products"))}
                        </A>
                    </p>
                </section>
            </article>
        }
        .into_any()
    }
}
