//! `/pesanan#<slip>`: the outlet's packing slip for a WhatsApp order. The
//! order comes from the link in the customer's message (the URL fragment,
//! which never reaches a server), is checked against the catalogue as it
//! is now, prints on one page, and offers ready replies to the customer.
//!
//! Anyone can write such a link, so nothing here is trusted: prices are
//! compared with the catalogue, and payment is confirmed by staff looking
//! at their own account or QRIS app.

use crate::app::use_catalog;
use crate::i18n::{tr, use_lang};
use crate::outlet_rules::Rules;
use leptos::prelude::*;
use nttmart_domain::date;
use nttmart_domain::money::Rupiah;
use nttmart_domain::payment::{self, Method};
use nttmart_domain::phone::Phone;
use nttmart_domain::slip::{Handover, LineCheck, Slip, SlipError};

fn fragment() -> String {
    window().location().hash().unwrap_or_default()
}

#[component]
pub fn SlipPage() -> impl IntoView {
    // A slip holds a customer's name, phone and address: keep it out of
    // search engines even if a link leaks.
    if let Ok(Some(meta)) = document().query_selector("meta[name=robots]") {
        let _ = meta.set_attribute("content", "noindex");
    } else if let (Ok(meta), Some(head)) = (document().create_element("meta"), document().head()) {
        let _ = meta.set_attribute("name", "robots");
        let _ = meta.set_attribute("content", "noindex");
        let _ = head.append_child(&meta);
    }
    let text = RwSignal::new(fragment());
    let handle = window_event_listener(leptos::ev::hashchange, move |_| text.set(fragment()));
    on_cleanup(move || handle.remove());
    view! {
        <section class="slip-page">
            {move || match Slip::decode(&text.get()) {
                Ok(slip) => view! { <SlipView slip=slip/> }.into_any(),
                Err(e) => view! { <SlipFailure error=e/> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn SlipFailure(error: SlipError) -> impl IntoView {
    let lang = use_lang();
    view! {
        <h1>{tr("Lembar pesanan", "Order slip")}</h1>
        <div class="notice notice--warn" role="alert"><p>{move || error.message(lang.get())}</p></div>
    }
}

#[component]
fn SlipView(slip: Slip) -> impl IntoView {
    let catalog = use_catalog();
    let lang = use_lang();
    // The outlet's rules (its bank account for the reply) come in their own
    // file; until then the slip shows the order without them.
    let rules = crate::outlet_rules::use_rules();
    let base_outlet = catalog.outlet(&slip.outlet).cloned();
    let outlet_name = base_outlet.as_ref().map(|o| o.name.clone());
    let outlet_known = base_outlet.is_some();
    let outlet = Memo::new(move |_| {
        let mut o = base_outlet.clone()?;
        if let Rules::Ready(all) = rules.get() {
            nttmart_domain::detail::apply_outlet_rules(&mut o, &all);
        }
        Some(o)
    });
    let checks = slip.check(&catalog);
    // Lines staff mark as out of stock, starting from what the catalogue says.
    let marked = RwSignal::new(checks.iter().map(|c| c.is_unavailable()).collect::<Vec<bool>>());
    let quoted = RwSignal::new(String::new());
    let quote = move || {
        let text = quoted.get();
        Rupiah::parse(&text).ok()
    };
    let slip = StoredValue::new(slip);
    let s = slip.get_value();
    let phone = Phone::parse(&s.phone).map(|p| p.display()).unwrap_or_else(|_| s.phone.clone());
    let placed = s.placed_ms;
    let fee = s.delivery_fee;
    let subtotal = s.subtotal();
    let code = s.kode_unik();

    let rows = s
        .lines
        .iter()
        .zip(checks.iter().copied())
        .enumerate()
        .map(|(i, (line, check))| {
            let line_total = line.price.checked_mul(line.quantity).map(|t| t.to_string()).unwrap_or_default();
            let status = move || {
                let l = lang.get();
                match check {
                    LineCheck::Ok => l.pick("Sesuai katalog", "Matches the catalogue").to_string(),
                    LineCheck::PriceChanged { now } => {
                        l.pick(format!("Harga sekarang {now}"), format!("Price now {now}"))
                    }
                    LineCheck::Short { stock } => {
                        l.pick(format!("Stok tinggal {stock}"), format!("Only {stock} in stock"))
                    }
                    LineCheck::SoldOut => l.pick("Stok habis", "Sold out").to_string(),
                    LineCheck::Missing => l.pick("Tidak ada di katalog", "Not in the catalogue").to_string(),
                }
            };
            let unit = line.unit.clone();
            let name = line.name.clone();
            let label_name = name.clone();
            view! {
                <tr class:slip-line--flag=check != LineCheck::Ok data-check=format!("{check:?}")>
                    <td>{name}{(!unit.is_empty()).then(|| format!(" ({unit})"))}<br/><small>{line.product_id.clone()}</small></td>
                    <td class="num">{line.quantity}</td>
                    <td class="num">{line.price.to_string()}</td>
                    <td class="num">{line_total}</td>
                    <td>{status}</td>
                    <td class="no-print">
                        <label class="choice">
                            <input type="checkbox" prop:checked=move || marked.with(|m| m[i])
                                on:change=move |ev| { let on = event_target_checked(&ev); marked.update(|m| m[i] = on); }/>
                            <span class="visually-hidden">{move || lang.get().pick(format!("{label_name} habis"), format!("{label_name} out of stock"))}</span>
                            {tr("Habis", "Out")}
                        </label>
                    </td>
                </tr>
            }
        })
        .collect_view();

    let total_line = move || {
        let l = lang.get();
        let fee = fee.or_else(quote);
        match fee.and_then(|f| subtotal?.checked_add(f)) {
            Some(total) => {
                let transfer = code.and_then(|_| payment::transfer_amount(total, &slip.with_value(|s| s.reference.clone())));
                view! {
                    <div class="slip__total"><dt>"Total"</dt><dd data-amount="total">{total.to_string()}</dd></div>
                    {transfer.map(|t| view! { <div class="slip__total"><dt>{l.pick("Jumlah transfer", "Amount to transfer")}</dt><dd data-amount="transfer">{t.to_string()}</dd></div> })}
                }
                .into_any()
            }
            None => view! { <div><dt>"Total"</dt><dd>{l.pick("menunggu ongkir", "waiting for the delivery fee")}</dd></div> }.into_any(),
        }
    };

    let accept_href = move || {
        let o = outlet.get()?;
        slip.with_value(|s| Some(s.reply_url(&s.reply_accepted(&o, quote()))))
    };
    let stock_href = {
        move || {
            let o = outlet.get()?;
            let lines: Vec<usize> =
                marked.with(|m| m.iter().enumerate().filter(|(_, on)| **on).map(|(i, _)| i).collect());
            if lines.is_empty() {
                return None;
            }
            slip.with_value(|s| Some(s.reply_url(&s.reply_out_of_stock(&o, &lines))))
        }
    };
    let print = move |_| {
        let _ = window().print();
    };
    let method = s.payment;
    let delivered = matches!(s.handover, Handover::Delivery { .. });
    let handover = s.handover.clone();

    view! {
        <header class="slip__head">
            <h1>{move || lang.get().pick(format!("Lembar pesanan {}", slip.with_value(|s| s.reference.clone())), format!("Order slip {}", slip.with_value(|s| s.reference.clone())))}</h1>
            <p>{move || date::format_wita(placed, lang.get())}" · "{outlet_name.clone().unwrap_or_else(|| s.outlet.clone())}</p>
        </header>
        {(!outlet_known).then(|| view! {
            <p class="notice notice--warn" role="alert">{tr("Outlet pesanan ini tidak ada di katalog saat ini.", "This order's outlet is not in the current catalogue.")}</p>
        })}
        <dl class="slip__customer">
            <div><dt>{tr("Nama", "Name")}</dt><dd>{s.name.clone()}</dd></div>
            <div><dt>{tr("HP", "Phone")}</dt><dd>{phone}</dd></div>
            <div><dt>{tr("Penyerahan", "Handover")}</dt><dd>{move || {
                let l = lang.get();
                match &handover {
                    Handover::Pickup => l.pick("Ambil di outlet", "Pickup at the outlet").to_string(),
                    Handover::Delivery { place, address } if place.is_empty() => l.pick(format!("Antar ke {address}"), format!("Deliver to {address}")),
                    Handover::Delivery { place, address } => l.pick(format!("Antar ke {address} ({place})"), format!("Deliver to {address} ({place})")),
                }
            }}</dd></div>
            {s.note.clone().map(|n| view! { <div><dt>{tr("Catatan", "Note")}</dt><dd class="slip__note">{n}</dd></div> })}
        </dl>
        <div class="slip__table">
        <table class="slip__lines">
            <thead><tr>
                <th>{tr("Produk", "Product")}</th><th class="num">{tr("Jml", "Qty")}</th>
                <th class="num">{tr("Harga saat pesan", "Price when ordered")}</th><th class="num">"Subtotal"</th>
                <th>{tr("Cek katalog", "Catalogue check")}</th><th class="no-print">{tr("Stok", "Stock")}</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
        </div>
        <dl class="slip__sums">
            <div><dt>"Subtotal"</dt><dd data-amount="subtotal">{subtotal.map(|s| s.to_string()).unwrap_or_default()}</dd></div>
            {delivered.then(|| view! {
                <div><dt>{tr("Ongkir", "Delivery")}</dt><dd data-amount="fee">{match fee {
                    Some(f) if f == Rupiah::ZERO => view! { {tr("Gratis", "Free")} }.into_any(),
                    Some(f) => view! { {f.to_string()} }.into_any(),
                    None => view! {
                        <label class="slip__quote">{tr("Ongkir dihitung outlet: Rp", "Delivery fee to quote: Rp")}
                            <input type="text" inputmode="numeric" size="9" prop:value=move || quoted.get()
                                on:input=move |ev| quoted.set(event_target_value(&ev))/>
                        </label>
                    }.into_any(),
                }}</dd></div>
            })}
            {code.map(|c| view! { <div><dt>{tr("Kode unik", "Unique code")}</dt><dd>{c.to_string()}</dd></div> })}
            {total_line}
            <div><dt>{tr("Cara bayar", "Payment")}</dt><dd data-payment=method.code()>{move || {
                let l = lang.get();
                let mut t = method.label(delivered, l).to_string();
                let account = outlet.with(|o| o.as_ref().and_then(|o| o.payment.transfer.clone()));
                if let (Method::Transfer, Some(a)) = (method, &account) {
                    t.push_str(&format!(" · {} {} a.n. {}", a.bank, a.account, a.holder));
                }
                t
            }}</dd></div>
        </dl>
        <p class="slip__warn">{tr(
            "Tautan ini dibuat di perangkat pelanggan. Harga dan stok di atas sudah dibandingkan dengan katalog saat ini; pastikan pembayaran benar-benar masuk di rekening atau aplikasi QRIS outlet sebelum barang diserahkan.",
            "This link was made on the customer's device. Prices and stock above are compared with today's catalogue; make sure the payment has really arrived in the outlet's account or QRIS app before handing over the goods.",
        )}</p>
        <div class="slip__actions no-print">
            <button type="button" class="button" on:click=print>{tr("Cetak", "Print")}</button>
            {move || accept_href().map(|href| view! {
                <a class="button button--primary button--wa" data-reply="accepted" href=href target="_blank" rel="noopener noreferrer">{tr("Balas: pesanan diterima", "Reply: order received")}</a>
            })}
            {move || match stock_href() {
                Some(href) => view! { <a class="button button--wa" data-reply="stock" href=href target="_blank" rel="noopener noreferrer">{tr("Balas: stok habis", "Reply: out of stock")}</a> }.into_any(),
                None => view! { <span class="field__hint">{tr("Centang produk yang habis untuk membalas soal stok.", "Tick the products that are out to reply about stock.")}</span> }.into_any(),
            }}
        </div>
    }
}
