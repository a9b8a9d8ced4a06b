//! The delivery fee an outlet charges, from the rules in its feed entry
//! (`catalog::Delivery`): local zones with a flat fee and an optional
//! free-delivery threshold, then, outside every zone, weight tiers, a quote
//! from the outlet, or no delivery at all.
//!
//! The fee is stated before the order is sent. When it cannot be known
//! (the outlet quotes, or a product has no weight) the order says so
//! instead of guessing, and the outlet names the fee in its reply.

use crate::catalog::{Delivery, Outside, Zone};
use crate::lang::Lang;
use crate::money::Rupiah;

/// The highest fee one delivery may cost; more is a typo in the feed.
pub const MAX_FEE: Rupiah = Rupiah(5_000_000);

/// Where the customer wants the goods, among the outlet's zones.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Destination {
    /// Zone `zone`; for a zone of named areas, `area` is the customer's
    /// kecamatan/kelurahan, for a distance band it is `None`.
    Zone { zone: usize, area: Option<usize> },
    /// None of the zones.
    Outside,
}

impl Destination {
    /// A compact form for a `<select>` value: `z2.5`, `z0`, `out`.
    pub fn code(self) -> String {
        match self {
            Destination::Zone { zone, area: Some(a) } => format!("z{zone}.{a}"),
            Destination::Zone { zone, area: None } => format!("z{zone}"),
            Destination::Outside => "out".into(),
        }
    }

    pub fn from_code(code: &str) -> Option<Destination> {
        if code == "out" {
            return Some(Destination::Outside);
        }
        let rest = code.strip_prefix('z')?;
        match rest.split_once('.') {
            Some((z, a)) => Some(Destination::Zone { zone: z.parse().ok()?, area: Some(a.parse().ok()?) }),
            None => Some(Destination::Zone { zone: rest.parse().ok()?, area: None }),
        }
    }
}

/// Why the fee is left to the outlet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuoteReason {
    /// The outlet quotes every delivery outside its zones.
    OutletQuotes,
    /// A product in the order has no weight in the feed.
    UnknownWeight,
    /// The order weighs more than the heaviest tier.
    TooHeavy,
}

/// The delivery fee of an order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fee {
    /// Collected at the outlet: nothing to pay.
    Pickup,
    /// A flat zone fee or a weight tier's fee; never 0 (that is `Free`).
    Amount(Rupiah),
    /// The zone delivers for free, or the subtotal reached its threshold.
    Free,
    /// The outlet states the fee in its reply.
    Quote(QuoteReason),
}

impl Fee {
    /// What the customer pays for delivery, when it is known.
    pub fn amount(self) -> Option<Rupiah> {
        match self {
            Fee::Pickup | Fee::Free => Some(Rupiah::ZERO),
            Fee::Amount(a) => Some(a),
            Fee::Quote(_) => None,
        }
    }

    /// The fee as the summary and the message show it.
    pub fn text(self, lang: Lang) -> String {
        match self {
            Fee::Pickup | Fee::Free => lang.pick("Gratis", "Free").into(),
            Fee::Amount(a) => a.to_string(),
            Fee::Quote(_) => lang.pick("dihitung outlet", "quoted by the outlet").into(),
        }
    }
}

/// Why an order cannot be delivered where the customer asked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeliveryError {
    /// The outlet delivers only inside its zones.
    NotDelivered,
    /// The destination names a zone or area the outlet no longer has (a
    /// choice saved before the feed changed).
    UnknownZone,
}

/// The fee for delivering an order of `subtotal` weighing `weight_g` grams
/// (`None` when a product has no weight) to `to`.
pub fn fee(rules: &Delivery, to: Destination, subtotal: Rupiah, weight_g: Option<u64>) -> Result<Fee, DeliveryError> {
    match to {
        Destination::Zone { zone, area } => {
            let zone = rules.zones.get(zone).ok_or(DeliveryError::UnknownZone)?;
            // An area-list zone needs one of its areas; a band needs none.
            match (zone.areas.is_empty(), area) {
                (false, Some(a)) if a < zone.areas.len() => {}
                (true, None) => {}
                _ => return Err(DeliveryError::UnknownZone),
            }
            if zone.fee == Rupiah::ZERO || zone.free_from.is_some_and(|min| subtotal >= min) {
                Ok(Fee::Free)
            } else {
                Ok(Fee::Amount(zone.fee))
            }
        }
        Destination::Outside => match &rules.outside {
            Outside::None => Err(DeliveryError::NotDelivered),
            Outside::Quote => Ok(Fee::Quote(QuoteReason::OutletQuotes)),
            Outside::Tiers(tiers) => {
                let Some(weight) = weight_g else { return Ok(Fee::Quote(QuoteReason::UnknownWeight)) };
                match tiers.iter().find(|t| u64::from(t.up_to_g) >= weight) {
                    Some(t) if t.fee == Rupiah::ZERO => Ok(Fee::Free),
                    Some(t) => Ok(Fee::Amount(t.fee)),
                    None => Ok(Fee::Quote(QuoteReason::TooHeavy)),
                }
            }
        },
    }
}

/// The weight of an order: the sum of `weight × quantity`, or `None` when
/// any product's weight is unknown.
pub fn order_weight(lines: impl IntoIterator<Item = (Option<u32>, u32)>) -> Option<u64> {
    lines
        .into_iter()
        .try_fold(0u64, |sum, (w, qty)| Some(sum.saturating_add(u64::from(w?).saturating_mul(u64::from(qty)))))
}

/// Whether the outlet offers delivery anywhere at all.
pub fn delivers(rules: &Delivery) -> bool {
    !rules.zones.is_empty() || rules.outside != Outside::None
}

/// One choice of the destination list, for the checkout's `<select>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    pub destination: Destination,
    /// The zone's name, to group areas under.
    pub group: Option<String>,
    pub label: String,
}

/// Every destination the customer may pick, zones first in feed order,
/// areas sorted within their zone, "somewhere else" last when the outlet
/// delivers there.
pub fn choices(rules: &Delivery, lang: Lang) -> Vec<Choice> {
    let mut out = Vec::new();
    for (z, zone) in rules.zones.iter().enumerate() {
        if zone.areas.is_empty() {
            out.push(Choice {
                destination: Destination::Zone { zone: z, area: None },
                group: None,
                label: band_label(zone, lang),
            });
        } else {
            let mut areas: Vec<(usize, &String)> = zone.areas.iter().enumerate().collect();
            areas.sort_unstable_by(|a, b| a.1.cmp(b.1));
            out.extend(areas.into_iter().map(|(a, name)| Choice {
                destination: Destination::Zone { zone: z, area: Some(a) },
                group: Some(zone.name.clone()),
                label: name.clone(),
            }));
        }
    }
    if rules.outside != Outside::None {
        out.push(Choice {
            destination: Destination::Outside,
            group: None,
            label: lang.pick("Di luar daftar ini", "Somewhere not listed").into(),
        });
    }
    out
}

fn band_label(zone: &Zone, lang: Lang) -> String {
    let km = zone.within_km.unwrap_or(0);
    match lang {
        Lang::Id => format!("{} (sampai {km} km dari outlet)", zone.name),
        Lang::En => format!("{} (up to {km} km from the outlet)", zone.name),
    }
}

/// The destination as the message and the slip name it: `Faobata, Kota
/// Bajawa` or `Dekat outlet (sampai 3 km dari outlet)`. Empty outside the
/// zones and for a destination the rules do not have.
pub fn place(rules: &Delivery, to: Destination, lang: Lang) -> String {
    match to {
        Destination::Zone { zone, area } => match (rules.zones.get(zone), area) {
            (Some(z), Some(a)) => z.areas.get(a).map(|name| format!("{name}, {}", z.name)).unwrap_or_default(),
            (Some(z), None) => band_label(z, lang),
            (None, _) => String::new(),
        },
        // The address says where; there is no zone to name.
        Destination::Outside => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::WeightTier;
    use proptest::prelude::*;

    fn zone(name: &str, areas: &[&str], fee: u64, free_from: Option<u64>) -> Zone {
        Zone {
            name: name.into(),
            areas: areas.iter().map(|a| a.to_string()).collect(),
            within_km: None,
            fee: Rupiah(fee),
            free_from: free_from.map(Rupiah),
        }
    }

    fn rules(outside: Outside) -> Delivery {
        let mut band = zone("Dekat outlet", &[], 5_000, None);
        band.within_km = Some(3);
        Delivery {
            zones: vec![
                zone("Kota Bajawa", &["Trikora", "Faobata", "Jawameze"], 10_000, Some(250_000)),
                zone("Sekitar Bajawa", &["Golewa", "Soa"], 20_000, None),
                band,
                zone("Gratis", &["Tanalodu"], 0, None),
            ],
            outside,
        }
    }

    fn tiers() -> Outside {
        Outside::Tiers(vec![
            WeightTier { up_to_g: 1_000, fee: Rupiah(25_000) },
            WeightTier { up_to_g: 5_000, fee: Rupiah(45_000) },
        ])
    }

    #[test]
    fn a_zone_charges_its_flat_fee_until_the_free_threshold() {
        let r = rules(Outside::Quote);
        let faobata = Destination::Zone { zone: 0, area: Some(1) };
        assert_eq!(fee(&r, faobata, Rupiah(249_999), None), Ok(Fee::Amount(Rupiah(10_000))));
        assert_eq!(fee(&r, faobata, Rupiah(250_000), None), Ok(Fee::Free));
        let soa = Destination::Zone { zone: 1, area: Some(1) };
        assert_eq!(
            fee(&r, soa, Rupiah(9_000_000), None),
            Ok(Fee::Amount(Rupiah(20_000))),
            "no threshold, no free delivery"
        );
        assert_eq!(fee(&r, Destination::Zone { zone: 3, area: Some(0) }, Rupiah(1), None), Ok(Fee::Free));
        assert_eq!(fee(&r, Destination::Zone { zone: 2, area: None }, Rupiah(1), None), Ok(Fee::Amount(Rupiah(5_000))));
    }

    #[test]
    fn a_destination_the_rules_do_not_have_is_refused() {
        let r = rules(Outside::Quote);
        for to in [
            Destination::Zone { zone: 9, area: Some(0) },
            Destination::Zone { zone: 0, area: Some(3) },
            Destination::Zone { zone: 0, area: None },
            Destination::Zone { zone: 2, area: Some(0) },
        ] {
            assert_eq!(fee(&r, to, Rupiah(1), Some(1)), Err(DeliveryError::UnknownZone), "{to:?}");
        }
    }

    #[test]
    fn outside_the_zones_weight_tiers_quote_or_no_delivery() {
        let r = rules(tiers());
        assert_eq!(fee(&r, Destination::Outside, Rupiah(1), Some(1_000)), Ok(Fee::Amount(Rupiah(25_000))));
        assert_eq!(fee(&r, Destination::Outside, Rupiah(1), Some(1_001)), Ok(Fee::Amount(Rupiah(45_000))));
        assert_eq!(fee(&r, Destination::Outside, Rupiah(1), Some(5_000)), Ok(Fee::Amount(Rupiah(45_000))));
        assert_eq!(fee(&r, Destination::Outside, Rupiah(1), Some(5_001)), Ok(Fee::Quote(QuoteReason::TooHeavy)));
        assert_eq!(fee(&r, Destination::Outside, Rupiah(1), None), Ok(Fee::Quote(QuoteReason::UnknownWeight)));
        assert_eq!(
            fee(&rules(Outside::Quote), Destination::Outside, Rupiah(1), Some(10)),
            Ok(Fee::Quote(QuoteReason::OutletQuotes))
        );
        assert_eq!(
            fee(&rules(Outside::None), Destination::Outside, Rupiah(1), Some(10)),
            Err(DeliveryError::NotDelivered)
        );
    }

    #[test]
    fn the_order_weight_is_unknown_when_one_product_has_none() {
        assert_eq!(order_weight([(Some(250), 2), (Some(1_000), 1)]), Some(1_500));
        assert_eq!(order_weight([(Some(250), 2), (None, 1)]), None);
        assert_eq!(order_weight(std::iter::empty()), Some(0));
    }

    #[test]
    fn choices_list_areas_by_zone_then_bands_then_elsewhere() {
        let c = choices(&rules(Outside::Quote), Lang::Id);
        let labels: Vec<&str> = c.iter().map(|c| c.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "Faobata",
                "Jawameze",
                "Trikora",
                "Golewa",
                "Soa",
                "Dekat outlet (sampai 3 km dari outlet)",
                "Tanalodu",
                "Di luar daftar ini"
            ]
        );
        assert_eq!(c[0].destination, Destination::Zone { zone: 0, area: Some(1) });
        assert_eq!(c[0].group.as_deref(), Some("Kota Bajawa"));
        assert!(choices(&rules(Outside::None), Lang::Id).iter().all(|c| c.destination != Destination::Outside));
        assert!(!delivers(&Delivery { zones: vec![], outside: Outside::None }));
        assert!(delivers(&Delivery::default()), "a feed without rules still lets the outlet quote");
    }

    #[test]
    fn places_name_the_area_and_its_zone() {
        let r = rules(Outside::Quote);
        assert_eq!(place(&r, Destination::Zone { zone: 0, area: Some(1) }, Lang::Id), "Faobata, Kota Bajawa");
        assert_eq!(place(&r, Destination::Outside, Lang::Id), "");
        assert_eq!(place(&r, Destination::Zone { zone: 7, area: Some(1) }, Lang::Id), "");
    }

    proptest! {
        #[test]
        fn destination_codes_round_trip(zone in 0usize..50, area in proptest::option::of(0usize..500)) {
            let d = Destination::Zone { zone, area };
            prop_assert_eq!(Destination::from_code(&d.code()), Some(d));
        }

        #[test]
        fn the_fee_never_exceeds_the_rules(subtotal in 0u64..10_000_000, weight in proptest::option::of(0u64..20_000), z in 0usize..5, a in 0usize..4) {
            let r = rules(tiers());
            let to = if z == 4 { Destination::Outside } else { Destination::Zone { zone: z, area: (z != 2).then_some(a) } };
            if let Ok(f) = fee(&r, to, Rupiah(subtotal), weight) {
                if let Some(amount) = f.amount() {
                    prop_assert!(amount <= Rupiah(45_000));
                }
            }
        }
    }
}
