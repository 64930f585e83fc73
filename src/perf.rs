//! Performance marks read by the benchmark (browser Performance API); cheap
//! and harmless in production.

use std::time::Duration;

pub fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

/// Marks `name` once what the current task rendered is laid out: after the
/// pending reactive updates (a zero-delay timer runs after them), forcing
/// layout. Waiting for an animation frame instead would add up to a frame
/// of idle time to the figure.
pub fn mark_after_layout(name: &'static str) {
    leptos::prelude::set_timeout(
        move || {
            if let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) {
                let _ = body.offset_height();
            }
            mark(name);
        },
        Duration::ZERO,
    );
}
