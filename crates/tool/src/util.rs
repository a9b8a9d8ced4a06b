//! Helpers shared by the commands: reading feeds, writing files atomically,
//! slugs.

use nttmart_domain::catalog::Catalog;
use nttmart_domain::feed::{self, Parsed};
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

/// Serialises a catalog the way the tool always writes feeds: pretty JSON,
/// two-space indentation, a final newline.
pub fn feed_json(catalog: &Catalog) -> String {
    let mut s = serde_json::to_string_pretty(catalog).expect("a catalog always serialises");
    s.push('\n');
    s
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

/// `Kopi Arabika Flores Bajawa` + `250 g` → `kopi-arabika-flores-bajawa-250-g`.
/// Lowercase ASCII letters and digits separated by single hyphens; apostrophes
/// vanish (`Se'i` → `sei`), common accented letters lose their accent.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.chars() {
        let mapped: Option<&str> = match c {
            '\'' | '\u{2019}' | '\u{2018}' | '`' => continue,
            '×' => Some("x"),
            'à' | 'á' | 'â' | 'ä' | 'ã' | 'À' | 'Á' | 'Â' | 'Ä' | 'Ã' => Some("a"),
            'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => Some("e"),
            'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => Some("i"),
            'ò' | 'ó' | 'ô' | 'ö' | 'õ' | 'Ò' | 'Ó' | 'Ô' | 'Ö' | 'Õ' => Some("o"),
            'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => Some("u"),
            'ñ' | 'Ñ' => Some("n"),
            'ç' | 'Ç' => Some("c"),
            _ => None,
        };
        let piece: String = match mapped {
            Some(m) => m.to_string(),
            None if c.is_ascii_alphanumeric() => c.to_ascii_lowercase().to_string(),
            None => {
                pending_dash = true;
                continue;
            }
        };
        if pending_dash && !out.is_empty() {
            out.push('-');
        }
        pending_dash = false;
        out.push_str(&piece);
    }
    out
}

/// Whether `s` is a valid `YYYY-MM-DD` calendar date.
pub fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if !(digits(0..4) && digits(5..7) && digits(8..10)) {
        return false;
    }
    let year: u32 = s[0..4].parse().unwrap_or(0);
    let month: u32 = s[5..7].parse().unwrap_or(0);
    let day: u32 = s[8..10].parse().unwrap_or(0);
    (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month)
}

pub fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => 29,
        2 => 28,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slugify("Kopi Arabika Flores Bajawa 250 g"), "kopi-arabika-flores-bajawa-250-g");
        assert_eq!(slugify("Se'i Babi (non-halal) 250 g"), "sei-babi-non-halal-250-g");
        assert_eq!(slugify("  Tenun Ikat — 1 lembar 200 × 60 cm "), "tenun-ikat-1-lembar-200-x-60-cm");
        assert_eq!(slugify("Kakao & Cokelat"), "kakao-cokelat");
        assert_eq!(slugify("Café Kelimutu"), "cafe-kelimutu");
    }

    #[test]
    fn dates() {
        assert!(is_iso_date("2025-08-12"));
        assert!(is_iso_date("2028-02-29"));
        assert!(!is_iso_date("2026-02-29"));
        assert!(!is_iso_date("2026-13-01"));
        assert!(!is_iso_date("12/08/2025"));
    }

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
