use crate::catalog_source::LoadError;
use crate::i18n::{tr, use_lang};
use leptos::prelude::*;

/// The page shown when there is no usable catalog. It always says what
/// happened in plain words and offers a retry.
#[component]
pub fn FeedErrorView(error: LoadError, on_retry: impl Fn() + 'static) -> impl IntoView {
    let lang = use_lang();
    let kind = error.clone();
    let headline = move || {
        let l = lang.get();
        match &kind {
            LoadError::Network(_) => l.pick("Tidak dapat terhubung", "Cannot connect"),
            LoadError::Http(_) => l.pick("Katalog sedang tidak tersedia", "The catalog is unavailable right now"),
            LoadError::Syntax(_) | LoadError::Invalid(_) => {
                l.pick("Katalog sedang diperbarui", "The catalog is being updated")
            }
        }
    };
    let kind = error.clone();
    let detail = move || {
        let l = lang.get();
        match &kind {
            LoadError::Network(_) => l
                .pick(
                    "Katalog tidak dapat dimuat. Periksa sinyal atau koneksi internet Anda, lalu coba lagi.",
                    "The catalog could not be loaded. Check your signal or internet connection, then try again.",
                )
                .to_string(),
            LoadError::Http(status) => l.pick(
                format!("Server menjawab dengan kode {status}. Silakan coba lagi sebentar lagi."),
                format!("The server answered with code {status}. Please try again in a moment."),
            ),
            LoadError::Syntax(_) | LoadError::Invalid(_) => l
                .pick(
                    "Data katalog tidak dapat dibaca. Silakan coba lagi nanti.",
                    "The catalog data cannot be read. Please try again later.",
                )
                .to_string(),
        }
    };
    // Technical details help staff diagnose a broken feed from a screenshot.
    let technical = match error {
        LoadError::Network(m) | LoadError::Syntax(m) => vec![m],
        LoadError::Http(s) => vec![format!("HTTP {s}")],
        LoadError::Invalid(problems) => problems,
    };
    view! {
        <section class="feed-error" role="alert">
            <h1>{headline}</h1>
            <p>{detail}</p>
            <button class="button button--primary" type="button" on:click=move |_| on_retry()>
                {tr("Coba lagi", "Try again")}
            </button>
            <p class="feed-error__auto">
                {tr("Kami juga mencoba lagi sendiri setiap 20 detik.", "We also try again by ourselves every 20 seconds.")}
            </p>
            <details class="feed-error__details">
                <summary>{tr("Detail teknis", "Technical details")}</summary>
                <ul>{technical.into_iter().take(20).map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
            </details>
        </section>
    }
}
