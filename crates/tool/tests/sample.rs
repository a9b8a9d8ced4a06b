//! The sample catalog: public/catalog.json is exactly what `import-csv` makes
//! from data/sample, it passes `check`, it has the content the storefront and
//! its tests rely on, and it matches docs/catalog.schema.json.

mod common;

use common::*;
use regex::Regex;
use serde_json::Value;
use std::collections::{HashMap, HashSet};

fn public_catalog() -> Value {
    let text = std::fs::read_to_string(repo_root().join("public/catalog.json")).expect("public/catalog.json");
    serde_json::from_str(&text).expect("JSON")
}

#[test]
fn public_catalog_is_the_import_of_the_sample_spreadsheet() {
    let dir = TempDir::new("sample-import");
    let out = dir.s("catalog.json");
    let run = nttmart(&["import-csv", "data/sample/produk.csv", "--base", "data/sample/base.json", "-o", &out]);
    assert_eq!(run.code, 0, "{}", run.all());
    assert!(run.stderr.is_empty(), "no warnings expected: {}", run.stderr);
    let fresh = std::fs::read(&out).unwrap();
    let committed = std::fs::read(repo_root().join("public/catalog.json")).unwrap();
    assert!(
        fresh == committed,
        "public/catalog.json is out of date; regenerate it with\n  \
         nttmart import-csv data/sample/produk.csv --base data/sample/base.json -o public/catalog.json"
    );
}

#[test]
fn public_catalog_passes_check_without_errors_or_warnings() {
    let run = nttmart(&["check", "public/catalog.json"]);
    assert_eq!(run.code, 0, "{}", run.all());
    assert_eq!(run.stdout.lines().count(), 1, "only the summary: {}", run.stdout);
    assert!(run.stdout.contains("valid: 0 errors, 0 warnings"), "{}", run.stdout);
}

#[test]
fn sample_content_covers_every_kabupaten() {
    let feed = public_catalog();
    let villages = feed["villages"].as_array().unwrap();
    let products = feed["products"].as_array().unwrap();
    let outlets = feed["outlets"].as_array().unwrap();
    assert!(villages.len() >= 44 && products.len() >= 160, "{} villages, {} products", villages.len(), products.len());
    assert_eq!(outlets.len(), 22);

    let kabupaten_of: HashMap<&str, &str> =
        villages.iter().map(|v| (v["id"].as_str().unwrap(), v["kabupaten"].as_str().unwrap())).collect();
    for k in nttmart_domain::kabupaten::ALL {
        let v = villages.iter().filter(|v| v["kabupaten"] == k.slug).count();
        let p = products.iter().filter(|p| kabupaten_of[p["village"].as_str().unwrap()] == k.slug).count();
        assert!(v >= 2 && p >= 5, "{}: {v} villages, {p} products", k.slug);
        let outlet = outlets.iter().find(|o| o["kabupaten"] == k.slug).expect("one outlet per kabupaten");
        assert_eq!(outlet["whatsapp"], format!("6281100{:0>5}", k.code));
        assert_eq!(outlet["town"], k.capital);
    }

    // Launch history: Kota Kupang first (12 Aug 2025), 11 by 2 Jan 2026,
    // Malaka 23 Jan and Lembata (the 19th) 5 Feb 2026, three still planned.
    let launched: Vec<(&str, &str)> = outlets
        .iter()
        .filter(|o| o["status"] == "launched")
        .map(|o| (o["launch_date"].as_str().unwrap(), o["kabupaten"].as_str().unwrap()))
        .collect();
    let mut sorted = launched.clone();
    sorted.sort();
    assert_eq!(sorted[0], ("2025-08-12", "kota-kupang"));
    assert_eq!(sorted.iter().filter(|(d, _)| *d <= "2026-01-02").count(), 11);
    assert_eq!(sorted[18], ("2026-02-05", "lembata"));
    assert!(sorted.contains(&("2026-01-23", "malaka")));
    let planned: Vec<&Value> = outlets.iter().filter(|o| o["status"] == "planned").collect();
    assert_eq!(planned.len(), 3);
    assert!(planned.iter().all(|o| o["launch_date"].as_str().unwrap() > "2026-11-28"));

    // Every village has exactly one OVOP flagship product.
    for v in villages {
        let id = v["id"].as_str().unwrap();
        let flagships = products.iter().filter(|p| p["village"] == id && p["flagship"] == true).count();
        assert_eq!(flagships, 1, "{id}");
    }

    // Pork is never halal, and says so.
    let pork: Vec<&Value> =
        products.iter().filter(|p| p["name"].as_str().unwrap().to_lowercase().contains("babi")).collect();
    assert!(!pork.is_empty());
    for p in pork {
        assert_eq!(p["certifications"]["halal"]["status"], "not_halal");
        assert!(p["name"].as_str().unwrap().contains("non-halal"));
    }

    // Food is certified halal (except pork); crafts are not applicable; no
    // product has both BPOM MD and P-IRT; P-IRT embeds the kabupaten code.
    let codes: HashMap<&str, &str> = nttmart_domain::kabupaten::ALL.iter().map(|k| (k.slug, k.code)).collect();
    for p in products {
        let certs = &p["certifications"];
        let category = p["category"].as_str().unwrap();
        let status = certs["halal"]["status"].as_str().unwrap();
        if category == "tenun" || category == "kerajinan" {
            assert_eq!(status, "not_applicable", "{}", p["id"]);
        } else if status != "not_halal" {
            assert_eq!(status, "certified", "{}", p["id"]);
        }
        assert!(
            !(certs["bpom"].as_str().is_some_and(|b| b.starts_with("MD")) && certs.get("pirt").is_some()),
            "{}",
            p["id"]
        );
        if let Some(pirt) = certs["pirt"].as_str() {
            let code = codes[kabupaten_of[p["village"].as_str().unwrap()]];
            assert_eq!(&pirt[3..7], code, "{}", p["id"]);
        }
    }
    let featured = products.iter().filter(|p| p["featured"] == true).count();
    assert!((15..=25).contains(&featured), "{featured} featured");
    let streams: HashSet<&str> = products.iter().map(|p| p["stream"].as_str().unwrap()).collect();
    assert_eq!(streams.len(), 3);
}

#[test]
fn schema_is_published_unchanged() {
    let docs = std::fs::read(repo_root().join("docs/catalog.schema.json")).unwrap();
    let public = std::fs::read(repo_root().join("public/catalog.schema.json")).unwrap();
    assert!(docs == public, "copy docs/catalog.schema.json to public/catalog.schema.json");
}

// ----- a small JSON Schema checker for the keywords docs/catalog.schema.json uses -----

struct Checker<'s> {
    root: &'s Value,
    regexes: HashMap<String, Regex>,
}

impl<'s> Checker<'s> {
    fn new(root: &'s Value) -> Self {
        Checker { root, regexes: HashMap::new() }
    }

    fn resolve(&self, reference: &str) -> &'s Value {
        let name = reference.strip_prefix("#/$defs/").unwrap_or_else(|| panic!("unsupported $ref {reference}"));
        &self.root["$defs"][name]
    }

    fn matches(&mut self, pattern: &str, s: &str) -> bool {
        let re = self
            .regexes
            .entry(pattern.to_string())
            .or_insert_with(|| Regex::new(pattern).unwrap_or_else(|e| panic!("bad pattern {pattern}: {e}")));
        re.is_match(s)
    }

    fn type_ok(t: &str, v: &Value) -> bool {
        match t {
            "object" => v.is_object(),
            "array" => v.is_array(),
            "string" => v.is_string(),
            "integer" => v.is_u64() || v.is_i64(),
            "boolean" => v.is_boolean(),
            "null" => v.is_null(),
            other => panic!("unsupported type {other}"),
        }
    }

    /// Every violation, as `path: what`.
    fn check(&mut self, schema: &'s Value, v: &Value, path: &str, out: &mut Vec<String>) {
        let Value::Object(keywords) = schema else { panic!("schema at {path} is not an object") };
        for (key, arg) in keywords {
            match key.as_str() {
                "$schema"
                | "$id"
                | "title"
                | "description"
                | "format"
                | "$defs"
                | "properties"
                | "additionalProperties"
                | "then" => {}
                "$ref" => {
                    let target = self.resolve(arg.as_str().unwrap());
                    self.check(target, v, path, out);
                }
                "type" => {
                    let ok = match arg {
                        Value::String(t) => Self::type_ok(t, v),
                        Value::Array(ts) => ts.iter().any(|t| Self::type_ok(t.as_str().unwrap(), v)),
                        _ => panic!("bad type"),
                    };
                    if !ok {
                        out.push(format!("{path}: not of type {arg}"));
                    }
                }
                "const" if v != arg => out.push(format!("{path}: must be {arg}")),
                "enum" if !arg.as_array().unwrap().contains(v) => out.push(format!("{path}: not in enum")),
                "const" | "enum" => {}
                "pattern" => {
                    if let Value::String(s) = v {
                        if !self.matches(arg.as_str().unwrap(), s) {
                            out.push(format!("{path}: {s:?} does not match {arg}"));
                        }
                    }
                }
                "minLength" | "maxLength" => {
                    if let Value::String(s) = v {
                        let n = s.chars().count() as u64;
                        let limit = arg.as_u64().unwrap();
                        if (key == "minLength" && n < limit) || (key == "maxLength" && n > limit) {
                            out.push(format!("{path}: length {n} breaks {key} {limit}"));
                        }
                    }
                }
                "minimum" | "maximum" => {
                    if let Some(n) = v.as_i64() {
                        let limit = arg.as_i64().unwrap();
                        if (key == "minimum" && n < limit) || (key == "maximum" && n > limit) {
                            out.push(format!("{path}: {n} breaks {key} {limit}"));
                        }
                    }
                }
                "minItems" | "maxItems" => {
                    if let Value::Array(items) = v {
                        let n = items.len() as u64;
                        let limit = arg.as_u64().unwrap();
                        if (key == "minItems" && n < limit) || (key == "maxItems" && n > limit) {
                            out.push(format!("{path}: {n} items breaks {key} {limit}"));
                        }
                    }
                }
                "items" => {
                    if let Value::Array(items) = v {
                        for (i, item) in items.iter().enumerate() {
                            self.check(arg, item, &format!("{path}[{i}]"), out);
                        }
                    }
                }
                "required" => {
                    if let Value::Object(map) = v {
                        for name in arg.as_array().unwrap() {
                            if !map.contains_key(name.as_str().unwrap()) {
                                out.push(format!("{path}: missing {name}"));
                            }
                        }
                    }
                }
                "oneOf" | "anyOf" => {
                    let passing = arg
                        .as_array()
                        .unwrap()
                        .iter()
                        .filter(|s| {
                            let mut sub = Vec::new();
                            self.check(s, v, path, &mut sub);
                            sub.is_empty()
                        })
                        .count();
                    let ok = if key == "oneOf" { passing == 1 } else { passing >= 1 };
                    if !ok {
                        out.push(format!("{path}: {passing} alternatives of {key} match"));
                    }
                }
                "if" => {
                    let mut sub = Vec::new();
                    self.check(arg, v, path, &mut sub);
                    if sub.is_empty() {
                        if let Some(then) = keywords.get("then") {
                            self.check(then, v, path, out);
                        }
                    }
                }
                other => panic!("the test checker does not know the keyword {other}"),
            }
        }
        // properties and additionalProperties together.
        if let Value::Object(map) = v {
            let props = keywords.get("properties").and_then(Value::as_object);
            for (name, value) in map {
                match props.and_then(|p| p.get(name)) {
                    Some(sub) => self.check(sub, value, &format!("{path}.{name}"), out),
                    None if keywords.get("additionalProperties") == Some(&Value::Bool(false)) => {
                        out.push(format!("{path}: unknown property {name}"))
                    }
                    None => {}
                }
            }
        }
    }
}

fn schema() -> Value {
    let text = std::fs::read_to_string(repo_root().join("docs/catalog.schema.json")).unwrap();
    serde_json::from_str(&text).expect("the schema is JSON")
}

fn violations(schema: &Value, feed: &Value) -> Vec<String> {
    let mut out = Vec::new();
    Checker::new(schema).check(schema, feed, "", &mut out);
    out
}

#[test]
fn public_catalog_matches_the_schema() {
    let schema = schema();
    assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
    assert_eq!(violations(&schema, &public_catalog()), Vec::<String>::new());
    assert_eq!(violations(&schema, &small_feed()), Vec::<String>::new());
}

#[test]
fn schema_rejects_what_the_validator_rejects() {
    let schema = schema();
    type Break = fn(&mut Value);
    let broken: [(&str, Break); 10] = [
        ("price as text", |f| f["products"][0]["price"] = "85000".into()),
        ("P-IRT with dash", |f| f["products"][0]["certifications"]["pirt"] = "2095309010123-30".into()),
        ("BPOM with space", |f| f["products"][2]["certifications"]["bpom"] = "MD 224710936105".into()),
        ("short halal certificate", |f| f["products"][0]["certifications"]["halal"]["certificate"] = "ID123".into()),
        ("halal status unknown", |f| f["products"][1]["certifications"]["halal"]["status"] = "halal".into()),
        ("WhatsApp with leading 0", |f| f["outlets"][0]["whatsapp"] = "081100053010".into()),
        ("date day first", |f| f["products"][0]["added"] = "10/10/2025".into()),
        ("slug with capitals", |f| f["products"][0]["slug"] = "Kopi-Bajawa".into()),
        ("javascript image", |f| f["products"][0]["images"][0]["src"] = "javascript:alert(1)".into()),
        ("unknown field", |f| f["products"][0]["warna"] = "merah".into()),
    ];
    for (what, breaks) in broken {
        let mut feed = small_feed();
        breaks(&mut feed);
        assert!(!violations(&schema, &feed).is_empty(), "the schema accepts {what}");
        // ...and the feed validator agrees.
        let parsed = nttmart_domain::feed::parse(to_json(&feed).as_bytes()).unwrap();
        assert!(!parsed.problems.is_empty(), "the validator accepts {what}");
    }
    let mut launched_without_date = small_feed();
    launched_without_date["outlets"][0].as_object_mut().unwrap().remove("launch_date");
    assert!(!violations(&schema, &launched_without_date).is_empty());
}
