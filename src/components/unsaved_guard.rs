//! "Leave with unsaved changes?": asked before a tab close or reload and
//! before an in-app link, while a form has unsaved changes.

use gloo_events::{EventListener, EventListenerOptions, EventListenerPhase};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::edge_sign_in::leaving_to_sign_in;
use crate::i18n::{t_string, use_i18n};

/// Asks before leaving with unsaved changes: tab close or reload
/// (`beforeunload`) and in-app links (a capturing click listener that runs
/// before the router's). The listeners go with the editor.
pub fn guard_unsaved_changes(dirty: Memo<bool>) {
    let Some(window) = web_sys::window() else { return };
    let i18n = use_i18n();
    let before_unload = EventListener::new_with_options(
        &window,
        "beforeunload",
        EventListenerOptions::enable_prevent_default(),
        move |ev| {
            // Signing in again reloads the page on purpose; the draft is saved.
            if dirty.get_untracked() && !leaving_to_sign_in() {
                ev.prevent_default();
                if let Some(ev) = ev.dyn_ref::<web_sys::BeforeUnloadEvent>() {
                    ev.set_return_value("unsaved");
                }
            }
        },
    );
    let capture = EventListenerOptions { phase: EventListenerPhase::Capture, passive: false };
    let on_click = EventListener::new_with_options(&window, "click", capture, move |ev| {
        if !dirty.get_untracked() {
            return;
        }
        let link = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("a[href]").ok().flatten());
        if link.is_some() {
            let leave = web_sys::window()
                .and_then(|w| w.confirm_with_message(t_string!(i18n, groups.leave_unsaved)).ok())
                .unwrap_or(true);
            if !leave {
                ev.prevent_default();
                ev.stop_immediate_propagation();
            }
        }
    });
    // `on_cleanup` wants `Send`: the listeners live in a local arena slot;
    // dropping them removes them from the window.
    let listeners = StoredValue::new_local(Some((before_unload, on_click)));
    on_cleanup(move || listeners.set_value(None));
}
