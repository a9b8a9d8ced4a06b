//! The catalog model: what a valid feed becomes. Everything here has already
//! passed validation (see `feed`), so views can rely on references resolving,
//! prices being positive and certification numbers having the right shape.
//!
//! The types serialise back to exactly the feed format (schema version 1), which
//! is how the `nttmart` tool writes feeds from spreadsheets.

use crate::kabupaten::{self, Kabupaten};
use crate::money::Rupiah;
use serde::{Deserialize, Serialize};

/// The schema version this code reads and writes.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Catalog {
    pub version: u32,
    pub store: Store,
    pub outlets: Vec<Outlet>,
    pub categories: Vec<Category>,
    pub villages: Vec<Village>,
    pub products: Vec<Product>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
    /// The village's One Village One Product flagship, as a phrase.
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
    /// BPJPH certificate, `ID` followed by digits.
    Certified { certificate: String },
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
    /// Alt text in Bahasa Indonesia.
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

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Product {
    /// Stable identifier that never changes, e.g. `NGD-0001`; carts store it.
    pub id: String,
    /// URL slug: `/produk/<slug>`.
    pub slug: String,
    pub name: String,
    /// Plain text; shown as text, never interpreted as HTML. Empty only in
    /// an index feed, whose detail file has it (`detail`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Category id.
    pub category: String,
    /// Village id; the kabupaten follows from the village.
    pub village: String,
    pub producer: Producer,
    pub price: Rupiah,
    /// Size or unit as sold: `250 g`, `1 lembar`, `650 ml`.
    pub unit: String,
    /// Packed weight in grams, for delivery by weight; unknown when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight_g: Option<u32>,
    pub stock: u32,
    pub images: Vec<Image>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub featured: bool,
    /// Whether this is its village's OVOP flagship product.
    #[serde(default)]
    pub flagship: bool,
    /// `YYYY-MM-DD` the product joined the catalog.
    pub added: String,
    pub stream: Stream,
    pub certifications: Certifications,
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

    /// The kabupaten a product comes from, through its village.
    pub fn kabupaten_of(&self, product: &Product) -> Option<&'static Kabupaten> {
        self.village(&product.village).and_then(|v| kabupaten::by_slug(&v.kabupaten))
    }
}
