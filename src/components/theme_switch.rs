//! Light, dark, or whatever the operating system prefers (the default); the
//! choice is kept in this browser. The stylesheet reads `html[data-theme]`,
//! which is always "light" or "dark": for the OS's choice it follows
//! `prefers-color-scheme`, also when that changes while the console is open.

use leptos::prelude::*;

use crate::i18n::{t, td_string, use_i18n, Locale};
use crate::storage;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    System,
    Light,
    Dark,
}

impl Theme {
    pub const ALL: [Theme; 3] = [Theme::System, Theme::Light, Theme::Dark];

    pub fn key(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    pub fn label(self, locale: Locale) -> &'static str {
        match self {
            Theme::System => td_string!(locale, common.theme_system),
            Theme::Light => td_string!(locale, common.theme_light),
            Theme::Dark => td_string!(locale, common.theme_dark),
        }
    }

    /// Anything unknown (another version, a hand edit) is the OS's choice.
    pub fn parse(text: Option<&str>) -> Theme {
        match text {
            Some("light") => Theme::Light,
            Some("dark") => Theme::Dark,
            _ => Theme::System,
        }
    }
}

/// The saved theme, or the OS's.
pub fn saved() -> Theme {
    Theme::parse(storage::theme().as_deref())
}

fn os_prefers_dark() -> Option<web_sys::MediaQueryList> {
    web_sys::window()?.match_media("(prefers-color-scheme: dark)").ok()?
}

/// Sets `data-theme` on `<html>` to "light" or "dark".
pub fn apply(theme: Theme) {
    let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) else { return };
    let dark = match theme {
        Theme::Dark => true,
        Theme::Light => false,
        Theme::System => os_prefers_dark().is_some_and(|q| q.matches()),
    };
    let _ = root.set_attribute("data-theme", if dark { "dark" } else { "light" });
}

/// Applies the saved theme now and again whenever the OS switches between
/// light and dark (which matters only while the choice is "system"). Called
/// once, at start.
pub fn follow_saved_theme() {
    apply(saved());
    if let Some(query) = os_prefers_dark() {
        // Lives as long as the page: one listener for the whole session.
        let on_change = wasm_bindgen::closure::Closure::<dyn Fn()>::new(|| apply(saved()));
        query.set_onchange(Some(wasm_bindgen::JsCast::unchecked_ref(on_change.as_ref())));
        on_change.forget();
    }
}

#[component]
pub fn ThemeSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let current = RwSignal::new(saved());
    let choose = move |ev: leptos::ev::Event| {
        let theme = Theme::parse(Some(event_target_value(&ev).as_str()));
        current.set(theme);
        storage::set_theme(theme.key());
        apply(theme);
    };
    view! {
        <label class="topbar-select">
            <span class="visually-hidden">{t!(i18n, common.theme)}</span>
            <select data-test="theme" on:change=choose>
                {Theme::ALL
                    .into_iter()
                    .map(|t| {
                        view! {
                            <option value=t.key() selected=move || current.get() == t>
                                {move || t.label(i18n.get_locale())}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saved_values_read_back_and_junk_means_system() {
        for t in Theme::ALL {
            assert_eq!(Theme::parse(Some(t.key())), t);
        }
        assert_eq!(Theme::parse(Some("sepia")), Theme::System);
        assert_eq!(Theme::parse(None), Theme::System);
    }
}
