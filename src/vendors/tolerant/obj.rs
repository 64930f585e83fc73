//! [`Obj`]: one JSON object being read, field by field, leniently.

use serde_json_borrow::{ObjectAsVec, Value};
use uuid::Uuid;

use super::{kind, parse_timestamp, read_items, whole_number, DecodeWarning, FromJson, Path};
use crate::domain::common::{Coded, Timestamp};
use crate::vendors::codes::{coded_from_number, coded_from_text, WireCode};

/// One JSON object (borrowing from the body, `'b`) being read; fields are
/// taken out as they are read.
pub struct Obj<'b, 'p> {
    fields: ObjectAsVec<'b>,
    path: Path<'p>,
    warnings: &'p mut Vec<DecodeWarning>,
}

impl<'b, 'p> Obj<'b, 'p> {
    pub(super) fn new(fields: ObjectAsVec<'b>, path: Path<'p>, warnings: &'p mut Vec<DecodeWarning>) -> Self {
        Obj { fields, path, warnings }
    }

    fn warn(&mut self, key: &str, reason: String) {
        let path = Path::Key(&self.path, key).to_string();
        self.warnings.push(DecodeWarning { path, reason });
    }

    /// The value of `key`, or `None` when absent or `null`. Objects have a
    /// few dozen keys at most: a linear scan beats hashing them.
    fn take(&mut self, key: &str) -> Option<Value<'b>> {
        match std::mem::take(self.fields.get_mut(key)?) {
            Value::Null => None,
            v => Some(v),
        }
    }

    fn wrong_type(&mut self, key: &str, expected: &str, found: &Value<'_>) {
        self.warn(key, format!("expected {expected}, found {}", kind(found)));
    }

    pub fn string(&mut self, key: &str) -> Option<String> {
        match self.take(key)? {
            Value::Str(s) => Some(s.into_owned()),
            other => {
                self.wrong_type(key, "a string", &other);
                None
            }
        }
    }

    pub fn i64(&mut self, key: &str) -> Option<i64> {
        match self.take(key)? {
            Value::Number(n) => match n.as_i64().or_else(|| n.as_f64().and_then(whole_number)) {
                Some(i) => Some(i),
                None => {
                    self.warn(key, format!("expected a whole number, found {n}"));
                    None
                }
            },
            other => {
                self.wrong_type(key, "a number", &other);
                None
            }
        }
    }

    pub fn f64(&mut self, key: &str) -> Option<f64> {
        match self.take(key)? {
            Value::Number(n) => n.as_f64(),
            other => {
                self.wrong_type(key, "a number", &other);
                None
            }
        }
    }

    pub fn bool(&mut self, key: &str) -> Option<bool> {
        match self.take(key)? {
            Value::Bool(b) => Some(b),
            other => {
                self.wrong_type(key, "true or false", &other);
                None
            }
        }
    }

    pub fn uuid(&mut self, key: &str) -> Option<Uuid> {
        let s = self.string(key)?;
        match Uuid::parse_str(s.trim()) {
            Ok(id) => Some(id),
            Err(_) => {
                self.warn(key, format!("expected a GUID, found {s:?}"));
                None
            }
        }
    }

    pub fn time(&mut self, key: &str) -> Option<Timestamp> {
        let s = self.string(key)?;
        match parse_timestamp(&s) {
            Ok(t) => Some(t),
            Err(reason) => {
                self.warn(key, reason);
                None
            }
        }
    }

    /// An enum sent as its number or its name; unknown values are kept raw.
    pub fn coded<E: WireCode>(&mut self, key: &str) -> Option<Coded<E>> {
        match self.take(key)? {
            Value::Number(n) => match n.as_i64() {
                Some(code) => Some(coded_from_number(code)),
                None => Some(Coded::Unknown(n.to_string())),
            },
            Value::Str(s) => Some(coded_from_text(&s)),
            other => {
                self.wrong_type(key, "a number or a name", &other);
                None
            }
        }
    }

    pub fn object<T: FromJson>(&mut self, key: &str) -> Option<T> {
        match self.take(key)? {
            Value::Object(map) => {
                let path = Path::Key(&self.path, key);
                match T::from_json(&mut Obj::new(map, path, self.warnings)) {
                    Ok(t) => Some(t),
                    Err(reason) => {
                        self.warnings.push(DecodeWarning { path: path.to_string(), reason });
                        None
                    }
                }
            }
            other => {
                self.wrong_type(key, "an object", &other);
                None
            }
        }
    }

    /// A list of objects; bad elements are dropped, a non-list becomes empty.
    pub fn list<T: FromJson>(&mut self, key: &str) -> Vec<T> {
        match self.take(key) {
            None => Vec::new(),
            Some(Value::Array(items)) => read_items(items, Path::Key(&self.path, key), self.warnings),
            Some(other) => {
                self.wrong_type(key, "a list", &other);
                Vec::new()
            }
        }
    }

    pub fn strings(&mut self, key: &str) -> Vec<String> {
        self.scalars(key, "string", |v| match v {
            Value::Str(s) => Ok(s.into_owned()),
            other => Err(other),
        })
    }

    /// A list of numbers (e.g. GeoJSON `coordinates`).
    pub fn numbers(&mut self, key: &str) -> Vec<f64> {
        self.scalars(key, "number", |v| match v {
            Value::Number(n) => n.as_f64().ok_or(Value::Number(n)),
            other => Err(other),
        })
    }

    /// A list of scalars (`what`: "string", "number"): `null`s skipped, each odd element dropped with a
    /// warning, a non-list empty with a warning.
    fn scalars<T>(&mut self, key: &str, what: &str, read: impl Fn(Value<'b>) -> Result<T, Value<'b>>) -> Vec<T> {
        let value = self.take(key);
        let path = Path::Key(&self.path, key);
        match value {
            None => Vec::new(),
            Some(Value::Array(items)) => items
                .into_iter()
                .enumerate()
                .filter(|(_, v)| !matches!(v, Value::Null))
                .filter_map(|(i, v)| match read(v) {
                    Ok(x) => Some(x),
                    Err(other) => {
                        self.warnings.push(DecodeWarning {
                            path: Path::Index(&path, i).to_string(),
                            reason: format!("expected a {what}, found {}", kind(&other)),
                        });
                        None
                    }
                })
                .collect(),
            Some(other) => {
                self.wrong_type(key, &format!("a list of {what}s"), &other);
                Vec::new()
            }
        }
    }

    /// A free-form object (e.g. eMabler `customProperties`), as text pairs.
    pub fn properties(&mut self, key: &str) -> Vec<(String, String)> {
        match self.take(key) {
            None => Vec::new(),
            Some(Value::Object(map)) => map
                .into_vec()
                .into_iter()
                .map(|(k, v)| {
                    let text = match v {
                        Value::Str(s) => s.into_owned(),
                        other => other.to_string(),
                    };
                    (k.into_owned(), text)
                })
                .collect(),
            Some(other) => {
                self.wrong_type(key, "an object", &other);
                Vec::new()
            }
        }
    }
}
