//! `/keranjang`: the cart and the WhatsApp checkout. Everything that decides
//! (limits, totals, validation, the message) is `nttmart_domain`; this page
//! shows it and collects the form.

use crate::app::use_catalog;
use crate::cart_state::{reconciled, use_cart, SaveProblem};
use crate::components::product_card::image_url;
use crate::components::toast::{use_toast, Toast};
use crate::i18n::{tr, use_lang};
use crate::storage;
use leptos::prelude::*;
use leptos_router::components::A;
use nttmart_domain::cart::{Availability, Change, Line};
use nttmart_domain::catalog::LaunchStatus;
use nttmart_domain::order::{self, CheckoutForm, Field, FormError, Fulfilment};
use nttmart_domain::{date, Lang};
use wasm_bindgen::JsCast;

const OUTLET_KEY: &str = "outlet";

/// The order ready to send: reference, message and wa.me link.
#[derive(Clone, Debug, PartialEq)]
struct Prepared {
    reference: String,
    message: String,
    url: String,
}

#[component]
pub fn CartPage() -> impl IntoView {
    let catalog = use_catalog();
    let ctx = use_cart();
    let lang = use_lang();
    let state = reconciled(ctx, catalog.clone());

    let problem = move || {
        ctx.problem.get().map(|p| {
            let l = lang.get();
            let text = match p {
                SaveProblem::Damaged(notes) => {
                    let lost = notes.iter().filter(|n| n.lost_items()).count();
                    if lost == 0 {
                        l.pick("Keranjang tersimpan sedikit rusak dan sudah diperbaiki.", "Your saved cart was slightly damaged and has been repaired.").to_string()
                    } else {
                        l.pick(
                            format!("Sebagian keranjang tersimpan tidak dapat dibaca: {lost} catatan dilewati. Data aslinya disimpan sebagai cadangan di perangkat ini."),
                            format!("Part of your saved cart could not be read: {lost} entries were skipped. The original data is kept as a backup on this device."),
                        )
                    }
                }
                SaveProblem::CannotSave => l
                    .pick("Browser ini tidak mengizinkan keranjang disimpan. Keranjang akan hilang bila halaman ditutup.", "This browser does not allow the cart to be saved. It will be lost when the page is closed.")
                    .to_string(),
            };
            view! {
                <div class="notice notice--warn" role="alert">
                    <p>{text}</p>
                    <button type="button" class="button" on:click=move |_| ctx.problem.set(None)>{tr("Mengerti", "OK")}</button>
                </div>
            }
        })
    };

    let notices = move || {
        let list = ctx.notices.get();
        (!list.is_empty()).then(|| {
            let l = lang.get();
            let items = list
                .into_iter()
                .map(|n| {
                    let text = match n.change {
                        Change::PriceChanged { old, new } => l.pick(
                            format!("Harga {} berubah dari {old} menjadi {new}.", n.name),
                            format!("The price of {} changed from {old} to {new}.", n.name),
                        ),
                        Change::QuantityLowered { from, to } => l.pick(
                            format!("Stok {} tinggal {to}; jumlah di keranjang diturunkan dari {from}.", n.name),
                            format!("Only {to} of {} left; the quantity was lowered from {from}.", n.name),
                        ),
                        Change::OutOfStock => l.pick(format!("{} sedang habis.", n.name), format!("{} is sold out.", n.name)),
                        Change::Missing => l.pick(format!("{} tidak dijual lagi.", n.name), format!("{} is no longer sold.", n.name)),
                    };
                    view! { <li>{text}</li> }
                })
                .collect_view();
            view! {
                <div class="notice" role="status">
                    <h2 class="notice__title">{tr("Ada perubahan sejak terakhir Anda berbelanja", "Things changed since your last visit")}</h2>
                    <ul>{items}</ul>
                    <button type="button" class="button" on:click=move |_| ctx.dismiss_notices()>{tr("Mengerti", "OK")}</button>
                </div>
            }
        })
    };

    let empty = move || ctx.cart.with(|c| c.is_empty());

    view! {
        <section class="cart-page">
            <h1>{tr("Keranjang", "Cart")}</h1>
            <crate::components::cart_import::CartImport/>
            {problem}
            {notices}
            <Show
                when=move || !empty()
                fallback=move || view! {
                    <div class="empty-state">
                        <p>{tr("Keranjang masih kosong.", "Your cart is empty.")}</p>
                        <A href="/produk" attr:class="button button--primary">{tr("Lihat produk desa", "Browse village products")}</A>
                    </div>
                }
            >
                <CartContents state=state/>
                <Checkout/>
            </Show>
        </section>
    }
}

#[component]
fn CartContents(state: Signal<nttmart_domain::cart::Reconciled>) -> impl IntoView {
    let catalog = use_catalog();
    let lang = use_lang();
    let lines = move || {
        let r = state.get();
        let l = lang.get();
        r.lines()
            .map(|(line, availability)| {
                let product = catalog.product_by_id(&line.product_id).cloned();
                view! { <CartLine line=line.clone() availability=availability product=product lang=l/> }
            })
            .collect_view()
    };
    let total = move || state.with(|r| r.total().map(|t| t.to_string()).unwrap_or_else(|_| "—".into()));
    let count = move || state.with(|r| r.orderable_count());
    view! {
        <ul class="cart-lines">{lines}</ul>
        <p class="cart-total">
            <span>{move || lang.get().pick(format!("Total ({} barang)", count()), format!("Total ({} items)", count()))}</span>
            <strong class="cart-total__amount">{total}</strong>
        </p>
    }
}

#[component]
fn CartLine(
    line: Line,
    availability: Availability,
    product: Option<nttmart_domain::catalog::Product>,
    lang: Lang,
) -> impl IntoView {
    let ctx = use_cart();
    let toast = use_toast();
    let id = line.product_id.clone();
    let name = product.as_ref().map_or(line.name_seen.clone(), |p| p.name.clone());
    let unit = product.as_ref().map(|p| p.unit.clone()).unwrap_or_default();
    let image = product.as_ref().and_then(|p| p.images.first()).map(|i| image_url(&i.src));
    let href = product.as_ref().map(|p| format!("/produk/{}", p.slug));
    let line_total = line.total().map(|t| t.to_string()).unwrap_or_else(|_| "—".into());
    let stock = product.as_ref().map_or(0, |p| p.stock);
    let status = match availability {
        Availability::Orderable => None,
        Availability::OutOfStock => {
            Some(lang.pick("Stok habis — tidak ikut dipesan", "Sold out — left out of the order"))
        }
        Availability::Missing => {
            Some(lang.pick("Tidak dijual lagi — tidak ikut dipesan", "No longer sold — left out of the order"))
        }
    };
    let quantity = line.quantity;
    let change = {
        let product = product.clone();
        move |delta: i64| {
            let Some(p) = product.as_ref() else { return };
            let next = (i64::from(quantity) + delta).clamp(0, i64::from(u32::MAX)) as u32;
            if next == 0 {
                return;
            }
            ctx.cart.update(|c| {
                c.set_quantity(p, next);
            });
        }
    };
    let change_down = change.clone();
    let remove_id = id.clone();
    let remove_name = name.clone();
    let remove = move |_| {
        let Some(removed) = ctx.cart.try_update(|c| c.remove(&remove_id)).flatten() else { return };
        toast.show(Toast {
            message: lang.pick(
                format!("{remove_name} dihapus dari keranjang."),
                format!("{remove_name} removed from your cart."),
            ),
            action: Some((
                lang.pick("Batalkan", "Undo").to_string(),
                std::sync::Arc::new(move || {
                    let r = removed.clone();
                    ctx.cart.update(|c| {
                        let _ = c.restore(r.line, r.index);
                    });
                }),
            )),
        });
    };
    let orderable = availability == Availability::Orderable;
    view! {
        <li class="cart-line" class:cart-line--unavailable=!orderable data-product-id=id.clone()>
            <div class="cart-line__media">{image.map(|src| view! { <img src=src alt="" width="96" height="72" loading="lazy"/> })}</div>
            <div class="cart-line__body">
                <h2 class="cart-line__name">
                    {
                        let title = name.clone();
                        match href {
                            Some(h) => view! { <A href=h>{title}</A> }.into_any(),
                            None => view! { <span>{title}</span> }.into_any(),
                        }
                    }
                </h2>
                <p class="cart-line__unit">{line.price_seen.to_string()}" / "{unit}</p>
                {status.map(|s| view! { <p class="cart-line__status">{s}</p> })}
                <div class="cart-line__controls">
                    <div class="stepper" role="group" aria-label=lang.pick(format!("Jumlah {name}"), format!("Quantity of {name}"))>
                        <button type="button" class="stepper__btn" aria-label=lang.pick("Kurangi satu", "One less")
                            disabled={!orderable || quantity <= 1} on:click=move |_| change_down(-1)>"−"</button>
                        <output class="stepper__value" aria-live="polite">{quantity}</output>
                        <button type="button" class="stepper__btn" aria-label=lang.pick("Tambah satu", "One more")
                            disabled={!orderable || quantity >= stock.min(nttmart_domain::cart::MAX_QUANTITY_PER_LINE)} on:click=move |_| change(1)>"+"</button>
                    </div>
                    <button type="button" class="button button--quiet cart-line__remove" on:click=remove
                        aria-label=lang.pick(format!("Hapus {name} dari keranjang"), format!("Remove {name} from cart"))>
                        {lang.pick("Hapus", "Remove")}
                    </button>
                </div>
            </div>
            <p class="cart-line__total"><data value=line.total().map(|t| t.0).unwrap_or(0).to_string()>{line_total}</data></p>
        </li>
    }
}

#[component]
fn Checkout() -> impl IntoView {
    let catalog = use_catalog();
    let ctx = use_cart();
    let lang = use_lang();
    let toast = use_toast();

    let outlet = RwSignal::new(storage::get(OUTLET_KEY).unwrap_or_default());
    let delivery = RwSignal::new(false);
    let name = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let address = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FormError>::new());
    let prepared = RwSignal::new(None::<Prepared>);

    let field_error = move |field: Field| {
        move || {
            let l = lang.get();
            errors.with(|e| e.iter().filter(|x| x.field() == field).map(|x| x.message(l)).collect::<Vec<_>>().join(" "))
        }
    };
    let invalid = move |field: Field| move || errors.with(|e| e.iter().any(|x| x.field() == field)).to_string();

    let mut outlets: Vec<_> = catalog.outlets.clone();
    outlets.sort_unstable_by(|a, b| a.name.cmp(&b.name));
    let options = outlets
        .into_iter()
        .map(|o| {
            let open = o.status == LaunchStatus::Launched;
            let value = o.kabupaten.clone();
            let value2 = value.clone();
            let date = o.launch_date.clone();
            let label = move || {
                let l = lang.get();
                if open {
                    o.name.clone()
                } else {
                    let when = date.as_deref().and_then(date::Date::parse).map(|d| d.format(l)).unwrap_or_default();
                    l.pick(format!("{} (segera buka {when})", o.name), format!("{} (opening {when})", o.name))
                }
            };
            view! { <option value=value disabled=!open selected=move || outlet.with(|s| *s == value2)>{label}</option> }
        })
        .collect_view();

    let submit_catalog = catalog.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let l = lang.get_untracked();
        // Bring the cart up to date first, so the order uses today's prices.
        let r = ctx.reconcile(&submit_catalog);
        let form = CheckoutForm {
            outlet: outlet.get_untracked(),
            fulfilment: if delivery.get_untracked() {
                Fulfilment::Delivery { address: address.get_untracked() }
            } else {
                Fulfilment::Pickup
            },
            name: name.get_untracked(),
            phone: phone.get_untracked(),
            note: Some(note.get_untracked()).filter(|n| !n.trim().is_empty()),
        };
        match order::validate(&form, &r, &submit_catalog) {
            Ok(order) => {
                errors.set(Vec::new());
                storage::set(OUTLET_KEY, &form.outlet);
                let reference = order::order_reference(js_sys::Date::now() as u64, r.cart());
                prepared.set(Some(Prepared {
                    message: order.message(&reference, l),
                    url: order.whatsapp_url(&reference, l),
                    reference,
                }));
            }
            Err(list) => {
                errors.set(list);
                prepared.set(None);
                focus_first_invalid();
            }
        }
    };

    let cart_errors = move || {
        let l = lang.get();
        errors.with(|e| e.iter().filter(|x| x.field() == Field::Cart).map(|x| x.message(l)).collect::<Vec<_>>())
    };

    let copy = move |_| {
        let Some(p) = prepared.get_untracked() else { return };
        let l = lang.get_untracked();
        leptos::task::spawn_local(async move {
            let ok = copy_text(p.message).await;
            toast.say(if ok {
                l.pick("Teks pesanan disalin.", "Order text copied.")
            } else {
                l.pick(
                    "Tidak bisa menyalin otomatis; pilih teksnya lalu salin.",
                    "Could not copy automatically; select the text and copy it.",
                )
            });
        });
    };
    let confirm_sent = move |_| {
        let old = ctx.cart.try_update(|c| c.clear()).unwrap_or_default();
        prepared.set(None);
        let l = lang.get_untracked();
        toast.show(Toast {
            message: l
                .pick("Terima kasih! Keranjang dikosongkan.", "Thank you! Your cart has been emptied.")
                .to_string(),
            action: Some((
                l.pick("Batalkan", "Undo").to_string(),
                std::sync::Arc::new(move || ctx.cart.set(old.clone())),
            )),
        });
    };

    view! {
        <section class="checkout" aria-labelledby="checkout-title">
            <h2 id="checkout-title">{tr("Pesan lewat WhatsApp", "Order via WhatsApp")}</h2>
            <p class="checkout__intro">{tr(
                "Pesanan dikirim ke outlet NTT Mart pilihan Anda lewat WhatsApp. Pembayaran dan ongkos kirim disepakati langsung dengan outlet.",
                "Your order goes to the NTT Mart outlet you choose, by WhatsApp. Payment and delivery costs are agreed directly with the outlet.",
            )}</p>
            {move || { let list = cart_errors(); (!list.is_empty()).then(|| view! { <div class="form-errors" role="alert">{list.into_iter().map(|m| view! { <p>{m}</p> }).collect_view()}</div> }) }}
            <form class="checkout__form" novalidate on:submit=on_submit>
                <div class="field">
                    <label for="co-outlet">{tr("Outlet NTT Mart", "NTT Mart outlet")}</label>
                    <select id="co-outlet" aria-invalid=invalid(Field::Outlet) aria-describedby="co-outlet-err"
                        on:change=move |ev| outlet.set(event_target_value(&ev))>
                        <option value="" selected=move || outlet.with(String::is_empty)>{tr("— Pilih kabupaten/kota —", "— Choose a regency/city —")}</option>
                        {options}
                    </select>
                    <p class="field__error" id="co-outlet-err">{field_error(Field::Outlet)}</p>
                </div>
                <fieldset class="field field--choice">
                    <legend>{tr("Cara menerima", "How to receive")}</legend>
                    <label class="choice"><input type="radio" name="fulfilment" prop:checked=move || !delivery.get() on:change=move |_| delivery.set(false)/>{tr("Ambil di outlet", "Pick up at the outlet")}</label>
                    <label class="choice"><input type="radio" name="fulfilment" prop:checked=move || delivery.get() on:change=move |_| delivery.set(true)/>{tr("Diantar ke alamat", "Deliver to an address")}</label>
                </fieldset>
                <div class="field">
                    <label for="co-name">{tr("Nama", "Name")}</label>
                    <input id="co-name" type="text" autocomplete="name" maxlength="120" aria-invalid=invalid(Field::Name) aria-describedby="co-name-err"
                        prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                    <p class="field__error" id="co-name-err">{field_error(Field::Name)}</p>
                </div>
                <div class="field">
                    <label for="co-phone">{tr("Nomor HP/WhatsApp", "Mobile/WhatsApp number")}</label>
                    <input id="co-phone" type="tel" inputmode="tel" autocomplete="tel" placeholder="0812 3456 7890" aria-invalid=invalid(Field::Phone) aria-describedby="co-phone-err"
                        prop:value=move || phone.get() on:input=move |ev| phone.set(event_target_value(&ev))/>
                    <p class="field__error" id="co-phone-err">{field_error(Field::Phone)}</p>
                </div>
                <Show when=move || delivery.get()>
                    <div class="field">
                        <label for="co-address">{tr("Alamat pengantaran", "Delivery address")}</label>
                        <textarea id="co-address" rows="3" autocomplete="street-address" aria-invalid=invalid(Field::Address) aria-describedby="co-address-err"
                            prop:value=move || address.get() on:input=move |ev| address.set(event_target_value(&ev))></textarea>
                        <p class="field__error" id="co-address-err">{field_error(Field::Address)}</p>
                    </div>
                </Show>
                <div class="field">
                    <label for="co-note">{tr("Catatan (boleh kosong)", "Note (optional)")}</label>
                    <textarea id="co-note" rows="2" aria-invalid=invalid(Field::Note) aria-describedby="co-note-err"
                        prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                    <p class="field__error" id="co-note-err">{field_error(Field::Note)}</p>
                </div>
                <button type="submit" class="button button--primary button--wide">{tr("Buat pesanan", "Prepare the order")}</button>
            </form>
            {move || prepared.get().map(|p| view! {
                <div class="order-ready" role="region" aria-label=move || lang.get().pick("Pesanan siap dikirim", "Order ready to send")>
                    <h3>{move || lang.get().pick(format!("Pesanan {} siap dikirim", p.reference), format!("Order {} is ready to send", p.reference))}</h3>
                    <pre class="order-ready__text">{p.message.clone()}</pre>
                    <div class="order-ready__actions">
                        <a class="button button--primary button--wa" href=p.url.clone() target="_blank" rel="noopener noreferrer">{tr("Kirim lewat WhatsApp", "Send via WhatsApp")}</a>
                        <button type="button" class="button" on:click=copy>{tr("Salin teks pesanan", "Copy order text")}</button>
                    </div>
                    <p>{tr("Sudah terkirim di WhatsApp?", "Sent on WhatsApp?")}</p>
                    <div class="order-ready__actions">
                        <button type="button" class="button" on:click=confirm_sent>{tr("Ya, kosongkan keranjang", "Yes, empty my cart")}</button>
                        <button type="button" class="button button--quiet" on:click=move |_| prepared.set(None)>{tr("Belum", "Not yet")}</button>
                    </div>
                </div>
            })}
        </section>
    }
}

fn focus_first_invalid() {
    // After Leptos has rendered the aria-invalid flags.
    request_animation_frame(|| {
        if let Some(el) = document().query_selector("[aria-invalid=true]").ok().flatten() {
            if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        }
    });
}

/// Copies text: the async Clipboard API where allowed, else a hidden
/// textarea and `execCommand`, which older in-app browsers still support.
async fn copy_text(text: String) -> bool {
    let clipboard = window().navigator().clipboard();
    if wasm_bindgen_futures::JsFuture::from(clipboard.write_text(&text)).await.is_ok() {
        return true;
    }
    let document = document();
    let Some(area) =
        document.create_element("textarea").ok().and_then(|a| a.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
    else {
        return false;
    };
    area.set_value(&text);
    let _ = area.set_attribute("readonly", "");
    let style = web_sys::HtmlElement::style(&area);
    let _ = style.set_property("position", "fixed");
    let _ = style.set_property("opacity", "0");
    let Some(body) = document.body() else { return false };
    let _ = body.append_child(&area);
    area.select();
    let ok = document.dyn_ref::<web_sys::HtmlDocument>().is_some_and(|d| d.exec_command("copy").unwrap_or(false));
    area.remove();
    ok
}
