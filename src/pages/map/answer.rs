//! An answer to a nearest-vehicles search: [`Found`], as Ocean sent it, and
//! [`Results`], as the page shows it. The views reach the vehicles only
//! through `Results`' few accessors, so that how they are held can change
//! without touching the views. Pure, tested natively (`model/tests.rs`).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use super::kept::{Kept, Vehicles};
use crate::domain::common::DecodeWarning;
use crate::domain::fleet::{is_shown, NearbyVehicle};
use crate::links::Search;

/// A finished search and what it found, closest first.
#[derive(Clone, Debug, PartialEq)]
pub struct Found {
    /// Drawn when the answer arrives ([`AnswerId::next`]).
    pub id: AnswerId,
    pub search: Search,
    /// Shared: reading the answer must not copy thousands of vehicles.
    /// Joined to the vehicle list in place (`fleet::attach`) by the model.
    pub vehicles: Vehicles,
    /// Where each result's fingerprint is in `vehicles`, for the next refresh.
    pub kept: Arc<Kept>,
    pub warnings: Vec<DecodeWarning>,
    /// The previous answer's search run again (the live refresh): the
    /// selection, the map's view and the list's length are kept.
    pub refresh: bool,
}

/// Which answer a [`Results`] shows: the same across joins of one answer
/// (the vehicle list arrived, the entity filter changed), another for the
/// next answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AnswerId(u64);

impl AnswerId {
    pub fn next() -> AnswerId {
        AnswerId(next_id())
    }
}

/// Which join of an answer a [`Results`] is: another one after each join.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ListId(u64);

/// Ids come from one counter and are never reused, unlike the address of an
/// answer's vehicles, which a later answer may get once the first is freed
/// (a dot pointed at two refreshes ago would then pass for a current one).
fn next_id() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// A vehicle picked in the list or on the map.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pick {
    /// Row `index` of the results as shown when it was picked, and its id.
    Row { index: usize, id: Option<i64> },
    /// The vehicle with this id, found again after the results were joined
    /// anew (it was still among them).
    Vehicle(i64),
}

impl Pick {
    pub fn id(self) -> Option<i64> {
        match self {
            Pick::Row { id, .. } => id,
            Pick::Vehicle(id) => Some(id),
        }
    }
}

/// An answer as shown: joined to the customer's vehicle list (plates
/// replace descriptions), deleted vehicles left out, filtered by entity.
/// The answer's vehicles are shared, not copied: only which of them are
/// shown is the results' own.
#[derive(Clone, Debug)]
pub struct Results {
    search: Search,
    vehicles: Vehicles,
    /// The rows shown, as indices into `vehicles` (`None`: every one).
    rows: Option<Arc<[u32]>>,
    warnings: Vec<DecodeWarning>,
    refresh: bool,
    answer: AnswerId,
    list: ListId,
}

/// Two results are the same when they are one join of one answer: comparing
/// 50,000 vehicles field by field each time would cost more than showing them.
impl PartialEq for Results {
    fn eq(&self, other: &Self) -> bool {
        self.list == other.list
    }
}

impl Results {
    /// `found` (joined to the vehicle list, if `read`) filtered by `entity`.
    pub fn joined(found: &Found, read: bool, entity: Option<i64>) -> Results {
        let vehicles = &found.vehicles;
        let all = vehicles.iter().all(|v| is_shown(v, read, entity));
        let rows = (!all).then(|| {
            let shown = vehicles.iter().enumerate().filter(|(_, v)| is_shown(v, read, entity));
            shown.map(|(i, _)| i as u32).collect()
        });
        Results {
            search: found.search,
            vehicles: vehicles.clone(),
            rows,
            warnings: found.warnings.clone(),
            refresh: found.refresh,
            answer: found.id,
            list: ListId(next_id()),
        }
    }

    /// The search these results answer.
    pub fn search(&self) -> Search {
        self.search
    }

    /// What Ocean sent that could not be read.
    pub fn warnings(&self) -> &[DecodeWarning] {
        &self.warnings
    }

    /// A live refresh of the previous answer's search.
    pub fn is_refresh(&self) -> bool {
        self.refresh
    }

    pub fn answer(&self) -> AnswerId {
        self.answer
    }

    pub fn list(&self) -> ListId {
        self.list
    }

    pub fn len(&self) -> usize {
        self.rows.as_ref().map_or(self.vehicles.len(), |r| r.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The vehicle in row `i` (0: the closest).
    pub fn get(&self, i: usize) -> Option<&NearbyVehicle> {
        let at = match &self.rows {
            None => i,
            Some(rows) => *rows.get(i)? as usize,
        };
        self.vehicles.get(at).map(|v| &**v)
    }

    /// Every vehicle, closest first.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &NearbyVehicle> {
        let vehicles = self.vehicles.as_slice();
        let rows = self.rows.as_deref();
        (0..self.len()).map(move |i| &*vehicles[rows.map_or(i, |r| r[i] as usize)])
    }

    /// How many have a position (the dots drawn).
    pub fn located(&self) -> usize {
        self.iter().filter(|v| v.position().is_some()).count()
    }

    /// The row a pick stands for in these results, if it is among them.
    pub fn row_of(&self, pick: Pick) -> Option<usize> {
        match pick {
            Pick::Row { index, .. } => (index < self.len()).then_some(index),
            Pick::Vehicle(id) => self.iter().position(|v| v.vehicle.id == Some(id)),
        }
    }
}

/// Whether the vehicle `id` of `found` is among its results (joined to the
/// list, if `read`) filtered by `entity`, without going through the others.
pub fn shows(found: &Found, read: bool, entity: Option<i64>, id: i64) -> bool {
    found.vehicles.iter().any(|v| v.vehicle.id == Some(id) && is_shown(v, read, entity))
}
