//! Nearest vehicles (Ocean) on a Leaflet map: pick a centre (click, drag,
//! type, or "use my location"), set a radius and a mode, see who is closest.
//! The search lives in the URL (`/map?lat=…&lon=…&radius=…&mode=…&limit=…`),
//! so reload, sharing and the back button all work.
//!
//! `mod.rs` runs the search and owns the page's state ([`MapState`]); each
//! part of the screen has its own module: `form`, `search_map` (Leaflet),
//! `results`, `details`, `export` (CSV); `search` is the pure URL state.

mod address_search;
mod changes;
mod context_menu;
mod details;
mod dots;
mod export;
mod form;
mod leaflet_view;
mod live;
mod results;
mod search_map;

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::domain::common::DecodeWarning;
use crate::domain::fleet::{join, Entity, Fleet, NearbyVehicle, VehicleName};
use crate::i18n::{t, td_string, use_i18n, Locale};
use crate::links::Search;
use crate::ocean_session::use_ocean_session;
use crate::ocean_session::CachedFleet;
use crate::vendors::{ocean, ApiError};
use crate::{use_config, use_ocean};
use address_search::AddressSearch;
use changes::Changes;
use details::VehicleDetailsPanel;
use form::SearchForm;
use live::{run_live_refresh, Live};
use results::ResultsPanel;
use search_map::SearchMap;

/// A finished search and what it found.
#[derive(Clone, Debug, PartialEq)]
pub struct Found {
    pub search: Search,
    /// Shared: reading the signal must not copy thousands of vehicles.
    pub vehicles: Arc<Vec<NearbyVehicle>>,
    pub warnings: Vec<DecodeWarning>,
    /// The previous answer's search run again (the live refresh): the
    /// selection, the map's view and the list's length are kept.
    pub refresh: bool,
}

/// The map page's state, shared by its parts (like `drivers::view::TreeState`).
#[derive(Clone, Copy)]
pub struct MapState {
    /// The URL's search, or the configured default centre.
    pub current: Memo<Search>,
    /// The radius being edited: the circle follows it before the search runs.
    pub radius: RwSignal<u32>,
    /// The last good answer, as Ocean sent it.
    pub answer: RwSignal<Option<Found>>,
    /// That answer as shown: joined to the vehicle list, deleted vehicles
    /// left out, filtered by entity. It stays on screen (dimmed) while the
    /// next search runs.
    pub shown: RwSignal<Option<Found>>,
    /// The customer's vehicle list (`None` while it loads).
    pub fleet: RwSignal<Option<Result<Arc<Fleet>, ApiError>>>,
    /// Reads the vehicle list again.
    pub refresh_fleet: Callback<()>,
    /// The customer's entities, and the one the results are filtered by.
    pub entities: RwSignal<Vec<Entity>>,
    pub entity: RwSignal<Option<i64>>,
    pub failure: RwSignal<Option<ApiError>>,
    pub searching: RwSignal<bool>,
    /// Indexes into `shown`'s vehicles.
    pub selected: RwSignal<Option<usize>>,
    pub hovered: RwSignal<Option<usize>>,
    /// Runs a search: a new history entry, so the back button steps through them.
    pub search_at: Callback<Search>,
    pub live: Live,
}

impl MapState {
    /// The selected vehicle, if any.
    pub fn selected_vehicle(&self) -> Option<NearbyVehicle> {
        let i = self.selected.get()?;
        self.shown.with(|f| f.as_ref().and_then(|f| f.vehicles.get(i).cloned()))
    }

    fn selected_vehicle_untracked(&self) -> Option<NearbyVehicle> {
        let i = self.selected.get_untracked()?;
        self.shown.with_untracked(|f| f.as_ref().and_then(|f| f.vehicles.get(i).cloned()))
    }
}

/// How a vehicle is named on screen, in the popup and in the CSV.
pub fn vehicle_label(locale: Locale, v: &NearbyVehicle) -> String {
    match v.name() {
        VehicleName::Plate(p) | VehicleName::Described(p) => p,
        VehicleName::NoPlate(Some(description)) => td_string!(locale, map.no_plate_described, description).to_string(),
        VehicleName::NoPlate(None) => td_string!(locale, map.no_plate).to_string(),
        VehicleName::Numbered(id) => td_string!(locale, map.vehicle_numbered, id).to_string(),
        VehicleName::Unnamed => td_string!(locale, map.vehicle_unnamed).to_string(),
    }
}

fn query_of(s: &Search, customer_id: Option<i64>) -> ocean::NearestQuery {
    ocean::NearestQuery {
        customer_id,
        lat: s.lat,
        lon: s.lon,
        radius: s.radius_km,
        mode: s.mode,
        results_limit: (s.mode == crate::domain::fleet::ComputeMode::ByRoad).then_some(s.limit),
    }
}

#[component]
pub fn MapPage() -> impl IntoView {
    let i18n = use_i18n();
    let config = use_config();
    let ocean = use_ocean();
    let session = use_ocean_session();
    let cross_vendor = crate::cross_vendor::use_cross_vendor();
    let query = use_query_map();
    let navigate = use_navigate();

    // Leaflet's files load with the first map, not with the app.
    let leaflet = LocalResource::new(crate::leaflet_assets::load_leaflet);
    let url_search = Memo::new(move |_| query.with(|q| Search::from_params(|k| q.get(k))));
    let fallback = Search::around(config.map.center.lat, config.map.center.lon);
    let current = Memo::new(move |_| match url_search.get() {
        Some(Ok(s)) => s,
        _ => fallback,
    });
    let (ocean_fleet, ocean_entities) = (ocean.clone(), ocean.clone());
    // The vehicle list only completes an answer (plates, entities), and for
    // a large fleet it is as large as the answer itself: it is read once the
    // first answer is in, so that the map is not kept waiting behind it.
    let answer_in = RwSignal::new(false);
    let fleet_list = LocalResource::new(move || {
        let ocean = ocean_fleet.clone();
        let credentials = session.credentials();
        let answer_in = answer_in.get();
        async move {
            let (token, customer_id) = credentials.clone()?;
            if let Some(fleet) = session.cached_fleet(&token, customer_id) {
                return Some(Ok(fleet));
            }
            if !answer_in {
                return None;
            }
            let list = |t: String, c| async move { ocean.vehicles(&t, c).await };
            let fleet = session.call(credentials, list).await.map(|d| Arc::new(Fleet::new(d.value)));
            if let Ok(fleet) = &fleet {
                session.fleet.set(Some(CachedFleet { token, customer_id, fleet: fleet.clone() }));
            }
            Some(fleet)
        }
    });
    let entity_list = LocalResource::new(move || {
        let ocean = ocean_entities.clone();
        let credentials = session.credentials();
        async move {
            credentials.as_ref()?;
            let list = |t: String, c| async move { ocean.entities(&t, c).await };
            session.call(credentials, list).await.ok().map(|d| d.value)
        }
    });
    let state = MapState {
        current,
        radius: RwSignal::new(fallback.radius_km),
        answer: RwSignal::new(None),
        shown: RwSignal::new(None),
        fleet: RwSignal::new(None),
        refresh_fleet: Callback::new(move |()| {
            session.fleet.set(None);
            fleet_list.refetch();
        }),
        entities: RwSignal::new(Vec::new()),
        entity: RwSignal::new(None),
        failure: RwSignal::new(None),
        searching: RwSignal::new(false),
        selected: RwSignal::new(None),
        hovered: RwSignal::new(None),
        search_at: Callback::new(move |s: Search| navigate(&format!("/map?{}", s.to_query()), Default::default())),
        live: Live::new(config.map.refresh_seconds),
    };

    let (searching, refreshing) = (state.searching, state.live.refreshing);
    // The next run is the live refresh: quiet (no "Searching…", the list
    // is not dimmed), and what it changes is marked.
    let quiet_next = StoredValue::new(false);
    let results = LocalResource::new(move || {
        let ocean = ocean.clone();
        let credentials = session.credentials();
        let s = current.get();
        let quiet = std::mem::take(&mut *quiet_next.write_value());
        async move {
            credentials.as_ref()?;
            let busy = if quiet { refreshing } else { searching };
            busy.set(true);
            let r = session
                .call(credentials, |token, customer| async move {
                    ocean.nearest_vehicles(&token, &query_of(&s, customer)).await
                })
                .await
                .map(|d| {
                    let mut vehicles = d.value;
                    vehicles.sort_by(|a, b| a.distance.unwrap_or(f64::MAX).total_cmp(&b.distance.unwrap_or(f64::MAX)));
                    (Arc::new(vehicles), d.warnings)
                });
            if quiet || !matches!(r, Err(ApiError::Superseded)) {
                busy.set(false);
            }
            Some((s, r))
        }
    });

    // Not `<Transition>`: the last answer is read outside any one view (the
    // map's markers, the popup, the details panel), and a failed search keeps
    // it too, so it is a signal that only a new good answer replaces.
    Effect::new(move |_| {
        match results.get() {
            Some(Some((s, Ok((vehicles, warnings))))) => {
                crate::perf::mark("map:response");
                let previous = state.answer.get_untracked().filter(|p| p.search == s);
                let changes = previous.as_ref().map(|p| Arc::new(Changes::between(&p.vehicles, &vehicles)));
                state.live.changes.set(changes);
                state.live.updated_at.set(Some(js_sys::Date::now()));
                // Where each vehicle was seen, for the group editor's "Show on the map".
                cross_vendor.remember_positions(vehicles.iter().filter_map(|v| Some((v.vehicle.id?, v.position()?))));
                state.answer.set(Some(Found { search: s, vehicles, warnings, refresh: previous.is_some() }));
                state.failure.set(None);
            }
            Some(Some((_, Err(ApiError::Superseded)))) => return,
            Some(Some((_, Err(e)))) => state.failure.set(Some(e)),
            _ => return,
        }
        if !answer_in.get_untracked() {
            answer_in.set(true);
        }
    });
    Effect::new(move |_| state.fleet.set(fleet_list.get().flatten()));
    Effect::new(move |_| {
        let entities = entity_list.get().flatten().unwrap_or_default();
        state.entities.set(entities.into_iter().filter(|e| e.deleted != Some(true)).collect());
    });
    // The answer as shown: joined again when the vehicle list arrives (plates
    // replace descriptions) or the entity filter changes. A new search clears
    // the selection; joining the same answer again, or the live refresh of
    // the same search, keeps the selected vehicle (found again by its id).
    let joined_answer = StoredValue::new(None::<Arc<Vec<NearbyVehicle>>>);
    Effect::new(move |_| {
        let fleet = state.fleet.with(|f| f.as_ref().and_then(|f| f.as_ref().ok().cloned()));
        let entity = state.entity.get();
        let Some(answer) = state.answer.get() else {
            state.shown.set(None);
            return;
        };
        let same_answer = joined_answer.with_value(|a| a.as_ref().is_some_and(|a| Arc::ptr_eq(a, &answer.vehicles)));
        let kept = if same_answer || answer.refresh {
            state.selected_vehicle_untracked().and_then(|v| v.vehicle.id)
        } else {
            None
        };
        let vehicles = join(&answer.vehicles, fleet.as_deref(), entity);
        let selected = kept.and_then(|id| vehicles.iter().position(|v| v.vehicle.id == Some(id)));
        joined_answer.set_value(Some(answer.vehicles.clone()));
        state.shown.set(Some(Found { vehicles: Arc::new(vehicles), ..answer }));
        state.selected.set(selected);
        state.hovered.set(None);
    });
    // Signing out (or another customer) clears the results too.
    Effect::new(move |_| {
        let _customer = session.credentials().map(|(_, c)| c);
        state.answer.set(None);
        state.entity.set(None);
        if answer_in.get_untracked() {
            answer_in.set(false);
        }
    });

    run_live_refresh(
        state,
        Callback::new(move |()| {
            quiet_next.set_value(true);
            results.refetch();
        }),
    );

    view! {
        <section class="page map-page">
            <h1>{t!(i18n, map.title)}</h1>
            {crate::use_geocoder().map(|geocoder| view! { <AddressSearch state geocoder /> })}
            <SearchForm state url_search />
            <div class="map-layout">
                {move || match leaflet.get() {
                    Some(Ok(())) => view! { <SearchMap state /> }.into_any(),
                    Some(Err(())) => {
                        view! {
                            <div class="map-frame map-pending" role="alert" data-test="map-unavailable">
                                <p>{t!(i18n, map.leaflet_failed)}</p>
                                <button type="button" on:click=move |_| leaflet.refetch()>
                                    {t!(i18n, common.try_again)}
                                </button>
                            </div>
                        }
                            .into_any()
                    }
                    None => {
                        view! {
                            <div class="map-frame map-pending" role="status">
                                <p>{t!(i18n, map.leaflet_loading)}</p>
                            </div>
                        }
                            .into_any()
                    }
                }} <ResultsPanel state retry=Callback::new(move |_| results.refetch()) />
            </div>
            <VehicleDetailsPanel state />
        </section>
    }
}
