//! One component per route, named after what it shows.

pub mod connections;
pub mod drivers;
pub mod groups;
pub mod map;
pub mod not_found;
