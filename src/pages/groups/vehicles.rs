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

#[component]
pub fn VehicleTable(form: RwSignal<GroupForm>) -> impl IntoView {
    let query = RwSignal::new(String::new());
    let sort_by = RwSignal::new((Column::Plate, true));
    let limit = RwSignal::new(PAGE);
    let open_details = RwSignal::new(None::<Uuid>);
    let removed = RwSignal::new(Vec::<(usize, GroupVehicle)>::new());
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

    let remove = move |vehicle_id: Uuid| {
        form.update(|f| {
            if let Some(pos) = f.vehicles.iter().position(|v| v.id == vehicle_id) {
                let v = f.vehicles.remove(pos);
                let plate = v.label();
                toasts.show(t_string!(i18n, vehicle.removed_toast, plate).to_string());
                removed.update(|r| r.push((pos, v)));
            }
        });
    };
    let undo = move |_| {
        if let Some((pos, v)) = removed.try_update(|r| r.pop()).flatten() {
            form.update(|f| {
                let pos = pos.min(f.vehicles.len());
                f.vehicles.insert(pos, v);
            });
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
                                        let vid = v.id;
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
                                                    <button
                                                        type="button"
                                                        class="link danger"
                                                        aria-label=t_string!(i18n, vehicle.remove_label, label)
                                                            .to_string()
                                                        on:click=move |_| remove(vid)
                                                        data-test="remove-vehicle"
                                                    >
                                                        {t!(i18n, vehicle.remove)}
                                                    </button>
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
