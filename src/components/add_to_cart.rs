use crate::cart_state::use_cart;
use crate::components::toast::use_toast;
use crate::i18n::use_lang;
use leptos::prelude::*;
use nttmart_domain::cart::Limit;
use nttmart_domain::catalog::Product;

/// Adds `quantity()` of a product and confirms it, saying so when stock or
/// the per-line limit held the quantity back.
pub fn add_product(product: &Product, quantity: u32) {
    let cart = use_cart();
    let toast = use_toast();
    let lang = use_lang().get_untracked();
    let outcome = cart.cart.try_update(|c| c.add(product, quantity)).expect("cart signal is alive");
    let message = match (outcome.added, outcome.limited_by) {
        (0, Some(Limit::Stock { available })) => lang.pick(
            format!("Stok {} tinggal {available}; semuanya sudah di keranjang.", product.name),
            format!("Only {available} of {} in stock; all are already in your cart.", product.name),
        ),
        (0, Some(Limit::CartFull)) => lang.pick("Keranjang sudah penuh.", "Your cart is full.").to_string(),
        (0, _) => lang.pick("Produk ini tidak dapat ditambahkan.", "This product cannot be added.").to_string(),
        (n, Some(Limit::Stock { available })) => lang.pick(
            format!("{n} ditambahkan; stok tinggal {available}."),
            format!("{n} added; only {available} in stock."),
        ),
        (_, _) => lang.pick(
            format!("{} ditambahkan ke keranjang ({} di keranjang).", product.name, outcome.quantity),
            format!("{} added to your cart ({} in cart).", product.name, outcome.quantity),
        ),
    };
    toast.say(message);
}

/// The "add" button on a product card.
#[component]
pub fn AddToCartButton(product: Product, #[prop(optional)] large: bool) -> impl IntoView {
    let lang = use_lang();
    let sold_out = product.stock == 0;
    let name = product.name.clone();
    view! {
        <button
            type="button"
            class="button add-to-cart"
            class:button--primary=large
            disabled=sold_out
            aria-label=move || {
                let l = lang.get();
                if sold_out {
                    l.pick(format!("Stok habis: {name}"), format!("Sold out: {name}"))
                } else {
                    l.pick(format!("Tambah {name} ke keranjang"), format!("Add {name} to cart"))
                }
            }
            on:click=move |_| add_product(&product, 1)
        >
            {move || if sold_out { lang.get().pick("Stok habis", "Sold out") } else { lang.get().pick("+ Keranjang", "+ Cart") }}
        </button>
    }
}
