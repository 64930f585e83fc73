//! Vendor records kept as sent ("raw in, raw out"): an object read as its
//! keys and the exact JSON text of each value, in the vendor's order, and
//! written back with only the values we mean to change replaced. Nothing is
//! re-encoded that we did not touch: numbers keep their digits, unknown keys
//! stay, and no key is added unless the caller adds it.

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;

use super::ApiError;

/// One JSON object as `(key, value as sent)` pairs, borrowing from its text.
#[derive(Debug, Default)]
pub struct RawObject<'a>(pub Vec<(String, &'a RawValue)>);

impl<'de> Deserialize<'de> for RawObject<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Fields;
        impl<'de> Visitor<'de> for Fields {
            type Value = RawObject<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
                let mut fields = Vec::new();
                while let Some(entry) = map.next_entry::<String, &'de RawValue>()? {
                    fields.push(entry);
                }
                Ok(RawObject(fields))
            }
        }
        d.deserialize_map(Fields)
    }
}

impl<'a> RawObject<'a> {
    /// Reads `text` (one object); an empty text is an empty object.
    pub fn parse(text: &'a str) -> Result<Self, ApiError> {
        if text.trim().is_empty() {
            return Ok(RawObject::default());
        }
        serde_json::from_str(text)
            .map_err(|e| ApiError::Decode { path: "$".into(), reason: format!("not a JSON object ({e})") })
    }

    /// The value of `key` as sent, `null` included.
    pub fn get(&self, key: &str) -> Option<&'a RawValue> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| *v)
    }

    /// The items of the list under `key`, as sent; `None` when absent,
    /// `null` or not a list.
    pub fn list(&self, key: &str) -> Option<Vec<&'a RawValue>> {
        serde_json::from_str(self.get(key)?.get()).ok()
    }

    /// The object with the values in `replace` put in place of theirs
    /// (keys the object lacks are added only when `add` says so), every
    /// other key as sent.
    pub fn write(&self, replace: &[(&str, Option<String>)], add: impl Fn(&str) -> bool) -> String {
        let mut out = String::from("{");
        let mut push = |key: &str, value: &str| {
            if out.len() > 1 {
                out.push(',');
            }
            out.push_str(&json_text(key));
            out.push(':');
            out.push_str(value);
        };
        for (key, value) in &self.0 {
            match replace.iter().find(|(k, _)| k == key) {
                Some((_, Some(new))) => push(key, new),
                // Replaced by nothing: the key goes.
                Some((_, None)) => {}
                None => push(key, value.get()),
            }
        }
        for (key, value) in replace {
            if let (Some(new), None, true) = (value, self.get(key), add(key)) {
                push(key, new);
            }
        }
        out.push('}');
        out
    }
}

/// A value as JSON text (what `write` expects).
pub fn json_text<T: serde::Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".into())
}

/// `"[a,b,…]"` from items already in JSON.
pub fn json_list<'s>(items: impl IntoIterator<Item = &'s str>) -> String {
    let mut out = String::from("[");
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(item);
    }
    out.push(']');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn untouched_values_keep_their_exact_text_and_order() {
        let text = r#"{"B": 1.50, "A": {"x": [1, 2]}, "Gone": true, "N": null}"#;
        let o = RawObject::parse(text).expect("object");
        let out = o.write(&[("A", Some("3".into())), ("Gone", None), ("New", Some("\"n\"".into()))], |_| false);
        assert_eq!(out, r#"{"B":1.50,"A":3,"N":null}"#);
        let added = o.write(&[("New", Some("\"n\"".into()))], |k| k == "New");
        assert!(added.ends_with(r#","New":"n"}"#), "{added}");
        assert!(o.list("A").is_none());
        assert!(RawObject::parse("[1]").is_err());
        assert_eq!(RawObject::parse("").expect("empty").write(&[], |_| true), "{}");
    }

    #[test]
    fn lists_come_back_as_their_items_text() {
        let o = RawObject::parse(r#"{"L": [ {"a": 1.0}, 2 ], "S": "x"}"#).expect("object");
        let items = o.list("L").expect("list");
        assert_eq!(items.iter().map(|i| i.get()).collect::<Vec<_>>(), [r#"{"a": 1.0}"#, "2"]);
        assert_eq!(json_list(items.iter().map(|i| i.get())), r#"[{"a": 1.0},2]"#);
        assert!(o.list("S").is_none());
    }
}
