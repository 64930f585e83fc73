//! The tree's keyboard, per the WAI-ARIA tree pattern: arrows, Home/End,
//! Enter/Space, `*` (expand the siblings) and type-ahead. A key becomes an
//! event of the page's model; the row it concerns is found here, among the
//! rows on screen.

use leptos::prelude::*;

use super::model::TreeEvent;
use super::state::TreeState;
use crate::i18n::Locale;

/// Handles one key on the tree; `true` when the key was the tree's (the
/// browser's default is then prevented). `typed` is the type-ahead prefix
/// and when it was last extended.
pub fn handle_key(
    state: TreeState,
    typed: StoredValue<(String, f64)>,
    ev: &leptos::ev::KeyboardEvent,
    locale: Locale,
) -> bool {
    let TreeState { tree, rows, focused, .. } = state;
    let list = rows.get_untracked();
    if list.is_empty() {
        return false;
    }
    let pos = focused.get_untracked().and_then(|f| list.iter().position(|r| r.id == f)).unwrap_or(0);
    let row = list[pos];
    let has_children = tree.with_untracked(|t| t.has_children(row.id));
    let focus = |id| {
        state.send(TreeEvent::Focus(id));
    };
    let key = ev.key();
    match key.as_str() {
        "ArrowDown" => {
            focus(list[(pos + 1).min(list.len() - 1)].id);
            true
        }
        "ArrowUp" => {
            focus(list[pos.saturating_sub(1)].id);
            true
        }
        "Home" => {
            focus(list[0].id);
            true
        }
        "End" => {
            focus(list[list.len() - 1].id);
            true
        }
        "ArrowRight" => {
            if has_children && !row.open {
                state.send(TreeEvent::SetOpen(row.id, true));
            } else if has_children {
                if let Some(next) = list.get(pos + 1) {
                    focus(next.id);
                }
            }
            true
        }
        "ArrowLeft" => {
            if row.open {
                state.send(TreeEvent::SetOpen(row.id, false));
            } else if let Some(parent) = tree.with_untracked(|t| t.nodes[row.id].parent) {
                focus(parent);
            }
            true
        }
        // A row whose state changes is re-rendered: the focus is put back on it.
        "Enter" | " " => {
            state.send(TreeEvent::Activate { id: row.id, toggle: key == "Enter" });
            true
        }
        "*" => {
            state.send(TreeEvent::ExpandSiblings(row.id));
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
            let found = (0..list.len())
                .map(|i| list[(start + i) % list.len()].id)
                .find(|id| tree.with_untracked(|t| t.display_label(*id, locale).to_lowercase().starts_with(&prefix)));
            if let Some(id) = found {
                focus(id);
            }
            true
        }
        _ => false,
    }
}
