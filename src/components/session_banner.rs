use std::time::Duration;

use leptos::prelude::*;

use crate::session::{use_ocean_session, RENEW_BEFORE_MS};

/// Warns before the Ocean token expires (12 h, no refresh call) and ends the
/// session when it has.
#[component]
pub fn SessionBanner() -> impl IntoView {
    let session = use_ocean_session();
    let now = RwSignal::new(js_sys::Date::now());
    if let Ok(handle) = set_interval_with_handle(move || now.set(js_sys::Date::now()), Duration::from_secs(20)) {
        on_cleanup(move || handle.clear());
    }
    Effect::new(move |_| {
        let expired = session.current.with(|s| s.as_ref().is_some_and(|s| s.expires_at_ms <= now.get()));
        if expired {
            session.ended_because.set(Some("Your Ocean session reached its 12-hour limit. Sign in again to continue.".into()));
            session.end();
        }
    });
    move || {
        let s = session.current.get()?;
        let left = s.expires_at_ms - now.get();
        (left > 0.0 && left < RENEW_BEFORE_MS).then(|| {
            let minutes = (left / 60_000.0).ceil();
            view! {
                <div class="session-banner" role="status">
                    {format!("Your Ocean session ends in {minutes} min. ")}
                    <button type="button" on:click=move |_| {
                        session.ended_because.set(Some("Sign in again to renew your Ocean session.".into()));
                        session.end();
                    }>"Sign in again"</button>
                </div>
            }
        })
    }
}
