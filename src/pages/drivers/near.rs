//! "Vehicles near this charger / site": where the map search starts from a
//! node of the tree. Pure, tested natively; the link is the map's own URL
//! state (`links::Search::to_query`), so it is shareable and the back
//! button returns to the tree.

use super::node::{NodeData, NodeId};
use super::tree::Tree;
use crate::domain::charging::Location;
use crate::domain::geo::distance_km;
use crate::links::{Search, DEFAULT_RADIUS_KM, RADIUS_MAX_KM};

/// Chargers further apart than this are not "one place": a site spread over
/// several towns gets no "vehicles near" action rather than a centre that
/// is near none of them.
pub const ONE_PLACE_KM: f64 = 50.0;

/// The map search for a node: around a charger's own position, or around
/// the middle of the chargers below a site, charger group or driver, with a
/// radius that reaches the farthest of them plus the map's default radius.
/// `None` when no charger there has a position, or they are not in one place.
pub fn search_near(tree: &Tree, id: NodeId) -> Option<Search> {
    let points: Vec<(f64, f64)> = match &tree.nodes[id].data {
        NodeData::Charger(c) => position(c.location.as_ref()).into_iter().collect(),
        NodeData::Site(_) | NodeData::ChargerGroup(_) | NodeData::Driver(_) => (id..tree.nodes[id].end)
            .filter_map(|n| match &tree.nodes[n].data {
                NodeData::Charger(c) => position(c.location.as_ref()),
                _ => None,
            })
            .collect(),
        NodeData::WithoutSite | NodeData::Tag(_) | NodeData::Socket { .. } => Vec::new(),
    };
    around(&points)
}

/// The search covering `points` (latitude, longitude), if they are in one place.
fn around(points: &[(f64, f64)]) -> Option<Search> {
    if points.is_empty() {
        return None;
    }
    let n = points.len() as f64;
    let lat = points.iter().map(|p| p.0).sum::<f64>() / n;
    let lon = points.iter().map(|p| p.1).sum::<f64>() / n;
    let spread = points.iter().map(|p| distance_km((lat, lon), *p)).fold(0.0, f64::max);
    if spread > ONE_PLACE_KM {
        return None;
    }
    let radius = (spread.ceil() as u32 + DEFAULT_RADIUS_KM).min(RADIUS_MAX_KM);
    Some(Search { radius_km: radius, ..Search::around(lat, lon) })
}

/// A charger's position when the vendor gave a usable one: both numbers, in
/// range, and not 0/0 (what an unset location reads as in eMabler's samples).
pub fn position(location: Option<&Location>) -> Option<(f64, f64)> {
    let l = location?;
    let (lat, lon) = (l.latitude?, l.longitude?);
    let usable = lat.is_finite()
        && lon.is_finite()
        && (-90.0..=90.0).contains(&lat)
        && (-180.0..=180.0).contains(&lon)
        && !(lat == 0.0 && lon == 0.0);
    usable.then_some((lat, lon))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(lat: f64, lon: f64) -> Location {
        Location { latitude: Some(lat), longitude: Some(lon), ..Location::default() }
    }

    #[test]
    fn a_position_needs_both_numbers_in_range_and_not_null_island() {
        assert_eq!(position(Some(&at(48.85, 2.35))), Some((48.85, 2.35)));
        assert_eq!(position(Some(&at(0.0, 0.0))), None);
        assert_eq!(position(Some(&at(91.0, 2.0))), None);
        assert_eq!(position(Some(&at(45.0, -181.0))), None);
        assert_eq!(position(Some(&at(f64::NAN, 2.0))), None);
        assert_eq!(position(Some(&Location { latitude: Some(48.0), ..Location::default() })), None);
        assert_eq!(position(None), None);
        // The equator and the prime meridian alone are real places.
        assert_eq!(position(Some(&at(0.0, 9.45))), Some((0.0, 9.45)));
    }

    #[test]
    fn one_point_is_searched_around_with_the_default_radius() {
        let s = around(&[(45.76, 4.83)]).expect("one point");
        assert_eq!((s.lat, s.lon, s.radius_km), (45.76, 4.83, DEFAULT_RADIUS_KM));
    }

    #[test]
    fn several_points_are_searched_from_their_middle_far_enough_to_reach_each() {
        // Two chargers 0.2° of latitude apart (22 km): centre between them.
        let s = around(&[(45.7, 4.8), (45.9, 4.8)]).expect("one place");
        assert!((s.lat - 45.8).abs() < 1e-9 && (s.lon - 4.8).abs() < 1e-9);
        let reach = distance_km((s.lat, s.lon), (45.9, 4.8));
        assert!(s.radius_km as f64 >= reach + DEFAULT_RADIUS_KM as f64 - 1.0, "{} vs {reach}", s.radius_km);
        assert!(s.radius_km as f64 <= reach + DEFAULT_RADIUS_KM as f64 + 1.0);
    }

    #[test]
    fn points_in_different_towns_are_not_one_place() {
        assert_eq!(around(&[(48.85, 2.35), (45.76, 4.83)]), None);
        assert_eq!(around(&[]), None);
    }
}

#[cfg(test)]
mod tree_tests {
    use super::*;
    use crate::domain::charging::{Charger, Driver, DriverTree, Site};

    fn charger(id: &str, lat: f64, lon: f64) -> Charger {
        let location = Some(Location { latitude: Some(lat), longitude: Some(lon), ..Location::default() });
        Charger { charger_id: id.into(), location, ..Charger::default() }
    }

    fn find(tree: &Tree, pick: impl Fn(&NodeData) -> bool) -> NodeId {
        (0..tree.nodes.len()).find(|i| pick(&tree.nodes[*i].data)).expect("node in the tree")
    }

    #[test]
    fn a_charger_a_driver_and_a_site_search_where_their_chargers_are() {
        let driver = Driver {
            name: "Léa Martin".into(),
            tags: vec![crate::domain::charging::Tag { id_tag: "04A1".into(), ..Default::default() }],
            chargers: vec![charger("EMB1", 45.70, 4.80), charger("EMB2", 45.72, 4.84)],
            ..Driver::default()
        };
        let far = Driver { name: "Far".into(), chargers: vec![charger("EMB3", 48.85, 2.35)], ..Driver::default() };
        let sites = vec![
            Site { id: 1, name: "Lyon".into(), drivers: vec![driver], ..Site::default() },
            Site { id: 2, name: "Lyon and Paris".into(), drivers: vec![far.clone(), far], ..Site::default() },
        ];
        let mut tree = DriverTree { sites, ..DriverTree::default() };
        tree.sites[1].drivers[0].chargers[0] = charger("EMB4", 45.70, 4.80);
        let tree = Tree::build(tree, chrono::Utc::now());

        let emb2 = find(&tree, |d| matches!(d, NodeData::Charger(c) if c.charger_id == "EMB2"));
        let s = search_near(&tree, emb2).expect("a charger with a position");
        assert_eq!((s.lat, s.lon, s.radius_km), (45.72, 4.84, DEFAULT_RADIUS_KM));

        let lyon = find(&tree, |d| matches!(d, NodeData::Site(s) if s.name == "Lyon"));
        let s = search_near(&tree, lyon).expect("two chargers 3.8 km apart");
        assert!((s.lat - 45.71).abs() < 1e-9 && (s.lon - 4.82).abs() < 1e-9, "{s:?}");
        assert_eq!(s.radius_km, 2 + DEFAULT_RADIUS_KM);
        let lea = find(&tree, |d| matches!(d, NodeData::Driver(d) if d.name == "Léa Martin"));
        assert_eq!(search_near(&tree, lea), Some(s));

        // Lyon and Paris: no middle worth searching around.
        let both = find(&tree, |d| matches!(d, NodeData::Site(s) if s.name == "Lyon and Paris"));
        assert_eq!(search_near(&tree, both), None);
        // A tag has no position of its own.
        let tag = find(&tree, |d| matches!(d, NodeData::Tag(_)));
        assert_eq!(search_near(&tree, tag), None);
    }
}
