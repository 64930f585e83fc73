//! A group form as a draft in this browser (`storage::Draft`): the group
//! part is kept as the vendor body it would be sent as, so every vehicle
//! field survives a reload.

use std::time::Duration;

use leptos::prelude::*;
use uuid::Uuid;

use super::form::{placed_as_read, GroupForm};
use crate::domain::groups::Group;
use crate::edge_sign_in::use_sign_in;
use crate::format;
use crate::i18n::{t, t_string, use_i18n};
use crate::storage::{self, Draft};
use crate::vendors::vehizen;

/// The form as a draft kept now.
pub fn draft_of(form: &GroupForm) -> Draft {
    draft_at(form, js_sys::Date::now())
}

/// The form as a draft kept at `saved_at_ms` (pure: the editor's model
/// keeps drafts at the time its event says).
pub fn draft_at(form: &GroupForm, saved_at_ms: f64) -> Draft {
    let group = Group { vehicles: form.vehicles.clone(), ..Group::default() };
    Draft {
        name: form.name.clone(),
        customer_id: form.customer_id.clone(),
        eco_profile_id: form.eco_profile_id.clone(),
        group_json: vehizen::group_body(&group),
        places: form.vehicles.iter().map(|v| v.read_at).collect(),
        saved_at_ms,
    }
}

/// The draft as a form on `opened` (the group as read now): each row keeps
/// its place only where that place still holds its `VehicleId`.
pub fn form_from_draft(id: Option<Uuid>, d: &Draft, opened: Option<&Group>) -> GroupForm {
    let rows = vehizen::decode_group(&d.group_json).map(|g| g.value.vehicles).unwrap_or_default();
    let vehicles = placed_as_read(rows, &d.places, opened);
    GroupForm {
        id,
        name: d.name.clone(),
        customer_id: d.customer_id.clone(),
        eco_profile_id: d.eco_profile_id.clone(),
        vehicles,
    }
}

/// Keeps the form's draft in this browser while it has unsaved changes:
/// half a second after the last change, and at once when the edge says the
/// sign-in has ended. A draft `offered` and not yet answered is never
/// overwritten; a form with no changes has no draft.
pub fn keep_draft(id: Option<Uuid>, form: Memo<GroupForm>, dirty: Memo<bool>, offered: Memo<Option<Draft>>) {
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
        let handle =
            set_timeout_with_handle(move || storage::save_draft(id, &draft_of(&snapshot)), Duration::from_millis(500))
                .ok();
        pending.set_value(handle);
    });

    // Leaving the page (a new group going to its own URL, say) cancels a
    // pending autosave: the page it leaves for has its own.
    on_cleanup(move || {
        if let Some(handle) = pending.try_get_value().flatten() {
            handle.clear();
        }
    });

    // The edge said the sign-in has ended: keep the draft now, not in
    // half a second, since the next click may be "Sign in again".
    let sign_in = use_sign_in();
    Effect::new(move |_| {
        if sign_in.ended.get() && dirty.get_untracked() && offered.with_untracked(Option::is_none) {
            storage::save_draft(id, &draft_of(&form.get_untracked()));
        }
    });
}

/// "You have unsaved changes from …": restore them into the form or discard them.
#[component]
pub fn DraftOffer(
    #[prop(into)] offered: Signal<Option<Draft>>,
    on_restore: Callback<()>,
    on_discard: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        {move || {
            offered
                .get()
                .map(|d| {
                    view! {
                        <div class="notice draft-offer" role="alert" data-test="draft-offer">
                            <p>
                                {move || {
                                    t_string!(
                                        i18n, groups.draft_offer, when = format::local_ms(i18n.get_locale(), d.saved_at_ms)
                                    )
                                }}
                            </p>
                            <button type="button" data-test="restore-draft" on:click=move |_| on_restore.run(())>
                                {t!(i18n, groups.restore)}
                            </button>
                            <button type="button" on:click=move |_| on_discard.run(())>
                                {t!(i18n, groups.discard)}
                            </button>
                        </div>
                    }
                })
        }}
    }
}
