//! The driver tree read a little at a time: [`TreeReader`] follows the
//! answer's outline (the top object, the sites and their lists) itself and
//! decodes one driver at a time, so that reading 45 MB (10,000 drivers) can
//! stop after any driver and go on later, the page's event loop running in
//! between (`crate::slices`). A site can hold thousands of drivers: the
//! driver, a few kilobytes, is the unit, not the site.
//!
//! **It gives exactly what [`decode_tree`] gives for the whole body**,
//! warnings (and their order) included: each driver goes through the typed
//! fast path, and through the tolerant reader, under its own JSON path,
//! when the fast path refuses it; a site's own fields go through the fast
//! path. Anything else out of the ordinary (not JSON, a list that is not
//! one, a site the fast path refuses, a key twice, text after the tree)
//! and the reader hands the whole body to [`decode_tree`], in one go: such
//! an answer is rare, and its error or warnings are then the whole-body
//! reader's own.

use serde::de::IgnoredAny;

use super::{arrange, decode_tree, fast, TreeDto};
use crate::domain::charging::{Driver, DriverTree, Site};
use crate::vendors::tolerant::{DecodeWarning, Decoded};
use crate::vendors::ApiError;

/// The body is not one the outline reader follows: the whole-body reader reads it.
struct Unusual;

/// A list read, with the warnings its elements gave, in order.
type ListRead<T> = Option<(Vec<T>, Vec<DecodeWarning>)>;

/// Where an object stands between its braces.
#[derive(Clone, Copy, PartialEq)]
enum InObject {
    KeyOrEnd,
    Key,
    Colon,
    Value,
    CommaOrEnd,
}

/// Where a list stands between its brackets.
#[derive(Clone, Copy, PartialEq)]
enum InList {
    ElementOrEnd,
    Element,
    CommaOrEnd,
}

/// What the value after a key is for.
#[derive(Clone, Copy)]
enum Pending {
    /// `userGroups`, a site's `subgroups`.
    Sites,
    /// `spareUsers`, a site's `users`.
    Drivers,
    /// Any other key of a site: kept as text, from this offset, to be read
    /// with the site's other fields.
    Field(usize),
    /// Any other key of the top object: skipped, as both readers skip it.
    Skip,
}

/// One open object or list of the outline, innermost last.
enum Frame {
    Top {
        at: InObject,
        pending: Pending,
        user_groups: ListRead<Site>,
        spare_users: ListRead<Driver>,
    },
    Site {
        at: InObject,
        pending: Pending,
        path: String,
        /// The site's own fields as one JSON object's members.
        fields: String,
        subsites: ListRead<Site>,
        drivers: ListRead<Driver>,
    },
    Sites {
        at: InList,
        path: String,
        index: usize,
        items: Vec<Site>,
        warnings: Vec<DecodeWarning>,
    },
    Drivers {
        at: InList,
        path: String,
        index: usize,
        items: Vec<Driver>,
        warnings: Vec<DecodeWarning>,
    },
}

/// Reading the tree from a whole body, resumable after any step.
pub struct TreeReader {
    body: String,
    /// The first byte not read yet.
    at: usize,
    stack: Vec<Frame>,
    /// The top object was opened (the stack is empty before and after it).
    started: bool,
    read: Option<TreeDto>,
    warnings: Vec<DecodeWarning>,
    done: Option<Result<Decoded<DriverTree>, ApiError>>,
}

impl TreeReader {
    pub fn new(body: String) -> TreeReader {
        TreeReader { body, at: 0, stack: Vec::new(), started: false, read: None, warnings: Vec::new(), done: None }
    }

    /// Reads on, step by step, while `time_left()` says so; `true` once the
    /// tree is read (then [`TreeReader::finish`] gives it at once).
    pub fn advance(&mut self, time_left: &mut dyn FnMut() -> bool) -> bool {
        while self.done.is_none() {
            match self.step() {
                Ok(false) => {}
                Ok(true) => {
                    let dto = self.read.take().unwrap_or(TreeDto { user_groups: Vec::new(), spare_users: Vec::new() });
                    let warnings = std::mem::take(&mut self.warnings);
                    self.done = Some(Ok(Decoded { value: arrange(dto), warnings }));
                }
                Err(Unusual) => {
                    self.stack.clear();
                    self.done = Some(decode_tree(&self.body));
                }
            }
            if self.done.is_some() {
                // The body's memory goes as soon as it is read.
                self.body = String::new();
                return true;
            }
            if !time_left() {
                return false;
            }
        }
        true
    }

    /// The tree, reading what is left at once.
    pub fn finish(mut self) -> Result<Decoded<DriverTree>, ApiError> {
        self.advance(&mut || true);
        self.done.unwrap_or(Err(ApiError::Decode { path: "$".into(), reason: "not read".into() }))
    }

    fn skip_white_space(&mut self) {
        let bytes = self.body.as_bytes();
        while bytes.get(self.at).is_some_and(|b| matches!(b, b' ' | b'\n' | b'\r' | b'\t')) {
            self.at += 1;
        }
    }

    /// The length of the JSON value at `at`.
    fn value_len(&self) -> Result<usize, Unusual> {
        let mut read = serde_json::Deserializer::from_str(&self.body[self.at..]).into_iter::<IgnoredAny>();
        match read.next() {
            Some(Ok(_)) => Ok(read.byte_offset()),
            _ => Err(Unusual),
        }
    }

    /// `null` at `at`, skipped.
    fn null(&mut self) -> bool {
        let is_null = self.body[self.at..].starts_with("null");
        if is_null {
            self.at += 4;
        }
        is_null
    }

    /// One step: a token of the outline, or one driver. `true` once the
    /// top object is closed and only white space follows it.
    fn step(&mut self) -> Result<bool, Unusual> {
        self.skip_white_space();
        let next = self.body.as_bytes().get(self.at).copied();
        let Some(frame) = self.stack.last_mut() else {
            return match (self.started, next) {
                (true, None) => Ok(true),
                (false, Some(b'{')) => {
                    self.at += 1;
                    self.started = true;
                    let (user_groups, spare_users) = (None, None);
                    self.stack.push(Frame::Top {
                        at: InObject::KeyOrEnd,
                        pending: Pending::Skip,
                        user_groups,
                        spare_users,
                    });
                    Ok(false)
                }
                _ => Err(Unusual),
            };
        };
        match frame {
            Frame::Top { at, .. } | Frame::Site { at, .. } => {
                let at = *at;
                self.object_step(at, next)
            }
            Frame::Sites { at, .. } => {
                let at = *at;
                self.sites_step(at, next)
            }
            Frame::Drivers { at, .. } => {
                let at = *at;
                self.drivers_step(at, next)
            }
        }
        .map(|()| false)
    }
}

mod lists;
mod objects;

#[cfg(test)]
mod tests;
