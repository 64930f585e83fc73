//! Telematics (from Ocean): customer entities, vehicles found around a
//! point, and one vehicle's details. Ocean's enums arrive as names whose full
//! lists are not published (`UNDEFINED`, `LOCKED`, `MONO`…): they are kept
//! as sent.

use super::common::Timestamp;

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

/// How a nearest result is named: its description (the plate on the
/// simulator), else its Ocean id, else nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VehicleName {
    Described(String),
    Numbered(i64),
    Unnamed,
}

/// One result of a nearest-vehicle search.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NearbyVehicle {
    pub vehicle: NearbyVehicleInfo,
    pub address: Option<Address>,
    /// As reported by the vendor (unit not published; metres on the simulator).
    pub distance: Option<f64>,
    /// By road only (unit not published; seconds on the simulator).
    pub duration: Option<f64>,
    pub eta: Option<Timestamp>,
    pub mobile_state: Option<String>,
    pub position_at: Option<Timestamp>,
    pub gps_fix: Option<bool>,
    pub group: Option<VehicleGroupRef>,
    pub immobilisation: Option<String>,
    pub time: Option<i64>,
    pub driver: Option<AssignedDriver>,
}

impl NearbyVehicle {
    /// Where the vehicle was last seen, when the vendor said.
    pub fn position(&self) -> Option<(f64, f64)> {
        let a = self.address.as_ref()?;
        Some((a.latitude?, a.longitude?))
    }

    /// What names the vehicle for a dispatcher (the screen words it).
    pub fn name(&self) -> VehicleName {
        match (&self.vehicle.description, self.vehicle.id) {
            (Some(d), _) if !d.trim().is_empty() => VehicleName::Described(d.clone()),
            (_, Some(id)) => VehicleName::Numbered(id),
            _ => VehicleName::Unnamed,
        }
    }

    /// The closest point of interest, else the address.
    pub fn place(&self) -> Option<String> {
        let a = self.address.as_ref()?;
        a.closest_poi.as_ref().and_then(|p| p.name.clone()).or_else(|| a.text.clone())
    }

    pub fn driver_name(&self) -> Option<String> {
        self.driver.as_ref()?.person.as_ref().map(Person::full_name).filter(|n| !n.is_empty())
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct NearbyVehicleInfo {
    pub id: Option<i64>,
    pub category: Option<String>,
    /// The vehicle's label (the plate on the simulator).
    pub description: Option<String>,
    pub asset_type: Option<AssetType>,
    pub door_detection: Option<bool>,
    pub dio: Option<bool>,
    pub identification_device: Option<bool>,
    pub geolocated: Option<bool>,
    pub geosecurity: Option<bool>,
    pub wired_immobilisation: Option<bool>,
    pub image: Option<String>,
    pub odirect_mode: Option<String>,
    pub privacy: Option<bool>,
    pub deleted: Option<bool>,
    pub motorisation: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct AssetType {
    pub id: Option<i64>,
    pub category: Option<String>,
    pub label: Option<String>,
    pub icon: Option<String>,
    pub order: Option<i64>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Address {
    pub text: Option<String>,
    /// Heading in degrees (`cap`).
    pub heading: Option<f64>,
    pub closest_poi: Option<PointOfInterest>,
    pub country_code: Option<i64>,
    pub snapped_to_road: Option<bool>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub post_code: Option<String>,
    pub precision: Option<f64>,
    pub town: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct PointOfInterest {
    pub id: Option<i64>,
    pub name: Option<String>,
    pub address: Option<String>,
    pub post_code: Option<String>,
    pub address_extra_1: Option<String>,
    pub address_extra_2: Option<String>,
    pub region: Option<String>,
    pub city: Option<String>,
    pub geometry: Option<String>,
    pub group: Option<(Option<i64>, Option<String>)>,
    pub country_id: Option<i64>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub kind: Option<PoiKind>,
    pub specific: Option<PoiSpecific>,
    pub radius: Option<f64>,
    pub deleted: Option<bool>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct PoiKind {
    pub id: Option<i64>,
    pub color: Option<String>,
    pub i18n_key: Option<String>,
    pub label: Option<String>,
    pub image: Option<String>,
    pub order: Option<i64>,
    pub kind: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct PoiSpecific {
    pub id: Option<i64>,
    pub client_id: Option<i64>,
    pub object_ref_id: Option<i64>,
    /// `proprietesSpecifiquesClient.psValues`: free-form name → values.
    pub values: Vec<(String, String)>,
    pub object_type: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct VehicleGroupRef {
    pub id: Option<i64>,
    pub description: Option<String>,
    pub deleted: Option<bool>,
}

/// The driver identified in a vehicle, as `nearestVehicles` reports it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AssignedDriver {
    pub id: Option<i64>,
    pub identification_enabled: Option<bool>,
    pub person: Option<Person>,
    pub ndid_long: Option<String>,
    pub relevant: Option<bool>,
    pub assignment: Option<Assignment>,
    pub device: Option<IdentificationDevice>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Assignment {
    pub step_id: Option<i64>,
    pub operator_code: Option<String>,
    pub created: Option<Timestamp>,
    pub started: Option<Timestamp>,
    pub mode: Option<String>,
    pub ndid: Option<String>,
    pub on_board_number: Option<i64>,
    pub kind: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct IdentificationDevice {
    pub id: Option<i64>,
    pub color: Option<i64>,
    pub client_id: Option<i64>,
    pub device_type_id: Option<i64>,
    pub client_key_number: Option<i64>,
    pub full_number: Option<String>,
    pub number: Option<String>,
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
