//! "Find driver": an externalId typed in goes to `/drivers/{externalId}`,
//! where the page asks eMabler for that driver and reveals it.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};

use super::model::TreeEvent;
use super::state::TreeState;
use crate::domain::charging::Driver;
use crate::domain::common::Decoded;
use crate::i18n::{t, t_string, use_i18n};
use crate::use_emabler;
use crate::vendors::ApiError;

/// What eMabler said of the driver in the URL: its externalId and the
/// answer; `None` on `/drivers`.
pub type LookedUp = Option<(String, Result<Decoded<Driver>, ApiError>)>;

/// Asks eMabler for the driver of `/drivers/{externalId}`, each time the
/// URL names another, and tells the page's model what it found (the model
/// reveals the driver once the tree has it too).
pub fn look_up_driver(state: TreeState) -> LocalResource<LookedUp> {
    let emabler = use_emabler();
    let params = use_params_map();
    let wanted = move || params.with(|p| p.get("external_id")).filter(|s| !s.is_empty());
    LocalResource::new(move || {
        let emabler = emabler.clone();
        let id = wanted();
        async move {
            let answer = match id {
                Some(id) => {
                    let driver = emabler.fetch_driver(&id).await;
                    Some((id, driver))
                }
                None => None,
            };
            let found = answer.as_ref().and_then(|(id, d)| d.is_ok().then(|| id.clone()));
            state.send(TreeEvent::DriverLookedUp(found));
            answer
        }
    })
}

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
