//! Distances on the Earth's surface, for the screens that compare places
//! (the tree's "vehicles near", the map's "moved since the last answer").

/// Great-circle distance (haversine, mean Earth radius), in km.
pub fn distance_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (p1, p2) = (a.0.to_radians(), b.0.to_radians());
    let (dp, dl) = ((b.0 - a.0).to_radians(), (b.1 - a.1).to_radians());
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().clamp(0.0, 1.0).asin()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_match_known_city_pairs() {
        // Paris (Notre-Dame) – Lyon (Bellecour): 392 km as the crow flies.
        let d = distance_km((48.8530, 2.3499), (45.7578, 4.8320));
        assert!((d - 392.0).abs() < 2.0, "{d}");
        assert_eq!(distance_km((45.0, 5.0), (45.0, 5.0)), 0.0);
        // 0.001° of latitude is 111 m.
        let step = distance_km((45.0, 5.0), (45.001, 5.0)) * 1000.0;
        assert!((step - 111.2).abs() < 0.5, "{step}");
    }
}
