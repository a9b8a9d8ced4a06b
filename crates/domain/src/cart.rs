//! The shopping cart, checked against the catalog, saved in localStorage and
//! handed between devices in a link.
//!
//! A cart outlives the catalog it was filled from: it sits in localStorage for
//! days while prices change, stock sells out and products are withdrawn. So
//! the cart stores what the customer saw (price and name) and [`reconcile`]
//! compares that with the current catalog, updating the cart and reporting
//! every change as a structured [`Notice`] for the UI to word. Nothing the
//! customer chose disappears without a notice: sold-out and withdrawn products
//! stay in the cart, marked and left out of the order.
//!
//! Invariants, kept by every operation including [`decode`]: product ids are
//! non-empty and unique within a cart, every quantity is between 1 and
//! [`MAX_QUANTITY_PER_LINE`], and there are at most [`MAX_LINES`] lines.

use crate::catalog::{Catalog, Product, Variant};
use crate::feed::node::{self, List as JsonList, Node, Value};
use crate::money::Rupiah;
use std::collections::{HashMap, HashSet};
use std::fmt::{self, Write as _};

/// No household orders more than 99 of one village product through WhatsApp;
/// a larger number is a typo or a stuck button, and two digits keep the
/// quantity field narrow on phones.
pub const MAX_QUANTITY_PER_LINE: u32 = 99;

/// Keeps the WhatsApp message (and the saved cart) to a size every phone
/// handles; no real order has a hundred different products.
pub const MAX_LINES: usize = 100;

/// The localStorage key (under the app's `nttmart.` prefix) the cart is saved
/// under, shared so that every part of the app reads the same entry.
pub const STORAGE_KEY: &str = "cart";

/// The storage format [`encode`] writes.
pub const FORMAT_VERSION: u64 = 2;

/// One variant of a product in the cart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// The variant's id (`NGD-0001-BB500`), which for a product without
    /// options is the catalog's stable product id (`NGD-0001`); never the
    /// slug, which may change when a product is renamed. A product id of a
    /// product that has since got options (a cart saved before) is read
    /// as its default variant and replaced by that variant's id in
    /// [`reconcile`].
    pub product_id: String,
    pub quantity: u32,
    /// The price when the customer last added or changed this line, so that
    /// [`reconcile`] can tell them the price has changed since. `Rupiah(0)`
    /// means unknown (carts saved by format 1 had no prices); catalog prices
    /// are always positive, so it never stands for a real price.
    pub price_seen: Rupiah,
    /// The product name, with the variant's values (`Kopi Arabika Bajawa —
    /// Bubuk, 500 g`), when last seen, so a withdrawn product can still be
    /// named in the cart.
    pub name_seen: String,
}

impl Line {
    /// `quantity × price_seen`. After [`reconcile`] this is the current price.
    pub fn total(&self) -> Result<Rupiah, AmountOverflow> {
        self.price_seen.checked_mul(self.quantity).ok_or(AmountOverflow)
    }
}

/// An amount too large for a `u64` of Rupiah.
///
/// Totals return this error rather than saturating: a saturated total would be
/// a wrong amount that looks right, and it would end up in a WhatsApp order.
/// With validated prices (at most `money::MAX_PRICE`) and the cart's caps it
/// cannot happen; only a corrupted saved cart that has not been reconciled
/// can reach it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AmountOverflow;

impl fmt::Display for AmountOverflow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the amount is too large to calculate")
    }
}

impl std::error::Error for AmountOverflow {}

/// Why fewer items were added or set than the customer asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    /// Only `available` are in stock; 0 means sold out.
    Stock { available: u32 },
    /// [`MAX_QUANTITY_PER_LINE`] reached.
    LineCap,
    /// The cart already holds [`MAX_LINES`] different products.
    CartFull,
    /// The product has an empty id, so the cart could never find it again.
    /// Products from a validated catalog always have one.
    InvalidProduct,
}

/// What [`Cart::add`] did, so the UI can say "added" or "only 3 available".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AddOutcome {
    /// How many were actually added, `0..=requested`.
    pub added: u32,
    /// The line's quantity afterwards; 0 when the product is not in the cart.
    pub quantity: u32,
    /// Set when fewer than requested were added.
    pub limited_by: Option<Limit>,
}

impl AddOutcome {
    pub fn was_clamped(&self) -> bool {
        self.limited_by.is_some()
    }
}

/// What [`Cart::set_quantity`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SetOutcome {
    /// The line now has `quantity`; `limited_by` is set when that is less
    /// than asked. A sold-out line keeps its quantity: it can only be removed.
    Set { quantity: u32, limited_by: Option<Limit> },
    /// Quantity 0 removed the line; [`Cart::restore`] undoes it.
    Removed(Removed),
    /// The product is not in the cart; nothing changed.
    NotInCart,
}

/// A removed line and where it was, for undo.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Removed {
    pub line: Line,
    pub index: usize,
}

/// What [`Cart::restore`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Restored {
    /// Put back at `index`.
    Inserted { index: usize },
    /// The product had been added again before the undo, so the quantities
    /// were combined (capped) in the existing line at `index`.
    Merged { index: usize, quantity: u32 },
}

/// Why an undo could not put a line back; the UI then offers to add the
/// product again from its page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RestoreError {
    /// The cart filled up with other products since the removal.
    CartFull,
    /// Empty product id or quantity 0: not a line a cart can hold.
    InvalidLine,
}

/// The customer's cart: lines in the order products were first added.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cart {
    lines: Vec<Line>,
}

impl Cart {
    pub fn new() -> Cart {
        Cart::default()
    }

    /// The lines in insertion order.
    pub fn lines(&self) -> &[Line] {
        &self.lines
    }

    pub fn line(&self, product_id: &str) -> Option<&Line> {
        self.lines.iter().find(|l| l.product_id == product_id)
    }

    fn position(&self, product_id: &str) -> Option<usize> {
        self.lines.iter().position(|l| l.product_id == product_id)
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// Number of different products.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// Total number of items, for the badge on the cart icon.
    pub fn count(&self) -> u32 {
        // Cannot exceed 100 × 99 given the invariants; saturating anyway so
        // that a badge can never panic.
        self.lines.iter().fold(0u32, |n, l| n.saturating_add(l.quantity))
    }

    /// Adds `requested` of a product's `variant`, or as many as its stock
    /// and [`MAX_QUANTITY_PER_LINE`] allow. Adding never lowers a line (a
    /// line above a fallen stock is lowered by [`reconcile`], with a
    /// notice). When something is added the line's price and name are
    /// refreshed: the customer has just seen the current ones.
    pub fn add(&mut self, product: &Product, variant: &Variant, requested: u32) -> AddOutcome {
        let (allowed, limit) = line_limit(variant);
        if variant.id.is_empty() {
            return AddOutcome { added: 0, quantity: 0, limited_by: Some(Limit::InvalidProduct) };
        }
        match self.position(&variant.id) {
            Some(i) => {
                let line = &mut self.lines[i];
                let new = line.quantity.saturating_add(requested).min(allowed).max(line.quantity);
                let added = new - line.quantity;
                if added > 0 {
                    line.quantity = new;
                    line.price_seen = variant.price;
                    line.name_seen = product.line_name(variant);
                }
                AddOutcome { added, quantity: line.quantity, limited_by: (added < requested).then_some(limit) }
            }
            None if requested == 0 => AddOutcome { added: 0, quantity: 0, limited_by: None },
            None if self.lines.len() >= MAX_LINES => {
                AddOutcome { added: 0, quantity: 0, limited_by: Some(Limit::CartFull) }
            }
            None => {
                let quantity = requested.min(allowed);
                if quantity > 0 {
                    self.lines.push(Line {
                        product_id: variant.id.clone(),
                        quantity,
                        price_seen: variant.price,
                        name_seen: product.line_name(variant),
                    });
                }
                AddOutcome { added: quantity, quantity, limited_by: (quantity < requested).then_some(limit) }
            }
        }
    }

    /// Sets the quantity of a variant already in the cart, clamped to its
    /// stock and the cap; 0 removes the line (undo with [`Cart::restore`]).
    pub fn set_quantity(&mut self, product: &Product, variant: &Variant, quantity: u32) -> SetOutcome {
        let Some(i) = self.position(&variant.id) else {
            return SetOutcome::NotInCart;
        };
        if quantity == 0 {
            let line = self.lines.remove(i);
            return SetOutcome::Removed(Removed { line, index: i });
        }
        let (allowed, limit) = line_limit(variant);
        let line = &mut self.lines[i];
        if allowed == 0 {
            // Setting a sold-out line to 0 items would remove it without the
            // customer asking; keep it, marked by reconcile, until removed.
            return SetOutcome::Set { quantity: line.quantity, limited_by: Some(limit) };
        }
        line.quantity = quantity.min(allowed);
        line.price_seen = variant.price;
        line.name_seen = product.line_name(variant);
        SetOutcome::Set { quantity: line.quantity, limited_by: (line.quantity < quantity).then_some(limit) }
    }

    /// Removes a product's line, returning it and its position for undo.
    pub fn remove(&mut self, product_id: &str) -> Option<Removed> {
        let index = self.position(product_id)?;
        let line = self.lines.remove(index);
        Some(Removed { line, index })
    }

    /// Undoes [`Cart::remove`]: puts `line` back at `index` (or at the end
    /// if the cart has since become shorter). If the product was added again
    /// meanwhile, the quantities are combined in the existing line instead.
    /// A quantity above the cap is lowered to it.
    pub fn restore(&mut self, line: Line, index: usize) -> Result<Restored, RestoreError> {
        if line.product_id.is_empty() || line.quantity == 0 {
            return Err(RestoreError::InvalidLine);
        }
        let quantity = line.quantity.min(MAX_QUANTITY_PER_LINE);
        if let Some(i) = self.position(&line.product_id) {
            let existing = &mut self.lines[i];
            existing.quantity = existing.quantity.saturating_add(quantity).min(MAX_QUANTITY_PER_LINE);
            return Ok(Restored::Merged { index: i, quantity: existing.quantity });
        }
        if self.lines.len() >= MAX_LINES {
            return Err(RestoreError::CartFull);
        }
        let index = index.min(self.lines.len());
        self.lines.insert(index, Line { quantity, ..line });
        Ok(Restored::Inserted { index })
    }

    /// Empties the cart, returning what it held so "clear" can be undone.
    pub fn clear(&mut self) -> Cart {
        std::mem::take(self)
    }

    /// Sum of [`Line::total`] over every line, at the prices last seen. Use
    /// [`Reconciled::total`] for what will actually be ordered.
    pub fn total(&self) -> Result<Rupiah, AmountOverflow> {
        sum_lines(self.lines.iter())
    }
}

fn sum_lines<'a>(mut lines: impl Iterator<Item = &'a Line>) -> Result<Rupiah, AmountOverflow> {
    lines.try_fold(Rupiah::ZERO, |sum, line| sum.checked_add(line.total()?).ok_or(AmountOverflow))
}

/// How many of `variant` one line may hold, and which limit that is.
fn line_limit(variant: &Variant) -> (u32, Limit) {
    let up_to = variant.orderable_up_to();
    if up_to < MAX_QUANTITY_PER_LINE {
        (up_to, Limit::Stock { available: up_to })
    } else {
        (MAX_QUANTITY_PER_LINE, Limit::LineCap)
    }
}

// ---------------------------------------------------------------------------
// Reconciling with the catalog
// ---------------------------------------------------------------------------

/// Whether a line can be ordered now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Availability {
    Orderable,
    /// Stock is 0: kept in the cart (it may come back), left out of the order.
    OutOfStock,
    /// No longer in the catalog: kept so the customer sees what happened,
    /// left out of the order.
    Missing,
}

/// Something the customer should be told about one line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    /// Position of the line in the reconciled cart.
    pub index: usize,
    pub product_id: String,
    /// The current name, or the last one seen for a missing product.
    pub name: String,
    pub change: Change,
}

/// The structured content of a [`Notice`]; the UI words it in either
/// language. `PriceChanged` and `QuantityLowered` are reported once, because
/// the reconciled cart is updated; `OutOfStock` and `Missing` describe the
/// state and are reported on every reconcile.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    PriceChanged {
        old: Rupiah,
        new: Rupiah,
    },
    /// The stock fell below the quantity in the cart.
    QuantityLowered {
        from: u32,
        to: u32,
    },
    OutOfStock,
    Missing,
    /// Saved when the product had no options; it now has, and the line
    /// became the default variant, which the customer should check.
    VariantChosen,
}

/// A cart checked against the current catalog. Only [`reconcile`] makes one,
/// so its prices and quantities always reflect a catalog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reconciled {
    cart: Cart,
    /// Parallel to `cart.lines`.
    availability: Vec<Availability>,
    notices: Vec<Notice>,
}

impl Reconciled {
    /// The updated cart, to show and to save.
    pub fn cart(&self) -> &Cart {
        &self.cart
    }

    pub fn into_cart(self) -> Cart {
        self.cart
    }

    /// Every line with its availability, in cart order.
    pub fn lines(&self) -> impl Iterator<Item = (&Line, Availability)> + '_ {
        self.cart.lines.iter().zip(self.availability.iter().copied())
    }

    pub fn availability(&self, index: usize) -> Option<Availability> {
        self.availability.get(index).copied()
    }

    /// The lines that go into the order.
    pub fn orderable(&self) -> impl Iterator<Item = &Line> + '_ {
        self.lines().filter(|(_, a)| *a == Availability::Orderable).map(|(l, _)| l)
    }

    pub fn has_orderable(&self) -> bool {
        self.availability.contains(&Availability::Orderable)
    }

    /// Items in the order (orderable lines only).
    pub fn orderable_count(&self) -> u32 {
        self.orderable().fold(0u32, |n, l| n.saturating_add(l.quantity))
    }

    /// What the order costs: orderable lines at current catalog prices.
    pub fn total(&self) -> Result<Rupiah, AmountOverflow> {
        sum_lines(self.orderable())
    }

    pub fn notices(&self) -> &[Notice] {
        &self.notices
    }
}

/// Checks every line against the catalog: current prices replace the ones
/// seen, quantities above the stock are lowered, sold-out and missing
/// variants are kept but marked. A sold-out line keeps its old price so that
/// a change is still reported when it returns to stock. A line saved with
/// the id of a product that has since got options becomes its default
/// variant (`VariantChosen`), merged into that variant's line if the cart
/// has one, so nothing is counted twice and nothing is lost.
pub fn reconcile(cart: &Cart, catalog: &Catalog) -> Reconciled {
    let wanted: HashSet<&str> = cart.lines.iter().map(|l| l.product_id.as_str()).collect();
    // One pass over the catalog instead of a scan per line; the first
    // product or variant with an id wins, as in `Catalog::item`.
    let mut items: HashMap<&str, (&Product, &Variant)> = HashMap::with_capacity(wanted.len());
    for p in &catalog.products {
        if wanted.contains(p.id.as_str()) {
            items.entry(p.id.as_str()).or_insert((p, p.variant(&p.id).unwrap_or_else(|| p.default_variant())));
        }
        if !p.options.is_empty() {
            for v in &p.variants {
                if wanted.contains(v.id.as_str()) {
                    items.entry(v.id.as_str()).or_insert((p, v));
                }
            }
        }
    }

    let mut lines: Vec<Line> = Vec::with_capacity(cart.lines.len());
    let mut found: Vec<Option<(&Product, &Variant)>> = Vec::with_capacity(cart.lines.len());
    // Whether a line became its product's default variant (see above).
    let mut chosen: Vec<bool> = Vec::with_capacity(cart.lines.len());
    for old in &cart.lines {
        let item = items.get(old.product_id.as_str()).copied();
        let mut line = old.clone();
        let mut moved = false;
        if let Some((p, v)) = item {
            if v.id != line.product_id {
                // Saved before the product had options.
                line.product_id.clone_from(&v.id);
                line.name_seen = p.line_name(v);
                if let Some(i) = lines.iter().position(|l| l.product_id == v.id) {
                    lines[i].quantity = lines[i].quantity.saturating_add(line.quantity).min(MAX_QUANTITY_PER_LINE);
                    chosen[i] = true;
                    continue;
                }
                moved = true;
            }
        }
        lines.push(line);
        found.push(item);
        chosen.push(moved);
    }

    // Notices in line order; a line's variant notice before its others.
    let mut availability = Vec::with_capacity(lines.len());
    let mut notices = Vec::new();
    for (index, ((line, item), moved)) in lines.iter_mut().zip(&found).zip(&chosen).enumerate() {
        let mut notice = |line: &Line, change| {
            notices.push(Notice { index, product_id: line.product_id.clone(), name: line.name_seen.clone(), change })
        };
        if *moved {
            notice(line, Change::VariantChosen);
        }
        match item {
            None => {
                availability.push(Availability::Missing);
                notice(line, Change::Missing);
            }
            Some((p, v)) if !v.is_orderable() => {
                line.name_seen = p.line_name(v);
                availability.push(Availability::OutOfStock);
                notice(line, Change::OutOfStock);
            }
            Some((p, v)) => {
                line.name_seen = p.line_name(v);
                if line.price_seen != v.price {
                    if line.price_seen != Rupiah::ZERO {
                        notice(line, Change::PriceChanged { old: line.price_seen, new: v.price });
                    }
                    line.price_seen = v.price;
                }
                let (allowed, _) = line_limit(v);
                if line.quantity > allowed {
                    notice(line, Change::QuantityLowered { from: line.quantity, to: allowed });
                    line.quantity = allowed;
                }
                availability.push(Availability::Orderable);
            }
        }
    }
    Reconciled { cart: Cart { lines }, availability, notices }
}

// ---------------------------------------------------------------------------
// localStorage codec
// ---------------------------------------------------------------------------

/// Serialises the cart for localStorage:
/// `{"v":2,"lines":[{"id":"NGD-0001","q":2,"p":65000,"n":"Kopi…"}]}`.
pub fn encode(cart: &Cart) -> String {
    encode_with(cart, None)
}

/// [`encode`] with the time of saving (Unix milliseconds), so a later visit
/// can say how old the cart is.
pub fn encode_saved(cart: &Cart, saved_unix_ms: u64) -> String {
    encode_with(cart, Some(saved_unix_ms))
}

fn encode_with(cart: &Cart, saved: Option<u64>) -> String {
    // Written by hand rather than through a derived `Serialize`: the format
    // is four fields, the key order stays as documented, and nothing here
    // can fail, so there is no error to invent a value for.
    let mut out = format!("{{\"v\":{FORMAT_VERSION},\"lines\":[");
    for (i, line) in cart.lines.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(
            out,
            "{{\"id\":{},\"q\":{},\"p\":{},\"n\":{}}}",
            json_string(&line.product_id),
            line.quantity,
            line.price_seen.0,
            json_string(&line.name_seen)
        );
    }
    out.push(']');
    if let Some(ms) = saved {
        let _ = write!(out, ",\"saved\":{ms}");
    }
    out.push('}');
    out
}

/// `s` as a JSON string, escaped as serde_json escapes it (so carts saved by
/// earlier versions and by this one are the same bytes). Written here so
/// the storefront's first load carries no serde_json.
fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The shape a saved cart was found in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Nothing was saved (empty text): an empty cart, nothing to report.
    Nothing,
    /// Not JSON, or JSON that is not a cart; a [`DropNote`] says so.
    Unreadable,
    /// The previous format, `{"items":[["NGD-0001",2],…]}`: ids and
    /// quantities only. Migrated; prices and names come from reconcile.
    V1,
    /// The current format ([`FORMAT_VERSION`]).
    V2,
    /// Written by a newer version of the app (an older cached app running
    /// after an update): lines that look like format-2 lines are salvaged.
    Future(u64),
    /// An object with a version this code does not understand (not a
    /// positive number) or none, but with a list of lines; salvaged.
    Unknown,
}

/// A saved entry that was dropped or repaired while decoding, so that the
/// cart never shrinks without the customer being told.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DropNote {
    /// Position in the saved list; `None` when about the whole cart.
    pub entry: Option<usize>,
    /// The entry's product id, when it had a readable one.
    pub product_id: Option<String>,
    pub problem: DropProblem,
}

impl DropNote {
    /// Whether items were lost (the entry or the whole cart was dropped, or
    /// the quantity reduced), as opposed to a repair the customer will not
    /// notice.
    pub fn lost_items(&self) -> bool {
        !matches!(self.problem, DropProblem::Merged { .. } | DropProblem::InvalidPrice | DropProblem::InvalidName)
    }
}

/// What was wrong with a saved entry, and what was done about it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DropProblem {
    /// The saved cart as a whole could not be read: its contents are lost.
    Unreadable,
    /// Dropped: the entry is not a line (wrong JSON type or shape).
    NotALine,
    /// Dropped: no product id, or an empty one.
    MissingId,
    /// Dropped: the product id is not text.
    InvalidId,
    /// Dropped: no quantity.
    MissingQuantity,
    /// Dropped: quantity 0 (which means removed anyway).
    ZeroQuantity,
    NegativeQuantity,
    /// Dropped: a quantity such as 2.5; rounding either way would be a guess.
    FractionalQuantity,
    /// Dropped: the quantity is not a number.
    InvalidQuantity,
    /// Repaired: a quantity above [`MAX_QUANTITY_PER_LINE`] was lowered to it.
    QuantityCapped {
        to: u32,
    },
    /// Repaired: a second entry for a product already read was added to that
    /// line (cart line `into`), which now holds `quantity`.
    Merged {
        into: usize,
        quantity: u32,
    },
    /// Repaired: the price seen was missing or unreadable and is treated as
    /// unknown; reconcile fills in the current one.
    InvalidPrice,
    /// Repaired: the name seen was missing or not text; left empty until
    /// reconcile fills it in.
    InvalidName,
    /// Dropped: `dropped` entries beyond [`MAX_LINES`] different products
    /// (`entry` is the first of them).
    TooManyLines {
        dropped: usize,
    },
}

/// The outcome of [`decode`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    pub cart: Cart,
    /// In the order the entries were read.
    pub dropped: Vec<DropNote>,
    pub format: Format,
    /// When the cart was saved (Unix milliseconds), if recorded.
    pub saved: Option<u64>,
}

/// Reads a saved cart. Never panics and never empties a cart silently:
/// unreadable text gives an empty cart with a note saying so, older and
/// newer formats are migrated or salvaged, and every entry that is dropped
/// or repaired gets a [`DropNote`]. Duplicate ids are merged.
pub fn decode(text: &str) -> Decoded {
    let mut decoded = Decoded { cart: Cart::new(), dropped: Vec::new(), format: Format::Nothing, saved: None };
    if text.trim().is_empty() {
        return decoded;
    }
    // The storefront's own JSON reader (no serde_json in the first load). It
    // refuses deep nesting, so hostile input is an error here rather than a
    // stack overflow.
    let Ok(doc) = node::from_slice_light(text.as_bytes()) else {
        return unreadable(decoded);
    };
    let Value::Object(object) = doc.root().value() else {
        return unreadable(decoded);
    };
    decoded.saved = member(object, "saved").and_then(as_u64);

    let (format, list) = match member(object, "v").map(as_u64) {
        Some(Some(2)) => (Format::V2, List::Lines),
        Some(Some(1)) => (Format::V1, List::Items),
        Some(Some(n)) if n > FORMAT_VERSION => (Format::Future(n), salvage_list(object)),
        Some(_) => (Format::Unknown, salvage_list(object)),
        None if member(object, "items").is_some() => (Format::V1, List::Items),
        None if member(object, "lines").is_some() => (Format::Unknown, List::Lines),
        None => (Format::Unreadable, List::None),
    };
    decoded.format = format;

    let entries = match list {
        List::Lines => member(object, "lines"),
        List::Items => member(object, "items"),
        List::None => None,
    };
    let Some(Value::Array(entries)) = entries.map(Node::value) else {
        decoded.dropped.push(whole_cart_unreadable());
        return decoded;
    };

    let mut builder = Builder::default();
    for (i, entry) in entries.items().enumerate() {
        let read = match list {
            List::Items => read_v1_entry(entry),
            _ => read_v2_entry(entry),
        };
        match read {
            Ok(read) => builder.admit(i, read, &mut decoded.dropped),
            Err((product_id, problem)) => decoded.dropped.push(DropNote { entry: Some(i), product_id, problem }),
        }
    }
    if let Some(first) = builder.first_excess {
        decoded.dropped.push(DropNote {
            entry: Some(first),
            product_id: None,
            problem: DropProblem::TooManyLines { dropped: builder.excess },
        });
    }
    decoded.cart = Cart { lines: builder.lines };
    decoded
}

#[derive(Clone, Copy)]
enum List {
    /// `lines`: objects `{"id","q","p","n"}` (format 2).
    Lines,
    /// `items`: pairs `[id, qty]` (format 1).
    Items,
    None,
}

/// For formats this code does not know: whichever known list is present.
fn salvage_list(object: JsonList<'_>) -> List {
    let is_array = |key| member(object, key).is_some_and(|n| matches!(n.value(), Value::Array(_)));
    if is_array("lines") {
        List::Lines
    } else if is_array("items") {
        List::Items
    } else {
        List::None
    }
}

/// The value of an object's member `key`; of the last one when the key is
/// repeated, as every earlier version of the app read it.
fn member<'d>(object: JsonList<'d>, key: &str) -> Option<Node<'d>> {
    object.members().filter(|(k, _)| *k == key).map(|(_, v)| v).last()
}

fn as_u64(node: Node<'_>) -> Option<u64> {
    match node.value() {
        Value::UInt(n) => Some(n),
        _ => None,
    }
}

fn unreadable(mut decoded: Decoded) -> Decoded {
    decoded.format = Format::Unreadable;
    decoded.dropped.push(whole_cart_unreadable());
    decoded
}

fn whole_cart_unreadable() -> DropNote {
    DropNote { entry: None, product_id: None, problem: DropProblem::Unreadable }
}

/// An entry that passed the per-entry checks, with its repairs.
struct ReadEntry {
    line: Line,
    repairs: Vec<DropProblem>,
}

type EntryError = (Option<String>, DropProblem);

fn read_v2_entry(entry: Node<'_>) -> Result<ReadEntry, EntryError> {
    let Value::Object(fields) = entry.value() else {
        return Err((None, DropProblem::NotALine));
    };
    let product_id = read_id(member(fields, "id"))?;
    let mut repairs = Vec::new();
    let quantity =
        read_quantity(member(fields, "q"), &mut repairs).map_err(|problem| (Some(product_id.clone()), problem))?;
    let price_seen = match member(fields, "p").and_then(as_u64) {
        Some(p) => Rupiah(p),
        None => {
            repairs.push(DropProblem::InvalidPrice);
            Rupiah::ZERO
        }
    };
    let name_seen = match member(fields, "n").and_then(Node::as_str) {
        Some(n) => n.to_owned(),
        _ => {
            repairs.push(DropProblem::InvalidName);
            String::new()
        }
    };
    Ok(ReadEntry { line: Line { product_id, quantity, price_seen, name_seen }, repairs })
}

/// Format 1 stored `[id, qty]` pairs and nothing else; the missing price and
/// name are not problems, reconcile supplies them.
fn read_v1_entry(entry: Node<'_>) -> Result<ReadEntry, EntryError> {
    let pair = match entry.value() {
        Value::Array(pair) if pair.len() >= 2 => pair,
        _ => return Err((None, DropProblem::NotALine)),
    };
    let mut items = pair.items();
    let product_id = read_id(items.next())?;
    let mut repairs = Vec::new();
    let quantity = read_quantity(items.next(), &mut repairs).map_err(|problem| (Some(product_id.clone()), problem))?;
    Ok(ReadEntry { line: Line { product_id, quantity, price_seen: Rupiah::ZERO, name_seen: String::new() }, repairs })
}

fn read_id(value: Option<Node<'_>>) -> Result<String, EntryError> {
    match value.map(Node::value) {
        Some(Value::Str(id)) if !id.is_empty() => Ok(id.to_owned()),
        None | Some(Value::Null) | Some(Value::Str(_)) => Err((None, DropProblem::MissingId)),
        Some(_) => Err((None, DropProblem::InvalidId)),
    }
}

fn read_quantity(value: Option<Node<'_>>, repairs: &mut Vec<DropProblem>) -> Result<u32, DropProblem> {
    let cap = |repairs: &mut Vec<DropProblem>| {
        repairs.push(DropProblem::QuantityCapped { to: MAX_QUANTITY_PER_LINE });
        Ok(MAX_QUANTITY_PER_LINE)
    };
    let f = match value.map(Node::value) {
        None | Some(Value::Null) => return Err(DropProblem::MissingQuantity),
        Some(Value::UInt(0)) => return Err(DropProblem::ZeroQuantity),
        Some(Value::UInt(q)) if q > u64::from(MAX_QUANTITY_PER_LINE) => return cap(repairs),
        // In range, so the conversion cannot fail.
        Some(Value::UInt(q)) => return u32::try_from(q).map_err(|_| DropProblem::InvalidQuantity),
        Some(Value::NegInt(_)) => return Err(DropProblem::NegativeQuantity),
        Some(Value::Float(f)) => f,
        Some(_) => return Err(DropProblem::InvalidQuantity),
    };
    // A float; JSON has no NaN or infinity, so only the value matters. A
    // whole float such as 2.0 is the number 2 written by another encoder.
    if f == 0.0 {
        Err(DropProblem::ZeroQuantity)
    } else if f < 0.0 {
        Err(DropProblem::NegativeQuantity)
    } else if f.fract() != 0.0 {
        Err(DropProblem::FractionalQuantity)
    } else if f > f64::from(MAX_QUANTITY_PER_LINE) {
        cap(repairs)
    } else if f >= 1.0 {
        // Whole and within 1..=99, so the cast is exact.
        Ok(f as u32)
    } else {
        Err(DropProblem::InvalidQuantity)
    }
}

/// Assembles decoded lines, keeping the cart's invariants.
#[derive(Default)]
struct Builder {
    lines: Vec<Line>,
    index: HashMap<String, usize>,
    excess: usize,
    first_excess: Option<usize>,
}

impl Builder {
    fn admit(&mut self, entry: usize, read: ReadEntry, notes: &mut Vec<DropNote>) {
        let ReadEntry { line, repairs } = read;
        let note = |problem| DropNote { entry: Some(entry), product_id: Some(line.product_id.clone()), problem };
        if let Some(&into) = self.index.get(&line.product_id) {
            // The first entry's price and name are kept: either could be the
            // stale one, and reconcile replaces both anyway.
            let existing = &mut self.lines[into];
            existing.quantity = existing.quantity.saturating_add(line.quantity).min(MAX_QUANTITY_PER_LINE);
            notes.extend(repairs.into_iter().map(note));
            notes.push(note(DropProblem::Merged { into, quantity: existing.quantity }));
        } else if self.lines.len() >= MAX_LINES {
            self.excess += 1;
            self.first_excess.get_or_insert(entry);
        } else {
            notes.extend(repairs.into_iter().map(note));
            self.index.insert(line.product_id.clone(), self.lines.len());
            self.lines.push(line);
        }
    }
}

// ---------------------------------------------------------------------------
// Share links
// ---------------------------------------------------------------------------

/// Separates lines in a share parameter.
const SHARE_LINE_SEP: char = '~';
/// Separates a product id from its quantity.
const SHARE_QTY_SEP: char = '.';
/// Starts an escape: `_` and two upper-case hex digits, one UTF-8 byte.
const SHARE_ESCAPE: char = '_';

/// The cart as a compact URL parameter for the kiosk hand-off ("continue on
/// your phone"): `NGD-0001.2~SIK-0003.1`.
///
/// Only URL-unreserved characters are produced, so the parameter needs no
/// percent-encoding and survives QR codes and chat apps. Id bytes other than
/// `A-Z a-z 0-9 -` (which covers every valid catalog id) are written as `_`
/// and two hex digits, so `~`, `.` and `_` inside an id never read as
/// separators. Prices and names are left out: the receiving device takes
/// them from its catalog.
pub fn to_share_param(cart: &Cart) -> String {
    let mut out = String::new();
    for (i, line) in cart.lines.iter().enumerate() {
        if i > 0 {
            out.push(SHARE_LINE_SEP);
        }
        for b in line.product_id.bytes() {
            if b.is_ascii_alphanumeric() || b == b'-' {
                out.push(char::from(b));
            } else {
                let _ = write!(out, "{SHARE_ESCAPE}{b:02X}");
            }
        }
        let _ = write!(out, "{SHARE_QTY_SEP}{}", line.quantity);
    }
    out
}

/// Why a share parameter could not be read. Links are made by
/// [`to_share_param`], so any deviation means the link was damaged, and
/// nothing is guessed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShareError {
    /// Entry `index` (counting from 0) is not `ID.QTY` with a well-formed id.
    BadEntry { index: usize },
    /// Entry `index` has a quantity outside `1..=MAX_QUANTITY_PER_LINE`.
    BadQuantity { index: usize },
    /// More than [`MAX_LINES`] entries.
    TooManyLines,
}

impl fmt::Display for ShareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShareError::BadEntry { index } => write!(f, "cart link entry {} is damaged", index + 1),
            ShareError::BadQuantity { index } => {
                write!(f, "cart link entry {} has a quantity outside 1 to {MAX_QUANTITY_PER_LINE}", index + 1)
            }
            ShareError::TooManyLines => write!(f, "cart link has more than {MAX_LINES} products"),
        }
    }
}

impl std::error::Error for ShareError {}

/// Reads a parameter made by [`to_share_param`] into `(product id,
/// quantity)` pairs, in order. The receiving device adds them with
/// [`Cart::add`], which applies its own stock. An empty parameter is an empty
/// cart.
pub fn from_share_param(param: &str) -> Result<Vec<(String, u32)>, ShareError> {
    if param.is_empty() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for (index, entry) in param.split(SHARE_LINE_SEP).enumerate() {
        if index >= MAX_LINES {
            return Err(ShareError::TooManyLines);
        }
        let (id, qty) = entry.split_once(SHARE_QTY_SEP).ok_or(ShareError::BadEntry { index })?;
        let id = unescape_share_id(id).ok_or(ShareError::BadEntry { index })?;
        // At most 10 digits fits a u32; longer is garbage, not a quantity.
        if qty.is_empty() || qty.len() > 10 || !qty.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ShareError::BadEntry { index });
        }
        let quantity = qty
            .parse::<u32>()
            .ok()
            .filter(|q| (1..=MAX_QUANTITY_PER_LINE).contains(q))
            .ok_or(ShareError::BadQuantity { index })?;
        out.push((id, quantity));
    }
    Ok(out)
}

fn unescape_share_id(id: &str) -> Option<String> {
    let bytes = id.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_alphanumeric() || b == b'-' {
            out.push(b);
            i += 1;
        } else if b == SHARE_ESCAPE as u8 {
            let hi = hex_value(*bytes.get(i + 1)?)?;
            let lo = hex_value(*bytes.get(i + 2)?)?;
            out.push(hi << 4 | lo);
            i += 3;
        } else {
            return None;
        }
    }
    let id = String::from_utf8(out).ok()?;
    (!id.is_empty()).then_some(id)
}

fn hex_value(b: u8) -> Option<u8> {
    char::from(b).to_digit(16).and_then(|d| u8::try_from(d).ok())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::Availability;
    use super::*;
    use crate::catalog::*;

    /// A catalog product with only the fields the cart and order use set.
    pub(crate) fn product(id: &str, name: &str, price: u64, stock: u32) -> Product {
        Product {
            id: id.into(),
            slug: id.to_lowercase(),
            name: name.into(),
            description: "Produk desa.".into(),
            keywords: String::new(),
            category: "kopi".into(),
            village: "beiwali".into(),
            producer: Producer { name: "Koperasi".into(), nib: None },
            unit: "250 g".into(),
            images: vec![],
            tags: vec![],
            featured: false,
            flagship: false,
            added: "2025-09-01".into(),
            stream: Stream::Ovop,
            certifications: Certifications { halal: Halal::NotApplicable, bpom: None, pirt: None },
            options: vec![],
            variants: vec![Variant::only(id, Rupiah(price), stock, None)],
        }
    }

    pub(crate) fn catalog(products: Vec<Product>) -> Catalog {
        Catalog {
            version: 1,
            store: Store {
                name: "NTT Mart".into(),
                tagline: "Produk desa".into(),
                base_url: "https://example.id".into(),
                currency: "IDR".into(),
            },
            outlets: vec![],
            categories: vec![],
            villages: vec![],
            products,
        }
    }

    fn kopi() -> Product {
        product("NGD-0001", "Kopi Arabika Flores Bajawa", 65_000, 10)
    }

    fn tenun() -> Product {
        product("SIK-0003", "Sarung Tenun Ikat Sikka", 850_000, 2)
    }

    fn ids(cart: &Cart) -> Vec<(&str, u32)> {
        cart.lines().iter().map(|l| (l.product_id.as_str(), l.quantity)).collect()
    }

    #[test]
    fn add_merges_and_clamps_to_stock() {
        let mut cart = Cart::new();
        let out = cart.add(&kopi(), (kopi()).first_variant(), 3);
        assert_eq!(out, AddOutcome { added: 3, quantity: 3, limited_by: None });
        assert!(!out.was_clamped());
        let out = cart.add(&kopi(), (kopi()).first_variant(), 9);
        assert_eq!(out, AddOutcome { added: 7, quantity: 10, limited_by: Some(Limit::Stock { available: 10 }) });
        assert_eq!(cart.add(&tenun(), (tenun()).first_variant(), 1).quantity, 1);
        assert_eq!(ids(&cart), [("NGD-0001", 10), ("SIK-0003", 1)]);
        assert_eq!(cart.count(), 11);
        assert_eq!(cart.len(), 2);
    }

    #[test]
    fn add_respects_line_cap_sold_out_and_zero() {
        let mut cart = Cart::new();
        let plenty = product("KPG-0001", "Madu", 75_000, 5000);
        let out = cart.add(&plenty, plenty.first_variant(), 150);
        assert_eq!(out, AddOutcome { added: 99, quantity: 99, limited_by: Some(Limit::LineCap) });
        let sold_out = product("KPG-0002", "Madu besar", 170_000, 0);
        let out = cart.add(&sold_out, sold_out.first_variant(), 1);
        assert_eq!(out, AddOutcome { added: 0, quantity: 0, limited_by: Some(Limit::Stock { available: 0 }) });
        assert_eq!(
            cart.add(&kopi(), (kopi()).first_variant(), 0),
            AddOutcome { added: 0, quantity: 0, limited_by: None }
        );
        assert_eq!(cart.len(), 1);
        let nameless = product("", "Tanpa id", 1_000, 5);
        assert_eq!(cart.add(&nameless, nameless.first_variant(), 1).limited_by, Some(Limit::InvalidProduct));
        assert_eq!(cart.len(), 1);
    }

    #[test]
    fn add_refuses_a_new_line_when_full_but_grows_existing_lines() {
        let mut cart = Cart::new();
        for i in 0..MAX_LINES {
            cart.add(
                &product(&format!("P-{i}"), "x", 1_000, 10),
                (product(&format!("P-{i}"), "x", 1_000, 10)).first_variant(),
                1,
            );
        }
        let out = cart.add(&kopi(), (kopi()).first_variant(), 1);
        assert_eq!(out.limited_by, Some(Limit::CartFull));
        assert_eq!(cart.len(), MAX_LINES);
        assert_eq!(
            cart.add(&product("P-0", "x", 1_000, 10), (product("P-0", "x", 1_000, 10)).first_variant(), 1).quantity,
            2
        );
    }

    #[test]
    fn adding_again_refreshes_price_and_name() {
        let mut cart = Cart::new();
        cart.add(&kopi(), (kopi()).first_variant(), 1);
        let mut dearer = kopi();
        dearer.first_variant_mut().price = Rupiah(70_000);
        dearer.name = "Kopi Arabika Bajawa".into();
        cart.add(&dearer, dearer.first_variant(), 1);
        let line = cart.line("NGD-0001").unwrap();
        assert_eq!((line.price_seen, line.name_seen.as_str()), (Rupiah(70_000), "Kopi Arabika Bajawa"));
    }

    #[test]
    fn set_quantity_clamps_removes_and_keeps_sold_out_lines() {
        let mut cart = Cart::new();
        cart.add(&kopi(), (kopi()).first_variant(), 2);
        cart.add(&tenun(), (tenun()).first_variant(), 1);
        assert_eq!(
            cart.set_quantity(&kopi(), (kopi()).first_variant(), 50),
            SetOutcome::Set { quantity: 10, limited_by: Some(Limit::Stock { available: 10 }) }
        );
        assert_eq!(
            cart.set_quantity(&kopi(), (kopi()).first_variant(), 4),
            SetOutcome::Set { quantity: 4, limited_by: None }
        );
        let mut sold_out = tenun();
        sold_out.first_variant_mut().stock = 0;
        assert_eq!(
            cart.set_quantity(&sold_out, sold_out.first_variant(), 2),
            SetOutcome::Set { quantity: 1, limited_by: Some(Limit::Stock { available: 0 }) }
        );
        assert_eq!(
            cart.set_quantity(&product("X", "x", 1, 1), (product("X", "x", 1, 1)).first_variant(), 1),
            SetOutcome::NotInCart
        );
        let SetOutcome::Removed(removed) = cart.set_quantity(&kopi(), (kopi()).first_variant(), 0) else {
            panic!("quantity 0 removes");
        };
        assert_eq!(removed.index, 0);
        assert_eq!(ids(&cart), [("SIK-0003", 1)]);
        cart.restore(removed.line, removed.index).unwrap();
        assert_eq!(ids(&cart), [("NGD-0001", 4), ("SIK-0003", 1)]);
    }

    #[test]
    fn remove_and_restore_is_undo() {
        let mut cart = Cart::new();
        cart.add(&kopi(), (kopi()).first_variant(), 2);
        cart.add(&tenun(), (tenun()).first_variant(), 1);
        cart.add(
            &product("END-0002", "Tenun Ende", 500_000, 3),
            (product("END-0002", "Tenun Ende", 500_000, 3)).first_variant(),
            1,
        );
        let before = cart.clone();
        let removed = cart.remove("SIK-0003").unwrap();
        assert_eq!(removed.index, 1);
        assert_eq!(cart.remove("SIK-0003"), None);
        assert_eq!(cart.restore(removed.line, removed.index), Ok(Restored::Inserted { index: 1 }));
        assert_eq!(cart, before);
    }

    #[test]
    fn restore_merges_when_re_added_and_checks_the_line() {
        let mut cart = Cart::new();
        cart.add(&kopi(), (kopi()).first_variant(), 2);
        let removed = cart.remove("NGD-0001").unwrap();
        cart.add(&kopi(), (kopi()).first_variant(), 3);
        assert_eq!(cart.restore(removed.line.clone(), removed.index), Ok(Restored::Merged { index: 0, quantity: 5 }));
        let bad = Line { quantity: 0, ..removed.line.clone() };
        assert_eq!(cart.restore(bad, 0), Err(RestoreError::InvalidLine));
        let nameless = Line { product_id: String::new(), ..removed.line };
        assert_eq!(cart.restore(nameless, 0), Err(RestoreError::InvalidLine));
    }

    #[test]
    fn clear_returns_the_old_cart() {
        let mut cart = Cart::new();
        cart.add(&kopi(), (kopi()).first_variant(), 2);
        let old = cart.clear();
        assert!(cart.is_empty());
        assert_eq!(old.count(), 2);
    }

    #[test]
    fn totals_use_checked_arithmetic() {
        let mut cart = Cart::new();
        cart.add(&kopi(), (kopi()).first_variant(), 2);
        cart.add(&tenun(), (tenun()).first_variant(), 2);
        assert_eq!(cart.total(), Ok(Rupiah(2 * 65_000 + 2 * 850_000)));
        let huge = Line {
            product_id: "X".into(),
            quantity: 2,
            price_seen: Rupiah(u64::MAX / 2 + 1),
            name_seen: String::new(),
        };
        assert_eq!(huge.total(), Err(AmountOverflow));
        cart.restore(huge, 0).unwrap();
        assert_eq!(cart.total(), Err(AmountOverflow));
    }

    #[test]
    fn reconcile_reports_every_kind_of_change() {
        let mut cart = Cart::new();
        cart.add(&kopi(), (kopi()).first_variant(), 2); // price will change
        cart.add(&tenun(), (tenun()).first_variant(), 2); // stock will fall to 1
        cart.add(
            &product("END-0002", "Tenun Ende", 500_000, 3),
            (product("END-0002", "Tenun Ende", 500_000, 3)).first_variant(),
            1,
        ); // sold out
        cart.add(
            &product("ALR-0001", "Kenari Alor", 40_000, 9),
            (product("ALR-0001", "Kenari Alor", 40_000, 9)).first_variant(),
            1,
        ); // withdrawn
        cart.add(&product("KPG-0001", "Madu", 75_000, 9), (product("KPG-0001", "Madu", 75_000, 9)).first_variant(), 3); // unchanged

        let mut kopi_now = kopi();
        kopi_now.first_variant_mut().price = Rupiah(70_000);
        let mut tenun_now = tenun();
        tenun_now.first_variant_mut().stock = 1;
        tenun_now.first_variant_mut().price = Rupiah(800_000);
        let catalog = catalog(vec![
            kopi_now,
            tenun_now,
            product("END-0002", "Tenun Ende", 550_000, 0),
            product("KPG-0001", "Madu", 75_000, 9),
        ]);
        let r = reconcile(&cart, &catalog);
        let changes: Vec<(usize, Change)> = r.notices().iter().map(|n| (n.index, n.change)).collect();
        assert_eq!(
            changes,
            [
                (0, Change::PriceChanged { old: Rupiah(65_000), new: Rupiah(70_000) }),
                (1, Change::PriceChanged { old: Rupiah(850_000), new: Rupiah(800_000) }),
                (1, Change::QuantityLowered { from: 2, to: 1 }),
                (2, Change::OutOfStock),
                (3, Change::Missing),
            ]
        );
        assert_eq!(r.notices()[4].name, "Kenari Alor");
        let availability: Vec<Availability> = r.lines().map(|(_, a)| a).collect();
        use Availability::*;
        assert_eq!(availability, [Orderable, Orderable, OutOfStock, Missing, Orderable]);
        assert_eq!(r.cart().len(), 5, "nothing disappears");
        assert_eq!(r.cart().line("END-0002").unwrap().price_seen, Rupiah(500_000), "sold out keeps the old price");
        assert_eq!(r.total(), Ok(Rupiah(2 * 70_000 + 800_000 + 3 * 75_000)));
        assert_eq!(r.orderable_count(), 6);
        assert!(r.has_orderable());

        // Reconciling again only repeats the states.
        let again = reconcile(r.cart(), &catalog);
        let changes: Vec<Change> = again.notices().iter().map(|n| n.change).collect();
        assert_eq!(changes, [Change::OutOfStock, Change::Missing]);
        assert_eq!(again.cart(), r.cart());
    }

    #[test]
    fn reconcile_fills_in_unknown_prices_silently() {
        let decoded = decode(r#"{"items":[["NGD-0001",2]]}"#);
        let r = reconcile(&decoded.cart, &catalog(vec![kopi()]));
        assert!(r.notices().is_empty());
        let line = &r.cart().lines()[0];
        assert_eq!((line.price_seen, line.name_seen.as_str()), (Rupiah(65_000), "Kopi Arabika Flores Bajawa"));
    }

    #[test]
    fn encodes_the_documented_format() {
        let mut cart = Cart::new();
        cart.add(&kopi(), (kopi()).first_variant(), 2);
        cart.add(
            &product("SIK-\"3\"", "Tenun \"Sikka\"\n🐝", 850_000, 2),
            (product("SIK-\"3\"", "Tenun \"Sikka\"\n🐝", 850_000, 2)).first_variant(),
            1,
        );
        assert_eq!(
            encode(&cart),
            r#"{"v":2,"lines":[{"id":"NGD-0001","q":2,"p":65000,"n":"Kopi Arabika Flores Bajawa"},{"id":"SIK-\"3\"","q":1,"p":850000,"n":"Tenun \"Sikka\"\n🐝"}]}"#
        );
        assert_eq!(encode(&Cart::new()), r#"{"v":2,"lines":[]}"#);
        let saved = encode_saved(&cart, 1_764_261_000_000);
        assert!(saved.ends_with(r#"],"saved":1764261000000}"#));
        let back = decode(&saved);
        assert_eq!((back.cart, back.format, back.saved), (cart, Format::V2, Some(1_764_261_000_000)));
        assert!(back.dropped.is_empty());
    }

    fn problems(d: &Decoded) -> Vec<(Option<usize>, DropProblem)> {
        d.dropped.iter().map(|n| (n.entry, n.problem)).collect()
    }

    #[test]
    fn unreadable_text_is_reported_not_silently_emptied() {
        for text in ["garbage", "{", "[1,2]", "null", "42", "\"cart\"", "{}", r#"{"v":2}"#, r#"{"v":2,"lines":{}}"#] {
            let d = decode(text);
            assert!(d.cart.is_empty(), "{text}");
            assert_eq!(problems(&d), [(None, DropProblem::Unreadable)], "{text}");
            assert!(d.dropped[0].lost_items());
        }
        assert_eq!(decode("garbage").format, Format::Unreadable);
        let nothing = decode("  ");
        assert_eq!((nothing.format, nothing.dropped.len()), (Format::Nothing, 0));
    }

    #[test]
    fn migrates_format_1() {
        let d = decode(
            r#"{"items":[["NGD-0001",2],["SIK-0003",1,"extra"],["NGD-0001",1],"x",["KPG-0001"],[7,1],["END-0002",0]]}"#,
        );
        assert_eq!(d.format, Format::V1);
        assert_eq!(ids(&d.cart), [("NGD-0001", 3), ("SIK-0003", 1)]);
        assert_eq!(d.cart.lines()[0].price_seen, Rupiah::ZERO);
        assert_eq!(
            problems(&d),
            [
                (Some(2), DropProblem::Merged { into: 0, quantity: 3 }),
                (Some(3), DropProblem::NotALine),
                (Some(4), DropProblem::NotALine),
                (Some(5), DropProblem::InvalidId),
                (Some(6), DropProblem::ZeroQuantity),
            ]
        );
        assert_eq!(d.dropped[4].product_id.as_deref(), Some("END-0002"));
        assert_eq!(decode(r#"{"v":1,"items":[["A",1]]}"#).format, Format::V1);
    }

    #[test]
    fn repairs_or_drops_bad_lines_with_a_note_each() {
        let d = decode(
            r#"{"v":2,"lines":[
                {"id":"A","q":2,"p":1000,"n":"a"},
                {"q":1,"p":1,"n":"no id"},
                {"id":"","q":1},
                {"id":"B","q":0,"p":1,"n":"b"},
                {"id":"C","q":-3,"p":1,"n":"c"},
                {"id":"D","q":2.5,"p":1,"n":"d"},
                {"id":"E","q":"2","p":1,"n":"e"},
                {"id":"F","q":1e300,"p":1,"n":"f"},
                {"id":"G","q":3.0,"p":-5,"n":7},
                {"id":"A","q":98,"p":1000,"n":"a"},
                {"id":"H","p":1,"n":"h"},
                {"id":"I","q":18446744073709551615,"p":1,"n":"i"},
                [1,2]
            ],"saved":"yesterday"}"#,
        );
        assert_eq!(d.format, Format::V2);
        assert_eq!(d.saved, None);
        assert_eq!(ids(&d.cart), [("A", 99), ("F", 99), ("G", 3), ("I", 99)]);
        use DropProblem::*;
        assert_eq!(
            problems(&d),
            [
                (Some(1), MissingId),
                (Some(2), MissingId),
                (Some(3), ZeroQuantity),
                (Some(4), NegativeQuantity),
                (Some(5), FractionalQuantity),
                (Some(6), InvalidQuantity),
                (Some(7), QuantityCapped { to: 99 }),
                (Some(8), InvalidPrice),
                (Some(8), InvalidName),
                (Some(9), Merged { into: 0, quantity: 99 }),
                (Some(10), MissingQuantity),
                (Some(11), QuantityCapped { to: 99 }),
                (Some(12), NotALine),
            ]
        );
        assert!(!d.dropped[7].lost_items() && !d.dropped[9].lost_items());
        assert!(d.dropped[6].lost_items());
    }

    #[test]
    fn salvages_future_and_unknown_versions() {
        let d = decode(r#"{"v":3,"lines":[{"id":"A","q":2,"p":5,"n":"a","gift":true},{"id":"B"}],"currency":"IDR"}"#);
        assert_eq!(d.format, Format::Future(3));
        assert_eq!(ids(&d.cart), [("A", 2)]);
        assert_eq!(problems(&d), [(Some(1), DropProblem::MissingQuantity)]);
        let d = decode(r#"{"v":9,"items":[["A",1]]}"#);
        assert_eq!((d.format, ids(&d.cart)), (Format::Future(9), vec![("A", 1)]));
        let d = decode(r#"{"v":"2","lines":[{"id":"A","q":1,"p":5,"n":"a"}]}"#);
        assert_eq!((d.format, ids(&d.cart)), (Format::Unknown, vec![("A", 1)]));
        let d = decode(r#"{"lines":[{"id":"A","q":1,"p":5,"n":"a"}]}"#);
        assert_eq!(d.format, Format::Unknown);
        let d = decode(r#"{"v":4,"basket":[]}"#);
        assert_eq!((d.format, problems(&d)), (Format::Future(4), vec![(None, DropProblem::Unreadable)]));
    }

    #[test]
    fn reads_saved_carts_as_serde_json_did() {
        // The codec moved from serde_json to the feed's own reader; what the
        // two readers could disagree on, read the old way.
        let d = decode(r#"{"v":2,"lines":[{"id":"A","q":1,"q":3,"p":5,"n":"a"}],"v":1,"items":[["B",2]]}"#);
        assert_eq!((d.format, ids(&d.cart)), (Format::V1, vec![("B", 2)]), "a repeated key: the last one counts");
        let d = decode(
            r#"{"v":2,"lines":[{"id":"\u0041\"\u00e9","q":-0,"p":5,"n":"x"},{"id":"B","q":1e1,"p":5,"n":"\ud83d\udc1d"},{"id":"C","q":2.0e0,"p":5.0,"n":"c"},{"id":"D","q":18446744073709551616,"p":1,"n":"d"},{"id":"E","q":-18446744073709551617,"p":1,"n":"e"}]}"#,
        );
        assert_eq!(ids(&d.cart), [("B", 10), ("C", 2), ("D", 99)]);
        assert_eq!(d.cart.lines()[0].name_seen, "🐝");
        assert_eq!(d.cart.lines()[1].price_seen, Rupiah::ZERO, "5.0 is not a whole-Rupiah price");
        use DropProblem::*;
        assert_eq!(
            problems(&d),
            [
                (Some(0), ZeroQuantity),
                (Some(2), InvalidPrice),
                (Some(3), QuantityCapped { to: 99 }),
                (Some(4), NegativeQuantity)
            ]
        );
        assert_eq!(d.dropped[0].product_id.as_deref(), Some("A\"é"));
        // Not JSON serde_json reads, so not a cart: a lone surrogate, text
        // after the object, a number beyond f64, nesting deeper than any cart.
        let deep = format!(r#"{{"v":2,"lines":[{}{}]}}"#, "[".repeat(150), "]".repeat(150));
        for text in [
            r#"{"v":2,"lines":[{"id":"\ud800","q":1}]}"#,
            r#"{"v":2,"lines":[]} x"#,
            r#"{"v":2,"lines":[{"id":"A","q":1e400}]}"#,
            &deep,
        ] {
            assert_eq!(problems(&decode(text)), [(None, Unreadable)], "{text}");
        }
    }

    proptest::proptest! {
        #[test]
        fn strings_are_escaped_as_serde_json_escapes_them(s in "\\PC*|[\\x00-\\x1f\"\\\\\u{7f}-\u{a0}\u{2028}\u{2029}a-z]{0,20}") {
            proptest::prop_assert_eq!(json_string(&s), serde_json::to_string(&s).unwrap());
        }
    }

    #[test]
    fn too_many_lines_are_counted_in_one_note() {
        let entries: Vec<String> = (0..MAX_LINES + 5).map(|i| format!(r#"["P{i}",1]"#)).collect();
        let d = decode(&format!(r#"{{"items":[{}]}}"#, entries.join(",")));
        assert_eq!(d.cart.len(), MAX_LINES);
        assert_eq!(problems(&d), [(Some(MAX_LINES), DropProblem::TooManyLines { dropped: 5 })]);
    }

    #[test]
    fn share_param_is_compact_and_escapes_separators() {
        let mut cart = Cart::new();
        cart.add(&kopi(), (kopi()).first_variant(), 2);
        cart.add(&tenun(), (tenun()).first_variant(), 1);
        assert_eq!(to_share_param(&cart), "NGD-0001.2~SIK-0003.1");
        cart.add(&product("a.b~c_d é", "x", 1, 5), (product("a.b~c_d é", "x", 1, 5)).first_variant(), 3);
        let param = to_share_param(&cart);
        assert_eq!(param, "NGD-0001.2~SIK-0003.1~a_2Eb_7Ec_5Fd_20_C3_A9.3");
        assert_eq!(
            from_share_param(&param).unwrap(),
            [("NGD-0001".to_string(), 2), ("SIK-0003".to_string(), 1), ("a.b~c_d é".to_string(), 3)]
        );
        assert_eq!(to_share_param(&Cart::new()), "");
        assert_eq!(from_share_param(""), Ok(vec![]));
        assert_eq!(from_share_param("a_2eb.1"), Ok(vec![("a.b".to_string(), 1)]));
    }

    #[test]
    fn share_param_rejects_damage() {
        use ShareError::*;
        for (param, want) in [
            ("NGD-0001", BadEntry { index: 0 }),
            ("A.1~", BadEntry { index: 1 }),
            (".1", BadEntry { index: 0 }),
            ("A.1~B.x", BadEntry { index: 1 }),
            ("A.-1", BadEntry { index: 0 }),
            ("A.1.2", BadEntry { index: 0 }),
            ("A B.1", BadEntry { index: 0 }),
            ("A_2.1", BadEntry { index: 0 }),
            ("A_ZZ.1", BadEntry { index: 0 }),
            ("A_FF.1", BadEntry { index: 0 }),
            ("A.0", BadQuantity { index: 0 }),
            ("A.100", BadQuantity { index: 0 }),
            ("A.99999999999", BadEntry { index: 0 }),
        ] {
            assert_eq!(from_share_param(param), Err(want), "{param}");
        }
        let many: Vec<String> = (0..=MAX_LINES).map(|i| format!("P{i}.1")).collect();
        assert_eq!(from_share_param(&many.join("~")), Err(TooManyLines));
    }
}
