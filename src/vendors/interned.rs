//! The session's shared strings: a text that thousands of records repeat
//! (an entity, a category, a mobile state, a group, a driver's name, a
//! place) is held once, every record pointing at the same allocation.
//! At 50,000 nearest results a refresh reads thousands of moved vehicles
//! again; their repeated texts then cost a lookup, not an allocation each.
//!
//! The table lives as long as the tab and is pruned after each large read
//! ([`forget_unused`]): a text no record holds any more is let go, so the
//! table never keeps a customer's names for the rest of the day.

use std::cell::RefCell;
use std::collections::HashSet;
use std::fmt;
use std::hash::BuildHasherDefault;
use std::sync::Arc;

use rustc_hash::FxHasher;
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer};

/// Distinct texts, one shared allocation each.
#[derive(Debug, Default)]
pub struct Interner {
    texts: HashSet<Arc<str>, BuildHasherDefault<FxHasher>>,
}

impl Interner {
    /// `text`, shared with every holder of an equal text.
    pub fn intern(&mut self, text: &str) -> Arc<str> {
        if let Some(shared) = self.texts.get(text) {
            return shared.clone();
        }
        let shared: Arc<str> = Arc::from(text);
        self.texts.insert(shared.clone());
        shared
    }

    /// Lets go of the texts only the table still holds.
    pub fn prune(&mut self) {
        self.texts.retain(|t| Arc::strong_count(t) > 1);
        self.texts.shrink_to_fit();
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.texts.len()
    }

    #[cfg(test)]
    pub fn is_empty(&self) -> bool {
        self.texts.is_empty()
    }
}

thread_local! {
    /// The stream's element readers are plain functions
    /// (`fn(&str) -> FastItem<T>`), so the table they share is this one
    /// rather than a value passed along.
    static SESSION: RefCell<Interner> = RefCell::new(Interner::default());
}

/// `text`, shared through the session's table.
pub fn interned(text: &str) -> Arc<str> {
    SESSION.with_borrow_mut(|t| t.intern(text))
}

/// After a read: the texts no record holds any more are let go.
pub fn forget_unused() {
    SESSION.with_borrow_mut(Interner::prune);
}

/// How many texts the session's table holds (for the tests).
#[cfg(test)]
pub fn session_len() -> usize {
    SESSION.with_borrow(Interner::len)
}

/// `Option<String>` as serde reads it (and as `Obj::string` accepts it),
/// straight into the session's table: for the typed fast paths. A text
/// without escapes is looked up where it lies in the body, never copied
/// into a `String` first.
pub fn interned_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Arc<str>>, D::Error> {
    Ok(Option::<Text<true>>::deserialize(d)?.map(|t| t.0))
}

/// A text unique to its record (an address, a phone number): read as
/// [`interned_text`] reads, into its own allocation, not looked up, so
/// that the table does not hold one entry per record.
pub fn own_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Arc<str>>, D::Error> {
    Ok(Option::<Text<false>>::deserialize(d)?.map(|t| t.0))
}

/// A JSON string, `SHARED` through the session's table or in its own
/// allocation.
struct Text<const SHARED: bool>(Arc<str>);

impl<'de, const SHARED: bool> Deserialize<'de> for Text<SHARED> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(TextVisitor::<SHARED>)
    }
}

struct TextVisitor<const SHARED: bool>;

impl<const SHARED: bool> Visitor<'_> for TextVisitor<SHARED> {
    type Value = Text<SHARED>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        Ok(Text(if SHARED { interned(text) } else { Arc::from(text) }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_texts_share_one_allocation() {
        let mut table = Interner::default();
        let a = table.intern("EN_MOUVEMENT");
        let b = table.intern(&String::from("EN_MOUVEMENT"));
        let c = table.intern("ARRET");
        assert!(Arc::ptr_eq(&a, &b), "one allocation for equal texts");
        assert!(!Arc::ptr_eq(&a, &c));
        assert_eq!((&*a, &*c, table.len()), ("EN_MOUVEMENT", "ARRET", 2));
    }

    #[test]
    fn pruning_lets_go_of_texts_no_record_holds() {
        let mut table = Interner::default();
        let kept = table.intern("Dépôt Lyon");
        let dropped = table.intern("Dépôt Nantes");
        let weak = Arc::downgrade(&dropped);
        drop(dropped);
        table.prune();
        assert_eq!(table.len(), 1);
        assert!(weak.upgrade().is_none(), "the table let go of the text nobody held");
        // The text still held is the one handed out again.
        assert!(Arc::ptr_eq(&kept, &table.intern("Dépôt Lyon")));
        drop(kept);
        table.prune();
        assert!(table.is_empty());
    }

    #[test]
    fn the_fast_path_reader_accepts_what_a_string_field_accepts() {
        #[derive(Deserialize)]
        struct Dto {
            #[serde(default, deserialize_with = "interned_text")]
            t: Option<Arc<str>>,
        }
        let read = |json: &str| serde_json::from_str::<Dto>(json).map(|d| d.t);
        assert_eq!(read(r#"{"t":"a\"b"}"#).ok().flatten().as_deref(), Some("a\"b"));
        assert_eq!(read(r#"{"t":null}"#).ok(), Some(None));
        assert_eq!(read(r#"{}"#).ok(), Some(None));
        assert!(read(r#"{"t":3}"#).is_err(), "a number is no text");
        let (x, y) = (read(r#"{"t":"VL"}"#), read(r#"{"t":"VL"}"#));
        assert!(matches!((x, y), (Ok(Some(x)), Ok(Some(y))) if Arc::ptr_eq(&x, &y)));
        assert!(session_len() >= 1);
    }
}
