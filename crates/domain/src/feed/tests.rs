//! Tests of the feed reader: one or more per rule, each asserting the exact
//! path and the key part of the message, plus property tests that `parse`
//! never panics and that whatever it accepts re-validates cleanly.

use super::*;
use crate::catalog::{Halal, LaunchStatus, Stream};
use crate::kabupaten;
use crate::money::{Rupiah, MAX_PRICE};
use proptest::prelude::*;
use serde_json::{json, Value};

// ----- fixture and helpers -----

fn outlet(slug: &str) -> Value {
    json!({
        "kabupaten": slug,
        "name": format!("NTT Mart {slug}"),
        "town": "Kota",
        "status": "launched",
        "launch_date": "2024-08-17",
        "whatsapp": "6281234567890",
        "address": "Jl. El Tari No. 1",
        "hours": "Senin–Sabtu 08.00–20.00 WITA"
    })
}

fn kopi() -> Value {
    json!({
        "id": "NGD-0001",
        "slug": "kopi-arabika-bajawa-250-g",
        "name": "Kopi Arabika Flores Bajawa",
        "description": "Kopi arabika dari lereng Gunung Inerie, dijemur di desa.",
        "category": "kopi",
        "village": "beiwali-ngada",
        "producer": {"name": "Kelompok Tani Suka Maju", "nib": "9120301234567"},
        "price": 85000,
        "unit": "250 g",
        "stock": 40,
        "images": [{"src": "img/kopi.svg", "alt": "Sebungkus kopi arabika Bajawa"}],
        "tags": ["kopi", "arabika"],
        "featured": true,
        "flagship": true,
        "added": "2024-03-15",
        "stream": "OVOP",
        "certifications": {
            "halal": {"status": "certified", "certificate": "ID00410000123450224"},
            "bpom": "MD224213001234",
            "pirt": "206530901012326"
        }
    })
}

fn tenun() -> Value {
    json!({
        "id": "SKA-0001",
        "slug": "tenun-ikat-sikka",
        "name": "Sarung Tenun Ikat Sikka",
        "description": "Ditenun tangan dengan pewarna alami.",
        "category": "tenun",
        "village": "watublapi-sikka",
        "producer": {"name": "Sanggar Bliran Sina"},
        "price": 1250000,
        "unit": "1 lembar",
        "stock": 3,
        "images": [{"src": "https://cdn.nttmart.id/tenun.jpg", "alt": "Sarung tenun ikat merah"}],
        "added": "2024-05-02",
        "stream": "OCOP",
        "certifications": {"halal": {"status": "not_applicable"}}
    })
}

fn sei() -> Value {
    json!({
        "id": "KPG-0001",
        "slug": "sei-babi-200-g",
        "name": "Se'i Babi Asap",
        "description": "Daging babi asap khas Kupang.",
        "category": "daging",
        "village": "beiwali-ngada",
        "producer": {"name": "Ibu Maria"},
        "price": 95000,
        "unit": "200 g",
        "stock": 0,
        "images": [{"src": "/img/sei.svg", "alt": "Se'i babi diiris"}],
        "tags": [],
        "added": "2024-06-01",
        "stream": "OSOP",
        "certifications": {"halal": {"status": "not_halal"}, "pirt": "206530901012326"}
    })
}

/// A small valid feed: every kabupaten has an outlet, three categories, two
/// villages and three products (certified, not applicable, not halal).
fn valid_feed() -> Value {
    let outlets: Vec<Value> = kabupaten::ALL.iter().map(|k| outlet(k.slug)).collect();
    json!({
        "version": 1,
        "store": {
            "name": "NTT Mart",
            "tagline": "Produk desa dari seluruh Nusa Tenggara Timur",
            "base_url": "https://nttmart.id",
            "currency": "IDR"
        },
        "outlets": outlets,
        "categories": [
            {"id": "kopi", "name": {"id": "Kopi", "en": "Coffee"}},
            {"id": "tenun", "name": {"id": "Tenun", "en": "Woven cloth"}},
            {"id": "daging", "name": {"id": "Daging olahan", "en": "Cured meat"}}
        ],
        "villages": [
            {
                "id": "beiwali-ngada",
                "name": "Beiwali",
                "kabupaten": "ngada",
                "cooperative": "Koperasi Desa Merah Putih Beiwali",
                "flagship": "Kopi arabika Bajawa",
                "story": "Desa di kaki Gunung Inerie."
            },
            {
                "id": "watublapi-sikka",
                "name": "Watublapi",
                "kabupaten": "sikka",
                "cooperative": "Koperasi Desa Merah Putih Watublapi",
                "flagship": "Tenun ikat",
                "story": "Desa penenun di Sikka."
            }
        ],
        "products": [kopi(), tenun(), sei()]
    })
}

fn parse_value(v: &Value) -> Parsed {
    parse(&serde_json::to_vec_pretty(v).expect("serialises")).expect("valid JSON")
}

/// Parses the valid feed after `mutate`.
fn with(mutate: impl FnOnce(&mut Value)) -> Parsed {
    let mut v = valid_feed();
    mutate(&mut v);
    parse_value(&v)
}

/// Sets the value at a JSON pointer such as `/products/0/price`; the parent
/// must exist.
fn set(v: &mut Value, pointer: &str, new: Value) {
    let (parent, key) = pointer.rsplit_once('/').expect("pointer");
    match v.pointer_mut(parent).unwrap_or_else(|| panic!("no {parent}")) {
        Value::Object(map) => {
            map.insert(key.to_owned(), new);
        }
        Value::Array(items) => items[key.parse::<usize>().expect("index")] = new,
        other => panic!("{parent} is {other}"),
    }
}

fn remove(v: &mut Value, pointer: &str) {
    let (parent, key) = pointer.rsplit_once('/').expect("pointer");
    v.pointer_mut(parent).and_then(Value::as_object_mut).expect("object").remove(key).expect(pointer);
}

fn listing(parsed: &Parsed) -> String {
    parsed.problems.iter().map(|p| format!("\n  {p}")).collect()
}

fn find<'p>(parsed: &'p Parsed, severity: Severity, path: &str, needle: &str) -> &'p Problem {
    parsed
        .problems
        .iter()
        .find(|p| p.severity == severity && p.path == path && p.message.contains(needle))
        .unwrap_or_else(|| panic!("no {severity:?} at {path} containing {needle:?}; problems:{}", listing(parsed)))
}

fn assert_error<'p>(parsed: &'p Parsed, path: &str, needle: &str) -> &'p Problem {
    find(parsed, Severity::Error, path, needle)
}

fn assert_warning<'p>(parsed: &'p Parsed, path: &str, needle: &str) -> &'p Problem {
    find(parsed, Severity::Warning, path, needle)
}

/// This is the feed's only error (warnings may follow from it, such as a
/// kabupaten left without an outlet).
fn assert_sole_error(parsed: &Parsed, path: &str, needle: &str) {
    assert_error(parsed, path, needle);
    assert_eq!(parsed.errors().count(), 1, "expected one error:{}", listing(parsed));
}

fn catalog(parsed: &Parsed) -> &Catalog {
    parsed.catalog.as_ref().unwrap_or_else(|| panic!("no catalog; problems:{}", listing(parsed)))
}

fn product_ids(parsed: &Parsed) -> Vec<&str> {
    catalog(parsed).products.iter().map(|p| p.id.as_str()).collect()
}

// ----- the valid feed -----

#[test]
fn valid_fixture_has_no_problems() {
    let parsed = parse_value(&valid_feed());
    assert!(parsed.problems.is_empty(), "{}", listing(&parsed));
    assert!(parsed.is_valid());
    let c = catalog(&parsed);
    assert_eq!(c.version, 1);
    assert_eq!(c.store.base_url, "https://nttmart.id");
    assert_eq!((c.outlets.len(), c.categories.len(), c.villages.len(), c.products.len()), (22, 3, 2, 3));
    assert_eq!(c.outlets[0].status, LaunchStatus::Launched);
    assert_eq!(c.outlets[0].launch_date.as_deref(), Some("2024-08-17"));
    let kopi = &c.products[0];
    assert_eq!(kopi.first_variant().price, Rupiah(85_000));
    assert_eq!(kopi.stream, Stream::Ovop);
    assert_eq!(kopi.certifications.halal, Halal::Certified { certificate: "ID00410000123450224".into() });
    assert_eq!(kopi.certifications.bpom.as_deref(), Some("MD224213001234"));
    assert_eq!(kopi.producer.nib.as_deref(), Some("9120301234567"));
    assert!(kopi.featured && kopi.flagship);
    let tenun = &c.products[1];
    assert_eq!(tenun.certifications.halal, Halal::NotApplicable);
    assert!(tenun.tags.is_empty() && !tenun.featured && !tenun.flagship);
    assert_eq!(tenun.producer.nib, None);
    assert_eq!(c.products[2].certifications.halal, Halal::NotHalal);
}

#[test]
fn catalog_round_trips_through_the_feed_format() {
    let parsed = parse_value(&valid_feed());
    let written = serde_json::to_vec_pretty(catalog(&parsed)).unwrap();
    let again = parse(&written).unwrap();
    assert!(again.problems.is_empty(), "{}", listing(&again));
    assert_eq!(again.catalog, parsed.catalog);
}

#[test]
fn problem_display_is_path_colon_message() {
    let parsed = with(|v| set(v, "/products/0/price", json!(12500.5)));
    assert_eq!(
        parsed.problems[0].to_string(),
        "products[0].price: must be a whole number of Rupiah greater than 0, found 12500.5"
    );
    let parsed = with(|v| set(v, "/products/0/colour", json!("merah")));
    assert_eq!(parsed.problems[0].to_string(), "products[0].colour: warning: unknown field, ignored");
}

// ----- bytes, syntax and the top level -----

/// The storefront reads its feed in two steps, a task each
/// (`index_text`, then `read`): the same checks as one go.
#[test]
fn the_index_read_in_two_steps_reports_a_bom_and_reads_the_rest() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(serde_json::to_vec(&valid_feed()).unwrap());
    let parsed = index_text(&bytes).unwrap().read();
    assert_error(&parsed, "", "save it as UTF-8 without BOM");
    assert_eq!(parsed.problems.len(), 1);
    assert_eq!(catalog(&parsed).products.len(), 3);
    assert!(index_text(b"\xEF\xBB\xBF{\"version\": 1,}").is_err(), "not JSON: an error before the second step");
}

#[test]
fn bom_is_reported_and_the_rest_is_read() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(serde_json::to_vec(&valid_feed()).unwrap());
    let parsed = parse(&bytes).unwrap();
    let p = assert_error(&parsed, "", "save it as UTF-8 without BOM");
    assert_eq!(p.to_string(), format!("(feed): {}", p.message));
    assert_eq!(parsed.problems.len(), 1);
    assert_eq!(catalog(&parsed).products.len(), 3);
    assert!(!parsed.is_valid());
}

#[test]
fn invalid_utf8_is_a_syntax_error() {
    let err = parse(b"{\"version\": 1, \"store\": \"\xff\xfe\"}").unwrap_err();
    assert_eq!(err.line, 1);
    assert!(err.message.contains("unicode") || err.message.contains("UTF-8"), "{}", err.message);
}

#[test]
fn syntax_error_reports_line_and_column() {
    let err = parse(b"{\n  \"version\": 1,\n  \"store\": {,}\n}").unwrap_err();
    assert_eq!((err.line, err.column), (3, 13));
    assert!(!err.message.contains("at line"), "{}", err.message);
    assert_eq!(
        err.to_string(),
        "line 3, column 13: key must be a string (field names must be written in double quotes)"
    );
    let err = parse(b"{\"tags\": [1, 2,]}").unwrap_err();
    assert_eq!(err.message, "trailing comma (remove the comma before the closing } or ])");
    let err = parse(b"{\"tags\": [1, 2]").unwrap_err();
    assert!(err.message.contains("the file ends too early"), "{}", err.message);
    assert!(parse(b"").is_err());
    assert!(parse(b"{} {}").is_err());
    assert!(parse(b"\xEF\xBB\xBF").is_err());
}

#[test]
fn deep_nesting_is_a_syntax_error_not_a_crash() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(parse(deep.as_bytes()).is_err());
}

#[test]
fn top_level_must_be_an_object() {
    for (text, found) in [("[]", "an empty list"), ("42", "42"), ("\"feed\"", "the text \"feed\""), ("null", "null")] {
        let parsed = parse(text.as_bytes()).unwrap();
        assert!(parsed.catalog.is_none());
        let p = assert_error(&parsed, "", "the feed must be an object { … }");
        assert!(p.message.ends_with(&format!("found {found}")), "{}", p.message);
    }
}

#[test]
fn version_is_required() {
    let parsed = with(|v| remove(v, "/version"));
    assert_sole_error(&parsed, "version", "is required: write \"version\": 2");
    assert!(parsed.catalog.is_none());
}

#[test]
fn newer_version_needs_newer_storefront() {
    let parsed = with(|v| {
        set(v, "/version", json!(3));
        set(v, "/products/0/price", json!(0));
        set(v, "/new_section", json!({}));
    });
    assert!(parsed.catalog.is_none());
    assert_sole_error(&parsed, "version", "the feed needs a newer storefront");
    assert!(parsed.problems[0].message.contains("schema version 3"));
}

#[test]
fn version_below_one_or_not_integer_is_fatal() {
    for (version, needle) in [
        (json!(0), "must be 1 or higher, found 0"),
        (json!(-1), "must be 1 or higher, found -1"),
        (json!(1.5), "must be a whole number such as 2, found 1.5"),
        (json!("1"), "must be a whole number, found the text \"1\"; write the number without quotes: 1"),
        (json!(null), "must be a whole number, found null"),
    ] {
        let parsed = with(|v| set(v, "/version", version.clone()));
        assert!(parsed.catalog.is_none(), "{version}");
        assert_sole_error(&parsed, "version", needle);
    }
}

// ----- general rules: types, required, unknown and repeated fields -----

#[test]
fn wrong_types_name_expected_and_found() {
    let parsed = with(|v| {
        set(v, "/products/0/name", json!(42));
        set(v, "/products/0/featured", json!("true"));
        set(v, "/products/0/producer", json!(["Ibu Maria"]));
        set(v, "/products/0/images", json!({"src": "img/kopi.svg"}));
        set(v, "/products/0/stock", json!("12"));
        set(v, "/outlets/0/whatsapp", json!(6281234567890u64));
    });
    assert_error(&parsed, "products[0].name", "must be text in quotes, found 42; put it in quotes: \"42\"");
    assert_error(
        &parsed,
        "products[0].featured",
        "must be true or false, found the text \"true\"; write true without quotes",
    );
    assert_error(&parsed, "products[0].producer", "must be an object { … }, found a list");
    assert_error(&parsed, "products[0].images", "must be a list [ … ], found an object { … }");
    assert_error(&parsed, "products[0].stock", "must be a number without quotes, found the text \"12\"; write 12");
    assert_error(&parsed, "outlets[0].whatsapp", "put it in quotes: \"6281234567890\"");
}

#[test]
fn missing_required_fields_are_reported() {
    for field in [
        "id",
        "slug",
        "name",
        "description",
        "category",
        "village",
        "producer",
        "price",
        "unit",
        "stock",
        "images",
        "added",
        "stream",
        "certifications",
    ] {
        let parsed = with(|v| remove(v, &format!("/products/0/{field}")));
        let p = assert_error(&parsed, &format!("products[0].{field}"), "is required");
        assert_eq!(p.message, "is required");
        assert_eq!(parsed.errors().count(), 1, "{field}:{}", listing(&parsed));
        assert_eq!(product_ids(&parsed), ["SKA-0001", "KPG-0001"], "{field}");
    }
    for (pointer, path) in [
        ("/products/0/producer/name", "products[0].producer.name"),
        ("/products/0/images/0/alt", "products[0].images[0].alt"),
        ("/products/0/images/0/src", "products[0].images[0].src"),
        ("/products/0/certifications/halal", "products[0].certifications.halal"),
        ("/products/0/certifications/halal/status", "products[0].certifications.halal.status"),
        ("/outlets/3/hours", "outlets[3].hours"),
        ("/villages/1/story", "villages[1].story"),
        ("/categories/0/name/en", "categories[0].name.en"),
    ] {
        let parsed = with(|v| remove(v, pointer));
        assert_eq!(assert_error(&parsed, path, "is required").message, "is required");
    }
}

#[test]
fn optional_fields_may_be_absent_or_null() {
    let parsed = with(|v| {
        remove(v, "/products/0/producer/nib");
        remove(v, "/products/0/certifications/bpom");
        set(v, "/products/0/certifications/pirt", Value::Null);
        remove(v, "/products/0/tags");
        remove(v, "/products/0/featured");
        remove(v, "/products/0/flagship");
        set(v, "/outlets/0/status", json!("planned"));
        remove(v, "/outlets/0/launch_date");
        set(v, "/outlets/1/status", json!("planned"));
        set(v, "/outlets/1/launch_date", Value::Null);
    });
    assert!(parsed.problems.is_empty(), "{}", listing(&parsed));
    let c = catalog(&parsed);
    let p = &c.products[0];
    assert_eq!(
        (p.producer.nib.as_ref(), p.certifications.bpom.as_ref(), p.certifications.pirt.as_ref()),
        (None, None, None)
    );
    assert!(p.tags.is_empty() && !p.featured && !p.flagship);
    assert_eq!((c.outlets[0].launch_date.as_ref(), c.outlets[0].status), (None, LaunchStatus::Planned));
}

#[test]
fn defaulted_fields_reject_null() {
    let parsed = with(|v| set(v, "/products/0/tags", Value::Null));
    assert_sole_error(&parsed, "products[0].tags", "must be a list [ … ], found null");
}

#[test]
fn unknown_fields_are_warnings_with_suggestions() {
    let parsed = with(|v| {
        set(v, "/products/2/colour", json!("merah"));
        set(v, "/products/1/prise", json!(5));
        set(v, "/store/Currency", json!("IDR"));
        set(v, "/generator", json!("excel"));
        set(v, "/products/0/certifications/halal/expires", json!("2028-01-01"));
    });
    assert_eq!(assert_warning(&parsed, "products[2].colour", "").message, "unknown field, ignored");
    assert_eq!(
        assert_warning(&parsed, "products[1].prise", "").message,
        "unknown field, ignored; did you mean \"price\"?"
    );
    assert_warning(&parsed, "store.Currency", "did you mean \"currency\"?");
    assert_warning(&parsed, "generator", "unknown field, ignored");
    assert_warning(&parsed, "products[0].certifications.halal.expires", "unknown field, ignored");
    assert_eq!(parsed.errors().count(), 0, "{}", listing(&parsed));
    assert!(parsed.is_valid());
    assert_eq!(catalog(&parsed).products.len(), 3);
}

#[test]
fn unusual_field_names_are_quoted_in_paths() {
    let parsed = with(|v| set(v, "/products/0/harga jual", json!(5)));
    assert_warning(&parsed, "products[0][\"harga jual\"]", "unknown field, ignored");
}

#[test]
fn repeated_field_is_an_error() {
    let text =
        serde_json::to_string(&valid_feed()).unwrap().replacen("\"price\":85000", "\"price\":85000,\"price\":90000", 1);
    let parsed = parse(text.as_bytes()).unwrap();
    assert_sole_error(&parsed, "products[0].price", "appears more than once here; keep only one");
    assert_eq!(product_ids(&parsed), ["SKA-0001", "KPG-0001"]);
}

// ----- store -----

#[test]
fn store_base_url_must_be_https_without_trailing_slash() {
    for (url, needle) in [
        ("https://nttmart.id/", "must not end with a slash (/), found \"https://nttmart.id/\"; write https://nttmart.id"),
        ("http://nttmart.id", "must start with https:// (a secure address), not http://, found \"http://nttmart.id\"; write https://nttmart.id"),
        ("nttmart.id", "must be the full address of the storefront starting with https://"),
        ("https://", "must name a website after https://"),
        ("https://ntt mart.id", "must not contain spaces"),
        ("https://nttmart.id?x=1", "without ? or #"),
    ] {
        let parsed = with(|v| set(v, "/store/base_url", json!(url)));
        assert_sole_error(&parsed, "store.base_url", needle);
        assert!(parsed.catalog.is_none(), "{url}: a broken store is fatal");
    }
    let parsed = with(|v| set(v, "/store/base_url", json!("https://ntt-mart.github.io/storefront")));
    assert!(parsed.is_valid(), "{}", listing(&parsed));
}

#[test]
fn store_currency_must_be_idr() {
    let parsed = with(|v| set(v, "/store/currency", json!("Rp")));
    assert_sole_error(&parsed, "store.currency", "must be \"IDR\" (Indonesian Rupiah), found \"Rp\"");
    assert!(parsed.catalog.is_none());
}

#[test]
fn broken_store_is_fatal_but_everything_is_still_checked() {
    let parsed = with(|v| {
        remove(v, "/store/tagline");
        set(v, "/products/1/price", json!(-5));
    });
    assert!(parsed.catalog.is_none());
    assert_error(&parsed, "store.tagline", "is required");
    assert_error(&parsed, "products[1].price", "found -5");

    let parsed = with(|v| remove(v, "/store"));
    assert_sole_error(&parsed, "store", "is required");
    assert!(parsed.catalog.is_none());

    let parsed = with(|v| set(v, "/store", json!("NTT Mart")));
    assert_sole_error(&parsed, "store", "must be an object { … }, found the text \"NTT Mart\"");
    assert!(parsed.catalog.is_none());
}

// ----- outlets -----

#[test]
fn outlet_kabupaten_must_be_known() {
    let parsed = with(|v| set(v, "/outlets/8/kabupaten", json!("Ngada")));
    assert_error(
        &parsed,
        "outlets[8].kabupaten",
        "must be the slug of one of the 22 kabupaten/kota of NTT, such as ngada or kota-kupang, found \"Ngada\"; write ngada",
    );
    assert_eq!(catalog(&parsed).outlets.len(), 21);
    let parsed = with(|v| set(v, "/outlets/8/kabupaten", json!("Kabupaten Flores Timur")));
    assert_error(&parsed, "outlets[8].kabupaten", "; write flores-timur");
    let parsed = with(|v| set(v, "/outlets/8/kabupaten", json!("jakarta")));
    let p = assert_error(&parsed, "outlets[8].kabupaten", "found \"jakarta\"");
    assert!(!p.message.contains("write"), "{}", p.message);
}

#[test]
fn duplicate_outlet_kabupaten_is_dropped() {
    let parsed = with(|v| set(v, "/outlets/5", outlet("kupang")));
    assert_error(
        &parsed,
        "outlets[5].kabupaten",
        "\"kupang\" already has an outlet at outlets[0]; each kabupaten/kota has one outlet, so this one is left out",
    );
    let c = catalog(&parsed);
    assert_eq!(c.outlets.len(), 21);
    assert_eq!(c.outlets.iter().filter(|o| o.kabupaten == "kupang").count(), 1);
    assert_warning(&parsed, "outlets", "has no usable outlet for 1 of the 22 kabupaten/kota: flores-timur");
}

#[test]
fn outlet_status_must_be_launched_or_planned() {
    let parsed = with(|v| set(v, "/outlets/2/status", json!("Launched")));
    assert_sole_error(
        &parsed,
        "outlets[2].status",
        "must be \"launched\" or \"planned\", found \"Launched\"; write launched",
    );
    let parsed = with(|v| set(v, "/outlets/2/status", json!("open")));
    assert_sole_error(&parsed, "outlets[2].status", "must be \"launched\" or \"planned\", found \"open\"");
}

#[test]
fn launched_outlet_needs_launch_date() {
    let parsed = with(|v| remove(v, "/outlets/4/launch_date"));
    assert_sole_error(&parsed, "outlets[4].launch_date", "is required when status is \"launched\"");
    assert_eq!(catalog(&parsed).outlets.len(), 21);
}

#[test]
fn launch_date_must_be_a_real_date() {
    for (date, needle) in [
        ("17-08-2024", "must be a date written YYYY-MM-DD, such as 2024-03-15, found \"17-08-2024\"; write 2024-08-17"),
        ("2023-02-29", "is not a real date: February 2023 has 28 days, found \"2023-02-29\""),
        ("2024-13-01", "there is no month 13"),
        ("kemarin", "must be a date written YYYY-MM-DD"),
    ] {
        let parsed = with(|v| set(v, "/outlets/6/launch_date", json!(date)));
        assert_sole_error(&parsed, "outlets[6].launch_date", needle);
    }
    let parsed = with(|v| {
        set(v, "/outlets/6/status", json!("planned"));
        set(v, "/outlets/6/launch_date", json!("2025-02-30"));
    });
    assert_sole_error(&parsed, "outlets[6].launch_date", "February 2025 has 28 days");
}

#[test]
fn whatsapp_must_be_international_form() {
    for (number, needle) in [
        ("081234567890", "; write 6281234567890"),
        ("+6281234567890", "; write 6281234567890"),
        ("+62 812-3456-7890", "; write 6281234567890"),
        ("62081234567890", "; write 6281234567890"),
        ("0812 3456 7890", "; write 6281234567890"),
        ("6281", "found \"6281\""),
        ("62812345678901234", "found \"62812345678901234\""),
        ("wa.me/6281234567890", "must be a WhatsApp number in international form: 62 followed by 8 to 13 digits"),
    ] {
        let parsed = with(|v| set(v, "/outlets/7/whatsapp", json!(number)));
        assert_sole_error(&parsed, "outlets[7].whatsapp", needle);
    }
    for good in ["6281234567", "6281234567890123"] {
        let parsed = with(|v| set(v, "/outlets/7/whatsapp", json!(good)));
        assert_eq!(parsed.is_valid(), good.len() <= 15, "{good}:{}", listing(&parsed));
    }
}

#[test]
fn missing_outlets_are_a_warning() {
    let parsed = with(|v| {
        let outlets = v["outlets"].as_array_mut().unwrap();
        outlets.retain(|o| !matches!(o["kabupaten"].as_str(), Some("alor" | "lembata" | "kota-kupang")));
    });
    let p = assert_warning(&parsed, "outlets", "");
    assert_eq!(p.message, "has no usable outlet for 3 of the 22 kabupaten/kota: alor, lembata, kota-kupang");
    assert!(parsed.is_valid());
}

#[test]
fn outlets_section_is_required() {
    let parsed = with(|v| remove(v, "/outlets"));
    assert_sole_error(&parsed, "outlets", "is required");
    assert!(catalog(&parsed).outlets.is_empty());
}

#[test]
fn bad_outlets_are_dropped() {
    let parsed = with(|v| {
        set(v, "/outlets/0/name", json!(""));
        set(v, "/outlets/1", json!("NTT Mart Soe"));
    });
    assert_error(&parsed, "outlets[0].name", "must not be empty");
    assert_error(&parsed, "outlets[1]", "must be an object { … }, found the text \"NTT Mart Soe\"");
    let c = catalog(&parsed);
    assert_eq!(c.outlets.len(), 20);
    assert!(c.outlet("kupang").is_none() && c.outlet("ngada").is_some());
}

// ----- categories -----

#[test]
fn category_id_must_be_a_slug() {
    let parsed = with(|v| set(v, "/categories/1/id", json!("Tenun Ikat")));
    assert_error(
        &parsed,
        "categories[1].id",
        "must contain only lowercase letters a-z, digits and hyphens (-), such as kopi-arabika-bajawa, found \"Tenun Ikat\"; write tenun-ikat",
    );
    // The tenun product now refers to a category that is not there.
    assert_error(&parsed, "products[1].category", "refers to category \"tenun\", which is not in the categories list");
    assert_eq!(catalog(&parsed).categories.len(), 2);
}

#[test]
fn category_names_need_both_languages() {
    let parsed = with(|v| {
        set(v, "/categories/2/name/en", json!("  "));
        set(v, "/categories/2/name/fr", json!("Viande"));
    });
    assert_error(&parsed, "categories[2].name.en", "must not be empty");
    assert_warning(&parsed, "categories[2].name.fr", "unknown field, ignored");
    let parsed = with(|v| set(v, "/categories/0/name", json!("Kopi")));
    assert_error(&parsed, "categories[0].name", "must be an object { … }, found the text \"Kopi\"");
}

#[test]
fn duplicate_category_ids() {
    let parsed = with(|v| {
        v["categories"]
            .as_array_mut()
            .unwrap()
            .push(json!({"id": "kopi", "name": {"id": "Kopi lagi", "en": "Coffee again"}}));
    });
    assert_sole_error(
        &parsed,
        "categories[3].id",
        "\"kopi\" is already the id of categories[0]; every entry needs its own id, so this one is left out",
    );
    let c = catalog(&parsed);
    assert_eq!(c.categories.len(), 3);
    assert_eq!(c.category("kopi").unwrap().name.id, "Kopi");
}

// ----- villages -----

#[test]
fn village_fields_are_checked() {
    let parsed = with(|v| {
        set(v, "/villages/1/id", json!("watublapi_sikka"));
        set(v, "/villages/1/cooperative", json!(""));
        set(v, "/villages/1/story", json!("x".repeat(3001)));
        remove(v, "/villages/1/flagship");
    });
    assert_error(&parsed, "villages[1].id", "found \"watublapi_sikka\"; write watublapi-sikka");
    assert_error(&parsed, "villages[1].cooperative", "must not be empty");
    assert_error(&parsed, "villages[1].story", "is too long: 3001 characters, the limit is 3000");
    assert_error(&parsed, "villages[1].flagship", "is required");
    assert_eq!(catalog(&parsed).villages.len(), 1);
}

#[test]
fn village_kabupaten_must_be_known() {
    let parsed = with(|v| set(v, "/villages/0/kabupaten", json!("ngda")));
    assert_error(&parsed, "villages[0].kabupaten", "found \"ngda\"; write ngada");
}

#[test]
fn duplicate_village_ids() {
    let parsed = with(|v| {
        let mut copy = v["villages"][0].clone();
        copy["name"] = json!("Beiwali Dua");
        v["villages"].as_array_mut().unwrap().push(copy);
    });
    assert_sole_error(&parsed, "villages[2].id", "\"beiwali-ngada\" is already the id of villages[0]");
    assert_eq!(catalog(&parsed).village("beiwali-ngada").unwrap().name, "Beiwali");
}

// ----- products: identity -----

#[test]
fn product_id_format_and_length() {
    let parsed = with(|v| set(v, "/products/0/id", json!("NGD 0001")));
    assert_sole_error(
        &parsed,
        "products[0].id",
        "must contain only letters A-Z, digits and hyphens (-), such as NGD-0001, found \"NGD 0001\"",
    );
    let parsed = with(|v| set(v, "/products/0/id", json!("A".repeat(41))));
    assert_sole_error(&parsed, "products[0].id", "is too long: 41 characters, the limit is 40");
    let parsed = with(|v| set(v, "/products/0/id", json!("A".repeat(40))));
    assert!(parsed.is_valid());
}

#[test]
fn product_slug_format_and_length() {
    let parsed = with(|v| set(v, "/products/0/slug", json!("Kopi Bajawa")));
    assert_sole_error(&parsed, "products[0].slug", "found \"Kopi Bajawa\"; write kopi-bajawa");
    let parsed = with(|v| set(v, "/products/0/slug", json!("kopi/bajawa")));
    assert_sole_error(&parsed, "products[0].slug", "must contain only lowercase letters a-z, digits and hyphens (-)");
    let parsed = with(|v| set(v, "/products/0/slug", json!("k".repeat(81))));
    assert_sole_error(&parsed, "products[0].slug", "is too long: 81 characters, the limit is 80");
}

#[test]
fn duplicate_product_id_names_earlier_index() {
    let parsed = with(|v| set(v, "/products/2/id", json!("NGD-0001")));
    assert_sole_error(
        &parsed,
        "products[2].id",
        "\"NGD-0001\" is already the id of products[0]; every product needs its own id, so this one is left out",
    );
    assert_eq!(product_ids(&parsed), ["NGD-0001", "SKA-0001"]);
}

#[test]
fn duplicate_product_slug_names_earlier_index() {
    let parsed = with(|v| set(v, "/products/2/slug", json!("tenun-ikat-sikka")));
    assert_sole_error(
        &parsed,
        "products[2].slug",
        "\"tenun-ikat-sikka\" is already the slug of products[1]; every product needs its own web address",
    );
    assert_eq!(product_ids(&parsed), ["NGD-0001", "SKA-0001"]);
}

// ----- products: price and stock -----

#[test]
fn price_zero_negative_or_fractional() {
    for (price, found) in
        [(json!(0), "0"), (json!(-25000), "-25000"), (json!(12500.5), "12500.5"), (json!(-0.5), "-0.5")]
    {
        let parsed = with(|v| set(v, "/products/0/price", price.clone()));
        let p = assert_error(&parsed, "products[0].price", "must be a whole number of Rupiah greater than 0");
        assert_eq!(p.message, format!("must be a whole number of Rupiah greater than 0, found {found}"));
        assert_eq!(product_ids(&parsed), ["SKA-0001", "KPG-0001"]);
    }
    let parsed = with(|v| set(v, "/products/0/price", json!(25000.0)));
    assert_sole_error(&parsed, "products[0].price", "found 25000.0; write 25000 without the decimal point");
    let parsed = with(|v| set(v, "/products/0/price", json!(true)));
    assert_sole_error(&parsed, "products[0].price", "greater than 0, found true");
}

#[test]
fn price_in_quotes_suggests_number() {
    let parsed = with(|v| set(v, "/products/0/price", json!("25000")));
    assert_sole_error(
        &parsed,
        "products[0].price",
        "must be a number without quotes, found the text \"25000\"; write 25000",
    );
    let parsed = with(|v| set(v, "/products/0/price", json!("Rp 25.000")));
    assert_sole_error(&parsed, "products[0].price", "found the text \"Rp 25.000\"; write 25000");
    let parsed = with(|v| set(v, "/products/0/price", json!("dua puluh ribu")));
    assert_sole_error(
        &parsed,
        "products[0].price",
        "must be a whole number of Rupiah greater than 0, found the text \"dua puluh ribu\"",
    );
}

#[test]
fn absurd_price_is_rejected() {
    let parsed = with(|v| set(v, "/products/1/price", json!(MAX_PRICE.0 + 1)));
    assert_sole_error(
        &parsed,
        "products[1].price",
        "is more than the highest allowed price, Rp 250.000.000; check for extra zeros, found 250000001",
    );
    let parsed = with(|v| set(v, "/products/1/price", json!(1e30)));
    assert_sole_error(&parsed, "products[1].price", "is more than the highest allowed price");
    let parsed = with(|v| set(v, "/products/1/price", json!(MAX_PRICE.0)));
    assert!(parsed.is_valid());
    assert_eq!(catalog(&parsed).products[1].first_variant().price, MAX_PRICE);
}

#[test]
fn stock_must_be_whole_and_in_range() {
    for (stock, needle) in [
        (json!(-3), "must be a whole number of items, 0 or more, found -3"),
        (json!(2.5), "must be a whole number of items, 0 or more, found 2.5"),
        (json!(12.0), "must be a whole number of items, 0 or more, found 12.0; write 12 without the decimal point"),
        (json!(1_000_001), "is more than 1000000 items; check for extra zeros, found 1000001"),
        (json!("banyak"), "must be a whole number of items, 0 or more, found the text \"banyak\""),
    ] {
        let parsed = with(|v| set(v, "/products/0/stock", stock.clone()));
        assert_sole_error(&parsed, "products[0].stock", needle);
    }
    let parsed = with(|v| set(v, "/products/0/stock", json!(1_000_000)));
    assert!(parsed.is_valid());
}

// ----- products: references -----

#[test]
fn category_reference_must_exist() {
    let parsed = with(|v| set(v, "/products/0/category", json!("kopii")));
    assert_sole_error(
        &parsed,
        "products[0].category",
        "refers to category \"kopii\", which is not in the categories list; did you mean \"kopi\"?",
    );
}

#[test]
fn village_reference_must_exist() {
    let parsed = with(|v| set(v, "/products/1/village", json!("sikka")));
    assert_sole_error(&parsed, "products[1].village", "refers to village \"sikka\", which is not in the villages list");
}

#[test]
fn reference_to_dropped_village_is_unknown() {
    let parsed = with(|v| remove(v, "/villages/1/story"));
    assert_error(&parsed, "villages[1].story", "is required");
    assert_error(
        &parsed,
        "products[1].village",
        "refers to village \"watublapi-sikka\", which is left out of the catalog because villages[1] has errors",
    );
    assert_eq!(product_ids(&parsed), ["NGD-0001", "KPG-0001"]);
}

// ----- products: images, tags, dates, stream -----

#[test]
fn images_must_be_a_non_empty_list_of_src_and_alt() {
    let parsed = with(|v| set(v, "/products/0/images", json!([])));
    assert_sole_error(&parsed, "products[0].images", "must list at least one image");
    let parsed = with(|v| set(v, "/products/0/images", json!(["img/kopi.svg"])));
    assert_sole_error(&parsed, "products[0].images[0]", "must be an object { … }, found the text \"img/kopi.svg\"");
    let parsed = with(|v| set(v, "/products/0/images/0/alt", json!("")));
    assert_sole_error(&parsed, "products[0].images[0].alt", "must not be empty");
}

#[test]
fn image_src_rejects_dangerous_or_insecure_addresses() {
    for (src, needle) in [
        ("javascript:alert(1)", "must not be a javascript: address"),
        ("JavaScript:alert(1)", "must not be a javascript: address"),
        ("data:image/svg+xml;base64,PHN2Zz4=", "must not be a data: address"),
        ("http://cdn.nttmart.id/kopi.jpg", "must use https://, not http://"),
        ("//evil.example/kopi.jpg", "must not start with //"),
        ("C:\\Users\\Staf\\kopi.jpg", "looks like a file on a computer"),
        ("file:///home/staf/kopi.jpg", "must not be a file: address"),
        ("img/../../etc/passwd", "must not contain .. (a folder outside the website)"),
        ("../kopi.jpg", "must not contain .."),
        ("img\\kopi.jpg", "must use / between folders"),
        ("HTTPS://cdn.nttmart.id/kopi.jpg", "written in lowercase"),
        ("https:///kopi.jpg", "must name a website after https://"),
    ] {
        let parsed = with(|v| set(v, "/products/0/images/0/src", json!(src)));
        assert_sole_error(&parsed, "products[0].images[0].src", needle);
    }
    let parsed = with(|v| set(v, "/products/0/images/0/src", json!("http://cdn.nttmart.id/kopi.jpg")));
    assert_error(&parsed, "products[0].images[0].src", "; write https://cdn.nttmart.id/kopi.jpg");
}

#[test]
fn image_src_accepts_relative_paths_and_https() {
    for src in [
        "img/kopi.svg",
        "/img/kopi.svg",
        "./img/kopi.svg",
        "img/kopi..baru.svg",
        "https://cdn.nttmart.id/a/b.jpg?w=400",
        "img/a:b.svg",
    ] {
        let parsed = with(|v| set(v, "/products/0/images/0/src", json!(src)));
        assert!(parsed.is_valid(), "{src}:{}", listing(&parsed));
    }
}

#[test]
fn tags_limits() {
    let parsed = with(|v| set(v, "/products/0/tags", json!((0..21).map(|i| format!("t{i}")).collect::<Vec<_>>())));
    assert_sole_error(&parsed, "products[0].tags", "has 21 tags; the limit is 20");
    let parsed = with(|v| set(v, "/products/0/tags", json!(["kopi", "t".repeat(41), ""])));
    assert_error(&parsed, "products[0].tags[1]", "is too long: 41 characters, the limit is 40");
    assert_error(&parsed, "products[0].tags[2]", "must not be empty");
    let parsed = with(|v| set(v, "/products/0/tags", json!("kopi, arabika")));
    assert_sole_error(&parsed, "products[0].tags", "must be a list [ … ], found the text \"kopi, arabika\"");
}

#[test]
fn added_must_be_a_real_date() {
    let parsed = with(|v| set(v, "/products/0/added", json!("2024-02-30")));
    assert_sole_error(
        &parsed,
        "products[0].added",
        "is not a real date: February 2024 has 29 days, found \"2024-02-30\"",
    );
    let parsed = with(|v| set(v, "/products/0/added", json!("15/03/2024")));
    assert_sole_error(&parsed, "products[0].added", "; write 2024-03-15");
    let parsed = with(|v| set(v, "/products/0/added", json!("2024-02-29")));
    assert!(parsed.is_valid());
}

#[test]
fn stream_must_be_a_known_code() {
    let parsed = with(|v| set(v, "/products/0/stream", json!("ovop")));
    assert_sole_error(&parsed, "products[0].stream", "must be OVOP, OSOP or OCOP, found \"ovop\"; write OVOP");
    let parsed = with(|v| set(v, "/products/0/stream", json!("OVOC")));
    assert_sole_error(&parsed, "products[0].stream", "must be OVOP, OSOP or OCOP, found \"OVOC\"");
}

// ----- products: certifications -----

#[test]
fn halal_must_be_an_object_with_a_status() {
    let parsed = with(|v| set(v, "/products/0/certifications/halal", json!("halal")));
    assert_sole_error(
        &parsed,
        "products[0].certifications.halal",
        "must be an object such as {\"status\": \"certified\", \"certificate\": \"ID…\"} or {\"status\": \"not_halal\"}, found the text \"halal\"",
    );
    let parsed = with(|v| set(v, "/products/0/certifications/halal/status", json!("non-halal")));
    assert_error(
        &parsed,
        "products[0].certifications.halal.status",
        "must be \"certified\", \"not_halal\" or \"not_applicable\", found \"non-halal\"; write not_halal",
    );
}

#[test]
fn certified_needs_a_valid_certificate() {
    let parsed = with(|v| remove(v, "/products/0/certifications/halal/certificate"));
    assert_sole_error(&parsed, "products[0].certifications.halal.certificate", "is required");
    for (cert, needle) in [
        ("ID 0041 0000 1234 50224", "; write ID00410000123450224"),
        ("id00410000123450224", "; write ID00410000123450224"),
        ("ID123456789", "must be the halal certificate number: ID followed by 10 to 20 digits"),
        ("ID123456789012345678901", "found \"ID123456789012345678901\""),
        ("LPPOM-00150012345", "found \"LPPOM-00150012345\""),
    ] {
        let parsed = with(|v| set(v, "/products/0/certifications/halal/certificate", json!(cert)));
        assert_sole_error(&parsed, "products[0].certifications.halal.certificate", needle);
    }
    for good in ["ID1234567890", "ID12345678901234567890"] {
        let parsed = with(|v| set(v, "/products/0/certifications/halal/certificate", json!(good)));
        assert!(parsed.is_valid(), "{good}:{}", listing(&parsed));
    }
}

#[test]
fn not_halal_or_not_applicable_must_not_carry_a_certificate() {
    let parsed = with(|v| set(v, "/products/2/certifications/halal/certificate", json!("ID00410000123450224")));
    assert_sole_error(
        &parsed,
        "products[2].certifications.halal.certificate",
        "must not be given when status is \"not_halal\"; remove it, or set status to \"certified\"",
    );
    let parsed = with(|v| set(v, "/products/1/certifications/halal/certificate", json!("ID00410000123450224")));
    assert_sole_error(&parsed, "products[1].certifications.halal.certificate", "status is \"not_applicable\"");
}

#[test]
fn bpom_format_suggests_normalised_form() {
    for (bpom, needle) in [
        (
            "MD 2242 1300 1234",
            "without spaces, such as MD224213001234, found \"MD 2242 1300 1234\"; write MD224213001234",
        ),
        ("BPOM RI MD 224213001234", "; write MD224213001234"),
        ("ml224213001234", "; write ML224213001234"),
        ("MD22421300123", "must be the BPOM number: MD or ML followed by exactly 12 digits"),
        ("MK224213001234", "found \"MK224213001234\""),
    ] {
        let parsed = with(|v| set(v, "/products/0/certifications/bpom", json!(bpom)));
        assert_sole_error(&parsed, "products[0].certifications.bpom", needle);
    }
}

#[test]
fn pirt_must_be_15_digits() {
    let parsed = with(|v| set(v, "/products/2/certifications/pirt", json!("P-IRT No. 2065309010123-26")));
    assert_sole_error(
        &parsed,
        "products[2].certifications.pirt",
        "must be the P-IRT number: exactly 15 digits, such as 206530901012326, found \"P-IRT No. 2065309010123-26\"; write 206530901012326",
    );
    let parsed = with(|v| set(v, "/products/2/certifications/pirt", json!("20653090101232")));
    assert_sole_error(&parsed, "products[2].certifications.pirt", "exactly 15 digits");
    let parsed = with(|v| set(v, "/products/2/certifications/pirt", json!(206530901012326u64)));
    assert_sole_error(&parsed, "products[2].certifications.pirt", "put it in quotes: \"206530901012326\"");
}

#[test]
fn nib_must_be_13_digits() {
    let parsed = with(|v| set(v, "/products/0/producer/nib", json!("9120-3012-34567")));
    assert_sole_error(&parsed, "products[0].producer.nib", "must be the NIB business number: exactly 13 digits");
    assert!(parsed.problems[0].message.ends_with("; write 9120301234567"));
    let parsed = with(|v| set(v, "/products/0/producer/nib", json!("912030123456")));
    assert_sole_error(&parsed, "products[0].producer.nib", "found \"912030123456\"");
}

#[test]
fn not_applicable_on_food_is_a_warning() {
    assert_eq!(NON_FOOD_CATEGORIES, ["tenun", "kerajinan"]);
    let parsed = with(|v| set(v, "/products/0/certifications/halal", json!({"status": "not_applicable"})));
    let p = assert_warning(&parsed, "products[0].certifications.halal.status", "");
    assert_eq!(
        p.message,
        "says \"not_applicable\", but category \"kopi\" is food; write \"certified\" with the certificate number, or \"not_halal\""
    );
    assert_eq!(parsed.problems.len(), 1);
    assert!(parsed.is_valid(), "a warning keeps the product");
    // Non-food categories are fine, as the fixture's tenun shows.
    assert!(parse_value(&valid_feed()).problems.is_empty());
}

// ----- text limits -----

#[test]
fn text_length_limits_count_characters() {
    // 120 characters of 2-byte text is within the name limit although it is 240 bytes.
    let parsed = with(|v| set(v, "/products/0/name", json!("é".repeat(120))));
    assert!(parsed.is_valid(), "{}", listing(&parsed));
    for (pointer, path, len, limit) in [
        ("/products/0/name", "products[0].name", 121, 120),
        ("/products/0/unit", "products[0].unit", 41, 40),
        ("/products/0/description", "products[0].description", 2001, 2000),
        ("/products/0/producer/name", "products[0].producer.name", 121, 120),
        ("/products/0/images/0/alt", "products[0].images[0].alt", 201, 200),
        ("/outlets/0/address", "outlets[0].address", 201, 200),
        ("/store/tagline", "store.tagline", 201, 200),
        ("/villages/0/name", "villages[0].name", 121, 120),
        ("/categories/0/name/id", "categories[0].name.id", 121, 120),
    ] {
        let parsed = with(|v| set(v, pointer, json!("é".repeat(len))));
        let p = assert_error(&parsed, path, "is too long");
        assert_eq!(p.message, format!("is too long: {len} characters, the limit is {limit}"));
    }
}

#[test]
fn empty_required_text_is_an_error() {
    for (pointer, path) in [
        ("/products/0/name", "products[0].name"),
        ("/products/0/description", "products[0].description"),
        ("/store/name", "store.name"),
        ("/outlets/0/hours", "outlets[0].hours"),
        ("/villages/0/story", "villages[0].story"),
    ] {
        let parsed = with(|v| set(v, pointer, json!(" \t\n ")));
        assert_eq!(assert_error(&parsed, path, "").message, "must not be empty");
    }
}

// ----- what survives -----

#[test]
fn bad_product_is_left_out_and_the_rest_kept() {
    let parsed = with(|v| {
        set(v, "/products/1/price", json!("1.250.000,5"));
        set(v, "/products/1/stock", json!(-1));
    });
    assert_eq!(parsed.errors().count(), 2);
    assert_eq!(product_ids(&parsed), ["NGD-0001", "KPG-0001"]);
    assert!(!parsed.is_valid());
}

#[test]
fn missing_products_is_fatal() {
    let parsed = with(|v| remove(v, "/products"));
    assert_sole_error(&parsed, "products", "is required: the catalog needs at least one product");
    assert!(parsed.catalog.is_none());
}

#[test]
fn empty_products_is_fatal() {
    let parsed = with(|v| set(v, "/products", json!([])));
    assert_sole_error(&parsed, "products", "is an empty list: the catalog needs at least one product");
    assert!(parsed.catalog.is_none());
    let parsed = with(|v| set(v, "/products", json!({})));
    assert_sole_error(&parsed, "products", "must be a list [ … ], found an object { … }");
    assert!(parsed.catalog.is_none());
}

#[test]
fn all_products_invalid_is_fatal() {
    let parsed = with(|v| {
        for i in 0..3 {
            set(v, &format!("/products/{i}/price"), json!(0));
        }
    });
    assert!(parsed.catalog.is_none());
    let last = parsed.problems.last().unwrap();
    assert_eq!(last.path, "products");
    assert_eq!(
        last.message,
        "none of the 3 products can be used because each has errors (listed above); the catalog needs at least one valid product"
    );
    let parsed = with(|v| set(v, "/products", json!([{"id": "X"}])));
    assert!(parsed.catalog.is_none());
    assert_error(&parsed, "products", "the only product cannot be used because it has errors");
}

#[test]
fn categories_and_villages_sections_are_required() {
    let parsed = with(|v| remove(v, "/categories"));
    assert_error(&parsed, "categories", "is required");
    assert_error(&parsed, "products[0].category", "refers to category \"kopi\", which is not in the categories list");
    assert!(parsed.catalog.is_none(), "no product survives without categories");
    let parsed = with(|v| set(v, "/villages", json!("beiwali")));
    assert_error(&parsed, "villages", "must be a list [ … ], found the text \"beiwali\"");
}

// ----- order -----

#[test]
fn problems_come_in_document_order() {
    // Products come before categories here, and fields are in an unusual order.
    let text = r#"{
      "products": [
        {"price": 0, "id": "bad id", "colour": "red", "category": "nope"},
        {"stock": -1}
      ],
      "zzz": 1,
      "categories": [{"id": "Kopi", "name": {"id": "Kopi", "en": "Coffee"}}],
      "version": 1
    }"#;
    let parsed = parse(text.as_bytes()).unwrap();
    let paths: Vec<&str> = parsed.problems.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "products[0].price",
            "products[0].id",
            "products[0].colour",
            "products[0].category",
            // Missing fields are reported at the end of their object.
            "products[0].slug",
            "products[0].name",
            "products[0].description",
            "products[0].village",
            "products[0].producer",
            "products[0].unit",
            "products[0].stock",
            "products[0].images",
            "products[0].added",
            "products[0].stream",
            "products[0].certifications",
            "products[1].stock",
            "products[1].id",
            "products[1].slug",
            "products[1].name",
            "products[1].description",
            "products[1].category",
            "products[1].village",
            "products[1].producer",
            "products[1].price",
            "products[1].unit",
            "products[1].images",
            "products[1].added",
            "products[1].stream",
            "products[1].certifications",
            "products",
            "zzz",
            "categories[0].id",
            // Missing sections, at the end of the feed.
            "store",
            "villages",
            "outlets",
        ],
        "{}",
        listing(&parsed)
    );
}

// ----- the JSON reader: its fast path against serde_json -----

/// Reads `text` with both paths of `node` and checks that they build the
/// same tree (or that the fast path leaves it to serde_json).
fn assert_paths_agree(text: &[u8]) {
    let (fast, slow) = node::both_paths(text);
    if let Some(fast) = fast {
        assert_eq!(Ok(fast), slow, "{}", String::from_utf8_lossy(text));
    }
}

#[test]
fn strings_with_escapes_read_as_serde_json_reads_them() {
    let cases: &[&str] = &[
        r#"{"a": "plain", "b": "", "": "empty key"}"#,
        r#"{"a\"b": "c\\d", "e\/f": "\b\f\n\r\t"}"#,
        r#"["caf\u00e9", "\u00E9\u00e9", "\u0000", "x\u001fy", "\u20ac 25.000", "\uFFFF"]"#,
        r#"["\ud83d\ude00", "a\uD83D\uDE00b", "\ud800\udc00", "\udbff\udfff"]"#,
        r#"{"k\u0065y": 1, "\ud83c\udf35": [true, false, null]}"#,
        "[\"é – ü 東京 🌵\", \"\u{7f}\", \"\u{85}\u{a0}\"]",
        r#"["\"", "\\", "\\\"", "\"\\", "a\\nb"]"#,
        "[\"0123456789abcdef0123456789\\\"\", \"01234567\", \"0123456\\n\"]",
    ];
    for case in cases {
        assert!(node::both_paths(case.as_bytes()).0.is_some(), "fast path should read {case}");
        assert_paths_agree(case.as_bytes());
    }
    // Lone or broken surrogates and bad escapes are serde_json's errors.
    for case in [
        r#"["\ud83d"]"#,
        r#"["\ude00"]"#,
        r#"["\ud83d\u0041"]"#,
        r#"["\ud83dx"]"#,
        r#"["\ud83d\"]"#,
        r#"["\x"]"#,
        r#"["\u12"]"#,
        r#"["\uZZZZ"]"#,
        "[\"a\u{1}b\"]",
        "[\"a\nb\"]",
        "[\"a\tb\"]",
        r#"["unterminated]"#,
        r#"["\"#,
    ] {
        let (fast, slow) = node::both_paths(case.as_bytes());
        assert!(fast.is_none() && slow.is_err(), "{case}");
        assert!(parse(format!("{{\"version\": {case}}}").as_bytes()).is_err(), "{case}");
    }
}

#[test]
fn numbers_read_as_serde_json_reads_them() {
    let ok = [
        "0",
        "7",
        "-0",
        "-7",
        "1.5",
        "-1.5",
        "0.0",
        "1e5",
        "1E+2",
        "1e-2",
        "2.5e-3",
        "123456789012345678",
        "1234567890123456789",
        "9999999999999999999",
        "12345678901234567890",
        "18446744073709551615",
        "18446744073709551616",
        "99999999999999999999999",
        "-9223372036854775808",
        "-9223372036854775809",
        "1e308",
        "4.9e-324",
        "1e-400",
        "25000.00",
    ];
    // The storefront's light path reads the same bits, but for the extremes
    // that no one types (it reads those as close floats).
    let extreme = ["99999999999999999999999", "-9223372036854775809", "1e308", "4.9e-324"];
    for n in ok {
        let text = format!("[{n}, {{\"n\": {n}}}, {n}]");
        assert!(node::both_paths(text.as_bytes()).0.is_some(), "{n}");
        assert_paths_agree(text.as_bytes());
        if !extreme.contains(&n) {
            assert_eq!(node::light(text.as_bytes()).ok(), node::both_paths(text.as_bytes()).1.ok(), "light {n}");
        }
    }
    for n in ["01", "-", "-a", "1.", ".5", "1e", "1e+", "+1", "1.5.5", "0x10", "1e400", "-1e400", "Infinity", "NaN"] {
        let text = format!("[{n}]");
        let (fast, slow) = node::both_paths(text.as_bytes());
        assert!(fast.is_none() && slow.is_err(), "{n}");
        assert!(node::light(text.as_bytes()).is_err(), "light {n}");
    }
}

#[test]
fn structure_reads_as_serde_json_reads_it() {
    for case in [
        "{}",
        "[]",
        " \t\r\n{ \"a\" :\t[ ] , \"b\":{ }\r\n}\n",
        "[[[]],[{}],{\"a\":[1,{\"b\":[]}]}]",
        "{\"a\": 1, \"a\": 2, \"a\": {\"a\": 3}}",
        "[true,false,null]",
        &format!("{{\"a\":{}1{}}}", "[".repeat(99), "]".repeat(99)),
        &format!("{{\"a\":{}1{}}}", "[".repeat(126), "]".repeat(126)),
        &format!("{}1{}", "{\"a\":".repeat(120), "}".repeat(120)),
    ] {
        assert_paths_agree(case.as_bytes());
        assert!(node::both_paths(case.as_bytes()).1.is_ok(), "{case}");
        // The light path stops at 100 levels, far beyond any feed's 6.
        let light = node::light(case.as_bytes());
        if case.matches('[').count() + case.matches('{').count() <= 100 {
            assert_eq!(light.ok(), node::both_paths(case.as_bytes()).1.ok(), "{case}");
        } else {
            assert!(light.is_err(), "{case}");
        }
    }
    for case in [
        "",
        " ",
        "[1,]",
        "{\"a\":1,}",
        "[1 2]",
        "{\"a\" 1}",
        "{a: 1}",
        "[tru]",
        "[nul]",
        "[True]",
        "{} {}",
        "[]]",
        "[\u{a0}1]",
        "[\u{c}1]",
        &format!("{}1{}", "[".repeat(128), "]".repeat(128)),
    ] {
        let (fast, slow) = node::both_paths(case.as_bytes());
        assert!(fast.is_none() && slow.is_err(), "{case}");
        assert!(node::light(case.as_bytes()).is_err(), "{case}");
    }
}

#[test]
fn the_light_path_says_where_it_stopped() {
    let text = b"{\n  \"version\": 1,\n  \"store\": {\"name\": \"NTT Mart\",}\n}";
    let e = node::light(text).unwrap_err();
    assert_eq!((e.line, e.column), (3, 32), "{e}");
    assert!(e.message.contains("not valid JSON"), "{e}");
    let e = node::light(b"{\"version\": 1, \"products\": [").unwrap_err();
    assert!(e.message.contains("ends too early"), "{e}");
    let e = node::light(b"[\"caf\xe9\"]").unwrap_err();
    assert_eq!((e.line, e.column), (1, 6), "{e}");
    // The storefront's reading of a feed reports it so.
    let e = parse_index(b"{\"version\": 1,}").unwrap_err();
    assert_eq!((e.line, e.column), (1, 15), "{e}");
}

#[test]
fn escaped_feed_reads_like_the_plain_one() {
    // The same feed with every non-ASCII character and some ASCII ones escaped,
    // as Python's json.dumps writes by default.
    let plain = serde_json::to_string_pretty(&valid_feed()).unwrap();
    let mut escaped = String::new();
    for c in plain.chars() {
        match c {
            c if !c.is_ascii() => {
                let mut units = [0; 2];
                for unit in c.encode_utf16(&mut units) {
                    escaped.push_str(&format!("\\u{unit:04x}"));
                }
            }
            '/' => escaped.push_str("\\/"),
            c => escaped.push(c),
        }
    }
    assert_ne!(plain, escaped);
    assert_paths_agree(escaped.as_bytes());
    let (a, b) = (parse(plain.as_bytes()).unwrap(), parse(escaped.as_bytes()).unwrap());
    assert_eq!(a.catalog, b.catalog);
    assert_eq!(a.problems, b.problems);
    assert!(b.is_valid(), "{}", listing(&b));
}

#[test]
fn problems_in_escaped_and_odd_keys_keep_their_paths() {
    let text = r#"{"version": 1, "pr\u006fducts": [], "st\"ore": 1, "": 2, "caf\u00e9": 3}"#;
    let parsed = parse(text.as_bytes()).unwrap();
    // `pr\u006fducts` is `products`.
    assert_error(&parsed, "products", "is an empty list");
    assert_warning(&parsed, "[\"st\\\"ore\"]", "unknown field, ignored");
    assert_warning(&parsed, "[\"\"]", "unknown field, ignored");
    assert_warning(&parsed, "[\"café\"]", "unknown field, ignored");
    assert_paths_agree(text.as_bytes());
}

// ----- scale -----

/// A feed of `n` distinct products, about 600 bytes each.
fn big_feed(n: usize) -> Vec<u8> {
    let mut v = valid_feed();
    let products: Vec<Value> = (0..n)
        .map(|i| {
            let mut p = kopi();
            p["id"] = json!(format!("NGD-{i:05}"));
            p["slug"] = json!(format!("kopi-arabika-bajawa-{i}"));
            p["description"] =
                json!("Kopi arabika dari lereng Gunung Inerie, dipetik merah dan dijemur di desa. ".repeat(3));
            p
        })
        .collect();
    v["products"] = json!(products);
    serde_json::to_vec_pretty(&v).unwrap()
}

/// A province-sized feed parses and validates whole. How fast is a
/// benchmark's question (`scripts/bench-search`, BENCHMARKS.md "Search
/// and load at 10,000 products"), not a test's: a time limit here would
/// only fail on a busy machine.
#[test]
fn validates_ten_thousand_products() {
    let bytes = big_feed(10_000);
    assert!(bytes.len() > 6_000_000, "{} bytes", bytes.len());
    let parsed = parse(&bytes).unwrap();
    assert!(parsed.is_valid(), "{}", listing(&parsed));
    assert_eq!(catalog(&parsed).products.len(), 10_000);
}

#[test]
fn fuzz_seed_is_a_valid_feed() {
    let parsed = parse(include_bytes!("../../../../fuzz/seeds/feed_parse/minimal.json")).unwrap();
    assert!(parsed.is_valid(), "{}", listing(&parsed));
    assert_eq!(catalog(&parsed).products.len(), 2);
}

// ----- properties -----

/// Field names and values that occur in feeds, so mutations hit real rules.
const FEED_WORDS: &[&str] = &[
    "id",
    "slug",
    "name",
    "price",
    "stock",
    "images",
    "src",
    "alt",
    "status",
    "certificate",
    "halal",
    "kopi",
    "tenun",
    "ngada",
    "beiwali-ngada",
    "certified",
    "not_halal",
    "not_applicable",
    "OVOP",
    "launched",
    "planned",
    "2024-02-29",
    "2023-02-29",
    "6281234567890",
    "081234567890",
    "https://nttmart.id",
    "https://nttmart.id/",
    "javascript:alert(1)",
    "../x",
    "ID00410000123450224",
    "MD224213001234",
    "NGD-0001",
    "",
    " ",
    "é",
    "\u{0}",
];

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (-1e12f64..1e12).prop_map(Value::from),
        prop::sample::select(vec![0.5, 1e300, -0.0, 25000.0, 250_000_001.0]).prop_map(Value::from),
        ".{0,30}".prop_map(Value::String),
        prop::sample::select(FEED_WORDS).prop_map(|s| Value::String(s.to_owned())),
    ];
    leaf.prop_recursive(3, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(FEED_WORDS), inner), 0..6)
                .prop_map(|members| Value::Object(members.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())),
        ]
    })
}

/// Walks `steps` into `v` (each step picks a member or item modulo the
/// count) and then replaces, removes or adds at that point.
fn mutate(v: &mut Value, steps: &[usize], op: u8, new: Value) {
    let Some((&step, rest)) = steps.split_first() else {
        *v = new;
        return;
    };
    match v {
        Value::Object(map) if !map.is_empty() => {
            let key = map.keys().nth(step % map.len()).cloned().unwrap_or_default();
            match (rest.is_empty(), op % 3) {
                (true, 1) => {
                    map.remove(&key);
                }
                (true, 2) => {
                    map.insert(format!("{key}x"), new);
                }
                _ => mutate(map.get_mut(&key).unwrap(), rest, op, new),
            }
        }
        Value::Array(items) if !items.is_empty() => {
            let i = step % items.len();
            match (rest.is_empty(), op % 3) {
                (true, 1) => {
                    items.remove(i);
                }
                (true, 2) => items.insert(i, new),
                _ => mutate(&mut items[i], rest, op, new),
            }
        }
        _ => *v = new,
    }
}

/// What every accepted feed must satisfy: the catalog serialises to a feed
/// that reads back identically and without errors.
fn check_invariants(bytes: &[u8]) -> Result<(), TestCaseError> {
    let Ok(parsed) = parse(bytes) else {
        return Ok(());
    };
    for p in &parsed.problems {
        let _ = p.to_string();
    }
    if let Some(catalog) = &parsed.catalog {
        prop_assert!(!catalog.products.is_empty());
        let written = serde_json::to_vec(catalog).unwrap();
        let again = parse(&written).unwrap();
        prop_assert_eq!(again.errors().count(), 0, "{}", listing(&again));
        prop_assert_eq!(again.catalog.as_ref(), Some(catalog));
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn parse_never_panics_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        check_invariants(&bytes)?;
    }

    #[test]
    fn parse_never_panics_on_arbitrary_json(v in arb_json()) {
        check_invariants(&serde_json::to_vec(&v).unwrap())?;
    }

    #[test]
    fn parse_never_panics_on_mutated_feeds(
        mutations in prop::collection::vec(
            (prop::collection::vec(any::<usize>(), 1..6), any::<u8>(), arb_json()),
            1..4,
        )
    ) {
        let mut v = valid_feed();
        for (steps, op, new) in mutations {
            mutate(&mut v, &steps, op, new);
        }
        check_invariants(&serde_json::to_vec(&v).unwrap())?;
    }

    #[test]
    fn fast_reader_builds_serde_json_tree(v in arb_json(), pretty in any::<bool>()) {
        let text = if pretty { serde_json::to_vec_pretty(&v) } else { serde_json::to_vec(&v) }.unwrap();
        let (fast, slow) = node::both_paths(&text);
        prop_assert_eq!(fast.as_ref(), slow.as_ref().ok());
        let (light, slow) = node::light_and_slow(&text);
        prop_assert_eq!(light.ok(), slow.ok());
    }

    #[test]
    fn fast_reader_agrees_on_damaged_text(
        edits in prop::collection::vec((any::<usize>(), prop::sample::select(b"\\\"u0123456789abcdefABCDEF.eE+-:,[]{} \n\t\x01\xc3\xa9tfn".to_vec()), any::<bool>()), 1..6)
    ) {
        let mut bytes = serde_json::to_vec(&valid_feed()).unwrap();
        for (at, byte, insert) in edits {
            let at = at % (bytes.len() + 1);
            if insert || at == bytes.len() {
                bytes.insert(at, byte);
            } else {
                bytes[at] = byte;
            }
        }
        let (fast, slow) = node::both_paths(&bytes);
        // The light path reads what the fast one reads, the same way (floats
        // to 12 digits), and refuses the rest.
        let (light, slow12) = node::light_and_slow(&bytes);
        prop_assert_eq!(light.is_ok(), fast.is_some());
        if let Ok(light) = light {
            prop_assert_eq!(Ok(light), slow12);
        }
        if let Some(fast) = fast {
            prop_assert_eq!(Ok(fast), slow);
        }
    }

    #[test]
    fn parse_never_panics_on_damaged_text(
        edits in prop::collection::vec((any::<usize>(), any::<u8>(), any::<bool>()), 1..8)
    ) {
        let mut bytes = serde_json::to_vec(&valid_feed()).unwrap();
        for (at, byte, insert) in edits {
            let at = at % (bytes.len() + 1);
            if insert || at == bytes.len() {
                bytes.insert(at, byte);
            } else {
                bytes[at] = byte;
            }
        }
        check_invariants(&bytes)?;
    }
}

// ----- delivery and payment -----

/// A static QRIS as printed on an outlet's sticker (published example,
/// see `qris` tests).
const STATIC_QRIS: &str = "00020101021126570011ID.DANA.WWW011893600915302259148102090225914810303UMI51440014ID.CO.QRIS.WWW0215ID10200176114730303UMI5204581253033605802ID5922Warung Sayur Bu Sugeng6010Kab. Demak610559567630458C7";

fn with_rules(delivery: Value, payment: Value) -> Parsed {
    parse_value(&with_rules_value(delivery, payment))
}

fn with_rules_value(delivery: Value, payment: Value) -> Value {
    let mut v = valid_feed();
    set(&mut v, "/outlets/8/delivery", delivery);
    set(&mut v, "/outlets/8/payment", payment);
    v
}

fn zones() -> Value {
    json!({
        "zones": [
            {"name": "Kota Bajawa", "areas": ["Bajawa", "Golewa"], "fee": 10000, "free_from": 300000},
            {"name": "Sekitar Bajawa", "within_km": 15, "fee": 20000}
        ],
        "outside": {"tiers": [{"up_to_g": 1000, "fee": 30000}, {"up_to_g": 3000, "fee": 45000}]}
    })
}

#[test]
fn delivery_and_payment_rules_are_read() {
    let parsed = with_rules(
        zones(),
        json!({"cash": false, "transfer": {"bank": "Bank NTT", "account": "001.02-345 678", "holder": "NTT Mart Ngada"}, "qris": STATIC_QRIS}),
    );
    assert!(parsed.problems.is_empty(), "{}", listing(&parsed));
    let o = &catalog(&parsed).outlets[8];
    assert_eq!(o.delivery.zones.len(), 2);
    assert_eq!(o.delivery.zones[1].within_km, Some(15));
    assert!(matches!(&o.delivery.outside, crate::catalog::Outside::Tiers(t) if t.len() == 2));
    assert!(!o.payment.cash);
    assert_eq!(o.payment.transfer.as_ref().unwrap().account, "00102345678");
    assert_eq!(o.payment.qris.as_deref(), Some(STATIC_QRIS));
    // And they survive the round trip the tool writes.
    let again = parse(&serde_json::to_vec(catalog(&parsed)).unwrap()).unwrap();
    assert_eq!(again.catalog, parsed.catalog);
}

#[test]
fn the_index_reader_leaves_rules_for_checkout() {
    let feed = with_rules_value(zones(), json!({"qris": STATIC_QRIS}));
    let bytes = serde_json::to_vec(&feed).unwrap();
    let index = parse_index(&bytes).unwrap();
    assert!(index.problems.is_empty(), "{}", listing(&index));
    let o = &catalog(&index).outlets[8];
    assert_eq!((&o.delivery, &o.payment), (&crate::catalog::Delivery::default(), &crate::catalog::Payment::default()));
}

#[test]
fn a_malformed_qris_is_rejected_with_its_path_and_costs_only_itself() {
    let mut broken = STATIC_QRIS.to_owned();
    broken.replace_range(60..61, "9");
    let parsed = with_rules(zones(), json!({"qris": broken}));
    let p = assert_error(&parsed, "outlets[8].payment.qris", "left out of checkout until it is fixed");
    assert!(p.message.to_lowercase().contains("crc") || p.message.contains("checksum"), "{}", p.message);
    let o = catalog(&parsed).outlets.iter().find(|o| o.kabupaten == "ngada").expect("the outlet stays");
    assert_eq!(o.payment.qris, None);
    assert!(o.payment.cash);
    // A dynamic QRIS (with an amount) is not the sticker's.
    let dynamic = crate::qris::parse(STATIC_QRIS).unwrap().with_amount(Rupiah(25_041)).unwrap();
    let parsed = with_rules(zones(), json!({"qris": dynamic}));
    assert_error(&parsed, "outlets[8].payment.qris", "static");
}

#[test]
fn broken_delivery_rules_are_reported_where_they_are() {
    let mut d = zones();
    d["zones"][1]["areas"] = json!(["Soa"]);
    let parsed = with_rules(d, json!({}));
    assert_error(&parsed, "outlets[8].delivery.zones[1]", "either \"areas\"");
    assert_warning(&parsed, "outlets[8].delivery", "delivery fees are left out");
    assert!(catalog(&parsed).outlets.iter().any(|o| o.kabupaten == "ngada"), "the outlet stays");

    let mut d = zones();
    d["zones"][1] = json!({"name": "Lain", "areas": ["golewa"], "fee": 5000});
    assert_error(&with_rules(d, json!({})), "outlets[8].delivery.zones[1].areas[0]", "already in zones[0]");

    let mut d = zones();
    d["outside"]["tiers"][1]["up_to_g"] = json!(500);
    assert_error(&with_rules(d, json!({})), "outlets[8].delivery.outside.tiers[1]", "light to heavy");

    let mut d = zones();
    d["zones"][0]["fee"] = json!("10.000");
    assert_error(&with_rules(d, json!({})), "outlets[8].delivery.zones[0].fee", "without quotes");

    let mut d = zones();
    d["outside"] = json!("ask");
    assert_error(&with_rules(d, json!({})), "outlets[8].delivery.outside", "\"quote\", \"none\"");
}

#[test]
fn payment_needs_one_usable_method() {
    let parsed = with_rules(zones(), json!({"cash": false}));
    assert_error(&parsed, "outlets[8].payment", "no way to pay");
    assert!(catalog(&parsed).outlets.iter().find(|o| o.kabupaten == "ngada").unwrap().payment.cash);
    let parsed = with_rules(zones(), json!({"transfer": {"bank": "Bank NTT", "account": "12ab", "holder": "X"}}));
    assert_error(&parsed, "outlets[8].payment.transfer.account", "5 to 20 digits");
}

#[test]
fn product_weight_is_whole_grams() {
    let parsed = with(|v| set(v, "/products/0/weight_g", json!(270)));
    assert_eq!(catalog(&parsed).products[0].first_variant().weight_g, Some(270));
    for bad in [json!(0.5), json!(0), json!("270"), json!(2_000_000)] {
        let parsed = with(|v| set(v, "/products/0/weight_g", bad.clone()));
        assert_error(&parsed, "products[0].weight_g", "whole number of grams");
    }
}

// ----- options and variants (schema version 2) -----

/// `kopi()` with grind × weight options: four variants, one sold out.
fn kopi_with_options() -> Value {
    let mut p = kopi();
    let obj = p.as_object_mut().unwrap();
    obj.remove("price");
    obj.remove("stock");
    obj.insert("unit".into(), json!("1 bungkus"));
    obj.insert(
        "images".into(),
        json!([
            {"src": "img/kopi.svg", "alt": "Sebungkus kopi"},
            {"src": "img/kopi-bubuk.svg", "alt": "Kopi bubuk"}
        ]),
    );
    obj.insert(
        "options".into(),
        json!([
            {"name": {"id": "Gilingan", "en": "Grind"}, "values": ["Biji", "Bubuk"]},
            {"name": {"id": "Berat", "en": "Weight"}, "values": ["250 g", "500 g"]}
        ]),
    );
    obj.insert(
        "variants".into(),
        json!([
            {"id": "NGD-0001-B250", "values": ["Biji", "250 g"], "price": 85000, "stock": 10, "weight_g": 270},
            {"id": "NGD-0001-B500", "values": ["Biji", "500 g"], "price": 160000, "compare_at": 170000, "stock": 0},
            {"id": "NGD-0001-K250", "values": ["Bubuk", "250 g"], "price": 85000, "stock": 5, "images": ["img/kopi-bubuk.svg"]},
            {"id": "NGD-0001-K500", "values": ["Bubuk", "500 g"], "price": 160000, "availability": "pre_order", "lead_days": [7, 14]}
        ]),
    );
    p
}

fn with_v2(mutate: impl FnOnce(&mut Value)) -> Parsed {
    with(|v| {
        set(v, "/version", json!(2));
        set(v, "/products/0", kopi_with_options());
        mutate(v);
    })
}

#[test]
fn a_product_with_options_reads_its_variants() {
    let parsed = with_v2(|_| {});
    assert_eq!(parsed.problems, vec![], "{}", listing(&parsed));
    let c = catalog(&parsed);
    assert_eq!(c.version, 2);
    let p = &c.products[0];
    assert_eq!(p.options.len(), 2);
    assert_eq!(p.options[1].name.en, "Weight");
    assert_eq!(p.variants.len(), 4);
    let b500 = p.variant("NGD-0001-B500").unwrap();
    assert_eq!((b500.price, b500.compare_at, b500.stock), (Rupiah(160_000), Some(Rupiah(170_000)), 0));
    assert!(!b500.is_orderable());
    let k500 = p.variant("NGD-0001-K500").unwrap();
    assert_eq!(k500.availability, crate::catalog::Availability::PreOrder { min_days: 7, max_days: 14 });
    assert!(k500.is_orderable(), "a pre-order needs no stock");
    assert_eq!(p.default_variant().id, "NGD-0001-B250");
    assert_eq!((p.lowest_price(), p.highest_price()), (Rupiah(85_000), Rupiah(160_000)));
    assert_eq!(p.line_name(k500), "Kopi Arabika Flores Bajawa — Bubuk, 500 g");
    assert_eq!(p.images_for(p.variant("NGD-0001-K250").unwrap())[0].src, "img/kopi-bubuk.svg");
    assert_eq!(p.variant_with(&["Bubuk", "250 g"]).map(|v| v.id.as_str()), Some("NGD-0001-K250"));
    assert_eq!(
        c.item("NGD-0001-K250").map(|(p, v)| (p.id.as_str(), v.id.as_str())),
        Some(("NGD-0001", "NGD-0001-K250"))
    );
    // A cart saved before the product had options names the product: its default variant.
    assert_eq!(c.item("NGD-0001").map(|(_, v)| v.id.as_str()), Some("NGD-0001-B250"));
}

#[test]
fn a_version_1_feed_reads_as_one_variant_per_product() {
    let parsed = parse_value(&valid_feed());
    let c = catalog(&parsed);
    assert_eq!(c.version, 1);
    for p in &c.products {
        assert!(p.options.is_empty());
        assert_eq!(p.variants.len(), 1);
        assert_eq!(p.variants[0].id, p.id);
        assert!(p.variants[0].values.is_empty());
    }
    assert_eq!(c.products[0].first_variant().price, Rupiah(85_000));
    assert_eq!(c.products[0].first_variant().stock, 40);
}

#[test]
fn a_version_1_product_written_back_is_unchanged() {
    // Serialising the catalog writes a product without options exactly as
    // version 1 did (its one variant's fields on the product).
    let parsed = parse_value(&valid_feed());
    let back = serde_json::to_value(&catalog(&parsed).products[0]).unwrap();
    assert_eq!(back, kopi());
}

#[test]
fn variants_written_back_read_the_same() {
    let parsed = with_v2(|_| {});
    let c = catalog(&parsed);
    let again = parse_value(&serde_json::to_value(c).unwrap());
    assert_eq!(catalog(&again), c);
}

#[test]
fn duplicate_combinations_are_errors() {
    let parsed = with_v2(|v| set(v, "/products/0/variants/3/values", json!(["Biji", "250 g"])));
    assert_error(&parsed, "products[0].variants[3].values", "Biji, 250 g is the same choice as variants[0]");
    assert!(!product_ids(&parsed).contains(&"NGD-0001"));
}

#[test]
fn a_value_not_in_its_option_is_an_error_naming_the_values() {
    let parsed = with_v2(|v| set(v, "/products/0/variants/1/values/1", json!("1 kg")));
    assert_error(
        &parsed,
        "products[0].variants[1].values[1]",
        "\"1 kg\" is not a value of option \"Berat\" (\"250 g\", \"500 g\")",
    );
    let parsed = with_v2(|v| set(v, "/products/0/variants/1/values", json!(["Biji"])));
    assert_error(&parsed, "products[0].variants[1].values", "one value for each option (Gilingan, Berat)");
}

#[test]
fn variant_images_must_be_the_products() {
    let parsed = with_v2(|v| set(v, "/products/0/variants/2/images", json!(["img/lain.svg"])));
    assert_error(&parsed, "products[0].variants[2].images[0]", "\"img/lain.svg\" is not one of the product's images");
}

#[test]
fn missing_combinations_are_a_warning() {
    let parsed = with_v2(|v| {
        v.pointer_mut("/products/0/variants").unwrap().as_array_mut().unwrap().remove(3);
    });
    assert_warning(&parsed, "products[0].variants", "has no variant for Bubuk, 500 g");
    assert!(parsed.is_valid());
}

#[test]
fn variant_ids_are_unique_among_products_and_variants() {
    let parsed = with_v2(|v| set(v, "/products/0/variants/1/id", json!("NGD-0001-B250")));
    assert_error(&parsed, "products[0].variants[1].id", "already the id of products[0].variants[0]");
    let parsed = with_v2(|v| set(v, "/products/0/variants/1/id", json!("SKA-0001")));
    assert_error(&parsed, "products[1].id", "already the id of products[0].variants[1]");
}

#[test]
fn price_and_stock_belong_to_variants_when_there_are_options() {
    let parsed = with_v2(|v| set(v, "/products/0/price", json!(85000)));
    assert_error(&parsed, "products[0].price", "is given per variant");
    let parsed = with_v2(|v| remove(v, "/products/0/variants/0/stock"));
    assert_error(&parsed, "products[0].variants[0].stock", "is required");
    let parsed = with_v2(|v| remove(v, "/products/0/variants"));
    assert_error(&parsed, "products[0].options", "no variants");
}

#[test]
fn made_to_order_needs_a_lead_time() {
    let parsed = with(|v| set(v, "/products/1/availability", json!("made_to_order")));
    assert_error(&parsed, "products[1].lead_days", "is required");
    let parsed = with(|v| {
        set(v, "/products/1/availability", json!("made_to_order"));
        set(v, "/products/1/lead_days", json!([30, 21]));
    });
    assert_error(&parsed, "products[1].lead_days", "the shorter time comes first: [21, 30]");
    let parsed = with(|v| {
        set(v, "/products/1/availability", json!("made_to_order"));
        set(v, "/products/1/lead_days", json!([21, 30]));
        remove(v, "/products/1/stock");
    });
    let tenun = &catalog(&parsed).products[1];
    assert_eq!(tenun.first_variant().availability.lead_days(), Some((21, 30)));
    assert!(tenun.is_orderable() && tenun.made_to_order());
    let parsed = with(|v| set(v, "/products/1/availability", json!("habis")));
    assert_error(&parsed, "products[1].availability", "must be \"ready\", \"sold_out\"");
}

proptest! {
    /// Any version-1 product reads as one variant carrying its price, stock
    /// and weight, and writing it back gives the same JSON.
    #[test]
    fn any_v1_product_reads_as_one_variant(price in 1u64..=250_000_000, stock in 0u64..=1_000_000, weight in proptest::option::of(1u64..=1_000_000)) {
        let parsed = with(|v| {
            set(v, "/products/0/price", json!(price));
            set(v, "/products/0/stock", json!(stock));
            match weight {
                Some(w) => set(v, "/products/0/weight_g", json!(w)),
                None => {}
            }
        });
        let p = &catalog(&parsed).products[0];
        prop_assert_eq!(p.variants.len(), 1);
        let v = p.first_variant();
        prop_assert_eq!((v.price.0, u64::from(v.stock), v.weight_g.map(u64::from)), (price, stock, weight));
        prop_assert_eq!(&v.id, &p.id);
        let back = serde_json::to_value(p).unwrap();
        prop_assert_eq!(&back["price"], &json!(price));
        prop_assert_eq!(&back["stock"], &json!(stock));
        prop_assert!(back.get("variants").is_none() && back.get("options").is_none());
    }
}

/// A value for a variant field: good ones, bad ones, wrong types.
fn any_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!(null)),
        Just(json!(0)),
        Just(json!(1)),
        Just(json!(85000)),
        Just(json!(-5)),
        Just(json!(1.5)),
        Just(json!(400)),
        Just(json!(2_000_000_000u64)),
        Just(json!("")),
        Just(json!("Biji")),
        Just(json!("Bubuk")),
        Just(json!("500 g")),
        Just(json!("1 kg")),
        Just(json!("NGD-0001-B250")),
        Just(json!("SKA-0001")),
        Just(json!("ready")),
        Just(json!("sold_out")),
        Just(json!("made_to_order")),
        Just(json!("pre_order")),
        Just(json!("habis")),
        Just(json!("img/kopi.svg")),
        Just(json!("img/lain.svg")),
        Just(json!([])),
        Just(json!([21, 30])),
        Just(json!([30, 21])),
        Just(json!(["Biji", "250 g"])),
        Just(json!(["Bubuk", "500 g"])),
        Just(json!(["Biji"])),
        Just(json!(["img/kopi-bubuk.svg"])),
        Just(json!({})),
        Just(json!([{"name": {"id": "Berat", "en": "Weight"}, "values": ["250 g", "500 g"]}])),
    ]
}

fn any_pointer() -> impl Strategy<Value = String> {
    let variant_fields = [
        "id",
        "values",
        "price",
        "compare_at",
        "weight_g",
        "stock",
        "availability",
        "lead_days",
        "images",
        "values/0",
        "values/1",
    ];
    let product_fields = [
        "price",
        "stock",
        "compare_at",
        "availability",
        "lead_days",
        "weight_g",
        "options",
        "options/0/values",
        "options/1/name",
        "options/1/values/0",
        "variants",
    ];
    prop_oneof![
        (0usize..4, prop::sample::select(variant_fields.to_vec()))
            .prop_map(|(i, f)| format!("/products/0/variants/{i}/{f}")),
        prop::sample::select(product_fields.to_vec()).prop_map(|f| format!("/products/0/{f}")),
        prop::sample::select(product_fields.to_vec()).prop_map(|f| format!("/products/1/{f}")),
    ]
}

/// A random field set to a random value, or a variant given another's
/// (or an impossible) combination.
fn any_edit() -> impl Strategy<Value = (String, Value)> {
    let combos = vec![
        json!(["Biji", "250 g"]),
        json!(["Biji", "500 g"]),
        json!(["Bubuk", "250 g"]),
        json!(["Bubuk", "500 g"]),
        json!(["Bubuk", "Biji"]),
        json!(["Biji", "250 g", "x"]),
    ];
    prop_oneof![
        (any_pointer(), any_value()),
        (0usize..4, prop::sample::select(combos)).prop_map(|(i, c)| (format!("/products/0/variants/{i}/values"), c)),
        any_image_edit(),
    ]
}

/// An image field set to a value of the kind it takes, or a wrong one. Not
/// an absent or null `alt`: the index reading allows that on purpose (the
/// index feed leaves alt texts to the detail files).
fn any_image_edit() -> impl Strategy<Value = (String, Value)> {
    let fields = ["src", "alt", "alt_en", "focus", "focus/x", "focus/y", "photo", "photo/width", "photo/color"];
    let fields = fields.into_iter().chain(["photo/placeholder", "photo/height"]).collect::<Vec<_>>();
    let values = vec![
        json!(null),
        json!(""),
        json!("Kopi"),
        json!("img/kopi.svg"),
        json!("javascript:alert(1)"),
        json!("../x.svg"),
        json!("8a6b3c"),
        json!("8a6b3"),
        json!("data:image/webp;base64,AAAA"),
        json!("data:text/html,<b>"),
        json!(0),
        json!(50),
        json!(101),
        json!(2000),
        json!({"x": 50, "y": 30}),
        json!({"x": 50}),
        json!({"width": 2000, "height": 1500, "color": "8a6b3c"}),
        json!({"width": 2000, "height": 1500, "color": "8a6b3c", "placeholder": "data:image/png;base64,iVBO"}),
        json!({"width": 0, "height": 1500, "color": "8a6b3c"}),
        json!([]),
    ];
    (0usize..2, prop::sample::select(fields), prop::sample::select(values))
        .prop_filter("a missing alt is the index's", |(_, f, v)| !(*f == "alt" && v.is_null()))
        .prop_map(|(p, f, v)| (format!("/products/{p}/images/0/{f}"), v))
}

/// `set`, but creating a missing field (and ignoring a path that cannot exist).
fn put(v: &mut Value, pointer: &str, new: Value) {
    let (parent, key) = pointer.rsplit_once('/').expect("pointer");
    match v.pointer_mut(parent) {
        Some(Value::Object(map)) => {
            map.insert(key.to_owned(), new);
        }
        Some(Value::Array(items)) => {
            if let Some(slot) = key.parse::<usize>().ok().and_then(|i| items.get_mut(i)) {
                *slot = new;
            }
        }
        _ => {}
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]
    /// The storefront's brief reading of options and variants keeps and
    /// drops exactly the products the detailed one does, and reads the kept
    /// ones the same.
    #[test]
    fn brief_and_detailed_readings_agree(edits in proptest::collection::vec(any_edit(), 1..4)) {
        let mut v = valid_feed();
        set(&mut v, "/version", json!(2));
        set(&mut v, "/products/0", kopi_with_options());
        for p in 0..2 {
            put(&mut v, &format!("/products/{p}/images/0/focus"), json!({"x": 40, "y": 60}));
            put(&mut v, &format!("/products/{p}/images/0/photo"), json!({"width": 2000, "height": 1500, "color": "a0714b"}));
        }
        for (pointer, value) in &edits {
            put(&mut v, pointer, value.clone());
        }
        let bytes = serde_json::to_vec(&v).unwrap();
        let detailed = parse(&bytes).unwrap();
        let brief = parse_index(&bytes).unwrap();
        prop_assert_eq!(
            detailed.catalog.as_ref().map(|c| c.products.clone()),
            brief.catalog.as_ref().map(|c| c.products.clone()),
            "{:?}\ndetailed:{}\nbrief:{}", edits, listing(&detailed), listing(&brief)
        );
    }
}
