//! Helpers shared by the commands: reading feeds, writing files atomically.
//! Slugs, dates and the feed's JSON form are the sheet crate's (the staff
//! workbench writes them too), re-exported here.

use nttmart_domain::feed::{self, Parsed};
pub use nttmart_sheet::feed_json;
pub use nttmart_sheet::text::{days_in_month, is_iso_date, slugify};
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Reads and parses a feed. `Err` carries the message for exit code 2: the
/// file cannot be read (`FEED: cannot read: …`) or is not JSON
/// (`FEED: line L, column C: …`).
pub fn load_feed(path: &Path) -> Result<Parsed, String> {
    let bytes = fs::read(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    feed::parse(&bytes).map_err(|e| format!("{}: {e}", path.display()))
}

/// Writes `contents` to `path` without ever leaving a half-written file there:
/// the data goes to a temporary file in the same directory, is flushed to disk
/// and then renamed over the target.
pub fn write_atomic(path: &Path, contents: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "the output path has no file name"))?;
    let tmp = dir.join(format!(".{}.tmp-{}", name.to_string_lossy(), std::process::id()));
    let result = (|| {
        let mut file = fs::File::create(&tmp)?;
        file.write_all(contents)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Puts `contents` at `path` (creating its folder) unless the file already
/// holds exactly those bytes; returns whether it wrote. A write goes through
/// [`write_atomic`], a new file renamed over the old one: never into the old
/// file, which may be shared by hard links with an earlier release.
pub fn replace_file(path: &Path, contents: &[u8]) -> io::Result<bool> {
    if let Ok(meta) = fs::metadata(path) {
        if meta.is_file() && meta.len() == contents.len() as u64 && fs::read(path)? == contents {
            return Ok(false);
        }
    }
    if let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(dir)?;
    }
    write_atomic(path, contents)?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replacing_leaves_the_old_file_and_its_hard_links_alone() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join("old.html");
        let new = dir.path().join("sub/new.html");
        fs::write(&old, "one").unwrap();
        fs::create_dir_all(new.parent().unwrap()).unwrap();
        fs::hard_link(&old, &new).unwrap();
        assert!(!replace_file(&new, b"one").unwrap(), "the same bytes are not written");
        assert!(replace_file(&new, b"two").unwrap());
        assert_eq!(fs::read(&new).unwrap(), b"two");
        assert_eq!(fs::read(&old).unwrap(), b"one", "the linked file is not written through");
        assert!(replace_file(&dir.path().join("made/here.txt"), b"x").unwrap());
    }

    #[test]
    fn atomic_write_replaces_the_file() {
        let dir = std::env::temp_dir().join(format!("nttmart-util-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let target = dir.join("out.json");
        write_atomic(&target, b"one").unwrap();
        write_atomic(&target, b"two").unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"two");
        let leftovers = fs::read_dir(&dir).unwrap().count();
        assert_eq!(leftovers, 1);
        fs::remove_dir_all(&dir).unwrap();
    }
}
