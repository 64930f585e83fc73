//! Vehicle groups (Vehizen): open by id, the organisation's pinned groups,
//! and one group's vehicles.

use leptos::prelude::*;
use leptos_router::{components::A, hooks::{use_navigate, use_params_map}};
use uuid::Uuid;

use crate::components::{decode_notice::DecodeNotice, error_panel::ErrorPanel};
use crate::domain::groups::Group;
use crate::use_config;
use crate::vendors::vehizen;

#[component]
pub fn GroupsPage() -> impl IntoView {
    let config = use_config();
    let pinned = config.vendors.vehizen.pinned_groups.clone();
    let groups = LocalResource::new(move || {
        let config = config.clone();
        let ids = pinned.clone();
        async move {
            let calls = ids.iter().map(|id| vehizen::fetch_group(&config, *id));
            ids.iter().copied().zip(futures::future::join_all(calls).await).collect::<Vec<_>>()
        }
    });

    view! {
        <section class="page">
            <h1>"Vehicle groups"</h1>
            <OpenGroupForm />
            <h2>"This organisation’s groups"</h2>
            {move || match groups.get() {
                None => view! { <p class="loading" role="status">"Loading groups…"</p> }.into_any(),
                Some(list) if list.is_empty() => view! {
                    <p class="empty">"No groups are pinned in the configuration. Open one by its id above."</p>
                }.into_any(),
                Some(list) => view! {
                    <ul class="cards" data-test="pinned-groups">
                        {list.into_iter().map(|(id, result)| match result {
                            Ok(g) => view! {
                                <li class="card">
                                    <A href=format!("/groups/{id}")>{g.value.name.clone()}</A>
                                    <span class="muted">{format!("{} vehicles", g.value.vehicles.len())}</span>
                                </li>
                            }.into_any(),
                            Err(e) => view! {
                                <li class="card">
                                    <code>{id.to_string()}</code>
                                    <ErrorPanel error=e vendor=vehizen::VENDOR />
                                </li>
                            }.into_any(),
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </section>
    }
}

/// Paste a GUID: checked before any request is sent.
#[component]
fn OpenGroupForm() -> impl IntoView {
    let text = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<&'static str>);
    let navigate = use_navigate();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match Uuid::parse_str(text.get_untracked().trim()) {
            Ok(id) => {
                problem.set(None);
                navigate(&format!("/groups/{id}"), Default::default());
            }
            Err(_) => problem.set(Some("A group id is a GUID like 43f21e26-9772-5a0f-a514-cdd82b6b1787.")),
        }
    };
    view! {
        <form class="inline-form" on:submit=submit>
            <label for="group-id">"Open a group by id"</label>
            <input id="group-id" bind:value=text placeholder="xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"
                aria-describedby="group-id-error" aria-invalid=move || problem.get().is_some().to_string() />
            <button type="submit">"Open"</button>
            <p id="group-id-error" class="field-error" aria-live="polite">{move || problem.get()}</p>
        </form>
    }
}

#[component]
pub fn GroupPage() -> impl IntoView {
    let config = use_config();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| Uuid::parse_str(&s).ok()));
    let group = LocalResource::new(move || {
        let config = config.clone();
        let id = id();
        async move {
            match id {
                Some(id) => Some(vehizen::fetch_group(&config, id).await),
                None => None,
            }
        }
    });
    view! {
        <section class="page">
            <p><A href="/groups">"← All groups"</A></p>
            {move || match group.get() {
                None => view! { <p class="loading" role="status">"Loading the group…"</p> }.into_any(),
                Some(None) => view! {
                    <h1>"Not a group id"</h1>
                    <p class="empty">"This address does not contain a valid group id (a GUID)."</p>
                }.into_any(),
                Some(Some(Err(e))) => view! {
                    <h1>"Group"</h1>
                    <ErrorPanel error=e vendor=vehizen::VENDOR retry=Callback::new(move |_| group.refetch()) />
                }.into_any(),
                Some(Some(Ok(g))) => view! {
                    <DecodeNotice warnings=g.warnings vendor=vehizen::VENDOR />
                    <GroupView group=g.value />
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn GroupView(group: Group) -> impl IntoView {
    let fmt = |id: Option<Uuid>| id.map(|i| i.to_string()).unwrap_or_else(|| "—".into());
    view! {
        <h1 data-test="group-name">{group.name.clone()}</h1>
        <dl class="facts">
            <dt>"Customer"</dt><dd><code>{fmt(group.customer_id)}</code></dd>
            <dt>"Eco-driving profile"</dt><dd><code>{fmt(group.eco_profile_id)}</code></dd>
            <dt>"Vehicles"</dt><dd>{group.vehicles.len()}</dd>
        </dl>
        <div class="table-wrap">
            <table data-test="group-vehicles">
                <thead><tr><th scope="col">"Plate"</th><th scope="col">"Name"</th><th scope="col">"Brand and model"</th><th scope="col">"VIN"</th></tr></thead>
                <tbody>
                    {group.vehicles.into_iter().map(|v| view! {
                        <tr>
                            <td class="plate">{v.plate}</td>
                            <td>{v.name}</td>
                            <td>{format!("{} {}", v.brand.unwrap_or_default(), v.model.unwrap_or_default())}</td>
                            <td><code>{v.vin}</code></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
