//! Vehicle groups (Vehizen): open by id, the organisation's pinned groups,
//! and one group's vehicles.

mod add_from_group;
mod conflict;
mod draft;
mod editor;
pub mod form;
mod merge;
mod not_kept_notice;
mod notice;
mod on_the_map;
mod read_back;
mod rows;
mod save;
pub mod table;
mod vehicles;

use leptos::prelude::*;
use leptos_router::{
    components::A,
    hooks::{use_navigate, use_params_map},
};
use uuid::Uuid;

use crate::components::help::FirstSteps;
use crate::components::{decode_notice::DecodeNotice, error_panel::ErrorPanel};
use crate::cross_vendor::use_cross_vendor;
use crate::edge_sign_in::use_sign_in;
use crate::i18n::{t, t_string, use_i18n};
use crate::storage;
use crate::vendors::{vehizen, ApiError};
use crate::{use_config, use_vehizen};
use editor::GroupEditor;

#[component]
pub fn GroupsPage() -> impl IntoView {
    let i18n = use_i18n();
    let config = use_config();
    let vehizen = use_vehizen();
    let pinned = config.vendors.vehizen.pinned_groups.clone();
    let cross_vendor = use_cross_vendor();
    let groups = LocalResource::new(move || {
        let vehizen = vehizen.clone();
        let ids = pinned.clone();
        async move {
            let calls = ids.iter().map(|id| vehizen.fetch_group(*id));
            let read = futures::future::join_all(calls).await;
            // The map matches its vehicles against what was read here.
            read.iter().flatten().for_each(|d| cross_vendor.remember_group(&d.value));
            ids.iter().copied().zip(read).collect::<Vec<_>>()
        }
    });
    let recent = RwSignal::new(storage::recent_groups());
    let sign_in = use_sign_in();
    Effect::new(move |_| {
        if groups.with(Option::is_some) {
            crate::perf::mark_after_layout("groups:data");
        }
    });

    view! {
        <section class="page">
            <div class="page-head">
                <h1>{t!(i18n, groups.title)}</h1>
                {move || {
                    if sign_in.can_edit() {
                        view! {
                            <A href="/groups/new" attr:class="button" attr:data-test="new-group">
                                {t!(i18n, groups.new_group)}
                            </A>
                        }
                            .into_any()
                    } else {
                        view! {
                            <p class="muted" data-test="viewer-cannot-create">
                                {t!(i18n, signin.viewer_cannot_create)}
                            </p>
                        }
                            .into_any()
                    }
                }}
            </div>
            <FirstSteps opened_groups=recent.with_untracked(|r| !r.is_empty()) />
            <OpenGroupForm />
            <h2>{t!(i18n, groups.recent)}</h2>
            {move || {
                let list = recent.get();
                if list.is_empty() {
                    view! { <p class="empty">{t!(i18n, groups.recent_empty)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="cards" data-test="recent-groups">
                            {list
                                .into_iter()
                                .map(|g| {
                                    let gid = g.id;
                                    let name = g.name.clone();
                                    let label = move || t_string!(i18n, groups.forget, name = name.clone()).to_string();
                                    view! {
                                        <li class="card row">
                                            <A href=format!("/groups/{gid}")>{g.name}</A>
                                            <button
                                                type="button"
                                                class="link"
                                                aria-label=label
                                                on:click=move |_| {
                                                    storage::forget_group(gid);
                                                    recent.set(storage::recent_groups());
                                                }
                                            >
                                                {t!(i18n, groups.remove)}
                                            </button>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                        .into_any()
                }
            }}
            <h2>{t!(i18n, groups.organisation)}</h2>
            {move || match groups.get() {
                None => {
                    view! {
                        <p class="loading" role="status">
                            {t!(i18n, groups.loading_groups)}
                        </p>
                    }
                        .into_any()
                }
                Some(list) if list.is_empty() => view! { <p class="empty">{t!(i18n, groups.no_pinned)}</p> }.into_any(),
                Some(list) => {
                    view! {
                        <ul class="cards" data-test="pinned-groups">
                            {list
                                .into_iter()
                                .map(|(id, result)| match result {
                                    Ok(g) => {
                                        view! {
                                            <li class="card">
                                                <A href=format!("/groups/{id}")>{g.value.name.clone()}</A>
                                                <span class="muted">
                                                    {
                                                        let n = g.value.vehicles.len();
                                                        t!(i18n, groups.vehicles, count = move || n)
                                                    }
                                                </span>
                                            </li>
                                        }
                                            .into_any()
                                    }
                                    Err(e) => {
                                        view! {
                                            <li class="card">
                                                <code>{id.to_string()}</code>
                                                <ErrorPanel error=e vendor=vehizen::VENDOR />
                                            </li>
                                        }
                                            .into_any()
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}

/// Paste a GUID: checked before any request is sent.
#[component]
fn OpenGroupForm() -> impl IntoView {
    let i18n = use_i18n();
    let text = RwSignal::new(String::new());
    let problem = RwSignal::new(false);
    let navigate = use_navigate();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match Uuid::parse_str(text.get_untracked().trim()) {
            Ok(id) => {
                problem.set(false);
                navigate(&format!("/groups/{id}"), Default::default());
            }
            Err(_) => problem.set(true),
        }
    };
    view! {
        <form class="inline-form" on:submit=submit>
            <label for="group-id">{t!(i18n, groups.open_by_id)}</label>
            <input
                id="group-id"
                bind:value=text
                placeholder="xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"
                aria-describedby="group-id-error"
                aria-invalid=move || problem.get().to_string()
            />
            <button type="submit">{t!(i18n, groups.open)}</button>
            <p id="group-id-error" class="field-error" aria-live="polite">
                {move || problem.get().then(|| t_string!(i18n, groups.not_a_guid))}
            </p>
        </form>
    }
}

#[component]
pub fn NewGroupPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="page">
            <p>
                <A href="/groups">{t!(i18n, groups.all_groups)}</A>
            </p>
            <GroupEditor group=None />
        </section>
    }
}

#[component]
pub fn GroupPage() -> impl IntoView {
    let i18n = use_i18n();
    let vehizen = use_vehizen();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| Uuid::parse_str(&s).ok()));
    let cross_vendor = use_cross_vendor();
    let group = LocalResource::new(move || {
        let vehizen = vehizen.clone();
        let id = id();
        async move {
            let read = vehizen.fetch_group(id?).await;
            if let Ok(d) = &read {
                cross_vendor.remember_group(&d.value);
            }
            Some(read)
        }
    });
    view! {
        <section class="page">
            <p>
                <A href="/groups">{t!(i18n, groups.all_groups)}</A>
            </p>
            {move || match group.get() {
                None => {
                    view! {
                        <p class="loading" role="status">
                            {t!(i18n, groups.loading_group)}
                        </p>
                    }
                        .into_any()
                }
                Some(None) => {
                    view! {
                        <h1>{t!(i18n, groups.not_group_id)}</h1>
                        <p class="empty">{t!(i18n, groups.not_group_id_text)}</p>
                    }
                        .into_any()
                }
                Some(Some(Err(ApiError::Http { status: 404, .. }))) => {
                    view! {
                        <h1>{t!(i18n, groups.not_found)}</h1>
                        <p class="empty" data-test="group-not-found">
                            {t!(i18n, groups.not_found_text)}
                        </p>
                    }
                        .into_any()
                }
                Some(Some(Err(e))) => {
                    view! {
                        <h1>{t!(i18n, groups.group)}</h1>
                        <ErrorPanel error=e vendor=vehizen::VENDOR retry=Callback::new(move |_| group.refetch()) />
                    }
                        .into_any()
                }
                Some(Some(Ok(g))) => {
                    if let Some(gid) = g.value.id {
                        storage::remember_group(gid, &g.value.name);
                    }
                    view! {
                        <DecodeNotice warnings=g.warnings vendor=vehizen::VENDOR />
                        <GroupEditor group=Some(g.value) />
                    }
                        .into_any()
                }
            }}
        </section>
    }
}
