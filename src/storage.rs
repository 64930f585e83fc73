//! What the console keeps in this browser's localStorage: recent groups (id
//! and name), the last customer used, unsaved group drafts, the tree's
//! expanded nodes, the colour theme, the language and whether "first steps" was dismissed. Never a
//! credential or token. Reading tolerates anything (another version, a
//! hand edit): a bad entry reads as absent.

use gloo_storage::{LocalStorage, Storage};
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use uuid::Uuid;

const RECENT_GROUPS: &str = "fleet-console.recent-groups";
const LAST_CUSTOMER: &str = "fleet-console.last-customer";
const DRAFT_PREFIX: &str = "fleet-console.group-draft.";
const TREE_EXPANDED: &str = "fleet-console.tree-expanded";
const THEME: &str = "fleet-console.theme";
const LANGUAGE: &str = "fleet-console.language";
const FIRST_STEPS_DISMISSED: &str = "fleet-console.first-steps-dismissed";
pub const RECENT_MAX: usize = 20;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecentGroup {
    pub id: Uuid,
    pub name: String,
}

/// An unsaved group form. `group_json` is the group as it would be sent
/// (the vendor module writes and reads it), so every vehicle field survives.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub name: String,
    pub customer_id: String,
    pub eco_profile_id: String,
    pub group_json: String,
    /// Each vehicle's place in the group as read (`None`: brought in), so
    /// that a restored removal is still the row clicked. Absent in drafts
    /// kept before it existed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub places: Vec<Option<usize>>,
    pub saved_at_ms: f64,
}

/// The browser's localStorage, if it lets us have it (some private modes
/// and disabled storage refuse; the console then works on without it).
/// gloo-storage throws — a wasm panic — in that case, so it is only called
/// once this has answered.
fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// A JSON value; anything unreadable is absent.
fn read_json<T: DeserializeOwned>(key: &str) -> Option<T> {
    local_storage()?;
    LocalStorage::get(key).ok()
}

fn write_json<T: Serialize>(key: &str, value: &T) {
    if local_storage().is_some() {
        // Storage full: the console works on without it.
        let _ = LocalStorage::set(key, value);
    }
}

/// A plain-text value (theme, language, customer id: stored as typed).
fn read_text(key: &str) -> Option<String> {
    local_storage()?.get_item(key).ok()?
}

fn write_text(key: &str, value: &str) {
    if let Some(s) = local_storage() {
        let _ = s.set_item(key, value);
    }
}

fn remove(key: &str) {
    if let Some(s) = local_storage() {
        let _ = s.remove_item(key);
    }
}

/// Newest first, one entry per id, at most [`RECENT_MAX`].
pub fn with_recent(mut list: Vec<RecentGroup>, id: Uuid, name: &str) -> Vec<RecentGroup> {
    list.retain(|g| g.id != id);
    list.insert(0, RecentGroup { id, name: name.to_string() });
    list.truncate(RECENT_MAX);
    list
}

pub fn recent_groups() -> Vec<RecentGroup> {
    read_json(RECENT_GROUPS).unwrap_or_default()
}

pub fn remember_group(id: Uuid, name: &str) {
    write_json(RECENT_GROUPS, &with_recent(recent_groups(), id, name));
}

pub fn forget_group(id: Uuid) {
    let mut list = recent_groups();
    list.retain(|g| g.id != id);
    write_json(RECENT_GROUPS, &list);
}

/// The colour theme chosen on the top bar ("light", "dark"; absent: the OS's).
pub fn theme() -> Option<String> {
    read_text(THEME)
}

pub fn set_theme(key: &str) {
    write_text(THEME, key);
}

/// The language chosen on the top bar ("en", "fr"; absent: the browser's).
pub fn language() -> Option<String> {
    read_text(LANGUAGE)
}

pub fn set_language(key: &str) {
    write_text(LANGUAGE, key);
}

pub fn first_steps_dismissed() -> bool {
    read_text(FIRST_STEPS_DISMISSED).is_some()
}

pub fn dismiss_first_steps() {
    write_text(FIRST_STEPS_DISMISSED, "1");
}

pub fn last_customer() -> Option<Uuid> {
    read_text(LAST_CUSTOMER).and_then(|s| Uuid::parse_str(&s).ok())
}

pub fn set_last_customer(id: Uuid) {
    write_text(LAST_CUSTOMER, &id.to_string());
}

/// `new` for a group being created, else its id.
pub fn draft_key(id: Option<Uuid>) -> String {
    format!("{DRAFT_PREFIX}{}", id.map(|i| i.to_string()).unwrap_or_else(|| "new".into()))
}

pub fn load_draft(id: Option<Uuid>) -> Option<Draft> {
    read_json(&draft_key(id))
}

pub fn save_draft(id: Option<Uuid>, draft: &Draft) {
    write_json(&draft_key(id), draft);
}

pub fn clear_draft(id: Option<Uuid>) {
    remove(&draft_key(id));
}

/// Keys of the expanded tree nodes (stable ids, not positions).
pub fn tree_expanded() -> std::collections::HashSet<String> {
    read_json(TREE_EXPANDED).unwrap_or_default()
}

pub fn set_tree_expanded(keys: &std::collections::HashSet<String>) {
    write_json(TREE_EXPANDED, keys);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_groups_are_newest_first_unique_and_bounded() {
        let mut list = Vec::new();
        for n in 0..30u128 {
            list = with_recent(list, Uuid::from_u128(n % 25), &format!("G{n}"));
        }
        assert_eq!(list.len(), RECENT_MAX);
        assert_eq!(list[0], RecentGroup { id: Uuid::from_u128(4), name: "G29".into() });
        let ids: std::collections::HashSet<_> = list.iter().map(|g| g.id).collect();
        assert_eq!(ids.len(), list.len());
    }

    #[test]
    fn drafts_round_trip() {
        let d = Draft {
            name: "G".into(),
            customer_id: "x".into(),
            eco_profile_id: String::new(),
            group_json: "{}".into(),
            places: vec![Some(0), None],
            saved_at_ms: 1.0,
        };
        let text = serde_json::to_string(&d).expect("json");
        assert_eq!(serde_json::from_str::<Draft>(&text).ok(), Some(d));
        // Another version's shape reads as no draft, not as an error.
        assert!(serde_json::from_str::<Draft>("[1,2]").is_err());
        assert_eq!(draft_key(None), "fleet-console.group-draft.new");
    }
}
