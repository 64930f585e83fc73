//! Enums on the wire: the numbers and names each vendor sends for the
//! console's domain enums. Declared per vendor with [`wire_codes!`].

use crate::domain::common::Coded;

/// A domain enum as a vendor codes it.
pub trait WireCode: Sized + Copy {
    fn from_code(code: i64) -> Option<Self>;
    fn from_name(name: &str) -> Option<Self>;
    fn code(self) -> i64;
}

/// A code as sent: the known variant, else the number kept as sent.
pub fn coded_from_number<E: WireCode>(code: i64) -> Coded<E> {
    E::from_code(code).map(Coded::Known).unwrap_or_else(|| Coded::Unknown(code.to_string()))
}

/// A code sent as text: a number in a string, or the variant's name; else
/// kept as sent.
pub fn coded_from_text<E: WireCode>(text: &str) -> Coded<E> {
    let t = text.trim();
    t.parse::<i64>()
        .ok()
        .and_then(E::from_code)
        .or_else(|| E::from_name(t))
        .map(Coded::Known)
        .unwrap_or_else(|| Coded::Unknown(text.to_string()))
}

/// Implements [`WireCode`] for an enum in scope: `Variant = code, "VendorName";`
/// (names compare without regard to ASCII case).
#[macro_export]
macro_rules! wire_codes {
    ($name:ident { $($variant:ident = $code:literal, $vendor:literal;)+ }) => {
        impl $crate::vendors::codes::WireCode for $name {
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
        }
    };
}

#[cfg(test)]
pub mod tests_support {
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Colour {
        Red,
        Blue,
    }
    crate::wire_codes!(Colour {
        Red = 0, "RED";
        Blue = 1, "BLUE";
    });
}
