use leptos::prelude::*;

/// Shown while the feed downloads; mirrors the static loader in index.html so
/// the hand-over from HTML to wasm does not flash.
#[component]
pub fn LoadingView() -> impl IntoView {
    let text = crate::i18n::tr("Memuat produk desa…", "Loading village products…");
    view! {
        <div class="loading" role="status" aria-live="polite">
            <div class="loading__mark" aria-hidden="true"></div>
            <p>{text}</p>
        </div>
    }
}
