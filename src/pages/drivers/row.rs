//! One row of the tree: its element (the WAI-ARIA treeitem, placed by the
//! virtualised view), its kind, its label with the search's match marked
//! (text nodes, never HTML), and its figures in words.

use leptos::prelude::*;

use super::filter::{Row, RowState};
use super::node::{charger_offline, socket_state, tag_expired, NodeData, NodeId};
use super::state::TreeState;
use super::tree::Tree;
use crate::domain::common::Timestamp;
use crate::format;
use crate::i18n::{td_string, Locale};

/// A row's height (`style/main.css`, `.tree-row`): rows are placed by index.
pub const ROW_PX: f64 = 34.0;

/// The row at `index` of the visible rows. It is rendered with its
/// selection and tab stop as they are now (`tabbable`: the row that takes
/// the Tab key); later changes of those are made on the DOM by the view,
/// and only the label follows the search as it is typed.
pub fn tree_row(state: TreeState, index: usize, row: Row, locale: Locale, tabbable: Option<NodeId>) -> impl IntoView {
    let TreeState { tree, selected, query, changes, .. } = state;
    let id = row.id;
    tree.with_untracked(|t| {
        let n = &t.nodes[id];
        let has_children = t.has_children(id);
        let (setsize, posinset) = place_among_siblings(t, id);
        let class = match row.state {
            RowState::Ancestor => "tree-row ancestor",
            RowState::Match => "tree-row match",
            RowState::Plain => "tree-row",
        };
        let changed = changes.with_untracked(|c| c.as_ref().is_some_and(|c| c.rows.contains(t.key(id))));
        let text = t.display_label(id, locale);
        // Re-marked on each keystroke without re-creating the row.
        let label = move || highlighted(&text, &query.get());
        let kind = kind_label(locale, &n.data);
        let figs = figures(locale, t, id);
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
                tabindex=if tabbable == Some(id) { "0" } else { "-1" }
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
