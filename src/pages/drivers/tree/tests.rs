//! The arena, its figures, search, chips and visible rows on a small tree.

use super::*;
use crate::pages::drivers::filter::{Chip, RowState};
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
