//! Screenshots of the main screens at phone, tablet, desktop and kiosk sizes, written
//! to tests/artifacts/screenshots/ (kept by CI, not committed) for a person
//! to look at. The test also checks that no page scrolls sideways.

use nttmart_browser_tests::{repo_root, Browser, Result, Site};
use nttmart_domain::payment::Method;
use nttmart_domain::slip::{Handover, Slip, SlipLine};
use nttmart_domain::{Lang, Rupiah};

/// An order of the first two sample products, delivered and paid by transfer.
fn sample_slip(feed: &serde_json::Value) -> Slip {
    let line = |p: &serde_json::Value, quantity| SlipLine {
        product_id: p["id"].as_str().unwrap().into(),
        variant: None,
        name: p["name"].as_str().unwrap().into(),
        unit: p["unit"].as_str().unwrap().into(),
        quantity,
        price: Rupiah(p["price"].as_u64().unwrap()),
    };
    Slip {
        reference: "NTT-261205-4F7K".into(),
        placed_ms: 1_796_443_200_000,
        lang: Lang::Id,
        outlet: "ngada".into(),
        name: "Maria Goreti".into(),
        phone: "6281234567890".into(),
        handover: Handover::Delivery { place: "Bajawa, Kota Bajawa".into(), address: "Jl. Ahmad Yani 5, RT 02".into() },
        note: Some("Tolong dibungkus rapi".into()),
        payment: Method::Transfer,
        delivery_fee: Some(Rupiah(10_000)),
        lines: vec![line(&feed["products"][0], 2), line(&feed["products"][1], 1)],
    }
}

const SIZES: [(&str, u32, u32); 5] = [
    ("phone", 412, 915),
    ("tablet", 820, 1180),
    ("desktop", 1440, 900),
    ("kiosk-portrait", 1080, 1920),
    ("kiosk-landscape", 1920, 1080),
];

#[tokio::test]
async fn screens_at_every_size() -> Result {
    let out = repo_root().join("tests/artifacts/screenshots");
    std::fs::create_dir_all(&out)?;
    let feed: serde_json::Value = serde_json::from_slice(&std::fs::read(repo_root().join("public/catalog.json"))?)?;
    let slug = feed["products"][0]["slug"].as_str().unwrap().to_string();
    let site = Site::start()?;
    for (name, width, height) in SIZES {
        let browser = Browser::with_viewport(width, height).await?;
        for (page, path, ready) in [
            ("home", "/".to_string(), ".product-card"),
            ("catalog", "/produk?q=kopi&sertifikasi=halal".to_string(), ".product-card"),
            ("product", format!("/produk/{slug}"), ".product-page h1"),
            ("not-found", "/produk/tidak-ada".to_string(), ".not-found h1"),
            ("about", "/tentang".to_string(), ".about-page h1"),
            ("village", format!("/desa/{}", feed["villages"][0]["id"].as_str().unwrap()), ".village-page h1"),
            ("kabupaten", "/kabupaten/ngada".to_string(), ".kabupaten-page h1"),
            ("outlets", "/outlet".to_string(), ".outlet-map__svg"),
            ("cart", "/keranjang".to_string(), ".cart-line"),
            ("orders", "/pesanan-saya".to_string(), ".order-card"),
            ("slip", format!("/pesanan#{}", sample_slip(&feed).encode()), ".slip__lines"),
            ("kiosk", "/kiosk?outlet=kota-kupang".to_string(), ".kiosk-attract .kiosk-slide"),
            // For browsers that cannot run the app: plain HTML, no app.
            ("simple", "/sederhana/".to_string(), ".product-card"),
        ] {
            if page == "cart" {
                // Two products in the cart, saved the way the app saves them.
                let p = &feed["products"];
                let saved = serde_json::json!({ "v": 2, "lines": [
                    { "id": p[0]["id"], "q": 2, "p": p[0]["price"], "n": p[0]["name"] },
                    { "id": p[1]["id"], "q": 1, "p": p[1]["price"], "n": p[1]["name"] },
                ]});
                browser.save_cart(&saved).await?;
            }
            if page == "orders" {
                let text = nttmart_domain::history::encode(&[sample_slip(&feed)]);
                browser
                    .eval(&format!(
                        "localStorage.setItem('nttmart.pesanan', {}); return null",
                        serde_json::to_string(&text)?
                    ))
                    .await?;
            }
            browser.goto(&site.url(&path)).await?;
            browser.wait_for(ready).await?;
            if page == "catalog" && width < 900 {
                browser.click(".catalog__filters-toggle").await?;
            }
            let overflow = browser
                .eval("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
                .await?;
            if overflow != 0 {
                // Name the culprits: the innermost elements that reach past the screen.
                let wide = browser
                    .eval(
                        "const w = document.documentElement.clientWidth; return [...document.querySelectorAll('body *')]\
                         .filter(e => e.getBoundingClientRect().right > w + 1 && ![...e.children].some(c => c.getBoundingClientRect().right > w + 1))\
                         .slice(0, 8).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))",
                    )
                    .await?;
                panic!("{page} at {name} scrolls sideways by {overflow} px: {wide}");
            }
            std::fs::write(out.join(format!("{page}-{name}.png")), browser.client.screenshot().await?)?;
        }
        browser.close().await?;
    }
    Ok(())
}
