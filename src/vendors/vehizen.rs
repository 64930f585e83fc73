//! Vehizen `api/v2/CustomerGroup` (PascalCase JSON): GET by id, POST
//! (create, `Id` null) and PUT (update, the whole DTO, id inside).

use gloo_net::http::Method;
use serde::Serialize;
use uuid::Uuid;

use super::codes::WireCode;
use super::http::Call;
use super::json::{decode_object, format_dotnet, Decoded, FromJson, Obj};
use super::ApiError;
use crate::config::AppConfig;
use crate::domain::common::{Coded, Timestamp};
use crate::domain::groups::{
    CameraType, ExternalInterface, Group, GroupVehicle, MalfunctionLevel, VehicleRecordState, VehicleState,
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

/// The vendor's JSON, read leniently and written with the documented keys.
pub mod dto {
    use super::*;

    #[derive(Debug, Default, Serialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct CustomerGroupDto {
        pub id: Option<Uuid>,
        pub customer_id: Option<Uuid>,
        pub name: Option<String>,
        pub profil_eco_drive_id: Option<Uuid>,
        pub vehicles: Vec<VehicleLightDto>,
    }

    /// Both samples' keys (POST adds `IDByGovernment`, `HasMalfunctionHistory`
    /// and `IsVehicleCallForMaintenance`). Times and enums stay as sent so
    /// that an update writes back exactly what it read.
    #[derive(Debug, Default, Serialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct VehicleLightDto {
        #[serde(rename = "IdWS")]
        pub id_ws: Option<i64>,
        pub agency_affiliation_name: Option<String>,
        pub agency_affiliation_id: Option<Uuid>,
        pub customer_group_id: Option<Uuid>,
        pub customer_group_name: Option<String>,
        #[serde(rename = "VIN")]
        pub vin: Option<String>,
        pub external_interface_id: Option<Uuid>,
        pub initial_entry_into_service: Option<String>,
        pub external_interfaces: Vec<ExternalInterfaceHeaderDto>,
        pub job_activity: Option<String>,
        pub renting: Option<bool>,
        pub utc_end_of_lease: Option<String>,
        pub utc_start_of_lease: Option<String>,
        pub km_end_of_lease: Option<i64>,
        pub km_start_of_lease: Option<i64>,
        #[serde(serialize_with = "whole_as_integer")]
        pub theoretical_consumption: Option<f64>,
        #[serde(serialize_with = "whole_as_integer")]
        pub reservoir_volume: Option<f64>,
        #[serde(serialize_with = "whole_as_integer")]
        pub tolerance: Option<f64>,
        pub mobile_unit_id: Option<Uuid>,
        pub mobile_unit_name: Option<String>,
        pub imei: Option<String>,
        #[serde(serialize_with = "whole_as_integer")]
        pub total_fuel_used: Option<f64>,
        #[serde(rename = "CANFuelReportUtc")]
        pub can_fuel_report_utc: Option<String>,
        pub milestone: Option<i64>,
        pub utc_mileage_report: Option<String>,
        pub milestone_at_assignment: Option<i64>,
        pub tachy_speed_limit: Option<i64>,
        pub camera_type: Option<serde_json::Value>,
        pub no_geoloc: Option<bool>,
        pub vehicle_state: Option<serde_json::Value>,
        pub vehicle_id: Option<Uuid>,
        pub customer_id: Option<Uuid>,
        pub licence_plate: Option<String>,
        #[serde(rename = "IDByGovernment")]
        pub id_by_government: Option<String>,
        pub name: Option<String>,
        pub vehicle_type: Option<String>,
        pub brand: Option<String>,
        pub model: Option<String>,
        pub state: Option<serde_json::Value>,
        pub malfunction_level: Option<serde_json::Value>,
        pub date_utc_change_malfunction_level: Option<String>,
        pub has_malfunction_history: Option<bool>,
        pub is_vehicle_call_for_maintenance: Option<bool>,
        pub fuel_name: Option<String>,
        pub full_name: Option<String>,
        pub utility: Option<String>,
        pub fuel_type_id: Option<i64>,
        pub fuel_type_id_synthesis: Option<i64>,
        pub is_fuel_type_conflict: Option<bool>,
        pub is_active: Option<bool>,
        pub compatible_download: Option<bool>,
    }

    /// A .NET `int` property refuses `1.0`: whole numbers go back as `1`.
    fn whole_as_integer<S: serde::Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(x) if x.fract() == 0.0 && x.abs() < 9.0e15 => s.serialize_i64(*x as i64),
            Some(x) => s.serialize_f64(*x),
            None => s.serialize_none(),
        }
    }

    #[derive(Debug, Default, Serialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct ExternalInterfaceHeaderDto {
        pub id: Option<Uuid>,
        pub customer_id: Option<Uuid>,
        pub name: Option<String>,
    }
}

use dto::*;

// Responses: the `FromJson` impls name every documented key, in the
// vendor's casing, and read straight into the domain types.

impl FromJson for Group {
    fn from_json(o: &mut Obj<'_, '_>) -> Result<Self, String> {
        Ok(Group {
            id: o.uuid("Id"),
            customer_id: o.uuid("CustomerId"),
            name: o.string("Name").unwrap_or_default(),
            eco_profile_id: o.uuid("ProfilEcoDriveId"),
            vehicles: o.list("Vehicles"),
        })
    }
}

impl FromJson for ExternalInterface {
    fn from_json(o: &mut Obj<'_, '_>) -> Result<Self, String> {
        Ok(ExternalInterface { id: o.uuid("Id"), customer_id: o.uuid("CustomerId"), name: o.string("Name") })
    }
}

impl FromJson for GroupVehicle {
    fn from_json(o: &mut Obj<'_, '_>) -> Result<Self, String> {
        let v = GroupVehicle {
            id: o.uuid("VehicleId"),
            ws_id: o.i64("IdWS"),
            customer_id: o.uuid("CustomerId"),
            plate: o.string("LicencePlate"),
            government_id: o.string("IDByGovernment"),
            name: o.string("Name"),
            full_name: o.string("FullName"),
            vehicle_type: o.string("VehicleType"),
            brand: o.string("Brand"),
            model: o.string("Model"),
            vin: o.string("VIN"),
            utility: o.string("Utility"),
            job_activity: o.string("JobActivity"),
            agency_id: o.uuid("AgencyAffiliationId"),
            agency_name: o.string("AgencyAffiliationName"),
            group_id: o.uuid("CustomerGroupId"),
            group_name: o.string("CustomerGroupName"),
            in_service_since: o.time("InitialEntryIntoService"),
            renting: o.bool("Renting"),
            lease_start: o.time("UtcStartOfLease"),
            lease_end: o.time("UtcEndOfLease"),
            lease_start_km: o.i64("KmStartOfLease"),
            lease_end_km: o.i64("KmEndOfLease"),
            external_interface_id: o.uuid("ExternalInterfaceId"),
            external_interfaces: o.list("ExternalInterfaces"),
            mobile_unit_id: o.uuid("MobileUnitId"),
            mobile_unit_name: o.string("MobileUnitName"),
            imei: o.string("Imei"),
            camera: o.coded("CameraType"),
            no_geolocation: o.bool("NoGeoloc"),
            compatible_download: o.bool("CompatibleDownload"),
            tacho_speed_limit: o.i64("TachySpeedLimit"),
            state: o.coded("State"),
            vehicle_state: o.coded("VehicleState"),
            active: o.bool("IsActive"),
            malfunction: o.coded("MalfunctionLevel"),
            malfunction_changed_at: o.time("DateUtcChangeMalfunctionLevel"),
            has_malfunction_history: o.bool("HasMalfunctionHistory"),
            maintenance_due: o.bool("IsVehicleCallForMaintenance"),
            mileage_km: o.i64("Milestone"),
            mileage_reported_at: o.time("UtcMileageReport"),
            mileage_at_assignment_km: o.i64("MilestoneAtAssignment"),
            fuel_name: o.string("FuelName"),
            fuel_type_id: o.i64("FuelTypeId"),
            fuel_type_id_synthesis: o.i64("FuelTypeIdSynthesis"),
            fuel_type_conflict: o.bool("IsFuelTypeConflict"),
            theoretical_consumption: o.f64("TheoreticalConsumption"),
            tank_volume: o.f64("ReservoirVolume"),
            tolerance: o.f64("Tolerance"),
            total_fuel_used: o.f64("TotalFuelUsed"),
            can_fuel_report_at: o.time("CANFuelReportUtc"),
        };
        // Membership is by VehicleId: a vehicle without one cannot be kept.
        if v.id.is_none() {
            return Err("vehicle without a valid VehicleId".into());
        }
        Ok(v)
    }
}

/// `ResponseDto` of POST and PUT; `Data` is the group when the vendor sends it.
struct ResponseDto {
    is_valid: Option<bool>,
    errors: Vec<String>,
    data: Option<Group>,
}

impl FromJson for ResponseDto {
    fn from_json(o: &mut Obj<'_, '_>) -> Result<Self, String> {
        Ok(ResponseDto {
            is_valid: o.bool("IsValid"),
            errors: o.strings("Errors"),
            data: o.object::<Group>("Data").filter(|g| g.id.is_some()),
        })
    }
}

fn time_out(t: &Option<Timestamp>) -> Option<String> {
    t.as_ref().map(|t| match t {
        Timestamp::Never => "0001-01-01T00:00:00.0000000+00:00".to_string(),
        Timestamp::At(t) => format_dotnet(t),
    })
}

/// Enums go back as they came: the number when numeric, else the name.
fn coded_out<E: WireCode>(c: &Option<Coded<E>>) -> Option<serde_json::Value> {
    c.as_ref().map(|c| match c {
        Coded::Known(e) => serde_json::Value::from(e.code()),
        Coded::Unknown(raw) => {
            raw.parse::<i64>().map(serde_json::Value::from).unwrap_or_else(|_| serde_json::Value::from(raw.clone()))
        }
    })
}

impl From<&GroupVehicle> for VehicleLightDto {
    fn from(v: &GroupVehicle) -> Self {
        VehicleLightDto {
            id_ws: v.ws_id,
            agency_affiliation_name: v.agency_name.clone(),
            agency_affiliation_id: v.agency_id,
            customer_group_id: v.group_id,
            customer_group_name: v.group_name.clone(),
            vin: v.vin.clone(),
            external_interface_id: v.external_interface_id,
            initial_entry_into_service: time_out(&v.in_service_since),
            external_interfaces: v
                .external_interfaces
                .iter()
                .map(|i| ExternalInterfaceHeaderDto { id: i.id, customer_id: i.customer_id, name: i.name.clone() })
                .collect(),
            job_activity: v.job_activity.clone(),
            renting: v.renting,
            utc_end_of_lease: time_out(&v.lease_end),
            utc_start_of_lease: time_out(&v.lease_start),
            km_end_of_lease: v.lease_end_km,
            km_start_of_lease: v.lease_start_km,
            theoretical_consumption: v.theoretical_consumption,
            reservoir_volume: v.tank_volume,
            tolerance: v.tolerance,
            mobile_unit_id: v.mobile_unit_id,
            mobile_unit_name: v.mobile_unit_name.clone(),
            imei: v.imei.clone(),
            total_fuel_used: v.total_fuel_used,
            can_fuel_report_utc: time_out(&v.can_fuel_report_at),
            milestone: v.mileage_km,
            utc_mileage_report: time_out(&v.mileage_reported_at),
            milestone_at_assignment: v.mileage_at_assignment_km,
            tachy_speed_limit: v.tacho_speed_limit,
            camera_type: coded_out(&v.camera),
            no_geoloc: v.no_geolocation,
            vehicle_state: coded_out(&v.vehicle_state),
            vehicle_id: v.id,
            customer_id: v.customer_id,
            licence_plate: v.plate.clone(),
            id_by_government: v.government_id.clone(),
            name: v.name.clone(),
            vehicle_type: v.vehicle_type.clone(),
            brand: v.brand.clone(),
            model: v.model.clone(),
            state: coded_out(&v.state),
            malfunction_level: coded_out(&v.malfunction),
            date_utc_change_malfunction_level: time_out(&v.malfunction_changed_at),
            has_malfunction_history: v.has_malfunction_history,
            is_vehicle_call_for_maintenance: v.maintenance_due,
            fuel_name: v.fuel_name.clone(),
            full_name: v.full_name.clone(),
            utility: v.utility.clone(),
            fuel_type_id: v.fuel_type_id,
            fuel_type_id_synthesis: v.fuel_type_id_synthesis,
            is_fuel_type_conflict: v.fuel_type_conflict,
            is_active: v.active,
            compatible_download: v.compatible_download,
        }
    }
}

/// The body of a create (`Id` null) or an update (the whole group).
pub fn group_body(group: &Group) -> String {
    let body = CustomerGroupDto {
        id: group.id,
        customer_id: group.customer_id,
        name: Some(group.name.clone()),
        profil_eco_drive_id: group.eco_profile_id,
        vehicles: group.vehicles.iter().map(VehicleLightDto::from).collect(),
    };
    serde_json::to_string(&body).unwrap_or_default()
}

pub fn decode_group(body: &str) -> Result<Decoded<Group>, ApiError> {
    decode_object(body)
}

/// What a create or update answered.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveOutcome {
    /// `IsValid: true`; the group as the vendor returned it, when it did.
    Saved { id: Option<Uuid>, group: Option<Group> },
    /// `IsValid: false`: the vendor's own sentences, each naming its field
    /// (none when the vendor gave no reason).
    Invalid(Vec<String>),
}

pub fn decode_save(body: &str) -> Result<SaveOutcome, ApiError> {
    let dto = decode_object::<ResponseDto>(body)?.value;
    let group = dto.data;
    match dto.is_valid {
        Some(true) => Ok(SaveOutcome::Saved { id: group.as_ref().and_then(|g| g.id), group }),
        Some(false) => Ok(SaveOutcome::Invalid(dto.errors)),
        None => Err(ApiError::Decode { path: "$.IsValid".into(), reason: "missing".into() }),
    }
}

impl Vehizen {
    pub fn new(config: &AppConfig) -> Self {
        Vehizen { base_url: config.vendors.vehizen.base_url.clone(), timeout_ms: config.request_timeout_ms }
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
mod tests {
    use super::*;
    use crate::domain::groups::{CameraType, MalfunctionLevel, VehicleRecordState, VehicleState};
    use std::collections::BTreeSet;

    const GET_SAMPLE: &str = include_str!("../../fixtures/vehizen-customergroup-get.json");
    const POST_SAMPLE: &str = include_str!("../../fixtures/vehizen-customergroup-post-request.json");

    fn uuid(s: &str) -> Option<Uuid> {
        Some(Uuid::parse_str(s).expect("test GUID"))
    }

    fn at(s: &str) -> Option<Timestamp> {
        Some(super::super::json::parse_timestamp(s).expect("test time"))
    }

    #[test]
    fn get_sample_decodes_with_every_field() {
        let d = decode_group(GET_SAMPLE).expect("decodes");
        assert!(d.warnings.is_empty(), "{:?}", d.warnings);
        let g = d.value;
        assert_eq!(g.id, uuid("e55ab6e7-1056-4ab3-bd03-247f4b0efdd1"));
        assert_eq!(g.customer_id, uuid("1090d952-1b60-4659-9910-2b99f8aec2ac"));
        assert_eq!(g.name, "sample string 2");
        assert_eq!(g.eco_profile_id, uuid("c690397d-f0d4-4f3f-bb39-e12af58ba74c"));
        assert_eq!(g.vehicles.len(), 2);
        let t = at("2026-01-18T19:47:42.416748+00:00");
        let expected = GroupVehicle {
            id: uuid("97f5a8be-6361-4d52-be22-6671cd96888e"),
            ws_id: Some(1),
            customer_id: uuid("1a9f69af-0bef-4bf6-b941-2ef09da4fd1b"),
            plate: Some("sample string 15".into()),
            government_id: None,
            name: Some("sample string 16".into()),
            full_name: Some("sample string 16 (sample string 15)".into()),
            vehicle_type: Some("sample string 17".into()),
            brand: Some("sample string 18".into()),
            model: Some("sample string 19".into()),
            vin: Some("sample string 4".into()),
            utility: Some("Porteur".into()),
            job_activity: Some("sample string 6".into()),
            agency_id: uuid("b672ce75-6d25-46b0-933c-a987b50e5d79"),
            agency_name: Some("sample string 2".into()),
            group_id: uuid("d82f3506-60bd-4850-a86a-75ebf47ff6c7"),
            group_name: Some("sample string 3".into()),
            in_service_since: t,
            renting: Some(true),
            lease_start: t,
            lease_end: t,
            lease_start_km: Some(1),
            lease_end_km: Some(1),
            external_interface_id: uuid("c30bf2e0-a3a2-4ee0-9560-5cabb00d6a9a"),
            external_interfaces: vec![
                ExternalInterface {
                    id: uuid("232b2737-998b-4b0d-9557-29ff12c7a232"),
                    customer_id: uuid("65527435-ba62-4c05-915f-b7d068f716e1"),
                    name: Some("sample string 3".into())
                };
                2
            ],
            mobile_unit_id: uuid("aefacdff-f669-48eb-b405-e33d38cbac85"),
            mobile_unit_name: Some("sample string 9".into()),
            imei: Some("sample string 10".into()),
            camera: Some(Coded::Known(CameraType::WithoutCamera)),
            no_geolocation: Some(true),
            compatible_download: Some(true),
            tacho_speed_limit: Some(1),
            state: Some(Coded::Known(VehicleRecordState::Active)),
            vehicle_state: Some(Coded::Known(VehicleState::Active)),
            active: Some(true),
            malfunction: Some(Coded::Known(MalfunctionLevel::None)),
            malfunction_changed_at: t,
            has_malfunction_history: None,
            maintenance_due: None,
            mileage_km: Some(12),
            mileage_reported_at: t,
            mileage_at_assignment_km: Some(13),
            fuel_name: Some("sample string 20".into()),
            fuel_type_id: Some(1),
            fuel_type_id_synthesis: Some(1),
            fuel_type_conflict: Some(true),
            theoretical_consumption: Some(1.1),
            tank_volume: Some(1.0),
            tolerance: Some(8.0),
            total_fuel_used: Some(11.1),
            can_fuel_report_at: t,
        };
        assert_eq!(g.vehicles[0], expected);
    }

    #[test]
    fn post_sample_decodes_with_its_three_extra_fields() {
        let d = decode_group(POST_SAMPLE).expect("decodes");
        assert!(d.warnings.is_empty(), "{:?}", d.warnings);
        let v = &d.value.vehicles[0];
        assert_eq!(v.government_id.as_deref(), Some("sample string 16"));
        assert_eq!(v.has_malfunction_history, Some(true));
        assert_eq!(v.maintenance_due, Some(true));
        assert_eq!(v.name.as_deref(), Some("sample string 17"));
        match v.in_service_since {
            Some(Timestamp::At(t)) => assert_eq!(t.timestamp_subsec_nanos(), 929_057_800),
            other => panic!("{other:?}"),
        }
    }

    fn keys(v: &serde_json::Value) -> BTreeSet<String> {
        v.as_object().map(|o| o.keys().cloned().collect()).unwrap_or_default()
    }

    #[test]
    fn request_body_has_exactly_the_documented_keys() {
        let sample: serde_json::Value = serde_json::from_str(POST_SAMPLE).expect("sample");
        let group = decode_group(POST_SAMPLE).expect("decodes").value;
        let sent: serde_json::Value = serde_json::from_str(&group_body(&group)).expect("our body is JSON");
        assert_eq!(keys(&sent), keys(&sample));
        assert_eq!(keys(&sent["Vehicles"][0]), keys(&sample["Vehicles"][0]));
        assert_eq!(
            keys(&sent["Vehicles"][0]["ExternalInterfaces"][0]),
            keys(&sample["Vehicles"][0]["ExternalInterfaces"][0])
        );
    }

    #[test]
    fn an_update_writes_back_what_it_read() {
        let sample: serde_json::Value = serde_json::from_str(POST_SAMPLE).expect("sample");
        let group = decode_group(POST_SAMPLE).expect("decodes").value;
        let sent: serde_json::Value = serde_json::from_str(&group_body(&group)).expect("our body is JSON");
        assert_eq!(sent, sample);
    }

    #[test]
    fn create_sends_a_null_id() {
        let group = Group { name: "Nouveau".into(), ..Group::default() };
        let sent: serde_json::Value = serde_json::from_str(&group_body(&group)).expect("JSON");
        assert_eq!(sent["Id"], serde_json::Value::Null);
        assert_eq!(sent["Vehicles"], serde_json::json!([]));
    }

    #[test]
    fn response_dto_valid_and_invalid() {
        assert_eq!(
            decode_save(r#"{"IsValid":false,"Errors":["Name : le nom du groupe est obligatoire."],"Data":null}"#),
            Ok(SaveOutcome::Invalid(vec!["Name : le nom du groupe est obligatoire.".into()]))
        );
        let sample = include_str!("../../fixtures/vehizen-responsedto.json");
        assert_eq!(decode_save(sample), Ok(SaveOutcome::Saved { id: None, group: None }));
        let with_group = format!(r#"{{"IsValid":true,"Errors":[],"Data":{GET_SAMPLE}}}"#);
        match decode_save(&with_group) {
            Ok(SaveOutcome::Saved { id, group: Some(g) }) => {
                assert_eq!(id, uuid("e55ab6e7-1056-4ab3-bd03-247f4b0efdd1"));
                assert_eq!(g.vehicles.len(), 2);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn unknown_enum_values_and_names_are_kept() {
        let body = r#"{"Id":"e55ab6e7-1056-4ab3-bd03-247f4b0efdd1","Name":"g","Vehicles":[
            {"VehicleId":"97f5a8be-6361-4d52-be22-6671cd96888e","MalfunctionLevel":3,"CameraType":"WITH_CAMERA","State":"Active"}]}"#;
        let g = decode_group(body).expect("decodes").value;
        let v = &g.vehicles[0];
        assert_eq!(v.malfunction, Some(Coded::Unknown("3".into())));
        assert_eq!(v.camera, Some(Coded::Unknown("WITH_CAMERA".into())));
        assert_eq!(v.state, Some(Coded::Known(VehicleRecordState::Active)));
        let sent: serde_json::Value = serde_json::from_str(&group_body(&g)).expect("JSON");
        assert_eq!(sent["Vehicles"][0]["MalfunctionLevel"], 3);
        assert_eq!(sent["Vehicles"][0]["CameraType"], "WITH_CAMERA");
    }
}
