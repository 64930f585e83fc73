//! The page's model, event by event, on a small tree.

use std::{collections::HashSet, sync::Arc};

use super::*;
use crate::pages::drivers::node::NodeData;
use crate::vendors::emabler::decode_tree;

/// Two sites: Siège (driver DRV-10, a charger with two sockets) and
/// Annexe (driver DRV-20, no charger); the first socket in `first_socket`.
fn reading(first_socket: &str) -> Reading {
    let json = format!(
        r#"{{"userGroups":[
          {{"isSpare":false,"id":1,"groupName":"Siège","subgroups":[],"users":[
            {{"id":10,"name":"Camille Martin","externalId":"DRV-10","chargers":[
              {{"chargerId":"EMB1","chargerStatus":"Online","sockets":[{{"id":1,"status":"{first_socket}"}},{{"id":2,"status":"Available"}}]}}]}}]}},
          {{"isSpare":false,"id":2,"groupName":"Annexe","subgroups":[],"users":[
            {{"id":20,"name":"Hugo Petit","externalId":"DRV-20"}}]}}],"spareUsers":[]}}"#
    );
    let tree = Tree::build(decode_tree(&json).expect("decodes").value, chrono::Utc::now());
    Reading { tree: Arc::new(tree), warnings: Arc::from([]) }
}

fn arrived(page: &mut TreePage, r: &Reading, at: f64) -> Then {
    page.apply(TreeEvent::ReadingArrived { reading: r.clone(), at })
}

fn id_of(page: &TreePage, key: &str) -> NodeId {
    page.tree().find_key(key).expect(key)
}

fn driver(page: &TreePage, external_id: &str) -> NodeId {
    page.tree().find_driver(external_id).expect(external_id)
}

#[test]
fn the_first_reading_is_shown_with_nothing_marked_as_changed() {
    let mut page = TreePage::new(HashSet::new());
    assert!(page.reading().is_none());
    assert!(page.tree().is_empty(), "an empty tree while loading");
    let first = reading("Available");
    assert_eq!(arrived(&mut page, &first, 1_000.0), Then::Nothing);
    assert!(page.reading() == Some(&first));
    assert_eq!(page.refresh(), &RefreshStatus { updated_at: Some(1_000.0), ..RefreshStatus::default() });
}

#[test]
fn a_refresh_is_asked_once_and_a_good_reading_replaces_the_tree_with_its_changes() {
    let mut page = TreePage::new(HashSet::new());
    arrived(&mut page, &reading("Available"), 1_000.0);
    let charger = id_of(&page, "charger:EMB1");
    page.apply(TreeEvent::Clicked(charger));
    assert_eq!(page.apply(TreeEvent::RefreshAsked), Then::ReadTree);
    assert!(page.refresh().refreshing);
    assert_eq!(page.apply(TreeEvent::RefreshAsked), Then::Nothing, "one refresh at a time");

    let second = reading("Faulted");
    arrived(&mut page, &second, 61_000.0);
    assert!(page.reading() == Some(&second));
    let status = page.refresh();
    assert!(!status.refreshing);
    assert_eq!(status.updated_at, Some(61_000.0));
    let changes = status.changes.as_ref().expect("changes since the first reading");
    assert_eq!((changes.sockets, changes.now_in_error), (1, 1));
    assert!(changes.rows.contains("socket:EMB1:1") && changes.rows.contains("charger:EMB1"));
    // The selection is the same charger, found again in the new arena.
    assert_eq!(page.selected(), Some(id_of(&page, "charger:EMB1")));
    assert_eq!(page.focused(), page.selected());
}

#[test]
fn a_failed_refresh_keeps_the_tree_and_says_why_until_a_good_reading() {
    let mut page = TreePage::new(HashSet::new());
    let first = reading("Available");
    arrived(&mut page, &first, 1_000.0);
    page.apply(TreeEvent::RefreshAsked);
    let failure = ApiError::Timeout(15);
    assert_eq!(page.apply(TreeEvent::ReadingFailed(failure.clone())), Then::Nothing);
    assert!(page.reading() == Some(&first), "the tree shown is kept");
    assert_eq!(page.refresh().failure, Some(failure));
    assert!(!page.refresh().refreshing);
    assert_eq!(page.refresh().updated_at, Some(1_000.0), "still the first reading's time");
    assert_eq!(page.apply(TreeEvent::RefreshAsked), Then::ReadTree, "a failed refresh can be tried again");
    arrived(&mut page, &reading("Available"), 2_000.0);
    assert_eq!(page.refresh().failure, None);
}

#[test]
fn a_first_reading_that_fails_leaves_no_tree() {
    let mut page = TreePage::new(HashSet::new());
    page.apply(TreeEvent::ReadingFailed(ApiError::Network("reset".into())));
    assert!(page.reading().is_none());
    assert!(page.refresh().failure.is_some());
}

#[test]
fn a_reading_on_its_way_says_how_much_arrived_and_a_cancel_keeps_the_tree() {
    let mut page = TreePage::new(HashSet::new());
    page.apply(TreeEvent::Receiving(Transfer::Arriving(1_000)));
    assert_eq!(page.refresh().received, Some(Transfer::Arriving(1_000)), "the first reading reports too");
    arrived(&mut page, &reading("Available"), 1.0);
    assert_eq!(page.refresh().received, None);
    assert_eq!(page.apply(TreeEvent::RefreshAsked), Then::ReadTree);
    page.apply(TreeEvent::Receiving(Transfer::Arriving(2_000_000)));
    assert_eq!(page.refresh().received, Some(Transfer::Arriving(2_000_000)));
    // Every byte in: the page says the tree is being read, not "so far".
    page.apply(TreeEvent::Receiving(Transfer::Decoding(2_500_000)));
    assert_eq!(page.refresh().received, Some(Transfer::Decoding(2_500_000)));
    page.apply(TreeEvent::Cancelled);
    assert!(page.refresh().cancelled && !page.refresh().refreshing && page.refresh().received.is_none());
    // The aborted call ends as superseded, and a late chunk was on its way: neither shows.
    page.apply(TreeEvent::ReadingFailed(ApiError::Superseded));
    page.apply(TreeEvent::Receiving(Transfer::Arriving(3_000_000)));
    assert!(page.refresh().failure.is_none() && page.refresh().received.is_none());
    assert!(page.reading().is_some(), "the tree shown stays");
    // A reading whose last slices were built as the user cancelled: not shown.
    let shown = page.reading().cloned();
    assert_eq!(arrived(&mut page, &reading("Faulted"), 2.0), Then::Nothing);
    assert!(page.reading() == shown.as_ref(), "a cancelled reading replaced the tree");
    // The next refresh starts afresh.
    assert_eq!(page.apply(TreeEvent::RefreshAsked), Then::ReadTree);
    assert!(!page.refresh().cancelled);
}

#[test]
fn a_driver_looked_up_is_revealed_when_the_tree_arrives_and_only_once() {
    let mut page = TreePage::new(HashSet::new());
    page.apply(TreeEvent::QueryTyped("annexe".into()));
    page.apply(TreeEvent::ChipPressed(Chip::OfflineChargers));
    // The driver's answer first: nothing to reveal it in yet.
    assert_eq!(page.apply(TreeEvent::DriverLookedUp(Some("DRV-10".into()))), Then::Nothing);
    assert_eq!(arrived(&mut page, &reading("Available"), 1_000.0), Then::RevealFocused);
    let found = driver(&page, "DRV-10");
    assert_eq!((page.selected(), page.focused()), (Some(found), Some(found)));
    assert_eq!((page.query(), page.chip()), ("", None), "the filters would hide it");
    assert!(page.expanded().contains("site:1"), "its site is opened");

    // The user moves on; a refresh does not take the selection back.
    let other = driver(&page, "DRV-20");
    page.apply(TreeEvent::Clicked(other));
    assert_eq!(arrived(&mut page, &reading("Available"), 2_000.0), Then::Nothing);
    assert_eq!(page.selected(), Some(driver(&page, "DRV-20")));
}

#[test]
fn a_driver_looked_up_in_a_tree_already_shown_is_revealed_at_once() {
    let mut page = TreePage::new(HashSet::new());
    arrived(&mut page, &reading("Available"), 1_000.0);
    assert_eq!(page.apply(TreeEvent::DriverLookedUp(Some("DRV-20".into()))), Then::RevealFocused);
    assert_eq!(page.selected(), Some(driver(&page, "DRV-20")));
    assert!(page.expanded().contains("site:2"));
}

#[test]
fn a_lookup_that_failed_or_went_away_reveals_nothing_later() {
    let mut page = TreePage::new(HashSet::new());
    page.apply(TreeEvent::DriverLookedUp(Some("DRV-10".into())));
    page.apply(TreeEvent::DriverLookedUp(None));
    assert_eq!(arrived(&mut page, &reading("Available"), 1_000.0), Then::Nothing);
    assert_eq!(page.selected(), None);
    assert!(page.expanded().is_empty());
}

#[test]
fn rows_open_close_and_take_the_focus() {
    let mut page = TreePage::new(HashSet::new());
    arrived(&mut page, &reading("Available"), 1_000.0);
    let (site, charger) = (id_of(&page, "site:1"), id_of(&page, "charger:EMB1"));
    let socket = id_of(&page, "socket:EMB1:1");
    assert!(matches!(page.tree().nodes[socket].data, NodeData::Socket { .. }));

    assert_eq!(page.apply(TreeEvent::Toggle(site)), Then::RevealFocused);
    assert!(page.expanded().contains("site:1"));
    assert_eq!(page.focused(), Some(site));
    page.apply(TreeEvent::Toggle(site));
    assert!(!page.expanded().contains("site:1"), "a second toggle closes");
    assert_eq!(page.apply(TreeEvent::Toggle(socket)), Then::Nothing, "a leaf has nothing to open");
    assert_eq!(page.focused(), Some(site));

    assert_eq!(page.apply(TreeEvent::Activate { id: charger, toggle: true }), Then::RevealFocused);
    assert_eq!((page.selected(), page.focused()), (Some(charger), Some(charger)));
    assert!(page.expanded().contains("charger:EMB1"));
    page.apply(TreeEvent::Activate { id: socket, toggle: false });
    assert_eq!(page.selected(), Some(socket));
    assert!(page.expanded().contains("charger:EMB1"), "Space does not toggle");

    page.apply(TreeEvent::SetOpen(charger, false));
    assert!(!page.expanded().contains("charger:EMB1"));
    page.apply(TreeEvent::ExpandSiblings(site));
    assert!(page.expanded().contains("site:1") && page.expanded().contains("site:2"));
    assert_eq!(page.focused(), Some(site));

    page.apply(TreeEvent::FocusEntered(charger));
    assert_eq!((page.selected(), page.focused()), (Some(socket), Some(charger)), "focus alone does not select");
    assert_eq!(page.apply(TreeEvent::Focus(socket)), Then::RevealFocused);
    assert_eq!(page.apply(TreeEvent::Focus(10_000)), Then::Nothing, "not a row of this tree");
    assert_eq!(page.focused(), Some(socket));
}

#[test]
fn the_tools_filter_and_expand() {
    let mut page = TreePage::new(HashSet::from(["site:1".to_string()]));
    assert!(page.expanded().contains("site:1"), "the saved expansion");
    arrived(&mut page, &reading("Available"), 1_000.0);
    page.apply(TreeEvent::ChipPressed(Chip::ChargersWithErrors));
    assert_eq!(page.chip(), Some(Chip::ChargersWithErrors));
    page.apply(TreeEvent::ChipPressed(Chip::OfflineChargers));
    assert_eq!(page.chip(), Some(Chip::OfflineChargers), "one chip at a time");
    page.apply(TreeEvent::ChipPressed(Chip::OfflineChargers));
    assert_eq!(page.chip(), None);
    page.apply(TreeEvent::QueryTyped("emb".into()));
    assert_eq!(page.query(), "emb");
    page.apply(TreeEvent::ExpandAll);
    assert_eq!(**page.expanded(), page.tree().all_keys());
    page.apply(TreeEvent::CollapseAll);
    assert!(page.expanded().is_empty());
    page.apply(TreeEvent::AutoRefreshSet(true));
    assert!(page.auto_refresh());
}
