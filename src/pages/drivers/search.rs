//! What the tree's search looks in: every node's lower-cased names and ids
//! in one buffer, built once, after the first paint. Pure.

use super::node::{Node, NodeData};

/// Every node's lower-cased names and ids, end to end in one buffer, each
/// part followed by U+001F (a query cannot match across two nodes).
pub struct SearchText {
    pub text: String,
    /// `ends[id]`: where node `id`'s text ends.
    pub ends: Vec<u32>,
}

impl SearchText {
    pub fn of(nodes: &[Node]) -> SearchText {
        let mut text = String::with_capacity(nodes.len() * 24);
        let mut ends = Vec::with_capacity(nodes.len());
        for n in nodes {
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
