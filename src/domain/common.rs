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
/// kept as sent and shown as such — never an error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Coded<E> {
    Known(E),
    Unknown(String),
}

/// An enum with the codes and names we know from the vendor docs.
pub trait VendorEnum: Sized + Copy {
    fn from_code(code: i64) -> Option<Self>;
    fn from_name(name: &str) -> Option<Self>;
    fn code(self) -> i64;
    /// What a person reads, in their language.
    fn label(self, locale: crate::i18n::Locale) -> &'static str;
}

impl<E: VendorEnum> Coded<E> {
    pub fn label(&self, locale: crate::i18n::Locale) -> String {
        match self {
            Coded::Known(e) => e.label(locale).to_string(),
            Coded::Unknown(raw) => crate::i18n::td_string!(locale, common.unknown, raw).to_string(),
        }
    }
}

/// Declares a [`VendorEnum`]: `Variant = code, "VendorName", label_key`, the
/// label being a key of `locales/*/enums.json`.
#[macro_export]
macro_rules! vendor_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $code:literal, $vendor:literal, $label:ident;)+ }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum $name { $($variant),+ }

        impl $crate::domain::common::VendorEnum for $name {
            fn from_code(code: i64) -> Option<Self> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }
            fn from_name(name: &str) -> Option<Self> {
                $(if name.eq_ignore_ascii_case($vendor) { return Some($name::$variant); })+
                None
            }
            fn code(self) -> i64 {
                match self { $($name::$variant => $code),+ }
            }
            fn label(self, locale: $crate::i18n::Locale) -> &'static str {
                match self { $($name::$variant => $crate::i18n::td_string!(locale, enums.$label)),+ }
            }
        }
    };
}

#[cfg(test)]
pub mod tests_support {
    crate::vendor_enum!(Colour {
        Red = 0, "RED", red;
        Blue = 1, "BLUE", blue;
    });
}
