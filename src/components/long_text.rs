//! A product's description or a village's story. The storefront's index feed
//! leaves them out (`nttmart_domain::detail`): this fetches its kabupaten's
//! detail file when the page is shown, keeps it for the rest of the visit
//! and on the device (for visits with no signal), and, when it cannot be
//! had, says so in place of the text with a retry, while the rest of the
//! page works as usual.

use crate::catalog_source::fetch_once;
use crate::feed_cache;
use crate::i18n::use_lang;
use leptos::prelude::*;
use nttmart_domain::detail::{detail_path, parse_details, Details};
use std::cell::RefCell;
use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::sync::Arc;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Description,
    Story,
}

thread_local! {
    /// One state per kabupaten's file for the whole visit, shared by every
    /// text that needs it: a product page's description and story start
    /// one fetch, and the next page from the same kabupaten none.
    static FILES: RefCell<HashMap<String, ArcRwSignal<State>>> = RefCell::default();
}

#[derive(Clone, Debug)]
enum State {
    /// Being fetched.
    Loading,
    Ready(Arc<Details>),
    /// No answer (offline, timeout) or a server error: worth a retry.
    Unreachable,
    /// The server has no usable file (404, not JSON, another kabupaten's).
    Unusable,
}

/// The state of `kabupaten`'s file, fetching it if nobody has yet.
fn file(kabupaten: &str) -> ArcRwSignal<State> {
    let (state, new) = FILES.with(|files| match files.borrow_mut().entry(kabupaten.to_owned()) {
        Entry::Occupied(e) => (e.get().clone(), false),
        Entry::Vacant(e) => (e.insert(ArcRwSignal::new(State::Loading)).clone(), true),
    });
    if new {
        start_fetch(kabupaten.to_owned(), state.clone());
    }
    state
}

/// Fetches again a file that could not be had; a file that is there or on
/// its way is left alone.
fn retry(kabupaten: &str) {
    let state = file(kabupaten);
    if matches!(state.get_untracked(), State::Unreachable | State::Unusable) {
        state.set(State::Loading);
        start_fetch(kabupaten.to_owned(), state);
    }
}

/// The copy saved on this device first, if there is one (it works with no
/// signal), then the network's, which replaces it on screen and on the
/// device: stale-while-revalidate, as for the feed. Kept by the app itself,
/// not the service worker, which does not yet control the very first page
/// a customer opens (often a product shared on WhatsApp).
fn start_fetch(kabupaten: String, state: ArcRwSignal<State>) {
    leptos::task::spawn_local(async move {
        let url = format!("/{}", detail_path(&kabupaten));
        let saved = feed_cache::load(&url).await.and_then(|(bytes, _)| parse_details(&bytes, &kabupaten).ok());
        let had_saved = saved.is_some();
        if let Some(details) = saved {
            state.set(State::Ready(Arc::new(details)));
        }
        let fetched = match fetch_once(&url).await {
            Ok(bytes) => match parse_details(&bytes, &kabupaten) {
                Ok(details) => {
                    feed_cache::store(&url, &bytes).await;
                    State::Ready(Arc::new(details))
                }
                Err(_) => State::Unusable,
            },
            Err(e) if e.is_transient() => State::Unreachable,
            Err(_) => State::Unusable,
        };
        // A failed refresh keeps the saved copy on screen.
        if !had_saved || matches!(fetched, State::Ready(_)) {
            state.set(fetched);
        }
    });
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
    let state = file(&kabupaten);
    // As with the feed and the page chunks: when the signal returns, try
    // again unasked.
    let on_online = window_event_listener(leptos::ev::online, {
        let kabupaten = kabupaten.clone();
        move |_| retry(&kabupaten)
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
                        let kabupaten = kabupaten.clone();
                        move |_| retry(&kabupaten)
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

/// `kabupaten`'s detail file once it is here (fetched if nobody has yet),
/// for texts that are attributes rather than text of their own, such as a
/// gallery's alt texts.
pub fn details(kabupaten: &str) -> Signal<Option<Arc<Details>>> {
    let state = file(kabupaten);
    Signal::derive(move || match state.get() {
        State::Ready(details) => Some(details),
        _ => None,
    })
}

/// A short text the index feed leaves to the kabupaten's detail file (a
/// product's halal certificate, BPOM or P-IRT number or producer, a
/// village's OVOP flagship), inline: `text` when the feed has it, else
/// `pick(details, id)` from the file (the same file, and fetch, as the
/// descriptions'); "…" while that loads, nothing when it cannot be had (the
/// page's description or story then says so, with the retry).
#[component]
pub fn FromDetail(
    text: String,
    kabupaten: Option<String>,
    id: String,
    pick: for<'a> fn(&'a Details, &str) -> Option<&'a str>,
) -> impl IntoView {
    if !text.is_empty() {
        return view! { <span class="from-detail">{text}</span> }.into_any();
    }
    let Some(kabupaten) = kabupaten else { return ().into_any() };
    let state = file(&kabupaten);
    (move || match state.get() {
        State::Ready(details) => {
            pick(&details, &id).map(|t| view! { <span class="from-detail">{t.to_owned()}</span> }).into_any()
        }
        State::Loading => view! { <span class="from-detail" aria-busy="true">"…"</span> }.into_any(),
        State::Unreachable | State::Unusable => ().into_any(),
    })
    .into_any()
}
