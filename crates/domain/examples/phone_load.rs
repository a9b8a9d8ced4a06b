use std::time::Instant;
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let bytes = std::fs::read(path).unwrap();
    for _ in 0..5 {
        let t = Instant::now();
        let doc_t = Instant::now();
        let parsed = nttmart_domain::feed::parse_index(&bytes).unwrap();
        let parse = doc_t.elapsed();
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
