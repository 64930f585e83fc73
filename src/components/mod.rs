//! Reusable UI pieces, one per file.

pub mod decode_notice;
pub mod error_panel;
pub mod facts;
pub mod help;
pub mod language_switch;
pub mod loaded;
pub mod nav;
pub mod not_found;
pub mod ocean_login;
pub mod retry_alert;
pub mod session_banner;
pub mod signed_in;
pub mod text_field;
pub mod theme_switch;
pub mod toasts;
pub mod unsaved_guard;
