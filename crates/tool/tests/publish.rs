//! `nttmart publish`, run as the real binary on a small built site: a
//! reader never sees a mix of two releases, a feed with errors is refused
//! and the site left as it was, `--undo` puts the previous release back,
//! and publishing the same feed again encodes no photo.

mod common;

use common::*;
use serde_json::Value;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};

/// index.html as the build leaves it, with the meta `publish` fills in.
const SHELL: &str = r#"<!doctype html>
<html lang="id">
<head>
  <meta charset="utf-8">
  <title>NTT Mart — Produk Desa Nusa Tenggara Timur</title>
  <meta name="description" content="Belanja produk desa asli Nusa Tenggara Timur.">
  <meta name="nttmart-feed" content="/katalog/index.json">
  <meta name="nttmart-feed-source" content="">
  <link rel="stylesheet" href="/main-0123456789abcdef.css">
<script type="module" src="/boot.js"></script></head>
<body><div id="boot"><main><section class="hero"><p class="hero__tagline">x</p></section></main></div></body>
</html>
"#;

/// A built site (`dist/` as far as `publish` needs one): the shell, a
/// hashed bundle and the site's own pictures and brand files.
fn dist(dir: &TempDir) -> PathBuf {
    let dist = dir.path("dist");
    copy_dir(&repo_root().join("public/img/category"), &dist.join("img/category"));
    copy_dir(&repo_root().join("public/brand"), &dist.join("brand"));
    std::fs::write(dist.join("index.html"), SHELL).unwrap();
    std::fs::write(dist.join("main-0123456789abcdef.css"), "body{}").unwrap();
    dist
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The small feed with the coffee at `price`, written to `feed/catalog.json`.
fn feed_at(dir: &TempDir, price: u64) -> PathBuf {
    let mut feed = small_feed();
    feed["products"][0]["price"] = price.into();
    std::fs::create_dir_all(dir.path("feed")).unwrap();
    dir.write("feed/catalog.json", to_json(&feed))
}

fn publish(dir: &TempDir, feed: &Path, extra: &[&str]) -> Run {
    let (site, cache) = (dir.s("live"), dir.s("photo-cache"));
    let mut args = vec!["publish", feed.to_str().unwrap(), "--site", &site];
    args.extend(["--photo-cache", &cache]);
    args.extend(extra);
    nttmart(&args)
}

fn undo(dir: &TempDir) -> Run {
    nttmart(&["publish", "--undo", "--site", &dir.s("live")])
}

fn coffee_price(bytes: &[u8]) -> Option<u64> {
    let feed: Value = serde_json::from_slice(bytes).ok()?;
    feed["products"].as_array()?.iter().find(|p| p["id"] == "NGD-0001")?["price"].as_u64()
}

fn feed_source_meta(html: &str) -> Option<String> {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse(r#"meta[name="nttmart-feed-source"]"#).unwrap();
    doc.select(&sel).next()?.value().attr("content").map(str::to_string)
}

/// One consistent look at a release root: the price in the index feed and
/// in catalog.json, and whether the shell's record of catalog.json matches
/// the file (its Last-Modified, as nginx would send it, and its digest).
fn look(root: &Path) -> Result<u64, String> {
    let whole = std::fs::read(root.join("catalog.json")).map_err(|e| e.to_string())?;
    let index = std::fs::read(root.join("katalog/index.json")).map_err(|e| e.to_string())?;
    let html = std::fs::read_to_string(root.join("index.html")).map_err(|e| e.to_string())?;
    let (a, b) = (coffee_price(&whole), coffee_price(&index));
    if a.is_none() || a != b {
        return Err(format!("catalog.json says {a:?}, the index {b:?}"));
    }
    let modified =
        std::fs::metadata(root.join("catalog.json")).and_then(|m| m.modified()).map_err(|e| e.to_string())?;
    let seconds = modified.duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    let recorded = feed_source_meta(&html);
    let digest = nttmart_domain::digest::fnv1a64(&whole);
    let expected = format!("{}; fnv={digest:016x}", nttmart_domain::date::http_date(seconds));
    if recorded.as_deref() != Some(expected.as_str()) {
        return Err(format!("index.html records {recorded:?} for a catalog.json of {seconds}"));
    }
    Ok(a.unwrap())
}

#[test]
fn a_reader_during_a_publish_sees_one_release_or_the_other_never_a_mix() {
    let dir = TempDir::new("publish-atomic");
    let dist = dist(&dir);
    let first = publish(&dir, &feed_at(&dir, 85_000), &["--shell", dist.to_str().unwrap()]);
    assert_eq!(first.code, 0, "{}", first.all());
    assert_eq!(look(&dir.path("live")), Ok(85_000));

    let site = dir.path("live");
    let stop = Arc::new(AtomicBool::new(false));
    let (started, ready) = mpsc::channel();
    let reader = {
        let (site, stop) = (site.clone(), stop.clone());
        std::thread::spawn(move || -> Result<(usize, Vec<u64>), String> {
            let mut seen = Vec::new();
            let mut looks = 0;
            loop {
                // Read before the look, not after: a look that began before
                // the publish ended may still see the old release, so only a
                // look begun after `stop` was set must see the new one, and
                // the reader ends with one such look.
                let last_look = stop.load(Ordering::SeqCst);
                // As nginx does: each file through the link, resolved once
                // per look here so the files are of one release.
                let root = std::fs::canonicalize(&site).map_err(|e| e.to_string())?;
                let price = look(&root)?;
                // And each file read through the link on its own is whole.
                let whole = std::fs::read(site.join("catalog.json")).map_err(|e| e.to_string())?;
                coffee_price(&whole).ok_or("a half-written catalog.json")?;
                if seen.last() != Some(&price) {
                    seen.push(price);
                }
                looks += 1;
                if looks == 1 {
                    let _ = started.send(());
                }
                if last_look {
                    return Ok((looks, seen));
                }
            }
        })
    };
    ready.recv().expect("the reader looked once");
    let second = publish(&dir, &feed_at(&dir, 90_000), &[]);
    stop.store(true, Ordering::SeqCst);
    assert_eq!(second.code, 0, "{}", second.all());
    let (looks, seen) = reader.join().expect("the reader ran").expect("every look was of one release");
    assert!(looks >= 2, "{looks}");
    assert_eq!(seen.first(), Some(&85_000));
    assert_eq!(seen.last(), Some(&90_000), "{seen:?}");
    assert!(seen.len() <= 2, "no going back and forth: {seen:?}");
    // The release the link names is complete and the previous one is kept.
    let releases: Vec<_> = std::fs::read_dir(dir.path("releases"))
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(releases.len(), 2, "{releases:?}");
    assert!(!releases.iter().any(|r| r.starts_with('.')), "no staging left: {releases:?}");
}

#[test]
fn a_feed_with_errors_is_refused_and_the_site_left_as_it_was() {
    let dir = TempDir::new("publish-refused");
    let dist = dist(&dir);
    let good = publish(&dir, &feed_at(&dir, 85_000), &["--shell", dist.to_str().unwrap()]);
    assert_eq!(good.code, 0, "{}", good.all());
    let link = std::fs::read_link(dir.path("live")).unwrap();
    let before = std::fs::read(dir.path("live/catalog.json")).unwrap();

    let mut feed = small_feed();
    feed["products"][1]["price"] = Value::from(-5);
    feed["products"][2]["category"] = Value::from("tidak-ada");
    std::fs::write(dir.path("feed/catalog.json"), to_json(&feed)).unwrap();
    let bad = publish(&dir, &dir.path("feed/catalog.json"), &[]);
    assert_eq!(bad.code, 1, "{}", bad.all());
    assert!(bad.stderr.contains("products[1].price"), "every problem is listed: {}", bad.stderr);
    assert!(bad.stderr.contains("products[2].category"), "{}", bad.stderr);
    assert!(bad.stderr.contains("was not published"), "{}", bad.stderr);
    assert_eq!(std::fs::read_link(dir.path("live")).unwrap(), link);
    assert_eq!(std::fs::read(dir.path("live/catalog.json")).unwrap(), before);
    assert_eq!(std::fs::read_dir(dir.path("releases")).unwrap().flatten().filter(|e| e.path().is_dir()).count(), 1);

    // Not JSON at all: refused the same way, with exit code 2.
    std::fs::write(dir.path("feed/catalog.json"), "{ not json").unwrap();
    let broken = publish(&dir, &dir.path("feed/catalog.json"), &[]);
    assert_eq!(broken.code, 2, "{}", broken.all());
    assert_eq!(std::fs::read_link(dir.path("live")).unwrap(), link);
}

#[test]
fn undo_puts_the_previous_release_back() {
    let dir = TempDir::new("publish-undo");
    let dist = dist(&dir);
    assert_eq!(undo(&dir).code, 2, "nothing published yet");
    let without_shell = publish(&dir, &feed_at(&dir, 85_000), &[]);
    assert_eq!(without_shell.code, 2, "{}", without_shell.all());
    assert!(without_shell.stderr.contains("--shell"), "{}", without_shell.stderr);

    for (price, extra) in [(85_000, vec!["--shell", dist.to_str().unwrap()]), (90_000, vec![]), (95_000, vec![])] {
        let run = publish(&dir, &feed_at(&dir, price), &extra);
        assert_eq!(run.code, 0, "{}", run.all());
        assert_eq!(look(&dir.path("live")), Ok(price));
    }
    let back = undo(&dir);
    assert_eq!(back.code, 0, "{}", back.all());
    assert_eq!(look(&dir.path("live")), Ok(90_000));
    assert_eq!(undo(&dir).code, 0);
    assert_eq!(look(&dir.path("live")), Ok(85_000));
    let none = undo(&dir);
    assert_eq!(none.code, 2, "{}", none.all());
    assert_eq!(look(&dir.path("live")), Ok(85_000));

    // A publish after an undo: undoing it goes back to what was live
    // before it, not to the release that was undone.
    assert_eq!(publish(&dir, &feed_at(&dir, 99_000), &[]).code, 0);
    assert_eq!(look(&dir.path("live")), Ok(99_000));
    assert_eq!(undo(&dir).code, 0);
    assert_eq!(look(&dir.path("live")), Ok(85_000));
}

#[test]
fn publishing_the_same_feed_again_encodes_no_photo_and_shares_the_files() {
    let dir = TempDir::new("publish-again");
    let dist = dist(&dir);
    let feed_path = feed_at(&dir, 85_000);
    std::fs::create_dir_all(dir.path("feed/img/foto")).unwrap();
    std::fs::copy(repo_root().join("public/img/foto/blu-0001.jpg"), dir.path("feed/img/foto/kopi.jpg")).unwrap();
    let mut feed: Value = serde_json::from_slice(&std::fs::read(&feed_path).unwrap()).unwrap();
    feed["products"][0]["images"][0] = serde_json::json!({"src": "img/foto/kopi.jpg", "alt": "Kemasan kopi"});
    std::fs::write(&feed_path, to_json(&feed)).unwrap();

    let first = publish(&dir, &feed_path, &["--shell", dist.to_str().unwrap()]);
    assert_eq!(first.code, 0, "{}", first.all());
    assert!(first.stdout.contains("1 photos (1 encoded)"), "{}", first.stdout);
    let first_release = std::fs::canonicalize(dir.path("live")).unwrap();

    let second = publish(&dir, &feed_path, &[]);
    assert_eq!(second.code, 0, "{}", second.all());
    assert!(second.stdout.contains("1 photos (0 encoded)"), "{}", second.stdout);
    let second_release = std::fs::canonicalize(dir.path("live")).unwrap();
    assert_ne!(first_release, second_release);

    // The photo sizes, cards and pages of the second release are the first
    // one's files (hard links), not copies; catalog.json never is.
    let same_file = |rel: &str| {
        let (a, b) = (first_release.join(rel), second_release.join(rel));
        std::fs::metadata(&a).unwrap().ino() == std::fs::metadata(&b).unwrap().ino()
    };
    let photo = std::fs::read_dir(second_release.join("img/p")).unwrap().flatten().next().unwrap();
    assert!(same_file(&format!("img/p/{}", photo.file_name().to_string_lossy())));
    assert!(same_file("share/kopi-arabika-flores-bajawa-250-g.png"));
    assert!(!same_file("catalog.json"));
    assert_eq!(look(&second_release).unwrap(), 85_000);
    // The originals are never published.
    assert!(!second_release.join("img/foto").exists());
}
