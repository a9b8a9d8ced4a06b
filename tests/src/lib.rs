//! Harness for the browser tests: serves the release build (`dist/`) with a
//! real nginx using the project's deployment config, starts a browser with a
//! phone viewport (headless Chromium through chromedriver by default;
//! Firefox ESR through geckodriver, or WebKitGTK's MiniBrowser through
//! WebKitWebDriver on an Xvfb display of its own: `browser::Engine`), and
//! tears everything down again, including on panic, so no process outlives
//! a test.

pub mod browser;
mod display;
pub mod http;
mod plain_host;
mod process;
pub mod site;

pub use browser::{Browser, Engine};
pub use site::Site;

pub type Result<T = ()> = std::result::Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// Root of the repository (the tests crate lives in `<root>/tests`).
pub fn repo_root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ has a parent").to_path_buf()
}

/// The sample feed the build ships (`public/catalog.json`), as JSON, for
/// tests that change it before serving it.
pub fn sample_feed() -> serde_json::Value {
    let bytes = std::fs::read(repo_root().join("public/catalog.json")).expect("public/catalog.json");
    serde_json::from_slice(&bytes).expect("the sample feed is JSON")
}

/// The sample feed as the app reads it.
pub fn sample_catalog() -> nttmart_domain::catalog::Catalog {
    let bytes = std::fs::read(repo_root().join("public/catalog.json")).expect("public/catalog.json");
    nttmart_domain::feed::parse(&bytes).expect("the sample feed is JSON").catalog.expect("the sample feed is usable")
}
