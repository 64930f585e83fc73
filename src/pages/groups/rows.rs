//! Which row of one read of a group is which row of another read. Vehizen
//! keys a group's vehicles on `VehicleId`, but two rows may share one (or
//! have none), and a vehicle's own fields move on between reads. Pure,
//! tested natively.

use std::collections::{HashMap, VecDeque};

use uuid::Uuid;

use crate::domain::groups::GroupVehicle;

/// How a row of one read was found in another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Found {
    /// The one row with its `VehicleId` in both reads, the row with its id
    /// and its very record, or the one row with its id and its plate.
    Surely(usize),
    /// Among rows with its id, the first with its plate: another row there
    /// looks the same, so which one is a guess.
    Probably(usize),
    Not,
}

impl Found {
    pub fn index(self) -> Option<usize> {
        match self {
            Found::Surely(j) | Found::Probably(j) => Some(j),
            Found::Not => None,
        }
    }
}

/// Each row of `a` in `b`, each row of `b` taken at most once.
pub fn match_rows(a: &[GroupVehicle], b: &[GroupVehicle]) -> Vec<Found> {
    let mut found = vec![None; a.len()];
    let mut taken = vec![false; b.len()];
    match_rest(a, b, &mut found, &mut taken);
    found.into_iter().map(|f| f.unwrap_or(Found::Not)).collect()
}

/// `match_rows` for the rows of `a` not decided yet (`None` in `found`),
/// among the rows of `b` not `taken`. Each pass groups rows by key, so that
/// thousands of rows sharing one id (or none) cost no more than others.
pub fn match_rest(a: &[GroupVehicle], b: &[GroupVehicle], found: &mut [Option<Found>], taken: &mut [bool]) {
    // A unique id on both sides is the same vehicle, whatever else changed.
    let mut in_b: HashMap<Option<Uuid>, Vec<usize>> = HashMap::new();
    for (j, v) in b.iter().enumerate() {
        in_b.entry(v.id).or_default().push(j);
    }
    let mut in_a: HashMap<Option<Uuid>, usize> = HashMap::new();
    for v in a {
        *in_a.entry(v.id).or_default() += 1;
    }
    for (i, v) in a.iter().enumerate() {
        if let (None, Some(id), Some([j])) = (found[i], v.id, in_b.get(&v.id).map(Vec::as_slice)) {
            if in_a.get(&Some(id)) == Some(&1) && !taken[*j] {
                found[i] = Some(Found::Surely(*j));
                taken[*j] = true;
            }
        }
    }
    // Then the same record, byte for byte.
    let mut by_record: HashMap<(Option<Uuid>, &str), VecDeque<usize>> = HashMap::new();
    for (j, v) in b.iter().enumerate().filter(|(j, v)| !taken[*j] && !v.record.text().is_empty()) {
        by_record.entry((v.id, v.record.text())).or_default().push_back(j);
    }
    for (i, v) in a.iter().enumerate() {
        if found[i].is_some() {
            continue;
        }
        if let Some(j) = by_record.get_mut(&(v.id, v.record.text())).and_then(|q| q.pop_front()) {
            found[i] = Some(Found::Surely(j));
            taken[j] = true;
        }
    }
    // Then the same plate: sure only when one row on each side looks so.
    let labels_b: Vec<String> = b.iter().map(GroupVehicle::look).collect();
    let mut by_label: HashMap<(Option<Uuid>, &str), VecDeque<usize>> = HashMap::new();
    for j in (0..b.len()).filter(|j| !taken[*j]) {
        by_label.entry((b[j].id, labels_b[j].as_str())).or_default().push_back(j);
    }
    let labels_a: Vec<Option<String>> =
        a.iter().enumerate().map(|(i, v)| found[i].is_none().then(|| v.look())).collect();
    let mut alike_in_a: HashMap<(Option<Uuid>, &str), usize> = HashMap::new();
    for (v, label) in a.iter().zip(&labels_a) {
        if let Some(label) = label {
            *alike_in_a.entry((v.id, label.as_str())).or_default() += 1;
        }
    }
    let alike_in_b: HashMap<(Option<Uuid>, &str), usize> = by_label.iter().map(|(k, q)| (*k, q.len())).collect();
    for (i, (v, label)) in a.iter().zip(&labels_a).enumerate() {
        let Some(label) = label else { continue };
        let key = (v.id, label.as_str());
        let sure = alike_in_a.get(&key) == Some(&1) && alike_in_b.get(&key) == Some(&1);
        found[i] = Some(match by_label.get_mut(&key).and_then(|q| q.pop_front()) {
            Some(j) => {
                taken[j] = true;
                if sure {
                    Found::Surely(j)
                } else {
                    Found::Probably(j)
                }
            }
            None => Found::Not,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::common::VendorRecord;

    fn row(id: Option<u128>, plate: &str, record: &str) -> GroupVehicle {
        GroupVehicle {
            id: id.map(Uuid::from_u128),
            plate: Some(plate.into()),
            record: VendorRecord::new(record),
            ..GroupVehicle::default()
        }
    }

    #[test]
    fn a_unique_id_is_the_same_vehicle_even_with_a_new_plate() {
        let a = [row(Some(1), "AB-123-CD", "then"), row(Some(2), "EF-456-GH", "then")];
        let b = [row(Some(2), "EF-456-GH", "now"), row(Some(1), "AB-123-CE", "now")];
        assert_eq!(match_rows(&a, &b), [Found::Surely(1), Found::Surely(0)]);
        assert_eq!(match_rows(&a, &b[..1]), [Found::Not, Found::Surely(0)]);
    }

    #[test]
    fn rows_sharing_an_id_are_told_apart_by_record_then_plate() {
        let a = [row(Some(1), "HX-100-AA", "x"), row(Some(1), "HX-101-AA", "y"), row(None, "ZZ-1", "z")];
        // Reordered, one record moved on, and someone removed HX-100.
        let b = [row(None, "ZZ-1", "z"), row(Some(1), "HX-101-AA", "y2")];
        assert_eq!(match_rows(&a, &b), [Found::Not, Found::Surely(1), Found::Surely(0)]);
        let swapped = [row(Some(1), "HX-101-AA", "y"), row(Some(1), "HX-100-AA", "x")];
        assert_eq!(match_rows(&a[..2], &swapped), [Found::Surely(1), Found::Surely(0)]);
    }

    #[test]
    fn a_lookalike_left_alone_on_one_side_is_still_a_guess() {
        // Twins; someone removed one, and both records moved on.
        let a = [row(Some(1), "HX-100-AA", "x"), row(Some(1), "HX-100-AA", "y")];
        let b = [row(Some(1), "HX-100-AA", "y2")];
        assert_eq!(match_rows(&a, &b), [Found::Probably(0), Found::Not]);
    }

    #[test]
    fn rows_that_look_the_same_are_only_probably_matched() {
        let a = [row(Some(1), "HX-100-AA", "x"), row(Some(1), "HX-100-AA", "y")];
        let b = [row(Some(1), "HX-100-AA", "x2"), row(Some(1), "HX-100-AA", "y2")];
        assert_eq!(match_rows(&a, &b), [Found::Probably(0), Found::Probably(1)]);
    }
}
