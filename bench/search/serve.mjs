// Tiny static server for the search benchmark (no dependencies):
//   /            -> bench/search/        (index.html, bench.js)
//   /pkg*/...    -> target/bench/pkg*/   (wasm-bindgen output)
//   /data/...    -> target/bench/        (catalog-N.json)
// (target/bench/variants-N/ instead when BENCH_OUT says so)
//   /node_modules/... -> .tools/bench/node_modules/
// Sends COOP/COEP so the page is cross-origin isolated and performance.now()
// has fine (5 µs instead of 100 µs) resolution.
// Usage: node bench/search/serve.mjs [PORT]   (0 or none = a free port)
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
// scripts/bench-search sets BENCH_OUT for a run with variants (target/bench/variants-N).
const OUT = process.env.BENCH_OUT ?? path.join(ROOT, 'target/bench');
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
  '.md': 'text/plain; charset=utf-8',
};

function resolve(urlPath) {
  const parts = decodeURIComponent(urlPath).split('/').filter(Boolean);
  if (parts.some((p) => p === '..' || p.includes('\0'))) return null;
  const [first, ...rest] = parts;
  if (first && /^pkg[\w-]*$/.test(first)) return path.join(OUT, first, ...rest);
  if (first === 'data') return path.join(OUT, ...rest);
  if (first === 'node_modules') return path.join(ROOT, '.tools/bench/node_modules', ...rest);
  return path.join(HERE, ...(parts.length ? parts : ['index.html']));
}

export function serve(port = 0) {
  const server = http.createServer((req, res) => {
    const file = resolve(new URL(req.url, 'http://x').pathname);
    const headers = {
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Cache-Control': 'no-store',
    };
    fs.stat(file ?? '', (err, st) => {
      if (err || !st.isFile()) {
        res.writeHead(404, { ...headers, 'Content-Type': 'text/plain' }).end('not found\n');
        return;
      }
      res.writeHead(200, { ...headers, 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'Content-Length': st.size });
      fs.createReadStream(file).pipe(res);
    });
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => ok(server));
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const server = await serve(Number(process.argv[2] ?? 0));
  console.log(`http://127.0.0.1:${server.address().port}/`);
}
