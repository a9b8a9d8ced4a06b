use crate::app::CatalogCtx;
use crate::catalog_source::Source;
use crate::i18n::use_lang;
use leptos::prelude::*;

/// Says so when the catalog on screen is the saved copy rather than the
/// latest feed, and when the phone is offline, with a way to try again.
#[component]
pub fn FeedNotice() -> impl IntoView {
    let ctx = expect_context::<CatalogCtx>();
    let lang = use_lang();
    let online = RwSignal::new(web_sys::window().map(|w| w.navigator().on_line()).unwrap_or(true));
    let on_online = window_event_listener(leptos::ev::online, move |_| {
        online.set(true);
        // Signal is back: fetch the latest feed in the background.
        ctx.refresh();
    });
    let on_offline = window_event_listener(leptos::ev::offline, move |_| online.set(false));
    on_cleanup(move || {
        on_online.remove();
        on_offline.remove();
    });

    // While the network copy is on its way the saved one needs no notice.
    let saved = move || match ctx.source() {
        Some((Source::Saved { saved_at }, Some(_))) => Some(saved_at),
        _ => None,
    };
    move || {
        let l = lang.get();
        let offline = !online.get();
        let saved_at = saved();
        if !offline && saved_at.is_none() {
            return None;
        }
        let when = saved_at.filter(|t| *t > 0).map(|t| {
            let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(t as f64));
            String::from(date.to_locale_string(l.pick("id-ID", "en-GB"), &wasm_bindgen::JsValue::UNDEFINED))
        });
        let headline = if offline {
            l.pick("Anda sedang offline.", "You are offline.")
        } else {
            l.pick("Katalog terbaru belum bisa dimuat.", "The latest catalog could not be loaded.")
        };
        let detail = match (saved_at.is_some(), when) {
            (true, Some(w)) => {
                l.pick(format!(" Menampilkan katalog tersimpan ({w})."), format!(" Showing the saved catalog ({w})."))
            }
            (true, None) => l.pick(" Menampilkan katalog tersimpan.", " Showing the saved catalog.").to_string(),
            (false, _) => l.pick(" Keranjang Anda tetap tersimpan.", " Your cart is still saved.").to_string(),
        };
        Some(view! {
            <div class="feed-notice" role="status">
                <p><strong>{headline}</strong>{detail}</p>
                <button type="button" class="button" on:click=move |_| ctx.refresh()>{l.pick("Coba lagi", "Try again")}</button>
            </div>
        })
    }
}
