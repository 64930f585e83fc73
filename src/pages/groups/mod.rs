//! Vehicle groups (Vehizen): open by id, the organisation's pinned groups,
//! and one group's vehicles.

mod editor;
pub mod form;
pub mod table;
mod vehicles;

use leptos::prelude::*;
use leptos_router::{components::A, hooks::{use_navigate, use_params_map}};
use uuid::Uuid;

use crate::components::help::FirstSteps;
use crate::components::{decode_notice::DecodeNotice, error_panel::ErrorPanel};
use crate::use_config;
use crate::storage;
use crate::vendors::{vehizen, ApiError};
use editor::GroupEditor;

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
    let recent = RwSignal::new(storage::recent_groups());
    Effect::new(move |_| {
        if groups.with(Option::is_some) {
            crate::perf::mark_after_layout("groups:data");
        }
    });

    view! {
        <section class="page">
            <div class="page-head">
                <h1>"Vehicle groups"</h1>
                <A href="/groups/new" attr:class="button" attr:data-test="new-group">"New group"</A>
            </div>
            <FirstSteps opened_groups=recent.with_untracked(|r| !r.is_empty()) />
            <OpenGroupForm />
            <h2>"Recently opened in this browser"</h2>
            {move || {
                let list = recent.get();
                if list.is_empty() {
                    view! { <p class="empty">"Groups you open or create appear here."</p> }.into_any()
                } else {
                    view! {
                        <ul class="cards" data-test="recent-groups">
                            {list.into_iter().map(|g| {
                                let (gid, label) = (g.id, format!("Forget {} from recent groups", g.name));
                                view! {
                                    <li class="card row">
                                        <A href=format!("/groups/{gid}")>{g.name}</A>
                                        <button type="button" class="link" aria-label=label
                                            on:click=move |_| { storage::forget_group(gid); recent.set(storage::recent_groups()); }>"Remove"</button>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }}
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
pub fn NewGroupPage() -> impl IntoView {
    view! {
        <section class="page">
            <p><A href="/groups">"← All groups"</A></p>
            <GroupEditor group=None />
        </section>
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
                Some(Some(Err(ApiError::Http { status: 404, .. }))) => view! {
                    <h1>"Group not found"</h1>
                    <p class="empty" data-test="group-not-found">"Vehizen has no group with this id for this account. Check the id, or open one of the groups listed on the Groups page."</p>
                }.into_any(),
                Some(Some(Err(e))) => view! {
                    <h1>"Group"</h1>
                    <ErrorPanel error=e vendor=vehizen::VENDOR retry=Callback::new(move |_| group.refetch()) />
                }.into_any(),
                Some(Some(Ok(g))) => {
                    if let Some(gid) = g.value.id {
                        storage::remember_group(gid, &g.value.name);
                    }
                    view! {
                        <DecodeNotice warnings=g.warnings vendor=vehizen::VENDOR />
                        <GroupEditor group=Some(g.value) />
                    }.into_any()
                }
            }}
        </section>
    }
}
