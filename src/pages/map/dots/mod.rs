//! Every result vehicle on one canvas, instead of one Leaflet object each.
//!
//! The layer lives in its own Leaflet pane, below the search circle and the
//! two highlighted vehicles (ordinary Leaflet markers, see `search_map`). It
//! follows the map the way Leaflet's own renderers do: during a pan it moves
//! with the pane, during a zoom animation it is scaled by a CSS transform,
//! and on `moveend` it is drawn again, once, for the new view. Drawing is
//! done in wasm: positions projected at zoom 0 when the answer arrives are
//! bucketed into 4 px cells (`grid`), one dot per occupied cell is stamped
//! into an RGBA buffer (`sprite`), and the buffer goes to the canvas in one
//! `putImageData`. No JavaScript object exists per vehicle.
//!
//! The canvas takes no pointer events: the map's own `mousemove` and `click`
//! are hit-tested against the grid ([`DotLayer::hit`]).

mod grid;
mod sprite;
#[cfg(test)]
mod tests;

use std::cell::RefCell;
use std::rc::Rc;

use leptos_leaflet::leaflet::{LatLng, Map, Point};
use wasm_bindgen::{closure::Closure, prelude::wasm_bindgen, Clamped, JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

pub use grid::Dot;
use grid::{world_px, DotGrid, Frame};
use sprite::{Pixels, Rgb, Sprite};

/// How a dot is painted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DotStyle {
    Vehicle = 0,
    /// Privacy mode on: its position may be withheld or coarse.
    Private = 1,
    /// Moved or new since the previous answer (the live refresh).
    Changed = 2,
}

/// Vehicles closer than this (CSS pixels) share one dot.
const CELL_PX: f64 = 4.0;
/// A dot's radius and rim, CSS pixels (Leaflet's `circleMarker` defaults here).
const RADIUS_PX: f64 = 6.0;
const RIM_PX: f64 = 1.5;
/// The canvas overhangs the view by this much on each side, as Leaflet's
/// renderers do, so a short pan shows no blank edge before the redraw.
const PADDING: f64 = 0.1;
const PANE: &str = "fleetDots";

#[wasm_bindgen]
extern "C" {
    /// The bounds Leaflet's `Bounds` (pixel rectangle) has.
    type PixelBounds;
    #[wasm_bindgen(method, getter)]
    fn min(this: &PixelBounds) -> Point;

    /// The parts of `L.Map` leaflet-rs does not bind (see [`pixels_of`]).
    type MapPixels;
    #[wasm_bindgen(method, js_name = getPixelBounds)]
    fn get_pixel_bounds(this: &MapPixels) -> PixelBounds;
    #[wasm_bindgen(method, js_name = getPixelOrigin)]
    fn get_pixel_origin(this: &MapPixels) -> Point;
    /// Where the layer origin will be after a zoom to `zoom` around `center`.
    /// Private in Leaflet 1.9 (pinned: package.json), and what its own
    /// renderers use for the same transform.
    #[wasm_bindgen(method, js_name = _getNewPixelOrigin)]
    fn new_pixel_origin(this: &MapPixels, center: &LatLng, zoom: f64) -> Point;

    /// The `center` and `zoom` of a `zoomanim` event.
    type ZoomAnim;
    #[wasm_bindgen(method, getter)]
    fn center(this: &ZoomAnim) -> LatLng;
    #[wasm_bindgen(method, getter)]
    fn zoom(this: &ZoomAnim) -> f64;
}

fn pixels_of(map: &Map) -> &MapPixels {
    map.unchecked_ref()
}

/// What the last redraw painted, to place the canvas during a zoom.
#[derive(Clone, Copy)]
struct Drawn {
    zoom: f64,
    /// The canvas's top-left, world CSS pixels at `zoom`.
    origin: [f64; 2],
}

struct Inner {
    map: Map,
    canvas: HtmlCanvasElement,
    context: CanvasRenderingContext2d,
    /// Each vehicle's zoom-0 position (NaN without one) and style.
    world: Vec<[f64; 2]>,
    styles: Vec<DotStyle>,
    sprites: [Sprite; 3],
    grid: DotGrid,
    pixels: Pixels,
    drawn: Option<Drawn>,
    ratio: f64,
}

/// A map event handler, kept to be removed with the layer.
type Handler = Closure<dyn Fn(JsValue)>;

pub struct DotLayer {
    inner: Rc<RefCell<Inner>>,
    handlers: Vec<(&'static str, Handler)>,
}

fn px(v: f64) -> String {
    format!("{v}px")
}

impl Inner {
    fn set_transform(&self, x: f64, y: f64, scale: f64) {
        let value = format!("translate3d({x}px, {y}px, 0) scale({scale})");
        let _ = self.canvas.style().set_property("transform", &value);
    }

    /// Paints the current view (plus padding) from scratch.
    fn redraw(&mut self) {
        let size = self.map.get_size();
        let (view_w, view_h) = (size.x(), size.y());
        if view_w <= 0.0 || view_h <= 0.0 {
            return;
        }
        let zoom = self.map.get_zoom();
        let top_left = pixels_of(&self.map).get_pixel_bounds().min();
        let origin = [(top_left.x() - view_w * PADDING).round(), (top_left.y() - view_h * PADDING).round()];
        let (css_w, css_h) = ((view_w * (1.0 + 2.0 * PADDING)).round(), (view_h * (1.0 + 2.0 * PADDING)).round());
        let (w, h) = ((css_w * self.ratio).round() as u32, (css_h * self.ratio).round() as u32);
        if self.canvas.width() != w || self.canvas.height() != h {
            self.canvas.set_width(w);
            self.canvas.set_height(h);
            let style = self.canvas.style();
            let _ = style.set_property("width", &px(css_w));
            let _ = style.set_property("height", &px(css_h));
        }
        let layer = pixels_of(&self.map).get_pixel_origin();
        self.set_transform(origin[0] - layer.x(), origin[1] - layer.y(), 1.0);

        let frame = Frame {
            scale: 2f64.powf(zoom) * self.ratio,
            origin: [origin[0] * self.ratio, origin[1] * self.ratio],
            width: w,
            height: h,
            cell: (CELL_PX * self.ratio).round().max(1.0) as u32,
        };
        self.grid.build(&self.world, frame);
        self.pixels.reset(w, h);
        for dot in self.grid.dots() {
            let style = self.styles.get(dot.index).copied().unwrap_or(DotStyle::Vehicle);
            self.pixels.stamp(&self.sprites[style as usize], dot.x, dot.y);
        }
        match web_sys::ImageData::new_with_u8_clamped_array_and_sh(Clamped(&self.pixels.rgba), w, h) {
            Ok(image) => {
                let _ = self.context.put_image_data(&image, 0.0, 0.0);
            }
            Err(e) => leptos::logging::error!("dot layer: {e:?}"),
        }
        self.drawn = Some(Drawn { zoom, origin });
        // For tests and the benchmark: where the canvas is in the world.
        let _ = self.canvas.set_attribute("data-view", &format!("{zoom} {} {}", origin[0], origin[1]));
        let _ = self.canvas.set_attribute("data-dots", &self.grid.placed().to_string());
    }

    /// Scales the last drawing to a zoom in progress (to `zoom` around `center`).
    fn follow_zoom(&self, center: &LatLng, zoom: f64) {
        let Some(drawn) = self.drawn else { return };
        let scale = 2f64.powf(zoom - drawn.zoom);
        let layer = pixels_of(&self.map).new_pixel_origin(center, zoom);
        self.set_transform(drawn.origin[0] * scale - layer.x(), drawn.origin[1] * scale - layer.y(), scale);
    }
}

impl DotLayer {
    pub fn new(map: &Map) -> Option<DotLayer> {
        let document = web_sys::window()?.document()?;
        let pane = map.create_pane_by_name(PANE);
        let canvas: HtmlCanvasElement = document.create_element("canvas").ok()?.dyn_into().ok()?;
        // `leaflet-zoom-animated` gives it Leaflet's zoom transition.
        canvas.set_class_name("fleet-dots leaflet-zoom-animated");
        let _ = canvas.set_attribute("data-test", "vehicle-dots");
        let _ = canvas.set_attribute("aria-hidden", "true");
        pane.append_child(&canvas).ok()?;
        let context: CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
        let fill = Rgb(0xb4, 0x23, 0x18);
        let private = Rgb(0x8a, 0x5a, 0x00);
        let changed = Rgb(0x1f, 0x5f, 0xd1);
        let white = Rgb(0xff, 0xff, 0xff);
        let ratio = web_sys::window()?.device_pixel_ratio().clamp(1.0, 4.0);
        let (r, rim) = (RADIUS_PX * ratio, RIM_PX * ratio);
        let inner = Rc::new(RefCell::new(Inner {
            map: map.clone(),
            canvas,
            context,
            world: Vec::new(),
            styles: Vec::new(),
            sprites: [
                Sprite::disc(r, rim, fill, white),
                Sprite::disc(r, rim, private, white),
                Sprite::disc(r, rim, changed, white),
            ],
            grid: DotGrid::default(),
            pixels: Pixels::default(),
            drawn: None,
            ratio,
        }));
        let redraw = || {
            let inner = inner.clone();
            Handler::new(move |_| inner.borrow_mut().redraw())
        };
        let on_zoomanim = {
            let inner = inner.clone();
            Handler::new(move |e: JsValue| {
                let e: ZoomAnim = e.unchecked_into();
                inner.borrow().follow_zoom(&e.center(), e.zoom());
            })
        };
        // A zoom without animation (pinch, `setZoom` with animate off).
        let on_zoom = {
            let inner = inner.clone();
            Handler::new(move |_| {
                let i = inner.borrow();
                i.follow_zoom(&i.map.get_center(), i.map.get_zoom());
            })
        };
        let handlers =
            vec![("moveend", redraw()), ("viewreset", redraw()), ("zoomanim", on_zoomanim), ("zoom", on_zoom)];
        for (kind, h) in &handlers {
            map.on(kind, h.as_ref().unchecked_ref());
        }
        Some(DotLayer { inner, handlers })
    }

    /// Replaces the vehicles (`None`: no position, no dot) and draws them.
    pub fn show(&self, vehicles: impl ExactSizeIterator<Item = (Option<(f64, f64)>, DotStyle)>) {
        let mut inner = self.inner.borrow_mut();
        let Inner { world, styles, .. } = &mut *inner;
        world.clear();
        styles.clear();
        for (position, style) in vehicles {
            world.push(position.map_or([f64::NAN; 2], |(lat, lon)| world_px(lat, lon)));
            styles.push(style);
        }
        inner.redraw();
    }

    /// The dot under a point of the map's container (CSS pixels), if any.
    pub fn hit(&self, container: &Point) -> Option<Dot> {
        let inner = self.inner.borrow();
        let drawn = inner.drawn?;
        if inner.map.get_zoom() != drawn.zoom {
            return None; // Mid-zoom: the grid is of another scale.
        }
        let top_left = pixels_of(&inner.map).get_pixel_bounds().min();
        let x = (container.x() + top_left.x() - drawn.origin[0]) * inner.ratio;
        let y = (container.y() + top_left.y() - drawn.origin[1]) * inner.ratio;
        inner.grid.hit(x, y, (RADIUS_PX + RIM_PX) * inner.ratio)
    }
}

impl Drop for DotLayer {
    fn drop(&mut self) {
        let inner = self.inner.borrow();
        for (kind, h) in &self.handlers {
            inner.map.off(kind, h.as_ref().unchecked_ref());
        }
        inner.canvas.remove();
    }
}
