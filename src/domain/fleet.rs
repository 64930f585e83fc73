//! Telematics (from Ocean): customer entities, vehicles found around a
//! point, and one vehicle's details. Ocean's enums arrive as names whose full
//! lists are not published (`UNDEFINED`, `LOCKED`, `MONO`…): they are kept
//! as sent.

use std::collections::HashMap;
use std::sync::Arc;

use super::common::Timestamp;

/// An Ocean sign-in: the token, and how many days the password has left.
#[derive(Clone, Debug, PartialEq)]
pub struct SignedIn {
    pub token: String,
    pub password_days_left: Option<i64>,
}

/// A sub-unit of a customer (`entities`); not a customer itself.
#[derive(Clone, Debug, PartialEq)]
pub struct Entity {
    pub id: i64,
    pub name: String,
    pub deleted: Option<bool>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ComputeMode {
    /// Great-circle distance (`VOL_OISEAU`).
    CrowFlies,
    /// Road distance, with duration and ETA (`PAR_ROUTE`).
    ByRoad,
}

/// How a nearest result is named. `nearestVehicles` has no plate: the plate
/// comes from the customer's vehicle list, joined on the vehicle id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VehicleName {
    /// The plate, from the vehicle list.
    Plate(String),
    /// In the vehicle list, without a plate: its description, if any.
    NoPlate(Option<String>),
    /// Not (yet) joined: the description the search gave, which is not a plate.
    Described(String),
    Numbered(i64),
    Unnamed,
}

/// One result of a nearest-vehicle search: what the console shows of it.
/// An answer can hold 50,000 of them (100 MB of JSON), so only these
/// fields are read; the rest of each result (the closest point of interest
/// in full, the driver's badge and assignment, the asset type) is not shown
/// anywhere and is skipped.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NearbyVehicle {
    pub vehicle: NearbyVehicleInfo,
    pub address: Option<Address>,
    /// In metres once read (`units::to_metres_and_seconds`): Ocean does not
    /// publish its unit, so the decoder leaves it as sent until then.
    pub distance: Option<f64>,
    /// By road only; in seconds once read, like `distance`.
    pub duration: Option<f64>,
    pub eta: Option<Timestamp>,
    pub mobile_state: Option<String>,
    pub position_at: Option<Timestamp>,
    pub gps_fix: Option<bool>,
    pub group: Option<VehicleGroupRef>,
    pub immobilisation: Option<String>,
    /// The person the vehicle identified (`driver.individu`).
    pub driver: Option<Person>,
    /// Its record in the customer's vehicle list, once joined ([`join`]).
    pub record: Option<Arc<VehicleDetails>>,
}

impl NearbyVehicle {
    /// Where the vehicle was last seen, when the vendor said.
    pub fn position(&self) -> Option<(f64, f64)> {
        let a = self.address.as_ref()?;
        Some((a.latitude?, a.longitude?))
    }

    fn listed(&self) -> Option<&VehicleRecord> {
        self.record.as_ref()?.vehicle.as_ref()
    }

    /// What names the vehicle for a dispatcher (the screen words it).
    pub fn name(&self) -> VehicleName {
        let described = self.vehicle.description.clone().filter(|d| !d.trim().is_empty());
        match self.listed() {
            Some(r) => match r.plate.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
                Some(plate) => VehicleName::Plate(plate.to_string()),
                None => VehicleName::NoPlate(described.or(r.description.clone()).filter(|d| !d.trim().is_empty())),
            },
            None => match (described, self.vehicle.id) {
                (Some(d), _) => VehicleName::Described(d),
                (None, Some(id)) => VehicleName::Numbered(id),
                (None, None) => VehicleName::Unnamed,
            },
        }
    }

    /// "Privacy" mode: its position may be withheld.
    pub fn private(&self) -> bool {
        self.vehicle.privacy == Some(true) || self.listed().is_some_and(|r| r.privacy == Some(true))
    }

    /// Logically deleted, by the search or the vehicle list.
    pub fn deleted(&self) -> bool {
        self.vehicle.deleted == Some(true) || self.listed().is_some_and(|r| r.deleted == Some(true))
    }

    /// The closest point of interest, else the address.
    pub fn place(&self) -> Option<String> {
        let a = self.address.as_ref()?;
        a.poi_name.clone().or_else(|| a.text.clone())
    }

    pub fn driver_name(&self) -> Option<String> {
        self.driver_person().map(Person::full_name).filter(|n| !n.is_empty())
    }

    /// The identified driver, else the vehicle list's assigned one.
    pub fn driver_person(&self) -> Option<&Person> {
        self.driver.as_ref().or_else(|| self.record.as_ref().and_then(|r| r.driver.as_ref()))
    }
}

/// A customer's vehicle list (`vehicule_engin/vehicles`) by Ocean vehicle
/// id. Logically deleted vehicles stay in it, so that a search result can
/// be recognised as deleted; they are never listed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Fleet {
    by_id: HashMap<i64, Arc<VehicleDetails>>,
}

impl Fleet {
    /// Records without a vehicle id cannot be joined and are left out.
    pub fn new(list: Vec<VehicleDetails>) -> Self {
        let by_id =
            list.into_iter().filter_map(|d| Some((d.vehicle.as_ref()?.id?, Arc::new(d)))).collect::<HashMap<_, _>>();
        Fleet { by_id }
    }

    pub fn get(&self, id: i64) -> Option<&Arc<VehicleDetails>> {
        self.by_id.get(&id)
    }

    /// Every record, by vehicle id (in no particular order).
    pub fn records(&self) -> impl Iterator<Item = (i64, &VehicleDetails)> {
        self.by_id.iter().map(|(id, d)| (*id, d.as_ref()))
    }

    /// Vehicles listed, logically deleted ones excepted.
    pub fn len(&self) -> usize {
        self.by_id.values().filter(|d| d.vehicle.as_ref().is_none_or(|v| v.deleted != Some(true))).count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Nearest results as shown: each joined to its record in `fleet` (on
/// `vehicle.id`), the logically deleted ones left out, and with `entity`
/// only that entity's vehicles (known through the record's `entite`; while
/// the list is not there, nothing is filtered by entity).
pub fn join(found: &[NearbyVehicle], fleet: Option<&Fleet>, entity: Option<i64>) -> Vec<NearbyVehicle> {
    found
        .iter()
        .map(|v| {
            let record = fleet.and_then(|f| f.get(v.vehicle.id?)).cloned();
            NearbyVehicle { record, ..v.clone() }
        })
        .filter(|v| !v.deleted())
        .filter(|v| match (entity, fleet) {
            (Some(e), Some(_)) => v.record.as_ref().and_then(|r| r.entity.as_ref()).is_some_and(|x| x.id == e),
            _ => true,
        })
        .collect()
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct NearbyVehicleInfo {
    pub id: Option<i64>,
    pub category: Option<String>,
    /// The vehicle's label (the plate on the simulator).
    pub description: Option<String>,
    pub privacy: Option<bool>,
    pub deleted: Option<bool>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct AssetType {
    pub id: Option<i64>,
    pub category: Option<String>,
    pub label: Option<String>,
    pub icon: Option<String>,
    pub order: Option<i64>,
}

/// Where a search result was last seen.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Address {
    pub text: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    /// The name of the closest point of interest (`closestPoi.denominationPoi`).
    pub poi_name: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct VehicleGroupRef {
    pub id: Option<i64>,
    pub description: Option<String>,
    pub deleted: Option<bool>,
}

/// A person (`individu` / `chauffeur`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Person {
    pub id: Option<i64>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub initials: Option<String>,
    pub staff_number: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub civility_id: Option<i64>,
    pub deleted: Option<bool>,
}

impl Person {
    pub fn full_name(&self) -> String {
        [self.first_name.as_deref(), self.last_name.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" ")
    }
}

/// `vehicule_engin/vehicles`: one vehicle with its box, driver, odometer and
/// maintenance visits.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct VehicleDetails {
    pub device: Option<TelematicsBox>,
    pub driver: Option<Person>,
    pub co2_emission: Option<f64>,
    pub entity: Option<Entity>,
    pub odometer: Option<OdometerReading>,
    pub adjusted_odometer: Option<OdometerReading>,
    pub vehicle: Option<VehicleRecord>,
    pub visits: Vec<MaintenanceVisit>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct TelematicsBox {
    pub id: Option<i64>,
    pub ad: Option<String>,
    pub comment: Option<String>,
    pub gsm_number: Option<String>,
    pub warranty_start: Option<Timestamp>,
    pub warranty_end: Option<Timestamp>,
    pub state_id: Option<i64>,
    pub imei: Option<String>,
    pub serial_number: Option<String>,
    pub sn: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct OdometerReading {
    pub id: Option<i64>,
    pub at: Option<Timestamp>,
    pub value: Option<f64>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct MaintenanceVisit {
    pub id: Option<i64>,
    pub description: Option<String>,
    pub due_date: Option<Timestamp>,
    pub due_odometer: Option<f64>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct VehicleRecord {
    pub id: Option<i64>,
    pub plate: Option<String>,
    pub vin: Option<String>,
    pub make: Option<String>,
    pub model: Option<String>,
    pub category: Option<String>,
    pub eco_driving_category: Option<String>,
    pub eco_driving_state: Option<String>,
    pub colour: Option<String>,
    pub description: Option<String>,
    pub first_registration: Option<Timestamp>,
    pub fleet_number: Option<String>,
    pub serial_number: Option<String>,
    pub on_board_number: Option<i64>,
    pub fiscal_horsepower: Option<i64>,
    pub co2_emission: Option<f64>,
    pub consumption: Option<f64>,
    pub energy_id: Option<i64>,
    pub travel_mode_id: Option<i64>,
    pub consumption_unit_id: Option<i64>,
    pub motorisation: Option<String>,
    pub apc_mode: Option<String>,
    pub odirect_mode: Option<String>,
    pub image: Option<String>,
    pub distinguishing_marks: Option<String>,
    pub prk: Option<f64>,
    pub asset_type: Option<AssetType>,
    pub device_before_circuit_breaker: Option<bool>,
    pub overspeed_buzzer: Option<bool>,
    pub battery_cut_off: Option<bool>,
    pub door_detection: Option<bool>,
    pub dio: Option<bool>,
    pub identification_device: Option<bool>,
    pub geolocated: Option<bool>,
    pub geomission: Option<bool>,
    pub geosecurity: Option<bool>,
    pub wired_immobilisation: Option<bool>,
    pub privacy: Option<bool>,
    pub deleted: Option<bool>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nearby(id: i64, description: &str) -> NearbyVehicle {
        NearbyVehicle {
            vehicle: NearbyVehicleInfo { id: Some(id), description: Some(description.into()), ..Default::default() },
            ..Default::default()
        }
    }

    fn listed(id: i64, plate: Option<&str>, entity: i64) -> VehicleDetails {
        VehicleDetails {
            entity: Some(Entity { id: entity, name: format!("Entity {entity}"), deleted: None }),
            vehicle: Some(VehicleRecord { id: Some(id), plate: plate.map(str::to_string), ..Default::default() }),
            ..Default::default()
        }
    }

    #[test]
    fn the_join_names_each_result_by_its_listed_plate() {
        let found = [nearby(1, "Kangoo – Tournée B"), nearby(2, "Master"), nearby(3, "Trafic")];
        let fleet = Fleet::new(vec![listed(1, Some("AB-123-CD"), 11), listed(2, None, 11)]);
        let shown = join(&found, Some(&fleet), None);
        assert_eq!(shown[0].name(), VehicleName::Plate("AB-123-CD".into()));
        assert_eq!(shown[1].name(), VehicleName::NoPlate(Some("Master".into())));
        // Not in the list: its description, never taken for a plate.
        assert_eq!(shown[2].name(), VehicleName::Described("Trafic".into()));
        // Before the list arrives: descriptions.
        assert_eq!(join(&found, None, None)[0].name(), VehicleName::Described("Kangoo – Tournée B".into()));
    }

    #[test]
    fn deleted_vehicles_are_never_listed_and_entities_filter_through_the_list() {
        let mut gone = nearby(4, "Ancien");
        gone.vehicle.deleted = Some(true);
        let found = [nearby(1, "a"), nearby(2, "b"), gone, nearby(5, "e")];
        let mut deleted_in_list = listed(5, Some("EE-555-EE"), 11);
        if let Some(v) = deleted_in_list.vehicle.as_mut() {
            v.deleted = Some(true);
        }
        let fleet = Fleet::new(vec![listed(1, Some("AA"), 11), listed(2, Some("BB"), 12), deleted_in_list]);
        let ids = |v: Vec<NearbyVehicle>| v.iter().filter_map(|x| x.vehicle.id).collect::<Vec<_>>();
        assert_eq!(ids(join(&found, Some(&fleet), None)), [1, 2]);
        assert_eq!(ids(join(&found, Some(&fleet), Some(12))), [2]);
        // Without the list, an entity cannot be known: nothing is filtered by it.
        assert_eq!(ids(join(&found, None, Some(12))), [1, 2, 5]);
        assert_eq!(fleet.len(), 2);
    }

    #[test]
    fn privacy_comes_from_either_source() {
        let mut v = nearby(1, "a");
        assert!(!v.private());
        v.vehicle.privacy = Some(true);
        assert!(v.private());
        let mut record = listed(2, Some("BB"), 11);
        if let Some(r) = record.vehicle.as_mut() {
            r.privacy = Some(true);
        }
        let shown = join(&[nearby(2, "b")], Some(&Fleet::new(vec![record])), None);
        assert!(shown[0].private());
    }
}
