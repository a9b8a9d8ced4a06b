// Markdown report from the Lighthouse JSON runs written by
// scripts/bench-lighthouse, for one throttling profile: per page the median
// of each metric over the runs and the median run by performance score
// (scores, metrics, total transfer), pass/fail against the profile's targets
// (medians), the home page's first-load bytes per request against the
// budget, and the failing Accessibility / Best Practices / SEO audits with
// their offending items.
// Usage: node bench/lighthouse/report.mjs --dir target/bench/lighthouse \
//   --runs 3 --budget 250000 --header "..." --page home=/ --page product=/produk/x
//   [--profile slow] (a name for the title)
//   [--targets interactive=5000,largest-contentful-paint=2500,total-byte-weight=250000]
//     (upper limits on the median of Lighthouse audits' numeric values)
//   [--above-fold '["/brand/wordmark.svg", …]'] (bench/lighthouse/fold.mjs)
// Reads <dir>/<label>-<run>.json (and <label>-<run>.load, the 1-minute load
// average when the run started, if present); prints the report on stdout.
import fs from 'node:fs';
import path from 'node:path';

const args = { page: [] };
for (let i = 2; i < process.argv.length; i += 2) {
  const key = process.argv[i].replace(/^--/, '');
  const value = process.argv[i + 1];
  if (key === 'page') args.page.push(value);
  else args[key] = value;
}
const DIR = args.dir ?? 'target/bench/lighthouse';
const RUNS = Number(args.runs ?? 3);
const BUDGET = Number(args.budget ?? 250000);
// The pictures a phone shows on its first screen; `null`: not known.
const ABOVE_FOLD = args['above-fold'] ? new Set(JSON.parse(args['above-fold'])) : null;
// What issue 9's budget counts: everything but pictures below the fold and
// the manifest and icons (`other`, and images that are not on screen).
function inBudget(req, k) {
  if (k === 'HTML' || k === 'JS' || k === 'wasm' || k === 'CSS' || k === 'fonts' || k === 'feed') return true;
  if (k !== 'images' || !ABOVE_FOLD) return false;
  try { return ABOVE_FOLD.has(new URL(req.url).pathname); } catch { return false; }
}
const TARGETS = (args.targets ?? '').split(',').filter(Boolean).map((t) => {
  const [id, limit] = t.split('=');
  return { id, limit: Number(limit) };
});
const PAGES = args.page.map((p) => {
  const i = p.indexOf('=');
  return { label: p.slice(0, i), path: p.slice(i + 1) };
});

const out = [];
const say = (s = '') => out.push(s);
const bytes = (n) => Math.round(n).toLocaleString('en-US');
const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
const score = (s) => (s == null ? 'n/a' : String(Math.round(s * 100)));
const secs = (ms) => (ms == null ? 'n/a' : `${(ms / 1000).toFixed(2)} s`);
const cell = (s) => String(s).replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();

function load(label) {
  const runs = [];
  for (let r = 1; r <= RUNS; r++) {
    const file = path.join(DIR, `${label}-${r}.json`);
    const lhr = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (lhr.runtimeError) throw new Error(`${file}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    const loadFile = path.join(DIR, `${label}-${r}.load`);
    const loadAvg = fs.existsSync(loadFile) ? Number(fs.readFileSync(loadFile, 'utf8').trim()) : null;
    runs.push({ run: r, file, lhr, loadAvg, perf: lhr.categories.performance?.score ?? -1 });
  }
  // Median by performance score (ties keep run order).
  const sorted = [...runs].sort((a, b) => a.perf - b.perf);
  return { runs, median: sorted[Math.floor((sorted.length - 1) / 2)] };
}

// The storefront's feed: the index feed, or the whole feed on a host
// without it (docs/feed.md).
const FEEDS = ['/katalog/index.json', '/catalog.json'];
const isFeed = (p) => FEEDS.includes(p);

function started(lhr) {
  return (lhr.audits['network-requests']?.details?.items ?? []).some((r) => {
    try { return isFeed(new URL(r.url).pathname); } catch { return false; }
  });
}

// The median of one audit's numeric value over the runs (the mean of the
// two middle ones for an even count); null if a run lacks it.
function median(runs, id) {
  const values = runs.map((r) => r.lhr.audits[id]?.numericValue);
  if (values.some((v) => v == null)) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const loaded = PAGES.map((p) => ({ ...p, ...load(p.label) }));

say(`# Lighthouse: NTT Mart storefront${args.profile ? `, profile \`${args.profile}\`` : ''}`);
say();
for (const line of (args.header ?? '').split('\n').filter(Boolean)) say(`${line}  `);
const first = loaded[0]?.median.lhr;
if (first) {
  say(`Form factor ${first.configSettings.formFactor}, throttling ${first.configSettings.throttlingMethod} ` +
    `(RTT ${first.configSettings.throttling.rttMs} ms, ${Math.round(first.configSettings.throttling.throughputKbps)} kbps, ` +
    `CPU ×${first.configSettings.throttling.cpuSlowdownMultiplier}); ${first.environment.hostUserAgent}`);
}
say();

// Scores and metrics.
const CATS = [['performance', 'Performance'], ['accessibility', 'Accessibility'], ['best-practices', 'Best Practices'], ['seo', 'SEO']];
const METRICS = [
  ['interactive', 'TTI (interactive)', secs],
  ['largest-contentful-paint', 'LCP', secs],
  ['total-blocking-time', 'TBT', (ms) => `${Math.round(ms)} ms`],
  ['cumulative-layout-shift', 'CLS', (v) => v.toFixed(3)],
  ['first-contentful-paint', 'FCP', secs],
  ['speed-index', 'Speed Index', secs],
  ['total-byte-weight', 'Total transfer', (b) => `${bytes(b)} B (${kb(b)})`],
];
for (const page of loaded) {
  const { lhr, run } = page.median;
  say(`## ${page.label}: \`${page.path}\``);
  say();
  say(`Median run ${run} of ${page.runs.length} by performance score (all runs: ${page.runs.map((r) => score(r.perf)).join(', ')}); ` +
    `report \`${path.relative(process.cwd(), page.median.file)}\`.`);
  if (lhr.runWarnings?.length) say(`Run warnings: ${lhr.runWarnings.map(cell).join('; ')}`);
  // The app fetches the feed as soon as it starts: without that request the
  // run measured only the static loader of index.html.
  const notStarted = page.runs.filter((r) => !started(r.lhr)).map((r) => r.run);
  if (notStarted.length) {
    const blocked = (lhr.audits['errors-in-console']?.details?.items ?? [])
      .map((i) => i.description ?? '').find((d) => /Content Security Policy/i.test(d));
    say();
    say(`**WARNING: the app did not start in run${notStarted.length > 1 ? 's' : ''} ${notStarted.join(', ')} ` +
      '(no feed request, `/katalog/index.json` or `/catalog.json`): the figures measure the static loader only, not the storefront.' +
      (blocked ? ' The console shows the loader script blocked by the Content-Security-Policy.**' : '**'));
  }
  say();
  const loads = page.runs.map((r) => r.loadAvg).filter((l) => l != null);
  if (loads.length) say(`Load average (1 min) at the start of each run: ${loads.map((l) => l.toFixed(2)).join(', ')}.`);
  say();
  say('| Metric | Median of runs | Median run | All runs |');
  say('|---|---:|---:|---|');
  for (const [id, name] of CATS) {
    const scores = page.runs.map((r) => r.lhr.categories[id]?.score ?? null);
    const sorted = scores.filter((v) => v != null).sort((a, b) => a - b);
    const mid = sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    say(`| ${name} | ${sorted.length ? score(mid) : 'n/a'} | ${score(lhr.categories[id]?.score)} | ${scores.map(score).join(', ')} |`);
  }
  for (const [id, name, fmt] of METRICS) {
    const v = (l) => l.audits[id]?.numericValue;
    const m = median(page.runs, id);
    say(`| ${name} | ${m == null ? 'n/a' : fmt(m)} | ${v(lhr) == null ? 'n/a' : fmt(v(lhr))} | ${page.runs.map((r) => (v(r.lhr) == null ? 'n/a' : fmt(v(r.lhr)).replace(/ \(.*\)$/, ''))).join(', ')} |`);
  }
  say();
  const lcpDetails = lhr.audits['largest-contentful-paint-element']?.details?.items ?? [];
  const lcpNode = lcpDetails[0]?.items?.[0]?.node;
  if (lcpNode) {
    const phases = (lcpDetails[1]?.items ?? []).map((p) => `${p.phase} ${Math.round(p.timing)} ms`).join(', ');
    say(`LCP element: \`${lcpNode.selector}\` ("${cell(lcpNode.nodeLabel ?? '')}")${phases ? `; ${phases}` : ''}.`);
    say();
  }
}

// The profile's targets, on the medians of the runs.
if (TARGETS.length) {
  const names = { interactive: 'TTI', 'largest-contentful-paint': 'LCP', 'total-byte-weight': 'total transfer', 'total-blocking-time': 'TBT' };
  const fmtTarget = (id, v) => (id === 'total-byte-weight' ? `${bytes(v)} B` : /time|interactive|paint|index/.test(id) ? secs(v) : String(v));
  say(`## Targets (median of ${RUNS} run${RUNS > 1 ? 's' : ''})`);
  say();
  say(`| Page | ${TARGETS.map((t) => `${names[t.id] ?? t.id} ≤ ${fmtTarget(t.id, t.limit)}`).join(' | ')} | TBT |`);
  say(`|---|${TARGETS.map(() => '---:').join('|')}|---:|`);
  let allPass = true;
  for (const page of loaded) {
    const cells = TARGETS.map((t) => {
      const m = median(page.runs, t.id);
      const pass = m != null && m <= t.limit;
      allPass &&= pass;
      return `${m == null ? 'n/a' : fmtTarget(t.id, m)} ${pass ? 'PASS' : '**FAIL**'}`;
    });
    const tbt = median(page.runs, 'total-blocking-time');
    say(`| \`${page.path}\` | ${cells.join(' | ')} | ${tbt == null ? 'n/a' : `${Math.round(tbt)} ms`} |`);
  }
  say();
  say(`**${allPass ? 'All targets met.' : 'Not every target is met.'}**`);
  say();
}

// First-load bytes of the home page.
function kind(req) {
  const url = req.url;
  const p = url.startsWith('http') ? new URL(url).pathname : url;
  const mime = req.mimeType ?? '';
  if (isFeed(p)) return 'feed';
  if (p.endsWith('.wasm') || mime === 'application/wasm') return 'wasm';
  if (req.resourceType === 'Document' || mime === 'text/html') return 'HTML';
  if (req.resourceType === 'Script' || /javascript/.test(mime)) return 'JS';
  if (req.resourceType === 'Stylesheet' || mime === 'text/css') return 'CSS';
  if (req.resourceType === 'Font' || mime.startsWith('font/') || /\.(woff2?|ttf|otf)$/.test(p)) return 'fonts';
  if (req.resourceType === 'Image' || mime.startsWith('image/')) return 'images';
  return 'other';
}
function kindOfPath(uri, dest) {
  const p = uri.split('?')[0];
  if (isFeed(p)) return 'feed';
  if (p.endsWith('.wasm')) return 'wasm';
  if (p.endsWith('.js') || p.endsWith('.mjs')) return 'JS';
  if (p.endsWith('.css')) return 'CSS';
  if (/\.(woff2?|ttf|otf)$/.test(p)) return 'fonts';
  if (/\.(svg|png|jpe?g|webp|avif|gif|ico)$/.test(p)) return 'images';
  if (dest === 'document' || p.endsWith('/') || p.endsWith('.html') || p.startsWith('/produk/')) return 'HTML';
  return 'other';
}
const home = loaded.find((p) => p.path === '/') ?? loaded[0];
if (home) {
  const { lhr, run } = home.median;
  const origin = new URL(lhr.finalDisplayedUrl ?? lhr.finalUrl).origin;
  const reqs = (lhr.audits['network-requests']?.details?.items ?? []).filter((r) => !/^(data|blob):/.test(r.url));
  say(`## First load of \`${home.path}\` (run ${run}): bytes on the wire`);
  say();
  say('Transfer bytes as Chromium received them (headers included, bodies as nginx compressed them); ' +
    'resource bytes are the decoded sizes. From the `network-requests` audit of the median run.');
  say();
  say('| # | Request | Type | Kind | Status | Transfer bytes | Resource bytes |');
  say('|---:|---|---|---|---:|---:|---:|');
  let total = 0;
  const byKind = {};
  reqs.forEach((r, i) => {
    const u = r.url.startsWith(origin) ? r.url.slice(origin.length) || '/' : r.url;
    const t = r.transferSize ?? 0;
    total += t;
    const k = kind(r);
    byKind[k] = byKind[k] ?? { n: 0, transfer: 0, resource: 0 };
    byKind[k].n++;
    byKind[k].transfer += t;
    byKind[k].resource += r.resourceSize ?? 0;
    say(`| ${i + 1} | \`${cell(u)}\` | ${r.resourceType ?? ''} | ${k} | ${r.statusCode ?? ''} | ${bytes(t)} | ${bytes(r.resourceSize ?? 0)} |`);
  });
  const resourceTotal = reqs.reduce((s, r) => s + (r.resourceSize ?? 0), 0);
  say(`| | **Total (${reqs.length} requests)** | | | | **${bytes(total)}** | ${bytes(resourceTotal)} |`);
  say();
  say('| Kind | Requests | Transfer bytes | Resource bytes |');
  say('|---|---:|---:|---:|');
  for (const k of ['HTML', 'JS', 'wasm', 'CSS', 'fonts', 'feed', 'images', 'other']) {
    const v = byKind[k] ?? { n: 0, transfer: 0, resource: 0 };
    say(`| ${k} | ${v.n} | ${bytes(v.transfer)} | ${bytes(v.resource)} |`);
  }
  say(`| **Total** | ${reqs.length} | **${bytes(total)}** | ${bytes(resourceTotal)} |`);
  say();
  const verdict = (n) => (n <= BUDGET ? `PASS, ${bytes(BUDGET - n)} B under` : `OVER by ${bytes(n - BUDGET)} B (${((n / BUDGET - 1) * 100).toFixed(1)}%)`);
  const zeroed = reqs.filter((r) => !r.transferSize && r.resourceSize > 0);
  if (zeroed.length) {
    say(`${zeroed.length} request${zeroed.length > 1 ? 's show' : ' shows'} 0 transfer bytes (${zeroed.map((r) => `\`${new URL(r.url).pathname}\``).join(', ')}): answered by the service worker ` +
      'or a cache, so their bytes on the wire are not in these records (see the server-side count below).');
    say();
  }

  // The same run as nginx saw it: also the requests the service worker makes
  // itself (its script, the precache), which Lighthouse does not record.
  const log = path.join(DIR, `${home.label}-${run}.access.tsv`);
  let server = null;
  if (fs.existsSync(log)) {
    const rows = fs.readFileSync(log, 'utf8').split('\n').filter(Boolean).map((line) => {
      const [msec, status, sent, method, uri, dest, referer, encoding] = line.split('\t');
      return { t: Number(msec) * 1000, status, sent: Number(sent), method, uri, dest, referer, encoding };
    });
    const t0 = rows.find((r) => r.dest === 'document')?.t ?? rows[0]?.t ?? 0;
    // Lighthouse's own checks after the page load (robots.txt for SEO,
    // back/forward-cache and service-worker update probes) are not the
    // customer's first load: counted are requests up to one second after the
    // last one Lighthouse recorded.
    const window = Math.max(0, ...reqs.map((r) => r.networkEndTime ?? 0)) + 1000;
    say(`### Server-side count (nginx access log of the same run)`);
    say();
    say('Bytes nginx sent per response (headers included), with the requests the service worker makes itself. ' +
      `Counted: requests up to ${(window / 1000).toFixed(1)} s after the document (1 s after the last request Lighthouse recorded); ` +
      'later ones are Lighthouse\'s own checks.');
    say();
    say('| # | Request | Status | Fetch dest | From | Encoding | Bytes sent | Counted |');
    say('|---:|---|---:|---|---|---|---:|---|');
    let counted = 0;
    const byKindServer = {};
    rows.forEach((r, i) => {
      const from = /\/sw\.js$/.test(r.referer) ? 'service worker' : r.dest === 'serviceworker' ? 'page (SW script)'
        : r.dest === 'document' ? 'navigation' : r.referer === '-' ? '(no referer)' : 'page';
      const inWindow = r.t - t0 <= window && !(r.uri === '/robots.txt' && r.referer === '-');
      if (inWindow) {
        counted += r.sent;
        const k = kindOfPath(r.uri, r.dest);
        byKindServer[k] = byKindServer[k] ?? { n: 0, sent: 0 };
        byKindServer[k].n++;
        byKindServer[k].sent += r.sent;
      }
      say(`| ${i + 1} | \`${cell(r.uri)}\` | ${r.status} | ${r.dest === '-' ? '' : r.dest} | ${from} | ${r.encoding === '-' ? '' : r.encoding} | ${bytes(r.sent)} | ` +
        `${inWindow ? 'yes' : `no (+${((r.t - t0) / 1000).toFixed(1)} s)`} |`);
    });
    say(`| | **Counted total** | | | | | **${bytes(counted)}** | |`);
    say();
    say('| Kind | Requests | Bytes sent |');
    say('|---|---:|---:|');
    for (const k of ['HTML', 'JS', 'wasm', 'CSS', 'fonts', 'feed', 'images', 'other']) {
      const v = byKindServer[k] ?? { n: 0, sent: 0 };
      say(`| ${k} | ${v.n} | ${bytes(v.sent)} |`);
    }
    say(`| **Total** | ${Object.values(byKindServer).reduce((a, v) => a + v.n, 0)} | **${bytes(counted)}** |`);
    say();
    server = counted;
  }
  say(`**Budget ${bytes(BUDGET)} B (first load of \`${home.path}\`):**`);
  say();
  if (ABOVE_FOLD) {
    const counted = reqs.filter((r) => inBudget(r, kind(r)));
    const sum = counted.reduce((a, r) => a + (r.transferSize ?? 0), 0);
    const pictures = counted.filter((r) => kind(r) === 'images').map((r) => `\`${new URL(r.url).pathname}\``);
    say(`- As issue 9 counts it (HTML, JS, wasm, CSS, fonts, feed and the ${pictures.length} pictures above the fold on a ` +
      `412×823 screen: ${pictures.join(', ') || 'none'}): ${bytes(sum)} B (${kb(sum)}) — **${verdict(sum)}**`);
  }
  say(`- Every request in Lighthouse's network records: ${bytes(total)} B (${kb(total)}) — **${verdict(total)}**`);
  if (server != null) say(`- Server-side, with the service worker's own requests: ${bytes(server)} B (${kb(server)}) — **${verdict(server)}**`);
  say();
}

// Failing audits.
function fmtValue(v, type) {
  if (v == null || v === '') return '';
  if (typeof v !== 'object') {
    if (type === 'ms' || type === 'timespanMs') return `${Math.round(v)} ms`;
    if (type === 'bytes') return `${bytes(v)} B`;
    return String(v);
  }
  switch (v.type) {
    case 'node': {
      const parts = [v.selector && `\`${v.selector}\``, v.snippet && `\`${v.snippet}\``, v.nodeLabel && `label "${v.nodeLabel}"`];
      return parts.filter(Boolean).join(' ');
    }
    case 'source-location': return `${v.url}:${(v.line ?? 0) + 1}:${(v.column ?? 0) + 1}`;
    case 'url': return v.value;
    case 'code': return `\`${v.value}\``;
    case 'link': return `${v.text} (${v.url})`;
    case 'numeric': return String(v.value);
    case 'text': return v.value;
    default: return JSON.stringify(v);
  }
}
function itemLines(details) {
  if (!details) return [];
  const items = details.items ?? [];
  const headings = (details.headings ?? []).filter((h) => h.key);
  const lines = [];
  for (const item of items) {
    if (details.type === 'list' || item?.type === 'table' || item?.type === 'list') {
      lines.push(...itemLines(item)); // nested (e.g. a list of tables)
      continue;
    }
    let fields;
    if (headings.length) {
      fields = headings.map((h) => {
        const val = fmtValue(item[h.key], h.valueType);
        const label = typeof h.label === 'string' ? h.label : h.key;
        return val ? `${label}: ${val}` : '';
      });
    } else {
      fields = Object.entries(item).map(([k, v]) => `${k}: ${fmtValue(v)}`);
    }
    const explanation = item?.node?.explanation;
    let line = fields.filter(Boolean).join('; ');
    if (explanation) line += `\n    - ${explanation.replace(/\n\s*/g, ' / ')}`;
    const sub = item.subItems?.items ?? [];
    for (const s of sub) {
      const subFields = (headings.length
        ? headings.map((h) => (h.subItemsHeading?.key ? fmtValue(s[h.subItemsHeading.key], h.subItemsHeading.valueType) : ''))
        : Object.entries(s).map(([k, v]) => `${k}: ${fmtValue(v)}`)).filter(Boolean);
      if (subFields.length) line += `\n    - ${subFields.join('; ')}`;
    }
    lines.push(line);
  }
  return lines;
}
say('## Failing audits (Accessibility, Best Practices, SEO)');
say();
say('Audits scored below 1 in the median run (informative, not applicable and manual audits left out).');
say();
for (const page of loaded) {
  const { lhr } = page.median;
  say(`### ${page.label}: \`${page.path}\``);
  say();
  let any = false;
  for (const [id, name] of CATS.slice(1)) {
    const cat = lhr.categories[id];
    if (!cat) continue;
    const failing = cat.auditRefs
      .map((ref) => ({ ref, audit: lhr.audits[ref.id] }))
      .filter(({ audit }) => audit && !['informative', 'notApplicable', 'manual'].includes(audit.scoreDisplayMode) &&
        (audit.scoreDisplayMode === 'error' || (audit.score != null && audit.score < 1)));
    for (const { ref, audit } of failing) {
      any = true;
      const s = audit.scoreDisplayMode === 'error' ? 'error' : `score ${audit.score}`;
      const weight = ref.weight ? `weight ${ref.weight}` : 'weight 0: does not count toward the category score';
      say(`- **${name} / \`${audit.id}\`: ${audit.title}** (${s}, ${weight}${audit.displayValue ? `, ${audit.displayValue}` : ''})`);
      if (audit.explanation) say(`  - ${audit.explanation.replace(/\n\s*/g, ' / ')}`);
      if (audit.errorMessage) say(`  - error: ${audit.errorMessage}`);
      for (const w of audit.warnings ?? []) say(`  - warning: ${w}`);
      const lines = itemLines(audit.details);
      for (const line of lines.slice(0, 25)) say(`  - ${line.replace(/\n {4}/g, '\n    ')}`);
      if (lines.length > 25) say(`  - … ${lines.length - 25} more (see the JSON report)`);
    }
  }
  if (!any) say('None.');
  say();
}

process.stdout.write(out.join('\n') + '\n');
