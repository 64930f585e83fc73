//! Light, dark, or whatever the operating system prefers (the default); the
//! choice is kept in this browser. The stylesheet reads `html[data-theme]`
//! and, when it is absent, `prefers-color-scheme`.

use leptos::prelude::*;

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

    pub fn label(self) -> &'static str {
        match self {
            Theme::System => "System theme",
            Theme::Light => "Light",
            Theme::Dark => "Dark",
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

/// Sets `data-theme` on `<html>` (removed for the OS's choice).
pub fn apply(theme: Theme) {
    let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) else { return };
    let _ = match theme {
        Theme::System => root.remove_attribute("data-theme"),
        t => root.set_attribute("data-theme", t.key()),
    };
}

#[component]
pub fn ThemeSwitch() -> impl IntoView {
    let current = RwSignal::new(saved());
    let choose = move |ev: leptos::ev::Event| {
        let theme = Theme::parse(Some(event_target_value(&ev).as_str()));
        current.set(theme);
        storage::set_theme(theme.key());
        apply(theme);
    };
    view! {
        <label class="theme-switch">
            <span class="visually-hidden">"Colour theme"</span>
            <select data-test="theme" on:change=choose>
                {Theme::ALL.into_iter().map(|t| view! {
                    <option value=t.key() selected=move || current.get() == t>{t.label()}</option>
                }).collect_view()}
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
