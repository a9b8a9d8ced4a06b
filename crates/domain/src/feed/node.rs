//! A JSON tree that remembers document order.
//!
//! `serde_json::Value` sorts object keys (without the `preserve_order`
//! feature) and cannot tell where a node sits in the file, yet problems must be
//! reported in document order. A `Doc` keeps object members as written and
//! gives every node an ordinal: `pos` is taken when the node starts and `end`
//! after its last child, so sorting problems by these keys sorts them the way
//! a person reads the file.
//!
//! The tree is one flat list of tokens in document order (a "tape"): a
//! container's token is followed by its children and closed by an end token,
//! so a node's ordinal is simply its index in the list, a container's `end` is
//! the index of its end token, and the whole tree is two allocations however
//! large the feed is. Strings and keys are ranges of the input; only a string
//! with escapes is decoded, into one shared buffer.
//!
//! The tape is read by a hand-written scanner (`Fast`) that accepts only
//! well-formed JSON it fully understands. Anything else (a syntax error, a
//! lone surrogate escape, deep nesting...) is handed to serde_json (`slow`),
//! which builds the same tape or reports the error with line and column, so
//! what is accepted, how every value reads, and every syntax error are
//! serde_json's.

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// serde_json's nesting limit is 128; deeper documents (and any near the
/// limit) are left to serde_json, which reports the exact error.
const FAST_MAX_DEPTH: u32 = 100;

/// A string of the document: `start..end` of the input when below its length,
/// otherwise of `Doc::buf` shifted by the input length (decoded escapes).
#[derive(Clone, Copy)]
struct Span {
    start: usize,
    end: usize,
}

impl Span {
    const NONE: Span = Span { start: 0, end: 0 };
}

/// A 64-bit number as two halves, so that a token needs only 4-byte
/// alignment: 20 bytes a token instead of 24 in wasm.
#[derive(Clone, Copy)]
struct Bits([u32; 2]);

impl Bits {
    #[inline(always)]
    fn new(v: u64) -> Bits {
        Bits([v as u32, (v >> 32) as u32])
    }

    #[inline(always)]
    fn get(self) -> u64 {
        u64::from(self.0[0]) | u64::from(self.0[1]) << 32
    }
}

#[derive(Clone, Copy)]
enum Tok {
    Null,
    Bool(bool),
    UInt(Bits),
    NegInt(Bits),
    Float(Bits),
    Str(Span),
    /// Index of the end token, and the number of children.
    Array {
        end: u32,
        len: u32,
    },
    Object {
        end: u32,
        len: u32,
    },
    End,
}

/// One token and, for an object member, its key.
#[derive(Clone, Copy)]
struct Entry {
    key: Span,
    tok: Tok,
}

// 20 bytes in wasm: the tape of a 10 MB feed is about 9 MB.
#[cfg(target_pointer_width = "32")]
const _: () = assert!(std::mem::size_of::<Entry>() == 20);

/// A parsed JSON document.
pub(crate) struct Doc<'a> {
    src: &'a str,
    /// Strings that had escapes, decoded.
    buf: String,
    tape: Vec<Entry>,
}

impl Doc<'_> {
    pub(crate) fn root(&self) -> Node<'_> {
        Node { doc: self, pos: 0 }
    }

    #[inline(always)]
    fn str(&self, span: Span) -> &str {
        let n = self.src.len();
        if span.start < n {
            &self.src[span.start..span.end]
        } else {
            &self.buf[span.start - n..span.end - n]
        }
    }

    /// The bytes of `span`: like `str`, without the checks for character
    /// boundaries (which always hold: spans start and end at quotes).
    #[inline(always)]
    fn bytes(&self, span: Span) -> &[u8] {
        let n = self.src.len();
        if span.start < n {
            &self.src.as_bytes()[span.start..span.end]
        } else {
            &self.buf.as_bytes()[span.start - n..span.end - n]
        }
    }

    /// Index of the end token of the node at `pos` (`pos` for a scalar).
    #[inline(always)]
    fn end_of(&self, pos: u32) -> u32 {
        match self.tape[pos as usize].tok {
            Tok::Array { end, .. } | Tok::Object { end, .. } => end,
            _ => pos,
        }
    }
}

/// A node of a `Doc`.
#[derive(Clone, Copy)]
pub(crate) struct Node<'d> {
    doc: &'d Doc<'d>,
    /// Document-order key of the node's start.
    pub pos: u32,
}

impl<'d> Node<'d> {
    /// Document-order key after the node's last child (`pos` for scalars).
    #[inline(always)]
    pub(crate) fn end(self) -> u32 {
        self.doc.end_of(self.pos)
    }

    pub(crate) fn value(self) -> Value<'d> {
        let doc = self.doc;
        match doc.tape[self.pos as usize].tok {
            Tok::Null | Tok::End => Value::Null,
            Tok::Bool(b) => Value::Bool(b),
            Tok::UInt(v) => Value::UInt(v.get()),
            Tok::NegInt(v) => Value::NegInt(v.get() as i64),
            Tok::Float(v) => Value::Float(f64::from_bits(v.get())),
            Tok::Str(span) => Value::Str(doc.str(span)),
            Tok::Array { end, len } => Value::Array(List { doc, first: self.pos + 1, end, len }),
            Tok::Object { end, len } => Value::Object(List { doc, first: self.pos + 1, end, len }),
        }
    }

    #[inline(always)]
    pub(crate) fn is_null(self) -> bool {
        matches!(self.doc.tape[self.pos as usize].tok, Tok::Null)
    }

    /// The key of an object member (see `List::member_keys`).
    pub(crate) fn key(self) -> &'d str {
        self.doc.str(self.doc.tape[self.pos as usize].key)
    }

    /// The text of a string node (`value` without building a `Value`).
    #[inline(always)]
    pub(crate) fn as_str(self) -> Option<&'d str> {
        match self.doc.tape[self.pos as usize].tok {
            Tok::Str(span) => Some(self.doc.str(span)),
            _ => None,
        }
    }
}

#[derive(Clone, Copy)]
pub(crate) enum Value<'d> {
    Null,
    Bool(bool),
    /// A non-negative integer.
    UInt(u64),
    /// A negative integer.
    NegInt(i64),
    /// A number with a fraction or exponent, or an integer beyond `u64`.
    Float(f64),
    Str(&'d str),
    Array(List<'d>),
    /// Members in document order; duplicate keys are kept.
    Object(List<'d>),
}

/// The children of an array or object.
#[derive(Clone, Copy)]
pub(crate) struct List<'d> {
    doc: &'d Doc<'d>,
    first: u32,
    end: u32,
    len: u32,
}

impl<'d> List<'d> {
    pub(crate) fn len(self) -> usize {
        self.len as usize
    }

    pub(crate) fn is_empty(self) -> bool {
        self.len == 0
    }

    /// The items of an array (or the values of an object).
    pub(crate) fn items(self) -> Items<'d> {
        Items { doc: self.doc, at: self.first, end: self.end }
    }

    /// The members of an object: key and value.
    pub(crate) fn members(self) -> Members<'d> {
        Members(self.items())
    }

    /// The members of an object with their keys as bytes, which are quicker
    /// to compare (see `Doc::bytes`).
    pub(crate) fn member_keys(self) -> MemberKeys<'d> {
        MemberKeys(self.items())
    }
}

pub(crate) struct Items<'d> {
    doc: &'d Doc<'d>,
    at: u32,
    end: u32,
}

impl<'d> Iterator for Items<'d> {
    type Item = Node<'d>;

    #[inline(always)]
    fn next(&mut self) -> Option<Node<'d>> {
        if self.at >= self.end {
            return None;
        }
        let node = Node { doc: self.doc, pos: self.at };
        self.at = self.doc.end_of(self.at) + 1;
        Some(node)
    }
}

pub(crate) struct MemberKeys<'d>(Items<'d>);

impl<'d> Iterator for MemberKeys<'d> {
    type Item = (&'d [u8], Node<'d>);

    #[inline(always)]
    fn next(&mut self) -> Option<(&'d [u8], Node<'d>)> {
        let node = self.0.next()?;
        let doc = node.doc;
        Some((doc.bytes(doc.tape[node.pos as usize].key), node))
    }
}

pub(crate) struct Members<'d>(Items<'d>);

impl<'d> Iterator for Members<'d> {
    type Item = (&'d str, Node<'d>);

    #[inline(always)]
    fn next(&mut self) -> Option<(&'d str, Node<'d>)> {
        let node = self.0.next()?;
        let doc = node.doc;
        Some((doc.str(doc.tape[node.pos as usize].key), node))
    }
}

/// Parses JSON text into a `Doc`. Errors are serde_json's, with line and
/// column; serde_json's nesting limit (128) protects the stack.
pub(crate) fn from_slice(bytes: &[u8]) -> Result<Doc<'_>, serde_json::Error> {
    if let Ok(src) = std::str::from_utf8(bytes) {
        if let Ok(doc) = fast(src, exact_number) {
            return Ok(doc);
        }
    }
    slow(bytes)
}

/// [`from_slice`] without serde_json, for the storefront (the index feed
/// and the detail files): the same tape for every document the fast path
/// reads, which is every well-formed feed (nesting up to 100 deep), and a
/// short error with the line and column where reading stopped for anything
/// else. serde_json's reader and messages would cost every phone's first
/// load ~4 KB of brotli wasm; staff get the exact message from `nttmart
/// check`. A number with a fraction or exponent reads as the nearest
/// float for the usual feed numbers (what it is only matters to a message:
/// no feed field takes one).
pub(crate) fn from_slice_light(bytes: &[u8]) -> Result<Doc<'_>, super::SyntaxError> {
    let stopped = match std::str::from_utf8(bytes) {
        Ok(src) => match fast(src, light_number) {
            Ok(doc) => return Ok(doc),
            Err(at) => at,
        },
        Err(e) => e.valid_up_to(),
    };
    let at = stopped.min(bytes.len());
    let before = &bytes[..at];
    let line = before.iter().filter(|&&c| c == b'\n').count() + 1;
    let column = at - before.iter().rposition(|&c| c == b'\n').map_or(0, |p| p + 1) + 1;
    let message = if at >= bytes.len() {
        "the file ends too early: a closing }, ] or \" is missing"
    } else {
        "this is not valid JSON; `nttmart check` on the file says exactly what is wrong"
    };
    Err(super::SyntaxError { line, column, message: message.to_owned() })
}

// ----- the fast path -----

/// Reads well-formed JSON; for anything it does not handle, the byte offset
/// where it stopped (then serde_json decides, or `from_slice_light` reports
/// it).
fn fast(src: &str, number: fn(&str) -> Option<Tok>) -> Result<Doc<'_>, usize> {
    let mut p = Fast {
        src,
        b: src.as_bytes(),
        i: 0,
        // A pretty-printed feed has a token per ~20 bytes, a compact one per ~12.
        tape: Vec::with_capacity(src.len() / 16 + 4),
        buf: String::new(),
        number,
    };
    p.ws();
    if p.value(Span::NONE, 0).is_none() {
        return Err(p.i);
    }
    p.ws();
    if p.i != p.b.len() || p.tape.len() >= u32::MAX as usize {
        return Err(p.i);
    }
    Ok(Doc { src, buf: p.buf, tape: p.tape })
}

struct Fast<'a> {
    src: &'a str,
    b: &'a [u8],
    i: usize,
    tape: Vec<Entry>,
    buf: String,
    /// Reads a number the scanner does not read itself (negative, with a
    /// fraction or exponent, or too long): `exact_number` or `light_number`.
    number: fn(&str) -> Option<Tok>,
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The high bit of the first byte of `w` (little-endian) that is `"`, `\` or
/// a control character is set, and of no byte before it.
#[inline(always)]
fn specials(w: u64) -> u64 {
    let quote = w ^ (ONES * u64::from(b'"'));
    let backslash = w ^ (ONES * u64::from(b'\\'));
    ((quote.wrapping_sub(ONES) & !quote)
        | (backslash.wrapping_sub(ONES) & !backslash)
        | (w.wrapping_sub(ONES * 0x20) & !w))
        & HIGH
}

#[inline(always)]
fn is_special(c: u8) -> bool {
    c == b'"' || c == b'\\' || c < 0x20
}

/// Index of the first `"`, `\` or control character at or after `i`, or the length.
#[inline]
fn find_special(b: &[u8], mut i: usize) -> usize {
    while let Some(chunk) = b.get(i..i + 8) {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        let m = specials(u64::from_le_bytes(word));
        if m != 0 {
            return i + (m.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while let Some(&c) = b.get(i) {
        if is_special(c) {
            return i;
        }
        i += 1;
    }
    i
}

fn hex4(b: &[u8], i: usize) -> Option<u32> {
    let digits = b.get(i..i + 4)?;
    let mut n = 0;
    for &c in digits {
        let d = match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            b'A'..=b'F' => c - b'A' + 10,
            _ => return None,
        };
        n = n * 16 + u32::from(d);
    }
    Some(n)
}

impl Fast<'_> {
    /// Skips whitespace; runs of spaces (indentation) eight at a time.
    #[inline(always)]
    fn ws(&mut self) {
        while let Some(&c) = self.b.get(self.i) {
            match c {
                b' ' => {
                    let mut i = self.i + 1;
                    while let Some(chunk) = self.b.get(i..i + 8) {
                        let mut word = [0; 8];
                        word.copy_from_slice(chunk);
                        let other = u64::from_le_bytes(word) ^ (ONES * u64::from(b' '));
                        if other != 0 {
                            i += (other.trailing_zeros() / 8) as usize;
                            break;
                        }
                        i += 8;
                    }
                    self.i = i;
                }
                b'\n' | b'\r' | b'\t' => self.i += 1,
                _ => break,
            }
        }
    }

    #[inline(always)]
    fn push(&mut self, key: Span, tok: Tok) {
        self.tape.push(Entry { key, tok });
    }

    fn value(&mut self, key: Span, depth: u32) -> Option<()> {
        let tok = match *self.b.get(self.i)? {
            b'"' => {
                self.i += 1;
                Tok::Str(self.string()?)
            }
            b'{' => return self.object(key, depth),
            b'[' => return self.array(key, depth),
            b't' => self.literal(b"true", Tok::Bool(true))?,
            b'f' => self.literal(b"false", Tok::Bool(false))?,
            b'n' => self.literal(b"null", Tok::Null)?,
            b'0'..=b'9' | b'-' => self.number()?,
            _ => return None,
        };
        self.push(key, tok);
        Some(())
    }

    fn literal(&mut self, word: &[u8], tok: Tok) -> Option<Tok> {
        if self.b.get(self.i..self.i + word.len())? != word {
            return None;
        }
        self.i += word.len();
        Some(tok)
    }

    fn array(&mut self, key: Span, depth: u32) -> Option<()> {
        if depth >= FAST_MAX_DEPTH {
            return None;
        }
        let at = self.tape.len();
        self.push(key, Tok::Null);
        self.i += 1;
        self.ws();
        let mut len = 0;
        if self.b.get(self.i) == Some(&b']') {
            self.i += 1;
        } else {
            loop {
                self.value(Span::NONE, depth + 1)?;
                len += 1;
                self.ws();
                let c = *self.b.get(self.i)?;
                self.i += 1;
                match c {
                    b',' => self.ws(),
                    b']' => break,
                    _ => return None,
                }
            }
        }
        let end = self.tape.len() as u32;
        self.push(Span::NONE, Tok::End);
        self.tape[at].tok = Tok::Array { end, len };
        Some(())
    }

    fn object(&mut self, key: Span, depth: u32) -> Option<()> {
        if depth >= FAST_MAX_DEPTH {
            return None;
        }
        let at = self.tape.len();
        self.push(key, Tok::Null);
        self.i += 1;
        self.ws();
        let mut len = 0;
        if self.b.get(self.i) == Some(&b'}') {
            self.i += 1;
        } else {
            loop {
                if self.b.get(self.i) != Some(&b'"') {
                    return None;
                }
                self.i += 1;
                let name = self.string()?;
                self.ws();
                if self.b.get(self.i) != Some(&b':') {
                    return None;
                }
                self.i += 1;
                self.ws();
                self.value(name, depth + 1)?;
                len += 1;
                self.ws();
                let c = *self.b.get(self.i)?;
                self.i += 1;
                match c {
                    b',' => self.ws(),
                    b'}' => break,
                    _ => return None,
                }
            }
        }
        let end = self.tape.len() as u32;
        self.push(Span::NONE, Tok::End);
        self.tape[at].tok = Tok::Object { end, len };
        Some(())
    }

    /// A string whose opening quote has been read.
    #[inline]
    fn string(&mut self) -> Option<Span> {
        let start = self.i;
        let at = find_special(self.b, start);
        match self.b.get(at) {
            Some(b'"') => {
                self.i = at + 1;
                Some(Span { start, end: at })
            }
            Some(b'\\') => self.escaped(start, at),
            _ => None,
        }
    }

    /// The rest of a string from its first backslash at `at`, decoded into `buf`.
    #[cold]
    fn escaped(&mut self, start: usize, mut at: usize) -> Option<Span> {
        let offset = self.src.len();
        let begin = self.buf.len();
        self.buf.push_str(&self.src[start..at]);
        loop {
            match self.b.get(at) {
                Some(b'"') => break,
                Some(b'\\') => {}
                _ => return None,
            }
            let c = match *self.b.get(at + 1)? {
                b'"' => '"',
                b'\\' => '\\',
                b'/' => '/',
                b'b' => '\u{8}',
                b'f' => '\u{c}',
                b'n' => '\n',
                b'r' => '\r',
                b't' => '\t',
                b'u' => {
                    let n = hex4(self.b, at + 2)?;
                    match n {
                        0xD800..=0xDBFF => {
                            // A leading surrogate must be followed by a trailing one.
                            if self.b.get(at + 6..at + 8)? != b"\\u" {
                                return None;
                            }
                            let low = hex4(self.b, at + 8)?;
                            if !(0xDC00..=0xDFFF).contains(&low) {
                                return None;
                            }
                            at += 10;
                            char::from_u32(0x10000 + ((n - 0xD800) << 10) + (low - 0xDC00))?
                        }
                        0xDC00..=0xDFFF => return None,
                        _ => {
                            at += 4;
                            char::from_u32(n)?
                        }
                    }
                }
                _ => return None,
            };
            at += 2;
            self.buf.push(c);
            let next = find_special(self.b, at);
            self.buf.push_str(&self.src[at..next]);
            at = next;
        }
        self.i = at + 1;
        Some(Span { start: offset + begin, end: offset + self.buf.len() })
    }

    fn number(&mut self) -> Option<Tok> {
        let b = self.b;
        let start = self.i;
        let mut i = start;
        let mut v: u64 = 0;
        match b[i] {
            b'0' => i += 1,
            b'1'..=b'9' => {
                while let Some(&c) = b.get(i) {
                    if !c.is_ascii_digit() {
                        break;
                    }
                    v = v.wrapping_mul(10).wrapping_add(u64::from(c - b'0'));
                    i += 1;
                }
            }
            _ => return self.other_number(),
        }
        match b.get(i) {
            Some(b'.' | b'e' | b'E') => self.other_number(),
            // A leading zero followed by digits is not JSON.
            Some(b'0'..=b'9') => None,
            // Up to 19 digits always fit a u64; longer ones are serde_json's.
            _ if i - start > 19 => self.other_number(),
            _ => {
                self.i = i;
                Some(Tok::UInt(Bits::new(v)))
            }
        }
    }

    /// A negative number, a fraction, an exponent or a long integer: the
    /// extent is checked against JSON's grammar here and the value is read by
    /// serde_json, so it is exactly what serde_json would read.
    #[cold]
    fn other_number(&mut self) -> Option<Tok> {
        let b = self.b;
        let start = self.i;
        let mut i = start;
        let digits = |i: &mut usize| {
            let from = *i;
            while b.get(*i).is_some_and(u8::is_ascii_digit) {
                *i += 1;
            }
            *i > from
        };
        if b.get(i) == Some(&b'-') {
            i += 1;
        }
        match b.get(i) {
            Some(b'0') => i += 1,
            Some(b'1'..=b'9') => {
                digits(&mut i);
            }
            _ => return None,
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            if !digits(&mut i) {
                return None;
            }
        }
        if matches!(b.get(i), Some(b'e' | b'E')) {
            i += 1;
            if matches!(b.get(i), Some(b'+' | b'-')) {
                i += 1;
            }
            if !digits(&mut i) {
                return None;
            }
        }
        let tok = (self.number)(&self.src[start..i])?;
        self.i = i;
        Some(tok)
    }
}

/// A number's text (checked against JSON's grammar) as serde_json reads it.
fn exact_number(text: &str) -> Option<Tok> {
    let mut de = serde_json::Deserializer::from_str(text);
    let tok = de::Deserializer::deserialize_any(&mut de, NumberVisitor).ok()?;
    de.end().ok()?;
    Some(tok)
}

/// A number's text (checked against JSON's grammar) without serde_json:
/// integers exactly as serde_json reads them (including `-0`, a float), and
/// a fraction or exponent as digits × a power of ten, which is the nearest
/// float whenever there are at most 15 digits and the power is at most 22
/// (every number a feed's author types), and close to it otherwise.
fn light_number(text: &str) -> Option<Tok> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    if !digits.bytes().any(|c| matches!(c, b'.' | b'e' | b'E')) {
        match text.parse::<i64>() {
            Ok(0) if negative => return Some(Tok::Float(Bits::new((-0.0f64).to_bits()))),
            Ok(v) if v < 0 => return Some(Tok::NegInt(Bits::new(v as u64))),
            _ => {}
        }
        if let Ok(v) = text.parse::<u64>() {
            return Some(Tok::UInt(Bits::new(v)));
        }
    }
    let (mantissa, exponent) = match digits.find(['e', 'E']) {
        Some(at) => (
            &digits[..at],
            digits[at + 1..].parse::<i32>().unwrap_or(if digits[at + 1..].starts_with('-') { -400 } else { 400 }),
        ),
        None => (digits, 0),
    };
    let (mut value, mut scale) = (0f64, exponent);
    let mut fraction = false;
    for c in mantissa.bytes() {
        match c {
            b'.' => fraction = true,
            _ => {
                value = value * 10.0 + f64::from(c - b'0');
                if fraction {
                    scale = scale.saturating_sub(1);
                }
            }
        }
    }
    let value = match scale {
        _ if value == 0.0 => 0.0,
        s if s < 0 => value / 10f64.powi(s.saturating_neg().min(400)),
        s => value * 10f64.powi(s.min(400)),
    };
    // Beyond f64 is serde_json's "number out of range": not JSON it reads.
    if !value.is_finite() {
        return None;
    }
    let value = if negative { -value } else { value };
    Some(Tok::Float(Bits::new(value.to_bits())))
}

struct NumberVisitor;

impl Visitor<'_> for NumberVisitor {
    type Value = Tok;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number")
    }

    fn visit_u64<E>(self, v: u64) -> Result<Tok, E> {
        Ok(Tok::UInt(Bits::new(v)))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Tok, E> {
        Ok(if v >= 0 { Tok::UInt(Bits::new(v as u64)) } else { Tok::NegInt(Bits::new(v as u64)) })
    }

    fn visit_f64<E>(self, v: f64) -> Result<Tok, E> {
        Ok(Tok::Float(Bits::new(v.to_bits())))
    }
}

// ----- the serde_json path -----

/// Builds the tape with serde_json: for everything the fast path leaves, which
/// is nearly always a syntax error to report. All strings are copied to `buf`.
fn slow(bytes: &[u8]) -> Result<Doc<'static>, serde_json::Error> {
    let mut builder = Builder { tape: Vec::new(), buf: String::new() };
    let mut de = serde_json::Deserializer::from_slice(bytes);
    Seed { b: &mut builder, key: Span::NONE }.deserialize(&mut de)?;
    de.end()?;
    // Ordinals are u32; no document that fits in memory comes near the limit.
    debug_assert!(builder.tape.len() < u32::MAX as usize);
    Ok(Doc { src: "", buf: builder.buf, tape: builder.tape })
}

struct Builder {
    tape: Vec<Entry>,
    buf: String,
}

impl Builder {
    fn text(&mut self, s: &str) -> Span {
        let start = self.buf.len();
        self.buf.push_str(s);
        Span { start, end: self.buf.len() }
    }

    fn leaf<E>(&mut self, key: Span, tok: Tok) -> Result<(), E> {
        self.tape.push(Entry { key, tok });
        Ok(())
    }
}

struct Seed<'b> {
    b: &'b mut Builder,
    key: Span,
}

impl<'de> DeserializeSeed<'de> for Seed<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Seed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        self.b.leaf(self.key, Tok::Null)
    }

    fn visit_bool<E>(self, v: bool) -> Result<(), E> {
        self.b.leaf(self.key, Tok::Bool(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<(), E> {
        self.b.leaf(self.key, Tok::UInt(Bits::new(v)))
    }

    fn visit_i64<E>(self, v: i64) -> Result<(), E> {
        self.b.leaf(self.key, if v >= 0 { Tok::UInt(Bits::new(v as u64)) } else { Tok::NegInt(Bits::new(v as u64)) })
    }

    fn visit_f64<E>(self, v: f64) -> Result<(), E> {
        self.b.leaf(self.key, Tok::Float(Bits::new(v.to_bits())))
    }

    fn visit_str<E>(self, v: &str) -> Result<(), E> {
        let span = self.b.text(v);
        self.b.leaf(self.key, Tok::Str(span))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let at = self.b.tape.len();
        self.b.tape.push(Entry { key: self.key, tok: Tok::Null });
        let mut len = 0;
        while seq.next_element_seed(Seed { b: &mut *self.b, key: Span::NONE })?.is_some() {
            len += 1;
        }
        let end = self.b.tape.len() as u32;
        self.b.tape.push(Entry { key: Span::NONE, tok: Tok::End });
        self.b.tape[at].tok = Tok::Array { end, len };
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let at = self.b.tape.len();
        self.b.tape.push(Entry { key: self.key, tok: Tok::Null });
        let mut len = 0;
        while let Some(key) = map.next_key_seed(KeySeed { b: &mut *self.b })? {
            map.next_value_seed(Seed { b: &mut *self.b, key })?;
            len += 1;
        }
        let end = self.b.tape.len() as u32;
        self.b.tape.push(Entry { key: Span::NONE, tok: Tok::End });
        self.b.tape[at].tok = Tok::Object { end, len };
        Ok(())
    }
}

/// Reads an object key into the buffer.
struct KeySeed<'b> {
    b: &'b mut Builder,
}

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = Span;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Span, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'_> {
    type Value = Span;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E>(self, v: &str) -> Result<Span, E> {
        Ok(self.b.text(v))
    }
}

/// The tape as text, strings resolved, for comparing the two paths in tests.
#[cfg(test)]
pub(crate) fn dump(doc: &Doc<'_>) -> String {
    dump_with(doc, |v| format!("{:x}", v.to_bits()))
}

/// `dump` with floats to 12 significant digits: the light path's floats
/// are the nearest for the numbers people type, and close for the rest.
#[cfg(test)]
fn dump_with(doc: &Doc<'_>, float: fn(f64) -> String) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    for entry in &doc.tape {
        let key = match entry.tok {
            Tok::End => "",
            _ => doc.str(entry.key),
        };
        let _ = match entry.tok {
            Tok::Null => write!(out, "{key:?}:null "),
            Tok::Bool(b) => write!(out, "{key:?}:{b} "),
            Tok::UInt(v) => write!(out, "{key:?}:u{} ", v.get()),
            Tok::NegInt(v) => write!(out, "{key:?}:i{} ", v.get() as i64),
            Tok::Float(v) => write!(out, "{key:?}:f{} ", float(f64::from_bits(v.get()))),
            Tok::Str(s) => write!(out, "{key:?}:{:?} ", doc.str(s)),
            Tok::Array { end, len } => write!(out, "{key:?}:[{end},{len} "),
            Tok::Object { end, len } => write!(out, "{key:?}:{{{end},{len} "),
            Tok::End => write!(out, "end "),
        };
    }
    out
}

/// The fast path's tape, if it reads `bytes`, and serde_json's.
#[cfg(test)]
pub(crate) fn both_paths(bytes: &[u8]) -> (Option<String>, Result<String, String>) {
    let fast = std::str::from_utf8(bytes).ok().and_then(|src| fast(src, exact_number).ok()).map(|doc| dump(&doc));
    (fast, slow(bytes).map(|doc| dump(&doc)).map_err(|e| e.to_string()))
}

/// The light path's tape (or error) and serde_json's, floats to 12 digits.
#[cfg(test)]
pub(crate) fn light_and_slow(bytes: &[u8]) -> (Result<String, super::SyntaxError>, Result<String, String>) {
    let twelve = |v: f64| format!("{v:.11e}");
    let light = from_slice_light(bytes).map(|doc| dump_with(&doc, twelve));
    (light, slow(bytes).map(|doc| dump_with(&doc, twelve)).map_err(|e| e.to_string()))
}

/// The light path's tape, floats exact.
#[cfg(test)]
pub(crate) fn light(bytes: &[u8]) -> Result<String, super::SyntaxError> {
    from_slice_light(bytes).map(|doc| dump(&doc))
}
