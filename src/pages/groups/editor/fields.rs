//! The group's three text fields (name, customer, eco-driving profile),
//! each with its problems, and the problems of a field shown elsewhere.

use leptos::prelude::*;

use super::super::form::{Field, FormErrors, GroupForm, NAME_MAX_CHARS};
use super::model::Event;
use crate::i18n::{t, t_string, use_i18n};

/// The problems with one field, worded in the current language.
#[component]
pub fn FieldProblems(#[prop(into)] errors: Signal<FormErrors>, field: Field) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let locale = i18n.get_locale();
        errors.with(|e| e.for_field(field)).into_iter().map(|m| view! { <span>{m.text(locale)}</span> }).collect_view()
    }
}

#[component]
pub fn GroupFields(
    #[prop(into)] form: Signal<GroupForm>,
    #[prop(into)] errors: Signal<FormErrors>,
    send: Callback<Event>,
) -> impl IntoView {
    let i18n = use_i18n();
    let invalid = move |field: Field| move || errors.with(|e| !e.for_field(field).is_empty()).to_string();
    let name_count = Memo::new(move |_| form.with(|f| f.name.trim().chars().count()));
    view! {
        <div class="fields">
            <label for="group-name-input">{t!(i18n, groups.name)}</label>
            <div class="field">
                <input
                    id="group-name-input"
                    name="name"
                    prop:value=move || form.with(|f| f.name.clone())
                    on:input=move |ev| send.run(Event::Name(event_target_value(&ev)))
                    aria-invalid=invalid(Field::Name)
                    aria-describedby="name-hint name-error"
                    maxlength=NAME_MAX_CHARS * 2
                />
                <span
                    id="name-hint"
                    class={move || if name_count.get() > NAME_MAX_CHARS { "hint over" } else { "hint" }}
                >
                    {move || t_string!(i18n, groups.name_count, count = name_count.get(), max = NAME_MAX_CHARS)}
                </span>
                <span id="name-error" class="field-error" data-test="error-name">
                    <FieldProblems errors field=Field::Name />
                </span>
            </div>
            <label for="group-customer">{t!(i18n, groups.customer_id)}</label>
            <div class="field">
                <input
                    id="group-customer"
                    name="customer"
                    prop:value=move || form.with(|f| f.customer_id.clone())
                    on:input=move |ev| send.run(Event::Customer(event_target_value(&ev)))
                    aria-invalid=invalid(Field::CustomerId)
                    aria-describedby="customer-error"
                    placeholder=move || t_string!(i18n, groups.guid)
                    spellcheck="false"
                />
                <span id="customer-error" class="field-error" data-test="error-customer">
                    <FieldProblems errors field=Field::CustomerId />
                </span>
            </div>
            <label for="group-eco">{t!(i18n, groups.eco_profile)}</label>
            <div class="field">
                <input
                    id="group-eco"
                    name="eco"
                    prop:value=move || form.with(|f| f.eco_profile_id.clone())
                    on:input=move |ev| send.run(Event::EcoProfile(event_target_value(&ev)))
                    aria-invalid=invalid(Field::EcoProfileId)
                    aria-describedby="eco-hint eco-error"
                    placeholder=move || t_string!(i18n, groups.optional_guid)
                    spellcheck="false"
                />
                <span id="eco-hint" class="hint">
                    {t!(i18n, groups.optional)}
                </span>
                <span id="eco-error" class="field-error" data-test="error-eco">
                    <FieldProblems errors field=Field::EcoProfileId />
                </span>
            </div>
        </div>
    }
}
