//! The choice of a product's variant: one group per option, radio buttons
//! for a few values and a select for many. A value that would make a
//! combination the product does not have, or one that is sold out, is
//! disabled and says so. The choice is the `varian` query parameter, so a
//! shared link opens the same variant and the back button undoes nothing
//! the customer did not mean to.

use crate::i18n::use_lang;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use nttmart_domain::catalog::{Product, Variant};
use nttmart_domain::Lang;

/// More values than this become a select: a row of radio buttons would
/// wrap into a wall on a phone.
const RADIO_MAX: usize = 6;

/// The variant the URL names (`?varian=<id>`), or the product's default.
pub fn use_variant(product: &Product) -> Memo<Variant> {
    let query = use_query_map();
    let product = product.clone();
    Memo::new(move |_| {
        let id = query.with(|q| q.get("varian"));
        id.and_then(|id| product.variant(&id)).unwrap_or_else(|| product.default_variant()).clone()
    })
}

/// Why a value cannot be chosen along with the other current choices.
fn blocked(product: &Product, current: &Variant, option: usize, value: &str) -> Option<Blocked> {
    let mut values: Vec<&str> = current.values.iter().map(String::as_str).collect();
    values[option] = value;
    match product.variant_with(&values) {
        None => Some(Blocked::Missing),
        Some(v) if !v.is_orderable() => Some(Blocked::SoldOut),
        Some(_) => None,
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Blocked {
    Missing,
    SoldOut,
}

impl Blocked {
    fn text(self, l: Lang) -> &'static str {
        match self {
            Blocked::Missing => l.pick("tidak tersedia", "not available"),
            Blocked::SoldOut => l.pick("habis", "sold out"),
        }
    }
}

/// The variant with `value` for `option` and the other current choices; if
/// there is none, the first orderable one with that value, so choosing a
/// value always leads somewhere.
fn choose(product: &Product, current: &Variant, option: usize, value: &str) -> Option<Variant> {
    let mut values: Vec<&str> = current.values.iter().map(String::as_str).collect();
    values[option] = value;
    product
        .variant_with(&values)
        .or_else(|| product.variants.iter().find(|v| v.values[option] == value && v.is_orderable()))
        .or_else(|| product.variants.iter().find(|v| v.values[option] == value))
        .cloned()
}

/// Puts a chosen variant in the URL, replacing the history entry: a
/// picker's clicks are not pages to go back through.
pub fn select_in_url() -> Callback<Variant> {
    let navigate = use_navigate();
    Callback::new(move |v: Variant| {
        navigate(
            &format!("?varian={}", nttmart_domain::order::percent_encode(&v.id)),
            NavigateOptions { replace: true, scroll: false, ..Default::default() },
        );
    })
}

/// `large`: the kiosk's touch targets (64 px and more).
#[component]
pub fn VariantPicker(
    product: Product,
    #[prop(into)] variant: Signal<Variant>,
    on_select: Callback<Variant>,
    #[prop(optional)] large: bool,
) -> impl IntoView {
    let lang = use_lang();
    let select = move |v: Variant| on_select.run(v);
    let groups = product
        .options
        .iter()
        .enumerate()
        .map(|(o, option)| {
            let product = product.clone();
            let option = option.clone();
            let select = select;
            let name = format!("varian-{o}");
            move || {
                let l = lang.get();
                let legend = l.pick(&option.name.id, &option.name.en).clone();
                let current = variant.get();
                if option.values.len() > RADIO_MAX {
                    let product_for_change = product.clone();
                    let current_for_change = current.clone();
                    let select = select;
                    let choices = option
                        .values
                        .iter()
                        .map(|value| {
                            let why = blocked(&product, &current, o, value);
                            let text = match why {
                                Some(b) => format!("{value} — {}", b.text(l)),
                                None => value.clone(),
                            };
                            view! {
                                <option value=value.clone() selected=current.values[o] == *value disabled=why.is_some()>{text}</option>
                            }
                        })
                        .collect_view();
                    view! {
                        <label class="variant-picker__group">
                            <span class="variant-picker__legend">{legend}</span>
                            <select name=name.clone() on:change=move |ev| {
                                let value = event_target_value(&ev);
                                if let Some(v) = choose(&product_for_change, &current_for_change, o, &value) {
                                    select(v);
                                }
                            }>{choices}</select>
                        </label>
                    }
                    .into_any()
                } else {
                    let choices = option
                        .values
                        .iter()
                        .map(|value| {
                            let why = blocked(&product, &current, o, value);
                            let chosen = current.values[o] == *value;
                            let target = choose(&product, &current, o, value);
                            let select = select;
                            view! {
                                <label class="variant-picker__choice" class:variant-picker__choice--off=why.is_some()>
                                    <input
                                        type="radio"
                                        name=name.clone()
                                        value=value.clone()
                                        checked=chosen
                                        disabled=why.is_some() && !chosen
                                        on:change=move |_| {
                                            if let Some(v) = target.clone() {
                                                select(v);
                                            }
                                        }
                                    />
                                    <span>{value.clone()}</span>
                                    {why.map(|b| view! { <small class="variant-picker__why">{b.text(l)}</small> })}
                                </label>
                            }
                        })
                        .collect_view();
                    view! {
                        <fieldset class="variant-picker__group">
                            <legend class="variant-picker__legend">{legend}</legend>
                            <div class="variant-picker__choices">{choices}</div>
                        </fieldset>
                    }
                    .into_any()
                }
            }
        })
        .collect_view();
    view! { <div class="variant-picker" class:variant-picker--large=large>{groups}</div> }
}

/// "Dibuat sesuai pesanan, 21–30 hari" and the like; `None` for ready stock.
pub fn lead_time(variant: &Variant, l: Lang) -> Option<String> {
    use nttmart_domain::catalog::Availability;
    let days = |min: u16, max: u16| if min == max { format!("{min}") } else { format!("{min}–{max}") };
    match variant.availability {
        Availability::MadeToOrder { min_days, max_days } => Some(l.pick(
            format!("Dibuat sesuai pesanan: siap dalam {} hari", days(min_days, max_days)),
            format!("Made to order: ready in {} days", days(min_days, max_days)),
        )),
        Availability::PreOrder { min_days, max_days } => Some(l.pick(
            format!("Pre-order: dikirim dalam {} hari", days(min_days, max_days)),
            format!("Pre-order: ships in {} days", days(min_days, max_days)),
        )),
        Availability::Ready | Availability::SoldOut => None,
    }
}
