//! Above the table: how many vehicles, the filter, the CSV export of the
//! rows shown, and "Undo remove".

use leptos::prelude::*;

use super::super::form::GroupForm;
use super::super::table;
use crate::components::toasts::use_toasts;
use crate::i18n::{t, t_string, td_string, use_i18n};

#[component]
pub fn VehicleToolbar(
    #[prop(into)] form: Signal<GroupForm>,
    /// The rows shown (indices into the form's vehicles), in their order.
    rows: Memo<Vec<usize>>,
    query: RwSignal<String>,
    #[prop(into)] can_undo: Signal<bool>,
    on_undo: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let export = move |_| {
        let locale = i18n.get_locale_untracked();
        let csv = form.with_untracked(|f| table::to_csv(locale, &f.vehicles, &rows.get_untracked()));
        let mut name = form.with_untracked(|f| f.name.trim().to_string());
        if name.is_empty() {
            name = td_string!(locale, vehicle.csv_default_name).to_string();
        }
        match csv {
            Ok(text) => crate::pages::download(&td_string!(locale, vehicle.csv_file, name).to_string(), &text),
            Err(error) => toasts.show(td_string!(locale, vehicle.csv_failed, error).to_string()),
        }
    };
    view! {
        <div class="section-head">
            <h2 id="vehicles-title">
                {move || t_string!(i18n, vehicle.vehicles_title, count = form.with(|f| f.vehicles.len()))}
            </h2>
            <input
                type="search"
                class="filter"
                placeholder=move || t_string!(i18n, vehicle.filter_placeholder)
                aria-label=move || t_string!(i18n, vehicle.filter_label)
                data-test="vehicle-filter"
                bind:value=query
            />
            <button type="button" on:click=export data-test="export-csv">
                {t!(i18n, vehicle.export_csv)}
            </button>
            <Show when=move || can_undo.get()>
                <button type="button" on:click=move |_| on_undo.run(()) data-test="undo-remove">
                    {t!(i18n, vehicle.undo_remove)}
                </button>
            </Show>
        </div>
    }
}
