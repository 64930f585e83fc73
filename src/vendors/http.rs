//! The one HTTP path of every vendor call, over gloo-net:
//! - a deadline on every attempt (the fetch is aborted);
//! - calls that change nothing (reads, searches: [`Call::idempotent`])
//!   retried per [`retry::decide`] (backoff with jitter, `Retry-After`),
//!   writes never;
//! - the same request is never in flight twice: a duplicate joins the first;
//! - a newer request of the same *kind* aborts the older one, whose caller
//!   gets [`ApiError::Superseded`] and shows nothing.

use std::{
    cell::{Cell, RefCell},
    collections::HashMap,
    future::Future,
    rc::Rc,
};

use futures::future::{FutureExt, LocalBoxFuture, Shared};
use gloo_net::http::Method;

use super::error::{vendor_message, ApiError};

mod attempt;
mod edge;

pub use edge::{edge_refusal, on_sign_in_required, EDGE_HEADER};

/// One outgoing request. Credentials are never here: the proxy adds them.
#[derive(Clone)]
pub struct Call {
    pub method: Method,
    pub url: String,
    pub headers: Vec<(&'static str, String)>,
    pub json_body: Option<String>,
    pub timeout_ms: u32,
    kind: Option<&'static str>,
    sink: Option<Rc<dyn BodySink>>,
    progress: Option<Rc<dyn Fn(usize)>>,
    /// Safe to send again: what retries go by, not the method.
    idempotent: bool,
}

/// Reads a successful answer's body while it arrives, instead of the call
/// collecting it (e.g. a 100 MB list decoded element by element).
pub trait BodySink {
    /// A (new) attempt's body begins; `length` from `Content-Length`.
    fn start(&self, length: Option<usize>);
    /// The next `len` bytes, written into place by `fill`.
    fn push(&self, len: usize, fill: &mut dyn FnMut(&mut [u8]));
    /// Tells whoever follows the body how far it has come: asked a few
    /// times a second, not after each chunk, since each report changes
    /// the page.
    fn report(&self);
}

/// Any HTTP answer, successful or not.
#[derive(Clone, Debug)]
pub struct Answer {
    pub status: u16,
    pub body: String,
    pub retry_after_s: Option<u32>,
}

impl Answer {
    pub fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }

    pub fn into_error(self) -> ApiError {
        ApiError::Http {
            status: self.status,
            vendor_message: vendor_message(&self.body),
            retry_after_s: self.retry_after_s,
        }
    }
}

type SharedAnswer = Shared<LocalBoxFuture<'static, Result<Answer, ApiError>>>;

/// Those told the bytes received of a body read whole (`Call::reporting`):
/// the caller that sent the request and each identical call that joined it.
type Listeners = Rc<RefCell<Vec<Rc<dyn Fn(usize)>>>>;

/// The latest request of a kind, so that a newer one can abort it.
#[derive(Default)]
struct Slot {
    superseded: Cell<bool>,
    controller: RefCell<Option<web_sys::AbortController>>,
}

impl Slot {
    /// Ends the request in this slot: its caller gets [`ApiError::Superseded`].
    fn end(&self) {
        self.superseded.set(true);
        if let Some(c) = self.controller.borrow_mut().take() {
            c.abort();
        }
    }
}

thread_local! {
    static IN_FLIGHT: RefCell<HashMap<String, (SharedAnswer, Listeners)>> = RefCell::new(HashMap::new());
    static LATEST: RefCell<HashMap<&'static str, Rc<Slot>>> = RefCell::new(HashMap::new());
}

impl Call {
    /// A read (`GET`) of `url`.
    pub fn read(url: String, timeout_ms: u32) -> Self {
        let (headers, json_body, kind, sink, progress) = (Vec::new(), None, None, None, None);
        Call { method: Method::GET, url, headers, json_body, timeout_ms, kind, sink, progress, idempotent: true }
    }

    /// A `method` (`POST`, `PUT`) sending `body` as JSON to `url`: a write,
    /// never retried, unless marked [`Call::idempotent`].
    pub fn send_json(method: Method, url: String, body: String, timeout_ms: u32) -> Self {
        Call { method, json_body: Some(body), idempotent: false, ..Call::read(url, timeout_ms) }
    }

    /// A call that changes nothing whatever its method (a search sent as a
    /// POST): retried like a read after a dropped connection or a 502–504.
    pub fn idempotent(mut self) -> Self {
        self.idempotent = true;
        self
    }

    pub fn header(mut self, name: &'static str, value: String) -> Self {
        self.headers.push((name, value));
        self
    }

    /// Only the newest request of this kind matters (e.g. "nearest search").
    pub fn latest_of(mut self, kind: &'static str) -> Self {
        self.kind = Some(kind);
        self
    }

    /// A 2xx body goes to `sink` as it arrives; [`Call::send`] then gives
    /// an empty body. Such a call is never joined by an identical one,
    /// which would get no body.
    pub fn body_into(mut self, sink: Rc<dyn BodySink>) -> Self {
        self.sink = Some(sink);
        self
    }

    /// A 2xx body is read chunk by chunk, `report` told the bytes received
    /// so far after each (a long answer's progress). Unlike a sink's, the
    /// body is the call's answer, so an identical call still joins it, and
    /// its own `report` is then told too.
    pub fn reporting(mut self, report: impl Fn(usize) + 'static) -> Self {
        self.progress = Some(Rc::new(report));
        self
    }

    fn key(&self) -> String {
        let headers: Vec<String> = self.headers.iter().map(|(k, v)| format!("{k}={v}")).collect();
        format!("{} {} {} {}", self.method, self.url, headers.join("&"), self.json_body.as_deref().unwrap_or(""))
    }

    /// The body of a 2xx answer; any other answer is an [`ApiError::Http`].
    pub async fn send(self) -> Result<String, ApiError> {
        let answer = self.send_raw().await?;
        if answer.ok() {
            Ok(answer.body)
        } else {
            Err(answer.into_error())
        }
    }

    /// Any HTTP answer; only a failure to get one is an error.
    pub async fn send_raw(mut self) -> Result<Answer, ApiError> {
        let key = self.key();
        let joinable = self.sink.is_none();
        if let Some((running, listeners)) = IN_FLIGHT.with(|m| m.borrow().get(&key).cloned()).filter(|_| joinable) {
            // A caller that joins a read on its way is told its progress too.
            listeners.borrow_mut().extend(self.progress.take());
            return running.await;
        }
        let slot = self.kind.map(|kind| {
            let slot = Rc::new(Slot::default());
            if let Some(old) = LATEST.with(|m| m.borrow_mut().insert(kind, slot.clone())) {
                old.end();
            }
            slot
        });
        if !joinable {
            return self.run(slot).await;
        }
        let listeners: Listeners = Rc::new(RefCell::new(self.progress.take().into_iter().collect()));
        if !listeners.borrow().is_empty() {
            let all = listeners.clone();
            // A copy of the list: a listener may make another call join.
            self.progress = Some(Rc::new(move |bytes| {
                let now: Vec<_> = all.borrow().clone();
                now.iter().for_each(|listener| listener(bytes));
            }));
        }
        let table_key = key.clone();
        let shared = shared_leaving(self.run(slot), move || {
            IN_FLIGHT.with(|m| m.borrow_mut().remove(&table_key));
        });
        IN_FLIGHT.with(|m| m.borrow_mut().insert(key, (shared.clone(), listeners)));
        shared.await
    }
}

/// `run` as a future every identical call can join, whose `leave` (out of
/// the table of reads in flight) is done, by whichever caller polls it,
/// before the answer is handed out. A handle still held in the table would
/// make `Shared` copy the answer for each caller instead of moving it to
/// the last one: a 29 MB body copied in one task (~200 ms) on every
/// reading of a 10,000-driver tree, and held twice.
fn shared_leaving<T: Clone + 'static>(
    run: impl Future<Output = T> + 'static,
    leave: impl FnOnce() + 'static,
) -> Shared<LocalBoxFuture<'static, T>> {
    async move {
        let answer = run.await;
        leave();
        answer
    }
    .boxed_local()
    .shared()
}

/// A body collected whole, its progress told as it arrives.
struct Collected {
    bytes: RefCell<Vec<u8>>,
    report: Rc<dyn Fn(usize)>,
}

impl BodySink for Collected {
    fn start(&self, length: Option<usize>) {
        let mut bytes = self.bytes.borrow_mut();
        bytes.clear();
        // The length is the server's word: a wrong one must neither abort the
        // app nor grow its memory for good, so it is capped (the body still
        // grows past it if it is really longer).
        let _ = bytes.try_reserve(length.unwrap_or(0).min(64 << 20));
    }

    fn push(&self, len: usize, fill: &mut dyn FnMut(&mut [u8])) {
        let mut bytes = self.bytes.borrow_mut();
        let end = bytes.len();
        bytes.resize(end + len, 0);
        fill(&mut bytes[end..]);
    }

    fn report(&self) {
        let total = self.bytes.borrow().len();
        (self.report)(total);
    }
}

/// Ends the request of `kind` in flight, if any: its caller gets
/// [`ApiError::Superseded`], as when a newer one replaces it (the user
/// cancelled a long answer).
pub fn cancel(kind: &'static str) {
    if let Some(slot) = LATEST.with(|m| m.borrow_mut().remove(kind)) {
        slot.end();
    }
}

/// A response body as text: no copy when it is valid UTF-8 (as JSON must be),
/// else with U+FFFD for the bad bytes, like the browser's `text()`; a leading
/// byte-order mark is dropped, as `text()` does.
pub fn utf8_body(mut bytes: Vec<u8>) -> String {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Everything but RFC 3986's unreserved characters (`A-Z a-z 0-9 - . _ ~`).
const NOT_UNRESERVED: &percent_encoding::AsciiSet =
    &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// Percent-encodes a path segment or query value: only unreserved
/// characters are kept as they are.
pub fn percent_encode(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, NOT_UNRESERVED).to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_the_edge_header_makes_a_refusal_the_edges() {
        use super::{edge_refusal, ApiError};
        assert_eq!(edge_refusal(401, Some("sign-in-required")), Some(ApiError::SignInRequired));
        assert_eq!(edge_refusal(403, Some("role-required")), Some(ApiError::RoleRequired));
        // A vendor's own 401 (an expired Ocean token) is the vendor's.
        assert_eq!(edge_refusal(401, None), None);
        assert_eq!(edge_refusal(403, None), None);
        assert_eq!(edge_refusal(401, Some("")), None);
        // A header on a success or another status means nothing.
        assert_eq!(edge_refusal(200, Some("sign-in-required")), None);
        assert_eq!(edge_refusal(403, Some("sign-in-required")), None);
    }

    #[test]
    fn path_segments_keep_only_unreserved_characters() {
        assert_eq!(super::percent_encode("a/b c?d=é&~-._"), "a%2Fb%20c%3Fd%3D%C3%A9%26~-._");
    }

    #[test]
    fn bodies_read_like_the_browser_would() {
        assert_eq!(super::utf8_body(b"{\"a\":1}".to_vec()), "{\"a\":1}");
        assert_eq!(super::utf8_body(b"\xEF\xBB\xBF[]".to_vec()), "[]");
        assert_eq!(super::utf8_body(b"\"caf\xE9\"".to_vec()), "\"caf\u{FFFD}\"");
    }

    use super::*;

    /// An answer that counts its copies.
    #[derive(Debug)]
    struct Counted(Rc<Cell<usize>>);

    impl Clone for Counted {
        fn clone(&self) -> Self {
            self.0.set(self.0.get() + 1);
            Counted(self.0.clone())
        }
    }

    #[test]
    fn a_shared_read_hands_its_answer_over_and_copies_it_only_for_a_joined_caller() {
        type Table = Rc<RefCell<Option<Shared<LocalBoxFuture<'static, Counted>>>>>;
        // A read as `send_raw` starts one: in the table, then awaited.
        let start = |copies: &Rc<Cell<usize>>| {
            let table: Table = Rc::default();
            let (answer, in_table) = (Counted(copies.clone()), table.clone());
            let shared = shared_leaving(async move { answer }, move || drop(in_table.borrow_mut().take()));
            *table.borrow_mut() = Some(shared.clone());
            (shared, table)
        };
        let copies = Rc::new(Cell::new(0));
        let (alone, table) = start(&copies);
        futures::executor::block_on(alone);
        assert_eq!(copies.get(), 0, "the one caller got a copy");
        assert!(table.borrow().is_none(), "left in the table");
        // A caller that joined gets its own copy; the last one the answer.
        let copies = Rc::new(Cell::new(0));
        let (first, _table) = start(&copies);
        let joined = first.clone();
        futures::executor::block_on(futures::future::join(first, joined));
        assert_eq!(copies.get(), 1);
    }

    #[test]
    fn identical_requests_share_a_key_and_different_ones_do_not() {
        let a = Call::read("/x".into(), 1000).header("X-AUTH-TOKEN", "t".into());
        let b = Call::read("/x".into(), 1000).header("X-AUTH-TOKEN", "t".into());
        let c = Call::send_json(Method::POST, "/x".into(), "{}".into(), 1000);
        assert_eq!(a.key(), b.key());
        assert_ne!(a.key(), c.key());
    }
}
