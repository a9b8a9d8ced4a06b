// Starts the storefront and keeps it working offline.
//
// This file replaces Trunk's inline loader script (Trunk.toml `pattern_script`
// puts a <script src="/boot.js" data-js=… data-wasm=…> in its place), so the
// Content-Security-Policy can forbid every inline script. It:
// 1. fetches the hashed JS glue and wasm named by the tag's data attributes
//    and the feed named by the `nttmart-feed` meta, all at once (on a
//    product's page, once its photo is on screen), and starts the app once
//    the first screen has painted;
// 2. if that fails (signal lost halfway through the download), turns the
//    first screen's loading line into a message with a retry button instead
//    of leaving the customer in front of a spinner forever;
// 3. watches that the app starts at all: a download can also stall without
//    failing, and a kiosk has nobody to press "retry". A page whose app has
//    not started within the `nttmart-ready-timeout-ms` meta reloads itself,
//    a few times in a row at most, each time waiting twice as long, then
//    shows the retry button for good;
// 4. once the start-up is over, registers the service worker (public/sw.js)
//    and tells the app, through window events, when a new version is ready:
//      `nttmart:update-ready`  (boot.js → app)  a new version is waiting;
//      `nttmart:apply-update`  (app → boot.js)  the customer chose to reload.
//
// Before all that, it checks that the page is the one to start here (0.):
// a host with nothing but files and an SPA fallback answers `/kiosk` with the
// storefront's page, which sends the kiosk on to its own; and that this
// browser can run the app at all: one that cannot gets the static pages
// `nttmart pages` writes instead of a loader that never ends.
//
// Where it has got to is on <html>, for the browser tests to wait on:
// `data-nttmart-boot` is "ready" (the app started), "gave-up" (the
// watchdog stopped reloading) or "no-wasm" (this browser cannot run the
// app), `data-nttmart-sw` is "registered" once the worker is registered and
// a waiting release has been announced.

const tag = document.querySelector('script[data-nttmart-js]');
const root = document.documentElement;

// --- 0. The right page, and a browser that can run it ---------------------

// `/kiosk` and `/kiosk/…` answered with the storefront's page: on to the
// kiosk's folder, and to its file if the host does not serve folders
// either. Its own page (`/kiosk/index.html`) answered with the storefront's
// means the host has no kiosk at all; the app says so (app.rs).
function kioskElsewhere() {
  const path = location.pathname;
  if (!/^\/kiosk(\/|$)/.test(path) || tag.dataset.nttmartJs.startsWith('/kiosk/')) return null;
  if (path === '/kiosk/index.html') return null;
  return (path === '/kiosk' ? '/kiosk/' : '/kiosk/index.html') + location.search + location.hash;
}

// An 80-byte module that uses every WebAssembly feature the build needs
// (tests/fixtures/wasm-features.wat; tests/browser/no_wasm.rs keeps the
// two in step with the build). Chrome below 96, iOS below 15 and a browser
// with WebAssembly switched off (iOS Lockdown Mode) reject it.
const WASM_PROBE = 'AGFzbQEAAAABBgFgAAJ/fwMCAQAEBAFvAAEFAwEAAQYGAX8BQQALBwkCAWcDAAFmAAAKHAEaAEEAQQBBAPwKAADQb9EaQQDAQwAAAAD8AAs=';

function canRunWasm() {
  try {
    return WebAssembly.validate(Uint8Array.from(atob(WASM_PROBE), (c) => c.charCodeAt(0)));
  } catch (e) {
    return false;
  }
}

// The simple pages: a product's own static page keeps its first screen
// (it has the WhatsApp order link) and says why it stays like this; any
// other page goes to the product's static page or the simple home page.
const SIMPLE_HOME = '/sederhana/';

// The app's shell at the simple home page's own address means the service
// worker answered for it with no signal: it stays, or it would loop.
function withoutWasm() {
  root.dataset.nttmartBoot = 'no-wasm';
  const status = document.getElementById('boot-status');
  if (!document.querySelector('#boot .product-page') && location.pathname !== SIMPLE_HOME) {
    const product = /^\/produk\/[^/]+$/.test(location.pathname);
    location.replace(product ? `${location.pathname}/` : SIMPLE_HOME);
    return;
  }
  if (!status) return;
  const why = document.createElement('p');
  why.textContent =
    'Browser ini tidak dapat menjalankan aplikasi toko NTT Mart (WebAssembly tidak ada atau dimatikan), jadi halaman ini tampil sederhana. Anda tetap bisa memesan lewat WhatsApp. ';
  const more = document.createElement('a');
  more.href = SIMPLE_HOME;
  more.textContent = 'Lihat produk unggulan';
  why.append(more);
  status.className = 'notice';
  status.textContent = '';
  status.append(why);
}

const elsewhere = kioskElsewhere();
const runnable = !elsewhere && canRunWasm();

// --- 3. The readiness watchdog ---------------------------------------------

// Reloads in a row that found the app still not started, per tab.
const RELOADS_KEY = 'nttmart-boot-reloads';
const MAX_RELOADS = 3;
// A phone on a weak signal needs well under this for the bundle (BENCHMARKS.md);
// index.html and kiosk.html set their own.
const DEFAULT_READY_TIMEOUT_MS = 45000;

function readyTimeoutMs() {
  const meta = document.querySelector('meta[name="nttmart-ready-timeout-ms"]');
  const ms = meta ? Number(meta.content) : NaN;
  return ms > 0 ? ms : DEFAULT_READY_TIMEOUT_MS;
}

// null when sessionStorage cannot be used: then the watchdog never reloads,
// since it could not tell the first attempt from the hundredth.
function readReloads() {
  try {
    return Number(sessionStorage.getItem(RELOADS_KEY)) || 0;
  } catch (e) {
    return null;
  }
}

function writeReloads(count) {
  try {
    if (count) sessionStorage.setItem(RELOADS_KEY, String(count));
    else sessionStorage.removeItem(RELOADS_KEY);
  } catch (e) {
    // Nothing to count with; readReloads says so too.
  }
}

let started = false;
const reloads = readReloads();
let watchdog = runnable ? setTimeout(stuck, readyTimeoutMs() * 2 ** Math.min(reloads || 0, MAX_RELOADS)) : 0;

// Whether a service worker serves this page (from the phone's own cache).
function controlled() {
  return Boolean(navigator.serviceWorker && navigator.serviceWorker.controller);
}

// Reloading with no way back to the site would swap the page for the
// browser's own error page, which never tries again. The worker answers a
// controlled page's reload even offline; otherwise ask the server first.
async function canReload() {
  if (!navigator.onLine) return false;
  if (controlled()) return true;
  try {
    return (await fetch(location.href, { method: 'HEAD', cache: 'no-store' })).ok;
  } catch (e) {
    return false;
  }
}

async function stuck() {
  if (started) return;
  if (reloads === null || reloads >= MAX_RELOADS) {
    // A reload loop would keep a kiosk flashing for ever; a person can
    // still press the button.
    showBootError();
    root.dataset.nttmartBoot = 'gave-up';
    return;
  }
  if (!(await canReload())) {
    showBootError();
    watchdog = setTimeout(stuck, readyTimeoutMs());
    return;
  }
  if (started) return;
  writeReloads(reloads + 1);
  location.reload();
}

function markStarted() {
  started = true;
  clearTimeout(watchdog);
  writeReloads(0);
  root.dataset.nttmartBoot = 'ready';
}

// --- 1. and 2. Starting the app -------------------------------------------

// The first screen (index.html's header and hero, a few kB) paints before the
// app starts. Its stylesheet has arrived before this module runs, so the
// downloads start at once: the wasm beside the JS glue (not after it, a
// round trip later on a slow link), and the feed beside both (not after the
// app has started, another one), which the app takes over for its first
// attempt (src/catalog_source.rs). The first screen's pictures are on their
// way by then; Trunk's preload links stay off (Trunk.toml), because a
// preload in the document would take the connection from them.
//
// One exception: a product's static page (the link someone shared) has its
// photo in the first screen, marked fetchpriority=high. On a 700 kbps link
// the 200 kB of app would share the line with that 7 kB photo and slow it
// several-fold; the customer came for the photo, and the first screen
// already has the WhatsApp order and share links. So the app's downloads
// wait until the photo is on screen (arrived, decoded and painted) or has
// failed, at most HERO_PHOTO_WAIT_MS: a photo that slow must not hold the
// app back too. Not on a page the service worker controls: the app then
// comes from the phone's own cache and takes nothing from the line.
const HERO_PHOTO_WAIT_MS = 2000;

function heroPhotoShown() {
  const photo = document.querySelector('#boot img[fetchpriority="high"]');
  if (!photo || controlled()) return Promise.resolve();
  const arrived = photo.complete
    ? Promise.resolve()
    : new Promise((resolve) => {
        photo.addEventListener('load', resolve, { once: true });
        photo.addEventListener('error', resolve, { once: true });
      });
  const shown = arrived
    .then(() => photo.decode())
    .catch(() => {})
    .then(afterFirstPaint);
  const enough = new Promise((resolve) => setTimeout(resolve, HERO_PHOTO_WAIT_MS));
  return Promise.race([shown, enough]);
}

function afterFirstPaint() {
  return new Promise((resolve) => {
    // A background tab gets no animation frames; it must not wait for one.
    const fallback = setTimeout(resolve, 100);
    requestAnimationFrame(() => setTimeout(() => {
      clearTimeout(fallback);
      resolve();
    }, 0));
  });
}

// The page's feed (`nttmart-feed` meta), with the app's timeout per attempt
// (`nttmart-feed-timeout-ms`); the app takes it from window.nttmartFeed.
// Only a head start: where it cannot be made (AbortSignal.timeout is Safari
// 16+, and iOS 15 runs the app), the app fetches the feed itself.
function prefetchFeed() {
  const meta = (name) => document.querySelector(`meta[name="${name}"]`);
  const feed = meta('nttmart-feed');
  if (!feed || !feed.content || typeof AbortSignal.timeout !== 'function') return;
  const timeout = meta('nttmart-feed-timeout-ms');
  const ms = Number(timeout && timeout.content) || 15000;
  try {
    const response = fetch(feed.content, { signal: AbortSignal.timeout(ms) });
    // Unhandled until the app takes it (or never, on a failed start).
    response.catch(() => {});
    window.nttmartFeed = { url: feed.content, response };
    // Whether that feed is older than catalog.json: a HEAD beside it.
    const source = meta('nttmart-feed-source');
    if (source && source.content) {
      const head = fetch('/catalog.json', { method: 'HEAD', cache: 'no-store', signal: AbortSignal.timeout(ms) });
      head.catch(() => {});
      window.nttmartFeedSource = head;
    }
  } catch (e) {
    // The app fetches it.
  }
}

// The home page's and the catalogue's illustrations are views into one SVG
// file. Asked for beside the app, the browser reads it while the app
// downloads, instead of in the app's first tasks (issue 20: no long task
// once the app is in).
function warmSprite() {
  if (location.pathname !== '/' && location.pathname !== '/produk') return;
  const sprite = new Image();
  sprite.src = '/img/category.svg';
  sprite.decode().catch(() => {});
}

// The page a first visit starts on has its code in a chunk of its own, which
// the app would ask for only once it has started: after the main wasm has
// arrived and compiled, a round trip for the chunk loader and another for
// the page's pack (crates/split/src/pack.rs), each 300 ms on a rural link.
// Asked for beside the main wasm instead, the pack is in (or on its way) by
// then, and the loader takes it over (`nttmartPack`). At low priority: the
// main wasm is needed first. Not on a page the service worker controls (the
// loader then reads the single files from its cache). The routes are the
// router's (src/main.rs) that load a page chunk, by pack name.
const PAGE_PACKS = [
  [/^\/produk\/[^/]+\/?$/, 'product'],
  [/^\/produk\/?$/, 'catalog'],
  [/^\/keranjang\/?$/, 'cart'],
  [/^\/(tentang|outlet|desa\/[^/]+|kabupaten\/[^/]+)\/?$/, 'info'],
  [/^\/pesanan(-saya)?\/?$/, 'orders'],
];

function prefetchPage() {
  const loader = tag.dataset.nttmartSplit;
  if (controlled() || !loader) return;
  const route = PAGE_PACKS.find(([pattern]) => pattern.test(location.pathname));
  const packs = (tag.dataset.nttmartPacks || '').split(' ');
  const name = route && packs.find((pack) => pack.startsWith(`pack_${route[1]}-`));
  if (!name) return;
  const url = new URL(`/${name}`, location.href).href;
  const response = fetch(url, { priority: 'low' });
  // Unhandled until the loader takes it (it falls back to the single files).
  response.catch(() => {});
  window.nttmartPack = { url, response };
  const preload = document.createElement('link');
  preload.rel = 'modulepreload';
  preload.href = loader;
  document.head.append(preload);
}

async function start() {
  await heroPhotoShown();
  prefetchFeed();
  warmSprite();
  const wasm = fetch(tag.dataset.nttmartWasm);
  wasm.catch(() => {});
  const glue = import(tag.dataset.nttmartJs);
  glue.catch(() => {});
  prefetchPage();
  await afterFirstPaint();
  const { default: init } = await glue;
  // Resolves once the wasm's entry point has run, and that mounts the app
  // (src/lib.rs): the app has started.
  await init({ module_or_path: wasm });
}

function showBootError() {
  const status = document.getElementById('boot-status');
  if (!status) return;
  status.setAttribute('role', 'alert');
  const message = document.createElement('p');
  message.textContent = 'Aplikasi belum termuat. Periksa sinyal Anda, lalu coba lagi.';
  const english = document.createElement('p');
  english.lang = 'en';
  english.textContent = 'The app did not finish loading. Check your signal and try again.';
  const retry = document.createElement('button');
  retry.type = 'button';
  retry.className = 'button button--primary';
  retry.textContent = 'Coba lagi';
  retry.addEventListener('click', () => {
    // Someone is there: the watchdog gets its few reloads again.
    writeReloads(0);
    location.reload();
  });
  status.replaceChildren(message, english, retry);
}

// --- 4. The service worker and new releases -------------------------------

function announceUpdate(registration) {
  if (registration.waiting && navigator.serviceWorker.controller) {
    window.dispatchEvent(new CustomEvent('nttmart:update-ready'));
  }
}

// The waiting worker this page has asked to take over, if any.
let applying = null;
let reloading = false;

function reloadOnce() {
  if (reloading) return;
  reloading = true;
  location.reload();
}

// Chromium lets a waiting worker that called skipWaiting() take over at
// once only if the old worker is idle at that moment. If the page is
// fetching through the old worker just then (the kiosk used to fetch the
// feed in the same breath), the take-over is put off until the browser
// looks again: when a navigation starts in the worker's scope, when the old
// worker stops for being idle (which a page that keeps fetching through it
// puts off), or after five minutes. Reloading the page to cause that look
// races the activation with the reload's own navigation, which can leave
// the new page loading for ever (issue 20). A hidden frame's navigation is
// the same look without leaving the page: the worker answers /sw-nudge with
// "204 No Content", so nothing loads into the frame. Asked again with a
// growing pause, in case the page was still busy at the first look.
function nudge(delay) {
  setTimeout(() => {
    if (!applying || reloading) return;
    let frame = document.getElementById('nttmart-sw-nudge');
    if (!frame) {
      frame = document.createElement('iframe');
      frame.id = 'nttmart-sw-nudge';
      frame.hidden = true;
      frame.tabIndex = -1;
      frame.setAttribute('aria-hidden', 'true');
      document.body.append(frame);
    }
    frame.src = `/sw-nudge?${Date.now()}`;
    nudge(Math.min(delay * 2, 8000));
  }, delay);
}

function applyUpdate(registration) {
  const waiting = registration.waiting;
  if (!waiting) {
    // Nothing waits (another tab already applied it): a reload is all
    // there is to do.
    reloadOnce();
    return;
  }
  // The kiosk asks at every reset and from its attract loop: one
  // take-over at a time.
  if (applying === waiting) return;
  applying = waiting;
  waiting.addEventListener('statechange', () => {
    // Replaced by a newer release before it took over: the app asks again
    // when that one is ready.
    if (waiting.state === 'redundant' && applying === waiting) applying = null;
  });
  waiting.postMessage({ type: 'SKIP_WAITING' });
  nudge(1000);
}

// The first worker's install downloads and stores the whole site for
// offline use (sw.js, PRECACHE). Begun as soon as the app has started, it
// shared the phone's link and both cores with the rest of the start-up: in
// Lighthouse traces of a first visit the worker's thread was busy for 21 ms
// of a start-up task that itself needed 8 ms of the main thread (BENCHMARKS.md,
// "The service worker after the start-up"). So it is registered once the
// start-up is over: the page has loaded, the app's first screen has
// replaced index.html's (the app removes `#boot`), and the browser is idle.
// The app replaces it on every outcome, an error too; were that ever to
// fail, the worker is still registered START_UP_MAX_MS after the start: a
// worker is how a fixed release reaches the page.
const START_UP_MAX_MS = 10000;

function afterStartUp() {
  const loaded = new Promise((resolve) => {
    if (document.readyState === 'complete') resolve();
    else window.addEventListener('load', resolve, { once: true });
  });
  const shown = new Promise((resolve) => {
    const gone = () => !started || !document.getElementById('boot');
    if (gone()) return resolve();
    const observer = new MutationObserver(() => {
      if (!gone()) return;
      observer.disconnect();
      resolve();
    });
    observer.observe(document.body, { childList: true });
  });
  const latest = new Promise((resolve) => setTimeout(resolve, START_UP_MAX_MS));
  return Promise.race([Promise.all([loaded, shown]), latest]).then(
    // Safari has no idle callback: a second's wait stands in for it.
    () => new Promise((resolve) => (window.requestIdleCallback ? requestIdleCallback(resolve, { timeout: 2000 }) : setTimeout(resolve, 1000))),
  );
}

async function registerServiceWorker() {
  if (!('serviceWorker' in navigator)) return;
  await afterStartUp();
  let registration;
  try {
    // updateViaCache 'none': the browser always revalidates sw.js itself, so
    // a release reaches phones on their next visit.
    registration = await navigator.serviceWorker.register('/sw.js', { scope: '/', updateViaCache: 'none' });
  } catch (e) {
    // Private mode or an old browser: the shop still works, just not offline.
    console.warn('NTT Mart: service worker not registered', e);
    return;
  }
  // Reload only once the new worker controls the page: the reload is then
  // served by it (the browser holds the navigation until its activation
  // has finished). The first install's clients.claim() changes the
  // controller too, with nothing to reload for.
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (applying) reloadOnce();
  });
  window.addEventListener('nttmart:apply-update', () => applyUpdate(registration));
  announceUpdate(registration);
  registration.addEventListener('updatefound', () => {
    const worker = registration.installing;
    if (!worker) return;
    worker.addEventListener('statechange', () => {
      if (worker.state === 'installed') announceUpdate(registration);
    });
  });
  // A page that was still loading when the first worker activated is left
  // out of the activation's clients.claim() (browsers skip a page that is
  // not ready yet; Firefox and Chromium alike): it would stay without a
  // controller for the rest of the visit, so the pictures it shows would
  // not be kept for offline use, nor would its reloads count on the worker.
  // Such a page asks the worker to take it.
  navigator.serviceWorker.ready.then((ready) => {
    if (!navigator.serviceWorker.controller && ready.active) ready.active.postMessage({ type: 'CLAIM' });
  });
  root.dataset.nttmartSw = 'registered';
  // The app is long-lived (a kiosk may run for days): look for a new version
  // whenever the page comes back into view or the signal returns.
  const check = () => registration.update().catch(() => {});
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') check();
  });
  window.addEventListener('online', check);
}

if (elsewhere) {
  location.replace(elsewhere);
} else if (!runnable) {
  // No service worker either: it would download the app for offline use.
  withoutWasm();
} else {
  // No top-level await: a browser too old for it must still get as far as
  // the WebAssembly check above.
  start()
    .then(markStarted, (e) => {
      // The watchdog stays armed: a kiosk whose download failed tries again
      // by itself.
      console.error('NTT Mart: the app failed to start', e);
      showBootError();
    })
    .then(registerServiceWorker);
}
