//! A fingerprinting stream's side of each element: where a JSON object
//! element ends, found without parsing it, the fingerprint of its bytes, and
//! whether a previous list read those bytes. A refresh fingerprints each
//! element before reading it, so an element whose bytes were in the
//! previous answer is not decoded again (`ListStream::fingerprinting`); the
//! scan and the hash cost a small part of what the typed reader costs on
//! the same bytes.

use std::hash::Hasher;

use rustc_hash::FxHasher;

use crate::domain::common::Fingerprint;

/// What a fingerprinting stream does with each object element's bytes.
pub struct Fingerprinting<T> {
    /// The item a previous list read from bytes with this fingerprint, if
    /// any: it is taken as it is, and the bytes are not read.
    pub known: Box<dyn Fn(Fingerprint) -> Option<T>>,
    /// Marks an item the fast path read with its bytes' fingerprint (only
    /// those may be reused: an item the tolerant reader read has warnings,
    /// whose paths name its place in the list).
    pub mark: fn(&mut T, Fingerprint),
}

/// What a fingerprinting stream knows of an element before reading it.
pub enum Seen<T> {
    /// Not in the previous list: to be read (with its fingerprint and
    /// length, if it is a whole object).
    Unknown(Option<(Fingerprint, usize)>),
    /// In the previous list, this many bytes long: taken from there.
    Known(T, usize),
    /// Its end has not arrived.
    Cut,
}

impl<T> Fingerprinting<T> {
    /// What a previous list knew of the element at the start of `rest`
    /// (`complete`: no more bytes will come).
    pub fn see(&self, rest: &[u8], complete: bool) -> Seen<T> {
        match object_extent(rest) {
            Extent::Object(len) => {
                let fingerprint = fingerprint(&rest[..len]);
                match (self.known)(fingerprint) {
                    Some(item) => Seen::Known(item, len),
                    None => Seen::Unknown(Some((fingerprint, len))),
                }
            }
            // Malformed to the end: the readers say how.
            Extent::Incomplete if complete => Seen::Unknown(None),
            Extent::Incomplete => Seen::Cut,
            Extent::Other => Seen::Unknown(None),
        }
    }

    /// `item`, which the fast path read from `len` bytes, marked with what
    /// was `seen` of them, if the scan and the reader agree on where they end.
    pub fn marked(&self, mut item: T, (fingerprint, scanned): (Fingerprint, usize), len: usize) -> T {
        if scanned == len {
            (self.mark)(&mut item, fingerprint);
        }
        item
    }
}

/// How far an element starting at the first byte goes.
#[derive(Debug, PartialEq, Eq)]
pub enum Extent {
    /// An object of this many bytes (its closing brace included).
    Object(usize),
    /// An object whose end has not arrived yet.
    Incomplete,
    /// Not an object (`null`, a number…): not fingerprinted.
    Other,
}

/// The extent of the object at the start of `bytes`. Only strings and
/// brackets are followed: whether the object is valid JSON is the reader's
/// business, which reads it whenever its fingerprint is unknown.
pub fn object_extent(bytes: &[u8]) -> Extent {
    if bytes.first() != Some(&b'{') {
        return Extent::Other;
    }
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                // To the closing quote, past escaped characters.
                i += 1;
                loop {
                    match bytes.get(i) {
                        None => return Extent::Incomplete,
                        Some(b'\\') => i += 2,
                        Some(b'"') => break,
                        Some(_) => i += 1,
                    }
                }
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth -= 1;
                if depth == 0 {
                    return Extent::Object(i + 1);
                }
            }
            _ => {}
        }
        i += 1;
    }
    Extent::Incomplete
}

/// The fingerprint of an element's bytes.
pub fn fingerprint(bytes: &[u8]) -> Fingerprint {
    let mut h = FxHasher::default();
    h.write(bytes);
    h.write_usize(bytes.len());
    Fingerprint(h.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_object_ends_at_its_closing_brace_whatever_its_strings_hold() {
        let text = br#"{"a":"}{\"]","b":[1,{"c":null}]},{"d":1}"#;
        assert_eq!(object_extent(text), Extent::Object(32));
        assert_eq!(&text[..32], br#"{"a":"}{\"]","b":[1,{"c":null}]}"#);
        assert_eq!(object_extent(br#"{"a":"\\"}"#), Extent::Object(10));
    }

    #[test]
    fn a_cut_object_is_incomplete_and_a_non_object_is_not_fingerprinted() {
        for cut in [&br#"{"a":[1,2"#[..], br#"{"a":"x\"#, br#"{"a":"unfinished"#, b"{"] {
            assert_eq!(object_extent(cut), Extent::Incomplete, "{}", String::from_utf8_lossy(cut));
        }
        for other in [&b"null"[..], b"12", b"\"s\"", b""] {
            assert_eq!(object_extent(other), Extent::Other);
        }
    }

    #[test]
    fn fingerprints_tell_bytes_apart() {
        let a = fingerprint(br#"{"id":1,"lat":45.1}"#);
        assert_eq!(a, fingerprint(br#"{"id":1,"lat":45.1}"#));
        assert_ne!(a, fingerprint(br#"{"id":1,"lat":45.2}"#));
        assert_ne!(a, fingerprint(br#"{"id":1,"lat":45.1} "#));
    }
}
