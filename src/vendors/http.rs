//! The one HTTP path of every vendor call: fetch through the same-origin
//! proxy with a deadline, map failures to [`ApiError`], decode with the JSON
//! path of any mismatch.

use gloo_net::http::{Method, RequestBuilder};
use serde::de::DeserializeOwned;
use std::{cell::Cell, rc::Rc};

use super::error::{vendor_message, ApiError};

/// One outgoing request. Credentials are never here: the proxy adds them.
pub struct Call {
    pub method: Method,
    pub url: String,
    pub headers: Vec<(&'static str, String)>,
    pub json_body: Option<String>,
    pub timeout_ms: u32,
}

impl Call {
    pub fn get(url: String, timeout_ms: u32) -> Self {
        Call { method: Method::GET, url, headers: Vec::new(), json_body: None, timeout_ms }
    }

    pub fn with_json(mut self, method: Method, body: String) -> Self {
        self.method = method;
        self.json_body = Some(body);
        self
    }

    pub fn header(mut self, name: &'static str, value: String) -> Self {
        self.headers.push((name, value));
        self
    }

    /// Sends the request and returns the body of a 2xx answer.
    pub async fn send(self) -> Result<String, ApiError> {
        let controller = web_sys::AbortController::new().map_err(|e| ApiError::Network(format!("{e:?}")))?;
        let timed_out = Rc::new(Cell::new(false));
        // Aborting the controller ends both the fetch and the body read; the
        // timer is cancelled when `_deadline` drops at the end of this call.
        let _deadline = {
            let controller = controller.clone();
            let timed_out = timed_out.clone();
            gloo_timers::callback::Timeout::new(self.timeout_ms, move || {
                timed_out.set(true);
                controller.abort();
            })
        };
        let secs = self.timeout_ms.div_ceil(1000);
        let failure = |e: gloo_net::Error| {
            if timed_out.get() {
                ApiError::Timeout(secs)
            } else {
                ApiError::Network(e.to_string())
            }
        };

        let mut builder = RequestBuilder::new(&self.url)
            .method(self.method)
            .abort_signal(Some(&controller.signal()))
            .header("Accept", "application/json");
        for (name, value) in &self.headers {
            builder = builder.header(name, value);
        }
        let request = match self.json_body {
            Some(body) => builder.header("Content-Type", "application/json").body(body),
            None => builder.build(),
        }
        .map_err(|e| ApiError::Network(e.to_string()))?;

        let response = request.send().await.map_err(failure)?;
        let status = response.status();
        let body = response.text().await.map_err(failure)?;
        if (200..300).contains(&status) {
            Ok(body)
        } else {
            Err(ApiError::Http { status, vendor_message: vendor_message(&body) })
        }
    }
}

/// Decodes JSON, reporting where it stopped matching (`$.Vehicles[3].VIN`).
pub fn decode<T: DeserializeOwned>(body: &str) -> Result<T, ApiError> {
    let de = &mut serde_json::Deserializer::from_str(body);
    serde_path_to_error::deserialize(de).map_err(|e| ApiError::Decode {
        path: format!("$.{}", e.path()).replace("$.$", "$").replace(".[", "["),
        reason: e.inner().to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Outer {
        items: Vec<Inner>,
    }
    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Inner {
        n: u32,
    }

    #[test]
    fn decode_reports_the_json_path_of_a_mismatch() {
        let e = decode::<Outer>(r#"{"items":[{"n":1},{"n":"two"}]}"#).unwrap_err();
        match e {
            ApiError::Decode { path, .. } => assert_eq!(path, "$.items[1].n"),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn decode_reports_truncated_json() {
        let e = decode::<Outer>(r#"{"items":[{"n":1},"#).unwrap_err();
        assert!(matches!(e, ApiError::Decode { .. }), "{e:?}");
    }
}
