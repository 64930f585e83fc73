//! Reading the tree again: a "Refresh" button, an optional refresh every
//! minute (off by default), when it was last read, and what changed.

use leptos::prelude::*;

use super::model::TreeEvent;
use super::progress::ReadingProgress;
use super::state::TreeState;
use crate::components::error_panel::error_sentence;
use crate::i18n::{t, td_string, use_i18n};
use crate::refresh::{ago, every_second, page_hidden, refresh_due, Attention};
use crate::vendors::emabler;

/// The automatic refresh's interval (seconds).
const AUTO_EVERY_S: u32 = 60;

/// `read_again` asks for a refresh (the page reads the tree again unless
/// one is on its way); `cancel` stops the one on its way.
#[component]
pub fn RefreshBar(state: TreeState, read_again: Callback<()>, cancel: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let refresh = state.refresh;
    let now = RwSignal::new(js_sys::Date::now());
    let tried_at = StoredValue::new(f64::NEG_INFINITY);
    every_second(move |t| {
        now.set(t);
        let (updated_at, refreshing) = refresh.with_untracked(|r| (r.updated_at, r.refreshing));
        let last = updated_at.map(|at| at.max(tried_at.get_value()));
        // A cancelled reading stays cancelled until the user asks again.
        let busy = page_hidden() || refreshing || refresh.with_untracked(|r| r.cancelled);
        if refresh_due(t, last, AUTO_EVERY_S, Attention::of(!state.auto_refresh.get_untracked(), busy)) {
            tried_at.set_value(t);
            read_again.run(());
        }
    });
    let refreshing = move || refresh.with(|r| r.refreshing);
    let status = move || {
        let locale = i18n.get_locale();
        let mut parts = Vec::new();
        if refresh.with(|r| r.cancelled) && state.loaded.get() {
            parts.push(td_string!(locale, drivers.refresh_cancelled).to_string());
        }
        if let Some(at) = refresh.with(|r| r.updated_at) {
            parts.push(td_string!(locale, drivers.refreshed, ago = ago(locale, now.get() - at)).to_string());
        }
        if let Some(c) = refresh.with(|r| r.changes.clone()) {
            parts.push(c.sentence(locale));
        }
        parts.join(" ")
    };
    let failure = Memo::new(move |_| refresh.with(|r| r.failure.clone()));
    view! {
        <div class="refresh-bar" data-test="tree-refresh">
            <button type="button" data-test="refresh-tree" disabled=refreshing on:click=move |_| read_again.run(())>
                {t!(i18n, drivers.refresh)}
            </button>
            <label>
                <input
                    type="checkbox"
                    data-test="auto-refresh"
                    prop:checked=move || state.auto_refresh.get()
                    on:change=move |ev| {
                        state.send(TreeEvent::AutoRefreshSet(event_target_checked(&ev)));
                    }
                />
                {t!(i18n, drivers.auto_refresh)}
            </label>
            <p class="muted" role="status" data-test="refresh-status">
                {move || {
                    if refreshing() && state.loaded.get() {
                        // While the first reading loads, the figures' place says it.
                        view! { <ReadingProgress state cancel /> }
                            .into_any()
                    } else {
                        status().into_any()
                    }
                }}
            </p>
            {move || {
                failure
                    .get()
                    .map(|e| {
                        let reason = error_sentence(i18n.get_locale(), &e, emabler::VENDOR);
                        view! {
                            <p class="refresh-failed" role="alert" data-test="refresh-failed">
                                {td_string!(i18n.get_locale(), drivers.refresh_failed, reason).to_string()}
                            </p>
                        }
                    })
            }}
        </div>
    }
}
