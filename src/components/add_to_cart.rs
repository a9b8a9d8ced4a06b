use crate::cart_state::use_cart;
use crate::components::toast::use_toast;
use crate::i18n::use_lang;
use leptos::prelude::*;
use leptos_router::components::A;
use nttmart_domain::cart::Limit;
use nttmart_domain::catalog::{Product, Variant};

/// Adds `quantity()` of a product's variant and confirms it, saying so when
/// stock or the per-line limit held the quantity back.
pub fn add_product(product: &Product, variant: &Variant, quantity: u32) {
    let cart = use_cart();
    let toast = use_toast();
    let lang = use_lang().get_untracked();
    let outcome = cart.cart.try_update(|c| c.add(product, variant, quantity)).expect("cart signal is alive");
    let name = product.line_name(variant);
    let message = match (outcome.added, outcome.limited_by) {
        (0, Some(Limit::Stock { available })) => lang.pick(
            format!("Stok {name} tinggal {available}; semuanya sudah di keranjang."),
            format!("Only {available} of {name} in stock; all are already in your cart."),
        ),
        (0, Some(Limit::CartFull)) => lang.pick("Keranjang sudah penuh.", "Your cart is full.").to_string(),
        (0, _) => lang.pick("Produk ini tidak dapat ditambahkan.", "This product cannot be added.").to_string(),
        (n, Some(Limit::Stock { available })) => lang.pick(
            format!("{n} ditambahkan; stok tinggal {available}."),
            format!("{n} added; only {available} in stock."),
        ),
        (_, _) => lang.pick(
            format!("{name} ditambahkan ke keranjang ({} di keranjang).", outcome.quantity),
            format!("{name} added to your cart ({} in cart).", outcome.quantity),
        ),
    };
    toast.say(message);
}

/// The "add" button on a product card: adds the product's one variant, or,
/// for a product with options, leads to its page to choose one.
#[component]
pub fn AddToCartButton(product: Product) -> impl IntoView {
    let lang = use_lang();
    if !product.options.is_empty() {
        let name = product.name.clone();
        return view! {
            <A
                href=format!("/produk/{}", product.slug)
                attr:class="button add-to-cart add-to-cart--choose"
                attr:aria-label=move || lang.get().pick(format!("Pilih varian {name}"), format!("Choose an option of {name}"))
            >
                {move || lang.get().pick("Pilih varian", "Choose")}
            </A>
        }
        .into_any();
    }
    // Not `AddVariantButton`: a card's variant never changes, and the
    // reactive button would cost every first page its code.
    let variant = product.first_variant().clone();
    let sold_out = !variant.is_orderable();
    let name = product.name.clone();
    view! {
        <button
            type="button"
            class="button add-to-cart"
            disabled=sold_out
            aria-label=move || {
                let l = lang.get();
                if sold_out {
                    l.pick(format!("Stok habis: {name}"), format!("Sold out: {name}"))
                } else {
                    l.pick(format!("Tambah {name} ke keranjang"), format!("Add {name} to cart"))
                }
            }
            on:click=move |_| add_product(&product, &variant, 1)
        >
            {move || if sold_out { lang.get().pick("Stok habis", "Sold out") } else { lang.get().pick("+ Keranjang", "+ Cart") }}
        </button>
    }
    .into_any()
}

/// The "add" button for one variant, which may change (the product page's
/// picker).
#[component]
pub fn AddVariantButton(product: Product, variant: Signal<Variant>, #[prop(optional)] large: bool) -> impl IntoView {
    let lang = use_lang();
    let sold_out = move || variant.with(|v| !v.is_orderable());
    let label_product = product.clone();
    view! {
        <button
            type="button"
            class="button add-to-cart"
            class:button--primary=large
            disabled=sold_out
            aria-label=move || {
                let l = lang.get();
                let name = variant.with(|v| label_product.line_name(v));
                if sold_out() {
                    l.pick(format!("Stok habis: {name}"), format!("Sold out: {name}"))
                } else {
                    l.pick(format!("Tambah {name} ke keranjang"), format!("Add {name} to cart"))
                }
            }
            on:click=move |_| variant.with_untracked(|v| add_product(&product, v, 1))
        >
            {move || if sold_out() { lang.get().pick("Stok habis", "Sold out") } else { lang.get().pick("+ Keranjang", "+ Cart") }}
        </button>
    }
}
