//! Any static host (issue 20): the site on the plainest host there is
//! (files, folders' index.html, an SPA fallback, nothing else: see
//! `PlainHost`), and the rules for Cloudflare Pages (deploy/cloudflare-pages)
//! saying the same as nginx's, path by path.

use nttmart_browser_tests::http::{curl_head, get};
use nttmart_browser_tests::site::{dist_dir, dist_file};
use nttmart_browser_tests::{repo_root, Browser, Result, Site};

#[tokio::test]
async fn the_shop_works_on_a_host_with_nothing_but_files_and_an_spa_fallback() -> Result {
    let catalog = nttmart_browser_tests::sample_catalog();
    let product = &catalog.products[0];
    let site = Site::builder().start_plain()?;
    let browser = Browser::start().await?;

    // Home, with the service worker.
    browser.goto(&site.url("/")).await?;
    browser.wait_for(".product-card").await?;
    browser.wait_for_boot().await?;
    browser.ready_for_offline().await?;

    // A deep link: the host answers it with the shell, the app routes it.
    browser.goto(&site.url(&format!("/produk/{}", product.slug))).await?;
    browser.wait_for_text(".product-page h1", &product.name).await?;
    assert_eq!(browser.eval("return document.getElementById('boot') === null").await?, true);

    // The kiosk without its slash: the host answers with the storefront's
    // page, which sends it on with its outlet.
    browser.goto(&site.url("/kiosk?outlet=kota-kupang")).await?;
    browser.wait_for_text(".kiosk-attract", "NTT Mart Kota Kupang").await?;
    let at = browser.eval("return location.pathname + location.search").await?;
    assert_eq!(at, "/kiosk/?outlet=kota-kupang");
    browser.close().await?;

    // Offline: the worker answers a deep link from its cache.
    let browser = Browser::start().await?;
    browser.goto(&site.url("/")).await?;
    browser.wait_for(".product-card").await?;
    browser.ready_for_offline().await?;
    let mut site = site;
    site.stop();
    browser.goto(&site.url(&format!("/produk/{}", product.slug))).await?;
    browser.wait_for_text(".product-page h1", &product.name).await?;
    browser.close().await
}

#[tokio::test]
async fn missing_feed_files_answered_with_the_shell_read_as_missing() -> Result {
    // The host answers a missing file with index.html and status 200, where
    // nginx says 404; the app must read that HTML as "missing", not as a
    // broken feed: no index feed, so the whole catalog.json; no detail
    // file, so "not available" in place of the description, as with a 404.
    let catalog = nttmart_browser_tests::sample_catalog();
    let product = &catalog.products[0];
    let kabupaten = catalog.kabupaten_of(product).expect("the product's kabupaten").slug;
    let detail = format!("katalog/detail/{kabupaten}.json");
    let first_words: String = product.description.split_whitespace().take(4).collect::<Vec<_>>().join(" ");
    let site =
        Site::builder().without_file("katalog/index.json").without_file("katalog/index.json.br").start_plain()?;
    let browser = Browser::start().await?;
    browser.goto(&site.url(&format!("/produk/{}", product.slug))).await?;
    browser.wait_for_text(".product-page h1", &product.name).await?;
    let fetched = browser.fetched(".json").await?;
    assert!(fetched.iter().any(|p| p == "/catalog.json"), "fell back to the whole feed: {fetched:?}");
    // The whole feed has the descriptions.
    browser.wait_for_text(".product-page__description", &first_words).await?;
    browser.close().await?;

    let site = Site::builder().without_file(&detail).without_file(&format!("{detail}.br")).start_plain()?;
    let browser = Browser::start().await?;
    browser.goto(&site.url(&format!("/produk/{}", product.slug))).await?;
    browser.wait_for_text(".product-page h1", &product.name).await?;
    browser.wait_for_text(".product-page__description", "tidak tersedia").await?;
    assert_eq!(browser.texts(".product-page__price").await?.len(), 1, "the rest of the page is there");
    browser.close().await
}

/// Cloudflare Pages' `_headers`: every rule whose pattern (`*` matches
/// anything, `/` included) matches the path applies in order; a header set
/// twice is joined with ", "; `! Name` drops it.
fn cloudflare_headers(rules: &str, path: &str) -> Vec<(String, String)> {
    let mut headers: Vec<(String, String)> = Vec::new();
    let mut applies = false;
    for line in rules.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if !line.starts_with(char::is_whitespace) {
            applies = matches(trimmed, path);
        } else if applies {
            if let Some(name) = trimmed.strip_prefix('!') {
                let name = name.trim().to_ascii_lowercase();
                headers.retain(|(n, _)| *n != name);
            } else if let Some((name, value)) = trimmed.split_once(':') {
                let (name, value) = (name.trim().to_ascii_lowercase(), value.trim().to_string());
                match headers.iter_mut().find(|(n, _)| *n == name) {
                    Some((_, v)) => *v = format!("{v}, {value}"),
                    None => headers.push((name, value)),
                }
            }
        }
    }
    headers
}

fn matches(pattern: &str, path: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == path,
        Some((before, after)) => {
            path.len() >= before.len() + after.len() && path.starts_with(before) && path.ends_with(after)
        }
    }
}

#[test]
fn cloudflare_pattern_matching() {
    assert!(matches("/katalog/*", "/katalog/detail/alor.json"));
    assert!(matches("/main-*", "/main-5c8d.css"));
    assert!(!matches("/main-*", "/kiosk/main-5c8d.css"));
    assert!(matches("/robots.txt", "/robots.txt") && !matches("/robots.txt", "/robots.txt2"));
    let rules = "/*\n  A: 1\n  B: 2\n/x/*\n  ! A\n  B: 3\n";
    assert_eq!(cloudflare_headers(rules, "/x/y"), vec![("b".to_string(), "2, 3".to_string())]);
    assert_eq!(cloudflare_headers(rules, "/z").len(), 2);
}

/// The headers whose value the two hosts must agree on.
const COMPARED: [&str; 6] = [
    "content-security-policy",
    "x-frame-options",
    "permissions-policy",
    "x-content-type-options",
    "referrer-policy",
    "cache-control",
];

/// What Cloudflare Pages sends when `_headers` sets no Cache-Control: the
/// same as nginx's "no-cache" (use it, but ask the server first every time).
const CLOUDFLARE_DEFAULT_CACHE: &str = "public, max-age=0, must-revalidate";

#[test]
fn cloudflare_pages_rules_say_what_nginx_says() -> Result {
    let rules = std::fs::read_to_string(dist_dir().join("_headers"))?;
    assert_eq!(rules, std::fs::read_to_string(repo_root().join("deploy/cloudflare-pages/_headers"))?);
    assert!(dist_dir().join("_redirects").is_file(), "the redirect rules travel in dist/ too");
    let site = Site::start()?;
    let catalog = nttmart_browser_tests::sample_catalog();
    // Every file at the top, in kiosk/ and in staf/ (the hashed bundles, the
    // feed, the worker…), one of each other kind, and the app's routes.
    let mut paths: Vec<String> = Vec::new();
    for dir in ["", "kiosk/", "staf/"] {
        for entry in std::fs::read_dir(dist_dir().join(dir))? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if entry.file_type()?.is_file() && !name.ends_with(".br") && !name.starts_with('_') {
                paths.push(format!("/{dir}{name}"));
            }
        }
    }
    paths.extend(
        [
            "/",
            "/kiosk/",
            "/staf",
            "/staf/",
            "/produk",
            "/keranjang",
            "/sederhana/",
            "/katalog/index.json",
            "/katalog/outlet.json",
            "/katalog/detail/alor.json",
            "/img/category/kopi.svg",
            "/brand/wordmark.svg",
            "/brand/icons/icon-192.png",
            "/share/ntt-mart.png",
        ]
        .map(String::from),
    );
    paths.push(format!("/produk/{}", catalog.products[0].slug));
    paths.push(format!("/{}", dist_file("", "chunk_", ".wasm")?));
    assert!(paths.len() > 30, "{paths:?}");

    let mut differences = Vec::new();
    for path in &paths {
        let nginx = get(&site, path, &[("Accept-Encoding", "br")])?;
        assert_eq!(nginx.status, 200, "{path}");
        let cloudflare = cloudflare_headers(&rules, path);
        for name in COMPARED {
            let from_nginx = nginx.header(name);
            let mut from_cloudflare = cloudflare.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str());
            if name == "cache-control" && from_cloudflare.is_none() {
                from_cloudflare = Some(CLOUDFLARE_DEFAULT_CACHE);
            }
            let same = match (from_nginx, from_cloudflare) {
                (Some("no-cache"), Some(CLOUDFLARE_DEFAULT_CACHE)) => true,
                (a, b) => a == b,
            };
            if !same {
                differences.push(format!("{path} {name}: nginx {from_nginx:?}, Cloudflare Pages {from_cloudflare:?}"));
            }
        }
    }
    assert!(differences.is_empty(), "the rules disagree:\n{}", differences.join("\n"));

    // nginx does not serve the other host's rules.
    assert_eq!(get(&site, "/_headers", &[])?.status, 404);
    assert_eq!(get(&site, "/_redirects", &[])?.status, 404);
    Ok(())
}

#[tokio::test]
async fn the_production_server_serves_https_over_http2_and_sends_http_there() -> Result {
    let production = Site::builder().start_production()?;
    let https = |path: &str| format!("https://127.0.0.1:{}{path}", production.https_port);
    let http = |path: &str| format!("http://127.0.0.1:{}{path}", production.http_port);

    // The shop over HTTP/2, with the site's own rules: the bundle as its
    // brotli copy, the policy on the page.
    let home = curl_head(&["-k", "--http2"], &https("/"))?;
    assert_eq!((home.version.as_str(), home.status), ("HTTP/2", 200), "{:?}", home.headers);
    assert!(home.header("content-security-policy").is_some(), "{:?}", home.headers);
    let wasm = dist_file("", "nttmart-web-", "_bg.wasm")?;
    let bundle = curl_head(&["-k", "--http2", "-H", "Accept-Encoding: br"], &https(&format!("/{wasm}")))?;
    assert_eq!((bundle.version.as_str(), bundle.status), ("HTTP/2", 200), "{:?}", bundle.headers);
    assert_eq!(bundle.header("content-encoding"), Some("br"), "{:?}", bundle.headers);
    let deep = curl_head(&["-k", "--http2"], &https("/produk/tidak-ada-di-katalog"))?;
    assert_eq!((deep.version.as_str(), deep.status), ("HTTP/2", 200), "a deep link gets the shell");

    // Plain HTTP moves to HTTPS with the whole path and query, so a link
    // shared before the move still opens its product.
    let moved = curl_head(&[], &http("/produk/kopi-arabika?v=250-g&lang=en"))?;
    assert_eq!((moved.version.as_str(), moved.status), ("HTTP/1.1", 301), "{:?}", moved.headers);
    assert_eq!(moved.header("location"), Some("https://127.0.0.1/produk/kopi-arabika?v=250-g&lang=en"));

    // Except the certificate authority's challenge, which must be answered
    // over plain HTTP for a certificate to be issued at all.
    let token = "Zx9-challenge-token";
    std::fs::write(production.acme_root.join(".well-known/acme-challenge").join(token), "proof")?;
    let challenge = curl_head(&[], &http(&format!("/.well-known/acme-challenge/{token}")))?;
    assert_eq!((challenge.version.as_str(), challenge.status), ("HTTP/1.1", 200), "{:?}", challenge.headers);
    Ok(())
}
