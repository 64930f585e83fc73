//! `config.json`'s tree (`json_tree`) read into an [`AppConfig`], key by
//! key, by hand rather than by `#[derive(Deserialize)]`: serde's generated
//! readers and serde_json's parser would sit in the main wasm module for
//! this one file. A missing key, a value of the wrong type and an unknown
//! (misspelt) key are each an error naming the key's path; the defaults of
//! absent keys are here.

use uuid::Uuid;

use super::{
    AppConfig, ConfigError, DistanceUnitSetting, DurationUnitSetting, EmablerConfig, GeocoderConfig, LatLon, MapConfig,
    OceanConfig, OceanCustomer, VehizenConfig, Vendors,
};
use crate::json_tree::Json;

fn shape(path: &str, problem: impl std::fmt::Display) -> ConfigError {
    ConfigError::Shape(format!("{path} {problem}"))
}

/// One object of config.json: every key asked for is ticked off, and
/// [`Fields::finish`] refuses any other, so a misspelt key is an error
/// rather than a setting silently ignored.
struct Fields<'a> {
    path: &'a str,
    entries: &'a [(String, Json)],
    known: Vec<&'static str>,
}

impl<'a> Fields<'a> {
    fn of(json: &'a Json, path: &'a str) -> Result<Self, ConfigError> {
        match json {
            Json::Object(entries) => Ok(Fields { path, entries, known: Vec::new() }),
            _ => Err(shape(if path.is_empty() { "config.json" } else { path }, "must be an object")),
        }
    }

    fn at(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    /// `key`'s value and its path, the key ticked off; `None` when absent.
    /// Not generic, so that one copy serves every key (`get` and `need` are
    /// instantiated once per reader, in the main wasm module).
    fn lookup(&mut self, key: &'static str) -> Option<(&'a Json, String)> {
        self.known.push(key);
        // The last of a key written twice, as JSON.parse keeps it.
        let (_, value) = self.entries.iter().rev().find(|(k, _)| k == key)?;
        Some((value, self.at(key)))
    }

    fn missing(&self, key: &str) -> ConfigError {
        shape(&self.at(key), "is missing")
    }

    /// `key`'s value as `read` reads it; `None` when the key is absent.
    fn get<T>(
        &mut self,
        key: &'static str,
        read: impl Fn(&Json, &str) -> Result<T, ConfigError>,
    ) -> Result<Option<T>, ConfigError> {
        match self.lookup(key) {
            Some((value, path)) => read(value, &path).map(Some),
            None => Ok(None),
        }
    }

    fn need<T>(
        &mut self,
        key: &'static str,
        read: impl Fn(&Json, &str) -> Result<T, ConfigError>,
    ) -> Result<T, ConfigError> {
        self.get(key, read)?.ok_or_else(|| self.missing(key))
    }

    fn finish(self) -> Result<(), ConfigError> {
        match self.entries.iter().find(|(k, _)| !self.known.contains(&k.as_str())) {
            Some((key, _)) => Err(shape(
                if self.path.is_empty() { "the top level" } else { self.path },
                format_args!("has an unknown key {key:?}; its keys are {}", self.known.join(", ")),
            )),
            None => Ok(()),
        }
    }
}

fn text(json: &Json, path: &str) -> Result<String, ConfigError> {
    json.as_str().map(str::to_string).ok_or_else(|| shape(path, "must be a string"))
}

fn number(json: &Json, path: &str) -> Result<f64, ConfigError> {
    json.as_f64().ok_or_else(|| shape(path, "must be a number"))
}

/// A whole number from 0 to `u32::MAX`.
fn count(json: &Json, path: &str) -> Result<u32, ConfigError> {
    match json.as_f64() {
        Some(n) if n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&n) => Ok(n as u32),
        _ => Err(shape(path, "must be a whole number from 0 to 4294967295")),
    }
}

/// A whole number that a double holds exactly (JSON.parse reads numbers as
/// doubles: a larger id would arrive rounded).
fn whole(json: &Json, path: &str) -> Result<i64, ConfigError> {
    const EXACT: f64 = 9_007_199_254_740_991.0;
    match json.as_f64() {
        Some(n) if n.fract() == 0.0 && (-EXACT..=EXACT).contains(&n) => Ok(n as i64),
        _ => Err(shape(path, "must be a whole number of at most 16 digits")),
    }
}

fn uuid(json: &Json, path: &str) -> Result<Uuid, ConfigError> {
    let id = text(json, path)?;
    Uuid::parse_str(&id).map_err(|_| shape(path, format_args!("must be a UUID, got {id:?}")))
}

fn list<T>(
    json: &Json,
    path: &str,
    read: impl Fn(&Json, &str) -> Result<T, ConfigError>,
) -> Result<Vec<T>, ConfigError> {
    let Json::Array(items) = json else { return Err(shape(path, "must be a list")) };
    items.iter().enumerate().map(|(i, item)| read(item, &format!("{path}[{i}]"))).collect()
}

/// An object read by `read`, which asks for each of its keys; any other key
/// is refused.
fn object<T>(
    json: &Json,
    path: &str,
    read: impl FnOnce(&mut Fields) -> Result<T, ConfigError>,
) -> Result<T, ConfigError> {
    let mut fields = Fields::of(json, path)?;
    let value = read(&mut fields)?;
    fields.finish()?;
    Ok(value)
}

/// One of `choices`' names, as written in config.json.
fn one_of<T: Copy>(json: &Json, path: &str, choices: &[(&str, T)]) -> Result<T, ConfigError> {
    let name = text(json, path)?;
    match choices.iter().find(|(n, _)| *n == name) {
        Some((_, value)) => Ok(*value),
        None => {
            let names: Vec<String> = choices.iter().map(|(n, _)| format!("{n:?}")).collect();
            Err(shape(path, format_args!("must be one of {}, got {name:?}", names.join(", "))))
        }
    }
}

/// `null` reads as absent, as for an optional key left out.
fn nullable<T>(
    json: &Json,
    path: &str,
    read: impl Fn(&Json, &str) -> Result<T, ConfigError>,
) -> Result<Option<T>, ConfigError> {
    match json {
        Json::Null => Ok(None),
        _ => read(json, path).map(Some),
    }
}

pub(super) fn app_config(json: &Json) -> Result<AppConfig, ConfigError> {
    object(json, "", |o| {
        Ok(AppConfig {
            request_timeout_ms: o.get("requestTimeoutMs", count)?.unwrap_or(15_000),
            vendors: o.need("vendors", vendors)?,
            map: o.need("map", map)?,
        })
    })
}

fn vendors(json: &Json, path: &str) -> Result<Vendors, ConfigError> {
    object(json, path, |o| {
        Ok(Vendors {
            vehizen: o.need("vehizen", vehizen)?,
            emabler: o.need("emabler", emabler)?,
            ocean: o.need("ocean", ocean)?,
            // Optional: without it, the map takes coordinates only.
            geocoder: o.get("geocoder", |j, p| nullable(j, p, geocoder))?.flatten(),
        })
    })
}

fn vehizen(json: &Json, path: &str) -> Result<VehizenConfig, ConfigError> {
    object(json, path, |o| {
        Ok(VehizenConfig {
            base_url: o.need("baseUrl", text)?,
            default_customer_id: o.get("defaultCustomerId", |j, p| nullable(j, p, uuid))?.flatten(),
            pinned_groups: o.get("pinnedGroups", |j, p| list(j, p, uuid))?.unwrap_or_default(),
        })
    })
}

fn emabler(json: &Json, path: &str) -> Result<EmablerConfig, ConfigError> {
    object(json, path, |o| {
        let base_url = o.need("baseUrl", text)?;
        let driver_tree_path = o.need("driverTreePath", text)?;
        let driver_by_external_id_path = o.need("driverByExternalIdPath", text)?;
        Ok(EmablerConfig { base_url, driver_tree_path, driver_by_external_id_path })
    })
}

fn distance_unit(json: &Json, path: &str) -> Result<DistanceUnitSetting, ConfigError> {
    use DistanceUnitSetting::{Auto, Kilometres, Metres};
    one_of(json, path, &[("auto", Auto), ("m", Metres), ("km", Kilometres)])
}

fn duration_unit(json: &Json, path: &str) -> Result<DurationUnitSetting, ConfigError> {
    use DurationUnitSetting::{Hours, Minutes, Seconds};
    one_of(json, path, &[("s", Seconds), ("min", Minutes), ("h", Hours)])
}

fn ocean(json: &Json, path: &str) -> Result<OceanConfig, ConfigError> {
    object(json, path, |o| {
        Ok(OceanConfig {
            base_url: o.need("baseUrl", text)?,
            radius_unit: o.get("radiusUnit", text)?.unwrap_or_else(|| "KM".to_string()),
            distance_unit: o.get("distanceUnit", distance_unit)?.unwrap_or_default(),
            duration_unit: o.get("durationUnit", duration_unit)?.unwrap_or_default(),
            customers: o.get("customers", |j, p| list(j, p, customer))?.unwrap_or_default(),
        })
    })
}

fn customer(json: &Json, path: &str) -> Result<OceanCustomer, ConfigError> {
    object(json, path, |o| Ok(OceanCustomer { id: o.need("id", whole)?, name: o.need("name", text)? }))
}

fn geocoder(json: &Json, path: &str) -> Result<GeocoderConfig, ConfigError> {
    object(json, path, |o| {
        Ok(GeocoderConfig {
            base_url: o.need("baseUrl", text)?,
            search_path: o.get("searchPath", text)?.unwrap_or_else(|| "search".to_string()),
            reverse_path: o.get("reversePath", text)?.unwrap_or_else(|| "reverse".to_string()),
            extra_query: o.get("extraQuery", text)?.unwrap_or_default(),
        })
    })
}

fn map(json: &Json, path: &str) -> Result<MapConfig, ConfigError> {
    object(json, path, |o| {
        Ok(MapConfig {
            tile_url: o.need("tileUrl", text)?,
            attribution: o.get("attribution", text)?.unwrap_or_default(),
            center: o.need("center", lat_lon)?,
            zoom: o.get("zoom", number)?.unwrap_or(6.0),
            refresh_seconds: o.get("refreshSeconds", count)?.unwrap_or(30),
        })
    })
}

fn lat_lon(json: &Json, path: &str) -> Result<LatLon, ConfigError> {
    let mut o = Fields::of(json, path)?;
    // Other keys beside lat and lon are let through, as they always were.
    Ok(LatLon { lat: o.need("lat", number)?, lon: o.need("lon", number)? })
}

#[cfg(test)]
mod tests {
    use super::super::parse_config;
    use super::*;

    const SHIPPED: &str = include_str!("../../public/config.json");

    fn with(pointer: &str, value: serde_json::Value) -> Result<AppConfig, ConfigError> {
        let mut v: serde_json::Value = serde_json::from_str(SHIPPED).expect("shipped config is JSON");
        *v.pointer_mut(pointer).expect("pointer exists") = value;
        parse_config(&v.to_string())
    }

    fn without(object: &str, key: &str) -> Result<AppConfig, ConfigError> {
        let mut v: serde_json::Value = serde_json::from_str(SHIPPED).expect("shipped config is JSON");
        v.pointer_mut(object).and_then(|o| o.as_object_mut()).expect("object").remove(key);
        parse_config(&v.to_string())
    }

    fn shape_error(result: Result<AppConfig, ConfigError>) -> String {
        match result {
            Err(ConfigError::Shape(problem)) => problem,
            other => panic!("expected a shape error, got {other:?}"),
        }
    }

    #[test]
    fn reads_every_key_of_the_shipped_file() {
        let c = parse_config(SHIPPED).expect("shipped");
        assert_eq!(c.vendors.vehizen.pinned_groups.len(), 6);
        assert_eq!(
            c.vendors.vehizen.default_customer_id.map(|id| id.to_string()).as_deref(),
            Some("b739ee96-7573-54a8-b805-341888a830e9")
        );
        assert_eq!(c.vendors.emabler.driver_by_external_id_path, "authorised-users/external-id/{externalId}");
        assert_eq!(c.vendors.ocean.radius_unit, "KM");
        assert_eq!(c.vendors.ocean.customers[1], OceanCustomer { id: 1002, name: "Groupe Santé Mobile".into() });
        assert_eq!(c.vendors.geocoder.map(|g| g.extra_query).as_deref(), Some("index=address"));
        assert_eq!(c.map.attribution, "© OpenStreetMap contributors");
        assert_eq!(c.map.center, LatLon { lat: 48.8566, lon: 2.3522 });
        assert_eq!((c.map.zoom, c.map.refresh_seconds), (11.0, 30));
    }

    #[test]
    fn absent_keys_take_their_defaults() {
        assert_eq!(without("", "requestTimeoutMs").expect("no timeout").request_timeout_ms, 15_000);
        assert_eq!(without("/vendors/ocean", "radiusUnit").expect("no unit").vendors.ocean.radius_unit, "KM");
        assert!(without("/vendors/ocean", "customers").expect("no customers").vendors.ocean.customers.is_empty());
        assert!(without("/vendors/vehizen", "pinnedGroups")
            .expect("no groups")
            .vendors
            .vehizen
            .pinned_groups
            .is_empty());
        assert_eq!(
            without("/vendors/vehizen", "defaultCustomerId").expect("none").vendors.vehizen.default_customer_id,
            None
        );
        assert_eq!(
            with("/vendors/vehizen/defaultCustomerId", serde_json::Value::Null)
                .expect("null")
                .vendors
                .vehizen
                .default_customer_id,
            None
        );
        assert_eq!(with("/vendors/geocoder", serde_json::Value::Null).expect("null").vendors.geocoder, None);
        let map = without("/map", "zoom").expect("no zoom").map;
        assert_eq!(map.zoom, 6.0);
        assert_eq!(without("/map", "refreshSeconds").expect("no interval").map.refresh_seconds, 30);
        assert_eq!(without("/map", "attribution").expect("no attribution").map.attribution, "");
        let g = without("/vendors/geocoder", "searchPath").expect("no search path").vendors.geocoder.expect("geocoder");
        assert_eq!((g.search_path.as_str(), g.reverse_path.as_str()), ("search", "reverse"));
    }

    #[test]
    fn a_missing_key_or_a_wrong_type_names_its_path() {
        assert_eq!(shape_error(without("/vendors", "ocean")), "vendors.ocean is missing");
        assert_eq!(shape_error(without("/map/center", "lon")), "map.center.lon is missing");
        assert_eq!(shape_error(with("/vendors/emabler/baseUrl", 3.into())), "vendors.emabler.baseUrl must be a string");
        assert_eq!(shape_error(with("/map/zoom", "11".into())), "map.zoom must be a number");
        assert!(
            shape_error(with("/requestTimeoutMs", 1.5.into())).starts_with("requestTimeoutMs must be a whole number")
        );
        assert!(shape_error(with("/map/refreshSeconds", (-1).into()))
            .starts_with("map.refreshSeconds must be a whole number"));
        assert!(shape_error(with("/vendors/vehizen/pinnedGroups/2", "not-a-uuid".into()))
            .starts_with("vendors.vehizen.pinnedGroups[2] must be a UUID"));
        assert_eq!(
            shape_error(with("/vendors/ocean/customers", "1001".into())),
            "vendors.ocean.customers must be a list"
        );
        assert!(shape_error(with("/vendors/ocean/customers/0/id", 1e17.into()))
            .starts_with("vendors.ocean.customers[0].id must be a whole number"));
        assert_eq!(shape_error(with("/vendors", serde_json::Value::Null)), "vendors must be an object");
        assert_eq!(shape_error(parse_config("[]")), "config.json must be an object");
        assert!(matches!(parse_config("{\"vendors\": "), Err(ConfigError::Syntax(_))));
    }

    #[test]
    fn unknown_keys_are_refused_but_the_centre_lets_others_through() {
        let mut v: serde_json::Value = serde_json::from_str(SHIPPED).expect("shipped config is JSON");
        v["vendors"]["ocean"]["customers"][0]["code"] = "TM".into();
        let e = shape_error(parse_config(&v.to_string()));
        assert!(e.starts_with("vendors.ocean.customers[0] has an unknown key \"code\""), "{e}");
        let mut v: serde_json::Value = serde_json::from_str(SHIPPED).expect("shipped config is JSON");
        v["theme"] = "dark".into();
        assert!(shape_error(parse_config(&v.to_string())).starts_with("the top level has an unknown key \"theme\""));
        let mut v: serde_json::Value = serde_json::from_str(SHIPPED).expect("shipped config is JSON");
        v["map"]["center"]["alt"] = 35.into();
        assert!(parse_config(&v.to_string()).is_ok());
    }
}
