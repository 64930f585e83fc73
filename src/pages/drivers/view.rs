//! The tree on screen: only the rows in view are rendered (fixed row
//! height), following the WAI-ARIA tree pattern — `role="tree"`, roving
//! focus, arrows, Home/End, Enter/Space, `*`, type-ahead.

use std::{collections::HashSet, rc::Rc, time::Duration};

use leptos::{html, prelude::*};

use super::tree::{NodeData, NodeId, Row, RowState, Tree};
use crate::domain::common::Timestamp;
use crate::format;
use crate::i18n::{t_string, td_string, use_i18n, Locale};

pub const ROW_PX: f64 = 34.0;
/// Rows rendered above and below the viewport, for smooth scrolling.
const OVERSCAN: usize = 8;

/// What the tree view needs from its page.
#[derive(Clone, Copy)]
pub struct TreeState {
    pub tree: StoredValue<Rc<Tree>, LocalStorage>,
    pub expanded: RwSignal<HashSet<String>>,
    pub rows: Memo<Vec<Row>>,
    pub selected: RwSignal<Option<NodeId>>,
    pub focused: RwSignal<Option<NodeId>>,
    pub query: RwSignal<String>,
    /// Bumped to scroll the focused row into view.
    pub reveal: RwSignal<u64>,
}

impl TreeState {
    fn toggle(&self, id: NodeId) {
        let key = self.tree.with_value(|t| t.nodes[id].key.clone());
        self.expanded.update(|e| {
            if !e.remove(&key) {
                e.insert(key);
            }
        });
    }

    fn set_open(&self, id: NodeId, open: bool) {
        let key = self.tree.with_value(|t| t.nodes[id].key.clone());
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
        self.reveal.update(|n| *n += 1);
    }
}

fn kind_label(locale: Locale, data: &NodeData) -> &'static str {
    match data {
        NodeData::WithoutSite => td_string!(locale, drivers.kind_group),
        NodeData::Site(_) => td_string!(locale, drivers.kind_site),
        NodeData::Driver(_) => td_string!(locale, drivers.kind_driver),
        NodeData::Tag(_) => td_string!(locale, drivers.kind_tag),
        NodeData::ChargerGroup(_) => td_string!(locale, drivers.kind_charger_group),
        NodeData::Charger(_) => td_string!(locale, drivers.kind_charger),
        NodeData::Socket { .. } => td_string!(locale, drivers.kind_socket),
    }
}

/// The label with the first match of `query` marked, built as text nodes.
fn highlighted(label: &str, query: &str) -> AnyView {
    let q = query.trim().to_lowercase();
    let lower = label.to_lowercase();
    // Lower-casing can change byte lengths (rare scripts): then no marking.
    match (q.is_empty(), lower.len() == label.len(), lower.find(&q)) {
        (false, true, Some(start)) if label.is_char_boundary(start) && label.is_char_boundary(start + q.len()) => {
            let (a, rest) = label.split_at(start);
            let (m, b) = rest.split_at(q.len());
            view! { <span>{a.to_string()}<mark>{m.to_string()}</mark>{b.to_string()}</span> }.into_any()
        }
        _ => view! { <span>{label.to_string()}</span> }.into_any(),
    }
}

/// The figures of a row, in words (colour is never the only carrier).
fn figures(locale: Locale, tree: &Tree, id: NodeId, now: chrono::DateTime<chrono::Utc>) -> AnyView {
    let n = &tree.nodes[id];
    let f = n.figures;
    let sockets = move || {
        let s = f.sockets;
        view! {
            <span class="pill on">{td_string!(locale, drivers.online, count = s.online).to_string()}</span>
            {(s.offline > 0)
                .then(|| {
                    view! {
                        <span class="pill off">
                            {td_string!(locale, drivers.offline, count = s.offline).to_string()}
                        </span>
                    }
                })}
            {(s.error > 0)
                .then(|| {
                    view! {
                        <span class="pill err">
                            {td_string!(locale, drivers.in_error, count = s.error).to_string()}
                        </span>
                    }
                })}
        }
    };
    match &n.data {
        NodeData::Site(_) | NodeData::WithoutSite => view! {
            <span class="count">
                {format!(
                    "{} · {}",
                    td_string!(locale, drivers.count_drivers, count = f.drivers),
                    td_string!(locale, drivers.count_chargers, count = f.chargers),
                )}
            </span>
            {sockets()}
        }
        .into_any(),
        NodeData::Driver(d) => view! {
            <span class="muted">{d.external_id.clone().unwrap_or_default()}</span>
            <span class="count">{td_string!(locale, drivers.count_chargers, count = f.chargers).to_string()}</span>
            {sockets()}
        }
        .into_any(),
        NodeData::ChargerGroup(_) => view! {
            <span class="count">{td_string!(locale, drivers.count_chargers, count = f.chargers).to_string()}</span>
            {sockets()}
        }
        .into_any(),
        NodeData::Charger(c) => {
            let status = c.status.clone().unwrap_or_else(|| td_string!(locale, drivers.status_unknown).to_string());
            let offline = super::tree::charger_offline(c);
            view! {
                <span class=if offline { "pill off" } else { "pill on" }>{status}</span>
                <span class="muted">
                    {match &c.last_seen {
                        Some(Timestamp::Never) => td_string!(locale, drivers.last_seen_never).to_string(),
                        seen => {
                            td_string!(locale, drivers.last_seen, when = format::timestamp(locale, seen)).to_string()
                        }
                    }}
                </span>
                {sockets()}
            }
            .into_any()
        }
        NodeData::Socket { socket, .. } => {
            let state = super::tree::socket_state(socket.status.as_deref());
            let class = if state.error > 0 {
                "pill err"
            } else if state.offline > 0 {
                "pill off"
            } else {
                "pill on"
            };
            let kw = socket.max_watts.map(|w| format::kilowatts(locale, w)).unwrap_or_default();
            view! {
                <span class=class>
                    {socket.status.clone().unwrap_or_else(|| td_string!(locale, drivers.unknown).to_string())}
                </span>
                <span class="muted">{format!("{} {kw}", socket.kind.clone().unwrap_or_default())}</span>
            }
            .into_any()
        }
        NodeData::Tag(t) => {
            let expired = super::tree::tag_expired(t, now);
            let text = match &t.expires {
                Some(Timestamp::At(_)) if expired => {
                    td_string!(locale, drivers.tag_expired, when = format::timestamp(locale, &t.expires)).to_string()
                }
                Some(Timestamp::At(_)) => {
                    td_string!(locale, drivers.tag_valid, when = format::timestamp(locale, &t.expires)).to_string()
                }
                _ => td_string!(locale, drivers.tag_no_expiry).to_string(),
            };
            view! { <span class=if expired { "pill err" } else { "pill on" }>{text}</span> }.into_any()
        }
    }
}

#[component]
pub fn TreeView(state: TreeState) -> impl IntoView {
    let i18n = use_i18n();
    let TreeState { tree, rows, selected, focused, query, reveal, .. } = state;
    let scroll_top = RwSignal::new(0.0_f64);
    let viewport_h = RwSignal::new(560.0_f64);
    let container = NodeRef::<html::Div>::new();
    let now = chrono::Utc::now();

    // Measure the viewport once it exists.
    Effect::new(move |_| {
        if let Some(el) = container.get() {
            let h = el.client_height() as f64;
            if h > 0.0 {
                viewport_h.set(h);
            }
        }
    });

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

    // Type-ahead: letters typed within a second find the next label.
    let typed = StoredValue::new((String::new(), 0.0_f64));

    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let list = rows.get_untracked();
        if list.is_empty() {
            return;
        }
        let pos = focused.get_untracked().and_then(|f| list.iter().position(|r| r.id == f)).unwrap_or(0);
        let row = list[pos];
        let has_children = tree.with_value(|t| !t.nodes[row.id].children.is_empty());
        let key = ev.key();
        let handled = match key.as_str() {
            "ArrowDown" => {
                state.focus(list[(pos + 1).min(list.len() - 1)].id);
                true
            }
            "ArrowUp" => {
                state.focus(list[pos.saturating_sub(1)].id);
                true
            }
            "Home" => {
                state.focus(list[0].id);
                true
            }
            "End" => {
                state.focus(list[list.len() - 1].id);
                true
            }
            "ArrowRight" => {
                if has_children && !row.open {
                    state.set_open(row.id, true);
                    state.focus(row.id);
                } else if has_children {
                    if let Some(next) = list.get(pos + 1) {
                        state.focus(next.id);
                    }
                }
                true
            }
            "ArrowLeft" => {
                if row.open {
                    state.set_open(row.id, false);
                    state.focus(row.id);
                } else if let Some(parent) = tree.with_value(|t| t.nodes[row.id].parent) {
                    state.focus(parent);
                }
                true
            }
            "Enter" | " " => {
                selected.set(Some(row.id));
                if has_children && key == "Enter" {
                    state.toggle(row.id);
                }
                // A row whose state changes is re-rendered: keep the focus on it.
                state.focus(row.id);
                true
            }
            "*" => {
                // Expand every sibling of the focused node.
                let siblings: Vec<NodeId> = tree.with_value(|t| match t.nodes[row.id].parent {
                    Some(p) => t.nodes[p].children.clone(),
                    None => t.roots.clone(),
                });
                for s in siblings {
                    if tree.with_value(|t| !t.nodes[s].children.is_empty()) {
                        state.set_open(s, true);
                    }
                }
                state.focus(row.id);
                true
            }
            k if k.chars().count() == 1 && !ev.ctrl_key() && !ev.meta_key() && !ev.alt_key() => {
                let now_ms = js_sys::Date::now();
                let prefix = typed.with_value(|(s, at)| {
                    if now_ms - at < 1000.0 {
                        format!("{s}{}", k.to_lowercase())
                    } else {
                        k.to_lowercase()
                    }
                });
                typed.set_value((prefix.clone(), now_ms));
                let start = if prefix.chars().count() == 1 { pos + 1 } else { pos };
                let found = (0..list.len()).map(|i| list[(start + i) % list.len()].id).find(|id| {
                    tree.with_value(|t| {
                        t.display_label(*id, i18n.get_locale_untracked()).to_lowercase().starts_with(&prefix)
                    })
                });
                if let Some(id) = found {
                    state.focus(id);
                }
                true
            }
            _ => false,
        };
        if handled {
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
        >
            // Geometry goes through CSSOM (`style:`), never a `style` attribute:
            // the Content-Security-Policy forbids inline style attributes.
            <div class="tree-canvas" style:height=move || format!("{}px", rows.with(Vec::len) as f64 * ROW_PX)>
                // The language is part of the key: switching it re-creates the few rows in view.
                <For
                    each=move || {
                        let locale = i18n.get_locale();
                        window_rows.get().into_iter().map(move |r| (r, locale)).collect::<Vec<_>>()
                    }
                    key=|((i, r), locale)| (*i, r.id, r.open, r.state as u8, *locale as u8)
                    let:item
                >
                    {
                        let ((index, row), locale) = item;
                        let id = row.id;
                        tree.with_value(|t| {
                            let n = &t.nodes[id];
                            let has_children = !n.children.is_empty();
                            let (setsize, posinset) = match n.parent {
                                Some(p) => {
                                    (
                                        t.nodes[p].children.len(),
                                        t.nodes[p].children.iter().position(|c| *c == id).unwrap_or(0) + 1,
                                    )
                                }
                                None => (t.roots.len(), t.roots.iter().position(|c| *c == id).unwrap_or(0) + 1),
                            };
                            let class = match row.state {
                                RowState::Ancestor => "tree-row ancestor",
                                RowState::Match => "tree-row match",
                                RowState::Plain => "tree-row",
                            };
                            let text = t.display_label(id, locale);
                            let label = move || highlighted(&text, &query.get());
                            let kind = kind_label(locale, &n.data);
                            let figs = figures(locale, t, id, now);
                            // Re-marked on each keystroke without re-creating the row.
                            view! {
                                <div
                                    class=class
                                    role="treeitem"
                                    data-node=id.to_string()
                                    data-key=n.key.clone()
                                    // tachys has no `aria-level` method: the reflecting
                                    // DOM property sets the attribute.
                                    prop:ariaLevel=(n.depth + 1).to_string()
                                    aria-expanded=has_children.then(|| row.open.to_string())
                                    aria-selected=move || (selected.get() == Some(id)).to_string()
                                    aria-setsize=setsize.to_string()
                                    aria-posinset=posinset.to_string()
                                    tabindex=move || {
                                        if focused.get() == Some(id) || (focused.get().is_none() && index == 0) {
                                            "0"
                                        } else {
                                            "-1"
                                        }
                                    }
                                    style:top=format!("{}px", index as f64 * ROW_PX)
                                    style:padding-left=format!("{}rem", 0.5 + n.depth as f64 * 1.25)
                                    on:click=move |ev| {
                                        selected.set(Some(id));
                                        focused.set(Some(id));
                                        if let Some(el) = ev
                                            .current_target()
                                            .and_then(|t| {
                                                wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(t).ok()
                                            })
                                        {
                                            let _ = el.focus();
                                        }
                                    }
                                    on:focus=move |_| focused.set(Some(id))
                                >
                                    <span
                                        class="toggle"
                                        aria-hidden="true"
                                        on:click=move |ev| {
                                            ev.stop_propagation();
                                            if has_children {
                                                state.toggle(id);
                                                state.focus(id);
                                            }
                                        }
                                    >
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
