//! "Pesanan saya" on this device: the domain's history codec over
//! localStorage. Reading never fails (a damaged entry costs only itself,
//! and the damaged text is kept aside); the kiosk never calls this, since
//! a shared screen must not remember one visitor's orders for the next.

use crate::storage;
use nttmart_domain::history::{self, Decoded, STORAGE_KEY};
use nttmart_domain::slip::Slip;

const BACKUP_KEY: &str = "pesanan.backup";

/// The saved orders, newest first, and how many entries could not be read.
pub fn load() -> Decoded {
    storage::get(STORAGE_KEY).map(|text| history::decode(&text)).unwrap_or_default()
}

/// Adds a sent order; `false` when the browser would not save it.
pub fn record(slip: Slip) -> bool {
    let text = storage::get(STORAGE_KEY);
    let mut decoded = text.as_deref().map(history::decode).unwrap_or_default();
    if decoded.skipped > 0 {
        // Keep what could not be read, rather than overwrite it for good.
        if let Some(t) = &text {
            storage::set(BACKUP_KEY, t);
        }
    }
    history::record(&mut decoded.orders, slip);
    storage::set(STORAGE_KEY, &history::encode(&decoded.orders))
}

/// Forgets one order (the customer's choice, e.g. on a borrowed phone).
pub fn forget(reference: &str) -> bool {
    let mut decoded = load();
    decoded.orders.retain(|s| s.reference != reference);
    storage::set(STORAGE_KEY, &history::encode(&decoded.orders))
}
