use crate::components::search_box::SearchBox;
use crate::i18n::tr;
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
        view! { <p>{tr("Mungkin yang Anda cari: ", "Perhaps you were looking for: ")} <A href=href>{format!("“{guess}”")}</A></p> }
    });
    view! {
        <section class="not-found">
            <h1>{tr("Halaman tidak ditemukan", "Page not found")}</h1>
            <p>{tr("Alamat ini tidak ada di NTT Mart. Mungkin produknya sudah tidak dijual atau tautannya salah ketik.", "This address does not exist at NTT Mart. The product may no longer be sold, or the link has a typo.")}</p>
            {suggestion}
            <SearchBox value=Signal::derive(String::new) on_input=|_| {} on_submit=on_submit/>
            <A href="/" attr:class="button button--primary">{tr("Kembali ke beranda", "Back to the home page")}</A>
        </section>
    }
}
