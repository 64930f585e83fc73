//! Nearest vehicles (Ocean) on a Leaflet map: pick a centre (click, drag,
//! type, or "use my location"), set a radius and a mode, see who is closest.
//! The search lives in the URL (`/map?lat=…&lon=…&radius=…&mode=…&limit=…`),
//! so reload, sharing and the back button all work.

mod leaflet_view;
mod markers;
pub mod search;

use std::{rc::Rc, sync::Arc};

use leptos::prelude::*;
use leptos_leaflet::leaflet::{self, LatLng, LatLngBounds};
use leptos_leaflet::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use wasm_bindgen::JsCast;

use crate::components::{decode_notice::DecodeNotice, error_panel::ErrorPanel, ocean_login::OceanLogin};
use crate::domain::common::DecodeWarning;
use crate::domain::fleet::{ComputeMode, NearbyVehicle, VehicleDetails};
use crate::format;
use crate::i18n::{t, t_string, td_string, use_i18n, Locale};
use crate::session::use_ocean_session;
use crate::use_config;
use crate::vendors::{ocean, ApiError};
use leaflet_view::{MapPopup, MapView};
use markers::VehicleLayer;
use search::{parse_latitude, parse_limit, parse_longitude, parse_radius, wider, Invalid, Search, LIMIT_MAX, RADIUS_MAX_KM, RADIUS_MIN_KM};

/// Results listed before "Show more": the map shows them all.
const LIST_PAGE: usize = 100;

/// A finished search and what it found.
#[derive(Clone, Debug, PartialEq)]
struct Found {
    search: Search,
    /// Shared: reading the signal must not copy thousands of vehicles.
    vehicles: Arc<Vec<NearbyVehicle>>,
    warnings: Vec<DecodeWarning>,
}

fn query_of(s: &Search, customer_id: Option<i64>) -> ocean::NearestQuery {
    ocean::NearestQuery {
        customer_id,
        lat: s.lat,
        lon: s.lon,
        radius: s.radius_km,
        mode: s.mode,
        results_limit: (s.mode == ComputeMode::ByRoad).then_some(s.limit),
    }
}

/// The sentence for a failed search, in the dispatcher's terms.
fn search_error(locale: Locale, e: &ApiError) -> String {
    match e {
        ApiError::Http { status: 403, .. } => td_string!(locale, map.err_403).to_string(),
        ApiError::Http { status: 404, .. } => td_string!(locale, map.err_404).to_string(),
        other => other.sentence(locale, ocean::VENDOR),
    }
}

/// What is wrong with the search form; worded when shown.
#[derive(Clone, Debug, PartialEq)]
enum FormProblem {
    Invalid(Invalid),
    GeoUnsupported,
    GeoDenied,
    GeoFailed,
    GeoNotAsked,
}

impl FormProblem {
    fn text(&self, locale: Locale) -> String {
        match self {
            FormProblem::Invalid(i) => i.text(locale),
            FormProblem::GeoUnsupported => td_string!(locale, map.geo_unsupported).to_string(),
            FormProblem::GeoDenied => td_string!(locale, map.geo_denied).to_string(),
            FormProblem::GeoFailed => td_string!(locale, map.geo_failed).to_string(),
            FormProblem::GeoNotAsked => td_string!(locale, map.geo_not_asked).to_string(),
        }
    }
}

/// South, north, west, east of the search circle.
fn circle_box(s: &Search) -> (f64, f64, f64, f64) {
    let dlat = s.radius_km as f64 / 111.32;
    let dlon = s.radius_km as f64 / (111.32 * s.lat.to_radians().cos().abs().max(0.01));
    (s.lat - dlat, s.lat + dlat, s.lon - dlon, s.lon + dlon)
}

#[component]
pub fn MapPage() -> impl IntoView {
    let i18n = use_i18n();
    let config = use_config();
    let session = use_ocean_session();
    let query = use_query_map();
    let navigate = use_navigate();

    let url_search = Memo::new(move |_| query.with(|q| Search::from_params(|k| q.get(k))));
    let fallback = Search::around(config.map.center.lat, config.map.center.lon);
    let current = Memo::new(move |_| match url_search.get() {
        Some(Ok(s)) => s,
        _ => fallback,
    });
    // Each search is a new history entry: the back button steps through them.
    let go = Callback::new(move |s: Search| navigate(&format!("/map?{}", s.to_query()), Default::default()));

    // The form's drafts, reset whenever the URL's search changes.
    let lat_text = RwSignal::new(String::new());
    let lon_text = RwSignal::new(String::new());
    let radius = RwSignal::new(fallback.radius_km);
    let mode = RwSignal::new(fallback.mode);
    let limit = RwSignal::new(fallback.limit);
    let form_error = RwSignal::new(None::<FormProblem>);
    Effect::new(move |_| {
        let s = current.get();
        // Written as the user's language writes decimals; both are read back.
        let locale = i18n.get_locale();
        lat_text.set(format::number(locale, s.lat, 5));
        lon_text.set(format::number(locale, s.lon, 5));
        radius.set(s.radius_km);
        mode.set(s.mode);
        limit.set(s.limit);
        form_error.set(None);
    });

    let searching = RwSignal::new(false);
    let search_config = config.clone();
    let results = LocalResource::new(move || {
        let config = search_config.clone();
        let credentials = session.credentials();
        let s = current.get();
        async move {
            credentials.as_ref()?;
            searching.set(true);
            let r = session
                .call(credentials, |token, customer| async move { ocean::nearest_vehicles(&config, &token, &query_of(&s, customer)).await })
                .await
                .map(|d| {
                    let mut vehicles = d.value;
                    vehicles.sort_by(|a, b| a.distance.unwrap_or(f64::MAX).total_cmp(&b.distance.unwrap_or(f64::MAX)));
                    (Arc::new(vehicles), d.warnings)
                });
            if !matches!(r, Err(ApiError::Superseded)) {
                searching.set(false);
            }
            Some((s, r))
        }
    });

    // The last good answer stays on screen (dimmed) while the next one runs.
    let shown = RwSignal::new(None::<Found>);
    let failure = RwSignal::new(None::<ApiError>);
    let selected = RwSignal::new(None::<usize>);
    let hovered = RwSignal::new(None::<usize>);
    Effect::new(move |_| match results.get() {
        Some(Some((s, Ok((vehicles, warnings))))) => {
            crate::perf::mark("map:response");
            shown.set(Some(Found { search: s, vehicles, warnings }));
            failure.set(None);
            selected.set(None);
            hovered.set(None);
        }
        Some(Some((_, Err(ApiError::Superseded)))) => {}
        Some(Some((_, Err(e)))) => failure.set(Some(e)),
        _ => {}
    });
    // Signing out clears the results too.
    Effect::new(move |_| {
        if session.current.with(Option::is_none) {
            shown.set(None);
            selected.set(None);
        }
    });

    let submit = {
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let parsed = (|| {
                Ok::<Search, Invalid>(Search {
                    lat: parse_latitude(&lat_text.get_untracked())?,
                    lon: parse_longitude(&lon_text.get_untracked())?,
                    radius_km: parse_radius(&radius.get_untracked().to_string())?,
                    mode: mode.get_untracked(),
                    limit: parse_limit(&limit.get_untracked().to_string())?,
                })
            })();
            match parsed {
                Ok(s) => {
                    form_error.set(None);
                    go.run(s);
                }
                Err(e) => form_error.set(Some(FormProblem::Invalid(e))),
            }
        }
    };

    let use_my_location = {
        move |_| {
            let Some(geo) = web_sys::window().and_then(|w| w.navigator().geolocation().ok()) else {
                form_error.set(Some(FormProblem::GeoUnsupported));
                return;
            };
            let ok = wasm_bindgen::closure::Closure::once_into_js(move |p: web_sys::Position| {
                let c = p.coords();
                go.run(Search { lat: c.latitude(), lon: c.longitude(), ..current.get_untracked() });
            });
            let err = wasm_bindgen::closure::Closure::once_into_js(move |e: web_sys::PositionError| {
                let denied = e.code() == web_sys::PositionError::PERMISSION_DENIED;
                form_error.set(Some(if denied { FormProblem::GeoDenied } else { FormProblem::GeoFailed }));
            });
            if geo.get_current_position_with_error_callback(ok.unchecked_ref(), Some(err.unchecked_ref())).is_err() {
                form_error.set(Some(FormProblem::GeoNotAsked));
            }
        }
    };

    view! {
        <section class="page map-page">
            <h1>{t!(i18n, map.title)}</h1>
            <form class="search-form" on:submit=submit data-test="search-form" novalidate>
                <label>{t!(i18n, map.latitude)}<input inputmode="decimal" bind:value=lat_text aria-describedby="search-error" data-test="lat" /></label>
                <label>{t!(i18n, map.longitude)}<input inputmode="decimal" bind:value=lon_text aria-describedby="search-error" data-test="lon" /></label>
                <label class="radius">
                    {move || t_string!(i18n, map.radius, radius = format::kilometres(i18n.get_locale(), radius.get() as f64))}
                    <span class="radius-inputs">
                        <input type="range" min=RADIUS_MIN_KM max=RADIUS_MAX_KM prop:value=move || radius.get().to_string()
                            on:input=move |ev| if let Ok(r) = event_target_value(&ev).parse() { radius.set(r) } aria-label=move || t_string!(i18n, map.radius_label) />
                        <input type="number" min=RADIUS_MIN_KM max=RADIUS_MAX_KM prop:value=move || radius.get().to_string() data-test="radius"
                            on:input=move |ev| if let Ok(r) = event_target_value(&ev).parse() { radius.set(r) } aria-label=move || t_string!(i18n, map.radius_number) />
                        <span aria-hidden="true">"km"</span>
                    </span>
                </label>
                <fieldset class="mode">
                    <legend>{t!(i18n, map.distance)}</legend>
                    <label class="inline"><input type="radio" name="mode" prop:checked=move || mode.get() == ComputeMode::CrowFlies
                        on:change=move |_| mode.set(ComputeMode::CrowFlies) data-test="mode-crow" />{t!(i18n, map.crow)}</label>
                    <label class="inline"><input type="radio" name="mode" prop:checked=move || mode.get() == ComputeMode::ByRoad
                        on:change=move |_| mode.set(ComputeMode::ByRoad) data-test="mode-road" />{t!(i18n, map.road)}</label>
                </fieldset>
                <label>
                    {t!(i18n, map.results_by_road)}
                    <select disabled=move || mode.get() != ComputeMode::ByRoad data-test="limit"
                        prop:value=move || limit.get().to_string() on:change=move |ev| if let Ok(l) = event_target_value(&ev).parse() { limit.set(l) }>
                        {(1..=LIMIT_MAX).map(|n| view! { <option value=n.to_string()>{n}</option> }).collect_view()}
                    </select>
                </label>
                <div class="search-actions">
                    <button type="submit" data-test="search">{t!(i18n, map.search)}</button>
                    <button type="button" on:click=use_my_location>{t!(i18n, map.my_location)}</button>
                </div>
                <p class="field-error" id="search-error" role="alert" data-test="form-error">{move || {
                    let locale = i18n.get_locale();
                    form_error.get().map(|p| p.text(locale)).or_else(|| url_search.with(|u| match u {
                        Some(Err(e)) => Some(td_string!(locale, map.invalid_url, problem = e.text(locale)).to_string()),
                        _ => None,
                    }))
                }}</p>
            </form>
            <div class="map-layout">
                <SearchMap current radius shown selected hovered go />
                <section class="results" aria-label=move || t_string!(i18n, map.results) aria-busy=move || searching.get().to_string()>
                    {move || {
                        if session.current.with(Option::is_none) {
                            return view! {
                                <p>{t!(i18n, map.sign_in_first)}</p>
                                <OceanLogin />
                            }.into_any();
                        }
                        view! {
                            {move || searching.get().then(|| view! { <p class="loading" role="status">{t!(i18n, map.searching)}</p> })}
                            {move || failure.get().map(|e| {
                                let failed = e.clone();
                                let sentence = Signal::derive(move || search_error(i18n.get_locale(), &failed));
                                view! { <ErrorPanel error=e vendor=ocean::VENDOR sentence retry=Callback::new(move |_| results.refetch()) /> }
                            })}
                            <ResultsList shown selected hovered searching go />
                        }.into_any()
                    }}
                </section>
            </div>
            <VehicleDetailsPanel shown selected />
        </section>
    }
}

#[component]
fn SearchMap(
    current: Memo<Search>,
    radius: RwSignal<u32>,
    shown: RwSignal<Option<Found>>,
    selected: RwSignal<Option<usize>>,
    hovered: RwSignal<Option<usize>>,
    go: Callback<Search>,
) -> impl IntoView {
    let i18n = use_i18n();
    let config = use_config();
    let map = JsRwSignal::<Option<leaflet::Map>>::new_local(None);
    let layer = StoredValue::new_local(None::<VehicleLayer>);
    let start = current.get_untracked();
    // Canvas markers have no DOM nodes: their count is exposed on the frame.
    let drawn = RwSignal::new(0usize);
    Effect::new(move |_| {
        if map.with(Option::is_some) {
            crate::perf::mark_after_layout("map:ready");
        }
    });

    // Markers follow the results; selection and hover restyle them.
    Effect::new(move |_| {
        let Some(m) = map.get() else { return };
        let found = shown.get();
        let positions: Vec<Option<(f64, f64)>> = found.as_ref().map(|f| f.vehicles.iter().map(NearbyVehicle::position).collect()).unwrap_or_default();
        // Fit the circle and every result first (bounds computed here, one
        // call): markers added afterwards are projected once, at the final zoom.
        layer.update_value(|l| {
            if let Some(l) = l {
                l.clear();
            }
        });
        if let Some(f) = &found {
            let (s, n, w, e) = positions.iter().flatten().fold(circle_box(&f.search), |(s, n, w, e), (lat, lon)| {
                (s.min(*lat), n.max(*lat), w.min(*lon), e.max(*lon))
            });
            m.fit_bounds(&LatLngBounds::new(&LatLng::new(s, w), &LatLng::new(n, e)));
        }
        crate::perf::mark("map:markers-start");
        layer.update_value(|l| {
            l.get_or_insert_with(|| {
                let on_click: Rc<dyn Fn(usize)> = Rc::new(move |i| selected.set(Some(i)));
                let on_hover: Rc<dyn Fn(Option<usize>)> = Rc::new(move |i| hovered.set(i));
                VehicleLayer::new(&m, on_click, on_hover)
            })
            .show(&positions)
        });
        drawn.set(positions.iter().flatten().count());
        crate::perf::mark("map:markers-done");
        crate::perf::mark_after_layout("map:drawn");
    });
    Effect::new(move |_| {
        let (s, h) = (selected.get(), hovered.get());
        layer.with_value(|l| {
            if let Some(l) = l {
                l.highlight(s, h);
            }
        });
    });

    let events = MapEvents::new().mouse_click(move |e: leaflet::MouseEvent| {
        let p = e.lat_lng();
        go.run(Search { lat: p.lat(), lon: p.lng(), ..current.get_untracked() });
    });
    let tiles = config.map.tile_url.clone();
    let attribution = config.map.attribution.clone();
    let centre = Signal::derive_local(move || {
        let s = current.get();
        Position::new(s.lat, s.lon)
    });

    view! {
        <div class="map-frame" data-test="map" data-markers=move || drawn.get().to_string()>
            <MapView class="map" center=Position::new(start.lat, start.lon) zoom=config.map.zoom prefer_canvas=true
                map=map.write_only() events>
                {(!tiles.is_empty()).then(|| view! { <TileLayer url=tiles.clone() attribution=attribution.clone() /> })}
                {move || view! {
                    <Circle center=centre radius=Signal::derive(move || radius.get() as f64 * 1000.0) color="#1f5fd1" fill_opacity=Some(0.06) interactive=Some(false) />
                }}
                // Reactive blocks get their own owner: the Circle's and the
                // Marker's overlay contexts stay inside them instead of
                // capturing the standalone popup below.
                {move || {
                    let drag = DragEvents::new().on_drag_end(move |e: leaflet::DragEndEvent| {
                        {
                            // A marker's drag events target the marker itself.
                            let marker: leaflet::Marker = e.target().unchecked_into();
                            let p = marker.get_lat_lng();
                            go.run(Search { lat: p.lat(), lon: p.lng(), ..current.get_untracked() });
                        }
                    });
                    view! {
                        <Marker position=centre draggable=true drag_events=drag title=t_string!(i18n, map.centre_marker).to_string()
                            icon_url=Some("/images/marker-icon.png".to_string()) icon_size=Some((25.0, 41.0)) icon_anchor=Some((12.0, 41.0)) />
                    }
                }}
                {move || {
                    let v = selected.get().and_then(|i| shown.with(|f| f.as_ref().and_then(|f| f.vehicles.get(i).cloned())))?;
                    let (lat, lon) = v.position()?;
                    // The popup is built from text nodes: vendor strings never become HTML.
                    Some(view! {
                        <MapPopup position=Position::new(lat, lon) offset=(0.0, -6.0)>
                            <div class="popup" data-test="popup">
                                <strong>{v.label()}</strong>
                                <span>{v.driver_name().unwrap_or_else(|| t_string!(i18n, map.no_driver).to_string())}</span>
                                <span>{v.distance.map(|m| format::distance_m(i18n.get_locale(), m)).unwrap_or_default()}</span>
                            </div>
                        </MapPopup>
                    })
                }}
            </MapView>
        </div>
    }
}

/// Headers in the user's language; values machine-readable (metres,
/// seconds, RFC 3339) so that a spreadsheet can compute with them.
fn vehicle_csv(locale: Locale, vehicles: &[NearbyVehicle]) -> Result<String, String> {
    let header = [
        td_string!(locale, map.csv_vehicle),
        td_string!(locale, map.csv_category),
        td_string!(locale, map.csv_driver),
        td_string!(locale, map.csv_group),
        td_string!(locale, map.csv_distance),
        td_string!(locale, map.csv_duration),
        td_string!(locale, map.csv_eta),
        td_string!(locale, map.csv_position),
        td_string!(locale, map.csv_mobile),
        td_string!(locale, map.csv_immobilisation),
        td_string!(locale, map.csv_place),
    ];
    let rows = vehicles.iter().map(|v| {
        [
            v.label(),
            v.vehicle.category.clone().unwrap_or_default(),
            v.driver_name().unwrap_or_default(),
            v.group.as_ref().and_then(|g| g.description.clone()).unwrap_or_default(),
            v.distance.map(|d| d.round().to_string()).unwrap_or_default(),
            v.duration.map(|d| d.round().to_string()).unwrap_or_default(),
            v.eta.as_ref().and_then(|t| t.at()).map(|t| t.to_rfc3339()).unwrap_or_default(),
            v.position_at.as_ref().and_then(|t| t.at()).map(|t| t.to_rfc3339()).unwrap_or_default(),
            v.mobile_state.clone().unwrap_or_default(),
            v.immobilisation.clone().unwrap_or_default(),
            place(v),
        ]
    });
    crate::csv_export::to_csv(header, rows)
}

/// The closest point of interest, else the address.
fn place(v: &NearbyVehicle) -> String {
    let a = v.address.as_ref();
    a.and_then(|a| a.closest_poi.as_ref().and_then(|p| p.name.clone()))
        .or_else(|| a.and_then(|a| a.text.clone()))
        .unwrap_or_default()
}

#[component]
fn ResultsList(
    shown: RwSignal<Option<Found>>,
    selected: RwSignal<Option<usize>>,
    hovered: RwSignal<Option<usize>>,
    searching: RwSignal<bool>,
    go: Callback<Search>,
) -> impl IntoView {
    let i18n = use_i18n();
    // A long list is cut: markers show every result, the list the closest.
    let limit = RwSignal::new(LIST_PAGE);
    let export = move |_| {
        let locale = i18n.get_locale_untracked();
        if let Some(f) = shown.get_untracked() {
            if let Ok(text) = vehicle_csv(locale, f.vehicles.as_slice()) {
                crate::pages::download(td_string!(locale, map.csv_file), &text);
            }
        }
    };
    move || {
        let f = shown.get()?;
        let locale = i18n.get_locale();
        let km = move |r: u32| format::kilometres(locale, r as f64);
        let s = f.search;
        if f.vehicles.is_empty() {
            let next = wider(s.radius_km);
            return Some(view! {
                <p class="empty" data-test="no-results">
                    {td_string!(locale, map.none_within, radius = km(s.radius_km)).to_string()}" "
                    {(next > s.radius_km).then(|| view! {
                        <button type="button" class="link" data-test="widen" on:click=move |_| go.run(Search { radius_km: next, ..s })>
                            {td_string!(locale, map.widen, radius = km(next)).to_string()}
                        </button>
                    })}
                </p>
            }.into_any());
        }
        let by_road = s.mode == ComputeMode::ByRoad;
        let n = f.vehicles.len();
        Some(view! {
            <DecodeNotice warnings=f.warnings.clone() vendor=ocean::VENDOR />
            <div class="results-head">
                <p data-test="nearest-count">
                    {td_string!(locale, map.count, count = n, radius = km(s.radius_km)).to_string()}
                    {by_road.then(|| td_string!(locale, map.by_road_suffix))}
                </p>
                <button type="button" class="link" on:click=export data-test="export-results">{td_string!(locale, map.export_csv)}</button>
            </div>
            <ol class="nearest" class:dimmed=move || searching.get() data-test="nearest">
                {f.vehicles.iter().cloned().enumerate().take(limit.get()).map(|(i, v)| {
                    let eta = v.eta.as_ref().and_then(|t| t.at()).map(|t| format::local(locale, &t));
                    view! {
                        <li class:selected=move || selected.get() == Some(i) class:hovered=move || hovered.get() == Some(i)
                            on:mouseenter=move |_| hovered.set(Some(i)) on:mouseleave=move |_| hovered.set(None)>
                            <button type="button" class="result" on:click=move |_| selected.set(Some(i)) aria-pressed=move || (selected.get() == Some(i)).to_string()>
                                <span class="plate">{v.label()}</span>
                                <span class="num">{v.distance.map(|m| format::distance_m(locale, m)).unwrap_or_default()}</span>
                                {by_road.then(|| view! {
                                    <span class="eta" data-test="eta">{
                                        let duration = v.duration.map(|d| format::duration_s(locale, d.max(0.0).round() as u64)).unwrap_or_default();
                                        match eta {
                                            Some(eta) => td_string!(locale, map.eta, duration, eta).to_string(),
                                            None => duration,
                                        }
                                    }</span>
                                })}
                                <span>{[Some(v.driver_name().unwrap_or_else(|| td_string!(locale, map.no_driver).to_string())), v.vehicle.category.clone(), v.group.as_ref().and_then(|g| g.description.clone())].into_iter().flatten().collect::<Vec<_>>().join(" · ")}</span>
                                <span class="muted">{[Some(td_string!(locale, map.seen, when = format::timestamp(locale, &v.position_at)).to_string()), v.mobile_state.clone(), v.immobilisation.clone()].into_iter().flatten().collect::<Vec<_>>().join(" · ")}</span>
                                <span class="muted">{place(&v)}</span>
                            </button>
                        </li>
                    }
                }).collect_view()}
            </ol>
            {(n > limit.get()).then(|| view! {
                <p class="muted">{td_string!(locale, map.showing, shown = limit.get(), total = format::integer(locale, n as u64)).to_string()}" "
                    <button type="button" class="link" on:click=move |_| limit.update(|l| *l += LIST_PAGE)>{td_string!(locale, map.show_more)}</button>
                </p>
            })}
        }.into_any())
    }
}

/// The selected vehicle's details (`vehicles?immatriculation=`).
#[component]
fn VehicleDetailsPanel(shown: RwSignal<Option<Found>>, selected: RwSignal<Option<usize>>) -> impl IntoView {
    let i18n = use_i18n();
    let config = use_config();
    let session = use_ocean_session();
    let details = LocalResource::new(move || {
        let config = config.clone();
        let label = selected.get().and_then(|i| shown.with_untracked(|f| f.as_ref().and_then(|f| f.vehicles.get(i).map(NearbyVehicle::label))));
        let credentials = session.credentials();
        async move {
            let plate = label?;
            Some(session.call(credentials, |token, customer| async move { ocean::vehicle_by_plate(&config, &token, customer, &plate).await }).await)
        }
    });
    move || {
        selected.get()?;
        Some(match details.get() {
            None | Some(None) => view! { <section class="vehicle-details"><p class="loading" role="status">{t!(i18n, map.loading_vehicle)}</p></section> }.into_any(),
            Some(Some(Err(ApiError::Superseded))) => ().into_any(),
            Some(Some(Err(e))) => view! { <section class="vehicle-details"><ErrorPanel error=e vendor=ocean::VENDOR /></section> }.into_any(),
            Some(Some(Ok(d))) => match d.value.into_iter().next() {
                None => view! { <section class="vehicle-details"><p class="empty">{t!(i18n, map.no_details)}</p></section> }.into_any(),
                Some(v) => vehicle_facts(i18n.get_locale(), v).into_any(),
            },
        })
    }
}

fn vehicle_facts(locale: Locale, d: VehicleDetails) -> impl IntoView {
    let v = d.vehicle.unwrap_or_default();
    let odometer = d.adjusted_odometer.or(d.odometer).and_then(|o| o.value).map(|km| format::kilometres(locale, km.round())).unwrap_or_else(|| "—".into());
    let title = format!("{} {}", v.make.clone().unwrap_or_default(), v.model.clone().unwrap_or_default());
    let rows = vec![
        (td_string!(locale, map.plate), v.plate.clone().unwrap_or_default()),
        (td_string!(locale, map.vin), v.vin.clone().unwrap_or_default()),
        (td_string!(locale, map.odometer), odometer),
        (td_string!(locale, map.category), v.category.clone().unwrap_or_default()),
        (td_string!(locale, map.entity), d.entity.map(|e| e.name).unwrap_or_default()),
        (td_string!(locale, map.driver), d.driver.map(|p| p.full_name()).unwrap_or_else(|| "—".into())),
    ];
    view! {
        <section class="vehicle-details" data-test="vehicle-details">
            <h2>{title}</h2>
            <dl class="facts">{rows.into_iter().map(|(k, val)| view! { <dt>{k}</dt><dd>{val}</dd> }).collect_view()}</dl>
            <h3>{td_string!(locale, map.next_maintenance)}</h3>
            {if d.visits.is_empty() {
                view! { <p class="muted">{td_string!(locale, map.none_planned)}</p> }.into_any()
            } else {
                view! {
                    <ul>{d.visits.into_iter().map(|m| view! {
                        <li>{
                            let (what, when) = (m.description.unwrap_or_default(), format::timestamp(locale, &m.due_date));
                            match m.due_odometer {
                                Some(km) => td_string!(locale, map.visit_or_km, what, when, km = format::kilometres(locale, km.round())).to_string(),
                                None => td_string!(locale, map.visit, what, when).to_string(),
                            }
                        }</li>
                    }).collect_view()}</ul>
                }.into_any()
            }}
        </section>
    }
}
