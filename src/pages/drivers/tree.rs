//! The driver tree as a flat arena of nodes in depth-first order, with the
//! figures each node shows, and the pure operations the screen needs: which
//! rows are visible for an expansion state, a search and a status filter.
//! Tested natively; built for ≥ 10,000 nodes (every pass is O(n)).

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
    search: String,
}

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

    /// Every key with children: "expand all".
    pub fn all_keys(&self) -> HashSet<String> {
        self.nodes.iter().filter(|n| !n.children.is_empty()).map(|n| n.key.clone()).collect()
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vendors::emabler::decode_tree;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-22T10:00:00Z").map(|t| t.with_timezone(&Utc)).expect("date")
    }

    fn sample() -> Tree {
        let body = r#"{"userGroups":[
          {"isSpare":false,"id":1,"groupName":"Siège","subgroups":[
             {"isSpare":false,"id":2,"groupName":"Parking","subgroups":[],"users":[
                {"id":10,"name":"Camille Martin","externalId":"DRV-10",
                 "tags":[{"idTag":"04AB","expiringDate":"2025-01-01T00:00:00Z"},{"idTag":"04CD","expiringDate":"2030-01-01T00:00:00Z"}],
                 "chargerGroups":[{"groupName":"Bornes Martin","onlineSocket":1,"offlineSocket":0,"errorSocket":1,"chargers":[
                    {"chargerId":"EMB1","chargerName":"Borne 1","chargerStatus":"Online","evseId":"FR*A23*E00001","serialNumber":"SN1","lastSeen":"2026-11-22T09:00:00Z",
                     "sockets":[{"id":1,"status":"Available"},{"id":2,"status":"Faulted"}]}]}],
                 "chargers":[{"chargerId":"EMB2","chargerStatus":"Offline","lastSeen":"0001-01-01T00:00:00Z","sockets":[{"id":1,"status":"Offline"}]}]}]}],
           "users":[]},
          {"isSpare":true,"id":9,"groupName":"SpareGroup","subgroups":[],"users":[{"id":11,"name":"Hugo Petit","externalId":"DRV-11"}]}],
          "spareUsers":[{"id":12,"name":"Léa Roux","externalId":"DRV-12"}]}"#;
        Tree::build(decode_tree(body).expect("decodes").value)
    }

    #[test]
    fn figures_aggregate_up_the_tree() {
        let t = sample();
        let site = &t.nodes[t.roots[0]];
        assert_eq!(site.label, "Siège");
        assert_eq!(site.figures.drivers, 1);
        assert_eq!(site.figures.chargers, 2);
        // Charger group counts come from the vendor; the own charger from its socket.
        assert_eq!(site.figures.sockets, SocketCounts { online: 1, offline: 1, error: 1 });
        let without = &t.nodes[t.roots[1]];
        assert_eq!(t.display_label(t.roots[1], Locale::en), "Drivers without a site");
        assert_eq!(t.display_label(t.roots[1], Locale::fr), "Conducteurs sans site");
        let socket = t.nodes.iter().position(|n| matches!(n.data, NodeData::Socket { .. })).expect("a socket");
        assert_eq!(t.display_label(socket, Locale::fr), "Prise 1");
        assert_eq!(without.figures.drivers, 2);
    }

    #[test]
    fn collapsed_tree_shows_roots_and_expansion_reveals_children() {
        let t = sample();
        let rows = t.visible(&HashSet::new(), None);
        assert_eq!(rows.len(), 2);
        let mut open = HashSet::from(["site:1".to_string()]);
        assert_eq!(t.visible(&open, None).len(), 3);
        open = t.all_keys();
        assert_eq!(t.visible(&open, None).len(), t.len());
    }

    #[test]
    fn search_by_id_tag_keeps_ancestors_greyed() {
        let t = sample();
        let m = t.matches("04cd", None, now()).expect("filtering");
        let rows = t.visible(&HashSet::new(), Some(&m));
        let labels: Vec<_> = rows.iter().map(|r| (t.nodes[r.id].label.as_str(), r.state)).collect();
        assert_eq!(
            labels,
            [
                ("Siège", RowState::Ancestor),
                ("Parking", RowState::Ancestor),
                ("Camille Martin", RowState::Ancestor),
                ("04CD", RowState::Match)
            ]
        );
    }

    #[test]
    fn search_covers_external_id_charger_id_evse_and_serial() {
        let t = sample();
        for q in ["drv-11", "emb2", "fr*a23*e00001", "sn1", "léa"] {
            let m = t.matches(q, None, now()).expect("filtering");
            assert!(m.iter().any(|x| *x), "{q} found nothing");
        }
    }

    #[test]
    fn chips_count_and_filter() {
        let t = sample();
        assert_eq!(t.chip_count(Chip::ChargersWithErrors, now()), 1);
        assert_eq!(t.chip_count(Chip::OfflineChargers, now()), 1);
        assert_eq!(t.chip_count(Chip::ExpiredTags, now()), 1);
        assert_eq!(t.chip_count(Chip::NeverSeen, now()), 1);
        let m = t.matches("", Some(Chip::ExpiredTags), now()).expect("filtering");
        let rows = t.visible(&HashSet::new(), Some(&m));
        assert_eq!(rows.last().map(|r| t.nodes[r.id].label.as_str()), Some("04AB"));
    }

    #[test]
    fn drivers_are_found_by_external_id_with_their_ancestors() {
        let t = sample();
        let id = t.find_driver("DRV-10").expect("found");
        let labels: Vec<_> = t.ancestors(id).iter().map(|a| t.nodes[*a].label.clone()).collect();
        assert_eq!(labels, ["Parking", "Siège"]);
        assert!(t.find_driver("nope").is_none());
    }

    #[test]
    fn socket_states() {
        assert_eq!(socket_state(Some("Charging")).online, 1);
        assert_eq!(socket_state(Some("Faulted")).error, 1);
        assert_eq!(socket_state(Some("Unavailable")).offline, 1);
        assert_eq!(socket_state(None).offline, 1);
    }
}
