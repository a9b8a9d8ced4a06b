//! Fetching the catalog feed and turning it into app state.

use gloo_net::http::Request;
use nttmart_domain::feed::{self, Problem};
use nttmart_domain::browse::Browser;
use nttmart_domain::Catalog;
use std::sync::Arc;

/// Where the feed lives: one static file at the site root that staff replace
/// without rebuilding the app.
pub const FEED_URL: &str = "/catalog.json";

/// A loaded catalog plus the problems found in it (bad products are left out
/// and listed here, so the rest of the shop keeps working).
#[derive(Clone, Debug)]
pub struct Loaded {
    pub catalog: Arc<Catalog>,
    /// Search index and filter facts, built once per feed.
    pub browser: Arc<Browser>,
    pub problems: Arc<Vec<Problem>>,
}

/// Why there is no catalog to show. Each variant maps to a message the
/// customer can act on.
#[derive(Clone, Debug, PartialEq)]
pub enum LoadError {
    /// No response at all: offline, DNS, connection dropped.
    Network(String),
    /// The server answered, but not with the feed.
    Http(u16),
    /// The file is not JSON.
    Syntax(String),
    /// JSON, but unusable as a catalog (wrong version, no products...).
    Invalid(Vec<String>),
}

pub async fn fetch_catalog() -> Result<Loaded, LoadError> {
    let response = Request::get(FEED_URL)
        .send()
        .await
        .map_err(|e| LoadError::Network(e.to_string()))?;
    if !response.ok() {
        return Err(LoadError::Http(response.status()));
    }
    let bytes = response
        .binary()
        .await
        .map_err(|e| LoadError::Network(e.to_string()))?;
    let parsed = feed::parse(&bytes).map_err(|e| LoadError::Syntax(e.to_string()))?;
    match parsed.catalog {
        Some(catalog) => Ok(Loaded {
            browser: Arc::new(Browser::build(&catalog)),
            catalog: Arc::new(catalog),
            problems: Arc::new(parsed.problems),
        }),
        None => Err(LoadError::Invalid(
            parsed.problems.iter().map(ToString::to_string).collect(),
        )),
    }
}
