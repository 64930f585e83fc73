//! Links between pages: a nearest-vehicle search as URL state
//! (`/map?lat=…&lon=…&radius=…&mode=…&limit=…`), which the map reads and
//! other pages link to, and the validation of what the dispatcher types.
//! Pages reach each other only through this module and their URLs, never
//! by importing one another. Pure, tested natively.

use crate::domain::fleet::ComputeMode;
use crate::i18n::{td_string, Locale};

pub const RADIUS_MIN_KM: u32 = 1;
pub const RADIUS_MAX_KM: u32 = 500;
pub const LIMIT_MAX: u8 = 10;
pub const DEFAULT_RADIUS_KM: u32 = 10;
pub const DEFAULT_LIMIT: u8 = 5;

/// Why a typed value or a URL parameter is refused; worded when shown.
#[derive(Clone, Debug, PartialEq)]
pub enum Invalid {
    LatitudeRange,
    LatitudeNumber,
    LongitudeRange,
    LongitudeNumber,
    Radius,
    Limit,
    Mode(String),
}

impl Invalid {
    pub fn text(&self, locale: Locale) -> String {
        let (min, max) = (RADIUS_MIN_KM, RADIUS_MAX_KM);
        match self {
            Invalid::LatitudeRange => td_string!(locale, map.lat_range).to_string(),
            Invalid::LatitudeNumber => td_string!(locale, map.lat_number).to_string(),
            Invalid::LongitudeRange => td_string!(locale, map.lon_range).to_string(),
            Invalid::LongitudeNumber => td_string!(locale, map.lon_number).to_string(),
            Invalid::Radius => td_string!(locale, map.radius_range, min, max).to_string(),
            Invalid::Limit => td_string!(locale, map.limit_range, max = LIMIT_MAX).to_string(),
            Invalid::Mode(mode) => td_string!(locale, map.bad_mode, mode).to_string(),
        }
    }
}

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
    /// `lat`/`lon`), an error when it is malformed.
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> Option<Result<Search, Invalid>> {
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
                Some(other) => return Err(Invalid::Mode(other.to_string())),
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

pub fn parse_latitude(text: &str) -> Result<f64, Invalid> {
    match parse_number(text) {
        Some(v) if (-90.0..=90.0).contains(&v) => Ok(v),
        Some(_) => Err(Invalid::LatitudeRange),
        None => Err(Invalid::LatitudeNumber),
    }
}

pub fn parse_longitude(text: &str) -> Result<f64, Invalid> {
    match parse_number(text) {
        Some(v) if (-180.0..=180.0).contains(&v) => Ok(v),
        Some(_) => Err(Invalid::LongitudeRange),
        None => Err(Invalid::LongitudeNumber),
    }
}

pub fn parse_radius(text: &str) -> Result<u32, Invalid> {
    match text.trim().parse::<u32>() {
        Ok(r) if (RADIUS_MIN_KM..=RADIUS_MAX_KM).contains(&r) => Ok(r),
        _ => Err(Invalid::Radius),
    }
}

pub fn parse_limit(text: &str) -> Result<u8, Invalid> {
    match text.trim().parse::<u8>() {
        Ok(l) if (1..=LIMIT_MAX).contains(&l) => Ok(l),
        _ => Err(Invalid::Limit),
    }
}

/// South, north, west, east of the search circle: the box the map fits
/// before the results are drawn (a degree of longitude shrinks with the
/// cosine of the latitude; near the poles it is floored, not infinite).
pub fn circle_box(s: &Search) -> (f64, f64, f64, f64) {
    let dlat = s.radius_km as f64 / KM_PER_DEGREE;
    let dlon = s.radius_km as f64 / (KM_PER_DEGREE * s.lat.to_radians().cos().abs().max(0.01));
    (s.lat - dlat, s.lat + dlat, s.lon - dlon, s.lon + dlon)
}

/// Kilometres in a degree of latitude (and of longitude at the equator).
const KM_PER_DEGREE: f64 = 111.32;

/// The next radius to offer when nothing was found.
pub fn wider(radius_km: u32) -> u32 {
    (radius_km.saturating_mul(2)).clamp(RADIUS_MIN_KM, RADIUS_MAX_KM)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(q: &str) -> Option<Result<Search, Invalid>> {
        let pairs: Vec<(String, String)> =
            q.split('&').filter_map(|kv| kv.split_once('=')).map(|(k, v)| (k.to_string(), v.to_string())).collect();
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
        assert_eq!(params("lat=91&lon=2"), Some(Err(Invalid::LatitudeRange)));
        assert_eq!(params("lat=48&lon=abc"), Some(Err(Invalid::LongitudeNumber)));
        assert_eq!(Invalid::LatitudeRange.text(Locale::en), "Latitude must be between -90 and 90.");
        assert_eq!(Invalid::Radius.text(Locale::fr), "Le rayon doit être un nombre entier de km de 1 à 500.");
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
    fn the_circle_box_holds_the_circle() {
        // 111.32 km is one degree of latitude; at 60° a degree of longitude is half as long.
        let s = Search { radius_km: 111, ..Search::around(60.0, 10.0) };
        let (south, north, west, east) = circle_box(&s);
        assert!((north - south - 2.0 * 111.0 / 111.32).abs() < 1e-9);
        assert!(((east - west) - 2.0 * (north - south)).abs() < 1e-6, "{west} {east}");
        assert!(south < 60.0 && 60.0 < north && west < 10.0 && 10.0 < east);
        // At the pole the box is wide but finite.
        let (_, _, west, east) = circle_box(&Search::around(90.0, 0.0));
        assert!(west.is_finite() && east.is_finite() && east > west);
    }

    #[test]
    fn widening_doubles_within_bounds() {
        assert_eq!(wider(5), 10);
        assert_eq!(wider(400), 500);
    }
}
