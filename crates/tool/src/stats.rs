//! `nttmart stats FEED`: what the catalog holds, per kabupaten, category,
//! certification and stream, the outlets, and the value of the stock.

use crate::args::StatsArgs;
use crate::util::load_feed;
use crate::{EXIT_INVALID, EXIT_OK, EXIT_UNREADABLE};
use nttmart_domain::catalog::{Catalog, Halal, LaunchStatus, Stream};
use nttmart_domain::kabupaten;
use nttmart_domain::money::group_thousands;
use std::fmt::Write as _;
use std::io::Write;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    pub products: usize,
    pub villages: usize,
    /// All 22 kabupaten/kota in `kabupaten::ALL` order: (full name, products, villages).
    pub per_kabupaten: Vec<(String, usize, usize)>,
    /// Products whose village or kabupaten does not resolve (only in invalid feeds).
    pub unknown_kabupaten: usize,
    /// Categories in feed order: (id, Indonesian name, products).
    pub per_category: Vec<(String, String, usize)>,
    pub halal_certified: usize,
    pub not_halal: usize,
    pub halal_not_applicable: usize,
    pub bpom_md: usize,
    pub bpom_ml: usize,
    pub pirt: usize,
    /// Neither a BPOM nor a P-IRT registration.
    pub no_registration: usize,
    pub ovop: usize,
    pub osop: usize,
    pub ocop: usize,
    pub featured: usize,
    pub flagship: usize,
    pub out_of_stock: usize,
    pub outlets_launched: usize,
    pub outlets_planned: usize,
    pub stock_items: u64,
    /// Sum of price × stock in whole Rupiah.
    pub stock_value: u128,
}

pub fn compute(catalog: &Catalog) -> Stats {
    let mut s = Stats { products: catalog.products.len(), villages: catalog.villages.len(), ..Stats::default() };
    s.per_kabupaten = kabupaten::ALL.iter().map(|k| (k.full_name(), 0, 0)).collect();
    for v in &catalog.villages {
        if let Some(i) = kabupaten::ALL.iter().position(|k| k.slug == v.kabupaten) {
            s.per_kabupaten[i].2 += 1;
        }
    }
    s.per_category = catalog.categories.iter().map(|c| (c.id.clone(), c.name.id.clone(), 0)).collect();
    for p in &catalog.products {
        match catalog.kabupaten_of(p).and_then(|k| kabupaten::ALL.iter().position(|a| a.slug == k.slug)) {
            Some(i) => s.per_kabupaten[i].1 += 1,
            None => s.unknown_kabupaten += 1,
        }
        if let Some(c) = s.per_category.iter_mut().find(|c| c.0 == p.category) {
            c.2 += 1;
        }
        match p.certifications.halal {
            Halal::Certified { .. } => s.halal_certified += 1,
            Halal::NotHalal => s.not_halal += 1,
            Halal::NotApplicable => s.halal_not_applicable += 1,
        }
        let bpom = p.certifications.bpom.as_deref();
        if bpom.is_some_and(|b| b.starts_with("MD")) {
            s.bpom_md += 1;
        }
        if bpom.is_some_and(|b| b.starts_with("ML")) {
            s.bpom_ml += 1;
        }
        if p.certifications.pirt.is_some() {
            s.pirt += 1;
        }
        if bpom.is_none() && p.certifications.pirt.is_none() {
            s.no_registration += 1;
        }
        match p.stream {
            Stream::Ovop => s.ovop += 1,
            Stream::Osop => s.osop += 1,
            Stream::Ocop => s.ocop += 1,
        }
        s.featured += usize::from(p.featured);
        s.flagship += usize::from(p.flagship);
        s.out_of_stock += usize::from(!p.is_orderable());
        for v in &p.variants {
            s.stock_items += u64::from(v.stock);
            s.stock_value += u128::from(v.price.0) * u128::from(v.stock);
        }
    }
    for o in &catalog.outlets {
        match o.status {
            LaunchStatus::Launched => s.outlets_launched += 1,
            LaunchStatus::Planned => s.outlets_planned += 1,
        }
    }
    s
}

/// `Rp 1.234.000`, for amounts beyond `u64` too.
pub fn format_rupiah(amount: u128) -> String {
    match u64::try_from(amount) {
        Ok(n) => format!("Rp {}", group_thousands(n)),
        Err(_) => {
            let high = u64::try_from(amount / 1_000_000_000_000_000_000).unwrap_or(u64::MAX);
            let low = amount % 1_000_000_000_000_000_000;
            format!("Rp {}.{}", group_thousands(high), &group_thousands(1_000_000_000_000_000_000 + low as u64)[2..])
        }
    }
}

pub fn render(name: &str, catalog: &Catalog, s: &Stats) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{name}: {} — {} products, {} villages, {} categories, {} outlets",
        catalog.store.name,
        s.products,
        s.villages,
        s.per_category.len(),
        s.outlets_launched + s.outlets_planned
    );
    let _ = writeln!(o, "\nProducts per kabupaten/kota{:>18}{:>10}", "products", "villages");
    for (full_name, products, villages) in &s.per_kabupaten {
        let _ = writeln!(o, "  {full_name:<33}{products:>10}{villages:>10}");
    }
    if s.unknown_kabupaten > 0 {
        let _ = writeln!(o, "  {:<33}{:>10}", "(unknown village/kabupaten)", s.unknown_kabupaten);
    }
    let _ = writeln!(o, "\nProducts per category{:>24}", "products");
    for (id, name, n) in &s.per_category {
        let label = format!("{name} ({id})");
        let _ = writeln!(o, "  {label:<33}{n:>10}");
    }
    let _ = writeln!(o, "\nProducts per certification{:>19}", "products");
    for (label, n) in [
        ("Halal: certified", s.halal_certified),
        ("Halal: not halal", s.not_halal),
        ("Halal: not applicable", s.halal_not_applicable),
        ("BPOM MD", s.bpom_md),
        ("BPOM ML", s.bpom_ml),
        ("P-IRT", s.pirt),
        ("None (no BPOM, no P-IRT)", s.no_registration),
    ] {
        let _ = writeln!(o, "  {label:<33}{n:>10}");
    }
    let _ = writeln!(o, "\nProducts per stream{:>26}", "products");
    for (label, n) in [
        ("OVOP (One Village One Product)", s.ovop),
        ("OSOP (One School One Product)", s.osop),
        ("OCOP (One Community One Product)", s.ocop),
    ] {
        let _ = writeln!(o, "  {label:<33}{n:>10}");
    }
    let _ = writeln!(o, "\nFeatured: {}; OVOP flagships: {}; out of stock: {}", s.featured, s.flagship, s.out_of_stock);
    let _ = writeln!(o, "Outlets: {} launched, {} planned", s.outlets_launched, s.outlets_planned);
    let _ = writeln!(o, "Stock: {} items, value {}", group_thousands(s.stock_items), format_rupiah(s.stock_value));
    o
}

pub fn run(args: &StatsArgs, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let parsed = match load_feed(&args.feed) {
        Ok(p) => p,
        Err(message) => {
            let _ = writeln!(err, "{message}");
            return EXIT_UNREADABLE;
        }
    };
    let name = args.feed.display().to_string();
    let Some(catalog) = &parsed.catalog else {
        let _ = writeln!(err, "{name}: the feed is not usable; run `nttmart check {name}` to see why");
        return EXIT_INVALID;
    };
    let _ = write!(out, "{}", render(&name, catalog, &compute(catalog)));
    let errors = parsed.errors().count();
    if errors > 0 {
        let _ = writeln!(
            err,
            "{name}: {errors} errors; the numbers leave out the items with errors. Run `nttmart check {name}`."
        );
        return EXIT_INVALID;
    }
    EXIT_OK
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_large_amounts() {
        assert_eq!(format_rupiah(0), "Rp 0");
        assert_eq!(format_rupiah(1_234_000), "Rp 1.234.000");
        assert_eq!(format_rupiah(u128::from(u64::MAX) + 1), "Rp 18.446.744.073.709.551.616");
        assert_eq!(format_rupiah(10u128.pow(21)), "Rp 1.000.000.000.000.000.000.000");
    }
}
