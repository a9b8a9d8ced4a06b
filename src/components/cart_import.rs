//! The phone's side of the kiosk hand-off: `/keranjang?c=NGD-0001.2~…`
//! (from a kiosk's QR code) adds those products to this phone's cart, says
//! what was added, and takes `c` out of the address so that a reload does not
//! add them again. The merging rules are `nttmart_domain::kiosk::import_shared`.

use crate::app::use_catalog;
use crate::cart_state::use_cart;
use crate::i18n::use_lang;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use nttmart_domain::browse::encode_component;
use nttmart_domain::cart::{Limit, ShareError};
use nttmart_domain::kiosk::{self, Imported};
use nttmart_domain::Lang;

/// The `c` parameter of a hand-off link.
const PARAM: &str = "c";

#[derive(Clone, Debug, PartialEq)]
struct Outcome {
    result: Result<Imported, ShareError>,
    /// The phone's cart had something in it already (so it was merged).
    merged: bool,
}

#[component]
pub fn CartImport() -> impl IntoView {
    let catalog = use_catalog();
    let ctx = use_cart();
    let lang = use_lang();
    let query = use_query_map();
    let navigate = use_navigate();
    let outcome = RwSignal::new(None::<Outcome>);

    // Once, after the page is on screen; nothing here is tracked, so the
    // address change below does not run it again.
    Effect::new(move |_| {
        let Some(param) = query.with_untracked(|q| q.get(PARAM)) else { return };
        let merged = ctx.cart.with_untracked(|c| !c.is_empty());
        let mut cart = ctx.cart.get_untracked();
        let result = kiosk::import_shared(&mut cart, &catalog, &param);
        if result.as_ref().is_ok_and(|r| r.added_count() > 0) {
            ctx.cart.set(cart);
        }
        outcome.set(Some(Outcome { result, merged }));
        // Keep any other parameters; replace, so Back and reload never see `c`.
        let rest: Vec<String> = query.with_untracked(|q| {
            q.into_iter()
                .filter(|(k, _)| k.as_ref() != PARAM)
                .map(|(k, v)| format!("{}={}", encode_component(k.as_ref()), encode_component(v)))
                .collect()
        });
        let path = if rest.is_empty() { "/keranjang".to_string() } else { format!("/keranjang?{}", rest.join("&")) };
        navigate(&path, NavigateOptions { replace: true, scroll: false, ..Default::default() });
    });

    move || {
        let l = lang.get();
        outcome.get().map(|o| {
            let (text, details, warn) = describe(&o, l);
            let has_details = !details.is_empty();
            let items = details.into_iter().map(|d| view! { <li>{d}</li> }).collect_view();
            view! {
                <div class="notice cart-import" class:notice--warn=warn role=if warn { "alert" } else { "status" }>
                    <h2 class="notice__title">{text}</h2>
                    {has_details.then(|| view! { <ul>{items}</ul> })}
                    <button type="button" class="button" on:click=move |_| outcome.set(None)>{l.pick("Mengerti", "OK")}</button>
                </div>
            }
        })
    }
}

/// The notice: a headline, one line per product, and whether it is a warning.
fn describe(o: &Outcome, l: Lang) -> (String, Vec<String>, bool) {
    let imported = match &o.result {
        Err(_) => {
            return (
                l.pick(
                    "Tautan keranjang dari kiosk ini rusak, jadi tidak ada produk yang ditambahkan. Silakan pindai ulang kode QR di kiosk.",
                    "This cart link from the kiosk is damaged, so nothing was added. Please scan the QR code at the kiosk again.",
                )
                .to_string(),
                Vec::new(),
                true,
            )
        }
        Ok(i) => i,
    };
    let n = imported.added_count();
    let headline = if n == 0 {
        l.pick(
            "Tidak ada produk dari kiosk yang bisa ditambahkan ke keranjang.",
            "Nothing from the kiosk could be added to your cart.",
        )
        .to_string()
    } else if o.merged {
        l.pick(
            format!("{n} barang dari kiosk NTT Mart ditambahkan ke keranjang Anda, bersama isi keranjang sebelumnya."),
            format!("{n} items from the NTT Mart kiosk were added to your cart, together with what was already in it."),
        )
    } else {
        l.pick(
            format!("{n} barang dari kiosk NTT Mart ditambahkan ke keranjang Anda."),
            format!("{n} items from the NTT Mart kiosk were added to your cart."),
        )
    };
    let mut details: Vec<String> = imported
        .lines
        .iter()
        .map(|line| {
            let name = &line.name;
            match (line.added, line.limited_by) {
                (0, Some(Limit::Stock { available: 0 })) => {
                    l.pick(format!("{name}: stok habis, tidak ditambahkan."), format!("{name}: sold out, not added."))
                }
                (0, _) => l.pick(
                    format!("{name}: sudah sebanyak mungkin di keranjang ({}).", line.quantity),
                    format!("{name}: already as many as possible in the cart ({}).", line.quantity),
                ),
                (added, Some(Limit::Stock { available })) => l.pick(
                    format!("{name}: {added} dari {} ditambahkan, stok tinggal {available}.", line.requested),
                    format!("{name}: {added} of {} added, only {available} in stock.", line.requested),
                ),
                (added, Some(_)) => l.pick(
                    format!("{name}: {added} dari {} ditambahkan.", line.requested),
                    format!("{name}: {added} of {} added.", line.requested),
                ),
                (added, None) => format!("{name} × {added}"),
            }
        })
        .collect();
    if imported.unknown > 0 {
        let u = imported.unknown;
        details
            .push(l.pick(format!("{u} produk sudah tidak dijual lagi."), format!("{u} products are no longer sold.")));
    }
    (headline, details, n == 0 || imported.fell_short())
}
