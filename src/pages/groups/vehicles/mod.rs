//! The vehicles of the group being edited: filter, sort, details, remove
//! with undo, add from another group, CSV export. The form is the editor's;
//! the table only says what the user asked (`on_remove`, `on_undo`,
//! `on_bring_in`) and keeps its own view: filter, sort, rows shown, details
//! open.

mod columns;
mod more;
mod row;
mod toolbar;

use leptos::prelude::*;

use super::add_from_group::AddFromGroup;
use super::form::GroupForm;
use super::table::{self, Column};
use crate::domain::groups::GroupVehicle;
use crate::i18n::{t_string, use_i18n};
use columns::ColumnHeads;
use more::EmptyOrMore;
use row::{RowId, VehicleRow};
use toolbar::VehicleToolbar;

/// Rows rendered before "Show all": keeps big groups fast to open.
const PAGE: usize = 100;

#[component]
pub fn VehicleTable(
    #[prop(into)] form: Signal<GroupForm>,
    /// Whether a removal is not saved yet ("Undo remove" is offered).
    #[prop(into)]
    can_undo: Signal<bool>,
    /// Take out the row shown at this place of the form's list.
    on_remove: Callback<(usize, GroupVehicle)>,
    on_undo: Callback<()>,
    /// A vehicle of another group, to move into this one.
    on_bring_in: Callback<GroupVehicle>,
) -> impl IntoView {
    let i18n = use_i18n();
    let query = RwSignal::new(String::new());
    let sort_by = RwSignal::new((Column::Plate, true));
    let limit = RwSignal::new(PAGE);
    let open_details = RwSignal::new(None::<RowId>);
    let read_only = Memo::new(move |_| form.with(|f| f.vehicles.iter().filter(|v| !v.can_move()).count()));
    // Indices into form.vehicles, filtered then sorted.
    let rows = Memo::new(move |_| {
        form.with(|f| {
            let mut idx = table::filter(&f.vehicles, &query.get());
            let (col, asc) = sort_by.get();
            table::sort(i18n.get_locale(), &f.vehicles, &mut idx, col, asc);
            idx
        })
    });
    let body = move || {
        let shown: Vec<usize> = rows.get().into_iter().take(limit.get()).collect();
        let locale = i18n.get_locale();
        form.with(|f| {
            shown
                .into_iter()
                .map(|at| view! { <VehicleRow at vehicle=f.vehicles[at].clone() locale open_details on_remove /> })
                .collect_view()
        })
    };

    view! {
        <section class="vehicles" aria-labelledby="vehicles-title">
            <VehicleToolbar form rows query can_undo on_undo />
            <Show when=move || { read_only.get() > 0 }>
                <p class="notice" id="read-only-note" data-test="read-only-note">
                    {move || t_string!(i18n, vehicle.read_only_note, count = read_only.get())}
                </p>
            </Show>
            <div class="table-wrap" class:hidden=move || form.with(|f| f.vehicles.is_empty())>
                <table data-test="group-vehicles">
                    <thead>
                        <ColumnHeads sort_by />
                    </thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
            <EmptyOrMore form rows limit />
            <AddFromGroup form on_bring_in />
        </section>
    }
}
