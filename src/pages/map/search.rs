//! A nearest-vehicle search as URL state (`/map?lat=…&lon=…&radius=…&mode=…&limit=…`)
//! and the validation of what the dispatcher types. Pure, tested natively.

use crate::domain::fleet::ComputeMode;

pub const RADIUS_MIN_KM: u32 = 1;
pub const RADIUS_MAX_KM: u32 = 500;
pub const LIMIT_MAX: u8 = 10;
pub const DEFAULT_RADIUS_KM: u32 = 10;
pub const DEFAULT_LIMIT: u8 = 5;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Search {
    pub lat: f64,
    pub lon: f64,
    pub radius_km: u32,
    pub mode: ComputeMode,
    /// `resultsLimit`: used by road only, as the vendor documents.
    pub limit: u8,
}

impl Search {
    pub fn around(lat: f64, lon: f64) -> Self {
        Search { lat, lon, radius_km: DEFAULT_RADIUS_KM, mode: ComputeMode::CrowFlies, limit: DEFAULT_LIMIT }
    }

    /// The query string that reproduces this search.
    pub fn to_query(&self) -> String {
        let mode = match self.mode {
            ComputeMode::CrowFlies => "crow",
            ComputeMode::ByRoad => "road",
        };
        let mut q = format!("lat={:.5}&lon={:.5}&radius={}&mode={mode}", self.lat, self.lon, self.radius_km);
        if self.mode == ComputeMode::ByRoad {
            q.push_str(&format!("&limit={}", self.limit));
        }
        q
    }

    /// Reads a search from URL parameters; `None` when there is none (no
    /// `lat`/`lon`), an error sentence when it is malformed.
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> Option<Result<Search, String>> {
        let (lat, lon) = (get("lat")?, get("lon")?);
        Some((|| {
            let lat = parse_latitude(&lat)?;
            let lon = parse_longitude(&lon)?;
            let radius_km = match get("radius") {
                Some(r) => parse_radius(&r)?,
                None => DEFAULT_RADIUS_KM,
            };
            let mode = match get("mode").as_deref() {
                None | Some("crow") => ComputeMode::CrowFlies,
                Some("road") => ComputeMode::ByRoad,
                Some(other) => return Err(format!("Unknown mode “{other}” (crow or road).")),
            };
            let limit = match get("limit") {
                Some(l) => parse_limit(&l)?,
                None => DEFAULT_LIMIT,
            };
            Ok(Search { lat, lon, radius_km, mode, limit })
        })())
    }
}

/// Accepts `48.8566` and the French `48,8566`.
fn parse_number(text: &str) -> Option<f64> {
    text.trim().replace(',', ".").parse::<f64>().ok().filter(|v| v.is_finite())
}

pub fn parse_latitude(text: &str) -> Result<f64, String> {
    match parse_number(text) {
        Some(v) if (-90.0..=90.0).contains(&v) => Ok(v),
        Some(_) => Err("Latitude must be between -90 and 90.".into()),
        None => Err("Latitude must be a number, like 48.8566.".into()),
    }
}

pub fn parse_longitude(text: &str) -> Result<f64, String> {
    match parse_number(text) {
        Some(v) if (-180.0..=180.0).contains(&v) => Ok(v),
        Some(_) => Err("Longitude must be between -180 and 180.".into()),
        None => Err("Longitude must be a number, like 2.3522.".into()),
    }
}

pub fn parse_radius(text: &str) -> Result<u32, String> {
    match text.trim().parse::<u32>() {
        Ok(r) if (RADIUS_MIN_KM..=RADIUS_MAX_KM).contains(&r) => Ok(r),
        _ => Err(format!("Radius must be a whole number of km from {RADIUS_MIN_KM} to {RADIUS_MAX_KM}.")),
    }
}

pub fn parse_limit(text: &str) -> Result<u8, String> {
    match text.trim().parse::<u8>() {
        Ok(l) if (1..=LIMIT_MAX).contains(&l) => Ok(l),
        _ => Err(format!("The number of results by road is 1 to {LIMIT_MAX}.")),
    }
}

/// The next radius to offer when nothing was found.
pub fn wider(radius_km: u32) -> u32 {
    (radius_km.saturating_mul(2)).clamp(RADIUS_MIN_KM, RADIUS_MAX_KM)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(q: &str) -> Option<Result<Search, String>> {
        let pairs: Vec<(String, String)> = q.split('&').filter_map(|kv| kv.split_once('=')).map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Search::from_params(|k| pairs.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone()))
    }

    #[test]
    fn url_state_round_trips() {
        for s in [
            Search { lat: 48.85661, lon: 2.35222, radius_km: 12, mode: ComputeMode::CrowFlies, limit: 5 },
            Search { lat: -33.5, lon: 151.25, radius_km: 500, mode: ComputeMode::ByRoad, limit: 10 },
        ] {
            assert_eq!(params(&s.to_query()), Some(Ok(s)));
        }
    }

    #[test]
    fn limit_is_in_the_url_only_by_road() {
        let s = Search::around(45.0, 4.0);
        assert!(!s.to_query().contains("limit"));
        assert!(Search { mode: ComputeMode::ByRoad, ..s }.to_query().ends_with("&limit=5"));
    }

    #[test]
    fn no_centre_means_no_search_and_bad_values_are_explained() {
        assert_eq!(params("radius=5"), None);
        assert!(matches!(params("lat=91&lon=2"), Some(Err(e)) if e.contains("between -90 and 90")));
        assert!(matches!(params("lat=48&lon=abc"), Some(Err(e)) if e.contains("number")));
        assert!(matches!(params("lat=48&lon=2&radius=0"), Some(Err(_))));
        assert!(matches!(params("lat=48&lon=2&radius=501"), Some(Err(_))));
        assert!(matches!(params("lat=48&lon=2&mode=walk"), Some(Err(_))));
        assert!(matches!(params("lat=48&lon=2&mode=road&limit=11"), Some(Err(_))));
    }

    #[test]
    fn coordinates_accept_a_decimal_comma() {
        assert_eq!(parse_latitude(" 48,8566 "), Ok(48.8566));
        assert!(parse_longitude("NaN").is_err());
        assert!(parse_longitude("inf").is_err());
    }

    #[test]
    fn widening_doubles_within_bounds() {
        assert_eq!(wider(5), 10);
        assert_eq!(wider(400), 500);
    }
}
