//! The Leaflet side of the search: the circle and the draggable centre pin,
//! every result on one canvas (`dots`), the selected and the hovered vehicle
//! as ordinary Leaflet markers above it, the selected vehicle's popup, the
//! hovered one's tooltip, and a click on the map: on a dot it selects that
//! vehicle, elsewhere it searches there; a right-click (long press) opens
//! the "search from here" menu.

use std::sync::Arc;

use leptos::prelude::*;
use leptos_leaflet::leaflet::{self, LatLng, LatLngBounds};
use leptos_leaflet::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use super::context_menu::SearchFromHere;
use super::dots::{Dot, DotLayer, DotStyle};
use super::leaflet_view::{MapPopup, MapTooltip, MapView};
use super::{vehicle_label, MapState};
use crate::domain::fleet::NearbyVehicle;
use crate::format;
use crate::i18n::{t_string, td_string, use_i18n};
use crate::links::{circle_box, Search};
use crate::use_config;

#[component]
pub fn SearchMap(state: MapState) -> impl IntoView {
    let i18n = use_i18n();
    let config = use_config();
    let MapState { current, radius, answer, shown, selected, hovered, search_at, live, .. } = state;
    let map = JsRwSignal::<Option<leaflet::Map>>::new_local(None);
    let layer = StoredValue::new_local(None::<DotLayer>);
    let highlights = StoredValue::new_local(Highlights::default());
    // The dot under the pointer (it may stand for several vehicles).
    let pointed = RwSignal::new(None::<Dot>);
    // Where the context menu is open, if it is.
    let menu_at = RwSignal::new(None::<(f64, f64)>);
    // The answer the view was last fitted to (its vehicles' address).
    let fitted = StoredValue::new(None::<usize>);
    let start = current.get_untracked();
    // The canvas has no node per vehicle: the count is exposed on the frame.
    let drawn = RwSignal::new(0usize);
    Effect::new(move |_| {
        if map.with(Option::is_some) {
            crate::perf::mark_after_layout("map:ready");
        }
    });

    // The dots follow the results.
    Effect::new(move |_| {
        let Some(m) = map.get() else { return };
        let found = shown.get();
        let vehicles = found.as_ref().map(|f| f.vehicles.clone()).unwrap_or_default();
        // Marked until the next answer: moved or new since the previous one.
        let changes = live.changes.get();
        let style = |v: &NearbyVehicle| match changes.as_ref().and_then(|c| c.of(v)) {
            Some(_) => DotStyle::Changed,
            None if v.private() => DotStyle::Private,
            None => DotStyle::Vehicle,
        };
        let dots = || vehicles.iter().map(|v| (v.position(), style(v)));
        layer.update_value(|l| {
            if l.is_none() {
                *l = DotLayer::new(&m);
            }
        });
        // A new answer: fit the circle and every result first (one call,
        // bounds computed here), with the old dots cleared, so the new ones
        // are drawn once, at the final view. The same answer joined again
        // (the vehicle list arrived, the entity filter changed), or the live
        // refresh of the same search, keeps the view the user may have moved.
        let answer_id = answer.with(|a| a.as_ref().map(|f| Arc::as_ptr(&f.vehicles) as usize));
        let new_answer = answer_id != fitted.get_value();
        fitted.set_value(answer_id);
        if let Some(f) = found.as_ref().filter(|f| new_answer && !f.refresh) {
            layer.with_value(|l| l.as_ref().map(|l| l.show(std::iter::empty())));
            let (s, n, w, e) = vehicles
                .iter()
                .filter_map(NearbyVehicle::position)
                .fold(circle_box(&f.search), |(s, n, w, e), (lat, lon)| {
                    (s.min(lat), n.max(lat), w.min(lon), e.max(lon))
                });
            m.fit_bounds(&LatLngBounds::new(&LatLng::new(s, w), &LatLng::new(n, e)));
        }
        crate::perf::mark("map:markers-start");
        layer.with_value(|l| l.as_ref().map(|l| l.show(dots())));
        pointed.set(None);
        drawn.set(dots().filter(|(p, _)| p.is_some()).count());
        crate::perf::mark("map:markers-done");
        crate::perf::mark_after_layout("map:drawn");
    });
    // The selected and the hovered vehicle are drawn again above the dots.
    Effect::new(move |_| {
        let Some(m) = map.get() else { return };
        let position = |i: Option<usize>| {
            let i = i?;
            shown.with(|f| f.as_ref().and_then(|f| f.vehicles.get(i)).and_then(NearbyVehicle::position))
        };
        let (s, h) = (selected.get(), hovered.get());
        let hovered_at = if h == s { None } else { position(h) };
        highlights.update_value(|hl| hl.show(&m, position(s), hovered_at));
    });

    let hit = move |e: &leaflet::MouseEvent| layer.with_value(|l| l.as_ref().and_then(|l| l.hit(&e.container_point())));
    let events = MapEvents::new()
        .mouse_click(move |e: leaflet::MouseEvent| {
            // A click beside an open menu only closes it.
            if menu_at.get_untracked().is_some() {
                menu_at.set(None);
                return;
            }
            if let Some(dot) = hit(&e) {
                selected.set(Some(dot.index));
                return;
            }
            let p = e.lat_lng();
            search_at.run(Search { lat: p.lat(), lon: p.lng(), ..current.get_untracked() });
        })
        // The live refresh waits while the map is dragged or zoomed.
        .move_start(move |_| live.map_moving.set(true))
        .move_end(move |_| live.map_moving.set(false))
        .mouse_context_menu(move |e: leaflet::MouseEvent| {
            let p = e.lat_lng();
            menu_at.set(Some((p.lat(), p.lng())));
        })
        .mouse_move(move |e: leaflet::MouseEvent| {
            let dot = hit(&e);
            if dot != pointed.get_untracked() {
                // Leaving a dot clears only a hover that came from the map.
                if dot.is_some() || pointed.get_untracked().is_some() {
                    hovered.set(dot.map(|d| d.index));
                }
                pointed.set(dot);
            }
        })
        .mouse_out(move |_| {
            if pointed.get_untracked().is_some() {
                pointed.set(None);
                hovered.set(None);
            }
        });
    // What the selected vehicle's popup says and where it is: a live refresh
    // updates the open popup (it follows a vehicle that moved) instead of
    // opening it again; another vehicle selected opens another.
    let popup_for = Memo::new(move |_| {
        let v = state.selected_vehicle()?;
        v.position().map(|_| v.vehicle.id)
    });
    let popup = Memo::new(move |_| -> Option<PopupText> {
        let v = state.selected_vehicle()?;
        let (lat, lon) = v.position()?;
        let locale = i18n.get_locale();
        let driver = v.driver_name().unwrap_or_else(|| td_string!(locale, map.no_driver).to_string());
        let distance = v.distance.map(|m| format::distance_m(locale, m)).unwrap_or_default();
        Some(PopupText { at: (lat, lon), label: vehicle_label(locale, &v), driver, distance })
    });
    let tiles = config.map.tile_url.clone();
    let attribution = config.map.attribution.clone();
    let centre = Signal::derive_local(move || {
        let s = current.get();
        Position::new(s.lat, s.lon)
    });

    view! {
        <div
            class="map-frame"
            class:pointing=move || pointed.get().is_some()
            data-test="map"
            data-markers=move || drawn.get().to_string()
        >
            <MapView
                class="map"
                center=Position::new(start.lat, start.lon)
                zoom=config.map.zoom
                prefer_canvas=false
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
                            search_at
                                .run(Search {
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
                    popup_for.get()?;
                    let at = Signal::derive(move || {
                        popup.with(|p| p.as_ref().map_or(Position::new(0.0, 0.0), |p| Position::new(p.at.0, p.at.1)))
                    });
                    let text = move |pick: fn(&PopupText) -> &String| {
                        move || popup.with(|p| p.as_ref().map(|p| pick(p).clone()).unwrap_or_default())
                    };
                    Some(
                        // The popup is built from text nodes: vendor strings never become HTML.
                        view! {
                            <MapPopup position=at offset=(0.0, -6.0)>
                                <div class="popup" data-test="popup">
                                    <strong>{text(|p| &p.label)}</strong>
                                    <span>{text(|p| &p.driver)}</span>
                                    <span>{text(|p| &p.distance)}</span>
                                </div>
                            </MapPopup>
                        },
                    )
                }}
                {move || {
                    let at = menu_at.get()?;
                    let pick = Callback::new(move |_| {
                        menu_at.set(None);
                        search_at
                            .run(Search {
                                lat: at.0,
                                lon: at.1,
                                ..current.get_untracked()
                            });
                    });
                    Some(view! { <SearchFromHere at pick close=Callback::new(move |_| menu_at.set(None)) /> })
                }}
                {move || {
                    let i = hovered.get()?;
                    if selected.get() == Some(i) {
                        return None;
                    }
                    let v = shown.with(|f| f.as_ref().and_then(|f| f.vehicles.get(i).cloned()))?;
                    let (lat, lon) = v.position()?;
                    let locale = i18n.get_locale();
                    let others = pointed.get().filter(|d| d.index == i).map_or(0, |d| d.count - 1);
                    Some(
                        // Text nodes, like the popup.
                        view! {
                            <MapTooltip position=Position::new(lat, lon) offset=(0.0, -10.0)>
                                <div class="hover-card" data-test="hover-card">
                                    <strong>{vehicle_label(locale, &v)}</strong>
                                    {(others > 0)
                                        .then(|| {
                                            view! { <span>{td_string!(locale, map.more_here, count = others)}</span> }
                                        })}
                                </div>
                            </MapTooltip>
                        },
                    )
                }}
            </MapView>
        </div>
    }
}

/// What the selected vehicle's popup shows.
#[derive(Clone, Debug, PartialEq)]
struct PopupText {
    at: (f64, f64),
    label: String,
    driver: String,
    distance: String,
}

/// The selected and the hovered vehicle as Leaflet circle markers (SVG, not
/// interactive: clicks go to the map, which hit-tests the dots).
#[derive(Default)]
struct Highlights {
    markers: Vec<leaflet::CircleMarker>,
}

impl Highlights {
    fn show(&mut self, map: &leaflet::Map, selected: Option<(f64, f64)>, hovered: Option<(f64, f64)>) {
        for m in self.markers.drain(..) {
            m.remove();
        }
        for (at, radius, class) in [(hovered, 9.0, "vehicle-hovered"), (selected, 10.0, "vehicle-selected")] {
            let Some((lat, lon)) = at else { continue };
            let marker =
                leaflet::CircleMarker::new_with_options(&LatLng::new(lat, lon), &highlight_style(radius, class));
            marker.add_to(map);
            self.markers.push(marker);
        }
    }
}

fn highlight_style(radius: f64, class: &str) -> JsValue {
    let o = js_sys::Object::new();
    for (k, v) in [
        ("radius", JsValue::from(radius)),
        ("color", JsValue::from("#ffffff")),
        ("weight", JsValue::from(2.0)),
        ("fillColor", JsValue::from("#1f5fd1")),
        ("fillOpacity", JsValue::from(1.0)),
        ("interactive", JsValue::FALSE),
        ("className", JsValue::from(class)),
    ] {
        let _ = js_sys::Reflect::set(&o, &JsValue::from(k), &v);
    }
    o.into()
}
