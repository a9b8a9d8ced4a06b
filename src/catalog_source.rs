//! Fetching the catalog feed and turning it into app state, robust against
//! rural mobile networks: the last good copy (kept in the Cache API) is
//! shown at once, the network copy is fetched behind it
//! (stale-while-revalidate), each network attempt has a timeout and failed
//! attempts are retried with backoff.

use crate::feed_cache;
use gloo_net::http::Request;
use nttmart_domain::browse::Browser;
use nttmart_domain::digest::fnv1a64;
use nttmart_domain::feed::{self, Problem};
use nttmart_domain::Catalog;
use std::sync::Arc;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Which file a bundle reads. Both are static files that change without a
/// rebuild of the app.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Feed {
    /// The storefront: the index feed (`nttmart_domain::detail`), without
    /// descriptions and stories, which its product and village pages fetch
    /// per kabupaten. A host where `nttmart pages` never ran has no index:
    /// then the whole feed.
    Index,
    /// The kiosk, on an outlet's connection, shows the stories on its
    /// attract screen: the whole feed staff publish.
    Whole,
}

/// The staff's whole feed, at the site root.
pub const WHOLE_URL: &str = "/catalog.json";
/// The index feed `nttmart pages` writes from it.
pub const INDEX_URL: &str = "/katalog/index.json";

impl Feed {
    /// The URLs to try in turn; the next only when the server has no file.
    fn urls(self) -> &'static [&'static str] {
        match self {
            Feed::Index => &[INDEX_URL, WHOLE_URL],
            Feed::Whole => &[WHOLE_URL],
        }
    }

    /// Where the last good copy is kept: the two bundles share an origin
    /// but not a feed.
    fn cache_key(self) -> &'static str {
        self.urls()[0]
    }
}

/// Per attempt. Generous, because a 2G connection needs several seconds for
/// a large feed, but bounded so a dead connection does not hang forever.
/// A site can tune it without a rebuild with
/// `<meta name="nttmart-feed-timeout-ms" content="…">` in index.html.
const TIMEOUT_MS: u32 = 15_000;
const TIMEOUT_META: &str = "meta[name=nttmart-feed-timeout-ms]";
/// The `Last-Modified` and digest of the catalog.json the index feed was
/// made from (`Sat, 06 Dec 2025 03:25:00 GMT; fnv=…`), which `nttmart
/// pages` writes into every page it writes with the index. Staff may
/// replace catalog.json by hand without running it: then the server's
/// `Last-Modified` differs and the storefront reads catalog.json itself, so
/// a phone never shows older prices than the kiosk.
const SOURCE_META: &str = "meta[name=nttmart-feed-source]";
/// A server date found to name the very catalog.json the index was made
/// from (`<date>|<digest>`): only its time changed, as a copy that does not
/// keep file times does. The index is enough again, without reading the
/// whole feed on every visit.
const SAME_SOURCE_KEY: &str = "feed-same-source";
/// Waits before the second and third attempt.
const BACKOFF_MS: [i32; 2] = [800, 2_500];

/// Where the shown catalog came from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Source {
    Network,
    /// The saved copy, because the network failed; when it was saved (ms).
    Saved {
        saved_at: u64,
    },
}

/// A loaded catalog plus the problems found in it (bad products are left out
/// and listed here, so the rest of the shop keeps working).
#[derive(Clone, Debug)]
pub struct Loaded {
    pub catalog: Arc<Catalog>,
    /// Search index and filter facts, built once per feed.
    pub browser: Arc<Browser>,
    pub problems: Arc<Vec<Problem>>,
    pub source: Source,
    /// Why the network copy was not used, when `source` is `Saved`; `None`
    /// while the network copy is still on its way.
    pub network_error: Option<LoadError>,
    /// Of the feed bytes: an unchanged feed is not parsed again, and the
    /// pages are not rebuilt under the customer.
    pub digest: u64,
}

/// What the network said, compared with the catalog on screen.
pub enum Fetched {
    /// The same bytes as the shown catalog (saved in the meantime).
    Unchanged,
    New(Loaded),
}

/// Why there is no catalog to show. Each variant maps to a message the
/// customer can act on.
#[derive(Clone, Debug, PartialEq)]
pub enum LoadError {
    /// No response at all: offline, DNS, connection dropped, timeout.
    Network(String),
    /// The server answered, but not with the feed.
    Http(u16),
    /// The file is not JSON.
    Syntax(String),
    /// JSON, but unusable as a catalog (wrong version, no products...).
    Invalid(Vec<String>),
}

impl LoadError {
    /// Worth another attempt: the network or the server may recover within
    /// seconds; a 404 or a broken file will not.
    pub(crate) fn is_transient(&self) -> bool {
        match self {
            LoadError::Network(_) => true,
            LoadError::Http(status) => *status >= 500 || *status == 408 || *status == 429,
            LoadError::Syntax(_) | LoadError::Invalid(_) => false,
        }
    }
}

/// The last good feed saved on this device, if any.
pub async fn saved_catalog(feed: Feed) -> Option<Loaded> {
    let (bytes, saved_at) = feed_cache::load(feed.cache_key()).await?;
    build(&bytes, fnv1a64(&bytes), Source::Saved { saved_at }).await.ok()
}

/// The feed from the network, retrying transient failures with backoff. A
/// usable new feed is saved as the last good copy; a feed whose bytes match
/// `shown` (the digest of the catalog on screen) is not parsed again.
pub async fn network_catalog(feed: Feed, shown: Option<u64>) -> Result<Fetched, LoadError> {
    let mut error = LoadError::Network(String::new());
    for attempt in 0..=BACKOFF_MS.len() {
        if attempt > 0 {
            crate::tasks::sleep_ms(BACKOFF_MS[attempt - 1]).await;
        }
        let result = match fetch_feed(feed).await {
            Ok(bytes) => {
                let digest = fnv1a64(&bytes);
                if Some(digest) == shown {
                    Ok((Fetched::Unchanged, bytes))
                } else {
                    build(&bytes, digest, Source::Network).await.map(|loaded| (Fetched::New(loaded), bytes))
                }
            }
            Err(e) => Err(e),
        };
        match result {
            Ok((fetched, bytes)) => {
                // Also for an unchanged feed: it refreshes the saved time.
                // In a task of its own, after the pages' render (which
                // waits for a task too): copying the feed into the Cache
                // API is not on the way to the first screen (issue 20).
                let key = feed.cache_key();
                leptos::task::spawn_local(async move {
                    crate::tasks::yield_now().await;
                    feed_cache::store(key, &bytes).await;
                });
                return Ok(fetched);
            }
            Err(e) => {
                let retry = e.is_transient();
                error = e;
                if !retry {
                    break;
                }
            }
        }
    }
    Err(error)
}

/// The first of the feed's URLs the server has; for the index, the whole
/// feed instead when the index is older than it (`SOURCE_META`).
async fn fetch_feed(feed: Feed) -> Result<Vec<u8>, LoadError> {
    // Asked before the index, so both requests are on their way at once.
    let source = (feed == Feed::Index).then(source_check).flatten();
    let mut result = Err(LoadError::Http(404));
    let mut read = WHOLE_URL;
    for url in feed.urls() {
        read = url;
        result = fetch_once(url).await;
        if result != Err(LoadError::Http(404)) {
            break;
        }
    }
    if let (Ok(_), Some((recorded, head))) = (&result, source) {
        let (date, digest) = match recorded.split_once("; fnv=") {
            Some((date, hex)) => (date, u64::from_str_radix(hex.trim(), 16).ok()),
            None => (recorded.as_str(), None),
        };
        if read == INDEX_URL {
            if let Some(server_date) = changed_date(date, head).await {
                let same = digest.map(|d| format!("{server_date}|{d:016x}"));
                if same.is_none() || crate::storage::get(SAME_SOURCE_KEY) != same {
                    result = fetch_once(WHOLE_URL).await;
                    read = WHOLE_URL;
                    if let (Ok(bytes), Some(same)) = (&result, same) {
                        if !server_date.is_empty() && Some(nttmart_domain::digest::fnv1a64(bytes)) == digest {
                            crate::storage::set(SAME_SOURCE_KEY, &same);
                        }
                    }
                }
            }
        }
    }
    // Which file this page load read, for the browser tests to wait on
    // (as boot.js marks its steps on <html>).
    if result.is_ok() {
        if let Some(root) = leptos::prelude::document().document_element() {
            let _ = root.set_attribute("data-nttmart-feed-read", read);
        }
    }
    result
}

/// What the page recorded of catalog.json, and a HEAD request for the
/// server's: boot.js's (`window.nttmartFeedSource`, started with the
/// bundle), or a new one.
fn source_check() -> Option<(String, JsFuture)> {
    let recorded = meta(SOURCE_META).filter(|s| !s.is_empty())?;
    let head = take_global("nttmartFeedSource").map(js_sys::Promise::from).or_else(|| {
        let init = web_sys::RequestInit::new();
        init.set_method("HEAD");
        init.set_cache(web_sys::RequestCache::NoStore);
        init.set_signal(Some(&web_sys::AbortSignal::timeout_with_u32(timeout_ms())));
        Some(web_sys::window()?.fetch_with_str_and_init(WHOLE_URL, &init))
    })?;
    Some((recorded, JsFuture::from(head)))
}

/// The server's date for catalog.json when it is not the recorded one
/// (empty when the answer has none: that cannot be told apart, so the
/// whole feed, which is never stale). No answer, or no such file: `None`,
/// nothing newer to read.
async fn changed_date(recorded: &str, head: JsFuture) -> Option<String> {
    let response: web_sys::Response = head.await.ok()?.unchecked_into();
    if !response.ok() {
        return None;
    }
    let date = response.headers().get("last-modified").ok().flatten().unwrap_or_default();
    (date != recorded).then_some(date)
}

/// Takes `window[name]` once, for a request boot.js started.
fn take_global(name: &str) -> Option<JsValue> {
    let window = JsValue::from(web_sys::window()?);
    let key = JsValue::from_str(name);
    let value = js_sys::Reflect::get(&window, &key).ok().filter(|v| !v.is_undefined())?;
    let _ = js_sys::Reflect::delete_property(window.unchecked_ref::<js_sys::Object>(), &key);
    Some(value)
}

/// One GET with the feed's timeout. An HTML answer counts as a 404: a host
/// without the file that answers every path with the app shell.
pub(crate) async fn fetch_once(url: &str) -> Result<Vec<u8>, LoadError> {
    let response = match prefetched(url) {
        // boot.js's request, under the same timeout.
        Some(response) => response
            .await
            .map(|r| gloo_net::http::Response::from(r.unchecked_into::<web_sys::Response>()))
            .map_err(|_| LoadError::Network("no response".into()))?,
        None => {
            let signal = web_sys::AbortSignal::timeout_with_u32(timeout_ms());
            Request::get(url).abort_signal(Some(&signal)).send().await.map_err(|e| LoadError::Network(e.to_string()))?
        }
    };
    if !response.ok() {
        return Err(LoadError::Http(response.status()));
    }
    if response.headers().get("content-type").is_some_and(|t| t.starts_with("text/html")) {
        return Err(LoadError::Http(404));
    }
    response.binary().await.map_err(|e| LoadError::Network(e.to_string()))
}

/// Reads the JSON text, then the feed in it, then indexes it, each in a
/// task of its own, so a slow phone's main thread is never blocked for the
/// whole job at once (taps stay responsive; issue 20).
async fn build(bytes: &[u8], digest: u64, source: Source) -> Result<Loaded, LoadError> {
    // Not in the task the bytes arrived in.
    crate::tasks::yield_now().await;
    // Either file: the index leaves out what the whole feed has.
    let text = feed::index_text(bytes).map_err(|e| LoadError::Syntax(e.to_string()))?;
    crate::tasks::yield_now().await;
    let parsed = text.read();
    // The tree is not kept while the catalogue is indexed.
    drop(text);
    crate::tasks::yield_now().await;
    match parsed.catalog {
        Some(catalog) => Ok(Loaded {
            // No text search: only the catalogue page searches, and builds
            // its own (`app::use_search`), so the first page neither builds
            // the index nor carries its code.
            browser: Arc::new(Browser::without_search(&catalog)),
            catalog: Arc::new(catalog),
            problems: Arc::new(parsed.problems),
            source,
            network_error: None,
            digest,
        }),
        None => Err(LoadError::Invalid(parsed.problems.iter().map(ToString::to_string).collect())),
    }
}

/// The request for `url` that boot.js started beside the bundle
/// (`window.nttmartFeed`, for the URL in the page's `nttmart-feed` meta), so
/// the feed arrives with the wasm rather than a round trip after it. Taken
/// once: a retry asks the network again.
fn prefetched(url: &str) -> Option<JsFuture> {
    let window = JsValue::from(web_sys::window()?);
    let key = JsValue::from_str("nttmartFeed");
    // Undefined without one: then `Reflect.get` on it throws, and that is `None`.
    let entry = js_sys::Reflect::get(&window, &key).ok()?;
    if js_sys::Reflect::get(&entry, &JsValue::from_str("url")).ok()?.as_string()? != url {
        return None;
    }
    let _ = js_sys::Reflect::delete_property(window.unchecked_ref::<js_sys::Object>(), &key);
    Some(JsFuture::from(js_sys::Promise::from(js_sys::Reflect::get(&entry, &JsValue::from_str("response")).ok()?)))
}

/// The content of the page's `<meta>` that `selector` names.
fn meta(selector: &str) -> Option<String> {
    leptos::prelude::document().query_selector(selector).ok().flatten()?.get_attribute("content")
}

fn timeout_ms() -> u32 {
    let configured = meta(TIMEOUT_META).and_then(|content| content.trim().parse::<u32>().ok());
    configured.map_or(TIMEOUT_MS, |ms| ms.clamp(1_000, 120_000))
}
