//! Headless Chromium through chromedriver, with a phone viewport by default.

use crate::process::{free_port, GroupChild};
use crate::Result;
use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;
use std::process::Command;
use std::time::Duration;

/// The phone most of our customers hold: a mid-range Android at 412×915.
pub const PHONE: (u32, u32) = (412, 915);

/// How long to wait for the app to render something. Generous because CI
/// machines have two cores and run tests in parallel.
pub const WAIT: Duration = Duration::from_secs(20);

pub struct Browser {
    pub client: Client,
    // Dropped after `client`: the driver's process group takes Chromium with it.
    _driver: GroupChild,
    _profile: tempfile::TempDir,
}

impl Browser {
    pub async fn start() -> Result<Browser> {
        Self::with_viewport(PHONE.0, PHONE.1).await
    }

    pub async fn with_viewport(width: u32, height: u32) -> Result<Browser> {
        let port = free_port();
        let mut command = Command::new(chromedriver_binary());
        command.arg(format!("--port={port}")).arg("--allowed-ips=127.0.0.1");
        let mut driver = GroupChild::spawn("chromedriver", command)?;
        driver.wait_for_port(port, Duration::from_secs(15))?;

        let profile = tempfile::Builder::new().prefix("nttmart-chromium-").tempdir()?;
        let capabilities = json!({
            "goog:chromeOptions": {
                "binary": chromium_binary(),
                "args": [
                    "--headless=new",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-dev-shm-usage",
                    // This machine has no outside network: without these
                    // Chromium keeps trying to reach Google's services.
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-crash-reporter",
                    "--disable-breakpad",
                    "--lang=id-ID",
                    format!("--user-data-dir={}", profile.path().display()),
                ],
                "mobileEmulation": {
                    "deviceMetrics": { "width": width, "height": height, "pixelRatio": 2.0, "touch": true },
                    "userAgent": "Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36"
                }
            }
        });
        let mut capabilities = capabilities;
        capabilities["goog:loggingPrefs"] = json!({ "browser": "ALL" });
        let capabilities = match capabilities {
            serde_json::Value::Object(map) => map,
            _ => unreachable!(),
        };
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await?;
        Ok(Browser { client, _driver: driver, _profile: profile })
    }

    /// Process group of chromedriver and the Chromium it started.
    pub fn pgid(&self) -> u32 {
        self._driver.pgid()
    }

    pub async fn goto(&self, url: &str) -> Result {
        self.client.goto(url).await?;
        Ok(())
    }

    /// Waits until an element matching `css` exists and returns it.
    pub async fn wait_for(&self, css: &str) -> Result<Element> {
        Ok(self
            .client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(css))
            .await
            .map_err(|e| format!("waiting for `{css}`: {e}"))?)
    }

    /// Waits until `css` matches an element whose text contains `needle`.
    pub async fn wait_for_text(&self, css: &str, needle: &str) -> Result<String> {
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            for text in self.texts(css).await? {
                if text.contains(needle) {
                    return Ok(text);
                }
            }
            if tokio::time::Instant::now() > deadline {
                let seen = self.texts(css).await?;
                return Err(format!("no `{css}` containing {needle:?} within {WAIT:?}; saw {seen:?}").into());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The rendered text of every element matching `css`, read in one
    /// script run so a re-render between "find" and "read" cannot leave a
    /// stale element behind.
    pub async fn texts(&self, css: &str) -> Result<Vec<String>> {
        let value = self
            .client
            .execute("return [...document.querySelectorAll(arguments[0])].map(e => e.innerText)", vec![css.into()])
            .await?;
        Ok(serde_json::from_value(value)?)
    }

    /// Waits for `css` and returns the text of the first match.
    pub async fn text(&self, css: &str) -> Result<String> {
        self.wait_for(css).await?;
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            if let Some(first) = self.texts(css).await?.into_iter().next() {
                return Ok(first);
            }
            if tokio::time::Instant::now() > deadline {
                return Err(format!("`{css}` disappeared").into());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Clicks like a person: scrolls the element to the middle of the
    /// screen first, so a toast or sticky bar at the edge does not cover it.
    ///
    /// Waits for the app first: index.html's static first screen (`#boot`)
    /// looks like the app (same header, a hero or product) and goes away
    /// when the app takes over, which would leave a stale element.
    pub async fn click(&self, css: &str) -> Result {
        self.wait_until(
            "the app has taken over from the first screen",
            "done(document.getElementById('boot') === null)",
        )
        .await?;
        // The app may replace the element between finding it and clicking
        // it (a newer feed re-renders the page): then the button on screen
        // now is the one a person would tap, so find it again.
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            let element = self.wait_for(css).await?;
            let arg = serde_json::to_value(&element)?;
            let clicked = match self.client.execute("arguments[0].scrollIntoView({block: 'center'})", vec![arg]).await {
                Ok(_) => element.click().await,
                Err(e) => Err(e),
            };
            match clicked {
                Err(e) if is_stale(&e) && tokio::time::Instant::now() < deadline => continue,
                Err(e) => return Err(format!("clicking `{css}`: {e}").into()),
                Ok(()) => return Ok(()),
            }
        }
    }

    /// The attribute `name` of the first element matching `css`, waiting
    /// for one; read in one script run, so a re-render cannot leave a stale
    /// element behind.
    pub async fn attr(&self, css: &str, name: &str) -> Result<Option<String>> {
        self.wait_for(css).await?;
        let value = self
            .client
            .execute(
                "const e = document.querySelector(arguments[0]); return e ? e.getAttribute(arguments[1]) : null",
                vec![css.into(), name.into()],
            )
            .await?;
        Ok(serde_json::from_value(value)?)
    }

    /// Runs JavaScript in the page and returns its result.
    pub async fn eval(&self, script: &str) -> Result<serde_json::Value> {
        Ok(self.client.execute(script, vec![]).await?)
    }

    /// The site paths ending in `suffix` (`.wasm`, `.json`) that this page
    /// has fetched itself, in order, from the browser's resource timing.
    pub async fn fetched(&self, suffix: &str) -> Result<Vec<String>> {
        let loaded = self
            .client
            .execute(
                "return performance.getEntriesByType('resource')
                    .map(e => new URL(e.name).pathname).filter(p => p.endsWith(arguments[0]))",
                vec![serde_json::Value::from(suffix)],
            )
            .await?;
        Ok(serde_json::from_value(loaded)?)
    }

    /// Console messages since the last call (chromedriver hands each out
    /// once), as `LEVEL message`; CSP violations are SEVERE messages.
    pub async fn console(&self) -> Result<Vec<String>> {
        let value = self.client.issue_cmd(ChromiumCommand::post("se/log", json!({ "type": "browser" }))).await?;
        let entries = value.as_array().cloned().unwrap_or_default();
        Ok(entries
            .iter()
            .map(|e| format!("{} {}", e["level"].as_str().unwrap_or("?"), e["message"].as_str().unwrap_or_default()))
            .collect())
    }

    /// Cuts the network as DevTools' "Offline" does (navigator.onLine turns
    /// false, requests fail), or restores it.
    pub async fn set_offline(&self, offline: bool) -> Result {
        let command = if offline {
            ChromiumCommand::post(
                "chromium/network_conditions",
                json!({ "network_conditions": {
                    "offline": true, "latency": 0, "download_throughput": 0, "upload_throughput": 0
                }}),
            )
        } else {
            ChromiumCommand::delete("chromium/network_conditions")
        };
        self.client.issue_cmd(command).await?;
        Ok(())
    }

    /// Runs an async script (`done(value)` ends it) until it reports `true`.
    /// A script cut short by a page load (the app reloading itself) counts
    /// as "not yet".
    pub async fn wait_until(&self, what: &str, script: &str) -> Result {
        self.wait_until_within(what, script, WAIT).await
    }

    /// `wait_until` with a deadline of its own, for waits that include an
    /// idle timeout.
    pub async fn wait_until_within(&self, what: &str, script: &str, within: Duration) -> Result {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            let body = format!("const done = arguments[arguments.length - 1]; {script}");
            let outcome = self.client.execute_async(&body, vec![]).await;
            if matches!(outcome, Ok(ref v) if *v == true) {
                return Ok(());
            }
            if tokio::time::Instant::now() > deadline {
                return Err(format!("timed out waiting until {what} (last: {outcome:?})").into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits for what a first visit leaves behind for offline use: the page
    /// controlled by the service worker, its shell precached, the feed saved.
    pub async fn ready_for_offline(&self) -> Result {
        self.wait_until(
            "the service worker controls the page",
            "navigator.serviceWorker.ready.then(() => done(!!navigator.serviceWorker.controller), () => done(false));",
        )
        .await?;
        self.wait_until(
            "the shell is precached",
            "caches.keys().then(async keys => {
                 const shell = keys.find(k => k.startsWith('nttmart-shell-'));
                 if (!shell) return done(false);
                 const c = await caches.open(shell);
                 done(!!(await c.match('/index.html')) && (await c.keys()).some(r => r.url.endsWith('.wasm')));
             }, () => done(false));",
        )
        .await?;
        // Each bundle saves its own feed (catalog_source::Feed): the kiosk
        // the whole one, the storefront the index.
        self.wait_until(
            "the feed is saved",
            "const key = /^\\/kiosk(\\/|$)/.test(location.pathname) ? '/catalog.json' : '/katalog/index.json';
             caches.open('nttmart-feed-v1').then(c => c.match(key)).then(r => done(!!r), () => done(false));",
        )
        .await
    }

    /// Waits until boot.js has started the app and registered the service
    /// worker, by which time it has announced a release that is still
    /// waiting, if there is one.
    pub async fn wait_for_boot(&self) -> Result {
        self.wait_until(
            "the app has started and the service worker is registered",
            "done(document.documentElement.dataset.nttmartBoot === 'ready' && document.documentElement.dataset.nttmartSw === 'registered')",
        )
        .await
    }

    /// Has the service worker look for a new release (as the page does when
    /// it comes back into view) and waits until one is installed and waiting.
    pub async fn wait_for_waiting_release(&self) -> Result {
        self.wait_until(
            "the new release is waiting",
            "navigator.serviceWorker.getRegistration().then(r => r.update().then(() => r), () => r).then(r => done(!!(r && r.waiting)), () => done(false));",
        )
        .await
    }

    /// Waits until release `version` (`Site::publish_release`) has taken
    /// over: its shell cache is the only one left.
    pub async fn wait_for_release(&self, version: &str, within: Duration) -> Result {
        let shell = format!("nttmart-shell-{version}");
        self.wait_until_within(
            &format!("release {version} controls the page and the old shell is gone"),
            &format!(
                "caches.keys().then(k => done(k.filter(n => n.startsWith('nttmart-shell-')).join() === '{shell}'));"
            ),
            within,
        )
        .await
    }

    /// Runs `source` in every page before the page's own scripts (Chromium's
    /// DevTools protocol, through chromedriver): a browser changed before
    /// the site can look at it, such as one without WebAssembly.
    pub async fn before_every_page(&self, source: &str) -> Result {
        self.client
            .issue_cmd(ChromiumCommand::post(
                "goog/cdp/execute",
                json!({ "cmd": "Page.addScriptToEvaluateOnNewDocument", "params": { "source": source } }),
            ))
            .await?;
        Ok(())
    }

    pub async fn close(self) -> Result {
        self.client.clone().close().await?;
        Ok(())
    }
}

/// The element was replaced (or removed) since it was found.
fn is_stale(error: &fantoccini::error::CmdError) -> bool {
    matches!(error, fantoccini::error::CmdError::Standard(e) if e.error == fantoccini::error::ErrorStatus::StaleElementReference)
}

fn chromedriver_binary() -> String {
    std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into())
}

fn chromium_binary() -> String {
    std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into())
}

/// A chromedriver extension command, relative to the session.
#[derive(Debug)]
struct ChromiumCommand {
    path: &'static str,
    method: http::Method,
    body: Option<serde_json::Value>,
}

impl ChromiumCommand {
    fn post(path: &'static str, body: serde_json::Value) -> Self {
        ChromiumCommand { path, method: http::Method::POST, body: Some(body) }
    }

    fn delete(path: &'static str) -> Self {
        ChromiumCommand { path, method: http::Method::DELETE, body: None }
    }
}

impl fantoccini::wd::WebDriverCompatibleCommand for ChromiumCommand {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> std::result::Result<url::Url, url::ParseError> {
        base_url.join(&format!("session/{}/{}", session_id.unwrap_or_default(), self.path))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (self.method.clone(), self.body.as_ref().map(|b| b.to_string()))
    }
}
