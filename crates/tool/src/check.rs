//! `nttmart check FEED`: validate a feed and list every problem.

use crate::args::CheckArgs;
use crate::util::load_feed;
use crate::{EXIT_INVALID, EXIT_OK, EXIT_UNREADABLE};
use nttmart_domain::feed::Parsed;
use std::io::Write;

/// Prints every problem (`path: message`, warnings as `path: warning: …`) and
/// a summary line. Exit 0 when valid, 1 when invalid, 2 when unreadable.
pub fn run(args: &CheckArgs, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let parsed = match load_feed(&args.feed) {
        Ok(p) => p,
        Err(message) => {
            let _ = writeln!(err, "{message}");
            return EXIT_UNREADABLE;
        }
    };
    for problem in &parsed.problems {
        let _ = writeln!(out, "{problem}");
    }
    // Photos the feed names, beside it (a feed in `public/` names
    // `img/foto/…` in `public/img/foto/`): missing, unreadable or too small
    // ones would be left out by the build.
    let assets = match args.feed.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let photos = std::fs::read(&args.feed)
        .ok()
        .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
        .map(|v| crate::photos::check_sources(&v, &assets))
        .unwrap_or_default();
    for (path, message) in &photos {
        let _ = writeln!(out, "{path}: {message}");
    }
    let _ = writeln!(out, "{}", summary(&args.feed.display().to_string(), &parsed));
    if !photos.is_empty() {
        let _ = writeln!(out, "{}: {} photo(s) the build would leave out", args.feed.display(), photos.len());
        return EXIT_INVALID;
    }
    if parsed.is_valid() {
        EXIT_OK
    } else {
        EXIT_INVALID
    }
}

/// `catalog.json: valid: 0 errors, 2 warnings; 164 products (41 variants), 50 villages, 22 outlets, 15 categories; schema version 2`
/// (a version-1 feed: `schema version 1, read as 2: one variant per product`).
pub fn summary(name: &str, parsed: &Parsed) -> String {
    let errors = parsed.errors().count();
    let warnings = parsed.warnings().count();
    let verdict = if parsed.is_valid() {
        "valid"
    } else if parsed.catalog.is_some() {
        "INVALID"
    } else {
        "INVALID, unusable"
    };
    let counts = format!("{} {}, {} {}", errors, plural(errors, "error"), warnings, plural(warnings, "warning"));
    match &parsed.catalog {
        Some(c) => format!(
            "{name}: {verdict}: {counts}; {} {}{}, {} {}, {} {}, {} {}; {}",
            c.products.len(),
            plural(c.products.len(), "product"),
            match c.products.iter().filter(|p| !p.options.is_empty()).map(|p| p.variants.len()).sum::<usize>() {
                0 => String::new(),
                n => format!(" ({n} {} of products with options)", plural(n, "variant")),
            },
            c.villages.len(),
            plural(c.villages.len(), "village"),
            c.outlets.len(),
            plural(c.outlets.len(), "outlet"),
            c.categories.len(),
            plural(c.categories.len(), "category"),
            if c.version < nttmart_domain::catalog::SCHEMA_VERSION {
                format!(
                    "schema version {}, read as {}: one variant per product",
                    c.version,
                    nttmart_domain::catalog::SCHEMA_VERSION
                )
            } else {
                format!("schema version {}", c.version)
            },
        ),
        None => format!("{name}: {verdict}: {counts}"),
    }
}

fn plural(n: usize, word: &str) -> String {
    match (n, word) {
        (1, w) => w.to_string(),
        (_, "category") => "categories".to_string(),
        (_, w) => format!("{w}s"),
    }
}
