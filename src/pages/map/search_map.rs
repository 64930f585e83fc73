//! The Leaflet side of the search: the circle and the draggable centre pin,
//! every result on one canvas (`dots`), the selected and the hovered vehicle
//! as ordinary Leaflet markers above it, the selected vehicle's popup, the
//! hovered one's tooltip (both in `map_overlays`), and a click on the map:
//! on a dot it selects that vehicle, elsewhere it searches there; a
//! right-click (long press) opens the "search from here" menu.

use leptos::prelude::*;
use leptos_leaflet::leaflet::{self, LatLng, LatLngBounds};
use leptos_leaflet::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use super::answer::{ListId, Results};
use super::dots::{Dot, DotLayer, DotStyle};
use super::leaflet_view::MapView;
use super::map_overlays::{HoverCard, MenuAt, SelectedPopup};
use super::MapState;
use crate::domain::fleet::NearbyVehicle;
use crate::i18n::{t_string, use_i18n};
use crate::links::{circle_box, Search};
use crate::use_config;

/// The dot under the pointer (it may stand for several vehicles), in the
/// results it was drawn for: once they are drawn again, it is none.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pointed {
    pub dot: Dot,
    over: ListId,
}

#[component]
pub fn SearchMap(state: MapState) -> impl IntoView {
    let config = use_config();
    let MapState { current, radius, shown, .. } = state;
    let map = JsRwSignal::<Option<leaflet::Map>>::new_local(None);
    let layer = StoredValue::new_local(None::<DotLayer>);
    let pointer = RwSignal::new(None::<Pointed>);
    let list = move || shown.with(|s| s.as_ref().map(Results::list));
    let pointed = Memo::new(move |_| pointer.get().filter(|p| Some(p.over) == list()).map(|p| p.dot));
    // Where the context menu is open, if it is.
    let menu_at = RwSignal::new(None::<(f64, f64)>);
    let start = current.get_untracked();
    // The canvas has no node per vehicle: the count is exposed on the frame.
    let drawn = Memo::new(move |_| match map.with(Option::is_some) {
        true => shown.with(|s| s.as_ref().map_or(0, Results::located)),
        false => 0,
    });
    Effect::new(move |_| {
        if map.with(Option::is_some) {
            crate::perf::mark_after_layout("map:ready");
        }
    });
    // The results the dots were last drawn for: a dot's index is a row of those.
    let drawn_for = StoredValue::new(None::<ListId>);
    draw_results(state, map, layer, drawn_for);
    draw_highlights(state, map);
    let events = map_events(state, layer, drawn_for, pointer, menu_at);
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
                <SearchCircle centre radius />
                <CentrePin state centre />
                <SelectedPopup state />
                <MenuAt state menu_at />
                <HoverCard state pointed />
            </MapView>
        </div>
    }
}

/// The search's circle, following the radius being edited.
#[component]
fn SearchCircle(centre: Signal<Position, LocalStorage>, radius: Signal<u32>) -> impl IntoView {
    // Reactive blocks get their own owner: the Circle's and the Marker's
    // overlay contexts stay inside them instead of capturing the standalone
    // popup after them.
    move || {
        view! {
            <Circle
                center=centre
                radius=Signal::derive(move || radius.get() as f64 * 1000.0)
                color="#1f5fd1"
                fill_opacity=Some(0.06)
                interactive=Some(false)
            />
        }
    }
}

/// The centre, a pin that searches where it is dropped.
#[component]
fn CentrePin(state: MapState, centre: Signal<Position, LocalStorage>) -> impl IntoView {
    let i18n = use_i18n();
    let MapState { current, search_at, .. } = state;
    // A reactive block of its own, like the circle's.
    move || {
        // A marker's drag events target the marker itself.
        let drag = DragEvents::new().on_drag_end(move |e: leaflet::DragEndEvent| {
            let marker: leaflet::Marker = e.target().unchecked_into();
            let p = marker.get_lat_lng();
            search_at.run(Search { lat: p.lat(), lon: p.lng(), ..current.get_untracked() });
        });
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
    }
}

/// The dots follow the results: Leaflet (the canvas) is the world outside.
fn draw_results(
    state: MapState,
    map: JsRwSignal<Option<leaflet::Map>>,
    layer: StoredValue<Option<DotLayer>, LocalStorage>,
    drawn_for: StoredValue<Option<ListId>>,
) {
    let MapState { shown, changes, .. } = state;
    // The answer the view was last fitted to.
    let fitted = StoredValue::new(None::<super::answer::AnswerId>);
    Effect::new(move |_| {
        let Some(m) = map.get() else { return };
        let found = shown.get();
        // Marked until the next answer: moved or new since the previous one.
        let changes = changes.get();
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
        let answer_id = found.as_ref().map(Results::answer);
        let new_answer = answer_id != fitted.get_value();
        fitted.set_value(answer_id);
        if let Some(f) = found.as_ref().filter(|f| new_answer && !f.is_refresh()) {
            layer.with_value(|l| l.as_ref().map(|l| l.show(std::iter::empty())));
            let (s, n, w, e) = f
                .iter()
                .filter_map(NearbyVehicle::position)
                .fold(circle_box(&f.search()), |(s, n, w, e), (lat, lon)| {
                    (s.min(lat), n.max(lat), w.min(lon), e.max(lon))
                });
            m.fit_bounds(&LatLngBounds::new(&LatLng::new(s, w), &LatLng::new(n, e)));
        }
        // Drawn in a task of its own, after the list: at 50,000 vehicles
        // each is a slice of the work a new answer brings. Until then, the
        // pointer hits nothing (`drawn_for` is another list's).
        leptos::task::spawn_local(async move {
            crate::slices::yield_to_event_loop().await;
            let list = found.as_ref().map(Results::list);
            // Newer results came meanwhile (their own draw follows), or the page went.
            if shown.try_with_untracked(|s| s.as_ref().map(Results::list)) != Some(list) {
                return;
            }
            let style = |v: &NearbyVehicle| match changes.as_ref().and_then(|c| c.of(v)) {
                Some(_) => DotStyle::Changed,
                None if v.private() => DotStyle::Private,
                None => DotStyle::Vehicle,
            };
            crate::perf::mark("map:markers-start");
            layer.with_value(|l| match (l, found.as_ref()) {
                (Some(l), Some(f)) => l.show(f.iter().map(|v| (v.position(), style(v)))),
                (Some(l), None) => l.show(std::iter::empty()),
                (None, _) => {}
            });
            drawn_for.set_value(list);
            crate::perf::mark("map:markers-done");
            crate::perf::mark_after_layout("map:drawn");
        });
    });
}

/// The selected and the hovered vehicle are drawn again above the dots.
fn draw_highlights(state: MapState, map: JsRwSignal<Option<leaflet::Map>>) {
    let MapState { shown, selected, hovered, .. } = state;
    let highlights = StoredValue::new_local(Highlights::default());
    Effect::new(move |_| {
        let Some(m) = map.get() else { return };
        let position =
            |i: Option<usize>| shown.with(|f| f.as_ref().and_then(|f| f.get(i?)).and_then(NearbyVehicle::position));
        let (s, h) = (selected.get(), hovered.get());
        let hovered_at = if h == s { None } else { position(h) };
        highlights.update_value(|hl| hl.show(&m, position(s), hovered_at));
    });
}

/// A click selects the dot under it, or searches there; the pointer over a
/// dot hovers its vehicle; a right-click opens the menu.
fn map_events(
    state: MapState,
    layer: StoredValue<Option<DotLayer>, LocalStorage>,
    drawn_for: StoredValue<Option<ListId>>,
    pointer: RwSignal<Option<Pointed>>,
    menu_at: RwSignal<Option<(f64, f64)>>,
) -> MapEvents {
    let MapState { current, shown, search_at, live, .. } = state;
    let list = move || shown.with_untracked(|s| s.as_ref().map(Results::list));
    // Only dots drawn for the results shown stand for their rows.
    let hit = move |e: &leaflet::MouseEvent| {
        let current = drawn_for.get_value() == list();
        layer.with_value(|l| l.as_ref().filter(|_| current).and_then(|l| l.hit(&e.container_point())))
    };
    let pointed = move || pointer.get_untracked().filter(|p| Some(p.over) == list()).map(|p| p.dot);
    MapEvents::new()
        .mouse_click(move |e: leaflet::MouseEvent| {
            // A click beside an open menu only closes it.
            if menu_at.get_untracked().is_some() {
                menu_at.set(None);
                return;
            }
            if let Some(dot) = hit(&e) {
                state.select(Some(dot.index));
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
            if dot != pointed() {
                // Leaving a dot clears only a hover that came from the map.
                if dot.is_some() || pointed().is_some() {
                    state.hover(dot.map(|d| d.index));
                }
                pointer.set(dot.and_then(|dot| Some(Pointed { dot, over: list()? })));
            }
        })
        .mouse_out(move |_| {
            if pointed().is_some() {
                pointer.set(None);
                state.hover(None);
            }
        })
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
