//! Ocean `restapi` (camelCase JSON with French names). Every call after
//! `auth/authenticate2` carries the token in `X-AUTH-TOKEN`.

use gloo_net::http::Method;
use serde::{Deserialize, Serialize};

use super::http::{decode, Call};
use super::ApiError;
use crate::config::AppConfig;
use crate::domain::fleet::{ComputeMode, Entity, NearbyVehicle};

pub const VENDOR: &str = "Ocean";
/// The vendor's token lifetime; there is no refresh call.
pub const TOKEN_LIFETIME_MS: f64 = 12.0 * 3600.0 * 1000.0;

mod dto {
    use super::*;

    #[derive(Serialize)]
    pub struct Authenticate2Request<'a> {
        pub login: &'a str,
        pub password: &'a str,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Authenticate2Response {
        pub token: String,
    }

    #[derive(Deserialize)]
    pub struct EntitiesResponse {
        #[serde(default)]
        pub entities: Vec<EntityDto>,
    }

    #[derive(Deserialize)]
    pub struct EntityDto {
        pub id: i64,
        pub nom: Option<String>,
    }

    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct NearestVehiclesBody<'a> {
        pub compute_mode: &'a str,
        pub radius_unit: &'a str,
    }

    #[derive(Deserialize)]
    pub struct NearestDto {
        pub address: Option<AddressDto>,
        pub distance: Option<f64>,
        pub driver: Option<DriverDto>,
        pub vehicle: Option<VehicleDto>,
    }

    #[derive(Deserialize)]
    pub struct AddressDto {
        pub latitude: Option<f64>,
        pub longitude: Option<f64>,
    }

    #[derive(Deserialize)]
    pub struct DriverDto {
        pub individu: Option<IndividuDto>,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct IndividuDto {
        pub nom_ind: Option<String>,
        pub prenom_ind: Option<String>,
    }

    #[derive(Deserialize)]
    pub struct VehicleDto {
        pub id: Option<i64>,
        pub description: Option<String>,
        pub categorie: Option<String>,
    }
}

fn url(config: &AppConfig, path: &str) -> String {
    format!("{}{}", config.vendors.ocean.base_url, path)
}

/// Logs in; returns the token. The password is only borrowed for the call.
pub async fn authenticate(config: &AppConfig, login: &str, password: &str) -> Result<String, ApiError> {
    let body = serde_json::to_string(&dto::Authenticate2Request { login, password })
        .map_err(|e| ApiError::Network(e.to_string()))?;
    let answer = Call::get(url(config, "auth/authenticate2"), config.request_timeout_ms)
        .with_json(Method::POST, body)
        .send()
        .await?;
    Ok(decode::<dto::Authenticate2Response>(&answer)?.token)
}

fn customer_query(customer_id: Option<i64>) -> String {
    customer_id.map(|c| format!("customerId={c}")).unwrap_or_default()
}

pub async fn entities(config: &AppConfig, token: &str, customer_id: Option<i64>) -> Result<Vec<Entity>, ApiError> {
    let q = customer_query(customer_id);
    let u = if q.is_empty() { url(config, "mobility/v1/entities") } else { format!("{}?{q}", url(config, "mobility/v1/entities")) };
    let body = Call::get(u, config.request_timeout_ms).header("X-AUTH-TOKEN", token.to_string()).send().await?;
    let r: dto::EntitiesResponse = decode(&body)?;
    Ok(r.entities.into_iter().map(|e| Entity { id: e.id, name: e.nom.unwrap_or_default() }).collect())
}

#[derive(Clone, Debug, PartialEq)]
pub struct NearestQuery {
    pub customer_id: Option<i64>,
    pub lat: f64,
    pub lon: f64,
    pub radius: u32,
    pub mode: ComputeMode,
    /// Only sent for [`ComputeMode::ByRoad`], as the vendor documents.
    pub results_limit: Option<u8>,
}

pub fn nearest_request(config: &AppConfig, q: &NearestQuery) -> (String, String) {
    let mut params = vec![format!("radius={}", q.radius), format!("latitude={}", q.lat), format!("longitude={}", q.lon)];
    if let Some(c) = q.customer_id {
        params.insert(0, format!("customerId={c}"));
    }
    if let (ComputeMode::ByRoad, Some(n)) = (q.mode, q.results_limit) {
        params.push(format!("resultsLimit={n}"));
    }
    let mode = match q.mode {
        ComputeMode::CrowFlies => "VOL_OISEAU",
        ComputeMode::ByRoad => "PAR_ROUTE",
    };
    let body = serde_json::to_string(&dto::NearestVehiclesBody { compute_mode: mode, radius_unit: &config.vendors.ocean.radius_unit })
        .unwrap_or_default();
    (format!("{}?{}", url(config, "vehicule_engin/nearestVehicles"), params.join("&")), body)
}

pub fn decode_nearest(body: &str) -> Result<Vec<NearbyVehicle>, ApiError> {
    let list: Vec<dto::NearestDto> = decode(body)?;
    Ok(list
        .into_iter()
        .map(|n| {
            let (lat, lon) = n.address.as_ref().map(|a| (a.latitude.unwrap_or(0.0), a.longitude.unwrap_or(0.0))).unwrap_or((0.0, 0.0));
            let vehicle = n.vehicle;
            NearbyVehicle {
                id: vehicle.as_ref().and_then(|v| v.id).unwrap_or_default(),
                label: vehicle.as_ref().and_then(|v| v.description.clone()).unwrap_or_default(),
                category: vehicle.as_ref().and_then(|v| v.categorie.clone()).unwrap_or_default(),
                driver: n.driver.and_then(|d| d.individu).map(|i| {
                    format!("{} {}", i.prenom_ind.unwrap_or_default(), i.nom_ind.unwrap_or_default()).trim().to_string()
                }),
                lat,
                lon,
                distance_m: n.distance.unwrap_or(0.0),
            }
        })
        .collect())
}

pub async fn nearest_vehicles(config: &AppConfig, token: &str, q: &NearestQuery) -> Result<Vec<NearbyVehicle>, ApiError> {
    let (u, body) = nearest_request(config, q);
    let answer = Call::get(u, config.request_timeout_ms)
        .with_json(Method::POST, body)
        .header("X-AUTH-TOKEN", token.to_string())
        .send()
        .await?;
    decode_nearest(&answer)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> AppConfig {
        crate::config::parse_config(include_str!("../../public/config.json")).expect("config")
    }

    #[test]
    fn results_limit_is_sent_only_by_road() {
        let mut q = NearestQuery { customer_id: None, lat: 48.85, lon: 2.35, radius: 10, mode: ComputeMode::CrowFlies, results_limit: Some(3) };
        let (u, body) = nearest_request(&config(), &q);
        assert_eq!(u, "/vendors/ocean/vehicule_engin/nearestVehicles?radius=10&latitude=48.85&longitude=2.35");
        assert_eq!(body, r#"{"computeMode":"VOL_OISEAU","radiusUnit":"KM"}"#);
        q.mode = ComputeMode::ByRoad;
        q.customer_id = Some(1002);
        let (u, _) = nearest_request(&config(), &q);
        assert!(u.ends_with("?customerId=1002&radius=10&latitude=48.85&longitude=2.35&resultsLimit=3"), "{u}");
    }
}
