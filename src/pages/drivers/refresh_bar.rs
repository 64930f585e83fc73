//! Reading the tree again: a "Refresh" button, an optional refresh every
//! minute (off by default), when it was last read, and what changed.

use std::sync::Arc;

use leptos::prelude::*;

use super::changes::TreeChanges;
use crate::components::error_panel::error_sentence;
use crate::i18n::{t, td_string, use_i18n};
use crate::refresh::{ago, every_second, page_hidden, refresh_due, Attention};
use crate::vendors::{emabler, ApiError};

/// The automatic refresh's interval (seconds).
const AUTO_EVERY_S: u32 = 60;

#[derive(Clone, Copy)]
pub struct TreeRefresh {
    /// Bumped to read the tree again.
    pub version: RwSignal<u32>,
    pub refreshing: RwSignal<bool>,
    /// When the tree shown arrived (ms since the epoch).
    pub updated_at: RwSignal<Option<f64>>,
    /// What the last refresh changed; `None` for the first reading.
    pub changes: RwSignal<Option<Arc<TreeChanges>>>,
    /// Why the last refresh failed (the previous tree stays on screen).
    pub failure: RwSignal<Option<ApiError>>,
    pub auto: RwSignal<bool>,
}

impl TreeRefresh {
    pub fn new() -> Self {
        TreeRefresh {
            version: RwSignal::new(0),
            refreshing: RwSignal::new(false),
            updated_at: RwSignal::new(None),
            changes: RwSignal::new(None),
            failure: RwSignal::new(None),
            auto: RwSignal::new(false),
        }
    }

    pub fn run(&self) {
        if !self.refreshing.get_untracked() {
            self.refreshing.set(true);
            self.version.update(|v| *v += 1);
        }
    }
}

#[component]
pub fn RefreshBar(refresh: TreeRefresh) -> impl IntoView {
    let i18n = use_i18n();
    let now = RwSignal::new(js_sys::Date::now());
    let tried_at = StoredValue::new(f64::NEG_INFINITY);
    every_second(move |t| {
        now.set(t);
        let last = refresh.updated_at.get_untracked().map(|at| at.max(tried_at.get_value()));
        let busy = page_hidden() || refresh.refreshing.get_untracked();
        if refresh_due(t, last, AUTO_EVERY_S, Attention::of(!refresh.auto.get_untracked(), busy)) {
            tried_at.set_value(t);
            refresh.run();
        }
    });
    let status = move || {
        let locale = i18n.get_locale();
        if refresh.refreshing.get() {
            return td_string!(locale, drivers.refreshing).to_string();
        }
        let mut parts = Vec::new();
        if let Some(at) = refresh.updated_at.get() {
            parts.push(td_string!(locale, drivers.refreshed, ago = ago(locale, now.get() - at)).to_string());
        }
        if let Some(c) = refresh.changes.get() {
            parts.push(c.sentence(locale));
        }
        parts.join(" ")
    };
    view! {
        <div class="refresh-bar" data-test="tree-refresh">
            <button
                type="button"
                data-test="refresh-tree"
                disabled=move || refresh.refreshing.get()
                on:click=move |_| refresh.run()
            >
                {t!(i18n, drivers.refresh)}
            </button>
            <label>
                <input type="checkbox" data-test="auto-refresh" bind:checked=refresh.auto />
                {t!(i18n, drivers.auto_refresh)}
            </label>
            <p class="muted" role="status" data-test="refresh-status">
                {status}
            </p>
            {move || {
                refresh
                    .failure
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
