use leptos::prelude::*;

use crate::components::error_panel::ErrorPanel;
use crate::i18n::{t, t_string, use_i18n};
use crate::ocean_session::use_ocean_session;
use crate::use_ocean;
use crate::vendors::{ocean, ApiError, Missing};

/// Ocean sign-in. The password stays in the input until submitted, is lent to
/// the login call, then cleared; only the token is kept (in memory).
#[component]
pub fn OceanLogin() -> impl IntoView {
    let i18n = use_i18n();
    let ocean = use_ocean();
    let session = use_ocean_session();
    let login = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let (user, pass) = (login.get_untracked().trim().to_string(), password.get_untracked());
        if user.is_empty() || pass.is_empty() {
            error.set(Some(ApiError::NotReady(Missing::OceanCredentials)));
            return;
        }
        pending.set(true);
        error.set(None);
        let ocean = ocean.clone();
        leptos::task::spawn_local(async move {
            let result = ocean.authenticate(&user, &pass).await;
            password.set(String::new());
            pending.set(false);
            match result {
                Ok(signed_in) => session.start(user, signed_in),
                Err(e) => error.set(Some(e)),
            }
        });
    };

    view! {
        <form class="login" on:submit=submit aria-label=move || t_string!(i18n, session.login_form)>
            {move || {
                session
                    .ended_because
                    .get()
                    .map(|why| {
                        view! {
                            <p class="notice" role="status" data-test="session-ended">
                                {move || why.text(i18n.get_locale())}
                            </p>
                        }
                    })
            }}
            <label>
                {t!(i18n, session.login)} <input name="login" autocomplete="username" bind:value=login required />
            </label>
            <label>
                {t!(i18n, session.password)}
                <input name="password" type="password" autocomplete="current-password" bind:value=password required />
            </label>
            <button type="submit" disabled=move || pending.get()>
                {move || {
                    if pending.get() { t_string!(i18n, session.signing_in) } else { t_string!(i18n, session.sign_in) }
                }}
            </button>
            {move || error.get().map(|e| view! { <ErrorPanel error=e vendor=ocean::VENDOR /> })}
        </form>
    }
}
