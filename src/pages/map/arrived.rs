//! An answer's results on their way to the model ([`Arrived`]): shared,
//! joined to the vehicle list and compared with the answer shown, each step
//! done by `calls.rs` in a task of its own before the model is told, so that
//! no one task does all three at 50,000 vehicles. The model checks that
//! each step was done against what it holds when the answer lands, and does
//! it again if the list or the answer shown changed meanwhile. Pure, tested
//! natively (`model/tests.rs`).

use std::sync::Arc;

use super::answer::{AnswerId, Found};
use super::changes::Changes;
use super::kept::{self, Kept};
use crate::domain::fleet::{attach, Fleet, NearbyVehicle, StreamedVehicle};

#[derive(Clone, Debug)]
pub struct Arrived {
    vehicles: Vec<Arc<NearbyVehicle>>,
    kept: Kept,
    /// The list the results were joined to (`Some(None)`: to no list, it
    /// was not read); `None` before they were joined at all.
    joined_to: Option<Option<Arc<Fleet>>>,
    /// What changed since the answer with this id, once compared.
    changes: Option<(AnswerId, Changes)>,
}

impl Arrived {
    /// A finished stream's results, closest first.
    pub fn new(streamed: Vec<StreamedVehicle>) -> Arrived {
        let (vehicles, kept) = kept::unzip(streamed);
        Arrived { vehicles, kept, joined_to: None, changes: None }
    }

    /// Joins the results to `fleet` (see [`attach`]) unless they already are.
    pub fn join(&mut self, fleet: Option<&Arc<Fleet>>) {
        let already = match (&self.joined_to, fleet) {
            (Some(Some(joined)), Some(fleet)) => Arc::ptr_eq(joined, fleet),
            (Some(None), None) => true,
            _ => false,
        };
        if !already {
            attach(&mut self.vehicles, fleet.map(|f| &**f));
            self.joined_to = Some(fleet.cloned());
        }
    }

    /// Compares the results with `previous` (kept for [`Arrived::changes_since`]).
    pub fn compare(&mut self, previous: &Found) {
        if self.changes.as_ref().is_none_or(|(id, _)| *id != previous.id) {
            self.changes = Some((previous.id, Changes::between(&previous.vehicles, &self.vehicles)));
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
