//! The geocoder: a GeoJSON address search and its reverse. The default is
//! the French national address API (BAN) on IGN's Géoplateforme
//! (`/geocodage/search`, `/geocodage/reverse`); Photon and Nominatim
//! (`format=geojson`) answer the same shape. Paths and any extra query
//! parameters come from `config.json`; the proxy holds nothing secret for
//! it (the API is public) but keeps it same-origin and rate-limited.
//!
//! The `FromJson` impls below are the answer's DTOs: a `FeatureCollection`
//! whose features are points with a `properties.label`.

use super::http::{percent_encode, Call};
use super::tolerant::{decode_object, FromJson, Obj};
use super::ApiError;
use crate::config::GeocoderConfig;
use crate::domain::common::Decoded;
use crate::domain::places::Place;

pub const VENDOR: &str = "geocoder";

/// Suggestions asked for while the user types.
pub const SUGGESTIONS: u8 = 6;

#[derive(Clone, Debug, PartialEq)]
pub struct Geocoder {
    search_url: String,
    reverse_url: String,
    extra_query: String,
    timeout_ms: u32,
}

struct FeatureCollection {
    features: Vec<Feature>,
}

/// A feature that is not a usable point is left out, with a warning.
struct Feature(Place);

struct Geometry {
    coordinates: Vec<f64>,
}

struct Properties {
    label: Option<String>,
}

impl FromJson for FeatureCollection {
    fn from_json(o: &mut Obj<'_, '_>) -> Result<Self, String> {
        Ok(FeatureCollection { features: o.list("features") })
    }
}

impl FromJson for Feature {
    fn from_json(o: &mut Obj<'_, '_>) -> Result<Self, String> {
        let geometry: Option<Geometry> = o.object("geometry");
        let properties: Option<Properties> = o.object("properties");
        let label =
            properties.and_then(|p| p.label).filter(|l| !l.trim().is_empty()).ok_or("feature without a label")?;
        // GeoJSON positions are longitude first.
        let (lon, lat) = match geometry.as_ref().map(|g| g.coordinates.as_slice()) {
            Some([lon, lat, ..]) => (*lon, *lat),
            _ => return Err("feature without a point".into()),
        };
        if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
            return Err(format!("point ({lon}, {lat}) is not longitude, latitude"));
        }
        Ok(Feature(Place { label, lat, lon }))
    }
}

impl FromJson for Geometry {
    fn from_json(o: &mut Obj<'_, '_>) -> Result<Self, String> {
        Ok(Geometry { coordinates: o.numbers("coordinates") })
    }
}

impl FromJson for Properties {
    fn from_json(o: &mut Obj<'_, '_>) -> Result<Self, String> {
        Ok(Properties { label: o.string("label") })
    }
}

/// The places of a GeoJSON answer, in the geocoder's order.
pub fn decode_places(body: &str) -> Result<Decoded<Vec<Place>>, ApiError> {
    decode_object::<FeatureCollection>(body)
        .map(|d| Decoded { value: d.value.features.into_iter().map(|f| f.0).collect(), warnings: d.warnings })
}

impl Geocoder {
    pub fn new(config: &GeocoderConfig, timeout_ms: u32) -> Self {
        Geocoder {
            search_url: format!("{}{}", config.base_url, config.search_path),
            reverse_url: format!("{}{}", config.base_url, config.reverse_path),
            extra_query: config.extra_query.clone(),
            timeout_ms,
        }
    }

    fn url(&self, base: &str, params: &[(&str, String)]) -> String {
        let mut query: Vec<String> = params.iter().map(|(k, v)| format!("{k}={}", percent_encode(v))).collect();
        if !self.extra_query.is_empty() {
            query.push(self.extra_query.clone());
        }
        format!("{base}?{}", query.join("&"))
    }

    /// The search's URL: `q`, `limit`, and `lat`/`lon` to prefer what is near.
    pub fn search_url(&self, text: &str, near: Option<(f64, f64)>, limit: u8) -> String {
        let mut params = vec![("q", text.trim().to_string()), ("limit", limit.to_string())];
        if let Some((lat, lon)) = near {
            params.extend([("lat", format!("{lat:.5}")), ("lon", format!("{lon:.5}"))]);
        }
        self.url(&self.search_url, &params)
    }

    /// The reverse lookup's URL: the one address nearest to a point.
    pub fn reverse_url(&self, lat: f64, lon: f64) -> String {
        self.url(
            &self.reverse_url,
            &[("lat", format!("{lat:.5}")), ("lon", format!("{lon:.5}")), ("limit", "1".into())],
        )
    }

    /// Suggestions for what the user typed; only the latest search of a
    /// kind is kept (typing on makes the previous answer moot).
    pub async fn search(&self, text: &str, near: Option<(f64, f64)>) -> Result<Decoded<Vec<Place>>, ApiError> {
        let body = Call::read(self.search_url(text, near, SUGGESTIONS), self.timeout_ms)
            .latest_of("geocoder-search")
            .send()
            .await?;
        decode_places(&body)
    }

    /// The address nearest to a point, if the geocoder knows one.
    pub async fn reverse(&self, lat: f64, lon: f64) -> Result<Option<Place>, ApiError> {
        let body = Call::read(self.reverse_url(lat, lon), self.timeout_ms).latest_of("geocoder-reverse").send().await?;
        decode_places(&body).map(|d| d.value.into_iter().next())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = include_str!("../../fixtures/geocoder-search.json");

    fn config() -> GeocoderConfig {
        GeocoderConfig {
            base_url: "/vendors/geocoder/".into(),
            search_path: "search".into(),
            reverse_path: "reverse".into(),
            extra_query: "index=address".into(),
        }
    }

    #[test]
    fn the_sample_reads_as_one_place_latitude_second() {
        let d = decode_places(SAMPLE).expect("sample");
        assert!(d.warnings.is_empty(), "{:?}", d.warnings);
        assert_eq!(
            d.value,
            vec![Place { label: "10 Rue Nationale 75013 Paris".into(), lat: 48.822409, lon: 2.369063 }]
        );
    }

    #[test]
    fn unusable_features_are_left_out_with_a_warning_and_the_rest_kept() {
        let body = r#"{"type":"FeatureCollection","features":[
            {"geometry":{"coordinates":[4.8357,45.764]},"properties":{"label":"Lyon"}},
            {"geometry":{"coordinates":[4.8357]},"properties":{"label":"half a point"}},
            {"geometry":{"coordinates":[45.764,184.8]},"properties":{"label":"latitude first"}},
            {"geometry":{"coordinates":[2.35,48.85]},"properties":{"name":"no label"}},
            {"geometry":{"coordinates":["2.35",48.85]},"properties":{"label":"text"}},
            "not a feature"
        ]}"#;
        let d = decode_places(body).expect("a collection");
        assert_eq!(d.value, vec![Place { label: "Lyon".into(), lat: 45.764, lon: 4.8357 }]);
        assert_eq!(d.warnings.len(), 6, "{:?}", d.warnings);
        assert!(d.warnings.iter().any(|w| w.path == "$.features[1]"), "{:?}", d.warnings);
    }

    #[test]
    fn empty_answers_and_broken_bodies() {
        assert_eq!(decode_places(r#"{"type":"FeatureCollection","features":[]}"#).expect("empty").value, vec![]);
        assert!(decode_places("<html>502</html>").is_err());
        assert!(decode_places("[]").is_err());
    }

    #[test]
    fn urls_carry_the_query_encoded_the_point_and_the_extra_parameters() {
        let g = Geocoder::new(&config(), 5_000);
        assert_eq!(
            g.search_url(" 12 rue de l'Église & co ", Some((45.76412345, 4.8357)), 6),
            "/vendors/geocoder/search?q=12%20rue%20de%20l%27%C3%89glise%20%26%20co&limit=6&lat=45.76412&lon=4.83570&index=address"
        );
        assert_eq!(
            g.reverse_url(48.85, 2.35),
            "/vendors/geocoder/reverse?lat=48.85000&lon=2.35000&limit=1&index=address"
        );
        let plain = GeocoderConfig { extra_query: String::new(), search_path: "api".into(), ..config() };
        assert_eq!(Geocoder::new(&plain, 5_000).search_url("Lyon", None, 3), "/vendors/geocoder/api?q=Lyon&limit=3");
    }
}
