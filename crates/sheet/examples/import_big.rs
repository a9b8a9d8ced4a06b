//! Times the import of a big spreadsheet, stage by stage: the sample's
//! rows repeated (with new ids, variant codes and names) up to N rows.
//!
//! `cargo run --release -p nttmart-sheet --example import_big -- 10000`
//! (also writes the CSV to target/bench/produk-N.csv for the workbench's
//! browser measurement).

use std::time::Instant;

fn main() {
    let rows: usize = std::env::args().nth(1).and_then(|n| n.parse().ok()).unwrap_or(10_000);
    let csv = nttmart_sheet::table::enlarge(include_str!("../../../data/sample/produk.csv"), rows);
    let base = include_bytes!("../../../data/sample/base.json");
    let _ = std::fs::create_dir_all("target/bench");
    let out = format!("target/bench/produk-{rows}.csv");
    std::fs::write(&out, &csv).expect("write the CSV");
    for run in 0..3 {
        let t = Instant::now();
        let table = nttmart_sheet::table::parse(csv.as_bytes()).unwrap();
        let parsed = t.elapsed();
        let t = Instant::now();
        let imported = nttmart_sheet::import(&nttmart_sheet::Sources {
            products: ("produk.csv", csv.as_bytes()),
            base: ("base.json", base),
            villages: None,
            output: "catalog.json",
            base_is_published_feed: false,
        })
        .unwrap();
        let whole = t.elapsed();
        if run == 0 {
            for f in imported.found.iter().take(5) {
                println!("{f}");
            }
        }
        let t = Instant::now();
        let json = nttmart_sheet::feed_json(imported.catalog.as_ref().unwrap());
        let written = t.elapsed();
        println!(
            "run {run}: {} rows, {} products, {} problems; CSV parse {:.1} ms, whole import {:.1} ms, feed JSON {:.1} ms ({} bytes)",
            table.rows.len(),
            imported.catalog.as_ref().map_or(0, |c| c.products.len()),
            imported.found.len(),
            parsed.as_secs_f64() * 1e3,
            whole.as_secs_f64() * 1e3,
            written.as_secs_f64() * 1e3,
            json.len()
        );
    }
}
