use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <section class="not-found">
            <h1>"Halaman tidak ditemukan"</h1>
            <p>"Alamat ini tidak ada di NTT Mart. Mungkin produknya sudah tidak dijual atau tautannya salah ketik."</p>
            <A href="/" attr:class="button button--primary">"Kembali ke beranda"</A>
        </section>
    }
}
