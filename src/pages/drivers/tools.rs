//! The tools above the tree: its figures (or that it is loading), the
//! search box with its match count, "expand all" and "collapse all", and
//! the status chips. All disabled while the tree loads.

use leptos::prelude::*;

use super::chips::CHIPS;
use super::model::TreeEvent;
use super::progress::ReadingProgress;
use super::state::TreeState;
use crate::format;
use crate::i18n::{t, t_string, use_i18n};

/// Sites, drivers and chargers in the tree; while it loads, how far it has
/// come (and `cancel` stops it).
#[component]
pub fn TreeStats(state: TreeState, cancel: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let counts = Memo::new(move |_| state.loaded.get().then(|| state.tree.with(|t| t.counts)));
    let cancelled = Memo::new(move |_| state.refresh.with(|r| r.cancelled));
    move || {
        let Some((s, d, c)) = counts.get() else {
            if cancelled.get() {
                return view! {
                    <p class="stats" role="status" data-test="tree-cancelled">
                        {t!(i18n, drivers.reading_cancelled)}
                    </p>
                }
                .into_any();
            }
            return view! {
                <p class="stats loading" role="status" data-test="tree-loading">
                    <ReadingProgress state cancel />
                </p>
            }
            .into_any();
        };
        let n = move |x: usize| move || format::integer(i18n.get_locale(), x as u64);
        view! {
            <p class="stats" data-test="tree-stats">
                <span>
                    <strong>{n(s)}</strong>
                    " "
                    {t!(i18n, drivers.sites, count = move || s)}
                </span>
                <span>
                    <strong>{n(d)}</strong>
                    " "
                    {t!(i18n, drivers.drivers, count = move || d)}
                </span>
                <span>
                    <strong>{n(c)}</strong>
                    " "
                    {t!(i18n, drivers.chargers, count = move || c)}
                </span>
            </p>
        }
        .into_any()
    }
}

/// The search (Enter goes to the next match), its match count, and
/// "expand all" / "collapse all".
#[component]
pub fn TreeTools(state: TreeState) -> impl IntoView {
    let i18n = use_i18n();
    let loading = move || !state.loaded.get();
    let match_count = move || state.matches.with(|m| m.as_ref().map(|m| m.iter().filter(|x| **x).count()));
    // Enter in the search box: the next match after the focused row.
    let next_match = move || {
        let Some(m) = state.matches.get_untracked() else { return };
        let list = state.rows.get_untracked();
        let from =
            state.focused.get_untracked().and_then(|f| list.iter().position(|r| r.id == f)).map(|p| p + 1).unwrap_or(0);
        if let Some(row) = (0..list.len()).map(|i| list[(from + i) % list.len()]).find(|r| m[r.id]) {
            state.send(TreeEvent::Activate { id: row.id, toggle: false });
        }
    };
    view! {
        <div class="tree-tools">
            <input
                type="search"
                class="filter"
                placeholder=move || t_string!(i18n, drivers.search_placeholder)
                aria-label=move || t_string!(i18n, drivers.search_label)
                data-test="tree-search"
                disabled=loading
                prop:value=move || state.query.get()
                on:input=move |ev| {
                    state.send(TreeEvent::QueryTyped(event_target_value(&ev)));
                }
                on:keydown=move |ev| {
                    if ev.key() == "Enter" {
                        ev.prevent_default();
                        next_match();
                    }
                }
            />
            <span class="muted" aria-live="polite" data-test="match-count">
                {move || match_count().map(|n| t_string!(i18n, drivers.matches, count = n).to_string())}
            </span>
            <button
                type="button"
                data-test="expand-all"
                disabled=loading
                on:click=move |_| {
                    state.send(TreeEvent::ExpandAll);
                }
            >
                {t!(i18n, drivers.expand_all)}
            </button>
            <button
                type="button"
                data-test="collapse-all"
                disabled=loading
                on:click=move |_| {
                    state.send(TreeEvent::CollapseAll);
                }
            >
                {t!(i18n, drivers.collapse_all)}
            </button>
        </div>
    }
}

/// The status chips, each with how many nodes it selects once the tree is in.
#[component]
pub fn StatusChips(state: TreeState) -> impl IntoView {
    let i18n = use_i18n();
    let loading = move || !state.loaded.get();
    view! {
        <div class="chips" role="group" aria-label=move || t_string!(i18n, drivers.filter_status)>
            {CHIPS
                .into_iter()
                .map(|c| {
                    view! {
                        <button
                            type="button"
                            class="chip"
                            disabled=loading
                            aria-pressed=move || (state.chip.get() == Some(c)).to_string()
                            on:click=move |_| {
                                state.send(TreeEvent::ChipPressed(c));
                            }
                        >
                            {move || {
                                let label = c.label(i18n.get_locale());
                                match state.loaded.get().then(|| state.tree.with(|t| t.chip_count(c))) {
                                    Some(n) => format!("{label} ({})", format::integer(i18n.get_locale(), n as u64)),
                                    None => label.to_string(),
                                }
                            }}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}
