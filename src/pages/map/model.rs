//! The map page's state as one value, [`MapModel`], changed only by
//! [`MapModel::apply`]: a search on its way, an answer or a failure, the
//! vehicle list read, the entity filter, the selection and the hover. Pure,
//! tested natively (`model/tests.rs`); `mod.rs` holds it in a signal and
//! derives what the views read from it.

use std::sync::Arc;

use super::answer::{shows, AnswerId, Found, Pick, Results};
use super::arrived::{Arrived, Prepare};
use super::changes::Changes;
use super::kept::{self, Vehicles};
use crate::domain::common::{DecodeWarning, Received};
use crate::domain::fleet::{attach, Fleet};
use crate::links::Search;
use crate::vendors::ApiError;

/// An Ocean session as the page tells sessions apart: token and customer.
pub type Credentials = (String, Option<i64>);
/// The customer's vehicle list: `None` while it is not (yet) read.
pub type FleetRead = Option<Result<Arc<Fleet>, ApiError>>;
/// A search's vehicles, closest first, in metres and seconds, and what
/// could not be read.
pub type Answer = Result<(Arrived, Vec<DecodeWarning>), ApiError>;

/// What happens to the page.
#[derive(Clone, Debug)]
pub enum MapEvent {
    /// A search is on its way (`quiet`: the live refresh of the shown one,
    /// which neither says "Searching…" nor dims the list).
    Searching { quiet: bool },
    /// How far the answer on its way has come.
    Receiving(Received),
    /// The user stopped the search on its way: the results shown stay.
    Cancelled,
    /// Ocean answered `search`, asked in `session`, at `at_ms` (ms since
    /// the epoch).
    Answered { session: Credentials, search: Search, answer: Answer, quiet: bool, at_ms: f64 },
    /// The customer's vehicle list, as last read.
    FleetRead(FleetRead),
    /// The results filtered by one entity (`None`: all of them).
    EntityChosen { session: Option<Credentials>, entity: Option<i64> },
    /// A vehicle picked in the list or on the map, or none.
    Selected(Option<Pick>),
    /// The row (or dot) under the pointer.
    Hovered(Option<usize>),
}

/// What the world outside the page must do after an event.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Outcome {
    /// A new answer's vehicles: where each was seen is remembered for the
    /// group editor's "Show on the map" (`cross_vendor`).
    pub seen: Option<Vehicles>,
    /// The answer it replaced, for the world outside to let go of a slice
    /// at a time: freeing 50,000 results at once would hold the main thread
    /// in the very task that shows the new ones.
    pub replaced: Option<Vehicles>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct MapModel {
    /// The session the answer, the entity filter and `came_back` belong to:
    /// another one (signed out, another customer) sees none of them, and
    /// its first event starts without them.
    session: Option<Credentials>,
    /// The last good answer, as Ocean sent it: a failed search keeps it.
    answer: Option<Found>,
    entity: Option<i64>,
    /// A search came back (answered or failed) in this session: the vehicle
    /// list, as large as an answer, is read only then.
    came_back: bool,
    fleet: FleetRead,
    failure: Option<ApiError>,
    searching: bool,
    refreshing: bool,
    /// How far the answer on its way has come (`None` before its first byte).
    receiving: Option<Received>,
    /// The last search was cancelled (until the next one starts).
    cancelled: bool,
    /// What the last refresh changed; `None` after a new search.
    changes: Option<Arc<Changes>>,
    /// When the last good answer arrived (ms since the epoch).
    updated_at: Option<f64>,
    selected: Option<Pick>,
    /// A row of the results as shown.
    hovered: Option<usize>,
    /// Counts the searches started: an answer, or a report of its progress,
    /// is applied only while its search is the latest (see `calls.rs`).
    ticket: u64,
    /// Counts the changes of what the results are made of (answer, vehicle
    /// list, entity filter, session): they are joined again then, and only then.
    revision: u64,
}

impl MapModel {
    pub fn apply(&mut self, event: MapEvent) -> Outcome {
        match event {
            MapEvent::Searching { quiet } => {
                self.ticket += 1;
                if quiet {
                    self.refreshing = true;
                } else {
                    self.searching = true;
                }
                self.receiving = None;
                self.cancelled = false;
            }
            MapEvent::Receiving(received) if self.searching || self.refreshing => self.receiving = Some(received),
            MapEvent::Receiving(_) => {}
            MapEvent::Cancelled if self.searching || self.refreshing => {
                (self.searching, self.refreshing, self.receiving) = (false, false, None);
                self.cancelled = true;
                // An answer already in, still being made ready, is no longer
                // the latest search's: it is dropped, not shown after the
                // notice that it was cancelled.
                self.ticket += 1;
            }
            MapEvent::Cancelled => {}
            MapEvent::Answered { session, search, answer, quiet, at_ms } => {
                return self.answered(session, search, answer, quiet, at_ms)
            }
            MapEvent::FleetRead(fleet) => {
                self.fleet = fleet;
                // Once per list read: the answer shown is joined to it anew.
                // The results on screen share it: the list of handles is
                // copied, and each result whose entry changed.
                let fleet = self.fleet.as_ref().and_then(|f| f.as_ref().ok()).cloned();
                if let Some(answer) = self.answer.as_mut() {
                    attach(Arc::make_mut(&mut answer.vehicles).as_mut_slice(), fleet.as_deref());
                }
                self.joined_again(true);
            }
            MapEvent::EntityChosen { session, entity } => {
                self.enter(session);
                self.entity = entity;
                self.joined_again(true);
            }
            MapEvent::Selected(pick) => self.selected = pick,
            MapEvent::Hovered(row) => self.hovered = row,
        }
        Outcome::default()
    }

    fn answered(&mut self, session: Credentials, search: Search, answer: Answer, quiet: bool, at_ms: f64) -> Outcome {
        let superseded = matches!(answer, Err(ApiError::Superseded));
        // A superseded search leaves "Searching…" to the one that replaced it.
        if quiet {
            self.refreshing = false;
        } else if !superseded {
            self.searching = false;
        }
        if !superseded {
            self.receiving = None;
        }
        if superseded {
            return Outcome::default();
        }
        self.enter(Some(session));
        self.came_back = true;
        let (mut arrived, warnings) = match answer {
            Ok(found) => found,
            Err(e) => {
                self.failure = Some(e);
                return Outcome::default();
            }
        };
        // Joined in place: a result kept from the previous answer is copied
        // only if its entry in the list changed. Done already, unless the
        // list changed since (`Arrived`).
        arrived.join(self.fleet_arc());
        // The same search again (the live refresh): what changed is marked,
        // and the selection is kept.
        let previous = self.answer.take();
        let same_search = previous.as_ref().filter(|p| p.search == search);
        self.changes = same_search.map(|p| Arc::new(arrived.changes_since(p)));
        let refresh = same_search.is_some();
        self.updated_at = Some(at_ms);
        self.failure = None;
        let (vehicles, kept) = arrived.into_parts();
        let vehicles = Arc::new(vehicles);
        let (id, kept) = (AnswerId::next(), Arc::new(kept));
        self.answer = Some(Found { id, search, vehicles: vehicles.clone(), kept, warnings, refresh });
        self.joined_again(refresh);
        Outcome { seen: Some(vehicles), replaced: previous.map(|p| p.vehicles) }
    }

    /// Makes an answer to `search`, asked in `session`, ready for the model
    /// a step at a time (see [`Arrived`]), against the list and the answer
    /// shown now.
    pub fn prepare(&self, session: &Credentials, search: &Search, arrived: &mut Arrived, step: Prepare) {
        match step {
            Prepare::JoinToList => arrived.join(self.fleet_arc()),
            Prepare::CompareWithShown => {
                if let Some(shown) = self.shown_for(session, search) {
                    arrived.compare(shown);
                }
            }
        }
    }

    /// Events of another session than the one the state belongs to start
    /// without its answer, filter and selection.
    fn enter(&mut self, session: Option<Credentials>) {
        if self.session != session {
            *self = MapModel {
                session,
                fleet: self.fleet.take(),
                failure: self.failure.take(),
                searching: self.searching,
                refreshing: self.refreshing,
                changes: self.changes.take(),
                updated_at: self.updated_at,
                ticket: self.ticket,
                revision: self.revision + 1,
                ..MapModel::default()
            };
        }
    }

    /// The results are made again: the hover goes; the selected vehicle
    /// stays (found again by its id) if `keep` and it is still among them.
    fn joined_again(&mut self, keep: bool) {
        self.revision += 1;
        self.hovered = None;
        let read = self.fleet().is_some();
        let still_shown = |id: &i64| self.answer.as_ref().is_some_and(|a| shows(a, read, self.entity, *id));
        let kept = self.selected.filter(|_| keep).and_then(Pick::id).filter(still_shown);
        self.selected = kept.map(Pick::Vehicle);
    }

    /// What the stream of a refresh of `search` in `session` may take from
    /// the answer shown (nothing when it answers another search).
    pub fn known(&self, session: &Credentials, search: &Search) -> crate::vendors::ocean::Known {
        kept::known(self.shown_for(session, search).map(|a| (a.vehicles.clone(), a.kept.clone())))
    }

    /// The answer shown, if it answers `search` in `session`.
    fn shown_for(&self, session: &Credentials, search: &Search) -> Option<&Found> {
        let ours = self.session.as_ref() == Some(session);
        self.answer.as_ref().filter(|a| ours && a.search == *search)
    }

    /// The last answer as shown.
    pub fn results(&self) -> Option<Results> {
        self.answer.as_ref().map(|a| Results::joined(a, self.fleet().is_some(), self.entity))
    }

    fn fleet(&self) -> Option<&Fleet> {
        self.fleet_arc().map(|f| &**f)
    }

    fn fleet_arc(&self) -> Option<&Arc<Fleet>> {
        self.fleet.as_ref().and_then(|f| f.as_ref().ok())
    }

    /// Whether the state belongs to this session (see `session`).
    pub fn belongs_to(&self, session: &Option<Credentials>) -> bool {
        self.session == *session
    }

    /// The latest search started (see `ticket`).
    pub fn ticket(&self) -> u64 {
        self.ticket
    }

    pub fn revision(&self) -> u64 {
        self.revision
    }

    pub fn fleet_read(&self) -> &FleetRead {
        &self.fleet
    }

    pub fn entity(&self) -> Option<i64> {
        self.entity
    }

    pub fn came_back(&self) -> bool {
        self.came_back
    }

    pub fn failure(&self) -> Option<&ApiError> {
        self.failure.as_ref()
    }

    pub fn searching(&self) -> bool {
        self.searching
    }

    pub fn refreshing(&self) -> bool {
        self.refreshing
    }

    pub fn receiving(&self) -> Option<Received> {
        self.receiving
    }

    pub fn cancelled(&self) -> bool {
        self.cancelled
    }

    pub fn changes(&self) -> Option<&Arc<Changes>> {
        self.changes.as_ref()
    }

    pub fn updated_at(&self) -> Option<f64> {
        self.updated_at
    }

    pub fn selected(&self) -> Option<Pick> {
        self.selected
    }

    pub fn hovered(&self) -> Option<usize> {
        self.hovered
    }
}

#[cfg(test)]
pub(super) mod tests;
