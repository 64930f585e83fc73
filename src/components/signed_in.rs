//! The console sign-in on screen: who is signed in (top bar) and the offer
//! to sign in again when the edge says the session has ended.

use leptos::prelude::*;

use crate::edge_sign_in::{sign_in_again, use_sign_in, Identity, Role};
use crate::i18n::{t, use_i18n};

/// "Signed in as Doctor Who (editor) · Sign out" on the top bar; nothing
/// without a sign-in perimeter (development).
#[component]
pub fn SignedInAs() -> impl IntoView {
    let i18n = use_i18n();
    let sign_in = use_sign_in();
    move || {
        let Identity::SignedIn(person) = sign_in.identity.get() else {
            return None;
        };
        let role = match person.role {
            Role::Editor => t!(i18n, signin.role_editor).into_any(),
            Role::Viewer => t!(i18n, signin.role_viewer).into_any(),
        };
        Some(view! {
            <span class="signed-in" data-test="signed-in">
                <span class="visually-hidden">{t!(i18n, signin.signed_in_as)}" "</span>
                <span class="signed-in-name" data-test="signed-in-name" title=person.user.clone()>
                    {person.name.clone()}
                </span>
                " "
                <span class="signed-in-role" data-test="signed-in-role">
                    "("
                    {role}
                    ")"
                </span>
                {person
                    .sign_out_url
                    .map(|href| {
                        view! {
                            <a class="sign-out" href=href data-test="sign-out">
                                {t!(i18n, signin.sign_out)}
                            </a>
                        }
                    })}
            </span>
        })
    }
}

/// Shown once any call met "not signed in" at the edge.
#[component]
pub fn SignInAgainBanner() -> impl IntoView {
    let i18n = use_i18n();
    let sign_in = use_sign_in();
    move || {
        sign_in.ended.get().then(|| {
            view! {
                <div class="session-banner" role="alert" data-test="sign-in-again-banner">
                    <span>{t!(i18n, signin.ended)}</span>
                    <button type="button" data-test="sign-in-again" on:click=move |_| sign_in_again()>
                        {t!(i18n, signin.sign_in_again)}
                    </button>
                </div>
            }
        })
    }
}
