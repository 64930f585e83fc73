//! The benchmark's entry points, called from the page (`window.wasmBindings`)
//! by `tests/e2e/src/bin/bench.rs`: the app's own decoder on a body, and
//! figures the page cannot see from JavaScript.

/// For the benchmark: the app's own eMabler tree decoder on a response body
/// (bytes, as the app receives them), callable from the page
/// (`window.wasmBindings`) so it can be timed against `JSON.parse` of the
/// same response. Returns the number of drivers read, so the work cannot be
/// skipped. The same steps as the drivers page: copy in, UTF-8, decode.
/// The tree is kept, as the page keeps `JSON.parse`'s result, until
/// [`bench_release_decoded`]: freeing its ~160,000 allocations is no more
/// part of decoding than collecting the parsed objects is part of
/// `JSON.parse`.
/// Async because the decoder lives in a lazily loaded chunk, not in the
/// main module every page downloads; the benchmark calls it once before
/// timing, so the chunk's download is not timed.
#[wasm_bindgen::prelude::wasm_bindgen]
pub async fn bench_decode_driver_tree(body: Vec<u8>) -> usize {
    #[cfg(not(feature = "unsplit"))]
    return decoded_driver_count(body).await;
    #[cfg(feature = "unsplit")]
    return decoded_driver_count(body);
}

#[cfg_attr(not(feature = "unsplit"), leptos::lazy)]
fn decoded_driver_count(body: Vec<u8>) -> usize {
    let text = crate::vendors::http::utf8_body(body);
    let tree = crate::vendors::emabler::decode_tree(&text).map(|d| d.value);
    let count = tree.as_ref().map(|t| t.driver_count()).unwrap_or(0);
    // `dyn Any`: the tree's drop code stays in the decoder's chunk.
    KEPT_DECODED.with(|kept| *kept.borrow_mut() = Some(Box::new(tree)));
    count
}

thread_local! {
    static KEPT_DECODED: std::cell::RefCell<Option<Box<dyn std::any::Any>>> = const { std::cell::RefCell::new(None) };
}

/// For the benchmark: frees the tree the last [`bench_decode_driver_tree`]
/// kept (untimed, between two timed decodes).
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn bench_release_decoded() {
    let kept = KEPT_DECODED.with(|kept| kept.borrow_mut().take());
    drop(kept);
}

/// For the benchmark: [busy ms, chunks] of the latest chunked body read.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn bench_body_read() -> Vec<f64> {
    let (ms, chunks) = crate::perf::last_body_read();
    vec![ms, chunks.into()]
}

/// For the benchmark: the size of the wasm linear memory, in bytes.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn wasm_memory_bytes() -> f64 {
    use wasm_bindgen::JsCast;
    wasm_bindgen::memory()
        .dyn_into::<js_sys::WebAssembly::Memory>()
        .map(|m| m.buffer().unchecked_into::<js_sys::ArrayBuffer>().byte_length() as f64)
        .unwrap_or(f64::NAN)
}
