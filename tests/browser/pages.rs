//! The information pages: /tentang, /desa/<id>, /kabupaten/<slug> and
//! /outlet, checked against the sample feed in public/catalog.json.

use nttmart_browser_tests::{Browser, Result, Site};
use serde_json::Value;
use std::time::Duration;

fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key].as_str().unwrap_or_else(|| panic!("{key} is a string in {v}"))
}

/// Villages of a kabupaten and products of a village, from the feed.
fn villages_of<'a>(feed: &'a Value, kabupaten: &str) -> Vec<&'a Value> {
    feed["villages"].as_array().unwrap().iter().filter(|v| v["kabupaten"] == kabupaten).collect()
}

fn products_of_village(feed: &Value, village: &str) -> usize {
    feed["products"].as_array().unwrap().iter().filter(|p| p["village"] == village).count()
}

/// "2025-08-12" → "12 Agustus 2025" / "12 August 2025", written
/// independently of the app's formatter so the test checks it.
fn spelled_date(iso: &str, months: [&str; 12]) -> String {
    let parts: Vec<u32> = iso.split('-').map(|p| p.parse().unwrap()).collect();
    format!("{} {} {}", parts[2], months[parts[1] as usize - 1], parts[0])
}

fn indonesian_date(iso: &str) -> String {
    spelled_date(
        iso,
        [
            "Januari",
            "Februari",
            "Maret",
            "April",
            "Mei",
            "Juni",
            "Juli",
            "Agustus",
            "September",
            "Oktober",
            "November",
            "Desember",
        ],
    )
}

fn english_date(iso: &str) -> String {
    spelled_date(
        iso,
        [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
    )
}

async fn current_path(browser: &Browser) -> Result<String> {
    let url = browser.client.current_url().await?;
    Ok(url.path().to_string())
}

async fn count(browser: &Browser, css: &str) -> Result<usize> {
    let script = format!("return document.querySelectorAll({}).length", serde_json::to_string(css)?);
    Ok(browser.eval(&script).await?.as_u64().ok_or("a number")? as usize)
}

/// Read in one script run after the element exists, so a re-render between
/// "find" and "read" cannot leave a stale element behind.
async fn attr(browser: &Browser, css: &str, name: &str) -> Result<Option<String>> {
    browser.wait_for(css).await?;
    let value = browser
        .client
        .execute(
            "const e = document.querySelector(arguments[0]); return e ? e.getAttribute(arguments[1]) : null",
            vec![css.into(), name.into()],
        )
        .await?;
    Ok(value.as_str().map(str::to_string))
}

/// Marks the current document so a later check can tell whether a link was
/// followed inside the app (mark kept) or by loading a new page (mark gone).
async fn mark_document(browser: &Browser) -> Result {
    browser.eval("window.__nttmartMark = 1; return null").await?;
    Ok(())
}

async fn document_still_marked(browser: &Browser) -> Result<bool> {
    Ok(browser.eval("return window.__nttmartMark === 1").await? == true)
}

#[tokio::test]
async fn about_page_explains_program_standards_and_badges() -> Result {
    let feed = nttmart_browser_tests::sample_feed();
    let products = feed["products"].as_array().unwrap().len();
    let site = Site::start()?;
    let browser = Browser::start().await?;
    browser.goto(&site.url("/tentang")).await?;

    let h1 = browser.wait_for_text(".about-page h1", "Tentang NTT Mart").await?;
    assert_eq!(h1, "Tentang NTT Mart");
    assert_eq!(count(&browser, "h1").await?, 1, "one h1 per page");
    for id in ["program", "koperasi", "standar", "lencana", "outlet"] {
        assert_eq!(count(&browser, &format!("#{id}")).await?, 1, "section #{id}");
    }
    for stream in ["OVOP", "OSOP", "OCOP"] {
        browser.wait_for_text("#program dt", stream).await?;
    }
    browser.wait_for_text("#koperasi h2", "Koperasi Desa Merah Putih").await?;
    // The badges look like the ones on product cards: same classes.
    for badge in [".badge--halal", ".badge--nonhalal", ".badge--bpom", ".badge--pirt", ".product-card__mark"] {
        assert!(count(&browser, &format!("#standar .badge-guide {badge}")).await? >= 1, "badge guide shows {badge}");
    }
    // Counts come from the feed.
    let stats = browser.text(".page-intro__stats").await?;
    assert!(stats.starts_with(&format!("{products} produk")), "{stats}");

    // The language switch translates the page.
    browser.click(".lang-switch").await?;
    browser.wait_for_text(".about-page h1", "About NTT Mart").await?;
    browser.wait_for_text("#standar h2", "Quality standards").await?;
    browser.close().await
}

#[tokio::test]
async fn village_page_shows_story_cooperative_and_all_products() -> Result {
    let feed = nttmart_browser_tests::sample_feed();
    let village = &feed["villages"][0];
    let id = str_of(village, "id");
    let expected_products = products_of_village(&feed, id);
    assert!(expected_products > 0, "the first sample village sells something");
    let site = Site::start()?;
    let browser = Browser::start().await?;
    browser.goto(&site.url(&format!("/desa/{id}"))).await?;

    assert_eq!(browser.text(".village-page h1").await?, str_of(village, "name"));
    assert_eq!(count(&browser, "h1").await?, 1);
    // The story comes from the kabupaten's detail file, just after the page.
    let story = str_of(village, "story");
    let start: String = story.split_whitespace().take(5).collect::<Vec<_>>().join(" ");
    assert_eq!(browser.wait_for_text(".village-page__story", &start).await?, story);
    assert_eq!(browser.text(".village-page__cooperative").await?, str_of(village, "cooperative"));
    assert_eq!(browser.text(".village-page__flagship").await?, str_of(village, "flagship"));
    assert_eq!(count(&browser, ".village-page .product-card").await?, expected_products);

    // The kabupaten link leads to the kabupaten page, inside the app.
    let kab = str_of(village, "kabupaten");
    assert_eq!(
        attr(&browser, ".village-page__kabupaten a", "href").await?.as_deref(),
        Some(format!("/kabupaten/{kab}").as_str())
    );
    mark_document(&browser).await?;
    browser.click(".village-page__kabupaten a").await?;
    browser.wait_for(".kabupaten-page h1").await?;
    assert_eq!(current_path(&browser).await?, format!("/kabupaten/{kab}"));
    assert!(document_still_marked(&browser).await?, "navigated without reloading");

    // Unknown villages and kabupaten get the not-found page.
    browser.goto(&site.url("/desa/nope")).await?;
    browser.wait_for_text(".not-found h1", "Halaman tidak ditemukan").await?;
    browser.goto(&site.url("/kabupaten/nope")).await?;
    browser.wait_for_text(".not-found h1", "Halaman tidak ditemukan").await?;
    browser.close().await
}

#[tokio::test]
async fn kabupaten_page_shows_outlet_villages_and_products() -> Result {
    let feed = nttmart_browser_tests::sample_feed();
    let outlet = feed["outlets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["kabupaten"] == "ngada")
        .expect("Ngada outlet in the feed");
    let villages = villages_of(&feed, "ngada");
    let products: usize = villages.iter().map(|v| products_of_village(&feed, str_of(v, "id"))).sum();
    let site = Site::start()?;
    let browser = Browser::start().await?;
    browser.goto(&site.url("/kabupaten/ngada")).await?;

    assert_eq!(browser.text(".kabupaten-page h1").await?, "Kabupaten Ngada");
    assert_eq!(count(&browser, "h1").await?, 1);
    browser.wait_for_text(".kabupaten-page .facts", "Bajawa").await?;
    browser.wait_for_text(".kabupaten-page .facts", "Flores").await?;

    // The outlet, from the feed.
    browser.wait_for_text(".kabupaten-page__outlet", str_of(outlet, "address")).await?;
    browser.wait_for_text(".kabupaten-page__outlet", str_of(outlet, "hours")).await?;
    if outlet["status"] == "launched" {
        let status = browser.text(".kabupaten-page__outlet .outlet-status").await?;
        assert!(status.contains("Sudah buka"), "{status}");
        assert!(status.contains(&indonesian_date(str_of(outlet, "launch_date"))), "{status}");
    }
    let wa = ".kabupaten-page__outlet a.outlet-details__wa";
    assert_eq!(attr(&browser, wa, "href").await?, Some(format!("https://wa.me/{}", str_of(outlet, "whatsapp"))));
    assert_eq!(attr(&browser, wa, "target").await?.as_deref(), Some("_blank"));
    assert_eq!(attr(&browser, wa, "rel").await?.as_deref(), Some("noopener noreferrer"));

    // Its villages and products.
    let names = browser.texts(".village-list .village-link__name").await?;
    let expected: Vec<&str> = villages.iter().map(|v| str_of(v, "name")).collect();
    assert_eq!(names, expected);
    assert_eq!(count(&browser, ".kabupaten-page .product-card").await?, products.min(24));
    assert_eq!(attr(&browser, ".kabupaten-page__all a", "href").await?.as_deref(), Some("/produk?kabupaten=ngada"));

    // A village link opens the village page.
    browser.click(".village-list a").await?;
    assert_eq!(browser.text(".village-page h1").await?, expected[0]);
    assert_eq!(current_path(&browser).await?, format!("/desa/{}", str_of(villages[0], "id")));
    browser.close().await
}

#[tokio::test]
async fn outlet_page_maps_and_lists_every_outlet() -> Result {
    let feed = nttmart_browser_tests::sample_feed();
    let outlets = feed["outlets"].as_array().unwrap();
    let launched = outlets.iter().filter(|o| o["status"] == "launched").count();
    let site = Site::start()?;
    let browser = Browser::start().await?;
    browser.goto(&site.url("/outlet")).await?;

    browser.wait_for_text(".outlets-page h1", "Outlet NTT Mart").await?;
    assert_eq!(count(&browser, "h1").await?, 1);
    let summary = browser.text(".outlets-page__summary").await?;
    assert_eq!(summary, format!("{launched} dari {} outlet sudah buka", outlets.len()));

    // The list: every outlet from the feed with its launch status and date.
    assert_eq!(outlets.len(), 22);
    assert_eq!(count(&browser, ".outlet-card").await?, 22);
    assert_eq!(count(&browser, ".outlet-card[data-status=launched]").await?, launched);
    assert_eq!(count(&browser, ".outlet-card .outlet-status--launched").await?, launched);
    for outlet in outlets {
        let card = format!("#outlet-{}", str_of(outlet, "kabupaten"));
        let text = browser.text(&card).await?;
        for field in ["name", "town", "address", "hours"] {
            assert!(text.contains(str_of(outlet, field)), "{card} shows its {field}: {text}");
        }
        if let Some(date) = outlet["launch_date"].as_str() {
            assert!(text.contains(&indonesian_date(date)), "{card} shows {date} in words: {text}");
        }
        let wa = attr(&browser, &format!("{card} a.outlet-details__wa"), "href").await?;
        assert_eq!(wa, Some(format!("https://wa.me/{}", str_of(outlet, "whatsapp"))));
    }

    // The map: 22 markers, each a link with a name, coloured by status.
    let markers = browser
        .eval(
            "return [...document.querySelectorAll('svg.outlet-map__svg .map-marker a')].map(a => ({
                href: a.getAttribute('href'), name: a.getAttribute('aria-label') || '' }))",
        )
        .await?;
    let markers = markers.as_array().ok_or("marker list")?;
    assert_eq!(markers.len(), 22);
    let mut names: Vec<&str> = markers.iter().map(|m| m["name"].as_str().unwrap()).collect();
    assert!(names.iter().all(|n| n.len() > 5), "every marker has an accessible name: {names:?}");
    names.sort();
    names.dedup();
    assert_eq!(names.len(), 22, "marker names are distinct");
    for outlet in outlets {
        let href = format!("/kabupaten/{}", str_of(outlet, "kabupaten"));
        assert!(markers.iter().any(|m| m["href"] == href.as_str()), "a marker links to {href}");
    }
    assert_eq!(count(&browser, ".map-marker--launched").await?, launched);
    assert_eq!(count(&browser, ".map-marker--planned").await?, 22 - launched);

    // Clicking a marker opens its kabupaten page inside the app.
    mark_document(&browser).await?;
    browser.click(".map-marker[data-kabupaten=ngada] a").await?;
    browser.wait_for_text(".kabupaten-page h1", "Kabupaten Ngada").await?;
    assert_eq!(current_path(&browser).await?, "/kabupaten/ngada");
    assert!(document_still_marked(&browser).await?, "navigated without reloading");

    // English: dates and status in English too.
    browser.goto(&site.url("/outlet")).await?;
    browser.click(".lang-switch").await?;
    let summary = browser.wait_for_text(".outlets-page__summary", "outlets are open").await?;
    assert_eq!(summary, format!("{launched} of 22 outlets are open"));
    for outlet in outlets {
        let Some(date) = outlet["launch_date"].as_str() else { continue };
        let status = format!("#outlet-{} .outlet-status", str_of(outlet, "kabupaten"));
        let words = if outlet["status"] == "launched" { "Open since" } else { "Coming soon planned for" };
        let text = browser.text(&status).await?;
        assert_eq!(text.split_whitespace().collect::<Vec<_>>().join(" "), format!("{words} {}", english_date(date)));
    }
    browser.close().await
}

#[tokio::test]
async fn header_and_product_page_link_to_the_new_pages() -> Result {
    let feed = nttmart_browser_tests::sample_feed();
    let product = &feed["products"][0];
    let village = feed["villages"].as_array().unwrap().iter().find(|v| v["id"] == product["village"]).unwrap();
    let site = Site::start()?;
    let browser = Browser::start().await?;
    browser.goto(&site.url("/")).await?;
    browser.wait_for(".product-card").await?;

    // Header navigation.
    browser.click(".site-header nav a[href='/tentang']").await?;
    browser.wait_for_text(".about-page h1", "Tentang NTT Mart").await?;
    browser.click(".site-header nav a[href='/outlet']").await?;
    browser.wait_for(".outlet-map__svg").await?;
    assert_eq!(current_path(&browser).await?, "/outlet");

    // Product page: village and kabupaten link to their pages.
    let product_path = format!("/produk/{}", str_of(product, "slug"));
    browser.goto(&site.url(&product_path)).await?;
    browser.wait_for(".product-page h1").await?;
    let village_href = format!("/desa/{}", str_of(village, "id"));
    let kab_href = format!("/kabupaten/{}", str_of(village, "kabupaten"));
    browser.click(&format!(".product-page__origin a[href='{village_href}']")).await?;
    assert_eq!(browser.text(".village-page h1").await?, str_of(village, "name"));
    browser.client.back().await?;
    browser.click(&format!(".product-page__origin a[href='{kab_href}']")).await?;
    browser.wait_for(".kabupaten-page h1").await?;
    assert_eq!(current_path(&browser).await?, kab_href);

    // The certification section explains the badges on /tentang#standar.
    browser.client.back().await?;
    browser.click(".product-page__certs a[href='/tentang#standar']").await?;
    browser.wait_for(".about-page #standar").await?;
    // The section is scrolled into view once the page has rendered.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    loop {
        let top = browser.eval("return document.getElementById('standar').getBoundingClientRect().top").await?;
        let top = top.as_f64().unwrap_or(f64::MAX);
        if (-2.0..200.0).contains(&top) {
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "#standar is not scrolled into view (top = {top})");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    browser.close().await
}
