//! `/produk/<slug>`: one product with its origin and certifications.

use crate::app::use_catalog;
use crate::components::add_to_cart::AddVariantButton;
use crate::components::badges::CertBadges;
use crate::components::gallery::Gallery;
use crate::components::long_text::{FromDetail, Kind, LongText};
use crate::components::product_card::ProductCard;
use crate::components::share::ShareButtons;
use crate::components::variant_picker::{lead_time, select_in_url, use_variant, VariantPicker};
use crate::i18n::use_lang;
use crate::pages::not_found::NotFoundPage;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use nttmart_domain::catalog::Halal;
use nttmart_domain::detail::Details;

#[component]
pub fn ProductPage() -> impl IntoView {
    let catalog = use_catalog();
    let params = use_params_map();
    let lang = use_lang();
    // The related products, well below the fold on a phone, render when
    // the reader nears them: a shared link's first load then neither builds
    // eight cards nor fetches their pictures (issue 16's 300 KB).
    let below_fold = RwSignal::new(false);
    let sentinel = NodeRef::<leptos::html::Div>::new();
    // What a buyer decides on renders with the route; the gallery's arrows
    // and thumbnails a task later, from the next frame (src/tasks.rs), and
    // the rest of the page (description, sharing, origin, certificates) a
    // task after that, so that none of it is one long task on a slow phone
    // (issue 20).
    let [gallery_more, rest_shown] = crate::tasks::parts::<2>();
    // Watched once the rest is in: until then the end of the page is near
    // the top of the screen.
    Effect::new(move || {
        if let (Some(el), true) = (sentinel.get(), rest_shown.get()) {
            when_near(&el, move || below_fold.set(true));
        }
    });
    let page = move || {
        // The page is small; re-rendering it on a language switch is simpler
        // than making every line reactive.
        let l = lang.get();
        let slug = params.with(|p| p.get("slug").unwrap_or_default());
        let Some(product) = catalog.product_by_slug(&slug).cloned() else {
            return view! { <NotFoundPage/> }.into_any();
        };
        let village = catalog.village(&product.village).cloned();
        let kab = catalog.kabupaten_of(&product);
        let category =
            catalog.category(&product.category).map(|c| l.pick(&c.name.id, &c.name.en).clone()).unwrap_or_default();
        let share_url = format!("{}/produk/{}", catalog.store.base_url, product.slug);
        // The variant in the URL (`?varian=`), or the default one: price,
        // stock, picture and the buttons follow it.
        let variant = use_variant(&product);
        let image_product = product.clone();
        // The same link as the static first screen's (`nttmart pages`), so
        // it does not vanish when the app takes over: ordering one product
        // without filling in the checkout.
        let quick = {
            let catalog = catalog.clone();
            let product = product.clone();
            let share_url = share_url.clone();
            move || {
                variant.with(|v| {
                    let url = if product.options.is_empty() {
                        share_url.clone()
                    } else {
                        format!("{share_url}?varian={}", nttmart_domain::order::percent_encode(&v.id))
                    };
                    nttmart_domain::quick_order::link(&catalog, &product, v, &url, l)
                })
                .map(|href| {
                    view! {
                        <div class="share">
                            <a class="button product-page__quick" href=href target="_blank" rel="noopener noreferrer">
                                {l.pick("Pesan langsung lewat WhatsApp", "Order directly on WhatsApp")}
                            </a>
                        </div>
                    }
                })
            }
        };
        let picker = (!product.options.is_empty())
            .then(|| view! { <VariantPicker product=product.clone() variant on_select=select_in_url()/> });
        let kabupaten = village.as_ref().map(|v| v.kabupaten.clone());
        // The index feed leaves the pictures' alt texts to the detail file.
        // (A whole feed has them: then no detail file is fetched for them.)
        let gallery_alt = kabupaten.as_deref().filter(|_| product.images.iter().any(|i| i.alt.is_empty())).map(|kab| {
            let details = crate::components::long_text::details(kab);
            let id = product.id.clone();
            let srcs: Vec<String> = product.images.iter().map(|i| i.src.clone()).collect();
            Callback::new(move |(src, l): (String, nttmart_domain::Lang)| {
                let at = srcs.iter().position(|s| *s == src);
                details
                    .with(|d| d.as_ref().zip(at).and_then(|(d, at)| d.alt(&id, at, l)).map(str::to_owned))
                    .unwrap_or_default()
            })
        });
        // More from the same village first, then from the same kabupaten.
        let same_kab = |p: &nttmart_domain::catalog::Product| {
            kab.is_some() && catalog.kabupaten_of(p).map(|k| k.slug) == kab.map(|k| k.slug)
        };
        // Same village first, then the same kabupaten, each in feed order.
        let (mut related, rest): (Vec<u32>, Vec<u32>) = (0..catalog.products.len() as u32)
            .filter(|&i| {
                let p = &catalog.products[i as usize];
                p.id != product.id && (p.village == product.village || same_kab(p))
            })
            .partition(|&i| catalog.products[i as usize].village == product.village);
        related.extend(rest);
        related.truncate(8);
        // The related cards show illustrations (one file for all of them),
        // not photos: Chromium fetches lazy pictures well below the fold,
        // and eight card photos would take a shared link's first load past
        // its 300 KB (BENCHMARKS.md, issue 16).
        view! {
            <article class="product-page">
                <nav class="breadcrumb" aria-label=l.pick("Jejak", "Breadcrumb")>
                    <A href="/">{l.pick("Beranda", "Home")}</A>" › "<A href="/produk">{l.pick("Produk", "Products")}</A>" › "<span>{category}</span>
                </nav>
                // Two columns from 1024 px (style/main.css): the pictures
                // on the left, what a buyer decides on at the right, both
                // above the fold. The gallery opens on the chosen variant's
                // own pictures.
                <div class="product-page__top">
                    {move || variant.with(|v| view! { <Gallery images=image_product.images_for(v).into_iter().cloned().collect() alt=gallery_alt more=gallery_more/> })}
                    <div class="product-page__buy">
                        <h1>{product.name.clone()}</h1>
                        {picker}
                        <p class="product-page__price">
                            {move || variant.with(|v| v.compare_at.filter(|c| *c > v.price).map(|c| view! { <s class="product-page__was">{c.to_string()}</s>" " }))}
                            <span class="product-page__amount">{move || variant.with(|v| v.price.to_string())}</span>
                            <span class="product-card__unit">" / "{product.unit.clone()}</span>
                        </p>
                        <p class="product-page__stock" aria-live="polite">
                            {move || variant.with(|v| match lead_time(v, l) {
                                Some(text) => text,
                                None if !v.is_orderable() => l.pick("Stok habis", "Sold out").to_string(),
                                None => format!("{} {}", l.pick("Stok:", "In stock:"), v.stock),
                            })}
                        </p>
                        <CertBadges certs=product.certifications.clone()/>
                        <AddVariantButton product=product.clone() variant=variant.into() large=true/>
                        {quick}
                    </div>
                </div>
                {move || rest_shown.get().then(|| {
                    let village = village.clone();
                    let halal_text = match &product.certifications.halal {
                        // The index feed leaves the number to the kabupaten's detail
                        // file, which the description comes from too.
                        Halal::Certified { certificate } => view! {
                            {l.pick("Bersertifikat halal BPJPH, nomor ", "Halal certified by BPJPH, certificate ")}
                            <FromDetail
                                text=certificate.clone()
                                kabupaten=village.as_ref().map(|v| v.kabupaten.clone())
                                id=product.id.clone()
                                pick=Details::certificate
                            />
                        }
                        .into_any(),
                        Halal::NotHalal => l
                            .pick("TIDAK HALAL — mengandung bahan non-halal", "NOT HALAL — contains non-halal ingredients")
                            .into_any(),
                        Halal::NotApplicable => l
                            .pick(
                                "Bukan produk pangan; sertifikat halal tidak berlaku",
                                "Not a food product; halal certification does not apply",
                            )
                            .into_any(),
                    };
                    let story = village.as_ref().map(|v| {
                        view! {
                            <LongText kind=Kind::Story text=v.story.clone() kabupaten=Some(v.kabupaten.clone()) id=v.id.clone() class="product-page__story"/>
                        }
                    });
                    view! {
                        <LongText kind=Kind::Description text=product.description.clone() kabupaten=kabupaten.clone() id=product.id.clone() class="product-page__description"/>
                        <ShareButtons url=share_url.clone() title=product.name.clone()/>
                        <section class="product-page__origin">
                            <h2>{l.pick("Asal produk", "Where it comes from")}</h2>
                            {story}
                            <dl>
                                {village.map(|v| view! {
                                    <dt>{l.pick("Desa", "Village")}</dt><dd><A href=format!("/desa/{}", v.id)>{v.name.clone()}</A></dd>
                                    <dt>{l.pick("Koperasi", "Cooperative")}</dt><dd>{v.cooperative.clone()}</dd>
                                    <dt>{l.pick("Unggulan OVOP desa", "Village OVOP flagship")}</dt><dd><FromDetail text=v.flagship.clone() kabupaten=Some(v.kabupaten.clone()) id=v.id.clone() pick=Details::flagship/></dd>
                                })}
                                {kab.map(|k| view! { <dt>{l.pick("Kabupaten/Kota", "Regency/City")}</dt><dd><A href=format!("/kabupaten/{}", k.slug)>{k.full_name()}</A></dd> })}
                                <dt>{l.pick("Produsen", "Producer")}</dt><dd><FromDetail text=product.producer.name.clone() kabupaten=kabupaten.clone() id=product.id.clone() pick=Details::producer/></dd>
                                <dt>{l.pick("Program", "Programme")}</dt><dd><A href="/tentang#program">{product.stream.code()}</A></dd>
                            </dl>
                        </section>
                        <section class="product-page__certs">
                            <h2>{l.pick("Sertifikasi", "Certifications")}</h2>
                            <ul>
                                <li>{halal_text}</li>
                                {product.certifications.bpom.clone().map(|n| {
                                    let (kabupaten, id) = (kabupaten.clone(), product.id.clone());
                                    view! { <li>{l.pick("Izin edar BPOM ", "BPOM registration ")}<FromDetail text=n kabupaten id pick=Details::bpom/></li> }
                                })}
                                {product.certifications.pirt.clone().map(|n| {
                                    let (kabupaten, id) = (kabupaten.clone(), product.id.clone());
                                    view! { <li>"P-IRT "<FromDetail text=n kabupaten id pick=Details::pirt/>{l.pick(" (pangan industri rumah tangga)", " (home-industry food registration)")}</li> }
                                })}
                            </ul>
                            <p class="product-page__standards">
                                <A href="/tentang#standar">{l.pick("Apa arti sertifikasi dan lencana ini?", "What do these certifications and badges mean?")}</A>
                            </p>
                        </section>
                    }
                })}
                {
                    let catalog = catalog.clone();
                    move || (below_fold.get() && !related.is_empty()).then(|| {
                        let cards = related.iter().map(|&i| view! { <ProductCard catalog=catalog.clone() index=i/> }).collect_view();
                        view! {
                            <section class="product-page__related" aria-labelledby="related-title">
                                <h2 id="related-title">{l.pick("Produk lain dari desa dan kabupaten yang sama", "More from the same village and regency")}</h2>
                                <div class="product-grid">{cards}</div>
                            </section>
                        }
                    })
                }
            </article>
        }
        .into_any()
    };
    view! {
        {page}
        <div class="product-page__end" node_ref=sentinel></div>
    }
}

/// Calls `then` once, when `el` comes within 300 px of the viewport (a
/// little more than a flick of the thumb); at once where
/// IntersectionObserver is missing.
fn when_near(el: &web_sys::Element, then: impl Fn() + 'static) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let then = std::rc::Rc::new(then);
    let on_change = {
        let then = then.clone();
        Closure::<dyn FnMut(js_sys::Array, web_sys::IntersectionObserver)>::new(
            move |entries: js_sys::Array, observer: web_sys::IntersectionObserver| {
                let near =
                    entries.iter().any(|e| e.unchecked_into::<web_sys::IntersectionObserverEntry>().is_intersecting());
                if near {
                    observer.disconnect();
                    then();
                }
            },
        )
    };
    let options = web_sys::IntersectionObserverInit::new();
    options.set_root_margin("300px 0px");
    match web_sys::IntersectionObserver::new_with_options(on_change.as_ref().unchecked_ref(), &options) {
        Ok(observer) => {
            observer.observe(el);
            // Lives as long as the page: the observer calls it until it
            // disconnects, and a page shows one product page at a time.
            on_change.forget();
        }
        Err(_) => then(),
    }
}
