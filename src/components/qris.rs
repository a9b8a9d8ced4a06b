//! A QRIS code for the exact amount of an order, drawn on a canvas so the
//! customer can save it as a picture: Indonesian banking and e-wallet apps
//! pay a QRIS from a saved image, which is how a phone pays a code shown
//! on its own screen.
//!
//! The picture carries the merchant name, the amount and the reference
//! under the code, so a saved image still says what it is for.

use crate::i18n::use_lang;
use leptos::prelude::*;
use nttmart_domain::money::{terbilang, Rupiah};
use nttmart_domain::Lang;
use qrcode::{Color, EcLevel, QrCode};
use wasm_bindgen::JsCast;

/// Pixels per QR module in the saved picture: big enough for a bank app
/// to read from a screenshot, small enough for a chat attachment.
const MODULE_PX: u32 = 8;
/// The quiet zone the QR standard asks for, in modules.
const QUIET: u32 = 4;
/// Room under the code for three lines of text.
const CAPTION_PX: u32 = 96;

/// The QRIS payload drawn as a PNG data URL, or `None` when it cannot be
/// encoded or the browser has no canvas.
fn qris_png(payload: &str, merchant: &str, amount: Rupiah, reference: &str) -> Option<String> {
    // QRIS stickers use level M; the payload is at most a few hundred bytes.
    let code = QrCode::with_error_correction_level(payload.as_bytes(), EcLevel::M).ok()?;
    let modules = u32::try_from(code.width()).ok()?;
    let side = (modules + 2 * QUIET) * MODULE_PX;
    let canvas = document().create_element("canvas").ok()?.dyn_into::<web_sys::HtmlCanvasElement>().ok()?;
    canvas.set_width(side);
    canvas.set_height(side + CAPTION_PX);
    let ctx = canvas.get_context("2d").ok()??.dyn_into::<web_sys::CanvasRenderingContext2d>().ok()?;
    ctx.set_fill_style_str("#fff");
    ctx.fill_rect(0.0, 0.0, f64::from(side), f64::from(side + CAPTION_PX));
    ctx.set_fill_style_str("#000");
    for (i, color) in code.to_colors().iter().enumerate() {
        if *color == Color::Dark {
            let i = u32::try_from(i).ok()?;
            let (x, y) = ((i % modules + QUIET) * MODULE_PX, (i / modules + QUIET) * MODULE_PX);
            ctx.fill_rect(f64::from(x), f64::from(y), f64::from(MODULE_PX), f64::from(MODULE_PX));
        }
    }
    ctx.set_text_align("center");
    let mid = f64::from(side) / 2.0;
    ctx.set_font("bold 28px sans-serif");
    let _ = ctx.fill_text(&amount.to_string(), mid, f64::from(side) + 20.0);
    ctx.set_font("20px sans-serif");
    let _ = ctx.fill_text(merchant, mid, f64::from(side) + 54.0);
    let _ = ctx.fill_text(reference, mid, f64::from(side) + 82.0);
    canvas.to_data_url_with_type("image/png").ok()
}

/// The payment panel for a QRIS order.
#[component]
pub fn QrisCard(payload: String, merchant: String, amount: Rupiah, reference: String) -> impl IntoView {
    let lang = use_lang();
    let png = qris_png(&payload, &merchant, amount, &reference);
    let file = format!("QRIS-{reference}.png");
    let words = terbilang(amount);
    let merchant2 = merchant.clone();
    view! {
        <section class="qris" aria-labelledby="qris-title">
            <h3 id="qris-title">{move || lang.get().pick("Bayar dengan QRIS", "Pay with QRIS")}</h3>
            <p class="qris__amount">
                <strong>{amount.to_string()}</strong>
                <span class="qris__words">" (" {words} ")"</span>
            </p>
            <p class="qris__merchant">{move || match lang.get() {
                Lang::Id => format!("Penerima: {merchant}"),
                Lang::En => format!("Payee: {merchant}"),
            }}</p>
            {match png {
                Some(src) => view! {
                    <img class="qris__code" src=src.clone() width="320" height="416" data-qris=payload.clone()
                        alt=move || lang.get().pick(
                            format!("Kode QRIS {} untuk {merchant2}", amount),
                            format!("QRIS code for {} to {merchant2}", amount),
                        )/>
                    <a class="button button--primary" href=src download=file>{move || lang.get().pick("Simpan gambar QRIS", "Save the QRIS picture")}</a>
                }.into_any(),
                None => view! {
                    <p class="notice notice--warn" role="alert">{move || lang.get().pick(
                        "Browser ini tidak bisa menggambar kode QRIS. Pilih cara bayar lain, atau bayar di outlet.",
                        "This browser cannot draw the QRIS code. Choose another way to pay, or pay at the outlet.",
                    )}</p>
                }.into_any(),
            }}
            <ol class="qris__steps">
                <li>{move || lang.get().pick("Simpan gambarnya, atau foto layar ini.", "Save the picture, or take a screenshot.")}</li>
                <li>{move || lang.get().pick("Buka aplikasi bank atau e-wallet, pilih bayar QRIS, lalu pilih gambar dari galeri.", "Open your bank or e-wallet app, choose to pay by QRIS, then pick the picture from your gallery.")}</li>
                <li>{move || lang.get().pick("Periksa nama penerima dan jumlahnya, lalu bayar.", "Check the payee and the amount, then pay.")}</li>
            </ol>
            <p class="qris__note">{move || lang.get().pick(
                "Outlet memeriksa pembayaran secara manual lalu membalas pesan WhatsApp Anda; simpan bukti bayarnya.",
                "The outlet checks the payment by hand and replies to your WhatsApp message; keep your receipt.",
            )}</p>
        </section>
    }
}
