use leptos::prelude::*;
use leptos_router::components::A;

use super::help::ShortcutsHelp;
use super::theme_switch::ThemeSwitch;

/// Top navigation; `A` marks the current page with `aria-current="page"`.
#[component]
pub fn Nav() -> impl IntoView {
    view! {
        <header class="topbar">
            <a class="skip" href="#main">"Skip to content"</a>
            <span class="brand">"Fleet console"</span>
            <nav aria-label="Main">
                <A href="/groups">"Groups"</A>
                <A href="/drivers">"Drivers & chargers"</A>
                <A href="/map">"Nearest vehicles"</A>
                <A href="/connections">"Connections"</A>
            </nav>
            <div class="topbar-tools">
                <ShortcutsHelp />
                <ThemeSwitch />
            </div>
        </header>
    }
}
