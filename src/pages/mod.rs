//! One component per route, named after what it shows.

pub mod connections;
pub mod drivers;
pub mod groups;
pub mod map;

/// Saves text as a file through a temporary object URL (CSV exports).
pub fn download(filename: &str, text: &str) {
    download_parts(filename, &js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text)));
}

/// Saves the concatenation of `parts` (JS strings) as a file: the browser
/// joins them into the Blob, so no single string holds the whole file.
pub fn download_parts(filename: &str, parts: &js_sys::Array) {
    use wasm_bindgen::JsCast;
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/csv;charset=utf-8");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(parts, &options) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    if let Some(a) = document.create_element("a").ok().and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok()) {
        a.set_href(&url);
        a.set_download(filename);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}
