//! Files in and out of the workbench: what staff open or drop (read as
//! bytes and sorted by kind), and the checked catalog.json they download.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// An opened file, by what the workbench makes of it.
#[derive(Clone, Debug, PartialEq)]
pub enum Opened {
    /// The product spreadsheet (it has a `harga` column).
    Products(String, Vec<u8>),
    /// The villages spreadsheet (a `cerita` column and no price).
    Villages(String, Vec<u8>),
    /// A feed with products: checked and edited as it is.
    Feed(String, Vec<u8>),
    /// A feed without products: the store, outlets, categories, villages.
    Base(String, Vec<u8>),
    /// A product photo, to check against the sheet and preview.
    Photo(Photo),
    /// Something else, by name and why it is not used.
    Unknown(String, &'static str),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Photo {
    pub name: String,
    pub bytes: u32,
    /// An object URL for the preview.
    pub url: String,
}

/// The files of a file list, taken at once: the list is live, and the
/// picker is cleared right after (so the same file can be opened again).
pub fn take(list: &web_sys::FileList) -> Vec<web_sys::File> {
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

/// Reads every file (from the picker or a drop).
pub async fn read_all(files: Vec<web_sys::File>) -> Vec<Opened> {
    let mut out = Vec::new();
    for file in files {
        out.push(read(file).await);
    }
    out
}

async fn read(file: web_sys::File) -> Opened {
    let name = file.name();
    let lower = name.to_lowercase();
    let is_photo = file.type_().starts_with("image/")
        || [".jpg", ".jpeg", ".png", ".webp", ".svg"].iter().any(|e| lower.ends_with(e));
    if is_photo {
        let url = web_sys::Url::create_object_url_with_blob(&file).unwrap_or_default();
        return Opened::Photo(Photo { name, bytes: file.size() as u32, url });
    }
    let Ok(buffer) = JsFuture::from(file.array_buffer()).await else {
        return Opened::Unknown(name, "tidak bisa dibaca");
    };
    let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
    classify(name, bytes)
}

/// By content rather than name: staff rename exports freely.
pub fn classify(name: String, bytes: Vec<u8>) -> Opened {
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let first = text.iter().find(|b| !b.is_ascii_whitespace()).copied();
    if first == Some(b'{') {
        let has_products = serde_json::from_slice::<serde_json::Value>(text)
            .ok()
            .and_then(|v| v.get("products").and_then(|p| p.as_array()).map(|p| !p.is_empty()))
            .unwrap_or(false);
        return if has_products { Opened::Feed(name, bytes) } else { Opened::Base(name, bytes) };
    }
    let header_line = text.split(|&b| b == b'\n').next().unwrap_or_default();
    let header = String::from_utf8_lossy(header_line).to_lowercase();
    let key: String = header.chars().filter(|c| c.is_alphanumeric() || matches!(c, ';' | ',' | '\t')).collect();
    let cells: Vec<&str> = key.split([';', ',', '\t']).collect();
    let has = |k: &str| cells.contains(&k);
    if has("harga") || has("price") || has("hargarp") {
        Opened::Products(name, bytes)
    } else if has("cerita") || has("kisah") || has("story") {
        Opened::Villages(name, bytes)
    } else if name.to_lowercase().ends_with(".csv") {
        Opened::Unknown(name, "bukan lembar produk (tidak ada kolom harga) atau lembar desa (tidak ada kolom cerita)")
    } else {
        Opened::Unknown(name, "bukan CSV, katalog JSON, atau foto")
    }
}

/// A download link for `text` (an object URL: the page keeps no copy).
pub fn object_url(text: &str, mime: &str) -> Option<String> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    web_sys::Url::create_object_url_with_blob(&blob).ok()
}

/// Clicks a download link the page has just rendered.
pub fn click(id: &str) {
    if let Some(a) =
        leptos::prelude::document().get_element_by_id(id).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        a.click();
    }
}
