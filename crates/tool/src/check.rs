//! `nttmart check FEED`: validate a feed and list every problem.

use crate::args::CheckArgs;
use crate::util::load_feed;
use crate::{EXIT_INVALID, EXIT_OK, EXIT_UNREADABLE};
use nttmart_domain::feed::Parsed;
use std::io::Write;
use std::path::{Path, PathBuf};

/// What `check` finds in a feed: one line per problem (`path: message`,
/// warnings as `path: warning: …`), the photos the build would leave out,
/// and the summary line.
pub struct Verdict {
    pub lines: Vec<String>,
    pub summary: String,
    /// No error and no missing photo: the feed may be published.
    pub valid: bool,
}

/// Checks `feed` as `nttmart check` does, its photos (`img/foto/…`) in
/// `photos`. `Err` is the message for exit code 2 (unreadable, not JSON).
pub fn verdict(feed: &Path, photos: &Path) -> Result<Verdict, String> {
    let parsed = load_feed(feed)?;
    let mut lines: Vec<String> = parsed.problems.iter().map(ToString::to_string).collect();
    // Missing, unreadable or too small photos would be left out by the build.
    let missing = std::fs::read(feed)
        .ok()
        .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
        .map(|v| crate::photos::check_sources(&v, photos))
        .unwrap_or_default();
    lines.extend(missing.iter().map(|(path, message)| format!("{path}: {message}")));
    let mut summary = summary(&feed.display().to_string(), &parsed);
    if !missing.is_empty() {
        summary.push_str(&format!("\n{}: {} photo(s) the build would leave out", feed.display(), missing.len()));
    }
    Ok(Verdict { lines, summary, valid: parsed.is_valid() && missing.is_empty() })
}

/// The folder a feed's photos are in: beside it (a feed in `public/` names
/// `img/foto/…` in `public/img/foto/`).
pub fn photos_beside(feed: &Path) -> PathBuf {
    match feed.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Prints every problem and a summary line. Exit 0 when valid, 1 when
/// invalid, 2 when unreadable.
pub fn run(args: &CheckArgs, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    match verdict(&args.feed, &photos_beside(&args.feed)) {
        Ok(verdict) => {
            for line in &verdict.lines {
                let _ = writeln!(out, "{line}");
            }
            let _ = writeln!(out, "{}", verdict.summary);
            if verdict.valid {
                EXIT_OK
            } else {
                EXIT_INVALID
            }
        }
        Err(message) => {
            let _ = writeln!(err, "{message}");
            EXIT_UNREADABLE
        }
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
