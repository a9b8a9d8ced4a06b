//! `/staf`: the staff workbench (issue 19), a third entry point with its
//! own bundle (staf.html, binary nttmart-staf), so customers never download
//! it. Staff open their product spreadsheet (or a catalog.json), see every
//! problem at its row and column in Indonesian, find products and change
//! price, stock and availability with undo, preview a product, and download
//! the checked catalog.json: the same bytes `nttmart import-csv` writes,
//! because both run `nttmart_sheet`. Photos dropped here are checked
//! against the sheet and previewed; their web sizes are made by the publish
//! step (docs/feed.md says why).

pub mod files;
mod preview;
mod table;

use files::{Opened, Photo};
use leptos::prelude::*;
use leptos::task::spawn_local;
use nttmart_domain::catalog::Catalog;
use nttmart_domain::feed::{self, Severity};
use nttmart_domain::Lang;
use nttmart_sheet::edit::History;
use nttmart_sheet::{bahasa, Found, Importer, Sources, Step};
use wasm_bindgen::JsCast;

/// The site's feed, as the base when staff open only their spreadsheet.
const SITE_FEED: &str = "/catalog.json";
/// Products read per slice of the import: about 30 ms on a mid-range
/// laptop, so the page answers between slices (BENCHMARKS.md).
const SLICE: usize = 250;

/// The files the workbench is working from.
#[derive(Clone, Debug, Default, PartialEq)]
struct Inputs {
    products: Option<(String, Vec<u8>)>,
    villages: Option<(String, Vec<u8>)>,
    base: Option<(String, Vec<u8>)>,
    feed: Option<(String, Vec<u8>)>,
    photos: Vec<Photo>,
    ignored: Vec<(String, &'static str)>,
}

/// What is being edited: the catalog (as assembled, also when it has
/// errors, so the table shows it), its problems, the edits.
#[derive(Clone, Debug, Default)]
pub(crate) struct Work {
    pub catalog: Catalog,
    pub found: Vec<Found>,
    /// Each product's first spreadsheet row, when it came from one.
    pub rows: Vec<Option<usize>>,
    pub history: History,
    pub source: String,
}

impl Work {
    fn errors(&self) -> usize {
        self.found.iter().filter(|f| f.is_error()).count()
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Status {
    Idle,
    Reading { done: usize, of: usize },
    Failed(String),
    Ready { millis: u32 },
}

pub fn start() {
    console_error_panic_hook::set_once();
    if let Some(boot) = document().get_element_by_id("boot") {
        boot.remove();
    }
    leptos::mount::mount_to_body(Workbench);
    spawn_local(keep_offline_copy());
}

/// The workbench's page and bundle, kept on this device for a visit with no
/// signal (the service worker answers /staf/ from this cache). Done by the
/// page, not the worker, so the first visit is already kept: the worker is
/// not yet in control of that page. Files of an earlier release go.
async fn keep_offline_copy() {
    const CACHE: &str = "nttmart-staf-v1";
    let document = document();
    let mut files = vec!["/staf/index.html".to_string()];
    if let Some(tag) = document.query_selector("script[data-nttmart-js]").ok().flatten() {
        files.extend(["data-nttmart-js", "data-nttmart-wasm"].iter().filter_map(|a| tag.get_attribute(a)));
    }
    if let Ok(links) = document.query_selector_all("link[rel=stylesheet]") {
        for i in 0..links.length() {
            if let Some(href) =
                links.item(i).and_then(|n| n.dyn_into::<web_sys::Element>().ok()).and_then(|e| e.get_attribute("href"))
            {
                files.push(href);
            }
        }
    }
    let Some(caches) = web_sys::window().and_then(|w| w.caches().ok()) else { return };
    let Ok(cache) = wasm_bindgen_futures::JsFuture::from(caches.open(CACHE)).await else { return };
    let cache: web_sys::Cache = cache.unchecked_into();
    if let Ok(keys) = wasm_bindgen_futures::JsFuture::from(cache.keys()).await {
        for request in js_sys::Array::from(&keys).iter() {
            let request: web_sys::Request = request.unchecked_into();
            let path = web_sys::Url::new(&request.url()).map(|u| u.pathname()).unwrap_or_default();
            if !files.contains(&path) {
                let _ = wasm_bindgen_futures::JsFuture::from(cache.delete_with_request(&request)).await;
            }
        }
    }
    let list = js_sys::Array::new();
    for f in &files {
        list.push(&wasm_bindgen::JsValue::from_str(f));
    }
    // Failure (no signal, quota) only means no offline copy this time.
    let _ = wasm_bindgen_futures::JsFuture::from(cache.add_all_with_str_sequence(&list)).await;
}

#[component]
fn Workbench() -> impl IntoView {
    let lang = crate::i18n::provide_lang();
    let inputs = RwSignal::new(Inputs::default());
    let work = RwSignal::new(None::<Work>);
    let status = RwSignal::new(Status::Idle);
    let selected = RwSignal::new(None::<usize>);
    let download = RwSignal::new(None::<String>);
    let published = RwSignal::new(std::collections::HashMap::new());
    spawn_local(async move { published.set(preview::published_photos().await) });
    // Each run of the import supersedes the one before (files opened while
    // a big sheet is still being read).
    let run = StoredValue::new(0u32);

    let open = move |list: web_sys::FileList| {
        let taken = files::take(&list);
        spawn_local(async move {
            let opened = files::read_all(taken).await;
            // Photos only: the sheet is as it was, and so are the edits.
            let sheets = opened.iter().any(|o| !matches!(o, Opened::Photo(_) | Opened::Unknown(..)));
            let edits = work.with_untracked(|w| w.as_ref().map_or(0, |w| w.history.len()));
            if sheets && edits > 0 && !confirm_discard(edits, lang.get_untracked()) {
                return;
            }
            if sheets {
                // Its position may name another product in the new sheet.
                selected.set(None);
            }
            inputs.update(|i| {
                for o in opened {
                    match o {
                        Opened::Products(n, b) => {
                            i.products = Some((n, b));
                            i.feed = None;
                        }
                        Opened::Villages(n, b) => i.villages = Some((n, b)),
                        Opened::Base(n, b) => i.base = Some((n, b)),
                        Opened::Feed(n, b) => {
                            i.feed = Some((n, b));
                            i.products = None;
                        }
                        Opened::Photo(p) => {
                            i.photos.retain(|q| q.name != p.name);
                            i.photos.push(p);
                        }
                        Opened::Unknown(n, why) => i.ignored.push((n, why)),
                    }
                }
            });
            let current = inputs.get_untracked();
            if sheets && (current.products.is_some() || current.feed.is_some()) {
                let id = run.get_value() + 1;
                run.set_value(id);
                check(current, id, run, work, status, download).await;
            }
        });
    };

    let on_pick = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        if let Some(list) = input.files() {
            open(list);
        }
        input.set_value("");
    };
    let dragging = RwSignal::new(false);
    let on_drop = move |ev: web_sys::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        if let Some(list) = ev.data_transfer().and_then(|d| d.files()) {
            open(list);
        }
    };

    // Ctrl+Z / Ctrl+Y (and Ctrl+Shift+Z) outside text fields, where the
    // browser's own undo of the typing comes first.
    let keys = window_event_listener(leptos::ev::keydown, move |ev| {
        let in_field = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
            .is_some_and(|e| matches!(e.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
        if in_field || !(ev.ctrl_key() || ev.meta_key()) {
            return;
        }
        match (ev.key().to_lowercase().as_str(), ev.shift_key()) {
            ("z", false) => {
                ev.prevent_default();
                edit(work, download, |w| w.history.undo(&mut w.catalog).is_some());
            }
            ("y", _) | ("z", true) => {
                ev.prevent_default();
                edit(work, download, |w| w.history.redo(&mut w.catalog).is_some());
            }
            _ => {}
        }
    });
    on_cleanup(move || keys.remove());

    // The sections below are made once per opened sheet, not on every
    // edit: an edit must leave the table's search, page and focus as they are.
    let has_work = Memo::new(move |_| work.with(|w| w.is_some()));
    let l = move || lang.get();
    view! {
        <a class="skip-link" href="#staf-main">{move || l().pick("Langsung ke konten", "Skip to content")}</a>
        <header class="staf-header">
            <p class="staf-header__brand"><strong>"NTT Mart"</strong>" · Produk Desa"</p>
            <h1>{move || l().pick("Meja kerja staf: katalog", "Staff workbench: catalogue")}</h1>
            <crate::i18n::LangSwitch/>
        </header>
        <main id="staf-main" class="staf">
            <section class="staf-open" aria-labelledby="staf-open-title">
                <h2 id="staf-open-title">{move || l().pick("1. Buka berkas", "1. Open files")}</h2>
                <label
                    class="staf-drop"
                    class:staf-drop--over=move || dragging.get()
                    on:dragover=move |ev: web_sys::DragEvent| {
                        ev.prevent_default();
                        dragging.set(true);
                    }
                    on:dragleave=move |_| dragging.set(false)
                    on:drop=on_drop
                >
                    <span>
                        {move || l().pick(
                            "Pilih atau seret ke sini: lembar produk (CSV dari Excel, LibreOffice atau Google Sheets), lembar desa, catalog.json, dan foto produk.",
                            "Choose or drop here: the product sheet (CSV from Excel, LibreOffice or Google Sheets), the villages sheet, a catalog.json, and product photos.",
                        )}
                    </span>
                    <input id="staf-files" type="file" multiple accept=".csv,.json,text/csv,application/json,image/jpeg,image/png,image/webp,image/svg+xml" on:change=on_pick/>
                </label>
                <OpenedList inputs lang/>
            </section>
            <StatusLine status work lang/>
            {move || has_work.get().then(|| view! {
                <ProblemList work lang/>
                <table::ProductTable work selected download lang/>
                <preview::Previews work selected photos=Signal::derive(move || inputs.with(|i| i.photos.clone())) published lang/>
                <DownloadBar work download lang/>
            })}
            <preview::PhotoCheck work photos=Signal::derive(move || inputs.with(|i| i.photos.clone())) lang/>
        </main>
    }
}

/// Opening another sheet reads it afresh: the edits made in the table
/// would go, so only when staff say so.
fn confirm_discard(edits: usize, lang: Lang) -> bool {
    let text = lang.pick(
        format!("{edits} perubahan di tabel akan hilang bila berkas baru dibuka (unduh dulu catalog.json bila perlu). Lanjutkan?"),
        format!("{edits} edits in the table will be lost when the new file opens (download catalog.json first if needed). Go on?"),
    );
    web_sys::window().and_then(|w| w.confirm_with_message(&text).ok()).unwrap_or(false)
}

/// Runs the import (or the feed check) in slices, yielding to the page
/// between them.
async fn check(
    inputs: Inputs,
    id: u32,
    run: StoredValue<u32>,
    work: RwSignal<Option<Work>>,
    status: RwSignal<Status>,
    download: RwSignal<Option<String>>,
) {
    let started = js_sys::Date::now();
    status.set(Status::Reading { done: 0, of: 0 });
    download.set(None);
    crate::tasks::yield_now().await;
    if let Some((name, bytes)) = &inputs.feed {
        match feed::parse(bytes) {
            Err(e) => fail(work, status, format!("{name}: {e}")),
            Ok(parsed) => {
                let found: Vec<Found> = parsed
                    .problems
                    .iter()
                    .map(|p| Found {
                        severity: p.severity,
                        file: name.clone(),
                        row: None,
                        label: None,
                        column: None,
                        path: Some(if p.path.is_empty() { "(feed)".into() } else { p.path.clone() }),
                        message: p.message.clone(),
                    })
                    .collect();
                match parsed.catalog {
                    // A product the check left out would be lost from the
                    // download: with errors, nothing is offered for download.
                    Some(catalog) => {
                        let rows = vec![None; catalog.products.len()];
                        let w = Work { catalog, found, rows, history: History::default(), source: name.clone() };
                        work.set(Some(w));
                        status.set(Status::Ready { millis: (js_sys::Date::now() - started) as u32 });
                    }
                    None => {
                        work.set(Some(Work { found, source: name.clone(), ..Work::default() }));
                        status.set(Status::Ready { millis: (js_sys::Date::now() - started) as u32 });
                    }
                }
            }
        }
        return;
    }
    let Some((products_name, products)) = &inputs.products else { return };
    let (base_name, base, published) = match &inputs.base {
        Some((n, b)) => (n.clone(), b.clone(), false),
        None => match site_feed().await {
            Some(bytes) => (SITE_FEED.to_string(), bytes, true),
            None => {
                fail(
                    work,
                    status,
                    "Katalog situs (/catalog.json) tidak bisa dimuat, dan belum ada salinan di perangkat ini. Buka base.json (data dasar: toko, outlet, kategori, desa) bersama lembar produk."
                        .into(),
                );
                return;
            }
        },
    };
    let sources = Sources {
        products: (products_name, products),
        base: (&base_name, &base),
        villages: inputs.villages.as_ref().map(|(n, b)| (n.as_str(), b.as_slice())),
        output: "catalog.json",
        base_is_published_feed: published,
    };
    let mut importer = match Importer::new(&sources) {
        Ok(i) => i,
        Err(e) => {
            fail(work, status, bahasa::indonesian(&e).unwrap_or(e));
            return;
        }
    };
    loop {
        if run.get_value() != id {
            return;
        }
        match importer.step(SLICE) {
            Step::More { done, of } => {
                status.set(Status::Reading { done, of });
                crate::tasks::yield_now().await;
            }
            Step::Done => break,
        }
    }
    let imported = importer.finish();
    let catalog = imported.catalog.unwrap_or_default();
    let rows = (0..catalog.products.len()).map(|i| imported.product_rows.get(i).map(|r| r.row)).collect();
    work.set(Some(Work {
        catalog,
        found: imported.found,
        rows,
        history: History::default(),
        source: products_name.clone(),
    }));
    status.set(Status::Ready { millis: (js_sys::Date::now() - started) as u32 });
}

/// A file that cannot be read at all: said so, and the table of the file
/// before goes, so nobody edits it thinking it is the new one.
fn fail(work: RwSignal<Option<Work>>, status: RwSignal<Status>, message: String) {
    work.set(None);
    status.set(Status::Failed(message));
}

/// The site's catalog.json, or the copy kept from the last time it loaded
/// (so the workbench works offline once opened).
async fn site_feed() -> Option<Vec<u8>> {
    let fetched = async {
        let response = gloo_net::http::Request::get(SITE_FEED).send().await.ok()?;
        if !response.ok() {
            return None;
        }
        response.binary().await.ok()
    }
    .await;
    match fetched {
        Some(bytes) => {
            crate::feed_cache::store("/staf/base.json", &bytes).await;
            Some(bytes)
        }
        None => crate::feed_cache::load("/staf/base.json").await.map(|(b, _)| b),
    }
}

/// Applies `change` to the work; a change invalidates the last download link.
pub(crate) fn edit(
    work: RwSignal<Option<Work>>,
    download: RwSignal<Option<String>>,
    change: impl FnOnce(&mut Work) -> bool,
) {
    let mut changed = false;
    work.update(|w| {
        if let Some(w) = w {
            changed = change(w);
        }
    });
    if changed {
        download.set(None);
    }
}

#[component]
fn OpenedList(inputs: RwSignal<Inputs>, lang: RwSignal<Lang>) -> impl IntoView {
    move || {
        let l = lang.get();
        inputs.with(|i| {
            let mut items: Vec<String> = Vec::new();
            if let Some((n, b)) = &i.products {
                items.push(format!("{}: {n} ({})", l.pick("Lembar produk", "Product sheet"), size(b.len())));
            }
            if let Some((n, b)) = &i.feed {
                items.push(format!("{}: {n} ({})", l.pick("Katalog", "Catalogue"), size(b.len())));
            }
            if let Some((n, _)) = &i.villages {
                items.push(format!("{}: {n}", l.pick("Lembar desa", "Villages sheet")));
            }
            if i.products.is_some() {
                items.push(match &i.base {
                    Some((n, _)) => format!("{}: {n}", l.pick("Data dasar", "Base data")),
                    None => l
                        .pick(
                            "Data dasar (toko, outlet, kategori, desa): katalog situs /catalog.json",
                            "Base data (store, outlets, categories, villages): the site's /catalog.json",
                        )
                        .to_string(),
                });
            }
            if !i.photos.is_empty() {
                items.push(format!("{}: {}", l.pick("Foto", "Photos"), i.photos.len()));
            }
            for (n, why) in &i.ignored {
                items.push(format!("{n}: {} ({why})", l.pick("tidak dipakai", "not used")));
            }
            (!items.is_empty()).then(|| {
                view! { <ul class="staf-opened">{items.into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}</ul> }
            })
        })
    }
}

fn size(bytes: usize) -> String {
    if bytes >= 1_000_000 {
        format!("{}.{} MB", bytes / 1_000_000, bytes % 1_000_000 / 100_000)
    } else {
        format!("{} KB", bytes.div_ceil(1000))
    }
}

#[component]
fn StatusLine(status: RwSignal<Status>, work: RwSignal<Option<Work>>, lang: RwSignal<Lang>) -> impl IntoView {
    let text = move || {
        let l = lang.get();
        match status.get() {
            Status::Idle => String::new(),
            Status::Reading { done, of: 0 } => {
                let _ = done;
                l.pick("Membaca berkas…", "Reading the files…").to_string()
            }
            Status::Reading { done, of } => {
                l.pick(format!("Memeriksa produk {done} dari {of}…"), format!("Checking product {done} of {of}…"))
            }
            Status::Failed(e) => e,
            Status::Ready { millis } => work.with(|w| {
                let Some(w) = w else { return String::new() };
                let (products, errors) = (w.catalog.products.len(), w.errors());
                let warnings = w.found.len() - errors;
                match l {
                    Lang::Id => format!(
                        "{products} produk dari {}. {errors} kesalahan, {warnings} peringatan. Diperiksa dalam {millis} ms.",
                        w.source
                    ),
                    Lang::En => format!(
                        "{products} products from {}. {errors} errors, {warnings} warnings. Checked in {millis} ms.",
                        w.source
                    ),
                }
            }),
        }
    };
    let failed = move || matches!(status.get(), Status::Failed(_));
    view! {
        // Busy while reading: a screen reader then says the outcome, not
        // every count on the way.
        <p id="staf-status" class="staf-status" class:staf-status--error=failed role="status" aria-live="polite"
            aria-busy=move || matches!(status.get(), Status::Reading { .. }).to_string()
            data-state=move || match status.get() { Status::Idle => "idle", Status::Reading { .. } => "reading", Status::Failed(_) => "failed", Status::Ready { .. } => "ready" }>
            {text}
        </p>
    }
}

/// Problems shown at once; the rest are counted (a sheet with a broken
/// header can have thousands, all alike).
const PROBLEMS_SHOWN: usize = 300;

#[component]
fn ProblemList(work: RwSignal<Option<Work>>, lang: RwSignal<Lang>) -> impl IntoView {
    move || {
        let l = lang.get();
        work.with(|w| {
            let w = w.as_ref()?;
            if w.found.is_empty() {
                return Some(
                    view! {
                        <section class="staf-problems staf-problems--none" aria-labelledby="staf-problems-title">
                            <h2 id="staf-problems-title">{l.pick("2. Masalah", "2. Problems")}</h2>
                            <p>{l.pick("Tidak ada masalah.", "No problems.")}</p>
                        </section>
                    }
                    .into_any(),
                );
            }
            let rows = w
                .found
                .iter()
                .take(PROBLEMS_SHOWN)
                .map(|f| {
                    let message = match l {
                        Lang::Id => bahasa::indonesian(&f.message).unwrap_or_else(|| f.message.clone()),
                        Lang::En => f.message.clone(),
                    };
                    let level = match f.severity {
                        Severity::Error => l.pick("Kesalahan", "Error"),
                        Severity::Warning => l.pick("Peringatan", "Warning"),
                    };
                    let place = match (f.row, &f.label) {
                        (Some(r), Some(label)) => format!("{} {r} ({label})", l.pick("baris", "row")),
                        (Some(r), None) => format!("{} {r}", l.pick("baris", "row")),
                        (None, _) => f.path.clone().unwrap_or_default(),
                    };
                    let column = f.csv_column().map(|c| if c == nttmart_sheet::import::WHOLE_ROW { l.pick("(seluruh baris)", "(whole row)").to_string() } else { c.to_string() }).unwrap_or_default();
                    view! {
                        <tr class=if f.is_error() { "staf-problem staf-problem--error" } else { "staf-problem" }
                            data-row=f.row.map(|r| r.to_string()) data-column=f.csv_column().map(str::to_string)>
                            <td>{level}</td>
                            <td>{f.file.clone()}</td>
                            <td>{place}</td>
                            <td>{column}</td>
                            <td>{message}</td>
                        </tr>
                    }
                })
                .collect_view();
            let more = w.found.len().saturating_sub(PROBLEMS_SHOWN);
            Some(
                view! {
                    <section class="staf-problems" aria-labelledby="staf-problems-title">
                        <h2 id="staf-problems-title">{l.pick("2. Masalah", "2. Problems")}</h2>
                        <div class="staf-scroll" tabindex="0" role="region" aria-labelledby="staf-problems-title">
                            <table class="staf-table">
                                <thead><tr>
                                    <th scope="col">{l.pick("Jenis", "Kind")}</th>
                                    <th scope="col">{l.pick("Berkas", "File")}</th>
                                    <th scope="col">{l.pick("Baris", "Row")}</th>
                                    <th scope="col">{l.pick("Kolom", "Column")}</th>
                                    <th scope="col">{l.pick("Masalah dan cara memperbaiki", "Problem and how to fix it")}</th>
                                </tr></thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                        {(more > 0).then(|| view! { <p>{l.pick(format!("… dan {more} masalah lagi."), format!("… and {more} more."))}</p> })}
                    </section>
                }
                .into_any(),
            )
        })
    }
}

#[component]
fn DownloadBar(
    work: RwSignal<Option<Work>>,
    download: RwSignal<Option<String>>,
    lang: RwSignal<Lang>,
) -> impl IntoView {
    let blocked = move || work.with(|w| w.as_ref().map_or(true, |w| w.errors() > 0 || w.catalog.products.is_empty()));
    let prepare = move |_| {
        // The final word is the validator's, on the bytes to be downloaded.
        let Some(json) = work.with_untracked(|w| w.as_ref().map(|w| nttmart_sheet::feed_json(&w.catalog))) else {
            return;
        };
        let problems = feed::parse(json.as_bytes()).map(|p| p.errors().count()).unwrap_or(1);
        if problems > 0 {
            return;
        }
        if let Some(old) = download.get_untracked() {
            let _ = web_sys::Url::revoke_object_url(&old);
        }
        download.set(files::object_url(&json, "application/json"));
        request_animation_frame(|| files::click("staf-download-link"));
    };
    view! {
        <section class="staf-download" aria-labelledby="staf-download-title">
            <h2 id="staf-download-title">{move || lang.get().pick("4. Unduh", "4. Download")}</h2>
            <p>{move || {
                let l = lang.get();
                let edits = work.with(|w| w.as_ref().map_or(0, |w| w.history.len()));
                if blocked() {
                    l.pick("Perbaiki semua kesalahan di lembar kerja, lalu buka lagi; katalog baru bisa diunduh setelah tidak ada kesalahan.".to_string(), "Fix every error in the sheet and open it again; the catalogue can be downloaded once there are none.".to_string())
                } else {
                    l.pick(format!("Siap: catalog.json yang sudah diperiksa, dengan {edits} perubahan. Taruh di folder situs lalu jalankan nttmart publish."), format!("Ready: the checked catalog.json, with {edits} edits. Put it in the site folder and run nttmart publish."))
                }
            }}</p>
            <button id="staf-download" type="button" class="button button--primary" disabled=blocked on:click=prepare>
                {move || lang.get().pick("Unduh catalog.json", "Download catalog.json")}
            </button>
            {move || download.get().map(|href| view! {
                <a id="staf-download-link" class="staf-download__link" href=href download="catalog.json">
                    {lang.get().pick("Unduh lagi", "Download again")}
                </a>
            })}
        </section>
    }
}
