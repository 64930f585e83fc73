//! The Ocean session: the token lives in this signal only — never in
//! localStorage, sessionStorage or a cookie — and dies with the tab.

use leptos::prelude::*;

use crate::vendors::ocean::TOKEN_LIFETIME_MS;

#[derive(Clone, Debug, PartialEq)]
pub struct Session {
    pub login: String,
    pub token: String,
    /// `Date.now()` milliseconds after which the vendor refuses the token.
    pub expires_at_ms: f64,
}

#[derive(Clone, Copy, Default)]
pub struct OceanSession(pub RwSignal<Option<Session>>);

impl OceanSession {
    pub fn start(&self, login: String, token: String) {
        let expires_at_ms = js_sys::Date::now() + TOKEN_LIFETIME_MS;
        self.0.set(Some(Session { login, token, expires_at_ms }));
    }

    pub fn end(&self) {
        self.0.set(None);
    }

    pub fn token(&self) -> Option<String> {
        self.0.with(|s| s.as_ref().map(|s| s.token.clone()))
    }
}

pub fn use_ocean_session() -> OceanSession {
    expect_context::<OceanSession>()
}
