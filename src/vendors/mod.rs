//! Everything that knows a vendor: URLs, request bodies, JSON shapes (DTOs)
//! and their conversion into `crate::domain` types. **Nothing outside this
//! module sees vendor JSON.**

pub mod codes;
pub mod emabler;
pub mod error;
pub mod geocoder;
pub mod http;
pub mod list_stream;
pub mod ocean;
pub mod raw;
pub mod retry;
pub mod rfc3339;
pub mod strict;
pub mod tolerant;
pub mod vehizen;

pub use error::{ApiError, Missing};
