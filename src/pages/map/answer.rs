//! An answer to a nearest-vehicles search: [`Found`], as Ocean sent it, and
//! [`Results`], as the page shows it. The views reach the vehicles only
//! through `Results`' few accessors, so that how they are held can change
//! without touching the views. Pure, tested natively (`model/tests.rs`).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use crate::domain::common::DecodeWarning;
use crate::domain::fleet::{join, Fleet, NearbyVehicle};
use crate::links::Search;

/// A finished search and what it found, closest first.
#[derive(Clone, Debug, PartialEq)]
pub struct Found {
    /// Drawn when the answer arrives ([`AnswerId::next`]).
    pub id: AnswerId,
    pub search: Search,
    /// Shared: reading the answer must not copy thousands of vehicles.
    pub vehicles: Arc<Vec<NearbyVehicle>>,
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
#[derive(Clone, Debug)]
pub struct Results {
    search: Search,
    vehicles: Arc<Vec<NearbyVehicle>>,
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
    /// `found` joined to `fleet` (if read) and filtered by `entity`.
    pub fn joined(found: &Found, fleet: Option<&Fleet>, entity: Option<i64>) -> Results {
        Results {
            search: found.search,
            vehicles: Arc::new(join(&found.vehicles, fleet, entity)),
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
        self.vehicles.len()
    }

    pub fn is_empty(&self) -> bool {
        self.vehicles.is_empty()
    }

    /// The vehicle in row `i` (0: the closest).
    pub fn get(&self, i: usize) -> Option<&NearbyVehicle> {
        self.vehicles.get(i)
    }

    /// Every vehicle, closest first.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &NearbyVehicle> {
        self.vehicles.iter()
    }

    /// How many have a position (the dots drawn).
    pub fn located(&self) -> usize {
        self.vehicles.iter().filter(|v| v.position().is_some()).count()
    }

    /// The row a pick stands for in these results, if it is among them.
    pub fn row_of(&self, pick: Pick) -> Option<usize> {
        match pick {
            Pick::Row { index, .. } => (index < self.vehicles.len()).then_some(index),
            Pick::Vehicle(id) => self.vehicles.iter().position(|v| v.vehicle.id == Some(id)),
        }
    }
}

/// Whether the vehicle `id` of `found` is among its results joined to
/// `fleet` and filtered by `entity` (without joining the whole answer).
pub fn shows(found: &Found, fleet: Option<&Fleet>, entity: Option<i64>, id: i64) -> bool {
    found
        .vehicles
        .iter()
        .filter(|v| v.vehicle.id == Some(id))
        .any(|v| !join(std::slice::from_ref(v), fleet, entity).is_empty())
}
