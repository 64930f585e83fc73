//! Reading a group: the screens' fields, and each vehicle with its record.

use serde_json::value::RawValue;
use uuid::Uuid;

use crate::domain::common::VendorRecord;
use crate::domain::groups::{Group, GroupVehicle};
use crate::vendors::raw::RawObject;
use crate::vendors::tolerant::{decode_object, DecodeWarning, Decoded, FromJson, Obj};
use crate::vendors::ApiError;

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
pub(super) type Items<'a> = Vec<(&'a RawValue, Result<Decoded<GroupVehicle>, String>)>;

pub(super) fn vehicle_items<'a>(group: &RawObject<'a>) -> Result<Items<'a>, String> {
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
