// Where our time goes: runs one operation of ours (what=load|search|run) in
// headless Chromium under the DevTools CPU profiler and prints, per wasm/JS
// function, self time and total (inclusive) time. Needs a wasm package with
// its name section kept: scripts/bench-search builds target/bench/pkg-names
// when called with BENCH_PROFILE=1.
// Usage: node bench/search/profile.mjs --size 10000 --what load [--pkg pkg-names] [--top 40]
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './serve.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(path.join(ROOT, '.tools/bench/package.json'));
const { chromium } = require('playwright-core');
const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
);
const size = args.size ?? '10000';
const what = args.what ?? 'load';
const pkg = args.pkg ?? 'pkg-names';
const top = Number(args.top ?? 40);

const server = await serve(0);
const base = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
  const query = new URLSearchParams({ mode: 'profile', what, size, pkg, ...(args.repeats ? { repeats: args.repeats } : {}) });
  await page.goto(`${base}index.html?${query}`);
  await page.waitForFunction(() => window.__start, null, { timeout: 600_000 });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  await page.evaluate(() => window.__start());
  await page.waitForFunction(() => window.__BENCH__, null, { timeout: 600_000, polling: 200 });
  const { profile } = await cdp.send('Profiler.stop');
  const r = JSON.parse(await page.evaluate(() => window.__BENCH__));
  console.log(`${what} at ${size}: ${r.repeats} repeats in ${r.ms} ms`);

  // Self and inclusive time per function name (recursion counted once).
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map(), total = new Map();
  const name = (n) => n.callFrame.functionName || `(anonymous ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber})`;
  let all = 0;
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000; // ms until the next sample
    const leaf = byId.get(id);
    if (['(idle)', '(program)', '(garbage collector)'].includes(name(leaf)) && !args.all) {
      self.set(name(leaf), (self.get(name(leaf)) ?? 0) + dt);
      return;
    }
    all += dt;
    self.set(name(leaf), (self.get(name(leaf)) ?? 0) + dt);
    const seen = new Set();
    for (let n = leaf; n; n = byId.get(parent.get(n.id))) {
      const k = name(n);
      if (!seen.has(k)) {
        seen.add(k);
        total.set(k, (total.get(k) ?? 0) + dt);
      }
    }
  });
  const show = (title, map) => {
    console.log(`\n${title} (ms; ${all.toFixed(0)} ms of busy samples)`);
    for (const [k, v] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      console.log(`${v.toFixed(1).padStart(9)}  ${(100 * v / all).toFixed(1).padStart(5)}%  ${k.slice(0, 150)}`);
    }
  };
  show('Total (inclusive)', total);
  show('Self', self);
} finally {
  await browser.close();
  server.close();
}
