//! A refresh through the stream and the model, against the same answer read
//! afresh: what is kept must be exactly what a fresh read, conversion and
//! join give.

use std::sync::Arc;

use serde_json::{json, Value};

use super::super::arrived::Arrived;
use super::super::model::{Credentials, MapEvent, MapModel};
use crate::domain::common::DecodeWarning;
use crate::domain::fleet::{Fleet, ListedEntity, ListedVehicle, NearbyVehicle, StreamedVehicle};
use crate::domain::units::{to_metres_and_seconds, DistanceUnit, DurationUnit, UnitRules};
use crate::links::Search;
use crate::vendors::ocean::{fingerprinted_nearest_stream, Known};

fn me() -> Credentials {
    ("token".into(), None)
}

fn search() -> Search {
    Search::around(45.0, 5.0)
}

/// The docs' sample, as vehicle `id` seen `north` degrees north of the centre.
fn item(id: i64, north: f64) -> Value {
    let mut v: Value =
        serde_json::from_str::<Vec<Value>>(include_str!("../../../../fixtures/ocean-nearest-vehicles.json"))
            .expect("sample")
            .remove(0);
    v["vehicle"]["id"] = json!(id);
    v["vehicle"]["suppressionLogique"] = json!(false);
    v["address"]["latitude"] = json!(45.0 + north);
    v["address"]["longitude"] = json!(5.0);
    v["distance"] = json!((north * 111.2).round());
    v["duration"] = json!(id);
    v
}

fn body(items: &[Value]) -> String {
    Value::Array(items.to_vec()).to_string()
}

/// The answer streamed in small chunks (elements cut anywhere).
fn stream(body: &str, known: Known) -> (Vec<StreamedVehicle>, Vec<DecodeWarning>) {
    let mut s = fingerprinted_nearest_stream(known);
    for chunk in body.as_bytes().chunks(97) {
        s.push(chunk);
    }
    let d = s.finish().expect("decodes");
    (d.value, d.warnings)
}

fn fleet(plates: &[(i64, &str)]) -> Arc<Fleet> {
    let entry = |&(id, plate): &(i64, &str)| ListedVehicle {
        id,
        plate: Some(plate.into()),
        vin: None,
        fleet_number: None,
        description: None,
        entity: Some(ListedEntity { id: 1, name: "Agence".into() }),
        driver_name: None,
        private: false,
        deleted: false,
    };
    Arc::new(Fleet::new(plates.iter().map(entry).collect()))
}

/// What `calls.rs` does to a streamed answer before the model gets it.
fn answered(model: &mut MapModel, mut streamed: Vec<StreamedVehicle>, rules: UnitRules, warnings: Vec<DecodeWarning>) {
    to_metres_and_seconds(&mut streamed, (45.0, 5.0), search().mode, rules, None);
    let distance = |v: &StreamedVehicle| v.vehicle.distance.unwrap_or(f64::MAX);
    streamed.sort_by(|a, b| distance(a).total_cmp(&distance(b)));
    model.apply(MapEvent::Answered {
        session: me(),
        search: search(),
        answer: Ok((Arrived::new(streamed), warnings)),
        quiet: true,
        at_ms: 1.0,
    });
}

fn shown(model: &MapModel) -> Vec<NearbyVehicle> {
    model.results().map(|r| r.iter().cloned().collect()).unwrap_or_default()
}

const KM: UnitRules = UnitRules { distance: Some(DistanceUnit::Kilometres), duration: DurationUnit::Minutes };
const M: UnitRules = UnitRules { distance: Some(DistanceUnit::Metres), duration: DurationUnit::Seconds };

#[test]
fn a_refresh_reads_only_what_changed_and_keeps_exactly_what_a_fresh_read_gives() {
    let first: Vec<Value> = (1..=20).map(|id| item(id, id as f64 / 100.0)).collect();
    // 3 and 7 moved, 12 left, 21 appeared.
    let mut second: Vec<Value> = first.iter().filter(|v| v["vehicle"]["id"] != 12).cloned().collect();
    second[2] = item(3, 0.5);
    second[6] = item(7, 0.55);
    second.push(item(21, 0.6));
    for (rules_before, rules_after) in [(KM, KM), (KM, M), (M, KM)] {
        let mut refreshed = MapModel::default();
        let (streamed, warnings) = stream(&body(&first), refreshed.known(&me(), &search()));
        assert!(streamed.iter().all(|s| s.fingerprint.is_some()), "the fast path read every result");
        answered(&mut refreshed, streamed, rules_before, warnings);
        refreshed.apply(MapEvent::FleetRead(Some(Ok(fleet(&[(1, "AA-001"), (3, "AA-003")])))));
        // What the screen shows holds the answer, as the page's memo does.
        let on_screen = refreshed.results();
        let before = held(&refreshed);

        let (streamed, warnings) = stream(&body(&second), refreshed.known(&me(), &search()));
        let kept = streamed.iter().filter(|s| before.contains(&Arc::as_ptr(&s.vehicle))).count();
        assert_eq!((kept, streamed.len()), (17, 20), "only the moved and the new are read");
        // The list read again while the answer streamed: 1 (kept) and 3 (moved) have new plates.
        let new_list = fleet(&[(1, "ZZ-001"), (3, "ZZ-003"), (21, "AA-021")]);
        refreshed.apply(MapEvent::FleetRead(Some(Ok(new_list.clone()))));
        answered(&mut refreshed, streamed, rules_after, warnings);
        drop(on_screen);

        let mut fresh = MapModel::default();
        fresh.apply(MapEvent::FleetRead(Some(Ok(new_list))));
        let (streamed, warnings) = stream(&body(&second), Known::nothing());
        answered(&mut fresh, streamed, rules_after, warnings);
        assert_eq!(shown(&refreshed), shown(&fresh), "{rules_before:?} then {rules_after:?}");
        let changes = refreshed.changes().expect("a refresh");
        let ids = |v: &[Arc<NearbyVehicle>]| v.iter().filter_map(|v| v.vehicle.id).collect::<Vec<_>>();
        assert_eq!(ids(&changes.left), [12]);
        let marked: Vec<i64> =
            shown(&refreshed).iter().filter(|v| changes.of(v).is_some()).filter_map(|v| v.vehicle.id).collect();
        assert_eq!(marked, [3, 7, 21]);
    }
}

/// Where the answer shown holds each result.
fn held(model: &MapModel) -> Vec<*const NearbyVehicle> {
    model.results().map(|r| r.iter().map(|v| v as *const NearbyVehicle).collect()).unwrap_or_default()
}

#[test]
fn a_result_the_tolerant_reader_read_is_read_again_with_its_warning() {
    let mut odd = item(2, 0.02);
    odd["gpsCale"] = json!("oui");
    let answer = body(&[item(1, 0.01), odd]);
    let mut model = MapModel::default();
    let (streamed, warnings) = stream(&answer, model.known(&me(), &search()));
    assert_eq!((streamed[1].fingerprint, warnings.len()), (None, 1));
    answered(&mut model, streamed, M, warnings);
    assert_eq!(model.known(&me(), &search()).results, 2, "the next list is sized from this one");
    let (streamed, warnings) = stream(&answer, model.known(&me(), &search()));
    assert_eq!(warnings.len(), 1, "its warning is told again");
    assert!(streamed[0].fingerprint.is_some() && streamed[1].fingerprint.is_none());
    // Another search shares nothing.
    let elsewhere = model.known(&me(), &Search { radius_km: 99, ..search() });
    assert!((elsewhere.by_fingerprint)(streamed[0].fingerprint.expect("fingerprinted")).is_none());
    assert_eq!(elsewhere.results, 0, "nothing known of another search");
}

#[test]
fn an_answers_results_hold_no_more_room_than_they_need() {
    let mut streamed: Vec<StreamedVehicle> = Vec::with_capacity(4_096);
    let vehicle = Arc::new(NearbyVehicle::default());
    streamed.extend((0..1_000).map(|i| StreamedVehicle {
        vehicle: vehicle.clone(),
        fingerprint: Some(crate::domain::common::Fingerprint(i)),
    }));
    let (vehicles, kept) = super::super::kept::unzip(streamed);
    assert_eq!((vehicles.len(), vehicles.capacity(), kept.len()), (1_000, 1_000, 1_000));
}
