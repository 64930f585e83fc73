//! The drivers page's state as one model: the reading of the tree on
//! screen, where its refresh stands, the search, the status chip, the
//! expanded nodes, the selected and focused rows. [`TreePage::apply`] is
//! the only way it changes: pure, tested natively (`model/tests.rs`), it
//! takes one [`TreeEvent`] and says what the outside world must then do
//! ([`Then`]): read the tree again, or bring the focused row into view.
//! `state.rs` holds it in a signal and derives the rest with `Memo`s.

use std::{collections::HashSet, sync::Arc};

use super::changes::TreeChanges;
use super::chips::Chip;
use super::node::NodeId;
use super::reading::{Reading, RefreshStatus};
use super::tree::Tree;
use crate::domain::common::Transfer;
use crate::vendors::ApiError;

/// Something that happened on the page.
#[derive(Clone)]
pub enum TreeEvent {
    /// "Refresh", the refresh every minute, or "try again": read the tree
    /// again, unless a refresh is already on its way.
    RefreshAsked,
    /// A good reading of the tree arrived at `at` (ms since the epoch).
    ReadingArrived {
        reading: Reading,
        at: f64,
    },
    /// Reading the tree failed.
    ReadingFailed(ApiError),
    /// How far the reading on its way has got.
    Receiving(Transfer),
    /// The user stopped the reading on its way: the tree shown stays.
    Cancelled,
    /// The "refresh every minute" box.
    AutoRefreshSet(bool),
    /// The `/drivers/{externalId}` lookup's answer: the externalId of the
    /// driver eMabler found, or `None` (no lookup, or it failed).
    DriverLookedUp(Option<String>),
    /// The search box's text.
    QueryTyped(String),
    /// A status chip pressed: on, or off if it was on.
    ChipPressed(Chip),
    ExpandAll,
    CollapseAll,
    /// A click on a row's label: selected and focused (the click itself
    /// gives the row the DOM focus).
    Clicked(NodeId),
    /// The DOM focus entered a row (a click, Tab).
    FocusEntered(NodeId),
    /// The keyboard moves the focus to a row.
    Focus(NodeId),
    /// A row's toggle: open or close it (if it has children), focus it.
    Toggle(NodeId),
    /// Open or close a row (arrow keys), focus it.
    SetOpen(NodeId, bool),
    /// Enter or Space on a row, or the search's "next match": select it,
    /// open or close it if `toggle` (and it has children), focus it.
    Activate {
        id: NodeId,
        toggle: bool,
    },
    /// `*`: open every sibling of a row that has children; focus the row.
    ExpandSiblings(NodeId),
}

/// What the outside world must do after an event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Then {
    Nothing,
    /// Ask eMabler for the tree again.
    ReadTree,
    /// Scroll the focused row into view and give it the DOM focus.
    RevealFocused,
}

pub struct TreePage {
    /// The reading on screen: `None` until the first good one, then only
    /// replaced by a newer good one (a failed refresh keeps it).
    shown: Option<Reading>,
    /// The tree shown while none has arrived: no node.
    placeholder: Arc<Tree>,
    refresh: RefreshStatus,
    auto_refresh: bool,
    query: String,
    chip: Option<Chip>,
    /// Keys of the open nodes: stable across readings and reloads.
    /// Shared, so that a `Memo` of it is a pointer copy.
    expanded: Arc<HashSet<String>>,
    selected: Option<NodeId>,
    focused: Option<NodeId>,
    /// The driver of `/drivers/{externalId}`, found by eMabler, until the
    /// tree shown has it and it is revealed: once, so that a later refresh
    /// does not take the selection back.
    to_reveal: Option<String>,
}

impl TreePage {
    /// Before any reading, with the expansion saved in this browser.
    pub fn new(expanded: HashSet<String>) -> TreePage {
        TreePage {
            shown: None,
            placeholder: Arc::new(Tree::empty()),
            refresh: RefreshStatus::default(),
            auto_refresh: false,
            query: String::new(),
            chip: None,
            expanded: Arc::new(expanded),
            selected: None,
            focused: None,
            to_reveal: None,
        }
    }

    pub fn reading(&self) -> Option<&Reading> {
        self.shown.as_ref()
    }

    /// The tree on screen (with no node while none has arrived).
    pub fn tree(&self) -> &Arc<Tree> {
        self.shown.as_ref().map_or(&self.placeholder, |r| &r.tree)
    }

    pub fn refresh(&self) -> &RefreshStatus {
        &self.refresh
    }

    pub fn auto_refresh(&self) -> bool {
        self.auto_refresh
    }

    pub fn query(&self) -> &str {
        &self.query
    }

    pub fn chip(&self) -> Option<Chip> {
        self.chip
    }

    pub fn expanded(&self) -> &Arc<HashSet<String>> {
        &self.expanded
    }

    pub fn selected(&self) -> Option<NodeId> {
        self.selected
    }

    pub fn focused(&self) -> Option<NodeId> {
        self.focused
    }

    /// The page after `event`, and what the outside world must do.
    pub fn apply(&mut self, event: TreeEvent) -> Then {
        match event {
            TreeEvent::RefreshAsked if self.refresh.refreshing => Then::Nothing,
            TreeEvent::RefreshAsked => {
                self.refresh.refreshing = true;
                self.refresh.cancelled = false;
                Then::ReadTree
            }
            // A reading finished as the user cancelled it: the cancel stands.
            TreeEvent::ReadingArrived { .. } if self.refresh.cancelled => Then::Nothing,
            TreeEvent::ReadingArrived { reading, at } => self.reading_arrived(reading, at),
            // Only a cancel ends a reading that way (the page hears only
            // its latest reading), and the cancel has said so already.
            TreeEvent::ReadingFailed(ApiError::Superseded) => Then::Nothing,
            TreeEvent::ReadingFailed(e) => {
                self.refresh.failure = Some(e);
                self.refresh.refreshing = false;
                self.refresh.received = None;
                Then::Nothing
            }
            TreeEvent::Receiving(bytes) if !self.refresh.cancelled => {
                self.refresh.received = Some(bytes);
                Then::Nothing
            }
            TreeEvent::Cancelled if !self.refresh.cancelled => {
                self.refresh.refreshing = false;
                self.refresh.received = None;
                self.refresh.cancelled = true;
                Then::Nothing
            }
            TreeEvent::AutoRefreshSet(on) => {
                self.auto_refresh = on;
                Then::Nothing
            }
            TreeEvent::DriverLookedUp(found) => {
                self.to_reveal = found;
                self.reveal_looked_up_driver()
            }
            TreeEvent::QueryTyped(q) => {
                self.query = q;
                Then::Nothing
            }
            TreeEvent::ChipPressed(c) => {
                self.chip = if self.chip == Some(c) { None } else { Some(c) };
                Then::Nothing
            }
            TreeEvent::ExpandAll => {
                self.expanded = Arc::new(self.tree().all_keys());
                Then::Nothing
            }
            TreeEvent::CollapseAll => {
                self.expanded = Arc::new(HashSet::new());
                Then::Nothing
            }
            event => self.row_event(event),
        }
    }

    /// What one row's click, focus or key does.
    fn row_event(&mut self, event: TreeEvent) -> Then {
        let (TreeEvent::Clicked(id)
        | TreeEvent::FocusEntered(id)
        | TreeEvent::Focus(id)
        | TreeEvent::Toggle(id)
        | TreeEvent::SetOpen(id, _)
        | TreeEvent::Activate { id, .. }
        | TreeEvent::ExpandSiblings(id)) = event
        else {
            return Then::Nothing;
        };
        // A row of another reading than the one shown: nothing to act on.
        if id >= self.tree().len() {
            return Then::Nothing;
        }
        let has_children = self.tree().has_children(id);
        match event {
            TreeEvent::Clicked(id) => {
                self.selected = Some(id);
                self.focused = Some(id);
                Then::Nothing
            }
            TreeEvent::FocusEntered(id) => {
                self.focused = Some(id);
                Then::Nothing
            }
            TreeEvent::Toggle(_) if !has_children => Then::Nothing,
            TreeEvent::Toggle(id) => {
                let open = !self.expanded.contains(self.tree().key(id));
                self.set_open(id, open);
                self.focus(id)
            }
            TreeEvent::SetOpen(id, open) => {
                self.set_open(id, open);
                self.focus(id)
            }
            TreeEvent::Activate { id, toggle } => {
                self.selected = Some(id);
                if toggle && has_children {
                    let open = !self.expanded.contains(self.tree().key(id));
                    self.set_open(id, open);
                }
                self.focus(id)
            }
            TreeEvent::ExpandSiblings(id) => {
                let tree = self.tree().clone();
                let siblings: Vec<NodeId> = match tree.nodes[id].parent {
                    Some(p) => tree.children(p).collect(),
                    None => tree.roots.clone(),
                };
                for s in siblings.into_iter().filter(|s| tree.has_children(*s)) {
                    self.set_open(s, true);
                }
                self.focus(id)
            }
            _ => self.focus(id),
        }
    }

    /// A new good reading replaces the tree shown: what changed since the
    /// previous one is worked out, the selected and focused rows are found
    /// again by their keys (expansion is kept by key already), and a driver
    /// looked up before the tree had it is revealed. The one step every new
    /// reading goes through.
    fn reading_arrived(&mut self, reading: Reading, at: f64) -> Then {
        if let Some(before) = self.shown.take() {
            let (before, now) = (&before.tree, &reading.tree);
            self.refresh.changes = Some(Arc::new(TreeChanges::between(before, now)));
            self.selected = self.selected.and_then(|id| now.find_again(before, id));
            self.focused = self.focused.and_then(|id| now.find_again(before, id));
        }
        self.shown = Some(reading);
        self.refresh.updated_at = Some(at);
        self.refresh.failure = None;
        self.refresh.refreshing = false;
        self.refresh.received = None;
        self.reveal_looked_up_driver()
    }

    /// The looked-up driver, once both it and a tree that has it are in:
    /// the filters are cleared, its ancestors opened, it is selected and
    /// focused.
    fn reveal_looked_up_driver(&mut self) -> Then {
        let Some(reading) = &self.shown else { return Then::Nothing };
        let tree = reading.tree.clone();
        let Some(id) = self.to_reveal.as_deref().and_then(|ext| tree.find_driver(ext)) else {
            return Then::Nothing;
        };
        self.to_reveal = None;
        self.query.clear();
        self.chip = None;
        Arc::make_mut(&mut self.expanded).extend(tree.ancestors(id).iter().map(|a| tree.key(*a).to_string()));
        self.selected = Some(id);
        self.focus(id)
    }

    fn set_open(&mut self, id: NodeId, open: bool) {
        let key = self.tree().key(id).to_string();
        let expanded = Arc::make_mut(&mut self.expanded);
        if open {
            expanded.insert(key);
        } else {
            expanded.remove(&key);
        }
    }

    fn focus(&mut self, id: NodeId) -> Then {
        self.focused = Some(id);
        Then::RevealFocused
    }
}

#[cfg(test)]
mod tests;
