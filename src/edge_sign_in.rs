//! The console's own sign-in, at the production edge: who is signed in and
//! with which role, read from the edge's `GET /auth/me`. Not the Ocean
//! login (`ocean_session.rs`), which is a per-user vendor session.
//!
//! The edge enforces everything here (docs/deploying.md, "Sign-in"); the app only
//! shows it: the name and a sign-out link on the top bar, writes disabled
//! for viewers with a sentence saying why, and an offer to sign in again
//! when a call meets "not signed in". Development (`trunk serve`) has no
//! edge and no `/auth/me`: the console is then open, as before.

use std::cell::Cell;

use leptos::prelude::*;

use crate::json_tree;

/// What the signed-in person may do; the edge decides, the app follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Reads everything; writes nothing.
    Viewer,
    /// May also create and update groups.
    Editor,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Person {
    pub user: String,
    /// The display name; the user id when the directory has none.
    pub name: String,
    pub role: Role,
    /// Where "Sign out" goes (the SSO's logout), if the edge names one.
    pub sign_out_url: Option<String>,
}

/// What `/auth/me` said.
#[derive(Clone, Debug, PartialEq)]
pub enum Identity {
    /// Not asked yet, or no answer yet.
    Unknown,
    /// No sign-in perimeter at this address (development): nothing to show,
    /// nothing disabled.
    Open,
    SignedIn(Person),
    /// The edge says no session (it expired between page load and now).
    SignedOut,
}

/// The edge's JSON: `user`, and optionally `name`, `role` and `signOut`.
/// `None` when it is not that (not JSON, not an object, no user, a field
/// that is not a string); other keys are ignored.
fn read_me(body: &str) -> Option<Person> {
    let me = json_tree::parse(body).ok()?;
    // An absent field reads as empty; a present one must be a string.
    let field = |key: &str| match me.get(key) {
        None => Some(""),
        Some(value) => value.as_str(),
    };
    let user = me.get("user")?.as_str()?.trim();
    let (name, role, sign_out) = (field("name")?.trim(), field("role")?, field("signOut")?);
    if user.is_empty() {
        return None;
    }
    let name = if name.is_empty() { user } else { name };
    // Anything but "editor" is a viewer: the safe reading.
    let role = if role == "editor" { Role::Editor } else { Role::Viewer };
    let sign_out_url = Some(sign_out.to_string()).filter(|u| is_http_url(u));
    Some(Person { user: user.to_string(), name: name.to_string(), role, sign_out_url })
}

/// Reads the edge's answer. Anything that is not the edge's JSON (a 404,
/// `trunk serve`'s index.html fallback) means there is no perimeter here.
pub fn identity_from(status: u16, body: &str) -> Identity {
    match status {
        401 => Identity::SignedOut,
        200..=299 => read_me(body).map_or(Identity::Open, Identity::SignedIn),
        _ => Identity::Open,
    }
}

/// Only a plain http(s) URL becomes a link (never `javascript:`).
fn is_http_url(url: &str) -> bool {
    (url.starts_with("https://") || url.starts_with("http://") || url.starts_with('/')) && !url.starts_with("//")
}

/// The sign-in state every screen can read (provided by the shell).
#[derive(Clone, Copy)]
pub struct ConsoleSignIn {
    pub identity: RwSignal<Identity>,
    /// A call met "not signed in" at the edge: offer to sign in again.
    pub ended: RwSignal<bool>,
}

impl ConsoleSignIn {
    /// Whether group writes are offered. Only a signed-in viewer is refused:
    /// with no perimeter, or before the answer, the edge still decides.
    pub fn can_edit(&self) -> bool {
        self.identity.with(|i| !matches!(i, Identity::SignedIn(Person { role: Role::Viewer, .. })))
    }
}

/// The shell's sign-in state; without one (a component rendered alone, in
/// tests) the console is open.
pub fn use_sign_in() -> ConsoleSignIn {
    use_context::<ConsoleSignIn>()
        .unwrap_or_else(|| ConsoleSignIn { identity: RwSignal::new(Identity::Open), ended: RwSignal::new(false) })
}

/// Creates the state, asks `/auth/me`, and hooks the HTTP layer's "not
/// signed in" so that any screen's call can raise the offer.
pub fn provide_sign_in() -> ConsoleSignIn {
    let state = ConsoleSignIn { identity: RwSignal::new(Identity::Unknown), ended: RwSignal::new(false) };
    provide_context(state);
    crate::vendors::http::on_sign_in_required(move || state.ended.set(true));
    leptos::task::spawn_local(async move {
        let identity = match fetch_me().await {
            Some((status, body)) => identity_from(status, &body),
            // The edge itself unreachable: the vendor calls will say so.
            None => Identity::Open,
        };
        if identity == Identity::SignedOut {
            state.ended.set(true);
        }
        state.identity.set(identity);
    });
    state
}

async fn fetch_me() -> Option<(u16, String)> {
    let response = gloo_net::http::Request::get("/auth/me")
        .cache(web_sys::RequestCache::NoStore)
        .redirect(web_sys::RequestRedirect::Error)
        .header("Accept", "application/json")
        .send()
        .await
        .ok()?;
    let status = response.status();
    Some((status, response.text().await.unwrap_or_default()))
}

thread_local! {
    static LEAVING_TO_SIGN_IN: Cell<bool> = const { Cell::new(false) };
}

/// Reloads this URL, which the edge sends through the sign-in page and back.
/// Drafts are already in this browser; the "unsaved changes" question is
/// not asked for this one departure.
pub fn sign_in_again() {
    LEAVING_TO_SIGN_IN.with(|l| l.set(true));
    if let Some(w) = web_sys::window() {
        let _ = w.location().reload();
    }
}

/// True once the user chose to sign in again (the page is about to go).
pub fn leaving_to_sign_in() -> bool {
    LEAVING_TO_SIGN_IN.with(Cell::get)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_edges_answer_names_the_person_and_role() {
        let me =
            r#"{"user":"dwho","name":"Doctor Who","role":"editor","signOut":"https://auth.example.com/?logout=1"}"#;
        assert_eq!(
            identity_from(200, me),
            Identity::SignedIn(Person {
                user: "dwho".into(),
                name: "Doctor Who".into(),
                role: Role::Editor,
                sign_out_url: Some("https://auth.example.com/?logout=1".into()),
            })
        );
        let viewer = r#"{"user":"rtyler","name":"","role":"viewer","signOut":""}"#;
        let Identity::SignedIn(p) = identity_from(200, viewer) else { panic!("signed in") };
        assert_eq!((p.name.as_str(), p.role, p.sign_out_url), ("rtyler", Role::Viewer, None));
    }

    #[test]
    fn unknown_roles_read_as_viewer_and_odd_links_are_dropped() {
        let odd = r#"{"user":"x","role":"admin","signOut":"javascript:alert(1)"}"#;
        let Identity::SignedIn(p) = identity_from(200, odd) else { panic!("signed in") };
        assert_eq!(p.role, Role::Viewer);
        assert_eq!(p.sign_out_url, None);
        let schemeless = r#"{"user":"x","role":"editor","signOut":"//evil.example/"}"#;
        let Identity::SignedIn(p) = identity_from(200, schemeless) else { panic!("signed in") };
        assert_eq!(p.sign_out_url, None);
    }

    #[test]
    fn no_edge_means_open_and_401_means_signed_out() {
        assert_eq!(identity_from(200, "<!DOCTYPE html><html>…</html>"), Identity::Open);
        assert_eq!(identity_from(404, "Not found"), Identity::Open);
        assert_eq!(identity_from(200, r#"{"user":""}"#), Identity::Open);
        assert_eq!(identity_from(401, r#"{"message":"Not signed in to the console."}"#), Identity::SignedOut);
    }
}
