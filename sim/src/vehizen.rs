//! Vehizen `api/v2/CustomerGroup`: GET by id, POST (create), PUT (update).
//! JSON keys and casing follow `vehizen-customergroup-{get,post}.txt`.

use std::{
    collections::{BTreeMap, HashMap},
    path::PathBuf,
    sync::Arc,
};

use axum::{
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    routing::{get, post},
    Json, Router,
};
use chrono::{DateTime, Duration, Utc};
use rand::Rng;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use tokio::sync::Mutex;
use uuid::Uuid;

use crate::data::{self, pick, stable_uuid, SimRng};

pub const NAME_MAX_CHARS: usize = 100;

pub struct Auth {
    pub header: String,
    pub key: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct Group {
    id: Uuid,
    customer_id: Uuid,
    name: String,
    profil_eco_drive_id: Option<Uuid>,
    vehicle_ids: Vec<Uuid>,
    /// Items listed after the vehicles that the store cannot key: a second
    /// row with a member's `VehicleId`, or one without any. Only the test
    /// controls (`odd_vehicle_for_tests`) make them; a write keeps each one
    /// it sends back unchanged.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    unkeyed: Vec<Value>,
}

/// A vehicle of the simulated account: its owner, and its object as last
/// written (seeded, then whatever a POST or PUT sent), served as stored.
struct Vehicle {
    customer: Uuid,
    record: Value,
}

struct Store {
    groups: BTreeMap<Uuid, Group>,
    vehicles: HashMap<Uuid, Vehicle>,
    data_file: Option<PathBuf>,
    /// Test-only: an update is accepted but keeps the vehicles it leaves
    /// out (`quirks_for_tests`).
    ignore_removals: bool,
}

pub struct Vehizen {
    auth: Auth,
    store: Mutex<Store>,
}

/// Vehizen writes offsets and 7 fractional digits.
fn ts(t: DateTime<Utc>) -> String {
    data::ts7(t, "+00:00")
}

const GROUP_NAMES: &[(usize, &str)] = &[
    (0, "Livraisons Paris Nord"),
    (0, "Techniciens Lyon"),
    (0, "Pool électrique"),
    (0, "Maintenance Marseille"),
    (0, "Commerciaux Ouest"),
    (0, "Direction"),
    (1, "Ambulances Rhône"),
    (1, "Navettes aéroport"),
];

pub fn customer_id(n: usize) -> Uuid {
    stable_uuid("vehizen-customer", n)
}

fn make_vehicle(i: usize, customer: Uuid, now: DateTime<Utc>, seed: u64, rng: &mut SimRng) -> Value {
    let (brand, model, wmi, vtype, fuel) = *pick(rng, data::MODELS);
    let mut plate = data::french_plate(i, rng);
    let mut vin = Some(data::vin(wmi, i, rng));
    // Some are also Ocean vehicles: half of those written as a person types
    // a plate and without their VIN, so only the plate can match them.
    if let Some(k) = data::shared_with_vehizen(i) {
        let (p, v) = data::shared_identity(seed, k);
        (plate, vin) = if k % 2 == 0 { (p, Some(v)) } else { (p.replace('-', " ").to_lowercase(), None) };
    }
    let city = pick(rng, data::CITIES);
    let (first, last) = data::person_name(rng);
    let name = format!("{model} {}", city.name);
    let service = now - Duration::days(rng.random_range(90..2500));
    let lease_start = service + Duration::days(rng.random_range(0..30));
    let mileage_report = now - Duration::minutes(rng.random_range(5..4000));
    let km_start = rng.random_range(0..2000);
    let milestone = km_start + rng.random_range(5_000..180_000);
    let renting = rng.random_bool(0.6);
    let malfunction = if i % 50 == 49 { 7 } else { *pick(rng, &[0, 0, 0, 0, 1, 2, 3]) };
    let electric = fuel == "Électrique";
    let unit_id = stable_uuid("vehizen-mobile-unit", i);
    json!({
        "IdWS": 10_000 + i,
        "AgencyAffiliationName": format!("Agence {}", city.name),
        "AgencyAffiliationId": stable_uuid("vehizen-agency", city.name.len()),
        "CustomerGroupId": null,
        "CustomerGroupName": null,
        "VIN": vin,
        "ExternalInterfaceId": stable_uuid("vehizen-ext", i % 3),
        "InitialEntryIntoService": ts(service),
        "ExternalInterfaces": [
            { "Id": stable_uuid("vehizen-ext", i % 3), "CustomerId": customer, "Name": (["Geoloc Pro", "FleetBridge", "TachoLink"][i % 3]) }
        ],
        "JobActivity": (["Livraison", "Maintenance", "Commercial", "Transport de personnes"][i % 4]),
        "Renting": renting,
        "UtcEndOfLease": if renting { Value::from(ts(lease_start + Duration::days(1460))) } else { Value::Null },
        "UtcStartOfLease": if renting { Value::from(ts(lease_start)) } else { Value::Null },
        "KmEndOfLease": if renting { 120_000 } else { 0 },
        "KmStartOfLease": km_start,
        "TheoreticalConsumption": if electric { 16.5 } else { (rng.random_range(45..95) as f64) / 10.0 },
        "ReservoirVolume": if electric { 0 } else { rng.random_range(40..90) },
        "Tolerance": rng.random_range(5..15),
        "MobileUnitId": unit_id,
        "MobileUnitName": format!("BOX-{:05}", i),
        "Imei": format!("35{:013}", 4_000_000_000u64 + i as u64 * 7919),
        "TotalFuelUsed": (rng.random_range(1_000..60_000) as f64) / 10.0,
        "CANFuelReportUtc": ts(mileage_report - Duration::minutes(3)),
        "Milestone": milestone,
        "UtcMileageReport": ts(mileage_report),
        "MilestoneAtAssignment": km_start,
        "TachySpeedLimit": if vtype == "PL" { 90 } else { 0 },
        "CameraType": *pick(rng, &[0, 0, 0, 1, 2]),
        "NoGeoloc": i % 40 == 39,
        "VehicleState": *pick(rng, &[0, 0, 0, 1, 2]),
        "VehicleId": stable_uuid("vehizen-vehicle", i),
        "CustomerId": customer,
        "LicencePlate": plate,
        "IDByGovernment": format!("CG-{}", plate.replace('-', "")),
        "Name": name,
        "VehicleType": vtype,
        "Brand": brand,
        "Model": model,
        "State": *pick(rng, &[0, 0, 0, 0, 1]),
        "MalfunctionLevel": malfunction,
        "DateUtcChangeMalfunctionLevel": ts(now - Duration::hours(rng.random_range(1..900))),
        "HasMalfunctionHistory": malfunction > 0 || rng.random_bool(0.2),
        "IsVehicleCallForMaintenance": rng.random_bool(0.1),
        "FuelName": fuel,
        "FullName": format!("{name} ({plate})"),
        "Utility": if vtype == "PL" { "Porteur" } else { "Léger" },
        "FuelTypeId": match fuel { "Diesel" => 1, "Essence" => 2, "Électrique" => 3, _ => 4 },
        "FuelTypeIdSynthesis": match fuel { "Diesel" => 1, "Essence" => 2, "Électrique" => 3, _ => 4 },
        "IsFuelTypeConflict": false,
        "IsActive": true,
        "CompatibleDownload": vtype == "PL",
        "_driver": format!("{first} {last}"),
    })
}

/// Keys the GET sample has; POST's `VehicleLightDto` adds three more.
const POST_ONLY_KEYS: &[&str] = &["IDByGovernment", "HasMalfunctionHistory", "IsVehicleCallForMaintenance"];

/// What the live API does and the docs do not say: some vehicles carry
/// fields the documentation does not list, and some come as partial
/// objects. A client that rewrites vehicles from a fixed field list would
/// drop the former and pad the latter with `null`s.
fn as_served(i: usize, mut v: Value) -> Value {
    let Some(o) = v.as_object_mut() else { return v };
    o.remove("_driver");
    for k in POST_ONLY_KEYS {
        o.remove(*k);
    }
    if i % 11 == 5 {
        o.retain(|k, _| ["VehicleId", "LicencePlate", "Name"].contains(&k.as_str()));
    } else if i % 7 == 3 {
        o.insert("Co2Class".into(), json!((["A", "B", "C", "D"])[i % 4]));
        o.insert("Telematics".into(), json!({ "Provider": "FleetBridge", "Firmware": format!("4.{}.0", i % 9) }));
        o.insert("CargoVolumeM3".into(), json!(3.5 + (i % 3) as f64));
    }
    v
}

impl Vehizen {
    pub fn new(auth: Auth, vehicles: usize, seed: u64, now: DateTime<Utc>, data_file: Option<PathBuf>) -> Self {
        let mut rng = data::rng(seed, 10);
        let mut store = Store {
            groups: BTreeMap::new(),
            vehicles: HashMap::new(),
            data_file: data_file.clone(),
            ignore_removals: false,
        };
        let per_group = (vehicles / GROUP_NAMES.len()).max(1);
        for (g, (customer_n, name)) in GROUP_NAMES.iter().enumerate() {
            let customer = customer_id(*customer_n);
            let mut ids = Vec::new();
            for k in 0..per_group {
                let i = g * per_group + k;
                let record = as_served(i, make_vehicle(i, customer, now, seed, &mut rng));
                let id = stable_uuid("vehizen-vehicle", i);
                store.vehicles.insert(id, Vehicle { customer, record });
                ids.push(id);
            }
            let group = Group {
                id: stable_uuid("vehizen-group", g),
                customer_id: customer,
                name: name.to_string(),
                profil_eco_drive_id: (g % 2 == 0).then(|| stable_uuid("vehizen-ecoprofile", g % 3)),
                vehicle_ids: ids,
                unkeyed: Vec::new(),
            };
            store.groups.insert(group.id, group);
        }
        if let Some(path) = &data_file {
            if let Ok(text) = std::fs::read_to_string(path) {
                match serde_json::from_str::<Vec<Group>>(&text) {
                    Ok(saved) => {
                        for g in saved {
                            store.groups.insert(g.id, g);
                        }
                        eprintln!("vehizen: loaded groups from {}", path.display());
                    }
                    Err(e) => eprintln!("vehizen: ignoring unreadable data file {}: {e}", path.display()),
                }
            }
        }
        Vehizen { auth, store: Mutex::new(store) }
    }

    pub fn router(self: Arc<Self>) -> Router {
        Router::new()
            .route("/vehizen/api/v2/CustomerGroup/{id}", get(get_group))
            .route("/vehizen/api/v2/CustomerGroup", post(create_group).put(update_group))
            .with_state(self)
    }

    fn authorised(&self, headers: &HeaderMap) -> bool {
        headers.get(self.auth.header.as_str()).and_then(|v| v.to_str().ok()) == Some(self.auth.key.as_str())
    }
}

fn message(status: StatusCode, text: &str) -> Response {
    (status, Json(json!({ "Message": text }))).into_response()
}

fn unauthorised() -> Response {
    message(StatusCode::UNAUTHORIZED, "Authorization has been denied for this request.")
}

fn response_dto(status: StatusCode, errors: Vec<String>, data: Value) -> Response {
    (status, Json(json!({ "IsValid": errors.is_empty(), "Errors": errors, "Data": data }))).into_response()
}

/// A valid POST or PUT: the group, and each vehicle object as sent.
struct Write {
    group: Group,
    received: Vec<(Uuid, Value)>,
    /// An update: the vehicles listed before it.
    before: Vec<Uuid>,
}

impl Store {
    fn group_dto(&self, g: &Group) -> Value {
        let vehicles: Vec<Value> = g
            .vehicle_ids
            .iter()
            .filter_map(|id| self.vehicles.get(id))
            .map(|v| {
                // The group fields say where the vehicle is now, when it has them.
                let mut v = v.record.clone();
                if let Some(o) = v.as_object_mut() {
                    if let Some(field) = o.get_mut("CustomerGroupId") {
                        *field = json!(g.id);
                    }
                    if let Some(field) = o.get_mut("CustomerGroupName") {
                        *field = json!(g.name);
                    }
                }
                v
            })
            .chain(g.unkeyed.iter().cloned())
            .collect();
        json!({
            "Id": g.id,
            "CustomerId": g.customer_id,
            "Name": g.name,
            "ProfilEcoDriveId": g.profil_eco_drive_id,
            "Vehicles": vehicles,
        })
    }

    fn save(&self) {
        if let Some(path) = &self.data_file {
            let groups: Vec<&Group> = self.groups.values().collect();
            match serde_json::to_string_pretty(&groups) {
                Ok(text) => {
                    if let Err(e) = std::fs::write(path, text) {
                        eprintln!("vehizen: cannot write {}: {e}", path.display());
                    }
                }
                Err(e) => eprintln!("vehizen: cannot serialise groups: {e}"),
            }
        }
    }

    /// Validates a posted `CustomerGroupDto` the way the vendor's `ResponseDto`
    /// reports it: a list of sentences, each naming its field.
    fn validate(&self, body: &Value, existing: Option<Uuid>) -> Result<Write, Vec<String>> {
        let mut errors = Vec::new();
        let name = body.get("Name").and_then(Value::as_str).unwrap_or("").trim().to_string();
        if name.is_empty() {
            errors.push("Name : le nom du groupe est obligatoire.".to_string());
        } else if name.chars().count() > NAME_MAX_CHARS {
            errors.push(format!("Name : le nom du groupe ne doit pas dépasser {NAME_MAX_CHARS} caractères."));
        }
        let customer = body.get("CustomerId").and_then(Value::as_str).and_then(|s| Uuid::parse_str(s).ok());
        if customer.is_none() {
            errors.push("CustomerId : identifiant client manquant ou invalide.".to_string());
        }
        let profil = match body.get("ProfilEcoDriveId") {
            None | Some(Value::Null) => None,
            Some(v) => match v.as_str().and_then(|s| Uuid::parse_str(s).ok()) {
                Some(id) => Some(id),
                None => {
                    errors.push("ProfilEcoDriveId : identifiant de profil éco-conduite invalide.".to_string());
                    None
                }
            },
        };
        if let (Some(c), false) = (customer, name.is_empty()) {
            let duplicate = self
                .groups
                .values()
                .any(|g| g.customer_id == c && Some(g.id) != existing && g.name.to_lowercase() == name.to_lowercase());
            if duplicate {
                errors.push(format!("Name : un groupe nommé « {name} » existe déjà pour ce client."));
            }
        }
        let mut vehicle_ids = Vec::new();
        let mut received = Vec::new();
        let mut unkeyed = Vec::new();
        let served = existing.and_then(|id| self.groups.get(&id)).map(|g| g.unkeyed.as_slice()).unwrap_or_default();
        match body.get("Vehicles") {
            None | Some(Value::Null) => {}
            Some(Value::Array(items)) => {
                for item in items {
                    let id = item.get("VehicleId").and_then(Value::as_str).and_then(|s| Uuid::parse_str(s).ok());
                    // An item it cannot key is kept when it comes back as served.
                    let repeated = id.is_some_and(|id| vehicle_ids.contains(&id));
                    if (id.is_none() || repeated) && served.contains(item) && !unkeyed.contains(item) {
                        unkeyed.push(item.clone());
                        continue;
                    }
                    match id {
                        Some(id) if self.vehicles.contains_key(&id) => {
                            if customer != Some(self.vehicles[&id].customer) {
                                errors.push(format!("Vehicles : le véhicule {id} n'appartient pas à ce client."));
                            } else if !vehicle_ids.contains(&id) {
                                vehicle_ids.push(id);
                                received.push((id, item.clone()));
                            }
                        }
                        Some(id) => errors.push(format!("Vehicles : véhicule {id} introuvable.")),
                        None => errors.push("Vehicles : VehicleId manquant ou invalide.".to_string()),
                    }
                }
            }
            Some(_) => errors.push("Vehicles : une liste de véhicules est attendue.".to_string()),
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let before = existing.and_then(|id| self.groups.get(&id)).map(|g| g.vehicle_ids.clone()).unwrap_or_default();
        let group = Group {
            id: existing.unwrap_or_else(Uuid::new_v4),
            customer_id: customer.unwrap_or_default(),
            name,
            profil_eco_drive_id: profil,
            vehicle_ids,
            unkeyed,
        };
        Ok(Write { group, received, before })
    }

    /// A vehicle belongs to one group: joining one leaves the others. Each
    /// vehicle is stored as it was sent, so that tests can compare it with
    /// what was read.
    fn apply(&mut self, Write { mut group, received, before }: Write) -> Value {
        if self.ignore_removals {
            let kept: Vec<Uuid> = before.into_iter().filter(|id| !group.vehicle_ids.contains(id)).collect();
            group.vehicle_ids.extend(kept);
        }
        for (id, record) in received {
            if let Some(v) = self.vehicles.get_mut(&id) {
                v.record = record;
            }
        }
        for other in self.groups.values_mut() {
            if other.id != group.id {
                other.vehicle_ids.retain(|v| !group.vehicle_ids.contains(v));
            }
        }
        let id = group.id;
        self.groups.insert(id, group);
        self.save();
        self.group_dto(&self.groups[&id])
    }
}

async fn get_group(State(vz): State<Arc<Vehizen>>, headers: HeaderMap, Path(id): Path<String>) -> Response {
    if !vz.authorised(&headers) {
        return unauthorised();
    }
    let Ok(id) = Uuid::parse_str(&id) else {
        return message(StatusCode::BAD_REQUEST, "The request is invalid.");
    };
    let store = vz.store.lock().await;
    match store.groups.get(&id) {
        Some(g) => Json(store.group_dto(g)).into_response(),
        None => message(StatusCode::NOT_FOUND, &format!("Aucun groupe trouvé avec l'identifiant {id}.")),
    }
}

// The error is the handler's early answer (an axum Response).
#[allow(clippy::result_large_err)]
fn parse_body(body: &str) -> Result<Value, Response> {
    serde_json::from_str::<Value>(body)
        .ok()
        .filter(Value::is_object)
        .ok_or_else(|| message(StatusCode::BAD_REQUEST, "The request is invalid."))
}

async fn create_group(State(vz): State<Arc<Vehizen>>, headers: HeaderMap, body: String) -> Response {
    if !vz.authorised(&headers) {
        return unauthorised();
    }
    let body = match parse_body(&body) {
        Ok(b) => b,
        Err(r) => return r,
    };
    if !body.get("Id").is_none_or(Value::is_null) {
        return response_dto(StatusCode::OK, vec!["Id : doit être null pour une création.".into()], Value::Null);
    }
    let mut store = vz.store.lock().await;
    match store.validate(&body, None) {
        Ok(group) => response_dto(StatusCode::OK, vec![], store.apply(group)),
        Err(errors) => response_dto(StatusCode::OK, errors, Value::Null),
    }
}

async fn update_group(State(vz): State<Arc<Vehizen>>, headers: HeaderMap, body: String) -> Response {
    if !vz.authorised(&headers) {
        return unauthorised();
    }
    let body = match parse_body(&body) {
        Ok(b) => b,
        Err(r) => return r,
    };
    let Some(id) = body.get("Id").and_then(Value::as_str).and_then(|s| Uuid::parse_str(s).ok()) else {
        return response_dto(
            StatusCode::OK,
            vec!["Id : identifiant du groupe manquant ou invalide.".into()],
            Value::Null,
        );
    };
    let mut store = vz.store.lock().await;
    if !store.groups.contains_key(&id) {
        return response_dto(
            StatusCode::NOT_FOUND,
            vec![format!("Id : aucun groupe trouvé avec l'identifiant {id}.")],
            Value::Null,
        );
    }
    match store.validate(&body, Some(id)) {
        Ok(group) => response_dto(StatusCode::OK, vec![], store.apply(group)),
        Err(errors) => response_dto(StatusCode::OK, errors, Value::Null),
    }
}

/// Test-only switches, as `/__sim/vehizen/quirks` takes them.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Quirks {
    /// Accept an update but keep the vehicles it leaves out.
    #[serde(default)]
    pub ignore_removals: bool,
}

pub async fn quirks_for_tests(vz: &Vehizen, quirks: Quirks) {
    vz.store.lock().await.ignore_removals = quirks.ignore_removals;
}

/// Test-only: a row the store cannot key, listed in a group after its
/// vehicles: a copy of its `copy_of`-th vehicle with another plate and
/// name, and either the same `VehicleId` (`shared_id`) or none.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OddVehicle {
    #[serde(default)]
    pub copy_of: usize,
    pub plate: String,
    pub shared_id: bool,
}

pub async fn odd_vehicle_for_tests(vz: &Vehizen, group: Uuid, odd: OddVehicle) -> Option<Value> {
    let mut store = vz.store.lock().await;
    let source = store.groups.get(&group)?.vehicle_ids.get(odd.copy_of).copied()?;
    let mut item = store.vehicles.get(&source)?.record.clone();
    let o = item.as_object_mut()?;
    if !odd.shared_id {
        o.remove("VehicleId");
    }
    let name = format!("{} (double)", o.get("Name").and_then(Value::as_str).unwrap_or("Véhicule"));
    o.insert("LicencePlate".into(), json!(odd.plate));
    o.insert("Name".into(), json!(name));
    if o.contains_key("FullName") {
        o.insert("FullName".into(), json!(format!("{name} ({})", odd.plate)));
    }
    store.groups.get_mut(&group)?.unkeyed.push(item.clone());
    Some(item)
}

/// Test-only: a vehicle's object as last stored (`None`: no such vehicle).
pub async fn vehicle_for_tests(vz: &Vehizen, id: Uuid) -> Option<Value> {
    vz.store.lock().await.vehicles.get(&id).map(|v| v.record.clone())
}

/// Test-only listing of the seeded groups (id, customer, name), so that tests
/// and the demo configuration can name them; the vendor has no list call.
pub async fn list_for_tests(vz: &Vehizen) -> Value {
    let store = vz.store.lock().await;
    Value::Array(
        store
            .groups
            .values()
            .map(
                |g| json!({ "id": g.id, "customerId": g.customer_id, "name": g.name, "vehicles": g.vehicle_ids.len() }),
            )
            .collect(),
    )
}
