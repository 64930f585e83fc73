//! The arena, its figures, search, chips and visible rows on a small tree.

use super::*;
use crate::i18n::Locale;
use crate::pages::drivers::chips::{Chip, CHIPS};
use crate::pages::drivers::filter::RowState;
use crate::pages::drivers::node::{socket_state, NodeData, SocketCounts};
use crate::vendors::emabler::decode_tree;
use chrono::{DateTime, Utc};

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-22T10:00:00Z").map(|t| t.with_timezone(&Utc)).expect("date")
}

fn sample() -> Tree {
    Tree::build(decode_tree(SAMPLE).expect("decodes").value, now())
}

const SAMPLE: &str = r#"{"userGroups":[
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

#[test]
fn figures_aggregate_up_the_tree() {
    let t = sample();
    let site = &t.nodes[t.roots[0]];
    assert_eq!(t.label(t.roots[0]), "Siège");
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
    // Counted while building, as the decoded data counts them: Siège and
    // Parking (the spare group's driver has no site); Camille, Hugo, Léa;
    // EMB1 (in a charger group) and EMB2.
    let data = decode_tree(SAMPLE).expect("decodes").value;
    assert_eq!(t.counts, (data.site_count(), data.driver_count(), data.charger_count()));
    assert_eq!(t.counts, (2, 3, 2));
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
    let m = t.matches("04cd", None).expect("filtering");
    let rows = t.visible(&HashSet::new(), Some(&m));
    let labels: Vec<_> = rows.iter().map(|r| (t.label(r.id).into_owned(), r.state)).collect();
    assert_eq!(
        labels,
        [
            ("Siège".to_string(), RowState::Ancestor),
            ("Parking".to_string(), RowState::Ancestor),
            ("Camille Martin".to_string(), RowState::Ancestor),
            ("04CD".to_string(), RowState::Match)
        ]
    );
}

#[test]
fn search_covers_external_id_charger_id_evse_and_serial() {
    let t = sample();
    for q in ["drv-11", "emb2", "fr*a23*e00001", "sn1", "léa"] {
        let m = t.matches(q, None).expect("filtering");
        assert!(m.iter().any(|x| *x), "{q} found nothing");
    }
}

#[test]
fn chips_count_and_filter() {
    let t = sample();
    assert_eq!(t.chip_count(Chip::ChargersWithErrors), 1);
    assert_eq!(t.chip_count(Chip::OfflineChargers), 1);
    assert_eq!(t.chip_count(Chip::ExpiredTags), 1);
    assert_eq!(t.chip_count(Chip::NeverSeen), 1);
    let m = t.matches("", Some(Chip::ExpiredTags)).expect("filtering");
    let rows = t.visible(&HashSet::new(), Some(&m));
    assert_eq!(rows.last().map(|r| t.label(r.id).into_owned()).as_deref(), Some("04AB"));
}

#[test]
fn drivers_are_found_by_external_id_with_their_ancestors() {
    let t = sample();
    let id = t.find_driver("DRV-10").expect("found");
    let labels: Vec<_> = t.ancestors(id).iter().map(|a| t.label(*a).into_owned()).collect();
    assert_eq!(labels, ["Parking", "Siège"]);
    assert!(t.find_driver("nope").is_none());
}

#[test]
fn socket_states() {
    assert_eq!(socket_state(Some("Charging")).online, 1);
    assert_eq!(socket_state(Some("Faulted")).error, 1);
    assert_eq!(socket_state(Some("Unavailable")).offline, 1);
    assert_eq!(socket_state(None).offline, 1);
    assert_eq!(socket_state(Some("")).offline, 1);
    assert_eq!(socket_state(Some("SuspendedEV")).online, 1);
    assert_eq!(socket_state(Some("OFFLINE")).offline, 1);
    assert_eq!(socket_state(Some("charger ERROR")).error, 1);
    assert_eq!(socket_state(Some("Défaut")).online, 1);
}

proptest::proptest! {
    /// The allocation-free reading says what lower-casing a copy said.
    #[test]
    fn socket_state_reads_as_a_lower_cased_copy(s in "(?i)[a-zé ]{0,3}(fault|error|offline|unavailable|charging)?[a-zé ]{0,3}") {
        let lower = s.to_ascii_lowercase();
        let expected = if lower.contains("fault") || lower.contains("error") {
            (0, 0, 1)
        } else if lower.contains("offline") || lower.contains("unavailable") || lower.is_empty() {
            (0, 1, 0)
        } else {
            (1, 0, 0)
        };
        let got = socket_state(Some(&s));
        proptest::prop_assert_eq!((got.online, got.offline, got.error), expected);
    }
}

#[test]
fn keys_are_stable_and_name_the_owner() {
    let t = sample();
    let keys: Vec<&str> = (0..t.len()).map(|id| t.key(id)).collect();
    // The saved expansion state and deep links rely on these spellings.
    for k in [
        "site:1",
        "site:2",
        "driver:10",
        "tag:driver:10:04AB",
        "chargergroup:driver:10:",
        "charger:EMB1",
        "socket:EMB1:2",
        "charger:EMB2",
        "without-site",
        "driver:12",
    ] {
        assert!(keys.contains(&k), "{k} missing from {keys:?}");
    }
    assert_eq!(keys.iter().collect::<HashSet<_>>().len(), keys.len(), "keys repeat: {keys:?}");
}

#[test]
fn children_follow_the_subtree_ends() {
    let t = sample();
    for id in 0..t.len() {
        let children: Vec<NodeId> = t.children(id).collect();
        let by_parent: Vec<NodeId> = (0..t.len()).filter(|c| t.nodes[*c].parent == Some(id)).collect();
        assert_eq!(children, by_parent, "children of {}", t.key(id));
        assert_eq!(t.has_children(id), !children.is_empty());
    }
}

#[test]
fn chip_counts_from_the_build_agree_with_the_filter() {
    let t = sample();
    for chip in CHIPS {
        let m = t.matches("", Some(chip)).expect("filtering");
        assert_eq!(t.chip_count(chip), m.iter().filter(|x| **x).count(), "{chip:?}");
    }
}

#[test]
fn a_search_never_matches_across_two_nodes() {
    let t = sample();
    // "04AB" then "04CD" are neighbours in the arena: their texts must not join.
    assert!(t.matches("04ab04cd", None).expect("filtering").iter().all(|x| !*x));
    assert!(t.matches("ab\u{1f}04", None).expect("filtering").iter().all(|x| !*x));
    let m = t.matches("04", None).expect("filtering");
    let found: Vec<_> = (0..t.len()).filter(|i| m[*i]).map(|i| t.key(i)).collect();
    assert_eq!(found, ["tag:driver:10:04AB", "tag:driver:10:04CD"]);
}

/// The arena built a step at a time, stopped after every `every` steps.
fn built_in_slices(body: &str, every: usize) -> (Tree, usize) {
    let mut build = crate::pages::drivers::build::ArenaBuild::new(decode_tree(body).expect("decodes").value, now());
    let mut slices = 1;
    loop {
        let mut steps = 0;
        if build.advance(&mut || {
            steps += 1;
            steps < every
        }) {
            return (Tree::of(build.finish()), slices);
        }
        slices += 1;
    }
}

fn same_arena(a: &Tree, b: &Tree) -> bool {
    let keys = |t: &Tree| (0..t.len()).map(|id| t.key(id).to_string()).collect::<Vec<_>>();
    a.nodes == b.nodes
        && a.roots == b.roots
        && keys(a) == keys(b)
        && a.counts == b.counts
        && CHIPS.iter().all(|c| a.chip_count(*c) == b.chip_count(*c))
}

#[test]
fn an_arena_built_in_slices_is_the_arena_built_at_once() {
    // A site with both drivers and subsites: the subsites come first.
    let nested = r#"{"userGroups":[{"id":1,"groupName":"Nord","users":[{"id":20,"name":"A","chargers":[{"chargerId":"C1","sockets":[{"id":1,"status":"Faulted"}]}]}],
        "subgroups":[{"id":2,"groupName":"Lille","users":[{"id":21,"name":"B","tags":[{"idTag":"T1","expiringDate":"2020-01-01T00:00:00Z"}]}]}]}],
        "spareUsers":[{"id":22,"name":"C"}]}"#;
    let whole = Tree::build(decode_tree(nested).expect("decodes").value, now());
    let keys: Vec<&str> = (0..whole.len()).map(|id| whole.key(id)).collect();
    assert_eq!(
        keys,
        [
            "site:1",
            "site:2",
            "driver:21",
            "tag:driver:21:T1",
            "driver:20",
            "charger:C1",
            "socket:C1:1",
            "without-site",
            "driver:22"
        ]
    );
    assert_eq!(whole.nodes[0].figures.drivers, 2);
    assert_eq!(whole.nodes[0].end, 7);
    for body in [SAMPLE, nested] {
        let at_once = Tree::build(decode_tree(body).expect("decodes").value, now());
        for every in [1, 2, 3, usize::MAX] {
            let (sliced, slices) = built_in_slices(body, every);
            assert!(same_arena(&sliced, &at_once), "stopping every {every} steps");
            assert!(every > 1 || slices > 5, "one step per slice, yet {slices} slices");
        }
    }
}

#[test]
fn a_row_slot_says_what_its_row_is_and_changes_only_with_it() {
    use crate::pages::drivers::changes::TreeChanges;
    use crate::pages::drivers::row::{RowContent, RowFacts};
    let t = sample();
    let rows = t.visible(&t.all_keys(), None);
    let (index, row) =
        rows.iter().enumerate().find(|(_, r)| t.key(r.id) == "driver:10").map(|(i, r)| (i, *r)).expect("row");
    let facts = |selected, changes| RowFacts { locale: Locale::en, selected, tabbable: Some(row.id), changes };
    let plain = RowContent::of(&t, index, row, &facts(None, None));
    assert_eq!(
        (plain.class, plain.label.as_str(), plain.open, plain.selected, plain.tabbable),
        ("tree-row", "Camille Martin", Some(true), false, true)
    );
    assert_eq!(plain.place, (1, 1));
    // The same row, the same page: the same content (the slot is left alone).
    assert_eq!(RowContent::of(&t, index, row, &facts(None, None)), plain);
    let selected = RowContent::of(&t, index, row, &facts(Some(row.id), None));
    assert!(selected.selected && selected != plain);
    let changes = TreeChanges { rows: ["driver:10".to_string()].into(), ..TreeChanges::default() };
    assert_eq!(RowContent::of(&t, index, row, &facts(None, Some(&changes))).class, "tree-row changed");
    // Another row in the same slot says something else.
    let other = RowContent::of(&t, index + 1, rows[index + 1], &facts(None, None));
    assert!(other != plain && other.key != plain.key);
}
