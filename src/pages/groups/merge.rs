//! Two people editing one group: what the other changed since this user
//! opened it ([`their_changes`]), and this user's changes put on top of
//! theirs ([`merge`], a three-way merge of the group's fields and
//! membership). Pure, tested natively.
//!
//! Rows are matched across two reads by [`match_rows`]: a row the user
//! removed is the row they clicked, even when its id is not unique.

use std::collections::HashSet;

use uuid::Uuid;

use super::rows::{match_rows, Found};
use crate::domain::groups::{Group, GroupVehicle};

/// What someone else changed in the group since it was opened here.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TheirChanges {
    /// Its name then and now.
    pub renamed: Option<(String, String)>,
    pub customer_changed: bool,
    pub eco_profile_changed: bool,
    /// Vehicles they added, and removed, as they read now (removed: as read then).
    pub added: Vec<GroupVehicle>,
    pub removed: Vec<GroupVehicle>,
}

impl TheirChanges {
    pub fn is_empty(&self) -> bool {
        *self == TheirChanges::default()
    }
}

/// What changed between `base` (the group as opened here) and `theirs` (as
/// the vendor holds it now). A change to a vehicle's own fields is not one:
/// those are not edited here, and the write takes the vendor's copy anyway.
pub fn their_changes(base: &Group, theirs: &Group) -> TheirChanges {
    let found = match_rows(&base.vehicles, &theirs.vehicles);
    let matched: HashSet<usize> = found.iter().filter_map(|f| f.index()).collect();
    TheirChanges {
        renamed: (base.name != theirs.name).then(|| (base.name.clone(), theirs.name.clone())),
        customer_changed: base.customer_id != theirs.customer_id,
        eco_profile_changed: base.eco_profile_id != theirs.eco_profile_id,
        added: theirs
            .vehicles
            .iter()
            .enumerate()
            .filter(|(j, _)| !matched.contains(j))
            .map(|(_, v)| v.clone())
            .collect(),
        removed: base.vehicles.iter().zip(&found).filter(|(_, f)| **f == Found::Not).map(|(v, _)| v.clone()).collect(),
    }
}

/// The rows of `base` this user took out of `mine` (by their place as
/// read). A row Vehizen cannot identify is never one: it cannot be removed.
pub fn removed_by(base: &Group, mine: &[GroupVehicle]) -> Vec<GroupVehicle> {
    let kept: HashSet<usize> = mine.iter().filter_map(|v| v.read_at).collect();
    base.vehicles.iter().filter(|v| v.can_move() && v.read_at.is_some_and(|p| !kept.contains(&p))).cloned().collect()
}

/// Rows this user removed that the vendor's current copy lists more than
/// once, looking the same: which one to leave out would be a guess.
#[derive(Clone, Debug, PartialEq)]
pub struct LookAlikes(pub Vec<GroupVehicle>);

/// `mine` (edited from `base`) on top of `theirs`: the fields this user
/// changed take this user's value, the others keep theirs; membership is
/// theirs, less the rows this user removed, plus the vehicles this user
/// brought in. What is written is the vendor's current record of the group
/// and of each vehicle it holds (a vehicle brought in keeps the record read
/// in its former group).
pub fn merge(base: &Group, mine: &Group, theirs: &Group) -> Result<Group, LookAlikes> {
    fn pick<T: PartialEq + Clone>(base: &T, mine: &T, theirs: &T) -> T {
        if mine != base {
            mine.clone()
        } else {
            theirs.clone()
        }
    }
    let found = match_rows(&base.vehicles, &theirs.vehicles);
    let removed: HashSet<usize> = removed_by(base, &mine.vehicles).iter().filter_map(|v| v.read_at).collect();
    // Where one row was only probably found, no row that looks like it is
    // surely gone or surely there.
    let look = |v: &GroupVehicle| (v.id, v.look());
    let guessed: HashSet<(Option<Uuid>, String)> = base
        .vehicles
        .iter()
        .zip(&found)
        .filter(|(_, f)| matches!(f, Found::Probably(_)))
        .map(|(v, _)| look(v))
        .collect();
    let mut dropped = vec![false; theirs.vehicles.len()];
    let mut guesses = Vec::new();
    for (row, found) in base.vehicles.iter().zip(found) {
        if !row.read_at.is_some_and(|p| removed.contains(&p)) {
            continue;
        }
        match found {
            _ if guessed.contains(&look(row)) => guesses.push(row.clone()),
            Found::Surely(j) => dropped[j] = true,
            Found::Probably(_) => guesses.push(row.clone()),
            // Gone from theirs already.
            Found::Not => {}
        }
    }
    if !guesses.is_empty() {
        return Err(LookAlikes(guesses));
    }
    // A vehicle brought in replaces the row of it theirs lists as filed in
    // another group (its group fields are rewritten on the way out).
    let filed_here = |v: &GroupVehicle| v.group_id.is_none() || v.group_id == theirs.id;
    let brought: HashSet<Uuid> = mine.vehicles.iter().filter(|v| v.read_at.is_none()).filter_map(|v| v.id).collect();
    let mut vehicles: Vec<GroupVehicle> = theirs
        .vehicles
        .iter()
        .zip(&dropped)
        .filter(|(v, gone)| !**gone && (filed_here(v) || !v.id.is_some_and(|id| brought.contains(&id))))
        .map(|(v, _)| v.clone())
        .collect();
    let listed: HashSet<Uuid> = vehicles.iter().filter_map(|v| v.id).collect();
    for v in mine.vehicles.iter().filter(|v| v.read_at.is_none()) {
        if !v.id.is_some_and(|id| listed.contains(&id)) {
            vehicles.push(v.clone());
        }
    }
    Ok(Group {
        id: theirs.id,
        customer_id: pick(&base.customer_id, &mine.customer_id, &theirs.customer_id),
        // The form trims the name: a name read with spaces is not renamed.
        name: if mine.name == base.name.trim() { theirs.name.clone() } else { mine.name.clone() },
        eco_profile_id: pick(&base.eco_profile_id, &mine.eco_profile_id, &theirs.eco_profile_id),
        vehicles,
        record: theirs.record.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::common::VendorRecord;

    fn vehicle(n: u128, record: &str) -> GroupVehicle {
        GroupVehicle {
            id: Some(Uuid::from_u128(n)),
            plate: Some(format!("AA-{n:03}-AA")),
            record: VendorRecord::new(record),
            ..GroupVehicle::default()
        }
    }

    /// A group as read: each row has its place.
    fn group(name: &str, members: &[u128], record: &str) -> Group {
        read(name, members.iter().map(|&n| vehicle(n, record)).collect(), record)
    }

    fn read(name: &str, vehicles: Vec<GroupVehicle>, record: &str) -> Group {
        Group {
            id: Some(Uuid::from_u128(99)),
            customer_id: Some(Uuid::from_u128(7)),
            name: name.into(),
            vehicles: vehicles.into_iter().enumerate().map(|(i, v)| GroupVehicle { read_at: Some(i), ..v }).collect(),
            record: VendorRecord::new(record),
            ..Group::default()
        }
    }

    /// `base` with the rows at these places removed, as the table does.
    fn without(base: &Group, places: &[usize]) -> Group {
        let mut g = base.clone();
        g.vehicles.retain(|v| !v.read_at.is_some_and(|p| places.contains(&p)));
        g
    }

    fn ids(g: &Group) -> Vec<u128> {
        g.vehicles.iter().filter_map(|v| v.id).map(|id| id.as_u128()).collect()
    }

    fn labels(g: &[GroupVehicle]) -> Vec<String> {
        g.iter().map(GroupVehicle::label).collect()
    }

    #[test]
    fn nothing_changed_elsewhere_is_no_change() {
        let base = group("G", &[1, 2], "then");
        // A vehicle's own fields moved on (a new mileage): not a conflict.
        let theirs = group("G", &[1, 2], "now");
        assert!(their_changes(&base, &theirs).is_empty());
    }

    #[test]
    fn their_rename_and_membership_changes_are_listed() {
        let base = group("G", &[1, 2, 3], "then");
        let theirs = group("H", &[1, 3, 4], "now");
        let c = their_changes(&base, &theirs);
        assert_eq!(c.renamed, Some(("G".into(), "H".into())));
        assert_eq!(labels(&c.added), ["AA-004-AA"]);
        assert_eq!(labels(&c.removed), ["AA-002-AA"]);
        assert!(!c.customer_changed && !c.eco_profile_changed);
    }

    #[test]
    fn merge_keeps_their_changes_and_adds_mine() {
        let base = group("G", &[1, 2, 3], "then");
        // I removed 1 and brought in 5 (with its former group's record).
        let mut mine = without(&base, &[0]);
        mine.vehicles.push(vehicle(5, "from elsewhere"));
        // They removed 2, added 4 and renamed the group.
        let theirs = group("H", &[1, 3, 4], "now");
        let merged = merge(&base, &mine, &theirs).expect("expressible");
        assert_eq!(ids(&merged), [3, 4, 5]);
        assert_eq!(merged.name, "H");
        assert_eq!(merged.record.text(), "now");
        let records: Vec<&str> = merged.vehicles.iter().map(|v| v.record.text()).collect();
        assert_eq!(records, ["now", "now", "from elsewhere"]);
    }

    #[test]
    fn my_field_changes_win_where_i_made_them() {
        let base = group("G", &[1], "then");
        let mut mine = group("Mine", &[1], "then");
        mine.eco_profile_id = Some(Uuid::from_u128(3));
        let mut theirs = group("Theirs", &[1], "now");
        theirs.customer_id = Some(Uuid::from_u128(8));
        let merged = merge(&base, &mine, &theirs).expect("expressible");
        assert_eq!(merged.name, "Mine");
        assert_eq!(merged.eco_profile_id, Some(Uuid::from_u128(3)));
        assert_eq!(merged.customer_id, Some(Uuid::from_u128(8)));
    }

    #[test]
    fn a_name_read_with_spaces_is_not_renamed_by_the_form_trimming_it() {
        let base = group("Fleet ", &[1], "then");
        let mine = group("Fleet", &[1], "then");
        assert_eq!(merge(&base, &mine, &base).map(|g| g.name), Ok("Fleet ".to_string()));
    }

    #[test]
    fn a_vehicle_both_added_or_both_removed_appears_once_or_not_at_all() {
        let base = group("G", &[1, 2], "then");
        let mut mine = without(&base, &[0]);
        mine.vehicles.push(vehicle(5, "then"));
        let theirs = group("G", &[2, 5], "now");
        assert_eq!(ids(&merge(&base, &mine, &theirs).expect("expressible")), [2, 5]);
    }

    #[test]
    fn with_no_change_elsewhere_the_merge_is_mine_on_the_vendors_records() {
        let base = group("G", &[1, 2], "then");
        let mut mine = without(&base, &[0]);
        mine.name = "New name".into();
        let theirs = group("G", &[1, 2], "now");
        let merged = merge(&base, &mine, &theirs).expect("expressible");
        assert_eq!((merged.name.as_str(), ids(&merged)), ("New name", vec![2]));
        assert_eq!(merged.vehicles[0].record.text(), "now");
    }

    /// Two rows share id 1: HX-100 and HX-101.
    fn twins(record: &str) -> Group {
        let twin = |plate: &str| GroupVehicle { plate: Some(plate.into()), ..vehicle(1, &format!("{record} {plate}")) };
        read("G", vec![twin("HX-100-AA"), twin("HX-101-AA"), vehicle(3, record)], record)
    }

    #[test]
    fn of_two_rows_sharing_an_id_the_one_clicked_is_the_one_removed() {
        let base = twins("then");
        for (place, kept) in [(0, "HX-101-AA"), (1, "HX-100-AA")] {
            let mine = without(&base, &[place]);
            // The id is still there: by id alone, nothing was removed.
            assert_eq!(removed_by(&base, &mine.vehicles).len(), 1);
            let merged = merge(&base, &mine, &twins("now")).expect("expressible");
            assert_eq!(labels(&merged.vehicles), [kept, "AA-003-AA"]);
            // Someone else removing one of the twins is a change of theirs.
            let c = their_changes(&base, &mine);
            assert_eq!((c.added.len(), labels(&c.removed)), (0, vec![base.vehicles[place].label()]));
        }
    }

    #[test]
    fn twins_are_followed_by_their_plate_across_reads() {
        let base = twins("then");
        // Reordered elsewhere: the one clicked is still the one left out.
        let mut theirs = twins("now");
        theirs.vehicles.swap(0, 1);
        let merged = merge(&base, &without(&base, &[0]), &theirs).expect("expressible");
        assert_eq!(labels(&merged.vehicles), ["HX-101-AA", "AA-003-AA"]);
        // They removed HX-100 while I removed HX-101: both go, and theirs
        // is named as theirs.
        let mut theirs = twins("now");
        theirs.vehicles.remove(0);
        assert_eq!(labels(&their_changes(&base, &theirs).removed), ["HX-100-AA"]);
        let merged = merge(&base, &without(&base, &[1]), &theirs).expect("expressible");
        assert_eq!(labels(&merged.vehicles), ["AA-003-AA"]);
    }

    #[test]
    fn look_alike_rows_are_not_removed_on_a_guess() {
        let twin = |record: &str| GroupVehicle { plate: Some("HX-100-AA".into()), ..vehicle(1, record) };
        let base = read("G", vec![twin("a"), twin("b")], "then");
        let theirs = read("G", vec![twin("a2"), twin("b2")], "now");
        let mine = without(&base, &[1]);
        assert_eq!(merge(&base, &mine, &theirs), Err(LookAlikes(vec![base.vehicles[1].clone()])));
        // Unchanged records tell them apart.
        assert_eq!(merge(&base, &mine, &base).map(|g| g.vehicles.len()), Ok(1));
        // One left on their side: which one is still a guess.
        let one_left = read("G", vec![twin("b2")], "now");
        assert_eq!(merge(&base, &mine, &one_left), Err(LookAlikes(vec![base.vehicles[1].clone()])));
    }

    #[test]
    fn a_vehicle_without_an_id_is_never_removed_and_one_filed_elsewhere_is_brought_in_again() {
        let mut base = group("G", &[1, 2], "then");
        base.vehicles[0].id = None;
        let merged = merge(&base, &without(&base, &[0, 1]), &base).expect("expressible");
        assert_eq!(labels(&merged.vehicles), ["AA-001-AA"]);
        // Listed here but filed in group 42: the row brought in replaces it.
        let moved = GroupVehicle { group_id: Some(Uuid::from_u128(42)), ..vehicle(5, "elsewhere") };
        let mut mine = base.clone();
        mine.vehicles.push(vehicle(5, "mine").brought_in());
        let mut theirs = base.clone();
        theirs.vehicles.push(GroupVehicle { read_at: Some(2), ..moved });
        let merged = merge(&base, &mine, &theirs).expect("expressible");
        assert_eq!(merged.vehicles.last().map(|v| (v.record.text(), v.read_at)), Some(("mine", None)));
        assert_eq!(merged.vehicles.len(), 3);
    }
}
