//! The editor's frame: its heading (and why a viewer cannot save), and the
//! buttons below the form.

use leptos::prelude::*;

use crate::i18n::{t, t_string, use_i18n};

/// The group's name as saved (a new group's, until it has one), and the
/// note a viewer's disabled save button points to.
#[component]
pub fn EditorHeading(
    /// The name as last read from Vehizen.
    #[prop(into)]
    name: Signal<String>,
    #[prop(into)] can_edit: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h1 data-test="group-name">
            {move || {
                let n = name.get();
                if n.is_empty() { t_string!(i18n, groups.new_group).to_string() } else { n }
            }}
        </h1>
        {move || {
            (!can_edit.get())
                .then(|| {
                    view! {
                        <p class="notice" id="viewer-note" data-test="viewer-cannot-save">
                            {t!(i18n, signin.viewer_cannot_save)}
                        </p>
                    }
                })
        }}
    }
}

/// Save (or create), discard, and whether there are unsaved changes.
#[component]
pub fn FormActions(
    /// Create rather than save changes.
    creating: bool,
    #[prop(into)] can_edit: Signal<bool>,
    #[prop(into)] saving: Signal<bool>,
    #[prop(into)] dirty: Signal<bool>,
    on_discard: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="form-actions">
            <button
                type="submit"
                data-test="save"
                disabled=move || !can_edit.get()
                aria-describedby=move || (!can_edit.get()).then_some("viewer-note")
                aria-disabled=move || saving.get().to_string()
            >
                {move || {
                    if saving.get() {
                        t_string!(i18n, groups.saving)
                    } else if creating {
                        t_string!(i18n, groups.create)
                    } else {
                        t_string!(i18n, groups.save_changes)
                    }
                }}
            </button>
            <button type="button" disabled=move || !dirty.get() on:click=move |_| on_discard.run(())>
                {t!(i18n, groups.discard_changes)}
            </button>
            <span class="muted" aria-live="polite">
                {move || dirty.get().then(|| t_string!(i18n, groups.unsaved))}
            </span>
        </div>
    }
}
