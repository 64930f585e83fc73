//! The objects of the outline [`TreeReader`] follows: the top object and
//! the sites, key by key; a site's own fields are kept as text and read
//! with the fast path when it closes.

use super::{fast, Frame, InList, InObject, Pending, TreeDto, TreeReader, Unusual};

impl TreeReader {
    pub(super) fn set_object(&mut self, to: InObject) {
        if let Some(Frame::Top { at, .. } | Frame::Site { at, .. }) = self.stack.last_mut() {
            *at = to;
        }
    }

    pub(super) fn object_step(&mut self, at: InObject, next: Option<u8>) -> Result<(), Unusual> {
        match (at, next) {
            (InObject::KeyOrEnd | InObject::CommaOrEnd, Some(b'}')) => {
                self.at += 1;
                self.close_object()
            }
            (InObject::KeyOrEnd | InObject::Key, Some(b'"')) => self.key(),
            (InObject::CommaOrEnd, Some(b',')) => {
                self.at += 1;
                self.set_object(InObject::Key);
                Ok(())
            }
            (InObject::Colon, Some(b':')) => {
                self.at += 1;
                self.set_object(InObject::Value);
                Ok(())
            }
            (InObject::Value, Some(_)) => self.member_value(),
            _ => Err(Unusual),
        }
    }

    /// A key of the top object or of a site: what its value is for.
    pub(super) fn key(&mut self) -> Result<(), Unusual> {
        let start = self.at;
        let mut read = serde_json::Deserializer::from_str(&self.body[start..]).into_iter::<String>();
        let key = match read.next() {
            Some(Ok(key)) => key,
            _ => return Err(Unusual),
        };
        self.at += read.byte_offset();
        let pending = match (self.stack.last(), key.as_str()) {
            (Some(Frame::Top { .. }), "userGroups") | (Some(Frame::Site { .. }), "subgroups") => Pending::Sites,
            (Some(Frame::Top { .. }), "spareUsers") | (Some(Frame::Site { .. }), "users") => Pending::Drivers,
            (Some(Frame::Site { .. }), _) => Pending::Field(start),
            _ => Pending::Skip,
        };
        if let Some(Frame::Top { at, pending: p, .. } | Frame::Site { at, pending: p, .. }) = self.stack.last_mut() {
            (*at, *p) = (InObject::Colon, pending);
        }
        Ok(())
    }

    /// The value after a key: a list opened, a field kept, a value skipped.
    pub(super) fn member_value(&mut self) -> Result<(), Unusual> {
        let (pending, list_path) = match self.stack.last() {
            Some(Frame::Top { pending: Pending::Sites, .. }) => (Pending::Sites, "$.userGroups".to_string()),
            Some(Frame::Top { pending: Pending::Drivers, .. }) => (Pending::Drivers, "$.spareUsers".to_string()),
            Some(Frame::Site { pending: Pending::Sites, path, .. }) => (Pending::Sites, format!("{path}.subgroups")),
            Some(Frame::Site { pending: Pending::Drivers, path, .. }) => (Pending::Drivers, format!("{path}.users")),
            Some(Frame::Top { pending, .. } | Frame::Site { pending, .. }) => (*pending, String::new()),
            _ => return Err(Unusual),
        };
        self.set_object(InObject::CommaOrEnd);
        match pending {
            Pending::Sites if self.null() => self.sites_read(Vec::new(), Vec::new()),
            Pending::Drivers if self.null() => self.drivers_read(Vec::new(), Vec::new()),
            Pending::Sites | Pending::Drivers if !self.body[self.at..].starts_with('[') => Err(Unusual),
            Pending::Sites => {
                self.at += 1;
                let (items, warnings) = (Vec::new(), Vec::new());
                self.stack.push(Frame::Sites { at: InList::ElementOrEnd, path: list_path, index: 0, items, warnings });
                Ok(())
            }
            Pending::Drivers => {
                self.at += 1;
                let (items, warnings) = (Vec::new(), Vec::new());
                self.stack.push(Frame::Drivers {
                    at: InList::ElementOrEnd,
                    path: list_path,
                    index: 0,
                    items,
                    warnings,
                });
                Ok(())
            }
            Pending::Field(key_start) => {
                let end = self.at + self.value_len()?;
                if let Some(Frame::Site { fields, .. }) = self.stack.last_mut() {
                    if !fields.is_empty() {
                        fields.push(',');
                    }
                    fields.push_str(&self.body[key_start..end]);
                }
                self.at = end;
                Ok(())
            }
            Pending::Skip => {
                self.at += self.value_len()?;
                Ok(())
            }
        }
    }

    /// The innermost object closes: the top object (the tree is read) or a
    /// site, read with its own fields and handed to its list.
    pub(super) fn close_object(&mut self) -> Result<(), Unusual> {
        match self.stack.pop() {
            Some(Frame::Top { user_groups, spare_users, .. }) => {
                let (user_groups, mut warnings) = user_groups.unwrap_or_default();
                let (spare_users, spare_warnings) = spare_users.unwrap_or_default();
                // The tolerant reader reads `userGroups`, then `spareUsers`.
                warnings.extend(spare_warnings);
                self.warnings = warnings;
                self.read = Some(TreeDto { user_groups, spare_users });
                Ok(())
            }
            Some(Frame::Site { fields, subsites, drivers, .. }) => {
                let mut site = fast::site_fields(&format!("{{{fields}}}")).ok_or(Unusual)?;
                let (subsites, mut warnings) = subsites.unwrap_or_default();
                let (drivers, driver_warnings) = drivers.unwrap_or_default();
                // As `Site::from_json` reads them: `subgroups`, then `users`.
                warnings.extend(driver_warnings);
                (site.subsites, site.drivers) = (subsites, drivers);
                match self.stack.last_mut() {
                    Some(Frame::Sites { items, warnings: list_warnings, .. }) => {
                        items.push(site);
                        list_warnings.extend(warnings);
                        Ok(())
                    }
                    _ => Err(Unusual),
                }
            }
            _ => Err(Unusual),
        }
    }
}
