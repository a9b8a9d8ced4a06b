// Which pictures a phone shows above the fold: the page opened as
// Lighthouse's mobile run sees it (412×823 CSS px, DPR 1.75, touch), after
// the app has rendered its product cards; every <img> and CSS background or
// border image whose box is at least partly inside the first screen.
// scripts/bench-lighthouse passes the list to report.mjs, which counts those
// pictures (and no others) in issue 9's first-load budget.
// Usage: node bench/lighthouse/fold.mjs URL  (CHROME_PATH, NODE_PATH to
// Lighthouse's node_modules for puppeteer-core); prints a JSON list of paths.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const puppeteer = require(require.resolve('puppeteer-core', { paths: (process.env.NODE_PATH ?? '').split(':') }));
const url = process.argv[2];
const browser = await puppeteer.launch({
  executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  // LH_PROTOCOL=h2 serves HTTPS with a self-signed certificate.
  acceptInsecureCerts: true,
});
try {
  const page = await browser.newPage();
  await page.emulate({
    viewport: { width: 412, height: 823, deviceScaleFactor: 1.75, isMobile: true, hasTouch: true },
    userAgent: 'Mozilla/5.0 (Linux; Android 11; moto g power (2022)) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36',
  });
  await page.goto(url, { waitUntil: 'networkidle0', timeout: 60000 });
  await page.waitForSelector('.product-card img', { timeout: 30000 });
  const paths = await page.evaluate(() => {
    const seen = new Set();
    const visible = (el) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && r.top < innerHeight && r.bottom > 0 && r.left < innerWidth && r.right > 0;
    };
    const add = (u) => {
      try {
        const p = new URL(u, location.href);
        if (p.origin === location.origin) seen.add(p.pathname);
      } catch {}
    };
    for (const el of document.querySelectorAll('*')) {
      if (!visible(el)) continue;
      if (el instanceof HTMLImageElement && el.currentSrc) add(el.currentSrc);
      const style = getComputedStyle(el);
      for (const v of [style.backgroundImage, style.borderImageSource]) {
        for (const m of v.matchAll(/url\("?([^")]+)"?\)/g)) if (!m[1].startsWith('data:')) add(m[1]);
      }
    }
    return [...seen].sort();
  });
  console.log(JSON.stringify(paths));
} finally {
  await browser.close();
}
