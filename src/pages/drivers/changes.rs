//! What a refresh of the tree changed: which sockets have another state,
//! and how many of them are now in error. Pure, tested natively; the rows
//! stay highlighted until the next refresh.

use std::collections::{HashMap, HashSet};

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
    pub fn between(before: &Tree, after: &Tree) -> TreeChanges {
        let status = |t: &Tree, id: usize| match &t.nodes[id].data {
            NodeData::Socket { socket, .. } => Some(socket.status.clone().unwrap_or_default()),
            _ => None,
        };
        let old: HashMap<&str, String> =
            (0..before.len()).filter_map(|id| Some((before.key(id), status(before, id)?))).collect();
        let mut changes = TreeChanges::default();
        for id in 0..after.len() {
            let Some(now) = status(after, id) else { continue };
            if old.get(after.key(id)) == Some(&now) {
                continue;
            }
            changes.sockets += 1;
            changes.now_in_error += socket_state(Some(&now)).error as usize;
            changes.rows.insert(after.key(id).to_string());
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vendors::emabler::decode_tree;

    fn tree(states: [&str; 3]) -> Tree {
        let json = format!(
            r#"{{"userGroups":[{{"isSpare":false,"id":1,"groupName":"Siège","subgroups":[],"users":[
              {{"id":10,"name":"Camille Martin","externalId":"DRV-10","chargers":[
                {{"chargerId":"EMB1","chargerStatus":"Online","sockets":[{{"id":1,"status":"{}"}},{{"id":2,"status":"{}"}}]}},
                {{"chargerId":"EMB2","chargerStatus":"Online","sockets":[{{"id":1,"status":"{}"}}]}}]}}]}}],"spareUsers":[]}}"#,
            states[0], states[1], states[2]
        );
        Tree::build(decode_tree(&json).expect("decodes").value, chrono::Utc::now())
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
    fn the_same_tree_again_changes_nothing() {
        let c = TreeChanges::between(&tree(["Available"; 3]), &tree(["Available"; 3]));
        assert_eq!(c, TreeChanges::default());
        assert_eq!(c.sentence(Locale::en), "Nothing changed since the last reading.");
        let one = TreeChanges::between(&tree(["Available"; 3]), &tree(["Available", "Available", "Charging"]));
        assert_eq!(one.sentence(Locale::en), "1 socket changed");
    }
}
