//! The validating walk over a feed's JSON tree: builds the typed `Catalog`
//! and collects every problem with its path.
//!
//! Fields are read in whatever order is convenient; every problem carries the
//! document-order key of the node it is about (`Node::pos`, or `Node::end` of
//! the enclosing object for a missing field), and the problems are sorted by
//! that key at the end, so they come out in the order a person reads the file.

use super::node::{Node, Value};
use super::rules::{self, quote};
use super::{Parsed, Problem, Severity, NON_FOOD_CATEGORIES};
use crate::catalog::{
    Catalog, Category, Certifications, Halal, Image, LaunchStatus, Localized, Outlet, Producer, Product, Store, Stream,
    Village, SCHEMA_VERSION,
};
use crate::kabupaten;
use crate::money::{Rupiah, MAX_PRICE};
use std::collections::HashMap;

const TOP_FIELDS: &[&str] = &["version", "store", "outlets", "categories", "villages", "products"];
const STORE_FIELDS: &[&str] = &["name", "tagline", "base_url", "currency"];
const OUTLET_FIELDS: &[&str] = &["kabupaten", "name", "town", "status", "launch_date", "whatsapp", "address", "hours"];
const CATEGORY_FIELDS: &[&str] = &["id", "name"];
const LOCALIZED_FIELDS: &[&str] = &["id", "en"];
const VILLAGE_FIELDS: &[&str] = &["id", "name", "kabupaten", "cooperative", "flagship", "story"];
const PRODUCT_FIELDS: &[&str] = &[
    "id",
    "slug",
    "name",
    "description",
    "category",
    "village",
    "producer",
    "price",
    "unit",
    "stock",
    "images",
    "tags",
    "featured",
    "flagship",
    "added",
    "stream",
    "certifications",
];
const PRODUCER_FIELDS: &[&str] = &["name", "nib"];
const IMAGE_FIELDS: &[&str] = &["src", "alt"];
const CERTIFICATIONS_FIELDS: &[&str] = &["halal", "bpom", "pirt"];
const HALAL_FIELDS: &[&str] = &["status", "certificate"];
const HALAL_STATUSES: [&str; 3] = ["certified", "not_halal", "not_applicable"];

/// The most fields any object of the format has (a product).
const MAX_FIELDS: usize = 17;

/// Reads a whole feed tree. `bom` says the file started with a byte order mark.
pub(crate) fn read(root: &Node<'_>, bom: bool) -> Parsed {
    let mut reader = Reader { path: String::new(), problems: Vec::new(), errors: 0 };
    if bom {
        reader.error(0, "the file starts with an invisible byte order mark (BOM); save it as UTF-8 without BOM".into());
    }
    let catalog = reader.feed(root);
    let mut keyed = reader.problems;
    keyed.sort_by_key(|(key, _)| *key);
    Parsed { catalog, problems: keyed.into_iter().map(|(_, p)| p).collect() }
}

/// Which expected JSON type a message names.
#[derive(Clone, Copy)]
enum Expect {
    Text,
    Whole,
    Bool,
    List,
    Object,
}

impl Expect {
    fn phrase(self) -> &'static str {
        match self {
            Expect::Text => "text in quotes",
            Expect::Whole => "a whole number",
            Expect::Bool => "true or false",
            Expect::List => "a list [ … ]",
            Expect::Object => "an object { … }",
        }
    }
}

/// A found value as a message shows it: `12500.5`, `the text "25000"`, `a list`.
fn describe(value: &Value<'_>) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::UInt(n) => n.to_string(),
        Value::NegInt(n) => n.to_string(),
        Value::Float(f) => format!("{f:?}"),
        Value::Str(s) => format!("the text {}", quote(s)),
        Value::Array(items) if items.is_empty() => "an empty list".into(),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "an object { … }".into(),
    }
}

/// `must be text in quotes, found 12; put it in quotes: "12"`.
fn type_message(value: &Value<'_>, expect: Expect) -> String {
    let hint = match (expect, value) {
        (Expect::Text, Value::UInt(_) | Value::NegInt(_) | Value::Float(_)) => {
            format!("; put it in quotes: \"{}\"", describe(value))
        }
        (Expect::Whole, Value::Str(s)) if !s.trim().is_empty() && s.trim().bytes().all(|b| b.is_ascii_digit()) => {
            format!("; write the number without quotes: {}", s.trim())
        }
        (Expect::Bool, Value::Str(s)) if matches!(s.trim(), "true" | "false") => {
            format!("; write {} without quotes", s.trim())
        }
        _ => String::new(),
    };
    format!("must be {}, found {}{hint}", expect.phrase(), describe(value))
}

/// An object's known fields, looked up by name.
struct Obj<'n, 'a> {
    known: &'static [&'static str],
    slots: [Option<&'n Node<'a>>; MAX_FIELDS],
    /// Key for problems about the object as a whole (missing fields).
    end: u32,
}

impl<'n, 'a> Obj<'n, 'a> {
    fn get(&self, name: &str) -> Option<&'n Node<'a>> {
        let i = self.known.iter().position(|k| *k == name);
        debug_assert!(i.is_some(), "{name} is not a known field");
        self.slots[i?]
    }

    /// Like `get`, with `null` read as absent.
    fn get_present(&self, name: &str) -> Option<&'n Node<'a>> {
        self.get(name).filter(|n| !matches!(n.value, Value::Null))
    }
}

/// An id seen in a list: where, and whether that entry made it into the catalog.
#[derive(Clone, Copy)]
struct Entry {
    index: usize,
    kept: bool,
}

/// Ids of categories and villages, for products' references.
#[derive(Default)]
struct Refs<'n> {
    categories: HashMap<&'n str, Entry>,
    villages: HashMap<&'n str, Entry>,
}

struct Reader {
    /// Path of the node being read, e.g. `products[3].price`.
    path: String,
    problems: Vec<(u32, Problem)>,
    errors: usize,
}

impl Reader {
    // ----- paths and problems -----

    fn push_key(&mut self, key: &str) -> usize {
        let mark = self.path.len();
        let plain = !key.is_empty()
            && key.len() <= 64
            && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if plain {
            if mark > 0 {
                self.path.push('.');
            }
            self.path.push_str(key);
        } else {
            self.path.push('[');
            self.path.push_str(&quote(key));
            self.path.push(']');
        }
        mark
    }

    fn push_index(&mut self, index: usize) -> usize {
        use std::fmt::Write;
        let mark = self.path.len();
        let _ = write!(self.path, "[{index}]");
        mark
    }

    fn pop(&mut self, mark: usize) {
        self.path.truncate(mark);
    }

    fn report(&mut self, key: u32, severity: Severity, message: String) {
        if severity == Severity::Error {
            self.errors += 1;
        }
        self.problems.push((key, Problem { path: self.path.clone(), message, severity }));
    }

    fn error(&mut self, key: u32, message: String) {
        self.report(key, Severity::Error, message);
    }

    fn warning(&mut self, key: u32, message: String) {
        self.report(key, Severity::Warning, message);
    }

    /// Reports `result`'s message, if any, against `node`.
    fn check(&mut self, node: &Node<'_>, result: Result<(), String>) -> Option<()> {
        result.map_err(|message| self.error(node.pos, message)).ok()
    }

    fn type_error(&mut self, node: &Node<'_>, expect: Expect) {
        self.error(node.pos, type_message(&node.value, expect));
    }

    // ----- structure -----

    /// Checks that `node` is an object and sorts its members into the known
    /// fields, warning about unknown ones and rejecting repeated ones.
    fn object<'n, 'a>(&mut self, node: &'n Node<'a>, known: &'static [&'static str]) -> Option<Obj<'n, 'a>> {
        let Value::Object(members) = &node.value else {
            self.type_error(node, Expect::Object);
            return None;
        };
        debug_assert!(known.len() <= MAX_FIELDS);
        let mut obj = Obj { known, slots: [None; MAX_FIELDS], end: node.end };
        for (key, child) in members {
            let mark = self.push_key(key);
            match known.iter().position(|k| *k == key.as_ref()) {
                Some(i) if obj.slots[i].is_some() => self
                    .error(child.pos, "appears more than once here; keep only one (only the first one is read)".into()),
                Some(i) => obj.slots[i] = Some(child),
                None => {
                    let hint = rules::closest(key, known.iter().copied())
                        .map(|k| format!("; did you mean \"{k}\"?"))
                        .unwrap_or_default();
                    self.warning(child.pos, format!("unknown field, ignored{hint}"));
                }
            }
            self.pop(mark);
        }
        Some(obj)
    }

    /// Reads a required field with `read`; reports `is required` when absent.
    fn required<'n, 'a, T>(
        &mut self,
        obj: &Obj<'n, 'a>,
        name: &str,
        read: impl FnOnce(&mut Self, &'n Node<'a>) -> Option<T>,
    ) -> Option<T> {
        let mark = self.push_key(name);
        let out = match obj.get(name) {
            Some(node) => read(self, node),
            None => {
                self.error(obj.end, "is required".into());
                None
            }
        };
        self.pop(mark);
        out
    }

    /// Reads an optional field; absent and `null` both give `None`.
    fn optional<'n, 'a, T>(
        &mut self,
        obj: &Obj<'n, 'a>,
        name: &str,
        read: impl FnOnce(&mut Self, &'n Node<'a>) -> Option<T>,
    ) -> Option<T> {
        let node = obj.get_present(name)?;
        let mark = self.push_key(name);
        let out = read(self, node);
        self.pop(mark);
        out
    }

    /// Reads a field that has a default when absent (`null` is not absent).
    fn defaulted<'n, 'a, T>(
        &mut self,
        obj: &Obj<'n, 'a>,
        name: &str,
        read: impl FnOnce(&mut Self, &'n Node<'a>) -> Option<T>,
    ) -> Option<T> {
        let node = obj.get(name)?;
        let mark = self.push_key(name);
        let out = read(self, node);
        self.pop(mark);
        out
    }

    // ----- values -----

    /// Non-empty text of at most `max` characters.
    fn text<'n>(&mut self, node: &'n Node<'_>, max: usize) -> Option<&'n str> {
        let Value::Str(s) = &node.value else {
            self.type_error(node, Expect::Text);
            return None;
        };
        if s.trim().is_empty() {
            self.error(node.pos, "must not be empty".into());
            return None;
        }
        if s.len() > max {
            let count = s.chars().count();
            if count > max {
                self.error(node.pos, format!("is too long: {count} characters, the limit is {max}"));
                return None;
            }
        }
        Some(s)
    }

    /// Text that must also pass a format rule.
    fn formatted<'n>(
        &mut self,
        node: &'n Node<'_>,
        max: usize,
        rule: fn(&str) -> Result<(), String>,
    ) -> Option<&'n str> {
        let s = self.text(node, max)?;
        self.check(node, rule(s))?;
        Some(s)
    }

    fn req_text<'n>(&mut self, obj: &Obj<'n, '_>, name: &str, max: usize) -> Option<&'n str> {
        self.required(obj, name, |r, n| r.text(n, max))
    }

    fn req_formatted<'n>(
        &mut self,
        obj: &Obj<'n, '_>,
        name: &str,
        max: usize,
        rule: fn(&str) -> Result<(), String>,
    ) -> Option<&'n str> {
        self.required(obj, name, |r, n| r.formatted(n, max, rule))
    }

    fn opt_formatted<'n>(
        &mut self,
        obj: &Obj<'n, '_>,
        name: &str,
        max: usize,
        rule: fn(&str) -> Result<(), String>,
    ) -> Option<&'n str> {
        self.optional(obj, name, |r, n| r.formatted(n, max, rule))
    }

    fn boolean(&mut self, node: &Node<'_>) -> Option<bool> {
        match node.value {
            Value::Bool(b) => Some(b),
            _ => {
                self.type_error(node, Expect::Bool);
                None
            }
        }
    }

    /// The slug of one of the 22 kabupaten/kota.
    fn kabupaten<'n>(&mut self, node: &'n Node<'_>) -> Option<&'n str> {
        let s = self.text(node, rules::SLUG_MAX)?;
        if kabupaten::by_slug(s).is_some() {
            return Some(s);
        }
        let lower = s.trim().to_lowercase();
        let bare = ["kabupaten ", "kab. ", "kab "].iter().find_map(|p| lower.strip_prefix(p)).unwrap_or(&lower);
        let dashed = bare.replace([' ', '_'], "-");
        let hint = kabupaten::by_slug(&dashed)
            .map(|k| k.slug)
            .or_else(|| rules::closest(s, kabupaten::ALL.iter().map(|k| k.slug)))
            .map(|slug| format!("; write {slug}"))
            .unwrap_or_default();
        self.error(
            node.pos,
            format!(
                "must be the slug of one of the 22 kabupaten/kota of NTT, such as ngada or kota-kupang, found {}{hint}",
                quote(s)
            ),
        );
        None
    }

    /// A reference to a category or village id.
    fn reference<'n>(
        &mut self,
        node: &'n Node<'_>,
        table: &HashMap<&str, Entry>,
        what: &str,
        list: &str,
    ) -> Option<&'n str> {
        let s = self.text(node, rules::SLUG_MAX)?;
        match table.get(s) {
            Some(entry) if entry.kept => Some(s),
            Some(entry) => {
                self.error(
                    node.pos,
                    format!(
                        "refers to {what} {}, which is left out of the catalog because {list}[{}] has errors",
                        quote(s),
                        entry.index
                    ),
                );
                None
            }
            None => {
                let hint = rules::closest(s, table.keys().copied())
                    .map(|k| format!("; did you mean \"{k}\"?"))
                    .unwrap_or_default();
                self.error(node.pos, format!("refers to {what} {}, which is not in the {list} list{hint}", quote(s)));
                None
            }
        }
    }

    /// Returns the list's items, or reports that `node` is not a list.
    fn list<'n, 'a>(&mut self, node: &'n Node<'a>) -> Option<&'n [Node<'a>]> {
        match &node.value {
            Value::Array(items) => Some(items),
            _ => {
                self.type_error(node, Expect::List);
                None
            }
        }
    }

    // ----- the feed -----

    fn feed(&mut self, root: &Node<'_>) -> Option<Catalog> {
        let Value::Object(members) = &root.value else {
            self.error(
                root.pos,
                format!(
                    "the feed must be an object {{ … }} holding version, store, outlets, categories, villages and products, found {}",
                    describe(&root.value)
                ),
            );
            return None;
        };
        // The version decides how to read everything else, so it comes first;
        // a newer feed is not read further (its other problems would be noise).
        let version_node = members.iter().find(|(k, _)| k == "version").map(|(_, n)| n);
        let mark = self.push_key("version");
        let version = self.version(version_node, root.end);
        self.pop(mark);
        let version = match version {
            Version::Newer => return None,
            Version::Bad => None,
            Version::Ok(v) => Some(v),
        };

        let top = self.object(root, TOP_FIELDS)?;
        let mut fatal = version.is_none();

        let errors = self.errors;
        let store = self.required(&top, "store", |r, n| r.store(n));
        fatal |= self.errors > errors;

        let mut refs = Refs::default();
        let categories = self.required(&top, "categories", |r, n| r.categories(n, &mut refs.categories));
        let villages = self.required(&top, "villages", |r, n| r.villages(n, &mut refs.villages));
        let outlets = self.required(&top, "outlets", |r, n| r.outlets(n));
        let products = self.products(&top, &refs);

        let (Some(version), Some(store), Some(products), false) = (version, store, products, fatal) else {
            return None;
        };
        Some(Catalog {
            version,
            store,
            outlets: outlets.unwrap_or_default(),
            categories: categories.unwrap_or_default(),
            villages: villages.unwrap_or_default(),
            products,
        })
    }

    fn version(&mut self, node: Option<&Node<'_>>, root_end: u32) -> Version {
        let Some(node) = node else {
            self.error(root_end, format!("is required: write \"version\": {SCHEMA_VERSION} at the top of the feed"));
            return Version::Bad;
        };
        match node.value {
            Value::UInt(v) if v > u64::from(SCHEMA_VERSION) => {
                self.error(
                    node.pos,
                    format!(
                        "this feed is written for schema version {v}, but this storefront reads version {SCHEMA_VERSION}; the feed needs a newer storefront"
                    ),
                );
                Version::Newer
            }
            Value::UInt(0) | Value::NegInt(_) => {
                self.error(node.pos, format!("must be 1 or higher, found {}", describe(&node.value)));
                Version::Bad
            }
            // Checked above: 1 ≤ v ≤ SCHEMA_VERSION.
            Value::UInt(v) => Version::Ok(v as u32),
            Value::Float(f) => {
                self.error(node.pos, format!("must be a whole number such as {SCHEMA_VERSION}, found {f:?}"));
                Version::Bad
            }
            _ => {
                self.type_error(node, Expect::Whole);
                Version::Bad
            }
        }
    }

    fn store(&mut self, node: &Node<'_>) -> Option<Store> {
        let obj = self.object(node, STORE_FIELDS)?;
        let name = self.req_text(&obj, "name", rules::NAME_MAX);
        let tagline = self.req_text(&obj, "tagline", rules::SHORT_MAX);
        let base_url = self.req_formatted(&obj, "base_url", rules::SHORT_MAX, rules::check_base_url);
        let currency = self.required(&obj, "currency", |r, n| {
            let s = r.text(n, rules::SHORT_MAX)?;
            if s == "IDR" {
                return Some(s);
            }
            r.error(n.pos, format!("must be \"IDR\" (Indonesian Rupiah), found {}", quote(s)));
            None
        });
        Some(Store {
            name: name?.to_owned(),
            tagline: tagline?.to_owned(),
            base_url: base_url?.to_owned(),
            currency: currency?.to_owned(),
        })
    }

    // ----- outlets -----

    fn outlets(&mut self, node: &Node<'_>) -> Option<Vec<Outlet>> {
        let items = self.list(node)?;
        let mut out = Vec::with_capacity(items.len());
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (index, item) in items.iter().enumerate() {
            let mark = self.push_index(index);
            let errors = self.errors;
            let outlet = self.outlet(item, index, &mut seen);
            if let (Some(outlet), true) = (outlet, self.errors == errors) {
                out.push(outlet);
            }
            self.pop(mark);
        }
        let missing: Vec<&str> = kabupaten::ALL
            .iter()
            .map(|k| k.slug)
            .filter(|slug| !out.iter().any(|o: &Outlet| o.kabupaten == *slug))
            .collect();
        if !missing.is_empty() {
            let total = kabupaten::ALL.len();
            self.warning(
                node.end,
                format!(
                    "has no usable outlet for {} of the {total} kabupaten/kota: {}",
                    missing.len(),
                    missing.join(", ")
                ),
            );
        }
        Some(out)
    }

    fn outlet<'n>(&mut self, node: &'n Node<'_>, index: usize, seen: &mut HashMap<&'n str, usize>) -> Option<Outlet> {
        let obj = self.object(node, OUTLET_FIELDS)?;
        let kabupaten = self.required(&obj, "kabupaten", |r, n| {
            let slug = r.kabupaten(n)?;
            if let Some(earlier) = seen.get(slug) {
                r.error(
                    n.pos,
                    format!(
                        "{} already has an outlet at outlets[{earlier}]; each kabupaten/kota has one outlet, so this one is left out",
                        quote(slug)
                    ),
                );
                return None;
            }
            seen.insert(slug, index);
            Some(slug)
        });
        let name = self.req_text(&obj, "name", rules::NAME_MAX);
        let town = self.req_text(&obj, "town", rules::SHORT_MAX);
        let status = self.required(&obj, "status", |r, n| {
            let s = r.text(n, rules::SHORT_MAX)?;
            match s {
                "launched" => Some(LaunchStatus::Launched),
                "planned" => Some(LaunchStatus::Planned),
                _ => {
                    let hint = rules::closest(&s.trim().to_lowercase(), ["launched", "planned"])
                        .map(|k| format!("; write {k}"))
                        .unwrap_or_default();
                    r.error(n.pos, format!("must be \"launched\" or \"planned\", found {}{hint}", quote(s)));
                    None
                }
            }
        });
        let launch_date = self.opt_formatted(&obj, "launch_date", rules::SHORT_MAX, rules::check_date);
        if status == Some(LaunchStatus::Launched) && obj.get_present("launch_date").is_none() {
            let mark = self.push_key("launch_date");
            self.error(obj.end, "is required when status is \"launched\"".into());
            self.pop(mark);
        }
        let whatsapp = self.req_formatted(&obj, "whatsapp", rules::SHORT_MAX, rules::check_whatsapp);
        let address = self.req_text(&obj, "address", rules::SHORT_MAX);
        let hours = self.req_text(&obj, "hours", rules::SHORT_MAX);
        Some(Outlet {
            kabupaten: kabupaten?.to_owned(),
            name: name?.to_owned(),
            town: town?.to_owned(),
            status: status?,
            launch_date: launch_date.map(str::to_owned),
            whatsapp: whatsapp?.to_owned(),
            address: address?.to_owned(),
            hours: hours?.to_owned(),
        })
    }

    // ----- categories and villages -----

    /// Reads a list of objects identified by a slug `id`, recording every id
    /// in `table` (the first occurrence wins; later duplicates are errors and
    /// are left out). `read` gets the object and its id.
    fn identified<'n, 'a, T>(
        &mut self,
        node: &'n Node<'a>,
        fields: &'static [&'static str],
        table: &mut HashMap<&'n str, Entry>,
        list: &str,
        read: impl Fn(&mut Self, &Obj<'n, 'a>, Option<&'n str>) -> Option<T>,
    ) -> Option<Vec<T>> {
        let items = self.list(node)?;
        let mut out = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            let mark = self.push_index(index);
            let errors = self.errors;
            let mut registered = None;
            if let Some(obj) = self.object(item, fields) {
                let id = self.required(&obj, "id", |r, n| {
                    let id = r.formatted(n, rules::SLUG_MAX, rules::check_slug)?;
                    if let Some(earlier) = table.get(id) {
                        r.error(
                            n.pos,
                            format!(
                                "{} is already the id of {list}[{}]; every entry needs its own id, so this one is left out",
                                quote(id),
                                earlier.index
                            ),
                        );
                        return None;
                    }
                    table.insert(id, Entry { index, kept: false });
                    registered = Some(id);
                    Some(id)
                });
                let value = read(self, &obj, id);
                if let (Some(value), true) = (value, self.errors == errors) {
                    out.push(value);
                    if let Some(entry) = registered.and_then(|id| table.get_mut(id)) {
                        entry.kept = true;
                    }
                }
            }
            self.pop(mark);
        }
        Some(out)
    }

    fn categories<'n>(&mut self, node: &'n Node<'_>, table: &mut HashMap<&'n str, Entry>) -> Option<Vec<Category>> {
        self.identified(node, CATEGORY_FIELDS, table, "categories", |r, obj, id| {
            let name = r.required(obj, "name", |r, n| {
                let names = r.object(n, LOCALIZED_FIELDS)?;
                let id = r.req_text(&names, "id", rules::NAME_MAX);
                let en = r.req_text(&names, "en", rules::NAME_MAX);
                Some(Localized { id: id?.to_owned(), en: en?.to_owned() })
            });
            Some(Category { id: id?.to_owned(), name: name? })
        })
    }

    fn villages<'n>(&mut self, node: &'n Node<'_>, table: &mut HashMap<&'n str, Entry>) -> Option<Vec<Village>> {
        self.identified(node, VILLAGE_FIELDS, table, "villages", |r, obj, id| {
            let name = r.req_text(obj, "name", rules::NAME_MAX);
            let kabupaten = r.required(obj, "kabupaten", |r, n| r.kabupaten(n));
            let cooperative = r.req_text(obj, "cooperative", rules::SHORT_MAX);
            let flagship = r.req_text(obj, "flagship", rules::SHORT_MAX);
            let story = r.req_text(obj, "story", rules::STORY_MAX);
            Some(Village {
                id: id?.to_owned(),
                name: name?.to_owned(),
                kabupaten: kabupaten?.to_owned(),
                cooperative: cooperative?.to_owned(),
                flagship: flagship?.to_owned(),
                story: story?.to_owned(),
            })
        })
    }

    // ----- products -----

    /// Reads the products list; `None` (fatal) when no product is usable.
    fn products(&mut self, top: &Obj<'_, '_>, refs: &Refs<'_>) -> Option<Vec<Product>> {
        let mark = self.push_key("products");
        let out = self.products_list(top, refs);
        self.pop(mark);
        out
    }

    fn products_list(&mut self, top: &Obj<'_, '_>, refs: &Refs<'_>) -> Option<Vec<Product>> {
        let Some(node) = top.get("products") else {
            self.error(top.end, "is required: the catalog needs at least one product".into());
            return None;
        };
        let items = self.list(node)?;
        if items.is_empty() {
            self.error(node.pos, "is an empty list: the catalog needs at least one product".into());
            return None;
        }
        let mut out = Vec::with_capacity(items.len());
        let mut ids = HashMap::with_capacity(items.len());
        let mut slugs = HashMap::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            let mark = self.push_index(index);
            let errors = self.errors;
            let product = self.product(item, index, refs, &mut ids, &mut slugs);
            if let (Some(product), true) = (product, self.errors == errors) {
                out.push(product);
            }
            self.pop(mark);
        }
        if out.is_empty() {
            let message = if items.len() == 1 {
                "the only product cannot be used because it has errors (listed above); the catalog needs at least one valid product".to_owned()
            } else {
                format!(
                    "none of the {} products can be used because each has errors (listed above); the catalog needs at least one valid product",
                    items.len()
                )
            };
            self.error(node.end, message);
            return None;
        }
        Some(out)
    }

    fn product<'n>(
        &mut self,
        node: &'n Node<'_>,
        index: usize,
        refs: &Refs<'_>,
        ids: &mut HashMap<&'n str, usize>,
        slugs: &mut HashMap<&'n str, usize>,
    ) -> Option<Product> {
        let obj = self.object(node, PRODUCT_FIELDS)?;
        let id = self.required(&obj, "id", |r, n| {
            let s = r.formatted(n, rules::PRODUCT_ID_MAX, rules::check_product_id)?;
            r.unique(n, s, index, ids, "id", "every product needs its own id")
        });
        let slug = self.required(&obj, "slug", |r, n| {
            let s = r.formatted(n, rules::SLUG_MAX, rules::check_slug)?;
            r.unique(n, s, index, slugs, "slug", "every product needs its own web address")
        });
        let name = self.req_text(&obj, "name", rules::NAME_MAX);
        let description = self.req_text(&obj, "description", rules::DESCRIPTION_MAX);
        let category =
            self.required(&obj, "category", |r, n| r.reference(n, &refs.categories, "category", "categories"));
        let village = self.required(&obj, "village", |r, n| r.reference(n, &refs.villages, "village", "villages"));
        let producer = self.required(&obj, "producer", |r, n| r.producer(n));
        let price = self.required(&obj, "price", |r, n| r.price(n));
        let unit = self.req_text(&obj, "unit", rules::UNIT_MAX);
        let stock = self.required(&obj, "stock", |r, n| r.stock(n));
        let images = self.required(&obj, "images", |r, n| r.images(n));
        let tags = self.defaulted(&obj, "tags", |r, n| r.tags(n));
        let featured = self.defaulted(&obj, "featured", |r, n| r.boolean(n));
        let flagship = self.defaulted(&obj, "flagship", |r, n| r.boolean(n));
        let added = self.req_formatted(&obj, "added", rules::SHORT_MAX, rules::check_date);
        let stream = self.required(&obj, "stream", |r, n| r.stream(n));
        let certifications = self.required(&obj, "certifications", |r, n| r.certifications(n));

        if let (Some(category), Some((certs, status_pos))) = (category, &certifications) {
            if certs.halal == Halal::NotApplicable && !NON_FOOD_CATEGORIES.contains(&category) {
                let mark = self.push_key("certifications");
                self.push_key("halal");
                self.push_key("status");
                self.warning(
                    *status_pos,
                    format!(
                        "says \"not_applicable\", but category {} is food; write \"certified\" with the certificate number, or \"not_halal\"",
                        quote(category)
                    ),
                );
                self.pop(mark);
            }
        }

        Some(Product {
            id: id?.to_owned(),
            slug: slug?.to_owned(),
            name: name?.to_owned(),
            description: description?.to_owned(),
            category: category?.to_owned(),
            village: village?.to_owned(),
            producer: producer?,
            price: price?,
            unit: unit?.to_owned(),
            stock: stock?,
            images: images?,
            tags: tags.unwrap_or_default(),
            featured: featured.unwrap_or(false),
            flagship: flagship.unwrap_or(false),
            added: added?.to_owned(),
            stream: stream?,
            certifications: certifications?.0,
        })
    }

    /// Records a product id or slug, rejecting one an earlier product has.
    fn unique<'n>(
        &mut self,
        node: &Node<'_>,
        s: &'n str,
        index: usize,
        seen: &mut HashMap<&'n str, usize>,
        what: &str,
        why: &str,
    ) -> Option<&'n str> {
        if let Some(earlier) = seen.get(s) {
            self.error(
                node.pos,
                format!("{} is already the {what} of products[{earlier}]; {why}, so this one is left out", quote(s)),
            );
            return None;
        }
        seen.insert(s, index);
        Some(s)
    }

    fn producer(&mut self, node: &Node<'_>) -> Option<Producer> {
        let obj = self.object(node, PRODUCER_FIELDS)?;
        let name = self.req_text(&obj, "name", rules::NAME_MAX);
        let nib = self.opt_formatted(&obj, "nib", rules::SHORT_MAX, rules::check_nib);
        Some(Producer { name: name?.to_owned(), nib: nib.map(str::to_owned) })
    }

    fn price(&mut self, node: &Node<'_>) -> Option<Rupiah> {
        const WHOLE: &str = "must be a whole number of Rupiah greater than 0";
        let too_high = |found: &dyn std::fmt::Display| {
            format!("is more than the highest allowed price, {MAX_PRICE}; check for extra zeros, found {found}")
        };
        let message = match &node.value {
            Value::UInt(0) => format!("{WHOLE}, found 0"),
            Value::UInt(v) if *v > MAX_PRICE.0 => too_high(v),
            Value::UInt(v) => return Some(Rupiah(*v)),
            Value::NegInt(v) => format!("{WHOLE}, found {v}"),
            Value::Float(f) if f.fract() != 0.0 || *f <= 0.0 => format!("{WHOLE}, found {f:?}"),
            Value::Float(f) if *f > MAX_PRICE.0 as f64 => too_high(&format!("{f:?}")),
            Value::Float(f) => format!("{WHOLE}, found {f:?}; write {} without the decimal point", *f as u64),
            Value::Str(s) => match Rupiah::parse(s) {
                Ok(p) if p.0 > 0 && p <= MAX_PRICE => {
                    format!("must be a number without quotes, found the text {}; write {}", quote(s), p.0)
                }
                _ => format!("{WHOLE}, found the text {}", quote(s)),
            },
            other => format!("{WHOLE}, found {}", describe(other)),
        };
        self.error(node.pos, message);
        None
    }

    fn stock(&mut self, node: &Node<'_>) -> Option<u32> {
        const WHOLE: &str = "must be a whole number of items, 0 or more";
        let message = match &node.value {
            Value::UInt(v) if *v > rules::STOCK_MAX => {
                format!("is more than {} items; check for extra zeros, found {v}", rules::STOCK_MAX)
            }
            // At most STOCK_MAX, so it fits.
            Value::UInt(v) => return Some(*v as u32),
            Value::NegInt(v) => format!("{WHOLE}, found {v}"),
            Value::Float(f) if f.fract() == 0.0 && (0.0..=rules::STOCK_MAX as f64).contains(f) => {
                format!("{WHOLE}, found {f:?}; write {} without the decimal point", *f as u64)
            }
            Value::Float(f) => format!("{WHOLE}, found {f:?}"),
            Value::Str(s) if s.trim().parse::<u32>().is_ok_and(|n| u64::from(n) <= rules::STOCK_MAX) => {
                format!("must be a number without quotes, found the text {}; write {}", quote(s), s.trim())
            }
            other => format!("{WHOLE}, found {}", describe(other)),
        };
        self.error(node.pos, message);
        None
    }

    fn images(&mut self, node: &Node<'_>) -> Option<Vec<Image>> {
        let items = self.list(node)?;
        if items.is_empty() {
            self.error(
                node.pos,
                "must list at least one image, such as [{\"src\": \"img/kopi.svg\", \"alt\": \"…\"}]".into(),
            );
            return None;
        }
        let mut out = Vec::with_capacity(items.len());
        let mut ok = true;
        for (index, item) in items.iter().enumerate() {
            let mark = self.push_index(index);
            match self.image(item) {
                Some(image) => out.push(image),
                None => ok = false,
            }
            self.pop(mark);
        }
        ok.then_some(out)
    }

    fn image(&mut self, node: &Node<'_>) -> Option<Image> {
        let obj = self.object(node, IMAGE_FIELDS)?;
        let src = self.req_formatted(&obj, "src", rules::SRC_MAX, rules::check_image_src);
        let alt = self.req_text(&obj, "alt", rules::SHORT_MAX);
        Some(Image { src: src?.to_owned(), alt: alt?.to_owned() })
    }

    fn tags(&mut self, node: &Node<'_>) -> Option<Vec<String>> {
        let items = self.list(node)?;
        let mut ok = true;
        if items.len() > rules::TAGS_MAX {
            self.error(node.pos, format!("has {} tags; the limit is {}", items.len(), rules::TAGS_MAX));
            ok = false;
        }
        let mut out = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            let mark = self.push_index(index);
            match self.text(item, rules::TAG_MAX) {
                Some(tag) => out.push(tag.to_owned()),
                None => ok = false,
            }
            self.pop(mark);
        }
        ok.then_some(out)
    }

    fn stream(&mut self, node: &Node<'_>) -> Option<Stream> {
        let s = self.text(node, rules::SHORT_MAX)?;
        let parse = |s: &str| match s {
            "OVOP" => Some(Stream::Ovop),
            "OSOP" => Some(Stream::Osop),
            "OCOP" => Some(Stream::Ocop),
            _ => None,
        };
        if let Some(stream) = parse(s) {
            return Some(stream);
        }
        let upper = s.trim().to_uppercase();
        let hint = parse(&upper).map(|st| format!("; write {}", st.code())).unwrap_or_default();
        self.error(node.pos, format!("must be OVOP, OSOP or OCOP, found {}{hint}", quote(s)));
        None
    }

    /// The certifications and the document key of the halal status (for the
    /// food check, which needs the product's category).
    fn certifications(&mut self, node: &Node<'_>) -> Option<(Certifications, u32)> {
        let obj = self.object(node, CERTIFICATIONS_FIELDS)?;
        let halal = self.required(&obj, "halal", |r, n| r.halal(n));
        let bpom = self.opt_formatted(&obj, "bpom", rules::SHORT_MAX, rules::check_bpom);
        let pirt = self.opt_formatted(&obj, "pirt", rules::SHORT_MAX, rules::check_pirt);
        let (halal, status_pos) = halal?;
        Some((Certifications { halal, bpom: bpom.map(str::to_owned), pirt: pirt.map(str::to_owned) }, status_pos))
    }

    fn halal(&mut self, node: &Node<'_>) -> Option<(Halal, u32)> {
        if !matches!(node.value, Value::Object(_)) {
            self.error(
                node.pos,
                format!(
                    "must be an object such as {{\"status\": \"certified\", \"certificate\": \"ID…\"}} or {{\"status\": \"not_halal\"}}, found {}",
                    describe(&node.value)
                ),
            );
            return None;
        }
        let obj = self.object(node, HALAL_FIELDS)?;
        let status = self.required(&obj, "status", |r, n| {
            let s = r.text(n, rules::SHORT_MAX)?;
            if HALAL_STATUSES.contains(&s) {
                return Some((s, n.pos));
            }
            let normal = s.trim().to_lowercase().replace([' ', '-'], "_");
            let hint = rules::closest(&normal, HALAL_STATUSES).map(|k| format!("; write {k}")).unwrap_or_default();
            r.error(
                n.pos,
                format!("must be \"certified\", \"not_halal\" or \"not_applicable\", found {}{hint}", quote(s)),
            );
            None
        });
        let (status, pos) = status?;
        let halal = match status {
            "certified" => {
                let certificate =
                    self.req_formatted(&obj, "certificate", rules::SHORT_MAX, rules::check_halal_certificate)?;
                Halal::Certified { certificate: certificate.to_owned() }
            }
            other => {
                if let Some(certificate) = obj.get_present("certificate") {
                    let mark = self.push_key("certificate");
                    self.error(
                        certificate.pos,
                        format!(
                            "must not be given when status is \"{other}\"; remove it, or set status to \"certified\""
                        ),
                    );
                    self.pop(mark);
                    return None;
                }
                if other == "not_halal" {
                    Halal::NotHalal
                } else {
                    Halal::NotApplicable
                }
            }
        };
        Some((halal, pos))
    }
}

enum Version {
    Ok(u32),
    /// Missing or malformed: read on to report everything, but no catalog.
    Bad,
    /// Newer than this code: stop.
    Newer,
}
