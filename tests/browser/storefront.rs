//! The storefront end to end: the release build behind nginx, in Chromium.

use nttmart_browser_tests::{Browser, Result, Site};

#[tokio::test]
async fn home_and_catalog_show_products_from_the_feed() -> Result {
    let feed = nttmart_browser_tests::sample_feed();
    let products = feed["products"].as_array().unwrap();
    let featured: Vec<&str> =
        products.iter().filter(|p| p["featured"] == true).map(|p| p["name"].as_str().unwrap()).collect();
    let site = Site::start()?;
    let browser = Browser::start().await?;
    browser.goto(&site.url("/")).await?;

    // Home: the featured produk desa, straight from the feed. The parts
    // below the hero render a task each, in order (src/pages/home.rs): once
    // the last (the kabupaten) is there, so are the others.
    browser.wait_for("#kabupaten-title").await?;
    let names = browser.texts(".product-card__name").await?;
    assert_eq!(names.len(), featured.len().min(8));
    for name in &names {
        assert!(featured.contains(&name.as_str()), "{name} is not featured in the feed");
    }
    // Every category that has products, each once, and all 22 kabupaten.
    let catalog = nttmart_browser_tests::sample_catalog();
    let counts = nttmart_domain::browse::Browser::without_search(&catalog).run(&Default::default()).category_counts;
    let tiles = browser.texts(".tiles .tile__name").await?;
    let with_products: Vec<&str> =
        catalog.categories.iter().zip(&counts).filter(|(_, n)| **n > 0).map(|(c, _)| c.name.id.as_str()).collect();
    assert_eq!(tiles, with_products);
    assert_eq!(browser.texts(".chips .chip").await?.len(), nttmart_domain::kabupaten::ALL.len());
    // The static loader is gone once the app runs.
    assert_eq!(browser.eval("return document.getElementById('boot') === null").await?, true);

    // Catalog: every product in the feed, the alphabetically first on top.
    browser.goto(&site.url("/produk?urut=nama")).await?;
    let count = browser.text(".catalog__count strong").await?;
    assert_eq!(count, products.len().to_string());
    let mut sorted: Vec<&str> = products.iter().map(|p| p["name"].as_str().unwrap()).collect();
    sorted.sort_by_key(|n| n.to_lowercase());
    browser.wait_for_text(".product-card__name", sorted[0]).await?;
    browser.close().await
}

#[tokio::test]
async fn unreachable_feed_shows_error_and_retry_recovers() -> Result {
    let site = Site::builder().without_feed().start()?;
    let browser = Browser::start().await?;
    browser.goto(&site.url("/")).await?;

    let alert = browser.wait_for_text("[role=alert]", "Coba lagi").await?;
    assert!(alert.contains("tidak tersedia"), "error view says what happened: {alert}");
    assert!(browser.texts(".product-card").await?.is_empty());

    // The feed comes back; the retry button loads it without a page reload.
    let feed = std::fs::read(nttmart_browser_tests::repo_root().join("public/catalog.json"))?;
    site.write_feed(feed)?;
    browser.click(".feed-error button").await?;
    browser.wait_for(".product-card").await?;
    browser.close().await
}

#[tokio::test]
async fn branded_loader_shows_while_the_app_cannot_start() -> Result {
    // A phone on a slow link sees index.html long before the wasm arrives.
    // Remove the wasm so the app never starts, and check what is on screen.
    let wasm = nttmart_browser_tests::site::dist_file("", "nttmart-web-", "_bg.wasm")?;
    // And its precompressed copy, which nginx would serve instead.
    let site = Site::builder().without_file(&wasm).without_file(&format!("{wasm}.br")).start()?;
    let browser = Browser::start().await?;
    browser.goto(&site.url("/")).await?;
    browser.wait_for("#boot").await?;
    let logo = browser.eval("return document.querySelector('#boot .site-header__brand img').alt").await?;
    assert!(logo.as_str().unwrap_or_default().contains("NTT Mart"), "{logo}");
    // The brand's first screen, with a search form that works without the app.
    assert_eq!(browser.text("#boot .hero__title").await?, "Dari desa-desa NTT, langsung ke tangan Anda");
    let action = browser.eval("return document.querySelector('#boot form.search').getAttribute('action')").await?;
    assert_eq!(action, "/produk");
    // The app cannot start: a message and a retry instead of a spinner forever.
    let alert = browser.wait_for_text("#boot [role=alert]", "Coba lagi").await?;
    assert!(alert.contains("Aplikasi belum termuat"), "{alert}");
    // Styled by the stylesheet, not a bare white page.
    let background = browser.eval("return getComputedStyle(document.getElementById('boot')).backgroundColor").await?;
    assert_eq!(background, "rgb(247, 239, 226)", "boot loader uses the brand cream");
    browser.close().await
}

/// Every process in a process group, from /proc.
fn processes_in_group(pgid: u32) -> Vec<String> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else { continue };
        // Fields after the parenthesised command: state ppid pgrp ...
        let Some(rest) = stat.rsplit_once(')').map(|(_, r)| r) else { continue };
        let fields: Vec<&str> = rest.split_whitespace().collect();
        if fields.get(2) == Some(&pgid.to_string().as_str()) && fields.first() != Some(&"Z") {
            found.push(stat.split(')').next().unwrap_or_default().to_string());
        }
    }
    found
}

#[tokio::test]
async fn harness_leaves_no_process_behind() -> Result {
    let site = Site::start()?;
    let browser = Browser::start().await?;
    browser.goto(&site.url("/")).await?;
    browser.wait_for(".product-card").await?;
    let (nginx, driver) = (site.pgid(), browser.pgid());
    assert!(processes_in_group(nginx).len() >= 2, "nginx master and worker are running");
    assert!(processes_in_group(driver).iter().any(|p| p.contains("chrom")), "chromium runs in the driver's group");
    // Simulate a failing test: drop without closing the session.
    drop(browser);
    drop(site);
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(processes_in_group(nginx), Vec::<String>::new());
    assert_eq!(processes_in_group(driver), Vec::<String>::new());
    Ok(())
}

#[tokio::test]
async fn deep_links_open_directly_and_unknown_ones_get_help() -> Result {
    let feed = nttmart_browser_tests::sample_feed();
    let product = &feed["products"][5];
    let site = Site::start()?;
    let browser = Browser::start().await?;

    // A shared product link opens straight on the product (SPA fallback).
    browser.goto(&site.url(&format!("/produk/{}", product["slug"].as_str().unwrap()))).await?;
    let title = browser.text(".product-page h1").await?;
    assert_eq!(title, product["name"].as_str().unwrap());

    // The village story, share links to the canonical URL, related products.
    let village = feed["villages"].as_array().unwrap().iter().find(|v| v["id"] == product["village"]).unwrap();
    // The story comes from its kabupaten's detail file, just after the page.
    let story = village["story"].as_str().unwrap();
    let start: String = story.split_whitespace().take(5).collect::<Vec<_>>().join(" ");
    assert_eq!(browser.wait_for_text(".product-page__story", &start).await?, story);
    let canonical =
        format!("{}/produk/{}", feed["store"]["base_url"].as_str().unwrap(), product["slug"].as_str().unwrap());
    let wa = browser.attr(".share__wa", "href").await?.unwrap();
    let shared = nttmart_domain::order::percent_decode(wa.strip_prefix("https://wa.me/?text=").unwrap()).unwrap();
    assert!(shared.ends_with(&canonical), "{shared}");
    assert_eq!(browser.attr(".share__wa", "rel").await?.as_deref(), Some("noopener noreferrer"));
    browser.click(".share__copy").await?;
    // Copied, or (where the browser refuses clipboard access) the link to copy by hand.
    let toast = browser.text(".toast").await?;
    assert!(toast.contains("Tautan disalin") || toast.contains(&canonical), "{toast}");
    // The related products come as the reader nears the end of the page
    // (a shared link's first load leaves them out: BENCHMARKS.md).
    browser.eval("document.querySelector('.product-page__end').scrollIntoView(); return null").await?;
    browser.wait_for(".product-page__related article").await?;
    let related = browser
        .eval("return [...document.querySelectorAll('.product-page__related article')].map(a => a.dataset.productId)")
        .await?;
    let related = related.as_array().unwrap();
    assert!(!related.is_empty(), "related products are shown");
    assert!(!related.contains(&product["id"]), "a product is not related to itself");

    // An unknown product: a helpful page with a search made from the link.
    browser.goto(&site.url("/produk/kopi-bajawa-edisi-lama")).await?;
    browser.wait_for_text(".not-found h1", "Halaman tidak ditemukan").await?;
    let suggestion = browser.wait_for_text(".not-found a", "kopi bajawa edisi lama").await?;
    assert!(suggestion.contains("kopi bajawa edisi lama"));
    assert!(browser.wait_for(".not-found input[type=search]").await.is_ok());
    browser.close().await
}

#[tokio::test]
async fn language_switch_translates_and_is_remembered() -> Result {
    let site = Site::start()?;
    let browser = Browser::start().await?;
    browser.goto(&site.url("/produk?q=kopi")).await?;
    browser.wait_for(".product-card").await?;
    assert_eq!(browser.eval("return document.documentElement.lang").await?, "id");
    assert!(browser.texts(".catalog__count").await?[0].contains("produk untuk"));

    browser.click(".lang-switch").await?;
    browser.wait_for_text(".catalog__count", "products for").await?;
    assert_eq!(browser.eval("return document.documentElement.lang").await?, "en");
    assert_eq!(browser.text(".site-header nav a").await?, "Products");
    assert_eq!(
        browser.eval("return document.querySelector('label[for=search-input]').textContent").await?,
        "Search village products"
    );

    // Remembered across a reload.
    browser.client.refresh().await?;
    browser.wait_for_text(".catalog__count", "products for").await?;
    assert_eq!(browser.eval("return document.documentElement.lang").await?, "en");

    // And back.
    browser.click(".lang-switch").await?;
    browser.wait_for_text(".catalog__count", "produk untuk").await?;
    assert_eq!(browser.eval("return document.documentElement.lang").await?, "id");
    browser.close().await
}

#[tokio::test]
async fn the_first_screen_hands_over_what_was_typed_to_the_app() -> Result {
    // A slow feed keeps index.html's first screen up for a while (each
    // attempt gives up after 2 s; the retry finds the feed fast again).
    let site = Site::builder().with_feed_timeout_ms(2000)?.with_slow_feed_when("slow-feed", 50).start()?;
    site.write_file("slow-feed", "")?;
    let browser = Browser::start().await?;
    browser.goto(&site.url("/")).await?;
    let first = browser.wait_for("#boot-search").await?;
    first.send_keys("kopi").await?;
    site.remove_file("slow-feed")?;

    // The live home page replaces it, with the words and the focus moved over.
    browser.wait_for(".product-card").await?;
    assert_eq!(browser.eval("return document.getElementById('boot')").await?, serde_json::Value::Null);
    let state = browser
        .eval("const i = document.getElementById('search-input'); return [i.value, document.activeElement === i]")
        .await?;
    assert_eq!(state, serde_json::json!(["kopi", true]));
    browser.close().await
}

/// The deployed boot.js is the source minus indentation, whole-line comments and blank
/// lines (scripts/post-build): every code line, in order, and nothing else.
#[test]
fn the_served_boot_js_is_the_source_without_its_comment_lines() {
    let source = std::fs::read_to_string(nttmart_browser_tests::repo_root().join("public/boot.js")).unwrap();
    let served = std::fs::read_to_string(nttmart_browser_tests::site::dist_dir().join("boot.js")).unwrap();
    let code: Vec<&str> =
        source.lines().map(str::trim_start).filter(|t| !t.is_empty() && !t.starts_with("//")).collect();
    assert_eq!(served.lines().collect::<Vec<_>>(), code);
    assert!(served.len() * 10 < source.len() * 7, "{} of {} bytes", served.len(), source.len());
}
