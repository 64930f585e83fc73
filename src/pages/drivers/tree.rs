//! The driver tree as a flat arena of nodes in depth-first order, with the
//! figures each node shows (`build.rs` makes it in one pass; `filter.rs`
//! adds which rows are visible for an expansion state, a search and a
//! status filter). Pure, tested natively; built for ≥ 10,000 nodes (every
//! pass is O(n)). `Send + Sync`, so that a reading can be held in the
//! page's model and its `Memo`s.

use std::{borrow::Cow, collections::HashSet, sync::OnceLock};

use chrono::{DateTime, Utc};

use super::build::{arena, key_range, Arena};
use super::chips::{Chip, CHIPS};
use super::node::{Node, NodeData, NodeId};
use super::search::SearchText;
use crate::domain::charging::DriverTree;
use crate::i18n::{td_string, Locale};

pub struct Tree {
    pub nodes: Vec<Node>,
    pub roots: Vec<NodeId>,
    /// When the tree was built: tags are expired or not as of then.
    pub now: DateTime<Utc>,
    /// Every node's key, end to end in one buffer (`key_ends[id]` is where
    /// node `id`'s key ends): one allocation for the tree, not one per node.
    keys: String,
    key_ends: Vec<u32>,
    /// How many nodes each status chip selects (in [`CHIPS`] order), counted
    /// while the arena is built.
    chip_counts: [usize; CHIPS.len()],
    /// Sites, drivers and chargers in the whole tree.
    pub counts: (usize, usize, usize),
    /// What the search looks in, built on the first search: the first
    /// screen does not need it.
    pub(super) search: OnceLock<SearchText>,
}

impl Tree {
    /// The arena of `tree`, with tags judged expired or not as of `now`.
    pub fn build(tree: DriverTree, now: DateTime<Utc>) -> Tree {
        Tree::of(arena(tree, now))
    }

    /// The tree of an arena built (in slices, `ArenaBuild`).
    pub fn of(a: Arena) -> Tree {
        let now = a.now;
        Tree {
            nodes: a.nodes,
            roots: a.roots,
            now,
            keys: a.keys,
            key_ends: a.key_ends,
            chip_counts: a.chip_counts,
            counts: a.counts,
            search: OnceLock::new(),
        }
    }

    /// A tree with no node: what the page shows while the tree loads.
    pub fn empty() -> Tree {
        Tree::build(DriverTree::default(), DateTime::<Utc>::UNIX_EPOCH)
    }

    /// A node's key: stable across reloads (the saved expansion state, deep
    /// links).
    pub fn key(&self, id: NodeId) -> &str {
        &self.keys[key_range(&self.key_ends, id)]
    }

    /// The vendor's name for a node (empty when it has none).
    pub fn label(&self, id: NodeId) -> Cow<'_, str> {
        match &self.nodes[id].data {
            NodeData::WithoutSite => Cow::Borrowed(""),
            NodeData::Site(s) => Cow::Borrowed(&s.name),
            NodeData::Driver(d) => Cow::Borrowed(&d.name),
            NodeData::Tag(t) => match &t.name {
                Some(n) if !n.is_empty() => Cow::Owned(format!("{} ({n})", t.id_tag)),
                _ => Cow::Borrowed(&t.id_tag),
            },
            NodeData::ChargerGroup(g) => Cow::Borrowed(&g.name),
            NodeData::Charger(c) => Cow::Borrowed(c.name.as_deref().filter(|n| !n.is_empty()).unwrap_or(&c.charger_id)),
            NodeData::Socket { socket, .. } => Cow::Borrowed(socket.name.as_deref().unwrap_or("")),
        }
    }

    pub fn children(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        let end = self.nodes[id].end;
        std::iter::successors(Some(id + 1).filter(|c| *c < end), move |c| Some(self.nodes[*c].end).filter(|n| *n < end))
    }

    pub fn has_children(&self, id: NodeId) -> bool {
        self.nodes[id].end > id + 1
    }

    /// How many nodes a status chip selects.
    pub fn chip_count(&self, chip: Chip) -> usize {
        CHIPS.iter().position(|c| *c == chip).map(|i| self.chip_counts[i]).unwrap_or(0)
    }

    /// What a row reads: the vendor's name, or for an unnamed node its kind
    /// and id in the user's language (so `label` stays vendor text only).
    pub fn display_label(&self, id: NodeId, locale: Locale) -> String {
        let label = self.label(id);
        if !label.is_empty() {
            return label.into_owned();
        }
        match &self.nodes[id].data {
            NodeData::WithoutSite => td_string!(locale, drivers.without_site).to_string(),
            NodeData::Site(s) => td_string!(locale, drivers.unnamed_site, id = s.id).to_string(),
            NodeData::Driver(d) => td_string!(locale, drivers.unnamed_driver, id = d.id).to_string(),
            NodeData::ChargerGroup(_) => td_string!(locale, drivers.kind_charger_group).to_string(),
            NodeData::Socket { socket, .. } => {
                td_string!(locale, drivers.unnamed_socket, id = socket.id.unwrap_or_default()).to_string()
            }
            NodeData::Charger(_) | NodeData::Tag(_) => String::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    pub fn find_driver(&self, external_id: &str) -> Option<NodeId> {
        self.nodes
            .iter()
            .position(|n| matches!(&n.data, NodeData::Driver(d) if d.external_id.as_deref() == Some(external_id)))
    }

    /// The node with this key (a row found again in a newer reading).
    pub fn find_key(&self, key: &str) -> Option<NodeId> {
        (0..self.nodes.len()).find(|&id| self.key(id) == key)
    }

    /// Node `id` of an older reading, `before`, in this one: at the same
    /// place in most refreshes, else found by its key.
    pub fn find_again(&self, before: &Tree, id: NodeId) -> Option<NodeId> {
        let key = before.nodes.get(id).map(|_| before.key(id))?;
        if id < self.len() && self.key(id) == key {
            Some(id)
        } else {
            self.find_key(key)
        }
    }

    pub fn ancestors(&self, id: NodeId) -> Vec<NodeId> {
        let mut out = Vec::new();
        let mut cur = self.nodes.get(id).and_then(|n| n.parent);
        while let Some(p) = cur {
            out.push(p);
            cur = self.nodes[p].parent;
        }
        out
    }

    /// Every key with children: "expand all".
    pub fn all_keys(&self) -> HashSet<String> {
        (0..self.nodes.len()).filter(|&id| self.has_children(id)).map(|id| self.key(id).to_string()).collect()
    }
}

#[cfg(test)]
mod tests;
