//! How the domain's enums read to people, in each language (keys of
//! `locales/*/enums.json`). The domain holds what a value means, the vendor
//! modules how it is coded; only this module words it.

use crate::domain::charging::{GroupType, ReferenceType};
use crate::domain::common::Coded;
use crate::domain::groups::{CameraType, MalfunctionLevel, VehicleFact, VehicleRecordState, VehicleState};
use crate::i18n::{td_string, Locale};

pub trait Label: Copy {
    fn label(self, locale: Locale) -> &'static str;
}

impl<E: Label> Coded<E> {
    /// A known value's label; one the console does not know reads as sent
    /// ("unknown: 7").
    pub fn label(&self, locale: Locale) -> String {
        match self {
            Coded::Known(e) => e.label(locale).to_string(),
            Coded::Unknown(raw) => td_string!(locale, common.unknown, raw).to_string(),
        }
    }
}

/// `Enum { Variant => key_in_enums_json, … }`
macro_rules! labels {
    ($name:ident { $($variant:ident => $key:ident),+ $(,)? }) => {
        impl Label for $name {
            fn label(self, locale: Locale) -> &'static str {
                match self { $($name::$variant => td_string!(locale, enums.$key)),+ }
            }
        }
    };
}

labels!(VehicleRecordState { Active => active });
labels!(VehicleState { Active => active });
labels!(MalfunctionLevel { None => none });
labels!(CameraType { WithoutCamera => no_camera });
labels!(GroupType { Type0 => type_0, Type1 => type_1, Type2 => type_2, Type3 => type_3, Type4 => type_4 });
labels!(ReferenceType { Type0 => type_0, Type1 => type_1 });

/// The documented vehicle fields of a group (`vehicle.*` keys).
impl Label for VehicleFact {
    fn label(self, locale: Locale) -> &'static str {
        match self {
            VehicleFact::VehicleId => td_string!(locale, vehicle.vehicle_id),
            VehicleFact::WsId => td_string!(locale, vehicle.ws_id),
            VehicleFact::CustomerId => td_string!(locale, vehicle.customer_id),
            VehicleFact::Plate => td_string!(locale, vehicle.plate),
            VehicleFact::GovernmentId => td_string!(locale, vehicle.government_id),
            VehicleFact::Name => td_string!(locale, vehicle.name),
            VehicleFact::FullName => td_string!(locale, vehicle.full_name),
            VehicleFact::VehicleType => td_string!(locale, vehicle.vehicle_type),
            VehicleFact::Brand => td_string!(locale, vehicle.brand),
            VehicleFact::Model => td_string!(locale, vehicle.model),
            VehicleFact::Vin => td_string!(locale, vehicle.vin),
            VehicleFact::Utility => td_string!(locale, vehicle.utility),
            VehicleFact::JobActivity => td_string!(locale, vehicle.job_activity),
            VehicleFact::AgencyId => td_string!(locale, vehicle.agency_id),
            VehicleFact::AgencyName => td_string!(locale, vehicle.agency_name),
            VehicleFact::GroupId => td_string!(locale, vehicle.group_id),
            VehicleFact::GroupName => td_string!(locale, vehicle.group_name),
            VehicleFact::InServiceSince => td_string!(locale, vehicle.in_service_since),
            VehicleFact::Renting => td_string!(locale, vehicle.rented),
            VehicleFact::LeaseStart => td_string!(locale, vehicle.lease_start),
            VehicleFact::LeaseEnd => td_string!(locale, vehicle.lease_end),
            VehicleFact::LeaseStartKm => td_string!(locale, vehicle.lease_start_km),
            VehicleFact::LeaseEndKm => td_string!(locale, vehicle.lease_end_km),
            VehicleFact::ExternalInterfaceId => td_string!(locale, vehicle.external_interface_id),
            VehicleFact::ExternalInterfaces => td_string!(locale, vehicle.external_interfaces),
            VehicleFact::MobileUnitId => td_string!(locale, vehicle.mobile_unit_id),
            VehicleFact::MobileUnitName => td_string!(locale, vehicle.mobile_unit_name),
            VehicleFact::Imei => td_string!(locale, vehicle.imei),
            VehicleFact::Camera => td_string!(locale, vehicle.camera),
            VehicleFact::NoGeolocation => td_string!(locale, vehicle.no_geolocation),
            VehicleFact::CompatibleDownload => td_string!(locale, vehicle.compatible_download),
            VehicleFact::TachoSpeedLimit => td_string!(locale, vehicle.tacho_speed_limit),
            VehicleFact::State => td_string!(locale, vehicle.state),
            VehicleFact::VehicleState => td_string!(locale, vehicle.vehicle_state),
            VehicleFact::Active => td_string!(locale, vehicle.active),
            VehicleFact::Malfunction => td_string!(locale, vehicle.malfunction),
            VehicleFact::MalfunctionChangedAt => td_string!(locale, vehicle.malfunction_changed),
            VehicleFact::MalfunctionHistory => td_string!(locale, vehicle.malfunction_history),
            VehicleFact::MaintenanceDue => td_string!(locale, vehicle.maintenance_due),
            VehicleFact::MileageKm => td_string!(locale, vehicle.mileage_km),
            VehicleFact::MileageReportedAt => td_string!(locale, vehicle.mileage_reported),
            VehicleFact::MileageAtAssignmentKm => td_string!(locale, vehicle.mileage_at_assignment),
            VehicleFact::FuelName => td_string!(locale, vehicle.fuel),
            VehicleFact::FuelTypeId => td_string!(locale, vehicle.fuel_type_id),
            VehicleFact::FuelTypeIdSynthesis => td_string!(locale, vehicle.fuel_type_id_synthesis),
            VehicleFact::FuelTypeConflict => td_string!(locale, vehicle.fuel_type_conflict),
            VehicleFact::TheoreticalConsumption => td_string!(locale, vehicle.theoretical_consumption),
            VehicleFact::TankVolume => td_string!(locale, vehicle.tank_volume),
            VehicleFact::Tolerance => td_string!(locale, vehicle.tolerance),
            VehicleFact::TotalFuelUsed => td_string!(locale, vehicle.total_fuel_used),
            VehicleFact::CanFuelReportAt => td_string!(locale, vehicle.can_fuel_report),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values_are_worded_and_unknown_ones_quoted() {
        let unknown: Coded<CameraType> = Coded::Unknown("7".into());
        assert_eq!(
            Coded::Known(CameraType::WithoutCamera).label(Locale::en),
            CameraType::WithoutCamera.label(Locale::en)
        );
        assert_ne!(CameraType::WithoutCamera.label(Locale::en), CameraType::WithoutCamera.label(Locale::fr));
        assert!(unknown.label(Locale::en).contains('7'), "{}", unknown.label(Locale::en));
    }
}
