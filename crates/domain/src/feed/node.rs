//! A JSON tree that remembers document order.
//!
//! `serde_json::Value` sorts object keys (without the `preserve_order`
//! feature) and cannot tell where a node sits in the file, yet problems must be
//! reported in document order. `Node` keeps object members as written and gives
//! every node an ordinal: `pos` is taken when the node starts and `end` after
//! its last child, so sorting problems by these keys sorts them the way a
//! person reads the file. Strings and keys borrow from the input when they have
//! no escapes, which saves most allocations on large feeds.

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use std::borrow::Cow;
use std::cell::Cell;
use std::fmt;

pub(crate) struct Node<'a> {
    /// Document-order key of the node's start.
    pub pos: u32,
    /// Document-order key after the node's last child (`pos` for scalars).
    pub end: u32,
    pub value: Value<'a>,
}

pub(crate) enum Value<'a> {
    Null,
    Bool(bool),
    /// A non-negative integer.
    UInt(u64),
    /// A negative integer.
    NegInt(i64),
    /// A number with a fraction or exponent, or an integer beyond `u64`.
    Float(f64),
    Str(Cow<'a, str>),
    Array(Vec<Node<'a>>),
    /// Members in document order; duplicate keys are kept.
    Object(Vec<(Cow<'a, str>, Node<'a>)>),
}

/// Parses JSON text into a `Node` tree. Errors are serde_json's, with line
/// and column; serde_json's nesting limit (128) protects the stack.
pub(crate) fn from_slice(bytes: &[u8]) -> Result<Node<'_>, serde_json::Error> {
    let counter = Cell::new(0);
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let node = NodeSeed { counter: &counter }.deserialize(&mut de)?;
    de.end()?;
    Ok(node)
}

struct NodeSeed<'c> {
    counter: &'c Cell<u32>,
}

impl NodeSeed<'_> {
    fn tick(&self) -> u32 {
        let n = self.counter.get();
        self.counter.set(n.saturating_add(1));
        n
    }

    fn leaf<'a>(&self, value: Value<'a>) -> Node<'a> {
        let pos = self.tick();
        Node { pos, end: pos, value }
    }
}

impl<'de> DeserializeSeed<'de> for NodeSeed<'_> {
    type Value = Node<'de>;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Node<'de>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for NodeSeed<'_> {
    type Value = Node<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E>(self) -> Result<Node<'de>, E> {
        Ok(self.leaf(Value::Null))
    }

    fn visit_bool<E>(self, v: bool) -> Result<Node<'de>, E> {
        Ok(self.leaf(Value::Bool(v)))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Node<'de>, E> {
        Ok(self.leaf(Value::UInt(v)))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Node<'de>, E> {
        Ok(self.leaf(if v >= 0 { Value::UInt(v as u64) } else { Value::NegInt(v) }))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Node<'de>, E> {
        Ok(self.leaf(Value::Float(v)))
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Node<'de>, E> {
        Ok(self.leaf(Value::Str(Cow::Borrowed(v))))
    }

    fn visit_str<E>(self, v: &str) -> Result<Node<'de>, E> {
        Ok(self.leaf(Value::Str(Cow::Owned(v.to_owned()))))
    }

    fn visit_string<E>(self, v: String) -> Result<Node<'de>, E> {
        Ok(self.leaf(Value::Str(Cow::Owned(v))))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node<'de>, A::Error> {
        let pos = self.tick();
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        while let Some(item) = seq.next_element_seed(NodeSeed { counter: self.counter })? {
            items.push(item);
        }
        let end = self.tick();
        Ok(Node { pos, end, value: Value::Array(items) })
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node<'de>, A::Error> {
        let pos = self.tick();
        let mut members = Vec::new();
        while let Some(key) = map.next_key_seed(KeySeed)? {
            let value = map.next_value_seed(NodeSeed { counter: self.counter })?;
            members.push((key, value));
        }
        let end = self.tick();
        Ok(Node { pos, end, value: Value::Object(members) })
    }
}

/// Reads an object key, borrowing it when it has no escapes.
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Cow<'de, str>, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(v))
    }
}
