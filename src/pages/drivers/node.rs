//! One node of the driver tree: what it is (the vendor's record), where it
//! sits in the arena, and the figures aggregated below it; the rules that
//! judge a socket, a charger or a tag. Pure.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::domain::charging::{Charger, ChargerGroup, Driver, Site, Socket, Tag};
use crate::domain::common::Timestamp;

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
    Socket { socket: Box<Socket>, charger_id: Arc<str>, split_evse: bool },
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

pub fn charger_offline(c: &Charger) -> bool {
    c.status.as_deref().is_some_and(|s| s.eq_ignore_ascii_case("offline")) || c.active_connection == Some(false)
}

pub fn tag_expired(t: &Tag, now: DateTime<Utc>) -> bool {
    matches!(t.expires, Some(Timestamp::At(e)) if e < now)
}
