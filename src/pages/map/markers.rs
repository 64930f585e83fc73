//! Result markers as Leaflet `CircleMarker`s on the map's canvas renderer
//! (the map is created with `preferCanvas`), so thousands stay fluid. Only
//! the centre and the selected vehicle get DOM markers (in the page).

use std::rc::Rc;

use leptos_leaflet::leaflet::{self, CircleMarker, LatLng, LayerGroup, Map};
use wasm_bindgen::{closure::Closure, JsCast, JsValue};

const NORMAL: (f64, &str) = (6.0, "#b42318");
const HOVER: (f64, &str) = (9.0, "#1f5fd1");
const SELECTED: (f64, &str) = (10.0, "#1f5fd1");

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

pub struct VehicleLayer {
    group: LayerGroup,
    markers: Vec<CircleMarker>,
    /// Kept alive as long as the markers that call them.
    handlers: Vec<Closure<dyn Fn(JsValue)>>,
}

impl VehicleLayer {
    pub fn new(map: &Map) -> Self {
        let group = LayerGroup::new();
        group.add_to(map);
        VehicleLayer { group, markers: Vec::new(), handlers: Vec::new() }
    }

    /// Replaces the markers: one per position, `i` being its result index.
    pub fn show(&mut self, positions: &[Option<(f64, f64)>], on_click: Rc<dyn Fn(usize)>, on_hover: Rc<dyn Fn(Option<usize>)>) {
        self.group.clear_layers();
        self.markers.clear();
        self.handlers.clear();
        for (i, p) in positions.iter().enumerate() {
            let Some((lat, lon)) = p else {
                // Keep indices aligned with the results.
                self.markers.push(CircleMarker::new(&LatLng::new(0.0, 0.0)));
                continue;
            };
            let marker = CircleMarker::new_with_options(&LatLng::new(*lat, *lon), &style(NORMAL.0, NORMAL.1));
            let click = on_click.clone();
            let enter = on_hover.clone();
            let leave = on_hover.clone();
            let handlers = [
                ("click", Closure::<dyn Fn(JsValue)>::new(move |_| click(i))),
                ("mouseover", Closure::<dyn Fn(JsValue)>::new(move |_| enter(Some(i)))),
                ("mouseout", Closure::<dyn Fn(JsValue)>::new(move |_| leave(None))),
            ];
            for (kind, h) in handlers {
                marker.on(kind, h.as_ref().unchecked_ref());
                self.handlers.push(h);
            }
            marker.add_to_layer_group(&self.group);
            self.markers.push(marker);
        }
    }

    pub fn highlight(&self, selected: Option<usize>, hovered: Option<usize>) {
        for (i, m) in self.markers.iter().enumerate() {
            let (r, fill) = if Some(i) == selected {
                SELECTED
            } else if Some(i) == hovered {
                HOVER
            } else {
                NORMAL
            };
            m.set_radius(r);
            let _ = leaflet::Path::set_style(m, &style(r, fill).unchecked_into());
            if Some(i) == selected || Some(i) == hovered {
                m.bring_to_front();
            }
        }
    }
}
