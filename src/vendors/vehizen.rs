//! Vehizen `api/v2/CustomerGroup` (PascalCase JSON): GET by id, POST
//! (create, `Id` null) and PUT (update, the whole DTO, id inside).
//!
//! **Raw in, raw out.** A group and each of its vehicles are kept as the
//! exact JSON text read (`VendorRecord`). An update writes that text back
//! with only the user's changes put in: the group's name, customer and
//! eco-driving profile, its membership, and the group fields of a vehicle
//! moved in from another group. No key the vendor did not send is added and
//! no value becomes `null` unless the user cleared it; fields we do not know
//! go back as they came.

use gloo_net::http::Method;
use uuid::Uuid;

use super::http::Call;
use super::tolerant::Decoded;
use super::ApiError;
use crate::config::VehizenConfig;
use crate::domain::groups::{CameraType, Group, MalfunctionLevel, VehicleRecordState, VehicleState};
use crate::wire_codes;

mod fields;
mod read;
mod save;
mod write;

pub use fields::vehicle_fields;
pub use read::decode_group;
pub use save::{decode_save, SaveOutcome};
pub use write::group_body;

pub const VENDOR: &str = "Vehizen";

// Only value 0 of each enum is published (in the XML samples).
wire_codes!(VehicleRecordState { Active = 0, "Active"; });
wire_codes!(VehicleState { Active = 0, "Active"; });
wire_codes!(MalfunctionLevel { None = 0, "Null"; });
wire_codes!(CameraType { WithoutCamera = 0, "WITHOUT_CAMERA"; });

/// Vehizen as configured: built once from `config.json`, provided to the
/// pages through context (`crate::use_vehizen`).
#[derive(Clone, Debug, PartialEq)]
pub struct Vehizen {
    /// Same-origin prefix the proxy forwards to the API root.
    base_url: String,
    timeout_ms: u32,
}

impl Vehizen {
    /// Only its own configuration, and the deadline of every call.
    pub fn new(config: &VehizenConfig, timeout_ms: u32) -> Self {
        Vehizen { base_url: config.base_url.clone(), timeout_ms }
    }

    fn collection_url(&self) -> String {
        format!("{}api/v2/CustomerGroup", self.base_url)
    }

    pub async fn fetch_group(&self, id: Uuid) -> Result<Decoded<Group>, ApiError> {
        let body = Call::read(format!("{}/{id}", self.collection_url()), self.timeout_ms).send().await?;
        decode_group(&body)
    }

    /// Creates (no id) or updates (with id) a group. Never retried: after a
    /// network failure the outcome is unknown and the caller re-reads.
    pub async fn save_group(&self, group: &Group) -> Result<SaveOutcome, ApiError> {
        let method = if group.id.is_some() { Method::PUT } else { Method::POST };
        let answer =
            Call::send_json(method, self.collection_url(), group_body(group), self.timeout_ms).send_raw().await?;
        if answer.ok() {
            return decode_save(&answer.body);
        }
        // A refusal may come as `ResponseDto` with `IsValid:false` under a 4xx.
        match decode_save(&answer.body) {
            Ok(invalid @ SaveOutcome::Invalid(_)) => Ok(invalid),
            _ => Err(answer.into_error()),
        }
    }
}

#[cfg(test)]
mod tests;
