//! One SVG file with every category illustration (`img/category/*.svg`):
//! `img/category.svg`, in which each illustration is a `<view>` named after
//! its file, so `/img/category.svg#kopi` shows `img/category/kopi.svg`.
//!
//! A home page shows a dozen and a half of them (the featured products'
//! pictures and the category tiles), the catalogue a page of them: one
//! request instead of one each. On a slow link (issue 20) each request costs
//! a round trip, a connection slot and ~0.8 kB of response headers, and one
//! file compresses to half of what the separate files do (the illustrations
//! share their palette and shapes). The index feed points its products'
//! pictures into it (`index_feed::write`, [`in_sprite`]) and the home page's
//! category tiles use it (`src/pages/home.rs`); the files themselves stay,
//! for share cards, the static product pages, the kiosk (which reads the
//! whole feed) and old links.
//!
//! `nttmart pages` writes it on every run, like the index feed, so a site
//! where staff added an illustration gets it after the usual re-run.

use std::path::Path;

/// Where the sprite is written, from the site root.
pub const SPRITE: &str = "img/category.svg";
/// Where the illustrations are, from the site root.
pub const FOLDER: &str = "img/category";

/// Writes `out/img/category.svg` from `assets/img/category/*.svg`. Returns
/// the names of the illustrations it holds (none: no folder, nothing
/// written).
pub fn write(assets: &Path, out: &Path) -> Result<Vec<String>, String> {
    let dir = assets.join(FOLDER);
    let Ok(entries) = std::fs::read_dir(&dir) else { return Ok(Vec::new()) };
    let mut files: Vec<(String, std::path::PathBuf)> = entries
        .flatten()
        .filter_map(|e| {
            let path = e.path();
            let stem = path.file_stem()?.to_str()?.to_string();
            (path.extension()? == "svg" && is_name(&stem)).then_some((stem, path))
        })
        .collect();
    files.sort();
    let mut pictures = Vec::new();
    for (stem, path) in &files {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
        match parse(&text) {
            Some(picture) => pictures.push((stem.as_str(), picture)),
            // Not an SVG this can take apart: the page asks for it by its
            // own name instead (`picture_url` only knows the folder, so it
            // is left out only if it is broken anyway).
            None => eprintln!("nttmart pages: {}: not a plain SVG, left out of {SPRITE}", path.display()),
        }
    }
    if pictures.is_empty() {
        return Ok(Vec::new());
    }
    let target = out.join(SPRITE);
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: cannot create: {e}", parent.display()))?;
    }
    let text = sprite(&pictures);
    // Its quality-11 copy, which nginx serves (`brotli_static` in /img/):
    // ~13 % smaller than on the fly. Written first, as the index feed's.
    let packed = crate::precompress::brotli_max(text.as_bytes())?;
    let packed_path = out.join(format!("{SPRITE}.br"));
    // The plain file last: a server never has a new one beside an old `.br`
    // for long, and neither is written into (`replace_file`).
    crate::util::replace_file(&packed_path, &packed)
        .map_err(|e| format!("{}: cannot write: {e}", packed_path.display()))?;
    crate::util::replace_file(&target, text.as_bytes())
        .map_err(|e| format!("{}: cannot write: {e}", target.display()))?;
    Ok(pictures.iter().map(|(name, _)| name.to_string()).collect())
}

/// The address of `src`'s place in the sprite, for a feed picture that is
/// one of its illustrations (`img/category/kopi.svg` →
/// `img/category.svg#kopi`); `None` for any other picture.
pub fn in_sprite(src: &str, names: &[String]) -> Option<String> {
    let name = src.trim_start_matches('/').strip_prefix(FOLDER)?.strip_prefix('/')?.strip_suffix(".svg")?;
    names.iter().any(|n| n == name).then(|| format!("{SPRITE}#{name}"))
}

/// A file name `picture_url` maps: lower-case letters, digits, `-`.
fn is_name(stem: &str) -> bool {
    !stem.is_empty() && stem.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// One illustration: its viewBox and what is inside its `<svg>`.
#[derive(Debug, PartialEq)]
struct Picture {
    view_box: [f64; 4],
    body: String,
}

fn parse(text: &str) -> Option<Picture> {
    let open = text.find("<svg")?;
    let open_end = open + text[open..].find('>')?;
    let tag = &text[open..open_end];
    let close = text.rfind("</svg>")?;
    if tag.ends_with('/') || close < open_end {
        return None;
    }
    let view_box = attribute(tag, "viewBox")?;
    let numbers: Vec<f64> =
        view_box.split([' ', ',']).filter(|s| !s.is_empty()).filter_map(|s| s.parse().ok()).collect();
    let view_box: [f64; 4] = numbers.try_into().ok()?;
    if view_box[2] <= 0.0 || view_box[3] <= 0.0 {
        return None;
    }
    // Its title and label are for the file opened alone; a page names the
    // picture in its own alt text.
    let mut body = text[open_end + 1..close].trim().to_string();
    while let (Some(start), Some(end)) = (body.find("<title>"), body.find("</title>")) {
        if end < start {
            break;
        }
        body.replace_range(start..end + "</title>".len(), "");
    }
    Some(Picture { view_box, body: body.trim().to_string() })
}

fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let needle = format!(" {name}=\"");
    let start = tag.find(&needle)? + needle.len();
    Some(&tag[start..start + tag[start..].find('"')?])
}

/// The illustrations one under the other, each in a nested `<svg>` with its
/// own viewBox, and a `<view>` per illustration that shows its part. The ids
/// inside an illustration get its name in front (`kopi--b`), so two files
/// may use the same ones.
///
/// A view only moves the window: the browser still paints every
/// illustration for each picture, clipped (Chromium: a median 85 ms of
/// painting a home page load on a desktop core, about four times that on
/// a phone; 27 ms with this rule, BENCHMARKS.md). So
/// every illustration but the one the address names (`:target`, the
/// `<view>` before it) is not displayed, and a picture costs one
/// illustration. Checked in Chromium, Firefox and WebKit
/// (`*_category_illustrations_paint` in tests/browser/engines.rs).
fn sprite(pictures: &[(&str, Picture)]) -> String {
    // Without a view (a name that is not in it, or the file opened alone),
    // an empty area the size of the first one, above them all: a blank
    // picture, as a missing file would be, rather than every one squeezed.
    let [_, _, first_width, first_height] = pictures[0].1.view_box;
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" viewBox=\"0 -{} {} {}\">\n",
        num(first_height),
        num(first_width),
        num(first_height)
    );
    out.push_str(TARGET_ONLY);
    let mut y = 0.0;
    for (name, picture) in pictures {
        let [x0, y0, w, h] = picture.view_box;
        out.push_str(&format!(
            "<view id=\"{name}\" viewBox=\"0 {} {} {}\"/><svg y=\"{}\" width=\"{}\" height=\"{}\" viewBox=\"{} {} {} {}\">{}</svg>\n",
            num(y),
            num(w),
            num(h),
            num(y),
            num(w),
            num(h),
            num(x0),
            num(y0),
            num(w),
            num(h),
            scoped_ids(&picture.body, name)
        ));
        y += h;
    }
    out.push_str("</svg>\n");
    out
}

const TARGET_ONLY: &str = "<style>view:not(:target)+svg{display:none}</style>\n";

fn num(n: f64) -> String {
    if n.fract() == 0.0 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// `id="b"` → `id="kopi--b"`, and the references to it (`href="#b"`,
/// `xlink:href="#b"`, `url(#b)`) with it.
fn scoped_ids(body: &str, name: &str) -> String {
    body.replace(" id=\"", &format!(" id=\"{name}--"))
        .replace("href=\"#", &format!("href=\"#{name}--"))
        .replace("url(#", &format!("url(#{name}--"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const KOPI: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" viewBox=\"0 0 400 300\" role=\"img\" aria-label=\"Ilustrasi kopi\"><title>Ilustrasi kopi</title>\n<defs><g id=\"b\"><ellipse rx=\"13\" ry=\"9\"/></g><pattern id=\"p\"/></defs>\n<rect width=\"400\" height=\"300\" fill=\"url(#p)\"/><use xlink:href=\"#b\"/>\n</svg>\n";
    const TEH: &str =
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 200 100\"><g id=\"b\"/><use href=\"#b\"/></svg>";

    #[test]
    fn one_view_per_illustration_with_its_own_ids() {
        let assets = tempfile::tempdir().unwrap();
        let out = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(assets.path().join(FOLDER)).unwrap();
        std::fs::write(assets.path().join(FOLDER).join("kopi.svg"), KOPI).unwrap();
        std::fs::write(assets.path().join(FOLDER).join("teh.svg"), TEH).unwrap();
        std::fs::write(assets.path().join(FOLDER).join("Not A Name.svg"), TEH).unwrap();
        std::fs::write(assets.path().join(FOLDER).join("broken.svg"), "<svg>").unwrap();
        std::fs::write(assets.path().join(FOLDER).join("notes.txt"), "x").unwrap();
        assert_eq!(write(assets.path(), out.path()).unwrap(), ["kopi", "teh"]);
        let sprite = std::fs::read_to_string(out.path().join(SPRITE)).unwrap();
        assert!(sprite.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""), "{sprite}");
        assert!(sprite.contains("viewBox=\"0 -300 400 300\">"), "blank without a view: {sprite}");
        assert!(sprite.contains(TARGET_ONLY), "only the named illustration is painted: {sprite}");
        assert!(
            sprite.contains("<view id=\"kopi\" viewBox=\"0 0 400 300\"/><svg "),
            "the view right before its illustration"
        );
        assert!(sprite.contains("<view id=\"kopi\" viewBox=\"0 0 400 300\"/>"), "{sprite}");
        assert!(sprite.contains("<view id=\"teh\" viewBox=\"0 300 200 100\"/>"), "{sprite}");
        assert!(sprite.contains("<svg y=\"300\" width=\"200\" height=\"100\" viewBox=\"0 0 200 100\">"), "{sprite}");
        assert!(sprite.contains("<g id=\"kopi--b\">") && sprite.contains("<g id=\"teh--b\"/>"), "{sprite}");
        assert!(sprite.contains("fill=\"url(#kopi--p)\"") && sprite.contains("xlink:href=\"#kopi--b\""), "{sprite}");
        assert!(sprite.contains("<use href=\"#teh--b\"/>"), "{sprite}");
        assert!(!sprite.contains("<title>") && !sprite.contains("broken"), "{sprite}");
        assert!(out.path().join(format!("{SPRITE}.br")).is_file(), "with its brotli copy");
    }

    #[test]
    fn nothing_to_write_without_illustrations() {
        let empty = tempfile::tempdir().unwrap();
        assert!(write(empty.path(), empty.path()).unwrap().is_empty());
        assert!(!empty.path().join(SPRITE).exists());
    }

    #[test]
    fn reads_the_project_illustrations() {
        let public = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../public");
        let out = tempfile::tempdir().unwrap();
        let files = std::fs::read_dir(public.join(FOLDER)).unwrap().count();
        assert_eq!(write(&public, out.path()).unwrap().len(), files, "every illustration is in the sprite");
    }

    #[test]
    fn points_only_illustrations_it_holds() {
        let names = vec!["kopi".to_string(), "madu-2".to_string()];
        assert_eq!(in_sprite("img/category/kopi.svg", &names).as_deref(), Some("img/category.svg#kopi"));
        assert_eq!(in_sprite("/img/category/madu-2.svg", &names).as_deref(), Some("img/category.svg#madu-2"));
        for other in [
            "img/category/teh.svg",
            "img/kopi.svg",
            "img/category/kopi.png",
            "https://x.id/img/category/kopi.svg",
            "img/categorykopi.svg",
        ] {
            assert_eq!(in_sprite(other, &names), None, "{other}");
        }
    }
}
