//! Vehicle groups (Vehizen): open by id, the organisation's pinned groups,
//! and one group's vehicles.

mod add_from_group;
mod conflict;
mod draft;
mod editor;
pub mod form;
mod index;
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
use leptos_router::{components::A, hooks::use_params_map};
use uuid::Uuid;

use crate::components::help::FirstSteps;
use crate::components::{decode_notice::DecodeNotice, error_panel::ErrorPanel};
use crate::cross_vendor::use_cross_vendor;
use crate::i18n::{t, use_i18n};
use crate::storage;
use crate::vendors::{vehizen, ApiError};
use crate::{use_config, use_vehizen};
use editor::GroupEditor;
use index::{NewGroupLink, OpenGroupForm, PinnedGroups, RecentGroups};

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
    Effect::new(move |_| {
        if groups.with(Option::is_some) {
            crate::perf::mark_after_layout("groups:data");
        }
    });

    view! {
        <section class="page">
            <div class="page-head">
                <h1>{t!(i18n, groups.title)}</h1>
                <NewGroupLink />
            </div>
            <FirstSteps opened_groups=recent.with_untracked(|r| !r.is_empty()) />
            <OpenGroupForm />
            <h2>{t!(i18n, groups.recent)}</h2>
            <RecentGroups recent />
            <h2>{t!(i18n, groups.organisation)}</h2>
            <PinnedGroups groups />
        </section>
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
