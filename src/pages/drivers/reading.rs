//! A reading of the tree as the page holds it, and where reading it again
//! stands: the two parts of the page's model that come from eMabler.

use std::sync::Arc;

use super::changes::TreeChanges;
use super::tree::Tree;
use crate::domain::common::{DecodeWarning, Transfer};
use crate::vendors::ApiError;

/// One good reading of the tree: the arena, built once and shared (a
/// 10,000-node tree is never copied), and what the decoder left out.
#[derive(Clone)]
pub struct Reading {
    pub tree: Arc<Tree>,
    pub warnings: Arc<[DecodeWarning]>,
}

impl PartialEq for Reading {
    /// The same reading, not an equal one: comparing two arenas node by
    /// node would cost more than what a `Memo` saves.
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.tree, &other.tree) && Arc::ptr_eq(&self.warnings, &other.warnings)
    }
}

/// Where reading the tree again stands.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RefreshStatus {
    /// A refresh asked for is on its way (not the first reading).
    pub refreshing: bool,
    /// When the reading shown arrived (ms since the epoch).
    pub updated_at: Option<f64>,
    /// What the last refresh changed; `None` for the first reading.
    pub changes: Option<Arc<TreeChanges>>,
    /// Why the last reading failed (the previous tree stays on screen).
    pub failure: Option<ApiError>,
    /// How far the reading on its way has got (`None` before its first bytes).
    pub received: Option<Transfer>,
    /// The last reading was cancelled (until the next one is asked for).
    pub cancelled: bool,
}
