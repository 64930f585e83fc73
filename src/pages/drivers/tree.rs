//! The driver tree as a flat arena of nodes in depth-first order, with the
//! figures each node shows (`filter.rs` adds which rows are visible for an
//! expansion state, a search and a status filter). Pure, tested natively;
//! built for ≥ 10,000 nodes (every pass is O(n)).

use std::{borrow::Cow, cell::OnceCell, collections::HashSet, rc::Rc};

use chrono::{DateTime, Utc};

use super::filter::{chip_selects, Chip, CHIPS};
use crate::domain::charging::{Charger, ChargerGroup, Driver, DriverTree, Site, Socket, Tag};
use crate::domain::common::Timestamp;
use crate::i18n::{td_string, Locale};

pub type NodeId = usize;

/// What a node is. The vendor's records are boxed: the arena stays small
/// (a charger record alone is ~800 bytes), so every pass over it (visible
/// rows, filters) reads a few cache lines per node, not a dozen.
#[derive(Clone, Debug, PartialEq)]
pub enum NodeData {
    WithoutSite,
    Site(Box<Site>),
    Driver(Box<Driver>),
    Tag(Box<Tag>),
    ChargerGroup(Box<ChargerGroup>),
    Charger(Box<Charger>),
    Socket { socket: Box<Socket>, charger_id: Rc<str>, split_evse: bool },
}

/// Sockets by state, as aggregated below a node.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SocketCounts {
    pub online: u32,
    pub offline: u32,
    pub error: u32,
}

impl std::ops::AddAssign for Figures {
    fn add_assign(&mut self, o: Self) {
        self.drivers += o.drivers;
        self.chargers += o.chargers;
        self.sockets += o.sockets;
    }
}

impl std::ops::AddAssign for SocketCounts {
    fn add_assign(&mut self, o: Self) {
        self.online += o.online;
        self.offline += o.offline;
        self.error += o.error;
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Figures {
    pub drivers: u32,
    pub chargers: u32,
    pub sockets: SocketCounts,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub parent: Option<NodeId>,
    pub depth: u16,
    /// One past this node's last descendant: the arena is in depth-first
    /// order, so the subtree is `id..end` and the children are found by
    /// jumping from one child's `end` to the next, with no list per node.
    pub end: NodeId,
    pub figures: Figures,
    pub data: NodeData,
}

/// A socket status as one of online / offline / error.
pub fn socket_state(status: Option<&str>) -> SocketCounts {
    let s = status.unwrap_or("");
    if contains_ignore_ascii_case(s, "fault") || contains_ignore_ascii_case(s, "error") {
        SocketCounts { error: 1, ..Default::default() }
    } else if s.is_empty() || contains_ignore_ascii_case(s, "offline") || contains_ignore_ascii_case(s, "unavailable") {
        SocketCounts { offline: 1, ..Default::default() }
    } else {
        SocketCounts { online: 1, ..Default::default() }
    }
}

/// `haystack.to_ascii_lowercase().contains(needle)` for a lower-case ASCII
/// `needle`, without the copy: the arena asks it for every socket.
fn contains_ignore_ascii_case(haystack: &str, needle: &str) -> bool {
    haystack.as_bytes().windows(needle.len()).any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// Appends an integer in decimal: `write!` goes through the formatting
/// machinery, measurable when every node's key is written.
fn push_int(buf: &mut String, n: i64) {
    buf.push_str(itoa::Buffer::new().format(n));
}

pub fn charger_offline(c: &Charger) -> bool {
    c.status.as_deref().is_some_and(|s| s.eq_ignore_ascii_case("offline")) || c.active_connection == Some(false)
}

pub fn tag_expired(t: &Tag, now: DateTime<Utc>) -> bool {
    matches!(t.expires, Some(Timestamp::At(e)) if e < now)
}

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
    pub(super) search: OnceCell<SearchText>,
}

/// Every node's lower-cased names and ids, end to end in one buffer, each
/// part followed by U+001F (a query cannot match across two nodes).
pub(super) struct SearchText {
    pub text: String,
    /// `ends[id]`: where node `id`'s text ends.
    pub ends: Vec<u32>,
}

impl SearchText {
    pub(super) fn of(tree: &Tree) -> SearchText {
        let mut text = String::with_capacity(tree.nodes.len() * 24);
        let mut ends = Vec::with_capacity(tree.nodes.len());
        for n in &tree.nodes {
            let parts: [Option<&str>; 4] = match &n.data {
                NodeData::Site(s) => [Some(&s.name), s.external_id.as_deref(), None, None],
                NodeData::Driver(d) => [Some(&d.name), d.external_id.as_deref(), None, None],
                NodeData::Tag(t) => [Some(&t.id_tag), t.name.as_deref(), None, None],
                NodeData::ChargerGroup(g) => [Some(&g.name), g.external_id.as_deref(), None, None],
                NodeData::Charger(c) => {
                    [c.name.as_deref(), Some(&c.charger_id), c.evse_id.as_deref(), c.serial_number.as_deref()]
                }
                NodeData::WithoutSite | NodeData::Socket { .. } => [None; 4],
            };
            for part in parts.into_iter().flatten() {
                push_lowercase(&mut text, part);
                text.push(SEPARATOR);
            }
            ends.push(text.len() as u32);
        }
        SearchText { text, ends }
    }
}

const SEPARATOR: char = '\u{1f}';

/// Appends `s` lower-cased as `str::to_lowercase` does, without an
/// allocation in the common (ASCII) case.
fn push_lowercase(buf: &mut String, s: &str) {
    if s.is_ascii() {
        let start = buf.len();
        buf.push_str(s);
        buf[start..].make_ascii_lowercase();
    } else {
        buf.push_str(&s.to_lowercase());
    }
}

struct Builder {
    nodes: Vec<Node>,
    keys: String,
    key_ends: Vec<u32>,
    chip_counts: [usize; CHIPS.len()],
    /// Sites, drivers, chargers.
    counts: (usize, usize, usize),
    now: DateTime<Utc>,
}

impl Builder {
    /// Adds a node whose key the caller has just written to `self.keys`.
    fn push(&mut self, parent: Option<NodeId>, data: NodeData) -> NodeId {
        let depth = parent.map(|p| self.nodes[p].depth + 1).unwrap_or(0);
        let id = self.nodes.len();
        self.key_ends.push(self.keys.len() as u32);
        self.nodes.push(Node { parent, depth, end: id + 1, figures: Figures::default(), data });
        id
    }

    /// Closes a node's subtree once its descendants are pushed, with its
    /// figures, and counts it for the status chips that select it.
    fn close(&mut self, id: NodeId, figures: Figures) {
        let end = self.nodes.len();
        let n = &mut self.nodes[id];
        n.end = end;
        n.figures = figures;
        for (count, chip) in self.chip_counts.iter_mut().zip(CHIPS) {
            *count += chip_selects(&n.data, &n.figures, chip, self.now) as usize;
        }
    }

    /// Writes `prefix`, then the key of node `of`, into the key buffer.
    fn key_below(&mut self, prefix: &str, of: NodeId) {
        self.keys.push_str(prefix);
        self.keys.extend_from_within(key_range(&self.key_ends, of));
    }

    fn site(&mut self, parent: Option<NodeId>, mut site: Site) -> Figures {
        let subsites = std::mem::take(&mut site.subsites);
        let drivers = std::mem::take(&mut site.drivers);
        self.counts.0 += 1;
        self.keys.push_str("site:");
        push_int(&mut self.keys, site.id);
        let id = self.push(parent, NodeData::Site(Box::new(site)));
        let mut total = Figures::default();
        for s in subsites {
            total += self.site(Some(id), s);
        }
        for d in drivers {
            total += self.driver(id, d);
        }
        self.close(id, total);
        total
    }

    fn driver(&mut self, parent: NodeId, mut d: Driver) -> Figures {
        let tags = std::mem::take(&mut d.tags);
        let groups = std::mem::take(&mut d.charger_groups);
        let chargers = std::mem::take(&mut d.chargers);
        self.counts.1 += 1;
        self.keys.push_str("driver:");
        push_int(&mut self.keys, d.id);
        let id = self.push(Some(parent), NodeData::Driver(Box::new(d)));
        for t in tags {
            self.key_below("tag:", id);
            self.keys.push(':');
            self.keys.push_str(&t.id_tag);
            let tag = self.push(Some(id), NodeData::Tag(Box::new(t)));
            self.close(tag, Figures::default());
        }
        let mut f = Figures { drivers: 1, ..Figures::default() };
        for g in groups {
            f += self.charger_group(id, g);
        }
        for c in chargers {
            f += self.charger(id, c);
        }
        self.close(id, f);
        f
    }

    /// The key names the node the group hangs under: a group's id alone may
    /// repeat across drivers.
    fn charger_group(&mut self, parent: NodeId, mut g: ChargerGroup) -> Figures {
        let subgroups = std::mem::take(&mut g.subgroups);
        let chargers = std::mem::take(&mut g.chargers);
        let reported = (g.online_sockets, g.offline_sockets, g.error_sockets);
        self.key_below("chargergroup:", parent);
        self.keys.push(':');
        if let Some(i) = g.id {
            push_int(&mut self.keys, i);
        }
        let id = self.push(Some(parent), NodeData::ChargerGroup(Box::new(g)));
        let mut f = Figures::default();
        for s in subgroups {
            f += self.charger_group(id, s);
        }
        for c in chargers {
            f += self.charger(id, c);
        }
        // The vendor's own counts win when it sends them.
        if let (Some(on), Some(off), Some(err)) = reported {
            f.sockets = SocketCounts { online: on.max(0) as u32, offline: off.max(0) as u32, error: err.max(0) as u32 };
        }
        self.close(id, f);
        f
    }

    fn charger(&mut self, parent: NodeId, mut c: Charger) -> Figures {
        let sockets = std::mem::take(&mut c.sockets);
        let (charger_id, split) = (Rc::<str>::from(c.charger_id.as_str()), c.split_evse_by_socket.unwrap_or(false));
        self.counts.2 += 1;
        self.keys.push_str("charger:");
        self.keys.push_str(&charger_id);
        let id = self.push(Some(parent), NodeData::Charger(Box::new(c)));
        let mut counts = SocketCounts::default();
        for s in sockets {
            counts += socket_state(s.status.as_deref());
            self.keys.push_str("socket:");
            self.keys.push_str(&charger_id);
            self.keys.push(':');
            push_int(&mut self.keys, s.id.unwrap_or_default());
            let socket = self.push(
                Some(id),
                NodeData::Socket { socket: Box::new(s), charger_id: charger_id.clone(), split_evse: split },
            );
            self.close(socket, Figures::default());
        }
        let f = Figures { drivers: 0, chargers: 1, sockets: counts };
        self.close(id, f);
        f
    }
}

/// Where node `id`'s key lies in the key buffer.
fn key_range(key_ends: &[u32], id: NodeId) -> std::ops::Range<usize> {
    let from = if id == 0 { 0 } else { key_ends[id - 1] as usize };
    from..key_ends[id] as usize
}

/// How many nodes a tree will have, to allocate the arena once.
fn node_count(tree: &DriverTree) -> usize {
    fn driver(d: &Driver) -> usize {
        1 + d.tags.len()
            + d.charger_groups.iter().map(group).sum::<usize>()
            + d.chargers.iter().map(charger).sum::<usize>()
    }
    fn group(g: &ChargerGroup) -> usize {
        1 + g.subgroups.iter().map(group).sum::<usize>() + g.chargers.iter().map(charger).sum::<usize>()
    }
    fn charger(c: &Charger) -> usize {
        1 + c.sockets.len()
    }
    fn site(s: &Site) -> usize {
        1 + s.subsites.iter().map(site).sum::<usize>() + s.drivers.iter().map(driver).sum::<usize>()
    }
    tree.sites.iter().map(site).sum::<usize>()
        + (!tree.drivers_without_site.is_empty()) as usize
        + tree.drivers_without_site.iter().map(driver).sum::<usize>()
}

impl Tree {
    /// The arena of `tree`, with tags judged expired or not as of `now`.
    pub fn build(tree: DriverTree, now: DateTime<Utc>) -> Tree {
        let n = node_count(&tree);
        let mut b = Builder {
            nodes: Vec::with_capacity(n),
            keys: String::with_capacity(n * 24),
            key_ends: Vec::with_capacity(n),
            chip_counts: [0; CHIPS.len()],
            counts: (0, 0, 0),
            now,
        };
        let mut roots = Vec::new();
        for site in tree.sites {
            roots.push(b.nodes.len());
            b.site(None, site);
        }
        if !tree.drivers_without_site.is_empty() {
            b.keys.push_str("without-site");
            let id = b.push(None, NodeData::WithoutSite);
            roots.push(id);
            let mut f = Figures::default();
            for d in tree.drivers_without_site {
                f += b.driver(id, d);
            }
            b.close(id, f);
        }
        Tree {
            nodes: b.nodes,
            roots,
            now,
            keys: b.keys,
            key_ends: b.key_ends,
            chip_counts: b.chip_counts,
            counts: b.counts,
            search: OnceCell::new(),
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
