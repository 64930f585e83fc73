//! The map's container and its one popup, written for a strict
//! Content-Security-Policy (`style-src 'self'`, no inline style attributes).
//!
//! leptos-leaflet's `MapContainer` always sets a `style` attribute (empty by
//! default) and its `Popup` renders `style="visibility:collapse"`; the browser
//! refuses both under our policy and reports a violation each time. These two
//! components do the same job without a `style` attribute; the rest of
//! leptos-leaflet (tiles, circle, marker) works unchanged inside `MapView`,
//! which provides the same map context `MapContainer` does.

use leptos::html::Div;
use leptos::prelude::*;
use leptos_leaflet::leaflet::{self, Map, MapOptions, PopupOptions};
use leptos_leaflet::prelude::*;
use wasm_bindgen::JsCast;

/// A Leaflet map in a `div` of class `class`.
#[component]
pub fn MapView(
    class: &'static str,
    center: Position,
    zoom: f64,
    /// Canvas renderer for vector layers: thousands of markers stay fluid.
    prefer_canvas: bool,
    /// Receives the map once Leaflet has created it.
    map: JsWriteSignal<Option<Map>>,
    events: MapEvents,
    children: Children,
) -> impl IntoView {
    let container = NodeRef::<Div>::new();
    let context = provide_leaflet_context();
    Effect::new(move |_| {
        let Some(div) = container.get() else { return };
        let options = MapOptions::new();
        options.set_prefer_canvas(prefer_canvas);
        options.set_zoom(zoom);
        options.set_center(center.as_lat_lng());
        let Ok(created) = Map::new_with_element(div.unchecked_ref(), &options) else {
            leptos::logging::error!("Leaflet could not create the map");
            return;
        };
        events.setup(&created);
        context.set_map(&created);
        map.set(Some(created));
    });
    on_cleanup(move || {
        if let Some(m) = context.map_untracked() {
            m.remove();
        }
    });
    view! {
        <div class=class node_ref=container>
            {children()}
        </div>
    }
}

/// A popup open at `position` until this component is removed; its content
/// is the DOM the children render (see [`dom_overlay`]). It follows
/// `position` (a vehicle that moved on a live refresh) without closing.
/// Without `close_button`, only its owner closes it (Leaflet's × would close
/// it behind the owner's back).
#[component]
pub fn MapPopup(
    #[prop(into)] position: Signal<Position>,
    offset: (f64, f64),
    #[prop(default = true)] close_button: bool,
    children: Children,
) -> impl IntoView {
    let make = move || {
        let options = PopupOptions::new();
        options.set_close_button(close_button);
        options.set_auto_close(false);
        options.set_close_on_click(false);
        options.set_offset(leaflet::Point::new(offset.0, offset.1));
        leaflet::Popup::new_with_lat_lng(&position.get_untracked().as_lat_lng(), &options).unchecked_into()
    };
    dom_overlay(make, Some(position), children)
}

/// A tooltip at `position` until this component is removed; its content, like
/// [`MapPopup`]'s, is the DOM its children render.
#[component]
pub fn MapTooltip(position: Position, offset: (f64, f64), children: Children) -> impl IntoView {
    let make = move || {
        let options = leaflet::TooltipOptions::new();
        options.set_direction("top".to_string());
        options.set_offset(leaflet::Point::new(offset.0, offset.1));
        leaflet::Tooltip::new_with_lat_lng(&position.as_lat_lng(), &options).unchecked_into()
    };
    dom_overlay(make, None, children)
}

/// The overlay `make` builds, open on the map until the calling component is
/// removed. Its content is the DOM the children render (text nodes, never an
/// HTML string), moved into Leaflet's overlay; the staging `div` stays empty
/// and hidden by its class.
fn dom_overlay(
    make: impl Fn() -> leaflet::DivOverlay + Send + Sync + 'static,
    follow: Option<Signal<Position>>,
    children: Children,
) -> impl IntoView {
    let content = NodeRef::<Div>::new();
    let context = use_leaflet_context();
    let opened = StoredValue::new_local(None::<leaflet::DivOverlay>);
    Effect::new(move |_| {
        let (Some(node), Some(map)) = (content.get(), context.and_then(|c| c.map())) else { return };
        let overlay = make();
        overlay.set_content(node.unchecked_ref());
        overlay.open_on(&map);
        opened.set_value(Some(overlay.clone()));
        let overlay = overlay.into_thread_safe_js_value();
        on_cleanup(move || {
            overlay.remove();
        });
    });
    Effect::new(move |_| {
        let Some(at) = follow.map(|p| p.get()) else { return };
        opened.with_value(|o| o.as_ref().map(|o| o.set_lat_lng(at.as_lat_lng().as_ref())));
    });
    view! {
        <div class="popup-staging">
            <div node_ref=content>{children()}</div>
        </div>
    }
}
