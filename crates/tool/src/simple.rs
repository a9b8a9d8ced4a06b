//! The simple home page (`OUT/sederhana/index.html`) for browsers that cannot
//! run the app: Chrome or WebView below 96, iOS below 15, WebAssembly
//! switched off (as iOS Lockdown Mode does). public/boot.js sends them here
//! instead of leaving them in front of a loader.
//!
//! Plain HTML and the site's stylesheet, no script: the featured products,
//! each linking to its static page (`produk/<slug>/`, which `pages` writes
//! with a WhatsApp order link in its first screen) and with an order link of
//! its own, and the open outlets with their WhatsApp numbers, so every
//! product can still be ordered.

use crate::links::product_url;
use crate::markup::html;
use crate::shell::Facts;
use nttmart_domain::catalog::{Catalog, LaunchStatus, Product};
use nttmart_domain::{quick_order, Lang};

/// Where the page is written, relative to the site root. boot.js names the
/// folder (`SIMPLE_HOME`); change both together.
pub const PATH: &str = "sederhana/index.html";

/// The page, with the stylesheet and Content-Security-Policy of `shell`
/// (the built index.html), so it looks like the shop and is held to the
/// same policy.
pub fn page(catalog: &Catalog, shell: &Facts) -> String {
    let stylesheet = shell.stylesheet.as_deref().unwrap_or_default();
    let policy = shell.policy.as_deref().unwrap_or_default();
    let base = catalog.store.base_url.trim().trim_end_matches('/');
    let cards: String = catalog.products.iter().filter(|p| p.featured).map(|p| card(catalog, p)).collect();
    let outlets: String = catalog
        .outlets
        .iter()
        .filter(|o| o.status == LaunchStatus::Launched)
        .map(|o| {
            let digits: String = o.whatsapp.chars().filter(char::is_ascii_digit).collect();
            format!(
                "\n          <li><strong>{name}</strong>, {town} · {hours} · <a href=\"https://wa.me/{digits}\" target=\"_blank\" rel=\"noopener noreferrer\">WhatsApp +{digits}</a></li>",
                name = html(&o.name),
                town = html(&o.town),
                hours = html(&o.hours),
            )
        })
        .collect();
    format!(
        r#"<!DOCTYPE html>
<html lang="id">
<head>
  <meta charset="utf-8">
  {policy}
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>NTT Mart — Produk Desa NTT (versi sederhana)</title>
  <meta name="description" content="Produk desa unggulan Nusa Tenggara Timur; pesan lewat WhatsApp ke outlet NTT Mart.">
  <link rel="canonical" href="{base}/">
  <link rel="icon" href="/favicon.svg" type="image/svg+xml">
  {stylesheet}
</head>
<body>
  <div class="boot">
    <header class="site-header">
      <a href="/" class="site-header__brand"><img src="/brand/wordmark.svg" alt="NTT Mart — Produk Desa NTT" width="180" height="48"></a>
    </header>
    <main>
      <p class="notice" role="note">Ini versi sederhana NTT Mart: browser ini tidak dapat menjalankan aplikasi toko (WebAssembly tidak ada atau dimatikan, misalnya di browser lama atau Mode Isolasi iPhone). Pesan lewat WhatsApp dari setiap produk. <a href="/">Buka toko lengkap</a></p>
      <h1>Produk Desa unggulan</h1>
      <div class="product-grid">{cards}
      </div>
      <section>
        <h2>Outlet NTT Mart</h2>
        <p>Produk lain dapat dipesan langsung ke outlet di kabupaten/kota Anda:</p>
        <ul>{outlets}
        </ul>
      </section>
    </main>
  </div>
</body>
</html>
"#,
        base = html(base),
    )
}

fn card(catalog: &Catalog, product: &Product) -> String {
    let picture = product
        .images
        .first()
        .map(|img| crate::first_screen::picture_html(img, nttmart_domain::photo::CARD_SIZES, false))
        .unwrap_or_default();
    let origin = [
        catalog.village(&product.village).map(|v| v.name.clone()),
        catalog.kabupaten_of(product).map(|k| k.full_name()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(", ");
    let order = quick_order::link(catalog, product, product.default_variant(), &product_url(catalog, product), Lang::Id)
        .map(|href| {
            format!(
                r#"
          <a class="button button--primary" href="{}" target="_blank" rel="noopener noreferrer" aria-label="Pesan {} lewat WhatsApp">Pesan via WA</a>"#,
                html(&href),
                html(&product.name)
            )
        })
        .unwrap_or_default();
    format!(
        r#"
        <article class="product-card">
          <a class="product-card__link" href="/produk/{slug}/">
            <div class="product-card__media">{picture}<span class="product-card__mark">Produk Desa</span></div>
            <div class="product-card__body">
              <h3 class="product-card__name">{name}</h3>
              <p class="product-card__origin">{origin}</p>
              <p class="product-card__price">{price}<span class="product-card__unit"> / {unit}</span></p>
            </div>
          </a>{order}
        </article>"#,
        slug = html(&product.slug),
        name = html(&product.name),
        origin = html(&origin),
        price = html(&product.price_text(Lang::Id)),
        unit = html(&product.unit),
    )
}
