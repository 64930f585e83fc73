//! A long JSON list read while its bytes arrive. At 50,000 vehicles an
//! Ocean search answers 100 MB; reading each element as soon as it is
//! complete overlaps the decoding with the transfer instead of adding it
//! after the last byte, and the bytes of each element read are let go
//! (`window`), so the answer is never whole in memory.
//!
//! Each element goes through a typed fast path first (`fast`, which says
//! how long the element was), and through the tolerant reader when the fast
//! path refuses it, so one odd element costs only itself. The result is the
//! one [`decode_list`] gives for the whole body, warnings, their paths and
//! errors included: when anything about the list itself is off (not a list,
//! invalid JSON, bytes after it), the stream gives up and [`finish`] says
//! what is wrong as `decode_list` would (handing it the whole body if
//! nothing was dropped yet).
//!
//! With [`ListStream::fingerprinting`], an element whose bytes a previous
//! list had is taken from there instead of being read again (`fingerprints`).
//!
//! [`finish`]: ListStream::finish

use std::cell::RefCell;
use std::rc::Rc;

use serde::de::IgnoredAny;

use super::http::{utf8_body, BodySink};
use super::tolerant::{decode_list, decode_list_item, DecodeWarning, Decoded, FromJson};
use super::ApiError;
use crate::domain::common::Received;

mod fast_item;
mod fingerprints;
mod window;

pub use fast_item::{fast_item, FastItem};
pub use fingerprints::Fingerprinting;
use fingerprints::Seen;

#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum State {
    /// Before the `[`.
    Start,
    /// After the `[`: the first element or the `]`.
    FirstOrEnd,
    /// After a comma: an element.
    Element,
    /// After an element: a comma or the `]`.
    CommaOrEnd,
    /// After the `]`: only white space may follow.
    Done,
    /// The list could not be followed: the whole body is read at the end.
    Whole,
}

pub struct ListStream<T> {
    /// The bytes not dropped yet (see [`window::Dropped`]).
    body: Vec<u8>,
    /// The first byte not read yet, in `body`.
    at: usize,
    state: State,
    /// The state the list was given up in (`state` is then `Whole`).
    stopped_in: State,
    dropped: window::Dropped,
    /// The index of the next element in the list (`null`s count).
    index: usize,
    /// An element was incomplete: look again once `body` is this long.
    wait_until: usize,
    items: Vec<T>,
    warnings: Vec<DecodeWarning>,
    fast: fn(&str) -> FastItem<T>,
    /// Told how far the body has come after each chunk.
    report: Option<Rc<dyn Fn(Received)>>,
    /// The byte-order mark's bytes, dropped at the start.
    bom: usize,
    fingerprinting: Option<Fingerprinting<T>>,
    /// The elements expected (room made at the start, again on a restart).
    expected: usize,
}

impl<T: FromJson> ListStream<T> {
    pub fn new(fast: fn(&str) -> FastItem<T>) -> Self {
        ListStream {
            body: Vec::new(),
            at: 0,
            state: State::Start,
            stopped_in: State::Start,
            dropped: window::Dropped::default(),
            index: 0,
            wait_until: 0,
            items: Vec::new(),
            warnings: Vec::new(),
            fast,
            report: None,
            bom: 0,
            fingerprinting: None,
            expected: 0,
        }
    }

    /// Makes room for `elements` at once instead of growing by doubling (a
    /// guess, the previous answer's: room that cannot be made is no error).
    pub fn expecting(mut self, elements: usize) -> Self {
        self.expected = elements;
        let _ = self.items.try_reserve_exact(elements);
        self
    }

    /// Fingerprints each object element before reading it (see [`Fingerprinting`]).
    pub fn fingerprinting(self, how: Fingerprinting<T>) -> Self {
        ListStream { fingerprinting: Some(how), ..self }
    }

    /// Starts again (a retried request), expecting `length` bytes if known.
    pub fn restart(&mut self, length: Option<usize>) {
        let (report, fingerprinting) = (self.report.take(), self.fingerprinting.take());
        *self = ListStream { report, fingerprinting, ..ListStream::new(self.fast).expecting(self.expected) };
        // Only a chunk or two is ever kept: reserving the whole length would
        // bring back the peak the window avoids. The length is the server's
        // word, so a reservation that cannot be made is skipped.
        let _ = self.body.try_reserve(length.unwrap_or(0).min(1 << 20));
    }

    /// The next bytes of the body.
    pub fn push(&mut self, chunk: &[u8]) {
        self.push_with(chunk.len(), |into| into.copy_from_slice(chunk));
    }

    /// The next `len` bytes of the body, written into place by `fill`.
    pub fn push_with(&mut self, len: usize, fill: impl FnOnce(&mut [u8])) {
        let end = self.body.len();
        self.body.resize(end + len, 0);
        fill(&mut self.body[end..]);
        if self.body.len() >= self.wait_until {
            self.read(false);
        }
    }

    /// Tells `report` (see [`ListStream::reporting`]) how far the body has come.
    pub fn report(&self) {
        if let Some(report) = &self.report {
            report(self.received());
        }
    }

    /// `report` is told how far the body has come whenever the reader asks
    /// (`BodySink::report`: a few times a second, not after every chunk).
    pub fn reporting(self, report: impl Fn(Received) + 'static) -> Self {
        ListStream { report: Some(Rc::new(report)), ..self }
    }

    /// Elements read and bytes received so far.
    pub fn received(&self) -> Received {
        Received { items: self.items.len(), bytes: self.bom + self.dropped.bytes + self.body.len() }
    }

    /// The list, once the body is complete.
    pub fn finish(mut self) -> Result<Decoded<Vec<T>>, ApiError> {
        self.read(true);
        match self.state {
            State::Done => Ok(Decoded { value: self.items, warnings: self.warnings }),
            _ if self.dropped.bytes == 0 => decode_list(&utf8_body(self.body)),
            State::Whole => Err(self.dropped.error(&self.body, self.at, self.stopped_in)),
            state => Err(self.dropped.error(&self.body, self.at, state)),
        }
    }

    /// Reads as far as the bytes allow; `complete` when no more will come.
    fn read(&mut self, complete: bool) {
        if self.state == State::Whole {
            return; // The whole body is read at the end: nothing to follow.
        }
        if self.state == State::Start && self.at == 0 && self.body.starts_with(&[0xEF, 0xBB, 0xBF]) {
            // A byte-order mark, dropped as the browser's `text()` does (and
            // so not counted in the whole-body text's positions).
            self.body.drain(..3);
            self.bom = 3;
        }
        // UTF-8 is checked once here, for all that is pending, so that the
        // fast path parses text and serde_json checks no string again. The
        // text ends early at a character cut by the chunk's end (its element
        // waits) or at invalid UTF-8 (its element, then the whole body, goes
        // to the tolerant reader, which replaces it as the browser does).
        let body = std::mem::take(&mut self.body);
        let pending = &body[self.at..];
        let (text, invalid) = match std::str::from_utf8(pending) {
            Ok(text) => (text, false),
            Err(e) => (std::str::from_utf8(&pending[..e.valid_up_to()]).unwrap_or_default(), e.error_len().is_some()),
        };
        self.dropped.saw_invalid |= invalid;
        let base = self.at;
        let text_end = base + text.len();
        loop {
            while body.get(self.at).is_some_and(|b| matches!(b, b' ' | b'\n' | b'\r' | b'\t')) {
                self.at += 1;
            }
            let Some(&next) = body.get(self.at) else {
                break; // Wait for more (or, complete, `finish` decides).
            };
            self.state = match (self.state, next) {
                (State::Whole, _) => break,
                (State::Start, b'[') => State::FirstOrEnd,
                (State::FirstOrEnd | State::CommaOrEnd, b']') => State::Done,
                (State::CommaOrEnd, b',') => State::Element,
                (State::FirstOrEnd | State::Element, _) => {
                    let element_text = text.get(self.at.min(text_end) - base..).unwrap_or_default();
                    if self.element(&body, element_text, invalid, complete) {
                        continue;
                    }
                    break;
                }
                // Not a list, or something after it: the whole-body reader
                // says what is wrong.
                _ => {
                    self.give_up();
                    break;
                }
            };
            self.at += 1;
        }
        self.body = body;
        self.drop_read();
    }

    /// Lets go of the bytes read, keeping where they ended. Not before the
    /// list has started (the whole-body reader says what a non-list is),
    /// nor once it was given up on (the error is read from what is left).
    fn drop_read(&mut self) {
        if matches!(self.state, State::Start | State::Whole) || self.at == 0 {
            return;
        }
        self.dropped.advance(&self.body[..self.at]);
        self.body.drain(..self.at);
        self.wait_until = self.wait_until.saturating_sub(self.at);
        self.at = 0;
    }

    /// Reads the element at `at` (`text` is as much of it, on, as is
    /// whole UTF-8; `invalid` when invalid UTF-8, not the chunk's end, cut
    /// that text short: an element the fast path then finds incomplete
    /// goes to the tolerant reader, which replaces it as the whole-body
    /// reader would); `false` when it must wait (or was given up on).
    fn element(&mut self, body: &[u8], text: &str, invalid: bool, complete: bool) -> bool {
        let start = self.at;
        let rest = &body[start..];
        // An element that ends exactly where the bytes end might go on
        // (`12` of `123`) unless the body is complete.
        let cut = |len: usize| start + len == body.len() && !complete;
        let seen = self.fingerprinting.as_ref().map_or(Seen::Unknown(None), |f| f.see(rest, complete));
        let fingerprint = match seen {
            Seen::Unknown(fingerprint) => fingerprint,
            Seen::Known(item, len) => {
                self.items.push(item);
                return self.read_past(start, len);
            }
            Seen::Cut => return self.wait(body.len(), start),
        };
        let len = match (self.fast)(text) {
            FastItem::Read(item, len) if !cut(len) => {
                let marked = |item| match (&self.fingerprinting, fingerprint) {
                    (Some(f), Some(seen)) => f.marked(item, seen, len),
                    _ => item,
                };
                self.items.extend(item.map(marked));
                len
            }
            FastItem::Read(..) => return self.wait(body.len(), start),
            FastItem::Incomplete if !invalid => return self.wait(body.len(), start),
            FastItem::Incomplete | FastItem::Refused => {
                let mut skim = serde_json::Deserializer::from_slice(rest).into_iter::<IgnoredAny>();
                match skim.next() {
                    Some(Ok(_)) if !cut(skim.byte_offset()) => {
                        let len = skim.byte_offset();
                        let text = String::from_utf8_lossy(&rest[..len]);
                        match decode_list_item::<T>(&text, self.index, &mut self.warnings) {
                            Some(item) => self.items.extend(item),
                            None => return self.give_up(),
                        }
                        len
                    }
                    _ if complete => return self.give_up(),
                    // Not only "end of input": `3.` of `3.05` is an invalid
                    // number until the rest comes. An element that is
                    // really malformed is given up on when the body is complete.
                    _ => return self.wait(body.len(), start),
                }
            }
        };
        self.read_past(start, len)
    }

    /// The element at `start` was read (`len` bytes).
    fn read_past(&mut self, start: usize, len: usize) -> bool {
        self.at = start + len;
        self.index += 1;
        self.state = State::CommaOrEnd;
        true
    }

    /// The element at `start` is not all here: look again once the body
    /// has grown by as much as is pending (at least 16 KB), so that a large
    /// element is not re-read on every small chunk.
    fn wait(&mut self, body_len: usize, start: usize) -> bool {
        self.wait_until = body_len + (body_len - start).max(16 * 1024);
        false
    }

    fn give_up(&mut self) -> bool {
        self.stopped_in = self.state;
        self.state = State::Whole;
        false
    }
}

/// A call's body goes straight into the stream (`Call::body_into`).
impl<T: FromJson> BodySink for RefCell<ListStream<T>> {
    fn start(&self, length: Option<usize>) {
        self.borrow_mut().restart(length);
    }

    fn push(&self, len: usize, fill: &mut dyn FnMut(&mut [u8])) {
        self.borrow_mut().push_with(len, fill);
    }

    fn report(&self) {
        self.borrow().report();
    }
}

#[cfg(test)]
mod tests;
