use std::time::Duration;

use leptos::prelude::*;

use crate::format;
use crate::i18n::{t, t_string, use_i18n};
use crate::ocean_session::{use_ocean_session, SessionEnd, RENEW_BEFORE_MS};

/// Warns before the Ocean token expires (12 h, no refresh call) and ends the
/// session when it has.
#[component]
pub fn SessionBanner() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_ocean_session();
    let now = RwSignal::new(js_sys::Date::now());
    if let Ok(handle) = set_interval_with_handle(move || now.set(js_sys::Date::now()), Duration::from_secs(20)) {
        on_cleanup(move || handle.clear());
    }
    Effect::new(move |_| {
        let expired = session.current.with(|s| s.as_ref().is_some_and(|s| s.expires_at_ms <= now.get()));
        if expired {
            session.expire(SessionEnd::TimeLimit);
        }
    });
    // "Your password expires in N days", until dismissed (once per sign-in).
    let dismissed = RwSignal::new(None::<String>);
    let password = move || {
        let s = session.current.get()?;
        let days = s.password_expiring()?;
        (dismissed.get().as_deref() != Some(s.token.as_str())).then(|| {
            let token = s.token.clone();
            view! {
                <div class="session-banner" role="status" data-test="password-expiring">
                    {move || t_string!(i18n, session.password_expiring, days)}
                    " "
                    <button type="button" on:click=move |_| dismissed.set(Some(token.clone()))>
                        {t!(i18n, session.dismiss)}
                    </button>
                </div>
            }
        })
    };
    let expiry = move || {
        let s = session.current.get()?;
        let left_ms = s.expires_at_ms - now.get();
        (left_ms > 0.0 && left_ms < RENEW_BEFORE_MS).then(|| {
            let left = move || format::duration_s(i18n.get_locale(), (left_ms / 1000.0).ceil() as u64);
            view! {
                <div class="session-banner" role="status">
                    {move || t_string!(i18n, session.ends_in, left = left())}
                    " "
                    <button type="button" on:click=move |_| session.expire(SessionEnd::Renewing)>
                        {t!(i18n, session.sign_in_again)}
                    </button>
                </div>
            }
        })
    };
    view! {
        {password}
        {expiry}
    }
}
