//! `/desa/<id>`: one village: its kabupaten, the cooperative that sells for
//! it, its OVOP flagship, its story and everything it sells.

use crate::app::use_catalog;
use crate::components::long_text::{FromDetail, Kind, LongText};
use crate::components::product_card::ProductCard;
use crate::i18n::use_lang;
use crate::pages::not_found::NotFoundPage;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use nttmart_domain::detail::Details;
use nttmart_domain::kabupaten;

#[component]
pub fn VillagePage() -> impl IntoView {
    let catalog = use_catalog();
    let params = use_params_map();
    let lang = use_lang();
    move || {
        let l = lang.get();
        let id = params.with(|p| p.get("slug").unwrap_or_default());
        let Some(village) = catalog.village(&id).cloned() else {
            return view! { <NotFoundPage/> }.into_any();
        };
        let kab = kabupaten::by_slug(&village.kabupaten);
        // The flagship first, then the feed's order.
        let (mut products, rest): (Vec<u32>, Vec<u32>) = (0..catalog.products.len() as u32)
            .filter(|&i| catalog.products[i as usize].village == village.id)
            .partition(|&i| catalog.products[i as usize].flagship);
        products.extend(rest);
        let count = products.len();
        let cards =
            products.into_iter().map(|i| view! { <ProductCard catalog=catalog.clone() index=i picture=crate::components::picture::card_picture/> }).collect_view();
        let kab_link = kab.map(|k| {
            let href = format!("/kabupaten/{}", k.slug);
            view! { <A href=href>{k.full_name()}</A> }
        });
        let crumb = kab.map(|k| {
            let href = format!("/kabupaten/{}", k.slug);
            view! { <A href=href>{k.name}</A>" › " }
        });
        view! {
            <article class="info-page village-page">
                <nav class="breadcrumb" aria-label=l.pick("Jejak", "Breadcrumb")>
                    <A href="/">{l.pick("Beranda", "Home")}</A>" › "{crumb}<span>{village.name.clone()}</span>
                </nav>
                <header class="page-intro">
                    <p class="page-intro__eyebrow">{format!("NTT Mart — {} · {}", "Produk Desa", l.pick("Desa", "Village"))}</p>
                    <h1>{village.name.clone()}</h1>
                    <dl class="facts">
                        <dt>{l.pick("Kabupaten/Kota", "Regency/City")}</dt><dd class="village-page__kabupaten">{kab_link}</dd>
                        <dt>{l.pick("Koperasi", "Cooperative")}</dt><dd class="village-page__cooperative">{village.cooperative.clone()}</dd>
                        <dt>{l.pick("Unggulan OVOP", "OVOP flagship")}</dt><dd class="village-page__flagship">
                            <FromDetail text=village.flagship.clone() kabupaten=Some(village.kabupaten.clone()) id=village.id.clone() pick=Details::flagship/>
                        </dd>
                    </dl>
                </header>
                <section class="village-page__story-section" aria-labelledby="story-title">
                    <h2 id="story-title">{l.pick("Cerita desa", "The village's story")}</h2>
                    <LongText kind=Kind::Story text=village.story.clone() kabupaten=Some(village.kabupaten.clone()) id=village.id.clone() class="village-page__story"/>
                    <p class="village-page__note">
                        {l.pick(
                            "Produk desa ini dijual oleh koperasi desanya melalui NTT Mart. ",
                            "This village's products are sold by its cooperative through NTT Mart. ",
                        )}
                        <A href="/tentang#koperasi">{l.pick("Tentang Koperasi Desa Merah Putih", "About Koperasi Desa Merah Putih")}</A>
                    </p>
                </section>
                <section class="village-page__products" aria-labelledby="products-title">
                    <h2 id="products-title">
                        {format!("{} {}", l.pick("Produk dari", "Products from"), village.name)}" "<span class="count">{format!("({count})")}</span>
                    </h2>
                    <div class="product-grid">{cards}</div>
                </section>
            </article>
        }
        .into_any()
    }
}
