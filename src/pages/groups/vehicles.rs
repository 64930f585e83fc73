//! The vehicles of the group being edited: filter, sort, details, remove
//! with undo, add from another group, CSV export.

use leptos::prelude::*;
use uuid::Uuid;

use super::add_from_group::AddFromGroup;
use super::form::GroupForm;
use super::table::{self, Column, COLUMNS};
use crate::components::facts::facts as facts_list;
use crate::components::toasts::use_toasts;
use crate::domain::groups::GroupVehicle;
use crate::i18n::{t, t_string, td_string, use_i18n};

/// Rows rendered before "Show all": keeps big groups fast to open.
const PAGE: usize = 100;

/// A row on screen: its place as read, else (brought in) its id.
type RowId = (Option<usize>, Option<Uuid>);

fn row_id(v: &GroupVehicle) -> RowId {
    (v.read_at, v.id)
}

#[component]
pub fn VehicleTable(
    form: RwSignal<GroupForm>,
    /// The group as last read from Vehizen: what "Undo remove" restores from.
    baseline: RwSignal<GroupForm>,
) -> impl IntoView {
    let query = RwSignal::new(String::new());
    let sort_by = RwSignal::new((Column::Plate, true));
    let limit = RwSignal::new(PAGE);
    let open_details = RwSignal::new(None::<RowId>);
    // Removals not saved yet, whatever was clicked before: after a save
    // they are what Vehizen's copy still lists and this form does not.
    let removed = Memo::new(move |_| form.with(|f| baseline.with(|b| f.removed_since(b))));
    // Rows removed here, in click order, so that undo brings back the last
    // (by vehicle and plate: a save may give them other places).
    let clicked = RwSignal::new(Vec::<(Option<Uuid>, String)>::new());
    let read_only = Memo::new(move |_| form.with(|f| f.vehicles.iter().filter(|v| !v.can_move()).count()));
    let toasts = use_toasts();
    let i18n = use_i18n();

    // Indices into form.vehicles, filtered then sorted.
    let rows = Memo::new(move |_| {
        form.with(|f| {
            let mut idx = table::filter(&f.vehicles, &query.get());
            let (col, asc) = sort_by.get();
            table::sort(i18n.get_locale(), &f.vehicles, &mut idx, col, asc);
            idx
        })
    });

    let remove = move |at: usize, shown: &GroupVehicle| {
        let Some(v) = form.try_update(|f| f.remove(at, shown)).flatten() else { return };
        let plate = v.label();
        toasts.show(t_string!(i18n, vehicle.removed_toast, plate = plate.clone()).to_string());
        clicked.update(|c| c.push((v.id, plate)));
    };
    let undo = move |_| {
        let pending = removed.get_untracked();
        let was = |v: &GroupVehicle, (id, label): &(Option<Uuid>, String)| v.id == *id && v.label() == *label;
        let last = clicked.with_untracked(|c| c.iter().rev().find_map(|k| pending.iter().find(|v| was(v, k))).cloned());
        if let Some(v) = last.or_else(|| pending.last().cloned()) {
            clicked.update(|c| c.retain(|k| !was(&v, k)));
            form.update(|f| f.restore(v));
        }
    };
    // Vehizen keys membership on VehicleId: a vehicle without one is shown,
    // but there is no way to tell Vehizen to drop that one.
    let remove_button = move |at: usize, v: GroupVehicle, label: String| {
        if v.can_move() {
            view! {
                <button
                    type="button"
                    class="link danger"
                    aria-label=t_string!(i18n, vehicle.remove_label, label).to_string()
                    on:click=move |_| remove(at, &v)
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
    };
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
        <section class="vehicles" aria-labelledby="vehicles-title">
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
                <Show when=move || removed.with(|r| !r.is_empty())>
                    <button type="button" on:click=undo data-test="undo-remove">
                        {t!(i18n, vehicle.undo_remove)}
                    </button>
                </Show>
            </div>
            <Show when=move || { read_only.get() > 0 }>
                <p class="notice" id="read-only-note" data-test="read-only-note">
                    {move || t_string!(i18n, vehicle.read_only_note, count = read_only.get())}
                </p>
            </Show>
            <div class="table-wrap" class:hidden=move || form.with(|f| f.vehicles.is_empty())>
                <table data-test="group-vehicles">
                    <thead>
                        <tr>
                            {COLUMNS
                                .iter()
                                .map(|&col| {
                                    let aria = move || match sort_by.get() {
                                        (c, true) if c == col => "ascending",
                                        (c, false) if c == col => "descending",
                                        _ => "none",
                                    };
                                    view! {
                                        <th scope="col" aria-sort=aria>
                                            <button
                                                type="button"
                                                class="sort"
                                                on:click=move |_| {
                                                    sort_by
                                                        .update(|(c, asc)| {
                                                            if *c == col {
                                                                *asc = !*asc
                                                            } else {
                                                                *c = col;
                                                                *asc = true;
                                                            }
                                                        })
                                                }
                                            >
                                                {move || col.title(i18n.get_locale())}
                                            </button>
                                        </th>
                                    }
                                })
                                .collect_view()} <th scope="col">
                                <span class="visually-hidden">{t!(i18n, vehicle.actions)}</span>
                            </th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            let shown: Vec<usize> = rows.get().into_iter().take(limit.get()).collect();
                            let locale = i18n.get_locale();
                            form.with(|f| {
                                shown
                                    .iter()
                                    .map(|&i| {
                                        let v = f.vehicles[i].clone();
                                        let vid = row_id(&v);
                                        let details = move || open_details.get() == Some(vid);
                                        let shown_vehicle = v.clone();
                                        let label = v.label();
                                        // Read from the record only when opened.
                                        view! {
                                            <tr>
                                                {COLUMNS
                                                    .iter()
                                                    .map(|c| {
                                                        let class = if *c == Column::Plate { "plate" } else { "" };
                                                        view! { <td class=class>{c.text(locale, &v)}</td> }
                                                    })
                                                    .collect_view()} <td class="actions">
                                                    <button
                                                        type="button"
                                                        class="link"
                                                        aria-expanded=move || details().to_string()
                                                        on:click=move |_| {
                                                            open_details
                                                                .update(|o| {
                                                                    *o = if *o == Some(vid) { None } else { Some(vid) };
                                                                })
                                                        }
                                                    >
                                                        {t!(i18n, vehicle.details)}
                                                    </button>
                                                    {remove_button(i, v.clone(), label)}
                                                </td>
                                            </tr>
                                            <Show when=details>
                                                <tr class="details-row">
                                                    <td colspan="9">
                                                        {facts_list("facts grid", table::facts(locale, &shown_vehicle))}
                                                        {super::on_the_map::on_the_map(locale, &shown_vehicle)}
                                                    </td>
                                                </tr>
                                            </Show>
                                        }
                                    })
                                    .collect_view()
                            })
                        }}
                    </tbody>
                </table>
            </div>
            {move || {
                let (total, shown) = (rows.with(Vec::len), limit.get());
                if total == 0 {
                    let empty = form.with(|f| f.vehicles.is_empty());
                    Some(
                        view! {
                            <p class="empty">
                                {move || {
                                    if empty {
                                        t_string!(i18n, vehicle.no_vehicles)
                                    } else {
                                        t_string!(i18n, vehicle.no_match)
                                    }
                                }}
                            </p>
                        }
                            .into_any(),
                    )
                } else if total > shown {
                    Some(
                        view! {
                            <p class="muted">
                                {move || t_string!(i18n, vehicle.showing, shown, total)}" "
                                <button type="button" class="link" on:click=move |_| limit.set(usize::MAX)>
                                    {t!(i18n, vehicle.show_all)}
                                </button>
                            </p>
                        }
                            .into_any(),
                    )
                } else {
                    None
                }
            }}
            <AddFromGroup form />
        </section>
    }
}
