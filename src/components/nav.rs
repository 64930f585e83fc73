use leptos::prelude::*;
use leptos_router::components::A;

use super::help::ShortcutsHelp;
use super::language_switch::LanguageSwitch;
use super::signed_in::SignedInAs;
use super::theme_switch::ThemeSwitch;
use crate::i18n::{t, t_string, use_i18n};

/// Top navigation; `A` marks the current page with `aria-current="page"`.
#[component]
pub fn Nav() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <header class="topbar">
            <a class="skip" href="#main">
                {t!(i18n, common.skip)}
            </a>
            <span class="brand">{t!(i18n, common.brand)}</span>
            <nav aria-label=move || t_string!(i18n, common.nav_main)>
                <A href="/groups">{t!(i18n, common.nav_groups)}</A>
                <A href="/drivers">{t!(i18n, common.nav_drivers)}</A>
                <A href="/map">{t!(i18n, common.nav_map)}</A>
                <A href="/connections">{t!(i18n, common.nav_connections)}</A>
            </nav>
            <div class="topbar-tools">
                <SignedInAs />
                <ShortcutsHelp />
                <LanguageSwitch />
                <ThemeSwitch />
            </div>
        </header>
    }
}
