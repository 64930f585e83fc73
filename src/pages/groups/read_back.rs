//! Did the vendor keep what was saved? After a save the group is read back,
//! and each change the user asked for is looked for in that copy: rows
//! removed and brought in, the name, the customer, the eco-driving profile.
//! Pure, tested natively.

use std::collections::{HashMap, HashSet};

use uuid::Uuid;

use super::merge::removed_by;
use crate::domain::groups::{Group, GroupVehicle};

/// One change the user asked for that the vendor's copy does not show.
#[derive(Clone, Debug, PartialEq)]
pub enum NotKept {
    /// Removed here, still listed there.
    StillListed(GroupVehicle),
    /// Brought in here, not listed there.
    NotAdded(GroupVehicle),
    /// Brought in and listed, but its own record still names another group.
    FiledElsewhere(GroupVehicle),
    /// Kept here, no longer listed there.
    Dropped(GroupVehicle),
    /// Renamed here; the vendor kept this name.
    Name(String),
    Customer,
    EcoProfile,
}

/// How rows are counted: a `VehicleId`, with the row's look where the id
/// is not unique.
type RowKey = (Option<Uuid>, Option<String>);

/// What of the change from `before` (the vendor's copy the save started
/// from; an empty group for a create) to `sent` the read-back `after` does
/// not show. Rows are counted: by `VehicleId` where it is unique, else by
/// id and plate, since of rows that look the same nobody can tell which
/// one the vendor kept, only how many.
pub fn not_kept(before: &Group, sent: &Group, after: &Group) -> Vec<NotKept> {
    let mut out = Vec::new();
    if sent.name != before.name && after.name != sent.name {
        out.push(NotKept::Name(after.name.clone()));
    }
    if sent.customer_id != before.customer_id && after.customer_id != sent.customer_id {
        out.push(NotKept::Customer);
    }
    if sent.eco_profile_id != before.eco_profile_id && after.eco_profile_id != sent.eco_profile_id {
        out.push(NotKept::EcoProfile);
    }
    let ids = |g: &Group| {
        let mut n: HashMap<Option<Uuid>, usize> = HashMap::new();
        for v in &g.vehicles {
            *n.entry(v.id).or_default() += 1;
        }
        n
    };
    let (ids_before, ids_sent, ids_after) = (ids(before), ids(sent), ids(after));
    let key = |v: &GroupVehicle| {
        let shared = v.id.is_none() || [&ids_before, &ids_sent, &ids_after].iter().any(|n| n.get(&v.id) > Some(&1));
        (v.id, shared.then(|| v.look()))
    };
    let count = |g: &Group| {
        let mut n: HashMap<RowKey, usize> = HashMap::new();
        for v in &g.vehicles {
            *n.entry(key(v)).or_default() += 1;
        }
        n
    };
    let (sent_n, after_n) = (count(sent), count(after));
    let diff = |a: Option<&usize>, b: Option<&usize>| a.unwrap_or(&0).saturating_sub(*b.unwrap_or(&0));
    // Rows are named by their key first; then, where the vendor's plates
    // differ from ours, as many more rows of the id as its count is off.
    let name =
        |rows: Vec<&GroupVehicle>, off: &dyn Fn(&RowKey) -> usize, off_by_id: &dyn Fn(&Option<Uuid>) -> usize| {
            let mut by_key: HashMap<RowKey, usize> = HashMap::new();
            let mut by_id: HashMap<Option<Uuid>, usize> = HashMap::new();
            let mut named = vec![false; rows.len()];
            for (i, v) in rows.iter().enumerate() {
                let k = key(v);
                let n = by_key.entry(k.clone()).or_default();
                if *n < off(&k) {
                    *n += 1;
                    *by_id.entry(v.id).or_default() += 1;
                    named[i] = true;
                }
            }
            for (i, v) in rows.iter().enumerate() {
                let n = by_id.entry(v.id).or_default();
                if !named[i] && *n < off_by_id(&v.id) {
                    *n += 1;
                    named[i] = true;
                }
            }
            rows.into_iter().zip(named).filter(|(_, n)| *n).map(|(v, _)| v.clone()).collect::<Vec<_>>()
        };
    let removed = removed_by(before, &sent.vehicles);
    let still = name(removed.iter().collect(), &|k| diff(after_n.get(k), sent_n.get(k)), &|id| {
        diff(ids_after.get(id), ids_sent.get(id))
    });
    out.extend(still.into_iter().map(NotKept::StillListed));
    // Rows brought in first, then rows kept.
    let (brought, kept): (Vec<&GroupVehicle>, Vec<&GroupVehicle>) =
        sent.vehicles.iter().partition(|v| v.read_at.is_none());
    let missing =
        name(brought.iter().chain(&kept).copied().collect(), &|k| diff(sent_n.get(k), after_n.get(k)), &|id| {
            diff(ids_sent.get(id), ids_after.get(id))
        });
    out.extend(
        missing.into_iter().map(|v| if v.read_at.is_none() { NotKept::NotAdded(v) } else { NotKept::Dropped(v) }),
    );
    // Once the group has an id, each vehicle brought in should name it.
    if after.id.is_some() {
        let brought_ids: HashSet<Uuid> = brought.iter().filter_map(|v| v.id).collect();
        let elsewhere = |v: &&GroupVehicle| v.group_id.is_some() && v.group_id != after.id;
        let filed =
            after.vehicles.iter().filter(|v| v.id.is_some_and(|id| brought_ids.contains(&id))).filter(elsewhere);
        out.extend(filed.cloned().map(NotKept::FiledElsewhere));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vehicle(n: u128, plate: &str) -> GroupVehicle {
        GroupVehicle {
            id: Some(Uuid::from_u128(n)),
            plate: Some(plate.into()),
            group_id: Some(Uuid::from_u128(99)),
            ..GroupVehicle::default()
        }
    }

    fn read(vehicles: Vec<GroupVehicle>) -> Group {
        Group {
            id: Some(Uuid::from_u128(99)),
            name: "G".into(),
            vehicles: vehicles.into_iter().enumerate().map(|(i, v)| GroupVehicle { read_at: Some(i), ..v }).collect(),
            ..Group::default()
        }
    }

    fn fleet() -> Group {
        read(vec![vehicle(1, "HX-101-AA"), vehicle(2, "HX-102-AA"), vehicle(3, "HX-103-AA")])
    }

    fn without(g: &Group, place: usize) -> Group {
        let mut g = g.clone();
        g.vehicles.retain(|v| v.read_at != Some(place));
        g
    }

    #[test]
    fn everything_kept_is_nothing_to_say() {
        let before = fleet();
        let mut sent = without(&before, 0);
        sent.name = "H".into();
        sent.vehicles.push(vehicle(5, "HX-105-AA").brought_in());
        let mut after = read(vec![vehicle(2, "HX-102-AA"), vehicle(3, "HX-103-AA"), vehicle(5, "HX-105-AA")]);
        after.name = "H".into();
        assert_eq!(not_kept(&before, &sent, &after), []);
    }

    #[test]
    fn a_removal_the_vendor_ignored_is_named() {
        let before = fleet();
        let sent = without(&before, 0);
        assert_eq!(not_kept(&before, &sent, &fleet()), [NotKept::StillListed(before.vehicles[0].clone())]);
    }

    #[test]
    fn twins_are_told_apart_by_plate_and_look_alikes_by_count() {
        let twin = |plate: &str| vehicle(1, plate);
        let before = read(vec![twin("HX-100-AA"), twin("HX-101-AA"), vehicle(3, "HX-103-AA")]);
        let sent = without(&before, 1);
        // As asked.
        let after = read(vec![twin("HX-100-AA"), vehicle(3, "HX-103-AA")]);
        assert_eq!(not_kept(&before, &sent, &after), []);
        // The vendor dropped the row sent and kept the one removed.
        let after = read(vec![twin("HX-101-AA"), vehicle(3, "HX-103-AA")]);
        assert_eq!(
            not_kept(&before, &sent, &after),
            [NotKept::StillListed(before.vehicles[1].clone()), NotKept::Dropped(before.vehicles[0].clone())]
        );
        // Both still there: the removed one is named.
        assert_eq!(not_kept(&before, &sent, &before), [NotKept::StillListed(before.vehicles[1].clone())]);
        // Rows that look the same: how many is all that can be checked.
        let same = read(vec![twin("HX-100-AA"), twin("HX-100-AA")]);
        let one = without(&same, 0);
        assert_eq!(not_kept(&same, &one, &without(&same, 1)), []);
        assert_eq!(not_kept(&same, &one, &same), [NotKept::StillListed(same.vehicles[0].clone())]);
    }

    #[test]
    fn a_removal_ignored_is_named_even_when_the_vendor_rewrote_the_plate() {
        let twin = |plate: &str| vehicle(1, plate);
        let before = read(vec![twin("hx-100-aa"), twin("HX-101-AA")]);
        let sent = without(&before, 0);
        let after = read(vec![twin("HX-100-AA"), twin("HX-101-AA")]);
        assert_eq!(not_kept(&before, &sent, &after), [NotKept::StillListed(before.vehicles[0].clone())]);
    }

    #[test]
    fn a_unique_vehicle_whose_plate_the_vendor_corrected_is_still_kept() {
        let before = fleet();
        let mut after = fleet();
        after.vehicles[0].plate = Some("HX-101-AB".into());
        assert_eq!(not_kept(&before, &before, &after), []);
    }

    #[test]
    fn a_rename_customer_or_profile_not_kept_is_named_only_when_asked_for() {
        let before = fleet();
        let mut sent = before.clone();
        sent.name = "Renamed".into();
        sent.customer_id = Some(Uuid::from_u128(8));
        sent.eco_profile_id = Some(Uuid::from_u128(9));
        assert_eq!(
            not_kept(&before, &sent, &before),
            [NotKept::Name("G".into()), NotKept::Customer, NotKept::EcoProfile]
        );
        // Not asked for: someone else's business.
        let mut after = before.clone();
        after.name = "Elsewhere".into();
        assert_eq!(not_kept(&before, &before, &after), []);
    }

    #[test]
    fn a_vehicle_brought_in_must_be_listed_and_filed_here() {
        let before = fleet();
        let mut sent = before.clone();
        let moved = GroupVehicle { group_id: Some(Uuid::from_u128(42)), ..vehicle(5, "HX-105-AA") };
        sent.vehicles.push(moved.brought_in());
        assert_eq!(not_kept(&before, &sent, &before), [NotKept::NotAdded(moved.brought_in())]);
        let mut after = fleet();
        after.vehicles.push(moved.clone());
        assert_eq!(not_kept(&before, &sent, &after), [NotKept::FiledElsewhere(moved)]);
    }

    #[test]
    fn a_vehicle_kept_here_and_gone_there_is_named() {
        let before = fleet();
        let sent = before.clone();
        let after = without(&before, 1);
        assert_eq!(not_kept(&before, &sent, &after), [NotKept::Dropped(before.vehicles[1].clone())]);
    }

    #[test]
    fn a_create_checks_everything_it_sent() {
        let before = Group::default();
        let mut sent = Group { name: "New".into(), customer_id: Some(Uuid::from_u128(7)), ..Group::default() };
        sent.vehicles.push(vehicle(1, "HX-101-AA").brought_in());
        let after = Group { id: Some(Uuid::from_u128(99)), name: "New".into(), ..Group::default() };
        assert_eq!(
            not_kept(&before, &sent, &after),
            [NotKept::Customer, NotKept::NotAdded(vehicle(1, "HX-101-AA").brought_in())]
        );
    }
}
