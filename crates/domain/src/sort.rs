//! One sort for the storefront's first load.
//!
//! Every `sort_unstable_by` over another element type or comparator is
//! another copy of the standard library's sort in the wasm: quicksort,
//! heapsort and the small-sort network, 2–4 KB each before compression.
//! The main module had five. Sorting `u32` ids through one comparator
//! object keeps one copy for all the sorts that go through here (issue
//! 16's and issue 20's first-load budgets); the cost is an indirect call
//! per comparison, which none of these sorts (hundreds to a few thousand
//! items, once per feed) notices.

use core::cmp::Ordering;

/// Sorts `ids` by `cmp`. Not stable: a comparator whose order must not
/// depend on the input's order breaks ties itself (by id, say).
pub fn ids_by(ids: &mut [u32], cmp: &mut dyn FnMut(u32, u32) -> Ordering) {
    ids.sort_unstable_by(|a, b| cmp(*a, *b));
}

/// `0..n` as ids, to sort with [`ids_by`].
pub fn ids(n: usize) -> Vec<u32> {
    (0..n as u32).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn orders_as_the_standard_sort_does(keys in proptest::collection::vec(0u8..20, 0..200)) {
            let mut ids = ids(keys.len());
            ids_by(&mut ids, &mut |a, b| (keys[a as usize], a).cmp(&(keys[b as usize], b)));
            let mut expected: Vec<(u8, u32)> = keys.iter().copied().zip(0..).collect();
            expected.sort();
            prop_assert_eq!(ids, expected.into_iter().map(|(_, i)| i).collect::<Vec<_>>());
        }
    }
}
