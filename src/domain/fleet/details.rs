//! One vehicle's full record (`vehicule_engin/vehicles`): its box, driver,
//! odometer, maintenance visits and dozens of descriptive fields. At 2 KB
//! a vehicle it is never kept for the whole fleet (the list keeps a
//! `ListedVehicle`): the details panel reads it for the one vehicle shown.

use super::{Entity, Person};
use crate::domain::common::Timestamp;

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

#[derive(Clone, Debug, Default, PartialEq)]
pub struct AssetType {
    pub id: Option<i64>,
    pub category: Option<String>,
    pub label: Option<String>,
    pub icon: Option<String>,
    pub order: Option<i64>,
}
