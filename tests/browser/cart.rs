//! The cart in the browser: adding, persistence, tabs, damaged storage,
//! reconciliation with a changed feed, and the WhatsApp checkout link.

use fantoccini::Locator;
use nttmart_browser_tests::{Browser, Result, Site};
use nttmart_domain::order::percent_decode;
use serde_json::{json, Value};
use std::time::Duration;

/// Products that are in stock, with at least `min_stock`.
fn in_stock(feed: &Value, min_stock: u64) -> Vec<Value> {
    feed["products"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["stock"].as_u64().unwrap_or(0) >= min_stock)
        .cloned()
        .collect()
}

fn rupiah(n: u64) -> String {
    nttmart_domain::Rupiah(n).to_string()
}

async fn badge(browser: &Browser) -> Result<String> {
    Ok(browser.text(".cart-link__count").await?)
}

async fn wait_badge(browser: &Browser, want: &str) -> Result {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let got = badge(browser).await?;
        if got == want {
            return Ok(());
        }
        if tokio::time::Instant::now() > deadline {
            return Err(format!("cart badge shows {got}, expected {want}").into());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn cart_total(browser: &Browser) -> Result<String> {
    Ok(browser.text(".cart-total__amount").await?)
}

#[tokio::test]
async fn added_items_survive_a_reload_with_the_right_total() -> Result {
    let feed = nttmart_browser_tests::sample_feed();
    let products = in_stock(&feed, 5);
    let (a, b) = (&products[0], &products[1]);
    let site = Site::start()?;
    let browser = Browser::start().await?;

    // From the product page, twice, and once from a card in the catalog.
    browser.goto(&site.url(&format!("/produk/{}", a["slug"].as_str().unwrap()))).await?;
    browser.click(".product-page .add-to-cart").await?;
    wait_badge(&browser, "1").await?;
    browser.click(".product-page .add-to-cart").await?;
    wait_badge(&browser, "2").await?;
    browser.wait_for_text(".toast", "(2 di keranjang)").await?;
    browser.goto(&site.url(&format!("/produk?q={}", b["name"].as_str().unwrap().replace(' ', "%20")))).await?;
    let card = format!("article[data-product-id='{}'] .add-to-cart", b["id"].as_str().unwrap());
    browser.click(&card).await?;
    wait_badge(&browser, "3").await?;

    let expected = 2 * a["price"].as_u64().unwrap() + b["price"].as_u64().unwrap();
    browser.click(".cart-link").await?;
    assert_eq!(cart_total(&browser).await?, rupiah(expected));

    browser.client.refresh().await?;
    assert_eq!(cart_total(&browser).await?, rupiah(expected), "the cart survives a reload");
    assert_eq!(badge(&browser).await?, "3");
    let lines = browser.texts(".cart-line__name").await?;
    assert_eq!(lines, [a["name"].as_str().unwrap(), b["name"].as_str().unwrap()]);

    // Quantity up, then remove with undo.
    let plus = format!("li[data-product-id='{}'] .stepper__btn:last-child", b["id"].as_str().unwrap());
    browser.click(&plus).await?;
    wait_badge(&browser, "4").await?;
    assert_eq!(cart_total(&browser).await?, rupiah(expected + b["price"].as_u64().unwrap()));
    let remove = format!("li[data-product-id='{}'] .cart-line__remove", a["id"].as_str().unwrap());
    browser.click(&remove).await?;
    wait_badge(&browser, "2").await?;
    browser.click(".toast__action").await?;
    wait_badge(&browser, "4").await?;
    assert_eq!(browser.texts(".cart-line__name").await?[0], a["name"].as_str().unwrap(), "undo puts it back in place");
    browser.close().await
}

#[tokio::test]
async fn stock_limits_the_quantity() -> Result {
    let feed = nttmart_browser_tests::sample_feed();
    let product = feed["products"].as_array().unwrap().iter().find(|p| p["stock"] == 1).cloned();
    let Some(product) = product else {
        // The sample has tenun with stock 1; a feed without one cannot test this.
        panic!("sample catalog needs a product with stock 1");
    };
    let site = Site::start()?;
    let browser = Browser::start().await?;
    browser.goto(&site.url(&format!("/produk/{}", product["slug"].as_str().unwrap()))).await?;
    browser.click(".product-page .add-to-cart").await?;
    wait_badge(&browser, "1").await?;
    browser.click(".product-page .add-to-cart").await?;
    browser.wait_for_text(".toast", "tinggal 1").await?;
    assert_eq!(badge(&browser).await?, "1");
    browser.close().await
}

#[tokio::test]
async fn two_tabs_stay_in_step() -> Result {
    let feed = nttmart_browser_tests::sample_feed();
    let product = in_stock(&feed, 3)[0].clone();
    let site = Site::start()?;
    let browser = Browser::start().await?;
    browser.goto(&site.url("/keranjang")).await?;
    browser.wait_for_text(".empty-state", "Keranjang masih kosong").await?;
    let first = browser.client.window().await?;

    let second = browser.client.new_window(true).await?;
    browser.client.switch_to_window(second.handle).await?;
    browser.goto(&site.url(&format!("/produk/{}", product["slug"].as_str().unwrap()))).await?;
    browser.click(".product-page .add-to-cart").await?;
    wait_badge(&browser, "1").await?;

    browser.client.switch_to_window(first).await?;
    wait_badge(&browser, "1").await?;
    let line = browser.wait_for_text(".cart-line__name", product["name"].as_str().unwrap()).await?;
    assert_eq!(line, product["name"].as_str().unwrap());
    assert_eq!(cart_total(&browser).await?, rupiah(product["price"].as_u64().unwrap()));
    browser.close().await
}

#[tokio::test]
async fn damaged_saved_cart_is_salvaged_and_reported() -> Result {
    let feed = nttmart_browser_tests::sample_feed();
    let product = in_stock(&feed, 3)[0].clone();
    let site = Site::start()?;
    let browser = Browser::start().await?;
    browser.goto(&site.url("/")).await?;
    browser.wait_for(".product-card").await?;

    // Pure garbage: no crash, an empty cart, a notice, and the text kept.
    browser.eval("localStorage.setItem('nttmart.cart', '{\"v\":2,\"lines\":[{\"id\":'); return null").await?;
    browser.goto(&site.url("/keranjang")).await?;
    let alert = browser.wait_for_text("[role=alert]", "tidak dapat dibaca").await?;
    assert!(alert.contains("cadangan"), "{alert}");
    assert_eq!(
        browser.eval("return localStorage.getItem('nttmart.cart.backup')").await?,
        "{\"v\":2,\"lines\":[{\"id\":"
    );

    // Partly damaged: the good line is kept, the bad one reported.
    let saved = json!({ "v": 2, "lines": [
        { "id": product["id"], "q": 2, "p": product["price"], "n": product["name"] },
        { "id": "", "q": "banyak" },
    ]});
    browser.save_cart(&saved).await?;
    browser.client.refresh().await?;
    browser.wait_for_text("[role=alert]", "1 catatan dilewati").await?;
    assert_eq!(badge(&browser).await?, "2");
    assert_eq!(cart_total(&browser).await?, rupiah(2 * product["price"].as_u64().unwrap()));
    browser.close().await
}

#[tokio::test]
async fn a_changed_feed_updates_the_cart_with_notices() -> Result {
    let mut feed = nttmart_browser_tests::sample_feed();
    let products = in_stock(&feed, 5);
    let (cheaper, scarce, gone) = (products[0].clone(), products[1].clone(), products[2].clone());
    // The cart was filled yesterday against the old feed.
    let saved = json!({ "v": 2, "lines": [
        { "id": cheaper["id"], "q": 1, "p": cheaper["price"].as_u64().unwrap() + 5000, "n": cheaper["name"] },
        { "id": scarce["id"], "q": 5, "p": scarce["price"], "n": scarce["name"] },
        { "id": gone["id"], "q": 1, "p": gone["price"], "n": gone["name"] },
    ]});
    // Today: less stock for one, another withdrawn.
    for p in feed["products"].as_array_mut().unwrap() {
        if p["id"] == scarce["id"] {
            p["stock"] = json!(2);
        }
    }
    feed["products"].as_array_mut().unwrap().retain(|p| p["id"] != gone["id"]);
    let site = Site::builder().with_feed(serde_json::to_vec(&feed)?).start()?;
    let browser = Browser::start().await?;
    browser.goto(&site.url("/")).await?;
    browser.wait_for(".product-card").await?;
    browser.save_cart(&saved).await?;
    browser.goto(&site.url("/keranjang")).await?;

    let notice = browser.wait_for_text(".notice", "berubah").await?;
    assert!(notice.contains(&format!("Harga {} berubah", cheaper["name"].as_str().unwrap())), "{notice}");
    assert!(notice.contains("jumlah di keranjang diturunkan dari 5"), "{notice}");
    let gone_line = browser.wait_for(&format!("li[data-product-id='{}']", gone["id"].as_str().unwrap())).await?;
    assert!(gone_line.text().await?.contains("Tidak dijual lagi"));
    // The total counts only what can be ordered, at today's prices.
    let expected = cheaper["price"].as_u64().unwrap() + 2 * scarce["price"].as_u64().unwrap();
    assert_eq!(cart_total(&browser).await?, rupiah(expected));
    browser.close().await
}

#[tokio::test]
async fn whatsapp_link_carries_the_exact_order_text() -> Result {
    let feed = nttmart_browser_tests::sample_feed();
    let product = in_stock(&feed, 3)[0].clone();
    let outlet = feed["outlets"].as_array().unwrap().iter().find(|o| o["status"] == "launched").unwrap().clone();
    let planned = feed["outlets"].as_array().unwrap().iter().find(|o| o["status"] == "planned").unwrap().clone();
    let site = Site::start()?;
    let browser = Browser::start().await?;
    browser.goto(&site.url(&format!("/produk/{}", product["slug"].as_str().unwrap()))).await?;
    browser.click(".product-page .add-to-cart").await?;
    browser.click(".product-page .add-to-cart").await?;
    wait_badge(&browser, "2").await?;
    browser.click(".cart-link").await?;

    // Everything missing: every error at once, on its field.
    browser.click(".checkout__form button[type=submit]").await?;
    browser.wait_for("#co-name[aria-invalid=true]").await?;
    assert_eq!(browser.attr("#co-phone", "aria-invalid").await?.as_deref(), Some("true"));
    assert_eq!(browser.attr("#co-outlet", "aria-invalid").await?.as_deref(), Some("true"));
    assert!(browser.text("#co-name-err").await?.contains("Isi nama"));

    // A planned outlet cannot be chosen.
    let planned_option =
        browser.wait_for(&format!("#co-outlet option[value='{}']", planned["kabupaten"].as_str().unwrap())).await?;
    assert_eq!(planned_option.attr("disabled").await?.as_deref(), Some("true"));

    let name = "Maria \"Ina\" D'Souza & Co #1? ☕🐝";
    browser
        .client
        .find(Locator::Css("#co-outlet"))
        .await?
        .select_by_value(outlet["kabupaten"].as_str().unwrap())
        .await?;
    browser.client.find(Locator::Css("#co-name")).await?.send_keys(name).await?;
    browser.client.find(Locator::Css("#co-phone")).await?.send_keys("0812-3456-7890").await?;
    browser.client.find(Locator::Css("#co-note")).await?.send_keys("Tolong bungkus rapi\nTerima kasih 100%").await?;
    browser.click("#co-pay-tunai").await?;
    browser.click(".checkout__form button[type=submit]").await?;

    let link = browser.wait_for(".button--wa").await?;
    let href = link.attr("href").await?.ok_or("no href")?;
    let prefix = format!("https://wa.me/{}?text=", outlet["whatsapp"].as_str().unwrap());
    assert!(href.starts_with(&prefix), "{href}");
    let text = percent_decode(&href[prefix.len()..]).map_err(|e| format!("{e:?}"))?;
    let shown = browser.eval("return document.querySelector('.order-ready__text').textContent").await?;
    assert_eq!(text, shown.as_str().unwrap(), "the link carries exactly the text shown");
    assert!(text.contains(name), "{text}");
    assert!(text.contains("Tolong bungkus rapi\nTerima kasih 100%"), "{text}");
    assert!(text.contains("+62 812-3456-7890"), "{text}");
    let price = product["price"].as_u64().unwrap();
    assert!(text.contains(&format!("2 × {} = {}", rupiah(price), rupiah(2 * price))), "{text}");
    assert!(text.contains(&format!("Total: {}", rupiah(2 * price))), "{text}");
    assert_eq!(link.attr("rel").await?.as_deref(), Some("noopener noreferrer"));

    // The cart stays until the customer confirms the order was sent.
    assert_eq!(badge(&browser).await?, "2");
    browser.click(".order-ready__actions:last-child .button:first-child").await?;
    wait_badge(&browser, "0").await?;
    browser.close().await
}
