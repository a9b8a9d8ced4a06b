//! `nttmart import-csv PRODUCTS.csv --base BASE.json [--villages VILLAGES.csv] -o OUT.json`
//!
//! Reads the files and hands them to the sheet crate's import (the same
//! one the staff workbench runs in the browser); prints every problem as
//! `PRODUCTS.csv row N (nama): column harga: …`, adds the photos the feed
//! names but the folder lacks, and writes the feed only when nothing is an
//! error.

use crate::args::ImportArgs;
use crate::util::write_atomic;
use crate::{EXIT_INVALID, EXIT_OK, EXIT_UNREADABLE};
use nttmart_domain::feed::Severity;
use nttmart_sheet::{feed_json, import, Sources};
use std::io::Write;
use std::path::Path;

pub use nttmart_sheet::import::{
    find_kabupaten, parse_date, parse_halal, split_tags, PRODUCT_COLUMNS, VILLAGE_COLUMNS,
};

pub fn run(args: &ImportArgs, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let read = |path: &Path| std::fs::read(path).map_err(|e| format!("{}: cannot read: {e}", path.display()));
    let names =
        (args.products.display().to_string(), args.base.display().to_string(), args.output.display().to_string());
    let villages_name = args.villages.as_ref().map(|p| p.display().to_string());
    let files = (|| {
        Ok::<_, String>((read(&args.base)?, read(&args.products)?, args.villages.as_deref().map(read).transpose()?))
    })();
    let imported = files.and_then(|(base, products, villages)| {
        import(&Sources {
            products: (&names.0, &products),
            base: (&names.1, &base),
            villages: villages_name.as_deref().zip(villages.as_deref()),
            output: &names.2,
            base_is_published_feed: false,
        })
    });
    let mut imported = match imported {
        Ok(imported) => imported,
        Err(message) => {
            let _ = writeln!(err, "{message}");
            return EXIT_UNREADABLE;
        }
    };
    // The photos named, as the build will find them: beside the feed
    // written (`public/catalog.json` → `public/img/foto/…`).
    if let Some(catalog) = &imported.catalog {
        let assets = match args.output.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => std::path::PathBuf::from("."),
        };
        if let Ok(value) = serde_json::from_str::<serde_json::Value>(&feed_json(catalog)) {
            for (path, message) in crate::photos::check_sources(&value, &assets) {
                let found = imported.locate(&path, Severity::Error, message);
                imported.found.push(found);
            }
        }
    }
    for w in imported.warnings() {
        let _ = writeln!(err, "{w}");
    }
    for e in imported.errors() {
        let _ = writeln!(err, "{e}");
    }
    let Some(catalog) = imported.checked() else {
        let errors = imported.errors().count();
        let _ = writeln!(
            err,
            "{}: not written: {} {} (fix them and run import-csv again)",
            args.output.display(),
            errors,
            if errors == 1 { "error" } else { "errors" }
        );
        return EXIT_INVALID;
    };
    if let Err(e) = write_atomic(&args.output, feed_json(catalog).as_bytes()) {
        let _ = writeln!(err, "{}: cannot write: {e}", args.output.display());
        return EXIT_UNREADABLE;
    }
    let _ = writeln!(
        out,
        "{}: wrote {} products, {} villages, {} outlets, {} categories ({} warnings)",
        args.output.display(),
        catalog.products.len(),
        catalog.villages.len(),
        catalog.outlets.len(),
        catalog.categories.len(),
        imported.warnings().count()
    );
    EXIT_OK
}
