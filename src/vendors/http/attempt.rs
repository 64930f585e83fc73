//! Sending a call: the retry loop, and each attempt with its own deadline,
//! its body read whole or handed to a sink as it arrives.

use std::{
    cell::{Cell, RefCell},
    rc::Rc,
};

use gloo_net::http::RequestBuilder;
use wasm_bindgen::JsCast;

use super::edge::{edge_refusal, sign_in_required, EDGE_HEADER};
use super::{utf8_body, Answer, BodySink, Call, Collected, Slot};
use crate::vendors::retry::{self, Attempt, Decision};
use crate::vendors::ApiError;

impl Call {
    /// Attempts until one answers 2xx or [`retry::decide`] gives up; a newer
    /// call of the same kind (`slot`) ends it with [`ApiError::Superseded`].
    pub(super) async fn run(self, slot: Option<Rc<Slot>>) -> Result<Answer, ApiError> {
        let superseded = || slot.as_ref().is_some_and(|s| s.superseded.get());
        let mut attempt = 1;
        loop {
            let result = self.attempt(slot.as_deref()).await;
            if superseded() {
                return Err(ApiError::Superseded);
            }
            let outcome = match &result {
                Ok(a) if a.ok() => return result,
                Ok(a) => Attempt::Status { status: a.status, retry_after_s: a.retry_after_s },
                Err(ApiError::Timeout(_)) => Attempt::TimedOut,
                Err(ApiError::Network(_)) => Attempt::NetworkFailure,
                Err(_) => return result,
            };
            match retry::decide(self.idempotent, attempt, outcome, js_sys::Math::random()) {
                Decision::GiveUp => return result,
                Decision::RetryAfterMs(ms) => {
                    gloo_timers::future::sleep(std::time::Duration::from_millis(ms.into())).await;
                    if superseded() {
                        return Err(ApiError::Superseded);
                    }
                    attempt += 1;
                }
            }
        }
    }

    /// One fetch with its own deadline.
    async fn attempt(&self, slot: Option<&Slot>) -> Result<Answer, ApiError> {
        let controller = web_sys::AbortController::new().map_err(|e| ApiError::Network(format!("{e:?}")))?;
        if let Some(slot) = slot {
            *slot.controller.borrow_mut() = Some(controller.clone());
        }
        let timed_out = Rc::new(Cell::new(false));
        // Aborting ends both the fetch and the body read; the timer is
        // cancelled when `_deadline` drops at the end of this attempt.
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
            .method(self.method.clone())
            .abort_signal(Some(&controller.signal()))
            .redirect(web_sys::RequestRedirect::Error)
            .header("Accept", "application/json");
        for (name, value) in &self.headers {
            builder = builder.header(name, value);
        }
        let request = match &self.json_body {
            Some(body) => builder.header("Content-Type", "application/json").body(body.clone()),
            None => builder.build(),
        }
        .map_err(|e| ApiError::Network(e.to_string()))?;

        let response = request.send().await.map_err(failure)?;
        let status = response.status();
        // The console's edge answers for itself, in a header vendors cannot
        // send (it strips theirs): the sign-in is missing or the role is
        // not enough. Such a call never reached the vendor.
        if let Some(refusal) = edge_refusal(status, response.headers().get(EDGE_HEADER).as_deref()) {
            if refusal == ApiError::SignInRequired {
                sign_in_required();
            }
            return Err(refusal);
        }
        let retry_after_s =
            response.headers().get("Retry-After").and_then(|v| retry::parse_retry_after(&v, chrono::Utc::now()));
        if let Some(sink) = self.sink.as_ref().filter(|_| (200..300).contains(&status)) {
            let length = response.headers().get("Content-Length").and_then(|l| l.trim().parse().ok());
            sink.start(length);
            read_body(&response, sink.as_ref()).await.map_err(|e| failure(gloo_net::Error::GlooError(e)))?;
            return Ok(Answer { status, body: String::new(), retry_after_s });
        }
        if let Some(report) = self.progress.clone().filter(|_| (200..300).contains(&status)) {
            let collected = Collected { bytes: RefCell::new(Vec::new()), report };
            let length = response.headers().get("Content-Length").and_then(|l| l.trim().parse().ok());
            collected.start(length);
            read_body(&response, &collected).await.map_err(|e| failure(gloo_net::Error::GlooError(e)))?;
            return Ok(Answer { status, body: utf8_body(collected.bytes.take()), retry_after_s });
        }
        // Bytes, not `text()`: a copy into wasm memory instead of the browser
        // decoding UTF-8 to UTF-16 and the binding encoding it back.
        let body = utf8_body(response.binary().await.map_err(failure)?);
        Ok(Answer { status, body, retry_after_s })
    }
}

/// The most handed to the sink at once: a chunk can be megabytes when the
/// page was busy, and the sink decodes what it is given before returning.
const PIECE_BYTES: u32 = 256 * 1024;

/// How often the sink is asked to tell how far the body has come.
const REPORT_EVERY_MS: f64 = 100.0;

/// The body, chunk by chunk as the browser receives it, into `sink`, in
/// pieces of at most [`PIECE_BYTES`], letting the event loop run between
/// them once a slice's time is spent (`SliceClock`): no task decodes a
/// whole burst of chunks. Its progress is told after the first piece, then
/// every [`REPORT_EVERY_MS`] (told after each of a 100 MB answer's
/// hundreds of pieces, it cost as much as reading them).
async fn read_body(response: &gloo_net::http::Response, sink: &dyn BodySink) -> Result<(), String> {
    let Some(stream) = response.body() else {
        return Ok(()); // No body at all.
    };
    let reader: web_sys::ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    let now = || web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or(0.0);
    let (mut busy_ms, mut chunks) = (0.0, 0);
    let mut clock = crate::slices::SliceClock::start();
    let mut next_report = 0.0;
    loop {
        let next = wasm_bindgen_futures::JsFuture::from(reader.read()).await.map_err(js_error)?;
        let done = js_sys::Reflect::get(&next, &"done".into()).map_err(js_error)?;
        if done.is_truthy() {
            // The last figure: up to 100 ms of bytes may not have been told.
            sink.report();
            crate::perf::body_read(busy_ms, chunks);
            return Ok(());
        }
        let bytes = js_sys::Uint8Array::new(&js_sys::Reflect::get(&next, &"value".into()).map_err(js_error)?);
        let (mut from, len) = (0, bytes.length());
        while from < len {
            let to = len.min(from + PIECE_BYTES);
            let piece = bytes.subarray(from, to);
            let started = now();
            // Straight from the browser's buffer into the sink's: one copy.
            sink.push((to - from) as usize, &mut |into| piece.copy_to(into));
            let pushed = now();
            busy_ms += pushed - started;
            if pushed >= next_report {
                sink.report();
                next_report = pushed + REPORT_EVERY_MS;
            }
            from = to;
            clock.pause_if_over().await;
        }
        chunks += 1;
    }
}

/// A failed read (an abort, a dropped connection) in words.
fn js_error(e: wasm_bindgen::JsValue) -> String {
    match e.dyn_ref::<js_sys::Error>() {
        Some(error) => String::from(error.message()),
        None => format!("{e:?}"),
    }
}
