//! The workbench's edits: the fields staff change most (price, stock,
//! availability) of one variant, checked as they are typed, with undo and
//! redo. Pure, so the rules are tested here and the page only shows them.

use nttmart_domain::catalog::{Availability, Catalog};
use nttmart_domain::money::{Rupiah, MAX_PRICE};
use nttmart_domain::Lang;

/// What an edit sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Value {
    Price(Rupiah),
    Stock(u32),
    Availability(Availability),
}

/// One change: a variant of a product (positions in `catalog.products` and
/// its `variants`), its value before and after.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Edit {
    pub product: usize,
    pub variant: usize,
    pub before: Value,
    pub after: Value,
}

/// Why a typed value was refused, in the page's language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refused(pub String);

/// The edits made, newest last, and those undone (for redo).
#[derive(Clone, Debug, Default)]
pub struct History {
    done: Vec<Edit>,
    undone: Vec<Edit>,
}

impl History {
    /// Sets `value` on the variant; an edit that changes nothing is not
    /// recorded. A new edit clears what could be redone, as in any editor.
    pub fn apply(&mut self, catalog: &mut Catalog, product: usize, variant: usize, value: Value) -> Option<Edit> {
        let before = current(catalog, product, variant, value)?;
        if before == value {
            return None;
        }
        let edit = Edit { product, variant, before, after: value };
        set(catalog, product, variant, value);
        self.done.push(edit);
        self.undone.clear();
        Some(edit)
    }

    pub fn undo(&mut self, catalog: &mut Catalog) -> Option<Edit> {
        let edit = self.done.pop()?;
        set(catalog, edit.product, edit.variant, edit.before);
        self.undone.push(edit);
        Some(edit)
    }

    pub fn redo(&mut self, catalog: &mut Catalog) -> Option<Edit> {
        let edit = self.undone.pop()?;
        set(catalog, edit.product, edit.variant, edit.after);
        self.done.push(edit);
        Some(edit)
    }

    pub fn can_undo(&self) -> bool {
        !self.done.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.undone.is_empty()
    }

    /// How many edits are in effect.
    pub fn len(&self) -> usize {
        self.done.len()
    }

    pub fn is_empty(&self) -> bool {
        self.done.is_empty()
    }
}

/// The variant's value of the same kind as `like`.
fn current(catalog: &Catalog, product: usize, variant: usize, like: Value) -> Option<Value> {
    let v = catalog.products.get(product)?.variants.get(variant)?;
    Some(match like {
        Value::Price(_) => Value::Price(v.price),
        Value::Stock(_) => Value::Stock(v.stock),
        Value::Availability(_) => Value::Availability(v.availability),
    })
}

fn set(catalog: &mut Catalog, product: usize, variant: usize, value: Value) {
    let Some(v) = catalog.products.get_mut(product).and_then(|p| p.variants.get_mut(variant)) else {
        return;
    };
    match value {
        Value::Price(p) => v.price = p,
        Value::Stock(s) => v.stock = s,
        Value::Availability(a) => v.availability = a,
    }
}

/// A typed price: as in the spreadsheet (`Rp 25.000`, `25000`), above Rp 0,
/// at most the feed's limit, and below the price before a discount when
/// the variant shows one (or the shop would show no discount).
pub fn price(text: &str, compare_at: Option<Rupiah>, lang: Lang) -> Result<Rupiah, Refused> {
    let refuse = |id: String, en: String| Err(Refused(lang.pick(id, en)));
    match Rupiah::parse(text) {
        Err(_) => refuse(
            format!("`{}` bukan harga; tulis misalnya 25000 atau Rp 25.000", text.trim()),
            format!("`{}` is not a price; write e.g. 25000 or Rp 25.000", text.trim()),
        ),
        Ok(Rupiah(0)) => refuse("Harga harus lebih dari Rp 0".into(), "The price must be more than Rp 0".into()),
        Ok(p) if p > MAX_PRICE => refuse(
            format!("{p} terlalu tinggi; batasnya {MAX_PRICE}. Ada nol berlebih?"),
            format!("{p} is too high; the limit is {MAX_PRICE}. An extra zero?"),
        ),
        Ok(p) => match compare_at {
            Some(c) if c <= p => refuse(
                format!("Harga coret varian ini {c}; harga harus di bawahnya (ubah harga coret di spreadsheet)"),
                format!("This variant's price before discount is {c}; the price must be below it"),
            ),
            _ => Ok(p),
        },
    }
}

/// A typed stock count: a whole number, `1.250` as Indonesian spreadsheets
/// write thousands.
pub fn stock(text: &str, lang: Lang) -> Result<u32, Refused> {
    let t = text.trim();
    let groups: Vec<&str> = t.split('.').collect();
    let grouped = groups.len() == 1 || groups[1..].iter().all(|g| g.len() == 3);
    let digits = groups.concat();
    match digits.parse::<u32>() {
        Ok(n) if grouped && !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) => Ok(n),
        _ => Err(Refused(lang.pick(
            format!("`{t}` bukan jumlah barang; tulis bilangan bulat (0 = habis)"),
            format!("`{t}` is not a number of items; write a whole number (0 = sold out)"),
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sample() -> Catalog {
        let imported = crate::import(&crate::Sources {
            products: ("produk.csv", include_bytes!("../../../data/sample/produk.csv")),
            base: ("base.json", include_bytes!("../../../data/sample/base.json")),
            villages: None,
            output: "catalog.json",
            base_is_published_feed: false,
        })
        .unwrap();
        imported.checked().cloned().expect("the sample imports cleanly")
    }

    #[test]
    fn undo_and_redo_put_values_back() {
        let mut catalog = sample();
        let original = catalog.clone();
        let mut history = History::default();
        history.apply(&mut catalog, 0, 0, Value::Price(Rupiah(99_000))).unwrap();
        history.apply(&mut catalog, 1, 0, Value::Stock(3)).unwrap();
        history.apply(&mut catalog, 0, 0, Value::Availability(Availability::SoldOut)).unwrap();
        assert_eq!(catalog.products[0].variants[0].price, Rupiah(99_000));
        assert_eq!(history.len(), 3);
        while history.undo(&mut catalog).is_some() {}
        assert_eq!(catalog, original);
        assert!(history.can_redo() && !history.can_undo());
        history.redo(&mut catalog).unwrap();
        assert_eq!(catalog.products[0].variants[0].price, Rupiah(99_000));
        // A new edit forgets what was undone.
        history.apply(&mut catalog, 2, 0, Value::Stock(7)).unwrap();
        assert!(!history.can_redo());
    }

    #[test]
    fn an_edit_that_changes_nothing_is_not_recorded() {
        let mut catalog = sample();
        let price = catalog.products[0].variants[0].price;
        let mut history = History::default();
        assert_eq!(history.apply(&mut catalog, 0, 0, Value::Price(price)), None);
        assert_eq!(history.apply(&mut catalog, 99_999, 0, Value::Stock(1)), None, "no such product");
        assert!(history.is_empty());
    }

    #[test]
    fn prices_and_stock_as_staff_type_them() {
        assert_eq!(price("Rp 125.000", None, Lang::Id), Ok(Rupiah(125_000)));
        assert_eq!(price("125000", Some(Rupiah(150_000)), Lang::Id), Ok(Rupiah(125_000)));
        assert!(price("0", None, Lang::Id).unwrap_err().0.contains("lebih dari Rp 0"));
        assert!(price("12,5", None, Lang::Id).unwrap_err().0.contains("`12,5` bukan harga"));
        assert!(price("900.000.000", None, Lang::Id).unwrap_err().0.contains("Rp 250.000.000"));
        assert!(price("150.000", Some(Rupiah(150_000)), Lang::Id).unwrap_err().0.contains("Rp 150.000"));
        assert_eq!(stock("1.250", Lang::Id), Ok(1250));
        assert_eq!(stock(" 0 ", Lang::Id), Ok(0));
        for bad in ["", "-1", "1,5", "12.5", "sepuluh"] {
            assert!(stock(bad, Lang::Id).is_err(), "{bad}");
        }
    }

    proptest! {
        /// Any sequence of edits, undone in full, leaves the catalog as it
        /// was; redone in full, as it was after the edits.
        #[test]
        fn undo_all_restores_and_redo_all_replays(
            edits in proptest::collection::vec((0usize..40, 0usize..3, 0u8..3, 0u32..500_000), 0..40)
        ) {
            let mut catalog = sample();
            let original = catalog.clone();
            let mut history = History::default();
            for (product, variant, kind, n) in edits {
                let value = match kind {
                    0 => Value::Price(Rupiah(u64::from(n) + 1)),
                    1 => Value::Stock(n),
                    _ => Value::Availability(if n % 2 == 0 { Availability::Ready } else { Availability::SoldOut }),
                };
                history.apply(&mut catalog, product, variant, value);
            }
            let edited = catalog.clone();
            while history.undo(&mut catalog).is_some() {}
            prop_assert_eq!(&catalog, &original);
            while history.redo(&mut catalog).is_some() {}
            prop_assert_eq!(&catalog, &edited);
        }
    }
}
