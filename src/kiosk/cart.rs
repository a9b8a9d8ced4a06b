//! The kiosk's cart. Nobody orders on a public screen: the cart goes to the
//! visitor's phone through a QR code of `/keranjang?c=…`, where
//! `components::cart_import` adds it to the phone's own cart. Re-rendered on
//! a language switch.

use super::qr::QrImage;
use super::{use_session, Screen};
use crate::app::use_catalog;
use crate::cart_state::reconciled;
use crate::components::product_card::image_url;
use leptos::prelude::*;
use nttmart_domain::cart::{Availability, Line, MAX_QUANTITY_PER_LINE};
use nttmart_domain::catalog::{Product, Variant};
use nttmart_domain::{kiosk, Lang};

#[component]
pub fn KioskCart() -> impl IntoView {
    let session = use_session();
    let catalog = use_catalog();
    let state = reconciled(session.cart, catalog.clone());
    let base_url = catalog.store.base_url.clone();
    let url = Signal::derive(move || session.cart.cart.with(|c| kiosk::cart_handoff_url(&base_url, c)));
    let empty = Memo::new(move |_| session.cart.cart.with(|c| c.is_empty()));

    move || {
        let l = session.lang.get();
        if empty.get() {
            return view! {
                <section class="kiosk-cart">
                    <h1 class="kiosk-title">{l.pick("Keranjang", "Cart")}</h1>
                    <div class="kiosk-empty">
                        <p>{l.pick("Keranjang masih kosong.", "The cart is empty.")}</p>
                        <button type="button" class="kiosk-button kiosk-button--primary" on:click=move |_| session.go(Screen::Browse)>
                            {l.pick("Lihat produk desa", "Browse village products")}
                        </button>
                    </div>
                </section>
            }
            .into_any();
        }
        let catalog = catalog.clone();
        let lines = move || {
            state.with(|r| {
                r.lines()
                    .map(|(line, availability)| {
                        let product = catalog.item(&line.product_id).map(|(p, v)| (p.clone(), v.clone()));
                        view! { <KioskCartLine line=line.clone() availability=availability product=product l=l/> }
                    })
                    .collect_view()
            })
        };
        let summary = move || {
            state.with(|r| {
                let total = r.total().map(|t| t.to_string()).unwrap_or_else(|_| "—".into());
                let n = r.orderable_count();
                view! {
                    <span>{l.pick(format!("Total ({n} barang)"), format!("Total ({n} items)"))}</span>
                    <strong class="kiosk-cart__amount">{total}</strong>
                }
            })
        };
        view! {
            <section class="kiosk-cart" aria-labelledby="kiosk-cart-title">
                <h1 id="kiosk-cart-title" class="kiosk-title">{l.pick("Keranjang", "Cart")}</h1>
                <div class="kiosk-cart__layout">
                    <div class="kiosk-cart__lines">
                        <ul class="kiosk-cart-lines">{lines}</ul>
                        <p class="kiosk-cart__total">{summary}</p>
                    </div>
                    <aside class="kiosk-qr kiosk-cart__qr">
                        <h2 class="kiosk-qr__title">{l.pick("Lanjut di HP Anda", "Continue on your phone")}</h2>
                        <QrImage url=url label=l.pick("Kode QR keranjang ini", "QR code of this cart").to_string()/>
                        <p class="kiosk-qr__caption">{l.pick("Pindai untuk lanjut pesan di HP Anda", "Scan to continue your order on your phone")}</p>
                        <p class="kiosk-qr__note">{l.pick(
                            "Keranjang ini pindah ke HP Anda; pesan lewat WhatsApp ke outlet NTT Mart pilihan Anda, dengan ongkir dan cara bayar tertera di sana.",
                            "The cart moves to your phone; order via WhatsApp from the NTT Mart outlet you choose, with delivery and payment shown there.",
                        )}</p>
                        <p class="kiosk-qr__note">{l.pick(
                            "Belanja di outlet ini? Bawa produknya ke kasir dan bayar di sana.",
                            "Shopping in this outlet? Take the products to the cashier and pay there.",
                        )}</p>
                        <button type="button" class="kiosk-button kiosk-cart__done" on:click=move |_| session.reset()>
                            {l.pick("Selesai, kosongkan keranjang", "Done, empty the cart")}
                        </button>
                    </aside>
                </div>
            </section>
        }
        .into_any()
    }
}

#[component]
fn KioskCartLine(
    line: Line,
    availability: Availability,
    product: Option<(Product, Variant)>,
    l: Lang,
) -> impl IntoView {
    let session = use_session();
    let name = product.as_ref().map_or(line.name_seen.clone(), |(p, v)| p.line_name(v));
    let unit = product.as_ref().map(|(p, _)| p.unit.clone()).unwrap_or_default();
    let image = product
        .as_ref()
        .and_then(|(p, v)| p.images_for(v).first().map(|i| image_url(&nttmart_domain::photo::single(i, 320))));
    let line_total = line.total().map(|t| t.to_string()).unwrap_or_else(|_| "—".into());
    let max = product.as_ref().map_or(0, |(_, v)| v.orderable_up_to().min(MAX_QUANTITY_PER_LINE));
    let quantity = line.quantity;
    let orderable = availability == Availability::Orderable;
    let status = match availability {
        Availability::Orderable => None,
        Availability::OutOfStock => Some(l.pick("Stok habis", "Sold out")),
        Availability::Missing => Some(l.pick("Tidak dijual lagi", "No longer sold")),
    };
    // Only ever between 1 and what the product allows; removing is its own
    // button.
    let set = move |next: u32| {
        if let Some((p, v)) = product.as_ref() {
            if next >= 1 {
                session.cart.cart.update(|c| {
                    c.set_quantity(p, v, next);
                });
            }
        }
    };
    let set_down = set.clone();
    let remove_id = line.product_id.clone();
    view! {
        <li class="kiosk-cart-line" class:kiosk-cart-line--unavailable=!orderable data-product-id=line.product_id.clone()>
            <div class="kiosk-cart-line__media">{image.map(|src| view! { <img src=src alt="" width="160" height="120"/> })}</div>
            <div class="kiosk-cart-line__body">
                <p class="kiosk-cart-line__name">{name.clone()}</p>
                <p class="kiosk-cart-line__unit">{line.price_seen.to_string()}" / "{unit}</p>
                {status.map(|s| view! { <p class="kiosk-cart-line__status">{s}</p> })}
                <div class="kiosk-cart-line__controls">
                    <div class="kiosk-stepper" role="group" aria-label=l.pick(format!("Jumlah {name}"), format!("Quantity of {name}"))>
                        <button type="button" class="kiosk-stepper__btn" disabled={!orderable || quantity <= 1} on:click=move |_| set_down(quantity - 1)
                            aria-label=l.pick(format!("Kurangi satu {name}"), format!("One less {name}"))>"−"</button>
                        <output class="kiosk-stepper__value" aria-live="polite">{quantity}</output>
                        <button type="button" class="kiosk-stepper__btn" disabled={!orderable || quantity >= max} on:click=move |_| set(quantity + 1)
                            aria-label=l.pick(format!("Tambah satu {name}"), format!("One more {name}"))>"+"</button>
                    </div>
                    <button type="button" class="kiosk-button kiosk-button--quiet kiosk-cart-line__remove"
                        aria-label=l.pick(format!("Hapus {name} dari keranjang"), format!("Remove {name} from the cart"))
                        on:click=move |_| { session.cart.cart.update(|c| { c.remove(&remove_id); }); }>
                        {l.pick("Hapus", "Remove")}
                    </button>
                </div>
            </div>
            <p class="kiosk-cart-line__total">{line_total}</p>
        </li>
    }
}
