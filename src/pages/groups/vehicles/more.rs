//! Below the table: why it is empty (no vehicles, or none matches the
//! filter), or how many rows are shown of how many, with "Show all".

use leptos::prelude::*;

use super::super::form::GroupForm;
use crate::i18n::{t, t_string, use_i18n};

#[component]
pub fn EmptyOrMore(
    #[prop(into)] form: Signal<GroupForm>,
    /// The rows that pass the filter.
    rows: Memo<Vec<usize>>,
    /// How many of them are rendered.
    limit: RwSignal<usize>,
) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let (total, shown) = (rows.with(Vec::len), limit.get());
        if total == 0 {
            let empty = form.with(|f| f.vehicles.is_empty());
            let why =
                move || if empty { t_string!(i18n, vehicle.no_vehicles) } else { t_string!(i18n, vehicle.no_match) };
            Some(view! { <p class="empty">{why}</p> }.into_any())
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
    }
}
