//! Component tests in headless Chromium (wasm-bindgen-test). Native builds
//! skip this file; scripts/test.sh runs it for wasm32.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use fleet_console::components::error_panel::ErrorPanel;
use fleet_console::vendors::ApiError;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn fresh_container() -> web_sys::HtmlElement {
    let document = web_sys::window().and_then(|w| w.document()).expect("a document");
    let div = document.create_element("div").expect("div").dyn_into::<web_sys::HtmlElement>().expect("html element");
    document.body().expect("body").append_child(&div).expect("append");
    div
}

async fn wait_for_text(el: &web_sys::HtmlElement, needle: &str) -> String {
    for _ in 0..100 {
        let text = el.text_content().unwrap_or_default();
        if text.contains(needle) {
            return text;
        }
        gloo_timers::future::sleep(Duration::from_millis(50)).await;
    }
    panic!("{needle:?} never appeared; page says {:?}", el.text_content());
}

#[wasm_bindgen_test]
async fn error_panel_shows_a_sentence_and_hides_the_detail() {
    let container = fresh_container();
    let error = ApiError::Http {
        status: 404,
        vendor_message: Some("Driver not found for the customer".into()),
        retry_after_s: None,
    };
    let handle = leptos::mount::mount_to(container.clone(), move || {
        // Pages get the language context from App; a lone component needs it too.
        fleet_console::components::language_switch::provide_language();
        view! { <ErrorPanel error vendor="eMabler" /> }
    });
    let text = wait_for_text(&container, "has no such record").await;
    assert!(text.contains("eMabler has no such record: “Driver not found for the customer”"), "{text}");
    let details = container.query_selector("details").ok().flatten().expect("details element");
    assert!(!details.has_attribute("open"), "technical detail must be one click away, not open");
    assert!(details.text_content().unwrap_or_default().contains("HTTP 404"));
    drop(handle);
}

#[wasm_bindgen_test]
async fn vendor_text_is_rendered_as_text_not_html() {
    let container = fresh_container();
    let error = ApiError::Http {
        status: 500,
        vendor_message: Some("<img src=x onerror=alert(1)>".into()),
        retry_after_s: None,
    };
    let handle = leptos::mount::mount_to(container.clone(), move || {
        fleet_console::components::language_switch::provide_language();
        view! { <ErrorPanel error vendor="Vehizen" /> }
    });
    wait_for_text(&container, "internal error").await;
    assert!(container.query_selector("img").ok().flatten().is_none(), "vendor string became markup");
    drop(handle);
}

#[wasm_bindgen_test]
async fn missing_config_file_gives_an_error_screen() {
    // The test runner's server has no /config.json: the app must say so.
    let container = fresh_container();
    let handle = leptos::mount::mount_to(container.clone(), fleet_console::App);
    let text = wait_for_text(&container, "The console cannot start").await;
    assert!(text.contains("config.json could not be loaded (HTTP 404)"), "{text}");
    drop(handle);
}
