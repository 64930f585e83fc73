//! A reading replaced by a newer one is let go of a slice at a time:
//! freeing a 10,000-driver tree (hundreds of thousands of allocations) at
//! once would hold the main thread for tens of milliseconds, in the very
//! task that shows the new tree.

use std::sync::Arc;

use super::tree::Tree;
use crate::slices::{run_in_slices, yield_to_event_loop};

/// Nodes freed between two looks at the clock.
const NODES_PER_LOOK: usize = 256;

/// How many times to wait for the page's memos to let go of the tree
/// before leaving it to whoever holds it last.
const WAITS: usize = 20;

/// Frees `tree` in slices once nothing else holds it (the page's memos let
/// go of it when they next run, after the event that replaced it).
pub async fn let_go(mut tree: Arc<Tree>) {
    for _ in 0..WAITS {
        match Arc::try_unwrap(tree) {
            Ok(alone) => return free_in_slices(alone).await,
            Err(shared) => tree = shared,
        }
        yield_to_event_loop().await;
    }
}

async fn free_in_slices(mut tree: Tree) {
    let mut nodes = std::mem::take(&mut tree.nodes);
    drop(tree);
    let free = |time_left: &mut dyn FnMut() -> bool| loop {
        nodes.truncate(nodes.len().saturating_sub(NODES_PER_LOOK));
        if nodes.is_empty() {
            return true;
        }
        if !time_left() {
            return false;
        }
    };
    run_in_slices(free, || true).await;
}
