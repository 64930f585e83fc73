//! Which Ocean customer the session acts for.

use leptos::prelude::*;

use crate::i18n::{t, t_string, use_i18n};
use crate::ocean_session::use_ocean_session;
use crate::use_config;

/// For a login that acts for several customers: the customer every later
/// Ocean call names (`customerId`), from the configured list, or typed.
#[component]
pub(super) fn CustomerPicker() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_ocean_session();
    let customers = use_config().vendors.ocean.customers.clone();
    let current = move || session.current.with(|s| s.as_ref().and_then(|s| s.customer_id));
    if customers.is_empty() {
        let typed = RwSignal::new(current().map(|c| c.to_string()).unwrap_or_default());
        let invalid = RwSignal::new(false);
        let submit = move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            match typed.get_untracked().trim() {
                "" => session.set_customer(None),
                text => match text.parse::<i64>() {
                    Ok(id) if id > 0 => session.set_customer(Some(id)),
                    _ => return invalid.set(true),
                },
            }
            invalid.set(false);
        };
        return view! {
            <form class="inline-form" on:submit=submit>
                <label for="customer-id">{t!(i18n, connections.customer_id)}</label>
                <input
                    id="customer-id"
                    inputmode="numeric"
                    data-test="customer-id"
                    bind:value=typed
                    aria-invalid=move || invalid.get().to_string()
                    aria-describedby="customer-id-help"
                />
                <button type="submit">{t!(i18n, connections.use_customer)}</button>
                <p id="customer-id-help" class="muted">
                    {move || {
                        if invalid.get() {
                            t_string!(i18n, connections.customer_id_invalid)
                        } else {
                            t_string!(i18n, connections.customer_id_help)
                        }
                    }}
                </p>
            </form>
        }
        .into_any();
    }
    view! {
        <label>
            {t!(i18n, connections.customer_picker)}
            <select
                data-test="customer-picker"
                prop:value=move || current().map(|c| c.to_string()).unwrap_or_default()
                on:change=move |ev| session.set_customer(event_target_value(&ev).parse::<i64>().ok())
            >
                <option value="">{t!(i18n, connections.default)}</option>
                {customers
                    .into_iter()
                    .map(|c| view! { <option value=c.id.to_string()>{format!("{} ({})", c.name, c.id)}</option> })
                    .collect_view()}
            </select>
        </label>
    }
    .into_any()
}
