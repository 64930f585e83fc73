//! An answer's results on their way to the model ([`Arrived`]): shared,
//! joined to the vehicle list and compared with the answer shown, each step
//! ([`Prepare`]) done by `calls.rs` in a task of its own before the model is
//! told, so that no one task does all three at 50,000 vehicles. The model
//! checks that each step was done against what it holds when the answer
//! lands, and does it again if the list or the answer shown changed
//! meanwhile. Pure, tested natively (`arrived/tests.rs`).

use std::sync::Arc;

use super::answer::Found;
use super::changes::Changes;
use super::kept::{self, Kept, Vehicles};
use crate::domain::fleet::{attach, Fleet, NearbyVehicle, StreamedVehicle};

/// One step of making an answer ready, a task each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Prepare {
    /// Joined to the vehicle list as read now.
    JoinToList,
    /// Compared with the answer shown now.
    CompareWithShown,
}

impl Prepare {
    pub const ALL: [Prepare; 2] = [Prepare::JoinToList, Prepare::CompareWithShown];

    /// The performance mark set once the step is done (for the benchmark).
    pub fn mark(self) -> &'static str {
        match self {
            Prepare::JoinToList => "map:joined",
            Prepare::CompareWithShown => "map:compared",
        }
    }
}

/// Which vehicle list the results were joined to.
#[derive(Clone, Debug)]
enum Joined {
    Not,
    /// Joined while no list was read: no result has an entry.
    ToNoList,
    To(Arc<Fleet>),
}

#[derive(Clone, Debug)]
pub struct Arrived {
    vehicles: Vec<Arc<NearbyVehicle>>,
    kept: Kept,
    joined: Joined,
    /// What changed since the results it was compared with. They are held
    /// (not named by the answer's id) because reading the vehicle list
    /// again replaces an answer's results under the same id.
    changes: Option<(Vehicles, Changes)>,
}

impl Arrived {
    /// A finished stream's results, closest first.
    pub fn new(streamed: Vec<StreamedVehicle>) -> Arrived {
        let (vehicles, kept) = kept::unzip(streamed);
        Arrived { vehicles, kept, joined: Joined::Not, changes: None }
    }

    /// Joins the results to `fleet` (see [`attach`]) unless they already are.
    pub fn join(&mut self, fleet: Option<&Arc<Fleet>>) {
        let already = match (&self.joined, fleet) {
            (Joined::To(joined), Some(fleet)) => Arc::ptr_eq(joined, fleet),
            (Joined::ToNoList, None) => true,
            _ => false,
        };
        if !already {
            attach(&mut self.vehicles, fleet.map(|f| &**f));
            self.joined = fleet.map_or(Joined::ToNoList, |f| Joined::To(f.clone()));
        }
    }

    /// Compares the results with `previous` (kept for [`Arrived::changes_since`]).
    pub fn compare(&mut self, previous: &Found) {
        if self.changes.as_ref().is_none_or(|(with, _)| !Arc::ptr_eq(with, &previous.vehicles)) {
            let changes = Changes::between(&previous.vehicles, &self.vehicles);
            self.changes = Some((previous.vehicles.clone(), changes));
        }
    }

    /// What changed since `previous`: compared already, or now.
    pub fn changes_since(&mut self, previous: &Found) -> Changes {
        self.compare(previous);
        self.changes.take().map(|(_, changes)| changes).unwrap_or_default()
    }

    /// The results, and where each fingerprint is among them.
    pub fn into_parts(self) -> (Vec<Arc<NearbyVehicle>>, Kept) {
        (self.vehicles, self.kept)
    }
}

#[cfg(test)]
mod tests;
