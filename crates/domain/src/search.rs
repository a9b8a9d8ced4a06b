//! Full-text search over the catalog, built once when the feed loads and
//! queried on every keystroke, so queries must stay well under a frame even
//! at 10,000 products on a cheap phone.
//!
//! The index is an inverted index from folded words to the products (and the
//! field) they occur in. A query word matches a vocabulary word exactly, as a
//! prefix (typing "kop" finds kopi) or with one typo (bajwa finds bajawa).
//! Every query word must match (AND); scores add up field weight × match
//! quality, so a match in the name outranks one in the description.

use crate::catalog::{Catalog, Product};
use crate::kabupaten;
use crate::text;
use std::collections::HashMap;

/// How much a match in each field counts. Name matches must come first.
mod weight {
    pub const NAME: u8 = 10;
    pub const TAG: u8 = 5;
    pub const CATEGORY: u8 = 5;
    pub const PLACE: u8 = 4;
    pub const PRODUCER: u8 = 3;
    pub const DESCRIPTION: u8 = 1;
}

/// How well a query word matched a vocabulary word.
mod quality {
    pub const EXACT: u32 = 4;
    pub const PREFIX: u32 = 3;
    pub const TYPO: u32 = 2;
}

/// Words shorter than this get no typo tolerance: with three letters almost
/// every other word is one edit away.
const MIN_TYPO_LEN: usize = 4;

#[derive(Clone, Copy, Debug)]
struct Posting {
    doc: u32,
    weight: u8,
}

#[derive(Clone, Debug, Default)]
pub struct SearchIndex {
    /// Sorted vocabulary, so prefixes are a contiguous range.
    terms: Vec<Box<str>>,
    /// Postings of `terms[i]`, ordered by document.
    postings: Vec<Vec<Posting>>,
    /// Term ids grouped by length in chars, for the typo scan.
    by_len: Vec<Vec<u32>>,
    docs: usize,
}

impl SearchIndex {
    pub fn build(catalog: &Catalog) -> SearchIndex {
        let mut map: HashMap<String, Vec<Posting>> = HashMap::new();
        let mut buf = String::new();
        for (i, product) in catalog.products.iter().enumerate() {
            let doc = i as u32;
            let mut add = |field: &str, weight: u8| {
                buf.clear();
                text::fold_into(field, &mut buf);
                for word in buf.split_whitespace() {
                    let list = match map.get_mut(word) {
                        Some(list) => list,
                        None => map.entry(word.to_owned()).or_default(),
                    };
                    match list.last_mut() {
                        Some(last) if last.doc == doc => last.weight = last.weight.max(weight),
                        _ => list.push(Posting { doc, weight }),
                    }
                }
            };
            add(&product.name, weight::NAME);
            for tag in &product.tags {
                add(tag, weight::TAG);
            }
            if let Some(category) = catalog.category(&product.category) {
                add(&category.name.id, weight::CATEGORY);
                add(&category.name.en, weight::CATEGORY);
            }
            if let Some(village) = catalog.village(&product.village) {
                add(&village.name, weight::PLACE);
                if let Some(kab) = kabupaten::by_slug(&village.kabupaten) {
                    add(kab.name, weight::PLACE);
                    add(kab.capital, weight::PLACE);
                }
            }
            add(&product.producer.name, weight::PRODUCER);
            add(&product.description, weight::DESCRIPTION);
        }

        let mut entries: Vec<(String, Vec<Posting>)> = map.into_iter().collect();
        entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut by_len: Vec<Vec<u32>> = Vec::new();
        let mut terms = Vec::with_capacity(entries.len());
        let mut postings = Vec::with_capacity(entries.len());
        for (id, (term, list)) in entries.into_iter().enumerate() {
            let len = term.chars().count();
            if by_len.len() <= len {
                by_len.resize(len + 1, Vec::new());
            }
            by_len[len].push(id as u32);
            terms.push(term.into_boxed_str());
            postings.push(list);
        }
        SearchIndex { terms, postings, by_len, docs: catalog.products.len() }
    }

    pub fn vocabulary_len(&self) -> usize {
        self.terms.len()
    }

    /// Documents matching every word of `query`, with their scores, in
    /// document order. An empty query matches nothing here; callers treat
    /// it as "everything".
    pub fn search(&self, query: &str) -> Vec<(u32, u32)> {
        let words = text::tokens(query);
        if words.is_empty() {
            return Vec::new();
        }
        let mut total = vec![0u32; self.docs];
        let mut matched = vec![0u16; self.docs];
        let mut best = vec![0u32; self.docs];
        let mut touched: Vec<u32> = Vec::new();
        for (round, word) in words.iter().enumerate() {
            touched.clear();
            for (term, q) in self.candidates(word) {
                for posting in &self.postings[term as usize] {
                    let d = posting.doc as usize;
                    // Only documents that matched every earlier word can still match.
                    if matched[d] as usize != round {
                        continue;
                    }
                    let score = u32::from(posting.weight) * q;
                    if best[d] == 0 {
                        touched.push(posting.doc);
                    }
                    best[d] = best[d].max(score);
                }
            }
            if touched.is_empty() {
                return Vec::new();
            }
            for &doc in &touched {
                let d = doc as usize;
                total[d] += best[d];
                best[d] = 0;
                matched[d] += 1;
            }
        }
        let rounds = words.len() as u16;
        (0..self.docs)
            .filter(|&d| matched[d] == rounds)
            .map(|d| (d as u32, total[d]))
            .collect()
    }

    /// Vocabulary words that `word` may stand for, with match quality.
    fn candidates(&self, word: &str) -> Vec<(u32, u32)> {
        let mut out = Vec::new();
        let start = self.terms.partition_point(|t| &**t < word);
        for (offset, term) in self.terms[start..].iter().enumerate() {
            if !term.starts_with(word) {
                break;
            }
            let q = if term.len() == word.len() { quality::EXACT } else { quality::PREFIX };
            out.push(((start + offset) as u32, q));
        }
        let len = word.chars().count();
        if len >= MIN_TYPO_LEN {
            let chars: Vec<char> = word.chars().collect();
            for l in len - 1..=len + 1 {
                for &id in self.by_len.get(l).map(Vec::as_slice).unwrap_or(&[]) {
                    let term = &self.terms[id as usize];
                    if !term.starts_with(word) && within_one_edit(&chars, term) {
                        out.push((id, quality::TYPO));
                    }
                }
            }
        }
        out
    }
}

/// True when `b` is at most one insertion, deletion, substitution or
/// transposition of adjacent letters away from `a` (and differs from it).
pub fn within_one_edit(a: &[char], b: &str) -> bool {
    let b: Vec<char> = b.chars().collect();
    let (la, lb) = (a.len(), b.len());
    if la.abs_diff(lb) > 1 {
        return false;
    }
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    if prefix == la && prefix == lb {
        return false; // identical
    }
    let (ra, rb) = (&a[prefix..], &b[prefix..]);
    match la.cmp(&lb) {
        std::cmp::Ordering::Equal => {
            ra[1..] == rb[1..] // substitution
                || (ra.len() >= 2 && ra[0] == rb[1] && ra[1] == rb[0] && ra[2..] == rb[2..]) // transposition
        }
        std::cmp::Ordering::Less => ra == &rb[1..],    // insertion into a
        std::cmp::Ordering::Greater => &ra[1..] == rb, // deletion from a
    }
}

/// Name of a product folded for sorting by name, ignoring case and accents.
pub fn sort_key(product: &Product) -> String {
    text::fold(&product.name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn one_edit_covers_each_kind_of_typo() {
        assert!(within_one_edit(&chars("bajwa"), "bajawa")); // missing letter
        assert!(within_one_edit(&chars("kopii"), "kopi")); // extra letter
        assert!(within_one_edit(&chars("kopu"), "kopi")); // wrong letter
        assert!(within_one_edit(&chars("kpoi"), "kopi")); // swapped letters
        assert!(!within_one_edit(&chars("kopi"), "kopi"));
        assert!(!within_one_edit(&chars("kapu"), "kopi"));
        assert!(!within_one_edit(&chars("kop"), "kopi12"));
    }

    /// Reference Damerau-Levenshtein (optimal string alignment) distance.
    fn osa(a: &[char], b: &[char]) -> usize {
        let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
        for i in 0..=a.len() {
            d[i][0] = i;
        }
        for j in 0..=b.len() {
            d[0][j] = j;
        }
        for i in 1..=a.len() {
            for j in 1..=b.len() {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                d[i][j] = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
                }
            }
        }
        d[a.len()][b.len()]
    }

    proptest! {
        #[test]
        fn one_edit_agrees_with_reference(a in "[abk]{0,6}", b in "[abk]{0,6}") {
            let (ca, cb) = (chars(&a), chars(&b));
            prop_assert_eq!(within_one_edit(&ca, &b), osa(&ca, &cb) == 1, "{} vs {}", a, b);
        }
    }
}
