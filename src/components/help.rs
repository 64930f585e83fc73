//! Help for newcomers: "first steps" on an empty console, and the keyboard
//! shortcuts in a dialog (top bar button, or "?" anywhere outside a field).

use leptos::html::Dialog;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::storage;

/// What each key does, by screen. Shown as a list: the same facts the key
/// handlers implement (tree: `pages/drivers/view.rs`; map: Leaflet's keyboard).
const SHORTCUTS: &[(&str, &[(&str, &str)])] = &[
    ("Everywhere", &[("?", "Show this list"), ("Tab / Shift+Tab", "Move between controls"), ("Esc", "Close this list")]),
    (
        "Drivers & chargers tree",
        &[
            ("↑ / ↓", "Previous / next row"),
            ("→ / ←", "Open a row, or go to its first child / close it, or go to its parent"),
            ("Home / End", "First / last row"),
            ("Enter", "Select the row and open or close it"),
            ("Space", "Select the row and show its details"),
            ("*", "Open every sibling of the row"),
            ("Letters", "Jump to the next row starting with them"),
            ("Enter in the search box", "Next match"),
        ],
    ),
    ("Map", &[("Arrows", "Pan (map focused)"), ("+ / −", "Zoom in / out"), ("Enter on a result", "Select it and show its popup")]),
];

#[component]
pub fn ShortcutsHelp() -> impl IntoView {
    let dialog = NodeRef::<Dialog>::new();
    let open = move || {
        if let Some(d) = dialog.get() {
            if !d.open() {
                let _ = d.show_modal();
            }
        }
    };
    // "?" opens the list unless the user is typing.
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        let typing = ev
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA"));
        if ev.key() == "?" && !typing && !ev.ctrl_key() && !ev.meta_key() && !ev.alt_key() {
            ev.prevent_default();
            open();
        }
    });
    on_cleanup(move || handle.remove());
    view! {
        <button type="button" class="help-button" aria-haspopup="dialog" data-test="shortcuts-button" on:click=move |_| open()>
            "Shortcuts"
        </button>
        <dialog node_ref=dialog class="shortcuts" aria-labelledby="shortcuts-title" data-test="shortcuts">
            <h2 id="shortcuts-title">"Keyboard shortcuts"</h2>
            {SHORTCUTS.iter().map(|(screen, keys)| view! {
                <h3>{*screen}</h3>
                <dl class="keys">
                    {keys.iter().map(|(key, what)| view! { <dt><kbd>{*key}</kbd></dt><dd>{*what}</dd> }).collect_view()}
                </dl>
            }).collect_view()}
            <form method="dialog">
                <button type="submit">"Close"</button>
            </form>
        </dialog>
    }
}

/// Three first steps, on the landing page until the user dismisses them or
/// has opened a group (`opened_groups`: the page already read its recent list).
#[component]
pub fn FirstSteps(opened_groups: bool) -> impl IntoView {
    let dismissed = RwSignal::new(opened_groups || storage::first_steps_dismissed());
    move || {
        (!dismissed.get()).then(|| {
            view! {
                <section class="first-steps" aria-labelledby="first-steps-title" data-test="first-steps">
                    <h2 id="first-steps-title">"First steps"</h2>
                    <ol>
                        <li>
                            <strong>"Open a vehicle group"</strong>
                            " — paste its id below, or pick one of your organisation’s groups. "
                            <A href="/groups/new">"Or create one."</A>
                        </li>
                        <li>
                            <strong>"Find a driver or a charger"</strong>
                            " — the "<A href="/drivers">"Drivers & chargers"</A>
                            " tree lists every site; search by name, badge, charger or EVSE id."
                        </li>
                        <li>
                            <strong>"Connect Ocean"</strong>
                            " — sign in on "<A href="/map">"Nearest vehicles"</A>
                            " (or "<A href="/connections">"Connections"</A>") with your Ocean account to see vehicles on the map."
                        </li>
                    </ol>
                    <p class="muted">"Press ? at any time for the keyboard shortcuts."</p>
                    <button type="button" data-test="dismiss-first-steps" on:click=move |_| {
                        storage::dismiss_first_steps();
                        dismissed.set(true);
                    }>"Got it"</button>
                </section>
            }
        })
    }
}
