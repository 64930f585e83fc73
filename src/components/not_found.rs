//! "Page not found": the router's fallback, part of the app shell (every
//! other page is a lazily loaded route).

use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::{t, use_i18n};

#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="page">
            <h1>{t!(i18n, common.not_found_title)}</h1>
            <p>{t!(i18n, common.not_found_text)}</p>
            <ul class="links">
                <li>
                    <A href="/groups">{t!(i18n, common.vehicle_groups)}</A>
                </li>
                <li>
                    <A href="/drivers">{t!(i18n, common.nav_drivers)}</A>
                </li>
                <li>
                    <A href="/map">{t!(i18n, common.nav_map)}</A>
                </li>
                <li>
                    <A href="/connections">{t!(i18n, common.nav_connections)}</A>
                </li>
            </ul>
        </section>
    }
}
