//! The tree on screen: only the rows in view are rendered (fixed row
//! height), in fixed row slots whose contents change (`slots.rs`), following
//! the WAI-ARIA tree pattern — `role="tree"`, roving focus, arrows,
//! Home/End, Enter/Space, `*`, type-ahead.

use std::time::Duration;

use leptos::{html, prelude::*};
use wasm_bindgen::JsCast;

use super::keys::handle_key;
use super::model::TreeEvent;
use super::node::NodeId;
use super::row::{RowContent, RowFacts, RowSlot, ROW_PX};
use super::slots::{row_of_slot, rows_in_view, slot_count};
use super::state::TreeState;
use crate::i18n::{t_string, use_i18n};

/// The viewport's height as `style/main.css` sets it (`.tree-viewport`:
/// 65vh, at least 320px), known before any layout.
fn viewport_height_estimate() -> f64 {
    let window_h = web_sys::window().and_then(|w| w.inner_height().ok()).and_then(|h| h.as_f64()).unwrap_or(860.0);
    (window_h * 0.65).max(320.0)
}

#[component]
pub fn TreeView(state: TreeState) -> impl IntoView {
    let i18n = use_i18n();
    let TreeState { tree, rows, selected, focused, changes, .. } = state;
    let scroll_top = RwSignal::new(0.0_f64);
    let viewport_h = RwSignal::new(viewport_height_estimate());
    let container = NodeRef::<html::Div>::new();

    // Measured again once laid out (scroll, resize): reading the height on
    // mount would force a layout of the whole page before the first paint.
    let handle = window_event_listener(leptos::ev::resize, move |_| {
        if let Some(el) = container.get_untracked() {
            viewport_h.set(el.client_height() as f64);
        }
    });
    on_cleanup(move || handle.remove());
    reveal_focused_row(state, container, scroll_top);

    let in_view = Memo::new(move |_| {
        let (top, h) = (scroll_top.get(), viewport_h.get());
        rows.with(|r| rows_in_view(top, h, r.len(), ROW_PX))
    });
    let slots = Memo::new(move |_| slot_count(viewport_h.get(), ROW_PX));
    let tabbable = move || focused.get().or_else(|| rows.with(|r| r.first().map(|r| r.id)));
    // What slot `slot` says: its row (if any) as the tree, the language,
    // the selection and the last refresh's changes make it.
    let content = move |slot: usize| {
        Memo::new(move |_| {
            let index = row_of_slot(slot, slots.get(), in_view.get())?;
            let row = rows.with(|r| r.get(index).copied())?;
            let facts =
                RowFacts { locale: i18n.get_locale(), selected: selected.get(), tabbable: tabbable(), changes: None };
            changes.with(|c| {
                let facts = RowFacts { changes: c.as_deref(), ..facts };
                tree.with(|t| (row.id < t.len()).then(|| RowContent::of(t, index, row, &facts)))
            })
        })
    };

    // One click and one focus listener for the whole tree, not three per
    // row: the row is found from the event's target.
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let Some((id, row)) = row_of(&ev) else { return };
        if event_target::<web_sys::Element>(&ev).closest(".toggle").ok().flatten().is_some() {
            state.send(TreeEvent::Toggle(id));
        } else {
            state.send(TreeEvent::Clicked(id));
            let _ = row.focus();
        }
    };
    let on_focus = move |ev: leptos::ev::FocusEvent| {
        if let Some((id, _)) = row_of(&ev) {
            state.send(TreeEvent::FocusEntered(id));
        }
    };

    // Type-ahead: letters typed within a second find the next label.
    let typed = StoredValue::new((String::new(), 0.0_f64));
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if handle_key(state, typed, &ev, i18n.get_locale_untracked()) {
            ev.prevent_default();
        }
    };

    view! {
        <div
            class="tree-viewport"
            node_ref=container
            role="tree"
            aria-label=move || t_string!(i18n, drivers.tree_label)
            data-test="tree"
            on:scroll=move |ev| {
                let el: web_sys::Element = event_target(&ev);
                scroll_top.set(el.scroll_top() as f64);
                viewport_h.set(el.client_height() as f64);
            }
            on:keydown=on_key
            on:click=on_click
            on:focusin=on_focus
        >
            // Geometry goes through CSSOM (`style:`), never a `style` attribute:
            // the Content-Security-Policy forbids inline style attributes.
            <div class="tree-canvas" style:height=move || format!("{}px", rows.with(Vec::len) as f64 * ROW_PX)>
                // Fixed slots (`slots.rs`), made again only when the viewport's
                // height changes: scrolling, searching, refreshing or switching
                // the language change what they say, not the elements.
                <For each=move || 0..slots.get() key=|slot| *slot let:slot>
                    <RowSlot state content=content(slot) />
                </For>
            </div>
        </div>
    }
}

/// Keeps the focused row in view and gives it the DOM focus, each time the
/// model says so (`TreeState::reveal`). The view's scroll position is read
/// back from the DOM at once rather than at the `scroll` event, a frame
/// later: the rows at the new position must be rendered before the focus
/// can move to one of them. (The one effect that writes a signal: it copies
/// the DOM's `scrollTop`, which no signal could derive.)
fn reveal_focused_row(state: TreeState, container: NodeRef<html::Div>, scroll_top: RwSignal<f64>) {
    let TreeState { rows, focused, reveal, .. } = state;
    Effect::new(move |_| {
        reveal.track();
        let Some(id) = focused.get_untracked() else { return };
        let Some(index) = rows.with_untracked(|r| r.iter().position(|r| r.id == id)) else { return };
        if let Some(el) = container.get_untracked() {
            let (top, h) = (index as f64 * ROW_PX, el.client_height() as f64);
            let current = el.scroll_top() as f64;
            if top < current {
                el.set_scroll_top(top as i32);
            } else if top + ROW_PX > current + h {
                el.set_scroll_top((top + ROW_PX - h) as i32);
            }
            scroll_top.set(el.scroll_top() as f64);
        }
        // After the rows for the new scroll position are rendered.
        set_timeout(
            move || {
                if let Some(el) = container.get_untracked() {
                    if let Ok(Some(row)) = el.query_selector(&format!("[data-node=\"{id}\"]")) {
                        if let Some(row) = row.dyn_ref::<web_sys::HtmlElement>() {
                            let _ = row.focus();
                        }
                    }
                }
            },
            Duration::from_millis(0),
        );
    });
}

/// The row an event happened in, and its element.
fn row_of(ev: &web_sys::Event) -> Option<(NodeId, web_sys::HtmlElement)> {
    let target = ev.target()?.dyn_into::<web_sys::Element>().ok()?;
    let row = target.closest("[data-node]").ok()??;
    let id = row.get_attribute("data-node")?.parse().ok()?;
    Some((id, row.dyn_into().ok()?))
}
