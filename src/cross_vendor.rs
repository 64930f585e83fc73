//! One vehicle across vendors, from what this tab has already read: the
//! Vehizen groups (the pinned list, the groups opened) that the map
//! matches an Ocean vehicle against, and where each Ocean vehicle was
//! last seen, which the group editor links to. No vendor is called for it,
//! and it lives in memory only (vendor data is not kept in the browser).

use std::collections::HashMap;

use leptos::prelude::*;
use uuid::Uuid;

use crate::domain::fleet::Fleet;
use crate::domain::groups::Group;
use crate::domain::matching::{MatchedBy, VehicleKeys};

/// A Vehizen group as far as matching needs it.
#[derive(Clone, Debug, PartialEq)]
pub struct KnownGroup {
    pub id: Uuid,
    pub name: String,
    members: Vec<VehicleKeys>,
}

impl KnownGroup {
    pub fn of(group: &Group) -> Option<KnownGroup> {
        Some(KnownGroup {
            id: group.id?,
            name: group.name.clone(),
            members: group.vehicles.iter().map(|v| VehicleKeys::new(v.vin.as_deref(), v.plate.as_deref())).collect(),
        })
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct GroupMatch {
    pub id: Uuid,
    pub name: String,
    pub by: MatchedBy,
}

/// The groups that hold this vehicle: matches by VIN first, then by name.
pub fn groups_holding<'a>(keys: &VehicleKeys, groups: impl Iterator<Item = &'a KnownGroup>) -> Vec<GroupMatch> {
    if keys.is_empty() {
        return Vec::new();
    }
    let mut found: Vec<GroupMatch> = groups
        .filter_map(|g| {
            let by = g.members.iter().filter_map(|m| keys.same_as(m)).min_by_key(|b| *b != MatchedBy::Vin)?;
            Some(GroupMatch { id: g.id, name: g.name.clone(), by })
        })
        .collect();
    found.sort_by(|a, b| (a.by != MatchedBy::Vin, &a.name).cmp(&(b.by != MatchedBy::Vin, &b.name)));
    found
}

/// The Ocean vehicle that is this one: a VIN match first, else a plate match.
pub fn ocean_vehicle(fleet: &Fleet, keys: &VehicleKeys) -> Option<i64> {
    let mut by_plate = None;
    for v in fleet.vehicles().filter(|v| !v.deleted) {
        match keys.same_as(&VehicleKeys::new(v.vin.as_deref(), v.plate.as_deref())) {
            Some(MatchedBy::Vin) => return Some(v.id),
            Some(MatchedBy::Plate) if by_plate.is_none() => by_plate = Some(v.id),
            _ => {}
        }
    }
    by_plate
}

/// What the tab knows, shared by the pages (a context from `lib.rs`).
#[derive(Clone, Copy)]
pub struct CrossVendor {
    groups: RwSignal<HashMap<Uuid, KnownGroup>>,
    /// Ocean vehicle id → where the last answer that had it placed it.
    seen: RwSignal<HashMap<i64, (f64, f64)>>,
}

impl Default for CrossVendor {
    fn default() -> Self {
        CrossVendor { groups: RwSignal::new(HashMap::new()), seen: RwSignal::new(HashMap::new()) }
    }
}

impl CrossVendor {
    /// A group as read from Vehizen (or as saved).
    pub fn remember_group(&self, group: &Group) {
        if let Some(known) = KnownGroup::of(group) {
            self.groups.update(|g| {
                g.insert(known.id, known);
            });
        }
    }

    pub fn groups_count(&self) -> usize {
        self.groups.with(HashMap::len)
    }

    pub fn groups_holding(&self, keys: &VehicleKeys) -> Vec<GroupMatch> {
        self.groups.with(|g| groups_holding(keys, g.values()))
    }

    /// Positions from a map answer.
    pub fn remember_positions(&self, seen: impl Iterator<Item = (i64, (f64, f64))>) {
        self.seen.update(|s| s.extend(seen));
    }

    pub fn last_seen(&self, ocean_id: i64) -> Option<(f64, f64)> {
        self.seen.with(|s| s.get(&ocean_id).copied())
    }
}

pub fn use_cross_vendor() -> CrossVendor {
    use_context::<CrossVendor>().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fleet::ListedVehicle;
    use crate::domain::groups::GroupVehicle;

    fn group(name: &str, members: &[(Option<&str>, Option<&str>)]) -> KnownGroup {
        let g = Group {
            id: Some(Uuid::new_v4()),
            name: name.into(),
            vehicles: members
                .iter()
                .map(|(vin, plate)| GroupVehicle {
                    id: Some(Uuid::new_v4()),
                    vin: vin.map(str::to_string),
                    plate: plate.map(str::to_string),
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        };
        KnownGroup::of(&g).expect("has an id")
    }

    #[test]
    fn groups_holding_a_vehicle_by_vin_first_then_by_plate() {
        let vin = "VF1RFB00X66123456";
        let groups = [
            group("Pool électrique", &[(None, Some("ab 123 cd"))]),
            group("Direction", &[(Some(vin), Some("ZZ-999-ZZ"))]),
            group("Techniciens", &[(Some("VF1RFB00X66999999"), Some("AB-123-CD"))]),
            group("Vide", &[]),
        ];
        let found = groups_holding(&VehicleKeys::new(Some(vin), Some("AB-123-CD")), groups.iter());
        let names: Vec<(&str, MatchedBy)> = found.iter().map(|m| (m.name.as_str(), m.by)).collect();
        // Techniciens holds another vehicle (another VIN) under that plate.
        assert_eq!(names, [("Direction", MatchedBy::Vin), ("Pool électrique", MatchedBy::Plate)]);
        assert!(groups_holding(&VehicleKeys::new(None, None), groups.iter()).is_empty());
    }

    #[test]
    fn the_ocean_vehicle_is_found_by_vin_before_plate() {
        let record = |id, vin: Option<&str>, plate: &str, deleted| ListedVehicle {
            id,
            vin: vin.map(Into::into),
            plate: Some(plate.into()),
            fleet_number: None,
            description: None,
            entity: None,
            driver_name: None,
            private: false,
            deleted,
        };
        let fleet = Fleet::new(vec![
            record(1, None, "AB-123-CD", false),
            record(2, Some("VF1RFB00X66123456"), "XX-000-XX", false),
            record(3, None, "EF-456-GH", true),
        ]);
        assert_eq!(ocean_vehicle(&fleet, &VehicleKeys::new(Some("VF1RFB00X66123456"), Some("AB123CD"))), Some(2));
        assert_eq!(ocean_vehicle(&fleet, &VehicleKeys::new(None, Some("ab 123 cd"))), Some(1));
        assert_eq!(ocean_vehicle(&fleet, &VehicleKeys::new(None, Some("EF-456-GH"))), None, "deleted in Ocean");
    }
}
