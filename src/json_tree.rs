//! A small JSON document (`config.json`, the edge's `/auth/me`) as a plain
//! tree that the shell reads by hand.
//!
//! In the browser the text is parsed by `JSON.parse`, so the main wasm
//! module carries neither serde_json's parser nor serde's generated
//! visitors: those are only needed by the pages' vendor decoders, which
//! live in the pages' own modules. Natively (the unit tests) serde_json
//! parses it; either way the same readers (`config/read.rs`,
//! `edge_sign_in.rs`) then walk the same tree, so the native tests cover
//! everything but the parse itself.

/// One JSON value. Numbers are `f64`, as `JSON.parse` gives them; objects
/// keep their keys in order (a key written twice keeps its last value, as
/// `JSON.parse` does).
#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

/// Deeper nesting than this is refused rather than walked (serde_json's own
/// limit is 128): the walk is recursive, and no document read here nests
/// more than a few levels.
const MAX_DEPTH: usize = 64;

impl Json {
    /// The value under `key`, if this is an object that has it.
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(entries) => entries.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Json::Number(n) => Some(*n),
            _ => None,
        }
    }
}

/// Parses `text`; the error is the parser's own sentence.
pub fn parse(text: &str) -> Result<Json, String> {
    parse_text(text)
}

#[cfg(target_arch = "wasm32")]
fn parse_text(text: &str) -> Result<Json, String> {
    use wasm_bindgen::JsCast;
    let value = js_sys::JSON::parse(text).map_err(|e| match e.dyn_ref::<js_sys::Error>() {
        Some(error) => String::from(error.message()),
        None => "JSON.parse refused it".to_string(),
    })?;
    from_js(&value, 0)
}

/// `JSON.parse` gives only null, booleans, numbers, strings, arrays and
/// plain objects.
#[cfg(target_arch = "wasm32")]
fn from_js(value: &wasm_bindgen::JsValue, depth: usize) -> Result<Json, String> {
    use wasm_bindgen::JsCast;
    if depth > MAX_DEPTH {
        return Err(format!("nested deeper than {MAX_DEPTH} levels"));
    }
    if value.is_null() {
        return Ok(Json::Null);
    }
    if let Some(b) = value.as_bool() {
        return Ok(Json::Bool(b));
    }
    if let Some(n) = value.as_f64() {
        return Ok(Json::Number(n));
    }
    if let Some(s) = value.as_string() {
        return Ok(Json::String(s));
    }
    if let Some(array) = value.dyn_ref::<js_sys::Array>() {
        return array.iter().map(|item| from_js(&item, depth + 1)).collect::<Result<_, _>>().map(Json::Array);
    }
    let Some(object) = value.dyn_ref::<js_sys::Object>() else {
        return Err("not a JSON value".to_string());
    };
    let mut entries = Vec::new();
    for pair in js_sys::Object::entries(object).iter() {
        let pair = js_sys::Array::from(&pair);
        let key = pair.get(0).as_string().unwrap_or_default();
        entries.push((key, from_js(&pair.get(1), depth + 1)?));
    }
    Ok(Json::Object(entries))
}

#[cfg(not(target_arch = "wasm32"))]
fn parse_text(text: &str) -> Result<Json, String> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    from_serde(value, 0)
}

#[cfg(not(target_arch = "wasm32"))]
fn from_serde(value: serde_json::Value, depth: usize) -> Result<Json, String> {
    use serde_json::Value;
    if depth > MAX_DEPTH {
        return Err(format!("nested deeper than {MAX_DEPTH} levels"));
    }
    Ok(match value {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(b),
        // As JSON.parse reads it: every number a double.
        Value::Number(n) => Json::Number(n.as_f64().unwrap_or(f64::NAN)),
        Value::String(s) => Json::String(s),
        Value::Array(items) => {
            Json::Array(items.into_iter().map(|item| from_serde(item, depth + 1)).collect::<Result<_, _>>()?)
        }
        Value::Object(map) => Json::Object(
            map.into_iter().map(|(k, v)| Ok((k, from_serde(v, depth + 1)?))).collect::<Result<_, String>>()?,
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_kind_of_value() {
        let json = parse(r#"{"a": [1, 2.5, -3e2], "b": {"c": null, "d": true}, "e": "é\n"}"#).expect("valid");
        assert_eq!(json.get("a"), Some(&Json::Array(vec![Json::Number(1.0), Json::Number(2.5), Json::Number(-300.0)])));
        assert_eq!(json.get("b").and_then(|b| b.get("c")), Some(&Json::Null));
        assert_eq!(json.get("b").and_then(|b| b.get("d")), Some(&Json::Bool(true)));
        assert_eq!(json.get("e").and_then(Json::as_str), Some("é\n"));
        assert_eq!(json.get("missing"), None);
    }

    #[test]
    fn refuses_bad_syntax_and_deep_nesting() {
        assert!(parse("{").is_err());
        assert!(parse("<!DOCTYPE html>").is_err());
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 2), "]".repeat(MAX_DEPTH + 2));
        assert!(parse(&deep).is_err());
        let fine = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(&fine).is_ok());
    }
}
