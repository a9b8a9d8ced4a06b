//! `nttmart pages`: everything the site serves that is made from the feed,
//! for link previews, crawlers, browsers that cannot run the app and the
//! app itself (the index feed and detail files).
//!
//! One direction, four steps, each in its own module:
//!
//! 1. **read** the feed (product photos encoded first, `photos`, so every
//!    picture below is of the feed as the site serves it) and the site
//!    shell (`shell::facts`);
//! 2. **plan** which pages to write and which earlier ones are stale
//!    (`plan`);
//! 3. **render** each kind of file: head blocks (`head`), first screens
//!    (`first_screen`), share cards (`cards`), the simple home page
//!    (`simple`), sitemap and robots (`crawlers`), the feed as phones read it
//!    (`index_feed`, `sprite`), icons and the worker (`pwa`);
//! 4. **write** each file through a temporary file renamed over the old one
//!    (`util::replace_file`), leaving identical files as they are, so a
//!    server being updated never sends half a file and a release that
//!    shares files with the previous one by hard links (`publish`) never
//!    changes that one's.
//!
//! The feed's files are written before the HTML that names the
//! `catalog.json` they were made from (`shell::FEED_SOURCE_META`), so a
//! visitor in between reads the whole feed rather than an old index.

use crate::args::PagesArgs;
use crate::cards::{product_cards, site_card};
use crate::head::{home_head, product_head, SITE_CARD};
use crate::links::Site;
use crate::plan::Plan;
use crate::share_card::CardRenderer;
use crate::shell::Edits;
use crate::util::{load_feed, replace_file};
use crate::{EXIT_INVALID, EXIT_OK, EXIT_UNREADABLE};
use std::io::Write;
use std::path::Path;
use std::time::Instant;

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
    /// Files written; the rest were already there with the same bytes.
    pub written: usize,
    pub unchanged: usize,
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

fn unreadable(message: String) -> Failure {
    (EXIT_UNREADABLE, message)
}

/// Writes files under `out`, counting what changed.
struct Out<'a> {
    root: &'a Path,
    written: usize,
    unchanged: usize,
}

impl Out<'_> {
    fn write(&mut self, rel: &str, bytes: &[u8]) -> Result<(), Failure> {
        let path = self.root.join(rel);
        match replace_file(&path, bytes) {
            Ok(true) => self.written += 1,
            Ok(false) => self.unchanged += 1,
            Err(e) => return Err(unreadable(format!("{}: cannot write: {e}", path.display()))),
        }
        Ok(())
    }
}

pub fn generate(args: &PagesArgs) -> Result<Report, Failure> {
    let started = Instant::now();
    let mut out = Out { root: &args.out, written: 0, unchanged: 0 };

    // 1. Read. Photos first: every picture below is of the feed as the
    // build rewrote it (photos as `img/p/<id>` with their sizes, refused
    // ones out).
    let raw =
        std::fs::read(&args.feed).map_err(|e| unreadable(format!("{}: cannot read: {e}", args.feed.display())))?;
    let mut feed_value: serde_json::Value =
        serde_json::from_slice(&raw).map_err(|e| unreadable(format!("{}: {e}", args.feed.display())))?;
    let photos = crate::photos::build(&mut feed_value, &args.photos, &args.out, &args.photo_cache)
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
    let facts = crate::shell::facts(&shell).map_err(|e| unreadable(format!("{}: {e}", args.shell.display())))?;
    if !facts.has_head {
        return Err(unreadable(format!(
            "{}: the shell has no </head>; pass the built index.html",
            args.shell.display()
        )));
    }
    let renderer = CardRenderer::new(&args.assets).map_err(unreadable)?;
    let site = Site::new(catalog);

    // 2. Plan.
    let plan = Plan::new(catalog, &args.out);

    // 3. and 4. Render and write: the feed's files first.
    if built {
        // The whole feed as the site serves it (the kiosk reads it): with
        // the photos' addresses and sizes, as the index has them.
        let bytes = serde_json::to_vec(catalog).map_err(|e| unreadable(e.to_string()))?;
        out.write(crate::plan::FEED, &bytes)?;
    }
    // The category illustrations as one file, which the index points into.
    let sprite = crate::sprite::write(&args.assets, &args.out).map_err(unreadable)?;
    let feed = crate::index_feed::write_pointing(catalog, &args.out, &sprite).map_err(unreadable)?;
    // Which catalog.json the index was made from, for the app's check.
    let source = crate::plan::feed_source(&args.out);

    let cards_started = Instant::now();
    let cards = product_cards(&renderer, catalog, &plan.pages, &args.assets, &args.out, &site)
        .map_err(|e| (EXIT_INVALID, e))?;
    let home_card = site_card(&renderer, catalog, &args.assets, &site).map_err(|e| (EXIT_INVALID, e))?;
    let card_seconds = cards_started.elapsed().as_secs_f64();
    for (product, card) in plan.pages.iter().zip(&cards) {
        out.write(&crate::plan::card_path(&product.slug), &card.png)?;
    }
    out.write(SITE_CARD, &home_card.png)?;
    let mut card_sizes: Vec<usize> = cards.iter().map(|c| c.png.len()).collect();
    card_sizes.push(home_card.png.len());

    let tagline = catalog.store.tagline.as_str();
    let rewrite = |edits: &Edits| {
        crate::shell::rewrite(&shell, edits).map_err(|e| unreadable(format!("{}: {e}", args.shell.display())))
    };
    for (product, card) in plan.pages.iter().zip(&cards) {
        let head = product_head(catalog, product, &site, &card.version);
        let screen = crate::first_screen::product_first_screen(catalog, product);
        let page = rewrite(&Edits {
            block: Some(&head),
            replace_title: true,
            tagline: Some(tagline),
            first_screen: Some(&screen),
            feed_source: source.as_deref(),
        })?;
        out.write(&crate::plan::page_path(&product.slug), page.as_bytes())?;
    }
    // The shell: site-wide preview for the home page and every other route.
    let home = home_head(catalog, &facts, &site, &home_card.version);
    let index_html = rewrite(&Edits {
        block: Some(&home),
        tagline: Some(tagline),
        feed_source: source.as_deref(),
        ..Edits::default()
    })?;
    out.write(crate::plan::SHELL, index_html.as_bytes())?;
    // The simple home page, for browsers that cannot run the app.
    out.write(crate::simple::PATH, crate::simple::page(catalog, &facts).as_bytes())?;
    out.write("sitemap.xml", crate::crawlers::sitemap(catalog).as_bytes())?;
    out.write("robots.txt", crate::crawlers::robots(catalog).as_bytes())?;

    // Offline and install support: icons for the manifest, then the service
    // worker, last, because its version covers the files written above.
    if args.assets.join("brand/icons").is_dir() {
        crate::pwa::write_icons(&args.assets, &args.out).map_err(unreadable)?;
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
        out.write("sw.js", worker.as_bytes())?;
    }

    crate::precompress::brotli_assets(&args.out).map_err(unreadable)?;
    let kiosk_dir = args.out.join(crate::pwa::KIOSK_DIR);
    if kiosk_dir.is_dir() {
        crate::precompress::brotli_assets(&kiosk_dir).map_err(unreadable)?;
    }

    let removed = plan.remove_stale(&args.out);
    Ok(Report {
        pages: plan.pages.len(),
        written: out.written,
        unchanged: out.unchanged,
        card_sizes,
        card_seconds,
        total_seconds: started.elapsed().as_secs_f64(),
        removed,
        skipped_errors,
        feed,
        photos,
    })
}
