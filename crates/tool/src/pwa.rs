//! Offline and install support, written at build time by `nttmart pages`:
//! the PNG app icons of the web app manifest (Android wants PNGs for the
//! home-screen icon and splash; the SVG masters live in `brand/icons/`) and
//! the service worker's precache list and release version.

use crate::share_card::encode_png;
use resvg::{tiny_skia, usvg};
use std::path::Path;

/// (master SVG, output PNG, size in px) under `brand/icons/`. The maskable
/// master fills the whole square with the brand's indigo and keeps the mark
/// inside the central safe circle, so any launcher mask crops it cleanly; it
/// also serves as the Apple touch icon, which iOS rounds itself.
pub const ICONS: [(&str, &str, u32); 5] = [
    ("icon.svg", "icon-192.png", 192),
    ("icon.svg", "icon-512.png", 512),
    ("icon-maskable.svg", "icon-maskable-192.png", 192),
    ("icon-maskable.svg", "icon-maskable-512.png", 512),
    ("icon-maskable.svg", "apple-touch-icon.png", 180),
];

/// Placeholders in `public/sw.js`, kept valid JavaScript so an unfilled
/// worker fails its install (it cannot fetch the placeholder URL) rather
/// than running with a wrong list.
pub const VERSION_MARK: &str = "\"__NTTMART_VERSION__\"";
pub const PRECACHE_MARK: &str = "[\"__NTTMART_PRECACHE__\"]";
pub const KIOSK_PRECACHE_MARK: &str = "[\"__NTTMART_KIOSK_PRECACHE__\"]";

/// Where the kiosk's entry point is built (scripts/post-build), in `out`
/// and in site paths.
pub const KIOSK_DIR: &str = "kiosk";

/// Files of the shell besides the hashed bundle, in site paths.
const SHELL_FILES: [&str; 7] = [
    "/index.html",
    "/boot.js",
    "/manifest.webmanifest",
    "/favicon.svg",
    "/brand/icons/icon-192.png",
    "/brand/wordmark.svg",
    "/brand/tenun-pattern.svg",
];

/// Files only the kiosk shows (its attract loop's light wordmark).
const KIOSK_FILES: [&str; 1] = ["/brand/wordmark-light.svg"];

/// Renders every icon of [`ICONS`] from `assets/brand/icons/` into
/// `out/brand/icons/`. Returns how many were written.
pub fn write_icons(assets: &Path, out: &Path) -> Result<usize, String> {
    let dir = out.join("brand/icons");
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: cannot create: {e}", dir.display()))?;
    for (master, file, size) in ICONS {
        let source = assets.join("brand/icons").join(master);
        let svg = std::fs::read_to_string(&source).map_err(|e| format!("{}: cannot read: {e}", source.display()))?;
        let png = render_icon(&svg, size).map_err(|e| format!("{}: {e}", source.display()))?;
        let path = dir.join(file);
        crate::util::replace_file(&path, &png).map_err(|e| format!("{}: cannot write: {e}", path.display()))?;
    }
    Ok(ICONS.len())
}

/// One square icon, `size` px wide, as a PNG.
pub fn render_icon(svg: &str, size: u32) -> Result<Vec<u8>, String> {
    let tree = usvg::Tree::from_str(svg, &usvg::Options::default()).map_err(|e| format!("icon SVG: {e}"))?;
    let mut pixmap = tiny_skia::Pixmap::new(size, size).ok_or("cannot allocate the icon")?;
    let scale = size as f32 / tree.size().width().max(tree.size().height());
    resvg::render(&tree, tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    encode_png(pixmap.data(), size, size)
}

/// What the service worker precaches: the shell files that exist in `out`
/// plus every hashed asset `index` links to, in a stable order.
pub fn precache_list(out: &Path, index: &str) -> Vec<String> {
    let mut list = existing(out, &SHELL_FILES);
    list.extend(linked_hashed_assets(out, "/", index));
    list
}

/// The site paths of `files` that the build has in `out`.
fn existing(out: &Path, files: &[&str]) -> Vec<String> {
    files.iter().filter(|p| out.join(&p[1..]).is_file()).map(|p| p.to_string()).collect()
}

/// What the service worker precaches on a kiosk (and only there: phones
/// never download the kiosk's bundle): its page and the hashed assets that
/// page links to, or nothing if the build has no kiosk.
pub fn kiosk_precache_list(out: &Path) -> Vec<String> {
    let dir = out.join(KIOSK_DIR);
    let Ok(page) = std::fs::read_to_string(dir.join("index.html")) else { return Vec::new() };
    let base = format!("/{KIOSK_DIR}/");
    let mut list = vec![format!("{base}index.html")];
    list.extend(existing(out, &KIOSK_FILES));
    list.extend(linked_hashed_assets(&dir, &base, &page));
    list
}

/// The hashed assets in `dir` that `html` links to as `<base><name>`, and
/// those the linked scripts load in turn as `./<name>` (the lazily loaded
/// page chunks and their loader), as site paths in a stable order.
fn linked_hashed_assets(dir: &Path, base: &str, html: &str) -> Vec<String> {
    let mut candidates: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| entry.file_name().into_string().ok())
        .filter(|name| is_hashed_asset(name))
        .collect();
    candidates.sort();
    let mut linked = Vec::new();
    let mut scripts: Vec<String> = Vec::new();
    loop {
        let before = linked.len();
        candidates.retain(|name| {
            let from_html = html.contains(&format!("{base}{name}"));
            let from_script = scripts.iter().any(|js| js.contains(&format!("\"./{name}\"")));
            if !(from_html || from_script) {
                return true;
            }
            if name.ends_with(".js") {
                scripts.push(std::fs::read_to_string(dir.join(name)).unwrap_or_default());
            }
            linked.push(format!("{base}{name}"));
            false
        });
        if linked.len() == before {
            break;
        }
    }
    linked.sort();
    linked
}

/// `main-94d722b6bd3044de.css`, `nttmart-web-e7ddb04704e36965_bg.wasm`: the
/// names Trunk gives the bundle (the pattern nginx caches forever).
pub fn is_hashed_asset(name: &str) -> bool {
    let Some((stem, ext)) = name.rsplit_once('.') else { return false };
    if !matches!(ext, "js" | "wasm" | "css") {
        return false;
    }
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    let Some((_, hash)) = stem.rsplit_once('-') else { return false };
    (8..=16).contains(&hash.len()) && hash.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Fills in the worker template: the shell's precache `list` and the
/// kiosk's. The version changes whenever any file of either changes (the
/// hashed names already encode their content; the others are hashed here),
/// which is what makes browsers install the new release.
pub fn fill_worker(template: &str, out: &Path, list: &[String], kiosk: &[String]) -> Result<String, String> {
    if ![VERSION_MARK, PRECACHE_MARK, KIOSK_PRECACHE_MARK].iter().all(|mark| template.contains(mark)) {
        return Err("sw.js: the version or a precache placeholder is missing".into());
    }
    let mut digest = Vec::new();
    digest.extend_from_slice(template.as_bytes());
    for path in list.iter().chain(kiosk) {
        digest.extend_from_slice(path.as_bytes());
        if !is_hashed_asset(path.trim_start_matches('/')) {
            let file = out.join(&path[1..]);
            let bytes = std::fs::read(&file).map_err(|e| format!("{}: cannot read: {e}", file.display()))?;
            digest.extend_from_slice(&bytes);
        }
    }
    let version = format!("\"{}\"", crate::markup::version_of(&digest));
    let array = |paths: &[String]| {
        let quoted: Vec<String> = paths.iter().map(|p| serde_json::Value::from(p.as_str()).to_string()).collect();
        format!("[{}]", quoted.join(", "))
    };
    Ok(template
        .replace(VERSION_MARK, &version)
        .replace(PRECACHE_MARK, &array(list))
        .replace(KIOSK_PRECACHE_MARK, &array(kiosk)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_trunk_asset_names() {
        assert!(is_hashed_asset("main-94d722b6bd3044de.css"));
        assert!(is_hashed_asset("nttmart-web-e7ddb04704e36965_bg.wasm"));
        assert!(is_hashed_asset("nttmart-web-e7ddb04704e369.js"));
        assert!(!is_hashed_asset("boot.js"));
        assert!(!is_hashed_asset("sw.js"));
        assert!(!is_hashed_asset("catalog.json"));
        assert!(!is_hashed_asset("main-XYZ4b6bd3044de.css"));
        assert!(!is_hashed_asset("main-1234567.css"));
    }

    #[test]
    fn precaches_the_page_chunks_the_bundle_loads() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
        // As `nttmart-split install` leaves the tag: the packs are named
        // for boot.js without a leading `/`, and are never precached (a
        // page the worker controls reads the single files).
        write(
            "index.html",
            "<script data-js=\"/app-0123456789abcdef.js\" data-nttmart-split=\"/__wasm_split-00000000000000aa.js\" data-nttmart-packs=\"pack_cart-00000000000000dd.wasm\">",
        );
        write("app-0123456789abcdef.js", "import * as a from \"./__wasm_split-00000000000000aa.js\"");
        write(
            "__wasm_split-00000000000000aa.js",
            "fetch(new URL(\"./split_cart-00000000000000bb.wasm\", u)); packed(\"pack_cart-00000000000000dd.wasm\")",
        );
        write("split_cart-00000000000000bb.wasm", "cart");
        write("pack_cart-00000000000000dd.wasm", "cart and its chunks");
        write("split_old-00000000000000cc.wasm", "left over from another build");
        let index = std::fs::read_to_string(dir.path().join("index.html")).unwrap();
        assert_eq!(
            precache_list(dir.path(), &index),
            [
                "/index.html",
                "/__wasm_split-00000000000000aa.js",
                "/app-0123456789abcdef.js",
                "/split_cart-00000000000000bb.wasm"
            ]
        );
    }

    #[test]
    fn icons_are_square_pngs_of_the_asked_size() {
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" fill="#1f2a5c"/></svg>"##;
        let png = render_icon(svg, 192).unwrap();
        assert_eq!(&png[1..4], b"PNG");
        // IHDR: width and height, big-endian, at bytes 16..24.
        assert_eq!(u32::from_be_bytes(png[16..20].try_into().unwrap()), 192);
        assert_eq!(u32::from_be_bytes(png[20..24].try_into().unwrap()), 192);
        assert!(render_icon("<svg", 192).is_err());
    }

    #[test]
    fn worker_version_follows_the_shell() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("index.html"), "<script src=\"/app-0123456789abcdef.js\">").unwrap();
        std::fs::write(dir.path().join("app-0123456789abcdef.js"), "x").unwrap();
        std::fs::write(dir.path().join("old-fedcba9876543210.js"), "unlinked").unwrap();
        let index = std::fs::read_to_string(dir.path().join("index.html")).unwrap();
        let list = precache_list(dir.path(), &index);
        assert_eq!(list, ["/index.html", "/app-0123456789abcdef.js"]);

        assert!(kiosk_precache_list(dir.path()).is_empty(), "a build without a kiosk");

        let template = format!(
            "const VERSION = {VERSION_MARK};\nconst PRECACHE = {PRECACHE_MARK};\nconst KIOSK_PRECACHE = {KIOSK_PRECACHE_MARK};\n"
        );
        let first = fill_worker(&template, dir.path(), &list, &[]).unwrap();
        assert!(first.contains("const PRECACHE = [\"/index.html\", \"/app-0123456789abcdef.js\"];"), "{first}");
        assert!(first.contains("const KIOSK_PRECACHE = [];"), "{first}");
        assert!(!first.contains("__NTTMART"));
        std::fs::write(dir.path().join("index.html"), "<script src=\"/app-0123456789abcdef.js\"> changed").unwrap();
        let second = fill_worker(&template, dir.path(), &list, &[]).unwrap();
        assert_ne!(first, second, "a changed shell is a new release");
        assert!(fill_worker("no marks", dir.path(), &list, &[]).is_err());

        // The kiosk's page and bundle live in kiosk/, with their own names.
        let kiosk = dir.path().join(KIOSK_DIR);
        std::fs::create_dir(&kiosk).unwrap();
        std::fs::write(kiosk.join("index.html"), "<script src=\"/kiosk/kiosk-00112233aabbccdd.js\">").unwrap();
        std::fs::write(kiosk.join("kiosk-00112233aabbccdd.js"), "k").unwrap();
        std::fs::write(kiosk.join("app-0123456789abcdef.js"), "not linked from the kiosk page").unwrap();
        let kiosk_list = kiosk_precache_list(dir.path());
        assert_eq!(kiosk_list, ["/kiosk/index.html", "/kiosk/kiosk-00112233aabbccdd.js"]);
        let third = fill_worker(&template, dir.path(), &list, &kiosk_list).unwrap();
        assert!(third.contains(r#"const KIOSK_PRECACHE = ["/kiosk/index.html", "/kiosk/kiosk-00112233aabbccdd.js"];"#));
        std::fs::write(kiosk.join("index.html"), "<script src=\"/kiosk/kiosk-00112233aabbccdd.js\"> changed").unwrap();
        let fourth = fill_worker(&template, dir.path(), &list, &kiosk_list).unwrap();
        assert_ne!(third, fourth, "a changed kiosk page is a new release too");
    }
}
