//! The photo step of `nttmart pages` (crates/tool/src/photos.rs), on photos
//! made here: orientation applied, metadata gone, never upscaled, cached,
//! and bad files refused by path while the rest is built.

use image::{GenericImageView, ImageDecoder, Rgb, RgbImage};
use nttmart_tool::photos::{self, build};
use nttmart_tool::sample_photos::with_exif;
use serde_json::{json, Value};
use std::path::Path;

/// An upright `w`×`h` photo: grey, with a red block in its top left
/// corner, stored as a phone stores it for EXIF `orientation` (6: turned
/// anticlockwise, to be turned back clockwise), with a GPS position.
fn phone_jpeg(w: u32, h: u32, orientation: u16) -> Vec<u8> {
    let mut upright = RgbImage::from_pixel(w, h, Rgb([128, 128, 128]));
    for y in 0..h / 4 {
        for x in 0..w / 4 {
            upright.put_pixel(x, y, Rgb([230, 20, 20]));
        }
    }
    let stored = match orientation {
        6 => image::imageops::rotate270(&upright),
        _ => upright,
    };
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 90).encode_image(&stored).unwrap();
    with_exif(&jpeg, orientation, Some((-10.1772, 123.6070)))
}

fn feed(images: &[Vec<&str>]) -> Value {
    let products: Vec<Value> = images
        .iter()
        .enumerate()
        .map(|(n, srcs)| {
            json!({
                "id": format!("T-{n}"), "name": format!("Produk {n}"), "category": "kopi",
                "images": srcs.iter().map(|s| json!({"src": s, "alt": "Foto"})).collect::<Vec<_>>()
            })
        })
        .collect();
    json!({ "products": products })
}

struct Site {
    _dir: tempfile::TempDir,
    assets: std::path::PathBuf,
    out: std::path::PathBuf,
    cache: std::path::PathBuf,
}

fn site() -> Site {
    let dir = tempfile::tempdir().unwrap();
    let assets = dir.path().join("public");
    let out = dir.path().join("dist");
    let cache = dir.path().join("cache");
    std::fs::create_dir_all(assets.join("img/foto")).unwrap();
    std::fs::create_dir_all(assets.join("img/category")).unwrap();
    std::fs::write(assets.join("img/category/kopi.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>").unwrap();
    std::fs::create_dir_all(out.join("img/foto")).unwrap();
    Site { _dir: dir, assets, out, cache }
}

impl Site {
    /// A source in the assets and, as Trunk copies it, in the site.
    fn put(&self, name: &str, bytes: &[u8]) {
        std::fs::create_dir_all(self.out.join(name).parent().unwrap()).unwrap();
        std::fs::write(self.assets.join(name), bytes).unwrap();
        std::fs::write(self.out.join(name), bytes).unwrap();
    }

    fn outputs(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.out.join("img/p"))
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

/// Width and height an AVIF declares (its `ispe` property).
fn avif_size(bytes: &[u8]) -> (u32, u32) {
    let at = bytes.windows(4).position(|w| w == b"ispe").expect("an ispe box") + 8;
    let word = |i: usize| u32::from_be_bytes(bytes[i..i + 4].try_into().unwrap());
    (word(at), word(at + 4))
}

fn assert_no_metadata(name: &str, bytes: &[u8]) {
    assert!(!bytes.windows(4).any(|w| w == b"Exif"), "{name} carries EXIF");
    assert!(!bytes.windows(4).any(|w| w == b"EXIF"), "{name} carries EXIF");
    assert!(!bytes.windows(8).any(|w| w == b"NTT Mart"), "{name} carries the camera's make");
    // The GPS IFD's tag as the sample writes it.
    assert!(!bytes.windows(2).any(|w| w == [0x25, 0x88]) || !bytes.windows(4).any(|w| w == b"II*\0"), "{name}: TIFF");
}

#[test]
fn a_sideways_phone_photo_comes_out_upright_at_every_width_without_its_gps() {
    let site = site();
    // Stored 480×640 with tag 6: upright it is 640×480.
    site.put("img/foto/a.jpg", &phone_jpeg(640, 480, 6));
    let mut value = feed(&[vec!["img/foto/a.jpg"]]);
    let report = build(&mut value, &site.assets, &site.out, &site.cache).unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!(report.encoded, 1);

    let image = &value["products"][0]["images"][0];
    let base = image["src"].as_str().unwrap();
    assert!(base.starts_with("img/p/") && base.len() == "img/p/".len() + 12, "{base}");
    assert_eq!(image["photo"]["width"], 640);
    assert_eq!(image["photo"]["height"], 480);
    let placeholder = image["photo"]["placeholder"].as_str().unwrap();
    assert!(placeholder.starts_with("data:image/webp;base64,") && placeholder.len() <= 600, "{placeholder}");
    assert_eq!(image["photo"]["color"].as_str().unwrap().len(), 6);

    let id = &base["img/p/".len()..];
    let expected: Vec<String> = [160, 320, 480, 640]
        .iter()
        .flat_map(|w| ["avif", "jpg", "webp"].map(|ext| format!("{id}-{w}.{ext}")))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(site.outputs(), expected);

    for name in site.outputs() {
        let bytes = std::fs::read(site.out.join("img/p").join(&name)).unwrap();
        assert_no_metadata(&name, &bytes);
        let w: u32 = name.split(['-', '.']).nth(1).unwrap().parse().unwrap();
        let h = w * 3 / 4;
        if name.ends_with(".avif") {
            assert_eq!(avif_size(&bytes), (w, h), "{name}");
            continue;
        }
        let decoded = image::load_from_memory(&bytes).unwrap();
        assert_eq!(decoded.dimensions(), (w, h), "{name} is upright");
        // Red in the top left, grey in the bottom right: turned the right way.
        let tl = decoded.get_pixel(w / 16, h / 16);
        let br = decoded.get_pixel(w - w / 16, h - h / 16);
        assert!(tl[0] > 180 && tl[1] < 90, "{name}: top left is {tl:?}");
        assert!((100..160).contains(&br[0]) && (100..160).contains(&br[1]), "{name}: bottom right is {br:?}");
        if name.ends_with(".jpg") {
            let mut decoder = image::codecs::jpeg::JpegDecoder::new(std::io::Cursor::new(&bytes)).unwrap();
            assert!(decoder.exif_metadata().unwrap().is_none(), "{name}");
        }
    }
    // The source itself, GPS and all, is no longer in the site.
    assert!(!site.out.join("img/foto/a.jpg").exists());
    assert!(!site.out.join("img/foto").exists());
    assert!(site.assets.join("img/foto/a.jpg").exists(), "the staff's file stays");
}

#[test]
fn a_small_photo_is_never_upscaled() {
    let site = site();
    site.put("img/foto/small.jpg", &phone_jpeg(400, 300, 1));
    let mut value = feed(&[vec!["img/foto/small.jpg"]]);
    let report = build(&mut value, &site.assets, &site.out, &site.cache).unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    let widths: std::collections::BTreeSet<u32> =
        site.outputs().iter().map(|n| n.split(['-', '.']).nth(1).unwrap().parse().unwrap()).collect();
    assert_eq!(widths.into_iter().collect::<Vec<_>>(), vec![160, 320, 400]);
    for name in site.outputs().iter().filter(|n| !n.ends_with(".avif")) {
        let decoded = image::load_from_memory(&std::fs::read(site.out.join("img/p").join(name)).unwrap()).unwrap();
        assert!(decoded.width() <= 400, "{name}");
    }
}

#[test]
fn a_second_build_encodes_nothing_and_a_changed_photo_only_itself() {
    let site = site();
    site.put("img/foto/a.jpg", &phone_jpeg(480, 360, 1));
    site.put("img/foto/b.png", &{
        let mut png = Vec::new();
        RgbImage::from_pixel(500, 400, Rgb([10, 120, 40]))
            .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        png
    });
    let first = {
        let mut value = feed(&[vec!["img/foto/a.jpg", "img/foto/b.png"]]);
        let report = build(&mut value, &site.assets, &site.out, &site.cache).unwrap();
        assert_eq!(report.encoded, 2);
        value
    };
    // A new build: Trunk has emptied the site and copied the sources again.
    std::fs::remove_dir_all(&site.out).unwrap();
    std::fs::create_dir_all(site.out.join("img/foto")).unwrap();
    std::fs::copy(site.assets.join("img/foto/a.jpg"), site.out.join("img/foto/a.jpg")).unwrap();
    let mut value = feed(&[vec!["img/foto/a.jpg", "img/foto/b.png"]]);
    let report = build(&mut value, &site.assets, &site.out, &site.cache).unwrap();
    assert_eq!(report.encoded, 0, "{report:?}");
    assert_eq!(report.sources, 2);
    assert_eq!(value, first, "the same feed");
    assert_eq!(site.outputs().len(), (3 + 4) * 3, "a: 160, 320, 480; b: 160, 320, 480, 500");

    // One photo replaced: only it is encoded, and its old copies go.
    site.put("img/foto/a.jpg", &phone_jpeg(480, 360, 6));
    let mut value = feed(&[vec!["img/foto/a.jpg", "img/foto/b.png"]]);
    let report = build(&mut value, &site.assets, &site.out, &site.cache).unwrap();
    assert_eq!(report.encoded, 1);
    assert_ne!(value["products"][0]["images"][0]["src"], first["products"][0]["images"][0]["src"]);
    assert_eq!(value["products"][0]["images"][1], first["products"][0]["images"][1]);
    let old = first["products"][0]["images"][0]["src"].as_str().unwrap().trim_start_matches("img/p/").to_owned();
    assert!(site.outputs().iter().all(|n| !n.starts_with(&old)), "stale copies removed");
}

#[test]
fn missing_corrupt_foreign_tiny_and_bomb_files_are_refused_by_path_and_the_rest_is_built() {
    let site = site();
    site.put("img/foto/good.jpg", &phone_jpeg(480, 360, 1));
    site.put("img/foto/text.jpg", b"this is a text file, not a photo\n");
    // Cut inside its tables: a decoder stops there. (One cut in its picture
    // data decodes, grey below the cut, as browsers show it.)
    let mut cut = phone_jpeg(480, 360, 1);
    cut.truncate(400);
    site.put("img/foto/cut.jpg", &cut);
    site.put("img/foto/tiny.jpg", &phone_jpeg(200, 150, 1));
    // A PNG that says it is 20,000 × 20,000 pixels (400 MP) in 70 bytes.
    let bomb = png_claiming(20_000, 20_000);
    site.put("img/foto/bomb.png", &bomb);
    let mut value = feed(&[
        vec!["img/foto/good.jpg", "img/foto/missing.jpg"],
        vec!["img/foto/text.jpg"],
        vec!["img/foto/cut.jpg"],
        vec!["img/foto/tiny.jpg"],
        vec!["img/foto/bomb.png", "img/foto/good.jpg"],
    ]);
    let report = build(&mut value, &site.assets, &site.out, &site.cache).unwrap();
    let lines: Vec<String> = report.problems.iter().map(|p| p.to_string()).collect();
    let expect = [
        ("products[0].images[1].src: img/foto/missing.jpg", "no such file"),
        ("products[1].images[0].src: img/foto/text.jpg", "not a picture"),
        ("products[2].images[0].src: img/foto/cut.jpg", "damaged"),
        ("products[3].images[0].src: img/foto/tiny.jpg", "too small: 200 × 150"),
        ("products[4].images[0].src: img/foto/bomb.png", "400 megapixels"),
    ];
    assert_eq!(lines.len(), expect.len(), "{lines:#?}");
    for (line, (start, has)) in lines.iter().zip(expect) {
        assert!(line.starts_with(start) && line.contains(has), "{line} (expected {start} … {has})");
    }
    // The good photo is built wherever it is named; refused ones are out,
    // and a product left with none shows its category's illustration.
    assert_eq!(report.encoded, 1);
    assert_eq!(value["products"][0]["images"].as_array().unwrap().len(), 1);
    assert!(value["products"][0]["images"][0]["photo"].is_object());
    assert_eq!(value["products"][1]["images"][0]["src"], "img/category/kopi.svg");
    assert_eq!(value["products"][1]["images"][0]["alt"], "Produk 1");
    assert_eq!(value["products"][4]["images"].as_array().unwrap().len(), 1);
    assert_eq!(value["products"][4]["images"][0], value["products"][0]["images"][0]);

    // `nttmart check` and `import-csv` see the same problems from the
    // headers alone (no decoding).
    let checked = photos::check_sources(
        &feed(&[vec!["img/foto/tiny.jpg", "img/foto/bomb.png", "img/foto/nope.png"]]),
        &site.assets,
    );
    let paths: Vec<&str> = checked.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(paths, ["products[0].images[0].src", "products[0].images[1].src", "products[0].images[2].src"]);
}

/// A PNG whose header claims `w`×`h` grey pixels, with a token IDAT.
fn png_claiming(w: u32, h: u32) -> Vec<u8> {
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 { (crc >> 1) ^ 0xedb8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut chunk = |kind: &[u8], data: &[u8]| {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut body = kind.to_vec();
        body.extend_from_slice(data);
        out.extend_from_slice(&body);
        out.extend_from_slice(&crc32(&body).to_be_bytes());
    };
    let mut ihdr = w.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 0, 0, 0, 0]);
    chunk(b"IHDR", &ihdr);
    chunk(b"IDAT", &[0x78, 0x9c, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01]);
    chunk(b"IEND", &[]);
    out
}

#[test]
fn probe_reads_the_upright_size_from_the_header() {
    assert_eq!(photos::probe(&phone_jpeg(640, 480, 6)).unwrap(), (640, 480));
    assert!(Path::new(env!("CARGO_MANIFEST_DIR")).is_dir());
}

#[test]
fn check_and_import_csv_name_a_missing_photo_by_path_and_row() {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let csv = std::fs::read_to_string(root.join("data/sample/produk.csv")).unwrap();
    // Row 3 of the spreadsheet (its second product) names a photo that is not there.
    let mut lines: Vec<String> = csv.lines().map(str::to_owned).collect();
    let second = lines[2].replace("img/foto/kpg-0002.jpg", "img/foto/hilang.jpg");
    assert_ne!(second, lines[2], "the sample's second product has a photo");
    lines[2] = second;
    std::fs::write(dir.path().join("produk.csv"), lines.join("\n")).unwrap();
    std::fs::create_dir_all(dir.path().join("site/img/foto")).unwrap();
    for entry in std::fs::read_dir(root.join("public/img/foto")).unwrap().flatten() {
        std::fs::copy(entry.path(), dir.path().join("site/img/foto").join(entry.file_name())).unwrap();
    }
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_nttmart"))
        .args(["import-csv", "produk.csv", "--base"])
        .arg(root.join("data/sample/base.json"))
        .args(["-o", "site/catalog.json"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "produk.csv row 3 (Madu Hutan Amfoang): products[1].images[0].src: img/foto/hilang.jpg: no such file"
        ),
        "{stderr}"
    );

    // The sample feed itself, beside its photos, passes `check`; with one
    // photo gone it names it.
    let feed = dir.path().join("site/catalog.json");
    std::fs::copy(root.join("public/catalog.json"), &feed).unwrap();
    let check = |feed: &Path| {
        std::process::Command::new(env!("CARGO_BIN_EXE_nttmart")).arg("check").arg(feed).output().unwrap()
    };
    let ok = check(&feed);
    assert_eq!(ok.status.code(), Some(0), "{}", String::from_utf8_lossy(&ok.stdout));
    std::fs::remove_file(dir.path().join("site/img/foto/kpg-0003.jpg")).unwrap();
    let bad = check(&feed);
    let stdout = String::from_utf8_lossy(&bad.stdout);
    assert_eq!(bad.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("products[2].images[0].src: img/foto/kpg-0003.jpg: no such file"), "{stdout}");
}
