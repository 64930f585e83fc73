//! The tree on screen: only the rows in view are rendered (fixed row
//! height), following the WAI-ARIA tree pattern — `role="tree"`, roving
//! focus, arrows, Home/End, Enter/Space, `*`, type-ahead.

use std::{collections::HashSet, rc::Rc, sync::Arc, time::Duration};

use leptos::{html, prelude::*};
use wasm_bindgen::JsCast;

use super::changes::TreeChanges;
use super::filter::{Row, RowState};
use super::keys::handle_key;
use super::row::{figures, highlighted, kind_label};
use super::tree::{NodeId, Tree};
use crate::i18n::{t_string, use_i18n};

pub const ROW_PX: f64 = 34.0;
/// Rows rendered above and below the viewport, for smooth scrolling.
const OVERSCAN: usize = 8;

/// What the tree view needs from its page.
#[derive(Clone, Copy)]
pub struct TreeState {
    /// Empty while the tree loads.
    pub tree: Signal<Rc<Tree>, LocalStorage>,
    pub expanded: RwSignal<HashSet<String>>,
    pub rows: Memo<Vec<Row>>,
    pub selected: RwSignal<Option<NodeId>>,
    pub focused: RwSignal<Option<NodeId>>,
    pub query: RwSignal<String>,
    /// Bumped to scroll the focused row into view.
    pub reveal: Trigger,
    /// What the last refresh changed: those rows are highlighted.
    pub changes: RwSignal<Option<Arc<TreeChanges>>>,
}

impl TreeState {
    pub(super) fn toggle(&self, id: NodeId) {
        let key = self.tree.with_untracked(|t| t.key(id).to_string());
        self.expanded.update(|e| {
            if !e.remove(&key) {
                e.insert(key);
            }
        });
    }

    pub(super) fn set_open(&self, id: NodeId, open: bool) {
        let key = self.tree.with_untracked(|t| t.key(id).to_string());
        self.expanded.update(|e| {
            if open {
                e.insert(key);
            } else {
                e.remove(&key);
            }
        });
    }

    pub fn focus(&self, id: NodeId) {
        self.focused.set(Some(id));
        self.reveal.notify();
    }
}

/// The viewport's height as `style/main.css` sets it (`.tree-viewport`:
/// 65vh, at least 320px), known before any layout.
fn viewport_height_estimate() -> f64 {
    let window_h = web_sys::window().and_then(|w| w.inner_height().ok()).and_then(|h| h.as_f64()).unwrap_or(860.0);
    (window_h * 0.65).max(320.0)
}

#[component]
pub fn TreeView(state: TreeState) -> impl IntoView {
    let i18n = use_i18n();
    let TreeState { tree, rows, selected, focused, query, reveal, changes, .. } = state;
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

    // Keep the focused row in view and give it the DOM focus.
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
                        if let Some(row) = wasm_bindgen::JsCast::dyn_ref::<web_sys::HtmlElement>(&row) {
                            let _ = row.focus();
                        }
                    }
                }
            },
            Duration::from_millis(0),
        );
    });

    let window_rows = Memo::new(move |_| {
        let (top, h) = (scroll_top.get(), viewport_h.get());
        rows.with(|r| {
            let start = ((top / ROW_PX) as usize).saturating_sub(OVERSCAN);
            let end = (((top + h) / ROW_PX) as usize + OVERSCAN).min(r.len());
            (start..end).map(|i| (i, r[i])).collect::<Vec<_>>()
        })
    });

    // Which row is selected and which one takes the Tab key: a row is
    // rendered with both as they are then; when they change, this effect
    // updates the two rows concerned (one effect for the tree instead of two
    // per row: the first screen is built within a frame).
    let tabbable = move || focused.get().or_else(|| rows.with(|r| r.first().map(|r| r.id)));
    Effect::new(move |prev: Option<(Option<NodeId>, Option<NodeId>)>| {
        let now = (selected.get(), tabbable());
        if let (Some((was_selected, was_tabbable)), Some(el)) = (prev, container.get_untracked()) {
            let set = |id: Option<NodeId>, attr: &str, value: &str| {
                if let Some(row) = id.and_then(|id| el.query_selector(&format!("[data-node=\"{id}\"]")).ok().flatten())
                {
                    let _ = row.set_attribute(attr, value);
                }
            };
            if was_selected != now.0 {
                set(was_selected, "aria-selected", "false");
                set(now.0, "aria-selected", "true");
            }
            if was_tabbable != now.1 {
                set(was_tabbable, "tabindex", "-1");
                set(now.1, "tabindex", "0");
            }
        }
        now
    });

    // One click and one focus listener for the whole tree, not three per
    // row: the row is found from the event's target.
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let Some((id, row)) = row_of(&ev) else { return };
        let on_toggle = event_target::<web_sys::Element>(&ev).closest(".toggle").ok().flatten().is_some();
        if on_toggle {
            if tree.with_untracked(|t| t.has_children(id)) {
                state.toggle(id);
                state.focus(id);
            }
        } else {
            selected.set(Some(id));
            focused.set(Some(id));
            let _ = row.focus();
        }
    };
    let on_focus = move |ev: leptos::ev::FocusEvent| {
        if let Some((id, _)) = row_of(&ev) {
            focused.set(Some(id));
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
                // The language is part of the key: switching it re-creates the few rows in view.
                <For
                    each=move || {
                        let locale = i18n.get_locale();
                        let reading = tree.with(|t| Rc::as_ptr(t) as usize);
                        window_rows.get().into_iter().map(move |r| (r, locale, reading)).collect::<Vec<_>>()
                    }
                    key=|((i, r), locale, reading)| (*i, r.id, r.open, r.state as u8, *locale as u8, *reading)
                    let:item
                >
                    {
                        let ((index, row), locale, _) = item;
                        let id = row.id;
                        tree.with_untracked(|t| {
                            let n = &t.nodes[id];
                            let has_children = t.has_children(id);
                            let (setsize, posinset) = match n.parent {
                                Some(p) => {
                                    let (mut size, mut pos) = (0, 0);
                                    for c in t.children(p) {
                                        size += 1;
                                        if c == id {
                                            pos = size;
                                        }
                                    }
                                    (size, pos)
                                }
                                None => (t.roots.len(), t.roots.iter().position(|c| *c == id).unwrap_or(0) + 1),
                            };
                            let class = match row.state {
                                RowState::Ancestor => "tree-row ancestor",
                                RowState::Match => "tree-row match",
                                RowState::Plain => "tree-row",
                            };
                            let changed = changes
                                .with_untracked(|c| c.as_ref().is_some_and(|c| c.rows.contains(t.key(id))));
                            let text = t.display_label(id, locale);
                            let label = move || highlighted(&text, &query.get());
                            let kind = kind_label(locale, &n.data);
                            let figs = figures(locale, t, id);
                            let tabbable_now = untrack(tabbable);
                            // Re-marked on each keystroke without re-creating the row.
                            view! {
                                <div
                                    class=class
                                    class:changed=changed
                                    role="treeitem"
                                    data-node=id.to_string()
                                    data-key=t.key(id).to_string()
                                    // tachys has no `aria-level` method: the reflecting
                                    // DOM property sets the attribute.
                                    prop:ariaLevel=(n.depth + 1).to_string()
                                    aria-expanded=has_children.then(|| row.open.to_string())
                                    aria-selected=(selected.get_untracked() == Some(id)).to_string()
                                    aria-setsize=setsize.to_string()
                                    aria-posinset=posinset.to_string()
                                    tabindex=if tabbable_now == Some(id) { "0" } else { "-1" }
                                    style:top=format!("{}px", index as f64 * ROW_PX)
                                    style:padding-left=format!("{}rem", 0.5 + n.depth as f64 * 1.25)
                                >
                                    <span class="toggle" aria-hidden="true">
                                        {if !has_children { "" } else if row.open { "▾" } else { "▸" }}
                                    </span>
                                    <span class="kind">{kind}</span>
                                    <span class="label">{label}</span>
                                    <span class="figures">{figs}</span>
                                </div>
                            }
                        })
                    }
                </For>
            </div>
        </div>
    }
}

/// The row an event happened in, and its element.
fn row_of(ev: &web_sys::Event) -> Option<(NodeId, web_sys::HtmlElement)> {
    let target = ev.target()?.dyn_into::<web_sys::Element>().ok()?;
    let row = target.closest("[data-node]").ok()??;
    let id = row.get_attribute("data-node")?.parse().ok()?;
    Some((id, row.dyn_into().ok()?))
}
