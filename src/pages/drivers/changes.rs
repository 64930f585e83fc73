//! What a refresh of the tree changed: which sockets have another state,
//! and how many of them are now in error. Pure, tested natively; the rows
//! stay highlighted until the next refresh.

use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;

use rustc_hash::FxHasher;

use super::node::{socket_state, NodeData};
use super::tree::Tree;
use crate::i18n::{td_string, Locale};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct TreeChanges {
    /// Keys of the rows to highlight: each changed socket and its charger.
    pub rows: HashSet<String>,
    /// Sockets whose status changed (or that are new).
    pub sockets: usize,
    /// Of those, now in error.
    pub now_in_error: usize,
}

impl TreeChanges {
    /// Compares two readings of the tree, socket by socket (by key).
    ///
    /// A refresh usually keeps the tree's shape, so node `id` of the new
    /// reading is first compared with node `id` of the old one, key and
    /// status borrowed in place; only a socket whose key is not at the same
    /// place is looked up in an index of the old sockets, built on the
    /// first such socket. (Hashing and copying every status of a
    /// 10,000-driver tree held the page for ~50 ms in the very task that
    /// shows the new tree.)
    pub fn between(before: &Tree, after: &Tree) -> TreeChanges {
        let mut old_by_key: Option<HashMap<&str, &str, BuildHasherDefault<FxHasher>>> = None;
        let mut changes = TreeChanges::default();
        for id in 0..after.len() {
            let Some(now) = socket_status(after, id) else { continue };
            let key = after.key(id);
            let was = if id < before.len() && before.key(id) == key {
                socket_status(before, id)
            } else {
                let index = old_by_key.get_or_insert_with(|| {
                    (0..before.len()).filter_map(|id| Some((before.key(id), socket_status(before, id)?))).collect()
                });
                index.get(key).copied()
            };
            if was == Some(now) {
                continue;
            }
            changes.sockets += 1;
            changes.now_in_error += socket_state(Some(now)).error as usize;
            changes.rows.insert(key.to_string());
            if let Some(charger) = after.nodes[id].parent {
                changes.rows.insert(after.key(charger).to_string());
            }
        }
        changes
    }

    /// "3 sockets changed: 2 now in error", or that nothing changed.
    pub fn sentence(&self, locale: Locale) -> String {
        match (self.sockets, self.now_in_error) {
            (0, _) => td_string!(locale, drivers.refresh_unchanged).to_string(),
            (count, 0) => td_string!(locale, drivers.refresh_sockets, count).to_string(),
            (count, errors) => {
                let errors = td_string!(locale, drivers.refresh_in_error, count = errors).to_string();
                td_string!(locale, drivers.refresh_sockets_errors, count, errors).to_string()
            }
        }
    }
}

/// A socket's status (empty when it has none); `None` for any other node.
fn socket_status(tree: &Tree, id: usize) -> Option<&str> {
    match &tree.nodes[id].data {
        NodeData::Socket { socket, .. } => Some(socket.status.as_deref().unwrap_or_default()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vendors::emabler::decode_tree;

    /// One driver's chargers, each `(chargerId, its sockets' states)`.
    fn tree_with(chargers: &[(&str, &[&str])]) -> Tree {
        let chargers: Vec<String> = chargers
            .iter()
            .map(|(id, states)| {
                let sockets: Vec<String> =
                    states.iter().enumerate().map(|(n, s)| format!(r#"{{"id":{},"status":"{s}"}}"#, n + 1)).collect();
                format!(r#"{{"chargerId":"{id}","chargerStatus":"Online","sockets":[{}]}}"#, sockets.join(","))
            })
            .collect();
        let json = format!(
            r#"{{"userGroups":[{{"isSpare":false,"id":1,"groupName":"Siège","subgroups":[],"users":[
              {{"id":10,"name":"Camille Martin","externalId":"DRV-10","chargers":[{}]}}]}}],"spareUsers":[]}}"#,
            chargers.join(",")
        );
        Tree::build(decode_tree(&json).expect("decodes").value, chrono::Utc::now())
    }

    fn tree(states: [&str; 3]) -> Tree {
        tree_with(&[("EMB1", &states[..2]), ("EMB2", &states[2..])])
    }

    #[test]
    fn a_socket_moved_elsewhere_in_the_tree_is_found_by_its_key() {
        // A charger added first shifts every node after it: the sockets
        // that kept their state are found again by key, not by place.
        let before = tree(["Available", "Charging", "Available"]);
        let after =
            tree_with(&[("EMB0", &["Available"]), ("EMB1", &["Available", "Faulted"]), ("EMB2", &["Available"])]);
        let c = TreeChanges::between(&before, &after);
        assert_eq!((c.sockets, c.now_in_error), (2, 1), "the new socket and EMB1's second: {:?}", c.rows);
        let mut rows: Vec<&str> = c.rows.iter().map(String::as_str).collect();
        rows.sort_unstable();
        assert_eq!(rows, ["charger:EMB0", "charger:EMB1", "socket:EMB0:1", "socket:EMB1:2"]);
        // And a socket gone changes nothing that is shown.
        let fewer = tree_with(&[("EMB2", &["Available"])]);
        assert_eq!(TreeChanges::between(&before, &fewer), TreeChanges::default());
    }

    #[test]
    fn changed_sockets_and_their_chargers_are_marked_and_errors_counted() {
        let before = tree(["Available", "Charging", "Available"]);
        let after = tree(["Faulted", "Charging", "Preparing"]);
        let c = TreeChanges::between(&before, &after);
        assert_eq!((c.sockets, c.now_in_error), (2, 1));
        let socket_keys: Vec<&str> = c.rows.iter().map(String::as_str).filter(|k| k.contains("socket")).collect();
        assert_eq!(socket_keys.len(), 2, "{:?}", c.rows);
        assert_eq!(c.rows.len(), 4, "two sockets and their two chargers: {:?}", c.rows);
        assert_eq!(c.sentence(Locale::en), "2 sockets changed: 1 now in error");
        assert_eq!(c.sentence(Locale::fr), "2 prises ont changé : 1 maintenant en erreur");
    }

    #[test]
    fn a_row_is_found_again_in_place_or_by_key() {
        let before = tree(["Available", "Charging", "Available"]);
        let socket = (0..before.len()).find(|&id| before.key(id) == "socket:EMB2:1").expect("in the tree");
        assert_eq!(before.find_again(&before, socket), Some(socket));
        let after =
            tree_with(&[("EMB0", &["Available"]), ("EMB1", &["Available", "Charging"]), ("EMB2", &["Available"])]);
        let again = after.find_again(&before, socket).expect("found by key");
        assert_eq!((after.key(again), again > socket), ("socket:EMB2:1", true));
        assert_eq!(tree_with(&[("EMB1", &["Available"])]).find_again(&before, socket), None);
    }

    #[test]
    fn the_same_tree_again_changes_nothing() {
        let c = TreeChanges::between(&tree(["Available"; 3]), &tree(["Available"; 3]));
        assert_eq!(c, TreeChanges::default());
        assert_eq!(c.sentence(Locale::en), "Nothing changed since the last reading.");
        let one = TreeChanges::between(&tree(["Available"; 3]), &tree(["Available", "Available", "Charging"]));
        assert_eq!(one.sentence(Locale::en), "1 socket changed");
    }
}
