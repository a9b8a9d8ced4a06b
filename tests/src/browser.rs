//! A browser through its WebDriver server, with a phone viewport by
//! default: headless Chromium (chromedriver), or, for the journeys that
//! must work in every engine our customers' phones run, Firefox ESR
//! (geckodriver, headless) and WebKit (WebKitGTK's MiniBrowser through
//! WebKitWebDriver, on an Xvfb display of its own).

use crate::display::Display;
use crate::process::{free_port, GroupChild};
use crate::Result;
use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

/// The phone most of our customers hold: a mid-range Android at 412×915.
pub const PHONE: (u32, u32) = (412, 915);

/// How long to wait for the app to render something. Generous because CI
/// machines have two cores and run tests in parallel.
pub const WAIT: Duration = Duration::from_secs(20);

/// A browser engine. Chromium is what most phones in NTT run (Android's
/// Chrome and its relatives) and what every test uses by default; the core
/// journeys also run in Firefox (Gecko) and WebKit, which stands in for
/// iPhones (Safari, and every iOS browser, is WebKit).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Chromium,
    Firefox,
    WebKit,
}

pub struct Browser {
    pub client: Client,
    pub engine: Engine,
    // Dropped after `client`, in this order: the driver's process group
    // takes its browser with it, then the display it drew on goes.
    _driver: GroupChild,
    _display: Option<Display>,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Headless Chromium with the phone viewport.
    pub async fn start() -> Result<Browser> {
        Self::with_viewport(PHONE.0, PHONE.1).await
    }

    /// `engine` with the phone viewport.
    pub async fn start_engine(engine: Engine) -> Result<Browser> {
        Self::engine_with_viewport(engine, PHONE.0, PHONE.1).await
    }

    /// `engine` with a viewport (the page's `innerWidth` × `innerHeight`) of
    /// `width` × `height` CSS pixels.
    pub async fn engine_with_viewport(engine: Engine, width: u32, height: u32) -> Result<Browser> {
        match engine {
            Engine::Chromium => Self::with_viewport(width, height).await,
            Engine::Firefox => Self::firefox(width, height).await,
            Engine::WebKit => Self::webkit(width, height).await,
        }
    }

    /// Headless Chromium, emulating a phone (touch, pixel ratio 2) of
    /// `width` × `height`.
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
        let client = connect(port, capabilities).await?;
        Ok(Browser { client, engine: Engine::Chromium, _driver: driver, _display: None, _profile: profile })
    }

    /// Headless Firefox ESR through geckodriver, in a profile of its own,
    /// asking for Indonesian first as a phone in NTT does.
    async fn firefox(width: u32, height: u32) -> Result<Browser> {
        let profile = tempfile::Builder::new().prefix("nttmart-firefox-").tempdir()?;
        let firefox_profile = profile.path().join("profile");
        std::fs::create_dir_all(firefox_profile.join("chrome"))?;
        let prefs = json!({
            "intl.accept_languages": "id-ID, id, en-US, en",
            "intl.locale.requested": "id-ID",
            // For userChrome.css below.
            "toolkit.legacyUserProfileCustomizations.stylesheets": true,
            // This machine has no outside network: nothing that phones home.
            "app.update.enabled": false,
            "app.normandy.enabled": false,
            "messaging-system.rsexperimentloader.enabled": false,
            "browser.safebrowsing.malware.enabled": false,
            "browser.safebrowsing.phishing.enabled": false,
            "browser.safebrowsing.downloads.enabled": false,
            "network.captive-portal-service.enabled": false,
            "network.connectivity-service.enabled": false,
            "browser.region.network.url": "",
            "datareporting.policy.dataSubmissionEnabled": false,
            "toolkit.telemetry.enabled": false,
            "browser.newtabpage.enabled": false,
            "extensions.getAddons.cache.enabled": false,
            "browser.sessionstore.resume_from_crash": false,
        });
        let user_js: String = prefs
            .as_object()
            .expect("prefs are an object")
            .iter()
            .map(|(name, value)| format!("user_pref(\"{name}\", {value});\n"))
            .collect();
        std::fs::write(firefox_profile.join("user.js"), user_js)?;
        // Firefox's toolbars keep a desktop window at least 500 px wide;
        // without their minimum the window (and the page) can be a phone's.
        std::fs::write(
            firefox_profile.join("chrome/userChrome.css"),
            "#main-window, #navigator-toolbox, #titlebar, #TabsToolbar, #tabbrowser-tabs, #nav-bar, \
             #urlbar-container, #urlbar, toolbar, toolbarbutton { min-width: 0 !important; }\n",
        )?;

        let port = free_port();
        let mut command = Command::new(geckodriver_binary());
        command
            .arg(format!("--port={port}"))
            .arg("--host=127.0.0.1")
            // Not the default 9222, which parallel tests would share.
            .arg(format!("--websocket-port={}", free_port()))
            .arg("--profile-root")
            .arg(profile.path())
            .arg("--log=error")
            // The headless screen (1366×768 by default) bounds the window.
            .env("MOZ_HEADLESS_WIDTH", "2200")
            .env("MOZ_HEADLESS_HEIGHT", "2200");
        let mut driver = GroupChild::spawn_logging("geckodriver", command, &profile.path().join("driver.log"))?;
        driver.wait_for_port(port, Duration::from_secs(15))?;

        let capabilities = json!({
            "browserName": "firefox",
            "moz:firefoxOptions": {
                "binary": firefox_binary(),
                "args": ["-headless", "-profile", firefox_profile],
                "prefs": prefs,
                "log": { "level": "error" }
            }
        });
        let client = connect(port, capabilities).await.map_err(|e| driver_failed("geckodriver", &mut driver, e))?;
        let browser = Browser { client, engine: Engine::Firefox, _driver: driver, _display: None, _profile: profile };
        browser.set_viewport(width, height).await?;
        Ok(browser)
    }

    /// WebKitGTK's MiniBrowser in automation mode through WebKitWebDriver,
    /// drawn on an Xvfb display started for this browser alone, with its
    /// data (it keeps none in automation mode, but GTK and Mesa write
    /// caches) in a directory of its own.
    async fn webkit(width: u32, height: u32) -> Result<Browser> {
        let display = Display::start()?;
        let profile = tempfile::Builder::new().prefix("nttmart-webkit-").tempdir()?;
        // MiniBrowser's toolbar keeps its window at least 447 px wide; a
        // GTK style of its own (GTK reads $XDG_CONFIG_HOME/gtk-3.0/gtk.css)
        // shrinks the toolbar, so the window (and the page) can be a
        // phone's. The page's own fonts and controls are WebKit's, untouched.
        std::fs::create_dir_all(profile.path().join("config/gtk-3.0"))?;
        std::fs::write(
            profile.path().join("config/gtk-3.0/gtk.css"),
            "headerbar, headerbar *, toolbar, toolbar *, entry, button \
             { min-width: 0; min-height: 0; padding: 0; margin: 0; font-size: 1px; }\n",
        )?;
        let port = free_port();
        let mut command = Command::new(webkit_driver_binary());
        command
            .arg(format!("--port={port}"))
            .env("DISPLAY", display.name())
            .env_remove("WAYLAND_DISPLAY")
            .env("GDK_BACKEND", "x11")
            .env("XDG_DATA_HOME", profile.path().join("data"))
            .env("XDG_CACHE_HOME", profile.path().join("cache"))
            .env("XDG_CONFIG_HOME", profile.path().join("config"));
        let mut driver = GroupChild::spawn_logging("WebKitWebDriver", command, &profile.path().join("driver.log"))?;
        driver.wait_for_port(port, Duration::from_secs(15))?;

        let capabilities = json!({
            "webkitgtk:browserOptions": {
                "binary": minibrowser_binary()?,
                "args": ["--automation"]
            }
        });
        let client = connect(port, capabilities).await.map_err(|e| driver_failed("WebKitWebDriver", &mut driver, e))?;
        let browser =
            Browser { client, engine: Engine::WebKit, _driver: driver, _display: Some(display), _profile: profile };
        browser.set_viewport(width, height).await?;
        Ok(browser)
    }

    /// Sizes the window so that the page's viewport is `width` × `height`:
    /// the window's size plus the browser's own toolbars and borders, as
    /// measured on the blank first page. The window manager-less X server
    /// applies a new size a moment after the driver has answered, and the
    /// page's inner size follows the window's outer size a moment later
    /// still (WebKit tells its web process by message), so each step waits
    /// for the outer size and then gives the inner size time to follow
    /// before it measures the toolbars.
    async fn set_viewport(&self, width: u32, height: u32) -> Result {
        let want = (i64::from(width), i64::from(height));
        let (mut outer_w, mut outer_h) = (width, height);
        let sizes = || async {
            let s = self.eval("return [outerWidth, outerHeight, innerWidth, innerHeight]").await?;
            let n = |i: usize| s[i].as_i64().unwrap_or(0);
            Result::Ok(((n(0), n(1)), (n(2), n(3))))
        };
        for _ in 0..4 {
            self.client.set_window_size(outer_w, outer_h).await?;
            let asked = (i64::from(outer_w), i64::from(outer_h));
            let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
            let mut settled: Option<tokio::time::Instant> = None;
            let inner = loop {
                let (outer, inner) = sizes().await?;
                if inner == want {
                    return Ok(());
                }
                let now = tokio::time::Instant::now();
                if outer == asked {
                    // The toolbars are measured only once the inner size
                    // has had a second to catch up with the window.
                    let since = *settled.get_or_insert(now);
                    if now - since > Duration::from_secs(1) {
                        break inner;
                    }
                } else {
                    settled = None;
                }
                if now > deadline {
                    break inner;
                }
                tokio::time::sleep(Duration::from_millis(20)).await;
            };
            outer_w = (i64::from(outer_w) + want.0 - inner.0).max(1) as u32;
            outer_h = (i64::from(outer_h) + want.1 - inner.1).max(1) as u32;
        }
        let (_, inner) = sizes().await?;
        Err(format!("{:?}: the viewport is {inner:?}, not {want:?}", self.engine).into())
    }

    /// Process groups of what this browser runs: the driver with its
    /// browser, and the X server, if it has one.
    pub fn pgids(&self) -> Vec<u32> {
        let mut groups = vec![self._driver.pgid()];
        groups.extend(self._display.as_ref().map(Display::pgid));
        groups
    }

    /// Process group of chromedriver and the Chromium it started.
    pub fn pgid(&self) -> u32 {
        self._driver.pgid()
    }

    pub async fn goto(&self, url: &str) -> Result {
        self.client.goto(url).await?;
        Ok(())
    }

    /// Waits until an element matching `css` is on show and returns it.
    pub async fn wait_for(&self, css: &str) -> Result<Element> {
        Ok(self
            .client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(&on_show(css)))
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

    /// The rendered text of every element matching `css` that is on show,
    /// read in one script run so a re-render between "find" and "read"
    /// cannot leave a stale element behind.
    pub async fn texts(&self, css: &str) -> Result<Vec<String>> {
        let value = self
            .client
            .execute(
                "return [...document.querySelectorAll(arguments[0])].map(e => e.innerText)",
                vec![on_show(css).into()],
            )
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

    /// Waits until the app has taken over from index.html's static first
    /// screen (`#boot`), which looks like the app (same header, a hero or
    /// product) and goes in the frame the app is shown.
    pub async fn taken_over(&self) -> Result {
        self.wait_until(
            "the app has taken over from the first screen",
            "done(document.getElementById('boot') === null)",
        )
        .await
    }

    /// Clicks like a person: scrolls the element to the middle of the
    /// screen first, so a toast or sticky bar at the edge does not cover it.
    ///
    /// Waits for the app first: index.html's static first screen (`#boot`)
    /// looks like the app (same header, a hero or product) and goes away
    /// when the app takes over, which would leave a stale element.
    pub async fn click(&self, css: &str) -> Result {
        self.taken_over().await?;
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
                vec![on_show(css).into(), name.into()],
            )
            .await?;
        Ok(serde_json::from_value(value)?)
    }

    /// Reloads the page as the browser's reload button does, and waits for
    /// the new document. WebDriver's Refresh is not that in every engine:
    /// geckodriver's bypasses the service worker like a hard reload, so with
    /// the server gone Firefox shows its error page where a customer's
    /// reload gets the app from the worker.
    pub async fn reload(&self) -> Result {
        self.eval("window.nttmartBeforeReload = true; setTimeout(() => location.reload(), 0); return null").await?;
        self.wait_until(
            "the page has reloaded",
            "done(window.nttmartBeforeReload === undefined && document.readyState !== 'loading')",
        )
        .await
    }

    /// Types `text` into the field `css` (WebDriver keys: `\u{E007}` is
    /// Enter), once the app has taken over from the first screen (whose
    /// search box looks the same).
    pub async fn type_into(&self, css: &str, text: &str) -> Result {
        self.taken_over().await?;
        self.wait_for(css).await?.send_keys(text).await?;
        Ok(())
    }

    /// Runs JavaScript in the page and returns its result.
    /// Saves `cart` (the app's localStorage format) as the cart the next
    /// page load reads, as a visit on another day would have left it.
    pub async fn save_cart(&self, cart: &serde_json::Value) -> Result {
        self.eval(&format!(
            "localStorage.setItem('nttmart.cart', {}); return null",
            serde_json::to_string(&cart.to_string())?
        ))
        .await?;
        Ok(())
    }

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

    /// Like [`Browser::fetched`], but only what came with a body: a HEAD
    /// request (the storefront's check of catalog.json) is not a download.
    pub async fn downloaded(&self, suffix: &str) -> Result<Vec<String>> {
        let loaded = self
            .client
            .execute(
                "return performance.getEntriesByType('resource').filter(e => e.decodedBodySize > 0)
                    .map(e => new URL(e.name).pathname).filter(p => p.endsWith(arguments[0]))",
                vec![serde_json::Value::from(suffix)],
            )
            .await?;
        Ok(serde_json::from_value(loaded)?)
    }

    /// Console messages since the last call (chromedriver hands each out
    /// once), as `LEVEL message`; CSP violations are SEVERE messages.
    /// Chromium only (a chromedriver extension).
    pub async fn console(&self) -> Result<Vec<String>> {
        self.chromium_only("console")?;
        let value = self.client.issue_cmd(ChromiumCommand::post("se/log", json!({ "type": "browser" }))).await?;
        let entries = value.as_array().cloned().unwrap_or_default();
        Ok(entries
            .iter()
            .map(|e| format!("{} {}", e["level"].as_str().unwrap_or("?"), e["message"].as_str().unwrap_or_default()))
            .collect())
    }

    /// Cuts the network as DevTools' "Offline" does (navigator.onLine turns
    /// false, requests fail), or restores it. Chromium only (a chromedriver
    /// extension); in any engine, `Site::stop` takes the server away.
    pub async fn set_offline(&self, offline: bool) -> Result {
        self.chromium_only("set_offline")?;
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
        self.chromium_only("before_every_page")?;
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

    fn chromium_only(&self, what: &str) -> Result {
        match self.engine {
            Engine::Chromium => Ok(()),
            other => Err(format!("Browser::{what} is a chromedriver extension; {other:?} has none").into()),
        }
    }
}

/// A WebDriver session with `capabilities` on the driver at `port`.
async fn connect(port: u16, capabilities: serde_json::Value) -> Result<Client> {
    let serde_json::Value::Object(capabilities) = capabilities else { unreachable!("capabilities are an object") };
    Ok(ClientBuilder::new(HttpConnector::new())
        .capabilities(capabilities)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await?)
}

/// A session that could not start, with what the driver logged.
fn driver_failed(
    name: &str,
    driver: &mut GroupChild,
    error: Box<dyn std::error::Error + Send + Sync>,
) -> Box<dyn std::error::Error + Send + Sync> {
    let log = if driver.exited().is_some() { driver.output_after_exit() } else { String::new() };
    format!("{name} could not start a session: {error} {log}").into()
}

/// `css` narrowed to what a person can see. The app builds its page
/// hidden (`.app--booting`) behind index.html's first screen and shows it
/// in one frame; an element found in the hidden page would let a test read
/// on while the first screen is still what is on show (`main h1` would be
/// the first screen's hero).
fn on_show(css: &str) -> String {
    format!(":is({css}):not(.app--booting *)")
}

/// The element was replaced (or removed) since it was found.
fn is_stale(error: &fantoccini::error::CmdError) -> bool {
    matches!(error, fantoccini::error::CmdError::Standard(e) if e.error == fantoccini::error::ErrorStatus::StaleElementReference)
}

fn chromedriver_binary() -> String {
    std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into())
}

/// geckodriver from `cargo install` (scripts/setup), on PATH or in Cargo's bin.
fn geckodriver_binary() -> PathBuf {
    if let Some(path) = std::env::var_os("GECKODRIVER") {
        return path.into();
    }
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")));
    cargo_home.map(|c| c.join("bin/geckodriver")).filter(|p| p.exists()).unwrap_or_else(|| "geckodriver".into())
}

fn firefox_binary() -> String {
    std::env::var("FIREFOX").unwrap_or_else(|_| "/usr/bin/firefox-esr".into())
}

fn webkit_driver_binary() -> String {
    std::env::var("WEBKIT_DRIVER").unwrap_or_else(|_| "/usr/bin/WebKitWebDriver".into())
}

/// MiniBrowser from Debian's libwebkit2gtk-4.1-0 (or the 4.0 or 6.0 API's
/// package), which WebKitWebDriver starts.
fn minibrowser_binary() -> Result<String> {
    if let Ok(path) = std::env::var("MINIBROWSER") {
        return Ok(path);
    }
    let lib = std::path::Path::new("/usr/lib");
    let arches = std::fs::read_dir(lib)?.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.is_dir());
    for arch in std::iter::once(lib.to_path_buf()).chain(arches) {
        for api in ["webkit2gtk-4.1", "webkitgtk-6.0", "webkit2gtk-4.0"] {
            let candidate = arch.join(api).join("MiniBrowser");
            if candidate.exists() {
                return Ok(candidate.display().to_string());
            }
        }
    }
    Err("no MiniBrowser under /usr/lib/*/webkit2gtk-4.1/ (run scripts/setup: webkit2gtk-driver)".into())
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
