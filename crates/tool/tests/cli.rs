//! `nttmart check`, `stats` and `synth`, and the command line itself, run as
//! the real binary.

mod common;

use common::*;
use serde_json::{json, Value};
use std::collections::HashSet;

#[test]
fn check_accepts_a_valid_feed() {
    let dir = TempDir::new("check-valid");
    dir.write("catalog.json", to_json(&small_feed()));
    let run = nttmart(&["check", &dir.s("catalog.json")]);
    assert_eq!(run.code, 0, "{}", run.all());
    let summary = run.stdout.lines().last().expect("a summary line");
    assert!(
        summary.contains("valid: 0 errors, 0 warnings; 3 products, 3 villages, 22 outlets, 15 categories"),
        "{summary}"
    );
}

#[test]
fn check_reports_every_error_with_its_path_and_exits_1() {
    let dir = TempDir::new("check-invalid");
    let mut feed = small_feed();
    feed["products"][0]["price"] = json!("dua puluh ribu");
    feed["products"][2]["certifications"]["pirt"] = json!("2065-3090-1012");
    dir.write("catalog.json", to_json(&feed));
    let run = nttmart(&["check", &dir.s("catalog.json")]);
    assert_eq!(run.code, 1, "{}", run.all());
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(lines.iter().any(|l| l.starts_with("products[0].price: ")), "{}", run.stdout);
    assert!(lines.iter().any(|l| l.starts_with("products[2].certifications.pirt: ")), "{}", run.stdout);
    assert!(lines.last().unwrap().contains("INVALID: 2 errors"), "{}", run.stdout);
}

#[test]
fn check_allows_warnings_and_marks_them() {
    let dir = TempDir::new("check-warning");
    let mut feed = small_feed();
    feed["products"][1]["warna"] = json!("merah");
    dir.write("catalog.json", to_json(&feed));
    let run = nttmart(&["check", &dir.s("catalog.json")]);
    assert_eq!(run.code, 0, "{}", run.all());
    assert!(run.stdout.contains("products[1].warna: warning: "), "{}", run.stdout);
    assert!(run.stdout.contains("valid: 0 errors, 1 warning;"), "{}", run.stdout);
}

#[test]
fn check_exits_2_when_the_file_is_not_json() {
    let dir = TempDir::new("check-syntax");
    let path = dir.write("catalog.json", "{\n  \"version\": 1,\n  \"store\": {,\n}\n");
    let run = nttmart(&["check", &dir.s("catalog.json")]);
    assert_eq!(run.code, 2, "{}", run.all());
    let want = format!("{}: line 3, column ", path.display());
    assert!(run.stderr.starts_with(&want), "{}", run.stderr);
    assert!(run.stdout.is_empty());
}

#[test]
fn check_exits_2_when_the_file_is_missing() {
    let dir = TempDir::new("check-missing");
    let run = nttmart(&["check", &dir.s("nothing.json")]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("nothing.json: cannot read"), "{}", run.stderr);
}

#[test]
fn wrong_usage_exits_2_with_help() {
    for args in
        [&[][..], &["frobnicate"][..], &["check"][..], &["import-csv", "p.csv"][..], &["synth", "-o", "x.json"][..]]
    {
        let run = nttmart(args);
        assert_eq!(run.code, 2, "{args:?}");
        assert!(run.stderr.contains("Usage:"), "{args:?}: {}", run.stderr);
    }
    let help = nttmart(&["--help"]);
    assert_eq!(help.code, 0);
    assert!(help.stdout.contains("nttmart import-csv PRODUCTS.csv --base BASE.json"));
}

/// The numbers on a `label   n [m]` line of the stats output.
fn numbers(out: &str, label: &str) -> Vec<u64> {
    let line = out
        .lines()
        .find(|l| l.trim_start().starts_with(label) && l.trim_start()[label.len()..].starts_with("  "))
        .unwrap_or_else(|| panic!("no line for {label} in\n{out}"));
    line[line.find(label).unwrap() + label.len()..].split_whitespace().map(|n| n.parse().expect("a number")).collect()
}

#[test]
fn stats_counts_a_small_feed() {
    let dir = TempDir::new("stats");
    dir.write("catalog.json", to_json(&small_feed()));
    let run = nttmart(&["stats", &dir.s("catalog.json")]);
    assert_eq!(run.code, 0, "{}", run.all());
    let out = &run.stdout;
    // All 22 kabupaten/kota are listed, zeros included: products, villages.
    assert_eq!(numbers(out, "Kabupaten Ngada"), vec![2, 2]);
    assert_eq!(numbers(out, "Kota Kupang"), vec![1, 1]);
    assert_eq!(numbers(out, "Kabupaten Alor"), vec![0, 0]);
    assert_eq!(numbers(out, "Kabupaten Kupang"), vec![0, 0]);
    let kabupaten_lines = out.lines().filter(|l| l.starts_with("  Kabupaten ") || l.starts_with("  Kota ")).count();
    assert_eq!(kabupaten_lines, 22);
    assert_eq!(numbers(out, "Kopi (kopi)"), vec![1]);
    assert_eq!(numbers(out, "Tenun Ikat (tenun)"), vec![1]);
    assert_eq!(numbers(out, "Makanan Olahan (olahan)"), vec![1]);
    assert_eq!(numbers(out, "Madu Hutan (madu)"), vec![0]);
    assert_eq!(numbers(out, "Halal: certified"), vec![1]);
    assert_eq!(numbers(out, "Halal: not halal"), vec![1]);
    assert_eq!(numbers(out, "Halal: not applicable"), vec![1]);
    assert_eq!(numbers(out, "BPOM MD"), vec![1]);
    assert_eq!(numbers(out, "BPOM ML"), vec![0]);
    assert_eq!(numbers(out, "P-IRT"), vec![1]);
    assert_eq!(numbers(out, "None (no BPOM, no P-IRT)"), vec![1]);
    assert_eq!(numbers(out, "OVOP (One Village One Product)"), vec![2]);
    assert_eq!(numbers(out, "OSOP (One School One Product)"), vec![1]);
    assert_eq!(numbers(out, "OCOP (One Community One Product)"), vec![0]);
    assert!(out.contains("Outlets: 19 launched, 3 planned"), "{out}");
    // 85.000 × 10 + 1.500.000 × 2 + 100.000 × 4
    assert!(out.contains("Stock: 16 items, value Rp 4.250.000"), "{out}");
}

#[test]
fn stats_exits_2_on_broken_json() {
    let dir = TempDir::new("stats-broken");
    dir.write("catalog.json", "[1, 2");
    let run = nttmart(&["stats", &dir.s("catalog.json")]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("catalog.json: line 1, column"), "{}", run.stderr);
}

fn synth(dir: &TempDir, out: &str, count: &str, seed: &str) -> (Run, Vec<u8>) {
    let from = repo_root().join("public/catalog.json");
    let run =
        nttmart(&["synth", "--count", count, "--seed", seed, "--from", from.to_str().unwrap(), "-o", &dir.s(out)]);
    let bytes = std::fs::read(dir.path(out)).unwrap_or_default();
    (run, bytes)
}

#[test]
fn synth_is_valid_and_deterministic() {
    let dir = TempDir::new("synth");
    let (run, first) = synth(&dir, "a.json", "1500", "7");
    assert_eq!(run.code, 0, "{}", run.all());
    let (_, again) = synth(&dir, "b.json", "1500", "7");
    let (_, other) = synth(&dir, "c.json", "1500", "8");
    assert!(first == again, "the same seed must give the same bytes");
    assert!(first != other, "another seed gives another catalog");

    let check = nttmart(&["check", &dir.s("a.json")]);
    assert_eq!(check.code, 0, "{}", check.all());
    assert!(check.stdout.contains("valid: 0 errors, 0 warnings; 1500 products"), "{}", check.stdout);

    let feed: Value = serde_json::from_slice(&first).unwrap();
    let products = feed["products"].as_array().unwrap();
    assert_eq!(products.len(), 1500);
    let ids: HashSet<&str> = products.iter().map(|p| p["id"].as_str().unwrap()).collect();
    let slugs: HashSet<&str> = products.iter().map(|p| p["slug"].as_str().unwrap()).collect();
    assert_eq!((ids.len(), slugs.len()), (1500, 1500));
    // Varied, not copies: many names, prices and dates.
    let names: HashSet<&str> = products.iter().map(|p| p["name"].as_str().unwrap()).collect();
    // A product without options has its price; one with options, its variants'.
    let price = |p: &Value| p["price"].as_u64().or_else(|| p["variants"][0]["price"].as_u64()).unwrap();
    let prices: HashSet<u64> = products.iter().map(price).collect();
    let dates: HashSet<&str> = products.iter().map(|p| p["added"].as_str().unwrap()).collect();
    assert!(
        names.len() > 500 && prices.len() > 200 && dates.len() > 300,
        "{} {} {}",
        names.len(),
        prices.len(),
        dates.len()
    );
    assert!(dates.iter().all(|d| ("2025-08-12"..="2026-11-20").contains(d)));
    // At most one flagship per village.
    let flagship_villages: Vec<&str> =
        products.iter().filter(|p| p["flagship"] == json!(true)).map(|p| p["village"].as_str().unwrap()).collect();
    assert_eq!(flagship_villages.len(), flagship_villages.iter().collect::<HashSet<_>>().len());
}

#[test]
fn synth_reads_public_catalog_by_default() {
    let dir = TempDir::new("synth-default");
    let run = nttmart(&["synth", "--count", "1k", "-o", &dir.s("bench.json")]);
    assert_eq!(run.code, 0, "{}", run.all());
    assert!(run.stdout.contains("wrote 1000 products"), "{}", run.stdout);
    let missing = nttmart_in(&dir.0, &["synth", "--count", "10", "-o", "x.json"]);
    assert_eq!(missing.code, 2);
    assert!(missing.stderr.contains("--from"), "{}", missing.stderr);
    assert!(!dir.path("x.json").exists());
}

#[test]
fn synth_with_variants_gives_every_product_that_many() {
    let dir = TempDir::new("synth-variants");
    let out = dir.s("v.json");
    let run = nttmart(&["synth", "--count", "300", "--seed", "3", "--variants", "3", "-o", &out]);
    assert_eq!(run.code, 0, "{}", run.all());
    let check = nttmart(&["check", &out]);
    assert_eq!(check.code, 0, "{}", check.all());
    assert!(check.stdout.contains("300 products (900 variants of products with options)"), "{}", check.stdout);
    let feed: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    for p in feed["products"].as_array().unwrap() {
        let prices: Vec<u64> = p["variants"].as_array().unwrap().iter().map(|v| v["price"].as_u64().unwrap()).collect();
        assert_eq!(prices.len(), 3, "{p}");
        assert!(prices.windows(2).all(|w| w[0] <= w[1]), "larger sizes cost more: {prices:?}");
    }
    let bad = nttmart(&["synth", "--count", "3", "--variants", "many", "-o", &out]);
    assert_eq!(bad.code, 2, "{}", bad.all());
}
