//! Where the last save stands, above the fields: outcome unknown, failed,
//! someone else's change, not all kept, a removal that cannot be said
//! safely; and the vendor's messages that name no field.

use leptos::prelude::*;
use uuid::Uuid;

use super::super::conflict::ConflictNotice;
use super::super::form::FormErrors;
use super::super::not_kept_notice::NotKeptNotice;
use super::super::save::{Conflict, LookAlikeRemoval, PartlyKept, SaveState};
use super::model::Event;
use crate::components::error_panel::ErrorPanel;
use crate::i18n::{t, t_string, use_i18n};
use crate::vendors::vehizen;

#[component]
pub fn SaveStatus(
    #[prop(into)] state: Signal<SaveState>,
    #[prop(into)] errors: Signal<FormErrors>,
    /// The group being edited (`None`: a new one).
    group: Option<Uuid>,
    /// Whether there is anything left to send.
    #[prop(into)]
    can_retry: Signal<bool>,
    send: Callback<Event>,
) -> impl IntoView {
    let i18n = use_i18n();
    let outcome = move || match state.get() {
        SaveState::Idle => None,
        SaveState::Unknown(what) => Some(
            view! {
                <p class="warning" data-test="outcome-unknown">
                    {move || what.text(i18n.get_locale())}
                </p>
            }
            .into_any(),
        ),
        SaveState::Failed(e) => Some(view! { <ErrorPanel error=e vendor=vehizen::VENDOR /> }.into_any()),
        SaveState::Conflict(c) => Some(view! { <SomeoneElseChanged conflict=*c send /> }.into_any()),
        SaveState::NotKept(u) => Some(view! { <PartlyKeptNotice partly=*u group can_retry send /> }.into_any()),
        SaveState::LookAlikeRemoval(u) => Some(view! { <LookAlikes removal=*u send /> }.into_any()),
    };
    let general = move || {
        let general = errors.with(|e| e.general.clone());
        (!general.is_empty()).then(|| {
            view! {
                <ul class="form-errors" role="alert" data-test="general-errors">
                    {general.into_iter().map(|m| view! { <li>{m.text(i18n.get_locale())}</li> }).collect_view()}
                </ul>
            }
        })
    };
    view! {
        <div class="status" aria-live="polite" data-test="save-status">
            {outcome}
            {general}
        </div>
    }
}

#[component]
fn SomeoneElseChanged(conflict: Conflict, send: Callback<Event>) -> impl IntoView {
    let (theirs, again) = (conflict.theirs.clone(), conflict.theirs);
    let on_apply = Callback::new(move |()| send.run(Event::ApplyOnTop(theirs.clone())));
    let on_reload = Callback::new(move |()| send.run(Event::ReloadTheirs(again.clone())));
    view! { <ConflictNotice changes=conflict.changes on_apply on_reload /> }
}

#[component]
fn PartlyKeptNotice(
    partly: PartlyKept,
    group: Option<Uuid>,
    can_retry: Signal<bool>,
    send: Callback<Event>,
) -> impl IntoView {
    let server = partly.server;
    let on_retry = Callback::new(move |()| send.run(Event::Save));
    let on_take_theirs = Callback::new(move |()| send.run(Event::TakeTheirs(server.clone())));
    let on_move = Callback::new(move |(target, vehicle)| send.run(Event::MoveElsewhere { target, vehicle }));
    // Nothing left to send (the changes became a draft to restore).
    view! { <NotKeptNotice missing=partly.missing group can_retry on_retry on_take_theirs on_move /> }
}

#[component]
fn LookAlikes(removal: LookAlikeRemoval, send: Callback<Event>) -> impl IntoView {
    let i18n = use_i18n();
    let list = removal.rows.iter().map(|v| v.label()).collect::<Vec<_>>().join(", ");
    let theirs = removal.theirs;
    view! {
        <div class="warning" role="alert" data-test="look-alikes">
            <p>{move || t_string!(i18n, groups.look_alikes, list = list.clone())}</p>
            <button
                type="button"
                data-test="take-theirs"
                on:click=move |_| send.run(Event::ReloadTheirs(theirs.clone()))
            >
                {t!(i18n, groups.take_theirs)}
            </button>
        </div>
    }
}
