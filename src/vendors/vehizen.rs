//! Vehizen `api/v2/CustomerGroup` (PascalCase JSON).

use serde::Deserialize;
use uuid::Uuid;

use super::http::{decode, Call};
use super::ApiError;
use crate::config::AppConfig;
use crate::domain::groups::{Group, GroupVehicle};

pub const VENDOR: &str = "Vehizen";

mod dto {
    use super::*;

    #[derive(Deserialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct CustomerGroupDto {
        pub id: Option<Uuid>,
        pub customer_id: Option<Uuid>,
        pub name: Option<String>,
        pub profil_eco_drive_id: Option<Uuid>,
        #[serde(default)]
        pub vehicles: Option<Vec<VehicleLightDto>>,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct VehicleLightDto {
        pub vehicle_id: Option<Uuid>,
        pub licence_plate: Option<String>,
        pub name: Option<String>,
        pub brand: Option<String>,
        pub model: Option<String>,
        #[serde(rename = "VIN")]
        pub vin: Option<String>,
    }
}

impl From<dto::CustomerGroupDto> for Group {
    fn from(d: dto::CustomerGroupDto) -> Self {
        Group {
            id: d.id,
            customer_id: d.customer_id,
            name: d.name.unwrap_or_default(),
            eco_profile_id: d.profil_eco_drive_id,
            vehicles: d
                .vehicles
                .unwrap_or_default()
                .into_iter()
                .map(|v| GroupVehicle {
                    id: v.vehicle_id,
                    plate: v.licence_plate.unwrap_or_default(),
                    name: v.name.unwrap_or_default(),
                    brand: v.brand.unwrap_or_default(),
                    model: v.model.unwrap_or_default(),
                    vin: v.vin.unwrap_or_default(),
                })
                .collect(),
        }
    }
}

pub fn group_url(config: &AppConfig, id: Uuid) -> String {
    format!("{}api/v2/CustomerGroup/{id}", config.vendors.vehizen.base_url)
}

pub fn decode_group(body: &str) -> Result<Group, ApiError> {
    decode::<dto::CustomerGroupDto>(body).map(Group::from)
}

pub async fn fetch_group(config: &AppConfig, id: Uuid) -> Result<Group, ApiError> {
    let body = Call::get(group_url(config, id), config.request_timeout_ms).send().await?;
    decode_group(&body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_the_get_sample_fields_we_show() {
        let body = r#"{"Id":"e55ab6e7-1056-4ab3-bd03-247f4b0efdd1","CustomerId":"1090d952-1b60-4659-9910-2b99f8aec2ac",
            "Name":"sample string 2","ProfilEcoDriveId":null,"Unknown":1,
            "Vehicles":[{"VehicleId":"97f5a8be-6361-4d52-be22-6671cd96888e","LicencePlate":"AB-123-CD","Name":"n","Brand":"b","Model":"m","VIN":"VF1"}]}"#;
        let g = decode_group(body).expect("decodes");
        assert_eq!(g.name, "sample string 2");
        assert_eq!(g.eco_profile_id, None);
        assert_eq!(g.vehicles.len(), 1);
        assert_eq!(g.vehicles[0].plate, "AB-123-CD");
        assert_eq!(g.vehicles[0].vin, "VF1");
    }
}
