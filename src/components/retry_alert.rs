//! Something a page could not get (a module, Leaflet's files), said as an
//! alert with the button that tries again.

use leptos::prelude::*;

use crate::i18n::{t, use_i18n};

/// `children` says what could not be had; "Try again" runs `retry`.
#[component]
pub fn RetryAlert(
    /// The frame's classes (none by default).
    #[prop(optional)]
    class: &'static str,
    data_test: &'static str,
    retry: Callback<()>,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class=class role="alert" data-test=data_test>
            <p>{children()}</p>
            <button type="button" on:click=move |_| retry.run(())>
                {t!(i18n, common.try_again)}
            </button>
        </div>
    }
}
