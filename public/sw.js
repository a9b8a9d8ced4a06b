// NTT Mart service worker: the storefront keeps working with no signal.
//
// The build (`nttmart pages`, Trunk's post_build hook) fills in VERSION and
// PRECACHE below; served unfilled, the install fails on purpose and the site
// simply runs without offline support.
//
// What is cached, and how:
// - the app shell (index.html, boot.js, the hashed JS/wasm/CSS, manifest,
//   icons): precached per release in `nttmart-shell-<VERSION>`, served cache
//   first; a new release installs beside the old one and waits until the
//   customer accepts the reload the app offers (boot.js); the kiosk's own
//   page and bundle (KIOSK_PRECACHE) too, on a device that has the kiosk
//   open or cached;
// - the staff workbench (/staf/): its page and bundle, which the workbench
//   itself puts in `nttmart-staf-v1` when it starts (src/staf), so it opens
//   offline once it has been opened; never precached, so customers' phones
//   never download it;
// - page navigations: network first, so a new release and fresh product
//   page metadata arrive when there is signal; with no answer within
//   NAVIGATION_TIMEOUT_MS or no network, the cached shell, which routes on
//   the client like any deep link;
// - pictures (/img/, /brand/): stale-while-revalidate in `nttmart-img-v1`,
//   at most IMAGE_LIMIT of them;
// - the catalog feed (/catalog.json, /katalog/index.json), the detail
//   files (/katalog/detail/) and the outlets' rules (/katalog/outlet.json):
//   not touched here. The app validates a
//   feed before it keeps it as the last good copy and refreshes it in the
//   background (stale-while-revalidate); a worker-level cache would happily
//   keep a broken feed.

const VERSION = "__NTTMART_VERSION__";
const PRECACHE = ["__NTTMART_PRECACHE__"];
// The kiosk's page and bundle (/kiosk/): precached only on a device that
// shows the kiosk, so phones never download it.
const KIOSK_PRECACHE = ["__NTTMART_KIOSK_PRECACHE__"];

const SHELL_CACHE = `nttmart-shell-${VERSION}`;
const IMAGE_CACHE = 'nttmart-img-v1';
const STAF_CACHE = 'nttmart-staf-v1';
const IMAGE_LIMIT = 300;
const NAVIGATION_TIMEOUT_MS = 5000;

self.addEventListener('install', (event) => {
  // `cache: 'reload'` would bypass the HTTP cache; the hashed assets were
  // just downloaded by the page, so let the HTTP cache answer for them.
  event.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL_CACHE);
      await cache.addAll(PRECACHE);
      if (KIOSK_PRECACHE.length && (await isKioskDevice())) await cache.addAll(KIOSK_PRECACHE);
    })(),
  );
});

const isKioskPath = (path) => path === '/kiosk' || path.startsWith('/kiosk/');
const isStafPath = (path) => path === '/staf' || path.startsWith('/staf/');

// A kiosk page is open (on its first visit it is not yet controlled), or an
// earlier release cached the kiosk: this device is a kiosk.
async function isKioskDevice() {
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  if (windows.some((client) => isKioskPath(new URL(client.url).pathname))) return true;
  for (const key of await caches.keys()) {
    if (key.startsWith('nttmart-shell-') && (await (await caches.open(key)).match('/kiosk/index.html'))) return true;
  }
  return false;
}

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key.startsWith('nttmart-shell-') && key !== SHELL_CACHE) await caches.delete(key);
      }
      // Control the page that installed us, so the first visit already works
      // offline afterwards.
      await self.clients.claim();
    })(),
  );
});

// At the top level: a listener added after an await would miss the message
// that woke the worker up.
self.addEventListener('message', (event) => {
  const type = event.data && event.data.type;
  if (type === 'SKIP_WAITING') self.skipWaiting();
  // From a page that is still without a controller (boot.js): see there.
  else if (type === 'CLAIM') event.waitUntil(self.clients.claim().catch(() => {}));
});

// boot.js navigates a hidden frame here while a new release waits to take
// over: the navigation makes the browser look again whether it can (see
// nudge() there); the frame has nothing to show.
const NUDGE_PATH = '/sw-nudge';

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;

  if (request.mode === 'navigate') {
    event.respondWith(url.pathname === NUDGE_PATH ? new Response(null, { status: 204 }) : navigation(event));
  } else if (isStafPath(url.pathname)) {
    event.respondWith(cacheFirst(request, STAF_CACHE));
  } else if (PRECACHE.includes(url.pathname) || KIOSK_PRECACHE.includes(url.pathname)) {
    event.respondWith(cacheFirst(request, SHELL_CACHE));
  } else if (url.pathname.startsWith('/img/') || url.pathname.startsWith('/brand/')) {
    event.respondWith(picture(event));
  }
  // Everything else (the feed, sitemap, share cards) goes to the network as
  // if there were no worker.
});

async function navigation(event) {
  const request = event.request;
  const path = new URL(request.url).pathname;
  const kiosk = isKioskPath(path);
  const staf = isStafPath(path);
  const page = staf ? '/staf/index.html' : kiosk ? '/kiosk/index.html' : '/index.html';
  const shell = () => caches.match(page, { cacheName: staf ? STAF_CACHE : SHELL_CACHE });
  const network = fetch(request);
  network.catch(() => {}); // handled below; silence the race's loser
  if (kiosk) event.waitUntil(keepKioskPage(page));
  const timeout = new Promise((resolve) => setTimeout(resolve, NAVIGATION_TIMEOUT_MS));
  try {
    const response = await Promise.race([network, timeout]);
    if (response) return response;
    // Slow network: show the cached shell now rather than a blank tab.
    return (await shell()) || (await network);
  } catch (e) {
    const cached = await shell();
    if (cached) return cached;
    throw e;
  }
}

// A device that installed the worker as a phone and is now made a kiosk:
// keep its page for a restart with no network (the bundle is kept by
// cacheFirst as it loads). A request of its own, not a copy of the
// navigation's response: a clone() would have the page's HTML pass through
// this worker's script on its way to the page, and when the browser stops
// this worker mid-way (as it stops the old worker when a new release takes
// over) the page would be left half-loaded.
async function keepKioskPage(page) {
  const cache = await caches.open(SHELL_CACHE);
  if (await cache.match(page)) return;
  try {
    await cache.add(page);
  } catch (e) {
    // No signal: the next visit keeps it.
  }
}

async function cacheFirst(request, cacheName) {
  const cache = await caches.open(cacheName);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) cache.put(request, response.clone());
  return response;
}

// Stale-while-revalidate: a picture seen once shows at once (and offline);
// a changed picture replaces it for the next view.
async function picture(event) {
  const request = event.request;
  const cache = await caches.open(IMAGE_CACHE);
  const cached = await cache.match(request);
  const refresh = fetch(request).then(async (response) => {
    if (response.ok) {
      await cache.put(request, response.clone());
      await trim(cache);
    }
    return response;
  });
  if (cached) {
    event.waitUntil(refresh.catch(() => {}));
    return cached;
  }
  return refresh;
}

// Oldest first: Cache API keys keep insertion order.
async function trim(cache) {
  const keys = await cache.keys();
  for (const key of keys.slice(0, Math.max(0, keys.length - IMAGE_LIMIT))) await cache.delete(key);
}
