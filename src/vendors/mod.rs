//! Everything that knows a vendor: URLs, request bodies, JSON shapes (DTOs)
//! and their conversion into `crate::domain` types. **Nothing outside this
//! module sees vendor JSON.**

// The clients, and what pages and the app shell use of the HTTP path.
pub mod emabler;
pub mod geocoder;
pub mod http;
pub mod ocean;
pub mod vehizen;

// The readers and writers behind the clients: private to this layer.
mod codes;
mod error;
mod interned;
mod list_stream;
mod raw;
mod retry;
mod rfc3339;
mod strict;
mod tolerant;

pub use error::{ApiError, Missing};
