//! The Leaflet side of the search: the circle and the draggable centre pin,
//! one canvas marker per result (selection and hover restyle them), the
//! selected vehicle's popup, and a click on the map to search there.

use std::rc::Rc;

use leptos::prelude::*;
use leptos_leaflet::leaflet::{self, LatLng, LatLngBounds};
use leptos_leaflet::prelude::*;
use wasm_bindgen::JsCast;

use super::leaflet_view::{MapPopup, MapView};
use super::markers::VehicleLayer;
use super::search::{circle_box, Search};
use super::{vehicle_label, MapState};
use crate::domain::fleet::NearbyVehicle;
use crate::format;
use crate::i18n::{t_string, use_i18n};
use crate::use_config;

#[component]
pub fn SearchMap(state: MapState) -> impl IntoView {
    let i18n = use_i18n();
    let config = use_config();
    let MapState { current, radius, shown, selected, hovered, go, .. } = state;
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
        let positions: Vec<Option<(f64, f64)>> =
            found.as_ref().map(|f| f.vehicles.iter().map(NearbyVehicle::position).collect()).unwrap_or_default();
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
            <MapView
                class="map"
                center=Position::new(start.lat, start.lon)
                zoom=config.map.zoom
                prefer_canvas=true
                map=map.write_only()
                events
            >
                {(!tiles.is_empty()).then(|| view! { <TileLayer url=tiles.clone() attribution=attribution.clone() /> })}
                {move || {
                    view! {
                        <Circle
                            center=centre
                            radius=Signal::derive(move || radius.get() as f64 * 1000.0)
                            color="#1f5fd1"
                            fill_opacity=Some(0.06)
                            interactive=Some(false)
                        />
                    }
                }}
                // Reactive blocks get their own owner: the Circle's and the
                // Marker's overlay contexts stay inside them instead of
                // capturing the standalone popup below.
                {move || {
                    let drag = DragEvents::new()
                        .on_drag_end(move |e: leaflet::DragEndEvent| {
                            let marker: leaflet::Marker = e.target().unchecked_into();
                            let p = marker.get_lat_lng();
                            go.run(Search {
                                lat: p.lat(),
                                lon: p.lng(),
                                ..current.get_untracked()
                            });
                        });
                    // A marker's drag events target the marker itself.
                    view! {
                        <Marker
                            position=centre
                            draggable=true
                            drag_events=drag
                            title=t_string!(i18n, map.centre_marker).to_string()
                            icon_url=Some("/images/marker-icon.png".to_string())
                            icon_size=Some((25.0, 41.0))
                            icon_anchor=Some((12.0, 41.0))
                        />
                    }
                }}
                {move || {
                    let v = state.selected_vehicle()?;
                    let (lat, lon) = v.position()?;
                    let locale = i18n.get_locale();
                    Some(
                        // The popup is built from text nodes: vendor strings never become HTML.
                        view! {
                            <MapPopup position=Position::new(lat, lon) offset=(0.0, -6.0)>
                                <div class="popup" data-test="popup">
                                    <strong>{vehicle_label(locale, &v)}</strong>
                                    <span>
                                        {v.driver_name().unwrap_or_else(|| t_string!(i18n, map.no_driver).to_string())}
                                    </span>
                                    <span>{v.distance.map(|m| format::distance_m(locale, m)).unwrap_or_default()}</span>
                                </div>
                            </MapPopup>
                        },
                    )
                }}
            </MapView>
        </div>
    }
}
