//! Tolerant reading of vendor JSON.
//!
//! The live APIs deviate from their docs (enums as names, 7-digit fractions,
//! strings where lists belong), so DTOs are not read with `#[derive(Deserialize)]`,
//! which rejects a whole payload for one bad field. Instead the body is
//! parsed once into a borrowed JSON tree (`serde_json_borrow`: strings
//! without escapes point into the body, objects are small vectors, so the
//! parse allocates little and unread fields cost nothing) and each DTO reads
//! its fields through [`Obj`], which:
//! - ignores unknown keys, and treats `null` like an absent key;
//! - turns a field of the wrong type into "empty" plus a [`DecodeWarning`];
//! - drops one malformed list element (with a warning) and keeps its siblings;
//! - knows the JSON path of everything it reads, for the warning's detail.

use chrono::DateTime;
use serde_json_borrow::Value;

use super::ApiError;
use crate::domain::common::Timestamp;

mod obj;

pub use crate::domain::common::{DecodeWarning, Decoded};
pub use obj::Obj;

/// A DTO read from a JSON object. `Err` means the element is unusable as a
/// whole (e.g. no identity): the enclosing list drops it with a warning.
pub trait FromJson: Sized {
    fn from_json(o: &mut Obj<'_, '_>) -> Result<Self, String>;
}

/// A float that stands for a whole number (`3.0`), as `Obj::i64` takes it.
pub fn whole_number(f: f64) -> Option<i64> {
    (f.fract() == 0.0 && f.abs() < 9.0e15).then_some(f as i64)
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::Str(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// Where a value sits in the body, e.g. `$.userGroups[3].drivers[0]`. Built
/// as a chain on the stack and only written out when a warning needs it:
/// decoding a large tree formats no paths at all.
#[derive(Clone, Copy)]
enum Path<'p> {
    Root,
    Key(&'p Path<'p>, &'p str),
    Index(&'p Path<'p>, usize),
}

impl std::fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Path::Root => f.write_str("$"),
            Path::Key(parent, key) => write!(f, "{parent}.{key}"),
            Path::Index(parent, i) => write!(f, "{parent}[{i}]"),
        }
    }
}

fn read_items<T: FromJson>(items: Vec<Value<'_>>, path: Path<'_>, warnings: &mut Vec<DecodeWarning>) -> Vec<T> {
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        out.extend(read_item(item, Path::Index(&path, i), warnings));
    }
    out
}

fn read_item<T: FromJson>(item: Value<'_>, path: Path<'_>, warnings: &mut Vec<DecodeWarning>) -> Option<T> {
    match item {
        // The docs' schema examples show `[null]` for empty recursive lists.
        Value::Null => None,
        Value::Object(map) => match T::from_json(&mut Obj::new(map, path, warnings)) {
            Ok(t) => Some(t),
            Err(reason) => {
                warnings.push(DecodeWarning { path: path.to_string(), reason });
                None
            }
        },
        other => {
            warnings.push(DecodeWarning {
                path: path.to_string(),
                reason: format!("expected an object, found {}", kind(&other)),
            });
            None
        }
    }
}

/// Element `index` of a top-level list, given alone, read as [`decode_list`]
/// reads it (warnings under `$[index]`). `None` when `item` is not JSON.
pub fn decode_list_item<T: FromJson>(item: &str, index: usize, warnings: &mut Vec<DecodeWarning>) -> Option<Option<T>> {
    let value = serde_json::from_str(item).ok()?;
    Some(read_item(value, Path::Index(&Path::Root, index), warnings))
}

fn parse_body(body: &str) -> Result<Value<'_>, ApiError> {
    serde_json::from_str(body)
        .map_err(|e| ApiError::Decode { path: "$".into(), reason: format!("not valid JSON ({e})") })
}

/// Why `text` is not JSON as [`decode_list`] parses it, if it is not.
pub fn json_error(text: &str) -> Option<serde_json::Error> {
    serde_json::from_str::<Value<'_>>(text).err()
}

/// Decodes a body whose top level is one object.
pub fn decode_object<T: FromJson>(body: &str) -> Result<Decoded<T>, ApiError> {
    let mut warnings = Vec::new();
    match parse_body(body)? {
        Value::Object(map) => {
            let value = T::from_json(&mut Obj::new(map, Path::Root, &mut warnings))
                .map_err(|reason| ApiError::Decode { path: "$".into(), reason })?;
            Ok(Decoded { value, warnings })
        }
        other => {
            Err(ApiError::Decode { path: "$".into(), reason: format!("expected an object, found {}", kind(&other)) })
        }
    }
}

/// Decodes a body whose top level is a list of objects.
pub fn decode_list<T: FromJson>(body: &str) -> Result<Decoded<Vec<T>>, ApiError> {
    let mut warnings = Vec::new();
    match parse_body(body)? {
        Value::Array(items) => {
            let value = read_items(items, Path::Root, &mut warnings);
            Ok(Decoded { value, warnings })
        }
        other => Err(ApiError::Decode { path: "$".into(), reason: format!("expected a list, found {}", kind(&other)) }),
    }
}

/// RFC 3339 with 0–9 fractional digits and `Z` or an offset; a missing
/// offset means UTC; `0001-01-01T00:00:00…` (.NET's `DateTime.MinValue`)
/// means "never".
pub fn parse_timestamp(s: &str) -> Result<Timestamp, String> {
    let s = s.trim();
    if s.starts_with("0001-01-01") {
        return Ok(Timestamp::Never);
    }
    if let Some(t) = super::rfc3339::parse(s) {
        return Ok(Timestamp::At(t));
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(Timestamp::At(t));
    }
    // No offset: UTC. Read as RFC 3339 with `Z` (not through chrono's
    // strftime interpreter, which the bundle then does without).
    match DateTime::parse_from_rfc3339(&format!("{}Z", s.trim_end_matches(['Z', 'z']))) {
        Ok(t) => Ok(Timestamp::At(t)),
        Err(_) => Err(format!("expected a date-time, found {s:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::common::Coded;
    use crate::vendors::codes::tests_support::Colour;

    #[derive(Debug, PartialEq)]
    struct Item {
        id: i64,
        name: Option<String>,
        colour: Option<Coded<Colour>>,
        tags: Vec<Item>,
    }

    impl FromJson for Item {
        fn from_json(o: &mut Obj<'_, '_>) -> Result<Self, String> {
            Ok(Item {
                id: o.i64("id").ok_or("no id")?,
                name: o.string("name"),
                colour: o.coded("colour"),
                tags: o.list("tags"),
            })
        }
    }

    #[test]
    fn unknown_fields_are_ignored_and_null_is_absent() {
        let d = decode_object::<Item>(r#"{"id":1,"name":null,"surprise":{"a":[1]}}"#).expect("decodes");
        assert_eq!(d.value, Item { id: 1, name: None, colour: None, tags: vec![] });
        assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    }

    #[test]
    fn wrong_type_becomes_empty_with_a_warning() {
        let d = decode_object::<Item>(r#"{"id":1,"name":42,"tags":"here the list of tags"}"#).expect("decodes");
        assert_eq!(d.value.name, None);
        assert!(d.value.tags.is_empty());
        let paths: Vec<_> = d.warnings.iter().map(|w| w.path.as_str()).collect();
        assert_eq!(paths, ["$.name", "$.tags"]);
        assert!(d.warnings[1].reason.contains("expected a list, found a string"));
    }

    #[test]
    fn one_malformed_element_is_dropped_and_siblings_kept() {
        let d =
            decode_list::<Item>(r#"[{"id":1},"oops",{"name":"no id"},{"id":4,"tags":[{"id":5},7]}]"#).expect("decodes");
        let ids: Vec<_> = d.value.iter().map(|i| i.id).collect();
        assert_eq!(ids, [1, 4]);
        assert_eq!(d.value[1].tags.len(), 1);
        let paths: Vec<_> = d.warnings.iter().map(|w| w.path.as_str()).collect();
        assert_eq!(paths, ["$[1]", "$[2]", "$[3].tags[1]"]);
        assert_eq!(d.warnings[1].reason, "no id");
    }

    #[test]
    fn enums_accept_numbers_and_names_and_keep_unknown_values() {
        let d = decode_list::<Item>(r#"[{"id":1,"colour":0},{"id":2,"colour":"RED"},{"id":3,"colour":9},{"id":4,"colour":"PURPLE"},{"id":5,"colour":"1"}]"#).expect("decodes");
        let colours: Vec<_> = d.value.into_iter().map(|i| i.colour).collect();
        assert_eq!(
            colours,
            [
                Some(Coded::Known(Colour::Red)),
                Some(Coded::Known(Colour::Red)),
                Some(Coded::Unknown("9".into())),
                Some(Coded::Unknown("PURPLE".into())),
                Some(Coded::Known(Colour::Blue))
            ]
        );
        assert!(d.warnings.is_empty());
    }

    #[test]
    fn timestamps_with_0_to_9_fraction_digits_and_offsets() {
        for s in [
            "2026-06-02T18:36:51Z",
            "2026-06-02T18:36:51.9Z",
            "2026-06-02T18:36:51.450Z",
            "2026-06-02T18:36:51.416748+00:00",
            "2026-06-02T18:36:51.9290578+00:00",
            "2026-06-02T20:36:51.929057812+02:00",
            "2026-06-02T18:36:51.9290578",
        ] {
            match parse_timestamp(s) {
                Ok(Timestamp::At(t)) => {
                    assert_eq!(t.with_timezone(&chrono::Utc).format("%F %T").to_string(), "2026-06-02 18:36:51", "{s}")
                }
                other => panic!("{s}: {other:?}"),
            }
        }
        let t = parse_timestamp("2026-06-02T18:36:51.9290578+00:00").expect("parses");
        match t {
            Timestamp::At(t) => assert_eq!(t.timestamp_subsec_nanos(), 929_057_800),
            Timestamp::Never => panic!("not never"),
        }
        assert!(parse_timestamp("yesterday").is_err());
    }

    #[test]
    fn dotnet_min_value_means_never() {
        assert_eq!(parse_timestamp("0001-01-01T00:00:00Z"), Ok(Timestamp::Never));
        assert_eq!(parse_timestamp("0001-01-01T00:00:00"), Ok(Timestamp::Never));
        assert_eq!(parse_timestamp("0001-01-01T00:00:00.0000000+00:00"), Ok(Timestamp::Never));
    }

    #[test]
    fn truncated_and_non_object_bodies_are_decode_errors() {
        assert!(matches!(decode_object::<Item>(r#"{"id":1,"na"#), Err(ApiError::Decode { .. })));
        assert!(matches!(decode_object::<Item>("[]"), Err(ApiError::Decode { .. })));
        assert!(matches!(decode_list::<Item>("{}"), Err(ApiError::Decode { .. })));
    }
}
