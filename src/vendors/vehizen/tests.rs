use serde_json::{json, Value};
use uuid::Uuid;

use super::fields::VEHICLE_FIELDS;
use super::*;
use crate::domain::common::{Coded, Timestamp};
use crate::domain::groups::{FieldValue, GroupVehicle, VehicleFact, VehicleField};

const GET_SAMPLE: &str = include_str!("../../../fixtures/vehizen-customergroup-get.json");
const POST_SAMPLE: &str = include_str!("../../../fixtures/vehizen-customergroup-post-request.json");

fn uuid(s: &str) -> Uuid {
    Uuid::parse_str(s).expect("test GUID")
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).expect("JSON")
}

#[test]
fn get_sample_decodes_what_the_screens_use() {
    let d = decode_group(GET_SAMPLE).expect("decodes");
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    let g = d.value;
    assert_eq!(g.id, Some(uuid("e55ab6e7-1056-4ab3-bd03-247f4b0efdd1")));
    assert_eq!(g.customer_id, Some(uuid("1090d952-1b60-4659-9910-2b99f8aec2ac")));
    assert_eq!(g.name, "sample string 2");
    assert_eq!(g.eco_profile_id, Some(uuid("c690397d-f0d4-4f3f-bb39-e12af58ba74c")));
    assert_eq!(g.vehicles.len(), 2);
    let v = &g.vehicles[0];
    assert_eq!(v.id, Some(uuid("97f5a8be-6361-4d52-be22-6671cd96888e")));
    assert_eq!((v.read_at, g.vehicles[1].read_at), (Some(0), Some(1)));
    assert_eq!(v.plate.as_deref(), Some("sample string 15"));
    assert_eq!(v.name.as_deref(), Some("sample string 16"));
    assert_eq!((v.brand.as_deref(), v.model.as_deref()), (Some("sample string 18"), Some("sample string 19")));
    assert_eq!(v.vin.as_deref(), Some("sample string 4"));
    assert_eq!(v.imei.as_deref(), Some("sample string 10"));
    assert_eq!(v.fuel_name.as_deref(), Some("sample string 20"));
    assert_eq!(v.vehicle_state, Some(Coded::Known(VehicleState::Active)));
    assert_eq!(v.malfunction, Some(Coded::Known(MalfunctionLevel::None)));
    assert_eq!(v.mileage_km, Some(12));
    assert!(matches!(v.mileage_reported_at, Some(Timestamp::At(_))));
    // The record is the item's text, exactly.
    assert_eq!(json(v.record.text()), json(GET_SAMPLE)["Vehicles"][0]);
    assert!(GET_SAMPLE.contains(v.record.text()));
}

#[test]
fn details_list_every_field_of_the_record_typed_in_the_vendors_order() {
    let g = decode_group(POST_SAMPLE).expect("decodes").value;
    let fields = vehicle_fields(&g.vehicles[0]);
    let sample = json(POST_SAMPLE);
    let keys: Vec<&String> = sample["Vehicles"][0].as_object().expect("object").keys().collect();
    assert_eq!(fields.len(), keys.len());
    assert_eq!(fields.len(), VEHICLE_FIELDS.len(), "the table has every documented key");
    // Every documented field reads as its documented type, never "as sent".
    assert!(fields.iter().all(|(f, v)| matches!(f, VehicleField::Known(_)) && !matches!(v, FieldValue::AsSent(_))));
    assert!(fields.contains(&(VehicleField::Known(VehicleFact::TankVolume), FieldValue::Decimal(1.0))));
    assert!(fields.contains(&(VehicleField::Known(VehicleFact::MaintenanceDue), FieldValue::Flag(true))));
    assert!(fields.contains(&(
        VehicleField::Known(VehicleFact::Camera),
        FieldValue::Camera(Coded::Known(CameraType::WithoutCamera))
    )));
}

#[test]
fn undocumented_and_mistyped_fields_are_shown_as_sent() {
    let body = r#"{"Id":"e55ab6e7-1056-4ab3-bd03-247f4b0efdd1","Name":"g","Vehicles":[
        {"VehicleId":"97f5a8be-6361-4d52-be22-6671cd96888e","Co2Class":"C","Tags":[1,2],"Milestone":"lots","MalfunctionLevel":3}]}"#;
    let g = decode_group(body).expect("decodes").value;
    let fields = vehicle_fields(&g.vehicles[0]);
    assert_eq!(
        fields[1..],
        [
            (VehicleField::Undocumented("Co2Class".into()), FieldValue::Text("C".into())),
            (VehicleField::Undocumented("Tags".into()), FieldValue::AsSent("[1,2]".into())),
            (VehicleField::Known(VehicleFact::MileageKm), FieldValue::Text("lots".into())),
            (VehicleField::Known(VehicleFact::Malfunction), FieldValue::Malfunction(Coded::Unknown("3".into()))),
        ]
    );
}

#[test]
fn an_update_writes_back_what_it_read() {
    for sample in [GET_SAMPLE, POST_SAMPLE] {
        let group = decode_group(sample).expect("decodes").value;
        assert_eq!(json(&group_body(&group)), json(sample));
    }
}

/// A group whose vehicles carry undocumented fields, partial objects and
/// numbers written with digits a re-encoding would lose, one vehicle with a
/// broken `VehicleId`, and one item that is not a vehicle at all.
const HELD_OUT: &str = r#"{"Id":"e55ab6e7-1056-4ab3-bd03-247f4b0efdd1","CustomerId":"1090d952-1b60-4659-9910-2b99f8aec2ac","Name":"Livraisons","Extra":{"Since":2024},"Vehicles":[
 {"VehicleId":"00000000-0000-0000-0000-000000000001","LicencePlate":"AB-123-CD","Name":"Kangoo"},
 {"VehicleId":"00000000-0000-0000-0000-000000000002","TheoreticalConsumption":16.50,"Co2Class":"C","CustomerGroupId":"e55ab6e7-1056-4ab3-bd03-247f4b0efdd1","CustomerGroupName":"Livraisons","Tags":["a"]},
 "ghost",
 {"VehicleId":"not a guid","LicencePlate":"ZZ-999-ZZ"}
]}"#;

#[test]
fn removing_a_vehicle_leaves_every_other_one_byte_for_byte_and_adds_no_key() {
    let d = decode_group(HELD_OUT).expect("decodes");
    let paths: Vec<&str> = d.warnings.iter().map(|w| w.path.as_str()).collect();
    assert_eq!(paths, ["$.Vehicles[2]"]);
    let mut group = d.value;
    assert_eq!(group.vehicles.len(), 3);
    let kept = group.vehicles[1].record.text().to_string();
    group.vehicles.remove(0);
    let body = group_body(&group);
    assert!(body.contains(&kept), "{body}");
    assert!(body.contains("16.50"));
    let sent = json(&body);
    let read = json(HELD_OUT);
    // The unreadable item goes back untouched, where it was; the group's
    // unknown key too.
    assert_eq!(sent["Vehicles"], json!([read["Vehicles"][1], "ghost", read["Vehicles"][3]]));
    assert_eq!(sent["Extra"], json!({"Since": 2024}));
    // No ProfilEcoDriveId was read and none is set: none is sent.
    assert!(sent.get("ProfilEcoDriveId").is_none());
    assert!(!body.contains("null"), "{body}");
}

#[test]
fn a_vehicle_without_a_vehicle_id_is_listed_read_only_and_written_back_as_read() {
    let group = decode_group(HELD_OUT).expect("decodes").value;
    let v = &group.vehicles[2];
    assert_eq!((v.id, v.plate.as_deref(), v.read_at), (None, Some("ZZ-999-ZZ"), Some(3)));
    assert!(!v.can_move() && group.vehicles[0].can_move());
    assert_eq!(json(&group_body(&group)), json(HELD_OUT));
}

#[test]
fn of_two_rows_sharing_a_vehicle_id_only_the_one_removed_is_left_out() {
    let body = r#"{"Id":"e55ab6e7-1056-4ab3-bd03-247f4b0efdd1","Name":"g","Vehicles":[
        {"VehicleId":"00000000-0000-0000-0000-000000000001","LicencePlate":"HX-100-AA","Odd":1.50},
        {"VehicleId":"00000000-0000-0000-0000-000000000001","LicencePlate":"HX-101-AA"},
        {"VehicleId":"00000000-0000-0000-0000-000000000003","LicencePlate":"HX-103-AA"}]}"#;
    for removed in [0, 1] {
        let mut group = decode_group(body).expect("decodes").value;
        let gone = group.vehicles.remove(removed);
        let sent = group_body(&group);
        let read = json(body);
        let expected: Vec<&Value> = (0..3).filter(|i| *i != removed).map(|i| &read["Vehicles"][i]).collect();
        assert_eq!(json(&sent)["Vehicles"], json!(expected), "removing {}", gone.label());
        assert!(!sent.contains(gone.plate.as_deref().unwrap_or("?")));
        assert_eq!(sent.contains("1.50"), removed == 1);
    }
}

#[test]
fn a_vehicle_moved_in_changes_only_its_group_fields() {
    let mut group = decode_group(HELD_OUT).expect("decodes").value;
    let other = r#"{"Id":"9d6b1f2e-0000-4000-8000-000000000009","Name":"Ailleurs","Vehicles":[
        {"VehicleId":"00000000-0000-0000-0000-000000000007","Extra":1.10,"CustomerGroupId":"9d6b1f2e-0000-4000-8000-000000000009","CustomerGroupName":"Ailleurs","LicencePlate":"EF-456-GH"},
        {"VehicleId":"00000000-0000-0000-0000-000000000008","LicencePlate":"IJ-789-KL"}]}"#;
    let other = decode_group(other).expect("decodes").value;
    group.vehicles.extend(other.vehicles.iter().map(GroupVehicle::brought_in));
    group.name = "Livraisons Nord".into();
    let body = group_body(&group);
    let sent = json(&body);
    let moved = &sent["Vehicles"][4];
    assert_eq!(moved["CustomerGroupId"], "e55ab6e7-1056-4ab3-bd03-247f4b0efdd1");
    assert_eq!(moved["CustomerGroupName"], "Livraisons Nord");
    assert!(body.contains(r#""Extra":1.10,"#));
    let mut expected = json(other.vehicles[0].record.text());
    expected["CustomerGroupId"] = json!("e55ab6e7-1056-4ab3-bd03-247f4b0efdd1");
    expected["CustomerGroupName"] = json!("Livraisons Nord");
    assert_eq!(moved, &expected);
    // A partial vehicle without group fields gets none.
    assert_eq!(sent["Vehicles"][5], json(other.vehicles[1].record.text()));
    // The vehicles that were already members are untouched.
    assert_eq!(sent["Vehicles"][1]["CustomerGroupName"], "Livraisons");
    assert_eq!(sent["Name"], "Livraisons Nord");
}

#[test]
fn the_eco_profile_becomes_null_only_when_the_user_clears_it() {
    let mut group = decode_group(GET_SAMPLE).expect("decodes").value;
    group.eco_profile_id = None;
    assert_eq!(json(&group_body(&group))["ProfilEcoDriveId"], Value::Null);
    let set = uuid("c690397d-f0d4-4f3f-bb39-e12af58ba74c");
    let mut bare = decode_group(HELD_OUT).expect("decodes").value;
    bare.eco_profile_id = Some(set);
    assert_eq!(json(&group_body(&bare))["ProfilEcoDriveId"], set.to_string());
}

#[test]
fn create_sends_the_documented_shape_with_a_null_id() {
    let group = Group { name: "Nouveau".into(), ..Group::default() };
    let sent = json(&group_body(&group));
    let keys: Vec<&String> = sent.as_object().expect("object").keys().collect();
    let sample = json(POST_SAMPLE);
    let documented: Vec<&String> = sample.as_object().expect("object").keys().collect();
    assert_eq!(keys.len(), documented.len());
    assert!(keys.iter().all(|k| documented.contains(k)));
    assert_eq!(sent["Id"], Value::Null);
    assert_eq!(sent["Vehicles"], json!([]));
}

#[test]
fn response_dto_valid_and_invalid() {
    assert_eq!(
        decode_save(r#"{"IsValid":false,"Errors":["Name : le nom du groupe est obligatoire."],"Data":null}"#),
        Ok(SaveOutcome::Invalid(vec!["Name : le nom du groupe est obligatoire.".into()]))
    );
    let sample = include_str!("../../../fixtures/vehizen-responsedto.json");
    assert_eq!(decode_save(sample), Ok(SaveOutcome::Saved { id: None }));
    let with_group = format!(r#"{{"IsValid":true,"Errors":[],"Data":{GET_SAMPLE}}}"#);
    assert_eq!(
        decode_save(&with_group),
        Ok(SaveOutcome::Saved { id: Some(uuid("e55ab6e7-1056-4ab3-bd03-247f4b0efdd1")) })
    );
}

#[test]
fn unknown_enum_values_are_kept_and_written_as_sent() {
    let body = r#"{"Id":"e55ab6e7-1056-4ab3-bd03-247f4b0efdd1","Name":"g","Vehicles":[
        {"VehicleId":"97f5a8be-6361-4d52-be22-6671cd96888e","MalfunctionLevel":3,"CameraType":"WITH_CAMERA","VehicleState":"Active"}]}"#;
    let g = decode_group(body).expect("decodes").value;
    let v = &g.vehicles[0];
    assert_eq!(v.malfunction, Some(Coded::Unknown("3".into())));
    assert_eq!(v.vehicle_state, Some(Coded::Known(VehicleState::Active)));
    let sent = json(&group_body(&g));
    assert_eq!(sent["Vehicles"][0]["MalfunctionLevel"], 3);
    assert_eq!(sent["Vehicles"][0]["CameraType"], "WITH_CAMERA");
}

#[test]
fn vehicles_that_are_not_a_list_are_a_warning_and_go_back_as_read() {
    let body = r#"{"Id":"e55ab6e7-1056-4ab3-bd03-247f4b0efdd1","Name":"g","Vehicles":"none"}"#;
    let d = decode_group(body).expect("decodes");
    assert!(d.value.vehicles.is_empty());
    assert_eq!(d.warnings[0].path, "$.Vehicles");
    // A rename does not wipe what could not be read.
    let mut group = d.value;
    group.name = "h".into();
    assert_eq!(json(&group_body(&group))["Vehicles"], "none");
}
