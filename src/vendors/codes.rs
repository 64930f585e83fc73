//! Enums on the wire: the numbers and names each vendor sends for the
//! console's domain enums. Declared per vendor with [`wire_codes!`].

/// A domain enum as a vendor codes it.
pub trait WireCode: Sized + Copy {
    fn from_code(code: i64) -> Option<Self>;
    fn from_name(name: &str) -> Option<Self>;
    fn code(self) -> i64;
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
