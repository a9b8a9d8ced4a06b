//! `nttmart publish FEED --site SITE`: the one step staff take to put a new
//! catalogue on the web, and `nttmart publish --undo --site SITE` to take
//! it back.
//!
//! The site is a symbolic link to a release folder beside it:
//!
//! ```text
//! /srv/nttmart/live            -> releases/20251206-032500-1a2b3c4d   (nginx `root`)
//! /srv/nttmart/releases/20251206-032500-1a2b3c4d/   index.html, catalog.json, katalog/, produk/, img/p/, …
//! /srv/nttmart/releases/20251205-101010-9f8e7d6c/   the one before (kept for --undo)
//! /srv/nttmart/releases/history                      the releases that were live, oldest first
//! ```
//!
//! A publish checks the feed as `nttmart check` does and refuses it with
//! every problem listed when the shop would leave anything out; otherwise it
//! builds a whole new release in a staging folder (hard links to the live
//! release's files, then `pages` over them: every changed file is a new file
//! renamed into place, so the live release's files, which the links share,
//! are never written) and swaps it in with one `rename(2)` of a new link
//! over the old one. nginx opens each file through the link, so every
//! request is answered wholly from the old release or wholly from the new
//! one; a publish that fails at any step leaves the site as it was.
//!
//! `catalog.json` is the one file a release never shares: staff may replace
//! it by hand on the live site, and a file shared by hard links would carry
//! that edit into the releases `--undo` goes back to.

use crate::args::{PagesArgs, PublishArgs};
use crate::{EXIT_INVALID, EXIT_OK, EXIT_UNREADABLE};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The folder of releases, beside the site link.
pub const RELEASES: &str = "releases";
/// In the releases folder: the ids of the releases that were live, oldest
/// first, the live one last.
pub const HISTORY: &str = "history";
const LOCK: &str = ".lock";
const STAGING_PREFIX: &str = ".staging-";

type Failure = (i32, String);

fn io_failure(what: &Path, e: std::io::Error) -> Failure {
    (EXIT_UNREADABLE, format!("{}: {e}", what.display()))
}

pub fn run(args: &PublishArgs, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let result = if args.undo { undo(args) } else { publish(args, err) };
    match result {
        Ok(summary) => {
            let _ = writeln!(out, "{summary}");
            EXIT_OK
        }
        Err((code, message)) => {
            let _ = writeln!(err, "nttmart publish: {message}");
            code
        }
    }
}

/// Where a site's releases are.
#[derive(Clone, Debug)]
pub struct Layout {
    /// The link nginx serves.
    pub site: PathBuf,
    pub releases: PathBuf,
}

impl Layout {
    pub fn of(site: &Path) -> Layout {
        let parent = match site.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        Layout { site: site.to_path_buf(), releases: parent.join(RELEASES) }
    }

    /// The live release's id: the link's target in the releases folder.
    /// `Ok(None)`: no site yet. A real folder at the site's place is refused:
    /// it cannot be swapped atomically.
    pub fn live(&self) -> Result<Option<String>, String> {
        match std::fs::symlink_metadata(&self.site) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(format!("{}: {e}", self.site.display())),
            Ok(meta) if !meta.file_type().is_symlink() => Err(format!(
                "{} is a folder, not a link to a release; publish to a new --site (say {}) with --shell {} once, then point nginx's root at it (deploy/README.md)",
                self.site.display(),
                self.site.with_file_name("live").display(),
                self.site.display()
            )),
            Ok(_) => {
                let target = std::fs::read_link(&self.site).map_err(|e| format!("{}: {e}", self.site.display()))?;
                let id = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                if target != Path::new(RELEASES).join(&id) || !self.release(&id).is_dir() {
                    return Err(format!(
                        "{} points to {}, not to a release in {}",
                        self.site.display(),
                        target.display(),
                        self.releases.display()
                    ));
                }
                Ok(Some(id))
            }
        }
    }

    pub fn release(&self, id: &str) -> PathBuf {
        self.releases.join(id)
    }

    pub fn history(&self) -> Vec<String> {
        std::fs::read_to_string(self.releases.join(HISTORY))
            .unwrap_or_default()
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect()
    }

    fn write_history(&self, ids: &[String]) -> Result<(), Failure> {
        let path = self.releases.join(HISTORY);
        let text: String = ids.iter().map(|id| format!("{id}\n")).collect();
        crate::util::write_atomic(&path, text.as_bytes()).map_err(|e| io_failure(&path, e))
    }

    /// Points the site at release `id` in one step: a new link made beside
    /// the old one and renamed over it (`rename(2)` replaces a link
    /// atomically; there is no moment without a site).
    pub fn swap_to(&self, id: &str) -> Result<(), Failure> {
        let name = self.site.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let temp = self.site.with_file_name(format!(".{name}.swap-{}", std::process::id()));
        let _ = std::fs::remove_file(&temp);
        std::os::unix::fs::symlink(Path::new(RELEASES).join(id), &temp).map_err(|e| io_failure(&temp, e))?;
        if let Err(e) = std::fs::rename(&temp, &self.site) {
            let _ = std::fs::remove_file(&temp);
            return Err(io_failure(&self.site, e));
        }
        // The new link survives a power cut once its folder is on disk.
        if let Some(parent) = self.site.parent().filter(|p| !p.as_os_str().is_empty()) {
            if let Ok(dir) = std::fs::File::open(parent) {
                let _ = dir.sync_all();
            }
        }
        Ok(())
    }
}

/// Held while a publish or an undo runs: two at once would swap each
/// other's releases away.
struct Lock(PathBuf);

impl Lock {
    fn take(layout: &Layout) -> Result<Lock, Failure> {
        std::fs::create_dir_all(&layout.releases).map_err(|e| io_failure(&layout.releases, e))?;
        let path = layout.releases.join(LOCK);
        match std::fs::OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(mut file) => {
                let _ = writeln!(file, "{}", std::process::id());
                Ok(Lock(path))
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err((
                EXIT_UNREADABLE,
                format!(
                    "another publish is running ({} exists); if none is, one stopped half-way: remove that file and publish again",
                    path.display()
                ),
            )),
            Err(e) => Err(io_failure(&path, e)),
        }
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// A staging folder removed unless it became a release.
struct Staging {
    path: PathBuf,
    kept: bool,
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.kept {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}

/// What a publish did, for its summary and the tests.
#[derive(Debug)]
pub struct Published {
    pub id: String,
    pub report: crate::pages::Report,
    /// Files of the release that are hard links to the previous one's.
    pub shared: usize,
    pub seconds: f64,
}

fn publish(args: &PublishArgs, err: &mut dyn Write) -> Result<String, Failure> {
    let feed = args.feed.as_ref().ok_or((EXIT_UNREADABLE, "missing FEED file".to_string()))?;
    let published = publish_feed(args, feed, err)?;
    let report = &published.report;
    Ok(format!(
        "{}: published release {} in {:.1} s: {} product pages, {} photos ({} encoded), {} files written, {} unchanged, {} shared with the previous release by hard links; `nttmart publish --undo --site {}` puts the previous one back",
        args.site.display(),
        published.id,
        published.seconds,
        report.pages,
        report.photos.sources,
        report.photos.encoded,
        report.written,
        report.unchanged,
        published.shared,
        args.site.display(),
    ))
}

/// Checks `feed`, builds a release from it and makes it live.
pub fn publish_feed(args: &PublishArgs, feed: &Path, err: &mut dyn Write) -> Result<Published, Failure> {
    let started = Instant::now();
    let photos = crate::check::photos_beside(feed);
    let verdict = crate::check::verdict(feed, &photos).map_err(|m| (EXIT_UNREADABLE, m))?;
    if !verdict.valid {
        for line in &verdict.lines {
            let _ = writeln!(err, "{line}");
        }
        let _ = writeln!(err, "{}", verdict.summary);
        return Err((
            EXIT_INVALID,
            format!("{} was not published: fix the problems above (the site is unchanged)", feed.display()),
        ));
    }
    let feed_bytes = std::fs::read(feed).map_err(|e| io_failure(feed, e))?;

    let layout = Layout::of(&args.site);
    let _lock = Lock::take(&layout)?;
    let live = layout.live().map_err(|m| (EXIT_UNREADABLE, m))?;
    let shell_source = match (&args.shell, &live) {
        (Some(shell), _) => shell.clone(),
        (None, Some(id)) => layout.release(id),
        (None, None) => {
            return Err((
                EXIT_UNREADABLE,
                format!(
                    "{} does not exist yet: the first publish needs the built site, --shell dist",
                    args.site.display()
                ),
            ))
        }
    };
    if !shell_source.join(crate::plan::SHELL).is_file() {
        return Err((
            EXIT_UNREADABLE,
            format!("{}: no index.html; pass the built site (dist/)", shell_source.display()),
        ));
    }
    remove_leftover_staging(&layout);

    let id = new_id(&layout, &feed_bytes);
    let staging = Staging { path: layout.releases.join(format!("{STAGING_PREFIX}{id}")), kept: false };
    // The live release's files are linked, a new build's copied: Trunk and
    // the developer may rewrite dist/ in place later.
    let link = args.shell.is_none();
    let shared = copy_tree(&shell_source, &staging.path, link, true).map_err(|e| io_failure(&shell_source, e))?;
    if let (Some(_), Some(live)) = (&args.shell, &live) {
        carry_bundles(&layout.release(live), &staging.path).map_err(|e| io_failure(&staging.path, e))?;
    }
    let staged_feed = staging.path.join(crate::plan::FEED);
    crate::util::write_atomic(&staged_feed, &feed_bytes).map_err(|e| io_failure(&staged_feed, e))?;

    let pages = PagesArgs {
        feed: staged_feed,
        shell: staging.path.join(crate::plan::SHELL),
        out: staging.path.clone(),
        assets: staging.path.clone(),
        photo_cache: args.photo_cache.clone(),
        photos,
    };
    let report = crate::pages::generate(&pages)?;
    for problem in &report.photos.problems {
        let _ = writeln!(err, "{}: warning: {problem}; the image is left out", feed.display());
    }

    let mut staging = staging;
    let release = layout.release(&id);
    std::fs::rename(&staging.path, &release).map_err(|e| io_failure(&release, e))?;
    staging.kept = true;
    let mut history = layout.history();
    if let Some(live) = &live {
        if history.last() != Some(live) {
            history.push(live.clone());
        }
    }
    layout.swap_to(&id).inspect_err(|_| {
        let _ = std::fs::remove_dir_all(&release);
    })?;
    history.push(id.clone());
    layout.write_history(&history)?;
    prune(&layout, &history, args.keep);
    let shared = count_shared(&release).min(shared);
    Ok(Published { id, report, shared, seconds: started.elapsed().as_secs_f64() })
}

/// Puts the release before the live one back.
fn undo(args: &PublishArgs) -> Result<String, Failure> {
    let layout = Layout::of(&args.site);
    let _lock = Lock::take(&layout)?;
    let live = layout.live().map_err(|m| (EXIT_UNREADABLE, m))?;
    let mut history = layout.history();
    let Some(live) = live else {
        return Err((EXIT_UNREADABLE, format!("{} has not been published yet: nothing to undo", args.site.display())));
    };
    if history.last() != Some(&live) {
        history.push(live.clone());
    }
    history.pop();
    let Some(previous) = history.last().cloned() else {
        return Err((EXIT_UNREADABLE, format!("{} is the first release kept: nothing to undo", live)));
    };
    if !layout.release(&previous).is_dir() {
        return Err((EXIT_UNREADABLE, format!("release {previous} is no longer kept: nothing to undo")));
    }
    layout.swap_to(&previous)?;
    layout.write_history(&history)?;
    Ok(format!(
        "{}: release {previous} is live again (release {live} is kept until the next publishes prune it)",
        args.site.display()
    ))
}

/// `20251206-032500-1a2b3c4d`: UTC time of the publish and the feed's
/// short hash, so a listing of the folder reads as a log.
fn new_id(layout: &Layout, feed: &[u8]) -> String {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    let (y, m, d) = nttmart_domain::date::civil_from_days(now / 86_400);
    let rest = now % 86_400;
    let stamp = format!("{y:04}{m:02}{d:02}-{:02}{:02}{:02}", rest / 3600, rest % 3600 / 60, rest % 60);
    let base = format!("{stamp}-{}", crate::markup::version_of(feed));
    let mut id = base.clone();
    let mut n = 2;
    while layout.release(&id).exists() || layout.releases.join(format!("{STAGING_PREFIX}{id}")).exists() {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

/// A copy of the folder `from` at `to`: hard links to its files (`link`),
/// or copies. The top-level `catalog.json` is left out (see the module
/// comment). Returns how many files were linked.
fn copy_tree(from: &Path, to: &Path, link: bool, top: bool) -> std::io::Result<usize> {
    std::fs::create_dir_all(to)?;
    let mut linked = 0;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let name = entry.file_name();
        if top && (name == crate::plan::FEED || name.to_string_lossy().starts_with('.')) {
            continue;
        }
        let (source, target) = (entry.path(), to.join(&name));
        let kind = entry.file_type()?;
        if kind.is_dir() {
            linked += copy_tree(&source, &target, link, false)?;
        } else if kind.is_symlink() {
            std::os::unix::fs::symlink(std::fs::read_link(&source)?, &target)?;
        } else if link && std::fs::hard_link(&source, &target).is_ok() {
            linked += 1;
        } else {
            std::fs::copy(&source, &target)?;
        }
    }
    Ok(linked)
}

/// A new build of the app: the live release's own bundle and page chunks
/// come along (linked, with their `.br`), for the pages phones loaded from
/// it before the swap, which fetch their chunks later. Only the live
/// release's own (those its pages name), so old bundles do not pile up.
fn carry_bundles(live: &Path, staging: &Path) -> std::io::Result<()> {
    let index = std::fs::read_to_string(live.join(crate::plan::SHELL)).unwrap_or_default();
    let names = crate::pwa::precache_list(live, &index).into_iter().chain(crate::pwa::kiosk_precache_list(live));
    for path in names.filter(|p| crate::pwa::is_hashed_asset(p.rsplit('/').next().unwrap_or(""))) {
        let rel = path.trim_start_matches('/');
        for name in [rel.to_string(), format!("{rel}.br")] {
            let (source, target) = (live.join(&name), staging.join(&name));
            if source.is_file() && !target.exists() {
                if let Some(dir) = target.parent() {
                    std::fs::create_dir_all(dir)?;
                }
                if std::fs::hard_link(&source, &target).is_err() {
                    std::fs::copy(&source, &target)?;
                }
            }
        }
    }
    Ok(())
}

/// Files of `release` that other releases share (more than one link).
fn count_shared(release: &Path) -> usize {
    use std::os::unix::fs::MetadataExt;
    let mut count = 0;
    let mut stack = vec![release.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            match entry.metadata() {
                Ok(m) if m.is_dir() => stack.push(entry.path()),
                Ok(m) if m.nlink() > 1 => count += 1,
                _ => {}
            }
        }
    }
    count
}

/// Staging folders of a publish that stopped half-way (the lock is ours,
/// so none is being built).
fn remove_leftover_staging(layout: &Layout) {
    for entry in std::fs::read_dir(&layout.releases).into_iter().flatten().flatten() {
        if entry.file_name().to_string_lossy().starts_with(STAGING_PREFIX) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Keeps the last `keep` releases that were live (the live one among them)
/// and removes every other release folder.
fn prune(layout: &Layout, history: &[String], keep: usize) {
    let kept: Vec<&String> = history.iter().rev().take(keep.max(1)).collect();
    for entry in std::fs::read_dir(&layout.releases).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let is_release = entry.file_type().is_ok_and(|t| t.is_dir()) && !name.starts_with('.');
        if is_release && !kept.iter().any(|k| **k == name) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
    let trimmed: Vec<String> = history.iter().rev().take(keep.max(1)).rev().cloned().collect();
    if trimmed.len() < history.len() {
        let _ = layout.write_history(&trimmed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn release_ids_sort_by_time() {
        let dir = tempfile::tempdir().unwrap();
        let layout = Layout::of(&dir.path().join("live"));
        let a = new_id(&layout, b"feed");
        assert_eq!(a.len(), "20251206-032500-1a2b3c4d".len(), "{a}");
        std::fs::create_dir_all(layout.release(&a)).unwrap();
        let b = new_id(&layout, b"feed");
        assert!(b.starts_with(&a) && b.ends_with("-2") || b > a, "{a} then {b}");
    }

    #[test]
    fn the_link_is_swapped_in_one_step_and_a_folder_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let layout = Layout::of(&dir.path().join("live"));
        assert_eq!(layout.live().unwrap(), None);
        for id in ["one", "two"] {
            std::fs::create_dir_all(layout.release(id)).unwrap();
            std::fs::write(layout.release(id).join("index.html"), id).unwrap();
        }
        layout.swap_to("one").unwrap();
        assert_eq!(layout.live().unwrap().as_deref(), Some("one"));
        layout.swap_to("two").unwrap();
        assert_eq!(layout.live().unwrap().as_deref(), Some("two"));
        assert_eq!(std::fs::read_to_string(dir.path().join("live/index.html")).unwrap(), "two");
        assert_eq!(std::fs::read_link(dir.path().join("live")).unwrap(), Path::new("releases/two"));
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("swap"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");

        let folder = Layout::of(&dir.path().join("dist"));
        std::fs::create_dir_all(&folder.site).unwrap();
        assert!(folder.live().unwrap_err().contains("not a link to a release"));
    }

    #[test]
    fn pruning_keeps_the_last_live_releases() {
        let dir = tempfile::tempdir().unwrap();
        let layout = Layout::of(&dir.path().join("live"));
        let history: Vec<String> = ["a", "b", "c", "d"].iter().map(|s| s.to_string()).collect();
        for id in history.iter().chain([&"undone".to_string()]) {
            std::fs::create_dir_all(layout.release(id)).unwrap();
        }
        layout.write_history(&history).unwrap();
        prune(&layout, &history, 2);
        let mut left: Vec<String> = std::fs::read_dir(&layout.releases)
            .unwrap()
            .flatten()
            .filter(|e| e.path().is_dir())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, ["c", "d"]);
        assert_eq!(layout.history(), ["c", "d"]);
    }

    #[test]
    fn a_copy_links_files_but_never_the_feed() {
        let dir = tempfile::tempdir().unwrap();
        let from = dir.path().join("from");
        std::fs::create_dir_all(from.join("img/p")).unwrap();
        std::fs::write(from.join("catalog.json"), "{}").unwrap();
        std::fs::write(from.join("index.html"), "shell").unwrap();
        std::fs::write(from.join("img/p/a-320.avif"), "photo").unwrap();
        let to = dir.path().join("to");
        assert_eq!(copy_tree(&from, &to, true, true).unwrap(), 2);
        assert!(!to.join("catalog.json").exists());
        assert_eq!(count_shared(&to), 2);
        let copied = dir.path().join("copied");
        assert_eq!(copy_tree(&from, &copied, false, true).unwrap(), 0);
        assert_eq!(count_shared(&copied), 0);
    }
}
