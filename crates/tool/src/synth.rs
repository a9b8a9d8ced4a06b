//! `nttmart synth --count N [--seed S] [--from FEED] -o OUT.json`: a large,
//! realistic catalog for the search benchmarks (1k/10k/50k products), made by
//! recombining the sample catalog's products and villages with varied names,
//! sizes, prices, stock and dates. The same seed always gives the same bytes,
//! and the result always passes `feed::parse` without errors.

use crate::args::SynthArgs;
use crate::util::{feed_json, load_feed, slugify, write_atomic};
use crate::{EXIT_INVALID, EXIT_OK, EXIT_UNREADABLE};
use nttmart_domain::catalog::{Catalog, Localized, Product, ProductOption, Variant};
use nttmart_domain::feed;
use nttmart_domain::money::{Rupiah, MAX_PRICE};
use std::collections::HashSet;
use std::io::Write;

/// xorshift64* seeded through splitmix64: small, fast, deterministic and good
/// enough for test data. Not for anything secret.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        Rng(if z == 0 { 0x2545_F491_4F6C_DD1D } else { z })
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `0..n` (`n > 0`), without modulo bias worth caring about here.
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

const NAME_SUFFIXES: &[&str] = &[
    " Premium",
    " Pilihan",
    " Kemasan Hemat",
    " Edisi Panen Raya",
    " Spesial",
    " Asli Desa",
    " Kualitas Ekspor",
    " Panen Baru",
    " Kemasan Oleh-oleh",
    " Produksi Koperasi",
];

/// Pack sizes that exist in shops; size variants only take these.
const NICE_GRAMS: &[u64] = &[50, 100, 125, 200, 250, 500, 1000, 2000, 5000];
const NICE_MILLILITRES: &[u64] = &[100, 250, 500, 1000];

/// First and last day a synthetic product may have joined the catalog.
const FIRST_DAY: (i64, u32, u32) = (2025, 8, 12);
const LAST_DAY: (i64, u32, u32) = (2026, 11, 20);

pub fn run(args: &SynthArgs, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let parsed = match load_feed(&args.from) {
        Ok(p) => p,
        Err(message) => {
            let _ = writeln!(err, "{message}");
            if args.from.as_os_str() == crate::args::DEFAULT_SYNTH_SOURCE {
                let _ = writeln!(err, "(run from the repository root, or pass --from FEED)");
            }
            return EXIT_UNREADABLE;
        }
    };
    let from = args.from.display();
    let Some(source) = parsed.catalog.as_ref().filter(|_| parsed.is_valid()) else {
        let _ = writeln!(err, "{from}: the template feed is invalid; run `nttmart check {from}`");
        return EXIT_INVALID;
    };
    if source.products.is_empty() {
        let _ = writeln!(err, "{from}: the template feed has no products to recombine");
        return EXIT_INVALID;
    }
    let mut catalog = generate(source, args.count, args.seed);
    if args.variants > 0 {
        with_variants(&mut catalog, args.variants);
    }
    if args.index {
        catalog = nttmart_domain::detail::index_of(&catalog);
    }
    let json = feed_json(&catalog);
    let parse = if args.index { feed::parse_index } else { feed::parse };
    match parse(json.as_bytes()) {
        Ok(p) if p.is_valid() => {}
        Ok(p) => {
            for problem in p.errors().take(20) {
                let _ = writeln!(err, "{problem}");
            }
            let _ =
                writeln!(err, "{}: not written: the generated feed is invalid (a bug in synth)", args.output.display());
            return EXIT_INVALID;
        }
        Err(e) => {
            let _ = writeln!(err, "{}: not written: generated JSON is broken: {e}", args.output.display());
            return EXIT_INVALID;
        }
    }
    if let Err(e) = write_atomic(&args.output, json.as_bytes()) {
        let _ = writeln!(err, "{}: cannot write: {e}", args.output.display());
        return EXIT_UNREADABLE;
    }
    let _ = writeln!(
        out,
        "{}: wrote {} products from {} templates (seed {})",
        args.output.display(),
        catalog.products.len(),
        source.products.len(),
        args.seed
    );
    EXIT_OK
}

/// Builds `count` products by recombining `source`'s products; store, outlets,
/// categories and villages are copied unchanged.
pub fn generate(source: &Catalog, count: usize, seed: u64) -> Catalog {
    let mut rng = Rng::new(seed);
    let first = days_from_civil(FIRST_DAY.0, FIRST_DAY.1, FIRST_DAY.2);
    let last = days_from_civil(LAST_DAY.0, LAST_DAY.1, LAST_DAY.2);
    let mut flagship_taken: HashSet<String> = HashSet::new();
    let width = count.to_string().len().max(5);
    let mut products = Vec::with_capacity(count);
    for i in 0..count {
        let template = rng.pick(&source.products);
        products.push(vary(source, template, i + 1, width, first, last, &mut rng, &mut flagship_taken));
    }
    Catalog {
        version: source.version,
        store: source.store.clone(),
        outlets: source.outlets.clone(),
        categories: source.categories.clone(),
        villages: source.villages.clone(),
        products,
    }
}

/// Sizes for `--variants`, smallest first, with their price factors (%).
const SIZES: [(&str, u64); 10] = [
    ("Kecil", 100),
    ("Sedang", 190),
    ("Besar", 360),
    ("Keluarga", 500),
    ("Grosir 1", 650),
    ("Grosir 2", 800),
    ("Grosir 3", 950),
    ("Grosir 4", 1100),
    ("Grosir 5", 1250),
    ("Grosir 6", 1400),
];

/// Gives every product exactly `n` variants of one option, "Ukuran",
/// priced from its lowest price; ids `<product>-V1`….
pub fn with_variants(catalog: &mut Catalog, n: usize) {
    for p in &mut catalog.products {
        let base = p.first_variant().clone();
        p.options = vec![ProductOption {
            name: Localized { id: "Ukuran".into(), en: "Size".into() },
            values: SIZES[..n].iter().map(|(s, _)| (*s).to_string()).collect(),
        }];
        p.variants = SIZES[..n]
            .iter()
            .enumerate()
            .map(|(i, (size, percent))| Variant {
                id: format!("{}-V{}", p.id, i + 1),
                values: vec![(*size).to_string()],
                price: Rupiah((base.price.0.saturating_mul(*percent) / 100).clamp(1_000, MAX_PRICE.0)),
                compare_at: None,
                stock: base.stock,
                availability: base.availability,
                weight_g: base.weight_g.map(|g| g.saturating_mul(*percent as u32) / 100),
                images: Vec::new(),
            })
            .collect();
    }
}

#[allow(clippy::too_many_arguments)]
fn vary(
    source: &Catalog,
    template: &Product,
    number: usize,
    width: usize,
    first_day: i64,
    last_day: i64,
    rng: &mut Rng,
    flagship_taken: &mut HashSet<String>,
) -> Product {
    let mut p = template.clone();

    // Another village of the same kabupaten now and then, so certification
    // numbers that embed the kabupaten code stay right.
    let kabupaten = source.village(&template.village).map(|v| v.kabupaten.clone());
    if rng.chance(35) {
        let neighbours: Vec<&str> = source
            .villages
            .iter()
            .filter(|v| Some(&v.kabupaten) == kabupaten.as_ref())
            .map(|v| v.id.as_str())
            .collect();
        if !neighbours.is_empty() {
            p.village = rng.pick(&neighbours).to_string();
        }
    }

    if rng.chance(60) {
        let suffix: &str = rng.pick::<&str>(NAME_SUFFIXES);
        if p.name.chars().count() + suffix.chars().count() <= feed::NAME_MAX {
            p.name.push_str(suffix);
        }
    }

    // Size variants for goods sold by weight or volume; price otherwise varies.
    let mut factor_percent: u64 = 80 + rng.below(51); // 80..=130 %
    if let Some((qty, unit)) = parse_size(&template.unit) {
        if rng.chance(25) {
            let (mul_num, mul_den, discount) = *rng.pick(&[(2u64, 1u64, 92u64), (4, 1, 85), (1, 2, 110)]);
            let new_qty = qty * mul_num / mul_den;
            let nice: &[u64] = if unit == "g" { NICE_GRAMS } else { NICE_MILLILITRES };
            if (qty * mul_num) % mul_den == 0 && nice.contains(&new_qty) {
                p.unit = format_size(new_qty, unit);
                factor_percent = factor_percent * mul_num * discount / (mul_den * 100);
            }
        }
    }
    let base_price = template.lowest_price();
    let raw = base_price.0.saturating_mul(factor_percent) / 100;
    let step = if raw >= 1_000_000 {
        50_000
    } else if raw >= 100_000 {
        5_000
    } else {
        500
    };
    let rounded = ((raw + step / 2) / step * step).clamp(1_000, MAX_PRICE.0);
    let scarce = base_price.0 >= 500_000;
    let stock = if rng.chance(5) {
        0
    } else if scarce {
        1 + rng.below(6) as u32
    } else {
        5 + rng.below(196) as u32
    };

    p.added = civil_from_days(first_day + rng.below((last_day - first_day + 1) as u64) as i64);
    p.featured = rng.chance(2);
    p.flagship = template.flagship && p.village == template.village && flagship_taken.insert(p.village.clone());

    let prefix = template.id.split('-').next().filter(|s| !s.is_empty()).unwrap_or("SYN");
    p.id = format!("{prefix}-{number:0width$}");
    // Every variant moves with the first's new price, keeping its markup.
    let many = !p.options.is_empty();
    for (i, v) in p.variants.iter_mut().enumerate() {
        let scaled = v.price.0.saturating_mul(rounded) / base_price.0.max(1);
        v.price = Rupiah(((scaled + step / 2) / step * step).clamp(1_000, MAX_PRICE.0));
        v.compare_at = v.compare_at.filter(|c| *c > v.price);
        v.stock = stock;
        v.id = if many { format!("{}-V{}", p.id, i + 1) } else { p.id.clone() };
    }
    let tail = format!("-{number}");
    let mut base = slugify(&format!("{} {}", p.name, p.unit));
    base.truncate(feed::SLUG_MAX - tail.len());
    p.slug = format!("{}{tail}", base.trim_end_matches('-'));
    p
}

/// `250 g` → `(250, "g")`; `1 kg` → `(1000, "g")`; `650 ml` → `(650, "ml")`.
fn parse_size(unit: &str) -> Option<(u64, &'static str)> {
    let mut parts = unit.split_whitespace();
    let qty: u64 = parts.next()?.parse().ok()?;
    let u = parts.next()?;
    if parts.next().is_some() || qty == 0 {
        return None;
    }
    match u {
        "g" => Some((qty, "g")),
        "kg" => Some((qty * 1000, "g")),
        "ml" => Some((qty, "ml")),
        "l" | "L" | "liter" => Some((qty * 1000, "ml")),
        _ => None,
    }
}

fn format_size(qty: u64, unit: &str) -> String {
    match unit {
        "g" if qty.is_multiple_of(1000) => format!("{} kg", qty / 1000),
        "ml" if qty.is_multiple_of(1000) => format!("{} liter", qty / 1000),
        _ => format!("{qty} {unit}"),
    }
}

/// Days since 1970-01-01 (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> String {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rng_is_deterministic_and_spread() {
        let a: Vec<u64> = {
            let mut r = Rng::new(42);
            (0..5).map(|_| r.next_u64()).collect()
        };
        let b: Vec<u64> = {
            let mut r = Rng::new(42);
            (0..5).map(|_| r.next_u64()).collect()
        };
        assert_eq!(a, b);
        assert_ne!(Rng::new(1).next_u64(), Rng::new(2).next_u64());
        let mut r = Rng::new(0);
        let mut seen = [0u32; 10];
        for _ in 0..10_000 {
            seen[r.below(10) as usize] += 1;
        }
        assert!(seen.iter().all(|&n| (800..1200).contains(&n)), "{seen:?}");
    }

    #[test]
    fn dates_round_trip() {
        assert_eq!(civil_from_days(days_from_civil(2025, 8, 12)), "2025-08-12");
        assert_eq!(civil_from_days(days_from_civil(2028, 2, 29)), "2028-02-29");
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2026, 1, 1) - days_from_civil(2025, 12, 31), 1);
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_size("250 g"), Some((250, "g")));
        assert_eq!(parse_size("1 kg"), Some((1000, "g")));
        assert_eq!(parse_size("1 lembar 200 × 60 cm"), None);
        assert_eq!(format_size(1000, "g"), "1 kg");
        assert_eq!(format_size(500, "g"), "500 g");
        assert_eq!(format_size(1300, "ml"), "1300 ml");
    }
}
