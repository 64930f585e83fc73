use super::*;
use crate::domain::fleet::{
    Address, ListedEntity, ListedVehicle, NearbyVehicle, NearbyVehicleInfo, StreamedVehicle, VehicleName,
};

pub(crate) fn at(id: i64, lat: f64) -> NearbyVehicle {
    NearbyVehicle {
        vehicle: NearbyVehicleInfo { id: Some(id), description: Some(format!("V{id}").into()), ..Default::default() },
        address: Some(Address { latitude: Some(lat), longitude: Some(5.0), ..Default::default() }),
        distance: Some(lat * 1000.0),
        ..Default::default()
    }
}

pub(crate) fn listed(id: i64, plate: &str, entity: i64) -> ListedVehicle {
    ListedVehicle {
        id,
        plate: Some(plate.into()),
        vin: None,
        fleet_number: None,
        description: None,
        entity: Some(ListedEntity { id: entity, name: format!("Entity {entity}").into() }),
        driver_name: None,
        private: false,
        deleted: false,
    }
}

pub(crate) fn me() -> Credentials {
    ("token".into(), Some(7))
}

pub(crate) fn search() -> Search {
    Search::around(45.0, 5.0)
}

/// Results as a stream gives them, read afresh.
fn streamed(vehicles: Vec<NearbyVehicle>) -> Vec<StreamedVehicle> {
    vehicles.into_iter().map(|v| StreamedVehicle { vehicle: Arc::new(v), fingerprint: None }).collect()
}

pub(crate) fn arrived(vehicles: Vec<NearbyVehicle>) -> Arrived {
    Arrived::new(streamed(vehicles))
}

pub(crate) fn answered(vehicles: Vec<NearbyVehicle>, quiet: bool) -> MapEvent {
    landed(arrived(vehicles), quiet)
}

/// An answer made ready elsewhere (in steps) lands.
pub(crate) fn landed(arrived: Arrived, quiet: bool) -> MapEvent {
    MapEvent::Answered { session: me(), search: search(), answer: Ok((arrived, Vec::new())), quiet, at_ms: 1_000.0 }
}

fn failed(e: ApiError) -> MapEvent {
    MapEvent::Answered { session: me(), search: search(), answer: Err(e), quiet: false, at_ms: 2_000.0 }
}

pub(crate) fn ids(m: &MapModel) -> Vec<Option<i64>> {
    m.results().map(|r| r.iter().map(|v| v.vehicle.id).collect()).unwrap_or_default()
}

fn selected_row(m: &MapModel) -> Option<usize> {
    m.results()?.row_of(m.selected()?)
}

#[test]
fn a_new_answer_is_shown_says_where_vehicles_were_seen_and_clears_searching() {
    let mut m = MapModel::default();
    m.apply(MapEvent::Searching { quiet: false });
    assert!(m.searching());
    let out = m.apply(answered(vec![at(1, 45.0), at(2, 45.1)], false));
    assert!(!m.searching() && m.came_back() && m.belongs_to(&Some(me())));
    assert_eq!(out.seen.map(|s| s.len()), Some(2));
    assert_eq!(ids(&m), [Some(1), Some(2)]);
    assert_eq!(m.updated_at(), Some(1_000.0));
    assert!(m.changes().is_none(), "a first answer changes nothing");
    assert!(!m.results().is_some_and(|r| r.is_refresh()));
}

#[test]
fn a_failed_search_keeps_the_last_answer_and_a_good_one_clears_the_failure() {
    let mut m = MapModel::default();
    m.apply(answered(vec![at(1, 45.0)], false));
    m.apply(MapEvent::Searching { quiet: false });
    let out = m.apply(failed(ApiError::Timeout(30)));
    assert_eq!(out, Outcome::default());
    assert!(!m.searching());
    assert_eq!(m.failure(), Some(&ApiError::Timeout(30)));
    assert_eq!(ids(&m), [Some(1)]);
    m.apply(answered(vec![at(2, 45.0)], false));
    assert_eq!(m.failure(), None);
}

#[test]
fn a_superseded_search_leaves_searching_to_the_next_and_changes_nothing() {
    let mut m = MapModel::default();
    m.apply(MapEvent::Searching { quiet: false });
    let before = m.clone();
    m.apply(failed(ApiError::Superseded));
    assert_eq!(m, before);
    // A quiet one says it is over though.
    m.apply(MapEvent::Searching { quiet: true });
    assert!(m.refreshing());
    let superseded = MapEvent::Answered {
        session: me(),
        search: search(),
        answer: Err(ApiError::Superseded),
        quiet: true,
        at_ms: 0.0,
    };
    m.apply(superseded);
    assert!(!m.refreshing() && m.searching());
    assert!(!m.came_back());
}

#[test]
fn the_live_refresh_marks_changes_and_keeps_the_selected_vehicle() {
    let mut m = MapModel::default();
    m.apply(answered(vec![at(1, 45.0), at(2, 45.1)], false));
    m.apply(MapEvent::Selected(Some(Pick::Row { index: 1, id: Some(2) })));
    m.apply(MapEvent::Hovered(Some(0)));
    m.apply(MapEvent::Searching { quiet: true });
    // Vehicle 2 moved closer than 1: its row changes, it stays selected.
    m.apply(answered(vec![at(2, 44.0), at(1, 45.0), at(3, 45.2)], true));
    assert!(!m.refreshing());
    assert_eq!(selected_row(&m), Some(0));
    assert_eq!(m.hovered(), None);
    assert!(m.results().is_some_and(|r| r.is_refresh()));
    let changes = m.changes().expect("changes");
    assert_eq!(changes.count(super::super::changes::Change::Moved), 1);
    assert_eq!(changes.count(super::super::changes::Change::Appeared), 1);
}

#[test]
fn another_search_clears_the_selection_and_the_changes() {
    let mut m = MapModel::default();
    m.apply(answered(vec![at(1, 45.0)], false));
    m.apply(answered(vec![at(1, 45.5)], false));
    m.apply(MapEvent::Selected(Some(Pick::Row { index: 0, id: Some(1) })));
    let elsewhere = MapEvent::Answered {
        session: me(),
        search: Search { radius_km: 50, ..search() },
        answer: Ok((arrived(vec![at(1, 45.0)]), Vec::new())),
        quiet: false,
        at_ms: 3_000.0,
    };
    m.apply(elsewhere);
    assert_eq!(m.selected(), None);
    assert!(m.changes().is_none());
}

#[test]
fn the_vehicle_list_names_the_results_and_keeps_the_selection() {
    let mut m = MapModel::default();
    m.apply(answered(vec![at(1, 45.0), at(2, 45.1)], false));
    m.apply(MapEvent::Selected(Some(Pick::Row { index: 1, id: Some(2) })));
    m.apply(MapEvent::Hovered(Some(1)));
    let revision = m.revision();
    let fleet = Fleet::new(vec![listed(1, "AA-111-AA", 10), listed(2, "BB-222-BB", 20)]);
    m.apply(MapEvent::FleetRead(Some(Ok(Arc::new(fleet)))));
    assert!(m.revision() > revision, "joined again");
    let results = m.results().expect("results");
    assert_eq!(results.get(1).map(NearbyVehicle::name), Some(VehicleName::Plate("BB-222-BB".into())));
    assert_eq!(selected_row(&m), Some(1));
    assert_eq!(m.hovered(), None);
}

#[test]
fn the_entity_filter_keeps_the_selection_only_while_it_is_shown() {
    let mut m = MapModel::default();
    m.apply(answered(vec![at(1, 45.0), at(2, 45.1)], false));
    let fleet = Fleet::new(vec![listed(1, "AA-111-AA", 10), listed(2, "BB-222-BB", 20)]);
    m.apply(MapEvent::FleetRead(Some(Ok(Arc::new(fleet)))));
    m.apply(MapEvent::Selected(Some(Pick::Row { index: 1, id: Some(2) })));
    m.apply(MapEvent::EntityChosen { session: Some(me()), entity: Some(20) });
    assert_eq!(ids(&m), [Some(2)]);
    assert_eq!(selected_row(&m), Some(0));
    m.apply(MapEvent::EntityChosen { session: Some(me()), entity: Some(10) });
    assert_eq!(ids(&m), [Some(1)]);
    assert_eq!(m.selected(), None);
    // All entities again: the vehicle filtered out is not selected again.
    m.apply(MapEvent::EntityChosen { session: Some(me()), entity: None });
    assert_eq!(ids(&m).len(), 2);
    assert_eq!(m.selected(), None);
}

#[test]
fn a_vehicle_without_an_id_is_not_kept_across_joins() {
    let mut m = MapModel::default();
    let mut anonymous = at(0, 45.0);
    anonymous.vehicle.id = None;
    m.apply(answered(vec![anonymous], false));
    m.apply(MapEvent::Selected(Some(Pick::Row { index: 0, id: None })));
    assert_eq!(selected_row(&m), Some(0));
    m.apply(MapEvent::FleetRead(Some(Err(ApiError::Timeout(30)))));
    assert_eq!(m.selected(), None);
}

#[test]
fn another_session_starts_without_the_answer_and_the_filter() {
    let mut m = MapModel::default();
    m.apply(answered(vec![at(1, 45.0)], false));
    m.apply(MapEvent::EntityChosen { session: Some(me()), entity: Some(10) });
    assert!(m.came_back() && m.entity() == Some(10));
    // Signed out: the state is not that session's.
    assert!(!m.belongs_to(&None));
    let theirs: Credentials = ("token".to_string(), Some(8));
    assert!(!m.belongs_to(&Some(theirs.clone())));
    // Its first answer, to the same search, is a new one, not a refresh.
    let first = MapEvent::Answered {
        session: theirs.clone(),
        search: search(),
        answer: Ok((arrived(vec![at(1, 45.0)]), Vec::new())),
        quiet: false,
        at_ms: 5.0,
    };
    m.apply(first);
    assert!(m.belongs_to(&Some(theirs.clone())) && m.came_back() && m.entity().is_none());
    assert!(m.changes().is_none() && !m.results().is_some_and(|r| r.is_refresh()));
    // A filter chosen in another session starts it afresh too.
    m.apply(MapEvent::EntityChosen { session: Some(me()), entity: Some(10) });
    assert!(m.belongs_to(&Some(me())) && m.results().is_none() && !m.came_back());
}

#[test]
fn each_search_started_takes_a_new_ticket_whatever_the_session() {
    let mut m = MapModel::default();
    m.apply(MapEvent::Searching { quiet: false });
    let first = m.ticket();
    m.apply(MapEvent::Searching { quiet: true });
    assert_eq!(m.ticket(), first + 1);
    // Another session's first event does not hand out the same ticket again.
    m.apply(MapEvent::EntityChosen { session: Some(("other".into(), None)), entity: None });
    m.apply(MapEvent::Searching { quiet: false });
    assert_eq!(m.ticket(), first + 2);
}

#[test]
fn results_compare_by_identity_and_find_picks() {
    let found = Found {
        id: AnswerId::next(),
        search: search(),
        vehicles: Arc::new(vec![Arc::new(at(1, 45.0)), Arc::new(at(2, 45.1))]),
        kept: Default::default(),
        warnings: Vec::new(),
        refresh: false,
    };
    let a = Results::joined(&found, false, None);
    let b = Results::joined(&found, false, None);
    assert_ne!(a, b, "two joins are two lists");
    assert_eq!(a, a.clone());
    assert_eq!(a.answer(), b.answer());
    assert_eq!((a.len(), a.located()), (2, 2));
    assert_eq!(a.row_of(Pick::Vehicle(2)), Some(1));
    assert_eq!(a.row_of(Pick::Row { index: 5, id: None }), None);
}

#[test]
fn an_answer_on_its_way_says_how_far_it_has_come_until_it_is_in() {
    let mut m = MapModel::default();
    m.apply(MapEvent::Receiving(Received { items: 5, bytes: 9 }));
    assert_eq!(m.receiving(), None, "no search on its way: nothing to report");
    m.apply(MapEvent::Searching { quiet: false });
    m.apply(MapEvent::Receiving(Received { items: 31_000, bytes: 62_000_000 }));
    assert_eq!(m.receiving(), Some(Received { items: 31_000, bytes: 62_000_000 }));
    m.apply(answered(vec![at(1, 45.0)], false));
    assert_eq!(m.receiving(), None);
    // A live refresh reports too, and a new search starts from nothing.
    m.apply(MapEvent::Searching { quiet: true });
    m.apply(MapEvent::Receiving(Received { items: 1, bytes: 2 }));
    assert!(m.receiving().is_some());
    m.apply(MapEvent::Searching { quiet: false });
    assert_eq!(m.receiving(), None);
}

#[test]
fn a_cancelled_search_keeps_the_results_shown_and_its_late_end_changes_nothing() {
    let mut m = MapModel::default();
    m.apply(answered(vec![at(1, 45.0), at(2, 45.1)], false));
    m.apply(MapEvent::Selected(Some(Pick::Row { index: 1, id: Some(2) })));
    m.apply(MapEvent::Searching { quiet: false });
    m.apply(MapEvent::Receiving(Received { items: 10, bytes: 100 }));
    let ticket = m.ticket();
    m.apply(MapEvent::Cancelled);
    assert!(m.cancelled() && !m.searching() && m.receiving().is_none());
    assert_ne!(m.ticket(), ticket, "an answer of the cancelled search, already in, is no longer the latest");
    // The aborted call ends as a superseded one: nothing more happens.
    m.apply(failed(ApiError::Superseded));
    assert!(m.cancelled() && !m.searching() && m.failure().is_none());
    assert_eq!(ids(&m), [Some(1), Some(2)]);
    assert_eq!(selected_row(&m), Some(1));
    // The next search clears the word.
    m.apply(MapEvent::Searching { quiet: false });
    assert!(!m.cancelled());
    // Nothing on its way: a cancel is not remembered.
    m.apply(answered(vec![at(1, 45.0)], false));
    m.apply(MapEvent::Cancelled);
    assert!(!m.cancelled());
}

#[test]
fn results_share_the_answer_s_vehicles_and_a_filter_only_picks_rows() {
    let mut m = MapModel::default();
    m.apply(answered(vec![at(1, 45.0), at(2, 45.1), at(3, 45.2)], false));
    let fleet = Fleet::new(vec![listed(1, "AA", 11), listed(2, "BB", 12), listed(3, "CC", 11)]);
    m.apply(MapEvent::FleetRead(Some(Ok(Arc::new(fleet)))));
    let (all, again) = (m.results().expect("results"), m.results().expect("results"));
    let first = |r: &Results| r.get(0).map(|v| v as *const NearbyVehicle);
    assert_eq!(first(&all), first(&again), "the vehicles are shared, not copied");
    assert_eq!(all.get(1).map(NearbyVehicle::name), Some(VehicleName::Plate("BB".into())));
    m.apply(MapEvent::EntityChosen { session: Some(me()), entity: Some(11) });
    let some = m.results().expect("results");
    assert_eq!(ids(&m), [Some(1), Some(3)]);
    assert_eq!(some.iter().len(), 2);
    assert!(std::ptr::eq(some.get(1).expect("row 1"), all.get(2).expect("row 2")), "rows of the same vehicles");
    assert_eq!(some.row_of(Pick::Vehicle(3)), Some(1));
    assert_eq!(some.get(2), None);
}
