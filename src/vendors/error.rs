//! The one error type of every vendor call. How it reads to a person is the
//! UI's business (`components::error_panel::error_sentence`); `Display` is the
//! technical detail, in English, for support.

use thiserror::Error;

#[derive(Clone, Debug, Error, PartialEq)]
pub enum ApiError {
    /// The request never got an HTTP answer: offline, DNS, refused, reset.
    #[error("network failure: {0}")]
    Network(String),
    /// Our own deadline fired and the request was aborted.
    #[error("no answer within {0} s")]
    Timeout(u32),
    /// The vendor (or the proxy) answered with a non-success status.
    #[error("HTTP {status}{}", vendor_message.as_deref().map(|m| format!(": {m}")).unwrap_or_default())]
    Http { status: u16, vendor_message: Option<String>, retry_after_s: Option<u32> },
    /// The body was not the JSON we expect; `path` says where it went wrong.
    #[error("unreadable answer at {path}: {reason}")]
    Decode { path: String, reason: String },
    /// The console needs something first (e.g. an Ocean login).
    #[error("{0:?}")]
    NotReady(Missing),
    /// A newer request of the same kind replaced this one; nothing to show.
    #[error("replaced by a newer request")]
    Superseded,
    /// The console's own edge (not the vendor) refused the call: no
    /// sign-in session, or it has expired. Nothing reached the vendor.
    #[error("HTTP 401 from the console's edge: not signed in")]
    SignInRequired,
    /// The edge refused the call for the signed-in person's role (a viewer
    /// writing). Nothing reached the vendor.
    #[error("HTTP 403 from the console's edge: role not allowed")]
    RoleRequired,
}

/// What the console needs before it can make a call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Missing {
    OceanCredentials,
    OceanSignIn,
}

impl ApiError {
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Http { status, .. } => Some(*status),
            _ => None,
        }
    }
}

/// Pulls a human message out of an error body, whatever the vendor's shape:
/// Vehizen `{"Message"}` or `ResponseDto.Errors`, Ocean `{"message"}`,
/// eMabler plain text.
pub fn vendor_message(body: &str) -> Option<String> {
    let body = body.trim();
    if body.is_empty() {
        return None;
    }
    if let Ok(v) = serde_json::from_str::<serde_json::Value>(body) {
        for key in ["Message", "message", "error_description", "error", "title"] {
            if let Some(s) = v.get(key).and_then(|m| m.as_str()).filter(|s| !s.is_empty()) {
                return Some(s.to_string());
            }
        }
        if let Some(errors) = v.get("Errors").and_then(|e| e.as_array()) {
            let texts: Vec<&str> = errors.iter().filter_map(|e| e.as_str()).collect();
            if !texts.is_empty() {
                return Some(texts.join(" "));
            }
        }
        return None;
    }
    // Plain text, but not an HTML error page from some gateway.
    if body.starts_with('<') {
        return None;
    }
    Some(body.chars().take(300).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vendor_message_reads_each_vendor_shape() {
        assert_eq!(
            vendor_message(r#"{"Message":"Authorization has been denied for this request."}"#).as_deref(),
            Some("Authorization has been denied for this request.")
        );
        assert_eq!(vendor_message(r#"{"status":401,"message":"Jeton expiré"}"#).as_deref(), Some("Jeton expiré"));
        assert_eq!(
            vendor_message("Driver not found for the customer").as_deref(),
            Some("Driver not found for the customer")
        );
        assert_eq!(vendor_message(r#"{"IsValid":false,"Errors":["a","b"],"Data":null}"#).as_deref(), Some("a b"));
        assert_eq!(vendor_message("<html><body>502 Bad Gateway</body></html>"), None);
        assert_eq!(vendor_message("  "), None);
    }
}
