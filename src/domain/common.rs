//! Value types shared by every vendor's domain: times that may be "never",
//! and enums whose full value lists the vendors do not publish.

use chrono::{DateTime, FixedOffset};

/// Something the console could not read and left out; shown on demand.
#[derive(Clone, Debug, PartialEq)]
pub struct DecodeWarning {
    /// Where in the vendor's JSON, e.g. `$.userGroups[2].users`.
    pub path: String,
    pub reason: String,
}

/// A decoded document and what had to be left out of it.
#[derive(Clone, Debug, PartialEq)]
pub struct Decoded<T> {
    pub value: T,
    pub warnings: Vec<DecodeWarning>,
}

/// How far a long answer has come while it arrives: elements read so far
/// and bytes received (for "Receiving vehicles: 31,000 so far (62 MB)").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Received {
    pub items: usize,
    pub bytes: usize,
}

/// How far a large reading has got: its bytes still arriving, or all of
/// them arrived and being decoded a slice at a time (seconds at 10,000
/// drivers, during which "so far" would be untrue).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Transfer {
    Arriving(usize),
    Decoding(usize),
}

/// A vendor time. .NET's `DateTime.MinValue` (`0001-01-01T00:00:00`) is how
/// the vendors say "never" (e.g. a charger never seen).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Timestamp {
    Never,
    At(DateTime<FixedOffset>),
}

impl Timestamp {
    pub fn at(&self) -> Option<DateTime<FixedOffset>> {
        match self {
            Timestamp::Never => None,
            Timestamp::At(t) => Some(*t),
        }
    }
}

/// An enum the vendor sends as a number or a name. Values we do not know are
/// kept as sent and shown as such — never an error. (The codes and names
/// themselves are the vendor's business: `vendors::codes`.)
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Coded<E> {
    Known(E),
    Unknown(String),
}

/// A record exactly as a vendor sent it (its JSON text), carried through the
/// console so that a write can send back what was read, fields we do not
/// know included. Opaque outside `src/vendors/`, which alone reads it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VendorRecord(std::sync::Arc<str>);

impl VendorRecord {
    pub fn new(text: &str) -> Self {
        VendorRecord(text.into())
    }

    /// The text as read (empty for a record the console made itself).
    pub fn text(&self) -> &str {
        &self.0
    }
}

/// The hash of one list element's bytes as a vendor sent them (and of their
/// length): equal bytes give equal fingerprints, so a refresh can tell an
/// element it already read without reading it again.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Fingerprint(pub u64);
