//! A reading replaced by a newer one is let go of a slice at a time:
//! freeing a 10,000-driver tree (hundreds of thousands of allocations) at
//! once would hold the main thread for tens of milliseconds, in the very
//! task that shows the new tree.

use std::sync::Arc;

use super::tree::Tree;

/// Nodes freed between two looks at the clock.
const NODES_PER_LOOK: usize = 256;

/// Frees `tree`'s nodes in slices once nothing else holds it (see `slices::let_go`).
pub async fn let_go(tree: Arc<Tree>) {
    crate::slices::let_go(tree, |mut alone| std::mem::take(&mut alone.nodes), NODES_PER_LOOK).await;
}
