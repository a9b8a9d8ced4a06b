//! `/keranjang`: the cart and the WhatsApp checkout. Everything that decides
//! (limits, totals, validation, the message) is `nttmart_domain`; this page
//! shows it and collects the form.

use crate::app::use_catalog;
use crate::cart_state::{reconciled, use_cart, SaveProblem};
use crate::components::product_card::image_url;
use crate::components::toast::{use_toast, Toast};
use crate::i18n::{tr, use_lang};
use crate::outlet_rules::Rules;
use crate::storage;
use leptos::prelude::*;
use leptos_router::components::A;
use nttmart_domain::cart::{Availability, Change, Line};
use nttmart_domain::catalog::LaunchStatus;
use nttmart_domain::delivery::{self, Destination};
use nttmart_domain::detail;
use nttmart_domain::money::Rupiah;
use nttmart_domain::order::{self, CheckoutForm, Field, FormError, Fulfilment};
use nttmart_domain::payment::{self, Method};
use nttmart_domain::slip::Slip;
use nttmart_domain::{date, Lang};
use wasm_bindgen::JsCast;

const OUTLET_KEY: &str = "outlet";
/// The last way of paying, offered first next time.
const PAYMENT_KEY: &str = "bayar";

/// The order ready to send: reference, message and wa.me link.
#[derive(Clone, Debug, PartialEq)]
struct Prepared {
    reference: String,
    message: String,
    url: String,
    /// The order as the outlet's slip and the device's history keep it.
    slip: Slip,
    /// For QRIS: the dynamic payload, the merchant and the amount.
    qris: Option<(String, String, Rupiah)>,
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
                        Change::VariantChosen => l.pick(
                            format!("Produk ini kini punya pilihan; di keranjang: {}. Periksa pilihannya.", n.name),
                            format!("This product now has options; in your cart: {}. Check the choice.", n.name),
                        ),
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
            <p class="cart-page__orders"><A href="/pesanan-saya">{tr("Pesanan saya", "My orders")}</A></p>
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
                <Checkout state=state/>
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
                let product = catalog.item(&line.product_id).map(|(p, v)| (p.clone(), v.clone()));
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
    product: Option<(nttmart_domain::catalog::Product, nttmart_domain::catalog::Variant)>,
    lang: Lang,
) -> impl IntoView {
    let ctx = use_cart();
    let toast = use_toast();
    let id = line.product_id.clone();
    let name = product.as_ref().map_or(line.name_seen.clone(), |(p, v)| p.line_name(v));
    let unit = product.as_ref().map(|(p, _)| p.unit.clone()).unwrap_or_default();
    let image = product
        .as_ref()
        .and_then(|(p, v)| p.images_for(v).first().map(|i| image_url(&nttmart_domain::photo::single(i, 216))));
    let href = product.as_ref().map(|(p, v)| {
        if p.options.is_empty() {
            format!("/produk/{}", p.slug)
        } else {
            format!("/produk/{}?varian={}", p.slug, nttmart_domain::order::percent_encode(&v.id))
        }
    });
    let line_total = line.total().map(|t| t.to_string()).unwrap_or_else(|_| "—".into());
    let stock = product.as_ref().map_or(0, |(_, v)| v.orderable_up_to());
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
            let Some((p, v)) = product.as_ref() else { return };
            let next = (i64::from(quantity) + delta).clamp(0, i64::from(u32::MAX)) as u32;
            if next == 0 {
                return;
            }
            ctx.cart.update(|c| {
                c.set_quantity(p, v, next);
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
fn Checkout(state: Signal<nttmart_domain::cart::Reconciled>) -> impl IntoView {
    let base = use_catalog();
    // The outlets' delivery and payment rules come in their own file; until
    // it is here (or if it cannot be had) every outlet quotes delivery and
    // takes cash, and the form says so.
    let rules = crate::outlet_rules::use_rules();
    let catalog = {
        let (base, rules) = (base.clone(), rules.clone());
        Memo::new(move |_| match rules.get() {
            Rules::Ready(r) => std::sync::Arc::new(detail::with_outlet_rules(&base, &r)),
            _ => base.clone(),
        })
    };
    let ctx = use_cart();
    let lang = use_lang();
    let toast = use_toast();

    let outlet = RwSignal::new(storage::get(OUTLET_KEY).unwrap_or_default());
    let delivery = RwSignal::new(false);
    let destination = RwSignal::new(None::<Destination>);
    let payment = RwSignal::new(storage::get(PAYMENT_KEY).and_then(|c| Method::from_code(&c)));
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

    let chosen = Memo::new(move |_| {
        let catalog = catalog.get();
        outlet.with(|slug| catalog.outlet(slug).filter(|o| o.status == LaunchStatus::Launched).cloned())
    });
    // Another outlet has other zones: an area chosen for the last one means nothing here.
    Effect::new(move |prev: Option<String>| {
        let now = outlet.get();
        if prev.is_some_and(|p| p != now) {
            destination.set(None);
        }
        now
    });
    let fulfilment = move || {
        if delivery.get() {
            Fulfilment::Delivery { destination: destination.get(), address: String::new() }
        } else {
            Fulfilment::Pickup
        }
    };
    let summary = Memo::new(move |_| {
        let o = chosen.get()?;
        let catalog = catalog.get();
        state.with(|r| order::summary(r, &catalog, &o, &fulfilment()))
    });
    let methods = Memo::new(move |_| chosen.get().map(|o| payment::methods(&o.payment)).unwrap_or_default());
    // The customer's choice while this order can use it (a remembered
    // QRIS is no choice for an order whose fee the outlet still quotes);
    // one usable method needs no choice.
    let method = move || {
        let total = summary.with(|s| s.as_ref().and_then(|s| s.total));
        let usable = move |m: &Method| methods.with(|ms| ms.contains(m)) && payment::check(*m, total).is_ok();
        payment.get().filter(usable).or_else(|| {
            let mut ok = methods.get().into_iter().filter(usable);
            match (ok.next(), ok.next()) {
                (Some(only), None) => Some(only),
                _ => None,
            }
        })
    };

    let mut outlets: Vec<_> = base.outlets.clone();
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

    let destinations = move || {
        let o = chosen.get()?;
        if o.delivery.zones.is_empty() {
            return None;
        }
        let l = lang.get();
        let choices = delivery::choices(&o.delivery, l);
        let mut groups: Vec<(Option<String>, Vec<delivery::Choice>)> = Vec::new();
        for c in choices {
            match groups.last_mut() {
                Some((g, list)) if *g == c.group && g.is_some() => list.push(c),
                _ => groups.push((c.group.clone(), vec![c])),
            }
        }
        let option = move |c: delivery::Choice| {
            let code = c.destination.code();
            let selected = destination.get() == Some(c.destination);
            view! { <option value=code selected=selected>{c.label}</option> }
        };
        let body = groups
            .into_iter()
            .map(|(g, list)| match g {
                Some(label) => {
                    view! { <optgroup label=label>{list.into_iter().map(option).collect_view()}</optgroup> }.into_any()
                }
                None => list.into_iter().map(option).collect_view().into_any(),
            })
            .collect_view();
        Some(view! {
            <div class="field">
                <label for="co-area">{tr("Kecamatan/kelurahan tujuan", "District to deliver to")}</label>
                <select id="co-area" aria-invalid=invalid(Field::Destination) aria-describedby="co-area-err"
                    on:change=move |ev| destination.set(Destination::from_code(&event_target_value(&ev)))>
                    <option value="" selected=move || destination.get().is_none()>{tr("— Pilih wilayah —", "— Choose an area —")}</option>
                    {body}
                </select>
                <p class="field__error" id="co-area-err">{field_error(Field::Destination)}</p>
            </div>
        })
    };

    let payment_options = move || {
        let l = lang.get();
        let list = methods.get();
        if list.is_empty() {
            return view! { <p class="field__hint">{l.pick("Pilih outlet dulu untuk melihat cara bayarnya.", "Choose an outlet first to see how you can pay.")}</p> }.into_any();
        }
        let total = summary.with(|s| s.as_ref().and_then(|s| s.total));
        let deliver = delivery.get();
        list.into_iter()
            .map(|m| {
                let unavailable = payment::check(m, total).err();
                let reason = unavailable.map(|u| u.message(l));
                let id = format!("co-pay-{}", m.code());
                let hint_id = format!("{id}-why");
                view! {
                    <label class="choice" class:choice--off=unavailable.is_some()>
                        <input type="radio" name="payment" id=id value=m.code() disabled=unavailable.is_some()
                            aria-describedby=reason.as_ref().map(|_| hint_id.clone())
                            prop:checked=move || method() == Some(m) on:change=move |_| payment.set(Some(m))/>
                        {m.label(deliver, l)}
                    </label>
                    {reason.map(|r| view! { <p class="field__hint" id=hint_id>{r}</p> })}
                }
            })
            .collect_view()
            .into_any()
    };

    let summary_view = move || {
        let l = lang.get();
        let s = summary.get()?;
        let deliver = delivery.get();
        let fee_text = match s.fee {
            Some(Ok(fee)) => fee.text(l),
            Some(Err(_)) => l.pick("tidak diantar", "not delivered").into(),
            None => l.pick("pilih wilayah", "choose an area").into(),
        };
        let quoted = matches!(s.fee, Some(Ok(delivery::Fee::Quote(_))));
        Some(view! {
            <dl class="checkout__summary" aria-live="polite">
                <div><dt>"Subtotal"</dt><dd data-amount="subtotal">{s.subtotal.to_string()}</dd></div>
                {deliver.then(|| view! { <div><dt>{l.pick("Ongkir", "Delivery")}</dt><dd data-amount="fee">{fee_text}</dd></div> })}
                <div class="checkout__total">
                    <dt>{if s.total.is_some() { l.pick("Total", "Total") } else { l.pick("Total belum termasuk ongkir", "Total before delivery") }}</dt>
                    <dd data-amount="total">{s.total.unwrap_or(s.subtotal).to_string()}</dd>
                </div>
            </dl>
            {quoted.then(|| view! { <p class="field__hint">{l.pick(
                "Ongkir ke alamat ini dihitung outlet dan disebutkan dalam balasannya.",
                "The outlet works out the delivery fee to this address and states it in its reply.",
            )}</p> })}
        })
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let submit_catalog = catalog.get_untracked();
        let l = lang.get_untracked();
        // Bring the cart up to date first, so the order uses today's prices.
        let r = ctx.reconcile(&submit_catalog);
        let form = CheckoutForm {
            outlet: outlet.get_untracked(),
            fulfilment: if delivery.get_untracked() {
                Fulfilment::Delivery { destination: destination.get_untracked(), address: address.get_untracked() }
            } else {
                Fulfilment::Pickup
            },
            name: name.get_untracked(),
            phone: phone.get_untracked(),
            note: Some(note.get_untracked()).filter(|n| !n.trim().is_empty()),
            payment: untrack(method),
        };
        match order::validate(&form, &r, &submit_catalog) {
            Ok(order) => {
                errors.set(Vec::new());
                storage::set(OUTLET_KEY, &form.outlet);
                if let Some(m) = form.payment {
                    storage::set(PAYMENT_KEY, m.code());
                }
                let now = js_sys::Date::now() as u64;
                let reference = order::order_reference(now, r.cart());
                let slip = order.slip(&reference, now, l);
                let origin = window().location().origin().unwrap_or_default();
                let slip_url = slip.url(&origin);
                let qris = match (order.payment, order.total, &order.outlet.payment.qris) {
                    (Method::Qris, Some(total), Some(sticker)) => nttmart_domain::qris::parse(sticker)
                        .ok()
                        .and_then(|q| Some((q.with_amount(total).ok()?, q.merchant_name().to_owned(), total))),
                    _ => None,
                };
                prepared.set(Some(Prepared {
                    message: order.message(&reference, l, Some(&slip_url)),
                    url: order.whatsapp_url(&reference, l, Some(&slip_url)),
                    reference,
                    slip,
                    qris,
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
        // Copied to send by hand: it leaves the device too.
        crate::order_history::record(p.slip.clone());
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
    // The order joins "Pesanan saya" when the customer opens WhatsApp with
    // it: that is the moment it leaves this device.
    let remember = move |_| {
        if let Some(p) = prepared.get_untracked() {
            crate::order_history::record(p.slip);
        }
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
    let on_online = window_event_listener(leptos::ev::online, |_| crate::outlet_rules::retry());
    on_cleanup(move || on_online.remove());
    let rules_note = move || {
        match rules.get() {
        Rules::Ready(_) => None,
        Rules::Loading => Some(view! { <p class="field__hint" aria-live="polite">{tr("Memuat ongkir dan cara bayar outlet…", "Loading the outlets' delivery fees and payment methods…")}</p> }.into_any()),
        Rules::Unavailable => Some(view! {
            <p class="notice notice--warn" role="status">
                {tr(
                    "Ongkir dan cara bayar outlet belum termuat; periksa sinyal Anda. Pesanan tetap bisa dikirim: outlet akan menyebut ongkir dan cara bayarnya. ",
                    "The outlets' delivery fees and payment methods have not loaded; check your signal. You can still send the order: the outlet will tell you the fee and how to pay. ",
                )}
                <button type="button" class="button" on:click=|_| crate::outlet_rules::retry()>{tr("Coba lagi", "Try again")}</button>
            </p>
        }.into_any()),
    }
    };
    let can_deliver = move || chosen.with(|o| o.as_ref().is_none_or(|o| delivery::delivers(&o.delivery)));

    view! {
        <section class="checkout" aria-labelledby="checkout-title">
            <h2 id="checkout-title">{tr("Pesan lewat WhatsApp", "Order via WhatsApp")}</h2>
            <p class="checkout__intro">{tr(
                "Ongkir, total dan cara bayar tertera sebelum pesanan dikirim ke outlet NTT Mart pilihan Anda lewat WhatsApp. Outlet memeriksa pembayaran secara manual lalu membalas pesan Anda.",
                "Delivery, total and how to pay are shown before your order goes to the NTT Mart outlet you choose, by WhatsApp. The outlet checks the payment by hand and replies to your message.",
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
                    <label class="choice"><input type="radio" name="fulfilment" value="ambil" prop:checked=move || !delivery.get() on:change=move |_| delivery.set(false)/>{tr("Ambil di outlet (gratis)", "Pick up at the outlet (free)")}</label>
                    <label class="choice"><input type="radio" name="fulfilment" value="antar" disabled=move || !can_deliver() prop:checked=move || delivery.get() on:change=move |_| delivery.set(true)/>{tr("Diantar ke alamat", "Deliver to an address")}</label>
                    {move || (!can_deliver()).then(|| view! { <p class="field__hint">{tr("Outlet ini belum melayani pengantaran.", "This outlet does not deliver yet.")}</p> })}
                </fieldset>
                <Show when=move || delivery.get()>
                    {destinations}
                    <div class="field">
                        <label for="co-address">{tr("Alamat pengantaran", "Delivery address")}</label>
                        <textarea id="co-address" rows="3" autocomplete="street-address" aria-invalid=invalid(Field::Address) aria-describedby="co-address-err"
                            prop:value=move || address.get() on:input=move |ev| address.set(event_target_value(&ev))></textarea>
                        <p class="field__error" id="co-address-err">{field_error(Field::Address)}</p>
                    </div>
                </Show>
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
                <div class="field">
                    <label for="co-note">{tr("Catatan (boleh kosong)", "Note (optional)")}</label>
                    <textarea id="co-note" rows="2" aria-invalid=invalid(Field::Note) aria-describedby="co-note-err"
                        prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                    <p class="field__error" id="co-note-err">{field_error(Field::Note)}</p>
                </div>
                {rules_note}
                <fieldset class="field field--choice" aria-describedby="co-pay-err">
                    <legend>{tr("Cara bayar", "How to pay")}</legend>
                    {payment_options}
                    <p class="field__error" id="co-pay-err">{field_error(Field::Payment)}</p>
                </fieldset>
                {summary_view}
                <button type="submit" class="button button--primary button--wide">{tr("Buat pesanan", "Prepare the order")}</button>
            </form>
            {move || prepared.get().map(|p| {
                let reference = p.reference.clone();
                let transfer = (p.slip.payment == Method::Transfer).then(|| {
                    let code = p.slip.kode_unik().unwrap_or_default();
                    let amount = p.slip.total().and_then(|t| payment::transfer_amount(t, &p.reference));
                    (code, amount)
                });
                view! {
                <div class="order-ready" role="region" aria-label=move || lang.get().pick("Pesanan siap dikirim", "Order ready to send")>
                    <h3>{move || lang.get().pick(format!("Pesanan {} siap dikirim", p.reference), format!("Order {} is ready to send", p.reference))}</h3>
                    {transfer.map(|(code, amount)| view! {
                        <p class="order-ready__pay" data-kode-unik=code.to_string()>{move || match (lang.get(), amount) {
                            (Lang::Id, Some(a)) => format!("Transfer tepat {a}: tiga angka terakhir ({code:03}) adalah kode unik, supaya outlet mengenali transfer Anda."),
                            (Lang::En, Some(a)) => format!("Transfer exactly {a}: the last three digits ({code:03}) are a unique code, so the outlet recognises your transfer."),
                            (Lang::Id, None) => format!("Tambahkan kode unik {code} ke total akhir yang disebut outlet."),
                            (Lang::En, None) => format!("Add the unique code {code} to the final total the outlet gives you."),
                        }}</p>
                    })}
                    {p.qris.clone().map(|(payload, merchant, amount)| view! {
                        <crate::components::qris::QrisCard payload=payload merchant=merchant amount=amount reference=reference.clone()/>
                    })}
                    <pre class="order-ready__text">{p.message.clone()}</pre>
                    <div class="order-ready__actions">
                        <a class="button button--primary button--wa" href=p.url.clone() target="_blank" rel="noopener noreferrer" on:click=remember>{tr("Kirim lewat WhatsApp", "Send via WhatsApp")}</a>
                        <button type="button" class="button" on:click=copy>{tr("Salin teks pesanan", "Copy order text")}</button>
                    </div>
                    <p><A href="/pesanan-saya">{tr("Lihat pesanan saya", "See my orders")}</A></p>
                    <p>{tr("Sudah terkirim di WhatsApp?", "Sent on WhatsApp?")}</p>
                    <div class="order-ready__actions">
                        <button type="button" class="button" on:click=confirm_sent>{tr("Ya, kosongkan keranjang", "Yes, empty my cart")}</button>
                        <button type="button" class="button button--quiet" on:click=move |_| prepared.set(None)>{tr("Belum", "Not yet")}</button>
                    </div>
                </div>
            }})}
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
