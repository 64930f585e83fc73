//! Vehicle groups (from Vehizen `CustomerGroup`). The screens see a narrow
//! view of each vehicle; the vendor's whole record rides along, opaque
//! (`VendorRecord`), so that an update writes back exactly what was read.

use uuid::Uuid;

use super::common::{Coded, Timestamp, VendorRecord};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Group {
    /// `None` until the vendor has created it.
    pub id: Option<Uuid>,
    pub customer_id: Option<Uuid>,
    pub name: String,
    pub eco_profile_id: Option<Uuid>,
    pub vehicles: Vec<GroupVehicle>,
    /// The group as read (empty for a new group).
    pub record: VendorRecord,
}

impl Group {
    /// The member vehicles' ids, sorted: membership, whatever the order
    /// (a vehicle without one counts as `None`, once per row).
    pub fn vehicle_ids(&self) -> Vec<Option<Uuid>> {
        let mut ids: Vec<Option<Uuid>> = self.vehicles.iter().map(|v| v.id).collect();
        ids.sort();
        ids
    }
}

/// What the screens use of Vehizen's `VehicleLightDto`: the table's columns
/// and the filter's fields. The details view reads every field of `record`
/// through `vendors::vehizen::vehicle_fields`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GroupVehicle {
    /// Vehizen's `VehicleId`. Its membership model keys on it, so a vehicle
    /// without one is shown but never moved or removed here.
    pub id: Option<Uuid>,
    /// Its place in the group's `Vehicles` as read: what an edit names
    /// (with `id` as a check), since two rows may share an id. `None`: it
    /// was brought in from another group.
    pub read_at: Option<usize>,
    pub plate: Option<String>,
    pub name: Option<String>,
    pub brand: Option<String>,
    pub model: Option<String>,
    pub vin: Option<String>,
    pub imei: Option<String>,
    pub fuel_name: Option<String>,
    /// The group the vehicle's own record says it is in (`CustomerGroupId`).
    pub group_id: Option<Uuid>,
    pub vehicle_state: Option<Coded<VehicleState>>,
    pub malfunction: Option<Coded<MalfunctionLevel>>,
    /// Odometer in km (`Milestone`) and when it was reported.
    pub mileage_km: Option<i64>,
    pub mileage_reported_at: Option<Timestamp>,
    /// The vehicle as read, in its group (or the group it was moved from).
    pub record: VendorRecord,
}

impl GroupVehicle {
    /// What names the vehicle for a person: its plate, else its name, else
    /// its id (never an empty string).
    pub fn label(&self) -> String {
        let given = |s: &Option<String>| s.clone().filter(|s| !s.trim().is_empty());
        given(&self.plate)
            .or_else(|| given(&self.name))
            .or_else(|| self.id.map(|id| id.to_string()))
            .unwrap_or_else(|| "—".to_string())
    }

    /// Its label as a person compares it, whatever the case and spacing
    /// ("hx 100-aa" looks like "HX-100-AA"): how rows sharing a
    /// `VehicleId` are told apart across reads.
    pub fn look(&self) -> String {
        self.label().chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
    }

    /// This vehicle as a row brought into another group: it has no place
    /// in that group's list as read.
    pub fn brought_in(&self) -> GroupVehicle {
        GroupVehicle { read_at: None, ..self.clone() }
    }

    /// Whether the console may move it or take it out of a group: only a
    /// vehicle Vehizen can identify (by its `VehicleId`).
    pub fn can_move(&self) -> bool {
        self.id.is_some()
    }
}

/// One field of a vehicle's record, for the details view: a documented
/// field by name, or one the documentation does not list, by its key.
#[derive(Clone, Debug, PartialEq)]
pub enum VehicleField {
    Known(VehicleFact),
    Undocumented(String),
}

/// The documented fields of `VehicleLightDto` (labels in `labels.rs`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VehicleFact {
    VehicleId,
    WsId,
    CustomerId,
    Plate,
    GovernmentId,
    Name,
    FullName,
    VehicleType,
    Brand,
    Model,
    Vin,
    Utility,
    JobActivity,
    AgencyId,
    AgencyName,
    GroupId,
    GroupName,
    InServiceSince,
    Renting,
    LeaseStart,
    LeaseEnd,
    LeaseStartKm,
    LeaseEndKm,
    ExternalInterfaceId,
    ExternalInterfaces,
    MobileUnitId,
    MobileUnitName,
    Imei,
    Camera,
    NoGeolocation,
    CompatibleDownload,
    TachoSpeedLimit,
    State,
    VehicleState,
    Active,
    Malfunction,
    MalfunctionChangedAt,
    MalfunctionHistory,
    MaintenanceDue,
    MileageKm,
    MileageReportedAt,
    MileageAtAssignmentKm,
    FuelName,
    FuelTypeId,
    FuelTypeIdSynthesis,
    FuelTypeConflict,
    TheoreticalConsumption,
    TankVolume,
    Tolerance,
    TotalFuelUsed,
    CanFuelReportAt,
}

/// A field's value as read, typed for display.
#[derive(Clone, Debug, PartialEq)]
pub enum FieldValue {
    /// Absent or `null`.
    Empty,
    Text(String),
    Whole(i64),
    Decimal(f64),
    Flag(bool),
    Time(Timestamp),
    Camera(Coded<CameraType>),
    RecordState(Coded<VehicleRecordState>),
    VehicleState(Coded<VehicleState>),
    Malfunction(Coded<MalfunctionLevel>),
    /// External interfaces: name and id of each.
    Interfaces(Vec<(Option<String>, Option<Uuid>)>),
    /// Not of the documented type, or an undocumented field: its JSON as sent.
    AsSent(String),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_vehicle_is_named_by_its_plate_else_its_name_else_its_id() {
        let id = Some(Uuid::from_u128(7));
        let v = |plate: Option<&str>, name: Option<&str>| GroupVehicle {
            id,
            plate: plate.map(str::to_string),
            name: name.map(str::to_string),
            ..Default::default()
        };
        assert_eq!(v(Some("AB-123-CD"), Some("Kangoo")).label(), "AB-123-CD");
        assert_eq!(v(Some(" "), Some("Kangoo")).label(), "Kangoo");
        assert_eq!(v(None, Some("Kangoo")).label(), "Kangoo");
        assert_eq!(v(None, Some("")).label(), Uuid::from_u128(7).to_string());
        assert_eq!(v(None, None).label(), Uuid::from_u128(7).to_string());
        assert_eq!(GroupVehicle::default().label(), "—");
    }
}
