//! English or French: the browser's preferred language by default (and when
//! it changes), or the one picked on the top bar, kept in this browser.
//! `<html lang>` always says which, for screen readers and hyphenation.

use leptos::prelude::*;
use leptos_i18n::context::init_i18n_subcontext;
use leptos_i18n::Locale as _;

use crate::i18n::{t_string, use_i18n, Locale};
use crate::storage;

/// The saved choice, if any and still one we offer.
fn saved() -> Option<Locale> {
    storage::language()?.parse().ok()
}

/// Creates and provides the translation context; called once, at start.
pub fn provide_language() {
    // Without a saved choice the crate matches `navigator.languages`.
    let context = init_i18n_subcontext::<Locale>(saved().map(Signal::stored));
    provide_context(context);
    Effect::new(move |_| {
        let locale = context.get_locale();
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", locale.as_str());
        }
        document().set_title(crate::i18n::td_string!(locale, common.brand));
    });
}

#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let choose = move |ev: leptos::ev::Event| {
        if let Ok(locale) = event_target_value(&ev).parse::<Locale>() {
            storage::set_language(locale.as_str());
            i18n.set_locale(locale);
        }
    };
    view! {
        <label class="topbar-select">
            <span class="visually-hidden">{move || t_string!(i18n, common.language)}</span>
            <select data-test="language" on:change=choose>
                // Each language named in itself, as language pickers do.
                <option value="en" lang="en" selected=move || i18n.get_locale() == Locale::en>
                    "English"
                </option>
                <option value="fr" lang="fr" selected=move || i18n.get_locale() == Locale::fr>
                    "Français"
                </option>
            </select>
        </label>
    }
}
