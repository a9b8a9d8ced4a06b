//! Benchmark harness for `scripts/bench-search`: exposes the storefront's own
//! feed parser, search index and browser to JavaScript so that a page can
//! time them with `performance.now()` next to MiniSearch and Fuse.js on the
//! same catalog. Nothing here is shipped; the work done is exactly what the
//! app does (`feed::parse`, `Browser::build`, `Browser::run`).

use nttmart_domain::browse::{Browser, Query};
use nttmart_domain::search::SearchIndex;
use nttmart_domain::{feed, kabupaten, Catalog};
use std::cell::OnceCell;
use wasm_bindgen::prelude::*;

/// A loaded catalog: parsed, validated and indexed, as the app holds it.
#[wasm_bindgen]
pub struct Bench {
    catalog: Catalog,
    browser: Browser,
    /// A standalone search index for search-only timings, built on first use
    /// so that `new` costs exactly what the app's load costs.
    index: OnceCell<SearchIndex>,
}

/// Parses and validates a feed, returning its catalog or a readable error.
fn load(bytes: &[u8]) -> Result<Catalog, String> {
    let parsed = feed::parse(bytes).map_err(|e| format!("feed is not JSON: {e}"))?;
    let errors = parsed.errors().count();
    match parsed.catalog {
        Some(catalog) => Ok(catalog),
        None => Err(format!("feed is unusable ({errors} errors)")),
    }
}

#[wasm_bindgen]
impl Bench {
    /// Parse + validate + `Browser::build`: the app's load path.
    #[wasm_bindgen(constructor)]
    pub fn new(bytes: &[u8]) -> Result<Bench, String> {
        let catalog = load(bytes)?;
        let browser = Browser::build(&catalog);
        Ok(Bench { catalog, browser, index: OnceCell::new() })
    }

    pub fn products(&self) -> u32 {
        self.catalog.products.len() as u32
    }

    /// Search only: the inverted-index lookup, AND of all words, scores, in
    /// document order (no facets, no sort). Returns the hit count.
    pub fn search_count(&self, q: &str) -> u32 {
        self.index.get_or_init(|| SearchIndex::build(&self.catalog)).search(q).len() as u32
    }

    /// The full `Browser::run` for a typed query with no filters chosen:
    /// search, filter checks, every facet count and the relevance sort.
    pub fn run_count(&self, q: &str) -> u32 {
        self.browser.run(&Query { text: q.to_owned(), ..Query::default() }).hits.len() as u32
    }

    /// `Browser::build` alone on the already parsed catalog (for the
    /// parse-versus-index breakdown). The result is handed back so that
    /// JavaScript frees it outside the timed region.
    pub fn build_browser(&self) -> Built {
        let browser = Browser::build(&self.catalog);
        Built { len: browser.len() as u32, _browser: Some(browser), _index: None, _catalog: None }
    }

    /// `SearchIndex::build` alone; `count()` of the result is the vocabulary size.
    pub fn build_index(&self) -> Built {
        let index = SearchIndex::build(&self.catalog);
        Built { len: index.vocabulary_len() as u32, _browser: None, _index: Some(index), _catalog: None }
    }

    /// The first `limit` product ids in the app's display order for `q`, as
    /// a JSON array, for eyeballing that engines agree.
    pub fn top_ids(&self, q: &str, limit: u32) -> String {
        let results = self.browser.run(&Query { text: q.to_owned(), ..Query::default() });
        let ids: Vec<&str> =
            results.hits.iter().take(limit as usize).map(|&i| self.catalog.products[i as usize].id.as_str()).collect();
        serde_json::to_string(&ids).unwrap_or_default()
    }
}

/// Something built for a timing, kept alive until JavaScript frees it so
/// that deallocation is not timed.
#[wasm_bindgen]
pub struct Built {
    len: u32,
    _browser: Option<Browser>,
    _index: Option<SearchIndex>,
    _catalog: Option<Catalog>,
}

#[wasm_bindgen]
impl Built {
    pub fn count(&self) -> u32 {
        self.len
    }
}

/// `feed::parse` alone (parse + validate, no index); `count()` of the result
/// is the product count of the usable catalog.
#[wasm_bindgen]
pub fn parse_only(bytes: &[u8]) -> Result<Built, String> {
    let catalog = load(bytes)?;
    Ok(Built { len: catalog.products.len() as u32, _browser: None, _index: None, _catalog: Some(catalog) })
}

/// The kabupaten table the index uses for place names, as JSON
/// `{slug: [name, capital]}`, so the JavaScript engines can index the same
/// place words.
#[wasm_bindgen]
pub fn kabupaten_json() -> String {
    let map: serde_json::Map<String, serde_json::Value> =
        kabupaten::ALL.iter().map(|k| (k.slug.to_owned(), serde_json::json!([k.name, k.capital]))).collect();
    serde_json::Value::Object(map).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sample_catalog_loads_and_searches() {
        let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../public/catalog.json")).unwrap();
        let bench = Bench::new(&bytes).unwrap();
        assert!(bench.products() > 0);
        assert_eq!(parse_only(&bytes).map(|b| b.count()), Ok(bench.products()));
        let kopi = bench.search_count("kopi");
        assert!(kopi > 0);
        assert_eq!(bench.run_count("kopi"), kopi);
        assert_eq!(bench.run_count(""), bench.products());
        assert_eq!(bench.build_browser().count(), bench.products());
        assert!(bench.build_index().count() > 0);
        assert!(top_ids_are_json(&bench.top_ids("kopi", 3)));
        assert!(kabupaten_json().contains("\"ngada\""));
        assert!(Bench::new(b"{").is_err());
    }

    fn top_ids_are_json(s: &str) -> bool {
        serde_json::from_str::<Vec<String>>(s).is_ok_and(|v| !v.is_empty() && v.len() <= 3)
    }
}

/// What a phone's first page does with the index feed (`katalog/index.json`):
/// `feed::parse_index` (options and variants read by `feed::brief`) and
/// `Browser::without_search` (the catalogue page builds the search later).
/// The catalog and browser are handed back so that JavaScript frees them
/// outside the timed region.
#[wasm_bindgen]
pub fn phone_load(bytes: &[u8]) -> Result<Built, String> {
    let parsed = feed::parse_index(bytes).map_err(|e| format!("feed is not JSON: {e}"))?;
    let catalog = parsed.catalog.ok_or("index feed is unusable")?;
    let browser = Browser::without_search(&catalog);
    Ok(Built { len: catalog.products.len() as u32, _browser: Some(browser), _index: None, _catalog: Some(catalog) })
}
