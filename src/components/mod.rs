//! Reusable UI pieces, one per file.

pub mod error_panel;
pub mod nav;
pub mod ocean_login;
