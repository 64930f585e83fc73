//! The page's model in the reactive world: one signal holding the
//! [`TreePage`], changed only through [`TreeState::send`], and the `Memo`s
//! the screen reads. A memo re-runs on every change of the model but
//! notifies its readers only when its own value changed, so typing in the
//! search does not rebuild the details, and moving the focus does not
//! filter the tree again.

use std::{collections::HashSet, sync::Arc};

use leptos::prelude::*;

use super::changes::TreeChanges;
use super::chips::Chip;
use super::filter::Row;
use super::model::{Then, TreeEvent, TreePage};
use super::node::NodeId;
use super::reading::{Reading, RefreshStatus};
use super::tree::Tree;

/// What the tree view, its keyboard and the page's tools share.
#[derive(Clone, Copy)]
pub struct TreeState {
    model: RwSignal<TreePage>,
    /// The reading on screen (`None` until the first one).
    pub reading: Memo<Option<Reading>>,
    /// The tree on screen: empty while it loads.
    pub tree: Memo<Arc<Tree>>,
    pub loaded: Memo<bool>,
    pub refresh: Memo<RefreshStatus>,
    pub auto_refresh: Memo<bool>,
    pub query: Memo<String>,
    pub chip: Memo<Option<Chip>>,
    pub expanded: Memo<Arc<HashSet<String>>>,
    pub selected: Memo<Option<NodeId>>,
    pub focused: Memo<Option<NodeId>>,
    /// What the last refresh changed: those rows are highlighted.
    pub changes: Memo<Option<Arc<TreeChanges>>>,
    /// Which nodes the search and the chip select (`None`: no filter).
    pub matches: Memo<Option<Vec<bool>>>,
    /// The rows to show, in order.
    pub rows: Memo<Vec<Row>>,
    /// Notified to scroll the focused row into view and focus it.
    pub reveal: Trigger,
}

/// For a memo of a shared value: another allocation is another value
/// (comparing two 10,000-node trees would cost what the memo saves).
fn another<T: ?Sized>(before: Option<&Arc<T>>, now: Option<&Arc<T>>) -> bool {
    !matches!((before, now), (Some(a), Some(b)) if Arc::ptr_eq(a, b))
}

impl TreeState {
    pub fn new(page: TreePage) -> TreeState {
        let model = RwSignal::new(page);
        let tree = Memo::new_with_compare(move |_| model.with(|m| m.tree().clone()), another);
        let query = Memo::new(move |_| model.with(|m| m.query().to_string()));
        let chip = Memo::new(move |_| model.with(TreePage::chip));
        let expanded = Memo::new_with_compare(move |_| model.with(|m| m.expanded().clone()), another);
        let refresh = Memo::new(move |_| model.with(|m| m.refresh().clone()));
        let matches = Memo::new(move |_| {
            let (q, c) = (query.get(), chip.get());
            tree.with(|t| t.matches(&q, c))
        });
        let rows = Memo::new(move |_| {
            let m = matches.get();
            expanded.with(|e| tree.with(|t| t.visible(e, m.as_deref())))
        });
        TreeState {
            model,
            reading: Memo::new(move |_| model.with(|m| m.reading().cloned())),
            tree,
            loaded: Memo::new(move |_| model.with(|m| m.reading().is_some())),
            refresh,
            auto_refresh: Memo::new(move |_| model.with(TreePage::auto_refresh)),
            query,
            chip,
            expanded,
            selected: Memo::new(move |_| model.with(TreePage::selected)),
            focused: Memo::new(move |_| model.with(TreePage::focused)),
            changes: Memo::new(move |_| refresh.with(|r| r.changes.clone())),
            matches,
            rows,
            reveal: Trigger::new(),
        }
    }

    /// Applies `event` to the model and brings the focused row into view
    /// when it says so; returns what is left to do (reading the tree again
    /// is the page's). Quietly nothing once the page is gone (an answer
    /// arriving after the user left).
    pub fn send(&self, event: TreeEvent) -> Then {
        let then = self.model.try_update(|m| m.apply(event)).unwrap_or(Then::Nothing);
        if then == Then::RevealFocused {
            self.reveal.notify();
        }
        then
    }
}
