//! Which row of one read of a group is which row of another read. Vehizen
//! keys a group's vehicles on `VehicleId`, but two rows may share one (or
//! have none), and a vehicle's own fields move on between reads. Pure,
//! tested natively.

use std::collections::HashMap;

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
/// among the rows of `b` not `taken`.
pub fn match_rest(a: &[GroupVehicle], b: &[GroupVehicle], found: &mut [Option<Found>], taken: &mut [bool]) {
    let mut in_b: HashMap<Option<Uuid>, Vec<usize>> = HashMap::new();
    for (j, v) in b.iter().enumerate() {
        in_b.entry(v.id).or_default().push(j);
    }
    let mut in_a: HashMap<Option<Uuid>, usize> = HashMap::new();
    for v in a {
        *in_a.entry(v.id).or_default() += 1;
    }
    let none = Vec::new();
    let candidates = |v: &GroupVehicle| in_b.get(&v.id).unwrap_or(&none);
    // A unique id on both sides is the same vehicle, whatever else changed.
    for (i, v) in a.iter().enumerate() {
        let list = candidates(v);
        if found[i].is_none() && v.id.is_some() && in_a[&v.id] == 1 && list.len() == 1 && !taken[list[0]] {
            found[i] = Some(Found::Surely(list[0]));
            taken[list[0]] = true;
        }
    }
    // Then the same record, byte for byte; then the same plate.
    let same_record = |v: &GroupVehicle, w: &GroupVehicle| !v.record.text().is_empty() && v.record == w.record;
    for (i, v) in a.iter().enumerate() {
        if found[i].is_some() {
            continue;
        }
        if let Some(&j) = candidates(v).iter().find(|&&j| !taken[j] && same_record(v, &b[j])) {
            found[i] = Some(Found::Surely(j));
            taken[j] = true;
        }
    }
    // Rows that look alike stay a guess, even the last one left.
    let open: Vec<bool> = taken.iter().map(|t| !t).collect();
    for (i, v) in a.iter().enumerate() {
        if found[i].is_some() {
            continue;
        }
        let alike = |j: &usize| b[*j].label() == v.label();
        let lookalikes = candidates(v).iter().filter(|j| open[**j] && alike(j)).count();
        found[i] = Some(match candidates(v).iter().copied().find(|j| !taken[*j] && alike(j)) {
            Some(j) if lookalikes == 1 => Found::Surely(j),
            Some(j) => Found::Probably(j),
            None => Found::Not,
        });
        if let Some(j) = found[i].and_then(Found::index) {
            taken[j] = true;
        }
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
    fn rows_that_look_the_same_are_only_probably_matched() {
        let a = [row(Some(1), "HX-100-AA", "x"), row(Some(1), "HX-100-AA", "y")];
        let b = [row(Some(1), "HX-100-AA", "x2"), row(Some(1), "HX-100-AA", "y2")];
        assert_eq!(match_rows(&a, &b), [Found::Probably(0), Found::Probably(1)]);
    }
}
