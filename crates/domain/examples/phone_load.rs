//! What a phone's first page does with the index feed, natively, for
//! profiling with `perf` (the wasm benchmark is `scripts/bench-search` with
//! `BENCH_PAGE_PARAMS=phone=1`):
//!
//!     cargo run --release -p nttmart-domain --example phone_load -- target/bench/variants-3/index-10000.json
//!
//! Prints five timings of `feed::parse_index` and `Browser::without_search`.

use std::time::Instant;

fn main() {
    let path = std::env::args().nth(1).expect("usage: phone_load <index.json>");
    let bytes = std::fs::read(path).unwrap();
    for _ in 0..5 {
        let t = Instant::now();
        let parsed = nttmart_domain::feed::parse_index(&bytes).unwrap();
        let parse = t.elapsed();
        let catalog = parsed.catalog.unwrap();
        let t2 = Instant::now();
        let b = nttmart_domain::browse::Browser::without_search(&catalog);
        let browse = t2.elapsed();
        println!(
            "total {:?} parse {:?} browser {:?} ({} products)",
            t.elapsed(),
            parse,
            browse,
            catalog.products.len()
        );
        drop(b);
    }
}
