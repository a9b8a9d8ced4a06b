//! The plainest static host the site must work on: it serves files, a
//! folder's `index.html` when the path ends in `/`, and the SPA fallback
//! (`/index.html`, status 200) for everything else. No custom rules, no
//! redirects (`/kiosk` is not sent on to `/kiosk/`), no precompressed `.br`,
//! no headers of the site's own: what an object store behind a CDN with a
//! "serve index.html for not found" setting gives, and the least that
//! GitHub Pages, Netlify or Cloudflare Pages give with no `_headers` or
//! `_redirects`.
//!
//! A thread per connection and one request per connection: a few hundred
//! lines of HTTP would add nothing to what the tests check.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

pub struct PlainHost {
    pub port: u16,
    stop: Arc<AtomicBool>,
}

impl PlainHost {
    /// Serves `root` on a free loopback port until dropped.
    pub fn start(root: &Path) -> std::io::Result<PlainHost> {
        let listener = TcpListener::bind(("127.0.0.1", 0))?;
        let port = listener.local_addr()?.port();
        let stop = Arc::new(AtomicBool::new(false));
        let (root, stopped) = (root.to_path_buf(), stop.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stopped.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let root = root.clone();
                std::thread::spawn(move || {
                    let _ = answer(&root, stream);
                });
            }
        });
        Ok(PlainHost { port, stop })
    }
}

impl Drop for PlainHost {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wakes the accept loop so it sees the flag and closes the port.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

fn answer(root: &Path, stream: TcpStream) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header == "\r\n" || header == "\n" {
            break;
        }
    }
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or_default(), parts.next().unwrap_or("/"));
    let mut out = stream;
    if method != "GET" && method != "HEAD" {
        return respond(&mut out, "405 Method Not Allowed", "text/plain", b"", method == "HEAD");
    }
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let decoded = nttmart_domain::order::percent_decode(path).unwrap_or_else(|_| path.to_string());
    let file = resolve(root, &decoded);
    let body = std::fs::read(&file)?;
    // Every static host names a file's time (GitHub Pages, Netlify, S3,
    // `python3 -m http.server`): the storefront compares catalog.json's
    // with the one its index was made from.
    let modified = std::fs::metadata(&file)?.modified()?;
    let seconds = modified.duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let modified = format!("Last-Modified: {}\r\n", nttmart_domain::date::http_date(seconds));
    respond_with(&mut out, "200 OK", content_type(&file), &modified, &body, method == "HEAD")
}

/// The file a path is answered with: itself, its folder's index.html when
/// it ends in `/`, or the app shell.
fn resolve(root: &Path, path: &str) -> PathBuf {
    let relative = path.trim_start_matches('/');
    let safe = !relative.split('/').any(|part| part == "..");
    if safe {
        let candidate = root.join(relative);
        if path.ends_with('/') {
            let index = candidate.join("index.html");
            if index.is_file() {
                return index;
            }
        } else if candidate.is_file() {
            return candidate;
        }
    }
    root.join("index.html")
}

fn respond(out: &mut TcpStream, status: &str, content_type: &str, body: &[u8], head: bool) -> std::io::Result<()> {
    respond_with(out, status, content_type, "", body, head)
}

/// `respond` with more header lines (`extra`, each ending in CRLF).
fn respond_with(
    out: &mut TcpStream,
    status: &str,
    content_type: &str,
    extra: &str,
    body: &[u8],
    head: bool,
) -> std::io::Result<()> {
    write!(
        out,
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n{extra}Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    if !head {
        out.write_all(body)?;
    }
    out.flush()
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()).unwrap_or_default() {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript",
        "css" => "text/css",
        "wasm" => "application/wasm",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}
