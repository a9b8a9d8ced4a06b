//! Finishing an order in the browser: delivery fees, totals and each way
//! to pay (cash, transfer with kode unik, QRIS for the exact amount, read
//! back from the saved picture as a phone would), the outlet's packing
//! slip opened from the message's own link, and "Pesanan saya" with
//! "Pesan lagi".

use fantoccini::Locator;
use nttmart_browser_tests::{repo_root, Browser, Result, Site};
use nttmart_domain::order::percent_decode;
use nttmart_domain::{payment, qris, Rupiah};
use serde_json::{json, Value};

fn rupiah(n: u64) -> String {
    Rupiah(n).to_string()
}

/// The Ngada outlet: zones, weight tiers outside them, cash, transfer and QRIS.
const OUTLET: &str = "ngada";

fn outlet(feed: &Value) -> Value {
    feed["outlets"].as_array().unwrap().iter().find(|o| o["kabupaten"] == OUTLET).unwrap().clone()
}

/// A product with a weight, in stock, cheap enough that two stay under the
/// zone's free-delivery threshold.
fn product(feed: &Value) -> Value {
    let threshold = outlet(feed)["delivery"]["zones"][0]["free_from"].as_u64().unwrap();
    feed["products"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| {
            p["stock"].as_u64().unwrap_or(0) >= 5
                && p["weight_g"].is_u64()
                && p["price"].as_u64().is_some_and(|price| 2 * price < threshold)
        })
        .unwrap()
        .clone()
}

/// Sets `changes` (e.g. `{"price": 70000}`) on the product with `id`.
fn change_product(feed: &mut Value, id: &Value, changes: Value) {
    let product = feed["products"].as_array_mut().unwrap().iter_mut().find(|q| q["id"] == *id).unwrap();
    for (key, value) in changes.as_object().unwrap() {
        product[key] = value.clone();
    }
}

/// The message a `https://wa.me/<number>?text=…` link carries, checking
/// that it goes to `number`.
fn wa_text(href: &str, number: &str) -> Result<String> {
    let prefix = format!("https://wa.me/{number}?text=");
    let param = href.strip_prefix(&prefix).ok_or(format!("{href} does not start with {prefix}"))?;
    Ok(percent_decode(param).map_err(|e| format!("{e:?}"))?)
}

/// Two of `product` in the cart, on the cart page with Ngada chosen and
/// the name and phone filled in.
async fn ready_to_order(browser: &Browser, site: &Site, product: &Value) -> Result {
    browser.goto(&site.url(&format!("/produk/{}", product["slug"].as_str().unwrap()))).await?;
    browser.click(".product-page .add-to-cart").await?;
    browser.wait_for_text(".cart-link__count", "1").await?;
    browser.click(".product-page .add-to-cart").await?;
    browser.wait_for_text(".cart-link__count", "2").await?;
    browser.click(".cart-link").await?;
    browser.wait_for("#co-outlet").await?;
    browser.client.find(Locator::Css("#co-outlet")).await?.select_by_value(OUTLET).await?;
    browser.client.find(Locator::Css("#co-name")).await?.send_keys("Maria Goreti").await?;
    browser.client.find(Locator::Css("#co-phone")).await?.send_keys("0812-3456-7890").await?;
    Ok(())
}

/// Two of `product` ordered from Ngada for pickup, paid by `method`
/// (`tunai`, `transfer`, `qris`): the message text.
async fn order(browser: &Browser, site: &Site, product: &Value, method: &str) -> Result<String> {
    ready_to_order(browser, site, product).await?;
    browser.click(&format!("#co-pay-{method}")).await?;
    submit(browser).await
}

async fn summary(browser: &Browser, which: &str) -> Result<String> {
    browser.text(&format!(".checkout__summary [data-amount={which}]")).await
}

/// Submits the form; returns the message text, checked to be exactly what
/// the wa.me link to the Ngada outlet carries.
async fn submit(browser: &Browser) -> Result<String> {
    browser.click(".checkout__form button[type=submit]").await?;
    let link = browser.wait_for(".order-ready .button--wa").await?;
    let href = link.attr("href").await?.ok_or("no href")?;
    let text = wa_text(&href, outlet(&nttmart_browser_tests::sample_feed())["whatsapp"].as_str().unwrap())?;
    let shown = browser.eval("return document.querySelector('.order-ready__text').textContent").await?;
    assert_eq!(text, shown.as_str().unwrap(), "the link carries exactly the text shown");
    Ok(text)
}

fn reference(text: &str) -> String {
    text.lines().find_map(|l| l.strip_prefix("Pesanan: ")).expect("a reference line").to_string()
}

fn slip_link(text: &str) -> String {
    text.lines().find_map(|l| l.strip_prefix("Lembar pesanan untuk outlet: ")).expect("a slip link").to_string()
}

/// Reads the QRIS picture the page offers for saving, as a banking app
/// reads it from the gallery.
async fn scan_qris(browser: &Browser) -> Result<String> {
    let src = browser.attr(".qris__code", "src").await?.ok_or("no src")?;
    let saved = browser.attr(".qris a[download]", "href").await?.ok_or("no href")?;
    assert_eq!(src, saved, "the saved picture is the one shown");
    let b64 = src.strip_prefix("data:image/png;base64,").ok_or("not a PNG data URL")?;
    let png = base64_decode(b64)?;
    let img = image::load_from_memory(&png)?.to_luma8();
    let mut prepared = rqrr::PreparedImage::prepare(img);
    let grids = prepared.detect_grids();
    let grid = grids.first().ok_or("no QR code in the picture")?;
    let (_, content) = grid.decode()?;
    Ok(content)
}

fn base64_decode(text: &str) -> Result<Vec<u8>> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for b in text.bytes().filter(|&b| b != b'=') {
        let v = ALPHABET.iter().position(|&a| a == b).ok_or("bad base64")? as u32;
        acc = acc << 6 | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    Ok(out)
}

#[tokio::test]
async fn checkout_states_totals_for_pickup_zone_and_weight_with_each_way_to_pay() -> Result {
    let feed = nttmart_browser_tests::sample_feed();
    let p = product(&feed);
    let price = p["price"].as_u64().unwrap();
    let subtotal = 2 * price;
    let o = outlet(&feed);
    let zone_fee = o["delivery"]["zones"][0]["fee"].as_u64().unwrap();
    let site = Site::start()?;
    let browser = Browser::start().await?;
    ready_to_order(&browser, &site, &p).await?;

    // Pickup and cash.
    assert_eq!(summary(&browser, "total").await?, rupiah(subtotal));
    browser.click("#co-pay-tunai").await?;
    let text = submit(&browser).await?;
    assert!(text.contains(&format!("\nTotal: {}\n", rupiah(subtotal))), "{text}");
    assert!(text.contains("\nPembayaran: tunai di outlet saat mengambil\n"), "{text}");
    assert!(!text.contains("Ongkir"), "{text}");
    assert!(slip_link(&text).starts_with(&site.url("/pesanan#v=1&")), "{text}");
    browser.click(".order-ready__actions:last-child .button--quiet").await?;

    // Delivery inside the first zone, by transfer: the kode unik follows
    // from the reference, and the amount to transfer includes it.
    browser.click("input[name=fulfilment][value=antar]").await?;
    let area = o["delivery"]["zones"][0]["areas"][0].as_str().unwrap();
    let zone = o["delivery"]["zones"][0]["name"].as_str().unwrap();
    browser.wait_for("#co-area").await?;
    browser
        .client
        .find(Locator::XPath(&format!("//select[@id='co-area']//option[normalize-space(.)='{area}']")))
        .await?
        .click()
        .await?;
    browser.wait_for_text(".checkout__summary [data-amount=fee]", &rupiah(zone_fee)).await?;
    assert_eq!(summary(&browser, "total").await?, rupiah(subtotal + zone_fee));
    browser.client.find(Locator::Css("#co-address")).await?.send_keys("Jl. Ahmad Yani 5\nRT 02").await?;
    browser.click("#co-pay-transfer").await?;
    let text = submit(&browser).await?;
    let reference = reference(&text);
    let code = payment::kode_unik(&reference);
    let total = subtotal + zone_fee;
    let account = &o["payment"]["transfer"];
    for line in [
        format!("Subtotal: {}", rupiah(subtotal)),
        format!("Ongkir ke {area}, {zone}: {}", rupiah(zone_fee)),
        format!("Total: {}", rupiah(total)),
        format!("Antar ke: Jl. Ahmad Yani 5, RT 02 ({area}, {zone})"),
        format!(
            "Pembayaran: transfer {} (sudah termasuk kode unik {code}) ke {} {} a.n. {}",
            rupiah(total + u64::from(code)),
            account["bank"].as_str().unwrap(),
            account["account"].as_str().unwrap(),
            account["holder"].as_str().unwrap()
        ),
    ] {
        assert!(text.lines().any(|l| l == line), "no line {line:?} in\n{text}");
    }
    let said = browser.wait_for(".order-ready__pay").await?;
    assert_eq!(said.attr("data-kode-unik").await?.as_deref(), Some(code.to_string().as_str()));
    browser.click(".order-ready__actions:last-child .button--quiet").await?;

    // Outside the zones the weight tiers decide.
    browser.client.find(Locator::Css("#co-area")).await?.select_by_value("out").await?;
    let weight = 2 * p["weight_g"].as_u64().unwrap();
    let tier = o["delivery"]["outside"]["tiers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["up_to_g"].as_u64().unwrap() >= weight)
        .ok_or("the sample product is heavier than every tier")?;
    let tier_fee = tier["fee"].as_u64().unwrap();
    browser.wait_for_text(".checkout__summary [data-amount=fee]", &rupiah(tier_fee)).await?;
    assert_eq!(summary(&browser, "total").await?, rupiah(subtotal + tier_fee));

    // QRIS carries exactly the total, to the outlet's own merchant.
    browser.click("#co-pay-qris").await?;
    let text = submit(&browser).await?;
    let total = subtotal + tier_fee;
    assert!(text.lines().any(|l| l == format!("Pembayaran: QRIS sebesar {}", rupiah(total))), "{text}");
    let scanned = scan_qris(&browser).await?;
    let code = qris::parse(&scanned).map_err(|e| e.to_string())?;
    assert_eq!(code.amount(), Some(Rupiah(total)));
    assert!(!code.is_static());
    let sticker = qris::parse(o["payment"]["qris"].as_str().unwrap()).map_err(|e| e.to_string())?;
    assert_eq!(code.merchant_name(), sticker.merchant_name());
    assert_eq!(scanned, sticker.with_amount(Rupiah(total)).map_err(|e| e.to_string())?);
    let words = browser.text(".qris__amount").await?;
    assert!(words.contains(&rupiah(total)) && words.contains("rupiah"), "{words}");
    // For a person to look at (tests/artifacts, not committed).
    let out = repo_root().join("tests/artifacts/screenshots");
    std::fs::create_dir_all(&out)?;
    browser.eval("document.querySelector('.qris').scrollIntoView({block: 'start'}); return null").await?;
    std::fs::write(out.join("checkout-qris-phone.png"), browser.client.screenshot().await?)?;
    browser.eval("document.querySelector('.checkout__summary').scrollIntoView({block: 'center'}); return null").await?;
    std::fs::write(out.join("checkout-summary-phone.png"), browser.client.screenshot().await?)?;
    browser.close().await
}

#[tokio::test]
async fn qris_is_refused_over_ten_million_and_explains_why() -> Result {
    let mut feed = nttmart_browser_tests::sample_feed();
    let p = product(&feed);
    change_product(&mut feed, &p["id"], json!({"price": 5_000_001}));
    let site = Site::builder().with_feed(serde_json::to_vec(&feed)?).start()?;
    let browser = Browser::start().await?;
    ready_to_order(&browser, &site, &p).await?;
    let radio = browser.wait_for("#co-pay-qris").await?;
    assert_eq!(radio.attr("disabled").await?.as_deref(), Some("true"));
    assert!(browser.text("#co-pay-qris-why").await?.contains("Rp 10.000.000"));
    browser.close().await
}

#[tokio::test]
async fn the_outlet_opens_the_slip_from_the_message_link_and_replies() -> Result {
    let mut feed = nttmart_browser_tests::sample_feed();
    let p = product(&feed);
    let price = p["price"].as_u64().unwrap();
    let site = Site::start()?;
    let browser = Browser::start().await?;
    let text = order(&browser, &site, &p, "transfer").await?;
    let link = slip_link(&text);
    let reference = reference(&text);

    // Since the order: the price went up and the stock ran out.
    change_product(&mut feed, &p["id"], json!({"price": price + 5_000, "stock": 0}));
    site.write_feed(serde_json::to_vec(&feed)?)?;

    // Staff open the link from the message on their own phone.
    let staff = Browser::start().await?;
    staff.goto(&link).await?;
    staff.wait_for_text(".slip__head h1", &reference).await?;
    let row = staff.wait_for_text(".slip__lines tbody tr", p["name"].as_str().unwrap()).await?;
    assert!(row.contains("Stok habis"), "{row}");
    assert_eq!(staff.text(".slip__sums [data-amount=subtotal]").await?, rupiah(2 * price));
    let code = payment::kode_unik(&reference);
    assert_eq!(staff.text(".slip__sums [data-amount=transfer]").await?, rupiah(2 * price + u64::from(code)));
    assert_eq!(staff.eval("return document.querySelector('meta[name=robots]').content").await?, json!("noindex"));

    // One-tap replies go to the customer's number, in the customer's language.
    let accepted = staff.attr("[data-reply=accepted]", "href").await?.ok_or("no href")?;
    let customer = "6281234567890";
    let reply = wa_text(&accepted, customer)?;
    assert!(reply.contains(&format!("pesanan {reference} sudah kami terima")), "{reply}");
    assert!(reply.contains(&format!("transfer {}", rupiah(2 * price + u64::from(code)))), "{reply}");
    let stock = staff.attr("[data-reply=stock]", "href").await?.ok_or("no href")?;
    let reply = wa_text(&stock, customer)?;
    assert!(reply.contains(&format!("stok habis untuk {}", p["name"].as_str().unwrap())), "{reply}");

    // A link cut short in copying says so instead of showing a wrong order.
    let cut = &link[..link.len() - 12];
    staff.goto(&site.url("/")).await?;
    staff.goto(cut).await?;
    staff.wait_for_text(".slip-page [role=alert]", "terpotong").await?;
    staff.close().await?;
    browser.close().await
}

#[tokio::test]
async fn my_orders_keeps_what_was_sent_and_orders_it_again() -> Result {
    let mut feed = nttmart_browser_tests::sample_feed();
    let p = product(&feed);
    let price = p["price"].as_u64().unwrap();
    let site = Site::start()?;
    let browser = Browser::start().await?;
    let text = order(&browser, &site, &p, "tunai").await?;
    let reference = reference(&text);
    // Opening WhatsApp is what sends it; keep the test inside the shop.
    browser
        .eval("document.addEventListener('click', e => { if (e.target.closest('a.button--wa')) e.preventDefault(); }, true); return null")
        .await?;
    browser.click(".order-ready .button--wa").await?;
    browser.click(".order-ready__actions:last-child .button:first-child").await?;
    browser.wait_for_text(".cart-link__count", "0").await?;

    browser.goto(&site.url("/pesanan-saya")).await?;
    let card = browser.wait_for_text(".order-card", &reference).await?;
    assert!(card.contains(&format!("2 × {}", p["name"].as_str().unwrap())), "{card}");
    assert!(card.contains(&format!("Total {}", rupiah(2 * price))), "{card}");
    let contact = browser.attr(".order-card .button--wa", "href").await?.ok_or("no href")?;
    assert!(wa_text(&contact, outlet(&feed)["whatsapp"].as_str().unwrap())?.contains(&reference));

    // The price changes; ordering again says so before anything is sent.
    change_product(&mut feed, &p["id"], json!({"price": price + 1_000}));
    site.write_feed(serde_json::to_vec(&feed)?)?;
    browser.client.refresh().await?;
    // Whether the new feed is in before or after the tap, the cart meets
    // it and names the change.
    browser.click(".order-card .button--primary").await?;
    browser.wait_for_text(".cart-link__count", "2").await?;
    let notice = browser.wait_for_text(".notice", "berubah").await?;
    assert!(notice.contains(&format!("Harga {} berubah", p["name"].as_str().unwrap())), "{notice}");
    browser.wait_for_text(".cart-total__amount", &rupiah(2 * (price + 1_000))).await?;
    browser.close().await
}

#[tokio::test]
async fn a_host_without_the_rules_file_still_states_delivery_and_payment() -> Result {
    // A host where staff replaced only catalog.json and `nttmart pages`
    // never wrote katalog/outlet.json: checkout reads the whole feed.
    let feed = nttmart_browser_tests::sample_feed();
    let p = product(&feed);
    let site = Site::builder().without_file("katalog/outlet.json").without_file("katalog/outlet.json.br").start()?;
    let browser = Browser::start().await?;
    let text = order(&browser, &site, &p, "transfer").await?;
    let account = outlet(&feed)["payment"]["transfer"]["account"].as_str().unwrap().to_string();
    assert!(text.contains(&account), "{text}");
    browser.close().await
}

#[tokio::test]
async fn without_the_rules_checkout_still_sends_and_says_the_outlet_will_quote() -> Result {
    // No rules file and no whole feed to read them from.
    let feed = nttmart_browser_tests::sample_feed();
    let p = product(&feed);
    let site = Site::builder()
        .without_file("katalog/outlet.json")
        .without_file("katalog/outlet.json.br")
        .without_file("catalog.json")
        .start()?;
    let browser = Browser::start().await?;
    ready_to_order(&browser, &site, &p).await?;
    browser.wait_for_text(".checkout .notice--warn", "belum termuat").await?;
    assert!(browser.client.find(Locator::Css("#co-pay-transfer")).await.is_err(), "no transfer without its account");
    let text = submit(&browser).await?;
    assert!(text.contains("Pembayaran: tunai di outlet saat mengambil"), "{text}");
    browser.close().await
}

#[tokio::test]
async fn a_repeat_visit_with_no_signal_still_knows_delivery_and_payment() -> Result {
    let feed = nttmart_browser_tests::sample_feed();
    let p = product(&feed);
    let site = Site::start()?;
    let browser = Browser::start().await?;
    ready_to_order(&browser, &site, &p).await?;
    browser.wait_for("#co-pay-transfer").await?;
    browser.ready_for_offline().await?;
    browser
        .wait_until(
            "the outlets' rules are saved on the device",
            "caches.open('nttmart-feed-v1').then(c => c.match('/katalog/outlet.json')).then(r => done(!!r), () => done(false));",
        )
        .await?;
    browser.set_offline(true).await?;
    browser.client.refresh().await?;
    browser.wait_for("#co-outlet").await?;
    browser.client.find(Locator::Css("#co-outlet")).await?.select_by_value(OUTLET).await?;
    browser.click("input[name=fulfilment][value=antar]").await?;
    browser.wait_for("#co-area").await?;
    browser.click("#co-pay-transfer").await?;
    browser.client.find(Locator::Css("#co-name")).await?.send_keys("Maria Goreti").await?;
    browser.client.find(Locator::Css("#co-phone")).await?.send_keys("0812-3456-7890").await?;
    browser.client.find(Locator::Css("#co-address")).await?.send_keys("Jl. Ahmad Yani 5").await?;
    browser.client.find(Locator::Css("#co-area")).await?.select_by_value("z0.0").await?;
    let text = submit(&browser).await?;
    let account = outlet(&feed)["payment"]["transfer"]["account"].as_str().unwrap().to_string();
    assert!(text.contains(&account), "{text}");
    browser.set_offline(false).await?;
    browser.close().await
}
