//! The validating walk over a feed's JSON tree: builds the typed `Catalog`
//! and collects every problem with its path.
//!
//! Fields are read in whatever order is convenient; every problem carries the
//! document-order key of the node it is about (`Node::pos`, or `Node::end` of
//! the enclosing object for a missing field), and the problems are sorted by
//! that key at the end, so they come out in the order a person reads the file.

use super::float_text;
use super::node::{Doc, List, Node, Value};
use super::rules::{self, quote};
use super::{Parsed, Problem, Severity, NON_FOOD_CATEGORIES};
use crate::catalog::{
    Availability, BankAccount, Catalog, Category, Certifications, Delivery, Focus, Halal, Image, LaunchStatus,
    Localized, Outlet, Outside, Payment, Producer, Product, ProductOption, Store, Stream, Variant, Village, WeightTier,
    Zone, SCHEMA_VERSION,
};
use crate::delivery::MAX_FEE;
use crate::kabupaten;
use crate::money::{Rupiah, MAX_PRICE};
use crate::photo::Photo;
use std::cell::Cell;
use std::collections::hash_map::Entry::{Occupied, Vacant};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

const TOP_FIELDS: &[&str] = &["version", "store", "outlets", "categories", "villages", "products"];
const STORE_FIELDS: &[&str] = &["name", "tagline", "base_url", "currency"];
const OUTLET_FIELDS: &[&str] =
    &["kabupaten", "name", "town", "status", "launch_date", "whatsapp", "address", "hours", "delivery", "payment"];
const DELIVERY_FIELDS: &[&str] = &["zones", "outside"];
const ZONE_FIELDS: &[&str] = &["name", "areas", "within_km", "fee", "free_from"];
const TIER_FIELDS: &[&str] = &["up_to_g", "fee"];
const PAYMENT_FIELDS: &[&str] = &["cash", "transfer", "qris"];
const BANK_FIELDS: &[&str] = &["bank", "account", "holder"];
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
    "compare_at",
    "unit",
    "weight_g",
    "stock",
    "availability",
    "lead_days",
    "images",
    "tags",
    "featured",
    "flagship",
    "added",
    "stream",
    "certifications",
    "options",
    "variants",
];
const OPTION_FIELDS: &[&str] = &["name", "values"];
const VARIANT_FIELDS: &[&str] =
    &["id", "values", "price", "compare_at", "weight_g", "stock", "availability", "lead_days", "images"];
const AVAILABILITIES: [&str; 4] = ["ready", "sold_out", "made_to_order", "pre_order"];
const PRODUCER_FIELDS: &[&str] = &["name", "nib"];
const IMAGE_FIELDS: &[&str] = &["src", "alt", "alt_en", "focus", "photo"];
const FOCUS_FIELDS: &[&str] = &["x", "y"];
const PHOTO_FIELDS: &[&str] = &["width", "height", "color", "placeholder"];
const CERTIFICATIONS_FIELDS: &[&str] = &["halal", "bpom", "pirt"];
const HALAL_FIELDS: &[&str] = &["status", "certificate"];
const HALAL_STATUSES: [&str; 3] = ["certified", "not_halal", "not_applicable"];

/// The most fields any object of the format has (a product).
const MAX_FIELDS: usize = 23;

/// Reads a whole feed tree. `bom` says the file started with a byte order
/// mark; `index` that products may leave out `description` and villages
/// `story` (an index feed, whose detail files carry them).
pub(crate) fn read(doc: &Doc<'_>, bom: bool, index: bool, rules: Option<RulesFn>, v2: V2) -> Parsed {
    let root = doc.root();
    let mut reader = Reader { segs: Vec::new(), problems: Vec::new(), errors: 0, rule_errors: 0, index, rules, v2 };
    if bom {
        reader.error(0, "the file starts with an invisible byte order mark (BOM); save it as UTF-8 without BOM".into());
    }
    let catalog = reader.feed(root);
    // Problems with the same key keep the order they were found in. (Not
    // `sort_by_key`: the stable sort is ~10 KB of wasm per element type;
    // `crate::sort` is the one sort the storefront's main module has.)
    let keys: Vec<u32> = reader.problems.iter().map(|(key, _)| *key).collect();
    let mut order = crate::sort::ids(keys.len());
    crate::sort::ids_by(&mut order, &mut |a, b| (keys[a as usize], a).cmp(&(keys[b as usize], b)));
    let mut found: Vec<Option<Problem>> = reader.problems.into_iter().map(|(_, p)| Some(p)).collect();
    Parsed { catalog, problems: order.iter().filter_map(|&i| found[i as usize].take()).collect() }
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
        Value::Float(f) => float_text::show(*f),
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
pub(crate) struct Obj<'d> {
    known: &'static [&'static str],
    slots: [Option<Node<'d>>; MAX_FIELDS],
    /// Key for problems about the object as a whole (missing fields).
    pub(super) end: u32,
    /// Where `get` looks first.
    next: Cell<usize>,
}

impl<'d> Obj<'d> {
    #[inline(always)]
    fn get(&self, name: &str) -> Option<Node<'d>> {
        // Fields are mostly read in the order of `known`: try the one after
        // the last one looked up before searching.
        let next = self.next.get();
        let i = match self.known.get(next) {
            // The same literal is usually the same address: no need to compare bytes.
            Some(k) if std::ptr::eq(k.as_ptr(), name.as_ptr()) && k.len() == name.len() => Some(next),
            Some(k) if *k == name => Some(next),
            _ => self.known.iter().position(|k| *k == name),
        };
        debug_assert!(i.is_some(), "{name} is not a known field");
        let i = i?;
        self.next.set(i + 1);
        self.slots[i]
    }

    /// Like `get`, with `null` read as absent.
    pub(super) fn get_present(&self, name: &str) -> Option<Node<'d>> {
        self.get(name).filter(|n| !n.is_null())
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
struct Refs<'d> {
    categories: Map<&'d str, Entry>,
    villages: Map<&'d str, Entry>,
}

/// One step of a path: a field name or a list index.
#[derive(Clone, Copy)]
enum Seg<'d> {
    Key(&'d str),
    Index(usize),
}

pub(crate) struct Reader<'d> {
    /// Path of the node being read, e.g. `products[3].price`, as steps; it
    /// is spelled out only when a problem is reported.
    segs: Vec<Seg<'d>>,
    problems: Vec<(u32, Problem)>,
    errors: usize,
    /// Errors in outlets' delivery and payment rules, which leave out only
    /// the broken rule, not the outlet.
    rule_errors: usize,
    /// Reading an index feed: descriptions and stories may be left out.
    pub(super) index: bool,
    /// How outlets' delivery and payment rules are read, or `None` to
    /// leave them unread (the storefront's index feed has none).
    rules: Option<RulesFn>,
    /// How a product's version-2 fields are read.
    v2: V2,
}

/// Reads an outlet's delivery and payment rules. A function pointer that
/// only `feed::parse` (the tool, and checkout's fallback) and
/// `detail::parse_outlet_rules` (checkout) hand over, so the storefront's
/// first page, which reads its feed with `parse_index`, does not carry
/// this code (~11 KB of brotli wasm).
pub(crate) type RulesFn = for<'d> fn(&mut Reader<'d>, &Obj<'d>) -> (Delivery, Payment);

/// The [`RulesFn`] that reads the rules.
pub(crate) const READ_RULES: RulesFn = read_rules;

fn read_rules<'d>(reader: &mut Reader<'d>, obj: &Obj<'d>) -> (Delivery, Payment) {
    reader.rules(obj)
}

/// Reads the outlets' rules file (`detail::OUTLET_RULES_PATH`):
/// `{"version": 1, "outlets": [{"kabupaten": …, "delivery": …, "payment": …}]}`.
/// Problems are dropped: the tool reported them when the feed was
/// published, and a broken rule is left out exactly as `feed::parse`
/// leaves it out. `None` when the file is not such an object.
pub(crate) fn read_outlet_rules(doc: &Doc<'_>) -> Option<Vec<(String, Delivery, Payment)>> {
    const TOP: &[&str] = &["version", "outlets"];
    const OUTLET: &[&str] = &["kabupaten", "delivery", "payment"];
    let mut reader = Reader {
        segs: Vec::new(),
        problems: Vec::new(),
        errors: 0,
        rule_errors: 0,
        index: true,
        rules: Some(READ_RULES),
        v2: V2_BRIEF,
    };
    let top = reader.object(doc.root(), TOP)?;
    let Value::Array(items) = top.get("outlets")?.value() else { return None };
    let mut out = Vec::with_capacity(items.len());
    for item in items.items() {
        let Some(obj) = reader.object(item, OUTLET) else { continue };
        let Some(kabupaten) = obj.get("kabupaten").and_then(|n| n.as_str()) else { continue };
        let (delivery, payment) = reader.rules(&obj);
        out.push((kabupaten.to_owned(), delivery, payment));
    }
    Some(out)
}

/// The path `segs` spell: `products[3].price`, `store["bad key"]`.
fn path_text(segs: &[Seg<'_>]) -> String {
    use std::fmt::Write;
    let mut path = String::new();
    for seg in segs {
        match *seg {
            Seg::Key(key) => {
                let plain = !key.is_empty()
                    && key.len() <= 64
                    && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
                if plain {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(key);
                } else {
                    path.push('[');
                    path.push_str(&quote(key));
                    path.push(']');
                }
            }
            Seg::Index(index) => {
                let _ = write!(path, "[{index}]");
            }
        }
    }
    path
}

/// FxHash-style hashing for the id and slug tables: the keys come from the
/// feed being checked, not from an attacker who could flood the table, and
/// SipHash would cost more than the rest of the lookup.
#[derive(Default)]
pub(super) struct FastHasher(u64);

const HASH_K: u64 = 0xf135_7aea_2e62_a9c5;

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut h = self.0;
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0; 8];
            word.copy_from_slice(chunk);
            h = (h.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(HASH_K);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0; 8];
            word[..rest.len()].copy_from_slice(rest);
            h = (h.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(HASH_K);
        }
        self.0 = h;
    }

    fn write_u8(&mut self, i: u8) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(i)).wrapping_mul(HASH_K);
    }

    fn finish(&self) -> u64 {
        let h = self.0.wrapping_mul(HASH_K);
        h ^ (h >> 32)
    }
}

pub(super) type Map<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;

type ProductsFn<'d> = fn(&mut Reader<'d>, &Obj<'d>, &Refs<'d>) -> Option<Vec<Product>>;

/// `f` hidden from the optimisers, so that calling it keeps it a function of
/// its own. This is for the first load in the browser, which starts running
/// wasm in baseline code and compiles a function with its optimising tier once
/// the function has run a while; a call already running stays in baseline
/// code. So the per-product work must be its own function, soon optimised,
/// not inlined into the loop over the products, which runs once per load (and
/// wasm-opt inlines every function that has a single call site, whatever its
/// size); and the loop must not sit in the large function that reads the
/// whole feed, whose optimised compilation would cost time and be wasted.
#[inline(always)]
fn opaque<F>(f: F) -> F {
    std::hint::black_box(f)
}

type ProductFn<'d> = fn(
    &mut Reader<'d>,
    Node<'d>,
    usize,
    &Refs<'d>,
    &mut Map<&'d str, Place>,
    &mut Map<&'d str, Place>,
) -> Option<Product>;

/// Where an id or slug was first seen: a product, or one of its variants.
/// One word (the product index, and the variant's plus one in the top 8
/// bits): the id and slug maps then compile to the same code as the
/// `usize` maps the reader already has, which wasm-opt folds together
/// (every byte counts on the storefront's first load).
#[derive(Clone, Copy)]
#[repr(transparent)]
pub(super) struct Place(usize);

impl Place {
    const SHIFT: u32 = usize::BITS - 8;

    pub(super) fn product(index: usize) -> Place {
        Place(index & ((1 << Self::SHIFT) - 1))
    }

    /// Variants beyond the 254th share a place (feeds allow 100).
    pub(super) fn variant(product: usize, variant: usize) -> Place {
        Place(Self::product(product).0 | (variant.min(254) + 1) << Self::SHIFT)
    }

    fn index(self) -> usize {
        self.0 & ((1 << Self::SHIFT) - 1)
    }

    fn variant_index(self) -> Option<usize> {
        (self.0 >> Self::SHIFT).checked_sub(1)
    }
}

/// The fields of the one variant of a product without options, or the
/// defaults a product's variants inherit.
pub(super) struct Offer {
    pub(super) price: Option<Rupiah>,
    pub(super) compare_at: Option<Rupiah>,
    pub(super) weight_g: Option<u32>,
    pub(super) stock: Option<u32>,
    pub(super) availability: Option<Availability>,
}

/// How a product's version-2 fields are read: with a message for every
/// mistake (`DETAILED`, for `feed::parse` and so `nttmart check`), or with
/// one short problem per broken product (`feed::brief`, for the
/// storefront's `feed::parse_index`).
#[derive(Clone, Copy)]
pub(crate) struct V2 {
    pub(super) offer: for<'d> fn(&mut Reader<'d>, &Obj<'d>, bool, Option<Rupiah>) -> Option<Offer>,
    pub(super) variants: for<'d> fn(
        &mut Reader<'d>,
        &Obj<'d>,
        Node<'d>,
        usize,
        &[Image],
        &mut Map<&'d str, Place>,
    ) -> (Option<Vec<ProductOption>>, Option<Vec<Variant>>),
    /// One image (`products[].images[]`): read the same way, for the same
    /// reason (its photo, focal point and English alt text came with the
    /// photos, after the first-load budget was set).
    pub(super) image: for<'d> fn(&mut Reader<'d>, Node<'d>) -> Option<Image>,
}

pub(crate) const V2_DETAILED: V2 = V2 { offer: detailed_offer, variants: detailed_variants, image: detailed_image };
pub(crate) const V2_BRIEF: V2 =
    V2 { offer: super::brief::offer, variants: super::brief::variants, image: super::brief::image };

fn detailed_image<'d>(r: &mut Reader<'d>, node: Node<'d>) -> Option<Image> {
    r.image(node)
}

fn detailed_offer<'d>(r: &mut Reader<'d>, obj: &Obj<'d>, single: bool, price: Option<Rupiah>) -> Option<Offer> {
    r.offer(obj, single, price)
}

fn detailed_variants<'d>(
    r: &mut Reader<'d>,
    obj: &Obj<'d>,
    list: Node<'d>,
    product: usize,
    images: &[Image],
    ids: &mut Map<&'d str, Place>,
) -> (Option<Vec<ProductOption>>, Option<Vec<Variant>>) {
    let defaults = r.offer(obj, false, None);
    let options = r.required(obj, "options", |r, n| r.options(n));
    let variants = match (&options, &defaults) {
        (Some(options), Some(defaults)) => {
            let mark = r.push_key("variants");
            let out = r.variants(list, product, options, defaults, images, ids);
            r.pop(mark);
            out
        }
        _ => None,
    };
    (options, variants)
}

impl<'d> Reader<'d> {
    // ----- paths and problems -----

    #[inline(always)]
    fn push_key(&mut self, key: &'d str) -> usize {
        let mark = self.segs.len();
        self.segs.push(Seg::Key(key));
        mark
    }

    #[inline(always)]
    fn push_index(&mut self, index: usize) -> usize {
        let mark = self.segs.len();
        self.segs.push(Seg::Index(index));
        mark
    }

    #[inline(always)]
    fn pop(&mut self, mark: usize) {
        self.segs.truncate(mark);
    }

    fn report(&mut self, key: u32, severity: Severity, message: String) {
        if severity == Severity::Error {
            self.errors += 1;
        }
        self.problems.push((key, Problem { path: path_text(&self.segs), message, severity }));
    }

    pub(super) fn error(&mut self, key: u32, message: String) {
        self.report(key, Severity::Error, message);
    }

    fn warning(&mut self, key: u32, message: String) {
        self.report(key, Severity::Warning, message);
    }

    /// Reports `result`'s message, if any, against `node`.
    fn check(&mut self, node: Node<'d>, result: Result<(), String>) -> Option<()> {
        result.map_err(|message| self.error(node.pos, message)).ok()
    }

    fn type_error(&mut self, node: Node<'d>, expect: Expect) {
        self.error(node.pos, type_message(&node.value(), expect));
    }

    // ----- structure -----

    /// Checks that `node` is an object and sorts its members into the known
    /// fields, warning about unknown ones and rejecting repeated ones.
    fn object(&mut self, node: Node<'d>, known: &'static [&'static str]) -> Option<Obj<'d>> {
        let Value::Object(members) = node.value() else {
            self.type_error(node, Expect::Object);
            return None;
        };
        debug_assert!(known.len() <= MAX_FIELDS);
        let mut obj = Obj { known, slots: [None; MAX_FIELDS], end: node.end(), next: Cell::new(0) };
        // Members usually come in the order of `known`: try the field after
        // the last one found before searching.
        let mut next = 0;
        for (key, child) in members.member_keys() {
            let found = match known.get(next) {
                Some(k) if k.as_bytes() == key => Some(next),
                _ => known.iter().position(|k| k.as_bytes() == key),
            };
            match found {
                Some(i) if obj.slots[i].is_some() => {
                    let mark = self.push_key(child.key());
                    self.error(
                        child.pos,
                        "appears more than once here; keep only one (only the first one is read)".into(),
                    );
                    self.pop(mark);
                }
                Some(i) => {
                    obj.slots[i] = Some(child);
                    next = i + 1;
                }
                None => {
                    let key = child.key();
                    let hint = rules::closest(key, known.iter().copied())
                        .map(|k| format!("; did you mean \"{k}\"?"))
                        .unwrap_or_default();
                    let mark = self.push_key(key);
                    self.warning(child.pos, format!("unknown field, ignored{hint}"));
                    self.pop(mark);
                }
            }
        }
        Some(obj)
    }

    /// Reads a required field with `read`; reports `is required` when absent.
    pub(super) fn required<T>(
        &mut self,
        obj: &Obj<'d>,
        name: &'static str,
        read: impl FnOnce(&mut Self, Node<'d>) -> Option<T>,
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
    pub(super) fn optional<T>(
        &mut self,
        obj: &Obj<'d>,
        name: &'static str,
        read: impl FnOnce(&mut Self, Node<'d>) -> Option<T>,
    ) -> Option<T> {
        let node = obj.get_present(name)?;
        let mark = self.push_key(name);
        let out = read(self, node);
        self.pop(mark);
        out
    }

    /// Reads a field that has a default when absent (`null` is not absent).
    fn defaulted<T>(
        &mut self,
        obj: &Obj<'d>,
        name: &'static str,
        read: impl FnOnce(&mut Self, Node<'d>) -> Option<T>,
    ) -> Option<T> {
        let node = obj.get(name)?;
        let mark = self.push_key(name);
        let out = read(self, node);
        self.pop(mark);
        out
    }

    // ----- values -----

    /// Non-empty text of at most `max` characters.
    fn text(&mut self, node: Node<'d>, max: usize) -> Option<&'d str> {
        let Some(s) = node.as_str() else {
            self.type_error(node, Expect::Text);
            return None;
        };
        // Text starting with a visible ASCII character is not blank.
        let visible = matches!(s.as_bytes().first(), Some(b'!'..=b'~'));
        if !visible && s.trim().is_empty() {
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
    fn formatted(&mut self, node: Node<'d>, max: usize, rule: fn(&str) -> Result<(), String>) -> Option<&'d str> {
        let s = self.text(node, max)?;
        self.check(node, rule(s))?;
        Some(s)
    }

    fn req_text(&mut self, obj: &Obj<'d>, name: &'static str, max: usize) -> Option<&'d str> {
        self.required(obj, name, |r, n| r.text(n, max))
    }

    /// A description, story or flagship: required in a whole feed; in an index feed
    /// absent reads as empty (its detail file has it), while present text
    /// is still checked.
    fn long_text(&mut self, obj: &Obj<'d>, name: &'static str, max: usize) -> Option<&'d str> {
        if self.index {
            return Some(self.optional(obj, name, |r, n| r.text(n, max)).unwrap_or(""));
        }
        self.req_text(obj, name, max)
    }

    fn req_formatted(
        &mut self,
        obj: &Obj<'d>,
        name: &'static str,
        max: usize,
        rule: fn(&str) -> Result<(), String>,
    ) -> Option<&'d str> {
        self.required(obj, name, |r, n| r.formatted(n, max, rule))
    }

    fn opt_formatted(
        &mut self,
        obj: &Obj<'d>,
        name: &'static str,
        max: usize,
        rule: fn(&str) -> Result<(), String>,
    ) -> Option<&'d str> {
        self.optional(obj, name, |r, n| r.formatted(n, max, rule))
    }

    fn boolean(&mut self, node: Node<'d>) -> Option<bool> {
        match node.value() {
            Value::Bool(b) => Some(b),
            _ => {
                self.type_error(node, Expect::Bool);
                None
            }
        }
    }

    /// The slug of one of the 22 kabupaten/kota.
    fn kabupaten(&mut self, node: Node<'d>) -> Option<&'d str> {
        let s = self.text(node, rules::SLUG_MAX)?;
        if kabupaten::by_slug(s).is_some() {
            return Some(s);
        }
        let lower = s.trim().to_ascii_lowercase();
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
    fn reference(&mut self, node: Node<'d>, table: &Map<&'d str, Entry>, what: &str, list: &str) -> Option<&'d str> {
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
    fn list(&mut self, node: Node<'d>) -> Option<List<'d>> {
        match node.value() {
            Value::Array(items) => Some(items),
            _ => {
                self.type_error(node, Expect::List);
                None
            }
        }
    }

    // ----- the feed -----

    fn feed(&mut self, root: Node<'d>) -> Option<Catalog> {
        let Value::Object(members) = root.value() else {
            self.error(
                root.pos,
                format!(
                    "the feed must be an object {{ … }} holding version, store, outlets, categories, villages and products, found {}",
                    describe(&root.value())
                ),
            );
            return None;
        };
        // The version decides how to read everything else, so it comes first;
        // a newer feed is not read further (its other problems would be noise).
        let version_node = members.members().find(|(k, _)| *k == "version").map(|(_, n)| n);
        let mark = self.push_key("version");
        let version = self.version(version_node, root.end());
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

    fn version(&mut self, node: Option<Node<'d>>, root_end: u32) -> Version {
        let Some(node) = node else {
            self.error(root_end, format!("is required: write \"version\": {SCHEMA_VERSION} at the top of the feed"));
            return Version::Bad;
        };
        match node.value() {
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
                self.error(node.pos, format!("must be 1 or higher, found {}", describe(&node.value())));
                Version::Bad
            }
            // Checked above: 1 ≤ v ≤ SCHEMA_VERSION.
            Value::UInt(v) => Version::Ok(v as u32),
            Value::Float(f) => {
                self.error(
                    node.pos,
                    format!("must be a whole number such as {SCHEMA_VERSION}, found {}", float_text::show(f)),
                );
                Version::Bad
            }
            _ => {
                self.type_error(node, Expect::Whole);
                Version::Bad
            }
        }
    }

    fn store(&mut self, node: Node<'d>) -> Option<Store> {
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

    fn outlets(&mut self, node: Node<'d>) -> Option<Vec<Outlet>> {
        let items = self.list(node)?;
        let mut out = Vec::with_capacity(items.len());
        let mut seen: Map<&'d str, usize> = Map::default();
        for (index, item) in items.items().enumerate() {
            let mark = self.push_index(index);
            let errors = self.errors;
            let rule_errors = self.rule_errors;
            let outlet = self.outlet(item, index, &mut seen);
            let own_errors = self.errors - errors - (self.rule_errors - rule_errors);
            if let (Some(outlet), 0) = (outlet, own_errors) {
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
                node.end(),
                format!(
                    "has no usable outlet for {} of the {total} kabupaten/kota: {}",
                    missing.len(),
                    missing.join(", ")
                ),
            );
        }
        Some(out)
    }

    fn outlet(&mut self, node: Node<'d>, index: usize, seen: &mut Map<&'d str, usize>) -> Option<Outlet> {
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
                    let hint = rules::closest(&s.trim().to_ascii_lowercase(), ["launched", "planned"])
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
        // A broken delivery or payment rule is an error, but it costs the
        // kabupaten only that rule, not its outlet: `outlets` drops an
        // outlet whose own fields have errors, so these are read last and
        // their errors are not counted against it.
        let errors = self.errors;
        let (delivery, payment) = match self.rules {
            Some(read_rules) => read_rules(self, &obj),
            // The storefront reads the rules from their own file at
            // checkout (`detail::parse_outlet_rules`).
            None => (Delivery::default(), Payment::default()),
        };
        self.rule_errors += self.errors - errors;
        Some(Outlet {
            kabupaten: kabupaten?.to_owned(),
            name: name?.to_owned(),
            town: town?.to_owned(),
            status: status?,
            launch_date: launch_date.map(str::to_owned),
            whatsapp: whatsapp?.to_owned(),
            address: address?.to_owned(),
            hours: hours?.to_owned(),
            delivery,
            payment,
        })
    }

    // ----- delivery and payment -----

    /// Reads an outlet's `delivery` and `payment`; see [`RulesFn`].
    fn rules(&mut self, obj: &Obj<'d>) -> (Delivery, Payment) {
        let delivery = self.optional(obj, "delivery", |r, n| r.delivery(n)).unwrap_or_default();
        let payment = self.optional(obj, "payment", |r, n| r.payment(n)).unwrap_or_default();
        (delivery, payment)
    }

    fn delivery(&mut self, node: Node<'d>) -> Option<Delivery> {
        let obj = self.object(node, DELIVERY_FIELDS)?;
        let errors = self.errors;
        let zones = self.defaulted(&obj, "zones", |r, n| r.zones(n));
        let outside = self.optional(&obj, "outside", |r, n| r.outside(n));
        if self.errors != errors {
            self.warning(
                obj.end,
                "has errors, so this outlet's delivery fees are left out until they are fixed: customers who want delivery are told the outlet will quote the fee".into(),
            );
            return None;
        }
        Some(Delivery { zones: zones.unwrap_or_default(), outside: outside.unwrap_or_default() })
    }

    fn zones(&mut self, node: Node<'d>) -> Option<Vec<Zone>> {
        let items = self.list(node)?;
        let mut out = Vec::with_capacity(items.len());
        let mut names: Map<&'d str, usize> = Map::default();
        let mut areas: Map<String, usize> = Map::default();
        for (index, item) in items.items().enumerate() {
            let mark = self.push_index(index);
            if let Some(zone) = self.zone(item, index, &mut names, &mut areas) {
                out.push(zone);
            }
            self.pop(mark);
        }
        Some(out)
    }

    fn zone(
        &mut self,
        node: Node<'d>,
        index: usize,
        names: &mut Map<&'d str, usize>,
        seen_areas: &mut Map<String, usize>,
    ) -> Option<Zone> {
        let obj = self.object(node, ZONE_FIELDS)?;
        let name = self.required(&obj, "name", |r, n| {
            let s = r.text(n, rules::SHORT_MAX)?;
            if let Some(earlier) = names.get(s) {
                r.error(
                    n.pos,
                    format!("{} is already the name of zones[{earlier}]; give each zone its own name", quote(s)),
                );
                return None;
            }
            names.insert(s, index);
            Some(s)
        });
        let areas = self.optional(&obj, "areas", |r, n| {
            let items = r.list(n)?;
            let mut out = Vec::with_capacity(items.len());
            let mut ok = true;
            for (i, item) in items.items().enumerate() {
                let mark = r.push_index(i);
                match r.text(item, rules::SHORT_MAX) {
                    Some(area) => {
                        let key = crate::text::fold(area);
                        match seen_areas.get(&key) {
                            Some(&z) => {
                                r.error(
                                    item.pos,
                                    format!(
                                        "{} is already in zones[{z}]; an area belongs to one zone, so its fee is clear",
                                        quote(area)
                                    ),
                                );
                                ok = false;
                            }
                            None => {
                                seen_areas.insert(key, index);
                                out.push(area.trim().to_owned());
                            }
                        }
                    }
                    None => ok = false,
                }
                r.pop(mark);
            }
            ok.then_some(out)
        });
        let within_km = self.optional(&obj, "within_km", |r, n| r.whole(n, 1, 500, "kilometres"));
        let fee = self.required(&obj, "fee", |r, n| r.fee(n));
        let free_from = self.optional(&obj, "free_from", |r, n| r.price(n));
        let has_areas = obj.get_present("areas").is_some();
        let has_km = obj.get_present("within_km").is_some();
        if has_areas == has_km {
            self.error(
                obj.end,
                "must have either \"areas\" (a list of kecamatan or kelurahan) or \"within_km\" (a distance from the outlet), not both and not neither".into(),
            );
            return None;
        }
        if areas.as_ref().is_some_and(Vec::is_empty) {
            let mark = self.push_key("areas");
            self.error(obj.end, "must list at least one kecamatan or kelurahan".into());
            self.pop(mark);
            return None;
        }
        Some(Zone { name: name?.to_owned(), areas: areas.unwrap_or_default(), within_km, fee: fee?, free_from })
    }

    fn outside(&mut self, node: Node<'d>) -> Option<Outside> {
        if let Some(s) = node.as_str() {
            return match s {
                "quote" => Some(Outside::Quote),
                "none" => Some(Outside::None),
                _ => {
                    self.error(
                        node.pos,
                        format!("must be \"quote\", \"none\" or {{\"tiers\": [ … ]}}, found {}", quote(s)),
                    );
                    None
                }
            };
        }
        const FIELDS: &[&str] = &["tiers"];
        let obj = self.object(node, FIELDS)?;
        let tiers = self.required(&obj, "tiers", |r, n| {
            let items = r.list(n)?;
            if items.is_empty() {
                r.error(n.pos, "must list at least one weight tier, such as {\"up_to_g\": 1000, \"fee\": 25000}".into());
                return None;
            }
            let mut out: Vec<WeightTier> = Vec::with_capacity(items.len());
            let mut ok = true;
            for (i, item) in items.items().enumerate() {
                let mark = r.push_index(i);
                match r.tier(item) {
                    Some(tier) => {
                        if let Some(last) = out.last() {
                            if tier.up_to_g <= last.up_to_g {
                                r.error(
                                    item.pos,
                                    format!(
                                        "up_to_g {} is not above the tier before it ({} g); list tiers from light to heavy",
                                        tier.up_to_g, last.up_to_g
                                    ),
                                );
                                ok = false;
                            }
                        }
                        out.push(tier);
                    }
                    None => ok = false,
                }
                r.pop(mark);
            }
            ok.then_some(out)
        });
        Some(Outside::Tiers(tiers?))
    }

    fn tier(&mut self, node: Node<'d>) -> Option<WeightTier> {
        let obj = self.object(node, TIER_FIELDS)?;
        let up_to_g = self.required(&obj, "up_to_g", |r, n| r.whole(n, 1, 1_000_000, "grams"));
        let fee = self.required(&obj, "fee", |r, n| r.fee(n));
        Some(WeightTier { up_to_g: up_to_g?, fee: fee? })
    }

    /// A delivery fee: like a price, but 0 (free) is allowed.
    fn fee(&mut self, node: Node<'d>) -> Option<Rupiah> {
        if matches!(node.value(), Value::UInt(0)) {
            return Some(Rupiah::ZERO);
        }
        let fee = self.price(node)?;
        if fee > MAX_FEE {
            self.error(node.pos, format!("is more than {MAX_FEE} for one delivery; check for extra zeros"));
            return None;
        }
        Some(fee)
    }

    /// A product's weight. Read for every product on every phone, so kept
    /// small: one fixed message.
    pub(super) fn grams(&mut self, node: Node<'d>) -> Option<u32> {
        match node.value() {
            // At most 1,000,000, so it fits.
            Value::UInt(v @ 1..=1_000_000) => Some(v as u32),
            _ => {
                self.error(node.pos, "must be a whole number of grams from 1 to 1000000, without quotes".into());
                None
            }
        }
    }

    /// A whole number in `min..=max` of `unit`.
    fn whole(&mut self, node: Node<'d>, min: u64, max: u64, unit: &str) -> Option<u32> {
        match node.value() {
            // `max` is far below u32::MAX.
            Value::UInt(v) if (min..=max).contains(&v) => Some(v as u32),
            Value::UInt(_) | Value::NegInt(_) | Value::Float(_) => {
                self.error(
                    node.pos,
                    format!("must be a whole number of {unit} from {min} to {max}, found {}", describe(&node.value())),
                );
                None
            }
            _ => {
                self.type_error(node, Expect::Whole);
                None
            }
        }
    }

    fn payment(&mut self, node: Node<'d>) -> Option<Payment> {
        let obj = self.object(node, PAYMENT_FIELDS)?;
        let cash = self.defaulted(&obj, "cash", |r, n| r.boolean(n));
        let transfer = self.optional(&obj, "transfer", |r, n| r.bank_account(n));
        let qris = self.optional(&obj, "qris", |r, n| {
            let s = r.text(n, rules::QRIS_MAX)?;
            r.check(
                n,
                crate::qris::check_static(s.trim())
                    .map_err(|e| format!("{e}; this QRIS is left out of checkout until it is fixed")),
            )?;
            Some(s.trim().to_owned())
        });
        let payment = Payment { cash: cash.unwrap_or(true), transfer, qris };
        if !payment.cash && payment.transfer.is_none() && payment.qris.is_none() {
            self.error(
                obj.end,
                "leaves customers no way to pay: set \"cash\": true or give a usable transfer account or QRIS; until then cash is offered".into(),
            );
            return Some(Payment { cash: true, ..payment });
        }
        Some(payment)
    }

    fn bank_account(&mut self, node: Node<'d>) -> Option<BankAccount> {
        let obj = self.object(node, BANK_FIELDS)?;
        let bank = self.req_text(&obj, "bank", rules::UNIT_MAX);
        let account = self.required(&obj, "account", |r, n| {
            let s = r.text(n, rules::UNIT_MAX)?;
            let digits: String = s.chars().filter(char::is_ascii_digit).collect();
            let only_separators = s.chars().all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '.'));
            if !only_separators || !(5..=20).contains(&digits.len()) {
                r.error(n.pos, format!("must be a bank account number of 5 to 20 digits, found {}", quote(s)));
                return None;
            }
            Some(digits)
        });
        let holder = self.req_text(&obj, "holder", rules::NAME_MAX);
        Some(BankAccount { bank: bank?.to_owned(), account: account?, holder: holder?.to_owned() })
    }

    // ----- categories and villages -----

    /// Reads a list of objects identified by a slug `id`, recording every id
    /// in `table` (the first occurrence wins; later duplicates are errors and
    /// are left out). `read` gets the object and its id.
    fn identified<T>(
        &mut self,
        node: Node<'d>,
        fields: &'static [&'static str],
        table: &mut Map<&'d str, Entry>,
        list: &str,
        read: impl Fn(&mut Self, &Obj<'d>, Option<&'d str>) -> Option<T>,
    ) -> Option<Vec<T>> {
        let items = self.list(node)?;
        let mut out = Vec::with_capacity(items.len());
        for (index, item) in items.items().enumerate() {
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

    fn categories(&mut self, node: Node<'d>, table: &mut Map<&'d str, Entry>) -> Option<Vec<Category>> {
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

    fn villages(&mut self, node: Node<'d>, table: &mut Map<&'d str, Entry>) -> Option<Vec<Village>> {
        self.identified(node, VILLAGE_FIELDS, table, "villages", |r, obj, id| {
            let name = r.req_text(obj, "name", rules::NAME_MAX);
            let kabupaten = r.required(obj, "kabupaten", |r, n| r.kabupaten(n));
            let cooperative = r.req_text(obj, "cooperative", rules::SHORT_MAX);
            let flagship = r.long_text(obj, "flagship", rules::SHORT_MAX);
            let story = r.long_text(obj, "story", rules::STORY_MAX);
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
    fn products(&mut self, top: &Obj<'d>, refs: &Refs<'d>) -> Option<Vec<Product>> {
        let mark = self.push_key("products");
        // Out of line (see `opaque`): this loop runs once per load.
        let list = opaque(Self::products_list as ProductsFn<'d>);
        let out = list(self, top, refs);
        self.pop(mark);
        out
    }

    fn products_list(&mut self, top: &Obj<'d>, refs: &Refs<'d>) -> Option<Vec<Product>> {
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
        let mut ids: Map<&str, Place> = Map::with_capacity_and_hasher(items.len(), Default::default());
        let mut slugs: Map<&str, Place> = Map::with_capacity_and_hasher(items.len(), Default::default());
        // Out of line (see `opaque`): called for every product, it soon runs
        // in the browser's optimised code.
        let product = opaque(Self::product as ProductFn<'d>);
        for (index, item) in items.items().enumerate() {
            let mark = self.push_index(index);
            let errors = self.errors;
            let product = product(self, item, index, refs, &mut ids, &mut slugs);
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
            self.error(node.end(), message);
            return None;
        }
        Some(out)
    }

    fn product(
        &mut self,
        node: Node<'d>,
        index: usize,
        refs: &Refs<'d>,
        ids: &mut Map<&'d str, Place>,
        slugs: &mut Map<&'d str, Place>,
    ) -> Option<Product> {
        let obj = self.object(node, PRODUCT_FIELDS)?;
        let id = self.required(&obj, "id", |r, n| {
            let s = r.formatted(n, rules::PRODUCT_ID_MAX, rules::check_product_id)?;
            r.unique(n, s, Place::product(index), ids, "id", "every product needs its own id")
        });
        let slug = self.required(&obj, "slug", |r, n| {
            let s = r.formatted(n, rules::SLUG_MAX, rules::check_slug)?;
            r.unique(n, s, Place::product(index), slugs, "slug", "every product needs its own web address")
        });
        let name = self.req_text(&obj, "name", rules::NAME_MAX);
        let description = self.long_text(&obj, "description", rules::DESCRIPTION_MAX);
        let category =
            self.required(&obj, "category", |r, n| r.reference(n, &refs.categories, "category", "categories"));
        let village = self.required(&obj, "village", |r, n| r.reference(n, &refs.villages, "village", "villages"));
        // An index feed leaves the producer to the detail and keywords
        // files: only the product page and search show it.
        let producer = match (self.index, obj.get_present("producer")) {
            (true, None) => Some(Producer { name: String::new(), nib: None }),
            _ => self.required(&obj, "producer", |r, n| r.producer(n)),
        };
        // Price and stock in the order a product without options has them.
        let variants_node = obj.get_present("variants");
        let single_price = match variants_node {
            None => self.required(&obj, "price", |r, n| r.price(n)),
            Some(_) => None,
        };
        let unit = self.req_text(&obj, "unit", rules::UNIT_MAX);
        let single_offer = match variants_node {
            None => (self.v2.offer)(self, &obj, true, single_price),
            Some(_) => None,
        };
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

        let (options, variants) = match variants_node {
            None => {
                if let Some(node) = obj.get_present("options") {
                    let mark = self.push_key("options");
                    self.error(node.pos, "are given, but no variants: list the variants that can be bought, with their options' values, in \"variants\"".into());
                    self.pop(mark);
                }
                let variant = match (id, single_offer) {
                    (Some(id), Some(Offer { price: Some(price), compare_at, weight_g, stock, availability })) => {
                        Some(Variant {
                            id: id.to_owned(),
                            values: Vec::new(),
                            price,
                            compare_at,
                            stock: stock.unwrap_or(0),
                            availability: availability.unwrap_or(Availability::Ready),
                            weight_g,
                            images: Vec::new(),
                        })
                    }
                    _ => None,
                };
                (Some(Vec::new()), variant.map(|v| vec![v]))
            }
            Some(list) => match &images {
                Some(images) => (self.v2.variants)(self, &obj, list, index, images, ids),
                None => (None, None),
            },
        };

        // All parts first, then the copies: one way out when a part is missing.
        let (
            Some(id),
            Some(slug),
            Some(name),
            Some(description),
            Some(category),
            Some(village),
            Some(producer),
            Some(unit),
            Some(images),
            Some(added),
            Some(stream),
            Some((certifications, _)),
            Some(options),
            Some(variants),
        ) = (
            id,
            slug,
            name,
            description,
            category,
            village,
            producer,
            unit,
            images,
            added,
            stream,
            certifications,
            options,
            variants,
        )
        else {
            return None;
        };
        Some(Product {
            id: id.to_owned(),
            slug: slug.to_owned(),
            name: name.to_owned(),
            description: description.to_owned(),
            keywords: String::new(),
            category: category.to_owned(),
            village: village.to_owned(),
            producer,
            unit: unit.to_owned(),
            images,
            tags: tags.unwrap_or_default(),
            featured: featured.unwrap_or(false),
            flagship: flagship.unwrap_or(false),
            added: added.to_owned(),
            stream,
            certifications,
            options,
            variants,
        })
    }

    /// A product's stock, weight and availability: the one variant's when
    /// it has no options (`single`; `price` read already, stock required), else the
    /// defaults its variants inherit (price and stock not allowed). `None`
    /// when a field present is wrong.
    fn offer(&mut self, obj: &Obj<'d>, single: bool, price: Option<Rupiah>) -> Option<Offer> {
        let errors = self.errors;
        if !single {
            for field in ["price", "stock"] {
                if let Some(node) = obj.get_present(field) {
                    let mark = self.push_key(field);
                    self.error(
                        node.pos,
                        "is given per variant when a product has variants: move it into each of \"variants\"".into(),
                    );
                    self.pop(mark);
                }
            }
        }
        let compare_at = self.optional(obj, "compare_at", |r, n| r.price(n));
        let weight_g = self.optional(obj, "weight_g", |r, n| r.grams(n));
        let stock = if single {
            let availability = self.peek_availability(obj);
            self.stock_for(obj, availability)
        } else {
            None
        };
        let availability = self.availability(obj);
        if let (Some(price), Some(compare_at)) = (price, compare_at) {
            self.compare_at_check(obj, price, compare_at);
        }
        (self.errors == errors).then_some(Offer { price, compare_at, weight_g, stock, availability })
    }

    /// Whether `availability` says made to order or pre-order (stock then
    /// optional), without reporting anything: `availability` reports.
    fn peek_availability(&self, obj: &Obj<'d>) -> Option<Availability> {
        match obj.get_present("availability").and_then(|n| n.as_str()) {
            Some("made_to_order") => Some(Availability::MadeToOrder { min_days: 1, max_days: 1 }),
            Some("pre_order") => Some(Availability::PreOrder { min_days: 1, max_days: 1 }),
            _ => None,
        }
    }

    /// `stock`: required for a variant sold from stock, optional (0) for
    /// one made or delivered later.
    fn stock_for(&mut self, obj: &Obj<'d>, availability: Option<Availability>) -> Option<u32> {
        match availability {
            None | Some(Availability::Ready) => self.required(obj, "stock", |r, n| r.stock(n)),
            Some(_) => Some(self.optional(obj, "stock", |r, n| r.stock(n)).unwrap_or(0)),
        }
    }

    fn compare_at_check(&mut self, obj: &Obj<'d>, price: Rupiah, compare_at: Rupiah) {
        if compare_at <= price {
            if let Some(node) = obj.get_present("compare_at") {
                let mark = self.push_key("compare_at");
                self.warning(
                    node.pos,
                    format!("is the price before a discount, but it is not above the price ({price}); it is not shown"),
                );
                self.pop(mark);
            }
        }
    }

    /// `availability` and its `lead_days`; `None` when absent (ready).
    fn availability(&mut self, obj: &Obj<'d>) -> Option<Availability> {
        let code = self.optional(obj, "availability", |r, n| {
            let s = r.text(n, rules::SHORT_MAX)?;
            if AVAILABILITIES.contains(&s) {
                return Some(s);
            }
            r.error(
                n.pos,
                format!("must be \"ready\", \"sold_out\", \"made_to_order\" or \"pre_order\", found {}", quote(s)),
            );
            None
        });
        let later = matches!(code, Some("made_to_order" | "pre_order"));
        let days = if later {
            self.required(obj, "lead_days", |r, n| r.lead_days(n))
        } else {
            if let Some(node) = obj.get_present("lead_days") {
                let mark = self.push_key("lead_days");
                self.warning(
                    node.pos,
                    "is only for \"made_to_order\" or \"pre_order\" availability; it is ignored".into(),
                );
                self.pop(mark);
            }
            None
        };
        match (code?, days) {
            ("sold_out", _) => Some(Availability::SoldOut),
            ("made_to_order", Some((min_days, max_days))) => Some(Availability::MadeToOrder { min_days, max_days }),
            ("pre_order", Some((min_days, max_days))) => Some(Availability::PreOrder { min_days, max_days }),
            _ => Some(Availability::Ready),
        }
    }

    /// `21` or `[21, 30]`: days from the order to delivery, at most a year.
    fn lead_days(&mut self, node: Node<'d>) -> Option<(u16, u16)> {
        const WHAT: &str = "must be a number of days such as 14, or a range such as [21, 30], from 1 to 365";
        let day = |v: Value<'_>| match v {
            Value::UInt(d @ 1..=365) => Some(d as u16),
            _ => None,
        };
        let found = match node.value() {
            Value::Array(items) if items.len() == 2 => {
                let mut it = items.items().map(|n| day(n.value()));
                match (it.next().flatten(), it.next().flatten()) {
                    (Some(min), Some(max)) if min <= max => return Some((min, max)),
                    (Some(min), Some(max)) => {
                        self.error(node.pos, format!("{WHAT}; the shorter time comes first: [{max}, {min}]"));
                        return None;
                    }
                    _ => describe(&node.value()),
                }
            }
            v => match day(v) {
                Some(d) => return Some((d, d)),
                None => describe(&v),
            },
        };
        self.error(node.pos, format!("{WHAT}, found {found}"));
        None
    }

    /// A product's options: 1 to 3, each with 1 to 30 different values.
    fn options(&mut self, node: Node<'d>) -> Option<Vec<ProductOption>> {
        let items = self.list(node)?;
        if items.is_empty() || items.len() > rules::OPTIONS_MAX {
            self.error(
                node.pos,
                format!(
                    "must list 1 to {} options, such as [{{\"name\": {{\"id\": \"Berat\", \"en\": \"Weight\"}}, \"values\": [\"250 g\", \"500 g\"]}}], found {}",
                    rules::OPTIONS_MAX,
                    items.len()
                ),
            );
            return None;
        }
        let mut out = Vec::with_capacity(items.len());
        let mut ok = true;
        for (index, item) in items.items().enumerate() {
            let mark = self.push_index(index);
            let option = self.object(item, OPTION_FIELDS).and_then(|obj| {
                let name = self.required(&obj, "name", |r, n| {
                    let names = r.object(n, LOCALIZED_FIELDS)?;
                    let id = r.req_text(&names, "id", rules::UNIT_MAX);
                    let en = r.req_text(&names, "en", rules::UNIT_MAX);
                    Some(Localized { id: id?.to_owned(), en: en?.to_owned() })
                });
                let values = self.required(&obj, "values", |r, n| r.option_values(n));
                Some(ProductOption { name: name?, values: values? })
            });
            if let Some(option) = option {
                if let Some(earlier) = out.iter().position(|o: &ProductOption| o.name.id == option.name.id) {
                    self.error(
                        item.pos,
                        format!("has the same name as options[{earlier}]; every option needs its own name"),
                    );
                    ok = false;
                }
                out.push(option);
            } else {
                ok = false;
            }
            self.pop(mark);
        }
        ok.then_some(out)
    }

    fn option_values(&mut self, node: Node<'d>) -> Option<Vec<String>> {
        let items = self.list(node)?;
        if items.is_empty() || items.len() > rules::OPTION_VALUES_MAX {
            self.error(node.pos, format!("must list 1 to {} values, found {}", rules::OPTION_VALUES_MAX, items.len()));
            return None;
        }
        let mut out: Vec<String> = Vec::with_capacity(items.len());
        let mut ok = true;
        for (index, item) in items.items().enumerate() {
            let mark = self.push_index(index);
            match self.text(item, rules::UNIT_MAX) {
                Some(v) if out.iter().any(|o| o.eq_ignore_ascii_case(v)) => {
                    self.error(item.pos, format!("{} is listed twice; each value once", quote(v)));
                    ok = false;
                }
                Some(v) => out.push(v.to_owned()),
                None => ok = false,
            }
            self.pop(mark);
        }
        ok.then_some(out)
    }

    /// A product's variants, checked against its options and images; ids
    /// join the products' in `ids`.
    fn variants(
        &mut self,
        node: Node<'d>,
        product: usize,
        options: &[ProductOption],
        defaults: &Offer,
        images: &[Image],
        ids: &mut Map<&'d str, Place>,
    ) -> Option<Vec<Variant>> {
        let items = self.list(node)?;
        if items.is_empty() || items.len() > rules::VARIANTS_MAX {
            self.error(node.pos, format!("must list 1 to {} variants, found {}", rules::VARIANTS_MAX, items.len()));
            return None;
        }
        let mut out: Vec<Variant> = Vec::with_capacity(items.len());
        let mut ok = true;
        for (index, item) in items.items().enumerate() {
            let mark = self.push_index(index);
            let errors = self.errors;
            let variant = self.variant(item, product, index, options, defaults, images, ids);
            match variant {
                Some(v) if self.errors == errors => {
                    if let Some(earlier) = out.iter().position(|o| o.values == v.values) {
                        let mark = self.push_key("values");
                        self.error(
                            item.pos,
                            format!(
                                "{} is the same choice as variants[{earlier}]; each combination of options once",
                                v.values.join(", ")
                            ),
                        );
                        self.pop(mark);
                        ok = false;
                    }
                    out.push(v);
                }
                _ => ok = false,
            }
            self.pop(mark);
        }
        if !ok {
            return None;
        }
        let combinations: usize = options.iter().map(|o| o.values.len()).product();
        if out.len() < combinations {
            let missing = missing_combinations(options, &out);
            let shown: Vec<String> = missing.iter().take(3).map(|c| c.join(", ")).collect();
            let more = if missing.len() > 3 { format!(" and {} more", missing.len() - 3) } else { String::new() };
            self.warning(
                node.pos,
                format!("has no variant for {}{more}; customers see that choice as not available", shown.join("; ")),
            );
        }
        Some(out)
    }

    #[allow(clippy::too_many_arguments)]
    fn variant(
        &mut self,
        node: Node<'d>,
        product: usize,
        index: usize,
        options: &[ProductOption],
        defaults: &Offer,
        images: &[Image],
        ids: &mut Map<&'d str, Place>,
    ) -> Option<Variant> {
        let obj = self.object(node, VARIANT_FIELDS)?;
        let id = self.required(&obj, "id", |r, n| {
            let s = r.formatted(n, rules::PRODUCT_ID_MAX, rules::check_product_id)?;
            r.unique(n, s, Place::variant(product, index), ids, "id", "every product and variant needs its own id")
        });
        let values = self.required(&obj, "values", |r, n| {
            let items = r.list(n)?;
            if items.len() != options.len() {
                let names: Vec<&str> = options.iter().map(|o| o.name.id.as_str()).collect();
                r.error(
                    n.pos,
                    format!(
                        "must give one value for each option ({}), in that order, found {}",
                        names.join(", "),
                        items.len()
                    ),
                );
                return None;
            }
            let mut out = Vec::with_capacity(items.len());
            let mut ok = true;
            for ((i, item), option) in items.items().enumerate().zip(options) {
                let mark = r.push_index(i);
                match r.text(item, rules::UNIT_MAX) {
                    Some(v) if option.values.iter().any(|o| o == v) => out.push(v.to_owned()),
                    Some(v) => {
                        r.error(
                            item.pos,
                            format!(
                                "{} is not a value of option {} ({})",
                                quote(v),
                                quote(&option.name.id),
                                option.values.iter().map(|o| quote(o)).collect::<Vec<_>>().join(", ")
                            ),
                        );
                        ok = false;
                    }
                    None => ok = false,
                }
                r.pop(mark);
            }
            ok.then_some(out)
        });
        let price = self.required(&obj, "price", |r, n| r.price(n));
        let compare_at = self.optional(&obj, "compare_at", |r, n| r.price(n)).or(defaults.compare_at);
        let weight_g = self.optional(&obj, "weight_g", |r, n| r.grams(n)).or(defaults.weight_g);
        let availability = self.availability(&obj).or(defaults.availability);
        let stock = self.stock_for(&obj, availability);
        if let (Some(price), Some(compare_at)) = (price, compare_at) {
            self.compare_at_check(&obj, price, compare_at);
        }
        let own_images = self.optional(&obj, "images", |r, n| {
            let items = r.list(n)?;
            let mut out = Vec::with_capacity(items.len());
            let mut ok = true;
            for (i, item) in items.items().enumerate() {
                let mark = r.push_index(i);
                match r.text(item, rules::SRC_MAX) {
                    Some(src) if images.iter().any(|im| im.src == src) => out.push(src.to_owned()),
                    Some(src) => {
                        r.error(
                            item.pos,
                            format!(
                                "{} is not one of the product's images; list it in the product's \"images\" first",
                                quote(src)
                            ),
                        );
                        ok = false;
                    }
                    None => ok = false,
                }
                r.pop(mark);
            }
            ok.then_some(out)
        });
        Some(Variant {
            id: id?.to_owned(),
            values: values?,
            price: price?,
            compare_at,
            stock: stock?,
            availability: availability.unwrap_or(Availability::Ready),
            weight_g,
            images: own_images.unwrap_or_default(),
        })
    }

    /// Records a product's or variant's id or a product's slug, rejecting
    /// one seen before.
    fn unique(
        &mut self,
        node: Node<'d>,
        s: &'d str,
        place: Place,
        seen: &mut Map<&'d str, Place>,
        what: &str,
        why: &str,
    ) -> Option<&'d str> {
        match seen.entry(s) {
            Occupied(earlier) => {
                let earlier = *earlier.get();
                let whose = match earlier.variant_index() {
                    Some(v) => format!("products[{}].variants[{v}]", earlier.index()),
                    None => format!("products[{}]", earlier.index()),
                };
                self.error(
                    node.pos,
                    format!("{} is already the {what} of {whose}; {why}, so this one is left out", quote(s)),
                );
                None
            }
            Vacant(slot) => {
                slot.insert(place);
                Some(s)
            }
        }
    }

    fn producer(&mut self, node: Node<'d>) -> Option<Producer> {
        let obj = self.object(node, PRODUCER_FIELDS)?;
        let name = self.req_text(&obj, "name", rules::NAME_MAX);
        let nib = self.opt_formatted(&obj, "nib", rules::SHORT_MAX, rules::check_nib);
        Some(Producer { name: name?.to_owned(), nib: nib.map(str::to_owned) })
    }

    fn price(&mut self, node: Node<'d>) -> Option<Rupiah> {
        const WHOLE: &str = "must be a whole number of Rupiah greater than 0";
        let too_high = |found: &dyn std::fmt::Display| {
            format!("is more than the highest allowed price, {MAX_PRICE}; check for extra zeros, found {found}")
        };
        let message = match &node.value() {
            Value::UInt(0) => format!("{WHOLE}, found 0"),
            Value::UInt(v) if *v > MAX_PRICE.0 => too_high(v),
            Value::UInt(v) => return Some(Rupiah(*v)),
            Value::NegInt(v) => format!("{WHOLE}, found {v}"),
            Value::Float(f) if f.fract() != 0.0 || *f <= 0.0 => format!("{WHOLE}, found {}", float_text::show(*f)),
            Value::Float(f) if *f > MAX_PRICE.0 as f64 => too_high(&float_text::show(*f)),
            Value::Float(f) => {
                format!("{WHOLE}, found {}; write {} without the decimal point", float_text::show(*f), *f as u64)
            }
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

    pub(super) fn stock(&mut self, node: Node<'d>) -> Option<u32> {
        const WHOLE: &str = "must be a whole number of items, 0 or more";
        let message = match &node.value() {
            Value::UInt(v) if *v > rules::STOCK_MAX => {
                format!("is more than {} items; check for extra zeros, found {v}", rules::STOCK_MAX)
            }
            // At most STOCK_MAX, so it fits.
            Value::UInt(v) => return Some(*v as u32),
            Value::NegInt(v) => format!("{WHOLE}, found {v}"),
            Value::Float(f) if f.fract() == 0.0 && (0.0..=rules::STOCK_MAX as f64).contains(f) => {
                format!("{WHOLE}, found {}; write {} without the decimal point", float_text::show(*f), *f as u64)
            }
            Value::Float(f) => format!("{WHOLE}, found {}", float_text::show(*f)),
            Value::Str(s) if s.trim().parse::<u32>().is_ok_and(|n| u64::from(n) <= rules::STOCK_MAX) => {
                format!("must be a number without quotes, found the text {}; write {}", quote(s), s.trim())
            }
            other => format!("{WHOLE}, found {}", describe(other)),
        };
        self.error(node.pos, message);
        None
    }

    fn images(&mut self, node: Node<'d>) -> Option<Vec<Image>> {
        let items = self.list(node)?;
        if items.is_empty() {
            self.error(
                node.pos,
                "must list at least one image, such as [{\"src\": \"img/kopi.svg\", \"alt\": \"…\"}]".into(),
            );
            return None;
        }
        if items.len() > crate::photo::MAX_IMAGES {
            self.error(
                node.pos,
                format!("lists {} images; a product has at most {}", items.len(), crate::photo::MAX_IMAGES),
            );
            return None;
        }
        let mut out = Vec::with_capacity(items.len());
        let mut ok = true;
        for (index, item) in items.items().enumerate() {
            let mark = self.push_index(index);
            match (self.v2.image)(self, item) {
                Some(image) => out.push(image),
                None => ok = false,
            }
            self.pop(mark);
        }
        ok.then_some(out)
    }

    fn image(&mut self, node: Node<'d>) -> Option<Image> {
        let obj = self.object(node, IMAGE_FIELDS)?;
        let src = self.req_formatted(&obj, "src", rules::SRC_MAX, rules::check_image_src);
        // The index feed leaves alt texts to the detail files.
        let alt = match self.index && obj.get_present("alt").is_none() {
            true => Some(""),
            false => self.req_text(&obj, "alt", rules::SHORT_MAX),
        };
        let alt_en = self.optional(&obj, "alt_en", |r, n| r.text(n, rules::SHORT_MAX));
        let focus = self.optional(&obj, "focus", |r, n| r.focus(n));
        let photo = self.optional(&obj, "photo", |r, n| r.photo(n));
        Some(Image { src: src?.to_owned(), alt: alt?.to_owned(), alt_en: alt_en.map(str::to_owned), focus, photo })
    }

    /// A focal point: `{"x": 50, "y": 30}`, percent from the top left.
    fn focus(&mut self, node: Node<'d>) -> Option<Focus> {
        let obj = self.object(node, FOCUS_FIELDS)?;
        let x = self.required(&obj, "x", |r, n| r.whole(n, 0, 100, "percent"));
        let y = self.required(&obj, "y", |r, n| r.whole(n, 0, 100, "percent"));
        // Both at most 100.
        Some(Focus { x: x? as u8, y: y? as u8 })
    }

    /// What the build wrote about an encoded photo (`photo`).
    fn photo(&mut self, node: Node<'d>) -> Option<Photo> {
        let obj = self.object(node, PHOTO_FIELDS)?;
        let width = self.required(&obj, "width", |r, n| r.whole(n, 1, 100_000, "pixels"));
        let height = self.required(&obj, "height", |r, n| r.whole(n, 1, 100_000, "pixels"));
        let color = self.req_formatted(&obj, "color", 6, rules::check_hex_color);
        let placeholder =
            self.opt_formatted(&obj, "placeholder", crate::photo::PLACEHOLDER_MAX, rules::check_placeholder);
        Some(Photo {
            width: width?,
            height: height?,
            color: color?.to_owned(),
            placeholder: placeholder.unwrap_or_default().to_owned(),
        })
    }

    fn tags(&mut self, node: Node<'d>) -> Option<Vec<String>> {
        let items = self.list(node)?;
        let mut ok = true;
        if items.len() > rules::TAGS_MAX {
            self.error(node.pos, format!("has {} tags; the limit is {}", items.len(), rules::TAGS_MAX));
            ok = false;
        }
        let mut out = Vec::with_capacity(items.len());
        for (index, item) in items.items().enumerate() {
            let mark = self.push_index(index);
            match self.text(item, rules::TAG_MAX) {
                Some(tag) => out.push(tag.to_owned()),
                None => ok = false,
            }
            self.pop(mark);
        }
        ok.then_some(out)
    }

    fn stream(&mut self, node: Node<'d>) -> Option<Stream> {
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
        let upper = s.trim().to_ascii_uppercase();
        let hint = parse(&upper).map(|st| format!("; write {}", st.code())).unwrap_or_default();
        self.error(node.pos, format!("must be OVOP, OSOP or OCOP, found {}{hint}", quote(s)));
        None
    }

    /// The certifications and the document key of the halal status (for the
    /// food check, which needs the product's category).
    fn certifications(&mut self, node: Node<'d>) -> Option<(Certifications, u32)> {
        let obj = self.object(node, CERTIFICATIONS_FIELDS)?;
        let halal = self.required(&obj, "halal", |r, n| r.halal(n));
        // An index feed writes "" for a registration whose number is in
        // the detail file (`detail`): badges and filters need only know it
        // is there.
        let number = |r: &mut Self, name: &'static str, rule: fn(&str) -> Result<(), String>| {
            if r.index && obj.get_present(name).is_some_and(|n| n.as_str() == Some("")) {
                return Some("");
            }
            r.opt_formatted(&obj, name, rules::SHORT_MAX, rule)
        };
        let bpom = number(self, "bpom", rules::check_bpom);
        let pirt = number(self, "pirt", rules::check_pirt);
        let (halal, status_pos) = halal?;
        Some((Certifications { halal, bpom: bpom.map(str::to_owned), pirt: pirt.map(str::to_owned) }, status_pos))
    }

    fn halal(&mut self, node: Node<'d>) -> Option<(Halal, u32)> {
        if !matches!(node.value(), Value::Object(_)) {
            self.error(
                node.pos,
                format!(
                    "must be an object such as {{\"status\": \"certified\", \"certificate\": \"ID…\"}} or {{\"status\": \"not_halal\"}}, found {}",
                    describe(&node.value())
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
            let normal = s.trim().to_ascii_lowercase().replace([' ', '-'], "_");
            let hint = rules::closest(&normal, HALAL_STATUSES).map(|k| format!("; write {k}")).unwrap_or_default();
            r.error(
                n.pos,
                format!("must be \"certified\", \"not_halal\" or \"not_applicable\", found {}{hint}", quote(s)),
            );
            None
        });
        let (status, pos) = status?;
        let halal = match status {
            // An index feed may leave the number to the detail file
            // (`detail`): a card needs only to know the product is halal.
            "certified" if self.index && obj.get_present("certificate").is_none() => {
                Halal::Certified { certificate: String::new() }
            }
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

/// Every combination of the options' values that no variant has, in the
/// options' order.
fn missing_combinations(options: &[ProductOption], variants: &[Variant]) -> Vec<Vec<String>> {
    let mut combos: Vec<Vec<String>> = vec![Vec::new()];
    for option in options {
        combos = combos
            .into_iter()
            .flat_map(|c| {
                option.values.iter().map(move |v| {
                    let mut next = c.clone();
                    next.push(v.clone());
                    next
                })
            })
            .collect();
    }
    combos.retain(|c| !variants.iter().any(|v| &v.values == c));
    combos
}
