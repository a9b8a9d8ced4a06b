//! Hand-rolled command-line parsing: a handful of options do not justify a
//! dependency. Options accept `--name value` and `--name=value`.

use std::path::{Path, PathBuf};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckArgs {
    pub feed: PathBuf,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportArgs {
    pub products: PathBuf,
    pub base: PathBuf,
    pub villages: Option<PathBuf>,
    pub output: PathBuf,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatsArgs {
    pub feed: PathBuf,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SynthArgs {
    pub count: usize,
    pub seed: u64,
    pub output: PathBuf,
    /// Template feed; defaults to `public/catalog.json` in the current directory.
    pub from: PathBuf,
    /// `--variants N`: every product gets N variants (an option "Ukuran"
    /// of N sizes), for benchmarks at the scale of a catalogue with options;
    /// 0 keeps the templates' own.
    pub variants: usize,
    /// `--index`: write the index feed phones download (`detail::index_of`)
    /// instead of the whole feed, to measure it at scale.
    pub index: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PagesArgs {
    pub feed: PathBuf,
    /// The built app shell (`index.html` with the hashed asset links).
    pub shell: PathBuf,
    /// The site directory to write into (the build's staging dir or `dist/`).
    pub out: PathBuf,
    /// Where relative image paths of the feed resolve; defaults to the feed's
    /// directory.
    pub assets: PathBuf,
    /// Where encoded photos are kept between builds (`photos`); defaults
    /// to [`DEFAULT_PHOTO_CACHE`].
    pub photo_cache: PathBuf,
    /// Where the feed's photos (`img/foto/…`) are; `assets` for `pages`,
    /// the feed's own folder for `publish`, whose `assets` is the release.
    pub photos: PathBuf,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublishArgs {
    /// The feed to publish; `None` with `--undo`.
    pub feed: Option<PathBuf>,
    /// The folder nginx serves: a link to the live release.
    pub site: PathBuf,
    /// A built site (`dist/`) to take the shell from instead of the live
    /// release: on the first publish, and for a new build of the app.
    pub shell: Option<PathBuf>,
    pub photo_cache: PathBuf,
    /// Releases kept for `--undo`, the live one included.
    pub keep: usize,
    pub undo: bool,
}

/// Releases `publish` keeps unless told otherwise.
pub const DEFAULT_KEEP: usize = 5;

/// Default cache of encoded photos, relative to the working directory:
/// outside the site folder, which Trunk empties on every build.
pub const DEFAULT_PHOTO_CACHE: &str = "target/photo-cache";

/// Default template for `synth`: the sample catalog at the site root.
pub const DEFAULT_SYNTH_SOURCE: &str = "public/catalog.json";

/// Splits arguments into positionals and `(option, value)` pairs; every option
/// listed in `known` takes a value.
/// `(name, value)` pairs of options, in command-line order.
type Options = Vec<(String, String)>;

fn split(args: &[String], known: &[&str]) -> Result<(Vec<String>, Options), String> {
    let mut positionals = Vec::new();
    let mut options = Vec::new();
    let mut iter = args.iter();
    let mut only_positionals = false;
    while let Some(arg) = iter.next() {
        if only_positionals || arg == "-" || !arg.starts_with('-') {
            positionals.push(arg.clone());
            continue;
        }
        if arg == "--" {
            only_positionals = true;
            continue;
        }
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        if !known.contains(&name.as_str()) {
            return Err(format!("unknown option `{name}`"));
        }
        let value = match inline {
            Some(v) => v,
            None => iter.next().cloned().ok_or_else(|| format!("option `{name}` needs a value"))?,
        };
        options.push((name, value));
    }
    Ok((positionals, options))
}

fn one_positional(mut positionals: Vec<String>, what: &str) -> Result<PathBuf, String> {
    match positionals.len() {
        0 => Err(format!("missing {what}")),
        1 => Ok(PathBuf::from(positionals.remove(0))),
        _ => Err(format!("expected one {what}, got {}", positionals.len())),
    }
}

fn single(options: &[(String, String)], names: &[&str]) -> Result<Option<String>, String> {
    let mut found = options.iter().filter(|(n, _)| names.contains(&n.as_str()));
    let first = found.next().map(|(_, v)| v.clone());
    if found.next().is_some() {
        return Err(format!("option `{}` given more than once", names[0]));
    }
    Ok(first)
}

pub fn parse_check(args: &[String]) -> Result<CheckArgs, String> {
    let (positionals, _) = split(args, &[])?;
    Ok(CheckArgs { feed: one_positional(positionals, "FEED file")? })
}

pub fn parse_stats(args: &[String]) -> Result<StatsArgs, String> {
    let (positionals, _) = split(args, &[])?;
    Ok(StatsArgs { feed: one_positional(positionals, "FEED file")? })
}

pub fn parse_import(args: &[String]) -> Result<ImportArgs, String> {
    let (positionals, options) = split(args, &["--base", "--villages", "-o", "--output"])?;
    let products = one_positional(positionals, "PRODUCTS.csv file")?;
    let base = single(&options, &["--base"])?.ok_or("missing --base BASE.json")?;
    let villages = single(&options, &["--villages"])?;
    let output = single(&options, &["-o", "--output"])?.ok_or("missing -o OUT.json")?;
    Ok(ImportArgs { products, base: base.into(), villages: villages.map(PathBuf::from), output: output.into() })
}

pub fn parse_synth(args: &[String]) -> Result<SynthArgs, String> {
    // `--index` is the one flag without a value.
    let index = args.iter().any(|a| a == "--index");
    let args: Vec<String> = args.iter().filter(|a| *a != "--index").cloned().collect();
    let (positionals, options) = split(&args, &["--count", "-n", "--seed", "-o", "--output", "--from", "--variants"])?;
    if let Some(extra) = positionals.first() {
        return Err(format!("unexpected argument `{extra}`"));
    }
    let count = single(&options, &["--count", "-n"])?.ok_or("missing --count N")?;
    let count = parse_count(&count).ok_or_else(|| format!("--count must be a whole number, got `{count}`"))?;
    let seed = match single(&options, &["--seed"])? {
        Some(s) => s.trim().parse::<u64>().map_err(|_| format!("--seed must be a whole number, got `{s}`"))?,
        None => 1,
    };
    let output = single(&options, &["-o", "--output"])?.ok_or("missing -o OUT.json")?;
    let from = single(&options, &["--from"])?.unwrap_or_else(|| DEFAULT_SYNTH_SOURCE.to_string());
    let variants = match single(&options, &["--variants"])? {
        Some(s) => s
            .trim()
            .parse::<usize>()
            .ok()
            .filter(|n| *n <= 10)
            .ok_or_else(|| format!("--variants must be a whole number from 0 to 10, got `{s}`"))?,
        None => 0,
    };
    Ok(SynthArgs { count, seed, output: output.into(), from: from.into(), variants, index })
}

pub fn parse_pages(args: &[String]) -> Result<PagesArgs, String> {
    let (positionals, options) = split(args, &["--feed", "--shell", "--out", "--assets", "--photo-cache"])?;
    if let Some(extra) = positionals.first() {
        return Err(format!("unexpected argument `{extra}`"));
    }
    let feed = PathBuf::from(single(&options, &["--feed"])?.ok_or("missing --feed FEED")?);
    let shell = single(&options, &["--shell"])?.ok_or("missing --shell INDEX_HTML")?;
    let out = single(&options, &["--out"])?.ok_or("missing --out DIR")?;
    let assets = match single(&options, &["--assets"])? {
        Some(dir) => PathBuf::from(dir),
        None => match feed.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        },
    };
    let photo_cache = single(&options, &["--photo-cache"])?.unwrap_or_else(|| DEFAULT_PHOTO_CACHE.to_string());
    Ok(PagesArgs {
        feed,
        shell: shell.into(),
        out: out.into(),
        photos: assets.clone(),
        assets,
        photo_cache: photo_cache.into(),
    })
}

pub fn parse_publish(args: &[String]) -> Result<PublishArgs, String> {
    // `--undo` is a flag without a value.
    let undo = args.iter().any(|a| a == "--undo");
    let args: Vec<String> = args.iter().filter(|a| *a != "--undo").cloned().collect();
    let (mut positionals, options) = split(&args, &["--site", "--shell", "--photo-cache", "--keep"])?;
    let site = PathBuf::from(single(&options, &["--site"])?.ok_or("missing --site FOLDER")?);
    let feed = match (undo, positionals.len()) {
        (true, 0) => None,
        (true, _) => return Err("--undo takes no FEED".into()),
        (false, 1) => Some(PathBuf::from(positionals.remove(0))),
        (false, 0) => return Err("missing FEED file".into()),
        (false, n) => return Err(format!("expected one FEED file, got {n}")),
    };
    let keep = match single(&options, &["--keep"])? {
        Some(k) => k
            .trim()
            .parse::<usize>()
            .ok()
            .filter(|n| *n >= 2)
            .ok_or_else(|| format!("--keep must be a whole number of at least 2, got `{k}`"))?,
        None => DEFAULT_KEEP,
    };
    let photo_cache = single(&options, &["--photo-cache"])?.unwrap_or_else(|| DEFAULT_PHOTO_CACHE.to_string());
    let shell = single(&options, &["--shell"])?.map(PathBuf::from);
    if undo && shell.is_some() {
        return Err("--undo takes no --shell".into());
    }
    Ok(PublishArgs { feed, site, shell, photo_cache: photo_cache.into(), keep, undo })
}

pub fn parse_sample_photos(args: &[String]) -> Result<crate::sample_photos::SampleArgs, String> {
    let (positionals, options) = split(args, &["--feed", "--out", "--count", "--assets"])?;
    if let Some(extra) = positionals.first() {
        return Err(format!("unexpected argument `{extra}`"));
    }
    let feed = PathBuf::from(single(&options, &["--feed"])?.ok_or("missing --feed FEED")?);
    let out = PathBuf::from(single(&options, &["--out"])?.ok_or("missing --out DIR")?);
    let count = match single(&options, &["--count"])? {
        Some(c) => parse_count(&c).ok_or_else(|| format!("--count must be a whole number, got `{c}`"))?,
        None => 30,
    };
    let assets = match single(&options, &["--assets"])? {
        Some(dir) => PathBuf::from(dir),
        None => {
            feed.parent().filter(|p| !p.as_os_str().is_empty()).map(Path::to_path_buf).unwrap_or(PathBuf::from("."))
        }
    };
    Ok(crate::sample_photos::SampleArgs { feed, out, count, assets })
}

/// `50000`, `50_000` or `50k`.
fn parse_count(s: &str) -> Option<usize> {
    let s = s.trim().replace('_', "");
    if let Some(k) = s.strip_suffix(['k', 'K']) {
        return k.parse::<usize>().ok()?.checked_mul(1000);
    }
    s.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn import_accepts_both_option_forms() {
        let a = parse_import(&strings(&["p.csv", "--base=b.json", "-o", "out.json", "--villages", "v.csv"])).unwrap();
        assert_eq!(a.products, PathBuf::from("p.csv"));
        assert_eq!(a.base, PathBuf::from("b.json"));
        assert_eq!(a.villages, Some(PathBuf::from("v.csv")));
        assert_eq!(a.output, PathBuf::from("out.json"));
        assert!(parse_import(&strings(&["p.csv", "-o", "x"])).is_err());
        assert!(parse_import(&strings(&["p.csv", "--base", "b", "-o"])).is_err());
        assert!(parse_import(&strings(&["p.csv", "--bogus", "b"])).is_err());
    }

    #[test]
    fn publish_options() {
        let a = parse_publish(&strings(&["catalog.json", "--site", "/srv/nttmart/live", "--shell=dist"])).unwrap();
        assert_eq!(a.feed, Some(PathBuf::from("catalog.json")));
        assert_eq!(a.site, PathBuf::from("/srv/nttmart/live"));
        assert_eq!(a.shell, Some(PathBuf::from("dist")));
        assert_eq!((a.keep, a.undo), (DEFAULT_KEEP, false));
        let undo = parse_publish(&strings(&["--undo", "--site", "s", "--keep", "3"])).unwrap();
        assert_eq!((undo.feed, undo.undo, undo.keep), (None, true, 3));
        assert!(parse_publish(&strings(&["--undo", "c.json", "--site", "s"])).is_err());
        assert!(parse_publish(&strings(&["c.json"])).unwrap_err().contains("--site"));
        assert!(parse_publish(&strings(&["--site", "s"])).unwrap_err().contains("FEED"));
        assert!(parse_publish(&strings(&["c.json", "--site", "s", "--keep", "1"])).is_err());
    }

    #[test]
    fn pages_options() {
        let a = parse_pages(&strings(&["--feed", "public/catalog.json", "--shell=dist/index.html", "--out", "dist"]))
            .unwrap();
        assert_eq!(a.shell, PathBuf::from("dist/index.html"));
        assert_eq!(a.out, PathBuf::from("dist"));
        assert_eq!(a.assets, PathBuf::from("public"));
        let a = parse_pages(&strings(&["--feed", "c.json", "--shell", "s", "--out", "o", "--assets", "a"])).unwrap();
        assert_eq!(a.assets, PathBuf::from("a"));
        assert!(parse_pages(&strings(&["--feed", "c.json", "--out", "o"])).is_err());
        assert!(parse_pages(&strings(&["--feed", "c.json", "--shell", "s"])).is_err());
        assert!(parse_pages(&strings(&["x", "--feed", "c", "--shell", "s", "--out", "o"])).is_err());
    }

    #[test]
    fn synth_counts() {
        let a = parse_synth(&strings(&["--count", "10k", "--seed", "7", "-o", "x.json"])).unwrap();
        assert_eq!((a.count, a.seed), (10_000, 7));
        assert_eq!(a.from, PathBuf::from(DEFAULT_SYNTH_SOURCE));
        assert!(parse_synth(&strings(&["--count", "ten", "-o", "x"])).is_err());
        assert!(parse_synth(&strings(&["--count", "1", "--count", "2", "-o", "x"])).is_err());
    }
}
