//! "Add vehicles from another group": the vehicles of a recent or pinned
//! group, offered to move into the group being edited. `?from=<group id>`
//! in the URL opens with that group chosen (a move started elsewhere).

use std::collections::HashSet;

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use uuid::Uuid;

use super::form::GroupForm;
use crate::components::error_panel::ErrorPanel;
use crate::config::AppConfig;
use crate::domain::groups::GroupVehicle;
use crate::i18n::{t, t_string, td_string, use_i18n, Locale};
use crate::storage;
use crate::vendors::vehizen;
use crate::{use_config, use_vehizen};

/// The groups a vehicle can come from or go to: recent in this browser,
/// then pinned (a pinned group not opened yet has no name here).
pub fn known_groups(config: &AppConfig) -> Vec<(Uuid, Option<String>)> {
    let mut choices: Vec<(Uuid, Option<String>)> =
        storage::recent_groups().into_iter().map(|g| (g.id, Some(g.name))).collect();
    for id in &config.vendors.vehizen.pinned_groups {
        if !choices.iter().any(|(c, _)| c == id) {
            choices.push((*id, None));
        }
    }
    choices
}

/// A group's name, else its short id.
pub fn group_label(locale: Locale, id: Uuid, name: &Option<String>) -> String {
    match name {
        Some(name) => name.clone(),
        None => td_string!(locale, vehicle.pinned_group, id = id.to_string()[..8].to_string()).to_string(),
    }
}

/// Offers the vehicles of another group (recent or pinned) to move here.
#[component]
pub fn AddFromGroup(
    #[prop(into)] form: Signal<GroupForm>,
    /// A vehicle of the chosen group, to move into this one.
    on_bring_in: Callback<GroupVehicle>,
) -> impl IntoView {
    let i18n = use_i18n();
    let config = use_config();
    let vehizen = use_vehizen();
    let own_id = move || form.with(|f| f.id);
    let choices = known_groups(&config);
    let from = use_query_map().with_untracked(|q| q.get("from").and_then(|s| Uuid::parse_str(&s).ok()));
    let source = RwSignal::new(from.filter(|id| Some(*id) != own_id() && choices.iter().any(|(c, _)| c == id)));
    let other = LocalResource::new(move || {
        let vehizen = vehizen.clone();
        let id = source.get();
        async move {
            match id {
                Some(id) => Some(vehizen.fetch_group(id).await),
                None => None,
            }
        }
    });
    view! {
        <div class="add-from" data-test="add-from">
            <label>
                {t!(i18n, vehicle.add_from)}
                <select
                    data-test="source-group"
                    on:change=move |ev| source.set(Uuid::parse_str(&event_target_value(&ev)).ok())
                >
                    <option value="">{t!(i18n, vehicle.choose_group)}</option>
                    {choices
                        .into_iter()
                        .map(|(id, name)| {
                            let label = move || group_label(i18n.get_locale(), id, &name);
                            view! {
                                <option
                                    value=id.to_string()
                                    disabled=move || own_id() == Some(id)
                                    selected=from == Some(id)
                                >
                                    {label}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            {move || match other.get() {
                None if source.get().is_some() => {
                    Some(
                        view! {
                            <p class="loading" role="status">
                                {t!(i18n, vehicle.loading_vehicles)}
                            </p>
                        }
                            .into_any(),
                    )
                }
                None | Some(None) => None,
                Some(Some(Err(e))) => Some(view! { <ErrorPanel error=e vendor=vehizen::VENDOR /> }.into_any()),
                Some(Some(Ok(g))) => {
                    let here: HashSet<Uuid> = form.with_untracked(|f| f.vehicles.iter().filter_map(|v| v.id).collect());
                    let candidates: Vec<GroupVehicle> = g
                        .value
                        .vehicles
                        .into_iter()
                        .filter(|v| v.id.is_some_and(|id| !here.contains(&id)))
                        .collect();
                    Some(view! { <Candidates candidates on_bring_in /> }.into_any())
                }
            }}
        </div>
    }
}

/// The other group's vehicles not in this one, each with "Add".
#[component]
fn Candidates(candidates: Vec<GroupVehicle>, on_bring_in: Callback<GroupVehicle>) -> impl IntoView {
    let i18n = use_i18n();
    if candidates.is_empty() {
        return view! { <p class="empty">{t!(i18n, vehicle.all_here)}</p> }.into_any();
    }
    let candidate = move |v: GroupVehicle| {
        let text = format!("{} — {}", v.plate.clone().unwrap_or_default(), v.name.clone().unwrap_or_default());
        let done = RwSignal::new(false);
        let add = move |_| {
            on_bring_in.run(v.clone());
            done.set(true);
        };
        view! {
            <li>
                <span>{text}</span>
                <button type="button" disabled=move || done.get() on:click=add>
                    {move || if done.get() { t_string!(i18n, vehicle.added) } else { t_string!(i18n, vehicle.add) }}
                </button>
            </li>
        }
    };
    view! {
        <ul class="candidates" data-test="candidates">
            {candidates.into_iter().map(candidate).collect_view()}
        </ul>
    }
    .into_any()
}
