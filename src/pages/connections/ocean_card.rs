//! Ocean's card: the sign-in, or the session with its customer, the units
//! its answers are read in, and its entities.

use leptos::prelude::*;

use super::customer_picker::CustomerPicker;
use super::units_in_force::UnitsInForce;
use crate::components::{loaded::Loaded, ocean_login::OceanLogin};
use crate::domain::common::Decoded;
use crate::domain::fleet::Entity;
use crate::format;
use crate::i18n::{t, t_string, use_i18n};
use crate::ocean_session::{use_ocean_session, Session};
use crate::vendors::{ocean, ApiError};
use crate::{use_config, use_ocean};

#[component]
pub(super) fn OceanCard() -> impl IntoView {
    let i18n = use_i18n();
    let ocean = use_ocean();
    let session = use_ocean_session();
    // The entities (sub-units) of the customer the session acts for.
    let entities = LocalResource::new(move || {
        let ocean = ocean.clone();
        let credentials = session.credentials();
        async move {
            credentials.as_ref()?;
            let list = |token: String, customer| async move { ocean.entities(&token, customer).await };
            Some(session.call(credentials, list).await)
        }
    });
    view! {
        <article class="card vendor" data-test="vendor-ocean">
            <h2>{ocean::VENDOR}</h2>
            {move || match session.current.get() {
                None => {
                    view! {
                        <p class="muted">{t!(i18n, connections.ocean_intro)}</p>
                        <OceanLogin />
                    }
                        .into_any()
                }
                Some(s) => view! { <SignedIn session=s entities /> }.into_any(),
            }}
        </article>
    }
}

/// The session: who is signed in until when, for which customer, and the
/// customer's entities.
#[component]
fn SignedIn(
    session: Session,
    entities: LocalResource<Option<Result<Decoded<Vec<Entity>>, ApiError>>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let ocean_session = use_ocean_session();
    let (login, until) = (session.login.clone(), format::local_time_ms(session.expires_at_ms));
    let customers = use_config().vendors.ocean.customers.clone();
    let customer = move || match session.customer_id {
        Some(id) => {
            let customer = customers
                .iter()
                .find(|c| c.id == id)
                .map(|c| format!("{} ({id})", c.name))
                .unwrap_or_else(|| id.to_string());
            t_string!(i18n, connections.working_for_customer, customer).to_string()
        }
        None => t_string!(i18n, connections.working_for_default).to_string(),
    };
    view! {
        <p class="ok" data-test="status">
            {move || t_string!(i18n, connections.signed_in, login = login.clone(), until = until.clone())}
        </p>
        <p class="muted" data-test="customer">
            {customer}
        </p>
        <UnitsInForce />
        <CustomerPicker />
        <Loaded
            read=move || entities.get().flatten()
            vendor=ocean::VENDOR
            loading=move || t!(i18n, connections.loading_entities)
            retry=Callback::new(move |_| entities.refetch())
            let:list
        >
            <EntityList entities=list.value />
        </Loaded>
        <button type="button" on:click=move |_| ocean_session.end()>
            {t!(i18n, connections.sign_out)}
        </button>
    }
}

/// The customer's entities (logically deleted ones left out).
#[component]
fn EntityList(entities: Vec<Entity>) -> impl IntoView {
    let i18n = use_i18n();
    let names: Vec<String> = entities.into_iter().filter(|e| e.deleted != Some(true)).map(|e| e.name).collect();
    view! {
        <p>{t!(i18n, connections.entities)}</p>
        <ul data-test="entities">{names.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
    }
}
