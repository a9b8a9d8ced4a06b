//! Reading a catalog feed. The storefront must survive any feed and staff must
//! learn exactly what is wrong with theirs, so parsing reports every problem
//! with its JSON path instead of stopping at the first.
//!
//! The bytes are parsed into an order-preserving JSON tree (`node`), then
//! walked by hand (`reader`) against the schema-version-1 format that the
//! `catalog` types serialise to. The walk builds the typed `Catalog` and
//! reports every problem, in document order, as `path: message` in plain
//! English for the staff who edit the spreadsheet. A product, outlet,
//! village or category with an error is left out of the catalog; problems
//! that make the whole feed unusable leave no catalog at all. The small
//! format rules (dates, WhatsApp numbers, certificate numbers, URLs) live in
//! `rules`.

mod brief;
mod float_text;
pub(crate) mod node;
mod reader;
mod rules;

use crate::catalog::Catalog;
use std::fmt;

pub use rules::{
    DESCRIPTION_MAX, NAME_MAX, OPTIONS_MAX, OPTION_VALUES_MAX, PRODUCT_ID_MAX, SHORT_MAX, SLUG_MAX, SRC_MAX, STOCK_MAX,
    STORY_MAX, TAGS_MAX, TAG_MAX, UNIT_MAX, VARIANTS_MAX,
};

/// Category ids that are not food. A product in any other category must state
/// a real halal status (`certified` or `not_halal`); `not_applicable` there is
/// reported as a warning.
pub const NON_FOOD_CATEGORIES: [&str; 2] = ["tenun", "kerajinan"];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    /// The item (or, at the top level, the feed) cannot be used as written.
    Error,
    /// Suspicious but usable, such as an unknown field.
    Warning,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// JSON path such as `products[12].price`; empty for the whole file.
    pub path: String,
    pub message: String,
    pub severity: Severity,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() { "(feed)" } else { &self.path };
        match self.severity {
            Severity::Error => write!(f, "{path}: {}", self.message),
            Severity::Warning => write!(f, "{path}: warning: {}", self.message),
        }
    }
}

/// The file is not JSON at all; nothing inside it can be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {}: {}", self.line, self.column, self.message)
    }
}

/// What a feed yields: the usable catalog, if the feed as a whole is usable,
/// and every problem found. Bad products, villages or outlets are left out of
/// the catalog (and reported) so the rest of the catalog still works.
#[derive(Clone, Debug, Default)]
pub struct Parsed {
    /// `None` when a problem makes the whole feed unusable (not an object, a
    /// newer schema version, no usable products...).
    pub catalog: Option<Catalog>,
    pub problems: Vec<Problem>,
}

impl Parsed {
    pub fn errors(&self) -> impl Iterator<Item = &Problem> {
        self.problems.iter().filter(|p| p.severity == Severity::Error)
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Problem> {
        self.problems.iter().filter(|p| p.severity == Severity::Warning)
    }

    /// Valid means usable as published: no errors (warnings are allowed).
    pub fn is_valid(&self) -> bool {
        self.catalog.is_some() && self.errors().next().is_none()
    }
}

/// Parses and validates a feed.
///
/// `Err` only when the bytes are not JSON at all (including invalid UTF-8);
/// everything else, however broken, is described in `Parsed::problems`.
pub fn parse(bytes: &[u8]) -> Result<Parsed, SyntaxError> {
    let (bytes, bom) = strip_bom(bytes);
    // serde_json's exact reading; the storefront's `parse_index` reads
    // with the light one, which leaves serde_json out of its wasm.
    let doc = node::from_slice(bytes).map_err(|e| syntax_error(&e))?;
    Ok(reader::read(&doc, bom, false, Some(reader::READ_RULES), reader::V2_DETAILED))
}

/// Parses and validates an index feed (`crate::detail`), or a whole one:
/// like [`parse`], but a product may leave out its `description` and a
/// village its `story` (they read as empty text). The storefront reads its
/// feed this way; `nttmart check` holds the staff's file to [`parse`].
///
/// Outlets' delivery and payment rules are not read (an index feed has
/// none): checkout reads them from their own file
/// (`detail::parse_outlet_rules`). A product whose options, variants,
/// availability or compare-at price break a rule is left out with one
/// short problem (`brief`); `parse` says exactly what is wrong.
pub fn parse_index(bytes: &[u8]) -> Result<Parsed, SyntaxError> {
    Ok(index_text(bytes)?.read())
}

/// [`parse_index`] in its two steps, the JSON text read into a tree and
/// the tree read as a feed, for a caller that must not do both in one go:
/// on a slow phone each is a task of its own (issue 20).
pub fn index_text(bytes: &[u8]) -> Result<IndexText<'_>, SyntaxError> {
    let (bytes, bom) = strip_bom(bytes);
    Ok(IndexText { doc: node::from_slice_light(bytes)?, bom })
}

/// An index feed's JSON text, read but not yet checked ([`index_text`]).
pub struct IndexText<'a> {
    doc: node::Doc<'a>,
    bom: bool,
}

impl IndexText<'_> {
    /// The second step of [`parse_index`], with the same result.
    pub fn read(&self) -> Parsed {
        reader::read(&self.doc, self.bom, true, None, reader::V2_BRIEF)
    }
}

fn strip_bom(bytes: &[u8]) -> (&[u8], bool) {
    match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (rest, true),
        None => (bytes, false),
    }
}

/// Whether `s` is a BPJPH halal certificate number as a feed must write it.
pub fn is_halal_certificate(s: &str) -> bool {
    rules::check_halal_certificate(s).is_ok()
}

/// Whether `s` is a BPOM registration number as a feed must write it.
pub fn is_bpom(s: &str) -> bool {
    rules::check_bpom(s).is_ok()
}

/// Whether `s` is a P-IRT number as a feed must write it.
pub fn is_pirt(s: &str) -> bool {
    rules::check_pirt(s).is_ok()
}

/// See `reader::read_outlet_rules`.
pub(crate) fn read_outlet_rules(
    doc: &node::Doc<'_>,
) -> Option<Vec<(String, crate::catalog::Delivery, crate::catalog::Payment)>> {
    reader::read_outlet_rules(doc)
}

/// serde_json's error with its ` at line L column C` tail moved into fields
/// and, for the common mistakes, a plain-English hint.
fn syntax_error(e: &serde_json::Error) -> SyntaxError {
    let text = e.to_string();
    let tail = format!(" at line {} column {}", e.line(), e.column());
    let message = text.strip_suffix(&tail).unwrap_or(&text);
    let message = match syntax_hint(message) {
        Some(hint) => format!("{message} ({hint})"),
        None => message.to_owned(),
    };
    SyntaxError { line: e.line(), column: e.column(), message }
}

fn syntax_hint(message: &str) -> Option<&'static str> {
    let hints: [(&str, &str); 11] = [
        ("EOF while parsing", "the file ends too early: a closing }, ] or \" is missing"),
        ("trailing comma", "remove the comma before the closing } or ]"),
        ("expected `,` or `}`", "a comma between fields or a closing } is missing"),
        ("expected `,` or `]`", "a comma between items or a closing ] is missing"),
        ("expected `:`", "a field name must be followed by a colon (:)"),
        ("key must be a string", "field names must be written in double quotes"),
        ("expected value", "a value is missing or is not valid JSON; text must be in double quotes"),
        ("invalid unicode code point", "the file is not saved as UTF-8"),
        ("control character", "a line break or tab inside text must be written as \\n or \\t"),
        ("trailing characters", "there is something after the end of the feed"),
        ("recursion limit exceeded", "the file is nested too deeply"),
    ];
    hints.iter().find(|(start, _)| message.starts_with(start)).map(|(_, hint)| *hint)
}

#[cfg(test)]
mod tests;
