use crate::components::search_box::SearchBox;
use crate::pages::catalog::catalog_href;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_location, use_navigate};
use nttmart_domain::browse::Query;

/// Unknown address: say so plainly and offer a way on, starting with a
/// search built from the words in the link (an old product link like
/// `/produk/kopi-bajawa-500g` becomes a search for "kopi bajawa 500g").
#[component]
pub fn NotFoundPage() -> impl IntoView {
    let path = use_location().pathname.get_untracked();
    let guess = path.rsplit('/').find(|s| !s.is_empty()).unwrap_or_default().replace(['-', '_'], " ");
    let navigate = use_navigate();
    let on_submit = Box::new(move |text: String| {
        navigate(&catalog_href(&Query { text, ..Query::default() }), Default::default());
    }) as Box<dyn Fn(String)>;
    let suggestion = (!guess.trim().is_empty()).then(|| {
        let href = catalog_href(&Query { text: guess.clone(), ..Query::default() });
        view! { <p>"Mungkin yang Anda cari: " <A href=href>{format!("“{guess}”")}</A></p> }
    });
    view! {
        <section class="not-found">
            <h1>"Halaman tidak ditemukan"</h1>
            <p>"Alamat ini tidak ada di NTT Mart. Mungkin produknya sudah tidak dijual atau tautannya salah ketik."</p>
            {suggestion}
            <SearchBox value=Signal::derive(String::new) on_input=|_| {} on_submit=on_submit/>
            <A href="/" attr:class="button button--primary">"Kembali ke beranda"</A>
        </section>
    }
}
