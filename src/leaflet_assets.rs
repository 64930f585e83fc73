//! Leaflet's script and stylesheet (copied from the npm package into dist/)
//! are added to the page the first time a map is shown, so the other pages
//! never download them. The policy allows them: both come from 'self'.

use std::cell::RefCell;

use js_sys::{Array, Function, Promise};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

thread_local! {
    /// The one load in flight or done: a second map waits for the same one.
    static LOADING: RefCell<Option<Promise>> = const { RefCell::new(None) };
}

/// Resolves once `window.L` and Leaflet's styles are there. A failed load
/// is forgotten, so showing the map again tries again.
pub async fn load_leaflet() -> Result<(), ()> {
    let loading = LOADING.with(|l| l.borrow_mut().get_or_insert_with(start_loading).clone());
    // A `load` event alone is not proof: a proxy's error page served as the
    // script loads too. Leaflet is there when it has defined `window.L`.
    if JsFuture::from(loading).await.is_ok() && leaflet_defined() {
        return Ok(());
    }
    LOADING.with(|l| l.borrow_mut().take());
    Err(())
}

fn leaflet_defined() -> bool {
    web_sys::window().is_some_and(|w| js_sys::Reflect::has(&w, &JsValue::from_str("L")).unwrap_or(false))
}

fn start_loading() -> Promise {
    let stylesheet = appended("link", &[("rel", "stylesheet"), ("href", "/leaflet.css")]);
    let script = appended("script", &[("src", "/leaflet.js")]);
    Promise::all(&Array::of2(&stylesheet, &script))
}

/// A promise settled by the `load` or `error` event of a new `tag` element
/// with `attributes`, appended to `<head>`.
fn appended(tag: &str, attributes: &[(&str, &str)]) -> Promise {
    Promise::new(&mut |resolve: Function, reject: Function| {
        let element = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| Some((d.query_selector("head").ok()??, d.create_element(tag).ok()?)));
        let Some((head, element)) = element else {
            let _ = reject.call0(&JsValue::NULL);
            return;
        };
        for (name, value) in attributes {
            let _ = element.set_attribute(name, value);
        }
        let _ = element.add_event_listener_with_callback("load", &resolve);
        let _ = element.add_event_listener_with_callback("error", &reject);
        if head.append_child(&element).is_err() {
            let _ = reject.call0(&JsValue::NULL);
        }
    })
}
