//! Two people editing one group: what the other changed since this user
//! opened it ([`their_changes`]), and this user's changes put on top of
//! theirs ([`merge`], a three-way merge of the group's fields and
//! membership). Pure, tested natively.

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

fn has(group: &Group, id: Uuid) -> bool {
    group.vehicles.iter().any(|v| v.id == id)
}

/// Vehicles of `a` that `b` does not have.
fn missing_from(a: &Group, b: &Group) -> Vec<GroupVehicle> {
    a.vehicles.iter().filter(|v| !has(b, v.id)).cloned().collect()
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

/// `mine` (edited from `base`) on top of `theirs`: the fields this user
/// changed take this user's value, the others keep theirs; membership is
/// theirs, less the vehicles this user removed, plus the ones this user
/// added. What is written is the vendor's current record of the group and
/// of each vehicle it holds (a vehicle this user brought in keeps the record
/// read in its former group).
pub fn merge(base: &Group, mine: &Group, theirs: &Group) -> Group {
    fn pick<T: PartialEq + Clone>(base: &T, mine: &T, theirs: &T) -> T {
        if mine != base {
            mine.clone()
        } else {
            theirs.clone()
        }
    }
    let removed_by_me = missing_from(base, mine);
    let mut vehicles: Vec<GroupVehicle> =
        theirs.vehicles.iter().filter(|v| !removed_by_me.iter().any(|r| r.id == v.id)).cloned().collect();
    for v in missing_from(mine, base) {
        if !vehicles.iter().any(|x| x.id == v.id) {
            vehicles.push(v);
        }
    }
    Group {
        id: theirs.id,
        customer_id: pick(&base.customer_id, &mine.customer_id, &theirs.customer_id),
        name: pick(&base.name, &mine.name, &theirs.name),
        eco_profile_id: pick(&base.eco_profile_id, &mine.eco_profile_id, &theirs.eco_profile_id),
        vehicles,
        record: theirs.record.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::common::VendorRecord;

    fn vehicle(n: u128, record: &str) -> GroupVehicle {
        GroupVehicle {
            id: Uuid::from_u128(n),
            plate: Some(format!("AA-{n:03}-AA")),
            record: VendorRecord::new(record),
            ..GroupVehicle::default()
        }
    }

    fn group(name: &str, members: &[u128], record: &str) -> Group {
        Group {
            id: Some(Uuid::from_u128(99)),
            customer_id: Some(Uuid::from_u128(7)),
            name: name.into(),
            vehicles: members.iter().map(|&n| vehicle(n, record)).collect(),
            record: VendorRecord::new(record),
            ..Group::default()
        }
    }

    fn ids(g: &Group) -> Vec<u128> {
        g.vehicles.iter().map(|v| v.id.as_u128()).collect()
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
        assert_eq!(c.added.iter().map(|v| v.id.as_u128()).collect::<Vec<_>>(), [4]);
        assert_eq!(c.removed.iter().map(|v| v.id.as_u128()).collect::<Vec<_>>(), [2]);
        assert!(!c.customer_changed && !c.eco_profile_changed);
    }

    #[test]
    fn merge_keeps_their_changes_and_adds_mine() {
        let base = group("G", &[1, 2, 3], "then");
        // I removed 1 and brought in 5 (with its former group's record).
        let mut mine = group("G", &[2, 3], "then");
        mine.vehicles.push(vehicle(5, "from elsewhere"));
        // They removed 2, added 4 and renamed the group.
        let theirs = group("H", &[1, 3, 4], "now");
        let merged = merge(&base, &mine, &theirs);
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
        let merged = merge(&base, &mine, &theirs);
        assert_eq!(merged.name, "Mine");
        assert_eq!(merged.eco_profile_id, Some(Uuid::from_u128(3)));
        assert_eq!(merged.customer_id, Some(Uuid::from_u128(8)));
    }

    #[test]
    fn a_vehicle_both_added_or_both_removed_appears_once_or_not_at_all() {
        let base = group("G", &[1, 2], "then");
        let mine = group("G", &[2, 5], "then");
        let theirs = group("G", &[2, 5], "now");
        assert_eq!(ids(&merge(&base, &mine, &theirs)), [2, 5]);
    }

    #[test]
    fn with_no_change_elsewhere_the_merge_is_mine_on_the_vendors_records() {
        let base = group("G", &[1, 2], "then");
        let mine = group("New name", &[2], "then");
        let theirs = group("G", &[1, 2], "now");
        let merged = merge(&base, &mine, &theirs);
        assert_eq!((merged.name.as_str(), ids(&merged)), ("New name", vec![2]));
        assert_eq!(merged.vehicles[0].record.text(), "now");
    }
}
