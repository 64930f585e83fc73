//! How the domain's enums read to people, in each language (keys of
//! `locales/*/enums.json`). The domain holds what a value means, the vendor
//! modules how it is coded; only this module words it.

use crate::domain::charging::{GroupType, ReferenceType};
use crate::domain::common::Coded;
use crate::domain::groups::{CameraType, MalfunctionLevel, VehicleRecordState, VehicleState};
use crate::i18n::{td_string, Locale};

pub trait Label: Copy {
    fn label(self, locale: Locale) -> &'static str;
}

impl<E: Label> Coded<E> {
    /// A known value's label; one the console does not know reads as sent
    /// ("unknown: 7").
    pub fn label(&self, locale: Locale) -> String {
        match self {
            Coded::Known(e) => e.label(locale).to_string(),
            Coded::Unknown(raw) => td_string!(locale, common.unknown, raw).to_string(),
        }
    }
}

/// `Enum { Variant => key_in_enums_json, … }`
macro_rules! labels {
    ($name:ident { $($variant:ident => $key:ident),+ $(,)? }) => {
        impl Label for $name {
            fn label(self, locale: Locale) -> &'static str {
                match self { $($name::$variant => td_string!(locale, enums.$key)),+ }
            }
        }
    };
}

labels!(VehicleRecordState { Active => active });
labels!(VehicleState { Active => active });
labels!(MalfunctionLevel { None => none });
labels!(CameraType { WithoutCamera => no_camera });
labels!(GroupType { Type0 => type_0, Type1 => type_1, Type2 => type_2, Type3 => type_3, Type4 => type_4 });
labels!(ReferenceType { Type0 => type_0, Type1 => type_1 });

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values_are_worded_and_unknown_ones_quoted() {
        let unknown: Coded<CameraType> = Coded::Unknown("7".into());
        assert_eq!(
            Coded::Known(CameraType::WithoutCamera).label(Locale::en),
            CameraType::WithoutCamera.label(Locale::en)
        );
        assert_ne!(CameraType::WithoutCamera.label(Locale::en), CameraType::WithoutCamera.label(Locale::fr));
        assert!(unknown.label(Locale::en).contains('7'), "{}", unknown.label(Locale::en));
    }
}
