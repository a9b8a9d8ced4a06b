//! The storefront's reading of what schema version 2 added to a product
//! (availability, lead time, compare-at price, options and variants): the
//! same rules as `reader`'s, but a product that breaks one gets a single
//! short problem instead of one message per mistake. Staff learn the exact
//! mistake from `nttmart check`, which reads with `reader`'s; a phone only
//! needs to know which products it can show, and every message the
//! detailed reading can write would cost its first load (issue 17: ~3 KB
//! of brotli wasm). A property test holds both readings to the same
//! catalogue.

use super::node::{Node, Value};
use super::reader::{Obj, Offer, Place, Reader};
use super::rules;
use crate::catalog::{Availability, Focus, Image, Localized, ProductOption, Variant};
use crate::money::{Rupiah, MAX_PRICE};
use crate::photo::{Photo, PLACEHOLDER_MAX};

const FAULT: &str = "is not valid; `nttmart check` on the feed says exactly why";

fn fault<T>(r: &mut Reader<'_>, node: Node<'_>) -> Option<T> {
    r.error(node.pos, FAULT.into());
    None
}

fn text(node: Node<'_>, max: usize) -> Option<&str> {
    node.as_str().filter(|s| !s.trim().is_empty() && s.chars().count() <= max)
}

fn whole(node: Node<'_>, min: u64, max: u64) -> Option<u64> {
    match node.value() {
        Value::UInt(v) if (min..=max).contains(&v) => Some(v),
        _ => None,
    }
}

fn days(node: Node<'_>) -> Option<(u16, u16)> {
    match node.value() {
        Value::Array(items) if items.len() == 2 => {
            let mut it = items.items().map(|n| whole(n, 1, 365));
            match (it.next()??, it.next()??) {
                (min, max) if min <= max => Some((min as u16, max as u16)),
                _ => None,
            }
        }
        _ => whole(node, 1, 365).map(|d| (d as u16, d as u16)),
    }
}

/// `availability` and `lead_days` among `fields`; `Err` when wrong.
fn availability<'d>(field: impl Fn(&str) -> Option<Node<'d>>) -> Result<Option<Availability>, ()> {
    let Some(node) = field("availability") else { return Ok(None) };
    let lead = || field("lead_days").and_then(days).ok_or(());
    Ok(Some(match node.as_str() {
        Some("ready") => Availability::Ready,
        Some("sold_out") => Availability::SoldOut,
        Some("made_to_order") => lead().map(|(min_days, max_days)| Availability::MadeToOrder { min_days, max_days })?,
        Some("pre_order") => lead().map(|(min_days, max_days)| Availability::PreOrder { min_days, max_days })?,
        _ => return Err(()),
    }))
}

fn price(node: Node<'_>) -> Option<Rupiah> {
    whole(node, 1, MAX_PRICE.0).map(Rupiah)
}

/// The product-level fields of schema version 2 (see `Reader::offer`).
pub(crate) fn offer<'d>(r: &mut Reader<'d>, obj: &Obj<'d>, single: bool, price_read: Option<Rupiah>) -> Option<Offer> {
    let field = |name: &str| obj.get_present(name);
    let Ok(availability) = availability(field) else {
        return fault(r, obj.get_present("availability")?);
    };
    let compare_at = match field("compare_at") {
        Some(n) => Some(price(n).or_else(|| fault(r, n))?),
        None => None,
    };
    let weight_g = r.optional(obj, "weight_g", |r, n| r.grams(n));
    let stock = match (single, availability) {
        (false, _) => {
            if let Some(n) = field("price").or(field("stock")) {
                return fault(r, n);
            }
            None
        }
        (true, None | Some(Availability::Ready)) => Some(r.required(obj, "stock", |r, n| r.stock(n))?),
        (true, Some(_)) => Some(r.optional(obj, "stock", |r, n| r.stock(n)).unwrap_or(0)),
    };
    Some(Offer { price: price_read, compare_at, weight_g, stock, availability })
}

/// A product's options and variants (see `Reader::variants`).
pub(crate) fn variants<'d>(
    r: &mut Reader<'d>,
    obj: &Obj<'d>,
    list: Node<'d>,
    product: usize,
    images: &[Image],
    ids: &mut super::reader::Map<&'d str, Place>,
) -> (Option<Vec<ProductOption>>, Option<Vec<Variant>>) {
    let Some(defaults) = offer(r, obj, false, None) else { return (None, None) };
    let Some(options_node) = obj.get_present("options") else {
        r.error(obj.end, "is required".into());
        return (None, None);
    };
    let Some(options) = options(options_node) else { return (fault(r, options_node), None) };
    let Value::Array(items) = list.value() else { return (Some(options), fault(r, list)) };
    if items.is_empty() || items.len() > rules::VARIANTS_MAX {
        return (Some(options), fault(r, list));
    }
    // Every variant's id is registered, as `reader` does, even when the
    // variant or the product is left out: the first to claim an id keeps it.
    let mut out: Vec<Variant> = Vec::with_capacity(items.len());
    let mut bad = None;
    for (index, item) in items.items().enumerate() {
        let fresh = match id_of(item) {
            Some(id) if !ids.contains_key(id) => {
                ids.insert(id, Place::variant(product, index));
                true
            }
            _ => false,
        };
        let read = fresh.then(|| variant(item, &options, &defaults, images)).flatten();
        match read {
            Some(v) if !out.iter().any(|o| o.values == v.values) => out.push(v),
            _ => bad = bad.or(Some(item)),
        }
    }
    if let Some(item) = bad {
        return (Some(options), fault(r, item));
    }
    (Some(options), Some(out))
}

fn options(node: Node<'_>) -> Option<Vec<ProductOption>> {
    let Value::Array(items) = node.value() else { return None };
    if items.is_empty() || items.len() > rules::OPTIONS_MAX {
        return None;
    }
    let mut out: Vec<ProductOption> = Vec::with_capacity(items.len());
    for item in items.items() {
        let (mut name, mut values) = (None, None);
        let Value::Object(fields) = item.value() else { return None };
        for (key, value) in fields.members() {
            match key {
                "name" => {
                    let Value::Object(names) = value.value() else { return None };
                    let (mut id, mut en) = (None, None);
                    for (k, v) in names.members() {
                        match k {
                            "id" => id = text(v, rules::UNIT_MAX),
                            "en" => en = text(v, rules::UNIT_MAX),
                            _ => {}
                        }
                    }
                    name = Some(Localized { id: id?.to_owned(), en: en?.to_owned() });
                }
                "values" => {
                    let Value::Array(list) = value.value() else { return None };
                    let mut vs: Vec<String> = Vec::with_capacity(list.len());
                    for v in list.items() {
                        let v = text(v, rules::UNIT_MAX)?;
                        if vs.iter().any(|o| o.eq_ignore_ascii_case(v)) {
                            return None;
                        }
                        vs.push(v.to_owned());
                    }
                    values = Some(vs).filter(|vs| !vs.is_empty() && vs.len() <= rules::OPTION_VALUES_MAX);
                }
                _ => {}
            }
        }
        let option = ProductOption { name: name?, values: values? };
        if out.iter().any(|o| o.name.id == option.name.id) {
            return None;
        }
        out.push(option);
    }
    Some(out)
}

/// A variant's id, when it is one.
fn id_of(node: Node<'_>) -> Option<&str> {
    let Value::Object(fields) = node.value() else { return None };
    let id = fields.members().find(|(k, v)| *k == "id" && !v.is_null()).map(|(_, v)| v)?;
    text(id, rules::PRODUCT_ID_MAX).filter(|s| rules::check_product_id(s).is_ok())
}

fn variant(node: Node<'_>, options: &[ProductOption], defaults: &Offer, images: &[Image]) -> Option<Variant> {
    let Value::Object(members) = node.value() else { return None };
    // One pass over the members rather than a search per field: a phone
    // reads tens of thousands of variants on a large catalogue's first load.
    const NAMES: [&str; 8] =
        ["values", "stock", "compare_at", "weight_g", "images", "price", "availability", "lead_days"];
    let mut found: [Option<Node<'_>>; 8] = [None; 8];
    for (k, v) in members.members() {
        if let Some(i) = NAMES.iter().position(|n| *n == k) {
            if found[i].is_none() && !v.is_null() {
                found[i] = Some(v);
            }
        }
    }
    let field = |name: &str| NAMES.iter().position(|n| *n == name).and_then(|i| found[i]);
    let id = id_of(node)?;
    let Value::Array(list) = field("values")?.value() else { return None };
    if list.len() != options.len() {
        return None;
    }
    let mut values = Vec::with_capacity(options.len());
    for (v, option) in list.items().zip(options) {
        let v = v.as_str().filter(|v| option.values.iter().any(|o| o == v))?;
        values.push(v.to_owned());
    }
    let availability = availability(field).ok()?.or(defaults.availability);
    let stock = match (field("stock"), availability) {
        (Some(n), _) => whole(n, 0, rules::STOCK_MAX)? as u32,
        (None, Some(a)) if a != Availability::Ready => 0,
        (None, _) => return None,
    };
    let compare_at = match field("compare_at") {
        Some(n) => Some(price(n)?),
        None => defaults.compare_at,
    };
    let weight_g = match field("weight_g") {
        Some(n) => Some(whole(n, 1, 1_000_000)? as u32),
        None => defaults.weight_g,
    };
    let mut own = Vec::new();
    if let Some(n) = field("images") {
        let Value::Array(srcs) = n.value() else { return None };
        for src in srcs.items() {
            own.push(src.as_str().filter(|s| images.iter().any(|i| i.src == *s))?.to_owned());
        }
    }
    Some(Variant {
        id: id.to_owned(),
        values,
        price: price(field("price")?)?,
        compare_at,
        stock,
        availability: availability.unwrap_or(Availability::Ready),
        weight_g,
        images: own,
    })
}

/// One image (see `Reader::image`): a bad one leaves its product out with
/// one short problem. As there, a bad optional field (English alt text,
/// focal point, photo) still yields the image, so the product's variants
/// are read and their ids claimed exactly as the detailed reading does.
pub(crate) fn image<'d>(r: &mut Reader<'d>, node: Node<'d>) -> Option<Image> {
    let Value::Object(fields) = node.value() else { return fault(r, node) };
    let field = |name: &str| fields.members().find(|(k, v)| *k == name && !v.is_null()).map(|(_, v)| v);
    let src = field("src").and_then(|n| text(n, rules::SRC_MAX)).filter(|s| rules::check_image_src(s).is_ok());
    let alt = match field("alt") {
        Some(n) => text(n, rules::SHORT_MAX),
        // The index feed leaves alt texts to the detail files.
        None if r.index => Some(""),
        None => None,
    };
    let alt_en = field("alt_en").map(|n| text(n, rules::SHORT_MAX).map(str::to_owned));
    let focus = field("focus").map(focus);
    let photo = field("photo").map(photo);
    let bad_optional = matches!(alt_en, Some(None)) || matches!(focus, Some(None)) || matches!(photo, Some(None));
    if src.is_none() || alt.is_none() || bad_optional {
        r.error(node.pos, FAULT.into());
    }
    Some(Image {
        src: src?.to_owned(),
        alt: alt?.to_owned(),
        alt_en: alt_en.flatten(),
        focus: focus.flatten(),
        photo: photo.flatten(),
    })
}

fn focus(node: Node<'_>) -> Option<Focus> {
    let Value::Object(fields) = node.value() else { return None };
    let (mut x, mut y) = (None, None);
    for (k, v) in fields.members() {
        match k {
            "x" => x = Some(whole(v, 0, 100)? as u8),
            "y" => y = Some(whole(v, 0, 100)? as u8),
            _ => {}
        }
    }
    Some(Focus { x: x?, y: y? })
}

fn photo(node: Node<'_>) -> Option<Photo> {
    let Value::Object(fields) = node.value() else { return None };
    let (mut width, mut height, mut color, mut placeholder) = (None, None, None, "");
    for (k, v) in fields.members() {
        match k {
            "width" => width = Some(whole(v, 1, 100_000)? as u32),
            "height" => height = Some(whole(v, 1, 100_000)? as u32),
            "color" => color = Some(v.as_str().filter(|c| rules::check_hex_color(c).is_ok())?),
            "placeholder" if !v.is_null() => {
                placeholder =
                    v.as_str().filter(|p| p.len() <= PLACEHOLDER_MAX && rules::check_placeholder(p).is_ok())?;
            }
            _ => {}
        }
    }
    Some(Photo { width: width?, height: height?, color: color?.to_owned(), placeholder: placeholder.to_owned() })
}
