//! Before publishing: the chosen product as a card, as the top of its
//! product page and as its share card (the link preview in WhatsApp), with
//! the shop's own styles; and the photos staff dropped, checked against the
//! sheet.

use super::files::Photo;
use super::Work;
use leptos::prelude::*;
use nttmart_domain::catalog::{Catalog, Halal, Product};
use nttmart_domain::photo::{MIN_HEIGHT, MIN_WIDTH};
use nttmart_domain::Lang;
use std::collections::HashMap;

/// A picture's address for the preview: a photo dropped here under the
/// same file name, else an illustration the site has, else the photo the
/// site shows now for that product's image (`true`: from the last
/// publish, which a new photo replaces only when it is published).
fn picture(
    product: &str,
    position: usize,
    src: &str,
    photos: &[Photo],
    published: &HashMap<String, String>,
) -> Option<(String, bool)> {
    let name = src.rsplit('/').next().unwrap_or(src);
    if let Some(p) = photos.iter().find(|p| p.name == name) {
        return Some((p.url.clone(), false));
    }
    if src.ends_with(".svg") {
        return Some((crate::components::product_card::image_url(src), false));
    }
    published.get(&format!("{product}#{position}")).map(|url| (url.clone(), true))
}

/// The photos the site shows now, by `<product id>#<position>`: the index
/// feed phones read names their web copies (the published feed keeps no
/// source file names).
pub(super) async fn published_photos() -> HashMap<String, String> {
    let Ok(response) = gloo_net::http::Request::get("/katalog/index.json").send().await else {
        return HashMap::new();
    };
    let Some(bytes) = response.binary().await.ok().filter(|_| response.ok()) else {
        return HashMap::new();
    };
    let Some(index) = nttmart_domain::feed::parse_index(&bytes).ok().and_then(|p| p.catalog) else {
        return HashMap::new();
    };
    let mut out = HashMap::new();
    for product in &index.products {
        for (i, image) in product.images.iter().enumerate().filter(|(_, i)| i.photo.is_some()) {
            out.insert(format!("{}#{i}", product.id), format!("/{}", nttmart_domain::photo::single(image, 640)));
        }
    }
    out
}

fn origin(catalog: &Catalog, product: &Product) -> String {
    match (catalog.village(&product.village), catalog.kabupaten_of(product)) {
        (Some(v), Some(k)) => format!("{} · {}", v.name, k.name),
        _ => String::new(),
    }
}

#[component]
pub(super) fn Previews(
    work: RwSignal<Option<Work>>,
    selected: RwSignal<Option<usize>>,
    photos: Signal<Vec<Photo>>,
    published: RwSignal<HashMap<String, String>>,
    lang: RwSignal<Lang>,
) -> impl IntoView {
    move || {
        let l = lang.get();
        let index = selected.get()?;
        let photos = photos.get();
        let published = published.get();
        work.with(|w| {
            let w = w.as_ref()?;
            let p = w.catalog.products.get(index)?;
            let found = p.images.first().and_then(|i| picture(&p.id, 0, &i.src, &photos, &published));
            let live = found.as_ref().is_some_and(|(_, live)| *live);
            let image = found.map(|(url, _)| url);
            let missing = p.images.first().map(|i| i.src.clone()).unwrap_or_default();
            let art = move |class: &'static str| match image.clone() {
                Some(src) => view! { <img class=class src=src alt="" width="400" height="300"/> }.into_any(),
                None => view! {
                    <div class=format!("{class} staf-preview__nophoto")>
                        {l.pick(format!("Foto {missing}: dibuat saat publish"), format!("Photo {missing}: made at publish"))}
                    </div>
                }
                .into_any(),
            };
            let price = if p.price_varies() {
                format!("{} {}", l.pick("Mulai", "From"), p.lowest_price())
            } else {
                p.lowest_price().to_string()
            };
            let origin = origin(&w.catalog, p);
            let halal = match &p.certifications.halal {
                Halal::Certified { .. } => Some("Halal"),
                Halal::NotHalal => Some(l.pick("Non-halal", "Not halal")),
                Halal::NotApplicable => None,
            };
            let certs: Vec<&str> = halal
                .into_iter()
                .chain(p.certifications.bpom.as_ref().map(|_| "BPOM"))
                .chain(p.certifications.pirt.as_ref().map(|_| "P-IRT"))
                .collect();
            let certs_view = certs.iter().map(|c| view! { <li class="badge">{c.to_string()}</li> }).collect_view();
            let description: String = p.description.chars().take(280).collect();
            let share_label = format!("{} — {price}", p.name);
            Some(view! {
                <section class="staf-preview" aria-labelledby="staf-preview-title">
                    <h2 id="staf-preview-title">{l.pick("Pratinjau: ", "Preview: ")}{p.name.clone()}</h2>
                    {live.then(|| view! {
                        <p class="staf-preview__note">{l.pick(
                            "Foto: yang tayang di situs sekarang. Foto baru tampil setelah publish (atau seret fotonya ke sini untuk melihatnya).",
                            "Photo: the one the site shows now. A new photo shows after publishing (or drop it here to see it).",
                        )}</p>
                    })}
                    <div class="staf-preview__grid">
                        <figure>
                            <figcaption>{l.pick("Kartu produk", "Product card")}</figcaption>
                            <article class="product-card staf-preview__card">
                                <div class="product-card__media">{art("product-card__img")}<span class="product-card__mark">"Produk Desa"</span></div>
                                <div class="product-card__body">
                                    <h3 class="product-card__name">{p.name.clone()}</h3>
                                    <p class="product-card__origin">{origin.clone()}</p>
                                    <p class="product-card__price" class:product-card__price--from=p.price_varies()>{p.lowest_price().to_string()}<span class="product-card__unit">" / "{p.unit.clone()}</span></p>
                                </div>
                            </article>
                        </figure>
                        <figure>
                            <figcaption>{l.pick("Halaman produk", "Product page")}</figcaption>
                            <div class="staf-preview__page">
                                {art("staf-preview__hero")}
                                <p class="staf-preview__mark">"Produk Desa · "{origin.clone()}</p>
                                <h3>{p.name.clone()}</h3>
                                <p class="staf-preview__price">{price.clone()}" / "{p.unit.clone()}</p>
                                <ul class="badges">{certs_view}</ul>
                                <p>{description}</p>
                            </div>
                        </figure>
                        <figure>
                            <figcaption>{l.pick("Kartu bagikan (pratinjau tautan di WhatsApp)", "Share card (the link preview in WhatsApp)")}</figcaption>
                            <div class="staf-preview__share" role="img" aria-label=share_label>
                                {art("staf-preview__share-art")}
                                <div class="staf-preview__share-text">
                                    <p class="staf-preview__share-brand">"NTT Mart · Produk Desa"</p>
                                    <p class="staf-preview__share-name">{p.name.clone()}</p>
                                    <p class="staf-preview__share-price">{price}</p>
                                    <p>{origin}</p>
                                </div>
                            </div>
                        </figure>
                    </div>
                </section>
            })
        })
    }
}

/// The photos dropped: which products name them, and whether they are big
/// enough; and the photos the sheet names that were not dropped.
#[component]
pub(super) fn PhotoCheck(
    work: RwSignal<Option<Work>>,
    photos: Signal<Vec<Photo>>,
    lang: RwSignal<Lang>,
) -> impl IntoView {
    move || {
        let l = lang.get();
        let photos = photos.get();
        if photos.is_empty() {
            return None;
        }
        let named: Vec<(String, String)> = work.with(|w| {
            w.as_ref()
                .map(|w| {
                    w.catalog
                        .products
                        .iter()
                        .flat_map(|p| p.images.iter().map(move |i| (i.src.clone(), p.id.clone())))
                        .collect()
                })
                .unwrap_or_default()
        });
        let rows = photos
            .into_iter()
            .map(|photo| {
                let users: Vec<String> = named
                    .iter()
                    .filter(|(src, _)| src.rsplit('/').next() == Some(photo.name.as_str()))
                    .map(|(_, id)| id.clone())
                    .collect();
                let size = RwSignal::new(None::<(u32, u32)>);
                let on_load = move |ev: leptos::ev::Event| {
                    let img: web_sys::HtmlImageElement = event_target(&ev);
                    size.set(Some((img.natural_width(), img.natural_height())));
                };
                let used = if users.is_empty() {
                    l.pick("Tidak disebut di lembar produk (kolom gambar).".to_string(), "Not named in the product sheet (gambar column).".to_string())
                } else {
                    l.pick(format!("Dipakai oleh {}.", users.join(", ")), format!("Used by {}.", users.join(", ")))
                };
                view! {
                    <li class="staf-photo">
                        <img src=photo.url.clone() alt="" width="96" height="72" on:load=on_load/>
                        <span><strong>{photo.name.clone()}</strong>" · "{super::size(photo.bytes as usize)}" · "{used}" "
                            {move || size.get().map(|(w, h)| {
                                let small = w.min(h) < MIN_HEIGHT || w.max(h) < MIN_WIDTH;
                                let text = if small {
                                    l.pick(format!("{w} × {h} piksel: terlalu kecil, perlu paling sedikit {MIN_WIDTH} × {MIN_HEIGHT}."), format!("{w} × {h} pixels: too small, needs at least {MIN_WIDTH} × {MIN_HEIGHT}."))
                                } else {
                                    format!("{w} × {h} px.")
                                };
                                view! { <span class:staf-photo__small=small>{text}</span> }
                            })}
                        </span>
                    </li>
                }
            })
            .collect_view();
        Some(view! {
            <section class="staf-photos" aria-labelledby="staf-photos-title">
                <h2 id="staf-photos-title">{l.pick("Foto", "Photos")}</h2>
                <p>{l.pick(
                    "Foto diperiksa di sini; ukuran untuk web (AVIF, WebP, JPEG) dibuat oleh langkah publish. Salin foto ke folder img/foto situs.",
                    "Photos are checked here; their web sizes (AVIF, WebP, JPEG) are made by the publish step. Copy them to the site's img/foto folder.",
                )}</p>
                <ul class="staf-photo-list">{rows}</ul>
            </section>
        })
    }
}
