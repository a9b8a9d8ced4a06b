//! The product page's pictures (issue 16): one large picture, thumbnails
//! under it, previous/next by button, arrow keys or a swipe, and a
//! full-size view. Works with a single picture too (no thumbnails or
//! arrows then). Only the product page uses it, so it lives in that page's
//! chunk, never in the first load.

use crate::components::picture::{picture_with_alt, Shown};
use crate::i18n::use_lang;
use leptos::html::Div;
use leptos::prelude::*;
use nttmart_domain::catalog::Image;
use nttmart_domain::{photo, Lang};

/// A swipe is a horizontal move of at least this many CSS pixels.
const SWIPE_PX: i32 = 40;

/// `alt`: the alt text of an image (by its `src`) in a language, for
/// images that came without one (the index feed's). `more`: when the
/// arrows and thumbnails may be built. The main picture comes with the
/// page; the rest a task later, so that the page's top is not one long
/// task on a slow phone (issue 20). The thumbnails' row keeps its height
/// meanwhile (style/main.css), so nothing below it moves.
#[component]
pub fn Gallery(
    images: Vec<Image>,
    #[prop(into)] more: Signal<bool>,
    #[prop(optional_no_strip)] alt: Option<Callback<(String, Lang), String>>,
) -> impl IntoView {
    let lang = use_lang();
    let count = images.len();
    let images = StoredValue::new(images);
    let picture = move |img: &Image, shown: Shown| {
        let own = img.clone();
        let alt = Signal::derive(move || {
            let l = lang.get();
            match own.alt_in(l) {
                "" => alt.map(|from| from.run((own.src.clone(), l))).unwrap_or_default(),
                text => text.to_owned(),
            }
        });
        picture_with_alt(img, alt, shown)
    };
    let current = RwSignal::new(0usize);
    let full = RwSignal::new(false);
    // Only the page's first picture as first shown is eager and high
    // priority (the page's largest paint); pictures shown later load as
    // they are asked for.
    let first_paint = StoredValue::new(true);
    let go = move |step: isize| {
        if count > 1 {
            current.update(|i| *i = (*i as isize + step).rem_euclid(count as isize) as usize);
        }
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| match ev.key().as_str() {
        "ArrowLeft" => {
            ev.prevent_default();
            go(-1);
        }
        "ArrowRight" => {
            ev.prevent_default();
            go(1);
        }
        "Escape" if full.get_untracked() => full.set(false),
        _ => {}
    };
    let swipe_from = StoredValue::new(None::<i32>);
    let on_down = move |ev: leptos::ev::PointerEvent| swipe_from.set_value(Some(ev.client_x()));
    let on_up = move |ev: leptos::ev::PointerEvent| {
        if let Some(from) = swipe_from.get_value() {
            swipe_from.set_value(None);
            let dx = ev.client_x() - from;
            if dx <= -SWIPE_PX {
                go(1);
            } else if dx >= SWIPE_PX {
                go(-1);
            }
        }
    };
    let main = move || {
        let i = current.get();
        let first = first_paint.get_value();
        first_paint.set_value(false);
        let shown = Shown { sizes: photo::PAGE_SIZES, eager: first || i > 0, priority: first && i == 0 };
        images.with_value(|all| all.get(i).map(|img| picture(img, shown)))
    };
    let l = move || lang.get();
    let arrows = move || {
        (count > 1 && more.get()).then(|| {
            view! {
                <button type="button" class="gallery__arrow gallery__arrow--prev" aria-label=move || l().pick("Foto sebelumnya", "Previous photo")
                    on:click=move |_| go(-1)>"‹"</button>
                <button type="button" class="gallery__arrow gallery__arrow--next" aria-label=move || l().pick("Foto berikutnya", "Next photo")
                    on:click=move |_| go(1)>"›"</button>
                <p class="gallery__count" aria-live="polite">{move || format!("{} / {count}", current.get() + 1)}</p>
            }
        })
    };
    let buttons = move || {
        more.get().then(|| {
            (0..count)
                .map(|i| {
                    let thumb = images.with_value(|all| {
                        picture(&all[i], Shown { sizes: photo::THUMB_SIZES, eager: false, priority: false })
                    });
                    view! {
                        <li>
                            <button type="button" class="gallery__thumb" aria-current=move || (current.get() == i).then_some("true")
                                aria-label=move || format!("{} {}", l().pick("Foto", "Photo"), i + 1)
                                on:click=move |_| current.set(i)>
                                {thumb}
                            </button>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let thumbs = (count > 1).then(|| view! { <ul class="gallery__thumbs">{buttons}</ul> });
    let dialog = NodeRef::<Div>::new();
    Effect::new(move || {
        if let Some(el) = dialog.get() {
            let _ = el.focus();
        }
    });
    let full_view = move || {
        full.get().then(|| {
            let i = current.get();
            let big = images.with_value(|all| {
                all.get(i).map(|img| picture(img, Shown { sizes: "100vw", eager: true, priority: false }))
            });
            view! {
                <div class="gallery__full" role="dialog" aria-modal="true" tabindex="-1" node_ref=dialog
                    aria-label=move || l().pick("Foto ukuran penuh", "Full-size photo")
                    on:keydown=on_key on:pointerdown=on_down on:pointerup=on_up>
                    <button type="button" class="gallery__close button" on:click=move |_| full.set(false)>
                        {move || l().pick("Tutup", "Close")}
                    </button>
                    {big}
                </div>
            }
        })
    };
    view! {
        <div class="gallery" data-count=count.to_string()>
            <div class="gallery__stage product-page__media" tabindex="0"
                aria-label=move || l().pick("Foto produk; geser atau tekan panah untuk foto lain", "Product photos; swipe or use the arrow keys for more")
                on:keydown=on_key on:pointerdown=on_down on:pointerup=on_up>
                {main}
                <span class="product-card__mark">"Produk Desa"</span>
                <button type="button" class="gallery__zoom" on:click=move |_| full.set(true)>
                    {move || l().pick("Perbesar", "Enlarge")}
                </button>
                {arrows}
            </div>
            {thumbs}
            {full_view}
        </div>
    }
}
