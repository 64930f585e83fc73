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

    view! {
        <section class="page">
            <h1>"Connections"</h1>
            <div class="cards wide">
                <VendorCard name=vehizen::VENDOR prefix=config.vendors.vehizen.base_url.clone() probe=vehizen_probe test="vehizen" />
                <VendorCard name=emabler::VENDOR prefix=config.vendors.emabler.base_url.clone() probe=emabler_probe test="emabler" />
                <OceanCard />
            </div>
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
    let entities = LocalResource::new(move || {
        let config = config.clone();
        let token = session.token();
        async move {
            match token {
                Some(t) => Some(ocean::entities(&config, &t, None).await),
                None => None,
            }
        }
    });
    view! {
        <article class="card vendor" data-test="vendor-ocean">
            <h2>{ocean::VENDOR}</h2>
            {move || match session.0.get() {
                None => view! {
                    <p class="muted">"Ocean needs your own sign-in; the token is kept in this tab’s memory only."</p>
                    <OceanLogin />
                }.into_any(),
                Some(s) => {
                    let expiry = js_sys::Date::new(&s.expires_at_ms.into()).to_locale_time_string("default").as_string().unwrap_or_default();
                    view! {
                        <p class="ok" data-test="status">{format!("Signed in as {} until {expiry}.", s.login)}</p>
                        {move || match entities.get() {
                            None | Some(None) => view! { <p class="loading" role="status">"Loading entities…"</p> }.into_any(),
                            Some(Some(Err(e))) => view! { <ErrorPanel error=e vendor=ocean::VENDOR /> }.into_any(),
                            Some(Some(Ok(list))) => view! {
                                <p>"Entities:"</p>
                                <ul data-test="entities">{list.value.into_iter().map(|e| view! { <li>{e.name}</li> }).collect_view()}</ul>
                            }.into_any(),
                        }}
                        <button type="button" on:click=move |_| session.end()>"Sign out"</button>
                    }.into_any()
                }
            }}
        </article>
    }
}
