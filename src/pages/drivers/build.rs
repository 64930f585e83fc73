//! Building the arena: the vendor's nested tree flattened in one
//! depth-first pass, with no allocation per node: figures aggregated on the
//! way back up, every key written into one shared buffer, the chip and
//! site/driver/charger counts made as nodes close. The pass can stop after
//! any driver and go on later ([`ArenaBuild`]). Pure; `Tree::build` and
//! `Tree::of` wrap it.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::chips::{chip_selects, CHIPS};
use super::node::{socket_state, Figures, Node, NodeData, NodeId, SocketCounts};
use crate::domain::charging::{Charger, ChargerGroup, Driver, DriverTree, Site};

/// What one pass over the vendor's tree gives.
pub struct Arena {
    pub nodes: Vec<Node>,
    pub roots: Vec<NodeId>,
    /// Every node's key, end to end (`key_ends[id]` is where node `id`'s
    /// key ends).
    pub keys: String,
    pub key_ends: Vec<u32>,
    /// How many nodes each status chip selects, in [`CHIPS`] order.
    pub chip_counts: [usize; CHIPS.len()],
    /// Sites, drivers and chargers.
    pub counts: (usize, usize, usize),
    /// As of when tags were judged expired or not.
    pub now: DateTime<Utc>,
}

/// The arena of `tree`, with tags judged expired or not as of `now`.
pub fn arena(tree: DriverTree, now: DateTime<Utc>) -> Arena {
    ArenaBuild::new(tree, now).finish()
}

/// What is left to do of the pass, as a stack: a site opens (its subsites,
/// then its drivers, then its closing are pushed), a driver is added with
/// all below it, a node closes.
enum Work {
    Site(Site),
    WithoutSite(Vec<Driver>),
    Driver(Driver),
    Close,
}

/// The pass, resumable after any site or driver: a tree of 10,000 drivers
/// is built a few milliseconds at a time (`crate::slices`), the page's
/// event loop running in between. A driver, with its tags and chargers, is
/// the unit: a site may hold thousands.
pub struct ArenaBuild {
    b: Builder,
    roots: Vec<NodeId>,
    /// The next step last.
    work: Vec<Work>,
    /// The nodes open (sites, the drivers without a site), innermost last,
    /// each with the figures of what was added below it so far.
    open: Vec<(NodeId, Figures)>,
}

impl ArenaBuild {
    pub fn new(tree: DriverTree, now: DateTime<Utc>) -> ArenaBuild {
        let n = node_count(&tree);
        let b = Builder {
            nodes: Vec::with_capacity(n),
            keys: String::with_capacity(n * 24),
            key_ends: Vec::with_capacity(n),
            chip_counts: [0; CHIPS.len()],
            counts: (0, 0, 0),
            now,
        };
        let mut work = Vec::new();
        if !tree.drivers_without_site.is_empty() {
            work.push(Work::WithoutSite(tree.drivers_without_site));
        }
        work.extend(tree.sites.into_iter().rev().map(Work::Site));
        ArenaBuild { b, roots: Vec::new(), work, open: Vec::new() }
    }

    /// Builds on, step by step, while `time_left()` says so; `true` once
    /// the arena is complete.
    pub fn advance(&mut self, time_left: &mut dyn FnMut() -> bool) -> bool {
        while let Some(work) = self.work.pop() {
            self.step(work);
            if !time_left() {
                break;
            }
        }
        self.work.is_empty()
    }

    /// The arena, building what is left at once.
    pub fn finish(mut self) -> Arena {
        self.advance(&mut || true);
        let Builder { nodes, keys, key_ends, chip_counts, counts, now } = self.b;
        Arena { nodes, roots: self.roots, keys, key_ends, chip_counts, counts, now }
    }

    fn step(&mut self, work: Work) {
        match work {
            Work::Site(mut site) => {
                let subsites = std::mem::take(&mut site.subsites);
                let drivers = std::mem::take(&mut site.drivers);
                self.b.counts.0 += 1;
                self.b.keys.push_str("site:");
                push_int(&mut self.b.keys, site.id);
                self.open(NodeData::Site(Box::new(site)));
                self.work.extend(drivers.into_iter().rev().map(Work::Driver));
                self.work.extend(subsites.into_iter().rev().map(Work::Site));
            }
            Work::WithoutSite(drivers) => {
                self.b.keys.push_str("without-site");
                self.open(NodeData::WithoutSite);
                self.work.extend(drivers.into_iter().rev().map(Work::Driver));
            }
            Work::Driver(d) => {
                if let Some(&(parent, _)) = self.open.last() {
                    let f = self.b.driver(parent, d);
                    self.add_below(f);
                }
            }
            Work::Close => {
                if let Some((id, f)) = self.open.pop() {
                    self.b.close(id, f);
                    self.add_below(f);
                }
            }
        }
    }

    /// Adds a node whose key was just written, below the innermost open
    /// one (or as a root), opens it and schedules its closing.
    fn open(&mut self, data: NodeData) {
        let parent = self.open.last().map(|(id, _)| *id);
        let id = self.b.push(parent, data);
        if parent.is_none() {
            self.roots.push(id);
        }
        self.open.push((id, Figures::default()));
        self.work.push(Work::Close);
    }

    fn add_below(&mut self, figures: Figures) {
        if let Some((_, f)) = self.open.last_mut() {
            *f += figures;
        }
    }
}

/// Where node `id`'s key lies in the key buffer.
pub fn key_range(key_ends: &[u32], id: NodeId) -> std::ops::Range<usize> {
    let from = if id == 0 { 0 } else { key_ends[id - 1] as usize };
    from..key_ends[id] as usize
}

/// Appends an integer in decimal: `write!` goes through the formatting
/// machinery, measurable when every node's key is written.
fn push_int(buf: &mut String, n: i64) {
    buf.push_str(itoa::Buffer::new().format(n));
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
        let (charger_id, split) = (Arc::<str>::from(c.charger_id.as_str()), c.split_evse_by_socket.unwrap_or(false));
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
