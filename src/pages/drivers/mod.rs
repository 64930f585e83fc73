//! Drivers & chargers (eMabler): the tree of home sites, subsites, drivers,
//! tags, charger groups, chargers and sockets; search, status chips, lookup
//! by externalId (`/drivers/{externalId}`) and a details panel.

mod changes;
mod charger;
mod details;
pub mod filter;
mod keys;
mod lookup;
mod near;
mod refresh_bar;
mod row;
pub mod tree;
mod view;

use std::{collections::HashSet, rc::Rc, sync::Arc, time::Duration};

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::components::{decode_notice::DecodeNotice, error_panel::ErrorPanel};
use crate::domain::common::DecodeWarning;
use crate::format;
use crate::i18n::{t, t_string, td_string, use_i18n, Locale};
use crate::storage;
use crate::use_emabler;
use crate::vendors::{emabler, ApiError};
use changes::TreeChanges;
use filter::{Chip, CHIPS};
use lookup::DriverLookup;
use refresh_bar::{RefreshBar, TreeRefresh};
use tree::{NodeData, Tree};
use view::{TreeState, TreeView};

#[component]
pub fn DriversPage() -> impl IntoView {
    let i18n = use_i18n();
    let emabler = use_emabler();
    let refresh = TreeRefresh::new();
    // The arena is built once, here, and shared: re-reading the resource
    // must not copy a 10,000-node tree.
    let tree = LocalResource::new(move || {
        let emabler = emabler.clone();
        let _read_again = refresh.version.get();
        async move {
            let d = emabler.fetch_tree().await?;
            crate::perf::mark("tree:data");
            let tree = Rc::new(Tree::build(d.value, chrono::Utc::now()));
            crate::perf::mark("tree:built");
            Ok::<_, ApiError>((tree, d.warnings))
        }
    });
    // The tree on screen: only a new good reading replaces it, so a failed
    // refresh keeps it (and says why in the refresh bar).
    let shown = RwSignal::new_local(None::<(Rc<Tree>, Vec<DecodeWarning>)>);
    Effect::new(move |_| {
        match tree.get() {
            Some(Ok((t, warnings))) => {
                let before = shown.with_untracked(|s| s.as_ref().map(|(b, _)| b.clone()));
                if before.as_ref().is_some_and(|b| Rc::ptr_eq(b, &t)) {
                    return;
                }
                refresh.changes.set(before.map(|b| Arc::new(TreeChanges::between(&b, &t))));
                refresh.updated_at.set(Some(js_sys::Date::now()));
                refresh.failure.set(None);
                shown.set(Some((t, warnings)));
            }
            Some(Err(e)) => refresh.failure.set(Some(e)),
            None => return,
        }
        refresh.refreshing.set(false);
    });
    // The page's frame (search, chips, the tree's box) is on screen while
    // the tree loads; when it arrives only what depends on it is filled in.
    let failed = Memo::new(move |_| shown.with(Option::is_none) && refresh.failure.with(Option::is_some));
    let loaded = Signal::derive_local(move || shown.with(|s| s.as_ref().map(|(t, _)| t.clone())));
    view! {
        <section class="page drivers-page">
            <div class="page-head">
                <h1>{t!(i18n, drivers.title)}</h1>
                <DriverLookup />
            </div>
            {move || match (shown.get(), refresh.failure.get()) {
                (None, Some(e)) => {
                    view! { <ErrorPanel error=e vendor=emabler::VENDOR retry=Callback::new(move |_| refresh.run()) /> }
                        .into_any()
                }
                (Some((_, warnings)), _) => view! { <DecodeNotice warnings vendor=emabler::VENDOR /> }.into_any(),
                _ => ().into_any(),
            }}
            <Show when=move || !failed.get()>
                <TreeScreen loaded refresh />
            </Show>
        </section>
    }
}

/// Sites, drivers and chargers in the tree; while it loads, says so.
fn summary(counts: Signal<Option<(usize, usize, usize)>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let Some((s, d, c)) = counts.get() else {
            return view! {
                <p class="stats loading" role="status" data-test="tree-loading">
                    {t!(i18n, drivers.loading_tree)}
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

/// The tree with its search, chips and details: `loaded` is `None` while
/// the tree loads (an empty tree is shown, the tools disabled).
#[component]
fn TreeScreen(loaded: Signal<Option<Rc<Tree>>, LocalStorage>, refresh: TreeRefresh) -> impl IntoView {
    let i18n = use_i18n();
    let emabler = use_emabler();
    let params = use_params_map();
    let empty = Rc::new(Tree::empty());
    let tree = Signal::derive_local(move || loaded.get().unwrap_or_else(|| empty.clone()));
    let loading = move || loaded.with(Option::is_none);
    let stats = summary(Signal::derive(move || loaded.with(|t| t.as_ref().map(|t| t.counts))));
    Effect::new(move |_| {
        if loading() {
            return;
        }
        // The rows are built and mounted (effects run after that).
        crate::perf::mark("tree:rendered");
        crate::perf::mark_after_layout("tree:first-screen");
        // The search text is built after the first paint: a task (queued
        // behind the mark's), then a frame, then a task.
        set_timeout(
            move || {
                request_animation_frame(move || {
                    set_timeout(move || tree.with_untracked(|t| t.prepare_search()), Duration::ZERO)
                })
            },
            Duration::ZERO,
        );
    });
    let expanded = RwSignal::new(storage::tree_expanded());
    let query = RwSignal::new(String::new());
    let chip = RwSignal::new(None::<Chip>);
    let matches = Memo::new(move |_| {
        let q = query.get();
        let c = chip.get();
        tree.with(|t| t.matches(&q, c))
    });
    let rows = Memo::new(move |_| {
        let m = matches.get();
        expanded.with(|e| tree.with(|t| t.visible(e, m.as_deref())))
    });
    let state = TreeState {
        tree,
        expanded,
        rows,
        selected: RwSignal::new(None),
        focused: RwSignal::new(None),
        query,
        reveal: Trigger::new(),
        changes: refresh.changes,
    };
    // A refresh brings a new arena: the selected and focused rows are found
    // again by their keys (expansion is kept by key already).
    let previous = StoredValue::new_local(None::<Rc<Tree>>);
    Effect::new(move |_| {
        let now = tree.get();
        let Some(before) = previous.get_value().filter(|b| !b.is_empty() && !Rc::ptr_eq(b, &now)) else {
            previous.set_value(Some(now));
            return;
        };
        for slot in [state.selected, state.focused] {
            if let Some(id) = slot.get_untracked() {
                let key = before.nodes.get(id).map(|_| before.key(id));
                slot.set(key.and_then(|k| now.find_key(k)));
            }
        }
        previous.set_value(Some(now));
    });
    let match_count = move || matches.with(|m| m.as_ref().map(|m| m.iter().filter(|x| **x).count()));

    // The expansion state survives a reload.
    Effect::new(move |_| expanded.with(storage::set_tree_expanded));

    // Enter in the search box: the next match after the focused row.
    let next_match = move || {
        let Some(m) = matches.get_untracked() else { return };
        let list = rows.get_untracked();
        let from =
            state.focused.get_untracked().and_then(|f| list.iter().position(|r| r.id == f)).map(|p| p + 1).unwrap_or(0);
        if let Some(row) = (0..list.len()).map(|i| list[(from + i) % list.len()]).find(|r| m[r.id]) {
            state.selected.set(Some(row.id));
            state.focus(row.id);
        }
    };

    // `/drivers/{externalId}`: ask eMabler for that driver, then reveal it.
    let wanted = move || params.with(|p| p.get("external_id")).filter(|s| !s.is_empty());
    let lookup = LocalResource::new(move || {
        let emabler = emabler.clone();
        let id = wanted();
        async move {
            match id {
                Some(id) => Some((id.clone(), emabler.fetch_driver(&id).await)),
                None => None,
            }
        }
    });
    // Revealed once: a refresh of the tree must not take the selection back.
    let revealed = StoredValue::new(None::<String>);
    Effect::new(move |_| {
        // Whichever of the driver and the tree arrives last reveals it.
        if let Some(Some((ext, Ok(_)))) = lookup.get() {
            if revealed.with_value(|r| r.as_deref() == Some(ext.as_str())) {
                return;
            }
            if let Some(id) = tree.with(|t| t.find_driver(&ext)) {
                revealed.set_value(Some(ext.clone()));
                let keys: Vec<String> =
                    tree.with_untracked(|t| t.ancestors(id).iter().map(|a| t.key(*a).to_string()).collect());
                query.set(String::new());
                chip.set(None);
                expanded.update(|e| e.extend(keys));
                state.selected.set(Some(id));
                state.focus(id);
            }
        }
    });

    let details = move || {
        let selected = state.selected.get();
        let locale = i18n.get_locale();
        let from_tree = selected.map(|id| {
            tree.with(|t| {
                let n = &t.nodes[id];
                let children: Vec<NodeData> = t.children(id).map(|c| t.nodes[c].data.clone()).collect();
                let near = near::search_near(t, id).map(|s| near_link(locale, &n.data, &s).into_any());
                details::node_details(locale, &n.data, children, near)
            })
        });
        match (lookup.get(), from_tree) {
            (Some(Some((ext, Err(e @ ApiError::Http { status: 404, .. })))), _) => Some(
                view! {
                    <div data-test="driver-not-found">
                        <ErrorPanel
                            error=e
                            vendor=emabler::VENDOR
                            sentence=Signal::derive(move || {
                                t_string!(i18n, drivers.driver_not_found, id = ext.clone()).to_string()
                            })
                        />
                    </div>
                }
                .into_any(),
            ),
            (Some(Some((_, Err(e)))), _) => Some(view! { <ErrorPanel error=e vendor=emabler::VENDOR /> }.into_any()),
            (_, Some(v)) => Some(v),
            // Found by the single-driver call but not in the tree we hold.
            (Some(Some((_, Ok(d)))), None) => {
                let tags = d.value.tags.clone();
                Some(details::driver_details(locale, &d.value, &tags, None))
            }
            _ => None,
        }
    };

    view! {
        {stats}
        <RefreshBar refresh />
        <div class="tree-tools">
            <input
                type="search"
                class="filter"
                placeholder=move || t_string!(i18n, drivers.search_placeholder)
                aria-label=move || t_string!(i18n, drivers.search_label)
                data-test="tree-search"
                disabled=loading
                bind:value=query
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
                on:click=move |_| expanded.set(tree.with_untracked(|t| t.all_keys()))
            >
                {t!(i18n, drivers.expand_all)}
            </button>
            <button
                type="button"
                data-test="collapse-all"
                disabled=loading
                on:click=move |_| expanded.set(HashSet::new())
            >
                {t!(i18n, drivers.collapse_all)}
            </button>
        </div>
        <div class="chips" role="group" aria-label=move || t_string!(i18n, drivers.filter_status)>
            {CHIPS
                .into_iter()
                .map(|c| {
                    view! {
                        <button
                            type="button"
                            class="chip"
                            disabled=loading
                            aria-pressed=move || (chip.get() == Some(c)).to_string()
                            on:click=move |_| chip.update(|x| *x = if *x == Some(c) { None } else { Some(c) })
                        >
                            {move || {
                                let label = c.label(i18n.get_locale());
                                match loaded.with(|t| t.as_ref().map(|t| t.chip_count(c))) {
                                    Some(n) => format!("{label} ({})", format::integer(i18n.get_locale(), n as u64)),
                                    None => label.to_string(),
                                }
                            }}
                        </button>
                    }
                })
                .collect_view()}
        </div>
        <div class="tree-layout">
            <TreeView state />
            // Focusable: long details scroll, and a scrolling region must be
            // reachable by keyboard (axe: scrollable-region-focusable).
            <section
                class="details-panel"
                tabindex="0"
                aria-label=move || t_string!(i18n, drivers.details)
                aria-live="polite"
                data-test="details"
            >
                {move || {
                    details()
                        .unwrap_or_else(|| view! { <p class="muted">{t!(i18n, drivers.details_hint)}</p> }.into_any())
                }}
            </section>
        </div>
    }
}

/// The link that opens the map search around a node ("vehicles near this
/// charger"), through the map's URL: shareable, and Back returns here.
fn near_link(locale: Locale, data: &NodeData, search: &crate::links::Search) -> impl IntoView {
    let text = match data {
        NodeData::Charger(_) => td_string!(locale, drivers.near_charger),
        NodeData::Site(_) => td_string!(locale, drivers.near_site),
        _ => td_string!(locale, drivers.near_chargers),
    };
    view! {
        <p class="near">
            <a class="button" href=format!("/map?{}", search.to_query()) data-test="vehicles-near">
                {text}
            </a>
        </p>
    }
}
