//! Product photos as the site serves them.
//!
//! Staff put a phone photo (JPEG, PNG or WebP) under the site's image
//! folder and name it in the feed (`"src": "img/foto/madu-amfoang.jpg"`).
//! The build (`nttmart pages`, crates/tool/src/photos.rs) writes it as AVIF,
//! WebP and JPEG at the widths of [`widths`], named by a hash of the source
//! (`img/p/<id>-<width>.<ext>`), and rewrites the image in the feeds it
//! writes: `src` becomes the base `img/p/<id>` and [`Photo`] says how big
//! the upright source is and what colour stands in while it loads. Both
//! the tool (static pages) and the app build their `srcset` here, so the
//! two always name the same files.

use crate::catalog::Image;

/// The widths written for every photo, in pixels, smallest first. Besides
/// issue 16's five (320–1280): 160 for the gallery's 80 px thumbnails on a
/// 2x screen (a fifth of the bytes of a 320 copy), and 720 for the product
/// page's photo on the phones most of NTT's customers hold (720 px wide
/// screens at 360 CSS px, and a 412 px one at 1.75x), which would
/// otherwise take the 960 copy: about 4.5 KB less on every product page's
/// first load.
pub const WIDTHS: [u32; 7] = [160, 320, 480, 640, 720, 960, 1280];

/// A photo narrower than this is refused: it would look blurred on every
/// phone (the smallest card is 320 device pixels wide on a 2x screen).
pub const MIN_WIDTH: u32 = 320;
/// And one lower than this (a 4:3 photo at [`MIN_WIDTH`]).
pub const MIN_HEIGHT: u32 = 240;

/// At most this many images per product.
pub const MAX_IMAGES: usize = 8;

/// Where the build writes photos, from the site root.
pub const DIR: &str = "img/p";

/// The formats written, best first: file extension and MIME type. A
/// `<picture>` lists them in this order so a browser takes the first it
/// can show; the JPEG is also the `<img>` fallback.
pub const FORMATS: [(&str, &str); 3] = [("avif", "image/avif"), ("webp", "image/webp"), ("jpg", "image/jpeg")];

/// `sizes` of a product card's picture: two columns on a phone (less the
/// page's padding and the gap), three to four on a tablet, 4–6 cards of at
/// most ~260 px on a wide screen (style/main.css, `.product-grid`).
pub const CARD_SIZES: &str = "(min-width: 1024px) 260px, (min-width: 600px) 30vw, calc(50vw - 24px)";
/// `sizes` of the product page's main picture: the whole width on a phone,
/// the left column (at most 640 px) from 1024 px on.
pub const PAGE_SIZES: &str = "(min-width: 1024px) 600px, (min-width: 672px) 640px, calc(100vw - 32px)";
/// `sizes` of a thumbnail in the product page's gallery.
pub const THUMB_SIZES: &str = "80px";
/// `sizes` of the kiosk's product pictures (a 1080 px wide portrait screen
/// or a landscape one: half of it at most).
pub const KIOSK_SIZES: &str = "(orientation: portrait) 90vw, 45vw";
/// `sizes` of a kiosk grid card.
pub const KIOSK_CARD_SIZES: &str = "(orientation: portrait) 45vw, 25vw";

/// The built photo behind an image: its size once turned upright and the
/// colour shown while it loads. Written by the build, never by staff.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Photo {
    pub width: u32,
    pub height: u32,
    /// Average colour, `rrggbb` (no `#`: one byte less a photo in the feed
    /// every phone downloads).
    pub color: String,
    /// A tiny blurred copy as a `data:` URL (at most [`PLACEHOLDER_MAX`]
    /// bytes), for pages written by the build. Not in the index feed.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub placeholder: String,
}

/// The longest placeholder, in bytes.
pub const PLACEHOLDER_MAX: usize = 600;

/// The widths a photo `width` pixels wide is written at: those of
/// [`WIDTHS`] below it and the photo's own width, capped at the largest.
/// Never wider than the source: nothing is upscaled.
pub fn widths(width: u32) -> Vec<u32> {
    let top = width.min(WIDTHS[WIDTHS.len() - 1]);
    let mut out: Vec<u32> = WIDTHS.iter().copied().filter(|&w| w < top).collect();
    if top > 0 {
        out.push(top);
    }
    out
}

/// The height of the copy `to` pixels wide of a `width`×`height` photo.
pub fn height_at(width: u32, height: u32, to: u32) -> u32 {
    if width == 0 {
        return 0;
    }
    ((u64::from(height) * u64::from(to) + u64::from(width) / 2) / u64::from(width)).max(1) as u32
}

/// One written file, from the site root: `img/p/<id>-640.avif`.
pub fn file(base: &str, width: u32, ext: &str) -> String {
    format!("{}-{width}.{ext}", base.trim_start_matches('/'))
}

/// A `srcset` of one format: `/img/p/<id>-320.avif 320w, …`.
pub fn srcset(base: &str, photo: &Photo, ext: &str) -> String {
    let mut out = String::new();
    for w in widths(photo.width) {
        if !out.is_empty() {
            out.push_str(", ");
        }
        out.push('/');
        out.push_str(&file(base, w, ext));
        out.push(' ');
        out.push_str(&w.to_string());
        out.push('w');
    }
    out
}

/// The JPEG an `<img>` names for browsers without `srcset` (and as the
/// element's `src`): the copy nearest 640 px, enough for any phone.
pub fn fallback(base: &str, photo: &Photo) -> String {
    let w = widths(photo.width).into_iter().filter(|&w| w <= 640).last().unwrap_or(MIN_WIDTH.min(photo.width));
    format!("/{}", file(base, w, "jpg"))
}

/// One file for a plain `<img src>` (a cart line, a kiosk slide), from
/// the site root: a photo's WebP at least `min` pixels wide (or its widest;
/// every browser that runs the app shows WebP), else the image's own
/// address.
pub fn single(image: &Image, min: u32) -> String {
    match &image.photo {
        Some(p) => {
            let all = widths(p.width);
            let w = all.iter().copied().find(|&w| w >= min).or(all.last().copied()).unwrap_or(p.width);
            file(&image.src, w, "webp")
        }
        None => image.src.clone(),
    }
}

/// The image's built photo, when it has one.
pub fn of(image: &Image) -> Option<&Photo> {
    image.photo.as_ref()
}

/// The `object-position` of an image's focal point (`50% 30%`), so a crop
/// to the card's 4:3 keeps the subject; the centre when it has none.
pub fn object_position(image: &Image) -> String {
    match image.focus {
        Some(f) => format!("{}% {}%", f.x, f.y),
        None => "50% 50%".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_never_exceed_the_source() {
        assert_eq!(widths(4032), vec![160, 320, 480, 640, 720, 960, 1280]);
        assert_eq!(widths(1280), vec![160, 320, 480, 640, 720, 960, 1280]);
        assert_eq!(widths(1000), vec![160, 320, 480, 640, 720, 960, 1000]);
        assert_eq!(widths(700), vec![160, 320, 480, 640, 700]);
        assert_eq!(widths(640), vec![160, 320, 480, 640]);
        assert_eq!(widths(500), vec![160, 320, 480, 500]);
        assert_eq!(widths(MIN_WIDTH), vec![160, 320]);
        for w in [320, 333, 700, 5000] {
            assert!(widths(w).iter().all(|&x| x <= w));
            assert!(widths(w).windows(2).all(|p| p[0] < p[1]));
        }
    }

    #[test]
    fn srcset_names_every_width_once() {
        let photo = Photo { width: 1000, height: 750, color: "8a6b3c".into(), placeholder: String::new() };
        assert_eq!(
            srcset("img/p/abc", &photo, "avif"),
            "/img/p/abc-160.avif 160w, /img/p/abc-320.avif 320w, /img/p/abc-480.avif 480w, /img/p/abc-640.avif 640w, /img/p/abc-720.avif 720w, /img/p/abc-960.avif 960w, /img/p/abc-1000.avif 1000w"
        );
        assert_eq!(fallback("img/p/abc", &photo), "/img/p/abc-640.jpg");
        let small = Photo { width: 400, height: 300, ..photo.clone() };
        assert_eq!(fallback("img/p/abc", &small), "/img/p/abc-400.jpg");
        assert_eq!(height_at(4032, 3024, 640), 480);
        let image = Image { src: "img/p/abc".into(), photo: Some(photo.clone()), ..Image::default() };
        assert_eq!(single(&image, 200), "img/p/abc-320.webp");
        assert_eq!(single(&image, 2000), "img/p/abc-1000.webp");
        assert_eq!(single(&Image::new("img/category/kopi.svg", "Kopi"), 200), "img/category/kopi.svg");
        assert_eq!(height_at(3024, 4032, 320), 427);
    }

    fn sample_with(images: serde_json::Value) -> crate::feed::Parsed {
        let mut feed: serde_json::Value =
            serde_json::from_slice(include_bytes!("../../../public/catalog.json")).unwrap();
        feed["products"][0]["images"] = images;
        crate::feed::parse(&serde_json::to_vec(&feed).unwrap()).unwrap()
    }

    #[test]
    fn the_feed_reads_alt_en_focus_and_the_built_photo() {
        let parsed = sample_with(serde_json::json!([{
            "src": "img/p/0123456789ab", "alt": "Madu", "alt_en": "Honey", "focus": {"x": 40, "y": 60},
            "photo": {"width": 4032, "height": 3024, "color": "8a6b3c", "placeholder": "data:image/webp;base64,UklGRg=="}
        }]));
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        let catalog = parsed.catalog.unwrap();
        let image = &catalog.products[0].images[0];
        assert_eq!(image.alt_in(crate::Lang::En), "Honey");
        assert_eq!(image.alt_in(crate::Lang::Id), "Madu");
        assert_eq!(object_position(image), "40% 60%");
        assert_eq!(of(image).unwrap().width, 4032);
        // Written back, it reads the same (the build rewrites feeds this way).
        let again = serde_json::to_vec(&catalog).unwrap();
        assert_eq!(crate::feed::parse(&again).unwrap().catalog.unwrap().products[0].images[0], *image);
    }

    #[test]
    fn bad_photo_fields_and_too_many_images_are_reported_with_their_path() {
        let parsed = sample_with(serde_json::json!([{
            "src": "img/p/x", "alt": "Madu", "focus": {"x": 140, "y": 0},
            "photo": {"width": 10, "height": 10, "color": "#8a6b3", "placeholder": "javascript:alert(1)"}
        }]));
        let text: Vec<String> = parsed.problems.iter().map(|p| p.to_string()).collect();
        for path in [
            "products[0].images[0].focus.x",
            "products[0].images[0].photo.color",
            "products[0].images[0].photo.placeholder",
        ] {
            assert!(text.iter().any(|t| t.starts_with(path)), "{path} in {text:?}");
        }
        let nine: Vec<_> = (0..9).map(|i| serde_json::json!({"src": format!("img/{i}.svg"), "alt": "x"})).collect();
        let parsed = sample_with(serde_json::Value::Array(nine));
        assert!(
            parsed
                .problems
                .iter()
                .any(|p| p.to_string().contains("products[0].images") && p.to_string().contains("at most 8")),
            "{:?}",
            parsed.problems
        );
    }
}
