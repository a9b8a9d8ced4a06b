//! `nttmart pages`: what link previews and crawlers need from a site whose
//! pages are otherwise rendered by JavaScript.
//!
//! For every product it writes `OUT/produk/<slug>/index.html`: the built app
//! shell (same hashed script and CSS links, so the app boots and routes as
//! usual) whose `<head>` carries the product's title, description, canonical
//! URL, Open Graph and Twitter tags and a schema.org `Product` in JSON-LD,
//! plus a share card `OUT/share/<slug>.png`. The shell itself
//! (`OUT/index.html`) gets site-wide Open Graph tags and card, and
//! `OUT/sitemap.xml` and `OUT/robots.txt` are written from the feed.
//!
//! Everything inserted is generated between `<!-- nttmart:meta -->` and
//! `<!-- /nttmart:meta -->`, so running the command again (for example on a
//! deployed `dist/` after staff replaced `catalog.json`) replaces the block
//! instead of adding a second one.

use crate::args::PagesArgs;
use crate::share_card::{CardRenderer, ProductCard, SiteCard};
use crate::util::load_feed;
use crate::{EXIT_INVALID, EXIT_OK, EXIT_UNREADABLE};
use nttmart_domain::catalog::{Availability, Catalog, Product, Variant};
use nttmart_domain::order::percent_encode;
use nttmart_domain::{photo, quick_order, Lang};
use serde_json::{json, Value};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

pub const BLOCK_START: &str = "<!-- nttmart:meta -->";
pub const BLOCK_END: &str = "<!-- /nttmart:meta -->";
/// The site-wide card, relative to the site root.
pub const SITE_CARD: &str = "share/ntt-mart.png";
/// Longest meta description, in characters.
pub const DESCRIPTION_MAX: usize = 160;

pub fn run(args: &PagesArgs, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    match generate(args) {
        Ok(report) => {
            if report.photos.exposed_sources > 0 {
                let _ = writeln!(
                    err,
                    "{}: warning: {} original photo(s) are inside the site folder and would be served with their metadata (GPS); keep originals in another --assets folder",
                    args.out.display(),
                    report.photos.exposed_sources
                );
            }
            for problem in &report.photos.problems {
                let _ = writeln!(err, "{}: warning: {problem}; the image is left out", args.feed.display());
            }
            if report.skipped_errors > 0 {
                let _ = writeln!(
                    err,
                    "{}: warning: the feed has {} error(s); pages were made for the {} products the shop shows (see `nttmart check`)",
                    args.feed.display(),
                    report.skipped_errors,
                    report.pages
                );
            }
            let _ = writeln!(out, "{}", report.summary(&args.out));
            EXIT_OK
        }
        Err((code, message)) => {
            let _ = writeln!(err, "nttmart pages: {message}");
            code
        }
    }
}

/// What `generate` did, for the summary line and the tests.
#[derive(Clone, Debug)]
pub struct Report {
    pub pages: usize,
    /// Sizes in bytes of every card written, the site card included.
    pub card_sizes: Vec<usize>,
    pub card_seconds: f64,
    pub total_seconds: f64,
    pub removed: usize,
    pub skipped_errors: usize,
    /// The index feed and detail files (`index_feed`).
    pub feed: crate::index_feed::Written,
    /// The product photos (`photos`).
    pub photos: crate::photos::Report,
}

impl Report {
    pub fn summary(&self, out: &Path) -> String {
        let mut sizes = self.card_sizes.clone();
        sizes.sort_unstable();
        let kb = |b: usize| format!("{:.1} KB", b as f64 / 1024.0);
        let (min, median, max) = match sizes.as_slice() {
            [] => (0, 0, 0),
            s => (s[0], s[s.len() / 2], s[s.len() - 1]),
        };
        let removed = if self.removed > 0 { format!(", {} stale removed", self.removed) } else { String::new() };
        let feed = &self.feed;
        format!(
            "{}: {} product pages, {} share cards (PNG {} min, {} median, {} max; rendered in {:.2} s), index feed ({}, {} brotli), {} detail files ({}, {} brotli), sitemap.xml, robots.txt{removed}; {:.2} s in all",
            out.display(),
            self.pages,
            sizes.len(),
            kb(min),
            kb(median),
            kb(max),
            self.card_seconds,
            kb(feed.index),
            kb(feed.index_brotli),
            feed.details,
            kb(feed.details_total),
            kb(feed.details_brotli_total),
            self.total_seconds,
        ) + &format!("\n{}", self.photos.summary())
    }
}

type Failure = (i32, String);

fn generate(args: &PagesArgs) -> Result<Report, Failure> {
    let started = Instant::now();
    let unreadable = |m: String| (EXIT_UNREADABLE, m);
    // Photos first: every picture below is of the feed as the build
    // rewrote it (photos as `img/p/<id>` with their sizes, refused ones out).
    let raw =
        std::fs::read(&args.feed).map_err(|e| unreadable(format!("{}: cannot read: {e}", args.feed.display())))?;
    let mut feed_value: serde_json::Value =
        serde_json::from_slice(&raw).map_err(|e| unreadable(format!("{}: {e}", args.feed.display())))?;
    let photos = crate::photos::build(&mut feed_value, &args.assets, &args.out, &args.photo_cache)
        .map_err(|e| unreadable(format!("photos: {e}")))?;
    let built = photos.sources > 0 || !photos.problems.is_empty();
    let parsed = if built {
        let bytes = serde_json::to_vec(&feed_value).map_err(|e| unreadable(e.to_string()))?;
        nttmart_domain::feed::parse(&bytes).map_err(|e| unreadable(format!("{}: {e}", args.feed.display())))?
    } else {
        load_feed(&args.feed).map_err(unreadable)?
    };
    let skipped_errors = parsed.errors().count();
    let Some(catalog) = parsed.catalog.as_ref() else {
        let first: Vec<String> = parsed.errors().take(3).map(|p| p.to_string()).collect();
        return Err((EXIT_INVALID, format!("{}: the feed is unusable: {}", args.feed.display(), first.join("; "))));
    };
    let shell = std::fs::read_to_string(&args.shell)
        .map_err(|e| unreadable(format!("{}: cannot read the shell: {e}", args.shell.display())))?;
    let shell = with_tagline(&strip_block(&shell), &catalog.store.tagline);
    if find_ci(&shell, "</head>").is_none() {
        return Err(unreadable(format!(
            "{}: the shell has no </head>; pass the built index.html",
            args.shell.display()
        )));
    }
    let renderer = CardRenderer::new(&args.assets).map_err(unreadable)?;
    let site = Site::new(catalog);
    let write_err =
        |path: &Path, e: std::io::Error| (EXIT_UNREADABLE, format!("{}: cannot write: {e}", path.display()));
    if built {
        // The whole feed as the site serves it (the kiosk reads it): with
        // the photos' addresses and sizes, as the index has them.
        let path = args.out.join("catalog.json");
        let bytes = serde_json::to_vec(catalog).map_err(|e| unreadable(e.to_string()))?;
        crate::util::write_atomic(&path, &bytes).map_err(|e| write_err(&path, e))?;
    }
    let share_dir = args.out.join("share");
    std::fs::create_dir_all(&share_dir).map_err(|e| write_err(&share_dir, e))?;

    // Share cards, rendered on every core.
    let products: Vec<&Product> = catalog.products.iter().filter(|p| is_safe_slug(&p.slug)).collect();
    let cards_started = Instant::now();
    let versions = render_cards(&renderer, catalog, &products, &args.assets, &share_dir, &site)?;
    let site_card = SiteCard {
        tagline: catalog.store.tagline.clone(),
        facts: format!(
            "{} produk desa · {} kabupaten/kota",
            catalog.products.len(),
            nttmart_domain::kabupaten::ALL.len()
        ),
        images: ["kopi", "tenun", "madu", "gula"]
            .iter()
            .map(|c| args.assets.join(format!("img/category/{c}.svg")))
            .filter(|p| p.is_file())
            .filter_map(|p| std::fs::canonicalize(p).ok())
            .collect(),
        site: site.host.clone(),
    };
    let site_png = renderer.site_png(&site_card).map_err(|e| (EXIT_INVALID, format!("site card: {e}")))?;
    let site_card_path = args.out.join(SITE_CARD);
    std::fs::write(&site_card_path, &site_png).map_err(|e| write_err(&site_card_path, e))?;
    let card_seconds = cards_started.elapsed().as_secs_f64();
    let mut card_sizes: Vec<usize> = versions.iter().map(|v| v.size).collect();
    card_sizes.push(site_png.len());

    // Product pages.
    for (product, card) in products.iter().zip(&versions) {
        let head = product_head(catalog, product, &site, &card.version);
        let html = inject(&with_first_screen(&shell, &product_first_screen(catalog, product)), &head, true);
        let dir = args.out.join("produk").join(&product.slug);
        std::fs::create_dir_all(&dir).map_err(|e| write_err(&dir, e))?;
        let path = dir.join("index.html");
        std::fs::write(&path, html).map_err(|e| write_err(&path, e))?;
    }

    // The shell: site-wide preview for the home page and every other route.
    let home = home_head(catalog, &shell, &site, &version_of(&site_png));
    let index = args.out.join("index.html");
    let index_html = inject(&shell, &home, false);
    std::fs::write(&index, &index_html).map_err(|e| write_err(&index, e))?;

    // The simple home page, for browsers that cannot run the app.
    let simple = args.out.join(crate::simple::PATH);
    if let Some(dir) = simple.parent() {
        std::fs::create_dir_all(dir).map_err(|e| write_err(dir, e))?;
    }
    std::fs::write(&simple, crate::simple::page(catalog, &shell)).map_err(|e| write_err(&simple, e))?;

    // The feed as phones download it: index and detail files.
    // The category illustrations as one file, which the index points into.
    let sprite = crate::sprite::write(&args.assets, &args.out).map_err(unreadable)?;
    let feed = crate::index_feed::write_pointing(catalog, &args.out, &sprite).map_err(unreadable)?;

    let sitemap_path = args.out.join("sitemap.xml");
    std::fs::write(&sitemap_path, sitemap(catalog)).map_err(|e| write_err(&sitemap_path, e))?;
    let robots_path = args.out.join("robots.txt");
    std::fs::write(&robots_path, robots(catalog)).map_err(|e| write_err(&robots_path, e))?;

    // Offline and install support: icons for the manifest, then the service
    // worker, last, because its version covers the files written above.
    let icons_dir = args.assets.join("brand/icons");
    if icons_dir.is_dir() {
        crate::pwa::write_icons(&args.assets, &args.out).map_err(|e| (EXIT_UNREADABLE, e))?;
    }
    let worker_template = args.assets.join("sw.js");
    let template = match worker_template.is_file() {
        true => std::fs::read_to_string(&worker_template)
            .map_err(|e| unreadable(format!("{}: cannot read: {e}", worker_template.display())))?,
        false => String::new(),
    };
    // Re-run on a deployed site (new feed, no rebuild), `assets` is the site
    // and its sw.js is already filled in: the release, and so the worker,
    // stays the same.
    if template.contains(crate::pwa::VERSION_MARK) {
        let list = crate::pwa::precache_list(&args.out, &index_html);
        let kiosk = crate::pwa::kiosk_precache_list(&args.out);
        let worker = crate::pwa::fill_worker(&template, &args.out, &list, &kiosk).map_err(|e| (EXIT_INVALID, e))?;
        let path = args.out.join("sw.js");
        std::fs::write(&path, worker).map_err(|e| write_err(&path, e))?;
    }

    crate::precompress::brotli_assets(&args.out).map_err(|e| (EXIT_UNREADABLE, e))?;
    let kiosk_dir = args.out.join(crate::pwa::KIOSK_DIR);
    if kiosk_dir.is_dir() {
        crate::precompress::brotli_assets(&kiosk_dir).map_err(|e| (EXIT_UNREADABLE, e))?;
    }

    let removed = prune(&args.out, &products);
    Ok(Report {
        pages: products.len(),
        card_sizes,
        card_seconds,
        total_seconds: started.elapsed().as_secs_f64(),
        removed,
        skipped_errors,
        feed,
        photos,
    })
}

/// The first screen in the shell (index.html's `#boot`) shows the feed's
/// tagline, as the app's home page does, so the swap to the live page
/// changes nothing the customer is reading.
pub fn with_tagline(shell: &str, tagline: &str) -> String {
    const OPEN: &str = "<p class=\"hero__tagline\">";
    let Some(start) = shell.find(OPEN).map(|i| i + OPEN.len()) else { return shell.to_string() };
    let Some(len) = shell[start..].find("</p>") else { return shell.to_string() };
    format!("{}{}{}", &shell[..start], html(tagline.trim()), &shell[start + len..])
}

/// The top of a product's page as the app renders it (src/pages/product.rs:
/// breadcrumb, picture, name, price), for index.html's first screen, so a
/// shared link shows the product itself while the app loads.
pub fn product_first_screen(catalog: &Catalog, product: &Product) -> String {
    let category = catalog.category(&product.category).map(|c| c.name.id.as_str()).unwrap_or_default();
    let picture = product.images.first().map(|img| picture_html(img, photo::PAGE_SIZES, true)).unwrap_or_default();
    let url = product_url(catalog, product);
    // What a customer can do before the app has loaded, or in a browser
    // that cannot run it: order this product from its outlet, or pass the
    // link on. Plain links, so they work without any script.
    let order = quick_order::link(catalog, product, product.default_variant(), &url, Lang::Id)
        .map(|href| {
            format!(
                r#"<a class="button button--primary product-page__quick" href="{}" target="_blank" rel="noopener noreferrer">Pesan lewat WhatsApp</a>"#,
                html(&href)
            )
        })
        .unwrap_or_default();
    let share = format!("https://wa.me/?text={}", percent_encode(&format!("{} — {url}", product.name)));
    format!(
        r#"<article class="product-page">
        <nav class="breadcrumb" aria-label="Jejak"><a href="/">Beranda</a> › <a href="/produk">Produk</a> › <span>{category}</span></nav>
        <div class="product-page__top"><div class="gallery"><div class="gallery__stage product-page__media">{picture}<span class="product-card__mark">Produk Desa</span></div></div>
        <div class="product-page__buy"><h1>{name}</h1>
        <p class="product-page__price">{price}<span class="product-card__unit"> / {unit}</span></p>
        <div class="share">{order}<a class="button share__wa" href="{share}" target="_blank" rel="noopener noreferrer">Bagikan</a></div></div></div>
        <p class="product-page__summary">{description}</p>
      </article>"#,
        category = html(category),
        name = html(&product.name),
        price = html(&product.price_text(Lang::Id)),
        unit = html(&product.unit),
        share = html(&share),
        description = html(&summarize(&product.description, DESCRIPTION_MAX)),
    )
}

/// An image as the pages the build writes show it, mirroring
/// src/components/picture.rs: a photo as `<picture>` (AVIF, WebP, JPEG
/// srcsets with `sizes`) over its blurred placeholder (an inline `data:`
/// picture: the Content-Security-Policy allows no inline style for a
/// background colour), an illustration as `<img>`. `first`: the page's main
/// picture, loaded at once with high priority; otherwise lazily.
pub fn picture_html(img: &nttmart_domain::catalog::Image, sizes: &str, first: bool) -> String {
    let loading = if first { r#" fetchpriority="high""# } else { r#" loading="lazy""# };
    let Some(p) = &img.photo else {
        return format!(
            r#"<img src="{}" alt="{}" width="400" height="300"{loading}>"#,
            html(&picture_src(&img.src)),
            html(&img.alt)
        );
    };
    // The blurred copy only under a page's main picture: a list of cards
    // (the simple home page) would carry ~500 bytes a card for it.
    let placeholder = if p.placeholder.is_empty() || !first {
        String::new()
    } else {
        format!(
            r#"<img class="placeholder" src="{}" alt="" width="{}" height="{}">"#,
            html(&p.placeholder),
            p.width,
            p.height
        )
    };
    format!(
        r#"{placeholder}<picture><source type="image/avif" srcset="{avif}" sizes="{sizes}"><source type="image/webp" srcset="{webp}" sizes="{sizes}"><img class="photo" src="{src}" srcset="{jpg}" sizes="{sizes}" alt="{alt}" width="{w}" height="{h}" decoding="async"{loading}></picture>"#,
        avif = photo::srcset(&img.src, p, "avif"),
        webp = photo::srcset(&img.src, p, "webp"),
        jpg = photo::srcset(&img.src, p, "jpg"),
        src = photo::fallback(&img.src, p),
        sizes = html(sizes),
        alt = html(&img.alt),
        w = p.width,
        h = p.height,
    )
}

/// An image's address as a file a link preview or crawler can fetch: a
/// photo's largest JPEG, else the image itself (`picture_src`).
pub fn picture_file(img: &nttmart_domain::catalog::Image) -> String {
    match &img.photo {
        Some(p) => {
            let w = *photo::widths(p.width).last().unwrap_or(&p.width);
            format!("/{}", photo::file(&img.src, w, "jpg"))
        }
        None => picture_src(&img.src),
    }
}

/// A feed picture as the site's pages link it: `https://` ones as they are,
/// the site's own from the root.
pub fn picture_src(src: &str) -> String {
    if src.starts_with("https://") {
        src.to_string()
    } else {
        format!("/{}", src.trim_start_matches('/'))
    }
}

/// Puts `screen` in place of the home hero in the shell's first screen.
pub fn with_first_screen(shell: &str, screen: &str) -> String {
    const OPEN: &str = "<section class=\"hero\">";
    let Some(start) = shell.find(OPEN) else { return shell.to_string() };
    let Some(len) = shell[start..].find("</section>") else { return shell.to_string() };
    format!("{}{}{}", &shell[..start], screen, &shell[start + len + "</section>".len()..])
}

/// Absolute URLs of the site.
pub(crate) struct Site {
    base: String,
    host: String,
}

impl Site {
    fn new(catalog: &Catalog) -> Site {
        let base = catalog.store.base_url.trim().trim_end_matches('/').to_string();
        let host = base.split_once("://").map(|(_, rest)| rest).unwrap_or(&base).to_string();
        Site { base, host }
    }
}

fn base_url(catalog: &Catalog) -> String {
    catalog.store.base_url.trim().trim_end_matches('/').to_string()
}

/// `https://nttmart.nttprov.go.id/produk/<slug>`
pub fn product_url(catalog: &Catalog, product: &Product) -> String {
    format!("{}/produk/{}", base_url(catalog), product.slug)
}

/// An image of the feed as an absolute URL (`https://` ones stay as they are).
fn absolute(catalog: &Catalog, src: &str) -> String {
    if src.starts_with("https://") || src.starts_with("http://") {
        src.to_string()
    } else {
        format!("{}/{}", base_url(catalog), src.trim_start_matches('/'))
    }
}

/// Slugs become folder names: only `a-z`, `0-9` and `-` (the feed validator
/// enforces the same; checked again because this writes files).
fn is_safe_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.len() <= 200
        && slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

struct CardFile {
    size: usize,
    /// Short content hash, appended to the card's URL (`?v=…`) so a changed
    /// card is fetched again by previews that cache images by URL.
    version: String,
}

pub(crate) fn version_of(bytes: &[u8]) -> String {
    let h = nttmart_domain::digest::fnv1a64(bytes);
    format!("{:08x}", (h >> 32) as u32 ^ h as u32)
}

/// The illustration of a product's card: its first image when that is a file
/// in the assets folder, else its category's illustration.
fn card_image(assets: &Path, site_root: &Path, product: &Product) -> Option<PathBuf> {
    // A photo: its encoded JPEG of about 640 px, which the photo step has
    // just written into the site (issue 16).
    if let Some(img) = product.images.first() {
        if let Some(p) = &img.photo {
            let file = site_root.join(nttmart_domain::photo::fallback(&img.src, p).trim_start_matches('/'));
            if file.is_file() {
                return std::fs::canonicalize(file).ok();
            }
        }
    }
    let local = |rel: &str| -> Option<PathBuf> {
        let rel = rel.trim_start_matches('/');
        if rel.is_empty() || rel.contains("..") || rel.contains('\\') || rel.contains("://") {
            return None;
        }
        let path = assets.join(rel);
        if path.is_file() {
            std::fs::canonicalize(path).ok()
        } else {
            None
        }
    };
    product
        .images
        .first()
        .and_then(|img| local(&img.src))
        .or_else(|| local(&format!("img/category/{}.svg", product.category)))
}

fn product_card(catalog: &Catalog, product: &Product, assets: &Path, site_root: &Path, site: &Site) -> ProductCard {
    let village = catalog.village(&product.village).map(|v| format!("Desa {}", v.name)).unwrap_or_default();
    ProductCard {
        name: product.name.clone(),
        price: product.price_text(Lang::Id),
        unit: product.unit.clone(),
        category: catalog.category(&product.category).map(|c| c.name.id.clone()).unwrap_or_default(),
        village,
        kabupaten: catalog.kabupaten_of(product).map(|k| k.full_name()).unwrap_or_default(),
        image: card_image(assets, site_root, product),
        site: site.host.clone(),
    }
}

fn render_cards(
    renderer: &CardRenderer,
    catalog: &Catalog,
    products: &[&Product],
    assets: &Path,
    share_dir: &Path,
    site: &Site,
) -> Result<Vec<CardFile>, Failure> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Result<CardFile, Failure>>>> =
        Mutex::new((0..products.len()).map(|_| None).collect());
    let workers =
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).clamp(1, 8).min(products.len().max(1));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(product) = products.get(i) else {
                    break;
                };
                let card = product_card(catalog, product, assets, share_dir.parent().unwrap_or(share_dir), site);
                let result = renderer
                    .product_png(&card)
                    .map_err(|e| (EXIT_INVALID, format!("share card of {}: {e}", product.slug)))
                    .and_then(|png| {
                        let path = share_dir.join(format!("{}.png", product.slug));
                        std::fs::write(&path, &png)
                            .map_err(|e| (EXIT_UNREADABLE, format!("{}: cannot write: {e}", path.display())))?;
                        Ok(CardFile { size: png.len(), version: version_of(&png) })
                    });
                results.lock().expect("no worker panics")[i] = Some(result);
            });
        }
    });
    results.into_inner().expect("no worker panics").into_iter().map(|r| r.expect("every card was rendered")).collect()
}

/// Escapes text for HTML text and (quoted) attribute values.
pub fn html(s: &str) -> String {
    crate::share_card::escape_markup(s, false)
}

/// JSON for a `<script type="application/ld+json">` element: `<`, `>` and
/// `&` become `\u003c`, `\u003e` and `\u0026`, so no string in it can close
/// the script element (`</script>`) or open a comment (`<!--`). These
/// characters only ever occur inside JSON strings, where the escapes mean the
/// same characters.
pub fn json_for_script(value: &serde_json::Value) -> String {
    let json = serde_json::to_string(value).expect("a JSON value serialises");
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// Whitespace collapsed, cut at a word to at most `max` characters (with `…`).
pub fn summarize(text: &str, max: usize) -> String {
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.chars().count() <= max {
        return collapsed;
    }
    let mut out = String::new();
    let mut len = 0;
    for word in collapsed.split(' ') {
        let extra = word.chars().count() + usize::from(!out.is_empty());
        // Keep room for the ellipsis.
        if len + extra + 1 > max {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
        len += extra;
    }
    if out.is_empty() {
        out = collapsed.chars().take(max.saturating_sub(1)).collect();
    }
    let trimmed = out.trim_end_matches([',', ';', ':', '-', '–', '—', '.', ' ']);
    format!("{trimmed}…")
}

fn meta_property(property: &str, content: &str) -> String {
    format!("  <meta property=\"{property}\" content=\"{}\">\n", html(content))
}

fn meta_name(name: &str, content: &str) -> String {
    format!("  <meta name=\"{name}\" content=\"{}\">\n", html(content))
}

/// The head block of a product page.
pub(crate) fn product_head(catalog: &Catalog, product: &Product, site: &Site, card_version: &str) -> String {
    let store = catalog.store.name.trim();
    let price = product.price_text(Lang::Id);
    let title = format!("{} — {price} | {store}", product.name);
    let og_title = format!("{} — {price}", product.name);
    let description = summarize(&product.description, DESCRIPTION_MAX);
    let url = product_url(catalog, product);
    let card = format!("{}/share/{}.png?v={card_version}", site.base, product.slug);
    let village = catalog.village(&product.village).map(|v| v.name.as_str());
    let kabupaten = catalog.kabupaten_of(product).map(|k| k.full_name());
    let origin = match (village, kabupaten) {
        (Some(v), Some(k)) => format!(", dari Desa {v}, {k}"),
        (Some(v), None) => format!(", dari Desa {v}"),
        _ => String::new(),
    };
    let image_alt = format!("{} — {price} / {}{origin}", product.name, product.unit);
    let mut images = vec![json!(card)];
    images.extend(product.images.iter().map(|i| json!(absolute(catalog, &picture_file(i)))));
    let ld = product_ld(catalog, product, &url, images, store);
    let mut head = String::new();
    head.push_str(&format!("  {BLOCK_START}\n"));
    head.push_str(&format!("  <title>{}</title>\n", html(&title)));
    head.push_str(&meta_name("description", &description));
    head.push_str(&format!("  <link rel=\"canonical\" href=\"{}\">\n", html(&url)));
    head.push_str(&meta_property("og:type", "product"));
    head.push_str(&meta_property("og:site_name", store));
    head.push_str(&meta_property("og:locale", "id_ID"));
    head.push_str(&meta_property("og:title", &og_title));
    head.push_str(&meta_property("og:description", &description));
    head.push_str(&meta_property("og:url", &url));
    head.push_str(&meta_property("og:image", &card));
    head.push_str(&meta_property("og:image:type", "image/png"));
    head.push_str(&meta_property("og:image:width", "1200"));
    head.push_str(&meta_property("og:image:height", "630"));
    head.push_str(&meta_property("og:image:alt", &image_alt));
    // The lowest: what "mulai" promises.
    head.push_str(&meta_property("product:price:amount", &product.lowest_price().0.to_string()));
    head.push_str(&meta_property("product:price:currency", "IDR"));
    head.push_str(&meta_name("twitter:card", "summary_large_image"));
    head.push_str(&meta_name("twitter:title", &og_title));
    head.push_str(&meta_name("twitter:description", &description));
    head.push_str(&meta_name("twitter:image", &card));
    head.push_str(&meta_name("twitter:image:alt", &image_alt));
    head.push_str(&format!("  <script type=\"application/ld+json\">{}</script>\n", json_for_script(&ld)));
    head.push_str(&format!("  {BLOCK_END}\n"));
    head
}

/// schema.org's availability of a variant.
fn ld_availability(variant: &Variant) -> &'static str {
    match variant.availability {
        Availability::PreOrder { .. } => "https://schema.org/PreOrder",
        Availability::MadeToOrder { .. } if variant.is_orderable() => "https://schema.org/MadeToOrder",
        _ if variant.is_orderable() => "https://schema.org/InStock",
        _ => "https://schema.org/OutOfStock",
    }
}

/// A product's JSON-LD: a `Product` with one `Offer`, or, with options, a
/// `ProductGroup` whose variants are `Product`s of their own (each with its
/// `?varian=` URL) and whose `AggregateOffer` spans their prices.
fn product_ld(catalog: &Catalog, product: &Product, url: &str, images: Vec<Value>, store: &str) -> Value {
    let description = product.description.split_whitespace().collect::<Vec<_>>().join(" ");
    if product.options.is_empty() {
        let v = product.first_variant();
        return json!({
            "@context": "https://schema.org",
            "@type": "Product",
            "name": product.name,
            "description": description,
            "image": images,
            "sku": product.id,
            "url": url,
            "brand": {"@type": "Brand", "name": store},
            "offers": {
                "@type": "Offer",
                "price": v.price.0,
                "priceCurrency": "IDR",
                "availability": ld_availability(v),
                "url": url,
            },
        });
    }
    let variants: Vec<Value> = product
        .variants
        .iter()
        .map(|v| {
            let vurl = format!("{url}?varian={}", percent_encode(&v.id));
            let image: Vec<Value> =
                product.images_for(v).iter().map(|i| json!(absolute(catalog, &picture_file(i)))).collect();
            let mut item = json!({
                "@type": "Product",
                "name": product.line_name(v),
                "sku": v.id,
                "image": image,
                "url": vurl,
                "offers": {
                    "@type": "Offer",
                    "price": v.price.0,
                    "priceCurrency": "IDR",
                    "availability": ld_availability(v),
                    "url": vurl,
                },
            });
            for (option, value) in product.options.iter().zip(&v.values) {
                item[option.name.en.to_lowercase().replace(' ', "_")] = json!(value);
            }
            item
        })
        .collect();
    json!({
        "@context": "https://schema.org",
        "@type": "ProductGroup",
        "name": product.name,
        "description": description,
        "image": images,
        "productGroupID": product.id,
        "url": url,
        "brand": {"@type": "Brand", "name": store},
        "variesBy": product.options.iter().map(|o| o.name.en.clone()).collect::<Vec<_>>(),
        "offers": {
            "@type": "AggregateOffer",
            "lowPrice": product.lowest_price().0,
            "highPrice": product.highest_price().0,
            "offerCount": product.variants.len(),
            "priceCurrency": "IDR",
        },
        "hasVariant": variants,
    })
}

/// The head block of the shell (home page and every route without a page of
/// its own). No `og:url` or canonical link here: the shell also answers
/// `/tentang`, `/desa/…` and unknown paths, which must not all claim to be
/// the home page.
fn home_head(catalog: &Catalog, shell: &str, site: &Site, card_version: &str) -> String {
    let store = catalog.store.name.trim();
    let title = element_text(shell, "title")
        .map(|t| unescape(t.trim()))
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| store.to_string());
    let description = find_meta_description(shell)
        .and_then(|(s, e)| attr(&shell[s..e], "content"))
        .map(|d| summarize(&d, DESCRIPTION_MAX + 40))
        .filter(|d| !d.is_empty())
        .unwrap_or_else(|| summarize(&catalog.store.tagline, DESCRIPTION_MAX));
    let card = format!("{}/{SITE_CARD}?v={card_version}", site.base);
    let alt = format!("{store} — {}", catalog.store.tagline.trim());
    let mut head = String::new();
    head.push_str(&format!("  {BLOCK_START}\n"));
    head.push_str(&meta_property("og:type", "website"));
    head.push_str(&meta_property("og:site_name", store));
    head.push_str(&meta_property("og:locale", "id_ID"));
    head.push_str(&meta_property("og:title", &title));
    head.push_str(&meta_property("og:description", &description));
    head.push_str(&meta_property("og:image", &card));
    head.push_str(&meta_property("og:image:type", "image/png"));
    head.push_str(&meta_property("og:image:width", "1200"));
    head.push_str(&meta_property("og:image:height", "630"));
    head.push_str(&meta_property("og:image:alt", &alt));
    head.push_str(&meta_name("twitter:card", "summary_large_image"));
    head.push_str(&meta_name("twitter:title", &title));
    head.push_str(&meta_name("twitter:description", &description));
    head.push_str(&meta_name("twitter:image", &card));
    head.push_str(&meta_name("twitter:image:alt", &alt));
    head.push_str(&format!("  {BLOCK_END}\n"));
    head
}

/// `sitemap.xml`: the home page, the catalog and every product, with the
/// date each product was added as its `lastmod`.
pub fn sitemap(catalog: &Catalog) -> String {
    let base = base_url(catalog);
    let latest = catalog.products.iter().map(|p| p.added.as_str()).max().unwrap_or("");
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut url = |loc: &str, lastmod: &str| {
        xml.push_str(&format!("  <url><loc>{}</loc>", html(loc)));
        if !lastmod.is_empty() {
            xml.push_str(&format!("<lastmod>{}</lastmod>", html(lastmod)));
        }
        xml.push_str("</url>\n");
    };
    url(&format!("{base}/"), latest);
    url(&format!("{base}/produk"), latest);
    for product in catalog.products.iter().filter(|p| is_safe_slug(&p.slug)) {
        url(&product_url(catalog, product), &product.added);
    }
    xml.push_str("</urlset>\n");
    xml
}

/// `robots.txt`: everything may be crawled; the sitemap's absolute URL.
pub fn robots(catalog: &Catalog) -> String {
    format!("User-agent: *\nAllow: /\n\nSitemap: {}/sitemap.xml\n", base_url(catalog))
}

/// Removes pages and cards this command made earlier for products that are
/// no longer in the feed. Only pages carrying the generated block are
/// touched. Returns how many pages went.
fn prune(out: &Path, products: &[&Product]) -> usize {
    let keep: std::collections::HashSet<&str> = products.iter().map(|p| p.slug.as_str()).collect();
    let mut removed = 0;
    if let Ok(entries) = std::fs::read_dir(out.join("produk")) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if keep.contains(name.as_str()) || !entry.path().is_dir() {
                continue;
            }
            let page = entry.path().join("index.html");
            let generated = std::fs::read_to_string(&page).map(|s| s.contains(BLOCK_START)).unwrap_or(false);
            if generated && std::fs::remove_file(&page).is_ok() {
                let _ = std::fs::remove_dir(entry.path());
                let _ = std::fs::remove_file(out.join("share").join(format!("{name}.png")));
                removed += 1;
            }
        }
    }
    removed
}

// ---- Editing the shell's <head> -------------------------------------------

/// ASCII case-insensitive search.
pub(crate) fn find_ci(haystack: &str, needle: &str) -> Option<usize> {
    find_ci_from(haystack, needle, 0)
}

pub(crate) fn find_ci_from(haystack: &str, needle: &str, from: usize) -> Option<usize> {
    let h = haystack.as_bytes();
    let n = needle.as_bytes();
    if n.is_empty() || from > h.len() || h.len() - from < n.len() {
        return None;
    }
    (from..=h.len() - n.len()).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

/// The end (after `>`) of the tag opening at `start`, skipping quoted
/// attribute values.
pub(crate) fn tag_end(html: &str, start: usize) -> Option<usize> {
    let mut quote: Option<u8> = None;
    for (i, &b) in html.as_bytes().iter().enumerate().skip(start + 1) {
        match (quote, b) {
            (Some(q), b) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'>') => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// Start and end of every `<name …>` tag before `limit`.
fn tags(html: &str, name: &str, limit: usize) -> Vec<(usize, usize)> {
    let open = format!("<{name}");
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(start) = find_ci_from(html, &open, from) {
        if start >= limit {
            break;
        }
        let after = html.as_bytes().get(start + open.len()).copied();
        let Some(end) = tag_end(html, start) else {
            break;
        };
        if matches!(after, Some(b' ' | b'\t' | b'\n' | b'\r' | b'/' | b'>')) {
            found.push((start, end));
        }
        from = end;
    }
    found
}

/// The value of attribute `name` in one tag, entities decoded.
pub(crate) fn attr(tag: &str, name: &str) -> Option<String> {
    let bytes = tag.as_bytes();
    // Skip `<tagname`.
    let mut i = 1;
    while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' && bytes[i] != b'/' {
        i += 1;
    }
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        if i >= bytes.len() || bytes[i] == b'>' {
            return None;
        }
        let key_start = i;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() && !matches!(bytes[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        let key = &tag[key_start..i];
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = "";
        if i < bytes.len() && bytes[i] == b'=' {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < bytes.len() && (bytes[i] == b'"' || bytes[i] == b'\'') {
                let q = bytes[i];
                let start = i + 1;
                let end = tag[start..].find(q as char).map(|e| start + e).unwrap_or(tag.len());
                value = &tag[start..end];
                i = end + 1;
            } else {
                let start = i;
                while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                    i += 1;
                }
                value = &tag[start..i];
            }
        }
        if key.eq_ignore_ascii_case(name) {
            return Some(unescape(value));
        }
    }
}

/// Decodes the entities an HTML attribute or title usually holds.
fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let Some(semi) = rest[..rest.len().min(12)].find(';') else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..semi];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            e if e.starts_with("#x") || e.starts_with("#X") => {
                u32::from_str_radix(&e[2..], 16).ok().and_then(char::from_u32)
            }
            e if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The text of the first `<name>…</name>` element in the head.
fn element_text<'a>(html: &'a str, name: &str) -> Option<&'a str> {
    let head_end = find_ci(html, "</head>")?;
    let (_, open_end) = *tags(html, name, head_end).first()?;
    let close = find_ci_from(html, &format!("</{name}"), open_end)?;
    Some(&html[open_end..close])
}

fn find_meta_description(html: &str) -> Option<(usize, usize)> {
    let head_end = find_ci(html, "</head>")?;
    tags(html, "meta", head_end)
        .into_iter()
        .find(|&(s, e)| attr(&html[s..e], "name").is_some_and(|n| n.eq_ignore_ascii_case("description")))
}

/// Grows a range to its whole line when nothing else is on that line.
fn whole_line(html: &str, (start, end): (usize, usize)) -> (usize, usize) {
    let b = html.as_bytes();
    let mut s = start;
    while s > 0 && matches!(b[s - 1], b' ' | b'\t') {
        s -= 1;
    }
    let mut e = end;
    while e < b.len() && matches!(b[e], b' ' | b'\t' | b'\r') {
        e += 1;
    }
    if (s == 0 || b[s - 1] == b'\n') && (e == b.len() || b[e] == b'\n') {
        (s, (e + 1).min(b.len()))
    } else {
        (start, end)
    }
}

/// The shell without a block this command inserted before.
pub fn strip_block(html: &str) -> String {
    strip_block_at(html).0
}

/// The shell without earlier blocks, and where the first one was.
fn strip_block_at(html: &str) -> (String, Option<usize>) {
    let mut html = html.to_string();
    let mut at = None;
    while let Some(start) = html.find(BLOCK_START) {
        let Some(end) = html[start..].find(BLOCK_END).map(|e| start + e + BLOCK_END.len()) else {
            break;
        };
        let (s, e) = whole_line(&html, (start, end));
        html.replace_range(s..e, "");
        at.get_or_insert(s);
    }
    (html, at)
}

/// Puts `block` into the shell's head. Open Graph, Twitter and canonical
/// tags already in the shell are dropped (the block is authoritative); with
/// `replace_title`, so are its `<title>` and meta description, and the block
/// takes the title's place. Otherwise the block follows the description. A
/// block inserted earlier is replaced where it stands.
pub fn inject(shell: &str, block: &str, replace_title: bool) -> String {
    let (html, previous) = strip_block_at(shell);
    let Some(head_end) = find_ci(&html, "</head>") else {
        return html;
    };
    let mut remove: Vec<(usize, usize)> = Vec::new();
    let title = find_ci(&html[..head_end], "<title").and_then(|s| {
        let close = find_ci_from(&html, "</title>", s)?;
        Some((s, close + "</title>".len()))
    });
    let description = find_meta_description(&html);
    for (s, e) in tags(&html, "meta", head_end) {
        let tag = &html[s..e];
        let property = attr(tag, "property").unwrap_or_default().to_ascii_lowercase();
        let name = attr(tag, "name").unwrap_or_default().to_ascii_lowercase();
        if property.starts_with("og:")
            || property.starts_with("product:")
            || name.starts_with("twitter:")
            || (replace_title && name == "description")
        {
            remove.push(whole_line(&html, (s, e)));
        }
    }
    for (s, e) in tags(&html, "link", head_end) {
        if attr(&html[s..e], "rel").is_some_and(|r| r.eq_ignore_ascii_case("canonical")) {
            remove.push(whole_line(&html, (s, e)));
        }
    }
    let title = title.map(|t| whole_line(&html, t));
    if let (true, Some(t)) = (replace_title, title) {
        remove.push(t);
    }
    let at = match (replace_title, title, previous, description) {
        (true, Some(t), _, _) => t.0,
        (_, _, Some(at), _) if at <= head_end => at,
        (false, _, _, Some(d)) => whole_line(&html, d).1,
        (false, Some(t), _, None) => t.1,
        _ => head_end,
    };
    remove.sort_unstable();
    let mut out = String::with_capacity(html.len() + block.len());
    let copy = |from: usize, to: usize, out: &mut String| {
        let mut pos = from;
        for &(s, e) in &remove {
            if e <= pos || s >= to {
                continue;
            }
            if s > pos {
                out.push_str(&html[pos..s]);
            }
            pos = pos.max(e);
        }
        if pos < to {
            out.push_str(&html[pos..to]);
        }
    };
    copy(0, at, &mut out);
    // The block is indented as a line of its own.
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(block);
    copy(at, html.len(), &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHELL: &str = "<!doctype html>\n<html lang=\"id\">\n<head>\n  <meta charset=\"utf-8\">\n  <title>NTT Mart &amp; Co</title>\n  <meta name=\"description\" content=\"Belanja &quot;produk&quot; desa\">\n  <meta property=\"og:title\" content=\"old\">\n  <link rel=\"stylesheet\" href=\"/main-0123456789abcdef.css\">\n<script type=\"module\">import init from '/app.js';</script></head>\n<body></body>\n</html>\n";

    #[test]
    fn the_first_screen_gets_the_feed_tagline_escaped() {
        let shell = "<body><p class=\"hero__tagline\">old</p><p>other</p></body>";
        assert_eq!(
            with_tagline(shell, " Kopi & <tenun> "),
            "<body><p class=\"hero__tagline\">Kopi &amp; &lt;tenun&gt;</p><p>other</p></body>"
        );
        assert_eq!(with_tagline("<body></body>", "x"), "<body></body>");
    }

    #[test]
    fn product_pages_open_on_the_product() {
        let shell =
            "<div id=\"boot\"><main><section class=\"hero\"><h1>Home</h1></section><div>loading</div></main></div>";
        let out = with_first_screen(shell, "<article>Kopi &amp; co</article>");
        assert_eq!(out, "<div id=\"boot\"><main><article>Kopi &amp; co</article><div>loading</div></main></div>");
        assert_eq!(with_first_screen("<main></main>", "x"), "<main></main>");
    }

    #[test]
    fn escapes_html() {
        assert_eq!(html(r#"<a href="x">'&'</a>"#), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    }

    #[test]
    fn json_for_script_cannot_close_the_script() {
        let v = json!({"name": "</script><!-- & >"});
        let s = json_for_script(&v);
        assert!(!s.contains('<') && !s.contains('>') && !s.contains('&'), "{s}");
        let back: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v);
    }

    #[test]
    fn summaries_cut_at_a_word() {
        assert_eq!(summarize("  Kopi\n petik   merah. ", 160), "Kopi petik merah.");
        let long = "kata ".repeat(60);
        let s = summarize(&long, 160);
        assert!(s.chars().count() <= 160, "{s}");
        assert!(s.ends_with("kata…"), "{s}");
        assert_eq!(summarize("Supercalifragilistic", 6), "Super…");
    }

    #[test]
    fn attributes_and_entities() {
        assert_eq!(attr(r#"<meta name="description" content='a &amp; b'>"#, "content").as_deref(), Some("a & b"));
        assert_eq!(attr("<meta name=x content=y>", "content").as_deref(), Some("y"));
        assert_eq!(attr(r#"<link rel="canonical" href="/x">"#, "href").as_deref(), Some("/x"));
        assert_eq!(attr(r#"<meta data-content="no">"#, "content"), None);
        assert_eq!(unescape("&lt;&#39;&#x41;&unknown;"), "<'A&unknown;");
    }

    #[test]
    fn inject_replaces_title_and_description_once() {
        let block = format!("  {BLOCK_START}\n  <title>Baru</title>\n  {BLOCK_END}\n");
        let once = inject(SHELL, &block, true);
        assert_eq!(once.matches("<title").count(), 1, "{once}");
        assert!(once.contains("<title>Baru</title>"));
        assert!(!once.contains("name=\"description\""));
        assert!(!once.contains("og:title"));
        assert!(once.contains("/main-0123456789abcdef.css"));
        assert!(once.contains("import init from '/app.js'"));
        // Running again on its own output changes nothing.
        assert_eq!(inject(&once, &block, true), once);
    }

    #[test]
    fn inject_for_home_keeps_title_and_description() {
        let block = format!("  {BLOCK_START}\n  <meta property=\"og:title\" content=\"x\">\n  {BLOCK_END}\n");
        let once = inject(SHELL, &block, false);
        assert!(once.contains("<title>NTT Mart &amp; Co</title>"));
        assert_eq!(once.matches("og:title").count(), 1, "{once}");
        let desc = once.find("name=\"description\"").unwrap();
        assert!(once.find(BLOCK_START).unwrap() > desc);
        assert_eq!(inject(&once, &block, false), once);
        assert_eq!(element_text(SHELL, "title"), Some("NTT Mart &amp; Co"));
    }

    #[test]
    fn pages_from_a_processed_shell_equal_pages_from_the_plain_one() {
        // `nttmart pages` run again on a deployed dist/ reads its own output.
        let home = format!("  {BLOCK_START}\n  <meta property=\"og:type\" content=\"website\">\n  {BLOCK_END}\n");
        let product = format!("  {BLOCK_START}\n  <title>Produk</title>\n  {BLOCK_END}\n");
        let processed = inject(SHELL, &home, false);
        assert_eq!(inject(&processed, &product, true), inject(SHELL, &product, true));
        assert_eq!(inject(&processed, &home, false), processed);
    }
}
