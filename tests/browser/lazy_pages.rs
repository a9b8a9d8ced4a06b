//! Lazily loaded pages (src/lazy_pages.rs, crates/split): the home page
//! downloads only the main bundle; every other page fetches its chunk the
//! first time it is shown; a chunk that cannot be fetched leaves a retry,
//! not a dead app; after one visit the chunks are precached for offline use.

use nttmart_browser_tests::site::{dist_dir, dist_file};
use nttmart_browser_tests::{Browser, Result, Site};

/// A site whose chunk named `prefix…` is gone (the signal dropped just as
/// it was needed), and a browser that went from the home page through
/// `link` to the page that needs it and now shows the retry. Returns the
/// chunk's name and bytes, to put it back.
async fn page_with_missing_chunk(prefix: &str, link: &str) -> Result<(Site, Browser, String, Vec<u8>)> {
    let chunk = dist_file("", prefix, ".wasm")?;
    let original = std::fs::read(dist_dir().join(&chunk))?;
    let site = Site::start()?;
    site.remove_file(&chunk)?;
    let _ = site.remove_file(&format!("{chunk}.br"));
    // And every pack (crates/split/src/pack.rs), which holds a copy of it.
    for pack in std::fs::read_dir(dist_dir())?.flatten() {
        let name = pack.file_name().to_string_lossy().into_owned();
        if name.starts_with("pack_") {
            site.remove_file(&name)?;
        }
    }

    let browser = Browser::start().await?;
    browser.goto(&site.url("/")).await?;
    browser.wait_for(".product-card").await?;
    browser.click(link).await?;
    browser.wait_for_text("main [role=alert] h1", "Halaman ini belum termuat").await?;
    Ok((site, browser, chunk, original))
}

#[tokio::test]
async fn the_home_page_loads_only_the_main_bundle_and_each_page_its_chunk() -> Result {
    let site = Site::start()?;
    let browser = Browser::start().await?;
    browser.goto(&site.url("/")).await?;
    browser.wait_for(".product-card").await?;
    let home = browser.fetched(".wasm").await?;
    assert!(home.len() == 1 && home[0].starts_with("/nttmart-web-") && home[0].ends_with("_bg.wasm"), "{home:?}");

    // A client-side move to the cart fetches the cart's chunk, and the page
    // works: the header's cart link leads to a real cart page.
    browser.click("a.cart-link").await?;
    browser.wait_for_text("main h1", "Keranjang").await?;
    // Its own file, or its pack on a page the worker does not control yet.
    let after = browser.fetched(".wasm").await?;
    assert!(after.iter().any(|p| p.starts_with("/split_cart-") || p.starts_with("/pack_cart-")), "{after:?}");
    assert!(!after.iter().any(|p| p.contains("_catalog-")), "only what the cart needs: {after:?}");

    // Back home and on to the catalogue: its own chunk, and a working grid.
    browser.goto(&site.url("/produk")).await?;
    browser.wait_for(".product-card").await?;
    let catalog = browser.fetched(".wasm").await?;
    assert!(catalog.iter().any(|p| p.starts_with("/split_catalog-") || p.starts_with("/pack_catalog-")), "{catalog:?}");
    let errors: Vec<String> =
        browser.console().await?.into_iter().filter(|l| l.contains("SEVERE") && !l.contains("favicon")).collect();
    assert!(errors.is_empty(), "{errors:?}");
    Ok(())
}

/// The product page of the sample's first product, opened on a site with no
/// service worker (a first visit before it has installed, or a browser in
/// private mode), once it works: its add-to-cart button adds.
async fn product_page_without_worker(site: &Site) -> Result<Browser> {
    let feed = nttmart_browser_tests::sample_feed();
    let slug = feed["products"][0]["slug"].as_str().expect("a slug").to_string();
    let browser = Browser::start().await?;
    browser.goto(&site.url(&format!("/produk/{slug}"))).await?;
    browser.click(".product-page .add-to-cart").await?;
    browser.wait_for_text(".site-header a.cart-link .cart-link__count", "1").await?;
    Ok(browser)
}

#[tokio::test]
async fn a_first_visit_fetches_a_page_as_one_pack_and_later_pages_only_what_they_miss() -> Result {
    let site = Site::builder().without_file("sw.js").start()?;
    let browser = product_page_without_worker(&site).await?;
    // The main module and one pack: the product page's module and its
    // fourteen shared chunks in one response.
    let product = browser.fetched(".wasm").await?;
    assert_eq!(product.len(), 2, "{product:?}");
    assert!(product[0].starts_with("/nttmart-web-") && product[1].starts_with("/pack_product-"), "{product:?}");

    // The cart shares chunks with the product page: its pack would bring
    // them again, so it fetches its missing files one by one, each once.
    browser.click("a.cart-link").await?;
    browser.wait_for_text("main h1", "Keranjang").await?;
    let cart: Vec<String> = browser.fetched(".wasm").await?.split_off(2);
    assert!(cart.iter().any(|p| p.starts_with("/split_cart-")), "{cart:?}");
    assert!(cart.iter().all(|p| p.starts_with("/split_cart-") || p.starts_with("/chunk_")), "{cart:?}");
    let mut unique = cart.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), cart.len(), "nothing twice: {cart:?}");
    Ok(())
}

/// A first visit that starts on a page with a chunk of its own asks for
/// that page's pack beside the main wasm (public/boot.js `prefetchPage`),
/// not two round trips after it has started, and the loader takes that
/// response over: one pack, no single files, one loader.
#[tokio::test]
async fn a_first_visit_asks_for_its_pages_pack_beside_the_main_wasm() -> Result {
    let feed = nttmart_browser_tests::sample_feed();
    let slug = feed["products"][0]["slug"].as_str().expect("a slug");
    let site = Site::start()?;
    for (path, pack, heading) in [
        (format!("/produk/{slug}"), "product", feed["products"][0]["name"].as_str().expect("a name")),
        ("/produk".to_string(), "catalog", "Katalog"),
        ("/keranjang".to_string(), "cart", "Keranjang"),
        ("/tentang".to_string(), "info", "Tentang"),
        ("/pesanan-saya".to_string(), "orders", "Pesanan saya"),
    ] {
        let browser = Browser::start().await?;
        browser.goto(&site.url(&path)).await?;
        browser.taken_over().await?;
        browser.wait_for_text("main h1", heading).await?;
        let timing = browser
            .eval(
                "return performance.getEntriesByType('resource').map(e => ({
                    path: new URL(e.name).pathname, start: e.startTime, end: e.responseEnd }))",
            )
            .await?;
        let entries: Vec<(String, f64, f64)> = timing
            .as_array()
            .expect("entries")
            .iter()
            .map(|e| {
                (
                    e["path"].as_str().unwrap_or_default().to_string(),
                    e["start"].as_f64().unwrap_or(0.0),
                    e["end"].as_f64().unwrap_or(0.0),
                )
            })
            .collect();
        let named = |prefix: &str| entries.iter().filter(|(p, ..)| p.starts_with(prefix)).collect::<Vec<_>>();
        let main = named("/nttmart-web-").into_iter().find(|(p, ..)| p.ends_with("_bg.wasm"));
        let main = main.ok_or_else(|| format!("{path}: no main wasm in {entries:?}"))?;
        let packs = named("/pack_");
        assert_eq!(packs.len(), 1, "{path}: {entries:?}");
        assert!(packs[0].0.starts_with(&format!("/pack_{pack}-")), "{path}: {entries:?}");
        assert!(packs[0].1 < main.2, "{path}: the pack was asked for after the main wasm had arrived: {entries:?}");
        assert!(named("/split_").is_empty() && named("/chunk_").is_empty(), "{path}: single files too: {entries:?}");
        assert_eq!(named("/__wasm_split-").len(), 1, "{path}: the loader once: {entries:?}");
        browser.close().await?;
    }
    Ok(())
}

#[tokio::test]
async fn a_page_whose_pack_cannot_be_fetched_loads_its_files_one_by_one() -> Result {
    let pack = dist_file("", "pack_product-", ".wasm")?;
    let site = Site::builder().without_file("sw.js").without_file(&pack).without_file(&format!("{pack}.br")).start()?;
    let browser = product_page_without_worker(&site).await?;
    let wasm = browser.fetched(".wasm").await?;
    assert!(wasm.iter().any(|p| p.starts_with("/split_product-")), "{wasm:?}");
    assert!(wasm.iter().filter(|p| p.starts_with("/chunk_")).count() > 1, "{wasm:?}");
    Ok(())
}

#[tokio::test]
async fn a_page_whose_chunk_cannot_be_fetched_offers_a_retry_that_works() -> Result {
    // The signal drops just as the customer opens the cart.
    let (site, browser, cart_chunk, original) = page_with_missing_chunk("split_cart-", "a.cart-link").await?;
    // The rest of the shop still works: the header is alive.
    assert_eq!(browser.text(".site-header a.cart-link .cart-link__count").await?, "0");

    // The signal is back: "Coba lagi" brings the cart, with no reload.
    site.write_file(&cart_chunk, &original)?;
    browser.eval("window.__sameDocument = true; return true").await?;
    browser.click("main [role=alert] button").await?;
    browser.wait_for_text("main h1", "Keranjang").await?;
    assert_eq!(browser.eval("return window.__sameDocument === true").await?, true, "no page reload");
    Ok(())
}

#[tokio::test]
async fn a_missing_chunk_is_fetched_again_by_itself_when_the_signal_returns() -> Result {
    let (site, browser, info_chunk, original) =
        page_with_missing_chunk("split_info-", ".site-header a[href='/tentang']").await?;

    // The phone loses its signal and finds it again; nobody taps anything.
    site.write_file(&info_chunk, &original)?;
    browser.set_offline(true).await?;
    browser.set_offline(false).await?;
    browser.wait_for_text("main h1", "Tentang").await?;
    Ok(())
}

#[tokio::test]
async fn after_one_visit_every_page_opens_with_no_network() -> Result {
    let mut site = Site::start()?;
    let browser = Browser::start().await?;
    browser.goto(&site.url("/")).await?;
    browser.wait_for(".product-card").await?;
    browser.ready_for_offline().await?;

    // Only the home page was seen; the worker has precached the rest.
    site.stop();
    for (path, heading) in [("/keranjang", "Keranjang"), ("/tentang", "Tentang"), ("/produk", "Katalog")] {
        browser.goto(&site.url(path)).await?;
        browser.wait_for_text("main h1", heading).await?;
    }
    Ok(())
}

#[test]
fn the_kiosk_bundle_carries_none_of_the_shops_pages() -> Result {
    // A split page is an exported function (`__wasm_split_00<chunk>00_export_…`);
    // a binary that linked one would ship it. The storefront's main module
    // loads its chunks (`__wasm_split_load_<chunk>`); the kiosk has neither.
    let contains = |bytes: &[u8], mark: &str| bytes.windows(mark.len()).any(|w| w == mark.as_bytes());
    let wasm = dist_file("kiosk", "", "_bg.wasm")?;
    let bytes = std::fs::read(dist_dir().join(&wasm))?;
    for mark in ["__wasm_split_00", "__wasm_split_load_"] {
        assert!(!contains(&bytes, mark), "{wasm} has {mark}");
    }
    let main = std::fs::read(dist_dir().join(dist_file("", "nttmart-web-", "_bg.wasm")?))?;
    assert!(contains(&main, "__wasm_split_load_cart"), "the storefront loads the cart as a chunk");
    Ok(())
}
