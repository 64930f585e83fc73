//! eMabler: the driver tree ("get-authorised-users") and one driver by
//! externalId ("get-authorised-user-external-id"). The vendor does not publish
//! the URL paths; these are the defaults of the console's `config.json`.
//! JSON keys follow the full schema examples in `emabler-*.txt`.

use std::{collections::HashMap, sync::Arc};

use axum::{
    body::Bytes,
    extract::{Path, State},
    http::{header, HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    routing::get,
    Router,
};
use chrono::{DateTime, Duration, Utc};
use rand::Rng;
use serde_json::{json, Value};

use crate::clock::{self, SharedClock};
use crate::data::{self, pick, SimRng};

pub const TREE_PATH: &str = "/emabler/api/v2/cpo/authorised-users";
pub const DRIVER_PATH: &str = "/emabler/api/v2/cpo/authorised-users/external-id/{externalId}";

pub struct Emabler {
    api_key: String,
    seed: u64,
    clock: SharedClock,
    /// Where each driver is in the tree (a JSON pointer), by `externalId`.
    drivers: HashMap<String, String>,
    live: std::sync::Mutex<LiveTree>,
}

/// The tree at the last tick asked for, and its JSON, written once per
/// tick: at benchmark scale it is megabytes.
struct LiveTree {
    tick: u64,
    tree: Value,
    bytes: Bytes,
}

/// Seen on the live API: 7 fractional digits and `Z`.
fn ts(t: DateTime<Utc>) -> String {
    data::ts7(t, "Z")
}

const NEVER: &str = "0001-01-01T00:00:00Z";

const SITE_NAMES: &[&str] = &[
    "Siège Paris",
    "Dépôt Lyon",
    "Agence Nantes",
    "Plateforme Lille",
    "Base Toulouse",
    "Entrepôt Bordeaux",
    "Centre Rennes",
    "Antenne Nice",
];
const SUBSITE_WORDS: &[&str] =
    &["Bâtiment A", "Bâtiment B", "Parking Nord", "Parking Sud", "Atelier", "Niveau -1", "Zone livraison"];

struct Gen {
    rng: SimRng,
    now: DateTime<Utc>,
    next_id: i64,
    next_charger: usize,
}

impl Gen {
    fn id(&mut self) -> i64 {
        self.next_id += 1;
        self.next_id
    }

    fn socket(&mut self, n: i64, charger_status: &str) -> Value {
        let status = if charger_status == "Offline" {
            "Offline"
        } else {
            *pick(
                &mut self.rng,
                &[
                    "Available",
                    "Available",
                    "Charging",
                    "Charging",
                    "Preparing",
                    "SuspendedEV",
                    "Faulted",
                    "Unavailable",
                ],
            )
        };
        let (kind, watts, volts, amps, power) = *pick(
            &mut self.rng,
            &[
                ("Type2", 7_400, 230, 32, "AC"),
                ("Type2", 22_000, 400, 32, "AC"),
                ("CCS", 50_000, 500, 125, "DC"),
                ("Type2", 11_000, 400, 16, "AC"),
            ],
        );
        json!({
            "type": kind,
            "maxPower": format!("{} kW", watts as f64 / 1000.0),
            "status": status,
            "id": n,
            "name": format!("Prise {n}"),
            "deviceEvseId": n,
            "deviceConnectorId": 1,
            "format": if power == "DC" { "CABLE" } else { "SOCKET" },
            "socketPowerType": if power == "DC" { "DC" } else if volts == 400 { "AC_3_PHASE" } else { "AC_1_PHASE" },
            "maxWatts": watts,
            "maxVoltage": volts,
            "maxAmperage": amps,
            "phaseRotation": (volts == 400).then_some("RST"),
            "termsAndConditions": "https://emabler.example/terms",
            "lastUpdated": ts(self.now - Duration::minutes(self.rng.random_range(1..3000))),
            "chargingStationEvseId": n,
        })
    }

    fn charger(&mut self, group_id: i64, group_name: &str) -> Value {
        self.next_charger += 1;
        let n = self.next_charger;
        let city = pick(&mut self.rng, data::CITIES);
        let (lat, lon) = data::point_near(city, 8.0, &mut self.rng);
        let never = n.is_multiple_of(23);
        let status = if never {
            "Offline"
        } else {
            *pick(&mut self.rng, &["Online", "Online", "Online", "Online", "Offline", "Faulted"])
        };
        let sockets_n = self.rng.random_range(1..=2);
        let sockets: Vec<Value> = (1..=sockets_n).map(|s| self.socket(s, status)).collect();
        let (maker, model, fw) = *pick(
            &mut self.rng,
            &[
                ("Wallbox", "Pulsar Plus", "5.17.3"),
                ("Schneider Electric", "EVlink Pro AC", "3.4.0.12"),
                ("Easee", "Home", "310"),
                ("ABB", "Terra AC", "1.6.9"),
                ("Alfen", "Eve Single Pro-line", "6.2.0-4254"),
            ],
        );
        let last_seen =
            if never { NEVER.to_string() } else { ts(self.now - Duration::minutes(self.rng.random_range(0..20_000))) };
        let split = n.is_multiple_of(3);
        json!({
            "id": 5_000 + n as i64,
            "chargerId": format!("EMB{:06}", n),
            "chargerName": format!("{} {}", group_name, n),
            "groupId": group_id,
            "groupName": group_name,
            "firmwareVersion": fw,
            "publicGroupName": null_str(),
            "manufacturer": maker,
            "serialNumber": format!("SN{}{:07}", &maker[..2].to_uppercase(), 1_000_000 + n * 37),
            "chargerModel": model,
            "lastSeen": last_seen,
            "lastMessage": (!never).then_some("Heartbeat"),
            "activeConnection": status == "Online",
            "chargerStatus": status,
            "locationInfo": {
                "latitude": lat,
                "longitude": lon,
                "streetAddress": pick(&mut self.rng, data::STREETS),
                "streetNumber": format!("{}", self.rng.random_range(1..180)),
                "houseLetter": n.is_multiple_of(7).then_some("bis"),
                "postalNumber": city.postcode,
                "city": city.name,
                "area": "France métropolitaine",
                "country": "FR",
            },
            "pushIntegrationEnabled": n.is_multiple_of(4),
            "chargerSpecificMessageStructure": false,
            "chargerConfigurations": [
                { "configName": "HeartbeatInterval", "configValue": "300", "canBeChanged": true },
                { "configName": "MeterValueSampleInterval", "configValue": "60", "canBeChanged": true },
            ],
            "sockets": sockets,
            "evseId": format!("FR*A23*E{:05}", n),
            "splitEvseBySocket": split,
            "capabilities": ["RemoteStart", "RemoteStop", "SmartCharging"],
            "physicalReference": format!("P{:04}", n),
            "integrationRelays": [],
            "iccid": format!("8933150{:012}", n as u64 * 7_919),
            "imsi": format!("20801{:010}", n as u64 * 104_729),
            "meterSerialNumber": format!("MTR-{:06}", n),
            "meterType": "MID",
            "customProperties": { "parkingSpot": format!("{}", 1 + n % 40) },
        })
    }

    fn charger_group(&mut self, owner: &str) -> Value {
        let id = self.id();
        let name = format!("Bornes {owner}");
        let count = self.rng.random_range(1..=2);
        let chargers: Vec<Value> = (0..count).map(|_| self.charger(id, &name)).collect();
        let (mut online, mut offline, mut error) = (0, 0, 0);
        for c in &chargers {
            for s in c["sockets"].as_array().into_iter().flatten() {
                match s["status"].as_str() {
                    Some("Faulted") => error += 1,
                    Some("Offline") | Some("Unavailable") => offline += 1,
                    _ => online += 1,
                }
            }
        }
        json!({
            "onlineSocket": online,
            "offlineSocket": offline,
            "errorSocket": error,
            "subgroups": [],
            "chargers": chargers,
            "payerId": 700 + id,
            "costId": format!("COST-{}", id % 5),
            "costName": (["Tarif domicile", "Tarif standard", "Tarif nuit", "Gratuit", "Refacturation"][(id % 5) as usize]),
            "paymentRecipientId": 900 + (id % 3),
            "id": id,
            "groupName": name,
            "groupType": id % 5,
            "externalId": format!("CG-{id}"),
        })
    }

    fn tag(&mut self, n: usize, k: usize) -> Value {
        let start = self.now - Duration::days(self.rng.random_range(30..900));
        let expired = (n + k).is_multiple_of(6);
        let expiry = if expired {
            self.now - Duration::days(self.rng.random_range(1..200))
        } else {
            self.now + Duration::days(self.rng.random_range(30..900))
        };
        json!({
            "id": 30_000 + n * 3 + k,
            "idTag": format!("04A{:05X}{:02X}", n * 7 + 11, k * 17 + 3),
            "expiringDate": ts(expiry),
            "startDate": ts(start),
            "lastUpdated": ts(start + Duration::days(3)),
            "tokenName": if k == 0 { "Badge principal" } else { "Badge secours" },
            "invoicable": n.is_multiple_of(2),
        })
    }

    fn driver(&mut self, n: usize, home_id: i64, home_name: &str) -> Value {
        let (first, last) = data::person_name(&mut self.rng);
        let name = format!("{first} {last}");
        let tags: Vec<Value> = (0..self.rng.random_range(1..=2)).map(|k| self.tag(n, k)).collect();
        let groups: Vec<Value> = if n % 3 == 2 { vec![] } else { vec![self.charger_group(&last)] };
        let own: Vec<Value> = if n % 4 == 1 { vec![self.charger(0, &format!("Domicile {last}"))] } else { vec![] };
        json!({
            "id": 100_000 + n,
            "name": name,
            "homeGroupId": home_id,
            "homeGroupName": home_name,
            "externalId": format!("DRV-{:06}", n + 1),
            "tags": tags,
            "chargerGroups": groups,
            "chargers": own,
            "payerId": 4_000 + n,
            "integratedExternalIds": [
                { "referenceType": n % 2, "referenceId": format!("HR-{:05}", n + 1), "externalId": format!("SAP{:07}", 3_000_000 + n), "effectiveFrom": ts(self.now - Duration::days(400)) }
            ],
        })
    }

    /// A site with its subsites (`depth` more levels below it).
    fn site(&mut self, name: String, depth: usize, drivers: &mut std::ops::Range<usize>, per_site: usize) -> Value {
        let id = self.id();
        let users: Vec<Value> = drivers
            .by_ref()
            .take(per_site)
            .collect::<Vec<_>>()
            .into_iter()
            .map(|n| self.driver(n, id, &name))
            .collect();
        let children = if depth == 0 { 0 } else { 2 };
        let subgroups: Vec<Value> = (0..children)
            .map(|k| {
                let word = SUBSITE_WORDS[(id as usize + k) % SUBSITE_WORDS.len()];
                self.site(format!("{name} · {word}"), depth - 1, drivers, per_site)
            })
            .collect();
        json!({
            "isSpare": false,
            "subgroups": subgroups,
            "users": users,
            "id": id,
            "groupName": name,
            "groupType": id % 5,
            "externalId": format!("SITE-{id}"),
        })
    }
}

fn null_str() -> Value {
    Value::Null
}

impl Emabler {
    pub fn new(api_key: String, drivers: usize, seed: u64, now: DateTime<Utc>, clock: SharedClock) -> Self {
        let mut g = Gen { rng: data::rng(seed, 20), now, next_id: 0, next_charger: 0 };
        // Roughly 1 in 10 drivers without a site, 1 in 10 in the spare group.
        let spare_users_n = (drivers / 10).max(1);
        let spare_group_n = (drivers / 10).max(1);
        let sited = drivers.saturating_sub(spare_users_n + spare_group_n);
        // Each top site has 1 + 2 + 4 + 8 = 15 sites over four levels.
        let tops = (sited / 60).clamp(4, 200);
        let per_site = sited.div_ceil(tops * 15).max(1);
        let mut range = 0..sited;
        let mut groups: Vec<Value> = (0..tops)
            .map(|t| {
                let name = if t < SITE_NAMES.len() { SITE_NAMES[t].to_string() } else { format!("Site {:03}", t + 1) };
                g.site(name, 3, &mut range, per_site)
            })
            .collect();
        let spare_id = g.id();
        let spare: Vec<Value> = (sited..sited + spare_group_n).map(|n| g.driver(n, spare_id, "SpareGroup")).collect();
        groups.push(json!({
            "isSpare": true, "subgroups": [], "users": spare, "id": spare_id,
            "groupName": "SpareGroup", "groupType": 0, "externalId": "SPARE",
        }));
        let spare_users: Vec<Value> =
            (sited + spare_group_n..drivers.max(sited + spare_group_n + 1)).map(|n| g.driver(n, 0, "")).collect();
        let tree = json!({ "userGroups": groups, "spareUsers": spare_users });
        let bytes = Bytes::from(serde_json::to_vec(&tree).unwrap_or_default());
        let mut drivers = HashMap::new();
        driver_pointers(&tree, String::new(), &mut drivers);
        let live = std::sync::Mutex::new(LiveTree { tick: 0, tree, bytes });
        Emabler { api_key, seed, clock, drivers, live }
    }

    /// The tree now: brought up to the clock's tick first (sockets change
    /// state, their charger group's counts follow), then written again.
    fn live(&self) -> std::sync::MutexGuard<'_, LiveTree> {
        let tick = self.clock.tick();
        let mut live = self.live.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if live.tick < tick {
            let now = ts(Utc::now());
            for t in live.tick + 1..=tick {
                change_sockets(&mut live.tree, self.seed, t, &now);
            }
            live.bytes = Bytes::from(serde_json::to_vec(&live.tree).unwrap_or_default());
            live.tick = tick;
        }
        live
    }

    pub fn router(self: Arc<Self>) -> Router {
        Router::new().route(TREE_PATH, get(driver_tree)).route(DRIVER_PATH, get(driver_by_external_id)).with_state(self)
    }

    fn authorised(&self, headers: &HeaderMap) -> bool {
        headers.get("x-api-key").and_then(|v| v.to_str().ok()) == Some(self.api_key.as_str())
    }

    pub fn tree_len(&self) -> usize {
        self.live().bytes.len()
    }
}

/// Records each driver's place in the tree (`users` of a site, at any depth, and `spareUsers`).
fn driver_pointers(v: &Value, at: String, out: &mut HashMap<String, String>) {
    let list = |key: &str, out: &mut HashMap<String, String>| {
        for (i, d) in v[key].as_array().into_iter().flatten().enumerate() {
            if let Some(id) = d["externalId"].as_str() {
                out.insert(id.to_string(), format!("{at}/{key}/{i}"));
            }
        }
    };
    list("users", out);
    list("spareUsers", out);
    for key in ["userGroups", "subgroups"] {
        for (i, g) in v[key].as_array().into_iter().flatten().enumerate() {
            driver_pointers(g, format!("{at}/{key}/{i}"), out);
        }
    }
}

/// One tick of the charging world: a few sockets of online chargers change
/// state (`clock::socket_change`), and each charger group counts its sockets again.
fn change_sockets(v: &mut Value, seed: u64, tick: u64, now: &str) {
    match v {
        Value::Array(items) => items.iter_mut().for_each(|i| change_sockets(i, seed, tick, now)),
        Value::Object(o) if o.contains_key("chargerStatus") => {
            if o["chargerStatus"] == "Offline" {
                return;
            }
            let charger = o["id"].as_u64().unwrap_or(0);
            for s in o.get_mut("sockets").and_then(Value::as_array_mut).into_iter().flatten() {
                let socket = charger * 8 + s["id"].as_u64().unwrap_or(0);
                if let Some(status) = clock::socket_change(seed, socket, tick) {
                    s["status"] = status.into();
                    s["lastUpdated"] = now.into();
                }
            }
        }
        Value::Object(o) => {
            o.values_mut().for_each(|child| change_sockets(child, seed, tick, now));
            if o.contains_key("onlineSocket") {
                let (mut online, mut offline, mut error) = (0, 0, 0);
                for s in o["chargers"].as_array().into_iter().flatten().flat_map(|c| c["sockets"].as_array()).flatten()
                {
                    match s["status"].as_str() {
                        Some("Faulted") => error += 1,
                        Some("Offline") | Some("Unavailable") => offline += 1,
                        _ => online += 1,
                    }
                }
                o.insert("onlineSocket".into(), online.into());
                o.insert("offlineSocket".into(), offline.into());
                o.insert("errorSocket".into(), error.into());
            }
        }
        _ => {}
    }
}

fn text(status: StatusCode, msg: &'static str) -> Response {
    (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], msg).into_response()
}

fn json_bytes(bytes: Bytes) -> Response {
    ([(header::CONTENT_TYPE, "application/json; charset=utf-8")], bytes).into_response()
}

async fn driver_tree(State(em): State<Arc<Emabler>>, headers: HeaderMap) -> Response {
    if !em.authorised(&headers) {
        return text(StatusCode::UNAUTHORIZED, "Customer not found or not authorised");
    }
    let bytes = em.live().bytes.clone();
    json_bytes(bytes)
}

async fn driver_by_external_id(
    State(em): State<Arc<Emabler>>,
    headers: HeaderMap,
    Path(external_id): Path<String>,
) -> Response {
    if !em.authorised(&headers) {
        return text(StatusCode::UNAUTHORIZED, "Customer not found or not authorised");
    }
    let id = external_id.trim();
    if id.is_empty() || id.len() > 128 || id.chars().any(char::is_control) {
        return text(StatusCode::BAD_REQUEST, "Errors in the route parameters");
    }
    let driver = em.drivers.get(id).and_then(|at| serde_json::to_vec(em.live().tree.pointer(at)?).ok());
    match driver {
        Some(d) => json_bytes(Bytes::from(d)),
        None => text(StatusCode::NOT_FOUND, "Driver not found for the customer"),
    }
}
