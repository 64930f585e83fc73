//! Creating and editing a group. Nothing is lost: the draft is autosaved in
//! this browser, leaving with unsaved changes asks first, a save sends one
//! request however often it is clicked, and a save whose outcome is unknown
//! keeps the form and, for an update, re-reads the group to find out.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::conflict::ConflictNotice;
use super::draft::{draft_of, form_from_draft, keep_draft, DraftOffer};
use super::form::{Field, FormErrors, GroupForm, NAME_MAX_CHARS};
use super::merge::{merge, LookAlikes};
use super::not_kept_notice::{sentence, NotKeptNotice};
use super::save::{after_save, save_and_check, LookAlikeRemoval, SaveResult, SaveState};
use super::vehicles::VehicleTable;
use crate::components::unsaved_guard::guard_unsaved_changes;
use crate::components::{error_panel::ErrorPanel, toasts::use_toasts};
use crate::domain::groups::{Group, GroupVehicle};
use crate::edge_sign_in::use_sign_in;
use crate::i18n::{t, t_string, use_i18n};
use crate::storage;
use crate::vendors::vehizen;
use crate::{use_config, use_vehizen};

#[component]
pub fn GroupEditor(
    /// The group as the server holds it; `None` for a new group.
    group: Option<Group>,
) -> impl IntoView {
    let i18n = use_i18n();
    let config = use_config();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let id = group.as_ref().and_then(|g| g.id);
    let initial = match &group {
        Some(g) => GroupForm::from_group(g),
        None => GroupForm::new_group(storage::last_customer().or(config.vendors.vehizen.default_customer_id)),
    };
    // The group as this user opened it (or last saved it): what a save
    // compares the vendor's copy with before writing.
    let opened = RwSignal::new(group);
    let baseline = RwSignal::new(initial.clone());
    let form = RwSignal::new(initial);
    let errors = RwSignal::new(FormErrors::default());
    let state = RwSignal::new(SaveState::Idle);
    let dirty = Memo::new(move |_| form.with(|f| baseline.with(|b| f != b)));
    let offered = RwSignal::new(
        storage::load_draft(id)
            .filter(|d| opened.with_untracked(|g| form.with_untracked(|f| form_from_draft(id, d, g.as_ref()) != *f))),
    );

    guard_unsaved_changes(dirty);

    let sign_in = use_sign_in();
    keep_draft(id, form, dirty, offered);
    let can_edit = move || sign_in.can_edit();

    let vehizen = use_vehizen();
    let go = navigate.clone();
    // The form as it is, kept in this browser and offered to restore.
    let keep_form_as_draft = move || {
        let draft = draft_of(&form.get_untracked());
        storage::save_draft(id, &draft);
        offered.set(Some(draft));
    };
    // Each finished save goes through the one pure transition.
    let apply = move |result: SaveResult| {
        let next = after_save(id, result);
        if next.offer_form_as_draft {
            keep_form_as_draft();
        }
        if let (Some(server), Some(fresh)) = (&next.fresh, next.fresh_form()) {
            // A draft offered and not answered is the user's to keep.
            if !next.offer_form_as_draft && offered.with_untracked(Option::is_none) {
                storage::clear_draft(None);
                server.id.inspect(|gid| storage::clear_draft(Some(*gid)));
            }
            if let Some(gid) = server.id {
                storage::remember_group(gid, &server.name);
            }
            if let Some(c) = server.customer_id {
                storage::set_last_customer(c);
            }
            opened.set(Some(server.clone()));
            baseline.set(fresh);
        }
        if let Some(next_form) = next.next_form() {
            // A new group's changes that did not take follow it to its
            // own page, as a draft offered there.
            if let (Some(gid), Some(_)) = (next.go_to, &next.mine) {
                storage::save_draft(Some(gid), &draft_of(&next_form));
            }
            form.set(next_form);
        }
        if next.sent_is_baseline {
            baseline.set(form.get_untracked());
        }
        if let (Some(_), SaveState::NotKept(u)) = (next.go_to, &next.state) {
            // The notice stays on this page, which a new group leaves: say it here.
            let locale = i18n.get_locale_untracked();
            let what = u.missing.iter().map(|m| sentence(locale, m)).collect::<Vec<_>>().join(" ");
            let name = u.server.name.clone();
            toasts.show(t_string!(i18n, groups.created_not_all_kept, name, what).to_string());
        }
        errors.set(next.errors);
        state.set(next.state);
        if let Some(name) = next.toast {
            toasts.show(t_string!(i18n, groups.saved_toast, name).to_string());
        }
        if let Some(gid) = next.go_to {
            go(&format!("/groups/{gid}"), leptos_router::NavigateOptions { replace: true, ..Default::default() });
        }
    };
    let save_action = Action::new_local(move |(base, edited): &(Option<Group>, Group)| {
        let (vehizen, base, edited, apply) = (vehizen.clone(), base.clone(), edited.clone(), apply.clone());
        async move { apply(save_and_check(&vehizen, base.as_ref(), &edited).await) }
    });
    let saving = save_action.pending();
    let save = Callback::new(move |()| {
        // One request per save, however many clicks or Enter presses; none
        // for a viewer (the edge would refuse it anyway).
        if saving.get_untracked() || !can_edit() {
            return;
        }
        match form.get_untracked().to_group() {
            Ok(sent) => {
                errors.set(FormErrors::default());
                state.set(SaveState::Idle);
                save_action.dispatch_local((opened.get_untracked(), sent));
            }
            Err(e) => errors.set(e),
        }
    });
    // Someone else changed the group: this user's changes on top of theirs,
    // saved (after one more check), or theirs shown and this user's kept as
    // a draft to restore.
    let apply_on_top = move |theirs: Group| {
        let (Some(base), Ok(mine)) = (opened.get_untracked(), form.get_untracked().to_group()) else {
            return;
        };
        match merge(&base, &mine, &theirs) {
            Ok(merged) => {
                opened.set(Some(theirs.clone()));
                baseline.set(GroupForm::from_group(&theirs));
                form.set(GroupForm::from_group(&merged));
                state.set(SaveState::Idle);
                save.run(());
            }
            Err(LookAlikes(rows)) => {
                state.set(SaveState::LookAlikeRemoval(Box::new(LookAlikeRemoval { rows, theirs })))
            }
        }
    };
    let discard = move || {
        form.set(baseline.get_untracked());
        errors.set(FormErrors::default());
        state.set(SaveState::Idle);
    };
    // Vehizen's copy in place of every change.
    let take_theirs = move |server: Group| {
        opened.set(Some(server.clone()));
        baseline.set(GroupForm::from_group(&server));
        discard();
    };
    // Theirs shown, this user's changes kept as a draft to restore.
    let reload_theirs = move |theirs: Group| {
        keep_form_as_draft();
        take_theirs(theirs);
    };
    // Moving a vehicle Vehizen would not drop: give up that one removal
    // here and open the other group with this one offered as the source.
    let move_elsewhere = move |(target, vehicle): (uuid::Uuid, GroupVehicle)| {
        form.update(|f| {
            let pending = baseline.with_untracked(|b| f.removed_since(b));
            if let Some(row) = pending.into_iter().find(|r| r.id == vehicle.id && r.look() == vehicle.look()) {
                f.restore(row);
            }
        });
        // The draft follows now (leaving cancels the pending autosave): the
        // form, when it still has changes (newer than any draft offered);
        // else none, unless one is offered and not answered.
        if dirty.get_untracked() {
            storage::save_draft(id, &draft_of(&form.get_untracked()));
        } else if offered.with_untracked(Option::is_none) {
            storage::clear_draft(id);
        }
        let from = id.map(|gid| format!("?from={gid}")).unwrap_or_default();
        navigate(&format!("/groups/{target}{from}"), Default::default());
    };

    let field_error = move |field: Field| {
        move || {
            let locale = i18n.get_locale();
            errors
                .with(|e| e.for_field(field))
                .into_iter()
                .map(|m| view! { <span>{m.text(locale)}</span> })
                .collect_view()
        }
    };
    let invalid = move |field: Field| move || errors.with(|e| !e.for_field(field).is_empty()).to_string();
    let name_count = move || form.with(|f| f.name.trim().chars().count());

    view! {
        <form
            class="group-form"
            novalidate
            on:submit=move |ev| {
                ev.prevent_default();
                save.run(());
            }
            data-test="group-form"
        >
            <h1 data-test="group-name">
                {move || {
                    let n = baseline.with(|b| b.name.clone());
                    if n.is_empty() { t_string!(i18n, groups.new_group).to_string() } else { n }
                }}
            </h1>
            {move || {
                (!can_edit())
                    .then(|| {
                        view! {
                            <p class="notice" id="viewer-note" data-test="viewer-cannot-save">
                                {t!(i18n, signin.viewer_cannot_save)}
                            </p>
                        }
                    })
            }}
            <DraftOffer id form offered opened />
            <div class="status" aria-live="polite" data-test="save-status">
                {move || match state.get() {
                    SaveState::Idle => None,
                    SaveState::Unknown(what) => {
                        Some(
                            view! {
                                <p class="warning" data-test="outcome-unknown">
                                    {move || what.text(i18n.get_locale())}
                                </p>
                            }
                                .into_any(),
                        )
                    }
                    SaveState::Failed(e) => Some(view! { <ErrorPanel error=e vendor=vehizen::VENDOR /> }.into_any()),
                    SaveState::Conflict(c) => {
                        let (theirs, again) = (c.theirs.clone(), c.theirs.clone());
                        let on_apply = Callback::new(move |()| apply_on_top(theirs.clone()));
                        let on_reload = Callback::new(move |()| reload_theirs(again.clone()));
                        Some(view! { <ConflictNotice changes=c.changes on_apply on_reload /> }.into_any())
                    }
                    SaveState::NotKept(u) => {
                        let server = u.server.clone();
                        let on_retry = Callback::new(move |()| save.run(()));
                        let can_retry = Signal::derive(move || dirty.get());
                        let on_take_theirs = Callback::new(move |()| take_theirs(server.clone()));
                        let on_move = Callback::new(move_elsewhere.clone());
                        let missing = u.missing;
                        Some(
                            // Nothing left to send (the changes became a draft to restore).
                            view! { <NotKeptNotice missing group=id can_retry on_retry on_take_theirs on_move /> }
                                .into_any(),
                        )
                    }
                    SaveState::LookAlikeRemoval(u) => {
                        let list = u.rows.iter().map(|v| v.label()).collect::<Vec<_>>().join(", ");
                        let theirs = u.theirs.clone();
                        Some(
                            view! {
                                <div class="warning" role="alert" data-test="look-alikes">
                                    <p>{move || t_string!(i18n, groups.look_alikes, list = list.clone())}</p>
                                    <button
                                        type="button"
                                        data-test="take-theirs"
                                        on:click=move |_| reload_theirs(theirs.clone())
                                    >
                                        {t!(i18n, groups.take_theirs)}
                                    </button>
                                </div>
                            }
                                .into_any(),
                        )
                    }
                }}
                {move || {
                    let general = errors.with(|e| e.general.clone());
                    (!general.is_empty())
                        .then(|| {
                            view! {
                                <ul class="form-errors" role="alert" data-test="general-errors">
                                    {general
                                        .into_iter()
                                        .map(|m| view! { <li>{m.text(i18n.get_locale())}</li> })
                                        .collect_view()}
                                </ul>
                            }
                        })
                }}
            </div>
            <div class="fields">
                <label for="group-name-input">{t!(i18n, groups.name)}</label>
                <div class="field">
                    <input
                        id="group-name-input"
                        name="name"
                        prop:value=move || form.with(|f| f.name.clone())
                        on:input=move |ev| form.update(|f| f.name = event_target_value(&ev))
                        aria-invalid=invalid(Field::Name)
                        aria-describedby="name-hint name-error"
                        maxlength=NAME_MAX_CHARS * 2
                    />
                    <span
                        id="name-hint"
                        class={move || if name_count() > NAME_MAX_CHARS { "hint over" } else { "hint" }}
                    >
                        {move || t_string!(i18n, groups.name_count, count = name_count(), max = NAME_MAX_CHARS)}
                    </span>
                    <span id="name-error" class="field-error" data-test="error-name">
                        {field_error(Field::Name)}
                    </span>
                </div>
                <label for="group-customer">{t!(i18n, groups.customer_id)}</label>
                <div class="field">
                    <input
                        id="group-customer"
                        name="customer"
                        prop:value=move || form.with(|f| f.customer_id.clone())
                        on:input=move |ev| form.update(|f| f.customer_id = event_target_value(&ev))
                        aria-invalid=invalid(Field::CustomerId)
                        aria-describedby="customer-error"
                        placeholder=move || t_string!(i18n, groups.guid)
                        spellcheck="false"
                    />
                    <span id="customer-error" class="field-error" data-test="error-customer">
                        {field_error(Field::CustomerId)}
                    </span>
                </div>
                <label for="group-eco">{t!(i18n, groups.eco_profile)}</label>
                <div class="field">
                    <input
                        id="group-eco"
                        name="eco"
                        prop:value=move || form.with(|f| f.eco_profile_id.clone())
                        on:input=move |ev| form.update(|f| f.eco_profile_id = event_target_value(&ev))
                        aria-invalid=invalid(Field::EcoProfileId)
                        aria-describedby="eco-hint eco-error"
                        placeholder=move || t_string!(i18n, groups.optional_guid)
                        spellcheck="false"
                    />
                    <span id="eco-hint" class="hint">
                        {t!(i18n, groups.optional)}
                    </span>
                    <span id="eco-error" class="field-error" data-test="error-eco">
                        {field_error(Field::EcoProfileId)}
                    </span>
                </div>
            </div>
            <p class="field-error" data-test="error-vehicles">
                {field_error(Field::Vehicles)}
            </p>
            <VehicleTable form baseline />
            <div class="form-actions">
                <button
                    type="submit"
                    data-test="save"
                    disabled=move || !can_edit()
                    aria-describedby=move || (!can_edit()).then_some("viewer-note")
                    aria-disabled=move || saving.get().to_string()
                >
                    {move || {
                        if saving.get() {
                            t_string!(i18n, groups.saving)
                        } else if id.is_some() {
                            t_string!(i18n, groups.save_changes)
                        } else {
                            t_string!(i18n, groups.create)
                        }
                    }}
                </button>
                <button type="button" disabled=move || !dirty.get() on:click=move |_| discard()>
                    {t!(i18n, groups.discard_changes)}
                </button>
                <span class="muted" aria-live="polite">
                    {move || dirty.get().then(|| t_string!(i18n, groups.unsaved))}
                </span>
            </div>
        </form>
    }
}
