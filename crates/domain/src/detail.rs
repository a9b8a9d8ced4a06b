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

use crate::catalog::{Catalog, Delivery, Outlet, Payment, Product, Village};
use crate::feed::node::{self, Value};
use crate::feed::{DESCRIPTION_MAX, STORY_MAX};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;

/// Where the index feed lives, from the site root.
pub const INDEX_PATH: &str = "katalog/index.json";

/// Where the outlets' delivery and payment rules live, from the site root.
pub const OUTLET_RULES_PATH: &str = "katalog/outlet.json";

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
}

impl Details {
    pub fn description(&self, product_id: &str) -> Option<&str> {
        self.products.get(product_id).map(String::as_str)
    }

    pub fn story(&self, village_id: &str) -> Option<&str> {
        self.villages.get(village_id).map(String::as_str)
    }

    /// The product with its description from this file, when the index left
    /// it out and the file has it.
    pub fn fill_product(&self, product: &mut Product) {
        if product.description.is_empty() {
            if let Some(text) = self.description(&product.id) {
                product.description = text.to_owned();
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
    }
}

/// The catalog without descriptions and stories, which the detail files
/// carry, and without producers' business numbers (NIB), which only staff
/// and `nttmart check` use: the storefront shows none.
pub fn index_of(catalog: &Catalog) -> Catalog {
    let mut index = catalog.clone();
    for product in &mut index.products {
        product.description.clear();
        product.producer.nib = None;
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
    }
    index
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
    }
    for product in &catalog.products {
        let Some(village) = catalog.village(&product.village) else { continue };
        if !product.description.is_empty() {
            file_of(&mut files, &village.kabupaten).products.insert(product.id.clone(), product.description.clone());
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
    let doc = node::from_slice(bytes).map_err(|e| DetailError::Syntax(e.to_string()))?;
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
    let doc = node::from_slice(bytes).map_err(|e| DetailError::Syntax(e.to_string()))?;
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
        let index = with_outlet_rules(&index, &outlet_rules_of(&catalog).outlets);
        assert_eq!(index, catalog);
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
            let file = Details { version: VERSION, kabupaten: "sumba-timur".into(), products, villages };
            let bytes = serde_json::to_vec(&file).unwrap();
            proptest::prop_assert_eq!(parse_details(&bytes, "sumba-timur").unwrap(), file);
        }
    }
}
