//! The staff workbench (/staf, issue 19) in a real browser: the sample
//! sheet opens with no problems and the right count, and downloads as the
//! very bytes `nttmart import-csv` writes; an edited price reaches the
//! download and undo takes it back; a sheet with ten kinds of mistakes has
//! each one reported at its row and column, in Indonesian; a 10,000-row
//! sheet is read in slices; and the workbench opens again with no signal.

use fantoccini::Locator;
use nttmart_browser_tests::{repo_root, Browser, Result, Site};
use std::path::{Path, PathBuf};

/// What `nttmart import-csv` writes for these inputs. It looks for the
/// photos the sheet names beside its output, so the output folder gets the
/// site's image folder (a link).
fn import_csv(products: &Path, base: &Path) -> String {
    let out = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(repo_root().join("public/img"), out.path().join("img")).unwrap();
    let target = out.path().join("catalog.json");
    let args: Vec<std::ffi::OsString> =
        vec!["import-csv".into(), products.into(), "--base".into(), base.into(), "-o".into(), target.clone().into()];
    let (mut o, mut e) = (Vec::new(), Vec::new());
    let code = nttmart_tool::run(&args, &mut o, &mut e);
    assert_eq!(code, 0, "{}", String::from_utf8_lossy(&e));
    std::fs::read_to_string(target).unwrap()
}

async fn open_files(browser: &Browser, files: &[&Path]) -> Result {
    let paths: Vec<String> = files.iter().map(|p| p.canonicalize().unwrap().display().to_string()).collect();
    let input = browser.client.find(Locator::Css("#staf-files")).await?;
    input.send_keys(&paths.join("\n")).await?;
    Ok(())
}

async fn wait_ready(browser: &Browser) -> Result<String> {
    if let Err(e) = browser.wait_for("#staf-status[data-state=ready], #staf-status[data-state=failed]").await {
        let status = browser.eval("return document.getElementById('staf-status').outerHTML + ' | ' + (document.querySelector('.staf-opened') || {}).textContent").await?;
        let console = browser.console().await.unwrap_or_default();
        return Err(format!("{e}: the status line: {status}; console: {console:?}").into());
    }
    let state = browser.attr("#staf-status", "data-state").await?;
    let text = browser.text("#staf-status").await?;
    assert_eq!(state.as_deref(), Some("ready"), "{text}");
    Ok(text)
}

/// The text of the file the download button offers. Read from the Blob
/// the page makes the link from: the workbench's policy lets nothing fetch
/// a blob: URL (connect-src 'self'), which is as it should be.
async fn downloaded(browser: &Browser) -> Result<String> {
    browser
        .eval(
            "if (!window.stafBlobs) {
                 window.stafBlobs = [];
                 const make = URL.createObjectURL;
                 URL.createObjectURL = (blob) => { window.stafBlobs.push(blob); return make.call(URL, blob); };
             }
             window.stafBlobs.length = 0;
             return true;",
        )
        .await?;
    browser.click("#staf-download").await?;
    browser.wait_for("#staf-download-link").await?;
    let text = browser
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             const blob = window.stafBlobs[window.stafBlobs.length - 1];
             blob ? blob.text().then(done, e => done('ERR ' + e)) : done('ERR no blob');",
            vec![],
        )
        .await?;
    Ok(text.as_str().unwrap_or_default().to_string())
}

/// The text of the dialog the page opens (it does so after reading the
/// files, a moment after they are picked).
async fn alert_text(browser: &Browser) -> Result<String> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        match browser.client.get_alert_text().await {
            Ok(text) => return Ok(text),
            Err(e) if std::time::Instant::now() > deadline => return Err(format!("no dialog: {e}").into()),
            Err(_) => tokio::time::sleep(std::time::Duration::from_millis(100)).await,
        }
    }
}

fn sample(name: &str) -> PathBuf {
    repo_root().join("data/sample").join(name)
}

#[tokio::test]
async fn the_sample_sheet_opens_clean_and_downloads_as_import_csv_writes_it() -> Result {
    let site = Site::start()?;
    let browser = Browser::start().await?;
    browser.goto(&site.url("/staf")).await?;
    browser.wait_for("#staf-files").await?;
    assert_eq!(browser.attr("meta[name=robots]", "content").await?.as_deref(), Some("noindex"));
    // Customers' phones never precache it: the worker's lists name no file of it.
    let worker = std::fs::read_to_string(nttmart_browser_tests::site::dist_dir().join("sw.js"))?;
    let lists: Vec<&str> = worker.lines().filter(|l| l.contains("PRECACHE = [")).collect();
    assert_eq!(lists.len(), 2, "{lists:?}");
    assert!(lists.iter().all(|l| !l.contains("/staf/")), "{lists:?}");

    let expected = import_csv(&sample("produk.csv"), &sample("base.json"));
    let catalog: serde_json::Value = serde_json::from_str(&expected)?;
    let products = catalog["products"].as_array().unwrap().len();

    open_files(&browser, &[&sample("produk.csv"), &sample("base.json")]).await?;
    let status = wait_ready(&browser).await?;
    assert!(status.starts_with(&format!("{products} produk dari produk.csv. 0 kesalahan, 0 peringatan")), "{status}");
    browser.wait_for_text(".staf-problems--none", "Tidak ada masalah").await?;
    assert_eq!(downloaded(&browser).await?, expected, "the download is import-csv's output, byte for byte");

    // Find a product and change its price; the download carries it.
    let first = &catalog["products"][0];
    let (id, name) = (first["id"].as_str().unwrap(), first["name"].as_str().unwrap());
    browser.type_into("#staf-search", id).await?;
    browser
        .wait_until(
            "the search to keep only that product's lines",
            "const n = parseInt(document.querySelector('.staf-count').textContent, 10); done(n >= 1 && n < 10)",
        )
        .await?;
    let row = browser.client.find(Locator::Css(".staf-table--products tbody tr")).await?;
    assert!(row.text().await?.contains(name));
    let price = browser.client.find(Locator::Css("#staf-price-0-0")).await?;
    price.clear().await?;
    price.send_keys("Rp 99.500\u{e004}").await?; // Tab: the change is committed
    browser.wait_until("the undo button to be enabled", "done(!document.getElementById('staf-undo').disabled)").await?;
    let search = browser.eval("return document.getElementById('staf-search').value").await?;
    assert_eq!(search, id, "an edit leaves the search as it was");
    let edited: serde_json::Value = serde_json::from_str(&downloaded(&browser).await?)?;
    let mut want = catalog.clone();
    let product = &mut want["products"][0];
    match product.get_mut("price") {
        Some(p) => *p = 99_500.into(),
        None => product["variants"][0]["price"] = 99_500.into(),
    }
    assert_eq!(edited, want, "only that price changed");

    // The preview: the product as a card, as its page and as its share card.
    browser.click(".staf-table--products tbody tr .button--small").await?;
    browser.wait_for_text(".staf-preview h2", name).await?;
    assert!(browser.text(".staf-preview__card").await?.to_lowercase().contains("produk desa"));
    assert!(browser.text(".staf-preview__share").await?.contains("Rp 99.500"), "the preview shows the edit");
    // Its photo as the site published it (the sheet names the same source).
    let src = browser.attr(".staf-preview__card img", "src").await?.unwrap_or_default();
    assert!(src.starts_with("/img/p/") && src.ends_with(".webp"), "{src}");
    browser
        .wait_until(
            "the published photo to show",
            "const img = document.querySelector('.staf-preview__card img'); done(img.complete && img.naturalWidth > 0)",
        )
        .await?;
    browser.wait_for_text(".staf-preview__note", "tayang di situs sekarang").await?;
    // A photo dropped (here: picked) under the name the sheet gives shows
    // instead, and is checked against the sheet.
    let image = first["images"][0]["src"].as_str().unwrap();
    open_files(&browser, &[&repo_root().join("public").join(image)]).await?;
    browser.wait_for_text(".staf-photo", &format!("Dipakai oleh {id}")).await?;
    browser.wait_for_text(".staf-photo", "2000 × 1500").await?;
    browser
        .wait_until(
            "the dropped photo in the preview",
            "done(document.querySelector('.staf-preview__card img').src.startsWith('blob:'))",
        )
        .await?;
    let price = browser.eval("return document.getElementById('staf-price-0-0').value").await?;
    assert_eq!(price, "99500", "a photo keeps the edits");
    // Opening the sheet again would lose the edit: the page asks first, and
    // "no" keeps everything.
    open_files(&browser, &[&sample("produk.csv")]).await?;
    let asked = alert_text(&browser).await?;
    assert!(asked.contains("1 perubahan di tabel akan hilang"), "{asked}");
    browser.client.dismiss_alert().await?;
    assert!(browser.text(".staf-preview__share").await?.contains("Rp 99.500"), "the edit is kept");
    let shot = browser.client.screenshot().await?;
    let dir = repo_root().join("target/screenshots");
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join("staf-preview.png"), shot)?;

    // A refused value says why and changes nothing.
    let stock = browser.client.find(Locator::Css("#staf-stock-0-0")).await?;
    stock.clear().await?;
    stock.send_keys("banyak\u{e004}").await?;
    browser.wait_for_text(".staf-cell__error", "bukan jumlah barang").await?;

    // Undo puts the old price back, in the table and in the download.
    browser.click("#staf-undo").await?;
    browser
        .wait_until(
            "the old price",
            &format!(
                "done(document.getElementById('staf-price-0-0').value === '{}')",
                first.get("price").or(first["variants"][0].get("price")).unwrap()
            ),
        )
        .await?;
    assert_eq!(downloaded(&browser).await?, expected);
    browser.close().await
}

/// Sets a cell of a `;`-separated sheet by spreadsheet row (header = 1) and
/// column header.
fn set_cell(lines: &mut [String], row: usize, column: &str, value: &str) {
    let header: Vec<String> = lines[0].split(';').map(|h| h.to_lowercase().replace(' ', "_")).collect();
    let at = header.iter().position(|h| h == column).unwrap_or_else(|| panic!("no column {column}: {header:?}"));
    let line = &mut lines[row - 1];
    assert!(!line.contains('"'), "row {row} has quoted cells");
    let mut cells: Vec<String> = line.split(';').map(str::to_string).collect();
    cells[at] = value.to_string();
    *line = cells.join(";");
}

#[tokio::test]
async fn ten_kinds_of_mistakes_are_each_reported_at_their_row_and_column() -> Result {
    let text = std::fs::read_to_string(sample("produk.csv"))?;
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let mistakes = [
        (2, "harga", "Rp 75.000,50"),
        (3, "stok", "banyak"),
        (4, "kategori", "minuman-ajaib"),
        (5, "desa", "desa-yang-tidak-ada"),
        (6, "tanggal", "31/02/2025"),
        (7, "halal", "halal"),
        (8, "bpom", "MD12"),
        (9, "nib", "123"),
        (10, "ketersediaan", "kadang-kadang"),
        (11, "program", "XYZ"),
    ];
    for (row, column, value) in mistakes {
        set_cell(&mut lines, row, column, value);
    }
    let dir = tempfile::tempdir()?;
    let broken = dir.path().join("produk-salah.csv");
    std::fs::write(&broken, lines.join("\n") + "\n")?;

    let site = Site::start()?;
    // An outlet office's laptop screen.
    let browser = Browser::with_viewport(1440, 900).await?;
    browser.goto(&site.url("/staf/")).await?;
    browser.wait_for("#staf-files").await?;
    open_files(&browser, &[&broken, &sample("base.json")]).await?;
    wait_ready(&browser).await?;
    let found = browser
        .client
        .execute(
            "return [...document.querySelectorAll('tr.staf-problem--error')].map(tr =>
                [tr.dataset.row, tr.dataset.column, tr.cells[4].textContent])",
            vec![],
        )
        .await?;
    let found: Vec<(String, String, String)> = serde_json::from_value(found)?;
    for (row, column, _) in mistakes {
        let hit = found.iter().find(|(r, c, _)| r == &row.to_string() && c == column);
        let (_, _, message) = hit.unwrap_or_else(|| panic!("row {row} column {column} not reported: {found:?}"));
        assert!(!message.contains(" is not") && !message.contains(" the "), "in Indonesian: {message}");
    }
    assert!(
        found.iter().all(|(r, _, _)| mistakes.iter().any(|(row, _, _)| r == &row.to_string())),
        "nothing else is reported: {found:?}"
    );
    assert!(browser.attr("#staf-download", "disabled").await?.is_some(), "nothing to download while there are errors");
    // A sheet that is not UTF-8 text cannot be read at all: the page says
    // how to save it, and the table of the sheet before goes.
    let latin1 = dir.path().join("produk-latin1.csv");
    std::fs::write(&latin1, b"id;nama;harga\nKPG-9;Kopi caf\xe9;25000\n")?;
    open_files(&browser, &[&latin1]).await?;
    browser.wait_for("#staf-status[data-state=failed]").await?;
    let said = browser.text("#staf-status").await?;
    assert!(said.contains("produk-latin1.csv") && said.contains("CSV UTF-8"), "{said}");
    assert!(browser.texts(".staf-table--products").await?.is_empty(), "no table of the sheet before");
    open_files(&browser, &[&broken]).await?;
    wait_ready(&browser).await?;
    let wide = browser.eval("return document.documentElement.scrollWidth <= window.innerWidth").await?;
    assert_eq!(wide, true, "no sideways scroll at 1440 px");
    let dir = repo_root().join("target/screenshots");
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join("staf-problems-1440.png"), browser.client.screenshot().await?)?;
    browser.close().await
}

#[tokio::test]
async fn a_ten_thousand_row_sheet_is_read_in_slices_and_the_workbench_opens_offline() -> Result {
    let csv = nttmart_sheet::table::enlarge(&std::fs::read_to_string(sample("produk.csv"))?, 10_000);
    let dir = tempfile::tempdir()?;
    let big = dir.path().join("produk-10000.csv");
    std::fs::write(&big, &csv)?;
    let expected = nttmart_sheet::import(&nttmart_sheet::Sources {
        products: ("produk-10000.csv", csv.as_bytes()),
        base: ("/catalog.json", &std::fs::read(nttmart_browser_tests::site::dist_dir().join("catalog.json"))?),
        villages: None,
        output: "catalog.json",
        base_is_published_feed: true,
    })
    .unwrap();
    let products = expected.checked().expect("the enlarged sheet is clean").products.len();

    let site = Site::start()?;
    let browser = Browser::start().await?;
    browser.goto(&site.url("/staf")).await?;
    browser.wait_for("#staf-files").await?;
    // Every text the status line shows, and the longest task (Chromium's
    // Long Tasks API), from before the sheet is opened.
    browser
        .eval(
            "window.stafTexts = [];
             new MutationObserver(() => window.stafTexts.push(document.getElementById('staf-status').textContent))
                .observe(document.getElementById('staf-status'), { childList: true, characterData: true, subtree: true });
             window.stafLongest = 0;
             new PerformanceObserver(l => l.getEntries().forEach(e => window.stafLongest = Math.max(window.stafLongest, e.duration)))
                .observe({ type: 'longtask' });
             return true;",
        )
        .await?;
    // Only the sheet: the base is the site's own catalog.json.
    open_files(&browser, &[&big]).await?;
    let status = wait_ready(&browser).await?;
    assert!(status.starts_with(&format!("{products} produk dari produk-10000.csv. 0 kesalahan")), "{status}");
    let progress = browser.eval("return window.stafTexts.filter(t => t.startsWith('Memeriksa produk')).length").await?;
    assert!(progress.as_u64().unwrap_or(0) >= 10, "the page showed its progress between slices: {progress}");
    let longest = browser.eval("return window.stafLongest").await?;
    println!("10,000 rows: {status} Longest task: {longest} ms");

    // With no signal, the workbench opens again from this device, and
    // reads a sheet against the saved copy of the site's catalogue.
    browser
        .wait_until(
            "the workbench is kept for offline use",
            "navigator.serviceWorker.ready.then(async () => {
                 const c = await caches.open('nttmart-staf-v1');
                 const keys = (await c.keys()).map(r => new URL(r.url).pathname);
                 done(!!navigator.serviceWorker.controller && keys.includes('/staf/index.html')
                     && keys.some(k => k.endsWith('.wasm')) && !!(await caches.open('nttmart-feed-v1').then(f => f.match('/staf/base.json'))));
             }, () => done(false));",
        )
        .await?;
    browser.set_offline(true).await?;
    browser.goto(&site.url("/staf")).await?;
    browser.wait_for("#staf-files").await?;
    open_files(&browser, &[&sample("produk.csv")]).await?;
    let status = wait_ready(&browser).await?;
    assert!(status.contains("produk dari produk.csv"), "{status}");
    browser.set_offline(false).await?;
    browser.close().await
}

/// An existing catalog.json opens as it is: clean, it downloads unchanged;
/// with a broken product, that product's problem is listed at its place and
/// nothing can be downloaded (the product the check leaves out would be lost).
#[tokio::test]
async fn an_existing_catalog_json_is_checked_and_comes_back_unchanged() -> Result {
    let published = repo_root().join("public/catalog.json");
    let original = std::fs::read_to_string(&published)?;
    let site = Site::start()?;
    let browser = Browser::start().await?;
    browser.goto(&site.url("/staf")).await?;
    browser.wait_for("#staf-files").await?;
    open_files(&browser, &[&published]).await?;
    let status = wait_ready(&browser).await?;
    assert!(status.contains("produk dari catalog.json. 0 kesalahan"), "{status}");
    assert_eq!(downloaded(&browser).await?, original, "checked and written back byte for byte");

    let mut feed: serde_json::Value = serde_json::from_str(&original)?;
    let product = &mut feed["products"][3];
    match product.get_mut("price") {
        Some(p) => *p = 0.into(),
        None => product["variants"][0]["price"] = 0.into(),
    }
    let dir = tempfile::tempdir()?;
    let broken = dir.path().join("catalog.json");
    std::fs::write(&broken, serde_json::to_string_pretty(&feed)? + "\n")?;
    open_files(&browser, &[&broken]).await?;
    let status = wait_ready(&browser).await?;
    assert!(status.contains("1 kesalahan"), "{status}");
    let problem = browser.text("tr.staf-problem--error").await?;
    assert!(problem.contains("products[3]") && problem.contains("harga"), "{problem}");
    assert!(browser.attr("#staf-download", "disabled").await?.is_some());
    browser.close().await
}

/// Files dropped on the open field (a drag and drop, as staff do from
/// their file manager) are read as picked ones are.
#[tokio::test]
async fn files_dropped_on_the_field_are_opened() -> Result {
    let site = Site::start()?;
    let browser = Browser::start().await?;
    browser.goto(&site.url("/staf")).await?;
    browser.wait_for("#staf-files").await?;
    let sheet = std::fs::read_to_string(sample("produk.csv"))?;
    // A drop carries its files in a DataTransfer; this one is made in the
    // page from the sample sheet's text.
    browser
        .client
        .execute(
            "const transfer = new DataTransfer();
             transfer.items.add(new File([arguments[0]], 'produk-diseret.csv', { type: 'text/csv' }));
             const field = document.querySelector('.staf-drop');
             field.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
             field.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));",
            vec![serde_json::Value::from(sheet)],
        )
        .await?;
    let status = wait_ready(&browser).await?;
    assert!(status.contains("produk dari produk-diseret.csv. 0 kesalahan"), "{status}");
    browser.close().await
}
