//! The fast path's charger DTOs: charger groups, chargers and what a
//! charger holds (location, configuration, sockets).

use serde::Deserialize;

use crate::domain::charging::*;
use crate::domain::common::{Coded, Timestamp};
use crate::vendors::strict::{coded, domain_list, object, properties, strings, time, whole, IntoDomain};

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct ChargerGroupDto {
    #[serde(deserialize_with = "whole")]
    id: Option<i64>,
    group_name: Option<String>,
    #[serde(deserialize_with = "coded")]
    group_type: Option<Coded<GroupType>>,
    external_id: Option<String>,
    #[serde(deserialize_with = "whole")]
    online_socket: Option<i64>,
    #[serde(deserialize_with = "whole")]
    offline_socket: Option<i64>,
    #[serde(deserialize_with = "whole")]
    error_socket: Option<i64>,
    #[serde(deserialize_with = "domain_list::<_, ChargerGroupDto>")]
    subgroups: Vec<ChargerGroup>,
    #[serde(deserialize_with = "domain_list::<_, ChargerDto>")]
    chargers: Vec<Charger>,
    #[serde(deserialize_with = "whole")]
    payer_id: Option<i64>,
    cost_id: Option<String>,
    cost_name: Option<String>,
    #[serde(deserialize_with = "whole")]
    payment_recipient_id: Option<i64>,
}

impl IntoDomain for ChargerGroupDto {
    type Domain = ChargerGroup;
    fn into_domain(self) -> Option<ChargerGroup> {
        Some(ChargerGroup {
            id: self.id,
            name: self.group_name.unwrap_or_default(),
            group_type: self.group_type,
            external_id: self.external_id,
            online_sockets: self.online_socket,
            offline_sockets: self.offline_socket,
            error_sockets: self.error_socket,
            subgroups: self.subgroups,
            chargers: self.chargers,
            payer_id: self.payer_id,
            cost_id: self.cost_id,
            cost_name: self.cost_name,
            payment_recipient_id: self.payment_recipient_id,
        })
    }
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct ChargerDto {
    #[serde(deserialize_with = "whole")]
    id: Option<i64>,
    charger_id: Option<String>,
    charger_name: Option<String>,
    #[serde(deserialize_with = "whole")]
    group_id: Option<i64>,
    group_name: Option<String>,
    public_group_name: Option<String>,
    manufacturer: Option<String>,
    charger_model: Option<String>,
    serial_number: Option<String>,
    firmware_version: Option<String>,
    charger_status: Option<String>,
    active_connection: Option<bool>,
    #[serde(deserialize_with = "time")]
    last_seen: Option<Timestamp>,
    last_message: Option<String>,
    #[serde(deserialize_with = "object")]
    location_info: Option<LocationDto>,
    push_integration_enabled: Option<bool>,
    charger_specific_message_structure: Option<bool>,
    #[serde(deserialize_with = "domain_list::<_, ConfigurationDto>")]
    charger_configurations: Vec<ChargerConfiguration>,
    #[serde(deserialize_with = "domain_list::<_, SocketDto>")]
    sockets: Vec<Socket>,
    evse_id: Option<String>,
    split_evse_by_socket: Option<bool>,
    #[serde(deserialize_with = "strings")]
    capabilities: Vec<String>,
    physical_reference: Option<String>,
    #[serde(deserialize_with = "strings")]
    integration_relays: Vec<String>,
    iccid: Option<String>,
    imsi: Option<String>,
    meter_serial_number: Option<String>,
    meter_type: Option<String>,
    #[serde(deserialize_with = "properties")]
    custom_properties: Vec<(String, String)>,
    #[serde(deserialize_with = "whole")]
    amount_of_sockets: Option<i64>,
}

impl IntoDomain for ChargerDto {
    type Domain = Charger;
    fn into_domain(self) -> Option<Charger> {
        Some(Charger {
            id: self.id,
            charger_id: self.charger_id?,
            name: self.charger_name,
            group_id: self.group_id,
            group_name: self.group_name,
            public_group_name: self.public_group_name,
            manufacturer: self.manufacturer,
            model: self.charger_model,
            serial_number: self.serial_number,
            firmware: self.firmware_version,
            status: self.charger_status,
            active_connection: self.active_connection,
            last_seen: self.last_seen,
            last_message: self.last_message,
            location: self.location_info.and_then(LocationDto::into_domain),
            push_integration: self.push_integration_enabled,
            specific_message_structure: self.charger_specific_message_structure,
            configurations: self.charger_configurations,
            sockets: self.sockets,
            evse_id: self.evse_id,
            split_evse_by_socket: self.split_evse_by_socket,
            capabilities: self.capabilities,
            physical_reference: self.physical_reference,
            integration_relays: self.integration_relays,
            iccid: self.iccid,
            imsi: self.imsi,
            meter_serial_number: self.meter_serial_number,
            meter_type: self.meter_type,
            custom_properties: self.custom_properties,
            amount_of_sockets: self.amount_of_sockets,
        })
    }
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct LocationDto {
    latitude: Option<f64>,
    longitude: Option<f64>,
    street_address: Option<String>,
    street_number: Option<String>,
    house_letter: Option<String>,
    postal_number: Option<String>,
    city: Option<String>,
    area: Option<String>,
    country: Option<String>,
}

impl IntoDomain for LocationDto {
    type Domain = Location;
    fn into_domain(self) -> Option<Location> {
        Some(Location {
            latitude: self.latitude,
            longitude: self.longitude,
            street_address: self.street_address,
            street_number: self.street_number,
            house_letter: self.house_letter,
            postal_number: self.postal_number,
            city: self.city,
            area: self.area,
            country: self.country,
        })
    }
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct ConfigurationDto {
    config_name: Option<String>,
    config_value: Option<String>,
    can_be_changed: Option<bool>,
}

impl IntoDomain for ConfigurationDto {
    type Domain = ChargerConfiguration;
    fn into_domain(self) -> Option<ChargerConfiguration> {
        Some(ChargerConfiguration {
            name: self.config_name?,
            value: self.config_value,
            can_be_changed: self.can_be_changed,
        })
    }
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct SocketDto {
    #[serde(deserialize_with = "whole")]
    id: Option<i64>,
    name: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    status: Option<String>,
    max_power: Option<String>,
    #[serde(deserialize_with = "whole")]
    max_watts: Option<i64>,
    #[serde(deserialize_with = "whole")]
    max_voltage: Option<i64>,
    #[serde(deserialize_with = "whole")]
    max_amperage: Option<i64>,
    socket_power_type: Option<String>,
    format: Option<String>,
    phase_rotation: Option<String>,
    #[serde(deserialize_with = "whole")]
    device_evse_id: Option<i64>,
    #[serde(deserialize_with = "whole")]
    device_connector_id: Option<i64>,
    #[serde(deserialize_with = "whole")]
    charging_station_evse_id: Option<i64>,
    terms_and_conditions: Option<String>,
    #[serde(deserialize_with = "time")]
    last_updated: Option<Timestamp>,
}

impl IntoDomain for SocketDto {
    type Domain = Socket;
    fn into_domain(self) -> Option<Socket> {
        Some(Socket {
            id: self.id,
            name: self.name,
            kind: self.kind,
            status: self.status,
            max_power: self.max_power,
            max_watts: self.max_watts,
            max_voltage: self.max_voltage,
            max_amperage: self.max_amperage,
            power_type: self.socket_power_type,
            format: self.format,
            phase_rotation: self.phase_rotation,
            device_evse_id: self.device_evse_id,
            device_connector_id: self.device_connector_id,
            charging_station_evse_id: self.charging_station_evse_id,
            terms_and_conditions: self.terms_and_conditions,
            last_updated: self.last_updated,
        })
    }
}
