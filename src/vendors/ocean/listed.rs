//! The customer's vehicle list as the console keeps it: per vehicle, a
//! [`ListedVehicle`] (plate, VIN, fleet number, description, entity,
//! privacy, deletion, assigned driver's name), never the full record. At
//! 50,000 vehicles the answer is ~95 MB: it is read as it arrives
//! (`list_stream.rs`), each element by the typed fast path below, and by
//! the tolerant reader ([`FromJson`]) when the fast path refuses it.
//!
//! **The fast path only says yes when the tolerant reader would have read
//! the same thing without a warning** (as in `fast.rs`): both read exactly
//! the same keys, every field of the fast path is as strict as `Obj` is
//! lenient, and an element the domain cannot use (no vehicle id, an entity
//! without an id) is refused, so that the tolerant reader drops it with its
//! warning. `the_listed_fast_path_agrees_with_the_tolerant_reader` holds
//! the two to that on every one-value mutation of the docs' sample.
//!
//! Entity and driver names repeat across thousands of vehicles: each
//! distinct name is one shared allocation (`vendors::interned`).

use std::sync::Arc;

use serde::Deserialize;

use crate::domain::fleet::{ListedEntity, ListedVehicle, Person};
use crate::vendors::interned::{interned, interned_text};
use crate::vendors::list_stream::{fast_item, FastItem};
use crate::vendors::strict::{object, whole};
use crate::vendors::tolerant::{FromJson, Obj};

/// The assigned driver's name as `Person::full_name` writes it, shared.
fn driver_name(first: Option<&str>, last: Option<&str>) -> Option<Arc<str>> {
    let name = Person::name_of(first, last);
    (!name.is_empty()).then(|| interned(&name))
}

/// `vehicle`: what the list keeps of it.
struct ListedRecord {
    id: Option<i64>,
    plate: Option<String>,
    vin: Option<String>,
    fleet_number: Option<String>,
    description: Option<String>,
    private: Option<bool>,
    deleted: Option<bool>,
}

impl FromJson for ListedRecord {
    fn from_json(o: &mut Obj<'_, '_>) -> Result<Self, String> {
        Ok(ListedRecord {
            id: o.i64("id"),
            plate: o.string("immatriculation"),
            vin: o.string("vin"),
            fleet_number: o.string("numeroParc"),
            description: o.string("description"),
            private: o.bool("privacyEnabled"),
            deleted: o.bool("suppressionLogique"),
        })
    }
}

impl FromJson for ListedEntity {
    fn from_json(o: &mut Obj<'_, '_>) -> Result<Self, String> {
        let id = o.i64("id").ok_or("entity without an id")?;
        Ok(ListedEntity { id, name: interned(&o.string("nom").unwrap_or_default()) })
    }
}

/// `chauffeur`: the list shows the assigned driver's name only.
struct AssignedDriver(Option<Arc<str>>);

impl FromJson for AssignedDriver {
    fn from_json(o: &mut Obj<'_, '_>) -> Result<Self, String> {
        let (first, last) = (o.string("prenomInd"), o.string("nomInd"));
        Ok(AssignedDriver(driver_name(first.as_deref(), last.as_deref())))
    }
}

/// The tolerant reader of one element; the fast path reads the same keys.
impl FromJson for ListedVehicle {
    fn from_json(o: &mut Obj<'_, '_>) -> Result<Self, String> {
        let record = o.object::<ListedRecord>("vehicle");
        let entity = o.object::<ListedEntity>("entite");
        let driver_name = o.object::<AssignedDriver>("chauffeur").and_then(|d| d.0);
        let record = record.ok_or("no vehicle in the entry")?;
        Ok(ListedVehicle {
            id: record.id.ok_or("vehicle without an id")?,
            plate: record.plate.map(String::into_boxed_str),
            vin: record.vin.map(String::into_boxed_str),
            fleet_number: record.fleet_number.map(String::into_boxed_str),
            description: record.description.map(|d| interned(&d)),
            entity,
            driver_name,
            private: record.private == Some(true),
            deleted: record.deleted == Some(true),
        })
    }
}

/// One element of the list, by the fast path (see `vendors::list_stream`).
pub fn listed_vehicle(text: &str) -> FastItem<ListedVehicle> {
    match fast_item::<ListedDto, ListedDto>(text) {
        FastItem::Read(Some(dto), len) => match dto.into_domain() {
            Some(v) => FastItem::Read(Some(v), len),
            // The tolerant reader drops it, with a warning.
            None => FastItem::Refused,
        },
        FastItem::Read(None, len) => FastItem::Read(None, len),
        FastItem::Incomplete => FastItem::Incomplete,
        FastItem::Refused => FastItem::Refused,
    }
}

#[derive(Deserialize)]
struct ListedDto {
    #[serde(default, deserialize_with = "object")]
    vehicle: Option<VehicleDto>,
    #[serde(default, rename = "entite", deserialize_with = "object")]
    entity: Option<EntityDto>,
    #[serde(default, rename = "chauffeur", deserialize_with = "object")]
    driver: Option<DriverDto>,
}

impl ListedDto {
    /// `None` where the tolerant reader would drop the element or its entity.
    fn into_domain(self) -> Option<ListedVehicle> {
        let v = self.vehicle?;
        let entity = match self.entity {
            Some(e) => Some(ListedEntity { id: e.id?, name: e.name.unwrap_or_else(|| interned("")) }),
            None => None,
        };
        Some(ListedVehicle {
            id: v.id?,
            plate: v.plate,
            vin: v.vin,
            fleet_number: v.fleet_number,
            description: v.description,
            entity,
            driver_name: self.driver.and_then(|d| driver_name(d.first_name.as_deref(), d.last_name.as_deref())),
            private: v.private == Some(true),
            deleted: v.deleted == Some(true),
        })
    }
}

#[derive(Deserialize)]
struct VehicleDto {
    #[serde(default, deserialize_with = "whole")]
    id: Option<i64>,
    #[serde(default, rename = "immatriculation")]
    plate: Option<Box<str>>,
    #[serde(default)]
    vin: Option<Box<str>>,
    #[serde(default, rename = "numeroParc")]
    fleet_number: Option<Box<str>>,
    #[serde(default, deserialize_with = "interned_text")]
    description: Option<Arc<str>>,
    #[serde(default, rename = "privacyEnabled")]
    private: Option<bool>,
    #[serde(default, rename = "suppressionLogique")]
    deleted: Option<bool>,
}

#[derive(Deserialize)]
struct EntityDto {
    #[serde(default, deserialize_with = "whole")]
    id: Option<i64>,
    #[serde(default, rename = "nom", deserialize_with = "interned_text")]
    name: Option<Arc<str>>,
}

#[derive(Deserialize)]
struct DriverDto {
    #[serde(default, rename = "prenomInd")]
    first_name: Option<String>,
    #[serde(default, rename = "nomInd")]
    last_name: Option<String>,
}
