//! The cart as app state: one signal, saved to localStorage on every change,
//! kept in step with other open tabs, and reconciled with the feed. All cart
//! rules live in `nttmart_domain::cart`; this module only wires them to the
//! browser.

use crate::storage;
use leptos::prelude::*;
use nttmart_domain::cart::{self, Cart, DropNote, Format, Notice, Reconciled};
use nttmart_domain::Catalog;
use std::sync::Arc;

/// What went wrong with the saved cart, to tell the customer.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveProblem {
    /// The saved cart was (partly) unreadable; these entries were dropped or
    /// repaired. The raw text is kept under `cart.backup`.
    Damaged(Vec<DropNote>),
    /// The browser refused to save (storage full or disabled).
    CannotSave,
}

#[derive(Clone, Copy)]
pub struct CartCtx {
    pub cart: RwSignal<Cart>,
    /// Price/stock changes found when the cart met the current feed; shown
    /// until the customer dismisses them.
    pub notices: RwSignal<Vec<Notice>>,
    pub problem: RwSignal<Option<SaveProblem>>,
    /// The last removed line, for "undo".
    pub removed: RwSignal<Option<cart::Removed>>,
}

const BACKUP_KEY: &str = "cart.backup";

fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

impl CartCtx {
    /// Reconciles the cart with `catalog`: prices and quantities follow the
    /// feed, and every change becomes a notice.
    pub fn reconcile(&self, catalog: &Catalog) -> Reconciled {
        let reconciled = self.cart.with_untracked(|c| cart::reconcile(c, catalog));
        let news: Vec<Notice> = reconciled
            .notices()
            .iter()
            .filter(|n| {
                matches!(
                    n.change,
                    cart::Change::PriceChanged { .. }
                        | cart::Change::QuantityLowered { .. }
                        | cart::Change::VariantChosen
                )
            })
            .cloned()
            .collect();
        if !news.is_empty() {
            self.notices.update(|all| all.extend(news));
        }
        if self.cart.with_untracked(|c| c != reconciled.cart()) {
            self.cart.set(reconciled.cart().clone());
        }
        reconciled
    }

    pub fn dismiss_notices(&self) {
        self.notices.set(Vec::new());
    }
}

/// Loads the saved cart and keeps it saved and in step across tabs.
pub fn provide_cart() -> CartCtx {
    let raw = storage::get(cart::STORAGE_KEY).unwrap_or_default();
    let decoded = cart::decode(&raw);
    let problem = if decoded.dropped.is_empty() {
        None
    } else {
        // Never lose what we could not read: keep the original text.
        if matches!(decoded.format, Format::Unreadable | Format::Unknown)
            || decoded.dropped.iter().any(DropNote::lost_items)
        {
            storage::set(BACKUP_KEY, &raw);
        }
        Some(SaveProblem::Damaged(decoded.dropped.clone()))
    };
    let ctx = CartCtx {
        cart: RwSignal::new(decoded.cart),
        notices: RwSignal::new(Vec::new()),
        problem: RwSignal::new(problem),
        removed: RwSignal::new(None),
    };
    provide_context(ctx);

    // Save on every change. The first run writes the (possibly repaired)
    // cart back, replacing damaged data only after it was backed up above.
    Effect::new(move |_| {
        let text = ctx.cart.with(|c| cart::encode_saved(c, now_ms()));
        if !storage::set(cart::STORAGE_KEY, &text) {
            ctx.problem.set(Some(SaveProblem::CannotSave));
        }
    });

    // Another tab changed the cart: adopt it (unless it is what we have, which
    // also ends the echo between tabs).
    let key = storage::full_key(cart::STORAGE_KEY);
    let handle = window_event_listener(leptos::ev::storage, move |ev: web_sys::StorageEvent| {
        if ev.key().as_deref() != Some(key.as_str()) {
            return;
        }
        let decoded = cart::decode(&ev.new_value().unwrap_or_default());
        if ctx.cart.with_untracked(|c| *c != decoded.cart) {
            ctx.cart.set(decoded.cart);
        }
    });
    on_cleanup(move || handle.remove());
    ctx
}

pub fn use_cart() -> CartCtx {
    expect_context::<CartCtx>()
}

/// The cart checked against the catalog on every change, for display.
pub fn reconciled(ctx: CartCtx, catalog: Arc<Catalog>) -> Signal<Reconciled> {
    Signal::derive(move || ctx.cart.with(|c| cart::reconcile(c, &catalog)))
}
