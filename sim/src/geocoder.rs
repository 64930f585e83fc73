//! The geocoder: the French national address API (BAN), as IGN's
//! Géoplateforme serves it (`/geocodage/search`, `/geocodage/reverse`),
//! answering GeoJSON from a gazetteer of addresses in the simulator's
//! cities, so address search works offline. No key: the API is public.
//! The shape is `fixtures/geocoder-search.json`.

use std::{collections::HashMap, sync::Arc};

use axum::{
    extract::{Query, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::get,
    Json, Router,
};
use serde_json::{json, Value};

use crate::data::{self, City};

pub const SEARCH_PATH: &str = "/geocoder/search";
pub const REVERSE_PATH: &str = "/geocoder/reverse";

/// House numbers on each street of each city.
const NUMBERS: [u32; 6] = [2, 7, 12, 25, 38, 51];

struct Address {
    number: Option<u32>,
    street: Option<&'static str>,
    city: &'static City,
    lat: f64,
    lon: f64,
    /// Lower-case, accents removed: what a query is matched against.
    words: Vec<String>,
}

impl Address {
    fn label(&self) -> String {
        match (self.number, self.street) {
            (Some(n), Some(s)) => format!("{n} {} {} {}", capitalised(s), self.city.postcode, self.city.name),
            _ => format!("{} {}", self.city.postcode, self.city.name),
        }
    }

    fn feature(&self, score: f64, distance_m: Option<f64>) -> Value {
        let (x, y) = lambert93(self.lat, self.lon);
        let citycode =
            format!("{}{:03}", &self.city.postcode[..2], self.city.postcode[2..].parse::<u32>().unwrap_or(0) + 100);
        let (kind, name) = match (self.number, self.street) {
            (Some(n), Some(s)) => ("housenumber", format!("{n} {}", capitalised(s))),
            _ => ("municipality", self.city.name.to_string()),
        };
        let mut properties = json!({
            "label": self.label(),
            "score": score,
            "id": format!("{citycode}_{:04}_{:05}", self.street.map_or(0, street_code), self.number.unwrap_or(0)),
            "name": name,
            "postcode": self.city.postcode,
            "citycode": citycode,
            "x": x,
            "y": y,
            "city": self.city.name,
            "context": format!("{}, {}", &self.city.postcode[..2], self.city.name),
            "type": kind,
            "importance": 0.6,
            "_type": "address",
        });
        if let (Some(n), Some(s)) = (self.number, self.street) {
            properties["housenumber"] = json!(n.to_string());
            properties["street"] = json!(capitalised(s));
        }
        if let Some(d) = distance_m {
            properties["distance"] = json!(d.round());
        }
        json!({
            "type": "Feature",
            "geometry": { "type": "Point", "coordinates": [self.lon, self.lat] },
            "properties": properties,
        })
    }
}

pub struct Geocoder {
    addresses: Vec<Address>,
}

impl Geocoder {
    pub fn new(seed: u64) -> Self {
        let mut rng = data::rng(seed, 7);
        let mut addresses = Vec::new();
        for city in data::CITIES {
            addresses.push(Address::new(None, None, city, city.lat, city.lon));
            for street in data::STREETS {
                for n in NUMBERS {
                    let (lat, lon) = data::point_near(city, 6.0, &mut rng);
                    addresses.push(Address::new(Some(n), Some(street), city, lat, lon));
                }
            }
        }
        Geocoder { addresses }
    }

    pub fn router(self: Arc<Self>) -> Router {
        Router::new().route(SEARCH_PATH, get(search)).route(REVERSE_PATH, get(reverse)).with_state(self)
    }
}

impl Address {
    fn new(number: Option<u32>, street: Option<&'static str>, city: &'static City, lat: f64, lon: f64) -> Self {
        let mut a = Address { number, street, city, lat, lon, words: Vec::new() };
        a.words = words(&a.label());
        a
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

fn street_code(street: &str) -> u32 {
    street.bytes().fold(0u32, |h, b| (h * 31 + b as u32) % 9000) + 1000
}

/// Lower-case words without accents or punctuation.
fn words(text: &str) -> Vec<String> {
    let plain: String = text
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' => 'i',
            'ô' | 'ö' => 'o',
            'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            c if c.is_alphanumeric() => c,
            _ => ' ',
        })
        .collect();
    plain.split_whitespace().map(str::to_string).collect()
}

fn bad_request(message: &str) -> Response {
    (StatusCode::BAD_REQUEST, Json(json!({ "code": 400, "message": message }))).into_response()
}

/// A parameter's problem, answered as a 400 by the handler.
type Refusal = String;

fn number(params: &HashMap<String, String>, key: &str) -> Result<Option<f64>, Refusal> {
    match params.get(key) {
        None => Ok(None),
        Some(v) => v.parse::<f64>().map(Some).map_err(|_| format!("{key}: must be a number")),
    }
}

fn limit(params: &HashMap<String, String>, default: usize) -> Result<usize, Refusal> {
    match params.get("limit") {
        None => Ok(default),
        Some(v) => match v.parse::<usize>() {
            Ok(n) if (1..=50).contains(&n) => Ok(n),
            _ => Err("limit: must be an integer between 1 and 50".into()),
        },
    }
}

/// `q` (3 to 200 characters), `limit` (1–50, default 10), `lat`/`lon`
/// (prefer what is near). Every word must begin a word of the address (the
/// last one may be cut short: autocompletion); the score is the share of
/// the address's words matched.
async fn search(State(g): State<Arc<Geocoder>>, Query(params): Query<HashMap<String, String>>) -> Response {
    let q = params.get("q").map(|q| q.trim()).unwrap_or("");
    if !(3..=200).contains(&q.chars().count()) {
        return bad_request("q: must contain between 3 and 200 chars and start with a number or a letter");
    }
    let (limit, lat, lon) = match (limit(&params, 10), number(&params, "lat"), number(&params, "lon")) {
        (Ok(l), Ok(lat), Ok(lon)) => (l, lat, lon),
        (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => return bad_request(&e),
    };
    let wanted = words(q);
    let mut found: Vec<(f64, f64, &Address)> = g
        .addresses
        .iter()
        .filter(|a| wanted.iter().all(|w| a.words.iter().any(|aw| aw.starts_with(w.as_str()))))
        .map(|a| {
            let score = wanted.len() as f64 / a.words.len().max(wanted.len()) as f64;
            let near = match (lat, lon) {
                (Some(lat), Some(lon)) => data::haversine_m(lat, lon, a.lat, a.lon),
                _ => 0.0,
            };
            (score, near, a)
        })
        .collect();
    found.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.total_cmp(&y.1)));
    let features: Vec<Value> = found.iter().take(limit).map(|(score, _, a)| a.feature(*score, None)).collect();
    Json(json!({ "type": "FeatureCollection", "features": features, "query": q })).into_response()
}

/// `lat`, `lon` (required), `limit` (default 1): the nearest addresses.
async fn reverse(State(g): State<Arc<Geocoder>>, Query(params): Query<HashMap<String, String>>) -> Response {
    let (limit, lat, lon) = match (limit(&params, 1), number(&params, "lat"), number(&params, "lon")) {
        (Ok(l), Ok(Some(lat)), Ok(Some(lon))) if (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon) => {
            (l, lat, lon)
        }
        (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => return bad_request(&e),
        _ => return bad_request("lat, lon: required, in degrees"),
    };
    let mut near: Vec<(f64, &Address)> = g
        .addresses
        .iter()
        .filter(|a| a.number.is_some())
        .map(|a| (data::haversine_m(lat, lon, a.lat, a.lon), a))
        .collect();
    near.sort_by(|x, y| x.0.total_cmp(&y.0));
    // Further than 10 km from any address: nothing there.
    let features: Vec<Value> =
        near.iter().take(limit).filter(|(d, _)| *d < 10_000.0).map(|(d, a)| a.feature(1.0, Some(*d))).collect();
    Json(json!({ "type": "FeatureCollection", "features": features })).into_response()
}

/// WGS84 → Lambert-93 (RGF93, the `x`/`y` of the French address API), in metres.
pub fn lambert93(lat: f64, lon: f64) -> (f64, f64) {
    const A: f64 = 6_378_137.0;
    const E: f64 = 0.081_819_191_042_815_8;
    let (phi0, phi1, phi2, lambda0) = (46.5f64.to_radians(), 49f64.to_radians(), 44f64.to_radians(), 3f64.to_radians());
    let m = |p: f64| p.cos() / (1.0 - (E * p.sin()).powi(2)).sqrt();
    let t = |p: f64| {
        (std::f64::consts::FRAC_PI_4 - p / 2.0).tan() / ((1.0 - E * p.sin()) / (1.0 + E * p.sin())).powf(E / 2.0)
    };
    let n = (m(phi1).ln() - m(phi2).ln()) / (t(phi1).ln() - t(phi2).ln());
    let f = m(phi1) / (n * t(phi1).powf(n));
    let rho = |p: f64| A * f * t(p).powf(n);
    let theta = n * (lon.to_radians() - lambda0);
    let r = rho(lat.to_radians());
    let x = 700_000.0 + r * theta.sin();
    let y = 6_600_000.0 + rho(phi0) - r * theta.cos();
    ((x * 100.0).round() / 100.0, (y * 100.0).round() / 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lambert93_puts_its_origin_at_its_false_origin() {
        // RGF93 / Lambert-93: 46°30'N 3°E is (700 000, 6 600 000) by definition.
        assert_eq!(lambert93(46.5, 3.0), (700_000.0, 6_600_000.0));
        // East is +x, north is +y; a degree of latitude is about 111 km.
        let (x, y) = lambert93(47.5, 3.0);
        assert!((x - 700_000.0).abs() < 1.0 && (y - 6_711_000.0).abs() < 1_000.0, "{x} {y}");
        assert!(lambert93(46.5, 4.0).0 > 770_000.0);
    }

    #[test]
    fn words_ignore_case_accents_and_punctuation() {
        assert_eq!(
            words("12, Rue de la République 69003 Lyon"),
            ["12", "rue", "de", "la", "republique", "69003", "lyon"]
        );
    }
}
