//! Browsing the catalog: a search query plus filters, sort and page, the
//! counts each filter option would give, and the mapping to and from the URL
//! query string so that any view can be shared as a link.

use crate::catalog::{Availability, Catalog, Product};
use crate::kabupaten;
use crate::search::{self, SearchIndex, WordHash};
use crate::sort;
use std::collections::HashMap;

pub const PAGE_SIZE: usize = 24;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Cert {
    Halal,
    Bpom,
    Pirt,
}

impl Cert {
    pub const ALL: [Cert; 3] = [Cert::Halal, Cert::Bpom, Cert::Pirt];

    pub fn param(self) -> &'static str {
        match self {
            Cert::Halal => "halal",
            Cert::Bpom => "bpom",
            Cert::Pirt => "pirt",
        }
    }

    fn bit(self) -> u8 {
        1 << self as u8
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sort {
    /// Best match first; without a query, featured then newest.
    #[default]
    Relevance,
    PriceAsc,
    PriceDesc,
    Newest,
    Name,
}

impl Sort {
    pub const ALL: [Sort; 5] = [Sort::Relevance, Sort::PriceAsc, Sort::PriceDesc, Sort::Newest, Sort::Name];

    pub fn param(self) -> &'static str {
        match self {
            Sort::Relevance => "relevan",
            Sort::PriceAsc => "harga-naik",
            Sort::PriceDesc => "harga-turun",
            Sort::Newest => "terbaru",
            Sort::Name => "nama",
        }
    }

    pub fn from_param(s: &str) -> Option<Sort> {
        Sort::ALL.into_iter().find(|x| x.param() == s)
    }
}

/// Within kabupaten and within categories, options are alternatives (OR);
/// certifications must all hold (AND: "Halal and BPOM"); groups combine with AND.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filters {
    pub kabupaten: Vec<String>,
    pub categories: Vec<String>,
    pub certs: Vec<Cert>,
    pub price_min: Option<u64>,
    pub price_max: Option<u64>,
    /// Ready stock: a variant sold from stock has some ("Stok tersedia").
    /// With `to_order`, either one (OR).
    pub in_stock: bool,
    /// Made to order or pre-order ("Dibuat sesuai pesanan").
    pub to_order: bool,
    pub flagship: bool,
}

impl Filters {
    pub fn is_empty(&self) -> bool {
        *self == Filters::default()
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    pub text: String,
    pub filters: Filters,
    pub sort: Sort,
    /// Zero-based page.
    pub page: usize,
}

impl Query {
    /// Reads `q`, `kabupaten`, `kategori`, `sertifikasi`, `harga_min`,
    /// `harga_max`, `stok`, `pesanan`, `ovop`, `urut` and `hal` (1-based page) from
    /// decoded query-string pairs. Lists may repeat the key or use commas.
    /// Unknown keys and unreadable values are ignored: a mangled shared link
    /// still opens the catalog.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Query {
        let mut query = Query::default();
        let f = &mut query.filters;
        for (key, value) in pairs {
            let list = || value.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned);
            match key {
                "q" => query.text = value.to_owned(),
                "kabupaten" => f.kabupaten.extend(list()),
                "kategori" => f.categories.extend(list()),
                "sertifikasi" => f.certs.extend(list().filter_map(|c| Cert::ALL.into_iter().find(|x| x.param() == c))),
                "harga_min" => f.price_min = value.trim().parse().ok(),
                "harga_max" => f.price_max = value.trim().parse().ok(),
                "stok" => f.in_stock = value == "1",
                "pesanan" => f.to_order = value == "1",
                "ovop" => f.flagship = value == "1",
                "urut" => query.sort = Sort::from_param(value).unwrap_or_default(),
                "hal" => query.page = value.trim().parse::<usize>().ok().filter(|&p| p > 0).map_or(0, |p| p - 1),
                _ => {}
            }
        }
        for list in [&mut f.kabupaten, &mut f.categories] {
            list.sort_unstable();
            list.dedup();
        }
        f.certs.sort_unstable();
        f.certs.dedup();
        query
    }

    /// The pairs for the URL, omitting defaults so links stay short; the
    /// inverse of `from_pairs`.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        let f = &self.filters;
        if !self.text.trim().is_empty() {
            out.push(("q", self.text.clone()));
        }
        if !f.kabupaten.is_empty() {
            out.push(("kabupaten", f.kabupaten.join(",")));
        }
        if !f.categories.is_empty() {
            out.push(("kategori", f.categories.join(",")));
        }
        if !f.certs.is_empty() {
            out.push(("sertifikasi", f.certs.iter().map(|c| c.param()).collect::<Vec<_>>().join(",")));
        }
        if let Some(min) = f.price_min {
            out.push(("harga_min", min.to_string()));
        }
        if let Some(max) = f.price_max {
            out.push(("harga_max", max.to_string()));
        }
        if f.in_stock {
            out.push(("stok", "1".into()));
        }
        if f.to_order {
            out.push(("pesanan", "1".into()));
        }
        if f.flagship {
            out.push(("ovop", "1".into()));
        }
        if self.sort != Sort::Relevance {
            out.push(("urut", self.sort.param().into()));
        }
        if self.page > 0 {
            out.push(("hal", (self.page + 1).to_string()));
        }
        out
    }

    /// `?q=kopi&kabupaten=ngada`, or an empty string for the default view.
    pub fn to_query_string(&self) -> String {
        let pairs = self.to_pairs();
        if pairs.is_empty() {
            return String::new();
        }
        let body: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={}", encode_component(v))).collect();
        format!("?{}", body.join("&"))
    }
}

/// Percent-encodes a query value. The comma separates list values and is
/// safe inside a query, so it stays readable: `kabupaten=ngada,sikka`.
pub fn encode_component(value: &str) -> String {
    crate::order::percent_encode(value).replace("%2C", ",")
}

/// Per-product facts used by filters and sorting, computed once.
#[derive(Clone, Debug)]
struct DocMeta {
    kabupaten: u8,
    category: u16,
    certs: u8,
    price: u64,
    in_stock: bool,
    to_order: bool,
    flagship: bool,
    featured: bool,
    /// Orders the `added` date (see `date_ranks`).
    added_rank: u32,
    name_rank: u32,
}

const NONE8: u8 = u8::MAX;
const NONE16: u16 = u16::MAX;

/// Text search, behind a trait object: a `Browser` built
/// [`without_search`](Browser::without_search) never names the index's
/// code, so the storefront's first page (home: featured products and
/// counts, no text) does not carry it; the catalogue page builds one with
/// it.
pub trait Search: Send + Sync + std::fmt::Debug {
    fn search(&self, query: &str) -> Vec<(u32, u32)>;
}

impl Search for SearchIndex {
    fn search(&self, query: &str) -> Vec<(u32, u32)> {
        SearchIndex::search(self, query)
    }
}

/// The catalog ready for browsing: the search index plus per-product facts.
#[derive(Clone, Debug, Default)]
pub struct Browser {
    /// `None`: built without search; a query with text matches nothing.
    index: Option<std::sync::Arc<dyn Search>>,
    docs: Vec<DocMeta>,
    categories: Vec<String>,
}

/// What a query gives: matching product indices in display order, and for
/// each filter option the number of results that choosing it would give.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Results {
    pub hits: Vec<u32>,
    /// Indexed like `kabupaten::ALL`.
    pub kabupaten_counts: Vec<usize>,
    /// Indexed like `Catalog::categories`.
    pub category_counts: Vec<usize>,
    /// Indexed like `Cert::ALL`.
    pub cert_counts: [usize; 3],
    pub in_stock_count: usize,
    pub to_order_count: usize,
    pub flagship_count: usize,
    /// Cheapest and dearest among the results.
    pub price_range: Option<(u64, u64)>,
}

impl Results {
    pub fn page_count(&self) -> usize {
        self.hits.len().div_ceil(PAGE_SIZE).max(1)
    }

    /// The hits on `page` (zero-based); a page past the end is empty.
    pub fn page(&self, page: usize) -> &[u32] {
        let start = (page * PAGE_SIZE).min(self.hits.len());
        let end = (start + PAGE_SIZE).min(self.hits.len());
        &self.hits[start..end]
    }
}

impl Browser {
    /// Filters, facets, sorting and text search.
    pub fn build(catalog: &Catalog) -> Browser {
        let mut browser = Browser::without_search(catalog);
        browser.index = Some(std::sync::Arc::new(SearchIndex::build(catalog)));
        browser
    }

    /// Filters, facets and sorting only (see [`Search`]).
    pub fn without_search(catalog: &Catalog) -> Browser {
        let categories: Vec<String> = catalog.categories.iter().map(|c| c.id.clone()).collect();
        let n = catalog.products.len();
        // Folded names, all in one buffer (no allocation per product), sorted.
        let mut names = String::with_capacity(catalog.products.iter().map(|p| p.name.len()).sum());
        let mut spans: Vec<(u32, u32)> = Vec::with_capacity(n); // (start, end) of each product's name
        for p in &catalog.products {
            let start = names.len() as u32;
            search::sort_key_into(p, &mut names);
            spans.push((start, names.len() as u32));
        }
        // Byte order is str order; comparing bytes skips char-boundary checks.
        let bytes = names.as_bytes();
        let key = |i: u32| {
            let (start, end) = spans[i as usize];
            (&bytes[start as usize..end as usize], i)
        };
        let mut order = sort::ids(n);
        sort::ids_by(&mut order, &mut |a, b| key(a).cmp(&key(b)));
        let mut name_rank = vec![0u32; n];
        for (rank, &i) in order.iter().enumerate() {
            name_rank[i as usize] = rank as u32;
        }
        drop(order);
        drop(spans);
        drop(names);
        let added_rank = date_ranks(catalog);
        // Each village's kabupaten and each category's position, looked up
        // once rather than once per product (the first of repeated ids wins,
        // as with `Catalog::village`).
        let mut village_kab: HashMap<&str, u8, WordHash> = HashMap::default();
        for v in &catalog.villages {
            village_kab.entry(&v.id).or_insert_with(|| {
                kabupaten::ALL.iter().position(|k| k.slug == v.kabupaten).map_or(NONE8, |i| i as u8)
            });
        }
        let mut category_pos: HashMap<&str, u16, WordHash> = HashMap::default();
        for (i, c) in categories.iter().enumerate() {
            category_pos.entry(c).or_insert(i as u16);
        }
        let docs = catalog
            .products
            .iter()
            .enumerate()
            .map(|(i, p)| DocMeta {
                kabupaten: village_kab.get(p.village.as_str()).copied().unwrap_or(NONE8),
                category: category_pos.get(p.category.as_str()).copied().unwrap_or(NONE16),
                added_rank: added_rank[i],
                ..meta(p, name_rank[i])
            })
            .collect();
        Browser { index: None, docs, categories }
    }

    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    pub fn run(&self, query: &Query) -> Results {
        // Punctuation alone ("  ,; ") is no query: show everything.
        let searching = crate::text::fold(&query.text).split_whitespace().next().is_some();
        let scored: Vec<(u32, u32)> = if searching {
            self.index.as_ref().map(|i| i.search(&query.text)).unwrap_or_default()
        } else {
            (0..self.docs.len() as u32).map(|d| (d, 0)).collect()
        };

        let f = &query.filters;
        let wanted_kab: Vec<u8> = f
            .kabupaten
            .iter()
            .filter_map(|s| kabupaten::ALL.iter().position(|k| k.slug == s))
            .map(|i| i as u8)
            .collect();
        let wanted_cat: Vec<u16> =
            f.categories.iter().filter_map(|s| self.categories.iter().position(|c| c == s)).map(|i| i as u16).collect();
        // A filter on an unknown kabupaten/category matches nothing rather
        // than silently showing everything.
        let kab_unknown = !f.kabupaten.is_empty() && wanted_kab.is_empty();
        let cat_unknown = !f.categories.is_empty() && wanted_cat.is_empty();
        let cert_mask = f.certs.iter().fold(0u8, |m, c| m | c.bit());

        let mut results = Results {
            kabupaten_counts: vec![0; kabupaten::ALL.len()],
            category_counts: vec![0; self.categories.len()],
            ..Results::default()
        };
        let mut hits: Vec<(u32, u32)> = Vec::new();
        for &(doc, score) in &scored {
            let m = &self.docs[doc as usize];
            let kab_ok = !kab_unknown && (wanted_kab.is_empty() || wanted_kab.contains(&m.kabupaten));
            let cat_ok = !cat_unknown && (wanted_cat.is_empty() || wanted_cat.contains(&m.category));
            let cert_ok = m.certs & cert_mask == cert_mask;
            let price_ok = f.price_min.is_none_or(|min| m.price >= min) && f.price_max.is_none_or(|max| m.price <= max);
            let stock_ok = !(f.in_stock || f.to_order) || (f.in_stock && m.in_stock) || (f.to_order && m.to_order);
            let flag_ok = !f.flagship || m.flagship;
            let rest = price_ok && stock_ok && flag_ok;

            if cat_ok && cert_ok && rest && m.kabupaten != NONE8 {
                results.kabupaten_counts[m.kabupaten as usize] += 1;
            }
            if kab_ok && cert_ok && rest && m.category != NONE16 {
                results.category_counts[m.category as usize] += 1;
            }
            if kab_ok && cat_ok && rest && cert_ok {
                for (i, c) in Cert::ALL.iter().enumerate() {
                    if m.certs & c.bit() != 0 {
                        results.cert_counts[i] += 1;
                    }
                }
            }
            let base = kab_ok && cat_ok && cert_ok && price_ok;
            if base && flag_ok && m.in_stock {
                results.in_stock_count += 1;
            }
            if base && flag_ok && m.to_order {
                results.to_order_count += 1;
            }
            if base && stock_ok && m.flagship {
                results.flagship_count += 1;
            }
            if base && stock_ok && flag_ok {
                hits.push((doc, score));
                results.price_range = Some(match results.price_range {
                    None => (m.price, m.price),
                    Some((lo, hi)) => (lo.min(m.price), hi.max(m.price)),
                });
            }
        }

        // Each hit's sort key is computed once, as (u64, u32, u32) compared
        // in order (`MAX - x` for descending), then the document number breaks
        // ties: hits arrive in document order, so this is exactly the order a
        // stable sort by the key would give, with far fewer lookups.
        let docs = &self.docs;
        let sort = query.sort;
        let key = |d: u32, s: u32| -> (u64, u32, u32) {
            let m = &docs[d as usize];
            let unfeatured = u32::from(!m.featured);
            let newest = u32::MAX - m.added_rank;
            match sort {
                Sort::Relevance if searching => (u64::from(u32::MAX - s), unfeatured, m.name_rank),
                Sort::Relevance => (u64::from(unfeatured), newest, 0),
                Sort::PriceAsc => (m.price, m.name_rank, 0),
                Sort::PriceDesc => (u64::MAX - m.price, m.name_rank, 0),
                Sort::Newest => (u64::from(newest), m.name_rank, 0),
                Sort::Name => (0, m.name_rank, 0),
            }
        };
        let mut keyed: Vec<((u64, u32, u32), u32)> = hits.iter().map(|&(d, s)| (key(d, s), d)).collect();
        drop(hits);
        keyed.sort_unstable();
        results.hits = keyed.into_iter().map(|(_, d)| d).collect();
        results
    }
}

/// For each product, a number that orders its `added` date as the text
/// compares (equal dates, equal numbers), so sorting by date compares
/// numbers and no date is copied. Valid feeds have `YYYY-MM-DD` dates, read
/// as YYYYMMDD; anything else falls back to ranking the texts.
fn date_ranks(catalog: &Catalog) -> Vec<u32> {
    fn yyyymmdd(s: &str) -> Option<u32> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let mut n = 0u32;
        for (i, &c) in b.iter().enumerate() {
            if i == 4 || i == 7 {
                continue;
            }
            if !c.is_ascii_digit() {
                return None;
            }
            n = n * 10 + u32::from(c - b'0');
        }
        Some(n)
    }
    let products = &catalog.products;
    if let Some(keys) = products.iter().map(|p| yyyymmdd(&p.added)).collect::<Option<Vec<u32>>>() {
        return keys;
    }
    let mut by_date = sort::ids(products.len());
    sort::ids_by(&mut by_date, &mut |a, b| products[a as usize].added.cmp(&products[b as usize].added));
    let mut ranks = vec![0u32; products.len()];
    let mut rank = 0u32;
    for (pos, &i) in by_date.iter().enumerate() {
        if pos > 0 && products[by_date[pos - 1] as usize].added != products[i as usize].added {
            rank = pos as u32;
        }
        ranks[i as usize] = rank;
    }
    ranks
}

/// A product's facts other than its kabupaten, category and date rank (set
/// by `build`).
fn meta(p: &Product, name_rank: u32) -> DocMeta {
    let c = &p.certifications;
    let mut certs = 0;
    if c.is_halal() {
        certs |= Cert::Halal.bit();
    }
    if c.bpom.is_some() {
        certs |= Cert::Bpom.bit();
    }
    if c.pirt.is_some() {
        certs |= Cert::Pirt.bit();
    }
    DocMeta {
        kabupaten: NONE8,
        category: NONE16,
        certs,
        price: p.lowest_price().0,
        in_stock: p.variants.iter().any(|v| v.availability == Availability::Ready && v.stock > 0),
        to_order: p.variants.iter().any(|v| v.availability.lead_days().is_some()),
        flagship: p.flagship,
        featured: p.featured,
        added_rank: 0,
        name_rank,
    }
}
