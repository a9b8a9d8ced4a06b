//! What crawlers read besides the pages: `sitemap.xml` and `robots.txt`.

use crate::links::{base_url, is_safe_slug, product_url};
use crate::markup::html;
use nttmart_domain::catalog::Catalog;

/// `sitemap.xml`: the home page, the catalog and every product, with the
/// date each product was added as its `lastmod`.
pub fn sitemap(catalog: &Catalog) -> String {
    let base = base_url(catalog);
    let latest = catalog.products.iter().map(|p| p.added.as_str()).max().unwrap_or("");
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut url = |loc: &str, lastmod: &str| {
        xml.push_str(&format!("  <url><loc>{}</loc>", html(loc)));
        if !lastmod.is_empty() {
            xml.push_str(&format!("<lastmod>{}</lastmod>", html(lastmod)));
        }
        xml.push_str("</url>\n");
    };
    url(&format!("{base}/"), latest);
    url(&format!("{base}/produk"), latest);
    for product in catalog.products.iter().filter(|p| is_safe_slug(&p.slug)) {
        url(&product_url(catalog, product), &product.added);
    }
    xml.push_str("</urlset>\n");
    xml
}

/// `robots.txt`: everything may be crawled; the sitemap's absolute URL.
pub fn robots(catalog: &Catalog) -> String {
    format!("User-agent: *\nAllow: /\n\nSitemap: {}/sitemap.xml\n", base_url(catalog))
}
