//! Connections: does each vendor answer, with which configuration, and the
//! Ocean sign-in.

use leptos::prelude::*;
use uuid::Uuid;

use crate::components::{error_panel::ErrorPanel, ocean_login::OceanLogin};
use crate::session::use_ocean_session;
use crate::use_config;
use crate::vendors::{emabler, ocean, vehizen, ApiError};

#[component]
pub fn ConnectionsPage() -> impl IntoView {
    let config = use_config();
    let vz_config = config.clone();
    // Vehizen has no cheap list call: read a pinned group, or an id that
    // cannot exist (a 404 proves the API answered and took our credential).
    let vehizen_probe = LocalResource::new(move || {
        let config = vz_config.clone();
        async move {
            let id = config.vendors.vehizen.pinned_groups.first().copied().unwrap_or(Uuid::nil());
            match vehizen::fetch_group(&config, id).await {
                Ok(g) => Ok(format!("Answers — read group “{}”.", g.value.name)),
                Err(ApiError::Http { status: 404, .. }) => Ok("Answers — credential accepted.".to_string()),
                Err(e) => Err(e),
            }
        }
    });
    let em_config = config.clone();
    let emabler_probe = LocalResource::new(move || {
        let config = em_config.clone();
        async move {
            emabler::fetch_tree(&config)
                .await
                .map(|t| format!("Answers — {} drivers at {} sites.", t.value.driver_count(), t.value.site_count()))
        }
    });

    Effect::new(move |_| {
        if vehizen_probe.with(Option::is_some) && emabler_probe.with(Option::is_some) {
            crate::perf::mark_after_layout("connections:data");
        }
    });
    view! {
        <section class="page">
            <h1>"Connections"</h1>
            <div class="cards wide">
                <VendorCard name=vehizen::VENDOR prefix=config.vendors.vehizen.base_url.clone() probe=vehizen_probe test="vehizen" />
                <VendorCard name=emabler::VENDOR prefix=config.vendors.emabler.base_url.clone() probe=emabler_probe test="emabler" />
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
    probe: LocalResource<Result<String, ApiError>>,
    test: &'static str,
) -> impl IntoView {
    view! {
        <article class="card vendor" data-test=format!("vendor-{test}")>
            <h2>{name}</h2>
            <p class="muted">"Through the proxy at " <code>{prefix}</code> "; its credential is added by the proxy."</p>
            {move || match probe.get() {
                None => view! { <p class="loading" role="status">"Checking…"</p> }.into_any(),
                Some(Ok(text)) => view! { <p class="ok" data-test="status">{text}</p> }.into_any(),
                Some(Err(e)) => view! { <ErrorPanel error=e vendor=name retry=Callback::new(move |_| probe.refetch()) /> }.into_any(),
            }}
        </article>
    }
}

#[component]
fn OceanCard() -> impl IntoView {
    let config = use_config();
    let session = use_ocean_session();
    // What the account sees, asked without `customerId`: keyed on the token
    // only, so that picking a customer does not change the list offered.
    let entities = LocalResource::new(move || {
        let config = config.clone();
        let token = session.current.with(|s| s.as_ref().map(|s| s.token.clone()));
        async move {
            let credentials = token.map(|t| (t, None));
            credentials.as_ref()?;
            Some(session.call(credentials, |token, _| async move { ocean::entities(&config, &token, None).await }).await)
        }
    });
    view! {
        <article class="card vendor" data-test="vendor-ocean">
            <h2>{ocean::VENDOR}</h2>
            {move || match session.current.get() {
                None => view! {
                    <p class="muted">"Ocean needs your own sign-in; the token is kept in this tab’s memory only."</p>
                    <OceanLogin />
                }.into_any(),
                Some(s) => {
                    let expiry = js_sys::Date::new(&s.expires_at_ms.into()).to_locale_time_string("default").as_string().unwrap_or_default();
                    let customer = s.customer_id.map(|c| format!("customer {c}")).unwrap_or_else(|| "your account’s default customer".into());
                    view! {
                        <p class="ok" data-test="status">{format!("Signed in as {} until {expiry}.", s.login)}</p>
                        <p class="muted" data-test="customer">{format!("Working for {customer}.")}</p>
                        {move || match entities.get() {
                            None | Some(None) => view! { <p class="loading" role="status">"Loading entities…"</p> }.into_any(),
                            Some(Some(Err(e))) => view! { <ErrorPanel error=e vendor=ocean::VENDOR retry=Callback::new(move |_| entities.refetch()) /> }.into_any(),
                            Some(Some(Ok(list))) => view! { <EntityPicker entities=list.value /> }.into_any(),
                        }}
                        <button type="button" on:click=move |_| session.end()>"Sign out"</button>
                    }.into_any()
                }
            }}
        </article>
    }
}

/// The entities the account sees. For a user of several customers, picking
/// one sets the `customerId` of every later Ocean call.
#[component]
fn EntityPicker(entities: Vec<crate::domain::fleet::Entity>) -> impl IntoView {
    let session = use_ocean_session();
    let selected = move || session.current.with(|s| s.as_ref().and_then(|s| s.customer_id)).map(|c| c.to_string()).unwrap_or_default();
    let names: Vec<String> = entities.iter().map(|e| e.name.clone()).collect();
    view! {
        <p>"Entities:"</p>
        <ul data-test="entities">{names.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
        <label>
            "Customer (accounts that see several customers)"
            <select data-test="customer-picker" prop:value=selected on:change=move |ev| {
                session.set_customer(event_target_value(&ev).parse::<i64>().ok());
            }>
                <option value="">"Default"</option>
                {entities.into_iter().map(|e| view! { <option value=e.id.to_string()>{format!("{} ({})", e.name, e.id)}</option> }).collect_view()}
            </select>
        </label>
    }
}

/// The runtime configuration this console runs with (`config.json`).
#[component]
fn ConfigInForce() -> impl IntoView {
    let c = use_config();
    let v = &c.vendors;
    let rows = vec![
        ("Request timeout", format!("{} s", c.request_timeout_ms as f64 / 1000.0)),
        ("Vehizen prefix", v.vehizen.base_url.clone()),
        ("Vehizen default customer", v.vehizen.default_customer_id.map(|u| u.to_string()).unwrap_or_else(|| "none".into())),
        ("Pinned groups", v.vehizen.pinned_groups.len().to_string()),
        ("eMabler prefix", v.emabler.base_url.clone()),
        ("eMabler driver tree path", v.emabler.driver_tree_path.clone()),
        ("eMabler driver path", v.emabler.driver_by_external_id_path.clone()),
        ("Ocean prefix", v.ocean.base_url.clone()),
        ("Ocean radius unit", v.ocean.radius_unit.clone()),
        ("Map tiles", if c.map.tile_url.is_empty() { "none".into() } else { c.map.tile_url.clone() }),
        ("Map centre", format!("{:.4}, {:.4} (zoom {})", c.map.center.lat, c.map.center.lon, c.map.zoom)),
    ];
    view! {
        <details class="card config" data-test="config">
            <summary>"Configuration in force"</summary>
            <dl class="facts">
                {rows.into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd><code>{v}</code></dd> }).collect_view()}
            </dl>
        </details>
    }
}
