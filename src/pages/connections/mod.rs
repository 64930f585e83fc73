//! Connections: does each vendor answer, with which configuration, and the
//! Ocean sign-in.

use leptos::prelude::*;
use uuid::Uuid;

use crate::components::{error_panel::ErrorPanel, ocean_login::OceanLogin};
use crate::domain::fleet::Entity;
use crate::format;
use crate::i18n::{t, t_string, use_i18n, Locale};
use crate::ocean_session::use_ocean_session;
use crate::vendors::{emabler, ocean, vehizen, ApiError};
use crate::{use_config, use_emabler, use_ocean, use_vehizen};

#[component]
pub fn ConnectionsPage() -> impl IntoView {
    let i18n = use_i18n();
    let config = use_config();
    let vehizen = use_vehizen();
    let emabler = use_emabler();
    // Vehizen has no cheap list call: read a pinned group, or an id that
    // cannot exist (a 404 proves the API answered and took our credential).
    let probe_id = config.vendors.vehizen.pinned_groups.first().copied().unwrap_or(Uuid::nil());
    let vehizen_probe = LocalResource::new(move || {
        let vehizen = vehizen.clone();
        async move {
            match vehizen.fetch_group(probe_id).await {
                Ok(g) => Ok(Probe::VehizenGroup(g.value.name)),
                Err(ApiError::Http { status: 404, .. }) => Ok(Probe::VehizenCredential),
                Err(e) => Err(e),
            }
        }
    });
    let emabler_probe = LocalResource::new(move || {
        let emabler = emabler.clone();
        async move {
            emabler
                .fetch_tree()
                .await
                .map(|t| Probe::Emabler { drivers: t.value.driver_count(), sites: t.value.site_count() })
        }
    });

    Effect::new(move |_| {
        if vehizen_probe.with(Option::is_some) && emabler_probe.with(Option::is_some) {
            crate::perf::mark_after_layout("connections:data");
        }
    });
    view! {
        <section class="page">
            <h1>{t!(i18n, connections.title)}</h1>
            <div class="cards wide">
                <VendorCard
                    name=vehizen::VENDOR
                    prefix=config.vendors.vehizen.base_url.clone()
                    probe=vehizen_probe
                    test="vehizen"
                />
                <VendorCard
                    name=emabler::VENDOR
                    prefix=config.vendors.emabler.base_url.clone()
                    probe=emabler_probe
                    test="emabler"
                />
                <OceanCard />
            </div>
            <ConfigInForce />
        </section>
    }
}

#[component]
fn VendorCard(
    name: &'static str,
    prefix: String,
    probe: LocalResource<Result<Probe, ApiError>>,
    test: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <article class="card vendor" data-test=format!("vendor-{test}")>
            <h2>{name}</h2>
            <p class="muted">{t!(i18n, connections.through_proxy, prefix, <code> = <code />)}</p>
            {move || match probe.get() {
                None => {
                    view! {
                        <p class="loading" role="status">
                            {t!(i18n, connections.checking)}
                        </p>
                    }
                        .into_any()
                }
                Some(Ok(answer)) => {
                    view! {
                        <p class="ok" data-test="status">
                            {move || answer.text(i18n.get_locale())}
                        </p>
                    }
                        .into_any()
                }
                Some(Err(e)) => {
                    view! { <ErrorPanel error=e vendor=name retry=Callback::new(move |_| probe.refetch()) /> }
                        .into_any()
                }
            }}
        </article>
    }
}

#[component]
fn OceanCard() -> impl IntoView {
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
                Some(s) => {
                    let (login, until) = (s.login.clone(), format::local_time_ms(s.expires_at_ms));
                    let customers = use_config().vendors.ocean.customers.clone();
                    let customer = move || match s.customer_id {
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
                            {move || {
                                t_string!(i18n, connections.signed_in, login = login.clone(), until = until.clone())
                            }}
                        </p>
                        <p class="muted" data-test="customer">
                            {customer}
                        </p>
                        <CustomerPicker />
                        {move || match entities.get() {
                            None | Some(None) => {
                                view! {
                                    <p class="loading" role="status">
                                        {t!(i18n, connections.loading_entities)}
                                    </p>
                                }
                                    .into_any()
                            }
                            Some(Some(Err(e))) => {
                                view! {
                                    <ErrorPanel
                                        error=e
                                        vendor=ocean::VENDOR
                                        retry=Callback::new(move |_| entities.refetch())
                                    />
                                }
                                    .into_any()
                            }
                            Some(Some(Ok(list))) => view! { <EntityList entities=list.value /> }.into_any(),
                        }}
                        <button type="button" on:click=move |_| session.end()>
                            {t!(i18n, connections.sign_out)}
                        </button>
                    }
                        .into_any()
                }
            }}
        </article>
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

/// For a login that acts for several customers: the customer every later
/// Ocean call names (`customerId`), from the configured list, or typed.
#[component]
fn CustomerPicker() -> impl IntoView {
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

/// The runtime configuration this console runs with (`config.json`).
#[component]
fn ConfigInForce() -> impl IntoView {
    let i18n = use_i18n();
    let c = use_config();
    let rows = move || {
        let locale = i18n.get_locale();
        let v = &c.vendors;
        let none = || crate::i18n::td_string!(locale, common.none).to_string();
        let (lat, lon, zoom) =
            (format::number(locale, c.map.center.lat, 4), format::number(locale, c.map.center.lon, 4), c.map.zoom);
        vec![
            (
                t_string!(i18n, connections.request_timeout),
                format::duration_s(locale, (c.request_timeout_ms / 1000) as u64),
            ),
            (t_string!(i18n, connections.vehizen_prefix), v.vehizen.base_url.clone()),
            (
                t_string!(i18n, connections.vehizen_customer),
                v.vehizen.default_customer_id.map(|u| u.to_string()).unwrap_or_else(none),
            ),
            (t_string!(i18n, connections.pinned_groups), v.vehizen.pinned_groups.len().to_string()),
            (t_string!(i18n, connections.emabler_prefix), v.emabler.base_url.clone()),
            (t_string!(i18n, connections.emabler_tree_path), v.emabler.driver_tree_path.clone()),
            (t_string!(i18n, connections.emabler_driver_path), v.emabler.driver_by_external_id_path.clone()),
            (t_string!(i18n, connections.ocean_prefix), v.ocean.base_url.clone()),
            (t_string!(i18n, connections.ocean_radius_unit), v.ocean.radius_unit.clone()),
            (
                t_string!(i18n, connections.map_tiles),
                if c.map.tile_url.is_empty() { none() } else { c.map.tile_url.clone() },
            ),
            (
                t_string!(i18n, connections.map_centre),
                t_string!(i18n, connections.map_centre_value, lat, lon, zoom).to_string(),
            ),
        ]
    };
    view! {
        <details class="card config" data-test="config">
            <summary>{t!(i18n, connections.config)}</summary>
            <dl class="facts">
                {move || {
                    rows()
                        .into_iter()
                        .map(|(k, v)| {
                            view! {
                                <dt>{k}</dt>
                                <dd>
                                    <code>{v}</code>
                                </dd>
                            }
                        })
                        .collect_view()
                }}
            </dl>
        </details>
    }
}

/// What a vendor's probe found, worded when shown.
#[derive(Clone, Debug, PartialEq)]
enum Probe {
    VehizenGroup(String),
    VehizenCredential,
    Emabler { drivers: usize, sites: usize },
}

impl Probe {
    fn text(&self, locale: Locale) -> String {
        use crate::i18n::td_string;
        match self {
            Probe::VehizenGroup(name) => td_string!(locale, connections.vehizen_read, name).to_string(),
            Probe::VehizenCredential => td_string!(locale, connections.vehizen_ok).to_string(),
            Probe::Emabler { drivers, sites } => {
                let (drivers, sites) =
                    (format::integer(locale, *drivers as u64), format::integer(locale, *sites as u64));
                td_string!(locale, connections.emabler_ok, drivers, sites).to_string()
            }
        }
    }
}
