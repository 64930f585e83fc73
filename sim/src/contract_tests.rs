//! The simulator's answers have exactly the keys (and casing) of the vendor
//! docs' samples in `fixtures/`, checked through the real routes.

use axum::{body::Body, http::Request, Router};
use clap::Parser;
use serde_json::{json, Value};
use tower::ServiceExt;

use crate::{build, Args};

fn fixture(name: &str) -> Value {
    let path = format!("{}/../fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn sim() -> Router {
    build(&Args::parse_from(["fleet-sim", "--drivers", "40", "--vehicles", "200", "--live-every", "0"])).0
}

async fn call(app: &Router, method: &str, uri: &str, headers: &[(&str, &str)], body: Option<Value>) -> (u16, Value) {
    let mut req = Request::builder().method(method).uri(uri);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    if body.is_some() {
        req = req.header("content-type", "application/json");
    }
    let body = body.map(|b| Body::from(b.to_string())).unwrap_or_else(Body::empty);
    let res = app.clone().oneshot(req.body(body).expect("request")).await.expect("response");
    let status = res.status().as_u16();
    let bytes = axum::body::to_bytes(res.into_body(), usize::MAX).await.expect("body");
    (status, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
}

/// Free-form maps in the docs (`{}` or `additionalProp1…`) have no fixed keys.
fn free_form(expected: &serde_json::Map<String, Value>) -> bool {
    expected.is_empty() || expected.keys().all(|k| k.starts_with("additionalProp"))
}

/// Every object of `actual` has exactly the keys of its counterpart in `expected`.
fn same_shape(path: &str, expected: &Value, actual: &Value, errors: &mut Vec<String>) {
    match (expected, actual) {
        (_, Value::Null) => {} // documented value absent or nullable
        (Value::Object(e), Value::Object(a)) => {
            if free_form(e) {
                return;
            }
            let missing: Vec<_> = e.keys().filter(|k| !a.contains_key(*k)).collect();
            let extra: Vec<_> = a.keys().filter(|k| !e.contains_key(*k)).collect();
            if !missing.is_empty() || !extra.is_empty() {
                errors.push(format!("{path}: missing {missing:?}, not documented {extra:?}"));
            }
            for (k, ev) in e {
                if let Some(av) = a.get(k) {
                    same_shape(&format!("{path}.{k}"), ev, av, errors);
                }
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            if let Some(e0) = e.iter().find(|v| !v.is_null()) {
                for (i, item) in a.iter().enumerate() {
                    same_shape(&format!("{path}[{i}]"), e0, item, errors);
                }
            }
        }
        (Value::Object(_) | Value::Array(_), other) => {
            errors.push(format!("{path}: expected a structure, got {other}"))
        }
        (e, a)
            if e.is_number() != a.is_number() || e.is_string() != a.is_string() || e.is_boolean() != a.is_boolean() =>
        {
            errors.push(format!("{path}: type differs from the sample ({e} vs {a})"))
        }
        _ => {}
    }
}

fn assert_shape(expected: &Value, actual: &Value) {
    let mut errors = Vec::new();
    same_shape("$", expected, actual, &mut errors);
    assert!(
        errors.is_empty(),
        "{} shape errors, first ones:\n{}",
        errors.len(),
        errors.iter().take(10).cloned().collect::<Vec<_>>().join("\n")
    );
}

/// The documented sub-objects (objects and lists, at any depth) that
/// `actual` leaves null, empty or out: the shape check accepts a null
/// anywhere, so this is what says an answer is as full as the docs show it.
fn unfilled(path: &str, expected: &Value, actual: &Value, out: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            if free_form(e) {
                if a.is_empty() && !e.is_empty() {
                    out.push(path.to_string());
                }
                return;
            }
            for (k, ev) in e.iter().filter(|(_, v)| v.is_object() || v.is_array()) {
                unfilled(&format!("{path}.{k}"), ev, a.get(k).unwrap_or(&Value::Null), out);
            }
        }
        (Value::Array(e), Value::Array(a)) if !a.is_empty() => {
            if let Some(e0) = e.first().filter(|v| v.is_object() || v.is_array()) {
                unfilled(&format!("{path}[0]"), e0, &a[0], out);
            }
        }
        (Value::Object(_) | Value::Array(_), _) => out.push(path.to_string()),
        _ => {}
    }
}

/// Some item of the answer has every sub-object the sample's item shows
/// (the benchmark's answer sizes stand for the vendor's documented shape).
fn assert_some_item_full(sample: &Value, answer: &Value) {
    let sample = &sample[0];
    let items = answer.as_array().expect("a list");
    let gaps: Vec<Vec<String>> = items
        .iter()
        .map(|item| {
            let mut out = Vec::new();
            unfilled("$", sample, item, &mut out);
            out
        })
        .collect();
    assert!(
        gaps.iter().any(Vec::is_empty),
        "no item has every documented sub-object; the first lacks {:?}",
        gaps.first()
    );
}

const VZ: (&str, &str) = ("X-Vehizen-Key", "demo-vehizen-key");
const EM: (&str, &str) = ("x-api-key", "demo-emabler-key");
const FIRST_GROUP: &str = "/vehizen/api/v2/CustomerGroup/43f21e26-9772-5a0f-a514-cdd82b6b1787";

/// The group has the sample's keys; each vehicle is the sample's vehicle,
/// except on purpose: a few carry keys the docs do not list (kept out of
/// the shape check, and required to exist) and a few are partial (the keys
/// they have are the sample's, with its types). Returns how many vehicles
/// are partial and how many carry undocumented keys.
fn assert_group_shape(group: &Value) -> (usize, usize) {
    let sample = fixture("vehizen-customergroup-get.json");
    let mut head = group.clone();
    head["Vehicles"] = json!([]);
    assert_shape(&sample, &head);
    let documented = sample["Vehicles"][0].as_object().expect("sample vehicle");
    let (mut partial, mut undocumented) = (0, 0);
    for v in group["Vehicles"].as_array().expect("vehicles") {
        let o = v.as_object().expect("vehicle object");
        let mut known: serde_json::Map<String, Value> =
            o.iter().filter(|(k, _)| documented.contains_key(*k)).map(|(k, v)| (k.clone(), v.clone())).collect();
        undocumented += usize::from(known.len() < o.len());
        if known.len() < documented.len() {
            partial += 1;
            // Only the keys it has are checked: pad it with the sample's.
            for (k, sv) in documented {
                known.entry(k.clone()).or_insert_with(|| sv.clone());
            }
        }
        assert_shape(&sample["Vehicles"][0], &Value::Object(known));
    }
    (partial, undocumented)
}

#[tokio::test]
async fn vehizen_stores_each_vehicle_as_sent() {
    let app = sim();
    let (_, mut group) = call(&app, "GET", FIRST_GROUP, &[VZ], None).await;
    group["Vehicles"][0]["Odd"] = json!({ "kept": [1.50] });
    let id = group["Vehicles"][0]["VehicleId"].as_str().expect("id").to_string();
    let (status, saved) = call(&app, "PUT", "/vehizen/api/v2/CustomerGroup", &[VZ], Some(group.clone())).await;
    assert_eq!((status, &saved["IsValid"]), (200, &json!(true)), "{saved}");
    let (status, stored) = call(&app, "GET", &format!("/__sim/vehizen/vehicles/{id}"), &[], None).await;
    assert_eq!(status, 200);
    assert_eq!(stored, group["Vehicles"][0]);
}

#[tokio::test]
async fn vehizen_test_switches_disagree_only_as_asked() {
    let app = sim();
    let group_id = FIRST_GROUP.rsplit('/').next().expect("id");
    let odd = |plate: &str, shared: bool| json!({ "plate": plate, "sharedId": shared });
    let path = format!("/__sim/vehizen/groups/{group_id}/odd-vehicles");
    let (status, twin) = call(&app, "POST", &path, &[], Some(odd("HX-101-AA", true))).await;
    assert_eq!(status, 201);
    let (_, anonymous) = call(&app, "POST", &path, &[], Some(odd("HX-303-CC", false))).await;
    assert!(anonymous.get("VehicleId").is_none());
    let (_, group) = call(&app, "GET", FIRST_GROUP, &[VZ], None).await;
    let items = group["Vehicles"].as_array().expect("list").clone();
    assert_eq!(items.iter().filter(|v| v["VehicleId"] == twin["VehicleId"]).count(), 2);
    assert!(items.contains(&anonymous));
    // Written back as served, both stay; an item without an id it did not
    // serve is refused.
    let (_, saved) = call(&app, "PUT", "/vehizen/api/v2/CustomerGroup", &[VZ], Some(group.clone())).await;
    assert_eq!(saved["Data"]["Vehicles"], group["Vehicles"], "{saved}");
    let mut made_up = group.clone();
    made_up["Vehicles"][0].as_object_mut().expect("object").remove("VehicleId");
    let (_, refused) = call(&app, "PUT", "/vehizen/api/v2/CustomerGroup", &[VZ], Some(made_up)).await;
    assert_eq!(refused["IsValid"], false, "{refused}");
    // Removals ignored: accepted, and every vehicle still listed.
    let (status, _) = call(&app, "POST", "/__sim/vehizen/quirks", &[], Some(json!({ "ignoreRemovals": true }))).await;
    assert_eq!(status, 200);
    let mut fewer = group.clone();
    fewer["Vehicles"].as_array_mut().expect("list").remove(1);
    let (_, kept) = call(&app, "PUT", "/vehizen/api/v2/CustomerGroup", &[VZ], Some(fewer)).await;
    assert_eq!(
        (&kept["IsValid"], kept["Data"]["Vehicles"].as_array().map(Vec::len)),
        (&json!(true), Some(items.len()))
    );
    call(&app, "DELETE", "/__sim/vehizen/quirks", &[], None).await;
    let mut fewer = group.clone();
    fewer["Vehicles"].as_array_mut().expect("list").remove(1);
    let (_, removed) = call(&app, "PUT", "/vehizen/api/v2/CustomerGroup", &[VZ], Some(fewer)).await;
    assert_eq!(removed["Data"]["Vehicles"].as_array().map(Vec::len), Some(items.len() - 1));
}

#[tokio::test]
async fn vehizen_group_matches_the_get_sample() {
    let app = sim();
    let (status, group) = call(&app, "GET", FIRST_GROUP, &[VZ], None).await;
    assert_eq!(status, 200);
    assert!(group["Vehicles"].as_array().is_some_and(|v| !v.is_empty()));
    let (partial, undocumented) = assert_group_shape(&group);
    assert!(partial > 0 && undocumented > 0, "partial {partial}, with undocumented keys {undocumented}");
    // Seven fractional digits and an offset, as Vehizen writes them.
    let ts = group["Vehicles"][0]["UtcMileageReport"].as_str().expect("timestamp");
    assert_eq!(ts.len(), "2026-06-02T18:36:51.9290578+00:00".len(), "{ts}");
    assert!(ts.ends_with("+00:00"));
}

#[tokio::test]
async fn vehizen_create_answers_a_response_dto_and_refuses_invalid_groups() {
    let app = sim();
    let (_, existing) = call(&app, "GET", FIRST_GROUP, &[VZ], None).await;
    let customer = existing["CustomerId"].clone();
    let mut body = json!({ "Id": null, "CustomerId": customer, "Name": "Nouveau groupe", "ProfilEcoDriveId": null, "Vehicles": [] });
    let (status, created) = call(&app, "POST", "/vehizen/api/v2/CustomerGroup", &[VZ], Some(body.clone())).await;
    assert_eq!(status, 200);
    assert_shape(&fixture("vehizen-responsedto.json"), &created);
    assert_eq!(created["IsValid"], true);
    assert_group_shape(&created["Data"]);

    // Same name again (any case) within the customer, then an empty name.
    body["Name"] = json!("NOUVEAU GROUPE");
    let (_, dup) = call(&app, "POST", "/vehizen/api/v2/CustomerGroup", &[VZ], Some(body.clone())).await;
    assert_eq!(dup["IsValid"], false);
    assert!(dup["Errors"][0].as_str().is_some_and(|e| e.starts_with("Name")), "{dup}");
    body["Name"] = json!("   ");
    let (_, empty) = call(&app, "POST", "/vehizen/api/v2/CustomerGroup", &[VZ], Some(body)).await;
    assert_eq!(empty["IsValid"], false);
    assert_shape(&fixture("vehizen-responsedto.json"), &empty);
}

#[tokio::test]
async fn emabler_tree_and_driver_match_the_samples() {
    let app = sim();
    let (status, tree) = call(&app, "GET", "/emabler/api/v2/cpo/authorised-users", &[EM], None).await;
    assert_eq!(status, 200);
    let expected = fixture("emabler-driver-tree.json");
    assert_shape(&expected, &tree);
    // Subsites are documented as `[null]`: they share the site's shape.
    fn subsites(site: &Value, expected_site: &Value, depth: usize, max: &mut usize) {
        *max = (*max).max(depth);
        for sub in site["subgroups"].as_array().into_iter().flatten() {
            assert_shape(expected_site, sub);
            subsites(sub, expected_site, depth + 1, max);
        }
    }
    let mut depth = 0;
    for site in tree["userGroups"].as_array().expect("userGroups") {
        subsites(site, &expected["userGroups"][0], 0, &mut depth);
    }
    assert!(depth >= 3, "subsites should go at least 3 deep, got {depth}");
    assert!(tree["userGroups"].as_array().is_some_and(|g| g.iter().any(|s| s["isSpare"] == true)), "no spare group");

    let (status, driver) =
        call(&app, "GET", "/emabler/api/v2/cpo/authorised-users/external-id/DRV-000001", &[EM], None).await;
    assert_eq!(status, 200);
    assert_shape(&fixture("emabler-driver.json"), &driver);
}

#[tokio::test]
async fn emabler_documented_errors() {
    let app = sim();
    let (status, _) = call(&app, "GET", "/emabler/api/v2/cpo/authorised-users/external-id/NOPE", &[EM], None).await;
    assert_eq!(status, 404);
    let (status, _) = call(&app, "GET", "/emabler/api/v2/cpo/authorised-users/external-id/%20", &[EM], None).await;
    assert_eq!(status, 400);
    let (status, _) = call(&app, "GET", "/emabler/api/v2/cpo/authorised-users", &[("x-api-key", "nope")], None).await;
    assert_eq!(status, 401);
}

/// Ocean's sign-in with the demo account: its status and answer.
async fn demo_login(app: &Router) -> (u16, Value) {
    let body = json!({"login": "demo", "password": "demo"});
    call(app, "POST", "/ocean/restapi/auth/authenticate2", &[], Some(body)).await
}

#[tokio::test]
async fn ocean_answers_match_the_samples() {
    let app = sim();
    let login = fixture("ocean-authenticate2-request.json");
    assert_eq!(login.as_object().map(|o| o.len()), Some(2));
    let (status, auth) = demo_login(&app).await;
    assert_eq!(status, 200);
    assert_shape(&fixture("ocean-authenticate2-response.json"), &auth);
    let token = auth["token"].as_str().expect("token").to_string();
    let t = ("X-AUTH-TOKEN", token.as_str());

    let (_, entities) = call(&app, "GET", "/ocean/restapi/mobility/v1/entities", &[t], None).await;
    assert_shape(&fixture("ocean-entities.json"), &entities);

    let (status, near) = call(
        &app,
        "POST",
        "/ocean/restapi/vehicule_engin/nearestVehicles?latitude=48.8566&longitude=2.3522&radius=15&resultsLimit=3",
        &[t],
        Some(json!({"computeMode": "PAR_ROUTE", "radiusUnit": "KM"})),
    )
    .await;
    assert_eq!(status, 200);
    let list = near.as_array().expect("list");
    assert_eq!(list.len(), 3, "resultsLimit honoured by road");
    assert_shape(&fixture("ocean-nearest-vehicles.json"), &near);
    // The whole customer's answer: some items carry every documented part
    // (a driver with badge and assignment, the closest POI in full).
    let (_, all_near) = call(
        &app,
        "POST",
        "/ocean/restapi/vehicule_engin/nearestVehicles?latitude=46.6&longitude=2.4&radius=800",
        &[t],
        Some(json!({"computeMode": "VOL_OISEAU", "radiusUnit": "KM"})),
    )
    .await;
    assert_shape(&fixture("ocean-nearest-vehicles.json"), &all_near);
    assert_some_item_full(&fixture("ocean-nearest-vehicles.json"), &all_near);
    let distances: Vec<f64> = list.iter().filter_map(|v| v["distance"].as_f64()).collect();
    assert!(distances.windows(2).all(|w| w[0] <= w[1]), "sorted by distance: {distances:?}");
    // By road: a duration and an ETA (the items are written from parts: check both made it in).
    assert!(list.iter().all(|v| v["duration"].is_number() && v["eta"].is_string()), "{near}");

    // The whole list, then one vehicle by its plate (never its description).
    let (status, vehicles) = call(&app, "GET", "/ocean/restapi/vehicule_engin/vehicles", &[t], None).await;
    assert_eq!(status, 200);
    assert_shape(&fixture("ocean-vehicles.json"), &vehicles);
    assert_some_item_full(&fixture("ocean-vehicles.json"), &vehicles);
    let all = vehicles.as_array().expect("list");
    let id = &list[0]["vehicle"]["id"];
    let listed = all.iter().find(|v| &v["vehicle"]["id"] == id).expect("the nearest vehicle is in the list");
    let plate = listed["vehicle"]["immatriculation"].as_str().expect("plate");
    assert_ne!(Some(plate), list[0]["vehicle"]["description"].as_str(), "a description is not a plate");
    let (status, one) =
        call(&app, "GET", &format!("/ocean/restapi/vehicule_engin/vehicles?immatriculation={plate}"), &[t], None).await;
    assert_eq!((status, one.as_array().map(Vec::len)), (200, Some(1)));
    // What the docs' flags are for: private, deleted and plate-less vehicles exist.
    let flag = |key: &str| all.iter().filter(|v| v["vehicle"][key] == true).count();
    assert!(flag("privacyEnabled") > 0 && flag("suppressionLogique") > 0);
    assert!(all.iter().any(|v| v["vehicle"]["immatriculation"].is_null()));
}

/// Every socket's status in the tree, in document order.
fn socket_states(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(o) if o.contains_key("socketPowerType") => out.push(o["status"].to_string()),
        Value::Object(o) => o.values().for_each(|c| socket_states(c, out)),
        Value::Array(a) => a.iter().for_each(|c| socket_states(c, out)),
        _ => {}
    }
}

#[tokio::test]
async fn the_world_moves_when_the_clock_advances_and_keeps_its_shape() {
    let app = sim();
    let (_, auth) = demo_login(&app).await;
    let token = auth["token"].as_str().expect("token").to_string();
    let t = ("X-AUTH-TOKEN", token.as_str());
    let nearest = "/ocean/restapi/vehicule_engin/nearestVehicles?latitude=46.5&longitude=3&radius=1000";
    let body = json!({"computeMode": "VOL_OISEAU", "radiusUnit": "KM"});
    let tree_path = "/emabler/api/v2/cpo/authorised-users";
    let positions = |near: &Value| -> std::collections::BTreeMap<i64, (f64, f64, String)> {
        near.as_array()
            .into_iter()
            .flatten()
            .filter_map(|v| {
                let a = &v["address"];
                Some((
                    v["vehicle"]["id"].as_i64()?,
                    (a["latitude"].as_f64()?, a["longitude"].as_f64()?, v["gmtPos"].to_string()),
                ))
            })
            .collect()
    };
    let (_, before) = call(&app, "POST", nearest, &[t], Some(body.clone())).await;
    let (_, tree_before) = call(&app, "GET", tree_path, &[EM], None).await;
    let (_, again) = call(&app, "POST", nearest, &[t], Some(body.clone())).await;
    assert_eq!(positions(&before), positions(&again), "nothing moves while the clock stands still");

    let (status, tick) =
        call(&app, "POST", "/__sim/clock", &[("content-type", "application/json")], Some(json!({"advance": 2}))).await;
    assert_eq!((status, tick["tick"].as_u64()), (200, Some(2)));
    let (_, after) = call(&app, "POST", nearest, &[t], Some(body)).await;
    assert_shape(&fixture("ocean-nearest-vehicles.json"), &after);
    let (before, after_pos) = (positions(&before), positions(&after));
    let moved: Vec<_> =
        before.iter().filter(|(id, p)| after_pos.get(id).is_some_and(|q| (q.0, q.1) != (p.0, p.1))).collect();
    let driving = after.as_array().into_iter().flatten().filter(|v| v["etatMobile"] == "EN_MOUVEMENT").count();
    assert!(!moved.is_empty() && moved.len() <= driving, "{} moved, {driving} driving", moved.len());
    for (id, p) in &moved {
        assert_ne!(after_pos[id].2, p.2, "a vehicle that moved has a new gmtPos");
    }

    let (_, tree_after) = call(&app, "GET", tree_path, &[EM], None).await;
    assert_shape(&fixture("emabler-driver-tree.json"), &tree_after);
    let (mut s0, mut s1) = (Vec::new(), Vec::new());
    socket_states(&tree_before, &mut s0);
    socket_states(&tree_after, &mut s1);
    assert_eq!(s0.len(), s1.len());
    let changed = s0.iter().zip(&s1).filter(|(a, b)| a != b).count();
    assert!(changed > 0 && changed < s0.len() / 4, "{changed} of {} sockets changed", s0.len());
    // One driver read alone says what the tree says.
    let (_, driver) = call(&app, "GET", &format!("{tree_path}/external-id/DRV-000001"), &[EM], None).await;
    let in_tree = tree_after["userGroups"][0]["users"][0].clone();
    assert_eq!(in_tree["externalId"], "DRV-000001");
    assert_eq!(driver, in_tree);
}

#[tokio::test]
async fn ocean_multi_customer_login_names_its_customer() {
    let app = sim();
    let body = json!({"login": "multi", "password": "demo"});
    let (_, auth) = call(&app, "POST", "/ocean/restapi/auth/authenticate2", &[], Some(body)).await;
    assert_eq!(auth["passwordExpirationRemainingDays"], 5);
    let t = ("X-AUTH-TOKEN", auth["token"].as_str().expect("token"));
    let (status, _) = call(&app, "GET", "/ocean/restapi/mobility/v1/entities", &[t], None).await;
    assert_eq!(status, 400, "customerId is required for a multi-client user");
    let (status, entities) = call(&app, "GET", "/ocean/restapi/mobility/v1/entities?customerId=1002", &[t], None).await;
    assert_eq!(status, 200);
    let ids: Vec<i64> =
        entities["entities"].as_array().expect("list").iter().filter_map(|e| e["id"].as_i64()).collect();
    assert!(!ids.is_empty() && !ids.contains(&1002), "entities are sub-units, not customers: {ids:?}");
}

#[tokio::test]
async fn ocean_crow_flies_distances_are_great_circle() {
    let app = sim();
    let (_, auth) = demo_login(&app).await;
    let token = auth["token"].as_str().expect("token").to_string();
    let (lat, lon) = (45.764, 4.8357);
    let (_, near) = call(
        &app,
        "POST",
        &format!("/ocean/restapi/vehicule_engin/nearestVehicles?latitude={lat}&longitude={lon}&radius=20"),
        &[("X-AUTH-TOKEN", &token)],
        Some(json!({"computeMode": "VOL_OISEAU", "radiusUnit": "KM"})),
    )
    .await;
    let list = near.as_array().expect("list");
    assert!(!list.is_empty());
    // Crow-flies: no duration nor ETA.
    assert!(list.iter().all(|v| v["duration"].is_null() && v["eta"].is_null()));
    // A private vehicle's position is withheld.
    assert!(list.iter().filter(|v| v["vehicle"]["privacyEnabled"] == true).all(|v| v["address"].is_null()));
    for v in list.iter().filter(|v| v["vehicle"]["privacyEnabled"] != true) {
        let (vlat, vlon) =
            (v["address"]["latitude"].as_f64().expect("lat"), v["address"]["longitude"].as_f64().expect("lon"));
        let d = crate::data::haversine_m(lat, lon, vlat, vlon);
        assert!((d - v["distance"].as_f64().expect("distance")).abs() <= 1.0);
        assert!(d <= 20_000.0);
    }
}

#[test]
fn shape_check_catches_renamed_missing_and_retyped_keys() {
    let expected = json!({ "Id": "x", "Vehicles": [{ "VIN": "v", "Milestone": 1 }] });
    let mut errors = Vec::new();
    same_shape("$", &expected, &json!({ "Id": "x", "Vehicles": [{ "Vin": "v", "Milestone": 1 }] }), &mut errors);
    assert_eq!(errors.len(), 1, "{errors:?}");
    errors.clear();
    same_shape("$", &expected, &json!({ "Id": "x", "Vehicles": [{ "VIN": "v", "Milestone": "1" }] }), &mut errors);
    assert_eq!(errors.len(), 1, "{errors:?}");
    errors.clear();
    same_shape("$", &expected, &json!({ "Id": "x", "Vehicles": "here list of vehicles" }), &mut errors);
    assert_eq!(errors.len(), 1, "{errors:?}");
}

#[tokio::test]
async fn geocoder_answers_have_the_sample_shape() {
    let app = sim();
    let sample = fixture("geocoder-search.json");
    let (status, found) = call(&app, "GET", "/geocoder/search?q=7%20rue%20pasteur%20lyon&limit=5", &[], None).await;
    assert_eq!(status, 200);
    let features = found["features"].as_array().expect("features");
    assert_eq!(features.len(), 1, "{found}");
    assert_eq!(features[0]["properties"]["label"], "7 Rue Pasteur 69003 Lyon");
    assert_shape(&sample, &found);

    // Reverse: the same shape, plus each address's distance from the point.
    let point = &features[0]["geometry"]["coordinates"];
    let uri = format!("/geocoder/reverse?lat={}&lon={}", point[1], point[0]);
    let (status, mut near) = call(&app, "GET", &uri, &[], None).await;
    assert_eq!(status, 200);
    assert_eq!(near["features"][0]["properties"]["label"], "7 Rue Pasteur 69003 Lyon");
    let props = near["features"][0]["properties"].as_object_mut().expect("properties");
    assert_eq!(props.remove("distance"), Some(json!(0.0)));
    near["query"] = sample["query"].clone();
    assert_shape(&sample, &near);

    // Unknown addresses and empty sea: empty answers; a short query: 400.
    let (status, none) = call(&app, "GET", "/geocoder/search?q=zzzz%20qqqq", &[], None).await;
    assert_eq!((status, none["features"].as_array().map(Vec::len)), (200, Some(0)));
    let (status, sea) = call(&app, "GET", "/geocoder/reverse?lat=46.0&lon=-5.0", &[], None).await;
    assert_eq!((status, sea["features"].as_array().map(Vec::len)), (200, Some(0)));
    assert_eq!(call(&app, "GET", "/geocoder/search?q=ly", &[], None).await.0, 400);
    assert_eq!(call(&app, "GET", "/geocoder/reverse?lat=north&lon=2", &[], None).await.0, 400);
}
