//! Which rows of the arena are on screen: the status chips, the search, and
//! the visible rows for an expansion state. Pure, O(n) per pass, tested with
//! the arena (`tree/tests.rs`).

use std::collections::HashSet;

use chrono::{DateTime, Utc};

use super::tree::{charger_offline, tag_expired, NodeData, NodeId, Tree};
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

impl Tree {
    /// Does the node itself match a status chip?
    pub fn chip_matches(&self, id: NodeId, chip: Chip, now: DateTime<Utc>) -> bool {
        match (&self.nodes[id].data, chip) {
            (NodeData::Charger(_), Chip::ChargersWithErrors) => self.nodes[id].figures.sockets.error > 0,
            (NodeData::Charger(c), Chip::OfflineChargers) => charger_offline(c),
            (NodeData::Charger(c), Chip::NeverSeen) => c.last_seen == Some(Timestamp::Never),
            (NodeData::Tag(t), Chip::ExpiredTags) => tag_expired(t, now),
            _ => false,
        }
    }

    pub fn chip_count(&self, chip: Chip, now: DateTime<Utc>) -> usize {
        (0..self.nodes.len()).filter(|&i| self.chip_matches(i, chip, now)).count()
    }

    /// Which nodes match the search text and the chip (both optional).
    pub fn matches(&self, query: &str, chip: Option<Chip>, now: DateTime<Utc>) -> Option<Vec<bool>> {
        let q = query.trim().to_lowercase();
        if q.is_empty() && chip.is_none() {
            return None;
        }
        Some(
            (0..self.nodes.len())
                .map(|i| {
                    (q.is_empty() || self.nodes[i].search.contains(&q))
                        && chip.is_none_or(|c| self.chip_matches(i, c, now))
                })
                .collect(),
        )
    }

    /// The rows to show, in order: children of expanded nodes; while
    /// filtering, only matches and their ancestors (expanded to reach them).
    pub fn visible(&self, expanded: &HashSet<String>, matches: Option<&[bool]>) -> Vec<Row> {
        let below = matches.map(|m| self.match_below(m));
        let mut out = Vec::new();
        let mut stack: Vec<NodeId> = self.roots.iter().rev().copied().collect();
        while let Some(id) = stack.pop() {
            let node = &self.nodes[id];
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
                Some(b) => b[id] || (expanded.contains(&node.key) && state == RowState::Match),
                None => expanded.contains(&node.key),
            };
            out.push(Row { id, state, open: open && !node.children.is_empty() });
            if open {
                stack.extend(node.children.iter().rev());
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
