//! Places from the geocoder: what an address search suggests, or what lies
//! under a point of the map.

#[derive(Clone, Debug, PartialEq)]
pub struct Place {
    /// The whole address as the geocoder words it (`properties.label`).
    pub label: String,
    pub lat: f64,
    pub lon: f64,
}
