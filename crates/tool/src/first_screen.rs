//! The first screen of a product's static page (what shows before the app
//! has loaded, or in a browser that cannot run it) and the pictures of the
//! pages the tool writes, mirroring the app's markup.

use crate::links::{picture_src, product_url};
use crate::markup::{html, summarize};
use nttmart_domain::catalog::{Catalog, Image, Product};
use nttmart_domain::order::percent_encode;
use nttmart_domain::{photo, quick_order, Lang};

/// Longest meta description and first-screen summary, in characters.
pub const DESCRIPTION_MAX: usize = 160;

/// The top of a product's page as the app renders it (src/pages/product.rs:
/// breadcrumb, picture, name, price), for index.html's first screen, so a
/// shared link shows the product itself while the app loads.
pub fn product_first_screen(catalog: &Catalog, product: &Product) -> String {
    let category = catalog.category(&product.category).map(|c| c.name.id.as_str()).unwrap_or_default();
    let picture = product.images.first().map(|img| picture_html(img, photo::PAGE_SIZES, true)).unwrap_or_default();
    let url = product_url(catalog, product);
    // What a customer can do before the app has loaded, or in a browser
    // that cannot run it: order this product from its outlet, or pass the
    // link on. Plain links, so they work without any script.
    let order = quick_order::link(catalog, product, product.default_variant(), &url, Lang::Id)
        .map(|href| {
            format!(
                r#"<a class="button button--primary product-page__quick" href="{}" target="_blank" rel="noopener noreferrer">Pesan lewat WhatsApp</a>"#,
                html(&href)
            )
        })
        .unwrap_or_default();
    let share = format!("https://wa.me/?text={}", percent_encode(&format!("{} — {url}", product.name)));
    format!(
        r#"<article class="product-page">
        <nav class="breadcrumb" aria-label="Jejak"><a href="/">Beranda</a> › <a href="/produk">Produk</a> › <span>{category}</span></nav>
        <div class="product-page__top"><div class="gallery"><div class="gallery__stage product-page__media">{picture}<span class="product-card__mark">Produk Desa</span></div></div>
        <div class="product-page__buy"><h1>{name}</h1>
        <p class="product-page__price">{price}<span class="product-card__unit"> / {unit}</span></p>
        <div class="share">{order}<a class="button share__wa" href="{share}" target="_blank" rel="noopener noreferrer">Bagikan</a></div></div></div>
        <p class="product-page__summary">{description}</p>
      </article>"#,
        category = html(category),
        name = html(&product.name),
        price = html(&product.price_text(Lang::Id)),
        unit = html(&product.unit),
        share = html(&share),
        description = html(&summarize(&product.description, DESCRIPTION_MAX)),
    )
}

/// An image as the pages the build writes show it, mirroring
/// src/components/picture.rs: a photo as `<picture>` (AVIF, WebP, JPEG
/// srcsets with `sizes`) over its blurred placeholder (an inline `data:`
/// picture: the Content-Security-Policy allows no inline style for a
/// background colour), an illustration as `<img>`. `first`: the page's main
/// picture, loaded at once with high priority; otherwise lazily.
pub fn picture_html(img: &Image, sizes: &str, first: bool) -> String {
    let loading = if first { r#" fetchpriority="high""# } else { r#" loading="lazy""# };
    let Some(p) = &img.photo else {
        return format!(
            r#"<img src="{}" alt="{}" width="400" height="300"{loading}>"#,
            html(&picture_src(&img.src)),
            html(&img.alt)
        );
    };
    // The blurred copy only under a page's main picture: a list of cards
    // (the simple home page) would carry ~500 bytes a card for it.
    let placeholder = if p.placeholder.is_empty() || !first {
        String::new()
    } else {
        format!(
            r#"<img class="placeholder" src="{}" alt="" width="{}" height="{}">"#,
            html(&p.placeholder),
            p.width,
            p.height
        )
    };
    format!(
        r#"{placeholder}<picture><source type="image/avif" srcset="{avif}" sizes="{sizes}"><source type="image/webp" srcset="{webp}" sizes="{sizes}"><img class="photo" src="{src}" srcset="{jpg}" sizes="{sizes}" alt="{alt}" width="{w}" height="{h}" decoding="async"{loading}></picture>"#,
        avif = photo::srcset(&img.src, p, "avif"),
        webp = photo::srcset(&img.src, p, "webp"),
        jpg = photo::srcset(&img.src, p, "jpg"),
        src = photo::fallback(&img.src, p),
        sizes = html(sizes),
        alt = html(&img.alt),
        w = p.width,
        h = p.height,
    )
}
