//! Live results: the shown search runs again every few seconds while the
//! page is visible and the dispatcher is not dragging the map or typing;
//! the list says when it was last updated and what the refresh changed
//! (moved, new, left the circle). A pause button stops it.

use gloo_events::EventListener;
use leptos::prelude::*;

use super::changes::{Change, Changes};
use super::{vehicle_label, MapState};
use crate::config::REFRESH_SECONDS;
use crate::format;
use crate::i18n::{t, td_string, use_i18n, Locale};
use crate::refresh::{ago, every_second, page_hidden, refresh_due, Attention};

/// The intervals offered (seconds); the configured one is added if it is not among them.
const CHOICES: [u32; 6] = [5, 10, 30, 60, 120, 300];
/// A key pressed this recently means the dispatcher is typing (ms).
const TYPING_MS: f64 = 3_000.0;
/// Vehicles named in "left the circle" before "and N more".
const LEFT_NAMED: usize = 3;

/// The live refresh's controls and clock (what it shows of the model is
/// in [`MapState`]).
#[derive(Clone, Copy)]
pub struct Live {
    /// Seconds between two runs of the shown search.
    pub every_s: RwSignal<u32>,
    pub paused: RwSignal<bool>,
    /// The map is being dragged or zoomed.
    pub map_moving: RwSignal<bool>,
    /// The clock the "updated … ago" text follows (ms since the epoch).
    now: RwSignal<f64>,
}

impl Live {
    pub fn new(configured_s: u32) -> Self {
        Live {
            every_s: RwSignal::new(if configured_s == 0 { 30 } else { configured_s }),
            paused: RwSignal::new(configured_s == 0),
            map_moving: RwSignal::new(false),
            now: RwSignal::new(js_sys::Date::now()),
        }
    }
}

/// Starts the refresh clock for as long as the page is shown: once a
/// second it updates "… ago" and runs `refresh` when it is due.
pub fn run_live_refresh(state: MapState, refresh: Callback<()>) {
    let live = state.live;
    let last_key = StoredValue::new(f64::NEG_INFINITY);
    // A failed refresh waits a whole interval too, instead of retrying every second.
    let tried_at = StoredValue::new(f64::NEG_INFINITY);
    let pointer_down = StoredValue::new(false);
    let listeners = document().map(|d| {
        [
            EventListener::new(&d, "keydown", move |_| last_key.set_value(js_sys::Date::now())),
            EventListener::new(&d, "pointerdown", move |_| pointer_down.set_value(true)),
            EventListener::new(&d, "pointerup", move |_| pointer_down.set_value(false)),
            EventListener::new(&d, "pointercancel", move |_| pointer_down.set_value(false)),
        ]
    });
    every_second(move |now| {
        live.now.set(now);
        // A cancelled search stays cancelled: the live refresh would run it
        // again (the URL names it), until the user searches again.
        let busy = state.searching.get_untracked()
            || state.refreshing.get_untracked()
            || state.cancelled.get_untracked()
            || live.map_moving.get_untracked()
            || pointer_down.get_value()
            || now - last_key.get_value() < TYPING_MS;
        let due = refresh_due(
            now,
            state.updated_at.get_untracked().map(|at| at.max(tried_at.get_value())),
            live.every_s.get_untracked(),
            Attention::of(live.paused.get_untracked(), page_hidden() || busy),
        );
        if due {
            tried_at.set_value(now);
            refresh.run(());
        }
    });
    // Dropped (listeners removed) with the page.
    let held = StoredValue::new_local(Some(listeners));
    on_cleanup(move || held.set_value(None));
}

fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

/// "Updated 12 s ago", the interval, pause/resume, and what the last refresh changed.
#[component]
pub fn LiveStatus(state: MapState) -> impl IntoView {
    let i18n = use_i18n();
    let live = state.live;
    let mut choices = CHOICES.to_vec();
    let configured = live.every_s.get_untracked();
    if REFRESH_SECONDS.contains(&configured) && !choices.contains(&configured) {
        choices.push(configured);
        choices.sort_unstable();
    }
    let status = move || {
        let locale = i18n.get_locale();
        let ago = state.updated_at.get().map(|at| ago(locale, live.now.get() - at)).unwrap_or_default();
        if state.refreshing.get() {
            td_string!(locale, map.live_updating).to_string()
        } else if live.paused.get() {
            td_string!(locale, map.live_paused, ago).to_string()
        } else {
            td_string!(locale, map.live_updated, ago).to_string()
        }
    };
    view! {
        <div class="live" class:paused=move || live.paused.get() data-test="live">
            <p class="live-status" data-test="live-status">
                <span class="live-dot" aria-hidden="true"></span>
                {status}
            </p>
            <label class="live-every">
                {t!(i18n, map.live_every)}
                <select
                    data-test="refresh-every"
                    prop:value=move || live.every_s.get().to_string()
                    on:change=move |ev| {
                        if let Ok(s) = event_target_value(&ev).parse::<u32>() {
                            live.every_s.set(s);
                        }
                    }
                >
                    {choices
                        .into_iter()
                        .map(|s| {
                            view! {
                                <option value=s
                                    .to_string()>{move || format::duration_s(i18n.get_locale(), u64::from(s))}</option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <button
                type="button"
                class="link"
                data-test="live-toggle"
                aria-pressed=move || live.paused.get().to_string()
                on:click=move |_| live.paused.update(|p| *p = !*p)
            >
                {move || {
                    if live.paused.get() {
                        t!(i18n, map.live_resume).into_any()
                    } else {
                        t!(i18n, map.live_pause).into_any()
                    }
                }}
            </button>
            {move || {
                let changes = state.changes.get().filter(|c| !c.is_empty())?;
                Some(
                    view! {
                        <p class="live-changes" data-test="live-changes">
                            {summary(&changes, i18n.get_locale())}
                        </p>
                    },
                )
            }}
        </div>
    }
}

/// "2 moved · 1 new · 1 left the circle: AB-123-CD".
fn summary(changes: &Changes, locale: Locale) -> String {
    let mut parts = Vec::new();
    let moved = changes.count(Change::Moved);
    if moved > 0 {
        parts.push(td_string!(locale, map.live_moved, count = moved).to_string());
    }
    let appeared = changes.count(Change::Appeared);
    if appeared > 0 {
        parts.push(td_string!(locale, map.live_appeared, count = appeared).to_string());
    }
    if !changes.left.is_empty() {
        // Named as in the list (the previous answer was joined to the vehicle list).
        let left = changes.left.iter().filter(|v| !v.deleted());
        let mut names: Vec<String> = left.take(LEFT_NAMED).map(|v| vehicle_label(locale, v)).collect();
        if changes.left.len() > LEFT_NAMED {
            names.push(td_string!(locale, map.live_more, count = changes.left.len() - LEFT_NAMED).to_string());
        }
        let count = changes.left.len();
        let names = names.join(", ");
        parts.push(td_string!(locale, map.live_left, count, names).to_string());
    }
    parts.join(" · ")
}
