//! A product spreadsheet (and optionally a villages spreadsheet) plus a
//! base feed into a feed. The store, outlets, categories and villages come
//! from the base feed (villages optionally replaced or extended by the
//! villages CSV); the products come from the CSV. Every bad row is a
//! [`Found`] at its row and column; the assembled feed is then validated
//! with `feed::parse`, and is to be written only when nothing is an error.

use crate::table::{self, header_key, Row, Table};
use crate::text::{is_iso_date, one_line, slugify};
use nttmart_domain::catalog::{
    Availability, Catalog, Category, Certifications, Focus, Halal, Image, Localized, Outlet, Producer, Product,
    ProductOption, Store, Stream, Variant, Village, SCHEMA_VERSION,
};
use nttmart_domain::feed::{self, Severity};
use nttmart_domain::kabupaten;
use nttmart_domain::money::Rupiah;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::HashMap;
use std::fmt;

/// A product CSV column: its canonical name (used in messages and docs), the
/// header spellings accepted, and whether it must be present.
pub struct Column {
    pub name: &'static str,
    pub synonyms: &'static [&'static str],
    pub required: bool,
}

const fn col(name: &'static str, synonyms: &'static [&'static str], required: bool) -> Column {
    Column { name, synonyms, required }
}

/// The product columns, in the order of docs/feed.md.
pub const PRODUCT_COLUMNS: &[Column] = &[
    col("id", &["id", "kode", "kodeproduk", "sku"], true),
    col("slug", &["slug"], false),
    col("nama", &["nama", "namaproduk", "produk", "name"], true),
    col("deskripsi", &["deskripsi", "keterangan", "description"], true),
    col("kategori", &["kategori", "category"], true),
    col("desa", &["desa", "iddesa", "village"], true),
    col("produsen", &["produsen", "pembuat", "umkm", "producer"], true),
    col("nib", &["nib", "nibprodusen"], false),
    col("harga", &["harga", "hargarp", "price"], true),
    col("satuan", &["satuan", "ukuran", "kemasan", "unit"], true),
    col("berat_g", &["beratg", "berat", "beratgram", "weight", "weightg"], false),
    col("stok", &["stok", "stock", "jumlahstok"], true),
    col("gambar", &["gambar", "foto", "image", "images"], true),
    col("alt_gambar", &["altgambar", "alt", "altfoto", "keterangangambar"], false),
    col("alt_gambar_en", &["altgambaren", "alten", "altfotoen", "altenglish"], false),
    col("fokus_gambar", &["fokusgambar", "fokus", "fokusfoto", "focus", "focalpoint"], false),
    col("tag", &["tag", "tags", "label"], false),
    col("unggulan", &["unggulan", "featured", "produkunggulan"], false),
    col("ovop_unggulan", &["ovopunggulan", "flagship", "unggulandesa", "unggulanovop"], false),
    col("tanggal", &["tanggal", "tanggalmasuk", "tgl", "added"], true),
    col("program", &["program", "stream", "jalur"], false),
    col("halal", &["halal", "sertifikathalal", "statushalal"], true),
    col("bpom", &["bpom", "nobpom", "izinbpom"], false),
    col("pirt", &["pirt", "nopirt", "sppirt"], false),
    col("varian", &["varian", "idvarian", "skuvarian", "kodevarian", "variant"], false),
    col("opsi", &["opsi", "pilihan", "options"], false),
    col("opsi_en", &["opsien", "optionsen", "opsiinggris"], false),
    col("harga_coret", &["hargacoret", "hargasebelumdiskon", "compareat"], false),
    col("ketersediaan", &["ketersediaan", "availability", "status"], false),
    col("lama_hari", &["lamahari", "lamapembuatan", "leaddays", "waktupembuatan"], false),
    col("gambar_varian", &["gambarvarian", "fotovarian", "variantimages"], false),
];

/// The columns that describe one variant; a product's further rows (its
/// other variants) give only these.
const VARIANT_COLUMNS: &[&str] =
    &["varian", "opsi", "harga", "harga_coret", "berat_g", "stok", "ketersediaan", "lama_hari", "gambar_varian"];

/// The villages CSV columns.
pub const VILLAGE_COLUMNS: &[Column] = &[
    col("id", &["id", "iddesa", "slug"], false),
    col("nama", &["nama", "namadesa", "desa", "name"], true),
    col("kabupaten", &["kabupaten", "kabupatenkota", "kabkota", "kab"], true),
    col("koperasi", &["koperasi", "cooperative", "kopdes"], false),
    col("unggulan", &["unggulan", "produkunggulan", "flagship", "ovop"], true),
    col("cerita", &["cerita", "kisah", "story", "deskripsi"], true),
];

/// One problem found while importing, where staff will look for it: a
/// CSV file's row and column, or a JSON path in the base feed or the
/// assembled feed. Its `Display` is the tool's one-line message
/// (`produk.csv row 7 (Kopi Bajawa): column harga: …`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    pub severity: Severity,
    /// The file: the products or villages CSV, the base feed, or the output.
    pub file: String,
    /// Spreadsheet row (the header is row 1).
    pub row: Option<usize>,
    /// The product's or village's name, so the row is recognised.
    pub label: Option<String>,
    /// The CSV column (its canonical name), or [`WHOLE_ROW`].
    pub column: Option<String>,
    /// A JSON path: in the base feed, or what the feed validator found in
    /// the assembled feed.
    pub path: Option<String>,
    /// In English, as the tool prints it; `bahasa::indonesian` gives the
    /// workbench's Indonesian.
    pub message: String,
}

/// `Found::column` of a problem with the row as a whole (too many cells).
pub const WHOLE_ROW: &str = "(row)";

impl Found {
    fn in_file(severity: Severity, file: &str, message: impl Into<String>) -> Found {
        Found {
            severity,
            file: file.to_string(),
            row: None,
            label: None,
            column: None,
            path: None,
            message: message.into(),
        }
    }

    fn at_path(severity: Severity, file: &str, path: &str, message: impl Into<String>) -> Found {
        Found { path: Some(path.to_string()), ..Found::in_file(severity, file, message) }
    }

    fn at_cell(file: &str, row: usize, label: Option<&str>, column: &str, message: impl Into<String>) -> Found {
        Found {
            row: Some(row),
            label: label.map(str::to_string),
            column: Some(column.to_string()),
            ..Found::in_file(Severity::Error, file, message)
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The CSV column a problem is in: its own, or for a problem the feed
    /// validator found in a product, the column that fills that field
    /// (`products[3].variants[1].price` → `harga`).
    pub fn csv_column(&self) -> Option<&str> {
        if let Some(c) = self.column.as_deref() {
            return Some(c);
        }
        let path = self.path.as_deref()?;
        let rest = path.strip_prefix("products[")?.split_once("].")?.1;
        let rest = match rest.strip_prefix("variants[") {
            Some(v) => v.split_once("].").map_or("", |(_, r)| r),
            None => rest,
        };
        let field = rest.split(['.', '[']).next()?;
        COLUMN_OF_FIELD.iter().find(|(f, _)| *f == field).map(|(_, c)| *c)
    }
}

/// The product CSV column that fills each feed field.
const COLUMN_OF_FIELD: &[(&str, &str)] = &[
    ("id", "id"),
    ("slug", "slug"),
    ("name", "nama"),
    ("description", "deskripsi"),
    ("category", "kategori"),
    ("village", "desa"),
    ("producer", "produsen"),
    ("unit", "satuan"),
    ("images", "gambar"),
    ("tags", "tag"),
    ("featured", "unggulan"),
    ("flagship", "ovop_unggulan"),
    ("added", "tanggal"),
    ("stream", "program"),
    ("certifications", "halal"),
    ("options", "opsi"),
    ("values", "opsi"),
    ("price", "harga"),
    ("compare_at", "harga_coret"),
    ("stock", "stok"),
    ("availability", "ketersediaan"),
    ("weight_g", "berat_g"),
];

impl fmt::Display for Found {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(row) = self.row {
            write!(f, " row {row}")?;
        }
        if let Some(label) = &self.label {
            write!(f, " ({label})")?;
        }
        f.write_str(": ")?;
        if let Some(path) = &self.path {
            write!(f, "{path}: ")?;
        }
        match self.column.as_deref() {
            Some(WHOLE_ROW) => f.write_str("row: ")?,
            Some(column) => write!(f, "column {column}: ")?,
            None => {}
        }
        if self.severity == Severity::Warning {
            f.write_str("warning: ")?;
        }
        f.write_str(&self.message)
    }
}

/// The files an import reads, by name (for messages) and contents.
pub struct Sources<'a> {
    pub products: (&'a str, &'a [u8]),
    /// The feed that gives the store, outlets, categories and villages.
    pub base: (&'a str, &'a [u8]),
    pub villages: Option<(&'a str, &'a [u8])>,
    /// The name of the feed to be written, for problems of the feed as a
    /// whole.
    pub output: &'a str,
    /// The base is a whole published feed (the workbench starts from the
    /// site's catalog.json): its products are replaced without a warning.
    pub base_is_published_feed: bool,
}

/// An import's outcome: every problem, and the assembled catalog (the one
/// to write when there is no error).
#[derive(Clone, Debug, Default)]
pub struct Imported {
    pub found: Vec<Found>,
    pub catalog: Option<Catalog>,
    /// Where each product of `catalog` came from: its first row, its label
    /// and the rows of its variants.
    pub product_rows: Vec<ProductRows>,
    village_rows: Vec<Option<usize>>,
    products_file: String,
    villages_file: Option<String>,
    base_file: String,
    output: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProductRows {
    pub row: usize,
    pub label: String,
    pub variant_rows: Vec<usize>,
}

impl Imported {
    pub fn errors(&self) -> impl Iterator<Item = &Found> {
        self.found.iter().filter(|f| f.is_error())
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Found> {
        self.found.iter().filter(|f| !f.is_error())
    }

    /// The catalog to write: only when nothing is wrong.
    pub fn checked(&self) -> Option<&Catalog> {
        self.catalog.as_ref().filter(|_| self.errors().next().is_none())
    }

    /// Places a problem at JSON `path` of the assembled feed back in its
    /// source: a product's (or variant's) CSV row, a village's CSV row,
    /// the base feed for everything else.
    pub fn locate(&self, path: &str, severity: Severity, message: impl Into<String>) -> Found {
        let mut found = Found::at_path(severity, &self.base_file, path, message);
        if let Some(i) = index_in(path, "products") {
            if let Some(p) = self.product_rows.get(i) {
                let rest = path.split_once("].").map_or("", |(_, r)| r);
                let row = index_in(rest, "variants").and_then(|v| p.variant_rows.get(v)).unwrap_or(&p.row);
                found.file = self.products_file.clone();
                found.row = Some(*row);
                found.label = Some(p.label.clone());
                return found;
            }
        }
        if let Some(i) = index_in(path, "villages") {
            if let (Some(Some(row)), Some(file)) = (self.village_rows.get(i), self.villages_file.as_ref()) {
                found.file = file.clone();
                found.row = Some(*row);
                return found;
            }
        }
        if path.is_empty() || path == "products" || path == "version" {
            found.file = self.output.clone();
        }
        found
    }
}

/// Reads the sources into a catalog and checks it, in one go. `Err` when a
/// file cannot be read at all (a CSV that is not UTF-8 text, a base feed
/// that is not JSON); everything else is a `Found`.
pub fn import(sources: &Sources) -> Result<Imported, String> {
    let mut importer = Importer::new(sources)?;
    while let Step::More { .. } = importer.step(usize::MAX) {}
    Ok(importer.finish())
}

/// How far an [`Importer`] has come.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Products read so far, of how many.
    More {
        done: usize,
        of: usize,
    },
    Done,
}

/// An import done a slice at a time, so the workbench can read a 10,000-row
/// sheet on the page's own thread without freezing it: `step` reads a
/// bounded number of products, and the page paints (and answers the
/// keyboard) between steps. The last step checks the assembled feed.
pub struct Importer {
    imported: Imported,
    report: Report,
    products_table: Table,
    base: Option<Base>,
    villages: Vec<Village>,
    plan: Option<ProductPlan>,
    next_group: usize,
    seen: Seen,
    read: (Vec<Product>, Vec<ProductRows>),
    /// The assembled feed's text, between the two last steps (writing it
    /// and checking it take about as long as each other).
    assembled: Option<String>,
    checked: bool,
}

impl Importer {
    /// Reads the base feed, both sheets and the villages (quick next to
    /// the products).
    pub fn new(sources: &Sources) -> Result<Importer, String> {
        let (base_name, base_bytes) = sources.base;
        let (products_name, products_bytes) = sources.products;
        let mut report = Report::default();
        let base = read_base(base_name, base_bytes, sources.base_is_published_feed, &mut report)?;
        let products_table = table::parse(products_bytes).map_err(|e| format!("{products_name}: {e}"))?;
        let villages_table = match sources.villages {
            Some((name, bytes)) => Some((name, table::parse(bytes).map_err(|e| format!("{name}: {e}"))?)),
            None => None,
        };
        let mut imported = Imported {
            products_file: products_name.to_string(),
            villages_file: sources.villages.map(|(name, _)| name.to_string()),
            base_file: base_name.to_string(),
            output: sources.output.to_string(),
            ..Imported::default()
        };
        let mut villages = Vec::new();
        let mut plan = None;
        if let Some(base) = &base {
            villages = base.villages.clone();
            let mut village_rows = vec![None; villages.len()];
            if let Some((name, table)) = &villages_table {
                for (row, village) in read_villages(name, table, &mut report) {
                    match villages.iter().position(|v| v.id == village.id) {
                        Some(i) => {
                            villages[i] = village;
                            village_rows[i] = Some(row);
                        }
                        None => {
                            villages.push(village);
                            village_rows.push(Some(row));
                        }
                    }
                }
            }
            imported.village_rows = village_rows;
            plan = plan_products(products_name, &products_table, &mut report);
        }
        Ok(Importer {
            imported,
            report,
            products_table,
            base,
            villages,
            plan,
            next_group: 0,
            seen: Seen::default(),
            read: (Vec::new(), Vec::new()),
            assembled: None,
            checked: false,
        })
    }

    /// Reads up to `products` more products, or, when all are read, checks
    /// the assembled feed.
    pub fn step(&mut self, products: usize) -> Step {
        let (Some(base), Some(plan)) = (&self.base, &self.plan) else {
            return Step::Done;
        };
        let of = plan.groups.len();
        if self.next_group < of {
            let end = self.next_group.saturating_add(products.max(1)).min(of);
            for g in self.next_group..end {
                read_product(
                    &self.imported.products_file,
                    &self.products_table,
                    plan,
                    &plan.groups[g],
                    base,
                    &self.villages,
                    &mut self.seen,
                    &mut self.read,
                    &mut self.report,
                );
            }
            self.next_group = end;
            return Step::More { done: end, of };
        }
        if self.assembled.is_none() && !self.checked {
            self.assemble();
            return Step::More { done: of, of };
        }
        if !self.checked {
            self.checked = true;
            self.check();
        }
        Step::Done
    }

    /// The catalog from the products read, and the feed's text.
    fn assemble(&mut self) {
        let Some(base) = &self.base else { return };
        let (products, product_rows) = std::mem::take(&mut self.read);
        let catalog = Catalog {
            version: SCHEMA_VERSION,
            store: base.store.clone(),
            outlets: base.outlets.clone(),
            categories: base.categories.clone(),
            villages: std::mem::take(&mut self.villages),
            products,
        };
        self.imported.product_rows = product_rows;
        self.assembled = Some(feed_json(&catalog));
        self.imported.catalog = Some(catalog);
    }

    /// The final word is the feed validator's, on exactly the bytes that
    /// would be written.
    fn check(&mut self) {
        let Some(json) = self.assembled.take() else { return };
        let output = self.imported.output.clone();
        match feed::parse(json.as_bytes()) {
            Err(e) => self.report.error(Found::in_file(
                Severity::Error,
                &output,
                format!("the assembled feed is not JSON: {e}"),
            )),
            Ok(parsed) => {
                for problem in &parsed.problems {
                    let path = if problem.path.is_empty() { "(feed)" } else { &problem.path };
                    self.report.found.push(self.imported.locate(path, problem.severity, problem.message.clone()));
                }
                if parsed.catalog.is_none() && parsed.errors().next().is_none() {
                    self.report.error(Found::in_file(Severity::Error, &output, "the assembled feed is not usable"));
                }
            }
        }
    }

    /// The outcome (call after `step` returned `Done`).
    pub fn finish(mut self) -> Imported {
        while let Step::More { .. } = self.step(usize::MAX) {}
        self.imported.found = self.report.found;
        self.imported
    }
}

/// Serialises a catalog the way feeds are always written: pretty JSON,
/// two-space indentation, a final newline. The workbench's download and
/// `nttmart import-csv` both write this, byte for byte.
pub fn feed_json(catalog: &Catalog) -> String {
    let mut s = serde_json::to_string_pretty(catalog).expect("a catalog always serialises");
    s.push('\n');
    s
}

#[derive(Default)]
struct Report {
    found: Vec<Found>,
}

impl Report {
    fn error(&mut self, found: Found) {
        self.found.push(found);
    }

    fn warning(&mut self, found: Found) {
        self.found.push(Found { severity: Severity::Warning, ..found });
    }
}

/// `products[12].price` → `Some(12)` for `products`.
fn index_in(path: &str, array: &str) -> Option<usize> {
    let rest = path.strip_prefix(array)?.strip_prefix('[')?;
    let end = rest.find(']')?;
    rest[..end].parse().ok()
}

struct Base {
    store: Store,
    outlets: Vec<Outlet>,
    categories: Vec<Category>,
    villages: Vec<Village>,
}

/// Reads the base feed leniently (it has no products, so it is not a valid
/// feed on its own). `Err` when it is not JSON; `Ok(None)` when its
/// structure is wrong (reported).
fn read_base(name: &str, bytes: &[u8], published: bool, report: &mut Report) -> Result<Option<Base>, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let value: Value =
        serde_json::from_slice(bytes).map_err(|e| format!("{name}: line {}, column {}: {e}", e.line(), e.column()))?;
    let Value::Object(map) = value else {
        report.error(Found::in_file(Severity::Error, name, "the base feed must be a JSON object"));
        return Ok(None);
    };
    if let Some(v) = map.get("version") {
        // A version-1 base is a version-2 one: the base has no products.
        if !v.as_u64().is_some_and(|v| (1..=u64::from(SCHEMA_VERSION)).contains(&v)) {
            report.error(Found::at_path(
                Severity::Error,
                name,
                "version",
                format!("this tool reads schema versions 1 to {SCHEMA_VERSION}, not {v}"),
            ));
        }
    }
    match map.get("products") {
        Some(Value::Array(a)) if a.is_empty() => {}
        None => {}
        Some(_) if published => {}
        Some(_) => report.warning(Found::at_path(
            Severity::Warning,
            name,
            "products",
            "products in the base feed are ignored; they come from the CSV",
        )),
    }
    let store: Option<Store> = field(&map, "store", name, report);
    let outlets: Option<Vec<Outlet>> = list(&map, "outlets", name, report);
    let categories: Option<Vec<Category>> = list(&map, "categories", name, report);
    let villages: Option<Vec<Village>> = list(&map, "villages", name, report);
    Ok(match (store, outlets, categories, villages) {
        (Some(store), Some(outlets), Some(categories), Some(villages)) => {
            Some(Base { store, outlets, categories, villages })
        }
        _ => None,
    })
}

fn field<T: DeserializeOwned>(
    map: &serde_json::Map<String, Value>,
    key: &str,
    name: &str,
    report: &mut Report,
) -> Option<T> {
    let Some(v) = map.get(key) else {
        report.error(Found::at_path(Severity::Error, name, key, "missing"));
        return None;
    };
    serde_json::from_value(v.clone())
        .map_err(|e| report.error(Found::at_path(Severity::Error, name, key, e.to_string())))
        .ok()
}

fn list<T: DeserializeOwned>(
    map: &serde_json::Map<String, Value>,
    key: &str,
    name: &str,
    report: &mut Report,
) -> Option<Vec<T>> {
    let items = match map.get(key) {
        Some(Value::Array(items)) => items,
        Some(_) => {
            report.error(Found::at_path(Severity::Error, name, key, "must be a list"));
            return None;
        }
        None => {
            report.error(Found::at_path(Severity::Error, name, key, "missing"));
            return None;
        }
    };
    let mut ok = true;
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        match serde_json::from_value(item.clone()) {
            Ok(v) => out.push(v),
            Err(e) => {
                ok = false;
                report.error(Found::at_path(Severity::Error, name, &format!("{key}[{i}]"), e.to_string()));
            }
        }
    }
    ok.then_some(out)
}

/// Maps the table's headers to the known columns: `positions[c]` is the cell
/// index of column `c`. Unknown headers are warnings, missing required
/// columns and duplicates are errors.
fn map_columns(file: &str, table: &Table, columns: &[Column], report: &mut Report) -> Option<Vec<Option<usize>>> {
    let mut positions: Vec<Option<usize>> = vec![None; columns.len()];
    let mut ok = true;
    for (i, header) in table.headers.iter().enumerate() {
        let key = header_key(header);
        if key.is_empty() {
            continue;
        }
        match columns.iter().position(|c| c.synonyms.contains(&key.as_str())) {
            Some(c) if positions[c].is_some() => {
                ok = false;
                report.error(Found::at_cell(
                    file,
                    1,
                    None,
                    columns[c].name,
                    format!("appears twice (`{}` and `{header}`)", table.headers[positions[c].unwrap_or(0)]),
                ));
            }
            Some(c) => positions[c] = Some(i),
            None => report.warning(Found {
                row: Some(1),
                ..Found::in_file(Severity::Warning, file, format!("unknown column `{header}` is ignored"))
            }),
        }
    }
    for (c, column) in columns.iter().enumerate() {
        if column.required && positions[c].is_none() {
            ok = false;
            report.error(Found::at_cell(file, 1, None, column.name, "missing from the header row"));
        }
    }
    ok.then_some(positions)
}

/// One row's cells by column name, and the problems found in it.
struct Cells<'a> {
    row: &'a Row,
    positions: &'a [Option<usize>],
    columns: &'static [Column],
    problems: Vec<(String, String)>,
}

impl<'a> Cells<'a> {
    fn get(&self, name: &str) -> &'a str {
        let c = self.columns.iter().position(|c| c.name == name).expect("known column");
        self.positions[c].and_then(|i| self.row.cells.get(i)).map(String::as_str).unwrap_or("")
    }

    fn problem(&mut self, column: &str, message: impl Into<String>) {
        self.problems.push((column.to_string(), message.into()));
    }

    fn required(&mut self, name: &str) -> Option<&'a str> {
        let v = self.get(name);
        if v.is_empty() {
            self.problem(name, "is empty");
            None
        } else {
            Some(v)
        }
    }
}

fn row_label(row: &Row, positions: &[Option<usize>], columns: &[Column]) -> String {
    let cell = |name: &str| {
        let c = columns.iter().position(|c| c.name == name)?;
        positions[c].and_then(|i| row.cells.get(i)).filter(|s| !s.is_empty()).cloned()
    };
    let label = cell("nama").or_else(|| cell("id")).unwrap_or_else(|| "tanpa nama".to_string());
    one_line(&label)
}

fn read_villages(file: &str, table: &Table, report: &mut Report) -> Vec<(usize, Village)> {
    let Some(positions) = map_columns(file, table, VILLAGE_COLUMNS, report) else {
        return Vec::new();
    };
    let mut villages: Vec<(usize, Village)> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for row in table.rows.iter().filter(|r| !r.is_blank()) {
        let mut cells = Cells { row, positions: &positions, columns: VILLAGE_COLUMNS, problems: Vec::new() };
        check_cell_count(&mut cells, table.headers.len(), table.delimiter);
        let name = cells.required("nama").map(one_line);
        let kab = cells.required("kabupaten").and_then(|k| match find_kabupaten(k) {
            Some(k) => Some(k),
            None => {
                cells.problem(
                    "kabupaten",
                    format!("`{k}` is not a kabupaten/kota of NTT; write e.g. `Ngada`, `ngada` or `5309`"),
                );
                None
            }
        });
        let flagship = cells.required("unggulan").map(one_line);
        let story = cells.required("cerita").map(str::to_string);
        let id = match (cells.get("id"), &name, kab) {
            ("", Some(n), Some(k)) => Some(slugify(&format!("{n} {}", k.slug))),
            ("", _, _) => None,
            (id, _, _) if slugify(id) == id => Some(id.to_string()),
            (id, _, _) => {
                cells.problem(
                    "id",
                    format!("`{id}` is not a slug; use lowercase letters, digits and hyphens, e.g. `{}`", slugify(id)),
                );
                None
            }
        };
        if let Some(id) = &id {
            if let Some(first) = seen.get(id) {
                cells.problem("id", format!("`{id}` is already used by row {first}"));
            }
        }
        let cooperative = match (cells.get("koperasi"), &name) {
            ("", Some(n)) => Some(format!("Koperasi Desa Merah Putih {n}")),
            ("", None) => None,
            (k, _) => Some(one_line(k)),
        };
        if !cells.problems.is_empty() {
            let label = row_label(row, &positions, VILLAGE_COLUMNS);
            for (column, message) in cells.problems {
                report.error(Found::at_cell(file, row.number, Some(&label), &column, message));
            }
            continue;
        }
        if let (Some(id), Some(name), Some(kab), Some(cooperative), Some(flagship), Some(story)) =
            (id, name, kab, cooperative, flagship, story)
        {
            seen.insert(id.clone(), row.number);
            villages.push((
                row.number,
                Village { id, name, kabupaten: kab.slug.to_string(), cooperative, flagship, story },
            ));
        }
    }
    villages
}

fn check_cell_count(cells: &mut Cells, header_len: usize, delimiter: u8) {
    let extra = cells.row.cells.iter().skip(header_len).filter(|c| !c.is_empty()).count();
    if extra > 0 {
        cells.problem(
            WHOLE_ROW,
            format!(
                "has {} cells but the header has {header_len}; a cell containing `{}` must be in double quotes",
                cells.row.cells.len(),
                delimiter as char
            ),
        );
    }
}

/// A kabupaten by slug, name, full name ("Kabupaten Ngada") or BPS code.
pub fn find_kabupaten(text: &str) -> Option<&'static kabupaten::Kabupaten> {
    let t = one_line(text);
    let key = slugify(&t);
    let stripped = key.strip_prefix("kabupaten-").or_else(|| key.strip_prefix("kab-")).unwrap_or(&key);
    kabupaten::ALL.iter().find(|k| {
        k.code == t
            || k.slug == key
            || k.slug == stripped
            || slugify(k.name) == stripped
            || slugify(&k.full_name()) == key
    })
}

/// The product sheet's columns and its rows grouped by product: a
/// product's first row, and the further rows of its other variants (same
/// id, with the `opsi` column filled in). Row positions index `table.rows`.
struct ProductPlan {
    positions: Vec<Option<usize>>,
    groups: Vec<Vec<usize>>,
}

fn plan_products(file: &str, table: &Table, report: &mut Report) -> Option<ProductPlan> {
    let positions = map_columns(file, table, PRODUCT_COLUMNS, report)?;
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut group_of: HashMap<String, usize> = HashMap::new();
    for (at, row) in table.rows.iter().enumerate().filter(|(_, r)| !r.is_blank()) {
        let cells = Cells { row, positions: &positions, columns: PRODUCT_COLUMNS, problems: Vec::new() };
        let id = cells.get("id").trim();
        match group_of.get(id) {
            Some(&g) if !id.is_empty() && !cells.get("opsi").is_empty() => groups[g].push(at),
            _ => {
                if !id.is_empty() && !group_of.contains_key(id) {
                    group_of.insert(id.to_string(), groups.len());
                }
                groups.push(vec![at]);
            }
        }
    }
    if groups.is_empty() {
        report.error(Found::in_file(Severity::Error, file, "no product rows below the header"));
    }
    Some(ProductPlan { positions, groups })
}

/// What reading the products has seen so far: ids and slugs by first row.
#[derive(Default)]
struct Seen {
    ids: HashMap<String, usize>,
    slugs: HashMap<String, usize>,
}

/// Reads one product (one group of rows) into `products`, or reports its
/// problems.
#[allow(clippy::too_many_arguments)]
fn read_product(
    file: &str,
    table: &Table,
    plan: &ProductPlan,
    group: &[usize],
    base: &Base,
    villages: &[Village],
    seen: &mut Seen,
    out: &mut (Vec<Product>, Vec<ProductRows>),
    report: &mut Report,
) {
    let positions = &plan.positions;
    let group: Vec<&Row> = group.iter().map(|&at| &table.rows[at]).collect();
    let row = group[0];
    let mut cells = Cells { row, positions, columns: PRODUCT_COLUMNS, problems: Vec::new() };
    check_cell_count(&mut cells, table.headers.len(), table.delimiter);
    let mut product = product_from_row(&mut cells, &base.categories, villages);
    let label = row_label(row, positions, PRODUCT_COLUMNS);
    if let Some(p) = &product {
        if let Some(first) = seen.ids.get(&p.id) {
            let hint = "; to list a product's variants, fill in the opsi column on each of its rows";
            cells.problem("id", format!("`{}` is already used by row {first}{hint}", p.id));
        }
        if let Some(first) = seen.slugs.get(&p.slug) {
            let hint = if cells.get("slug").is_empty() { "; fill in the slug column to tell them apart" } else { "" };
            cells.problem("slug", format!("`{}` is already used by row {first}{hint}", p.slug));
        }
    }
    let mut problems: Vec<(usize, String, String)> =
        cells.problems.into_iter().map(|(c, m)| (row.number, c, m)).collect();
    if let Some(p) = product.as_mut() {
        if !row_cells(row, positions, "opsi").is_empty() {
            match variants_from_rows(&group, positions, table, p) {
                Ok(()) => {}
                Err(mut more) => problems.append(&mut more),
            }
        }
    }
    if !problems.is_empty() {
        for (number, column, message) in problems {
            report.error(Found::at_cell(file, number, Some(&label), &column, message));
        }
        return;
    }
    if let Some(p) = product {
        seen.ids.insert(p.id.clone(), row.number);
        seen.slugs.insert(p.slug.clone(), row.number);
        out.1.push(ProductRows { row: row.number, label, variant_rows: group.iter().map(|r| r.number).collect() });
        out.0.push(p);
    }
}

fn row_cells<'r>(row: &'r Row, positions: &[Option<usize>], name: &str) -> &'r str {
    let c = PRODUCT_COLUMNS.iter().position(|c| c.name == name).expect("known column");
    positions[c].and_then(|i| row.cells.get(i)).map(String::as_str).unwrap_or("").trim()
}

/// Turns a product read from its first row into one with options: each of
/// its rows is a variant, `opsi` giving its values as `Gilingan: Bubuk;
/// Berat: 500 g` (the options and their values in the order first seen),
/// `opsi_en` the options' English names on the first row. Other columns of
/// further rows must be empty or the same as the first row's. Problems
/// are `(row, column, message)`.
fn variants_from_rows(
    group: &[&Row],
    positions: &[Option<usize>],
    table: &Table,
    product: &mut Product,
) -> Result<(), Vec<(usize, String, String)>> {
    let mut problems = Vec::new();
    let mut options: Vec<ProductOption> = Vec::new();
    let mut chosen: Vec<Vec<(usize, String)>> = Vec::new();
    for row in group {
        let mut values = Vec::new();
        for part in row_cells(row, positions, "opsi").split(';').map(str::trim).filter(|s| !s.is_empty()) {
            let Some((name, value)) = part.split_once(':').map(|(n, v)| (one_line(n), one_line(v))) else {
                problems.push((
                    row.number,
                    "opsi".into(),
                    format!("`{part}` is not `option: value`; write e.g. `Gilingan: Bubuk; Berat: 500 g`"),
                ));
                continue;
            };
            let o = match options.iter().position(|o| o.name.id.eq_ignore_ascii_case(&name)) {
                Some(o) => o,
                None => {
                    options
                        .push(ProductOption { name: Localized { id: name.clone(), en: name.clone() }, values: vec![] });
                    options.len() - 1
                }
            };
            if !options[o].values.contains(&value) {
                options[o].values.push(value.clone());
            }
            values.push((o, value));
        }
        chosen.push(values);
    }
    let english: Vec<String> =
        row_cells(group[0], positions, "opsi_en").split(';').map(one_line).filter(|s| !s.is_empty()).collect();
    if !english.is_empty() && english.len() != options.len() {
        problems.push((
            group[0].number,
            "opsi_en".into(),
            format!(
                "{} English names for {} options; give one per option, separated by `;`",
                english.len(),
                options.len()
            ),
        ));
    }
    for (o, en) in options.iter_mut().zip(english) {
        o.name.en = en;
    }
    let first = &product.variants[0];
    let mut variants = Vec::new();
    for (row, values) in group.iter().zip(chosen) {
        let mut ordered = Vec::with_capacity(options.len());
        for (o, option) in options.iter().enumerate() {
            match values.iter().find(|(i, _)| *i == o) {
                Some((_, v)) => ordered.push(v.clone()),
                None => problems.push((
                    row.number,
                    "opsi".into(),
                    format!(
                        "gives no value for option `{}`; every row of a product names all its options",
                        option.name.id
                    ),
                )),
            }
        }
        let mut cells = Cells { row, positions, columns: PRODUCT_COLUMNS, problems: Vec::new() };
        if row.number != group[0].number {
            check_cell_count(&mut cells, table.headers.len(), table.delimiter);
            let first_cells = Cells { row: group[0], positions, columns: PRODUCT_COLUMNS, problems: Vec::new() };
            for column in PRODUCT_COLUMNS.iter().map(|c| c.name) {
                if VARIANT_COLUMNS.contains(&column) || column == "opsi_en" {
                    continue;
                }
                let (here, there) = (cells.get(column).trim(), first_cells.get(column).trim());
                if !here.is_empty() && here != there {
                    cells.problem(
                        column,
                        format!(
                            "`{here}` differs from the product's first row (row {}); leave it empty on a variant's row",
                            group[0].number
                        ),
                    );
                }
            }
        }
        let offer = variant_offer(&mut cells, &product.name);
        let id = match cells.get("varian").trim() {
            "" => {
                cells.problem("varian", "is empty: every variant needs its own code (SKU), e.g. NGD-0001-B250");
                None
            }
            id => Some(id.to_string()),
        };
        problems.extend(cells.problems.into_iter().map(|(c, m)| (row.number, c, m)));
        if let (Some(id), Some((price, compare_at, weight_g, stock, availability, images))) = (id, offer) {
            variants.push(Variant { id, values: ordered, price, compare_at, stock, availability, weight_g, images });
        }
    }
    let _ = first;
    if !problems.is_empty() {
        return Err(problems);
    }
    product.options = options;
    product.variants = variants;
    Ok(())
}

type OfferCells = (Rupiah, Option<Rupiah>, Option<u32>, u32, Availability, Vec<String>);

/// A row's price, compare-at price, weight, stock, availability and
/// variant images.
fn variant_offer(cells: &mut Cells, name: &str) -> Option<OfferCells> {
    let price = cells.required("harga").and_then(|h| parse_price(cells, "harga", h));
    let compare_at = match cells.get("harga_coret").trim() {
        "" | "-" => Some(None),
        h => parse_price(cells, "harga_coret", h).map(Some),
    };
    let weight_g = match cells.get("berat_g") {
        "" | "-" => Some(None),
        raw => match parse_weight(raw) {
            Some(g) => Some(Some(g)),
            None => {
                cells.problem("berat_g", format!("`{raw}` is not a weight in grams, such as 250 or 1,5 kg"));
                None
            }
        },
    };
    let availability = parse_availability(cells);
    let stock = match (cells.get("stok").trim(), availability) {
        ("", Some(a)) if a != Availability::Ready => Some(0),
        _ => cells.required("stok").and_then(|s| match parse_count(s) {
            Some(n) => Some(n),
            None => {
                cells.problem("stok", format!("`{s}` is not a whole number of items (0 = out of stock)"));
                None
            }
        }),
    };
    let images: Vec<String> =
        cells.get("gambar_varian").split('|').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect();
    let _ = name;
    Some((price?, compare_at?, weight_g?, stock?, availability?, images))
}

fn parse_price(cells: &mut Cells, column: &str, h: &str) -> Option<Rupiah> {
    match Rupiah::parse(h) {
        Ok(Rupiah(0)) => {
            cells.problem(column, "the price must be more than Rp 0");
            None
        }
        Ok(p) => Some(p),
        Err(e) => {
            cells.problem(column, format!("`{h}`: {e}"));
            None
        }
    }
}

/// `ketersediaan`: siap (ready stock, the default), habis (sold out),
/// pesanan (made to order) or pre-order, the last two with `lama_hari`
/// (`21-30` or `14`).
fn parse_availability(cells: &mut Cells) -> Option<Availability> {
    let raw = cells.get("ketersediaan").trim().to_lowercase();
    let later = |cells: &mut Cells| -> Option<(u16, u16)> {
        let days = cells.get("lama_hari").trim().trim_end_matches("hari").trim().to_string();
        let parse = |s: &str| s.trim().parse::<u16>().ok().filter(|d| (1..=365).contains(d));
        let range = match days.split_once(['-', '–']) {
            Some((a, b)) => parse(a).zip(parse(b)).filter(|(a, b)| a <= b),
            None => parse(&days).map(|d| (d, d)),
        };
        if range.is_none() {
            cells.problem("lama_hari", format!("`{days}` is not a number of days such as 14 or 21-30 (1 to 365)"));
        }
        range
    };
    match raw.as_str() {
        "" | "siap" | "ready" | "tersedia" | "siap kirim" => Some(Availability::Ready),
        "habis" | "sold out" | "sold_out" => Some(Availability::SoldOut),
        "pesanan" | "dibuat sesuai pesanan" | "made to order" | "made_to_order" => {
            later(cells).map(|(min_days, max_days)| Availability::MadeToOrder { min_days, max_days })
        }
        "pre-order" | "preorder" | "pre_order" | "po" => {
            later(cells).map(|(min_days, max_days)| Availability::PreOrder { min_days, max_days })
        }
        other => {
            cells.problem("ketersediaan", format!("`{other}` is not one of: siap, habis, pesanan, pre-order"));
            None
        }
    }
}

fn product_from_row(cells: &mut Cells, categories: &[Category], villages: &[Village]) -> Option<Product> {
    let id = cells.required("id").map(str::to_string);
    let name = cells.required("nama").map(one_line);
    let description = cells.required("deskripsi").map(|d| d.replace("\r\n", "\n"));
    let unit = cells.required("satuan").map(one_line);

    let slug = match (cells.get("slug"), &name, &unit) {
        ("", Some(n), Some(u)) => Some(slugify(&format!("{n} {u}"))),
        ("", _, _) => None,
        (s, _, _) if slugify(s) == s => Some(s.to_string()),
        (s, _, _) => {
            cells.problem(
                "slug",
                format!("`{s}` is not a slug; use lowercase letters, digits and hyphens, e.g. `{}`", slugify(s)),
            );
            None
        }
    };

    let category = cells.required("kategori").and_then(|k| {
        let found = categories
            .iter()
            .find(|c| c.id == k || c.name.id.eq_ignore_ascii_case(k) || c.name.en.eq_ignore_ascii_case(k));
        match found {
            Some(c) => Some(c.id.clone()),
            None => {
                let ids: Vec<&str> = categories.iter().map(|c| c.id.as_str()).collect();
                cells.problem("kategori", format!("unknown category `{k}`; use one of: {}", ids.join(", ")));
                None
            }
        }
    });

    let village = cells.required("desa").and_then(|d| {
        if let Some(v) = villages.iter().find(|v| v.id == d) {
            return Some(v.id.clone());
        }
        let by_name: Vec<&Village> = villages.iter().filter(|v| v.name.eq_ignore_ascii_case(d)).collect();
        match by_name.as_slice() {
            [v] => Some(v.id.clone()),
            [] => {
                let key = slugify(d);
                let near = villages.iter().find(|v| {
                    let name = slugify(&v.name);
                    v.id.starts_with(&key) || (!name.is_empty() && key.contains(&name))
                });
                let hint = match (near, villages.first()) {
                    (Some(v), _) => format!("did you mean `{}`?", v.id),
                    (None, Some(v)) => {
                        format!("use a village id from the base feed, e.g. `{}`", v.id)
                    }
                    (None, None) => "the base feed has no villages".to_string(),
                };
                cells.problem("desa", format!("unknown village `{d}`; {hint}"));
                None
            }
            many => {
                let ids: Vec<&str> = many.iter().map(|v| v.id.as_str()).collect();
                cells.problem("desa", format!("several villages are called `{d}`; use the id: {}", ids.join(", ")));
                None
            }
        }
    });

    let producer_name = cells.required("produsen").map(one_line);
    let nib = match digits_only(cells.get("nib"), &[]) {
        s if s.is_empty() => None,
        s if s.len() == 13 && s.bytes().all(|b| b.is_ascii_digit()) => Some(s),
        _ => {
            let raw = cells.get("nib");
            cells.problem("nib", format!("`{raw}` is not a NIB; it has 13 digits"));
            None
        }
    };

    // With options, each row's offer is read again as its variant's.
    let offer = variant_offer(cells, name.as_deref().unwrap_or(""));

    let images = cells.required("gambar").and_then(|g| {
        let srcs: Vec<String> = g.split('|').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect();
        if srcs.is_empty() {
            cells.problem("gambar", "no image path; separate several with `|`");
            return None;
        }
        let default_alt = name.clone().unwrap_or_default();
        let alts = per_image(cells, "alt_gambar", "alt texts", srcs.len())?;
        let alts_en = per_image(cells, "alt_gambar_en", "English alt texts", srcs.len())?;
        let focus = per_image(cells, "fokus_gambar", "focal points", srcs.len())?;
        let mut images = Vec::with_capacity(srcs.len());
        for (i, src) in srcs.into_iter().enumerate() {
            let mut image = Image::new(src, alts.get(i).filter(|a| !a.is_empty()).unwrap_or(&default_alt).clone());
            image.alt_en = alts_en.get(i).cloned().filter(|t| !t.is_empty());
            if let Some(f) = focus.get(i).filter(|f| !f.is_empty()) {
                match parse_focus(f) {
                    Some(f) => image.focus = Some(f),
                    None => {
                        cells.problem(
                            "fokus_gambar",
                            format!("`{f}` is not a focal point; write how far across and down the subject is, in percent: `50,30`"),
                        );
                        return None;
                    }
                }
            }
            images.push(image);
        }
        Some(images)
    });

    let tags = split_tags(cells.get("tag"));
    let featured = parse_flag(cells, "unggulan");
    let flagship = parse_flag(cells, "ovop_unggulan");

    let added = cells.required("tanggal").and_then(|t| match parse_date(t) {
        Some(d) => Some(d),
        None => {
            cells.problem(
                "tanggal",
                format!("`{t}` is not a date; write YYYY-MM-DD (2025-08-12) or DD/MM/YYYY (12/08/2025)"),
            );
            None
        }
    });

    let stream = match cells.get("program").to_ascii_uppercase().as_str() {
        "" | "OVOP" => Some(Stream::Ovop),
        "OSOP" => Some(Stream::Osop),
        "OCOP" => Some(Stream::Ocop),
        other => {
            cells.problem("program", format!("`{other}` is not a program; use OVOP, OSOP or OCOP"));
            None
        }
    };

    let halal = cells.required("halal").and_then(|h| match parse_halal(h) {
        Ok(h) => Some(h),
        Err(e) => {
            cells.problem("halal", e);
            None
        }
    });
    let bpom = match cells.get("bpom") {
        "" | "-" => None,
        raw => {
            let s = digits_only(raw, &["BPOMRI", "BPOM", "RI", "NO"]);
            let ok = s.len() == 14
                && (s.starts_with("MD") || s.starts_with("ML"))
                && s[2..].bytes().all(|b| b.is_ascii_digit());
            if ok {
                Some(s)
            } else {
                cells.problem("bpom", format!("`{raw}` is not a BPOM number; write MD or ML followed by 12 digits"));
                None
            }
        }
    };
    let pirt = match cells.get("pirt") {
        "" | "-" => None,
        raw => {
            let s = digits_only(raw, &["PIRT", "SPPIRT", "NO"]);
            if s.len() == 15 && s.bytes().all(|b| b.is_ascii_digit()) {
                Some(s)
            } else {
                cells.problem("pirt", format!("`{raw}` is not a P-IRT number; it has 15 digits"));
                None
            }
        }
    };
    if bpom.as_deref().is_some_and(|b| b.starts_with("MD")) && pirt.is_some() {
        cells.problem("pirt", "a product registered with BPOM MD has no P-IRT number; keep only one");
    }

    if !cells.problems.is_empty() {
        return None;
    }
    let (price, compare_at, weight_g, stock, availability, variant_images) = offer?;
    let id = id?;
    let id_for_variant = id.clone();
    Some(Product {
        id,
        slug: slug?,
        name: name?,
        description: description?,
        keywords: String::new(),
        category: category?,
        village: village?,
        producer: Producer { name: producer_name?, nib },
        unit: unit?,
        images: images?,
        tags,
        featured: featured?,
        flagship: flagship?,
        added: added?,
        stream: stream?,
        certifications: Certifications { halal: halal?, bpom, pirt },
        options: vec![],
        variants: vec![Variant {
            id: id_for_variant,
            values: vec![],
            price,
            compare_at,
            stock,
            availability,
            weight_g,
            images: variant_images,
        }],
    })
}

/// Uppercases, removes spaces, dots, dashes and slashes and the given
/// prefixes: `P-IRT No. 2065309010123-27` → `206530901012327`.
fn digits_only(raw: &str, prefixes: &[&str]) -> String {
    let mut s: String = raw
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-' | '/' | ':' | '\u{a0}'))
        .flat_map(char::to_uppercase)
        .collect();
    loop {
        let before = s.len();
        for p in prefixes {
            if let Some(rest) = s.strip_prefix(p) {
                s = rest.to_string();
            }
        }
        if s.len() == before {
            return s;
        }
    }
}

/// A packed weight as staff type it: `250`, `250 g`, `1 kg`, `1,5 kg`.
fn parse_weight(raw: &str) -> Option<u32> {
    let lower = raw.trim().to_ascii_lowercase().replace(' ', "");
    let (number, grams_per) = if let Some(n) = lower.strip_suffix("kg") {
        (n, 1000)
    } else {
        (lower.strip_suffix("gram").or(lower.strip_suffix('g')).unwrap_or(&lower), 1)
    };
    let (whole, frac) = number.split_once([',', '.']).unwrap_or((number, ""));
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if grams_per == 1 && !frac.is_empty() {
        return None;
    }
    // Kilograms to grams by digits, not floats: `1,25` kg is 1250 g.
    let mut frac3: String = frac.chars().take(3).collect();
    if frac.len() > 3 {
        return None;
    }
    while frac3.len() < 3 {
        frac3.push('0');
    }
    let grams =
        whole.parse::<u64>().ok()? * grams_per + if grams_per == 1000 { frac3.parse::<u64>().ok()? } else { 0 };
    (1..=1_000_000).contains(&grams).then_some(grams as u32)
}

fn parse_count(s: &str) -> Option<u32> {
    let groups: Vec<&str> = s.split('.').collect();
    if groups.len() > 1 && groups[1..].iter().any(|g| g.len() != 3) {
        return None;
    }
    let digits = groups.concat();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// Tags separated by `|`, `,`, `;` or `/` within the cell; trimmed, lowercase,
/// without duplicates.
pub fn split_tags(cell: &str) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    for t in cell.split(['|', ',', ';', '/']) {
        let t = one_line(t).to_lowercase();
        if !t.is_empty() && !tags.contains(&t) {
            tags.push(t);
        }
    }
    tags
}

fn parse_flag(cells: &mut Cells, column: &str) -> Option<bool> {
    let raw = cells.get(column);
    match raw.to_lowercase().as_str() {
        "" | "-" | "tidak" | "t" | "no" | "n" | "false" | "0" | "bukan" => Some(false),
        "ya" | "y" | "yes" | "true" | "1" | "benar" | "x" | "✓" => Some(true),
        _ => {
            cells.problem(column, format!("`{raw}` is not ya/tidak"));
            None
        }
    }
}

/// `2025-08-12`, `12/08/2025`, `12-08-2025` or `12.08.2025` → `2025-08-12`.
pub fn parse_date(s: &str) -> Option<String> {
    if is_iso_date(s) {
        return Some(s.to_string());
    }
    let parts: Vec<&str> = s.split(['/', '-', '.']).collect();
    let [d, m, y] = parts.as_slice() else {
        return None;
    };
    if y.len() != 4 || d.is_empty() || d.len() > 2 || m.is_empty() || m.len() > 2 {
        return None;
    }
    let iso = format!("{y}-{m:0>2}-{d:0>2}");
    is_iso_date(&iso).then_some(iso)
}

/// A halal cell: a BPJPH certificate number (`ID…`), `tidak halal` /
/// `non-halal` for pork and the like, `tidak berlaku` / `-` for non-food.
pub fn parse_halal(raw: &str) -> Result<Halal, String> {
    let key = raw.trim().to_lowercase();
    let key = key.split_whitespace().collect::<Vec<_>>().join(" ");
    match key.as_str() {
        "tidak halal" | "non-halal" | "non halal" | "nonhalal" | "haram" | "not halal" => return Ok(Halal::NotHalal),
        "tidak berlaku" | "-" | "n/a" | "na" | "bukan pangan" | "not applicable" => return Ok(Halal::NotApplicable),
        _ => {}
    }
    let cert = digits_only(raw, &["NO"]);
    if cert.len() > 2 && cert.starts_with("ID") && cert[2..].bytes().all(|b| b.is_ascii_digit()) {
        return Ok(Halal::Certified { certificate: cert });
    }
    Err(format!(
        "`{raw}` is not a halal status; write the certificate number (ID…), `tidak halal`, or `tidak berlaku` for non-food"
    ))
}

/// A per-image column (`a|b|c`): nothing (empty list), one value for every
/// image, or one per image; any other count is reported at the cell.
fn per_image(cells: &mut Cells, column: &str, what: &str, images: usize) -> Option<Vec<String>> {
    let cell = cells.get(column);
    if cell.trim().is_empty() {
        return Some(Vec::new());
    }
    let values: Vec<String> = cell.split('|').map(one_line).collect();
    match values.len() {
        1 => Some(vec![values[0].clone(); images]),
        n if n == images => Some(values),
        n => {
            cells.problem(
                column,
                format!("{n} {what} for {images} images; give one, or one per image separated by `|`"),
            );
            None
        }
    }
}

/// `50,30`, `50 30` or `50%, 30%`: percent across and down.
fn parse_focus(text: &str) -> Option<Focus> {
    let mut parts = text.split(|c: char| c == ',' || c == ';' || c.is_whitespace()).filter(|p| !p.is_empty());
    let mut next = || parts.next()?.trim_end_matches('%').parse::<u8>().ok().filter(|v| *v <= 100);
    let (x, y) = (next()?, next()?);
    parts.next().is_none().then_some(Focus { x, y })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample_sources(products: &[u8]) -> Sources<'_> {
        Sources {
            products: ("produk.csv", products),
            base: ("base.json", include_bytes!("../../../data/sample/base.json")),
            villages: None,
            output: "catalog.json",
            base_is_published_feed: false,
        }
    }

    #[test]
    fn the_sample_imports_cleanly_and_a_stepped_import_is_the_same() {
        let csv = crate::table::enlarge(include_str!("../../../data/sample/produk.csv"), 600);
        let whole = import(&sample_sources(csv.as_bytes())).unwrap();
        assert_eq!(whole.errors().count(), 0, "{:?}", whole.found);
        assert!(whole.checked().unwrap().products.len() > 300);
        for slice in [1, 7, 250] {
            let mut importer = Importer::new(&sample_sources(csv.as_bytes())).unwrap();
            let mut steps = 0;
            while let Step::More { done, of } = importer.step(slice) {
                assert!(done <= of);
                steps += 1;
            }
            assert!(steps > 1);
            let stepped = importer.finish();
            assert_eq!(stepped.found, whole.found);
            assert_eq!(stepped.catalog, whole.catalog);
            assert_eq!(stepped.product_rows, whole.product_rows);
        }
    }

    #[test]
    fn problems_keep_their_row_and_column_and_validator_problems_find_theirs() {
        let csv = include_str!("../../../data/sample/produk.csv");
        let broken = csv.replacen(";Rp 75.000;", ";Rp 75.000,50;", 1).replacen(
            ";80;img/foto/kpg-0001",
            ";delapan;img/foto/kpg-0001",
            1,
        );
        let imported = import(&sample_sources(broken.as_bytes())).unwrap();
        let errors: Vec<&Found> = imported.errors().collect();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors.iter().all(|f| f.row == Some(2) && f.file == "produk.csv"));
        assert_eq!(errors[0].csv_column(), Some("harga"));
        assert_eq!(errors[1].csv_column(), Some("stok"));
        let from_validator =
            Found { path: Some("products[3].variants[1].price".into()), column: None, ..errors[0].clone() };
        assert_eq!(from_validator.csv_column(), Some("harga"));
        assert!(imported.checked().is_none(), "nothing to write while there are errors");
    }

    #[test]
    fn weights_as_staff_type_them() {
        for (typed, grams) in [
            ("270", 270),
            ("270 g", 270),
            ("270g", 270),
            ("270 gram", 270),
            ("1 kg", 1000),
            ("1,2 kg", 1200),
            ("1.25 KG", 1250),
            ("0,5 kg", 500),
        ] {
            assert_eq!(parse_weight(typed), Some(grams), "{typed}");
        }
        for bad in ["", "0", "1,5 g", "1,2345 kg", "berat", "-5", "2000 kg"] {
            assert_eq!(parse_weight(bad), None, "{bad}");
        }
    }

    #[test]
    fn dates() {
        assert_eq!(parse_date("2025-08-12").as_deref(), Some("2025-08-12"));
        assert_eq!(parse_date("12/08/2025").as_deref(), Some("2025-08-12"));
        assert_eq!(parse_date("1/2/2026").as_deref(), Some("2026-02-01"));
        assert_eq!(parse_date("31/02/2026"), None);
        assert_eq!(parse_date("2025/08/12"), None);
    }

    #[test]
    fn halal() {
        assert_eq!(parse_halal("Tidak Halal"), Ok(Halal::NotHalal));
        assert_eq!(parse_halal("non-halal"), Ok(Halal::NotHalal));
        assert_eq!(parse_halal("-"), Ok(Halal::NotApplicable));
        assert_eq!(
            parse_halal("ID 5311 0012 3456 70925"),
            Ok(Halal::Certified { certificate: "ID53110012345670925".into() })
        );
        assert!(parse_halal("halal").is_err());
        assert!(parse_halal("").is_err());
    }

    #[test]
    fn cleans_registration_numbers() {
        assert_eq!(digits_only("P-IRT No. 2065309010123-27", &["PIRT", "NO"]), "206530901012327");
        assert_eq!(digits_only("BPOM RI MD 224713001063", &["BPOMRI", "BPOM", "RI"]), "MD224713001063");
    }

    #[test]
    fn tags() {
        assert_eq!(split_tags("Kopi | Arabika, GI;kopi / Flores"), vec!["kopi", "arabika", "gi", "flores"]);
        assert!(split_tags("").is_empty());
    }

    #[test]
    fn kabupaten_by_any_name() {
        for text in ["Ngada", "ngada", "Kabupaten Ngada", "Kab. Ngada", "5309"] {
            assert_eq!(find_kabupaten(text).map(|k| k.slug), Some("ngada"), "{text}");
        }
        assert_eq!(find_kabupaten("Kota Kupang").map(|k| k.slug), Some("kota-kupang"));
        assert_eq!(find_kabupaten("Kupang").map(|k| k.slug), Some("kupang"));
        assert_eq!(find_kabupaten("Rote Ndao").map(|k| k.slug), Some("rote-ndao"));
        assert!(find_kabupaten("Bali").is_none());
    }
}
