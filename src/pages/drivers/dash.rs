//! How a missing field reads in the details: a dash.

/// A field as shown: its text, or a dash when absent or empty.
pub fn text_or_dash(s: &Option<String>) -> String {
    s.clone().filter(|s| !s.is_empty()).unwrap_or_else(|| "—".into())
}

pub fn number_or_dash(n: Option<i64>) -> String {
    n.map(|v| v.to_string()).unwrap_or_else(|| "—".into())
}
