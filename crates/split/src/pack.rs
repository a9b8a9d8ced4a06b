//! One download per page on a first visit: each split page's wasm files
//! (its own module and every shared chunk it needs) also go into one
//! "pack", and the loader fetches the pack instead of the files one by one
//! when the service worker does not have them yet.
//!
//! Why: a product page needs fifteen wasm files. Fifteen responses carry
//! fifteen sets of headers (about 390 B each over HTTP/1.1) and compress
//! each on its own; one response compresses about 14 % better. Together
//! that is about 14 KB of issue 16's 300 KB budget for a product page with
//! its photo, and fourteen requests fewer on issue 20's slow link.
//!
//! The single files stay: the service worker precaches those (never the
//! packs, which would hold the shared chunks several times over), a page it
//! controls reads them from its cache, a pack that cannot be fetched falls
//! back to them, and a page whose files have partly been loaded already
//! (the cart after the product page) fetches only what it is missing. A
//! pack is a plain concatenation; the loader knows each member's length.

use std::collections::HashMap;

/// Where a split page's loader starts in the splitter's loader, and what
/// its fetcher calls. `install` checks both are there, so a new version of
/// wasm_split_cli_support that writes its loader differently fails the build
/// with a message instead of shipping a loader that ignores the packs.
const EXPORT: &str = "export const ";
const LOAD: &str = " = wrapAsyncCb(makeLoad(";
const FETCH: &str = "fetch(new URL(";
const CHUNK_VAR: &str = "const __chunk_";

/// The loader's side of the packs. `part` stands in for each fetcher's
/// `fetch`: it hands over the member of a pack in flight, or fetches the
/// file. `packed` wraps a split page's load: on a page no service worker
/// controls, and when none of the page's files has been asked for yet, it
/// fetches the pack and cuts it into one response per member. A pack
/// boot.js has already asked for (`nttmartPack`: the page the visit
/// started on, fetched beside the main wasm instead of a round trip after
/// it) is taken over instead, whoever controls the page by now. The
/// members are handed out one task apart: a pack that is already in would
/// otherwise have all fifteen compiled in one task, a long one on a slow
/// phone (issue 20).
const RUNTIME: &str = r#"const __parts = new Map(), __started = new Set();
function part(url) {
__started.add(url.href);
const member = __parts.get(url.href);
__parts.delete(url.href);
return member || fetch(url);
}
function early(url) {
const head = globalThis.nttmartPack;
if (!head || head.url !== url.href) return null;
globalThis.nttmartPack = undefined;
return head.response;
}
function packed(pack, members, load) {
return () => {
const urls = members.map(([name]) => new URL(name, import.meta.url));
const url = new URL(pack, import.meta.url);
const head = early(url);
if (head || (!(navigator.serviceWorker && navigator.serviceWorker.controller) && !urls.some((u) => __started.has(u.href)))) {
const bytes = (head || fetch(url)).then((r) => {
if (!r.ok) throw new Error(`${pack}: ${r.status}`);
return r.arrayBuffer();
});
let at = 0, turn = bytes;
members.forEach(([, length], i) => {
const from = at;
at += length;
turn = turn.then((all) => new Promise((resolve) => setTimeout(() => resolve(all), 0)));
const response = turn.then((all) => new Response(all.slice(from, from + length), { headers: { "Content-Type": "application/wasm" } }), () => fetch(urls[i]));
response.catch(() => {});
__parts.set(urls[i].href, response);
});
}
return load();
};
}
"#;

/// A pack to write beside the single files.
#[derive(Debug, PartialEq)]
pub struct Pack {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// The loader with packs, and the packs. `files` are the installed wasm
/// files by their (hashed) name, as the loader names them (`./<name>`).
pub fn packs(
    loader: &str,
    files: &HashMap<String, Vec<u8>>,
    digest: impl Fn(&[u8]) -> String,
) -> Result<(String, Vec<Pack>), String> {
    let chunks = chunk_files(loader)?;
    let mut out = String::with_capacity(loader.len() + RUNTIME.len() + 2048);
    let mut packs = Vec::new();
    let mut rest = loader;
    while let Some(at) = rest.find(EXPORT) {
        let (before, from_export) = rest.split_at(at);
        out.push_str(before);
        // One export statement: up to the next export, or the end.
        let end = from_export[EXPORT.len()..].find(EXPORT).map_or(from_export.len(), |i| i + EXPORT.len());
        let (statement, after) = from_export.split_at(end);
        let (rewritten, pack) = pack_split(statement, &chunks, files, &digest)?;
        out.push_str(&rewritten);
        packs.extend(pack);
        rest = after;
    }
    out.push_str(rest);
    if packs.is_empty() {
        return Err(format!("the splitter's loader changed: no `{EXPORT}<name>{LOAD}…` split loaders found"));
    }
    let fetches = out.matches(&format!("const src = {FETCH}")).count();
    if fetches == 0 {
        return Err(format!("the splitter's loader changed: its fetchers no longer call `{FETCH}`"));
    }
    let out = out.replace(&format!("const src = {FETCH}"), "const src = part(new URL(");
    // The runtime goes after the loader's one import (imports come first).
    let (import, body) = out.split_once('\n').ok_or("the splitter's loader is one line")?;
    Ok((format!("{import}\n{RUNTIME}{body}"), packs))
}

/// `__chunk_9` → `chunk_9-<hash>.wasm`: the shared chunks the split pages
/// name in their dependency lists.
fn chunk_files(loader: &str) -> Result<HashMap<String, String>, String> {
    let mut chunks = HashMap::new();
    for (at, _) in loader.match_indices(CHUNK_VAR) {
        let from = &loader[at + "const ".len()..];
        let var = from.split([' ', '=']).next().unwrap_or_default();
        let file = fetched_file(from).ok_or_else(|| format!("the splitter's loader changed: {var} fetches no file"))?;
        chunks.insert(var.to_string(), file.to_string());
    }
    Ok(chunks)
}

/// The file the first fetcher in `text` fetches: `new URL("./<file>"`.
fn fetched_file(text: &str) -> Option<&str> {
    let from = &text[text.find(FETCH)? + FETCH.len()..];
    from.strip_prefix("\"./")?.split('"').next()
}

/// One split page's loader, wrapped in `packed(…)`, and its pack. A split
/// page with no module of its own and no chunks (an empty split) has none.
fn pack_split(
    statement: &str,
    chunks: &HashMap<String, String>,
    files: &HashMap<String, Vec<u8>>,
    digest: &impl Fn(&[u8]) -> String,
) -> Result<(String, Option<Pack>), String> {
    let load_at = statement.find(LOAD).ok_or_else(|| {
        format!("the splitter's loader changed: `{}` is not `{EXPORT}<name>{LOAD}…`", first_line(statement))
    })?;
    let name = &statement[EXPORT.len()..load_at];
    let page = name.strip_prefix("__wasm_split_load_").unwrap_or(name);
    // The dependency list closes the statement: `, [__chunk_9, …]));`.
    let close = "]));";
    let list_end = statement
        .rfind(close)
        .ok_or_else(|| format!("the splitter's loader changed: {name} has no dependency list"))?;
    let list_start = statement[..list_end].rfind('[').ok_or_else(|| format!("{name}: no dependency list"))?;
    let mut members = Vec::new();
    // The page's own module first: it is the largest and the one the
    // chunks' code is shared with, so its bytes serve them as a dictionary.
    // Its fetcher comes before the list; an empty split page has none.
    if let Some(own) = fetched_file(&statement[..list_start]) {
        members.push(own.to_string());
    }
    for var in statement[list_start + 1..list_end].split(',').map(str::trim).filter(|v| !v.is_empty()) {
        let file = chunks.get(var).ok_or_else(|| format!("{name} needs {var}, which the loader does not define"))?;
        members.push(file.clone());
    }
    if members.len() < 2 {
        // Nothing to put together: one file is its own best pack.
        return Ok((statement.to_string(), None));
    }
    let mut bytes = Vec::new();
    let mut lengths = Vec::new();
    for member in &members {
        let data = files.get(member).ok_or_else(|| format!("{name} loads {member}, which was not installed"))?;
        bytes.extend_from_slice(data);
        lengths.push(format!("[\"./{member}\", {}]", data.len()));
    }
    let pack_name = format!("pack_{page}-{}.wasm", digest(&bytes));
    // The pack's name goes in without `./`: the service worker precaches
    // what the loader names as `"./<file>"` (crates/tool/src/pwa.rs), and a
    // pack is only for a first visit.
    let mut rewritten = String::with_capacity(statement.len() + 256);
    rewritten.push_str(&statement[..load_at]);
    rewritten.push_str(&format!(" = wrapAsyncCb(packed(\"{pack_name}\", [{}], makeLoad(", lengths.join(", ")));
    rewritten.push_str(&statement[load_at + LOAD.len()..list_end]);
    rewritten.push_str("])));");
    rewritten.push_str(&statement[list_end + close.len()..]);
    Ok((rewritten, Some(Pack { name: pack_name, bytes })))
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shape of wasm_split_cli_support 0.2's loader once `install` has
    /// hashed the names (see `dist/__wasm_split-*.js`).
    const LOADER: &str = r#"import { initSync } from "./nttmart-web-0123456789abcdef.js";
function makeLoad(fetcher, deps) { }
const __chunk_6 = makeLoad(() => {
const src = fetch(new URL("./chunk_6-aa.wasm", import.meta.url));
src.catch(() => {});
return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}
, []);
const __chunk_7 = makeLoad(() => {
const src = fetch(new URL("./chunk_7-bb.wasm", import.meta.url));
src.catch(() => {});
return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}
, []);
export const __wasm_split_load_product = wrapAsyncCb(makeLoad(() => {
const src = fetch(new URL("./split_product-cc.wasm", import.meta.url));
src.catch(() => {});
return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}
, [__chunk_6, __chunk_7]));
export const __wasm_split_load_info = wrapAsyncCb(makeLoad(() => async (_imp) => ({}), [__chunk_7]));
export const __wasm_split_load_cart = wrapAsyncCb(makeLoad(() => {
const src = fetch(new URL("./split_cart-dd.wasm", import.meta.url));
src.catch(() => {});
return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}
, []));
"#;

    fn files() -> HashMap<String, Vec<u8>> {
        [
            ("chunk_6-aa.wasm", "six"),
            ("chunk_7-bb.wasm", "seven"),
            ("split_product-cc.wasm", "product"),
            ("split_cart-dd.wasm", "cart"),
        ]
        .into_iter()
        .map(|(name, bytes)| (name.to_string(), bytes.as_bytes().to_vec()))
        .collect()
    }

    fn digest(bytes: &[u8]) -> String {
        format!("{}", bytes.len())
    }

    #[test]
    fn a_page_with_chunks_gets_one_pack_of_its_own_module_then_its_chunks() {
        let (loader, packs) = packs(LOADER, &files(), digest).unwrap();
        assert_eq!(packs, vec![Pack { name: "pack_product-15.wasm".into(), bytes: b"productsixseven".to_vec() }]);
        assert!(
            loader.contains(
                "export const __wasm_split_load_product = wrapAsyncCb(packed(\"pack_product-15.wasm\", [[\"./split_product-cc.wasm\", 7], [\"./chunk_6-aa.wasm\", 3], [\"./chunk_7-bb.wasm\", 5]], makeLoad(() => {\nconst src = part(new URL(\"./split_product-cc.wasm\", import.meta.url));"
            ),
            "{loader}"
        );
        assert!(loader.contains(", [__chunk_6, __chunk_7])));\nexport const __wasm_split_load_info"), "{loader}");
        // One file, or none of its own, needs no pack.
        assert!(loader.contains(
            "export const __wasm_split_load_info = wrapAsyncCb(makeLoad(() => async (_imp) => ({}), [__chunk_7]));"
        ));
        assert!(loader.contains("export const __wasm_split_load_cart = wrapAsyncCb(makeLoad(() => {\nconst src = part(new URL(\"./split_cart-dd.wasm\""));
        // Every fetcher goes through `part`, and the runtime follows the import.
        assert!(!loader.contains("fetch(new URL(\"./"), "{loader}");
        assert_eq!(loader.matches("const src = part(new URL(").count(), 4);
        assert!(loader.starts_with(&format!(
            "import {{ initSync }} from \"./nttmart-web-0123456789abcdef.js\";\n{RUNTIME}function makeLoad"
        )));
        // Brackets and parentheses still pair up.
        for (open, close) in [('(', ')'), ('[', ']'), ('{', '}')] {
            assert_eq!(loader.matches(open).count(), loader.matches(close).count(), "{open}{close} in {loader}");
        }
    }

    #[test]
    fn the_pack_is_not_named_for_the_precache() {
        let (loader, packs) = packs(LOADER, &files(), digest).unwrap();
        assert!(!loader.contains(&format!("\"./{}\"", packs[0].name)), "{loader}");
        assert!(loader.contains(&format!("\"{}\"", packs[0].name)));
    }

    #[test]
    fn a_loader_that_changed_shape_is_an_error_not_a_silent_no_op() {
        let err = |loader: &str| packs(loader, &files(), digest).unwrap_err();
        assert!(err("import x from \"./y.js\";\nconst a = 1;\n").contains("no `export const"));
        assert!(err(&LOADER.replace("wrapAsyncCb(makeLoad(", "wrap(makeLoad(")).contains("is not `export const"));
        assert!(err(&LOADER.replace("[__chunk_6, __chunk_7]", "[__chunk_6, __chunk_8]")).contains("needs __chunk_8"));
        let mut missing = files();
        missing.remove("chunk_7-bb.wasm");
        assert!(packs(LOADER, &missing, digest)
            .unwrap_err()
            .contains("loads chunk_7-bb.wasm, which was not installed"));
        assert!(err(&LOADER.replace("fetch(new URL(", "load(new URL(")).contains("fetches no file"));
    }
}
