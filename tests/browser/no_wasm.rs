//! A shop that works before, and without, the wasm (issue 20): the static
//! first screen of a product page already orders and shares; a browser that
//! cannot run the app gets the static pages `nttmart pages` writes; and the
//! probe boot.js asks `WebAssembly.validate` about covers every feature the
//! build uses.

use base64::Engine as _;
use nttmart_browser_tests::site::{dist_dir, dist_file};
use nttmart_browser_tests::{repo_root, Browser, Result, Site};
use nttmart_domain::catalog::{Catalog, Product};
use nttmart_domain::order::percent_decode;
use nttmart_domain::quick_order;
use wasmparser::{Validator, WasmFeatures};

/// What a browser has lost before any script of the page runs: WebAssembly
/// switched off, as iOS Lockdown Mode does (V8's `--noexpose_wasm` no
/// longer hides it in Chromium 156).
const NO_WASM: &str = "delete globalThis.WebAssembly;";

/// The features boot.js's probe stands for, one by one: each must be used by
/// the probe (else an old browser without it would pass), and together they
/// must be all the build needs.
const PROBED: [(&str, WasmFeatures); 6] = [
    ("mutable globals", WasmFeatures::MUTABLE_GLOBAL),
    ("non-trapping float-to-int", WasmFeatures::SATURATING_FLOAT_TO_INT),
    ("sign extension", WasmFeatures::SIGN_EXTENSION),
    ("reference types", WasmFeatures::REFERENCE_TYPES),
    ("multi-value", WasmFeatures::MULTI_VALUE),
    ("bulk memory", WasmFeatures::BULK_MEMORY),
];

fn probed() -> WasmFeatures {
    PROBED.iter().fold(WasmFeatures::MVP, |all, (_, f)| all | *f)
}

fn probe_in_boot_js() -> Result<Vec<u8>> {
    let boot = std::fs::read_to_string(repo_root().join("public/boot.js"))?;
    let line = boot.lines().find(|l| l.starts_with("const WASM_PROBE = '")).ok_or("boot.js has no WASM_PROBE")?;
    let encoded = line.trim_start_matches("const WASM_PROBE = '").trim_end_matches("';");
    Ok(base64::engine::general_purpose::STANDARD.decode(encoded)?)
}

#[test]
fn the_probe_is_the_module_its_source_describes() -> Result {
    let source = repo_root().join("tests/fixtures/wasm-features.wat");
    let assembled = wat::parse_file(&source)?;
    let probe = probe_in_boot_js()?;
    // Byte for byte would tie the test to one assembler's encoding choices;
    // the same sections, functions and instructions is what matters.
    assert_eq!(wasmprinter_like(&probe)?, wasmprinter_like(&assembled)?, "boot.js's WASM_PROBE is not {source:?}");
    Ok(())
}

/// The module's operators and types in order, as text.
fn wasmprinter_like(bytes: &[u8]) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for payload in wasmparser::Parser::new(0).parse_all(bytes) {
        match payload? {
            wasmparser::Payload::TypeSection(types) => {
                for t in types.into_iter_err_on_gc_types() {
                    out.push(format!("type {:?}", t?));
                }
            }
            wasmparser::Payload::CodeSectionEntry(body) => {
                let mut ops = body.get_operators_reader()?;
                while !ops.eof() {
                    out.push(format!("{:?}", ops.read()?));
                }
            }
            wasmparser::Payload::ExportSection(exports) => {
                for e in exports {
                    let e = e?;
                    out.push(format!("export {} {:?}", e.name, e.kind));
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

#[test]
fn the_probe_uses_each_feature_and_the_build_needs_no_other() -> Result {
    let probe = probe_in_boot_js()?;
    assert!(probe.len() <= 100, "the probe stays tiny: {} bytes", probe.len());
    Validator::new_with_features(probed()).validate_all(&probe).map_err(|e| format!("the probe is invalid: {e}"))?;
    for (name, feature) in PROBED {
        let without = probed().difference(feature);
        assert!(
            Validator::new_with_features(without).validate_all(&probe).is_err(),
            "the probe does not use {name}: a browser without it would pass the check and fail to run the app"
        );
    }
    // Every wasm the site ships: the storefront, its page chunks and the kiosk.
    let mut checked = 0;
    for dir in [dist_dir(), dist_dir().join("kiosk")] {
        let mut modules = Vec::new();
        let mut packs = Vec::new();
        for entry in std::fs::read_dir(&dir)? {
            let path = entry?.path();
            if path.extension().is_some_and(|e| e == "wasm") {
                let bytes = std::fs::read(&path)?;
                let pack = path.file_name().is_some_and(|n| n.to_string_lossy().starts_with("pack_"));
                if pack {
                    packs.push((path, bytes));
                    continue;
                }
                Validator::new_with_features(probed()).validate_all(&bytes).map_err(|e| {
                    format!("{} uses a WebAssembly feature boot.js's probe does not check: {e}", path.display())
                })?;
                modules.push(bytes);
                checked += 1;
            }
        }
        // A page's pack (crates/split/src/pack.rs) is its modules one after
        // the other: each must be one of the modules checked above.
        for (path, bytes) in packs {
            let mut rest = &bytes[..];
            let mut members = 0;
            while !rest.is_empty() {
                let module = modules
                    .iter()
                    .filter(|m| rest.starts_with(m))
                    .max_by_key(|m| m.len())
                    .ok_or_else(|| format!("{} holds bytes that are none of the site's modules", path.display()))?;
                rest = &rest[module.len()..];
                members += 1;
            }
            assert!(members >= 2, "{} packs {members} module", path.display());
            checked += 1;
        }
    }
    assert!(checked >= 3, "found the build's wasm files ({checked})");
    Ok(())
}

/// The order message a `wa.me` link carries, and the number it goes to.
fn wa_link(href: &str) -> Result<(String, String)> {
    let rest = href.strip_prefix("https://wa.me/").ok_or_else(|| format!("not a wa.me link: {href}"))?;
    let (number, text) = rest.split_once("?text=").ok_or_else(|| format!("no text: {href}"))?;
    Ok((number.to_string(), percent_decode(text).map_err(|e| format!("{e:?}"))?))
}

/// Checks the static first screen of `product`'s page: the order link goes to
/// the outlet that takes its orders with the product named, and the share
/// link carries the product's address.
async fn assert_first_screen_orders_and_shares(browser: &Browser, catalog: &Catalog, product: &Product) -> Result {
    let href = browser.eval("return document.querySelector('#boot .product-page__quick').href").await?;
    let (number, text) = wa_link(href.as_str().unwrap_or_default())?;
    let outlet = quick_order::outlet_for(catalog, product).expect("an open outlet");
    assert_eq!(number, outlet.whatsapp, "ordered from {}", outlet.name);
    let url = format!("{}/produk/{}", catalog.store.base_url, product.slug);
    assert!(text.contains(&product.name) && text.contains(&product.default_variant().price.to_string()), "{text}");
    assert!(text.contains(&url), "the message links the product: {text}");
    let share = browser.eval("return document.querySelector('#boot .share__wa').href").await?;
    let shared = percent_decode(share.as_str().unwrap_or_default().trim_start_matches("https://wa.me/?text="))
        .map_err(|e| format!("{e:?}"))?;
    assert!(shared.contains(&product.name) && shared.ends_with(&url), "{shared}");
    Ok(())
}

#[tokio::test]
async fn a_shared_product_link_orders_before_the_app_has_loaded() -> Result {
    // A slow phone: the bundle never arrives, so all there is is the first
    // screen, which must already order and share.
    let catalog = nttmart_browser_tests::sample_catalog();
    let product = catalog.products.iter().find(|p| p.village.contains("ngada") || p.id.starts_with("NGD")).unwrap();
    let wasm = dist_file("", "nttmart-web-", "_bg.wasm")?;
    let site = Site::builder().without_file(&wasm).without_file(&format!("{wasm}.br")).start()?;
    let browser = Browser::start().await?;
    browser.goto(&site.url(&format!("/produk/{}", product.slug))).await?;
    browser.wait_for("#boot .product-page__quick").await?;
    assert_eq!(browser.text("#boot h1").await?, product.name);
    assert_first_screen_orders_and_shares(&browser, &catalog, product).await?;
    browser.close().await
}

#[tokio::test]
async fn a_browser_without_webassembly_gets_the_simple_pages() -> Result {
    let catalog = nttmart_browser_tests::sample_catalog();
    let featured: Vec<&Product> = catalog.products.iter().filter(|p| p.featured).collect();
    let site = Site::start()?;
    let browser = Browser::start().await?;
    browser.before_every_page(NO_WASM).await?;

    // Home: sent to the simple home page, which says why and lists every
    // featured product with a link to its static page.
    browser.goto(&site.url("/")).await?;
    browser
        .wait_until(
            "the simple home page is shown",
            "done(location.pathname === '/sederhana/' && document.readyState === 'complete')",
        )
        .await?;
    let notice = browser.text(".notice").await?;
    assert!(notice.contains("WebAssembly"), "says why: {notice}");
    let links: Vec<String> = serde_json::from_value(
        browser
            .eval("return [...document.querySelectorAll('.product-card__link')].map(a => a.getAttribute('href'))")
            .await?,
    )?;
    let expected: Vec<String> = featured.iter().map(|p| format!("/produk/{}/", p.slug)).collect();
    assert_eq!(links, expected);
    // Each card orders too, and every open outlet is listed with its number.
    let orders =
        browser.eval("return document.querySelectorAll('.product-card a[href^=\"https://wa.me/\"]').length").await?;
    assert_eq!(orders, featured.len());
    let open = catalog.outlets.iter().filter(|o| o.status == nttmart_domain::catalog::LaunchStatus::Launched).count();
    let listed = browser.eval("return document.querySelectorAll('main li a[href^=\"https://wa.me/\"]').length").await?;
    assert_eq!(listed, open);

    // A featured product: its static page, left as it is, with a sentence
    // saying why instead of a loader; nothing of the app is downloaded and
    // no service worker installs it for later.
    let product = featured[0];
    browser.goto(&site.url(&format!("/produk/{}/", product.slug))).await?;
    browser
        .wait_until(
            "boot.js has given up on the app",
            "done(document.documentElement.dataset.nttmartBoot === 'no-wasm')",
        )
        .await?;
    let why = browser.text("#boot-status").await?;
    assert!(why.contains("tidak dapat menjalankan") && why.contains("WhatsApp"), "{why}");
    assert!(browser.texts("#boot-status .loading__mark").await?.is_empty(), "no spinner left");
    assert_first_screen_orders_and_shares(&browser, &catalog, product).await?;
    // For a person to look at (tests/artifacts is not committed).
    let out = repo_root().join("tests/artifacts/screenshots");
    std::fs::create_dir_all(&out)?;
    std::fs::write(out.join("no-wasm-product-phone.png"), browser.client.screenshot().await?)?;
    assert_eq!(browser.fetched(".wasm").await?, Vec::<String>::new());
    let workers = browser
        .client
        .execute_async(
            "const done = arguments[0]; navigator.serviceWorker.getRegistrations().then(r => done(r.length));",
            vec![],
        )
        .await?;
    assert_eq!(workers, 0);

    // Routes the simple site has no page for: a product link without the
    // final slash reaches the product's page, anything else the simple home.
    for (path, lands) in [
        (format!("/produk/{}", product.slug), format!("/produk/{}", product.slug)),
        ("/keranjang".to_string(), "/sederhana/".to_string()),
        ("/kiosk/?outlet=ende".to_string(), "/sederhana/".to_string()),
    ] {
        browser.goto(&site.url(&path)).await?;
        browser
            .wait_until(
                &format!("{path} lands on {lands}"),
                &format!(
                    "done(location.pathname.replace(/\\/$/, '') === '{}' && document.readyState === 'complete' && (location.pathname === '/sederhana/' || document.documentElement.dataset.nttmartBoot === 'no-wasm'))",
                    lands.trim_end_matches('/')
                ),
            )
            .await?;
    }
    browser.close().await
}

#[tokio::test]
async fn without_webassembly_and_signal_the_saved_shell_does_not_loop() -> Result {
    // A phone that used the shop, then had WebAssembly switched off (iOS
    // Lockdown Mode), opens it with no signal: its service worker answers
    // every page with the app's shell, including the simple home page's
    // address, where boot.js must stop sending it on.
    let mut site = Site::start()?;
    let browser = Browser::start().await?;
    browser.goto(&site.url("/")).await?;
    browser.wait_for(".product-card").await?;
    browser.ready_for_offline().await?;
    browser.before_every_page(NO_WASM).await?;
    // The server gone, for the worker's own fetches too (DevTools' offline
    // mode covers the page's).
    site.stop();
    browser.goto(&site.url("/keranjang")).await?;
    browser
        .wait_until(
            "the shell stays at the simple home page's address",
            "done(location.pathname === '/sederhana/' && document.documentElement.dataset.nttmartBoot === 'no-wasm')",
        )
        .await?;
    // boot.js writes the notice only when it stays: on its way on, it
    // would have replaced the page instead.
    let why = browser.text("#boot-status.notice").await?;
    assert!(why.contains("WebAssembly"), "{why}");
    browser.close().await
}
