//! The driver tree as a flat arena of nodes in depth-first order, with the
//! figures each node shows (`filter.rs` adds which rows are visible for an
//! expansion state, a search and a status filter). Pure, tested natively;
//! built for ≥ 10,000 nodes (every pass is O(n)).

use std::collections::HashSet;

use chrono::{DateTime, Utc};

use crate::domain::charging::{Charger, ChargerGroup, Driver, DriverTree, Site, Socket, Tag};
use crate::domain::common::Timestamp;
use crate::i18n::{td_string, Locale};

pub type NodeId = usize;

// Each node is stored once, in the arena: boxing the large variants would
// add an allocation per node for no saving.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum NodeData {
    WithoutSite,
    Site(Site),
    Driver(Driver),
    Tag(Tag),
    ChargerGroup(ChargerGroup),
    Charger(Charger),
    Socket { socket: Socket, charger_id: String, split_evse: bool },
}

/// Sockets by state, as aggregated below a node.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SocketCounts {
    pub online: u32,
    pub offline: u32,
    pub error: u32,
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
    /// Stable across reloads (for the saved expansion state and deep links).
    pub key: String,
    pub label: String,
    pub children: Vec<NodeId>,
    pub figures: Figures,
    pub data: NodeData,
    /// Lower-cased names and ids the search looks in.
    pub(super) search: String,
}

/// A socket status as one of online / offline / error.
pub fn socket_state(status: Option<&str>) -> SocketCounts {
    let s = status.unwrap_or("").to_ascii_lowercase();
    if s.contains("fault") || s.contains("error") {
        SocketCounts { error: 1, ..Default::default() }
    } else if s.contains("offline") || s.contains("unavailable") || s.is_empty() {
        SocketCounts { offline: 1, ..Default::default() }
    } else {
        SocketCounts { online: 1, ..Default::default() }
    }
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
}

struct Builder {
    nodes: Vec<Node>,
}

fn text(parts: &[Option<&str>]) -> String {
    parts.iter().flatten().map(|s| s.to_lowercase()).collect::<Vec<_>>().join("\u{1f}")
}

impl Builder {
    fn push(&mut self, parent: Option<NodeId>, key: String, label: String, search: String, data: NodeData) -> NodeId {
        let depth = parent.map(|p| self.nodes[p].depth + 1).unwrap_or(0);
        let id = self.nodes.len();
        self.nodes.push(Node {
            parent,
            depth,
            key,
            label,
            children: Vec::new(),
            figures: Figures::default(),
            data,
            search,
        });
        if let Some(p) = parent {
            self.nodes[p].children.push(id);
        }
        id
    }

    fn add_figures(&mut self, id: NodeId, f: Figures) {
        let n = &mut self.nodes[id].figures;
        n.drivers += f.drivers;
        n.chargers += f.chargers;
        n.sockets += f.sockets;
    }

    fn site(&mut self, parent: Option<NodeId>, mut site: Site) -> Figures {
        let subsites = std::mem::take(&mut site.subsites);
        let drivers = std::mem::take(&mut site.drivers);
        let search = text(&[Some(&site.name), site.external_id.as_deref()]);
        let label = site.name.clone();
        let id = self.push(parent, format!("site:{}", site.id), label, search, NodeData::Site(site));
        let mut total = Figures::default();
        for s in subsites {
            let f = self.site(Some(id), s);
            self.add_figures(id, f);
            total.drivers += f.drivers;
            total.chargers += f.chargers;
            total.sockets += f.sockets;
        }
        for d in drivers {
            let f = self.driver(id, d);
            self.add_figures(id, f);
            total.drivers += f.drivers;
            total.chargers += f.chargers;
            total.sockets += f.sockets;
        }
        total
    }

    fn driver(&mut self, parent: NodeId, mut d: Driver) -> Figures {
        let tags = std::mem::take(&mut d.tags);
        let groups = std::mem::take(&mut d.charger_groups);
        let chargers = std::mem::take(&mut d.chargers);
        let search = text(&[Some(&d.name), d.external_id.as_deref()]);
        let label = d.name.clone();
        let key = format!("driver:{}", d.id);
        let id = self.push(Some(parent), key.clone(), label, search, NodeData::Driver(d));
        for t in tags {
            let search = text(&[Some(&t.id_tag), t.name.as_deref()]);
            let label = match &t.name {
                Some(n) if !n.is_empty() => format!("{} ({n})", t.id_tag),
                _ => t.id_tag.clone(),
            };
            self.push(Some(id), format!("tag:{key}:{}", t.id_tag), label, search, NodeData::Tag(t));
        }
        let mut f = Figures { drivers: 1, ..Figures::default() };
        for g in groups {
            let gf = self.charger_group(id, &key, g);
            f.chargers += gf.chargers;
            f.sockets += gf.sockets;
        }
        for c in chargers {
            let cf = self.charger(id, c);
            f.chargers += cf.chargers;
            f.sockets += cf.sockets;
        }
        let own = self.nodes[id].figures;
        self.nodes[id].figures = Figures { drivers: own.drivers, ..f };
        Figures { drivers: 1, ..f }
    }

    /// `owner` is the key of the driver the group hangs under: a group's id
    /// alone may repeat across drivers.
    fn charger_group(&mut self, parent: NodeId, owner: &str, mut g: ChargerGroup) -> Figures {
        let subgroups = std::mem::take(&mut g.subgroups);
        let chargers = std::mem::take(&mut g.chargers);
        let reported = (g.online_sockets, g.offline_sockets, g.error_sockets);
        let search = text(&[Some(&g.name), g.external_id.as_deref()]);
        let label = g.name.clone();
        let key = format!("chargergroup:{owner}:{}", g.id.map(|i| i.to_string()).unwrap_or_default());
        let id = self.push(Some(parent), key.clone(), label, search, NodeData::ChargerGroup(g));
        let mut f = Figures::default();
        for s in subgroups {
            let sf = self.charger_group(id, &key, s);
            f.chargers += sf.chargers;
            f.sockets += sf.sockets;
        }
        for c in chargers {
            let cf = self.charger(id, c);
            f.chargers += cf.chargers;
            f.sockets += cf.sockets;
        }
        // The vendor's own counts win when it sends them.
        if let (Some(on), Some(off), Some(err)) = reported {
            f.sockets = SocketCounts { online: on.max(0) as u32, offline: off.max(0) as u32, error: err.max(0) as u32 };
        }
        self.nodes[id].figures = f;
        f
    }

    fn charger(&mut self, parent: NodeId, mut c: Charger) -> Figures {
        let sockets = std::mem::take(&mut c.sockets);
        let search = text(&[c.name.as_deref(), Some(&c.charger_id), c.evse_id.as_deref(), c.serial_number.as_deref()]);
        let label = c.name.clone().filter(|n| !n.is_empty()).unwrap_or_else(|| c.charger_id.clone());
        let (charger_id, split) = (c.charger_id.clone(), c.split_evse_by_socket.unwrap_or(false));
        let id = self.push(Some(parent), format!("charger:{}", c.charger_id), label, search, NodeData::Charger(c));
        let mut counts = SocketCounts::default();
        for s in sockets {
            counts += socket_state(s.status.as_deref());
            let label = s.name.clone().unwrap_or_default();
            let key = format!("socket:{charger_id}:{}", s.id.unwrap_or_default());
            self.push(
                Some(id),
                key,
                label,
                String::new(),
                NodeData::Socket { socket: s, charger_id: charger_id.clone(), split_evse: split },
            );
        }
        let f = Figures { drivers: 0, chargers: 1, sockets: counts };
        self.nodes[id].figures = f;
        f
    }
}

impl Tree {
    pub fn build(tree: DriverTree) -> Tree {
        let mut b = Builder { nodes: Vec::new() };
        let mut roots = Vec::new();
        for site in tree.sites {
            roots.push(b.nodes.len());
            b.site(None, site);
        }
        if !tree.drivers_without_site.is_empty() {
            let id = b.push(None, "without-site".into(), String::new(), String::new(), NodeData::WithoutSite);
            roots.push(id);
            for d in tree.drivers_without_site {
                let f = b.driver(id, d);
                b.add_figures(id, f);
            }
        }
        Tree { nodes: b.nodes, roots }
    }

    /// What a row reads: the vendor's name, or for an unnamed node its kind
    /// and id in the user's language (so `label` stays vendor text only).
    pub fn display_label(&self, id: NodeId, locale: Locale) -> String {
        let n = &self.nodes[id];
        if !n.label.is_empty() {
            return n.label.clone();
        }
        match &n.data {
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
        self.nodes.iter().filter(|n| !n.children.is_empty()).map(|n| n.key.clone()).collect()
    }
}

#[cfg(test)]
mod tests;
