//! Result markers as Leaflet `CircleMarker`s on the map's canvas renderer
//! (the map is created with `preferCanvas`), so thousands stay fluid. Only
//! the centre pin and the selected vehicle's popup are DOM (in the page).
//!
//! One set of handlers sits on the group (a `FeatureGroup` propagates its
//! markers' events); each marker carries its result index, so there is no
//! closure per marker.

use std::rc::Rc;

use leptos_leaflet::leaflet::{self, CircleMarker, FeatureGroup, LatLng, Map};
use wasm_bindgen::{closure::Closure, JsCast, JsValue};

const NORMAL: (f64, &str) = (6.0, "#b42318");
const HOVER: (f64, &str) = (9.0, "#1f5fd1");
const SELECTED: (f64, &str) = (10.0, "#1f5fd1");
const INDEX: &str = "fleetIndex";

fn style(radius: f64, fill: &str) -> JsValue {
    let o = js_sys::Object::new();
    for (k, v) in [
        ("radius", JsValue::from(radius)),
        ("color", JsValue::from("#ffffff")),
        ("weight", JsValue::from(1.5)),
        ("fillColor", JsValue::from(fill)),
        ("fillOpacity", JsValue::from(0.9)),
    ] {
        let _ = js_sys::Reflect::set(&o, &JsValue::from(k), &v);
    }
    o.into()
}

/// The result index a marker event came from.
fn index_of(event: &JsValue) -> Option<usize> {
    let e: &leaflet::Event = event.unchecked_ref();
    let layer: JsValue = e.propagated_from().into();
    js_sys::Reflect::get(&layer, &JsValue::from(INDEX)).ok()?.as_f64().map(|i| i as usize)
}

pub struct VehicleLayer {
    group: FeatureGroup,
    markers: Vec<Option<CircleMarker>>,
    _handlers: [Closure<dyn Fn(JsValue)>; 3],
}

impl VehicleLayer {
    pub fn new(map: &Map, on_click: Rc<dyn Fn(usize)>, on_hover: Rc<dyn Fn(Option<usize>)>) -> Self {
        let group = FeatureGroup::new();
        group.add_to(map);
        let leave = on_hover.clone();
        let handlers = [
            Closure::<dyn Fn(JsValue)>::new(move |e: JsValue| {
                if let Some(i) = index_of(&e) {
                    on_click(i);
                }
            }),
            Closure::<dyn Fn(JsValue)>::new(move |e: JsValue| on_hover(index_of(&e))),
            Closure::<dyn Fn(JsValue)>::new(move |_| leave(None)),
        ];
        for (kind, h) in ["click", "mouseover", "mouseout"].into_iter().zip(&handlers) {
            group.on(kind, h.as_ref().unchecked_ref());
        }
        VehicleLayer { group, markers: Vec::new(), _handlers: handlers }
    }

    /// Removes every marker (before the view changes: nothing to re-project).
    pub fn clear(&mut self) {
        self.group.clear_layers();
        self.markers.clear();
    }

    /// Replaces the markers: one per position, tagged with its result index.
    pub fn show(&mut self, positions: &[Option<(f64, f64)>]) {
        self.group.clear_layers();
        let normal = style(NORMAL.0, NORMAL.1);
        let index = JsValue::from(INDEX);
        self.markers = positions
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let (lat, lon) = (*p)?;
                let marker = CircleMarker::new_with_options(&LatLng::new(lat, lon), &normal);
                let _ = js_sys::Reflect::set(&marker, &index, &JsValue::from(i as f64));
                marker.add_to_layer_group(&self.group);
                Some(marker)
            })
            .collect();
    }

    pub fn highlight(&self, selected: Option<usize>, hovered: Option<usize>) {
        for (i, m) in self.markers.iter().enumerate() {
            let Some(m) = m else { continue };
            let (r, fill) = if Some(i) == selected {
                SELECTED
            } else if Some(i) == hovered {
                HOVER
            } else {
                NORMAL
            };
            if m.get_radius() == r {
                continue; // Unchanged: no redraw.
            }
            m.set_radius(r);
            leaflet::Path::set_style(m, &style(r, fill).unchecked_into());
            if r != NORMAL.0 {
                m.bring_to_front();
            }
        }
    }
}
