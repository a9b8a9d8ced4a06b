//! The catalog model: what a valid feed becomes. Everything here has already
//! passed validation (see `feed`), so views can rely on references resolving,
//! prices being positive and certification numbers having the right shape.
//!
//! The types serialise back to exactly the feed format (schema version 2), which
//! is how the `nttmart` tool writes feeds from spreadsheets. A version-1 feed
//! is a version-2 feed without options: each product is one implicit variant.

use crate::kabupaten::{self, Kabupaten};
use crate::money::Rupiah;
use serde::{Deserialize, Serialize};

/// The schema version this code writes, and the newest it reads.
pub const SCHEMA_VERSION: u32 = 2;

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Catalog {
    /// The version the feed was written in (1 or 2); a catalog the tool
    /// builds is [`SCHEMA_VERSION`].
    pub version: u32,
    pub store: Store,
    pub outlets: Vec<Outlet>,
    pub categories: Vec<Category>,
    pub villages: Vec<Village>,
    pub products: Vec<Product>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Store {
    pub name: String,
    pub tagline: String,
    /// Public origin of the storefront, `https://…` without a trailing slash;
    /// share links, canonical URLs and the sitemap are built from it.
    pub base_url: String,
    /// Always `IDR`; present so a feed states its currency explicitly.
    pub currency: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LaunchStatus {
    Launched,
    Planned,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Outlet {
    /// Slug of the kabupaten/kota (see `kabupaten::ALL`); one outlet each.
    pub kabupaten: String,
    pub name: String,
    pub town: String,
    pub status: LaunchStatus,
    /// `YYYY-MM-DD`: the launch date, or the planned one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub launch_date: Option<String>,
    /// WhatsApp order number in international form without `+`: `62812…`.
    pub whatsapp: String,
    pub address: String,
    /// Free text as staff write it: "Senin–Sabtu 08.00–20.00 WITA".
    pub hours: String,
    /// Where and for how much the outlet delivers. Absent in a feed: no
    /// zones, and the outlet quotes the fee for any address (how every
    /// outlet worked before the feed could say more).
    #[serde(default, skip_serializing_if = "Delivery::is_default")]
    pub delivery: Delivery,
    /// How customers may pay. Absent in a feed: at the outlet, or cash to
    /// the courier.
    #[serde(default, skip_serializing_if = "Payment::is_default")]
    pub payment: Payment,
}

/// An outlet's delivery rules; see `crate::delivery` for the fee.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delivery {
    /// Local zones, in the order the customer sees them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub zones: Vec<Zone>,
    /// What happens to an address in no zone.
    #[serde(default, skip_serializing_if = "Outside::is_quote")]
    pub outside: Outside,
}

impl Delivery {
    pub fn is_default(&self) -> bool {
        *self == Delivery::default()
    }
}

/// A local delivery zone: a list of kecamatan/kelurahan, or everything
/// within a distance of the outlet, for one flat fee.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Zone {
    /// As customers know it: "Kota Bajawa".
    pub name: String,
    /// Kecamatan or kelurahan names; empty for a distance band.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub areas: Vec<String>,
    /// A distance band: up to this many kilometres from the outlet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub within_km: Option<u32>,
    /// Flat fee; 0 is free delivery.
    pub fee: Rupiah,
    /// Free delivery from this subtotal on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub free_from: Option<Rupiah>,
}

/// Delivery to an address in none of the zones.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outside {
    /// "Ongkir dihitung outlet": the outlet quotes the fee in its reply.
    #[default]
    Quote,
    /// The outlet does not deliver there; pickup only.
    None,
    /// By the order's weight: the first tier that holds it. Heavier than
    /// the last tier, or a product without a weight: the outlet quotes.
    Tiers(Vec<WeightTier>),
}

impl Outside {
    pub fn is_quote(&self) -> bool {
        *self == Outside::Quote
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeightTier {
    /// Up to and including this many grams.
    pub up_to_g: u32,
    pub fee: Rupiah,
}

/// The payment methods an outlet accepts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payment {
    /// Paying at the outlet on pickup, or cash to the courier (COD).
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub cash: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transfer: Option<BankAccount>,
    /// The outlet's static QRIS payload (the text inside its printed QR).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qris: Option<String>,
}

impl Default for Payment {
    fn default() -> Payment {
        Payment { cash: true, transfer: None, qris: None }
    }
}

impl Payment {
    pub fn is_default(&self) -> bool {
        *self == Payment::default()
    }
}

fn yes() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BankAccount {
    /// "Bank NTT", "BRI".
    pub bank: String,
    /// Digits only.
    pub account: String,
    /// The name on the account, which the customer's banking app shows
    /// before they confirm.
    pub holder: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Localized {
    pub id: String,
    pub en: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Category {
    /// Slug, e.g. `kopi`; also the image family for its illustrations.
    pub id: String,
    pub name: Localized,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Village {
    /// Slug, e.g. `beiwali-ngada`; used in `/desa/<id>`.
    pub id: String,
    pub name: String,
    /// Kabupaten slug.
    pub kabupaten: String,
    /// The Koperasi Desa Merah Putih that sells on behalf of the village.
    pub cooperative: String,
    /// The village's One Village One Product flagship, as a phrase. Empty
    /// only in an index feed, whose detail file has it (`detail`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub flagship: String,
    /// Empty only in an index feed, whose detail file has it (`detail`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub story: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Stream {
    /// One Village One Product.
    #[serde(rename = "OVOP")]
    Ovop,
    /// One School One Product.
    #[serde(rename = "OSOP")]
    Osop,
    /// One Community One Product.
    #[serde(rename = "OCOP")]
    Ocop,
}

impl Stream {
    pub fn code(self) -> &'static str {
        match self {
            Stream::Ovop => "OVOP",
            Stream::Osop => "OSOP",
            Stream::Ocop => "OCOP",
        }
    }
}

/// Halal status is always stated: a missing certificate must never read as
/// "halal" and a pork product must never be mistaken for one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Halal {
    /// BPJPH certificate, `ID` followed by digits. Empty only in an index
    /// feed, whose detail file has it (`detail`).
    Certified {
        #[serde(default, skip_serializing_if = "String::is_empty")]
        certificate: String,
    },
    /// Contains pork or other non-halal ingredients (e.g. se'i babi).
    NotHalal,
    /// Not food: tenun, crafts, cosmetics without a claim.
    NotApplicable,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Certifications {
    pub halal: Halal,
    /// BPOM registration: `MD` or `ML` followed by 12 digits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bpom: Option<String>,
    /// P-IRT home-industry registration: 15 digits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pirt: Option<String>,
}

impl Certifications {
    pub fn is_halal(&self) -> bool {
        matches!(self.halal, Halal::Certified { .. })
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Producer {
    pub name: String,
    /// OSS business number, 13 digits, when the producer has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nib: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Image {
    /// Relative path from the site root (`img/kopi.svg`, `img/foto/x.jpg`)
    /// or an `https://` URL. In the feeds the build writes, a photo's is the
    /// base of its encoded copies (`img/p/<id>`, see `photo`).
    pub src: String,
    /// Alt text in Bahasa Indonesia. Empty only in the index feed, which
    /// leaves it to the detail files (`detail::Details::alt`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub alt: String,
    /// Alt text in English; the Indonesian one stands in when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alt_en: Option<String>,
    /// The point a crop keeps in view.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub focus: Option<Focus>,
    /// The encoded photo (written by the build; `photo`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub photo: Option<crate::photo::Photo>,
}

impl Image {
    pub fn new(src: impl Into<String>, alt: impl Into<String>) -> Image {
        Image { src: src.into(), alt: alt.into(), ..Image::default() }
    }

    /// The alt text in `lang`.
    pub fn alt_in(&self, lang: crate::Lang) -> &str {
        match (lang, &self.alt_en) {
            (crate::Lang::En, Some(en)) => en,
            _ => &self.alt,
        }
    }
}

/// A focal point, in percent of the width (`x`) and height (`y`) from the
/// top left corner.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Focus {
    pub x: u8,
    pub y: u8,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Product {
    /// Stable identifier that never changes, e.g. `NGD-0001`; carts store it
    /// (or a variant's id).
    pub id: String,
    /// URL slug: `/produk/<slug>`.
    pub slug: String,
    pub name: String,
    /// Plain text; shown as text, never interpreted as HTML. Empty only in
    /// an index feed, whose detail file has it (`detail`).
    pub description: String,
    /// Never in a feed: the description's words that the product's other
    /// fields do not already have, folded, which the catalogue page puts
    /// here from the keywords file (`detail::with_keywords`) so search finds
    /// "kosambi" in a catalogue read from the index feed.
    pub keywords: String,
    /// Category id.
    pub category: String,
    /// Village id; the kabupaten follows from the village.
    pub village: String,
    pub producer: Producer,
    /// Size or unit as sold: `250 g`, `1 lembar`, `650 ml`. With options,
    /// what one item is (`1 bungkus`); the options say which.
    pub unit: String,
    pub images: Vec<Image>,
    pub tags: Vec<String>,
    pub featured: bool,
    /// Whether this is its village's OVOP flagship product.
    pub flagship: bool,
    /// `YYYY-MM-DD` the product joined the catalog.
    pub added: String,
    pub stream: Stream,
    pub certifications: Certifications,
    /// The choices a customer makes (grind, weight, motif); empty for a
    /// product sold one way only.
    pub options: Vec<ProductOption>,
    /// What can be bought: at least one. A product without options has
    /// exactly one, whose id is the product's.
    pub variants: Vec<Variant>,
}

/// One choice on a product: "Gilingan" with the values "Biji", "Bubuk".
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ProductOption {
    pub name: Localized,
    pub values: Vec<String>,
}

/// One buyable form of a product: a combination of option values with its
/// own price and stock.
#[derive(Clone, Debug, PartialEq)]
pub struct Variant {
    /// The SKU: unique among products' and variants' ids. Carts store it.
    pub id: String,
    /// One value per option, in the options' order; empty without options.
    pub values: Vec<String>,
    pub price: Rupiah,
    /// The price before a discount, shown struck through; always above
    /// `price` in a valid feed.
    pub compare_at: Option<Rupiah>,
    /// Items on hand. Made-to-order and pre-order variants may have none.
    pub stock: u32,
    pub availability: Availability,
    /// Packed weight in grams, for delivery by weight; unknown when absent.
    pub weight_g: Option<u32>,
    /// `src` of the product's images that show this variant, best first;
    /// empty: the product's own.
    pub images: Vec<String>,
}

/// How a variant can be had.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Availability {
    /// From stock: orderable while `stock` is above 0.
    Ready,
    /// Not orderable, whatever the stock says.
    SoldOut,
    /// Woven or made after the order, in `min_days..=max_days` days.
    MadeToOrder { min_days: u16, max_days: u16 },
    /// Orderable now, delivered when the next harvest or batch is ready.
    PreOrder { min_days: u16, max_days: u16 },
}

impl Availability {
    /// The feed's word for it.
    pub fn code(self) -> &'static str {
        match self {
            Availability::Ready => "ready",
            Availability::SoldOut => "sold_out",
            Availability::MadeToOrder { .. } => "made_to_order",
            Availability::PreOrder { .. } => "pre_order",
        }
    }

    /// The lead time of a made-to-order or pre-order variant.
    pub fn lead_days(self) -> Option<(u16, u16)> {
        match self {
            Availability::MadeToOrder { min_days, max_days } | Availability::PreOrder { min_days, max_days } => {
                Some((min_days, max_days))
            }
            Availability::Ready | Availability::SoldOut => None,
        }
    }
}

impl Variant {
    /// The one variant of a product without options, sold from stock.
    pub fn only(id: &str, price: Rupiah, stock: u32, weight_g: Option<u32>) -> Variant {
        Variant {
            id: id.to_owned(),
            values: Vec::new(),
            price,
            compare_at: None,
            stock,
            availability: Availability::Ready,
            weight_g,
            images: Vec::new(),
        }
    }

    /// How many items of this variant one order may hold (before the
    /// cart's own cap): its stock when sold from stock, none when sold out,
    /// and no limit of its own when it is made or delivered later.
    pub fn orderable_up_to(&self) -> u32 {
        match self.availability {
            Availability::Ready => self.stock,
            Availability::SoldOut => 0,
            Availability::MadeToOrder { .. } | Availability::PreOrder { .. } => u32::MAX,
        }
    }

    pub fn is_orderable(&self) -> bool {
        self.orderable_up_to() > 0
    }
}

impl Product {
    /// The first variant: the only one of a product without options.
    pub fn first_variant(&self) -> &Variant {
        &self.variants[0]
    }

    pub fn first_variant_mut(&mut self) -> &mut Variant {
        &mut self.variants[0]
    }

    /// The variant shown first: the first that can be ordered, else the
    /// first.
    pub fn default_variant(&self) -> &Variant {
        self.variants.iter().find(|v| v.is_orderable()).unwrap_or(&self.variants[0])
    }

    pub fn variant(&self, id: &str) -> Option<&Variant> {
        self.variants.iter().find(|v| v.id == id)
    }

    /// The lowest price of any variant: what cards show (after "mulai"
    /// when the prices differ), what sorting and the price filter use.
    pub fn lowest_price(&self) -> Rupiah {
        self.variants.iter().map(|v| v.price).min().unwrap_or(Rupiah::ZERO)
    }

    pub fn highest_price(&self) -> Rupiah {
        self.variants.iter().map(|v| v.price).max().unwrap_or(Rupiah::ZERO)
    }

    /// Whether the variants have different prices ("mulai Rp 55.000").
    pub fn price_varies(&self) -> bool {
        self.lowest_price() != self.highest_price()
    }

    /// The price a card shows: `Rp 75.000`, or `mulai Rp 55.000` ("from")
    /// when the variants' prices differ.
    pub fn price_text(&self, lang: crate::lang::Lang) -> String {
        if self.price_varies() {
            format!("{} {}", lang.pick("mulai", "from"), self.lowest_price())
        } else {
            self.lowest_price().to_string()
        }
    }

    /// Whether any variant can be ordered now.
    pub fn is_orderable(&self) -> bool {
        self.variants.iter().any(Variant::is_orderable)
    }

    /// Items on hand over every variant sold from stock.
    pub fn stock(&self) -> u32 {
        self.variants
            .iter()
            .filter(|v| v.availability == Availability::Ready)
            .fold(0u32, |n, v| n.saturating_add(v.stock))
    }

    /// Whether any variant is made to order (the "dibuat sesuai pesanan"
    /// facet).
    pub fn made_to_order(&self) -> bool {
        self.variants.iter().any(|v| matches!(v.availability, Availability::MadeToOrder { .. }))
    }

    /// The variant's values as a label: `Bubuk, 500 g`; empty without
    /// options.
    pub fn variant_label(&self, variant: &Variant) -> String {
        variant.values.join(", ")
    }

    /// `Kopi Arabika Bajawa — Bubuk, 500 g`, or just the name.
    pub fn line_name(&self, variant: &Variant) -> String {
        if variant.values.is_empty() {
            self.name.clone()
        } else {
            format!("{} — {}", self.name, self.variant_label(variant))
        }
    }

    /// The images that show a variant: its own first, then the rest of the
    /// product's.
    pub fn images_for(&self, variant: &Variant) -> Vec<&Image> {
        let mut out: Vec<&Image> =
            variant.images.iter().filter_map(|src| self.images.iter().find(|i| &i.src == src)).collect();
        for image in &self.images {
            if !out.iter().any(|i| i.src == image.src) {
                out.push(image);
            }
        }
        out
    }

    /// The variant whose values are `values` (one per option).
    pub fn variant_with(&self, values: &[&str]) -> Option<&Variant> {
        self.variants.iter().find(|v| v.values.iter().map(String::as_str).eq(values.iter().copied()))
    }
}

impl Catalog {
    pub fn category(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }

    pub fn village(&self, id: &str) -> Option<&Village> {
        self.villages.iter().find(|v| v.id == id)
    }

    pub fn outlet(&self, kabupaten: &str) -> Option<&Outlet> {
        self.outlets.iter().find(|o| o.kabupaten == kabupaten)
    }

    pub fn product_by_slug(&self, slug: &str) -> Option<&Product> {
        self.products.iter().find(|p| p.slug == slug)
    }

    pub fn product_by_id(&self, id: &str) -> Option<&Product> {
        self.products.iter().find(|p| p.id == id)
    }

    /// The product and variant a cart line's id names: a variant's id, or
    /// (a product without options, or a cart saved before its product had
    /// options) a product's id, which gives the default variant.
    pub fn item(&self, id: &str) -> Option<(&Product, &Variant)> {
        self.products.iter().find_map(|p| {
            if p.id == id {
                return Some((p, p.variant(id).unwrap_or_else(|| p.default_variant())));
            }
            p.variant(id).map(|v| (p, v))
        })
    }

    /// The kabupaten a product comes from, through its village.
    pub fn kabupaten_of(&self, product: &Product) -> Option<&'static Kabupaten> {
        self.village(&product.village).and_then(|v| kabupaten::by_slug(&v.kabupaten))
    }
}

// The feed format keeps a product without options as version 1 wrote it
// (price, stock and weight on the product), so its one variant is written
// into the product; a product with options lists its variants. Written by
// hand because which fields appear depends on the product as a whole.
impl Serialize for Product {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("id", &self.id)?;
        map.serialize_entry("slug", &self.slug)?;
        map.serialize_entry("name", &self.name)?;
        if !self.description.is_empty() {
            map.serialize_entry("description", &self.description)?;
        }
        map.serialize_entry("category", &self.category)?;
        map.serialize_entry("village", &self.village)?;
        if !self.producer.name.is_empty() || self.producer.nib.is_some() {
            map.serialize_entry("producer", &self.producer)?;
        }
        let single = match (self.options.is_empty(), self.variants.as_slice()) {
            (true, [only]) => Some(only),
            _ => None,
        };
        if let Some(v) = single {
            map.serialize_entry("price", &v.price)?;
            if let Some(c) = v.compare_at {
                map.serialize_entry("compare_at", &c)?;
            }
        }
        map.serialize_entry("unit", &self.unit)?;
        if let Some(v) = single {
            if let Some(w) = v.weight_g {
                map.serialize_entry("weight_g", &w)?;
            }
            map.serialize_entry("stock", &v.stock)?;
            v.serialize_availability(&mut map)?;
        }
        map.serialize_entry("images", &self.images)?;
        if !self.tags.is_empty() {
            map.serialize_entry("tags", &self.tags)?;
        }
        map.serialize_entry("featured", &self.featured)?;
        map.serialize_entry("flagship", &self.flagship)?;
        map.serialize_entry("added", &self.added)?;
        map.serialize_entry("stream", &self.stream)?;
        map.serialize_entry("certifications", &self.certifications)?;
        if single.is_none() {
            map.serialize_entry("options", &self.options)?;
            map.serialize_entry("variants", &self.variants)?;
        }
        map.end()
    }
}

impl Variant {
    fn serialize_availability<M: serde::ser::SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
        if self.availability != Availability::Ready {
            map.serialize_entry("availability", self.availability.code())?;
        }
        match self.availability.lead_days() {
            Some((min, max)) if min == max => map.serialize_entry("lead_days", &min),
            Some((min, max)) => map.serialize_entry("lead_days", &[min, max]),
            None => Ok(()),
        }
    }
}

impl Serialize for Variant {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("id", &self.id)?;
        map.serialize_entry("values", &self.values)?;
        map.serialize_entry("price", &self.price)?;
        if let Some(c) = self.compare_at {
            map.serialize_entry("compare_at", &c)?;
        }
        if let Some(w) = self.weight_g {
            map.serialize_entry("weight_g", &w)?;
        }
        map.serialize_entry("stock", &self.stock)?;
        self.serialize_availability(&mut map)?;
        if !self.images.is_empty() {
            map.serialize_entry("images", &self.images)?;
        }
        map.end()
    }
}
