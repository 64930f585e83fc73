use std::collections::BTreeSet;

use super::*;
use crate::domain::common::Timestamp;
use crate::vendors::tolerant::parse_timestamp;

fn at(s: &str) -> Option<Timestamp> {
    Some(parse_timestamp(s).expect("test time"))
}

fn s(v: &str) -> Option<String> {
    Some(v.to_string())
}

/// `individu` / `chauffeur` as both samples fill it.
fn sample_person() -> Person {
    Person {
        id: Some(0),
        first_name: s("string"),
        last_name: s("string"),
        initials: s("string"),
        staff_number: s("string"),
        email: s("string"),
        phone: s("string"),
        civility_id: Some(0),
        deleted: Some(true),
    }
}

fn ocean() -> Ocean {
    let config = crate::config::parse_config(include_str!("../../../public/config.json")).expect("config");
    Ocean::new(&config.vendors.ocean, config.request_timeout_ms)
}

fn keys(v: &serde_json::Value) -> BTreeSet<String> {
    v.as_object().map(|o| o.keys().cloned().collect()).unwrap_or_default()
}

#[test]
fn nearest_sample_decodes_what_the_console_shows() {
    let d = decode_nearest(include_str!("../../../fixtures/ocean-nearest-vehicles.json")).expect("decodes");
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    assert_eq!(d.value.len(), 1);
    let t = at("2024-12-18T11:05:38.972Z");
    let expected = NearbyVehicle {
        vehicle: NearbyVehicleInfo {
            id: Some(0),
            category: s("UNDEFINED"),
            description: s("string"),
            privacy: Some(true),
            deleted: Some(true),
        },
        address: Some(Address { text: s("string"), latitude: Some(0.0), longitude: Some(0.0), poi_name: s("string") }),
        distance: Some(0.0),
        duration: Some(0.0),
        eta: t,
        mobile_state: s("UNDEFINED"),
        position_at: t,
        gps_fix: Some(true),
        group: Some(VehicleGroupRef { id: Some(0), description: s("string"), deleted: Some(true) }),
        immobilisation: s("LOCKED"),
        driver: Some(sample_person()),
        record: None,
    };
    assert_eq!(d.value[0], expected);
}

#[test]
fn the_fast_path_reads_exactly_what_the_tolerant_reader_reads() {
    let sample: serde_json::Value =
        serde_json::from_str(include_str!("../../../fixtures/ocean-nearest-vehicles.json")).expect("sample");
    let bodies = crate::vendors::strict::every_value_replaced(&sample);
    assert!(bodies.len() > 900, "{} mutations", bodies.len());
    let mut refused = 0;
    for body in bodies {
        let text = body.to_string();
        let tolerant = crate::vendors::tolerant::decode_list::<NearbyVehicle>(&text);
        assert_eq!(decode_nearest(&text), tolerant, "{text}");
        let item = body.as_array().and_then(|a| a.first()).map(|i| i.to_string()).unwrap_or_default();
        match fast::nearby_vehicle(&item) {
            crate::vendors::list_stream::FastItem::Read(..) => {
                assert!(tolerant.is_ok_and(|d| d.warnings.is_empty()), "fast path read what warns: {text}")
            }
            _ => refused += 1,
        }
    }
    // Some mutations are for the tolerant reader, some are not.
    assert!(refused > 100, "{refused} refused");
}

#[test]
fn vehicles_sample_decodes_with_every_field() {
    let d = decode_vehicles(include_str!("../../../fixtures/ocean-vehicles.json")).expect("decodes");
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    let t = at("2024-12-17T16:14:51.577Z");
    let expected = VehicleDetails {
        device: Some(TelematicsBox {
            id: Some(0),
            ad: s("string"),
            comment: s("string"),
            gsm_number: s("string"),
            warranty_start: t,
            warranty_end: t,
            state_id: Some(0),
            imei: s("string"),
            serial_number: s("string"),
            sn: s("string"),
        }),
        driver: Some(sample_person()),
        co2_emission: Some(0.0),
        entity: Some(Entity { id: 0, name: "string".into(), deleted: Some(true) }),
        odometer: Some(OdometerReading { id: Some(0), at: t, value: Some(0.0) }),
        adjusted_odometer: Some(OdometerReading { id: Some(0), at: t, value: Some(0.0) }),
        vehicle: Some(VehicleRecord {
            id: Some(0),
            plate: s("string"),
            vin: s("string"),
            make: s("string"),
            model: s("string"),
            category: s("UNDEFINED"),
            eco_driving_category: s("UL"),
            eco_driving_state: s("ACTIF"),
            colour: s("string"),
            description: s("string"),
            first_registration: t,
            fleet_number: s("string"),
            serial_number: s("string"),
            on_board_number: Some(0),
            fiscal_horsepower: Some(0),
            co2_emission: Some(0.0),
            consumption: Some(0.0),
            energy_id: Some(0),
            travel_mode_id: Some(0),
            consumption_unit_id: Some(0),
            motorisation: s("MONO"),
            apc_mode: s("GPS"),
            odirect_mode: s("ODIRECT_UNIVERSEL"),
            image: s("string"),
            distinguishing_marks: s("string"),
            prk: Some(0.0),
            asset_type: Some(AssetType {
                id: Some(0),
                category: s("UNDEFINED"),
                label: s("string"),
                icon: s("string"),
                order: Some(0),
            }),
            device_before_circuit_breaker: Some(true),
            overspeed_buzzer: Some(true),
            battery_cut_off: Some(true),
            door_detection: Some(true),
            dio: Some(true),
            identification_device: Some(true),
            geolocated: Some(true),
            geomission: Some(true),
            geosecurity: Some(true),
            wired_immobilisation: Some(true),
            privacy: Some(true),
            deleted: Some(true),
        }),
        visits: vec![MaintenanceVisit { id: Some(0), description: s("string"), due_date: t, due_odometer: Some(0.0) }],
    };
    assert_eq!(d.value, vec![expected]);
}

#[test]
fn entities_and_login_answers_decode() {
    let d = decode_entities(include_str!("../../../fixtures/ocean-entities.json")).expect("decodes");
    assert_eq!(d.value, vec![Entity { id: 0, name: "string".into(), deleted: None }]);
    let signed_in = decode_object::<SignedIn>(include_str!("../../../fixtures/ocean-authenticate2-response.json"))
        .expect("decodes");
    assert_eq!(signed_in.value.token, "...");
    assert_eq!(signed_in.value.password_days_left, Some(0));
    assert!(matches!(decode_object::<SignedIn>(r#"{"token":""}"#), Err(ApiError::Decode { .. })));
}

#[test]
fn request_bodies_have_exactly_the_documented_keys() {
    let login: serde_json::Value = serde_json::from_str(&authenticate_body("demo", "secret")).expect("JSON");
    let documented: serde_json::Value =
        serde_json::from_str(include_str!("../../../fixtures/ocean-authenticate2-request.json")).expect("fixture");
    assert_eq!(keys(&login), keys(&documented));

    let q = NearestQuery {
        customer_id: None,
        lat: 48.85,
        lon: 2.35,
        radius: 10,
        mode: ComputeMode::ByRoad,
        results_limit: Some(3),
    };
    let (_, body) = ocean().nearest_request(&q);
    let body: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    let documented: serde_json::Value =
        serde_json::from_str(include_str!("../../../fixtures/ocean-nearest-vehicles-request.json")).expect("fixture");
    assert_eq!(keys(&body), keys(&documented));
    assert_eq!(body["computeMode"], "PAR_ROUTE");
}

#[test]
fn results_limit_is_sent_only_by_road() {
    let mut q = NearestQuery {
        customer_id: None,
        lat: 48.85,
        lon: 2.35,
        radius: 10,
        mode: ComputeMode::CrowFlies,
        results_limit: Some(3),
    };
    let (u, body) = ocean().nearest_request(&q);
    assert_eq!(u, "/vendors/ocean/vehicule_engin/nearestVehicles?radius=10&latitude=48.85&longitude=2.35");
    assert_eq!(body, r#"{"computeMode":"VOL_OISEAU","radiusUnit":"KM"}"#);
    q.mode = ComputeMode::ByRoad;
    q.customer_id = Some(1002);
    let (u, _) = ocean().nearest_request(&q);
    assert!(u.ends_with("?customerId=1002&radius=10&latitude=48.85&longitude=2.35&resultsLimit=3"), "{u}");
}
