//! Products with options in a real browser: the picker, the URL, the cart
//! and a feed that drops a variant.

use nttmart_browser_tests::{Browser, Result, Site};
use nttmart_domain::Rupiah;
use serde_json::{json, Value};

/// The sample's coffee with grind × weight options and one sold-out
/// combination (Biji, 1 kg), given a second picture that its ground
/// variants show.
fn coffee_feed() -> (Value, Value) {
    let mut feed = nttmart_browser_tests::sample_feed();
    let coffee = feed["products"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|p| p["id"] == "SBR-0001")
        .expect("the sample's SBR-0001 has options");
    coffee["images"].as_array_mut().unwrap().push(json!({"src": "img/category/kopi-2.svg", "alt": "Kopi bubuk Wano"}));
    for v in coffee["variants"].as_array_mut().unwrap() {
        if v["values"][0] == "Bubuk" {
            v["images"] = json!(["img/category/kopi-2.svg"]);
        }
    }
    let coffee = coffee.clone();
    (feed, coffee)
}

fn variant<'a>(product: &'a Value, values: &[&str]) -> &'a Value {
    product["variants"].as_array().unwrap().iter().find(|v| v["values"] == json!(values)).unwrap()
}

fn price(v: &Value) -> String {
    Rupiah(v["price"].as_u64().unwrap()).to_string()
}

async fn wait_price(browser: &Browser, want: &str) -> Result {
    browser
        .wait_until(
            &format!("the price shows {want}"),
            &format!("done(document.querySelector('.product-page__amount')?.textContent === {want:?})"),
        )
        .await
}

async fn checked(browser: &Browser, group: usize) -> Result<String> {
    let v = browser
        .eval(&format!("return document.querySelector('input[name=varian-{group}]:checked')?.value ?? ''"))
        .await?;
    Ok(v.as_str().unwrap_or_default().to_string())
}

#[tokio::test]
async fn choosing_a_variant_moves_price_picture_url_and_disables_what_cannot_be_had() -> Result {
    let (feed, coffee) = coffee_feed();
    let slug = coffee["slug"].as_str().unwrap();
    let site = Site::builder().with_feed(serde_json::to_vec(&feed)?).start()?;
    let browser = Browser::start().await?;
    browser.goto(&site.url(&format!("/produk/{slug}"))).await?;
    browser.wait_for(".variant-picker").await?;

    // The default: the first variant that can be ordered.
    let first = variant(&coffee, &["Biji", "250 g"]);
    wait_price(&browser, &price(first)).await?;
    assert_eq!((checked(&browser, 0).await?, checked(&browser, 1).await?), ("Biji".into(), "250 g".into()));
    let legends = browser.texts(".variant-picker__legend").await?;
    assert_eq!(legends, ["Gilingan", "Berat"]);
    // With Biji chosen, 1 kg is sold out: disabled, and it says so.
    let one_kg = "label.variant-picker__choice:has(input[name=varian-1][value='1 kg'])";
    assert!(browser.attr(&format!("{one_kg} input"), "disabled").await?.is_some(), "sold out: disabled");
    assert!(browser.text(one_kg).await?.contains("habis"), "{}", browser.text(one_kg).await?);
    let img = browser.attr(".product-page__media img", "src").await?.unwrap_or_default();
    assert!(img.ends_with("/img/category/kopi-3.svg"), "{img}");

    // Bubuk: the URL, the price and the picture follow; 1 kg is possible again.
    browser.click("label.variant-picker__choice:has(input[name=varian-0][value='Bubuk'])").await?;
    let bubuk = variant(&coffee, &["Bubuk", "250 g"]);
    browser
        .wait_until(
            "the URL names the variant",
            &format!("done(location.search === '?varian={}')", bubuk["id"].as_str().unwrap()),
        )
        .await?;
    wait_price(&browser, &price(bubuk)).await?;
    let img = browser.attr(".product-page__media img", "src").await?.unwrap_or_default();
    assert!(img.ends_with("/img/category/kopi-2.svg"), "the ground coffee's own picture: {img}");
    assert_eq!(browser.attr(&format!("{one_kg} input"), "disabled").await?, None);

    browser.click("label.variant-picker__choice:has(input[name=varian-1][value='1 kg'])").await?;
    let big = variant(&coffee, &["Bubuk", "1 kg"]);
    wait_price(&browser, &price(big)).await?;
    assert_eq!(checked(&browser, 1).await?, "1 kg");
    // The WhatsApp link orders that variant, by its code.
    let quick = browser.attr(".product-page__quick", "href").await?.unwrap_or_default();
    assert!(quick.contains(big["id"].as_str().unwrap()), "{quick}");
    // A click on a radio is no new page: back leaves the product.
    assert_eq!(browser.eval("return history.length").await?, json!(2));
    browser.close().await
}

#[tokio::test]
async fn a_shared_variant_link_opens_that_variant_and_two_variants_are_two_lines() -> Result {
    let (feed, coffee) = coffee_feed();
    let slug = coffee["slug"].as_str().unwrap();
    let site = Site::builder().with_feed(serde_json::to_vec(&feed)?).start()?;
    let browser = Browser::start().await?;
    let shared = variant(&coffee, &["Bubuk", "500 g"]);
    browser.goto(&site.url(&format!("/produk/{slug}?varian={}", shared["id"].as_str().unwrap()))).await?;
    browser.wait_for(".variant-picker").await?;
    wait_price(&browser, &price(shared)).await?;
    assert_eq!((checked(&browser, 0).await?, checked(&browser, 1).await?), ("Bubuk".into(), "500 g".into()));
    // The static page's canonical link is the product's, whatever the variant.
    let canonical = browser.eval("return document.querySelector('link[rel=canonical]').href").await?;
    assert!(canonical.as_str().unwrap_or_default().ends_with(&format!("/produk/{slug}")), "{canonical}");

    browser.click(".product-page .add-to-cart").await?;
    browser.wait_for_text(".cart-link__count", "1").await?;
    browser.click("label.variant-picker__choice:has(input[name=varian-0][value='Biji'])").await?;
    let other = variant(&coffee, &["Biji", "500 g"]);
    wait_price(&browser, &price(other)).await?;
    browser.click(".product-page .add-to-cart").await?;
    browser.wait_for_text(".cart-link__count", "2").await?;

    browser.click(".cart-link").await?;
    let name = coffee["name"].as_str().unwrap();
    let first = browser.wait_for(&format!("li[data-product-id='{}']", shared["id"].as_str().unwrap())).await?;
    assert!(first.text().await?.contains(&format!("{name} — Bubuk, 500 g")), "{}", first.text().await?);
    let second = browser.wait_for(&format!("li[data-product-id='{}']", other["id"].as_str().unwrap())).await?;
    assert!(second.text().await?.contains(&format!("{name} — Biji, 500 g")));
    let total = shared["price"].as_u64().unwrap() + other["price"].as_u64().unwrap();
    assert_eq!(browser.text(".cart-total__amount").await?, Rupiah(total).to_string());
    browser.close().await
}

#[tokio::test]
async fn a_variant_gone_from_the_feed_stays_in_the_cart_and_an_old_cart_finds_its_variant() -> Result {
    let (mut feed, coffee) = coffee_feed();
    let kept = variant(&coffee, &["Biji", "250 g"]).clone();
    let gone = variant(&coffee, &["Bubuk", "500 g"]).clone();
    // A honey that had no options when the cart was saved: its line names the product.
    let honey = feed["products"].as_array().unwrap().iter().find(|p| p["id"] == "TTU-0006").unwrap().clone();
    let honey_default = honey["variants"][0].clone();
    let saved = json!({ "v": 2, "lines": [
        { "id": kept["id"], "q": 1, "p": kept["price"], "n": "Kopi" },
        { "id": gone["id"], "q": 2, "p": gone["price"], "n": format!("{} — Bubuk, 500 g", coffee["name"].as_str().unwrap()) },
        { "id": "TTU-0006", "q": 3, "p": honey_default["price"], "n": honey["name"] },
    ]});
    for p in feed["products"].as_array_mut().unwrap() {
        if p["id"] == coffee["id"] {
            p["variants"].as_array_mut().unwrap().retain(|v| v["id"] != gone["id"]);
        }
    }
    let site = Site::builder().with_feed(serde_json::to_vec(&feed)?).start()?;
    let browser = Browser::start().await?;
    browser.goto(&site.url("/")).await?;
    browser.wait_for(".product-card").await?;
    browser.save_cart(&saved).await?;
    browser.goto(&site.url("/keranjang")).await?;

    let gone_line = browser.wait_for(&format!("li[data-product-id='{}']", gone["id"].as_str().unwrap())).await?;
    let text = gone_line.text().await?;
    assert!(text.contains("Tidak dijual lagi") && text.contains("Bubuk, 500 g"), "{text}");
    let notice = browser.wait_for_text(".notice", "pilihan").await?;
    assert!(notice.contains(&format!("{} — 250 ml", honey["name"].as_str().unwrap())), "{notice}");
    // The honey line now names its default variant, with all three jars.
    let honey_line =
        browser.wait_for(&format!("li[data-product-id='{}']", honey_default["id"].as_str().unwrap())).await?;
    assert!(honey_line.text().await?.contains('3'));
    let total = kept["price"].as_u64().unwrap() + 3 * honey_default["price"].as_u64().unwrap();
    assert_eq!(browser.text(".cart-total__amount").await?, Rupiah(total).to_string());
    // Saved in its new form: the next visit says nothing about variants.
    let stored = browser.eval("return localStorage.getItem('nttmart.cart')").await?;
    assert!(stored.as_str().unwrap_or_default().contains(honey_default["id"].as_str().unwrap()), "{stored}");
    browser.close().await
}

#[tokio::test]
async fn cards_show_the_lowest_price_and_lead_to_the_picker() -> Result {
    let (feed, coffee) = coffee_feed();
    let site = Site::builder().with_feed(serde_json::to_vec(&feed)?).start()?;
    let browser = Browser::start().await?;
    browser.goto(&site.url("/produk?q=wano")).await?;
    let card = format!("article.product-card[data-product-id='{}']", coffee["id"].as_str().unwrap());
    browser.wait_for(&card).await?;
    let lowest = coffee["variants"].as_array().unwrap().iter().map(|v| v["price"].as_u64().unwrap()).min().unwrap();
    let text = browser.text(&format!("{card} .product-card__price")).await?;
    assert!(text.starts_with(&Rupiah(lowest).to_string()), "{text}");
    // "mulai" comes from the stylesheet, in the page's language.
    let before =
        format!("return getComputedStyle(document.querySelector(\"{card} .product-card__price\"), '::before').content");
    assert_eq!(browser.eval(&before).await?, json!("\"mulai \""));
    // A product with one price says no "mulai".
    browser.goto(&site.url("/produk?q=garam+bipolo")).await?;
    browser.wait_for("article.product-card[data-product-id='KPG-0004']").await?;
    let single = "return getComputedStyle(document.querySelector(\"article.product-card[data-product-id='KPG-0004'] .product-card__price\"), '::before').content";
    assert_eq!(browser.eval(single).await?, json!("none"));
    // Searching an option value finds it; so does a word only its description has.
    browser.goto(&site.url("/produk?q=bubuk+wano")).await?;
    browser.wait_for(&card).await?;
    browser.click(&format!("{card} .add-to-cart--choose")).await?;
    browser.wait_for(".variant-picker").await?;
    browser.close().await
}

#[tokio::test]
async fn search_finds_words_that_only_a_description_has() -> Result {
    // The index feed has no descriptions; the catalogue page fetches their
    // words (katalog/kata.json) and the results follow.
    let site = Site::start()?;
    let browser = Browser::start().await?;
    browser.goto(&site.url("/produk?q=kosambi")).await?;
    browser.wait_for("article.product-card[data-product-id='KPK-0001']").await?;
    let ids = browser
        .eval("return [...document.querySelectorAll('article.product-card')].map(a => a.dataset.productId)")
        .await?;
    let catalog = nttmart_browser_tests::sample_catalog();
    let expected: Vec<&str> = catalog
        .products
        .iter()
        .filter(|p| p.description.to_lowercase().contains("kosambi") || p.name.to_lowercase().contains("kosambi"))
        .map(|p| p.id.as_str())
        .collect();
    let mut got: Vec<String> = serde_json::from_value(ids)?;
    got.sort();
    let mut want: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
    want.sort();
    assert_eq!(got, want);
    // The first page never fetched it.
    browser.goto(&site.url("/")).await?;
    browser.wait_for(".product-card").await?;
    assert_eq!(browser.fetched("kata.json").await?.len(), 0);
    browser.close().await
}

#[tokio::test]
async fn made_to_order_is_a_filter_of_its_own() -> Result {
    let catalog = nttmart_browser_tests::sample_catalog();
    let mut expected: Vec<String> = catalog
        .products
        .iter()
        .filter(|p| p.variants.iter().any(|v| v.availability.lead_days().is_some()))
        .map(|p| p.id.clone())
        .collect();
    expected.sort();
    assert!(expected.len() >= 5, "the sample has tenun woven to order and a pre-order");
    let site = Site::start()?;
    let browser = Browser::start().await?;
    browser.goto(&site.url("/produk?pesanan=1")).await?;
    browser.wait_for("article.product-card").await?;
    let count = browser.text(".catalog__count strong").await?;
    assert_eq!(count, expected.len().to_string());
    let ids = browser
        .eval("return [...document.querySelectorAll('article.product-card')].map(a => a.dataset.productId)")
        .await?;
    let mut got: Vec<String> = serde_json::from_value(ids)?;
    got.sort();
    assert_eq!(got, expected);
    browser.wait_for_text(".chip", "Sesuai pesanan").await?;
    browser.close().await
}
