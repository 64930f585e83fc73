//! The page's calls to Ocean: the nearest-vehicles search, the customer's
//! vehicle list and entities, and the selected vehicle's full record. The search and the list hand their answer to
//! the model themselves (`apply`, after the await), so no effect copies a
//! resource into the page's state; the entities are a list the filter
//! offers, derived from its resource.

use std::sync::Arc;

use leptos::prelude::*;

use super::arrived::{Arrived, Prepare};
use super::model::{FleetRead, MapEvent, MapModel};
use super::{apply, query_of};
use crate::cross_vendor::use_cross_vendor;
use crate::domain::fleet::{Entity, Fleet, StreamedVehicle, VehicleDetails};
use crate::domain::units::{to_metres_and_seconds, DistanceReading, UnitRules};
use crate::links::Search;
use crate::ocean_session::{use_ocean_session, CachedFleet, OceanSession};
use crate::slices::{let_go, yield_to_event_loop};
use crate::vendors::ocean::Ocean;
use crate::vendors::ApiError;
use crate::{use_config, use_ocean};

/// The search of the URL (`current`), run whenever it or the session
/// changes, and again on `refetch`: quietly (the live refresh) when
/// `quiet_next` says so.
pub fn nearest_search(
    model: RwSignal<MapModel>,
    current: Memo<Search>,
    quiet_next: StoredValue<bool>,
) -> LocalResource<()> {
    let ocean = use_ocean();
    let rules = use_config().vendors.ocean.unit_rules();
    let session = use_ocean_session();
    let cross_vendor = use_cross_vendor();
    LocalResource::new(move || {
        let ocean = ocean.clone();
        let credentials = session.credentials();
        let search = current.get();
        let quiet = std::mem::take(&mut *quiet_next.write_value());
        async move {
            let Some(asked_as) = credentials.clone() else { return };
            apply(model, MapEvent::Searching { quiet });
            let ticket = model.with_untracked(MapModel::ticket);
            // The results of the answer shown that the new one may share.
            let known = model.with_untracked(|m| m.known(&asked_as, &search));
            let answer = session
                .call(credentials, |token, customer| async move {
                    let progress = move |received| {
                        if latest(model, ticket) {
                            apply(model, MapEvent::Receiving(received));
                        }
                    };
                    ocean.nearest_vehicles(&token, &query_of(&search, customer), known, progress).await
                })
                .await;
            // After the last byte, the work on 50,000 results is cut into
            // slices, each a task of its own, so that the page answers
            // between them (a newer search meanwhile makes this one's
            // answer stale: it is dropped, by its ticket).
            yield_to_event_loop().await;
            let answer = answer.map(|d| (in_metres(session, &search, rules, d.value), d.warnings));
            yield_to_event_loop().await;
            let answer = answer.map(|(vehicles, warnings)| (closest_first(vehicles), warnings));
            if answer.is_ok() {
                crate::perf::mark("map:response");
            }
            yield_to_event_loop().await;
            let mut answer = answer.map(|(vehicles, warnings)| (Arrived::new(vehicles), warnings));
            // Joined to the list, then compared with the answer shown, a
            // task each (the model does either again if what it was done
            // against has changed by the time the answer lands).
            for step in Prepare::ALL {
                yield_to_event_loop().await;
                // A stale answer (a newer search, a cancel, the page left)
                // is not made ready: it is dropped below.
                if !latest(model, ticket) {
                    break;
                }
                if let Ok((arrived, _)) = &mut answer {
                    model.with_untracked(|m| m.prepare(&asked_as, &search, arrived, step));
                }
                crate::perf::mark(step.mark());
            }
            yield_to_event_loop().await;
            // Stale, it goes as a superseded search does (which clears
            // nothing the newer one has set).
            let answer = if latest(model, ticket) { answer } else { Err(ApiError::Superseded) };
            let at_ms = js_sys::Date::now();
            crate::perf::mark("map:answered");
            let outcome = apply(model, MapEvent::Answered { session: asked_as, search, answer, quiet, at_ms });
            crate::perf::mark("map:applied");
            if let Some(seen) = outcome.seen {
                yield_to_event_loop().await;
                cross_vendor.remember_positions(seen.iter().filter_map(|v| Some((v.vehicle.id?, v.position()?))));
                crate::perf::mark("map:positions-remembered");
            }
            if let Some(replaced) = outcome.replaced {
                let_go(replaced, |results| results, RESULTS_PER_LOOK).await;
                crate::perf::mark("map:replaced-freed");
            }
        }
    })
}

/// Results of a replaced answer freed between two looks at the clock.
const RESULTS_PER_LOOK: usize = 512;

/// The answer's distances in metres and durations in seconds, the one place
/// they are converted, so that every view and the CSV agree; the unit read
/// is kept for the Connections page.
fn in_metres(
    session: OceanSession,
    search: &Search,
    rules: UnitRules,
    mut found: Vec<StreamedVehicle>,
) -> Vec<StreamedVehicle> {
    let earlier = session.distances.with_untracked(|r| r.as_ref().and_then(DistanceReading::learnt));
    let reading = to_metres_and_seconds(&mut found, (search.lat, search.lon), search.mode, rules, earlier);
    session.distances.set(Some(reading));
    found
}

/// Whether the search that took `ticket` is still the latest one started.
fn latest(model: RwSignal<MapModel>, ticket: u64) -> bool {
    model.try_with_untracked(|m| m.ticket() == ticket).unwrap_or(false)
}

fn closest_first(mut vehicles: Vec<StreamedVehicle>) -> Vec<StreamedVehicle> {
    let distance = |v: &StreamedVehicle| v.vehicle.distance.unwrap_or(f64::MAX);
    vehicles.sort_by(|a, b| distance(a).total_cmp(&distance(b)));
    vehicles
}

/// The customer's vehicle list, once per token and customer (cached in the
/// session). It only completes an answer (plates, entities), and for a
/// large fleet it is as large as the answer itself: it is read once the
/// first search came back, so that the map is not kept waiting behind it.
pub fn fleet_list(model: RwSignal<MapModel>) -> LocalResource<()> {
    let ocean = use_ocean();
    let session = use_ocean_session();
    let came_back = Memo::new(move |_| model.with(|m| m.came_back() && m.belongs_to(&session.credentials())));
    LocalResource::new(move || {
        let ocean = ocean.clone();
        let credentials = session.credentials();
        let came_back = came_back.get();
        async move {
            let fleet = read_fleet(ocean, session, credentials.clone(), came_back).await;
            // A list read for a session that has since ended is no one's (a
            // resource does not drop a superseded run's side effects).
            if session.still(&credentials) {
                apply(model, MapEvent::FleetRead(fleet));
            }
        }
    })
}

async fn read_fleet(
    ocean: Ocean,
    session: OceanSession,
    credentials: Option<(String, Option<i64>)>,
    came_back: bool,
) -> FleetRead {
    let (token, customer_id) = credentials.clone()?;
    if let Some(fleet) = session.cached_fleet(&token, customer_id) {
        return Some(Ok(fleet));
    }
    if !came_back {
        return None;
    }
    let list = |t: String, c| async move { ocean.fleet(&t, c).await };
    let fleet = session.call(credentials, list).await.map(|d| Arc::new(Fleet::new(d.value)));
    if let Ok(fleet) = &fleet {
        session.fleet.set(Some(CachedFleet { token, customer_id, fleet: fleet.clone() }));
    }
    Some(fleet)
}

/// The customer's entities (the deleted ones left out), for the filter.
pub fn entities() -> Memo<Vec<Entity>> {
    let ocean = use_ocean();
    let session = use_ocean_session();
    let entity_list = LocalResource::new(move || {
        let ocean = ocean.clone();
        let credentials = session.credentials();
        async move {
            credentials.as_ref()?;
            let list = |t: String, c| async move { ocean.entities(&t, c).await };
            session.call(credentials, list).await.ok().map(|d| d.value)
        }
    });
    Memo::new(move |_| {
        let entities = entity_list.get().flatten().unwrap_or_default();
        entities.into_iter().filter(|e| e.deleted != Some(true)).collect()
    })
}

/// The vehicle whose full record the details panel shows: its Ocean id and
/// its plate as the list gave it.
pub type RecordKey = (i64, String);

/// A record's read: for which vehicle, and what Ocean said (`Ok(None)`: its
/// answer for the plate did not hold that vehicle).
pub type RecordRead = (RecordKey, Result<Option<Arc<VehicleDetails>>, ApiError>);

/// The full record of the vehicle `wanted` names, read by its plate the
/// first time it is shown in a session, then from the session's cache.
pub fn vehicle_record(wanted: Memo<Option<RecordKey>>) -> LocalResource<Option<RecordRead>> {
    let ocean = use_ocean();
    let session = use_ocean_session();
    LocalResource::new(move || {
        let ocean = ocean.clone();
        let credentials = session.credentials();
        let wanted = wanted.get();
        async move {
            let (id, plate) = wanted?;
            let key = (id, plate.clone());
            if let Some(cached) = credentials.as_ref().and_then(|c| session.cached_record(c, id)) {
                return Some((key, Ok(cached)));
            }
            let read = |t: String, c| async move { ocean.vehicles_by_plate(&t, c, &plate).await };
            let record = match session.call(credentials.clone(), read).await {
                // A plate may be listed for several vehicles: the one with this id.
                Ok(d) => {
                    Ok(d.value.into_iter().find(|r| r.vehicle.as_ref().and_then(|v| v.id) == Some(id)).map(Arc::new))
                }
                // Ocean documents 404 for this read: no vehicle under that plate.
                Err(ApiError::Http { status: 404, .. }) => Ok(None),
                Err(e) => Err(e),
            };
            if let (Ok(record), Some(c)) = (&record, credentials) {
                if session.still(&Some(c.clone())) {
                    session.cache_record(c, id, record.clone());
                }
            }
            Some((key, record))
        }
    })
}
