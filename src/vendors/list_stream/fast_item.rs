//! The typed fast path's answer for one element (see the stream's module doc).

use serde::de::Deserialize;

use super::super::strict::Element;

/// What the fast path made of the bytes at the start of an element.
#[derive(Debug, PartialEq)]
pub enum FastItem<T> {
    /// The element (`None` for `null`) and how many bytes it took.
    Read(Option<T>, usize),
    /// The bytes end inside the element.
    Incomplete,
    /// Not for the fast path: the tolerant reader reads it.
    Refused,
}

/// The fast path for elements that deserialize as `D` and become `T`.
pub fn fast_item<'a, D: Deserialize<'a>, T: From<D>>(text: &'a str) -> FastItem<T> {
    let mut read = serde_json::Deserializer::from_str(text).into_iter::<Element<D>>();
    match read.next() {
        None => FastItem::Incomplete,
        Some(Ok(Element(item))) => FastItem::Read(item.map(T::from), read.byte_offset()),
        Some(Err(e)) if e.is_eof() => FastItem::Incomplete,
        Some(Err(_)) => FastItem::Refused,
    }
}
