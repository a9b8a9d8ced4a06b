//! A feed image as pages show it (issue 16): a built photo as `<picture>`
//! with AVIF and WebP sources and a JPEG `<img>`, each listing every width
//! the build wrote (`srcset`) and how wide the picture is shown (`sizes`),
//! so a 412 px phone downloads a ~480 px AVIF instead of a 4000 px JPEG; an
//! illustration as a plain `<img>`. Width and height are always given, so
//! nothing moves when the picture arrives, and a photo's box shows its
//! average colour until then.
//!
//! Only pages loaded on demand (catalogue, product, village, kabupaten) and
//! the kiosk call this: the home page's cards keep the category
//! illustrations (`ProductCard` without a `picture`), so this code and the
//! photos stay out of the first load's 250 KB (BENCHMARKS.md, issue 16).

use leptos::prelude::*;
use nttmart_domain::catalog::Image;
use nttmart_domain::photo;
use nttmart_domain::Lang;

/// How a picture is shown.
#[derive(Clone, Copy, Debug)]
pub struct Shown {
    /// The `sizes` attribute (`nttmart_domain::photo::CARD_SIZES`, …).
    pub sizes: &'static str,
    /// Loaded at once rather than when it nears the screen.
    pub eager: bool,
    /// `fetchpriority=high`: the page's main picture (its LCP element).
    pub priority: bool,
}

/// Site-root URL of a feed image path (`img/x.svg` → `/img/x.svg`); https
/// URLs pass through.
pub fn image_url(src: &str) -> String {
    crate::components::product_card::image_url(src)
}

/// The image as markup, its alt text in `lang`.
pub fn picture(image: &Image, lang: Lang, shown: Shown) -> AnyView {
    picture_with_alt(image, Signal::stored(image.alt_in(lang).to_owned()), shown)
}

/// [`picture`] with an alt text that may arrive later: the storefront's
/// index feed leaves alt texts to the detail files (`Details::alt`).
pub fn picture_with_alt(image: &Image, alt: Signal<String>, shown: Shown) -> AnyView {
    let loading = if shown.eager { "eager" } else { "lazy" };
    let Some(p) = image.photo.as_ref() else {
        return view! { <img src=image_url(&image.src) alt=alt width="400" height="300" loading=loading decoding="async"/> }
            .into_any();
    };
    let base = image.src.as_str();
    let sizes = shown.sizes;
    view! {
        <picture>
            <source type="image/avif" srcset=photo::srcset(base, p, "avif") sizes=sizes/>
            <source type="image/webp" srcset=photo::srcset(base, p, "webp") sizes=sizes/>
            <img src=photo::fallback(base, p) srcset=photo::srcset(base, p, "jpg") sizes=sizes alt=alt
                width=p.width.to_string() height=p.height.to_string() loading=loading decoding="async"
                fetchpriority=if shown.priority { "high" } else { "auto" }
                class="photo"
                style:object-position=photo::object_position(image)
                style:background-color=format!("#{}", p.color)/>
        </picture>
    }
    .into_any()
}

/// A product card's picture (`ProductCard`'s `picture`).
/// Decorative (`alt=""`): the card's link says the product's name right
/// beside it, and a screen reader need not hear the product twice.
pub fn card_picture(image: &Image, eager: bool) -> AnyView {
    picture_with_alt(image, Signal::stored(String::new()), Shown { sizes: photo::CARD_SIZES, eager, priority: false })
}
