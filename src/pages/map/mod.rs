//! Nearest vehicles (Ocean) on a Leaflet map: pick a centre (click, drag,
//! type, or "use my location"), set a radius and a mode, see who is closest.
//! The search lives in the URL (`/map?lat=…&lon=…&radius=…&mode=…&limit=…`),
//! so reload, sharing and the back button all work.
//!
//! `mod.rs` holds the page's state ([`MapState`]: the pure `model`, and what
//! the views read of it) and wires the calls (`calls`); each part of the
//! screen has its own module: `form`, `search_map` (Leaflet), `results`,
//! `details`, `export` (CSV); `crate::links` is the pure URL state.

mod address_search;
mod answer;
mod arrived;
mod calls;
mod changes;
mod context_menu;
mod details;
mod dots;
mod export;
mod form;
mod kept;
mod leaflet_view;
mod live;
mod map_overlays;
mod model;
mod progress;
mod results;
mod search_map;

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::components::retry_alert::RetryAlert;
use crate::domain::common::Received;
use crate::domain::fleet::{Entity, NearbyVehicle, VehicleName};
use crate::i18n::{t, td_string, use_i18n, Locale};
use crate::links::{Invalid, Search};
use crate::ocean_session::{use_ocean_session, OceanSession};
use crate::use_config;
use crate::vendors::{ocean, ApiError};
use address_search::AddressSearch;
use answer::{Pick, Results};
use changes::Changes;
use details::DetailsOnDemand;
use form::{FormDraft, SearchForm};
use live::{run_live_refresh, Live};
use model::{FleetRead, MapEvent, MapModel, Outcome};
use results::ResultsPanel;
use search_map::SearchMap;

/// The map page's state, shared by its parts (like `drivers::view::TreeState`):
/// the model, changed only through [`MapState::apply`], and what the views
/// read of it, each a memo that changes only when its part of the model does.
#[derive(Clone, Copy)]
pub struct MapState {
    /// The URL's search, or the configured default centre.
    pub current: Memo<Search>,
    /// The radius in the form: the circle follows it before the search runs.
    pub radius: Signal<u32>,
    model: RwSignal<MapModel>,
    session: OceanSession,
    /// The last good answer as shown (see [`Results`]). It stays on screen
    /// (dimmed) while the next search runs, and after a failed one.
    pub shown: Memo<Option<Results>>,
    /// Rows of `shown`.
    pub selected: Memo<Option<usize>>,
    pub hovered: Memo<Option<usize>>,
    /// The customer's vehicle list (`None` while it loads).
    pub fleet: Memo<FleetRead>,
    /// Reads the vehicle list again.
    pub refresh_fleet: Callback<()>,
    /// The customer's entities, and the one the results are filtered by.
    pub entities: Memo<Vec<Entity>>,
    pub entity: Memo<Option<i64>>,
    pub failure: Memo<Option<ApiError>>,
    pub searching: Memo<bool>,
    /// A live refresh is on its way: quiet, the list stays as it is meanwhile.
    pub refreshing: Memo<bool>,
    /// How far the answer on its way has come.
    pub receiving: Memo<Option<Received>>,
    /// The last search was cancelled; `cancel` stops the one on its way.
    pub cancelled: Memo<bool>,
    pub cancel: Callback<()>,
    /// When the last good answer arrived (ms since the epoch).
    pub updated_at: Memo<Option<f64>>,
    /// What the last refresh changed; `None` after a new search.
    pub changes: Memo<Option<Arc<Changes>>>,
    /// Runs a search: a new history entry, so the back button steps through them.
    pub search_at: Callback<Search>,
    pub live: Live,
}

/// What a [`MapState`] is made from besides its model.
struct Parts {
    current: Memo<Search>,
    radius: Signal<u32>,
    entities: Memo<Vec<Entity>>,
    refresh_fleet: Callback<()>,
    search_at: Callback<Search>,
    cancel: Callback<()>,
    live: Live,
}

impl MapState {
    fn new(model: RwSignal<MapModel>, parts: Parts) -> MapState {
        let session = use_ocean_session();
        let ours = Memo::new(move |_| model.with(|m| m.belongs_to(&session.credentials())));
        let revision = Memo::new(move |_| model.with(MapModel::revision));
        // Joined again only when what it is made of changed, not on each hover.
        let shown = Memo::new(move |_| {
            revision.track();
            ours.get().then(|| model.with_untracked(MapModel::results)).flatten()
        });
        let pick = Memo::new(move |_| model.with(MapModel::selected));
        let Parts { current, radius, entities, refresh_fleet, search_at, cancel, live } = parts;
        MapState {
            current,
            radius,
            model,
            session,
            shown,
            selected: Memo::new(move |_| pick.get().and_then(|p| shown.with(|s| s.as_ref()?.row_of(p)))),
            hovered: Memo::new(move |_| model.with(MapModel::hovered)),
            fleet: Memo::new_with_compare(move |_| model.with(|m| m.fleet_read().clone()), fleet_changed),
            refresh_fleet,
            entities,
            entity: Memo::new(move |_| ours.get().then(|| model.with(MapModel::entity)).flatten()),
            failure: Memo::new(move |_| model.with(|m| m.failure().cloned())),
            searching: Memo::new(move |_| model.with(MapModel::searching)),
            refreshing: Memo::new(move |_| model.with(MapModel::refreshing)),
            receiving: Memo::new(move |_| model.with(MapModel::receiving)),
            cancelled: Memo::new(move |_| model.with(MapModel::cancelled)),
            cancel,
            updated_at: Memo::new(move |_| model.with(MapModel::updated_at)),
            changes: Memo::new_with_compare(move |_| model.with(|m| m.changes().cloned()), changes_changed),
            search_at,
            live,
        }
    }

    /// Changes the page's state (nothing once the page is gone).
    fn apply(&self, event: MapEvent) -> Outcome {
        apply(self.model, event)
    }

    /// Selects row `row` of the results (its vehicle, on the map too).
    pub fn select(&self, row: Option<usize>) {
        let id_of = |index| self.shown.with_untracked(|s| s.as_ref()?.get(index)?.vehicle.id);
        self.apply(MapEvent::Selected(row.map(|index| Pick::Row { index, id: id_of(index) })));
    }

    pub fn hover(&self, row: Option<usize>) {
        self.apply(MapEvent::Hovered(row));
    }

    /// Filters the results by one entity (`None`: all).
    pub fn choose_entity(&self, entity: Option<i64>) {
        let session = self.session.current.with_untracked(|s| s.as_ref().map(|s| (s.token.clone(), s.customer_id)));
        self.apply(MapEvent::EntityChosen { session, entity });
    }

    /// The selected vehicle, if any.
    pub fn selected_vehicle(&self) -> Option<NearbyVehicle> {
        let i = self.selected.get()?;
        self.shown.with(|f| f.as_ref().and_then(|f| f.get(i).cloned()))
    }
}

fn apply(model: RwSignal<MapModel>, event: MapEvent) -> Outcome {
    model.try_update(|m| m.apply(event)).unwrap_or_default()
}

/// A list read once is the same list until read again: compared by address,
/// not record by record on each change of the model.
fn fleet_changed(a: Option<&FleetRead>, b: Option<&FleetRead>) -> bool {
    match (a, b) {
        (Some(Some(Ok(a))), Some(Some(Ok(b)))) => !Arc::ptr_eq(a, b),
        (a, b) => a != b,
    }
}

fn changes_changed(a: Option<&Option<Arc<Changes>>>, b: Option<&Option<Arc<Changes>>>) -> bool {
    match (a.cloned().flatten(), b.cloned().flatten()) {
        (Some(a), Some(b)) => !Arc::ptr_eq(&a, &b),
        (a, b) => a.is_some() != b.is_some(),
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
    let config = use_config();
    let session = use_ocean_session();
    let query = use_query_map();
    let navigate = use_navigate();
    let ocean = crate::use_ocean();

    // Leaflet's files load with the first map, not with the app.
    let leaflet = LocalResource::new(crate::leaflet_assets::load_leaflet);
    let url_search = Memo::new(move |_| query.with(|q| Search::from_params(|k| q.get(k))));
    let fallback = Search::around(config.map.center.lat, config.map.center.lon);
    let current = Memo::new(move |_| match url_search.get() {
        Some(Ok(s)) => s,
        _ => fallback,
    });
    let model = RwSignal::new(MapModel::default());
    let fleet_list = calls::fleet_list(model);
    let draft = FormDraft::new(current);
    let parts = Parts {
        current,
        radius: Signal::derive(move || draft.radius()),
        entities: calls::entities(),
        refresh_fleet: Callback::new(move |()| {
            session.fleet.set(None);
            fleet_list.refetch();
        }),
        search_at: Callback::new(move |s: Search| navigate(&format!("/map?{}", s.to_query()), Default::default())),
        cancel: Callback::new(move |()| {
            apply(model, MapEvent::Cancelled);
            ocean.cancel_nearest();
        }),
        live: Live::new(config.map.refresh_seconds),
    };
    let state = MapState::new(model, parts);
    // The next run is the live refresh: quiet (no "Searching…", the list
    // is not dimmed), and what it changes is marked.
    let quiet_next = StoredValue::new(false);
    let search = calls::nearest_search(model, current, quiet_next);
    let refresh = Callback::new(move |()| {
        quiet_next.set_value(true);
        search.refetch();
    });
    run_live_refresh(state, refresh);
    let retry = Callback::new(move |_| search.refetch());
    page(state, draft, url_search, leaflet, retry)
}

fn page(
    state: MapState,
    draft: FormDraft,
    url_search: Memo<Option<Result<Search, Invalid>>>,
    leaflet: LocalResource<Result<(), ()>>,
    retry: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="page map-page">
            <h1>{t!(i18n, map.title)}</h1>
            {crate::use_geocoder().map(|geocoder| view! { <AddressSearch state geocoder /> })}
            <SearchForm state draft url_search />
            <div class="map-layout">
                <MapFrame state leaflet />
                <ResultsPanel state retry />
            </div>
            <DetailsOnDemand state />
        </section>
    }
}

/// The map once Leaflet's files are in; until then, or if they failed, a
/// frame that says so.
#[component]
fn MapFrame(state: MapState, leaflet: LocalResource<Result<(), ()>>) -> impl IntoView {
    let i18n = use_i18n();
    move || match leaflet.get() {
        Some(Ok(())) => view! { <SearchMap state /> }.into_any(),
        Some(Err(())) => view! {
            <RetryAlert
                class="map-frame map-pending"
                data_test="map-unavailable"
                retry=Callback::new(move |()| leaflet.refetch())
            >
                {t!(i18n, map.leaflet_failed)}
            </RetryAlert>
        }
        .into_any(),
        None => view! {
            <div class="map-frame map-pending" role="status">
                <p>{t!(i18n, map.leaflet_loading)}</p>
            </div>
        }
        .into_any(),
    }
}
