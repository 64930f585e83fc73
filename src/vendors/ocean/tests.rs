use std::collections::BTreeSet;

use super::*;
use crate::domain::common::Timestamp;
use crate::vendors::tolerant::parse_timestamp;

fn at(s: &str) -> Option<Timestamp> {
    Some(parse_timestamp(s).expect("test time"))
}

fn s<T: for<'a> From<&'a str>>(v: &str) -> Option<T> {
    Some(v.into())
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

mod shared_texts;

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
        listed: Default::default(),
        as_sent: AsSent { distance: Some(0.0), duration: Some(0.0) },
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

const VEHICLES_SAMPLE: &str = include_str!("../../../fixtures/ocean-vehicles.json");

#[test]
fn the_vehicle_list_keeps_what_the_docs_sample_says_under_its_keys() {
    let d = decode_fleet(VEHICLES_SAMPLE).expect("decodes");
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    let expected = ListedVehicle {
        id: 0,
        plate: Some("string".into()),
        vin: Some("string".into()),
        fleet_number: Some("string".into()),
        description: Some("string".into()),
        entity: Some(ListedEntity { id: 0, name: "string".into() }),
        driver_name: Some("string string".into()),
        private: true,
        deleted: true,
    };
    assert_eq!(d.value, vec![expected]);
    // The docs' element is the fast path's: the sample's keys are its keys.
    let sample: serde_json::Value = serde_json::from_str(VEHICLES_SAMPLE).expect("sample");
    let element = sample[0].to_string();
    assert!(matches!(listed::listed_vehicle(&element), crate::vendors::list_stream::FastItem::Read(Some(_), _)));
}

#[test]
fn the_listed_fast_path_agrees_with_the_tolerant_reader() {
    let sample: serde_json::Value = serde_json::from_str(VEHICLES_SAMPLE).expect("sample");
    let bodies = crate::vendors::strict::every_value_replaced(&sample);
    assert!(bodies.len() > 700, "{} mutations", bodies.len());
    let mut refused = 0;
    for body in bodies {
        let text = body.to_string();
        let tolerant = crate::vendors::tolerant::decode_list::<ListedVehicle>(&text);
        assert_eq!(decode_fleet(&text), tolerant, "{text}");
        let item = body.as_array().and_then(|a| a.first()).map(|i| i.to_string()).unwrap_or_default();
        match listed::listed_vehicle(&item) {
            crate::vendors::list_stream::FastItem::Read(read, _) => {
                let tolerant = tolerant.expect("read");
                assert!(tolerant.warnings.is_empty(), "fast path read what warns: {text}");
                assert_eq!(read.into_iter().collect::<Vec<_>>(), tolerant.value, "{text}");
            }
            _ => refused += 1,
        }
    }
    // Some mutations are for the tolerant reader (on the keys kept), most
    // are not (every other key of the record is skipped).
    assert!(refused > 50, "{refused} refused");
}

#[test]
fn vehicles_of_one_entity_share_one_name() {
    let vehicle = |id: i64, vin: serde_json::Value| serde_json::json!({"entite": {"id": 3, "nom": "Agence Lyon"}, "vehicle": {"id": id, "vin": vin}});
    // The second element is odd (a number for a VIN): the tolerant reader's.
    let body = serde_json::json!([vehicle(1, "VF1".into()), vehicle(2, 7.into()), vehicle(3, "VF3".into())]);
    let d = decode_fleet(&body.to_string()).expect("decodes");
    assert_eq!(d.warnings.len(), 1, "{:?}", d.warnings);
    let names: Vec<&std::sync::Arc<str>> = d.value.iter().filter_map(|v| v.entity.as_ref().map(|e| &e.name)).collect();
    assert_eq!(names.len(), 3);
    assert_eq!(&*names[0].clone(), "Agence Lyon");
    assert!(std::sync::Arc::ptr_eq(names[0], names[1]) && std::sync::Arc::ptr_eq(names[0], names[2]));
}

#[test]
fn the_list_leaves_out_what_cannot_be_joined() {
    let body =
        r#"[{"vehicle": {"immatriculation": "AB-123-CD"}}, {"entite": {"nom": "x"}, "vehicle": {"id": 4}}, null]"#;
    let d = decode_fleet(body).expect("decodes");
    // No vehicle id: left out, and said; an entity without an id: none.
    assert_eq!(d.value.iter().map(|v| (v.id, v.entity.clone())).collect::<Vec<_>>(), [(4, None)]);
    let paths: Vec<&str> = d.warnings.iter().map(|w| w.path.as_str()).collect();
    assert_eq!(paths, ["$[0]", "$[1].entite"]);
}

#[test]
fn one_vehicle_is_read_by_its_plate_as_listed() {
    let o = ocean();
    assert_eq!(o.by_plate_url(None, "AB-123-CD"), "/vendors/ocean/vehicule_engin/vehicles?immatriculation=AB-123-CD");
    assert_eq!(
        o.by_plate_url(Some(1002), " ab 12/3&x"),
        "/vendors/ocean/vehicule_engin/vehicles?customerId=1002&immatriculation=%20ab%2012%2F3%26x"
    );
}
