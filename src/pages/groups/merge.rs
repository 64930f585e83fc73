//! Two people editing one group: what the other changed since this user
//! opened it ([`their_changes`]), and this user's changes put on top of
//! theirs ([`merge`], a three-way merge of the group's fields and
//! membership). Pure, tested natively.
//!
//! Rows are matched across two reads by their `VehicleId` and, among rows
//! sharing one, by their rank ([`RowKey`]): a row the user removed is the
//! row they clicked, even when its id is not unique.

use std::collections::{HashMap, HashSet};

use uuid::Uuid;

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

/// A row's identity in one read of a group: its `VehicleId` and how many
/// rows before it carry the same one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct RowKey {
    id: Option<Uuid>,
    nth: usize,
}

fn row_keys(vehicles: &[GroupVehicle]) -> Vec<RowKey> {
    let mut seen: HashMap<Option<Uuid>, usize> = HashMap::with_capacity(vehicles.len());
    vehicles
        .iter()
        .map(|v| {
            let nth = seen.entry(v.id).or_default();
            *nth += 1;
            RowKey { id: v.id, nth: *nth - 1 }
        })
        .collect()
}

/// Rows of `a` whose key `b` does not have.
fn missing_from(a: &Group, b: &Group) -> Vec<GroupVehicle> {
    let keys: HashSet<RowKey> = row_keys(&b.vehicles).into_iter().collect();
    a.vehicles.iter().zip(row_keys(&a.vehicles)).filter(|(_, k)| !keys.contains(k)).map(|(v, _)| v.clone()).collect()
}

/// What changed between `base` (the group as opened here) and `theirs` (as
/// the vendor holds it now). A change to a vehicle's own fields is not one:
/// those are not edited here, and the write takes the vendor's copy anyway.
pub fn their_changes(base: &Group, theirs: &Group) -> TheirChanges {
    TheirChanges {
        renamed: (base.name != theirs.name).then(|| (base.name.clone(), theirs.name.clone())),
        customer_changed: base.customer_id != theirs.customer_id,
        eco_profile_changed: base.eco_profile_id != theirs.eco_profile_id,
        added: missing_from(theirs, base),
        removed: missing_from(base, theirs),
    }
}

/// The rows of `base` this user took out of `mine` (by their place as read).
pub fn removed_by(base: &Group, mine: &[GroupVehicle]) -> Vec<GroupVehicle> {
    let kept: HashSet<usize> = mine.iter().filter_map(|v| v.read_at).collect();
    base.vehicles.iter().filter(|v| v.read_at.is_none_or(|p| !kept.contains(&p))).cloned().collect()
}

/// Removals that cannot be put on the vendor's current copy without the
/// risk of taking out another row than the one clicked: rows sharing a
/// `VehicleId` (or having none) whose order changed between two reads.
#[derive(Clone, Debug, PartialEq)]
pub struct Inexpressible(pub Vec<GroupVehicle>);

/// `mine` (edited from `base`) on top of `theirs`: the fields this user
/// changed take this user's value, the others keep theirs; membership is
/// theirs, less the rows this user removed, plus the vehicles this user
/// brought in. What is written is the vendor's current record of the group
/// and of each vehicle it holds (a vehicle brought in keeps the record read
/// in its former group).
pub fn merge(base: &Group, mine: &Group, theirs: &Group) -> Result<Group, Inexpressible> {
    fn pick<T: PartialEq + Clone>(base: &T, mine: &T, theirs: &T) -> T {
        if mine != base {
            mine.clone()
        } else {
            theirs.clone()
        }
    }
    let base_keys = row_keys(&base.vehicles);
    let their_keys = row_keys(&theirs.vehicles);
    let removed: Vec<usize> = removed_by(base, &mine.vehicles).iter().filter_map(|v| v.read_at).collect();
    let mut dropped = vec![false; theirs.vehicles.len()];
    let mut unsafe_rows = Vec::new();
    for (row, key) in base.vehicles.iter().zip(&base_keys) {
        if !row.read_at.is_some_and(|p| removed.contains(&p)) {
            continue;
        }
        // Already gone from theirs: nothing to do.
        let Some(t) = their_keys.iter().position(|k| k == key) else { continue };
        // Its id alone does not say which row it is: the label must agree.
        let shared = key.id.is_none() || base.count_of(key.id) > 1 || theirs.count_of(key.id) > 1;
        if shared && theirs.vehicles[t].label() != row.label() {
            unsafe_rows.push(row.clone());
        }
        dropped[t] = true;
    }
    if !unsafe_rows.is_empty() {
        return Err(Inexpressible(unsafe_rows));
    }
    let mut vehicles: Vec<GroupVehicle> =
        theirs.vehicles.iter().zip(&dropped).filter(|(_, gone)| !**gone).map(|(v, _)| v.clone()).collect();
    for v in mine.vehicles.iter().filter(|v| v.read_at.is_none()) {
        if v.id.is_none() || !vehicles.iter().any(|x| x.id == v.id) {
            vehicles.push(v.clone());
        }
    }
    Ok(Group {
        id: theirs.id,
        customer_id: pick(&base.customer_id, &mine.customer_id, &theirs.customer_id),
        name: pick(&base.name, &mine.name, &theirs.name),
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
        let twin = |plate: &str| GroupVehicle { plate: Some(plate.into()), ..vehicle(1, record) };
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
            assert_eq!((c.added.len(), c.removed.len()), (0, 1));
        }
    }

    #[test]
    fn twins_reordered_elsewhere_cannot_be_removed_safely() {
        let base = twins("then");
        let mut theirs = twins("now");
        theirs.vehicles.swap(0, 1);
        let mine = without(&base, &[0]);
        assert_eq!(merge(&base, &mine, &theirs), Err(Inexpressible(vec![base.vehicles[0].clone()])));
        // A unique id needs no such check.
        let mine = without(&base, &[2]);
        assert_eq!(labels(&merge(&base, &mine, &theirs).expect("expressible").vehicles), ["HX-101-AA", "HX-100-AA"]);
    }
}
