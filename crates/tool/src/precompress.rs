//! Brotli copies of the hashed bundle (`*.wasm.br` beside `*.wasm`), made
//! once at build time at the highest quality, which is too slow to do per
//! request: nginx's `brotli_static` serves them (deploy/nginx), about 13 %
//! smaller than its on-the-fly level 5 for the wasm, with no CPU per request.
//!
//! Only content-hashed files: a `.br` copy of a file staff replace by hand
//! (catalog.json) would go on being served after the file changed.

use crate::pwa::is_hashed_asset;
use std::path::Path;

/// One compressed file: its name, plain and compressed size in bytes.
pub struct Compressed {
    pub name: String,
    pub plain: usize,
    pub brotli: usize,
}

/// Writes `<name>.br` for every hashed asset at the top of `out`.
/// The loader: not hashed, but written by every build and never by staff,
/// and on every first load, so it gets its quality-11 copy too (nginx serves
/// it with `brotli_static`; a build rewrites both).
pub const BOOT_JS: &str = "boot.js";

pub fn brotli_assets(out: &Path) -> Result<Vec<Compressed>, String> {
    let mut done = Vec::new();
    let entries = std::fs::read_dir(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let mut names: Vec<String> = entries
        .flatten()
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| is_hashed_asset(n) || n == BOOT_JS)
        .collect();
    names.sort();
    for name in names {
        let path = out.join(&name);
        let target = out.join(format!("{name}.br"));
        // A hashed name is a function of the content, so its `.br` from an
        // earlier run (a publish on top of the last release) still fits:
        // quality 11 costs seconds for the wasm.
        if is_hashed_asset(&name) {
            if let (Ok(plain), Ok(packed)) = (std::fs::metadata(&path), std::fs::metadata(&target)) {
                done.push(Compressed { name, plain: plain.len() as usize, brotli: packed.len() as usize });
                continue;
            }
        }
        let plain = std::fs::read(&path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
        let packed = brotli_max(&plain)?;
        crate::util::replace_file(&target, &packed).map_err(|e| format!("{}: cannot write: {e}", target.display()))?;
        done.push(Compressed { name, plain: plain.len(), brotli: packed.len() });
    }
    Ok(done)
}

/// Brotli at quality 11 with a 16 MiB window, as `brotli -q 11` does.
pub fn brotli_max(plain: &[u8]) -> Result<Vec<u8>, String> {
    let mut packed = Vec::with_capacity(plain.len() / 3);
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 24, ..Default::default() };
    brotli::BrotliCompress(&mut &plain[..], &mut packed, &params).map_err(|e| format!("brotli: {e}"))?;
    Ok(packed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compresses_hashed_assets_only_and_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let wasm: Vec<u8> = (0..50_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(dir.path().join("app-0123456789abcdef_bg.wasm"), &wasm).unwrap();
        std::fs::write(dir.path().join("catalog.json"), "{}").unwrap();
        std::fs::write(dir.path().join("boot.js"), "const tag = document.querySelector('script');").unwrap();
        let done = brotli_assets(dir.path()).unwrap();
        assert_eq!(done.len(), 2);
        assert!(dir.path().join("boot.js.br").exists(), "the loader is on every first load");
        assert!(!dir.path().join("catalog.json.br").exists(), "staff-edited files are never precompressed");
        let packed = std::fs::read(dir.path().join("app-0123456789abcdef_bg.wasm.br")).unwrap();
        assert!(packed.len() < wasm.len() / 10);
        let mut unpacked = Vec::new();
        brotli::BrotliDecompress(&mut &packed[..], &mut unpacked).unwrap();
        assert_eq!(unpacked, wasm);
    }
}
