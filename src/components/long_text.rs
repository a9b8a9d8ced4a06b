//! A product's description or a village's story. The storefront's index feed
//! leaves them out (`nttmart_domain::detail`): this fetches its kabupaten's
//! detail file when the page is shown, keeps it for the rest of the visit
//! (the service worker keeps it for offline visits), and, when it cannot be
//! had, says so in place of the text with a retry, while the rest of the
//! page works as usual.

use crate::catalog_source::{fetch_once, LoadError};
use crate::i18n::use_lang;
use leptos::prelude::*;
use nttmart_domain::detail::{detail_path, parse_details, Details};
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Description,
    Story,
}

thread_local! {
    /// Detail files already fetched in this visit, by kabupaten.
    static FETCHED: RefCell<HashMap<String, Arc<Details>>> = RefCell::default();
}

#[derive(Clone, Debug)]
enum State {
    Loading,
    Ready(Arc<Details>),
    /// No answer (offline, timeout) or a server error: worth a retry.
    Unreachable,
    /// The server has no usable file (404, not JSON, another kabupaten's).
    Unusable,
}

async fn fetch(kabupaten: &str) -> State {
    if let Some(details) = FETCHED.with(|f| f.borrow().get(kabupaten).cloned()) {
        return State::Ready(details);
    }
    match fetch_once(&format!("/{}", detail_path(kabupaten))).await {
        Ok(bytes) => match parse_details(&bytes, kabupaten) {
            Ok(details) => {
                let details = Arc::new(details);
                FETCHED.with(|f| f.borrow_mut().insert(kabupaten.to_owned(), details.clone()));
                State::Ready(details)
            }
            Err(_) => State::Unusable,
        },
        Err(LoadError::Network(_)) => State::Unreachable,
        Err(LoadError::Http(status)) if status >= 500 || status == 408 || status == 429 => State::Unreachable,
        Err(_) => State::Unusable,
    }
}

/// `text` as the feed has it; when empty (an index feed), the text of `id`
/// (a product or village id) from `kabupaten`'s detail file.
#[component]
pub fn LongText(kind: Kind, text: String, kabupaten: Option<String>, id: String, class: &'static str) -> impl IntoView {
    if !text.is_empty() {
        return view! { <p class=class>{text}</p> }.into_any();
    }
    let Some(kabupaten) = kabupaten else { return ().into_any() };
    let lang = use_lang();
    // Already fetched in this visit: shown in the first render, no flash.
    let known = FETCHED.with(|f| f.borrow().get(&kabupaten).cloned());
    let state = RwSignal::new(known.map_or(State::Loading, State::Ready));
    let owner = Owner::current();
    let load = move || {
        if matches!(state.get_untracked(), State::Ready(_)) {
            return;
        }
        state.set(State::Loading);
        let kabupaten = kabupaten.clone();
        let task = async move { state.set(fetch(&kabupaten).await) };
        match &owner {
            Some(owner) => owner.with(|| leptos::task::spawn_local_scoped(task)),
            None => leptos::task::spawn_local(task),
        }
    };
    load();
    // As with the feed and the page chunks: when the signal returns, try
    // again unasked.
    let on_online = window_event_listener(leptos::ev::online, {
        let load = load.clone();
        move |_| load()
    });
    on_cleanup(move || on_online.remove());
    let missing_class = format!("{class} long-text long-text--missing");
    (move || {
        let l = lang.get();
        let (what, what_en) = match kind {
            Kind::Description => ("Deskripsi produk", "The product description"),
            Kind::Story => ("Cerita desa", "The village's story"),
        };
        match state.get() {
            // Lines of empty space the text will take, so that it does not
            // push the page down when it arrives.
            State::Loading => view! {
                <p class=format!("{class} long-text long-text--loading") aria-busy="true">
                    {l.pick("Memuat…", "Loading…")}
                </p>
            }
            .into_any(),
            State::Ready(details) => {
                let text = match kind {
                    Kind::Description => details.description(&id),
                    Kind::Story => details.story(&id),
                };
                match text {
                    Some(text) => view! { <p class=class>{text.to_owned()}</p> }.into_any(),
                    None => ().into_any(),
                }
            }
            State::Unreachable => view! {
                <p class=missing_class.clone() role="status">
                    {l.pick(
                        format!("{what} belum termuat. Periksa sinyal atau koneksi internet Anda. "),
                        format!("{what_en} has not loaded yet. Check your signal or internet connection. "),
                    )}
                    <button type="button" class="button" on:click={
                        let load = load.clone();
                        move |_| load()
                    }>{l.pick("Coba lagi", "Try again")}</button>
                </p>
            }
            .into_any(),
            State::Unusable => view! {
                <p class=missing_class.clone() role="status">
                    {l.pick(
                        format!("{what} sedang tidak tersedia."),
                        format!("{what_en} is not available right now."),
                    )}
                </p>
            }
            .into_any(),
        }
    })
    .into_any()
}
