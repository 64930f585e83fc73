//! The one error type of every vendor call, and how it reads to a person.

use thiserror::Error;

use crate::format;
use crate::i18n::{td_string, Locale};

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
    /// A sentence a fleet manager understands, in their language; the
    /// vendor's own message is quoted as sent. `to_string()` is the detail.
    pub fn sentence(&self, locale: Locale, vendor: &str) -> String {
        match self {
            ApiError::Network(_) => td_string!(locale, errors.network, vendor).to_string(),
            ApiError::Timeout(seconds) => td_string!(locale, errors.timeout, vendor, seconds).to_string(),
            ApiError::Http { status, vendor_message, retry_after_s } => {
                let what = match status {
                    400 => td_string!(locale, errors.http_400, vendor).to_string(),
                    401 => td_string!(locale, errors.http_401, vendor).to_string(),
                    403 => td_string!(locale, errors.http_403, vendor).to_string(),
                    404 => td_string!(locale, errors.http_404, vendor).to_string(),
                    429 => match retry_after_s {
                        Some(s) => {
                            let wait = format::duration_s(locale, u64::from(*s));
                            td_string!(locale, errors.http_429_after, vendor, wait).to_string()
                        }
                        None => td_string!(locale, errors.http_429, vendor).to_string(),
                    },
                    502..=504 => td_string!(locale, errors.http_gateway, vendor).to_string(),
                    500..=599 => td_string!(locale, errors.http_5xx, vendor).to_string(),
                    status => td_string!(locale, errors.http_other, vendor, status).to_string(),
                };
                match vendor_message {
                    Some(message) if !message.is_empty() => td_string!(locale, errors.with_vendor_message, what, message).to_string(),
                    _ => td_string!(locale, errors.without_vendor_message, what).to_string(),
                }
            }
            ApiError::Decode { .. } => td_string!(locale, errors.decode, vendor).to_string(),
            ApiError::NotReady(Missing::OceanCredentials) => td_string!(locale, errors.need_ocean_credentials).to_string(),
            ApiError::NotReady(Missing::OceanSignIn) => td_string!(locale, errors.need_ocean_sign_in).to_string(),
            ApiError::Superseded => String::new(),
            ApiError::SignInRequired => td_string!(locale, signin.call_needs_sign_in, vendor).to_string(),
            ApiError::RoleRequired => td_string!(locale, signin.call_needs_editor, vendor).to_string(),
        }
    }

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
        assert_eq!(vendor_message(r#"{"Message":"Authorization has been denied for this request."}"#).as_deref(), Some("Authorization has been denied for this request."));
        assert_eq!(vendor_message(r#"{"status":401,"message":"Jeton expiré"}"#).as_deref(), Some("Jeton expiré"));
        assert_eq!(vendor_message("Driver not found for the customer").as_deref(), Some("Driver not found for the customer"));
        assert_eq!(vendor_message(r#"{"IsValid":false,"Errors":["a","b"],"Data":null}"#).as_deref(), Some("a b"));
        assert_eq!(vendor_message("<html><body>502 Bad Gateway</body></html>"), None);
        assert_eq!(vendor_message("  "), None);
    }

    #[test]
    fn sentences_name_the_vendor_and_the_cause() {
        let e = ApiError::Http { status: 404, vendor_message: Some("Driver not found for the customer".into()), retry_after_s: None };
        assert_eq!(e.sentence(Locale::en, "eMabler"), "eMabler has no such record: “Driver not found for the customer”");
        assert!(ApiError::Timeout(15).sentence(Locale::en, "Ocean").contains("15 seconds"));
        assert!(ApiError::Http { status: 401, vendor_message: None, retry_after_s: None }.sentence(Locale::en, "Ocean").contains("credentials"));
        assert!(ApiError::Http { status: 429, vendor_message: None, retry_after_s: Some(40) }.sentence(Locale::en, "Ocean").contains("try again in 40 s"));
    }

    #[test]
    fn french_sentences_translate_ours_and_quote_the_vendor_as_sent() {
        let e = ApiError::Http { status: 404, vendor_message: Some("Driver not found for the customer".into()), retry_after_s: None };
        assert_eq!(e.sentence(Locale::fr, "eMabler"), "eMabler n’a pas cet enregistrement : « Driver not found for the customer »");
        let limited = ApiError::Http { status: 429, vendor_message: None, retry_after_s: Some(90) };
        assert_eq!(limited.sentence(Locale::fr, "Ocean"), "Ocean limite les requêtes ; réessayez dans 2\u{a0}min.");
        assert_eq!(ApiError::NotReady(Missing::OceanSignIn).sentence(Locale::fr, "Ocean"), "Connectez-vous à Ocean pour continuer.");
    }
}
