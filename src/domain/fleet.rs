//! Telematics: vehicles found around a point (from Ocean).

#[derive(Clone, Debug, PartialEq)]
pub struct Entity {
    pub id: i64,
    pub name: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ComputeMode {
    /// Great-circle distance.
    CrowFlies,
    /// Road distance, with duration and ETA.
    ByRoad,
}

#[derive(Clone, Debug, PartialEq)]
pub struct NearbyVehicle {
    pub id: i64,
    pub label: String,
    pub category: String,
    pub driver: Option<String>,
    pub lat: f64,
    pub lon: f64,
    /// Metres, as the vendor reports it.
    pub distance_m: f64,
}
