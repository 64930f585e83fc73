//! The group's three text fields (name, customer, eco-driving profile),
//! each with its problems, and the problems of a field shown elsewhere.

use leptos::prelude::*;

use super::super::form::{Field, FormErrors, GroupForm, NAME_MAX_CHARS};
use super::model::Event;
use crate::components::text_field::TextField;
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
    let invalid = move |field: Field| Signal::derive(move || errors.with(|e| !e.for_field(field).is_empty()));
    let problems = move |field: Field| move || view! { <FieldProblems errors field /> };
    let name_count = Memo::new(move |_| form.with(|f| f.name.trim().chars().count()));
    view! {
        <div class="fields">
            <TextField
                id="group-name-input"
                name="name"
                label=move || t!(i18n, groups.name)
                value=Signal::derive(move || form.with(|f| f.name.clone()))
                on_input=Callback::new(move |v| send.run(Event::Name(v)))
                invalid=invalid(Field::Name)
                error=problems(Field::Name)
                error_test="error-name"
                hint=Signal::derive(move || {
                    t_string!(i18n, groups.name_count, count = name_count.get(), max = NAME_MAX_CHARS).to_string()
                })
                hint_warns=Signal::derive(move || name_count.get() > NAME_MAX_CHARS)
                maxlength=NAME_MAX_CHARS * 2
            />
            <TextField
                id="group-customer"
                name="customer"
                label=move || t!(i18n, groups.customer_id)
                value=Signal::derive(move || form.with(|f| f.customer_id.clone()))
                on_input=Callback::new(move |v| send.run(Event::Customer(v)))
                invalid=invalid(Field::CustomerId)
                error=problems(Field::CustomerId)
                error_test="error-customer"
                placeholder=Signal::derive(move || t_string!(i18n, groups.guid).to_string())
                spellcheck=false
            />
            <TextField
                id="group-eco"
                name="eco"
                label=move || t!(i18n, groups.eco_profile)
                value=Signal::derive(move || form.with(|f| f.eco_profile_id.clone()))
                on_input=Callback::new(move |v| send.run(Event::EcoProfile(v)))
                invalid=invalid(Field::EcoProfileId)
                error=problems(Field::EcoProfileId)
                error_test="error-eco"
                hint=Signal::derive(move || t_string!(i18n, groups.optional).to_string())
                placeholder=Signal::derive(move || t_string!(i18n, groups.optional_guid).to_string())
                spellcheck=false
            />
        </div>
    }
}
