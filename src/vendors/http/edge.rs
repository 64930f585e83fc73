//! The console's edge answering for itself (docs/deploying.md, "Sign-in"):
//! its refusals, told apart from a vendor's by a header, and the app's hook
//! for "not signed in".

use std::cell::RefCell;

use crate::vendors::ApiError;

/// The header the production edge adds to its own refusals (docs/deploying.md, "Sign-in").
pub const EDGE_HEADER: &str = "X-Fleet-Edge";

/// The edge's own refusal, if this answer is one.
pub fn edge_refusal(status: u16, edge_header: Option<&str>) -> Option<ApiError> {
    match (status, edge_header.map(str::trim)) {
        (401, Some("sign-in-required")) => Some(ApiError::SignInRequired),
        (403, Some("role-required")) => Some(ApiError::RoleRequired),
        _ => None,
    }
}

/// Called when a call meets "not signed in" at the edge, so that the shell
/// can offer to sign in again (set once by the app).
pub fn on_sign_in_required(hook: impl Fn() + 'static) {
    SIGN_IN_REQUIRED.with(|h| *h.borrow_mut() = Some(Box::new(hook)));
}

/// Runs the app's hook: a call met "not signed in" at the edge.
pub(super) fn sign_in_required() {
    SIGN_IN_REQUIRED.with(|hook| {
        if let Some(hook) = hook.borrow().as_ref() {
            hook();
        }
    });
}

thread_local! {
    static SIGN_IN_REQUIRED: RefCell<Option<Box<dyn Fn()>>> = RefCell::new(None);
}
