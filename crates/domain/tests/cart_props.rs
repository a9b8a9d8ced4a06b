//! Property tests of the cart through its public API: totals, limits, undo,
//! reconcile, the storage codec and share links.

use nttmart_domain::cart::Availability;
use nttmart_domain::cart::*;
use nttmart_domain::catalog::*;
use nttmart_domain::Rupiah;
use proptest::prelude::*;
use serde_json::Value;

fn product(id: &str, price: u64, stock: u32) -> Product {
    Product {
        id: id.into(),
        slug: id.to_lowercase(),
        name: format!("Produk {id}"),
        description: "Produk desa.".into(),
        keywords: String::new(),
        category: "kopi".into(),
        village: "beiwali".into(),
        producer: Producer { name: "Koperasi".into(), nib: None },
        unit: "250 g".into(),
        images: vec![],
        tags: vec![],
        featured: false,
        flagship: false,
        added: "2025-09-01".into(),
        stream: Stream::Ovop,
        certifications: Certifications { halal: Halal::NotApplicable, bpom: None, pirt: None },
        options: vec![],
        variants: vec![Variant::only(id, Rupiah(price), stock, None)],
    }
}

fn catalog(products: Vec<Product>) -> Catalog {
    Catalog {
        version: 1,
        store: Store {
            name: "NTT Mart".into(),
            tagline: "Produk desa".into(),
            base_url: "https://example.id".into(),
            currency: "IDR".into(),
        },
        outlets: vec![],
        categories: vec![],
        villages: vec![],
        products,
    }
}

/// Any text, including separators, quotes, control characters and emoji.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[A-Z]{3}-[0-9]{4}",
        prop::collection::vec(
            prop::sample::select(vec!['.', '~', '_', '%', '"', '\\', '\n', 'é', '🐝', 'A', '-']),
            0..6
        )
        .prop_map(String::from_iter),
    ]
}

fn nonempty_text() -> impl Strategy<Value = String> {
    text().prop_filter("ids are non-empty", |s| !s.is_empty())
}

fn any_line() -> impl Strategy<Value = Line> {
    (nonempty_text(), 1..=MAX_QUANTITY_PER_LINE, any::<u64>(), text()).prop_map(
        |(product_id, quantity, price, name_seen)| Line { product_id, quantity, price_seen: Rupiah(price), name_seen },
    )
}

/// Any cart the public API can build, prices up to `u64::MAX` included.
fn any_cart() -> impl Strategy<Value = Cart> {
    prop::collection::vec(any_line(), 0..=12).prop_map(|lines| {
        let mut cart = Cart::new();
        for line in lines {
            let end = cart.len();
            let _ = cart.restore(line, end);
        }
        cart
    })
}

/// A cart with realistic prices, so totals exist.
fn priced_cart() -> impl Strategy<Value = Cart> {
    prop::collection::vec((nonempty_text(), 1..=MAX_QUANTITY_PER_LINE, 1u64..=250_000_000), 0..=20).prop_map(|lines| {
        let mut cart = Cart::new();
        for (product_id, quantity, price) in lines {
            let end = cart.len();
            let _ =
                cart.restore(Line { product_id, quantity, price_seen: Rupiah(price), name_seen: String::new() }, end);
        }
        cart
    })
}

fn assert_invariants(cart: &Cart) -> Result<(), TestCaseError> {
    prop_assert!(cart.len() <= MAX_LINES);
    let mut seen = std::collections::HashSet::new();
    for line in cart.lines() {
        prop_assert!(!line.product_id.is_empty());
        prop_assert!((1..=MAX_QUANTITY_PER_LINE).contains(&line.quantity));
        prop_assert!(seen.insert(line.product_id.clone()), "duplicate id {:?}", line.product_id);
    }
    Ok(())
}

#[derive(Clone, Debug)]
enum Op {
    Add(usize, u32),
    Set(usize, u32),
    Remove(usize),
    Undo,
    Clear,
    Restock(usize, u32),
    Reconcile,
}

fn op(products: usize) -> impl Strategy<Value = Op> {
    let p = 0..products;
    prop_oneof![
        4 => (p.clone(), any::<u32>()).prop_map(|(i, q)| Op::Add(i, q)),
        4 => (p.clone(), 0u32..200).prop_map(|(i, q)| Op::Add(i, q)),
        3 => (p.clone(), 0u32..200).prop_map(|(i, q)| Op::Set(i, q)),
        1 => (p.clone(), any::<u32>()).prop_map(|(i, q)| Op::Set(i, q)),
        2 => p.clone().prop_map(Op::Remove),
        2 => Just(Op::Undo),
        1 => Just(Op::Clear),
        2 => (p, 0u32..150).prop_map(|(i, s)| Op::Restock(i, s)),
        1 => Just(Op::Reconcile),
    ]
}

proptest! {
    #[test]
    fn total_is_the_sum_of_line_totals(cart in priced_cart()) {
        let mut sum = Rupiah::ZERO;
        for line in cart.lines() {
            let t = line.total().unwrap();
            prop_assert_eq!(t.0, line.price_seen.0 * u64::from(line.quantity));
            sum = sum.checked_add(t).unwrap();
        }
        prop_assert_eq!(cart.total(), Ok(sum));
        prop_assert_eq!(cart.count(), cart.lines().iter().map(|l| l.quantity).sum::<u32>());
    }

    #[test]
    fn totals_never_panic_and_overflow_is_an_error(cart in any_cart()) {
        let exact: u128 = cart.lines().iter().map(|l| u128::from(l.price_seen.0) * u128::from(l.quantity)).sum();
        let any_line_overflows = cart.lines().iter().any(|l| l.total().is_err());
        match cart.total() {
            Ok(total) => prop_assert_eq!(u128::from(total.0), exact),
            Err(AmountOverflow) => prop_assert!(any_line_overflows || exact > u128::from(u64::MAX)),
        }
    }

    #[test]
    fn adding_never_exceeds_stock_or_caps(
        stocks in prop::collection::vec(0u32..150, 1..6),
        adds in prop::collection::vec((0usize..6, any::<u32>()), 0..40),
    ) {
        let products: Vec<Product> = stocks.iter().enumerate().map(|(i, &s)| product(&format!("P-{i}"), 1_000, s)).collect();
        let mut cart = Cart::new();
        for (i, qty) in adds {
            let p = &products[i % products.len()];
            let before = cart.line(&p.id).map_or(0, |l| l.quantity);
            let out = cart.add(p, p.first_variant(), qty);
            let after = cart.line(&p.id).map_or(0, |l| l.quantity);
            prop_assert!(after <= p.stock().min(MAX_QUANTITY_PER_LINE));
            prop_assert_eq!(out.quantity, after);
            prop_assert_eq!(after - before, out.added);
            prop_assert!(out.added <= qty);
            prop_assert_eq!(out.was_clamped(), out.added < qty);
            assert_invariants(&cart)?;
        }
    }

    #[test]
    fn arbitrary_operation_sequences_never_panic_and_keep_invariants(
        stocks in prop::collection::vec((0u32..150, any::<u64>()), 1..8),
        ops in prop::collection::vec(op(8), 0..60),
    ) {
        let mut products: Vec<Product> =
            stocks.iter().enumerate().map(|(i, &(s, price))| product(&format!("P-{i}"), price, s)).collect();
        let mut cart = Cart::new();
        let mut undo: Vec<Removed> = Vec::new();
        for op in ops {
            let n = products.len();
            match op {
                Op::Add(i, q) => { cart.add(&products[i % n], products[i % n].first_variant(), q); }
                Op::Set(i, q) => {
                    if let SetOutcome::Removed(r) = cart.set_quantity(&products[i % n], products[i % n].first_variant(), q) {
                        undo.push(r);
                    }
                }
                Op::Remove(i) => undo.extend(cart.remove(&products[i % n].id)),
                Op::Undo => {
                    if let Some(r) = undo.pop() {
                        let _ = cart.restore(r.line, r.index);
                    }
                }
                Op::Clear => { cart.clear(); }
                Op::Restock(i, s) => products[i % n].first_variant_mut().stock = s,
                Op::Reconcile => {
                    let r = reconcile(&cart, &catalog(products.clone()));
                    let _ = r.total();
                    cart = r.into_cart();
                }
            }
            assert_invariants(&cart)?;
            let _ = cart.total();
            let _ = cart.count();
        }
    }

    #[test]
    fn remove_then_restore_is_identity(cart in any_cart(), pick in any::<prop::sample::Index>()) {
        prop_assume!(!cart.is_empty());
        let id = cart.lines()[pick.index(cart.len())].product_id.clone();
        let mut edited = cart.clone();
        let removed = edited.remove(&id).unwrap();
        prop_assert_eq!(edited.len(), cart.len() - 1);
        prop_assert_eq!(edited.restore(removed.line, removed.index), Ok(Restored::Inserted { index: pick.index(cart.len()) }));
        prop_assert_eq!(edited, cart);
    }

    #[test]
    fn reconcile_keeps_every_line_and_settles(
        cart_lines in prop::collection::vec((0usize..10, 1u32..=99, 1u64..1_000_000), 0..10),
        catalog_products in prop::collection::vec((0usize..10, 0u32..120, 1u64..1_000_000), 0..10),
    ) {
        let mut cart = Cart::new();
        for (i, q, price) in cart_lines {
            cart.add(&product(&format!("P-{i}"), price, 99), (product(&format!("P-{i}"), price, 99)).first_variant(), q);
        }
        let catalog = catalog(catalog_products.into_iter().map(|(i, s, price)| product(&format!("P-{i}"), price, s)).collect());
        let r = reconcile(&cart, &catalog);
        prop_assert_eq!(r.cart().len(), cart.len(), "nothing disappears");
        for ((line, availability), old) in r.lines().zip(cart.lines()) {
            prop_assert_eq!(&line.product_id, &old.product_id);
            match (catalog.product_by_id(&line.product_id), availability) {
                (None, Availability::Missing) => prop_assert_eq!(line, old),
                (Some(p), Availability::OutOfStock) => prop_assert_eq!(p.stock(), 0),
                (Some(p), Availability::Orderable) => {
                    prop_assert_eq!(line.price_seen, p.first_variant().price);
                    prop_assert!(line.quantity <= p.stock() && line.quantity <= old.quantity);
                }
                other => prop_assert!(false, "unexpected {:?}", other),
            }
        }
        let orderable_sum: u64 = r.orderable().map(|l| l.price_seen.0 * u64::from(l.quantity)).sum();
        prop_assert_eq!(r.total(), Ok(Rupiah(orderable_sum)));
        // A second pass finds nothing new to change.
        let again = reconcile(r.cart(), &catalog);
        prop_assert_eq!(again.cart(), r.cart());
        prop_assert!(again.notices().iter().all(|n| matches!(n.change, Change::OutOfStock | Change::Missing)));
    }

    #[test]
    fn storage_round_trips(cart in any_cart(), saved in prop::option::of(any::<u64>())) {
        let text = match saved {
            Some(ms) => encode_saved(&cart, ms),
            None => encode(&cart),
        };
        let decoded = decode(&text);
        prop_assert_eq!(&decoded.cart, &cart);
        prop_assert_eq!(decoded.format, Format::V2);
        prop_assert_eq!(decoded.saved, saved);
        prop_assert!(decoded.dropped.is_empty(), "{:?}", decoded.dropped);
    }

    #[test]
    fn decode_never_panics_on_any_text(text in any::<String>()) {
        let decoded = decode(&text);
        assert_invariants(&decoded.cart)?;
        if decoded.format != Format::Nothing && decoded.cart.is_empty() {
            // Either a readable, empty list, or the customer is told.
            prop_assert!(!decoded.dropped.is_empty() || text.contains('['));
        }
    }

    #[test]
    fn decode_survives_character_mutations(
        cart in any_cart(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0u8..3, any::<char>()), 1..6),
    ) {
        let mut chars: Vec<char> = encode(&cart).chars().collect();
        for (at, kind, c) in edits {
            let i = at.index(chars.len() + 1);
            match kind {
                0 => chars.insert(i, c),
                1 if i < chars.len() => { chars.remove(i); }
                _ if i < chars.len() => chars[i] = c,
                _ => chars.push(c),
            }
        }
        let decoded = decode(&chars.into_iter().collect::<String>());
        assert_invariants(&decoded.cart)?;
    }

    #[test]
    fn decode_accounts_for_every_entry_after_json_mutations(
        cart in any_cart(),
        field in prop::sample::select(vec!["id", "q", "p", "n", "extra"]),
        replacement in json_value(),
        pick in any::<prop::sample::Index>(),
        duplicate in any::<bool>(),
        version in prop::sample::select(vec![Value::from(2), Value::from(3), Value::from("2"), Value::Null]),
    ) {
        let mut value: Value = serde_json::from_str(&encode(&cart)).unwrap();
        let lines = value["lines"].as_array_mut().unwrap();
        if !lines.is_empty() {
            let i = pick.index(lines.len());
            lines[i][field] = replacement;
            if duplicate {
                let copy = lines[i].clone();
                lines.push(copy);
            }
        }
        let entries = lines.len();
        value["v"] = version;
        let decoded = decode(&value.to_string());
        assert_invariants(&decoded.cart)?;
        // Every saved entry became a line, was merged into one, or was
        // reported as dropped: nothing vanishes silently.
        let mut accounted = decoded.cart.len();
        for note in &decoded.dropped {
            accounted += match note.problem {
                DropProblem::Merged { .. } => 1,
                DropProblem::TooManyLines { dropped } => dropped,
                DropProblem::QuantityCapped { .. } | DropProblem::InvalidPrice | DropProblem::InvalidName => 0,
                DropProblem::Unreadable => entries,
                _ => 1,
            };
        }
        prop_assert_eq!(accounted, entries, "{:?}", decoded.dropped);
    }

    #[test]
    fn share_param_round_trips(cart in any_cart()) {
        let param = to_share_param(&cart);
        prop_assert!(param.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b)), "{}", param);
        let want: Vec<(String, u32)> = cart.lines().iter().map(|l| (l.product_id.clone(), l.quantity)).collect();
        prop_assert_eq!(from_share_param(&param), Ok(want));
    }

    #[test]
    fn share_param_parsing_never_panics(param in any::<String>(), ascii in "[A-Za-z0-9._~%-]{0,40}") {
        let _ = from_share_param(&param);
        if let Ok(pairs) = from_share_param(&ascii) {
            prop_assert!(pairs.iter().all(|(id, q)| !id.is_empty() && (1..=MAX_QUANTITY_PER_LINE).contains(q)));
        }
    }
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (-1e6f64..1e6).prop_map(Value::from),
        prop::sample::select(vec![0.0, -0.0, 2.0, 2.5, 99.0, 100.0, 1e300, -1e300]).prop_map(Value::from),
        text().prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::btree_map("[a-z]{1,3}", inner, 0..4).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// `p` given options: `n` sizes, the first at its old price.
fn with_sizes(mut p: Product, n: usize, stock: u32) -> Product {
    let sizes: Vec<String> = (0..n).map(|i| format!("{} g", 250 * (i + 1))).collect();
    p.variants = sizes
        .iter()
        .enumerate()
        .map(|(i, s)| Variant {
            id: format!("{}-S{i}", p.id),
            values: vec![s.clone()],
            price: Rupiah(p.first_variant().price.0 * (i as u64 + 1)),
            ..Variant::only("", Rupiah(1), stock, None)
        })
        .collect();
    p.options = vec![ProductOption { name: Localized { id: "Berat".into(), en: "Weight".into() }, values: sizes }];
    p
}

proptest! {
    /// A cart saved today, of products without options, read after some of
    /// them got options: nothing is lost. Every line is still there with
    /// its quantity (when a saved product line and its new default variant
    /// both exist, the two merge, capped), now naming a variant of the same
    /// product, and each moved line says so.
    #[test]
    fn carts_saved_before_options_keep_every_item(
        lines in proptest::collection::vec((0usize..6, 1u32..=99), 1..8),
        optioned in proptest::collection::vec(any::<bool>(), 6),
        sizes in 1usize..4,
        variant_first in any::<bool>(),
    ) {
        let products: Vec<Product> = (0..6).map(|i| product(&format!("P-{i}"), 10_000 + i as u64, 500)).collect();
        let mut saved = Cart::new();
        if variant_first {
            // A line already on the default variant's id (added on a newer
            // page), before the old product line.
            saved.add(&with_sizes(products[0].clone(), sizes, 500), &with_sizes(products[0].clone(), sizes, 500).variants[0], 2);
        }
        for &(i, q) in &lines {
            saved.add(&products[i], products[i].first_variant(), q);
        }
        let text = encode(&saved);
        let decoded = decode(&text);
        prop_assert_eq!(&decoded.cart, &saved);

        let mut optioned = optioned;
        optioned[0] |= variant_first;
        let new_catalog = catalog(
            products
                .iter()
                .zip(&optioned)
                .map(|(p, &o)| if o { with_sizes(p.clone(), sizes, 500) } else { p.clone() })
                .collect(),
        );
        let r = reconcile(&decoded.cart, &new_catalog);
        // Items per product, before and after.
        let per_product = |cart: &Cart| {
            let mut m = std::collections::BTreeMap::<String, u32>::new();
            for l in cart.lines() {
                let product = new_catalog.item(&l.product_id).map(|(p, _)| p.id.clone()).unwrap_or(l.product_id.clone());
                *m.entry(product).or_default() += l.quantity;
            }
            m
        };
        let before = per_product(&saved);
        let after = per_product(r.cart());
        prop_assert_eq!(before.keys().collect::<Vec<_>>(), after.keys().collect::<Vec<_>>());
        for (k, n) in &before {
            prop_assert_eq!(after[k], (*n).min(MAX_QUANTITY_PER_LINE), "{}", k);
        }
        for (line, availability) in r.lines() {
            prop_assert_eq!(availability, Availability::Orderable);
            let (p, v) = new_catalog.item(&line.product_id).unwrap();
            prop_assert_eq!(&v.id, &line.product_id, "lines name variants after reconcile");
            prop_assert_eq!(line.price_seen, v.price);
            prop_assert_eq!(&line.name_seen, &p.line_name(v));
        }
        let ids: std::collections::HashSet<&str> = r.cart().lines().iter().map(|l| l.product_id.as_str()).collect();
        prop_assert_eq!(ids.len(), r.cart().lines().len(), "ids stay unique");
        let moved = saved.lines().iter().filter(|l| new_catalog.item(&l.product_id).is_some_and(|(_, v)| v.id != l.product_id)).count();
        let told = r.notices().iter().filter(|n| n.change == Change::VariantChosen).count();
        prop_assert_eq!(told, moved);
        // Reconciling again changes nothing and says nothing more about variants.
        let again = reconcile(r.cart(), &new_catalog);
        prop_assert_eq!(again.cart(), r.cart());
        prop_assert!(again.notices().iter().all(|n| n.change != Change::VariantChosen));
    }

    /// Two variants of one product are two lines; a variant that leaves the
    /// feed stays in the cart, marked missing, named as it was.
    #[test]
    fn variants_are_separate_lines_and_a_removed_one_is_kept(a in 1u32..=20, b in 1u32..=20) {
        let p = with_sizes(product("P-0", 10_000, 500), 3, 500);
        let mut cart = Cart::new();
        cart.add(&p, &p.variants[0], a);
        cart.add(&p, &p.variants[2], b);
        prop_assert_eq!(cart.lines().len(), 2);
        prop_assert_eq!(cart.total().unwrap(), Rupiah(10_000 * u64::from(a) + 30_000 * u64::from(b)));
        let mut fewer = p.clone();
        fewer.variants.remove(2);
        fewer.options[0].values.remove(2);
        let r = reconcile(&cart, &catalog(vec![fewer]));
        prop_assert_eq!(r.cart().lines().len(), 2);
        prop_assert_eq!(r.availability(1), Some(Availability::Missing));
        prop_assert_eq!(&r.cart().lines()[1].name_seen, "Produk P-0 — 750 g");
        prop_assert_eq!(r.total().unwrap(), Rupiah(10_000 * u64::from(a)));
    }
}
