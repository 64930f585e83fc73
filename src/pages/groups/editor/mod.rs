//! Creating and editing a group. Nothing is lost: the draft is autosaved in
//! this browser, leaving with unsaved changes asks first, a save sends one
//! request however often it is clicked, and a save whose outcome is unknown
//! keeps the form and, for an update, re-reads the group to find out.
//!
//! The editor's state is one model (`model.rs`), changed only by its pure
//! `apply`; this component turns clicks and the save's answer into events,
//! reads the model through memos, and does what `apply` asks (`outside.rs`).

mod actions;
mod fields;
mod model;
mod outside;
mod status;

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::draft::{keep_draft, DraftOffer};
use super::form::Field;
use super::save::save_and_check;
use super::vehicles::VehicleTable;
use crate::components::toasts::use_toasts;
use crate::components::unsaved_guard::guard_unsaved_changes;
use crate::domain::groups::Group;
use crate::edge_sign_in::use_sign_in;
use crate::i18n::use_i18n;
use crate::storage;
use crate::{use_config, use_vehizen};
use actions::{EditorHeading, FormActions};
use fields::{FieldProblems, GroupFields};
use model::{EditorModel, Event, SaveRequest};
use outside::Outside;
use status::SaveStatus;

#[component]
pub fn GroupEditor(
    /// The group as the server holds it; `None` for a new group.
    group: Option<Group>,
) -> impl IntoView {
    let config = use_config();
    let id = group.as_ref().and_then(|g| g.id);
    let default_customer = storage::last_customer().or(config.vendors.vehizen.default_customer_id);
    let model = RwSignal::new(EditorModel::open(group, default_customer, storage::load_draft(id)));
    let form = Memo::new(move |_| model.with(|m| m.form.clone()));
    let errors = Memo::new(move |_| model.with(|m| m.errors.clone()));
    let state = Memo::new(move |_| model.with(|m| m.state.clone()));
    let offered = Memo::new(move |_| model.with(|m| m.offered.clone()));
    let saved_name = Memo::new(move |_| model.with(|m| m.baseline.name.clone()));
    let dirty = Memo::new(move |_| model.with(EditorModel::is_dirty));
    let can_undo = Memo::new(move |_| model.with(|m| !m.removed().is_empty()));

    guard_unsaved_changes(dirty);
    keep_draft(id, form, dirty, offered);
    let sign_in = use_sign_in();
    let can_edit = Signal::derive(move || sign_in.can_edit());

    let outside = Outside { i18n: use_i18n(), toasts: use_toasts(), navigate: use_navigate() };
    let vehizen = use_vehizen();
    let finish = outside.clone();
    let save_action = Action::new_local(move |request: &SaveRequest| {
        let (vehizen, request, outside) = (vehizen.clone(), request.clone(), finish.clone());
        async move {
            let result = save_and_check(&vehizen, request.opened.as_ref(), &request.edited).await;
            let commands = model.try_update(|m| m.apply(Event::Saved(result), js_sys::Date::now()));
            let another_save = outside.run(commands.unwrap_or_default());
            // A finished save never asks for another (the model's tests say so).
            debug_assert!(another_save.is_none());
        }
    });
    let saving = save_action.pending();
    let send = Callback::new(move |event: Event| {
        // One request per save, however many clicks or Enter presses; none
        // for a viewer (the edge would refuse it anyway).
        let may_send = !saving.get_untracked() && can_edit.get_untracked();
        if matches!(event, Event::Save) && !may_send {
            return;
        }
        let commands = model.try_update(|m| m.apply(event, js_sys::Date::now())).unwrap_or_default();
        if let Some(request) = outside.run(commands).filter(|_| may_send) {
            save_action.dispatch_local(request);
        }
    });

    view! {
        <form
            class="group-form"
            novalidate
            on:submit=move |ev| {
                ev.prevent_default();
                send.run(Event::Save);
            }
            data-test="group-form"
        >
            <EditorHeading name=saved_name can_edit />
            <DraftOffer
                offered
                on_restore=Callback::new(move |()| send.run(Event::RestoreDraft))
                on_discard=Callback::new(move |()| send.run(Event::DiscardDraft))
            />
            <SaveStatus state errors group=id can_retry=dirty send />
            <GroupFields form errors send />
            <p class="field-error" data-test="error-vehicles">
                <FieldProblems errors field=Field::Vehicles />
            </p>
            <VehicleTable
                form
                can_undo
                on_remove=Callback::new(move |(at, shown)| send.run(Event::Remove { at, shown }))
                on_undo=Callback::new(move |()| send.run(Event::UndoRemove))
                on_bring_in=Callback::new(move |v| send.run(Event::BringIn(v)))
            />
            <FormActions
                creating=id.is_none()
                can_edit
                saving
                dirty
                on_discard=Callback::new(move |()| send.run(Event::Discard))
            />
        </form>
    }
}
