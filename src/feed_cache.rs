//! The last good feed (and the detail files seen, `components::long_text`),
//! kept in the Cache API so that a phone that loses its signal (or a server
//! that publishes a broken feed) still shows the catalog. localStorage is
//! too small for a large feed; the Cache API is not.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

const CACHE: &str = "nttmart-feed-v1";
const SAVED_AT: &str = "x-nttmart-saved-at";

async fn open() -> Option<web_sys::Cache> {
    let caches = web_sys::window()?.caches().ok()?;
    JsFuture::from(caches.open(CACHE)).await.ok()?.dyn_into().ok()
}

/// Saves the feed bytes under `key` (the feed's URL) with the time they
/// were fetched. Failure (quota, private mode) only means there is no
/// offline copy.
pub async fn store(key: &str, bytes: &[u8]) {
    let Some(cache) = open().await else { return };
    let init = web_sys::ResponseInit::new();
    let Ok(headers) = web_sys::Headers::new() else { return };
    let _ = headers.set("content-type", "application/json");
    // Whole milliseconds: integer text keeps float printing and parsing out
    // of the wasm bundle (their tables alone are ~10 KB).
    let _ = headers.set(SAVED_AT, &(js_sys::Date::now() as u64).to_string());
    init.set_headers(&headers);
    let mut copy = bytes.to_vec();
    let Ok(response) = web_sys::Response::new_with_opt_u8_array_and_init(Some(&mut copy), &init) else { return };
    let _ = JsFuture::from(cache.put_with_str(key, &response)).await;
}

/// The feed saved under `key` and when it was saved (ms since the epoch).
pub async fn load(key: &str) -> Option<(Vec<u8>, u64)> {
    let cache = open().await?;
    let found = JsFuture::from(cache.match_with_str(key)).await.ok()?;
    let response: web_sys::Response = found.dyn_into().ok()?;
    let saved_at = response.headers().get(SAVED_AT).ok().flatten().and_then(|s| s.parse().ok()).unwrap_or(0);
    let buffer = JsFuture::from(response.array_buffer().ok()?).await.ok()?;
    Some((js_sys::Uint8Array::new(&buffer).to_vec(), saved_at))
}
