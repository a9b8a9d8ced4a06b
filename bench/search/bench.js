// Search benchmark: the storefront's wasm search (nttmart-domain, built by
// crates/bench-wasm) against MiniSearch and Fuse.js on the same catalog, in
// the same page. Plain ES module, no bundler; served by serve.mjs and driven
// by scripts/bench-search, which reads window.__BENCH__ when it appears.

const params = new URLSearchParams(location.search);
const SIZE = params.get('size') ?? '10000';
const FUSE_BUDGET_MS = Number(params.get('fuseBudget') ?? 30) * 1000;
const PASSES = Math.max(1, Number(params.get('passes') ?? 3));
const PKG = params.get('pkg') ?? 'pkg';
const PHONE = params.get('phone') === '1';
const ENGINES = new Set((params.get('engines') ?? 'ours,minisearch,fuse').split(','));
const LOADS = 5;
// mode=profile&what=load|search|run: only repeats one of our operations,
// started by window.__start() so that profile.mjs can wrap it in the CPU
// profiler.
const MODE = params.get('mode') ?? 'bench';
const WHAT = params.get('what') ?? 'load';

// Realistic queries, typed one keystroke at a time: every prefix is a query.
const QUERIES = [
  'kopi bajawa', 'kopi bajwa', 'tenun ikat sikka', 'madu hutan', 'gula lontar rote',
  'kelor', 'sei sapi', 'kacang mete', 'garam', 'rumput laut', 'kopi manggarai',
  'tenun sumba', 'vanili alor', 'jagung bose', 'teh kelor',
];
const KEYSTROKES = QUERIES.flatMap((q) => Array.from(q, (_, i) => q.slice(0, i + 1)));
// Full queries whose result counts are shown side by side.
const SAMPLES = ['kopi', 'kopi bajawa', 'kopi bajwa', 'tenun ikat sikka', 'madu hutan', 'sei sapi', 'kelor', 'vanili alor', 'kop'];

const out = document.getElementById('out');
const logEl = document.getElementById('log');
function log(...parts) {
  const line = parts.join(' ');
  console.log(line);
  logEl.textContent += line + '\n';
}

const now = () => performance.now();
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
// Nearest-rank percentile.
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
const round = (x, digits = 3) => (x == null ? null : Number(x.toFixed(digits)));
// Keeps results alive so no engine's work can be optimised away.
let sink = 0;

function stats(times) {
  const s = [...times].sort((a, b) => a - b);
  const mean = s.reduce((a, b) => a + b, 0) / s.length;
  return { n: s.length, p50: round(percentile(s, 50)), p95: round(percentile(s, 95)), max: round(s[s.length - 1]), mean: round(mean) };
}

/** Times `fn` repeatedly (up to `count` times or until `budgetMs` is spent, at least once). */
function repeat(fn, count, budgetMs = Infinity) {
  const times = [];
  const start = now();
  let last;
  for (let i = 0; i < count; i++) {
    const t0 = now();
    last = fn();
    times.push(now() - t0);
    if (now() - start > budgetMs) break;
  }
  return { times, last };
}

/**
 * Per-keystroke latency: one warm-up pass over every keystroke, then PASSES
 * measured passes. With a budget, gives up (skipped) if the warm-up plus the
 * first measured pass do not fit, and stops adding passes once it is spent.
 */
function keystrokes(name, fn, budgetMs = Infinity) {
  const start = now();
  let done = 0;
  for (const q of KEYSTROKES) {
    sink += fn(q);
    done++;
    if (now() - start > budgetMs) {
      const per = (now() - start) / done;
      return { skipped: `too slow (> ${budgetMs / 1000} s; warm-up ran ${done}/${KEYSTROKES.length} queries, ~${per.toFixed(0)} ms each)` };
    }
  }
  const warmup = now() - start;
  const times = [];
  for (let pass = 0; pass < PASSES; pass++) {
    for (const q of KEYSTROKES) {
      const t0 = now();
      sink += fn(q);
      times.push(now() - t0);
      if (pass === 0 && now() - start > budgetMs) {
        return { skipped: `too slow (> ${budgetMs / 1000} s for warm-up + one pass; ~${(warmup / KEYSTROKES.length).toFixed(0)} ms per query)` };
      }
    }
    if (now() - start > budgetMs) break;
  }
  const s = stats(times);
  log(`${name}: ${s.n} keystroke queries, p50 ${s.p50} ms, p95 ${s.p95} ms, max ${s.max} ms`);
  return s;
}

// Folding as the app does it (crate::text::fold): lower case, no accents, no
// apostrophes (se'i = sei), other punctuation splits words.
const fold = (s) =>
  s.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').replace(/['`\u2018\u2019\u02bc\u00b4]/g, '').replace(/[^\p{L}\p{N}]+/gu, ' ');
const tokenize = (s) => fold(s).split(' ').filter(Boolean);

/** One flat record per product with the words our index covers, resolved from the catalog. */
function documents(catalog, kabupaten) {
  const categories = new Map(catalog.categories.map((c) => [c.id, `${c.name.id} ${c.name.en}`]));
  const villages = new Map(catalog.villages.map((v) => [v.id, v]));
  return catalog.products.map((p, i) => {
    const v = villages.get(p.village);
    const [kabName, capital] = (v && kabupaten[v.kabupaten]) || ['', ''];
    return {
      i,
      id: p.id,
      name: p.name,
      description: p.description,
      village: v ? v.name : '',
      // The kabupaten's seat is indexed too, as ours does (Bajawa is Ngada's).
      kabupaten: `${kabName} ${capital}`,
      producer: p.producer.name,
      category: categories.get(p.category) ?? '',
      tags: p.tags ?? [],
      // What ours indexes besides: the unit and the options' values ("500 g", "biji").
      unit: p.unit,
      options: (p.options ?? []).flatMap((o) => o.values),
    };
  });
}

const FIELDS = ['name', 'description', 'village', 'kabupaten', 'producer', 'category', 'tags', 'unit', 'options'];
const FUSE_KEYS = [
  { name: 'name', weight: 10 },
  { name: 'tags', weight: 5 },
  { name: 'category', weight: 5 },
  { name: 'village', weight: 4 },
  { name: 'kabupaten', weight: 4 },
  { name: 'producer', weight: 3 },
  { name: 'options', weight: 4 },
  { name: 'unit', weight: 2 },
  { name: 'description', weight: 1 },
];

function render(r) {
  const row = (cells, tag = 'td') => `<tr>${cells.map((c) => `<${tag}>${c ?? '—'}</${tag}>`).join('')}</tr>`;
  const q = (s) => (s ? (s.skipped ? `skipped: ${s.skipped}` : `${s.p50} / ${s.p95} / ${s.max}`) : null);
  let html = `<h2>${r.products} products, ${(r.feedBytes / 1e6).toFixed(2)} MB feed</h2><table>`;
  html += row(['measure', 'ms'], 'th');
  for (const [k, v] of Object.entries(r.load)) html += row([k, v]);
  html += '</table><table>' + row(['engine', 'p50 / p95 / max ms per keystroke'], 'th');
  for (const [k, v] of Object.entries(r.query)) html += row([k, q(v)]);
  html += '</table><table>' + row(['query', 'ours search', 'ours run', 'MiniSearch', 'Fuse.js'], 'th');
  for (const s of r.samples) html += row([s.q, s.ours_search, s.ours_run, s.minisearch, s.fuse]);
  html += '</table>';
  out.innerHTML = html;
}

// Between phases: a full garbage collection (when the page may force one:
// run.mjs starts Chromium with --js-flags=--expose-gc) and a pause, so that
// one engine's garbage is not collected, concurrently, on another's time.
async function settle() {
  globalThis.gc?.();
  await new Promise((go) => setTimeout(go, 300));
}

async function main() {
  const { default: init, Bench, parse_only, phone_load, kabupaten_json } = await import(`/${PKG}/nttmart_bench_wasm.js`);
  const r = {
    size: Number(SIZE),
    pkg: PKG,
    userAgent: navigator.userAgent,
    crossOriginIsolated: self.crossOriginIsolated,
    forcedGc: typeof globalThis.gc === 'function',
    keystrokes: KEYSTROKES.length,
    passes: PASSES,
    load: {},
    query: {},
    samples: SAMPLES.map((q) => ({ q })),
    top3: Object.fromEntries(SAMPLES.map((q) => [q, {}])),
  };

  let t0 = now();
  await init();
  r.load.wasm_init_ms = round(now() - t0, 1);
  const kabupaten = JSON.parse(kabupaten_json());

  t0 = now();
  const buf = await (await fetch(`/data/catalog-${SIZE}.json`)).arrayBuffer();
  r.load.fetch_ms = round(now() - t0, 1);
  const bytes = new Uint8Array(buf);
  r.feedBytes = bytes.length;
  log(`catalog-${SIZE}.json: ${bytes.length} bytes`);
  await settle();

  // Phase 1, ours, before any JavaScript parsing so that no garbage is pending.
  const oursTop = {};
  if (ENGINES.has('ours')) {
    // (a) parse + validate + Browser::build, fresh each time, as the app loads;
    // with `phone=1`, what a phone's first page does instead: the index feed
    // (index-N.json) through `phone_load` (parse_index + Browser::without_search).
    const indexBytes = PHONE ? new Uint8Array(await (await fetch(`/data/index-${SIZE}.json`)).arrayBuffer()) : null;
    const load = () => {
      const t = now();
      const b = PHONE ? phone_load(indexBytes) : new Bench(bytes);
      const ms = now() - t;
      sink += PHONE ? b.count() : b.products();
      b.free(); // not timed: the app keeps its catalog
      return ms;
    };
    // The very first load runs mostly in V8's baseline wasm code (Liftoff)
    // while the optimised code is compiled in the background; it is reported
    // on its own. The median is over warm loads, after one untimed load and
    // pauses that let the optimising compiler finish.
    r.load.ours_first_load_ms = round(load(), 1);
    await settle();
    load();
    await settle();
    const loads = [];
    for (let i = 0; i < LOADS; i++) loads.push(load());
    r.load.ours_loads_ms = loads.map((x) => round(x, 1));
    r.load.ours_parse_index_ms = round(median(loads), 1);
    log(`ours parse+validate+index: median ${r.load.ours_parse_index_ms} ms of ${LOADS} (first ${r.load.ours_first_load_ms})`);
    // Breakdown: feed::parse alone, Browser::build alone, SearchIndex::build alone
    // (each result freed outside the timed region).
    const part = (make) => {
      const times = [];
      for (let i = 0; i < LOADS; i++) {
        const t = now();
        const built = make();
        times.push(now() - t);
        sink += built.count();
        built.free();
      }
      return round(median(times), 1);
    };
    r.load.ours_parse_only_ms = part(() => parse_only(bytes));
    const bench = new Bench(bytes);
    r.products = bench.products();
    r.load.ours_browser_build_ms = part(() => bench.build_browser());
    r.load.ours_search_index_build_ms = part(() => bench.build_index());
    log(`  parse ${r.load.ours_parse_only_ms} ms, Browser::build ${r.load.ours_browser_build_ms} ms (of which SearchIndex::build ${r.load.ours_search_index_build_ms} ms)`);
    r.query.ours_search = keystrokes('ours search-only', (q) => bench.search_count(q));
    r.query.ours_run = keystrokes('ours full run', (q) => bench.run_count(q));
    for (const s of r.samples) {
      s.ours_search = bench.search_count(s.q);
      s.ours_run = bench.run_count(s.q);
      oursTop[s.q] = JSON.parse(bench.top_ids(s.q, 3));
    }
    bench.free();
    await settle();
  }

  if (!ENGINES.has('minisearch') && !ENGINES.has('fuse')) return r;

  // JavaScript side: what MiniSearch and Fuse need before indexing.
  let catalog;
  const parse = repeat(() => (catalog = JSON.parse(new TextDecoder().decode(bytes))), 3);
  r.load.js_json_parse_ms = round(median(parse.times), 1);
  t0 = now();
  const docs = documents(catalog, kabupaten);
  r.load.js_prepare_docs_ms = round(now() - t0, 1);
  r.products = docs.length;
  const nameOf = new Map(docs.map((d) => [d.id, d.name]));
  for (const [q, ids] of Object.entries(oursTop)) r.top3[q].ours = ids.map((id) => nameOf.get(id));
  catalog = null;
  await settle();

  // Builds an index LOADS times (within a budget), each after a collection,
  // after one untimed warm-up build (as for ours).
  async function builds(make, budgetMs = Infinity) {
    const times = [];
    const start = now();
    let last = make();
    for (let i = 0; i < LOADS && now() - start <= budgetMs; i++) {
      last = null;
      await settle();
      const t = now();
      last = make();
      times.push(now() - t);
    }
    if (!times.length) times.push(now() - start); // the warm-up alone used the budget
    return { median: round(median(times), 1), n: times.length, last };
  }

  // Phase 2, MiniSearch.
  if (ENGINES.has('minisearch')) {
    const { default: MiniSearch } = await import('/node_modules/minisearch/dist/es/index.js');
    const options = {
      idField: 'i',
      fields: FIELDS,
      tokenize,
      processTerm: (t) => t,
      searchOptions: { prefix: true, fuzzy: (term) => (term.length >= 4 ? 1 : false), boost: { name: 10 }, combineWith: 'AND' },
    };
    const b = await builds(() => {
      const m = new MiniSearch(options);
      m.addAll(docs);
      return m;
    });
    const ms = b.last;
    r.load.minisearch_index_ms = b.median;
    log(`MiniSearch index: median ${b.median} ms of ${b.n}`);
    await settle();
    r.query.minisearch = keystrokes('MiniSearch', (q) => ms.search(q).length);
    for (const s of r.samples) {
      const hits = ms.search(s.q);
      s.minisearch = hits.length;
      r.top3[s.q].minisearch = hits.slice(0, 3).map((h) => docs[h.id].name);
    }
    b.last = null;
    await settle();
  }

  // Phase 3, Fuse.js, within its time budget.
  if (ENGINES.has('fuse')) {
    const { default: Fuse } = await import('/node_modules/fuse.js/dist/fuse.mjs');
    const options = { keys: FUSE_KEYS, threshold: 0.3, ignoreLocation: true };
    const b = await builds(() => new Fuse(docs, options), FUSE_BUDGET_MS);
    const fuse = b.last;
    r.load.fuse_index_ms = b.median;
    log(`Fuse.js index: median ${b.median} ms of ${b.n}`);
    await settle();
    r.query.fuse = keystrokes('Fuse.js', (q) => fuse.search(q).length, FUSE_BUDGET_MS);
    if (!r.query.fuse.skipped) {
      for (const s of r.samples) {
        const hits = fuse.search(s.q);
        s.fuse = hits.length;
        r.top3[s.q].fuse = hits.slice(0, 3).map((h) => h.item.name);
      }
    }
  }
  r.sink = sink;
  return r;
}

/** Repeats one operation of ours for profile.mjs (names kept with wasm-opt -g). */
async function profile() {
  const { default: init, Bench } = await import(`/${PKG}/nttmart_bench_wasm.js`);
  await init();
  const bytes = new Uint8Array(await (await fetch(`/data/catalog-${SIZE}.json`)).arrayBuffer());
  let bench = WHAT === 'load' ? null : new Bench(bytes);
  if (bench) for (const q of KEYSTROKES) sink += bench.search_count(q) + bench.run_count(q); // warm-up
  await new Promise((go) => (window.__start = go));
  const t0 = now();
  const repeats = Number(params.get('repeats') ?? (WHAT === 'load' ? 5 : 10));
  for (let i = 0; i < repeats; i++) {
    if (WHAT === 'load') {
      const b = new Bench(bytes);
      sink += b.products();
      b.free();
    } else {
      for (const q of KEYSTROKES) sink += WHAT === 'search' ? bench.search_count(q) : bench.run_count(q);
    }
  }
  return { mode: MODE, what: WHAT, repeats, ms: round(now() - t0, 1), sink };
}

(MODE === 'profile' ? profile() : main()).then(
  (r) => {
    if (MODE === 'bench') render(r);
    window.__BENCH__ = JSON.stringify(r);
    log('done');
  },
  (e) => {
    out.textContent = `Failed: ${e && e.stack ? e.stack : e}`;
    window.__BENCH__ = JSON.stringify({ error: String(e && e.stack ? e.stack : e) });
  },
);
