//! Shared links: the product pages `nttmart pages` generates into the build
//! (what WhatsApp, Facebook and X crawlers read without running JavaScript),
//! served by nginx with the project's config; the app booting on them; and
//! the caching, compression and security headers.
//!
//! The crawler's view is a plain HTTP/1.1 GET over a TCP socket: no redirects
//! followed, no JavaScript.

use nttmart_browser_tests::http::{get, Response};
use nttmart_browser_tests::{Browser, Result, Site};
use serde_json::Value;

const BASE: &str = "https://nttmart.nttprov.go.id";

/// A product to share: the first in the feed with an apostrophe-free name
/// and one with an apostrophe (escaped in the HTML as `&#39;`).
fn products(feed: &Value) -> Vec<Value> {
    let all = feed["products"].as_array().unwrap();
    let mut picked = vec![all[0].clone()];
    if let Some(p) = all.iter().find(|p| p["name"].as_str().unwrap().contains('\'')) {
        picked.push(p.clone());
    }
    picked
}

/// The decoded `content` of `<meta property|name="key" content="…">`.
fn meta(html: &str, key: &str) -> Option<String> {
    for attr in ["property", "name"] {
        let needle = format!("<meta {attr}=\"{key}\" content=\"");
        if let Some(start) = html.find(&needle) {
            let rest = &html[start + needle.len()..];
            return Some(unescape(&rest[..rest.find('"')?]));
        }
    }
    None
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

fn json_ld(html: &str) -> Option<Value> {
    let open = "<script type=\"application/ld+json\">";
    let start = html.find(open)? + open.len();
    let end = start + html[start..].find("</script>")?;
    serde_json::from_str(&html[start..end]).ok()
}

/// `85000` → `Rp 85.000`, as the domain crate formats prices.
fn rupiah(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    format!("Rp {out}")
}

fn security_headers(response: &Response, what: &str) {
    assert_eq!(response.header("X-Content-Type-Options"), Some("nosniff"), "{what}");
    assert_eq!(response.header("Referrer-Policy"), Some("strict-origin-when-cross-origin"), "{what}");
    assert_eq!(response.header("X-Frame-Options"), Some("DENY"), "{what}");
    let permissions = response.header("Permissions-Policy").unwrap_or_else(|| panic!("{what}: Permissions-Policy"));
    for feature in ["camera=()", "microphone=()", "geolocation=()"] {
        assert!(permissions.contains(feature), "{what}: {permissions}");
    }
    let csp = response.header("Content-Security-Policy").unwrap_or_else(|| panic!("{what}: Content-Security-Policy"));
    for directive in ["default-src 'self'", "script-src 'self' 'wasm-unsafe-eval'", "frame-ancestors 'none'"] {
        assert!(csp.contains(directive), "{what}: {csp}");
    }
}

#[tokio::test]
async fn crawlers_get_product_tags_with_and_without_the_trailing_slash() -> Result {
    let site = Site::start()?;
    for product in products(&nttmart_browser_tests::sample_feed()) {
        let slug = product["slug"].as_str().unwrap();
        let name = product["name"].as_str().unwrap();
        let price = product["price"].as_u64().unwrap();
        for path in [format!("/produk/{slug}"), format!("/produk/{slug}/")] {
            let response = get(&site, &path, &[])?;
            assert_eq!(response.status, 200, "{path}: no redirect, no error");
            assert_eq!(response.header("Location"), None, "{path}");
            assert!(response.header("Content-Type").unwrap_or("").starts_with("text/html"), "{path}");
            let html = response.text();
            assert_eq!(meta(&html, "og:title"), Some(format!("{name} — {}", rupiah(price))), "{path}");
            assert_eq!(meta(&html, "og:url").as_deref(), Some(format!("{BASE}/produk/{slug}").as_str()), "{path}");
            assert_eq!(meta(&html, "og:type").as_deref(), Some("product"), "{path}");
            assert_eq!(meta(&html, "twitter:card").as_deref(), Some("summary_large_image"), "{path}");
            assert!(html.contains(&format!("<link rel=\"canonical\" href=\"{BASE}/produk/{slug}\">")), "{path}");
            let ld = json_ld(&html).unwrap_or_else(|| panic!("{path}: JSON-LD"));
            assert_eq!(ld["@type"], "Product");
            assert_eq!(ld["name"], name);
            assert_eq!(ld["offers"]["price"], price);
            assert_eq!(ld["offers"]["priceCurrency"], "IDR");
            // Still the app shell: the hashed bundle is there to boot.
            assert!(html.contains("_bg.wasm"), "{path}");
            // Its first screen is the product, not the home hero, while the
            // app loads.
            let boot = &html[html.find("id=\"boot\"").unwrap_or_else(|| panic!("{path}: #boot"))..];
            let escaped = name
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
                .replace('"', "&quot;")
                .replace('\'', "&#39;");
            let title = format!("<h1>{escaped}</h1>");
            assert!(boot.contains(&title), "{path}: {title}");
            assert!(boot.contains(&rupiah(price)), "{path}");
            assert!(!boot.contains("class=\"hero\""), "{path}");

            // The card the preview shows, by the og:image URL's path.
            let image = meta(&html, "og:image").unwrap();
            let image_path = image.strip_prefix(BASE).unwrap_or_else(|| panic!("{image} is on {BASE}"));
            assert!(image_path.starts_with(&format!("/share/{slug}.png")), "{image}");
            let card = get(&site, image_path, &[])?;
            assert_eq!(card.status, 200, "{image_path}");
            assert_eq!(card.header("Content-Type"), Some("image/png"), "{image_path}");
            assert_eq!(&card.body[..8], b"\x89PNG\r\n\x1a\n");
            assert!(card.body.len() < 300 * 1024, "{image_path}: {} bytes", card.body.len());
            assert_eq!(card.header("Cache-Control"), Some("public, max-age=86400"));
        }
    }
    // The home page has the site-wide card.
    let home = get(&site, "/", &[])?.text();
    let image = meta(&home, "og:image").expect("og:image on the home page");
    let card = get(&site, image.strip_prefix(BASE).unwrap(), &[])?;
    assert_eq!((card.status, card.header("Content-Type")), (200, Some("image/png")));

    let sitemap = get(&site, "/sitemap.xml", &[])?;
    assert_eq!(sitemap.status, 200);
    let slug = nttmart_browser_tests::sample_feed()["products"][0]["slug"].as_str().unwrap().to_string();
    assert!(sitemap.text().contains(&format!("<loc>{BASE}/produk/{slug}</loc>")));
    let robots = get(&site, "/robots.txt", &[])?;
    assert_eq!(robots.status, 200);
    assert!(robots.text().contains(&format!("Sitemap: {BASE}/sitemap.xml")));
    Ok(())
}

#[tokio::test]
async fn opening_a_shared_product_link_boots_the_app_on_that_product() -> Result {
    let feed = nttmart_browser_tests::sample_feed();
    let product = &feed["products"][0];
    let slug = product["slug"].as_str().unwrap();
    let name = product["name"].as_str().unwrap();
    let site = Site::start()?;
    let browser = Browser::start().await?;
    browser.goto(&site.url(&format!("/produk/{slug}"))).await?;
    // The first screen already names the product; then the app takes over.
    browser.wait_for_text(".product-page h1", name).await?;
    browser.taken_over().await?;
    browser.wait_for_text(".product-page h1", name).await?;
    browser.wait_for(".product-page .add-to-cart").await?;
    browser.close().await
}

/// On a slow line the app can have started and read the feed before the
/// product page's own code (its chunk) is in. Until the page is built, the
/// shared link's first screen stays, with its working order link: the
/// customer never looks at an empty page in between (issue 20).
#[tokio::test]
async fn a_shared_product_link_keeps_its_first_screen_until_the_apps_page_is_built() -> Result {
    let feed = nttmart_browser_tests::sample_feed();
    let product = &feed["products"][0];
    let (slug, name) = (product["slug"].as_str().unwrap(), product["name"].as_str().unwrap());
    // While `slow-page` exists, the product page's chunk (its pack on a
    // first visit, or its own file) sends its headers and then nothing.
    let site = Site::builder().with_slow_files_when("slow-page", r"^/(pack|split)_product-", 1).start()?;
    site.write_file("slow-page", "")?;
    let browser = Browser::start().await?;
    browser.goto(&site.url(&format!("/produk/{slug}"))).await?;
    // Everything but the page is ready: the shell with its header (the
    // routes, which asked for the chunk, mount before it) and the feed read
    // (no loading view).
    browser
        .wait_until(
            "the app is ready but for the product page",
            "done(!!document.querySelector('.app .site-header') && !!document.querySelector('.app main')
                  && !document.querySelector('.app main .loading'))",
        )
        .await?;
    // Before, the swap came on the next frame; two frames and a task later
    // the first screen is still the page on show.
    browser
        .wait_until(
            "two frames have passed",
            "requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => done(true))))",
        )
        .await?;
    let state = browser
        .eval(
            "const app = document.querySelector('.app');
             return [document.getElementById('boot') !== null, app.classList.contains('app--booting'),
                     !!app.querySelector('.product-page')];",
        )
        .await?;
    assert_eq!(state, serde_json::json!([true, true, false]), "[first screen, app hidden, app's product page]");
    assert_eq!(browser.text("#boot .product-page h1").await?, name);
    let order = browser.attr("#boot a.product-page__quick", "href").await?.unwrap_or_default();
    assert!(order.starts_with("https://wa.me/62") && order.contains("saya%20mau%20pesan"), "{order}");

    // The line recovers (that download stays stalled): the next load
    // brings the page, and the app takes over on it.
    site.remove_file("slow-page")?;
    browser.goto(&site.url(&format!("/produk/{slug}"))).await?;
    browser.taken_over().await?;
    browser.wait_for_text(".app .product-page h1", name).await?;
    browser.wait_for(".app .product-page .add-to-cart").await?;
    browser.close().await
}

#[tokio::test]
async fn an_unknown_product_link_shows_the_not_found_page() -> Result {
    let site = Site::start()?;
    let response = get(&site, "/produk/nope", &[])?;
    assert_eq!(response.status, 200, "the shell answers, the app says not found");
    assert_eq!(meta(&response.text(), "og:type").as_deref(), Some("website"));
    let browser = Browser::start().await?;
    browser.goto(&site.url("/produk/nope")).await?;
    browser.wait_for_text(".not-found h1", "Halaman tidak ditemukan").await?;
    browser.close().await
}

#[tokio::test]
async fn caching_compression_and_security_headers() -> Result {
    let site = Site::start()?;
    let feed = nttmart_browser_tests::sample_feed();
    let slug = feed["products"][0]["slug"].as_str().unwrap();

    // Hashed assets, named by the shell, are cached for good.
    let index = get(&site, "/", &[])?;
    let html = index.text();
    // boot.js loads the bundle named by its script tag.
    let marker = "data-nttmart-wasm=\"";
    let wasm_start = html.find(marker).ok_or("wasm path in index.html")? + marker.len();
    let wasm = &html[wasm_start..wasm_start + html[wasm_start..].find('"').unwrap()];
    assert!(wasm.ends_with("_bg.wasm"), "{wasm}");
    let css_start =
        html.find("<link rel=\"stylesheet\" href=\"").ok_or("a stylesheet")? + "<link rel=\"stylesheet\" href=\"".len();
    let css = &html[css_start..css_start + html[css_start..].find('"').unwrap()];
    let marker = "data-nttmart-js=\"";
    let js_start = html.find(marker).ok_or("glue path in index.html")? + marker.len();
    let js = &html[js_start..js_start + html[js_start..].find('"').unwrap()];
    // So are the lazily loaded page chunks (crates/split).
    let chunk = format!("/{}", nttmart_browser_tests::site::dist_file("", "split_cart-", ".wasm")?);
    for asset in [wasm, css, js, chunk.as_str()] {
        let response = get(&site, asset, &[])?;
        assert_eq!(response.status, 200, "{asset}");
        let cache = response.header("Cache-Control").unwrap_or_default();
        assert!(cache.contains("immutable") && cache.contains("max-age=31536000"), "{asset}: {cache}");
    }
    // A hashed name that is not there (yet) is not cached at all.
    let missing = get(&site, "/split_cart-00000000000000ff.wasm", &[])?;
    assert_eq!(missing.status, 404);
    let cache = missing.header("Cache-Control").unwrap_or_default();
    assert!(!cache.contains("immutable") && !cache.contains("max-age"), "a 404 must not stick: {cache}");

    // The shell, the feed, the product pages and the service worker with its
    // loader are revalidated every time.
    for path in [
        "/",
        "/index.html",
        "/sw.js",
        "/boot.js",
        "/catalog.json",
        "/katalog/index.json",
        "/katalog/detail/ngada.json",
        &format!("/produk/{slug}"),
        &format!("/produk/{slug}/"),
        "/produk/nope",
        "/tentang",
    ] {
        let response = get(&site, path, &[])?;
        assert_eq!(response.status, 200, "{path}");
        assert_eq!(response.header("Cache-Control"), Some("no-cache"), "{path}");
    }

    // Compressed when the client accepts it.
    for (encoding, path) in [
        ("gzip", "/catalog.json"),
        ("gzip", wasm),
        ("gzip", "/"),
        ("br", "/catalog.json"),
        ("br", wasm),
        ("br", &format!("/produk/{slug}")),
    ] {
        let response = get(&site, path, &[("Accept-Encoding", encoding)])?;
        assert_eq!(response.status, 200, "{path}");
        assert_eq!(response.header("Content-Encoding"), Some(encoding), "{path} with Accept-Encoding: {encoding}");
        assert!(response.header("Vary").unwrap_or_default().contains("Accept-Encoding"), "{path}");
    }
    let plain = get(&site, "/catalog.json", &[])?;
    assert_eq!(plain.header("Content-Encoding"), None);
    // The bundle goes out as the build's quality-11 copy, not compressed
    // per request; the feed (replaced by staff without a rebuild) never has one.
    let precompressed = site.read_file(&format!("{}.br", wasm.trim_start_matches('/')))?;
    assert_eq!(get(&site, wasm, &[("Accept-Encoding", "br")])?.body, precompressed);
    assert!(site.read_file("catalog.json.br").is_err());
    // The index feed and detail files are written by `nttmart pages` with
    // their quality-11 copy, which is what goes out.
    // So is the loader, on every first load.
    for path in ["/katalog/index.json", "/katalog/detail/ngada.json", "/boot.js"] {
        let precompressed = site.read_file(&format!("{}.br", path.trim_start_matches('/')))?;
        assert_eq!(get(&site, path, &[("Accept-Encoding", "br")])?.body, precompressed, "{path}");
    }
    // A file that is not there is a 404, not the app shell: the storefront
    // then falls back to catalog.json.
    let missing = get(&site, "/katalog/nope.json", &[])?;
    assert_eq!(missing.status, 404);

    // Security headers on every response that can become a document or a
    // worker: HTML, the service worker, pictures (an SVG opened on its own).
    for path in [
        "/",
        "/index.html",
        &format!("/produk/{slug}"),
        &format!("/produk/{slug}/"),
        "/produk/nope",
        "/tentang",
        "/sw.js",
        "/share/ntt-mart.png",
    ] {
        security_headers(&get(&site, path, &[])?, path);
    }
    // Pictures get a shorter policy under which nothing loads or runs.
    for path in ["/brand/wordmark.svg", "/favicon.svg", "/img/category.svg", "/img/category/kopi.svg"] {
        let response = get(&site, path, &[])?;
        assert_eq!(response.status, 200, "{path}");
        assert_eq!(response.header("X-Content-Type-Options"), Some("nosniff"), "{path}");
        assert_eq!(response.header("X-Frame-Options"), Some("DENY"), "{path}");
        let csp =
            response.header("Content-Security-Policy").unwrap_or_else(|| panic!("{path}: Content-Security-Policy"));
        for directive in ["default-src 'none'", "frame-ancestors 'none'", "sandbox"] {
            assert!(csp.contains(directive), "{path}: {csp}");
        }
        assert!(!csp.contains("script-src"), "{path}: no script source at all: {csp}");
    }
    // The build's bundles and the feeds never become one: there the policy
    // headers would only cost bytes, but nosniff and the referrer policy
    // still apply.
    let css = format!("/{}", nttmart_browser_tests::site::dist_file("", "main-", ".css")?);
    for path in
        ["/catalog.json", "/katalog/index.json", "/katalog/detail/ngada.json", "/manifest.webmanifest", wasm, &css]
    {
        let response = get(&site, path, &[])?;
        assert_eq!(response.status, 200, "{path}");
        assert_eq!(response.header("X-Content-Type-Options"), Some("nosniff"), "{path}");
        assert_eq!(response.header("Referrer-Policy"), Some("strict-origin-when-cross-origin"), "{path}");
        for header in ["Content-Security-Policy", "X-Frame-Options", "Permissions-Policy"] {
            assert_eq!(response.header(header), None, "{path}: {header}");
        }
    }
    Ok(())
}
