//! `nttmart pages`, run as the real binary: the product pages' head tags and
//! JSON-LD (parsed with an HTML parser, not matched as text), escaping of
//! hostile feed text, the sitemap, robots.txt and the share cards.

mod common;

use common::*;
use nttmart_domain::catalog::{Catalog, Product};
use scraper::{Html, Selector};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

const BASE: &str = "https://nttmart.nttprov.go.id";

/// A stand-in for Trunk's index.html: hashed assets, a generic title and
/// description, the boot loader.
const SHELL: &str = r#"<!doctype html>
<html lang="id">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>NTT Mart — Produk Desa Nusa Tenggara Timur</title>
  <meta name="description" content="Belanja produk desa asli Nusa Tenggara Timur.">
  <link rel="stylesheet" href="/main-0123456789abcdef.css" integrity="sha384-abc"/>
<script type="module">
import init, * as bindings from '/nttmart-web-0123456789abcdef.js';
const wasm = await init({ module_or_path: '/nttmart-web-0123456789abcdef_bg.wasm' });
</script>
<link rel="modulepreload" href="/nttmart-web-0123456789abcdef.js" crossorigin="anonymous"></head>
<body>
  <div id="boot" class="loading loading--boot">Memuat produk desa…</div>
</body>
</html>
"#;

/// The sample catalog, as the app reads it.
fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        let bytes = std::fs::read(repo_root().join("public/catalog.json")).expect("public/catalog.json");
        let parsed = nttmart_domain::feed::parse(&bytes).expect("the sample feed is JSON");
        parsed.catalog.expect("the sample feed is usable")
    })
}

/// One run over the whole sample catalog, shared by the tests that only read
/// its output (rendering 170 cards in a debug build takes a few seconds).
fn full_site() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| {
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("nttmart-pages-full");
        let _ = std::fs::remove_dir_all(&out);
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("index.html"), SHELL).unwrap();
        let run = pages(&out, "public/catalog.json", &[]);
        assert_eq!(run.code, 0, "{}", run.all());
        assert!(run.stdout.contains("169 product pages, 170 share cards"), "{}", run.stdout);
        out
    })
}

/// Runs `nttmart pages` from the repo root with `out/index.html` as shell.
fn pages(out: &Path, feed: &str, env: &[(&str, &str)]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_nttmart"));
    command
        .current_dir(repo_root())
        .args(["pages", "--feed", feed, "--shell"])
        .arg(out.join("index.html"))
        .arg("--out")
        .arg(out)
        .args(["--assets", "public"]);
    for (k, v) in env {
        command.env(k, v);
    }
    let output = command.output().expect("the nttmart binary runs");
    Run {
        code: output.status.code().expect("exited normally"),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

fn read(path: impl AsRef<Path>) -> String {
    let path = path.as_ref();
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap()
}

/// Every element matching `css` in the document's head.
fn all<'a>(doc: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    doc.select(&sel(css)).collect()
}

/// The `content` of the only `<meta property|name=key>`.
fn meta(doc: &Html, key: &str) -> String {
    let found: Vec<_> = all(doc, &format!(r#"head meta[property="{key}"], head meta[name="{key}"]"#));
    assert_eq!(found.len(), 1, "exactly one meta {key}, found {}", found.len());
    found[0].value().attr("content").unwrap_or_else(|| panic!("{key} has content")).to_string()
}

fn title(doc: &Html) -> String {
    let titles = all(doc, "title");
    assert_eq!(titles.len(), 1, "exactly one <title>");
    titles[0].text().collect()
}

fn json_ld(doc: &Html) -> Value {
    let scripts = all(doc, r#"script[type="application/ld+json"]"#);
    assert_eq!(scripts.len(), 1, "exactly one JSON-LD script");
    let text: String = scripts[0].text().collect();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("JSON-LD is JSON: {e}: {text}"))
}

fn page(site: &Path, slug: &str) -> Html {
    Html::parse_document(&read(site.join("produk").join(slug).join("index.html")))
}

/// Collapsed whitespace, as the meta description quotes the feed text.
fn collapsed(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn check_product_page(doc: &Html, catalog: &Catalog, p: &Product) {
    let url = format!("{BASE}/produk/{}", p.slug);
    let price = p.price_text(nttmart_domain::Lang::Id);
    assert_eq!(title(doc), format!("{} — {price} | NTT Mart", p.name));
    assert_eq!(p.price_varies(), price.starts_with("mulai "), "{price}");

    let description = meta(doc, "description");
    assert!(!description.is_empty() && description.chars().count() <= 160, "{description:?}");
    let plain = collapsed(&p.description);
    match description.strip_suffix('…') {
        Some(cut) => assert!(plain.starts_with(cut) && plain.len() > cut.len(), "{description:?} cuts {plain:?}"),
        None => assert_eq!(description, plain),
    }

    let canonical = all(doc, r#"head link[rel="canonical"]"#);
    assert_eq!(canonical.len(), 1);
    assert_eq!(canonical[0].value().attr("href"), Some(url.as_str()));

    assert_eq!(meta(doc, "og:type"), "product");
    assert_eq!(meta(doc, "og:site_name"), "NTT Mart");
    assert_eq!(meta(doc, "og:locale"), "id_ID");
    assert_eq!(meta(doc, "og:url"), url);
    let og_title = meta(doc, "og:title");
    assert!(og_title.starts_with(&p.name) && og_title.contains(&price), "{og_title}");
    assert_eq!(meta(doc, "og:description"), description);
    let image = meta(doc, "og:image");
    let card = format!("{BASE}/share/{}.png", p.slug);
    let version = image.strip_prefix(&format!("{card}?v=")).unwrap_or_else(|| panic!("{image} is the card"));
    assert!(!version.is_empty() && version.bytes().all(|b| b.is_ascii_hexdigit()), "{image}");
    assert_eq!(meta(doc, "og:image:width"), "1200");
    assert_eq!(meta(doc, "og:image:height"), "630");
    assert_eq!(meta(doc, "og:image:type"), "image/png");
    let alt = meta(doc, "og:image:alt");
    assert!(alt.contains(&p.name), "{alt}");
    assert_eq!(meta(doc, "product:price:amount"), p.lowest_price().0.to_string());
    assert_eq!(meta(doc, "product:price:currency"), "IDR");

    assert_eq!(meta(doc, "twitter:card"), "summary_large_image");
    assert_eq!(meta(doc, "twitter:title"), og_title);
    assert_eq!(meta(doc, "twitter:description"), description);
    assert_eq!(meta(doc, "twitter:image"), image);

    let ld = json_ld(doc);
    assert_eq!(ld["@context"], "https://schema.org");
    assert_eq!(ld["name"], json!(p.name));
    assert_eq!(ld["description"], json!(plain));
    assert_eq!(ld["image"][0], json!(image));
    assert_eq!(ld["brand"], json!({"@type": "Brand", "name": "NTT Mart"}));
    let availability = |v: &nttmart_domain::catalog::Variant| match v.availability {
        nttmart_domain::catalog::Availability::PreOrder { .. } => "https://schema.org/PreOrder",
        nttmart_domain::catalog::Availability::MadeToOrder { .. } => "https://schema.org/MadeToOrder",
        _ if v.is_orderable() => "https://schema.org/InStock",
        _ => "https://schema.org/OutOfStock",
    };
    if p.options.is_empty() {
        assert_eq!(ld["@type"], "Product");
        assert_eq!(ld["sku"], json!(p.id));
        let offers = &ld["offers"];
        assert_eq!(offers["@type"], "Offer");
        assert_eq!(offers["price"], json!(p.first_variant().price.0));
        assert_eq!(offers["priceCurrency"], "IDR");
        assert_eq!(offers["availability"], availability(p.first_variant()));
        assert_eq!(offers["url"], json!(url));
    } else {
        // A product with options: one group, each variant a product of its
        // own at its ?varian= address, the group's offer spanning them.
        assert_eq!(ld["@type"], "ProductGroup");
        assert_eq!(ld["productGroupID"], json!(p.id));
        let offers = &ld["offers"];
        assert_eq!(offers["@type"], "AggregateOffer");
        assert_eq!(offers["lowPrice"], json!(p.lowest_price().0));
        assert_eq!(offers["highPrice"], json!(p.highest_price().0));
        assert_eq!(offers["offerCount"], json!(p.variants.len()));
        let variants = ld["hasVariant"].as_array().expect("hasVariant");
        assert_eq!(variants.len(), p.variants.len());
        for (item, v) in variants.iter().zip(&p.variants) {
            assert_eq!(item["sku"], json!(v.id));
            assert_eq!(item["name"], json!(p.line_name(v)));
            assert_eq!(item["offers"]["price"], json!(v.price.0));
            assert_eq!(item["offers"]["availability"], availability(v));
            assert_eq!(item["url"], json!(format!("{url}?varian={}", v.id)));
        }
    }
    assert!(catalog.product_by_slug(&p.slug).is_some());
}

/// The page is still the app shell: the same hashed assets and boot loader.
fn check_shell_kept(doc: &Html, html: &str) {
    assert!(html.contains("import init, * as bindings from '/nttmart-web-0123456789abcdef.js';"));
    assert!(html.contains("module_or_path: '/nttmart-web-0123456789abcdef_bg.wasm'"));
    assert_eq!(all(doc, r#"link[rel="stylesheet"][href="/main-0123456789abcdef.css"]"#).len(), 1);
    assert_eq!(all(doc, r#"link[rel="modulepreload"]"#).len(), 1);
    assert_eq!(all(doc, "body #boot").len(), 1);
    assert_eq!(all(doc, r#"meta[charset="utf-8"]"#).len(), 1);
    assert_eq!(all(doc, r#"meta[name="viewport"]"#).len(), 1);
}

#[test]
fn every_product_page_has_its_title_description_open_graph_twitter_and_json_ld() {
    let site = full_site();
    let catalog = catalog();
    assert_eq!(catalog.products.len(), 169);
    for p in &catalog.products {
        let html = read(site.join("produk").join(&p.slug).join("index.html"));
        let doc = Html::parse_document(&html);
        check_product_page(&doc, catalog, p);
        check_shell_kept(&doc, &html);
    }
}

#[test]
fn long_descriptions_are_cut_at_a_word() {
    let site = full_site();
    let long = catalog()
        .products
        .iter()
        .find(|p| collapsed(&p.description).chars().count() > 160)
        .expect("the sample has a description over 160 characters");
    let description = meta(&page(site, &long.slug), "description");
    let cut = description.strip_suffix('…').expect("an ellipsis");
    let rest = &collapsed(&long.description)[cut.len()..];
    assert!(rest.starts_with(' ') || rest.starts_with([',', '.', ';', ':']), "cut inside a word: {description:?}");
}

#[test]
fn home_page_gets_site_wide_tags_and_keeps_its_title() {
    let site = full_site();
    let html = read(site.join("index.html"));
    let doc = Html::parse_document(&html);
    check_shell_kept(&doc, &html);
    assert_eq!(title(&doc), "NTT Mart — Produk Desa Nusa Tenggara Timur");
    assert_eq!(meta(&doc, "description"), "Belanja produk desa asli Nusa Tenggara Timur.");
    assert_eq!(meta(&doc, "og:type"), "website");
    assert_eq!(meta(&doc, "og:site_name"), "NTT Mart");
    assert_eq!(meta(&doc, "og:locale"), "id_ID");
    assert_eq!(meta(&doc, "og:title"), "NTT Mart — Produk Desa Nusa Tenggara Timur");
    assert_eq!(meta(&doc, "og:description"), "Belanja produk desa asli Nusa Tenggara Timur.");
    let image = meta(&doc, "og:image");
    assert!(image.starts_with(&format!("{BASE}/share/ntt-mart.png?v=")), "{image}");
    assert_eq!(meta(&doc, "og:image:width"), "1200");
    assert_eq!(meta(&doc, "og:image:height"), "630");
    assert!(!meta(&doc, "og:image:alt").is_empty());
    assert_eq!(meta(&doc, "twitter:card"), "summary_large_image");
    assert_eq!(meta(&doc, "twitter:image"), image);
    // The shell also answers /tentang, /desa/… and unknown paths: it must
    // not claim to be the home page.
    assert!(all(&doc, r#"link[rel="canonical"], meta[property="og:url"]"#).is_empty());
    assert!(site.join("share/ntt-mart.png").is_file());
}

#[test]
fn sitemap_lists_home_catalog_and_every_product_with_lastmod() {
    let site = full_site();
    let xml = read(site.join("sitemap.xml"));
    assert!(xml.starts_with(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
    ));
    let re = regex::Regex::new(r"<url><loc>([^<]+)</loc>(?:<lastmod>([^<]+)</lastmod>)?</url>").unwrap();
    let entries: Vec<(String, Option<String>)> =
        re.captures_iter(&xml).map(|c| (c[1].to_string(), c.get(2).map(|m| m.as_str().to_string()))).collect();
    let locs: BTreeSet<&str> = entries.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(locs.len(), entries.len(), "no URL twice");
    let mut expected: BTreeSet<String> = [format!("{BASE}/"), format!("{BASE}/produk")].into();
    expected.extend(catalog().products.iter().map(|p| format!("{BASE}/produk/{}", p.slug)));
    assert_eq!(locs, expected.iter().map(String::as_str).collect());
    for p in &catalog().products {
        let url = format!("{BASE}/produk/{}", p.slug);
        let lastmod = entries.iter().find(|(l, _)| *l == url).and_then(|(_, m)| m.clone());
        assert_eq!(lastmod.as_deref(), Some(p.added.as_str()), "{url}");
    }
}

#[test]
fn robots_allows_everything_and_names_the_sitemap() {
    let robots = read(full_site().join("robots.txt"));
    assert_eq!(robots, format!("User-agent: *\nAllow: /\n\nSitemap: {BASE}/sitemap.xml\n"));
}

#[test]
fn share_cards_are_1200_by_630_pngs_under_300_kb() {
    let site = full_site();
    let mut slugs: BTreeSet<String> = catalog().products.iter().map(|p| format!("{}.png", p.slug)).collect();
    slugs.insert("ntt-mart.png".to_string());
    let files: BTreeSet<String> = std::fs::read_dir(site.join("share"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(files, slugs);
    for name in &files {
        let bytes = std::fs::read(site.join("share").join(name)).unwrap();
        assert!(bytes.len() < 300 * 1024, "{name}: {} bytes", bytes.len());
        // The IHDR chunk, straight from the bytes.
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "{name}");
        assert_eq!(&bytes[12..16], b"IHDR");
        let width = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
        let height = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
        assert_eq!((width, height), (1200, 630), "{name}");
        // And decodable as a whole.
        let decoder = png::Decoder::new(std::io::Cursor::new(&bytes));
        let mut reader = decoder.read_info().unwrap();
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        reader.next_frame(&mut buf).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

/// The three-product fixture feed, with `change` applied, in a temp site.
fn small_site(name: &str, change: impl FnOnce(&mut Value)) -> (TempDir, Run) {
    let dir = TempDir::new(name);
    let mut feed = small_feed();
    change(&mut feed);
    dir.write("catalog.json", to_json(&feed));
    dir.write("index.html", SHELL);
    let run = pages(&dir.0, &dir.s("catalog.json"), &[]);
    (dir, run)
}

#[test]
fn hostile_feed_text_stays_text_in_every_context() {
    let name = r#"Kopi </script><script>alert(1)</script> "Bajawa" & 'Co' <!--"#;
    let description = r#"</title><img src=x onerror=alert(1)> <meta property="og:title" content="palsu"> "#;
    let (dir, run) = small_site("hostile", |feed| {
        feed["products"][0]["name"] = json!(name);
        feed["products"][0]["description"] = json!(description);
        feed["products"][0]["unit"] = json!("250 g <b>");
        feed["store"]["name"] = json!("NTT Mart");
    });
    assert_eq!(run.code, 0, "{}", run.all());
    let html = read(dir.path("produk/kopi-arabika-flores-bajawa-250-g/index.html"));
    let doc = Html::parse_document(&html);

    // Nothing the feed said became markup.
    assert!(all(&doc, "img").is_empty(), "an <img> was injected");
    let scripts = all(&doc, "script");
    assert_eq!(scripts.len(), 2, "the app's module script and the JSON-LD only");
    assert!(!html.contains("<script>alert"), "raw script in {html}");
    assert_eq!(all(&doc, r#"meta[property="og:title"]"#).len(), 1);

    // And it all reads back exactly.
    assert_eq!(title(&doc), format!("{name} — Rp 85.000 | NTT Mart"));
    assert_eq!(meta(&doc, "og:title"), format!("{name} — Rp 85.000"));
    assert_eq!(meta(&doc, "twitter:title"), format!("{name} — Rp 85.000"));
    assert_eq!(meta(&doc, "description"), collapsed(description));
    assert!(meta(&doc, "og:image:alt").contains("250 g <b>"));
    let ld = json_ld(&doc);
    assert_eq!(ld["name"], json!(name));
    assert_eq!(ld["description"], json!(collapsed(description)));

    // The JSON-LD escapes `<` (and `>`, `&`), so `</script>` cannot end it.
    let start = html.find(r#"<script type="application/ld+json">"#).unwrap();
    let raw = &html[start..];
    let raw = &raw[raw.find('>').unwrap() + 1..raw.find("</script>").unwrap()];
    assert!(raw.contains(r"Kopi \u003c/script\u003e\u003cscript\u003ealert(1)"), "{raw}");
    assert!(!raw.contains('<') && !raw.contains('>'), "{raw}");
    assert!(raw.contains(r"\u0026 'Co' \u003c!--"), "{raw}");

    // The card was still drawn (the name is XML-escaped in its SVG too).
    let card = std::fs::read(dir.path("share/kopi-arabika-flores-bajawa-250-g.png")).unwrap();
    assert_eq!(&card[1..4], b"PNG");
}

#[test]
fn out_of_stock_and_remote_images_are_handled() {
    let (dir, run) = small_site("stock", |feed| {
        feed["products"][1]["stock"] = json!(0);
        feed["products"][1]["images"] = json!([{"src": "https://cdn.nttmart.id/tenun.jpg", "alt": "Tenun"}]);
    });
    assert_eq!(run.code, 0, "{}", run.all());
    let doc = Html::parse_document(&read(dir.path("produk/tenun-ikat-ngada/index.html")));
    let ld = json_ld(&doc);
    assert_eq!(ld["offers"]["availability"], "https://schema.org/OutOfStock");
    assert_eq!(ld["image"][1], "https://cdn.nttmart.id/tenun.jpg");
    let doc = Html::parse_document(&read(dir.path("produk/kopi-arabika-flores-bajawa-250-g/index.html")));
    assert_eq!(json_ld(&doc)["offers"]["availability"], "https://schema.org/InStock");
    assert_eq!(json_ld(&doc)["image"][1], format!("{BASE}/img/category/kopi.svg"));
    // The remote image is not fetched: the card uses the category's
    // illustration, and still exists.
    assert!(dir.path("share/tenun-ikat-ngada.png").is_file());
}

#[test]
fn running_again_on_its_own_output_changes_nothing_and_drops_stale_pages() {
    let (dir, run) = small_site("again", |_| {});
    assert_eq!(run.code, 0, "{}", run.all());
    let page = dir.path("produk/kopi-arabika-flores-bajawa-250-g/index.html");
    let first_page = read(&page);
    let first_home = read(dir.path("index.html"));

    // As after a deploy: the shell is the processed index.html.
    let again = pages(&dir.0, &dir.s("catalog.json"), &[]);
    assert_eq!(again.code, 0, "{}", again.all());
    assert_eq!(read(&page), first_page);
    assert_eq!(read(dir.path("index.html")), first_home);
    let doc = Html::parse_document(&first_home);
    assert_eq!(all(&doc, r#"meta[property="og:image"]"#).len(), 1);

    // Staff remove a product from the feed: its page and card go.
    let mut feed = small_feed();
    feed["products"].as_array_mut().unwrap().remove(2);
    dir.write("catalog.json", to_json(&feed));
    let third = pages(&dir.0, &dir.s("catalog.json"), &[]);
    assert_eq!(third.code, 0, "{}", third.all());
    assert!(third.stdout.contains("1 stale removed"), "{}", third.stdout);
    assert!(!dir.path("produk/sei-babi-non-halal-250-g").exists());
    assert!(!dir.path("share/sei-babi-non-halal-250-g.png").exists());
    assert!(page.is_file());
    assert!(!read(dir.path("sitemap.xml")).contains("sei-babi"));
}

#[test]
fn missing_fonts_fail_naming_the_debian_package() {
    let dir = TempDir::new("nofonts");
    dir.write("catalog.json", to_json(&small_feed()));
    dir.write("index.html", SHELL);
    let run = pages(&dir.0, &dir.s("catalog.json"), &[("NTTMART_FONT_DIR", "/nonexistent/fonts")]);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(run.stderr.contains("fonts-dejavu-core"), "{}", run.stderr);
    assert!(run.stderr.contains("DejaVuSans.ttf"), "{}", run.stderr);
}

#[test]
fn a_shell_without_head_or_a_missing_feed_is_refused() {
    let dir = TempDir::new("badshell");
    dir.write("catalog.json", to_json(&small_feed()));
    dir.write("index.html", "<p>not a shell</p>");
    let run = pages(&dir.0, &dir.s("catalog.json"), &[]);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(run.stderr.contains("</head>"), "{}", run.stderr);

    dir.write("index.html", SHELL);
    let run = pages(&dir.0, &dir.s("missing.json"), &[]);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(run.stderr.contains("cannot read"), "{}", run.stderr);

    let run = nttmart(&["pages", "--feed", "public/catalog.json", "--out", "x"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("missing --shell"), "{}", run.stderr);
}

#[test]
fn product_first_screen_orders_and_shares_without_the_app() {
    let site = full_site();
    let catalog = catalog();
    // The test shell has no home hero to put it in place of: the screen as
    // the real shell gets it, and that it is what the pages carry.
    let _ = site;
    for p in &catalog.products {
        let doc = Html::parse_fragment(&format!(
            "<div id=\"boot\">{}</div>",
            nttmart_tool::first_screen::product_first_screen(catalog, p)
        ));
        let order: Vec<_> = all(&doc, "#boot .product-page__quick");
        let outlet = nttmart_domain::quick_order::outlet_for(catalog, p).expect("an open outlet");
        let url = format!("{BASE}/produk/{}", p.slug);
        let expected = nttmart_domain::order::whatsapp_url(
            &outlet.whatsapp,
            &nttmart_domain::quick_order::message(outlet, p, p.default_variant(), &url, nttmart_domain::Lang::Id),
        );
        assert_eq!(order.len(), 1, "{}", p.slug);
        assert_eq!(order[0].value().attr("href"), Some(expected.as_str()));
        let share: Vec<_> = all(&doc, "#boot .share__wa");
        let text = nttmart_domain::order::percent_encode(&format!("{} — {url}", p.name));
        assert_eq!(share[0].value().attr("href"), Some(format!("https://wa.me/?text={text}").as_str()));
    }
}

#[test]
fn simple_home_lists_featured_products_and_open_outlets_without_a_script() {
    let site = full_site();
    let catalog = catalog();
    let written = read(site.join("sederhana/index.html"));
    // The page as the real shell, which has a policy meta tag, gives it.
    let policy = r#"<meta http-equiv="Content-Security-Policy" content="default-src 'self'">"#;
    let shell = nttmart_tool::shell::facts(&SHELL.replace("<head>", &format!("<head>{policy}"))).unwrap();
    let html = nttmart_tool::simple::page(catalog, &shell);
    // Written from the feed as the build rewrote it (photos as <picture>).
    let built =
        nttmart_domain::feed::parse(&std::fs::read(site.join("catalog.json")).unwrap()).unwrap().catalog.unwrap();
    assert_eq!(
        written,
        nttmart_tool::simple::page(&built, &nttmart_tool::shell::facts(SHELL).unwrap()),
        "pages writes it"
    );
    assert!(written.contains("<picture><source type=\"image/avif\""), "photos as pictures");
    let doc = Html::parse_document(&html);
    assert!(all(&doc, "script").is_empty(), "no script: the browsers it is for cannot run the app");
    let featured: Vec<String> =
        catalog.products.iter().filter(|p| p.featured).map(|p| format!("/produk/{}/", p.slug)).collect();
    let links: Vec<String> =
        all(&doc, ".product-card__link").iter().filter_map(|a| a.value().attr("href").map(String::from)).collect();
    assert_eq!(links, featured);
    let open = catalog.outlets.iter().filter(|o| o.status == nttmart_domain::catalog::LaunchStatus::Launched).count();
    assert_eq!(all(&doc, "main li a[href^=\"https://wa.me/\"]").len(), open);
    // The site's stylesheet and policy, from the shell.
    assert_eq!(all(&doc, r#"link[rel="stylesheet"][href="/main-0123456789abcdef.css"]"#).len(), 1);
    assert_eq!(all(&doc, r#"meta[http-equiv="Content-Security-Policy"]"#).len(), 1);
    assert!(all(&doc, ".notice").iter().any(|n| n.text().collect::<String>().contains("WebAssembly")));
}
