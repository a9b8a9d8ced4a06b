//! "Pesanan saya": the orders sent from this device, kept in localStorage
//! so a customer can find a reference, ask the outlet about it, or order
//! the same things again. Each order is stored as its slip text (`slip`),
//! one per line, so the device and the outlet read one format.
//!
//! Reading never fails: a damaged line is skipped and counted, so one bad
//! entry costs one order, never the list.

use crate::cart::{Cart, Line, Restored};
use crate::slip::Slip;

/// The localStorage key (under the app's prefix).
pub const STORAGE_KEY: &str = "pesanan";
/// The first line of the stored text.
const HEADER: &str = "nttmart-pesanan 1";
/// Orders kept; the oldest go first. Enough for a year of a regular's
/// orders, small enough to stay far below storage quotas.
pub const MAX_ORDERS: usize = 50;

/// The stored list, newest first.
pub fn encode(orders: &[Slip]) -> String {
    let mut out = String::from(HEADER);
    for slip in orders.iter().take(MAX_ORDERS) {
        out.push('\n');
        out.push_str(&slip.encode());
    }
    out
}

/// The orders read back, and how many stored lines could not be read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Decoded {
    pub orders: Vec<Slip>,
    pub skipped: usize,
}

pub fn decode(text: &str) -> Decoded {
    let mut lines = text.lines();
    let mut out = Decoded::default();
    match lines.next() {
        None => return out,
        Some(first) if first.trim() == HEADER => {}
        // Not our format at all: nothing readable, and nothing to salvage.
        Some(_) => {
            out.skipped = 1;
            return out;
        }
    }
    for line in lines.filter(|l| !l.trim().is_empty()) {
        match Slip::decode(line) {
            Ok(slip) if !out.orders.iter().any(|s| s.reference == slip.reference) => out.orders.push(slip),
            Ok(_) => {}
            Err(_) => out.skipped += 1,
        }
    }
    out.orders.truncate(MAX_ORDERS);
    out
}

/// Records a sent order at the top; sending the same order again (same
/// reference) replaces it rather than listing it twice.
pub fn record(orders: &mut Vec<Slip>, slip: Slip) {
    orders.retain(|s| s.reference != slip.reference);
    orders.insert(0, slip);
    orders.truncate(MAX_ORDERS);
}

/// What "Pesan lagi" did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Reordered {
    /// Lines put into the cart (new or merged into an existing line).
    pub added: usize,
    /// Lines that did not fit (the cart is full).
    pub left_out: usize,
}

/// Puts an old order's lines back into the cart at the prices paid then.
/// The cart's reconciliation with the current catalogue then tells the
/// customer what changed (price, stock, withdrawn products) before they
/// order again, exactly as for a cart saved on the device.
pub fn reorder(slip: &Slip, cart: &mut Cart) -> Reordered {
    let mut done = Reordered::default();
    for line in &slip.lines {
        let restored = cart.restore(
            Line {
                product_id: line.product_id.clone(),
                quantity: line.quantity,
                price_seen: line.price,
                name_seen: line.name.clone(),
            },
            usize::MAX,
        );
        match restored {
            Ok(Restored::Inserted { .. } | Restored::Merged { .. }) => done.added += 1,
            Err(_) => done.left_out += 1,
        }
    }
    done
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cart::{reconcile, tests::catalog, tests::product, Change};
    use crate::money::Rupiah;
    use crate::slip::tests::sample;

    fn order(reference: &str) -> Slip {
        Slip { reference: reference.into(), ..sample() }
    }

    #[test]
    fn orders_round_trip_newest_first() {
        let mut list = Vec::new();
        record(&mut list, order("NTT-261201-AAAA"));
        record(&mut list, order("NTT-261202-BBBB"));
        record(&mut list, order("NTT-261201-AAAA"));
        let refs: Vec<&str> = list.iter().map(|s| s.reference.as_str()).collect();
        assert_eq!(refs, ["NTT-261201-AAAA", "NTT-261202-BBBB"]);
        assert_eq!(decode(&encode(&list)), Decoded { orders: list, skipped: 0 });
    }

    #[test]
    fn the_list_is_capped() {
        let mut list = Vec::new();
        for i in 0..MAX_ORDERS + 5 {
            record(&mut list, order(&format!("NTT-261201-{i:04}")));
        }
        assert_eq!(list.len(), MAX_ORDERS);
        assert_eq!(list[0].reference, format!("NTT-261201-{:04}", MAX_ORDERS + 4));
    }

    #[test]
    fn damaged_entries_cost_only_themselves() {
        let list = vec![order("NTT-261201-AAAA"), order("NTT-261202-BBBB")];
        let text = encode(&list);
        let mut lines: Vec<String> = text.lines().map(String::from).collect();
        let half = lines[1].len() / 2;
        lines[1].truncate(half);
        lines.insert(2, "{\"not\": \"a slip\"}".into());
        let d = decode(&lines.join("\n"));
        assert_eq!(d.orders, vec![order("NTT-261202-BBBB")]);
        assert_eq!(d.skipped, 2);
        assert_eq!(decode("garbage"), Decoded { orders: vec![], skipped: 1 });
        assert_eq!(decode(""), Decoded::default());
    }

    #[test]
    fn reorder_puts_the_lines_back_and_reconcile_tells_what_changed() {
        let mut kopi = product("NGD-0001", "Kopi Arabika Flores Bajawa", 70_000, 10);
        kopi.unit = "250 g".into();
        let c = catalog(vec![kopi]);
        let mut cart = Cart::new();
        let done = reorder(&sample(), &mut cart);
        assert_eq!(done, Reordered { added: 2, left_out: 0 });
        let r = reconcile(&cart, &c);
        let changes: Vec<&Change> = r.notices().iter().map(|n| &n.change).collect();
        assert_eq!(changes, [&Change::PriceChanged { old: Rupiah(65_000), new: Rupiah(70_000) }, &Change::Missing]);
    }
}
