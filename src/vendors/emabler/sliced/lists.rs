//! The lists of the outline [`TreeReader`] follows: sites (each opened
//! as an object of its own), and drivers, read one element per step.

use super::{Frame, InList, InObject, Pending, TreeReader, Unusual};
use crate::domain::charging::{Driver, Site};
use crate::vendors::emabler::fast;
use crate::vendors::tolerant::{decode_list_item, DecodeWarning};

impl TreeReader {
    fn set_list(&mut self, to: InList) {
        if let Some(Frame::Sites { at, .. } | Frame::Drivers { at, .. }) = self.stack.last_mut() {
            *at = to;
        }
    }

    /// The list's `]` or a comma between two elements, when `next` is one
    /// where it may be (`None` otherwise: an element, or something unusual).
    fn punctuation(&mut self, at: InList, next: Option<u8>) -> Option<Result<(), Unusual>> {
        match (at, next) {
            (InList::ElementOrEnd | InList::CommaOrEnd, Some(b']')) => {
                self.at += 1;
                Some(match self.stack.pop() {
                    Some(Frame::Sites { items, warnings, .. }) => self.sites_read(items, warnings),
                    Some(Frame::Drivers { items, warnings, .. }) => self.drivers_read(items, warnings),
                    _ => Err(Unusual),
                })
            }
            (InList::CommaOrEnd, Some(b',')) => {
                self.at += 1;
                self.set_list(InList::Element);
                Some(Ok(()))
            }
            _ => None,
        }
    }

    pub(super) fn sites_step(&mut self, at: InList, next: Option<u8>) -> Result<(), Unusual> {
        if let Some(done) = self.punctuation(at, next) {
            return done;
        }
        match (at, next) {
            // The docs show `[null]` for an empty list: skipped, as both readers do.
            (InList::ElementOrEnd | InList::Element, Some(b'n')) if self.null() => {
                self.next_element();
                Ok(())
            }
            (InList::ElementOrEnd | InList::Element, Some(b'{')) => {
                self.at += 1;
                let Some(Frame::Sites { path, index, .. }) = self.stack.last() else { return Err(Unusual) };
                let path = format!("{path}[{index}]");
                self.next_element();
                let (at, pending, fields, subsites, drivers) =
                    (InObject::KeyOrEnd, Pending::Skip, String::new(), None, None);
                self.stack.push(Frame::Site { at, pending, path, fields, subsites, drivers });
                Ok(())
            }
            _ => Err(Unusual),
        }
    }

    /// The list's element was read (or skipped): a comma or the end follows.
    pub(super) fn next_element(&mut self) {
        if let Some(Frame::Sites { at, index, .. } | Frame::Drivers { at, index, .. }) = self.stack.last_mut() {
            *at = InList::CommaOrEnd;
            *index += 1;
        }
    }

    /// A list of sites read: its object takes it (a key twice is unusual).
    pub(super) fn sites_read(&mut self, items: Vec<Site>, warnings: Vec<DecodeWarning>) -> Result<(), Unusual> {
        match self.stack.last_mut() {
            Some(Frame::Top { user_groups: slot @ None, .. } | Frame::Site { subsites: slot @ None, .. }) => {
                *slot = Some((items, warnings));
                Ok(())
            }
            _ => Err(Unusual),
        }
    }

    /// A list of drivers read: its object takes it (a key twice is unusual).
    pub(super) fn drivers_read(&mut self, items: Vec<Driver>, warnings: Vec<DecodeWarning>) -> Result<(), Unusual> {
        match self.stack.last_mut() {
            Some(Frame::Top { spare_users: slot @ None, .. } | Frame::Site { drivers: slot @ None, .. }) => {
                *slot = Some((items, warnings));
                Ok(())
            }
            _ => Err(Unusual),
        }
    }

    pub(super) fn drivers_step(&mut self, at: InList, next: Option<u8>) -> Result<(), Unusual> {
        if let Some(done) = self.punctuation(at, next) {
            return done;
        }
        match (at, next) {
            (InList::ElementOrEnd | InList::Element, Some(_)) => self.driver(),
            _ => Err(Unusual),
        }
    }

    /// One element of a list of drivers: the fast path, or the tolerant
    /// reader with the element's own path.
    fn driver(&mut self) -> Result<(), Unusual> {
        let text = &self.body[self.at..];
        let (driver, len, warnings) = match fast::driver_element(text) {
            Some((driver, len)) => (driver, len, Vec::new()),
            None => {
                let len = self.value_len()?;
                let mut warnings = Vec::new();
                let driver = decode_list_item::<Driver>(&text[..len], 0, &mut warnings).ok_or(Unusual)?;
                (driver, len, warnings)
            }
        };
        self.at += len;
        let Some(Frame::Drivers { path, index, items, warnings: list_warnings, .. }) = self.stack.last_mut() else {
            return Err(Unusual);
        };
        // Read alone, the element's warnings are under `$[0]`: under its place in the tree instead.
        for w in warnings {
            let path = match w.path.strip_prefix("$[0]") {
                Some(rest) => format!("{path}[{index}]{rest}"),
                None => w.path,
            };
            list_warnings.push(DecodeWarning { path, reason: w.reason });
        }
        items.extend(driver);
        self.next_element();
        Ok(())
    }
}
