//! Ocean `restapi`: `auth/authenticate2`, `mobility/v1/entities`,
//! `vehicule_engin/vehicles`, `vehicule_engin/nearestVehicles`.
//! JSON keys follow `ocean-fleet-management.md` and NOTES.md.

use std::{collections::HashMap, sync::Arc};

use axum::{
    extract::{Query, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    routing::{get, post},
    Json, Router,
};
use chrono::{DateTime, Duration, Utc};
use rand::Rng;
use serde::Deserialize;
use serde_json::{json, Value};
use tokio::sync::Mutex;

use crate::clock::{self, SharedClock};
use crate::data::{self, pick};

pub struct Account {
    pub login: &'static str,
    pub password: String,
    pub customers: Vec<i64>,
    /// `passwordExpirationRemainingDays` at sign-in.
    pub password_days_left: i64,
}

struct Vehicle {
    id: i64,
    customer: i64,
    entity: (i64, &'static str),
    group: (i64, String),
    /// What the fleet manager typed as its description: not its plate.
    description: String,
    /// Some vehicles have no plate (a trailer, a machine).
    plate: Option<String>,
    /// "Privacy" mode: its position is withheld from searches.
    private: bool,
    /// Logically deleted (`suppressionLogique`): still sent, never to be listed.
    deleted: bool,
    vin: String,
    make: &'static str,
    model: &'static str,
    category: &'static str,
    motor: &'static str,
    /// Where it is at tick 0; a driving vehicle roams around it.
    lat: f64,
    lon: f64,
    city: &'static str,
    postcode: &'static str,
    street: String,
    driver: Option<(i64, String, String)>,
    etat_mobile: &'static str,
    immobilisation: &'static str,
    gmt_pos: DateTime<Utc>,
    odometer: i64,
    road_factor: f64,
}

impl Vehicle {
    /// Driving vehicles move at each tick of the clock; the others stay put.
    fn driving(&self) -> bool {
        self.etat_mobile == "EN_MOUVEMENT" && !self.deleted
    }
}

pub struct Ocean {
    accounts: Vec<Account>,
    token_lifetime: Duration,
    tokens: Mutex<HashMap<String, (usize, DateTime<Utc>)>>,
    vehicles: Vec<Vehicle>,
    /// Each vehicle's `vehicles` list item, written once at start.
    details: Vec<String>,
    seed: u64,
    clock: SharedClock,
    /// The world at the last tick asked for.
    live: std::sync::Mutex<Arc<Live>>,
    /// Test-only: vehicles left out of every `nearestVehicles` answer (`/__sim/nudge`).
    hidden: std::sync::Mutex<std::collections::HashSet<i64>>,
}

/// Where the vehicles are at a tick, and their `nearestVehicles` items.
/// Each vehicle's JSON is written once (`vehicles[i]` ↔ `rendered[i]`), and
/// again only when it moves: a 50,000-vehicle answer is then ~100 MB of
/// copying, not 5 million small allocations, so the simulator answers in
/// milliseconds and a benchmark measures the console, not the simulator.
#[derive(Clone)]
struct Live {
    tick: u64,
    positions: Vec<Position>,
    rendered: Vec<Arc<Rendered>>,
}

#[derive(Clone, Copy)]
struct Position {
    lat: f64,
    lon: f64,
    at: DateTime<Utc>,
}

/// A vehicle's `nearestVehicles` item in the parts that do not depend on the query.
struct Rendered {
    /// Around the query-dependent values:
    /// `{"address":…` · `"distance"` · `"driver":…` · `"duration"`, `"eta"` · `"etatMobile":…}`.
    head: String,
    driver: String,
    tail: String,
}

const ENTITIES: &[(i64, i64, &str)] = &[
    (1001, 11, "Agence Île-de-France"),
    (1001, 12, "Agence Rhône-Alpes"),
    (1001, 13, "Agence Sud"),
    (1001, 14, "Agence Ouest"),
    (1002, 21, "Ambulances du Rhône"),
    (1002, 22, "Transports sanitaires Nord"),
];

fn ts(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

fn error(status: StatusCode, message: &str) -> Response {
    (status, Json(json!({ "status": status.as_u16(), "message": message }))).into_response()
}

impl Ocean {
    pub fn new(
        accounts: Vec<Account>,
        token_lifetime: Duration,
        vehicles: usize,
        seed: u64,
        now: DateTime<Utc>,
        clock: SharedClock,
    ) -> Self {
        let mut rng = data::rng(seed, 30);
        let vehicles = (0..vehicles)
            .map(|i| {
                let customer = if i % 5 == 4 { 1002 } else { 1001 };
                let ents: Vec<_> = ENTITIES.iter().filter(|e| e.0 == customer).collect();
                let ent = ents[i % ents.len()];
                let city = pick(&mut rng, data::CITIES);
                let (lat, lon) = data::point_near(city, 12.0, &mut rng);
                let (make, model, wmi, vtype, fuel) = *pick(&mut rng, data::MODELS);
                let driver = (i % 6 != 5).then(|| {
                    let (f, l) = data::person_name(&mut rng);
                    (60_000 + i as i64, f, l)
                });
                let mut plate = data::french_plate(i + 50_000, &mut rng);
                let round = ["A", "B", "C", "D", "E", "F", "G"][i % 7];
                let mut vin = data::vin(wmi, i + 50_000, &mut rng);
                if let Some(k) = data::shared_with_ocean(i) {
                    (plate, vin) = data::shared_identity(seed, k);
                }
                Vehicle {
                    id: 20_000 + i as i64,
                    customer,
                    entity: (ent.1, ent.2),
                    group: (300 + (i % 7) as i64, format!("Tournée {round}")),
                    description: format!("{model} – Tournée {round}"),
                    plate: (i % 23 != 11).then_some(plate),
                    private: i % 13 == 6,
                    deleted: i % 17 == 9,
                    vin,
                    make,
                    model,
                    category: match vtype {
                        "PL" => "PL",
                        "VUL" => "VUL",
                        _ => "VL",
                    },
                    motor: if fuel == "Électrique" {
                        "ELECTRIQUE"
                    } else if fuel == "Hybride" {
                        "HYBRIDE"
                    } else {
                        "MONO"
                    },
                    lat,
                    lon,
                    city: city.name,
                    postcode: city.postcode,
                    street: format!("{} {}", rng.random_range(1..200), pick(&mut rng, data::STREETS)),
                    driver,
                    etat_mobile: pick::<&str>(
                        &mut rng,
                        &["EN_MOUVEMENT", "ARRET", "ARRET", "CONTACT_MIS", "UNDEFINED"],
                    ),
                    immobilisation: pick::<&str>(
                        &mut rng,
                        &["UNLOCKED", "UNLOCKED", "UNLOCKED", "LOCKED", "UNDEFINED"],
                    ),
                    gmt_pos: now - Duration::seconds(rng.random_range(10..86_400)),
                    odometer: rng.random_range(3_000..250_000),
                    road_factor: 1.2 + rng.random::<f64>() * 0.3,
                }
            })
            .collect::<Vec<Vehicle>>();
        let positions: Vec<Position> =
            vehicles.iter().map(|v| Position { lat: v.lat, lon: v.lon, at: v.gmt_pos }).collect();
        let rendered = vehicles.iter().zip(&positions).map(|(v, p)| Arc::new(render(v, p))).collect();
        let details =
            vehicles.iter().map(|v| serde_json::to_string(&vehicle_details(v, now)).unwrap_or_default()).collect();
        let live = std::sync::Mutex::new(Arc::new(Live { tick: 0, positions, rendered }));
        let hidden = Default::default();
        let tokens = Mutex::new(HashMap::new());
        Ocean { accounts, token_lifetime, tokens, vehicles, details, seed, clock, live, hidden }
    }

    /// The world now: brought up to the clock's tick first, one tick at a
    /// time, each driving vehicle moving on and written again.
    fn live(&self) -> Arc<Live> {
        let tick = self.clock.tick();
        let mut live = self.live.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if live.tick < tick {
            let mut next = Live::clone(&live);
            let moved_at = Utc::now();
            for t in live.tick + 1..=tick {
                for (i, v) in self.vehicles.iter().enumerate().filter(|(_, v)| v.driving()) {
                    let p = &mut next.positions[i];
                    (p.lat, p.lon) = clock::drive(self.seed, v.id as u64, t, (p.lat, p.lon), (v.lat, v.lon));
                    p.at = moved_at;
                }
            }
            for (i, v) in self.vehicles.iter().enumerate().filter(|(_, v)| v.driving()) {
                next.rendered[i] = Arc::new(render(v, &next.positions[i]));
            }
            next.tick = tick;
            *live = Arc::new(next);
        }
        live.clone()
    }

    pub fn router(self: Arc<Self>) -> Router {
        Router::new()
            .route("/ocean/restapi/auth/authenticate2", post(authenticate2))
            .route("/ocean/restapi/mobility/v1/entities", get(entities))
            .route("/ocean/restapi/vehicule_engin/vehicles", get(vehicles))
            .route("/ocean/restapi/vehicule_engin/nearestVehicles", post(nearest_vehicles))
            .route("/__sim/nudge", post(nudge))
            .with_state(self)
    }

    /// The account behind a valid, unexpired `X-AUTH-TOKEN`.
    async fn session(&self, headers: &HeaderMap) -> Result<&Account, Response> {
        let Some(token) = headers.get("x-auth-token").and_then(|v| v.to_str().ok()) else {
            return Err(error(StatusCode::UNAUTHORIZED, "Authentification requise : en-tête X-AUTH-TOKEN absent."));
        };
        let mut tokens = self.tokens.lock().await;
        match tokens.get(token) {
            Some((account, expires)) if *expires > Utc::now() => Ok(&self.accounts[*account]),
            Some(_) => {
                tokens.remove(token);
                Err(error(StatusCode::UNAUTHORIZED, "Jeton expiré : veuillez vous authentifier à nouveau."))
            }
            None => Err(error(StatusCode::UNAUTHORIZED, "Jeton invalide.")),
        }
    }

    /// `customerId` is required only for users who see several customers.
    // The error is the handler's early answer (an axum Response), as in every route.
    #[allow(clippy::result_large_err)]
    fn customer(account: &Account, requested: Option<i64>) -> Result<i64, Response> {
        match (requested, account.customers.as_slice()) {
            (None, [only]) => Ok(*only),
            (None, _) => Err(error(
                StatusCode::BAD_REQUEST,
                "Le paramètre customerId est obligatoire pour un utilisateur multi-clients.",
            )),
            (Some(c), list) if list.contains(&c) => Ok(c),
            (Some(c), _) => Err(error(StatusCode::FORBIDDEN, &format!("Accès refusé au client {c}."))),
        }
    }
}

#[derive(Deserialize)]
struct Credentials {
    login: Option<String>,
    password: Option<String>,
}

async fn authenticate2(State(oc): State<Arc<Ocean>>, body: String) -> Response {
    let Ok(creds) = serde_json::from_str::<Credentials>(&body) else {
        return error(StatusCode::BAD_REQUEST, "Corps de requête invalide : {\"login\", \"password\"} attendu.");
    };
    let found = oc.accounts.iter().position(|a| {
        Some(a.login) == creds.login.as_deref() && Some(a.password.as_str()) == creds.password.as_deref()
    });
    let Some(account) = found else {
        return error(StatusCode::UNAUTHORIZED, "Identifiant ou mot de passe incorrect.");
    };
    let token = uuid::Uuid::new_v4().simple().to_string();
    oc.tokens.lock().await.insert(token.clone(), (account, Utc::now() + oc.token_lifetime));
    let days = oc.accounts[account].password_days_left;
    Json(json!({ "additionalAccountData": {}, "passwordExpirationRemainingDays": days, "token": token }))
        .into_response()
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CustomerQuery {
    customer_id: Option<i64>,
    immatriculation: Option<String>,
}

async fn entities(State(oc): State<Arc<Ocean>>, headers: HeaderMap, Query(q): Query<CustomerQuery>) -> Response {
    let account = match oc.session(&headers).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    let customer = match Ocean::customer(account, q.customer_id) {
        Ok(c) => c,
        Err(r) => return r,
    };
    let list: Vec<Value> =
        ENTITIES.iter().filter(|e| e.0 == customer).map(|e| json!({ "id": e.1, "nom": e.2 })).collect();
    Json(json!({ "entities": list })).into_response()
}

fn individu(d: &(i64, String, String)) -> Value {
    let (id, first, last) = d;
    json!({
        "email": format!("{}.{}@transports-exemple.fr", first.to_lowercase(), last.to_lowercase()),
        "gsm": format!("+33 6 {:02} {:02} {:02} {:02}", id % 97, id % 89, id % 83, id % 79),
        "id": id,
        "idCivilite": id % 2 + 1,
        "initialesInd": format!("{}{}", first.chars().next().unwrap_or('X'), last.chars().next().unwrap_or('X')),
        "matriculeInd": format!("M{:05}", id % 100_000),
        "nomInd": last,
        "prenomInd": first,
        "suppressionLogique": false,
    })
}

fn vehicle_details(v: &Vehicle, now: DateTime<Utc>) -> Value {
    json!({
        "boitier": {
            "adBoi": format!("AD{:06}", v.id), "commentaireBoi": "", "coreGsmBoi": format!("+33 7 00 {:02} {:02} {:02}", v.id % 97, v.id % 89, v.id % 83),
            "debutGarantie": ts(now - Duration::days(400)), "finGarantie": ts(now + Duration::days(695)),
            "id": v.id + 1_000_000, "idEtatBoitier": 1, "imeiBoi": format!("86{:013}", v.id * 7_919),
            "numeroSerieBoi": format!("OBX{:08}", v.id), "sn": format!("SN{:08}", v.id),
        },
        "chauffeur": v.driver.as_ref().map(individu),
        "emissionCo2": if v.motor == "ELECTRIQUE" { 0 } else { 120 + v.id % 60 },
        "entite": { "id": v.entity.0, "nom": v.entity.1, "suppressionLogique": false },
        "releve": { "dateReleve": ts(now - Duration::hours(8)), "id": v.id * 10, "value": v.odometer },
        "releveAjuste": { "dateReleve": ts(v.gmt_pos), "id": v.id * 10 + 1, "value": v.odometer + v.id % 140 },
        "vehicle": {
            "apcMode": "GPS", "boitierAvantCoupeCircuit": false, "buzzerSurvitesseEnabled": v.category == "PL",
            "categorie": v.category, "categorieVehiculeEcoConduite": if v.category == "PL" { "PL" } else { "UL" },
            "couleur": (["Blanc", "Gris", "Bleu"][(v.id % 3) as usize]), "coupeBatterie": false,
            "date1ereMec": ts(now - Duration::days(300 + v.id % 2000)), "description": v.description,
            "detectionPorteEnabled": true, "dioEnabled": false, "dispositifIdentifiant": v.driver.is_some(),
            "emissionCo2": if v.motor == "ELECTRIQUE" { 0 } else { 120 + v.id % 60 }, "etatEcoConduite": "ACTIF",
            "geolocalise": true, "geomissionEnabled": false, "geosecuriteEnabled": true, "id": v.id,
            "idEnergie": if v.motor == "ELECTRIQUE" { 4 } else { 1 }, "idModeDeplacement": 1, "idUniteConsommation": 1,
            "immatriculation": v.plate, "immobilisationCablee": v.immobilisation != "UNDEFINED",
            "libelleTypeAsset": { "categorie": v.category, "id": 1, "libelle": "Véhicule", "nomIcone": "car", "ordre": 1 },
            "marque": v.make, "modele": v.model, "nomImage": "vehicle.png", "nombreCvFiscaux": 5 + v.id % 6,
            "numeroEmbarque": v.id % 1000, "numeroParc": format!("P-{:04}", v.id % 10_000), "numeroSerie": format!("NS{:08}", v.id),
            "odirectMode": "ODIRECT_UNIVERSEL", "privacyEnabled": v.private, "prk": 0, "signesDistinctifs": "",
            "suppressionLogique": v.deleted, "typeMotorisation": v.motor, "valeurConsommation": 6.5, "vin": v.vin,
        },
        "visites": [
            { "compteurPrevu": (v.odometer / 30_000 + 1) * 30_000, "datePrevue": ts(now + Duration::days(10 + v.id % 120)), "description": "Révision constructeur", "idVisiteEntretien": v.id * 3 },
            { "compteurPrevu": null, "datePrevue": ts(now + Duration::days(200 + v.id % 200)), "description": "Contrôle technique", "idVisiteEntretien": v.id * 3 + 1 },
        ],
    })
}

async fn vehicles(State(oc): State<Arc<Ocean>>, headers: HeaderMap, Query(q): Query<CustomerQuery>) -> Response {
    let account = match oc.session(&headers).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    let customer = match Ocean::customer(account, q.customer_id) {
        Ok(c) => c,
        Err(r) => return r,
    };
    let wanted = q.immatriculation.as_deref().map(|p| p.replace([' ', '-'], "").to_uppercase());
    let list: Vec<usize> = oc
        .vehicles
        .iter()
        .enumerate()
        .filter(|(_, v)| v.customer == customer)
        .filter(|(_, v)| wanted.as_ref().is_none_or(|w| v.plate.as_ref().is_some_and(|p| p.replace('-', "") == *w)))
        .map(|(i, _)| i)
        .collect();
    if wanted.is_some() && list.is_empty() {
        return error(StatusCode::NOT_FOUND, "Aucun véhicule ne correspond à cette immatriculation.");
    }
    json_array(list, move |out, i| out.push_str(&oc.details[i]))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct NearestQuery {
    customer_id: Option<i64>,
    radius: Option<f64>,
    latitude: Option<f64>,
    longitude: Option<f64>,
    results_limit: Option<i64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct NearestBody {
    compute_mode: Option<String>,
    radius_unit: Option<String>,
}

/// Average speed for simulated road routes (km/h): mixed urban/peri-urban.
const ROAD_SPEED_KMH: f64 = 42.0;

/// The closest POI's customer-specific properties: the docs show a map of
/// string lists (`additionalProp1`…), so each vehicle's depot has three,
/// derived from its id (an empty map would make answers smaller than the
/// vendor's documented shape).
fn poi_properties(v: &Vehicle) -> Value {
    json!({
        "secteur": [format!("Secteur {}", v.id % 12 + 1)],
        "horairesOuverture": ["06:00-12:00", "13:30-20:00"],
        "contactSite": [format!("+33 1 {:02} {:02} {:02} {:02}", v.id % 97, v.id % 89, v.id % 83, v.id % 79)],
    })
}

fn render(v: &Vehicle, at: &Position) -> Rendered {
    let text = |v: &Value| serde_json::to_string(v).unwrap_or_default();
    // Privacy mode: found, but where it is is not said.
    let address = if v.private {
        Value::Null
    } else {
        json!({
            "address": format!("{}, {} {}", v.street, v.postcode, v.city),
            "cap": (v.id * 37) % 360,
            "closestPoi": {
                "adressePoi": v.street, "codePostalPoi": v.postcode, "complementAdresse1Poi": "", "complementAdresse2Poi": "",
                "denominationPoi": format!("Dépôt {}", v.city), "etatRegionPoi": "", "geom": format!("POINT({} {})", v.lon, v.lat),
                "groupePoi": { "id": 1, "libelle": "Dépôts" }, "id": 8_000 + v.id % 50, "idPays": 33, "latPoi": v.lat,
                "libelleTypePoi": { "color": "#1f6feb", "i18nKey": "poi.depot", "id": 2, "libelle": "Dépôt", "nomImage": "depot.png", "ordre": 1, "type": "UNDEFINED" },
                "longPoi": v.lon,
                "propSpecifiqueDTO": { "id": 1, "idClient": v.customer, "idObjetRef": v.id, "proprietesSpecifiquesClient": { "psValues": poi_properties(v) }, "typeObjet": "CLIENT" },
                "rayonPoi": 200, "suppressionLogique": false, "villePoi": v.city,
            },
            "countryCode": 33, "gpsCalle": true, "latitude": at.lat, "longitude": at.lon, "postCode": v.postcode,
            "precision": 10, "town": v.city,
        })
    };
    let driver = v.driver.as_ref().map(|d| json!({
        "affectedEtape": { "codeExploitant": "EXP1", "creation": ts(at.at - Duration::hours(3)), "debut": ts(at.at - Duration::hours(3)), "idEtape": d.0 * 2, "modeAffectationEtape": "AUTO", "ndid": format!("{:08X}", d.0), "numeroEmbarque": v.id % 1000, "typeAffectationEtape": "CHAUFFEUR" },
        "dispositif": { "color": 1, "id": d.0 + 5, "idClient": v.customer, "idTypeDispositifIdentifiant": 1, "numeroCleClient": d.0 % 1000, "numeroCompletDid": format!("01{:010X}", d.0), "numeroDid": format!("{:08X}", d.0) },
        "id": d.0, "identEnabled": true, "individu": individu(d), "ndidLong": format!("01{:014X}", d.0), "relevant": true,
    }));
    let rest = json!({
        "etatMobile": v.etat_mobile,
        "gmtPos": ts(at.at),
        "gpsCale": true,
        "group": { "descriptionGrp": v.group.1, "id": v.group.0, "suppressionLogique": false },
        "immobilisationState": v.immobilisation,
        "time": at.at.timestamp_millis(),
        "vehicle": {
            "categorie": v.category, "description": v.description, "detectionPorteEnabled": true, "dioEnabled": false,
            "dispositifIdentifiant": v.driver.is_some(), "geolocalise": true, "geosecuriteEnabled": true, "id": v.id,
            "immobilisationCablee": v.immobilisation != "UNDEFINED",
            "libelleTypeAsset": { "categorie": v.category, "id": 1, "libelle": format!("{} {}", v.make, v.model), "nomIcone": "car", "ordre": 1 },
            "nomImage": "vehicle.png", "odirectMode": "ODIRECT_UNIVERSEL", "privacyEnabled": v.private, "suppressionLogique": v.deleted,
            "typeMotorisation": v.motor,
        },
    });
    Rendered {
        head: format!("{{\"address\":{}", text(&address)),
        driver: text(&driver.unwrap_or(Value::Null)),
        // `{"etatMobile":…}` without its opening brace.
        tail: text(&rest).split_off(1),
    }
}

/// A `nearestVehicles` item: the vehicle's parts, with its distance (and
/// its road duration and ETA when by road), keys in the documented order.
fn push_nearest_item(out: &mut String, r: &Rendered, distance_m: f64, by_road: bool) {
    let number = |x: f64| serde_json::to_string(&x).unwrap_or_else(|_| "null".into());
    let duration_s = (distance_m / 1000.0 / ROAD_SPEED_KMH * 3600.0).round();
    out.push_str(&r.head);
    out.push_str(",\"distance\":");
    out.push_str(&number(distance_m.round()));
    out.push_str(",\"driver\":");
    out.push_str(&r.driver);
    out.push_str(",\"duration\":");
    out.push_str(&if by_road { number(duration_s) } else { "null".into() });
    out.push_str(",\"eta\":");
    let eta = ts(Utc::now() + Duration::seconds(duration_s as i64));
    out.push_str(&if by_road { serde_json::to_string(&eta).unwrap_or_default() } else { "null".into() });
    out.push(',');
    out.push_str(&r.tail);
}

/// A JSON array answer, each item written by `write` (JSON, not a `Value`)
/// and sent as it is written, 256 KB at a time, as a server that streams
/// its serialisation sends a long list: a 100 MB answer starts at once.
fn json_array<T: Send + 'static>(items: Vec<T>, write: impl Fn(&mut String, T) + Send + 'static) -> Response {
    const CHUNK: usize = 256 * 1024;
    let mut items = items.into_iter().enumerate();
    let (mut opened, mut closed) = (false, false);
    let chunks = std::iter::from_fn(move || {
        if closed {
            return None;
        }
        let mut out = String::with_capacity(CHUNK + 8 * 1024);
        if !opened {
            out.push('[');
            opened = true;
        }
        while out.len() < CHUNK {
            let Some((i, item)) = items.next() else {
                out.push(']');
                closed = true;
                break;
            };
            if i > 0 {
                out.push(',');
            }
            write(&mut out, item);
        }
        Some(Ok::<_, std::convert::Infallible>(out))
    });
    let body = axum::body::Body::from_stream(futures_util::stream::iter(chunks));
    ([(axum::http::header::CONTENT_TYPE, "application/json")], body).into_response()
}

async fn nearest_vehicles(
    State(oc): State<Arc<Ocean>>,
    headers: HeaderMap,
    Query(q): Query<NearestQuery>,
    body: String,
) -> Response {
    let account = match oc.session(&headers).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    let customer = match Ocean::customer(account, q.customer_id) {
        Ok(c) => c,
        Err(r) => return r,
    };
    let Ok(body) = serde_json::from_str::<NearestBody>(&body) else {
        return error(
            StatusCode::BAD_REQUEST,
            "Corps de requête invalide : {\"computeMode\", \"radiusUnit\"} attendu.",
        );
    };
    let (Some(lat), Some(lon), Some(radius)) = (q.latitude, q.longitude, q.radius) else {
        return error(StatusCode::BAD_REQUEST, "Paramètres latitude, longitude et radius obligatoires.");
    };
    if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) || radius <= 0.0 {
        return error(StatusCode::BAD_REQUEST, "Coordonnées ou rayon hors limites.");
    }
    let unit_m = match body.radius_unit.as_deref().map(str::to_ascii_uppercase).as_deref() {
        Some("KM") | Some("KILOMETRE") | Some("KILOMETER") => 1000.0,
        Some("M") | Some("METRE") | Some("METER") => 1.0,
        _ => return error(StatusCode::BAD_REQUEST, "radiusUnit inconnu (KM ou M attendu)."),
    };
    let by_road = match body.compute_mode.as_deref() {
        Some("VOL_OISEAU") => false,
        Some("PAR_ROUTE") => true,
        _ => return error(StatusCode::BAD_REQUEST, "computeMode inconnu (VOL_OISEAU ou PAR_ROUTE attendu)."),
    };
    let limit = match (by_road, q.results_limit) {
        (true, Some(n)) if !(1..=10).contains(&n) => {
            return error(StatusCode::BAD_REQUEST, "resultsLimit doit être compris entre 1 et 10.")
        }
        (true, Some(n)) => n as usize,
        (true, None) => 10,
        (false, _) => usize::MAX,
    };
    let radius_m = radius * unit_m;
    let live = oc.live();
    let hidden = oc.hidden.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone();
    let mut found: Vec<(f64, usize)> = oc
        .vehicles
        .iter()
        .enumerate()
        .filter(|(_, v)| v.customer == customer)
        .filter(|(_, v)| !hidden.contains(&v.id))
        .filter_map(|(i, v)| {
            let at = &live.positions[i];
            let crow = data::haversine_m(lat, lon, at.lat, at.lon);
            (crow <= radius_m).then_some((if by_road { crow * v.road_factor } else { crow }, i))
        })
        .collect();
    found.sort_by(|a, b| a.0.total_cmp(&b.0));
    found.truncate(limit);
    json_array(found, move |out, (d, i)| push_nearest_item(out, &live.rendered[i], d, by_road))
}

/// Test-only (`POST /__sim/nudge`): moves every `every`-th vehicle (by its
/// place in the simulator's list) `north_m` metres north, now, whatever the
/// clock says, and leaves the vehicles `hide` (these only: an empty list
/// shows them all again) out of every later `nearestVehicles` answer. A test then knows exactly which vehicles a
/// refresh must show moved, and which gone.
#[derive(Deserialize)]
struct Nudge {
    #[serde(default)]
    every: usize,
    #[serde(default)]
    north_m: f64,
    #[serde(default)]
    hide: Vec<i64>,
}

async fn nudge(State(oc): State<Arc<Ocean>>, axum::Json(n): axum::Json<Nudge>) -> Response {
    let current = oc.live();
    let mut next = Live::clone(&current);
    let mut moved = Vec::new();
    if n.every > 0 {
        let now = Utc::now();
        for (i, v) in oc.vehicles.iter().enumerate().filter(|(i, _)| i % n.every == 0) {
            let p = &mut next.positions[i];
            p.lat = data::round6(p.lat + n.north_m / 111_320.0);
            p.at = now;
            next.rendered[i] = Arc::new(render(v, p));
            moved.push(v.id);
        }
    }
    *oc.live.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Arc::new(next);
    *oc.hidden.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = n.hide.into_iter().collect();
    axum::Json(json!({ "moved": moved })).into_response()
}
