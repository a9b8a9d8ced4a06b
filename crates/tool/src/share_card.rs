//! Share cards: the 1200×630 PNG a chat app or social network shows when a
//! link to the shop is shared (`og:image`). Each card is composed as one SVG
//! string (brand art and the product illustration inlined as `<symbol>`s),
//! parsed by usvg, rasterised by resvg/tiny-skia and written as a palette PNG
//! so it stays far below WhatsApp's ~300 KB preview limit.
//!
//! Text is set in DejaVu Sans (Debian's `fonts-dejavu-core`); the same font
//! files measure the text so names wrap to at most three lines.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use resvg::{tiny_skia, usvg};

pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 630;

/// Where Debian's `fonts-dejavu-core` puts the fonts; `NTTMART_FONT_DIR`
/// overrides it (for machines that keep them elsewhere).
pub const FONT_DIR: &str = "/usr/share/fonts/truetype/dejavu";
pub const FONT_PACKAGE: &str = "fonts-dejavu-core";
const FONT_FAMILY: &str = "DejaVu Sans";
const FONT_REGULAR: &str = "DejaVuSans.ttf";
const FONT_BOLD: &str = "DejaVuSans-Bold.ttf";

// Brand palette (style/main.css tokens).
const INDIGO: &str = "#1f2a5c";
const MADDER: &str = "#a63a2b";
const OCHRE: &str = "#d9a23a";
const CREAM: &str = "#f7efe2";
const INK: &str = "#2b1d16";
const LEAF: &str = "#3f6b3a";
/// The warm sand behind the illustrations (their own backdrop colour).
const SAND: &str = "#ecdcc2";

// Layout: the artwork area above the tenun strip and the indigo band.
const STRIP_Y: f32 = 494.0;
const STRIP_H: f32 = 24.0;
const BAND_Y: f32 = STRIP_Y + STRIP_H;
const MARGIN: f32 = 56.0;

/// What a product's card shows.
#[derive(Clone, Debug)]
pub struct ProductCard {
    pub name: String,
    /// `Rp 125.000`
    pub price: String,
    /// `250 g`
    pub unit: String,
    /// Category name, shown small above the product name.
    pub category: String,
    /// `Desa Beiwali`
    pub village: String,
    /// `Kabupaten Ngada` / `Kota Kupang`; empty when unknown.
    pub kabupaten: String,
    /// The illustration: a file (SVG, PNG, JPEG…) on disk, or none.
    pub image: Option<PathBuf>,
    /// Host shown in the band: `nttmart.nttprov.go.id`.
    pub site: String,
}

/// What the site-wide card (the home page's `og:image`) shows.
#[derive(Clone, Debug)]
pub struct SiteCard {
    pub tagline: String,
    /// A short line under the tagline: `169 produk desa · 22 kabupaten/kota`.
    pub facts: String,
    /// Up to four illustrations for the collage.
    pub images: Vec<PathBuf>,
    pub site: String,
}

/// The two DejaVu Sans faces, kept as bytes: fontdb shapes with them and
/// ttf-parser measures with them.
struct Fonts {
    regular: Arc<Vec<u8>>,
    bold: Arc<Vec<u8>>,
}

impl Fonts {
    fn load() -> Result<Fonts, String> {
        let dir = std::env::var_os("NTTMART_FONT_DIR").map(PathBuf::from).unwrap_or_else(|| PathBuf::from(FONT_DIR));
        let read = |file: &str| -> Result<Arc<Vec<u8>>, String> {
            let path = dir.join(file);
            let bytes = std::fs::read(&path).map_err(|e| {
                format!(
                    "{}: cannot read the share-card font: {e}; install Debian's {FONT_PACKAGE} \
                     package (`apt-get install {FONT_PACKAGE}`, scripts/setup does) or point \
                     NTTMART_FONT_DIR at a folder with {FONT_REGULAR} and {FONT_BOLD}",
                    path.display()
                )
            })?;
            ttf_parser::Face::parse(&bytes, 0).map_err(|e| format!("{}: not a usable font: {e}", path.display()))?;
            Ok(Arc::new(bytes))
        };
        Ok(Fonts { regular: read(FONT_REGULAR)?, bold: read(FONT_BOLD)? })
    }

    /// Advance width of `text` at `size` px, without kerning (so a little
    /// wider than what is drawn: safe for wrapping).
    fn width(&self, text: &str, size: f32, bold: bool) -> f32 {
        let data = if bold { &self.bold } else { &self.regular };
        let face = ttf_parser::Face::parse(data, 0).expect("checked when loaded");
        let per_unit = size / f32::from(face.units_per_em());
        let fallback = f32::from(face.units_per_em()) * 0.6;
        text.chars()
            .map(|c| face.glyph_index(c).and_then(|g| face.glyph_hor_advance(g)).map(f32::from).unwrap_or(fallback))
            .sum::<f32>()
            * per_unit
    }

    /// Greedy word wrap to `max_width`; a word longer than a line is broken.
    fn wrap(&self, text: &str, size: f32, bold: bool, max_width: f32) -> Vec<String> {
        let mut lines: Vec<String> = Vec::new();
        let mut line = String::new();
        for word in text.split_whitespace() {
            let candidate = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
            if self.width(&candidate, size, bold) <= max_width {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            // The word alone: break it if it is wider than a whole line.
            let mut piece = String::new();
            for c in word.chars() {
                piece.push(c);
                if self.width(&piece, size, bold) > max_width && piece.chars().count() > 1 {
                    piece.pop();
                    lines.push(std::mem::take(&mut piece));
                    piece.push(c);
                }
            }
            line = piece;
        }
        if !line.is_empty() {
            lines.push(line);
        }
        lines
    }

    /// `text` shortened with `…` so it fits `max_width`.
    fn ellipsize(&self, text: &str, size: f32, bold: bool, max_width: f32) -> String {
        if self.width(text, size, bold) <= max_width {
            return text.to_string();
        }
        let mut chars: Vec<char> = text.chars().collect();
        while !chars.is_empty() {
            chars.pop();
            let base: String = chars.iter().collect();
            let candidate = format!("{}…", base.trim_end_matches([' ', ',', '·', '-']));
            if self.width(&candidate, size, bold) <= max_width {
                return candidate;
            }
        }
        "…".to_string()
    }

    /// The largest of `sizes` at which `text` wraps into at most `max_lines`;
    /// at the smallest size, the last line is cut with `…`.
    fn fit(&self, text: &str, sizes: &[f32], bold: bool, max_width: f32, max_lines: usize) -> (f32, Vec<String>) {
        for &size in sizes {
            let lines = self.wrap(text, size, bold, max_width);
            if lines.len() <= max_lines {
                return (size, lines);
            }
        }
        let size = *sizes.last().expect("at least one size");
        let mut lines = self.wrap(text, size, bold, max_width);
        let rest = lines.split_off(max_lines - 1).join(" ");
        lines.push(self.ellipsize(&rest, size, bold, max_width));
        (size, lines)
    }
}

/// A picture on a card. SVG files are inlined as a `<symbol>` and drawn as
/// vectors (sharp, and several times faster than resvg's `<image>`, which
/// rasterises the nested document first and then resamples it); other files
/// (PNG, JPEG…) are referenced with `<image>`.
#[derive(Clone, Debug)]
enum Art {
    Symbol { id: String, symbol: String },
    File(PathBuf),
}

impl Art {
    /// `fit` is the SVG `meetOrSlice` for the symbol's viewBox.
    fn load(path: &Path, id: &str, fit: &str) -> Option<Art> {
        let is_svg = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("svg"));
        if !is_svg {
            return path.is_file().then(|| Art::File(path.to_path_buf()));
        }
        let source = std::fs::read_to_string(path).ok()?;
        Some(inline_symbol(&source, id, fit).unwrap_or_else(|| Art::File(path.to_path_buf())))
    }

    /// The same picture by reference, for when inlining fails to parse.
    fn as_file(&self, path: &Path) -> Art {
        match self {
            Art::File(p) => Art::File(p.clone()),
            Art::Symbol { .. } => Art::File(path.to_path_buf()),
        }
    }
}

/// Turns an SVG document into a `<symbol>` with the same viewBox. Its ids
/// get a prefix (and its `href="#…"`/`url(#…)` references with them) so two
/// pictures cannot clash; its namespace declarations move onto the symbol.
fn inline_symbol(source: &str, id: &str, fit: &str) -> Option<Art> {
    let options = roxmltree::ParsingOptions { allow_dtd: true, ..roxmltree::ParsingOptions::default() };
    let doc = roxmltree::Document::parse_with_options(source, options).ok()?;
    let root = doc.root_element();
    if root.tag_name().name() != "svg" || source[..root.range().start].contains("<!ENTITY") {
        // Entities declared in a DOCTYPE would not survive inlining.
        return None;
    }
    let view_box = match root.attribute("viewBox") {
        Some(v) => v.to_string(),
        None => {
            let number = |name: &str| root.attribute(name)?.trim().trim_end_matches("px").parse::<f32>().ok();
            format!("0 0 {} {}", number("width")?, number("height")?)
        }
    };
    // Everything between the root's start and end tags, as written.
    let inner = match root.first_child() {
        None => "",
        Some(first) => {
            let element = &source[root.range()];
            let close = root.range().start + element.rfind("</")?;
            source.get(first.range().start..close)?
        }
    };
    let mut namespaces = String::new();
    for ns in root.namespaces() {
        if let Some(name) = ns.name().filter(|n| !matches!(*n, "xlink" | "xml")) {
            namespaces.push_str(&format!(" xmlns:{name}=\"{}\"", xml(ns.uri())));
        }
    }
    let mut inner = inner.to_string();
    let mut ids = Vec::new();
    let mut rest = inner.as_str();
    while let Some(i) = rest.find(" id=\"") {
        rest = &rest[i + 5..];
        if let Some(end) = rest.find('"') {
            ids.push(rest[..end].to_string());
        }
    }
    for old in ids {
        let new = format!("{id}-{old}");
        inner = inner
            .replace(&format!(" id=\"{old}\""), &format!(" id=\"{new}\""))
            .replace(&format!("href=\"#{old}\""), &format!("href=\"#{new}\""))
            .replace(&format!("url(#{old})"), &format!("url(#{new})"));
    }
    let symbol = format!(
        r#"<symbol id="{id}" viewBox="{}" preserveAspectRatio="xMidYMid {fit}"{namespaces}>{inner}</symbol>"#,
        xml(&view_box)
    );
    Some(Art::Symbol { id: id.to_string(), symbol })
}

/// One card's SVG under construction: `<defs>` and the drawing.
struct Canvas {
    defs: String,
    body: String,
    defined: Vec<String>,
}

impl Canvas {
    fn new() -> Canvas {
        Canvas { defs: String::with_capacity(8 * 1024), body: String::with_capacity(8 * 1024), defined: Vec::new() }
    }

    /// Draws `art` into the box `[x, y, width, height]`; `slice` fills it
    /// (cropping), else it fits inside.
    fn art(&mut self, art: &Art, [x, y, w, h]: [f32; 4], slice: bool, clip: Option<&str>) {
        let clip = clip.map(|c| format!(r#" clip-path="url(#{c})""#)).unwrap_or_default();
        match art {
            Art::Symbol { id, symbol } => {
                if !self.defined.iter().any(|d| d == id) {
                    self.defs.push_str(symbol);
                    self.defined.push(id.clone());
                }
                self.body.push_str(&format!(r##"<use href="#{id}" x="{x}" y="{y}" width="{w}" height="{h}"{clip}/>"##));
            }
            Art::File(path) => {
                let fit = if slice { "slice" } else { "meet" };
                self.body.push_str(&format!(
                    r#"<image href="{}" x="{x}" y="{y}" width="{w}" height="{h}" preserveAspectRatio="xMidYMid {fit}"{clip}/>"#,
                    xml(&path.to_string_lossy())
                ));
            }
        }
    }

    fn finish(self) -> String {
        format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" font-family="{FONT_FAMILY}"><defs>{}</defs>{}</svg>"#,
            self.defs, self.body
        )
    }
}

/// How a product's illustration is put on its card: the fallbacks for a
/// picture that does not parse.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Embed {
    Inline,
    Reference,
    Without,
}

/// Renders share cards; one per site build, shared by the worker threads.
pub struct CardRenderer {
    fonts: Fonts,
    options: usvg::Options<'static>,
    emblem: Option<Art>,
    badge: Option<Art>,
    tenun: Option<Art>,
    /// Illustrations by file, loaded once (many products share one).
    pictures: Mutex<HashMap<PathBuf, Option<Art>>>,
}

impl CardRenderer {
    /// Loads the fonts (failing with a message that names the Debian package
    /// when they are missing) and the brand art under `assets/brand/`.
    pub fn new(assets: &Path) -> Result<CardRenderer, String> {
        let fonts = Fonts::load()?;
        let mut db = usvg::fontdb::Database::new();
        db.load_font_data(fonts.regular.as_ref().clone());
        db.load_font_data(fonts.bold.as_ref().clone());
        db.set_sans_serif_family(FONT_FAMILY);
        let assets = std::fs::canonicalize(assets)
            .map_err(|e| format!("{}: cannot open the assets folder: {e}", assets.display()))?;
        let options = usvg::Options {
            resources_dir: Some(assets.clone()),
            font_family: FONT_FAMILY.to_string(),
            fontdb: Arc::new(db),
            ..usvg::Options::default()
        };
        let brand = |file: &str, id: &str| Art::load(&assets.join("brand").join(file), id, "meet");
        Ok(CardRenderer {
            fonts,
            options,
            emblem: brand("emblem.svg", "brand-emblem"),
            badge: brand("produk-desa-badge.svg", "brand-badge"),
            tenun: brand("tenun-pattern.svg", "brand-tenun"),
            pictures: Mutex::new(HashMap::new()),
        })
    }

    /// An illustration, from the cache.
    fn picture(&self, path: &Path) -> Option<Art> {
        let mut pictures = self.pictures.lock().expect("no panics while loading");
        let n = pictures.len();
        pictures.entry(path.to_path_buf()).or_insert_with(|| Art::load(path, &format!("pic{n}"), "slice")).clone()
    }

    /// A product's card as a PNG.
    pub fn product_png(&self, card: &ProductCard) -> Result<Vec<u8>, String> {
        let mut result = Err(String::new());
        for embed in [Embed::Inline, Embed::Reference, Embed::Without] {
            if embed != Embed::Without && card.image.is_none() {
                continue;
            }
            // A broken illustration must not cost the product its card.
            result = self.render(&self.product_svg_with(card, embed));
            if result.is_ok() {
                break;
            }
        }
        result
    }

    /// The site-wide card as a PNG.
    pub fn site_png(&self, card: &SiteCard) -> Result<Vec<u8>, String> {
        self.render(&self.site_svg(card))
    }

    /// Parses and rasterises one card SVG and encodes it as a PNG.
    pub fn render(&self, svg: &str) -> Result<Vec<u8>, String> {
        let tree = usvg::Tree::from_str(svg, &self.options).map_err(|e| format!("share card SVG: {e}"))?;
        let mut pixmap = tiny_skia::Pixmap::new(WIDTH, HEIGHT).ok_or("cannot allocate the card image")?;
        resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
        encode_png(pixmap.data(), WIDTH, HEIGHT)
    }

    /// The SVG source of a product's card.
    pub fn product_svg(&self, card: &ProductCard) -> String {
        self.product_svg_with(card, Embed::Inline)
    }

    fn product_svg_with(&self, card: &ProductCard, embed: Embed) -> String {
        let f = &self.fonts;
        let mut c = self.open();

        // Illustration, 4:3, in a rounded frame, with the Produk Desa badge.
        let (ax, ay, aw, ah) = (MARGIN, 52.0, 520.0, 390.0);
        c.defs.push_str(&format!(
            r#"<clipPath id="art"><rect x="{ax}" y="{ay}" width="{aw}" height="{ah}" rx="24"/></clipPath>"#
        ));
        c.body.push_str(&format!(
            r#"<rect x="{}" y="{}" width="{}" height="{}" rx="30" fill="{SAND}" stroke="{OCHRE}" stroke-width="4"/>"#,
            ax - 6.0,
            ay - 6.0,
            aw + 12.0,
            ah + 12.0
        ));
        let picture = match (embed, &card.image) {
            (Embed::Inline, Some(path)) => self.picture(path),
            (Embed::Reference, Some(path)) => self.picture(path).map(|a| a.as_file(path)),
            _ => None,
        };
        match (&picture, &self.emblem) {
            (Some(art), _) => c.art(art, [ax, ay, aw, ah], true, Some("art")),
            (None, Some(emblem)) => {
                c.art(emblem, [ax + aw / 2.0 - 80.0, ay + ah / 2.0 - 80.0, 160.0, 160.0], false, None)
            }
            (None, None) => {}
        }
        if let Some(badge) = &self.badge {
            c.art(badge, [ax + aw - 84.0, ay - 28.0, 112.0, 112.0], false, None);
        }

        // Text column.
        let x = 632.0;
        let w = WIDTH as f32 - MARGIN - x;
        let eyebrow_size = 22.0;
        let eyebrow = f.ellipsize(&card.category.to_uppercase(), eyebrow_size, true, w - 60.0);
        let (name_size, name_lines) = f.fit(&card.name, &[58.0, 52.0, 46.0, 40.0], true, w, 3);
        let name_lead = name_size * 1.16;
        let price_size = 52.0;
        let unit_size = 28.0;
        let unit = format!("/ {}", card.unit.trim());
        let unit_inline = f.width(&card.price, price_size, true) + 12.0 + f.width(&unit, unit_size, false) <= w;
        let origin_size = 26.0;
        let origin_lines = self.origin_lines(card, origin_size, w - 34.0);

        // Block heights from cap top to last baseline.
        let h_eyebrow = eyebrow_size;
        let h_name = name_size + name_lead * (name_lines.len().saturating_sub(1)) as f32;
        let h_price = price_size + if unit_inline { 0.0 } else { unit_size * 1.4 };
        let h_origin = origin_size + origin_size * 1.3 * (origin_lines.len().saturating_sub(1)) as f32;
        let (gap1, gap2, gap3) = (26.0, 34.0, 30.0);
        let total = h_eyebrow + gap1 + h_name + gap2 + h_price + gap3 + h_origin;
        let mut top = ((STRIP_Y - total) / 2.0).max(30.0);

        // Cap height of DejaVu Sans is 0.73 em: baseline = top + 0.73·size.
        let base = |top: f32, size: f32| top + 0.73 * size;
        c.body.push_str(&format!(
            r#"<rect x="{x}" y="{}" width="40" height="6" rx="3" fill="{OCHRE}"/>"#,
            base(top, eyebrow_size) - 8.0
        ));
        c.body.push_str(&text(
            x + 52.0,
            base(top, eyebrow_size),
            eyebrow_size,
            true,
            MADDER,
            &eyebrow,
            " letter-spacing=\"2\"",
        ));
        top += h_eyebrow + gap1;
        for (i, line) in name_lines.iter().enumerate() {
            c.body.push_str(&text(x, base(top, name_size) + name_lead * i as f32, name_size, true, INK, line, ""));
        }
        top += h_name + gap2;
        let price_base = base(top, price_size);
        if unit_inline {
            c.body.push_str(&format!(
                r#"<text x="{x}" y="{price_base}" font-size="{price_size}" font-weight="bold" fill="{MADDER}">{}<tspan dx="12" font-size="{unit_size}" font-weight="normal" fill="{INK}">{}</tspan></text>"#,
                xml(&card.price),
                xml(&unit)
            ));
        } else {
            c.body.push_str(&text(x, price_base, price_size, true, MADDER, &card.price, ""));
            let unit = f.ellipsize(&unit, unit_size, false, w);
            c.body.push_str(&text(x, price_base + unit_size * 1.4, unit_size, false, INK, &unit, ""));
        }
        top += h_price + gap3;
        // A map pin before the origin.
        let pin_y = base(top, origin_size) - 0.36 * origin_size;
        c.body.push_str(&format!(
            r#"<path transform="translate({} {pin_y})" d="M0-13a9 9 0 0 1 9 9c0 7-9 15-9 15s-9-8-9-15a9 9 0 0 1 9-9z" fill="{LEAF}"/><circle cx="{}" cy="{}" r="3.6" fill="{CREAM}"/>"#,
            x + 10.0,
            x + 10.0,
            pin_y - 4.0
        ));
        for (i, line) in origin_lines.iter().enumerate() {
            c.body.push_str(&text(
                x + 34.0,
                base(top, origin_size) + origin_size * 1.3 * i as f32,
                origin_size,
                true,
                LEAF,
                line,
                "",
            ));
        }

        self.close(&mut c, &card.site);
        c.finish()
    }

    /// `Desa X · Kabupaten Y` on one line when it fits, else on two.
    fn origin_lines(&self, card: &ProductCard, size: f32, w: f32) -> Vec<String> {
        let f = &self.fonts;
        let village = card.village.trim();
        let kabupaten = card.kabupaten.trim();
        if kabupaten.is_empty() {
            return vec![f.ellipsize(village, size, true, w)];
        }
        let one = format!("{village} · {kabupaten}");
        if f.width(&one, size, true) <= w {
            return vec![one];
        }
        vec![f.ellipsize(&format!("{village} ·"), size, true, w), f.ellipsize(kabupaten, size, true, w)]
    }

    /// The SVG source of the site-wide card.
    pub fn site_svg(&self, card: &SiteCard) -> String {
        let f = &self.fonts;
        let mut c = self.open();
        let x = MARGIN;
        let w = 600.0;
        // The wordmark, set here rather than embedded: wordmark.svg squeezes
        // its text with textLength, which usvg does not lay out faithfully.
        let mut word_x = x;
        if let Some(emblem) = &self.emblem {
            c.art(emblem, [x, 60.0, 140.0, 140.0], false, None);
            word_x += 140.0 + 26.0;
        }
        let word_w = w + x - word_x;
        let word_size =
            [84.0f32, 76.0, 68.0, 60.0].into_iter().find(|&s| f.width("NTT Mart", s, true) <= word_w).unwrap_or(56.0);
        let word_base = 60.0 + 0.73 * word_size + 12.0;
        c.body.push_str(&format!(
            r#"<text x="{word_x}" y="{word_base}" font-size="{word_size}" font-weight="bold" fill="{INDIGO}">NTT <tspan fill="{MADDER}">Mart</tspan></text>"#
        ));
        c.body.push_str(&text(
            word_x + 2.0,
            word_base + 46.0,
            22.0,
            true,
            INK,
            "PRODUK DESA NTT",
            " letter-spacing=\"5\"",
        ));
        let (size, lines) = f.fit(&card.tagline, &[32.0, 29.0, 26.0], false, w - 20.0, 4);
        let mut y = 268.0;
        for line in &lines {
            c.body.push_str(&text(x, y, size, false, INK, line, ""));
            y += size * 1.3;
        }
        let facts = f.ellipsize(&card.facts, 26.0, true, w);
        c.body.push_str(&text(x, y + 18.0, 26.0, true, MADDER, &facts, ""));

        // Collage: up to four illustrations in a 2×2 grid.
        let (cw, ch, g) = (212.0, 159.0, 16.0);
        let gx = WIDTH as f32 - MARGIN - 2.0 * cw - g;
        let gy = ((STRIP_Y - 2.0 * ch - g) / 2.0).round();
        c.body.push_str(&format!(
            r#"<rect x="{}" y="{}" width="{}" height="{}" rx="30" fill="{OCHRE}"/>"#,
            gx - 10.0,
            gy - 10.0,
            2.0 * cw + g + 20.0,
            2.0 * ch + g + 20.0
        ));
        for (i, image) in card.images.iter().take(4).enumerate() {
            let cx = gx + (i % 2) as f32 * (cw + g);
            let cy = gy + (i / 2) as f32 * (ch + g);
            c.defs.push_str(&format!(
                r#"<clipPath id="c{i}"><rect x="{cx}" y="{cy}" width="{cw}" height="{ch}" rx="20"/></clipPath>"#
            ));
            c.body.push_str(&format!(r#"<rect x="{cx}" y="{cy}" width="{cw}" height="{ch}" rx="20" fill="{SAND}"/>"#));
            if let Some(art) = self.picture(image) {
                c.art(&art, [cx, cy, cw, ch], true, Some(&format!("c{i}")));
            }
        }
        self.close(&mut c, &card.site);
        c.finish()
    }

    /// A canvas with the cream background.
    fn open(&self) -> Canvas {
        let mut c = Canvas::new();
        c.body.push_str(&format!(r#"<rect width="{WIDTH}" height="{HEIGHT}" fill="{CREAM}"/>"#));
        c
    }

    /// The tenun strip and the indigo band with the emblem, the
    /// "Produk Desa · NTT Mart" mark and the site's address.
    fn close(&self, c: &mut Canvas, site: &str) {
        c.body.push_str(&format!(r#"<rect x="0" y="{STRIP_Y}" width="{WIDTH}" height="{STRIP_H}" fill="{MADDER}"/>"#));
        if let Some(tenun) = &self.tenun {
            let mut x = 0.0;
            while x < WIDTH as f32 {
                c.art(tenun, [x, STRIP_Y, 80.0, STRIP_H], false, None);
                x += 80.0;
            }
        }
        c.body.push_str(&format!(
            r#"<rect x="0" y="{BAND_Y}" width="{WIDTH}" height="{}" fill="{INDIGO}"/>"#,
            HEIGHT as f32 - BAND_Y
        ));
        let band_mid = BAND_Y + (HEIGHT as f32 - BAND_Y) / 2.0;
        let mut mark_x = MARGIN;
        if let Some(emblem) = &self.emblem {
            c.art(emblem, [MARGIN, band_mid - 34.0, 68.0, 68.0], false, None);
            mark_x += 68.0 + 20.0;
        }
        let mark_size = 34.0;
        c.body.push_str(&format!(
            r#"<text x="{mark_x}" y="{}" font-size="{mark_size}" font-weight="bold" fill="{CREAM}">Produk Desa <tspan fill="{OCHRE}">·</tspan> NTT Mart</text>"#,
            band_mid + 0.365 * mark_size
        ));
        let site_size = 24.0;
        let site = self.fonts.ellipsize(site, site_size, false, 420.0);
        c.body.push_str(&format!(
            r#"<text x="{}" y="{}" font-size="{site_size}" text-anchor="end" fill="{CREAM}">{}</text>"#,
            WIDTH as f32 - MARGIN,
            band_mid + 0.365 * site_size,
            xml(&site)
        ));
    }
}

fn text(x: f32, y: f32, size: f32, bold: bool, fill: &str, content: &str, extra: &str) -> String {
    let weight = if bold { r#" font-weight="bold""# } else { "" };
    format!(r#"<text x="{x}" y="{y}" font-size="{size}"{weight} fill="{fill}"{extra}>{}</text>"#, xml(content))
}

pub use crate::markup::xml;

/// A fast hasher for 24-bit colour keys.
#[derive(Default)]
struct ColorHasher(u64);

impl Hasher for ColorHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u32(u32::from(b) ^ (self.0 as u32));
        }
    }
    fn write_u32(&mut self, n: u32) {
        let h = (u64::from(n) ^ self.0).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        self.0 = h ^ (h >> 29);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

type ColorMap<V> = HashMap<u32, V, BuildHasherDefault<ColorHasher>>;

/// Encodes opaque RGBA pixels as an 8-bit palette PNG. The palette holds the
/// 256 most frequent colours: the flat brand colours and illustration fills
/// stay exact, and the rarer anti-aliasing shades map to their nearest
/// palette entry, which a 1200×630 preview cannot show apart.
pub fn encode_png(rgba: &[u8], width: u32, height: u32) -> Result<Vec<u8>, String> {
    let key = |p: &[u8]| (u32::from(p[0]) << 16) | (u32::from(p[1]) << 8) | u32::from(p[2]);
    let mut counts: ColorMap<u32> = ColorMap::default();
    let mut previous = u32::MAX;
    let mut run = 0u32;
    for px in rgba.chunks_exact(4) {
        let k = key(px);
        if k == previous {
            run += 1;
            continue;
        }
        if run > 0 {
            *counts.entry(previous).or_default() += run;
        }
        previous = k;
        run = 1;
    }
    if run > 0 {
        *counts.entry(previous).or_default() += run;
    }
    let mut colors: Vec<(u32, u32)> = counts.into_iter().collect();
    colors.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let palette: Vec<u32> = colors.iter().take(256).map(|&(c, _)| c).collect();
    let mut index: ColorMap<u8> = ColorMap::default();
    for (i, &c) in palette.iter().enumerate() {
        index.insert(c, i as u8);
    }
    let channels = |c: u32| [(c >> 16) as i32 & 255, (c >> 8) as i32 & 255, c as i32 & 255];
    for &(c, _) in colors.iter().skip(256) {
        let [r, g, b] = channels(c);
        let nearest = palette
            .iter()
            .enumerate()
            .min_by_key(|(_, &p)| {
                let [pr, pg, pb] = channels(p);
                // Weighted towards green, as the eye is.
                3 * (r - pr).pow(2) + 4 * (g - pg).pow(2) + 2 * (b - pb).pow(2)
            })
            .map(|(i, _)| i as u8)
            .unwrap_or(0);
        index.insert(c, nearest);
    }
    let mut pixels = Vec::with_capacity((width * height) as usize);
    let (mut previous, mut last) = (u32::MAX, 0u8);
    for px in rgba.chunks_exact(4) {
        let k = key(px);
        if k != previous {
            previous = k;
            last = index[&k];
        }
        pixels.push(last);
    }
    let mut rgb = Vec::with_capacity(palette.len() * 3);
    for &c in &palette {
        rgb.extend_from_slice(&[(c >> 16) as u8, (c >> 8) as u8, c as u8]);
    }

    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Indexed);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_palette(rgb);
    // `High` is ~6% smaller and ~40% slower; fdeflate (`Fast`) suits
    // filtered true-colour data, not palette indices (7× larger here).
    encoder.set_compression(png::Compression::Balanced);
    encoder.set_filter(png::Filter::NoFilter);
    let mut writer = encoder.write_header().map_err(|e| format!("PNG: {e}"))?;
    writer.write_image_data(&pixels).map_err(|e| format!("PNG: {e}"))?;
    writer.finish().map_err(|e| format!("PNG: {e}"))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escapes_markup() {
        assert_eq!(xml(r#"<b>"Se'i" & co</b>"#), "&lt;b&gt;&quot;Se&#39;i&quot; &amp; co&lt;/b&gt;");
    }

    #[test]
    fn palette_png_round_trips() {
        // 300 distinct colours: the 256 commonest are kept exactly.
        let (w, h) = (300u32, 2u32);
        let mut rgba = Vec::new();
        for y in 0..h {
            for x in 0..w {
                let v = if y == 0 { x } else { x % 10 };
                rgba.extend_from_slice(&[(v % 256) as u8, (v / 256) as u8 * 100, 7, 255]);
            }
        }
        let png = encode_png(&rgba, w, h).unwrap();
        let decoder = png::Decoder::new(std::io::Cursor::new(png));
        let reader = decoder.read_info().unwrap();
        let info = reader.info();
        assert_eq!((info.width, info.height), (w, h));
        assert_eq!(info.color_type, png::ColorType::Indexed);
    }
}
