//! Search, filters, facets, sorting and URL state on a small hand-made catalog.

use nttmart_domain::browse::{Browser, Cert, Filters, Query, Sort, PAGE_SIZE};
use nttmart_domain::catalog::*;
use nttmart_domain::Rupiah;
use proptest::prelude::*;

#[derive(Clone)]
struct P {
    id: &'static str,
    name: &'static str,
    description: &'static str,
    category: &'static str,
    village: &'static str,
    price: u64,
    stock: u32,
    halal: Halal,
    bpom: bool,
    pirt: bool,
    tags: &'static [&'static str],
    flagship: bool,
    featured: bool,
    added: &'static str,
}

fn certified() -> Halal {
    Halal::Certified { certificate: "ID53000012345678901".into() }
}

fn products() -> Vec<P> {
    let base = P {
        id: "",
        name: "",
        description: "Produk desa.",
        category: "kopi",
        village: "beiwali",
        price: 50_000,
        stock: 10,
        halal: certified(),
        bpom: false,
        pirt: true,
        tags: &[],
        flagship: false,
        featured: false,
        added: "2025-09-01",
    };
    vec![
        P {
            id: "P1",
            name: "Kopi Arabika Flores Bajawa",
            price: 65_000,
            flagship: true,
            featured: true,
            tags: &["arabika"],
            ..base.clone()
        },
        P {
            id: "P2",
            name: "Kopi Robusta Manggarai",
            village: "colol",
            price: 45_000,
            added: "2026-03-01",
            ..base.clone()
        },
        P {
            id: "P3",
            name: "Madu Hutan Amfoang",
            category: "madu",
            village: "amfoang",
            price: 75_000,
            bpom: true,
            pirt: false,
            added: "2026-01-10",
            ..base.clone()
        },
        P {
            id: "P4",
            name: "Gula Lontar Cair",
            description: "Manis seperti madu, dari pohon lontar.",
            category: "gula",
            village: "amfoang",
            price: 30_000,
            stock: 0,
            ..base.clone()
        },
        P {
            id: "P5",
            name: "Se'i Babi Asap (non-halal)",
            category: "olahan",
            village: "kupang-kota",
            price: 120_000,
            halal: Halal::NotHalal,
            bpom: true,
            pirt: false,
            ..base.clone()
        },
        P {
            id: "P6",
            name: "Sarung Tenun Ikat Sikka",
            category: "tenun",
            village: "watublapi",
            price: 850_000,
            halal: Halal::NotApplicable,
            pirt: false,
            stock: 2,
            added: "2025-12-24",
            ..base.clone()
        },
        P { id: "P7", name: "Café Kelor Crème", category: "kelor", village: "colol", price: 40_000, ..base.clone() },
        P {
            id: "P8",
            name: "Se'i Sapi Asap",
            category: "olahan",
            village: "kupang-kota",
            price: 110_000,
            bpom: true,
            pirt: false,
            ..base.clone()
        },
    ]
}

fn catalog() -> Catalog {
    let village = |id: &str, name: &str, kab: &str| Village {
        id: id.into(),
        name: name.into(),
        kabupaten: kab.into(),
        cooperative: format!("Koperasi Desa Merah Putih {name}"),
        flagship: "Kopi".into(),
        story: "Cerita desa.".into(),
    };
    let category =
        |id: &str, idn: &str, en: &str| Category { id: id.into(), name: Localized { id: idn.into(), en: en.into() } };
    Catalog {
        version: 1,
        store: Store {
            name: "NTT Mart".into(),
            tagline: "Produk desa".into(),
            base_url: "https://example.id".into(),
            currency: "IDR".into(),
        },
        outlets: vec![],
        categories: vec![
            category("kopi", "Kopi", "Coffee"),
            category("madu", "Madu Hutan", "Forest Honey"),
            category("gula", "Gula Lontar", "Palm Sugar"),
            category("olahan", "Makanan Olahan", "Processed Foods"),
            category("tenun", "Tenun Ikat", "Ikat Weaving"),
            category("kelor", "Kelor", "Moringa"),
        ],
        villages: vec![
            village("beiwali", "Beiwali", "ngada"),
            village("colol", "Colol", "manggarai-timur"),
            village("amfoang", "Amfoang", "kupang"),
            village("kupang-kota", "Oebobo", "kota-kupang"),
            village("watublapi", "Watublapi", "sikka"),
        ],
        products: products()
            .into_iter()
            .map(|p| Product {
                id: p.id.into(),
                slug: p.id.to_lowercase(),
                name: p.name.into(),
                description: p.description.into(),
                keywords: String::new(),
                category: p.category.into(),
                village: p.village.into(),
                producer: Producer { name: "Kelompok Tani Sehati".into(), nib: None },
                unit: "250 g".into(),
                images: vec![],
                tags: p.tags.iter().map(|t| t.to_string()).collect(),
                featured: p.featured,
                flagship: p.flagship,
                added: p.added.into(),
                stream: Stream::Ovop,
                certifications: Certifications {
                    halal: p.halal,
                    bpom: p.bpom.then(|| "MD123456789012".into()),
                    pirt: p.pirt.then(|| "206530901012329".into()),
                },
                options: vec![],
                variants: vec![Variant::only(p.id, Rupiah(p.price), p.stock, None)],
            })
            .collect(),
    }
}

fn ids(catalog: &Catalog, browser: &Browser, query: &Query) -> Vec<String> {
    browser.run(query).hits.iter().map(|&i| catalog.products[i as usize].id.clone()).collect()
}

fn text(q: &str) -> Query {
    Query { text: q.into(), ..Query::default() }
}

fn with(filters: Filters) -> Query {
    Query { filters, ..Query::default() }
}

#[test]
fn prefix_matches_while_typing() {
    let c = catalog();
    let b = Browser::build(&c);
    assert_eq!(ids(&c, &b, &text("kop")), ["P1", "P2"]);
    let mut sa = ids(&c, &b, &text("sa"));
    sa.sort();
    assert_eq!(sa, ["P6", "P8"], "sarung and sapi");
}

#[test]
fn one_typo_is_forgiven() {
    let c = catalog();
    let b = Browser::build(&c);
    assert_eq!(ids(&c, &b, &text("kopi bajwa")), ["P1"]);
    assert_eq!(ids(&c, &b, &text("amfong")), ["P3", "P4"]);
    assert!(ids(&c, &b, &text("kopi bjwx")).is_empty(), "two typos is too many");
}

#[test]
fn case_accents_and_apostrophes_are_ignored() {
    let c = catalog();
    let b = Browser::build(&c);
    assert_eq!(ids(&c, &b, &text("KOPI ARABIKA")), ["P1"]);
    assert_eq!(ids(&c, &b, &text("cafe creme")), ["P7"]);
    assert_eq!(ids(&c, &b, &text("café")), ["P7"]);
    assert_eq!(ids(&c, &b, &text("sei")), ["P5", "P8"], "both se'i, alphabetical on a tie (babi < sapi)");
}

#[test]
fn name_matches_rank_above_description_matches() {
    let c = catalog();
    let b = Browser::build(&c);
    // P4 mentions madu only in its description.
    assert_eq!(ids(&c, &b, &text("madu")), ["P3", "P4"]);
}

#[test]
fn searches_every_field() {
    let c = catalog();
    let b = Browser::build(&c);
    assert_eq!(ids(&c, &b, &text("watublapi")), ["P6"], "village");
    assert_eq!(ids(&c, &b, &text("sikka")), ["P6"], "kabupaten");
    assert_eq!(ids(&c, &b, &text("bajawa ngada")), ["P1"], "name and kabupaten together");
    assert_eq!(ids(&c, &b, &text("maumere")), ["P6"], "kabupaten capital");
    assert_eq!(ids(&c, &b, &text("moringa")), ["P7"], "category in English");
    assert_eq!(ids(&c, &b, &text("arabika")), ["P1"], "tag and name");
    assert_eq!(ids(&c, &b, &text("sehati")).len(), 8, "producer");
    assert_eq!(ids(&c, &b, &text("pohon lontar")), ["P4"], "description");
}

#[test]
fn every_word_must_match() {
    let c = catalog();
    let b = Browser::build(&c);
    assert!(ids(&c, &b, &text("kopi tenun")).is_empty());
    assert!(ids(&c, &b, &text("zzzz")).is_empty());
    assert_eq!(ids(&c, &b, &text("")).len(), 8, "empty query shows everything");
    assert_eq!(ids(&c, &b, &text("  ,;  ")).len(), 8, "punctuation-only query shows everything");
}

#[test]
fn kabupaten_filter_is_an_or_within_the_group() {
    let c = catalog();
    let b = Browser::build(&c);
    let q = with(Filters { kabupaten: vec!["ngada".into(), "sikka".into()], ..Filters::default() });
    assert_eq!(ids(&c, &b, &q), ["P1", "P6"]);
    let q = with(Filters { kabupaten: vec!["bali".into()], ..Filters::default() });
    assert!(ids(&c, &b, &q).is_empty(), "an unknown kabupaten matches nothing");
}

#[test]
fn category_filter() {
    let c = catalog();
    let b = Browser::build(&c);
    let q = with(Filters { categories: vec!["olahan".into()], ..Filters::default() });
    let mut got = ids(&c, &b, &q);
    got.sort();
    assert_eq!(got, ["P5", "P8"]);
}

#[test]
fn halal_filter_never_includes_non_halal() {
    let c = catalog();
    let b = Browser::build(&c);
    let q = Query {
        text: "sei".into(),
        filters: Filters { certs: vec![Cert::Halal], ..Filters::default() },
        ..Query::default()
    };
    assert_eq!(ids(&c, &b, &q), ["P8"]);
    let all_halal = ids(&c, &b, &with(Filters { certs: vec![Cert::Halal], ..Filters::default() }));
    assert!(!all_halal.contains(&"P5".to_string()));
    assert!(!all_halal.contains(&"P6".to_string()), "tenun is not applicable, not halal");
}

#[test]
fn certifications_must_all_hold() {
    let c = catalog();
    let b = Browser::build(&c);
    let q = with(Filters { certs: vec![Cert::Halal, Cert::Bpom], ..Filters::default() });
    let mut got = ids(&c, &b, &q);
    got.sort();
    assert_eq!(got, ["P3", "P8"]);
    let q = with(Filters { certs: vec![Cert::Pirt], ..Filters::default() });
    assert_eq!(ids(&c, &b, &q).len(), 4);
}

#[test]
fn price_stock_and_flagship_filters() {
    let c = catalog();
    let b = Browser::build(&c);
    let q = with(Filters { price_min: Some(45_000), price_max: Some(65_000), ..Filters::default() });
    let mut got = ids(&c, &b, &q);
    got.sort();
    assert_eq!(got, ["P1", "P2"], "bounds are inclusive");
    let q = with(Filters { in_stock: true, ..Filters::default() });
    assert!(!ids(&c, &b, &q).contains(&"P4".to_string()));
    assert_eq!(ids(&c, &b, &q).len(), 7);
    let q = with(Filters { flagship: true, ..Filters::default() });
    assert_eq!(ids(&c, &b, &q), ["P1"]);
}

#[test]
fn facet_counts_say_what_each_option_would_give() {
    let c = catalog();
    let b = Browser::build(&c);
    let q = with(Filters { kabupaten: vec!["ngada".into()], ..Filters::default() });
    let r = b.run(&q);
    let idx = |slug: &str| nttmart_domain::kabupaten::ALL.iter().position(|k| k.slug == slug).unwrap();
    // Choosing a kabupaten does not zero the counts of the others.
    assert_eq!(r.kabupaten_counts[idx("ngada")], 1);
    assert_eq!(r.kabupaten_counts[idx("kota-kupang")], 2);
    assert_eq!(r.kabupaten_counts[idx("kupang")], 2);
    // Other groups count within the current kabupaten selection.
    assert_eq!(r.category_counts[0], 1, "kopi in ngada");
    assert_eq!(r.category_counts[1], 0, "no madu in ngada");
    assert_eq!(r.cert_counts, [1, 0, 1]);
    assert_eq!(r.in_stock_count, 1);
    assert_eq!(r.flagship_count, 1);
    assert_eq!(r.price_range, Some((65_000, 65_000)));
}

#[test]
fn sorts() {
    let c = catalog();
    let b = Browser::build(&c);
    let sorted = |sort| ids(&c, &b, &Query { sort, ..Query::default() });
    assert_eq!(sorted(Sort::PriceAsc).first().unwrap(), "P4");
    assert_eq!(sorted(Sort::PriceDesc).first().unwrap(), "P6");
    assert_eq!(sorted(Sort::Newest)[..3], ["P2", "P3", "P6"]);
    assert_eq!(sorted(Sort::Name)[..2], ["P7", "P4"], "Café sorts as cafe");
    assert_eq!(sorted(Sort::Relevance).first().unwrap(), "P1", "featured first without a query");
}

#[test]
fn url_round_trip_and_tolerance() {
    let q = Query::from_pairs([
        ("q", "kopi"),
        ("kabupaten", "ngada,sikka"),
        ("kabupaten", "ngada"),
        ("sertifikasi", "halal,xyz"),
        ("harga_max", "100000"),
        ("stok", "1"),
        ("urut", "harga-naik"),
        ("hal", "3"),
        ("utm_source", "wa"),
    ]);
    assert_eq!(q.text, "kopi");
    assert_eq!(q.filters.kabupaten, ["ngada", "sikka"]);
    assert_eq!(q.filters.certs, [Cert::Halal]);
    assert_eq!(q.filters.price_max, Some(100_000));
    assert!(q.filters.in_stock);
    assert_eq!(q.sort, Sort::PriceAsc);
    assert_eq!(q.page, 2);
    assert_eq!(
        q.to_query_string(),
        "?q=kopi&kabupaten=ngada,sikka&sertifikasi=halal&harga_max=100000&stok=1&urut=harga-naik&hal=3"
    );
    let garbage = Query::from_pairs([("hal", "-1"), ("harga_min", "abc"), ("urut", "??")]);
    assert_eq!(garbage, Query::default());
    assert_eq!(Query::default().to_query_string(), "");
    assert_eq!(
        Query { text: "kopi & teh #1".into(), ..Query::default() }.to_query_string(),
        "?q=kopi%20%26%20teh%20%231"
    );
}

#[test]
fn pages_split_results() {
    let c = catalog();
    let b = Browser::build(&c);
    let r = b.run(&Query::default());
    assert_eq!(r.page_count(), 1);
    assert_eq!(r.page(0).len(), 8.min(PAGE_SIZE));
    assert!(r.page(5).is_empty());
}

fn arb_query() -> impl Strategy<Value = Query> {
    let slugs = prop::sample::subsequence(vec!["ngada", "sikka", "kupang", "kota-kupang", "manggarai-timur"], 0..3);
    let cats = prop::sample::subsequence(vec!["kopi", "madu", "olahan", "tenun"], 0..2);
    let certs = prop::sample::subsequence(Cert::ALL.to_vec(), 0..3);
    let words = prop::sample::select(vec!["", "kopi", "kop", "sei", "madu", "bajwa", "asap"]);
    (
        words,
        slugs,
        cats,
        certs,
        any::<bool>(),
        any::<bool>(),
        prop::option::of(0u64..200_000),
        prop::sample::select(Sort::ALL.to_vec()),
        0usize..3,
    )
        .prop_map(|(w, k, c, ce, s, f, max, sort, page)| Query {
            text: w.into(),
            filters: Filters {
                kabupaten: k.into_iter().map(String::from).collect(),
                categories: c.into_iter().map(String::from).collect(),
                certs: ce,
                price_min: None,
                price_max: max,
                in_stock: s,
                to_order: false,
                flagship: f,
            },
            sort,
            page,
        })
}

proptest! {
    /// A facet count equals the number of results the option gives when chosen.
    #[test]
    fn facet_counts_match_choosing_the_option(q in arb_query()) {
        let c = catalog();
        let b = Browser::build(&c);
        let r = b.run(&q);
        if q.filters.kabupaten.is_empty() {
            for (i, k) in nttmart_domain::kabupaten::ALL.iter().enumerate() {
                let mut chosen = q.clone();
                chosen.filters.kabupaten = vec![k.slug.to_string()];
                prop_assert_eq!(r.kabupaten_counts[i], b.run(&chosen).hits.len(), "{}", k.slug);
            }
        }
        for (i, cert) in Cert::ALL.iter().enumerate() {
            let mut chosen = q.clone();
            if !chosen.filters.certs.contains(cert) { chosen.filters.certs.push(*cert); }
            prop_assert_eq!(r.cert_counts[i], b.run(&chosen).hits.len());
        }
        let mut stocked = q.clone();
        stocked.filters.in_stock = true;
        prop_assert_eq!(r.in_stock_count, b.run(&stocked).hits.len());
    }

    #[test]
    fn url_pairs_round_trip(q in arb_query()) {
        let normal = Query::from_pairs(q.to_pairs().iter().map(|(k, v)| (*k, v.as_str())));
        let again = Query::from_pairs(normal.to_pairs().iter().map(|(k, v)| (*k, v.as_str())));
        prop_assert_eq!(&again, &normal);
        prop_assert_eq!(normal.filters.in_stock, q.filters.in_stock);
        prop_assert_eq!(normal.sort, q.sort);
        prop_assert_eq!(normal.page, q.page);
    }

    #[test]
    fn hits_are_unique_and_satisfy_filters(q in arb_query()) {
        let c = catalog();
        let b = Browser::build(&c);
        let r = b.run(&q);
        let mut seen = std::collections::HashSet::new();
        for &h in &r.hits {
            prop_assert!(seen.insert(h));
            let p = &c.products[h as usize];
            if q.filters.in_stock { prop_assert!(p.is_orderable()); }
            if q.filters.certs.contains(&Cert::Halal) { prop_assert!(p.certifications.is_halal()); }
            if let Some(max) = q.filters.price_max { prop_assert!(p.lowest_price().0 <= max); }
        }
    }

    #[test]
    fn search_never_panics(s in "\\PC{0,40}") {
        let c = catalog();
        let b = Browser::build(&c);
        let _ = b.run(&text(&s));
    }
}

proptest! {
    /// The first page's browser (no text search) gives exactly the full
    /// one's results for every query without text, and nothing for text.
    #[test]
    fn without_search_is_the_same_browser_minus_text(q in arb_query()) {
        let c = catalog();
        let (full, facets) = (Browser::build(&c), Browser::without_search(&c));
        let textless = Query { text: String::new(), ..q.clone() };
        prop_assert_eq!(facets.run(&textless), full.run(&textless));
        if !nttmart_domain::text::tokens(&q.text).is_empty() {
            prop_assert!(facets.run(&q).hits.is_empty());
        }
    }
}

#[test]
fn ready_stock_and_made_to_order_are_a_facet() {
    let mut c = catalog();
    // A tenun woven to order (no stock), and one that also has a piece in the shop.
    let woven = Availability::MadeToOrder { min_days: 21, max_days: 30 };
    c.products[5].variants[0].availability = woven;
    c.products[5].variants[0].stock = 0;
    let mut piece = c.products[6].variants[0].clone();
    piece.id = format!("{}-L", c.products[6].id);
    piece.availability = woven;
    c.products[6].variants.push(piece);
    let b = Browser::build(&c);
    let ready: Vec<String> = c
        .products
        .iter()
        .filter(|p| p.variants.iter().any(|v| v.availability == Availability::Ready && v.stock > 0))
        .map(|p| p.id.clone())
        .collect();
    let all = b.run(&Query::default());
    assert_eq!(all.to_order_count, 2);
    assert_eq!(all.in_stock_count, ready.len());
    let to_order = with(Filters { to_order: true, ..Filters::default() });
    let mut got = ids(&c, &b, &to_order);
    got.sort();
    assert_eq!(got, [c.products[5].id.as_str(), c.products[6].id.as_str()]);
    // Both: either kind (OR), as two checkboxes of one group.
    let both = with(Filters { to_order: true, in_stock: true, ..Filters::default() });
    assert_eq!(ids(&c, &b, &both).len(), ready.len() + usize::from(!ready.contains(&c.products[5].id)));
    // In the URL as `pesanan=1`, and back.
    assert_eq!(to_order.to_query_string(), "?pesanan=1");
    assert_eq!(Query::from_pairs([("pesanan", "1")]), to_order);
}
