//! The answer to a create or an update (`ResponseDto`).

use uuid::Uuid;

use crate::vendors::tolerant::{decode_object, FromJson, Obj};
use crate::vendors::ApiError;

/// `ResponseDto` of POST and PUT: `Data` is the group when the vendor sends it.
struct ResponseDto {
    is_valid: Option<bool>,
    errors: Vec<String>,
    group_id: Option<Uuid>,
}

struct DataId(Option<Uuid>);

impl FromJson for DataId {
    fn from_json(o: &mut Obj<'_, '_>) -> Result<Self, String> {
        Ok(DataId(o.uuid("Id")))
    }
}

impl FromJson for ResponseDto {
    fn from_json(o: &mut Obj<'_, '_>) -> Result<Self, String> {
        Ok(ResponseDto {
            is_valid: o.bool("IsValid"),
            errors: o.strings("Errors"),
            group_id: o.object::<DataId>("Data").and_then(|d| d.0),
        })
    }
}

/// What a create or update answered.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveOutcome {
    /// `IsValid: true`, with the group's id when the vendor sent the group.
    Saved { id: Option<Uuid> },
    /// `IsValid: false`: the vendor's own sentences, each naming its field
    /// (none when the vendor gave no reason).
    Invalid(Vec<String>),
}

pub fn decode_save(body: &str) -> Result<SaveOutcome, ApiError> {
    let dto = decode_object::<ResponseDto>(body)?.value;
    match dto.is_valid {
        Some(true) => Ok(SaveOutcome::Saved { id: dto.group_id }),
        Some(false) => Ok(SaveOutcome::Invalid(dto.errors)),
        None => Err(ApiError::Decode { path: "$.IsValid".into(), reason: "missing".into() }),
    }
}
