//! Long pure work on the main thread, cut into slices of a few
//! milliseconds with the browser's event loop running between them, so that
//! no task blocks the page (a 45 MB driver tree decoded and built takes a
//! few hundred milliseconds of work in all). The work itself is pure and
//! resumable (it is told when its slice is over); only the waiting is here.

use std::sync::Arc;

use wasm_bindgen::JsValue;

/// How long one slice may run: well under the 50 ms of a long task, so that
/// a slice plus the event handling around it stays short, and long enough
/// that yielding (a fraction of a millisecond each) costs little in all.
const SLICE_MS: f64 = 8.0;

fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or(0.0)
}

/// Runs `advance` slice after slice until it says it is done (`true`),
/// yielding to the event loop between slices. `advance` is given a clock
/// that says whether its slice still has time. Between slices `wanted` is
/// asked whether the result is still wanted: `false` abandons the work.
/// Returns whether the work was done.
pub async fn run_in_slices(
    mut advance: impl FnMut(&mut dyn FnMut() -> bool) -> bool,
    wanted: impl Fn() -> bool,
) -> bool {
    loop {
        let deadline = now_ms() + SLICE_MS;
        if advance(&mut || now_ms() < deadline) {
            return true;
        }
        yield_to_event_loop().await;
        if !wanted() {
            return false;
        }
    }
}

/// The clock of a loop that awaits between steps (a body read chunk by
/// chunk): chunks already queued by the browser are handed over in
/// microtasks, one after the other in the same task, so awaiting them is
/// not yielding. The loop asks [`SliceClock::pause_if_over`] after each
/// step, which lets the event loop run once the slice's time is spent.
pub struct SliceClock {
    deadline: f64,
}

impl SliceClock {
    pub fn start() -> SliceClock {
        SliceClock { deadline: now_ms() + SLICE_MS }
    }

    /// Yields to the event loop if this slice's time is spent, then starts the next.
    pub async fn pause_if_over(&mut self) {
        if now_ms() >= self.deadline {
            yield_to_event_loop().await;
            *self = SliceClock::start();
        }
    }
}

/// Lets the event loop run (input, rendering, timers) and resumes in a task
/// of its own. A message to oneself, not `setTimeout(0)`: nested timers are
/// held back to 4 ms each, which would add up over dozens of slices.
pub async fn yield_to_event_loop() {
    // The channel lives until the message is delivered: held here.
    let Ok(channel) = web_sys::MessageChannel::new() else { return };
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        channel.port1().set_onmessage(Some(&resolve));
        let _ = channel.port2().post_message(&JsValue::NULL);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    channel.port1().set_onmessage(None);
}

/// How many times to wait for the page's memos to let go of a replaced
/// value before leaving it to whoever holds it last.
const WAITS: usize = 20;

/// Frees a replaced value's many items (a driver tree's nodes, an answer's
/// results, taken out by `items`) a slice at a time, `per_look` between two
/// looks at the clock, once nothing else holds the value: freeing hundreds
/// of thousands of allocations at once would hold the main thread for tens
/// of milliseconds. The page's memos let go of it when they next run, after
/// the event that replaced it; one still held after a few turns of the
/// event loop is left to whoever holds it last.
pub async fn let_go<T, I>(mut shared: Arc<T>, items: impl FnOnce(T) -> Vec<I>, per_look: usize) {
    for _ in 0..WAITS {
        match Arc::try_unwrap(shared) {
            Ok(alone) => {
                let mut items = items(alone);
                let free = |time_left: &mut dyn FnMut() -> bool| loop {
                    items.truncate(items.len().saturating_sub(per_look));
                    if items.is_empty() {
                        return true;
                    }
                    if !time_left() {
                        return false;
                    }
                };
                run_in_slices(free, || true).await;
                return;
            }
            Err(still_shared) => shared = still_shared,
        }
        yield_to_event_loop().await;
    }
}
