//! Harness for the browser tests: serves the release build (`dist/`) with a
//! real nginx using the project's deployment config, starts a browser with a
//! phone viewport (headless Chromium through chromedriver by default;
//! Firefox ESR through geckodriver, or WebKitGTK's MiniBrowser through
//! WebKitWebDriver on an Xvfb display of its own: `browser::Engine`), and
//! tears everything down again, including on panic, so no process outlives
//! a test.

pub mod browser;
mod display;
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
