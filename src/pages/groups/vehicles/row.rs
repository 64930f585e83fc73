//! One vehicle of the table: its cells, details and remove buttons, and its
//! details row when opened.

use leptos::prelude::*;
use uuid::Uuid;

use super::super::on_the_map::on_the_map;
use super::super::table::{self, Column, COLUMNS};
use crate::components::facts::facts as facts_list;
use crate::domain::groups::GroupVehicle;
use crate::i18n::{t, t_string, use_i18n, Locale};

/// A row on screen: its place as read, else (brought in) its id.
pub type RowId = (Option<usize>, Option<Uuid>);

#[component]
pub fn VehicleRow(
    /// Its place in the form's list.
    at: usize,
    vehicle: GroupVehicle,
    locale: Locale,
    /// The row whose details are open, if any.
    open_details: RwSignal<Option<RowId>>,
    on_remove: Callback<(usize, GroupVehicle)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let row: RowId = (vehicle.read_at, vehicle.id);
    let details = move || open_details.get() == Some(row);
    let toggle = move |_| open_details.update(|o| *o = if *o == Some(row) { None } else { Some(row) });
    let cells = COLUMNS
        .iter()
        .map(|c| {
            let class = if *c == Column::Plate { "plate" } else { "" };
            view! { <td class=class>{c.text(locale, &vehicle)}</td> }
        })
        .collect_view();
    // The details row reads the record only when opened.
    let shown = vehicle.clone();
    view! {
        <tr>
            {cells} <td class="actions">
                <button type="button" class="link" aria-expanded=move || details().to_string() on:click=toggle>
                    {t!(i18n, vehicle.details)}
                </button>
                <RemoveButton at vehicle on_remove />
            </td>
        </tr>
        <Show when=details>
            <tr class="details-row">
                <td colspan="9">
                    {facts_list("facts grid", table::facts(locale, &shown))} {on_the_map(locale, &shown)}
                </td>
            </tr>
        </Show>
    }
}

/// Vehizen keys membership on VehicleId: a vehicle without one is shown,
/// but there is no way to tell Vehizen to drop that one.
#[component]
fn RemoveButton(at: usize, vehicle: GroupVehicle, on_remove: Callback<(usize, GroupVehicle)>) -> impl IntoView {
    let i18n = use_i18n();
    if vehicle.can_move() {
        let label = vehicle.label();
        view! {
            <button
                type="button"
                class="link danger"
                aria-label=t_string!(i18n, vehicle.remove_label, label).to_string()
                on:click=move |_| on_remove.run((at, vehicle.clone()))
                data-test="remove-vehicle"
            >
                {t!(i18n, vehicle.remove)}
            </button>
        }
        .into_any()
    } else {
        view! {
            <span class="muted" data-test="read-only" aria-describedby="read-only-note">
                {t!(i18n, vehicle.read_only)}
            </span>
        }
        .into_any()
    }
}
