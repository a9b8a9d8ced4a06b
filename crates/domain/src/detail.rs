//! The feed as phones download it: an index plus detail files.
//!
//! Staff keep one whole feed (`catalog.json`). Most of its bytes are product
//! descriptions and village stories, which only a product or village page
//! shows, so the build (and `nttmart pages` after each new feed) writes
//!
//! - [`INDEX_PATH`]: the whole feed without descriptions and stories, read
//!   with `feed::parse_index`: everything the home page, the grid, search,
//!   filters and the cart need;
//! - one [`Details`] file per kabupaten/kota ([`detail_path`]) with the
//!   descriptions of its products and the stories of its villages, fetched
//!   by the product and village pages. Per kabupaten rather than per product:
//!   22 files, each small, and a customer who opens one product often opens
//!   its neighbours.
//!
//! - [`OUTLET_RULES_PATH`]: every outlet's delivery and payment rules,
//!   fetched by checkout and the outlet's slip. The index leaves them out:
//!   the code that reads them would cost every first page ~11 KB of wasm.
//!
//! [`index_of`] and [`details_of`] split a catalog; [`Details::fill_product`]
//! and [`Details::fill_village`] put a product or village back together, so
//! a split catalog loses nothing the storefront shows.

use crate::catalog::{Catalog, Delivery, Halal, Outlet, Payment, Product, Village};
use crate::feed::node::{self, Value};
use crate::feed::{DESCRIPTION_MAX, STORY_MAX};
use crate::text;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// Where the index feed lives, from the site root.
pub const INDEX_PATH: &str = "katalog/index.json";

/// Where the outlets' delivery and payment rules live, from the site root.
pub const OUTLET_RULES_PATH: &str = "katalog/outlet.json";

/// Where the description words that search needs live (`keywords_of`),
/// from the site root: fetched by the catalogue page, never by the first one.
pub const KEYWORDS_PATH: &str = "katalog/kata.json";

/// The detail file format this code reads and writes.
pub const VERSION: u32 = 1;

/// Where the detail files live, from the site root.
pub const DETAIL_DIR: &str = "katalog/detail";

/// Where a kabupaten's detail file lives, from the site root.
pub fn detail_path(kabupaten: &str) -> String {
    format!("{DETAIL_DIR}/{kabupaten}.json")
}

/// One kabupaten's long texts.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Details {
    pub version: u32,
    /// Kabupaten slug; a file must name the kabupaten it was asked for.
    pub kabupaten: String,
    /// Product id → description.
    pub products: BTreeMap<String, String>,
    /// Village id → story.
    pub villages: BTreeMap<String, String>,
    /// Product id → halal certificate number: shown on the product page
    /// only, and 19 digits apiece are what compresses worst in the index.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub halal: BTreeMap<String, String>,
    /// Product id → BPOM registration number (likewise).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub bpom: BTreeMap<String, String>,
    /// Product id → P-IRT number (likewise).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub pirt: BTreeMap<String, String>,
    /// Product id → producer's name (likewise).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub producers: BTreeMap<String, String>,
    /// Village id → its OVOP flagship phrase (likewise).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub flagships: BTreeMap<String, String>,
    /// Product id → its images' alt texts, in the images' order: only the
    /// product page's gallery shows them (a card's picture sits beside the
    /// product's name, so it is decorative there), and they are the longest
    /// text left in the index after the descriptions.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub alt: BTreeMap<String, Vec<String>>,
    /// Product id → the English alt texts, likewise; "" where an image has
    /// none (the Indonesian one stands in).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub alt_en: BTreeMap<String, Vec<String>>,
}

impl Details {
    pub fn description(&self, product_id: &str) -> Option<&str> {
        self.products.get(product_id).map(String::as_str)
    }

    pub fn story(&self, village_id: &str) -> Option<&str> {
        self.villages.get(village_id).map(String::as_str)
    }

    pub fn certificate(&self, product_id: &str) -> Option<&str> {
        self.halal.get(product_id).map(String::as_str)
    }

    pub fn bpom(&self, product_id: &str) -> Option<&str> {
        self.bpom.get(product_id).map(String::as_str)
    }

    pub fn pirt(&self, product_id: &str) -> Option<&str> {
        self.pirt.get(product_id).map(String::as_str)
    }

    pub fn producer(&self, product_id: &str) -> Option<&str> {
        self.producers.get(product_id).map(String::as_str)
    }

    pub fn flagship(&self, village_id: &str) -> Option<&str> {
        self.flagships.get(village_id).map(String::as_str)
    }

    /// The alt text of a product's `index`th image in `lang`.
    pub fn alt(&self, product_id: &str, index: usize, lang: crate::Lang) -> Option<&str> {
        fn pick<'a>(texts: &'a BTreeMap<String, Vec<String>>, id: &str, index: usize) -> Option<&'a str> {
            texts.get(id).and_then(|t| t.get(index)).map(String::as_str).filter(|t| !t.is_empty())
        }
        match lang {
            crate::Lang::En => pick(&self.alt_en, product_id, index).or_else(|| pick(&self.alt, product_id, index)),
            crate::Lang::Id => pick(&self.alt, product_id, index),
        }
    }

    /// The product with its description from this file, when the index left
    /// it out and the file has it.
    pub fn fill_product(&self, product: &mut Product) {
        if product.description.is_empty() {
            if let Some(text) = self.description(&product.id) {
                product.description = text.to_owned();
            }
        }
        if product.producer.name.is_empty() {
            if let Some(name) = self.producer(&product.id) {
                product.producer.name = name.to_owned();
            }
        }
        let certs = &mut product.certifications;
        if let Halal::Certified { certificate } = &mut certs.halal {
            if certificate.is_empty() {
                if let Some(number) = self.certificate(&product.id) {
                    *certificate = number.to_owned();
                }
            }
        }
        for (field, numbers) in [(&mut certs.bpom, &self.bpom), (&mut certs.pirt, &self.pirt)] {
            if let (Some(number), Some(known)) = (field.as_mut(), numbers.get(&product.id)) {
                if number.is_empty() {
                    number.clone_from(known);
                }
            }
        }
        for (i, image) in product.images.iter_mut().enumerate() {
            if image.alt.is_empty() {
                if let Some(text) = self.alt(&product.id, i, crate::Lang::Id) {
                    image.alt = text.to_owned();
                }
            }
            if image.alt_en.is_none() {
                let en = self.alt_en.get(&product.id).and_then(|t| t.get(i)).filter(|t| !t.is_empty());
                image.alt_en = en.cloned();
            }
        }
    }

    /// The village with its story from this file, likewise.
    pub fn fill_village(&self, village: &mut Village) {
        if village.story.is_empty() {
            if let Some(text) = self.story(&village.id) {
                village.story = text.to_owned();
            }
        }
        if village.flagship.is_empty() {
            if let Some(text) = self.flagship(&village.id) {
                village.flagship = text.to_owned();
            }
        }
    }
}

/// The catalog without descriptions and stories, which the detail files
/// carry, and without producers' business numbers (NIB), which only staff
/// and `nttmart check` use: the storefront shows none.
pub fn index_of(catalog: &Catalog) -> Catalog {
    let mut index = catalog.clone();
    for product in &mut index.products {
        product.description.clear();
        // In the keywords file: only search reads them (and the producer,
        // which the product page reads from the detail file).
        product.tags.clear();
        product.producer.name.clear();
        let certs = &mut product.certifications;
        if let Halal::Certified { certificate } = &mut certs.halal {
            certificate.clear();
        }
        for number in [&mut certs.bpom, &mut certs.pirt].into_iter().flatten() {
            number.clear();
        }
        product.producer.nib = None;
        // In the detail file: only the product page's gallery shows them.
        for image in &mut product.images {
            image.alt.clear();
            image.alt_en = None;
        }
        // The blurred placeholders are for the pages the build writes; the
        // app paints a photo's average colour instead, which costs the feed
        // every phone downloads 20 bytes rather than ~500 (issue 16).
        for photo in product.images.iter_mut().filter_map(|i| i.photo.as_mut()) {
            photo.placeholder.clear();
        }
    }
    for outlet in &mut index.outlets {
        outlet.delivery = Delivery::default();
        outlet.payment = Payment::default();
    }
    for village in &mut index.villages {
        village.story.clear();
        village.flagship.clear();
    }
    index
}

/// Words so common in descriptions that they find everything: searching
/// for them is no use, and they would only cost bytes on the first load.
const STOPWORDS: &[&str] = &[
    "ada", "agar", "akan", "atau", "bagi", "bisa", "cocok", "dalam", "dan", "dapat", "dari", "dengan", "di", "diri",
    "hingga", "ini", "itu", "juga", "karena", "ke", "kami", "lebih", "masih", "oleh", "pada", "per", "saat", "sangat",
    "satu", "sehingga", "serta", "setiap", "sudah", "tanpa", "tetap", "untuk", "yang",
];

/// The index feed's `keywords` of a product: the folded words of its
/// description, in order, that are at least three letters long, not a
/// stopword and not already a word of its name, unit, tags, option values
/// or producer (search reads those from the index anyway).
pub fn keywords(product: &Product) -> String {
    let mut known: BTreeSet<String> = BTreeSet::new();
    let mut others = vec![product.name.as_str(), product.unit.as_str(), product.producer.name.as_str()];
    others.extend(product.tags.iter().map(String::as_str));
    others.extend(product.options.iter().flat_map(|o| o.values.iter().map(String::as_str)));
    for text in others {
        known.extend(text::tokens(text));
    }
    let mut out = String::new();
    for word in text::tokens(&product.description) {
        if word.chars().count() < 3 || STOPWORDS.contains(&word.as_str()) || !known.insert(word.clone()) {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&word);
    }
    out
}

/// The keywords file: every product's [`keywords`], by id
/// (`{"version": 1, "products": {"KPK-0001": "kosambi vakum …"}}`). Search
/// reads the index feed's names, tags and options at once; a description's
/// own words only once the customer searches, from this file (~3 KB with
/// brotli for the sample) so the first page does not pay for them.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Keywords {
    pub version: u32,
    pub products: BTreeMap<String, String>,
    /// Product id → its tags, which only search reads, so the index feed
    /// leaves them here.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, Vec<String>>,
    /// Product id → its producer's name (likewise, for search).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub producers: BTreeMap<String, String>,
}

pub fn keywords_of(catalog: &Catalog) -> Keywords {
    let products =
        catalog.products.iter().map(|p| (p.id.clone(), keywords(p))).filter(|(_, k)| !k.is_empty()).collect();
    let tags = catalog.products.iter().filter(|p| !p.tags.is_empty()).map(|p| (p.id.clone(), p.tags.clone())).collect();
    let producers = catalog.products.iter().map(|p| (p.id.clone(), p.producer.name.clone())).collect();
    Keywords { version: VERSION, products, tags, producers }
}

/// Reads a keywords file; entries that are not text are skipped (search
/// goes on without them), a file that is not one is an error.
pub fn parse_keywords(bytes: &[u8]) -> Result<Keywords, DetailError> {
    let syntax = |m: &str| DetailError::Syntax(m.to_owned());
    let doc = node::from_slice_light(bytes).map_err(|e| DetailError::Syntax(e.to_string()))?;
    let Value::Object(top) = doc.root().value() else { return Err(syntax("not a JSON object")) };
    let mut out = Keywords::default();
    let mut version = None;
    for (key, value) in top.members() {
        match (key, value.value()) {
            ("version", Value::UInt(v)) => version = Some(v),
            ("products", Value::Object(words)) => {
                for (id, text) in words.members() {
                    if let Some(text) = text.as_str().filter(|t| t.len() <= DESCRIPTION_MAX) {
                        out.products.insert(id.to_owned(), text.to_owned());
                    }
                }
            }
            ("producers", Value::Object(names)) => {
                for (id, name) in names.members() {
                    if let Some(name) = name.as_str() {
                        out.producers.insert(id.to_owned(), name.to_owned());
                    }
                }
            }
            ("tags", Value::Object(all)) => {
                for (id, list) in all.members() {
                    if let Value::Array(items) = list.value() {
                        let tags = items.items().filter_map(|t| t.as_str()).map(str::to_owned).collect();
                        out.tags.insert(id.to_owned(), tags);
                    }
                }
            }
            _ => {}
        }
    }
    match version {
        Some(v) if v >= 1 && v <= u64::from(VERSION) => {
            out.version = v as u32;
            Ok(out)
        }
        Some(v) => Err(DetailError::Version(u32::try_from(v).unwrap_or(u32::MAX))),
        None => Err(syntax("version is missing")),
    }
}

/// `catalog` with each product's keywords and (when the index feed left
/// them out) tags from `words`, for search.
pub fn with_keywords(catalog: &Catalog, words: &Keywords) -> Catalog {
    let mut out = catalog.clone();
    for p in &mut out.products {
        if let Some(k) = words.products.get(&p.id) {
            p.keywords.clone_from(k);
        }
        if let (true, Some(tags)) = (p.tags.is_empty(), words.tags.get(&p.id)) {
            p.tags.clone_from(tags);
        }
        if let (true, Some(name)) = (p.producer.name.is_empty(), words.producers.get(&p.id)) {
            p.producer.name.clone_from(name);
        }
    }
    out
}

/// One detail file per kabupaten that has a village in the catalog, in
/// kabupaten slug order. Products whose village is unknown have no
/// kabupaten and are left out (a validated catalog has none).
pub fn details_of(catalog: &Catalog) -> Vec<Details> {
    let mut files: BTreeMap<&str, Details> = BTreeMap::new();
    for village in &catalog.villages {
        let file = file_of(&mut files, &village.kabupaten);
        if !village.story.is_empty() {
            file.villages.insert(village.id.clone(), village.story.clone());
        }
        if !village.flagship.is_empty() {
            file.flagships.insert(village.id.clone(), village.flagship.clone());
        }
    }
    for product in &catalog.products {
        let Some(village) = catalog.village(&product.village) else { continue };
        let file = file_of(&mut files, &village.kabupaten);
        if !product.description.is_empty() {
            file.products.insert(product.id.clone(), product.description.clone());
        }
        if !product.producer.name.is_empty() {
            file.producers.insert(product.id.clone(), product.producer.name.clone());
        }
        let certs = &product.certifications;
        if let Halal::Certified { certificate } = &certs.halal {
            if !certificate.is_empty() {
                file.halal.insert(product.id.clone(), certificate.clone());
            }
        }
        for (number, numbers) in [(&certs.bpom, &mut file.bpom), (&certs.pirt, &mut file.pirt)] {
            if let Some(number) = number.as_ref().filter(|n| !n.is_empty()) {
                numbers.insert(product.id.clone(), number.clone());
            }
        }
        if product.images.iter().any(|i| !i.alt.is_empty()) {
            file.alt.insert(product.id.clone(), product.images.iter().map(|i| i.alt.clone()).collect());
        }
        if product.images.iter().any(|i| i.alt_en.is_some()) {
            let en = product.images.iter().map(|i| i.alt_en.clone().unwrap_or_default()).collect();
            file.alt_en.insert(product.id.clone(), en);
        }
    }
    files.into_values().collect()
}

fn file_of<'a, 'k>(files: &'a mut BTreeMap<&'k str, Details>, kabupaten: &'k str) -> &'a mut Details {
    files.entry(kabupaten).or_insert_with(|| Details {
        version: VERSION,
        kabupaten: kabupaten.to_owned(),
        ..Details::default()
    })
}

/// One outlet's rules, as [`OUTLET_RULES_PATH`] holds them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OutletRules {
    pub kabupaten: String,
    #[serde(skip_serializing_if = "Delivery::is_default")]
    pub delivery: Delivery,
    #[serde(skip_serializing_if = "Payment::is_default")]
    pub payment: Payment,
}

/// The rules file: `{"version": 1, "outlets": [...]}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OutletRulesFile {
    pub version: u32,
    pub outlets: Vec<OutletRules>,
}

/// Every outlet's rules, in feed order.
pub fn outlet_rules_of(catalog: &Catalog) -> OutletRulesFile {
    OutletRulesFile {
        version: VERSION,
        outlets: catalog
            .outlets
            .iter()
            .map(|o| OutletRules {
                kabupaten: o.kabupaten.clone(),
                delivery: o.delivery.clone(),
                payment: o.payment.clone(),
            })
            .collect(),
    }
}

/// Reads the rules file with the feed's own reader and rules: a broken
/// rule is left out as `feed::parse` leaves it out.
pub fn parse_outlet_rules(bytes: &[u8]) -> Result<Vec<OutletRules>, DetailError> {
    let doc = node::from_slice_light(bytes).map_err(|e| DetailError::Syntax(e.to_string()))?;
    if let Value::Object(top) = doc.root().value() {
        for (key, value) in top.members() {
            if let ("version", Value::UInt(v)) = (key, value.value()) {
                if v > u64::from(VERSION) {
                    return Err(DetailError::Version(u32::try_from(v).unwrap_or(u32::MAX)));
                }
            }
        }
    }
    let rules =
        crate::feed::read_outlet_rules(&doc).ok_or_else(|| DetailError::Syntax("not an outlet rules file".into()))?;
    Ok(rules.into_iter().map(|(kabupaten, delivery, payment)| OutletRules { kabupaten, delivery, payment }).collect())
}

/// The catalog with each outlet's rules from `rules` (outlets without an
/// entry keep theirs).
pub fn with_outlet_rules(catalog: &Catalog, rules: &[OutletRules]) -> Catalog {
    let mut out = catalog.clone();
    for outlet in &mut out.outlets {
        apply_outlet_rules(outlet, rules);
    }
    out
}

/// Gives `outlet` its entry of `rules`, if it has one.
pub fn apply_outlet_rules(outlet: &mut Outlet, rules: &[OutletRules]) {
    if let Some(r) = rules.iter().find(|r| r.kabupaten == outlet.kabupaten) {
        outlet.delivery = r.delivery.clone();
        outlet.payment = r.payment.clone();
    }
}

/// Why a detail file cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DetailError {
    /// Not JSON, or not a detail file.
    Syntax(String),
    /// A newer format than this code reads.
    Version(u32),
    /// The file is another kabupaten's.
    Kabupaten { expected: String, found: String },
}

impl fmt::Display for DetailError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DetailError::Syntax(e) => write!(f, "not a detail file: {e}"),
            DetailError::Version(v) => write!(f, "detail file version {v} is newer than this app reads ({VERSION})"),
            DetailError::Kabupaten { expected, found } => {
                write!(f, "asked for the details of {expected:?}, got those of {found:?}")
            }
        }
    }
}

/// Reads `kabupaten`'s detail file. Texts that are blank or longer than the
/// feed allows are left out, as the feed would leave out such a product:
/// the page then says nothing rather than show junk. Unknown fields are
/// ignored, so a newer tool can add some.
///
/// Read with the feed's own JSON reader (`feed::node`), which the app has
/// anyway: a serde derive for this one struct would add ~12 KB to the wasm.
pub fn parse_details(bytes: &[u8], kabupaten: &str) -> Result<Details, DetailError> {
    let syntax = |m: &str| DetailError::Syntax(m.to_owned());
    let doc = node::from_slice_light(bytes).map_err(|e| DetailError::Syntax(e.to_string()))?;
    let Value::Object(top) = doc.root().value() else { return Err(syntax("not a JSON object")) };
    let mut details = Details::default();
    let (mut version, mut found) = (None, None);
    for (key, value) in top.members() {
        match key {
            "version" => match value.value() {
                Value::UInt(v) => version = Some(u32::try_from(v).unwrap_or(u32::MAX)),
                _ => return Err(syntax("version is not a whole number")),
            },
            "kabupaten" => found = Some(value.as_str().ok_or_else(|| syntax("kabupaten is not text"))?),
            "producers" | "flagships" => {
                let Value::Object(texts) = value.value() else {
                    return Err(syntax("producers and flagships must be objects"));
                };
                let map = if key == "producers" { &mut details.producers } else { &mut details.flagships };
                for (id, text) in texts.members() {
                    if let Some(text) = text.as_str().filter(|t| !t.trim().is_empty()) {
                        map.insert(id.to_owned(), text.to_owned());
                    }
                }
            }
            "alt" | "alt_en" => {
                let Value::Object(products) = value.value() else {
                    return Err(syntax("alt and alt_en must be objects"));
                };
                let map = if key == "alt" { &mut details.alt } else { &mut details.alt_en };
                for (id, texts) in products.members() {
                    let Value::Array(texts) = texts.value() else { continue };
                    // One bad text leaves that image without one, not the
                    // others: they are read by position.
                    let texts = texts
                        .items()
                        .map(|t| {
                            t.as_str()
                                .filter(|t| t.chars().count() <= crate::feed::SHORT_MAX)
                                .unwrap_or_default()
                                .to_owned()
                        })
                        .collect();
                    map.insert(id.to_owned(), texts);
                }
            }
            "halal" | "bpom" | "pirt" => {
                let Value::Object(numbers) = value.value() else {
                    return Err(syntax("halal, bpom and pirt must be objects"));
                };
                let (map, valid): (_, fn(&str) -> bool) = match key {
                    "halal" => (&mut details.halal, crate::feed::is_halal_certificate),
                    "bpom" => (&mut details.bpom, crate::feed::is_bpom),
                    _ => (&mut details.pirt, crate::feed::is_pirt),
                };
                for (id, number) in numbers.members() {
                    if let Some(number) = number.as_str().filter(|n| valid(n)) {
                        map.insert(id.to_owned(), number.to_owned());
                    }
                }
            }
            "products" | "villages" => {
                let Value::Object(texts) = value.value() else {
                    return Err(syntax("products and villages must be objects"));
                };
                let (map, max) = match key {
                    "products" => (&mut details.products, DESCRIPTION_MAX),
                    _ => (&mut details.villages, STORY_MAX),
                };
                for (id, text) in texts.members() {
                    match text.as_str() {
                        Some(text) if !text.trim().is_empty() && text.chars().count() <= max => {
                            map.insert(id.to_owned(), text.to_owned());
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    details.version = version.ok_or_else(|| syntax("version is missing"))?;
    if details.version > VERSION || details.version == 0 {
        return Err(DetailError::Version(details.version));
    }
    let found = found.ok_or_else(|| syntax("kabupaten is missing"))?;
    if found != kabupaten {
        return Err(DetailError::Kabupaten { expected: kabupaten.to_owned(), found: found.to_owned() });
    }
    details.kabupaten = found.to_owned();
    Ok(details)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feed;

    fn sample() -> Catalog {
        let bytes = include_bytes!("../../../public/catalog.json");
        feed::parse(bytes).unwrap().catalog.unwrap()
    }

    #[test]
    fn outlet_rules_leave_the_index_and_come_back_from_their_file() {
        let catalog = sample();
        assert!(catalog.outlets.iter().any(|o| o.payment.qris.is_some() && !o.delivery.zones.is_empty()));
        let index = index_of(&catalog);
        assert!(index.outlets.iter().all(|o| o.delivery.is_default() && o.payment.is_default()));
        let file = serde_json::to_vec(&outlet_rules_of(&catalog)).unwrap();
        let rules = parse_outlet_rules(&file).unwrap();
        assert_eq!(rules, outlet_rules_of(&catalog).outlets);
        let back = with_outlet_rules(&index, &rules);
        assert_eq!(back.outlets, catalog.outlets);
        // Read from the index text as the phone reads it, too.
        let index_text = serde_json::to_vec(&index).unwrap();
        let phone = feed::parse_index(&index_text).unwrap().catalog.unwrap();
        assert_eq!(with_outlet_rules(&phone, &rules).outlets, catalog.outlets);
    }

    #[test]
    fn a_broken_or_newer_rules_file_is_refused_or_read_as_the_tool_reads_it() {
        assert!(matches!(parse_outlet_rules(b"<!doctype html>"), Err(DetailError::Syntax(_))));
        assert!(matches!(parse_outlet_rules(b"[1, 2]"), Err(DetailError::Syntax(_))));
        assert_eq!(parse_outlet_rules(br#"{"version": 2, "outlets": []}"#), Err(DetailError::Version(2)));
        let rules = parse_outlet_rules(
            br#"{"version": 1, "outlets": [{"kabupaten": "ngada", "payment": {"qris": "000201 broken", "transfer": {"bank": "Bank NTT", "account": "0012345678", "holder": "NTT Mart"}}}]}"#,
        )
        .unwrap();
        assert_eq!(rules[0].payment.qris, None, "a broken QRIS is left out");
        assert!(rules[0].payment.transfer.is_some(), "the rest stays");
    }

    #[test]
    fn index_details_and_outlet_rules_put_back_together_are_the_catalog_less_nibs() {
        let mut catalog = sample();
        assert!(catalog.products.iter().any(|p| p.producer.nib.is_some()), "the sample has NIBs to leave out");
        let mut index = index_of(&catalog);
        let files = details_of(&catalog);
        assert!(index.products.iter().all(|p| p.description.is_empty()));
        assert!(index.villages.iter().all(|v| v.story.is_empty()));
        let by_kabupaten: BTreeMap<_, _> = files.iter().map(|d| (d.kabupaten.clone(), d)).collect();
        for village in &mut index.villages {
            by_kabupaten[&village.kabupaten].fill_village(village);
        }
        let villages = index.villages.clone();
        for product in &mut index.products {
            let village = villages.iter().find(|v| v.id == product.village).unwrap();
            by_kabupaten[&village.kabupaten].fill_product(product);
        }
        for product in &mut catalog.products {
            product.producer.nib = None;
        }
        // The tags are in the keywords file, with the description words
        // that, beside the description, are only a repeat.
        let mut index = with_keywords(&index, &keywords_of(&catalog));
        for product in &mut index.products {
            product.keywords.clear();
        }
        let index = with_outlet_rules(&index, &outlet_rules_of(&catalog).outlets);
        assert_eq!(index, catalog);
    }

    #[test]
    fn alt_texts_leave_the_index_for_the_detail_files_and_come_back_on_the_phone() {
        let mut catalog = sample();
        // One English alt text on a second image, so positions matter.
        let two = catalog.products.iter().position(|p| p.images.len() > 1).expect("a product with two images");
        catalog.products[two].images[1].alt_en = Some("The weave up close".into());
        let text = serde_json::to_vec(&index_of(&catalog)).unwrap();
        assert!(!String::from_utf8_lossy(&text).contains("\"alt"), "the index carries no alt text");
        let parsed = feed::parse_index(&text).unwrap();
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        let mut phone = parsed.catalog.unwrap();
        let files: BTreeMap<String, Details> = details_of(&catalog)
            .iter()
            .map(|d| (d.kabupaten.clone(), parse_details(&serde_json::to_vec(d).unwrap(), &d.kabupaten).unwrap()))
            .collect();
        let villages = phone.villages.clone();
        for product in &mut phone.products {
            let village = villages.iter().find(|v| v.id == product.village).unwrap();
            assert!(product.images.iter().all(|i| i.alt.is_empty()));
            files[&village.kabupaten].fill_product(product);
        }
        let alts = |c: &Catalog| -> Vec<(String, Option<String>)> {
            c.products.iter().flat_map(|p| p.images.iter().map(|i| (i.alt.clone(), i.alt_en.clone()))).collect()
        };
        assert_eq!(alts(&phone), alts(&catalog));
        let file = &files[&catalog.village(&catalog.products[two].village).unwrap().kabupaten];
        let id = &catalog.products[two].id;
        assert_eq!(file.alt(id, 1, crate::Lang::En), Some("The weave up close"));
        assert_eq!(file.alt(id, 0, crate::Lang::En), file.alt(id, 0, crate::Lang::Id), "Indonesian stands in");
        assert_eq!(file.alt(id, 9, crate::Lang::Id), None);
    }

    #[test]
    fn the_whole_feed_still_needs_its_alt_texts() {
        let mut value: serde_json::Value =
            serde_json::from_slice(include_bytes!("../../../public/catalog.json")).unwrap();
        value["products"][0]["images"][0].as_object_mut().unwrap().remove("alt");
        let bytes = serde_json::to_vec(&value).unwrap();
        let problems = feed::parse(&bytes).unwrap().problems;
        assert!(problems.iter().any(|p| p.to_string().contains("products[0].images[0].alt")), "{problems:?}");
    }

    #[test]
    fn a_bad_alt_text_in_a_detail_file_loses_only_that_image_s() {
        let long = "x".repeat(crate::feed::SHORT_MAX + 1);
        let bytes = format!(r#"{{"version":1,"kabupaten":"ngada","alt":{{"A":[7,"Kopi","{long}"],"B":"no"}}}}"#);
        let details = parse_details(bytes.as_bytes(), "ngada").unwrap();
        assert_eq!(details.alt("A", 0, crate::Lang::Id), None);
        assert_eq!(details.alt("A", 1, crate::Lang::Id), Some("Kopi"));
        assert_eq!(details.alt("A", 2, crate::Lang::Id), None);
        assert_eq!(details.alt("B", 0, crate::Lang::Id), None);
        assert!(parse_details(br#"{"version":1,"kabupaten":"ngada","alt":[]}"#, "ngada").is_err());
    }

    #[test]
    fn keywords_find_description_words_without_the_description() {
        use crate::search::SearchIndex;
        let catalog = sample();
        let index = index_of(&catalog);
        let file = keywords_of(&catalog);
        let words = parse_keywords(&serde_json::to_vec(&file).unwrap()).unwrap();
        assert_eq!(words, file);
        let kpk = &words.products["KPK-0001"];
        // "asap" is in the name; "kosambi" and "vakum" only in the description.
        assert!(kpk.contains("kosambi") && kpk.contains("vakum"), "{kpk}");
        assert!(!kpk.split(' ').any(|w| w == "asap" || w == "dengan" || w == "se"), "{kpk}");
        for (id, k) in &words.products {
            let p = catalog.product_by_id(id).unwrap();
            assert!(k.split(' ').all(|w| text::tokens(&p.description).iter().any(|t| t == w)), "{id}: {k}");
        }
        // Without them the index finds nothing for "kosambi"; with them, exactly
        // the products whose description says it.
        assert!(SearchIndex::build(&index).search("kosambi").is_empty());
        let worded = with_keywords(&index, &words);
        // With the file, search sees the tags the index left out.
        assert!(index.products.iter().all(|p| p.tags.is_empty()));
        assert!(worded.products.iter().zip(&catalog.products).all(|(a, b)| a.tags == b.tags));
        let search = SearchIndex::build(&worded);
        let docs: Vec<u32> = search.search("kosambi").into_iter().map(|(d, _)| d).collect();
        let with_kosambi: Vec<u32> = (0..index.products.len() as u32)
            .filter(|&i| text::tokens(&catalog.products[i as usize].description).iter().any(|w| w == "kosambi"))
            .collect();
        assert!(!with_kosambi.is_empty());
        assert_eq!(docs, with_kosambi);
        assert!(parse_keywords(b"{\"version\": 9, \"products\": {}}").is_err());
        assert!(parse_keywords(b"[]").is_err());
    }

    #[test]
    fn the_index_is_a_valid_index_feed_but_not_a_whole_feed() {
        let index = serde_json::to_vec(&index_of(&sample())).unwrap();
        let text = String::from_utf8(index.clone()).unwrap();
        assert!(!text.contains("\"description\"") && !text.contains("\"story\"") && !text.contains("\"nib\""));
        let as_index = feed::parse_index(&index).unwrap();
        assert!(as_index.is_valid(), "{:?}", as_index.problems);
        assert_eq!(as_index.catalog.unwrap().products.len(), sample().products.len());
        let as_whole = feed::parse(&index).unwrap();
        assert!(as_whole.errors().any(|p| p.path.ends_with(".description") && p.message == "is required"));
    }

    #[test]
    fn an_index_feed_still_checks_the_texts_it_has() {
        let mut index = serde_json::to_value(index_of(&sample())).unwrap();
        index["products"][0]["description"] = "   ".into();
        index["villages"][0]["story"] = "x".repeat(STORY_MAX + 1).into();
        let parsed = feed::parse_index(&serde_json::to_vec(&index).unwrap()).unwrap();
        let errors: Vec<_> = parsed.errors().map(ToString::to_string).collect();
        assert!(errors.iter().any(|e| e.starts_with("products[0].description: must not be empty")), "{errors:?}");
        assert!(errors.iter().any(|e| e.starts_with("villages[0].story: is too long")), "{errors:?}");
    }

    #[test]
    fn each_kabupaten_file_holds_only_its_own_texts() {
        let catalog = sample();
        for file in details_of(&catalog) {
            assert_eq!(file.version, VERSION);
            for id in file.products.keys() {
                let product = catalog.product_by_id(id).unwrap();
                assert_eq!(catalog.village(&product.village).unwrap().kabupaten, file.kabupaten);
            }
            for id in file.villages.keys() {
                assert_eq!(catalog.village(id).unwrap().kabupaten, file.kabupaten);
            }
        }
    }

    #[test]
    fn a_detail_file_round_trips_through_json() {
        let file = &details_of(&sample())[0];
        let bytes = serde_json::to_vec(file).unwrap();
        assert_eq!(&parse_details(&bytes, &file.kabupaten).unwrap(), file);
    }

    #[test]
    fn a_bad_detail_file_is_refused_with_its_reason() {
        assert!(matches!(parse_details(b"<html>", "ngada"), Err(DetailError::Syntax(_))));
        assert!(matches!(parse_details(b"{\"kabupaten\":\"ngada\"}", "ngada"), Err(DetailError::Syntax(_))));
        assert!(matches!(parse_details(b"[1]", "ngada"), Err(DetailError::Syntax(_))));
        assert!(matches!(
            parse_details(br#"{"version":1,"kabupaten":"ngada","products":[]}"#, "ngada"),
            Err(DetailError::Syntax(_))
        ));
        assert!(matches!(
            parse_details(br#"{"version":"1","kabupaten":"ngada"}"#, "ngada"),
            Err(DetailError::Syntax(_))
        ));
        assert!(matches!(parse_details(br#"{"version":1}"#, "ngada"), Err(DetailError::Syntax(_))));
        // Unknown fields are a newer tool's, not an error.
        assert!(parse_details(br#"{"version":1,"kabupaten":"ngada","updated":"2026-11-28"}"#, "ngada").is_ok());
        assert_eq!(parse_details(br#"{"version":2,"kabupaten":"ngada"}"#, "ngada"), Err(DetailError::Version(2)));
        assert_eq!(
            parse_details(br#"{"version":1,"kabupaten":"ende"}"#, "ngada"),
            Err(DetailError::Kabupaten { expected: "ngada".into(), found: "ende".into() })
        );
        let message = parse_details(br#"{"version":1,"kabupaten":"ende"}"#, "ngada").unwrap_err().to_string();
        assert_eq!(message, "asked for the details of \"ngada\", got those of \"ende\"");
    }

    #[test]
    fn blank_and_overlong_texts_are_left_out() {
        let long = "x".repeat(DESCRIPTION_MAX + 1);
        let bytes = format!(
            r#"{{"version":1,"kabupaten":"ngada","products":{{"A":"  ","B":"{long}","C":"Kopi.","D":7}},"villages":{{"v":""}}}}"#
        );
        let details = parse_details(bytes.as_bytes(), "ngada").unwrap();
        assert_eq!(details.description("A"), None);
        assert_eq!(details.description("B"), None);
        assert_eq!(details.description("C"), Some("Kopi."));
        assert_eq!(details.description("D"), None);
        assert_eq!(details.story("v"), None);
    }

    #[test]
    fn fill_never_overwrites_a_text_the_feed_has() {
        let catalog = sample();
        let mut product = catalog.products[0].clone();
        let mut details = Details { version: 1, kabupaten: "x".into(), ..Details::default() };
        details.products.insert(product.id.clone(), "other".into());
        details.fill_product(&mut product);
        assert_eq!(product.description, catalog.products[0].description);
    }

    proptest::proptest! {
        /// Whatever the texts (quotes, backslashes, non-ASCII, line
        /// breaks), a file the tool writes reads back the same.
        #[test]
        fn any_texts_round_trip(
            products in proptest::collection::btree_map("[A-Z]{3}-[0-9]{4}", "[ -~éñ\n\"\\\\]{0,60}[a-zé]", 0..8),
            villages in proptest::collection::btree_map("[a-z]{1,12}-[a-z]{3,8}", "[ -~ü\t]{0,80}[A-Z]", 0..5),
        ) {
            let file = Details { version: VERSION, kabupaten: "sumba-timur".into(), products, villages, ..Details::default() };
            let bytes = serde_json::to_vec(&file).unwrap();
            proptest::prop_assert_eq!(parse_details(&bytes, "sumba-timur").unwrap(), file);
        }
    }
}
