//! The table's head: a sort button per column, and the actions column.

use leptos::prelude::*;

use super::super::table::{next_sort, Column, COLUMNS};
use crate::i18n::{t, use_i18n};

#[component]
pub fn ColumnHeads(
    /// The column sorted by, and whether ascending.
    sort_by: RwSignal<(Column, bool)>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <tr>
            {COLUMNS.iter().map(|&column| view! { <ColumnHead column sort_by /> }).collect_view()} <th scope="col">
                <span class="visually-hidden">{t!(i18n, vehicle.actions)}</span>
            </th>
        </tr>
    }
}

#[component]
fn ColumnHead(column: Column, sort_by: RwSignal<(Column, bool)>) -> impl IntoView {
    let i18n = use_i18n();
    let aria = move || match sort_by.get() {
        (c, true) if c == column => "ascending",
        (c, false) if c == column => "descending",
        _ => "none",
    };
    view! {
        <th scope="col" aria-sort=aria>
            <button type="button" class="sort" on:click=move |_| sort_by.update(|s| *s = next_sort(*s, column))>
                {move || column.title(i18n.get_locale())}
            </button>
        </th>
    }
}
