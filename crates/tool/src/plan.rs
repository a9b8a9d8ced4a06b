//! What one run of `nttmart pages` writes where, decided before anything
//! is rendered: the products that get a page and a card (safe slugs only),
//! the pages of earlier runs whose products left the feed, and which
//! `catalog.json` the feed files are made from.

use crate::links::is_safe_slug;
use crate::shell::BLOCK_START;
use nttmart_domain::catalog::{Catalog, Product};
use std::collections::BTreeSet;
use std::path::Path;

/// The staff's whole feed, at the site root.
pub const FEED: &str = "catalog.json";
/// The app shell, at the site root.
pub const SHELL: &str = "index.html";

/// `produk/<slug>/index.html`
pub fn page_path(slug: &str) -> String {
    format!("produk/{slug}/index.html")
}

/// `share/<slug>.png`
pub fn card_path(slug: &str) -> String {
    format!("share/{slug}.png")
}

pub struct Plan<'c> {
    /// The products that get a page and a card, in feed order.
    pub pages: Vec<&'c Product>,
    /// Slugs of pages an earlier run wrote (they carry the head block) for
    /// products no longer in the feed.
    pub stale: Vec<String>,
}

impl<'c> Plan<'c> {
    pub fn new(catalog: &'c Catalog, out: &Path) -> Plan<'c> {
        let pages: Vec<&Product> = catalog.products.iter().filter(|p| is_safe_slug(&p.slug)).collect();
        let keep: BTreeSet<&str> = pages.iter().map(|p| p.slug.as_str()).collect();
        let mut stale: Vec<String> = std::fs::read_dir(out.join("produk"))
            .into_iter()
            .flatten()
            .flatten()
            .filter(|e| e.path().is_dir())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|slug| !keep.contains(slug.as_str()))
            // Only pages this tool made: a folder staff put there stays.
            .filter(|slug| {
                std::fs::read_to_string(out.join(page_path(slug))).is_ok_and(|html| html.contains(BLOCK_START))
            })
            .collect();
        stale.sort();
        Plan { pages, stale }
    }

    /// Removes the stale pages and their cards. Returns how many pages went.
    pub fn remove_stale(&self, out: &Path) -> usize {
        let mut removed = 0;
        for slug in &self.stale {
            if std::fs::remove_file(out.join(page_path(slug))).is_ok() {
                let _ = std::fs::remove_dir(out.join("produk").join(slug));
                let _ = std::fs::remove_file(out.join(card_path(slug)));
                removed += 1;
            }
        }
        removed
    }
}

/// The `catalog.json` in `out` as the app can tell it apart: its
/// `Last-Modified` as a web server sends it (the file's modification time,
/// to the second), which a HEAD request compares cheaply, and its digest,
/// for when only the time changed (a copy that does not keep file times):
/// `Sat, 06 Dec 2025 03:25:00 GMT; fnv=0123456789abcdef`. `None` without
/// the file.
pub fn feed_source(out: &Path) -> Option<String> {
    let path = out.join(FEED);
    let modified = std::fs::metadata(&path).ok()?.modified().ok()?;
    let seconds = modified.duration_since(std::time::UNIX_EPOCH).ok()?.as_secs();
    let digest = nttmart_domain::digest::fnv1a64(&std::fs::read(&path).ok()?);
    Some(format!("{}; fnv={digest:016x}", nttmart_domain::date::http_date(seconds)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Catalog {
        let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../public/catalog.json")).unwrap();
        nttmart_domain::feed::parse(&bytes).unwrap().catalog.unwrap()
    }

    #[test]
    fn pages_for_safe_slugs_and_stale_pages_of_this_tool_only() {
        let mut catalog = catalog();
        catalog.products[0].slug = "../escape".into();
        let dir = tempfile::tempdir().unwrap();
        let made = |slug: &str, html: &str| {
            std::fs::create_dir_all(dir.path().join("produk").join(slug)).unwrap();
            std::fs::write(dir.path().join(page_path(slug)), html).unwrap();
        };
        made("gone-product", &format!("<head>{BLOCK_START}</head>"));
        made("staff-folder", "<p>kept</p>");
        made(&catalog.products[1].slug.clone(), &format!("<head>{BLOCK_START}</head>"));
        let plan = Plan::new(&catalog, dir.path());
        assert_eq!(plan.pages.len(), catalog.products.len() - 1);
        assert!(plan.pages.iter().all(|p| p.slug != "../escape"));
        assert_eq!(plan.stale, ["gone-product"]);
        std::fs::create_dir_all(dir.path().join("share")).unwrap();
        std::fs::write(dir.path().join(card_path("gone-product")), "png").unwrap();
        assert_eq!(plan.remove_stale(dir.path()), 1);
        assert!(!dir.path().join("produk/gone-product").exists());
        assert!(!dir.path().join(card_path("gone-product")).exists());
        assert!(dir.path().join(page_path("staff-folder")).exists());
    }

    #[test]
    fn the_feed_source_is_the_feed_files_time_as_a_server_sends_it() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(feed_source(dir.path()), None);
        let mut file = std::fs::File::create(dir.path().join(FEED)).unwrap();
        std::io::Write::write_all(&mut file, b"{}").unwrap();
        file.set_modified(std::time::UNIX_EPOCH + std::time::Duration::from_millis(1_764_991_500_900)).unwrap();
        let digest = nttmart_domain::digest::fnv1a64(b"{}");
        assert_eq!(feed_source(dir.path()), Some(format!("Sat, 06 Dec 2025 03:25:00 GMT; fnv={digest:016x}")));
    }
}
