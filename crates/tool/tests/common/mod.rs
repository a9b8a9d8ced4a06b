//! Helpers for the integration tests: run the real `nttmart` binary on
//! temporary files.

#![allow(dead_code)]

use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Both streams, for assertions that do not care which one a line is on.
    pub fn all(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }
}

pub fn nttmart_in(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_nttmart"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the nttmart binary runs");
    Run {
        code: out.status.code().expect("exited normally"),
        stdout: String::from_utf8(out.stdout).expect("UTF-8 stdout"),
        stderr: String::from_utf8(out.stderr).expect("UTF-8 stderr"),
    }
}

pub fn nttmart(args: &[&str]) -> Run {
    nttmart_in(&repo_root(), args)
}

/// The workspace root (where `public/` and `data/` live).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("repo root")
}

/// A temporary directory removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(name: &str) -> TempDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!("nttmart-tool-test-{name}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create temp dir");
        TempDir(dir)
    }

    pub fn path(&self, file: &str) -> PathBuf {
        self.0.join(file)
    }

    pub fn write(&self, file: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(file);
        std::fs::write(&p, contents).expect("write fixture");
        p
    }

    pub fn s(&self, file: &str) -> String {
        self.path(file).to_str().expect("UTF-8 path").to_string()
    }

    /// File names in the directory, sorted.
    pub fn files(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(&self.0)
            .expect("read temp dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The sample base feed (store, outlets, categories, villages; no products).
pub fn sample_base() -> Value {
    let text = std::fs::read_to_string(repo_root().join("data/sample/base.json")).expect("data/sample/base.json");
    serde_json::from_str(&text).expect("base.json is JSON")
}

/// A small base: the sample's store, outlets and categories, and only the
/// villages Beiwali and Tiworiwu (Ngada) and Kuanino (Kota Kupang).
pub fn small_base() -> Value {
    let mut base = sample_base();
    let keep = ["beiwali-ngada", "tiworiwu-ngada", "kuanino-kota-kupang"];
    let villages: Vec<Value> = base["villages"]
        .as_array()
        .expect("villages")
        .iter()
        .filter(|v| keep.contains(&v["id"].as_str().unwrap_or("")))
        .cloned()
        .collect();
    assert_eq!(villages.len(), 3, "the sample base has the fixture villages");
    base["villages"] = Value::Array(villages);
    base
}

/// Three products: Bajawa coffee (halal + P-IRT), a Ngada tenun (not
/// applicable) and se'i babi (not halal + BPOM MD, OSOP for variety).
pub fn small_products() -> Value {
    json!([
        {
            "id": "NGD-0001", "slug": "kopi-arabika-flores-bajawa-250-g", "name": "Kopi Arabika Flores Bajawa",
            "description": "Kopi petik merah dari Beiwali.", "category": "kopi", "village": "beiwali-ngada",
            "producer": {"name": "Koperasi Produsen Kopi Beiwali", "nib": "9120015598074"},
            "price": 85000, "unit": "250 g", "stock": 10,
            "images": [{"src": "img/category/kopi.svg", "alt": "Kemasan kopi"}],
            "tags": ["kopi"], "featured": true, "flagship": true, "added": "2025-10-10", "stream": "OVOP",
            "certifications": {"halal": {"status": "certified", "certificate": "ID53090012345670925"}, "pirt": "209530901012330"}
        },
        {
            "id": "NGD-0002", "slug": "tenun-ikat-ngada", "name": "Tenun Ikat Ngada",
            "description": "Kain tenun motif kuda dari Bena.", "category": "tenun", "village": "tiworiwu-ngada",
            "producer": {"name": "Kelompok Tenun Bena"},
            "price": 1500000, "unit": "1 lembar 180 × 60 cm", "stock": 2,
            "images": [{"src": "img/category/tenun.svg", "alt": "Kain tenun"}],
            "added": "2025-10-12", "stream": "OSOP",
            "certifications": {"halal": {"status": "not_applicable"}}
        },
        {
            "id": "KPK-0001", "slug": "sei-babi-non-halal-250-g", "name": "Se'i Babi (non-halal)",
            "description": "Mengandung babi, tidak halal.", "category": "olahan", "village": "kuanino-kota-kupang",
            "producer": {"name": "UD Se'i Kuanino"},
            "price": 100000, "unit": "250 g", "stock": 4,
            "images": [{"src": "img/category/olahan.svg", "alt": "Kemasan se'i babi"}],
            "added": "2025-09-01", "stream": "OVOP",
            "certifications": {"halal": {"status": "not_halal"}, "bpom": "MD224710936105"}
        }
    ])
}

/// The small base with the small products: a valid three-product feed.
pub fn small_feed() -> Value {
    let mut feed = small_base();
    feed["products"] = small_products();
    feed
}

pub fn to_json(v: &Value) -> String {
    serde_json::to_string_pretty(v).expect("serialises")
}
