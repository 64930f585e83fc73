//! Creating and editing a group. Nothing is lost: the draft is autosaved in
//! this browser, leaving with unsaved changes asks first, a save sends one
//! request however often it is clicked, and a save whose outcome is unknown
//! keeps the form and, for an update, re-reads the group to find out.

use std::time::Duration;

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use uuid::Uuid;
use wasm_bindgen::{closure::Closure, JsCast};

use super::form::{place_server_errors, server_matches, Field, FormErrors, GroupForm, NAME_MAX_CHARS};
use crate::format;
use crate::i18n::{t, t_string, td_string, use_i18n, Locale};
use super::vehicles::VehicleTable;
use crate::components::{error_panel::ErrorPanel, toasts::use_toasts};
use crate::domain::groups::Group;
use crate::sign_in::{leaving_to_sign_in, use_sign_in};
use crate::storage::{self, Draft};
use crate::use_config;
use crate::vendors::{vehizen, vehizen::SaveOutcome, ApiError};

#[derive(Clone, Debug, PartialEq)]
enum SaveState {
    Idle,
    Saving,
    /// The request failed after it may have reached Vehizen.
    Unknown(Uncertain),
    Failed(ApiError),
}

/// What we know after a save that did not end normally; worded when shown.
#[derive(Clone, Debug, PartialEq)]
enum Uncertain {
    /// Read back: the server does not hold our changes.
    NotSaved(ApiError),
    /// An update that could not be read back.
    Update(ApiError),
    /// A create (no list call to check it).
    Create(ApiError),
    /// Created, but Vehizen did not say the new id.
    NoId,
    /// Read back: the server holds our changes.
    Saved(ApiError),
    /// Saved, but the read-back failed.
    ReadBackFailed(ApiError),
}

impl Uncertain {
    fn text(&self, locale: Locale) -> String {
        let sentence = |e: &ApiError| e.sentence(locale, vehizen::VENDOR);
        let short = |e: &ApiError| sentence(e).trim_end_matches('.').to_string();
        match self {
            Uncertain::NotSaved(e) => td_string!(locale, groups.not_saved_after_failure, failure = short(e)).to_string(),
            Uncertain::Update(e) => td_string!(locale, groups.unknown_update, failure = sentence(e)).to_string(),
            Uncertain::Create(e) => td_string!(locale, groups.unknown_create, failure = sentence(e)).to_string(),
            Uncertain::NoId => td_string!(locale, groups.no_id).to_string(),
            Uncertain::Saved(e) => td_string!(locale, groups.saved_after_failure, failure = short(e)).to_string(),
            Uncertain::ReadBackFailed(e) => td_string!(locale, groups.read_back_failed, failure = sentence(e)).to_string(),
        }
    }
}

fn draft_of(form: &GroupForm) -> Draft {
    let group = Group { vehicles: form.vehicles.clone(), ..Group::default() };
    Draft {
        name: form.name.clone(),
        customer_id: form.customer_id.clone(),
        eco_profile_id: form.eco_profile_id.clone(),
        group_json: vehizen::group_body(&group),
        saved_at_ms: js_sys::Date::now(),
    }
}

fn form_from_draft(id: Option<Uuid>, d: &Draft) -> GroupForm {
    let vehicles = vehizen::decode_group(&d.group_json).map(|g| g.value.vehicles).unwrap_or_default();
    GroupForm { id, name: d.name.clone(), customer_id: d.customer_id.clone(), eco_profile_id: d.eco_profile_id.clone(), vehicles }
}

/// Asks before leaving with unsaved changes: tab close or reload
/// (`beforeunload`) and in-app links (a capturing click listener that runs
/// before the router's).
fn guard_unsaved_changes(dirty: Memo<bool>) {
    let Some(window) = web_sys::window() else { return };
    let i18n = use_i18n();
    let before_unload = Closure::<dyn Fn(web_sys::BeforeUnloadEvent)>::new(move |ev: web_sys::BeforeUnloadEvent| {
        // Signing in again reloads the page on purpose; the draft is saved.
        if dirty.get_untracked() && !leaving_to_sign_in() {
            ev.prevent_default();
            ev.set_return_value("unsaved");
        }
    });
    let on_click = Closure::<dyn Fn(web_sys::MouseEvent)>::new(move |ev: web_sys::MouseEvent| {
        if !dirty.get_untracked() {
            return;
        }
        let link = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).and_then(|e| e.closest("a[href]").ok().flatten());
        if link.is_some() {
            let leave = web_sys::window()
                .and_then(|w| w.confirm_with_message(&t_string!(i18n, groups.leave_unsaved)).ok())
                .unwrap_or(true);
            if !leave {
                ev.prevent_default();
                ev.stop_immediate_propagation();
            }
        }
    });
    let _ = window.add_event_listener_with_callback("beforeunload", before_unload.as_ref().unchecked_ref());
    let _ = window.add_event_listener_with_callback_and_bool("click", on_click.as_ref().unchecked_ref(), true);
    // `on_cleanup` wants `Send`: keep the closures in a local arena slot.
    let closures = StoredValue::new_local((before_unload, on_click));
    on_cleanup(move || {
        closures.with_value(|(before_unload, on_click)| {
            if let Some(w) = web_sys::window() {
                let _ = w.remove_event_listener_with_callback("beforeunload", before_unload.as_ref().unchecked_ref());
                let _ = w.remove_event_listener_with_callback_and_bool("click", on_click.as_ref().unchecked_ref(), true);
            }
        });
    });
}

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
    let baseline = RwSignal::new(initial.clone());
    let form = RwSignal::new(initial);
    let errors = RwSignal::new(FormErrors::default());
    let state = RwSignal::new(SaveState::Idle);
    let dirty = Memo::new(move |_| form.with(|f| baseline.with(|b| f != b)));
    let offered = RwSignal::new(storage::load_draft(id).filter(|d| form.with_untracked(|f| form_from_draft(id, d) != *f)));

    guard_unsaved_changes(dirty);

    // Autosave the draft half a second after the last change.
    let pending = StoredValue::new_local(None::<TimeoutHandle>);
    Effect::new(move |_| {
        let snapshot = form.get();
        let is_dirty = dirty.get();
        if let Some(h) = pending.get_value() {
            h.clear();
        }
        if offered.with_untracked(Option::is_some) {
            return; // Do not overwrite a draft the user has not answered.
        }
        if !is_dirty {
            storage::clear_draft(id);
            return;
        }
        let handle = set_timeout_with_handle(move || storage::save_draft(id, &draft_of(&snapshot)), Duration::from_millis(500)).ok();
        pending.set_value(handle);
    });

    // The edge said the sign-in has ended: keep the draft now, not in
    // half a second, since the next click may be "Sign in again".
    let sign_in = use_sign_in();
    Effect::new(move |_| {
        if sign_in.ended.get() && dirty.get_untracked() && offered.with_untracked(Option::is_none) {
            storage::save_draft(id, &draft_of(&form.get_untracked()));
        }
    });
    let can_edit = move || sign_in.can_edit();

    let busy = StoredValue::new(false);
    let save = move || {
        // One request per save, however many clicks or Enter presses; none
        // for a viewer (the edge would refuse it anyway).
        if busy.get_value() || !can_edit() {
            return;
        }
        let sent = match form.get_untracked().to_group() {
            Ok(g) => g,
            Err(e) => {
                errors.set(e);
                return;
            }
        };
        busy.set_value(true);
        errors.set(FormErrors::default());
        state.set(SaveState::Saving);
        let config = config.clone();
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let outcome = vehizen::save_group(&config, &sent).await;
            // Set when the connection failed and the group was read back.
            let mut checked_after_failure = None;
            let saved_id = match outcome {
                Ok(SaveOutcome::Saved { id: new_id, .. }) => new_id.or(sent.id),
                Ok(SaveOutcome::Invalid(messages)) => {
                    errors.set(place_server_errors(&messages));
                    state.set(SaveState::Idle);
                    busy.set_value(false);
                    return;
                }
                // Behind a proxy a dropped connection arrives as a 5xx (Trunk
                // says 500, nginx 502): the write may have been applied.
                Err(e @ (ApiError::Network(_) | ApiError::Timeout(_) | ApiError::Http { status: 500..=599, .. })) => match sent.id {
                    // An update can be checked: read the group back and compare.
                    Some(gid) => match vehizen::fetch_group(&config, gid).await {
                        Ok(server) if server_matches(&server.value, &sent) => {
                            checked_after_failure = Some(e);
                            Some(gid)
                        }
                        Ok(_) => {
                            state.set(SaveState::Unknown(Uncertain::NotSaved(e)));
                            busy.set_value(false);
                            return;
                        }
                        Err(_) => {
                            state.set(SaveState::Unknown(Uncertain::Update(e)));
                            busy.set_value(false);
                            return;
                        }
                    },
                    // A create cannot be looked up (no list call): say so.
                    None => {
                        state.set(SaveState::Unknown(Uncertain::Create(e)));
                        busy.set_value(false);
                        return;
                    }
                },
                Err(e) => {
                    state.set(SaveState::Failed(e));
                    busy.set_value(false);
                    return;
                }
            };
            let Some(gid) = saved_id else {
                state.set(SaveState::Unknown(Uncertain::NoId));
                busy.set_value(false);
                return;
            };
            // Show what the server now holds, not what we think we sent.
            match vehizen::fetch_group(&config, gid).await {
                Ok(server) => {
                    let fresh = GroupForm::from_group(&server.value);
                    storage::clear_draft(None);
                    storage::clear_draft(Some(gid));
                    storage::remember_group(gid, &server.value.name);
                    if let Some(c) = server.value.customer_id {
                        storage::set_last_customer(c);
                    }
                    baseline.set(fresh.clone());
                    form.set(fresh);
                    match checked_after_failure {
                        Some(failure) => state.set(SaveState::Unknown(Uncertain::Saved(failure))),
                        None => state.set(SaveState::Idle),
                    }
                    let name = &server.value.name;
                    toasts.show(t_string!(i18n, groups.saved_toast, name).to_string());
                    if id != Some(gid) {
                        navigate(&format!("/groups/{gid}"), leptos_router::NavigateOptions { replace: true, ..Default::default() });
                    }
                }
                Err(e) => {
                    baseline.set(form.get_untracked());
                    state.set(SaveState::Unknown(Uncertain::ReadBackFailed(e)));
                }
            }
            busy.set_value(false);
        });
    };

    let field_error = move |field: Field| {
        move || {
            let locale = i18n.get_locale();
            errors.with(|e| e.for_field(field)).into_iter().map(|m| view! { <span>{m.text(locale)}</span> }).collect_view()
        }
    };
    let invalid = move |field: Field| move || errors.with(|e| !e.for_field(field).is_empty()).to_string();
    let name_count = move || form.with(|f| f.name.trim().chars().count());

    view! {
        <form class="group-form" novalidate on:submit=move |ev| { ev.prevent_default(); save(); } data-test="group-form">
            <h1 data-test="group-name">{move || {
                let n = baseline.with(|b| b.name.clone());
                if n.is_empty() { t_string!(i18n, groups.new_group).to_string() } else { n }
            }}</h1>
            {move || (!can_edit()).then(|| view! {
                <p class="notice" id="viewer-note" data-test="viewer-cannot-save">{t!(i18n, signin.viewer_cannot_save)}</p>
            })}
            {move || offered.get().map(|d| {
                let restore = d.clone();
                view! {
                    <div class="notice draft-offer" role="alert" data-test="draft-offer">
                        <p>{move || t_string!(i18n, groups.draft_offer, when = format::local_ms(i18n.get_locale(), d.saved_at_ms))}</p>
                        <button type="button" data-test="restore-draft" on:click=move |_| {
                            form.set(form_from_draft(id, &restore));
                            offered.set(None);
                        }>{t!(i18n, groups.restore)}</button>
                        <button type="button" on:click=move |_| { storage::clear_draft(id); offered.set(None); }>{t!(i18n, groups.discard)}</button>
                    </div>
                }
            })}
            <div class="status" aria-live="polite" data-test="save-status">
                {move || match state.get() {
                    SaveState::Idle | SaveState::Saving => None,
                    SaveState::Unknown(what) => Some(view! { <p class="warning" data-test="outcome-unknown">{move || what.text(i18n.get_locale())}</p> }.into_any()),
                    SaveState::Failed(e) => Some(view! { <ErrorPanel error=e vendor=vehizen::VENDOR /> }.into_any()),
                }}
                {move || {
                    let general = errors.with(|e| e.general.clone());
                    (!general.is_empty()).then(|| view! {
                        <ul class="form-errors" role="alert" data-test="general-errors">{general.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
                    })
                }}
            </div>
            <div class="fields">
                <label for="group-name-input">{t!(i18n, groups.name)}</label>
                <div class="field">
                    <input id="group-name-input" name="name" prop:value=move || form.with(|f| f.name.clone()) on:input=move |ev| form.update(|f| f.name = event_target_value(&ev))
                        aria-invalid=invalid(Field::Name) aria-describedby="name-hint name-error" maxlength=NAME_MAX_CHARS * 2 />
                    <span id="name-hint" class={move || if name_count() > NAME_MAX_CHARS { "hint over" } else { "hint" }}>
                        {move || t_string!(i18n, groups.name_count, count = name_count(), max = NAME_MAX_CHARS)}
                    </span>
                    <span id="name-error" class="field-error" data-test="error-name">{field_error(Field::Name)}</span>
                </div>
                <label for="group-customer">{t!(i18n, groups.customer_id)}</label>
                <div class="field">
                    <input id="group-customer" name="customer" prop:value=move || form.with(|f| f.customer_id.clone()) on:input=move |ev| form.update(|f| f.customer_id = event_target_value(&ev))
                        aria-invalid=invalid(Field::CustomerId) aria-describedby="customer-error" placeholder=move || t_string!(i18n, groups.guid) spellcheck="false" />
                    <span id="customer-error" class="field-error" data-test="error-customer">{field_error(Field::CustomerId)}</span>
                </div>
                <label for="group-eco">{t!(i18n, groups.eco_profile)}</label>
                <div class="field">
                    <input id="group-eco" name="eco" prop:value=move || form.with(|f| f.eco_profile_id.clone()) on:input=move |ev| form.update(|f| f.eco_profile_id = event_target_value(&ev))
                        aria-invalid=invalid(Field::EcoProfileId) aria-describedby="eco-hint eco-error" placeholder=move || t_string!(i18n, groups.optional_guid) spellcheck="false" />
                    <span id="eco-hint" class="hint">{t!(i18n, groups.optional)}</span>
                    <span id="eco-error" class="field-error" data-test="error-eco">{field_error(Field::EcoProfileId)}</span>
                </div>
            </div>
            <p class="field-error" data-test="error-vehicles">{field_error(Field::Vehicles)}</p>
            <VehicleTable form />
            <div class="form-actions">
                <button type="submit" data-test="save" disabled=move || !can_edit() aria-describedby=move || (!can_edit()).then_some("viewer-note")
                    aria-disabled=move || (state.get() == SaveState::Saving).to_string()>
                    {move || if state.get() == SaveState::Saving { t_string!(i18n, groups.saving) } else if id.is_some() { t_string!(i18n, groups.save_changes) } else { t_string!(i18n, groups.create) }}
                </button>
                <button type="button" disabled=move || !dirty.get() on:click=move |_| {
                    form.set(baseline.get_untracked());
                    errors.set(FormErrors::default());
                    state.set(SaveState::Idle);
                }>{t!(i18n, groups.discard_changes)}</button>
                <span class="muted" aria-live="polite">{move || dirty.get().then(|| t_string!(i18n, groups.unsaved))}</span>
            </div>
        </form>
    }
}
