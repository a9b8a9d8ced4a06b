//! The `nttmart` command-line tool for NTT Mart catalog feeds.
//!
//! * `nttmart check FEED` — validate a feed and list every problem.
//! * `nttmart import-csv PRODUCTS.csv --base BASE.json [--villages VILLAGES.csv] -o OUT.json`
//!   — build a feed from a spreadsheet export.
//! * `nttmart stats FEED` — counts per kabupaten, category, certification,
//!   stream, outlets, and the stock value.
//! * `nttmart synth --count N [--seed S] [--from FEED] -o OUT.json` — a large,
//!   deterministic, valid catalog for benchmarks.
//! * `nttmart pages --feed FEED --shell INDEX_HTML --out DIR [--assets DIR]` —
//!   a pre-rendered head (Open Graph, Twitter, JSON-LD) and a share card per
//!   product, the sitemap and robots.txt, for link previews and crawlers;
//!   the app icons and the service worker's precache list (see `pwa`), and
//!   the simple home page for browsers that cannot run the app (`simple`);
//!   first of all the product photos, as AVIF, WebP and JPEG at five
//!   widths without metadata (`photos`), cached in `--photo-cache`.
//! * `nttmart publish FEED --site SITE [--shell DIST]` — check the feed and,
//!   if the shop would show all of it, build a new release of the site from
//!   it (`pages` over hard links to the live release) and swap it in
//!   atomically; `--undo` puts the previous release back (`publish`).
//! * `nttmart sample-photos --feed FEED --out DIR [--count N]` — photograph-
//!   like JPEGs (with EXIF orientation and GPS) of the first N products'
//!   illustrations, for the sample catalogue (`sample_photos`).
//!
//! Exit codes are the same for every command: 0 success (warnings allowed),
//! 1 the data is invalid, 2 a file cannot be read or is not JSON/CSV, or the
//! command line is wrong.

pub mod args;
pub mod cards;
pub mod check;
pub mod crawlers;
pub mod first_screen;
pub mod head;
pub mod import_csv;
pub mod index_feed;
pub mod links;
pub mod markup;
pub mod pages;
pub mod photos;
pub mod plan;
pub mod precompress;
pub mod publish;
pub mod pwa;
pub mod sample_photos;
pub mod share_card;
pub mod shell;
pub mod simple;
pub mod sprite;
pub mod stats;
pub mod synth;
pub mod util;

use std::ffi::OsString;
use std::io::Write;

/// Success; warnings may have been printed.
pub const EXIT_OK: i32 = 0;
/// The data is invalid (feed errors, bad CSV rows).
pub const EXIT_INVALID: i32 = 1;
/// A file cannot be read or is not JSON/CSV, or the command line is wrong.
pub const EXIT_UNREADABLE: i32 = 2;

pub const USAGE: &str = "\
nttmart — tool for the NTT Mart catalog feed (catalog.json)

Usage:
  nttmart check FEED
  nttmart import-csv PRODUCTS.csv --base BASE.json [--villages VILLAGES.csv] -o OUT.json
  nttmart stats FEED
  nttmart synth --count N [--seed S] [--from FEED] -o OUT.json
  nttmart pages --feed FEED --shell INDEX_HTML --out DIR [--assets DIR] [--photo-cache DIR]
  nttmart publish FEED --site SITE [--shell DIST] [--photo-cache DIR] [--keep N]
  nttmart publish --undo --site SITE
  nttmart sample-photos --feed FEED --out DIR [--count N] [--assets DIR]
  nttmart help | --help | --version

Exit codes: 0 ok (warnings allowed), 1 invalid data, 2 unreadable file or wrong usage.
See docs/feed.md for the feed format and the CSV columns.
";

/// Runs one command line (without the program name) and returns the exit code.
pub fn run(args: &[OsString], out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let args: Vec<String> = match args.iter().map(|a| a.clone().into_string()).collect() {
        Ok(a) => a,
        Err(bad) => {
            let _ = writeln!(err, "nttmart: argument is not valid UTF-8: {}", bad.to_string_lossy());
            return EXIT_UNREADABLE;
        }
    };
    let Some((command, rest)) = args.split_first() else {
        let _ = write!(err, "{USAGE}");
        return EXIT_UNREADABLE;
    };
    let result = match command.as_str() {
        "check" => args::parse_check(rest).map(|a| check::run(&a, out, err)),
        "import-csv" => args::parse_import(rest).map(|a| import_csv::run(&a, out, err)),
        "stats" => args::parse_stats(rest).map(|a| stats::run(&a, out, err)),
        "synth" => args::parse_synth(rest).map(|a| synth::run(&a, out, err)),
        "pages" => args::parse_pages(rest).map(|a| pages::run(&a, out, err)),
        "publish" => args::parse_publish(rest).map(|a| publish::run(&a, out, err)),
        "sample-photos" => args::parse_sample_photos(rest).map(|a| sample_photos::run(&a, out, err)),
        "help" | "--help" | "-h" => {
            let _ = write!(out, "{USAGE}");
            Ok(EXIT_OK)
        }
        "--version" | "-V" => {
            let _ = writeln!(out, "nttmart {}", env!("CARGO_PKG_VERSION"));
            Ok(EXIT_OK)
        }
        other => Err(format!("unknown command `{other}`")),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            let _ = writeln!(err, "nttmart: {message}\n\n{USAGE}");
            EXIT_UNREADABLE
        }
    }
}
