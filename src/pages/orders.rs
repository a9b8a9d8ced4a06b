//! `/pesanan-saya`: the orders sent from this device (reference, date,
//! items, total, outlet), with "Pesan lagi" (back into the cart, where the
//! cart's reconciliation names what changed since) and "Hubungi outlet".
//! Only the storefront has this page; the kiosk keeps no orders.

use crate::app::use_catalog;
use crate::cart_state::use_cart;
use crate::components::toast::use_toast;
use crate::i18n::{tr, use_lang};
use crate::order_history;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use nttmart_domain::history;
use nttmart_domain::order::whatsapp_url;
use nttmart_domain::slip::{Handover, Slip};
use nttmart_domain::{date, Lang};

#[component]
pub fn OrdersPage() -> impl IntoView {
    let lang = use_lang();
    let loaded = order_history::load();
    let skipped = loaded.skipped;
    let orders = RwSignal::new(loaded.orders);

    let list =
        move || orders.get().into_iter().map(|slip| view! { <OrderCard slip=slip orders=orders/> }).collect_view();
    view! {
        <section class="orders-page">
            <h1>{tr("Pesanan saya", "My orders")}</h1>
            <p class="orders-page__intro">{tr(
                "Pesanan yang dikirim dari perangkat ini. Hanya tersimpan di sini, tidak di server mana pun.",
                "Orders sent from this device. They are kept here only, on no server.",
            )}</p>
            {(skipped > 0).then(|| view! {
                <p class="notice notice--warn" role="status">{move || match lang.get() {
                    Lang::Id => format!("{skipped} catatan pesanan tidak terbaca dan dilewati; salinannya disimpan di perangkat ini."),
                    Lang::En => format!("{skipped} saved orders could not be read and were skipped; a copy is kept on this device."),
                }}</p>
            })}
            <Show when=move || orders.with(|o| !o.is_empty())
                fallback=|| view! {
                    <div class="empty-state">
                        <p>{tr("Belum ada pesanan dari perangkat ini.", "No orders from this device yet.")}</p>
                        <A href="/produk" attr:class="button button--primary">{tr("Lihat produk desa", "Browse village products")}</A>
                    </div>
                }>
                <ol class="orders">{list}</ol>
            </Show>
        </section>
    }
}

#[component]
fn OrderCard(slip: Slip, orders: RwSignal<Vec<Slip>>) -> impl IntoView {
    let catalog = use_catalog();
    let lang = use_lang();
    let ctx = use_cart();
    let toast = use_toast();
    let navigate = use_navigate();
    let outlet = catalog.outlet(&slip.outlet).cloned();
    let outlet_name = outlet.as_ref().map_or_else(|| slip.outlet.clone(), |o| o.name.clone());
    let total = slip.total();
    let subtotal = slip.subtotal();
    let items = slip
        .lines
        .iter()
        .map(|l| {
            let unit = if l.unit.is_empty() { String::new() } else { format!(" ({})", l.unit) };
            view! { <li>{format!("{} × {}{unit}", l.quantity, l.name)}</li> }
        })
        .collect_view();
    let contact = outlet.as_ref().map(|o| {
        let text = match slip.lang {
            Lang::Id => format!("Halo {}, saya mau menanyakan pesanan {}.", o.name, slip.reference),
            Lang::En => format!("Hello {}, I would like to ask about my order {}.", o.name, slip.reference),
        };
        whatsapp_url(&o.whatsapp, &text)
    });
    let again = {
        let slip = slip.clone();
        let catalog = catalog.clone();
        move |_| {
            let done = ctx.cart.try_update(|c| history::reorder(&slip, c)).unwrap_or_default();
            // The cart page shows what changed since (price, stock, withdrawn).
            ctx.reconcile(&catalog);
            let l = lang.get_untracked();
            if done.left_out > 0 {
                toast.say(l.pick(
                    "Keranjang penuh: sebagian produk tidak masuk.",
                    "Your cart is full: some products were left out.",
                ));
            }
            navigate("/keranjang", Default::default());
        }
    };
    let reference = slip.reference.clone();
    let forget = move |_| {
        if order_history::forget(&reference) {
            orders.update(|o| o.retain(|s| s.reference != reference));
        }
    };
    let when = slip.placed_ms;
    let handover = slip.handover.clone();
    view! {
        <li class="order-card" data-reference=slip.reference.clone()>
            <h2 class="order-card__ref">{slip.reference.clone()}</h2>
            <p class="order-card__meta">{move || date::format_wita(when, lang.get())}" · "{outlet_name.clone()}</p>
            <ul class="order-card__items">{items}</ul>
            <p class="order-card__total">{move || {
                let l = lang.get();
                match (total, subtotal) {
                    (Some(t), _) => format!("Total {t}"),
                    (None, Some(s)) => l.pick(format!("Total belum termasuk ongkir: {s}"), format!("Total before delivery: {s}")),
                    (None, None) => String::new(),
                }
            }}</p>
            <p class="order-card__handover">{move || {
                let l = lang.get();
                match &handover {
                    Handover::Pickup => l.pick("Ambil di outlet", "Pickup at the outlet").to_string(),
                    Handover::Delivery { address, .. } => l.pick(format!("Diantar ke {address}"), format!("Delivered to {address}")),
                }
            }}</p>
            <div class="order-card__actions">
                <button type="button" class="button button--primary" on:click=again>{tr("Pesan lagi", "Order again")}</button>
                {contact.map(|href| view! {
                    <a class="button button--wa" href=href target="_blank" rel="noopener noreferrer">{tr("Hubungi outlet", "Contact the outlet")}</a>
                })}
                <button type="button" class="button button--quiet" on:click=forget>{tr("Hapus dari daftar", "Remove from the list")}</button>
            </div>
        </li>
    }
}
