//! Puts the chunks and their loader into the built site under
//! content-hashed names, and links the loader and Trunk's JS glue to each
//! other.

use crate::{LOADER, MAIN_JS_MARK, TABLE_ALIAS};
use std::path::Path;
use std::process::Command;

/// The loader reads the table from the main module's exports under its lld
/// name; it is there under [`TABLE_ALIAS`] instead (see `exports`).
pub fn use_table_alias(loader: &str) -> Result<String, String> {
    let from = "const { __indirect_function_table,";
    if !loader.contains(from) {
        return Err(format!("{LOADER}: the splitter's loader changed; it no longer reads the table as `{from}`"));
    }
    Ok(loader.replacen(from, &format!("const {{ {TABLE_ALIAS}: __indirect_function_table,"), 1))
}

pub fn install(from: &Path, dist: &Path, optimize: bool) -> Result<(), String> {
    let loader_path = from.join(LOADER);
    let mut loader = std::fs::read_to_string(&loader_path).map_err(|e| {
        format!("{}: {e}; the linker wrapper (scripts/wasm-ld) did not split this build", loader_path.display())
    })?;
    let glue = find_glue(dist)?;
    let index_path = dist.join("index.html");
    let index = std::fs::read_to_string(&index_path).map_err(|e| format!("{}: {e}", index_path.display()))?;
    // Quoted: the loader's and the packs' names go in after it.
    let glue_attr = format!("\"/{}\"", glue.0);
    if !index.contains(&glue_attr) {
        return Err(format!("index.html does not load {}", glue.0));
    }

    let mut chunks: Vec<_> = std::fs::read_dir(from)
        .map_err(|e| format!("{}: {e}", from.display()))?
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "wasm"))
        .collect();
    chunks.sort();
    let mut total = 0;
    let mut installed = std::collections::HashMap::new();
    for chunk in &chunks {
        let stem = chunk.file_stem().and_then(|s| s.to_str()).ok_or("chunk without a name")?;
        let bytes = if optimize { wasm_opt(chunk)? } else { read(chunk)? };
        let name = format!("{stem}-{}.wasm", digest(&bytes));
        let mention = format!("\"./{stem}.wasm\"");
        if !loader.contains(&mention) {
            return Err(format!("{LOADER} does not load {stem}.wasm"));
        }
        loader = loader.replace(&mention, &format!("\"./{name}\""));
        write(&dist.join(&name), &bytes)?;
        total += bytes.len();
        installed.insert(name, bytes);
    }
    let (with_packs, packs) = crate::pack::packs(&loader, &installed, digest)?;
    loader = with_packs;
    for pack in &packs {
        write(&dist.join(&pack.name), &pack.bytes)?;
    }
    if !loader.contains(MAIN_JS_MARK) {
        return Err(format!("{LOADER} does not import the main module as {MAIN_JS_MARK}"));
    }
    // The glue and the loader name each other, and nginx caches both for
    // good, so each name must change whenever either file does: the
    // loader's is taken over its chunks and the glue Trunk wrote, the
    // glue's over its text once it names the loader.
    let loader_name =
        format!("{}-{}.js", LOADER.trim_end_matches(".js"), digest(format!("{loader}{}", glue.1).as_bytes()));
    // The loader is fetched when a page first needs a chunk, not on every
    // first load: the home page never does (issue 16's and issue 20's
    // budgets, 1.5 KB). The imports object keeps the module name the wasm
    // asks for (`"./__wasm_split.js": import1`).
    let glue_text = strip_js(&lazy_loader(&glue.1, &loader, &loader_name)?);
    let glue_stem = glue.0.trim_end_matches(".js").rsplit_once('-').map_or(glue.0.as_str(), |(stem, _)| stem);
    let glue_name = format!("{glue_stem}-{}.js", digest(glue_text.as_bytes()));
    let loader = loader.replace(MAIN_JS_MARK, &format!("./{glue_name}"));
    write(&dist.join(&loader_name), strip_js(&loader).as_bytes())?;
    std::fs::remove_file(dist.join(&glue.0)).map_err(|e| format!("{}: {e}", glue.0))?;
    write(&dist.join(&glue_name), glue_text.as_bytes())?;
    // boot.js starts a first visit's page code beside the main wasm (the
    // loader, and the pack of the page the visit starts on), so it needs
    // their names: attributes beside the glue's. The packs' names without
    // a leading `/`: the service worker precaches what index.html names as
    // `/<file>` (crates/tool/src/pwa.rs), and a pack is for a first visit.
    let pack_names: Vec<&str> = packs.iter().map(|p| p.name.as_str()).collect();
    let attrs = format!(
        "\"/{glue_name}\" data-nttmart-split=\"/{loader_name}\" data-nttmart-packs=\"{}\"",
        pack_names.join(" ")
    );
    write(&index_path, index.replacen(&glue_attr, &attrs, 1).as_bytes())?;
    println!(
        "nttmart-split: {} chunks ({total} bytes), {} packs ({} bytes) and {loader_name} installed in {}",
        chunks.len(),
        packs.len(),
        packs.iter().map(|p| p.bytes.len()).sum::<usize>(),
        dist.display()
    );
    Ok(())
}

/// The glue and the loader without their comments, indentation and blank
/// lines: both are on every first load (issue 9's budget, issue 20's slow
/// link), and wasm-bindgen's JSDoc and indentation are a tenth of the glue
/// once compressed. Only whole comment lines and leading white space go, so
/// no statement changes; a text with a template literal over several lines,
/// whose indentation would be part of a string, is left as it is.
pub fn strip_js(text: &str) -> String {
    if text.lines().any(|line| line.matches('`').count() % 2 == 1) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut in_comment = false;
    for line in text.lines() {
        let line = line.trim_start();
        if in_comment {
            in_comment = !line.contains("*/");
            if in_comment || !line.ends_with("*/") {
                // A comment that ends mid-line: keep the line as it was.
                if !in_comment {
                    out.push_str(line);
                    out.push('\n');
                }
            }
            continue;
        }
        if line.is_empty() || line.starts_with("//") {
            continue;
        }
        if line.starts_with("/*") {
            if line.contains("*/") {
                if line.ends_with("*/") {
                    continue;
                }
            } else {
                in_comment = true;
                continue;
            }
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The JS glue Trunk wrote: the one script at the top of `dist` that imports
/// the loader. Returns its name and text.
fn find_glue(dist: &Path) -> Result<(String, String), String> {
    let mention = format!("from \"./{LOADER}\"");
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dist).map_err(|e| format!("{}: {e}", dist.display()))?.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.ends_with(".js") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
        if text.contains(&mention) {
            found.push((name, text));
        }
    }
    match found.len() {
        1 => Ok(found.remove(0)),
        0 => Err(format!("no script in {} imports {LOADER}: was the wasm split?", dist.display())),
        _ => Err(format!("more than one script in {} imports {LOADER}", dist.display())),
    }
}

/// The same optimisation Trunk gives the main module (index.html's
/// `data-wasm-opt` and `data-wasm-opt-params`).
fn wasm_opt(chunk: &Path) -> Result<Vec<u8>, String> {
    let out = chunk.with_extension("opt.wasm");
    let status = Command::new("wasm-opt")
        .arg("-Oz")
        // The producers and target-features sections are for toolchains,
        // not browsers: ~380 B of every first load.
        .args([
            "--enable-bulk-memory",
            "--enable-nontrapping-float-to-int",
            "--strip-producers",
            "--strip-target-features",
        ])
        .arg(chunk)
        .arg("-o")
        .arg(&out)
        .status()
        .map_err(|e| format!("wasm-opt: {e} (binaryen's wasm-opt must be on PATH, as for Trunk)"))?;
    if !status.success() {
        return Err(format!("wasm-opt failed on {}", chunk.display()));
    }
    let bytes = read(&out)?;
    let _ = std::fs::remove_file(&out);
    Ok(bytes)
}

/// The content hash as 16 hex digits: names change whenever content does,
/// and match the pattern nginx caches for good (`-[0-9a-f]{8,16}`).
fn digest(bytes: &[u8]) -> String {
    format!("{:016x}", nttmart_domain::digest::fnv1a64(bytes))
}

fn read(path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))
}

/// The glue with the loader imported on demand: each static `import * as
/// importN from "./__wasm_split.js"` becomes an object of the same
/// functions, each of which imports the loader the first time it is
/// called and passes its call on. The wasm calls them with a callback
/// (an index into its table, and its data) that the loader calls when the
/// chunk is in, `false` when it could not load; so a loader that cannot be
/// fetched answers the same `false` (the page offers a retry, and a retry
/// imports again).
pub fn lazy_loader(glue: &str, loader: &str, loader_name: &str) -> Result<String, String> {
    let statement = format!("from \"./{LOADER}\"");
    let names: Vec<&str> =
        loader.lines().filter_map(|l| l.trim_start().strip_prefix("export const ")?.split([' ', '=']).next()).collect();
    if names.is_empty() {
        return Err(format!("{LOADER}: the splitter's loader changed; it exports no `export const` loaders"));
    }
    let mut out = String::with_capacity(glue.len() + 512);
    let mut replaced = 0;
    for line in glue.lines() {
        let binding = line
            .trim_start()
            .strip_prefix("import * as ")
            .and_then(|rest| rest.strip_suffix(&statement).or_else(|| rest.strip_suffix(&format!("{statement};"))))
            .map(str::trim);
        match binding {
            Some(binding) => {
                if replaced == 0 {
                    out.push_str(&format!(
                        "let __wasm_split_module;\nconst __wasm_split_lazy = (name) => (index, data) => {{ (__wasm_split_module ||= import(\"./{loader_name}\")).then((m) => m[name](index, data), () => {{ __wasm_split_module = undefined; wasm.{TABLE_ALIAS}.get(index)(data, false); }}); }};\n"
                    ));
                }
                let functions: Vec<String> = names.iter().map(|n| format!("{n}: __wasm_split_lazy(\"{n}\")")).collect();
                out.push_str(&format!("const {binding} = {{ {} }};\n", functions.join(", ")));
                replaced += 1;
            }
            None => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    if replaced == 0 {
        return Err(format!("the JS glue does not import {LOADER}"));
    }
    Ok(out)
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    std::fs::write(path, bytes).map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOADER_TEXT: &str = r#"import { initSync } from "./__nttmart_main__.js";
const { __indirect_function_table, __wasm_split_shared0, memory,  } = initSync(undefined, undefined);
const __chunk_5 = makeLoad(() => {
const src = fetch(new URL("./chunk_5.wasm", import.meta.url));
}, []);
export const __wasm_split_load_cart = wrapAsyncCb(makeLoad(() => {
const src = fetch(new URL("./split_cart.wasm", import.meta.url));
}, [__chunk_5]));
"#;

    #[test]
    fn installs_hashed_chunks_and_links_loader_and_glue() {
        let from = tempfile::tempdir().unwrap();
        let dist = tempfile::tempdir().unwrap();
        std::fs::write(from.path().join(LOADER), use_table_alias(LOADER_TEXT).unwrap()).unwrap();
        std::fs::write(from.path().join("chunk_5.wasm"), b"\0asm five").unwrap();
        std::fs::write(from.path().join("split_cart.wasm"), b"\0asm cart").unwrap();
        let glue = "import * as import1 from \"./__wasm_split.js\"\nimport * as import2 from \"./__wasm_split.js\"\nconst imports = { \"./__wasm_split.js\": import1 };\n";
        std::fs::write(dist.path().join("nttmart-web-0123456789abcdef.js"), glue).unwrap();
        std::fs::write(dist.path().join("boot.js"), "unrelated").unwrap();
        let index = "<script src=\"/boot.js\" data-js=\"/nttmart-web-0123456789abcdef.js\">";
        std::fs::write(dist.path().join("index.html"), index).unwrap();

        install(from.path(), dist.path(), false).unwrap();

        let mut names: Vec<String> =
            std::fs::read_dir(dist.path()).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
        names.sort();
        let five = format!("chunk_5-{}.wasm", digest(b"\0asm five"));
        let cart = format!("split_cart-{}.wasm", digest(b"\0asm cart"));
        let loader_name = names.iter().find(|n| n.starts_with("__wasm_split-")).expect("hashed loader").clone();
        let glue_name = names.iter().find(|n| n.starts_with("nttmart-web-")).expect("renamed glue").clone();
        assert_eq!(names.len(), 7, "the old glue is gone: {names:?}");
        assert!(names.contains(&five) && names.contains(&cart), "{names:?}");
        assert_eq!(std::fs::read(dist.path().join(&five)).unwrap(), b"\0asm five");
        // The cart's pack: its own module, then its chunk.
        let pack = format!("pack_cart-{}.wasm", digest(b"\0asm cart\0asm five"));
        assert_eq!(std::fs::read(dist.path().join(&pack)).unwrap(), b"\0asm cart\0asm five", "{names:?}");

        let loader = std::fs::read_to_string(dist.path().join(&loader_name)).unwrap();
        assert!(loader.contains(&format!("from \"./{glue_name}\"")), "{loader}");
        assert!(loader.contains(&format!("new URL(\"./{five}\"")) && loader.contains(&format!("new URL(\"./{cart}\"")));
        assert!(loader.contains("const { __wasm_split_table: __indirect_function_table,"), "{loader}");

        let glue = std::fs::read_to_string(dist.path().join(&glue_name)).unwrap();
        assert_eq!(glue_name, format!("nttmart-web-{}.js", digest(glue.as_bytes())));
        let index = std::fs::read_to_string(dist.path().join("index.html")).unwrap();
        assert!(
            index.contains(&format!(
                "data-js=\"/{glue_name}\" data-nttmart-split=\"/{loader_name}\" data-nttmart-packs=\"{pack}\">"
            )),
            "boot.js learns the loader's and the packs' names: {index}"
        );
        assert!(!glue.contains(&format!("from \"./{loader_name}\"")), "no static import of the loader: {glue}");
        assert_eq!(glue.matches(&format!("import(\"./{loader_name}\")")).count(), 1, "{glue}");
        assert!(
            glue.contains("const import1 = { __wasm_split_load_cart: __wasm_split_lazy(\"__wasm_split_load_cart\") };"),
            "{glue}"
        );
        assert!(glue.contains("const import2 = {"), "{glue}");
        assert!(glue.contains("{ \"./__wasm_split.js\": import1 }"), "the wasm's import name stays: {glue}");
    }

    #[test]
    fn strips_comment_lines_and_indentation_only() {
        let glue = "/**\n * @param {number} a\n */\nexport function f(a) {\n    // why\n    return `x ${a}`; // kept\n}\n\n/* one line */\nconst s = \"/* not a comment */\";\n";
        assert_eq!(
            strip_js(glue),
            "export function f(a) {\nreturn `x ${a}`; // kept\n}\nconst s = \"/* not a comment */\";\n"
        );
        let multi = "const t = `a\n    b`;\n";
        assert_eq!(strip_js(multi), multi, "indentation inside a template literal is text");
    }

    #[test]
    fn says_what_is_missing() {
        let from = tempfile::tempdir().unwrap();
        let dist = tempfile::tempdir().unwrap();
        assert!(install(from.path(), dist.path(), false).unwrap_err().contains("did not split this build"));
        std::fs::write(from.path().join(LOADER), LOADER_TEXT).unwrap();
        assert!(install(from.path(), dist.path(), false).unwrap_err().contains("no script"));
        std::fs::write(dist.path().join("glue-0123456789abcdef.js"), "import * as i from \"./__wasm_split.js\"")
            .unwrap();
        std::fs::write(dist.path().join("index.html"), "<script src=\"/other.js\">").unwrap();
        assert!(install(from.path(), dist.path(), false).unwrap_err().contains("index.html does not load"));
        std::fs::write(dist.path().join("index.html"), "<script src=\"/glue-0123456789abcdef.js\">").unwrap();
        std::fs::write(from.path().join("orphan.wasm"), b"x").unwrap();
        assert!(install(from.path(), dist.path(), false).unwrap_err().contains("does not load orphan.wasm"));
        assert!(use_table_alias("something else").is_err());
    }
}
