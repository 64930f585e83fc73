//! Which rows of the arena are on screen: the status chip, the search, and
//! the visible rows for an expansion state. Pure, O(n) per pass, tested with
//! the arena (`tree/tests.rs`).

use std::collections::HashSet;

use super::chips::{chip_selects, Chip};
use super::node::NodeId;
use super::search::SearchText;
use super::tree::Tree;

impl Tree {
    /// Does the node itself match a status chip?
    pub fn chip_matches(&self, id: NodeId, chip: Chip) -> bool {
        let n = &self.nodes[id];
        chip_selects(&n.data, &n.figures, chip, self.now)
    }

    /// Whether what the search looks in is built (by [`Tree::set_search`],
    /// or by a search that came first).
    pub fn search_ready(&self) -> bool {
        self.search.get().is_some()
    }

    /// What the search looks in, built ahead of the first search (a slice
    /// at a time once the first screen is painted, so that neither the
    /// first screen nor the first keystroke waits for it). Ignored if a
    /// search built it first.
    pub fn set_search(&self, text: SearchText) {
        let _ = self.search.set(text);
    }

    fn search_text(&self) -> &SearchText {
        self.search.get_or_init(|| SearchText::of(&self.nodes))
    }

    /// Which nodes match the search text and the chip (both optional).
    /// The search is one substring scan of the whole tree's text.
    pub fn matches(&self, query: &str, chip: Option<Chip>) -> Option<Vec<bool>> {
        let q = query.trim().to_lowercase();
        if q.is_empty() && chip.is_none() {
            return None;
        }
        let mut m = vec![q.is_empty(); self.nodes.len()];
        if !q.is_empty() {
            let search = self.search_text();
            let mut node = 0;
            for (at, _) in search.text.match_indices(&q) {
                // Matches come in order: walk the node ends alongside.
                while node < search.ends.len() && search.ends[node] as usize <= at {
                    node += 1;
                }
                // Within one node's text only.
                if search.ends.get(node).is_some_and(|end| at + q.len() <= *end as usize) {
                    m[node] = true;
                }
            }
        }
        if let Some(c) = chip {
            for (id, x) in m.iter_mut().enumerate() {
                *x = *x && self.chip_matches(id, c);
            }
        }
        Some(m)
    }

    /// The rows to show, in order: children of expanded nodes; while
    /// filtering, only matches and their ancestors (expanded to reach them).
    pub fn visible(&self, expanded: &HashSet<String>, matches: Option<&[bool]>) -> Vec<Row> {
        let below = matches.map(|m| self.match_below(m));
        let mut out = Vec::new();
        let mut stack: Vec<NodeId> = self.roots.iter().rev().copied().collect();
        while let Some(id) = stack.pop() {
            let state = match (matches, &below) {
                (Some(m), Some(b)) => {
                    if m[id] {
                        RowState::Match
                    } else if b[id] {
                        RowState::Ancestor
                    } else {
                        continue;
                    }
                }
                _ => RowState::Plain,
            };
            let open = match &below {
                // While filtering, open what leads to a match (and what is open).
                Some(b) => b[id] || (expanded.contains(self.key(id)) && state == RowState::Match),
                None => expanded.contains(self.key(id)),
            };
            let open = open && self.has_children(id);
            out.push(Row { id, state, open });
            if open {
                let from = stack.len();
                stack.extend(self.children(id));
                stack[from..].reverse();
            }
        }
        out
    }

    /// `b[i]`: some descendant of `i` matches (children follow parents).
    fn match_below(&self, matches: &[bool]) -> Vec<bool> {
        let mut below = vec![false; self.nodes.len()];
        for i in (0..self.nodes.len()).rev() {
            if matches[i] || below[i] {
                if let Some(p) = self.nodes[i].parent {
                    below[p] = true;
                }
            }
        }
        below
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowState {
    Plain,
    Match,
    /// Kept visible (greyed) because a descendant matches.
    Ancestor,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Row {
    pub id: NodeId,
    pub state: RowState,
    pub open: bool,
}
