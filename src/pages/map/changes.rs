//! What changed between two answers to the same search (the live refresh):
//! which vehicles moved or appeared, and which left the circle. Pure,
//! tested natively; the list and the map mark them until the next answer.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::Arc;

use rustc_hash::FxHasher;

use crate::domain::fleet::NearbyVehicle;
use crate::domain::geo::distance_km;

/// A table by vehicle id.
type ById<V> = HashMap<i64, V, BuildHasherDefault<FxHasher>>;

/// Closer than this, a new position is GPS noise, not a move (metres).
pub const MOVED_M: f64 = 30.0;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// In both answers, somewhere else now.
    Moved,
    /// Not in the previous answer.
    Appeared,
}

/// The changes since the previous answer, by vehicle id.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Changes {
    marks: ById<Change>,
    /// In the previous answer, not in this one (left the circle, or no
    /// longer reported), closest first as they were.
    pub left: Vec<Arc<NearbyVehicle>>,
}

impl Changes {
    /// Compares two answers. Vehicles without an id cannot be followed and
    /// are never marked. A result the two answers share (its bytes did not
    /// change) is not compared at all.
    pub fn between(before: &[Arc<NearbyVehicle>], after: &[Arc<NearbyVehicle>]) -> Changes {
        // At 50,000 results this runs on every refresh, in one task: ids
        // are hashed with FxHash (the ids are Ocean's, not an attacker's
        // keys to a server's table) and what left is found by a flag per
        // previous result, not a second table.
        let mut previous: ById<usize> = ById::with_capacity_and_hasher(before.len(), Default::default());
        for (i, v) in before.iter().enumerate() {
            if let Some(id) = v.vehicle.id {
                previous.insert(id, i);
            }
        }
        let mut still_here = vec![false; before.len()];
        let mut marks = ById::default();
        for v in after {
            let Some(id) = v.vehicle.id else { continue };
            match previous.get(&id) {
                None => {
                    marks.insert(id, Change::Appeared);
                }
                Some(&i) => {
                    still_here[i] = true;
                    let old = &before[i];
                    if !Arc::ptr_eq(old, v) && moved(old, v) {
                        marks.insert(id, Change::Moved);
                    }
                }
            }
        }
        // A result listed twice under one id counts as here if either is.
        let here = |v: &NearbyVehicle| v.vehicle.id.and_then(|id| previous.get(&id)).is_some_and(|&i| still_here[i]);
        let left = before.iter().filter(|v| v.vehicle.id.is_some() && !here(v)).cloned().collect();
        Changes { marks, left }
    }

    pub fn of(&self, v: &NearbyVehicle) -> Option<Change> {
        self.marks.get(&v.vehicle.id?).copied()
    }

    pub fn count(&self, change: Change) -> usize {
        self.marks.values().filter(|c| **c == change).count()
    }

    pub fn is_empty(&self) -> bool {
        self.marks.is_empty() && self.left.is_empty()
    }
}

/// Its position moved by more than [`MOVED_M`]; for a vehicle whose
/// position is withheld (privacy mode), its distance to the centre did.
fn moved(old: &NearbyVehicle, new: &NearbyVehicle) -> bool {
    match (old.position(), new.position()) {
        (Some(a), Some(b)) => distance_km(a, b) * 1000.0 > MOVED_M,
        (None, None) => match (old.distance, new.distance) {
            (Some(a), Some(b)) => (a - b).abs() > MOVED_M,
            _ => false,
        },
        // Its position was just withheld or just given: not a move we can see.
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fleet::{Address, NearbyVehicleInfo};

    fn at(id: i64, lat: f64, lon: f64) -> Arc<NearbyVehicle> {
        Arc::new(NearbyVehicle {
            vehicle: NearbyVehicleInfo { id: Some(id), ..Default::default() },
            address: Some(Address { latitude: Some(lat), longitude: Some(lon), ..Default::default() }),
            ..Default::default()
        })
    }

    fn withheld(id: i64, distance: f64) -> Arc<NearbyVehicle> {
        Arc::new(NearbyVehicle {
            vehicle: NearbyVehicleInfo { id: Some(id), ..Default::default() },
            distance: Some(distance),
            ..Default::default()
        })
    }

    #[test]
    fn moved_appeared_and_left_are_told_apart() {
        let before = [at(1, 45.0, 5.0), at(2, 45.1, 5.0), at(3, 45.2, 5.0)];
        // 1 moved ~1 km, 2 moved 11 m (noise), 3 left, 4 appeared.
        let after = [at(1, 45.009, 5.0), at(2, 45.1001, 5.0), at(4, 45.3, 5.0)];
        let c = Changes::between(&before, &after);
        assert_eq!(c.of(&after[0]), Some(Change::Moved));
        assert_eq!(c.of(&after[1]), None);
        assert_eq!(c.of(&after[2]), Some(Change::Appeared));
        assert_eq!(c.left.iter().map(|v| v.vehicle.id).collect::<Vec<_>>(), [Some(3)]);
        assert_eq!((c.count(Change::Moved), c.count(Change::Appeared)), (1, 1));
        assert!(!c.is_empty());
    }

    #[test]
    fn a_result_shared_with_the_previous_answer_is_unchanged_without_a_look() {
        // Shared means the same bytes, so nothing to compare.
        let kept = at(1, 45.0, 5.0);
        let c = Changes::between(std::slice::from_ref(&kept), std::slice::from_ref(&kept));
        assert!(c.is_empty());
        let read_again = at(1, 45.0, 5.0);
        assert!(Changes::between(&[kept], &[read_again]).is_empty());
    }

    #[test]
    fn the_same_answer_again_changes_nothing() {
        let answer = [at(1, 45.0, 5.0), withheld(2, 1_500.0)];
        let c = Changes::between(&answer, &answer);
        assert!(c.is_empty());
        assert_eq!(c, Changes::default());
    }

    #[test]
    fn a_withheld_position_is_followed_by_its_distance() {
        let c = Changes::between(&[withheld(7, 1_000.0)], &[withheld(7, 1_200.0)]);
        assert_eq!(c.of(&withheld(7, 1_200.0)), Some(Change::Moved));
        let c = Changes::between(&[withheld(7, 1_000.0)], &[withheld(7, 1_010.0)]);
        assert!(c.is_empty());
        // Withheld now, given before: no move claimed.
        let c = Changes::between(&[at(7, 45.0, 5.0)], &[withheld(7, 10.0)]);
        assert!(c.is_empty());
    }

    #[test]
    fn a_vehicle_listed_twice_is_here_or_gone_as_one() {
        let before = [at(1, 45.0, 5.0), at(2, 45.1, 5.0), at(1, 45.0, 5.0), at(2, 45.1, 5.0)];
        let c = Changes::between(&before, &[at(1, 45.0, 5.0)]);
        assert_eq!(c.left.iter().map(|v| v.vehicle.id).collect::<Vec<_>>(), [Some(2), Some(2)]);
        assert_eq!(c.count(Change::Appeared) + c.count(Change::Moved), 0);
    }

    #[test]
    fn vehicles_without_an_id_are_never_marked() {
        let mut anonymous = at(0, 45.0, 5.0);
        Arc::make_mut(&mut anonymous).vehicle.id = None;
        let c = Changes::between(&[], &[anonymous.clone()]);
        assert_eq!(c.of(&anonymous), None);
        assert!(Changes::between(&[anonymous], &[]).left.is_empty());
    }
}
