//! Ocean `restapi` (camelCase JSON with French names). Every call after
//! `auth/authenticate2` carries the token in `X-AUTH-TOKEN`.
//!
//! The response DTOs are in `responses.rs`; a `nearestVehicles` result is
//! read only for what the console shows (it can be 100 MB), and `fast.rs`
//! reads the same keys with a typed fast path. The vehicle list is as large
//! and kept all day: `listed.rs` reads it, as it arrives, into compact
//! entries; one vehicle's full record is read by its plate when shown.

use std::{cell::RefCell, rc::Rc};

use gloo_net::http::Method;
use serde::Serialize;

use super::http::{percent_encode, Call};
use super::list_stream::{Fingerprinting, ListStream};
use super::tolerant::{decode_list, decode_object, Decoded};
use super::ApiError;
use crate::config::OceanConfig;
use crate::domain::common::{Fingerprint, Received};
use crate::domain::fleet::*;

pub const VENDOR: &str = "Ocean";
/// The kind of call a newer search (or a cancel) ends.
const NEAREST: &str = "ocean-nearest";

/// Ocean as configured: built once from `config.json`, provided to the
/// pages through context (`crate::use_ocean`). Every call but the login
/// takes the user's token (`crate::ocean_session`).
#[derive(Clone, Debug, PartialEq)]
pub struct Ocean {
    base_url: String,
    /// `radiusUnit` of nearestVehicles: its values are not published.
    radius_unit: String,
    timeout_ms: u32,
}
/// The vendor's token lifetime; there is no refresh call.
pub const TOKEN_LIFETIME_MS: f64 = 12.0 * 3600.0 * 1000.0;

/// Request bodies, with exactly the documented keys.
pub mod dto {
    use super::*;

    #[derive(Serialize)]
    pub struct Authenticate2Request<'a> {
        pub login: &'a str,
        pub password: &'a str,
    }

    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct NearestVehiclesBody<'a> {
        pub compute_mode: &'a str,
        pub radius_unit: &'a str,
    }
}

mod fast;
mod listed;
mod responses;

use responses::EntitiesDto;

fn with_customer(u: String, customer_id: Option<i64>) -> String {
    match customer_id {
        Some(c) => format!("{u}?customerId={c}"),
        None => u,
    }
}

pub fn authenticate_body(login: &str, password: &str) -> String {
    serde_json::to_string(&dto::Authenticate2Request { login, password }).unwrap_or_default()
}

pub fn decode_entities(body: &str) -> Result<Decoded<Vec<Entity>>, ApiError> {
    decode_object::<EntitiesDto>(body).map(|d| Decoded { value: d.value.0, warnings: d.warnings })
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

/// A `nearestVehicles` answer read as it arrives: the typed fast path for
/// each element, the tolerant reader for those it refuses.
pub fn nearest_stream() -> ListStream<NearbyVehicle> {
    ListStream::new(fast::nearby_vehicle)
}

/// What a refresh knows of the previous answer to its search.
pub struct Known {
    /// Its results by the fingerprint of their bytes.
    pub by_fingerprint: Box<dyn Fn(Fingerprint) -> Option<std::sync::Arc<NearbyVehicle>>>,
    /// How many results it had: the next answer holds about as many, and
    /// its list is sized from it (grown by doubling, a 50,000-result list
    /// ends with room for 65,536, and the copy at its last growth holds
    /// both, at the moment a refresh holds two answers anyway).
    pub results: usize,
}

impl Known {
    /// Nothing known: a first answer.
    pub fn nothing() -> Known {
        Known { by_fingerprint: Box::new(|_| None), results: 0 }
    }
}

/// A `nearestVehicles` answer read as it arrives, shared results, each
/// element's bytes fingerprinted: one that `known` knows is taken from there
/// rather than read again (the refresh of a search).
pub fn fingerprinted_nearest_stream(known: Known) -> ListStream<StreamedVehicle> {
    // Room for a few more than last time: results come and go at the edge.
    let expected = known.results + known.results / 32;
    let Known { by_fingerprint, .. } = known;
    ListStream::new(fast::streamed_vehicle).expecting(expected).fingerprinting(Fingerprinting {
        known: Box::new(move |fingerprint| {
            by_fingerprint(fingerprint).map(|vehicle| StreamedVehicle { vehicle, fingerprint: Some(fingerprint) })
        }),
        mark: |item, fingerprint| item.fingerprint = Some(fingerprint),
    })
}

/// A whole `nearestVehicles` answer, read as [`nearest_stream`] reads it.
pub fn decode_nearest(body: &str) -> Result<Decoded<Vec<NearbyVehicle>>, ApiError> {
    let mut stream = nearest_stream();
    stream.push(body.as_bytes());
    stream.finish()
}

/// The customer's vehicle list read as it arrives, into compact entries:
/// the typed fast path for each element, the tolerant reader for those it
/// refuses.
pub fn fleet_stream() -> ListStream<ListedVehicle> {
    ListStream::new(listed::listed_vehicle)
}

/// A whole vehicle list, read as [`fleet_stream`] reads it.
pub fn decode_fleet(body: &str) -> Result<Decoded<Vec<ListedVehicle>>, ApiError> {
    let mut stream = fleet_stream();
    stream.push(body.as_bytes());
    let read = stream.finish();
    super::interned::forget_unused();
    read
}

/// Full records (`vehicule_engin/vehicles?immatriculation=…`: a few at most).
pub fn decode_vehicles(body: &str) -> Result<Decoded<Vec<VehicleDetails>>, ApiError> {
    decode_list(body)
}

impl Ocean {
    /// Only its own configuration, and the deadline of every call.
    pub fn new(c: &OceanConfig, timeout_ms: u32) -> Self {
        Ocean { base_url: c.base_url.clone(), radius_unit: c.radius_unit.clone(), timeout_ms }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path)
    }

    /// A read with the user's token.
    fn read(&self, url: String, token: &str) -> Call {
        Call::read(url, self.timeout_ms).header("X-AUTH-TOKEN", token.to_string())
    }

    /// Logs in. The password is only borrowed for the call.
    pub async fn authenticate(&self, login: &str, password: &str) -> Result<SignedIn, ApiError> {
        let body = authenticate_body(login, password);
        let answer =
            Call::send_json(Method::POST, self.url("auth/authenticate2"), body, self.timeout_ms).send().await?;
        Ok(decode_object::<SignedIn>(&answer)?.value)
    }

    pub async fn entities(&self, token: &str, customer_id: Option<i64>) -> Result<Decoded<Vec<Entity>>, ApiError> {
        let body = self.read(with_customer(self.url("mobility/v1/entities"), customer_id), token).send().await?;
        decode_entities(&body)
    }

    /// URL (query parameters) and JSON body of a nearestVehicles call.
    pub fn nearest_request(&self, q: &NearestQuery) -> (String, String) {
        let mut params =
            vec![format!("radius={}", q.radius), format!("latitude={}", q.lat), format!("longitude={}", q.lon)];
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
        let body = dto::NearestVehiclesBody { compute_mode: mode, radius_unit: &self.radius_unit };
        let body = serde_json::to_string(&body).unwrap_or_default();
        (format!("{}?{}", self.url("vehicule_engin/nearestVehicles"), params.join("&")), body)
    }

    /// Only the newest search matters: a new one aborts the previous, as
    /// [`Ocean::cancel_nearest`] does. `progress` is told how far the
    /// answer has come while it arrives; a result whose bytes `known` knows
    /// (the previous answer's) is taken from there, not read again.
    pub async fn nearest_vehicles(
        &self,
        token: &str,
        q: &NearestQuery,
        known: Known,
        progress: impl Fn(Received) + 'static,
    ) -> Result<Decoded<Vec<StreamedVehicle>>, ApiError> {
        let (url, body) = self.nearest_request(q);
        // Up to 100 MB: decoded while it arrives.
        let answer = Rc::new(RefCell::new(fingerprinted_nearest_stream(known).reporting(progress)));
        // A search: POST by Ocean's contract, but it changes nothing.
        Call::send_json(Method::POST, url, body, self.timeout_ms)
            .idempotent()
            .header("X-AUTH-TOKEN", token.to_string())
            .latest_of(NEAREST)
            .body_into(answer.clone())
            .send()
            .await?;
        // For the benchmark: where a large answer's time goes.
        crate::perf::mark("ocean:nearest-body");
        let decoded = answer.replace(ListStream::new(fast::streamed_vehicle)).finish();
        crate::perf::mark("ocean:nearest-decoded");
        // The texts of the answers before the one on screen go (that one
        // still holds its own, the new one shares them).
        super::interned::forget_unused();
        decoded
    }

    /// Ends the nearest search in flight: its caller gets
    /// [`ApiError::Superseded`].
    pub fn cancel_nearest(&self) {
        super::http::cancel(NEAREST);
    }

    /// The customer's whole vehicle list: the plates, entities and VINs
    /// that `nearestVehicles` lacks, as compact entries. `includeFields` is
    /// not sent: its syntax ("see Facebook Graph API") is not specified
    /// enough to rely on. Up to ~95 MB: decoded while it arrives, so that
    /// the body is never one string nor one JSON tree.
    pub async fn fleet(&self, token: &str, customer_id: Option<i64>) -> Result<Decoded<Vec<ListedVehicle>>, ApiError> {
        let answer = Rc::new(RefCell::new(fleet_stream()));
        let url = with_customer(self.url("vehicule_engin/vehicles"), customer_id);
        let sent = self.read(url, token).body_into(answer.clone()).send().await;
        let decoded = sent.and_then(|_| answer.replace(fleet_stream()).finish());
        // A failed read's entries go first, so that the names only they
        // held are let go too.
        drop(answer);
        super::interned::forget_unused();
        decoded
    }

    /// URL of the full records listed under `plate`, sent as the list gave
    /// it (only encoded): how Ocean matches plates is not published.
    pub fn by_plate_url(&self, customer_id: Option<i64>, plate: &str) -> String {
        let url = with_customer(self.url("vehicule_engin/vehicles"), customer_id);
        let sep = if customer_id.is_some() { '&' } else { '?' };
        format!("{url}{sep}immatriculation={}", percent_encode(plate))
    }

    /// The full records Ocean lists under `plate` (the details panel's one
    /// vehicle).
    pub async fn vehicles_by_plate(
        &self,
        token: &str,
        customer_id: Option<i64>,
        plate: &str,
    ) -> Result<Decoded<Vec<VehicleDetails>>, ApiError> {
        let body = self.read(self.by_plate_url(customer_id, plate), token).send().await?;
        decode_vehicles(&body)
    }
}

#[cfg(test)]
mod tests;
