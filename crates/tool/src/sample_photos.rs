//! `nttmart sample-photos`: photograph-like JPEGs for the sample catalogue
//! (issue 16), so the photo pipeline runs in every build and test. Nothing
//! can be downloaded where the project is built, so they are rendered here
//! from the category illustrations: the SVG rasterised large, then lit from
//! one side with a vignette, given a fabric-and-paper texture and sensor
//! noise, and saved as a phone would save it: a big JPEG whose pixels are
//! stored sideways for some photos, with an EXIF orientation tag that turns
//! them upright and a GPS position (which the build must strip).
//!
//! `nttmart sample-photos --feed FEED --out DIR [--count N] [--assets DIR]`
//! writes `DIR/<product id, lowercase>.jpg` for the first N products of the
//! feed (every fifth also gets a second view, `-2.jpg`) and prints one line
//! per product: `ID<TAB>path[|path]`, for the spreadsheet's image column.
//! The output is the same for the same input: the randomness is seeded by
//! the product id.

use crate::util::load_feed;
use crate::{EXIT_INVALID, EXIT_OK, EXIT_UNREADABLE};
use resvg::{tiny_skia, usvg};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Size of the upright photo: a phone's 4:3, at a size that keeps 30 of
/// them well under the repository's 20 MB for source photos.
pub const WIDTH: u32 = 2000;
pub const HEIGHT: u32 = 1500;
const QUALITY: u8 = 84;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SampleArgs {
    pub feed: PathBuf,
    pub out: PathBuf,
    pub count: usize,
    pub assets: PathBuf,
}

pub fn run(args: &SampleArgs, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let parsed = match load_feed(&args.feed) {
        Ok(p) => p,
        Err(e) => {
            let _ = writeln!(err, "nttmart sample-photos: {e}");
            return EXIT_UNREADABLE;
        }
    };
    let Some(catalog) = parsed.catalog else {
        let _ = writeln!(err, "nttmart sample-photos: {}: the feed is unusable", args.feed.display());
        return EXIT_INVALID;
    };
    if let Err(e) = std::fs::create_dir_all(&args.out) {
        let _ = writeln!(err, "nttmart sample-photos: {}: cannot create: {e}", args.out.display());
        return EXIT_UNREADABLE;
    }
    let rel = args.out.strip_prefix(&args.assets).unwrap_or(&args.out).to_string_lossy().replace('\\', "/");
    for (n, product) in catalog.products.iter().take(args.count).enumerate() {
        let Some(svg) = product.images.iter().find(|i| i.src.ends_with(".svg")) else { continue };
        let svg = args.assets.join(&svg.src);
        let id = product.id.to_ascii_lowercase();
        let views = if n % 5 == 0 { 2 } else { 1 };
        let mut names = Vec::new();
        for view in 0..views {
            let name = if view == 0 { format!("{id}.jpg") } else { format!("{id}-{}.jpg", view + 1) };
            let seed = seed_of(&format!("{}#{view}", product.id));
            // Every third photo is stored sideways, as a phone held upright
            // stores it; the rest carry the tag too, saying "as stored".
            let orientation = match n % 6 {
                0 | 3 => 6,
                4 => 8,
                _ => 1,
            };
            match render(&svg, seed, orientation, view) {
                Ok(jpeg) => {
                    let path = args.out.join(&name);
                    if let Err(e) = std::fs::write(&path, jpeg) {
                        let _ = writeln!(err, "nttmart sample-photos: {}: cannot write: {e}", path.display());
                        return EXIT_UNREADABLE;
                    }
                    names.push(format!("{rel}/{name}"));
                }
                Err(e) => {
                    let _ = writeln!(err, "nttmart sample-photos: {}: {e}", svg.display());
                    return EXIT_INVALID;
                }
            }
        }
        let _ = writeln!(out, "{}\t{}", product.id, names.join("|"));
    }
    EXIT_OK
}

fn seed_of(s: &str) -> u64 {
    // FNV-1a: stable across builds and platforms.
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3))
}

/// xorshift64*: fast, seeded, good enough for grain.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    /// Roughly normal, mean 0, deviation 1 (sum of four uniforms).
    fn gauss(&mut self) -> f32 {
        let r = self.next();
        let sum: u32 = (0..4).map(|i| ((r >> (i * 16)) & 0xffff) as u32).sum();
        (sum as f32 / 65535.0 - 2.0) * 1.732
    }
}

/// One sample photo of the illustration `svg`, as JPEG bytes with EXIF.
pub fn render(svg: &Path, seed: u64, orientation: u16, view: usize) -> Result<Vec<u8>, String> {
    let text = std::fs::read_to_string(svg).map_err(|e| format!("cannot read: {e}"))?;
    let tree = usvg::Tree::from_str(&text, &usvg::Options::default()).map_err(|e| e.to_string())?;
    let mut pixmap = tiny_skia::Pixmap::new(WIDTH, HEIGHT).ok_or("cannot allocate")?;
    let size = tree.size();
    // A second view is closer in and off-centre, as a second shot would be.
    let zoom = if view == 0 { 1.0 } else { 1.35 };
    let scale = (WIDTH as f32 / size.width()).max(HEIGHT as f32 / size.height()) * zoom;
    let dx = (WIDTH as f32 - size.width() * scale) * if view == 0 { 0.5 } else { 0.3 };
    let dy = (HEIGHT as f32 - size.height() * scale) * 0.5;
    resvg::render(&tree, tiny_skia::Transform::from_row(scale, 0.0, 0.0, scale, dx, dy), &mut pixmap.as_mut());
    let upright = photographic(pixmap.data(), seed);
    let stored = match orientation {
        // Tag 6: the stored image is turned 90° anticlockwise; a viewer
        // turns it clockwise. Tag 8 the other way.
        6 => image::imageops::rotate270(&upright),
        8 => image::imageops::rotate90(&upright),
        _ => upright,
    };
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, QUALITY)
        .encode_image(&stored)
        .map_err(|e| e.to_string())?;
    // Somewhere in NTT, as a phone would record it.
    let lat = -(8.0 + (seed % 2000) as f64 / 1000.0);
    let lon = 119.5 + (seed / 7 % 5000) as f64 / 1000.0;
    Ok(with_exif(&jpeg, orientation, Some((lat, lon))))
}

/// Light from the upper left, a vignette, paper-and-weave texture, a slight
/// colour cast and sensor noise, on RGBA pixels.
fn photographic(rgba: &[u8], seed: u64) -> image::RgbImage {
    let mut rng = Rng(seed | 1);
    let (w, h) = (WIDTH as usize, HEIGHT as usize);
    // Low-frequency blotches: a coarse grid of random values, interpolated.
    const GRID: usize = 9;
    let blotch: Vec<f32> = (0..GRID * GRID).map(|_| rng.gauss() * 0.035).collect();
    let warm = 1.0 + (rng.next() % 60) as f32 / 1000.0;
    let lx = 0.15 + (rng.next() % 30) as f32 / 100.0;
    let mut out = image::RgbImage::new(WIDTH, HEIGHT);
    for y in 0..h {
        let fy = y as f32 / h as f32;
        for x in 0..w {
            let fx = x as f32 / w as f32;
            let i = (y * w + x) * 4;
            let (dxl, dyl) = (fx - lx, fy - 0.1);
            let light = 1.12 - 0.35 * (dxl * dxl + dyl * dyl).sqrt();
            let (cx, cy) = (fx - 0.5, fy - 0.5);
            let vignette = 1.0 - 0.55 * (cx * cx + cy * cy);
            let gx = fx * (GRID - 1) as f32;
            let gy = fy * (GRID - 1) as f32;
            let (ix, iy) = ((gx as usize).min(GRID - 2), (gy as usize).min(GRID - 2));
            let (tx, ty) = (gx - ix as f32, gy - iy as f32);
            let b = |a: usize, c: usize| blotch[(iy + c) * GRID + ix + a];
            let low = b(0, 0) * (1.0 - tx) * (1.0 - ty)
                + b(1, 0) * tx * (1.0 - ty)
                + b(0, 1) * (1.0 - tx) * ty
                + b(1, 1) * tx * ty;
            let weave = ((x as f32 * 0.9).sin() * (y as f32 * 0.9).sin()) * 0.018;
            let gain = light * vignette * (1.0 + low + weave);
            let grain = rng.gauss() * 3.2;
            let chroma = [rng.gauss() * 1.2, 0.0, rng.gauss() * 1.2];
            let alpha = f32::from(rgba[i + 3]) / 255.0;
            for c in 0..3 {
                // Premultiplied in tiny-skia; a transparent pixel is a white table.
                let v = f32::from(rgba[i + c]) + 255.0 * (1.0 - alpha);
                let cast = if c == 0 {
                    warm
                } else if c == 2 {
                    2.0 - warm
                } else {
                    1.0
                };
                out.get_pixel_mut(x as u32, y as u32)[c] =
                    (v * gain * cast + grain + chroma[c]).clamp(0.0, 255.0) as u8;
            }
        }
    }
    out
}

/// `jpeg` with an EXIF segment right after its start marker: Make and
/// Model, the orientation and, when given, a GPS latitude and longitude
/// (degrees, south and west negative).
pub fn with_exif(jpeg: &[u8], orientation: u16, gps: Option<(f64, f64)>) -> Vec<u8> {
    let tiff = exif_tiff(orientation, gps);
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend_from_slice(&tiff);
    let len = u16::try_from(app1.len() + 2).expect("a small EXIF block");
    let mut out = Vec::with_capacity(jpeg.len() + app1.len() + 4);
    out.extend_from_slice(&jpeg[..2]);
    out.extend_from_slice(&[0xff, 0xe1]);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(&app1);
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// A little-endian TIFF block: IFD0 (Make, Model, Orientation, GPS
/// pointer) and the GPS IFD.
fn exif_tiff(orientation: u16, gps: Option<(f64, f64)>) -> Vec<u8> {
    // Entries: (tag, type, count, value bytes). Values over 4 bytes go to a
    // data area after the IFDs, whose offsets are filled in below.
    type Entry = (u16, u16, u32, Vec<u8>);
    let ascii = |s: &str| {
        let mut v = s.as_bytes().to_vec();
        v.push(0);
        v
    };
    let rational3 = |deg: f64| {
        let d = deg.abs();
        let whole = d.floor();
        let minutes = ((d - whole) * 60.0).floor();
        let seconds = ((d - whole) * 60.0 - minutes) * 60.0;
        let mut v = Vec::new();
        for (num, den) in [(whole as u32, 1u32), (minutes as u32, 1), ((seconds * 100.0).round() as u32, 100)] {
            v.extend_from_slice(&num.to_le_bytes());
            v.extend_from_slice(&den.to_le_bytes());
        }
        v
    };
    let mut ifd0: Vec<Entry> = vec![
        (0x010f, 2, 11, ascii("NTT Mart 1")),
        (0x0110, 2, 14, ascii("Sample Phone ")),
        (0x0112, 3, 1, orientation.to_le_bytes().to_vec()),
    ];
    let mut gps_ifd: Vec<Entry> = Vec::new();
    if let Some((lat, lon)) = gps {
        ifd0.push((0x8825, 4, 1, vec![0; 4]));
        gps_ifd = vec![
            (0x0000, 1, 4, vec![2, 3, 0, 0]),
            (0x0001, 2, 2, ascii(if lat < 0.0 { "S" } else { "N" })),
            (0x0002, 5, 3, rational3(lat)),
            (0x0003, 2, 2, ascii(if lon < 0.0 { "W" } else { "E" })),
            (0x0004, 5, 3, rational3(lon)),
        ];
    }
    let ifd_len = |n: usize| 2 + n * 12 + 4;
    let ifd0_at = 8usize;
    let gps_at = ifd0_at + ifd_len(ifd0.len());
    let mut data_at = gps_at + if gps_ifd.is_empty() { 0 } else { ifd_len(gps_ifd.len()) };
    if !gps_ifd.is_empty() {
        let slot = ifd0.iter_mut().find(|e| e.0 == 0x8825).expect("pointer entry");
        slot.3 = (gps_at as u32).to_le_bytes().to_vec();
    }
    let mut head = b"II*\0".to_vec();
    head.extend_from_slice(&(ifd0_at as u32).to_le_bytes());
    let mut data = Vec::new();
    let mut write_ifd = |entries: &[Entry], head: &mut Vec<u8>| {
        head.extend_from_slice(&(entries.len() as u16).to_le_bytes());
        for (tag, kind, count, value) in entries {
            head.extend_from_slice(&tag.to_le_bytes());
            head.extend_from_slice(&kind.to_le_bytes());
            head.extend_from_slice(&count.to_le_bytes());
            if value.len() <= 4 {
                let mut v = value.clone();
                v.resize(4, 0);
                head.extend_from_slice(&v);
            } else {
                head.extend_from_slice(&(data_at as u32).to_le_bytes());
                data.extend_from_slice(value);
                data_at += value.len();
                if value.len() % 2 == 1 {
                    data.push(0);
                    data_at += 1;
                }
            }
        }
        head.extend_from_slice(&0u32.to_le_bytes());
    };
    write_ifd(&ifd0, &mut head);
    if !gps_ifd.is_empty() {
        write_ifd(&gps_ifd, &mut head);
    }
    head.extend_from_slice(&data);
    head
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::ImageDecoder;

    #[test]
    fn a_sample_photo_is_a_large_jpeg_with_orientation_and_gps() {
        let svg = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../public/img/category/madu.svg");
        let jpeg = render(&svg, 7, 6, 0).unwrap();
        assert!(jpeg.len() > 200_000 && jpeg.len() < 1_000_000, "{} bytes", jpeg.len());
        let mut decoder = image::codecs::jpeg::JpegDecoder::new(std::io::Cursor::new(&jpeg)).unwrap();
        // Stored sideways, upright once the tag is applied.
        assert_eq!(decoder.dimensions(), (HEIGHT, WIDTH));
        assert_eq!(decoder.orientation().unwrap(), image::metadata::Orientation::Rotate90);
        let exif = decoder.exif_metadata().unwrap().unwrap();
        assert!(exif.windows(2).any(|w| w == [0x25, 0x88]), "a GPS IFD pointer");
        assert!(exif.windows(2).any(|w| w == b"S\0"), "a southern latitude");
        // Photograph-like: no two neighbouring pixels of a flat area alike.
        let img = image::load_from_memory(&jpeg).unwrap().to_rgb8();
        let row: Vec<_> = (100..140).map(|x| img.get_pixel(x, 10).0).collect();
        assert!(row.windows(2).filter(|p| p[0] != p[1]).count() > 20);
        // The same input gives the same photo.
        assert_eq!(render(&svg, 7, 6, 0).unwrap(), jpeg);
    }
}
