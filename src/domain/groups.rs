//! Vehicle groups (from Vehizen `CustomerGroup`). Every documented field of
//! a group's vehicles is kept, so an update can send the whole group back.

use uuid::Uuid;

use super::common::{Coded, Timestamp};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Group {
    /// `None` until the vendor has created it.
    pub id: Option<Uuid>,
    pub customer_id: Option<Uuid>,
    pub name: String,
    pub eco_profile_id: Option<Uuid>,
    pub vehicles: Vec<GroupVehicle>,
}

/// Vehizen's `VehicleLightDto`, in the console's words.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GroupVehicle {
    pub id: Option<Uuid>,
    pub ws_id: Option<i64>,
    pub customer_id: Option<Uuid>,
    pub plate: Option<String>,
    pub government_id: Option<String>,
    pub name: Option<String>,
    pub full_name: Option<String>,
    pub vehicle_type: Option<String>,
    pub brand: Option<String>,
    pub model: Option<String>,
    pub vin: Option<String>,
    pub utility: Option<String>,
    pub job_activity: Option<String>,
    pub agency_id: Option<Uuid>,
    pub agency_name: Option<String>,
    pub group_id: Option<Uuid>,
    pub group_name: Option<String>,
    pub in_service_since: Option<Timestamp>,
    pub renting: Option<bool>,
    pub lease_start: Option<Timestamp>,
    pub lease_end: Option<Timestamp>,
    pub lease_start_km: Option<i64>,
    pub lease_end_km: Option<i64>,
    pub external_interface_id: Option<Uuid>,
    pub external_interfaces: Vec<ExternalInterface>,
    pub mobile_unit_id: Option<Uuid>,
    pub mobile_unit_name: Option<String>,
    pub imei: Option<String>,
    pub camera: Option<Coded<CameraType>>,
    pub no_geolocation: Option<bool>,
    pub compatible_download: Option<bool>,
    pub tacho_speed_limit: Option<i64>,
    pub state: Option<Coded<VehicleRecordState>>,
    pub vehicle_state: Option<Coded<VehicleState>>,
    pub active: Option<bool>,
    pub malfunction: Option<Coded<MalfunctionLevel>>,
    pub malfunction_changed_at: Option<Timestamp>,
    pub has_malfunction_history: Option<bool>,
    pub maintenance_due: Option<bool>,
    /// Odometer in km (`Milestone`) and when it was reported.
    pub mileage_km: Option<i64>,
    pub mileage_reported_at: Option<Timestamp>,
    pub mileage_at_assignment_km: Option<i64>,
    pub fuel_name: Option<String>,
    pub fuel_type_id: Option<i64>,
    pub fuel_type_id_synthesis: Option<i64>,
    pub fuel_type_conflict: Option<bool>,
    pub theoretical_consumption: Option<f64>,
    pub tank_volume: Option<f64>,
    pub tolerance: Option<f64>,
    pub total_fuel_used: Option<f64>,
    pub can_fuel_report_at: Option<Timestamp>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ExternalInterface {
    pub id: Option<Uuid>,
    pub customer_id: Option<Uuid>,
    pub name: Option<String>,
}

// Only value 0 of each enum is published (in the XML samples); the wire
// codes are in `vendors::vehizen`, the labels in `labels`.

/// `State`
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum VehicleRecordState {
    Active,
}

/// `VehicleState`
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum VehicleState {
    Active,
}

/// `MalfunctionLevel`
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum MalfunctionLevel {
    None,
}

/// `CameraType`
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum CameraType {
    WithoutCamera,
}
