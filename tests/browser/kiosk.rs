//! Kiosk mode (`/kiosk`) on a 1080×1920 portrait touch screen (and
//! 1920×1080 landscape): the attract loop, browsing and the kiosk cart, the
//! idle countdown and reset, and the hand-off to a phone through QR codes
//! that are decoded from screenshots and opened in a fresh browser.

use fantoccini::Locator;
use nttmart_browser_tests::{repo_root, Browser, Result, Site};
use nttmart_domain::cart::Cart;
use nttmart_domain::{kiosk, Catalog};
use serde_json::Value;
use std::time::Duration;

const PORTRAIT: (u32, u32) = (1080, 1920);
const LANDSCAPE: (u32, u32) = (1920, 1080);

/// Products with at least `min_stock` in stock.
fn in_stock(catalog: &Catalog, min_stock: u32) -> Vec<nttmart_domain::catalog::Product> {
    catalog.products.iter().filter(|p| p.options.is_empty() && p.stock() >= min_stock).cloned().collect()
}

async fn kiosk(size: (u32, u32)) -> Result<Browser> {
    Browser::with_viewport(size.0, size.1).await
}

/// Waits until `css` matches nothing.
async fn wait_gone(browser: &Browser, css: &str, within: Duration) -> Result {
    let deadline = tokio::time::Instant::now() + within;
    while !browser.client.find_all(Locator::Css(css)).await?.is_empty() {
        if tokio::time::Instant::now() > deadline {
            return Err(format!("`{css}` still on screen after {within:?}").into());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Ok(())
}

/// Waits until the text of `css` equals `want`.
async fn wait_text(browser: &Browser, css: &str, want: &str) -> Result {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let got = browser.text(css).await?;
        if got == want {
            return Ok(());
        }
        if tokio::time::Instant::now() > deadline {
            return Err(format!("`{css}` shows {got:?}, expected {want:?}").into());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Opens the kiosk and touches the attract loop away.
async fn start_session(browser: &Browser, url: &str) -> Result {
    browser.goto(url).await?;
    browser.wait_for(".kiosk-attract").await?.click().await?;
    wait_gone(browser, ".kiosk-attract", Duration::from_secs(5)).await?;
    browser.wait_for(".kiosk-card").await?;
    Ok(())
}

/// Finds a product through the kiosk's search and adds it from its card.
async fn search_and_add(browser: &Browser, product: &nttmart_domain::catalog::Product) -> Result {
    let input = browser.wait_for("#kiosk-search-input").await?;
    input.clear().await?;
    input.send_keys(&product.name).await?;
    browser.click(&format!(".kiosk-card[data-product-id='{}'] .kiosk-card__add", product.id)).await?;
    Ok(())
}

/// Decodes the QR code in the element matched by `css` from a screenshot of
/// it, as a phone camera would.
async fn decode_qr(browser: &Browser, css: &str) -> Result<String> {
    let element = browser.wait_for(&format!("{css} .kiosk-qr__code svg")).await?;
    // A change of screen scrolls the kiosk to the top in the frame after it
    // (`Session::go`); let that frame pass first, or it would undo the
    // scroll below.
    browser
        .client
        .execute_async("const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(done));", vec![])
        .await?;
    let arg = serde_json::to_value(&element)?;
    browser.client.execute("arguments[0].scrollIntoView({block: 'center'})", vec![arg]).await?;
    let png = browser.wait_for(&format!("{css} .kiosk-qr__code")).await?.screenshot().await?;
    let image = image::load_from_memory(&png)?.to_luma8();
    let mut prepared = rqrr::PreparedImage::prepare(image);
    let grids = prepared.detect_grids();
    let grid = grids.first().ok_or("no QR code found in the screenshot")?;
    let (_, content) = grid.decode().map_err(|e| format!("QR code does not decode: {e:?}"))?;
    Ok(content)
}

/// Kiosk views never lead out of the app, and every control is big enough
/// for a finger (64 CSS px, measured on screen).
async fn assert_touch_safe(browser: &Browser, view: &str) -> Result {
    let external = browser.eval("return document.querySelectorAll('.kiosk a[href^=\"http\"], .kiosk a[href*=\"wa.me\"], .kiosk a[target]').length").await?;
    assert_eq!(external, 0, "{view}: a link leaves the kiosk");
    let small = browser
        .eval(
            "const out = [];
             for (const el of document.querySelectorAll('.kiosk button, .kiosk a, .kiosk input, .kiosk select, .kiosk textarea, .kiosk [role=button], .kiosk [tabindex]')) {
               const r = el.getBoundingClientRect();
               if (r.width === 0 && r.height === 0) continue;
               if (r.width < 64 || r.height < 64) out.push(`${el.tagName}.${el.className} ${Math.round(r.width)}×${Math.round(r.height)}`);
             }
             return out;",
        )
        .await?;
    assert_eq!(small, Value::Array(vec![]), "{view}: touch targets under 64 px");
    let counted = browser.eval("return document.querySelectorAll('.kiosk button').length").await?;
    assert!(counted.as_u64().unwrap() > 0, "{view}: no buttons measured");
    Ok(())
}

/// `(product id, quantity)` of every cart line on screen.
/// The product id and quantity of each cart line, once the app has taken
/// over from the first screen: until then its lines exist but are hidden,
/// and WebDriver reads a hidden element's text as "". Read in one script run,
/// so a re-render cannot leave a stale element behind.
async fn quantities(browser: &Browser, line: &str, value: &str) -> Result<Vec<(String, String)>> {
    browser.taken_over().await?;
    let lines = browser
        .client
        .execute(
            "return [...document.querySelectorAll(arguments[0])].map(l => {
                 const v = l.querySelector(arguments[1]);
                 return [l.dataset.productId || '', v ? v.textContent.trim() : ''];
             })",
            vec![line.into(), value.into()],
        )
        .await?;
    Ok(serde_json::from_value(lines)?)
}

async fn screenshot(browser: &Browser, name: &str) -> Result {
    let out = repo_root().join("tests/artifacts/screenshots");
    std::fs::create_dir_all(&out)?;
    std::fs::write(out.join(format!("{name}.png")), browser.client.screenshot().await?)?;
    Ok(())
}

#[tokio::test]
async fn attract_loop_rotates_on_load_and_a_touch_starts_the_session() -> Result {
    let site = Site::start()?;
    let browser = kiosk(PORTRAIT).await?;
    browser.goto(&site.url("/kiosk?outlet=kota-kupang")).await?;
    let attract = browser.wait_for(".kiosk-attract").await?;
    let text = attract.text().await?;
    assert!(text.contains("Sentuh untuk mulai") && text.contains("Touch to start"), "{text}");
    assert!(text.contains("NTT Mart Kota Kupang"), "{text}");
    let logo = browser.attr(".kiosk-attract__brand img", "src").await?;
    assert_eq!(logo.as_deref(), Some("/brand/wordmark-light.svg"));
    // It covers the whole screen.
    let covers = browser.eval("const r = document.querySelector('.kiosk-attract').getBoundingClientRect(); return [r.left, r.top, r.width, r.height].map(Math.round).join(',')").await?;
    assert_eq!(covers, "0,0,1080,1920");

    // Featured produk desa (this outlet's first) and village stories rotate.
    let first = browser.wait_for(".kiosk-slide").await?;
    assert_eq!(first.attr("data-slide").await?.as_deref(), Some("0"));
    let catalog = nttmart_browser_tests::sample_catalog();
    let slides = kiosk::attract_slides(&catalog, nttmart_domain::kabupaten::by_slug("kota-kupang"));
    match slides[0] {
        kiosk::Slide::Product(i) => {
            let p = &catalog.products[i as usize];
            let slide = first.text().await?;
            assert!(slide.contains(&p.name) && slide.contains(&p.price_text(nttmart_domain::Lang::Id)), "{slide}");
        }
        kiosk::Slide::Village(_) => panic!("the loop starts with a product"),
    }
    screenshot(&browser, "kiosk-attract-portrait").await?;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(12);
    loop {
        let now = browser.attr(".kiosk-slide", "data-slide").await?;
        if now.as_deref() == Some("1") {
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "the attract loop did not move on within 12 s");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // The third slide is a village's story.
    let kiosk::Slide::Village(v) = slides[2] else { panic!("two products, then a story") };
    let story = browser.wait_for_text(".kiosk-slide--village", &catalog.villages[v as usize].name).await?;
    assert!(story.contains(&catalog.villages[v as usize].story), "{story}");
    tokio::time::sleep(Duration::from_secs(1)).await; // let the entrance finish
    screenshot(&browser, "kiosk-attract-village-portrait").await?;

    // A touch anywhere starts: the grid, under the outlet's name.
    browser.wait_for(".kiosk-attract").await?.click().await?;
    wait_gone(&browser, ".kiosk-attract", Duration::from_secs(5)).await?;
    browser.wait_for(".kiosk-card").await?;
    assert_eq!(browser.text(".kiosk-header__outlet").await?, "NTT Mart Kota Kupang");
    assert_touch_safe(&browser, "grid").await?;
    screenshot(&browser, "kiosk-browse-portrait").await?;
    browser.close().await
}

#[tokio::test]
async fn unknown_outlet_and_bad_idle_give_a_generic_kiosk() -> Result {
    let site = Site::start()?;
    let browser = kiosk(LANDSCAPE).await?;
    browser.goto(&site.url("/kiosk?outlet=jakarta&idle=abc")).await?;
    let attract = browser.wait_for(".kiosk-attract").await?;
    assert!(attract.text().await?.contains("Sentuh untuk mulai"));
    assert_eq!(browser.text(".kiosk-header__outlet").await?, "NTT Mart");
    // A key press starts too.
    browser.wait_for(".kiosk-attract").await?.send_keys(" ").await?;
    wait_gone(&browser, ".kiosk-attract", Duration::from_secs(5)).await?;
    browser.wait_for(".kiosk-card").await?;
    // Category chips filter the grid.
    browser.click(".kiosk-chip[data-category='kopi']").await?;
    browser.wait_for(".kiosk-chip[data-category='kopi'][aria-pressed='true']").await?;
    let catalog = nttmart_browser_tests::sample_catalog();
    let coffee = catalog.products.iter().filter(|p| p.category == "kopi").count();
    wait_text(&browser, ".kiosk-count", &format!("{coffee} produk")).await?;
    assert_touch_safe(&browser, "grid (landscape)").await?;
    screenshot(&browser, "kiosk-browse-landscape").await?;
    browser.click(".kiosk-card__open").await?;
    browser.wait_for(".kiosk-product .kiosk-qr__code svg").await?;
    assert_touch_safe(&browser, "product (landscape)").await?;
    screenshot(&browser, "kiosk-product-landscape").await?;
    browser.click(".kiosk-product__add").await?;
    wait_text(&browser, ".kiosk-nav__count", "1").await?;
    browser.click(".kiosk-nav__cart").await?;
    browser.wait_for(".kiosk-cart .kiosk-qr__code svg").await?;
    assert_touch_safe(&browser, "cart (landscape)").await?;
    screenshot(&browser, "kiosk-cart-landscape").await?;
    browser.close().await
}

#[tokio::test]
async fn kiosk_cart_hands_off_to_a_fresh_phone_through_qr_codes() -> Result {
    let catalog = nttmart_browser_tests::sample_catalog();
    let products = in_stock(&catalog, 5);
    let (a, b) = (products[0].clone(), products[7].clone());
    let site = Site::start()?;
    let browser = kiosk(PORTRAIT).await?;
    start_session(&browser, &site.url("/kiosk?outlet=ngada")).await?;

    // Two of A from its card in the search results.
    search_and_add(&browser, &a).await?;
    wait_text(&browser, ".kiosk-nav__count", "1").await?;
    browser.click(&format!(".kiosk-card[data-product-id='{}'] .kiosk-card__add", a.id)).await?;
    wait_text(&browser, ".kiosk-nav__count", "2").await?;

    // One of B from its product view, whose QR code opens it on a phone.
    let input = browser.wait_for("#kiosk-search-input").await?;
    input.clear().await?;
    input.send_keys(&b.name).await?;
    browser.click(&format!(".kiosk-card[data-product-id='{}'] .kiosk-card__open", b.id)).await?;
    browser.wait_for_text(".kiosk-product__name", &b.name).await?;
    browser.click(".kiosk-product__add").await?;
    wait_text(&browser, ".kiosk-nav__count", "3").await?;
    let product_qr = decode_qr(&browser, ".kiosk-product").await?;
    assert_eq!(product_qr, format!("{}/produk/{}", catalog.store.base_url, b.slug));
    assert_eq!(product_qr, kiosk::product_url(&catalog.store.base_url, &b.slug));
    assert_touch_safe(&browser, "product").await?;
    screenshot(&browser, "kiosk-product-portrait").await?;

    // The kiosk cart, and its QR code of the phone's cart page.
    browser.click(".kiosk-nav__cart").await?;
    browser.wait_for(".kiosk-cart-line").await?;
    let expected = vec![(a.id.clone(), "2".to_string()), (b.id.clone(), "1".to_string())];
    assert_eq!(quantities(&browser, ".kiosk-cart-line", ".kiosk-stepper__value").await?, expected);
    let caption = browser.text(".kiosk-cart .kiosk-qr__caption").await?;
    assert_eq!(caption, "Pindai untuk lanjut pesan di HP Anda");
    let cart_qr = decode_qr(&browser, ".kiosk-cart").await?;
    let mut cart = Cart::new();
    cart.add(&a, a.first_variant(), 2);
    cart.add(&b, b.first_variant(), 1);
    assert_eq!(cart_qr, kiosk::cart_handoff_url(&catalog.store.base_url, &cart));
    assert_eq!(cart_qr, format!("{}/keranjang?c={}.2~{}.1", catalog.store.base_url, a.id, b.id));
    assert_touch_safe(&browser, "cart").await?;
    screenshot(&browser, "kiosk-cart-portrait").await?;

    // A phone that has never seen the shop scans it: same products and
    // quantities in its own cart, and `c` gone from the address.
    let path_and_query = cart_qr.strip_prefix(&catalog.store.base_url).expect("the QR code points at the shop");
    let phone = Browser::start().await?;
    phone.goto(&site.url(path_and_query)).await?;
    let notice = phone.wait_for_text(".cart-import", "ditambahkan").await?;
    assert!(notice.contains("3 barang dari kiosk"), "{notice}");
    phone.wait_for(".cart-line").await?;
    assert_eq!(quantities(&phone, ".cart-line", ".stepper__value").await?, expected);
    screenshot(&phone, "kiosk-handoff-phone").await?;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    while phone.client.current_url().await?.query().is_some_and(|q| q.contains("c=")) {
        assert!(tokio::time::Instant::now() < deadline, "the address still carries the cart");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(phone.client.current_url().await?.path(), "/keranjang");
    // A reload does not add them twice.
    phone.client.refresh().await?;
    phone.wait_for(".cart-line").await?;
    assert_eq!(quantities(&phone, ".cart-line", ".stepper__value").await?, expected);
    assert!(phone.client.find_all(Locator::Css(".cart-import")).await?.is_empty());
    phone.close().await?;
    browser.close().await
}

#[tokio::test]
async fn a_phone_merges_a_hand_off_within_stock_and_survives_a_damaged_link() -> Result {
    let catalog = nttmart_browser_tests::sample_catalog();
    let scarce = catalog
        .products
        .iter()
        .find(|p| p.options.is_empty() && p.stock() == 1)
        .expect("a product with stock 1")
        .clone();
    let other = in_stock(&catalog, 5)[0].clone();
    let site = Site::start()?;
    let phone = Browser::start().await?;

    // Already one of `other` in the phone's cart.
    phone.goto(&site.url(&format!("/produk/{}", other.slug))).await?;
    phone.click(".product-page .add-to-cart").await?;
    phone.wait_for_text(".cart-link__count", "1").await?;
    phone.goto(&site.url(&format!("/keranjang?c={}.2~{}.3~HILANG-0001.1", other.id, scarce.id))).await?;
    let notice = phone.wait_for_text(".cart-import", "bersama isi keranjang").await?;
    assert!(notice.contains(&format!("{}: 1 dari 3 ditambahkan, stok tinggal 1", scarce.name)), "{notice}");
    assert!(notice.contains("1 produk sudah tidak dijual lagi"), "{notice}");
    phone.wait_for_text(&format!("li[data-product-id='{}'] .stepper__value", other.id), "3").await?;
    phone.wait_for_text(&format!("li[data-product-id='{}'] .stepper__value", scarce.id), "1").await?;

    // A damaged link: a clear notice, nothing added, no crash.
    phone.goto(&site.url("/keranjang?c=rusak!!~&x=1")).await?;
    let alert = phone.wait_for_text(".cart-import[role=alert]", "rusak").await?;
    assert!(alert.contains("tidak ada produk yang ditambahkan"), "{alert}");
    phone.wait_for_text(&format!("li[data-product-id='{}'] .stepper__value", other.id), "3").await?;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    loop {
        let url = phone.client.current_url().await?;
        if url.query() == Some("x=1") {
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "c= not removed: {url}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    phone.click(".cart-import .button").await?;
    wait_gone(&phone, ".cart-import", Duration::from_secs(5)).await?;
    phone.close().await
}

#[tokio::test]
async fn idle_kiosk_asks_then_resets_for_the_next_visitor() -> Result {
    let catalog = nttmart_browser_tests::sample_catalog();
    let product = in_stock(&catalog, 5)[0].clone();
    let site = Site::start()?;
    let browser = kiosk(PORTRAIT).await?;
    start_session(&browser, &site.url("/kiosk?outlet=sikka&idle=3")).await?;
    search_and_add(&browser, &product).await?;
    wait_text(&browser, ".kiosk-nav__count", "1").await?;
    browser.click(".kiosk-chip[data-category='kopi']").await?;
    browser.click(".kiosk-lang").await?;
    browser.wait_for_text(".kiosk-nav__products", "Products").await?;
    browser.eval("document.querySelector('.kiosk-body').scrollTop = 400; return null").await?;

    // Three quiet seconds: the question, in the visitor's language.
    let dialog = browser.wait_for(".kiosk-idle").await?;
    let text = dialog.text().await?;
    assert!(text.contains("Still there?"), "{text}");
    assert_eq!(browser.text(".kiosk-idle__continue").await?, "Yes, continue");
    let left: u32 = browser.text(".kiosk-idle__count").await?.parse()?;
    assert!((1..=3).contains(&left), "the countdown ({left} s) is never longer than the idle period (3 s)");
    screenshot(&browser, "kiosk-idle-portrait").await?;

    // Nobody answers: reset, and the attract loop is back.
    browser.wait_for(".kiosk-attract").await?;
    wait_gone(&browser, ".kiosk-idle", Duration::from_secs(2)).await?;
    assert_eq!(browser.eval("return document.documentElement.lang").await?, "id");
    let saved = browser.eval("return JSON.parse(localStorage.getItem('nttmart.cart')).lines.length").await?;
    assert_eq!(saved, 0, "the cart is emptied");
    assert_eq!(browser.eval("return document.querySelector('.kiosk-body').scrollTop").await?, 0);
    let prompt = browser.text(".kiosk-attract").await?;
    assert!(prompt.contains("Sentuh untuk mulai"), "{prompt}");

    // The next visitor finds a fresh kiosk.
    browser.wait_for(".kiosk-attract").await?.click().await?;
    wait_gone(&browser, ".kiosk-attract", Duration::from_secs(5)).await?;
    assert_eq!(browser.text(".kiosk-nav__count").await?, "0");
    assert_eq!(browser.wait_for("#kiosk-search-input").await?.prop("value").await?.as_deref(), Some(""));
    assert_eq!(browser.text(".kiosk-nav__products").await?, "Produk");
    let all = browser.client.find_all(Locator::Css(".kiosk-chip[aria-pressed='true']")).await?;
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].text().await?, "Semua");
    browser.close().await
}

#[tokio::test]
async fn a_touch_during_the_countdown_keeps_the_session() -> Result {
    let catalog = nttmart_browser_tests::sample_catalog();
    let product = in_stock(&catalog, 5)[0].clone();
    let site = Site::start()?;
    let browser = kiosk(PORTRAIT).await?;
    start_session(&browser, &site.url("/kiosk?idle=5")).await?;
    search_and_add(&browser, &product).await?;
    wait_text(&browser, ".kiosk-nav__count", "1").await?;

    browser.wait_for(".kiosk-idle").await?;
    assert!(browser.text(".kiosk-idle").await?.contains("Masih di sini?"));
    browser.click(".kiosk-idle__continue").await?;
    wait_gone(&browser, ".kiosk-idle", Duration::from_secs(2)).await?;
    // Well past the original reset time: still the same session.
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert!(browser.client.find_all(Locator::Css(".kiosk-attract")).await?.is_empty(), "the session was reset");
    assert_eq!(browser.text(".kiosk-nav__count").await?, "1");
    assert_eq!(
        browser.wait_for("#kiosk-search-input").await?.prop("value").await?.as_deref(),
        Some(product.name.as_str())
    );

    // Touching anywhere else also answers the question.
    browser.wait_for(".kiosk-idle").await?;
    browser.click(".kiosk-idle__box").await?;
    wait_gone(&browser, ".kiosk-idle", Duration::from_secs(2)).await?;
    assert_eq!(browser.text(".kiosk-nav__count").await?, "1");

    // So does scrolling the products.
    browser.click(".kiosk-search__clear").await?;
    browser.wait_for(".kiosk-more").await?;
    browser.wait_for(".kiosk-idle").await?;
    browser.eval("document.querySelector('.kiosk-body').scrollBy(0, 600); return null").await?;
    wait_gone(&browser, ".kiosk-idle", Duration::from_secs(2)).await?;
    assert!(browser.client.find_all(Locator::Css(".kiosk-attract")).await?.is_empty(), "the session was reset");
    assert_eq!(browser.text(".kiosk-nav__count").await?, "1");
    browser.close().await
}

/// The venue's connection drops and the screen restarts (power cut, browser
/// crash): the kiosk comes back from the service worker and the saved feed,
/// with its attract loop and its outlet, and can still be browsed.
async fn restart_without_server(site: &mut Site, browser: &Browser, outlet: &str) -> Result {
    site.stop();
    browser.client.refresh().await?;
    browser.wait_for(".kiosk-attract").await?.click().await?;
    browser.wait_for(".kiosk-card").await?;
    assert_eq!(browser.text(".kiosk-header__outlet").await?, outlet);
    Ok(())
}

#[tokio::test]
async fn after_its_first_load_the_kiosk_runs_without_the_server() -> Result {
    let mut site = Site::start()?;
    let browser = kiosk(PORTRAIT).await?;
    start_session(&browser, &site.url("/kiosk?outlet=kota-kupang")).await?;
    browser.ready_for_offline().await?;

    restart_without_server(&mut site, &browser, "NTT Mart Kota Kupang").await?;
    let title: String = serde_json::from_value(browser.eval("return document.title").await?)?;
    assert!(!title.is_empty(), "the app, not a browser error page");
    browser.close().await
}

#[tokio::test]
async fn a_screen_that_opened_the_shop_first_keeps_the_kiosk_offline_too() -> Result {
    // Staff set up the screen by opening the shop, then the kiosk link: the
    // worker was installed for a phone, without the kiosk's bundle.
    let mut site = Site::start()?;
    let browser = kiosk(PORTRAIT).await?;
    browser.goto(&site.url("/")).await?;
    browser.wait_for(".product-card").await?;
    browser.ready_for_offline().await?;
    start_session(&browser, &site.url("/kiosk?outlet=sikka")).await?;
    browser
        .wait_until(
            "the kiosk's page and bundle are kept",
            "caches.keys().then(async keys => {
                 const shell = await caches.open(keys.find(k => k.startsWith('nttmart-shell-')));
                 const paths = (await shell.keys()).map(r => new URL(r.url).pathname);
                 done(paths.includes('/kiosk/index.html') && paths.some(p => p.startsWith('/kiosk/') && p.endsWith('.wasm')));
             }, () => done(false));",
        )
        .await?;

    restart_without_server(&mut site, &browser, "NTT Mart Kabupaten Sikka").await?;
    browser.close().await
}

#[tokio::test]
async fn a_kiosk_whose_first_feed_failed_recovers_by_itself() -> Result {
    // The feed is missing when the kiosk starts (staff mid-upload).
    let site = Site::builder().without_file("catalog.json").start()?;
    let browser = kiosk(PORTRAIT).await?;
    browser.goto(&site.url("/kiosk?outlet=kota-kupang")).await?;
    browser.wait_for_text("[role=alert]", "Coba lagi").await?;

    // Nobody touches the screen; the feed appears and the kiosk finds it on
    // its own (it retries every 20 seconds).
    let feed = std::fs::read(nttmart_browser_tests::site::dist_dir().join("catalog.json"))?;
    site.write_file("catalog.json", feed)?;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(45);
    while browser.client.find(Locator::Css(".kiosk-attract")).await.is_err() {
        assert!(tokio::time::Instant::now() < deadline, "the kiosk did not recover by itself");
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    browser.wait_for(".kiosk-attract").await?.click().await?;
    browser.wait_for(".kiosk-card").await?;
    browser.close().await
}

#[tokio::test]
async fn a_new_release_is_applied_at_the_next_idle_reset() -> Result {
    let site = Site::start()?;
    let browser = kiosk(PORTRAIT).await?;
    start_session(&browser, &site.url("/kiosk?outlet=kota-kupang&idle=12")).await?;
    browser.ready_for_offline().await?;

    // A release is published while a visitor is browsing: nothing changes
    // under them (no prompt on a kiosk) ...
    site.publish_release("release-2")?;
    browser.wait_for_waiting_release().await?;
    browser.wait_for(".kiosk-card").await?;

    // ... and when the idle reset comes, the kiosk reloads into it and is
    // back on its attract loop.
    // 12 s idle, then the "still there?" countdown, then the reload: the
    // release is ready long before, so this is the reset's path.
    // Either wait failing says what state the page and its worker were in.
    let state = || async {
        let state = browser
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 navigator.serviceWorker.getRegistration().then(async r => done({
                   caches: await caches.keys(), waiting: !!(r && r.waiting), installing: !!(r && r.installing),
                   controller: !!navigator.serviceWorker.controller, url: location.href, ready: document.readyState,
                   boot: document.getElementById('boot') ? document.getElementById('boot').innerText : null,
                   attract: !!document.querySelector('.kiosk-attract'), dialog: !!document.querySelector('.kiosk-idle'), prompt: !!document.querySelector('.update-prompt')
                 }), e => done(String(e)));",
                vec![],
            )
            .await;
        let console = browser.console().await;
        format!("state: {state:?}; console: {console:?}")
    };
    if let Err(e) = browser.wait_for_release("release-2", Duration::from_secs(60)).await {
        return Err(format!("{e}; {}", state().await).into());
    }
    if let Err(e) = browser.wait_for(".kiosk-attract").await {
        return Err(format!("{e}; {}", state().await).into());
    }
    // Taken over, not forced: the reload came from the new worker taking
    // control, with nothing left waiting and nothing said by boot.js.
    browser.wait_for_boot().await?;
    let log = browser.console().await?;
    assert!(!log.iter().any(|l| l.contains("NTT Mart:")), "{log:?}");
    let waiting = browser
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1]; navigator.serviceWorker.getRegistration().then(r => done(!!(r && r.waiting)));",
            vec![],
        )
        .await?;
    assert_eq!(waiting, false, "a release still waiting");
    browser.close().await
}

#[tokio::test]
async fn each_idle_reset_picks_up_a_new_feed_and_survives_a_broken_one() -> Result {
    let site = Site::start()?;
    let browser = kiosk(PORTRAIT).await?;
    start_session(&browser, &site.url("/kiosk?outlet=kota-kupang&idle=3")).await?;
    let feed: Value = serde_json::from_slice(&site.read_file("catalog.json")?)?;

    // A broken feed is published: the next reset keeps the catalog it has.
    // The check below means something only once the kiosk has read the
    // broken file, so wait for that read to end (room in the resource
    // timeline first: the attract loop's pictures could fill it).
    let reads = "performance.getEntriesByType('resource')
        .filter(e => new URL(e.name).pathname === '/catalog.json' && e.decodedBodySize > 0).length";
    let before = browser.eval(&format!("performance.setResourceTimingBufferSize(100000); return {reads};")).await?;
    site.write_file("catalog.json", b"{\"version\": 1, \"products\": [")?;
    browser.wait_for(".kiosk-attract").await?;
    browser.wait_until("the kiosk has read the broken feed", &format!("done({reads} > {before});")).await?;
    browser.wait_for(".kiosk-attract").await?.click().await?;
    wait_gone(&browser, ".kiosk-attract", Duration::from_secs(5)).await?;
    let cards = browser.texts(".kiosk-card__name").await?;
    assert!(cards.len() > 3, "still the whole catalog: {cards:?}");

    // Fixed, with only three products: the following reset shows them,
    // with nobody touching the screen in between.
    let mut small = feed.clone();
    small["products"].as_array_mut().unwrap().truncate(3);
    site.write_file("catalog.json", serde_json::to_vec(&small)?)?;
    browser.wait_for(".kiosk-attract").await?;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    loop {
        browser.wait_for(".kiosk-attract").await?.click().await?;
        if browser.wait_for(".kiosk-card").await.is_ok() && browser.texts(".kiosk-card__name").await?.len() == 3 {
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "the kiosk never showed the new feed");
        browser.wait_for(".kiosk-attract").await?;
    }
    browser.close().await
}

/// Every path the page itself fetched, and every path in the service
/// worker's caches.
async fn loaded_and_cached(browser: &Browser) -> Result<(Vec<String>, Vec<String>)> {
    let loaded: Vec<String> = serde_json::from_value(
        browser.eval("return performance.getEntriesByType('resource').map(e => new URL(e.name).pathname)").await?,
    )?;
    let cached = browser
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             (async () => {
                 const paths = [];
                 for (const key of await caches.keys())
                     for (const request of await (await caches.open(key)).keys()) paths.push(new URL(request.url).pathname);
                 return paths;
             })().then(done, () => done([]));",
            vec![],
        )
        .await?;
    Ok((loaded, serde_json::from_value(cached)?))
}

#[tokio::test]
async fn the_kiosk_is_a_bundle_of_its_own_that_phones_never_download() -> Result {
    let site = Site::start()?;
    let is_wasm = |p: &&String| p.ends_with(".wasm");

    // A phone: the storefront's bundle, loaded and kept for offline use, and
    // nothing of the kiosk's, neither by the page nor by the worker.
    let phone = Browser::start().await?;
    phone.goto(&site.url("/")).await?;
    phone.wait_for(".product-card").await?;
    phone.ready_for_offline().await?;
    let (loaded, cached) = loaded_and_cached(&phone).await?;
    let wasm: Vec<&String> = loaded.iter().filter(is_wasm).collect();
    assert!(wasm.len() == 1 && wasm[0].starts_with("/nttmart-web-"), "{loaded:?}");
    assert!(cached.contains(wasm[0]), "{cached:?}");
    for path in loaded.iter().chain(&cached) {
        assert!(!path.starts_with("/kiosk"), "a phone got {path}");
    }
    phone.close().await?;

    // A kiosk: its own page and bundle, kept for a restart with no network.
    let browser = kiosk(PORTRAIT).await?;
    start_session(&browser, &site.url("/kiosk?outlet=ngada")).await?;
    browser.ready_for_offline().await?;
    let (loaded, cached) = loaded_and_cached(&browser).await?;
    let wasm: Vec<&String> = loaded.iter().filter(is_wasm).collect();
    assert!(wasm.len() == 1 && wasm[0].starts_with("/kiosk/nttmart-kiosk-"), "{loaded:?}");
    assert!(cached.contains(wasm[0]) && cached.iter().any(|p| p == "/kiosk/index.html"), "{cached:?}");
    browser.close().await
}

/// Puts a link to `href` into the page and taps it, as the router sees a
/// link in the app.
async fn follow_link(browser: &Browser, href: &str) -> Result {
    browser
        .eval(&format!(
            "const a = document.createElement('a'); a.href = {}; a.id = 'test-link'; a.textContent = 'link';
             Object.assign(a.style, {{ position: 'fixed', zIndex: '99999', left: '40%', top: '40%', padding: '2em', background: '#fff' }});
             document.body.append(a);",
            serde_json::to_string(href)?
        ))
        .await?;
    browser.click("#test-link").await
}

#[tokio::test]
async fn a_link_between_the_storefront_and_the_kiosk_loads_the_other_bundle() -> Result {
    let site = Site::start()?;
    let browser = kiosk(PORTRAIT).await?;

    // From the storefront to the kiosk: the storefront's bundle has no
    // kiosk, so the address is loaded from the server.
    browser.goto(&site.url("/")).await?;
    browser.wait_for(".product-card").await?;
    follow_link(&browser, "/kiosk?outlet=ngada").await?;
    browser.wait_for(".kiosk-attract").await?.click().await?;
    assert_eq!(browser.text(".kiosk-header__outlet").await?, "NTT Mart Kabupaten Ngada");

    // And back: the kiosk's bundle has no catalog page.
    follow_link(&browser, "/produk?q=kopi").await?;
    browser.wait_for(".catalog .product-card").await?;
    wait_gone(&browser, ".kiosk", Duration::from_secs(5)).await?;
    let path: String = serde_json::from_value(browser.eval("return location.pathname + location.search").await?)?;
    assert_eq!(path, "/produk?q=kopi");
    browser.close().await
}

#[tokio::test]
async fn a_host_without_the_kiosk_says_not_found_instead_of_reloading_for_ever() -> Result {
    // The site was copied without its kiosk/ folder: nginx answers /kiosk
    // with the storefront's index.html, whose bundle has no kiosk.
    let site = Site::builder().without_dir("kiosk").start()?;
    let browser = Browser::start().await?;
    browser.goto(&site.url("/kiosk?outlet=ngada")).await?;
    browser.wait_for_text("main h1", "Halaman tidak ditemukan").await?;
    // The same document two seconds later: no reload in between.
    let document = "return performance.timeOrigin";
    let first = browser.eval(document).await?;
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(browser.eval(document).await?, first, "the page reloaded again");
    browser.wait_for_text("main h1", "Halaman tidak ditemukan").await?;
    browser.close().await
}

#[tokio::test]
async fn the_kiosk_picks_a_variant_with_large_targets_and_hands_it_to_a_phone() -> Result {
    let catalog = nttmart_browser_tests::sample_catalog();
    // A tenun in two motifs and two sizes: one-of-a-kind pieces and pieces woven to order.
    let tenun = catalog.product_by_id("RTN-0005").expect("the sample's RTN-0005 has options").clone();
    let woven = tenun.variant_with(&["Motif Bunga", "Besar (pesan tenun)"]).expect("a made-to-order variant").clone();
    let site = Site::start()?;
    let browser = kiosk(PORTRAIT).await?;
    start_session(&browser, &site.url("/kiosk?outlet=rote-ndao")).await?;
    let input = browser.wait_for("#kiosk-search-input").await?;
    input.send_keys(&tenun.name).await?;
    // Its card's button opens it to choose: there is no one thing to add.
    browser.click(&format!(".kiosk-card[data-product-id='{}'] .kiosk-card__add", tenun.id)).await?;
    browser.wait_for_text(".kiosk-product__name", &tenun.name).await?;
    browser.wait_for(".kiosk-product .variant-picker--large").await?;
    assert_touch_safe(&browser, "product with options").await?;

    browser.click(".kiosk-product label.variant-picker__choice:has(input[value='Motif Bunga'])").await?;
    browser.click(".kiosk-product label.variant-picker__choice:has(input[value='Besar (pesan tenun)'])").await?;
    wait_text(&browser, ".kiosk-product__price", &format!("{} / {}", woven.price, tenun.unit)).await?;
    let stock = browser.text(".kiosk-product__stock").await?;
    assert!(stock.contains("Dibuat sesuai pesanan") && stock.contains("21–30 hari"), "{stock}");
    browser.click(".kiosk-product__add").await?;
    wait_text(&browser, ".kiosk-nav__count", "1").await?;

    browser.click(".kiosk-nav__cart").await?;
    browser.wait_for(".kiosk-cart-line").await?;
    assert_eq!(
        quantities(&browser, ".kiosk-cart-line", ".kiosk-stepper__value").await?,
        vec![(woven.id.clone(), "1".to_string())]
    );
    let name = browser.text(".kiosk-cart-line__name").await?;
    assert_eq!(name, format!("{} — Motif Bunga, Besar (pesan tenun)", tenun.name));
    // The phone's cart link carries the variant.
    let cart_qr = decode_qr(&browser, ".kiosk-cart").await?;
    assert_eq!(cart_qr, format!("{}/keranjang?c={}.1", catalog.store.base_url, woven.id));
    browser.close().await
}
