//! Share buttons for a product link. The Web Share API where the phone has
//! it (it opens WhatsApp, Instagram, etc. natively); otherwise links to
//! WhatsApp, Facebook and X, and copy-link with a visible confirmation.

use crate::components::toast::use_toast;
use crate::i18n::{tr, use_lang};
use leptos::prelude::*;
use nttmart_domain::order::percent_encode;
use wasm_bindgen::JsCast;

fn has_web_share() -> bool {
    let navigator = window().navigator();
    js_sys::Reflect::has(&navigator, &"share".into()).unwrap_or(false)
}

#[component]
pub fn ShareButtons(url: String, title: String) -> impl IntoView {
    let lang = use_lang();
    let toast = use_toast();
    let text = format!("{title} — {url}");
    let whatsapp = format!("https://wa.me/?text={}", percent_encode(&text));
    let facebook = format!("https://www.facebook.com/sharer/sharer.php?u={}", percent_encode(&url));
    let x = format!("https://twitter.com/intent/tweet?url={}&text={}", percent_encode(&url), percent_encode(&title));
    let native = has_web_share().then(|| {
        let (url, title) = (url.clone(), title.clone());
        view! {
            <button type="button" class="button button--primary share__native" on:click=move |_| {
                let data = js_sys::Object::new();
                let _ = js_sys::Reflect::set(&data, &"title".into(), &title.as_str().into());
                let _ = js_sys::Reflect::set(&data, &"url".into(), &url.as_str().into());
                let navigator = window().navigator();
                if let Ok(share) = js_sys::Reflect::get(&navigator, &"share".into()).and_then(|f| f.dyn_into::<js_sys::Function>()) {
                    // A cancelled share rejects the promise; that is not an error to show.
                    let _ = share.call1(&navigator, &data);
                }
            }>{tr("Bagikan", "Share")}</button>
        }
    });
    let copy_url = url.clone();
    let copy = move |_| {
        let url = copy_url.clone();
        let l = lang.get_untracked();
        leptos::task::spawn_local(async move {
            let ok =
                wasm_bindgen_futures::JsFuture::from(window().navigator().clipboard().write_text(&url)).await.is_ok();
            toast.say(if ok {
                l.pick("Tautan disalin.", "Link copied.").to_string()
            } else {
                l.pick(format!("Salin tautan ini: {url}"), format!("Copy this link: {url}"))
            });
        });
    };
    view! {
        <div class="share" role="group" aria-label=tr("Bagikan produk ini", "Share this product")>
            {native}
            <a class="button share__wa" href=whatsapp target="_blank" rel="noopener noreferrer">"WhatsApp"</a>
            <a class="button" href=facebook target="_blank" rel="noopener noreferrer">"Facebook"</a>
            <a class="button" href=x target="_blank" rel="noopener noreferrer">"X"</a>
            <button type="button" class="button share__copy" on:click=copy>{tr("Salin tautan", "Copy link")}</button>
        </div>
    }
}
