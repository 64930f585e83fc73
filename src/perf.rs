//! Performance marks read by the benchmark (browser Performance API); cheap
//! and harmless in production. A leaf: it imports nothing of the app, so
//! any module may mark without a cycle (the benchmark's own entry points
//! are in `bench_hooks`).

use std::time::Duration;

pub fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        // In production only the latest mark of each name is kept: marked on
        // every live refresh, all day, they would pile up in the page's
        // timeline. The benchmark's build keeps them all (it reads each one).
        #[cfg(not(feature = "bench"))]
        p.clear_marks_with_mark_name(name);
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

#[cfg(feature = "bench")]
thread_local! {
    static BODY_READ: std::cell::Cell<(f64, u32)> = const { std::cell::Cell::new((0.0, 0)) };
}

/// The latest body read chunk by chunk (`http::Call::body_into`): the time
/// spent handling its chunks (decoding, for a list) and how many there were.
/// Kept only for the benchmark (`bench_hooks`); a no-op in production.
pub fn body_read(busy_ms: f64, chunks: u32) {
    #[cfg(feature = "bench")]
    BODY_READ.with(|b| b.set((busy_ms, chunks)));
    #[cfg(not(feature = "bench"))]
    let _ = (busy_ms, chunks);
}

/// What [`body_read`] last recorded.
#[cfg(feature = "bench")]
pub fn last_body_read() -> (f64, u32) {
    BODY_READ.with(|b| b.get())
}
