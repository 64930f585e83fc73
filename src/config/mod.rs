//! Runtime configuration, read from `/config.json` at start-up.
//!
//! Everything the vendors do not publish (eMabler paths, Vehizen customer,
//! Ocean's radius, distance and duration units) or that differs per deployment (proxy prefixes, map
//! tiles) lives here, in one place, so nothing is guessed in many places.
//! Parsing and validation are pure so that they are tested natively:
//! `json_tree` parses the text, `read.rs` reads the tree into [`AppConfig`],
//! and [`parse_config`] checks the values.

mod read;

use thiserror::Error;
use uuid::Uuid;

use crate::domain::units::{DistanceUnit, DurationUnit, UnitRules};

#[derive(Clone, Debug, PartialEq)]
pub struct AppConfig {
    /// Every vendor request is aborted after this many milliseconds.
    pub request_timeout_ms: u32,
    pub vendors: Vendors,
    pub map: MapConfig,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Vendors {
    pub vehizen: VehizenConfig,
    pub emabler: EmablerConfig,
    pub ocean: OceanConfig,
    /// Address search for the map (optional: without it, coordinates only).
    pub geocoder: Option<GeocoderConfig>,
}

/// A geocoder answering GeoJSON (BAN / Géoplateforme, Photon, Nominatim
/// with `format=geojson`): `q`, `limit`, `lat`, `lon` on search; `lat`,
/// `lon`, `limit` on reverse.
#[derive(Clone, Debug, PartialEq)]
pub struct GeocoderConfig {
    pub base_url: String,
    /// Below `base_url`: Géoplateforme's `search`, Photon's `api`, Nominatim's `search`.
    pub search_path: String,
    /// Below `base_url`: `reverse` for all three.
    pub reverse_path: String,
    /// Extra query parameters sent as they are, e.g. `index=address` or `format=geojson`.
    pub extra_query: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct VehizenConfig {
    /// Same-origin prefix the proxy forwards to the Vehizen API root.
    pub base_url: String,
    /// Customer that new groups belong to, unless the user picks another.
    pub default_customer_id: Option<Uuid>,
    /// Groups offered on the Groups page: the vendor publishes no list call.
    pub pinned_groups: Vec<Uuid>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct EmablerConfig {
    pub base_url: String,
    /// Path of "get-authorised-users" below `base_url` (not published).
    pub driver_tree_path: String,
    /// Path of "get-authorised-user-external-id"; `{externalId}` is replaced.
    pub driver_by_external_id_path: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct OceanConfig {
    pub base_url: String,
    /// `radiusUnit` sent to nearestVehicles; its values are not published.
    pub radius_unit: String,
    /// The unit of `distance` in nearestVehicles results (not published):
    /// inferred from each answer by default.
    pub distance_unit: DistanceUnitSetting,
    /// The unit of `duration` (by road; not published): seconds by default.
    pub duration_unit: DurationUnitSetting,
    /// For a login that acts for several customers: the customers it may
    /// pick (`customerId`). Ocean has no call that lists them; without this
    /// list the user types an id.
    pub customers: Vec<OceanCustomer>,
}

/// `distanceUnit`: `"auto"` (inferred from each answer's positions), `"m"`
/// or `"km"`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DistanceUnitSetting {
    #[default]
    Auto,
    Metres,
    Kilometres,
}

/// `durationUnit`: `"s"`, `"min"` or `"h"`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DurationUnitSetting {
    #[default]
    Seconds,
    Minutes,
    Hours,
}

impl DistanceUnitSetting {
    /// As written in `config.json`.
    pub fn as_str(self) -> &'static str {
        match self {
            DistanceUnitSetting::Auto => "auto",
            DistanceUnitSetting::Metres => "m",
            DistanceUnitSetting::Kilometres => "km",
        }
    }
}

impl DurationUnitSetting {
    /// As written in `config.json`.
    pub fn as_str(self) -> &'static str {
        match self {
            DurationUnitSetting::Seconds => "s",
            DurationUnitSetting::Minutes => "min",
            DurationUnitSetting::Hours => "h",
        }
    }
}

impl OceanConfig {
    /// How nearestVehicles' distances and durations are read.
    pub fn unit_rules(&self) -> UnitRules {
        let distance = match self.distance_unit {
            DistanceUnitSetting::Auto => None,
            DistanceUnitSetting::Metres => Some(DistanceUnit::Metres),
            DistanceUnitSetting::Kilometres => Some(DistanceUnit::Kilometres),
        };
        let duration = match self.duration_unit {
            DurationUnitSetting::Seconds => DurationUnit::Seconds,
            DurationUnitSetting::Minutes => DurationUnit::Minutes,
            DurationUnitSetting::Hours => DurationUnit::Hours,
        };
        UnitRules { distance, duration }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct OceanCustomer {
    pub id: i64,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct MapConfig {
    /// Leaflet URL template; empty means no tiles (markers still drawn).
    pub tile_url: String,
    pub attribution: String,
    pub center: LatLon,
    pub zoom: f64,
    /// How often a shown search runs again while the page is visible and
    /// idle (seconds; 0 starts paused). The dispatcher can change it.
    pub refresh_seconds: u32,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LatLon {
    pub lat: f64,
    pub lon: f64,
}

/// The shortest and longest live refresh interval: below 5 s a 50,000-vehicle
/// answer could still be arriving when the next one is asked for.
pub const REFRESH_SECONDS: std::ops::RangeInclusive<u32> = 5..=3600;

pub const EXTERNAL_ID_PLACEHOLDER: &str = "{externalId}";

#[derive(Debug, Error, PartialEq)]
pub enum ConfigError {
    #[error("config.json is not valid JSON: {0}")]
    Syntax(String),
    /// A key missing, unknown or of the wrong type (`read.rs`).
    #[error("config.json: {0}")]
    Shape(String),
    #[error("config.json: {field} {problem}")]
    Invalid { field: &'static str, problem: String },
}

fn invalid(field: &'static str, problem: impl Into<String>) -> ConfigError {
    ConfigError::Invalid { field, problem: problem.into() }
}

/// Vendor traffic must go through our own proxy (same origin), which holds
/// the credentials: an absolute URL would send the browser to the vendor.
fn check_prefix(field: &'static str, prefix: &str) -> Result<(), ConfigError> {
    if !prefix.starts_with('/') || prefix.starts_with("//") {
        return Err(invalid(field, format!("must be a same-origin path starting with '/', got {prefix:?}")));
    }
    if !prefix.ends_with('/') {
        return Err(invalid(field, format!("must end with '/', got {prefix:?}")));
    }
    Ok(())
}

fn check_relative(field: &'static str, path: &str) -> Result<(), ConfigError> {
    if path.is_empty() || path.starts_with('/') || path.contains("://") || path.split('/').any(|s| s == "..") {
        return Err(invalid(field, format!("must be a relative path below the vendor prefix, got {path:?}")));
    }
    Ok(())
}

pub fn parse_config(text: &str) -> Result<AppConfig, ConfigError> {
    let json = crate::json_tree::parse(text).map_err(ConfigError::Syntax)?;
    let config = read::app_config(&json)?;
    if config.request_timeout_ms == 0 {
        return Err(invalid("requestTimeoutMs", "must be greater than 0"));
    }
    check_prefix("vendors.vehizen.baseUrl", &config.vendors.vehizen.base_url)?;
    check_prefix("vendors.emabler.baseUrl", &config.vendors.emabler.base_url)?;
    check_prefix("vendors.ocean.baseUrl", &config.vendors.ocean.base_url)?;
    check_relative("vendors.emabler.driverTreePath", &config.vendors.emabler.driver_tree_path)?;
    if let Some(g) = &config.vendors.geocoder {
        check_prefix("vendors.geocoder.baseUrl", &g.base_url)?;
        check_relative("vendors.geocoder.searchPath", &g.search_path)?;
        check_relative("vendors.geocoder.reversePath", &g.reverse_path)?;
        if g.extra_query.contains(['?', '#']) || g.extra_query.starts_with('&') {
            return Err(invalid("vendors.geocoder.extraQuery", "must be name=value pairs joined by '&'"));
        }
    }
    let by_id = &config.vendors.emabler.driver_by_external_id_path;
    check_relative("vendors.emabler.driverByExternalIdPath", by_id)?;
    if !by_id.contains(EXTERNAL_ID_PLACEHOLDER) {
        return Err(invalid(
            "vendors.emabler.driverByExternalIdPath",
            format!("must contain {EXTERNAL_ID_PLACEHOLDER}"),
        ));
    }
    if config.vendors.ocean.radius_unit.trim().is_empty() {
        return Err(invalid("vendors.ocean.radiusUnit", "must not be empty"));
    }
    let tiles = &config.map.tile_url;
    let has_placeholders = ["{z}", "{x}", "{y}"].iter().all(|p| tiles.contains(p));
    if !tiles.is_empty() && !has_placeholders {
        return Err(invalid("map.tileUrl", "must contain {z}, {x} and {y}, or be empty for no tiles"));
    }
    let LatLon { lat, lon } = config.map.center;
    if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
        return Err(invalid("map.center", format!("({lat}, {lon}) is not a valid latitude/longitude")));
    }
    if !(0.0..=20.0).contains(&config.map.zoom) {
        return Err(invalid("map.zoom", "must be between 0 and 20"));
    }
    let every = config.map.refresh_seconds;
    if every != 0 && !REFRESH_SECONDS.contains(&every) {
        return Err(invalid("map.refreshSeconds", "must be 0 (paused) or between 5 and 3600"));
    }
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHIPPED: &str = include_str!("../../public/config.json");

    #[test]
    fn shipped_config_is_valid() {
        let c = parse_config(SHIPPED).expect("public/config.json must parse");
        assert_eq!(c.vendors.vehizen.base_url, "/vendors/vehizen/");
        assert_eq!(c.request_timeout_ms, 15_000);
        assert!(c.map.tile_url.contains("{z}"));
        assert!(!c.vendors.vehizen.pinned_groups.is_empty());
    }

    fn with(pointer: &str, value: serde_json::Value) -> Result<AppConfig, ConfigError> {
        let mut v: serde_json::Value = serde_json::from_str(SHIPPED).expect("shipped config is JSON");
        *v.pointer_mut(pointer).expect("pointer exists") = value;
        parse_config(&v.to_string())
    }

    #[test]
    fn rejects_absolute_vendor_url() {
        let e = with("/vendors/ocean/baseUrl", "https://v3.oceansystem.com/ocean/restapi/".into()).unwrap_err();
        assert!(matches!(e, ConfigError::Invalid { field: "vendors.ocean.baseUrl", .. }), "{e}");
        let e = with("/vendors/ocean/baseUrl", "//evil.example/".into()).unwrap_err();
        assert!(matches!(e, ConfigError::Invalid { field: "vendors.ocean.baseUrl", .. }), "{e}");
    }

    #[test]
    fn requires_external_id_placeholder() {
        let e = with("/vendors/emabler/driverByExternalIdPath", "authorised-users/x".into()).unwrap_err();
        assert!(e.to_string().contains("{externalId}"), "{e}");
    }

    #[test]
    fn geocoder_is_optional_and_checked_like_a_vendor() {
        let c = parse_config(SHIPPED).expect("shipped");
        let g = c.vendors.geocoder.expect("the shipped config has a geocoder");
        assert_eq!(
            (g.base_url.as_str(), g.search_path.as_str(), g.reverse_path.as_str()),
            ("/vendors/geocoder/", "search", "reverse")
        );
        let mut v: serde_json::Value = serde_json::from_str(SHIPPED).expect("shipped config is JSON");
        v["vendors"].as_object_mut().expect("vendors").remove("geocoder");
        assert_eq!(parse_config(&v.to_string()).expect("without a geocoder").vendors.geocoder, None);
        let e = with("/vendors/geocoder/baseUrl", "https://data.geopf.fr/geocodage/".into()).unwrap_err();
        assert!(matches!(e, ConfigError::Invalid { field: "vendors.geocoder.baseUrl", .. }), "{e}");
        assert!(with("/vendors/geocoder/searchPath", "../search".into()).is_err());
        assert!(with("/vendors/geocoder/extraQuery", "?index=address".into()).is_err());
        assert!(with("/vendors/geocoder/extraQuery", "index=address".into()).is_ok());
    }

    #[test]
    fn rejects_path_escaping_the_prefix() {
        let e = with("/vendors/emabler/driverTreePath", "../admin".into()).unwrap_err();
        assert!(matches!(e, ConfigError::Invalid { field: "vendors.emabler.driverTreePath", .. }), "{e}");
    }

    #[test]
    fn empty_tile_url_means_no_tiles_but_bad_template_is_refused() {
        assert!(with("/map/tileUrl", "".into()).is_ok());
        assert!(with("/map/tileUrl", "https://tiles.example/tile.png".into()).is_err());
    }

    #[test]
    fn rejects_out_of_range_centre_and_zero_timeout() {
        assert!(with("/map/center/lat", 91.0.into()).is_err());
        assert!(with("/map/refreshSeconds", 0.into()).is_ok());
        assert!(with("/map/refreshSeconds", 2.into()).is_err());
        assert!(with("/requestTimeoutMs", 0.into()).is_err());
    }

    #[test]
    fn units_default_to_inferred_distances_and_seconds() {
        let mut v: serde_json::Value = serde_json::from_str(SHIPPED).expect("shipped config is JSON");
        let ocean = v["vendors"]["ocean"].as_object_mut().expect("ocean");
        ocean.remove("distanceUnit");
        ocean.remove("durationUnit");
        let c = parse_config(&v.to_string()).expect("without units");
        assert_eq!(c.vendors.ocean.unit_rules(), UnitRules { distance: None, duration: DurationUnit::Seconds });
        v["vendors"]["ocean"]["distanceUnit"] = "km".into();
        v["vendors"]["ocean"]["durationUnit"] = "min".into();
        let rules = parse_config(&v.to_string()).expect("km and min").vendors.ocean.unit_rules();
        assert_eq!(rules, UnitRules { distance: Some(DistanceUnit::Kilometres), duration: DurationUnit::Minutes });
        let e = with("/vendors/ocean/distanceUnit", "miles".into()).unwrap_err();
        assert!(e.to_string().contains("auto"), "{e}");
    }

    #[test]
    fn syntax_and_unknown_keys_are_reported() {
        assert!(matches!(parse_config("{"), Err(ConfigError::Syntax(_))));
        // A misspelt key is an error, not silently ignored.
        let mut v: serde_json::Value = serde_json::from_str(SHIPPED).expect("shipped config is JSON");
        v["map"]["zoomm"] = 3.into();
        let e = parse_config(&v.to_string()).unwrap_err();
        assert!(e.to_string().contains("zoomm"), "{e}");
    }
}
