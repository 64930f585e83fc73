//! Field readers for the typed fast paths (`#[serde(deserialize_with = …)]`
//! on derived DTOs), each the strict twin of one [`Obj`] method: it reads
//! what `Obj` reads without a warning, and fails on anything `Obj` would
//! warn about or read differently. A fast path that fails hands the body
//! to the tolerant reader, which finds and reports the problem; so a fast
//! path can only ever be faster, never read something else.
//!
//! [`Obj`]: super::tolerant::Obj

use std::marker::PhantomData;

use serde::de::{self, value::MapAccessDeserializer, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

use super::codes::{coded_from_number, coded_from_text, WireCode};
use super::tolerant::{parse_timestamp, whole_number};
use crate::domain::common::{Coded, Timestamp};

/// `Obj::object`: an object or `null`. A derived struct alone would also
/// take a JSON list as its fields in order, which the tolerant reader refuses.
pub fn object<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
    struct ObjectOrNull<T>(PhantomData<T>);
    impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjectOrNull<T> {
        type Value = Option<T>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("an object")
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
            T::deserialize(MapAccessDeserializer::new(map)).map(Some)
        }
    }
    d.deserialize_any(ObjectOrNull(PhantomData))
}

/// An element of a list: an object, or `null` (which the tolerant reader
/// skips without a warning: the docs show `[null]` for empty lists).
pub struct Element<T>(pub Option<T>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Element<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        object(d).map(Element)
    }
}

/// A DTO of a typed fast path that becomes a domain type; `None` when it
/// lacks what the domain needs (the tolerant reader drops such an element
/// with a warning, so the fast path refuses the body).
pub trait IntoDomain {
    type Domain;
    fn into_domain(self) -> Option<Self::Domain>;
}

/// `Obj::list` of DTOs, each converted as soon as it is read: one vector,
/// no second pass over the elements.
pub fn domain_list<'de, D: Deserializer<'de>, T: Deserialize<'de> + IntoDomain>(
    d: D,
) -> Result<Vec<T::Domain>, D::Error> {
    struct Items<T>(PhantomData<T>);
    impl<'de, T: Deserialize<'de> + IntoDomain> Visitor<'de> for Items<T> {
        type Value = Vec<T::Domain>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a list of objects")
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while let Some(Element(item)) = items.next_element::<Element<T>>()? {
                if let Some(item) = item {
                    out.push(item.into_domain().ok_or_else(|| de::Error::custom("incomplete"))?);
                }
            }
            Ok(out)
        }
    }
    d.deserialize_any(Items::<T>(PhantomData))
}

/// `Obj::strings`: a list of strings (`null` elements skipped), or `null`.
pub fn strings<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let items: Option<Vec<Option<String>>> = Deserialize::deserialize(d)?;
    Ok(items.into_iter().flatten().flatten().collect())
}

/// `Obj::i64`: a whole number, also when written as a float (`3.0`).
pub fn whole<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    struct Whole;
    impl<'de> Visitor<'de> for Whole {
        type Value = Option<i64>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a whole number")
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(self)
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Some(v))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            i64::try_from(v).map(Some).map_err(|_| E::custom("too large"))
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
            whole_number(v).map(Some).ok_or_else(|| E::custom("not whole"))
        }
    }
    d.deserialize_option(Whole)
}

/// `Obj::time`: a string in one of the timestamp forms the reader accepts.
pub fn time<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Timestamp>, D::Error> {
    match Option::<std::borrow::Cow<'de, str>>::deserialize(d)? {
        None => Ok(None),
        Some(s) => parse_timestamp(&s).map(Some).map_err(de::Error::custom),
    }
}

/// `Obj::coded`: an enum sent as its number or its name. A float or a
/// number beyond `i64` (kept raw by the tolerant reader) is refused.
pub fn coded<'de, D: Deserializer<'de>, E: WireCode>(d: D) -> Result<Option<Coded<E>>, D::Error> {
    struct Code<E>(PhantomData<E>);
    impl<'de, E: WireCode> Visitor<'de> for Code<E> {
        type Value = Option<Coded<E>>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a code or a name")
        }
        fn visit_unit<E2: de::Error>(self) -> Result<Self::Value, E2> {
            Ok(None)
        }
        fn visit_i64<E2: de::Error>(self, v: i64) -> Result<Self::Value, E2> {
            Ok(Some(coded_from_number(v)))
        }
        fn visit_u64<E2: de::Error>(self, v: u64) -> Result<Self::Value, E2> {
            i64::try_from(v).map(|v| Some(coded_from_number(v))).map_err(|_| E2::custom("too large"))
        }
        fn visit_str<E2: de::Error>(self, v: &str) -> Result<Self::Value, E2> {
            Ok(Some(coded_from_text(v)))
        }
    }
    d.deserialize_any(Code(PhantomData))
}

/// `Obj::properties`: a free-form object, in its order, when every value is
/// a string (the tolerant reader writes other values out as JSON).
pub fn properties<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<(String, String)>, D::Error> {
    struct Pairs;
    impl<'de> Visitor<'de> for Pairs {
        type Value = Vec<(String, String)>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("an object of strings")
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while let Some(pair) = map.next_entry::<String, String>()? {
                out.push(pair);
            }
            Ok(out)
        }
    }
    d.deserialize_any(Pairs)
}

/// For the tests that hold a fast path to its tolerant reader: the sample
/// with each of its values, one at a time, replaced by each JSON type or
/// removed.
#[cfg(test)]
pub fn every_value_replaced(v: &serde_json::Value) -> Vec<serde_json::Value> {
    use serde_json::{json, Value};
    let others = [
        json!(null),
        json!(7),
        json!(7.5),
        json!("x"),
        json!("2024-12-18T11:05:38Z"),
        json!(true),
        json!({}),
        json!([]),
    ];
    let mut out = Vec::new();
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                for replaced in others.iter().cloned().chain(every_value_replaced(child)) {
                    let mut m = map.clone();
                    m.insert(k.clone(), replaced);
                    out.push(Value::Object(m));
                }
                let mut m = map.clone();
                m.remove(k);
                out.push(Value::Object(m));
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                for replaced in every_value_replaced(child) {
                    let mut a = items.clone();
                    a[i] = replaced;
                    out.push(Value::Array(a));
                }
            }
        }
        _ => {}
    }
    out
}
