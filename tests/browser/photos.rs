//! Product photos (issue 16) in the release build as nginx serves it:
//! `<picture>` with srcset and sizes in the static pages and the app, the
//! gallery by keyboard, swipe and full-size view, the product page's two
//! columns on a desktop, the "Produk Desa" mark in English, and the product
//! page at phone, tablet, desktop and kiosk sizes.

use fantoccini::actions::{InputSource, PointerAction, TouchActions};
use fantoccini::key::Key;
use nttmart_browser_tests::{http, repo_root, sample_feed, Browser, Result, Site};
use std::time::Duration;

/// The first sample product with two photos, and one with a single photo.
fn products() -> (String, String) {
    let feed = sample_feed();
    let products = feed["products"].as_array().unwrap();
    let photos = |p: &serde_json::Value| {
        p["images"].as_array().unwrap().iter().filter(|i| i["src"].as_str().unwrap().starts_with("img/foto/")).count()
    };
    let two = products.iter().find(|p| photos(p) == 2).expect("a product with two photos");
    let one =
        products.iter().find(|p| photos(p) == 1 && p["images"].as_array().unwrap().len() == 1).expect("one photo");
    (two["slug"].as_str().unwrap().to_owned(), one["slug"].as_str().unwrap().to_owned())
}

fn overflow_script() -> &'static str {
    "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
}

#[tokio::test]
async fn photos_are_pictures_with_srcset_and_sizes_in_static_pages_and_the_app() -> Result {
    let (slug, _) = products();
    let site = Site::start()?;

    // The static page (what a link preview, a crawler and the first screen
    // see): the hero photo as <picture>, eager and first in line.
    let page = http::get(&site, &format!("/produk/{slug}"), &[])?.text();
    let boot = &page[page.find("id=\"boot\"").expect("a first screen")..];
    let picture = &boot[boot.find("<picture>").expect("a <picture> in the first screen")..];
    let picture = &picture[..picture.find("</picture>").unwrap()];
    for needle in [
        r#"<source type="image/avif" srcset="/img/p/"#,
        r#"<source type="image/webp" srcset="/img/p/"#,
        "-320.avif 320w",
        "-1280.avif 1280w",
        r#"sizes="(min-width: 1024px)"#,
        r#"fetchpriority="high""#,
        r#"width="2000" height="1500""#,
    ] {
        assert!(picture.contains(needle), "{needle} in {picture}");
    }
    assert!(!picture.contains("loading=\"lazy\""), "the hero is not lazy: {picture}");
    assert!(boot.contains(r#"<img class="placeholder" src="data:image/webp;base64,"#), "a blurred placeholder");
    // Every file the markup names is served, as what it says it is.
    let avif = picture.split("srcset=\"").nth(1).unwrap().split(' ').next().unwrap();
    let response = http::get(&site, avif, &[])?;
    assert_eq!(response.status, 200, "{avif}");
    assert_eq!(response.header("content-type"), Some("image/avif"), "{avif}");
    assert!(!response.body.windows(4).any(|w| w == b"Exif"), "no metadata in {avif}");
    // The sources, GPS and all, are not served.
    assert_eq!(http::get(&site, "/img/foto/kpg-0001.jpg", &[])?.status, 404);
    // og:image and JSON-LD name files, not the photo's base name.
    assert!(page.contains("-1280.jpg\""), "JSON-LD names the largest JPEG");

    // The app, on a phone: the catalogue's cards.
    let browser = Browser::start().await?;
    browser.goto(&site.url("/produk")).await?;
    browser.wait_for(".product-card picture source[type='image/avif']").await?;
    let card = browser
        .eval(
            "const s = document.querySelector('.product-card picture source[type=\"image/avif\"]'); \
             const i = s.parentElement.querySelector('img'); \
             return {srcset: s.srcset, sizes: s.sizes, webp: !!s.parentElement.querySelector('source[type=\"image/webp\"]'), \
                     jpg: i.srcset, width: i.getAttribute('width'), height: i.getAttribute('height'), loading: i.loading, \
                     bg: i.style.backgroundColor}",
        )
        .await?;
    assert!(card["srcset"].as_str().unwrap().contains("-320.avif 320w"), "{card}");
    assert_eq!(card["sizes"], nttmart_domain::photo::CARD_SIZES);
    assert_eq!(card["webp"], true);
    assert!(card["jpg"].as_str().unwrap().contains("-480.jpg 480w"), "{card}");
    assert_eq!((card["width"].as_str(), card["height"].as_str()), (Some("2000"), Some("1500")));
    assert!(card["bg"].as_str().unwrap().starts_with("rgb("), "the average colour while it loads: {card}");
    // The phone picks a copy for its 412 px screen, never the 1280 one.
    browser
        .wait_until(
            "a card photo has loaded",
            "done([...document.querySelectorAll('.product-card img.photo')].some(i => i.complete && i.naturalWidth > 0 && i.currentSrc))",
        )
        .await?;
    let chosen = browser
        .eval("return [...document.querySelectorAll('.product-card img.photo')].find(i => i.complete && i.naturalWidth > 0).currentSrc")
        .await?;
    let chosen = chosen.as_str().unwrap();
    assert!(chosen.ends_with(".avif"), "Chromium takes the AVIF: {chosen}");
    let width: u32 = chosen.rsplit('-').next().unwrap().trim_end_matches(".avif").parse()?;
    assert!(width <= 640, "{chosen} on a 412 px phone");

    // The home page keeps its cards on the illustrations (the first load's
    // budget, BENCHMARKS.md): no photo is fetched there.
    browser.goto(&site.url("/")).await?;
    browser.wait_for(".product-card img").await?;
    let home = browser
        .eval("return [document.querySelectorAll('.product-card picture').length, performance.getEntriesByType('resource').filter(r => r.name.includes('/img/p/')).length]")
        .await?;
    assert_eq!(home, serde_json::json!([0, 0]));
    browser.close().await?;
    Ok(())
}

/// When the first screen's photo had arrived on the page `browser` shows,
/// and when each of the app's downloads (its glue, wasm and feeds) was asked
/// for and done, in ms since the navigation, once the app has started.
async fn photo_and_app_timings(browser: &Browser) -> Result<(f64, Vec<(String, f64, f64)>)> {
    browser.wait_until("the app has started", "done(document.documentElement.dataset.nttmartBoot === 'ready')").await?;
    let timing = browser
        .eval(
            "const all = performance.getEntriesByType('resource'); \
             const photo = all.find(e => e.initiatorType === 'img' && new URL(e.name).pathname.startsWith('/img/p/')); \
             const app = all.filter(e => /\\.(wasm|json)$|\\/nttmart-web-[0-9a-f]+\\.js$/.test(new URL(e.name).pathname)); \
             return {photo: photo && [new URL(photo.name).pathname, photo.responseEnd], \
                     app: app.map(e => [new URL(e.name).pathname, e.startTime, e.responseEnd])}",
        )
        .await?;
    let photo_end = timing["photo"][1].as_f64().ok_or_else(|| format!("no first-screen photo: {timing}"))?;
    let app: Vec<(String, f64, f64)> = serde_json::from_value(timing["app"].clone())?;
    if !app.iter().any(|(name, ..)| name.ends_with("_bg.wasm")) {
        return Err(format!("no main wasm: {timing}").into());
    }
    Ok((photo_end, app))
}

#[tokio::test]
async fn a_shared_links_photo_comes_before_the_apps_downloads() -> Result {
    let (two, one) = products();
    // Photos at 8 kB/s while `slow-photos` exists, at 1.5 kB/s while
    // `slower-photos` does (nginx sends the first second's worth at once):
    // the 960 px AVIF this browser picks, 12 kB, takes half a second, or
    // seven.
    let site = Site::builder()
        .with_slow_files_when("slow-photos", r"^/img/p/", 8_000)
        .with_slow_files_when("slower-photos", r"^/img/p/", 1_500)
        .start()?;

    // Someone opens a shared product link on a slow line. The photo has the
    // connection to itself: boot.js asks for the app's glue, wasm and feed
    // once it is on screen, not beside it.
    site.write_file("slow-photos", "")?;
    let browser = Browser::start().await?;
    browser.goto(&site.url(&format!("/produk/{one}"))).await?;
    let (photo_end, app) = photo_and_app_timings(&browser).await?;
    assert!(photo_end > 300.0, "the photo came slowly: {photo_end} ms");
    assert!(app.iter().any(|(name, ..)| name == "/katalog/index.json"), "the feed: {app:?}");
    for (name, start, _) in &app {
        assert!(*start >= photo_end, "{name} asked for at {start} ms, before the photo had arrived at {photo_end} ms");
    }

    // The next visit, with the service worker in control: the app comes
    // from the phone's cache, and does not wait for a photo at all.
    browser.ready_for_offline().await?;
    site.remove_file("slow-photos")?;
    site.write_file("slower-photos", "")?;
    browser.goto(&site.url(&format!("/produk/{two}"))).await?;
    let (photo_end, app) = photo_and_app_timings(&browser).await?;
    assert!(photo_end > 5_000.0, "the photo came very slowly: {photo_end} ms");
    let wasm = app.iter().find(|(name, ..)| name.ends_with("_bg.wasm")).unwrap();
    assert!(wasm.1 < 2_000.0, "the cached app waited for the photo: {app:?}");
    browser.close().await?;

    // A first visit whose photo takes seven seconds: the app waits two
    // (boot.js's HERO_PHOTO_WAIT_MS), not seven.
    let browser = Browser::start().await?;
    browser.goto(&site.url(&format!("/produk/{one}"))).await?;
    let (photo_end, app) = photo_and_app_timings(&browser).await?;
    assert!(photo_end > 5_000.0, "the photo came very slowly: {photo_end} ms");
    for (name, start, end) in &app {
        assert!(*start >= 2_000.0, "{name} asked for at {start} ms, before boot.js's wait was over");
        if name.ends_with("_bg.wasm") {
            assert!(*end < photo_end, "the app arrived ({end} ms) while the photo was still coming ({photo_end} ms)");
        }
    }
    browser.close().await
}

#[tokio::test]
async fn the_gallery_works_by_keyboard_swipe_thumbnails_and_full_size_view() -> Result {
    let (two, one) = products();
    let site = Site::start()?;
    let browser = Browser::start().await?;
    browser.goto(&site.url(&format!("/produk/{two}"))).await?;
    browser.wait_for(".gallery[data-count='2'] .gallery__stage img.photo").await?;
    browser.taken_over().await?;
    let hero = browser
        .eval("const i = document.querySelector('.gallery__stage img.photo'); return [i.loading, i.getAttribute('fetchpriority'), i.currentSrc || i.src]")
        .await?;
    assert_eq!(hero[0], "eager");
    assert_eq!(hero[1], "high");
    let first_src = browser.attr(".gallery__stage img.photo", "src").await?.unwrap();
    // The index feed carries no alt texts: they come from the kabupaten's
    // detail file, onto the picture and its thumbnails.
    let feed = sample_feed();
    let product = feed["products"].as_array().unwrap().iter().find(|p| p["slug"] == two.as_str()).unwrap();
    let alts: Vec<&str> = product["images"].as_array().unwrap().iter().map(|i| i["alt"].as_str().unwrap()).collect();
    let alts_script = format!(
        "done(document.querySelector('.gallery__stage img.photo').alt === {:?} && [...document.querySelectorAll('.gallery__thumb img')].map(i => i.alt).join('|') === {:?})",
        alts[0],
        alts.join("|")
    );
    browser.wait_until("the alt texts from the detail file", &alts_script).await?;
    let count = |n: u32| format!("done(document.querySelector('.gallery__count').textContent === '{n} / 2')");

    // Arrow keys on the focused picture.
    let stage = browser.wait_for(".gallery__stage").await?;
    stage.send_keys(&char::from(Key::Right).to_string()).await?;
    browser.wait_until("the second photo after →", &count(2)).await?;
    assert_ne!(browser.attr(".gallery__stage img.photo", "src").await?.unwrap(), first_src);
    let current = browser
        .eval("return [...document.querySelectorAll('.gallery__thumb')].map(b => b.getAttribute('aria-current'))")
        .await?;
    assert_eq!(current, serde_json::json!([null, "true"]));
    let stage = browser.wait_for(".gallery__stage").await?;
    stage.send_keys(&char::from(Key::Left).to_string()).await?;
    browser.wait_until("the first photo after ←", &count(1)).await?;

    // A swipe with a finger, right to left: the next photo.
    let stage = browser.wait_for(".gallery__stage").await?;
    let swipe = TouchActions::new("finger".into())
        .then(PointerAction::MoveToElement { element: stage.clone(), duration: None, x: 80.0, y: 0.0 })
        .then(PointerAction::Down { button: 0 })
        .then(PointerAction::MoveBy { duration: Some(Duration::from_millis(150)), x: -160.0, y: 0.0 })
        .then(PointerAction::Up { button: 0 });
    browser.client.perform_actions(swipe).await?;
    browser.wait_until("the second photo after a swipe to the left", &count(2)).await?;
    let swipe = TouchActions::new("finger".into())
        .then(PointerAction::MoveToElement { element: stage, duration: None, x: -80.0, y: 0.0 })
        .then(PointerAction::Down { button: 0 })
        .then(PointerAction::MoveBy { duration: Some(Duration::from_millis(150)), x: 160.0, y: 0.0 })
        .then(PointerAction::Up { button: 0 });
    browser.client.perform_actions(swipe).await?;
    browser.wait_until("the first photo after a swipe to the right", &count(1)).await?;

    // A thumbnail, then the full-size view, closed with Escape.
    browser.click(".gallery__thumbs li:nth-child(2) .gallery__thumb").await?;
    browser.wait_until("the second photo from its thumbnail", &count(2)).await?;
    browser.click(".gallery__zoom").await?;
    browser.wait_for(".gallery__full[role='dialog'] img.photo").await?;
    browser
        .wait_until("the full view has the focus", "done(document.activeElement.classList.contains('gallery__full'))")
        .await?;
    let sizes = browser.attr(".gallery__full img.photo", "sizes").await?;
    assert_eq!(sizes.as_deref(), Some("100vw"));
    let dialog = browser.wait_for(".gallery__full").await?;
    dialog.send_keys(&char::from(Key::Right).to_string()).await?;
    browser.wait_until("→ in the full view", &count(1)).await?;
    let dialog = browser.wait_for(".gallery__full").await?;
    dialog.send_keys(&char::from(Key::Escape).to_string()).await?;
    browser.wait_until("Escape closes the full view", "done(!document.querySelector('.gallery__full'))").await?;

    // One photo: no arrows or thumbnails, the full view still opens.
    browser.goto(&site.url(&format!("/produk/{one}"))).await?;
    browser.wait_for(".gallery[data-count='1'] img.photo").await?;
    let parts = browser
        .eval("return [document.querySelectorAll('.gallery__thumbs, .gallery__arrow').length, document.querySelectorAll('.gallery img.photo').length]")
        .await?;
    assert_eq!(parts, serde_json::json!([0, 1]));
    browser.click(".gallery__zoom").await?;
    browser.wait_for(".gallery__full img.photo").await?;
    browser.click(".gallery__close").await?;
    browser.wait_until("the close button closes it", "done(!document.querySelector('.gallery__full'))").await?;
    browser.close().await?;
    Ok(())
}

/// The gallery's thumbnails and arrows come a task after the page's top
/// (issue 20's short tasks); their row keeps its height until then, so the
/// name, price and order button under the picture do not move on a phone.
/// Chromium's layout-shift entries (what Lighthouse's CLS adds up) for the
/// whole visit, read once every part of the page is in.
#[tokio::test]
async fn the_gallerys_thumbnails_come_without_moving_the_page() -> Result {
    let (two, _) = products();
    let site = Site::start()?;
    let browser = Browser::start().await?;
    browser.goto(&site.url(&format!("/produk/{two}"))).await?;
    browser
        .wait_until(
            "the thumbnails and the rest of the page",
            "done(document.querySelectorAll('.gallery__thumb img').length === 2 && !!document.querySelector('.product-page__story, .product-page__origin'))",
        )
        .await?;
    let shifts = browser
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             requestAnimationFrame(() => requestAnimationFrame(() => {
               const observer = new PerformanceObserver(() => {});
               observer.observe({type: 'layout-shift', buffered: true});
               const entries = observer.takeRecords();
               observer.disconnect();
               done(entries.map(e => [e.value, e.sources.map(s => s.node ? s.node.className || s.node.nodeName : '?').join(' ')]));
             }));",
            vec![],
        )
        .await?;
    assert_eq!(shifts, serde_json::json!([]), "layout shifts while the product page came in");
    let row = browser.eval("return document.querySelector('.gallery__thumbs').getBoundingClientRect().height").await?;
    assert_eq!(row.as_f64(), Some(60.0), "the thumbnails' row is as high as the space kept for it");
    browser.close().await
}

#[tokio::test]
async fn a_desktop_gets_two_columns_and_four_to_six_cards_a_row_without_sideways_scroll() -> Result {
    let (slug, _) = products();
    let site = Site::start()?;
    let browser = Browser::with_viewport(1440, 900).await?;
    browser.goto(&site.url(&format!("/produk/{slug}"))).await?;
    browser.wait_for(".product-page__buy .add-to-cart").await?;
    browser.taken_over().await?;
    let layout = browser
        .eval(
            "const r = s => document.querySelector(s).getBoundingClientRect(); \
             const g = r('.gallery'), b = r('.product-page__buy'), a = r('.product-page__buy .add-to-cart'), \
                   c = r('.product-page__buy .badges'), d = document.querySelector('.product-page__description').getBoundingClientRect(); \
             return {galleryRight: g.right, buyLeft: b.left, top: Math.abs(g.top - b.top), addBottom: a.bottom, certsBottom: c.bottom, \
                     textWidth: d.width, fontSize: parseFloat(getComputedStyle(document.body).fontSize), \
                     height: innerHeight, overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth}",
        )
        .await?;
    let n = |k: &str| layout[k].as_f64().unwrap();
    assert!(n("galleryRight") <= n("buyLeft"), "gallery left, buying right: {layout}");
    assert!(n("top") < 2.0, "side by side: {layout}");
    assert!(n("addBottom") <= n("height") && n("certsBottom") <= n("height"), "above the fold: {layout}");
    assert!(n("textWidth") <= 46.0 * n("fontSize"), "no line across the screen: {layout}");
    assert_eq!(n("overflow"), 0.0, "{layout}");

    for path in ["/", "/produk"] {
        browser.goto(&site.url(path)).await?;
        browser.wait_for(".product-grid .product-card").await?;
        let row = browser
            .eval(
                "const cards = [...document.querySelector('.product-grid').children]; const top = cards[0].getBoundingClientRect().top; \
                 return [cards.filter(c => Math.abs(c.getBoundingClientRect().top - top) < 1).length, \
                         document.documentElement.scrollWidth - document.documentElement.clientWidth]",
            )
            .await?;
        let per_row = row[0].as_u64().unwrap();
        assert!((4..=6).contains(&per_row), "{path}: {per_row} cards a row at 1440 px");
        assert_eq!(row[1], 0, "{path} scrolls sideways");
    }
    browser.close().await?;
    Ok(())
}

#[tokio::test]
async fn the_english_pages_keep_the_produk_desa_mark() -> Result {
    let (slug, _) = products();
    let site = Site::start()?;
    let browser = Browser::start().await?;
    browser.goto(&site.url("/produk")).await?;
    browser.wait_for(".product-card__mark").await?;
    browser.click(".lang-switch").await?;
    browser.wait_for_text("h1", "catalog").await?;
    let marks = browser.texts(".product-card__mark").await?;
    assert!(!marks.is_empty() && marks.iter().all(|m| m.eq_ignore_ascii_case("Produk Desa")), "{marks:?}");
    browser.click(&format!(".product-card a[href='/produk/{slug}']")).await?;
    browser.wait_for_text(".product-page__stock", "In stock").await?;
    let mark = browser.text(".gallery .product-card__mark").await?;
    assert!(mark.eq_ignore_ascii_case("Produk Desa"), "{mark}");
    let body = browser.eval("return document.body.innerText").await?;
    assert!(!body.as_str().unwrap().to_lowercase().contains("village product"), "{body}");
    browser.close().await?;
    Ok(())
}

#[tokio::test]
async fn the_product_page_at_phone_tablet_desktop_and_kiosk_sizes() -> Result {
    let (slug, _) = products();
    let out = repo_root().join("target/screenshots/photos");
    std::fs::create_dir_all(&out)?;
    let site = Site::start()?;
    for (name, width, height, path) in [
        ("phone", 412, 915, format!("/produk/{slug}")),
        ("tablet", 820, 1180, format!("/produk/{slug}")),
        ("desktop", 1440, 900, format!("/produk/{slug}")),
        ("kiosk", 1080, 1920, "/kiosk?outlet=kota-kupang".to_string()),
    ] {
        let browser = Browser::with_viewport(width, height).await?;
        browser.goto(&site.url(&path)).await?;
        if name == "kiosk" {
            // Past the attract loop, into the grid and a photographed product.
            browser.wait_for(".kiosk-attract").await?.click().await?;
            browser.wait_for(".kiosk-card picture").await?;
            let id = browser
                .eval("return document.querySelector('.kiosk-card picture').closest('.kiosk-card').dataset.productId")
                .await?;
            browser
                .click(&format!(".kiosk-card[data-product-id='{}'] .kiosk-card__open", id.as_str().unwrap()))
                .await?;
            browser.wait_for(".kiosk-product__media img.photo").await?;
        } else {
            browser.wait_for(".gallery__stage img.photo").await?;
            browser.taken_over().await?;
        }
        let main = if name == "kiosk" { ".kiosk-product__media img.photo" } else { ".gallery__stage img.photo" };
        // The photo itself has arrived and fills its box: not a blank or
        // collapsed picture in the screenshot.
        browser
            .wait_until(
                "the main photo has loaded",
                &format!(
                    "const i = document.querySelector('{main}'); \
                     if (!i || !i.complete || !i.naturalWidth) return done(false); \
                     i.decode().then(() => requestAnimationFrame(() => requestAnimationFrame(() => done(true))), () => done(false))"
                ),
            )
            .await?;
        let shown = browser
            .eval(&format!(
                "const i = document.querySelector('{main}'); const r = i.getBoundingClientRect(); \
                 return [Math.round(r.width), Math.round(r.height), i.currentSrc]"
            ))
            .await?;
        assert!(shown[0].as_f64().unwrap() >= (width as f64 * 0.3).min(300.0), "{name}: {shown}");
        assert!(shown[1].as_f64().unwrap() > 100.0, "{name}: {shown}");
        let overflow = browser.eval(overflow_script()).await?;
        assert_eq!(overflow, 0, "{name} scrolls sideways");
        let png = browser.client.screenshot().await?;
        // The screenshot shows a photograph where the photo is: many
        // colours (an empty or single-colour box would have a handful).
        let image = image::load_from_memory(&png)?.to_rgb8();
        let box_ = browser
            .eval(&format!(
                "const r = document.querySelector('{main}').getBoundingClientRect(), d = devicePixelRatio;                  return [r.left, r.top, r.width, r.height].map(v => Math.round(v * d))"
            ))
            .await?;
        let [x, y, w, h] = [0, 1, 2, 3].map(|i| box_[i].as_f64().unwrap().max(0.0) as u32);
        let mut colours = std::collections::HashSet::new();
        for py in (y + h / 4..(y + 3 * h / 4).min(image.height())).step_by(3) {
            for px in (x + w / 4..(x + 3 * w / 4).min(image.width())).step_by(3) {
                colours.insert(image.get_pixel(px, py).0);
            }
        }
        std::fs::write(out.join(format!("product-{name}.png")), &png)?;
        assert!(colours.len() > 200, "{name}: the photo's box {box_} has {} colours", colours.len());
        std::fs::write(out.join(format!("product-{name}.png")), png)?;
        browser.close().await?;
    }
    Ok(())
}
