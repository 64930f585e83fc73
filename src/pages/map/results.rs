//! The results beside the map: the Ocean sign-in when there is no session,
//! "searching", a failed search in the dispatcher's terms, and the nearest
//! list (closest first, [`LIST_PAGE`] rows at a time, the map shows all).

use leptos::prelude::*;

use super::answer::AnswerId;
use super::changes::Change;
use super::export::ExportButton;
use super::live::LiveStatus;
use super::progress::SearchProgress;
use super::{vehicle_label, MapState};
use crate::components::error_panel::error_sentence;
use crate::components::{decode_notice::DecodeNotice, error_panel::ErrorPanel, ocean_login::OceanLogin};
use crate::domain::fleet::{ComputeMode, NearbyVehicle};
use crate::format;
use crate::i18n::{t, t_string, td_string, use_i18n, Locale};
use crate::links::{wider, Search};
use crate::ocean_session::use_ocean_session;
use crate::vendors::{ocean, ApiError};

/// Results listed before "Show more": the map shows them all.
const LIST_PAGE: usize = 100;

/// Rows a new answer's list is built with in the answer's own task (more
/// than a screen): the rest of the page follows in a task of its own, so
/// that building 100 rows does not add to the task that takes the answer.
const FIRST_ROWS: usize = 30;

/// The sentence for a failed search, in the dispatcher's terms.
fn search_error(locale: Locale, e: &ApiError) -> String {
    match e {
        ApiError::Http { status: 403, .. } => td_string!(locale, map.err_403).to_string(),
        ApiError::Http { status: 404, .. } => td_string!(locale, map.err_404).to_string(),
        other => error_sentence(locale, other, ocean::VENDOR),
    }
}

#[component]
pub fn ResultsPanel(state: MapState, retry: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_ocean_session();
    let has_results = Memo::new(move |_| state.shown.with(Option::is_some));
    view! {
        <section
            class="results"
            aria-label=move || t_string!(i18n, map.results)
            aria-busy=move || state.searching.get().to_string()
        >
            {move || {
                if session.current.with(Option::is_none) {
                    return view! {
                        <p>{t!(i18n, map.sign_in_first)}</p>
                        <OceanLogin />
                    }
                        .into_any();
                }
                view! {
                    <SearchProgress state />
                    {move || {
                        state
                            .failure
                            .get()
                            .map(|e| {
                                let failed = e.clone();
                                let sentence = Signal::derive(move || search_error(i18n.get_locale(), &failed));
                                view! { <ErrorPanel error=e vendor=ocean::VENDOR sentence retry /> }
                            })
                    }}
                    {fleet_status(state)}
                    {move || has_results.get().then(|| view! { <LiveStatus state /> })}
                    {results_list(state)}
                }
                    .into_any()
            }}
        </section>
    }
}

/// Where the plates come from, and the entity filter: the customer's
/// vehicle list, loading, or failed (then vehicles show their description).
fn fleet_status(state: MapState) -> impl IntoView {
    let i18n = use_i18n();
    let refresh = move |_| state.refresh_fleet.run(());
    view! {
        <div class="fleet-status" data-test="fleet-status">
            <p class="muted" role="status">
                {move || {
                    let locale = i18n.get_locale();
                    match state.fleet.get() {
                        None => td_string!(locale, map.fleet_loading).to_string(),
                        Some(Ok(f)) => {
                            let count = format::integer(locale, f.len() as u64);
                            td_string!(locale, map.fleet_ready, count).to_string()
                        }
                        Some(Err(e)) => {
                            let failure = error_sentence(locale, &e, ocean::VENDOR);
                            td_string!(locale, map.fleet_failed, failure).to_string()
                        }
                    }
                }}
                " "
                <button type="button" class="link" on:click=refresh data-test="refresh-fleet">
                    {t!(i18n, map.refresh_fleet)}
                </button>
            </p>
            {move || {
                let entities = state.entities.get();
                (!entities.is_empty())
                    .then(|| {
                        view! {
                            <label>
                                {t!(i18n, map.entity_filter)}
                                <select
                                    data-test="entity-filter"
                                    prop:value=move || state.entity.get().map(|e| e.to_string()).unwrap_or_default()
                                    on:change=move |ev| state.choose_entity(event_target_value(&ev).parse::<i64>().ok())
                                >
                                    <option value="">{t!(i18n, map.all_entities)}</option>
                                    {entities
                                        .into_iter()
                                        .map(|e| view! { <option value=e.id.to_string()>{e.name}</option> })
                                        .collect_view()}
                                </select>
                            </label>
                        }
                    })
            }}
        </div>
    }
}

/// The nearest list for the last answer (or "none within", with a wider radius).
fn results_list(state: MapState) -> impl IntoView {
    let i18n = use_i18n();
    // Kept across live refreshes of the same search; a new search starts short.
    let limit = RwSignal::new(LIST_PAGE);
    // How many of them are built yet (see `FIRST_ROWS`): cut only for a new
    // answer. The same answer joined again (the vehicle list, the entity
    // filter) or refreshed builds them all at once: cutting the list even
    // for a moment would lose its scroll position.
    let built = RwSignal::new(usize::MAX);
    let built_for = StoredValue::new(None::<AnswerId>);
    move || {
        let f = state.shown.get()?;
        let changes = state.changes.get();
        if !f.is_refresh() {
            limit.update_untracked(|l| *l = LIST_PAGE);
        }
        let new_answer = built_for.get_value() != Some(f.answer());
        built_for.set_value(Some(f.answer()));
        if new_answer && !f.is_refresh() {
            built.update_untracked(|b| *b = FIRST_ROWS);
            leptos::task::spawn_local(async move {
                crate::slices::yield_to_event_loop().await;
                let _ = built.try_set(usize::MAX);
            });
        } else {
            built.update_untracked(|b| *b = usize::MAX);
        }
        let locale = i18n.get_locale();
        let km = move |r: u32| format::kilometres(locale, r as f64);
        let s = f.search();
        if f.is_empty() {
            let next = wider(s.radius_km);
            return Some(
                view! {
                    <p class="empty" data-test="no-results">
                        {td_string!(locale, map.none_within, radius = km(s.radius_km)).to_string()}
                        " "
                        {(next > s.radius_km)
                            .then(|| {
                                view! {
                                    <button
                                        type="button"
                                        class="link"
                                        data-test="widen"
                                        on:click=move |_| state.search_at.run(Search { radius_km: next, ..s })
                                    >
                                        {td_string!(locale, map.widen, radius = km(next)).to_string()}
                                    </button>
                                }
                            })}
                    </p>
                }
                .into_any(),
            );
        }
        let n = f.len();
        // A long list is cut: markers show every result, the list the closest.
        let all = f.clone();
        Some(view! {
            <DecodeNotice warnings=f.warnings().to_vec() vendor=ocean::VENDOR />
            <div class="results-head">
                <p data-test="nearest-count">
                    {td_string!(locale, map.count, count = n, radius = km(s.radius_km)).to_string()}
                    {(s.mode == ComputeMode::ByRoad).then(|| td_string!(locale, map.by_road_suffix))}
                </p>
                <ExportButton results=all />
            </div>
            <ol class="nearest" class:dimmed=move || state.searching.get() data-test="nearest">
                // Keyed by index: "Show more" appends rows and keeps the ones on
                // screen; a new answer (or language) re-runs this closure and
                // builds a new list.
                <For each=move || 0..limit.get().min(n).min(built.get()) key=|i| *i let(i)>
                    {f
                        .get(i)
                        .map(|v| {
                            let change = changes.as_ref().and_then(|c| c.of(v));
                            result_row(state, i, v, change, s.mode == ComputeMode::ByRoad, locale)
                        })}
                </For>
            </ol>
            {move || {
                (n > limit.get())
                    .then(|| {
                        view! {
                            <p class="muted">
                                {td_string!(
                                    locale, map.showing, shown = limit.get(), total = format::integer(locale, n as u64)
                                )
                                    .to_string()}" "
                                <button type="button" class="link" on:click=move |_| limit.update(|l| *l += LIST_PAGE)>
                                    {td_string!(locale, map.show_more)}
                                </button>
                            </p>
                        }
                    })
            }}
        }.into_any())
    }
}

/// One vehicle of the list: a button that selects it (and its marker).
/// Every text is computed here, so the row holds no copy of the vehicle.
fn result_row(
    state: MapState,
    i: usize,
    v: &NearbyVehicle,
    change: Option<Change>,
    by_road: bool,
    locale: Locale,
) -> impl IntoView {
    let MapState { selected, hovered, .. } = state;
    let eta = v.eta.as_ref().and_then(|t| t.at()).map(|t| format::local(locale, &t));
    let driver = v.driver_name().unwrap_or_else(|| td_string!(locale, map.no_driver).to_string());
    let group = v.group.as_ref().and_then(|g| g.description.as_deref());
    let who = [Some(driver.as_str()), v.vehicle.category.as_deref(), group];
    let seen = td_string!(locale, map.seen, when = format::timestamp(locale, &v.position_at)).to_string();
    let status = [Some(seen.as_str()), v.mobile_state.as_deref(), v.immobilisation.as_deref()];
    let joined = |parts: [Option<&str>; 3]| parts.into_iter().flatten().collect::<Vec<_>>().join(" · ");
    view! {
        <li
            class:changed=change.is_some()
            class:selected=move || selected.get() == Some(i)
            class:hovered=move || hovered.get() == Some(i)
            on:mouseenter=move |_| state.hover(Some(i))
            on:mouseleave=move |_| state.hover(None)
        >
            <button
                type="button"
                class="result"
                on:click=move |_| state.select(Some(i))
                aria-pressed=move || (selected.get() == Some(i)).to_string()
            >
                <span class="plate">
                    <span class="label">{vehicle_label(locale, v)}</span>
                    {change
                        .map(|c| {
                            let (text, help) = match c {
                                Change::Moved => {
                                    (td_string!(locale, map.badge_moved), td_string!(locale, map.badge_moved_help))
                                }
                                Change::Appeared => {
                                    (td_string!(locale, map.badge_new), td_string!(locale, map.badge_new_help))
                                }
                            };
                            view! {
                                <span class="badge changed" title=help data-test="changed">
                                    {text}
                                </span>
                            }
                        })}
                    {v
                        .private()
                        .then(|| {
                            view! {
                                <span class="badge" title=td_string!(locale, map.private_help) data-test="private">
                                    {td_string!(locale, map.private)}
                                </span>
                            }
                        })}
                </span>
                <span class="num">{v.distance.map(|m| format::distance_m(locale, m)).unwrap_or_default()}</span>
                {by_road
                    .then(|| {
                        view! {
                            <span class="eta" data-test="eta">
                                {
                                    let duration = v
                                        .duration
                                        .map(|d| format::duration_s(locale, d.max(0.0).round() as u64))
                                        .unwrap_or_default();
                                    match eta {
                                        Some(eta) => td_string!(locale, map.eta, duration, eta).to_string(),
                                        None => duration,
                                    }
                                }
                            </span>
                        }
                    })}
                <span>{joined(who)}</span>
                <span class="muted">{joined(status)}</span>
                <span class="muted">
                    {match (v.place(), v.position()) {
                        (Some(place), _) => place,
                        (None, None) => td_string!(locale, map.position_withheld).to_string(),
                        (None, Some(_)) => String::new(),
                    }}
                </span>
            </button>
        </li>
    }
}
