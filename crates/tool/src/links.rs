//! The site's addresses as pages, cards, the sitemap and the feed name
//! them: absolute URLs from the feed's `base_url`, product pages, pictures
//! as files. A leaf beside `markup`.

use nttmart_domain::catalog::{Catalog, Image, Product};
use nttmart_domain::photo;

/// Absolute URLs of the site.
#[derive(Clone, Debug)]
pub struct Site {
    pub base: String,
    /// `nttmart.nttprov.go.id`, shown on the share cards.
    pub host: String,
}

impl Site {
    pub fn new(catalog: &Catalog) -> Site {
        let base = base_url(catalog);
        let host = base.split_once("://").map(|(_, rest)| rest).unwrap_or(&base).to_string();
        Site { base, host }
    }
}

pub fn base_url(catalog: &Catalog) -> String {
    catalog.store.base_url.trim().trim_end_matches('/').to_string()
}

/// `https://nttmart.nttprov.go.id/produk/<slug>`
pub fn product_url(catalog: &Catalog, product: &Product) -> String {
    format!("{}/produk/{}", base_url(catalog), product.slug)
}

/// An image of the feed as an absolute URL (`https://` ones stay as they are).
pub fn absolute(catalog: &Catalog, src: &str) -> String {
    if src.starts_with("https://") || src.starts_with("http://") {
        src.to_string()
    } else {
        format!("{}/{}", base_url(catalog), src.trim_start_matches('/'))
    }
}

/// An image's address as a file a link preview or crawler can fetch: a
/// photo's largest JPEG, else the image itself (`picture_src`).
pub fn picture_file(img: &Image) -> String {
    match &img.photo {
        Some(p) => {
            let w = *photo::widths(p.width).last().unwrap_or(&p.width);
            format!("/{}", photo::file(&img.src, w, "jpg"))
        }
        None => picture_src(&img.src),
    }
}

/// A feed picture as the site's pages link it: `https://` ones as they are,
/// the site's own from the root.
pub fn picture_src(src: &str) -> String {
    if src.starts_with("https://") {
        src.to_string()
    } else {
        format!("/{}", src.trim_start_matches('/'))
    }
}

/// Slugs become folder names: only `a-z`, `0-9` and `-` (the feed validator
/// enforces the same; checked again because this writes files).
pub fn is_safe_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.len() <= 200
        && slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_that_could_leave_the_folder_are_refused() {
        assert!(is_safe_slug("kopi-arabika-250-g"));
        for bad in ["", "../etc", "Kopi", "a/b", "a.b", &"a".repeat(201)] {
            assert!(!is_safe_slug(bad), "{bad}");
        }
    }

    #[test]
    fn pictures_from_the_root_or_as_they_are() {
        assert_eq!(picture_src("img/category/kopi.svg"), "/img/category/kopi.svg");
        assert_eq!(picture_src("/img/x.svg"), "/img/x.svg");
        assert_eq!(picture_src("https://cdn.example/x.jpg"), "https://cdn.example/x.jpg");
    }
}
