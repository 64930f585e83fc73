//! What a refresh keeps of the previous answer to the same search: its
//! results by the fingerprint of the bytes each was read from ([`Kept`]).
//! The next answer's stream takes a result whose bytes did not change from
//! here instead of reading it again, so the two answers share it: at 50,000
//! vehicles of which a few thousand moved, a refresh decodes and holds only
//! those. Pure, tested natively.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::Arc;

use rustc_hash::FxHasher;

use crate::domain::common::Fingerprint;
use crate::domain::fleet::NearbyVehicle;
use crate::vendors::ocean::Known;

/// An answer's results, closest first: each shared with the previous
/// answer when its bytes did not change, and the list shared by the results
/// on screen.
pub type Vehicles = Arc<Vec<Arc<NearbyVehicle>>>;

/// An answer's results by fingerprint: where each is in the answer (an
/// index, not a second handle on the result, so that joining the answer to
/// the vehicle list later does not find every result shared and copy it).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Kept {
    at: HashMap<Fingerprint, u32, BuildHasherDefault<FxHasher>>,
}

impl Kept {
    /// The results of one answer, in its order, by their fingerprints
    /// (`None`: read by the tolerant reader, never reused).
    pub fn index(fingerprints: impl ExactSizeIterator<Item = Option<Fingerprint>>) -> Kept {
        let mut at = HashMap::with_capacity_and_hasher(fingerprints.len(), Default::default());
        for (i, fingerprint) in fingerprints.enumerate() {
            if let Some(f) = fingerprint {
                at.insert(f, i as u32);
            }
        }
        Kept { at }
    }

    /// Where the result read from bytes with this fingerprint is.
    pub fn get(&self, fingerprint: Fingerprint) -> Option<usize> {
        self.at.get(&fingerprint).map(|i| *i as usize)
    }

    pub fn len(&self) -> usize {
        self.at.len()
    }

    pub fn is_empty(&self) -> bool {
        self.at.is_empty()
    }
}

/// What the stream of a refresh may take from the previous answer (its
/// results, and where their fingerprints are), if there is one.
pub fn known(previous: Option<(Vehicles, Arc<Kept>)>) -> Known {
    let Some((vehicles, kept)) = previous else { return Known::nothing() };
    let results = vehicles.len();
    Known { by_fingerprint: Box::new(move |fingerprint| Some(vehicles.get(kept.get(fingerprint)?)?.clone())), results }
}

/// The shared results of a finished stream, and where each fingerprint is.
pub fn unzip(streamed: Vec<crate::domain::fleet::StreamedVehicle>) -> (Vec<Arc<NearbyVehicle>>, Kept) {
    // Pushed into a list of its own size, not collected: a collect reuses
    // the streamed list's allocation in place, six times the room the
    // results need (a handle is 4 bytes on wasm32, a streamed result 24),
    // and the answer would hold it for as long as it is shown.
    let (mut vehicles, mut fingerprints) = (Vec::with_capacity(streamed.len()), Vec::with_capacity(streamed.len()));
    for s in streamed {
        fingerprints.push(s.fingerprint);
        vehicles.push(s.vehicle);
    }
    (vehicles, Kept::index(fingerprints.into_iter()))
}

#[cfg(test)]
mod tests;
