//! Fetching the catalog feed and turning it into app state, robust against
//! rural mobile networks: each attempt has a timeout, failed attempts are
//! retried with backoff, and when the network cannot deliver a usable feed
//! the last good copy is shown with a notice.

use crate::feed_cache;
use gloo_net::http::Request;
use nttmart_domain::browse::Browser;
use nttmart_domain::feed::{self, Problem};
use nttmart_domain::Catalog;
use std::sync::Arc;

/// Where the feed lives: one static file at the site root that staff replace
/// without rebuilding the app.
pub const FEED_URL: &str = "/catalog.json";

/// Per attempt. Generous, because a 2G connection needs several seconds for
/// a large feed, but bounded so a dead connection does not hang forever.
const TIMEOUT_MS: u32 = 15_000;
/// Waits before the second and third attempt.
const BACKOFF_MS: [i32; 2] = [800, 2_500];

/// Where the shown catalog came from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Source {
    Network,
    /// The saved copy, because the network failed; when it was saved (ms).
    Saved {
        saved_at: f64,
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
    /// Why the network copy was not used, when `source` is `Saved`.
    pub network_error: Option<LoadError>,
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
    fn is_transient(&self) -> bool {
        match self {
            LoadError::Network(_) => true,
            LoadError::Http(status) => *status >= 500 || *status == 408 || *status == 429,
            LoadError::Syntax(_) | LoadError::Invalid(_) => false,
        }
    }
}

pub async fn fetch_catalog() -> Result<Loaded, LoadError> {
    let mut error = LoadError::Network(String::new());
    for attempt in 0..=BACKOFF_MS.len() {
        if attempt > 0 {
            sleep(BACKOFF_MS[attempt - 1]).await;
        }
        match fetch_once().await.and_then(|bytes| build(&bytes, Source::Network).map(|l| (l, bytes))) {
            Ok((loaded, bytes)) => {
                feed_cache::store(&bytes).await;
                return Ok(loaded);
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
    // The network could not give a usable feed: fall back to the last good one.
    if let Some((bytes, saved_at)) = feed_cache::load().await {
        if let Ok(mut loaded) = build(&bytes, Source::Saved { saved_at }) {
            loaded.network_error = Some(error);
            return Ok(loaded);
        }
    }
    Err(error)
}

async fn fetch_once() -> Result<Vec<u8>, LoadError> {
    let signal = web_sys::AbortSignal::timeout_with_u32(TIMEOUT_MS);
    let response = Request::get(FEED_URL)
        .abort_signal(Some(&signal))
        .send()
        .await
        .map_err(|e| LoadError::Network(e.to_string()))?;
    if !response.ok() {
        return Err(LoadError::Http(response.status()));
    }
    response.binary().await.map_err(|e| LoadError::Network(e.to_string()))
}

fn build(bytes: &[u8], source: Source) -> Result<Loaded, LoadError> {
    let parsed = feed::parse(bytes).map_err(|e| LoadError::Syntax(e.to_string()))?;
    match parsed.catalog {
        Some(catalog) => Ok(Loaded {
            browser: Arc::new(Browser::build(&catalog)),
            catalog: Arc::new(catalog),
            problems: Arc::new(parsed.problems),
            source,
            network_error: None,
        }),
        None => Err(LoadError::Invalid(parsed.problems.iter().map(ToString::to_string).collect())),
    }
}

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
