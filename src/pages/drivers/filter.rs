//! Which rows of the arena are on screen: the status chips, the search, and
//! the visible rows for an expansion state. Pure, O(n) per pass, tested with
//! the arena (`tree/tests.rs`).

use std::collections::HashSet;

use chrono::{DateTime, Utc};

use super::tree::{charger_offline, tag_expired, Figures, NodeData, NodeId, SearchText, Tree};
use crate::domain::common::Timestamp;
use crate::i18n::{td_string, Locale};

/// What a status chip selects.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Chip {
    ChargersWithErrors,
    OfflineChargers,
    ExpiredTags,
    NeverSeen,
}

pub const CHIPS: [Chip; 4] = [Chip::ChargersWithErrors, Chip::OfflineChargers, Chip::ExpiredTags, Chip::NeverSeen];

impl Chip {
    pub fn label(self, locale: Locale) -> &'static str {
        match self {
            Chip::ChargersWithErrors => td_string!(locale, drivers.chip_errors),
            Chip::OfflineChargers => td_string!(locale, drivers.chip_offline),
            Chip::ExpiredTags => td_string!(locale, drivers.chip_expired),
            Chip::NeverSeen => td_string!(locale, drivers.chip_never),
        }
    }
}

/// Whether a status chip selects a node (its record and figures), as of
/// `now`: the one rule for the chip counts (made while building the arena)
/// and the chip filter.
pub fn chip_selects(data: &NodeData, figures: &Figures, chip: Chip, now: DateTime<Utc>) -> bool {
    match (data, chip) {
        (NodeData::Charger(_), Chip::ChargersWithErrors) => figures.sockets.error > 0,
        (NodeData::Charger(c), Chip::OfflineChargers) => charger_offline(c),
        (NodeData::Charger(c), Chip::NeverSeen) => c.last_seen == Some(Timestamp::Never),
        (NodeData::Tag(t), Chip::ExpiredTags) => tag_expired(t, now),
        _ => false,
    }
}

impl Tree {
    /// Does the node itself match a status chip?
    pub fn chip_matches(&self, id: NodeId, chip: Chip) -> bool {
        let n = &self.nodes[id];
        chip_selects(&n.data, &n.figures, chip, self.now)
    }

    /// Builds what the search looks in, if not done yet. Called once the
    /// first screen is painted, so that neither the first screen nor the
    /// first keystroke waits for it.
    pub fn prepare_search(&self) {
        self.search_text();
    }

    fn search_text(&self) -> &SearchText {
        self.search.get_or_init(|| SearchText::of(self))
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
