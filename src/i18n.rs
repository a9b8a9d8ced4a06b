//! The UI language: Bahasa Indonesia by default, English on request. The
//! choice is remembered in localStorage and mirrored to `<html lang>` so
//! screen readers pronounce the text correctly.

use crate::storage;
use leptos::prelude::*;
use nttmart_domain::Lang;

const KEY: &str = "lang";

#[derive(Clone, Copy)]
pub struct LangCtx(pub RwSignal<Lang>);

/// Sets up the language signal for the whole app.
pub fn provide_lang() -> RwSignal<Lang> {
    let saved = storage::get(KEY).and_then(|c| Lang::from_code(&c)).unwrap_or_default();
    let lang = RwSignal::new(saved);
    provide_context(LangCtx(lang));
    Effect::new(move |_| {
        let current = lang.get();
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", current.code());
        }
        storage::set(KEY, current.code());
    });
    lang
}

/// The current language, reactive.
pub fn use_lang() -> RwSignal<Lang> {
    expect_context::<LangCtx>().0
}

/// A reactive text in both languages: `tr("Produk", "Products")`.
pub fn tr(id: &'static str, en: &'static str) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let lang = use_lang();
    move || lang.get().pick(id, en)
}

/// The language switch: shows the other language's name in that language,
/// as people look for their own language, not a flag.
#[component]
pub fn LangSwitch() -> impl IntoView {
    let lang = use_lang();
    view! {
        <button
            type="button"
            class="lang-switch"
            lang=move || lang.get().other().code()
            // Starts with the visible text, so voice control ("tap EN")
            // finds the button by what it shows.
            aria-label=move || lang.get().pick("EN: Switch to English", "ID: Ganti ke Bahasa Indonesia")
            on:click=move |_| lang.update(|l| *l = l.other())
        >
            {move || lang.get().pick("EN", "ID")}
        </button>
    }
}
