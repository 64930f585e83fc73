//! Long pure work on the main thread, cut into slices of a few
//! milliseconds with the browser's event loop running between them, so that
//! no task blocks the page (a 45 MB driver tree decoded and built takes a
//! few hundred milliseconds of work in all). The work itself is pure and
//! resumable (it is told when its slice is over); only the waiting is here.

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
