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
use std::hash::{BuildHasherDefault, Hasher};

/// How much a match in each field counts. Name matches must come first.
mod weight {
    pub const NAME: u8 = 10;
    pub const TAG: u8 = 5;
    pub const CATEGORY: u8 = 5;
    pub const PLACE: u8 = 4;
    pub const PRODUCER: u8 = 3;
    /// "500 g", "biji": what a variant is.
    pub const OPTION: u8 = 4;
    pub const UNIT: u8 = 2;
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
        let mut b = Builder::default();
        let mut words: Vec<u32> = Vec::new();
        // Category and village words are shared by many products: fold and
        // look them up once per category/village, not once per product. The
        // first of repeated ids wins, as with `Catalog::category`/`village`.
        let mut categories: HashMap<&str, Vec<u32>, WordHash> = HashMap::default();
        for c in &catalog.categories {
            if !categories.contains_key(c.id.as_str()) {
                let mut ids = Vec::new();
                b.words(&c.name.id, &mut ids);
                b.words(&c.name.en, &mut ids);
                categories.insert(&c.id, ids);
            }
        }
        let mut villages: HashMap<&str, Vec<u32>, WordHash> = HashMap::default();
        for v in &catalog.villages {
            if !villages.contains_key(v.id.as_str()) {
                let mut ids = Vec::new();
                b.words(&v.name, &mut ids);
                if let Some(kab) = kabupaten::by_slug(&v.kabupaten) {
                    b.words(kab.name, &mut ids);
                    b.words(kab.capital, &mut ids);
                }
                villages.insert(&v.id, ids);
            }
        }

        for (i, product) in catalog.products.iter().enumerate() {
            let doc = i as u32;
            let mut add = |b: &mut Builder, field: &str, weight: u8| {
                words.clear();
                b.words(field, &mut words);
                for &term in &words {
                    b.post(term, doc, weight);
                }
            };
            add(&mut b, &product.name, weight::NAME);
            for tag in &product.tags {
                add(&mut b, tag, weight::TAG);
            }
            for &term in categories.get(product.category.as_str()).map_or(&[][..], Vec::as_slice) {
                b.post(term, doc, weight::CATEGORY);
            }
            for &term in villages.get(product.village.as_str()).map_or(&[][..], Vec::as_slice) {
                b.post(term, doc, weight::PLACE);
            }
            add(&mut b, &product.producer.name, weight::PRODUCER);
            add(&mut b, &product.unit, weight::UNIT);
            for value in product.options.iter().flat_map(|o| &o.values) {
                add(&mut b, value, weight::OPTION);
            }
            // A whole feed has the description; an index feed its keywords.
            add(&mut b, &product.description, weight::DESCRIPTION);
            add(&mut b, &product.keywords, weight::DESCRIPTION);
        }
        b.finish(catalog.products.len())
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
        // The last round touched exactly the documents that matched every word.
        let rounds = words.len() as u16;
        let mut hits = Vec::with_capacity(touched.len());
        hits.extend((0..self.docs).filter(|&d| matched[d] == rounds).map(|d| (d as u32, total[d])));
        hits
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

/// Collects postings while the index is built: words get ids in order of
/// first appearance, and postings are kept per id.
#[derive(Default)]
struct Builder {
    ids: HashMap<Box<str>, u32, WordHash>,
    postings: Vec<Vec<Posting>>,
    buf: String,
}

impl Builder {
    /// Appends the ids of the folded words of `text` to `out`.
    fn words(&mut self, text: &str, out: &mut Vec<u32>) {
        let Builder { ids, postings, buf } = self;
        for_each_word(text, buf, |word| {
            let id = match ids.get(word) {
                Some(&id) => id,
                None => {
                    let id = postings.len() as u32;
                    ids.insert(word.into(), id);
                    postings.push(Vec::new());
                    id
                }
            };
            out.push(id);
        });
    }

    /// Records that `doc` contains `term` in a field of `weight`; a document
    /// keeps one posting per word, with its best field.
    fn post(&mut self, term: u32, doc: u32, weight: u8) {
        let list = &mut self.postings[term as usize];
        match list.last_mut() {
            Some(last) if last.doc == doc => last.weight = last.weight.max(weight),
            _ => list.push(Posting { doc, weight }),
        }
    }

    fn finish(mut self, docs: usize) -> SearchIndex {
        // Words seen only in categories or villages that no product uses
        // have no postings and are not part of the vocabulary.
        let mut entries: Vec<(Box<str>, u32)> =
            self.ids.into_iter().filter(|&(_, id)| !self.postings[id as usize].is_empty()).collect();
        entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut by_len: Vec<Vec<u32>> = Vec::new();
        let mut terms = Vec::with_capacity(entries.len());
        let mut postings = Vec::with_capacity(entries.len());
        for (sorted_id, (term, id)) in entries.into_iter().enumerate() {
            let len = term.chars().count();
            if by_len.len() <= len {
                by_len.resize(len + 1, Vec::new());
            }
            by_len[len].push(sorted_id as u32);
            terms.push(term);
            postings.push(std::mem::take(&mut self.postings[id as usize]));
        }
        SearchIndex { terms, postings, by_len, docs }
    }
}

/// Calls `f` with each word of `text::fold(text)`, in order, without
/// folding most words: the index builder's hot loop. Folding works char by
/// char and every ASCII char other than letters, digits and apostrophes
/// becomes a space, so the text splits at those chars into segments that
/// fold on their own; a segment of lower-case letters and digits (most of a
/// description) is already a folded word.
fn for_each_word(text: &str, buf: &mut String, mut f: impl FnMut(&str)) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        let mut plain = true; // only a-z and 0-9 so far
        let mut upper_only = true; // and A-Z
        while i < bytes.len() {
            match bytes[i] {
                b'a'..=b'z' | b'0'..=b'9' => {}
                b'A'..=b'Z' => plain = false,
                b'\'' | b'`' | 0x80.. => {
                    plain = false;
                    upper_only = false;
                }
                _ => break,
            }
            i += 1;
        }
        let segment = &text[start..i];
        i += 1; // the separator (an ASCII char)
        if segment.is_empty() {
            continue;
        }
        if plain {
            f(segment);
        } else if upper_only {
            buf.clear();
            buf.push_str(segment);
            buf.make_ascii_lowercase();
            f(buf);
        } else {
            buf.clear();
            text::fold_into(segment, buf);
            for word in buf.split(' ').filter(|w| !w.is_empty()) {
                f(word);
            }
        }
    }
}

/// The index builder hashes every word of every product. Our own catalog
/// needs no protection against crafted collisions, so a multiply-rotate hash
/// (as in rustc's FxHash) replaces SipHash, which is several times slower in
/// wasm.
pub(crate) type WordHash = BuildHasherDefault<FxHasher>;

#[derive(Clone, Copy, Default)]
pub(crate) struct FxHasher(u64);

impl FxHasher {
    const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;

    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(Self::K);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.add(u64::from_le_bytes(chunk.try_into().unwrap_or_default()));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(last));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn finish(&self) -> u64 {
        self.0
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
                || (ra.len() >= 2 && ra[0] == rb[1] && ra[1] == rb[0] && ra[2..] == rb[2..])
            // transposition
        }
        std::cmp::Ordering::Less => ra == &rb[1..],    // insertion into a
        std::cmp::Ordering::Greater => &ra[1..] == rb, // deletion from a
    }
}

/// Name of a product folded for sorting by name, ignoring case and accents.
pub fn sort_key(product: &Product) -> String {
    let mut out = String::with_capacity(product.name.len());
    sort_key_into(product, &mut out);
    out
}

/// `sort_key` appended to `out`, for building many keys in one buffer.
pub fn sort_key_into(product: &Product, out: &mut String) {
    let name = &product.name;
    // Plain ASCII without apostrophes (most names) folds byte by byte: letters
    // lower-cased, digits kept, anything else a space.
    if name.bytes().all(|b| b.is_ascii() && b != b'\'' && b != b'`') {
        let start = out.len();
        for (i, run) in name.split(|c: char| !c.is_ascii_alphanumeric()).enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(run);
        }
        out[start..].make_ascii_lowercase();
        return;
    }
    text::fold_into(name, out);
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

    fn words(s: &str) -> Vec<String> {
        let mut out = Vec::new();
        for_each_word(s, &mut String::new(), |w| out.push(w.to_owned()));
        out
    }

    #[test]
    fn words_are_the_folded_tokens() {
        assert_eq!(words("Kopi Se'i, SE’I  café-Crème 250g"), ["kopi", "sei", "sei", "cafe", "creme", "250g"]);
        assert!(words(" ,; ").is_empty());
    }

    proptest! {
        #[test]
        fn words_agree_with_fold(s in "\\PC*", t in "[a-zA-Z0-9 '`’.,éÉİß-]{0,30}") {
            prop_assert_eq!(words(&s), text::tokens(&s));
            prop_assert_eq!(words(&t), text::tokens(&t));
        }

        #[test]
        fn sort_key_is_the_folded_name(name in "\\PC*", ascii in "[ -~]{0,30}") {
            for name in [name, ascii] {
                let folded = text::fold(&name);
                let mut product = crate::cart::tests::product("P1", "x", 1000, 1);
                product.name = name;
                prop_assert_eq!(sort_key(&product), folded);
            }
        }

        #[test]
        fn one_edit_agrees_with_reference(a in "[abk]{0,6}", b in "[abk]{0,6}") {
            let (ca, cb) = (chars(&a), chars(&b));
            prop_assert_eq!(within_one_edit(&ca, &b), osa(&ca, &cb) == 1, "{} vs {}", a, b);
        }
    }
}
