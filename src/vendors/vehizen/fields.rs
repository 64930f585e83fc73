//! The details view: every field of a vehicle's record, documented ones
//! typed by the one key table of `VehicleLightDto`.

use serde_json::value::RawValue;
use serde_json::Value;
use uuid::Uuid;

use crate::domain::common::Coded;
use crate::domain::groups::{FieldValue, GroupVehicle, VehicleFact, VehicleField};
use crate::vendors::codes::{coded_from_number, coded_from_text, WireCode};
use crate::vendors::raw::RawObject;
use crate::vendors::tolerant::parse_timestamp;

#[derive(Clone, Copy)]
pub(super) enum Kind {
    Text,
    Whole,
    Decimal,
    Flag,
    Time,
    Camera,
    RecordState,
    VehicleState,
    Malfunction,
    Interfaces,
}

/// The documented keys of `VehicleLightDto` (both samples), what each is
/// and holds: the one table behind the details view.
pub(super) const VEHICLE_FIELDS: &[(&str, VehicleFact, Kind)] = &[
    ("VehicleId", VehicleFact::VehicleId, Kind::Text),
    ("IdWS", VehicleFact::WsId, Kind::Whole),
    ("CustomerId", VehicleFact::CustomerId, Kind::Text),
    ("LicencePlate", VehicleFact::Plate, Kind::Text),
    ("IDByGovernment", VehicleFact::GovernmentId, Kind::Text),
    ("Name", VehicleFact::Name, Kind::Text),
    ("FullName", VehicleFact::FullName, Kind::Text),
    ("VehicleType", VehicleFact::VehicleType, Kind::Text),
    ("Brand", VehicleFact::Brand, Kind::Text),
    ("Model", VehicleFact::Model, Kind::Text),
    ("VIN", VehicleFact::Vin, Kind::Text),
    ("Utility", VehicleFact::Utility, Kind::Text),
    ("JobActivity", VehicleFact::JobActivity, Kind::Text),
    ("AgencyAffiliationId", VehicleFact::AgencyId, Kind::Text),
    ("AgencyAffiliationName", VehicleFact::AgencyName, Kind::Text),
    ("CustomerGroupId", VehicleFact::GroupId, Kind::Text),
    ("CustomerGroupName", VehicleFact::GroupName, Kind::Text),
    ("InitialEntryIntoService", VehicleFact::InServiceSince, Kind::Time),
    ("Renting", VehicleFact::Renting, Kind::Flag),
    ("UtcStartOfLease", VehicleFact::LeaseStart, Kind::Time),
    ("UtcEndOfLease", VehicleFact::LeaseEnd, Kind::Time),
    ("KmStartOfLease", VehicleFact::LeaseStartKm, Kind::Whole),
    ("KmEndOfLease", VehicleFact::LeaseEndKm, Kind::Whole),
    ("ExternalInterfaceId", VehicleFact::ExternalInterfaceId, Kind::Text),
    ("ExternalInterfaces", VehicleFact::ExternalInterfaces, Kind::Interfaces),
    ("MobileUnitId", VehicleFact::MobileUnitId, Kind::Text),
    ("MobileUnitName", VehicleFact::MobileUnitName, Kind::Text),
    ("Imei", VehicleFact::Imei, Kind::Text),
    ("CameraType", VehicleFact::Camera, Kind::Camera),
    ("NoGeoloc", VehicleFact::NoGeolocation, Kind::Flag),
    ("CompatibleDownload", VehicleFact::CompatibleDownload, Kind::Flag),
    ("TachySpeedLimit", VehicleFact::TachoSpeedLimit, Kind::Whole),
    ("State", VehicleFact::State, Kind::RecordState),
    ("VehicleState", VehicleFact::VehicleState, Kind::VehicleState),
    ("IsActive", VehicleFact::Active, Kind::Flag),
    ("MalfunctionLevel", VehicleFact::Malfunction, Kind::Malfunction),
    ("DateUtcChangeMalfunctionLevel", VehicleFact::MalfunctionChangedAt, Kind::Time),
    ("HasMalfunctionHistory", VehicleFact::MalfunctionHistory, Kind::Flag),
    ("IsVehicleCallForMaintenance", VehicleFact::MaintenanceDue, Kind::Flag),
    ("Milestone", VehicleFact::MileageKm, Kind::Whole),
    ("UtcMileageReport", VehicleFact::MileageReportedAt, Kind::Time),
    ("MilestoneAtAssignment", VehicleFact::MileageAtAssignmentKm, Kind::Whole),
    ("FuelName", VehicleFact::FuelName, Kind::Text),
    ("FuelTypeId", VehicleFact::FuelTypeId, Kind::Whole),
    ("FuelTypeIdSynthesis", VehicleFact::FuelTypeIdSynthesis, Kind::Whole),
    ("IsFuelTypeConflict", VehicleFact::FuelTypeConflict, Kind::Flag),
    ("TheoreticalConsumption", VehicleFact::TheoreticalConsumption, Kind::Decimal),
    ("ReservoirVolume", VehicleFact::TankVolume, Kind::Decimal),
    ("Tolerance", VehicleFact::Tolerance, Kind::Decimal),
    ("TotalFuelUsed", VehicleFact::TotalFuelUsed, Kind::Decimal),
    ("CANFuelReportUtc", VehicleFact::CanFuelReportAt, Kind::Time),
];

/// Every field of the vehicle's record, in the vendor's order: documented
/// ones typed, the others by their key, as sent.
pub fn vehicle_fields(v: &GroupVehicle) -> Vec<(VehicleField, FieldValue)> {
    let Ok(record) = RawObject::parse(v.record.text()) else {
        return Vec::new();
    };
    record
        .0
        .iter()
        .map(|(key, raw)| {
            let value: Value = serde_json::from_str(raw.get()).unwrap_or(Value::Null);
            match VEHICLE_FIELDS.iter().find(|(k, ..)| k == key) {
                Some((_, fact, kind)) => {
                    let typed = typed(*kind, &value).unwrap_or_else(|| as_sent(&value, raw));
                    (VehicleField::Known(*fact), typed)
                }
                None => (VehicleField::Undocumented(key.clone()), as_sent(&value, raw)),
            }
        })
        .collect()
}

/// `None` when the value is not of the documented type.
fn typed(kind: Kind, v: &Value) -> Option<FieldValue> {
    if v.is_null() {
        return Some(FieldValue::Empty);
    }
    Some(match kind {
        Kind::Text => FieldValue::Text(v.as_str()?.to_string()),
        Kind::Whole => FieldValue::Whole(v.as_i64()?),
        Kind::Decimal => FieldValue::Decimal(v.as_f64()?),
        Kind::Flag => FieldValue::Flag(v.as_bool()?),
        Kind::Time => FieldValue::Time(parse_timestamp(v.as_str()?).ok()?),
        Kind::Camera => FieldValue::Camera(coded(v)?),
        Kind::RecordState => FieldValue::RecordState(coded(v)?),
        Kind::VehicleState => FieldValue::VehicleState(coded(v)?),
        Kind::Malfunction => FieldValue::Malfunction(coded(v)?),
        Kind::Interfaces => FieldValue::Interfaces(
            v.as_array()?
                .iter()
                .map(|i| {
                    let name = i.get("Name").and_then(Value::as_str).map(str::to_string);
                    (name, i.get("Id").and_then(Value::as_str).and_then(|s| Uuid::parse_str(s).ok()))
                })
                .collect(),
        ),
    })
}

fn coded<E: WireCode>(v: &Value) -> Option<Coded<E>> {
    match v {
        Value::Number(n) => Some(n.as_i64().map(coded_from_number).unwrap_or_else(|| Coded::Unknown(n.to_string()))),
        Value::String(s) => Some(coded_from_text(s)),
        _ => None,
    }
}

fn as_sent(v: &Value, raw: &RawValue) -> FieldValue {
    match v {
        Value::Null => FieldValue::Empty,
        Value::String(s) => FieldValue::Text(s.clone()),
        Value::Bool(b) => FieldValue::Flag(*b),
        Value::Number(n) if n.is_i64() => FieldValue::Whole(n.as_i64().unwrap_or_default()),
        _ => FieldValue::AsSent(raw.get().to_string()),
    }
}
