//! Product photos for the site (issue 16), run by `nttmart pages` before
//! anything that shows a picture.
//!
//! Every raster source a product names (`"src": "img/foto/x.jpg"`, a JPEG,
//! PNG or WebP under the assets folder) is decoded, turned upright by its
//! EXIF orientation, and written as AVIF, WebP and JPEG at the widths of
//! `nttmart_domain::photo::widths` (never wider than the source), plus a
//! blurred placeholder of at most 600 bytes and its average colour. Nothing
//! of the source's metadata survives: the outputs are encoded from pixels
//! alone, and the sources themselves are removed from the site folder (a
//! phone photo's GPS position would show where a producer lives).
//!
//! Outputs are named by a hash of the source's bytes (`img/p/<id>-<w>.<ext>`)
//! and kept in a cache folder outside the site (Trunk empties `dist/` on
//! every build): a source whose size and modification time are unchanged is
//! not even read again, one whose bytes are unchanged is not encoded again,
//! so a rebuild of 10,000 photos encodes only what changed.
//!
//! A source that is missing, not an image, damaged, too small or a
//! decompression bomb (over [`MAX_PIXELS`]) is refused with its JSON path
//! and file name; the product loses that image (or, with none left, shows
//! its category's illustration) and the build goes on.

use nttmart_domain::photo::{self, Photo, FORMATS, MIN_HEIGHT, MIN_WIDTH, PLACEHOLDER_MAX};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;

/// Larger sources are refused before they are decoded: 50 megapixels is
/// more than any phone takes, and a few kilobytes of PNG or JPEG can claim
/// to be 100,000 × 100,000 pixels (40 GB once decoded).
pub const MAX_PIXELS: u64 = 50_000_000;

/// Changes whenever the outputs for the same source would change (widths,
/// codecs, qualities), so the cache and the ids follow.
pub const PIPELINE: &str = "photos-v1 avif q60 s8 / webp q74 / jpeg q78 / lanczos3";

/// Encoder settings. AVIF at speed 8 is ~4x faster than the default speed 4
/// for a few percent more bytes, which keeps a build of the sample within
/// a minute on two cores.
const AVIF_SPEED: u8 = 8;
const AVIF_QUALITY: u8 = 60;
const WEBP_QUALITY: f32 = 74.0;
const JPEG_QUALITY: u8 = 78;

/// Raster sources by file extension.
const RASTER: [&str; 4] = ["jpg", "jpeg", "png", "webp"];

/// Where the cache's index of sources lives, inside the cache folder.
const SOURCES_FILE: &str = "sources.json";

pub fn is_raster(src: &str) -> bool {
    let path = src.split(['?', '#']).next().unwrap_or(src);
    path.rsplit_once('.').is_some_and(|(_, ext)| RASTER.iter().any(|r| r.eq_ignore_ascii_case(ext)))
}

/// One refused image.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    /// JSON path of the image's `src`: `products[3].images[0].src`.
    pub path: String,
    /// The file as the feed names it.
    pub src: String,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}: {}", self.path, self.src, self.message)
    }
}

/// What one build did.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// Distinct raster sources the feed names.
    pub sources: usize,
    /// Sources encoded in this run (the rest came from the cache).
    pub encoded: usize,
    /// Seconds each encoded source took (decode, resize, three formats).
    pub encode_seconds: Vec<f64>,
    /// Wall-clock seconds of the whole step.
    pub seconds: f64,
    /// Files in the site's `img/p/`.
    pub files: usize,
    /// Bytes of those files.
    pub bytes: u64,
    /// Raster sources removed from the site folder.
    pub removed_sources: usize,
    /// Raster sources left in the site folder because it is the assets
    /// folder too (`nttmart pages` run on a deployed site): served as they
    /// are, metadata and all, unless the server refuses them.
    pub exposed_sources: usize,
    pub problems: Vec<Problem>,
    /// Distinct sources refused.
    pub refused: usize,
}

impl Report {
    pub fn summary(&self) -> String {
        let mut per = self.encode_seconds.clone();
        per.sort_by(f64::total_cmp);
        let median = per.get(per.len() / 2).copied().unwrap_or(0.0);
        format!(
            "{} photos ({} encoded, {} from the cache; {:.2} s median per photo, {:.1} s in all), {} files in {} ({:.1} MB){}",
            self.sources,
            self.encoded,
            self.sources.saturating_sub(self.encoded + self.refused),
            median,
            self.seconds,
            self.files,
            photo::DIR,
            self.bytes as f64 / 1e6,
            if self.problems.is_empty() { String::new() } else { format!(", {} refused", self.problems.len()) }
        )
    }
}

/// What the cache keeps for one source: everything the feed needs, the
/// files being beside it.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
struct Meta {
    id: String,
    photo: Photo,
}

/// The cache's index: a source path → its size, modification time and id.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
struct Seen {
    len: u64,
    modified_ns: u128,
    id: String,
}

/// Encodes the feed's photos and rewrites `feed` (the whole feed as JSON):
/// each built image's `src` becomes the base of its copies and gets a
/// `photo`; a refused image is taken out. `assets` is where the feed's
/// paths resolve, `out` the site folder, `cache` the folder kept between
/// builds.
pub fn build(feed: &mut Value, assets: &Path, out: &Path, cache: &Path) -> Result<Report, String> {
    let started = Instant::now();
    let mut report = Report::default();
    std::fs::create_dir_all(cache).map_err(|e| format!("{}: cannot create: {e}", cache.display()))?;
    let mut seen: BTreeMap<String, Seen> =
        std::fs::read(cache.join(SOURCES_FILE)).ok().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default();

    // Every raster source, once, with the images that name it.
    let mut sources: BTreeMap<String, Vec<(usize, usize)>> = BTreeMap::new();
    // The copies of images built already, which stay.
    let mut built: BTreeSet<String> = BTreeSet::new();
    let products = feed.get("products").and_then(Value::as_array).map(Vec::len).unwrap_or(0);
    for p in 0..products {
        let images = feed["products"][p]["images"].as_array().map(Vec::len).unwrap_or(0);
        for i in 0..images {
            let image = &feed["products"][p]["images"][i];
            let Some(src) = image.get("src").and_then(Value::as_str) else { continue };
            // Built already (the command run again on a deployed site, or
            // a publish of the site's own catalog.json): its copies stay.
            if let Some(p) = image.get("photo").and_then(|p| serde_json::from_value::<Photo>(p.clone()).ok()) {
                for w in photo::widths(p.width) {
                    for (ext, _) in FORMATS {
                        built.insert(
                            photo::file(src, w, ext).trim_start_matches(&format!("{}/", photo::DIR)).to_owned(),
                        );
                    }
                }
                continue;
            }
            if is_raster(src) && !src.starts_with("https://") {
                sources.entry(src.to_owned()).or_default().push((p, i));
            }
        }
    }
    report.sources = sources.len();

    // Which sources the cache has, by size and time or else by hash.
    let mut ready: BTreeMap<String, Meta> = BTreeMap::new();
    let mut todo: Vec<(String, PathBuf, Vec<u8>, String)> = Vec::new();
    let mut refused: BTreeMap<String, String> = BTreeMap::new();
    for src in sources.keys() {
        let file = assets.join(src.trim_start_matches('/'));
        let meta = match std::fs::metadata(&file) {
            Ok(m) if m.is_file() => m,
            _ => {
                refused.insert(src.clone(), format!("no such file in {}", assets.display()));
                continue;
            }
        };
        let stamp = modified_ns(&meta);
        if let Some(s) = seen.get(src).filter(|s| s.len == meta.len() && s.modified_ns == stamp) {
            if let Some(m) = read_meta(cache, &s.id) {
                ready.insert(src.clone(), m);
                continue;
            }
        }
        let bytes = match std::fs::read(&file) {
            Ok(b) => b,
            Err(e) => {
                refused.insert(src.clone(), format!("cannot be read: {e}"));
                continue;
            }
        };
        let id = id_of(&bytes);
        seen.insert(src.clone(), Seen { len: meta.len(), modified_ns: stamp, id: id.clone() });
        match read_meta(cache, &id) {
            Some(m) => {
                ready.insert(src.clone(), m);
            }
            None => todo.push((src.clone(), file, bytes, id)),
        }
    }

    // Encode what is new, one source per core.
    let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).min(todo.len().max(1));
    let queue = Mutex::new(todo.into_iter());
    let results = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| loop {
                let next = queue.lock().unwrap().next();
                let Some((src, _file, bytes, id)) = next else { break };
                let t = Instant::now();
                let result = encode(&bytes).and_then(|enc| store(cache, &id, &enc).map(|()| enc.photo));
                results.lock().unwrap().push((src, id, result, t.elapsed().as_secs_f64()));
            });
        }
    });
    for (src, id, result, seconds) in results.into_inner().unwrap() {
        match result {
            Ok(photo) => {
                report.encoded += 1;
                report.encode_seconds.push(seconds);
                ready.insert(src, Meta { id, photo });
            }
            Err(message) => {
                seen.remove(&src);
                refused.insert(src, message);
            }
        }
    }
    report.encode_seconds.sort_by(f64::total_cmp);

    // Copies into the site and the feed rewritten; refused images out.
    let site_dir = out.join(photo::DIR);
    std::fs::create_dir_all(&site_dir).map_err(|e| format!("{}: cannot create: {e}", site_dir.display()))?;
    let mut keep = built;
    for meta in ready.values() {
        for w in photo::widths(meta.photo.width) {
            for (ext, _) in FORMATS {
                let name = format!("{}-{w}.{ext}", meta.id);
                let target = site_dir.join(&name);
                if !target.is_file() {
                    let from = cache.join(&meta.id).join(format!("{w}.{ext}"));
                    if std::fs::hard_link(&from, &target).is_err() {
                        std::fs::copy(&from, &target).map_err(|e| format!("{}: cannot copy: {e}", from.display()))?;
                    }
                }
                keep.insert(name);
            }
        }
    }
    let mut drop_images: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (src, places) in &sources {
        for &(p, i) in places {
            let path = format!("products[{p}].images[{i}].src");
            match (ready.get(src), refused.get(src)) {
                (Some(meta), _) => {
                    let image = &mut feed["products"][p]["images"][i];
                    image["src"] = Value::String(format!("{}/{}", photo::DIR, meta.id));
                    image["photo"] = serde_json::to_value(&meta.photo).expect("a photo serialises");
                }
                (None, Some(message)) => {
                    report.problems.push(Problem { path, src: src.clone(), message: message.clone() });
                    drop_images.entry(p).or_default().push(i);
                }
                (None, None) => {}
            }
        }
    }
    for (p, indexes) in drop_images {
        let product = &mut feed["products"][p];
        let category = product.get("category").and_then(Value::as_str).unwrap_or("").to_owned();
        let name = product.get("name").and_then(Value::as_str).unwrap_or("").to_owned();
        if let Some(images) = product.get_mut("images").and_then(Value::as_array_mut) {
            for i in indexes.into_iter().rev() {
                images.remove(i);
            }
            if images.is_empty() {
                // The shop still shows the product, with its category's
                // illustration, rather than dropping it for a bad photo.
                let fallback = format!("img/category/{category}.svg");
                let src = if assets.join(&fallback).is_file() { fallback } else { "img/category/olahan.svg".into() };
                images.push(serde_json::json!({ "src": src, "alt": name }));
            }
        }
    }
    report.refused = refused.len();
    report.problems.sort_by(|a, b| natural_path(&a.path).cmp(&natural_path(&b.path)));

    // Stale copies out, so the folder holds this release's photos only.
    if let Ok(entries) = std::fs::read_dir(&site_dir) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if !keep.contains(&name) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
    for name in &keep {
        report.files += 1;
        report.bytes += std::fs::metadata(site_dir.join(name)).map(|m| m.len()).unwrap_or(0);
    }
    report.removed_sources = remove_sources(assets, out);
    if same_folder(assets, out) {
        report.exposed_sources = sources.keys().filter(|s| out.join(s.trim_start_matches('/')).is_file()).count();
    }

    let index = serde_json::to_vec_pretty(&seen).map_err(|e| e.to_string())?;
    crate::util::write_atomic(&cache.join(SOURCES_FILE), &index)
        .map_err(|e| format!("{}: cannot write: {e}", cache.join(SOURCES_FILE).display()))?;
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

/// `products[10]` after `products[9]`.
fn natural_path(path: &str) -> Vec<(String, u64)> {
    path.split(['[', ']'])
        .map(|part| match part.parse::<u64>() {
            Ok(n) => (String::new(), n),
            Err(_) => (part.to_owned(), 0),
        })
        .collect()
}

fn modified_ns(meta: &std::fs::Metadata) -> u128 {
    meta.modified().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok()).map(|d| d.as_nanos()).unwrap_or(0)
}

/// 12 hex digits (48 bits) of the SHA-256 of the source and the pipeline:
/// ~one chance in 50 million of two of 10,000 photos sharing a name.
pub fn id_of(bytes: &[u8]) -> String {
    let mut hash = Sha256::new();
    hash.update(PIPELINE.as_bytes());
    hash.update([0]);
    hash.update(bytes);
    hash.finalize().iter().take(6).map(|b| format!("{b:02x}")).collect()
}

fn read_meta(cache: &Path, id: &str) -> Option<Meta> {
    let bytes = std::fs::read(cache.join(id).join("meta.json")).ok()?;
    let meta: Meta = serde_json::from_slice(&bytes).ok()?;
    // Only complete entries count (a build stopped half-way wrote no meta,
    // since it goes last, but files may have been deleted by hand).
    let complete = photo::widths(meta.photo.width)
        .iter()
        .all(|w| FORMATS.iter().all(|(ext, _)| cache.join(id).join(format!("{w}.{ext}")).is_file()));
    (meta.id == id && complete).then_some(meta)
}

/// One source, encoded.
pub struct Encoded {
    pub photo: Photo,
    /// (width, extension, bytes) for every width and format.
    pub files: Vec<(u32, &'static str, Vec<u8>)>,
}

fn store(cache: &Path, id: &str, enc: &Encoded) -> Result<(), String> {
    let dir = cache.join(id);
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: cannot create: {e}", dir.display()))?;
    for (w, ext, bytes) in &enc.files {
        let path = dir.join(format!("{w}.{ext}"));
        crate::util::write_atomic(&path, bytes).map_err(|e| format!("{}: cannot write: {e}", path.display()))?;
    }
    let meta = serde_json::to_vec(&Meta { id: id.to_owned(), photo: enc.photo.clone() }).map_err(|e| e.to_string())?;
    let path = dir.join("meta.json");
    crate::util::write_atomic(&path, &meta).map_err(|e| format!("{}: cannot write: {e}", path.display()))
}

/// Reads a source's size from its header alone, turned upright: for the
/// checks of `nttmart check` and `import-csv`, which must not decode
/// thousands of photos.
pub fn probe(bytes: &[u8]) -> Result<(u32, u32), String> {
    use image::ImageDecoder;
    let decoder = decoder(bytes)?;
    let (w, h) = decoder.dimensions();
    check_pixels(w, h)?;
    let mut decoder = decoder;
    let (w, h) = match decoder.orientation() {
        Ok(o) if swaps_sides(o) => (h, w),
        _ => (w, h),
    };
    check_size(w, h)?;
    Ok((w, h))
}

fn swaps_sides(o: image::metadata::Orientation) -> bool {
    use image::metadata::Orientation::*;
    matches!(o, Rotate90 | Rotate270 | Rotate90FlipH | Rotate270FlipH)
}

fn decoder(bytes: &[u8]) -> Result<Box<dyn image::ImageDecoder + '_>, String> {
    use image::ImageFormat;
    let reader = image::ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| format!("cannot be read: {e}"))?;
    match reader.format() {
        Some(ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP) => {}
        Some(other) => {
            return Err(format!("is a {other:?} picture; use a JPEG, PNG or WebP photo"));
        }
        None => return Err("is not a picture (not JPEG, PNG or WebP)".into()),
    }
    let mut reader = reader;
    // No limits while the header is read, so a bomb is refused by its size
    // in pixels (a clearer message); `limits` applies them before decoding.
    reader.no_limits();
    reader.into_decoder().map(|d| Box::new(d) as Box<dyn image::ImageDecoder>).map_err(|e| damaged(&e))
}

/// The decoder's memory limit: room for a 50 MP photo at 4 bytes a pixel
/// and the decoder's own buffers.
fn limits() -> image::Limits {
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(MAX_PIXELS * 4 + (64 << 20));
    limits
}

fn damaged(e: &image::ImageError) -> String {
    match e {
        image::ImageError::Limits(_) => format!("is too large to decode safely ({e})"),
        _ => format!("is damaged or not a picture ({e})"),
    }
}

fn check_pixels(w: u32, h: u32) -> Result<(), String> {
    let pixels = u64::from(w) * u64::from(h);
    if pixels > MAX_PIXELS {
        return Err(format!(
            "is {w} × {h} pixels ({:.0} megapixels), over the limit of {} megapixels: refused (make the photo smaller first)",
            pixels as f64 / 1e6,
            MAX_PIXELS / 1_000_000
        ));
    }
    Ok(())
}

fn check_size(w: u32, h: u32) -> Result<(), String> {
    if w < MIN_WIDTH || h < MIN_HEIGHT {
        return Err(format!(
            "is too small: {w} × {h} pixels; a product photo needs at least {MIN_WIDTH} × {MIN_HEIGHT} (upright)"
        ));
    }
    Ok(())
}

/// Decodes a source, turns it upright, and writes every width and format.
pub fn encode(bytes: &[u8]) -> Result<Encoded, String> {
    use image::{DynamicImage, ImageDecoder};
    let mut decoder = decoder(bytes)?;
    let (w, h) = decoder.dimensions();
    check_pixels(w, h)?;
    decoder.set_limits(limits()).map_err(|e| damaged(&e))?;
    let orientation = decoder.orientation().unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder).map_err(|e| damaged(&e))?;
    image.apply_orientation(orientation);
    let rgb = flatten(image);
    let (width, height) = rgb.dimensions();
    check_size(width, height)?;

    let mut files = Vec::new();
    // Each width from the one above it: the same quality as from the full
    // photo at a fraction of the work (Lanczos3 at most halves each step).
    let mut from = rgb;
    let widths = photo::widths(width);
    let mut smallest = None;
    for &w in widths.iter().rev() {
        let h = photo::height_at(width, height, w);
        let copy = if (w, h) == from.dimensions() { from.clone() } else { resize(&from, w, h)? };
        files.push((w, "avif", avif(&copy)?));
        files.push((w, "webp", webp(&copy)));
        files.push((w, "jpg", jpeg(&copy)?));
        smallest = Some(copy.clone());
        from = copy;
    }
    files.sort_by_key(|(w, ext, _)| (*w, *ext));
    let smallest = smallest.expect("every photo has a width");
    let (color, placeholder) = placeholder(&smallest)?;
    Ok(Encoded { photo: Photo { width, height, color, placeholder }, files })
}

/// RGB pixels, a transparent PNG laid on white (the cards' background).
fn flatten(image: image::DynamicImage) -> image::RgbImage {
    if !image.color().has_alpha() {
        return image.into_rgb8();
    }
    let rgba = image.into_rgba8();
    let (w, h) = rgba.dimensions();
    let mut out = image::RgbImage::new(w, h);
    for (o, p) in out.pixels_mut().zip(rgba.pixels()) {
        let a = u16::from(p[3]);
        for c in 0..3 {
            o[c] = ((u16::from(p[c]) * a + 255 * (255 - a) + 127) / 255) as u8;
        }
    }
    out
}

fn resize(from: &image::RgbImage, w: u32, h: u32) -> Result<image::RgbImage, String> {
    use fast_image_resize::{images::Image, FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
    let (fw, fh) = from.dimensions();
    let src = Image::from_vec_u8(fw, fh, from.as_raw().clone(), PixelType::U8x3).map_err(|e| e.to_string())?;
    let mut dst = Image::new(w, h, PixelType::U8x3);
    Resizer::new()
        .resize(&src, &mut dst, &ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3)))
        .map_err(|e| e.to_string())?;
    image::RgbImage::from_raw(w, h, dst.into_vec()).ok_or_else(|| "resize: wrong buffer size".into())
}

fn avif(img: &image::RgbImage) -> Result<Vec<u8>, String> {
    use image::ImageEncoder;
    let mut out = Vec::new();
    image::codecs::avif::AvifEncoder::new_with_speed_quality(&mut out, AVIF_SPEED, AVIF_QUALITY)
        .write_image(img.as_raw(), img.width(), img.height(), image::ExtendedColorType::Rgb8)
        .map_err(|e| format!("AVIF: {e}"))?;
    Ok(out)
}

fn webp(img: &image::RgbImage) -> Vec<u8> {
    webp::Encoder::from_rgb(img.as_raw(), img.width(), img.height()).encode(WEBP_QUALITY).to_vec()
}

fn jpeg(img: &image::RgbImage) -> Result<Vec<u8>, String> {
    use image::ImageEncoder;
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
        .write_image(img.as_raw(), img.width(), img.height(), image::ExtendedColorType::Rgb8)
        .map_err(|e| format!("JPEG: {e}"))?;
    Ok(out)
}

/// The average colour (`rrggbb`) and a blurred copy 24 pixels wide as a
/// WebP `data:` URL of at most [`PLACEHOLDER_MAX`] bytes (smaller and
/// rougher until it fits).
fn placeholder(img: &image::RgbImage) -> Result<(String, String), String> {
    let (w, h) = img.dimensions();
    let mut sum = [0u64; 3];
    for p in img.pixels() {
        for c in 0..3 {
            sum[c] += u64::from(p[c]);
        }
    }
    let n = u64::from(w) * u64::from(h);
    let color = sum.iter().map(|s| format!("{:02x}", s / n.max(1))).collect::<String>();
    for (tw, q) in [(24u32, 40.0f32), (16, 30.0), (12, 20.0)] {
        let th = photo::height_at(w, h, tw);
        let tiny = resize(img, tw, th)?;
        let bytes = webp::Encoder::from_rgb(tiny.as_raw(), tw, th).encode(q).to_vec();
        let url = format!("data:image/webp;base64,{}", base64(&bytes));
        if url.len() <= PLACEHOLDER_MAX {
            return Ok((color, url));
        }
    }
    Ok((color, String::new()))
}

/// Standard base64 with padding (a data URL's encoding).
pub fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ABC[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Removes every raster picture under the site's `img/` (Trunk copies the
/// sources there with the rest of the assets), except the encoded copies:
/// the site serves photos only without their metadata. Nothing is removed
/// when the site folder is the assets folder itself.
fn same_folder(assets: &Path, out: &Path) -> bool {
    match (std::fs::canonicalize(assets), std::fs::canonicalize(out)) {
        (Ok(a), Ok(o)) => a == o,
        _ => true,
    }
}

fn remove_sources(assets: &Path, out: &Path) -> usize {
    if same_folder(assets, out) {
        return 0;
    }
    let encoded = out.join(photo::DIR);
    let mut removed = 0;
    let mut stack = vec![out.join("img")];
    let mut visited = Vec::new();
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        visited.push(dir.clone());
        for entry in entries.flatten() {
            let path = entry.path();
            if path == encoded {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else if is_raster(&entry.file_name().to_string_lossy()) && std::fs::remove_file(&path).is_ok() {
                removed += 1;
            }
        }
    }
    // Folders left empty (img/foto/) go too; deepest first, and remove_dir
    // leaves any folder that still has something in it.
    for dir in visited.iter().rev().filter(|d| **d != out.join("img")) {
        let _ = std::fs::remove_dir(dir);
    }
    removed
}

/// Checks the feed's photos (raster pictures on the site) without decoding
/// them: each must exist under `assets` and be a JPEG, PNG or WebP of a
/// usable size. Nothing is checked when `assets` has no `img/` folder.
/// Returns `(JSON path of the src, message)` in feed order.
pub fn check_sources(feed: &Value, assets: &Path) -> Vec<(String, String)> {
    let mut problems = Vec::new();
    // A feed away from the site (a copy being checked elsewhere, a
    // generated benchmark catalogue) has no pictures beside it to check.
    if !assets.join("img").is_dir() {
        return problems;
    }
    let Some(products) = feed.get("products").and_then(Value::as_array) else { return problems };
    for (p, product) in products.iter().enumerate() {
        let Some(images) = product.get("images").and_then(Value::as_array) else { continue };
        for (i, image) in images.iter().enumerate() {
            let Some(src) = image.get("src").and_then(Value::as_str) else { continue };
            // Photos only: illustrations (SVG) belong to the site's own
            // files, and an https:// picture is checked by the feed rules.
            if !is_raster(src) || src.starts_with("https://") || image.get("photo").is_some() || src.contains("..") {
                continue;
            }
            let path = format!("products[{p}].images[{i}].src");
            let file = assets.join(src.trim_start_matches('/').split(['?', '#']).next().unwrap_or(src));
            if !file.is_file() {
                problems.push((path, format!("{src}: no such file in {}", assets.display())));
                continue;
            }
            let checked = std::fs::read(&file).map_err(|e| format!("cannot be read: {e}")).and_then(|b| probe(&b));
            if let Err(message) = checked {
                problems.push((path, format!("{src}: {message}")));
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64(&[0xff, 0xfe, 0xfd, 0x00]), "//79AA==");
    }

    #[test]
    fn raster_by_extension() {
        assert!(is_raster("img/foto/a.JPG"));
        assert!(is_raster("img/foto/a.webp?v=2"));
        assert!(!is_raster("img/category/kopi.svg"));
        assert!(!is_raster("img/p/0123456789ab"));
    }
}
