use crate::catalog_source::LoadError;
use leptos::prelude::*;

/// The page shown when there is no usable catalog. It always says what
/// happened in plain words and offers a retry.
#[component]
pub fn FeedErrorView(error: LoadError, on_retry: impl Fn() + 'static) -> impl IntoView {
    let (headline, detail) = match &error {
        LoadError::Network(_) => (
            "Tidak dapat terhubung",
            "Katalog tidak dapat dimuat. Periksa sinyal atau koneksi internet Anda, lalu coba lagi.".to_string(),
        ),
        LoadError::Http(status) => (
            "Katalog sedang tidak tersedia",
            format!("Server menjawab dengan kode {status}. Silakan coba lagi sebentar lagi."),
        ),
        LoadError::Syntax(_) | LoadError::Invalid(_) => (
            "Katalog sedang diperbarui",
            "Data katalog tidak dapat dibaca. Tim NTT Mart sudah diberi tahu; silakan coba lagi nanti.".to_string(),
        ),
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
                "Coba lagi"
            </button>
            <details class="feed-error__details">
                <summary>"Detail teknis"</summary>
                <ul>{technical.into_iter().take(20).map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
            </details>
        </section>
    }
}
