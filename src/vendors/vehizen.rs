//! Vehizen `api/v2/CustomerGroup` (PascalCase JSON): GET by id, POST
//! (create, `Id` null) and PUT (update, the whole DTO, id inside).
//!
//! **Raw in, raw out.** A group and each of its vehicles are kept as the
//! exact JSON text read (`VendorRecord`). An update writes that text back
//! with only the user's changes put in: the group's name, customer and
//! eco-driving profile, its membership, and the group fields of a vehicle
//! moved in from another group. No key the vendor did not send is added and
//! no value becomes `null` unless the user cleared it; fields we do not know
//! go back as they came.

use std::collections::HashMap;

use gloo_net::http::Method;
use serde_json::value::RawValue;
use serde_json::Value;
use uuid::Uuid;

use super::codes::{coded_from_number, coded_from_text, WireCode};
use super::http::Call;
use super::raw::{json_list, json_text, RawObject};
use super::tolerant::{decode_object, parse_timestamp, DecodeWarning, Decoded, FromJson, Obj};
use super::ApiError;
use crate::config::VehizenConfig;
use crate::domain::common::{Coded, VendorRecord};
use crate::domain::groups::{
    CameraType, FieldValue, Group, GroupVehicle, MalfunctionLevel, VehicleFact, VehicleField, VehicleRecordState,
    VehicleState,
};
use crate::wire_codes;

pub const VENDOR: &str = "Vehizen";

// Only value 0 of each enum is published (in the XML samples).
wire_codes!(VehicleRecordState { Active = 0, "Active"; });
wire_codes!(VehicleState { Active = 0, "Active"; });
wire_codes!(MalfunctionLevel { None = 0, "Null"; });
wire_codes!(CameraType { WithoutCamera = 0, "WITHOUT_CAMERA"; });

/// Vehizen as configured: built once from `config.json`, provided to the
/// pages through context (`crate::use_vehizen`).
#[derive(Clone, Debug, PartialEq)]
pub struct Vehizen {
    /// Same-origin prefix the proxy forwards to the API root.
    base_url: String,
    timeout_ms: u32,
}

// Reading.

/// The group's own fields; `Vehicles` is read item by item (`decode_group`).
struct GroupHead {
    id: Option<Uuid>,
    customer_id: Option<Uuid>,
    name: String,
    eco_profile_id: Option<Uuid>,
}

impl FromJson for GroupHead {
    fn from_json(o: &mut Obj<'_, '_>) -> Result<Self, String> {
        Ok(GroupHead {
            id: o.uuid("Id"),
            customer_id: o.uuid("CustomerId"),
            name: o.string("Name").unwrap_or_default(),
            eco_profile_id: o.uuid("ProfilEcoDriveId"),
        })
    }
}

/// The screens' view of a `VehicleLightDto` (its record is added by the caller).
impl FromJson for GroupVehicle {
    fn from_json(o: &mut Obj<'_, '_>) -> Result<Self, String> {
        // A vehicle without a valid VehicleId is listed, read-only (see
        // `can_move`), which the page explains: no warning.
        let id = o.string("VehicleId").and_then(|s| Uuid::parse_str(s.trim()).ok());
        Ok(GroupVehicle {
            id,
            read_at: None,
            plate: o.string("LicencePlate"),
            name: o.string("Name"),
            brand: o.string("Brand"),
            model: o.string("Model"),
            vin: o.string("VIN"),
            imei: o.string("Imei"),
            fuel_name: o.string("FuelName"),
            group_id: o.uuid("CustomerGroupId"),
            vehicle_state: o.coded("VehicleState"),
            malfunction: o.coded("MalfunctionLevel"),
            mileage_km: o.i64("Milestone"),
            mileage_reported_at: o.time("UtcMileageReport"),
            record: VendorRecord::default(),
        })
    }
}

/// Each item of the group's `Vehicles` as sent, with its vehicle when it
/// can be read (else why not). `Err`: `Vehicles` is not a list.
type Items<'a> = Vec<(&'a RawValue, Result<Decoded<GroupVehicle>, String>)>;

fn vehicle_items<'a>(group: &RawObject<'a>) -> Result<Items<'a>, String> {
    let items = match group.get("Vehicles") {
        None => return Ok(Vec::new()),
        Some(v) if v.get() == "null" => return Ok(Vec::new()),
        Some(_) => group.list("Vehicles").ok_or("expected a list")?,
    };
    Ok(items
        .into_iter()
        .map(|item| {
            let vehicle = decode_object::<GroupVehicle>(item.get()).map_err(|e| match e {
                ApiError::Decode { reason, .. } => reason,
                other => format!("{other:?}"),
            });
            (item, vehicle)
        })
        .collect())
}

/// A group as read: the screens' fields, each vehicle with its record, and
/// the group's own record. A vehicle that cannot be read is left out with a
/// warning (and written back untouched by `group_body`).
pub fn decode_group(body: &str) -> Result<Decoded<Group>, ApiError> {
    let head = decode_object::<GroupHead>(body)?;
    let raw = RawObject::parse(body)?;
    let mut warnings = head.warnings;
    let items = vehicle_items(&raw).unwrap_or_else(|reason| {
        warnings.push(DecodeWarning { path: "$.Vehicles".into(), reason });
        Vec::new()
    });
    let mut vehicles = Vec::with_capacity(items.len());
    for (i, (item, vehicle)) in items.into_iter().enumerate() {
        let at = format!("$.Vehicles[{i}]");
        match vehicle {
            Ok(d) => {
                let inside = d.warnings.into_iter().map(|w| DecodeWarning { path: w.path.replacen('$', &at, 1), ..w });
                warnings.extend(inside);
                vehicles.push(GroupVehicle { record: VendorRecord::new(item.get()), read_at: Some(i), ..d.value });
            }
            Err(reason) => warnings.push(DecodeWarning { path: at, reason }),
        }
    }
    let group = Group {
        id: head.value.id,
        customer_id: head.value.customer_id,
        name: head.value.name,
        eco_profile_id: head.value.eco_profile_id,
        vehicles,
        record: VendorRecord::new(body.trim()),
    };
    Ok(Decoded { value: group, warnings })
}

// Writing.

/// The body of a create (no record: the documented shape, `Id` null) or of
/// an update (the group's record with the user's changes put in).
///
/// Vehicles go out in the order read, each as its own record: a row the
/// user removed is left out by its place, never by its id, so that of two
/// rows sharing a `VehicleId` only the one clicked goes. Items that could
/// not be read go back as they came, where they were; vehicles brought in
/// from another group come last.
pub fn group_body(group: &Group) -> String {
    let read = RawObject::parse(group.record.text()).unwrap_or_default();
    let creating = group.record.text().is_empty();
    // `Vehicles` as read was not a list: nothing of it was shown, so it
    // goes back as it came (a vehicle brought in is then not sent, which
    // the read-back names).
    let items = vehicle_items(&read);
    let list_was_read = items.is_ok();
    let items = items.unwrap_or_default();
    let by_place: HashMap<usize, usize> =
        group.vehicles.iter().enumerate().filter_map(|(k, v)| Some((v.read_at?, k))).collect();
    let mut written = vec![false; group.vehicles.len()];
    let mut vehicles: Vec<String> = Vec::with_capacity(group.vehicles.len());
    for (i, (item, decoded)) in items.iter().enumerate() {
        if decoded.is_err() {
            vehicles.push(item.get().to_string());
        } else if let Some(&k) = by_place.get(&i) {
            vehicles.push(vehicle_body(&group.vehicles[k], None, &group.name));
            written[k] = true;
        }
    }
    // Moved in (or, for a create or a draft, every row), in the form's order.
    for (v, _) in group.vehicles.iter().zip(&written).filter(|(_, done)| !**done) {
        let moved_in = group.id.filter(|_| v.read_at.is_none());
        vehicles.push(vehicle_body(v, moved_in, &group.name));
    }

    let uuid = |u: &Option<Uuid>| json_text(u);
    let mut changes: Vec<(&str, Option<String>)> = vec![("Id", Some(uuid(&group.id)))];
    // An absent customer or profile is written as `null` only when the user
    // cleared a value that was read (or for a create, whose shape is ours).
    let was_set = |key: &str| read.get(key).is_some_and(|v| v.get() != "null");
    if group.customer_id.is_some() || creating || was_set("CustomerId") {
        changes.push(("CustomerId", Some(uuid(&group.customer_id))));
    }
    changes.push(("Name", Some(json_text(&group.name))));
    if group.eco_profile_id.is_some() || creating || was_set("ProfilEcoDriveId") {
        changes.push(("ProfilEcoDriveId", Some(uuid(&group.eco_profile_id))));
    }
    if list_was_read {
        changes.push(("Vehicles", Some(json_list(vehicles.iter().map(String::as_str)))));
    }
    read.write(&changes, |_| true)
}

/// A vehicle as read; one moved in from another group (`moved_in`: the id
/// of the group it joins) gets that group's id and name in the group fields
/// it has, and nothing else changed.
fn vehicle_body(v: &GroupVehicle, moved_in: Option<Uuid>, group_name: &str) -> String {
    let text = v.record.text();
    if text.is_empty() {
        // A vehicle the console made itself (never the case on screen).
        return format!("{{\"VehicleId\":{}}}", json_text(&v.id));
    }
    match (moved_in, RawObject::parse(text)) {
        (Some(gid), Ok(read)) => read.write(
            &[("CustomerGroupId", Some(json_text(&gid))), ("CustomerGroupName", Some(json_text(group_name)))],
            |_| false,
        ),
        _ => text.to_string(),
    }
}

// The details view.

#[derive(Clone, Copy)]
enum Kind {
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
const VEHICLE_FIELDS: &[(&str, VehicleFact, Kind)] = &[
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

// Saving.

/// `ResponseDto` of POST and PUT: `Data` is the group when the vendor sends it.
struct ResponseDto {
    is_valid: Option<bool>,
    errors: Vec<String>,
    group_id: Option<Uuid>,
}

struct DataId(Option<Uuid>);

impl FromJson for DataId {
    fn from_json(o: &mut Obj<'_, '_>) -> Result<Self, String> {
        Ok(DataId(o.uuid("Id")))
    }
}

impl FromJson for ResponseDto {
    fn from_json(o: &mut Obj<'_, '_>) -> Result<Self, String> {
        Ok(ResponseDto {
            is_valid: o.bool("IsValid"),
            errors: o.strings("Errors"),
            group_id: o.object::<DataId>("Data").and_then(|d| d.0),
        })
    }
}

/// What a create or update answered.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveOutcome {
    /// `IsValid: true`, with the group's id when the vendor sent the group.
    Saved { id: Option<Uuid> },
    /// `IsValid: false`: the vendor's own sentences, each naming its field
    /// (none when the vendor gave no reason).
    Invalid(Vec<String>),
}

pub fn decode_save(body: &str) -> Result<SaveOutcome, ApiError> {
    let dto = decode_object::<ResponseDto>(body)?.value;
    match dto.is_valid {
        Some(true) => Ok(SaveOutcome::Saved { id: dto.group_id }),
        Some(false) => Ok(SaveOutcome::Invalid(dto.errors)),
        None => Err(ApiError::Decode { path: "$.IsValid".into(), reason: "missing".into() }),
    }
}

impl Vehizen {
    /// Only its own configuration, and the deadline of every call.
    pub fn new(config: &VehizenConfig, timeout_ms: u32) -> Self {
        Vehizen { base_url: config.base_url.clone(), timeout_ms }
    }

    fn collection_url(&self) -> String {
        format!("{}api/v2/CustomerGroup", self.base_url)
    }

    pub async fn fetch_group(&self, id: Uuid) -> Result<Decoded<Group>, ApiError> {
        let body = Call::read(format!("{}/{id}", self.collection_url()), self.timeout_ms).send().await?;
        decode_group(&body)
    }

    /// Creates (no id) or updates (with id) a group. Never retried: after a
    /// network failure the outcome is unknown and the caller re-reads.
    pub async fn save_group(&self, group: &Group) -> Result<SaveOutcome, ApiError> {
        let method = if group.id.is_some() { Method::PUT } else { Method::POST };
        let answer =
            Call::send_json(method, self.collection_url(), group_body(group), self.timeout_ms).send_raw().await?;
        if answer.ok() {
            return decode_save(&answer.body);
        }
        // A refusal may come as `ResponseDto` with `IsValid:false` under a 4xx.
        match decode_save(&answer.body) {
            Ok(invalid @ SaveOutcome::Invalid(_)) => Ok(invalid),
            _ => Err(answer.into_error()),
        }
    }
}

#[cfg(test)]
mod tests;
