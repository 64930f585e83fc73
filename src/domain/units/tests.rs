use super::*;
use crate::domain::fleet::Address;

const CENTRE: (f64, f64) = (45.764, 4.8357);
const AUTO: UnitRules = UnitRules { distance: None, duration: DurationUnit::Seconds };

/// A result seen `north_km` north and `east_km` east of the centre, whose
/// distance is `figure(crow-flies metres)`.
fn seen(north_km: f64, east_km: f64, figure: impl Fn(f64) -> f64) -> NearbyVehicle {
    let lat = CENTRE.0 + north_km / 111.2;
    let lon = CENTRE.1 + east_km / (111.2 * CENTRE.0.to_radians().cos());
    let crow_m = distance_km(CENTRE, (lat, lon)) * 1000.0;
    NearbyVehicle {
        address: Some(Address { latitude: Some(lat), longitude: Some(lon), ..Address::default() }),
        distance: Some(figure(crow_m)),
        ..NearbyVehicle::default()
    }
}

/// Results spread from a few hundred metres to 11 km around the centre.
fn answer(figure: impl Fn(f64) -> f64 + Copy) -> Vec<NearbyVehicle> {
    let spots = [(0.3, 0.1), (1.2, -0.8), (-2.0, 0.4), (2.5, 2.5), (-3.1, -4.0), (0.0, 6.2), (7.5, -1.0), (-8.0, 7.0)];
    spots.iter().map(|&(n, e)| seen(n, e, figure)).collect()
}

fn metres(crow_m: f64) -> f64 {
    crow_m.round()
}

fn whole_km(crow_m: f64) -> f64 {
    (crow_m / 1000.0).round()
}

fn distances(vs: &[NearbyVehicle]) -> Vec<f64> {
    vs.iter().filter_map(|v| v.distance).collect()
}

/// Reads `vs` as just decoded: their figures as sent.
fn read(vs: &mut [NearbyVehicle], mode: ComputeMode, earlier: Option<DistanceUnit>) -> DistanceReading {
    sent(vs);
    to_metres_and_seconds(vs, CENTRE, mode, AUTO, earlier)
}

fn sent(vs: &mut [NearbyVehicle]) {
    for v in vs.iter_mut() {
        *v = std::mem::take(v).with_figures_as_sent();
    }
}

#[test]
fn an_answer_in_metres_is_read_as_metres_and_left_as_it_is() {
    let mut vs = answer(metres);
    let before = distances(&vs);
    let r = read(&mut vs, ComputeMode::CrowFlies, Some(DistanceUnit::Kilometres));
    assert_eq!(r.unit, DistanceUnit::Metres);
    assert!(
        matches!(r.why, Why::Inferred { fits: 8, informative: 8, metres_per_unit } if (metres_per_unit - 1.0).abs() < 0.01),
        "{r:?}"
    );
    assert_eq!(distances(&vs), before);
}

#[test]
fn an_answer_in_whole_kilometres_is_read_as_kilometres_and_converted() {
    let mut vs = answer(whole_km);
    let r = read(&mut vs, ComputeMode::CrowFlies, None);
    assert_eq!(r.unit, DistanceUnit::Kilometres, "{r:?}");
    assert_eq!(r.samples, 8);
    let Why::Inferred { fits, informative, metres_per_unit } = r.why else { panic!("{r:?}") };
    // The 300 m one reads "0": kilometres only fit it too.
    assert_eq!((fits, informative), (8, 8));
    assert!((800.0..1200.0).contains(&metres_per_unit), "{metres_per_unit}");
    // "2" is now 2,000 m: the list, the popup and the CSV all say 2.0 km.
    assert_eq!(
        distances(&vs),
        answer(whole_km).iter().map(|v| v.distance.unwrap_or(-1.0) * 1000.0).collect::<Vec<_>>()
    );
    let exact = read(&mut answer(|m| m / 1000.0), ComputeMode::CrowFlies, None);
    assert_eq!(exact.unit, DistanceUnit::Kilometres);
}

#[test]
fn a_few_odd_results_do_not_decide() {
    let mut vs = answer(whole_km);
    vs[3] = seen(2.5, 2.5, metres);
    vs[5].distance = Some(123_456.0);
    let r = read(&mut vs, ComputeMode::CrowFlies, None);
    assert_eq!(r.unit, DistanceUnit::Kilometres, "{r:?}");
    assert!(matches!(r.why, Why::Inferred { fits: 6, informative: 8, .. }), "{r:?}");
}

#[test]
fn a_half_and_half_answer_is_undecided_and_keeps_what_was_learnt() {
    let half =
        |vs: Vec<NearbyVehicle>| {
            vs.into_iter()
                .enumerate()
                .map(|(i, v)| {
                    if i % 2 == 0 {
                        v
                    } else {
                        NearbyVehicle { distance: v.distance.map(|d| (d / 1000.0).round()), ..v }
                    }
                })
                .collect::<Vec<_>>()
        };
    let mut vs = half(answer(metres));
    let r = read(&mut vs, ComputeMode::CrowFlies, None);
    assert_eq!((r.unit, r.why, r.samples), (DistanceUnit::Metres, Why::Assumed, 8));
    assert_eq!(r.learnt(), None);
    let mut vs = half(answer(metres));
    let r = read(&mut vs, ComputeMode::CrowFlies, Some(DistanceUnit::Kilometres));
    assert_eq!((r.unit, r.why), (DistanceUnit::Kilometres, Why::Earlier));
    assert_eq!(r.learnt(), Some(DistanceUnit::Kilometres));
}

#[test]
fn empty_and_positionless_answers_cannot_tell() {
    let r = read(&mut [], ComputeMode::CrowFlies, None);
    assert_eq!((r.unit, r.why, r.samples), (DistanceUnit::Metres, Why::Assumed, 0));
    // Privacy mode: a distance, no position. Converted in the unit learnt.
    let mut vs: Vec<NearbyVehicle> =
        answer(whole_km).into_iter().map(|v| NearbyVehicle { address: None, ..v }).collect();
    let r = read(&mut vs, ComputeMode::CrowFlies, Some(DistanceUnit::Kilometres));
    assert_eq!((r.unit, r.why, r.samples), (DistanceUnit::Kilometres, Why::Earlier, 0));
    assert_eq!(distances(&vs)[1], 1000.0);
    // Positions without distances tell nothing either.
    let mut vs: Vec<NearbyVehicle> =
        answer(metres).into_iter().map(|v| NearbyVehicle { distance: None, ..v }).collect();
    assert_eq!(read(&mut vs, ComputeMode::CrowFlies, None).why, Why::Assumed);
}

#[test]
fn results_at_the_centre_tell_nothing() {
    let mut vs: Vec<NearbyVehicle> = (0..5).map(|_| seen(0.0, 0.0, |_| 0.0)).collect();
    assert_eq!(read(&mut vs, ComputeMode::CrowFlies, None).why, Why::Assumed);
    // But they do not outvote the others.
    vs.extend(answer(whole_km));
    let r = read(&mut vs, ComputeMode::CrowFlies, None);
    assert_eq!(r.unit, DistanceUnit::Kilometres);
    assert!(matches!(r.why, Why::Inferred { fits: 8, informative: 8, .. }), "{r:?}");
}

#[test]
fn by_road_distances_are_longer_than_crow_flies_in_either_unit() {
    let mut vs = answer(|m| (m * 1.35).round());
    assert_eq!(read(&mut vs, ComputeMode::ByRoad, None).unit, DistanceUnit::Metres);
    let mut vs = answer(|m| (m * 1.35 / 100.0).round() / 10.0);
    assert_eq!(read(&mut vs, ComputeMode::ByRoad, None).unit, DistanceUnit::Kilometres);
    // Shorter than the straight line is no road: nothing fits.
    let mut vs = answer(|m| (m * 0.5).round());
    assert_eq!(read(&mut vs, ComputeMode::ByRoad, None).why, Why::Assumed);
    // The same road figures, were they crow-flies, would not fit.
    let mut vs = answer(|m| (m * 1.35).round());
    assert_eq!(read(&mut vs, ComputeMode::CrowFlies, None).why, Why::Assumed);
}

#[test]
fn configured_units_are_used_as_they_are() {
    let mut vs = answer(metres);
    vs[0].duration = Some(12.0);
    let rules = UnitRules { distance: Some(DistanceUnit::Kilometres), duration: DurationUnit::Minutes };
    sent(&mut vs);
    let r = to_metres_and_seconds(&mut vs, CENTRE, ComputeMode::ByRoad, rules, None);
    assert_eq!((r.unit, r.why, r.samples), (DistanceUnit::Kilometres, Why::Configured, 8));
    assert_eq!(r.learnt(), None);
    assert_eq!(vs[0].duration, Some(720.0));
    assert_eq!(vs[1].distance, answer(metres)[1].distance.map(|d| d * 1000.0));
}

#[test]
fn non_finite_and_negative_figures_are_ignored() {
    let mut vs = answer(whole_km);
    vs[0].distance = Some(f64::NAN);
    vs[1].distance = Some(-3.0);
    vs[2].distance = Some(f64::INFINITY);
    let r = read(&mut vs, ComputeMode::CrowFlies, None);
    assert_eq!(r.unit, DistanceUnit::Kilometres);
    assert!(matches!(r.why, Why::Inferred { fits: 5, informative: 5, .. }), "{r:?}");
}

#[test]
fn one_or_two_telling_results_decide_nothing() {
    // Two vehicles in kilometres: not enough to set the unit for later answers.
    let mut two: Vec<NearbyVehicle> = answer(whole_km).into_iter().skip(5).take(2).collect();
    let r = read(&mut two, ComputeMode::CrowFlies, None);
    assert_eq!((r.unit, r.why), (DistanceUnit::Metres, Why::Assumed));
    // Three do.
    let mut three: Vec<NearbyVehicle> = answer(whole_km).into_iter().skip(5).take(3).collect();
    assert_eq!(read(&mut three, ComputeMode::CrowFlies, None).unit, DistanceUnit::Kilometres);
}

#[test]
fn converting_again_gives_what_a_fresh_read_gives_and_copies_no_shared_result() {
    // Read in kilometres, then (the next answer told metres) again.
    let mut fresh = answer(whole_km);
    sent(&mut fresh);
    let mut shared: Vec<Arc<NearbyVehicle>> = fresh.iter().cloned().map(Arc::new).collect();
    read_shared(&mut shared, None);
    let kept: Vec<Arc<NearbyVehicle>> = shared.clone();
    let configured = UnitRules { distance: Some(DistanceUnit::Metres), duration: DurationUnit::Seconds };
    to_metres_and_seconds(&mut shared, CENTRE, ComputeMode::CrowFlies, configured, None);
    to_metres_and_seconds(&mut fresh, CENTRE, ComputeMode::CrowFlies, configured, None);
    let as_read: Vec<NearbyVehicle> = shared.iter().map(|v| NearbyVehicle::clone(v)).collect();
    assert_eq!(as_read, fresh);
    // A result whose figures changed is a copy of its own (the previous
    // answer keeps its figures); the others, and all of them the second
    // time, are still shared.
    assert!(shared.iter().zip(&kept).all(|(a, b)| Arc::ptr_eq(a, b) == (a.distance == b.distance)));
    assert!(shared.iter().zip(&kept).any(|(a, b)| !Arc::ptr_eq(a, b)));
    let again = shared.clone();
    to_metres_and_seconds(&mut shared, CENTRE, ComputeMode::CrowFlies, configured, None);
    assert!(shared.iter().zip(&again).all(|(a, b)| Arc::ptr_eq(a, b)));
}

fn read_shared(vs: &mut [Arc<NearbyVehicle>], earlier: Option<DistanceUnit>) -> DistanceReading {
    let r = to_metres_and_seconds(vs, CENTRE, ComputeMode::CrowFlies, AUTO, earlier);
    assert_eq!(r.unit, DistanceUnit::Kilometres);
    r
}
