//! One row of the tree: what it says ([`RowContent`], pure), and the slot
//! that shows it (the WAI-ARIA treeitem, placed by the virtualised view):
//! its kind, its label with the search's match marked (text nodes, never
//! HTML), and its figures in words.

use leptos::prelude::*;

use super::changes::TreeChanges;
use super::filter::{Row, RowState};
use super::node::{charger_offline, socket_state, tag_expired, NodeData, NodeId};
use super::state::TreeState;
use super::tree::Tree;
use crate::domain::common::Timestamp;
use crate::format;
use crate::i18n::{td_string, Locale};

/// A row's height (`style/main.css`, `.tree-row`): rows are placed by index.
pub const ROW_PX: f64 = 34.0;

/// What a row slot says for one visible row: its element's attributes and
/// its texts, worked out from the tree and the page's state. Compared, so
/// that a slot whose row still says the same is not touched.
#[derive(Clone, Debug, PartialEq)]
pub struct RowContent {
    pub id: NodeId,
    /// Its place among the visible rows.
    pub index: usize,
    pub class: &'static str,
    pub key: String,
    pub depth: u16,
    /// `aria-expanded`: only a row with children has it.
    pub open: Option<bool>,
    pub selected: bool,
    /// The row that takes the Tab key.
    pub tabbable: bool,
    /// `aria-setsize` and `aria-posinset`.
    pub place: (usize, usize),
    pub toggle: &'static str,
    pub kind: &'static str,
    pub label: String,
    pub locale: Locale,
    /// The reading it comes from: its figures are that reading's.
    pub reading: usize,
}

/// The page's state a row's content depends on, besides its node.
pub struct RowFacts<'a> {
    pub locale: Locale,
    pub selected: Option<NodeId>,
    pub tabbable: Option<NodeId>,
    pub changes: Option<&'a TreeChanges>,
}

impl RowContent {
    pub fn of(t: &Tree, index: usize, row: Row, facts: &RowFacts<'_>) -> RowContent {
        let id = row.id;
        let has_children = t.has_children(id);
        let changed = facts.changes.is_some_and(|c| c.rows.contains(t.key(id)));
        let class = match (row.state, changed) {
            (RowState::Ancestor, false) => "tree-row ancestor",
            (RowState::Ancestor, true) => "tree-row ancestor changed",
            (RowState::Match, false) => "tree-row match",
            (RowState::Match, true) => "tree-row match changed",
            (RowState::Plain, false) => "tree-row",
            (RowState::Plain, true) => "tree-row changed",
        };
        RowContent {
            id,
            index,
            class,
            key: t.key(id).to_string(),
            depth: t.nodes[id].depth,
            open: has_children.then_some(row.open),
            selected: facts.selected == Some(id),
            tabbable: facts.tabbable == Some(id),
            place: place_among_siblings(t, id),
            toggle: if !has_children {
                ""
            } else if row.open {
                "▾"
            } else {
                "▸"
            },
            kind: kind_label(facts.locale, &t.nodes[id].data),
            label: t.display_label(id, facts.locale),
            locale: facts.locale,
            reading: t as *const Tree as usize,
        }
    }
}

/// One of the tree's fixed row slots (`slots.rs`): one element, made once,
/// whose attributes and texts follow `content` (hidden while it shows no
/// row). Only the label follows the search as it is typed, its match marked.
#[component]
pub fn RowSlot(state: TreeState, content: Memo<Option<RowContent>>) -> impl IntoView {
    let TreeState { tree, query, .. } = state;
    let with = move |f: fn(&RowContent) -> String| move || content.with(|c| c.as_ref().map(f));
    view! {
        <div
            class=move || content.with(|c| c.as_ref().map_or("tree-slot", |c| c.class))
            hidden=move || content.with(Option::is_none)
            role=move || content.with(|c| c.as_ref().map(|_| "treeitem"))
            data-node=with(|c| c.id.to_string())
            data-key=with(|c| c.key.clone())
            // tachys has no `aria-level` method: the reflecting
            // DOM property sets the attribute.
            prop:ariaLevel=move || content.with(|c| c.as_ref().map_or(String::new(), |c| (c.depth + 1).to_string()))
            aria-expanded=move || content.with(|c| c.as_ref().and_then(|c| c.open).map(|o| o.to_string()))
            aria-selected=with(|c| c.selected.to_string())
            aria-setsize=with(|c| c.place.0.to_string())
            aria-posinset=with(|c| c.place.1.to_string())
            tabindex=move || content.with(|c| if c.as_ref().is_some_and(|c| c.tabbable) { "0" } else { "-1" })
            style:top=move || content.with(|c| format!("{}px", c.as_ref().map_or(0, |c| c.index) as f64 * ROW_PX))
            style:padding-left=move || {
                content.with(|c| format!("{}rem", 0.5 + c.as_ref().map_or(0, |c| c.depth) as f64 * 1.25))
            }
        >
            <span class="toggle" aria-hidden="true">
                {move || content.with(|c| c.as_ref().map_or("", |c| c.toggle))}
            </span>
            <span class="kind">{move || content.with(|c| c.as_ref().map_or("", |c| c.kind))}</span>
            <span class="label">
                {move || content.with(|c| c.as_ref().map(|c| highlighted(&c.label, &query.get())))}
            </span>
            <span class="figures">
                {move || {
                    content
                        .with(|c| {
                            c.as_ref()
                                .map(|c| tree.with_untracked(|t| (c.id < t.len()).then(|| figures(c.locale, t, c.id))))
                        })
                }}
            </span>
        </div>
    }
}

/// How many siblings a node has and where it is among them (1-based):
/// `aria-setsize` and `aria-posinset`, as only the rows in view exist.
fn place_among_siblings(t: &Tree, id: NodeId) -> (usize, usize) {
    match t.nodes[id].parent {
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
    }
}

pub fn kind_label(locale: Locale, data: &NodeData) -> &'static str {
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
pub fn highlighted(label: &str, query: &str) -> AnyView {
    let q = query.trim().to_lowercase();
    let lower = label.to_lowercase();
    // Lower-casing can change byte lengths (rare scripts): then no marking.
    match (q.is_empty(), lower.len() == label.len(), lower.find(&q)) {
        (false, true, Some(start)) if label.is_char_boundary(start) && label.is_char_boundary(start + q.len()) => {
            let (a, rest) = label.split_at(start);
            let (m, b) = rest.split_at(q.len());
            view! {
                {a.to_string()}
                <mark>{m.to_string()}</mark>
                {b.to_string()}
            }
            .into_any()
        }
        _ => label.to_string().into_any(),
    }
}

/// The figures of a row, in words (colour is never the only carrier).
pub fn figures(locale: Locale, tree: &Tree, id: NodeId) -> AnyView {
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
            let offline = charger_offline(c);
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
            let class = socket_pill(socket.status.as_deref());
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
            let expired = tag_expired(t, tree.now);
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

/// The status pill's class for a socket status: error, offline or online.
pub fn socket_pill(status: Option<&str>) -> &'static str {
    let state = socket_state(status);
    if state.error > 0 {
        "pill err"
    } else if state.offline > 0 {
        "pill off"
    } else {
        "pill on"
    }
}
