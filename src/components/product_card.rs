use crate::components::add_to_cart::AddToCartButton;
use crate::components::badges::CertBadges;
use crate::i18n::tr;
use leptos::prelude::*;
use leptos_router::components::A;
use nttmart_domain::Catalog;
use std::sync::Arc;

/// Site-root URL of a feed image path (`img/x.svg` → `/img/x.svg`); https
/// URLs pass through.
pub fn image_url(src: &str) -> String {
    if src.starts_with("https://") {
        src.to_string()
    } else {
        format!("/{}", src.trim_start_matches('/'))
    }
}

/// What a card shows a photo with (`components::picture::card_picture`).
/// A function passed in rather than called here, so only the pages loaded
/// on demand link the photo markup: the home page's cards, in the main
/// module, show a photographed product with its category's illustration
/// (one file for all of them) and keep the first load within budget.
pub type CardPicture = fn(&nttmart_domain::catalog::Image, bool) -> AnyView;

/// One product in a grid. `index` points into `catalog.products`. Its
/// picture loads when it nears the screen, unless `eager`: for the cards a
/// phone shows on its first screen, which should not wait for the lazy
/// loader's extra frame (and, on the home page, whose pictures are all in
/// one file anyway). With `picture`, a photo is shown as such.
#[component]
pub fn ProductCard(
    catalog: Arc<Catalog>,
    index: u32,
    #[prop(optional)] eager: bool,
    #[prop(optional)] picture: Option<CardPicture>,
) -> impl IntoView {
    let product = catalog.products[index as usize].clone();
    let origin = match (catalog.village(&product.village), catalog.kabupaten_of(&product)) {
        (Some(v), Some(k)) => format!("{} · {}", v.name, k.name),
        _ => String::new(),
    };
    let image = product.images.first().cloned();
    let sold_out = !product.is_orderable();
    let href = format!("/produk/{}", product.slug);
    let for_button = product.clone();
    let id = product.id.clone();
    // The brand mark is the same words in both languages (issue 16).
    let mark = "Produk Desa";
    let sold_out_text = tr("Stok habis", "Sold out");
    view! {
        <article class="product-card" data-product-id=id>
            <A href=href attr:class="product-card__link">
                <div class="product-card__media">
                    {image.map(|img| match (picture, img.photo.is_some()) {
                        (Some(show), _) => show(&img, eager),
                        (None, photo) => {
                            let src = if photo { format!("img/category.svg#{}", product.category) } else { img.src };
                            view! {
                                <img src=image_url(&src) alt="" loading=if eager { "eager" } else { "lazy" } decoding="async" width="400" height="300"/>
                            }.into_any()
                        }
                    })}
                    <span class="product-card__mark">{mark}</span>
                </div>
                <div class="product-card__body">
                    <h3 class="product-card__name">{product.name.clone()}</h3>
                    <p class="product-card__origin">{origin}</p>
                    // "mulai" / "from" is the stylesheet's (`:lang`): words
                    // in a view would cost every first page their code.
                    <p class="product-card__price" class:product-card__price--from=product.price_varies()>
                        <data value=product.lowest_price().0.to_string()>{product.lowest_price().to_string()}</data>
                        <span class="product-card__unit">" / "{product.unit.clone()}</span>
                    </p>
                    {sold_out.then(|| view! { <p class="product-card__stock">{sold_out_text}</p> })}
                    <CertBadges certs=product.certifications.clone()/>
                </div>
            </A>
            <AddToCartButton product=for_button/>
        </article>
    }
}
