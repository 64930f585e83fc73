//! What the tree's search looks in: every node's lower-cased names and ids
//! in one buffer, built once, a slice at a time after the first paint. Pure.

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
        let mut build = SearchTextBuild::new(nodes.len());
        build.advance(nodes, &mut || true);
        build.finish()
    }
}

/// Nodes added between two looks at the clock (a look is a call out to
/// JavaScript: one per node would cost more than the node).
const NODES_PER_LOOK: usize = 512;

/// [`SearchText`] built a slice at a time (`crate::slices`): at 10,000
/// drivers, one go held the page for ~25 ms after each reading.
pub struct SearchTextBuild {
    text: String,
    ends: Vec<u32>,
}

impl SearchTextBuild {
    pub fn new(nodes: usize) -> SearchTextBuild {
        SearchTextBuild { text: String::with_capacity(nodes * 24), ends: Vec::with_capacity(nodes) }
    }

    /// Adds the next nodes of `nodes` (the same slice each time) while
    /// `time_left()` says so; `true` once every node is in.
    pub fn advance(&mut self, nodes: &[Node], time_left: &mut dyn FnMut() -> bool) -> bool {
        while let Some(n) = nodes.get(self.ends.len()) {
            push_node(&mut self.text, n);
            self.ends.push(self.text.len() as u32);
            if self.ends.len().is_multiple_of(NODES_PER_LOOK) && !time_left() {
                break;
            }
        }
        self.ends.len() == nodes.len()
    }

    pub fn finish(self) -> SearchText {
        SearchText { text: self.text, ends: self.ends }
    }
}

/// A node's names and ids, lower-cased, each followed by the separator.
fn push_node(text: &mut String, n: &Node) {
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
        push_lowercase(text, part);
        text.push(SEPARATOR);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::drivers::tree::Tree;
    use crate::vendors::emabler::decode_tree;

    /// A site of `n` drivers, each with a named charger of two sockets.
    fn tree_of(n: usize) -> Tree {
        let drivers: Vec<String> = (0..n)
            .map(|i| {
                format!(
                    r#"{{"id":{i},"name":"Camille {i}","externalId":"DRV-{i}","chargers":[{{"chargerId":"EMB{i}","chargerName":"Borne É{i}","chargerStatus":"Online","sockets":[{{"id":1,"status":"Available"}},{{"id":2,"status":"Charging"}}]}}]}}"#
                )
            })
            .collect();
        let json = format!(
            r#"{{"userGroups":[{{"isSpare":false,"id":1,"groupName":"Siège","subgroups":[],"users":[{}]}}],"spareUsers":[]}}"#,
            drivers.join(",")
        );
        Tree::build(decode_tree(&json).expect("decodes").value, chrono::Utc::now())
    }

    #[test]
    fn built_in_slices_it_is_the_text_built_at_once() {
        let tree = tree_of(400);
        let whole = SearchText::of(&tree.nodes);
        assert_eq!(whole.ends.len(), tree.len());
        assert!(whole.text.contains("borne é17\u{1f}emb17\u{1f}"), "lower-cased, separated");
        let mut build = SearchTextBuild::new(tree.len());
        let mut slices = 1;
        while !build.advance(&tree.nodes, &mut || false) {
            slices += 1;
        }
        let sliced = build.finish();
        assert!(slices > 2, "{} nodes in {slices} slices", tree.len());
        assert_eq!((sliced.text, sliced.ends), (whole.text, whole.ends));
    }
}
