//! The model takes an answer prepared a step at a time (`Arrived`) as it
//! would take it at once, and hands out the answer it replaces.

use std::sync::Arc;

use super::super::model::tests::{answered, arrived, at, ids, landed, listed, me, search};
use super::super::model::{MapEvent, MapModel};
use super::Prepare;
use crate::domain::fleet::{Fleet, NearbyVehicle, VehicleName};
use crate::links::Search;

#[test]
fn an_answer_replaced_is_handed_out_to_be_let_go_of() {
    let mut m = MapModel::default();
    let first = m.apply(answered(vec![at(1, 45.0), at(2, 45.1)], false));
    assert_eq!(first.replaced, None);
    let second = m.apply(answered(vec![at(1, 45.0)], true));
    let (seen, replaced) = (first.seen.expect("seen"), second.replaced.expect("replaced"));
    assert!(Arc::ptr_eq(&seen, &replaced), "the first answer's results, not a copy");
    assert_eq!(ids(&m), [Some(1)]);
    // Another search's answer replaces it too.
    let elsewhere = Search { radius_km: 50, ..search() };
    let answer = Ok((arrived(vec![at(3, 45.0)]), Vec::new()));
    let third = m.apply(MapEvent::Answered { session: me(), search: elsewhere, answer, quiet: false, at_ms: 3.0 });
    assert_eq!(third.replaced.map(|r| r.len()), Some(1));
}

#[test]
fn an_answer_prepared_against_a_list_or_an_answer_since_replaced_is_prepared_again() {
    let mut m = MapModel::default();
    let plates = |p1: &str| Arc::new(Fleet::new(vec![listed(1, p1, 10), listed(2, "BB-222-BB", 20)]));
    m.apply(MapEvent::FleetRead(Some(Ok(plates("AA-111-AA")))));
    m.apply(answered(vec![at(1, 45.0), at(2, 45.1)], false));
    // A refresh prepared against the list and the answer shown...
    let mut next = arrived(vec![at(1, 45.0), at(2, 46.0)]);
    m.prepare(&me(), &search(), &mut next, Prepare::JoinToList);
    m.prepare(&me(), &search(), &mut next, Prepare::CompareWithShown);
    // ...lands after the list was read again and another refresh moved 2 away.
    m.apply(MapEvent::FleetRead(Some(Ok(plates("AA-999-ZZ")))));
    m.apply(answered(vec![at(1, 45.0), at(2, 46.0)], true));
    m.apply(landed(next, true));
    let results = m.results().expect("results");
    assert_eq!(results.get(0).map(NearbyVehicle::name), Some(VehicleName::Plate("AA-999-ZZ".into())));
    // Against the answer shown when it landed, nothing moved.
    assert!(m.changes().is_some_and(|c| c.is_empty()), "{:?}", m.changes());
}

#[test]
fn an_answer_prepared_in_steps_is_what_the_model_makes_of_it_at_once() {
    let fleet = Arc::new(Fleet::new(vec![listed(1, "AA-111-AA", 10)]));
    let mut at_once = MapModel::default();
    at_once.apply(MapEvent::FleetRead(Some(Ok(fleet.clone()))));
    at_once.apply(answered(vec![at(1, 45.0), at(2, 45.1)], false));
    let mut in_steps = at_once.clone();
    at_once.apply(answered(vec![at(2, 44.0), at(3, 45.3)], true));
    let mut next = arrived(vec![at(2, 44.0), at(3, 45.3)]);
    Prepare::ALL.into_iter().for_each(|step| in_steps.prepare(&me(), &search(), &mut next, step));
    in_steps.apply(landed(next, true));
    assert_eq!(ids(&in_steps), ids(&at_once));
    assert_eq!(in_steps.changes(), at_once.changes());
    let names = |m: &MapModel| m.results().map(|r| r.iter().map(NearbyVehicle::name).collect::<Vec<_>>());
    assert_eq!(names(&in_steps), names(&at_once));
}

#[test]
fn a_comparison_made_before_the_list_was_read_again_is_made_again() {
    let mut m = MapModel::default();
    let plates = |p2: &str| Arc::new(Fleet::new(vec![listed(1, "AA-111-AA", 10), listed(2, p2, 20)]));
    m.apply(MapEvent::FleetRead(Some(Ok(plates("BB-222-BB")))));
    m.apply(answered(vec![at(1, 45.0), at(2, 45.1)], false));
    // Vehicle 2 leaves; the comparison is made, then the list is read again
    // (the answer shown is joined anew, under the same answer).
    let mut next = arrived(vec![at(1, 45.0)]);
    Prepare::ALL.into_iter().for_each(|step| m.prepare(&me(), &search(), &mut next, step));
    m.apply(MapEvent::FleetRead(Some(Ok(plates("ZZ-999-ZZ")))));
    m.apply(landed(next, true));
    let left = m.changes().map(|c| c.left.iter().map(|v| v.name()).collect::<Vec<_>>());
    assert_eq!(left, Some(vec![VehicleName::Plate("ZZ-999-ZZ".into())]), "the one that left, as listed now");
}
