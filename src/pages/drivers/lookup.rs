//! "Find driver": an externalId typed in goes to `/drivers/{externalId}`,
//! where the page asks eMabler for that driver and reveals it.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::i18n::{t, t_string, use_i18n};

/// Find a driver by externalId: goes to `/drivers/{externalId}`.
#[component]
pub fn DriverLookup() -> impl IntoView {
    let i18n = use_i18n();
    let text = RwSignal::new(String::new());
    let navigate = use_navigate();
    view! {
        <form
            class="lookup"
            role="search"
            on:submit=move |ev| {
                ev.prevent_default();
                let id = text.get_untracked().trim().to_string();
                if !id.is_empty() {
                    navigate(&format!("/drivers/{}", js_sys::encode_uri_component(&id)), Default::default());
                }
            }
        >
            <label for="driver-lookup" class="visually-hidden">
                {t!(i18n, drivers.lookup_label)}
            </label>
            <input
                id="driver-lookup"
                type="search"
                placeholder=move || t_string!(i18n, drivers.lookup_label)
                bind:value=text
                data-test="driver-lookup"
            />
            <button type="submit">{t!(i18n, drivers.find_driver)}</button>
        </form>
    }
}
