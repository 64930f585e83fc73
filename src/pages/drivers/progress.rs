//! A reading of the tree on its way (45 MB at 10,000 drivers: seconds over
//! a real link): how much has arrived, and a Cancel button. Shown in place
//! of the figures while the first reading loads, and in the refresh bar
//! while a refresh does.

use leptos::prelude::*;

use super::state::TreeState;
use crate::domain::common::Transfer;
use crate::format;
use crate::i18n::{t, td_string, use_i18n};

#[component]
pub fn ReadingProgress(state: TreeState, cancel: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let words = move || {
        let locale = i18n.get_locale();
        match state.refresh.with(|r| r.received) {
            Some(Transfer::Arriving(bytes)) => {
                td_string!(locale, drivers.receiving, size = format::data_size(locale, bytes)).to_string()
            }
            Some(Transfer::Decoding(bytes)) => {
                td_string!(locale, drivers.decoding, size = format::data_size(locale, bytes)).to_string()
            }
            None if state.loaded.get() => td_string!(locale, drivers.refreshing).to_string(),
            None => td_string!(locale, drivers.loading_tree).to_string(),
        }
    };
    view! {
        <span data-test="tree-progress">{words}</span>
        " "
        <button type="button" class="link" data-test="cancel-reading" on:click=move |_| cancel.run(())>
            {t!(i18n, drivers.cancel_reading)}
        </button>
    }
}
