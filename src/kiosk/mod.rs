//! Kiosk mode (`/kiosk`): the storefront on an unattended promotional touch
//! screen. Strangers use it one after another, so a session ends by itself
//! (idle → "still there?" → reset), nothing leads out of the kiosk, and the
//! customer takes the cart home on their phone through a QR code.
//!
//! The rules (parameters, idle arithmetic, attract slides, hand-off URLs) are
//! `nttmart_domain::kiosk`; this module is the views and the browser wiring.
//! `pages::kiosk` puts the pieces together.

pub mod attract;
pub mod browse;
pub mod cart;
pub mod idle;
pub mod product;
pub mod qr;

use crate::cart_state::CartCtx;
use leptos::prelude::*;
use nttmart_domain::cart::{AddOutcome, Limit};
use nttmart_domain::catalog::{Product, Variant};
use nttmart_domain::kiosk::Params;
use nttmart_domain::Lang;
use std::time::Duration;
use wasm_bindgen::JsCast;

/// Products shown in the grid at first, and added by "show more".
pub const GRID_STEP: usize = 24;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    Browse,
    /// An index into `catalog.products`.
    Product(u32),
    Cart,
}

/// The attract loop: on screen, fading out after a touch (still catching
/// that touch's click, so it does not land on a button underneath), or gone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Attract {
    Showing,
    Leaving,
    Hidden,
}

/// One visitor's session: what is on screen and when they last touched it.
/// Shared by the kiosk views through context.
#[derive(Clone, Copy)]
pub struct Session {
    pub params: Params,
    pub screen: RwSignal<Screen>,
    pub text: RwSignal<String>,
    pub category: RwSignal<Option<String>>,
    pub shown: RwSignal<usize>,
    pub attract: RwSignal<Attract>,
    /// `Some(seconds left)` while the "still there?" dialog is open.
    pub asking: RwSignal<Option<u32>>,
    /// The dialog was answered and is fading out, still catching the
    /// answering touch's click.
    pub closing: RwSignal<bool>,
    /// A short confirmation ("added to the cart"), with an id so an older
    /// message's timer does not clear a newer one.
    pub status: RwSignal<Option<(u32, String)>>,
    pub last_activity: StoredValue<f64>,
    /// The grid's scroll position, restored when coming back from a product.
    pub grid_scroll: StoredValue<i32>,
    pub scroller: NodeRef<leptos::html::Div>,
    pub cart: CartCtx,
    pub lang: RwSignal<Lang>,
    /// A new release waiting; applied at the next reset, between visitors.
    pub update: Option<crate::components::update_prompt::UpdateCtx>,
    /// To look for a new feed at each reset: a kiosk runs for days.
    pub catalog: Option<crate::app::CatalogCtx>,
}

pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

impl Session {
    pub fn new(params: Params) -> Session {
        Session {
            params,
            screen: RwSignal::new(Screen::Browse),
            text: RwSignal::new(String::new()),
            category: RwSignal::new(None),
            shown: RwSignal::new(GRID_STEP),
            attract: RwSignal::new(Attract::Showing),
            asking: RwSignal::new(None),
            closing: RwSignal::new(false),
            status: RwSignal::new(None),
            last_activity: StoredValue::new(now_ms()),
            grid_scroll: StoredValue::new(0),
            scroller: NodeRef::new(),
            cart: crate::cart_state::use_cart(),
            lang: crate::i18n::use_lang(),
            update: use_context(),
            catalog: use_context(),
        }
    }

    /// Someone touched, typed or scrolled: the session goes on. An open
    /// "still there?" dialog closes a moment later rather than at once, so
    /// the click of the touch that answered it does not land on whatever is
    /// underneath.
    pub fn touch(&self) {
        self.last_activity.set_value(now_ms());
        if self.asking.get_untracked().is_some() && !self.closing.get_untracked() {
            self.closing.set(true);
            let (asking, closing) = (self.asking, self.closing);
            set_timeout(
                move || {
                    closing.set(false);
                    asking.set(None);
                },
                Duration::from_millis(300),
            );
        }
    }

    /// Dismisses the attract loop. After a touch it fades out first and keeps
    /// catching that touch's click; a key press removes it at once.
    pub fn start(&self, after_touch: bool) {
        if self.attract.get_untracked() != Attract::Showing {
            return;
        }
        self.touch();
        if after_touch {
            self.attract.set(Attract::Leaving);
            let attract = self.attract;
            set_timeout(
                move || {
                    if attract.get_untracked() == Attract::Leaving {
                        attract.set(Attract::Hidden);
                    }
                },
                Duration::from_millis(350),
            );
        } else {
            self.attract.set(Attract::Hidden);
        }
    }

    /// The idle timeout: `reset`, and, in the background, a look for a new
    /// feed. A new one replaces the catalog (an unchanged one costs a
    /// revalidation, no re-render); a failed fetch keeps the current one
    /// until the next time.
    pub fn reset_after_idle(&self) {
        self.reset();
        // A waiting release reloads the kiosk, and the reload fetches the
        // feed anyway. A fetch now would be in flight through the old
        // service worker just as the new one asks to take over, and Chromium
        // then puts the take-over off (public/boot.js).
        if self.update_waiting() {
            return;
        }
        if let Some(catalog) = self.catalog {
            catalog.refresh();
        }
    }

    fn update_waiting(&self) -> bool {
        self.update.is_some_and(|u| u.ready.get_untracked())
    }

    /// Ends the session for the next visitor: the cart emptied, search and
    /// filters cleared, Bahasa Indonesia, back at the top, attract loop on.
    pub fn reset(&self) {
        // Nobody is at the keyboard to accept "reload for the new version":
        // between two visitors is the moment. Asked first, before the attract
        // loop's pictures are requested through the old worker. The session
        // is still reset in full: the reload waits for the new worker to take
        // over, and until then the kiosk must not sit on the last visitor's
        // cart, nor stay in the idle state that would reset it again at
        // every tick.
        if let Some(update) = self.update.filter(|u| u.ready.get_untracked()) {
            update.apply();
        }
        if self.cart.cart.with_untracked(|c| !c.is_empty()) {
            self.cart.cart.update(|c| {
                c.clear();
            });
        }
        self.cart.notices.set(Vec::new());
        self.cart.removed.set(None);
        self.text.set(String::new());
        self.category.set(None);
        self.shown.set(GRID_STEP);
        self.screen.set(Screen::Browse);
        self.grid_scroll.set_value(0);
        self.status.set(None);
        self.asking.set(None);
        self.closing.set(false);
        if self.lang.get_untracked() != Lang::Id {
            self.lang.set(Lang::Id);
        }

        // Close the on-screen keyboard a search may have left open.
        blur_active();
        self.scroll_to(0);
        self.last_activity.set_value(now_ms());
        self.attract.set(Attract::Showing);
    }

    pub fn scroll_to(&self, top: i32) {
        if let Some(el) = self.scroller.get_untracked() {
            el.set_scroll_top(top);
        }
        window().scroll_to_with_x_and_y(0.0, 0.0);
    }

    /// Shows another screen, starting at its top (or, back on the grid, where
    /// the visitor left it).
    pub fn go(&self, screen: Screen) {
        let from = self.screen.get_untracked();
        if from == Screen::Browse {
            if let Some(el) = self.scroller.get_untracked() {
                self.grid_scroll.set_value(el.scroll_top());
            }
        }
        self.screen.set(screen);
        let top = if screen == Screen::Browse { self.grid_scroll.get_value() } else { 0 };
        let session = *self;
        // After the new screen is in the DOM, so there is something to scroll.
        request_animation_frame(move || session.scroll_to(top));
    }

    /// Adds one of a product's `variant` to the cart and says what happened.
    pub fn add(&self, product: &Product, variant: &Variant) {
        let outcome = self.cart.cart.try_update(|c| c.add(product, variant, 1)).unwrap_or(AddOutcome {
            added: 0,
            quantity: 0,
            limited_by: None,
        });
        self.say(added_message(self.lang.get_untracked(), &product.line_name(variant), outcome));
    }

    pub fn say(&self, message: String) {
        let id = self.status.with_untracked(|s| s.as_ref().map_or(0, |(i, _)| *i)) + 1;
        self.status.set(Some((id, message)));
        let status = self.status;
        set_timeout(
            move || {
                if status.with_untracked(|s| s.as_ref().map(|(i, _)| *i)) == Some(id) {
                    status.set(None);
                }
            },
            Duration::from_millis(4000),
        );
    }
}

/// Takes the focus away (and so closes a touch screen's keyboard).
pub fn blur_active() {
    if let Some(el) = document().active_element().and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = el.blur();
    }
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}

fn added_message(l: Lang, name: &str, outcome: AddOutcome) -> String {
    match (outcome.added, outcome.limited_by) {
        (0, Some(Limit::Stock { available: 0 })) => {
            l.pick(format!("{name} sedang habis."), format!("{name} is sold out."))
        }
        (0, Some(Limit::Stock { available })) => l.pick(
            format!("Stok {name} tinggal {available}; semuanya sudah di keranjang."),
            format!("Only {available} of {name} in stock; all are already in the cart."),
        ),
        (0, Some(Limit::CartFull)) => l.pick("Keranjang sudah penuh.", "The cart is full.").to_string(),
        (0, _) => l.pick(format!("{name} tidak dapat ditambahkan lagi."), format!("No more {name} can be added.")),
        (_, _) => l.pick(
            format!("{name} ditambahkan ({} di keranjang).", outcome.quantity),
            format!("{name} added ({} in the cart).", outcome.quantity),
        ),
    }
}

/// "Beiwali · Kabupaten Ngada": where a product comes from, in one line. No
/// "Desa" before the name: in a kota the village is a kelurahan.
pub fn origin(catalog: &nttmart_domain::Catalog, product: &Product) -> String {
    match (catalog.village(&product.village), catalog.kabupaten_of(product)) {
        (Some(v), Some(k)) => format!("{} · {}", v.name, k.full_name()),
        (Some(v), None) => v.name.clone(),
        _ => String::new(),
    }
}
