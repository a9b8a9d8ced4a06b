//! The feed as phones download it (`nttmart_domain::detail`): the index
//! feed and one detail file per kabupaten/kota, written by `nttmart pages`
//! from the staff's `catalog.json`, each with a quality-11 `.br` beside it.
//!
//! Unlike catalog.json, these files are only ever written here, together with
//! their `.br` copies, so nginx's `brotli_static` never serves a stale copy
//! as long as the files are not edited by hand (docs/feed.md).

use crate::precompress::brotli_max;
use nttmart_domain::detail::{
    detail_path, details_of, index_of, keywords_of, outlet_rules_of, DETAIL_DIR, INDEX_PATH, KEYWORDS_PATH,
    OUTLET_RULES_PATH,
};
use nttmart_domain::Catalog;
use std::path::Path;

/// Sizes of what was written, in bytes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Written {
    pub index: usize,
    pub index_brotli: usize,
    pub outlet_rules: usize,
    pub outlet_rules_brotli: usize,
    pub keywords: usize,
    pub keywords_brotli: usize,
    pub details: usize,
    pub details_total: usize,
    pub details_brotli_total: usize,
    pub removed: usize,
}

pub fn write(catalog: &Catalog, out: &Path) -> Result<Written, String> {
    write_pointing(catalog, out, &[])
}

/// [`write`], with the index's pictures that are illustrations in the sprite
/// (`sprite`: their names, from `sprite::write`) pointing into it, so a page
/// of product cards loads one file for them (issue 20). The whole feed and
/// the detail files keep the pictures' own addresses.
pub fn write_pointing(catalog: &Catalog, out: &Path, sprite: &[String]) -> Result<Written, String> {
    let mut written = Written::default();
    let mut index = index_of(catalog);
    for image in index.products.iter_mut().flat_map(|p| p.images.iter_mut()) {
        if let Some(src) = crate::sprite::in_sprite(&image.src, sprite) {
            image.src = src;
        }
    }
    let index = serde_json::to_vec(&index).map_err(|e| format!("index feed: {e}"))?;
    written.index = index.len();
    written.index_brotli = write_with_brotli(&out.join(INDEX_PATH), &index)?;
    let rules = serde_json::to_vec(&outlet_rules_of(catalog)).map_err(|e| format!("outlet rules: {e}"))?;
    written.outlet_rules = rules.len();
    written.outlet_rules_brotli = write_with_brotli(&out.join(OUTLET_RULES_PATH), &rules)?;
    let keywords = serde_json::to_vec(&keywords_of(catalog)).map_err(|e| format!("keywords: {e}"))?;
    written.keywords = keywords.len();
    written.keywords_brotli = write_with_brotli(&out.join(KEYWORDS_PATH), &keywords)?;

    let files = details_of(catalog);
    let mut names = Vec::with_capacity(files.len());
    for file in &files {
        let bytes = serde_json::to_vec(file).map_err(|e| format!("detail file: {e}"))?;
        let path = out.join(detail_path(&file.kabupaten));
        written.details += 1;
        written.details_total += bytes.len();
        written.details_brotli_total += write_with_brotli(&path, &bytes)?;
        names.push(format!("{}.json", file.kabupaten));
    }
    written.removed = prune(&out.join(DETAIL_DIR), &names);
    Ok(written)
}

/// Writes `bytes` and `<path>.br`, each through a temporary file renamed
/// into place, so a server being updated never sends half a file. The `.br`
/// goes first: until the plain file follows, a browser may get the new
/// version compressed and the old one plain, never an old `.br`.
fn write_with_brotli(path: &Path, bytes: &[u8]) -> Result<usize, String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: cannot create: {e}", dir.display()))?;
    }
    let packed = brotli_max(bytes)?;
    let br = path.with_file_name(format!("{}.br", file_name(path)));
    replace(&br, &packed)?;
    replace(path, bytes)?;
    Ok(packed.len())
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

fn replace(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let temp = path.with_file_name(format!(".{}.tmp", file_name(path)));
    std::fs::write(&temp, bytes).map_err(|e| format!("{}: cannot write: {e}", temp.display()))?;
    std::fs::rename(&temp, path).map_err(|e| format!("{}: cannot write: {e}", path.display()))
}

/// Removes the detail files (and their `.br`) of kabupaten that are no
/// longer in the feed, so the folder holds exactly the current release.
fn prune(dir: &Path, keep: &[String]) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let plain = name.strip_suffix(".br").unwrap_or(&name);
        if plain.ends_with(".json") && !keep.iter().any(|k| k == plain) && std::fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;
    use nttmart_domain::detail::parse_details;
    use nttmart_domain::feed;

    fn sample() -> Catalog {
        let bytes = include_bytes!("../../../public/catalog.json");
        feed::parse(bytes).unwrap().catalog.unwrap()
    }

    fn unbrotli(bytes: &[u8]) -> Vec<u8> {
        let mut plain = Vec::new();
        brotli::BrotliDecompress(&mut &bytes[..], &mut plain).unwrap();
        plain
    }

    #[test]
    fn writes_an_index_the_app_reads_and_a_detail_file_per_kabupaten() {
        let dir = tempfile::tempdir().unwrap();
        let catalog = sample();
        let written = write(&catalog, dir.path()).unwrap();
        let index = std::fs::read(dir.path().join(INDEX_PATH)).unwrap();
        assert_eq!(written.index, index.len());
        assert_eq!(unbrotli(&std::fs::read(dir.path().join("katalog/index.json.br")).unwrap()), index);
        let parsed = feed::parse_index(&index).unwrap();
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        assert_eq!(parsed.catalog.unwrap(), index_of(&catalog));

        let kabupaten: std::collections::BTreeSet<_> = catalog.villages.iter().map(|v| v.kabupaten.clone()).collect();
        assert_eq!(written.details, kabupaten.len());
        for k in &kabupaten {
            let path = dir.path().join(detail_path(k));
            let bytes = std::fs::read(&path).unwrap();
            assert_eq!(unbrotli(&std::fs::read(path.with_extension("json.br")).unwrap()), bytes);
            let details = parse_details(&bytes, k).unwrap();
            for p in catalog.products.iter().filter(|p| catalog.village(&p.village).unwrap().kabupaten == *k) {
                assert_eq!(details.description(&p.id), Some(p.description.as_str()));
            }
        }
        assert!(written.index_brotli * 5 < written.index, "{written:?}");

        // The outlets' rules, for checkout, beside the index.
        let rules = std::fs::read(dir.path().join(OUTLET_RULES_PATH)).unwrap();
        assert_eq!(written.outlet_rules, rules.len());
        assert_eq!(unbrotli(&std::fs::read(dir.path().join("katalog/outlet.json.br")).unwrap()), rules);
        let read = nttmart_domain::detail::parse_outlet_rules(&rules).unwrap();
        let whole = nttmart_domain::detail::with_outlet_rules(&index_of(&catalog), &read);
        assert_eq!(whole.outlets, catalog.outlets);
    }

    #[test]
    fn a_kabupaten_that_left_the_feed_loses_its_detail_file_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let mut catalog = sample();
        write(&catalog, dir.path()).unwrap();
        let other = dir.path().join("katalog/detail/notes.txt");
        std::fs::write(&other, "kept").unwrap();
        let gone = catalog.villages[0].kabupaten.clone();
        catalog.villages.retain(|v| v.kabupaten != gone);
        let villages: Vec<String> = catalog.villages.iter().map(|v| v.id.clone()).collect();
        catalog.products.retain(|p| villages.contains(&p.village));
        let written = write(&catalog, dir.path()).unwrap();
        assert_eq!(written.removed, 2, "the .json and its .br");
        assert!(!dir.path().join(detail_path(&gone)).exists());
        assert!(other.exists());
        let leftovers: Vec<_> = std::fs::read_dir(dir.path().join("katalog/detail"))
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".tmp"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }
}
