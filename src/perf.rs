//! Performance marks read by the benchmark (browser Performance API); cheap
//! and harmless in production.

pub fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

/// Marks `name` at the next animation frame, i.e. once the browser has
/// laid out what the current task rendered.
pub fn mark_next_frame(name: &'static str) {
    leptos::prelude::request_animation_frame(move || mark(name));
}
