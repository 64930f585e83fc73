//! Drivers & chargers (eMabler): the tree of home sites, subsites, drivers,
//! tags, charger groups, chargers and sockets; search, status chips, lookup
//! by externalId (`/drivers/{externalId}`) and a details panel.
//!
//! The page's state is one model (`model.rs`), changed only by its pure
//! `apply`; `state.rs` holds it in a signal with the `Memo`s the screen
//! reads. The tree's reading and the driver lookup hand their answers to
//! it from their own async blocks.

mod build;
mod changes;
mod charger;
pub mod chips;
mod dash;
mod details;
pub mod filter;
mod keys;
mod lookup;
mod model;
mod near;
pub mod node;
mod panel;
mod progress;
mod reading;
mod refresh_bar;
mod retire;
mod row;
mod search;
mod slots;
mod state;
mod tools;
pub mod tree;
mod view;

use std::{sync::Arc, time::Duration};

use leptos::prelude::*;

use crate::components::{decode_notice::DecodeNotice, error_panel::ErrorPanel};
use crate::domain::common::Transfer;
use crate::i18n::{t, use_i18n};
use crate::slices::run_in_slices;
use crate::storage;
use crate::use_emabler;
use crate::vendors::{emabler, emabler::Emabler, ApiError};
use build::ArenaBuild;
use lookup::{look_up_driver, DriverLookup};
use model::{Then, TreeEvent, TreePage};
use panel::DetailsPanel;
use reading::Reading;
use refresh_bar::RefreshBar;
use search::SearchTextBuild;
use state::TreeState;
use tools::{StatusChips, TreeStats, TreeTools};
use tree::Tree;
use view::TreeView;

#[component]
pub fn DriversPage() -> impl IntoView {
    let i18n = use_i18n();
    let emabler = use_emabler();
    let emabler_for_cancel = emabler.clone();
    let state = TreeState::new(TreePage::new(storage::tree_expanded()));
    // Read at once, then again at each refresh (`refetch`); the answer goes
    // to the model, which keeps the tree shown when a refresh fails.
    // Only the latest run speaks: a resource does not drop the side effects
    // of a run it has superseded (a refresh asked during the first read).
    let runs = StoredValue::new(0u64);
    let tree_reading = LocalResource::new(move || {
        let emabler = emabler.clone();
        runs.update_value(|n| *n += 1);
        let run = runs.get_value();
        async move {
            // Only the latest run's progress is told, as only its answer is.
            let progress = move |transfer| {
                if runs.try_get_value() == Some(run) {
                    state.send(TreeEvent::Receiving(transfer));
                }
            };
            // A reading is decoded and built a slice at a time: a newer
            // reading or a cancel makes the rest of the work pointless.
            let wanted = move || {
                runs.try_get_value() == Some(run) && state.refresh.try_with_untracked(|r| !r.cancelled).unwrap_or(false)
            };
            let event = match read_tree(&emabler, progress, wanted).await {
                Ok(reading) => TreeEvent::ReadingArrived { reading, at: js_sys::Date::now() },
                Err(e) => TreeEvent::ReadingFailed(e),
            };
            if runs.try_get_value() == Some(run) {
                let shown = state.tree.try_get_untracked().filter(|t| !t.is_empty());
                state.send(event);
                // The tree this reading replaced, if it did, goes a slice at a time.
                if let Some(replaced) =
                    shown.filter(|t| state.tree.try_with_untracked(|now| !Arc::ptr_eq(t, now)) == Some(true))
                {
                    retire::let_go(replaced).await;
                }
            }
        }
    });
    let read_again = Callback::new(move |()| {
        if state.send(TreeEvent::RefreshAsked) == Then::ReadTree {
            tree_reading.refetch();
        }
    });
    let cancel = Callback::new(move |()| {
        state.send(TreeEvent::Cancelled);
        emabler_for_cancel.cancel_tree();
    });
    // The page's frame (search, chips, the tree's box) is on screen while
    // the tree loads; when it arrives only what depends on it is filled in.
    let failure = Memo::new(move |_| state.refresh.with(|r| r.failure.clone()));
    let failed = Memo::new(move |_| !state.loaded.get() && failure.with(Option::is_some));
    view! {
        <section class="page drivers-page">
            <div class="page-head">
                <h1>{t!(i18n, drivers.title)}</h1>
                <DriverLookup />
            </div>
            {move || match (state.reading.get(), failure.get()) {
                (None, Some(e)) => view! { <ErrorPanel error=e vendor=emabler::VENDOR retry=read_again /> }.into_any(),
                (Some(r), _) => {
                    view! { <DecodeNotice warnings=r.warnings.to_vec() vendor=emabler::VENDOR /> }.into_any()
                }
                _ => ().into_any(),
            }}
            <Show when=move || !failed.get()>
                <TreeScreen state read_again cancel />
            </Show>
        </section>
    }
}

/// One reading of the tree. The arena is built once, here, and shared: a
/// re-render or a memo must not copy a 10,000-node tree. Decoding and
/// building go a few milliseconds at a time (`crate::slices`), so the page
/// stays responsive, with the previous tree on screen until this one is
/// complete; they stop when the reading is no longer `wanted`.
async fn read_tree(
    emabler: &Emabler,
    progress: impl Fn(Transfer) + 'static,
    wanted: impl Fn() -> bool + Copy,
) -> Result<Reading, ApiError> {
    let d = emabler.fetch_tree(progress, wanted).await?;
    crate::perf::mark("tree:data");
    let mut build = ArenaBuild::new(d.value, chrono::Utc::now());
    if !run_in_slices(|time_left| build.advance(time_left), wanted).await {
        return Err(ApiError::Superseded);
    }
    let tree = Arc::new(Tree::of(build.finish()));
    crate::perf::mark("tree:built");
    Ok(Reading { tree, warnings: d.warnings.into() })
}

/// The tree with its tools and details (an empty tree, the tools disabled,
/// while it loads).
#[component]
fn TreeScreen(state: TreeState, read_again: Callback<()>, cancel: Callback<()>) -> impl IntoView {
    let lookup = look_up_driver(state);
    after_each_reading(state);
    // The expansion state survives a reload.
    Effect::new(move |_| state.expanded.with(|e| storage::set_tree_expanded(e)));
    view! {
        <TreeStats state cancel />
        <RefreshBar state read_again cancel />
        <TreeTools state />
        <StatusChips state />
        <div class="tree-layout">
            <TreeView state />
            <DetailsPanel state lookup />
        </div>
    }
}

/// Once a reading's rows are built and mounted (effects run after that):
/// the benchmark's marks, then the search text, built after the first
/// paint — a task (queued behind the mark's), then a frame, then slices —
/// so that neither the first screen nor the first keystroke waits for it.
fn after_each_reading(state: TreeState) {
    Effect::new(move |_| {
        let tree = state.tree.get();
        if !state.loaded.get_untracked() {
            return;
        }
        crate::perf::mark("tree:rendered");
        crate::perf::mark_after_layout("tree:first-screen");
        set_timeout(
            move || request_animation_frame(move || leptos::task::spawn_local(prepare_search(state, tree))),
            Duration::ZERO,
        );
    });
}

/// Builds what the search looks in, a slice at a time; given up once the
/// tree is replaced (the replaced one is let go of, `retire.rs`) or a
/// search has built it first.
async fn prepare_search(state: TreeState, tree: Arc<Tree>) {
    let mut build = SearchTextBuild::new(tree.len());
    let wanted = || !tree.search_ready() && state.tree.try_with_untracked(|t| Arc::ptr_eq(t, &tree)).unwrap_or(false);
    if run_in_slices(|time_left| build.advance(&tree.nodes, time_left), wanted).await {
        tree.set_search(build.finish());
    }
}
