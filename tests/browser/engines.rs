//! The core journeys in the other engines our customers' phones run:
//! Firefox (Gecko) and WebKit, which stands in for iPhones (about 9 % of
//! Indonesian web visits; every iOS browser is WebKit). Chromium runs the
//! same journeys, and much more, in the other test files.
//!
//! 1. home → a search with a typo → the product's deep link → add to cart →
//!    reload → the WhatsApp order link;
//! 2. the catalogue with its filters from the URL;
//! 3. the kiosk's attract loop and its idle reset;
//! 4. a repeat visit with the server gone (service worker and saved feed);
//! 5. the category illustrations, which rely on CSS `:target` inside an SVG
//!    shown by `<img>`, painted (in Chromium too).
//!
//! Only WebDriver's standard commands are used here: no chromedriver
//! extension (the console log, network conditions). "Offline" is the
//! server stopped (`Site::stop`), as a phone out of signal sees it, and a
//! reload is the page's own (`Browser::reload`): geckodriver's Refresh
//! bypasses the service worker.

use nttmart_browser_tests::site::dist_dir;
use nttmart_browser_tests::{Browser, Engine, Result, Site};
use nttmart_domain::order::percent_decode;
use nttmart_domain::{kiosk, Catalog};
use serde_json::Value;
use std::collections::BTreeSet;
use std::time::Duration;

/// The kabupaten of `product`, through its village.
fn kabupaten_of<'a>(feed: &'a Value, product: &Value) -> &'a str {
    let village = feed["villages"].as_array().unwrap().iter().find(|v| v["id"] == product["village"]).unwrap();
    village["kabupaten"].as_str().unwrap()
}

fn product_by_id<'a>(feed: &'a Value, id: &str) -> &'a Value {
    feed["products"].as_array().unwrap().iter().find(|p| p["id"] == id).unwrap_or_else(|| panic!("no product {id}"))
}

/// Runs a journey and says how long it took in this engine (shown with
/// `--nocapture`).
async fn timed(engine: Engine, journey: &str, run: impl std::future::Future<Output = Result>) -> Result {
    let start = std::time::Instant::now();
    let outcome = run.await;
    eprintln!("{engine:?} {journey}: {:.1} s", start.elapsed().as_secs_f64());
    outcome.map_err(|e| format!("{engine:?}, {journey}: {e}").into())
}

/// Waits until the address bar's URL contains `needle`.
async fn wait_for_url(browser: &Browser, needle: &str) -> Result<String> {
    let deadline = tokio::time::Instant::now() + nttmart_browser_tests::browser::WAIT;
    loop {
        let url = browser.client.current_url().await?.to_string();
        if url.contains(needle) {
            return Ok(url);
        }
        if tokio::time::Instant::now() > deadline {
            return Err(format!("the URL {url} never contained {needle}").into());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// `(product id, link)` of every result card on screen, in order.
async fn result_cards(browser: &Browser) -> Result<Vec<(String, String)>> {
    let cards = browser
        .eval(
            "return [...document.querySelectorAll('.catalog__results .product-card')]
                .map(c => [c.dataset.productId, c.querySelector('a.product-card__link').getAttribute('href')])",
        )
        .await?;
    Ok(serde_json::from_value(cards)?)
}

/// The number of results, once the search has the description words it
/// will get (`data-words`): until then the count may still grow.
async fn result_count(browser: &Browser) -> Result<usize> {
    browser.wait_for(".catalog__results[data-words]").await?;
    Ok(browser.text(".catalog__count strong").await?.trim().parse()?)
}

// 1. Home → search with a typo → deep link → cart → reload → WhatsApp.

async fn shopping(engine: Engine) -> Result {
    let feed = nttmart_browser_tests::sample_feed();
    let site = Site::start()?;
    let browser = Browser::start_engine(engine).await?;
    browser.goto(&site.url("/")).await?;
    browser.wait_for(".product-card").await?;
    // Firefox asks for Indonesian, as phones in NTT do (WebKitGTK takes its
    // language from the system's locale, which has no Indonesian here; the
    // app is in Indonesian whatever the browser asks for).
    if engine == Engine::Firefox {
        assert_eq!(browser.eval("return navigator.language").await?, "id-ID");
    }

    // "bajwa" for Bajawa: one letter missing, and the search still finds
    // the coffee of Bajawa (Ngada), best match first.
    browser.type_into("#search-input", "kopi bajwa\u{E007}").await?;
    wait_for_url(&browser, "/produk?q=kopi%20bajwa").await?;
    browser.wait_for_text(".catalog__results .product-card__name", "Bajawa").await?;
    let cards = result_cards(&browser).await?;
    let (id, href) = cards.first().ok_or("no results for kopi bajwa")?;
    let product = product_by_id(&feed, id);
    let name = product["name"].as_str().unwrap();
    assert!(name.contains("Bajawa"), "best match first: {name}");
    assert_eq!(product["category"], "kopi", "{name}");
    assert_eq!(kabupaten_of(&feed, product), "ngada", "{name}");
    assert_eq!(*href, format!("/produk/{}", product["slug"].as_str().unwrap()));

    // The product's link, as shared in a chat: a full page load straight
    // onto the product.
    browser.goto(&site.url(href)).await?;
    assert_eq!(browser.wait_for_text(".product-page h1", name).await?, name);

    browser.click(".product-page .add-to-cart").await?;
    browser.wait_for_text(".cart-link__count", "1").await?;

    // The cart survives a reload (localStorage).
    browser.reload().await?;
    browser.wait_for_text(".product-page h1", name).await?;
    browser.wait_for_text(".cart-link__count", "1").await?;
    let saved =
        browser.eval("return JSON.parse(localStorage.getItem('nttmart.cart')).lines.map(l => [l.id, l.q])").await?;
    assert_eq!(saved, serde_json::json!([[id, 1]]));

    // The order, to the Ngada outlet over WhatsApp.
    browser.click(".cart-link").await?;
    assert_eq!(browser.wait_for_text(".cart-line__name", name).await?, name);
    let outlet = feed["outlets"].as_array().unwrap().iter().find(|o| o["kabupaten"] == "ngada").unwrap();
    browser.wait_for("#co-outlet").await?.select_by_value("ngada").await?;
    browser.type_into("#co-name", "Maria Goreti").await?;
    browser.type_into("#co-phone", "0812-3456-7890").await?;
    browser.click("#co-pay-tunai").await?;
    browser.click(".checkout__form button[type=submit]").await?;
    let href = browser.wait_for(".order-ready .button--wa").await?.attr("href").await?.ok_or("no href")?;
    let prefix = format!("https://wa.me/{}?text=", outlet["whatsapp"].as_str().unwrap());
    let text = percent_decode(href.strip_prefix(&prefix).ok_or(format!("{href} is not to {prefix}"))?)
        .map_err(|e| format!("{e:?}"))?;
    let shown = browser.eval("return document.querySelector('.order-ready__text').textContent").await?;
    assert_eq!(text, shown.as_str().unwrap(), "the link carries exactly the text shown");
    let price = nttmart_domain::Rupiah(product["price"].as_u64().unwrap());
    assert!(text.contains(name), "{text}");
    assert!(text.contains(&format!("1 × {price} = {price}")), "{text}");
    assert!(text.contains("Maria Goreti") && text.contains("+62 812-3456-7890"), "{text}");
    browser.close().await
}

#[tokio::test]
async fn firefox_home_search_deep_link_cart_reload_whatsapp() -> Result {
    timed(Engine::Firefox, "shopping", shopping(Engine::Firefox)).await
}

#[tokio::test]
async fn webkit_home_search_deep_link_cart_reload_whatsapp() -> Result {
    timed(Engine::WebKit, "shopping", shopping(Engine::WebKit)).await
}

// 2. The catalogue with filters from the URL.

async fn filters_from_the_url(engine: Engine) -> Result {
    let feed = nttmart_browser_tests::sample_feed();
    let (categories, kabupaten) = (["kopi", "tenun"], ["ngada", "sikka"]);
    let expected: BTreeSet<String> = feed["products"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| {
            categories.contains(&p["category"].as_str().unwrap()) && kabupaten.contains(&kabupaten_of(&feed, p))
        })
        .map(|p| p["id"].as_str().unwrap().to_string())
        .collect();
    assert!((2..=24).contains(&expected.len()), "one page of matches: {}", expected.len());

    let site = Site::start()?;
    let browser = Browser::start_engine(engine).await?;
    browser.goto(&site.url("/produk?kategori=kopi,tenun&kabupaten=ngada,sikka")).await?;
    browser.wait_for(".catalog__results .product-card").await?;
    assert_eq!(result_count(&browser).await?, expected.len());
    let shown: BTreeSet<String> = result_cards(&browser).await?.into_iter().map(|(id, _)| id).collect();
    assert_eq!(shown, expected, "exactly the coffee and ikat of Ngada and Sikka");
    // The filter panel shows what the URL asked for.
    let checked = browser
        .eval(
            "return [...document.querySelectorAll('.choice input:checked')]
                .map(i => i.closest('label').querySelector('.choice__label').textContent).sort()",
        )
        .await?;
    let checked: Vec<String> = serde_json::from_value(checked)?;
    assert!(checked.contains(&"Ngada".to_string()) && checked.contains(&"Sikka".to_string()), "{checked:?}");
    assert_eq!(checked.len(), 4, "two categories and two kabupaten: {checked:?}");
    browser.close().await
}

#[tokio::test]
async fn firefox_catalogue_filters_from_the_url() -> Result {
    timed(Engine::Firefox, "filters", filters_from_the_url(Engine::Firefox)).await
}

#[tokio::test]
async fn webkit_catalogue_filters_from_the_url() -> Result {
    timed(Engine::WebKit, "filters", filters_from_the_url(Engine::WebKit)).await
}

// 3. The kiosk: attract loop and idle reset.

/// The attract loop's slide on screen, with its text.
async fn slide(browser: &Browser) -> Result<(String, String)> {
    let value = browser
        .eval("const s = document.querySelector('.kiosk-slide'); return s ? [s.dataset.slide, s.innerText] : null")
        .await?;
    Ok(serde_json::from_value::<Option<(String, String)>>(value)?.unwrap_or_default())
}

/// Waits until the attract loop shows slide `index` and returns its text.
async fn wait_for_slide(browser: &Browser, index: usize, within: Duration) -> Result<String> {
    let deadline = tokio::time::Instant::now() + within;
    loop {
        let (shown, text) = slide(browser).await?;
        if shown == index.to_string() {
            return Ok(text);
        }
        if tokio::time::Instant::now() > deadline {
            return Err(format!("the attract loop shows slide {shown:?}, not {index}, after {within:?}").into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Runs one step of the kiosk's journey; if it fails, says which, and what
/// the kiosk showed (WebKitWebDriver's errors carry no message).
async fn step<T>(browser: &Browser, what: &str, run: impl std::future::Future<Output = Result<T>>) -> Result<T> {
    match run.await {
        Ok(value) => Ok(value),
        Err(e) => {
            let shown = browser
                .eval(
                    "return ['.kiosk-attract', '.kiosk-attract--leaving', '.kiosk-idle', '.kiosk-card', '#boot']
                        .filter(s => document.querySelector(s)).join(' ')",
                )
                .await
                .unwrap_or_default();
            Err(format!("{what}: {e} (on screen: {shown})").into())
        }
    }
}

/// Touches the attract loop away (once the app has taken over from the
/// first screen: `Browser::click`) and waits until it has faded out, which
/// it does over the grid.
async fn start_session(browser: &Browser) -> Result {
    browser.click(".kiosk-attract").await?;
    browser
        .wait_until(
            "the attract loop has gone and the grid is there",
            "done(!document.querySelector('.kiosk-attract') && !!document.querySelector('.kiosk-card'))",
        )
        .await
}

/// The kiosk's idle period here. The session's steps (touch, wait for the
/// grid, add a product) must fit in it: at 5 s they did not always on two
/// cores at a load of 20, where one WebDriver command in WebKit can take
/// seconds. The question then waits as long again before the reset.
const IDLE_SECS: u32 = 15;

async fn kiosk_attract_and_idle_reset(engine: Engine) -> Result {
    let bytes = std::fs::read(dist_dir().join("catalog.json"))?;
    let catalog: Catalog =
        nttmart_domain::feed::parse(&bytes).map_err(|e| format!("{e:?}"))?.catalog.ok_or("the feed is usable")?;
    let slides = kiosk::attract_slides(&catalog, nttmart_domain::kabupaten::by_slug("kota-kupang"));
    let product_slide = |i: usize| match slides[i] {
        kiosk::Slide::Product(p) => catalog.products[p as usize].name.clone(),
        kiosk::Slide::Village(_) => panic!("slides 0 and 1 are products"),
    };
    let site = Site::start()?;
    // The kiosk's portrait touch screen.
    let browser = Browser::engine_with_viewport(engine, 1080, 1920).await?;
    browser.goto(&site.url(&format!("/kiosk?outlet=kota-kupang&idle={IDLE_SECS}"))).await?;

    // The loop starts on its first slide and moves on by itself.
    let first = wait_for_slide(&browser, 0, nttmart_browser_tests::browser::WAIT).await?;
    assert!(first.contains(&product_slide(0)), "{first}");
    let slide_period = Duration::from_secs(u64::from(kiosk::SLIDE_SECS));
    let second = wait_for_slide(&browser, 1, slide_period + nttmart_browser_tests::browser::WAIT).await?;
    assert!(second.contains(&product_slide(1)), "{second}");

    // A touch starts a session; a product goes into the kiosk's cart.
    step(&browser, "touching the attract loop", start_session(&browser)).await?;
    let add = ".kiosk-card:not(:has(.kiosk-card__add[disabled])) .kiosk-card__add";
    step(&browser, "adding a product", browser.click(add)).await?;
    step(&browser, "the cart counting it", browser.wait_for_text(".kiosk-nav__count", "1")).await?;

    // Nobody touches it: "still there?", then the reset, back to the first
    // slide with the cart emptied for the next visitor.
    step(&browser, "the idle question", browser.wait_for_text(".kiosk-idle", "Masih di sini?")).await?;
    let reset = Duration::from_millis(kiosk::IdleTimer::new(IDLE_SECS).reset_after_ms());
    let back = browser.wait_until_within(
        "the kiosk is back on its attract loop",
        "done(!!document.querySelector('.kiosk-attract') && !document.querySelector('.kiosk-idle'))",
        reset + nttmart_browser_tests::browser::WAIT,
    );
    step(&browser, "the idle reset", back).await?;
    let again = wait_for_slide(&browser, 0, nttmart_browser_tests::browser::WAIT).await?;
    assert!(again.contains(&product_slide(0)), "{again}");
    let lines = browser.eval("return JSON.parse(localStorage.getItem('nttmart.cart')).lines.length").await?;
    assert_eq!(lines, 0, "the cart is emptied");

    // The next visitor starts afresh.
    step(&browser, "touching the attract loop again", start_session(&browser)).await?;
    assert_eq!(browser.text(".kiosk-nav__count").await?, "0");
    browser.close().await
}

#[tokio::test]
async fn firefox_kiosk_attract_loop_and_idle_reset() -> Result {
    timed(Engine::Firefox, "kiosk", kiosk_attract_and_idle_reset(Engine::Firefox)).await
}

#[tokio::test]
async fn webkit_kiosk_attract_loop_and_idle_reset() -> Result {
    timed(Engine::WebKit, "kiosk", kiosk_attract_and_idle_reset(Engine::WebKit)).await
}

// 4. A repeat visit with the server gone.

async fn offline_repeat_visit(engine: Engine) -> Result {
    let feed = nttmart_browser_tests::sample_feed();
    let product = feed["products"].as_array().unwrap().iter().find(|p| p["stock"].as_u64() > Some(0)).unwrap();
    let (slug, name) = (product["slug"].as_str().unwrap(), product["name"].as_str().unwrap());
    let mut site = Site::start()?;
    let browser = Browser::start_engine(engine).await?;

    // The first visit: the catalogue, a product put in the cart.
    browser.goto(&site.url("/produk?q=kopi")).await?;
    browser.wait_for(".catalog__results .product-card").await?;
    let online = result_count(&browser).await?;
    browser.goto(&site.url(&format!("/produk/{slug}"))).await?;
    browser.wait_for_text(".product-page h1", name).await?;
    browser.click(".product-page .add-to-cart").await?;
    browser.wait_for_text(".cart-link__count", "1").await?;
    browser.ready_for_offline().await?;

    // No signal: every request to the server is refused.
    site.stop();

    // The repeat visit, a full page load: the shell from the service
    // worker, the catalogue from the saved feed, saying so.
    browser.goto(&site.url("/produk?q=kopi")).await?;
    browser.wait_for(".catalog__results .product-card").await?;
    assert_eq!(result_count(&browser).await?, online, "the saved catalogue, searched offline");
    let notice = browser.wait_for_text(".feed-notice", "katalog tersimpan").await?;
    assert!(notice.contains("Katalog terbaru belum bisa dimuat"), "{notice}");
    assert_eq!(browser.text(".cart-link__count").await?, "1", "the cart is still there");
    browser.click(".cart-link").await?;
    assert_eq!(browser.wait_for_text(".cart-line__name", name).await?, name);

    // Reloading with no signal (the reload button, not a hard reload) gets
    // the app from the worker again, not the browser's error page.
    browser.reload().await?;
    assert_eq!(browser.wait_for_text(".cart-line__name", name).await?, name);
    assert!(browser.text("main h1").await?.contains("Keranjang"));
    browser.close().await
}

#[tokio::test]
async fn firefox_offline_repeat_visit() -> Result {
    timed(Engine::Firefox, "offline", offline_repeat_visit(Engine::Firefox)).await
}

#[tokio::test]
async fn webkit_offline_repeat_visit() -> Result {
    timed(Engine::WebKit, "offline", offline_repeat_visit(Engine::WebKit)).await
}

/// A page that loaded without the worker still gets it: after a first
/// visit opened a second page while the worker was installing, that page
/// was often (a quarter of the runs, in Firefox and Chromium alike) left
/// out of the activation's `clients.claim()` and stayed without a
/// controller for the visit; it now asks the worker to take it (boot.js,
/// sw.js). Firefox's WebDriver Refresh reloads past the worker, like
/// Shift+Reload: the one way to load such a page on purpose.
#[tokio::test]
async fn firefox_a_page_loaded_past_the_worker_is_taken_by_it() -> Result {
    timed(Engine::Firefox, "uncontrolled page", async {
        let site = Site::start()?;
        let browser = Browser::start_engine(Engine::Firefox).await?;
        browser.goto(&site.url("/produk")).await?;
        browser.wait_for(".catalog__results .product-card").await?;
        browser.ready_for_offline().await?;
        browser.client.refresh().await?;
        browser.wait_for(".catalog__results .product-card").await?;
        browser.ready_for_offline().await?;
        browser.close().await
    })
    .await
}

// The harness: no browser, driver or X server outlives its test.

/// Every live process in the process group `pgid`, from /proc.
fn processes_in_group(pgid: u32) -> Vec<String> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else { continue };
        let Some((name, rest)) = stat.rsplit_once(')') else { continue };
        let fields: Vec<&str> = rest.split_whitespace().collect();
        if fields.get(2) == Some(&pgid.to_string().as_str()) && fields.first() != Some(&"Z") {
            found.push(name.split_once('(').map_or(name, |(_, n)| n).to_string());
        }
    }
    found
}

async fn leaves_no_process_behind(engine: Engine, browser_process: &str) -> Result {
    let site = Site::start()?;
    let browser = Browser::start_engine(engine).await?;
    browser.goto(&site.url("/")).await?;
    browser.wait_for(".product-card").await?;
    let groups = browser.pgids();
    let running: Vec<String> = groups.iter().flat_map(|g| processes_in_group(*g)).collect();
    assert!(running.iter().any(|p| p.contains(browser_process)), "{browser_process} in {running:?}");
    if engine == Engine::WebKit {
        assert!(running.iter().any(|p| p == "Xvfb"), "its own X server: {running:?}");
    }
    // A failing test drops its browser without closing the session.
    drop(browser);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let left: Vec<String> = groups.iter().flat_map(|g| processes_in_group(*g)).collect();
        if left.is_empty() {
            return Ok(());
        }
        assert!(tokio::time::Instant::now() < deadline, "still running: {left:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn firefox_leaves_no_process_behind() -> Result {
    leaves_no_process_behind(Engine::Firefox, "firefox").await
}

#[tokio::test]
async fn webkit_leaves_no_process_behind() -> Result {
    leaves_no_process_behind(Engine::WebKit, "MiniBrowser").await
}

/// The product cards and category tiles show their illustration from the
/// one file that holds them all (`img/category.svg#<name>`), which hides
/// every illustration but the one its address names (CSS `:target`), so a
/// page of cards paints one picture each, not the whole file each time.
/// Checked on the pictures in the home page's first screen.
async fn category_illustrations_paint(engine: Engine) -> Result {
    let site = Site::start()?;
    let browser = Browser::start_engine(engine).await?;
    browser.goto(&site.url("/")).await?;
    browser.wait_for(".product-card").await?;
    // Up to three different illustrations wholly on screen, once loaded.
    let find = "const seen = new Set(), found = []; \
        for (const i of document.querySelectorAll('main img[src*=\"category.svg#\"]')) { \
          const r = i.getBoundingClientRect(), src = i.getAttribute('src'); \
          if (seen.has(src) || r.top < 0 || r.bottom > innerHeight || r.width < 40) continue; \
          if (!i.complete || i.naturalWidth === 0) return null; \
          seen.add(src); \
          found.push([src].concat([r.left, r.top, r.width, r.height].map((v) => Math.round(v * devicePixelRatio)))); \
          if (found.length === 3) break; \
        } \
        return found.length >= 2 ? found : null";
    browser
        .wait_until(
            "two different illustrations loaded on the first screen",
            &format!("done((() => {{ {find} }})() !== null)"),
        )
        .await?;
    let found = browser.eval(find).await?.as_array().cloned().unwrap_or_default();
    assert!(found.len() >= 2, "{engine:?}: the illustrations left the first screen: {found:?}");
    // Loaded is not painted: two frames, then the window's picture cut to
    // each image (WebKitWebDriver's element screenshot comes back blank).
    browser
        .eval("return new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done(true))))")
        .await?;
    let page = image::load_from_memory(&browser.client.screenshot().await?)?;
    let mut pictures = Vec::new();
    for item in &found {
        let src = item[0].as_str().unwrap_or_default();
        let [x, y, w, h] = [1, 2, 3, 4].map(|i| item[i].as_u64().unwrap_or(0) as u32);
        // The middle half: the cards' badges lie over the corners.
        let picture = page.crop_imm(x + w / 4, y + h / 4, w / 2, h / 2).to_rgb8();
        let colours: BTreeSet<[u8; 3]> = picture.pixels().map(|p| [p[0] >> 4, p[1] >> 4, p[2] >> 4]).collect();
        assert!(colours.len() >= 8, "{engine:?}: {src} painted {} colours, so not its illustration", colours.len());
        pictures.push(picture.into_raw());
    }
    assert!(
        pictures.windows(2).all(|w| w[0] != w[1]),
        "{engine:?}: different names, different illustrations: {found:?}"
    );
    browser.close().await?;
    Ok(())
}

#[tokio::test]
async fn chromium_category_illustrations_paint() -> Result {
    timed(Engine::Chromium, "category illustrations", category_illustrations_paint(Engine::Chromium)).await
}

#[tokio::test]
async fn firefox_category_illustrations_paint() -> Result {
    timed(Engine::Firefox, "category illustrations", category_illustrations_paint(Engine::Firefox)).await
}

#[tokio::test]
async fn webkit_category_illustrations_paint() -> Result {
    timed(Engine::WebKit, "category illustrations", category_illustrations_paint(Engine::WebKit)).await
}
