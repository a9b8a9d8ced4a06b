//! The storefront survives whatever feed staff publish.

use nttmart_browser_tests::{Browser, Result, Site};
use serde_json::json;

#[tokio::test]
async fn broken_products_are_skipped_and_the_rest_still_shows() -> Result {
    let mut feed = nttmart_browser_tests::sample_feed();
    let products = feed["products"].as_array_mut().unwrap();
    let broken_price = products[1]["name"].as_str().unwrap().to_string();
    products[1]["price"] = json!(12500.5);
    let broken_image = products[2]["name"].as_str().unwrap().to_string();
    products[2]["images"] = json!([{ "src": "javascript:alert(1)", "alt": "x" }]);
    products[3].as_object_mut().unwrap().remove("category");
    let total = products.len();
    // Feed text is shown as text, never parsed as HTML.
    products[0]["name"] = json!("<img src=x onerror=\"document.title='pwned'\"> Kopi <b>Tebal</b>");

    let site = Site::builder().with_feed(serde_json::to_vec(&feed)?).start()?;
    let browser = Browser::start().await?;
    browser.goto(&site.url("/produk")).await?;
    browser.wait_for(".product-card").await?;
    let count: usize = browser.text(".catalog__count strong").await?.parse()?;
    assert_eq!(count, total - 3, "exactly the three broken products are left out");

    browser.goto(&site.url("/produk?q=tebal")).await?;
    let name = browser.wait_for_text(".product-card__name", "Tebal").await?;
    assert_eq!(name, "<img src=x onerror=\"document.title='pwned'\"> Kopi <b>Tebal</b>");
    assert_eq!(
        browser
            .eval("return document.querySelectorAll('.product-card__name img, .product-card__name b').length")
            .await?,
        0
    );
    assert_ne!(browser.eval("return document.title").await?, "pwned");

    for gone in [broken_price, broken_image] {
        let url = site.url(&format!("/produk?q={}", gone.replace(' ', "%20")));
        browser.goto(&url).await?;
        browser.wait_for(".catalog__count").await?;
        let names = browser.texts(".product-card__name").await?;
        assert!(!names.contains(&gone), "{gone} should be skipped");
    }
    browser.close().await
}

#[tokio::test]
async fn an_unusable_feed_shows_a_friendly_error_not_a_blank_page() -> Result {
    for (label, body) in [
        ("not JSON", b"<html>502 Bad Gateway</html>".to_vec()),
        ("newer schema", serde_json::to_vec(&json!({ "version": 99, "products": [] }))?),
        ("no products", {
            let mut f = nttmart_browser_tests::sample_feed();
            f["products"] = json!([]);
            serde_json::to_vec(&f)?
        }),
    ] {
        let site = Site::builder().with_feed(body).start()?;
        let browser = Browser::start().await?;
        browser.goto(&site.url("/")).await?;
        let alert = browser.wait_for_text("[role=alert]", "Coba lagi").await.map_err(|e| format!("{label}: {e}"))?;
        assert!(alert.contains("Katalog sedang diperbarui"), "{label}: {alert}");
        browser.close().await?;
    }
    Ok(())
}

#[tokio::test]
async fn a_failed_feed_falls_back_to_the_saved_copy_with_a_notice() -> Result {
    let site = Site::start()?;
    let browser = Browser::start().await?;
    browser.goto(&site.url("/produk")).await?;
    let count = browser.text(".catalog__count strong").await?;
    // No notice while everything is fine.
    assert!(browser.texts(".feed-notice").await?.is_empty());
    // The good feed is saved in the background; wait until it is.
    browser
        .wait_until_within(
            "the feed is saved for offline use",
            "caches.open('nttmart-feed-v1').then(c => c.match('/katalog/index.json')).then(r => done(!!r), () => done(false));",
            std::time::Duration::from_secs(10),
        )
        .await?;

    // The server now publishes a broken feed: the shop keeps the last good one.
    site.write_feed(b"{\"version\": 1, \"products\": [")?;
    browser.client.refresh().await?;
    let notice = browser.wait_for_text(".feed-notice", "katalog tersimpan").await?;
    assert!(notice.contains("Katalog terbaru belum bisa dimuat"), "{notice}");
    assert_eq!(browser.text(".catalog__count strong").await?, count);

    // Fixed again: "Coba lagi" loads the new feed and the notice goes away.
    let mut feed = nttmart_browser_tests::sample_feed();
    feed["products"].as_array_mut().unwrap().truncate(10);
    site.write_feed(serde_json::to_vec(&feed)?)?;
    browser.click(".feed-notice button").await?;
    browser.wait_for_text(".catalog__count strong", "10").await?;
    assert!(browser.texts(".feed-notice").await?.is_empty());
    browser.close().await
}
