//! Searching and filtering in the browser, with the view kept in the URL.

use fantoccini::Locator;
use nttmart_browser_tests::{Browser, Result, Site};
use std::time::Duration;

async fn current_url(browser: &Browser) -> Result<String> {
    Ok(browser.client.current_url().await?.to_string())
}

async fn wait_for_url(browser: &Browser, needle: &str, present: bool) -> Result<String> {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let url = current_url(browser).await?;
        if url.contains(needle) == present {
            return Ok(url);
        }
        if tokio::time::Instant::now() > deadline {
            return Err(format!("URL {url} should {}contain {needle}", if present { "" } else { "not " }).into());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The number of results, once the search has the description words it
/// will get (`data-words`): until then the count may still grow.
async fn result_count(browser: &Browser) -> Result<usize> {
    browser.wait_for(".catalog__results[data-words]").await?;
    let text = browser.text(".catalog__count strong").await?;
    Ok(text.trim().parse()?)
}

/// The prices of the cards on screen, in order, from their `<data value>`.
async fn prices_on_screen(browser: &Browser) -> Result<Vec<u64>> {
    let values = browser
        .eval("return [...document.querySelectorAll('.catalog__results .product-card__price data')].map(d => Number(d.value))")
        .await?;
    Ok(values.as_array().ok_or("prices")?.iter().map(|v| v.as_u64().unwrap_or(0)).collect())
}

async fn names(browser: &Browser) -> Result<Vec<String>> {
    browser.texts(".catalog__results .product-card__name").await
}

#[tokio::test]
async fn typing_filters_as_you_type_and_the_url_follows() -> Result {
    let site = Site::start()?;
    let browser = Browser::start().await?;
    browser.goto(&site.url("/produk")).await?;
    let all = result_count(&browser).await?;
    assert!(all >= 150, "the sample catalog lists {all} products");

    let input = browser.wait_for("input[type=search]").await?;
    // The box is labelled for screen readers.
    let label = browser.eval("return document.querySelector('label[for=search-input]').textContent").await?;
    assert_eq!(label, "Cari produk desa");

    input.send_keys("kop").await?;
    wait_for_url(&browser, "q=kop", true).await?;
    let prefix = result_count(&browser).await?;
    assert!(prefix > 0 && prefix < all, "prefix 'kop' narrows to coffee: {prefix}");
    // Name matches rank first: the top result has a word starting "kop".
    let top = names(&browser).await?;
    assert!(top[0].to_lowercase().split_whitespace().any(|w| w.starts_with("kop")), "{top:?}");

    // A typo in the second word still finds Bajawa coffee, best match first.
    input.send_keys("i bajwa").await?;
    wait_for_url(&browser, "q=kopi%20bajwa", true).await?;
    let found = names(&browser).await?;
    assert!(!found.is_empty(), "kopi bajwa finds products");
    assert!(found[0].contains("Bajawa"), "best match first: {found:?}");
    assert!(browser.texts(".catalog__count").await?[0].contains("kopi bajwa"));
    browser.close().await
}

#[tokio::test]
async fn filters_update_the_url_and_survive_reload_and_back() -> Result {
    let site = Site::start()?;
    let browser = Browser::start().await?;
    browser.goto(&site.url("/produk?q=kopi")).await?;
    let coffee = result_count(&browser).await?;
    assert_eq!(browser.wait_for("input[type=search]").await?.prop("value").await?.as_deref(), Some("kopi"));

    // Phones show the panel behind a button.
    browser.click(".catalog__filters-toggle").await?;
    let ngada = "//label[contains(@class,'choice')][.//span[@class='choice__label' and text()='Ngada']]";
    let count_text =
        browser.client.find(Locator::XPath(&format!("{ngada}//span[@class='choice__count']"))).await?.text().await?;
    let predicted: usize = count_text.trim().parse()?;
    browser.client.find(Locator::XPath(&format!("{ngada}//input"))).await?.click().await?;
    wait_for_url(&browser, "kabupaten=ngada", true).await?;
    let filtered = result_count(&browser).await?;
    assert_eq!(filtered, predicted, "the option's count said what choosing it gives");
    assert!(filtered > 0 && filtered < coffee);
    for origin in browser.texts(".catalog__results .product-card__origin").await? {
        assert!(origin.ends_with("Ngada"), "{origin}");
    }

    // Halal on top: the count must drop or stay, never include non-halal.
    browser
        .client
        .find(Locator::XPath("//label[contains(@class,'choice')][.//span[text()='Halal']]//input"))
        .await?
        .click()
        .await?;
    wait_for_url(&browser, "sertifikasi=halal", true).await?;
    for badges in browser.texts(".catalog__results .badges").await? {
        assert!(badges.contains("Halal") && !badges.contains("Non-halal"), "{badges}");
    }

    // Reload restores the same view.
    browser.client.refresh().await?;
    wait_for_url(&browser, "sertifikasi=halal", true).await?;
    let after_reload = result_count(&browser).await?;
    assert!(after_reload <= filtered);
    let checked = browser.eval("return [...document.querySelectorAll('.choice input:checked')].map(i => i.closest('label').querySelector('.choice__label').textContent)").await?;
    assert_eq!(checked, serde_json::json!(["Halal", "Ngada"]));

    // Back steps through the changes one at a time.
    browser.client.back().await?;
    wait_for_url(&browser, "sertifikasi", false).await?;
    assert!(current_url(&browser).await?.contains("kabupaten=ngada"));
    assert_eq!(result_count(&browser).await?, filtered);
    browser.client.back().await?;
    wait_for_url(&browser, "kabupaten", false).await?;
    assert_eq!(result_count(&browser).await?, coffee);
    browser.close().await
}

#[tokio::test]
async fn sort_and_pages_live_in_the_url() -> Result {
    let site = Site::start()?;
    let browser = Browser::start().await?;
    browser.goto(&site.url("/produk?urut=harga-naik")).await?;
    browser.wait_for(".product-card").await?;
    let prices = prices_on_screen(&browser).await?;
    assert!(prices.windows(2).all(|w| w[0] <= w[1]), "ascending: {prices:?}");
    assert_eq!(prices.len(), 24, "one page of 24");

    browser.click(".pager a[rel=next]").await?;
    wait_for_url(&browser, "hal=2", true).await?;
    let status = browser.wait_for_text(".pager__status", "Halaman 2").await?;
    assert!(status.starts_with("Halaman 2 dari"));
    let second = prices_on_screen(&browser).await?;
    assert!(second[0] >= prices[23], "page 2 continues the order");
    browser.close().await
}

#[tokio::test]
async fn no_results_shows_suggestions() -> Result {
    let site = Site::start()?;
    let browser = Browser::start().await?;
    browser.goto(&site.url("/produk?q=xylofonzz&stok=1")).await?;
    browser.wait_for_text(".empty-state h2", "Belum ada produk").await?;
    let suggestions = browser.texts(".suggestions a").await?;
    assert!(suggestions.contains(&"kopi".to_string()));
    browser.click(".empty-state .button").await?;
    wait_for_url(&browser, "stok", false).await?;
    browser.click(".suggestions a").await?;
    wait_for_url(&browser, "q=kopi", true).await?;
    assert!(result_count(&browser).await? > 0);
    browser.close().await
}
