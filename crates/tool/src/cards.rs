//! The share cards of a catalogue: one per product and the site's, rendered
//! by `share_card` on every core, each with a short content hash for its
//! URL (`?v=…`).

use crate::links::Site;
use crate::markup::version_of;
use crate::share_card::{CardRenderer, ProductCard, SiteCard};
use nttmart_domain::catalog::{Catalog, Product};
use nttmart_domain::Lang;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// One rendered card.
pub struct Card {
    pub png: Vec<u8>,
    /// Short content hash, appended to the card's URL (`?v=…`) so a changed
    /// card is fetched again by previews that cache images by URL.
    pub version: String,
}

impl Card {
    fn of(png: Vec<u8>) -> Card {
        Card { version: version_of(&png), png }
    }
}

/// The site-wide card (the home page's `og:image`): the tagline over four
/// category illustrations.
pub fn site_card(renderer: &CardRenderer, catalog: &Catalog, assets: &Path, site: &Site) -> Result<Card, String> {
    let card = SiteCard {
        tagline: catalog.store.tagline.clone(),
        facts: format!(
            "{} produk desa · {} kabupaten/kota",
            catalog.products.len(),
            nttmart_domain::kabupaten::ALL.len()
        ),
        images: ["kopi", "tenun", "madu", "gula"]
            .iter()
            .map(|c| assets.join(format!("img/category/{c}.svg")))
            .filter(|p| p.is_file())
            .filter_map(|p| std::fs::canonicalize(p).ok())
            .collect(),
        site: site.host.clone(),
    };
    renderer.site_png(&card).map(Card::of).map_err(|e| format!("site card: {e}"))
}

/// The illustration of a product's card: its first image when that is a file
/// in the assets folder, else its category's illustration.
fn card_image(assets: &Path, site_root: &Path, product: &Product) -> Option<PathBuf> {
    // A photo: its encoded JPEG of about 640 px, which the photo step has
    // just written into the site (issue 16).
    if let Some(img) = product.images.first() {
        if let Some(p) = &img.photo {
            let file = site_root.join(nttmart_domain::photo::fallback(&img.src, p).trim_start_matches('/'));
            if file.is_file() {
                return std::fs::canonicalize(file).ok();
            }
        }
    }
    let local = |rel: &str| -> Option<PathBuf> {
        let rel = rel.trim_start_matches('/');
        if rel.is_empty() || rel.contains("..") || rel.contains('\\') || rel.contains("://") {
            return None;
        }
        let path = assets.join(rel);
        if path.is_file() {
            std::fs::canonicalize(path).ok()
        } else {
            None
        }
    };
    product
        .images
        .first()
        .and_then(|img| local(&img.src))
        .or_else(|| local(&format!("img/category/{}.svg", product.category)))
}

fn product_card(catalog: &Catalog, product: &Product, assets: &Path, site_root: &Path, site: &Site) -> ProductCard {
    let village = catalog.village(&product.village).map(|v| format!("Desa {}", v.name)).unwrap_or_default();
    ProductCard {
        name: product.name.clone(),
        price: product.price_text(Lang::Id),
        unit: product.unit.clone(),
        category: catalog.category(&product.category).map(|c| c.name.id.clone()).unwrap_or_default(),
        village,
        kabupaten: catalog.kabupaten_of(product).map(|k| k.full_name()).unwrap_or_default(),
        image: card_image(assets, site_root, product),
        site: site.host.clone(),
    }
}

/// Every product's card, in the order of `products`, rendered on every
/// core. `site_root` holds the photos the photo step wrote.
pub fn product_cards(
    renderer: &CardRenderer,
    catalog: &Catalog,
    products: &[&Product],
    assets: &Path,
    site_root: &Path,
    site: &Site,
) -> Result<Vec<Card>, String> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Result<Card, String>>>> = Mutex::new((0..products.len()).map(|_| None).collect());
    let workers =
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).clamp(1, 8).min(products.len().max(1));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(product) = products.get(i) else {
                    break;
                };
                let card = product_card(catalog, product, assets, site_root, site);
                let result = renderer
                    .product_png(&card)
                    .map(Card::of)
                    .map_err(|e| format!("share card of {}: {e}", product.slug));
                results.lock().expect("no worker panics")[i] = Some(result);
            });
        }
    });
    results.into_inner().expect("no worker panics").into_iter().map(|r| r.expect("every card was rendered")).collect()
}
