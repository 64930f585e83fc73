//! The fast path of `nearestVehicles`: typed serde structs read the answer
//! straight into the domain types, with no JSON tree in between. At 50,000
//! vehicles the answer is 100 MB, and the tolerant reader (a borrowed tree,
//! then `Obj`) spends most of sign-in → drawn on it.
//!
//! **The fast path only says yes when the tolerant reader would have read
//! the same thing without a warning.** Every field is as strict as `Obj` is
//! lenient: a wrong type, a bad timestamp, a duplicated key, anything `Obj`
//! would have warned about, makes serde fail, and the caller then reads that
//! item with the tolerant reader, which finds and reports the problem. The
//! test `fast_path_agrees_with_the_tolerant_reader` (and the mutation tests)
//! hold the two to that.

use std::sync::Arc;

use serde::Deserialize;

use crate::domain::common::Timestamp;
use crate::domain::fleet::*;
use crate::vendors::interned::{interned_text, own_text};
use crate::vendors::list_stream::{fast_item, FastItem};
use crate::vendors::strict::{object, time, whole};

/// One element of the answer (see `vendors::list_stream`).
pub fn nearby_vehicle(text: &str) -> FastItem<NearbyVehicle> {
    fast_item::<NearbyDto, NearbyVehicle>(text)
}

/// One element of the answer, shared (the refresh's stream).
pub fn streamed_vehicle(text: &str) -> FastItem<StreamedVehicle> {
    fast_item::<NearbyDto, StreamedVehicle>(text)
}

impl From<NearbyDto> for StreamedVehicle {
    fn from(d: NearbyDto) -> Self {
        StreamedVehicle { vehicle: Arc::new(d.into()), fingerprint: None }
    }
}

#[derive(Deserialize)]
struct NearbyDto {
    #[serde(default, deserialize_with = "object")]
    vehicle: Option<InfoDto>,
    #[serde(default, deserialize_with = "object")]
    address: Option<AddressDto>,
    #[serde(default)]
    distance: Option<f64>,
    #[serde(default)]
    duration: Option<f64>,
    #[serde(default, deserialize_with = "time")]
    eta: Option<Timestamp>,
    #[serde(default, rename = "etatMobile", deserialize_with = "interned_text")]
    mobile_state: Option<Arc<str>>,
    #[serde(default, rename = "gmtPos", deserialize_with = "time")]
    position_at: Option<Timestamp>,
    #[serde(default, rename = "gpsCale")]
    gps_fix: Option<bool>,
    #[serde(default, deserialize_with = "object")]
    group: Option<GroupDto>,
    #[serde(default, rename = "immobilisationState", deserialize_with = "interned_text")]
    immobilisation: Option<Arc<str>>,
    #[serde(default, deserialize_with = "object")]
    driver: Option<DriverDto>,
}

impl From<NearbyDto> for NearbyVehicle {
    fn from(d: NearbyDto) -> Self {
        NearbyVehicle {
            vehicle: d.vehicle.map(Into::into).unwrap_or_default(),
            address: d.address.map(|a| Address {
                text: a.text,
                latitude: a.latitude,
                longitude: a.longitude,
                poi_name: a.closest_poi.and_then(|p| p.name),
            }),
            distance: d.distance,
            duration: d.duration,
            eta: d.eta,
            mobile_state: d.mobile_state,
            position_at: d.position_at,
            gps_fix: d.gps_fix,
            group: d.group.map(|g| VehicleGroupRef { id: g.id, description: g.description, deleted: g.deleted }),
            immobilisation: d.immobilisation,
            driver: d.driver.and_then(|d| d.person).map(Into::into),
            listed: Default::default(),
            as_sent: AsSent::default(),
        }
        .with_figures_as_sent()
    }
}

#[derive(Deserialize)]
struct InfoDto {
    #[serde(default, deserialize_with = "whole")]
    id: Option<i64>,
    #[serde(default, rename = "categorie", deserialize_with = "interned_text")]
    category: Option<Arc<str>>,
    #[serde(default, deserialize_with = "interned_text")]
    description: Option<Arc<str>>,
    #[serde(default, rename = "privacyEnabled")]
    privacy: Option<bool>,
    #[serde(default, rename = "suppressionLogique")]
    deleted: Option<bool>,
}

impl From<InfoDto> for NearbyVehicleInfo {
    fn from(d: InfoDto) -> Self {
        NearbyVehicleInfo {
            id: d.id,
            category: d.category,
            description: d.description,
            privacy: d.privacy,
            deleted: d.deleted,
        }
    }
}

#[derive(Deserialize)]
struct AddressDto {
    #[serde(default, rename = "address", deserialize_with = "own_text")]
    text: Option<Arc<str>>,
    #[serde(default)]
    latitude: Option<f64>,
    #[serde(default)]
    longitude: Option<f64>,
    #[serde(default, rename = "closestPoi", deserialize_with = "object")]
    closest_poi: Option<PoiDto>,
}

#[derive(Deserialize)]
struct PoiDto {
    #[serde(default, rename = "denominationPoi", deserialize_with = "interned_text")]
    name: Option<Arc<str>>,
}

#[derive(Deserialize)]
struct GroupDto {
    #[serde(default, deserialize_with = "whole")]
    id: Option<i64>,
    #[serde(default, rename = "descriptionGrp", deserialize_with = "interned_text")]
    description: Option<Arc<str>>,
    #[serde(default, rename = "suppressionLogique")]
    deleted: Option<bool>,
}

#[derive(Deserialize)]
struct DriverDto {
    #[serde(default, rename = "individu", deserialize_with = "object")]
    person: Option<PersonDto>,
}

#[derive(Deserialize)]
struct PersonDto {
    #[serde(default, deserialize_with = "whole")]
    id: Option<i64>,
    #[serde(default, rename = "prenomInd", deserialize_with = "interned_text")]
    first_name: Option<Arc<str>>,
    #[serde(default, rename = "nomInd", deserialize_with = "interned_text")]
    last_name: Option<Arc<str>>,
    #[serde(default, rename = "initialesInd", deserialize_with = "interned_text")]
    initials: Option<Arc<str>>,
    #[serde(default, rename = "matriculeInd", deserialize_with = "own_text")]
    staff_number: Option<Arc<str>>,
    #[serde(default, deserialize_with = "own_text")]
    email: Option<Arc<str>>,
    #[serde(default, rename = "gsm", deserialize_with = "own_text")]
    phone: Option<Arc<str>>,
    #[serde(default, rename = "idCivilite", deserialize_with = "whole")]
    civility_id: Option<i64>,
    #[serde(default, rename = "suppressionLogique")]
    deleted: Option<bool>,
}

impl From<PersonDto> for Person {
    fn from(p: PersonDto) -> Self {
        Person {
            id: p.id,
            first_name: p.first_name,
            last_name: p.last_name,
            initials: p.initials,
            staff_number: p.staff_number,
            email: p.email,
            phone: p.phone,
            civility_id: p.civility_id,
            deleted: p.deleted,
        }
    }
}
