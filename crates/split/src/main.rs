//! `nttmart-split`: lazy-loaded pages for a Trunk build.
//!
//! Leptos marks split points with `#[wasm_split]` (src/lazy_pages.rs); the
//! wasm must be cut there after linking and before wasm-bindgen, a step
//! Trunk does not have (trunk-rs/trunk#1022). So it happens in two places:
//!
//! - `nttmart-split link WASM`, run by the linker wrapper `scripts/wasm-ld`
//!   right after rust-lld: cuts WASM (linked with `--emit-relocs`) into the
//!   main module, which replaces WASM for Trunk's wasm-bindgen and wasm-opt,
//!   and the chunks plus their JS loader, kept in `<profile>/wasm-split/`.
//! - `nttmart-split install SPLIT_DIR DIST [--optimize]`, run by Trunk's
//!   post_build hook: optimises the chunks like Trunk optimises the main
//!   module, gives them content-hashed names (so nginx caches them for good
//!   and the service worker precaches them), and points the loader at the
//!   hashed JS glue Trunk wrote.

mod exports;
mod install;
mod pack;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The module path the loader imports `initSync` from until `install`
/// knows the glue's hashed name.
pub const MAIN_JS_MARK: &str = "./__nttmart_main__.js";
/// wasm-bindgen drops the `__indirect_function_table` export of the main
/// module (it keeps it only with `--keep-lld-exports`, which Trunk cannot
/// pass); the chunks need the table, so it is exported a second time under
/// this name.
pub const TABLE_ALIAS: &str = "__wasm_split_table";
/// The loader's file name as the main module imports it.
pub const LOADER: &str = "__wasm_split.js";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["link", wasm] => link(Path::new(wasm)),
        ["install", from, dist] => install::install(Path::new(from), Path::new(dist), false),
        ["install", from, dist, "--optimize"] => install::install(Path::new(from), Path::new(dist), true),
        _ => Err("usage: nttmart-split link WASM | nttmart-split install SPLIT_DIR DIST [--optimize]".into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("nttmart-split: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Where `link` leaves the chunks of a wasm linked at
/// `<target>/<triple>/<profile>/deps/<name>.wasm`: `<profile>/wasm-split/`.
pub fn split_dir(wasm: &Path) -> PathBuf {
    let deps = wasm.parent().unwrap_or(Path::new("."));
    deps.parent().unwrap_or(deps).join("wasm-split")
}

fn link(wasm: &Path) -> Result<(), String> {
    let input = std::fs::read(wasm).map_err(|e| format!("{}: {e}", wasm.display()))?;
    let dir = split_dir(wasm);
    if dir.exists() {
        std::fs::remove_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let main_out = dir.join("main.wasm");
    let link_name = format!("./{LOADER}");
    let mut options = wasm_split_cli_support::Options::new(&input);
    options.output_dir = &dir;
    options.main_out_path = &main_out;
    options.main_module = MAIN_JS_MARK;
    options.link_name = &link_name;
    wasm_split_cli_support::transform(options).map_err(|e| format!("splitting {}: {e}", wasm.display()))?;

    let main = std::fs::read(&main_out).map_err(|e| format!("{}: {e}", main_out.display()))?;
    let main = exports::alias(&main, "__indirect_function_table", TABLE_ALIAS)?;
    std::fs::write(wasm, main).map_err(|e| format!("{}: {e}", wasm.display()))?;
    std::fs::remove_file(&main_out).map_err(|e| format!("{}: {e}", main_out.display()))?;

    let loader_path = dir.join(LOADER);
    let loader = std::fs::read_to_string(&loader_path).map_err(|e| format!("{}: {e}", loader_path.display()))?;
    let loader = install::use_table_alias(&loader)?;
    std::fs::write(&loader_path, loader).map_err(|e| format!("{}: {e}", loader_path.display()))?;
    Ok(())
}
