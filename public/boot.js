// Starts the storefront and keeps it working offline.
//
// This file replaces Trunk's inline loader script (Trunk.toml `pattern_script`
// puts a <script src="/boot.js" data-js=… data-wasm=…> in its place), so the
// Content-Security-Policy can forbid every inline script. It:
// 1. once the first screen has painted, loads the hashed JS glue and wasm
//    named by the tag's data attributes;
// 2. if that fails (signal lost halfway through the download), turns the
//    first screen's loading line into a message with a retry button instead
//    of leaving the customer in front of a spinner forever;
// 3. registers the service worker (public/sw.js) and tells the app, through
//    window events, when a new version is ready:
//      `nttmart:update-ready`  (boot.js → app)  a new version is waiting;
//      `nttmart:apply-update`  (app → boot.js)  the customer chose to reload.

const tag = document.querySelector('script[data-nttmart-js]');

// The first screen (index.html's header and hero, a few kB) paints before the
// 400 kB of wasm start to compete with it for a slow connection. Trunk's
// preload links are switched off for the same reason (Trunk.toml).
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

async function start() {
  await afterFirstPaint();
  const { default: init } = await import(tag.dataset.nttmartJs);
  await init({ module_or_path: tag.dataset.nttmartWasm });
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
  retry.addEventListener('click', () => location.reload());
  status.replaceChildren(message, english, retry);
}

function announceUpdate(registration) {
  if (registration.waiting && navigator.serviceWorker.controller) {
    window.dispatchEvent(new CustomEvent('nttmart:update-ready'));
  }
}

async function registerServiceWorker() {
  if (!('serviceWorker' in navigator)) return;
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
  announceUpdate(registration);
  registration.addEventListener('updatefound', () => {
    const worker = registration.installing;
    if (!worker) return;
    worker.addEventListener('statechange', () => {
      if (worker.state === 'installed') announceUpdate(registration);
    });
  });
  // The app is long-lived (a kiosk may run for days): look for a new version
  // whenever the page comes back into view or the signal returns.
  const check = () => registration.update().catch(() => {});
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') check();
  });
  window.addEventListener('online', check);

  let reloading = false;
  window.addEventListener('nttmart:apply-update', () => {
    const waiting = registration.waiting;
    if (!waiting) {
      location.reload();
      return;
    }
    const reload = () => {
      if (reloading) return;
      reloading = true;
      location.reload();
    };
    navigator.serviceWorker.addEventListener('controllerchange', reload);
    waiting.postMessage({ type: 'SKIP_WAITING' });
    // A worker that became waiting during this page's life does not always
    // act on the message in Chromium; after a reload it is found waiting at
    // startup, and the message then works. So reload anyway if nothing
    // happened (tests/browser/kiosk.rs, new release at the idle reset).
    setTimeout(() => {
      if (reloading) return;
      console.warn('NTT Mart: the new version has not taken over yet; reloading anyway');
      reload();
    }, 3000);
  });
}

try {
  await start();
} catch (e) {
  console.error('NTT Mart: the app failed to start', e);
  showBootError();
}
registerServiceWorker();
