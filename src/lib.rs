//! The fleet console: a Leptos single-page app over three vendor APIs.
//! See ARCHITECTURE.md for the map of this crate.

pub mod components;
pub mod config;
pub mod domain;
pub mod format;
pub mod pages;
pub mod perf;
pub mod session;
pub mod storage;
pub mod vendors;

use leptos::prelude::*;
use leptos_router::{
    components::{Redirect, Route, Router, Routes},
    path,
};

use crate::components::{nav::Nav, session_banner::SessionBanner, toasts::ToastArea};
use crate::config::{parse_config, AppConfig};
use crate::pages::{
    connections::ConnectionsPage, drivers::DriversPage, groups::{GroupPage, GroupsPage, NewGroupPage}, map::MapPage,
    not_found::NotFound,
};

/// Loads `/config.json`; the error is a sentence for the boot error screen.
async fn load_config() -> Result<AppConfig, String> {
    let response = gloo_net::http::Request::get("/config.json")
        .cache(web_sys::RequestCache::NoStore)
        .send()
        .await
        .map_err(|e| format!("config.json could not be fetched: {e}"))?;
    if !response.ok() {
        return Err(format!("config.json could not be loaded (HTTP {}).", response.status()));
    }
    let text = response.text().await.map_err(|e| format!("config.json could not be read: {e}"))?;
    parse_config(&text).map_err(|e| e.to_string())
}

#[component]
pub fn App() -> impl IntoView {
    components::theme_switch::follow_saved_theme();
    let config = LocalResource::new(load_config);
    // The frame (top bar) paints at once; only the pages wait for the
    // configuration. The benchmark's "shell painted" is this moment.
    Effect::new(|_| perf::mark_after_layout("app:shell"));
    view! {
        <Router>
            <Nav />
            {move || match config.get() {
                None => view! { <main id="main"><p class="boot" role="status">"Loading the console…"</p></main> }.into_any(),
                Some(Err(problem)) => view! { <ConfigError problem /> }.into_any(),
                Some(Ok(config)) => view! { <Console config /> }.into_any(),
            }}
        </Router>
    }
}

#[component]
fn ConfigError(problem: String) -> impl IntoView {
    view! {
        <main class="boot-error" role="alert">
            <h1>"The console cannot start"</h1>
            <p>"Its runtime configuration is missing or invalid:"</p>
            <pre class="detail" data-test="config-error">{problem}</pre>
            <p>
                "An administrator should fix " <code>"config.json"</code>
                " next to index.html (see the README, “Configuration”), then reload this page."
            </p>
        </main>
    }
}

#[component]
fn Console(config: AppConfig) -> impl IntoView {
    provide_context(config);
    provide_context(session::OceanSession::default());
    provide_context(components::toasts::Toasts::default());
    view! {
        <SessionBanner />
        <main id="main">
            <Routes fallback=NotFound>
                <Route path=path!("/") view=|| view! { <Redirect path="/groups" /> } />
                <Route path=path!("/groups") view=GroupsPage />
                <Route path=path!("/groups/new") view=NewGroupPage />
                <Route path=path!("/groups/:id") view=GroupPage />
                <Route path=path!("/drivers") view=DriversPage />
                <Route path=path!("/drivers/:external_id") view=DriversPage />
                <Route path=path!("/map") view=MapPage />
                <Route path=path!("/connections") view=ConnectionsPage />
            </Routes>
        </main>
        <ToastArea />
    }
}

/// The configuration provided by `Console`; every page renders inside it, so
/// its absence is a programming error, not a data error.
pub fn use_config() -> AppConfig {
    expect_context::<AppConfig>()
}
