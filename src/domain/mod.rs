//! The console's own types. Pages see only these, never vendor JSON.

pub mod charging;
pub mod common;
pub mod fleet;
pub mod geo;
pub mod groups;
pub mod matching;
pub mod places;
pub mod units;
