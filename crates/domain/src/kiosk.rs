//! Kiosk mode: the storefront on an unattended promotional touch screen in an
//! outlet, an airport, a hotel lobby or an expo stand (`/kiosk`).
//!
//! Everything that can be decided without a browser lives here: reading the
//! kiosk's URL parameters, when an idle session asks "still there?" and when
//! it is reset, which slides the attract loop shows, the hand-off URLs
//! encoded in QR codes, and how a cart handed to a phone is merged into the
//! phone's own cart.

use crate::browse::encode_component;
use crate::cart::{self, Cart, Limit, ShareError};
use crate::catalog::Catalog;
use crate::kabupaten::{self, Kabupaten};

/// Seconds without a touch before the kiosk asks whether anyone is there.
pub const DEFAULT_IDLE_SECS: u32 = 90;
/// Shortest idle period: enough to read the question, and what the browser
/// tests use.
pub const MIN_IDLE_SECS: u32 = 3;
/// Longest idle period: an hour. A longer one would leave a stranger's cart
/// on screen for the next visitor.
pub const MAX_IDLE_SECS: u32 = 3600;
/// How long the "still there?" question waits before resetting, at most.
pub const COUNTDOWN_SECS: u32 = 15;
/// How long each attract-loop slide stays on screen.
pub const SLIDE_SECS: u32 = 7;
/// At most this many products and village stories rotate in the attract
/// loop; a full loop then takes a few minutes.
pub const MAX_PRODUCT_SLIDES: usize = 12;
pub const MAX_VILLAGE_SLIDES: usize = 6;

/// The kiosk's settings, read from its URL
/// (`/kiosk?outlet=kota-kupang&idle=120`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Params {
    /// The kabupaten/kota whose outlet the kiosk stands in; `None` for a
    /// generic NTT Mart kiosk (missing or unknown slug).
    pub outlet: Option<&'static Kabupaten>,
    pub idle_secs: u32,
}

impl Default for Params {
    fn default() -> Params {
        Params { outlet: None, idle_secs: DEFAULT_IDLE_SECS }
    }
}

impl Params {
    /// Reads `outlet` and `idle` from decoded query-string pairs. Nothing
    /// here is an error: a kiosk set up with a mistyped link still sells.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Params {
        let mut params = Params::default();
        for (key, value) in pairs {
            match key {
                "outlet" => params.outlet = parse_outlet(value),
                "idle" => params.idle_secs = parse_idle(value),
                _ => {}
            }
        }
        params
    }

    /// The name in the kiosk's header: "NTT Mart Kota Kupang",
    /// "NTT Mart Kabupaten Ngada", or just "NTT Mart".
    pub fn title(&self) -> String {
        match self.outlet {
            Some(k) => format!("NTT Mart {}", k.full_name()),
            None => "NTT Mart".to_string(),
        }
    }

    pub fn timer(&self) -> IdleTimer {
        IdleTimer::new(self.idle_secs)
    }
}

/// Whether `path` is the kiosk's, which has a page and a wasm bundle of its
/// own (kiosk.html, served from `/kiosk/`): `/kiosk`, `/kiosk/` and below,
/// not `/kiosks` or `/produk/kiosk`. The service worker (public/sw.js)
/// applies the same rule.
pub fn is_kiosk_path(path: &str) -> bool {
    path == "/kiosk" || path.starts_with("/kiosk/")
}

/// A kabupaten slug as typed into a kiosk's link; case and surrounding
/// spaces are forgiven, anything else unknown is `None`.
pub fn parse_outlet(value: &str) -> Option<&'static Kabupaten> {
    kabupaten::by_slug(&value.trim().to_ascii_lowercase())
}

/// The `idle` parameter in seconds: a whole number, clamped to
/// [`MIN_IDLE_SECS`]`..=`[`MAX_IDLE_SECS`]; anything that is not a whole
/// number (empty, negative, `1.5`, `abc`) gives [`DEFAULT_IDLE_SECS`].
pub fn parse_idle(value: &str) -> u32 {
    let value = value.trim();
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return DEFAULT_IDLE_SECS;
    }
    // All digits: only too large to parse is left, which is over the maximum.
    value.parse::<u64>().map_or(MAX_IDLE_SECS, |n| n.clamp(u64::from(MIN_IDLE_SECS), u64::from(MAX_IDLE_SECS)) as u32)
}

/// Where an idle session stands, from how long nobody has touched the screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdleState {
    /// Someone is (or may be) using the kiosk.
    Active,
    /// "Still there?": the session is reset after `seconds_left`.
    Asking { seconds_left: u32 },
    /// Time is up: empty the cart and start over.
    Reset,
}

/// The idle period followed by the "still there?" countdown, which lasts
/// [`COUNTDOWN_SECS`] but never longer than the idle period itself (a kiosk
/// set to reset after 5 s does not ask for 15).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IdleTimer {
    idle_ms: u64,
    countdown_ms: u64,
}

impl IdleTimer {
    pub fn new(idle_secs: u32) -> IdleTimer {
        let idle = idle_secs.clamp(MIN_IDLE_SECS, MAX_IDLE_SECS);
        IdleTimer { idle_ms: u64::from(idle) * 1000, countdown_ms: u64::from(idle.min(COUNTDOWN_SECS)) * 1000 }
    }

    pub fn idle_secs(&self) -> u32 {
        (self.idle_ms / 1000) as u32
    }

    /// Length of the "still there?" countdown.
    pub fn countdown_secs(&self) -> u32 {
        (self.countdown_ms / 1000) as u32
    }

    /// Milliseconds of quiet after which the session is reset.
    pub fn reset_after_ms(&self) -> u64 {
        self.idle_ms + self.countdown_ms
    }

    /// The state after `quiet_ms` milliseconds without interaction. The
    /// seconds left round up, so the dialog counts 15, 14, … 1, never 0.
    pub fn state(&self, quiet_ms: u64) -> IdleState {
        if quiet_ms < self.idle_ms {
            IdleState::Active
        } else if quiet_ms < self.reset_after_ms() {
            let left = self.reset_after_ms() - quiet_ms;
            IdleState::Asking { seconds_left: left.div_ceil(1000) as u32 }
        } else {
            IdleState::Reset
        }
    }
}

/// One screen of the attract loop: an index into `catalog.products` or
/// `catalog.villages`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slide {
    Product(u32),
    Village(u32),
}

/// The attract loop: featured produk desa that can be bought today (with a
/// picture), and the stories of villages that have something in stock, the
/// outlet's own kabupaten first in both, two products to one story.
/// Without featured products in stock, any product in stock stands in. An
/// empty list (an empty catalog) leaves the loop showing just the brand.
pub fn attract_slides(catalog: &Catalog, outlet: Option<&Kabupaten>) -> Vec<Slide> {
    let local = |kab: &str| outlet.is_some_and(|o| o.slug == kab);
    let kab_of = |i: usize| catalog.village(&catalog.products[i].village).map_or("", |v| v.kabupaten.as_str());
    let sellable = |i: usize| {
        let p = &catalog.products[i];
        p.is_orderable() && !p.images.is_empty()
    };
    let mut products: Vec<usize> =
        (0..catalog.products.len()).filter(|&i| sellable(i) && catalog.products[i].featured).collect();
    if products.is_empty() {
        products = (0..catalog.products.len()).filter(|&i| sellable(i)).collect();
    }
    // Local first, each part in catalog order.
    let (mut products, rest): (Vec<usize>, Vec<usize>) = products.into_iter().partition(|&i| local(kab_of(i)));
    products.extend(rest);
    products.truncate(MAX_PRODUCT_SLIDES);

    let (mut villages, rest): (Vec<usize>, Vec<usize>) = (0..catalog.villages.len())
        .filter(|&v| {
            let village = &catalog.villages[v];
            !village.story.trim().is_empty()
                && catalog.products.iter().any(|p| p.village == village.id && p.is_orderable())
        })
        .partition(|&v| local(&catalog.villages[v].kabupaten));
    villages.extend(rest);
    villages.truncate(MAX_VILLAGE_SLIDES);

    let mut slides = Vec::with_capacity(products.len() + villages.len());
    let (mut p, mut v) = (products.into_iter().peekable(), villages.into_iter().peekable());
    while p.peek().is_some() || v.peek().is_some() {
        slides.extend(p.by_ref().take(2).map(|i| Slide::Product(i as u32)));
        slides.extend(v.next().map(|i| Slide::Village(i as u32)));
    }
    slides
}

/// Which slide shows after `ticks` slide periods; `None` when there are none.
pub fn slide_at(slide_count: usize, ticks: u64) -> Option<usize> {
    (slide_count > 0).then(|| (ticks % slide_count as u64) as usize)
}

/// The product's page on the public site, for its QR code:
/// `https://nttmart.nttprov.go.id/produk/kopi-arabika-bajawa`.
pub fn product_url(base_url: &str, slug: &str) -> String {
    format!("{}/produk/{}", base_url.trim_end_matches('/'), encode_component(slug))
}

/// The cart page on the public site carrying the kiosk's cart, for the
/// "continue on your phone" QR code: `…/keranjang?c=NGD-0001.2~SIK-0003.1`.
/// The share parameter needs no escaping (see [`cart::to_share_param`]).
pub fn cart_handoff_url(base_url: &str, cart: &Cart) -> String {
    format!("{}/keranjang?c={}", base_url.trim_end_matches('/'), cart::to_share_param(cart))
}

/// One product of a handed-over cart, as it went into the phone's cart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportedLine {
    pub product_id: String,
    pub name: String,
    /// How many the kiosk cart held.
    pub requested: u32,
    /// How many were added here: fewer when stock or the line cap held them
    /// back (see `limited_by`), none when it is sold out.
    pub added: u32,
    /// The line's quantity in this cart afterwards.
    pub quantity: u32,
    pub limited_by: Option<Limit>,
}

/// What [`import_shared`] did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Imported {
    pub lines: Vec<ImportedLine>,
    /// Products in the link that this catalog does not have (withdrawn since
    /// the QR code was shown).
    pub unknown: usize,
}

impl Imported {
    /// Items actually added.
    pub fn added_count(&self) -> u32 {
        self.lines.iter().fold(0u32, |n, l| n.saturating_add(l.added))
    }

    /// True when something asked for could not be added in full.
    pub fn fell_short(&self) -> bool {
        self.unknown > 0 || self.lines.iter().any(|l| l.added < l.requested)
    }
}

/// Adds the products of a share parameter (made by a kiosk) to `cart`, with
/// [`Cart::add`], so stock limits and the line cap apply and anything already
/// in the cart is merged rather than replaced. A damaged parameter changes
/// nothing and returns the error.
pub fn import_shared(cart: &mut Cart, catalog: &Catalog, param: &str) -> Result<Imported, ShareError> {
    let wanted = cart::from_share_param(param)?;
    let mut imported = Imported::default();
    for (id, quantity) in wanted {
        let Some((product, variant)) = catalog.item(&id) else {
            imported.unknown += 1;
            continue;
        };
        let outcome = cart.add(product, variant, quantity);
        imported.lines.push(ImportedLine {
            product_id: variant.id.clone(),
            name: product.line_name(variant),
            requested: quantity,
            added: outcome.added,
            quantity: outcome.quantity,
            limited_by: outcome.limited_by,
        });
    }
    Ok(imported)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cart::tests::{catalog, product};
    use crate::catalog::{Image, Village};

    #[test]
    fn kiosk_paths() {
        for path in ["/kiosk", "/kiosk/", "/kiosk/index.html"] {
            assert!(is_kiosk_path(path), "{path}");
        }
        for path in ["/", "/kiosks", "/kioskx/", "/produk/kiosk", "/Kiosk", ""] {
            assert!(!is_kiosk_path(path), "{path}");
        }
    }

    #[test]
    fn idle_parameter_is_clamped_and_forgiving() {
        assert_eq!(parse_idle("120"), 120);
        assert_eq!(parse_idle(" 45 "), 45);
        assert_eq!(parse_idle("3"), 3);
        assert_eq!(parse_idle("1"), MIN_IDLE_SECS);
        assert_eq!(parse_idle("0"), MIN_IDLE_SECS);
        assert_eq!(parse_idle("3600"), 3600);
        assert_eq!(parse_idle("86400"), MAX_IDLE_SECS);
        assert_eq!(parse_idle("99999999999999999999999"), MAX_IDLE_SECS);
        for bad in ["", "abc", "-5", "1.5", "90s", "+30", "٣٠"] {
            assert_eq!(parse_idle(bad), DEFAULT_IDLE_SECS, "{bad:?}");
        }
    }

    #[test]
    fn params_name_the_outlet_or_fall_back_to_a_generic_kiosk() {
        let p = Params::from_pairs([("outlet", "kota-kupang"), ("idle", "30")]);
        assert_eq!(p.outlet.map(|k| k.slug), Some("kota-kupang"));
        assert_eq!(p.idle_secs, 30);
        assert_eq!(p.title(), "NTT Mart Kota Kupang");
        assert_eq!(Params::from_pairs([("outlet", " Ngada ")]).title(), "NTT Mart Kabupaten Ngada");
        let generic = Params::from_pairs([("outlet", "jakarta"), ("idle", "x"), ("q", "kopi")]);
        assert_eq!(generic, Params::default());
        assert_eq!(generic.title(), "NTT Mart");
        assert_eq!(Params::from_pairs([]).idle_secs, DEFAULT_IDLE_SECS);
    }

    #[test]
    fn countdown_follows_the_idle_period() {
        let t = IdleTimer::new(90);
        assert_eq!((t.idle_secs(), t.countdown_secs(), t.reset_after_ms()), (90, 15, 105_000));
        assert_eq!(t.state(0), IdleState::Active);
        assert_eq!(t.state(89_999), IdleState::Active);
        assert_eq!(t.state(90_000), IdleState::Asking { seconds_left: 15 });
        assert_eq!(t.state(90_001), IdleState::Asking { seconds_left: 15 });
        assert_eq!(t.state(91_000), IdleState::Asking { seconds_left: 14 });
        assert_eq!(t.state(104_999), IdleState::Asking { seconds_left: 1 });
        assert_eq!(t.state(105_000), IdleState::Reset);
        assert_eq!(t.state(u64::MAX), IdleState::Reset);
    }

    #[test]
    fn countdown_is_never_longer_than_the_idle_period() {
        let t = IdleTimer::new(3);
        assert_eq!(t.countdown_secs(), 3);
        assert_eq!(t.state(2_999), IdleState::Active);
        assert_eq!(t.state(3_000), IdleState::Asking { seconds_left: 3 });
        assert_eq!(t.state(6_000), IdleState::Reset);
        assert_eq!(IdleTimer::new(10).countdown_secs(), 10);
        assert_eq!(IdleTimer::new(15).countdown_secs(), 15);
        assert_eq!(IdleTimer::new(16).countdown_secs(), 15);
        // Out-of-range values given directly are clamped like the parameter.
        assert_eq!(IdleTimer::new(0), IdleTimer::new(MIN_IDLE_SECS));
        assert_eq!(IdleTimer::new(u32::MAX), IdleTimer::new(MAX_IDLE_SECS));
    }

    fn village(id: &str, kabupaten: &str, story: &str) -> Village {
        Village {
            id: id.into(),
            name: id.into(),
            kabupaten: kabupaten.into(),
            cooperative: "Koperasi".into(),
            flagship: "Kopi".into(),
            story: story.into(),
        }
    }

    fn shown(id: &str, village: &str, stock: u32, featured: bool) -> crate::catalog::Product {
        let mut p = product(id, id, 10_000, stock);
        p.village = village.into();
        p.featured = featured;
        p.images = vec![Image::new("img/category/kopi.svg", "Kopi")];
        p
    }

    #[test]
    fn attract_loop_shows_sellable_featured_products_and_stories_local_first() {
        let mut c = catalog(vec![
            shown("A", "beiwali", 5, true),
            shown("B", "beiwali", 0, true),  // sold out
            shown("C", "lelogama", 5, true), // local to Kupang
            shown("D", "beiwali", 5, false), // not featured
            shown("E", "beiwali", 5, true),
            shown("F", "lelogama", 5, true),
        ]);
        c.products[4].images.clear(); // E: nothing to show
        c.villages = vec![
            village("beiwali", "ngada", "Kopi di lereng Inerie."),
            village("lelogama", "kupang", "Madu hutan Amfoang."),
            village("kosong", "kupang", "Tidak ada yang dijual."),
            village("bisu", "ngada", "  "),
        ];
        // No outlet: catalog order; the village without stock or story is left out.
        assert_eq!(
            attract_slides(&c, None),
            [Slide::Product(0), Slide::Product(2), Slide::Village(0), Slide::Product(5), Slide::Village(1)]
        );
        let kupang = kabupaten::by_slug("kupang");
        assert_eq!(
            attract_slides(&c, kupang),
            [Slide::Product(2), Slide::Product(5), Slide::Village(1), Slide::Product(0), Slide::Village(0)]
        );
    }

    #[test]
    fn attract_loop_falls_back_to_any_product_in_stock_and_caps_its_length() {
        let mut c = catalog((0..30).map(|i| shown(&format!("P{i}"), "beiwali", 1, false)).collect());
        c.villages = (0..10).map(|i| village(&format!("v{i}"), "ngada", "Cerita.")).collect();
        for (i, p) in c.products.iter_mut().enumerate() {
            p.village = format!("v{}", i % 10);
        }
        let slides = attract_slides(&c, None);
        assert_eq!(slides.iter().filter(|s| matches!(s, Slide::Product(_))).count(), MAX_PRODUCT_SLIDES);
        assert_eq!(slides.iter().filter(|s| matches!(s, Slide::Village(_))).count(), MAX_VILLAGE_SLIDES);
        assert_eq!(&slides[..3], [Slide::Product(0), Slide::Product(1), Slide::Village(0)]);
        assert!(attract_slides(&catalog(vec![]), None).is_empty());
    }

    #[test]
    fn slides_rotate_and_wrap() {
        assert_eq!(slide_at(0, 5), None);
        assert_eq!(slide_at(3, 0), Some(0));
        assert_eq!(slide_at(3, 4), Some(1));
        assert_eq!(slide_at(3, u64::MAX), Some((u64::MAX % 3) as usize));
    }

    #[test]
    fn hand_off_urls() {
        assert_eq!(
            product_url("https://nttmart.nttprov.go.id", "kopi-bajawa"),
            "https://nttmart.nttprov.go.id/produk/kopi-bajawa"
        );
        assert_eq!(product_url("https://x.id/", "a b"), "https://x.id/produk/a%20b");
        let mut cart = Cart::new();
        cart.add(
            &product("NGD-0001", "Kopi", 65_000, 10),
            (product("NGD-0001", "Kopi", 65_000, 10)).first_variant(),
            2,
        );
        cart.add(
            &product("SIK-0003", "Tenun", 850_000, 2),
            (product("SIK-0003", "Tenun", 850_000, 2)).first_variant(),
            1,
        );
        assert_eq!(cart_handoff_url("https://x.id", &cart), "https://x.id/keranjang?c=NGD-0001.2~SIK-0003.1");
    }

    #[test]
    fn importing_merges_respects_stock_and_reports() {
        let c = catalog(vec![product("NGD-0001", "Kopi", 65_000, 10), product("SIK-0003", "Tenun", 850_000, 2)]);
        let mut phone = Cart::new();
        phone.add(&c.products[1], c.products[1].first_variant(), 1);
        let imported = import_shared(&mut phone, &c, "NGD-0001.3~SIK-0003.2~GONE-1.1").unwrap();
        assert_eq!(imported.unknown, 1);
        assert_eq!(imported.added_count(), 4);
        assert!(imported.fell_short());
        assert_eq!(
            imported.lines[1],
            ImportedLine {
                product_id: "SIK-0003".into(),
                name: "Tenun".into(),
                requested: 2,
                added: 1,
                quantity: 2,
                limited_by: Some(Limit::Stock { available: 2 }),
            }
        );
        // The phone's own line stays first, merged; the kiosk's come after.
        let lines: Vec<(&str, u32)> = phone.lines().iter().map(|l| (l.product_id.as_str(), l.quantity)).collect();
        assert_eq!(lines, [("SIK-0003", 2), ("NGD-0001", 3)]);
    }

    #[test]
    fn importing_a_damaged_link_changes_nothing() {
        let c = catalog(vec![product("NGD-0001", "Kopi", 65_000, 10)]);
        let mut phone = Cart::new();
        phone.add(&c.products[0], c.products[0].first_variant(), 1);
        let before = phone.clone();
        assert_eq!(import_shared(&mut phone, &c, "NGD-0001.2~rusak"), Err(ShareError::BadEntry { index: 1 }));
        assert_eq!(import_shared(&mut phone, &c, "NGD-0001.0"), Err(ShareError::BadQuantity { index: 0 }));
        assert_eq!(phone, before);
        let empty = import_shared(&mut phone, &c, "").unwrap();
        assert_eq!((empty.added_count(), empty.fell_short()), (0, false));
    }

    #[test]
    fn round_trip_through_the_hand_off_url() {
        let c = catalog(vec![product("NGD-0001", "Kopi", 65_000, 10), product("SIK-0003", "Tenun", 850_000, 2)]);
        let mut kiosk = Cart::new();
        kiosk.add(&c.products[0], c.products[0].first_variant(), 2);
        kiosk.add(&c.products[1], c.products[1].first_variant(), 1);
        let url = cart_handoff_url(&c.store.base_url, &kiosk);
        let param = url.split_once("?c=").unwrap().1;
        let mut phone = Cart::new();
        import_shared(&mut phone, &c, param).unwrap();
        assert_eq!(phone, kiosk);
    }

    #[test]
    fn a_hand_off_carries_variants() {
        use crate::catalog::{Localized, ProductOption};
        let mut madu = product("TTU-0006", "Madu Hutan", 75_000, 40);
        madu.options = vec![ProductOption {
            name: Localized { id: "Ukuran".into(), en: "Size".into() },
            values: vec!["250 ml".into(), "650 ml".into()],
        }];
        let mut big = madu.variants[0].clone();
        big.id = "TTU-0006-650".into();
        big.values = vec!["650 ml".into()];
        big.price = crate::Rupiah(165_000);
        big.stock = 2;
        madu.variants[0].id = "TTU-0006-250".into();
        madu.variants[0].values = vec!["250 ml".into()];
        madu.variants.push(big);
        let c = catalog(vec![madu]);
        let p = &c.products[0];
        let mut kiosk = Cart::new();
        kiosk.add(p, &p.variants[1], 2);
        kiosk.add(p, &p.variants[0], 1);
        let url = cart_handoff_url(&c.store.base_url, &kiosk);
        assert_eq!(url, "https://example.id/keranjang?c=TTU-0006-650.2~TTU-0006-250.1");
        let mut phone = Cart::new();
        let imported = import_shared(&mut phone, &c, url.split("?c=").nth(1).unwrap()).unwrap();
        assert_eq!(phone, kiosk);
        assert_eq!(imported.lines[0].name, "Madu Hutan — 650 ml");
        // A variant beyond its stock on the phone is held to it, like a product.
        let mut short = Cart::new();
        let imported = import_shared(&mut short, &c, "TTU-0006-650.5").unwrap();
        assert_eq!((imported.lines[0].added, imported.lines[0].limited_by), (2, Some(Limit::Stock { available: 2 })));
    }
}
