//! A search on its way: "Searching…", then how far a long answer has come
//! ("Receiving vehicles: 31,000 so far (62 MB)"), with a Cancel button; and,
//! after a cancel, that the results shown are the previous ones. A 100 MB
//! answer takes seconds even on a good link: without this the page would
//! look stuck.

use leptos::prelude::*;

use super::MapState;
use crate::format;
use crate::i18n::{t, td_string, use_i18n};

#[component]
pub fn SearchProgress(state: MapState) -> impl IntoView {
    let i18n = use_i18n();
    // A quiet refresh says nothing until bytes arrive (it is usually quick).
    let on_its_way = Memo::new(move |_| state.searching.get() || state.receiving.with(Option::is_some));
    let words = move || {
        let locale = i18n.get_locale();
        match state.receiving.get() {
            None => td_string!(locale, map.searching).to_string(),
            Some(r) => {
                let (count, size) = (format::integer(locale, r.items as u64), format::data_size(locale, r.bytes));
                td_string!(locale, map.receiving, count, size).to_string()
            }
        }
    };
    move || {
        if on_its_way.get() {
            Some(
                view! {
                    <p class="loading search-progress" role="status" data-test="search-progress">
                        <span>{words}</span>
                        " "
                        <button type="button" data-test="cancel-search" on:click=move |_| state.cancel.run(())>
                            {t!(i18n, map.cancel_search)}
                        </button>
                    </p>
                }
                .into_any(),
            )
        } else {
            state.cancelled.get().then(|| {
                view! {
                    <p class="muted" role="status" data-test="search-cancelled">
                        {move || match state.shown.with(Option::is_some) {
                            true => t!(i18n, map.cancelled).into_any(),
                            false => t!(i18n, map.cancelled_first).into_any(),
                        }}
                    </p>
                }
                .into_any()
            })
        }
    }
}
