//! `/outlet`: the NTT Mart outlet network, one shop per kabupaten/kota: a
//! schematic map of NTT's main islands with a marker per kabupaten, and the
//! list of outlets with status, address, hours and WhatsApp, all from the feed.

use crate::app::use_catalog;
use crate::i18n::use_lang;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use nttmart_domain::catalog::{LaunchStatus, Outlet};
use nttmart_domain::{date, kabupaten, Lang};

/// Where each kabupaten's marker sits on the map (viewBox 1000 × 490).
/// Roughly at its capital, nudged apart where two capitals are too close to
/// tap separately on a phone. Geography, not feed data.
// Whole numbers: integer attributes keep float printing out of the bundle.
const MARKERS: [(&str, u16, u16); 22] = [
    ("sumba-barat-daya", 52, 268),
    ("sumba-barat", 112, 284),
    ("sumba-tengah", 172, 298),
    ("sumba-timur", 250, 318),
    ("manggarai-barat", 172, 112),
    ("manggarai", 236, 124),
    ("manggarai-timur", 300, 138),
    ("ngada", 364, 132),
    ("nagekeo", 424, 100),
    ("ende", 462, 152),
    ("sikka", 546, 114),
    ("flores-timur", 620, 96),
    ("lembata", 712, 98),
    ("alor", 870, 72),
    ("sabu-raijua", 462, 414),
    ("rote-ndao", 650, 446),
    ("kota-kupang", 716, 370),
    ("kupang", 772, 318),
    ("timor-tengah-selatan", 842, 344),
    ("timor-tengah-utara", 842, 268),
    ("malaka", 916, 300),
    ("belu", 920, 226),
];

/// Where an island's name goes on the map.
type LabelAt = Option<(u16, u16)>;

/// Schematic island outlines (same viewBox) and where their names go (none
/// for islets too small to label).
const ISLANDS: [(&str, &str, LabelAt); 9] = [
    ("Flores", "M150 96 L200 84 L262 94 L322 100 L382 88 L432 76 L482 90 L540 94 L600 78 L640 68 L658 84 L642 110 L592 124 L546 136 L492 160 L440 170 L380 160 L320 166 L258 156 L200 142 L154 130 Z", Some((390, 204))),
    ("Sumba", "M22 252 L80 234 L150 248 L232 268 L302 298 L312 330 L272 346 L200 342 L128 322 L58 302 L22 282 Z", Some((170, 384))),
    ("Timor", "M694 374 L730 340 L770 300 L810 270 L852 244 L902 214 L952 190 L978 196 L962 258 L956 302 L930 332 L880 362 L820 386 L760 402 L714 402 Z", Some((820, 440))),
    ("Alor", "M800 80 L830 62 L880 56 L930 64 L940 80 L900 90 L850 88 L815 92 Z", Some((870, 36))),
    ("Pantar", "M770 82 L790 70 L800 86 L786 104 L770 98 Z", None),
    ("Lembata", "M668 102 L690 84 L730 78 L758 88 L748 106 L720 116 L684 118 Z", Some((712, 150))),
    ("Adonara", "M640 104 L660 94 L664 108 L650 116 Z", None),
    ("Rote", "M600 458 L630 440 L670 432 L700 430 L696 446 L660 458 L624 468 Z", Some((650, 490))),
    ("Sabu", "M436 414 L452 404 L478 404 L490 412 L474 422 L446 424 Z", Some((462, 452))),
];

/// Status of an outlet in words, with its date when the feed has one:
/// ("Sudah buka", "sejak 12 Agustus 2025").
pub fn status_text(outlet: &Outlet, lang: Lang) -> (&'static str, Option<String>) {
    let when = outlet.launch_date.as_deref().and_then(|d| date::format_iso(d, lang));
    match outlet.status {
        LaunchStatus::Launched => {
            (lang.pick("Sudah buka", "Open"), when.map(|d| format!("{} {d}", lang.pick("sejak", "since"))))
        }
        LaunchStatus::Planned => (
            lang.pick("Segera buka", "Coming soon"),
            when.map(|d| format!("{} {d}", lang.pick("direncanakan", "planned for"))),
        ),
    }
}

pub fn status_class(status: LaunchStatus) -> &'static str {
    match status {
        LaunchStatus::Launched => "launched",
        LaunchStatus::Planned => "planned",
    }
}

/// `628110005309` → `+62 8110005309`, as people write Indonesian numbers.
fn display_number(number: &str) -> String {
    match number.strip_prefix("62") {
        Some(rest) => format!("+62 {rest}"),
        None => format!("+{number}"),
    }
}

/// Status line plus address, hours and a WhatsApp link for one outlet.
#[component]
pub fn OutletDetails(outlet: Outlet) -> impl IntoView {
    let lang = use_lang();
    move || {
        let l = lang.get();
        let (label, when) = status_text(&outlet, l);
        let class = format!("outlet-status outlet-status--{}", status_class(outlet.status));
        let wa_href = format!("https://wa.me/{}", outlet.whatsapp);
        let number = display_number(&outlet.whatsapp);
        view! {
            <p class=class>
                <span class="outlet-status__label">{label}</span>
                {when.map(|w| view! { <span class="outlet-status__date">{w}</span> })}
            </p>
            <dl class="outlet-details">
                <dt>{l.pick("Alamat", "Address")}</dt><dd>{outlet.address.clone()}</dd>
                <dt>{l.pick("Jam buka", "Opening hours")}</dt><dd>{outlet.hours.clone()}</dd>
                <dt>"WhatsApp"</dt>
                <dd>
                    <a class="outlet-details__wa" href=wa_href target="_blank" rel="noopener noreferrer"
                        aria-label=format!("{} {} ({number})", l.pick("Chat WhatsApp dengan", "WhatsApp chat with"), outlet.name)>
                        {number.clone()}
                    </a>
                </dd>
            </dl>
        }
    }
}

/// The schematic map: islands, and one link per kabupaten coloured by its
/// outlet's status.
#[component]
fn OutletMap() -> impl IntoView {
    let catalog = use_catalog();
    let lang = use_lang();
    let navigate = use_navigate();
    move || {
        let l = lang.get();
        let islands = ISLANDS
            .iter()
            .map(|&(name, d, at)| {
                let label = at.map(
                    |(lx, ly)| view! { <text class="outlet-map__island-name" x=lx y=ly text-anchor="middle">{name}</text> },
                );
                view! { <g><path class="outlet-map__island" d=d/>{label}</g> }
            })
            .collect_view();
        let markers = MARKERS
            .iter()
            .map(|&(slug, x, y)| {
                let kab = kabupaten::by_slug(slug).expect("map markers use known kabupaten slugs");
                let outlet = catalog.outlet(slug);
                let state = outlet.map_or("unknown", |o| status_class(o.status));
                let status = outlet.map_or_else(
                    || l.pick("belum ada data outlet", "no outlet data yet").to_string(),
                    |o| {
                        let (label, when) = status_text(o, l);
                        when.map_or(label.to_ascii_lowercase(), |w| format!("{}, {w}", label.to_ascii_lowercase()))
                    },
                );
                let name = format!("{}: {status}", kab.full_name());
                let title = name.clone();
                let href = format!("/kabupaten/{slug}");
                let navigate = navigate.clone();
                let target = href.clone();
                view! {
                    <g class=format!("map-marker map-marker--{state}") data-kabupaten=slug>
                        <a href=href aria-label=name on:click=move |ev: leptos::ev::MouseEvent| {
                            // The router only intercepts HTML links; keep SVG
                            // links inside the app too (plain clicks only).
                            if ev.button() == 0 && !(ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.alt_key()) {
                                ev.prevent_default();
                                navigate(&target, Default::default());
                            }
                        }>
                            <title>{title}</title>
                            <circle class="map-marker__hit" cx=x cy=y r="32"/>
                            <circle class="map-marker__ring" cx=x cy=y r="25"/>
                            <circle class="map-marker__dot" cx=x cy=y r="14"/>
                        </a>
                    </g>
                }
            })
            .collect_view();
        view! {
            <svg class="outlet-map__svg" viewBox="0 0 1000 500" role="group" aria-label=l.pick("Peta outlet NTT Mart di Nusa Tenggara Timur", "Map of NTT Mart outlets in East Nusa Tenggara")>
                <rect class="outlet-map__sea" x="0" y="0" width="1000" height="500" rx="16"/>
                <g aria-hidden="true">
                    <text class="outlet-map__sea-name" x="300" y="34" text-anchor="middle">{l.pick("Laut Flores", "Flores Sea")}</text>
                    <text class="outlet-map__sea-name" x="520" y="300" text-anchor="middle">{l.pick("Laut Sawu", "Savu Sea")}</text>
                    {islands}
                </g>
                {markers}
            </svg>
        }
    }
}

#[component]
pub fn OutletsPage() -> impl IntoView {
    let catalog = use_catalog();
    let lang = use_lang();
    let mut outlets: Vec<(&'static kabupaten::Kabupaten, Outlet)> =
        catalog.outlets.iter().filter_map(|o| kabupaten::by_slug(&o.kabupaten).map(|k| (k, o.clone()))).collect();
    outlets.sort_unstable_by(|a, b| a.0.name.cmp(b.0.name));
    let total = outlets.len();
    let launched = outlets.iter().filter(|(_, o)| o.status == LaunchStatus::Launched).count();
    let planned = total - launched;

    let cards = outlets
        .into_iter()
        .map(|(k, outlet)| {
            let href = format!("/kabupaten/{}", k.slug);
            let (name, town) = (outlet.name.clone(), outlet.town.clone());
            let status = status_class(outlet.status);
            view! {
                <li class="outlet-card" id=format!("outlet-{}", k.slug) data-status=status>
                    <h3 class="outlet-card__name"><A href=href>{name}</A></h3>
                    <p class="outlet-card__town">{town}" · "{k.full_name()}</p>
                    <OutletDetails outlet=outlet/>
                </li>
            }
        })
        .collect_view();

    view! {
        <article class="info-page outlets-page">
            <header class="page-intro">
                <p class="page-intro__eyebrow">"NTT Mart — Produk Desa"</p>
                <h1>{move || lang.get().pick("Outlet NTT Mart", "NTT Mart outlets")}</h1>
                <p class="page-intro__lead">{move || lang.get().pick(
                    "Satu outlet di setiap kabupaten dan kota di Nusa Tenggara Timur. Datang langsung untuk melihat produk desa, atau pesan lewat WhatsApp outlet terdekat.",
                    "One outlet in every regency and city of East Nusa Tenggara. Visit to see the village products in person, or order through your nearest outlet's WhatsApp.",
                )}</p>
                <p class="outlets-page__summary" role="status">
                    <strong class="outlets-page__launched">{launched}</strong>
                    {move || lang.get().pick(format!(" dari {total} outlet sudah buka"), format!(" of {total} outlets are open"))}
                </p>
            </header>
            <section class="outlet-map" aria-labelledby="map-title">
                <h2 id="map-title">{move || lang.get().pick("Peta outlet", "Outlet map")}</h2>
                <OutletMap/>
                <ul class="map-legend">
                    <li><span class="map-legend__dot map-legend__dot--launched" aria-hidden="true"></span>
                        {move || lang.get().pick("Sudah buka", "Open")}" ("{launched}")"</li>
                    <li><span class="map-legend__dot map-legend__dot--planned" aria-hidden="true"></span>
                        {move || lang.get().pick("Segera buka", "Coming soon")}" ("{planned}")"</li>
                </ul>
                <p class="outlet-map__note">{move || lang.get().pick(
                    "Peta skematis, tidak berskala. Ketuk penanda untuk membuka halaman kabupaten/kota.",
                    "Schematic map, not to scale. Tap a marker to open the regency or city page.",
                )}</p>
            </section>
            <section class="outlets-page__list" aria-labelledby="list-title">
                <h2 id="list-title">{move || lang.get().pick("Semua outlet", "All outlets")}</h2>
                <ul class="outlet-list">{cards}</ul>
            </section>
        </article>
    }
}
