//! `/tentang`: what NTT Mart is, the OVOP/OSOP/OCOP streams, the village
//! cooperatives, and the quality standards with what each product badge
//! means. Sections have ids (`#program`, `#koperasi`, `#standar`, `#lencana`,
//! `#outlet`) so other pages can link straight to them.

use crate::app::{use_browser, use_catalog};
use crate::i18n::use_lang;
use crate::pages::catalog::catalog_href;
use leptos::prelude::*;
use leptos_router::components::A;
use nttmart_domain::browse::{Cert, Filters, Query};
use nttmart_domain::catalog::{Halal, LaunchStatus, Stream};
use std::collections::BTreeSet;

fn cert_href(cert: Cert) -> String {
    catalog_href(&Query { filters: Filters { certs: vec![cert], ..Filters::default() }, ..Query::default() })
}

#[component]
pub fn AboutPage() -> impl IntoView {
    let catalog = use_catalog();
    let browser = use_browser();
    let lang = use_lang();

    // Everything counted here comes from the feed.
    let products = catalog.products.len();
    let villages = catalog.villages.len();
    let cooperatives = catalog.villages.iter().map(|v| v.cooperative.as_str()).collect::<BTreeSet<_>>().len();
    let outlets = catalog.outlets.len();
    let launched = catalog.outlets.iter().filter(|o| o.status == LaunchStatus::Launched).count();
    let stream_count = |s: Stream| catalog.products.iter().filter(|p| p.stream == s).count();
    let (ovop, osop, ocop) = (stream_count(Stream::Ovop), stream_count(Stream::Osop), stream_count(Stream::Ocop));
    let certs = browser.run(&Query::default()).cert_counts;
    let (halal, bpom, pirt) = (certs[Cert::Halal as usize], certs[Cert::Bpom as usize], certs[Cert::Pirt as usize]);
    let not_halal = catalog.products.iter().filter(|p| p.certifications.halal == Halal::NotHalal).count();

    // Opened as /tentang#standar: the section exists only once the feed has
    // loaded, after the browser's own jump to the anchor, so jump here.
    Effect::new(move |_| {
        request_animation_frame(|| {
            let hash = window().location().hash().unwrap_or_default();
            if let Some(el) =
                hash.strip_prefix('#').filter(|h| !h.is_empty()).and_then(|id| document().get_element_by_id(id))
            {
                el.scroll_into_view();
            }
        });
    });

    move || {
        let l = lang.get();
        let count = |n: usize| format!("{n} {}", l.pick("produk", "products"));
        view! {
            <article class="info-page about-page">
                <header class="page-intro">
                    <p class="page-intro__eyebrow">"NTT Mart — Produk Desa"</p>
                    <h1>{l.pick("Tentang NTT Mart", "About NTT Mart")}</h1>
                    <p class="page-intro__lead">{l.pick(
                        "NTT Mart adalah jaringan toko milik Pemerintah Provinsi Nusa Tenggara Timur untuk produk desa: hasil bumi, pangan olahan dan kerajinan yang dibuat di desa-desa NTT. Setiap kabupaten dan kota di NTT mendapat satu outlet NTT Mart, dan toko daring ini menjual produk yang sama.",
                        "NTT Mart is the East Nusa Tenggara (NTT) provincial government's own network of shops for produk desa, village products: produce, processed food and crafts made in NTT's villages. Every regency and city in NTT gets one NTT Mart outlet, and this online shop sells the same products.",
                    )}</p>
                    <p>{l.pick(
                        "Tujuannya sederhana: membuka pasar bagi hasil desa, supaya lebih banyak uang belanja Anda kembali ke petani, penenun dan perajin di desa.",
                        "The aim is simple: open a market for what villages make, so that more of what you spend goes back to the farmers, weavers and makers in the village.",
                    )}</p>
                    <p class="page-intro__stats">{l.pick(
                        format!("{products} produk · {villages} desa · {launched} dari {outlets} outlet sudah buka"),
                        format!("{products} products · {villages} villages · {launched} of {outlets} outlets open"),
                    )}</p>
                </header>

                <nav class="toc" aria-label=l.pick("Di halaman ini", "On this page")>
                    <ul>
                        <li><a href="#program">"OVOP · OSOP · OCOP"</a></li>
                        <li><a href="#koperasi">{l.pick("Koperasi desa", "Village cooperatives")}</a></li>
                        <li><a href="#standar">{l.pick("Standar mutu", "Quality standards")}</a></li>
                        <li><a href="#lencana">{l.pick("Arti lencana", "What the badges mean")}</a></li>
                        <li><a href="#outlet">{l.pick("Outlet", "Outlets")}</a></li>
                    </ul>
                </nav>

                <section id="program" class="info-section" aria-labelledby="program-title">
                    <h2 id="program-title">{l.pick("Satu desa, satu produk unggulan", "One village, one flagship product")}</h2>
                    <p>{l.pick(
                        "Produk masuk NTT Mart melalui tiga jalur. Halaman setiap produk menyebut jalurnya di bagian Asal produk.",
                        "Products reach NTT Mart through three streams. Every product page names its stream under Where it comes from.",
                    )}</p>
                    <dl class="stream-list">
                        <div class="stream">
                            <dt><abbr>"OVOP"</abbr>" — One Village One Product"</dt>
                            <dd>
                                <p>{l.pick(
                                    "Satu Desa Satu Produk. Setiap desa memilih satu produk unggulan dan mengembangkannya bersama, dari bahan baku sampai kemasan. Halaman desa menunjukkan unggulan masing-masing desa.",
                                    "Each village picks one flagship product and develops it together, from raw material to packaging. Each village page shows its flagship.",
                                )}</p>
                                <p class="stream__count">{count(ovop)}</p>
                            </dd>
                        </div>
                        <div class="stream">
                            <dt><abbr>"OSOP"</abbr>" — One School One Product"</dt>
                            <dd>
                                <p>{l.pick(
                                    "Satu Sekolah Satu Produk. Sekolah membuat dan menjual produk sebagai bagian dari belajar berwirausaha.",
                                    "Schools make and sell a product as part of learning to run a business.",
                                )}</p>
                                <p class="stream__count">{count(osop)}</p>
                            </dd>
                        </div>
                        <div class="stream">
                            <dt><abbr>"OCOP"</abbr>" — One Community One Product"</dt>
                            <dd>
                                <p>{l.pick(
                                    "Satu Komunitas Satu Produk. Kelompok masyarakat, seperti kelompok tani, kelompok tenun atau kelompok perempuan, mengembangkan satu produk bersama.",
                                    "Community groups, such as farmer groups, weaving groups or women's groups, develop a product together.",
                                )}</p>
                                <p class="stream__count">{count(ocop)}</p>
                            </dd>
                        </div>
                    </dl>
                </section>

                <section id="koperasi" class="info-section" aria-labelledby="koperasi-title">
                    <h2 id="koperasi-title">"Koperasi Desa Merah Putih"</h2>
                    <p>{l.pick(
                        "Di desa, penjualan diurus oleh Koperasi Desa Merah Putih: koperasi desa yang dibentuk di seluruh Indonesia berdasarkan Instruksi Presiden Nomor 9 Tahun 2025. Koperasi menampung hasil warga, membantu pengemasan dan pengurusan sertifikat, lalu menjualnya melalui NTT Mart.",
                        "In the village, sales are handled by the Koperasi Desa Merah Putih, the village cooperatives set up across Indonesia under Presidential Instruction No. 9 of 2025. The cooperative collects what villagers make, helps with packaging and certificates, and sells through NTT Mart.",
                    )}</p>
                    <p>{l.pick(
                        "Koperasi dapat memperoleh pinjaman modal hingga Rp3 miliar untuk berkembang. Nama koperasi tercantum di setiap halaman produk dan halaman desa, jadi Anda tahu siapa yang menjual.",
                        "Cooperatives can borrow up to Rp3 billion in capital to grow. The cooperative's name is on every product and village page, so you know who is selling.",
                    )}</p>
                    <p class="info-section__stat">{l.pick(
                        format!("{cooperatives} koperasi desa menjual di NTT Mart saat ini."),
                        format!("{cooperatives} village cooperatives sell at NTT Mart today."),
                    )}</p>
                </section>

                <section id="standar" class="info-section" aria-labelledby="standar-title">
                    <h2 id="standar-title">{l.pick("Standar mutu", "Quality standards")}</h2>
                    <p>{l.pick(
                        "Setiap produk pangan di NTT Mart harus memenuhi tiga syarat:",
                        "Every food product at NTT Mart must meet three requirements:",
                    )}</p>
                    <ol class="standards">
                        <li>
                            <strong>{l.pick("Higienis", "Hygienic")}</strong>
                            {l.pick(
                                " — dibuat di tempat yang bersih, dengan bahan dan kemasan yang aman untuk pangan.",
                                " — made in a clean place, with ingredients and packaging that are safe for food.",
                            )}
                        </li>
                        <li>
                            <strong>"Halal"</strong>
                            {l.pick(
                                " — bersertifikat halal dari BPJPH (Badan Penyelenggara Jaminan Produk Halal), atau ditandai dengan jelas bila tidak halal.",
                                " — halal certified by BPJPH, Indonesia's halal product assurance agency, or clearly marked when not halal.",
                            )}
                        </li>
                        <li>
                            <strong>{l.pick("Terdaftar", "Registered")}</strong>
                            {l.pick(
                                " — punya izin edar BPOM (Badan Pengawas Obat dan Makanan), atau, untuk pangan buatan rumah tangga, nomor P-IRT dari pemerintah kabupaten/kota.",
                                " — registered with BPOM, the national food and drug authority, or, for food made by a home industry, holding a P-IRT number from the regency or city government.",
                            )}
                        </li>
                    </ol>
                    <p>{l.pick(
                        "Kerajinan seperti tenun ikat bukan pangan, jadi sertifikat halal, BPOM dan P-IRT tidak berlaku untuknya. Nomor setiap sertifikat tercantum di halaman produk.",
                        "Crafts such as tenun ikat are not food, so halal, BPOM and P-IRT do not apply to them. Every certificate number is shown on the product page.",
                    )}</p>

                    <h3 id="lencana">{l.pick("Arti lencana pada produk", "What the badges on a product mean")}</h3>
                    <dl class="badge-guide">
                        <div class="badge-guide__item">
                            <dt><span class="product-card__mark badge-guide__mark">"Produk Desa"</span></dt>
                            <dd>{l.pick(
                                "Dibuat di desa di NTT dan dijual oleh koperasinya melalui NTT Mart. Semua produk di toko ini membawa tanda ini.",
                                "Made in a village in NTT and sold by its cooperative through NTT Mart. Every product in this shop carries this mark.",
                            )}</dd>
                        </div>
                        <div class="badge-guide__item">
                            <dt><span class="badge badge--halal">"Halal"</span></dt>
                            <dd>
                                {l.pick(
                                    "Bersertifikat halal BPJPH. Nomor sertifikatnya, diawali “ID”, ada di halaman produk. ",
                                    "Halal certified by BPJPH. The certificate number, starting with “ID”, is on the product page. ",
                                )}
                                <A href=cert_href(Cert::Halal)>{l.pick(format!("Lihat {halal} produk halal"), format!("See {halal} halal products"))}</A>
                            </dd>
                        </div>
                        <div class="badge-guide__item">
                            <dt><span class="badge badge--nonhalal">{l.pick("Non-halal", "Not halal")}</span></dt>
                            <dd>{l.pick(
                                format!("Mengandung babi atau bahan lain yang tidak halal, misalnya se'i babi. Tandanya dibuat sama jelasnya supaya tidak ada yang salah beli ({not_halal} produk saat ini)."),
                                format!("Contains pork or another non-halal ingredient, such as se'i babi (smoked pork). It is marked just as clearly so nobody buys it by mistake ({not_halal} products today)."),
                            )}</dd>
                        </div>
                        <div class="badge-guide__item">
                            <dt>
                                <span class="badge badge--bpom">"BPOM MD"</span>" "
                                <span class="badge badge--bpom">"BPOM ML"</span>
                            </dt>
                            <dd>
                                {l.pick(
                                    "Pangan olahan yang terdaftar di BPOM. MD berarti dibuat di Indonesia, ML berarti impor; nomornya MD atau ML diikuti 12 angka. ",
                                    "Processed food registered with BPOM. MD means made in Indonesia, ML means imported; the number is MD or ML followed by 12 digits. ",
                                )}
                                <A href=cert_href(Cert::Bpom)>{l.pick(format!("Lihat {bpom} produk BPOM"), format!("See {bpom} BPOM products"))}</A>
                            </dd>
                        </div>
                        <div class="badge-guide__item">
                            <dt><span class="badge badge--pirt">"P-IRT"</span></dt>
                            <dd>
                                {l.pick(
                                    "Pangan Industri Rumah Tangga: makanan buatan usaha rumahan yang terdaftar di pemerintah kabupaten/kota, dengan nomor 15 angka yang berlaku 5 tahun. Pangan beku, dingin atau steril tidak boleh memakai P-IRT dan harus terdaftar BPOM MD. ",
                                    "Home-industry food: made by a small home business and registered with the regency or city government under a 15-digit number valid for 5 years. Frozen, chilled or sterilised food cannot use P-IRT and needs BPOM MD. ",
                                )}
                                <A href=cert_href(Cert::Pirt)>{l.pick(format!("Lihat {pirt} produk P-IRT"), format!("See {pirt} P-IRT products"))}</A>
                            </dd>
                        </div>
                    </dl>
                </section>

                <section id="outlet" class="info-section" aria-labelledby="outlet-title">
                    <h2 id="outlet-title">{l.pick("Belanja langsung di outlet", "Shop in person")}</h2>
                    <p>{l.pick(
                        format!("{launched} dari {outlets} outlet NTT Mart sudah buka. Setiap outlet menjual produk desa dan menerima pesanan lewat WhatsApp."),
                        format!("{launched} of {outlets} NTT Mart outlets are open. Each outlet sells village products and takes orders by WhatsApp."),
                    )}</p>
                    <A href="/outlet" attr:class="button button--primary">{l.pick("Lihat peta outlet", "See the outlet map")}</A>
                </section>
            </article>
        }
    }
}
