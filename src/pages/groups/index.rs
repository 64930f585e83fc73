//! The groups index's parts: "New group" (or why a viewer has none), open
//! a group by its id, the groups opened in this browser, the organisation's
//! pinned groups.

use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_navigate};
use uuid::Uuid;

use crate::components::error_panel::ErrorPanel;
use crate::domain::common::Decoded;
use crate::domain::groups::Group;
use crate::edge_sign_in::use_sign_in;
use crate::i18n::{t, t_string, use_i18n};
use crate::storage::{self, RecentGroup};
use crate::vendors::{vehizen, ApiError};

/// Each pinned group's id and what reading it gave.
pub type PinnedRead = Vec<(Uuid, Result<Decoded<Group>, ApiError>)>;

/// "New group" for an editor; a viewer is told why there is none.
#[component]
pub fn NewGroupLink() -> impl IntoView {
    let i18n = use_i18n();
    let sign_in = use_sign_in();
    move || {
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
    }
}

/// Paste a GUID: checked before any request is sent.
#[component]
pub fn OpenGroupForm() -> impl IntoView {
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

/// The groups opened in this browser, each with "Remove" (from this list).
#[component]
pub fn RecentGroups(recent: RwSignal<Vec<RecentGroup>>) -> impl IntoView {
    let i18n = use_i18n();
    let card = move |g: RecentGroup| {
        let gid = g.id;
        let name = g.name.clone();
        let label = move || t_string!(i18n, groups.forget, name = name.clone()).to_string();
        let forget = move |_| {
            storage::forget_group(gid);
            recent.set(storage::recent_groups());
        };
        view! {
            <li class="card row">
                <A href=format!("/groups/{gid}")>{g.name}</A>
                <button type="button" class="link" aria-label=label on:click=forget>
                    {t!(i18n, groups.remove)}
                </button>
            </li>
        }
    };
    move || {
        let list = recent.get();
        if list.is_empty() {
            view! { <p class="empty">{t!(i18n, groups.recent_empty)}</p> }.into_any()
        } else {
            view! {
                <ul class="cards" data-test="recent-groups">
                    {list.into_iter().map(card).collect_view()}
                </ul>
            }
            .into_any()
        }
    }
}

/// The organisation's pinned groups (from `config.json`), read from Vehizen.
#[component]
pub fn PinnedGroups(groups: LocalResource<PinnedRead>) -> impl IntoView {
    let i18n = use_i18n();
    move || match groups.get() {
        None => view! {
            <p class="loading" role="status">
                {t!(i18n, groups.loading_groups)}
            </p>
        }
        .into_any(),
        Some(list) if list.is_empty() => view! { <p class="empty">{t!(i18n, groups.no_pinned)}</p> }.into_any(),
        Some(list) => view! {
            <ul class="cards" data-test="pinned-groups">
                {list.into_iter().map(|(id, read)| view! { <PinnedGroup id read /> }).collect_view()}
            </ul>
        }
        .into_any(),
    }
}

/// One pinned group: its name and vehicle count, or why it could not be read.
#[component]
fn PinnedGroup(id: Uuid, read: Result<Decoded<Group>, ApiError>) -> impl IntoView {
    let i18n = use_i18n();
    match read {
        Ok(g) => {
            let n = g.value.vehicles.len();
            view! {
                <li class="card">
                    <A href=format!("/groups/{id}")>{g.value.name.clone()}</A>
                    <span class="muted">{t!(i18n, groups.vehicles, count = move || n)}</span>
                </li>
            }
            .into_any()
        }
        Err(e) => view! {
            <li class="card">
                <code>{id.to_string()}</code>
                <ErrorPanel error=e vendor=vehizen::VENDOR />
            </li>
        }
        .into_any(),
    }
}
