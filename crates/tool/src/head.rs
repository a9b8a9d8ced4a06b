//! The `<head>` block of each page the tool writes (between
//! `shell::BLOCK_START` and `BLOCK_END`): title, description, canonical URL,
//! Open Graph and Twitter tags for link previews, and a schema.org `Product`
//! or `ProductGroup` in JSON-LD for crawlers.

use crate::first_screen::DESCRIPTION_MAX;
use crate::links::{absolute, picture_file, product_url, Site};
use crate::markup::{html, json_for_script, summarize};
use crate::shell::{Facts, BLOCK_END, BLOCK_START};
use nttmart_domain::catalog::{Availability, Catalog, Product, Variant};
use nttmart_domain::order::percent_encode;
use nttmart_domain::Lang;
use serde_json::{json, Value};

/// The site-wide card, relative to the site root.
pub const SITE_CARD: &str = "share/ntt-mart.png";

fn meta_property(property: &str, content: &str) -> String {
    format!("  <meta property=\"{property}\" content=\"{}\">\n", html(content))
}

fn meta_name(name: &str, content: &str) -> String {
    format!("  <meta name=\"{name}\" content=\"{}\">\n", html(content))
}

/// The head block of a product page.
pub fn product_head(catalog: &Catalog, product: &Product, site: &Site, card_version: &str) -> String {
    let store = catalog.store.name.trim();
    let price = product.price_text(Lang::Id);
    let title = format!("{} — {price} | {store}", product.name);
    let og_title = format!("{} — {price}", product.name);
    let description = summarize(&product.description, DESCRIPTION_MAX);
    let url = product_url(catalog, product);
    let card = format!("{}/share/{}.png?v={card_version}", site.base, product.slug);
    let village = catalog.village(&product.village).map(|v| v.name.as_str());
    let kabupaten = catalog.kabupaten_of(product).map(|k| k.full_name());
    let origin = match (village, kabupaten) {
        (Some(v), Some(k)) => format!(", dari Desa {v}, {k}"),
        (Some(v), None) => format!(", dari Desa {v}"),
        _ => String::new(),
    };
    let image_alt = format!("{} — {price} / {}{origin}", product.name, product.unit);
    let mut images = vec![json!(card)];
    images.extend(product.images.iter().map(|i| json!(absolute(catalog, &picture_file(i)))));
    let ld = product_ld(catalog, product, &url, images, store);
    let mut head = String::new();
    head.push_str(&format!("  {BLOCK_START}\n"));
    head.push_str(&format!("  <title>{}</title>\n", html(&title)));
    head.push_str(&meta_name("description", &description));
    head.push_str(&format!("  <link rel=\"canonical\" href=\"{}\">\n", html(&url)));
    head.push_str(&meta_property("og:type", "product"));
    head.push_str(&meta_property("og:site_name", store));
    head.push_str(&meta_property("og:locale", "id_ID"));
    head.push_str(&meta_property("og:title", &og_title));
    head.push_str(&meta_property("og:description", &description));
    head.push_str(&meta_property("og:url", &url));
    head.push_str(&meta_property("og:image", &card));
    head.push_str(&meta_property("og:image:type", "image/png"));
    head.push_str(&meta_property("og:image:width", "1200"));
    head.push_str(&meta_property("og:image:height", "630"));
    head.push_str(&meta_property("og:image:alt", &image_alt));
    // The lowest: what "mulai" promises.
    head.push_str(&meta_property("product:price:amount", &product.lowest_price().0.to_string()));
    head.push_str(&meta_property("product:price:currency", "IDR"));
    head.push_str(&meta_name("twitter:card", "summary_large_image"));
    head.push_str(&meta_name("twitter:title", &og_title));
    head.push_str(&meta_name("twitter:description", &description));
    head.push_str(&meta_name("twitter:image", &card));
    head.push_str(&meta_name("twitter:image:alt", &image_alt));
    head.push_str(&format!("  <script type=\"application/ld+json\">{}</script>\n", json_for_script(&ld)));
    head.push_str(&format!("  {BLOCK_END}\n"));
    head
}

/// schema.org's availability of a variant.
fn ld_availability(variant: &Variant) -> &'static str {
    match variant.availability {
        Availability::PreOrder { .. } => "https://schema.org/PreOrder",
        Availability::MadeToOrder { .. } if variant.is_orderable() => "https://schema.org/MadeToOrder",
        _ if variant.is_orderable() => "https://schema.org/InStock",
        _ => "https://schema.org/OutOfStock",
    }
}

/// A product's JSON-LD: a `Product` with one `Offer`, or, with options, a
/// `ProductGroup` whose variants are `Product`s of their own (each with its
/// `?varian=` URL) and whose `AggregateOffer` spans their prices.
fn product_ld(catalog: &Catalog, product: &Product, url: &str, images: Vec<Value>, store: &str) -> Value {
    let description = product.description.split_whitespace().collect::<Vec<_>>().join(" ");
    if product.options.is_empty() {
        let v = product.first_variant();
        return json!({
            "@context": "https://schema.org",
            "@type": "Product",
            "name": product.name,
            "description": description,
            "image": images,
            "sku": product.id,
            "url": url,
            "brand": {"@type": "Brand", "name": store},
            "offers": {
                "@type": "Offer",
                "price": v.price.0,
                "priceCurrency": "IDR",
                "availability": ld_availability(v),
                "url": url,
            },
        });
    }
    let variants: Vec<Value> = product
        .variants
        .iter()
        .map(|v| {
            let vurl = format!("{url}?varian={}", percent_encode(&v.id));
            let image: Vec<Value> =
                product.images_for(v).iter().map(|i| json!(absolute(catalog, &picture_file(i)))).collect();
            let mut item = json!({
                "@type": "Product",
                "name": product.line_name(v),
                "sku": v.id,
                "image": image,
                "url": vurl,
                "offers": {
                    "@type": "Offer",
                    "price": v.price.0,
                    "priceCurrency": "IDR",
                    "availability": ld_availability(v),
                    "url": vurl,
                },
            });
            for (option, value) in product.options.iter().zip(&v.values) {
                item[option.name.en.to_lowercase().replace(' ', "_")] = json!(value);
            }
            item
        })
        .collect();
    json!({
        "@context": "https://schema.org",
        "@type": "ProductGroup",
        "name": product.name,
        "description": description,
        "image": images,
        "productGroupID": product.id,
        "url": url,
        "brand": {"@type": "Brand", "name": store},
        "variesBy": product.options.iter().map(|o| o.name.en.clone()).collect::<Vec<_>>(),
        "offers": {
            "@type": "AggregateOffer",
            "lowPrice": product.lowest_price().0,
            "highPrice": product.highest_price().0,
            "offerCount": product.variants.len(),
            "priceCurrency": "IDR",
        },
        "hasVariant": variants,
    })
}

/// The head block of the shell (home page and every route without a page of
/// its own). No `og:url` or canonical link here: the shell also answers
/// `/tentang`, `/desa/…` and unknown paths, which must not all claim to be
/// the home page.
pub fn home_head(catalog: &Catalog, shell: &Facts, site: &Site, card_version: &str) -> String {
    let store = catalog.store.name.trim();
    let title = shell.title.clone().filter(|t| !t.is_empty()).unwrap_or_else(|| store.to_string());
    let description = shell
        .description
        .as_deref()
        .map(|d| summarize(d, DESCRIPTION_MAX + 40))
        .filter(|d| !d.is_empty())
        .unwrap_or_else(|| summarize(&catalog.store.tagline, DESCRIPTION_MAX));
    let card = format!("{}/{SITE_CARD}?v={card_version}", site.base);
    let alt = format!("{store} — {}", catalog.store.tagline.trim());
    let mut head = String::new();
    head.push_str(&format!("  {BLOCK_START}\n"));
    head.push_str(&meta_property("og:type", "website"));
    head.push_str(&meta_property("og:site_name", store));
    head.push_str(&meta_property("og:locale", "id_ID"));
    head.push_str(&meta_property("og:title", &title));
    head.push_str(&meta_property("og:description", &description));
    head.push_str(&meta_property("og:image", &card));
    head.push_str(&meta_property("og:image:type", "image/png"));
    head.push_str(&meta_property("og:image:width", "1200"));
    head.push_str(&meta_property("og:image:height", "630"));
    head.push_str(&meta_property("og:image:alt", &alt));
    head.push_str(&meta_name("twitter:card", "summary_large_image"));
    head.push_str(&meta_name("twitter:title", &title));
    head.push_str(&meta_name("twitter:description", &description));
    head.push_str(&meta_name("twitter:image", &card));
    head.push_str(&meta_name("twitter:image:alt", &alt));
    head.push_str(&format!("  {BLOCK_END}\n"));
    head
}
