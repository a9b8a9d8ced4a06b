//! The feed as phones download it (docs/feed.md, `nttmart_domain::detail`):
//! the storefront reads the index feed, without descriptions and village
//! stories, and fetches those per kabupaten when a product or village page
//! is shown; a detail file that cannot be had leaves the page working with
//! a retry; a host without the index serves the whole feed instead.

use nttmart_browser_tests::{Browser, Result, Site};
use serde_json::Value;

/// The first in-stock product, its village and its kabupaten.
fn product_and_village(feed: &Value) -> (Value, Value) {
    let product =
        feed["products"].as_array().unwrap().iter().find(|p| p["stock"].as_u64().unwrap_or(0) > 0).unwrap().clone();
    let village = feed["villages"].as_array().unwrap().iter().find(|v| v["id"] == product["village"]).unwrap().clone();
    (product, village)
}

/// The first words of a text: enough to know it is the one shown.
fn start_of(text: &Value) -> String {
    text.as_str().unwrap().split_whitespace().take(6).collect::<Vec<_>>().join(" ")
}

#[tokio::test]
async fn the_storefront_reads_the_index_and_each_pages_texts_from_its_kabupaten() -> Result {
    let feed = nttmart_browser_tests::sample_feed();
    let (product, village) = product_and_village(&feed);
    let detail = format!("/katalog/detail/{}.json", village["kabupaten"].as_str().unwrap());
    let site = Site::start()?;
    let browser = Browser::start().await?;
    browser.goto(&site.url("/")).await?;
    browser.wait_for(".product-card").await?;
    let home = browser.downloaded(".json").await?;
    assert!(home.contains(&"/katalog/index.json".to_string()), "{home:?}");
    assert!(!home.iter().any(|p| p == "/catalog.json" || p.starts_with("/katalog/detail/")), "{home:?}");

    // A client-side move to the product: its description from its
    // kabupaten's file.
    browser
        .eval(&format!(
            "history.pushState(null, '', '/produk/{}'); dispatchEvent(new PopStateEvent('popstate')); return true",
            product["slug"].as_str().unwrap()
        ))
        .await?;
    browser.wait_for_text(".product-page h1", product["name"].as_str().unwrap()).await?;
    browser.wait_for_text(".product-page__description", &start_of(&product["description"])).await?;
    browser.wait_for_text(".product-page__story", &start_of(&village["story"])).await?;
    assert_eq!(
        browser.text(".product-page__description").await?.trim(),
        product["description"].as_str().unwrap().trim()
    );
    // The halal certificate number comes with it: the index has only "certified".
    let index: Value = serde_json::from_slice(&site.read_file("katalog/index.json")?)?;
    let in_index = index["products"].as_array().unwrap().iter().find(|p| p["id"] == product["id"]).unwrap();
    assert_eq!(in_index["certifications"]["halal"], serde_json::json!({"status": "certified"}));
    let number = product["certifications"]["halal"]["certificate"].as_str().expect("a certified product");
    browser.wait_for_text(".product-page__certs", &format!("Bersertifikat halal BPJPH, nomor {number}")).await?;
    // So does its P-IRT number: the index says only that it has one.
    let pirt = product["certifications"]["pirt"].as_str().expect("a product with a P-IRT number");
    assert_eq!(in_index["certifications"]["pirt"], "");
    browser.wait_for_text(".product-page__certs", &format!("P-IRT {pirt} (pangan industri rumah tangga)")).await?;

    // On to its village: the story, from the file already fetched.
    browser.click(&format!(".product-page__origin a[href='/desa/{}']", village["id"].as_str().unwrap())).await?;
    browser.wait_for_text(".village-page__story", &start_of(&village["story"])).await?;
    let fetched = browser.downloaded(".json").await?;
    assert_eq!(fetched.iter().filter(|p| **p == detail).count(), 1, "one fetch per kabupaten: {fetched:?}");
    assert!(!fetched.contains(&"/catalog.json".to_string()), "{fetched:?}");
    browser.close().await
}

/// A browser on the first in-stock product's page, while the server answers
/// its kabupaten's detail file with 503 (until the file `down` is removed
/// from the site); with the product and its village.
async fn product_page_with_failing_detail() -> Result<(Site, Browser, Value, Value)> {
    let feed = nttmart_browser_tests::sample_feed();
    let (product, village) = product_and_village(&feed);
    let detail = format!("/katalog/detail/{}.json", village["kabupaten"].as_str().unwrap());
    let site = Site::builder().failing_when("down", &detail, 503).start()?;
    site.write_file("down", "")?;
    let browser = Browser::start().await?;
    browser.goto(&site.url(&format!("/produk/{}", product["slug"].as_str().unwrap()))).await?;
    Ok((site, browser, product, village))
}

#[tokio::test]
async fn a_detail_file_the_server_cannot_send_leaves_the_page_working_with_a_retry() -> Result {
    let (site, browser, product, _) = product_page_with_failing_detail().await?;
    let note = browser.wait_for_text(".product-page__description", "belum termuat").await?;
    assert!(note.contains("Deskripsi produk belum termuat"), "{note}");

    // The rest of the page works: the product goes into the cart.
    browser.click(".product-page .add-to-cart").await?;
    browser.wait_for_text(".cart-link__count", "1").await?;

    // The server is back: "Coba lagi" brings the text, with no reload.
    site.remove_file("down")?;
    browser.eval("window.__sameDocument = true; return true").await?;
    browser.click(".product-page__description button").await?;
    browser.wait_for_text(".product-page__description", &start_of(&product["description"])).await?;
    assert_eq!(browser.eval("return window.__sameDocument === true").await?, true, "no page reload");
    browser.close().await
}

#[tokio::test]
async fn a_detail_file_comes_by_itself_when_the_signal_returns() -> Result {
    let (site, browser, product, village) = product_page_with_failing_detail().await?;
    browser.wait_for_text(".product-page__story", "belum termuat").await?;

    // The phone loses its signal and finds it again; nobody taps anything.
    site.remove_file("down")?;
    browser.set_offline(true).await?;
    browser.set_offline(false).await?;
    browser.wait_for_text(".product-page__story", &start_of(&village["story"])).await?;
    browser.wait_for_text(".product-page__description", &start_of(&product["description"])).await?;
    browser.close().await
}

#[tokio::test]
async fn a_host_without_the_index_serves_the_whole_feed() -> Result {
    let feed = nttmart_browser_tests::sample_feed();
    let (product, _) = product_and_village(&feed);
    let site = Site::builder().without_dir("katalog").start()?;
    let browser = Browser::start().await?;
    browser.goto(&site.url(&format!("/produk/{}", product["slug"].as_str().unwrap()))).await?;
    browser.wait_for_text(".product-page__description", &start_of(&product["description"])).await?;
    let fetched = browser.fetched(".json").await?;
    assert!(fetched.contains(&"/catalog.json".to_string()), "{fetched:?}");
    assert!(!fetched.iter().any(|p| p.starts_with("/katalog/detail/")), "the whole feed has the texts: {fetched:?}");
    browser.close().await
}

#[tokio::test]
async fn a_missing_detail_file_says_the_text_is_unavailable() -> Result {
    let feed = nttmart_browser_tests::sample_feed();
    let (product, village) = product_and_village(&feed);
    let detail = format!("katalog/detail/{}.json", village["kabupaten"].as_str().unwrap());
    let site = Site::builder().without_file(&detail).without_file(&format!("{detail}.br")).start()?;
    let browser = Browser::start().await?;
    browser.goto(&site.url(&format!("/produk/{}", product["slug"].as_str().unwrap()))).await?;
    let note = browser.wait_for_text(".product-page__description", "tidak tersedia").await?;
    assert!(note.contains("Deskripsi produk sedang tidak tersedia"), "{note}");
    assert!(browser.texts(".product-page__description button").await?.is_empty(), "a 404 is not worth a retry");
    // Everything from the index is there.
    browser.wait_for_text(".product-page__price", "Rp ").await?;
    browser.close().await
}

/// Staff replace only catalog.json on the server (no `nttmart pages`, no
/// publish): the index and the pages still describe the old one. The
/// phone's next visit shows the new price, as the kiosk, which reads
/// catalog.json itself, does.
#[tokio::test]
async fn a_catalog_json_replaced_by_hand_reaches_phones_as_it_reaches_kiosks() -> Result {
    let mut feed = nttmart_browser_tests::sample_feed();
    let catalog = nttmart_browser_tests::sample_catalog();
    let product = catalog
        .products
        .iter()
        .find(|p| {
            p.options.is_empty()
                && p.is_orderable()
                && feed["products"].as_array().unwrap().iter().any(|f| f["id"] == p.id.as_str() && f["price"].is_u64())
        })
        .expect("a simple product in stock");
    let slug = &product.slug;
    let site = Site::start()?;
    let phone = Browser::start().await?;
    phone.goto(&site.url(&format!("/produk/{slug}"))).await?;
    phone.wait_for_text(".product-page__price", &product.price_text(nttmart_domain::Lang::Id)).await?;
    assert!(!phone.downloaded(".json").await?.contains(&"/catalog.json".to_string()), "the index is current");

    let index_before = site.read_file("katalog/index.json")?;
    let entry = feed["products"].as_array_mut().unwrap().iter_mut().find(|p| p["id"] == product.id.as_str()).unwrap();
    let new_price = entry["price"].as_u64().unwrap() + 12_500;
    entry["price"] = new_price.into();
    site.write_file("catalog.json", serde_json::to_vec_pretty(&feed)?)?;
    let new_text = nttmart_domain::money::Rupiah(new_price).to_string();

    // The next visit, on the phone that saw the old price.
    phone.goto(&site.url(&format!("/produk/{slug}"))).await?;
    phone.wait_for_text(".product-page__price", &new_text).await?;
    assert!(phone.downloaded(".json").await?.contains(&"/catalog.json".to_string()), "the whole feed, not the index");
    assert_eq!(site.read_file("katalog/index.json")?, index_before, "nothing but catalog.json changed");
    phone.close().await?;

    // A phone on its first visit, and the kiosk: the same price.
    let other = Browser::start().await?;
    other.goto(&site.url(&format!("/produk/{slug}"))).await?;
    other.wait_for_text(".product-page__price", &new_text).await?;
    other.close().await?;
    let kiosk = Browser::start().await?;
    kiosk.goto(&site.url("/kiosk/?outlet=kota-kupang")).await?;
    kiosk.wait_for(".kiosk-attract").await?.click().await?;
    kiosk.wait_for(".kiosk-card").await?;
    let input = kiosk.wait_for("#kiosk-search-input").await?;
    input.send_keys(&product.name).await?;
    kiosk
        .wait_for_text(&format!(".kiosk-card[data-product-id='{}'] .kiosk-card__price", product.id), &new_text)
        .await?;
    kiosk.close().await
}

/// The same catalog.json copied again without its file time (`cp` without
/// `-a`): the server's date no longer matches the one the pages recorded.
/// The phone reads catalog.json whole once, finds by its digest that it is
/// the same file, and from then on reads the index again.
#[tokio::test]
async fn a_catalog_json_copied_without_its_time_costs_one_whole_read_not_every_visit() -> Result {
    let catalog = nttmart_browser_tests::sample_catalog();
    let product = catalog.products.iter().find(|p| p.is_orderable()).expect("a product in stock");
    let site = Site::start()?;
    let same = site.read_file("catalog.json")?;
    // A second later at least, so the server's date differs.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    site.write_file("catalog.json", same)?;

    let phone = Browser::start().await?;
    let url = site.url(&format!("/produk/{}", product.slug));
    let first = visit(&phone, &url, &product.name).await?;
    assert_eq!(first, "/catalog.json", "the first visit cannot know yet");
    assert!(phone.downloaded(".json").await?.contains(&"/catalog.json".to_string()));
    phone
        .wait_until("the phone remembers the date", "done(!!localStorage.getItem('nttmart.feed-same-source'))")
        .await?;
    let second = visit(&phone, &url, &product.name).await?;
    assert_eq!(second, "/katalog/index.json", "the index again");
    phone.close().await
}

/// Opens a product page and returns the feed file the app read from the
/// network on this page load (the app marks it on <html>).
async fn visit(phone: &Browser, url: &str, name: &str) -> Result<String> {
    phone.goto(url).await?;
    phone.wait_for_text(".product-page h1", name).await?;
    phone.wait_until("the feed is read", "done(!!document.documentElement.dataset.nttmartFeedRead)").await?;
    Ok(phone
        .eval("return document.documentElement.dataset.nttmartFeedRead")
        .await?
        .as_str()
        .unwrap_or_default()
        .to_string())
}
